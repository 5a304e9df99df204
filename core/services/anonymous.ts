// Anonymous respondents (#13): a parents' or students' campaign reaches a school through its link
// (`/start q-<token>` in both bots, /s/<token> on the plain web page) and a sheet of single-use class
// codes. The database keeps only each code's sha256 and whether it was used; a chat or a browser
// answering with a code is an AnonymousSession (a hash of the account, never a Person), deleted when
// the response completes (H1's store does it in the completing transaction). The answers themselves
// go through core/services/survey.ts with `who = { kind: "code", classCodeId, schoolId }`.
import { canManageDistrict, isDistrictStaff } from "../access/permissions.ts";
import { DomainError } from "../errors.ts";
import { ANONYMOUS_RESPONDENTS, respondentOf } from "../instruments/schema.ts";
import { CODE_ALPHABET } from "../invites/codes.ts";
import { anonymousText } from "../messages/anonymous.ts";
import type { MembershipView } from "../roles.ts";
import type { AnonymousAudience, ClassCodeRecord, SurveyLinkRecord } from "./anonymous-ports.ts";
import { schoolInAudience } from "./campaign-audience.ts";
import type { Channel, Clock, PersonView, Repository } from "./ports.ts";
import { campaignOpenAt, type SurveyCampaign } from "./survey-ports.ts";
import type { SurveysContext } from "./surveys-context.ts";

export interface AnonymousDeps {
  surveys: Pick<SurveysContext, "store" | "anonymous">;
  repo: Pick<Repository, "getSchool">;
  clock: Clock;
  randomBytes: (size: number) => Uint8Array;
}

// ---- codes and tokens ----

/** Class codes: 8 characters of the invite alphabet (no 0/O, 1/I/L), printed as two groups of four. */
export const CLASS_CODE_LENGTH = 8;
/** Link tokens: 16 characters, lower case and digits (80 bits), fit Telegram's and MAX's start payloads. */
const TOKEN_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";
export const LINK_TOKEN_LENGTH = 16;
export const START_PREFIX = "q-";
/** A chat asked for its code forgets the link after a day. */
const LINK_SESSION_MS = 24 * 3600 * 1000;

function randomString(randomBytes: (size: number) => Uint8Array, alphabet: string, length: number): string {
  let out = "";
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      // Rejection sampling keeps the distribution uniform.
      if (out.length < length && byte < 256 - (256 % alphabet.length)) out += alphabet[byte % alphabet.length];
    }
  }
  return out;
}

export const makeClassCode = (randomBytes: (size: number) => Uint8Array) => randomString(randomBytes, CODE_ALPHABET, CLASS_CODE_LENGTH);
export const makeLinkToken = (randomBytes: (size: number) => Uint8Array) => randomString(randomBytes, TOKEN_ALPHABET, LINK_TOKEN_LENGTH);
export const isLinkToken = (value: string) => new RegExp(`^[${TOKEN_ALPHABET}]{10,40}$`).test(value);

/** "KM7PQ2XA" → "KM7P-Q2XA", as printed. */
export const formatClassCode = (code: string) => `${code.slice(0, 4)}-${code.slice(4)}`;

/** Cyrillic letters that look like Latin ones, as a phone keyboard in Russian types them. */
const LOOKALIKES: Record<string, string> = { А: "A", В: "B", Е: "E", К: "K", М: "M", Н: "H", Р: "P", С: "C", Т: "T", Х: "X", У: "Y" };

/** What a person may type (any case, spaces, dashes, Cyrillic look-alikes) as the code, or null. */
export function normalizeClassCode(input: string): string | null {
  const code = [...input.trim().toUpperCase().replace(/[\s\-–—_.]/g, "")].map((char) => LOOKALIKES[char] ?? char).join("");
  if (code.length !== CLASS_CODE_LENGTH) return null;
  return [...code].every((char) => CODE_ALPHABET.includes(char)) ? code : null;
}

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** The stored form of a class code: sha256 of the normalised code. */
export const hashClassCode = (normalized: string) => sha256Hex(`class-code:${normalized}`);

/** An AnonymousSession key: sha256 of "<channel>:<externalId>" (the web page: "web:<random cookie>"). */
export const accountKey = (channel: Channel | "web", externalId: string) => sha256Hex(`${channel}:${externalId}`);

// ---- who may issue links and codes ----

/** The campaign's anonymous audience (parents or students), or null for a staff instrument. */
export function anonymousAudienceOf(campaign: SurveyCampaign): AnonymousAudience | null {
  const respondent = respondentOf(campaign.instrument);
  return ANONYMOUS_RESPONDENTS.includes(respondent) ? (respondent as AnonymousAudience) : null;
}

/** The district's staff for every school of the district; a head for their own school. */
export const canIssueFor = (memberships: readonly MembershipView[], districtId: string, schoolId: string) =>
  canManageDistrict(memberships, districtId) ||
  memberships.some((membership) => membership.active && membership.role === "head" && membership.districtId === districtId && membership.schoolId === schoolId);

/** A refusal the staff read in Russian (a bad class label, a school outside the campaign). */
export class AnonymousInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AnonymousInputError";
  }
}

interface Target {
  campaign: SurveyCampaign;
  audience: AnonymousAudience;
  school: { id: string; name: string };
}

async function target(deps: AnonymousDeps, person: PersonView, campaignId: string, schoolId: string): Promise<Target> {
  const campaign = await deps.surveys.store.getCampaign(campaignId);
  if (!campaign) throw new DomainError("not_found", { campaignId });
  const school = await deps.repo.getSchool(schoolId);
  if (!school || school.districtId !== campaign.districtId) throw new DomainError("not_found", { schoolId });
  if (!canIssueFor(person.memberships, campaign.districtId, schoolId)) {
    throw new DomainError("forbidden", { action: "anonymousLinks", personId: person.id, campaignId, schoolId });
  }
  const audience = anonymousAudienceOf(campaign);
  if (!audience) throw new AnonymousInputError(anonymousText.staff.notAnonymous);
  if (!schoolInAudience(campaign.audience, schoolId)) throw new AnonymousInputError(anonymousText.staff.schoolNotAsked);
  return { campaign, audience, school: { id: school.id, name: school.name } };
}

/** The school's link for the campaign, made on first request (one per school, campaign and audience). */
export async function schoolLink(deps: AnonymousDeps, person: PersonView, campaignId: string, schoolId: string) {
  const { campaign, audience, school } = await target(deps, person, campaignId, schoolId);
  const link =
    (await deps.surveys.anonymous.findLinkFor(campaignId, schoolId, audience)) ??
    (await deps.surveys.anonymous.createLink({ token: makeLinkToken(deps.randomBytes), campaignId, schoolId, audience }, deps.clock.now()));
  return { campaign, school, link };
}

export const MAX_CLASSES = 40;
export const MAX_CODES_PER_CLASS = 60;

export interface ClassRequest {
  label: string;
  count: number;
}

/** A class label as printed: "5А", "7 «Б»"; trimmed, single spaces. */
export function checkClasses(classes: readonly ClassRequest[]): ClassRequest[] {
  if (classes.length === 0 || classes.length > MAX_CLASSES) throw new AnonymousInputError(anonymousText.staff.tooManyClasses);
  return classes.map(({ label, count }) => {
    const clean = label.trim().replace(/\s+/g, " ");
    if (!clean || [...clean].length > 20) throw new AnonymousInputError(anonymousText.staff.classLabelBad);
    if (!Number.isInteger(count) || count < 1 || count > MAX_CODES_PER_CLASS) throw new AnonymousInputError(anonymousText.staff.countBad);
    return { label: clean, count };
  });
}

export interface IssuedCodes {
  campaign: SurveyCampaign;
  school: { id: string; name: string };
  link: SurveyLinkRecord;
  audience: AnonymousAudience;
  /** The codes in plain text: shown once, here, and never again (only their hashes are stored). */
  classes: Array<{ label: string; codes: string[] }>;
}

/** New single-use codes per class for the school (adds to codes issued before); one transaction. */
export async function issueClassCodes(
  deps: AnonymousDeps,
  person: PersonView,
  campaignId: string,
  schoolId: string,
  requested: readonly ClassRequest[],
): Promise<IssuedCodes> {
  const classes = checkClasses(requested);
  const { campaign, school, link } = await schoolLink(deps, person, campaignId, schoolId);
  const now = deps.clock.now();
  if (campaign.baseline || campaign.closedAt !== null || campaign.closesAt <= now) throw new AnonymousInputError(anonymousText.staff.campaignOver);
  for (let attempt = 0; ; attempt++) {
    const issued = classes.map(({ label, count }) => ({ label, codes: Array.from({ length: count }, () => makeClassCode(deps.randomBytes)) }));
    const all = issued.flatMap((entry) => entry.codes);
    // 31^8 codes: a repeat is rare; within the batch it is checked here, against earlier batches by the unique hash.
    if (new Set(all).size !== all.length) continue;
    const hashed = await Promise.all(
      issued.map(async ({ label, codes }) => ({ classLabel: label, codeHashes: await Promise.all(codes.map(hashClassCode)) })),
    );
    try {
      await deps.surveys.anonymous.addClassCodes({ campaignId, schoolId, audience: link.audience, classes: hashed }, deps.clock.now());
    } catch (error) {
      if (attempt < 2 && /unique|P2002|23505/i.test(`${(error as { code?: string }).code ?? ""} ${(error as Error).message ?? ""}`)) continue;
      throw error;
    }
    return { campaign, school, link, audience: link.audience, classes: issued };
  }
}

/** Codes issued and used per class of the schools the person may see (counts, never who). */
export async function classCodeCounts(deps: AnonymousDeps, person: PersonView, campaignId: string) {
  const campaign = await deps.surveys.store.getCampaign(campaignId);
  if (!campaign) throw new DomainError("not_found", { campaignId });
  const counts = await deps.surveys.anonymous.classCodeCounts(campaignId);
  return counts.filter((count) => canIssueFor(person.memberships, campaign.districtId, count.schoolId));
}

/**
 * Campaigns asking parents or students that the person issues links and codes for: every one of the
 * district for its staff, those asking the head's school for a head. Not closed, not past their window.
 */
export async function anonymousCampaignsFor(deps: Pick<AnonymousDeps, "surveys" | "clock">, person: PersonView) {
  const active = person.memberships.filter((membership) => membership.active && (isDistrictStaff(membership) || (membership.role === "head" && membership.schoolId)));
  const campaigns = await deps.surveys.anonymous.anonymousCampaigns([...new Set(active.map((membership) => membership.districtId))], deps.clock.now());
  return campaigns.filter((campaign) =>
    active.some(
      (membership) =>
        membership.districtId === campaign.districtId &&
        (isDistrictStaff(membership) || (membership.schoolId !== null && (campaign.schoolIds === null || campaign.schoolIds.includes(membership.schoolId)))),
    ),
  );
}

// ---- the respondent's side ----

export type LinkState =
  | { kind: "not_found" }
  | { kind: "closed"; campaign: SurveyCampaign; notYet: boolean }
  | { kind: "open"; link: SurveyLinkRecord; campaign: SurveyCampaign; schoolName: string };

export async function openLink(deps: AnonymousDeps, token: string): Promise<LinkState> {
  if (!isLinkToken(token)) return { kind: "not_found" };
  const link = await deps.surveys.anonymous.findLink(token);
  if (!link) return { kind: "not_found" };
  const campaign = await deps.surveys.store.getCampaign(link.campaignId);
  if (!campaign) return { kind: "not_found" };
  const now = deps.clock.now();
  if (!campaignOpenAt(campaign, now)) return { kind: "closed", campaign, notYet: !campaign.baseline && campaign.closedAt === null && campaign.opensAt > now };
  const school = await deps.repo.getSchool(link.schoolId);
  return { kind: "open", link, campaign, schoolName: school?.name ?? "" };
}

export type CodeCheck =
  | { kind: "ok"; code: ClassCodeRecord }
  | { kind: "not_a_code" | "unknown" | "other" | "used" };

/** Whether the typed code answers this link's campaign at this school: unused, of the same campaign, school and audience. */
export async function checkCode(deps: AnonymousDeps, link: SurveyLinkRecord, raw: string): Promise<CodeCheck> {
  const normalized = normalizeClassCode(raw);
  if (!normalized) return { kind: "not_a_code" };
  const code = await deps.surveys.anonymous.findClassCodeByHash(await hashClassCode(normalized));
  if (!code) return { kind: "unknown" };
  if (code.campaignId !== link.campaignId || code.schoolId !== link.schoolId || code.audience !== link.audience) return { kind: "other" };
  if (code.usedAt) return { kind: "used" };
  return { kind: "ok", code };
}

/** The Russian refusal of a code. */
export const codeRefusal = (kind: Exclude<CodeCheck["kind"], "ok">): string =>
  ({ not_a_code: anonymousText.notACode, unknown: anonymousText.codeNotFound, other: anonymousText.codeOtherSchool, used: anonymousText.codeUsed })[kind];

/** `who` for core/services/survey.ts: the code, never a person. */
export const codeWho = (code: Pick<ClassCodeRecord, "id" | "schoolId">) => ({ kind: "code" as const, classCodeId: code.id, schoolId: code.schoolId });

export type SessionState =
  | { kind: "link"; link: SurveyLinkRecord }
  | { kind: "code"; code: ClassCodeRecord }
  | null;

/** Where the account is on the anonymous path; a stale link session or a used code is none. */
export async function sessionOf(deps: AnonymousDeps, key: string): Promise<SessionState> {
  const session = await deps.surveys.anonymous.getSession(key);
  if (!session) return null;
  if (session.kind === "link") {
    if (deps.clock.now().getTime() - session.createdAt.getTime() > LINK_SESSION_MS) {
      await deps.surveys.anonymous.deleteSession(key);
      return null;
    }
    const link = await deps.surveys.anonymous.findLink(session.token);
    return link ? { kind: "link", link } : null;
  }
  const code = await deps.surveys.anonymous.getClassCode(session.classCodeId);
  if (!code || code.usedAt) {
    await deps.surveys.anonymous.deleteSession(key);
    return null;
  }
  return { kind: "code", code };
}

/** The chat opened a school link: it is asked for the code next (stale waits of other chats are dropped). */
export async function waitForCode(deps: AnonymousDeps, key: string, link: SurveyLinkRecord): Promise<void> {
  const now = deps.clock.now();
  await deps.surveys.anonymous.deleteStaleLinkSessions(new Date(now.getTime() - LINK_SESSION_MS));
  await deps.surveys.anonymous.putSession(key, { kind: "link", token: link.token }, now);
}

/** A checked code becomes the account's session: it answers with this code from now on. */
export async function startWithCode(deps: AnonymousDeps, key: string, code: ClassCodeRecord): Promise<void> {
  await deps.surveys.anonymous.putSession(key, { kind: "code", classCodeId: code.id }, deps.clock.now());
}

export const endSession = (deps: AnonymousDeps, key: string) => deps.surveys.anonymous.deleteSession(key);
