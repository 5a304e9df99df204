// Working-group meetings, agendas and minutes (#15); prisma/meetings.ts implements it. A meeting's
// decisions go into the management decisions log (ManagementDecision.meetingId) in the same
// transaction as its minutes; the approval of an effectiveness report by a meeting likewise.
import type { DecisionWrite } from "./decisions-ports.ts";
import type { WorkingGroupMember } from "./reports-ports.ts";

export interface AgendaItem {
  title: string;
  speaker: string | null;
}

/** One decision of the minutes: what, who answers for it, by when; the log's decision and the report it approved. */
export interface MinutesItem {
  text: string;
  responsible: string;
  /** "YYYY-MM-DD" or null. */
  dueOn: string | null;
  decisionId: string | null;
  reportId: string | null;
}

/** Who was present (a copy of the members at the time of the minutes) and how many the group had. */
export interface MeetingAttendance {
  present: WorkingGroupMember[];
  total: number;
}

export type MeetingState = "planned" | "held";

export interface StoredMeeting {
  id: string;
  districtId: string;
  workingGroupId: string;
  number: string;
  heldOn: Date;
  place: string | null;
  agenda: AgendaItem[];
  state: MeetingState;
  attendance: MeetingAttendance | null;
  minutes: MinutesItem[] | null;
  createdById: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface MeetingWrite {
  workingGroupId: string;
  number: string;
  heldOn: Date;
  place: string | null;
  agenda: AgendaItem[];
}

export interface MeetingsRepository {
  /** The district's meetings, newest first. */
  list(districtId: string): Promise<StoredMeeting[]>;
  get(meetingId: string): Promise<StoredMeeting | null>;
  create(districtId: string, createdById: string | null, input: MeetingWrite): Promise<StoredMeeting>;
  /** Changes a planned meeting; null when it has minutes already (or is gone). */
  update(meetingId: string, input: MeetingWrite): Promise<StoredMeeting | null>;
  /** Deletes a planned meeting; false when it has minutes (or is gone). */
  delete(meetingId: string): Promise<boolean>;
  /**
   * In one transaction: the minutes of a planned meeting (state becomes held) and one decision of the
   * log per item (meetingId set), whose ids the items keep. null when the meeting already has minutes.
   */
  recordMinutes(
    meetingId: string,
    createdById: string | null,
    attendance: MeetingAttendance,
    items: Array<{ item: Omit<MinutesItem, "decisionId" | "reportId">; decision: DecisionWrite }>,
  ): Promise<StoredMeeting | null>;
  /**
   * In one transaction: the report's approval (once: null when it is approved already), a decision of
   * the log linked to the meeting, and an item of the minutes naming both.
   */
  approveReport(
    meetingId: string,
    createdById: string | null,
    input: {
      reportId: string;
      approvedAt: Date;
      approvalRef: string;
      workingGroupId: string;
      item: Omit<MinutesItem, "decisionId" | "reportId">;
      decision: DecisionWrite;
    },
  ): Promise<StoredMeeting | null>;
}
