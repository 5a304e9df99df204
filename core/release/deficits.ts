import { deficitLevel, deficitProfile, type DeficitLevel } from "../diagnostic/profile.ts";
import type { Instrument } from "../instruments/schema.ts";
import type { MethodologySettings } from "../methodology/settings.ts";
import type { Answers } from "../survey/runner.ts";
import {
  minimumFor,
  nextCell,
  releaseMean,
  releaseShare,
  sameCell,
  suppressTable,
  type Bounded,
  type Contribution,
  type StoredCell,
} from "./rules.ts";

/** A completed response with the schools its author taught in when it completed. */
export interface AttributedResponse {
  responseId: string;
  schoolIds: string[];
  answers: Answers;
}

/** A school of the district and how many teachers it has now (active memberships). */
export interface SchoolSize {
  id: string;
  teachers: number;
}

/** One area of one scope, as released. */
export interface AreaFigure {
  meanDeficit: Bounded;
  pronouncedShare: Bounded;
  level: DeficitLevel;
}

export const DISTRICT_CELL = "district";
export const SMALL_SCHOOLS_CELL = "small";
export const schoolCell = (schoolId: string) => `school:${schoolId}`;

/** What a release row stores: every cell of the district with its basis (response ids). */
export interface DeficitReleaseDoc {
  version: 1;
  /** cell key → area id → cell. */
  cells: Record<string, Record<string, StoredCell<AreaFigure>>>;
  /** Schools with fewer teachers than the minimum when this release was made. */
  smallSchoolIds: string[];
}

interface AreaValue {
  deficit: number;
  pronounced: boolean;
}

const figureOf = (values: AreaValue[], settings: MethodologySettings): AreaFigure => {
  const mean = values.reduce((sum, value) => sum + value.deficit, 0) / values.length;
  const meanDeficit = releaseMean(mean);
  return {
    meanDeficit,
    pronouncedShare: releaseShare(values.filter((value) => value.pronounced).length, values.length),
    // The level follows the printed figure, not the exact one.
    level: deficitLevel(meanDeficit.value, settings),
  };
};

/**
 * The district's next release: every school, the small-schools group and the district, each area
 * through nextCell. `changed` is false when readers would see exactly the previous release.
 */
export function advanceDeficitRelease(
  instrument: Instrument,
  previous: DeficitReleaseDoc | null,
  responses: readonly AttributedResponse[],
  schools: readonly SchoolSize[],
  settings: MethodologySettings,
): { doc: DeficitReleaseDoc; changed: boolean } {
  const params = { minimum: minimumFor("scale", settings), step: settings.releaseStep };
  const small = new Set(schools.filter((school) => school.teachers < settings.minRespondents).map((school) => school.id));
  const known = new Set(schools.map((school) => school.id));

  // Each response's area values, computed once.
  const perArea = new Map<string, Map<string, AreaValue>>();
  for (const response of responses) {
    const profile = deficitProfile(instrument, response.answers, settings);
    perArea.set(
      response.responseId,
      new Map(profile.areas.map((area) => [area.areaId, { deficit: area.deficit, pronounced: area.level === "pronounced" }])),
    );
  }

  // Which cells each response counts in: its schools, the small group once, the district once.
  const members = new Map<string, AttributedResponse[]>();
  const add = (key: string, response: AttributedResponse) => {
    const list = members.get(key) ?? [];
    list.push(response);
    members.set(key, list);
  };
  for (const response of responses) {
    const inDistrict = response.schoolIds.filter((id) => known.has(id));
    if (inDistrict.length === 0) continue;
    add(DISTRICT_CELL, response);
    if (inDistrict.some((id) => small.has(id))) add(SMALL_SCHOOLS_CELL, response);
    for (const id of inDistrict) add(schoolCell(id), response);
  }

  // The rows (schools that are not small, and the small-schools group) first, the district after them.
  const rowKeys = [SMALL_SCHOOLS_CELL, ...schools.filter((school) => !small.has(school.id)).map((school) => schoolCell(school.id))];
  const keys = [...schools.filter((school) => small.has(school.id)).map((school) => schoolCell(school.id)), ...rowKeys, DISTRICT_CELL];
  const cells: DeficitReleaseDoc["cells"] = {};
  let changed = previous === null;
  for (const key of keys) {
    cells[key] = {};
    for (const area of instrument.areas) {
      const contributions: Array<Contribution<AreaValue>> = [];
      for (const response of members.get(key) ?? []) {
        const value = perArea.get(response.responseId)!.get(area.id);
        if (value) contributions.push({ responseId: response.responseId, value });
      }
      const before = previous?.cells[key]?.[area.id];
      let cell = nextCell(before, contributions, params, (values) => figureOf(values, settings));
      if (key === DISTRICT_CELL && before?.figure && cell !== before) {
        // The district's step minus the steps its shown rows published must not single out a few:
        // the new responses no shown row has published yet are none or at least a step.
        const covered = new Set(rowKeys.flatMap((row) => (cells[row]![area.id]!.figure ? cells[row]![area.id]!.basis : [])));
        const known = new Set(before.basis);
        const uncovered = contributions.filter((entry) => !known.has(entry.responseId) && !covered.has(entry.responseId)).length;
        if (uncovered > 0 && uncovered < params.step) cell = before;
      }
      if (!sameCell(before, cell)) changed = true;
      cells[key][area.id] = cell;
    }
  }
  const smallSchoolIds = [...small].sort();
  if (previous && previous.smallSchoolIds.join() !== smallSchoolIds.join()) changed = true;
  return { doc: { version: 1, cells, smallSchoolIds }, changed };
}

/** A cell as readers see it: hidden, and nothing else, or the released figures. */
export type ReleasedArea = { hidden: true } | ({ hidden: false } & AreaFigure);

export interface ReleasedAreaRow {
  areaId: string;
  title: string;
  cell: ReleasedArea;
}

export interface DeficitSummaryView {
  district: ReleasedAreaRow[];
  smallSchools: { schoolIds: string[]; areas: ReleasedAreaRow[] };
  schools: Array<{ schoolId: string; small: boolean; areas: ReleasedAreaRow[] }>;
}

const HIDDEN: ReleasedArea = { hidden: true };

/**
 * What readers see of a release: the district, the small-schools group and each school, each area
 * after secondary suppression (the district minus the shown rows leaves none or at least the
 * minimum). A small school's own row is always hidden: it is read inside the group.
 */
export function deficitSummaryView(
  instrument: Instrument,
  doc: DeficitReleaseDoc,
  schoolIds: readonly string[],
  settings: MethodologySettings,
  /**
   * For readers who also see the district total (district staff). A head sees only their school,
   * with nothing to subtract it from, so their school's own cells are not suppressed.
   */
  options: { withTotal: boolean } = { withTotal: true },
): DeficitSummaryView {
  const minimum = minimumFor("scale", settings);
  // A release stored under a lower minimum (settings changed since) is still held to today's.
  const show = (cell: StoredCell<AreaFigure> | undefined, visible: boolean): ReleasedArea =>
    visible && cell?.figure && cell.basis.length >= minimum ? { hidden: false, ...cell.figure } : HIDDEN;
  const small = new Set(doc.smallSchoolIds);
  const rowKeys = [SMALL_SCHOOLS_CELL, ...schoolIds.filter((id) => !small.has(id)).map(schoolCell)];
  const visibleByArea = new Map<string, Set<string>>();
  const held = (cell: StoredCell<AreaFigure> | undefined) =>
    cell ? { basis: cell.basis, figure: cell.basis.length >= minimum ? cell.figure : null } : undefined;
  for (const area of instrument.areas) {
    const rows = rowKeys
      .map((key) => ({ key, cell: held(doc.cells[key]?.[area.id]) }))
      .filter((row): row is { key: string; cell: StoredCell<AreaFigure> } => row.cell !== undefined);
    visibleByArea.set(area.id, suppressTable(held(doc.cells[DISTRICT_CELL]?.[area.id]) ?? null, rows, minimum));
  }
  const rowOf = (key: string, table: boolean): ReleasedAreaRow[] =>
    instrument.areas.map((area) => ({
      areaId: area.id,
      title: area.title,
      cell: show(doc.cells[key]?.[area.id], !table || !options.withTotal || visibleByArea.get(area.id)!.has(key)),
    }));
  return {
    district: rowOf(DISTRICT_CELL, false),
    smallSchools: { schoolIds: [...small], areas: rowOf(SMALL_SCHOOLS_CELL, true) },
    schools: schoolIds.map((schoolId) => ({
      schoolId,
      small: small.has(schoolId),
      areas: small.has(schoolId) ? rowOf(schoolCell(schoolId), true).map((row) => ({ ...row, cell: HIDDEN })) : rowOf(schoolCell(schoolId), true),
    })),
  };
}
