// Any instrument in chat (#13), Telegram and MAX alike: /surveys lists the member's open surveys,
// then one screen per question — buttons for choices, Likert and yes/no, toggles with «Готово» for
// multiple choice, numbers and texts typed in — with «Пропустить», «Затрудняюсь ответить», «Назад»,
// help and progress. Everything is read from the saved response each turn: a restart or another
// messenger continues on the same question, with the same staged picks.
//
// Button data (≤ 64 bytes: a campaign id, the question's index in the instrument, a value):
// `sv:l` the list; `sv:o:<c>` open; `sv:e:<c>` change the answers of a finished one;
// `sv:a:<c>:<i>:<v>` answer; `sv:u:<c>:<i>` unsure; `sv:s:<c>:<i>` skip; `sv:b:<c>:<i>` back
// (`-` for "from the end"); `sv:t:<c>:<i>:<v>` toggle a pick; `sv:d:<c>:<i>` done with the picks;
// `sv:k:<c>:<i>` keep the typed answer as it is.
import { questionType, type Instrument, type Question } from "../instruments/schema.ts";
import { TEACHER_DIAGNOSTIC_KEY } from "../instruments/teacher-diagnostic.ts";
import { formatNumber, surveyChatText as text, surveyText } from "../messages/survey.ts";
import { needsConsent } from "../services/onboarding.ts";
import type { PersonView } from "../services/ports.ts";
import {
  answerQuestion,
  answerTyped,
  confirmPicks,
  goBack,
  openSurvey,
  openSurveysFor,
  reviewAnswers,
  skipQuestion,
  togglePick,
  type OpenSurvey,
  type SurveyServiceDeps,
  type SurveyQuestionPosition,
  type SurveyStep,
  type SurveyView,
  type SurveyWho,
} from "../services/survey.ts";
import type { SurveyCampaign } from "../services/survey-ports.ts";
import type { AnswerValue } from "../survey/answers.ts";
import { answerButtons, answerHint } from "../survey/runner.ts";
import { ack, edit, escapeHtml, formatDate, send } from "./common.ts";
import type { Button, Journey, Screen, Turn } from "./types.ts";

export const SURVEY_PREFIX = "sv:";
/** Who answers surveys in chat: members of a school (district staff are never in an audience). */
const ANSWERING_ROLES = ["head", "teacher", "mentor"] as const;

export type SurveyAction =
  | { kind: "list" }
  | { kind: "open" | "edit"; campaignId: string }
  | { kind: "answer" | "toggle"; campaignId: string; index: number; value: number }
  | { kind: "unsure" | "skip" | "done" | "keep"; campaignId: string; index: number }
  | { kind: "back"; campaignId: string; index: number | null };

const ACTION = /^sv:([a-z])(?::([A-Za-z0-9_-]{1,40}))?(?::(\d{1,3}|-))?(?::(-?\d{1,6}))?$/;

export function parseSurveyAction(data: string): SurveyAction | null {
  const match = data.match(ACTION);
  if (!match) return null;
  const [, verb, campaignId, index, value] = match as unknown as [string, string, string | undefined, string | undefined, string | undefined];
  if (verb === "l") return campaignId === undefined ? { kind: "list" } : null;
  if (campaignId === undefined) return null;
  if (verb === "o" || verb === "e") return index === undefined ? { kind: verb === "o" ? "open" : "edit", campaignId } : null;
  if (index === undefined) return null;
  if (verb === "b") return value === undefined ? { kind: "back", campaignId, index: index === "-" ? null : Number(index) } : null;
  if (index === "-") return null;
  const at = Number(index);
  if (verb === "a" || verb === "t") return value === undefined ? null : { kind: verb === "a" ? "answer" : "toggle", campaignId, index: at, value: Number(value) };
  if (value !== undefined) return null;
  const kinds = { u: "unsure", s: "skip", d: "done", k: "keep" } as const;
  return verb in kinds ? { kind: kinds[verb as keyof typeof kinds], campaignId, index: at } : null;
}

// ---- screens ----

const indexOf = (campaign: SurveyCampaign, question: Question) => campaign.instrument.questions.findIndex((candidate) => candidate.id === question.id);

/** The last day answers are taken, in the district's time zone (closesAt is the first moment after the window). */
const until = (campaign: SurveyCampaign, timezone: string) => formatDate(new Date(campaign.closesAt.getTime() - 1), timezone);

function currentText(answer: AnswerValue | undefined): string | null {
  if (answer?.kind === "number") return text.current(formatNumber(answer.value));
  if (answer?.kind === "text") return text.current(escapeHtml(answer.value));
  if (answer?.kind === "unsure") return text.unsureCurrent;
  return null;
}

/** A question as a chat screen (any instrument, any channel). */
export function surveyQuestionScreen(view: Extract<SurveyView, { kind: "question" }>): Screen {
  const { campaign } = view;
  return questionScreen({
    title: campaign.title,
    instrument: campaign.instrument,
    position: view.position,
    areaTitle: view.areaTitle,
    intro: view.intro,
    picks: view.picks,
    prefix: SURVEY_PREFIX,
    ref: `${campaign.id}:${indexOf(campaign, view.position.question)}`,
  });
}

/** What a question screen shows, whoever runs the instrument (a campaign here, a visit report in core/journeys/visits.ts). */
export interface QuestionScreenInput {
  title: string;
  instrument: Instrument;
  position: SurveyQuestionPosition;
  areaTitle: string;
  intro: string | null;
  picks?: number[] | undefined;
  /** The journey's button prefix ("sv:"): buttons are `<prefix><verb>:<ref>[:<value>]`, verbs a t d u k s b as above. */
  prefix: string;
  /** The owner's id and the question's index in the instrument, `<id>:<index>`. */
  ref: string;
}

/** A question as a chat screen with the given button prefix: the one rendering of the runner's questions in chat. */
export function questionScreen(input: QuestionScreenInput): Screen {
  const { position, instrument, prefix, ref } = input;
  const question = position.question;
  const lines: string[] = [`<b>${escapeHtml(input.title)}</b>`];
  if (input.intro) lines.push(escapeHtml(input.intro));
  lines.push("", `<b>${text.questionHeader(position.number, position.total)}</b>`);
  if (input.areaTitle) lines.push(`<i>${escapeHtml(input.areaTitle)}</i>`);
  lines.push("", escapeHtml(question.text) + (position.canSkip ? ` ${surveyText.optional}` : ""));
  if (question.help) lines.push("", `<i>${escapeHtml(question.help)}</i>`);
  const hint = answerHint(question);
  if (hint) lines.push("", `(${escapeHtml(hint)})`);
  const rows: Button[][] = [];
  const buttons = answerButtons(instrument, question);
  const current = position.current;
  if (buttons?.multiple) {
    const picks = new Set(input.picks ?? []);
    for (const option of buttons.options) {
      const label = picks.has(option.value) ? text.picked(option.label) : text.unpicked(option.label);
      rows.push([{ kind: "action", text: label, data: `${prefix}t:${ref}:${option.value}` }]);
    }
    rows.push([{ kind: "action", text: text.done, data: `${prefix}d:${ref}` }]);
  } else if (buttons) {
    for (const option of buttons.options) {
      const chosen = current?.kind === "int" && current.value === option.value;
      rows.push([{ kind: "action", text: chosen ? text.chosen(option.label) : option.label, data: `${prefix}a:${ref}:${option.value}` }]);
    }
  } else {
    lines.push("", questionType(question) === "number" ? text.typeNumber : text.typeText);
  }
  const now = currentText(current);
  if (!buttons && now) lines.push("", now);
  if (buttons?.unsure) {
    rows.push([{ kind: "action", text: current?.kind === "unsure" ? text.chosen(surveyText.unsure) : surveyText.unsure, data: `${prefix}u:${ref}` }]);
  }
  if (!buttons && (current?.kind === "number" || current?.kind === "text")) rows.push([{ kind: "action", text: text.keep, data: `${prefix}k:${ref}` }]);
  if (position.canSkip) rows.push([{ kind: "action", text: surveyText.skip, data: `${prefix}s:${ref}` }]);
  if (position.canGoBack) rows.push([{ kind: "action", text: text.back, data: `${prefix}b:${ref}` }]);
  return { text: lines.join("\n"), html: true, buttons: rows };
}

const timezoneFor = (turn: Turn, campaign: SurveyCampaign) =>
  turn.person?.memberships.find((membership) => membership.districtId === campaign.districtId)?.districtTimezone ?? turn.deps.timezone;

export function surveyCompleteScreen(turn: Turn, campaign: SurveyCampaign): Screen {
  return {
    text: text.complete(campaign.title, until(campaign, timezoneFor(turn, campaign))),
    buttons: [
      [{ kind: "action", text: text.edit, data: `sv:e:${campaign.id}` }],
      [{ kind: "action", text: text.myList, data: "sv:l" }],
    ],
  };
}

function viewScreen(turn: Turn, view: SurveyView): Screen {
  switch (view.kind) {
    case "question":
      return surveyQuestionScreen(view);
    case "complete":
      return surveyCompleteScreen(turn, view.campaign);
    case "closed":
      return { text: text.closed, buttons: [[{ kind: "action", text: text.myList, data: "sv:l" }]] };
    case "not_in_audience":
      return { text: text.notInAudience };
  }
}

function listScreen(turn: Turn, surveys: OpenSurvey[]): Screen {
  if (!surveys.length) return { text: text.listEmpty };
  const lines = [text.listTitle, ""];
  const buttons: Button[][] = [];
  for (const survey of surveys) {
    const { campaign } = survey;
    const title = escapeHtml(campaign.title);
    lines.push(text.listLine(title, survey.answered, survey.total, survey.completed, until(campaign, timezoneFor(turn, campaign))));
    // The teacher diagnostic keeps its own screens (and the profile at the end): its button is /diagnostic.
    const data = campaign.instrumentKey === TEACHER_DIAGNOSTIC_KEY ? "menu:diagnostic" : `sv:o:${campaign.id}`;
    buttons.push([{ kind: "action", text: text.listButton(campaign.title, survey.completed), data }]);
  }
  lines.push("", text.listHint);
  return { text: lines.join("\n"), html: true, buttons };
}

// ---- turns ----

const member = (turn: Turn): PersonView | null =>
  turn.person &&
  !needsConsent(turn.person) &&
  turn.person.memberships.some((membership) => membership.active && (ANSWERING_ROLES as readonly string[]).includes(membership.role))
    ? turn.person
    : null;

const surveyDeps = (turn: Turn): SurveyServiceDeps | null => (turn.deps.surveys ? { surveys: turn.deps.surveys, clock: turn.deps.clock } : null);

async function onList(turn: Turn, replace: boolean) {
  const person = member(turn);
  const deps = surveyDeps(turn);
  if (!person || !deps) return send(turn, { text: text.onlyMembers });
  const screen = listScreen(turn, await openSurveysFor(deps, person));
  if (replace) edit(turn, screen);
  else send(turn, screen);
}

/** Shows a step's result: the next screen in place of the pressed message (or as a new message after typed text). */
function show(turn: Turn, step: SurveyStep, replace: boolean) {
  if (step.kind === "problem") {
    if (replace) return ack(turn, step.message, true);
    return send(turn, { text: step.message });
  }
  if (replace) {
    ack(turn);
    return edit(turn, viewScreen(turn, step));
  }
  send(turn, viewScreen(turn, step));
}

async function onAction(turn: Turn, action: SurveyAction) {
  const person = member(turn);
  const deps = surveyDeps(turn);
  if (!person || !deps) return ack(turn, text.onlyMembers, true);
  if (action.kind === "list") {
    ack(turn);
    return onList(turn, true);
  }
  const who: SurveyWho = { kind: "person", person };
  const { campaignId } = action;
  if (action.kind === "open") return show(turn, await openSurvey(deps, campaignId, who), true);
  if (action.kind === "edit") return show(turn, await reviewAnswers(deps, campaignId, who), true);
  // The question by its place in the campaign's instrument (a stored version never changes).
  const campaign = await deps.surveys.store.getCampaign(campaignId);
  if (!campaign) return show(turn, { kind: "closed", campaign: null }, true);
  if (action.kind === "back" && action.index === null) return show(turn, await goBack(deps, campaignId, who, ""), true);
  const question = "index" in action && action.index !== null ? campaign.instrument.questions[action.index] : undefined;
  if (!question) return ack(turn, surveyText.problems.unknownQuestion, true);
  const id = question.id;
  switch (action.kind) {
    case "answer":
      return show(turn, await answerQuestion(deps, campaignId, who, id, { kind: "int", value: action.value }, "chat"), true);
    case "unsure":
      return show(turn, await answerQuestion(deps, campaignId, who, id, { kind: "unsure" }, "chat"), true);
    case "skip":
      return show(turn, await skipQuestion(deps, campaignId, who, id, "chat"), true);
    case "back":
      return show(turn, await goBack(deps, campaignId, who, id), true);
    case "toggle":
      return show(turn, await togglePick(deps, campaignId, who, id, action.value), true);
    case "done":
      return show(turn, await confirmPicks(deps, campaignId, who, id, "chat"), true);
    case "keep": {
      const response = await deps.surveys.store.getResponse(campaignId, { kind: "person", personId: person.id });
      const current = response?.answers.get(id);
      if (!current) return ack(turn, surveyText.problems.requiredText, true);
      return show(turn, await answerQuestion(deps, campaignId, who, id, current, "chat"), true);
    }
  }
}

/**
 * The survey a typed message belongs to: of the member's open surveys on a question, the one touched
 * last (an answer, a move, opening it from the list) — read from the database, so a restart keeps it.
 */
export async function surveyAwaitingText(deps: SurveyServiceDeps, person: PersonView): Promise<{ survey: OpenSurvey; question: Question } | null> {
  const surveys = await openSurveysFor(deps, person);
  const touched = surveys
    .filter((survey) => survey.questionId !== null && survey.touchedAt !== null)
    .sort((a, b) => b.touchedAt!.getTime() - a.touchedAt!.getTime());
  const latest = touched[0];
  if (!latest || latest.campaign.instrumentKey === TEACHER_DIAGNOSTIC_KEY) return null;
  const question = latest.campaign.instrument.questions.find((candidate) => candidate.id === latest.questionId)!;
  const type = questionType(question);
  return type === "number" || type === "text" ? { survey: latest, question } : null;
}

async function onText(turn: Turn, typed: string): Promise<boolean> {
  const person = member(turn);
  const deps = surveyDeps(turn);
  if (!person || !deps || !typed.trim()) return false;
  const target = await surveyAwaitingText(deps, person);
  if (!target) return false;
  const step = await answerTyped(deps, target.survey.campaign.id, { kind: "person", person }, target.question.id, typed, "chat");
  show(turn, step, false);
  return true;
}

export const surveyJourney: Journey = {
  name: "survey",
  prefix: SURVEY_PREFIX,
  commands: [{ name: "surveys", description: text.command, audience: ANSWERING_ROLES, refusal: text.onlyMembers }],
  help: { head: text.help, teacher: text.help, mentor: text.help },
  menu: {
    head: [{ kind: "command", text: text.menu, command: "surveys" }],
    teacher: [{ kind: "command", text: text.menu, command: "surveys" }],
    mentor: [{ kind: "command", text: text.menu, command: "surveys" }],
  },
  async handle(turn, incoming) {
    if (incoming.kind === "command") return onList(turn, false);
    if (incoming.kind !== "action") return;
    const action = parseSurveyAction(incoming.data);
    if (!action) return ack(turn);
    return onAction(turn, action);
  },
  onText,
};
