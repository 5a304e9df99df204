/**
 * The Mini App's client for routes (ИОМ): the teacher's own route, the district's course catalog,
 * team routes and the methodologist's aggregates (miniapp/api/routes/routes.ts). Loaded with these
 * pages only, never on the first screen.
 */
import type { LibraryLinkView } from "./LibraryApi.ts";
import { apiFetch, readJson, type Bounded, type DeficitLevel } from "../api.ts";

export interface Course {
  id: string;
  title: string;
  provider: string;
  hours: number | null;
  areas: string[];
  startsOn: string | null;
  endsOn: string | null;
  url: string | null;
}

export interface RouteItem {
  id: string;
  kind: "course" | "seminar" | "tutor";
  title: string;
  areaId: string | null;
  note: string | null;
  doneAt: string | null;
  certificateUrl: string | null;
  certificateName: string | null;
  hasCertificateFile: boolean;
  course: Course | null;
  /** The library item it points at (#15). */
  libraryItemId?: string | null;
  libraryItem?: LibraryLinkView | null;
}

export interface LearningRoute {
  id: string;
  kind: "teacher" | "team";
  schoolId: string | null;
  year: number;
  approvedAt: string | null;
  approvalRef: string | null;
  updatedAt: string;
  items: RouteItem[];
  /** In the district's list of team routes. */
  schoolName?: string | null;
}

export type TeacherCategory = "none" | "first" | "highest";

export interface Attributes {
  serviceYears: number | null;
  category: TeacherCategory | null;
  young: boolean | null;
  newlyArrived: boolean | null;
}

export type MyRoute =
  | { route: null; attributes: Attributes; minRespondents: number }
  | {
      route: LearningRoute;
      attributes: Attributes;
      minRespondents: number;
      diagnostic: { campaignTitle: string; completedAt: string };
      deficits: Array<{ areaId: string; title: string; deficit: number; level: DeficitLevel }>;
      hasDynamics: boolean;
    };

export interface Dynamics {
  from: { campaignTitle: string; completedAt: string };
  to: { campaignTitle: string; completedAt: string };
  areas: Array<{ areaId: string; title: string; before: number; after: number }>;
}

export interface CourseProblem {
  row?: number;
  column?: string;
  sheet?: string;
  message: string;
  text: string;
}

export type GroupCell = { hidden: true } | { hidden: false; respondents: number; meanDeficit: Bounded; pronouncedShare: Bounded; level: DeficitLevel };

export interface MethodologistData {
  districtId: string;
  campaign: { id: string; title: string } | null;
  releasedAt: string | null;
  minRespondents: number;
  groups: Array<{ group: string; title: string; areas: Array<{ areaId: string; title: string; cell: GroupCell }> }>;
}

const json = (path: string, method: string, body?: unknown) =>
  apiFetch(path, { method, headers: body === undefined ? {} : { "Content-Type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });

const file = (path: string, content: File) =>
  apiFetch(path, { method: "POST", headers: { "X-File-Name": encodeURIComponent(content.name), "Content-Type": "application/octet-stream" }, body: content, timeoutMs: 120_000 });

const id = encodeURIComponent;

export const routeApi = {
  myRoute: async () => readJson<MyRoute>(await apiFetch("/me/route")),
  dynamics: async () => readJson<{ dynamics: Dynamics | null }>(await apiFetch("/me/route/dynamics")),
  setAttributes: async (attributes: Attributes) => readJson<{ attributes: Attributes }>(await json("/me/attributes", "PUT", attributes)),
  markDone: async (itemId: string, certificateUrl?: string) =>
    readJson<{ route: LearningRoute }>(await json(`/route-items/${id(itemId)}/done`, "POST", certificateUrl ? { certificateUrl } : {})),
  uploadCertificate: async (itemId: string, content: File) => readJson<{ route: LearningRoute }>(await file(`/route-items/${id(itemId)}/certificate`, content)),
  undo: async (itemId: string) => readJson<{ route: LearningRoute }>(await json(`/route-items/${id(itemId)}/undo`, "POST")),
  certificateUrl: (itemId: string) => `/route-items/${id(itemId)}/certificate`,
  courses: async (districtId: string) => readJson<{ courses: Course[]; areas: Array<{ id: string; title: string }> }>(await apiFetch(`/districts/${id(districtId)}/courses`)),
  /** 422 with `problems` when the file is refused: the caller reads the body itself. */
  importCourses: (districtId: string, content: File) => file(`/districts/${id(districtId)}/courses`, content),
  teamRoute: async (schoolId: string) => readJson<{ route: LearningRoute | null }>(await apiFetch(`/schools/${id(schoolId)}/team-route`)),
  draftTeamRoute: async (schoolId: string) => readJson<{ route: LearningRoute }>(await json(`/schools/${id(schoolId)}/team-route/draft`, "POST")),
  teamRoutes: async (districtId: string) => readJson<{ routes: LearningRoute[] }>(await apiFetch(`/districts/${id(districtId)}/team-routes`)),
  approve: async (routeId: string, approvalRef: string) => readJson<{ route: LearningRoute }>(await json(`/team-routes/${id(routeId)}/approve`, "POST", { approvalRef })),
  methodologist: async (districtId: string) => readJson<MethodologistData>(await apiFetch(`/districts/${id(districtId)}/methodologist`)),
};
