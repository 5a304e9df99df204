// The management personnel reserve in the Mini App API (#15 §9; seed 003 §4.5): district staff list, add,
// edit and remove candidates (full name, school, current and target position, training). Nobody else: the
// working group and heads get 403, a candidate of another district reads as not found.
import type { Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { reserveText } from "../../../core/messages/reserve.ts";
import type { PersonView } from "../../../core/services/ports.ts";
import { addReserveCandidate, listReserve, removeReserveCandidate, updateReserveCandidate, type ReserveContext } from "../../../core/services/reserve.ts";
import type { ReserveCandidateRecord } from "../../../core/services/reserve-ports.ts";
import { parseReserveInput } from "../../../core/services/reserve-rules.ts";
import type { ApiDeps } from "../app.ts";
import { contextRunner, jsonBody, pathId } from "../route-kit.ts";
import { apiText } from "../messages.ts";

type Env = { Variables: { person: PersonView } };


const candidateJson = (candidate: ReserveCandidateRecord) => ({
  id: candidate.id,
  fullName: candidate.fullName,
  schoolId: candidate.schoolId,
  schoolName: candidate.schoolName,
  currentPosition: candidate.currentPosition,
  targetPosition: candidate.targetPosition,
  training: candidate.training,
  note: candidate.note,
  createdAt: candidate.createdAt.toISOString(),
  updatedAt: candidate.updatedAt.toISOString(),
});

export function registerReserveRoutes(app: Hono<Env>, deps: ApiDeps) {
  const notFound = { error: "not_found", message: apiText.notFound } as const;
  const badRequest = { error: "bad_request", message: apiText.badRequest } as const;
  const context = (): ReserveContext | null => (deps.network ? { repo: deps.repo, reserve: deps.network.reserve } : null);
  const id = pathId;
  const run = contextRunner(context);
  const invalid = (c: Context<Env>, issues: Array<{ field: string; message: string }>) =>
    c.json({ error: "invalid_input", message: `${reserveText.invalidPrefix}: ${issues.map((issue) => issue.message).join("; ")}.`, issues }, 400);
  const body = jsonBody;
  const limit = bodyLimit({ maxSize: 32 * 1024 });

  app.get("/api/districts/:districtId/reserve", async (c) => {
    const districtId = id(c, "districtId");
    if (!districtId) return c.json(badRequest, 400);
    return run(c, async (ctx) => {
      const { candidates, schools } = await listReserve(ctx, c.get("person"), districtId);
      return { candidates: candidates.map(candidateJson), schools };
    });
  });

  app.post("/api/districts/:districtId/reserve", limit, async (c) => {
    const districtId = id(c, "districtId");
    if (!districtId) return c.json(badRequest, 400);
    const parsed = parseReserveInput(await body(c));
    if (!context()) return c.json(notFound, 404);
    if (!parsed.ok) return invalid(c, parsed.issues);
    return run(c, async (ctx) => ({ candidate: candidateJson(await addReserveCandidate(ctx, c.get("person"), districtId, parsed.data)) }));
  });

  app.put("/api/reserve/:candidateId", limit, async (c) => {
    const candidateId = id(c, "candidateId");
    if (!candidateId) return c.json(badRequest, 400);
    const parsed = parseReserveInput(await body(c));
    if (!context()) return c.json(notFound, 404);
    if (!parsed.ok) return invalid(c, parsed.issues);
    return run(c, async (ctx) => ({ candidate: candidateJson(await updateReserveCandidate(ctx, c.get("person"), candidateId, parsed.data)) }));
  });

  app.delete("/api/reserve/:candidateId", async (c) => {
    const candidateId = id(c, "candidateId");
    if (!candidateId) return c.json(badRequest, 400);
    return run(c, async (ctx) => {
      await removeReserveCandidate(ctx, c.get("person"), candidateId);
      return { removed: candidateId };
    });
  });
}
