// School and municipal programmes as documents, their expert reviews and monitorings (#15); prisma/programmes.ts implements it.
import type { Indicator, MonitoringKind, Passport, ProgrammeKind, ProgrammeState } from "./programmes-rules.ts";

export interface ProgrammeRecord {
  id: string;
  districtId: string;
  districtName: string;
  schoolId: string | null;
  schoolName: string | null;
  kind: ProgrammeKind;
  title: string;
  passport: Passport;
  indicators: Indicator[];
  file: { key: string; name: string; mimeType: string } | null;
  state: ProgrammeState;
  version: number;
  submittedAt: Date | null;
  approvedAt: Date | null;
  approvalRef: string | null;
  createdById: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A row of the district overview. */
export interface ProgrammeSummary {
  id: string;
  schoolId: string | null;
  schoolName: string | null;
  kind: ProgrammeKind;
  title: string;
  state: ProgrammeState;
  version: number;
  updatedAt: Date;
  /** Completed reviews of the current version (scores) for the average. */
  reviews: Array<{ scores: Record<string, number> | null; submittedAt: Date | null }>;
  lastMonitoring: { kind: MonitoringKind; period: string } | null;
}

export interface ReviewRecord {
  id: string;
  programmeId: string;
  reviewerId: string;
  reviewerName: string | null;
  version: number;
  scores: Record<string, number> | null;
  comments: Record<string, string>;
  comment: string | null;
  verdict: "approve" | "return" | null;
  submittedAt: Date | null;
  assignedAt: Date;
}

/** A review waiting for its expert, with what the chat and the list show of its programme. */
export interface PendingReview {
  programmeId: string;
  districtId: string;
  districtName: string;
  schoolName: string | null;
  title: string;
  version: number;
}

export interface MonitoringRecord {
  id: string;
  kind: MonitoringKind;
  period: string;
  values: Record<string, number>;
  conclusion: string | null;
  createdById: string | null;
  createdAt: Date;
}

export interface LogRecord {
  id: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  note: string | null;
  at: Date;
}

export interface ProgrammeWrite {
  title: string;
  passport: Passport;
  indicators: Indicator[];
}

/** A state change: applied only while the programme is still `from` (a concurrent change makes it return false). */
export interface StateChange {
  from: { state: ProgrammeState; version: number };
  to: { state: ProgrammeState; version: number };
  submittedAt?: Date;
  approvedAt?: Date;
  approvalRef?: string;
  log: { actorId: string; action: string; note?: string | null };
}

export interface ProgrammesRepository {
  /** The district's programmes (all, or only these schools' / these ids), municipal first, then by school. */
  list(districtId: string, filter?: { schoolIds?: readonly string[]; ids?: readonly string[] }): Promise<ProgrammeSummary[]>;
  get(id: string): Promise<ProgrammeRecord | null>;
  /** The school's name when it belongs to the district. */
  schoolIn(districtId: string, schoolId: string): Promise<string | null>;
  create(districtId: string, schoolId: string | null, kind: ProgrammeKind, input: ProgrammeWrite, actorId: string): Promise<string>;
  /** Edits the passport while the programme is still in `state` and `version`; false when it changed meanwhile. */
  update(id: string, expected: { state: ProgrammeState; version: number }, input: ProgrammeWrite, actorId: string): Promise<boolean>;
  /** Replaces the attached file (the old key is returned so the bytes can be deleted). */
  setFile(id: string, file: { key: string; name: string; mimeType: string }, actorId: string): Promise<string | null>;
  changeState(id: string, change: StateChange): Promise<boolean>;
  /**
   * Names reviewers of the current version and moves the programme to in_review, in one transaction;
   * returns the person ids newly assigned (an expert named twice is assigned once).
   */
  assignReviewers(id: string, from: { state: ProgrammeState; version: number }, personIds: readonly string[], actorId: string): Promise<string[] | null>;
  reviews(programmeId: string): Promise<ReviewRecord[]>;
  /** Reviews assigned to this person (any version), with their programmes' districts. */
  assignedTo(personId: string): Promise<Array<{ programmeId: string; districtId: string; version: number; submittedAt: Date | null }>>;
  /** Reviews of current versions in review, not yet filled, assigned to this person. */
  pendingFor(personId: string): Promise<PendingReview[]>;
  /** Fills the expert's review of the version (only while the programme is in review at that version). */
  saveReview(
    programmeId: string,
    reviewerId: string,
    version: number,
    review: { scores: Record<string, number>; comments: Record<string, string>; comment: string | null; verdict: "approve" | "return" },
  ): Promise<boolean>;
  monitorings(programmeId: string): Promise<MonitoringRecord[]>;
  /** Records (or replaces) the monitoring of a kind and period. */
  saveMonitoring(programmeId: string, input: { kind: MonitoringKind; period: string; values: Record<string, number>; conclusion: string | null }, actorId: string): Promise<MonitoringRecord>;
  log(programmeId: string): Promise<LogRecord[]>;
}
