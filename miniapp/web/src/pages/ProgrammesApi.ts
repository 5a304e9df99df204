/** The Mini App's client for programmes as documents (miniapp/api/routes/programmes.ts, #15 §6). */
import { apiFetch, readJson } from "../api.ts";

export interface Passport {
  goal: string;
  tasks: string[];
  termFrom: string;
  termTo: string;
  expectedResults: string[];
  developers: string[];
  executors: string[];
}

export interface Indicator {
  id?: string;
  name: string;
  unit: string;
  baseline: number;
  target: number;
}

export type ProgrammeAction = "edit" | "submit" | "assign" | "review" | "return" | "approve" | "monitor";

export interface ProgrammeListItem {
  id: string;
  kind: "school" | "municipal";
  schoolId: string | null;
  schoolName: string | null;
  title: string;
  state: string;
  version: number;
  updatedAt: string;
  reviewAverage: number | null;
  reviewsDone: number;
  lastMonitoring: { kind: string; period: string } | null;
}

export interface ProgrammeList {
  programmes: ProgrammeListItem[];
  canCreateMunicipal: boolean;
  canCreateForAnySchool: boolean;
  headSchools: Array<{ id: string; name: string }>;
  overview: boolean;
  criteria: string[];
}

export interface Programme {
  id: string;
  districtId: string;
  districtName: string;
  schoolId: string | null;
  schoolName: string | null;
  kind: "school" | "municipal";
  title: string;
  passport: Passport;
  indicators: Array<Required<Indicator>>;
  file: { name: string; mimeType: string } | null;
  state: string;
  version: number;
  submittedAt: string | null;
  approvedAt: string | null;
  approvalRef: string | null;
}

export interface Review {
  id: string;
  reviewerId: string;
  reviewerName: string | null;
  version: number;
  scores: Record<string, number> | null;
  comments: Record<string, string>;
  comment: string | null;
  verdict: "approve" | "return" | null;
  submittedAt: string | null;
}

export interface Achievement {
  indicators: Array<Required<Indicator> & { value: number | null; reached: boolean | null; progress: number | null }>;
  total: number;
  measured: number;
  reached: number;
  reachedShare: number | null;
  meanProgress: number | null;
}

export interface Monitoring {
  id: string;
  kind: "monitoring" | "effectiveness";
  period: string;
  values: Record<string, number>;
  conclusion: string | null;
  createdAt: string;
  achievement: Achievement;
}

export interface ProgrammeView {
  programme: Programme;
  reviews: Review[];
  reviewAverage: number | null;
  myReview: Review | null;
  monitorings: Monitoring[];
  log: Array<{ id: string; actorName: string | null; action: string; note: string | null; at: string }>;
  actions: ProgrammeAction[];
  criteria: string[];
  canSeeAll: boolean;
}

export interface ProgrammeInput {
  title: string;
  passport: Passport;
  indicators: Indicator[];
}

export interface ReviewInput {
  scores: Record<string, number>;
  comments: Record<string, string>;
  comment: string;
  verdict: "approve" | "return";
}

const id = encodeURIComponent;
const json = (method: string, body?: unknown) => ({
  method,
  ...(body === undefined ? {} : { headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) }),
});

export const programmesApi = {
  list: async (districtId: string) => readJson<ProgrammeList>(await apiFetch(`/districts/${id(districtId)}/programmes`)),
  create: async (districtId: string, input: ProgrammeInput & { kind: "school" | "municipal"; schoolId: string | null }) =>
    readJson<{ id: string }>(await apiFetch(`/districts/${id(districtId)}/programmes`, json("POST", input))),
  get: async (programmeId: string) => readJson<ProgrammeView>(await apiFetch(`/programmes/${id(programmeId)}`)),
  update: async (programmeId: string, input: ProgrammeInput) => readJson<{ ok: true }>(await apiFetch(`/programmes/${id(programmeId)}`, json("PUT", input))),
  submit: async (programmeId: string) => readJson<{ ok: true }>(await apiFetch(`/programmes/${id(programmeId)}/submit`, json("POST"))),
  reviewerOptions: async (programmeId: string) =>
    readJson<{ candidates: Array<{ personId: string; displayName: string | null; roles: string[] }> }>(await apiFetch(`/programmes/${id(programmeId)}/reviewer-options`)),
  assign: async (programmeId: string, personIds: string[]) => readJson<{ added: string[] }>(await apiFetch(`/programmes/${id(programmeId)}/reviewers`, json("POST", { personIds }))),
  review: async (programmeId: string, input: ReviewInput) => readJson<{ ok: true }>(await apiFetch(`/programmes/${id(programmeId)}/review`, json("PUT", input))),
  giveBack: async (programmeId: string, note: string) => readJson<{ ok: true }>(await apiFetch(`/programmes/${id(programmeId)}/return`, json("POST", { note }))),
  approve: async (programmeId: string, orderNumber: string, orderDate: string) =>
    readJson<{ ok: true }>(await apiFetch(`/programmes/${id(programmeId)}/approve`, json("POST", { orderNumber, orderDate }))),
  monitor: async (programmeId: string, input: { kind: string; period: string; values: Record<string, number>; conclusion: string }) =>
    readJson<{ monitoring: Monitoring }>(await apiFetch(`/programmes/${id(programmeId)}/monitorings`, json("POST", input))),
  uploadFile: async (programmeId: string, content: File) =>
    readJson<{ ok: true }>(
      await apiFetch(`/programmes/${id(programmeId)}/file`, {
        method: "POST",
        headers: { "X-File-Name": encodeURIComponent(content.name), "Content-Type": "application/octet-stream" },
        body: content,
        timeoutMs: 120_000,
      }),
    ),
  fileUrl: (programmeId: string) => `/programmes/${id(programmeId)}/file`,
};
