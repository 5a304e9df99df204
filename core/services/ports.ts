// Interfaces the core services call. prisma/repository.ts implements them; tests may fake them.
import type { InviteRecord } from "../invites/codes.ts";
import type { Instrument } from "../instruments/schema.ts";
import type { MembershipView, Role } from "../roles.ts";
import type { Answers } from "../survey/runner.ts";

export const CHANNELS = ["telegram", "max"] as const;
export type Channel = (typeof CHANNELS)[number];

/** A messenger account as the channel reports it. */
export interface AccountRef {
  channel: Channel;
  externalId: string;
  chatId?: string;
  username?: string;
  firstName?: string;
}

export interface MembershipDetail extends MembershipView {
  id: string;
  districtName: string;
  /** The district's IANA time zone: dates in messages are the district's, not the server's. */
  districtTimezone: string;
  schoolName: string | null;
}

export interface PersonView {
  id: string;
  displayName: string | null;
  consentAt: Date | null;
  memberships: MembershipDetail[];
}

/** Where a notice goes: the account the person used last. */
export interface DeliveryAddress {
  channel: Channel;
  chatId: string;
}

export interface OutboxMessage {
  dedupeKey: string;
  personId: string;
  channel: Channel;
  chatId: string;
  text: string;
  /** A Mini App start parameter ("school-<id>"): the message goes with a button that opens the app there. */
  appStart?: string | null;
  /**
   * Inline action buttons (#14), rows of {text, data}; `data` is owned by a journey (its prefix, e.g.
   * "rc:ack:<id>"), so a press is handled like any button of the bot. Kept in the row's payload.
   */
  buttons?: ReadonlyArray<ReadonlyArray<{ text: string; data: string }>> | null;
  /** The district broadcast this message delivers (#14): its delivery report groups by it. */
  broadcastId?: string | null;
  /** A file sent with the text (#14), by its key in the file store (core/services/file-store-ports.ts). */
  file?: { key: string; name: string; mimeType: string } | null;
}

/** A teacher's standing in a campaign, per school membership; no name (completion figures only). */
export interface TeacherStatus {
  personId: string;
  schoolId: string;
  /** Used their invite: has a messenger account. */
  joined: boolean;
  completed: boolean;
}

export interface UnfinishedTeacher {
  personId: string;
  answered: number;
  joined: boolean;
  consented: boolean;
  account: DeliveryAddress | null;
}

export interface Clock {
  now(): Date;
}

export interface CampaignRecord {
  id: string;
  districtId: string;
  title: string;
  opensAt: Date;
  closesAt: Date;
  instrument: Instrument;
}

export interface ResponseRecord {
  id: string;
  campaignId: string;
  personId: string;
  cursor: string | null;
  completedAt: Date | null;
  answers: Map<string, number>;
}

/** A released aggregate as stored (core/release). */
export interface StoredRelease {
  seq: number;
  respondents: number;
  figures: unknown;
  releasedAt: Date;
}

export interface SchoolRecord {
  id: string;
  districtId: string;
  name: string;
  code: string | null;
}

export interface Repository {
  findPersonByAccount(channel: Channel, externalId: string): Promise<PersonView | null>;
  getPerson(personId: string): Promise<PersonView | null>;
  /** Updates chat id, names and last-seen time of a known account. */
  touchAccount(account: AccountRef, at: Date): Promise<void>;

  findInviteByCode(code: string): Promise<InviteRecord | null>;
  /**
   * Atomically: counts one use of the invite unless this account's person already redeemed it,
   * creating the person, account and membership as needed. "used_up" when a concurrent use took the
   * last place.
   */
  redeemInvite(
    invite: InviteRecord,
    account: AccountRef,
    at: Date,
  ): Promise<{ personId: string; repeated: boolean } | "used_up" | "other_person" | "membership_ended">;
  createInvite(input: {
    code: string;
    role: Role;
    districtId: string;
    schoolId: string | null;
    maxUses: number;
    expiresAt: Date;
    createdById: string | null;
    personId?: string | null;
  }): Promise<InviteRecord>;
  recordConsent(personId: string, version: string, at: Date): Promise<void>;
  createLinkCode(input: { code: string; personId: string; expiresAt: Date }): Promise<void>;
  /**
   * Atomically uses a link code for `account`: adds the account to the code's person. "other_person"
   * when the account already belongs to someone else; "invalid" when the code is unknown, used or expired.
   */
  redeemLinkCode(code: string, account: AccountRef, at: Date): Promise<{ kind: "linked" | "already"; personId: string } | { kind: "other_person" | "invalid" }>;
  /** Deletes the person with accounts, memberships, answers, queued notices and chat state (152-ФЗ). */
  deletePerson(personId: string): Promise<void>;

  getSchool(schoolId: string): Promise<SchoolRecord | null>;
  listSchools(districtIds: readonly string[]): Promise<SchoolRecord[]>;

  /** The newest campaign of the instrument in the district that is open at `at`. */
  findOpenCampaign(districtId: string, instrumentKey: string, at: Date): Promise<CampaignRecord | null>;
  /** The newest campaign of the instrument in the district that has opened by `at`. */
  findLatestCampaign(districtId: string, instrumentKey: string, at: Date): Promise<CampaignRecord | null>;
  getResponse(campaignId: string, personId: string): Promise<ResponseRecord | null>;
  /** findOpenCampaign and getResponse in one query: the read of an answer turn. */
  findOpenCampaignWithResponse(
    districtId: string,
    instrumentKey: string,
    personId: string,
    at: Date,
  ): Promise<{ campaign: CampaignRecord; response: ResponseRecord | null } | null>;
  /** Saves one answer and the new cursor/completion in one statement; creates the response if needed. */
  saveAnswer(input: {
    campaignId: string;
    personId: string;
    questionId: string;
    value: number;
    cursor: string | null;
    completedAt: Date | null;
    at: Date;
  }): Promise<void>;
  setCursor(campaignId: string, personId: string, cursor: string | null): Promise<void>;
  /** Open campaigns of the instrument in every district, with the district's time zone. */
  openCampaigns(instrumentKey: string, at: Date): Promise<Array<CampaignRecord & { timezone: string }>>;
  // ---- district: completion and reminders (core/services/completion.ts, reminders.ts) ----
  /**
   * Active teachers of the campaign's district (of one school when given) whose response is not
   * complete, each person once: whether they joined (have an account) and consented, and the
   * address a reminder can reach (null: no chat yet, or the person blocked the bot).
   */
  unfinishedTeachers(campaignId: string, schoolId?: string): Promise<UnfinishedTeacher[]>;
  /** One row per active teacher membership with a school in the district: joined? completed the campaign? */
  teacherStatuses(campaignId: string, districtId: string): Promise<TeacherStatus[]>;
  // ---- end district ----
  /** Adds messages to the send queue; a message whose dedupeKey exists is skipped. Returns how many were added. */
  enqueue(messages: OutboxMessage[]): Promise<number>;
  /** Answers of complete responses of people who teach (active membership) in the school. */
  completedTeacherAnswers(campaignId: string, schoolId: string): Promise<Answers[]>;
  // ---- release rules (core/services/aggregates.ts) ----
  /**
   * Complete responses of the campaign with the schools they count for (their authors' teacher
   * schools when they completed) and their answers.
   */
  attributedResponses(campaignId: string): Promise<Array<{ responseId: string; schoolIds: string[]; answers: Answers }>>;
  /** Active teacher memberships per school of the district (schools without any are absent). */
  teacherCounts(districtId: string): Promise<Map<string, number>>;
  latestRelease(campaignId: string, scopeKey: string): Promise<StoredRelease | null>;
  /** Inserts a release; false when another reader stored the same seq first. */
  saveRelease(campaignId: string, scopeKey: string, release: StoredRelease): Promise<boolean>;
  // ---- end release rules ----
  // ---- registry: the operator for the consent text, once-only buttons, the person's own data ----
  /** The district's operator details, or null until the district has entered them. */
  getOperator(districtId: string): Promise<OperatorDetails | null>;
  setOperator(districtId: string, details: OperatorDetails, at: Date): Promise<void>;
  /** True the first time `key` is claimed (a button with a side effect), false for every later press. */
  claimOnce(key: string, at: Date): Promise<boolean>;
  /** Everything stored about the person (/mydata), or null when there is no such person. */
  personExport(personId: string): Promise<PersonExport | null>;
  // ---- end registry ----
}

/** The operator of personal data as the consent text names it (152-ФЗ ст. 9 ч. 4). */
export interface OperatorDetails {
  /** Полное наименование оператора. */
  name: string;
  address: string;
  purpose: string;
  data: string;
  actions: string;
  term: string;
  withdrawal: string;
}

/** What the product holds about one person, as they download it. */
export interface PersonExport {
  person: { id: string; displayName: string | null; createdAt: Date; consentAt: Date | null; consentVersion: string | null };
  accounts: Array<{ channel: string; externalId: string; username: string | null; firstName: string | null; createdAt: Date; lastSeenAt: Date }>;
  memberships: Array<{ role: string; district: string; school: string | null; active: boolean; createdAt: Date; endedAt: Date | null }>;
  invitesUsed: Array<{ role: string; district: string; school: string | null; usedAt: Date }>;
  responses: Array<{
    campaign: string;
    startedAt: Date;
    completedAt: Date | null;
    /** `value`: the scale value or option (kind int), the picks (ints), the number, the text; null for unsure and skipped. */
    answers: Array<{ questionId: string; question: string | null; kind: string; value: number | number[] | string | null; answeredAt: Date }>;
  }>;
  /** What the teacher told about themself to target the help (#13), or null. */
  attributes: { serviceYears: number | null; category: string | null; young: boolean | null; newlyArrived: boolean | null; updatedAt: Date } | null;
  /** The person's routes (ИОМ) with every item, its mark and certificate (the file as base64). */
  routes: Array<{
    year: number;
    createdAt: Date;
    items: Array<{
      kind: string;
      title: string;
      doneAt: Date | null;
      certificateUrl: string | null;
      certificateName: string | null;
      certificateBase64: string | null;
    }>;
  }>;
}
