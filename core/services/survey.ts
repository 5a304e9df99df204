// Answering any instrument (#13), independent of the surface: the chat (Telegram, MAX), the Mini App
// form and the plain web page call these. Each call reads the saved response, applies one step and
// returns what to show; a restart or another surface continues from the same rows.
import { isRequired, type Instrument } from "../instruments/schema.ts";
import { surveyText } from "../messages/survey.ts";
import { isAnswer, type AnswerValue } from "../survey/answers.ts";
import {
  checkAnswer,
  checkQuestionAnswer,
  checkTypedAnswer,
  findQuestion,
  isComplete,
  position,
  previousQuestionId,
  visibleQuestions,
  type SurveyPosition,
} from "../survey/runner.ts";
import { membershipInAudience, schoolInAudience } from "./campaign-audience.ts";
import type { Clock, PersonView } from "./ports.ts";
import { campaignOpenAt, type RespondentRef, type ResponseSource, type SurveyCampaign, type SurveyResponse } from "./survey-ports.ts";
import type { SurveysContext } from "./surveys-context.ts";

export interface SurveyServiceDeps {
  surveys: Pick<SurveysContext, "store">;
  clock: Clock;
}

/** Who answers: a member, or an anonymous parent or student with a class code of a school. */
export type SurveyWho = { kind: "person"; person: PersonView } | { kind: "code"; classCodeId: string; schoolId: string };

export type SurveyQuestionPosition = Extract<SurveyPosition<AnswerValue>, { kind: "question" }>;

export type SurveyView =
  | {
      kind: "question";
      campaign: SurveyCampaign;
      position: SurveyQuestionPosition;
      areaTitle: string;
      /** The instrument's introduction, above the first question of a new response. */
      intro: string | null;
      /**
       * A multiple choice question: the picks marked so far (staged in chat before «Готово», kept in
       * the response's cursor; otherwise the saved answer's picks). Absent for other types.
       */
      picks?: number[];
    }
  /** `finishedBefore`: the response was complete before this call (an edit, a repeated last press, a look). */
  | { kind: "complete"; campaign: SurveyCampaign; answers: Map<string, AnswerValue>; finishedBefore: boolean }
  /** Not open: closed, not yet open, a baseline, or no such campaign. */
  | { kind: "closed"; campaign: SurveyCampaign | null }
  | { kind: "not_in_audience"; campaign: SurveyCampaign };

/** The answer was not taken: a Russian message for the person; the screen stays as it was. */
export type SurveyStep = SurveyView | { kind: "problem"; questionId: string; message: string };

// ---- the cursor: the question on screen, and picks staged on a multiple choice question ----

/** `q7` or `q7#1,3` (picks toggled in chat, not yet confirmed with «Готово»). */
export function parseCursor(cursor: string | null | undefined): { questionId: string | null; picks: number[] | null } {
  if (!cursor) return { questionId: null, picks: null };
  const [questionId, picks] = cursor.split("#", 2);
  if (picks === undefined) return { questionId: questionId!, picks: null };
  const values = picks ? picks.split(",").map(Number).filter(Number.isInteger) : [];
  return { questionId: questionId!, picks: [...new Set(values)].sort((a, b) => a - b) };
}

export const formatCursor = (questionId: string, picks?: readonly number[] | null): string =>
  picks ? `${questionId}#${[...picks].join(",")}` : questionId;

// ---- who answers ----

/** The schools the answer counts for: the member's schools in the campaign's audience; the code's school. */
export function respondentSchools(campaign: SurveyCampaign, who: SurveyWho): string[] {
  if (who.kind === "code") return schoolInAudience(campaign.audience, who.schoolId) ? [who.schoolId] : [];
  const schools = who.person.memberships
    .filter((membership) => membershipInAudience(campaign.audience, campaign.districtId, membership))
    .map((membership) => membership.schoolId)
    .filter((schoolId): schoolId is string => schoolId !== null);
  return [...new Set(schools)];
}

const respondentRef = (who: SurveyWho): RespondentRef =>
  who.kind === "person" ? { kind: "person", personId: who.person.id } : { kind: "code", classCodeId: who.classCodeId };

interface Loaded {
  campaign: SurveyCampaign;
  response: SurveyResponse | null;
  schoolIds: string[];
}

/** The campaign open to this respondent with their response, or the view that says why not. */
async function load(deps: SurveyServiceDeps, campaignId: string, who: SurveyWho): Promise<Loaded | SurveyView> {
  const campaign = await deps.surveys.store.getCampaign(campaignId);
  if (!campaign || !campaignOpenAt(campaign, deps.clock.now())) return { kind: "closed", campaign };
  const schoolIds = respondentSchools(campaign, who);
  if (!schoolIds.length) return { kind: "not_in_audience", campaign };
  const response = await deps.surveys.store.getResponse(campaign.id, respondentRef(who));
  return { campaign, response, schoolIds };
}

const isView = (loaded: Loaded | SurveyView): loaded is SurveyView => "kind" in loaded;

interface State {
  answers: Map<string, AnswerValue>;
  cursor: string | null;
  completedAt: Date | null;
}

const stateOf = (response: SurveyResponse | null): State => ({
  answers: new Map(response?.answers ?? []),
  cursor: response?.cursor ?? null,
  completedAt: response?.completedAt ?? null,
});

/**
 * The runner's position, except that a response with an entry for every question but never finished
 * (the form saved without «Отправить») stays on its last question: answering it (or «Отправить»)
 * finishes it; nothing is completed by looking.
 */
function screenPosition(instrument: Instrument, state: Pick<State, "answers" | "completedAt">, cursor: string | null): SurveyPosition<AnswerValue> {
  const at = position(instrument, state.answers, cursor);
  if (at.kind !== "complete" || state.completedAt) return at;
  const last = visibleQuestions(instrument, state.answers).at(-1);
  return last ? position(instrument, state.answers, last.id) : at;
}

function render(campaign: SurveyCampaign, state: State, finishedBefore: boolean): SurveyView {
  const instrument = campaign.instrument;
  const cursor = parseCursor(state.cursor);
  const at = screenPosition(instrument, state, cursor.questionId);
  // A finished response shows a question only while the person goes through it again (a cursor set);
  // optional questions the form left unanswered are not asked afterwards.
  if (at.kind === "complete" || (state.completedAt && !cursor.questionId)) return { kind: "complete", campaign, answers: state.answers, finishedBefore };
  const area = instrument.areas.find((candidate) => candidate.id === at.question.areaId);
  const view: Extract<SurveyView, { kind: "question" }> = {
    kind: "question",
    campaign,
    position: at,
    areaTitle: area?.title ?? "",
    intro: at.answered === 0 && at.number === 1 && !state.completedAt ? instrument.intro : null,
  };
  if (at.question.type === "multiple") {
    view.picks =
      cursor.questionId === at.question.id && cursor.picks
        ? cursor.picks
        : at.current?.kind === "ints"
          ? [...at.current.values]
          : [];
  }
  return view;
}

/** Where the respondent is now: after a restart, or on another surface, the same screen. Reading writes nothing. */
export async function surveyView(deps: SurveyServiceDeps, campaignId: string, who: SurveyWho): Promise<SurveyView> {
  const loaded = await load(deps, campaignId, who);
  if (isView(loaded)) return loaded;
  return viewOf(loaded);
}

async function write(
  deps: SurveyServiceDeps,
  loaded: Loaded,
  who: SurveyWho,
  questionId: string,
  answer: AnswerValue,
  source: ResponseSource,
  cursor: string | null,
  completedAt: Date | null,
): Promise<void> {
  await deps.surveys.store.saveAnswer({
    campaignId: loaded.campaign.id,
    respondent: respondentRef(who),
    questionId,
    answer,
    cursor,
    completedAt,
    schoolIds: loaded.schoolIds,
    source,
    at: deps.clock.now(),
  });
}

/** The visible question after `questionId`, or null after the last. */
function nextVisibleId(instrument: Instrument, answers: Map<string, AnswerValue>, questionId: string): string | null {
  const visible = visibleQuestions(instrument, answers);
  const index = visible.findIndex((question) => question.id === questionId);
  return index >= 0 && index + 1 < visible.length ? visible[index + 1]!.id : null;
}

/** Saves a checked answer and moves on: to the first question still waiting, or, when editing a finished response, to the next one. */
async function take(deps: SurveyServiceDeps, loaded: Loaded, who: SurveyWho, questionId: string, answer: AnswerValue, source: ResponseSource) {
  const instrument = loaded.campaign.instrument;
  const state = stateOf(loaded.response);
  state.answers.set(questionId, answer);
  const wasComplete = state.completedAt !== null;
  let cursor: string | null = null;
  if (wasComplete) {
    cursor = nextVisibleId(instrument, state.answers, questionId);
  } else if (position(instrument, state.answers, null).kind === "complete") {
    state.completedAt = deps.clock.now();
  }
  state.cursor = cursor;
  await write(deps, loaded, who, questionId, answer, source, cursor, state.completedAt);
  return render(loaded.campaign, state, wasComplete);
}

/** A question that can be answered now: in the instrument and shown with the answers so far. */
function askable(loaded: Loaded, questionId: string): boolean {
  const answers = loaded.response?.answers ?? new Map<string, AnswerValue>();
  return visibleQuestions(loaded.campaign.instrument, answers).some((question) => question.id === questionId);
}

/** An answer given with a button or by the form for one question. */
export async function answerQuestion(
  deps: SurveyServiceDeps,
  campaignId: string,
  who: SurveyWho,
  questionId: string,
  answer: AnswerValue,
  source: ResponseSource,
): Promise<SurveyStep> {
  const loaded = await load(deps, campaignId, who);
  if (isView(loaded)) return loaded;
  // A button left on an old message for a question that branching has since hidden: show where the person is.
  if (!askable(loaded, questionId)) return viewOf(loaded);
  const check = checkAnswer(loaded.campaign.instrument, questionId, answer);
  if (!check.ok) return { kind: "problem", questionId, message: check.message };
  return take(deps, loaded, who, questionId, check.value, source);
}

/** A number or a text typed in chat. */
export async function answerTyped(
  deps: SurveyServiceDeps,
  campaignId: string,
  who: SurveyWho,
  questionId: string,
  raw: string,
  source: ResponseSource,
): Promise<SurveyStep> {
  const loaded = await load(deps, campaignId, who);
  if (isView(loaded)) return loaded;
  if (!askable(loaded, questionId)) return viewOf(loaded);
  const check = checkTypedAnswer(loaded.campaign.instrument, questionId, raw);
  if (!check.ok) return { kind: "problem", questionId, message: check.message };
  return take(deps, loaded, who, questionId, check.value, source);
}

/** «Пропустить» on an optional question. */
export function skipQuestion(
  deps: SurveyServiceDeps,
  campaignId: string,
  who: SurveyWho,
  questionId: string,
  source: ResponseSource,
): Promise<SurveyStep> {
  return answerQuestion(deps, campaignId, who, questionId, { kind: "skipped" }, source);
}

function viewOf(loaded: Loaded): SurveyView {
  const state = stateOf(loaded.response);
  return render(loaded.campaign, state, state.completedAt !== null);
}

/**
 * «Назад»: the visible question before `fromQuestionId`; from the end of a finished response (a
 * question id no longer shown, or "") the last visible question.
 */
export async function goBack(deps: SurveyServiceDeps, campaignId: string, who: SurveyWho, fromQuestionId: string): Promise<SurveyView> {
  const loaded = await load(deps, campaignId, who);
  if (isView(loaded)) return loaded;
  const instrument = loaded.campaign.instrument;
  const state = stateOf(loaded.response);
  const visible = visibleQuestions(instrument, state.answers);
  const from = visible.findIndex((question) => question.id === fromQuestionId);
  const target = from < 0 ? (visible.at(-1)?.id ?? null) : (previousQuestionId(instrument, state.answers, fromQuestionId) ?? fromQuestionId);
  if (!target) return render(loaded.campaign, state, state.completedAt !== null);
  state.cursor = target;
  await deps.surveys.store.setCursor(campaignId, respondentRef(who), target);
  return render(loaded.campaign, state, state.completedAt !== null);
}

/**
 * Chat: the survey opened from the list. The question on screen is written as the cursor, so that
 * the survey touched last is the one a typed answer belongs to (a restart keeps that too).
 */
export async function openSurvey(deps: SurveyServiceDeps, campaignId: string, who: SurveyWho): Promise<SurveyView> {
  const view = await surveyView(deps, campaignId, who);
  if (view.kind !== "question") return view;
  const questionId = view.position.question.id;
  await deps.surveys.store.setCursor(campaignId, respondentRef(who), formatCursor(questionId, view.picks && view.picks.length ? view.picks : null));
  return view;
}

/** «Изменить ответы» on a finished response: from the first question again, every answer kept. */
export async function reviewAnswers(deps: SurveyServiceDeps, campaignId: string, who: SurveyWho): Promise<SurveyView> {
  const loaded = await load(deps, campaignId, who);
  if (isView(loaded)) return loaded;
  const state = stateOf(loaded.response);
  const first = visibleQuestions(loaded.campaign.instrument, state.answers)[0];
  if (!first) return render(loaded.campaign, state, state.completedAt !== null);
  state.cursor = first.id;
  await deps.surveys.store.setCursor(campaignId, respondentRef(who), first.id);
  return render(loaded.campaign, state, state.completedAt !== null);
}

/**
 * Chat: marks or unmarks one option of a multiple choice question; the picks wait in the cursor
 * (so a restart keeps them) until «Готово» (`confirmPicks`). A pick beyond `maxPicks` is refused.
 */
export async function togglePick(
  deps: SurveyServiceDeps,
  campaignId: string,
  who: SurveyWho,
  questionId: string,
  value: number,
): Promise<SurveyStep> {
  const loaded = await load(deps, campaignId, who);
  if (isView(loaded)) return loaded;
  const instrument = loaded.campaign.instrument;
  const question = findQuestion(instrument, questionId);
  if (!question || question.type !== "multiple" || !askable(loaded, questionId)) return viewOf(loaded);
  if (!question.options.some((option) => option.value === value)) {
    return { kind: "problem", questionId, message: surveyText.problems.notAnOption };
  }
  const state = stateOf(loaded.response);
  const picks = new Set(stagedPicks(loaded.response, questionId));
  if (picks.has(value)) picks.delete(value);
  else {
    const max = question.maxPicks ?? question.options.length;
    if (picks.size >= max) return { kind: "problem", questionId, message: surveyText.problems.tooManyPicks(max) };
    picks.add(value);
  }
  state.cursor = formatCursor(questionId, [...picks].sort((a, b) => a - b));
  await deps.surveys.store.setCursor(campaignId, respondentRef(who), state.cursor);
  return render(loaded.campaign, state, state.completedAt !== null);
}

/** The picks staged in the cursor for this question, or else the saved answer's picks. */
function stagedPicks(response: SurveyResponse | null, questionId: string): number[] {
  const cursor = parseCursor(response?.cursor);
  if (cursor.questionId === questionId && cursor.picks) return cursor.picks;
  const saved = response?.answers.get(questionId);
  return saved?.kind === "ints" ? [...saved.values] : [];
}

/** Chat: «Готово» under a multiple choice question: the staged picks become the answer. */
export async function confirmPicks(
  deps: SurveyServiceDeps,
  campaignId: string,
  who: SurveyWho,
  questionId: string,
  source: ResponseSource,
): Promise<SurveyStep> {
  const loaded = await load(deps, campaignId, who);
  if (isView(loaded)) return loaded;
  const question = findQuestion(loaded.campaign.instrument, questionId);
  if (!question || question.type !== "multiple" || !askable(loaded, questionId)) return viewOf(loaded);
  const check = checkQuestionAnswer(loaded.campaign.instrument, question, { kind: "ints", values: stagedPicks(loaded.response, questionId) });
  if (!check.ok) return { kind: "problem", questionId, message: check.message };
  return take(deps, loaded, who, questionId, check.value, source);
}

/**
 * The form (Mini App, web page): saves the valid answers given, returns a Russian problem per
 * invalid one; `finish` completes the response only when every visible required question is answered.
 */
export async function saveAnswers(
  deps: SurveyServiceDeps,
  campaignId: string,
  who: SurveyWho,
  answers: Record<string, AnswerValue>,
  source: ResponseSource,
  finish: boolean,
): Promise<{ problems: Record<string, string>; view: SurveyView }> {
  const loaded = await load(deps, campaignId, who);
  if (isView(loaded)) return { problems: {}, view: loaded };
  const instrument = loaded.campaign.instrument;
  const state = stateOf(loaded.response);
  const wasComplete = state.completedAt !== null;
  const problems: Record<string, string> = {};
  const accepted: Array<[string, AnswerValue]> = [];
  for (const [questionId, answer] of Object.entries(answers)) {
    const check = checkAnswer(instrument, questionId, answer);
    if (!check.ok) problems[questionId] = check.message;
    else accepted.push([questionId, check.value]);
  }
  // In the instrument's order, so that the last write is the one that completes.
  const order = new Map(instrument.questions.map((question, index) => [question.id, index]));
  accepted.sort(([a], [b]) => order.get(a)! - order.get(b)!);
  for (const [questionId, answer] of accepted) state.answers.set(questionId, answer);
  if (finish && !wasComplete) {
    for (const question of visibleQuestions(instrument, state.answers)) {
      if (isRequired(question) && !isAnswer(state.answers.get(question.id)) && !problems[question.id]) {
        const check = checkQuestionAnswer(instrument, question, { kind: "skipped" });
        if (!check.ok) problems[question.id] = check.message;
      }
    }
  }
  const completes = finish && !wasComplete && Object.keys(problems).length === 0 && isComplete(instrument, state.answers);
  if (completes) state.completedAt = deps.clock.now();
  state.cursor = null;
  const writes = accepted.length ? accepted : completes ? [[...state.answers].at(-1)!] : [];
  for (const [index, [questionId, answer]] of writes.entries()) {
    const last = index === writes.length - 1;
    await write(deps, loaded, who, questionId, answer, source, null, last ? state.completedAt : null);
  }
  return { problems, view: render(loaded.campaign, state, wasComplete) };
}

export interface OpenSurvey {
  campaign: SurveyCampaign;
  answered: number;
  total: number;
  completed: boolean;
  /** The last write to the response (an answer or a move); null before the first. */
  touchedAt: Date | null;
  /** The question on screen now, or null when every question has its entry. */
  questionId: string | null;
}

/** The member's open surveys (their audience), newest first, with their progress. */
export async function openSurveysFor(deps: SurveyServiceDeps, person: PersonView): Promise<OpenSurvey[]> {
  const campaigns = await deps.surveys.store.openCampaignsFor(person, deps.clock.now());
  return Promise.all(
    campaigns.map(async (campaign) => {
      const response = await deps.surveys.store.getResponse(campaign.id, { kind: "person", personId: person.id });
      const answers = response?.answers ?? new Map<string, AnswerValue>();
      const cursor = parseCursor(response?.cursor).questionId;
      const at = screenPosition(campaign.instrument, { answers, completedAt: response?.completedAt ?? null }, cursor);
      const completed = response?.completedAt != null;
      return {
        campaign,
        answered: at.answered,
        total: at.total,
        completed,
        touchedAt: response?.updatedAt ?? null,
        // As render shows it: a finished response asks a question only while it is gone through again.
        questionId: at.kind === "question" && (!completed || cursor) ? at.question.id : null,
      };
    }),
  );
}
