import { useRef, useState, type ReactNode } from "react";
import { Button, Cell, Input, List, Section } from "@telegram-apps/telegram-ui";
import { api, asApiError, type ApiError } from "../api.ts";
import { ErrorView, Loading } from "../components/Status.tsx";
import { tb } from "../messages/ru-baseline.ts";
import { useApi } from "../useApi.ts";
import {
  BASELINE_INSTRUMENTS,
  baselineApi,
  shareText,
  type BaselineComparison,
  type BaselineInstrument,
  type BaselineMapping,
  type BaselinePreview,
  type FileProblem,
  type ReleasedCell,
} from "./BaselineApi.ts";

const tableStyle = { borderCollapse: "collapse", fontSize: 14, width: "100%" } as const;
const headStyle = { textAlign: "left", padding: "6px", verticalAlign: "bottom", fontWeight: 600 } as const;
/** A select never wider than the phone (question texts are long). */
const selectStyle = { maxWidth: "100%" } as const;
const cellStyle = { padding: "6px", verticalAlign: "top", borderTop: "1px solid var(--tg-theme-section-separator-color, #8884)" } as const;

type State =
  | { step: "idle" }
  | { step: "checking" | "importing"; file: File }
  | { step: "checked"; file: File; preview: BaselinePreview }
  | { step: "imported"; message: string }
  | { step: "failed"; error: ApiError };

const problemText = (problem: FileProblem) =>
  [problem.row !== undefined ? `строка ${problem.row}` : null, problem.column ? `столбец «${problem.column}»` : null].filter(Boolean).join(", ") +
  (problem.row !== undefined || problem.column ? ": " : "") +
  problem.message;

/**
 * The baseline of #13 §8 for district staff: an export of an earlier round (Google Forms, Yandex Forms) is
 * checked (nothing written), its columns, answers and schools mapped where they were not recognised (the
 * mapping is saved for the district and the instrument), then imported into a closed campaign. Below, the
 * imported baselines and the comparison with the new round through the release rules.
 */
export function BaselinePage({ districtId }: { districtId: string }) {
  const [instrument, setInstrument] = useState<BaselineInstrument>("teacher_deficits");
  const [schoolId, setSchoolId] = useState("");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [state, setState] = useState<State>({ step: "idle" });
  const [edits, setEdits] = useState<BaselineMapping | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const [me] = useApi("me", () => api.me());
  const [list, reloadList] = useApi(`baselines:${districtId}`, () => baselineApi.list(districtId));
  const schools = me.status === "ok" ? me.data.schools.filter((school) => school.districtId === districtId) : [];

  const send = (file: File, dryRun: boolean) => {
    setState({ step: dryRun ? "checking" : "importing", file });
    baselineApi.upload(districtId, file, { instrument, dryRun, schoolId: schoolId || undefined, from: from || undefined, to: to || undefined }).then(
      (result) => {
        if (!dryRun) {
          setState({ step: "imported", message: result.message ?? "" });
          reloadList();
          return;
        }
        setEdits(structuredClone(result.mapping));
        setState({ step: "checked", file, preview: result });
      },
      (error: unknown) => setState({ step: "failed", error: asApiError(error) }),
    );
  };
  const saveAndCheck = (file: File) => {
    if (!edits) return;
    setState({ step: "checking", file });
    baselineApi.saveMapping(districtId, instrument, edits).then(
      () => send(file, true),
      (error: unknown) => setState({ step: "failed", error: asApiError(error) }),
    );
  };
  const busy = state.step === "checking" || state.step === "importing";

  return (
    <List data-testid="baseline">
      <Section header={tb("baseline.title")} footer={tb("baseline.intro")}>
        <div className="work-actions">
          <label className="work-select">
            {tb("baseline.instrument")}
            <select style={selectStyle} value={instrument} disabled={busy} onChange={(event) => setInstrument(event.target.value as BaselineInstrument)} data-testid="baseline-instrument">
              {BASELINE_INSTRUMENTS.map((key) => (
                <option key={key} value={key}>
                  {tb(`baseline.instrument.${key}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="work-select">
            {tb("baseline.school")}
            <select style={selectStyle} value={schoolId} disabled={busy} onChange={(event) => setSchoolId(event.target.value)} data-testid="baseline-school">
              <option value="">{tb("baseline.schoolFromFile")}</option>
              {schools.map((school) => (
                <option key={school.id} value={school.id}>
                  {school.name}
                </option>
              ))}
            </select>
          </label>
          <Input header={tb("baseline.from")} type="date" value={from} onChange={(event) => setFrom(event.target.value)} />
          <Input header={tb("baseline.to")} type="date" value={to} onChange={(event) => setTo(event.target.value)} />
          <input
            ref={input}
            type="file"
            accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
            className="visually-hidden"
            data-testid="baseline-file"
            onChange={(event) => {
              const file = event.target.files?.[0];
              event.target.value = "";
              if (file) send(file, true);
            }}
          />
          {state.step !== "checked" && (
            <Button size="l" stretched loading={busy} disabled={busy} onClick={() => input.current?.click()} data-testid="baseline-choose">
              {tb("baseline.choose")}
            </Button>
          )}
          <div role="status" aria-live="polite" data-testid="baseline-result">
            {state.step === "checking" && <p>{tb("baseline.checking")}</p>}
            {state.step === "importing" && <p>{tb("baseline.importing")}</p>}
            {state.step === "imported" && <p>{state.message}</p>}
            {state.step === "failed" && <p className="work-error work-lines">{state.error.message}</p>}
            {state.step === "checked" && edits && (
              <PreviewView
                preview={state.preview}
                mapping={edits}
                onChange={setEdits}
                schools={schools}
                actions={
                  <div style={{ display: "flex", gap: 8, flexWrap: "wrap" }}>
                    <Button size="m" mode="gray" onClick={() => setState({ step: "idle" })} data-testid="baseline-cancel">
                      {tb("baseline.cancel")}
                    </Button>
                    <Button size="m" mode="bezeled" onClick={() => saveAndCheck(state.file)} data-testid="baseline-recheck">
                      {tb("baseline.saveAndCheck")}
                    </Button>
                    {state.preview.problems.length === 0 && (
                      <Button size="m" onClick={() => send(state.file, false)} data-testid="baseline-import">
                        {tb("baseline.import")}
                      </Button>
                    )}
                  </div>
                }
              />
            )}
          </div>
        </div>
      </Section>
      <Section header={tb("baseline.list")}>
        {list.status === "loading" && <Loading />}
        {list.status === "error" && <ErrorView error={list.error} onRetry={reloadList} />}
        {list.status === "ok" && list.data.baselines.length === 0 && <Cell multiline>{tb("baseline.listEmpty")}</Cell>}
        {list.status === "ok" &&
          list.data.baselines.map((baseline) => (
            <Cell
              key={baseline.id}
              multiline
              description={tb("baseline.listRow", { from: baseline.opensAt.slice(0, 10), to: baseline.closesAt.slice(0, 10), responses: baseline.responses })}
            >
              {baseline.title}
            </Cell>
          ))}
      </Section>
      {list.status === "ok" && list.data.baselines.length > 0 && (
        <CompareSection districtId={districtId} instruments={[...new Set(list.data.baselines.map((baseline) => baseline.instrumentKey))]} />
      )}
    </List>
  );
}

function PreviewView({
  preview,
  mapping,
  onChange,
  schools,
  actions,
}: {
  preview: BaselinePreview;
  mapping: BaselineMapping;
  onChange: (mapping: BaselineMapping) => void;
  schools: Array<{ id: string; name: string }>;
  actions: ReactNode;
}) {
  const questions = new Map(preview.instrument.questions.map((question) => [question.id, question]));
  const columnValue = (key: string, role: string) => {
    const target = mapping.columns[key];
    if (target && "questionId" in target) return `q:${target.questionId}`;
    if (target && "role" in target) return target.role;
    return role === "school" ? "school" : "ignore";
  };
  const setColumn = (key: string, value: string) => {
    const columns = { ...mapping.columns };
    columns[key] = value.startsWith("q:") ? { questionId: value.slice(2) } : { role: value === "school" ? "school" : "ignore" };
    onChange({ ...mapping, columns });
  };
  const setAnswer = (questionId: string, key: string, value: string) => {
    const answers = { ...mapping.answers, [questionId]: { ...(mapping.answers[questionId] ?? {}) } };
    if (value === "") delete answers[questionId]![key];
    else answers[questionId]![key] = value === "unsure" ? "unsure" : Number(value);
    onChange({ ...mapping, answers });
  };
  const setSchool = (key: string, value: string) => {
    const next = { ...mapping.schools };
    if (value) next[key] = value;
    else delete next[key];
    onChange({ ...mapping, schools: next });
  };
  return (
    <div data-testid="baseline-preview">
      <p>
        <strong>{preview.summary}</strong>
      </p>
      {preview.window && <p className="page-note">{tb("baseline.window", preview.window)}</p>}
      <h4>{tb("baseline.columns")}</h4>
      <div style={{ overflowX: "auto" }}>
        <table style={tableStyle}>
          <tbody>
            {preview.columns.map((column) => (
              <tr key={column.letter} data-testid={`baseline-column-${column.letter}`}>
                <td style={cellStyle}>
                  {column.letter}. {column.header}
                </td>
                <td style={cellStyle}>
                  {column.role === "dropped" || column.role === "timestamp" ? (
                    <span className="page-note">{tb(`baseline.role.${column.role}`)}</span>
                  ) : (
                    <select style={selectStyle} value={columnValue(column.key, column.role)} onChange={(event) => setColumn(column.key, event.target.value)}>
                      <option value="ignore">{tb("baseline.ignore")}</option>
                      <option value="school">{tb("baseline.asSchool")}</option>
                      {preview.instrument.questions.map((question) => (
                        <option key={question.id} value={`q:${question.id}`}>
                          {question.text.length > 80 ? `${question.text.slice(0, 79)}…` : question.text}
                        </option>
                      ))}
                    </select>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {preview.unknownAnswers.length > 0 && (
        <>
          <h4>{tb("baseline.unknownAnswers")}</h4>
          {preview.unknownAnswers.map((unknown) => {
            const question = questions.get(unknown.questionId);
            const current = mapping.answers[unknown.questionId]?.[unknown.key];
            return (
              <label key={`${unknown.questionId}:${unknown.key}`} className="work-select">
                {tb("baseline.unknownAnswer", { text: unknown.text, question: question?.text ?? unknown.questionId, rows: unknown.rows })}
                <select style={selectStyle} value={current === undefined ? "" : String(current)} onChange={(event) => setAnswer(unknown.questionId, unknown.key, event.target.value)}>
                  <option value="">{tb("baseline.pick")}</option>
                  {(question?.options ?? []).map((option) => (
                    <option key={option.value} value={option.value}>
                      {option.label}
                    </option>
                  ))}
                  <option value="unsure">{tb("baseline.unsure")}</option>
                </select>
              </label>
            );
          })}
        </>
      )}
      {preview.unknownSchools.length > 0 && (
        <>
          <h4>{tb("baseline.unknownSchools")}</h4>
          {preview.unknownSchools.map((unknown) => (
            <label key={unknown.key} className="work-select">
              «{unknown.text}» ({unknown.rows})
              <select style={selectStyle} value={mapping.schools[unknown.key] ?? ""} onChange={(event) => setSchool(unknown.key, event.target.value)}>
                <option value="">{tb("baseline.pick")}</option>
                {schools.map((school) => (
                  <option key={school.id} value={school.id}>
                    {school.name}
                  </option>
                ))}
              </select>
            </label>
          ))}
        </>
      )}
      {preview.problems.length > 0 && (
        <>
          <h4>{tb("baseline.problems")}</h4>
          <ul className="work-error" data-testid="baseline-problems">
            {preview.problems.slice(0, 50).map((problem, index) => (
              <li key={index}>{problemText(problem)}</li>
            ))}
          </ul>
        </>
      )}
      {preview.warnings.length > 0 && (
        <>
          <h4>{tb("baseline.warnings")}</h4>
          <ul className="page-note">
            {preview.warnings.slice(0, 50).map((warning, index) => (
              <li key={index}>{problemText(warning)}</li>
            ))}
          </ul>
        </>
      )}
      {actions}
    </div>
  );
}

const cellText = (cell: ReleasedCell) => (cell.hidden ? tb("baseline.hidden") : shareText(cell.meanDeficit, ""));

function CompareSection({ districtId, instruments }: { districtId: string; instruments: string[] }) {
  const [instrument, setInstrument] = useState(instruments[0]!);
  const [state, reload] = useApi(`baseline-compare:${districtId}:${instrument}`, () => baselineApi.compare(districtId, instrument));
  return (
    <Section header={tb("baseline.compareTitle")}>
      <div style={{ padding: "0 12px 12px" }}>
        <select style={selectStyle} value={instrument} onChange={(event) => setInstrument(event.target.value)} data-testid="baseline-compare-instrument">
          {instruments.map((key) => (
            <option key={key} value={key}>
              {BASELINE_INSTRUMENTS.includes(key as BaselineInstrument) ? tb(`baseline.instrument.${key as BaselineInstrument}`) : key}
            </option>
          ))}
        </select>
        {state.status === "loading" && <Loading />}
        {state.status === "error" && <ErrorView error={state.error} onRetry={reload} />}
        {state.status === "ok" && <ComparisonView comparison={state.data} />}
      </div>
    </Section>
  );
}

function ComparisonView({ comparison }: { comparison: BaselineComparison }) {
  const rows = [...(comparison.district ? [{ ...comparison.district, name: tb("baseline.district") }] : []), ...comparison.schools];
  return (
    <div data-testid="baseline-comparison">
      {comparison.note && <p className="page-note">{comparison.note}</p>}
      <p className="page-note">{comparison.explanation}</p>
      <div style={{ overflowX: "auto" }}>
        <table style={tableStyle}>
          <thead>
            <tr>
              <th style={headStyle}>{tb("baseline.area")}</th>
              <th style={headStyle}>{tb("baseline.before")}</th>
              <th style={headStyle}>{tb("baseline.after")}</th>
            </tr>
          </thead>
          {rows.map((row) => (
            <tbody key={row.schoolId ?? "district"}>
              <tr>
                <th style={{ ...headStyle, paddingTop: 12 }} colSpan={3}>
                  {row.name}
                </th>
              </tr>
              {row.areas.map((area) => (
                <tr key={area.areaId}>
                  <td style={cellStyle}>{area.title}</td>
                  <td style={cellStyle}>{cellText(area.baseline)}</td>
                  <td style={cellStyle}>{cellText(area.current)}</td>
                </tr>
              ))}
            </tbody>
          ))}
        </table>
      </div>
    </div>
  );
}
