// The management decisions log in the Mini App API (#14 §3): district staff list (by kind, level,
// period), record, edit and delete the district's decisions; a head reads the decisions about their
// school. Permissions are the use cases' (core/services/decisions.ts); bodies and queries go through
// zod with Russian messages.
import type { Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { DecisionFilterSchema, decisionIssues, parseDecisionInput } from "../../../core/management/decisions.ts";
import { isoOf } from "../../../core/management/calendar-defaults.ts";
import { decisionText } from "../../../core/messages/decisions.ts";
import { isAdminError } from "../../../core/services/admin.ts";
import {
  createDecision,
  decisionFormOptions,
  deleteDecision,
  getDecision,
  listDecisions,
  updateDecision,
  type DecisionsContext,
} from "../../../core/services/decisions.ts";
import type { DecisionRecord } from "../../../core/services/decisions-ports.ts";
import type { PersonView } from "../../../core/services/ports.ts";
import type { ApiDeps } from "../app.ts";
import { apiText } from "../messages.ts";

type Env = { Variables: { person: PersonView } };

const idPattern = /^[a-z0-9]{1,40}$/;

export const decisionJson = (decision: DecisionRecord) => ({
  id: decision.id,
  districtId: decision.districtId,
  schoolId: decision.schoolId,
  schoolName: decision.schoolName,
  kind: decision.kind,
  docType: decision.docType,
  docNumber: decision.docNumber,
  docDate: isoOf(decision.docDate),
  title: decision.title,
  level: decision.level,
  horizon: decision.horizon,
  risks: decision.risks,
  resources: decision.resources,
  note: decision.note,
  meetingId: decision.meetingId,
  createdAt: decision.createdAt.toISOString(),
  recommendations: decision.recommendations,
});

export function registerDecisionsRoutes(app: Hono<Env>, deps: ApiDeps) {
  const notFound = { error: "not_found", message: apiText.notFound } as const;
  const badRequest = { error: "bad_request", message: apiText.badRequest } as const;
  const context = (): DecisionsContext | null => (deps.management ? { decisions: deps.management.decisions } : null);
  const id = (c: Context<Env>, name: string) => {
    const value = c.req.param(name);
    return value && idPattern.test(value) ? value : null;
  };
  const run = async (c: Context<Env>, work: (ctx: DecisionsContext) => Promise<object>) => {
    const ctx = context();
    if (!ctx) return c.json(notFound, 404);
    try {
      return c.json(await work(ctx));
    } catch (error) {
      if (!isAdminError(error)) throw error;
      const status = error.kind === "forbidden" ? 403 : error.kind === "not_found" ? 404 : 400;
      return c.json({ error: error.kind, message: error.message, field: error.detail.field ?? null }, status);
    }
  };
  const invalid = (c: Context<Env>, issues: Array<{ field: string; message: string }>) =>
    c.json({ error: "invalid_input", message: `${decisionText.invalidPrefix}: ${issues.map((issue) => issue.message).join("; ")}.`, issues }, 400);
  const body = async (c: Context<Env>) => c.req.json().catch(() => null);
  const limit = bodyLimit({ maxSize: 64 * 1024 });

  app.get("/api/districts/:districtId/decisions", async (c) => {
    const districtId = id(c, "districtId");
    if (!districtId) return c.json(badRequest, 400);
    const query = Object.fromEntries(Object.entries(c.req.query()).filter(([, value]) => value !== ""));
    const filter = DecisionFilterSchema.safeParse(query);
    if (!filter.success) return invalid(c, decisionIssues(filter.error));
    return run(c, async (ctx) => {
      const { decisions, canEdit } = await listDecisions(ctx, c.get("person"), districtId, filter.data);
      return { decisions: decisions.map(decisionJson), canEdit };
    });
  });

  app.get("/api/districts/:districtId/decision-options", async (c) => {
    const districtId = id(c, "districtId");
    if (!districtId) return c.json(badRequest, 400);
    return run(c, (ctx) => decisionFormOptions(ctx, c.get("person"), districtId));
  });

  app.post("/api/districts/:districtId/decisions", limit, async (c) => {
    const districtId = id(c, "districtId");
    if (!districtId) return c.json(badRequest, 400);
    const parsed = parseDecisionInput(await body(c));
    if (!context()) return c.json(notFound, 404);
    if (!parsed.ok) return invalid(c, parsed.issues);
    return run(c, async (ctx) => ({ decision: decisionJson(await createDecision(ctx, c.get("person"), districtId, parsed.data)) }));
  });

  app.get("/api/decisions/:decisionId", async (c) => {
    const decisionId = id(c, "decisionId");
    if (!decisionId) return c.json(badRequest, 400);
    return run(c, async (ctx) => ({ decision: decisionJson(await getDecision(ctx, c.get("person"), decisionId)) }));
  });

  app.put("/api/decisions/:decisionId", limit, async (c) => {
    const decisionId = id(c, "decisionId");
    if (!decisionId) return c.json(badRequest, 400);
    const parsed = parseDecisionInput(await body(c));
    if (!context()) return c.json(notFound, 404);
    if (!parsed.ok) return invalid(c, parsed.issues);
    return run(c, async (ctx) => ({ decision: decisionJson(await updateDecision(ctx, c.get("person"), decisionId, parsed.data)) }));
  });

  app.delete("/api/decisions/:decisionId", async (c) => {
    const decisionId = id(c, "decisionId");
    if (!decisionId) return c.json(badRequest, 400);
    return run(c, async (ctx) => {
      await deleteDecision(ctx, c.get("person"), decisionId);
      return { deleted: decisionId };
    });
  });
}
