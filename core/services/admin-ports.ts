// The repository port of the admin use cases (core/services/{districts,invites,members,campaigns,
// staff-import,instruments}.ts); prisma/admin.ts implements it. Plain data in and out.
import type { InviteRecord } from "../invites/codes.ts";
import type { Instrument } from "../instruments/schema.ts";
import type { Role } from "../roles.ts";

export interface DistrictRef {
  id: string;
  name: string;
  timezone: string;
}

export interface SchoolBrief {
  id: string;
  name: string;
  code: string | null;
}

export interface InviteRow extends InviteRecord {
  schoolName: string | null;
  /** The person a personal invite of the bulk import is for. */
  personName: string | null;
  createdAt: Date;
}

/** A person registered in advance who has not connected yet, with their invites still in date. */
export interface UnjoinedStaff {
  personId: string;
  name: string | null;
  role: Role;
  invites: Array<InviteRecord & { schoolName: string | null }>;
}

export interface MemberRow {
  membershipId: string;
  personId: string;
  districtId: string;
  name: string | null;
  role: string;
  school: string | null;
  active: boolean;
  consent: boolean;
  channels: string[];
}

export interface MembershipRow {
  id: string;
  personId: string;
  personName: string | null;
  role: Role;
  active: boolean;
  endedAt: Date | null;
  district: DistrictRef;
  school: SchoolBrief | null;
}

export interface CampaignRow {
  id: string;
  districtId: string;
  title: string;
  opensAt: Date;
  closesAt: Date;
  instrumentVersion: number;
  /** #13: the instrument's key and title, who is asked, the reminder cadence, closing, a baseline. */
  instrumentKey: string;
  instrumentTitle: string;
  /** Campaign.audience as stored (null before #13: the district's teachers); core/services/campaign-audience.ts parses it. */
  audience: unknown;
  remindEveryDays: number;
  closedAt: Date | null;
  baseline: boolean;
}

/** An open campaign the hourly job looks at (invitations and reminders), with its district's time zone. */
export interface CampaignToNotify {
  id: string;
  districtId: string;
  title: string;
  opensAt: Date;
  closesAt: Date;
  timezone: string;
  instrumentKey: string;
  /** Questions of the instrument (a reminder says how far the person got). */
  questions: number;
  audience: unknown;
  remindEveryDays: number;
}

/**
 * A member asked by a campaign (an active membership of an asked role, in an asked school), each
 * person once with every school they are asked in. No name: figures and delivery only.
 */
export interface AudienceMember {
  personId: string;
  schoolIds: string[];
  /** Has a messenger account (used their invite). */
  joined: boolean;
  consented: boolean;
  /** Where a message reaches them (the last-seen account with a chat, not blocked), or null. */
  account: { channel: "telegram" | "max"; chatId: string } | null;
  completed: boolean;
  /** Answers given so far. */
  answered: number;
}

/** Class codes of a campaign per school (created by the anonymous-respondents use cases): issued and used. */
export interface ClassCodeCount {
  schoolId: string;
  audience: string;
  issued: number;
  used: number;
}

export interface InstrumentRow {
  id: string;
  key: string;
  version: number;
  title: string;
  status: string;
  definition: unknown;
  createdAt: Date;
  /** The shared built-in version, not a district's own. */
  builtIn: boolean;
  /** Campaigns run on it (the district's, when a district is given). */
  campaigns: number;
}

/** What a district already holds, for planning an import: its schools and every membership in it. */
export interface DistrictSnapshot {
  schools: Array<{ id: string; code: string | null; name: string }>;
  memberships: Array<{ personId: string; personName: string | null; role: string; schoolId: string | null; active: boolean }>;
}

/** The rows a checked import writes (ids made by the planner, so rows go in with one insert per table). */
export interface ImportWrite {
  districtId: string;
  at: Date;
  newSchools: Array<{ id: string; code: string; name: string }>;
  updatedSchools: Array<{ id: string; code: string; name: string }>;
  people: Array<{ id: string; name: string }>;
  memberships: Array<{ personId: string; role: Role; schoolId: string }>;
  invites: Array<{ code: string; role: Role; schoolId: string; personId: string; maxUses: number; expiresAt: Date }>;
}

export interface AdminRepository {
  /** By id (one), else by exact name (at most two, enough to see an ambiguity). */
  findDistricts(idOrName: string): Promise<DistrictRef[]>;
  /** Also stores the built-in instrument, so the district can open a campaign at once. */
  createDistrict(input: { name: string; timezone: string }): Promise<DistrictRef>;
  listDistricts(): Promise<Array<DistrictRef & { schools: number; activeMembers: number }>>;

  findSchool(districtId: string, idOrCode: string): Promise<SchoolBrief | null>;
  /** The school with this id when it belongs to another district. */
  schoolOutside(schoolId: string, districtId: string): Promise<{ name: string; districtName: string } | null>;
  createSchool(input: { districtId: string; name: string; code: string | null }): Promise<SchoolBrief>;
  listSchools(districtId: string): Promise<Array<SchoolBrief & { teachers: number; heads: number }>>;

  listInvites(districtId: string, schoolId?: string): Promise<InviteRow[]>;
  revokeInvite(inviteId: string, at: Date): Promise<void>;
  /** Active head/teacher/mentor memberships of the school whose person has no messenger account yet. */
  unjoinedStaff(schoolId: string, districtId: string, now: Date): Promise<UnjoinedStaff[]>;

  listMembers(filter: { districtId?: string; schoolId?: string; role?: string; personId?: string }): Promise<MemberRow[]>;
  personBrief(personId: string): Promise<{ id: string; displayName: string | null; memberships: Array<{ districtId: string; active: boolean }> } | null>;
  getMembership(membershipId: string): Promise<MembershipRow | null>;
  /** Ends it and revokes the person's unused personal invites of that school and role, in one transaction. */
  deactivateMembership(membership: MembershipRow, at: Date): Promise<{ endedAt: Date; invitesRevoked: number }>;
  /** Ends it, starts one in the target school (unless present) and moves unused personal invites along. */
  moveMembership(membership: MembershipRow, targetSchoolId: string, at: Date): Promise<{ membershipId: string; alreadyThere: boolean; invitesMoved: number }>;
  /** An active membership in the school and role, made unless present. */
  addMembership(input: { personId: string; role: Role; districtId: string; schoolId: string; at: Date }): Promise<{ membershipId: string; alreadyMember: boolean }>;

  /** Active teachers with a school, each person once. */
  countActiveTeachers(districtId: string): Promise<number>;
  listCampaigns(districtId: string): Promise<CampaignRow[]>;
  getCampaign(campaignId: string): Promise<CampaignRow | null>;
  overlappingCampaigns(districtId: string, instrumentKey: string, opensAt: Date, closesAt: Date): Promise<Array<{ id: string; title: string }>>;
  createCampaign(input: {
    districtId: string;
    title: string;
    opensAt: Date;
    closesAt: Date;
    instrumentId: string;
    /** CampaignAudience (campaign-audience.ts); absent: null, the district's teachers (as before #13). */
    audience?: unknown;
    remindEveryDays?: number;
  }): Promise<CampaignRow>;
  /** Ends the window at `closesAt`; with `closedAt` the campaign is closed from a surface (no answer after it). */
  setCampaignCloses(campaignId: string, closesAt: Date, closedAt?: Date): Promise<void>;
  /** Campaigns open at `at` in every district (not baselines, not closed), for invitations and reminders. */
  campaignsToNotify(at: Date): Promise<CampaignToNotify[]>;
  /**
   * Members of the district with an active membership of one of `roles` (in `schoolIds`, or in any
   * school when null), each person once, with their standing in the campaign.
   */
  audienceMembers(campaignId: string, districtId: string, roles: readonly string[], schoolIds: readonly string[] | null): Promise<AudienceMember[]>;
  /** Class codes of the campaign per school and audience. */
  classCodeCounts(campaignId: string): Promise<ClassCodeCount[]>;

  /**
   * Stores a version once (versions are immutable); `scope` "" is built-in, else the district's own.
   * Without an instrument: the teacher diagnostic's built-in version 1.
   */
  ensureInstrument(instrument?: Instrument, scope?: string): Promise<string>;
  /** Versions a district sees (built-in and its own), newest first; without a district only built-in ones. */
  listInstruments(key: string | undefined, districtId?: string): Promise<InstrumentRow[]>;
  /** See prisma/admin.ts pickInstrument: the version a new campaign runs. */
  pickInstrument(key: string, districtId: string, version?: number): Promise<InstrumentRow | null>;

  /**
   * Runs `work` over the district's snapshot. With `transaction`, the reads and the write share one
   * transaction, so what was checked is what is written; `write` is only usable then.
   */
  withDistrictSnapshot<T>(
    districtId: string,
    transaction: boolean,
    work: (snapshot: DistrictSnapshot, write: (rows: ImportWrite) => Promise<void>) => Promise<T>,
  ): Promise<T>;
}
