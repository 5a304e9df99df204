import { questionType, type Instrument, type Question } from "../instruments/schema.ts";
import { asAnswerValue, type AnyAnswer } from "./answers.ts";
import { effectiveAnswers, type SurveyAnswers } from "./runner.ts";

/**
 * What means are made of. «Затрудняюсь ответить», skips, texts and multiple choice sets carry no
 * number and are left out; they are counted apart (`unsure`) so a report can say how many chose it.
 */

/** The number an answer contributes to a mean, or null (unsure, skipped, text, a set of picks). */
export function answerNumber(answer: AnyAnswer | undefined): number | null {
  if (answer === undefined) return null;
  const value = asAnswerValue(answer);
  return value.kind === "int" || value.kind === "number" ? value.value : null;
}

export interface AnswerMean {
  mean: number | null;
  /** Answers with a number (the mean's denominator). */
  counted: number;
  /** «Затрудняюсь ответить» answers, not in the mean. */
  unsure: number;
}

export function meanOfAnswers(answers: Iterable<AnyAnswer>): AnswerMean {
  let sum = 0;
  let counted = 0;
  let unsure = 0;
  for (const answer of answers) {
    if (asAnswerValue(answer).kind === "unsure") unsure += 1;
    const number = answerNumber(answer);
    if (number === null) continue;
    sum += number;
    counted += 1;
  }
  return { mean: counted ? sum / counted : null, counted, unsure };
}

const isLikert = (question: Question) => questionType(question) === "likert";

/**
 * The Likert answers a deficit profile is made of, as today's integers: visible Likert questions
 * with a value on the scale; «затрудняюсь ответить» and skips are left out. For the teacher
 * diagnostic (Likert only, integer answers) this is `effectiveAnswers`.
 */
export function likertScores(instrument: Instrument, answers: SurveyAnswers): Map<string, number> {
  const visible = effectiveAnswers(instrument, answers);
  const scale = new Set(instrument.scale.map((option) => option.value));
  const scores = new Map<string, number>();
  for (const question of instrument.questions) {
    if (!isLikert(question)) continue;
    const value = visible.get(question.id);
    if (value === undefined) continue;
    const answer = asAnswerValue(value);
    if (answer.kind === "int" && scale.has(answer.value)) scores.set(question.id, answer.value);
  }
  return scores;
}
