/**
 * "My schools" (#15 §2): for a mentor, tutor or curator the schools they are assigned to (period, plan of
 * visits), for a curator school's head the schools paired with theirs, for a head who supports their
 * school; each school with its heads, supporters, curator school and the shared roadmap events of the
 * current school year. Read only; phones first. Route: GET /api/me/network.
 */
import { Cell, List, Section, Title } from "@telegram-apps/telegram-ui";
import { dateText, ta } from "../messages/ru-assignments.ts";
import { useApi } from "../useApi.ts";
import { ErrorView, Loading } from "../components/Status.tsx";
import type { NetworkPageProps } from "./NetworkRoutes.tsx";
import { assignmentsApi, type MySchool } from "./AssignmentsApi.ts";

const period = (startsOn: string, endsOn: string | null) => ta.period(dateText(startsOn), endsOn ? dateText(endsOn) : null);

export function MyNetworkPage(_props: NetworkPageProps) {
  const [state, reload] = useApi("my-network", () => assignmentsApi.myNetwork());
  return (
    <List data-testid="my-network">
      <Title level="2" weight="2" className="page-title">
        {ta.myTitle}
      </Title>
      {state.status === "loading" ? (
        <Loading />
      ) : state.status === "error" ? (
        <ErrorView error={state.error} onRetry={reload} />
      ) : (
        <>
          <p className="page-note">{state.data.schools.length ? ta.myIntro : ta.myNone}</p>
          {state.data.schools.map((school) => (
            <SchoolCard key={school.schoolId} school={school} />
          ))}
        </>
      )}
    </List>
  );
}

function SchoolCard({ school }: { school: MySchool }) {
  const isHead = school.me.some((me) => me.role === "head");
  const mine = new Set(school.me.flatMap((me) => ("assignmentId" in me ? [me.assignmentId] : [])));
  const others = school.supporters.filter((supporter) => !mine.has(supporter.assignmentId));
  return (
    <Section header={`${school.schoolName} (${school.districtName})`} data-testid={`my-school-${school.schoolId}`}>
      <ul className="work-lines work-note">
        {school.me.map((me, index) => (
          <li key={index}>
            {me.role === "head"
              ? ta.meHead
              : me.role === "curator_head"
                ? ta.meCuratorHead(me.curatorSchoolName, period(me.startsOn, me.endsOn))
                : `${ta.meRole((ta.kinds[me.role] ?? me.role).toLowerCase(), period(me.startsOn, me.endsOn))}. ${ta.plan(me.plannedVisits)}`}
          </li>
        ))}
        {!isHead && <li>{school.heads.length ? `${ta.heads}: ${school.heads.map((head) => head.name).join(", ")}` : ta.noHeads}</li>}
      </ul>
      <Cell multiline subtitle={others.length ? undefined : ta.noSupporters}>
        {ta.supporters}
      </Cell>
      {others.length > 0 && (
        <ul className="work-lines work-note">
          {others.map((supporter) => (
            <li key={supporter.assignmentId} data-testid={`my-supporter-${supporter.assignmentId}`}>
              {ta.kinds[supporter.kind] ?? supporter.kind}: {supporter.name}, {period(supporter.startsOn, supporter.endsOn)}
            </li>
          ))}
        </ul>
      )}
      {school.curatorSchools.map((curator) => (
        <Cell key={curator.pairId} multiline subtitle={`${curator.heads.join(", ")}${curator.heads.length ? " · " : ""}${period(curator.startsOn, curator.endsOn)}`}>
          {ta.curatorSchools}: {curator.name}
        </Cell>
      ))}
      {school.events ? (
        <>
          <Cell multiline subtitle={school.events.items.length ? undefined : ta.noEvents}>
            {ta.events(school.events.schoolYear)}
          </Cell>
          {school.events.items.length > 0 && (
            <ul className="work-lines work-note">
              {school.events.items.map((event) => (
                <li key={event.id} data-testid={`my-event-${event.id}`}>
                  {ta.eventLine(event.number, event.title, dateText(event.dueOn))} · {ta.eventStates[event.state] ?? event.state}
                  {event.mine ? ` · ${ta.mine}` : ""}
                </li>
              ))}
            </ul>
          )}
        </>
      ) : (
        <p className="work-note">{ta.noRoadmap}</p>
      )}
    </Section>
  );
}
