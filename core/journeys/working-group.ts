// /meetings (#15 §7): for district staff and members of the municipal working group, per district: the
// composition by order, the next meeting with its agenda, and the last minutes (who was present, the
// quorum, the decisions and the reports approved), with «Все заседания» (wg:l:<districtId>), one
// meeting (wg:m:<meetingId>) and a Mini App button. Read only: the group is kept in the Mini App.
import { isMeetingError, getMeeting, meetingsDigest, type MeetingsDeps } from "../services/meetings.ts";
import type { StoredMeeting } from "../services/meetings-ports.ts";
import { dottedDate, meetingWhen, protocolRef, quorum } from "../services/meetings-rules.ts";
import type { MembershipDetail } from "../services/ports.ts";
import type { StoredWorkingGroup } from "../services/reports-ports.ts";
import { canReadDistrict } from "../access/permissions.ts";
import { wgText as t } from "../messages/working-group.ts";
import { ack, escapeHtml, send } from "./common.ts";
import type { Button, Journey, Turn } from "./types.ts";

export const WORKING_GROUP_PREFIX = "wg:";
const LIST = `${WORKING_GROUP_PREFIX}l:`;
const ONE = `${WORKING_GROUP_PREFIX}m:`;
/** Meetings in «Все заседания»; the rest are in the app. */
const LISTED = 8;
const AUDIENCE = ["district", "regional", "working_group"] as const;

function meetingsDeps(turn: Turn): MeetingsDeps | null {
  const { repo, clock, management, network } = turn.deps;
  return management && network ? { repo, clock, meetings: network.meetings, reports: management.reports, recipients: network.recipients } : null;
}

/** The districts whose group the person reads, once each. */
function districtsOf(turn: Turn): MembershipDetail[] {
  const seen = new Set<string>();
  return (turn.person?.memberships ?? []).filter(
    (membership) => membership.active && canReadDistrict(turn.person!.memberships, membership.districtId) && !seen.has(membership.districtId) && seen.add(membership.districtId),
  );
}

const date = (at: Date, timezone: string) => new Intl.DateTimeFormat("ru-RU", { timeZone: timezone, day: "2-digit", month: "2-digit", year: "numeric" }).format(at);

function agendaLines(meeting: StoredMeeting): string[] {
  return [t.agendaHeading, ...meeting.agenda.map((item, index) => escapeHtml(t.agendaLine(index + 1, item.title, item.speaker)))];
}

function minutesLines(meeting: StoredMeeting): string[] {
  const lines: string[] = [];
  if (meeting.attendance) {
    const { met } = quorum(meeting.attendance.present.length, meeting.attendance.total);
    lines.push(t.quorum(meeting.attendance.present.length, meeting.attendance.total, met) + ".");
  }
  const items = meeting.minutes ?? [];
  lines.push(items.length ? t.decisionsHeading : t.noDecisions);
  items.forEach((item, index) => lines.push(escapeHtml(t.decisionLine(index + 1, item.text, item.responsible, item.dueOn ? dottedDate(item.dueOn) : null))));
  return lines;
}

const appButton = (turn: Turn, start: string): Button[][] => (turn.channel.appAvailable ? [[{ kind: "app", text: t.openApp, start }]] : []);

/** The order's date is a calendar date (UTC midnight). */
const groupLine = (group: StoredWorkingGroup | null) => (group ? escapeHtml(t.group(group.orderRef, date(group.orderDate, "UTC"), group.members.length)) : t.noGroup);

async function showDigest(turn: Turn, deps: MeetingsDeps, membership: MembershipDetail) {
  const timezone = membership.districtTimezone;
  const { group, next, last, awaiting, meetings } = await meetingsDigest(deps, turn.person!, membership.districtId);
  const lines = [t.heading(escapeHtml(membership.districtName)), groupLine(group), ""];
  if (next) lines.push(t.next(escapeHtml(next.number), meetingWhen(next.heldOn, timezone), next.place ? escapeHtml(next.place) : null), ...agendaLines(next));
  else lines.push(t.noNext);
  lines.push("");
  if (awaiting) lines.push(escapeHtml(t.awaiting(awaiting.number, date(awaiting.heldOn, timezone))), "");
  if (last) lines.push(t.last(escapeHtml(protocolRef(last.number, last.heldOn, timezone))), ...minutesLines(last));
  else lines.push(t.noLast);
  lines.push("", t.moreInApp);
  const buttons: Button[][] = [];
  if (meetings.length) buttons.push([{ kind: "action", text: t.listButton, data: `${LIST}${membership.districtId}` }]);
  buttons.push(...appButton(turn, `net-workingGroup-${membership.districtId}`));
  send(turn, { text: lines.join("\n"), html: true, buttons });
}

async function showList(turn: Turn, deps: MeetingsDeps, districtId: string) {
  const membership = districtsOf(turn).find((item) => item.districtId === districtId);
  if (!membership) return ack(turn, t.refusal, true);
  ack(turn);
  const { meetings } = await meetingsDigest(deps, turn.person!, districtId);
  const timezone = membership.districtTimezone;
  const shown = meetings.slice(0, LISTED);
  const lines = [t.listHeading(escapeHtml(membership.districtName)), "", ...shown.map((meeting) => escapeHtml(t.listLine(meeting.number, date(meeting.heldOn, timezone), meeting.state === "held")))];
  if (meetings.length > LISTED) lines.push("", t.moreInApp);
  const buttons: Button[][] = shown.map((meeting) => [{ kind: "action", text: t.meetingButton(meeting.number, date(meeting.heldOn, timezone)), data: `${ONE}${meeting.id}` }]);
  send(turn, { text: lines.join("\n"), html: true, buttons });
}

async function showMeeting(turn: Turn, deps: MeetingsDeps, meetingId: string) {
  const meeting = await deps.meetings.get(meetingId);
  const membership = meeting ? districtsOf(turn).find((item) => item.districtId === meeting.districtId) : undefined;
  if (!meeting || !membership) return ack(turn, t.gone, true);
  ack(turn);
  try {
    await getMeeting(deps, turn.person!, meeting.districtId, meetingId);
  } catch (error) {
    if (isMeetingError(error)) return send(turn, { text: error.message });
    throw error;
  }
  const timezone = membership.districtTimezone;
  const lines = [t.meetingHeading(escapeHtml(meeting.number), meetingWhen(meeting.heldOn, timezone), meeting.place ? escapeHtml(meeting.place) : null), "", ...agendaLines(meeting)];
  if (meeting.state === "held") lines.push("", t.last(escapeHtml(protocolRef(meeting.number, meeting.heldOn, timezone))), ...minutesLines(meeting));
  send(turn, { text: lines.join("\n"), html: true, buttons: appButton(turn, `net-workingGroup-${meeting.districtId}-${meeting.id}`) });
}

const menuEntry = [{ kind: "command" as const, text: t.menu, command: "meetings" }];

export const workingGroupJourney: Journey = {
  name: "working-group",
  prefix: WORKING_GROUP_PREFIX,
  commands: [{ name: "meetings", description: t.command, audience: AUDIENCE, refusal: t.refusal }],
  help: { district: t.help, regional: t.help, working_group: t.help },
  menu: { working_group: menuEntry },
  async handle(turn, incoming) {
    if (!turn.person) return;
    const deps = meetingsDeps(turn);
    if (incoming.kind === "command") {
      if (!deps) return send(turn, { text: t.unavailable });
      const districts = districtsOf(turn);
      if (!districts.length) return send(turn, { text: t.refusal });
      for (const membership of districts) await showDigest(turn, deps, membership);
      return;
    }
    if (incoming.kind !== "action") return;
    if (!deps) return ack(turn, t.unavailable, true);
    if (incoming.data.startsWith(LIST)) return showList(turn, deps, incoming.data.slice(LIST.length));
    if (incoming.data.startsWith(ONE)) return showMeeting(turn, deps, incoming.data.slice(ONE.length));
    ack(turn);
  },
};
