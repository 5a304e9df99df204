// Who may use the seminar-request and programme routes (#15 §4): teachers and heads send requests;
// the institute's methodologist and district staff (a regional operator too) see the grouped requests
// and build the programme; the working group reads the requests, never writes.
import type { Role } from "../../core/roles.ts";
import type { MatrixFixture, RoutePolicy } from "./types.ts";

const REQUESTERS: readonly Role[] = ["teacher", "head"];
const ORGANISERS: readonly Role[] = ["district", "regional", "methodologist"];
const READ: readonly Role[] = [...ORGANISERS, "working_group"];

async function request(fixture: MatrixFixture) {
  const row = await fixture.db.prisma.seminarRequest.create({
    data: { districtId: fixture.districtId, schoolId: fixture.schoolId, personId: fixture.people.teacher, topic: "Критерии оценивания ВПР", areas: ["assessment"], state: "new" },
  });
  return { requestId: row.id };
}

async function programme(fixture: MatrixFixture) {
  const row = await fixture.db.prisma.seminarProgramme.upsert({
    where: { districtId_period: { districtId: fixture.districtId, period: "2027-H1" } },
    create: { districtId: fixture.districtId, period: "2027-H1", title: "Программа семинаров" },
    update: {},
  });
  return { programmeId: row.id };
}

export const policy: RoutePolicy[] = [
  { method: "GET", path: "/api/me/seminar-requests", allow: REQUESTERS, note: "the request form with one's own deficit areas" },
  { method: "POST", path: "/api/me/seminar-requests", allow: REQUESTERS, note: "{} is refused with 400" },
  { method: "GET", path: "/api/districts/:districtId/seminar-requests", allow: READ, note: "grouped, no names" },
  { method: "POST", path: "/api/seminar-requests/:requestId/decline", allow: ORGANISERS, setup: request },
  { method: "POST", path: "/api/districts/:districtId/seminar-programmes", allow: ORGANISERS, note: "{} is refused with 400" },
  { method: "POST", path: "/api/seminar-programmes/:programmeId/publish", allow: ORGANISERS, setup: programme },
];
