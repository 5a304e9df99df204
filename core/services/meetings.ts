// The municipal working group (seed 002, seed 000; #15 §7) as use cases: the composition by order with a
// chair and a secretary, meetings with an agenda, minutes after the meeting (who was present, the quorum,
// decisions with the responsible and a deadline) whose decisions go into the management decisions log
// (#14), and the approval of an effectiveness report as a dated decision of a minuted meeting.
// District staff write; members of the working group (role working_group) read everything of the group;
// everyone else is refused. Members and district staff are told of a scheduled meeting and of its minutes.
import { canManageDistrict, canReadDistrict } from "../access/permissions.ts";
import { dateFromIso } from "../management/calendar-defaults.ts";
import type { DecisionKind } from "../management/decisions.ts";
import { reportText } from "../messages/report.ts";
import { wgText } from "../messages/working-group.ts";
import { DISTRICT_STAFF_ROLES, type Role } from "../roles.ts";
import type { DecisionWrite } from "./decisions-ports.ts";
import type { MeetingsRepository, MinutesItem, StoredMeeting } from "./meetings-ports.ts";
import { dottedDate, localParts, localToInstant, meetingWhen, protocolRef, quorum, type MeetingInput, type MinutesInput } from "./meetings-rules.ts";
import type { Clock, OutboxMessage, PersonView, Repository } from "./ports.ts";
import type { RecipientsRepository } from "./recipients-ports.ts";
import { ReportError, saveWorkingGroup, type ReportsDeps, type WorkingGroupInput } from "./reports.ts";
import type { ReportsRepository, StoredReport, StoredWorkingGroup } from "./reports-ports.ts";

export interface MeetingsDeps {
  repo: Pick<Repository, "enqueue">;
  clock: Clock;
  meetings: MeetingsRepository;
  reports: ReportsRepository;
  recipients: RecipientsRepository;
}

export type MeetingErrorKind = "forbidden" | "not_found" | "invalid" | "conflict";

/** A refusal with a Russian message. */
export class MeetingError extends Error {
  constructor(
    readonly kind: MeetingErrorKind,
    message: string,
  ) {
    super(message);
    this.name = "MeetingError";
  }
}
export const isMeetingError = (error: unknown): error is MeetingError => error instanceof MeetingError;

/** Who is told of the group's meetings: its members (role working_group) and the district staff. */
const AUDIENCE: readonly Role[] = ["working_group", ...DISTRICT_STAFF_ROLES];

export type GroupAccess = "write" | "read";

export function groupAccess(viewer: PersonView, districtId: string): GroupAccess | null {
  if (canManageDistrict(viewer.memberships, districtId)) return "write";
  if (canReadDistrict(viewer.memberships, districtId)) return "read";
  return null;
}

function reader(viewer: PersonView, districtId: string): GroupAccess {
  const access = groupAccess(viewer, districtId);
  if (!access) throw new MeetingError("forbidden", wgText.errors.forbidden);
  return access;
}

function writer(viewer: PersonView, districtId: string) {
  const access = groupAccess(viewer, districtId);
  if (access !== "write") throw new MeetingError("forbidden", access === "read" ? wgText.errors.readOnly : wgText.errors.forbidden);
}

export const timezoneOf = (viewer: PersonView, districtId: string): string =>
  viewer.memberships.find((membership) => membership.districtId === districtId)?.districtTimezone ?? "Europe/Moscow";

/** A report as the group's pages show it (no content). */
export interface ReportHead {
  id: string;
  kind: string;
  period: string;
  title: string;
  approvedAt: Date | null;
  approvalRef: string | null;
  meetingId: string | null;
}
const headOf = (report: StoredReport): ReportHead => ({
  id: report.id,
  kind: report.kind,
  period: report.period,
  title: report.content.period.title,
  approvedAt: report.approvedAt,
  approvalRef: report.approvalRef,
  meetingId: report.meetingId ?? null,
});

export interface GroupOverview {
  canEdit: boolean;
  timezone: string;
  groups: StoredWorkingGroup[];
  meetings: StoredMeeting[];
  reports: ReportHead[];
  /** The district's people a member may be linked to (district staff only). */
  people: Array<{ id: string; name: string; roles: Role[] }>;
}

async function linkable(deps: MeetingsDeps, districtId: string) {
  const people = await deps.recipients.recipients(districtId, { roles: AUDIENCE });
  return people.map((person) => ({ id: person.personId, name: person.displayName ?? "—", roles: person.roles }));
}

export async function groupOverview(deps: MeetingsDeps, viewer: PersonView, districtId: string): Promise<GroupOverview> {
  const access = reader(viewer, districtId);
  const [groups, meetings, reports, people] = await Promise.all([
    deps.reports.listWorkingGroups(districtId),
    deps.meetings.list(districtId),
    deps.reports.listReports(districtId),
    access === "write" ? linkable(deps, districtId) : Promise.resolve([]),
  ]);
  return { canEdit: access === "write", timezone: timezoneOf(viewer, districtId), groups, meetings, reports: reports.map(headOf), people };
}

/** The composition by order (through #14's use case), with links to the district's people checked. */
export async function saveGroup(deps: MeetingsDeps & { reportsDeps: ReportsDeps }, viewer: PersonView, districtId: string, input: WorkingGroupInput & { id?: string }) {
  writer(viewer, districtId);
  const known = new Set((await linkable(deps, districtId)).map((person) => person.id));
  try {
    return await saveWorkingGroup(deps.reportsDeps, viewer, districtId, input, known);
  } catch (error) {
    if (error instanceof ReportError) throw new MeetingError(error.kind, error.message);
    throw error;
  }
}

async function groupIn(deps: MeetingsDeps, districtId: string, groupId: string): Promise<StoredWorkingGroup> {
  const group = await deps.reports.getWorkingGroup(groupId);
  if (!group || group.districtId !== districtId) throw new MeetingError("not_found", wgText.errors.groupNotFound);
  return group;
}

async function meetingIn(deps: MeetingsDeps, districtId: string, meetingId: string): Promise<StoredMeeting> {
  const meeting = await deps.meetings.get(meetingId);
  if (!meeting || meeting.districtId !== districtId) throw new MeetingError("not_found", wgText.errors.notFound);
  return meeting;
}

export async function getMeeting(deps: MeetingsDeps, viewer: PersonView, districtId: string, meetingId: string) {
  const access = reader(viewer, districtId);
  const meeting = await meetingIn(deps, districtId, meetingId);
  const group = await deps.reports.getWorkingGroup(meeting.workingGroupId);
  return { meeting, group, canEdit: access === "write" };
}

const write = (input: MeetingInput, timezone: string) => ({
  workingGroupId: input.workingGroupId,
  number: input.number,
  heldOn: localToInstant(input.date, input.time, timezone),
  place: input.place,
  agenda: input.agenda.map((item) => ({ title: item.title, speaker: item.speaker })),
});

/** Schedules a meeting and tells the members and the district staff its date, place and agenda. */
export async function createMeeting(deps: MeetingsDeps, viewer: PersonView, districtId: string, input: MeetingInput): Promise<StoredMeeting> {
  writer(viewer, districtId);
  const group = await groupIn(deps, districtId, input.workingGroupId);
  const timezone = timezoneOf(viewer, districtId);
  const meeting = await deps.meetings.create(districtId, viewer.id, write(input, timezone));
  const agenda = meeting.agenda.map((item, index) => wgText.agendaLine(index + 1, item.title, item.speaker));
  await notify(deps, viewer, group, meeting, `wg:plan:${meeting.id}`, wgText.noticePlanned(meeting.number, meetingWhen(meeting.heldOn, timezone), meeting.place, agenda));
  return meeting;
}

/** Changes a planned meeting (no new notice: the Mini App shows the current agenda). */
export async function updateMeeting(deps: MeetingsDeps, viewer: PersonView, districtId: string, meetingId: string, input: MeetingInput): Promise<StoredMeeting> {
  writer(viewer, districtId);
  const meeting = await meetingIn(deps, districtId, meetingId);
  if (meeting.state === "held") throw new MeetingError("conflict", wgText.errors.held);
  await groupIn(deps, districtId, input.workingGroupId);
  const updated = await deps.meetings.update(meetingId, write(input, timezoneOf(viewer, districtId)));
  if (!updated) throw new MeetingError("conflict", wgText.errors.held);
  return updated;
}

export async function deleteMeeting(deps: MeetingsDeps, viewer: PersonView, districtId: string, meetingId: string): Promise<void> {
  writer(viewer, districtId);
  const meeting = await meetingIn(deps, districtId, meetingId);
  if (meeting.state === "held" || !(await deps.meetings.delete(meetingId))) throw new MeetingError("conflict", wgText.errors.held);
}

const logDecision = (kind: DecisionKind, title: string, number: string, localDate: string, note: string): DecisionWrite => ({
  schoolId: null,
  kind,
  docType: "protocol",
  docNumber: number,
  docDate: dateFromIso(localDate),
  title,
  level: "district",
  horizon: "operational",
  risks: [],
  resources: [],
  note,
  recommendationIds: [],
});

/**
 * The minutes, after the meeting: who of the members was present (quorum: more than half) and the
 * decisions, each recorded in the decisions log. A meeting without a quorum takes no decisions.
 */
export async function recordMinutes(deps: MeetingsDeps, viewer: PersonView, districtId: string, meetingId: string, input: MinutesInput): Promise<StoredMeeting> {
  writer(viewer, districtId);
  const meeting = await meetingIn(deps, districtId, meetingId);
  if (meeting.state === "held") throw new MeetingError("conflict", wgText.errors.held);
  const timezone = timezoneOf(viewer, districtId);
  const local = localParts(meeting.heldOn, timezone).date;
  if (local > localParts(deps.clock.now(), timezone).date) throw new MeetingError("invalid", wgText.errors.notYet);
  const group = await groupIn(deps, districtId, meeting.workingGroupId);
  if (input.present.some((index) => index >= group.members.length)) throw new MeetingError("invalid", wgText.errors.badMember);
  const total = group.members.length;
  const { met, needed } = quorum(input.present.length, total);
  if (!met && input.decisions.length) throw new MeetingError("invalid", wgText.errors.noQuorum(input.present.length, total, needed));
  const present = [...input.present].sort((a, b) => a - b).map((index) => group.members[index]!);
  const items = input.decisions.map((decision) => ({
    item: { text: decision.text, responsible: decision.responsible, dueOn: decision.dueOn },
    decision: logDecision(decision.kind, decision.text, meeting.number, local, wgText.decisionNote(decision.responsible, decision.dueOn ? dottedDate(decision.dueOn) : null)),
  }));
  const recorded = await deps.meetings.recordMinutes(meetingId, viewer.id, { present, total }, items);
  if (!recorded) throw new MeetingError("conflict", wgText.errors.held);
  const lines = (recorded.minutes ?? []).map((item, index) => wgText.decisionLine(index + 1, item.text, item.responsible, item.dueOn ? dottedDate(item.dueOn) : null));
  await notify(deps, viewer, group, recorded, `wg:min:${meetingId}`, wgText.noticeMinutes(protocolRef(recorded.number, recorded.heldOn, timezone), wgText.quorum(present.length, total, met), lines));
  return recorded;
}

/**
 * «Утвердить справку»: a minuted meeting with a quorum approves an effectiveness report, once. The
 * report gets approvedAt = the meeting's date and «Протокол № N от DD.MM.YYYY»; the decision goes into
 * the log and into the minutes.
 */
export async function approveReportAtMeeting(
  deps: MeetingsDeps,
  viewer: PersonView,
  districtId: string,
  meetingId: string,
  reportId: string,
): Promise<{ meeting: StoredMeeting; report: StoredReport }> {
  writer(viewer, districtId);
  const meeting = await meetingIn(deps, districtId, meetingId);
  if (meeting.state !== "held" || !meeting.attendance) throw new MeetingError("conflict", wgText.errors.notHeld);
  const { met, needed } = quorum(meeting.attendance.present.length, meeting.attendance.total);
  if (!met) throw new MeetingError("invalid", wgText.errors.noQuorum(meeting.attendance.present.length, meeting.attendance.total, needed));
  const report = await deps.reports.getReport(reportId);
  if (!report || report.districtId !== districtId) throw new MeetingError("not_found", wgText.errors.reportNotFound);
  if (report.approvedAt) throw new MeetingError("conflict", wgText.errors.approved);
  const group = await groupIn(deps, districtId, meeting.workingGroupId);
  const timezone = timezoneOf(viewer, districtId);
  const local = localParts(meeting.heldOn, timezone).date;
  const ref = protocolRef(meeting.number, meeting.heldOn, timezone);
  const title = wgText.approvalTitle(report.content.period.title);
  const updated = await deps.meetings.approveReport(meetingId, viewer.id, {
    reportId,
    approvedAt: meeting.heldOn,
    approvalRef: ref,
    workingGroupId: group.id,
    item: { text: title, responsible: wgText.approvalResponsible, dueOn: null },
    decision: logDecision("controlling", title, meeting.number, local, wgText.decisionNote(wgText.approvalResponsible, null)),
  });
  if (!updated) throw new MeetingError("conflict", wgText.errors.approved);
  await notify(deps, viewer, group, updated, `wg:rep:${meetingId}:${reportId}`, wgText.noticeApproved(report.content.period.title, ref));
  return { meeting: updated, report: (await deps.reports.getReport(reportId))! };
}

/**
 * A report's XLSX or PDF for the group's readers (#15: members read the reports they approve); the
 * same export as #14's, which only district staff reach.
 */
export async function groupReportFile(deps: MeetingsDeps, viewer: PersonView, districtId: string, reportId: string, format: "xlsx" | "pdf") {
  reader(viewer, districtId);
  const report = await deps.reports.getReport(reportId);
  if (!report || report.districtId !== districtId) throw new MeetingError("not_found", wgText.errors.reportNotFound);
  const workingGroup = report.workingGroupId ? await deps.reports.getWorkingGroup(report.workingGroupId) : null;
  const content = await deps.reports.render({ report, workingGroup, timezone: timezoneOf(viewer, districtId) }, format);
  return {
    filename: reportText.fileName(report.period, format),
    mimeType: format === "xlsx" ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "application/pdf",
    content,
  };
}

/** One notice per reachable person of the audience (and the members linked by name), not the author. */
async function notify(deps: MeetingsDeps, viewer: PersonView, group: StoredWorkingGroup, meeting: StoredMeeting, key: string, text: string) {
  const linked = group.members.map((member) => member.personId).filter((id): id is string => Boolean(id));
  const [byRole, byLink] = await Promise.all([
    deps.recipients.recipients(meeting.districtId, { roles: AUDIENCE }),
    linked.length ? deps.recipients.recipients(meeting.districtId, { personIds: linked }) : Promise.resolve([]),
  ]);
  const seen = new Set<string>([viewer.id]);
  const messages: OutboxMessage[] = [];
  for (const person of [...byRole, ...byLink]) {
    if (seen.has(person.personId) || !person.consented || !person.account) continue;
    seen.add(person.personId);
    messages.push({
      dedupeKey: `${key}:${person.personId}`,
      personId: person.personId,
      channel: person.account.channel,
      chatId: person.account.chatId,
      text,
      appStart: `net-workingGroup-${meeting.districtId}-${meeting.id}`,
    });
  }
  if (messages.length) await deps.repo.enqueue(messages);
}

/** What /meetings shows of a district: the next planned meeting and the last minutes. */
export async function meetingsDigest(deps: MeetingsDeps, viewer: PersonView, districtId: string) {
  reader(viewer, districtId);
  const [groups, meetings] = await Promise.all([deps.reports.listWorkingGroups(districtId), deps.meetings.list(districtId)]);
  const now = deps.clock.now().getTime();
  const planned = meetings.filter((meeting) => meeting.state === "planned");
  const next = planned.filter((meeting) => meeting.heldOn.getTime() >= now).sort((a, b) => a.heldOn.getTime() - b.heldOn.getTime())[0] ?? null;
  const awaiting = planned.filter((meeting) => meeting.heldOn.getTime() < now).sort((a, b) => b.heldOn.getTime() - a.heldOn.getTime())[0] ?? null;
  const last = meetings.filter((meeting) => meeting.state === "held")[0] ?? null;
  const group = [...groups].sort((a, b) => b.orderDate.getTime() - a.orderDate.getTime())[0] ?? null;
  return { group, next, last, awaiting, meetings };
}

export type { MinutesItem };
