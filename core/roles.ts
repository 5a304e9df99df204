/**
 * Roles of DOMAIN.md §4 that the product knows (the institute's methodologist, ИРО/ЦНППМ, since #13:
 * district-wide, aggregates only; the assessment centre's analyst, ЦОКО/ЦМКО, since #14: district-wide,
 * receives recommendations on extra procedures).
 */
export const ROLES = ["district", "head", "teacher", "parent", "mentor", "methodologist", "assessment"] as const;
export type Role = (typeof ROLES)[number];

/** Roles that belong to a school; a district role belongs to the whole district. */
export const SCHOOL_ROLES: readonly Role[] = ["head", "teacher", "parent", "mentor"];
/** District-wide roles: no school. */
export const DISTRICT_ROLES: readonly Role[] = ["district", "methodologist", "assessment"];

export interface MembershipView {
  role: Role;
  districtId: string;
  schoolId: string | null;
  active: boolean;
}

export const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);
