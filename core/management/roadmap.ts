// Roadmap events' state machine (#14), pure: what may happen to an event, and who may do it.
//
//   planned ──start──▶ in_progress ──done──▶ done
//      │  ▲                 │
//      │  └──postpone───────┤ (in_progress stays in_progress with the new deadline)
//      ▼                    ▼
//   overdue (set by the job: the deadline passed in the district's time zone, the event still open)
//      └──postpone (new date + reason)──▶ planned       overdue ──done──▶ done
//   any open ──cancel──▶ cancelled
//   done | cancelled ──reopen──▶ planned (or overdue when the deadline has passed)
//
// Who: district staff change any roadmap of their district; a head changes their school's roadmap;
// an executor of an event starts it, closes it (with evidence), asks for help and postpones it —
// they neither cancel nor reopen it.
import { canReadDistrict, isDistrictStaff } from "../access/permissions.ts";
import type { MembershipView } from "../roles.ts";
import type { EventState } from "../services/roadmaps-ports.ts";

export type EventAction = "start" | "done" | "postpone" | "cancel" | "reopen" | "overdue";

export const isOpen = (state: EventState) => state === "planned" || state === "in_progress" || state === "overdue";

/** The calendar date "YYYY-MM-DD" of a moment in a time zone. */
export function localDate(at: Date, timezone: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone: timezone, year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(at);
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")}`;
}

/** The hour (0–23) of a moment in a time zone. */
export function localHour(at: Date, timezone: string): number {
  const hour = new Intl.DateTimeFormat("en-GB", { timeZone: timezone, hour: "2-digit", hourCycle: "h23" }).format(at);
  return Number(hour) % 24;
}

/** A deadline is a calendar date kept as UTC midnight. */
export const dueDate = (dueOn: Date) => dueOn.toISOString().slice(0, 10);

/** The deadline has passed: the district's today is after the due date. */
export const isPastDue = (dueOn: Date, now: Date, timezone: string) => localDate(now, timezone) > dueDate(dueOn);

/** Whole days from the district's today to the due date (0: today, negative: passed). */
export function daysUntil(dueOn: Date, now: Date, timezone: string): number {
  const today = Date.parse(`${localDate(now, timezone)}T00:00:00Z`);
  return Math.round((Date.parse(`${dueDate(dueOn)}T00:00:00Z`) - today) / 86_400_000);
}

/**
 * The state after `action`, or null when it is not allowed from `state`. `pastDue` says whether the
 * (new, for postpone) deadline has passed in the district's time zone.
 */
export function nextState(state: EventState, action: EventAction, pastDue: boolean): EventState | null {
  switch (action) {
    case "start":
      return state === "planned" ? "in_progress" : null;
    case "done":
      return isOpen(state) ? "done" : null;
    case "cancel":
      return isOpen(state) ? "cancelled" : null;
    case "overdue":
      return (state === "planned" || state === "in_progress") && pastDue ? "overdue" : null;
    case "postpone":
      if (pastDue) return null; // the new deadline must be today or later
      if (state === "planned" || state === "overdue") return "planned";
      if (state === "in_progress") return "in_progress";
      return null;
    case "reopen":
      return state === "done" || state === "cancelled" ? (pastDue ? "overdue" : "planned") : null;
  }
}

/** What a role may do to an event of a roadmap of (districtId, schoolId). */
export interface EventScope {
  districtId: string;
  schoolId: string | null;
  executorIds: readonly string[];
}

const activeOf = (memberships: readonly MembershipView[]) => memberships.filter((membership) => membership.active);

/** District staff of the district (or a regional operator, #15), or the head of the roadmap's school. */
export function canEditRoadmap(memberships: readonly MembershipView[], roadmap: { districtId: string; schoolId: string | null }): boolean {
  return activeOf(memberships).some(
    (membership) =>
      isDistrictStaff(membership, roadmap.districtId) ||
      (membership.role === "head" && roadmap.schoolId !== null && membership.schoolId === roadmap.schoolId && membership.districtId === roadmap.districtId),
  );
}

/** Who sees a whole roadmap: those who edit it, and the district's working group (read-only, #15). */
export const canViewRoadmap = (memberships: readonly MembershipView[], roadmap: { districtId: string; schoolId: string | null }): boolean =>
  canEditRoadmap(memberships, roadmap) || canReadDistrict(memberships, roadmap.districtId);

/** Who sees one event and its evidence: those who see the roadmap, and the event's executors. */
export function canViewEvent(person: { id: string; memberships: readonly MembershipView[] }, event: EventScope): boolean {
  return canViewRoadmap(person.memberships, event) || event.executorIds.includes(person.id);
}

const EXECUTOR_ACTIONS: readonly EventAction[] = ["start", "done", "postpone"];

/** Whether this person may take `action` on the event. The job alone sets overdue. */
export function mayAct(person: { id: string; memberships: readonly MembershipView[] }, event: EventScope, action: EventAction): boolean {
  if (action === "overdue") return false;
  if (canEditRoadmap(person.memberships, event)) return true;
  return EXECUTOR_ACTIONS.includes(action) && event.executorIds.includes(person.id);
}

/** Who may ask for help on an event (the district is told): its executors and those who edit the roadmap. */
export const mayAskHelp = (person: { id: string; memberships: readonly MembershipView[] }, event: EventScope) =>
  event.executorIds.includes(person.id) || canEditRoadmap(person.memberships, event);

/** «ДД.ММ.ГГГГ причина» → the date (UTC midnight) and the reason; null when it does not read. */
export function parsePostpone(text: string): { dueOn: Date; reason: string } | null {
  const match = /^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\s+(.+)$/s.exec(text);
  if (!match) return null;
  const [day, month, year] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  const reason = match[4]!.trim();
  if (reason.length < 3) return null;
  return { dueOn: date, reason: reason.slice(0, 500) };
}

/** Evidence links: http or https only. */
export function evidenceUrl(text: string): string | null {
  const trimmed = text.trim();
  if (trimmed.length > 1000 || /\s/.test(trimmed)) return null;
  try {
    const url = new URL(trimmed);
    return url.protocol === "http:" || url.protocol === "https:" ? url.toString() : null;
  } catch {
    return null;
  }
}
