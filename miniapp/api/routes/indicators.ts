// The indicators of #13 §9 in the Mini App: district staff and the methodologist see every school and
// the district, a head their school (core/services/indicators.ts decides; release rules applied there).
// The trends (#14 §6): every indicator of DOMAIN.md §8 the product has data for, year by year, with
// its method, source and executor; they need the #14 context (absent: 404).
import type { Hono } from "hono";
import { z } from "zod";
import { isAdminError } from "../../../core/services/admin.ts";
import { districtIndicators, districtIndicatorTrends } from "../../../core/services/indicators.ts";
import type { PersonView } from "../../../core/services/ports.ts";
import type { ApiDeps } from "../app.ts";
import { apiText } from "../messages.ts";

type Env = { Variables: { person: PersonView } };

const idPattern = /^[a-z0-9]{1,40}$/;
const Query = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  schoolId: z.string().regex(idPattern).optional(),
});

const TrendsQuery = z.object({ schoolId: z.string().regex(idPattern).optional() });

export function registerIndicatorRoutes(app: Hono<Env>, deps: ApiDeps) {
  app.get("/api/districts/:districtId/indicators", async (c) => {
    const districtId = c.req.param("districtId");
    const query = Query.safeParse(c.req.query());
    if (!idPattern.test(districtId) || !query.success) return c.json({ error: "bad_request", message: apiText.badRequest }, 400);
    try {
      const view = await districtIndicators(
        { repo: deps.repo, clock: deps.clock, settings: deps.settings, indicators: deps.surveys.indicators },
        c.get("person"),
        { districtId, ...query.data },
      );
      return c.json(view);
    } catch (error) {
      if (!isAdminError(error)) throw error;
      return c.json({ error: error.kind, message: error.message }, error.kind === "forbidden" ? 403 : 400);
    }
  });

  app.get("/api/districts/:districtId/indicators/trends", async (c) => {
    const districtId = c.req.param("districtId");
    const query = TrendsQuery.safeParse(c.req.query());
    if (!idPattern.test(districtId) || !query.success) return c.json({ error: "bad_request", message: apiText.badRequest }, 400);
    if (!deps.management) return c.json({ error: "not_found", message: apiText.notFound }, 404);
    try {
      const view = await districtIndicatorTrends(
        { repo: deps.repo, clock: deps.clock, settings: deps.settings, indicators: deps.surveys.indicators, schoolIndicators: deps.management.reports },
        c.get("person"),
        { districtId, ...query.data },
      );
      return c.json(view);
    } catch (error) {
      if (!isAdminError(error)) throw error;
      return c.json({ error: error.kind, message: error.message }, error.kind === "forbidden" ? 403 : 400);
    }
  });
}
