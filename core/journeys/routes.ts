// /route: the teacher's route (ИОМ) in chat (#13 §7): the items with their courses, «✅ n» to mark one
// done and «↩️ n» to take it back, a certificate sent as a link or a file right after, the teacher's
// own dynamics, and the optional attributes (service, category, young, newly arrived). The same use
// cases as the Mini App (core/services/routes.ts); everything is read from the database each turn.
import { isDomainError } from "../errors.ts";
import { CATEGORY_NAMES, ITEM_KIND_NAMES, routeText as t } from "../messages/routes.ts";
import type { RouteRecord, TeacherAttributesRecord, TeacherCategory } from "../services/routes-ports.ts";
import { TEACHER_CATEGORIES } from "../services/routes-ports.ts";
import {
  CERTIFICATE_MAX_BYTES,
  CERTIFICATE_TYPES,
  markItemDone,
  myAttributes,
  myDynamics,
  myRoute,
  pendingCertificateItem,
  setMyAttributes,
  undoItem,
  type RoutesDeps,
} from "../services/routes.ts";
import { ack, edit, escapeHtml, formatDate, send } from "./common.ts";
import type { Button, IncomingDocument, Journey, Turn } from "./types.ts";

const PREFIX = "rt:";

function routesDeps(turn: Turn): RoutesDeps | null {
  if (!turn.deps.surveys) return null;
  return { repo: turn.deps.repo, clock: turn.deps.clock, settings: turn.deps.settings, surveys: turn.deps.surveys, ident: turn.deps.identification?.ident ?? null };
}

const isTeacher = (turn: Turn) => Boolean(turn.person?.memberships.some((m) => m.active && m.role === "teacher" && m.schoolId));
const timezoneOf = (turn: Turn) => turn.person?.memberships.find((m) => m.active && m.role === "teacher")?.districtTimezone ?? turn.deps.timezone;

function routeLines(turn: Turn, route: RouteRecord): string[] {
  const zone = timezoneOf(turn);
  return route.items.map((item, index) => {
    const lines = [escapeHtml(t.item(index + 1, ITEM_KIND_NAMES[item.kind], item.title, item.doneAt !== null))];
    if (item.course) {
      const dates = item.course.startsOn
        ? [item.course.startsOn, item.course.endsOn].filter((date): date is Date => date !== null).map((date) => formatDate(date, "UTC")).filter((value, i, all) => all.indexOf(value) === i).join(" – ")
        : null;
      lines.push(`   ${escapeHtml(t.courseDetails({ provider: item.course.provider, hours: item.course.hours, dates, url: item.course.url }))}`);
    } else if (item.note) lines.push(`   <i>${escapeHtml(item.note)}</i>`);
    if (item.doneAt) {
      const certificate = item.certificateUrl || item.hasCertificateFile ? `, ${t.certificate}` : "";
      lines.push(`   ${escapeHtml(t.doneOn(formatDate(item.doneAt, zone)))}${certificate}`);
    }
    return lines.join("\n");
  });
}

async function routeScreen(turn: Turn, deps: RoutesDeps) {
  const mine = await myRoute(deps, turn.person!);
  if (!mine) return { text: t.noDiagnostic };
  const deficits = mine.profile.areas.filter((area) => area.level !== "none");
  const parts = [t.heading(escapeHtml(mine.diagnostic.campaignTitle))];
  parts.push(deficits.length ? escapeHtml(t.deficits(deficits.map((area) => `${area.title} — ${area.deficit}%`))) : t.noDeficits);
  if (mine.route.items.length) parts.push(routeLines(turn, mine.route).join("\n"), t.markHint);
  else parts.push(t.empty);
  const marks: Button[] = mine.route.items.map((item, index) =>
    item.doneAt
      ? { kind: "action", text: t.undoButton(index + 1), data: `${PREFIX}undo:${item.id}` }
      : { kind: "action", text: t.markButton(index + 1), data: `${PREFIX}done:${item.id}` },
  );
  const buttons: Button[][] = [];
  for (let i = 0; i < marks.length; i += 4) buttons.push(marks.slice(i, i + 4));
  const more: Button[] = [{ kind: "action", text: t.attributesButton, data: `${PREFIX}attr` }];
  if (mine.hasDynamics) more.push({ kind: "action", text: t.dynamicsButton, data: `${PREFIX}dyn` });
  buttons.push(more);
  if (turn.channel.appAvailable) buttons.push([{ kind: "app", text: t.openApp }]);
  return { text: parts.join("\n\n"), html: true, buttons };
}

// ---- attributes ----

function attributesScreen(turn: Turn, attributes: TeacherAttributesRecord) {
  const said = (value: boolean | null) => (value === null ? t.notSaid : value ? t.yes : t.no);
  const current = t.attributesCurrent({
    serviceYears: attributes.serviceYears === null ? t.notSaid : String(attributes.serviceYears),
    category: attributes.category ? CATEGORY_NAMES[attributes.category] : t.notSaid,
    young: said(attributes.young),
    newlyArrived: said(attributes.newlyArrived),
  });
  const buttons: Button[][] = [
    TEACHER_CATEGORIES.map((category) => ({
      kind: "action" as const,
      text: `${attributes.category === category ? "● " : ""}${CATEGORY_NAMES[category]}`,
      data: `${PREFIX}cat:${category}`,
    })),
    [{ kind: "action", text: t.youngButton(attributes.young), data: `${PREFIX}young` }],
    [{ kind: "action", text: t.arrivedButton(attributes.newlyArrived), data: `${PREFIX}arr` }],
    [{ kind: "action", text: t.clearButton, data: `${PREFIX}clear` }],
  ];
  return { text: `${t.attributesHeading(escapeHtml(current), turn.deps.settings.minRespondents)}\n\n${t.serviceYearsHint}`, html: true, buttons };
}

/** null → yes → no → null: a toggle that can also go back to «не указано». */
const cycle = (value: boolean | null): boolean | null => (value === null ? true : value ? false : null);

async function changeAttributes(turn: Turn, deps: RoutesDeps, change: (current: TeacherAttributesRecord) => Partial<TeacherAttributesRecord>) {
  const current = await myAttributes(deps, turn.person!);
  const saved = await setMyAttributes(deps, turn.person!, change(current));
  ack(turn, t.saved);
  edit(turn, attributesScreen(turn, saved));
}

// ---- certificates sent after «✅» ----

const extensionOf = (fileName: string) => fileName.split(".").pop()?.toLowerCase() ?? "";

async function receiveCertificate(turn: Turn, document: IncomingDocument): Promise<boolean> {
  const deps = routesDeps(turn);
  if (!deps || !turn.person?.consentAt || !isTeacher(turn) || !CERTIFICATE_TYPES[extensionOf(document.fileName)]) return false;
  const item = await pendingCertificateItem(deps, turn.person);
  if (!item) return false;
  if (document.size !== null && document.size > CERTIFICATE_MAX_BYTES) {
    send(turn, { text: t.certificateTooBig });
    return true;
  }
  let content: Uint8Array;
  try {
    content = await document.download();
  } catch (error) {
    turn.deps.log.warn({ err: String(error), channel: turn.account.channel }, "certificate download failed");
    send(turn, { text: t.certificateDownloadFailed });
    return true;
  }
  if (content.byteLength > CERTIFICATE_MAX_BYTES) {
    send(turn, { text: t.certificateTooBig });
    return true;
  }
  await markItemDone(deps, turn.person, item.id, { fileName: document.fileName, content });
  send(turn, { text: t.certificateSaved(item.title) });
  return true;
}

const URL_PATTERN = /^https?:\/\/\S+$/i;
const SERVICE_PATTERN = /^стаж\s*[:\-]?\s*(\d{1,2})(?:\s*(?:лет|год|года))?\.?$/i;

async function receiveText(turn: Turn, text: string): Promise<boolean> {
  const deps = routesDeps(turn);
  if (!deps || !turn.person?.consentAt || !isTeacher(turn)) return false;
  const trimmed = text.trim();
  const service = SERVICE_PATTERN.exec(trimmed);
  if (service) {
    const years = Number(service[1]);
    if (years > 60) {
      send(turn, { text: t.serviceYearsBad });
      return true;
    }
    send(turn, attributesScreen(turn, await setMyAttributes(deps, turn.person, { serviceYears: years })));
    return true;
  }
  if (!URL_PATTERN.test(trimmed)) return false;
  const item = await pendingCertificateItem(deps, turn.person);
  if (!item) return false;
  try {
    await markItemDone(deps, turn.person, item.id, { url: trimmed });
  } catch (error) {
    if (isDomainError(error) && error.code === "invalid_input") {
      send(turn, { text: t.certificateUrlBad });
      return true;
    }
    throw error;
  }
  send(turn, { text: t.certificateSaved(item.title) });
  return true;
}

async function press(turn: Turn, deps: RoutesDeps, data: string) {
  const [, step, arg] = data.split(":");
  const person = turn.person!;
  if (step === "done" || step === "undo") {
    try {
      const route = step === "done" ? await markItemDone(deps, person, arg ?? "") : await undoItem(deps, person, arg ?? "");
      const n = route.items.findIndex((item) => item.id === arg) + 1;
      ack(turn);
      edit(turn, await routeScreen(turn, deps));
      if (step === "done") send(turn, { text: t.marked(n) });
      else ack(turn, t.unmarked(n));
    } catch (error) {
      if (isDomainError(error) && error.code === "not_found") return ack(turn, t.gone, true);
      throw error;
    }
    return;
  }
  if (step === "attr") {
    ack(turn);
    return send(turn, attributesScreen(turn, await myAttributes(deps, person)));
  }
  if (step === "cat" && (TEACHER_CATEGORIES as readonly string[]).includes(arg ?? "")) {
    return changeAttributes(turn, deps, (current) => ({ category: current.category === arg ? null : (arg as TeacherCategory) }));
  }
  if (step === "young") return changeAttributes(turn, deps, (current) => ({ young: cycle(current.young) }));
  if (step === "arr") return changeAttributes(turn, deps, (current) => ({ newlyArrived: cycle(current.newlyArrived) }));
  if (step === "clear") return changeAttributes(turn, deps, () => ({ serviceYears: null, category: null, young: null, newlyArrived: null }));
  if (step === "dyn") {
    ack(turn);
    const dynamics = await myDynamics(deps, person);
    if (!dynamics) return send(turn, { text: t.dynamicsNone });
    const zone = timezoneOf(turn);
    const better = dynamics.areas.filter((area) => area.after < area.before).length;
    const worse = dynamics.areas.filter((area) => area.after > area.before).length;
    return send(turn, {
      text: [
        t.dynamicsHeading(escapeHtml(`${dynamics.from.campaignTitle}, ${formatDate(dynamics.from.completedAt, zone)}`), escapeHtml(`${dynamics.to.campaignTitle}, ${formatDate(dynamics.to.completedAt, zone)}`)),
        dynamics.areas.map((area) => escapeHtml(t.dynamicsLine(area.title, area.before, area.after))).join("\n"),
        t.dynamicsSummary(better, worse),
      ].join("\n\n"),
      html: true,
    });
  }
  ack(turn);
}

export const routesJourney: Journey = {
  name: "routes",
  prefix: PREFIX,
  commands: [{ name: "route", description: t.command, audience: ["teacher"], refusal: t.notTeacher }],
  help: { teacher: t.help, methodologist: t.methodologistHelp },
  menu: { teacher: [{ kind: "command", text: t.menu, command: "route" }], methodologist: [{ kind: "app", text: t.methodologistMenu }] },
  async handle(turn, incoming) {
    if (!turn.person) return;
    const deps = routesDeps(turn);
    if (!deps) {
      if (incoming.kind === "action") return ack(turn, t.unavailable, true);
      return send(turn, { text: t.unavailable });
    }
    if (!isTeacher(turn)) {
      if (incoming.kind === "action") return ack(turn, t.notTeacher, true);
      return send(turn, { text: t.notTeacher });
    }
    if (incoming.kind === "command") return send(turn, await routeScreen(turn, deps));
    if (incoming.kind === "action") return press(turn, deps, incoming.data);
  },
  onText: receiveText,
  onDocument: receiveCertificate,
};
