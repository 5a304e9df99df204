// The indicators of #13 §9, per school and for the district: the share of teachers diagnosed, with
// a route (ИОМ), with positive dynamics between two diagnostics, and who completed a course of their
// route (the route's courses are chosen from their deficits, core/services/routes.ts). Every share
// goes through the release rules (core/release/rules.ts): a cell of fewer teachers than the minimum
// is hidden, shares are rounded to 5 % with bounds at the ends, and a reader who sees the district
// total gets the school rows after secondary suppression. Never a person.
import { canReadDistrict } from "../access/permissions.ts";
import { deficitProfile } from "../diagnostic/profile.ts";
import { TEACHER_DIAGNOSTIC_KEY } from "../instruments/teacher-diagnostic.ts";
import { indicatorText } from "../messages/baseline.ts";
import type { MethodologySettings } from "../methodology/settings.ts";
import { minimumFor, releaseShare, suppressTable, type Bounded, type StoredCell } from "../release/rules.ts";
import { AdminError } from "./admin.ts";
import type { IndicatorData, IndicatorsRepository, SchoolIndicatorData, SchoolIndicatorsSource } from "./indicators-ports.ts";
import { schoolTrends } from "../management/indicator-trends.ts";
import { INDICATOR_CATALOG, TEACHER_TREND_KEYS, trendText, type IndicatorDefinition, type TrendCell, type TrendKey } from "../messages/indicators.ts";
import type { Clock, PersonView, Repository } from "./ports.ts";

export interface IndicatorsDeps {
  repo: Repository;
  clock: Clock;
  settings: MethodologySettings;
  indicators: IndicatorsRepository;
}

export const INDICATOR_KEYS = ["diagnosed", "withRoute", "positiveDynamics", "completedCourses"] as const;
export type IndicatorKey = (typeof INDICATOR_KEYS)[number];

export type IndicatorCell = { hidden: true } | { hidden: false; share: Bounded };

export interface IndicatorRow {
  /** Active teachers (staff, not answers). */
  teachers: number;
  cells: Record<IndicatorKey, IndicatorCell>;
}

export interface IndicatorsView {
  districtId: string;
  /** The school year (its spring year: 2026 is 2025/26) the diagnosed share counts. */
  year: number;
  period: { from: Date; to: Date };
  minRespondents: number;
  titles: Record<IndicatorKey, string>;
  /** null for a reader who sees their school only. */
  district: IndicatorRow | null;
  schools: Array<{ id: string; name: string } & IndicatorRow>;
}

/** The school year containing `at`, by its spring year (September to August). */
export const schoolYearOf = (at: Date) => (at.getUTCMonth() >= 8 ? at.getUTCFullYear() + 1 : at.getUTCFullYear());
export const schoolYearPeriod = (year: number) => ({ from: new Date(Date.UTC(year - 1, 8, 1)), to: new Date(Date.UTC(year, 8, 1)) });

interface PersonFacts {
  diagnosed: boolean;
  route: boolean;
  courseDone: boolean;
  /** null: fewer than two diagnostics; true: the mean deficit fell between the last two. */
  improved: boolean | null;
}

/** What each teacher's facts are, from the rows; person ids stay here. */
export function personFacts(data: IndicatorData, period: { from: Date; to: Date }, settings: MethodologySettings): Map<string, PersonFacts> {
  const facts = new Map<string, PersonFacts>();
  for (const { personId } of data.teachers) facts.set(personId, { diagnosed: false, route: false, courseDone: false, improved: null });
  const byPerson = new Map<string, IndicatorData["diagnostics"]>();
  for (const diagnostic of data.diagnostics) {
    if (!facts.has(diagnostic.personId) || diagnostic.completedAt >= period.to) continue;
    const list = byPerson.get(diagnostic.personId) ?? [];
    list.push(diagnostic);
    byPerson.set(diagnostic.personId, list);
  }
  for (const [personId, list] of byPerson) {
    const fact = facts.get(personId)!;
    list.sort((a, b) => a.completedAt.getTime() - b.completedAt.getTime());
    fact.diagnosed = list.some((diagnostic) => diagnostic.completedAt >= period.from);
    if (list.length >= 2) {
      const [before, after] = list.slice(-2) as [IndicatorData["diagnostics"][number], IndicatorData["diagnostics"][number]];
      const earlier = new Map(deficitProfile(before.instrument, before.answers, settings).areas.map((area) => [area.areaId, area.deficit]));
      const changes = deficitProfile(after.instrument, after.answers, settings)
        .areas.filter((area) => earlier.has(area.areaId))
        .map((area) => area.deficit - earlier.get(area.areaId)!);
      // Positive dynamics: the mean deficit over the areas both diagnostics share fell.
      if (changes.length) fact.improved = changes.reduce((sum, change) => sum + change, 0) / changes.length < 0;
    }
  }
  // Routes come oldest first: the latest one made before the year's end wins.
  for (const route of data.routes) {
    const fact = facts.get(route.personId);
    if (!fact || (route.createdAt && route.createdAt >= period.to)) continue;
    fact.route = route.items > 0;
    fact.courseDone = route.courseDoneAt ? route.courseDoneAt.some((doneAt) => doneAt < period.to) : route.coursesDone > 0;
  }
  return facts;
}

type Cells = Record<IndicatorKey, StoredCell<Bounded>>;

function cellsOf(personIds: readonly string[], facts: Map<string, PersonFacts>, minimum: number): Cells {
  const cell = (basis: string[], count: number): StoredCell<Bounded> => ({
    basis: [...basis].sort(),
    figure: basis.length >= minimum && basis.length > 0 ? releaseShare(count, basis.length) : null,
  });
  const all = [...new Set(personIds)];
  const twice = all.filter((id) => facts.get(id)?.improved !== null && facts.get(id)?.improved !== undefined);
  return {
    diagnosed: cell(all, all.filter((id) => facts.get(id)?.diagnosed).length),
    withRoute: cell(all, all.filter((id) => facts.get(id)?.route).length),
    positiveDynamics: cell(twice, twice.filter((id) => facts.get(id)?.improved === true).length),
    completedCourses: cell(all, all.filter((id) => facts.get(id)?.courseDone).length),
  };
}

const shown = (cell: StoredCell<Bounded>, visible: boolean): IndicatorCell => (visible && cell.figure ? { hidden: false, share: cell.figure } : { hidden: true });

/**
 * Pure: the released view of the indicators. `withTotal`: the reader sees the district row, so the
 * school rows are suppressed against it.
 */
export function indicatorsView(
  data: IndicatorData,
  schools: ReadonlyArray<{ id: string; name: string }>,
  options: { districtId: string; year: number; settings: MethodologySettings; withTotal: boolean },
): IndicatorsView {
  const period = schoolYearPeriod(options.year);
  const minimum = minimumFor("scale", options.settings);
  const facts = personFacts(data, period, options.settings);
  const bySchool = new Map<string, string[]>();
  for (const { personId, schoolId } of data.teachers) bySchool.set(schoolId, [...(bySchool.get(schoolId) ?? []), personId]);
  const district = cellsOf(data.teachers.map((teacher) => teacher.personId), facts, minimum);
  const rows = schools.map((school) => ({ school, people: [...new Set(bySchool.get(school.id) ?? [])], cells: cellsOf(bySchool.get(school.id) ?? [], facts, minimum) }));
  const visible = new Map<IndicatorKey, Set<string>>();
  for (const key of INDICATOR_KEYS) {
    visible.set(
      key,
      options.withTotal
        ? suppressTable(district[key], rows.map((row) => ({ key: row.school.id, cell: row.cells[key] })), minimum)
        : new Set(rows.filter((row) => row.cells[key].figure).map((row) => row.school.id)),
    );
  }
  const released = (cells: Cells, id: string | null): Record<IndicatorKey, IndicatorCell> =>
    Object.fromEntries(INDICATOR_KEYS.map((key) => [key, shown(cells[key], id === null || visible.get(key)!.has(id))])) as Record<IndicatorKey, IndicatorCell>;
  return {
    districtId: options.districtId,
    year: options.year,
    period,
    minRespondents: minimum,
    titles: {
      diagnosed: indicatorText.diagnosed,
      withRoute: indicatorText.withRoute,
      positiveDynamics: indicatorText.positiveDynamics,
      completedCourses: indicatorText.completedCourses,
    },
    district: options.withTotal ? { teachers: new Set(data.teachers.map((teacher) => teacher.personId)).size, cells: released(district, null) } : null,
    schools: rows.map((row) => ({ id: row.school.id, name: row.school.name, teachers: row.people.length, cells: released(row.cells, row.school.id) })),
  };
}

/**
 * The indicators a person may read: district staff and the district's methodologist see every
 * school and the district; a head sees their own school. Everyone else is refused.
 */
export async function districtIndicators(
  deps: IndicatorsDeps,
  viewer: PersonView,
  input: { districtId: string; year?: number; schoolId?: string },
): Promise<IndicatorsView> {
  const active = viewer.memberships.filter((membership) => membership.active && membership.districtId === input.districtId);
  const wholeDistrict = canReadDistrict(viewer.memberships, input.districtId) || active.some((membership) => membership.role === "methodologist");
  const ownSchools = active.filter((membership) => membership.role === "head" && membership.schoolId).map((membership) => membership.schoolId!);
  if (!wholeDistrict && !ownSchools.length) throw new AdminError("forbidden", indicatorText.forbidden);
  if (!wholeDistrict && input.schoolId && !ownSchools.includes(input.schoolId)) throw new AdminError("forbidden", indicatorText.forbidden);
  const year = input.year ?? schoolYearOf(deps.clock.now());
  const [data, allSchools] = await Promise.all([
    deps.indicators.indicatorData(input.districtId, TEACHER_DIAGNOSTIC_KEY),
    deps.repo.listSchools([input.districtId]),
  ]);
  const view = indicatorsView(data, allSchools, { districtId: input.districtId, year, settings: deps.settings, withTotal: wholeDistrict });
  const wanted = input.schoolId ? [input.schoolId] : wholeDistrict ? null : ownSchools;
  return wanted ? { ...view, schools: view.schools.filter((school) => wanted.includes(school.id)) } : view;
}

// ---- trends over the school years (#14 §6) ----

/** How many school years the trends show at most (the current one and the four before it). */
export const TREND_YEARS = 5;

export interface TrendRow {
  /** "district" for the district row, else the school id. */
  id: string;
  name: string;
  /** One cell per year of `years`. */
  cells: Record<TrendKey, TrendCell[]>;
}

export interface IndicatorTrendsView {
  districtId: string;
  /** Spring years, oldest first (2026 is 2025/26). */
  years: number[];
  yearLabels: string[];
  minRespondents: number;
  /** Each indicator with its calculation method, data source and responsible executor (seed 000). */
  indicators: IndicatorDefinition[];
  /** null for a reader who sees their school only. */
  district: TrendRow | null;
  schools: TrendRow[];
}

const teacherCell = (cell: IndicatorCell, computed: boolean): TrendCell => (!computed ? { kind: "none" } : cell.hidden ? { kind: "hidden" } : { kind: "share", share: cell.share });

/**
 * Pure: every indicator for each year. Teacher indicators are the released view of each year (the
 * same release rules as the one-year page); a year where nothing about teachers was recorded yet is
 * «нет данных», never 0. School indicators come from core/management/indicator-trends.ts.
 */
export function indicatorTrendsView(
  teacherData: IndicatorData,
  schoolData: SchoolIndicatorData,
  schools: ReadonlyArray<{ id: string; name: string }>,
  options: { districtId: string; currentYear: number; now: Date; settings: MethodologySettings; withTotal: boolean },
): IndicatorTrendsView {
  const allYears = Array.from({ length: TREND_YEARS }, (_, index) => options.currentYear - TREND_YEARS + 1 + index);
  const school = schoolTrends(schoolData, schools.map((item) => item.id), allYears, options.now);
  const rows = new Map<string, Record<TrendKey, TrendCell[]>>([["district", { ...(Object.fromEntries(TEACHER_TREND_KEYS.map((key) => [key, []])) as unknown as Record<TrendKey, TrendCell[]>), ...school.district }]]);
  for (const item of schools) rows.set(item.id, { ...(Object.fromEntries(TEACHER_TREND_KEYS.map((key) => [key, []])) as unknown as Record<TrendKey, TrendCell[]>), ...school.schools.get(item.id)! });
  for (const year of allYears) {
    const period = schoolYearPeriod(year);
    const view = indicatorsView(teacherData, schools, { districtId: options.districtId, year, settings: options.settings, withTotal: options.withTotal });
    const computed: Record<(typeof TEACHER_TREND_KEYS)[number], boolean> = {
      diagnosed: teacherData.diagnostics.some((item) => item.completedAt >= period.from && item.completedAt < period.to),
      positiveDynamics: teacherData.diagnostics.some((item) => item.completedAt >= period.from && item.completedAt < period.to),
      withRoute: teacherData.routes.some((route) => !route.createdAt || route.createdAt < period.to),
      completedCourses: teacherData.routes.some((route) => !route.createdAt || route.createdAt < period.to),
    };
    for (const key of TEACHER_TREND_KEYS) {
      rows.get("district")![key].push(view.district ? teacherCell(view.district.cells[key], computed[key]) : { kind: "none" });
      for (const row of view.schools) rows.get(row.id)![key].push(teacherCell(row.cells[key], computed[key]));
    }
  }
  // Years before anything was recorded are left out (the current year always stays).
  const hasData = (index: number) => [...rows.values()].some((cells) => Object.values(cells).some((list) => list[index]!.kind !== "none"));
  let first = 0;
  while (first < allYears.length - 1 && !hasData(first)) first++;
  const slice = (cells: Record<TrendKey, TrendCell[]>) => Object.fromEntries(Object.entries(cells).map(([key, list]) => [key, list.slice(first)])) as Record<TrendKey, TrendCell[]>;
  const years = allYears.slice(first);
  return {
    districtId: options.districtId,
    years,
    yearLabels: years.map(trendText.yearLabel),
    minRespondents: minimumFor("scale", options.settings),
    indicators: [...INDICATOR_CATALOG],
    district: options.withTotal ? { id: "district", name: trendText.district, cells: slice(rows.get("district")!) } : null,
    schools: schools.map((item) => ({ id: item.id, name: item.name, cells: slice(rows.get(item.id)!) })),
  };
}

export type IndicatorTrendsDeps = IndicatorsDeps & { schoolIndicators: SchoolIndicatorsSource };

/** The trends a person may read: the same access as the one-year indicators. */
export async function districtIndicatorTrends(
  deps: IndicatorTrendsDeps,
  viewer: PersonView,
  input: { districtId: string; schoolId?: string },
): Promise<IndicatorTrendsView> {
  const active = viewer.memberships.filter((membership) => membership.active && membership.districtId === input.districtId);
  const wholeDistrict = canReadDistrict(viewer.memberships, input.districtId) || active.some((membership) => membership.role === "methodologist");
  const ownSchools = active.filter((membership) => membership.role === "head" && membership.schoolId).map((membership) => membership.schoolId!);
  if (!wholeDistrict && !ownSchools.length) throw new AdminError("forbidden", trendText.forbidden);
  if (!wholeDistrict && input.schoolId && !ownSchools.includes(input.schoolId)) throw new AdminError("forbidden", trendText.forbidden);
  const now = deps.clock.now();
  const [teacherData, schoolData, allSchools] = await Promise.all([
    deps.indicators.indicatorData(input.districtId, TEACHER_DIAGNOSTIC_KEY),
    deps.schoolIndicators.schoolIndicatorData(input.districtId),
    deps.repo.listSchools([input.districtId]),
  ]);
  const view = indicatorTrendsView(teacherData, schoolData, allSchools, { districtId: input.districtId, currentYear: schoolYearOf(now), now, settings: deps.settings, withTotal: wholeDistrict });
  const wanted = input.schoolId ? [input.schoolId] : wholeDistrict ? null : ownSchools;
  return wanted ? { ...view, schools: view.schools.filter((item) => wanted.includes(item.id)) } : view;
}

