// People of a district: list, deactivate, move to another school, add a second school. Contract:
// the actor is the operator (null) or district staff of the membership's district; listing by
// person alone is the operator's. Answers are never read here: only who is who. A deactivated
// membership also loses its unused personal invites, so an old card cannot bring it back.
import { membersText } from "../messages/admin.ts";
import type { Role } from "../roles.ts";
import {
  AdminError,
  assertManages,
  assertOperator,
  findDistrict,
  findSchool,
  findSchoolOfDistrict,
  schoolBrief,
  type Actor,
  type AdminContext,
  type DistrictRef,
} from "./admin.ts";

/** Roles that belong to a school's staff: they can move between schools or hold two. */
export const SCHOOL_STAFF_ROLES = ["head", "teacher", "mentor"] as const;
export type SchoolStaffRole = (typeof SCHOOL_STAFF_ROLES)[number];

export async function listMembers(
  ctx: AdminContext,
  actor: Actor,
  input: { district?: string; school?: string; role?: Role; person?: string },
) {
  const district = input.district ? await findDistrict(ctx, actor, input.district) : null;
  if (!district) assertOperator(actor);
  if (input.school && !district) throw new AdminError("invalid", membersText.schoolNeedsDistrict, { field: "school" });
  const school = input.school && district ? await findSchool(ctx, district, input.school) : null;
  const rows = await ctx.admin.listMembers({ districtId: district?.id, schoolId: school?.id, role: input.role, personId: input.person });
  if (input.person && !rows.length && !(await ctx.admin.personBrief(input.person))) {
    throw new AdminError("not_found", membersText.personNotFound(input.person), { hint: membersText.personIdHint });
  }
  return { district, school, members: rows };
}

const membershipNotFound = (id: string) => new AdminError("not_found", membersText.membershipNotFound(id), { hint: membersText.membershipIdHint });

export async function deactivateMember(ctx: AdminContext, actor: Actor, input: { membership: string }) {
  const membership = await ctx.admin.getMembership(input.membership);
  if (!membership) throw membershipNotFound(input.membership);
  assertManages(actor, membership.district.id);
  const summary = { membershipId: membership.id, name: membership.personName, role: membership.role, school: membership.school?.name ?? null };
  if (!membership.active) return { ...summary, endedAt: membership.endedAt, alreadyInactive: true, invitesRevoked: 0 };
  const { endedAt, invitesRevoked } = await ctx.admin.deactivateMembership(membership, ctx.clock.now());
  return { ...summary, endedAt, alreadyInactive: false, invitesRevoked };
}

/**
 * A teacher (head, mentor) moves to another school of the same district: the old membership ends,
 * a new one begins; the person keeps their accounts and answers. A personal invite not yet used
 * moves with them, so that redeeming it does not bring back the old school.
 */
export async function moveMember(ctx: AdminContext, actor: Actor, input: { membership: string; school: string }) {
  const membership = await ctx.admin.getMembership(input.membership);
  if (!membership) throw membershipNotFound(input.membership);
  assertManages(actor, membership.district.id);
  const who = membersText.who(membership.personName, membership.role);
  if (!(SCHOOL_STAFF_ROLES as readonly string[]).includes(membership.role) || !membership.school) {
    throw new AdminError(
      "invalid",
      membersText.notSchoolStaff(who, membership.role === "parent"),
      { field: "membership" },
    );
  }
  if (!membership.active) {
    throw new AdminError("invalid", membersText.alreadyInactive(who, membership.school.name), {
      field: "membership",
      hint: membersText.addSchoolHint(membership.personId, membership.role),
    });
  }
  const target = await findSchoolOfDistrict(ctx, membership.district, input.school, membersText.noMoveAcrossDistricts);
  if (target.id === membership.school.id) throw new AdminError("invalid", membersText.alreadyInSchool(who, target.name), { field: "school" });
  const moved = await ctx.admin.moveMembership(membership, target.id, ctx.clock.now());
  return {
    person: { id: membership.personId, name: membership.personName },
    role: membership.role,
    district: membership.district,
    from: schoolBrief(membership.school),
    to: schoolBrief(target),
    endedMembershipId: membership.id,
    membershipId: moved.membershipId,
    alreadyThere: moved.alreadyThere,
    invitesMoved: moved.invitesMoved,
  };
}

/** A second school for the same person (common in villages): one person, two memberships. */
export async function addMemberSchool(
  ctx: AdminContext,
  actor: Actor,
  input: { person: string; school: string; role: SchoolStaffRole; district?: string },
) {
  const person = await ctx.admin.personBrief(input.person);
  if (!person) throw new AdminError("not_found", membersText.personNotFound(input.person), { hint: membersText.personIdHint });
  let district: DistrictRef;
  if (input.district) {
    district = await findDistrict(ctx, actor, input.district);
  } else {
    const districts = [...new Set(person.memberships.filter((membership) => membership.active).map((membership) => membership.districtId))];
    if (districts.length !== 1) {
      throw new AdminError("invalid", membersText.whichDistrict(districts.length > 0), { field: "district" });
    }
    district = await findDistrict(ctx, actor, districts[0]!);
  }
  const school = await findSchoolOfDistrict(ctx, district, input.school, membersText.schoolOutsidePersonDistrict);
  const added = await ctx.admin.addMembership({ personId: person.id, role: input.role, districtId: district.id, schoolId: school.id, at: ctx.clock.now() });
  return {
    person: { id: person.id, name: person.displayName },
    role: input.role,
    district,
    school: schoolBrief(school),
    membershipId: added.membershipId,
    alreadyMember: added.alreadyMember,
  };
}
