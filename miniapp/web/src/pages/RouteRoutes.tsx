/**
 * The routes (ИОМ) pages behind one lazy import of App.tsx: the teacher's route (start parameter `route`),
 * the district's catalog and team routes, a head's team route, the methodologist's aggregates.
 */
import { lazy } from "react";
import type { Route } from "../router.ts";

const RoutePage = lazy(() => import("./RoutePage.tsx").then((module) => ({ default: module.RoutePage })));
const CoursesPage = lazy(() => import("./CoursesPage.tsx").then((module) => ({ default: module.CoursesPage })));
const RouteTeamPage = lazy(() => import("./RouteTeamPage.tsx").then((module) => ({ default: module.RouteTeamPage })));
const MethodologistPage = lazy(() => import("./MethodologistPage.tsx").then((module) => ({ default: module.MethodologistPage })));

export type LearningRouteRoute = Extract<Route, { page: "route" | "courses" | "teamRoute" | "methodologist" }>;

export function RouteRoute({ route }: { route: LearningRouteRoute }) {
  if (route.page === "route") return <RoutePage />;
  if (route.page === "courses") return <CoursesPage key={route.districtId} districtId={route.districtId} />;
  if (route.page === "teamRoute") return <RouteTeamPage key={route.schoolId} schoolId={route.schoolId} />;
  return <MethodologistPage key={route.districtId} districtId={route.districtId} />;
}
