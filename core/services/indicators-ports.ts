// What the indicators of #13 §9 and their trends (#14 §6) read (prisma/indicators.ts and
// prisma/indicator-trends.ts implement it). Person ids stay inside core/services/indicators.ts:
// they are the basis of release cells, never shown.
import type { ListKind } from "../identification/types.ts";
import type { Instrument } from "../instruments/schema.ts";

export interface IndicatorData {
  /** Active teacher memberships of the district (a teacher of two schools counts in both). */
  teachers: Array<{ personId: string; schoolId: string }>;
  /** Completed teacher diagnostics of members (not baselines, not anonymous), oldest first. */
  diagnostics: Array<{ personId: string; completedAt: Date; instrument: Instrument; answers: Map<string, number> }>;
  /**
   * Teachers' own routes (ИОМ), oldest first: how many items, and how many of its courses are done.
   * With `createdAt` and `courseDoneAt` a past school year counts only what existed by its end
   * (the latest route made before it wins); without them every route counts.
   */
  routes: Array<{ personId: string; items: number; coursesDone: number; createdAt?: Date; courseDoneAt?: Date[] }>;
}

export interface IndicatorsRepository {
  indicatorData(districtId: string, instrumentKey: string): Promise<IndicatorData>;
}

/** What the school-level indicators of the trends read (#14 §6): schools and documents, no people. */
export interface SchoolIndicatorData {
  /** The newest identification run of each year (`year`: the run's year, the last year of data it uses). */
  runs: Array<{ year: number; schools: Array<{ schoolId: string; shnor: boolean; shnsu: boolean; dynamics: number | null }> }>;
  /** Official lists from the region, by year. */
  officialLists: Array<{ year: number; kind: ListKind; schoolIds: string[] }>;
  /** Roadmaps of the district (schoolId null) and the schools, by school year ("2026/27"). */
  roadmaps: Array<{ schoolId: string | null; schoolYear: string; approvalRef: string | null; events: Array<{ state: string; dueOn: Date; doneAt: Date | null }> }>;
  /** Recommendations that were sent (proposed and rejected ones are not counted). */
  recommendations: Array<{ schoolId: string | null; state: string; sentAt: Date }>;
  /** Management teams' routes (ИОМ) by calendar year (drawn up in June). */
  teamRoutes: Array<{ schoolId: string; year: number }>;
}

export interface SchoolIndicatorsSource {
  schoolIndicatorData(districtId: string): Promise<SchoolIndicatorData>;
}
