/**
 * The Mini App's client for addressed recommendations (#14 §1): the routes of miniapp/api/routes/recommendations.ts
 * and the shapes they answer with (core/services/recommendations.ts, restated: the web app does not import the
 * server's code). Loaded with the recommendation pages only.
 */
import type { LibraryLinkView } from "./LibraryApi.ts";
import { apiFetch, readJson } from "../api.ts";

export interface Measure {
  id: string;
  number: string;
  title: string;
  dueOn: string;
  state: string;
  overdue: boolean;
}

export interface Recommendation {
  id: string;
  districtId: string;
  schoolId: string | null;
  schoolName: string | null;
  addressee: string;
  addresseeName: string;
  curatorSchoolId: string | null;
  curatorSchoolName: string | null;
  form: string;
  formName: string;
  title: string;
  text: string;
  basis: Array<{ kind: string; key: string; label: string }>;
  ruleKey: string | null;
  ruleSetVersion: number | null;
  state: string;
  dueOn: string | null;
  overdue: boolean;
  issuedByName: string | null;
  sentAt: string | null;
  acknowledgedAt: string | null;
  acknowledgedByName: string | null;
  doneAt: string | null;
  events: Measure[];
  /** The library item it points at (#15). */
  libraryItemId: string | null;
  libraryItem: LibraryLinkView | null;
}

export interface GenerateResult {
  created: Recommendation[];
  skipped: string[];
  sources: { riskProfile: boolean; deficits: boolean; identification: boolean };
  curatorCandidates: Array<{ id: string; name: string }>;
}

export interface RuleSetView {
  districtId: string;
  version: number;
  stored: boolean;
  rules: unknown[];
  versions: Array<{ version: number; note: string; createdAt: string }>;
}

const call = async <T>(path: string, method = "GET", body?: unknown): Promise<T> =>
  readJson<T>(
    await apiFetch(path, {
      method,
      headers: body === undefined ? {} : { "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  );

const d = (districtId: string) => `/districts/${encodeURIComponent(districtId)}`;
const r = (id: string) => `/recommendations/${encodeURIComponent(id)}`;

export const recApi = {
  list: (districtId: string, query: { schoolId?: string; state?: string } = {}) => {
    const search = new URLSearchParams(Object.entries(query).filter((entry): entry is [string, string] => Boolean(entry[1])));
    return call<{ recommendations: Recommendation[] }>(`${d(districtId)}/recommendations${search.size ? `?${search}` : ""}`);
  },
  generate: (districtId: string, schoolId: string) => call<GenerateResult>(`${d(districtId)}/recommendations/generate`, "POST", { schoolId }),
  edit: (id: string, patch: Record<string, unknown>) => call<Recommendation>(r(id), "PATCH", patch),
  reject: (id: string) => call<Recommendation>(`${r(id)}/reject`, "POST"),
  send: (districtId: string, ids: string[]) => call<{ sent: Array<{ id: string; recipients: number; queued: number }> }>(`${d(districtId)}/recommendations/send`, "POST", { ids }),
  rules: (districtId: string) => call<RuleSetView>(`${d(districtId)}/recommendation-rules`),
  saveRules: (districtId: string, rules: unknown, note: string) => call<RuleSetView>(`${d(districtId)}/recommendation-rules`, "POST", { rules, note }),
  mine: () => call<{ recommendations: Recommendation[] }>("/me/recommendations"),
  ack: (id: string) => call<{ recommendation: Recommendation; already: boolean }>(`${r(id)}/ack`, "POST"),
  plan: (id: string, title: string, dueOn: string) => call<{ recommendation: Recommendation; number: string }>(`${r(id)}/measures`, "POST", { title, dueOn }),
  done: (id: string) => call<Recommendation>(`${r(id)}/done`, "POST"),
};
