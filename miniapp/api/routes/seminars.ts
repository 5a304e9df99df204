// Seminar requests and the half-year programme in the Mini App API (#15 §4): a teacher or head sends a
// request (areas pre-selected from their own diagnostic); the institute's methodologist and district
// staff (the working group reads) see the district's requests grouped with the low-solved ВПР topics,
// decline or restore a request, and save and publish the programme of a period. Permissions are the
// use cases' (core/services/seminars.ts); bodies go through zod there.
import type { Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { isAdminError } from "../../../core/services/admin.ts";
import type { PersonView } from "../../../core/services/ports.ts";
import {
  declineRequest,
  publishProgramme,
  requestForm,
  requestJson,
  requestsOverview,
  saveProgramme,
  sendRequest,
  type SeminarsDeps,
} from "../../../core/services/seminars.ts";
import type { ApiDeps } from "../app.ts";
import { apiText } from "../messages.ts";

type Env = { Variables: { person: PersonView } };

const idPattern = /^[a-z0-9]{1,40}$/;

export function seminarsApiDeps(deps: ApiDeps): SeminarsDeps | null {
  return deps.network ? { repo: deps.repo, clock: deps.clock, settings: deps.settings, network: deps.network, ident: deps.ident } : null;
}

/** Runs a use case: 404 without the network context, the use case's refusals as 400/403/404. */
export function runner(deps: ApiDeps) {
  return async (c: Context<Env>, work: (ctx: SeminarsDeps) => Promise<object>) => {
    const ctx = seminarsApiDeps(deps);
    if (!ctx) return c.json({ error: "not_found", message: apiText.notFound }, 404);
    try {
      return c.json(await work(ctx));
    } catch (error) {
      if (!isAdminError(error)) throw error;
      const status = error.kind === "forbidden" ? 403 : error.kind === "not_found" ? 404 : 400;
      return c.json({ error: error.kind, message: error.message, field: error.detail.field ?? null }, status);
    }
  };
}

export const idParam = (c: Context<Env>, name: string) => {
  const value = c.req.param(name);
  return value && idPattern.test(value) ? value : null;
};

export const jsonBody = async (c: Context<Env>) => c.req.json().catch(() => null);

export function registerSeminarsRoutes(app: Hono<Env>, deps: ApiDeps) {
  const run = runner(deps);
  const badRequest = { error: "bad_request", message: apiText.badRequest } as const;
  const limit = bodyLimit({ maxSize: 64 * 1024 });

  app.get("/api/me/seminar-requests", (c) => run(c, (ctx) => requestForm(ctx, c.get("person"))));

  app.post("/api/me/seminar-requests", limit, async (c) => {
    const body = await jsonBody(c);
    return run(c, async (ctx) => ({ request: requestJson(await sendRequest(ctx, c.get("person"), body)) }));
  });

  app.get("/api/districts/:districtId/seminar-requests", (c) => {
    const districtId = idParam(c, "districtId");
    if (!districtId) return c.json(badRequest, 400);
    return run(c, (ctx) => requestsOverview(ctx, c.get("person"), districtId));
  });

  app.post("/api/seminar-requests/:requestId/decline", limit, async (c) => {
    const requestId = idParam(c, "requestId");
    if (!requestId) return c.json(badRequest, 400);
    const body = (await jsonBody(c)) as { declined?: unknown } | null;
    const declined = body?.declined === undefined ? true : body.declined;
    if (typeof declined !== "boolean") return c.json(badRequest, 400);
    return run(c, async (ctx) => ({ request: requestJson(await declineRequest(ctx, c.get("person"), requestId, declined)) }));
  });

  app.post("/api/districts/:districtId/seminar-programmes", limit, async (c) => {
    const districtId = idParam(c, "districtId");
    if (!districtId) return c.json(badRequest, 400);
    const body = await jsonBody(c);
    return run(c, async (ctx) => ({ programme: await saveProgramme(ctx, c.get("person"), districtId, body) }));
  });

  app.post("/api/seminar-programmes/:programmeId/publish", (c) => {
    const programmeId = idParam(c, "programmeId");
    if (!programmeId) return c.json(badRequest, 400);
    return run(c, async (ctx) => ({ programme: await publishProgramme(ctx, c.get("person"), programmeId) }));
  });
}
