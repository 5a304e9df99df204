// The indicators of #13 §9 in the Mini App: district staff and the methodologist see every school and
// the district, a head their school (core/services/indicators.ts decides; release rules applied there).
import type { Hono } from "hono";
import { z } from "zod";
import { isAdminError } from "../../../core/services/admin.ts";
import { districtIndicators } from "../../../core/services/indicators.ts";
import type { PersonView } from "../../../core/services/ports.ts";
import type { ApiDeps } from "../app.ts";
import { apiText } from "../messages.ts";

type Env = { Variables: { person: PersonView } };

const idPattern = /^[a-z0-9]{1,40}$/;
const Query = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  schoolId: z.string().regex(idPattern).optional(),
});

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
}
