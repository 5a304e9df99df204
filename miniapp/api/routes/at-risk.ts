// At-risk student categories in the Mini App API (#15 §8; seed 002): a school's counts per category and
// school year (counts only, never names) and its preventive plan as roadmap events; the district's table of
// every school with totals. Permissions are the use cases' (core/services/at-risk.ts): the head and district
// staff write, the working group reads, nobody else sees them.
import type { Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { AT_RISK_CATEGORY_NAMES, atRiskText } from "../../../core/messages/at-risk.ts";
import { addAtRiskPlanEvent, districtAtRisk, saveAtRiskCounts, schoolAtRisk, type AtRiskContext, type SchoolAtRisk } from "../../../core/services/at-risk.ts";
import { AT_RISK_CATEGORIES, AtRiskCountsSchema, AtRiskPlanEventSchema, SchoolYearSchema, atRiskIssues } from "../../../core/services/at-risk-rules.ts";
import type { PersonView } from "../../../core/services/ports.ts";
import type { ApiDeps } from "../app.ts";
import { contextRunner, jsonBody, pathId } from "../route-kit.ts";
import { apiText } from "../messages.ts";

type Env = { Variables: { person: PersonView } };

const day = (date: Date) => date.toISOString().slice(0, 10);

const categories = () => AT_RISK_CATEGORIES.map((id) => ({ id, title: AT_RISK_CATEGORY_NAMES[id] }));

const schoolJson = (result: SchoolAtRisk) => ({
  schoolYear: result.schoolYear,
  school: result.school,
  categories: categories(),
  counts: result.counts.map((row) => ({ ...row, updatedAt: row.updatedAt?.toISOString() ?? null })),
  plan: result.plan.map((entry) => ({
    category: entry.category,
    events: entry.events.map((event) => ({ id: event.id, roadmapId: event.roadmapId, number: event.number, title: event.title, dueOn: day(event.dueOn), state: event.state, indicator: event.indicator })),
  })),
  canEdit: result.canEdit,
});

export function registerAtRiskRoutes(app: Hono<Env>, deps: ApiDeps) {
  const notFound = { error: "not_found", message: apiText.notFound } as const;
  const badRequest = { error: "bad_request", message: apiText.badRequest } as const;
  const context = (): AtRiskContext | null =>
    deps.network && deps.management ? { repo: deps.repo, atRisk: deps.network.atRisk, roadmaps: deps.management.roadmaps, clock: deps.clock } : null;
  const id = pathId;
  const run = contextRunner(context);
  const invalid = (c: Context<Env>, lines: string[]) => c.json({ error: "invalid_input", message: `${atRiskText.invalidPrefix}: ${lines.join(" ")}`, issues: lines }, 400);
  const year = (c: Context<Env>) => {
    const raw = c.req.query("year");
    if (raw === undefined || raw === "") return { ok: true as const, value: undefined };
    const parsed = SchoolYearSchema.safeParse(raw);
    return parsed.success ? { ok: true as const, value: parsed.data } : { ok: false as const };
  };
  const body = jsonBody;
  const limit = bodyLimit({ maxSize: 16 * 1024 });

  app.get("/api/districts/:districtId/at-risk", async (c) => {
    const districtId = id(c, "districtId");
    const schoolYear = year(c);
    if (!districtId) return c.json(badRequest, 400);
    if (!schoolYear.ok) return invalid(c, [atRiskText.badYear]);
    return run(c, async (ctx) => {
      const result = await districtAtRisk(ctx, c.get("person"), districtId, schoolYear.value);
      return {
        ...result,
        categories: categories(),
        schools: result.schools.map((school) => ({ ...school, updatedAt: school.updatedAt?.toISOString() ?? null })),
      };
    });
  });

  app.get("/api/schools/:schoolId/at-risk", async (c) => {
    const schoolId = id(c, "schoolId");
    const schoolYear = year(c);
    if (!schoolId) return c.json(badRequest, 400);
    if (!schoolYear.ok) return invalid(c, [atRiskText.badYear]);
    return run(c, async (ctx) => schoolJson(await schoolAtRisk(ctx, c.get("person"), schoolId, schoolYear.value)));
  });

  app.put("/api/schools/:schoolId/at-risk", limit, async (c) => {
    const schoolId = id(c, "schoolId");
    if (!schoolId) return c.json(badRequest, 400);
    const parsed = AtRiskCountsSchema.safeParse(await body(c));
    if (!context()) return c.json(notFound, 404);
    if (!parsed.success) return invalid(c, atRiskIssues(parsed.error));
    return run(c, async (ctx) => schoolJson(await saveAtRiskCounts(ctx, c.get("person"), schoolId, parsed.data)));
  });

  app.post("/api/schools/:schoolId/at-risk/plan", limit, async (c) => {
    const schoolId = id(c, "schoolId");
    if (!schoolId) return c.json(badRequest, 400);
    const parsed = AtRiskPlanEventSchema.safeParse(await body(c));
    if (!context()) return c.json(notFound, 404);
    if (!parsed.success) return invalid(c, atRiskIssues(parsed.error));
    return run(c, async (ctx) => {
      const created = await addAtRiskPlanEvent(ctx, c.get("person"), schoolId, parsed.data);
      return { ...created, ...schoolJson(await schoolAtRisk(ctx, c.get("person"), schoolId, parsed.data.schoolYear)) };
    });
  });
}
