import type { Hono } from "hono";
import { districtCompletion, schoolCompletion } from "../../../core/services/completion.ts";
import { remindUnfinished } from "../../../core/services/reminders.ts";
import type { PersonView } from "../../../core/services/ports.ts";
import type { ApiDeps } from "../app.ts";
import { apiText } from "../messages.ts";

type Env = { Variables: { person: PersonView } };

const idPattern = /^[a-z0-9]{1,40}$/;

/**
 * District work in the Mini App: completion figures (never names) and reminders for the district
 * staff, and the same for one school to its head. Every check is in the core use cases.
 */
export function registerDistrictRoutes(app: Hono<Env>, deps: ApiDeps) {
  const badRequest = { error: "bad_request", message: apiText.badRequest } as const;

  app.get("/api/districts/:districtId/completion", async (c) => {
    const districtId = c.req.param("districtId");
    if (!idPattern.test(districtId)) return c.json(badRequest, 400);
    return c.json(await districtCompletion(deps, c.get("person"), districtId));
  });

  app.post("/api/districts/:districtId/remind", async (c) => {
    const districtId = c.req.param("districtId");
    if (!idPattern.test(districtId)) return c.json(badRequest, 400);
    return c.json(await remindUnfinished(deps, c.get("person"), { districtId }));
  });

  app.get("/api/schools/:schoolId/completion", async (c) => {
    const schoolId = c.req.param("schoolId");
    if (!idPattern.test(schoolId)) return c.json(badRequest, 400);
    return c.json(await schoolCompletion(deps, c.get("person"), schoolId));
  });

  app.post("/api/schools/:schoolId/remind", async (c) => {
    const schoolId = c.req.param("schoolId");
    if (!idPattern.test(schoolId)) return c.json(badRequest, 400);
    return c.json(await remindUnfinished(deps, c.get("person"), { schoolId }));
  });
}
