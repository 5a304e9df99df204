// Who may use the assignments and pairs routes (#15 §2): district staff and a regional operator manage;
// the working group reads; "my schools" is for mentors, tutors, curators, curator schools' heads and heads.
import type { Role } from "../../core/roles.ts";
import type { MatrixFixture, RoutePolicy } from "./types.ts";

const MANAGE: readonly Role[] = ["district", "regional"];
const READ: readonly Role[] = ["district", "regional", "working_group"];
const MY_SCHOOLS: readonly Role[] = ["mentor", "tutor", "curator", "curator_head", "head"];

const today = () => new Date(new Date().toISOString().slice(0, 10) + "T00:00:00Z");

async function assignment(fixture: MatrixFixture) {
  const row = await fixture.db.prisma.assignment.create({
    data: { districtId: fixture.districtId, schoolId: fixture.otherSchoolId, personId: fixture.people.mentor, kind: "mentor", startsOn: today() },
  });
  return { assignmentId: row.id };
}

async function pair(fixture: MatrixFixture) {
  const row = await fixture.db.prisma.schoolPair.create({
    data: { districtId: fixture.districtId, supportedSchoolId: fixture.schoolId, curatorSchoolId: fixture.otherSchoolId, startsOn: today() },
  });
  return { pairId: row.id };
}

export const policy: RoutePolicy[] = [
  { method: "GET", path: "/api/districts/:districtId/assignments", allow: READ },
  { method: "GET", path: "/api/districts/:districtId/assignment-options", allow: READ, note: "the form's schools and people" },
  {
    method: "POST",
    path: "/api/districts/:districtId/assignments",
    allow: MANAGE,
    note: "the working group reads only",
  },
  { method: "POST", path: "/api/assignments/:assignmentId/end", allow: MANAGE, setup: assignment, note: "district staff of the assignment's district" },
  { method: "GET", path: "/api/districts/:districtId/pairs", allow: READ },
  { method: "GET", path: "/api/districts/:districtId/pair-candidates", allow: READ, note: "curator candidates of the latest identification" },
  { method: "POST", path: "/api/districts/:districtId/pairs", allow: MANAGE },
  { method: "POST", path: "/api/pairs/:pairId/end", allow: MANAGE, setup: pair },
  { method: "GET", path: "/api/me/network", allow: MY_SCHOOLS, note: "my schools: both sides of the support" },
];
