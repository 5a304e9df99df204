// Visit reports of mentors, tutors and curators (#15), kept per visit with their answers and cursor; prisma/visits.ts implements it.
import type { OutboxMessage } from "./ports.ts";
import type { StoredAnswer } from "../survey/answers.ts";

/**
 * draft: being answered in chat; submitted: waits for the head; disputing: a head pressed «Оспорить» and
 * the bot waits for the reason (`decidedById` is that head; a restart keeps the step); confirmed; disputed.
 */
export const VISIT_STATES = ["draft", "submitted", "disputing", "confirmed", "disputed"] as const;
export type VisitState = (typeof VISIT_STATES)[number];
export const VISIT_FORMATS = ["onsite", "remote", "mixed"] as const;
export type VisitFormat = (typeof VISIT_FORMATS)[number];

export interface VisitFile {
  key: string;
  name: string;
  mimeType: string;
}

export interface VisitRecord {
  id: string;
  districtId: string;
  schoolId: string;
  schoolName: string;
  authorId: string | null;
  authorName: string | null;
  assignmentId: string | null;
  /** "<instrument key>@<version>" of the built-in instrument the report runs. */
  instrumentId: string;
  /** Question id → stored answer (core/survey/answers.ts). */
  answers: Record<string, unknown>;
  cursor: string | null;
  visitDate: Date | null;
  format: VisitFormat | null;
  file: VisitFile | null;
  state: VisitState;
  submittedAt: Date | null;
  confirmedAt: Date | null;
  /** Who confirmed or disputed it (in state disputing: the head typing the reason). */
  decidedById: string | null;
  disputeReason: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface VisitFilter {
  districtId: string;
  /** Only these schools (absent: every school of the district). */
  schoolIds?: readonly string[];
  authorId?: string;
  states?: readonly VisitState[];
  /** visitDate in [from, to) (drafts have none and are then left out). */
  from?: Date;
  to?: Date;
}

/** An assignment's plan for the indicators: visits planned per school year while it runs. */
export interface AssignmentPlan {
  id: string;
  schoolId: string;
  schoolName: string;
  personId: string;
  personName: string | null;
  kind: string;
  plannedVisits: number;
  startsOn: Date;
  endsOn: Date | null;
  endedAt: Date | null;
}

export interface VisitsRepository {
  get(visitId: string): Promise<VisitRecord | null>;
  /** The author's draft for the school (one at a time), or null. */
  findDraft(authorId: string, schoolId: string): Promise<VisitRecord | null>;
  /** The author's drafts, the one touched last first. */
  drafts(authorId: string): Promise<VisitRecord[]>;
  /** Creates a draft unless one exists for the author and school (one transaction); returns the draft. */
  openDraft(input: { districtId: string; schoolId: string; authorId: string; instrumentId: string }): Promise<VisitRecord>;
  /** Writes answers and cursor of a draft; false when it is no longer a draft. */
  saveProgress(visitId: string, answers: Record<string, StoredAnswer>, cursor: string | null): Promise<boolean>;
  /** The draft's file (replacing an earlier one); returns the key it replaced, if any; null when not a draft. */
  setFile(visitId: string, file: VisitFile): Promise<{ replaced: string | null } | null>;
  deleteDraft(visitId: string): Promise<{ fileKey: string | null } | null>;
  /**
   * One transaction: draft → submitted with the date, format and assignment, and the heads' notices queued.
   * False when it was not a draft any more (a second press).
   */
  submit(visitId: string, fields: { visitDate: Date; format: VisitFormat; assignmentId: string | null; at: Date }, notices: OutboxMessage[]): Promise<boolean>;
  /** Moves the state from one of `from` to `to`; false when the visit was not in one of them (a second press). */
  transition(
    visitId: string,
    from: readonly VisitState[],
    to: { state: VisitState; decidedById: string | null; confirmedAt?: Date | null; disputeReason?: string | null },
    notices?: OutboxMessage[],
    /** Only when the visit's decidedById is this person (the head who is typing the reason). */
    decidedBy?: string,
  ): Promise<boolean>;
  /** The visit whose dispute reason this person is typing, if any. */
  disputing(personId: string): Promise<VisitRecord | null>;
  list(filter: VisitFilter): Promise<VisitRecord[]>;
  /** The person's assignment to the school running on that day (not ended), newest first. */
  activeAssignment(personId: string, schoolId: string, on: Date): Promise<{ id: string } | null>;
  /** Assignments of the district that overlap [from, to). */
  plans(districtId: string, from: Date, to: Date): Promise<AssignmentPlan[]>;
}
