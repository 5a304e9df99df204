/**
 * The Mini App's client for the indicators' trends (miniapp/api/routes/indicators.ts, the shapes of
 * core/services/indicators.ts IndicatorTrendsView restated: the web app does not import server code).
 */
import { apiFetch, readJson, type Bounded } from "../api.ts";

export type TrendCell =
  | { kind: "none" }
  | { kind: "hidden" }
  | { kind: "share"; share: Bounded; count?: number; total?: number }
  | { kind: "flag"; value: boolean }
  | { kind: "dynamics"; value: number }
  | { kind: "change"; entered: Array<"shnor" | "shnsu">; left: Array<"shnor" | "shnsu"> };

export interface IndicatorDefinition {
  key: string;
  title: string;
  method: string;
  source: string;
  executor: string;
}

export interface TrendRow {
  id: string;
  name: string;
  cells: Record<string, TrendCell[]>;
}

export interface IndicatorTrendsView {
  districtId: string;
  years: number[];
  yearLabels: string[];
  minRespondents: number;
  indicators: IndicatorDefinition[];
  district: TrendRow | null;
  schools: TrendRow[];
}

export const indicatorTrendsApi = {
  trends: async (districtId: string, schoolId?: string) =>
    readJson<IndicatorTrendsView>(
      await apiFetch(`/districts/${encodeURIComponent(districtId)}/indicators/trends${schoolId ? `?schoolId=${encodeURIComponent(schoolId)}` : ""}`),
    ),
};
