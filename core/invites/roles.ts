import { ASSIGNED_ROLES, DISTRICT_ROLES, ROLES, type Role } from "../roles.ts";

/**
 * Which roles an invite may carry, and whether it names a school (#15):
 * - district-wide roles (district staff, methodologist, assessment, working_group, regional) never do;
 *   a regional operator gets one invite per district of the region, each redemption a membership there;
 * - a mentor, tutor or curator may be invited to the district (no school) and then assigned to schools
 *   (an Assignment gives the school membership), or straight to a school as before;
 * - the other school roles (head, teacher, parent) need a school;
 * - curator_head is never invited: a school-curator pair gives it to the curator school's heads.
 */
export const INVITABLE_ROLES: readonly Role[] = ROLES.filter((role) => role !== "curator_head");

export type InviteSchoolRule = "none" | "optional" | "required";

export function inviteSchoolRule(role: Role): InviteSchoolRule {
  if (DISTRICT_ROLES.includes(role)) return "none";
  if (ASSIGNED_ROLES.includes(role)) return "optional";
  return "required";
}

export const isInvitable = (role: Role) => INVITABLE_ROLES.includes(role);
