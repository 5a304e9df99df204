/**
 * The management decisions log (#14 §3) for district staff: the list by kind, level and period, and
 * a form to record or edit a decision — its document (order, instruction, instructive letter) with
 * number and date, kind, level, horizon, the risks it answers with their class, the resources it
 * commits and the district's recommendations it answers. A head sees the decisions about their
 * school, read only. Phones first: one column. Routes: miniapp/api/routes/decisions.ts.
 */
import { useState } from "react";
import { Button, Cell, List, Section, Title } from "@telegram-apps/telegram-ui";
import { asApiError, type ApiError } from "../api.ts";
import { td } from "../messages/ru-decisions.ts";
import type { Route } from "../router.ts";
import { useApi } from "../useApi.ts";
import { ErrorView, Loading } from "../components/Status.tsx";
import { decisionsApi, type Decision, type DecisionFilter, type DecisionInput, type DecisionRisk } from "./DecisionsApi.ts";

const KINDS = ["organising", "activating", "coordinating", "controlling", "stimulating"];
const DOC_TYPES = ["order", "instruction", "letter", "protocol"];
const LEVELS = ["school", "district", "region"];
const HORIZONS = ["operational", "strategic"];
const RISK_CLASSES = ["managed", "weak", "unmanaged"];
const RESOURCES = ["staff", "finance", "equipment", "information", "time"];

/** "2027-03-15" → "15.03.2027" */
const dateText = (iso: string) => iso.split("-").reverse().join(".");

export function DecisionsPage({ districtId }: { districtId: string; navigate: (route: Route) => void } & Record<string, unknown>) {
  const [filter, setFilter] = useState<DecisionFilter>({});
  const [editing, setEditing] = useState<Decision | "new" | null>(null);
  const key = `decisions:${districtId}:${JSON.stringify(filter)}`;
  const [state, reload] = useApi(key, () => decisionsApi.list(districtId, filter));
  const filtered = Boolean(filter.kind || filter.level || filter.from || filter.to);
  return (
    <List data-testid="decisions">
      <Title level="2" weight="2" className="page-title">
        {td.title}
      </Title>
      {state.status === "loading" ? (
        <Loading />
      ) : state.status === "error" ? (
        <ErrorView error={state.error} onRetry={reload} />
      ) : (
        <>
          <p className="page-note">{state.data.canEdit ? td.intro : td.introHead}</p>
          {state.data.canEdit && editing === null && (
            <div className="work-actions">
              <Button onClick={() => setEditing("new")}>{td.add}</Button>
            </div>
          )}
          {state.data.canEdit && editing !== null && (
            <DecisionForm
              districtId={districtId}
              initial={editing === "new" ? null : editing}
              onDone={(changed) => {
                setEditing(null);
                if (changed) reload();
              }}
            />
          )}
          <Filters filter={filter} onChange={setFilter} />
          <Section>
            {state.data.decisions.length === 0 && <Cell multiline>{filtered ? td.noneFiltered : td.none}</Cell>}
            {state.data.decisions.map((decision) => (
              <DecisionCard key={decision.id} decision={decision} canEdit={state.data.canEdit} onEdit={() => setEditing(decision)} onRemoved={reload} />
            ))}
          </Section>
        </>
      )}
    </List>
  );
}

function Filters({ filter, onChange }: { filter: DecisionFilter; onChange: (filter: DecisionFilter) => void }) {
  const set = (patch: DecisionFilter) => onChange({ ...filter, ...patch });
  return (
    <Section header={td.filters} data-testid="decision-filters">
      <label className="work-field">
        {td.kind}
        <select value={filter.kind ?? ""} onChange={(event) => set({ kind: event.target.value || undefined })}>
          <option value="">{td.anyKind}</option>
          {KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {td.kinds[kind]}
            </option>
          ))}
        </select>
      </label>
      <label className="work-field">
        {td.level}
        <select value={filter.level ?? ""} onChange={(event) => set({ level: event.target.value || undefined })}>
          <option value="">{td.anyLevel}</option>
          {LEVELS.map((level) => (
            <option key={level} value={level}>
              {td.levels[level]}
            </option>
          ))}
        </select>
      </label>
      <label className="work-field">
        {td.from}
        <input type="date" value={filter.from ?? ""} onChange={(event) => set({ from: event.target.value || undefined })} />
      </label>
      <label className="work-field">
        {td.to}
        <input type="date" value={filter.to ?? ""} onChange={(event) => set({ to: event.target.value || undefined })} />
      </label>
      {(filter.kind || filter.level || filter.from || filter.to) && (
        <div className="work-actions">
          <Button size="s" mode="plain" onClick={() => onChange({})}>
            {td.reset}
          </Button>
        </div>
      )}
    </Section>
  );
}

function DecisionCard({ decision, canEdit, onEdit, onRemoved }: { decision: Decision; canEdit: boolean; onEdit: () => void; onRemoved: () => void }) {
  const [confirm, setConfirm] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  return (
    <div className="work-school" data-testid={`decision-${decision.id}`}>
      <Cell multiline subtitle={td.document(td.docTypes[decision.docType] ?? decision.docType, decision.docNumber, dateText(decision.docDate))}>
        {decision.title}
      </Cell>
      <ul className="work-lines work-note">
        <li>
          {td.kinds[decision.kind]} · {td.levels[decision.level]} · {td.horizons[decision.horizon]}
        </li>
        {decision.schoolName && <li>{td.schoolLine(decision.schoolName)}</li>}
        {decision.risks.map((risk, index) => (
          <li key={index}>
            {risk.text} — {td.riskClasses[risk.class]}
          </li>
        ))}
        <li>{td.resourcesLine(decision.resources.length ? decision.resources.map((resource) => td.resourceNames[resource]).join(", ") : td.noResources)}</li>
        {decision.recommendations.map((recommendation) => (
          <li key={recommendation.id}>
            ↳ {recommendation.title}
            {recommendation.schoolName ? ` (${recommendation.schoolName})` : ""}, {td.recStates[recommendation.state] ?? recommendation.state}
          </li>
        ))}
        {decision.note && <li>{decision.note}</li>}
      </ul>
      {canEdit && !confirm && (
        <div className="work-sheet-buttons">
          <Button size="s" mode="bezeled" onClick={onEdit}>
            {td.edit}
          </Button>
          <Button size="s" mode="outline" onClick={() => setConfirm(true)}>
            {td.remove}
          </Button>
        </div>
      )}
      {confirm && (
        <div className="work-confirm">
          <p>{td.removeAsk(decision.title)}</p>
          <div className="work-sheet-buttons">
            <Button size="s" onClick={() => decisionsApi.remove(decision.id).then(onRemoved, (failure: unknown) => setError(asApiError(failure)))}>
              {td.removeYes}
            </Button>
            <Button size="s" mode="plain" onClick={() => setConfirm(false)}>
              {td.cancel}
            </Button>
          </div>
        </div>
      )}
      {error && <p className="work-error">{error.message}</p>}
    </div>
  );
}

const empty = (): DecisionInput => ({
  kind: "organising",
  docType: "order",
  docNumber: "",
  docDate: new Date().toISOString().slice(0, 10),
  title: "",
  level: "district",
  horizon: "operational",
  risks: [{ text: "", class: "managed" }],
  resources: [],
  schoolId: null,
  recommendationIds: [],
  note: null,
});

const inputOf = (decision: Decision): DecisionInput => ({
  kind: decision.kind,
  docType: decision.docType,
  docNumber: decision.docNumber,
  docDate: decision.docDate,
  title: decision.title,
  level: decision.level,
  horizon: decision.horizon,
  risks: decision.risks,
  resources: decision.resources,
  schoolId: decision.schoolId,
  recommendationIds: decision.recommendations.map((recommendation) => recommendation.id),
  note: decision.note,
});

function DecisionForm({ districtId, initial, onDone }: { districtId: string; initial: Decision | null; onDone: (changed: boolean) => void }) {
  const [options, reload] = useApi(`decision-options:${districtId}`, () => decisionsApi.options(districtId));
  const [input, setInput] = useState<DecisionInput>(() => (initial ? inputOf(initial) : empty()));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const set = (patch: Partial<DecisionInput>) => setInput({ ...input, ...patch });
  const setRisk = (index: number, patch: Partial<DecisionRisk>) => set({ risks: input.risks.map((risk, at) => (at === index ? { ...risk, ...patch } : risk)) });
  const toggle = (list: string[], value: string, on: boolean) => (on ? [...list, value] : list.filter((item) => item !== value));
  if (options.status === "loading") return <Loading />;
  if (options.status === "error") return <ErrorView error={options.error} onRetry={reload} />;

  const submit = () => {
    setBusy(true);
    setError(null);
    const body = { ...input, note: input.note?.trim() ? input.note : null };
    (initial ? decisionsApi.update(initial.id, body) : decisionsApi.create(districtId, body))
      .then(
        () => onDone(true),
        (failure: unknown) => setError(asApiError(failure)),
      )
      .finally(() => setBusy(false));
  };
  const select = (label: string, value: string, values: string[], names: Record<string, string>, onChange: (value: string) => void) => (
    <label className="work-field">
      {label}
      <select value={value} onChange={(event) => onChange(event.target.value)}>
        {values.map((item) => (
          <option key={item} value={item}>
            {names[item]}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <Section header={initial ? td.formEdit : td.formNew} data-testid="decision-form">
      {select(td.docType, input.docType, DOC_TYPES, td.docTypes, (docType) => set({ docType }))}
      <label className="work-field">
        {td.docNumber}
        <input value={input.docNumber} maxLength={50} onChange={(event) => set({ docNumber: event.target.value })} />
      </label>
      <label className="work-field">
        {td.docDate}
        <input type="date" value={input.docDate} onChange={(event) => set({ docDate: event.target.value })} />
      </label>
      <label className="work-field">
        {td.titleField}
        <textarea rows={3} maxLength={500} value={input.title} onChange={(event) => set({ title: event.target.value })} />
      </label>
      {select(td.kind, input.kind, KINDS, td.kinds, (kind) => set({ kind }))}
      {select(td.level, input.level, LEVELS, td.levels, (level) => set({ level }))}
      {select(td.horizon, input.horizon, HORIZONS, td.horizons, (horizon) => set({ horizon }))}
      <label className="work-field">
        {td.school}
        <select value={input.schoolId ?? ""} onChange={(event) => set({ schoolId: event.target.value || null })}>
          <option value="">{td.noSchool}</option>
          {options.data.schools.map((school) => (
            <option key={school.id} value={school.id}>
              {school.name}
            </option>
          ))}
        </select>
      </label>
      <p className="work-note">{td.risks}</p>
      {input.risks.map((risk, index) => (
        <div key={index} className="work-member">
          <label className="work-field">
            {td.riskText} {index + 1}
            <input value={risk.text} maxLength={500} onChange={(event) => setRisk(index, { text: event.target.value })} />
          </label>
          {select(td.riskClass, risk.class, RISK_CLASSES, td.riskClasses, (value) => setRisk(index, { class: value as DecisionRisk["class"] }))}
          {input.risks.length > 1 && (
            <div className="work-sheet-buttons">
              <Button size="s" mode="plain" onClick={() => set({ risks: input.risks.filter((_, at) => at !== index) })}>
                {td.removeRisk}
              </Button>
            </div>
          )}
        </div>
      ))}
      <div className="work-sheet-buttons">
        <Button size="s" mode="bezeled" onClick={() => set({ risks: [...input.risks, { text: "", class: "managed" }] })}>
          {td.addRisk}
        </Button>
      </div>
      <p className="work-note">{td.resources}</p>
      {RESOURCES.map((resource) => (
        <label key={resource} className="work-field">
          <span>
            <input type="checkbox" checked={input.resources.includes(resource)} onChange={(event) => set({ resources: toggle(input.resources, resource, event.target.checked) })} />{" "}
            {td.resourceNames[resource]}
          </span>
        </label>
      ))}
      <p className="work-note">{td.recommendations}</p>
      {options.data.recommendations.length === 0 && <p className="work-note">{td.noRecommendations}</p>}
      {options.data.recommendations.map((recommendation) => (
        <label key={recommendation.id} className="work-field">
          <span>
            <input
              type="checkbox"
              checked={input.recommendationIds.includes(recommendation.id)}
              onChange={(event) => set({ recommendationIds: toggle(input.recommendationIds, recommendation.id, event.target.checked) })}
            />{" "}
            {recommendation.title}
            {recommendation.schoolName ? ` (${recommendation.schoolName})` : ""}
          </span>
        </label>
      ))}
      <label className="work-field">
        {td.note}
        <textarea rows={2} maxLength={2000} value={input.note ?? ""} onChange={(event) => set({ note: event.target.value })} />
      </label>
      {error && <p className="work-error">{error.message}</p>}
      <div className="work-sheet-buttons">
        <Button disabled={busy} onClick={submit}>
          {td.save}
        </Button>
        <Button mode="plain" onClick={() => onDone(false)}>
          {td.cancel}
        </Button>
      </div>
    </Section>
  );
}
