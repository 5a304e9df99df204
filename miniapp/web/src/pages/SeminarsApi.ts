/** The Mini App's client for seminar requests, the programme and events (miniapp/api/routes/seminars.ts, events.ts). */
import { apiFetch, readJson } from "../api.ts";

export interface Area {
  id: string;
  title: string;
}

export interface SeminarRequest {
  id: string;
  topic: string;
  text: string | null;
  areas: string[];
  schoolId: string | null;
  schoolName: string | null;
  state: string;
  eventId: string | null;
  createdAt: string;
}

export interface Programme {
  id: string;
  period: string;
  title: string;
  note: string | null;
  state: "draft" | "published";
}

export interface LowTopic {
  grade: number;
  subject: string;
  topic: string;
  tasks: number;
  schools: number;
}

export interface RequestsOverview {
  canEdit: boolean;
  areas: Area[];
  groups: {
    total: number;
    byArea: Array<{ areaId: string; title: string; requests: number; schools: number }>;
    byTopic: Array<{ topic: string; requests: number; schools: number; areas: string[]; requestIds: string[] }>;
    bySchool: Array<{ schoolId: string | null; schoolName: string; requests: number; areas: string[] }>;
  };
  requests: SeminarRequest[];
  lowTopics: { year: number; district: LowTopic[]; bySchool: Array<{ schoolId: string; schoolName: string; topics: LowTopic[] }> } | null;
  programmes: Programme[];
}

export interface NetworkEvent {
  id: string;
  districtId: string;
  programmeId: string | null;
  kind: string;
  kindName: string;
  title: string;
  description: string | null;
  when: string;
  startsAt: string;
  endsAt: string | null;
  place: string | null;
  onlineUrl: string | null;
  capacity: number | null;
  registered: number;
  materials: Array<{ index: number; kind: "file" | "link"; title: string; url?: string }>;
  announcedAt: string | null;
  cancelledAt: string | null;
  mine: boolean;
}

export interface EventsView {
  canEdit: boolean;
  events: NetworkEvent[];
  programmes: Programme[];
  schools: Array<{ id: string; name: string }>;
  areas: Area[];
  roles: string[];
}

export interface EventDetail {
  event: NetworkEvent;
  canEdit: boolean;
  registrations: Array<{ personId: string; displayName: string | null; registeredAt: string; cancelled: boolean; attended: boolean | null }> | null;
  requests: SeminarRequest[] | null;
}

export interface EventInput {
  kind: string;
  title: string;
  description: string | null;
  startsAt: string;
  endsAt: string | null;
  place: string | null;
  onlineUrl: string | null;
  capacity: number | null;
  audience: { roles: string[]; schoolIds: string[] | null };
  programmeId: string | null;
  requestIds: string[];
  areas: string[];
}

const json = (method: string, body?: unknown) => ({
  method,
  ...(body === undefined ? {} : { headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) }),
});
const district = (districtId: string) => `/districts/${encodeURIComponent(districtId)}`;
const event = (eventId: string) => `/events/${encodeURIComponent(eventId)}`;

/** null when the server refuses (this person is not a requester / not a reader): the page shows the other part. */
async function orNull<T>(work: Promise<T>): Promise<T | null> {
  try {
    return await work;
  } catch (error) {
    if ((error as { status?: number }).status === 403) return null;
    throw error;
  }
}

export const seminarsApi = {
  form: () => orNull(apiFetch("/me/seminar-requests").then((response) => readJson<{ areas: Area[]; prefilled: string[]; mine: SeminarRequest[] }>(response))),
  send: async (input: { topic: string; text: string | null; areas: string[] }) => readJson<{ request: SeminarRequest }>(await apiFetch("/me/seminar-requests", json("POST", input))),
  overview: (districtId: string) => orNull(apiFetch(`${district(districtId)}/seminar-requests`).then((response) => readJson<RequestsOverview>(response))),
  decline: async (id: string, declined: boolean) => readJson<{ request: SeminarRequest }>(await apiFetch(`/seminar-requests/${encodeURIComponent(id)}/decline`, json("POST", { declined }))),
  saveProgramme: async (districtId: string, input: { period: string; title: string }) =>
    readJson<{ programme: Programme }>(await apiFetch(`${district(districtId)}/seminar-programmes`, json("POST", input))),
  publishProgramme: async (id: string) => readJson<{ programme: Programme }>(await apiFetch(`/seminar-programmes/${encodeURIComponent(id)}/publish`, json("POST"))),
  events: async (districtId: string) => readJson<EventsView>(await apiFetch(`${district(districtId)}/events`)),
  createEvent: async (districtId: string, input: EventInput) => readJson<{ event: NetworkEvent; planned: number }>(await apiFetch(`${district(districtId)}/events`, json("POST", input))),
  detail: async (eventId: string) => readJson<EventDetail>(await apiFetch(event(eventId))),
  announce: async (eventId: string) => readJson<{ enqueued: number }>(await apiFetch(`${event(eventId)}/announce`, json("POST"))),
  register: async (eventId: string) => readJson<{ outcome: string }>(await apiFetch(`${event(eventId)}/register`, json("POST"))),
  unregister: async (eventId: string) => readJson<{ cancelled: boolean }>(await apiFetch(`${event(eventId)}/register`, json("DELETE"))),
  attendance: async (eventId: string, personId: string, attended: boolean | null) =>
    readJson<{ marked: number }>(await apiFetch(`${event(eventId)}/attendance`, json("POST", { marks: [{ personId, attended }] }))),
  addLink: async (eventId: string, input: { url: string; title: string }) => readJson<{ notified: number }>(await apiFetch(`${event(eventId)}/materials`, json("POST", input))),
  addFile: async (eventId: string, file: File) =>
    readJson<{ notified: number }>(
      await apiFetch(`${event(eventId)}/materials/files`, { method: "POST", headers: { "X-File-Name": encodeURIComponent(file.name), "Content-Type": "application/octet-stream" }, body: file, timeoutMs: 120_000 }),
    ),
  icsPath: (eventId: string) => `${event(eventId)}/ics`,
  materialPath: (eventId: string, index: number) => `${event(eventId)}/materials/${index}`,
};
