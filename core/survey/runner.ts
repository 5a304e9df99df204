import type { Instrument, Question } from "../instruments/schema.ts";

/**
 * The survey runner as a pure function (STYLE.md): which question is on screen, progress and
 * completion are computed from the instrument, the answers saved so far and the saved cursor.
 * Any channel (Telegram, MAX) and any restart recompute the same position from the same rows.
 */
export type Answers = ReadonlyMap<string, number>;

export type SurveyPosition =
  | {
      kind: "question";
      question: Question;
      /** 1-based number among the questions visible with these answers ("Вопрос k из n"). */
      number: number;
      total: number;
      answered: number;
      current: number | undefined;
      canGoBack: boolean;
    }
  | { kind: "complete"; total: number; answered: number };

/** Questions shown given the answers so far (branching by `showIf`). */
export function visibleQuestions(instrument: Instrument, answers: Answers): Question[] {
  return instrument.questions.filter((question) => {
    if (!question.showIf) return true;
    const value = answers.get(question.showIf.questionId);
    return value !== undefined && question.showIf.values.includes(value);
  });
}

export function position(instrument: Instrument, answers: Answers, cursor?: string | null): SurveyPosition {
  const visible = visibleQuestions(instrument, answers);
  const answered = visible.filter((question) => answers.has(question.id)).length;
  let index = cursor ? visible.findIndex((question) => question.id === cursor) : -1;
  if (index < 0) index = visible.findIndex((question) => !answers.has(question.id));
  if (index < 0) return { kind: "complete", total: visible.length, answered };
  const question = visible[index]!;
  return {
    kind: "question",
    question,
    number: index + 1,
    total: visible.length,
    answered,
    current: answers.get(question.id),
    canGoBack: index > 0,
  };
}

/** The cursor after "back" on `fromQuestionId`: the visible question before it, if any. */
export function previousQuestionId(instrument: Instrument, answers: Answers, fromQuestionId: string): string | null {
  const visible = visibleQuestions(instrument, answers);
  const index = visible.findIndex((question) => question.id === fromQuestionId);
  return index > 0 ? visible[index - 1]!.id : null;
}

/** Validates one answer against the instrument; returns a reason in plain words or null. */
export function answerProblem(instrument: Instrument, questionId: string, value: number): string | null {
  const question = instrument.questions.find((candidate) => candidate.id === questionId);
  if (!question) return `unknown question ${questionId}`;
  if (!instrument.scale.some((option) => option.value === value)) return `value ${value} is not on the scale`;
  return null;
}

/** Answers to questions that branching has hidden are dropped before scoring. */
export function effectiveAnswers(instrument: Instrument, answers: Answers): Map<string, number> {
  const visible = new Set(visibleQuestions(instrument, answers).map((question) => question.id));
  return new Map([...answers].filter(([questionId]) => visible.has(questionId)));
}
