// Visits and consultations in the Mini App API (#15 §3): the district (and the working group, read-only)
// reads every visit of the school year with the indicators against the plan and the released feedback on
// mentoring; a head reads their school's visits and confirms or disputes them; an author reads their own.
// Permissions are the use cases' (core/services/visits.ts); ids and bodies go through zod.
import type { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { z } from "zod";
import type { PersonView } from "../../../core/services/ports.ts";
import {
  confirmVisit,
  disputeVisit,
  visitDetail,
  visitFile,
  visitsOverview,
  type VisitsReadDeps,
  type VisitSummary,
} from "../../../core/services/visits.ts";
import type { PlanRow } from "../../../core/services/visits-indicators.ts";
import type { ApiDeps } from "../app.ts";
import { contextRunner, jsonBody, pathId } from "../route-kit.ts";
import { apiText } from "../messages.ts";

type Env = { Variables: { person: PersonView } };

const YearQuery = z.object({ year: z.string().regex(/^\d{4}\/\d{2}$/).optional() });
const DisputeBody = z.object({ reason: z.string().max(5000) });

const iso = (date: Date | null) => (date ? date.toISOString() : null);
const day = (date: Date | null) => (date ? date.toISOString().slice(0, 10) : null);

const summaryJson = (visit: VisitSummary) => ({
  id: visit.id,
  schoolId: visit.schoolId,
  schoolName: visit.schoolName,
  authorId: visit.authorId,
  authorName: visit.authorName,
  visitDate: day(visit.visitDate),
  format: visit.format,
  state: visit.state,
  submittedAt: iso(visit.submittedAt),
  hasFile: visit.hasFile,
  canDecide: visit.canDecide,
});

const rowJson = (row: PlanRow) => ({ ...row });

export function registerVisitsRoutes(app: Hono<Env>, deps: ApiDeps) {
  const badRequest = { error: "bad_request", message: apiText.badRequest } as const;
  const context = (): VisitsReadDeps | null =>
    deps.network ? { clock: deps.clock, network: deps.network, repo: deps.repo, settings: deps.settings, surveys: deps.surveys } : null;
  const id = pathId;
  const run = contextRunner(context);
  const limit = bodyLimit({ maxSize: 16 * 1024 });

  app.get("/api/districts/:districtId/visits", async (c) => {
    const districtId = id(c, "districtId");
    const query = YearQuery.safeParse(c.req.query());
    if (!districtId || !query.success) return c.json(badRequest, 400);
    return run(c, async (ctx) => {
      const overview = await visitsOverview(ctx, c.get("person"), districtId, query.data.year);
      const { indicators, feedback } = overview;
      return c.json({
        districtId,
        schoolYear: overview.schoolYear,
        scope: overview.scope,
        indicators: {
          from: day(indicators.from),
          to: day(indicators.to),
          bySchool: indicators.bySchool.map(rowJson),
          byMentor: indicators.byMentor.map(rowJson),
          total: rowJson(indicators.total),
        },
        visits: overview.visits.map(summaryJson),
        feedback: feedback && {
          campaign: feedback.campaign && { ...feedback.campaign, opensAt: iso(feedback.campaign.opensAt), closesAt: iso(feedback.campaign.closesAt) },
          minRespondents: feedback.minRespondents,
          releasedAt: iso(feedback.releasedAt),
          questions: feedback.questions,
        },
      });
    });
  });

  app.get("/api/visits/:visitId", async (c) => {
    const visitId = id(c, "visitId");
    if (!visitId) return c.json(badRequest, 400);
    return run(c, async (ctx) => {
      const visit = await visitDetail(ctx, c.get("person"), visitId);
      return c.json({
        visit: {
          ...summaryJson(visit),
          answers: visit.answers,
          file: visit.file,
          disputeReason: visit.disputeReason,
          confirmedAt: iso(visit.confirmedAt),
        },
      });
    });
  });

  app.get("/api/visits/:visitId/file", async (c) => {
    const visitId = id(c, "visitId");
    if (!visitId) return c.json(badRequest, 400);
    return run(c, async (ctx) => {
      const file = await visitFile(ctx, c.get("person"), visitId);
      const extension = file.name.split(".").pop()?.toLowerCase() ?? "bin";
      return c.body(file.content as Uint8Array<ArrayBuffer>, 200, {
        "Content-Type": file.mimeType,
        "Content-Disposition": `attachment; filename="visit.${/^[a-z0-9]{1,5}$/.test(extension) ? extension : "bin"}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
        "Cache-Control": "no-store",
      });
    });
  });

  app.post("/api/visits/:visitId/confirm", limit, async (c) => {
    const visitId = id(c, "visitId");
    if (!visitId) return c.json(badRequest, 400);
    return run(c, async (ctx) => {
      const outcome = await confirmVisit(ctx, c.get("person"), visitId);
      return c.json({ result: outcome.kind, state: outcome.kind === "already" ? outcome.state : "confirmed" });
    });
  });

  app.post("/api/visits/:visitId/dispute", limit, async (c) => {
    const visitId = id(c, "visitId");
    if (!visitId) return c.json(badRequest, 400);
    const body = DisputeBody.safeParse(await c.req.json().catch(() => null));
    return run(c, async (ctx) => {
      const outcome = await disputeVisit(ctx, c.get("person"), visitId, body.success ? body.data.reason : null);
      return c.json({ result: outcome.kind, state: outcome.kind === "already" ? outcome.state : outcome.visit.state });
    });
  });
}
