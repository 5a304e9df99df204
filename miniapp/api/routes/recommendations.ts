// #14 addressed recommendations in the Mini App API. District staff: the district's list (filters school and
// state), proposals for a school from its facts, edit, send (one or many), reject, the rules' versions. An
// addressee: mine, acknowledge, plan a measure, done. Who may do what is checked in core/services/recommendations.ts
// (another district's recommendation reads as not found, a wrong role is forbidden).
import type { Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { z } from "zod";
import { isAdminError } from "../../../core/services/admin.ts";
import type { PersonView } from "../../../core/services/ports.ts";
import {
  acknowledgeRecommendation,
  districtRecommendations,
  editRecommendation,
  generateRecommendations,
  getRuleSet,
  markRecommendationDone,
  myRecommendations,
  planMeasure,
  rejectRecommendation,
  saveRuleSet,
  sendRecommendations,
  type RecommendationsDeps,
} from "../../../core/services/recommendations.ts";
import type { ApiDeps } from "../app.ts";
import { apiText } from "../messages.ts";

type Env = { Variables: { person: PersonView } };

const idPattern = /^[a-z0-9]{1,40}$/;
const SMALL = bodyLimit({ maxSize: 16 * 1024 });

export function registerRecommendationsRoutes(app: Hono<Env>, deps: ApiDeps) {
  const recDeps = (): RecommendationsDeps | null =>
    deps.management
      ? { repo: deps.repo, admin: deps.admin, clock: deps.clock, settings: deps.settings, management: deps.management, surveys: deps.surveys, ident: deps.ident ?? null, library: deps.network?.library ?? null }
      : null;
  const notFound = (c: Context<Env>) => c.json({ error: "not_found", message: apiText.notFound }, 404);
  const badRequest = (c: Context<Env>) => c.json({ error: "bad_request", message: apiText.badRequest }, 400);

  const run = async <T>(c: Context<Env>, work: (context: RecommendationsDeps, actor: PersonView) => Promise<T>) => {
    const context = recDeps();
    if (!context) return notFound(c);
    try {
      return c.json((await work(context, c.get("person"))) as object);
    } catch (error) {
      if (!isAdminError(error)) throw error;
      const status = error.kind === "forbidden" ? 403 : error.kind === "not_found" ? 404 : 400;
      return c.json({ error: error.kind, message: error.message, field: error.detail.field ?? null, lines: error.detail.lines ?? [] }, status);
    }
  };
  const param = (c: Context<Env>, name: string) => {
    const value = c.req.param(name);
    return value && idPattern.test(value) ? value : null;
  };
  const body = async (c: Context<Env>) => c.req.json().catch(() => null) as Promise<unknown>;

  // ---- district staff ----
  const ListQuery = z.object({ schoolId: z.string().regex(idPattern).optional(), state: z.string().max(20).optional() });
  app.get("/api/districts/:districtId/recommendations", async (c) => {
    const districtId = param(c, "districtId");
    const query = ListQuery.safeParse(c.req.query());
    if (!districtId || !query.success) return badRequest(c);
    return run(c, async (context, actor) => ({ recommendations: await districtRecommendations(context, actor, { districtId, ...query.data }) }));
  });

  const GenerateBody = z.object({ schoolId: z.string().regex(idPattern) });
  app.post("/api/districts/:districtId/recommendations/generate", SMALL, async (c) => {
    const districtId = param(c, "districtId");
    const parsed = GenerateBody.safeParse(await body(c));
    if (!districtId || !parsed.success) return badRequest(c);
    return run(c, (context, actor) => generateRecommendations(context, actor, { districtId, schoolId: parsed.data.schoolId }));
  });

  const SendBody = z.object({ ids: z.array(z.string().regex(idPattern)).min(1).max(100) });
  app.post("/api/districts/:districtId/recommendations/send", SMALL, async (c) => {
    const districtId = param(c, "districtId");
    const parsed = SendBody.safeParse(await body(c));
    if (!districtId || !parsed.success) return badRequest(c);
    return run(c, (context, actor) => sendRecommendations(context, actor, { districtId, ids: parsed.data.ids }));
  });

  app.patch("/api/recommendations/:id", SMALL, async (c) => {
    const id = param(c, "id");
    const patch = await body(c);
    if (!id || typeof patch !== "object" || patch === null) return badRequest(c);
    return run(c, (context, actor) => editRecommendation(context, actor, { id, patch }));
  });

  app.post("/api/recommendations/:id/reject", async (c) => {
    const id = param(c, "id");
    if (!id) return badRequest(c);
    return run(c, (context, actor) => rejectRecommendation(context, actor, { id }));
  });

  app.get("/api/districts/:districtId/recommendation-rules", async (c) => {
    const districtId = param(c, "districtId");
    if (!districtId) return badRequest(c);
    return run(c, (context, actor) => getRuleSet(context, actor, { districtId }));
  });

  const RulesBody = z.object({ rules: z.unknown(), note: z.unknown() });
  app.post("/api/districts/:districtId/recommendation-rules", bodyLimit({ maxSize: 256 * 1024 }), async (c) => {
    const districtId = param(c, "districtId");
    const parsed = RulesBody.safeParse(await body(c));
    if (!districtId || !parsed.success) return badRequest(c);
    return run(c, (context, actor) => saveRuleSet(context, actor, { districtId, rules: parsed.data.rules, note: parsed.data.note }));
  });

  // ---- the addressee ----
  app.get("/api/me/recommendations", async (c) => run(c, async (context, actor) => ({ recommendations: await myRecommendations(context, actor) })));

  app.post("/api/recommendations/:id/ack", async (c) => {
    const id = param(c, "id");
    if (!id) return badRequest(c);
    return run(c, (context, actor) => acknowledgeRecommendation(context, actor, { id }));
  });

  const MeasureBody = z.object({ title: z.string().max(1000), dueOn: z.string().max(20) });
  app.post("/api/recommendations/:id/measures", SMALL, async (c) => {
    const id = param(c, "id");
    const parsed = MeasureBody.safeParse(await body(c));
    if (!id || !parsed.success) return badRequest(c);
    return run(c, (context, actor) => planMeasure(context, actor, { id, ...parsed.data }));
  });

  app.post("/api/recommendations/:id/done", async (c) => {
    const id = param(c, "id");
    if (!id) return badRequest(c);
    return run(c, (context, actor) => markRecommendationDone(context, actor, { id }));
  });
}
