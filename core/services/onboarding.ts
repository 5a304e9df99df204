import { DomainError } from "../errors.ts";
import {
  DEFAULT_INVITE_DAYS,
  DEFAULT_MAX_USES,
  inviteProblem,
  makeCode,
  normalizeCode,
  type InviteRecord,
} from "../invites/codes.ts";
import { canManageDistrict } from "../access/permissions.ts";
import { DISTRICT_ROLES, type Role } from "../roles.ts";
import { inviteExpiry, newInviteRow } from "./invites.ts";
import { inviteSchoolRule, isInvitable } from "../invites/roles.ts";
import { OPERATOR_DEFAULTS } from "../messages/ru.ts";
import type { AccountRef, Clock, OperatorDetails, PersonView, Repository } from "./ports.ts";

/** Version of the consent text (core/messages/ru.ts): 2 names the operator, address, purpose, data, actions, term and withdrawal. */
export const CONSENT_VERSION = "2026-11-2";

export interface OnboardingDeps {
  repo: Repository;
  clock: Clock;
  randomBytes: (size: number) => Uint8Array;
  /** Time zone for dates such as the end of the school year (the server's default district zone). */
  timezone?: string;
}

const DEFAULT_TIMEZONE = "Europe/Moscow";

/** `/start <code>` in any channel: binds the account to the invite's role and school. */
export async function redeemInvite(
  deps: OnboardingDeps,
  rawCode: string,
  account: AccountRef,
): Promise<{ person: PersonView; invite: InviteRecord; repeated: boolean }> {
  const { invite, alreadyHere } = await checkInvite(deps, rawCode, account);
  const result = await deps.repo.redeemInvite(invite, account, deps.clock.now());
  if (result === "used_up") throw new DomainError("invite_used_up", { inviteId: invite.id });
  if (result === "other_person") throw new DomainError("invite_for_other", { inviteId: invite.id });
  if (result === "membership_ended") throw new DomainError("membership_ended", { inviteId: invite.id });
  const person = await deps.repo.getPerson(result.personId);
  if (!person) throw new DomainError("not_found", { personId: result.personId });
  return { person, invite, repeated: result.repeated || Boolean(alreadyHere) };
}

/**
 * What `/start <code>` would do, without doing it: the invite, the person behind the account if any,
 * and whether they already hold this place. Consent is asked on this, before anything is stored.
 */
export async function checkInvite(
  deps: Pick<OnboardingDeps, "repo" | "clock">,
  rawCode: string,
  account: AccountRef,
): Promise<{ invite: InviteRecord; known: PersonView | null; alreadyHere: boolean }> {
  const code = normalizeCode(rawCode);
  // What a person typed after /start may be a name or a phone: the context (logged) carries its length only.
  if (!code) throw new DomainError("invite_not_found", { inputLength: rawCode.length });
  const invite = await deps.repo.findInviteByCode(code);
  if (!invite) throw new DomainError("invite_not_found", { inputLength: rawCode.length });
  const known = await deps.repo.findPersonByAccount(account.channel, account.externalId);
  const alreadyHere = Boolean(
    known?.memberships.some(
      (membership) =>
        membership.active &&
        membership.role === invite.role &&
        membership.districtId === invite.districtId &&
        membership.schoolId === invite.schoolId,
    ),
  );
  // Opening one's own link again is not an error, even once the invite is used up or expired.
  if (!alreadyHere) {
    const problem = inviteProblem(invite, deps.clock.now());
    if (problem) throw new DomainError(problem, { inviteId: invite.id });
    if (invite.personId && known && known.id !== invite.personId) throw new DomainError("invite_for_other", { inviteId: invite.id });
  }
  return { invite, known, alreadyHere };
}

export async function giveConsent(deps: Pick<OnboardingDeps, "repo" | "clock">, personId: string): Promise<void> {
  await deps.repo.recordConsent(personId, CONSENT_VERSION, deps.clock.now());
}

/** Minutes a code for linking a second messenger stays valid. */
export const LINK_CODE_MINUTES = 15;
const LINK_PREFIX = "LINK";

/** A short-lived code the person opens in their other messenger to add that account (issue #7). */
export async function startLinkCode(deps: OnboardingDeps, personId: string): Promise<{ code: string; expiresAt: Date }> {
  const code = LINK_PREFIX + makeCode(deps.randomBytes);
  const expiresAt = new Date(deps.clock.now().getTime() + LINK_CODE_MINUTES * 60_000);
  await deps.repo.createLinkCode({ code, personId, expiresAt });
  return { code, expiresAt };
}

export type LinkResult =
  | { kind: "linked" | "already"; person: PersonView }
  | { kind: "other_person" | "invalid" };

export async function linkAccount(
  deps: Pick<OnboardingDeps, "repo" | "clock">,
  rawCode: string,
  account: AccountRef,
): Promise<LinkResult> {
  const body = normalizeCode(rawCode.trim().replace(/^link/i, ""));
  if (!body) return { kind: "invalid" };
  const result = await deps.repo.redeemLinkCode(LINK_PREFIX + body, account, deps.clock.now());
  if (!("personId" in result)) return { kind: result.kind };
  const person = await deps.repo.getPerson(result.personId);
  if (!person) return { kind: "invalid" };
  return { kind: result.kind, person };
}

/** Withdrawal of consent: the person and everything tied to them is deleted, answers included. */
export async function forgetPerson(deps: Pick<OnboardingDeps, "repo">, personId: string): Promise<void> {
  await deps.repo.deletePerson(personId);
}

export const needsConsent = (person: PersonView) => person.consentAt === null;

export interface NewInvite {
  role: Role;
  districtId: string;
  schoolId: string | null;
  maxUses?: number;
  days?: number;
  /** A personal invite for a person registered in advance (bulk import). */
  personId?: string;
}

/**
 * Creates an invite. `actor` null means the operator's CLI (trusted shell); a person must be district
 * staff of that district. School roles need a school of the same district.
 */
export async function createInvite(deps: OnboardingDeps, actor: PersonView | null, input: NewInvite): Promise<InviteRecord> {
  if (actor && !canManageDistrict(actor.memberships, input.districtId)) {
    throw new DomainError("forbidden", { action: "createInvite", personId: actor.id, districtId: input.districtId });
  }
  await requireOperator(deps, input.districtId);
  if (!isInvitable(input.role)) throw new DomainError("invalid_input", { reason: "role is not invitable", role: input.role });
  // A mentor, tutor or curator may be invited to the district (no school) and assigned to schools later (#15).
  if (inviteSchoolRule(input.role) === "required" && !input.schoolId) {
    throw new DomainError("invalid_input", { reason: "school required for role", role: input.role });
  }
  if (!DISTRICT_ROLES.includes(input.role) && input.schoolId) {
    const school = await deps.repo.getSchool(input.schoolId);
    if (!school || school.districtId !== input.districtId) {
      throw new DomainError("not_found", { schoolId: input.schoolId, districtId: input.districtId });
    }
  }
  const days = input.days ?? DEFAULT_INVITE_DAYS;
  const maxUses = input.maxUses ?? DEFAULT_MAX_USES[input.role];
  if (!Number.isInteger(maxUses) || maxUses < 1 || maxUses > 10_000) {
    throw new DomainError("invalid_input", { reason: "maxUses must be 1..10000", maxUses });
  }
  if (!(days > 0 && days <= 366)) throw new DomainError("invalid_input", { reason: "days must be 1..366", days });
  // The same expiry as the CLI and the Mini App: the parents' link lasts the school year.
  const expiresAt = inviteExpiry(input.role, deps.clock.now(), deps.timezone ?? DEFAULT_TIMEZONE, input.days);
  return deps.repo.createInvite(newInviteRow(deps.randomBytes, input, { maxUses, expiresAt, createdById: actor?.id ?? null }));
}

/** The operator's details for the consent text; no invite is issued before the district enters them. */
export async function requireOperator(deps: Pick<OnboardingDeps, "repo">, districtId: string): Promise<OperatorDetails> {
  const operator = await deps.repo.getOperator(districtId);
  if (!operator) throw new DomainError("operator_missing", { districtId });
  return operator;
}

export interface OperatorInput {
  name: string;
  address: string;
  term: string;
  purpose?: string;
  data?: string;
  actions?: string;
  withdrawal?: string;
}

const OPERATOR_FIELD_MAX = 1000;

/**
 * The district enters the operator of personal data (its full name and address, the term, and, if it
 * wishes, its own wording of the purpose, data, actions and withdrawal). `actor` null is the operator's CLI.
 */
export async function setDistrictOperator(
  deps: Pick<OnboardingDeps, "repo" | "clock">,
  actor: PersonView | null,
  districtId: string,
  input: OperatorInput,
): Promise<OperatorDetails> {
  if (actor && !canManageDistrict(actor.memberships, districtId)) {
    throw new DomainError("forbidden", { action: "setDistrictOperator", personId: actor.id, districtId });
  }
  const clean = (value: string | undefined) => value?.replace(/\s+/g, " ").trim() || undefined;
  const details: OperatorDetails = {
    name: clean(input.name) ?? "",
    address: clean(input.address) ?? "",
    term: clean(input.term) ?? "",
    purpose: clean(input.purpose) ?? OPERATOR_DEFAULTS.purpose,
    data: clean(input.data) ?? OPERATOR_DEFAULTS.data,
    actions: clean(input.actions) ?? OPERATOR_DEFAULTS.actions,
    withdrawal: clean(input.withdrawal) ?? OPERATOR_DEFAULTS.withdrawal,
  };
  const missing = (["name", "address", "term"] as const).filter((field) => !details[field]);
  if (missing.length) throw new DomainError("invalid_input", { reason: "operator fields required", missing });
  const tooLong = Object.entries(details).filter(([, value]) => value.length > OPERATOR_FIELD_MAX);
  if (tooLong.length) throw new DomainError("invalid_input", { reason: "operator field too long", fields: tooLong.map(([key]) => key) });
  await deps.repo.setOperator(districtId, details, deps.clock.now());
  return details;
}
