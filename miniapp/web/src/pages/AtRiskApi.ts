/** The Mini App's client for at-risk student counts (miniapp/api/routes/at-risk.ts, #15). */
import { apiFetch, readJson } from "../api.ts";

export interface Option {
  id: string;
  title: string;
}

export interface SchoolAtRisk {
  schoolYear: string;
  school: { id: string; name: string; districtId: string };
  categories: Option[];
  counts: Array<{ category: string; count: number | null; note: string | null; updatedAt: string | null }>;
  plan: Array<{ category: string; events: Array<{ id: string; roadmapId: string; number: string; title: string; dueOn: string; state: string; indicator: string | null }> }>;
  canEdit: boolean;
}

export interface DistrictAtRisk {
  schoolYear: string;
  categories: Option[];
  schools: Array<{ schoolId: string; name: string; counts: Record<string, number | null>; updatedAt: string | null }>;
  totals: Record<string, number>;
  reported: number;
  canEdit: boolean;
}

const json = (method: string, body: unknown) => ({ method, headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
const year = (schoolYear?: string) => (schoolYear ? `?year=${encodeURIComponent(schoolYear)}` : "");

export const atRiskApi = {
  district: async (districtId: string, schoolYear?: string) => readJson<DistrictAtRisk>(await apiFetch(`/districts/${encodeURIComponent(districtId)}/at-risk${year(schoolYear)}`)),
  school: async (schoolId: string, schoolYear?: string) => readJson<SchoolAtRisk>(await apiFetch(`/schools/${encodeURIComponent(schoolId)}/at-risk${year(schoolYear)}`)),
  save: async (schoolId: string, body: { schoolYear: string; counts: Array<{ category: string; count: number; note: string | null }> }) =>
    readJson<SchoolAtRisk>(await apiFetch(`/schools/${encodeURIComponent(schoolId)}/at-risk`, json("PUT", body))),
  addEvent: async (schoolId: string, body: { schoolYear: string; category: string; title: string; dueOn: string; indicator: string | null }) =>
    readJson<SchoolAtRisk & { eventId: string }>(await apiFetch(`/schools/${encodeURIComponent(schoolId)}/at-risk/plan`, json("POST", body))),
};
