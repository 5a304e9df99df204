// The municipal working group in the Mini App API (#15 §7): the composition by order (chair, secretary,
// links to the district's people), meetings with an agenda, minutes whose decisions go into the decisions
// log, and the approval of an effectiveness report by a minuted meeting. District staff write; members
// of the working group read; everyone else gets 403 (core/services/meetings.ts decides). Bodies go
// through zod with Russian messages.
import type { Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { wgText } from "../../../core/messages/working-group.ts";
import {
  approveReportAtMeeting,
  createMeeting,
  deleteMeeting,
  getMeeting,
  groupOverview,
  groupReportFile,
  isMeetingError,
  recordMinutes,
  saveGroup,
  updateMeeting,
  type MeetingsDeps,
} from "../../../core/services/meetings.ts";
import type { StoredMeeting } from "../../../core/services/meetings-ports.ts";
import { ApproveReportInputSchema, localParts, MeetingInputSchema, meetingIssues, MinutesInputSchema, parseWith, quorum } from "../../../core/services/meetings-rules.ts";
import type { PersonView } from "../../../core/services/ports.ts";
import { WorkingGroupInput, type ReportsDeps } from "../../../core/services/reports.ts";
import type { StoredWorkingGroup } from "../../../core/services/reports-ports.ts";
import type { ApiDeps } from "../app.ts";
import { apiText } from "../messages.ts";

type Env = { Variables: { person: PersonView } };

const idPattern = /^[a-z0-9]{1,40}$/;
const BASE = "/api/districts/:districtId/working-group";

const groupJson = (group: StoredWorkingGroup) => ({
  id: group.id,
  orderRef: group.orderRef,
  orderDate: group.orderDate.toISOString().slice(0, 10),
  members: group.members.map((member) => ({ name: member.name, position: member.position, role: member.role, personId: member.personId ?? null })),
});

export const meetingJson = (meeting: StoredMeeting, timezone: string) => {
  const local = localParts(meeting.heldOn, timezone);
  const attendance = meeting.attendance;
  return {
    id: meeting.id,
    workingGroupId: meeting.workingGroupId,
    number: meeting.number,
    heldOn: meeting.heldOn.toISOString(),
    date: local.date,
    time: local.time,
    place: meeting.place,
    agenda: meeting.agenda,
    state: meeting.state,
    attendance: attendance
      ? { present: attendance.present.map((member) => ({ name: member.name, position: member.position, role: member.role })), total: attendance.total, quorum: quorum(attendance.present.length, attendance.total).met }
      : null,
    minutes: meeting.minutes,
  };
};

export function registerWorkingGroupRoutes(app: Hono<Env>, deps: ApiDeps) {
  const context = (): (MeetingsDeps & { reportsDeps: ReportsDeps }) | null =>
    deps.network && deps.management
      ? {
          repo: deps.repo,
          clock: deps.clock,
          meetings: deps.network.meetings,
          reports: deps.management.reports,
          recipients: deps.network.recipients,
          reportsDeps: { repo: deps.repo, clock: deps.clock, settings: deps.settings, reports: deps.management.reports, roadmaps: deps.management.roadmaps, indicators: deps.surveys.indicators },
        }
      : null;
  const timezone = (c: Context<Env>, districtId: string) =>
    c.get("person").memberships.find((membership) => membership.districtId === districtId)?.districtTimezone ?? "Europe/Moscow";
  const limit = bodyLimit({ maxSize: 64 * 1024 });

  /** Checks the ids, runs the use case and maps its refusals to HTTP. */
  const handle =
    (run: (c: Context<Env>, ctx: MeetingsDeps & { reportsDeps: ReportsDeps }, ids: { districtId: string; id: string }) => Promise<Response>) =>
    async (c: Context<Env>) => {
      const ctx = context();
      if (!ctx) return c.json({ error: "not_found", message: wgText.errors.unavailable }, 404);
      const districtId = c.req.param("districtId") ?? "";
      const id = c.req.param("meetingId") ?? c.req.param("groupId");
      if (!idPattern.test(districtId) || (id !== undefined && !idPattern.test(id))) return c.json({ error: "bad_request", message: apiText.badRequest }, 400);
      try {
        return await run(c, ctx, { districtId, id: id ?? "" });
      } catch (error) {
        if (!isMeetingError(error)) throw error;
        const status = { forbidden: 403, not_found: 404, invalid: 400, conflict: 409 } as const;
        return c.json({ error: error.kind, message: error.message }, status[error.kind]);
      }
    };
  const invalid = (c: Context<Env>, issues: Array<{ field: string; message: string }>) =>
    c.json({ error: "invalid_input", message: `${wgText.input.invalidPrefix}: ${issues.map((issue) => issue.message).join("; ")}.`, issues }, 400);
  const body = async (c: Context<Env>) => c.req.json().catch(() => null);

  app.get(
    BASE,
    handle(async (c, ctx, { districtId }) => {
      const overview = await groupOverview(ctx, c.get("person"), districtId);
      return c.json({
        canEdit: overview.canEdit,
        groups: overview.groups.map(groupJson),
        meetings: overview.meetings.map((meeting) => meetingJson(meeting, overview.timezone)),
        reports: overview.reports,
        people: overview.people,
        today: localParts(ctx.clock.now(), overview.timezone).date,
      });
    }),
  );

  const saveGroupRoute = handle(async (c, ctx, { districtId, id }) => {
    const parsed = WorkingGroupInput.safeParse(await body(c));
    if (!parsed.success) return invalid(c, meetingIssues(parsed.error));
    const group = await saveGroup(ctx, c.get("person"), districtId, { ...parsed.data, ...(id ? { id } : {}) });
    return c.json({ group: groupJson(group) }, id ? 200 : 201);
  });
  app.post(`${BASE}/groups`, limit, saveGroupRoute);
  app.put(`${BASE}/groups/:groupId`, limit, saveGroupRoute);

  for (const format of ["xlsx", "pdf"] as const) {
    app.get(
      `${BASE}/reports/:reportId/report.${format}`,
      handle(async (c, ctx, { districtId }) => {
        const reportId = c.req.param("reportId") ?? "";
        if (!idPattern.test(reportId)) return c.json({ error: "bad_request", message: apiText.badRequest }, 400);
        const file = await groupReportFile(ctx, c.get("person"), districtId, reportId, format);
        return c.body(file.content as Uint8Array<ArrayBuffer>, 200, {
          "Content-Type": file.mimeType,
          "Content-Disposition": `attachment; filename="${file.filename}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
          "Cache-Control": "no-store",
        });
      }),
    );
  }

  app.post(
    `${BASE}/meetings`,
    limit,
    handle(async (c, ctx, { districtId }) => {
      const parsed = parseWith(MeetingInputSchema, await body(c));
      if (!parsed.ok) return invalid(c, parsed.issues);
      const meeting = await createMeeting(ctx, c.get("person"), districtId, parsed.data);
      return c.json({ meeting: meetingJson(meeting, timezone(c, districtId)) }, 201);
    }),
  );
  app.get(
    `${BASE}/meetings/:meetingId`,
    handle(async (c, ctx, { districtId, id }) => {
      const { meeting, group, canEdit } = await getMeeting(ctx, c.get("person"), districtId, id);
      return c.json({ meeting: meetingJson(meeting, timezone(c, districtId)), group: group ? groupJson(group) : null, canEdit });
    }),
  );
  app.put(
    `${BASE}/meetings/:meetingId`,
    limit,
    handle(async (c, ctx, { districtId, id }) => {
      const parsed = parseWith(MeetingInputSchema, await body(c));
      if (!parsed.ok) return invalid(c, parsed.issues);
      const meeting = await updateMeeting(ctx, c.get("person"), districtId, id, parsed.data);
      return c.json({ meeting: meetingJson(meeting, timezone(c, districtId)) });
    }),
  );
  app.delete(
    `${BASE}/meetings/:meetingId`,
    handle(async (c, ctx, { districtId, id }) => {
      await deleteMeeting(ctx, c.get("person"), districtId, id);
      return c.json({ deleted: true });
    }),
  );
  app.post(
    `${BASE}/meetings/:meetingId/minutes`,
    limit,
    handle(async (c, ctx, { districtId, id }) => {
      const parsed = parseWith(MinutesInputSchema, await body(c));
      if (!parsed.ok) return invalid(c, parsed.issues);
      const meeting = await recordMinutes(ctx, c.get("person"), districtId, id, parsed.data);
      return c.json({ meeting: meetingJson(meeting, timezone(c, districtId)) });
    }),
  );
  app.post(
    `${BASE}/meetings/:meetingId/approve-report`,
    limit,
    handle(async (c, ctx, { districtId, id }) => {
      const parsed = parseWith(ApproveReportInputSchema, await body(c));
      if (!parsed.ok) return invalid(c, parsed.issues);
      const { meeting, report } = await approveReportAtMeeting(ctx, c.get("person"), districtId, id, parsed.data.reportId);
      return c.json({
        meeting: meetingJson(meeting, timezone(c, districtId)),
        report: { id: report.id, period: report.period, approvedAt: report.approvedAt, approvalRef: report.approvalRef, workingGroupId: report.workingGroupId, meetingId: report.meetingId ?? null },
      });
    }),
  );
}
