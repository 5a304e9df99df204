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
  /** A preventive plan's event for an at-risk student category (#15, core/services/at-risk.ts). */
  atRiskCategory?: string | null;
}

export interface RoadmapKey {
  districtId: string;
  /** null: the district's roadmap. */
  schoolId: string | null;
  schoolYear: string;
}

export interface RoadmapsRepository extends RoadmapsReadRepository, RoadmapsWriteRepository {
  /**
   * The roadmap of this district or school and school year; created (in one transaction, with
   * `events` from its template) when there is none yet. `created` says which.
   */
  ensureRoadmap(key: RoadmapKey, init: { title: string; templateKey: string | null; events: readonly EventInput[] }): Promise<{ id: string; created: boolean }>;
  /** Adds one event (numbered after the section's last when `number` is absent); returns its id. */
  addEvent(roadmapId: string, event: EventInput, byPersonId: string | null): Promise<string>;
}

// ---- reading and changing roadmaps (the Mini App, /tasks, the jobs) ----

/** Open states: the event is still to be done (the job marks planned/in_progress overdue). */
export const OPEN_STATES: readonly EventState[] = ["planned", "in_progress", "overdue"];

export interface RoadmapSummary {
  id: string;
  districtId: string;
  schoolId: string | null;
  schoolYear: string;
  title: string;
  templateKey: string | null;
  approvalRef: string | null;
  /** Events per state. */
  counts: Record<EventState, number>;
}

export interface EvidenceRecord {
  id: string;
  url: string | null;
  fileKey: string | null;
  fileName: string | null;
  mimeType: string | null;
  size: number | null;
  addedById: string | null;
  createdAt: Date;
}

export interface EventLogRecord {
  id: string;
  personId: string | null;
  personName: string | null;
  action: string;
  note: string | null;
  createdAt: Date;
}

export interface EventRecord {
  id: string;
  roadmapId: string;
  section: RoadmapSection;
  number: string;
  position: number;
  title: string;
  dueOn: Date;
  indicator: string | null;
  resultDocument: string | null;
  executorsText: string | null;
  state: EventState;
  recommendationId: string | null;
  doneAt: Date | null;
  escalatedAt: Date | null;
  helpRequestedAt: Date | null;
  executors: Array<{ personId: string; displayName: string | null }>;
  evidence: EvidenceRecord[];
}

/** An event with where it belongs: the district (its time zone), the school, the roadmap. */
export interface EventInContext extends EventRecord {
  districtId: string;
  districtName: string;
  timezone: string;
  schoolId: string | null;
  schoolName: string | null;
  roadmapTitle: string;
}

export interface RoadmapRecord extends Omit<RoadmapSummary, "counts"> {
  events: EventRecord[];
}

export interface EventPatch {
  section?: RoadmapSection;
  number?: string;
  title?: string;
  dueOn?: Date;
  indicator?: string | null;
  resultDocument?: string | null;
  executorsText?: string | null;
}

/** A state change; applied only while the event is still in `from` (two presses at once: one wins). */
export interface StateChange {
  from: EventState;
  to: EventState;
  dueOn?: Date;
  doneAt?: Date | null;
  /** The log entry written with it. */
  action: string;
  note?: string | null;
}

export interface NewEvidence {
  url?: string | null;
  file?: { key: string; name: string; mimeType: string; size: number } | null;
}

export interface RoadmapsReadRepository {
  listRoadmaps(districtId: string, schoolYear: string): Promise<RoadmapSummary[]>;
  findRoadmap(key: RoadmapKey): Promise<RoadmapRecord | null>;
  getRoadmap(roadmapId: string): Promise<RoadmapRecord | null>;
  getEvent(eventId: string): Promise<EventInContext | null>;
  /** The events whose executor this person is, in these states, by deadline. */
  eventsOfExecutor(personId: string, states: readonly EventState[]): Promise<EventInContext[]>;
  /** Open events with a deadline on or before `dueBy` (every district): what the jobs look at. */
  openEventsDueBy(dueBy: Date): Promise<EventInContext[]>;
  getEvidence(evidenceId: string): Promise<(EvidenceRecord & { eventId: string }) | null>;
  /** The event's log, oldest first. */
  eventLog(eventId: string): Promise<EventLogRecord[]>;
  /** The person's latest chat step among `actions` (awaiting_evidence, awaiting_postpone and what ends them). */
  latestStep(personId: string, actions: readonly string[]): Promise<{ eventId: string; action: string; createdAt: Date } | null>;
}

export interface RoadmapsWriteRepository {
  updateEvent(eventId: string, patch: EventPatch, byPersonId: string | null, stateAfter?: { from: EventState; to: EventState } | null): Promise<void>;
  deleteEvent(eventId: string): Promise<void>;
  /** Positions of the roadmap's events in this order (ids of other roadmaps are ignored). */
  reorderEvents(roadmapId: string, eventIds: readonly string[]): Promise<void>;
  setExecutors(eventId: string, personIds: readonly string[], byPersonId: string | null): Promise<void>;
  /** False when the event was no longer in `change.from`. */
  changeState(eventId: string, change: StateChange, byPersonId: string | null): Promise<boolean>;
  addEvidence(eventId: string, evidence: NewEvidence, byPersonId: string | null): Promise<string>;
  appendLog(eventId: string, personId: string | null, action: string, note?: string | null): Promise<string>;
  /** Sets helpRequestedAt. */
  markHelpRequested(eventId: string, at: Date): Promise<void>;
  /** Sets escalatedAt when it is still empty; false when another run did it. */
  markEscalated(eventId: string, at: Date): Promise<boolean>;
}
