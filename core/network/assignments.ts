/**
 * Assignments of mentors, tutors and curators to schools and school-curator pairs (#15, DOMAIN.md §4,
 * seed 004 §7): the pure rules. The zod schemas are the one boundary check of the API and the use
 * cases; the rest decides what is active, who is a pair's curator_head, which curator schools to offer
 * first and which roadmap events both sides share.
 */
import { z } from "zod";
import { ASSIGNMENT_FIELD_NAMES, assignmentText as t } from "../messages/assignments.ts";

export const ASSIGNMENT_KINDS = ["mentor", "tutor", "curator"] as const;
export type AssignmentKind = (typeof ASSIGNMENT_KINDS)[number];
/** Seed 002: three on-site project sessions a year per curator. */
export const DEFAULT_PLANNED_VISITS = 3;
export const MAX_PLANNED_VISITS = 50;

/** Membership.origin of the access an assignment or a pair gives. */
export const assignmentOrigin = (assignmentId: string) => `assignment:${assignmentId}`;
export const pairOrigin = (pairId: string) => `pair:${pairId}`;

const idPattern = /^[a-z0-9]{1,40}$/;

export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

const IsoDate = z.string({ error: t.badDate }).refine(isIsoDate, { error: t.badDate });
const id = z.string({ error: t.required }).regex(idPattern, { error: t.badChoice });
const note = z.string().trim().max(1000, { error: t.tooLong(1000) }).nullable().default(null);

export const AssignmentInputSchema = z
  .object({
    personId: id,
    schoolId: id,
    kind: z.enum(ASSIGNMENT_KINDS, { error: t.badChoice }),
    startsOn: IsoDate,
    endsOn: IsoDate.nullable().default(null),
    plannedVisits: z
      .number({ error: t.badVisits })
      .int({ error: t.badVisits })
      .min(0, { error: t.badVisits })
      .max(MAX_PLANNED_VISITS, { error: t.badVisits })
      .default(DEFAULT_PLANNED_VISITS),
    note,
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.endsOn && value.endsOn < value.startsOn) ctx.addIssue({ code: "custom", path: ["endsOn"], message: t.endsBeforeStart });
  });
export type AssignmentInput = z.output<typeof AssignmentInputSchema>;

export const PairInputSchema = z
  .object({
    supportedSchoolId: id,
    curatorSchoolId: id,
    startsOn: IsoDate,
    endsOn: IsoDate.nullable().default(null),
    note,
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.endsOn && value.endsOn < value.startsOn) ctx.addIssue({ code: "custom", path: ["endsOn"], message: t.endsBeforeStart });
    if (value.supportedSchoolId === value.curatorSchoolId) ctx.addIssue({ code: "custom", path: ["curatorSchoolId"], message: t.sameSchool });
  });
export type PairInput = z.output<typeof PairInputSchema>;

/** Filters of the district's list: one school, one person, and whether ended ones are shown. */
export const AssignmentFilterSchema = z
  .object({
    schoolId: id.optional(),
    personId: id.optional(),
    ended: z.enum(["0", "1"], { error: t.badChoice }).optional(),
  })
  .strict();
export type AssignmentFilter = z.output<typeof AssignmentFilterSchema>;

export type Issue = { field: string; message: string };

/** zod's issues as Russian lines, «Школа: выберите значение из списка». */
export function assignmentIssues(error: z.ZodError): Issue[] {
  return error.issues.map((issue) => {
    const key = issue.path.find((part): part is string => typeof part === "string");
    const named = key ? (ASSIGNMENT_FIELD_NAMES[key] ?? key) : "";
    const message = issue.code === "unrecognized_keys" ? `лишние поля ${issue.keys.join(", ")}` : issue.message;
    return { field: issue.path.map(String).join("."), message: named ? `${named}: ${message}` : message };
  });
}

export function parseWith<T>(schema: z.ZodType<T>, raw: unknown): { ok: true; data: T } | { ok: false; issues: Issue[] } {
  const parsed = schema.safeParse(raw ?? {});
  return parsed.success ? { ok: true, data: parsed.data } : { ok: false, issues: assignmentIssues(parsed.error) };
}

// ---- periods ----

export type PeriodStatus = "upcoming" | "active" | "ended";

/**
 * Where a period stands on the district's calendar day `today` ("YYYY-MM-DD"): ended once ended by
 * hand or once its last day (endsOn, inclusive) has passed; upcoming before its first day.
 */
export function periodStatus(period: { startsOn: Date; endsOn: Date | null; endedAt: Date | null }, today: string): PeriodStatus {
  if (period.endedAt) return "ended";
  if (period.endsOn && isoOf(period.endsOn) < today) return "ended";
  if (isoOf(period.startsOn) > today) return "upcoming";
  return "active";
}

/** The dates are stored as UTC midnight of the calendar day. */
export const isoOf = (date: Date) => date.toISOString().slice(0, 10);
export const dateOf = (iso: string) => new Date(`${iso}T00:00:00Z`);

/** Whether a period still running has lapsed by `today`: its membership must end. */
export const lapsed = (period: { endsOn: Date | null; endedAt: Date | null }, today: string) =>
  !period.endedAt && period.endsOn !== null && isoOf(period.endsOn) < today;

// ---- pairs: who holds curator_head ----

/**
 * The curator_head memberships a pair must have: one per active head of the curator school. Given the
 * heads now and the pair's memberships (active or not), what to create or reactivate and what to end.
 * A head who left the curator school loses it; a head who joined later gets it.
 */
export function pairMembershipPlan(
  heads: readonly string[],
  memberships: ReadonlyArray<{ id: string; personId: string; active: boolean }>,
  pairRunning: boolean,
): { add: string[]; reactivate: string[]; end: string[] } {
  const wanted = new Set(pairRunning ? heads : []);
  const add: string[] = [];
  const reactivate: string[] = [];
  const end: string[] = [];
  for (const personId of wanted) {
    const own = memberships.filter((membership) => membership.personId === personId);
    if (own.some((membership) => membership.active)) continue;
    if (own.length) reactivate.push(own[0]!.id);
    else add.push(personId);
  }
  for (const membership of memberships) if (membership.active && !wanted.has(membership.personId)) end.push(membership.id);
  return { add, reactivate, end };
}

// ---- candidates ----

export interface RunSchoolFlags {
  schoolId: string;
  shnor: boolean;
  shnsu: boolean;
  resilient: boolean;
  curatorCandidate: boolean;
  /** The text of the "curator" rule check (why, in words a head understands). */
  curatorText: string | null;
}

export interface CandidateSchool {
  schoolId: string;
  name: string;
  /** 0: a curator candidate of the identification; 1: resilient; 2: other schools not on a list. */
  rank: 0 | 1 | 2;
  reasons: string[];
  /** Active pairs where this school already curates. */
  curating: number;
}

/**
 * Curator schools to offer, best first: the identification's curator candidates, then resilient
 * schools, then the other schools of the district that are not on the ШНОР/ШНСУ lists (those need
 * help themselves and are left out). Within a rank, schools that curate fewer go first.
 */
export function rankCuratorCandidates(
  schools: ReadonlyArray<{ id: string; name: string }>,
  run: { year: number; schools: readonly RunSchoolFlags[] } | null,
  curatingCount: ReadonlyMap<string, number>,
): CandidateSchool[] {
  const flags = new Map((run?.schools ?? []).map((school) => [school.schoolId, school]));
  const result: CandidateSchool[] = [];
  for (const school of schools) {
    const flag = flags.get(school.id);
    if (flag && (flag.shnor || flag.shnsu)) continue;
    const reasons: string[] = [];
    let rank: CandidateSchool["rank"] = 2;
    if (flag?.curatorCandidate && run) {
      rank = 0;
      reasons.push(t.reasonCurator(run.year, flag.curatorText ?? ""));
    }
    if (flag?.resilient && run) {
      if (rank === 2) rank = 1;
      reasons.push(t.reasonResilient(run.year));
    }
    const curating = curatingCount.get(school.id) ?? 0;
    if (curating) reasons.push(t.reasonCurating(curating));
    result.push({ schoolId: school.id, name: school.name, rank, reasons, curating });
  }
  return result.sort((a, b) => a.rank - b.rank || a.curating - b.curating || a.name.localeCompare(b.name, "ru"));
}

/** Schools to support, best first: on the ШНОР list, then ШНСУ, then the rest. */
export function rankSupportedSchools(
  schools: ReadonlyArray<{ id: string; name: string }>,
  run: { year: number; schools: readonly RunSchoolFlags[] } | null,
): Array<{ schoolId: string; name: string; rank: 0 | 1 | 2; reasons: string[] }> {
  const flags = new Map((run?.schools ?? []).map((school) => [school.schoolId, school]));
  return schools
    .map((school) => {
      const flag = flags.get(school.id);
      const reasons: string[] = [];
      if (flag?.shnor && run) reasons.push(t.reasonShnor(run.year));
      if (flag?.shnsu && run) reasons.push(t.reasonShnsu(run.year));
      const rank: 0 | 1 | 2 = flag?.shnor ? 0 : flag?.shnsu ? 1 : 2;
      return { schoolId: school.id, name: school.name, rank, reasons };
    })
    .sort((a, b) => a.rank - b.rank || a.name.localeCompare(b.name, "ru"));
}

// ---- shared roadmap events ----

/** The roadmap names mentors, tutors and curators among the executors ("РУО, кураторы", "наставники"). */
const FOR_SUPPORTERS = /куратор|наставни|тьютор/i;

/**
 * A roadmap event both sides of the support share: its executors' text names curators, mentors or
 * tutors, or one of the school's supporters (assigned people, the curator school's heads) is an executor.
 */
export function isSharedEvent(
  event: { executorsText: string | null; executors: ReadonlyArray<{ personId: string }> },
  supporterIds: ReadonlySet<string>,
): boolean {
  if (event.executorsText && FOR_SUPPORTERS.test(event.executorsText)) return true;
  return event.executors.some((executor) => supporterIds.has(executor.personId));
}
