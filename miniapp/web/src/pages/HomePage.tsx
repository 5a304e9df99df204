import { Cell, List, Section, Title } from "@telegram-apps/telegram-ui";
import type { Me, RoleName } from "../api.ts";
import { t, type MessageKey } from "../messages/ru.ts";
import type { Route } from "../router.ts";

const roleLabel: Record<RoleName, MessageKey> = {
  district: "role.district",
  head: "role.head",
  teacher: "role.teacher",
  parent: "role.parent",
  mentor: "role.mentor",
};

const roleHelp: Record<RoleName, MessageKey> = {
  district: "help.district",
  head: "help.head",
  teacher: "help.teacher",
  parent: "help.parent",
  mentor: "help.mentor",
};

export function HomePage({ me, navigate }: { me: Me; navigate: (route: Route) => void }) {
  const name = me.person.displayName;
  const distinctRoles = [...new Set(me.roles.map((grant) => grant.role))];
  const hasLinks = me.schools.length > 0 || me.canAnswerDiagnostic;

  return (
    <List data-testid="home">
      <Title level="2" weight="2" className="page-title">
        {name ? t("home.greeting", { name }) : t("home.greetingNoName")}
      </Title>

      <Section header={t("home.sections")} footer={hasLinks ? undefined : t("home.nothingToOpen")}>
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
