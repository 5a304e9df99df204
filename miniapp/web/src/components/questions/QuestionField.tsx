/**
 * One question of a survey form, any type: Likert, single choice and yes/no as a list of radio buttons
 * (one tap saves), multiple choice as checkboxes, a number and a text typed in (saved a moment after
 * typing stops, and when the field is left). Native inputs inside big labels: the whole row is the
 * target on a phone, a screen reader names the choice, and it works without the messenger's widgets.
 */
import { useEffect, useId, useRef, useState } from "react";
import { formatNumber, parseNumber, type AnswerValue, type FormQuestion } from "../../pages/SurveyApi.ts";
import { ts } from "../../messages/ru-survey.ts";
import "./questions.css";

/** Typed answers wait this long after the last key before they are sent. */
export const TYPING_DELAY_MS = 1200;

export interface QuestionFieldProps {
  question: FormQuestion;
  /** 1-based among the questions shown now. */
  number: number;
  answer: AnswerValue | undefined;
  problem: string | null;
  /** `delayMs` 0: save now (a tap); more: the person is still typing or picking. */
  onAnswer: (answer: AnswerValue, delayMs: number) => void;
}

export function QuestionField({ question, number, answer, problem, onAnswer }: QuestionFieldProps) {
  const titleId = useId();
  const helpId = useId();
  const problemId = useId();
  const describedBy = [question.help || question.hint ? helpId : null, problem ? problemId : null].filter(Boolean).join(" ") || undefined;
  return (
    <fieldset
      className={`q-field${problem ? " q-field-problem" : ""}`}
      data-testid={`q-${question.id}`}
      aria-labelledby={titleId}
      aria-describedby={describedBy}
      aria-invalid={problem ? true : undefined}
    >
      <legend className="q-title" id={titleId}>
        <span className="q-number">{number}.</span> {question.text}
        {question.required ? (
          <span className="q-required" title={ts("form.requiredMark")} aria-label={ts("form.requiredMark")}>
            {" *"}
          </span>
        ) : (
          <span className="q-optional"> ({ts("form.optional")})</span>
        )}
      </legend>
      {(question.help || question.hint) && (
        <p className="q-help" id={helpId}>
          {question.help}
          {question.help && question.hint ? " " : null}
          {question.hint && <span className="q-hint">({question.hint})</span>}
        </p>
      )}
      {question.type === "number" ? (
        <NumberField question={question} answer={answer} onAnswer={onAnswer} labelledBy={titleId} />
      ) : question.type === "text" ? (
        <TextField question={question} answer={answer} onAnswer={onAnswer} labelledBy={titleId} />
      ) : question.multiple ? (
        <MultipleField question={question} answer={answer} onAnswer={onAnswer} />
      ) : (
        <ChoiceField question={question} answer={answer} onAnswer={onAnswer} />
      )}
      {problem && (
        <p className="q-problem" id={problemId} role="alert" data-testid={`q-${question.id}-problem`}>
          {problem}
        </p>
      )}
    </fieldset>
  );
}

type FieldProps = Pick<QuestionFieldProps, "question" | "answer" | "onAnswer">;

/** Likert, single choice, yes/no: one tap answers; an optional question can be cleared. */
function ChoiceField({ question, answer, onAnswer }: FieldProps) {
  const name = useId();
  const picked = answer?.kind === "int" ? answer.value : null;
  const unsure = answer?.kind === "unsure";
  const yesNo = question.type === "yesno";
  return (
    <div className={yesNo ? "q-options q-options-row" : "q-options"} role="radiogroup">
      {(question.options ?? []).map((option) => (
        <label key={option.value} className={`q-option${picked === option.value ? " q-option-on" : ""}`}>
          <input
            type="radio"
            name={name}
            checked={picked === option.value}
            data-testid={`q-${question.id}-opt-${option.value}`}
            onChange={() => onAnswer({ kind: "int", value: option.value }, 0)}
          />
          <span className="q-mark q-mark-radio" aria-hidden="true" />
          <span>{option.label}</span>
        </label>
      ))}
      {question.unsure && (
        <label className={`q-option q-option-unsure${unsure ? " q-option-on" : ""}`}>
          <input type="radio" name={name} checked={unsure} data-testid={`q-${question.id}-unsure`} onChange={() => onAnswer({ kind: "unsure" }, 0)} />
          <span className="q-mark q-mark-radio" aria-hidden="true" />
          <span>{ts("form.unsure")}</span>
        </label>
      )}
      {!question.required && (picked !== null || unsure) && (
        <button type="button" className="q-clear" data-testid={`q-${question.id}-clear`} onClick={() => onAnswer({ kind: "skipped" }, 0)}>
          {ts("form.clear")}
        </button>
      )}
    </div>
  );
}

/** Multiple choice: picks are sent shortly after the last toggle; «Затрудняюсь ответить» clears the picks. */
function MultipleField({ question, answer, onAnswer }: FieldProps) {
  const picks = answer?.kind === "ints" ? answer.values : [];
  const unsure = answer?.kind === "unsure";
  // At the most picks allowed, the other options wait until one is unticked.
  const full = question.maxPicks !== null && picks.length >= question.maxPicks;
  const toggle = (value: number) => {
    const next = picks.includes(value) ? picks.filter((pick) => pick !== value) : [...picks, value].sort((a, b) => a - b);
    onAnswer(next.length || question.required ? { kind: "ints", values: next } : { kind: "skipped" }, TYPING_DELAY_MS);
  };
  return (
    <div className="q-options">
      {(question.options ?? []).map((option) => (
        <label key={option.value} className={`q-option${picks.includes(option.value) ? " q-option-on" : ""}`}>
          <input
            type="checkbox"
            checked={picks.includes(option.value)}
            disabled={full && !picks.includes(option.value)}
            data-testid={`q-${question.id}-opt-${option.value}`}
            onChange={() => toggle(option.value)}
          />
          <span className="q-mark" aria-hidden="true" />
          <span>{option.label}</span>
        </label>
      ))}
      {question.unsure && (
        <label className={`q-option q-option-unsure${unsure ? " q-option-on" : ""}`}>
          <input
            type="checkbox"
            checked={unsure}
            data-testid={`q-${question.id}-unsure`}
            onChange={() => onAnswer(unsure ? (question.required ? { kind: "ints", values: [] } : { kind: "skipped" }) : { kind: "unsure" }, 0)}
          />
          <span className="q-mark" aria-hidden="true" />
          <span>{ts("form.unsure")}</span>
        </label>
      )}
    </div>
  );
}

/**
 * A typed field keeps what is typed as it is (a half-typed «3,» is not rewritten) and reports the
 * answer a moment after the last key and when the field is left.
 */
function useTyped(initial: string, commit: (raw: string, delayMs: number) => void) {
  const [raw, setRaw] = useState(initial);
  const last = useRef(initial);
  // A new saved value from outside (the server's trimmed text) replaces the field only when it is not being edited.
  const editing = useRef(false);
  useEffect(() => {
    if (!editing.current) {
      setRaw(initial);
      last.current = initial;
    }
  }, [initial]);
  return {
    value: raw,
    onChange: (next: string) => {
      editing.current = true;
      setRaw(next);
      last.current = next;
      commit(next, TYPING_DELAY_MS);
    },
    onBlur: () => {
      editing.current = false;
      commit(last.current, 0);
    },
  };
}

function NumberField({ question, answer, onAnswer, labelledBy }: FieldProps & { labelledBy: string }) {
  const [local, setLocal] = useState<string | null>(null);
  const initial = answer?.kind === "number" ? formatNumber(answer.value) : "";
  const sent = useRef(initial);
  const typed = useTyped(initial, (raw, delayMs) => {
    const value = raw.trim() ? parseNumber(raw) : null;
    if (raw.trim() && value === null) {
      // Not a number (yet: «3,» while typing): said when the field is left; nothing is sent.
      if (delayMs === 0) setLocal(ts("form.notANumber"));
      return;
    }
    setLocal(null);
    if (raw === sent.current) return;
    sent.current = raw;
    onAnswer(value === null ? { kind: "skipped" } : { kind: "number", value }, delayMs);
  });
  const bounds = question.number;
  return (
    <div className="q-typed">
      <input
        type="text"
        inputMode={bounds?.integer ? "numeric" : "decimal"}
        autoComplete="off"
        className="q-input q-input-number"
        placeholder={ts("form.numberPlaceholder")}
        aria-labelledby={labelledBy}
        data-testid={`q-${question.id}-input`}
        value={typed.value}
        onChange={(event) => typed.onChange(event.target.value)}
        onBlur={typed.onBlur}
      />
      {bounds?.unit && <span className="q-unit">{bounds.unit}</span>}
      {local && (
        <p className="q-problem" role="alert" data-testid={`q-${question.id}-local-problem`}>
          {local}
        </p>
      )}
    </div>
  );
}

function TextField({ question, answer, onAnswer, labelledBy }: FieldProps & { labelledBy: string }) {
  const initial = answer?.kind === "text" ? answer.value : "";
  const sent = useRef(initial);
  const typed = useTyped(initial, (raw, delayMs) => {
    if (raw === sent.current) return;
    sent.current = raw;
    onAnswer(raw.trim() ? { kind: "text", value: raw } : { kind: "skipped" }, delayMs);
  });
  const maxLength = question.maxLength ?? 500;
  const length = [...typed.value].length;
  return (
    <div className="q-typed q-typed-text">
      <textarea
        className="q-input"
        rows={maxLength > 200 ? 4 : 2}
        placeholder={ts("form.textPlaceholder")}
        aria-labelledby={labelledBy}
        data-testid={`q-${question.id}-input`}
        value={typed.value}
        onChange={(event) => typed.onChange(event.target.value)}
        onBlur={typed.onBlur}
      />
      <span className={`q-count${length > maxLength ? " q-count-over" : ""}`} aria-live="polite">
        {length} / {maxLength}
      </span>
    </div>
  );
}
