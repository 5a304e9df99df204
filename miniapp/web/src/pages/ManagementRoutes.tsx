/**
 * The management loop's pages (#14) behind one lazy import of App.tsx: recommendations (the district's
 * review and tracking, the addressee's list), roadmaps and my tasks, decisions, the monitoring
 * calendar, broadcasts and the effectiveness reports. Each page loads on demand.
 */
import { lazy } from "react";
import type { ManagementRoute, Route } from "../router.ts";

const RecommendationsPage = lazy(() => import("./RecommendationsPage.tsx").then((module) => ({ default: module.RecommendationsPage })));
const MyRecommendationsPage = lazy(() => import("./MyRecommendationsPage.tsx").then((module) => ({ default: module.MyRecommendationsPage })));
const RoadmapsPage = lazy(() => import("./RoadmapsPage.tsx").then((module) => ({ default: module.RoadmapsPage })));
const RoadmapPage = lazy(() => import("./RoadmapPage.tsx").then((module) => ({ default: module.RoadmapPage })));
const MyTasksPage = lazy(() => import("./MyTasksPage.tsx").then((module) => ({ default: module.MyTasksPage })));
const DecisionsPage = lazy(() => import("./DecisionsPage.tsx").then((module) => ({ default: module.DecisionsPage })));
const CalendarPage = lazy(() => import("./CalendarPage.tsx").then((module) => ({ default: module.CalendarPage })));
const BroadcastsPage = lazy(() => import("./BroadcastsPage.tsx").then((module) => ({ default: module.BroadcastsPage })));
const ReportsPage = lazy(() => import("./ReportsPage.tsx").then((module) => ({ default: module.ReportsPage })));

export function ManagementRoute({ route, navigate }: { route: ManagementRoute; navigate: (route: Route) => void }) {
  switch (route.page) {
    case "recommendations":
      return <RecommendationsPage key={`${route.districtId}:${route.schoolId ?? ""}`} districtId={route.districtId} schoolId={route.schoolId} navigate={navigate} />;
    case "myRecommendations":
      return <MyRecommendationsPage navigate={navigate} />;
    case "roadmaps":
      return <RoadmapsPage key={route.districtId} districtId={route.districtId} navigate={navigate} />;
    case "roadmap":
      return (
        <RoadmapPage
          key={`${route.districtId}:${route.schoolId ?? ""}:${route.schoolYear ?? ""}`}
          districtId={route.districtId}
          schoolId={route.schoolId}
          schoolYear={route.schoolYear}
          navigate={navigate}
        />
      );
    case "myTasks":
      return <MyTasksPage navigate={navigate} />;
    case "decisions":
      return <DecisionsPage key={route.districtId} districtId={route.districtId} navigate={navigate} />;
    case "calendar":
      return <CalendarPage key={route.districtId} districtId={route.districtId} navigate={navigate} />;
    case "broadcasts":
      return <BroadcastsPage key={`${route.districtId}:${route.broadcastId ?? ""}`} districtId={route.districtId} broadcastId={route.broadcastId} navigate={navigate} />;
    case "reports":
      return <ReportsPage key={`${route.districtId}:${route.reportId ?? ""}`} districtId={route.districtId} reportId={route.reportId} navigate={navigate} />;
  }
}
