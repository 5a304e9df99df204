/**
 * Visits and consultations (#15 §3): the district (and the working group, read-only) sees the school
 * year's visits against the plan per school and per mentor, the released feedback on mentoring and every
 * report; a head sees their school's visits and confirms or disputes them; an author sees their own.
 * Reports are written in the bot (/visit). One column for phones (320 px); tables scroll sideways.
 * Routes: miniapp/api/routes/visits.ts.
 */
import { useState } from "react";
import { Button, Cell, List, Section, Title } from "@telegram-apps/telegram-ui";
import { apiFetch, asApiError, readJson } from "../api.ts";
import { save } from "../download.ts";
import { tv } from "../messages/ru-visits.ts";
import { useApi } from "../useApi.ts";
import { ErrorView, Loading } from "../components/Status.tsx";
import type { NetworkPageProps } from "./NetworkRoutes.tsx";
import { visitsApi, type PlanRow, type VisitDetail, type VisitsOverview, type VisitSummary } from "./VisitsApi.ts";

const dateText = (iso: string) => iso.slice(0, 10).split("-").reverse().join(".");
const tableStyle = { borderCollapse: "collapse", fontSize: 13, minWidth: "100%" } as const;
const cellStyle = { padding: "4px 6px", borderBottom: "1px solid var(--tg-theme-hint-color, #ccc)", textAlign: "right", whiteSpace: "nowrap" } as const;
const nameStyle = { ...cellStyle, textAlign: "left", whiteSpace: "normal", minWidth: 110 } as const;

/** The school years offered: this one (from the server) and the two before. */
function yearsAround(schoolYear: string): string[] {
  const start = Number(schoolYear.slice(0, 4));
  return [0, 1, 2].map((back) => `${start - back}/${String((start - back + 1) % 100).padStart(2, "0")}`);
}

export function VisitsPage({ route, navigate }: NetworkPageProps) {
  const districtId = route.districtId;
  if (!districtId) return <p className="page-note" data-testid="visits-no-district">{tv.noDistrict}</p>;
  const open = (id?: string) => navigate({ page: "network", section: "visits", districtId, ...(id ? { id } : {}) });
  return route.id ? <VisitDetailView visitId={route.id} onBack={() => open()} /> : <VisitsListView districtId={districtId} onOpen={open} />;
}

function VisitsListView({ districtId, onOpen }: { districtId: string; onOpen: (id: string) => void }) {
  const [year, setYear] = useState<string | undefined>(undefined);
  const [state, reload] = useApi(`visits:${districtId}:${year ?? ""}`, () => visitsApi.overview(districtId, year));
  return (
    <List data-testid="visits">
      <Title level="2" weight="2" className="page-title">
        {tv.title}
      </Title>
      {state.status === "loading" ? (
        <Loading />
      ) : state.status === "error" ? (
        <ErrorView error={state.error} onRetry={reload} />
      ) : (
        <>
          <p className="page-note">{state.data.scope === "district" ? tv.introDistrict : tv.introOwn}</p>
          <label className="work-field">
            {tv.year}
            <select data-testid="visits-year" value={state.data.schoolYear} onChange={(event) => setYear(event.target.value)}>
              {yearsAround(year ?? state.data.schoolYear).map((option) => (
                <option key={option} value={option}>
                  {option}
                </option>
              ))}
            </select>
          </label>
          <PlanTable title={tv.bySchool} rows={state.data.indicators.bySchool} total={state.data.indicators.total} testid="visits-by-school" />
          <PlanTable title={tv.byMentor} rows={state.data.indicators.byMentor} total={null} testid="visits-by-mentor" />
          <Feedback feedback={state.data.feedback} />
          <Section header={tv.list} data-testid="visits-list">
            {state.data.visits.length === 0 && <Cell multiline>{tv.none}</Cell>}
            {state.data.visits.map((visit) => (
              <VisitCell key={visit.id} visit={visit} onOpen={onOpen} />
            ))}
          </Section>
        </>
      )}
    </List>
  );
}

function VisitCell({ visit, onOpen }: { visit: VisitSummary; onOpen: (id: string) => void }) {
  return (
    <Cell
      multiline
      Component="button"
      data-testid={`visit-${visit.id}`}
      onClick={() => onOpen(visit.id)}
      subtitle={[
        visit.visitDate ? dateText(visit.visitDate) : tv.noDate,
        visit.format ? tv.formats[visit.format] : null,
        visit.authorName,
        tv.states[visit.state] ?? visit.state,
        visit.hasFile ? tv.withFile : null,
      ]
        .filter(Boolean)
        .join(" · ")}
    >
      {visit.canDecide ? `❗ ${visit.schoolName}` : visit.schoolName}
    </Cell>
  );
}

function PlanTable({ title, rows, total, testid }: { title: string; rows: PlanRow[]; total: PlanRow | null; testid: string }) {
  const columns = ["planned", "reported", "confirmed", "onsite", "remote", "done", "percent"] as const;
  const value = (row: PlanRow, column: (typeof columns)[number]) =>
    column === "percent" ? (row.percent === null ? "—" : `${row.percent}`) : column === "onsite" ? row.onsite + row.mixed : row[column];
  return (
    <Section header={title}>
      {rows.length === 0 ? (
        <Cell multiline>{tv.noRows}</Cell>
      ) : (
        <div style={{ overflowX: "auto", padding: "0 8px" }} data-testid={testid}>
          <table style={tableStyle}>
            <thead>
              <tr>
                <th style={nameStyle} />
                {columns.map((column) => (
                  <th key={column} style={cellStyle}>
                    {tv.columns[column]}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.key} data-testid={`${testid}-${row.key}`}>
                  <td style={nameStyle}>{row.name}</td>
                  {columns.map((column) => (
                    <td key={column} style={cellStyle}>
                      {value(row, column)}
                    </td>
                  ))}
                </tr>
              ))}
              {total && (
                <tr data-testid={`${testid}-total`}>
                  <td style={{ ...nameStyle, fontWeight: 600 }}>{tv.total}</td>
                  {columns.map((column) => (
                    <td key={column} style={{ ...cellStyle, fontWeight: 600 }}>
                      {value(total, column)}
                    </td>
                  ))}
                </tr>
              )}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
}

function Feedback({ feedback }: { feedback: VisitsOverview["feedback"] }) {
  if (!feedback) return null;
  return (
    <Section header={tv.feedback} data-testid="visits-feedback">
      {!feedback.campaign ? (
        <Cell multiline>{tv.feedbackNone}</Cell>
      ) : (
        <>
          <Cell multiline subtitle={tv.feedbackNote(feedback.minRespondents)}>
            {feedback.campaign.title}
          </Cell>
          {feedback.questions.map((question) => (
            <Cell
              key={question.id}
              multiline
              data-testid={`visits-feedback-${question.id}`}
              subtitle={question.cell.hidden ? tv.feedbackHidden(feedback.minRespondents) : tv.feedbackCell(question.cell.agree, question.cell.mean)}
            >
              {question.text}
            </Cell>
          ))}
        </>
      )}
    </Section>
  );
}

function VisitDetailView({ visitId, onBack }: { visitId: string; onBack: () => void }) {
  const [state, reload] = useApi(`visit:${visitId}`, () => visitsApi.get(visitId));
  return (
    <List data-testid="visit-detail">
      <Button size="s" mode="plain" data-testid="visit-back" onClick={onBack}>
        {tv.back}
      </Button>
      {state.status === "loading" ? (
        <Loading />
      ) : state.status === "error" ? (
        <ErrorView error={state.error} onRetry={reload} />
      ) : (
        <Report visit={state.data.visit} onChanged={reload} />
      )}
    </List>
  );
}

function Report({ visit, onChanged }: { visit: VisitDetail; onChanged: () => void }) {
  const [error, setError] = useState<string | null>(null);
  const download = async () => {
    setError(null);
    try {
      const response = await apiFetch(visitsApi.fileUrl(visit.id));
      if (!response.ok) await readJson(response);
      save({ blob: await response.blob(), filename: visit.file?.name ?? "visit" });
    } catch (raised) {
      setError(asApiError(raised).message);
    }
  };
  return (
    <>
      <Title level="2" weight="2" className="page-title">
        {visit.schoolName}
      </Title>
      <p className="page-note" data-testid="visit-state">
        {[visit.visitDate ? dateText(visit.visitDate) : tv.noDate, visit.format ? tv.formats[visit.format] : null, tv.states[visit.state] ?? visit.state]
          .filter(Boolean)
          .join(" · ")}
      </p>
      <Section>
        {visit.authorName && (
          <Cell multiline subtitle={tv.author}>
            {visit.authorName}
          </Cell>
        )}
        {visit.answers.map((answer) => (
          <Cell key={answer.questionId} multiline subtitle={answer.question} data-testid={`visit-answer-${answer.questionId}`}>
            {answer.answer}
          </Cell>
        ))}
        {visit.disputeReason && (
          <Cell multiline subtitle={tv.disputeReason} data-testid="visit-dispute-reason">
            {visit.disputeReason}
          </Cell>
        )}
      </Section>
      {visit.file && (
        <Button size="s" mode="plain" data-testid="visit-file-download" onClick={() => void download()}>
          {tv.download}: {visit.file.name}
        </Button>
      )}
      {visit.canDecide && <Decide visitId={visit.id} onDone={onChanged} />}
      {error && <p className="work-error">{error}</p>}
    </>
  );
}

function Decide({ visitId, onDone }: { visitId: string; onDone: () => void }) {
  const [disputing, setDisputing] = useState(false);
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const act = async (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
      onDone();
    } catch (raised) {
      setError(asApiError(raised).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="work-actions" data-testid="visit-decide">
      {!disputing ? (
        <>
          <Button size="s" disabled={busy} data-testid="visit-confirm" onClick={() => void act(() => visitsApi.confirm(visitId))}>
            {tv.confirm}
          </Button>
          <Button size="s" mode="outline" disabled={busy} data-testid="visit-dispute" onClick={() => setDisputing(true)}>
            {tv.dispute}
          </Button>
        </>
      ) : (
        <>
          <label className="work-field">
            {tv.reason}
            <textarea rows={4} maxLength={1000} value={reason} data-testid="visit-dispute-text" onChange={(event) => setReason(event.target.value)} />
          </label>
          <Button size="s" disabled={busy || !reason.trim()} data-testid="visit-dispute-send" onClick={() => void act(() => visitsApi.dispute(visitId, reason))}>
            {tv.send}
          </Button>
          <Button size="s" mode="plain" disabled={busy} data-testid="visit-dispute-cancel" onClick={() => setDisputing(false)}>
            {tv.cancel}
          </Button>
        </>
      )}
      {error && <p className="work-error">{error}</p>}
    </div>
  );
}
