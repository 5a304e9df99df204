/**
 * Programmes as documents (#15 §6, seed 002, seed 003): the passport (goal, tasks, term, expected
 * results, developers, executors, indicators), the expert review form (criteria scored 0–2), the
 * workflow's state machine and the achievement of indicators. Pure: no I/O; the zod schemas are the
 * one boundary check of the API and the use cases.
 */
import { z } from "zod";
import { isIsoDate } from "../management/decisions.ts";
import { programmeText as t } from "../messages/programmes.ts";

export const PROGRAMME_KINDS = ["school", "municipal"] as const;
export const PROGRAMME_STATES = ["draft", "submitted", "in_review", "returned", "approved"] as const;
export const MONITORING_KINDS = ["monitoring", "effectiveness"] as const;
/** The expert review's criteria (seed 003 §4: экспертная оценка муниципальных и школьных программ), each scored 0–2. */
export const REVIEW_CRITERIA = ["goal_fits_risks", "tasks_measurable", "measures_realistic", "resources", "indicators"] as const;
export const REVIEW_MAX_SCORE = 2;
export const REVIEW_VERDICTS = ["approve", "return"] as const;

export type ProgrammeKind = (typeof PROGRAMME_KINDS)[number];
export type ProgrammeState = (typeof PROGRAMME_STATES)[number];
export type MonitoringKind = (typeof MONITORING_KINDS)[number];
export type ReviewCriterion = (typeof REVIEW_CRITERIA)[number];

const MAX_ITEMS = 30;
const idPattern = /^[a-z0-9]{1,40}$/;

const text = (max: number) => z.string({ error: t.required }).trim().min(1, { error: t.required }).max(max, { error: t.tooLong(max) });
const list = (max: number) =>
  z.array(text(max), { error: t.atLeastOne }).min(1, { error: t.atLeastOne }).max(MAX_ITEMS, { error: t.tooMany(MAX_ITEMS) });
const IsoDate = z.string({ error: t.badDate }).refine((value) => isIsoDate(value), { error: t.badDate });
const finite = z.number({ error: t.badNumber }).finite({ error: t.badNumber }).min(-1e9, { error: t.badNumber }).max(1e9, { error: t.badNumber });

export const PassportSchema = z
  .object({
    goal: text(2000),
    tasks: list(1000),
    termFrom: IsoDate,
    termTo: IsoDate,
    expectedResults: list(1000),
    developers: list(300),
    executors: list(300),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (isIsoDate(value.termFrom) && isIsoDate(value.termTo) && value.termTo < value.termFrom) {
      ctx.addIssue({ code: "custom", path: ["termTo"], message: t.termOrder });
    }
  });
export type Passport = z.output<typeof PassportSchema>;

export const IndicatorSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]{1,20}$/, { error: t.badChoice }).optional(),
    name: text(300),
    unit: text(30),
    baseline: finite,
    target: finite,
  })
  .strict();
export interface Indicator {
  id: string;
  name: string;
  unit: string;
  baseline: number;
  target: number;
}

const Indicators = z
  .array(IndicatorSchema, { error: t.indicatorRequired })
  .min(1, { error: t.indicatorRequired })
  .max(MAX_ITEMS, { error: t.tooMany(MAX_ITEMS) })
  .refine((items) => new Set(items.map((item) => item.name.toLowerCase())).size === items.length, { error: t.repeatedIndicator });

/** The editable body of a programme: title, passport, indicators. */
export const ProgrammeEditSchema = z.object({ title: text(300), passport: PassportSchema, indicators: Indicators }).strict();
export type ProgrammeEdit = z.output<typeof ProgrammeEditSchema>;

/** A new programme: a school's (schoolId) or the municipal one (no school). */
export const ProgrammeCreateSchema = z
  .object({
    kind: z.enum(PROGRAMME_KINDS, { error: t.badChoice }),
    schoolId: z.string().regex(idPattern, { error: t.badChoice }).nullable().default(null),
    title: text(300),
    passport: PassportSchema,
    indicators: Indicators,
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.kind === "school" && !value.schoolId) ctx.addIssue({ code: "custom", path: ["schoolId"], message: t.schoolRequired });
    if (value.kind === "municipal" && value.schoolId) ctx.addIssue({ code: "custom", path: ["schoolId"], message: t.noSchoolForMunicipal });
  });
export type ProgrammeCreate = z.output<typeof ProgrammeCreateSchema>;

const Score = z.number({ error: t.badScore }).int({ error: t.badScore }).min(0, { error: t.badScore }).max(REVIEW_MAX_SCORE, { error: t.badScore });

/** One expert's scored form: every criterion 0–2, a comment per criterion (optional), a general comment and a verdict. */
export const ReviewInputSchema = z
  .object({
    scores: z.record(z.string(), Score, { error: t.allCriteria }).refine(
      (scores) => REVIEW_CRITERIA.every((criterion) => scores[criterion] !== undefined) && Object.keys(scores).every((key) => (REVIEW_CRITERIA as readonly string[]).includes(key)),
      { error: t.allCriteria },
    ),
    comments: z.record(z.string(), z.string().trim().max(1000, { error: t.tooLong(1000) })).default({}),
    comment: z.string().trim().max(4000, { error: t.tooLong(4000) }).default(""),
    verdict: z.enum(REVIEW_VERDICTS, { error: t.badChoice }),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.verdict === "return" && !value.comment) ctx.addIssue({ code: "custom", path: ["comment"], message: t.commentRequired });
    if (Object.keys(value.comments).some((key) => !(REVIEW_CRITERIA as readonly string[]).includes(key))) {
      ctx.addIssue({ code: "custom", path: ["comments"], message: t.allCriteria });
    }
  });
export type ReviewInput = z.output<typeof ReviewInputSchema>;

export const AssignReviewersSchema = z
  .object({
    personIds: z
      .array(z.string().regex(idPattern, { error: t.badChoice }), { error: t.reviewersRequired })
      .min(1, { error: t.reviewersRequired })
      .max(10, { error: t.tooMany(10) })
      .refine((ids) => new Set(ids).size === ids.length, { error: t.badChoice }),
  })
  .strict();

export const ReturnSchema = z.object({ note: text(4000) }).strict();
export const ApproveSchema = z.object({ orderNumber: text(50), orderDate: IsoDate }).strict();

export const MonitoringInputSchema = z
  .object({
    kind: z.enum(MONITORING_KINDS, { error: t.badChoice }),
    period: z.string({ error: t.badPeriod }).regex(/^20\d{2}-(0[1-9]|1[0-2])$/, { error: t.badPeriod }),
    values: z.record(z.string().regex(/^[a-z0-9]{1,20}$/, { error: t.unknownIndicator }), finite, { error: t.noValues }),
    conclusion: z.string().trim().max(4000, { error: t.tooLong(4000) }).default(""),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (!Object.keys(value.values).length) ctx.addIssue({ code: "custom", path: ["values"], message: t.noValues });
  });
export type MonitoringInput = z.output<typeof MonitoringInputSchema>;

/** zod issues as {field, message} (the message is the schema's Russian one). */
export function programmeIssues(error: z.ZodError): Array<{ field: string; message: string }> {
  return error.issues.map((issue) => ({ field: issue.path.join("."), message: issue.message }));
}

/** Indicators with ids: a kept id stays (monitorings refer to it), a new one gets the next free "i<n>". */
export function withIndicatorIds(items: ReadonlyArray<z.output<typeof IndicatorSchema>>, previous: readonly Indicator[] = []): Indicator[] {
  const known = new Set(previous.map((item) => item.id));
  const taken = new Set<string>([...known]);
  const result: Indicator[] = [];
  for (const item of items) {
    let id = item.id && !result.some((other) => other.id === item.id) ? item.id : undefined;
    if (!id) {
      let n = 1;
      while (taken.has(`i${n}`)) n++;
      id = `i${n}`;
    }
    taken.add(id);
    result.push({ id, name: item.name, unit: item.unit, baseline: item.baseline, target: item.target });
  }
  return result;
}

// ---- the state machine ----

export type ProgrammeAction = "edit" | "submit" | "assign" | "review" | "return" | "approve" | "monitor";

/** Who acts, relative to the programme: its owner, district staff of its district, a reviewer of its current version. */
export interface ProgrammeActor {
  owner: boolean;
  manager: boolean;
  reviewer: boolean;
}

export type TransitionRefusal = "forbidden" | "wrong_state" | "needs_review";
export type Transition = { ok: true; state: ProgrammeState; version: number } | { ok: false; reason: TransitionRefusal };

const RULES: Record<ProgrammeAction, { from: readonly ProgrammeState[]; to: ProgrammeState | "same"; who: ReadonlyArray<keyof ProgrammeActor> }> = {
  edit: { from: ["draft", "returned"], to: "same", who: ["owner", "manager"] },
  submit: { from: ["draft", "returned"], to: "submitted", who: ["owner"] },
  assign: { from: ["submitted", "in_review"], to: "in_review", who: ["manager"] },
  review: { from: ["in_review"], to: "same", who: ["reviewer"] },
  return: { from: ["submitted", "in_review"], to: "returned", who: ["manager"] },
  approve: { from: ["in_review"], to: "approved", who: ["manager"] },
  monitor: { from: ["approved"], to: "same", who: ["owner", "manager"] },
};

/**
 * The one place that says which action is allowed from which state and to whom. A returned programme
 * resubmitted becomes the next version (reviews belong to a version); approval needs at least one
 * completed review of the current version.
 */
export function programmeTransition(
  current: { state: ProgrammeState; version: number },
  action: ProgrammeAction,
  actor: ProgrammeActor,
  context: { completedReviews?: number } = {},
): Transition {
  const rule = RULES[action];
  if (!rule.who.some((who) => actor[who])) return { ok: false, reason: "forbidden" };
  if (!rule.from.includes(current.state)) return { ok: false, reason: "wrong_state" };
  if (action === "approve" && !(context.completedReviews && context.completedReviews > 0)) return { ok: false, reason: "needs_review" };
  const state = rule.to === "same" ? current.state : rule.to;
  const version = action === "submit" && current.state === "returned" ? current.version + 1 : current.version;
  return { ok: true, state, version };
}

/** The actions open to this actor now (the Mini App shows only these buttons). */
export function allowedActions(current: { state: ProgrammeState; version: number }, actor: ProgrammeActor, context: { completedReviews?: number } = {}): ProgrammeAction[] {
  return (Object.keys(RULES) as ProgrammeAction[]).filter((action) => programmeTransition(current, action, actor, context).ok);
}

// ---- reviews and achievement ----

/** A review's total and the share of the maximum (0–1). */
export function reviewScore(scores: Readonly<Record<string, number>>): { total: number; max: number; share: number } {
  const total = REVIEW_CRITERIA.reduce((sum, criterion) => sum + (scores[criterion] ?? 0), 0);
  const max = REVIEW_CRITERIA.length * REVIEW_MAX_SCORE;
  return { total, max, share: total / max };
}

/** The mean total of completed reviews (null: none yet), rounded to one decimal. */
export function averageReviewScore(reviews: ReadonlyArray<{ scores: Readonly<Record<string, number>> | null; submittedAt: Date | null }>): number | null {
  const done = reviews.filter((review) => review.submittedAt && review.scores);
  if (!done.length) return null;
  const mean = done.reduce((sum, review) => sum + reviewScore(review.scores!).total, 0) / done.length;
  return Math.round(mean * 10) / 10;
}

export interface IndicatorAchievement extends Indicator {
  value: number | null;
  /** Reached the target (a falling indicator, target below baseline, is reached at or below it); null: no value. */
  reached: boolean | null;
  /** (value − baseline) / (target − baseline), rounded to 0.01; 1 = the target; null: no value. */
  progress: number | null;
}

export interface Achievement {
  indicators: IndicatorAchievement[];
  total: number;
  measured: number;
  reached: number;
  /** Reached / all indicators (an indicator without a value is not reached); null: the programme has none. */
  reachedShare: number | null;
  /** Mean progress of the measured indicators; null: nothing measured. */
  meanProgress: number | null;
}

const round2 = (value: number) => Math.round(value * 100) / 100;

/** How far a programme's indicators got, from a monitoring's values (indicator id → value). */
export function achievement(indicators: readonly Indicator[], values: Readonly<Record<string, number>>): Achievement {
  const rows = indicators.map((indicator): IndicatorAchievement => {
    const value = typeof values[indicator.id] === "number" && Number.isFinite(values[indicator.id]) ? values[indicator.id]! : null;
    if (value === null) return { ...indicator, value, reached: null, progress: null };
    const rising = indicator.target >= indicator.baseline;
    const reached = rising ? value >= indicator.target : value <= indicator.target;
    const span = indicator.target - indicator.baseline;
    const progress = span === 0 ? (reached ? 1 : 0) : round2((value - indicator.baseline) / span);
    return { ...indicator, value, reached, progress };
  });
  const measured = rows.filter((row) => row.value !== null);
  const reached = rows.filter((row) => row.reached === true).length;
  return {
    indicators: rows,
    total: rows.length,
    measured: measured.length,
    reached,
    reachedShare: rows.length ? round2(reached / rows.length) : null,
    meanProgress: measured.length ? round2(measured.reduce((sum, row) => sum + row.progress!, 0) / measured.length) : null,
  };
}

/** Monitoring is April's (YYYY-04), the effectiveness analysis December's (YYYY-12): DOMAIN §11a, seed 002. */
export function periodFits(kind: MonitoringKind, period: string): boolean {
  return kind === "monitoring" ? period.endsWith("-04") : period.endsWith("-12");
}

/** "2027-03-15" → "15.03.2027". */
export const ruDate = (iso: string) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;
