import type { Hono } from "hono";
import { z } from "zod";
import { canManageDistrict } from "../../../core/access/permissions.ts";
import { DomainError } from "../../../core/errors.ts";
import { OPERATOR_DEFAULTS } from "../../../core/messages/ru.ts";
import { setDistrictOperator } from "../../../core/services/onboarding.ts";
import type { PersonView } from "../../../core/services/ports.ts";
import type { ApiDeps } from "../app.ts";
import { apiText } from "../messages.ts";

type Env = { Variables: { person: PersonView } };

const idPattern = /^[a-z0-9]{1,40}$/;
const field = z.string().max(1000);
const OperatorBody = z.object({
  name: field,
  address: field,
  term: field,
  purpose: field.optional(),
  data: field.optional(),
  actions: field.optional(),
  withdrawal: field.optional(),
});

/**
 * The operator of personal data for the consent text (152-ФЗ, issue #11 §4): district staff of that
 * district read and set it. Until it is set, no invite is issued (core/services/onboarding.ts).
 */
export function registerOperatorRoutes(app: Hono<Env>, deps: ApiDeps) {
  app.get("/api/districts/:districtId/operator", async (c) => {
    const districtId = c.req.param("districtId");
    if (!idPattern.test(districtId)) return c.json({ error: "bad_request", message: apiText.badRequest }, 400);
    const person = c.get("person");
    if (!canManageDistrict(person.memberships, districtId)) {
      throw new DomainError("forbidden", { action: "getOperator", personId: person.id, districtId });
    }
    return c.json({ operator: await deps.repo.getOperator(districtId), defaults: OPERATOR_DEFAULTS });
  });

  app.put("/api/districts/:districtId/operator", async (c) => {
    const districtId = c.req.param("districtId");
    const body = OperatorBody.safeParse(await c.req.json().catch(() => null));
    if (!idPattern.test(districtId) || !body.success) return c.json({ error: "bad_request", message: apiText.badRequest }, 400);
    const operator = await setDistrictOperator(deps, c.get("person"), districtId, body.data);
    return c.json({ operator });
  });
}
