// Policies of miniapp/api/routes/working-group.ts (#15 §7), read from core/services/meetings.ts: district
// staff (and a regional operator) keep the composition, meetings, minutes and approvals; a member of the
// working group reads everything of the group and writes nothing; everyone else is refused.
import { READERS, STAFF } from "./fixture.ts";
import type { MatrixFixture, RoutePolicy } from "./types.ts";

const DAY = 86_400_000;

/** A group of the fixture's district and a meeting of it: planned (in the past or ahead) or held. */
async function meeting(fixture: MatrixFixture, state: "planned" | "past" | "held"): Promise<Record<string, string>> {
  const group = await fixture.db.prisma.workingGroup.create({
    data: {
      districtId: fixture.districtId,
      orderRef: "Приказ РУО № 45",
      orderDate: new Date("2026-09-01T00:00:00Z"),
      members: [
        { name: "Тимков А.В.", position: "начальник управления образования", role: "chair" },
        { name: "Бибенина О.А.", position: "заведующий РМК", role: "secretary" },
      ],
    },
  });
  const row = await fixture.db.prisma.workingGroupMeeting.create({
    data: {
      districtId: fixture.districtId,
      workingGroupId: group.id,
      number: "1",
      heldOn: new Date(Date.now() + (state === "planned" ? 10 : -3) * DAY),
      agenda: [{ title: "Об эффективности мер", speaker: null }],
      ...(state === "held" ? { state: "held", attendees: { present: [{ name: "Тимков А.В.", position: "начальник", role: "chair" }, { name: "Бибенина О.А.", position: "РМК", role: "secretary" }], total: 2 }, minutes: [] } : {}),
    },
  });
  return { groupId: group.id, meetingId: row.id };
}

const body = { workingGroupId: "x", number: "1", date: "2030-01-10", agenda: [{ title: "Вопрос" }] };
const BASE = "/api/districts/:districtId/working-group";

export const policy: RoutePolicy[] = [
  { method: "GET", path: BASE, allow: READERS, note: "composition, meetings, minutes, reports' heads; people to link for staff only" },
  { method: "POST", path: `${BASE}/groups`, allow: STAFF, body: { orderRef: "Приказ", orderDate: "2026-09-01", members: [{ name: "Тимков", position: "начальник", role: "chair" }] } },
  { method: "PUT", path: `${BASE}/groups/:groupId`, allow: STAFF, setup: (fixture) => meeting(fixture, "planned"), body: { orderRef: "Приказ", orderDate: "2026-09-01", members: [{ name: "Тимков", position: "начальник", role: "chair" }] } },
  { method: "GET", path: `${BASE}/reports/:reportId/report.xlsx`, allow: READERS, note: "random report id: 404 for readers" },
  { method: "GET", path: `${BASE}/reports/:reportId/report.pdf`, allow: READERS, note: "random report id: 404 for readers" },
  { method: "POST", path: `${BASE}/meetings`, allow: STAFF, body },
  { method: "GET", path: `${BASE}/meetings/:meetingId`, allow: READERS, setup: (fixture) => meeting(fixture, "held") },
  { method: "PUT", path: `${BASE}/meetings/:meetingId`, allow: STAFF, setup: (fixture) => meeting(fixture, "planned"), body },
  { method: "DELETE", path: `${BASE}/meetings/:meetingId`, allow: STAFF, setup: (fixture) => meeting(fixture, "planned") },
  { method: "POST", path: `${BASE}/meetings/:meetingId/minutes`, allow: STAFF, setup: (fixture) => meeting(fixture, "past"), body: { present: [0, 1], decisions: [] } },
  { method: "POST", path: `${BASE}/meetings/:meetingId/approve-report`, allow: STAFF, setup: (fixture) => meeting(fixture, "held"), body: { reportId: "nosuchreport" }, note: "no such report: 404 for staff" },
];
