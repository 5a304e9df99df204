// /calendar (DOMAIN.md §9): the next deadlines of the monitoring calendar in each of my districts —
// all of them for district staff, the ones I answer for (by role or by name) for heads, the institute,
// the assessment centre, curators and mentors — with «✅ n» to mark one done. The reminders and the
// escalation of the scheduler carry «✅ Выполнено» (cl:done:<entryId>): district staff or a person
// responsible may press it. The calendar is edited in the Mini App.
import { isDistrictStaff } from "../access/permissions.ts";
import { isoOf } from "../management/calendar-defaults.ts";
import { calendarDateText, calendarText } from "../messages/calendar.ts";
import { isAdminError } from "../services/admin.ts";
import { markCalendarDone, upcomingFor, type CalendarContext } from "../services/calendar.ts";
import { ack, auditRecordChange, edit, send } from "./common.ts";
import type { Button, Journey, Screen, Turn } from "./types.ts";

export const CALENDAR_PREFIX = "cl:";
const DONE = `${CALENDAR_PREFIX}done:`;
/** Marks a press from the /calendar list (the list is redrawn) rather than from a reminder. */
const FROM_LIST = ":l";
/** Lines per district in one message; the rest are in the app. */
const LINES = 10;
/** Overdue entries older than this are left to the app's list. */
const OVERDUE_DAYS_SHOWN = 30;

function calendarContext(turn: Turn): CalendarContext | null {
  const management = turn.deps.management;
  return management ? { calendar: management.calendar, recipients: management.recipients, clock: turn.deps.clock } : null;
}

async function screens(turn: Turn, ctx: CalendarContext): Promise<Array<{ districtId: string; screen: Screen }>> {
  const result: Array<{ districtId: string; screen: Screen }> = [];
  for (const district of await upcomingFor(ctx, turn.person!)) {
    const since = isoOf(new Date(Date.parse(`${district.today}T00:00:00Z`) - OVERDUE_DAYS_SHOWN * 86_400_000));
    const shown = district.entries.filter((entry) => isoOf(entry.dueOn) >= since);
    const lines = [calendarText.heading(district.districtName, district.schoolYear), ""];
    const buttons: Button[][] = [];
    if (!shown.length) lines.push(calendarText.none);
    shown.slice(0, LINES).forEach((entry, index) => {
      lines.push(calendarText.line(index + 1, entry.title, calendarDateText(entry.dueOn), entry.overdue));
      const button: Button = { kind: "action", text: calendarText.doneNumbered(index + 1), data: `${DONE}${entry.id}${FROM_LIST}` };
      if (index % 5 === 0) buttons.push([button]);
      else buttons.at(-1)!.push(button);
    });
    if (shown.length > LINES) lines.push("", calendarText.more(shown.length - LINES));
    if (turn.person!.memberships.some((membership) => membership.active && isDistrictStaff(membership, district.districtId))) {
      lines.push("", calendarText.footerDistrict);
    }
    result.push({ districtId: district.districtId, screen: { text: lines.join("\n"), buttons } });
  }
  return result;
}

async function showCalendar(turn: Turn) {
  const ctx = calendarContext(turn);
  if (!ctx) return send(turn, { text: calendarText.unavailable });
  const list = await screens(turn, ctx);
  if (!list.length) return send(turn, { text: calendarText.refusal });
  for (const { screen } of list) send(turn, screen);
}

async function pressDone(turn: Turn, data: string) {
  const ctx = calendarContext(turn);
  if (!ctx || !turn.person) return ack(turn, calendarText.unavailable, true);
  const fromList = data.endsWith(FROM_LIST);
  const entryId = data.slice(DONE.length, fromList ? -FROM_LIST.length : undefined);
  let outcome;
  try {
    outcome = await markCalendarDone(ctx, turn.person, entryId);
  } catch (error) {
    if (!isAdminError(error)) throw error;
    return ack(turn, error.kind === "forbidden" ? calendarText.notAllowed : calendarText.gone, true);
  }
  const { entry, changed } = outcome;
  if (!changed) {
    const timezone = turn.person.memberships.find((membership) => membership.districtId === entry.districtId)?.districtTimezone ?? turn.deps.timezone;
    const at = new Intl.DateTimeFormat("ru-RU", { timeZone: timezone, day: "numeric", month: "long" }).format(entry.doneAt!);
    return ack(turn, calendarText.alreadyDone(entry.title, at), true);
  }
  auditRecordChange(turn, "decisions.change", DONE, { kind: "calendarEntry", id: entryId });
  ack(turn, calendarText.done(entry.title));
  if (fromList) {
    // Redraw the list of the district the entry belongs to, without it.
    const screen = (await screens(turn, ctx)).find((item) => item.districtId === entry.districtId)?.screen;
    if (screen) edit(turn, screen);
    return;
  }
  turn.effects.push({ kind: "clearButtons" });
  send(turn, { text: calendarText.done(entry.title) });
}

/** The responsible roles of the calendar, and the regional operator, who does what district staff do (#15). */
const RESPONSIBLE = ["district", "regional", "head", "methodologist", "assessment", "mentor"] as const;
const menuEntry = [{ kind: "command" as const, text: calendarText.menu, command: "calendar" }];

export const calendarJourney: Journey = {
  name: "calendar",
  prefix: CALENDAR_PREFIX,
  commands: [{ name: "calendar", description: calendarText.command, audience: RESPONSIBLE, refusal: calendarText.refusal }],
  help: {
    district: calendarText.helpDistrict,
    regional: calendarText.helpDistrict,
    head: calendarText.help,
    methodologist: calendarText.help,
    assessment: calendarText.help,
    mentor: calendarText.help,
  },
  menu: { district: menuEntry, regional: menuEntry, head: menuEntry, methodologist: menuEntry, assessment: menuEntry, mentor: menuEntry },
  async handle(turn, incoming) {
    if (!turn.person) return;
    if (incoming.kind === "command") return showCalendar(turn);
    if (incoming.kind === "action" && incoming.data.startsWith(DONE)) return pressDone(turn, incoming.data);
    if (incoming.kind === "action") ack(turn);
  },
};
