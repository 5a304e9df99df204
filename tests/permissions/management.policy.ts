// Policies of the management loop's routes (#14: miniapp/api/routes/{recommendations,roadmaps,decisions,
// calendar,broadcasts,reports}.ts), read from each route's checks. District staff and a regional operator
// (#15) write; the working group reads the overviews (recommendations tracking, roadmaps, decisions, the
// calendar, broadcasts and their delivery reports, the effectiveness reports), never writes; heads read and act on their school's part.
import type { Role } from "../../core/roles.ts";
import { ALL_ROLES, READERS, STAFF } from "./fixture.ts";
import type { MatrixFixture, RoutePolicy } from "./types.ts";

const plus = (roles: readonly Role[], ...more: Role[]): Role[] => [...roles, ...more];

/** A recommendation sent to the head of the fixture school. */
async function recommendation(fixture: MatrixFixture) {
  const created = await fixture.db.prisma.recommendation.create({
    data: {
      districtId: fixture.districtId,
      schoolId: fixture.schoolId,
      addressee: "head",
      form: "letter",
      title: "Матрица: рекомендация",
      text: "Матрица: текст рекомендации для проверки прав",
      state: "sent",
      sentAt: new Date(),
      dueOn: new Date(Date.now() + 30 * 86_400_000),
    },
  });
  return { id: created.id };
}

/** A decision about the fixture school. */
async function decision(fixture: MatrixFixture) {
  const created = await fixture.db.prisma.managementDecision.create({
    data: {
      districtId: fixture.districtId,
      schoolId: fixture.schoolId,
      kind: "activating",
      docType: "order",
      docNumber: "1-мтр",
      docDate: new Date(),
      title: "Матрица: решение",
      level: "district",
      horizon: "operational",
      risks: [],
    },
  });
  return { decisionId: created.id };
}

/** The district's own calendar entry, the head of a school responsible for it. */
async function calendarEntry(fixture: MatrixFixture) {
  const created = await fixture.db.prisma.calendarEntry.create({
    data: { districtId: fixture.districtId, schoolYear: "2026/27", title: "Матрица: срок", dueOn: new Date(Date.UTC(2027, 2, 1)), responsibleRoles: ["head"] },
  });
  return { entryId: created.id };
}

/** A new event of the fixture school's roadmap; the fixture teacher is its executor. */
async function roadmapEvent(fixture: MatrixFixture) {
  const key = { districtId: fixture.districtId, scopeKey: fixture.schoolId, schoolYear: "2026/27" };
  const roadmap = await fixture.db.prisma.roadmap.upsert({
    where: { districtId_scopeKey_schoolYear: key },
    create: { ...key, schoolId: fixture.schoolId, title: "Матрица: дорожная карта школы" },
    update: {},
  });
  const event = await fixture.db.prisma.roadmapEvent.create({
    data: {
      roadmapId: roadmap.id,
      section: "1",
      number: "1.1",
      position: 1,
      title: "Матрица: мероприятие",
      dueOn: new Date(Date.UTC(2027, 2, 1)),
      executors: { create: { personId: fixture.people.teacher } },
    },
  });
  return { roadmapId: roadmap.id, eventId: event.id };
}

/** A draft broadcast of the fixture's district to its teachers. */
async function broadcast(fixture: MatrixFixture) {
  const created = await fixture.db.prisma.broadcast.create({
    data: { districtId: fixture.districtId, text: "Матрица: рассылка", target: { roles: ["teacher"], schools: { kind: "all" } } },
  });
  return { broadcastId: created.id };
}

/** Well-formed bodies: the allowed get past validation, so the others' refusal is the access check's. */
const DECISION = {
  kind: "activating",
  docType: "order",
  docNumber: "2-мтр",
  docDate: "2027-03-15",
  title: "Матрица: решение из запроса",
  level: "district",
  horizon: "operational",
  risks: [{ text: "Риск", class: "managed" }],
  resources: ["time"],
};
const CALENDAR_ENTRY = { title: "Матрица: срок из запроса", startsOn: null, dueOn: "2027-03-01", responsibleRoles: ["district"], responsibleIds: [], remindDaysBefore: 3 };
const TARGET = { roles: ["teacher"], schools: { kind: "all" } };

export const policy: RoutePolicy[] = [
  // ---- recommendations.ts ----
  { method: "GET", path: "/api/districts/:districtId/recommendations", allow: READERS, note: "tracking: the working group reads" },
  {
    method: "POST",
    path: "/api/districts/:districtId/recommendations/generate",
    allow: STAFF,
    // A function body is called with the fixture (tests/permissions/matrix.test.ts).
    body: (fixture: MatrixFixture) => ({ schoolId: fixture.schoolId }),
  },
  { method: "POST", path: "/api/districts/:districtId/recommendations/send", allow: STAFF, body: { ids: ["cmatrixnosuchrecommendation"] } },
  { method: "PATCH", path: "/api/recommendations/:id", allow: STAFF, setup: recommendation },
  { method: "POST", path: "/api/recommendations/:id/reject", allow: STAFF, setup: recommendation },
  { method: "GET", path: "/api/districts/:districtId/recommendation-rules", allow: STAFF },
  { method: "POST", path: "/api/districts/:districtId/recommendation-rules", allow: STAFF },
  { method: "GET", path: "/api/me/recommendations", allow: ALL_ROLES, note: "one's own (empty for most)" },
  { method: "POST", path: "/api/recommendations/:id/ack", allow: ["head"], setup: recommendation, note: "the addressee: the head of the school" },
  { method: "POST", path: "/api/recommendations/:id/measures", allow: ["head"], setup: recommendation, body: { title: "Матрица: мера", dueOn: "2027-03-01" } },
  { method: "POST", path: "/api/recommendations/:id/done", allow: ["head"], setup: recommendation },

  // ---- roadmaps.ts ----
  { method: "GET", path: "/api/districts/:districtId/roadmaps", allow: plus(READERS, "head"), note: "a head: their school's" },
  { method: "GET", path: "/api/districts/:districtId/roadmap", allow: READERS, note: "the district's own roadmap" },
  { method: "POST", path: "/api/districts/:districtId/roadmap", allow: STAFF },
  { method: "GET", path: "/api/districts/:districtId/roadmap/executors", allow: STAFF, note: "names of people: not the working group" },
  { method: "POST", path: "/api/roadmaps/:roadmapId/events", allow: plus(STAFF, "head"), setup: roadmapEvent },
  { method: "PUT", path: "/api/roadmaps/:roadmapId/order", allow: plus(STAFF, "head"), setup: roadmapEvent, body: { eventIds: [] } },
  { method: "GET", path: "/api/roadmap-events/:eventId", allow: plus(READERS, "head", "teacher"), setup: roadmapEvent, note: "the teacher is its executor" },
  { method: "PATCH", path: "/api/roadmap-events/:eventId", allow: plus(STAFF, "head"), setup: roadmapEvent },
  { method: "DELETE", path: "/api/roadmap-events/:eventId", allow: plus(STAFF, "head"), setup: roadmapEvent },
  { method: "PUT", path: "/api/roadmap-events/:eventId/executors", allow: plus(STAFF, "head"), setup: roadmapEvent, body: { personIds: [] } },
  { method: "POST", path: "/api/roadmap-events/:eventId/state", allow: plus(STAFF, "head", "teacher"), setup: roadmapEvent, body: { action: "start" } },
  { method: "POST", path: "/api/roadmap-events/:eventId/help", allow: plus(STAFF, "head", "teacher"), setup: roadmapEvent },
  { method: "POST", path: "/api/roadmap-events/:eventId/evidence", allow: plus(STAFF, "head", "teacher"), setup: roadmapEvent },
  { method: "GET", path: "/api/roadmap-evidence/:evidenceId/file", allow: plus(READERS, "head", "teacher"), note: "those who see the event" },
  { method: "GET", path: "/api/me/tasks", allow: ALL_ROLES, note: "one's own tasks (empty for most)" },

  // ---- decisions.ts ----
  { method: "GET", path: "/api/districts/:districtId/decisions", allow: plus(READERS, "head"), note: "a head: decisions about their school" },
  { method: "GET", path: "/api/districts/:districtId/decision-options", allow: STAFF },
  { method: "POST", path: "/api/districts/:districtId/decisions", allow: STAFF, body: DECISION },
  { method: "GET", path: "/api/decisions/:decisionId", allow: plus(READERS, "head"), setup: decision },
  { method: "PUT", path: "/api/decisions/:decisionId", allow: STAFF, setup: decision, body: DECISION },
  { method: "DELETE", path: "/api/decisions/:decisionId", allow: STAFF, setup: decision },

  // ---- calendar.ts ----
  {
    method: "GET",
    path: "/api/districts/:districtId/calendar",
    allow: plus(READERS, "head", "methodologist", "assessment", "mentor"),
    note: "the responsible roles see their entries; the working group all, read-only",
  },
  { method: "POST", path: "/api/districts/:districtId/calendar", allow: STAFF, body: CALENDAR_ENTRY },
  { method: "PUT", path: "/api/calendar/:entryId", allow: STAFF, setup: calendarEntry, body: CALENDAR_ENTRY },
  { method: "DELETE", path: "/api/calendar/:entryId", allow: STAFF, setup: calendarEntry },
  { method: "POST", path: "/api/calendar/:entryId/done", allow: plus(STAFF, "head"), setup: calendarEntry, body: { done: true }, note: "the head is responsible for the entry" },

  // ---- broadcasts.ts ----
  { method: "GET", path: "/api/districts/:districtId/broadcast-options", allow: STAFF },
  { method: "POST", path: "/api/districts/:districtId/broadcasts/preview", allow: STAFF, body: { target: TARGET } },
  { method: "POST", path: "/api/districts/:districtId/broadcasts/files", allow: STAFF },
  { method: "POST", path: "/api/districts/:districtId/broadcasts", allow: STAFF },
  { method: "GET", path: "/api/districts/:districtId/broadcasts", allow: READERS },
  { method: "POST", path: "/api/broadcasts/:broadcastId/send", allow: STAFF, setup: broadcast },
  { method: "GET", path: "/api/broadcasts/:broadcastId", allow: READERS, setup: broadcast, note: "the delivery report" },

  // ---- reports.ts: the effectiveness report and the working group of #14 ----
  { method: "GET", path: "/api/districts/:districtId/reports", allow: READERS },
  { method: "POST", path: "/api/districts/:districtId/reports", allow: STAFF },
  { method: "GET", path: "/api/districts/:districtId/reports/:reportId", allow: READERS },
  { method: "POST", path: "/api/districts/:districtId/reports/:reportId/refresh", allow: STAFF },
  { method: "PUT", path: "/api/districts/:districtId/reports/:reportId/conclusions", allow: STAFF },
  { method: "POST", path: "/api/districts/:districtId/reports/:reportId/approve", allow: STAFF },
  { method: "POST", path: "/api/districts/:districtId/reports/:reportId/growth-points/:index/roadmap", allow: STAFF, setup: async () => ({ index: "0" }) },
  { method: "GET", path: "/api/districts/:districtId/reports/:reportId/report.xlsx", allow: READERS },
  { method: "GET", path: "/api/districts/:districtId/reports/:reportId/report.pdf", allow: READERS },
  { method: "GET", path: "/api/districts/:districtId/working-groups", allow: STAFF, note: "names and positions of members" },
  { method: "POST", path: "/api/districts/:districtId/working-groups", allow: STAFF },
  { method: "PUT", path: "/api/districts/:districtId/working-groups/:groupId", allow: STAFF },
  { method: "DELETE", path: "/api/districts/:districtId/working-groups/:groupId", allow: STAFF },
];
