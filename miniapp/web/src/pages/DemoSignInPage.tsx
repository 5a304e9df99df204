import { Cell, List, Section } from "@telegram-apps/telegram-ui";
import { api } from "../api.ts";
import { t } from "../messages/ru.ts";
import { useApi } from "../useApi.ts";
import { ErrorView, Loading } from "../components/Status.tsx";

/** Demo mode only: pick a made-up person instead of signing in through Telegram. */
export function DemoSignInPage({ onChoose }: { onChoose: (personId: string) => void }) {
  const [people, retry] = useApi("demo-people", api.demoPeople);
  if (people.status === "loading") return <Loading />;
  if (people.status === "error") return <ErrorView error={people.error} onRetry={retry} />;
  return (
    <List data-testid="demo-sign-in">
      <Section
        header={t("demo.signIn.title")}
        footer={people.data.length ? t("demo.signIn.hint") : t("demo.signIn.empty")}
      >
        {people.data.map((person) => (
          <Cell
            key={person.personId}
            Component="button"
            className="link-cell"
            multiline
            after={<span aria-hidden="true">›</span>}
            onClick={() => onChoose(person.personId)}
          >
            {person.label}
          </Cell>
        ))}
      </Section>
    </List>
  );
}
