// The monitoring calendar (DOMAIN.md §9): each district's school year starts from the defaults
// (core/management/calendar-defaults.ts), which the district edits; it adds and deletes its own
// entries. The people responsible (by role or by name) read their entries and mark them done; the
// scheduler reminds them `remindDaysBefore` days before the deadline and on the day at 10:00 district
// time, and tells the district staff once the day after a deadline that passed undone.
import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import { z } from "zod";
import { canManageDistrict, canReadDistrict } from "../access/permissions.ts";
import {
  calendarDefaults,
  dateFromIso,
  isoOf,
  MAX_REMIND_DAYS_BEFORE,
  RESPONSIBLE_ROLES,
  schoolYearBounds,
  schoolYearOfDate,
  type ResponsibleRole,
} from "../management/calendar-defaults.ts";
import { isIsoDate } from "../management/decisions.ts";
import { schoolYearOf } from "../management/school-year.ts";
import { calendarDateText, calendarText, RESPONSIBLE_ROLE_NAMES } from "../messages/calendar.ts";
import { calendarApiText } from "../messages/calendar-api.ts";
import { AdminError } from "./admin.ts";
import type { CalendarEntryRecord, CalendarEntryWrite, CalendarRepository, DueCalendarEntry } from "./calendar-ports.ts";
import type { OutboxMessage, PersonView } from "./ports.ts";
import type { Recipient, RecipientsRepository } from "./recipients-ports.ts";

export interface CalendarContext {
  calendar: CalendarRepository;
  recipients: RecipientsRepository;
  clock: { now(): Date };
}

/** The local hour of reminders, and the daytime window in which a missed one is still sent that day. */
export const CALENDAR_REMINDER_HOUR = 10;
const LAST_HOUR = 21;
/** A server down on the day after a deadline still escalates within these days; older misses stay quiet. */
const ESCALATION_CATCH_UP_DAYS = 3;

/** The district's local calendar date and hour. */
export function localDay(at: Date, timezone: string): { date: string; hour: number } {
  const local = new TZDate(at.getTime(), timezone);
  return { date: format(local, "yyyy-MM-dd"), hour: local.getHours() };
}

const addDays = (iso: string, days: number) => isoOf(new Date(dateFromIso(iso).getTime() + days * 86_400_000));
const daysBetween = (from: string, to: string) => Math.round((dateFromIso(to).getTime() - dateFromIso(from).getTime()) / 86_400_000);

// ---------- who may do what ----------

const districtOf = (viewer: PersonView, districtId: string) =>
  viewer.memberships.filter((membership) => membership.active && membership.districtId === districtId);

/** The roles of the viewer in the district that an entry can name as responsible. */
export const responsibleRolesOf = (viewer: PersonView, districtId: string): ResponsibleRole[] =>
  RESPONSIBLE_ROLES.filter((role) => districtOf(viewer, districtId).some((membership) => membership.role === role));

/** Responsible for the entry: by one of the person's roles in its district, or by name. */
export const isResponsible = (viewer: PersonView, entry: Pick<CalendarEntryRecord, "districtId" | "responsibleRoles" | "responsibleIds">) =>
  (entry.responsibleIds.includes(viewer.id) && districtOf(viewer, entry.districtId).length > 0) ||
  responsibleRolesOf(viewer, entry.districtId).some((role) => entry.responsibleRoles.includes(role));

const refuse = () => new AdminError("forbidden", calendarApiText.onlyDistrict);
const missing = () => new AdminError("not_found", calendarApiText.notFound);

function timezoneOf(viewer: PersonView, districtId: string, fallback = "Europe/Moscow") {
  return districtOf(viewer, districtId)[0]?.districtTimezone ?? fallback;
}

// ---------- defaults and the list ----------

/** Adds the school year's defaults the district lacks (idempotent: by key). */
export async function ensureCalendarYear(ctx: Pick<CalendarContext, "calendar">, districtId: string, schoolYear: string): Promise<number> {
  return ctx.calendar.ensureDefaults(districtId, schoolYear, calendarDefaults(schoolYear));
}

/**
 * The district's calendar of a school year (default: the current one in the district's time zone):
 * district staff get every entry (the year's defaults are added first); the other responsible roles
 * get the entries they answer for. `today` is the district's local date (overdue = before it, undone).
 */
export async function calendarOf(ctx: CalendarContext, viewer: PersonView, districtId: string, schoolYear?: string) {
  const memberships = districtOf(viewer, districtId);
  const manage = canManageDistrict(viewer.memberships, districtId);
  // The working group (#15) reads the whole calendar, read-only.
  const all = manage || canReadDistrict(viewer.memberships, districtId);
  if (!all && !responsibleRolesOf(viewer, districtId).length) throw refuse();
  const timezone = timezoneOf(viewer, districtId);
  const now = ctx.clock.now();
  const year = schoolYear ?? schoolYearOf(now, timezone);
  if (!schoolYearBounds(year)) throw new AdminError("invalid", calendarApiText.badYear, { field: "year" });
  if (all) await ensureCalendarYear(ctx, districtId, year);
  const entries = (await ctx.calendar.list(districtId, year)).filter((entry) => all || isResponsible(viewer, entry));
  return { districtName: memberships[0]?.districtName ?? "", schoolYear: year, today: localDay(now, timezone).date, entries, canEdit: manage };
}

/** People the district can name as responsible: members with a responsible role, one line each. */
export async function calendarPeople(ctx: CalendarContext, viewer: PersonView, districtId: string) {
  if (!canManageDistrict(viewer.memberships, districtId)) throw refuse();
  const people = await ctx.recipients.recipients(districtId, { roles: RESPONSIBLE_ROLES });
  return people.map((person) => ({ personId: person.personId, displayName: person.displayName, roles: person.roles.filter((role): role is ResponsibleRole => (RESPONSIBLE_ROLES as readonly string[]).includes(role)) }));
}

// ---------- edits ----------

/** The fields the district edits (zod; Russian messages from core/messages/calendar-api.ts). */
export const CalendarEntrySchema = z
  .object({
    title: z.string({ error: calendarApiText.titleRequired }).trim().min(1, { error: calendarApiText.titleRequired }).max(300, { error: calendarApiText.titleTooLong }),
    startsOn: z.string().refine(isIsoDate, { error: calendarApiText.badDate }).nullable().default(null),
    dueOn: z.string({ error: calendarApiText.dueRequired }).refine(isIsoDate, { error: calendarApiText.badDate }),
    responsibleRoles: z.array(z.enum(RESPONSIBLE_ROLES, { error: calendarApiText.badRole }), { error: calendarApiText.badRole }).max(RESPONSIBLE_ROLES.length).default([]),
    responsibleIds: z.array(z.string().regex(/^[a-z0-9]{1,40}$/, { error: calendarApiText.badPerson }), { error: calendarApiText.badPerson }).max(100).default([]),
    remindDaysBefore: z
      .number({ error: calendarApiText.badRemind })
      .int({ error: calendarApiText.badRemind })
      .min(0, { error: calendarApiText.badRemind })
      .max(MAX_REMIND_DAYS_BEFORE, { error: calendarApiText.badRemind })
      .default(3),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.startsOn && value.dueOn && isIsoDate(value.startsOn) && isIsoDate(value.dueOn) && value.startsOn > value.dueOn) {
      ctx.addIssue({ code: "custom", path: ["startsOn"], message: calendarApiText.startAfterDue });
    }
    if (!value.responsibleRoles.length && !value.responsibleIds.length) {
      ctx.addIssue({ code: "custom", path: ["responsibleRoles"], message: calendarApiText.nobodyResponsible });
    }
  });

export type CalendarEntryInput = z.output<typeof CalendarEntrySchema>;

/** The schema's issues as Russian lines. */
export function calendarIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const field = calendarApiText.fields[String(issue.path[0] ?? "") as keyof typeof calendarApiText.fields];
    const message = issue.code === "unrecognized_keys" ? calendarApiText.extraFields(issue.keys.join(", ")) : issue.message;
    return field ? `${field}: ${message}` : message;
  });
}

async function write(ctx: CalendarContext, districtId: string, input: CalendarEntryInput): Promise<CalendarEntryWrite> {
  const ids = [...new Set(input.responsibleIds)];
  const members = new Set(await ctx.calendar.membersIn(districtId, ids));
  if (ids.some((id) => !members.has(id))) throw new AdminError("invalid", calendarApiText.foreignPerson, { field: "responsibleIds" });
  return {
    title: input.title,
    startsOn: input.startsOn ? dateFromIso(input.startsOn) : null,
    dueOn: dateFromIso(input.dueOn),
    responsibleRoles: [...new Set(input.responsibleRoles)],
    responsibleIds: ids,
    remindDaysBefore: input.remindDaysBefore,
  };
}

async function manageable(ctx: CalendarContext, viewer: PersonView, id: string): Promise<CalendarEntryRecord> {
  const entry = await ctx.calendar.get(id);
  if (!entry) throw missing();
  if (!canManageDistrict(viewer.memberships, entry.districtId)) throw isResponsible(viewer, entry) ? refuse() : missing();
  return entry;
}

/** The district's own entry; its school year is the one its deadline falls in. */
export async function addCalendarEntry(ctx: CalendarContext, viewer: PersonView, districtId: string, input: CalendarEntryInput) {
  if (!canManageDistrict(viewer.memberships, districtId)) throw refuse();
  const data = await write(ctx, districtId, input);
  return ctx.calendar.create(districtId, schoolYearOfDate(data.dueOn), data);
}

/** Title, dates, roles, people, days of the first reminder. The deadline stays in the entry's school year. */
export async function editCalendarEntry(ctx: CalendarContext, viewer: PersonView, id: string, input: CalendarEntryInput) {
  const entry = await manageable(ctx, viewer, id);
  const data = await write(ctx, entry.districtId, input);
  if (schoolYearOfDate(data.dueOn) !== entry.schoolYear) throw new AdminError("invalid", calendarApiText.outsideYear(entry.schoolYear), { field: "dueOn" });
  return ctx.calendar.update(id, data);
}

/** Only the district's own entries are deleted; a default is moved or marked done instead. */
export async function deleteCalendarEntry(ctx: CalendarContext, viewer: PersonView, id: string) {
  const entry = await manageable(ctx, viewer, id);
  if (entry.key !== null) throw new AdminError("invalid", calendarApiText.defaultKept);
  await ctx.calendar.delete(id);
}

/**
 * Done (or undone) by district staff or a person responsible. `changed` is false when it already
 * was in that state (a second press of the same button).
 */
export async function markCalendarDone(ctx: Pick<CalendarContext, "calendar" | "clock">, viewer: PersonView, id: string, done = true) {
  const entry = await ctx.calendar.get(id);
  if (!entry) throw missing();
  if (!canManageDistrict(viewer.memberships, entry.districtId) && !isResponsible(viewer, entry)) {
    throw districtOf(viewer, entry.districtId).length ? new AdminError("forbidden", calendarText.notAllowed) : missing();
  }
  if ((entry.doneAt !== null) === done) return { entry, changed: false };
  return { entry: await ctx.calendar.setDone(id, done ? ctx.clock.now() : null), changed: true };
}

/**
 * The next entries of each of the person's districts for /calendar: undone, overdue first, then by
 * deadline. District staff see all of them (and the year's defaults are added); the others theirs.
 */
export async function upcomingFor(ctx: CalendarContext, viewer: PersonView) {
  const districts = [...new Set(viewer.memberships.filter((membership) => membership.active).map((membership) => membership.districtId))];
  const result = [];
  for (const districtId of districts) {
    const manage = canManageDistrict(viewer.memberships, districtId);
    if (!manage && !responsibleRolesOf(viewer, districtId).length) continue;
    const view = await calendarOf(ctx, viewer, districtId);
    const entries = view.entries.filter((entry) => entry.doneAt === null).map((entry) => ({ ...entry, overdue: isoOf(entry.dueOn) < view.today }));
    result.push({ districtId, districtName: view.districtName, schoolYear: view.schoolYear, today: view.today, entries });
  }
  return result;
}

// ---------- the scheduler's reminders and escalation ----------

export type CalendarNoticeKind = "before" | "day" | "esc";

/**
 * What is due for an undone entry on the district's local date: the first reminder `remindDaysBefore`
 * days ahead, the reminder on the day, the escalation the day after (or the first run within
 * ESCALATION_CATCH_UP_DAYS after a stop), each only in the daytime from 10:00 local.
 */
export function calendarNoticesDue(entry: Pick<DueCalendarEntry, "dueOn" | "remindDaysBefore" | "escalatedAt" | "doneAt">, local: { date: string; hour: number }): CalendarNoticeKind[] {
  if (entry.doneAt !== null || local.hour < CALENDAR_REMINDER_HOUR || local.hour >= LAST_HOUR) return [];
  const left = daysBetween(local.date, isoOf(entry.dueOn));
  const due: CalendarNoticeKind[] = [];
  if (entry.remindDaysBefore > 0 && left === entry.remindDaysBefore) due.push("before");
  if (left === 0) due.push("day");
  if (left < 0 && -left <= ESCALATION_CATCH_UP_DAYS && entry.escalatedAt === null) due.push("esc");
  return due;
}

/** One message per person: the dedupe key names the entry, the kind, the deadline and the person. */
export const calendarDedupeKey = (entryId: string, kind: CalendarNoticeKind, dueOn: Date, personId: string) => `cal:${entryId}:${kind}:${isoOf(dueOn)}:${personId}`;

export const doneButtonData = (entryId: string) => `cl:done:${entryId}`;

const reachable = (people: Recipient[]) => people.filter((person) => person.consented && person.account);

async function responsiblePeople(recipients: RecipientsRepository, entry: CalendarEntryRecord): Promise<Recipient[]> {
  const byRole = entry.responsibleRoles.length ? await recipients.recipients(entry.districtId, { roles: entry.responsibleRoles }) : [];
  const byName = entry.responsibleIds.length ? await recipients.recipients(entry.districtId, { personIds: entry.responsibleIds }) : [];
  const people = new Map<string, Recipient>();
  for (const person of [...byRole, ...byName]) if (!people.has(person.personId)) people.set(person.personId, person);
  return [...people.values()];
}

export interface CalendarNoticeReport {
  districts: number;
  ensured: number;
  reminded: number;
  escalated: number;
}

/**
 * One run of the calendar's job at `now`: the current school year's defaults of every district are
 * there, then each undone entry near its deadline gets what is due at the district's local time.
 * Repeating a run (a restart, a second slot the same day) queues nothing twice: the Outbox keeps
 * one row per dedupe key, and the escalation is recorded once.
 */
export async function planCalendarNotices(
  ctx: { calendar: CalendarRepository; recipients: RecipientsRepository; enqueue: (messages: OutboxMessage[]) => Promise<number> },
  now: Date,
): Promise<CalendarNoticeReport> {
  const report: CalendarNoticeReport = { districts: 0, ensured: 0, reminded: 0, escalated: 0 };
  for (const district of await ctx.calendar.districtZones()) {
    report.districts += 1;
    report.ensured += await ensureCalendarYear(ctx, district.id, schoolYearOf(now, district.timezone));
  }
  const today = isoOf(now);
  const window = await ctx.calendar.undoneDue(dateFromIso(addDays(today, -ESCALATION_CATCH_UP_DAYS - 2)), dateFromIso(addDays(today, MAX_REMIND_DAYS_BEFORE + 2)));
  for (const entry of window) {
    const local = localDay(now, entry.timezone);
    const due = calendarNoticesDue(entry, local);
    if (!due.length) continue;
    const dueText = calendarDateText(entry.dueOn);
    const button = [[{ text: calendarText.doneButton, data: doneButtonData(entry.id) }]];
    for (const kind of due) {
      if (kind === "esc") {
        const responsible = await responsiblePeople(ctx.recipients, entry);
        const names = [
          ...entry.responsibleRoles.map((role) => RESPONSIBLE_ROLE_NAMES[role]),
          ...responsible.filter((person) => entry.responsibleIds.includes(person.personId)).map((person) => person.displayName ?? "—"),
        ];
        const staff = reachable(await ctx.recipients.recipients(entry.districtId, { roles: ["district"] }));
        report.escalated += await ctx.enqueue(
          staff.map((person) => ({
            dedupeKey: calendarDedupeKey(entry.id, "esc", entry.dueOn, person.personId),
            personId: person.personId,
            channel: person.account!.channel,
            chatId: person.account!.chatId,
            text: calendarText.escalation(entry.title, dueText, names.length ? names.join(", ") : calendarText.nobody),
            buttons: button,
            // District staff edit the calendar in the Mini App (miniapp/web/src/router.ts "calendar-<districtId>").
            appStart: `calendar-${entry.districtId}`,
          })),
        );
        await ctx.calendar.markEscalated(entry.id, now);
        continue;
      }
      const text = kind === "before" ? calendarText.remindBefore(entry.title, dueText, entry.remindDaysBefore) : calendarText.remindDay(entry.title, dueText);
      report.reminded += await ctx.enqueue(
        reachable(await responsiblePeople(ctx.recipients, entry)).map((person) => ({
          dedupeKey: calendarDedupeKey(entry.id, kind, entry.dueOn, person.personId),
          personId: person.personId,
          channel: person.account!.channel,
          chatId: person.account!.chatId,
          text,
          buttons: button,
        })),
      );
    }
  }
  return report;
}
