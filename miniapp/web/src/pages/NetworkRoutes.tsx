/**
 * The network around the schools (#15) behind one lazy import of App.tsx: one page per section of
 * router.ts NETWORK_SECTIONS, each loaded on demand. Every page takes the route (section, districtId,
 * schoolId, id) and `navigate`.
 */
import { lazy } from "react";
import type { NetworkRoute, Route } from "../router.ts";

export interface NetworkPageProps {
  route: NetworkRoute;
  navigate: (route: Route) => void;
}

const AssignmentsPage = lazy(() => import("./AssignmentsPage.tsx").then((module) => ({ default: module.AssignmentsPage })));
const MyNetworkPage = lazy(() => import("./MyNetworkPage.tsx").then((module) => ({ default: module.MyNetworkPage })));
const VisitsPage = lazy(() => import("./VisitsPage.tsx").then((module) => ({ default: module.VisitsPage })));
const SeminarsPage = lazy(() => import("./SeminarsPage.tsx").then((module) => ({ default: module.SeminarsPage })));
const EventsPage = lazy(() => import("./EventsPage.tsx").then((module) => ({ default: module.EventsPage })));
const LibraryPage = lazy(() => import("./LibraryPage.tsx").then((module) => ({ default: module.LibraryPage })));
const AtRiskPage = lazy(() => import("./AtRiskPage.tsx").then((module) => ({ default: module.AtRiskPage })));
const ReservePage = lazy(() => import("./ReservePage.tsx").then((module) => ({ default: module.ReservePage })));
const ProgrammesPage = lazy(() => import("./ProgrammesPage.tsx").then((module) => ({ default: module.ProgrammesPage })));
const WorkingGroupPage = lazy(() => import("./WorkingGroupPage.tsx").then((module) => ({ default: module.WorkingGroupPage })));

/** The section's page inside a frame the browser walk finds (`network-page-<section>`). */
export function NetworkRouteView({ route, navigate }: NetworkPageProps) {
  return <div data-testid={`network-page-${route.section}`}>{sectionPage({ route, navigate })}</div>;
}

function sectionPage({ route, navigate }: NetworkPageProps) {
  const key = `${route.section}:${route.districtId ?? ""}:${route.schoolId ?? ""}:${route.id ?? ""}`;
  switch (route.section) {
    case "assignments":
      return <AssignmentsPage key={key} route={route} navigate={navigate} />;
    case "myNetwork":
      return <MyNetworkPage key={key} route={route} navigate={navigate} />;
    case "visits":
      return <VisitsPage key={key} route={route} navigate={navigate} />;
    case "seminars":
      return <SeminarsPage key={key} route={route} navigate={navigate} />;
    case "events":
      return <EventsPage key={key} route={route} navigate={navigate} />;
    case "library":
      return <LibraryPage key={key} route={route} navigate={navigate} />;
    case "atRisk":
      return <AtRiskPage key={key} route={route} navigate={navigate} />;
    case "reserve":
      return <ReservePage key={key} route={route} navigate={navigate} />;
    case "programmes":
      return <ProgrammesPage key={key} route={route} navigate={navigate} />;
    case "workingGroup":
      return <WorkingGroupPage key={key} route={route} navigate={navigate} />;
  }
}
