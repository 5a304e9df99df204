// What the #14 roadmap use cases read and write (prisma/roadmaps.ts implements it). `ensureRoadmap`
// and `addEvent` are also what a recommendation's measure uses (core/services/recommendations.ts).

/** seed 002's four sections. */
export const ROADMAP_SECTIONS = ["org_managerial", "org_technological", "methodical", "analytical"] as const;
export type RoadmapSection = (typeof ROADMAP_SECTIONS)[number];
export const EVENT_STATES = ["planned", "in_progress", "done", "overdue", "cancelled"] as const;
export type EventState = (typeof EVENT_STATES)[number];

export interface EventInput {
  section: RoadmapSection;
  /** "1.3"; absent: the next number in the section. */
  number?: string;
  title: string;
  dueOn: Date;
  indicator?: string | null;
  resultDocument?: string | null;
  executorsText?: string | null;
  /** People responsible (they get the event in chat). */
  executorIds?: readonly string[];
  /** A measure planned in answer to this recommendation. */
  recommendationId?: string | null;
}

export interface RoadmapKey {
  districtId: string;
  /** null: the district's roadmap. */
  schoolId: string | null;
  schoolYear: string;
}

export interface RoadmapsRepository {
  /**
   * The roadmap of this district or school and school year; created (in one transaction, with
   * `events` from its template) when there is none yet. `created` says which.
   */
  ensureRoadmap(key: RoadmapKey, init: { title: string; templateKey: string | null; events: readonly EventInput[] }): Promise<{ id: string; created: boolean }>;
  /** Adds one event (numbered after the section's last when `number` is absent); returns its id. */
  addEvent(roadmapId: string, event: EventInput, byPersonId: string | null): Promise<string>;
}
