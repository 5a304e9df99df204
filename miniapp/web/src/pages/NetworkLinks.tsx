/**
 * The home page's way into the network around the schools (#15), by role (DOMAIN.md §4):
 * - district staff and a regional operator: assignments and pairs, visits against the plan, seminar
 *   requests and events, the library, programmes, the working group, at-risk counts, the reserve;
 * - a working-group member: the same sections read-only, without the personnel reserve;
 * - the institute's methodologist: requests grouped by topic, the half-year programme, events, library;
 * - mentors, tutors, curators: my schools and counterparts, visits, events; a school-curator's head also
 *   reads the supported school's programme;
 * - a head: counterparts, visit confirmations, requests, events, the library, the school's programme and
 *   at-risk counts; a teacher: seminar requests, events, the library.
 * Kept tiny: the pages load on demand.
 */
import { Cell, Section } from "@telegram-apps/telegram-ui";
import type { Me, RoleName } from "../api.ts";
import type { NetworkSection, Route } from "../router.ts";

// Inline, not a page's message file: this sits in the home page's chunk.
const nt = {
  heading: "Сеть поддержки школ",
  assignments: "Наставники, тьюторы, кураторы",
  assignmentsHint: "Закрепление за школами на период, пары «школа — школа-куратор»",
  myNetwork: "Мои школы",
  myNetworkHint: "Закреплённые и подшефные школы, партнёры и общие мероприятия",
  visits: "Визиты и консультации",
  visitsHint: "Отчёты о визитах, подтверждение школой, визиты против плана",
  seminars: "Заявки на семинары",
  seminarsHint: "Темы, которые просят школы, и программа семинаров на полугодие",
  events: "Мероприятия",
  eventsHint: "Семинары, курсы, совещания: запись, напоминания, материалы",
  library: "Библиотека",
  libraryHint: "Нормативные акты, методические рекомендации, подборки",
  programmes: "Программы",
  programmesHint: "Программы перехода школ и муниципальная программа: экспертиза, утверждение, мониторинг",
  workingGroup: "Рабочая группа",
  workingGroupHint: "Состав по приказу, заседания, протоколы, утверждение отчётов",
  atRisk: "Обучающиеся группы риска",
  atRiskHint: "Численность по категориям (без имён) и профилактический план",
  reserve: "Кадровый резерв",
  reserveHint: "Кандидаты на управленческие должности и их подготовка",
};

const DISTRICT_SECTIONS: NetworkSection[] = ["assignments", "visits", "seminars", "events", "library", "programmes", "workingGroup", "atRisk", "reserve"];
const WORKING_GROUP_SECTIONS: NetworkSection[] = ["assignments", "visits", "seminars", "events", "library", "programmes", "workingGroup", "atRisk"];
const ROLE_SECTIONS: Partial<Record<RoleName, NetworkSection[]>> = {
  methodologist: ["seminars", "events", "library"],
  assessment: ["events", "library"],
  mentor: ["myNetwork", "visits", "events", "library"],
  tutor: ["myNetwork", "visits", "events", "library"],
  curator: ["myNetwork", "visits", "events", "library"],
  curator_head: ["myNetwork", "programmes", "events", "library"],
  head: ["myNetwork", "visits", "seminars", "events", "library", "programmes", "atRisk"],
  teacher: ["seminars", "events", "library"],
};

export function NetworkLinks({ me, navigate }: { me: Me; navigate: (route: Route) => void }) {
  // One entry per section and district: the first role that opens it decides the school, if any.
  const entries = new Map<string, { section: NetworkSection; districtId: string; districtName: string; schoolId?: string }>();
  const add = (section: NetworkSection, districtId: string, districtName: string, schoolId?: string) => {
    const key = `${section}:${districtId}`;
    if (!entries.has(key)) entries.set(key, { section, districtId, districtName, ...(schoolId ? { schoolId } : {}) });
  };
  for (const grant of me.roles) {
    if (grant.role === "district" || grant.role === "regional") DISTRICT_SECTIONS.forEach((section) => add(section, grant.districtId, grant.districtName));
  }
  for (const grant of me.roles) {
    if (grant.role === "working_group") WORKING_GROUP_SECTIONS.forEach((section) => add(section, grant.districtId, grant.districtName));
    for (const section of ROLE_SECTIONS[grant.role] ?? []) add(section, grant.districtId, grant.districtName, grant.schoolId ?? undefined);
  }
  if (entries.size === 0) return null;
  const districts = new Set([...entries.values()].map((entry) => entry.districtId));
  return (
    <Section header={nt.heading}>
      {[...entries.values()].map(({ section, districtId, districtName, schoolId }) => (
        <Cell
          key={`${section}-${districtId}`}
          Component="button"
          className="link-cell"
          multiline
          data-testid={`net-${section}-${districtId}`}
          after={<span aria-hidden="true">›</span>}
          description={districts.size > 1 ? `${districtName}: ${nt[`${section}Hint`]}` : nt[`${section}Hint`]}
          onClick={() => navigate({ page: "network", section, districtId, ...(schoolId ? { schoolId } : {}) })}
        >
          {nt[section]}
        </Cell>
      ))}
    </Section>
  );
}
