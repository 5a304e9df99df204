/**
 * The Mini App's client for the surveys (miniapp/api/routes/survey.ts) and the shapes it answers with,
 * restated here as the web app does not import the server's code; the branching of
 * core/survey/runner.ts (`visibleQuestions`) restated too, so hidden questions disappear as the person
 * answers, before the server has the answer. The server checks every answer again.
 */
import { apiFetch, readJson } from "../api.ts";

/** One answer (core/survey/answers.ts AnswerValue). */
export type AnswerValue =
  | { kind: "int"; value: number }
  | { kind: "ints"; values: number[] }
  | { kind: "number"; value: number }
  | { kind: "text"; value: string }
  | { kind: "unsure" }
  | { kind: "skipped" };

export type Answers = Record<string, AnswerValue>;

export interface FormQuestion {
  id: string;
  areaId: string;
  type: "likert" | "single" | "multiple" | "yesno" | "number" | "text";
  text: string;
  help: string | null;
  required: boolean;
  unsure: boolean;
  options: Array<{ value: number; label: string }> | null;
  multiple: boolean;
  minPicks: number | null;
  maxPicks: number | null;
  hint: string | null;
  showIf: { questionId: string; values?: number[]; yes?: boolean } | null;
  number: { min: number; max: number; integer: boolean; unit: string | null } | null;
  maxLength: number | null;
}

export interface SurveyCampaign {
  id: string;
  title: string;
  instrumentTitle: string;
  closesAt: string;
}

export interface SurveyState {
  answers: Answers;
  completed: boolean;
  currentQuestionId: string | null;
  progress: { answered: number; total: number } | null;
}

export interface SurveyForm extends SurveyState {
  campaign: SurveyCampaign & { intro: string };
  /** Whose form it is: answers not yet sent are kept on the phone under it. */
  personId: string;
  areas: Array<{ id: string; title: string }>;
  questions: FormQuestion[];
}

export interface SaveResult extends SurveyState {
  /** Question id → why its answer was not taken (Russian). */
  problems: Record<string, string>;
}

export interface MySurvey extends SurveyCampaign {
  answered: number;
  total: number;
  completed: boolean;
}

const path = (campaignId: string) => `/surveys/${encodeURIComponent(campaignId)}`;

export const surveyApi = {
  mine: async () => readJson<{ surveys: MySurvey[] }>(await apiFetch("/me/surveys")),
  form: async (campaignId: string) => readJson<SurveyForm>(await apiFetch(path(campaignId))),
  /** Saves the answers given; repeating it after a lost answer saves the same again. */
  save: async (campaignId: string, answers: Answers, finish: boolean) =>
    readJson<SaveResult>(
      await apiFetch(`${path(campaignId)}/answers`, {
        method: "PUT",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ answers, finish }),
      }),
    ),
};

/** Yes/no answers as stored integers (core/instruments/schema.ts). */
export const YES = 1;
export const NO = 0;

const isAnswer = (answer: AnswerValue | undefined) => answer !== undefined && answer.kind !== "skipped";

function conditionHolds(showIf: NonNullable<FormQuestion["showIf"]>, answer: AnswerValue | undefined): boolean {
  if (!answer) return false;
  if (showIf.yes !== undefined) return answer.kind === "int" && answer.value === (showIf.yes ? YES : NO);
  const wanted = showIf.values ?? [];
  if (answer.kind === "int") return wanted.includes(answer.value);
  if (answer.kind === "ints") return answer.values.some((picked) => wanted.includes(picked));
  return false;
}

/** Questions shown with these answers: a condition holds only when the question it points at is shown. */
export function visibleQuestions(questions: FormQuestion[], answers: Answers): FormQuestion[] {
  const shown = new Set<string>();
  return questions.filter((question) => {
    const showIf = question.showIf;
    const visible = !showIf || (shown.has(showIf.questionId) && conditionHolds(showIf, answers[showIf.questionId]));
    if (visible) shown.add(question.id);
    return visible;
  });
}

/** Shown required questions without an answer. */
export const missingRequired = (visible: FormQuestion[], answers: Answers) =>
  visible.filter((question) => question.required && !isAnswer(answers[question.id]));

export const answeredCount = (visible: FormQuestion[], answers: Answers) => visible.filter((question) => isAnswer(answers[question.id])).length;

/** "1 200,5" → 1200.5; null when the text is not a number in digits (as the chat reads it). */
export function parseNumber(raw: string): number | null {
  const compact = raw.trim().replace(/[\s\u00a0\u202f]/g, "").replace(",", ".");
  if (!/^[-+−]?\d+(\.\d+)?$/.test(compact)) return null;
  return Number(compact.replace("−", "-"));
}

export const formatNumber = (value: number) => String(value).replace(".", ",");
