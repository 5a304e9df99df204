/**
 * Assignments and school-curator pairs (#15 §2) for district staff: assign a person of the district as
 * mentor, tutor or curator to a school for a period (plan of visits, default 3), end an assignment; pair a
 * supported school with a curator school, the identification's curator candidates and resilient schools
 * offered first with why; end a pair. The working group sees the same read-only. Phones first: one column.
 * Routes: miniapp/api/routes/assignments.ts.
 */
import { useState } from "react";
import { Button, Cell, List, Section, Title } from "@telegram-apps/telegram-ui";
import { asApiError, type ApiError } from "../api.ts";
import { dateText, ta } from "../messages/ru-assignments.ts";
import { useApi } from "../useApi.ts";
import { ErrorView, Loading } from "../components/Status.tsx";
import type { NetworkPageProps } from "./NetworkRoutes.tsx";
import { assignmentsApi, type Assignment, type AssignmentInput, type AssignmentKind, type Pair, type PairInput } from "./AssignmentsApi.ts";

const KINDS: AssignmentKind[] = ["mentor", "tutor", "curator"];
const today = () => new Date().toISOString().slice(0, 10);
const period = (startsOn: string, endsOn: string | null) => ta.period(dateText(startsOn), endsOn ? dateText(endsOn) : null);

export function AssignmentsPage({ route }: NetworkPageProps) {
  const districtId = route.districtId;
  if (!districtId) return <p className="page-note">{ta.noDistrict}</p>;
  return (
    <List data-testid="assignments">
      <Title level="2" weight="2" className="page-title">
        {ta.title}
      </Title>
      <AssignmentsSection districtId={districtId} />
      <PairsSection districtId={districtId} />
    </List>
  );
}

function ActionError({ error }: { error: ApiError | null }) {
  return error ? (
    <p className="work-error" role="alert" data-testid="assignments-error">
      {error.message}
    </p>
  ) : null;
}

// ---------- assignments ----------

function AssignmentsSection({ districtId }: { districtId: string }) {
  const [ended, setEnded] = useState(false);
  const [school, setSchool] = useState("");
  const [adding, setAdding] = useState(false);
  const [list, reload] = useApi(`assignments:${districtId}:${ended}`, () => assignmentsApi.list(districtId, ended));
  const [options] = useApi(`assignment-options:${districtId}`, () => assignmentsApi.options(districtId));
  if (list.status === "loading" || options.status === "loading") return <Loading />;
  if (list.status === "error") return <ErrorView error={list.error} onRetry={reload} />;
  if (options.status === "error") return <ErrorView error={options.error} onRetry={reload} />;
  const { canEdit } = list.data;
  const shown = list.data.assignments.filter((row) => !school || row.schoolId === school);
  return (
    <Section header={ta.assignments} data-testid="assignments-section">
      <p className="page-note">{canEdit ? ta.intro : ta.introRead}</p>
      {canEdit && !adding && (
        <div className="work-actions">
          <Button onClick={() => setAdding(true)} data-testid="assignment-add">
            {ta.add}
          </Button>
        </div>
      )}
      {canEdit && adding && (
        <AssignmentForm
          districtId={districtId}
          schools={options.data.schools}
          people={options.data.people}
          onDone={(changed) => {
            setAdding(false);
            if (changed) reload();
          }}
        />
      )}
      <label className="work-field">
        {ta.filterSchool}
        <select value={school} onChange={(event) => setSchool(event.target.value)} data-testid="assignment-filter-school">
          <option value="">{ta.allSchools}</option>
          {options.data.schools.map((row) => (
            <option key={row.id} value={row.id}>
              {row.name}
            </option>
          ))}
        </select>
      </label>
      <label className="work-field">
        <span>
          <input type="checkbox" checked={ended} onChange={(event) => setEnded(event.target.checked)} data-testid="assignment-show-ended" /> {ta.showEnded}
        </span>
      </label>
      {shown.length === 0 && <Cell multiline>{ta.none}</Cell>}
      {shown.map((row) => (
        <AssignmentCard key={row.id} assignment={row} canEdit={canEdit} onEnded={reload} />
      ))}
    </Section>
  );
}

function AssignmentCard({ assignment, canEdit, onEnded }: { assignment: Assignment; canEdit: boolean; onEnded: () => void }) {
  const [confirm, setConfirm] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const end = () => {
    setBusy(true);
    assignmentsApi.end(assignment.id).then(onEnded, (failure: unknown) => {
      setBusy(false);
      setError(asApiError(failure));
    });
  };
  return (
    <div className="work-school" data-testid={`assignment-${assignment.id}`}>
      <Cell
        multiline
        subtitle={ta.line(ta.kinds[assignment.kind] ?? assignment.kind, assignment.schoolName, period(assignment.startsOn, assignment.endsOn), ta.status[assignment.status] ?? assignment.status, assignment.plannedVisits)}
      >
        {assignment.personName}
      </Cell>
      {assignment.note && <p className="work-note">{assignment.note}</p>}
      {canEdit && assignment.status !== "ended" && !confirm && (
        <div className="work-sheet-buttons">
          <Button size="s" mode="outline" onClick={() => setConfirm(true)} data-testid={`assignment-end-${assignment.id}`}>
            {ta.end}
          </Button>
        </div>
      )}
      {confirm && (
        <div className="work-confirm">
          <p>{ta.endAsk(assignment.personName, assignment.schoolName)}</p>
          <div className="work-sheet-buttons">
            <Button size="s" loading={busy} onClick={end} data-testid={`assignment-end-yes-${assignment.id}`}>
              {ta.endYes}
            </Button>
            <Button size="s" mode="plain" disabled={busy} onClick={() => setConfirm(false)} data-testid={`assignment-end-no-${assignment.id}`}>
              {ta.cancel}
            </Button>
          </div>
        </div>
      )}
      <ActionError error={error} />
    </div>
  );
}

function AssignmentForm({
  districtId,
  schools,
  people,
  onDone,
}: {
  districtId: string;
  schools: Array<{ id: string; name: string }>;
  people: Array<{ personId: string; name: string; roles: Array<{ role: string; schoolName: string | null }> }>;
  onDone: (changed: boolean) => void;
}) {
  const [input, setInput] = useState<AssignmentInput>({ personId: "", schoolId: "", kind: "mentor", startsOn: today(), endsOn: null, plannedVisits: 3, note: null });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const set = (patch: Partial<AssignmentInput>) => setInput({ ...input, ...patch });
  const save = () => {
    setBusy(true);
    setError(null);
    assignmentsApi.create(districtId, input).then(
      () => onDone(true),
      (failure: unknown) => {
        setBusy(false);
        setError(asApiError(failure));
      },
    );
  };
  const roleNames = (roles: Array<{ role: string; schoolName: string | null }>) =>
    roles.map((role) => `${ta.kinds[role.role] ?? role.role}${role.schoolName ? ` (${role.schoolName})` : ""}`).join(", ");
  return (
    <div className="work-school" data-testid="assignment-form">
      <Title level="3" weight="2">
        {ta.formTitle}
      </Title>
      <p className="page-note">{ta.peopleHint}</p>
      <label className="work-field">
        {ta.person}
        <select value={input.personId} onChange={(event) => set({ personId: event.target.value })} data-testid="assignment-person">
          <option value="">{ta.choosePerson}</option>
          {people.map((person) => (
            <option key={person.personId} value={person.personId}>
              {person.name} — {roleNames(person.roles)}
            </option>
          ))}
        </select>
      </label>
      <label className="work-field">
        {ta.kind}
        <select value={input.kind} onChange={(event) => set({ kind: event.target.value as AssignmentKind })} data-testid="assignment-kind">
          {KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {ta.kinds[kind]}
            </option>
          ))}
        </select>
      </label>
      <label className="work-field">
        {ta.school}
        <select value={input.schoolId} onChange={(event) => set({ schoolId: event.target.value })} data-testid="assignment-school">
          <option value="">{ta.chooseSchool}</option>
          {schools.map((school) => (
            <option key={school.id} value={school.id}>
              {school.name}
            </option>
          ))}
        </select>
      </label>
      <label className="work-field">
        {ta.startsOn}
        <input type="date" value={input.startsOn} onChange={(event) => set({ startsOn: event.target.value })} data-testid="assignment-starts" />
      </label>
      <label className="work-field">
        {ta.endsOn}
        <input type="date" value={input.endsOn ?? ""} onChange={(event) => set({ endsOn: event.target.value || null })} data-testid="assignment-ends" />
      </label>
      <label className="work-field">
        {ta.plannedVisits}
        <input
          type="number"
          min={0}
          max={50}
          inputMode="numeric"
          value={input.plannedVisits}
          onChange={(event) => set({ plannedVisits: Number(event.target.value) })}
          data-testid="assignment-visits"
        />
      </label>
      <p className="page-note">{ta.visitsHint}</p>
      <label className="work-field">
        {ta.note}
        <input type="text" maxLength={1000} value={input.note ?? ""} onChange={(event) => set({ note: event.target.value || null })} data-testid="assignment-note" />
      </label>
      <ActionError error={error} />
      <div className="work-sheet-buttons">
        <Button loading={busy} disabled={!input.personId || !input.schoolId} onClick={save} data-testid="assignment-save">
          {ta.save}
        </Button>
        <Button mode="plain" disabled={busy} onClick={() => onDone(false)} data-testid="assignment-cancel">
          {ta.cancel}
        </Button>
      </div>
    </div>
  );
}

// ---------- pairs ----------

function PairsSection({ districtId }: { districtId: string }) {
  const [ended, setEnded] = useState(false);
  const [adding, setAdding] = useState(false);
  const [list, reload] = useApi(`pairs:${districtId}:${ended}`, () => assignmentsApi.pairs(districtId, ended));
  if (list.status === "loading") return <Loading />;
  if (list.status === "error") return <ErrorView error={list.error} onRetry={reload} />;
  const { canEdit } = list.data;
  return (
    <Section header={ta.pairs} data-testid="pairs-section">
      {canEdit && !adding && (
        <div className="work-actions">
          <Button onClick={() => setAdding(true)} data-testid="pair-add">
            {ta.addPair}
          </Button>
        </div>
      )}
      {adding && (
        <PairForm
          districtId={districtId}
          onDone={(changed) => {
            setAdding(false);
            if (changed) reload();
          }}
        />
      )}
      {!adding && <Candidates districtId={districtId} />}
      <label className="work-field">
        <span>
          <input type="checkbox" checked={ended} onChange={(event) => setEnded(event.target.checked)} data-testid="pair-show-ended" /> {ta.showEnded}
        </span>
      </label>
      {list.data.pairs.length === 0 && <Cell multiline>{ta.noPairs}</Cell>}
      {list.data.pairs.map((pair) => (
        <PairCard key={pair.id} pair={pair} canEdit={canEdit} onEnded={reload} />
      ))}
    </Section>
  );
}

function Candidates({ districtId, onPick }: { districtId: string; onPick?: (schoolId: string) => void }) {
  const [state, reload] = useApi(`pair-candidates:${districtId}`, () => assignmentsApi.candidates(districtId));
  if (state.status === "loading") return <Loading />;
  if (state.status === "error") return <ErrorView error={state.error} onRetry={reload} />;
  const first = state.data.curators.filter((row) => row.rank < 2);
  return (
    <div className="work-school" data-testid="pair-candidates">
      <Title level="3" weight="2">
        {ta.candidates}
      </Title>
      <p className="page-note">{state.data.year ? ta.candidatesHint(state.data.year) : state.data.note}</p>
      {first.map((row) => (
        <div key={row.schoolId} className="work-school" data-testid={`pair-candidate-${row.schoolId}`}>
          <Cell multiline subtitle={row.reasons.join("; ")}>
            {row.name}
          </Cell>
          {onPick && (
            <Button size="s" mode="bezeled" onClick={() => onPick(row.schoolId)} data-testid={`pair-pick-${row.schoolId}`}>
              {ta.pick}
            </Button>
          )}
        </div>
      ))}
    </div>
  );
}

function PairForm({ districtId, onDone }: { districtId: string; onDone: (changed: boolean) => void }) {
  const [candidates] = useApi(`pair-candidates:${districtId}`, () => assignmentsApi.candidates(districtId));
  const [input, setInput] = useState<PairInput>({ supportedSchoolId: "", curatorSchoolId: "", startsOn: today(), endsOn: null, note: null });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  if (candidates.status === "loading") return <Loading />;
  if (candidates.status === "error") return <ErrorView error={candidates.error} onRetry={() => onDone(false)} />;
  const set = (patch: Partial<PairInput>) => setInput({ ...input, ...patch });
  const label = (name: string, reasons: string[]) => (reasons.length ? `${name} — ${reasons.join("; ")}` : name);
  const save = () => {
    setBusy(true);
    setError(null);
    assignmentsApi.createPair(districtId, input).then(
      () => onDone(true),
      (failure: unknown) => {
        setBusy(false);
        setError(asApiError(failure));
      },
    );
  };
  return (
    <div className="work-school" data-testid="pair-form">
      <Title level="3" weight="2">
        {ta.pairForm}
      </Title>
      <label className="work-field">
        {ta.supported}
        <select value={input.supportedSchoolId} onChange={(event) => set({ supportedSchoolId: event.target.value })} data-testid="pair-supported">
          <option value="">{ta.chooseSchool}</option>
          {candidates.data.supported.map((row) => (
            <option key={row.schoolId} value={row.schoolId}>
              {label(row.name, row.reasons)}
            </option>
          ))}
        </select>
      </label>
      <label className="work-field">
        {ta.curatorSchool}
        <select value={input.curatorSchoolId} onChange={(event) => set({ curatorSchoolId: event.target.value })} data-testid="pair-curator">
          <option value="">{ta.chooseSchool}</option>
          {candidates.data.curators
            .filter((row) => row.schoolId !== input.supportedSchoolId)
            .map((row) => (
              <option key={row.schoolId} value={row.schoolId}>
                {label(row.name, row.reasons)}
              </option>
            ))}
        </select>
      </label>
      <Candidates districtId={districtId} onPick={(schoolId) => set({ curatorSchoolId: schoolId })} />
      <label className="work-field">
        {ta.startsOn}
        <input type="date" value={input.startsOn} onChange={(event) => set({ startsOn: event.target.value })} data-testid="pair-starts" />
      </label>
      <label className="work-field">
        {ta.endsOn}
        <input type="date" value={input.endsOn ?? ""} onChange={(event) => set({ endsOn: event.target.value || null })} data-testid="pair-ends" />
      </label>
      <label className="work-field">
        {ta.note}
        <input type="text" maxLength={1000} value={input.note ?? ""} onChange={(event) => set({ note: event.target.value || null })} data-testid="pair-note" />
      </label>
      <ActionError error={error} />
      <div className="work-sheet-buttons">
        <Button loading={busy} disabled={!input.supportedSchoolId || !input.curatorSchoolId} onClick={save} data-testid="pair-save">
          {ta.save}
        </Button>
        <Button mode="plain" disabled={busy} onClick={() => onDone(false)} data-testid="pair-cancel">
          {ta.cancel}
        </Button>
      </div>
    </div>
  );
}

function PairCard({ pair, canEdit, onEnded }: { pair: Pair; canEdit: boolean; onEnded: () => void }) {
  const [confirm, setConfirm] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const end = () => {
    setBusy(true);
    assignmentsApi.endPair(pair.id).then(onEnded, (failure: unknown) => {
      setBusy(false);
      setError(asApiError(failure));
    });
  };
  return (
    <div className="work-school" data-testid={`pair-${pair.id}`}>
      <Cell multiline subtitle={`${period(pair.startsOn, pair.endsOn)} · ${ta.status[pair.status] ?? pair.status}`}>
        {ta.pairLine(pair.curatorSchoolName, pair.supportedSchoolName)}
      </Cell>
      <p className="work-note">{pair.curatorHeads.length ? ta.curatorHeads(pair.curatorHeads.map((head) => head.name).join(", ")) : ta.noCuratorHeads}</p>
      {pair.note && <p className="work-note">{pair.note}</p>}
      {canEdit && pair.status !== "ended" && !confirm && (
        <div className="work-sheet-buttons">
          <Button size="s" mode="outline" onClick={() => setConfirm(true)} data-testid={`pair-end-${pair.id}`}>
            {ta.end}
          </Button>
        </div>
      )}
      {confirm && (
        <div className="work-confirm">
          <p>{ta.endPairAsk(pair.curatorSchoolName, pair.supportedSchoolName)}</p>
          <div className="work-sheet-buttons">
            <Button size="s" loading={busy} onClick={end} data-testid={`pair-end-yes-${pair.id}`}>
              {ta.endYes}
            </Button>
            <Button size="s" mode="plain" disabled={busy} onClick={() => setConfirm(false)} data-testid={`pair-end-no-${pair.id}`}>
              {ta.cancel}
            </Button>
          </div>
        </div>
      )}
      <ActionError error={error} />
    </div>
  );
}
