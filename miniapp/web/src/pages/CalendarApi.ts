/** The Mini App's client for the monitoring calendar (miniapp/api/routes/calendar.ts). */
import { apiFetch, readJson } from "../api.ts";

export interface CalendarEntry {
  id: string;
  key: string | null;
  schoolYear: string;
  title: string;
  startsOn: string | null;
  dueOn: string;
  responsibleRoles: string[];
  responsibleIds: string[];
  remindDaysBefore: number;
  doneAt: string | null;
  escalatedAt: string | null;
}

export interface CalendarView {
  districtName: string;
  schoolYear: string;
  /** The district's local date, YYYY-MM-DD: an undone entry due before it is overdue. */
  today: string;
  entries: CalendarEntry[];
  canEdit: boolean;
  people: Array<{ personId: string; displayName: string | null; roles: string[] }>;
}

export interface CalendarEntryInput {
  title: string;
  startsOn: string | null;
  dueOn: string;
  responsibleRoles: string[];
  responsibleIds: string[];
  remindDaysBefore: number;
}

const json = (method: string, body?: unknown) => ({
  method,
  ...(body === undefined ? {} : { headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) }),
});
const entry = (id: string) => `/calendar/${encodeURIComponent(id)}`;

export const calendarApi = {
  view: async (districtId: string, year?: string) =>
    readJson<CalendarView>(await apiFetch(`/districts/${encodeURIComponent(districtId)}/calendar${year ? `?year=${encodeURIComponent(year)}` : ""}`)),
  add: async (districtId: string, input: CalendarEntryInput) =>
    readJson<{ entry: CalendarEntry }>(await apiFetch(`/districts/${encodeURIComponent(districtId)}/calendar`, json("POST", input))),
  update: async (id: string, input: CalendarEntryInput) => readJson<{ entry: CalendarEntry }>(await apiFetch(entry(id), json("PUT", input))),
  remove: async (id: string) => readJson<{ deleted: string }>(await apiFetch(entry(id), json("DELETE"))),
  done: async (id: string, done: boolean) => readJson<{ entry: CalendarEntry }>(await apiFetch(`${entry(id)}/done`, json("POST", { done }))),
};
