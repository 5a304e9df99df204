/**
 * The Mini App's client for roadmaps (#14, miniapp/api/routes/roadmaps.ts). Loaded with these pages only.
 */
import { apiFetch, readJson } from "../api.ts";
import type { EventState, RoadmapSection } from "../messages/ru-roadmap.ts";

export interface Evidence {
  id: string;
  url: string | null;
  fileName: string | null;
  size: number | null;
  hasFile: boolean;
  createdAt: string;
}

export interface RoadmapEvent {
  id: string;
  section: RoadmapSection;
  number: string;
  position: number;
  title: string;
  dueOn: string;
  indicator: string | null;
  resultDocument: string | null;
  executorsText: string | null;
  state: EventState;
  recommendationId: string | null;
  doneAt: string | null;
  helpRequestedAt: string | null;
  executors: Array<{ personId: string; displayName: string | null }>;
  evidence: Evidence[];
}

export interface Task extends RoadmapEvent {
  place: string;
  roadmapTitle: string;
}

export interface RoadmapSummary {
  id: string;
  title: string;
  schoolYear: string;
  counts: Record<EventState, number>;
}

export interface RoadmapList {
  schoolYear: string;
  districtName: string;
  items: Array<{ schoolId: string | null; name: string; roadmap: RoadmapSummary | null; canEdit?: boolean }>;
}

export interface RoadmapView {
  schoolYear: string;
  name: string;
  canEdit: boolean;
  today: string;
  roadmap: { id: string; title: string; templateKey: string | null; approvalRef: string | null; events: RoadmapEvent[] } | null;
}

export interface Candidate {
  personId: string;
  displayName: string | null;
  roles: string[];
  reachable: boolean;
}

export type EventFields = { section: RoadmapSection; number?: string; title: string; dueOn: string; indicator?: string | null; resultDocument?: string | null; executorsText?: string | null };

const json = (path: string, method: string, body?: unknown) =>
  apiFetch(path, { method, headers: body === undefined ? {} : { "Content-Type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });

const id = encodeURIComponent;
const query = (params: Record<string, string | undefined>) => {
  const entries = Object.entries(params).filter((entry): entry is [string, string] => Boolean(entry[1]));
  return entries.length ? `?${new URLSearchParams(entries).toString()}` : "";
};

export const roadmapApi = {
  list: async (districtId: string, schoolYear?: string) => readJson<RoadmapList>(await apiFetch(`/districts/${id(districtId)}/roadmaps${query({ schoolYear })}`)),
  view: async (districtId: string, schoolId?: string, schoolYear?: string) => readJson<RoadmapView>(await apiFetch(`/districts/${id(districtId)}/roadmap${query({ schoolId, schoolYear })}`)),
  create: async (districtId: string, schoolId?: string, schoolYear?: string) => readJson<{ id: string }>(await json(`/districts/${id(districtId)}/roadmap`, "POST", { schoolId: schoolId ?? null, ...(schoolYear ? { schoolYear } : {}) })),
  candidates: async (districtId: string, schoolId?: string) => readJson<{ people: Candidate[] }>(await apiFetch(`/districts/${id(districtId)}/roadmap/executors${query({ schoolId })}`)),
  addEvent: async (roadmapId: string, fields: EventFields) => readJson<{ id: string }>(await json(`/roadmaps/${id(roadmapId)}/events`, "POST", fields)),
  reorder: async (roadmapId: string, eventIds: string[]) => readJson<{ ok: true }>(await json(`/roadmaps/${id(roadmapId)}/order`, "PUT", { eventIds })),
  edit: async (eventId: string, fields: Partial<EventFields>) => readJson<{ ok: true }>(await json(`/roadmap-events/${id(eventId)}`, "PATCH", fields)),
  remove: async (eventId: string) => readJson<{ ok: true }>(await json(`/roadmap-events/${id(eventId)}`, "DELETE")),
  setExecutors: async (eventId: string, personIds: string[]) => readJson<{ ok: true }>(await json(`/roadmap-events/${id(eventId)}/executors`, "PUT", { personIds })),
  act: async (eventId: string, body: { action: string; dueOn?: string; reason?: string; url?: string }) => readJson<{ event: Task }>(await json(`/roadmap-events/${id(eventId)}/state`, "POST", body)),
  help: async (eventId: string) => readJson<{ ok: true }>(await json(`/roadmap-events/${id(eventId)}/help`, "POST", {})),
  uploadEvidence: async (eventId: string, content: File) =>
    readJson<{ id: string }>(
      await apiFetch(`/roadmap-events/${id(eventId)}/evidence`, { method: "POST", headers: { "X-File-Name": encodeURIComponent(content.name), "Content-Type": "application/octet-stream" }, body: content, timeoutMs: 120_000 }),
    ),
  evidenceUrl: (evidenceId: string) => `/roadmap-evidence/${id(evidenceId)}/file`,
  myTasks: async () => readJson<{ tasks: Task[] }>(await apiFetch("/me/tasks")),
};

const dayFormat = new Intl.DateTimeFormat("ru-RU", { timeZone: "UTC", day: "numeric", month: "long", year: "numeric" });
/** "2027-04-30" → «30 апреля 2027 г.» (a calendar date, no time zone shift). */
export const formatDay = (day: string) => {
  const date = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? day : dayFormat.format(date);
};
