import type { Hono } from "hono";
import { summaryText } from "../../../core/messages/summary.ts";
import { districtDeficitSummary } from "../../../core/services/aggregates.ts";
import type { PersonView } from "../../../core/services/ports.ts";
import { summaryWorkbook } from "../../../files/summary-xlsx.ts";
import type { ApiDeps } from "../app.ts";
import { apiText } from "../messages.ts";

type Env = { Variables: { person: PersonView } };

const idPattern = /^[a-z0-9]{1,40}$/;
export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/**
 * The district summary of deficits (issue #11 §6): the district, the small-schools group and
 * schools × areas, every cell through the release rules (core/release). JSON for the page and the
 * same figures as an XLSX download. District staff of that district only (core/services/aggregates.ts).
 */
export function registerAggregateRoutes(app: Hono<Env>, deps: ApiDeps) {
  const timeZoneOf = async (districtId: string) =>
    (await deps.admin.findDistricts(districtId)).find((district) => district.id === districtId)?.timezone ?? "Europe/Moscow";

  app.get("/api/districts/:districtId/summary", async (c) => {
    const districtId = c.req.param("districtId");
    if (!idPattern.test(districtId)) return c.json({ error: "bad_request", message: apiText.badRequest }, 400);
    const summary = await districtDeficitSummary(deps, c.get("person"), districtId);
    return c.json({ ...summary, releaseStep: deps.settings.releaseStep });
  });

  app.get("/api/districts/:districtId/summary.xlsx", async (c) => {
    const districtId = c.req.param("districtId");
    if (!idPattern.test(districtId)) return c.json({ error: "bad_request", message: apiText.badRequest }, 400);
    const summary = await districtDeficitSummary(deps, c.get("person"), districtId);
    const timeZone = await timeZoneOf(districtId);
    const file = await summaryWorkbook(summary, { timeZone, releaseStep: deps.settings.releaseStep });
    const name = summaryText.fileName(deps.clock.now().toISOString().slice(0, 10));
    return c.body(file as Uint8Array<ArrayBuffer>, 200, {
      "Content-Type": XLSX_TYPE,
      "Content-Disposition": `attachment; filename="${name}"; filename*=UTF-8''${encodeURIComponent(name)}`,
      "Cache-Control": "no-store",
    });
  });
}
