// Visits against the plan (#15 §3), pure: per school and per mentor (tutor, curator) for one school year,
// from the reported visits and the assignments' plans (Assignment.plannedVisits per school year; seed 002:
// three on-site project sessions a year per curator). No I/O: core/services/visits.ts reads the rows.
import { TZDate } from "@date-fns/tz";
import { schoolYearOf, schoolYearStart } from "../management/school-year.ts";
import type { AssignmentPlan, VisitFormat, VisitState } from "./visits-ports.ts";

/** A visit as the indicators count it. */
export interface VisitFact {
  schoolId: string;
  schoolName: string;
  authorId: string | null;
  authorName: string | null;
  state: VisitState;
  format: VisitFormat | null;
  visitDate: Date | null;
}

export interface PlanRow {
  /** School id or person id. */
  key: string;
  name: string;
  /** Visits planned for the school year (sum over the assignments that run in it). */
  planned: number;
  /** Reported (submitted, confirmed or disputed; drafts are not). */
  reported: number;
  confirmed: number;
  disputed: number;
  /** Waiting for the head (submitted, or a dispute being written). */
  awaiting: number;
  onsite: number;
  remote: number;
  mixed: number;
  /**
   * What counts against the plan: reported visits held on site (on site or mixed) that the head did not
   * dispute. Seed 002 plans on-site project sessions.
   */
  done: number;
  /** done / planned in whole per cent (null without a plan). */
  percent: number | null;
}

export interface VisitIndicators {
  schoolYear: string;
  /** [from, to): 1 September to 1 September, as calendar dates (UTC midnight). */
  from: Date;
  to: Date;
  bySchool: PlanRow[];
  byMentor: PlanRow[];
  total: PlanRow;
}

/** The calendar-date window of a school year ("2026/27" → 2026-09-01 .. 2027-09-01, UTC midnight). */
export function schoolYearWindow(schoolYear: string): { from: Date; to: Date } | null {
  const start = schoolYearStart(schoolYear);
  if (start === null) return null;
  return { from: new Date(Date.UTC(start, 8, 1)), to: new Date(Date.UTC(start + 1, 8, 1)) };
}

/** The school year of today in the district's time zone. */
export const currentSchoolYear = (now: Date, timezone: string) => schoolYearOf(now, timezone);

/** Today's calendar date in the time zone, as UTC midnight (how visit dates are stored). */
export function localDay(now: Date, timezone: string): Date {
  const local = new TZDate(now.getTime(), timezone);
  return new Date(Date.UTC(local.getFullYear(), local.getMonth(), local.getDate()));
}

const REPORTED: readonly VisitState[] = ["submitted", "disputing", "confirmed", "disputed"];

const emptyRow = (key: string, name: string): PlanRow => ({
  key,
  name,
  planned: 0,
  reported: 0,
  confirmed: 0,
  disputed: 0,
  awaiting: 0,
  onsite: 0,
  remote: 0,
  mixed: 0,
  done: 0,
  percent: null,
});

function count(row: PlanRow, visit: VisitFact) {
  row.reported += 1;
  if (visit.state === "confirmed") row.confirmed += 1;
  else if (visit.state === "disputed") row.disputed += 1;
  else row.awaiting += 1;
  if (visit.format === "onsite") row.onsite += 1;
  else if (visit.format === "remote") row.remote += 1;
  else if (visit.format === "mixed") row.mixed += 1;
  if (visit.state !== "disputed" && (visit.format === "onsite" || visit.format === "mixed")) row.done += 1;
}

const finish = (row: PlanRow): PlanRow => ({ ...row, percent: row.planned > 0 ? Math.round((100 * row.done) / row.planned) : null });

/** Whether an assignment runs for some of the window (an assignment ended before it does not). */
export function planRuns(plan: Pick<AssignmentPlan, "startsOn" | "endsOn" | "endedAt">, from: Date, to: Date): boolean {
  if (plan.startsOn >= to) return false;
  const end = plan.endedAt && (!plan.endsOn || plan.endedAt < plan.endsOn) ? plan.endedAt : plan.endsOn;
  return !end || end >= from;
}

/**
 * Visits per school and per mentor against the plan for the school year. Visits outside the year,
 * drafts, and rows without a plan and without visits are left out; a mentor row counts the visits the
 * person reported (any school) and their plans (every assignment).
 */
export function visitIndicators(schoolYear: string, visits: readonly VisitFact[], plans: readonly AssignmentPlan[]): VisitIndicators {
  const window = schoolYearWindow(schoolYear);
  if (!window) throw new RangeError(`not a school year: ${schoolYear}`);
  const { from, to } = window;
  const schools = new Map<string, PlanRow>();
  const mentors = new Map<string, PlanRow>();
  const total = emptyRow("total", "");
  const schoolRow = (id: string, name: string) => schools.get(id) ?? schools.set(id, emptyRow(id, name)).get(id)!;
  const mentorRow = (id: string, name: string | null) => mentors.get(id) ?? mentors.set(id, emptyRow(id, name ?? "")).get(id)!;
  for (const plan of plans) {
    if (!planRuns(plan, from, to)) continue;
    schoolRow(plan.schoolId, plan.schoolName).planned += plan.plannedVisits;
    mentorRow(plan.personId, plan.personName).planned += plan.plannedVisits;
    total.planned += plan.plannedVisits;
  }
  for (const visit of visits) {
    if (!REPORTED.includes(visit.state) || !visit.visitDate || visit.visitDate < from || visit.visitDate >= to) continue;
    count(schoolRow(visit.schoolId, visit.schoolName), visit);
    if (visit.authorId) count(mentorRow(visit.authorId, visit.authorName), visit);
    count(total, visit);
  }
  const sorted = (rows: Map<string, PlanRow>) => [...rows.values()].map(finish).sort((a, b) => a.name.localeCompare(b.name, "ru") || a.key.localeCompare(b.key));
  return { schoolYear, from, to, bySchool: sorted(schools), byMentor: sorted(mentors), total: finish(total) };
}
