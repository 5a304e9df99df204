/**
 * My tasks (#14, start parameter "tasks"): the open roadmap events where this person is responsible,
 * by deadline, with done (a link or a file as evidence), need help and postpone.
 */
import { List, Placeholder, Section, Title } from "@telegram-apps/telegram-ui";
import type { Route } from "../router.ts";
import { rmt } from "../messages/ru-roadmap.ts";
import { useApi } from "../useApi.ts";
import { ErrorView, Loading } from "../components/Status.tsx";
import { formatDay, roadmapApi } from "./RoadmapApi.ts";
import { EventActions, EvidenceList, OVERDUE_COLOUR, StateChip } from "./RoadmapParts.tsx";

export function MyTasksPage(_props: { navigate: (route: Route) => void } & Record<string, unknown>) {
  const [state, reload] = useApi("my-tasks", roadmapApi.myTasks);
  if (state.status === "loading") return <Loading />;
  if (state.status === "error") return <ErrorView error={state.error} onRetry={reload} />;
  const tasks = state.data.tasks;
  return (
    <List data-testid="my-tasks-page">
      <Title level="2" weight="2" className="page-title">
        {rmt.myTitle}
      </Title>
      <p className="page-subtitle">{rmt.mySubtitle}</p>
      {!tasks.length && <Placeholder description={rmt.myNone} />}
      {tasks.map((task) => (
        <Section key={task.id} header={`${task.number}. ${task.title}`}>
          <div className="work-member">
            <p className="work-note">{task.place}</p>
            <p className="work-note" style={task.state === "overdue" ? { color: OVERDUE_COLOUR } : undefined}>
              {rmt.due(formatDay(task.dueOn))} <StateChip state={task.state} />
            </p>
            {task.indicator && <p className="work-note">{rmt.indicator}: {task.indicator}</p>}
            {task.resultDocument && <p className="work-note">{rmt.result}: {task.resultDocument}</p>}
            <p className="work-note">
              <b>{rmt.evidence}</b>
            </p>
            <EvidenceList evidence={task.evidence} />
            <EventActions event={task} onChanged={reload} />
          </div>
        </Section>
      ))}
    </List>
  );
}
