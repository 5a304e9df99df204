/**
 * Client for the Mini App HTTP API (same origin, `/api`). Every request after `/api/config`
 * carries who the person is: Telegram init data (`tma`), MAX init data (`max`) or, in demo mode only,
 * a chosen person (`demo`).
 */
import { t } from "./messages/ru.ts";

export type RoleName = "district" | "head" | "teacher" | "parent" | "mentor";
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

export type SchoolAggregate =
  | { hidden: true; respondents: number; minRespondents: number }
  | { hidden: false; respondents: number; minRespondents: number; areas: AreaAggregate[] };

export interface SchoolDeficits {
  school: { id: string; name: string };
  campaign: Campaign | null;
  aggregate: SchoolAggregate | null;
}

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

async function request<T>(path: string, method: "GET" | "POST" = "GET"): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  let response: Response;
  try {
    response = await fetch(`/api${path}`, {
      method,
      headers: { Accept: "application/json", ...authorizationHeader() },
      signal: controller.signal,
    });
  } catch {
    throw new ApiError(t("error.network"), "network", null, null);
  } finally {
    clearTimeout(timer);
  }

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
};
