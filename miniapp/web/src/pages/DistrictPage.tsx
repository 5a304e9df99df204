import { useState } from "react";
import { Button, Cell, List, Placeholder, Section, Title } from "@telegram-apps/telegram-ui";
import { api, ApiError, type CompletionCounts, type DistrictCompletion, type RemindResult, type SchoolCompletion } from "../api.ts";
import { formatDate, t } from "../messages/ru.ts";
import { td } from "../messages/ru-district.ts";
import { ti } from "../messages/ru-identification.ts";
import { ta } from "../messages/ru-audit.ts";
import type { Route } from "../router.ts";
import { useApi } from "../useApi.ts";
import { ErrorView, Loading } from "../components/Status.tsx";

/**
 * District staff: how far each school's teachers are through the open diagnostic, in three figures —
 * not joined, joined but unfinished, completed — never a name (DOMAIN.md §11c), and a reminder to
 * those the bot can reach.
 */
export function DistrictPage({ districtId, navigate, readOnly = false }: { districtId: string; navigate: (route: Route) => void; readOnly?: boolean }) {
  const [state, retry] = useApi(`district:${districtId}`, () => api.districtCompletion(districtId));
  if (state.status === "loading") return <Loading />;
  if (state.status === "error") return <ErrorView error={state.error} onRetry={retry} />;
  return (
    <DistrictView
      districtId={districtId}
      title={td("district.title")}
      remind={() => api.remindUnfinished(districtId)}
      data={state.data}
      navigate={navigate}
      readOnly={readOnly}
    />
  );
}

/** A head: the same three figures for their own school, and the reminder for that school. */
export function SchoolProgressPage({ schoolId, navigate }: { schoolId: string; navigate: (route: Route) => void }) {
  const [state, retry] = useApi(`school-progress:${schoolId}`, () => api.schoolCompletion(schoolId));
  if (state.status === "loading") return <Loading />;
  if (state.status === "error") return <ErrorView error={state.error} onRetry={retry} />;
  return (
    <DistrictView title={td("district.schoolTitle")} remind={() => api.remindSchool(schoolId)} data={state.data} navigate={navigate} single />
  );
}

/** Whole percent, rounded down: 100% appears only when everyone has finished. */
function percent(done: number, total: number): number {
  return total > 0 ? Math.floor((done * 100) / total) : 0;
}

/**
 * Who needs attention first: the lowest share of finished teachers, then the most teachers left.
 * Schools with no teachers go last: there is no one there to remind.
 */
function byAttention(a: SchoolCompletion, b: SchoolCompletion): number {
  if ((a.total === 0) !== (b.total === 0)) return a.total === 0 ? 1 : -1;
  // a.completed / a.total − b.completed / b.total without floating point.
  const share = a.completed * b.total - b.completed * a.total;
  if (share !== 0) return share;
  const left = b.total - b.completed - (a.total - a.completed);
  return left !== 0 ? left : a.name.localeCompare(b.name, "ru", { numeric: true });
}

/** The three figures, each with its words: read the same by eye and by a screen reader. */
function Figures({ counts }: { counts: CompletionCounts }) {
  return (
    <dl className="completion-figures" data-testid="completion-figures">
      <div>
        <dt>{td("district.figureNotJoined")}</dt>
        <dd data-testid="figure-not-joined">{counts.notJoined}</dd>
      </div>
      <div>
        <dt>{td("district.figureUnfinished")}</dt>
        <dd data-testid="figure-unfinished">{counts.unfinished}</dd>
      </div>
      <div>
        <dt>{td("district.figureCompleted")}</dt>
        <dd data-testid="figure-completed">{counts.completed}</dd>
      </div>
    </dl>
  );
}

function DistrictView({
  districtId,
  title,
  remind,
  data: { campaign, schools, total },
  navigate,
  single = false,
  readOnly = false,
}: {
  /** The district page's district (none on a head's page). */
  districtId?: string;
  title: string;
  remind: () => Promise<RemindResult>;
  data: DistrictCompletion;
  navigate: (route: Route) => void;
  /** One school (a head's page): no list of schools. */
  single?: boolean;
  /** The working group (#15) reads the page: no reminder, no district work. */
  readOnly?: boolean;
}) {
  // District staff run the district from here; a head's page has no such link.
  const workLink = districtId && (
    <Section>
      {!readOnly && (
        <Cell
          Component="button"
          className="link-cell"
          multiline
          data-testid="district-work-link"
          description={t("work.linkHint")}
          after={<span aria-hidden="true">›</span>}
          onClick={() => navigate({ page: "districtWork", districtId })}
        >
          {t("work.link")}
        </Cell>
      )}
      <Cell
        Component="button"
        className="link-cell"
        multiline
        data-testid="district-summary-link"
        description={td("summary.linkHint")}
        after={<span aria-hidden="true">›</span>}
        onClick={() => navigate({ page: "districtSummary", districtId })}
      >
        {td("summary.link")}
      </Cell>
      <Cell
        Component="button"
        className="link-cell"
        multiline
        data-testid="identification-link"
        description={ti("ident.linkHint")}
        after={<span aria-hidden="true">›</span>}
        onClick={() => navigate({ page: "identification", districtId })}
      >
        {ti("ident.link")}
      </Cell>
      {!readOnly && (
        <Cell
          Component="button"
          className="link-cell"
          multiline
          data-testid="audit-link"
          description={ta.linkHint}
          after={<span aria-hidden="true">›</span>}
          onClick={() => navigate({ page: "audit", districtId })}
        >
          {ta.link}
        </Cell>
      )}
    </Section>
  );
  if (!campaign) {
    return (
      <List data-testid="district">
        <Title level="2" weight="2" className="page-title">
          {title}
        </Title>
        <Placeholder data-testid="no-campaign" header={td("district.noCampaign")} description={td("district.noCampaignHint")} />
        {workLink}
      </List>
    );
  }

  const closed = new Date(campaign.closesAt).getTime() <= Date.now();
  const rows = [...schools].sort(byAttention);

  return (
    <List data-testid="district">
      <Title level="2" weight="2" className="page-title">
        {title}
      </Title>
      <p className="page-subtitle">
        {campaign.title}
        <br />
        {td(closed ? "district.closed" : "district.until", { date: formatDate(campaign.closesAt) })}
      </p>

      <Section>
        <div className="district-summary" data-testid="district-summary">
          {total.total > 0 ? (
            <>
              <span>
                {td("district.summary", { done: total.completed, n: total.total, percent: percent(total.completed, total.total) })}
              </span>
              <CompletionBar done={total.completed} total={total.total} />
              <Figures counts={total} />
            </>
          ) : (
            <span>{td("district.summaryNoTeachers")}</span>
          )}
        </div>
      </Section>

      {!readOnly && (
        <RemindSection
          remind={remind}
          counts={total}
          closed={closed}
          onInvites={districtId ? () => navigate({ page: "districtWork", districtId }) : undefined}
        />
      )}

      {!single && (
        <Section
          data-testid="district-completion"
          header={td("district.schools")}
          footer={rows.length ? td("district.schoolsFooter") : td("district.noSchools")}
        >
          {rows.map((school) => (
            <Cell
              key={school.schoolId}
              Component="button"
              className="link-cell"
              data-testid={`district-school-${school.schoolId}`}
              multiline
              description={
                school.total > 0 ? (
                  <>
                    <span className="completion-line">
                      <CompletionBar done={school.completed} total={school.total} />
                      <span className="completion-percent">{percent(school.completed, school.total)}%</span>
                    </span>
                    <span className="completion-row-figures" data-testid="school-figures">
                      {td("district.rowFigures", { notJoined: school.notJoined, unfinished: school.unfinished })}
                    </span>
                  </>
                ) : (
                  td("district.rowNoTeachers")
                )
              }
              after={
                <span className="completion-after">
                  {school.total > 0 && (
                    <span className="figure">{td("district.row", { done: school.completed, n: school.total })}</span>
                  )}
                  <span aria-hidden="true">›</span>
                </span>
              }
              onClick={() => navigate({ page: "school", schoolId: school.schoolId })}
            >
              {school.name}
              <span className="visually-hidden"> — </span>
            </Cell>
          ))}
        </Section>
      )}
      {!single && total.total > 0 && <p className="page-note">{td("district.onceNote")}</p>}
      {workLink}
    </List>
  );
}

/** The share as a thin bar; the figures beside it say the same for screen readers. */
function CompletionBar({ done, total }: { done: number; total: number }) {
  const value = total > 0 ? (done * 100) / total : 0;
  return (
    <span className="completion-bar" aria-hidden="true">
      <span className={done >= total ? "completion-fill complete" : "completion-fill"} style={{ width: `${value}%` }} />
    </span>
  );
}

type RemindState =
  | { step: "idle" }
  | { step: "confirm" }
  | { step: "sending" }
  | { step: "done"; result: RemindResult }
  | { step: "error"; error: ApiError };

/**
 * The reminder writes to real people, so it asks first, and then says exactly what it did: how many
 * it queued and, for the rest, why not. Retrying after a lost answer is safe: the server reminds each
 * person at most once a day.
 */
function RemindSection({
  remind,
  counts,
  closed,
  onInvites,
}: {
  remind: () => Promise<RemindResult>;
  counts: CompletionCounts;
  closed: boolean;
  /** District staff: where the invite sheets of those not joined are printed. */
  onInvites?: () => void;
}) {
  const [state, setState] = useState<RemindState>({ step: "idle" });

  if (closed) return <Section footer={td("district.closedNoRemind")} />;
  if (counts.unfinished + counts.notJoined <= 0) return <Section footer={td("district.allDone")} />;
  const notJoined = counts.notJoined > 0 && (
    <>
      <p className="remind-not-joined" data-testid="not-joined-hint">
        {td("district.notJoinedHint", { n: counts.notJoined })}
      </p>
      {onInvites && (
        <Button size="m" mode="bezeled" stretched onClick={onInvites} data-testid="not-joined-sheets">
          {td("district.notJoinedSheets")}
        </Button>
      )}
    </>
  );
  if (counts.unfinished <= 0) {
    return (
      <Section footer={td("district.noOneToRemind")}>
        <div className="remind">{notJoined}</div>
      </Section>
    );
  }

  const send = () => {
    setState({ step: "sending" });
    remind().then(
      (result) => setState({ step: "done", result }),
      (error: unknown) => {
        if (!(error instanceof ApiError)) console.error(error);
        setState({
          step: "error",
          error: error instanceof ApiError ? error : new ApiError(t("error.unknown"), "http", null, null),
        });
      },
    );
  };

  return (
    <Section footer={td("district.unfinished", { n: counts.unfinished })}>
      <div className="remind">
        {notJoined}
        {state.step === "confirm" ? (
          <div className="remind-confirm" role="group" aria-labelledby="remind-confirm-title" data-testid="remind-confirmation">
            <strong id="remind-confirm-title">{td("district.remindConfirmTitle")}</strong>
            <p>{td("district.remindConfirmText", { n: counts.unfinished })}</p>
            <div className="remind-actions">
              <Button size="m" mode="gray" stretched onClick={() => setState({ step: "idle" })} data-testid="remind-cancel">
                {td("district.remindCancel")}
              </Button>
              <Button size="m" stretched onClick={send} data-testid="remind-confirm">
                {td("district.remindConfirm")}
              </Button>
            </div>
          </div>
        ) : (
          <Button
            size="l"
            stretched
            className="wrapping-button"
            loading={state.step === "sending"}
            disabled={state.step === "sending"}
            onClick={() => setState({ step: "confirm" })}
            data-testid="remind-button"
          >
            {td("district.remind")}
          </Button>
        )}

        <div role="status" aria-live="polite" data-testid="remind-result">
          {state.step === "done" && <RemindReport result={state.result} />}
          {state.step === "error" && (
            <div className="remind-error" data-testid="remind-error">
              <p>
                <strong>{td("district.remindFailed")}</strong>
                <br />
                {state.error.message}
              </p>
              {state.error.retryable && (
                <Button size="m" mode="bezeled" stretched onClick={send}>
                  {t("error.retry")}
                </Button>
              )}
            </div>
          )}
        </div>
      </div>
    </Section>
  );
}

/** What the server did, in its own figures: never "already sent" unless it was. */
function RemindReport({ result }: { result: RemindResult }) {
  const reasons = [
    { key: "district.remindNotJoined", n: result.notJoined },
    { key: "district.remindNoConsent", n: result.noConsent },
    { key: "district.remindUnreachable", n: result.unreachable },
    { key: "district.remindAlreadyToday", n: result.alreadyToday },
  ] as const;
  const shown = reasons.filter((reason) => reason.n > 0);
  return (
    <div className="remind-result" data-testid="remind-report">
      <p>{result.enqueued > 0 ? td("district.remindDone", { n: result.enqueued }) : td("district.remindNone")}</p>
      {shown.length > 0 && (
        <>
          <p>{td("district.remindWhy")}</p>
          <ul>
            {shown.map((reason) => (
              <li key={reason.key}>{td(reason.key, { n: reason.n })}</li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
