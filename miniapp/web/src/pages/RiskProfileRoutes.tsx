/**
 * The risk-profile routes behind one lazy import of App.tsx (#13 §6): each page's own chunk loads from here, so
 * a head opening the school's profile from the bot gets that page only.
 */
import { lazy } from "react";
import type { Route } from "../router.ts";

const RiskProfilePage = lazy(() => import("./RiskProfilePage.tsx").then((module) => ({ default: module.RiskProfilePage })));
const RiskProfileDistrictPage = lazy(() => import("./RiskProfileDistrictPage.tsx").then((module) => ({ default: module.RiskProfileDistrictPage })));
const RiskSettingsPage = lazy(() => import("./RiskSettingsPage.tsx").then((module) => ({ default: module.RiskSettingsPage })));

export type RiskRoute = Extract<Route, { page: "riskProfile" | "riskDistrict" | "riskSettings" }>;

export function RiskProfileRoute({ route, navigate }: { route: RiskRoute; navigate: (route: Route) => void }) {
  if (route.page === "riskProfile") return <RiskProfilePage key={`${route.schoolId}:${route.year ?? ""}`} schoolId={route.schoolId} year={route.year} navigate={navigate} />;
  if (route.page === "riskDistrict") return <RiskProfileDistrictPage key={`${route.districtId}:${route.year ?? ""}`} districtId={route.districtId} year={route.year} navigate={navigate} />;
  return <RiskSettingsPage key={route.districtId} districtId={route.districtId} />;
}
