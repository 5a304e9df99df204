/**
 * One roadmap (#14) in seed 002's format: per section, the events with number, deadline (overdue in
 * red), state, implementation indicator, result document, executors and evidence. Those who edit it
 * (district staff, the school's head) change the fields, the order, the people responsible and the
 * state, add and delete events; a roadmap not yet created is created from the template.
 */
import { useState } from "react";
import { Button, List, Section, Title } from "@telegram-apps/telegram-ui";
import { asApiError } from "../api.ts";
import type { Route } from "../router.ts";
import { rmt, type RoadmapSection } from "../messages/ru-roadmap.ts";
import { useApi } from "../useApi.ts";
import { ErrorView, Loading } from "../components/Status.tsx";
import { formatDay, roadmapApi, type Candidate, type EventFields, type RoadmapEvent } from "./RoadmapApi.ts";
import { EventActions, EvidenceList, OVERDUE_COLOUR, StateChip } from "./RoadmapParts.tsx";

const SECTIONS = Object.keys(rmt.sections) as RoadmapSection[];

const shiftYear = (year: string, by: number) => {
  const start = Number(year.slice(0, 4)) + by;
  return `${start}/${String((start + 1) % 100).padStart(2, "0")}`;
};

type Props = { districtId?: string; schoolId?: string; schoolYear?: string; navigate: (route: Route) => void } & Record<string, unknown>;

export function RoadmapPage({ districtId, schoolId, schoolYear, navigate }: Props) {
  const [state, reload] = useApi(`roadmap-${districtId}-${schoolId ?? ""}-${schoolYear ?? ""}`, () => roadmapApi.view(districtId ?? "", schoolId, schoolYear));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [candidates, setCandidates] = useState<Candidate[] | null>(null);
  if (state.status === "loading") return <Loading />;
  if (state.status === "error") return <ErrorView error={state.error} onRetry={reload} />;
  const view = state.data;
  const run = async (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
      reload();
    } catch (raised) {
      setError(asApiError(raised).message);
    } finally {
      setBusy(false);
    }
  };
  const goYear = (by: number) => navigate({ page: "roadmap", districtId: districtId!, ...(schoolId ? { schoolId } : {}), schoolYear: shiftYear(view.schoolYear, by) });
  const loadCandidates = async () => {
    if (candidates) return candidates;
    const people = (await roadmapApi.candidates(districtId!, schoolId)).people;
    setCandidates(people);
    return people;
  };
  const events = view.roadmap?.events ?? [];
  const move = (event: RoadmapEvent, by: number) => {
    const ids = events.map((e) => e.id);
    const index = ids.indexOf(event.id);
    const target = index + by;
    if (target < 0 || target >= ids.length) return;
    [ids[index], ids[target]] = [ids[target]!, ids[index]!];
    void run(() => roadmapApi.reorder(view.roadmap!.id, ids));
  };
  return (
    <List data-testid="roadmap-page">
      <Title level="2" weight="2" className="page-title">
        {rmt.roadmapTitle}: {view.name}
      </Title>
      <p className="page-subtitle">{rmt.year(view.schoolYear)}</p>
      <div className="work-sheet-buttons">
        <Button size="s" mode="plain" onClick={() => goYear(-1)}>
          {rmt.previousYear}
        </Button>
        <Button size="s" mode="plain" onClick={() => goYear(1)}>
          {rmt.nextYear}
        </Button>
      </div>
      {!view.roadmap ? (
        <Section footer={rmt.createHint}>
          <p className="work-note">{rmt.noRoadmap}</p>
          {view.canEdit && (
            <div className="work-sheet-buttons">
              <Button size="s" disabled={busy} onClick={() => run(() => roadmapApi.create(districtId!, schoolId, view.schoolYear))}>
                {rmt.create}
              </Button>
            </div>
          )}
        </Section>
      ) : (
        <>
          {view.roadmap.approvalRef && <p className="page-note">{view.roadmap.approvalRef}</p>}
          <p className="page-note">{view.roadmap.title}</p>
          {SECTIONS.map((section) => {
            const inSection = events.filter((event) => event.section === section);
            if (!inSection.length) return null;
            return (
              <Section key={section} header={rmt.sections[section]}>
                {inSection.map((event) => (
                  <EventCard
                    key={event.id}
                    event={event}
                    canEdit={view.canEdit}
                    busy={busy}
                    onMove={(by) => move(event, by)}
                    run={run}
                    loadCandidates={loadCandidates}
                  />
                ))}
              </Section>
            );
          })}
          {view.canEdit && <NewEvent onAdd={(fields) => run(() => roadmapApi.addEvent(view.roadmap!.id, fields))} busy={busy} />}
        </>
      )}
      {error && <p className="work-error" role="alert">{error}</p>}
    </List>
  );
}

function EventCard({
  event,
  canEdit,
  busy,
  onMove,
  run,
  loadCandidates,
}: {
  event: RoadmapEvent;
  canEdit: boolean;
  busy: boolean;
  onMove: (by: number) => void;
  run: (work: () => Promise<unknown>) => Promise<void>;
  loadCandidates: () => Promise<Candidate[]>;
}) {
  const [editing, setEditing] = useState(false);
  const [picking, setPicking] = useState<{ people: Candidate[]; chosen: Set<string> } | null>(null);
  const overdue = event.state === "overdue";
  return (
    <div className="work-member" data-testid={`event-${event.number}`}>
      <p className="work-note">
        <b>
          {event.number}. {event.title}
        </b>
      </p>
      <p className="work-note" style={overdue ? { color: OVERDUE_COLOUR } : undefined}>
        {rmt.due(formatDay(event.dueOn))} <StateChip state={event.state} />
        {event.helpRequestedAt ? ` · 🆘 ${rmt.help}` : ""}
      </p>
      {event.indicator && <p className="work-note">{rmt.indicator}: {event.indicator}</p>}
      {event.resultDocument && <p className="work-note">{rmt.result}: {event.resultDocument}</p>}
      {event.executorsText && <p className="work-note">{rmt.executorsText}: {event.executorsText}</p>}
      <p className="work-note">
        {rmt.people}: {event.executors.length ? event.executors.map((person) => person.displayName ?? "—").join(", ") : rmt.nobody}
      </p>
      {event.evidence.length > 0 && <EvidenceList evidence={event.evidence} />}
      {canEdit && !editing && !picking && (
        <div className="work-sheet-buttons">
          <Button size="s" mode="plain" disabled={busy} onClick={() => onMove(-1)}>
            {rmt.up}
          </Button>
          <Button size="s" mode="plain" disabled={busy} onClick={() => onMove(1)}>
            {rmt.down}
          </Button>
          <Button size="s" mode="bezeled" disabled={busy} onClick={() => setEditing(true)}>
            {rmt.edit}
          </Button>
          <Button
            size="s"
            mode="bezeled"
            disabled={busy}
            onClick={async () => {
              const people = await loadCandidates();
              setPicking({ people, chosen: new Set(event.executors.map((person) => person.personId)) });
            }}
          >
            {rmt.pickExecutors}
          </Button>
          {event.state === "planned" && (
            <Button size="s" mode="gray" disabled={busy} onClick={() => run(() => roadmapApi.act(event.id, { action: "start" }))}>
              {rmt.actions.start}
            </Button>
          )}
          {(event.state === "done" || event.state === "cancelled") && (
            <Button size="s" mode="gray" disabled={busy} onClick={() => run(() => roadmapApi.act(event.id, { action: "reopen" }))}>
              {rmt.actions.reopen}
            </Button>
          )}
          {event.state !== "done" && event.state !== "cancelled" && (
            <Button size="s" mode="gray" disabled={busy} onClick={() => run(() => roadmapApi.act(event.id, { action: "cancel" }))}>
              {rmt.actions.cancel}
            </Button>
          )}
          <Button
            size="s"
            mode="plain"
            disabled={busy}
            onClick={() => {
              if (window.confirm(rmt.deleteConfirm)) void run(() => roadmapApi.remove(event.id));
            }}
          >
            {rmt.delete}
          </Button>
        </div>
      )}
      {editing && (
        <EventForm
          initial={event}
          busy={busy}
          onCancel={() => setEditing(false)}
          onSave={async (fields) => {
            await run(() => roadmapApi.edit(event.id, fields));
            setEditing(false);
          }}
        />
      )}
      {picking && (
        <div data-testid={`executors-${event.id}`}>
          {picking.people.map((person) => (
            <label key={person.personId} className="work-field" style={{ flexDirection: "row", gap: 8, alignItems: "center" }}>
              <input
                type="checkbox"
                checked={picking.chosen.has(person.personId)}
                onChange={(e) => {
                  const chosen = new Set(picking.chosen);
                  if (e.target.checked) chosen.add(person.personId);
                  else chosen.delete(person.personId);
                  setPicking({ ...picking, chosen });
                }}
              />
              {person.displayName ?? "—"} {person.reachable ? "" : rmt.notReachable}
            </label>
          ))}
          <div className="work-sheet-buttons">
            <Button
              size="s"
              disabled={busy}
              onClick={async () => {
                await run(() => roadmapApi.setExecutors(event.id, [...picking.chosen]));
                setPicking(null);
              }}
            >
              {rmt.saveExecutors}
            </Button>
            <Button size="s" mode="plain" onClick={() => setPicking(null)}>
              {rmt.cancel}
            </Button>
          </div>
        </div>
      )}
      {canEdit && !editing && !picking && <EventActions event={event} onChanged={() => void run(async () => undefined)} />}
    </div>
  );
}

function EventForm({ initial, busy, onSave, onCancel }: { initial?: Partial<RoadmapEvent>; busy: boolean; onSave: (fields: EventFields) => Promise<void> | void; onCancel?: () => void }) {
  const [section, setSection] = useState<RoadmapSection>(initial?.section ?? "org_managerial");
  const [number, setNumber] = useState(initial?.number ?? "");
  const [title, setTitle] = useState(initial?.title ?? "");
  const [dueOn, setDueOn] = useState(initial?.dueOn ?? "");
  const [indicator, setIndicator] = useState(initial?.indicator ?? "");
  const [resultDocument, setResultDocument] = useState(initial?.resultDocument ?? "");
  const [executorsText, setExecutorsText] = useState(initial?.executorsText ?? "");
  const valid = title.trim() && /^\d{4}-\d{2}-\d{2}$/.test(dueOn) && (!number || /^[0-9.]{1,12}$/.test(number));
  return (
    <div className="work-member" data-testid="event-form">
      <label className="work-field">
        {rmt.fieldSection}
        <select className="work-select" value={section} onChange={(e) => setSection(e.target.value as RoadmapSection)}>
          {SECTIONS.map((value) => (
            <option key={value} value={value}>
              {rmt.sections[value]}
            </option>
          ))}
        </select>
      </label>
      <label className="work-field">
        {rmt.fieldNumber}
        <input type="text" value={number} maxLength={12} onChange={(e) => setNumber(e.target.value)} />
      </label>
      <label className="work-field">
        {rmt.fieldTitle}
        <textarea value={title} maxLength={1000} rows={3} onChange={(e) => setTitle(e.target.value)} />
      </label>
      <label className="work-field">
        {rmt.fieldDue}
        <input type="date" value={dueOn} onChange={(e) => setDueOn(e.target.value)} />
      </label>
      <label className="work-field">
        {rmt.indicator}
        <textarea value={indicator} maxLength={1000} rows={2} onChange={(e) => setIndicator(e.target.value)} />
      </label>
      <label className="work-field">
        {rmt.result}
        <input type="text" value={resultDocument} maxLength={500} onChange={(e) => setResultDocument(e.target.value)} />
      </label>
      <label className="work-field">
        {rmt.executorsText}
        <input type="text" value={executorsText} maxLength={500} onChange={(e) => setExecutorsText(e.target.value)} />
      </label>
      <div className="work-sheet-buttons">
        <Button
          size="s"
          disabled={busy || !valid}
          onClick={() =>
            void onSave({
              section,
              ...(number ? { number } : {}),
              title: title.trim(),
              dueOn,
              indicator: indicator.trim() || null,
              resultDocument: resultDocument.trim() || null,
              executorsText: executorsText.trim() || null,
            })
          }
        >
          {rmt.save}
        </Button>
        {onCancel && (
          <Button size="s" mode="plain" onClick={onCancel}>
            {rmt.cancel}
          </Button>
        )}
      </div>
    </div>
  );
}

function NewEvent({ onAdd, busy }: { onAdd: (fields: EventFields) => Promise<void>; busy: boolean }) {
  const [open, setOpen] = useState(false);
  return (
    <Section header={rmt.addEvent}>
      {open ? (
        <EventForm
          busy={busy}
          onCancel={() => setOpen(false)}
          onSave={async (fields) => {
            await onAdd(fields);
            setOpen(false);
          }}
        />
      ) : (
        <div className="work-sheet-buttons">
          <Button size="s" mode="bezeled" onClick={() => setOpen(true)}>
            {rmt.addEvent}
          </Button>
        </div>
      )}
    </Section>
  );
}
