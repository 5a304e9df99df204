/**
 * Roles of DOMAIN.md §4 that the product knows (the institute's methodologist, ИРО/ЦНППМ, since #13:
 * district-wide, aggregates only; the assessment centre's analyst, ЦОКО/ЦМКО, since #14: district-wide,
 * receives recommendations on extra procedures).
 */
export const ROLES = [
  "district",
  "head",
  "teacher",
  "parent",
  "mentor",
  "methodologist",
  "assessment",
  // The network around the schools (#15, DOMAIN.md §4): a tutor and a curator are assigned to schools like
  // a mentor; the school-curator's head sees the schools paired with theirs; the working-group member
  // reads what the district sees; the regional operator does what district staff do, over several districts.
  "tutor",
  "curator",
  "curator_head",
  "working_group",
  "regional",
] as const;
export type Role = (typeof ROLES)[number];

/** Roles that belong to a school; a district role belongs to the whole district. */
export const SCHOOL_ROLES: readonly Role[] = ["head", "teacher", "parent", "mentor", "tutor", "curator", "curator_head"];
/** District-wide roles: no school. */
export const DISTRICT_ROLES: readonly Role[] = ["district", "methodologist", "assessment", "working_group", "regional"];
/** Those who manage a district: its staff, and a regional operator in each district of their region. */
export const DISTRICT_STAFF_ROLES: readonly Role[] = ["district", "regional"];
/** People assigned to a school for a period by the district (Assignment, #15): mentor, tutor, curator. */
export const ASSIGNED_ROLES: readonly Role[] = ["mentor", "tutor", "curator"];

export interface MembershipView {
  role: Role;
  districtId: string;
  schoolId: string | null;
  active: boolean;
}

export const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);
