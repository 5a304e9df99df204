// The аналитическая справка in the Mini App API (#14 §7): district staff of the district list,
// create, read, refresh and edit reports, keep the working group, record the approval and download
// XLSX or PDF; after approval a growth point becomes a district roadmap event. Everyone else gets
// 403 (core/services/reports.ts decides); another district's report is 404.
import type { Context, Hono } from "hono";
import { z } from "zod";
import type { PersonView } from "../../../core/services/ports.ts";
import {
  addGrowthPointToRoadmap,
  ApprovalInput,
  approveReport,
  ConclusionsInput,
  createReport,
  currentPeriodKey,
  deleteWorkingGroup,
  editConclusions,
  getReport,
  isReportError,
  listReports,
  listWorkingGroups,
  refreshReport,
  reportFile,
  saveWorkingGroup,
  WorkingGroupInput,
  type ReportsDeps,
} from "../../../core/services/reports.ts";
import type { StoredReport } from "../../../core/services/reports-ports.ts";
import { ROADMAP_SECTIONS } from "../../../core/services/roadmaps-ports.ts";
import { reportText } from "../../../core/messages/report.ts";
import type { ApiDeps } from "../app.ts";
import { apiText } from "../messages.ts";

type Env = { Variables: { person: PersonView } };

const idPattern = /^[a-z0-9]{1,40}$/;
const CreateInput = z.object({ period: z.string().regex(/^\d{4}-(H[12]|Q[1-4])$/).optional(), kind: z.enum(["half_year", "quarter"]).optional() });
const GrowthInput = z.object({ dueOn: z.coerce.date(), section: z.enum(ROADMAP_SECTIONS).optional() });

/** The list shows heads only; one report comes whole. */
const head = (report: StoredReport) => ({
  id: report.id,
  kind: report.kind,
  period: report.period,
  title: report.content.period.title,
  createdAt: report.createdAt,
  updatedAt: report.updatedAt,
  approvedAt: report.approvedAt,
  approvalRef: report.approvalRef,
  draft: report.conclusions?.draft ?? true,
});

export function registerReportsRoutes(app: Hono<Env>, deps: ApiDeps) {
  const depsOf = (): ReportsDeps | null =>
    deps.management
      ? { repo: deps.repo, clock: deps.clock, settings: deps.settings, reports: deps.management.reports, roadmaps: deps.management.roadmaps, indicators: deps.surveys.indicators }
      : null;

  /** Checks the ids, runs the use case and maps its refusals to HTTP. */
  const handle =
    (run: (c: Context<Env>, ctx: ReportsDeps, ids: { districtId: string; reportId: string; groupId: string }) => Promise<Response>) =>
    async (c: Context<Env>) => {
      const ctx = depsOf();
      if (!ctx) return c.json({ error: "not_found", message: reportText.errors.unavailable }, 404);
      const ids = { districtId: c.req.param("districtId") ?? "", reportId: c.req.param("reportId") ?? "", groupId: c.req.param("groupId") ?? "" };
      if (!idPattern.test(ids.districtId) || (c.req.param("reportId") !== undefined && !idPattern.test(ids.reportId)) || (c.req.param("groupId") !== undefined && !idPattern.test(ids.groupId))) {
        return c.json({ error: "bad_request", message: apiText.badRequest }, 400);
      }
      try {
        return await run(c, ctx, ids);
      } catch (error) {
        if (!isReportError(error)) throw error;
        const status = { forbidden: 403, not_found: 404, invalid: 400, conflict: 409 } as const;
        return c.json({ error: error.kind, message: error.message }, status[error.kind]);
      }
    };
  const body = async <T>(c: Context<Env>, schema: z.ZodType<T>): Promise<T | null> => {
    const parsed = schema.safeParse(await c.req.json().catch(() => null));
    return parsed.success ? parsed.data : null;
  };
  const bad = (c: Context<Env>) => c.json({ error: "bad_request", message: apiText.badRequest }, 400);

  app.get(
    "/api/districts/:districtId/reports",
    handle(async (c, ctx, { districtId }) => {
      const reports = await listReports(ctx, c.get("person"), districtId);
      const timezone = c.get("person").memberships.find((membership) => membership.districtId === districtId)?.districtTimezone ?? "Europe/Moscow";
      return c.json({ reports: reports.map(head), currentHalfYear: currentPeriodKey(ctx, "half_year", timezone), currentQuarter: currentPeriodKey(ctx, "quarter", timezone) });
    }),
  );

  app.post(
    "/api/districts/:districtId/reports",
    handle(async (c, ctx, { districtId }) => {
      const input = await body(c, CreateInput);
      if (!input) return bad(c);
      const timezone = c.get("person").memberships.find((membership) => membership.districtId === districtId)?.districtTimezone ?? "Europe/Moscow";
      const period = input.period ?? currentPeriodKey(ctx, input.kind ?? "half_year", timezone);
      const { report, created } = await createReport(ctx, c.get("person"), { districtId, period });
      return c.json({ report, created }, created ? 201 : 200);
    }),
  );

  app.get(
    "/api/districts/:districtId/reports/:reportId",
    handle(async (c, ctx, { districtId, reportId }) => c.json({ report: await getReport(ctx, c.get("person"), districtId, reportId) })),
  );

  app.post(
    "/api/districts/:districtId/reports/:reportId/refresh",
    handle(async (c, ctx, { districtId, reportId }) => c.json({ report: await refreshReport(ctx, c.get("person"), districtId, reportId) })),
  );

  app.put(
    "/api/districts/:districtId/reports/:reportId/conclusions",
    handle(async (c, ctx, { districtId, reportId }) => {
      const input = await body(c, ConclusionsInput);
      if (!input) return bad(c);
      return c.json({ report: await editConclusions(ctx, c.get("person"), districtId, reportId, input) });
    }),
  );

  app.post(
    "/api/districts/:districtId/reports/:reportId/approve",
    handle(async (c, ctx, { districtId, reportId }) => {
      const input = await body(c, ApprovalInput);
      if (!input) return bad(c);
      return c.json({ report: await approveReport(ctx, c.get("person"), districtId, reportId, input) });
    }),
  );

  app.post(
    "/api/districts/:districtId/reports/:reportId/growth-points/:index/roadmap",
    handle(async (c, ctx, { districtId, reportId }) => {
      const index = Number(c.req.param("index"));
      const input = await body(c, GrowthInput);
      if (!Number.isInteger(index) || index < 0 || index > 100 || !input) return bad(c);
      return c.json(await addGrowthPointToRoadmap(ctx, c.get("person"), districtId, reportId, { index, ...input }), 201);
    }),
  );

  for (const format of ["xlsx", "pdf"] as const) {
    app.get(
      `/api/districts/:districtId/reports/:reportId/report.${format}`,
      handle(async (c, ctx, { districtId, reportId }) => {
        const file = await reportFile(ctx, c.get("person"), districtId, reportId, format);
        return c.body(file.content as Uint8Array<ArrayBuffer>, 200, {
          "Content-Type": file.mimeType,
          "Content-Disposition": `attachment; filename="${file.filename}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
          "Cache-Control": "no-store",
        });
      }),
    );
  }

  // ---- the working group (its members are names and positions, not product users) ----
  app.get(
    "/api/districts/:districtId/working-groups",
    handle(async (c, ctx, { districtId }) => c.json({ groups: await listWorkingGroups(ctx, c.get("person"), districtId) })),
  );
  app.post(
    "/api/districts/:districtId/working-groups",
    handle(async (c, ctx, { districtId }) => {
      const input = await body(c, WorkingGroupInput);
      if (!input) return bad(c);
      return c.json({ group: await saveWorkingGroup(ctx, c.get("person"), districtId, input) }, 201);
    }),
  );
  app.put(
    "/api/districts/:districtId/working-groups/:groupId",
    handle(async (c, ctx, { districtId, groupId }) => {
      const input = await body(c, WorkingGroupInput);
      if (!input) return bad(c);
      return c.json({ group: await saveWorkingGroup(ctx, c.get("person"), districtId, { ...input, id: groupId }) });
    }),
  );
  app.delete(
    "/api/districts/:districtId/working-groups/:groupId",
    handle(async (c, ctx, { districtId, groupId }) => {
      await deleteWorkingGroup(ctx, c.get("person"), districtId, groupId);
      return c.json({ deleted: true });
    }),
  );
}
