import { Cell, List, Section, Title } from "@telegram-apps/telegram-ui";
import type { Me, RoleName } from "../api.ts";
import { t, type MessageKey } from "../messages/ru.ts";
import type { Route } from "../router.ts";
import { lazy, Suspense } from "react";

/** The #13 entries load after the first screen (bench/bundle.ts budget). */
const HomeMoreLinks = lazy(() => import("./HomeMoreLinks.tsx"));

const roleLabel: Record<RoleName, MessageKey> = {
  district: "role.district",
  head: "role.head",
  teacher: "role.teacher",
  parent: "role.parent",
  mentor: "role.mentor",
  methodologist: "role.methodologist",
  assessment: "role.assessment",
  tutor: "role.tutor",
  curator: "role.curator",
  curator_head: "role.curator_head",
  working_group: "role.working_group",
  regional: "role.regional",
};

const roleHelp: Record<RoleName, MessageKey> = {
  district: "help.district",
  head: "help.head",
  teacher: "help.teacher",
  parent: "help.parent",
  mentor: "help.mentor",
  methodologist: "help.methodologist",
  assessment: "help.assessment",
  tutor: "help.tutor",
  curator: "help.curator",
  curator_head: "help.curator_head",
  working_group: "help.working_group",
  regional: "help.regional",
};

export function HomePage({ me, navigate }: { me: Me; navigate: (route: Route) => void }) {
  const name = me.person.displayName;
  const distinctRoles = [...new Set(me.roles.map((grant) => grant.role))];
  // Members asked by surveys (#13) find «Мои анкеты» here.
  const answersSurveys = me.roles.some((grant) => grant.role === "teacher" || grant.role === "head" || grant.role === "mentor");
  const hasLinks = me.schools.length > 0 || me.canAnswerDiagnostic || answersSurveys;
  // One link per district the person manages (a grant may repeat across re-invites).
  const districts = [
    ...new Map(
      // District staff, a regional operator in each district of the region, the working group (read-only, #15).
      me.roles
        .filter((grant) => grant.role === "district" || grant.role === "regional" || grant.role === "working_group")
        .map((grant) => [grant.districtId, grant.districtName]),
    ),
  ];

  // A head follows their own school's diagnostic: three figures and the reminder.
  const headed = [
    ...new Map(
      me.roles.filter((grant) => grant.role === "head" && grant.schoolId).map((grant) => [grant.schoolId!, grant.schoolName ?? ""]),
    ),
  ];

  return (
    <List data-testid="home">
      <Title level="2" weight="2" className="page-title">
        {name ? t("home.greeting", { name }) : t("home.greetingNoName")}
      </Title>

      {districts.length + headed.length > 0 && (
        <Section>
          {districts.map(([districtId, districtName]) => (
            <Cell
              key={districtId}
              Component="button"
              className="link-cell prominent-link"
              data-testid={`district-link-${districtId}`}
              multiline
              before={<ProgressIcon />}
              after={<span aria-hidden="true">›</span>}
              description={t("home.districtProgressHint", { district: districtName })}
              onClick={() => navigate({ page: "district", districtId })}
            >
              {t("home.districtProgress")}
            </Cell>
          ))}
          {headed.map(([schoolId, schoolName]) => (
            <Cell
              key={schoolId}
              Component="button"
              className="link-cell prominent-link"
              data-testid={`school-progress-link-${schoolId}`}
              multiline
              before={<ProgressIcon />}
              after={<span aria-hidden="true">›</span>}
              description={t("home.schoolProgressHint", { school: schoolName })}
              onClick={() => navigate({ page: "schoolProgress", schoolId })}
            >
              {t("home.schoolProgress")}
            </Cell>
          ))}
          {headed.map(([schoolId, schoolName]) => (
            <Cell
              key={`card-${schoolId}`}
              Component="button"
              className="link-cell"
              data-testid={`school-card-link-${schoolId}`}
              multiline
              after={<span aria-hidden="true">›</span>}
              description={t("home.schoolCardHint", { school: schoolName })}
              onClick={() => navigate({ page: "schoolCard", schoolId })}
            >
              {t("home.schoolCard")}
            </Cell>
          ))}
        </Section>
      )}

      <Suspense fallback={null}>
        <HomeMoreLinks me={me} navigate={navigate} />
      </Suspense>

      <Section header={t("home.sections")} footer={hasLinks ? undefined : t("home.nothingToOpen")}>
        {answersSurveys && (
          <Cell Component="button" className="link-cell" data-testid="surveys-link" after={<span aria-hidden="true">›</span>} onClick={() => navigate({ page: "surveys" })}>
            {t("home.surveys")}
          </Cell>
        )}
        {me.schools.map((school) => (
          <Cell
            key={school.id}
            Component="button"
            className="link-cell"
            data-testid={`school-link-${school.id}`}
            multiline
            after={<span aria-hidden="true">›</span>}
            onClick={() => navigate({ page: "school", schoolId: school.id })}
          >
            {t("home.schoolDeficits", { name: school.name })}
          </Cell>
        ))}
        {me.canAnswerDiagnostic && (
          <Cell
            Component="button"
            className="link-cell"
            data-testid="profile-link"
            after={<span aria-hidden="true">›</span>}
            onClick={() => navigate({ page: "profile" })}
          >
            {t("home.myProfile")}
          </Cell>
        )}
      </Section>

      <Section header={t("home.roles")} footer={me.roles.length ? undefined : t("home.noRoles")}>
        {me.roles.map((grant) => (
          <Cell
            key={`${grant.role}:${grant.schoolId ?? grant.districtId}`}
            multiline
            subtitle={grant.schoolName ?? grant.districtName}
          >
            {t(roleLabel[grant.role])}
          </Cell>
        ))}
      </Section>

      {distinctRoles.length > 0 && (
        <Section header={t("home.help")}>
          {distinctRoles.map((role) => (
            <Cell key={role} multiline description={t(roleHelp[role])}>
              {t(roleLabel[role])}
            </Cell>
          ))}
        </Section>
      )}
    </List>
  );
}

/** Three bars on an accent tile: marks the district's main link among plain ones. */
function ProgressIcon() {
  return (
    <svg className="prominent-link-icon" width="32" height="32" viewBox="0 0 32 32" aria-hidden="true">
      <rect width="32" height="32" rx="8" fill="currentColor" />
      <g fill="var(--tgui--button_text_color)">
        <rect x="8" y="16" width="4" height="8" rx="1.5" />
        <rect x="14" y="11" width="4" height="13" rx="1.5" />
        <rect x="20" y="7" width="4" height="17" rx="1.5" />
      </g>
    </svg>
  );
}
