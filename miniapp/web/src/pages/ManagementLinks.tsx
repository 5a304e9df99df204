/**
 * The home page's way into the management loop (#14): district staff to recommendations, roadmaps,
 * decisions, the calendar, broadcasts and reports; heads to their school's roadmap; addressees to
 * their recommendations; executors to their tasks. Kept tiny: the pages load on demand.
 */
import { Cell, Section } from "@telegram-apps/telegram-ui";
import type { Me } from "../api.ts";
import type { Route } from "../router.ts";

// Inline, not a page's message file: this sits in the home page's chunk.
const mt = {
  recommendations: "Адресные рекомендации",
  recommendationsHint: (district: string) => `${district}: предложения по профилям риска, отправка, сроки и исполнение`,
  roadmaps: "Дорожные карты",
  roadmapsHint: (district: string) => `${district}: карта района и карты школ, просроченные мероприятия`,
  decisions: "Управленческие решения",
  decisionsHint: "Приказы, распоряжения, инструктивные письма: вид, уровень, риски, ресурсы",
  calendar: "Календарь мониторингов",
  calendarHint: "Сроки учебного года, напоминания ответственным",
  broadcasts: "Рассылки",
  broadcastsHint: "Сообщение педагогам, руководителям, школам; отчёт о доставке",
  reports: "Аналитическая справка",
  reportsHint: "Анализ эффективности за полугодие и квартал: XLSX и PDF",
  myRecommendations: "Рекомендации мне",
  myRecommendationsHint: "Подтвердить получение и запланировать меры",
  schoolRoadmap: "Дорожная карта школы",
  schoolRoadmapHint: (school: string) => `${school}: мероприятия, сроки, исполнители`,
  schoolDecisions: "Решения по школе",
  schoolDecisionsHint: (school: string) => `${school}: приказы и распоряжения района о школе`,
  myTasks: "Мои задачи",
  myTasksHint: "Мероприятия дорожных карт, где вы исполнитель",
};

export function ManagementLinks({ me, navigate }: { me: Me; navigate: (route: Route) => void }) {
  // District staff and a regional operator (#15) run the loop; the working group reads it (pages without write buttons).
  const districts = [...new Map(me.roles.filter((grant) => grant.role === "district" || grant.role === "regional").map((grant) => [grant.districtId, grant.districtName]))];
  const readers = [
    ...new Map(me.roles.filter((grant) => grant.role === "working_group").map((grant) => [grant.districtId, grant.districtName])),
  ].filter(([districtId]) => !districts.some(([staffOf]) => staffOf === districtId));
  const heads = me.roles.filter((grant) => grant.role === "head" && grant.schoolId);
  const addressee = me.roles.some((grant) => ["head", "methodologist", "assessment"].includes(grant.role));
  const link = (key: string, title: string, hint: string, to: Route) => (
    <Cell key={key} Component="button" className="link-cell" multiline data-testid={`${key}-link`} after={<span aria-hidden="true">›</span>} description={hint} onClick={() => navigate(to)}>
      {title}
    </Cell>
  );
  return (
    <Section>
      {districts.flatMap(([districtId, name]) => [
        link(`recommendations-${districtId}`, mt.recommendations, mt.recommendationsHint(name), { page: "recommendations", districtId }),
        link(`roadmaps-${districtId}`, mt.roadmaps, mt.roadmapsHint(name), { page: "roadmaps", districtId }),
        link(`decisions-${districtId}`, mt.decisions, mt.decisionsHint, { page: "decisions", districtId }),
        link(`calendar-${districtId}`, mt.calendar, mt.calendarHint, { page: "calendar", districtId }),
        link(`broadcasts-${districtId}`, mt.broadcasts, mt.broadcastsHint, { page: "broadcasts", districtId }),
        link(`reports-${districtId}`, mt.reports, mt.reportsHint, { page: "reports", districtId }),
      ])}
      {readers.flatMap(([districtId, name]) => [
        link(`recommendations-${districtId}`, mt.recommendations, mt.recommendationsHint(name), { page: "recommendations", districtId }),
        link(`roadmaps-${districtId}`, mt.roadmaps, mt.roadmapsHint(name), { page: "roadmaps", districtId }),
        link(`decisions-${districtId}`, mt.decisions, mt.decisionsHint, { page: "decisions", districtId }),
        link(`calendar-${districtId}`, mt.calendar, mt.calendarHint, { page: "calendar", districtId }),
        link(`broadcasts-${districtId}`, mt.broadcasts, mt.broadcastsHint, { page: "broadcasts", districtId }),
        link(`reports-${districtId}`, mt.reports, mt.reportsHint, { page: "reports", districtId }),
      ])}
      {addressee && link("my-recommendations", mt.myRecommendations, mt.myRecommendationsHint, { page: "myRecommendations" })}
      {heads.flatMap((grant) => [
        link(`school-roadmap-${grant.schoolId}`, mt.schoolRoadmap, mt.schoolRoadmapHint(grant.schoolName ?? ""), { page: "roadmap", districtId: grant.districtId, schoolId: grant.schoolId! }),
        ...(districts.some(([districtId]) => districtId === grant.districtId)
          ? []
          : [link(`school-decisions-${grant.schoolId}`, mt.schoolDecisions, mt.schoolDecisionsHint(grant.schoolName ?? ""), { page: "decisions", districtId: grant.districtId })]),
      ])}
      {link("my-tasks", mt.myTasks, mt.myTasksHint, { page: "myTasks" })}
    </Section>
  );
}
