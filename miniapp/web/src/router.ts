/**
 * A tiny router over `history.state`: the URL stays as the messenger opened it (its hash holds the
 * launch parameters), so pages live in history entries, and the browser's back as well as the
 * Telegram or MAX header back button go through `history.back()`.
 */
import { useCallback, useEffect, useState } from "react";

export type Route =
  | { page: "home" }
  | { page: "school"; schoolId: string }
  | { page: "district"; districtId: string }
  | { page: "schoolProgress"; schoolId: string }
  | { page: "districtWork"; districtId: string }
  | { page: "schoolPeople"; districtId: string; schoolId: string }
  | { page: "districtSummary"; districtId: string }
  | { page: "identification"; districtId: string; year?: number }
  | { page: "schoolCard"; schoolId: string; year?: number }
  | { page: "riskProfile"; schoolId: string; year?: number }
  | { page: "riskDistrict"; districtId: string; year?: number }
  | { page: "riskSettings"; districtId: string }
  | { page: "route" }
  | { page: "courses"; districtId: string }
  | { page: "teamRoute"; schoolId: string }
  | { page: "methodologist"; districtId: string }
  | { page: "baseline"; districtId: string }
  | { page: "indicators"; districtId: string; year?: number }
  | { page: "profile" }
  | { page: "surveys" }
  | { page: "survey"; campaignId: string }
  | { page: "surveyLinks"; campaignId?: string }
  | { page: "campaigns"; districtId: string }
  /** #16: the district's audit log (pages/Audit.tsx). */
  | { page: "audit"; districtId: string }
  // ---- the management loop (#14): pages in pages/ManagementRoutes.tsx ----
  /** The district reviews, edits and sends recommendations, and follows their deadlines and states. */
  | { page: "recommendations"; districtId: string; schoolId?: string }
  /** Recommendations addressed to me (a head, the institute, the assessment centre, a school-curator). */
  | { page: "myRecommendations" }
  /** The district's roadmaps of the year (the district's own and each supported school's). */
  | { page: "roadmaps"; districtId: string }
  /** One roadmap: the district's (no schoolId) or a school's, of a school year (default: the current). */
  | { page: "roadmap"; districtId: string; schoolId?: string; schoolYear?: string }
  /** Roadmap events I am responsible for. */
  | { page: "myTasks" }
  | { page: "decisions"; districtId: string }
  | { page: "calendar"; districtId: string }
  | { page: "broadcasts"; districtId: string; broadcastId?: string }
  | { page: "reports"; districtId: string; reportId?: string }
  // ---- the network around the schools (#15): pages in pages/NetworkRoutes.tsx ----
  /** One page kind per section; `districtId`, `schoolId` and `id` as the section needs. */
  | NetworkRoute;

/**
 * Sections of the network around the schools (#15): assignments and pairs (district), my schools and
 * counterparts (mentor, tutor, curator, school-curator's head), visits, seminar requests and the
 * institute's programme, events, the library, programmes as documents, the working group, at-risk
 * student counts and the personnel reserve.
 */
export const NETWORK_SECTIONS = [
  "assignments",
  "myNetwork",
  "visits",
  "seminars",
  "events",
  "library",
  "programmes",
  "workingGroup",
  "atRisk",
  "reserve",
] as const;
export type NetworkSection = (typeof NETWORK_SECTIONS)[number];
export interface NetworkRoute {
  page: "network";
  section: NetworkSection;
  districtId?: string;
  schoolId?: string;
  id?: string;
}

/** Pages of the management loop (#14): one lazy chunk dispatches them (pages/ManagementRoutes.tsx). */
export const MANAGEMENT_PAGES = ["recommendations", "myRecommendations", "roadmaps", "roadmap", "myTasks", "decisions", "calendar", "broadcasts", "reports"] as const;
export type ManagementRoute = Extract<Route, { page: (typeof MANAGEMENT_PAGES)[number] }>;

const optionalString = (value: unknown) => value === undefined || typeof value === "string";

function isNetworkRoute(route: Record<string, unknown>): boolean {
  return (
    route.page === "network" &&
    (NETWORK_SECTIONS as readonly unknown[]).includes(route.section) &&
    optionalString(route.districtId) &&
    optionalString(route.schoolId) &&
    optionalString(route.id)
  );
}

function isManagementRoute(route: { page?: unknown } & Record<string, unknown>): boolean {
  if (route.page === "myRecommendations" || route.page === "myTasks") return true;
  if (!(MANAGEMENT_PAGES as readonly unknown[]).includes(route.page) || typeof route.districtId !== "string") return false;
  return optionalString(route.schoolId) && optionalString(route.schoolYear) && optionalString(route.broadcastId) && optionalString(route.reportId);
}

const HOME: Route = { page: "home" };

function isRoute(value: unknown): value is Route {
  if (typeof value !== "object" || value === null) return false;
  const route = value as { page?: unknown; schoolId?: unknown; districtId?: unknown; campaignId?: unknown };
  return (
    route.page === "home" ||
    route.page === "profile" ||
    route.page === "route" ||
    ((route.page === "courses" || route.page === "methodologist") && typeof route.districtId === "string") ||
    (route.page === "teamRoute" && typeof route.schoolId === "string") ||
    route.page === "surveys" ||
    (route.page === "survey" && typeof route.campaignId === "string") ||
    (route.page === "surveyLinks" && (route.campaignId === undefined || typeof route.campaignId === "string")) ||
    ((route.page === "campaigns" || route.page === "audit") && typeof route.districtId === "string") ||
    (route.page === "school" && typeof route.schoolId === "string") ||
    (route.page === "district" && typeof route.districtId === "string") ||
    (route.page === "districtSummary" && typeof route.districtId === "string") ||
    (route.page === "schoolProgress" && typeof route.schoolId === "string") ||
    (route.page === "districtWork" && typeof route.districtId === "string") ||
    (route.page === "schoolPeople" && typeof route.districtId === "string" && typeof route.schoolId === "string") ||
    (route.page === "identification" && typeof route.districtId === "string") ||
    (route.page === "riskProfile" && typeof route.schoolId === "string") ||
    ((route.page === "riskDistrict" || route.page === "riskSettings") && typeof route.districtId === "string") ||
    ((route.page === "baseline" || route.page === "indicators") && typeof route.districtId === "string") ||
    (route.page === "schoolCard" && typeof route.schoolId === "string") ||
    isManagementRoute(route as Record<string, unknown>) ||
    isNetworkRoute(route as Record<string, unknown>)
  );
}

/**
 * A deep link: `startapp` of a t.me link or MAX's `start_param` (`school_<id>`, `district_<id>`, `profile`;
 * identification: `school-<id>` the school card a head gets in the run's message, `identification-<districtId>`),
 * or the same value in the page's `?start=` query (bot web_app buttons and demo links keep their query string).
 */
export function routeFromStart(start: string | null | undefined): Route | null {
  if (!start) return null;
  if (start === "profile") return { page: "profile" };
  if (start === "route") return { page: "route" };
  // #14: a recommendation's or a roadmap event's notice opens the addressee's or executor's list.
  if (start === "recs") return { page: "myRecommendations" };
  if (start === "tasks") return { page: "myTasks" };
  const calendar = /^calendar-([a-z0-9]{1,40})$/.exec(start);
  if (calendar?.[1]) return { page: "calendar", districtId: calendar[1] };
  const broadcast = /^broadcast-([a-z0-9]{1,40})-([a-z0-9]{1,40})$/.exec(start);
  if (broadcast?.[1] && broadcast[2]) return { page: "broadcasts", districtId: broadcast[1], broadcastId: broadcast[2] };
  const report = /^report-([a-z0-9]{1,40})-([a-z0-9]{1,40})$/.exec(start);
  if (report?.[1] && report[2]) return { page: "reports", districtId: report[1], reportId: report[2] };
  // #15: `net-<section>[-<districtId>[-<id>]]`, e.g. net-visits-<district>-<visit>, net-events-<district>-<event>.
  const network = /^net-([A-Za-z]{1,20})(?:-([a-z0-9]{1,40}))?(?:-([a-z0-9]{1,40}))?$/.exec(start);
  if (network?.[1] && (NETWORK_SECTIONS as readonly string[]).includes(network[1])) {
    return {
      page: "network",
      section: network[1] as NetworkSection,
      ...(network[2] ? { districtId: network[2] } : {}),
      ...(network[3] ? { id: network[3] } : {}),
    };
  }
  const survey = /^survey-([a-z0-9]{1,40})$/.exec(start);
  if (survey?.[1]) return { page: "survey", campaignId: survey[1] };
  const risk = /^risk-([a-z0-9]{1,40})$/.exec(start);
  if (risk?.[1]) return { page: "riskProfile", schoolId: risk[1] };
  const ident = /^(school|identification)-([a-z0-9]{1,40})$/.exec(start);
  if (ident?.[2]) return ident[1] === "school" ? { page: "schoolCard", schoolId: ident[2] } : { page: "identification", districtId: ident[2] };
  const school = /^school_([A-Za-z0-9-]+)$/.exec(start);
  if (school?.[1]) return { page: "school", schoolId: school[1] };
  const district = /^district_([A-Za-z0-9-]+)$/.exec(start);
  return district?.[1] ? { page: "district", districtId: district[1] } : null;
}

/** Reads the route to open with; call once at start-up, before rendering. */
export function startRouting(startParam: string | undefined): Route {
  if (isRoute(history.state)) return history.state;
  const deepLink = routeFromStart(startParam) ?? routeFromStart(new URLSearchParams(location.search).get("start"));
  if (deepLink && deepLink.page !== "home") {
    // Put home beneath the deep-linked page so "back" lands inside the app.
    history.replaceState(HOME, "");
    history.pushState(deepLink, "");
    return deepLink;
  }
  history.replaceState(HOME, "");
  return HOME;
}

export interface Router {
  route: Route;
  navigate(route: Route): void;
  back(): void;
}

export function useRouter(initial: Route): Router {
  const [route, setRoute] = useState<Route>(initial);

  useEffect(() => {
    const onPop = (event: PopStateEvent) => setRoute(isRoute(event.state) ? event.state : HOME);
    window.addEventListener("popstate", onPop);
    return () => window.removeEventListener("popstate", onPop);
  }, []);

  const navigate = useCallback((next: Route) => {
    history.pushState(next, "");
    setRoute(next);
    window.scrollTo(0, 0);
  }, []);

  const back = useCallback(() => history.back(), []);

  return { route, navigate, back };
}

export const isManagementPage = (route: Route): route is ManagementRoute => (MANAGEMENT_PAGES as readonly string[]).includes(route.page);

export const isNetworkPage = (route: Route): route is NetworkRoute => route.page === "network";
