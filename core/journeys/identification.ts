// Identification in the bot (#12 §4, §10): district staff send a data file as a document and get the
// check (what the file is, rows, schools, years, problems by sheet, row and column) with «Загрузить» /
// «Отмена»; `/identify [год]` computes the lists and answers with the summary; `/templates` sends the
// templates. The same use cases as the CLI and the Mini App (core/services/identification.ts); the
// file waits for the press in the database (a staged upload), so a restart between the check and the
// press loses nothing, and a second press finds the upload gone.
import { isDistrictStaff } from "../access/permissions.ts";
import { CLUSTERS, type FileProblem } from "../identification/types.ts";
import { CLUSTER_NAMES, LIST_SHORT } from "../messages/identification.ts";
import { KIND_NAMES } from "../messages/identification-admin.ts";
import { identificationBotText as text } from "../messages/identification-bot.ts";
import { formatProblem } from "../messages/intake.ts";
import { ru } from "../messages/bot.ts";
import { isAdminError } from "../services/admin.ts";
import {
  commitStaged,
  dropStaged,
  MAX_FILE_BYTES,
  runIdentification,
  runYears,
  stageUpload,
  type DataCheck,
  type IdentificationContext,
  type RunSummary,
} from "../services/identification.ts";
import { needsConsent } from "../services/onboarding.ts";
import type { AccountRef, PersonView } from "../services/ports.ts";
import { ack, auditChange, makeNonce, onceData, send } from "./common.ts";
import type { ChannelInfo, IncomingDocument, Journey, JourneyDeps, Screen, Turn, TurnResult } from "./types.ts";

const PREFIX = "ident:";
/** Problems shown on the check screen; the rest are counted. */
export const SHOWN_PROBLEMS = 15;
const SHOWN_WARNINGS = 5;
const SHOWN_CHANGES = 15;
/** The four kinds of data /templates sends, in this order. */
const TEMPLATE_KINDS = ["results", "items", "social", "official-list"] as const;
const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
/** Progress is shown only for work this big (rows read, school-years written): less takes a moment. */
const PROGRESS_MIN = 200;
const PROGRESS_MIN_BYTES = 256 * 1024;
/** Both messengers cut a message at about 4 000 characters; a long line of a file is shortened. */
const MESSAGE_LIMIT = 3_900;
const LINE_LIMIT = 400;

const clipLine = (line: string) => (line.length > LINE_LIMIT ? `${line.slice(0, LINE_LIMIT - 1)}…` : line);
/** Lines joined into one message that fits, `tail` always kept: lines beyond the limit become one "…". */
function fit(lines: string[], tail: string[] = []): string {
  const out: string[] = [];
  let length = tail.reduce((sum, line) => sum + line.length + 1, 0) + 2;
  for (const line of lines.map(clipLine)) {
    if (length + line.length + 1 > MESSAGE_LIMIT) {
      out.push("…");
      break;
    }
    out.push(line);
    length += line.length + 1;
  }
  return [...out, ...tail].join("\n");
}

const districtsOf = (person: PersonView) => {
  const seen = new Map<string, string>();
  for (const m of person.memberships) if (m.active && isDistrictStaff(m) && !seen.has(m.districtId)) seen.set(m.districtId, m.districtName);
  return [...seen].map(([id, name]) => ({ id, name }));
};

const context = (turn: Turn): IdentificationContext | null => {
  const { admin, identification } = turn.deps;
  if (!admin || !identification) return null;
  return { admin, repo: turn.deps.repo, clock: turn.deps.clock, randomBytes: turn.deps.randomBytes, settings: turn.deps.settings, ...identification };
};

/** Runs a use case; its refusal (AdminError) is told in its own Russian words. */
async function attempt(turn: Turn, work: (ctx: IdentificationContext) => Promise<void>) {
  const ctx = context(turn);
  if (!ctx) return send(turn, { text: text.unavailable });
  try {
    await work(ctx);
  } catch (error) {
    if (!isAdminError(error)) throw error;
    // The use cases word refusals for the CLI too ("нет загруженных данных…"): a message starts with a capital.
    send(turn, { text: error.message.charAt(0).toLocaleUpperCase("ru") + error.message.slice(1) });
  }
}

/**
 * Progress of a long step through the adapter (one message, edited): reported when the share done
 * moves by a twentieth, so a 40 000-row file makes about twenty reports, not forty thousand.
 */
function progressReporter(turn: Turn) {
  const show = turn.channel.progress;
  let chain: Promise<void> = Promise.resolve();
  let last = "";
  return {
    onProgress: (done: number, total: number, phase: "read" | "write" = "read") => {
      if (!show || total < PROGRESS_MIN) return;
      const step = `${phase}:${Math.floor((20 * Math.min(done, total)) / total)}`;
      if (step === last) return;
      last = step;
      const line = phase === "write" ? text.loadingRows(done, total) : text.readingRows(done, total);
      chain = chain.then(() => show(line)).catch(() => undefined);
    },
    /** Waits for the reports on their way, so the progress message never lands after the answer. */
    settled: () => chain,
  };
}

// ---- the document ----

/**
 * A file sent into the chat, routed here by the adapters (the engine routes commands, buttons and
 * text): who sent it, the consent gate, then the check. Nothing is stored for anyone but district staff.
 */
const extensionOf = (fileName: string) => /\.([A-Za-z0-9]+)$/.exec(fileName.trim())?.[1]?.toLowerCase() ?? "";

async function receive(turn: Turn, document: IncomingDocument): Promise<void> {
  const person = turn.person;
  if (!person) return send(turn, { text: text.stranger });
  if (needsConsent(person)) return send(turn, { text: ru.consentFirst });
  const district = districtsOf(person)[0];
  if (!district) return send(turn, { text: text.notForYou });
  const extension = extensionOf(document.fileName);
  if (extension === "xls") return send(turn, { text: text.oldExcel(document.fileName) });
  if (!["xlsx", "csv", "txt"].includes(extension)) return send(turn, { text: text.unsupported(document.fileName) });
  const tooBig = (bytes: number) => text.tooBig(document.fileName, Math.ceil(bytes / (1024 * 1024)), MAX_FILE_BYTES / (1024 * 1024));
  if (document.size !== null && document.size > MAX_FILE_BYTES) return send(turn, { text: tooBig(document.size) });
  if (!context(turn)) return send(turn, { text: text.unavailable });
  let content: Uint8Array;
  try {
    content = await document.download();
  } catch (error) {
    turn.deps.log.warn({ err: String(error), channel: turn.account.channel }, "document download failed");
    return send(turn, { text: text.downloadFailed });
  }
  if (content.byteLength > MAX_FILE_BYTES) return send(turn, { text: tooBig(content.byteLength) });
  if (content.byteLength >= PROGRESS_MIN_BYTES) await turn.channel.progress?.(text.reading(document.fileName));
  const progress = progressReporter(turn);
  await attempt(turn, async (ctx) => {
    const staged = await stageUpload(ctx, person, { districtId: district.id, fileName: document.fileName, content, onProgress: progress.onProgress });
    await progress.settled();
    send(turn, checkScreen(turn, document.fileName, district.name, staged.uploadId, staged.check));
  });
}

function problemLines(problems: FileProblem[], shown: number): string[] {
  return problems.slice(0, shown).map((problem) => text.problemLine(formatProblem(problem)));
}

/** The check: what the file is, what it holds, what goes wrong where; «Загрузить» only when nothing does. */
export function checkScreen(turn: Turn, fileName: string, districtName: string, uploadId: string | null, check: DataCheck): Screen {
  const lines = [text.checkTitle(fileName, districtName)];
  lines.push(check.problems.length && !check.rows ? text.checkShape(check.shape) : text.checkKind(KIND_NAMES[check.kind], check.shape));
  // New schools and replaced school-years come as the check's file-level warnings.
  if (check.rows > 0) lines.push(check.schools ? text.checkCounts(check.rows, check.schools, check.years) : text.checkRows(check.rows));
  if (check.problems.length) {
    lines.push("", text.problemsTitle(check.problems.length), ...problemLines(check.problems, SHOWN_PROBLEMS));
    if (check.problems.length > SHOWN_PROBLEMS) lines.push(text.moreProblems(check.problems.length - SHOWN_PROBLEMS));
  }
  if (check.warnings.length) {
    lines.push("", text.warningsTitle(check.warnings.length), ...problemLines(check.warnings, SHOWN_WARNINGS));
    if (check.warnings.length > SHOWN_WARNINGS) lines.push(text.moreWarnings(check.warnings.length - SHOWN_WARNINGS));
  }
  if (!check.ok || !uploadId) return { text: fit(lines, ["", text.fixAndResend]) };
  const nonce = makeNonce(turn);
  return {
    text: fit(lines, ["", text.askLoad]),
    buttons: [
      [
        { kind: "action", text: text.load, data: onceData(turn, `${PREFIX}load:${uploadId}`, nonce) },
        { kind: "action", text: text.cancel, data: onceData(turn, `${PREFIX}drop:${uploadId}`, nonce) },
      ],
    ],
  };
}

async function load(turn: Turn, uploadId: string) {
  const person = turn.person!;
  const progress = progressReporter(turn);
  await attempt(turn, async (ctx) => {
    // A second press, an expired or someone else's upload: refused by the use case in its own words.
    const result = await commitStaged(ctx, person, { uploadId, onProgress: progress.onProgress });
    await progress.settled();
    if (!result.written) {
      const lines = [text.notLoaded, ...problemLines(result.problems, SHOWN_PROBLEMS)];
      if (result.problems.length > SHOWN_PROBLEMS) lines.push(text.moreProblems(result.problems.length - SHOWN_PROBLEMS));
      return send(turn, { text: fit(lines) });
    }
    const lines = [text.loaded(result.rows, result.schools, result.years)];
    if (result.replaces > 0) lines.push(text.loadedReplaced(result.replaces));
    if (result.kind !== "staff" && result.kind !== "official-list") lines.push(text.loadedNext(result.years.length ? Math.max(...result.years) : null));
    send(turn, { text: lines.join("\n") });
  });
}

async function drop(turn: Turn, uploadId: string) {
  await attempt(turn, async (ctx) => {
    await dropStaged(ctx, turn.person!, { uploadId });
    send(turn, { text: text.cancelled });
  });
}

// ---- /identify ----

/** The run in words: clusters, list sizes, who entered and who left a list, the method's warnings. */
export function runText(districtName: string, run: RunSummary): string {
  const lines = [text.runTitle(districtName, run.year, run.methodologyVersion), "", text.clusters];
  for (const cluster of CLUSTERS) lines.push(text.clusterLine(CLUSTER_NAMES[cluster], run.clusters[cluster] ?? 0));
  lines.push("", text.lists(run.shnor, run.shnsu));
  // One line per school, with every list it entered (or left).
  const changes = (title: string, list: RunSummary["entered"]) => {
    if (!list.length) return;
    const bySchool = new Map<string, { name: string; lists: string[] }>();
    for (const item of list) {
      const school = bySchool.get(item.schoolCode) ?? { name: item.schoolName, lists: [] };
      school.lists.push(LIST_SHORT[item.list]);
      bySchool.set(item.schoolCode, school);
    }
    const schools = [...bySchool.values()];
    lines.push("", title, ...schools.slice(0, SHOWN_CHANGES).map((school) => text.changeLine(school.name, school.lists.join(", "))));
    if (schools.length > SHOWN_CHANGES) lines.push(text.moreChanges(schools.length - SHOWN_CHANGES));
  };
  changes(text.entered, run.entered);
  changes(text.left, run.left);
  if (!run.entered.length && !run.left.length) lines.push(text.noChanges);
  if (run.warnings.length) {
    lines.push("", text.runWarnings, ...run.warnings.slice(0, SHOWN_WARNINGS).map((warning) => `• ${warning}`));
    if (run.warnings.length > SHOWN_WARNINGS) lines.push(text.moreChanges(run.warnings.length - SHOWN_WARNINGS));
  }
  return fit(lines, ["", text.runMore]);
}

async function identify(turn: Turn, args: string) {
  const person = turn.person!;
  const asked = args.trim();
  if (asked && !/^\d{4}$/.test(asked)) return send(turn, { text: text.badYear(asked) });
  await attempt(turn, async (ctx) => {
    for (const district of districtsOf(person)) {
      const year = asked ? Number(asked) : Math.max(...(await runYears(ctx, person, { districtId: district.id })), 0);
      if (!year) {
        send(turn, { text: text.noData(district.name) });
        continue;
      }
      const run = await runIdentification(ctx, person, { districtId: district.id, year });
      auditChange(turn, "lists.change", "/identify", district.id);
      send(turn, { text: runText(district.name, run) });
    }
  });
}

// ---- /templates ----

async function templates(turn: Turn) {
  const build = turn.deps.identification?.dataTemplate;
  if (!build) return send(turn, { text: text.templatesUnavailable });
  send(turn, { text: text.templatesIntro });
  for (const kind of TEMPLATE_KINDS) {
    const template = await build(kind);
    turn.effects.push({ kind: "document", filename: template.filename, mimeType: XLSX_TYPE, content: template.content, caption: text.templateCaption(kind) });
  }
}

export const identificationJourney: Journey = {
  name: "identification",
  prefix: PREFIX,
  commands: [
    { name: "identify", description: text.commands.identify, audience: ["district", "regional"], refusal: ru.onlyDistrict },
    { name: "templates", description: text.commands.templates, audience: ["district", "regional"], refusal: ru.onlyDistrict },
  ],
  help: { district: text.help.district, regional: text.help.district },
  // The menu offers the templates (harmless to tap); a run, which notifies people, is asked for by /identify.
  menu: {
    district: [{ kind: "command", text: text.menu.templates, command: "templates" }],
    regional: [{ kind: "command", text: text.menu.templates, command: "templates" }],
  },
  async onDocument(turn, document) {
    await receive(turn, document);
    return true;
  },
  async handle(turn, incoming) {
    if (!turn.person) return;
    if (incoming.kind === "command") return incoming.name === "templates" ? templates(turn) : identify(turn, incoming.args);
    if (incoming.kind !== "action") return;
    const [, step, uploadId] = incoming.data.split(":");
    ack(turn);
    turn.effects.push({ kind: "clearButtons" });
    if (!uploadId) return;
    if (step === "load") return load(turn, uploadId);
    if (step === "drop") return drop(turn, uploadId);
  },
};
