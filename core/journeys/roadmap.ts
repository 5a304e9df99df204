// /tasks (#14): an executor's open roadmap events in chat, each with «✅ Выполнено» (then a file or a
// link as evidence), «🆘 Нужна помощь» (district staff are told) and «📅 Перенести» (then
// «ДД.ММ.ГГГГ причина»). The step the bot waits for is kept in the event log (core/services/roadmaps.ts
// startChatStep), so it survives a restart; a file is taken only while this person has an evidence
// step open (identification, after this journey, takes every other file).
import { isDomainError } from "../errors.ts";
import { parsePostpone } from "../management/roadmap.ts";
import { roadmapText as t, STATE_NAMES } from "../messages/roadmap.ts";
import type { Role } from "../roles.ts";
import {
  actOnEvent,
  askForHelp,
  clearChatStep,
  EvidenceError,
  formatDue,
  myOpenTasks,
  pendingChatStep,
  placeOfEvent,
  startChatStep,
  STEP_AWAITING_EVIDENCE,
  STEP_AWAITING_POSTPONE,
  type EvidenceInput,
  type RoadmapsDeps,
} from "../services/roadmaps.ts";
import type { EventInContext } from "../services/roadmaps-ports.ts";
import { ack, auditRecordChange, send } from "./common.ts";
import type { Button, IncomingDocument, Journey, MenuEntry, Turn } from "./types.ts";

const PREFIX = "rm:";
/** Events shown in chat at once; the rest are in the Mini App. */
const SHOWN = 10;
// A regional operator may be an executor like district staff (#15).
const ROLES: Role[] = ["district", "regional", "head", "teacher", "mentor", "methodologist", "assessment"];

function roadmapsDeps(turn: Turn): RoadmapsDeps | null {
  const management = turn.deps.management;
  return management ? { repo: turn.deps.repo, clock: turn.deps.clock, management } : null;
}

const eventButtons = (event: EventInContext): Button[][] => [
  [
    { kind: "action", text: t.doneButton, data: `${PREFIX}done:${event.id}` },
    { kind: "action", text: t.helpButton, data: `${PREFIX}help:${event.id}` },
  ],
  [{ kind: "action", text: t.postponeButton, data: `${PREFIX}postpone:${event.id}` }],
];

const cancelRow = (): Button[][] => [[{ kind: "action", text: t.cancelStepButton, data: `${PREFIX}cancel` }]];

function card(event: EventInContext): string {
  return t.eventCard({
    number: event.number,
    title: event.title,
    place: placeOfEvent(event),
    due: formatDue(event.dueOn),
    state: STATE_NAMES[event.state],
    indicator: event.indicator,
    resultDocument: event.resultDocument,
  });
}

async function showTasks(turn: Turn, deps: RoadmapsDeps) {
  const events = await myOpenTasks(deps, turn.person!);
  if (!events.length) return send(turn, { text: t.none });
  const app: Button[][] = turn.channel.appAvailable ? [[{ kind: "app", text: t.openApp, start: "tasks" }]] : [];
  send(turn, { text: t.heading(events.length), html: true, buttons: app });
  for (const event of events.slice(0, SHOWN)) send(turn, { text: card(event), buttons: eventButtons(event) });
  if (events.length > SHOWN) send(turn, { text: t.more(events.length - SHOWN), buttons: app });
}

/** A domain refusal in a button press: a short alert. */
async function guarded(turn: Turn, work: () => Promise<void>) {
  try {
    await work();
  } catch (error) {
    if (isDomainError(error) && (error.code === "not_found" || error.code === "invalid_input")) return ack(turn, t.gone, true);
    if (isDomainError(error) && error.code === "forbidden") return ack(turn, t.notExecutor, true);
    throw error;
  }
}

async function press(turn: Turn, deps: RoadmapsDeps, data: string) {
  const [, step, eventId = ""] = data.split(":");
  const person = turn.person!;
  if (step === "cancel") {
    await clearChatStep(deps, person);
    ack(turn);
    return send(turn, { text: t.stepCancelled });
  }
  if (step === "done")
    return guarded(turn, async () => {
      const event = await startChatStep(deps, person, eventId, STEP_AWAITING_EVIDENCE);
      ack(turn);
      send(turn, { text: t.askEvidence(event.title), buttons: cancelRow() });
    });
  if (step === "postpone")
    return guarded(turn, async () => {
      const event = await startChatStep(deps, person, eventId, STEP_AWAITING_POSTPONE);
      ack(turn);
      send(turn, { text: t.askPostpone(event.title), buttons: cancelRow() });
    });
  if (step === "help")
    return guarded(turn, async () => {
      const event = await askForHelp(deps, person, eventId);
      auditRecordChange(turn, "roadmaps.change", `${PREFIX}help`, { kind: "roadmapEvent", id: eventId });
      ack(turn);
      send(turn, { text: t.helpSent(event.title) });
    });
  ack(turn);
}

async function complete(turn: Turn, deps: RoadmapsDeps, event: EventInContext, evidence: EvidenceInput): Promise<void> {
  try {
    await actOnEvent(deps, turn.person!, event.id, "done", { evidence });
    auditRecordChange(turn, "roadmaps.change", `${PREFIX}done`, { kind: "roadmapEvent", id: event.id });
    send(turn, { text: t.doneSaved(event.title) });
  } catch (error) {
    if (error instanceof EvidenceError) {
      const text = { bad_url: t.evidenceNeeded, bad_type: t.evidenceBadType, too_big: t.evidenceTooBig, download_failed: t.evidenceDownloadFailed }[error.problem];
      return send(turn, { text, buttons: cancelRow() });
    }
    if (isDomainError(error)) return send(turn, { text: t.gone });
    throw error;
  }
}

async function receiveText(turn: Turn, text: string): Promise<boolean> {
  const deps = roadmapsDeps(turn);
  if (!deps || !turn.person?.consentAt) return false;
  const pending = await pendingChatStep(deps, turn.person);
  if (!pending) return false;
  if (pending.step === STEP_AWAITING_EVIDENCE) {
    await complete(turn, deps, pending.event, { kind: "link", url: text });
    return true;
  }
  const parsed = parsePostpone(text);
  if (!parsed) {
    send(turn, { text: t.postponeBad, buttons: cancelRow() });
    return true;
  }
  try {
    await actOnEvent(deps, turn.person, pending.event.id, "postpone", { dueOn: parsed.dueOn, reason: parsed.reason });
    auditRecordChange(turn, "roadmaps.change", `${PREFIX}postpone`, { kind: "roadmapEvent", id: pending.event.id });
    send(turn, { text: t.postponed(pending.event.title, formatDue(parsed.dueOn)) });
  } catch (error) {
    if (isDomainError(error) && error.code === "invalid_input") {
      send(turn, { text: t.postponePast, buttons: cancelRow() });
      return true;
    }
    if (isDomainError(error)) {
      send(turn, { text: t.gone });
      return true;
    }
    throw error;
  }
  return true;
}

async function receiveDocument(turn: Turn, document: IncomingDocument): Promise<boolean> {
  const deps = roadmapsDeps(turn);
  if (!deps || !turn.person?.consentAt) return false;
  const pending = await pendingChatStep(deps, turn.person);
  if (!pending || pending.step !== STEP_AWAITING_EVIDENCE) return false;
  await complete(turn, deps, pending.event, { kind: "file", fileName: document.fileName, size: document.size, download: () => document.download() });
  return true;
}

const menuEntry: MenuEntry[] = [{ kind: "command", text: t.menu, command: "tasks" }];

export const roadmapJourney: Journey = {
  name: "roadmap",
  commands: [{ name: "tasks", description: t.command, audience: ROLES, refusal: t.notMember }],
  prefix: PREFIX,
  help: Object.fromEntries(ROLES.map((role) => [role, t.help])),
  menu: { head: menuEntry, teacher: menuEntry, mentor: menuEntry },
  async handle(turn, incoming) {
    if (!turn.person) return;
    const deps = roadmapsDeps(turn);
    if (!deps) {
      if (incoming.kind === "action") return ack(turn, t.unavailable, true);
      return send(turn, { text: t.unavailable });
    }
    if (incoming.kind === "command") return showTasks(turn, deps);
    if (incoming.kind === "action") return press(turn, deps, incoming.data);
  },
  onText: receiveText,
  onDocument: receiveDocument,
};
