import { DISTRICT_STAFF_ROLES, type MembershipView, type Role } from "../roles.ts";

/**
 * Who may see what (DOMAIN.md §4). Pure predicates over a person's active memberships;
 * every API route and bot action asks here before it reads or writes.
 */
const active = (memberships: readonly MembershipView[]) => memberships.filter((membership) => membership.active);

export const hasRole = (memberships: readonly MembershipView[], role: Role) =>
  active(memberships).some((membership) => membership.role === role);

/** District staff (or a regional operator, #15) of that district: they act for the district. */
export const isDistrictStaff = (membership: MembershipView, districtId?: string) =>
  DISTRICT_STAFF_ROLES.includes(membership.role) && (districtId === undefined || membership.districtId === districtId);

/** District staff manage their district: schools, invites, campaigns. A regional operator does the same in each district of the region. */
export const canManageDistrict = (memberships: readonly MembershipView[], districtId: string) =>
  active(memberships).some((membership) => isDistrictStaff(membership, districtId));

/**
 * What the district sees, read-only (#15): district staff, a regional operator, and a member of the
 * municipal working group (DOMAIN.md §4: "what the district sees, read-only").
 */
export const canReadDistrict = (memberships: readonly MembershipView[], districtId: string) =>
  active(memberships).some(
    (membership) => membership.districtId === districtId && (isDistrictStaff(membership) || membership.role === "working_group"),
  );

/** Roles that see their own (assigned, paired) school's aggregates. */
const SCHOOL_AGGREGATE_ROLES: readonly Role[] = ["head", "teacher", "mentor", "tutor", "curator", "curator_head"];

/**
 * School aggregates: the district (and the working group, read-only) sees every school of its district;
 * the head, teachers, mentors, tutors and curators see their own (assigned) school, and a school-curator's
 * head the schools paired with theirs. Parents see no aggregates.
 */
export function canViewSchoolAggregates(
  memberships: readonly MembershipView[],
  school: { id: string; districtId: string },
): boolean {
  return active(memberships).some(
    (membership) =>
      (isDistrictStaff(membership, school.districtId)) ||
      (membership.role === "working_group" && membership.districtId === school.districtId) ||
      (SCHOOL_AGGREGATE_ROLES.includes(membership.role) && membership.schoolId === school.id),
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
