import { useState } from "react";
import { Button, Cell, List, Placeholder, Section, Title } from "@telegram-apps/telegram-ui";
import type { ApiError } from "../api.ts";
import { ErrorView, Loading } from "../components/Status.tsx";
import { formatDateTime, formatDay, formatIndex, formatShare, formatValue, ti, type IdentificationMessageKey } from "../messages/ru-identification.ts";
import type { Route } from "../router.ts";
import { useApi } from "../useApi.ts";
import {
  asApiError,
  badges,
  CLUSTER_COLORS,
  clusterName,
  identificationApi,
  NO_CLUSTER_COLOR,
  type CuratorFlags,
  type IndexInput,
  type SchoolCard,
  type SchoolIdentification,
} from "./IdentificationApi.ts";

const DEFICIT_KEYS: Record<string, IdentificationMessageKey> = {
  remote: "card.deficit.remote",
  smallSchool: "card.deficit.smallSchool",
  infrastructureDeficit: "card.deficit.infrastructureDeficit",
  computerDeficit: "card.deficit.computerDeficit",
  internetDeficit: "card.deficit.internetDeficit",
  unfilledPosts: "card.deficit.unfilledPosts",
  accreditationSuspended: "card.deficit.accreditationSuspended",
};

/**
 * A raw input as a person reads it: a yes/no flag (remote, small school, deficits …) as «да»/«нет», a
 * share as a percentage (the contract keeps shares as fractions 0..1: low/high shares of results,
 * social counts per student), a mean score as it is.
 */
export function formatInput(input: Pick<IndexInput, "key" | "value">): string {
  if (input.value === null) return ti("card.noValue");
  const field = input.key.startsWith("social:") ? input.key.slice("social:".length) : null;
  if (field && field in DEFICIT_KEYS) return input.value > 0 ? ti("card.yes") : ti("card.no");
  const share = (field !== null || /share|lowered|confirmed|raised/i.test(input.key)) && input.value >= 0 && input.value <= 1;
  return share ? formatShare(input.value) : formatValue(input.value);
}

/**
 * The school card (#12 §11): where the school stands and why, in words first ("why" sentences from the
 * methodology), then the inputs with their values, the rules checked, the history by year, the ВПР
 * tasks solved worst with their topics, and the official lists. District staff of the district and the
 * head of the school see it; the head opens it from the bot's message (start parameter school-<id>).
 */
export function SchoolCardPage({ schoolId, year, navigate }: { schoolId: string; year?: number; navigate?: (route: Route) => void }) {
  const [state, reload] = useApi(`card:${schoolId}:${year ?? "latest"}`, () => identificationApi.schoolCard(schoolId, year));
  if (state.status === "loading") return <Loading />;
  if (state.status === "error") return <ErrorView error={state.error} onRetry={reload} />;
  const openYear = navigate ? (other: number) => navigate({ page: "schoolCard", schoolId, year: other }) : undefined;
  return <CardView card={state.data} onChanged={reload} openYear={openYear} />;
}

function CardView({ card, onChanged, openYear }: { card: SchoolCard; onChanged: () => void; openYear?: (year: number) => void }) {
  const { school, run, identification: ident } = card;
  return (
    <List data-testid="school-card">
      <Title level="2" weight="2" className="page-title" data-testid="school-card-name">
        {school.name}
      </Title>
      {school.code && <p className="page-subtitle">{ti("card.code", { code: school.code })}</p>}
      {!run && <Placeholder data-testid="card-no-run" description={ti("card.noRun")} />}
      {run && !ident && <Placeholder data-testid="card-not-in-run" description={ti("card.notInRun", { year: run.year })} />}
      {run && ident && <Status ident={ident} year={run.year} createdAt={run.createdAt} version={run.methodologyVersion} />}

      {card.why.length > 0 && (
        <Section header={ti("card.why")} data-testid="card-why">
          <div className="work-actions work-summary">
            {card.why.map((sentence, index) => (
              <p key={index} style={{ margin: 0 }}>
                {sentence}
              </p>
            ))}
          </div>
        </Section>
      )}

      {ident && (
        <Section header={ti("card.lowTasks")} footer={ident.lowTasks.length ? ti("card.lowTasksHint") : undefined} data-testid="card-low-tasks">
          {ident.lowTasks.length === 0 && <Cell multiline>{ti("card.noLowTasks")}</Cell>}
          {ident.lowTasks.map((task) => (
            <Cell key={`${task.grade}:${task.subject}:${task.task}`} multiline description={task.topic ?? ti("ident.noTopic")}>
              {ti("card.lowTaskRow", { grade: task.grade, subject: task.subject, task: task.task, share: formatShare(task.solvedShare) })}
            </Cell>
          ))}
        </Section>
      )}

      {ident && <Inputs title={ti("card.resultsInputs")} inputs={ident.explanation.resultsInputs} testId="card-results-inputs" />}
      {ident && <Inputs title={ti("card.socialInputs")} inputs={ident.explanation.socialInputs} testId="card-social-inputs" />}
      {ident && ident.deficitFlags.length > 0 && (
        <Section header={ti("card.deficits")} data-testid="card-deficits">
          {ident.deficitFlags.map((flag) => (
            <Cell key={flag} multiline>
              {DEFICIT_KEYS[flag] ? ti(DEFICIT_KEYS[flag]) : flag}
            </Cell>
          ))}
        </Section>
      )}
      {card.history.length > 0 && (
        <Section header={ti("card.history")} data-testid="card-history">
          {card.history.map((row) => (
            <Cell
              key={row.year}
              Component={openYear && row.year !== run?.year ? "button" : "div"}
              className={openYear && row.year !== run?.year ? "link-cell" : undefined}
              onClick={openYear && row.year !== run?.year ? () => openYear(row.year) : undefined}
              after={openYear && row.year !== run?.year ? <span aria-hidden="true">›</span> : undefined}
              data-testid={`card-history-${row.year}`}
              multiline
              before={<span className="level-dot" style={{ background: row.cluster ? CLUSTER_COLORS[row.cluster] : NO_CLUSTER_COLOR }} aria-hidden="true" />}
              subtitle={[clusterName(row.cluster), ...badges({ ...row, proposeExclusion: false, resilient: false, curatorCandidate: false })].join(" · ")}
              description={ti("card.historyRow", { x: formatIndex(row.resultsIndex), y: formatIndex(row.socialIndex) })}
            >
              {row.year}
            </Cell>
          ))}
        </Section>
      )}

      <Section header={ti("card.official")} data-testid="card-official">
        {card.official.length === 0 && <Cell multiline>{ti("card.officialNone")}</Cell>}
        {card.official.map((list, index) => (
          <Cell
            key={`${list.kind}:${list.documentNumber}:${index}`}
            multiline
            subtitle={ti("ident.officialDocument", { source: list.source, number: list.documentNumber, date: formatDay(list.documentDate) })}
            after={<span className="figure">{list.listed ? ti("card.officialListed") : ti("card.officialNotListed")}</span>}
          >
            {ti(`ident.list.${list.kind}`)}
          </Cell>
        ))}
      </Section>
      {card.curator && <CuratorSection schoolId={school.id} flags={card.curator} onSaved={onChanged} />}
      {ident && ident.explanation.checks.length > 0 && (
        <Section data-testid="card-checks">
          <details>
            <summary className="page-note" style={{ cursor: "pointer", padding: "12px 16px", margin: 0, fontWeight: 600 }}>
              {ti("card.checks")}
            </summary>
            {ident.explanation.checks.map((check, index) => (
              <Cell
                key={`${check.rule}:${index}`}
                multiline
                before={<span aria-hidden="true">{check.passed ? "●" : "○"}</span>}
                after={<span className="figure">{check.passed ? ti("card.passed") : ti("card.notPassed")}</span>}
              >
                {check.text}
              </Cell>
            ))}
          </details>
        </Section>
      )}
    </List>
  );
}

function Status({ ident, year, createdAt, version }: { ident: SchoolIdentification; year: number; createdAt: string; version: number }) {
  const lines: string[] = [];
  if (ident.shnor) lines.push(ti("card.onShnor"));
  if (ident.shnsu) lines.push(ti("card.onShnsu"));
  if (!ident.shnor && !ident.shnsu) lines.push(ti("card.onNone"));
  if (ident.proposeExclusion) lines.push(ti("card.exclusion"));
  if (ident.resilient) lines.push(ti("card.resilient"));
  if (ident.curatorCandidate) lines.push(ti("card.curator"));
  return (
    <Section header={ti("card.status", { year })} footer={ti("ident.runInfo", { date: formatDateTime(createdAt), version })} data-testid="card-status">
      <Cell
        multiline
        before={<span className="level-dot" style={{ background: ident.cluster ? CLUSTER_COLORS[ident.cluster] : NO_CLUSTER_COLOR }} aria-hidden="true" />}
        description={ti("ident.rowIndices", { x: formatIndex(ident.resultsIndex), y: formatIndex(ident.socialIndex) })}
        data-testid="card-cluster"
      >
        {ti("card.cluster", { cluster: clusterName(ident.cluster) })}
      </Cell>
      {lines.map((line) => (
        <Cell key={line} multiline>
          {line}
        </Cell>
      ))}
    </Section>
  );
}

function Inputs({ title, inputs, testId }: { title: string; inputs: IndexInput[]; testId: string }) {
  if (!inputs.length) return null;
  return (
    <Section header={title} data-testid={testId}>
      {inputs.map((input) => (
        <Cell
          key={input.key}
          multiline
          description={ti("card.inputValue", {
            value: formatInput(input),
            normalized: formatIndex(input.normalized),
            weight: formatValue(input.weight),
          })}
        >
          {input.label}
        </Cell>
      ))}
    </Section>
  );
}

const CURATOR_FLAGS = ["innovationPlatform", "headCompetence", "headMotivation"] as const;
type FlagValue = "" | "yes" | "no";
const toValue = (flag: boolean | null): FlagValue => (flag === null ? "" : flag ? "yes" : "no");
const fromValue = (value: FlagValue): boolean | null => (value === "" ? null : value === "yes");

/**
 * Seed 004's curator criteria that only the district can judge (an innovation platform, the head's
 * competence and motivation): district staff set them here; a new run takes them into account.
 */
function CuratorSection({ schoolId, flags, onSaved }: { schoolId: string; flags: CuratorFlags; onSaved: () => void }) {
  const [draft, setDraft] = useState(() => Object.fromEntries(CURATOR_FLAGS.map((key) => [key, toValue(flags[key])])) as Record<(typeof CURATOR_FLAGS)[number], FlagValue>);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const changed = CURATOR_FLAGS.filter((key) => draft[key] !== toValue(flags[key]));
  const save = () => {
    setBusy(true);
    setError(null);
    identificationApi.setCuratorFlags(schoolId, Object.fromEntries(changed.map((key) => [key, fromValue(draft[key])]))).then(
      () => {
        setBusy(false);
        onSaved();
      },
      (failure: unknown) => {
        setBusy(false);
        setError(asApiError(failure));
      },
    );
  };
  return (
    <Section header={ti("card.curatorFlags")} footer={ti("card.curatorFlagsHint")} data-testid="card-curator">
      <div className="work-actions">
        {CURATOR_FLAGS.map((key) => (
          <label key={key} className="work-select" style={{ marginBottom: 0 }}>
            {ti(`card.flag.${key}`)}
            <select value={draft[key]} onChange={(event) => setDraft({ ...draft, [key]: event.target.value as FlagValue })} data-testid={`curator-${key}`}>
              <option value="">{ti("card.flagUnset")}</option>
              <option value="yes">{ti("card.yes")}</option>
              <option value="no">{ti("card.no")}</option>
            </select>
          </label>
        ))}
        <Button size="m" stretched disabled={!changed.length || busy} loading={busy} onClick={save} data-testid="curator-save">
          {ti("card.curatorSave")}
        </Button>
        {error && (
          <p className="work-error" role="alert">
            {error.message}
          </p>
        )}
      </div>
    </Section>
  );
}
