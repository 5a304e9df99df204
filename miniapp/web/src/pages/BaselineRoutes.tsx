/**
 * The baseline and indicators routes behind one lazy import of App.tsx (#13 §8, §9): each page's own chunk
 * loads from here.
 */
import { lazy } from "react";
import type { Route } from "../router.ts";

const BaselinePage = lazy(() => import("./BaselinePage.tsx").then((module) => ({ default: module.BaselinePage })));
const IndicatorsPage = lazy(() => import("./IndicatorsPage.tsx").then((module) => ({ default: module.IndicatorsPage })));

export type BaselineRoute = Extract<Route, { page: "baseline" | "indicators" }>;

export function BaselineRoute({ route, navigate }: { route: BaselineRoute; navigate: (route: Route) => void }) {
  if (route.page === "baseline") return <BaselinePage key={route.districtId} districtId={route.districtId} />;
  return <IndicatorsPage key={`${route.districtId}:${route.year ?? ""}`} districtId={route.districtId} year={route.year} navigate={navigate} />;
}
