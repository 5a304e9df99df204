/**
 * Programmes as documents (#15 §6): the district's programmes (district staff and the working group see
 * all with state, review average and last monitoring; a head their school's; an expert what is assigned
 * to them), the passport form, submission, experts named by the district, the expert's scored form,
 * return and approval by order, then monitoring (April) and the effectiveness analysis (December) with
 * the indicators' achievement. One column for phones (320 px). Routes: miniapp/api/routes/programmes.ts.
 */
import { useState } from "react";
import { Button, Cell, List, Section, Title } from "@telegram-apps/telegram-ui";
import { apiFetch, asApiError, readJson, type ApiError } from "../api.ts";
import { save } from "../download.ts";
import { tp } from "../messages/ru-programmes.ts";
import { useApi } from "../useApi.ts";
import { ErrorView, Loading } from "../components/Status.tsx";
import type { NetworkPageProps } from "./NetworkRoutes.tsx";
import { programmesApi, type Indicator, type Passport, type ProgrammeInput, type ProgrammeList, type ProgrammeView } from "./ProgrammesApi.ts";

const CRITERIA = ["goal_fits_risks", "tasks_measurable", "measures_realistic", "resources", "indicators"];
const dateText = (iso: string) => iso.slice(0, 10).split("-").reverse().join(".");
const lines = (text: string) => text.split("\n").map((line) => line.trim()).filter(Boolean);

export function ProgrammesPage({ route, navigate }: NetworkPageProps) {
  const districtId = route.districtId;
  if (!districtId) return <p className="page-note" data-testid="programmes-no-district">{tp.noDistrict}</p>;
  const open = (id?: string) => navigate({ page: "network", section: "programmes", districtId, ...(id ? { id } : {}) });
  return route.id ? <ProgrammeDetail programmeId={route.id} onBack={() => open()} /> : <ProgrammeListView districtId={districtId} onOpen={open} />;
}

function ProgrammeListView({ districtId, onOpen }: { districtId: string; onOpen: (id: string) => void }) {
  const [state, reload] = useApi(`programmes:${districtId}`, () => programmesApi.list(districtId));
  const [creating, setCreating] = useState<{ kind: "school" | "municipal"; schoolId: string | null } | null>(null);
  return (
    <List data-testid="programmes">
      <Title level="2" weight="2" className="page-title">
        {tp.title}
      </Title>
      {state.status === "loading" ? (
        <Loading />
      ) : state.status === "error" ? (
        <ErrorView error={state.error} onRetry={reload} />
      ) : (
        <>
          <p className="page-note">{state.data.overview ? tp.introOverview : tp.introOwn}</p>
          {creating ? (
            <PassportForm
              initial={null}
              onCancel={() => setCreating(null)}
              onSave={async (input) => {
                const { id } = await programmesApi.create(districtId, { ...input, ...creating });
                setCreating(null);
                onOpen(id);
              }}
            />
          ) : (
            <CreateButtons list={state.data} onCreate={setCreating} />
          )}
          <Section data-testid="programmes-list">
            {state.data.programmes.length === 0 && <Cell multiline>{tp.none}</Cell>}
            {state.data.programmes.map((item) => (
              <Cell
                key={item.id}
                multiline
                data-testid={`programme-${item.id}`}
                onClick={() => onOpen(item.id)}
                subtitle={[
                  item.schoolName ?? tp.kinds.municipal,
                  `${tp.states[item.state] ?? item.state}, ${tp.version(item.version)}`,
                  item.reviewAverage === null ? tp.noReviews : tp.reviewAverage(item.reviewAverage),
                  item.lastMonitoring ? tp.lastMonitoring(item.lastMonitoring.kind, item.lastMonitoring.period) : tp.noMonitoring,
                ].join(" · ")}
              >
                {item.title}
              </Cell>
            ))}
          </Section>
        </>
      )}
    </List>
  );
}

function CreateButtons({ list, onCreate }: { list: ProgrammeList; onCreate: (value: { kind: "school" | "municipal"; schoolId: string | null }) => void }) {
  if (!list.canCreateMunicipal && !list.headSchools.length) return null;
  return (
    <div className="work-actions">
      {list.headSchools.map((school) => (
        <Button key={school.id} size="s" data-testid={`programme-new-${school.id}`} onClick={() => onCreate({ kind: "school", schoolId: school.id })}>
          {tp.newSchool(school.name)}
        </Button>
      ))}
      {list.canCreateMunicipal && (
        <Button size="s" data-testid="programme-new-municipal" onClick={() => onCreate({ kind: "municipal", schoolId: null })}>
          {tp.newMunicipal}
        </Button>
      )}
    </div>
  );
}

// ---- the passport form ----

interface Draft {
  title: string;
  goal: string;
  tasks: string;
  termFrom: string;
  termTo: string;
  expectedResults: string;
  developers: string;
  executors: string;
  indicators: Array<{ id?: string; name: string; unit: string; baseline: string; target: string }>;
}

const draftOf = (initial: ProgrammeInput | null): Draft => {
  const year = new Date().getFullYear();
  if (!initial) {
    return {
      title: "",
      goal: "",
      tasks: "",
      termFrom: `${year}-01-01`,
      termTo: `${year}-12-31`,
      expectedResults: "",
      developers: "",
      executors: "",
      indicators: [{ name: "", unit: "%", baseline: "", target: "" }],
    };
  }
  const p = initial.passport;
  return {
    title: initial.title,
    goal: p.goal,
    tasks: p.tasks.join("\n"),
    termFrom: p.termFrom,
    termTo: p.termTo,
    expectedResults: p.expectedResults.join("\n"),
    developers: p.developers.join("\n"),
    executors: p.executors.join("\n"),
    indicators: initial.indicators.map((indicator) => ({ ...(indicator.id ? { id: indicator.id } : {}), name: indicator.name, unit: indicator.unit, baseline: String(indicator.baseline), target: String(indicator.target) })),
  };
};

const number = (text: string) => (text.trim() === "" ? Number.NaN : Number(text.replace(",", ".")));

function inputOf(draft: Draft): ProgrammeInput {
  const passport: Passport = {
    goal: draft.goal,
    tasks: lines(draft.tasks),
    termFrom: draft.termFrom,
    termTo: draft.termTo,
    expectedResults: lines(draft.expectedResults),
    developers: lines(draft.developers),
    executors: lines(draft.executors),
  };
  const indicators: Indicator[] = draft.indicators.map((row) => ({
    ...(row.id ? { id: row.id } : {}),
    name: row.name,
    unit: row.unit,
    baseline: number(row.baseline),
    target: number(row.target),
  }));
  return { title: draft.title, passport, indicators };
}

function PassportForm({ initial, onSave, onCancel }: { initial: ProgrammeInput | null; onSave: (input: ProgrammeInput) => Promise<void>; onCancel: () => void }) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(initial));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const set = (patch: Partial<Draft>) => setDraft({ ...draft, ...patch });
  const setRow = (index: number, patch: Partial<Draft["indicators"][number]>) => set({ indicators: draft.indicators.map((row, at) => (at === index ? { ...row, ...patch } : row)) });
  const text = (label: string, key: "goal" | "tasks" | "expectedResults" | "developers" | "executors", rows: number) => (
    <label className="work-field">
      {label}
      <textarea rows={rows} value={draft[key]} data-testid={`programme-field-${key}`} onChange={(event) => set({ [key]: event.target.value })} />
    </label>
  );
  const submit = () => {
    setBusy(true);
    setError(null);
    onSave(inputOf(draft))
      .catch((failure: unknown) => setError(asApiError(failure)))
      .finally(() => setBusy(false));
  };
  return (
    <Section header={tp.passport} data-testid="programme-form">
      <label className="work-field">
        {tp.titleField}
        <input value={draft.title} maxLength={300} data-testid="programme-field-title" onChange={(event) => set({ title: event.target.value })} />
      </label>
      {text(tp.goal, "goal", 3)}
      {text(tp.tasks, "tasks", 4)}
      <label className="work-field">
        {tp.termFrom}
        <input type="date" value={draft.termFrom} data-testid="programme-field-termFrom" onChange={(event) => set({ termFrom: event.target.value })} />
      </label>
      <label className="work-field">
        {tp.termTo}
        <input type="date" value={draft.termTo} data-testid="programme-field-termTo" onChange={(event) => set({ termTo: event.target.value })} />
      </label>
      {text(tp.expectedResults, "expectedResults", 3)}
      {text(tp.developers, "developers", 2)}
      {text(tp.executors, "executors", 2)}
      <p className="work-note">{tp.indicators}</p>
      {draft.indicators.map((row, index) => (
        <div key={index} className="work-school" data-testid={`programme-indicator-${index}`}>
          <label className="work-field">
            {tp.indicatorName}
            <input value={row.name} maxLength={300} data-testid={`programme-indicator-${index}-name`} onChange={(event) => setRow(index, { name: event.target.value })} />
          </label>
          <label className="work-field">
            {tp.unit}
            <input value={row.unit} maxLength={30} data-testid={`programme-indicator-${index}-unit`} onChange={(event) => setRow(index, { unit: event.target.value })} />
          </label>
          <label className="work-field">
            {tp.baseline}
            <input inputMode="decimal" value={row.baseline} data-testid={`programme-indicator-${index}-baseline`} onChange={(event) => setRow(index, { baseline: event.target.value })} />
          </label>
          <label className="work-field">
            {tp.target}
            <input inputMode="decimal" value={row.target} data-testid={`programme-indicator-${index}-target`} onChange={(event) => setRow(index, { target: event.target.value })} />
          </label>
          {draft.indicators.length > 1 && (
            <Button size="s" mode="plain" data-testid={`programme-indicator-${index}-remove`} onClick={() => set({ indicators: draft.indicators.filter((_, at) => at !== index) })}>
              {tp.removeIndicator}
            </Button>
          )}
        </div>
      ))}
      <div className="work-sheet-buttons">
        <Button size="s" mode="bezeled" data-testid="programme-indicator-add" onClick={() => set({ indicators: [...draft.indicators, { name: "", unit: "%", baseline: "", target: "" }] })}>
          {tp.addIndicator}
        </Button>
      </div>
      {error && <p className="work-error" data-testid="programme-form-error">{error.message}</p>}
      <div className="work-sheet-buttons">
        <Button size="s" loading={busy} data-testid="programme-save" onClick={submit}>
          {tp.save}
        </Button>
        <Button size="s" mode="plain" data-testid="programme-cancel" onClick={onCancel}>
          {tp.cancel}
        </Button>
      </div>
    </Section>
  );
}

// ---- one programme ----

type Panel = "edit" | "assign" | "review" | "return" | "approve" | "monitor" | null;

function ProgrammeDetail({ programmeId, onBack }: { programmeId: string; onBack: () => void }) {
  const [state, reload] = useApi(`programme:${programmeId}`, () => programmesApi.get(programmeId));
  const [panel, setPanel] = useState<Panel>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const act = (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    return work()
      .then(() => {
        setPanel(null);
        reload();
      })
      .catch((failure: unknown) => {
        setError(asApiError(failure));
        throw failure;
      })
      .finally(() => setBusy(false));
  };
  return (
    <List data-testid="programme-detail">
      <div className="work-actions">
        <Button size="s" mode="plain" data-testid="programme-back" onClick={onBack}>
          {tp.back}
        </Button>
      </div>
      {state.status === "loading" ? (
        <Loading />
      ) : state.status === "error" ? (
        <ErrorView error={state.error} onRetry={reload} />
      ) : (
        <DetailBody view={state.data} panel={panel} setPanel={setPanel} act={act} busy={busy} error={error} onUploaded={reload} />
      )}
    </List>
  );
}

function DetailBody({
  view,
  panel,
  setPanel,
  act,
  busy,
  error,
  onUploaded,
}: {
  view: ProgrammeView;
  panel: Panel;
  setPanel: (panel: Panel) => void;
  act: (work: () => Promise<unknown>) => Promise<void>;
  busy: boolean;
  error: ApiError | null;
  onUploaded: () => void;
}) {
  const { programme, actions } = view;
  const can = (action: string) => actions.includes(action as never);
  const passport = programme.passport;
  return (
    <>
      <Title level="2" weight="2" className="page-title">
        {programme.title}
      </Title>
      <p className="page-note" data-testid="programme-state">
        {tp.kinds[programme.kind]}
        {programme.schoolName ? ` · ${programme.schoolName}` : ""} · {tp.states[programme.state] ?? programme.state}, {tp.version(programme.version)}
        {programme.approvalRef ? ` · ${tp.approvedBy(programme.approvalRef)}` : ""}
      </p>
      <div className="work-sheet-buttons" data-testid="programme-actions">
        {can("edit") && (
          <Button size="s" mode="bezeled" data-testid="programme-edit" onClick={() => setPanel(panel === "edit" ? null : "edit")}>
            {tp.edit}
          </Button>
        )}
        {can("submit") && (
          <Button size="s" loading={busy} data-testid="programme-submit" onClick={() => void act(() => programmesApi.submit(programme.id)).catch(() => undefined)}>
            {tp.submit}
          </Button>
        )}
        {can("assign") && (
          <Button size="s" mode="bezeled" data-testid="programme-assign" onClick={() => setPanel(panel === "assign" ? null : "assign")}>
            {tp.assign}
          </Button>
        )}
        {can("review") && (
          <Button size="s" data-testid="programme-review" onClick={() => setPanel(panel === "review" ? null : "review")}>
            {tp.review}
          </Button>
        )}
        {can("return") && (
          <Button size="s" mode="outline" data-testid="programme-return" onClick={() => setPanel(panel === "return" ? null : "return")}>
            {tp.giveBack}
          </Button>
        )}
        {can("approve") && (
          <Button size="s" data-testid="programme-approve" onClick={() => setPanel(panel === "approve" ? null : "approve")}>
            {tp.approve}
          </Button>
        )}
        {can("monitor") && (
          <Button size="s" mode="bezeled" data-testid="programme-monitor" onClick={() => setPanel(panel === "monitor" ? null : "monitor")}>
            {tp.monitor}
          </Button>
        )}
      </div>
      {error && <p className="work-error" data-testid="programme-error">{error.message}</p>}
      {panel === "edit" && (
        <PassportForm
          initial={{ title: programme.title, passport, indicators: programme.indicators }}
          onCancel={() => setPanel(null)}
          onSave={(input) => act(() => programmesApi.update(programme.id, input))}
        />
      )}
      {panel === "assign" && <AssignPanel programmeId={programme.id} busy={busy} onAssign={(ids) => act(() => programmesApi.assign(programme.id, ids)).catch(() => undefined)} />}
      {panel === "review" && <ReviewForm view={view} busy={busy} onSend={(input) => act(() => programmesApi.review(programme.id, input)).catch(() => undefined)} />}
      {panel === "return" && <ReturnForm busy={busy} onSend={(note) => act(() => programmesApi.giveBack(programme.id, note)).catch(() => undefined)} />}
      {panel === "approve" && <ApproveForm busy={busy} onSend={(number, date) => act(() => programmesApi.approve(programme.id, number, date)).catch(() => undefined)} />}
      {panel === "monitor" && <MonitorForm view={view} busy={busy} onSend={(input) => act(() => programmesApi.monitor(programme.id, input)).catch(() => undefined)} />}

      <Section header={tp.passport} data-testid="programme-passport">
        <ul className="work-lines">
          <li>
            <b>{tp.goal}:</b> {passport.goal}
          </li>
          <li>{tp.term(dateText(passport.termFrom), dateText(passport.termTo))}</li>
        </ul>
        {(
          [
            [tp.listTasks, passport.tasks],
            [tp.listResults, passport.expectedResults],
            [tp.listDevelopers, passport.developers],
            [tp.listExecutors, passport.executors],
          ] as const
        ).map(([label, items]) => (
          <div key={label}>
            <p className="work-note">{label}</p>
            <ul className="work-lines">
              {items.map((item, index) => (
                <li key={index}>{item}</li>
              ))}
            </ul>
          </div>
        ))}
        <p className="work-note">{tp.indicators}</p>
        <ul className="work-lines" data-testid="programme-indicators">
          {programme.indicators.map((indicator) => (
            <li key={indicator.id}>{tp.indicatorLine(indicator.name, indicator.unit, indicator.baseline, indicator.target)}</li>
          ))}
        </ul>
      </Section>

      <FileSection view={view} onUploaded={onUploaded} />

      {(view.reviews.length > 0 || view.canSeeAll) && (
        <Section header={tp.reviews} data-testid="programme-reviews">
          {view.reviews.length === 0 && <Cell multiline>{tp.noReviews}</Cell>}
          {view.reviews.map((review) => (
            <div key={review.id} className="work-school" data-testid={`programme-review-${review.id}`}>
              <Cell multiline subtitle={review.submittedAt ? `${tp.total(CRITERIA.reduce((sum, key) => sum + (review.scores?.[key] ?? 0), 0))} · ${review.verdict ? tp.verdicts[review.verdict] : ""}` : tp.waiting}>
                {tp.reviewOf(review.reviewerName, review.version)}
              </Cell>
              {review.submittedAt && (
                <ul className="work-lines work-note">
                  {CRITERIA.map((key) => (
                    <li key={key}>
                      {tp.criteria[key]}: {review.scores?.[key] ?? "—"}
                      {review.comments[key] ? ` — ${review.comments[key]}` : ""}
                    </li>
                  ))}
                  {review.comment && <li>{review.comment}</li>}
                </ul>
              )}
            </div>
          ))}
        </Section>
      )}

      <Section header={tp.monitorings} data-testid="programme-monitorings">
        {view.monitorings.length === 0 && <Cell multiline>{tp.noMonitorings}</Cell>}
        {view.monitorings.map((monitoring) => (
          <div key={monitoring.id} className="work-school" data-testid={`programme-monitoring-${monitoring.kind}-${monitoring.period}`}>
            <Cell multiline subtitle={tp.achievement(monitoring.achievement.reached, monitoring.achievement.total, monitoring.achievement.reachedShare)}>
              {tp.monitorKinds[monitoring.kind]} · {monitoring.period}
            </Cell>
            <ul className="work-lines work-note">
              {monitoring.achievement.indicators.map((row) => (
                <li key={row.id}>
                  {row.reached ? tp.reached : tp.notReached} {row.name}: {row.value ?? "—"} / {row.target} {row.unit} ({tp.progress(row.progress)})
                </li>
              ))}
              {monitoring.conclusion && <li>{monitoring.conclusion}</li>}
            </ul>
          </div>
        ))}
      </Section>

      {view.log.length > 0 && (
        <Section header={tp.log} data-testid="programme-log">
          <ul className="work-lines work-note">
            {view.log.map((entry) => (
              <li key={entry.id}>
                {dateText(entry.at)} — {tp.logActions[entry.action] ?? entry.action}
                {entry.actorName ? ` (${entry.actorName})` : ""}
                {entry.note ? `: ${entry.note}` : ""}
              </li>
            ))}
          </ul>
        </Section>
      )}
    </>
  );
}

function FileSection({ view, onUploaded }: { view: ProgrammeView; onUploaded: () => void }) {
  const [error, setError] = useState<string | null>(null);
  const [uploading, setUploading] = useState(false);
  const { programme } = view;
  const download = async () => {
    setError(null);
    try {
      const response = await apiFetch(programmesApi.fileUrl(programme.id));
      if (!response.ok) await readJson(response);
      save({ blob: await response.blob(), filename: programme.file?.name ?? "programme" });
    } catch (raised) {
      setError(asApiError(raised).message);
    }
  };
  const upload = (file: File | undefined) => {
    if (!file) return;
    setUploading(true);
    setError(null);
    programmesApi
      .uploadFile(programme.id, file)
      .then(onUploaded, (raised: unknown) => setError(asApiError(raised).message))
      .finally(() => setUploading(false));
  };
  return (
    <Section header={tp.file} data-testid="programme-file">
      {programme.file ? (
        <div className="work-sheet-buttons">
          <Button size="s" mode="plain" data-testid="programme-file-download" onClick={() => void download()}>
            {tp.download}: {programme.file.name}
          </Button>
        </div>
      ) : (
        <Cell multiline>{tp.noFile}</Cell>
      )}
      {view.actions.includes("edit") && (
        <label className="work-field">
          {uploading ? tp.uploading : tp.upload}
          <input type="file" data-testid="programme-file-upload" disabled={uploading} onChange={(event) => upload(event.target.files?.[0])} />
        </label>
      )}
      {error && <p className="work-error">{error}</p>}
    </Section>
  );
}

function AssignPanel({ programmeId, busy, onAssign }: { programmeId: string; busy: boolean; onAssign: (ids: string[]) => void }) {
  const [options, reload] = useApi(`programme-reviewers:${programmeId}`, () => programmesApi.reviewerOptions(programmeId));
  const [chosen, setChosen] = useState<string[]>([]);
  if (options.status === "loading") return <Loading />;
  if (options.status === "error") return <ErrorView error={options.error} onRetry={reload} />;
  return (
    <Section header={tp.assign} data-testid="programme-assign-panel">
      <p className="work-note">{tp.assignHint}</p>
      {options.data.candidates.length === 0 && <Cell multiline>{tp.noCandidates}</Cell>}
      {options.data.candidates.map((candidate) => (
        <label key={candidate.personId} className="check">
          <input
            type="checkbox"
            data-testid={`programme-reviewer-${candidate.personId}`}
            checked={chosen.includes(candidate.personId)}
            onChange={(event) => setChosen(event.target.checked ? [...chosen, candidate.personId] : chosen.filter((id) => id !== candidate.personId))}
          />{" "}
          {candidate.displayName ?? "—"}
        </label>
      ))}
      <div className="work-sheet-buttons">
        <Button size="s" loading={busy} disabled={!chosen.length} data-testid="programme-assign-do" onClick={() => onAssign(chosen)}>
          {tp.assignDo}
        </Button>
      </div>
    </Section>
  );
}

function ReviewForm({ view, busy, onSend }: { view: ProgrammeView; busy: boolean; onSend: (input: { scores: Record<string, number>; comments: Record<string, string>; comment: string; verdict: "approve" | "return" }) => void }) {
  const mine = view.myReview;
  const [scores, setScores] = useState<Record<string, number>>(() => mine?.scores ?? {});
  const [comments, setComments] = useState<Record<string, string>>(() => mine?.comments ?? {});
  const [comment, setComment] = useState(mine?.comment ?? "");
  const [verdict, setVerdict] = useState<"approve" | "return">(mine?.verdict ?? "approve");
  return (
    <Section header={tp.review} data-testid="programme-review-form">
      <p className="work-note">{mine?.submittedAt ? tp.myReviewSaved : tp.reviewHint}</p>
      {CRITERIA.map((key) => (
        <div key={key} className="work-school">
          <label className="work-field">
            {tp.criteria[key]}
            <select value={scores[key] === undefined ? "" : String(scores[key])} data-testid={`programme-score-${key}`} onChange={(event) => setScores({ ...scores, [key]: Number(event.target.value) })}>
              <option value="">—</option>
              {[0, 1, 2].map((n) => (
                <option key={n} value={n}>
                  {tp.score(n)}
                </option>
              ))}
            </select>
          </label>
          <label className="work-field">
            {tp.criterionComment}
            <input value={comments[key] ?? ""} maxLength={1000} data-testid={`programme-score-${key}-comment`} onChange={(event) => setComments({ ...comments, [key]: event.target.value })} />
          </label>
        </div>
      ))}
      <label className="work-field">
        {tp.generalComment}
        <textarea rows={3} value={comment} maxLength={4000} data-testid="programme-review-comment" onChange={(event) => setComment(event.target.value)} />
      </label>
      <label className="work-field">
        {tp.verdict}
        <select value={verdict} data-testid="programme-review-verdict" onChange={(event) => setVerdict(event.target.value as "approve" | "return")}>
          <option value="approve">{tp.verdicts.approve}</option>
          <option value="return">{tp.verdicts.return}</option>
        </select>
      </label>
      <div className="work-sheet-buttons">
        <Button
          size="s"
          loading={busy}
          data-testid="programme-review-send"
          onClick={() => onSend({ scores, comments: Object.fromEntries(Object.entries(comments).filter(([, text]) => text.trim())), comment, verdict })}
        >
          {tp.sendReview}
        </Button>
      </div>
    </Section>
  );
}

function ReturnForm({ busy, onSend }: { busy: boolean; onSend: (note: string) => void }) {
  const [note, setNote] = useState("");
  return (
    <Section header={tp.giveBack} data-testid="programme-return-form">
      <label className="work-field">
        {tp.giveBackNote}
        <textarea rows={4} value={note} maxLength={4000} data-testid="programme-return-note" onChange={(event) => setNote(event.target.value)} />
      </label>
      <div className="work-sheet-buttons">
        <Button size="s" mode="outline" loading={busy} data-testid="programme-return-do" onClick={() => onSend(note)}>
          {tp.giveBackDo}
        </Button>
      </div>
    </Section>
  );
}

function ApproveForm({ busy, onSend }: { busy: boolean; onSend: (number: string, date: string) => void }) {
  const [orderNumber, setNumber] = useState("");
  const [orderDate, setDate] = useState(() => new Date().toISOString().slice(0, 10));
  return (
    <Section header={tp.approve} data-testid="programme-approve-form">
      <label className="work-field">
        {tp.orderNumber}
        <input value={orderNumber} maxLength={50} data-testid="programme-approve-number" onChange={(event) => setNumber(event.target.value)} />
      </label>
      <label className="work-field">
        {tp.orderDate}
        <input type="date" value={orderDate} data-testid="programme-approve-date" onChange={(event) => setDate(event.target.value)} />
      </label>
      <div className="work-sheet-buttons">
        <Button size="s" loading={busy} data-testid="programme-approve-do" onClick={() => onSend(orderNumber, orderDate)}>
          {tp.approveDo}
        </Button>
      </div>
    </Section>
  );
}

function MonitorForm({ view, busy, onSend }: { view: ProgrammeView; busy: boolean; onSend: (input: { kind: string; period: string; values: Record<string, number>; conclusion: string }) => void }) {
  const now = new Date();
  const [kind, setKind] = useState<"monitoring" | "effectiveness">(now.getMonth() >= 8 ? "effectiveness" : "monitoring");
  const [year, setYear] = useState(String(now.getFullYear()));
  const [values, setValues] = useState<Record<string, string>>({});
  const [conclusion, setConclusion] = useState("");
  const send = () => {
    const parsed = Object.fromEntries(
      Object.entries(values)
        .filter(([, text]) => text.trim() !== "")
        .map(([key, text]) => [key, Number(text.replace(",", "."))]),
    );
    onSend({ kind, period: `${year.trim()}-${kind === "monitoring" ? "04" : "12"}`, values: parsed, conclusion });
  };
  return (
    <Section header={tp.monitor} data-testid="programme-monitor-form">
      <label className="work-field">
        {tp.monitorKind}
        <select value={kind} data-testid="programme-monitor-kind" onChange={(event) => setKind(event.target.value as "monitoring" | "effectiveness")}>
          <option value="monitoring">{tp.monitorKinds.monitoring}</option>
          <option value="effectiveness">{tp.monitorKinds.effectiveness}</option>
        </select>
      </label>
      <label className="work-field">
        {tp.period}
        <input inputMode="numeric" value={year} maxLength={4} data-testid="programme-monitor-year" onChange={(event) => setYear(event.target.value)} />
      </label>
      {view.programme.indicators.map((indicator) => (
        <label key={indicator.id} className="work-field">
          {indicator.name} ({indicator.baseline} → {indicator.target} {indicator.unit})
          <input inputMode="decimal" value={values[indicator.id] ?? ""} data-testid={`programme-monitor-value-${indicator.id}`} onChange={(event) => setValues({ ...values, [indicator.id]: event.target.value })} />
        </label>
      ))}
      <label className="work-field">
        {tp.conclusion}
        <textarea rows={3} value={conclusion} maxLength={4000} data-testid="programme-monitor-conclusion" onChange={(event) => setConclusion(event.target.value)} />
      </label>
      <div className="work-sheet-buttons">
        <Button size="s" loading={busy} data-testid="programme-monitor-do" onClick={send}>
          {tp.monitorDo}
        </Button>
      </div>
    </Section>
  );
}
