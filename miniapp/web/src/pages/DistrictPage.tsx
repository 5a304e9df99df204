import { useState } from "react";
import { Button, Cell, List, Placeholder, Section, Title } from "@telegram-apps/telegram-ui";
import { api, ApiError, type DistrictCompletion, type SchoolCompletion } from "../api.ts";
import { formatDate, t } from "../messages/ru.ts";
import type { Route } from "../router.ts";
import { useApi } from "../useApi.ts";
import { ErrorView, Loading } from "../components/Status.tsx";

/**
 * District staff: how far each school's teachers are through the open diagnostic, as "n из N" only —
 * never a name (DOMAIN.md §11c) — and a reminder to those who have not finished.
 */
export function DistrictPage({ districtId, navigate }: { districtId: string; navigate: (route: Route) => void }) {
  const [state, retry] = useApi(`district:${districtId}`, () => api.districtCompletion(districtId));
  if (state.status === "loading") return <Loading />;
  if (state.status === "error") return <ErrorView error={state.error} onRetry={retry} />;
  return <DistrictView districtId={districtId} data={state.data} navigate={navigate} />;
}

/** Whole percent, rounded down: 100% appears only when everyone has finished. */
function percent(done: number, total: number): number {
  return total > 0 ? Math.floor((done * 100) / total) : 0;
}

/**
 * Who needs attention first: the lowest share of finished teachers, then the most teachers left.
 * Schools with no connected teachers go last: there is no one there to remind.
 */
function byAttention(a: SchoolCompletion, b: SchoolCompletion): number {
  if ((a.teachers === 0) !== (b.teachers === 0)) return a.teachers === 0 ? 1 : -1;
  // a.completed / a.teachers − b.completed / b.teachers without floating point.
  const share = a.completed * b.teachers - b.completed * a.teachers;
  if (share !== 0) return share;
  const left = b.teachers - b.completed - (a.teachers - a.completed);
  return left !== 0 ? left : a.name.localeCompare(b.name, "ru", { numeric: true });
}

function DistrictView({
  districtId,
  data: { campaign, schools },
  navigate,
}: {
  districtId: string;
  data: DistrictCompletion;
  navigate: (route: Route) => void;
}) {
  if (!campaign) {
    return (
      <List data-testid="district">
        <Title level="2" weight="2" className="page-title">
          {t("district.title")}
        </Title>
        <Placeholder data-testid="no-campaign" header={t("district.noCampaign")} description={t("district.noCampaignHint")} />
      </List>
    );
  }

  const teachers = schools.reduce((sum, school) => sum + school.teachers, 0);
  const completed = schools.reduce((sum, school) => sum + school.completed, 0);
  const closed = new Date(campaign.closesAt).getTime() <= Date.now();
  const rows = [...schools].sort(byAttention);

  return (
    <List data-testid="district">
      <Title level="2" weight="2" className="page-title">
        {t("district.title")}
      </Title>
      <p className="page-subtitle">
        {campaign.title}
        <br />
        {t(closed ? "district.closed" : "district.until", { date: formatDate(campaign.closesAt) })}
      </p>

      <Section>
        <div className="district-summary" data-testid="district-summary">
          {teachers > 0 ? (
            <>
              <span>
                {t("district.summary", { done: completed, n: teachers, percent: percent(completed, teachers) })}
              </span>
              <CompletionBar done={completed} total={teachers} />
            </>
          ) : (
            <span>{t("district.summaryNoTeachers")}</span>
          )}
        </div>
      </Section>

      <RemindSection districtId={districtId} unfinished={teachers - completed} closed={closed} />

      <Section
        data-testid="district-completion"
        header={t("district.schools")}
        footer={rows.length ? t("district.schoolsFooter") : t("district.noSchools")}
      >
        {rows.map((school) => (
          <Cell
            key={school.schoolId}
            Component="button"
            className="link-cell"
            data-testid={`district-school-${school.schoolId}`}
            multiline
            description={
              school.teachers > 0 ? (
                <span className="completion-line">
                  <CompletionBar done={school.completed} total={school.teachers} />
                  <span className="completion-percent">{percent(school.completed, school.teachers)}%</span>
                </span>
              ) : (
                t("district.rowNoTeachers")
              )
            }
            after={
              <span className="completion-after">
                {school.teachers > 0 && (
                  <span className="figure">{t("district.row", { done: school.completed, n: school.teachers })}</span>
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
  | { step: "done"; enqueued: number }
  | { step: "error"; error: ApiError };

/**
 * The reminder writes to real people, so it asks first. Retrying after a lost answer is safe: the
 * server reminds each person at most once a day, a repeat only returns 0.
 */
function RemindSection({ districtId, unfinished, closed }: { districtId: string; unfinished: number; closed: boolean }) {
  const [state, setState] = useState<RemindState>({ step: "idle" });

  if (closed) return <Section footer={t("district.closedNoRemind")} />;
  if (unfinished <= 0) return <Section footer={t("district.allDone")} />;

  const send = () => {
    setState({ step: "sending" });
    api.remindUnfinished(districtId).then(
      ({ enqueued }) => setState({ step: "done", enqueued }),
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
    <Section footer={t("district.unfinished", { n: unfinished })}>
      <div className="remind">
        {state.step === "confirm" ? (
          <div className="remind-confirm" role="group" aria-labelledby="remind-confirm-title" data-testid="remind-confirmation">
            <strong id="remind-confirm-title">{t("district.remindConfirmTitle")}</strong>
            <p>{t("district.remindConfirmText")}</p>
            <div className="remind-actions">
              <Button size="m" mode="gray" stretched onClick={() => setState({ step: "idle" })} data-testid="remind-cancel">
                {t("district.remindCancel")}
              </Button>
              <Button size="m" stretched onClick={send} data-testid="remind-confirm">
                {t("district.remindConfirm")}
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
            {t("district.remind")}
          </Button>
        )}

        <div role="status" aria-live="polite" data-testid="remind-result">
          {state.step === "done" && (
            <p className="remind-result">
              {state.enqueued > 0 ? t("district.remindDone", { n: state.enqueued }) : t("district.remindAlready")}
            </p>
          )}
          {state.step === "error" && (
            <div className="remind-error" data-testid="remind-error">
              <p>
                <strong>{t("district.remindFailed")}</strong>
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
