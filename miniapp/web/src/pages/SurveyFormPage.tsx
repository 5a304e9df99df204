import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Button, Placeholder } from "@telegram-apps/telegram-ui";
import { asApiError } from "../api.ts";
import { formatDate } from "../messages/ru.ts";
import { ts } from "../messages/ru-survey.ts";
import type { Route } from "../router.ts";
import { useApi } from "../useApi.ts";
import { ErrorView, Loading } from "../components/Status.tsx";
import { QuestionField } from "../components/questions/QuestionField.tsx";
import {
  answeredCount,
  missingRequired,
  surveyApi,
  visibleQuestions,
  type Answers,
  type AnswerValue,
  type FormQuestion,
  type SaveResult,
  type SurveyForm,
} from "./SurveyApi.ts";

/** Waits before the next try after a lost connection, growing to half a minute. */
const RETRY_DELAYS_MS = [2_000, 5_000, 10_000, 20_000, 30_000];

type SaveStatus =
  | { kind: "idle" }
  | { kind: "saving" }
  | { kind: "saved" }
  | { kind: "offline" }
  | { kind: "error"; message: string };

/** The form of one survey: every question of the instrument, my answers saved as I go, «Отправить». */
export function SurveyFormPage({ campaignId, navigate }: { campaignId: string; navigate: (route: Route) => void }) {
  const [state, retry] = useApi(`survey:${campaignId}`, () => surveyApi.form(campaignId));
  if (state.status === "loading") return <Loading />;
  if (state.status === "error") return <ErrorView error={state.error} onRetry={retry} />;
  return <SurveyFormView form={state.data} navigate={navigate} />;
}

/**
 * Answers not yet sent, kept on the phone (a closed app on a dead connection loses nothing), under the
 * person and the campaign: another account on the same phone never gets them.
 */
const pendingKey = (form: SurveyForm) => `survey-pending:${form.personId}:${form.campaign.id}`;

function readPending(key: string): Answers {
  try {
    const raw = localStorage.getItem(key);
    const parsed: unknown = raw ? JSON.parse(raw) : null;
    return parsed && typeof parsed === "object" ? (parsed as Answers) : {};
  } catch {
    return {};
  }
}

function writePending(key: string, pending: Answers) {
  try {
    if (Object.keys(pending).length) localStorage.setItem(key, JSON.stringify(pending));
    else localStorage.removeItem(key);
  } catch {
    // Storage full or off (a private tab): the answers are still sent as usual.
  }
}

interface Section {
  id: string;
  title: string;
  questions: FormQuestion[];
}

function SurveyFormView({ form, navigate }: { form: SurveyForm; navigate: (route: Route) => void }) {
  const campaignId = form.campaign.id;
  const storageKey = pendingKey(form);
  const pending = useRef<Answers>(readPending(storageKey));
  const [answers, setAnswers] = useState<Answers>(() => ({ ...form.answers, ...pending.current }));
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [completed, setCompleted] = useState(form.completed);
  const [status, setStatus] = useState<SaveStatus>({ kind: "idle" });
  const [thanks, setThanks] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [banner, setBanner] = useState<string | null>(null);

  const chain = useRef<Promise<unknown>>(Promise.resolve());
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const attempt = useRef(0);
  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
      if (timer.current) clearTimeout(timer.current);
    };
  }, []);

  /** One request at a time, in order: what is pending when its turn comes (and `finish`). */
  const save = useCallback(
    (finish: boolean): Promise<SaveResult | null> => {
      if (timer.current) {
        clearTimeout(timer.current);
        timer.current = null;
      }
      const run = chain.current.then(async (): Promise<SaveResult | null> => {
        const batch = { ...pending.current };
        if (!finish && Object.keys(batch).length === 0) return null;
        if (alive.current) setStatus({ kind: "saving" });
        try {
          const result = await surveyApi.save(campaignId, batch, finish);
          // Sent: forget what went (an answer changed meanwhile stays pending for the next request).
          for (const [questionId, value] of Object.entries(batch)) if (pending.current[questionId] === value) delete pending.current[questionId];
          writePending(storageKey, pending.current);
          attempt.current = 0;
          if (!alive.current) return result;
          setProblems((previous) => {
            const next = { ...previous };
            for (const questionId of Object.keys(batch)) delete next[questionId];
            return { ...next, ...result.problems };
          });
          setCompleted(result.completed);
          setStatus(Object.keys(pending.current).length ? { kind: "saving" } : { kind: "saved" });
          if (Object.keys(pending.current).length) schedule(0);
          return result;
        } catch (failure) {
          const error = asApiError(failure);
          if (!alive.current) return null;
          if (error.retryable) {
            setStatus({ kind: "offline" });
            const delay = RETRY_DELAYS_MS[Math.min(attempt.current, RETRY_DELAYS_MS.length - 1)]!;
            attempt.current += 1;
            schedule(delay);
          } else {
            // Refused (the survey closed meanwhile, a session expired): said as the server says it; nothing to retry.
            setStatus({ kind: "error", message: error.message });
          }
          return null;
        }
      });
      chain.current = run.catch(() => null);
      return run;
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [campaignId, storageKey],
  );

  const schedule = (delayMs: number) => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      timer.current = null;
      void save(false);
    }, delayMs);
  };

  // Answers left on the phone by an earlier visit go first; a regained connection retries at once; an
  // answer still being typed goes when the app is hidden (the messenger closes it) or the page is left.
  useEffect(() => {
    const flush = () => {
      if (Object.keys(pending.current).length) void save(false);
    };
    const hidden = () => {
      if (document.visibilityState === "hidden") flush();
    };
    flush();
    window.addEventListener("online", flush);
    document.addEventListener("visibilitychange", hidden);
    return () => {
      window.removeEventListener("online", flush);
      document.removeEventListener("visibilitychange", hidden);
      flush();
    };
  }, [save]);

  const onAnswer = (questionId: string, answer: AnswerValue, delayMs: number) => {
    setAnswers((previous) => ({ ...previous, [questionId]: answer }));
    setProblems((previous) => {
      if (!(questionId in previous)) return previous;
      const { [questionId]: _gone, ...rest } = previous;
      return rest;
    });
    setBanner(null);
    pending.current = { ...pending.current, [questionId]: answer };
    writePending(storageKey, pending.current);
    schedule(delayMs);
  };

  const visible = useMemo(() => visibleQuestions(form.questions, answers), [form.questions, answers]);
  const numbers = useMemo(() => new Map(visible.map((question, index) => [question.id, index + 1])), [visible]);
  const sections: Section[] = useMemo(
    () =>
      form.areas
        .map((area) => ({ id: area.id, title: area.title, questions: visible.filter((question) => question.areaId === area.id) }))
        .filter((section) => section.questions.length > 0),
    [form.areas, visible],
  );

  const [sectionId, setSectionId] = useState<string | null>(() => {
    const current = form.questions.find((question) => question.id === form.currentQuestionId);
    return current && !form.completed ? current.areaId : null;
  });
  const sectionIndex = Math.max(
    0,
    sections.findIndex((section) => section.id === sectionId),
  );
  const section = sections[sectionIndex];

  const toc = useRef<HTMLDetailsElement>(null);
  const goTo = (index: number, questionId?: string) => {
    const target = sections[index];
    if (!target) return;
    setSectionId(target.id);
    if (toc.current) toc.current.open = false;
    requestAnimationFrame(() => {
      const element = questionId ? document.querySelector(`[data-testid="q-${questionId}"]`) : null;
      if (element) element.scrollIntoView({ block: "center" });
      else window.scrollTo(0, 0);
    });
  };

  const submit = async () => {
    const missing = missingRequired(visible, answers);
    if (missing.length) {
      setProblems((previous) => ({ ...previous, ...Object.fromEntries(missing.map((question) => [question.id, ts("form.requiredMissing")])) }));
      setBanner(ts("form.missing", { n: missing.length }));
      const first = missing[0]!;
      goTo(
        sections.findIndex((candidate) => candidate.id === first.areaId),
        first.id,
      );
      return;
    }
    setSubmitting(true);
    const result = await save(true);
    if (!alive.current) return;
    setSubmitting(false);
    if (result?.completed) {
      setThanks(true);
      window.scrollTo(0, 0);
    } else if (result) {
      setBanner(ts("form.problemsLeft"));
      const first = visible.find((question) => question.id in result.problems);
      if (first) goTo(sections.findIndex((candidate) => candidate.id === first.areaId), first.id);
    }
  };

  const closes = formatDate(form.campaign.closesAt);
  if (thanks) {
    return (
      <Placeholder
        data-testid="survey-thanks"
        header={ts("done.title")}
        description={ts("done.text", { date: closes })}
        action={
          <div className="survey-nav">
            <Button size="m" mode="gray" onClick={() => setThanks(false)} data-testid="survey-edit">
              {ts("done.edit")}
            </Button>
            <Button size="m" onClick={() => navigate({ page: "surveys" })} data-testid="survey-to-list">
              {ts("done.toList")}
            </Button>
          </div>
        }
      />
    );
  }

  const answered = answeredCount(visible, answers);
  const last = sectionIndex >= sections.length - 1;
  return (
    <div className="survey-form" data-testid="survey-form">
      <header className="survey-head">
        <h2>{form.campaign.title}</h2>
        <p className="survey-meta" data-testid="survey-progress">
          {ts("form.progress", { answered, total: visible.length })} · {ts("surveys.until", { date: closes })}
        </p>
        {sectionIndex === 0 && <p className="survey-intro">{form.campaign.intro}</p>}
        <p className="survey-legend">{ts("form.required")}</p>
      </header>

      {completed && <p className="survey-banner" data-testid="survey-completed">{ts("done.again")}</p>}
      {banner && (
        <p className="survey-banner survey-banner-problem" role="alert" data-testid="survey-banner">
          {banner}
        </p>
      )}

      {sections.length > 1 && (
        <details className="survey-toc" data-testid="survey-toc" ref={toc}>
          <summary>
            {ts("form.sections")}: {ts("form.section", { n: sectionIndex + 1, total: sections.length })}
          </summary>
          <ol>
            {sections.map((candidate, index) => {
              const left = missingRequired(candidate.questions, answers).length;
              return (
                <li key={candidate.id}>
                  <button type="button" aria-current={index === sectionIndex ? "step" : undefined} onClick={() => goTo(index)}>
                    <span>
                      {index + 1}. {candidate.title}
                    </span>
                    <small className={left ? "survey-toc-left" : undefined}>
                      {left ? ts("form.sectionLeft", { n: left }) : ts("form.sectionDone")}
                    </small>
                  </button>
                </li>
              );
            })}
          </ol>
        </details>
      )}

      {section && (
        <section data-testid={`survey-section-${section.id}`}>
          <h3 className="survey-section-title">
            {sections.length > 1 && <span className="survey-section-number">{ts("form.section", { n: sectionIndex + 1, total: sections.length })}</span>}
            {section.title}
          </h3>
          {section.questions.map((question) => (
            <QuestionField
              key={question.id}
              question={question}
              number={numbers.get(question.id) ?? 0}
              answer={answers[question.id]}
              problem={problems[question.id] ?? null}
              onAnswer={(answer, delayMs) => onAnswer(question.id, answer, delayMs)}
            />
          ))}
        </section>
      )}

      <div className="survey-nav">
        {sectionIndex > 0 && (
          <Button size="m" mode="gray" onClick={() => goTo(sectionIndex - 1)} data-testid="survey-prev">
            {ts("form.prev")}
          </Button>
        )}
        {!last && (
          <Button size="m" mode={completed ? "gray" : "filled"} onClick={() => goTo(sectionIndex + 1)} data-testid="survey-next">
            {ts("form.next")}
          </Button>
        )}
        {(last || completed) && (
          <Button size="m" onClick={() => void submit()} disabled={submitting} loading={submitting} data-testid="survey-submit">
            {ts("form.submit")}
          </Button>
        )}
      </div>

      <SaveLine status={status} onRetry={() => void save(false)} />
    </div>
  );
}

function SaveLine({ status, onRetry }: { status: SaveStatus; onRetry: () => void }) {
  if (status.kind === "idle") return <div className="survey-save" role="status" aria-live="polite" data-testid="survey-save" />;
  return (
    <div
      className={`survey-save${status.kind === "offline" ? " survey-save-offline" : status.kind === "error" ? " survey-save-error" : ""}`}
      role="status"
      aria-live="polite"
      data-testid="survey-save"
      data-state={status.kind}
    >
      <span>
        {status.kind === "saving"
          ? ts("save.saving")
          : status.kind === "saved"
            ? `✓ ${ts("save.saved")}`
            : status.kind === "offline"
              ? ts("save.offline")
              : `${ts("save.failed")} ${status.message}`}
      </span>
      {status.kind === "offline" && (
        <button type="button" onClick={onRetry} data-testid="survey-retry">
          {ts("save.retry")}
        </button>
      )}
    </div>
  );
}
