/**
 * The identification routes behind one lazy import of App.tsx: the pages' own chunks (and the names of
 * their files) load from here, not from the first route's chunk, which sits at its 80 KB limit. A head
 * opening the card gets the card's chunk only, never the district's scatter.
 */
import { lazy } from "react";
import type { Route } from "../router.ts";

const IdentificationPage = lazy(() => import("./IdentificationPage.tsx").then((module) => ({ default: module.IdentificationPage })));
const SchoolCardPage = lazy(() => import("./SchoolCardPage.tsx").then((module) => ({ default: module.SchoolCardPage })));

export function IdentificationRoute({
  route,
  navigate,
}: {
  route: Extract<Route, { page: "identification" | "schoolCard" }>;
  navigate: (route: Route) => void;
}) {
  return route.page === "identification" ? (
    <IdentificationPage key={route.districtId} districtId={route.districtId} year={route.year} navigate={navigate} />
  ) : (
    <SchoolCardPage key={`${route.schoolId}:${route.year ?? ""}`} schoolId={route.schoolId} year={route.year} navigate={navigate} />
  );
}
