import { Cell, List, Placeholder, Progress, Section, Title } from "@telegram-apps/telegram-ui";
import { formatDate } from "../messages/ru.ts";
import { ts } from "../messages/ru-survey.ts";
import type { Route } from "../router.ts";
import { useApi } from "../useApi.ts";
import { ErrorView, Loading } from "../components/Status.tsx";
import { surveyApi, type MySurvey } from "./SurveyApi.ts";

/** «Мои анкеты»: the open surveys that ask me, with my progress in each. */
export function SurveysPage({ navigate }: { navigate: (route: Route) => void }) {
  const [state, retry] = useApi("my-surveys", surveyApi.mine);
  if (state.status === "loading") return <Loading />;
  if (state.status === "error") return <ErrorView error={state.error} onRetry={retry} />;
  const { surveys } = state.data;
  return (
    <List data-testid="my-surveys">
      <Title level="2" weight="2" className="page-title">
        {ts("surveys.title")}
      </Title>
      {surveys.length === 0 ? (
        <Placeholder data-testid="surveys-empty" description={ts("surveys.empty")} />
      ) : (
        <Section>
          {surveys.map((survey) => (
            <Cell
              key={survey.id}
              Component="button"
              className="link-cell"
              data-testid={`survey-link-${survey.id}`}
              multiline
              after={<span aria-hidden="true">›</span>}
              subtitle={<SurveyProgress survey={survey} />}
              onClick={() => navigate({ page: "survey", campaignId: survey.id })}
            >
              {survey.title}
            </Cell>
          ))}
        </Section>
      )}
    </List>
  );
}

function SurveyProgress({ survey }: { survey: MySurvey }) {
  const until = formatDate(survey.closesAt);
  if (survey.completed) return <span>{ts("surveys.completed", { date: until })}</span>;
  return (
    <span>
      {survey.answered > 0 ? ts("surveys.progress", { answered: survey.answered, total: survey.total }) : ts("surveys.notStarted")} ·{" "}
      {ts("surveys.until", { date: until })}
      {survey.total > 0 && survey.answered > 0 && <Progress className="progress" value={(survey.answered / survey.total) * 100} />}
    </span>
  );
}
