// What the #14 calendar use cases read and write (prisma/calendar.ts implements it).
import type { CalendarDefaultEntry, ResponsibleRole } from "../management/calendar-defaults.ts";

export interface CalendarEntryRecord {
  id: string;
  districtId: string;
  schoolYear: string;
  /** The default it came from; null for the district's own entry. */
  key: string | null;
  title: string;
  /** UTC midnight of the local calendar dates. */
  startsOn: Date | null;
  dueOn: Date;
  responsibleRoles: ResponsibleRole[];
  responsibleIds: string[];
  remindDaysBefore: number;
  doneAt: Date | null;
  escalatedAt: Date | null;
}

/** An undone entry the scheduler looks at, with its district's time zone. */
export interface DueCalendarEntry extends CalendarEntryRecord {
  timezone: string;
}

export interface CalendarEntryWrite {
  title: string;
  startsOn: Date | null;
  dueOn: Date;
  responsibleRoles: ResponsibleRole[];
  responsibleIds: string[];
  remindDaysBefore: number;
}

export interface CalendarRepository {
  /** Adds the defaults the district's year lacks (by key); returns how many were added. */
  ensureDefaults(districtId: string, schoolYear: string, entries: readonly CalendarDefaultEntry[]): Promise<number>;
  /** The district's entries of a school year, by deadline. */
  list(districtId: string, schoolYear: string): Promise<CalendarEntryRecord[]>;
  get(id: string): Promise<CalendarEntryRecord | null>;
  create(districtId: string, schoolYear: string, input: CalendarEntryWrite): Promise<CalendarEntryRecord>;
  /** A changed deadline clears the escalation: the new one escalates again when missed. */
  update(id: string, input: CalendarEntryWrite): Promise<CalendarEntryRecord>;
  delete(id: string): Promise<void>;
  /** Sets or clears doneAt. */
  setDone(id: string, doneAt: Date | null): Promise<CalendarEntryRecord>;
  /** Records the escalation once: false when it was recorded before. */
  markEscalated(id: string, at: Date): Promise<boolean>;
  /** Every district with its time zone (the scheduler ensures each one's defaults). */
  districtZones(): Promise<Array<{ id: string; timezone: string }>>;
  /** Undone entries whose deadline falls in [from, to] (UTC midnights), with the district's time zone. */
  undoneDue(from: Date, to: Date): Promise<DueCalendarEntry[]>;
  /** Which of these people are active members of the district. */
  membersIn(districtId: string, personIds: readonly string[]): Promise<string[]>;
}
