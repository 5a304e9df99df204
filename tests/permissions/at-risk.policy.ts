// Who may use the at-risk routes (#15 §8, miniapp/api/routes/at-risk.ts): the school's head and district
// staff write a school's counts and preventive plan; the working group reads them; the district's table of
// every school and the totals is for district staff and the working group. Nobody else sees them.
import type { Role } from "../../core/roles.ts";
import { READERS, STAFF } from "./fixture.ts";
import type { RoutePolicy } from "./types.ts";

const WRITERS: readonly Role[] = [...STAFF, "head"];

export const policy: RoutePolicy[] = [
  { method: "GET", path: "/api/districts/:districtId/at-risk", allow: READERS, note: "counts of every school and totals, never names" },
  { method: "GET", path: "/api/schools/:schoolId/at-risk", allow: [...READERS, "head"] },
  {
    method: "PUT",
    path: "/api/schools/:schoolId/at-risk",
    allow: WRITERS,
    body: { schoolYear: "2026/27", counts: [{ category: "ovz", count: 3 }] },
    note: "the working group reads only",
  },
  {
    method: "POST",
    path: "/api/schools/:schoolId/at-risk/plan",
    allow: WRITERS,
    body: { schoolYear: "2026/27", category: "absentees", title: "Совет профилактики", dueOn: "2026-11-20" },
    note: "an event of the school's roadmap",
  },
];
