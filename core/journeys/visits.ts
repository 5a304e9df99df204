// /visit (#15 §3), Telegram and MAX alike: a mentor, tutor or curator reports a visit or consultation at
// an assigned school (chosen by button when there are several). The questions are the visit-report
// instrument's, run by the survey runner and drawn by the survey journey's question screen; every step is
// written to the Visit row (answers + cursor), so a restart or the other messenger continues on the same
// question. After the last question a photo or file may be sent, then «Отправить»: the school's heads get
// «Подтвердить визит» / «Оспорить»; a dispute's reason is typed next (the step is kept in the row).
//
// Button data (≤ 64 bytes): `vs:n:<schoolId>` start or continue the draft for a school;
// `vs:a|t:<visit>:<i>:<v>` answer / toggle a pick; `vs:d|u|k|s:<visit>:<i>` done with picks, unsure, keep,
// skip; `vs:b:<visit>:<i|->` back (`-` from the final screen); `vs:f:<visit>` submit; `vs:x:<visit>` delete
// the draft; `vs:c:<visit>` confirm, `vs:p:<visit>` dispute, `vs:q:<visit>` cancel the dispute (the head).
import { isAdminError } from "../services/admin.ts";
import { formatVisitDay, visitsText as t } from "../messages/visits.ts";
import type { Role } from "../roles.ts";
import type { PersonView } from "../services/ports.ts";
import {
  answerVisit,
  answerVisitTyped,
  attachVisitFile,
  authorSchools,
  AUTHOR_ROLES,
  backInVisit,
  cancelDispute,
  confirmVisit,
  confirmVisitPicks,
  currentDraft,
  deleteVisitDraft,
  disputeVisit,
  instrumentOfVisit,
  keepVisitAnswer,
  pendingDispute,
  startDispute,
  startVisit,
  submitVisit,
  toggleVisitPick,
  VisitFileError,
  type VisitsDeps,
  type VisitStep,
  type VisitView,
} from "../services/visits.ts";
import { questionType } from "../instruments/schema.ts";
import { ack, auditRecordChange, edit, escapeHtml, send } from "./common.ts";
import { questionScreen } from "./survey.ts";
import type { Button, IncomingDocument, Journey, MenuEntry, Screen, Turn } from "./types.ts";

export const VISITS_PREFIX = "vs:";

function visitsDeps(turn: Turn): VisitsDeps | null {
  return turn.deps.network ? { clock: turn.deps.clock, network: turn.deps.network } : null;
}

const consented = (turn: Turn): PersonView | null => (turn.person?.consentAt ? turn.person : null);

// ---- screens ----

function viewScreen(view: VisitView): Screen {
  const { visit } = view;
  if (view.kind === "question") {
    const index = view.instrument.questions.findIndex((question) => question.id === view.position.question.id);
    return questionScreen({
      title: `${t.command}: ${visit.schoolName}`,
      instrument: view.instrument,
      position: view.position,
      areaTitle: view.areaTitle,
      intro: view.intro,
      picks: view.picks,
      prefix: VISITS_PREFIX,
      ref: `${visit.id}:${index}`,
    });
  }
  if (view.kind === "final") {
    const lines = [t.finalTitle(escapeHtml(visit.schoolName)), "", t.finalBody, t.fileTypes];
    if (visit.file) lines.push("", t.fileAttached(escapeHtml(visit.file.name)));
    return {
      text: lines.join("\n"),
      html: true,
      buttons: [
        [{ kind: "action", text: t.submitButton, data: `vs:f:${visit.id}` }],
        [{ kind: "action", text: t.backButton, data: `vs:b:${visit.id}:-` }],
        [{ kind: "action", text: t.deleteButton, data: `vs:x:${visit.id}` }],
      ],
    };
  }
  return { text: t.alreadySubmitted };
}

/** A step's result: in place of the pressed message, or as a new message after typed text or a file. */
function show(turn: Turn, step: VisitStep, replace: boolean) {
  if (step.kind === "problem") {
    if (replace) return ack(turn, step.message, true);
    return send(turn, { text: step.message });
  }
  if (replace) {
    ack(turn);
    return edit(turn, viewScreen(step));
  }
  send(turn, viewScreen(step));
}

async function chooseSchool(turn: Turn, deps: VisitsDeps, person: PersonView) {
  const schools = authorSchools(person);
  if (!schools.length) return send(turn, { text: t.noSchools });
  if (schools.length === 1) return show(turn, await startVisit(deps, person, schools[0]!.schoolId), false);
  const drafts = new Set((await deps.network.visits.drafts(person.id)).map((draft) => draft.schoolId));
  const buttons: Button[][] = schools.map((school) => [
    { kind: "action", text: drafts.has(school.schoolId) ? t.draftMark(school.schoolName) : school.schoolName, data: `vs:n:${school.schoolId}` },
  ]);
  if (turn.channel.appAvailable) buttons.push([{ kind: "app", text: t.openApp, start: "net-visits" }]);
  send(turn, { text: t.chooseSchool, buttons });
}

// ---- buttons ----

const ACTION = /^vs:([a-z]):([A-Za-z0-9_-]{1,40})(?::(\d{1,3}|-))?(?::(-?\d{1,6}))?$/;

async function press(turn: Turn, deps: VisitsDeps, person: PersonView, data: string) {
  const match = ACTION.exec(data);
  if (!match) return ack(turn);
  const [, verb, id, index, value] = match as unknown as [string, string, string, string | undefined, string | undefined];
  switch (verb) {
    case "n":
      return show(turn, await startVisit(deps, person, id), true);
    case "c": {
      const outcome = await confirmVisit(deps, person, id);
      if (outcome.kind === "already") return ack(turn, outcome.state === "disputed" ? t.alreadyDisputed : t.alreadyConfirmed, true);
      auditRecordChange(turn, "visits.change", "vs:confirm", { kind: "visit", id });
      ack(turn);
      return edit(turn, { text: t.confirmed(outcome.visit.schoolName, outcome.visit.visitDate ? formatVisitDay(outcome.visit.visitDate) : "") });
    }
    case "p": {
      const outcome = await startDispute(deps, person, id);
      if (outcome.kind === "already") return ack(turn, outcome.state === "disputed" ? t.alreadyDisputed : t.alreadyConfirmed, true);
      ack(turn);
      return send(turn, { text: t.askReason, buttons: [[{ kind: "action", text: t.cancelDisputeButton, data: `vs:q:${id}` }]] });
    }
    case "q":
      await cancelDispute(deps, person);
      ack(turn);
      return send(turn, { text: t.disputeCancelled });
    case "f": {
      const visit = await submitVisit(deps, person, id);
      auditRecordChange(turn, "visits.change", "vs:submit", { kind: "visit", id });
      ack(turn);
      return edit(turn, { text: t.submitted(visit.schoolName, formatVisitDay(visit.visitDate!)) });
    }
    case "x":
      await deleteVisitDraft(deps, person, id);
      ack(turn);
      return edit(turn, { text: t.deleted });
  }
  // The runner's verbs: the question by its index in the visit's instrument.
  const visit = await deps.network.visits.get(id);
  if (!visit || visit.authorId !== person.id) return ack(turn, t.gone, true);
  if (verb === "b" && index === "-") return show(turn, await backInVisit(deps, person, id, null), true);
  const question = index !== undefined && index !== "-" ? instrumentOfVisit(visit).questions[Number(index)] : undefined;
  if (!question) return ack(turn, t.gone, true);
  const qid = question.id;
  const number = value === undefined ? null : Number(value);
  switch (verb) {
    case "a":
      return number === null ? ack(turn) : show(turn, await answerVisit(deps, person, id, qid, { kind: "int", value: number }), true);
    case "t":
      return number === null ? ack(turn) : show(turn, await toggleVisitPick(deps, person, id, qid, number), true);
    case "d":
      return show(turn, await confirmVisitPicks(deps, person, id, qid), true);
    case "u":
      return show(turn, await answerVisit(deps, person, id, qid, { kind: "unsure" }), true);
    case "s":
      return show(turn, await answerVisit(deps, person, id, qid, { kind: "skipped" }), true);
    case "k":
      return show(turn, await keepVisitAnswer(deps, person, id, qid), true);
    case "b":
      return show(turn, await backInVisit(deps, person, id, qid), true);
  }
  ack(turn);
}

/** A refusal of the use cases (not one's report, not one's school, already sent) as an alert or a message. */
async function guarded(turn: Turn, replace: boolean, work: () => Promise<void>) {
  try {
    await work();
  } catch (error) {
    if (!isAdminError(error)) throw error;
    if (replace) return ack(turn, error.message, true);
    send(turn, { text: error.message });
  }
}

// ---- typed text and files ----

async function receiveText(turn: Turn, typed: string): Promise<boolean> {
  const deps = visitsDeps(turn);
  const person = consented(turn);
  if (!deps || !person) return false;
  // A head typing the reason of a dispute.
  const isHead = person.memberships.some((membership) => membership.active && membership.role === "head");
  if (isHead && (await pendingDispute(deps, person))) {
    await guarded(turn, false, async () => {
      const outcome = await disputeVisit(deps, person, null, typed);
      if (outcome.kind === "disputed") auditRecordChange(turn, "visits.change", "vs:dispute", { kind: "visit", id: outcome.visit.id });
      send(turn, { text: outcome.kind === "disputed" ? t.disputed : outcome.visit.state === "confirmed" ? t.alreadyConfirmed : t.alreadyDisputed });
    });
    return true;
  }
  if (!authorSchools(person).length) return false;
  const view = await currentDraft(deps, person);
  if (view?.kind !== "question") return false;
  const type = questionType(view.position.question);
  if (type !== "text" && type !== "number") return false;
  await guarded(turn, false, async () => show(turn, await answerVisitTyped(deps, person, view.visit.id, view.position.question.id, typed), false));
  return true;
}

async function receiveDocument(turn: Turn, document: IncomingDocument): Promise<boolean> {
  const deps = visitsDeps(turn);
  const person = consented(turn);
  if (!deps || !person || !authorSchools(person).length) return false;
  const view = await currentDraft(deps, person);
  if (!view) return false;
  if (view.kind !== "final") {
    send(turn, { text: t.incomplete });
    return true;
  }
  await guarded(turn, false, async () => {
    try {
      const step = await attachVisitFile(deps, person, view.visit.id, {
        fileName: document.fileName,
        size: document.size,
        download: () => document.download(),
      });
      auditRecordChange(turn, "visits.change", "vs:file", { kind: "visit", id: view.visit.id });
      if (step.kind === "final") send(turn, { text: t.fileSaved(step.visit.file?.name ?? document.fileName) });
      show(turn, step, false);
    } catch (error) {
      if (!(error instanceof VisitFileError)) throw error;
      send(turn, { text: { bad_type: t.fileBadType, too_big: t.fileTooBig, download_failed: t.fileDownloadFailed }[error.problem] });
    }
  });
  return true;
}

const menuEntry: MenuEntry[] = [{ kind: "command", text: t.menu, command: "visit" }];
const AUTHORS: readonly Role[] = AUTHOR_ROLES;

export const visitsJourney: Journey = {
  name: "visits",
  prefix: VISITS_PREFIX,
  commands: [{ name: "visit", description: t.command, audience: AUTHORS, refusal: t.refusal }],
  help: { mentor: t.help, tutor: t.help, curator: t.help, head: t.headHelp },
  menu: { mentor: menuEntry, tutor: menuEntry, curator: menuEntry },
  async handle(turn, incoming) {
    const person = consented(turn);
    if (!person) return incoming.kind === "action" ? ack(turn) : undefined;
    const deps = visitsDeps(turn);
    if (!deps) return incoming.kind === "action" ? ack(turn, t.unavailable, true) : send(turn, { text: t.unavailable });
    if (incoming.kind === "command") return guarded(turn, false, () => chooseSchool(turn, deps, person));
    if (incoming.kind === "action") return guarded(turn, true, () => press(turn, deps, person, incoming.data));
  },
  onText: receiveText,
  onDocument: receiveDocument,
};
