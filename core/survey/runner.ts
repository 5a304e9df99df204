import {
  isRequired,
  offersUnsure,
  questionType,
  NO,
  YES,
  type ChoiceOption,
  type Instrument,
  type Question,
  type ShowIf,
} from "../instruments/schema.ts";
import { surveyText } from "../messages/survey.ts";
import { asAnswerValue, isAnswer, type AnswerValue, type AnyAnswer } from "./answers.ts";

export { fromLegacyAnswers, fromLegacyInt, type AnswerValue, type AnyAnswer } from "./answers.ts";

/**
 * The survey runner as pure functions (STYLE.md): which question is on screen, progress and
 * completion are computed from the instrument, the answers saved so far and the saved cursor.
 * Any channel (Telegram, MAX, the Mini App) and any restart recompute the same position from the
 * same rows. Every function takes today's integer answers (the teacher diagnostic) or the tagged
 * union of core/survey/answers.ts, and gives back the same representation it was given.
 */
export type Answers = ReadonlyMap<string, number>;
export type SurveyAnswers<V extends AnyAnswer = AnyAnswer> = ReadonlyMap<string, V>;

export type SurveyPosition<V extends AnyAnswer = number> =
  | {
      kind: "question";
      question: Question;
      /** 1-based number among the questions visible with these answers ("Вопрос k из n"). */
      number: number;
      total: number;
      /** Visible questions answered (a skip is not an answer; «затрудняюсь ответить» is). */
      answered: number;
      current: V | undefined;
      canGoBack: boolean;
      /** An optional question: the person may skip it. */
      canSkip: boolean;
      /** Every visible required question is answered: the response could be finished now. */
      canFinish: boolean;
    }
  | { kind: "complete"; total: number; answered: number };

/** Whether an answer to the question `showIf` points at satisfies it. */
export function conditionHolds(showIf: ShowIf, answer: AnyAnswer | undefined): boolean {
  if (answer === undefined) return false;
  const value = asAnswerValue(answer);
  if (showIf.yes !== undefined) return value.kind === "int" && value.value === (showIf.yes ? YES : NO);
  const wanted = showIf.values ?? [];
  if (value.kind === "int") return wanted.includes(value.value);
  // Multiple choice: "contains any of".
  if (value.kind === "ints") return value.values.some((picked) => wanted.includes(picked));
  return false;
}

/**
 * Questions shown given the answers so far (branching by `showIf`). A condition holds only when
 * the question it points at is itself shown: an answer left behind on a question that branching
 * has since hidden opens nothing.
 */
export function visibleQuestions(instrument: Instrument, answers: SurveyAnswers): Question[] {
  const shown = new Set<string>();
  return instrument.questions.filter((question) => {
    const showIf = question.showIf;
    const visible = !showIf || (shown.has(showIf.questionId) && conditionHolds(showIf, answers.get(showIf.questionId)));
    if (visible) shown.add(question.id);
    return visible;
  });
}

/** Still waiting for the person: no entry at all, or a skip on a required question. */
const pending = (question: Question, answers: SurveyAnswers) =>
  !answers.has(question.id) || (isRequired(question) && !isAnswer(answers.get(question.id)));

/** Every visible required question has an answer (optional ones may be unanswered or skipped). */
export function isComplete(instrument: Instrument, answers: SurveyAnswers): boolean {
  return visibleQuestions(instrument, answers).every((question) => !isRequired(question) || isAnswer(answers.get(question.id)));
}

export function position<V extends AnyAnswer>(
  instrument: Instrument,
  answers: SurveyAnswers<V>,
  cursor?: string | null,
): SurveyPosition<V> {
  const visible = visibleQuestions(instrument, answers);
  const answered = visible.filter((question) => isAnswer(answers.get(question.id))).length;
  let index = cursor ? visible.findIndex((question) => question.id === cursor) : -1;
  if (index < 0) index = visible.findIndex((question) => pending(question, answers));
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
    canSkip: !isRequired(question),
    canFinish: visible.every((candidate) => !isRequired(candidate) || isAnswer(answers.get(candidate.id))),
  };
}

/** The next question to ask (the first visible one not yet answered or skipped), or null when done. */
export function nextQuestion(instrument: Instrument, answers: SurveyAnswers): Question | null {
  const at = position(instrument, answers, null);
  return at.kind === "question" ? at.question : null;
}

/** The cursor after "back" on `fromQuestionId`: the visible question before it, if any. */
export function previousQuestionId(instrument: Instrument, answers: SurveyAnswers, fromQuestionId: string): string | null {
  const visible = visibleQuestions(instrument, answers);
  const index = visible.findIndex((question) => question.id === fromQuestionId);
  return index > 0 ? visible[index - 1]!.id : null;
}

/** Answers to questions that branching has hidden are dropped before scoring. */
export function effectiveAnswers<V extends AnyAnswer>(instrument: Instrument, answers: SurveyAnswers<V>): Map<string, V> {
  const visible = new Set(visibleQuestions(instrument, answers).map((question) => question.id));
  return new Map([...answers].filter(([questionId]) => visible.has(questionId)));
}

export const findQuestion = (instrument: Instrument, questionId: string): Question | undefined =>
  instrument.questions.find((candidate) => candidate.id === questionId);

/**
 * Validates one integer answer (today's buttons); returns a reason in plain words for the log, or
 * null. The person-facing check with a Russian message is `checkAnswer`.
 */
export function answerProblem(instrument: Instrument, questionId: string, value: number): string | null {
  const question = findQuestion(instrument, questionId);
  if (!question) return `unknown question ${questionId}`;
  if (questionType(question) === "likert") {
    if (!instrument.scale.some((option) => option.value === value)) return `value ${value} is not on the scale`;
    return null;
  }
  const check = checkAnswer(instrument, questionId, { kind: "int", value });
  return check.ok ? null : `value ${value} does not answer ${questionType(question)} question ${questionId} (${check.code})`;
}

export type AnswerProblemCode =
  | "unknown_question"
  | "wrong_kind"
  | "not_an_option"
  | "unsure_not_offered"
  | "required"
  | "too_few_picks"
  | "too_many_picks"
  | "not_a_number"
  | "not_integer"
  | "below_min"
  | "above_max"
  | "too_long";

/** A checked answer (normalised: picks ascending without repeats, text trimmed, an empty optional text a skip), or why not. */
export type AnswerCheck = { ok: true; value: AnswerValue } | { ok: false; code: AnswerProblemCode; message: string };

const problems = surveyText.problems;
const fail = (code: AnswerProblemCode, message: string): AnswerCheck => ({ ok: false, code, message });

function requiredProblem(question: Question): AnswerCheck {
  const type = questionType(question);
  return fail("required", type === "number" ? problems.requiredNumber : type === "text" ? problems.requiredText : problems.requiredChoice);
}

/** Checks an answer against its question, for the person: the message is in Russian. */
export function checkAnswer(instrument: Instrument, questionId: string, answer: AnyAnswer): AnswerCheck {
  const question = findQuestion(instrument, questionId);
  if (!question) return fail("unknown_question", problems.unknownQuestion);
  return checkQuestionAnswer(instrument, question, answer);
}

export function checkQuestionAnswer(instrument: Instrument, question: Question, answer: AnyAnswer): AnswerCheck {
  const value = asAnswerValue(answer);
  const ok = (normalised: AnswerValue): AnswerCheck => ({ ok: true, value: normalised });
  if (value.kind === "skipped") return isRequired(question) ? requiredProblem(question) : ok(value);
  if (value.kind === "unsure") {
    if (question.type === "number" || question.type === "text") return fail("wrong_kind", problems.wrongKind);
    return offersUnsure(question) ? ok(value) : fail("unsure_not_offered", problems.unsureNotOffered);
  }
  switch (question.type) {
    case undefined:
    case "likert":
      if (value.kind !== "int") return fail("wrong_kind", problems.wrongKind);
      return instrument.scale.some((option) => option.value === value.value) ? ok(value) : fail("not_an_option", problems.notAnOption);
    case "single":
      if (value.kind !== "int") return fail("wrong_kind", problems.wrongKind);
      return question.options.some((option) => option.value === value.value) ? ok(value) : fail("not_an_option", problems.notAnOption);
    case "yesno":
      if (value.kind !== "int") return fail("wrong_kind", problems.wrongKind);
      return value.value === YES || value.value === NO ? ok(value) : fail("not_an_option", problems.notAnOption);
    case "multiple": {
      if (value.kind !== "ints") return fail("wrong_kind", problems.wrongKind);
      const picks = [...new Set(value.values)].sort((a, b) => a - b);
      if (!picks.every((pick) => question.options.some((option) => option.value === pick))) return fail("not_an_option", problems.notAnOption);
      const min = question.minPicks ?? 1;
      const max = question.maxPicks ?? question.options.length;
      if (picks.length === 0 && min > 0) return isRequired(question) ? requiredProblem(question) : ok({ kind: "skipped" });
      if (picks.length < min) return fail("too_few_picks", problems.tooFewPicks(min));
      if (picks.length > max) return fail("too_many_picks", problems.tooManyPicks(max));
      return ok({ kind: "ints", values: picks });
    }
    case "number":
      if (value.kind !== "number") return fail("wrong_kind", problems.wrongKind);
      if (!Number.isFinite(value.value)) return fail("not_a_number", problems.notANumber);
      if (question.integer && !Number.isInteger(value.value)) return fail("not_integer", problems.notInteger);
      if (value.value < question.min) return fail("below_min", problems.belowMin(question.min, question.unit));
      if (value.value > question.max) return fail("above_max", problems.aboveMax(question.max, question.unit));
      return ok(value);
    case "text": {
      if (value.kind !== "text") return fail("wrong_kind", problems.wrongKind);
      const text = value.value.trim();
      if (!text) return isRequired(question) ? requiredProblem(question) : ok({ kind: "skipped" });
      const length = [...text].length;
      if (length > question.maxLength) return fail("too_long", problems.tooLong(question.maxLength, length));
      return ok({ kind: "text", value: text });
    }
  }
}

/** "1 200,5" → 1200.5; null when the text is not a number written in digits. */
export function parseNumber(raw: string): number | null {
  const compact = raw.trim().replace(/[\s\u00a0\u202f]/g, "").replace(",", ".");
  if (!/^[-+−]?\d+(\.\d+)?$/.test(compact)) return null;
  return Number(compact.replace("−", "-"));
}

/**
 * A typed message as the answer to a number or text question, checked. Choice, Likert and yes/no
 * questions are answered with buttons: typed text gets `wrong_kind`.
 */
export function checkTypedAnswer(instrument: Instrument, questionId: string, raw: string): AnswerCheck {
  const question = findQuestion(instrument, questionId);
  if (!question) return fail("unknown_question", problems.unknownQuestion);
  if (question.type === "text") return checkQuestionAnswer(instrument, question, { kind: "text", value: raw });
  if (question.type !== "number") return fail("wrong_kind", problems.wrongKind);
  if (!raw.trim()) return checkQuestionAnswer(instrument, question, { kind: "skipped" });
  const value = parseNumber(raw);
  if (value === null) return fail("not_a_number", problems.notANumber);
  return checkQuestionAnswer(instrument, question, { kind: "number", value });
}

/** What a channel draws for a question answered with buttons; null for number and text questions (typed). */
export interface AnswerButtons {
  /** The options in order: the scale, the choice options, or «Да» (1) and «Нет» (0). */
  options: ChoiceOption[];
  /** Several may be picked (multiple choice): the channel collects them and sends `{ kind: "ints" }`. */
  multiple: boolean;
  /** Offer «Затрудняюсь ответить» (`{ kind: "unsure" }`). */
  unsure: boolean;
  /** Offer «Пропустить» (`{ kind: "skipped" }`). */
  skip: boolean;
}

export function answerButtons(instrument: Instrument, question: Question): AnswerButtons | null {
  const common = { unsure: offersUnsure(question), skip: !isRequired(question) };
  switch (question.type) {
    case undefined:
    case "likert":
      return { options: instrument.scale, multiple: false, ...common };
    case "single":
      return { options: question.options, multiple: false, ...common };
    case "multiple":
      return { options: question.options, multiple: true, ...common };
    case "yesno":
      return {
        options: [
          { value: YES, label: surveyText.yes },
          { value: NO, label: surveyText.no },
        ],
        multiple: false,
        ...common,
      };
    case "number":
    case "text":
      return null;
  }
}

/** The line under a question that says how to answer it (picks, bounds, length), or null for one-tap questions. */
export function answerHint(question: Question): string | null {
  switch (question.type) {
    case "multiple":
      return surveyText.picksHint(question.minPicks ?? 1, question.maxPicks ?? question.options.length);
    case "number":
      return surveyText.numberHint(question.min, question.max, question.integer, question.unit);
    case "text":
      return surveyText.textHint(question.maxLength);
    default:
      return null;
  }
}
