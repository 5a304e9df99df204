/**
 * At-risk student categories (#15 §8; seed 002): district staff and the working group see every school's
 * counts per category and the district's totals; a school's page (the head, or district staff from the
 * table) keeps the counts — numbers only, never names — and the preventive plan per category as events of
 * the school's roadmap. Phones first: one column, 320 px. Routes: miniapp/api/routes/at-risk.ts.
 */
import { useState } from "react";
import { Button, Cell, List, Section, Title } from "@telegram-apps/telegram-ui";
import { asApiError, type ApiError } from "../api.ts";
import { ta } from "../messages/ru-at-risk.ts";
import { useApi } from "../useApi.ts";
import { ErrorView, Loading } from "../components/Status.tsx";
import { atRiskApi, type SchoolAtRisk } from "./AtRiskApi.ts";
import type { NetworkPageProps } from "./NetworkRoutes.tsx";

const dateText = (iso: string) => iso.slice(0, 10).split("-").reverse().join(".");

export function AtRiskPage({ route, navigate }: NetworkPageProps) {
  // From the district's table (id "d") the school's page leads back to it; a head opens only their school.
  const fromTable = route.id === "d" && route.districtId;
  if (route.schoolId) return <SchoolView schoolId={route.schoolId} onBack={fromTable ? () => navigate({ page: "network", section: "atRisk", districtId: route.districtId }) : null} />;
  if (!route.districtId) return <p className="page-note">{ta.noDistrict}</p>;
  return <DistrictView districtId={route.districtId} onOpen={(schoolId) => navigate({ page: "network", section: "atRisk", districtId: route.districtId, schoolId, id: "d" })} />;
}

function YearField({ value, onChange }: { value: string; onChange: (year: string) => void }) {
  const start = Number(value.slice(0, 4));
  const years = [start - 1, start, start + 1].map((year) => `${year}/${String((year + 1) % 100).padStart(2, "0")}`);
  return (
    <label className="work-field">
      {ta.year}
      <select data-testid="at-risk-year" value={value} onChange={(event) => onChange(event.target.value)}>
        {years.map((year) => (
          <option key={year} value={year}>
            {year}
          </option>
        ))}
      </select>
    </label>
  );
}

function DistrictView({ districtId, onOpen }: { districtId: string; onOpen: (schoolId: string) => void }) {
  const [year, setYear] = useState<string | undefined>(undefined);
  const [state, reload] = useApi(`at-risk:${districtId}:${year ?? ""}`, () => atRiskApi.district(districtId, year));
  return (
    <List data-testid="at-risk">
      <Title level="2" weight="2" className="page-title">
        {ta.title}
      </Title>
      {state.status === "loading" ? (
        <Loading />
      ) : state.status === "error" ? (
        <ErrorView error={state.error} onRetry={reload} />
      ) : (
        <>
          <p className="page-note">{ta.introDistrict}</p>
          <YearField value={state.data.schoolYear} onChange={setYear} />
          <p className="work-note">{ta.reported(state.data.reported, state.data.schools.length)}</p>
          <Section header={ta.total} data-testid="at-risk-totals">
            <ul className="work-lines work-note">
              {state.data.categories.map((category) => (
                <li key={category.id} data-testid={`at-risk-total-${category.id}`}>
                  {category.title}: <b>{state.data.totals[category.id] ?? 0}</b>
                </li>
              ))}
            </ul>
          </Section>
          <Section>
            {state.data.schools.map((school) => (
              <div key={school.schoolId} className="work-school" data-testid={`at-risk-school-${school.schoolId}`}>
                <Cell multiline subtitle={school.updatedAt ? ta.updated(dateText(school.updatedAt)) : undefined}>
                  {school.name}
                </Cell>
                <ul className="work-lines work-note">
                  {state.data.categories.map((category) => (
                    <li key={category.id}>
                      {category.title}: {school.counts[category.id] ?? ta.notFilled}
                    </li>
                  ))}
                </ul>
                <div className="work-sheet-buttons">
                  <Button size="s" mode="bezeled" data-testid={`at-risk-open-${school.schoolId}`} onClick={() => onOpen(school.schoolId)}>
                    {ta.open}
                  </Button>
                </div>
              </div>
            ))}
          </Section>
        </>
      )}
    </List>
  );
}

function SchoolView({ schoolId, onBack }: { schoolId: string; onBack: (() => void) | null }) {
  const [year, setYear] = useState<string | undefined>(undefined);
  const [state, reload] = useApi(`at-risk-school:${schoolId}:${year ?? ""}`, () => atRiskApi.school(schoolId, year));
  return (
    <List data-testid="at-risk-school">
      <Title level="2" weight="2" className="page-title">
        {ta.title}
      </Title>
      {onBack && (
        <div className="work-actions">
          <Button size="s" mode="plain" data-testid="at-risk-back" onClick={onBack}>
            {ta.back}
          </Button>
        </div>
      )}
      {state.status === "loading" ? (
        <Loading />
      ) : state.status === "error" ? (
        <ErrorView error={state.error} onRetry={reload} />
      ) : (
        <SchoolBody key={state.data.schoolYear} data={state.data} onYear={setYear} onSaved={reload} />
      )}
    </List>
  );
}

function SchoolBody({ data, onYear, onSaved }: { data: SchoolAtRisk; onYear: (year: string) => void; onSaved: () => void }) {
  const [counts, setCounts] = useState(() => Object.fromEntries(data.counts.map((row) => [row.category, { count: row.count === null ? "" : String(row.count), note: row.note ?? "" }])));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState(false);
  const submit = () => {
    const rows = data.categories
      .filter((category) => counts[category.id]?.count !== "")
      .map((category) => ({ category: category.id, count: Number(counts[category.id]!.count), note: counts[category.id]!.note.trim() || null }));
    if (!rows.length) return;
    setBusy(true);
    setError(null);
    setDone(false);
    atRiskApi
      .save(data.school.id, { schoolYear: data.schoolYear, counts: rows })
      .then(
        () => {
          setDone(true);
          onSaved();
        },
        (failure: unknown) => setError(asApiError(failure)),
      )
      .finally(() => setBusy(false));
  };
  return (
    <>
      <p className="page-note">
        {data.school.name}. {ta.introSchool}
      </p>
      <p className="work-note" data-testid="at-risk-no-names">
        {ta.noNames}
      </p>
      <YearField value={data.schoolYear} onChange={onYear} />
      <Section header={ta.counts} data-testid="at-risk-counts">
        {data.categories.map((category) => (
          <div key={category.id} className="work-member">
            <label className="work-field">
              {category.title}
              <input
                data-testid={`at-risk-count-${category.id}`}
                type="number"
                inputMode="numeric"
                min={0}
                max={10000}
                step={1}
                disabled={!data.canEdit}
                value={counts[category.id]?.count ?? ""}
                onChange={(event) => setCounts({ ...counts, [category.id]: { ...counts[category.id]!, count: event.target.value } })}
              />
            </label>
            {(data.canEdit || counts[category.id]?.note) && (
              <label className="work-field">
                {ta.note}
                <input
                  data-testid={`at-risk-note-${category.id}`}
                  maxLength={200}
                  disabled={!data.canEdit}
                  value={counts[category.id]?.note ?? ""}
                  onChange={(event) => setCounts({ ...counts, [category.id]: { ...counts[category.id]!, note: event.target.value } })}
                />
              </label>
            )}
          </div>
        ))}
        {error && <p className="work-error">{error.message}</p>}
        {done && <p className="work-note">{ta.saved}</p>}
        {data.canEdit && (
          <div className="work-sheet-buttons">
            <Button data-testid="at-risk-save" disabled={busy} onClick={submit}>
              {ta.save}
            </Button>
          </div>
        )}
      </Section>
      <Section header={ta.plan} data-testid="at-risk-plan">
        <p className="work-note">{ta.planIntro}</p>
        {data.plan.map((entry) => (
          <div key={entry.category} className="work-school" data-testid={`at-risk-plan-${entry.category}`}>
            <Cell multiline>{data.categories.find((category) => category.id === entry.category)?.title ?? entry.category}</Cell>
            <ul className="work-lines work-note">
              {entry.events.length === 0 && <li>{ta.noEvents}</li>}
              {entry.events.map((event) => (
                <li key={event.id}>
                  {event.number}. {event.title} — {ta.due(dateText(event.dueOn))}, {ta.states[event.state] ?? event.state}
                </li>
              ))}
            </ul>
            {data.canEdit && <PlanForm data={data} category={entry.category} onAdded={onSaved} />}
          </div>
        ))}
      </Section>
    </>
  );
}

function PlanForm({ data, category, onAdded }: { data: SchoolAtRisk; category: string; onAdded: () => void }) {
  const [title, setTitle] = useState("");
  const [dueOn, setDueOn] = useState("");
  const [indicator, setIndicator] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const submit = () => {
    setBusy(true);
    setError(null);
    atRiskApi
      .addEvent(data.school.id, { schoolYear: data.schoolYear, category, title, dueOn, indicator: indicator.trim() || null })
      .then(
        () => {
          setTitle("");
          setDueOn("");
          setIndicator("");
          onAdded();
        },
        (failure: unknown) => setError(asApiError(failure)),
      )
      .finally(() => setBusy(false));
  };
  return (
    <div className="work-member">
      <label className="work-field">
        {ta.eventTitle}
        <input data-testid={`at-risk-event-title-${category}`} maxLength={300} value={title} onChange={(event) => setTitle(event.target.value)} />
      </label>
      <label className="work-field">
        {ta.eventDue}
        <input data-testid={`at-risk-event-due-${category}`} type="date" value={dueOn} onChange={(event) => setDueOn(event.target.value)} />
      </label>
      <label className="work-field">
        {ta.eventIndicator}
        <input data-testid={`at-risk-event-indicator-${category}`} maxLength={300} value={indicator} onChange={(event) => setIndicator(event.target.value)} />
      </label>
      {error && <p className="work-error">{error.message}</p>}
      <div className="work-sheet-buttons">
        <Button size="s" mode="bezeled" data-testid={`at-risk-event-add-${category}`} disabled={busy || title.trim().length < 3 || !dueOn} onClick={submit}>
          {ta.addEvent}
        </Button>
      </div>
    </div>
  );
}
