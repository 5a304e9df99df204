// The teacher deficit diagnostic as screens: any messenger shows the same question, takes the same
// answer and lands on the question the runner computes from the saved answers.
import { canAnswerDiagnostic } from "../access/permissions.ts";
import type { DeficitProfile } from "../diagnostic/profile.ts";
import { isDomainError } from "../errors.ts";
import { ru } from "../messages/bot.ts";
import { errorText, levelTitle } from "../messages/ru.ts";
import {
  answerDiagnostic,
  backDiagnostic,
  diagnosticScreen,
  myDeficitProfile,
  type DiagnosticScreen,
} from "../services/diagnostic.ts";
import { ack, edit, escapeHtml, send } from "./common.ts";
import { surveyAwaitingText } from "./survey.ts";
import { TEACHER_DIAGNOSTIC_KEY } from "../instruments/teacher-diagnostic.ts";
import type { Button, Incoming, Journey, Screen, Turn } from "./types.ts";

export type DiagnosticAction = { kind: "answer"; questionId: string; value: number } | { kind: "back"; questionId: string };

/** Button data: `dg:a:<questionId>:<value>` and `dg:b:<questionId>` (under Telegram's 64 bytes). */
export function parseDiagnosticAction(data: string | undefined): DiagnosticAction | null {
  const match = data?.match(/^dg:(a|b):([a-z0-9_]{1,32})(?::(-?\d{1,3}))?$/);
  if (!match) return null;
  if (match[1] === "a" && match[3] !== undefined) return { kind: "answer", questionId: match[2]!, value: Number(match[3]) };
  if (match[1] === "b" && match[3] === undefined) return { kind: "back", questionId: match[2]! };
  return null;
}

/**
 * An answer button of the diagnostic: its turn reads the open campaign and the response, so the
 * adapter asks the update's claim to read them in the same statement (bot/context.ts handleOnce).
 */
export const answerPrefetch = (incoming: Incoming): string | undefined =>
  incoming.kind === "action" && incoming.data.startsWith("dg:a:") ? TEACHER_DIAGNOSTIC_KEY : undefined;

export function questionScreen(screen: Extract<DiagnosticScreen, { kind: "question" }>): Screen {
  const lines: string[] = [];
  if (screen.intro) lines.push(escapeHtml(screen.intro), "");
  lines.push(`<b>${ru.questionHeader(screen.number, screen.total)}</b>`, `<i>${escapeHtml(screen.areaTitle)}</i>`, "");
  lines.push(escapeHtml(screen.text));
  const buttons: Button[][] = screen.options.map((option) => [
    {
      kind: "action",
      text: option.value === screen.current ? ru.chosen(option.label) : option.label,
      data: `dg:a:${screen.questionId}:${option.value}`,
    },
  ]);
  if (screen.canGoBack) buttons.push([{ kind: "action", text: ru.back, data: `dg:b:${screen.questionId}` }]);
  return { text: lines.join("\n"), html: true, buttons };
}

export function profileScreen(turn: Turn, profile: DeficitProfile): Screen {
  const lines = [ru.profileTitle, ""];
  profile.areas.forEach((area, index) => lines.push(ru.profileLine(index + 1, area.title, area.deficit, levelTitle[area.level])));
  // Advice only where there is a deficit to work on: never for an area at 0 %.
  const notable = profile.areas.filter((area) => area.level !== "none" && area.deficit > 0).slice(0, 3);
  if (notable.length) {
    lines.push("", ru.profileAdvice);
    for (const area of notable) lines.push(`• ${area.title}: ${area.advice}`);
  }
  lines.push("", ru.profileFooter);
  return { text: lines.join("\n"), ...(turn.channel.appAvailable ? { buttons: [[{ kind: "app", text: ru.openApp }]] } : {}) };
}

function show(turn: Turn, screen: DiagnosticScreen, replace: boolean) {
  if (screen.kind === "no_campaign") {
    turn.survey = "ended";
    return send(turn, { text: errorText.no_open_campaign });
  }
  if (screen.kind === "complete") {
    turn.survey = "ended";
    // A double press on the last answer, or a stale answer button: the profile went out when the
    // response completed; this press is only acknowledged.
    if (screen.finishedBefore) return;
    if (replace) edit(turn, { text: ru.diagnosticDone });
    else send(turn, { text: ru.diagnosticDone });
    return send(turn, profileScreen(turn, screen.profile));
  }
  turn.survey = "question";
  if (replace) edit(turn, questionScreen(screen));
  else send(turn, questionScreen(screen));
}

const teacher = (turn: Turn) => (turn.person && canAnswerDiagnostic(turn.person.memberships) ? turn.person : null);

/** `/diagnostic` or the menu button: show where the teacher is now, as a new message. */
async function onDiagnosticCommand(turn: Turn) {
  const person = teacher(turn);
  if (!person) return send(turn, { text: ru.onlyTeachers });
  show(turn, await diagnosticScreen(turn.deps, person), false);
}

/** An answer or "back" button, from the current message or an older one. */
async function onDiagnosticAction(turn: Turn, action: DiagnosticAction) {
  const person = teacher(turn);
  if (!person) return ack(turn, ru.onlyTeachers, true);
  try {
    const screen =
      action.kind === "answer"
        ? await answerDiagnostic(turn.deps, person, action)
        : await backDiagnostic(turn.deps, person, { fromQuestionId: action.questionId });
    ack(turn);
    show(turn, screen, true);
  } catch (error) {
    if (!isDomainError(error)) throw error;
    ack(turn, errorText[error.code], true);
  }
}

async function onProfileCommand(turn: Turn) {
  const person = teacher(turn);
  if (!person) return send(turn, { text: ru.onlyTeachers });
  const mine = await myDeficitProfile(turn.deps, person);
  if (!mine) return send(turn, { text: ru.profileNone });
  send(turn, profileScreen(turn, mine.profile));
}

/** Free text from a teacher in the middle of the diagnostic gets a hint instead of "not understood". */
async function inDiagnostic(turn: Turn): Promise<boolean> {
  const person = teacher(turn);
  if (!person) return false;
  const screen = await diagnosticScreen(turn.deps, person);
  return screen.kind === "question" && screen.answered > 0;
}

export const diagnosticJourney: Journey = {
  name: "diagnostic",
  prefix: "dg:",
  commands: [
    { name: "diagnostic", description: ru.commands.diagnostic, audience: ["teacher"], refusal: ru.onlyTeachers },
    { name: "profile", description: ru.commands.profile, audience: ["teacher"], refusal: ru.onlyTeachers },
  ],
  help: { teacher: ru.help.diagnostic },
  menu: {
    teacher: [
      { kind: "command", text: ru.startDiagnostic, command: "diagnostic" },
      { kind: "command", text: ru.myProfile, command: "profile" },
    ],
  },
  async handle(turn: Turn, incoming: Incoming) {
    if (incoming.kind === "command") return incoming.name === "profile" ? onProfileCommand(turn) : onDiagnosticCommand(turn);
    if (incoming.kind !== "action") return;
    const action = parseDiagnosticAction(incoming.data);
    if (action) return onDiagnosticAction(turn, action);
    ack(turn);
  },
  async onText(turn, text) {
    if (!text.trim() || !(await inDiagnostic(turn))) return false;
    // A number or a text typed for another survey that waits for it (core/journeys/survey.ts) is that survey's answer.
    if (turn.deps.surveys && (await surveyAwaitingText({ surveys: turn.deps.surveys, clock: turn.deps.clock }, turn.person!))) return false;
    send(turn, { text: ru.answerHint });
    return true;
  },
};
