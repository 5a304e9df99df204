// The effectiveness analysis (аналитическая справка, #14 §7) as use cases: district staff create the
// report of a half-year or quarter (its content frozen at creation, «Обновить» recreates the draft
// while unapproved), edit the conclusions, record the working group (seed 002) and its approval (a
// dated decision, seed 004 §10), then correct the district roadmap from the growth points (seed 000).
// Approved reports are read only. Only district staff of the district read or write them.
import { z } from "zod";
import { canManageDistrict, canReadDistrict } from "../access/permissions.ts";
import { TEACHER_DIAGNOSTIC_KEY } from "../instruments/teacher-diagnostic.ts";
import { defaultRoadmapInit } from "../management/roadmap-template.ts";
import { buildReport, draftConclusions, parsePeriod, periodKeyOf, type ReportConclusions, type ReportKind, type ReportPeriod } from "../management/report.ts";
import { schoolYearOf } from "../management/school-year.ts";
import { TREND_KEYS } from "../messages/indicators.ts";
import { reportText } from "../messages/report.ts";
import type { MethodologySettings } from "../methodology/settings.ts";
import { indicatorTrendsView, schoolYearOf as springYearOf } from "./indicators.ts";
import type { IndicatorsRepository } from "./indicators-ports.ts";
import type { Clock, PersonView, Repository } from "./ports.ts";
import type { ReportDocument, ReportsRepository, StoredReport, StoredWorkingGroup, WorkingGroupMember } from "./reports-ports.ts";
import { ROADMAP_SECTIONS, type RoadmapsRepository } from "./roadmaps-ports.ts";

export type ReportErrorKind = "forbidden" | "not_found" | "invalid" | "conflict";

/** A refusal with a Russian message; `conflict`: the report is approved and read only. */
export class ReportError extends Error {
  constructor(
    readonly kind: ReportErrorKind,
    message: string,
  ) {
    super(message);
    this.name = "ReportError";
  }
}
export const isReportError = (error: unknown): error is ReportError => error instanceof ReportError;

export interface ReportsDeps {
  repo: Repository;
  clock: Clock;
  settings: MethodologySettings;
  reports: ReportsRepository;
  roadmaps: RoadmapsRepository;
  /** The teacher indicators' reads (#13); without them the teacher rows say «нет данных». */
  indicators?: IndicatorsRepository;
}

/** Seed 002's group has 15 members; a little room above it. */
export const MAX_GROUP_MEMBERS = 25;

export const GROUP_ROLES = ["chair", "deputy", "secretary", "member"] as const;
const groupText = reportText.groupInput;
const groupLine = (max: number) => z.string({ error: groupText.required }).trim().min(1, { error: groupText.required }).max(max, { error: groupText.tooLong(max) });

/**
 * The composition by order (seed 002): exactly one chair, at most one secretary (#15); a member may
 * name the product person they are (`personId`, checked against the district by the caller).
 */
export const WorkingGroupInput = z
  .object({
    orderRef: groupLine(200),
    orderDate: z.coerce.date({ error: groupText.badDate }),
    members: z
      .array(
        z.object({
          name: groupLine(120),
          position: groupLine(300),
          role: z.enum(GROUP_ROLES, { error: groupText.badRole }).default("member"),
          personId: z.string().regex(/^[a-z0-9]{1,40}$/, { error: groupText.badPerson }).nullable().optional(),
        }),
        { error: groupText.membersRequired },
      )
      .min(1, { error: groupText.membersRequired })
      .max(MAX_GROUP_MEMBERS, { error: groupText.tooMany(MAX_GROUP_MEMBERS) }),
  })
  .superRefine((value, ctx) => {
    const count = (role: string) => value.members.filter((member) => member.role === role).length;
    if (count("chair") !== 1) ctx.addIssue({ code: "custom", path: ["members"], message: groupText.oneChair });
    if (count("secretary") > 1) ctx.addIssue({ code: "custom", path: ["members"], message: groupText.oneSecretary });
    const linked = value.members.map((member) => member.personId).filter((id): id is string => Boolean(id));
    if (new Set(linked).size !== linked.length) ctx.addIssue({ code: "custom", path: ["members"], message: groupText.personTwice });
  });
export type WorkingGroupInput = z.infer<typeof WorkingGroupInput>;

export const ConclusionsInput = z.object({
  goalsMet: z.string().trim().max(5000),
  measuresSufficient: z.string().trim().max(5000),
  growthPoints: z.array(z.string().trim().min(1).max(500)).max(30),
});
export type ConclusionsInput = z.infer<typeof ConclusionsInput>;

export const ApprovalInput = z.object({
  approvedAt: z.coerce.date(),
  approvalRef: z.string().trim().min(1).max(200),
  workingGroupId: z.string().regex(/^[a-z0-9]{1,40}$/).nullable().optional(),
});
export type ApprovalInput = z.infer<typeof ApprovalInput>;

function timezoneOf(viewer: PersonView, districtId: string): string {
  return viewer.memberships.find((membership) => membership.districtId === districtId)?.districtTimezone ?? "Europe/Moscow";
}

/** District staff (and a regional operator) write; with `read`, the working group (#15) reads as well. */
function guard(viewer: PersonView, districtId: string, access: "manage" | "read" = "manage") {
  const allowed = access === "read" ? canReadDistrict(viewer.memberships, districtId) : canManageDistrict(viewer.memberships, districtId);
  if (!allowed) throw new ReportError("forbidden", reportText.errors.forbidden);
}

async function reportOf(deps: ReportsDeps, viewer: PersonView, districtId: string, reportId: string, access: "manage" | "read" = "manage"): Promise<StoredReport> {
  guard(viewer, districtId, access);
  const report = await deps.reports.getReport(reportId);
  if (!report || report.districtId !== districtId) throw new ReportError("not_found", reportText.errors.notFound);
  return report;
}

const unapproved = (report: StoredReport) => {
  if (report.approvedAt) throw new ReportError("conflict", reportText.errors.approved);
};

/** The content and draft conclusions of a period, from what the district has now. */
async function compose(deps: ReportsDeps, districtId: string, districtName: string, period: ReportPeriod, timezone: string) {
  const now = deps.clock.now();
  const [schools, source, schoolData, teacherData] = await Promise.all([
    deps.repo.listSchools([districtId]),
    deps.reports.reportSource(districtId, period.end),
    deps.reports.schoolIndicatorData(districtId),
    deps.indicators ? deps.indicators.indicatorData(districtId, TEACHER_DIAGNOSTIC_KEY) : Promise.resolve({ teachers: [], diagnostics: [], routes: [] }),
  ]);
  // The trends up to the school year the period ends in (teacher figures released for the district total).
  const lastSpring = springYearOf(new Date(Math.min(period.end.getTime() - 1, now.getTime())));
  const trends = indicatorTrendsView(teacherData, schoolData, schools, { districtId, currentYear: lastSpring, now, settings: deps.settings, withTotal: true });
  const content = buildReport({
    district: { id: districtId, name: districtName },
    period,
    now,
    timezone,
    schools,
    indicators: { years: trends.years, yearLabels: trends.yearLabels, rows: TREND_KEYS.map((key) => ({ key, cells: trends.district!.cells[key] })) },
    ...source,
  });
  return { content, conclusions: draftConclusions(content) };
}

export async function listReports(deps: ReportsDeps, viewer: PersonView, districtId: string): Promise<StoredReport[]> {
  guard(viewer, districtId, "read");
  return deps.reports.listReports(districtId);
}

export async function getReport(deps: ReportsDeps, viewer: PersonView, districtId: string, reportId: string): Promise<StoredReport> {
  return reportOf(deps, viewer, districtId, reportId, "read");
}

/** The current half-year ("2026-H2") or quarter in the district's time zone. */
export const currentPeriodKey = (deps: Pick<ReportsDeps, "clock">, kind: ReportKind, timezone: string) => periodKeyOf(deps.clock.now(), kind, timezone);

/**
 * Creates the report of a period (content frozen now, conclusions drafted from it). When the
 * period's report exists it is returned as it is (`created: false`): «Обновить» redoes a draft.
 */
export async function createReport(
  deps: ReportsDeps,
  viewer: PersonView,
  input: { districtId: string; period: string },
): Promise<{ report: StoredReport; created: boolean }> {
  guard(viewer, input.districtId);
  const timezone = timezoneOf(viewer, input.districtId);
  const period = parsePeriod(input.period, timezone);
  if (!period) throw new ReportError("invalid", reportText.errors.badPeriod);
  const existing = await deps.reports.findReport(input.districtId, period.kind, period.key);
  if (existing) return { report: existing, created: false };
  const districtName = viewer.memberships.find((membership) => membership.districtId === input.districtId)?.districtName ?? "";
  const { content, conclusions } = await compose(deps, input.districtId, districtName, period, timezone);
  const report = await deps.reports.createReport({
    districtId: input.districtId,
    kind: period.kind,
    period: period.key,
    periodStart: period.start,
    periodEnd: period.end,
    content,
    conclusions,
    createdById: viewer.id,
  });
  if (report) return { report, created: true };
  const other = await deps.reports.findReport(input.districtId, period.kind, period.key);
  if (!other) throw new ReportError("not_found", reportText.errors.notFound);
  return { report: other, created: false };
}

/** Recomputes the content of an unapproved report; the conclusions stay when the district edited them. */
export async function refreshReport(deps: ReportsDeps, viewer: PersonView, districtId: string, reportId: string): Promise<StoredReport> {
  const report = await reportOf(deps, viewer, districtId, reportId);
  unapproved(report);
  const timezone = timezoneOf(viewer, districtId);
  const period = parsePeriod(report.period, timezone)!;
  const { content, conclusions } = await compose(deps, districtId, report.content.districtName, period, timezone);
  const updated = await deps.reports.replaceDraft(reportId, content, report.conclusions && !report.conclusions.draft ? report.conclusions : conclusions);
  if (!updated) throw new ReportError("conflict", reportText.errors.approved);
  return updated;
}

/** The district's own words: the conclusions are no longer a draft. */
export async function editConclusions(deps: ReportsDeps, viewer: PersonView, districtId: string, reportId: string, input: ConclusionsInput): Promise<StoredReport> {
  const report = await reportOf(deps, viewer, districtId, reportId);
  unapproved(report);
  const conclusions: ReportConclusions = {
    draft: false,
    goalsMet: input.goalsMet,
    measuresSufficient: input.measuresSufficient,
    growthPoints: input.growthPoints.map((text) => ({ text })),
  };
  const updated = await deps.reports.replaceDraft(reportId, report.content, conclusions);
  if (!updated) throw new ReportError("conflict", reportText.errors.approved);
  return updated;
}

/** The working group's approval: a dated decision («Протокол № 3 от 25.12.2026»), recorded once. */
export async function approveReport(deps: ReportsDeps, viewer: PersonView, districtId: string, reportId: string, input: ApprovalInput): Promise<StoredReport> {
  const report = await reportOf(deps, viewer, districtId, reportId);
  unapproved(report);
  if (input.workingGroupId) {
    const group = await deps.reports.getWorkingGroup(input.workingGroupId);
    if (!group || group.districtId !== districtId) throw new ReportError("not_found", reportText.errors.groupNotFound);
  }
  const approved = await deps.reports.approve(reportId, { approvedAt: input.approvedAt, approvalRef: input.approvalRef, workingGroupId: input.workingGroupId ?? null });
  if (!approved) throw new ReportError("conflict", reportText.errors.approved);
  return approved;
}

/**
 * «Скорректировать дорожную карту»: growth point `index` of an approved report becomes an event of
 * the district roadmap of the current school year (created from seed 002's template when missing).
 */
export async function addGrowthPointToRoadmap(
  deps: ReportsDeps,
  viewer: PersonView,
  districtId: string,
  reportId: string,
  input: { index: number; dueOn: Date; section?: (typeof ROADMAP_SECTIONS)[number] },
): Promise<{ roadmapId: string; eventId: string }> {
  const report = await reportOf(deps, viewer, districtId, reportId);
  if (!report.approvedAt) throw new ReportError("conflict", reportText.errors.notApproved);
  const point = report.conclusions?.growthPoints[input.index];
  if (!point) throw new ReportError("not_found", reportText.errors.noGrowthPoint);
  if (point.roadmapEventId) throw new ReportError("conflict", reportText.errors.alreadyInRoadmap);
  const timezone = timezoneOf(viewer, districtId);
  const schoolYear = schoolYearOf(deps.clock.now(), timezone);
  const districtName = report.content.districtName;
  const roadmap = await deps.roadmaps.ensureRoadmap({ districtId, schoolId: null, schoolYear }, defaultRoadmapInit("district", districtName, schoolYear));
  const eventId = await deps.roadmaps.addEvent(
    roadmap.id,
    {
      section: input.section ?? "analytical",
      title: point.text,
      dueOn: input.dueOn,
      indicator: reportText.growthEvent.indicator,
      resultDocument: reportText.growthEvent.resultDocument(report.content.period.title),
      executorsText: reportText.growthEvent.executors,
    },
    viewer.id,
  );
  // Two presses at once: the second event stays, but the point names one (a rare double is visible in the roadmap).
  await deps.reports.linkGrowthPoint(reportId, input.index, eventId);
  return { roadmapId: roadmap.id, eventId };
}

// ---- the working group ----

export async function listWorkingGroups(deps: ReportsDeps, viewer: PersonView, districtId: string): Promise<StoredWorkingGroup[]> {
  guard(viewer, districtId);
  return deps.reports.listWorkingGroups(districtId);
}

async function groupOf(deps: ReportsDeps, viewer: PersonView, districtId: string, groupId: string) {
  guard(viewer, districtId);
  const group = await deps.reports.getWorkingGroup(groupId);
  if (!group || group.districtId !== districtId) throw new ReportError("not_found", reportText.errors.groupNotFound);
  return group;
}

export async function saveWorkingGroup(
  deps: ReportsDeps,
  viewer: PersonView,
  districtId: string,
  input: WorkingGroupInput & { id?: string },
  /** The district's people a member may be linked to (#15); without it no new link is accepted. */
  knownPeople?: ReadonlySet<string>,
): Promise<StoredWorkingGroup> {
  guard(viewer, districtId);
  const existing = input.id ? await groupOf(deps, viewer, districtId, input.id) : null;
  // A client of #14 sends no personId and knows no secretary: a member of the same name keeps the link
  // and the secretary's role they had (#15).
  const kept = new Map((existing?.members ?? []).filter((member) => member.personId).map((member) => [member.name, member.personId!]));
  const secretary = existing?.members.find((member) => member.role === "secretary")?.name;
  const members: WorkingGroupMember[] = input.members.map((member) => {
    const legacy = member.personId === undefined;
    return {
      name: member.name,
      position: member.position,
      role: legacy && member.role === "member" && member.name === secretary && !input.members.some((other) => other.role === "secretary") ? "secretary" : member.role,
      personId: legacy ? (kept.get(member.name) ?? null) : member.personId,
    };
  });
  const before = new Set(kept.values());
  const added = members.map((member) => member.personId).filter((id): id is string => Boolean(id) && !before.has(id!));
  if (added.some((id) => !knownPeople?.has(id))) throw new ReportError("invalid", reportText.groupInput.foreignPerson);
  return deps.reports.saveWorkingGroup({ id: input.id, districtId, orderRef: input.orderRef, orderDate: input.orderDate, members });
}

export async function deleteWorkingGroup(deps: ReportsDeps, viewer: PersonView, districtId: string, groupId: string): Promise<void> {
  await groupOf(deps, viewer, districtId, groupId);
  if (!(await deps.reports.deleteWorkingGroup(groupId))) throw new ReportError("conflict", reportText.errors.groupInUse);
}

// ---- exports ----

export async function reportFile(
  deps: ReportsDeps,
  viewer: PersonView,
  districtId: string,
  reportId: string,
  format: "xlsx" | "pdf",
): Promise<{ filename: string; mimeType: string; content: Uint8Array; period: string }> {
  const report = await reportOf(deps, viewer, districtId, reportId, "read");
  const workingGroup = report.workingGroupId ? await deps.reports.getWorkingGroup(report.workingGroupId) : null;
  const document: ReportDocument = { report, workingGroup, timezone: timezoneOf(viewer, districtId) };
  const content = await deps.reports.render(document, format);
  return {
    filename: reportText.fileName(report.period, format),
    mimeType: format === "xlsx" ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "application/pdf",
    content,
    period: report.content.period.title,
  };
}

