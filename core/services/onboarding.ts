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
import type { Role } from "../roles.ts";
import type { AccountRef, Clock, PersonView, Repository } from "./ports.ts";

/** Version of the consent text (core/messages/ru.ts); a new text asks everyone again. */
export const CONSENT_VERSION = "2026-11-1";

export interface OnboardingDeps {
  repo: Repository;
  clock: Clock;
  randomBytes: (size: number) => Uint8Array;
}

/** `/start <code>` in any channel: binds the account to the invite's role and school. */
export async function redeemInvite(
  deps: OnboardingDeps,
  rawCode: string,
  account: AccountRef,
): Promise<{ person: PersonView; invite: InviteRecord; repeated: boolean }> {
  const code = normalizeCode(rawCode);
  // What a person typed after /start may be a name or a phone: the context (logged) carries its length only.
  if (!code) throw new DomainError("invite_not_found", { inputLength: rawCode.length });
  const invite = await deps.repo.findInviteByCode(code);
  if (!invite) throw new DomainError("invite_not_found", { inputLength: rawCode.length });
  const now = deps.clock.now();
  const known = await deps.repo.findPersonByAccount(account.channel, account.externalId);
  const alreadyHere = known?.memberships.some(
    (membership) =>
      membership.active &&
      membership.role === invite.role &&
      membership.districtId === invite.districtId &&
      membership.schoolId === invite.schoolId,
  );
  // Opening one's own link again is not an error, even once the invite is used up or expired.
  if (!alreadyHere) {
    const problem = inviteProblem(invite, now);
    if (problem) throw new DomainError(problem, { inviteId: invite.id });
  }
  const result = await deps.repo.redeemInvite(invite, account, now);
  if (result === "used_up") throw new DomainError("invite_used_up", { inviteId: invite.id });
  if (result === "other_person") throw new DomainError("invite_for_other", { inviteId: invite.id });
  const person = await deps.repo.getPerson(result.personId);
  if (!person) throw new DomainError("not_found", { personId: result.personId });
  return { person, invite, repeated: result.repeated || Boolean(alreadyHere) };
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
  if (input.role !== "district") {
    if (!input.schoolId) throw new DomainError("invalid_input", { reason: "school required for role", role: input.role });
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
  const expiresAt = new Date(deps.clock.now().getTime() + days * 86_400_000);
  return deps.repo.createInvite({
    code: makeCode(deps.randomBytes),
    role: input.role,
    districtId: input.districtId,
    schoolId: input.role === "district" ? null : input.schoolId,
    maxUses,
    expiresAt,
    createdById: actor?.id ?? null,
    personId: input.personId ?? null,
  });
}
