/** The Mini App's client for the management decisions log (miniapp/api/routes/decisions.ts). */
import { apiFetch, readJson } from "../api.ts";

export interface DecisionRisk {
  text: string;
  class: "managed" | "weak" | "unmanaged";
}

export interface Decision {
  id: string;
  districtId: string;
  schoolId: string | null;
  schoolName: string | null;
  kind: string;
  docType: string;
  docNumber: string;
  docDate: string;
  title: string;
  level: string;
  horizon: string;
  risks: DecisionRisk[];
  resources: string[];
  note: string | null;
  /** Taken at a working-group meeting (#15). */
  meetingId?: string | null;
  createdAt: string;
  recommendations: Array<{ id: string; title: string; state: string; schoolId: string | null; schoolName: string | null }>;
}

export interface DecisionInput {
  kind: string;
  docType: string;
  docNumber: string;
  docDate: string;
  title: string;
  level: string;
  horizon: string;
  risks: DecisionRisk[];
  resources: string[];
  schoolId: string | null;
  recommendationIds: string[];
  note: string | null;
}

export interface DecisionOptions {
  schools: Array<{ id: string; name: string }>;
  recommendations: Array<{ id: string; title: string; state: string; schoolName: string | null }>;
}

export interface DecisionFilter {
  kind?: string;
  level?: string;
  from?: string;
  to?: string;
}

const district = (districtId: string) => `/districts/${encodeURIComponent(districtId)}`;
const json = (method: string, body?: unknown) => ({
  method,
  ...(body === undefined ? {} : { headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) }),
});

export const decisionsApi = {
  list: async (districtId: string, filter: DecisionFilter) => {
    const query = new URLSearchParams(Object.entries(filter).filter((pair): pair is [string, string] => Boolean(pair[1]))).toString();
    return readJson<{ decisions: Decision[]; canEdit: boolean }>(await apiFetch(`${district(districtId)}/decisions${query ? `?${query}` : ""}`));
  },
  options: async (districtId: string) => readJson<DecisionOptions>(await apiFetch(`${district(districtId)}/decision-options`)),
  create: async (districtId: string, input: DecisionInput) => readJson<{ decision: Decision }>(await apiFetch(`${district(districtId)}/decisions`, json("POST", input))),
  update: async (id: string, input: DecisionInput) => readJson<{ decision: Decision }>(await apiFetch(`/decisions/${encodeURIComponent(id)}`, json("PUT", input))),
  remove: async (id: string) => readJson<{ deleted: string }>(await apiFetch(`/decisions/${encodeURIComponent(id)}`, json("DELETE"))),
};
