import { useRef, useState } from "react";
import { Button, Cell, Input, Section } from "@telegram-apps/telegram-ui";
import type { ApiError } from "../api.ts";
import { save } from "../download.ts";
import { ti } from "../messages/ru-identification.ts";
import type { Route } from "../router.ts";
import { asApiError, DATA_KINDS, identificationApi, type DataCheck, type DataKind, type FileProblem, type ListKind, type OfficialDocument } from "./IdentificationApi.ts";

type UploadState =
  | { step: "idle" }
  | { step: "checking" | "importing"; file: File }
  | { step: "checked"; file: File; check: DataCheck }
  | { step: "imported"; file: File; check: DataCheck }
  | { step: "failed"; error: ApiError };

/** Problems shown at most; the rest are counted (the whole list goes with the file's check in the bot and the CLI). */
const SHOWN_PROBLEMS = 50;

/**
 * Data for identification on the district work page (#12 §4): pick what the file holds (or let the
 * server tell), pick the file → the check (rows, schools, years, problems by sheet, row and column),
 * nothing written → «Загрузить» writes it all or nothing, «Отмена» drops it. Templates for each kind.
 */
export function IdentificationUploadSection({
  districtId,
  navigate,
  onImported,
}: {
  districtId: string;
  /** Given on the district work page: the section then links to the identification page. */
  navigate?: (route: Route) => void;
  /** Called after a file was written (the identification page reloads its years). */
  onImported?: () => void;
}) {
  const [kind, setKind] = useState<DataKind | "auto">("auto");
  const [official, setOfficial] = useState<{ listKind: ListKind | ""; listYear: string; source: string; number: string; date: string }>({
    listKind: "",
    listYear: "",
    source: "",
    number: "",
    date: "",
  });
  const [state, setState] = useState<UploadState>({ step: "idle" });
  const [templateError, setTemplateError] = useState<ApiError | null>(null);
  const input = useRef<HTMLInputElement>(null);

  /** The details typed for an official list (what is left empty comes from the file); null when one is malformed. */
  const officialFrom = (): OfficialDocument | undefined | null => {
    if (kind !== "official-list") return undefined;
    const listYear = official.listYear.trim() ? Number(official.listYear) : undefined;
    if (listYear !== undefined && !(Number.isInteger(listYear) && listYear >= 2000 && listYear <= 2100)) return null;
    if (official.date && !/^\d{4}-\d{2}-\d{2}$/.test(official.date)) return null;
    return {
      listKind: official.listKind || undefined,
      listYear,
      source: official.source.trim() || undefined,
      number: official.number.trim() || undefined,
      date: official.date || undefined,
    };
  };
  const officialDocument = officialFrom();

  const send = (file: File, dryRun: boolean) => {
    if (officialDocument === null) return;
    setState({ step: dryRun ? "checking" : "importing", file });
    identificationApi.data(districtId, file, { kind, dryRun, official: officialDocument }).then(
      (check) => {
        const imported = !dryRun && Boolean(check.written);
        setState({ step: imported ? "imported" : "checked", file, check });
        if (imported) onImported?.();
      },
      (error: unknown) => setState({ step: "failed", error: asApiError(error) }),
    );
  };
  const busy = state.step === "checking" || state.step === "importing";

  return (
    <Section header={ti("upload.title")} footer={ti("upload.hint")} data-testid="ident-upload">
      {navigate && (
        <Cell
          Component="button"
          className="link-cell"
          multiline
          description={ti("ident.linkHint")}
          after={<span aria-hidden="true">›</span>}
          onClick={() => navigate({ page: "identification", districtId })}
          data-testid="identification-link"
        >
          {ti("upload.openIdentification")}
        </Cell>
      )}
      <div className="work-actions">
        <label className="work-select" style={{ marginBottom: 0 }}>
          {ti("upload.kind")}
          <select value={kind} disabled={busy} onChange={(event) => setKind(event.target.value as DataKind | "auto")} data-testid="upload-kind">
            {(["auto", ...DATA_KINDS] as const).map((option) => (
              <option key={option} value={option}>
                {ti(`upload.kind.${option}`)}
              </option>
            ))}
          </select>
        </label>
        {kind === "official-list" && (
          <div data-testid="upload-official">
            <p className="page-note" style={{ margin: "0 0 8px" }}>
              {ti("upload.officialHint")}
            </p>
            <label className="work-select">
              {ti("upload.listKind")}
              <select value={official.listKind} onChange={(event) => setOfficial({ ...official, listKind: event.target.value as ListKind | "" })}>
                <option value="">{ti("upload.asInFile")}</option>
                <option value="shnor">{ti("ident.list.shnor")}</option>
                <option value="shnsu">{ti("ident.list.shnsu")}</option>
              </select>
            </label>
            <Input header={ti("upload.listYear")} type="number" inputMode="numeric" value={official.listYear} onChange={(event) => setOfficial({ ...official, listYear: event.target.value })} />
            <Input header={ti("upload.source")} value={official.source} onChange={(event) => setOfficial({ ...official, source: event.target.value })} />
            <Input header={ti("upload.number")} value={official.number} onChange={(event) => setOfficial({ ...official, number: event.target.value })} />
            <Input header={ti("upload.date")} type="date" value={official.date} onChange={(event) => setOfficial({ ...official, date: event.target.value })} />
            {officialDocument === null && <p className="work-error" style={{ padding: 0 }}>{ti("upload.officialMissing")}</p>}
          </div>
        )}
        <input
          ref={input}
          type="file"
          accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
          className="visually-hidden"
          data-testid="upload-file"
          onChange={(event) => {
            const file = event.target.files?.[0];
            event.target.value = "";
            if (file) send(file, true);
          }}
        />
        {state.step !== "checked" && (
          <Button
            size="l"
            stretched
            loading={busy}
            disabled={busy || officialDocument === null}
            onClick={() => input.current?.click()}
            data-testid="upload-choose"
          >
            {ti("upload.choose")}
          </Button>
        )}
        <div role="status" aria-live="polite" data-testid="upload-result">
          {state.step === "checking" && <p>{ti("upload.checking")}</p>}
          {state.step === "importing" && <p>{ti("upload.importing")}</p>}
          {(state.step === "checked" || state.step === "imported") && (
            <CheckView check={state.check} fileName={state.file.name} imported={state.step === "imported"} />
          )}
          {state.step === "checked" && (
            <div className="remind-actions" style={{ display: "flex", gap: 8 }}>
              <Button size="m" mode="gray" stretched onClick={() => setState({ step: "idle" })} data-testid="upload-cancel">
                {ti("upload.cancel")}
              </Button>
              {state.check.ok && (
                <Button size="m" stretched onClick={() => send(state.file, false)} data-testid="upload-apply">
                  {ti("upload.apply")}
                </Button>
              )}
            </div>
          )}
          {state.step === "failed" && <p className="work-error work-lines">{state.error.message}</p>}
        </div>
      </div>
      <Section header={ti("upload.templates")}>
        <div className="work-sheet-buttons" style={{ paddingTop: 12 }}>
          {DATA_KINDS.map((template) => (
            <Button
              key={template}
              size="m"
              mode="bezeled"
              onClick={() => {
                setTemplateError(null);
                identificationApi.template(districtId, template).then(save, (error: unknown) => setTemplateError(asApiError(error)));
              }}
              data-testid={`upload-template-${template}`}
            >
              {ti(`upload.template.${template}`)}
            </Button>
          ))}
        </div>
        {templateError && (
          <p className="work-error" role="alert">
            {templateError.message}
          </p>
        )}
      </Section>
    </Section>
  );
}

/** Problems grouped by sheet, each with its row and column as the person sees them in Excel. */
export function groupBySheet(problems: FileProblem[]): Array<{ sheet: string; problems: FileProblem[] }> {
  const groups = new Map<string, FileProblem[]>();
  for (const problem of problems) {
    const group = groups.get(problem.sheet) ?? [];
    group.push(problem);
    groups.set(problem.sheet, group);
  }
  return [...groups].map(([sheet, items]) => ({ sheet, problems: items }));
}

export function where(problem: FileProblem): string | null {
  if (problem.row !== undefined && problem.column) return ti("upload.where", { row: problem.row, column: problem.column });
  if (problem.row !== undefined) return ti("upload.whereRow", { row: problem.row });
  if (problem.column) return ti("upload.whereColumn", { column: problem.column });
  return null;
}

function Problems({ problems, testId }: { problems: FileProblem[]; testId: string }) {
  let left = SHOWN_PROBLEMS;
  return (
    <div data-testid={testId}>
      {groupBySheet(problems).map((group) => {
        const shown = group.problems.slice(0, Math.max(left, 0));
        left -= shown.length;
        if (!shown.length) return null;
        return (
          <div key={group.sheet}>
            <strong>{ti("upload.sheet", { sheet: group.sheet })}</strong>
            <ul>
              {shown.map((problem, index) => {
                const place = where(problem);
                return <li key={index}>{place ? `${place}: ${problem.message}` : problem.message}</li>;
              })}
            </ul>
          </div>
        );
      })}
      {problems.length > SHOWN_PROBLEMS && <p>{ti("ident.moreRows", { n: problems.length - SHOWN_PROBLEMS })}</p>}
    </div>
  );
}

function CheckView({ check, fileName, imported }: { check: DataCheck; fileName: string; imported: boolean }) {
  const title = imported ? ti("upload.done", { file: fileName }) : check.ok ? ti("upload.checkedOk", { file: fileName }) : ti("upload.checkedBad", { file: fileName });
  return (
    <div className="work-summary" data-testid="upload-check">
      <strong>{title}</strong>
      <p>
        {ti("upload.shape", { shape: check.shape })}
        <br />
        {ti("upload.figures", { rows: check.rows, schools: check.schools, years: check.years.join(", ") || "—" })}
        {check.newSchools.length > 0 && (
          <>
            <br />
            {ti("upload.newSchools", {
              n: check.newSchools.length,
              names: check.newSchools
                .slice(0, 10)
                .map((school) => school.name)
                .join(", ") + (check.newSchools.length > 10 ? "…" : ""),
            })}
          </>
        )}
        {check.replaces > 0 && (
          <>
            <br />
            {ti("upload.replaces", { n: check.replaces })}
          </>
        )}
      </p>
      {check.problems.length > 0 && (
        <>
          <strong className="work-error" style={{ padding: 0 }}>
            {ti("upload.problems", { n: check.problems.length })}
          </strong>
          <Problems problems={check.problems} testId="upload-problems" />
        </>
      )}
      {check.warnings.length > 0 && (
        <>
          <strong>{ti("upload.warnings", { n: check.warnings.length })}</strong>
          <Problems problems={check.warnings} testId="upload-warnings" />
        </>
      )}
    </div>
  );
}
