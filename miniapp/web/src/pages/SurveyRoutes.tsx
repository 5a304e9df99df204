/**
 * The survey pages behind one lazy import of App.tsx: «Мои анкеты» and the form load their own chunks
 * (the form brings its question components and styles) from here, never with the first screen.
 */
import { lazy } from "react";
import type { Route } from "../router.ts";

const SurveysPage = lazy(() => import("./SurveysPage.tsx").then((module) => ({ default: module.SurveysPage })));
const SurveyFormPage = lazy(() => import("./SurveyFormPage.tsx").then((module) => ({ default: module.SurveyFormPage })));

export function SurveyRoute({ route, navigate }: { route: Extract<Route, { page: "surveys" | "survey" }>; navigate: (route: Route) => void }) {
  return route.page === "surveys" ? (
    <SurveysPage navigate={navigate} />
  ) : (
    <SurveyFormPage key={route.campaignId} campaignId={route.campaignId} navigate={navigate} />
  );
}
