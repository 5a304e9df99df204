// Who reads the district's audit log (#16 §6, miniapp/api/routes/audit.ts): district staff and the
// regional operator of that district — not the working group, not heads, nobody else.
import { STAFF } from "./fixture.ts";
import type { RoutePolicy } from "./types.ts";

export const policy: RoutePolicy[] = [
  { method: "GET", path: "/api/districts/:districtId/audit", allow: STAFF, note: "without the audit port (the matrix's app) the allowed get 404" },
];
