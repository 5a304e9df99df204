// Assignments and school-curator pairs in the Mini App API (#15 §2): district staff list, create and end
// assignments and pairs of their district and see the curator candidates; the working group reads; a
// mentor, tutor, curator, curator school's head or school head opens "my schools" (GET /api/me/network).
// Permissions are the use cases' (core/services/assignments.ts); bodies and queries go through zod.
import type { Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { AssignmentFilterSchema, AssignmentInputSchema, PairInputSchema, assignmentIssues, parseWith, type Issue } from "../../../core/network/assignments.ts";
import { assignmentText } from "../../../core/messages/assignments.ts";
import { canManageDistrict } from "../../../core/access/permissions.ts";
import {
  assignmentOptions,
  createAssignment,
  createPair,
  endAssignment,
  endPair,
  listAssignments,
  listPairs,
  myNetwork,
  pairCandidates,
  type AssignmentsDeps,
} from "../../../core/services/assignments.ts";
import type { PersonView } from "../../../core/services/ports.ts";
import type { ApiDeps } from "../app.ts";
import { contextRunner, jsonBody, pathId } from "../route-kit.ts";
import { apiText } from "../messages.ts";

type Env = { Variables: { person: PersonView } };


export function registerAssignmentsRoutes(app: Hono<Env>, deps: ApiDeps) {
  const notFound = { error: "not_found", message: apiText.notFound } as const;
  const badRequest = { error: "bad_request", message: apiText.badRequest } as const;
  const forbidden = { error: "forbidden", message: assignmentText.onlyDistrict } as const;
  const context = (): AssignmentsDeps | null =>
    deps.network
      ? {
          assignments: deps.network.assignments,
          recipients: deps.network.recipients,
          repo: deps.repo,
          clock: deps.clock,
          ...(deps.ident ? { ident: deps.ident } : {}),
          ...(deps.management ? { roadmaps: deps.management.roadmaps } : {}),
        }
      : null;
  const id = pathId;
  const run = contextRunner(context);
  const invalid = (c: Context<Env>, issues: Issue[]) =>
    c.json({ error: "invalid_input", message: `${assignmentText.invalidPrefix}: ${issues.map((issue) => issue.message).join("; ")}.`, issues }, 400);
  const body = jsonBody;
  const limit = bodyLimit({ maxSize: 16 * 1024 });
  const query = (c: Context<Env>) => Object.fromEntries(Object.entries(c.req.query()).filter(([, value]) => value !== ""));

  // ---- assignments ----

  app.get("/api/districts/:districtId/assignments", async (c) => {
    const districtId = id(c, "districtId");
    if (!districtId) return c.json(badRequest, 400);
    const filter = AssignmentFilterSchema.safeParse(query(c));
    if (!filter.success) return invalid(c, assignmentIssues(filter.error));
    return run(c, (ctx) => listAssignments(ctx, c.get("person"), districtId, filter.data));
  });

  app.get("/api/districts/:districtId/assignment-options", async (c) => {
    const districtId = id(c, "districtId");
    if (!districtId) return c.json(badRequest, 400);
    return run(c, (ctx) => assignmentOptions(ctx, c.get("person"), districtId));
  });

  app.post("/api/districts/:districtId/assignments", limit, async (c) => {
    const districtId = id(c, "districtId");
    if (!districtId) return c.json(badRequest, 400);
    if (!context()) return c.json(notFound, 404);
    // Refused before the body is read: someone who may not assign learns nothing from the checks.
    if (!canManageDistrict(c.get("person").memberships, districtId)) return c.json(forbidden, 403);
    const parsed = parseWith(AssignmentInputSchema, await body(c));
    if (!parsed.ok) return invalid(c, parsed.issues);
    return run(c, async (ctx) => ({ assignment: await createAssignment(ctx, c.get("person"), districtId, parsed.data) }));
  });

  app.post("/api/assignments/:assignmentId/end", async (c) => {
    const assignmentId = id(c, "assignmentId");
    if (!assignmentId) return c.json(badRequest, 400);
    return run(c, async (ctx) => ({ assignment: await endAssignment(ctx, c.get("person"), assignmentId) }));
  });

  // ---- pairs ----

  app.get("/api/districts/:districtId/pairs", async (c) => {
    const districtId = id(c, "districtId");
    if (!districtId) return c.json(badRequest, 400);
    const ended = query(c).ended;
    if (ended !== undefined && ended !== "0" && ended !== "1") return c.json(badRequest, 400);
    return run(c, (ctx) => listPairs(ctx, c.get("person"), districtId, ended === "1"));
  });

  app.get("/api/districts/:districtId/pair-candidates", async (c) => {
    const districtId = id(c, "districtId");
    if (!districtId) return c.json(badRequest, 400);
    return run(c, (ctx) => pairCandidates(ctx, c.get("person"), districtId));
  });

  app.post("/api/districts/:districtId/pairs", limit, async (c) => {
    const districtId = id(c, "districtId");
    if (!districtId) return c.json(badRequest, 400);
    if (!context()) return c.json(notFound, 404);
    if (!canManageDistrict(c.get("person").memberships, districtId)) return c.json(forbidden, 403);
    const parsed = parseWith(PairInputSchema, await body(c));
    if (!parsed.ok) return invalid(c, parsed.issues);
    return run(c, async (ctx) => ({ pair: await createPair(ctx, c.get("person"), districtId, parsed.data) }));
  });

  app.post("/api/pairs/:pairId/end", async (c) => {
    const pairId = id(c, "pairId");
    if (!pairId) return c.json(badRequest, 400);
    return run(c, async (ctx) => ({ pair: await endPair(ctx, c.get("person"), pairId) }));
  });

  // ---- my schools ----

  app.get("/api/me/network", async (c) => run(c, (ctx) => myNetwork(ctx, c.get("person"))));
}
