/**
 * Recommendations addressed to me (#14 §1): a head, a school-curator's head, district staff, the institute, the
 * assessment centre. Acknowledge once, plan a measure (text and date: it becomes a task of the school's or the
 * district's roadmap), mark done. The same use cases as the bot's /recommendations.
 */
import { LibraryLinkLine } from "./LibraryLink.tsx";
import { useState } from "react";
import { Button, Cell, Input, List, Section, Title } from "@telegram-apps/telegram-ui";
import { asApiError } from "../api.ts";
import { ErrorView, Loading } from "../components/Status.tsx";
import { dayOf, formatDate, rr } from "../messages/ru-recommendations.ts";
import type { Route } from "../router.ts";
import { useApi } from "../useApi.ts";
import { recApi, type Recommendation } from "./RecommendationsApi.ts";

export function MyRecommendationsPage(_props: { navigate: (route: Route) => void }) {
  const [version, setVersion] = useState(0);
  // The list reloads after each action: the confirmation lives here, above it.
  const [notice, setNotice] = useState<string | null>(null);
  const [state, reload] = useApi(`my-recs:${version}`, () => recApi.mine());
  if (state.status === "loading") return <Loading />;
  if (state.status === "error") return <ErrorView error={state.error} onRetry={reload} />;
  const list = state.data.recommendations;
  return (
    <List data-testid="my-recommendations">
      <Title level="2" weight="2" className="page-title">
        {rr.myTitle}
      </Title>
      <p className="page-subtitle">{rr.mySubtitle}</p>
      {notice && (
        <p className="page-subtitle" role="status" data-testid="my-recs-notice">
          {notice}
        </p>
      )}
      {!list.length && (
        <Section>
          <Cell multiline>{rr.none}</Cell>
        </Section>
      )}
      {list.map((rec) => (
        <MyRecommendation key={rec.id} rec={rec} onChanged={(message) => { setNotice(message); setVersion((n) => n + 1); }} />
      ))}
    </List>
  );
}

function MyRecommendation({ rec, onChanged }: { rec: Recommendation; onChanged: (message: string | null) => void }) {
  const [planning, setPlanning] = useState(false);
  const [title, setTitle] = useState("");
  const [dueOn, setDueOn] = useState(dayOf(rec.dueOn));
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const act = async (work: () => Promise<string | null>) => {
    setBusy(true);
    setStatus(null);
    try {
      onChanged(await work());
    } catch (caught) {
      setStatus(asApiError(caught).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Section
      header={rec.title}
      footer={`${rec.formName}${rec.schoolName ? ` · ${rr.school_(rec.schoolName)}` : ""} · ${rr.states[rec.state] ?? rec.state} · ${rr.due(formatDate(rec.dueOn))}${rec.overdue ? ` · ${rr.overdue}` : ""}`}
      data-testid={`my-rec-${rec.id}`}
    >
      <Cell multiline>{rec.text}</Cell>
      <LibraryLinkLine link={rec.libraryItem} />
      {rec.events.length > 0 && (
        <Cell multiline subtitle={rr.measures}>
          {rec.events.map((event) => rr.measure(event.number, event.title, formatDate(event.dueOn), event.overdue ? rr.overdue : (rr.eventStates[event.state] ?? event.state))).join("\n")}
        </Cell>
      )}
      {rec.state !== "done" && (
        <div className="work-actions" style={{ display: "flex", gap: 8, flexWrap: "wrap" }}>
          {rec.state === "sent" && (
            <Button size="s" disabled={busy} onClick={() => act(async () => { await recApi.ack(rec.id); return null; })} data-testid={`my-rec-ack-${rec.id}`}>
              {rr.ack}
            </Button>
          )}
          <Button size="s" mode="outline" disabled={busy} onClick={() => setPlanning(!planning)} data-testid={`my-rec-plan-${rec.id}`}>
            {rr.plan}
          </Button>
          {(rec.state === "acknowledged" || rec.state === "in_work") && (
            <Button size="s" mode="outline" disabled={busy} onClick={() => act(async () => { await recApi.done(rec.id); return null; })} data-testid={`my-rec-done-${rec.id}`}>
              {rr.done}
            </Button>
          )}
        </div>
      )}
      {planning && (
        <div style={{ padding: "0 16px 8px" }}>
          <Input header={rr.measureText} value={title} onChange={(event) => setTitle(event.target.value)} data-testid={`my-rec-measure-${rec.id}`} />
          <Input header={rr.measureDue} type="date" value={dueOn} onChange={(event) => setDueOn(event.target.value)} />
          <div className="work-actions" style={{ display: "flex", gap: 8 }}>
            <Button
              size="s"
              disabled={busy}
              onClick={() =>
                act(async () => {
                  const planned = await recApi.plan(rec.id, title, dueOn);
                  setPlanning(false);
                  setTitle("");
                  return rr.planned(planned.number);
                })
              }
              data-testid={`my-rec-add-${rec.id}`}
            >
              {rr.addMeasure}
            </Button>
            <Button size="s" mode="plain" onClick={() => setPlanning(false)}>
              {rr.cancel}
            </Button>
          </div>
        </div>
      )}
      {status && <p className="page-subtitle" role="status">{status}</p>}
    </Section>
  );
}
