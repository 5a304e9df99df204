/** The Mini App's client for the management personnel reserve (miniapp/api/routes/reserve.ts, #15). */
import { apiFetch, readJson } from "../api.ts";

export interface Training {
  title: string;
  year: number;
  hours: number | null;
}

export interface Candidate {
  id: string;
  fullName: string;
  schoolId: string | null;
  schoolName: string | null;
  currentPosition: string;
  targetPosition: string;
  training: Training[];
  note: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface CandidateInput {
  fullName: string;
  schoolId: string | null;
  currentPosition: string;
  targetPosition: string;
  training: Training[];
  note: string | null;
}

const json = (method: string, body?: unknown) => ({
  method,
  ...(body === undefined ? {} : { headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) }),
});

export const reserveApi = {
  list: async (districtId: string) =>
    readJson<{ candidates: Candidate[]; schools: Array<{ id: string; name: string }> }>(await apiFetch(`/districts/${encodeURIComponent(districtId)}/reserve`)),
  create: async (districtId: string, input: CandidateInput) =>
    readJson<{ candidate: Candidate }>(await apiFetch(`/districts/${encodeURIComponent(districtId)}/reserve`, json("POST", input))),
  update: async (id: string, input: CandidateInput) => readJson<{ candidate: Candidate }>(await apiFetch(`/reserve/${encodeURIComponent(id)}`, json("PUT", input))),
  remove: async (id: string) => readJson<{ removed: string }>(await apiFetch(`/reserve/${encodeURIComponent(id)}`, json("DELETE"))),
};
