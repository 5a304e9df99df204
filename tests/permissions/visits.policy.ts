// Policies of miniapp/api/routes/visits.ts (#15 §3), read from core/services/visits.ts: the district, a
// regional operator and the working group read every visit of the district; a head reads their school's
// visits and alone confirms or disputes them; a mentor, tutor or curator reads their own visits (the list
// answers them with their own; another author's report is 404); everyone else is refused.
import type { Role } from "../../core/roles.ts";
import { READERS } from "./fixture.ts";
import type { MatrixFixture, RoutePolicy } from "./types.ts";

/** A submitted visit at the fixture's school, reported by the fixture's mentor. */
async function visit(fixture: MatrixFixture): Promise<Record<string, string>> {
  const created = await fixture.db.prisma.visit.create({
    data: {
      districtId: fixture.districtId,
      schoolId: fixture.schoolId,
      authorId: fixture.people.mentor,
      instrumentId: "visit_report@2",
      answers: { v_date: { kind: "text", text: "10.11.2026" }, v_format: { kind: "int", value: 1 } },
      state: "submitted",
      format: "onsite",
      visitDate: new Date(Date.UTC(2026, 10, 10)),
      submittedAt: new Date(),
    },
  });
  return { visitId: created.id };
}

const LIST: Role[] = [...READERS, "head", "mentor", "tutor", "curator"];

export const policy: RoutePolicy[] = [
  { method: "GET", path: "/api/districts/:districtId/visits", allow: LIST, note: "the district all; a head their school; an author their own" },
  { method: "GET", path: "/api/visits/:visitId", allow: [...READERS, "head", "mentor"], setup: visit, note: "the district, the school's head, the author" },
  { method: "GET", path: "/api/visits/:visitId/file", allow: [...READERS, "head", "mentor"], setup: visit, note: "no file: 404 for those allowed" },
  { method: "POST", path: "/api/visits/:visitId/confirm", allow: ["head"], setup: visit, body: {}, note: "the head of the visit's school" },
  { method: "POST", path: "/api/visits/:visitId/dispute", allow: ["head"], setup: visit, body: { reason: "Визита не было" }, note: "the head of the visit's school" },
];
