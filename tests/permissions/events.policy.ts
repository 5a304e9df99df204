// Who may use the network events routes (#15 §4): organisers (district staff, a regional operator,
// the district's methodologist) create, announce, mark attendance and attach materials; the working
// group reads every event; a member sees the announced events they are invited to and registers.
// The fixture's event is announced for teachers and heads of every school of the district.
import { ROLES, type Role } from "../../core/roles.ts";
import type { MatrixFixture, RoutePolicy } from "./types.ts";

const ORGANISERS: readonly Role[] = ["district", "regional", "methodologist"];
const READ: readonly Role[] = [...ORGANISERS, "working_group"];
const INVITED: readonly Role[] = ["teacher", "head"];

async function event(fixture: MatrixFixture, announced: boolean) {
  const row = await fixture.db.prisma.networkEvent.create({
    data: {
      districtId: fixture.districtId,
      kind: "seminar",
      title: "Семинар по критериям ВПР",
      startsAt: new Date(Date.now() + 5 * 86_400_000),
      audience: { roles: ["teacher", "head"], schoolIds: null },
      announcedAt: announced ? new Date() : null,
    },
  });
  return { eventId: row.id };
}

const announced = (fixture: MatrixFixture) => event(fixture, true);
const draft = (fixture: MatrixFixture) => event(fixture, false);
const withIndex = async (fixture: MatrixFixture) => ({ ...(await event(fixture, true)), index: "0" });

export const policy: RoutePolicy[] = [
  { method: "GET", path: "/api/districts/:districtId/events", allow: ROLES, note: "any member of the district: each sees the events meant for them" },
  { method: "POST", path: "/api/districts/:districtId/events", allow: ORGANISERS, note: "{} is refused with 400" },
  { method: "GET", path: "/api/events/:eventId", allow: [...READ, ...INVITED], setup: announced },
  { method: "POST", path: "/api/events/:eventId/announce", allow: ORGANISERS, setup: draft, note: "a second announcement is refused with 400" },
  { method: "POST", path: "/api/events/:eventId/register", allow: INVITED, setup: announced, note: "the invited; others are refused" },
  { method: "DELETE", path: "/api/events/:eventId/register", allow: INVITED, setup: announced, note: "not registered: 400" },
  { method: "POST", path: "/api/events/:eventId/attendance", allow: ORGANISERS, setup: announced, note: "{} is refused with 400" },
  { method: "POST", path: "/api/events/:eventId/materials", allow: ORGANISERS, setup: announced, note: "{} is refused with 400" },
  { method: "POST", path: "/api/events/:eventId/materials/files", allow: ORGANISERS, setup: announced, note: "without X-File-Name: 400 for everyone" },
  { method: "GET", path: "/api/events/:eventId/materials/:index", allow: [...READ, ...INVITED], setup: withIndex, note: "no material 0: 404 for everyone; a file is for organisers, readers and the registered" },
  { method: "GET", path: "/api/events/:eventId/ics", allow: [...READ, ...INVITED], setup: announced },
];
