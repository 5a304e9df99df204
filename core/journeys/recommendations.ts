// /recommendations (#14 §1): an addressee (a head, a school-curator's head, district staff, the institute, the
// assessment centre) gets the recommendations sent to them, each with its buttons: «✅ Получено» (also under the
// notice the Outbox delivered), «➕ Запланировать меру» (the measure's text, then its deadline ДД.ММ.ГГГГ; the
// step waits in the database, so a restart or the other messenger continues it), «Выполнено». District staff also
// get a summary of what the district sent. The same use cases as the Mini App (core/services/recommendations.ts).
import { isDistrictStaff } from "../access/permissions.ts";
import { isAdminError } from "../services/admin.ts";
import { recText as t, STATE_NAMES } from "../messages/recommendations.ts";
import {
  ADDRESSEE_ROLES,
  acknowledgeRecommendation,
  cancelPlanning,
  districtRecommendations,
  formatDay,
  isoDay,
  markRecommendationDone,
  myRecommendations,
  pendingPlanning,
  planMeasure,
  setPlanningTitle,
  startPlanning,
  type RecommendationView,
  type RecommendationsDeps,
} from "../services/recommendations.ts";
import { ack, activeRoles, auditRecordChange, send } from "./common.ts";
import type { Button, Journey, Turn } from "./types.ts";

const PREFIX = "rc:";
/** Open recommendations shown as their own messages; the rest are in the app. */
const SHOWN = 10;

function recDeps(turn: Turn): RecommendationsDeps | null {
  const { repo, admin, clock, settings, management, surveys, identification } = turn.deps;
  if (!management || !admin) return null;
  return { repo, admin, clock, settings, management, surveys: surveys ?? null, ident: identification?.ident ?? null };
}

const timezoneOf = (turn: Turn) => turn.person?.memberships.find((m) => m.active)?.districtTimezone ?? turn.deps.timezone;
const isAddresseeRole = (turn: Turn) => activeRoles(turn.person).some((role) => ADDRESSEE_ROLES.includes(role));

function card(turn: Turn, rec: RecommendationView) {
  const zone = timezoneOf(turn);
  const text = t.card({
    title: rec.title,
    form: rec.formName,
    school: rec.schoolName,
    state: STATE_NAMES[rec.state],
    due: rec.dueOn ? formatDay(rec.dueOn, zone) : null,
    overdue: rec.overdue,
    measures: rec.events.map((event) => t.measureLine(`${event.number} ${event.title}`, formatDay(event.dueOn, zone), event.state === "done" ? "выполнено" : event.overdue ? "просрочено" : "запланировано")),
  });
  const buttons: Button[][] = [];
  if (rec.state === "sent") buttons.push([{ kind: "action", text: t.ackButton, data: `${PREFIX}ack:${rec.id}` }]);
  if (rec.state !== "done") buttons.push([{ kind: "action", text: t.planButton, data: `${PREFIX}plan:${rec.id}` }]);
  if (rec.state === "acknowledged" || rec.state === "in_work") buttons.push([{ kind: "action", text: t.doneButton, data: `${PREFIX}done:${rec.id}` }]);
  return { text, buttons };
}

async function showMine(turn: Turn, deps: RecommendationsDeps) {
  const person = turn.person!;
  const mine = await myRecommendations(deps, person);
  const open = mine.filter((rec) => rec.state !== "done");
  const done = mine.length - open.length;
  const app: Button[][] = turn.channel.appAvailable ? [[{ kind: "app", text: t.openApp, start: "recs" }]] : [];
  if (!open.length) send(turn, { text: [t.none, ...(done ? [t.doneCount(done)] : [])].join("\n"), buttons: app });
  else {
    send(turn, { text: [t.heading(open.length), ...(done ? [t.doneCount(done)] : [])].join("\n"), buttons: app });
    for (const rec of open.slice(0, SHOWN)) send(turn, card(turn, rec));
  }
  // District staff also see how what they sent is going.
  for (const districtId of new Set(person.memberships.filter((m) => m.active && isDistrictStaff(m)).map((m) => m.districtId))) {
    const all = await districtRecommendations(deps, person, { districtId });
    const count = (state: string) => all.filter((rec) => rec.state === state).length;
    send(turn, {
      text: t.districtSummary({ sent: count("sent"), acknowledged: count("acknowledged"), inWork: count("in_work"), done: count("done"), overdue: all.filter((rec) => rec.overdue).length, proposed: count("proposed") }),
      buttons: turn.channel.appAvailable ? [[{ kind: "app", text: t.openApp }]] : [],
    });
  }
}

async function press(turn: Turn, deps: RecommendationsDeps, data: string) {
  const [, step, id, arg] = data.split(":");
  const person = turn.person!;
  if (!id) return ack(turn);
  if (step === "ack") {
    const { already } = await acknowledgeRecommendation(deps, person, { id });
    if (!already) auditRecordChange(turn, "recommendations.change", `${PREFIX}ack`, { kind: "recommendation", id });
    ack(turn, already ? t.alreadyAcknowledged : t.acknowledged);
    const view = (await myRecommendations(deps, person)).find((rec) => rec.id === id);
    if (view && !already) send(turn, card(turn, view));
    return;
  }
  if (step === "plan") {
    const rec = await startPlanning(deps, person, { id });
    ack(turn);
    return send(turn, { text: t.askMeasure(rec.title), buttons: [[{ kind: "action", text: t.cancelButton, data: `${PREFIX}cancel:${id}` }]] });
  }
  if (step === "due" && arg) {
    ack(turn);
    return finishPlanning(turn, deps, id, `${arg.slice(0, 4)}-${arg.slice(4, 6)}-${arg.slice(6, 8)}`);
  }
  if (step === "cancel") {
    await cancelPlanning(deps, person, { id });
    ack(turn);
    return send(turn, { text: t.cancelled });
  }
  if (step === "done") {
    await markRecommendationDone(deps, person, { id });
    auditRecordChange(turn, "recommendations.change", `${PREFIX}done`, { kind: "recommendation", id });
    ack(turn);
    return send(turn, { text: t.markedDone });
  }
  ack(turn);
}

async function finishPlanning(turn: Turn, deps: RecommendationsDeps, id: string, isoDate: string) {
  const pending = await pendingPlanning(deps, turn.person!);
  if (!pending || pending.recommendation.id !== id || !pending.title) return send(turn, { text: t.gone });
  try {
    const planned = await planMeasure(deps, turn.person!, { id, title: pending.title, dueOn: isoDate });
    auditRecordChange(turn, "recommendations.change", `${PREFIX}measure`, { kind: "recommendation", id });
    const event = planned.recommendation.events.find((candidate) => candidate.id === planned.eventId);
    send(turn, {
      text: t.planned({ title: event?.title ?? pending.title, number: planned.number, due: formatDay(event?.dueOn ?? new Date(), timezoneOf(turn)), roadmap: `${planned.roadmap.name}, ${planned.roadmap.schoolYear}` }),
    });
  } catch (error) {
    if (!isAdminError(error)) throw error;
    send(turn, { text: error.message, buttons: [[{ kind: "action", text: t.cancelButton, data: `${PREFIX}cancel:${id}` }]] });
  }
}

const DAY_PATTERN = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/;

/** The measure's text, then its date, typed after «➕ Запланировать меру». */
async function receiveText(turn: Turn, text: string): Promise<boolean> {
  if (!turn.person?.consentAt || !isAddresseeRole(turn)) return false;
  const deps = recDeps(turn);
  if (!deps) return false;
  const pending = await pendingPlanning(deps, turn.person);
  if (!pending) return false;
  const typed = text.trim();
  const cancel: Button[][] = [[{ kind: "action", text: t.cancelButton, data: `${PREFIX}cancel:${pending.recommendation.id}` }]];
  if (!pending.title) {
    if (typed.length < 3 || typed.length > 500) {
      send(turn, { text: t.badMeasure, buttons: cancel });
      return true;
    }
    await setPlanningTitle(deps, pending.recommendation, turn.person.id, typed);
    const buttons: Button[][] = [];
    const due = pending.recommendation.dueOn;
    if (due && due.getTime() >= deps.clock.now().getTime()) {
      const zone = timezoneOf(turn);
      buttons.push([{ kind: "action", text: t.dueButton(formatDay(due, zone)), data: `${PREFIX}due:${pending.recommendation.id}:${isoDay(due, zone).replaceAll("-", "")}` }]);
    }
    send(turn, { text: t.askDate(typed), buttons: [...buttons, ...cancel] });
    return true;
  }
  const day = DAY_PATTERN.exec(typed);
  if (!day) {
    send(turn, { text: t.badDate, buttons: cancel });
    return true;
  }
  await finishPlanning(turn, deps, pending.recommendation.id, `${day[3]}-${day[2]!.padStart(2, "0")}-${day[1]!.padStart(2, "0")}`);
  return true;
}

export const recommendationsJourney: Journey = {
  name: "recommendations",
  prefix: PREFIX,
  // The addressees, and a regional operator, who follows what the district sent (#15).
  commands: [{ name: "recommendations", description: t.command, audience: [...ADDRESSEE_ROLES, "regional"], refusal: t.forbidden }],
  help: { head: t.help, methodologist: t.help, assessment: t.help, district: t.helpDistrict, regional: t.helpDistrict },
  menu: {
    head: [{ kind: "command", text: t.menu, command: "recommendations" }],
    methodologist: [{ kind: "command", text: t.menu, command: "recommendations" }],
    assessment: [{ kind: "command", text: t.menu, command: "recommendations" }],
  },
  async handle(turn, incoming) {
    if (!turn.person) return;
    const deps = recDeps(turn);
    if (!deps) {
      if (incoming.kind === "action") return ack(turn, t.unavailable, true);
      return send(turn, { text: t.unavailable });
    }
    try {
      if (incoming.kind === "command") return await showMine(turn, deps);
      if (incoming.kind === "action") return await press(turn, deps, incoming.data);
    } catch (error) {
      if (!isAdminError(error)) throw error;
      if (incoming.kind === "action") return ack(turn, error.message, true);
      send(turn, { text: error.message });
    }
  },
  onText: receiveText,
};
