// /seminar (#15 §4; seed 003 §4.4.2): a teacher or head asks the institute for a seminar topic. The
// bot asks for the topic, then shows the competence areas of the teacher diagnostic as buttons, the
// person's own deficit areas already marked (keep or remove them), with «✍️ Подробности», «📨
// Отправить заявку» and «✖️ Отменить». The step the bot waits for is the request row itself (state
// draft / draft_details / draft_ready), so a restart in the middle loses nothing.
import { seminarText as t } from "../messages/seminars.ts";
import { DETAILS_MAX, TOPIC_MAX } from "../seminars/rules.ts";
import { isAdminError } from "../services/admin.ts";
import {
  askDraftDetails,
  cancelDraft,
  draftText,
  pendingDraft,
  REQUEST_AREAS,
  startRequestDraft,
  submitDraft,
  toggleDraftArea,
  type SeminarsDeps,
} from "../services/seminars.ts";
import type { SeminarRequestRecord } from "../services/seminars-ports.ts";
import type { Role } from "../roles.ts";
import { ack, edit, send } from "./common.ts";
import type { Button, Journey, MenuEntry, Screen, Turn } from "./types.ts";

const PREFIX = "sm:";
const ROLES: Role[] = ["teacher", "head"];

export function seminarsDeps(turn: Turn): SeminarsDeps | null {
  const network = turn.deps.network;
  return network ? { repo: turn.deps.repo, clock: turn.deps.clock, settings: turn.deps.settings, network, ident: turn.deps.identification?.ident } : null;
}

const cancelRow = (): Button[][] => [[{ kind: "action", text: t.cancelButton, data: `${PREFIX}x` }]];

function draftScreen(draft: SeminarRequestRecord, prefilled: boolean): Screen {
  const buttons: Button[][] = REQUEST_AREAS.map((area) => [
    { kind: "action", text: `${draft.areas.includes(area.id) ? "✅" : "▫️"} ${area.title}`, data: `${PREFIX}a:${draft.id}:${area.id}` },
  ]);
  buttons.push([{ kind: "action", text: t.detailsButton, data: `${PREFIX}d:${draft.id}` }]);
  buttons.push([
    { kind: "action", text: t.sendButton, data: `${PREFIX}s:${draft.id}` },
    { kind: "action", text: t.cancelButton, data: `${PREFIX}x` },
  ]);
  return { text: t.draft(draft.topic, draft.text, prefilled), buttons };
}

async function start(turn: Turn, deps: SeminarsDeps) {
  let outcome;
  try {
    outcome = await startRequestDraft(deps, turn.person!);
  } catch (error) {
    if (isAdminError(error)) return send(turn, { text: t.refusal });
    throw error;
  }
  const { draft, resumed } = outcome;
  if (draft.state === "draft") return send(turn, { text: resumed ? t.resumeTopic : t.askTopic, buttons: cancelRow() });
  if (draft.state === "draft_details") return send(turn, { text: t.askDetails, buttons: cancelRow() });
  send(turn, draftScreen(draft, draft.areas.length > 0));
}

async function press(turn: Turn, deps: SeminarsDeps, data: string) {
  const [, step, id = "", areaId = ""] = data.split(":");
  const person = turn.person!;
  if (step === "x") {
    await cancelDraft(deps, person);
    ack(turn);
    turn.effects.push({ kind: "clearButtons" });
    return send(turn, { text: t.cancelled });
  }
  if (step === "a") {
    const draft = await toggleDraftArea(deps, person, id, areaId);
    if (!draft) return ack(turn, t.gone, true);
    ack(turn);
    return edit(turn, draftScreen(draft, false));
  }
  if (step === "d") {
    const draft = await askDraftDetails(deps, person, id);
    if (!draft) return ack(turn, t.gone, true);
    ack(turn);
    turn.effects.push({ kind: "clearButtons" });
    return send(turn, { text: t.askDetails, buttons: cancelRow() });
  }
  if (step === "s") {
    const sent = await submitDraft(deps, person, id);
    if (!sent) return ack(turn, t.gone, true);
    ack(turn);
    turn.effects.push({ kind: "clearButtons" });
    return send(turn, { text: t.sent(sent.topic) });
  }
  ack(turn);
}

async function receiveText(turn: Turn, text: string): Promise<boolean> {
  const deps = seminarsDeps(turn);
  if (!deps || !turn.person?.consentAt) return false;
  const draft = await pendingDraft(deps, turn.person);
  if (!draft || (draft.state !== "draft" && draft.state !== "draft_details")) return false;
  const outcome = await draftText(deps, draft, text);
  if (!outcome) return false;
  if (!outcome.ok) {
    send(turn, { text: outcome.problem === "topic" ? t.topicBad(3, TOPIC_MAX) : t.detailsBad(DETAILS_MAX), buttons: cancelRow() });
    return true;
  }
  send(turn, draftScreen(outcome.draft, draft.state === "draft" && outcome.draft.areas.length > 0));
  return true;
}

const menuEntry: MenuEntry[] = [{ kind: "command", text: t.menu, command: "seminar" }];

export const seminarsJourney: Journey = {
  name: "seminars",
  prefix: PREFIX,
  commands: [{ name: "seminar", description: t.command, audience: ROLES, refusal: t.refusal }],
  help: { teacher: t.help, head: t.help },
  menu: { teacher: menuEntry, head: menuEntry },
  async handle(turn, incoming) {
    if (!turn.person) return;
    const deps = seminarsDeps(turn);
    if (!deps) {
      if (incoming.kind === "action") return ack(turn, t.unavailable, true);
      return send(turn, { text: t.unavailable });
    }
    if (incoming.kind === "command") return start(turn, deps);
    if (incoming.kind === "action") return press(turn, deps, incoming.data);
  },
  onText: receiveText,
};
