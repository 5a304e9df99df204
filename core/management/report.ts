// The effectiveness analysis (аналитическая справка, seed 003 §8.1, seed 004 §10, seed 000's quarterly
// report): what the district presents to its working group, built from plain data. Pure: the
// service reads, this computes, and the result is frozen into EffectivenessReport.content.
import { TZDate } from "@date-fns/tz";
import type { ListKind } from "../identification/types.ts";
import { indicatorDefinition, trendCellText, type TrendCell, type TrendKey } from "../messages/indicators.ts";
import { label, reportLabels, reportText } from "../messages/report.ts";

export const REPORT_KINDS = ["half_year", "quarter"] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export interface ReportPeriod {
  kind: ReportKind;
  /** "2026-H2" (July–December), "2027-H1" (January–June), "2026-Q4" (October–December). */
  key: string;
  year: number;
  part: number;
  /** Local midnight of the first day, in the district's time zone. */
  start: Date;
  /** Local midnight after the last day (exclusive). */
  end: Date;
}

/** "2026-H2" or "2026-Q4" in the district's time zone; null when the text is neither. */
export function parsePeriod(key: string, timezone: string): ReportPeriod | null {
  const match = /^(\d{4})-(H([12])|Q([1-4]))$/.exec(key);
  if (!match) return null;
  const year = Number(match[1]);
  if (year < 2000 || year > 2100) return null;
  const kind: ReportKind = match[3] ? "half_year" : "quarter";
  const part = Number(match[3] ?? match[4]);
  const months = kind === "half_year" ? 6 : 3;
  const firstMonth = (part - 1) * months;
  const start = new Date(new TZDate(year, firstMonth, 1, timezone).getTime());
  const end = new Date(new TZDate(year, firstMonth + months, 1, timezone).getTime());
  return { kind, key, year, part, start, end };
}

/** The half-year or quarter a moment belongs to, in the district's time zone. */
export function periodKeyOf(at: Date, kind: ReportKind, timezone: string): string {
  const local = new TZDate(at.getTime(), timezone);
  const month = local.getMonth();
  return kind === "half_year" ? `${local.getFullYear()}-H${month < 6 ? 1 : 2}` : `${local.getFullYear()}-Q${Math.floor(month / 3) + 1}`;
}

export const periodTitle = (period: Pick<ReportPeriod, "kind" | "year" | "part">) => reportText.periodTitle(period.kind, period.year, period.part);

// ---------- input: plain data the service reads ----------

export interface ReportInput {
  district: { id: string; name: string };
  period: ReportPeriod;
  now: Date;
  timezone: string;
  schools: ReadonlyArray<{ id: string; name: string }>;
  /** The district's indicator trends (already released), years oldest first. */
  indicators: { years: number[]; yearLabels: string[]; rows: Array<{ key: TrendKey; cells: TrendCell[] }> } | null;
  /** The newest identification run of each year, made by the period's end. */
  runs: Array<{ year: number; schools: Array<{ schoolId: string; shnor: boolean; shnsu: boolean }> }>;
  recommendations: Array<{
    id: string;
    schoolId: string | null;
    addressee: string;
    state: string;
    title: string;
    dueOn: Date | null;
    sentAt: Date | null;
    doneAt: Date | null;
  }>;
  roadmaps: Array<{
    id: string;
    title: string;
    schoolId: string | null;
    schoolYear: string;
    events: Array<{ id: string; number: string; title: string; state: string; dueOn: Date; doneAt: Date | null }>;
  }>;
  decisions: Array<{ id: string; kind: string; docType: string; docNumber: string; docDate: Date; title: string; level: string; horizon: string }>;
}

// ---------- output: the frozen content (JSON) ----------

export type Trend = "up" | "down" | "same" | null;

export interface ReportContent {
  version: 1;
  districtName: string;
  period: { kind: ReportKind; key: string; title: string; start: string; end: string };
  generatedAt: string;
  /** Deadlines are judged at this moment: the period's end, or the creation when the period runs on. */
  cutoff: string;
  indicators: {
    yearLabels: string[];
    rows: Array<{ key: TrendKey; title: string; method: string; source: string; executor: string; values: string[]; trend: Trend }>;
  };
  lists: {
    /** The two run years compared (null without two runs). */
    fromYear: number | null;
    toYear: number | null;
    counts: Array<{ year: number; shnor: number; shnsu: number }>;
    entered: Array<{ schoolId: string; schoolName: string; list: ListKind }>;
    left: Array<{ schoolId: string; schoolName: string; list: ListKind }>;
  };
  recommendations: {
    issued: number;
    doneInPeriod: number;
    open: number;
    overdue: number;
    byAddressee: Array<{ addressee: string; label: string; issued: number; done: number; open: number; overdue: number }>;
    byState: Array<{ state: string; label: string; count: number }>;
    overdueList: Array<{ id: string; title: string; schoolName: string | null; addressee: string; dueOn: string }>;
  };
  roadmaps: {
    total: number;
    done: number;
    overdue: number;
    rows: Array<{ id: string; title: string; schoolName: string | null; schoolYear: string; total: number; done: number; overdue: number }>;
    overdueEvents: Array<{ id: string; roadmapTitle: string; number: string; title: string; dueOn: string }>;
  };
  decisions: {
    total: number;
    byKind: Array<{ kind: string; label: string; count: number }>;
    byLevel: Array<{ level: string; label: string; count: number }>;
    rows: Array<{ id: string; kind: string; kindLabel: string; document: string; docDate: string; title: string; levelLabel: string; horizonLabel: string }>;
  };
}

export interface GrowthPoint {
  text: string;
  /** The district roadmap event it became («Скорректировать дорожную карту»). */
  roadmapEventId?: string | null;
}

/** The district's conclusions (seed 004 §10); `draft` until the district edits them. */
export interface ReportConclusions {
  draft: boolean;
  goalsMet: string;
  measuresSufficient: string;
  growthPoints: GrowthPoint[];
}

const OPEN_STATES = new Set(["sent", "acknowledged", "in_work"]);
const ADDRESSEE_ORDER = ["head", "district", "institute", "assessment", "curator"];
const STATE_ORDER = ["sent", "acknowledged", "in_work", "done", "rejected"];
const KIND_ORDER = ["organising", "activating", "coordinating", "controlling", "stimulating"];
const LEVEL_ORDER = ["school", "district", "region"];

const inPeriod = (date: Date | null, period: ReportPeriod) => date !== null && date >= period.start && date < period.end;
const ordered = (keys: Iterable<string>, order: readonly string[]) =>
  [...new Set(keys)].sort((a, b) => (order.indexOf(a) < 0 ? 99 : order.indexOf(a)) - (order.indexOf(b) < 0 ? 99 : order.indexOf(b)) || a.localeCompare(b));

/** The date as the district reads it: "25.12.2026". */
export const localDate = (date: Date | string, timezone: string) => new Date(date).toLocaleDateString("ru-RU", { timeZone: timezone, day: "2-digit", month: "2-digit", year: "numeric" });

function trendOf(cells: TrendCell[]): Trend {
  const shares = cells.filter((cell): cell is Extract<TrendCell, { kind: "share" }> => cell.kind === "share");
  if (shares.length < 2 || cells[cells.length - 1]!.kind !== "share") return null;
  const [before, after] = shares.slice(-2) as [(typeof shares)[number], (typeof shares)[number]];
  return after.share.value > before.share.value ? "up" : after.share.value < before.share.value ? "down" : "same";
}

export function buildReport(input: ReportInput): ReportContent {
  const { period } = input;
  const cutoffAt = new Date(Math.min(period.end.getTime(), input.now.getTime()));
  const schoolName = new Map(input.schools.map((school) => [school.id, school.name]));
  const nameOf = (id: string | null) => (id ? (schoolName.get(id) ?? id) : null);

  // 1. Indicators: the district row of every indicator up to the school year the period ends in.
  const indicators: ReportContent["indicators"] = { yearLabels: [], rows: [] };
  if (input.indicators) {
    const lastMoment = new Date(period.end.getTime() - 1);
    const lastSpring = lastMoment.getUTCMonth() >= 8 ? lastMoment.getUTCFullYear() + 1 : lastMoment.getUTCFullYear();
    const upTo = input.indicators.years.filter((year) => year <= lastSpring).length;
    indicators.yearLabels = input.indicators.yearLabels.slice(0, upTo);
    for (const row of input.indicators.rows) {
      const definition = indicatorDefinition(row.key);
      const cells = row.cells.slice(0, upTo);
      indicators.rows.push({
        key: row.key,
        title: definition.title,
        method: definition.method,
        source: definition.source,
        executor: definition.executor,
        values: cells.map(trendCellText),
        trend: trendOf(cells),
      });
    }
  }

  // 2. Lists: the two newest run years compared.
  const runs = [...input.runs].sort((a, b) => a.year - b.year);
  const lists: ReportContent["lists"] = {
    fromYear: null,
    toYear: null,
    counts: runs.map((run) => ({ year: run.year, shnor: run.schools.filter((school) => school.shnor).length, shnsu: run.schools.filter((school) => school.shnsu).length })),
    entered: [],
    left: [],
  };
  if (runs.length >= 2) {
    const [before, after] = runs.slice(-2) as [(typeof runs)[number], (typeof runs)[number]];
    lists.fromYear = before.year;
    lists.toYear = after.year;
    const flags = (run: typeof before) => new Map(run.schools.map((school) => [school.schoolId, school]));
    const was = flags(before);
    const is = flags(after);
    for (const id of [...new Set([...was.keys(), ...is.keys()])].sort((a, b) => (nameOf(a) ?? a).localeCompare(nameOf(b) ?? b, "ru"))) {
      for (const kind of ["shnor", "shnsu"] as const) {
        const wasOn = was.get(id)?.[kind] ?? false;
        const isOn = is.get(id)?.[kind] ?? false;
        if (isOn && !wasOn) lists.entered.push({ schoolId: id, schoolName: nameOf(id)!, list: kind });
        if (wasOn && !isOn) lists.left.push({ schoolId: id, schoolName: nameOf(id)!, list: kind });
      }
    }
  }

  // 3. Recommendations active in the period: sent before its end and not done before its start.
  const active = input.recommendations.filter(
    (item) => item.sentAt !== null && item.sentAt < period.end && item.state !== "proposed" && !(item.doneAt && item.doneAt < period.start),
  );
  const isOverdue = (item: (typeof active)[number]) => OPEN_STATES.has(item.state) && item.dueOn !== null && item.dueOn < cutoffAt;
  const overdueRecs = active.filter(isOverdue);
  const recommendations: ReportContent["recommendations"] = {
    issued: active.filter((item) => inPeriod(item.sentAt, period)).length,
    doneInPeriod: active.filter((item) => item.state === "done" && inPeriod(item.doneAt, period)).length,
    open: active.filter((item) => OPEN_STATES.has(item.state)).length,
    overdue: overdueRecs.length,
    byAddressee: ordered(
      active.map((item) => item.addressee),
      ADDRESSEE_ORDER,
    ).map((addressee) => {
      const mine = active.filter((item) => item.addressee === addressee);
      return {
        addressee,
        label: label(reportLabels.addressee, addressee),
        issued: mine.filter((item) => inPeriod(item.sentAt, period)).length,
        done: mine.filter((item) => item.state === "done" && inPeriod(item.doneAt, period)).length,
        open: mine.filter((item) => OPEN_STATES.has(item.state)).length,
        overdue: mine.filter(isOverdue).length,
      };
    }),
    byState: ordered(
      active.map((item) => item.state),
      STATE_ORDER,
    ).map((state) => ({ state, label: label(reportLabels.recommendationState, state), count: active.filter((item) => item.state === state).length })),
    overdueList: overdueRecs
      .sort((a, b) => a.dueOn!.getTime() - b.dueOn!.getTime())
      .map((item) => ({ id: item.id, title: item.title, schoolName: nameOf(item.schoolId), addressee: label(reportLabels.addressee, item.addressee), dueOn: item.dueOn!.toISOString() })),
  };

  // 4. Roadmaps: events due in the period (cancelled ones aside); overdue = not done by the cutoff.
  const roadmaps: ReportContent["roadmaps"] = { total: 0, done: 0, overdue: 0, rows: [], overdueEvents: [] };
  const sortedRoadmaps = [...input.roadmaps].sort((a, b) => (a.schoolId === null ? -1 : b.schoolId === null ? 1 : (nameOf(a.schoolId) ?? "").localeCompare(nameOf(b.schoolId) ?? "", "ru")));
  for (const roadmap of sortedRoadmaps) {
    const due = roadmap.events.filter((event) => event.state !== "cancelled" && inPeriod(event.dueOn, period));
    if (!due.length) continue;
    const done = due.filter((event) => event.state === "done");
    const late = due.filter((event) => event.state !== "done" && event.dueOn < cutoffAt);
    roadmaps.rows.push({ id: roadmap.id, title: roadmap.title, schoolName: nameOf(roadmap.schoolId), schoolYear: roadmap.schoolYear, total: due.length, done: done.length, overdue: late.length });
    roadmaps.total += due.length;
    roadmaps.done += done.length;
    roadmaps.overdue += late.length;
    for (const event of late.sort((a, b) => a.dueOn.getTime() - b.dueOn.getTime())) {
      roadmaps.overdueEvents.push({ id: event.id, roadmapTitle: roadmap.title, number: event.number, title: event.title, dueOn: event.dueOn.toISOString() });
    }
  }

  // 5. Decisions dated in the period.
  const decisionsIn = input.decisions.filter((item) => inPeriod(item.docDate, period)).sort((a, b) => a.docDate.getTime() - b.docDate.getTime());
  const decisions: ReportContent["decisions"] = {
    total: decisionsIn.length,
    byKind: ordered(
      decisionsIn.map((item) => item.kind),
      KIND_ORDER,
    ).map((kind) => ({ kind, label: label(reportLabels.decisionKind, kind), count: decisionsIn.filter((item) => item.kind === kind).length })),
    byLevel: ordered(
      decisionsIn.map((item) => item.level),
      LEVEL_ORDER,
    ).map((level) => ({ level, label: label(reportLabels.decisionLevel, level), count: decisionsIn.filter((item) => item.level === level).length })),
    rows: decisionsIn.map((item) => ({
      id: item.id,
      kind: item.kind,
      kindLabel: label(reportLabels.decisionKind, item.kind),
      document: reportText.document(label(reportLabels.docType, item.docType), item.docNumber, localDate(item.docDate, input.timezone)),
      docDate: item.docDate.toISOString(),
      title: item.title,
      levelLabel: label(reportLabels.decisionLevel, item.level),
      horizonLabel: label(reportLabels.horizon, item.horizon),
    })),
  };

  return {
    version: 1,
    districtName: input.district.name,
    period: { kind: period.kind, key: period.key, title: periodTitle(period), start: period.start.toISOString(), end: period.end.toISOString() },
    generatedAt: input.now.toISOString(),
    cutoff: cutoffAt.toISOString(),
    indicators,
    lists,
    recommendations,
    roadmaps,
    decisions,
  };
}

/** At most this many growth points in a draft: each may become a roadmap event. */
export const MAX_DRAFT_GROWTH_POINTS = 10;

/**
 * Draft conclusions from the figures (labelled as a draft; the district edits them): what changed
 * in the lists and the indicators, whether the measures were done in time, and growth points from
 * what is overdue, what entered the lists and what fell.
 */
export function draftConclusions(content: ReportContent): ReportConclusions {
  const { draft } = reportText;
  const goals: string[] = [];
  if (content.lists.fromYear !== null) {
    const from = content.lists.counts.find((count) => count.year === content.lists.fromYear)!;
    const to = content.lists.counts.find((count) => count.year === content.lists.toYear)!;
    goals.push(draft.listsChange("shnor", from.shnor, to.shnor), draft.listsChange("shnsu", from.shnsu, to.shnsu));
  }
  // "Changed position in the lists" has no better direction: it is not read as growth or fall.
  const directional = content.indicators.rows.filter((row) => row.key !== "listChanged");
  const rose = directional.filter((row) => row.trend === "up").map((row) => row.title);
  const fell = directional.filter((row) => row.trend === "down").map((row) => row.title);
  if (rose.length) goals.push(draft.rose(rose));
  if (fell.length) goals.push(draft.fell(fell));
  if (!goals.length) goals.push(draft.noGoalData);

  const { recommendations: recs, roadmaps } = content;
  const measures: string[] = [];
  const anyMeasures = recs.issued + recs.open + recs.doneInPeriod > 0 || roadmaps.total > 0;
  if (recs.issued + recs.open + recs.doneInPeriod > 0) measures.push(draft.recommendations(recs.doneInPeriod, recs.issued, recs.overdue));
  if (roadmaps.total > 0) measures.push(draft.roadmaps(roadmaps.done, roadmaps.total, roadmaps.overdue));
  if (content.decisions.total > 0) measures.push(draft.decisions(content.decisions.total));
  measures.push(!anyMeasures ? draft.noMeasures : recs.overdue + roadmaps.overdue > 0 ? draft.insufficient : draft.sufficient);

  const points: string[] = [];
  for (const event of roadmaps.overdueEvents) points.push(draft.growthOverdueEvent(event.title, event.roadmapTitle));
  for (const row of recs.byAddressee) if (row.overdue > 0) points.push(draft.growthOverdueRecs(row.label, row.overdue));
  for (const item of content.lists.entered) points.push(draft.growthEntered(item.schoolName, item.list));
  for (const row of directional) if (row.trend === "down") points.push(draft.growthFell(row.title));
  if (!points.length) points.push(draft.growthNone);

  return {
    draft: true,
    goalsMet: goals.join(" "),
    measuresSufficient: measures.join(" "),
    growthPoints: points.slice(0, MAX_DRAFT_GROWTH_POINTS).map((text) => ({ text })),
  };
}
