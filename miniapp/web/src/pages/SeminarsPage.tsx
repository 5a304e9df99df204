/**
 * Seminar requests (#15 §4; seed 003 §4.4.2). A teacher or head writes a request (topic, details, the
 * areas of their own diagnostic pre-selected) and sees their requests; the institute's methodologist
 * and district staff (the working group reads) see the district's requests grouped by topic, area and
 * school — counts only — beside the low-solved ВПР topics, save and publish the half-year programme, and
 * plan an event for a topic (the events page, with the topic's requests linked). One column, 320 px.
 */
import { useState } from "react";
import { Button, List, Section, Title } from "@telegram-apps/telegram-ui";
import { asApiError, type ApiError } from "../api.ts";
import { ErrorView, Loading } from "../components/Status.tsx";
import { tsm } from "../messages/ru-seminars.ts";
import { useApi } from "../useApi.ts";
import type { NetworkPageProps } from "./NetworkRoutes.tsx";
import { EventForm } from "./EventsPage.tsx";
import { seminarsApi, type Area, type RequestsOverview, type SeminarRequest } from "./SeminarsApi.ts";

export function SeminarsPage({ route, navigate }: NetworkPageProps) {
  const districtId = route.districtId ?? "";
  // A school's member (the home link carries the school) sends requests; the district and the institute
  // read the overview. A link without a school (a notice) tries the overview first, then the form.
  const [state, reload] = useApi(`seminars:${districtId}:${route.schoolId ?? ""}`, async () => {
    const overview = !route.schoolId && districtId ? await seminarsApi.overview(districtId) : null;
    return { overview, form: overview ? null : await seminarsApi.form() };
  });
  if (state.status === "loading") return <Loading />;
  if (state.status === "error") return <ErrorView error={state.error} onRetry={reload} />;
  const { form, overview } = state.data;
  return (
    <List data-testid="seminars">
      <Title level="2" weight="2" className="page-title">
        {tsm.title}
      </Title>
      {form && <RequestForm areas={form.areas} prefilled={form.prefilled} mine={form.mine} onSent={reload} />}
      {overview && <Overview districtId={districtId} overview={overview} onChange={reload} openEvents={() => navigate({ page: "network", section: "events", districtId })} />}
    </List>
  );
}

function RequestForm({ areas, prefilled, mine, onSent }: { areas: Area[]; prefilled: string[]; mine: SeminarRequest[]; onSent: () => void }) {
  const [topic, setTopic] = useState("");
  const [text, setText] = useState("");
  const [chosen, setChosen] = useState<string[]>(prefilled);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState(false);
  const submit = () => {
    setBusy(true);
    setError(null);
    seminarsApi
      .send({ topic, text: text.trim() || null, areas: chosen })
      .then(
        () => {
          setDone(true);
          setTopic("");
          setText("");
          onSent();
        },
        (failure: unknown) => setError(asApiError(failure)),
      )
      .finally(() => setBusy(false));
  };
  return (
    <>
      <Section header={tsm.requestHeading}>
        <div className="work-member" data-testid="seminar-request-form">
          <p className="work-note">{tsm.requestIntro}</p>
          <label className="work-field">
            {tsm.topic}
            <textarea data-testid="seminar-topic" rows={2} maxLength={200} value={topic} onChange={(event) => setTopic(event.target.value)} />
          </label>
          <label className="work-field">
            {tsm.details}
            <textarea data-testid="seminar-details" rows={3} maxLength={1500} value={text} onChange={(event) => setText(event.target.value)} />
          </label>
          <p className="work-note">{tsm.areas}</p>
          {areas.map((area) => (
            <label key={area.id} className="work-field">
              <span>
                <input
                  type="checkbox"
                  data-testid={`seminar-area-${area.id}`}
                  checked={chosen.includes(area.id)}
                  onChange={(event) => setChosen(event.target.checked ? [...chosen, area.id] : chosen.filter((id) => id !== area.id))}
                />{" "}
                {area.title}
              </span>
            </label>
          ))}
          {error && <p className="work-error">{error.message}</p>}
          {done && <p className="work-note">{tsm.sent}</p>}
          <div className="work-sheet-buttons">
            <Button data-testid="seminar-send" disabled={busy || topic.trim().length < 3} onClick={submit}>
              {tsm.send}
            </Button>
          </div>
        </div>
      </Section>
      <Section header={tsm.mine}>
        {mine.length === 0 && <p className="work-note">{tsm.noMine}</p>}
        <ul className="work-lines" data-testid="seminar-mine">
          {mine.map((request) => (
            <li key={request.id}>
              {request.topic} — {tsm.states[request.state] ?? request.state}
            </li>
          ))}
        </ul>
      </Section>
    </>
  );
}

function Overview({ districtId, overview, onChange, openEvents }: { districtId: string; overview: RequestsOverview; onChange: () => void; openEvents: () => void }) {
  const [planning, setPlanning] = useState<{ topic: string; requestIds: string[]; areas: string[] } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const areaTitle = new Map(overview.areas.map((area) => [area.id, area.title]));
  const act = (work: Promise<unknown>) => {
    setError(null);
    work.then(onChange, (failure: unknown) => setError(asApiError(failure)));
  };
  return (
    <>
      <p className="page-note">
        {tsm.overviewIntro} {overview.canEdit ? "" : tsm.readOnly}
      </p>
      <div className="work-sheet-buttons">
        <Button size="s" mode="plain" data-testid="seminars-open-events" onClick={openEvents}>
          {tsm.openEvents}
        </Button>
      </div>
      {error && <p className="work-error">{error.message}</p>}
      <Section header={`${tsm.byTopic} · ${tsm.total(overview.groups.total)}`}>
        {overview.groups.byTopic.length === 0 && <p className="work-note">{tsm.noRequests}</p>}
        {overview.groups.byTopic.map((group, index) => (
          <div key={group.topic} className="work-school" data-testid={`seminar-topic-${index}`}>
            <b>{group.topic}</b>
            <p className="work-note">
              {tsm.topicLine(group.requests, group.schools)}
              {group.areas.length ? ` · ${group.areas.map((id) => areaTitle.get(id) ?? id).join("; ")}` : ""}
            </p>
            {overview.canEdit && (
              <Button size="s" mode="bezeled" data-testid={`seminar-plan-${index}`} onClick={() => setPlanning({ topic: group.topic, requestIds: group.requestIds, areas: group.areas })}>
                {tsm.plan}
              </Button>
            )}
          </div>
        ))}
      </Section>
      {planning && (
        <Section header={tsm.plan}>
          <EventForm
            districtId={districtId}
            programmes={overview.programmes}
            schools={null}
            initial={{ title: planning.topic, requestIds: planning.requestIds, areas: planning.areas }}
            onDone={(changed) => {
              setPlanning(null);
              if (changed) onChange();
            }}
          />
        </Section>
      )}
      <Section header={tsm.byArea}>
        <ul className="work-lines" data-testid="seminar-by-area">
          {overview.groups.byArea.map((area) => (
            <li key={area.areaId}>
              {area.title} — {tsm.topicLine(area.requests, area.schools)}
            </li>
          ))}
        </ul>
      </Section>
      <Section header={tsm.bySchool}>
        <ul className="work-lines" data-testid="seminar-by-school">
          {overview.groups.bySchool.map((school) => (
            <li key={school.schoolId ?? "none"}>
              {school.schoolName} — {school.requests}
            </li>
          ))}
        </ul>
      </Section>
      <Section header={overview.lowTopics ? tsm.lowTopics(overview.lowTopics.year) : tsm.lowTopics(new Date().getFullYear())}>
        {!overview.lowTopics && <p className="work-note">{tsm.noLowTopics}</p>}
        {overview.lowTopics && (
          <ul className="work-lines" data-testid="seminar-low-topics">
            {overview.lowTopics.district.map((topic) => (
              <li key={`${topic.grade}-${topic.subject}-${topic.topic}`}>{tsm.lowTopicLine(topic.grade, topic.subject, topic.topic, topic.schools)}</li>
            ))}
          </ul>
        )}
      </Section>
      <Programmes districtId={districtId} overview={overview} act={act} />
      <Section header={tsm.requestsList}>
        <ul className="work-lines" data-testid="seminar-requests">
          {overview.requests.map((request) => (
            <li key={request.id}>
              {request.topic} ({request.schoolName ?? "—"}) — {tsm.states[request.state] ?? request.state}{" "}
              {overview.canEdit && request.state !== "planned" && (
                <Button size="s" mode="plain" data-testid={`seminar-decline-${request.id}`} onClick={() => act(seminarsApi.decline(request.id, request.state !== "declined"))}>
                  {request.state === "declined" ? tsm.restore : tsm.decline}
                </Button>
              )}
            </li>
          ))}
        </ul>
      </Section>
    </>
  );
}

function nextHalfYear(): string {
  const now = new Date();
  return now.getMonth() >= 6 ? `${now.getFullYear() + 1}-H1` : `${now.getFullYear()}-H2`;
}

function Programmes({ districtId, overview, act }: { districtId: string; overview: RequestsOverview; act: (work: Promise<unknown>) => void }) {
  const [period, setPeriod] = useState(nextHalfYear);
  const [title, setTitle] = useState("");
  return (
    <Section header={tsm.programmes}>
      {overview.programmes.length === 0 && <p className="work-note">{tsm.noProgrammes}</p>}
      <ul className="work-lines" data-testid="seminar-programmes">
        {overview.programmes.map((programme) => (
          <li key={programme.id}>
            {programme.period}: {programme.title} — {programme.state === "published" ? tsm.published : tsm.draft}{" "}
            {overview.canEdit && programme.state === "draft" && (
              <Button size="s" mode="plain" data-testid={`seminar-publish-${programme.id}`} onClick={() => act(seminarsApi.publishProgramme(programme.id))}>
                {tsm.publish}
              </Button>
            )}
          </li>
        ))}
      </ul>
      {overview.canEdit && (
        <div className="work-member" data-testid="seminar-programme-form">
          <label className="work-field">
            {tsm.period}
            <input data-testid="seminar-programme-period" value={period} maxLength={7} onChange={(event) => setPeriod(event.target.value.toUpperCase().replace("Н", "H"))} />
          </label>
          <label className="work-field">
            {tsm.programmeTitle}
            <input data-testid="seminar-programme-title" value={title} maxLength={200} onChange={(event) => setTitle(event.target.value)} />
          </label>
          <div className="work-sheet-buttons">
            <Button data-testid="seminar-programme-save" disabled={title.trim().length < 3} onClick={() => act(seminarsApi.saveProgramme(districtId, { period, title }))}>
              {tsm.saveProgramme}
            </Button>
          </div>
        </div>
      )}
    </Section>
  );
}
