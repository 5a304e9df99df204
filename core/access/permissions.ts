import type { MembershipView, Role } from "../roles.ts";

/**
 * Who may see what (DOMAIN.md §4). Pure predicates over a person's active memberships;
 * every API route and bot action asks here before it reads or writes.
 */
const active = (memberships: readonly MembershipView[]) => memberships.filter((membership) => membership.active);

export const hasRole = (memberships: readonly MembershipView[], role: Role) =>
  active(memberships).some((membership) => membership.role === role);

/** District staff manage their district: schools, invites, campaigns. */
export const canManageDistrict = (memberships: readonly MembershipView[], districtId: string) =>
  active(memberships).some((membership) => membership.role === "district" && membership.districtId === districtId);

/**
 * School aggregates: the district sees every school of its district; the head, teachers and mentors
 * see their own (assigned) school. Parents see no aggregates.
 */
export function canViewSchoolAggregates(
  memberships: readonly MembershipView[],
  school: { id: string; districtId: string },
): boolean {
  return active(memberships).some(
    (membership) =>
      (membership.role === "district" && membership.districtId === school.districtId) ||
      ((membership.role === "head" || membership.role === "teacher" || membership.role === "mentor") &&
        membership.schoolId === school.id),
  );
}

/** Only a teacher answers the deficit diagnostic, and only the teacher sees their own answers. */
export const canAnswerDiagnostic = (memberships: readonly MembershipView[]) => hasRole(memberships, "teacher");

/** Schools whose aggregates a person may open, given the schools of their districts. */
export function viewableSchoolIds(
  memberships: readonly MembershipView[],
  schools: ReadonlyArray<{ id: string; districtId: string }>,
): string[] {
  return schools.filter((school) => canViewSchoolAggregates(memberships, school)).map((school) => school.id);
}
