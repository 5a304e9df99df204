// Invites of a district: create, the printable sheet's data, list, revoke. Contract: the actor is
// the operator (null) or district staff of the invite's district; school roles need a school of
// that district. Personal invites last `days` (default 30); the parents' school-wide link lasts the
// school year (to 31 August, district time) unless `days` is given. Returns plain data; links are
// built from the bot names given (none: codes only).
import { DEFAULT_INVITE_DAYS, DEFAULT_MAX_USES, inviteProblem, makeCode, normalizeCode, type InviteProblem, type InviteRecord } from "../invites/codes.ts";
import { adminText, invitesText } from "../messages/admin.ts";
import { DISTRICT_ROLES, type Role } from "../roles.ts";
import { inviteSchoolRule, isInvitable } from "../invites/roles.ts";
import {
  AdminError,
  assertManages,
  calendarDay,
  DAY_MS,
  findDistrict,
  findSchool,
  formatLocal,
  schoolYearEnd,
  type Actor,
  type AdminContext,
  type DistrictRef,
} from "./admin.ts";

/** The same links as bot/channels (telegramStartLink, maxStartLink), without loading the messenger libraries. */
export const telegramLink = (bot: string, code: string) => `https://t.me/${bot}?start=${code}`;
export const maxLink = (nick: string, code: string) => `https://max.ru/${nick}?start=${code}`;

/** Bot names for invite links: Telegram username and MAX nick; either may be unknown. */
export interface InviteBots {
  telegram: string | null;
  max: string | null;
}

/** Every link that can be built for a code; a messenger without a bot name is left out. */
export interface InviteLinks {
  telegram?: string;
  max?: string;
}

export function inviteLinks(bots: InviteBots, code: string): InviteLinks {
  return {
    ...(bots.telegram ? { telegram: telegramLink(bots.telegram, code) } : {}),
    ...(bots.max ? { max: maxLink(bots.max, code) } : {}),
  };
}

interface InviteSpec {
  role: Role;
  districtId: string;
  schoolId: string | null;
  maxUses?: number;
  days?: number;
  personId?: string;
}

/** When an invite made now lapses: `days` if given; the parents' link at the end of the school year. */
export function inviteExpiry(role: Role, now: Date, timeZone: string, days?: number): Date {
  if (days === undefined && role === "parent") return schoolYearEnd(now, timeZone);
  return new Date(now.getTime() + (days ?? DEFAULT_INVITE_DAYS) * DAY_MS);
}

/** The row of a new invite, one shape for the CLI, the Mini App and the bot's /invite. */
export function newInviteRow(
  randomBytes: (size: number) => Uint8Array,
  spec: { role: Role; districtId: string; schoolId: string | null; personId?: string | null },
  limits: { maxUses: number; expiresAt: Date; createdById: string | null },
) {
  return {
    code: makeCode(randomBytes),
    role: spec.role,
    districtId: spec.districtId,
    schoolId: DISTRICT_ROLES.includes(spec.role) ? null : spec.schoolId,
    ...limits,
    personId: spec.personId ?? null,
  };
}

/** Creates `count` invites alike (the district and school already checked). */
async function issue(ctx: AdminContext, actor: Actor, district: DistrictRef, count: number, spec: InviteSpec): Promise<InviteRecord[]> {
  // 152-ФЗ: the consent text names the operator; without those details no invite is handed out.
  if (count > 0 && !(await ctx.repo.getOperator(district.id))) {
    throw new AdminError("invalid", invitesText.noOperator(district.name), { hint: invitesText.noOperatorHint });
  }
  const maxUses = spec.maxUses ?? DEFAULT_MAX_USES[spec.role];
  const expiresAt = inviteExpiry(spec.role, ctx.clock.now(), district.timezone, spec.days);
  const invites = [];
  for (let index = 0; index < count; index++) {
    const row = newInviteRow(ctx.randomBytes, { ...spec, districtId: district.id }, { maxUses, expiresAt, createdById: actor?.id ?? null });
    invites.push(await ctx.repo.createInvite(row));
  }
  return invites;
}

const card = (invite: InviteRecord, bots: InviteBots, timeZone: string) => {
  const links = inviteLinks(bots, invite.code);
  return {
    code: invite.code,
    /** The Telegram link, kept for scripts written before `links`. */
    link: links.telegram ?? null,
    links,
    maxUses: invite.maxUses,
    expiresAt: invite.expiresAt,
    expiresLocal: formatLocal(invite.expiresAt, timeZone),
  };
};

/** Invites for one role: the district's own staff (no school) or a school's. */
export async function createInvites(
  ctx: AdminContext,
  actor: Actor,
  input: { district: string; role: Role; school?: string; count?: number; uses?: number; days?: number; bots: InviteBots },
) {
  const district = await findDistrict(ctx, actor, input.district);
  // #15: curator_head comes from a pair; mentors, tutors and curators may be invited to the district and assigned later.
  if (!isInvitable(input.role)) throw new AdminError("invalid", invitesText.notInvitable(input.role), { field: "role" });
  const schoolRule = inviteSchoolRule(input.role);
  if (schoolRule === "none" && input.school) {
    throw new AdminError(
      "invalid",
      input.role === "district" ? invitesText.districtRoleNoSchool : invitesText.districtWideRoleNoSchool(input.role),
      { field: "school" },
    );
  }
  if (schoolRule === "required" && !input.school) {
    throw new AdminError("invalid", invitesText.schoolRequired(input.role), { field: "school" });
  }
  const school = input.school ? await findSchool(ctx, district, input.school) : null;
  const invites = await issue(ctx, actor, district, input.count ?? 1, {
    role: input.role,
    districtId: district.id,
    schoolId: school?.id ?? null,
    maxUses: input.uses,
    days: input.days,
  });
  return {
    district,
    school,
    role: input.role,
    /** The Telegram bot, as before MAX links existed; `bots` has both. */
    botUsername: input.bots.telegram,
    bots: input.bots,
    invites: invites.map((invite) => card(invite, input.bots, district.timezone)),
  };
}

/** Order of named cards on a sheet: the head first, then teachers and mentors. */
const CARD_ORDER: Record<string, number> = { head: 0, teacher: 1, mentor: 2 };

/**
 * The personal invites of the school's people registered in advance who have not connected yet, each
 * with the person's name. A person whose invite lapsed gets a new one; a person whose invite is on
 * another school's sheet (a teacher of two schools) is left to it.
 */
async function unjoinedCards(ctx: AdminContext, actor: Actor, district: DistrictRef, school: { id: string }, days: number | undefined) {
  const people = await ctx.admin.unjoinedStaff(school.id, district.id, ctx.clock.now());
  const cards: Array<{ invite: InviteRecord; name: string | null }> = [];
  const elsewhere: Array<{ name: string | null; school: string | null }> = [];
  let reissued = 0;
  for (const person of people) {
    const usable = person.invites.filter((invite) => invite.uses < invite.maxUses);
    const here = usable.find((invite) => invite.schoolId === school.id);
    if (here) {
      cards.push({ invite: here, name: person.name });
    } else if (usable.length) {
      elsewhere.push({ name: person.name, school: usable[0]!.schoolName });
    } else {
      const [invite] = await issue(ctx, actor, district, 1, { role: person.role, districtId: district.id, schoolId: school.id, personId: person.personId, days });
      cards.push({ invite: invite!, name: person.name });
      reissued++;
    }
  }
  cards.sort(
    (a, b) => (CARD_ORDER[a.invite.role] ?? 9) - (CARD_ORDER[b.invite.role] ?? 9) || (a.name ?? "").localeCompare(b.name ?? "", "ru"),
  );
  return { cards, reissued, elsewhere };
}

/**
 * A school's printable invite sheet as data (files/invite-sheet.ts renders it): with `existing`, the
 * named personal invites of people imported in advance who have not joined (lapsed ones reissued);
 * `teachers`/`heads` blank personal cards and `parents` one school-wide link are created here.
 * Refuses with "not_found" when nothing would be printed.
 */
export async function inviteSheet(
  ctx: AdminContext,
  actor: Actor,
  input: { district: string; school: string; existing?: boolean; teachers?: number; heads?: number; parents?: boolean; days?: number; bots: InviteBots },
) {
  const district = await findDistrict(ctx, actor, input.district);
  const school = await findSchool(ctx, district, input.school);
  const existing = input.existing ? await unjoinedCards(ctx, actor, district, school, input.days) : null;
  const teachers = input.teachers ?? 0;
  const heads = input.heads ?? 0;
  if (existing && !existing.cards.length && !teachers && !heads && !input.parents) {
    throw new AdminError("not_found", invitesText.nothingToPrint(school.name, existing.elsewhere), { hint: invitesText.blankCardsHint });
  }
  const where = { districtId: district.id, schoolId: school.id, days: input.days };
  const blank = (invites: InviteRecord[]) => invites.map((invite) => ({ invite, name: null }));
  const cards = [
    ...(existing?.cards ?? []),
    ...blank(await issue(ctx, actor, district, heads, { ...where, role: "head" })),
    ...blank(await issue(ctx, actor, district, teachers, { ...where, role: "teacher" })),
    ...blank(input.parents ? await issue(ctx, actor, district, 1, { ...where, role: "parent" }) : []),
  ];
  const day = calendarDay(ctx.clock.now(), district.timezone);
  return {
    district,
    school,
    date: day.iso,
    dateLocal: day.local,
    bots: input.bots,
    existing: existing ? { named: existing.cards.length, reissued: existing.reissued, elsewhere: existing.elsewhere } : null,
    invites: cards.map(({ invite, name }) => ({
      code: invite.code,
      role: invite.role,
      name,
      links: inviteLinks(input.bots, invite.code),
      maxUses: invite.maxUses,
      expiresAt: invite.expiresAt,
      expiresLocal: formatLocal(invite.expiresAt, district.timezone),
    })),
  };
}

export type InviteStatus = "active" | InviteProblem;

export async function listInvites(ctx: AdminContext, actor: Actor, input: { district: string; school?: string }) {
  const district = await findDistrict(ctx, actor, input.district);
  const school = input.school ? await findSchool(ctx, district, input.school) : null;
  const rows = await ctx.admin.listInvites(district.id, school?.id);
  const now = ctx.clock.now();
  return {
    district,
    school,
    invites: rows.map((row) => ({
      code: row.code,
      role: row.role,
      school: row.schoolName,
      /** The person a personal invite of the bulk import is for; null for a blank card. */
      person: row.personId ? (row.personName ?? adminText.unnamed) : null,
      uses: row.uses,
      maxUses: row.maxUses,
      expiresAt: row.expiresAt,
      expiresLocal: formatLocal(row.expiresAt, district.timezone),
      revokedAt: row.revokedAt,
      status: (inviteProblem(row, now) ?? "active") as InviteStatus,
    })),
  };
}

/** Revokes an invite by its code; revoking twice is not an error. */
export async function revokeInvite(ctx: AdminContext, actor: Actor, input: { code: string }) {
  const code = normalizeCode(input.code);
  if (!code) throw new AdminError("invalid", invitesText.notACode(input.code), { field: "code" });
  const invite = await ctx.repo.findInviteByCode(code);
  if (!invite) throw new AdminError("not_found", invitesText.inviteNotFound(code));
  assertManages(actor, invite.districtId);
  if (invite.revokedAt) return { code, revokedAt: invite.revokedAt, alreadyRevoked: true };
  const now = ctx.clock.now();
  await ctx.admin.revokeInvite(invite.id, now);
  return { code, revokedAt: now, alreadyRevoked: false };
}
