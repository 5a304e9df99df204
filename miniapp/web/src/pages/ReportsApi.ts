/**
 * The Mini App's client for the аналитическая справка (miniapp/api/routes/reports.ts); the shapes of
 * core/management/report.ts and core/services/reports-ports.ts restated (no server code in the web app).
 */
import { apiFetch, readJson } from "../api.ts";

export interface ReportHead {
  id: string;
  kind: "half_year" | "quarter";
  period: string;
  title: string;
  createdAt: string;
  approvedAt: string | null;
  approvalRef: string | null;
  draft: boolean;
}

export interface ReportContent {
  districtName: string;
  period: { kind: string; key: string; title: string; start: string; end: string };
  generatedAt: string;
  cutoff: string;
  indicators: { yearLabels: string[]; rows: Array<{ key: string; title: string; method: string; source: string; executor: string; values: string[]; trend: "up" | "down" | "same" | null }> };
  lists: {
    fromYear: number | null;
    toYear: number | null;
    counts: Array<{ year: number; shnor: number; shnsu: number }>;
    entered: Array<{ schoolName: string; list: "shnor" | "shnsu" }>;
    left: Array<{ schoolName: string; list: "shnor" | "shnsu" }>;
  };
  recommendations: {
    issued: number;
    doneInPeriod: number;
    open: number;
    overdue: number;
    byAddressee: Array<{ addressee: string; label: string; issued: number; done: number; open: number; overdue: number }>;
    byState: Array<{ state: string; label: string; count: number }>;
    overdueList: Array<{ id: string; title: string; schoolName: string | null; addressee: string; dueOn: string }>;
  };
  roadmaps: {
    total: number;
    done: number;
    overdue: number;
    rows: Array<{ id: string; title: string; total: number; done: number; overdue: number }>;
    overdueEvents: Array<{ id: string; roadmapTitle: string; number: string; title: string; dueOn: string }>;
  };
  decisions: {
    total: number;
    byKind: Array<{ kind: string; label: string; count: number }>;
    rows: Array<{ id: string; kindLabel: string; document: string; title: string; levelLabel: string; horizonLabel: string }>;
  };
}

export interface Conclusions {
  draft: boolean;
  goalsMet: string;
  measuresSufficient: string;
  growthPoints: Array<{ text: string; roadmapEventId?: string | null }>;
}

export interface Report {
  id: string;
  kind: "half_year" | "quarter";
  period: string;
  content: ReportContent;
  conclusions: Conclusions | null;
  approvedAt: string | null;
  approvalRef: string | null;
  workingGroupId: string | null;
}

export interface WorkingGroup {
  id: string;
  orderRef: string;
  orderDate: string;
  members: Array<{ name: string; position: string; role: "chair" | "deputy" | "member" }>;
}

const base = (districtId: string) => `/districts/${encodeURIComponent(districtId)}`;

async function call<T>(path: string, method = "GET", body?: unknown): Promise<T> {
  return readJson<T>(
    await apiFetch(path, { method, headers: body === undefined ? {} : { "Content-Type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) }),
  );
}

/** A file from the API with the name the server gave it (Content-Disposition). */
async function download(path: string): Promise<{ blob: Blob; filename: string }> {
  const response = await apiFetch(path, { timeoutMs: 60_000 });
  if (!response.ok) return readJson<never>(response);
  const named = /filename\*=UTF-8''([^;]+)/i.exec(response.headers.get("Content-Disposition") ?? "");
  return { blob: await response.blob(), filename: named?.[1] ? decodeURIComponent(named[1]) : "spravka" };
}

export const reportsApi = {
  list: (districtId: string) => call<{ reports: ReportHead[]; currentHalfYear: string; currentQuarter: string }>(`${base(districtId)}/reports`),
  create: (districtId: string, period: string) => call<{ report: Report; created: boolean }>(`${base(districtId)}/reports`, "POST", { period }),
  get: (districtId: string, reportId: string) => call<{ report: Report }>(`${base(districtId)}/reports/${encodeURIComponent(reportId)}`),
  refresh: (districtId: string, reportId: string) => call<{ report: Report }>(`${base(districtId)}/reports/${encodeURIComponent(reportId)}/refresh`, "POST"),
  conclusions: (districtId: string, reportId: string, input: { goalsMet: string; measuresSufficient: string; growthPoints: string[] }) =>
    call<{ report: Report }>(`${base(districtId)}/reports/${encodeURIComponent(reportId)}/conclusions`, "PUT", input),
  approve: (districtId: string, reportId: string, input: { approvedAt: string; approvalRef: string; workingGroupId: string | null }) =>
    call<{ report: Report }>(`${base(districtId)}/reports/${encodeURIComponent(reportId)}/approve`, "POST", input),
  toRoadmap: (districtId: string, reportId: string, index: number, dueOn: string) =>
    call<{ roadmapId: string; eventId: string }>(`${base(districtId)}/reports/${encodeURIComponent(reportId)}/growth-points/${index}/roadmap`, "POST", { dueOn }),
  file: (districtId: string, reportId: string, format: "xlsx" | "pdf") => download(`${base(districtId)}/reports/${encodeURIComponent(reportId)}/report.${format}`),
  groups: (districtId: string) => call<{ groups: WorkingGroup[] }>(`${base(districtId)}/working-groups`),
  saveGroup: (districtId: string, input: Omit<WorkingGroup, "id">, groupId?: string) =>
    call<{ group: WorkingGroup }>(`${base(districtId)}/working-groups${groupId ? `/${encodeURIComponent(groupId)}` : ""}`, groupId ? "PUT" : "POST", input),
  deleteGroup: (districtId: string, groupId: string) => call<{ deleted: boolean }>(`${base(districtId)}/working-groups/${encodeURIComponent(groupId)}`, "DELETE"),
};
