// Seminar requests, the institute's half-year programmes, events and registrations (#15 §4);
// prisma/seminars.ts implements it.
import type { EventAudience, EventKind, Material } from "../seminars/rules.ts";
import type { OutboxMessage } from "./ports.ts";

/**
 * A request's states: draft steps of the chat (the pending step is the row itself, so a restart loses
 * nothing) — `draft` (the topic is awaited), `draft_details` (the details are awaited), `draft_ready`
 * (areas are chosen) — then `new` (sent), `planned` (an event answers it), `declined`.
 */
export const DRAFT_STATES = ["draft", "draft_details", "draft_ready"] as const;
export type DraftState = (typeof DRAFT_STATES)[number];
export type RequestState = DraftState | "new" | "planned" | "declined";

export interface SeminarRequestRecord {
  id: string;
  districtId: string;
  schoolId: string | null;
  schoolName: string | null;
  personId: string;
  areas: string[];
  topic: string;
  text: string | null;
  state: RequestState;
  eventId: string | null;
  createdAt: Date;
}

export interface ProgrammeRecord {
  id: string;
  districtId: string;
  period: string;
  title: string;
  note: string | null;
  state: "draft" | "published";
  createdById: string | null;
  createdAt: Date;
}

export interface EventRecord {
  id: string;
  districtId: string;
  districtTimezone: string;
  programmeId: string | null;
  kind: EventKind;
  title: string;
  description: string | null;
  areas: string[];
  startsAt: Date;
  endsAt: Date | null;
  place: string | null;
  onlineUrl: string | null;
  /** null: unreadable or none (nobody is invited). */
  audience: EventAudience | null;
  capacity: number | null;
  materials: Material[];
  announcedAt: Date | null;
  cancelledAt: Date | null;
  createdById: string | null;
  /** Active registrations. */
  registered: number;
}

export interface RegistrationRecord {
  personId: string;
  displayName: string | null;
  registeredAt: Date;
  cancelledAt: Date | null;
  attended: boolean | null;
}

export type RegisterOutcome = "registered" | "already" | "full" | "closed";

export interface NewEvent {
  districtId: string;
  programmeId: string | null;
  kind: EventKind;
  title: string;
  description: string | null;
  areas: string[];
  startsAt: Date;
  endsAt: Date | null;
  place: string | null;
  onlineUrl: string | null;
  audience: EventAudience;
  capacity: number | null;
  createdById: string | null;
}

export interface SeminarsRepository {
  // ---- requests ----
  /** The person's request being written in chat (a draft state), if any. */
  draftOf(personId: string): Promise<SeminarRequestRecord | null>;
  createRequest(input: { districtId: string; schoolId: string | null; personId: string; areas: string[]; topic: string; text: string | null; state: RequestState }): Promise<SeminarRequestRecord>;
  /** Changes a draft; null when the request is no longer a draft (sent meanwhile, deleted). */
  updateDraft(id: string, change: { topic?: string; text?: string | null; areas?: string[]; state?: RequestState }): Promise<SeminarRequestRecord | null>;
  deleteDraft(id: string): Promise<void>;
  getRequest(id: string): Promise<SeminarRequestRecord | null>;
  /** The person's own sent requests, newest first. */
  requestsOf(personId: string, limit: number): Promise<SeminarRequestRecord[]>;
  /** The district's sent requests (no drafts), newest first. */
  districtRequests(districtId: string): Promise<SeminarRequestRecord[]>;
  setRequestState(id: string, state: "new" | "declined"): Promise<void>;

  // ---- programmes ----
  /** The district's programme for the period, created if missing (title and note updated otherwise). */
  saveProgramme(input: { districtId: string; period: string; title: string; note: string | null; createdById: string | null }): Promise<ProgrammeRecord>;
  getProgramme(id: string): Promise<ProgrammeRecord | null>;
  listProgrammes(districtId: string): Promise<ProgrammeRecord[]>;
  publishProgramme(id: string): Promise<ProgrammeRecord>;

  // ---- events ----
  /** In one transaction: the event, and the district's requests it answers become planned with a link to it. */
  createEvent(input: NewEvent, requestIds: readonly string[]): Promise<{ event: EventRecord; planned: number }>;
  getEvent(id: string): Promise<EventRecord | null>;
  /** The district's events starting at or after `from` (all when null), soonest first. */
  listEvents(districtId: string, from: Date | null): Promise<EventRecord[]>;
  /** Announced, not cancelled events of these districts starting at or after `from`, soonest first. */
  upcomingEvents(districtIds: readonly string[], from: Date, limit: number): Promise<EventRecord[]>;
  /** Authors of the requests the event answers. */
  requestersOf(eventId: string): Promise<string[]>;
  /**
   * In one transaction: the event becomes announced and the Outbox rows go in (a repeated dedupeKey
   * is skipped). An event already announced or cancelled queues nothing: `announced` false.
   */
  announce(eventId: string, at: Date, messages: OutboxMessage[]): Promise<{ announced: boolean; enqueued: number }>;
  /** Registers the person (idempotent) unless the event is full, cancelled or over; the capacity is checked under a row lock. */
  register(eventId: string, personId: string, at: Date): Promise<RegisterOutcome>;
  /** False when the person was not registered. */
  cancelRegistration(eventId: string, personId: string, at: Date): Promise<boolean>;
  registrations(eventId: string): Promise<RegistrationRecord[]>;
  /** The person's active registrations for events ending (or starting, without an end) at or after `from`. */
  myRegistrations(personId: string, from: Date): Promise<EventRecord[]>;
  /** Which of these events the person is registered for (active). */
  registeredAmong(personId: string, eventIds: readonly string[]): Promise<Set<string>>;
  /** False when the person has no registration for the event. */
  markAttendance(eventId: string, personId: string, attended: boolean | null, at: Date): Promise<boolean>;
  /** In one transaction: the material is appended and the Outbox rows go in; its index in the list. */
  addMaterial(eventId: string, material: Material, messages: (index: number) => OutboxMessage[]): Promise<number>;
  /** Announced, not cancelled events starting in [from, to), each with its active registrants. */
  eventsStartingBetween(from: Date, to: Date): Promise<Array<{ event: EventRecord; personIds: string[] }>>;
}
