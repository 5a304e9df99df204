/**
 * The home page's way to routes (ИОМ, #13 §7): a teacher to their route, a head to the team's route,
 * district staff to the catalog and team routes, the methodologist to the group aggregates. Kept tiny:
 * it sits in the first screen's bundle; the pages load on demand.
 */
import { Cell, Section } from "@telegram-apps/telegram-ui";
import type { Me } from "../api.ts";
import type { Route } from "../router.ts";

// Inline, not messages/ru-routes.ts: that file loads with the pages, not with the first screen.
const rt = {
  homeRoute: "Мой маршрут (ИОМ)",
  homeRouteHint: "Курсы, семинары и тьютор по вашим дефицитам; отметки о прохождении",
  homeCourses: "Каталог курсов и маршруты команд",
  homeCoursesHint: (district: string) => `${district}: загрузка каталога КПК, утверждение ИОМ управленческих команд`,
  homeTeam: "ИОМ управленческой команды",
  homeTeamHint: (school: string) => `${school}: маршрут команды на год`,
  homeMethodologist: "Дефициты педагогов по группам",
  homeMethodologistHint: (district: string) => `${district}: по областям и целевым группам, без имён`,
};

export function RouteLinks({ me, navigate }: { me: Me; navigate: (route: Route) => void }) {
  const byRole = (role: string) => [...new Map(me.roles.filter((grant) => grant.role === role).map((grant) => [grant.districtId, grant.districtName]))];
  // District staff and a regional operator (#15): the catalog upload and the approval of team routes.
  const districts = [...new Map([...byRole("district"), ...byRole("regional")])];
  const methodologist = byRole("methodologist");
  const schools = [...new Map(me.roles.filter((grant) => grant.role === "head" && grant.schoolId).map((grant) => [grant.schoolId!, grant.schoolName ?? ""]))];
  const teacher = me.roles.some((grant) => grant.role === "teacher");
  if (!teacher && !districts.length && !schools.length && !methodologist.length) return null;
  const link = (key: string, title: string, hint: string, to: Route, testId: string) => (
    <Cell key={key} Component="button" className="link-cell" multiline data-testid={testId} after={<span aria-hidden="true">›</span>} description={hint} onClick={() => navigate(to)}>
      {title}
    </Cell>
  );
  return (
    <Section>
      {teacher && link("route", rt.homeRoute, rt.homeRouteHint, { page: "route" }, "route-link")}
      {schools.map(([schoolId, name]) => link(`team-${schoolId}`, rt.homeTeam, rt.homeTeamHint(name), { page: "teamRoute", schoolId }, `team-route-link-${schoolId}`))}
      {districts.map(([districtId, name]) => link(`courses-${districtId}`, rt.homeCourses, rt.homeCoursesHint(name), { page: "courses", districtId }, `courses-link-${districtId}`))}
      {methodologist.map(([districtId, name]) =>
        link(`method-${districtId}`, rt.homeMethodologist, rt.homeMethodologistHint(name), { page: "methodologist", districtId }, `methodologist-link-${districtId}`),
      )}
    </Section>
  );
}
