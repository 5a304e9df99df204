// Anonymous parents and students in a chat (#13): `/start q-<token>` (the school's link or QR code)
// asks for the class code from the printed sheet; the code opens the questionnaire, answered here
// with buttons and typed messages. Works for anyone — no invite, no consent, no Person: the chat is
// an AnonymousSession (sha256 of the account) on the code, deleted when the response completes.
// Button data: `an:a:<q>:<value>` answer, `an:t:<q>:<mask>` toggle a pick, `an:d:<q>:<mask>` done
// with the picks, `an:u:<q>` unsure, `an:s:<q>` skip, `an:b:<q>` back, `an:x` cancel (≤ 64 bytes).
import { questionType } from "../instruments/schema.ts";
import { anonymousText } from "../messages/anonymous.ts";
import { formatNumber, surveyText } from "../messages/survey.ts";
import {
  accountKey,
  checkCode,
  codeRefusal,
  codeWho,
  endSession,
  openLink,
  sessionOf,
  startWithCode,
  waitForCode,
  type AnonymousDeps,
} from "../services/anonymous.ts";
import type { ClassCodeRecord } from "../services/anonymous-ports.ts";
import { answerQuestion, answerTyped, goBack, skipQuestion, surveyView, type SurveyStep, type SurveyView } from "../services/survey.ts";
import type { AnswerValue } from "../survey/answers.ts";
import { answerButtons, answerHint } from "../survey/runner.ts";
import { ack, edit, escapeHtml, send } from "./common.ts";
import type { Button, Journey, Screen, Turn } from "./types.ts";

export const ANONYMOUS_PREFIX = "an:";
const ACTION = /^an:(a|t|d|u|s|b):([a-z0-9_]{1,32})(?::(-?[0-9a-z]{1,7}))?$/;

type Action =
  | { kind: "answer"; questionId: string; value: number }
  | { kind: "toggle" | "done"; questionId: string; mask: number }
  | { kind: "unsure" | "skip" | "back"; questionId: string }
  | { kind: "cancel" };

export function parseAnonymousAction(data: string): Action | null {
  if (data === "an:x") return { kind: "cancel" };
  const match = data.match(ACTION);
  if (!match) return null;
  const [, verb, questionId, arg] = match as unknown as [string, string, string, string | undefined];
  if (verb === "a") return arg !== undefined && /^-?\d+$/.test(arg) ? { kind: "answer", questionId, value: Number(arg) } : null;
  if (verb === "t" || verb === "d") {
    const mask = arg === undefined ? NaN : parseInt(arg, 36);
    return Number.isInteger(mask) && mask >= 0 && mask < 2 ** 20 ? { kind: verb === "t" ? "toggle" : "done", questionId, mask } : null;
  }
  if (arg !== undefined) return null;
  return { kind: verb === "u" ? "unsure" : verb === "s" ? "skip" : "back", questionId };
}

const deps = (turn: Turn): AnonymousDeps | null =>
  turn.deps.surveys ? { surveys: turn.deps.surveys, repo: turn.deps.repo, clock: turn.deps.clock, randomBytes: turn.deps.randomBytes } : null;
const surveyDeps = (turn: Turn) => ({ surveys: turn.deps.surveys!, clock: turn.deps.clock });
const keyOf = (turn: Turn) => accountKey(turn.account.channel, turn.account.externalId);

/** Picks of a multiple choice question as a bit mask over the options' positions. */
const maskOf = (options: readonly { value: number }[], values: readonly number[]) =>
  options.reduce((mask, option, index) => (values.includes(option.value) ? mask | (1 << index) : mask), 0);
const valuesOf = (options: readonly { value: number }[], mask: number) => options.filter((_, index) => mask & (1 << index)).map((option) => option.value);

/** The question as a chat screen; `staged` is the mask of picks toggled but not yet sent (multiple choice). */
export function anonymousQuestionScreen(view: Extract<SurveyView, { kind: "question" }>, staged?: number): Screen {
  const { position, campaign } = view;
  const question = position.question;
  const current = position.current as AnswerValue | undefined;
  const lines: string[] = [];
  if (view.intro && position.number === 1 && !current) lines.push(escapeHtml(view.intro), "");
  lines.push(`<b>${anonymousText.questionHeader(position.number, position.total)}</b>`, `<i>${escapeHtml(view.areaTitle)}</i>`, "");
  lines.push(escapeHtml(question.text) + (position.canSkip ? ` ${surveyText.optional}` : ""));
  if (question.help) lines.push("", `<i>${escapeHtml(question.help)}</i>`);
  const hint = answerHint(question);
  if (hint) lines.push("", `(${escapeHtml(hint)})`);
  const rows: Button[][] = [];
  const buttons = answerButtons(campaign.instrument, question);
  const id = question.id;
  if (buttons?.multiple) {
    const mask = staged ?? (current?.kind === "ints" ? maskOf(buttons.options, current.values) : 0);
    buttons.options.forEach((option, index) => {
      const on = Boolean(mask & (1 << index));
      rows.push([{ kind: "action", text: on ? anonymousText.picked(option.label) : anonymousText.unpicked(option.label), data: `an:t:${id}:${(mask ^ (1 << index)).toString(36)}` }]);
    });
    rows.push([{ kind: "action", text: anonymousText.done, data: `an:d:${id}:${mask.toString(36)}` }]);
  } else if (buttons) {
    for (const option of buttons.options) {
      const chosen = current?.kind === "int" && current.value === option.value;
      rows.push([{ kind: "action", text: chosen ? anonymousText.chosen(option.label) : option.label, data: `an:a:${id}:${option.value}` }]);
    }
  } else {
    const type = questionType(question);
    if (current?.kind === "number") lines.push("", anonymousText.current(formatNumber(current.value)));
    if (current?.kind === "text") lines.push("", anonymousText.current(escapeHtml(current.value)));
    lines.push("", type === "number" ? anonymousText.typeNumber : anonymousText.typeAnswer);
  }
  if (buttons?.unsure) rows.push([{ kind: "action", text: surveyText.unsure, data: `an:u:${id}` }]);
  if (position.canSkip) rows.push([{ kind: "action", text: surveyText.skip, data: `an:s:${id}` }]);
  if (position.canGoBack) rows.push([{ kind: "action", text: anonymousText.back, data: `an:b:${id}` }]);
  return { text: lines.join("\n"), html: true, buttons: rows };
}

/** Shows where the code stands after a step: the next question, a problem with the same question, thanks, or closed. */
async function show(turn: Turn, code: ClassCodeRecord, step: SurveyStep | SurveyView, replace: boolean): Promise<void> {
  const put = (screen: Screen) => (replace ? edit(turn, screen) : send(turn, screen));
  if (step.kind === "problem") {
    if (replace) ack(turn, step.message, true);
    else send(turn, { text: step.message });
    const view = await surveyView(surveyDeps(turn), code.campaignId, codeWho(code));
    if (view.kind === "question" && !replace) send(turn, anonymousQuestionScreen(view));
    return;
  }
  if (step.kind === "question") return put(anonymousQuestionScreen(step));
  if (step.kind === "complete") {
    // The store deleted the session in the completing transaction; this is only a safety net.
    await endSession(deps(turn)!, await keyOf(turn));
    if (step.finishedBefore && replace) return ack(turn);
    return put({ text: anonymousText.thanks });
  }
  await endSession(deps(turn)!, await keyOf(turn));
  put({ text: anonymousText.campaignClosed });
}

/** `/start q-<token>`: the school's link. Called by the onboarding journey, which owns /start. */
export async function startAnonymous(turn: Turn, token: string): Promise<void> {
  const anonymous = deps(turn);
  if (!anonymous) return send(turn, { text: anonymousText.linkNotFound });
  const state = await openLink(anonymous, token.trim().toLowerCase());
  if (state.kind === "not_found") return send(turn, { text: anonymousText.linkNotFound });
  if (state.kind === "closed") return send(turn, { text: state.notYet ? anonymousText.campaignNotYet : anonymousText.campaignClosed });
  await waitForCode(anonymous, await keyOf(turn), state.link);
  send(turn, {
    text: anonymousText.askCode(state.campaign.title, state.schoolName, state.link.audience),
    buttons: [[{ kind: "action", text: anonymousText.cancel, data: "an:x" }]],
  });
}

async function onAction(turn: Turn, data: string): Promise<void> {
  const anonymous = deps(turn);
  const action = parseAnonymousAction(data);
  if (!anonymous || !action) return ack(turn);
  const key = await keyOf(turn);
  if (action.kind === "cancel") {
    await endSession(anonymous, key);
    ack(turn);
    turn.effects.push({ kind: "clearButtons" });
    return send(turn, { text: anonymousText.cancelled });
  }
  const session = await sessionOf(anonymous, key);
  if (session?.kind !== "code") return ack(turn, anonymousText.sessionLost, true);
  const code = session.code;
  const who = codeWho(code);
  const survey = surveyDeps(turn);
  const { questionId } = action;
  switch (action.kind) {
    case "answer":
      return show(turn, code, await answerQuestion(survey, code.campaignId, who, questionId, { kind: "int", value: action.value }, "chat"), true);
    case "unsure":
      return show(turn, code, await answerQuestion(survey, code.campaignId, who, questionId, { kind: "unsure" }, "chat"), true);
    case "skip":
      return show(turn, code, await skipQuestion(survey, code.campaignId, who, questionId, "chat"), true);
    case "back":
      return show(turn, code, await goBack(survey, code.campaignId, who, questionId), true);
    case "toggle":
    case "done": {
      const view = await surveyView(survey, code.campaignId, who);
      const options = view.kind === "question" ? answerButtons(view.campaign.instrument, view.position.question)?.options : undefined;
      if (view.kind !== "question" || view.position.question.id !== questionId || !options) {
        // A stale message: its question is no longer on screen; show where the code is now.
        return show(turn, code, view, true);
      }
      if (action.kind === "toggle") {
        ack(turn);
        return edit(turn, anonymousQuestionScreen(view, action.mask));
      }
      const values = valuesOf(options, action.mask);
      return show(turn, code, await answerQuestion(survey, code.campaignId, who, questionId, { kind: "ints", values }, "chat"), true);
    }
  }
}

/** Typed text on the anonymous path: the class code after a link, or a number or text answer. */
async function onText(turn: Turn, text: string): Promise<boolean> {
  const anonymous = deps(turn);
  if (!anonymous) return false;
  const key = await keyOf(turn);
  const session = await sessionOf(anonymous, key);
  if (!session) return false;
  if (session.kind === "link") {
    const state = await openLink(anonymous, session.link.token);
    if (state.kind !== "open") {
      await endSession(anonymous, key);
      send(turn, { text: state.kind === "closed" && state.notYet ? anonymousText.campaignNotYet : anonymousText.campaignClosed });
      return true;
    }
    const checked = await checkCode(anonymous, session.link, text);
    if (checked.kind !== "ok") {
      send(turn, { text: codeRefusal(checked.kind), buttons: [[{ kind: "action", text: anonymousText.cancel, data: "an:x" }]] });
      return true;
    }
    await startWithCode(anonymous, key, checked.code);
    send(turn, { text: anonymousText.codeAccepted });
    await show(turn, checked.code, await surveyView(surveyDeps(turn), checked.code.campaignId, codeWho(checked.code)), false);
    return true;
  }
  const code = session.code;
  const view = await surveyView(surveyDeps(turn), code.campaignId, codeWho(code));
  if (view.kind !== "question") {
    await show(turn, code, view, false);
    return true;
  }
  const type = questionType(view.position.question);
  if (type !== "number" && type !== "text") {
    send(turn, { text: anonymousText.answerWithButtons });
    return true;
  }
  await show(turn, code, await answerTyped(surveyDeps(turn), code.campaignId, codeWho(code), view.position.question.id, text, "chat"), false);
  return true;
}

export const anonymousJourney: Journey = {
  name: "anonymous",
  prefix: ANONYMOUS_PREFIX,
  // Parents and students answer without joining: no consent is asked, none is needed (no personal data).
  buttonsBeforeConsent: true,
  commands: [],
  async handle(turn, incoming) {
    if (incoming.kind === "action") return onAction(turn, incoming.data);
    if (incoming.kind === "start") return startAnonymous(turn, incoming.payload.replace(/^q-/i, ""));
  },
  onText,
};
