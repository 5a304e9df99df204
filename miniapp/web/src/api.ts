/**
 * Client for the Mini App HTTP API (same origin, `/api`). Every request after `/api/config`
 * carries who the person is: Telegram init data (`tma`), MAX init data (`max`) or, in demo mode only,
 * a chosen person (`demo`).
 */
import { t } from "./messages/ru.ts";

export type RoleName =
  | "district"
  | "head"
  | "teacher"
  | "parent"
  | "mentor"
  | "methodologist"
  | "assessment"
  | "tutor"
  | "curator"
  | "curator_head"
  | "working_group"
  | "regional";
export type DeficitLevel = "pronounced" | "moderate" | "none";

export interface AppConfig {
  demo: boolean;
  botUsername: string | null;
  minRespondents: number;
}

export interface DemoPerson {
  personId: string;
  label: string;
}

export interface RoleGrant {
  role: RoleName;
  districtId: string;
  districtName: string;
  schoolId: string | null;
  schoolName: string | null;
}

export interface Me {
  person: { id: string; displayName: string | null };
  roles: RoleGrant[];
  /** Schools whose aggregates this person may view. */
  schools: { id: string; name: string; districtId: string }[];
  canAnswerDiagnostic: boolean;
}

export interface Campaign {
  id: string;
  title: string;
  opensAt: string;
  closesAt: string;
}

export interface AreaAggregate {
  areaId: string;
  title: string;
  /** 0..100 */
  meanDeficit: number;
  level: DeficitLevel;
  /** Share of respondents with a pronounced deficit in this area, 0..100. */
  pronouncedShare: number;
}

// ---- release rules (privacy helper): every aggregate as released by core/release ----
/** A printed figure: "le" reads «≤ value», "ge" «≥ value». */
export interface Bounded {
  value: number;
  bound: "le" | "ge" | null;
}

/** One area of one school or group: hidden, and nothing else, or its released figures. */
export type ReleasedCell =
  | { hidden: true }
  | { hidden: false; meanDeficit: Bounded; pronouncedShare: Bounded; level: DeficitLevel };

export interface ReleasedAreaRow {
  areaId: string;
  title: string;
  cell: ReleasedCell;
}

export type SchoolAggregate = { hidden: true } | { hidden: false; respondents: number; areas: ReleasedAreaRow[] };

export interface SchoolDeficits {
  school: { id: string; name: string };
  campaign: Campaign | null;
  /** Fewer teachers than the minimum: the school's figures are never shown, they count in the district. */
  smallSchool: boolean;
  minRespondents: number;
  releasedAt: string | null;
  aggregate: SchoolAggregate | null;
}

export interface ReleasedRow {
  respondents: number | null;
  areas: ReleasedAreaRow[];
}

export interface DistrictSummary {
  districtId: string;
  campaign: Campaign | null;
  releasedAt: string | null;
  minRespondents: number;
  releaseStep: number;
  district: ReleasedRow | null;
  smallSchools: (ReleasedRow & { schoolCount: number }) | null;
  schools: Array<{ id: string; name: string; code: string | null; small: boolean } & ReleasedRow>;
}
// ---- end release rules ----

export interface ProfileArea {
  areaId: string;
  title: string;
  deficit: number;
  level: DeficitLevel;
  advice: string;
}

/** Completion figures, never names (DOMAIN.md §11c). */
export interface CompletionCounts {
  /** Registered in advance, never opened their invite: the bot cannot write to them. */
  notJoined: number;
  /** Joined, not finished: the bot reminds them. */
  unfinished: number;
  completed: number;
  total: number;
}

export interface SchoolCompletion extends CompletionCounts {
  schoolId: string;
  name: string;
}

export interface DistrictCompletion {
  campaign: null | { id: string; title: string; closesAt: string };
  /** The district (or the one school) as a whole: each person once. */
  total: CompletionCounts;
  schools: SchoolCompletion[];
}

/** What a press of «Напомнить» did: only `enqueued` people get a message; the rest say why not. */
export interface RemindResult {
  enqueued: number;
  notJoined: number;
  noConsent: number;
  unreachable: number;
  alreadyToday: number;
}

export interface MyDeficits {
  profile: null | { campaignTitle: string; completedAt: string; areas: ProfileArea[] };
  progress: null | { answered: number; total: number };
}

/** A failed request, with a message fit to show to the person. */
export class ApiError extends Error {
  constructor(
    message: string,
    /** `network`: no answer (offline, timeout) — worth retrying. */
    readonly kind: "network" | "http",
    readonly status: number | null,
    readonly code: string | null,
  ) {
    super(message);
    this.name = "ApiError";
  }

  get retryable(): boolean {
    return this.kind === "network" || (this.status !== null && this.status >= 500);
  }
}

export type Credentials =
  | { kind: "tma"; initDataRaw: string }
  | { kind: "max"; initData: string }
  | { kind: "demo"; personId: string };

let credentials: Credentials | null = null;

export function setCredentials(next: Credentials | null): void {
  credentials = next;
}

function authorizationHeader(): Record<string, string> {
  if (!credentials) return {};
  switch (credentials.kind) {
    case "tma":
      return { Authorization: `tma ${credentials.initDataRaw}` };
    case "max":
      return { Authorization: `max ${credentials.initData}` };
    case "demo":
      return { Authorization: `demo ${credentials.personId}` };
  }
}

/** Long enough for a slow rural link, short enough that a dead one ends in the retry button. */
const TIMEOUT_MS = 25_000;

async function request<T>(path: string, method: "GET" | "POST" | "PUT" = "GET", payload?: unknown): Promise<T> {
  const response = await send(path, method, payload);
  return readJson<T>(response);
}

/** A JSON body, or a FormData (a file upload) as it is. */
function send(path: string, method: "GET" | "POST" | "PUT", payload: unknown): Promise<Response> {
  const json = payload !== undefined && !(payload instanceof FormData);
  return apiFetch(path, {
    method,
    headers: json ? { "Content-Type": "application/json" } : {},
    body: payload === undefined ? undefined : json ? JSON.stringify(payload) : (payload as FormData),
  });
}

/**
 * One call to the API with this session's signed init data, cut off after `timeoutMs` (a longer one
 * for big uploads); a failed connection becomes the Russian network error. Pages with their own
 * clients (identification) use it too, so there is one way to sign a request.
 */
export async function apiFetch(
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: BodyInit; timeoutMs?: number } = {},
): Promise<Response> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), init.timeoutMs ?? TIMEOUT_MS);
  try {
    return await fetch(`/api${path}`, {
      method: init.method ?? "GET",
      headers: { Accept: "application/json", ...init.headers, ...authorizationHeader() },
      body: init.body,
      signal: controller.signal,
    });
  } catch {
    throw new ApiError(t("error.network"), "network", null, null);
  } finally {
    clearTimeout(timer);
  }
}

/** A file from the API (an invite sheet): its bytes and the name the server gave it. */
async function download(path: string): Promise<{ blob: Blob; filename: string }> {
  const response = await send(path, "GET", undefined);
  if (!response.ok) return readJson<never>(response);
  const disposition = response.headers.get("Content-Disposition") ?? "";
  const named = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  return { blob: await response.blob(), filename: named?.[1] ? decodeURIComponent(named[1]) : "file" };
}

/** A failed action as an ApiError whose message is fit to show (the server's Russian message as it is). */
export function asApiError(error: unknown): ApiError {
  if (!(error instanceof ApiError)) console.error(error);
  return error instanceof ApiError ? error : new ApiError(t("error.unknown"), "http", null, null);
}

export async function readJson<T>(response: Response): Promise<T> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // A proxy page or a cut-off answer: handled below as an error without details.
  }
  if (response.ok && body !== null) return body as T;

  const details = (body ?? {}) as { error?: unknown; message?: unknown };
  const message = typeof details.message === "string" && details.message ? details.message : t("error.unknown");
  const code = typeof details.error === "string" ? details.error : null;
  // 502/503/504 without our JSON come from a proxy in front of a sleeping or unreachable server.
  const kind = !response.ok && body === null && response.status >= 502 ? "network" : "http";
  throw new ApiError(kind === "network" ? t("error.network") : message, kind, response.status, code);
}

export const api = {
  config: () => request<AppConfig>("/config"),
  demoPeople: () => request<DemoPerson[]>("/demo/people"),
  me: () => request<Me>("/me"),
  schoolDeficits: (schoolId: string) => request<SchoolDeficits>(`/schools/${encodeURIComponent(schoolId)}/deficits`),
  myDeficits: () => request<MyDeficits>("/me/deficits"),
  districtCompletion: (districtId: string) =>
    request<DistrictCompletion>(`/districts/${encodeURIComponent(districtId)}/completion`),
  /** Safe to repeat after a lost answer: the server reminds each person at most once a day. */
  remindUnfinished: (districtId: string) =>
    request<RemindResult>(`/districts/${encodeURIComponent(districtId)}/remind`, "POST"),
  // ---- district helper: a head's own school ----
  schoolCompletion: (schoolId: string) =>
    request<DistrictCompletion>(`/schools/${encodeURIComponent(schoolId)}/completion`),
  remindSchool: (schoolId: string) => request<RemindResult>(`/schools/${encodeURIComponent(schoolId)}/remind`, "POST"),
  // ---- district helper: district work without the command line ----
  campaigns: (districtId: string) => request<CampaignList>(`/districts/${encodeURIComponent(districtId)}/campaigns`),
  openCampaign: (districtId: string, input: { title?: string; days?: number }) =>
    request<{ id: string; title: string; closesAt: string }>(`/districts/${encodeURIComponent(districtId)}/campaigns`, "POST", input),
  closeCampaign: (campaignId: string) => request<{ id: string }>(`/campaigns/${encodeURIComponent(campaignId)}/close`, "POST"),
  districtSchools: (districtId: string) => request<SchoolList>(`/districts/${encodeURIComponent(districtId)}/schools`),
  members: (districtId: string, schoolId: string) =>
    request<MemberList>(`/districts/${encodeURIComponent(districtId)}/members?school=${encodeURIComponent(schoolId)}`),
  deactivateMember: (membershipId: string) => request<unknown>(`/memberships/${encodeURIComponent(membershipId)}/deactivate`, "POST"),
  moveMember: (membershipId: string, schoolId: string) =>
    request<unknown>(`/memberships/${encodeURIComponent(membershipId)}/move`, "POST", { school: schoolId }),
  addMemberSchool: (personId: string, input: { school: string; role: string; district: string }) =>
    request<unknown>(`/people/${encodeURIComponent(personId)}/schools`, "POST", input),
  /** Dry run (`apply: false`) shows what would change; apply writes it in one transaction. */
  importStaff: (districtId: string, file: File, apply: boolean) => {
    const form = new FormData();
    form.append("file", file);
    return request<StaffImportResult>(`/districts/${encodeURIComponent(districtId)}/staff-import?apply=${apply ? 1 : 0}`, "POST", form);
  },
  /** The operator of personal data for the consent text; no invite is issued until it is set. */
  operator: (districtId: string) => request<OperatorState>(`/districts/${encodeURIComponent(districtId)}/operator`),
  setOperator: (districtId: string, input: OperatorInput) =>
    request<{ operator: OperatorInput }>(`/districts/${encodeURIComponent(districtId)}/operator`, "PUT", input),
  // ---- privacy helper: the district summary of deficits ----
  districtSummary: (districtId: string) => request<DistrictSummary>(`/districts/${encodeURIComponent(districtId)}/summary`),
  districtSummaryXlsx: (districtId: string) => download(`/districts/${encodeURIComponent(districtId)}/summary.xlsx`),
  staffTemplate: (districtId: string) => download(`/districts/${encodeURIComponent(districtId)}/staff-template`),
  inviteSheet: (districtId: string, schoolId: string, only: "notJoined" | "all") =>
    download(`/districts/${encodeURIComponent(districtId)}/schools/${encodeURIComponent(schoolId)}/invite-sheet?only=${only}`),
};

export interface OperatorInput {
  name: string;
  address: string;
  term: string;
  purpose: string;
  data: string;
  actions: string;
  withdrawal: string;
}

export interface OperatorState {
  operator: OperatorInput | null;
  /** The product's own wording for the optional parts, offered as the starting text. */
  defaults: Pick<OperatorInput, "purpose" | "data" | "actions" | "withdrawal">;
}

export interface CampaignRow {
  id: string;
  title: string;
  opensAt: string;
  closesAt: string;
  opensLocal: string;
  closesLocal: string;
  status: "planned" | "open" | "closed";
  completed: number;
  teachers: number;
  unfinished: number;
  notJoined: number;
  /** #13: campaigns of every instrument share the list; this section is the teacher diagnostic's. */
  instrumentKey: string;
}

export interface CampaignList {
  district: { id: string; name: string };
  campaigns: CampaignRow[];
}

export interface SchoolList {
  district: { id: string; name: string };
  schools: Array<{ id: string; name: string; code: string | null; teachers: number; heads: number }>;
}

export interface MemberRow {
  membershipId: string;
  personId: string;
  name: string | null;
  role: string;
  school: string | null;
  active: boolean;
  consent: boolean;
  channels: string[];
}

export interface MemberList {
  members: MemberRow[];
}

export interface StaffImportResult {
  applied: boolean;
  /** Problems found: nothing is written while any remains. */
  problems: string[];
  warnings: string[];
  schools: { created: number; renamed: number; coded: number; unchanged: number };
  staff: { rows: number; newPeople: number; existingPeople: number; newMemberships: number; alreadyPresent: number };
}
