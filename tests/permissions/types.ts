// The permission matrix's policy format (#15 §1, §10): each area lists its API routes and who may use
// them; tests/permissions/matrix.test.ts checks every role × every route against it.
import type { Database } from "../../prisma/db.ts";
import type { Role } from "../../core/roles.ts";

/**
 * The world the matrix runs in: one district with two schools, and one person per role. School roles
 * (head, teacher, parent, mentor, tutor, curator, curator_head) belong to `schoolId`; district roles
 * (district, methodologist, assessment, working_group, regional) to `districtId`. `otherDistrictId` has
 * its own district staff (`foreignDistrictPersonId`), who must be refused everywhere in `districtId`.
 */
export interface MatrixFixture {
  db: Database;
  districtId: string;
  schoolId: string;
  /** A second school of the same district where no school role of the matrix belongs. */
  otherSchoolId: string;
  otherDistrictId: string;
  /** Person ids by role (one person per role). */
  people: Record<Role, string>;
  foreignDistrictPersonId: string;
}

export interface RoutePolicy {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Exactly as registered with Hono, e.g. "/api/districts/:districtId/visits". */
  path: string;
  /**
   * Roles that may use the route with the fixture's ids: they must not get 401 or 403. Every other role
   * (and a stranger, and the other district's staff) must get no 2xx answer.
   */
  allow: readonly Role[];
  /**
   * Real ids for the path's other parameters (`:visitId` …), created in the fixture's district and school.
   * Without it `:districtId` is the fixture's district, `:schoolId` its school, and other ids are random
   * (then allowed roles may meet 404, which still proves nothing is leaked to the others).
   */
  setup?: (fixture: MatrixFixture) => Promise<Record<string, string>>;
  /** A JSON body for POST/PUT/PATCH (default `{}`). */
  body?: unknown;
  /** Why, when it is not obvious (e.g. "the head of the visit's school"). */
  note?: string;
}
