/**
 * The management personnel reserve (#15 §9; seed 003 §4.5): district staff keep a register of candidates
 * for school management posts — full name, school, current position, the position they are ready for and
 * their training. Nobody else sees it. The district answers for the candidates' consent (152-ФЗ): the page
 * says so. Phones first: one column, 320 px. Routes: miniapp/api/routes/reserve.ts.
 */
import { useState } from "react";
import { Button, Cell, List, Section, Title } from "@telegram-apps/telegram-ui";
import { asApiError, type ApiError } from "../api.ts";
import { tr } from "../messages/ru-reserve.ts";
import { useApi } from "../useApi.ts";
import { ErrorView, Loading } from "../components/Status.tsx";
import { reserveApi, type Candidate, type CandidateInput } from "./ReserveApi.ts";
import type { NetworkPageProps } from "./NetworkRoutes.tsx";

export function ReservePage({ route }: NetworkPageProps) {
  const districtId = route.districtId;
  const [editing, setEditing] = useState<Candidate | "new" | null>(null);
  const [state, reload] = useApi(`reserve:${districtId}`, () => reserveApi.list(districtId!));
  if (!districtId) return <p className="page-note">{tr.noDistrict}</p>;
  return (
    <List data-testid="reserve">
      <Title level="2" weight="2" className="page-title">
        {tr.title}
      </Title>
      <p className="page-note">{tr.intro}</p>
      <p className="work-note" data-testid="reserve-consent">
        {tr.consent}
      </p>
      {state.status === "loading" ? (
        <Loading />
      ) : state.status === "error" ? (
        <ErrorView error={state.error} onRetry={reload} />
      ) : (
        <>
          {editing === null ? (
            <div className="work-actions">
              <Button data-testid="reserve-add" onClick={() => setEditing("new")}>
                {tr.add}
              </Button>
            </div>
          ) : (
            <CandidateForm
              districtId={districtId}
              schools={state.data.schools}
              initial={editing === "new" ? null : editing}
              onDone={(changed) => {
                setEditing(null);
                if (changed) reload();
              }}
            />
          )}
          <Section header={tr.count(state.data.candidates.length)}>
            {state.data.candidates.length === 0 && <Cell multiline>{tr.none}</Cell>}
            {state.data.candidates.map((candidate) => (
              <CandidateCard key={candidate.id} candidate={candidate} onEdit={() => setEditing(candidate)} onRemoved={reload} />
            ))}
          </Section>
        </>
      )}
    </List>
  );
}

function CandidateCard({ candidate, onEdit, onRemoved }: { candidate: Candidate; onEdit: () => void; onRemoved: () => void }) {
  const [confirm, setConfirm] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  return (
    <div className="work-school" data-testid={`reserve-candidate-${candidate.id}`}>
      <Cell multiline subtitle={[candidate.currentPosition, candidate.schoolName].filter(Boolean).join(", ")}>
        {candidate.fullName}
      </Cell>
      <ul className="work-lines work-note">
        <li>{tr.ready(candidate.targetPosition)}</li>
        {candidate.training.map((entry, index) => (
          <li key={index}>{tr.trainingLine(entry.title, entry.year, entry.hours)}</li>
        ))}
        {candidate.note && <li>{candidate.note}</li>}
      </ul>
      {!confirm ? (
        <div className="work-sheet-buttons">
          <Button size="s" mode="bezeled" data-testid={`reserve-edit-${candidate.id}`} onClick={onEdit}>
            {tr.edit}
          </Button>
          <Button size="s" mode="outline" data-testid={`reserve-remove-${candidate.id}`} onClick={() => setConfirm(true)}>
            {tr.remove}
          </Button>
        </div>
      ) : (
        <div className="work-confirm">
          <p>{tr.removeAsk(candidate.fullName)}</p>
          <div className="work-sheet-buttons">
            <Button
              size="s"
              data-testid={`reserve-remove-yes-${candidate.id}`}
              onClick={() => reserveApi.remove(candidate.id).then(onRemoved, (failure: unknown) => setError(asApiError(failure)))}
            >
              {tr.removeYes}
            </Button>
            <Button size="s" mode="plain" data-testid={`reserve-remove-no-${candidate.id}`} onClick={() => setConfirm(false)}>
              {tr.cancel}
            </Button>
          </div>
        </div>
      )}
      {error && <p className="work-error">{error.message}</p>}
    </div>
  );
}

type TrainingRow = { title: string; year: string; hours: string };

function CandidateForm({
  districtId,
  schools,
  initial,
  onDone,
}: {
  districtId: string;
  schools: Array<{ id: string; name: string }>;
  initial: Candidate | null;
  onDone: (changed: boolean) => void;
}) {
  const [fullName, setFullName] = useState(initial?.fullName ?? "");
  const [schoolId, setSchoolId] = useState(initial?.schoolId ?? "");
  const [currentPosition, setCurrentPosition] = useState(initial?.currentPosition ?? "");
  const [targetPosition, setTargetPosition] = useState(initial?.targetPosition ?? "");
  const [note, setNote] = useState(initial?.note ?? "");
  const [training, setTraining] = useState<TrainingRow[]>(
    () => initial?.training.map((entry) => ({ title: entry.title, year: String(entry.year), hours: entry.hours === null ? "" : String(entry.hours) })) ?? [],
  );
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const setRow = (index: number, patch: Partial<TrainingRow>) => setTraining(training.map((row, at) => (at === index ? { ...row, ...patch } : row)));
  const submit = () => {
    const input: CandidateInput = {
      fullName,
      schoolId: schoolId || null,
      currentPosition,
      targetPosition,
      training: training.map((row) => ({ title: row.title, year: Number(row.year), hours: row.hours === "" ? null : Number(row.hours) })),
      note: note.trim() || null,
    };
    setBusy(true);
    setError(null);
    (initial ? reserveApi.update(initial.id, input) : reserveApi.create(districtId, input))
      .then(
        () => onDone(true),
        (failure: unknown) => setError(asApiError(failure)),
      )
      .finally(() => setBusy(false));
  };
  const field = (label: string, value: string, set: (value: string) => void, testId: string, max = 200) => (
    <label className="work-field">
      {label}
      <input data-testid={testId} value={value} maxLength={max} onChange={(event) => set(event.target.value)} />
    </label>
  );
  return (
    <Section header={initial ? tr.formEdit : tr.formNew} data-testid="reserve-form">
      {field(tr.fullName, fullName, setFullName, "reserve-form-name")}
      <label className="work-field">
        {tr.school}
        <select data-testid="reserve-form-school" value={schoolId} onChange={(event) => setSchoolId(event.target.value)}>
          <option value="">{tr.noSchool}</option>
          {schools.map((school) => (
            <option key={school.id} value={school.id}>
              {school.name}
            </option>
          ))}
        </select>
      </label>
      {field(tr.currentPosition, currentPosition, setCurrentPosition, "reserve-form-current")}
      {field(tr.targetPosition, targetPosition, setTargetPosition, "reserve-form-target")}
      <p className="work-note">{tr.training}</p>
      {training.map((row, index) => (
        <div key={index} className="work-member">
          {field(tr.trainingTitle, row.title, (title) => setRow(index, { title }), `reserve-form-training-title-${index}`, 300)}
          <label className="work-field">
            {tr.trainingYear}
            <input data-testid={`reserve-form-training-year-${index}`} type="number" inputMode="numeric" min={1980} max={2100} value={row.year} onChange={(event) => setRow(index, { year: event.target.value })} />
          </label>
          <label className="work-field">
            {tr.trainingHours}
            <input data-testid={`reserve-form-training-hours-${index}`} type="number" inputMode="numeric" min={1} max={2000} value={row.hours} onChange={(event) => setRow(index, { hours: event.target.value })} />
          </label>
          <div className="work-sheet-buttons">
            <Button size="s" mode="plain" data-testid={`reserve-form-training-remove-${index}`} onClick={() => setTraining(training.filter((_, at) => at !== index))}>
              {tr.removeTraining}
            </Button>
          </div>
        </div>
      ))}
      <div className="work-sheet-buttons">
        <Button
          size="s"
          mode="bezeled"
          data-testid="reserve-form-training-add"
          onClick={() => setTraining([...training, { title: "", year: String(new Date().getFullYear()), hours: "" }])}
        >
          {tr.addTraining}
        </Button>
      </div>
      <label className="work-field">
        {tr.note}
        <textarea data-testid="reserve-form-note" rows={2} maxLength={1000} value={note} onChange={(event) => setNote(event.target.value)} />
      </label>
      {error && <p className="work-error">{error.message}</p>}
      <div className="work-sheet-buttons">
        <Button data-testid="reserve-save" disabled={busy} onClick={submit}>
          {tr.save}
        </Button>
        <Button mode="plain" data-testid="reserve-cancel" onClick={() => onDone(false)}>
          {tr.cancel}
        </Button>
      </div>
    </Section>
  );
}
