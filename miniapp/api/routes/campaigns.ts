// Campaigns of every instrument in the Mini App (#13): what can be opened (instruments, schools,
// clusters and lists of the identification), opening with an audience and a reminder cadence, and
// the live response rates of one campaign per school (counts only, never who). District staff of
// the campaign's district only; the checks are in the use cases (core/services/campaigns.ts).
// The list and closing stay where they were (routes/district.ts: GET …/campaigns, POST /api/campaigns/:id/close).
import { randomBytes } from "node:crypto";
import type { Context, Hono } from "hono";
import { z } from "zod";
import { RESPONDENTS } from "../../../core/instruments/schema.ts";
import { isAdminError } from "../../../core/services/admin.ts";
import { campaignOptions, campaignRates, openCampaign, REMIND_EVERY_MAX, SchoolChoiceSchema, type CampaignContext } from "../../../core/services/campaigns.ts";
import type { PersonView } from "../../../core/services/ports.ts";
import type { ApiDeps } from "../app.ts";
import { apiText } from "../messages.ts";

type Env = { Variables: { person: PersonView } };

const idPattern = /^[a-z0-9]{1,40}$/;

export const OpenSurveyCampaignBody = z.object({
  instrumentKey: z.string().regex(/^[a-z0-9_]{1,32}$/),
  /** A version the district sees; without it the district's default (campaignOptions). */
  instrumentVersion: z.number().int().min(1).max(10_000).optional(),
  title: z.string().trim().min(1).max(200).optional(),
  /** A local calendar date "YYYY-MM-DD"; without it the campaign opens now. */
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  days: z.number().int().min(1).max(366).optional(),
  roles: z.array(z.enum(RESPONDENTS)).min(1).max(RESPONDENTS.length).optional(),
  schools: SchoolChoiceSchema.optional(),
  remindEveryDays: z.number().int().min(0).max(REMIND_EVERY_MAX).optional(),
});

export function registerCampaignRoutes(app: Hono<Env>, deps: ApiDeps) {
  const badRequest = { error: "bad_request", message: apiText.badRequest } as const;
  const context = (): CampaignContext => ({
    admin: deps.admin,
    repo: deps.repo,
    clock: deps.clock,
    randomBytes: (size) => randomBytes(size),
    ...(deps.ident ? { ident: deps.ident } : {}),
  });
  const run = async <T>(c: Context<Env>, work: () => Promise<T>) => {
    try {
      return c.json((await work()) as object);
    } catch (error) {
      if (!isAdminError(error)) throw error;
      const status = error.kind === "forbidden" ? 403 : error.kind === "not_found" ? 404 : 400;
      return c.json({ error: error.kind, message: error.message, field: error.detail.field ?? null }, status);
    }
  };
  const param = (c: Context<Env>, name: string) => {
    const value = c.req.param(name);
    return value && idPattern.test(value) ? value : null;
  };

  app.get("/api/districts/:districtId/campaign-options", async (c) => {
    const district = param(c, "districtId");
    if (!district) return c.json(badRequest, 400);
    return run(c, () => campaignOptions(context(), c.get("person"), { district }));
  });

  app.post("/api/districts/:districtId/campaigns/open", async (c) => {
    const district = param(c, "districtId");
    const parsed = OpenSurveyCampaignBody.safeParse(await c.req.json().catch(() => null));
    if (!district || !parsed.success) return c.json(badRequest, 400);
    return run(c, () => openCampaign(context(), c.get("person"), { district, ...parsed.data }));
  });

  app.get("/api/campaigns/:campaignId/rates", async (c) => {
    const campaign = param(c, "campaignId");
    if (!campaign) return c.json(badRequest, 400);
    return run(c, () => campaignRates(context(), c.get("person"), { campaign }));
  });
}
