/**
 * The Mini App's client for identification (ШНОР/ШНСУ): the routes of miniapp/api/routes/identification.ts
 * and the shapes they answer with (core/identification/types.ts and core/services/identification.ts,
 * restated here as the web app does not import the server's code). Loaded with the identification pages
 * only, never on the first screen.
 */
import { apiFetch, asApiError, readJson } from "../api.ts";
import { ti, type IdentificationMessageKey } from "../messages/ru-identification.ts";

export const CLUSTERS = ["failing", "effective", "deprived", "resilient"] as const;
export type Cluster = (typeof CLUSTERS)[number];
export type ListKind = "shnor" | "shnsu";
export const DATA_KINDS = ["results", "items", "social", "official-list"] as const;
export type DataKind = (typeof DATA_KINDS)[number];

export interface IndexInput {
  key: string;
  label: string;
  value: number | null;
  normalized: number | null;
  weight: number;
}

export interface RuleCheck {
  rule: string;
  passed: boolean;
  text: string;
  value?: number | null;
  threshold?: number | null;
}

export interface LowTask {
  grade: number;
  subject: string;
  task: string;
  solvedShare: number;
  topic: string | null;
}

export interface SchoolIdentification {
  /** The school's id in this district (null when the file's school code matched no school). */
  schoolId?: string | null;
  schoolCode: string;
  schoolName: string;
  resultsIndex: number | null;
  socialIndex: number | null;
  cluster: Cluster | null;
  shnor: boolean;
  shnsu: boolean;
  dynamics: number | null;
  proposeExclusion: boolean;
  resilient: boolean;
  curatorCandidate: boolean;
  deficitFlags: string[];
  lowTasks: LowTask[];
  explanation: { resultsInputs: IndexInput[]; socialInputs: IndexInput[]; checks: RuleCheck[] };
}

export interface ListChange {
  schoolCode: string;
  schoolName: string;
  list: ListKind;
}

export interface RunSummary {
  runId: string;
  year: number;
  methodologyVersion: number;
  createdAt: string;
  clusters: Record<Cluster, number>;
  shnor: number;
  shnsu: number;
  entered: ListChange[];
  left: ListChange[];
  warnings: string[];
}

/** A school in the scatter and the lists: the card has its explanation and ВПР tasks. */
export type SchoolSummary = Omit<SchoolIdentification, "explanation" | "lowTasks">;

export interface RunView extends RunSummary {
  schools: SchoolSummary[];
  districtLowTasks: Array<LowTask & { schools: number }>;
}

export interface IdentificationOverview {
  run: RunView | null;
  /** Years with data, for the year switch. */
  years: number[];
  /** False for the working group (#15): it reads the results, runs and uploads nothing. */
  canEdit?: boolean;
}

export interface OfficialItem {
  schoolCode: string;
  schoolName: string;
  why: string;
}

export interface OfficialComparison {
  both: OfficialItem[];
  onlyComputed: OfficialItem[];
  onlyOfficial: OfficialItem[];
  /** The document, when the service names it. */
  list?: { source: string; documentNumber: string; documentDate: string } | null;
}

export interface SchoolCard {
  school: { id: string; name: string; code: string | null };
  districtId: string;
  run: RunSummary | null;
  identification: SchoolIdentification | null;
  why: string[];
  history: Array<{ year: number; resultsIndex: number | null; socialIndex: number | null; cluster: Cluster | null; shnor: boolean; shnsu: boolean }>;
  official: Array<{ kind: ListKind; source: string; documentNumber: string; documentDate: string; listed: boolean }>;
  /** Seed 004's curator criteria the district sets; only district staff get them (null for a head). */
  curator: CuratorFlags | null;
}

export interface CuratorFlags {
  innovationPlatform: boolean | null;
  headCompetence: boolean | null;
  headMotivation: boolean | null;
}

export interface FileProblem {
  sheet: string;
  row?: number;
  column?: string;
  message: string;
}

export interface DataCheck {
  kind: string;
  shape: string;
  rows: number;
  schools: number;
  years: number[];
  newSchools: Array<{ code: string; name: string }>;
  replaces: number;
  problems: FileProblem[];
  warnings: FileProblem[];
  ok: boolean;
  /** Present after an import (dryRun=0): whether anything was written. */
  written?: boolean;
}

/** The district's methodology (core/identification/methodology.ts), the parts the page shows and edits. */
export interface MethodologyView {
  districtId: string;
  /** 0 while the district has stored none (the default applies). */
  version: number;
  stored: boolean;
  createdAt: string | null;
  methodology: {
    version: number;
    normalisation: "zscore" | "minmax" | "rank";
    years: number;
    split: { results: "mean" | "median"; social: "mean" | "median" };
    shnor: { rule: "clusterConsecutive" | "clusterWorst" | "lowestShare"; years?: number; lowestShare?: number; share?: number };
    shnsu: { lowSocial: { by: "share"; share: number } | { by: "below"; value: number } | null; minFlags: number | null; flags: string[] };
    lowSolveThreshold: number;
  };
  versions: Array<{ version: number; createdAt: string }>;
}

/** An official list's details given at upload (each optional: they override the file's «Реквизиты»). */
export interface OfficialDocument {
  listKind?: ListKind;
  listYear?: number;
  source?: string;
  number?: string;
  /** YYYY-MM-DD. */
  date?: string;
}

/** As api.ts: long enough for a slow rural link. An upload of up to 20 MB gets longer. */
const UPLOAD_TIMEOUT_MS = 180_000;

const send = apiFetch;

const get = async <T>(path: string) => readJson<T>(await send(path));
const district = (id: string) => `/districts/${encodeURIComponent(id)}`;

export const identificationApi = {
  overview: (districtId: string, year?: number) =>
    get<IdentificationOverview>(`${district(districtId)}/identification${year ? `?year=${year}` : ""}`),
  run: async (districtId: string, year: number) =>
    readJson<RunSummary>(
      await send(`${district(districtId)}/identification/run`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ year }),
      }),
    ),
  official: (districtId: string, year: number, kind: ListKind) =>
    get<OfficialComparison>(`${district(districtId)}/identification/official?year=${year}&kind=${kind}`),
  schoolCard: (schoolId: string, year?: number) =>
    get<SchoolCard>(`/schools/${encodeURIComponent(schoolId)}/card${year ? `?year=${year}` : ""}`),
  /** The raw file as the body: `dryRun` checks without writing; otherwise all or nothing. */
  data: async (districtId: string, file: File, options: { kind: DataKind | "auto"; dryRun: boolean; official?: OfficialDocument }) => {
    const query = new URLSearchParams({ kind: options.kind, dryRun: options.dryRun ? "1" : "0" });
    for (const [name, value] of Object.entries(options.official ?? {})) if (value !== undefined && value !== "") query.set(name, String(value));
    return readJson<DataCheck>(
      await send(`${district(districtId)}/data?${query}`, {
        method: "POST",
        headers: { "Content-Type": "application/octet-stream", "X-File-Name": encodeURIComponent(file.name) },
        body: file,
        timeoutMs: UPLOAD_TIMEOUT_MS,
      }),
    );
  },
  setCuratorFlags: async (schoolId: string, flags: Partial<CuratorFlags>) =>
    readJson<CuratorFlags & { schoolId: string }>(
      await send(`/schools/${encodeURIComponent(schoolId)}/curator-flags`, {
        method: "PUT",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(flags),
      }),
    ),
  methodology: (districtId: string) => get<MethodologyView>(`${district(districtId)}/methodology`),
  /** A new version from the changes (a ШНОР preset by its name); past runs keep theirs. */
  setMethodology: async (districtId: string, patch: Record<string, unknown>) =>
    readJson<MethodologyView>(
      await send(`${district(districtId)}/methodology`, {
        method: "PUT",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ patch }),
      }),
    ),
  template: async (districtId: string, kind: DataKind) => {
    const response = await send(`${district(districtId)}/data/template/${kind}`);
    if (!response.ok) return readJson<never>(response);
    const named = /filename\*=UTF-8''([^;]+)/i.exec(response.headers.get("Content-Disposition") ?? "");
    return { blob: await response.blob(), filename: named?.[1] ? decodeURIComponent(named[1]) : `${kind}.xlsx` };
  },
};

export { asApiError };

/** Cluster colours, distinct in both themes (every page also names the cluster in words). */
export const CLUSTER_COLORS: Record<Cluster, string> = {
  failing: "#ef6c00",
  effective: "#2e7d32",
  deprived: "#8e24aa",
  resilient: "#1e88e5",
};
export const NO_CLUSTER_COLOR = "#9e9e9e";

export const clusterName = (cluster: Cluster | null) => (cluster ? ti(`ident.cluster.${cluster}`) : ti("ident.clusterNone"));

/** The short marks of a school: its lists, exclusion, resilience, curator candidacy. */
export function badges(school: Pick<SchoolIdentification, "shnor" | "shnsu" | "proposeExclusion" | "resilient" | "curatorCandidate">): string[] {
  const keys: IdentificationMessageKey[] = [];
  if (school.shnor) keys.push("ident.badge.shnor");
  if (school.shnsu) keys.push("ident.badge.shnsu");
  if (school.proposeExclusion) keys.push("ident.badge.exclusion");
  if (school.resilient) keys.push("ident.badge.resilient");
  if (school.curatorCandidate) keys.push("ident.badge.curator");
  return keys.map((key) => ti(key));
}
