/**
 * The home page's way to the links and class codes of parents' and students' surveys (#13): district
 * staff and heads. Kept tiny: it sits in the first screen's bundle; the page loads on demand.
 */
import { Cell, Section } from "@telegram-apps/telegram-ui";
import type { Me } from "../api.ts";
import type { Route } from "../router.ts";

const text = {
  title: "Опросы родителей и учеников",
  hint: "Ссылка и QR-код школы, листы одноразовых кодов классов, сколько кодов использовано",
};

export function SurveyLinksEntry({ me, navigate }: { me: Me; navigate: (route: Route) => void }) {
  if (!me.roles.some((grant) => grant.role === "district" || grant.role === "regional" || grant.role === "head")) return null;
  return (
    <Section>
      <Cell
        Component="button"
        className="link-cell"
        multiline
        data-testid="survey-links-entry"
        after={<span aria-hidden="true">›</span>}
        description={text.hint}
        onClick={() => navigate({ page: "surveyLinks" })}
      >
        {text.title}
      </Cell>
    </Section>
  );
}
