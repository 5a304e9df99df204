import type { Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { z } from "zod";
import { isAdminError } from "../../../core/services/admin.ts";
import {
  districtRiskProfiles,
  getRiskSettings,
  recomputeDistrict,
  schoolRiskProfile,
  setRiskSettings,
  type RiskContext,
} from "../../../core/services/risk-profile.ts";
import { riskText } from "../../../core/messages/risk-profile.ts";
import type { PersonView } from "../../../core/services/ports.ts";
import type { ApiDeps } from "../app.ts";
import { apiText } from "../messages.ts";

type Env = { Variables: { person: PersonView } };

const idPattern = /^[a-z0-9]{1,40}$/;
const YearQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() });
const RecomputeBody = z.object({ year: z.number().int().min(2000).max(2100).optional() });
const SettingsBody = z.object({ settings: z.record(z.string(), z.unknown()), note: z.string().max(500) });

/**
 * The risk profile (#13 §6) in the Mini App: a school's profile of a year (the seed's table, the radar
 * against the district's average, the history), the district's list of schools, recomputing, and the
 * district's settings with their versions. Who may see what is checked in core/services/risk-profile.ts:
 * a head their own school, district staff every school of their district, nobody else.
 */
export function registerRiskProfileRoutes(app: Hono<Env>, deps: ApiDeps) {
  const ctx = (): RiskContext => ({ repo: deps.repo, admin: deps.admin, surveys: deps.surveys, clock: deps.clock, settings: deps.settings });
  const badRequest = (c: Context<Env>, message: string = apiText.badRequest) => c.json({ error: "bad_request", message }, 400);

  const run = async <T>(c: Context<Env>, work: (context: RiskContext, actor: PersonView) => Promise<T>) => {
    try {
      return c.json((await work(ctx(), c.get("person"))) as object);
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
  const year = (c: Context<Env>) => {
    const parsed = YearQuery.safeParse(c.req.query());
    return parsed.success ? parsed.data : null;
  };

  app.get("/api/schools/:schoolId/risk-profile", async (c) => {
    const schoolId = param(c, "schoolId");
    const query = year(c);
    if (!schoolId || !query) return badRequest(c, riskText.badYear);
    return run(c, (context, actor) => schoolRiskProfile(context, actor, { schoolId, year: query.year }));
  });

  app.get("/api/districts/:districtId/risk-profiles", async (c) => {
    const districtId = param(c, "districtId");
    const query = year(c);
    if (!districtId || !query) return badRequest(c, riskText.badYear);
    return run(c, (context, actor) => districtRiskProfiles(context, actor, { districtId, year: query.year }));
  });

  app.post("/api/districts/:districtId/risk-profiles/recompute", bodyLimit({ maxSize: 4 * 1024 }), async (c) => {
    const districtId = param(c, "districtId");
    const parsed = RecomputeBody.safeParse(await c.req.json().catch(() => ({})));
    if (!districtId || !parsed.success) return badRequest(c, riskText.badYear);
    return run(c, (context, actor) => recomputeDistrict(context, actor, { districtId, year: parsed.data.year }));
  });

  app.get("/api/districts/:districtId/risk-settings", async (c) => {
    const districtId = param(c, "districtId");
    if (!districtId) return badRequest(c);
    return run(c, (context, actor) => getRiskSettings(context, actor, { districtId }));
  });

  app.post("/api/districts/:districtId/risk-settings", bodyLimit({ maxSize: 64 * 1024 }), async (c) => {
    const districtId = param(c, "districtId");
    const parsed = SettingsBody.safeParse(await c.req.json().catch(() => null));
    if (!districtId || !parsed.success) return badRequest(c, riskText.settingsInvalid);
    return run(c, (context, actor) => setRiskSettings(context, actor, { districtId, settings: parsed.data.settings, note: parsed.data.note }));
  });
}
