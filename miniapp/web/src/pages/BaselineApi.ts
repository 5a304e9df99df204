/**
 * The Mini App's client for baselines and indicators: the routes of miniapp/api/routes/baseline.ts and
 * indicators.ts and the shapes they answer with (core/services/baseline.ts, core/services/indicators.ts,
 * restated here as the web app does not import the server's code).
 */
import { apiFetch, readJson, type Bounded } from "../api.ts";

export const BASELINE_INSTRUMENTS = ["teacher_deficits", "parent_survey", "student_survey", "school_card", "visit_report"] as const;
export type BaselineInstrument = (typeof BASELINE_INSTRUMENTS)[number];

export interface FileProblem {
  sheet: string;
  row?: number;
  column?: string;
  message: string;
}

export type ColumnRole = "question" | "school" | "dropped" | "timestamp" | "ignored";

export interface BaselineMapping {
  version: 1;
  columns: Record<string, { questionId: string } | { role: "school" | "ignore" }>;
  answers: Record<string, Record<string, number | "unsure">>;
  schools: Record<string, string>;
}

export interface BaselinePreview {
  instrument: { key: string; version: number; title: string; questions: Array<{ id: string; text: string; type: string; options: Array<{ value: number; label: string }> }> };
  columns: Array<{ letter: string; header: string; key: string; role: ColumnRole; questionId: string | null; from: "mapping" | "auto" }>;
  rowsRead: number;
  rowsToImport: number;
  emptyRows: number;
  schools: Array<{ id: string; name: string; responses: number }>;
  questionsUnmapped: string[];
  unknownAnswers: Array<{ questionId: string; key: string; text: string; rows: number }>;
  unknownSchools: Array<{ key: string; text: string; rows: number }>;
  window: { from: string; to: string } | null;
  title: string | null;
  problems: FileProblem[];
  warnings: FileProblem[];
  mapping: BaselineMapping;
  summary: string;
}

export interface BaselineCampaign {
  id: string;
  title: string;
  instrumentKey: string;
  instrumentVersion: number;
  opensAt: string;
  closesAt: string;
  responses: number;
}

export type ReleasedCell = { hidden: true } | { hidden: false; meanDeficit: Bounded; pronouncedShare: Bounded };

export interface ComparedRow {
  schoolId: string | null;
  name: string;
  areas: Array<{ areaId: string; title: string; baseline: ReleasedCell; current: ReleasedCell }>;
}

export interface BaselineComparison {
  instrumentKey: string;
  baseline: { id: string; title: string } | null;
  round: { id: string; title: string } | null;
  minRespondents: number;
  note: string | null;
  explanation: string;
  district: ComparedRow | null;
  schools: ComparedRow[];
}

export const INDICATOR_KEYS = ["diagnosed", "withRoute", "positiveDynamics", "completedCourses"] as const;
export type IndicatorKey = (typeof INDICATOR_KEYS)[number];
export type IndicatorCell = { hidden: true } | { hidden: false; share: Bounded };
export interface IndicatorRow {
  teachers: number;
  cells: Record<IndicatorKey, IndicatorCell>;
}
export interface IndicatorsView {
  districtId: string;
  year: number;
  minRespondents: number;
  titles: Record<IndicatorKey, string>;
  district: IndicatorRow | null;
  schools: Array<{ id: string; name: string } & IndicatorRow>;
}

const UPLOAD_TIMEOUT_MS = 180_000;
const district = (id: string) => `/districts/${encodeURIComponent(id)}`;
const get = async <T>(path: string) => readJson<T>(await apiFetch(path));

export interface UploadOptions {
  instrument: BaselineInstrument;
  dryRun: boolean;
  schoolId?: string;
  from?: string;
  to?: string;
}

export const baselineApi = {
  list: (districtId: string) => get<{ baselines: BaselineCampaign[] }>(`${district(districtId)}/baselines`),
  /** The raw file as the body: a check (nothing written) or the import (all or nothing). */
  upload: async (districtId: string, file: File, options: UploadOptions) => {
    const query = new URLSearchParams({ instrument: options.instrument, dryRun: options.dryRun ? "1" : "0" });
    if (options.schoolId) query.set("schoolId", options.schoolId);
    if (options.from) query.set("from", options.from);
    if (options.to) query.set("to", options.to);
    return readJson<BaselinePreview & { campaignId?: string; imported?: number; message?: string }>(
      await apiFetch(`${district(districtId)}/baselines?${query}`, {
        method: "POST",
        headers: { "Content-Type": "application/octet-stream", "X-File-Name": encodeURIComponent(file.name) },
        body: file,
        timeoutMs: UPLOAD_TIMEOUT_MS,
      }),
    );
  },
  saveMapping: async (districtId: string, instrument: string, mapping: BaselineMapping) =>
    readJson<{ mapping: BaselineMapping }>(
      await apiFetch(`${district(districtId)}/baselines/mapping/${encodeURIComponent(instrument)}`, {
        method: "PUT",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ mapping }),
      }),
    ),
  compare: (districtId: string, instrument: string, schoolId?: string) =>
    get<BaselineComparison>(`${district(districtId)}/baselines/compare/${encodeURIComponent(instrument)}${schoolId ? `?schoolId=${encodeURIComponent(schoolId)}` : ""}`),
  indicators: (districtId: string, options: { year?: number; schoolId?: string } = {}) => {
    const query = new URLSearchParams();
    if (options.year) query.set("year", String(options.year));
    if (options.schoolId) query.set("schoolId", options.schoolId);
    return get<IndicatorsView>(`${district(districtId)}/indicators${query.size ? `?${query}` : ""}`);
  },
};

/** «≤ 20 %», «45 %», «≥ 95 %». */
export function shareText(share: Bounded, unit = " %"): string {
  return `${share.bound === "le" ? "≤ " : share.bound === "ge" ? "≥ " : ""}${share.value}${unit}`;
}
