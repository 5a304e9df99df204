// What the indicators of #13 §9 read (prisma/indicators.ts implements it). Person ids stay inside
// core/services/indicators.ts: they are the basis of release cells, never shown.
import type { Instrument } from "../instruments/schema.ts";

export interface IndicatorData {
  /** Active teacher memberships of the district (a teacher of two schools counts in both). */
  teachers: Array<{ personId: string; schoolId: string }>;
  /** Completed teacher diagnostics of members (not baselines, not anonymous), oldest first. */
  diagnostics: Array<{ personId: string; completedAt: Date; instrument: Instrument; answers: Map<string, number> }>;
  /** Teachers' own routes (ИОМ): how many items, and how many of its courses are done. */
  routes: Array<{ personId: string; items: number; coursesDone: number }>;
}

export interface IndicatorsRepository {
  indicatorData(districtId: string, instrumentKey: string): Promise<IndicatorData>;
}
