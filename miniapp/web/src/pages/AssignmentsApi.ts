/** The Mini App's client for assignments, pairs and "my schools" (miniapp/api/routes/assignments.ts, #15). */
import { apiFetch, readJson } from "../api.ts";

export type PeriodStatus = "upcoming" | "active" | "ended";
export type AssignmentKind = "mentor" | "tutor" | "curator";

export interface Assignment {
  id: string;
  districtId: string;
  schoolId: string;
  schoolName: string;
  personId: string;
  personName: string;
  kind: AssignmentKind;
  startsOn: string;
  endsOn: string | null;
  plannedVisits: number;
  note: string | null;
  status: PeriodStatus;
  endedAt: string | null;
}

export interface AssignmentInput {
  personId: string;
  schoolId: string;
  kind: AssignmentKind;
  startsOn: string;
  endsOn: string | null;
  plannedVisits: number;
  note: string | null;
}

export interface Pair {
  id: string;
  supportedSchoolId: string;
  supportedSchoolName: string;
  curatorSchoolId: string;
  curatorSchoolName: string;
  startsOn: string;
  endsOn: string | null;
  note: string | null;
  status: PeriodStatus;
  curatorHeads: Array<{ personId: string; name: string }>;
}

export interface PairInput {
  supportedSchoolId: string;
  curatorSchoolId: string;
  startsOn: string;
  endsOn: string | null;
  note: string | null;
}

export interface AssignmentOptions {
  schools: Array<{ id: string; name: string }>;
  people: Array<{ personId: string; name: string; roles: Array<{ role: string; schoolId: string | null; schoolName: string | null }> }>;
  canEdit: boolean;
}

export interface PairCandidates {
  year: number | null;
  note: string | null;
  curators: Array<{ schoolId: string; name: string; rank: 0 | 1 | 2; reasons: string[]; curating: number }>;
  supported: Array<{ schoolId: string; name: string; rank: 0 | 1 | 2; reasons: string[] }>;
}

export interface MySchool {
  schoolId: string;
  schoolName: string;
  districtId: string;
  districtName: string;
  me: Array<
    | { role: AssignmentKind; assignmentId: string; startsOn: string; endsOn: string | null; plannedVisits: number; status: PeriodStatus }
    | { role: "curator_head"; pairId: string; curatorSchoolName: string; startsOn: string; endsOn: string | null }
    | { role: "head" }
  >;
  heads: Array<{ personId: string; name: string }>;
  supporters: Array<{ assignmentId: string; kind: AssignmentKind; personId: string; name: string; startsOn: string; endsOn: string | null; plannedVisits: number; status: PeriodStatus }>;
  curatorSchools: Array<{ pairId: string; schoolId: string; name: string; heads: string[]; startsOn: string; endsOn: string | null }>;
  events: { schoolYear: string; items: Array<{ id: string; number: string; title: string; dueOn: string; state: string; mine: boolean }> } | null;
}

const district = (districtId: string) => `/districts/${encodeURIComponent(districtId)}`;
const post = (body: unknown) => ({ method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });

export const assignmentsApi = {
  list: async (districtId: string, ended: boolean) =>
    readJson<{ assignments: Assignment[]; canEdit: boolean }>(await apiFetch(`${district(districtId)}/assignments${ended ? "?ended=1" : ""}`)),
  options: async (districtId: string) => readJson<AssignmentOptions>(await apiFetch(`${district(districtId)}/assignment-options`)),
  create: async (districtId: string, input: AssignmentInput) => readJson<{ assignment: Assignment }>(await apiFetch(`${district(districtId)}/assignments`, post(input))),
  end: async (id: string) => readJson<{ assignment: Assignment }>(await apiFetch(`/assignments/${encodeURIComponent(id)}/end`, post({}))),
  pairs: async (districtId: string, ended: boolean) =>
    readJson<{ pairs: Pair[]; canEdit: boolean }>(await apiFetch(`${district(districtId)}/pairs${ended ? "?ended=1" : ""}`)),
  candidates: async (districtId: string) => readJson<PairCandidates>(await apiFetch(`${district(districtId)}/pair-candidates`)),
  createPair: async (districtId: string, input: PairInput) => readJson<{ pair: Pair }>(await apiFetch(`${district(districtId)}/pairs`, post(input))),
  endPair: async (id: string) => readJson<{ pair: Pair }>(await apiFetch(`/pairs/${encodeURIComponent(id)}/end`, post({}))),
  myNetwork: async () => readJson<{ schools: MySchool[] }>(await apiFetch(`/me/network`)),
};
