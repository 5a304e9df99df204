// Counts of at-risk students per category and school (#15), never names; prisma/at-risk.ts implements it.
import type { AtRiskCategory } from "./at-risk-rules.ts";
import type { EventState } from "./roadmaps-ports.ts";

export interface AtRiskCountRecord {
  schoolId: string;
  schoolYear: string;
  category: AtRiskCategory;
  count: number;
  note: string | null;
  updatedById: string | null;
  updatedAt: Date;
}

/** A roadmap event of the school's preventive plan for one category (RoadmapEvent.atRiskCategory). */
export interface AtRiskPlanEvent {
  id: string;
  roadmapId: string;
  category: AtRiskCategory;
  number: string;
  title: string;
  dueOn: Date;
  state: EventState;
  indicator: string | null;
}

export interface AtRiskRepository {
  /** The district's counts of a school year (every school that has any). */
  districtCounts(districtId: string, schoolYear: string): Promise<AtRiskCountRecord[]>;
  schoolCounts(schoolId: string, schoolYear: string): Promise<AtRiskCountRecord[]>;
  /** Writes the given categories' counts of one school and year in one transaction (others stay). */
  saveCounts(
    key: { districtId: string; schoolId: string; schoolYear: string },
    rows: ReadonlyArray<{ category: AtRiskCategory; count: number; note: string | null }>,
    byPersonId: string | null,
  ): Promise<void>;
  /** The preventive plan's events of the school's roadmap of that year, in roadmap order. */
  planEvents(schoolId: string, schoolYear: string): Promise<AtRiskPlanEvent[]>;
}
