// `npm run bench:region` (#16 §8): a region on real PostgreSQL, served by compiled instances
// (`node dist/server.js`) in webhook mode, on loopback only, bounded in time and count.
//
//   1. Seeds a region (BENCH_TEACHERS teachers, default 20 000, in BENCH_SCHOOLS schools, default
//      700, one district, the open 24-question teacher diagnostic) and a control district
//      (BENCH_SINGLE_TEACHERS, default 2000) with bulk SQL statements, into a database of its own
//      (bench_region_<pid>, dropped at the end).
//   2. One instance: the control district's teachers answer the diagnostic for at most
//      BENCH_SINGLE_SECONDS: the reference for "the ratio to one instance".
//   3. Two instances behind a stand-in load balancer (each update to one of the live instances at
//      random; a failed delivery goes again, as Telegram retries; BENCH_REDELIVER of the
//      delivered updates are delivered a second time, as Telegram does after a timeout). The region's
//      teachers answer (BENCH_CONCURRENCY at once) for at most BENCH_SECONDS, while a district
//      staff member sends a broadcast to every teacher through the Mini App API (signed init data,
//      the real routes). At BENCH_KILL_AT of the run one instance is killed (SIGKILL) and started
//      again BENCH_KILL_DOWN_SECONDS later.
//   4. Checks from the database and the stand-in: every acknowledged press answered once (answers in
//      the database = presses acknowledged with a 200), no screen shown twice, none out of order,
//      every broadcast row delivered once; prints throughput, answer-turn p50/p95, the share of the
//      send limit, the busiest 1-second window and each instance's RSS, beside one instance's.
//
// The stand-in Bot API (bench/region-standin.ts, a thread of its own) answers after BENCH_API_MS
// (default 50 ms) and records every send. An answer turn is measured from the press posted to the
// next question recorded at the stand-in. Ports: BENCH_PORT_BASE (default 41400) for the stand-in,
// +1 and +2 for the instances. Not part of `npm test`.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { setTimeout as sleep } from "node:timers/promises";
import { Worker } from "node:worker_threads";
import pg from "pg";
import { z } from "zod";
import { sign } from "@telegram-apps/init-data-node";
import { openDatabase, type Database } from "../prisma/db.ts";
import { migrate } from "../prisma/migrate.ts";
import { ru } from "../core/messages/bot.ts";
import { seedDistrict, type SeededDistrict, type SeededTeacher } from "./region-seed.ts";
import type { RegionStandInOptions, ScreenEvent, StandInSummary } from "./region-standin.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

const EnvSchema = z.object({
  BENCH_TEACHERS: z.coerce.number().int().min(1).max(200_000).default(20_000),
  BENCH_SCHOOLS: z.coerce.number().int().min(1).max(5000).default(700),
  BENCH_CONCURRENCY: z.coerce.number().int().min(1).max(5000).default(300),
  BENCH_SECONDS: z.coerce.number().min(5).max(24 * 3600).default(1200),
  BENCH_SINGLE_TEACHERS: z.coerce.number().int().min(0).max(200_000).default(2000),
  BENCH_SINGLE_SECONDS: z.coerce.number().min(5).max(24 * 3600).default(180),
  BENCH_API_MS: z.coerce.number().int().min(0).max(10_000).default(50),
  /** How long a teacher reads a question before pressing (0: at once, the hardest case for the server). */
  BENCH_THINK_MS: z.coerce.number().int().min(0).max(600_000).default(0),
  /** Share of the run (answers or time, whichever comes first) at which one instance is killed; 0: never. */
  BENCH_KILL_AT: z.coerce.number().min(0).max(1).default(0.4),
  BENCH_KILL_DOWN_SECONDS: z.coerce.number().min(0).max(600).default(5),
  BENCH_REDELIVER: z.coerce.number().min(0).max(1).default(0.01),
  /** A press whose next question has not come by then counts as stalled (the teacher stops). */
  BENCH_TURN_TIMEOUT_SECONDS: z.coerce.number().min(1).max(3600).default(90),
  /** After the answering bound: how long to wait for the broadcast's queue to empty. */
  BENCH_DRAIN_SECONDS: z.coerce.number().min(0).max(3600).default(120),
  BENCH_SEND_RATE: z.coerce.number().int().min(1).max(30).default(30),
  BENCH_DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//).default("postgresql://root@127.0.0.1:5432/postgres"),
  BENCH_PORT_BASE: z.coerce.number().int().min(1024).max(65_000).default(41_400),
  BENCH_KEEP_DATABASE: z.enum(["0", "1"]).default("0"),
  /** The compiled server to start (default dist/server.js, what `npm run build` makes). */
  BENCH_SERVER: z.string().min(1).optional(),
});
const env = EnvSchema.parse(process.env);

const SERVER = path.resolve(env.BENCH_SERVER ?? path.join(ROOT, "dist/server.js"));
const TOKEN = `7000000001:BENCH_region_${randomBytes(12).toString("hex")}`;
const BOT_ID = 7_000_000_001;
const SECRET = Array.from(randomBytes(32), (byte) => "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"[byte % 62]).join("");
const BROADCAST_TEXT = "Уважаемые коллеги! Совещание руководителей школ в четверг в 10:00, повестка по ссылке в приложении. (замер bench:region)";
const REGION_FIRST_CHAT = 5_000_000;
const SINGLE_FIRST_CHAT = 6_000_000;
const now = () => performance.timeOrigin + performance.now();
const say = (line: string) => process.stderr.write(`${line}\n`);

// ---------- database ----------

async function adminQuery(sql: string) {
  const client = new pg.Client({ connectionString: env.BENCH_DATABASE_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function databaseUrl(name: string) {
  const url = new URL(env.BENCH_DATABASE_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

// ---------- the stand-in Bot API ----------

interface StandIn {
  apiRoot: string;
  progress(): Promise<{ sends: number; broadcast: number }>;
  close(): Promise<StandInSummary>;
}

async function startStandIn(options: RegionStandInOptions, onScreen: (event: ScreenEvent) => void): Promise<StandIn> {
  // The thread loads TypeScript through tsx's API, as the main thread does through its CLI.
  const tsx = pathToFileURL(path.join(ROOT, "node_modules/tsx/dist/esm/api/index.mjs")).href;
  const entry = new URL("./region-standin.ts", import.meta.url).href;
  const boot = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`;
  const thread = new Worker(boot, { eval: true, workerData: options });
  const waiting = new Map<string, Array<{ resolve: (message: any) => void; reject: (error: unknown) => void }>>();
  thread.on("message", (message: { kind: string }) => {
    if (message.kind === "screen") return onScreen(message as ScreenEvent);
    waiting.get(message.kind)?.shift()?.resolve(message);
  });
  thread.on("error", (error) => {
    say(`Bot API stand-in failed: ${error}`);
    for (const list of waiting.values()) for (const waiter of list.splice(0)) waiter.reject(error);
  });
  const next = (kind: string) =>
    new Promise<any>((resolve, reject) => {
      waiting.set(kind, [...(waiting.get(kind) ?? []), { resolve, reject }]);
    });
  const ready = (await next("ready")) as { apiRoot: string };
  return {
    apiRoot: ready.apiRoot,
    progress: async () => {
      const answer = next("progress");
      thread.postMessage({ kind: "progress" });
      return answer;
    },
    close: async () => {
      const closed = next("closed");
      thread.postMessage({ kind: "close" });
      const summary = (await closed) as StandInSummary;
      await thread.terminate();
      return summary;
    },
  };
}

// ---------- instances ----------

class Instance {
  child: ChildProcess | undefined;
  live = false;
  lives = 0;
  peakRssMb = 0;
  lastRssMb = 0;
  delivered = 0;
  readonly url: string;
  readonly dataDir: string;
  readonly logFile: string;

  constructor(
    readonly name: string,
    readonly port: number,
    private readonly env: Record<string, string>,
    workDir: string,
  ) {
    this.url = `http://127.0.0.1:${port}`;
    this.dataDir = path.join(workDir, `instance-${name}`);
    this.logFile = path.join(workDir, `instance-${name}.log`);
    fs.mkdirSync(this.dataDir, { recursive: true });
  }

  /** Starts `node dist/server.js` (as `npm start` does: MALLOC_ARENA_MAX=2, --max-semi-space-size=1) and waits until it serves. */
  async start(): Promise<number> {
    const started = now();
    const out = fs.openSync(this.logFile, "a");
    fs.writeSync(out, `\n---- start ${new Date().toISOString()} ----\n`);
    // cwd is the instance's own folder: no .env of the repository is read.
    const child = spawn(process.execPath, ["--max-semi-space-size=1", SERVER], {
      cwd: this.dataDir,
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", MALLOC_ARENA_MAX: "2", ...this.env, PORT: String(this.port), DATA_DIR: this.dataDir },
      stdio: ["ignore", out, out],
    });
    fs.closeSync(out);
    this.child = child;
    this.lives++;
    this.cpuEarlier += this.cpuThisLife;
    this.cpuThisLife = 0;
    let exited: string | undefined;
    child.once("exit", (code, signal) => (exited = `code ${code}, signal ${signal}`));
    for (let waited = 0; ; waited += 200) {
      if (exited) throw new Error(`instance ${this.name} exited at start (${exited}); log ${this.logFile}:\n${this.tail()}`);
      if (waited > 90_000) throw new Error(`instance ${this.name} did not answer /healthz within 90 s; log ${this.logFile}:\n${this.tail()}`);
      try {
        const response = await fetch(`${this.url}/healthz`, { signal: AbortSignal.timeout(2000) });
        await response.arrayBuffer();
        if (response.status < 500) break;
      } catch {
        // not listening yet
      }
      await sleep(200);
    }
    // The webhook route must be there and check its secret (#16 §1).
    const probe = await fetch(`${this.url}/webhook/telegram`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": "wrong-secret-wrong-secret" },
      body: JSON.stringify({ update_id: 1 }),
    });
    await probe.arrayBuffer();
    if (probe.status === 404) throw new Error(`instance ${this.name}: POST /webhook/telegram answers 404 — webhook mode (#16 §1) is not in this build`);
    if (probe.status !== 401 && probe.status !== 403) throw new Error(`instance ${this.name}: a wrong webhook secret got HTTP ${probe.status}, expected 401`);
    this.live = true;
    return (now() - started) / 1000;
  }

  tail(lines = 30): string {
    try {
      return fs.readFileSync(this.logFile, "utf8").split("\n").slice(-lines).join("\n");
    } catch {
      return "";
    }
  }

  /** CPU seconds of earlier lives, and of this one at the last sample. */
  private cpuEarlier = 0;
  private cpuThisLife = 0;

  get cpuSeconds(): number {
    return this.cpuEarlier + this.cpuThisLife;
  }

  sampleRss(): void {
    const pid = this.child?.pid;
    if (!pid || this.child?.exitCode !== null || this.child?.signalCode) return;
    try {
      const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
      if (!match) return;
      this.lastRssMb = Number(match[1]) / 1024;
      this.peakRssMb = Math.max(this.peakRssMb, this.lastRssMb);
      // utime and stime, fields 14 and 15 of /proc/<pid>/stat, in clock ticks (100 per second on Linux).
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      this.cpuThisLife = (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
      // exited between the check and the read
    }
  }

  kill(): void {
    this.live = false;
    this.child?.kill("SIGKILL");
  }

  /** SIGTERM (the product stops within 9 s), SIGKILL after 12 s. */
  async stop(): Promise<void> {
    this.live = false;
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGTERM");
    if (await Promise.race([exited.then(() => true), sleep(12_000).then(() => false)])) return;
    child.kill("SIGKILL");
    await exited;
  }

  /** Log lines at warn or above by message, without the bench's own wrong-secret probes. */
  warnings(): { probes: number; byMessage: Map<string, number> } {
    const byMessage = new Map<string, number>();
    let probes = 0;
    let text = "";
    try {
      text = fs.readFileSync(this.logFile, "utf8");
    } catch {
      return { probes, byMessage };
    }
    for (const line of text.split("\n")) {
      if (!/"level":(40|50|60)/.test(line)) continue;
      const message = /"msg":"([^"]*)"/.exec(line)?.[1] ?? line.slice(0, 80);
      if (message.startsWith("webhook call with a wrong or missing secret")) probes++;
      else byMessage.set(message, (byMessage.get(message) ?? 0) + 1);
    }
    return { probes, byMessage };
  }
}

// ---------- updates and delivery ----------

let nextUpdateId = 10_000_000;
const user = (chat: number) => ({ id: chat, is_bot: false, first_name: "Педагог", language_code: "ru" });

function textUpdate(chat: number, text: string) {
  const command = text.startsWith("/") ? text.split(" ")[0]! : null;
  return {
    update_id: nextUpdateId++,
    message: {
      message_id: nextUpdateId,
      date: Math.floor(Date.now() / 1000),
      chat: { id: chat, type: "private", first_name: "Педагог" },
      from: user(chat),
      text,
      ...(command ? { entities: [{ type: "bot_command", offset: 0, length: command.length }] } : {}),
    },
  };
}

function callbackUpdate(chat: number, data: string, messageId: number, press: number) {
  return {
    update_id: nextUpdateId++,
    callback_query: {
      // "<chat>:<press>": the stand-in counts answerCallbackQuery per press by it.
      id: `${chat}:${press}`,
      from: user(chat),
      chat_instance: `ci${chat}`,
      data,
      message: {
        message_id: messageId,
        date: Math.floor(Date.now() / 1000),
        chat: { id: chat, type: "private", first_name: "Педагог" },
        from: { id: BOT_ID, is_bot: true, first_name: "Поддержка школ" },
        text: "…",
      },
    },
  };
}

interface DeliveryStats {
  delivered: number;
  /** POST → 200 of each successful delivery, ms (the webhook answers once the update is stored). */
  answerMs: number[];
  /** Deliveries that failed (connection refused or reset, HTTP ≠ 200) and were sent again. */
  retried: number;
  failedStatus: Record<string, number>;
  /** Updates given up after 30 tries. */
  undelivered: number;
  /** Delivered a second time on purpose (Telegram redelivers after a timeout). */
  redelivered: number;
}

function newDeliveryStats(): DeliveryStats {
  return { delivered: 0, answerMs: [], retried: 0, failedStatus: {}, undelivered: 0, redelivered: 0 };
}

/** Like a load balancer: one of the live instances at random; a failure goes again to a live one. */
async function deliver(update: object, instances: Instance[], stats: DeliveryStats): Promise<boolean> {
  const body = JSON.stringify(update);
  for (let attempt = 0; attempt < 30; attempt++) {
    const live = instances.filter((instance) => instance.live);
    if (live.length) {
      const target = live[Math.floor(Math.random() * live.length)]!;
      const posted = now();
      try {
        const response = await fetch(`${target.url}/webhook/telegram`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET },
          body,
          signal: AbortSignal.timeout(30_000),
        });
        await response.arrayBuffer();
        if (response.status === 200) {
          target.delivered++;
          stats.answerMs.push(now() - posted);
          return true;
        }
        stats.failedStatus[String(response.status)] = (stats.failedStatus[String(response.status)] ?? 0) + 1;
      } catch (error) {
        const code = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
        stats.failedStatus[code] = (stats.failedStatus[code] ?? 0) + 1;
      }
    }
    stats.retried++;
    await sleep(Math.min(2000, 100 * 2 ** attempt));
  }
  stats.undelivered++;
  return false;
}

// ---------- the driver ----------

const waiters = new Map<number, { screen: number; resolve: (event: ScreenEvent | null) => void }>();

function onScreen(event: ScreenEvent) {
  const waiter = waiters.get(event.chat);
  if (waiter && waiter.screen === event.screen) {
    waiters.delete(event.chat);
    waiter.resolve(event);
  }
}

/** Registered before the update is posted: the screen may come before the 200 does. */
function screenOf(chat: number, screen: number, timeoutMs: number): { promise: Promise<ScreenEvent | null>; cancel(): void } {
  let timer: NodeJS.Timeout;
  const promise = new Promise<ScreenEvent | null>((resolve) => {
    waiters.set(chat, {
      screen,
      resolve: (event) => {
        clearTimeout(timer);
        resolve(event);
      },
    });
    timer = setTimeout(() => {
      if (waiters.get(chat)?.screen === screen) waiters.delete(chat);
      resolve(null);
    }, timeoutMs);
  });
  return {
    promise,
    cancel: () => {
      clearTimeout(timer);
      waiters.get(chat)?.resolve(null);
      waiters.delete(chat);
    },
  };
}

interface PhaseResult {
  label: string;
  seconds: number;
  answers: number;
  latencies: number[];
  startLatencies: number[];
  teachersStarted: number;
  teachersFinished: number;
  /** Presses acknowledged with a 200 and not followed by their screen within the turn timeout. */
  stalled: number;
  /** Screens without answer buttons where a question was expected. */
  brokenScreens: number;
  delivery: DeliveryStats;
  /** "<personId>:<questionId>" of every press acknowledged with a 200. */
  acked: Set<string>;
  /** Answers during the time one instance was down. */
  answersWhileDown: number;
  /** When each latency sample's press was posted (ms since the phase started), in the order of `latencies`. */
  pressedAt: number[];
}

interface PhaseOptions {
  label: string;
  teachers: SeededTeacher[];
  instances: Instance[];
  seconds: number;
  questions: number;
  /** Runs beside the teachers (the broadcast, the kill); gets the live result to watch. */
  beside?: (result: PhaseResult, startedAt: number) => Promise<void>;
  isDown?: () => boolean;
  /** Added to the progress line. */
  status?: () => Promise<string>;
}

async function runPhase(options: PhaseOptions): Promise<PhaseResult> {
  const result: PhaseResult = {
    label: options.label,
    seconds: 0,
    answers: 0,
    latencies: [],
    startLatencies: [],
    teachersStarted: 0,
    teachersFinished: 0,
    stalled: 0,
    brokenScreens: 0,
    delivery: newDeliveryStats(),
    acked: new Set(),
    answersWhileDown: 0,
    pressedAt: [],
  };
  const timeoutMs = env.BENCH_TURN_TIMEOUT_SECONDS * 1000;
  const startedAt = now();
  const deadline = startedAt + options.seconds * 1000;
  let lastAnswerAt = startedAt;
  let next = 0;
  const open = () => now() < deadline;
  const background: Promise<unknown>[] = [];

  const runTeacher = async (teacher: SeededTeacher) => {
    result.teachersStarted++;
    let wait = screenOf(teacher.chat, 1, timeoutMs);
    const posted = now();
    if (!(await deliver(textUpdate(teacher.chat, "/diagnostic"), options.instances, result.delivery))) return wait.cancel();
    let event = await wait.promise;
    if (!event) return void result.stalled++;
    result.startLatencies.push(event.at - posted);
    for (let press = 1; press <= options.questions; press++) {
      if (env.BENCH_THINK_MS) await sleep(env.BENCH_THINK_MS * (0.5 + Math.random()));
      if (!open()) return;
      if (!event.answers.length) return void result.brokenScreens++;
      const data = event.answers[Math.floor(Math.random() * event.answers.length)]!;
      const questionId = data.split(":")[2]!;
      const expected = press < options.questions ? press + 1 : options.questions + 1;
      wait = screenOf(teacher.chat, expected, timeoutMs);
      const update = callbackUpdate(teacher.chat, data, event.messageId, press);
      const pressedAt = now();
      if (!(await deliver(update, options.instances, result.delivery))) return wait.cancel();
      result.delivery.delivered++;
      result.acked.add(`${teacher.personId}:${questionId}`);
      if (Math.random() < env.BENCH_REDELIVER) {
        result.delivery.redelivered++;
        background.push(deliver(update, options.instances, result.delivery));
      }
      event = await wait.promise;
      if (!event) return void result.stalled++;
      result.latencies.push(event.at - pressedAt);
      result.pressedAt.push(pressedAt - startedAt);
      result.answers++;
      if (options.isDown?.()) result.answersWhileDown++;
      lastAnswerAt = Math.max(lastAnswerAt, event.at);
    }
    result.teachersFinished++;
  };

  const worker = async () => {
    while (open() && next < options.teachers.length) await runTeacher(options.teachers[next++]!);
  };
  const progress = setInterval(async () => {
    const elapsed = (now() - startedAt) / 1000;
    const extra = (await options.status?.().catch(() => "")) ?? "";
    say(
      `  [${options.label}] ${elapsed.toFixed(0)} s: ${result.answers} answers (${(result.answers / elapsed).toFixed(1)}/s), ` +
        `teachers ${result.teachersFinished} done / ${result.teachersStarted} started, stalled ${result.stalled}, retried deliveries ${result.delivery.retried}${extra}`,
    );
  }, 10_000);
  const beside = options.beside?.(result, startedAt);
  await Promise.all(Array.from({ length: Math.min(env.BENCH_CONCURRENCY, options.teachers.length) }, worker));
  clearInterval(progress);
  await Promise.all(background);
  result.seconds = (lastAnswerAt - startedAt) / 1000;
  await beside;
  return result;
}

// ---------- checks ----------

const percentile = (samples: number[], share: number) => {
  if (!samples.length) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))]!;
};

async function answersInDatabase(db: Database, campaignId: string): Promise<Set<string>> {
  const rows = (await db.query(
    `SELECT r."personId" AS person, a."questionId" AS question FROM "Answer" a JOIN "Response" r ON r.id = a."responseId" WHERE r."campaignId" = $1`,
    [campaignId],
  )) as Array<{ person: string; question: string }>;
  return new Set(rows.map((row) => `${row.person}:${row.question}`));
}

async function waitInboxDrained(db: Database, limitMs: number): Promise<number> {
  const until = now() + limitMs;
  for (;;) {
    const [row] = (await db.query(`SELECT count(*)::int AS n FROM "InboundUpdate" WHERE "handledAt" IS NULL`)) as Array<{ n: number }>;
    if (row!.n === 0 || now() > until) return row!.n;
    await sleep(500);
  }
}

// ---------- the run ----------

async function main() {
  const pid = process.pid;
  const runStarted = now();
  const dbName = `bench_region_${pid}`;
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "shnor-bench-region-"));
  const questionsExpected = 24;
  let db: Database | undefined;
  let standIn: StandIn | undefined;
  const instances: Instance[] = [];
  let rssTimer: NodeJS.Timeout | undefined;
  let cleaned = false;
  const cleanup = async () => {
    if (cleaned) return;
    cleaned = true;
    clearInterval(rssTimer);
    await Promise.all(instances.map((instance) => instance.stop().catch(() => undefined)));
    await db?.close().catch(() => undefined);
    if (env.BENCH_KEEP_DATABASE === "0") await adminQuery(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).catch((error) => say(`drop database failed: ${error}`));
    else say(`database kept: ${databaseUrl(dbName)}`);
  };
  const interrupted = () => {
    say("interrupted: stopping the instances, dropping the database");
    void cleanup().then(() => process.exit(130));
  };
  process.once("SIGINT", interrupted);
  process.once("SIGTERM", interrupted);

  try {
    console.log(
      `Region load: ${env.BENCH_TEACHERS} teachers in ${env.BENCH_SCHOOLS} schools answering the ${questionsExpected}-question diagnostic ` +
        `through webhooks, two instances of node dist/server.js on PostgreSQL, ${env.BENCH_CONCURRENCY} teachers at once, ` +
        `at most ${env.BENCH_SECONDS} s${env.BENCH_THINK_MS ? `, reading each question ${env.BENCH_THINK_MS} ms on average` : ", each pressing as soon as the question arrives"}; a broadcast to every teacher at the same time; one instance killed at ${Math.round(env.BENCH_KILL_AT * 100)} % ` +
        `and started again after ${env.BENCH_KILL_DOWN_SECONDS} s. Bot API stand-in answering in ${env.BENCH_API_MS} ms; SEND_RATE_PER_SECOND=${env.BENCH_SEND_RATE}.`,
    );
    if (!fs.existsSync(SERVER)) throw new Error(`${SERVER} is missing: run \`npm run build\` (npm run bench:region does)`);

    // Database and seed.
    await adminQuery(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    await adminQuery(`CREATE DATABASE "${dbName}"`);
    const url = databaseUrl(dbName);
    db = await openDatabase({ databaseUrl: url });
    await migrate(db);
    const seedStarted = now();
    const region = await seedDistrict(db, {
      name: "Регион (замер)",
      schools: env.BENCH_SCHOOLS,
      teachers: env.BENCH_TEACHERS,
      firstChat: REGION_FIRST_CHAT,
      staffChat: 7_000_100,
    });
    let control: SeededDistrict | undefined;
    if (env.BENCH_SINGLE_TEACHERS > 0) {
      control = await seedDistrict(db, {
        name: "Контрольный район (замер)",
        schools: Math.max(1, Math.round(env.BENCH_SINGLE_TEACHERS / 28)),
        teachers: env.BENCH_SINGLE_TEACHERS,
        firstChat: SINGLE_FIRST_CHAT,
        staffChat: 7_000_200,
      });
    }
    const [instrument] = (await db.query(
      `SELECT jsonb_array_length(i.definition->'questions')::int AS questions, i.version FROM "Campaign" c JOIN "Instrument" i ON i.id = c."instrumentId" WHERE c.id = $1`,
      [region.campaignId],
    )) as Array<{ questions: number; version: number }>;
    const questions = instrument!.questions;
    say(
      `seeded in ${((now() - seedStarted) / 1000).toFixed(1)} s: region ${region.teachers.length} teachers in ${region.schools} schools, ` +
        `control ${control?.teachers.length ?? 0}; diagnostic version ${instrument!.version}, ${questions} questions`,
    );

    standIn = await startStandIn(
      {
        latencyMs: env.BENCH_API_MS,
        botId: BOT_ID,
        botUsername: "region_bench_bot",
        broadcastText: BROADCAST_TEXT,
        doneText: ru.diagnosticDone,
        profileTitle: ru.profileTitle,
        questions,
        port: env.BENCH_PORT_BASE,
        webhookSecret: SECRET,
      },
      onScreen,
    );
    const instanceEnv = {
      DATABASE_URL: url,
      BOT_MODE: "webhook",
      WEBHOOK_SECRET: SECRET,
      PUBLIC_URL: "https://bench.invalid",
      BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: standIn.apiRoot,
      HOST: "127.0.0.1",
      SEND_RATE_PER_SECOND: String(env.BENCH_SEND_RATE),
      LOG_LEVEL: "warn",
      TZ_DISTRICT: "Europe/Moscow",
    };
    const a = new Instance("A", env.BENCH_PORT_BASE + 1, instanceEnv, workDir);
    const b = new Instance("B", env.BENCH_PORT_BASE + 2, instanceEnv, workDir);
    instances.push(a, b);
    rssTimer = setInterval(() => instances.forEach((instance) => instance.sampleRss()), 1000);

    // ---- one instance ----
    const aStart = await a.start();
    say(`instance A serving after ${aStart.toFixed(1)} s`);
    let single: PhaseResult | undefined;
    let singlePeakRss = 0;
    if (control) {
      single = await runPhase({ label: "one instance", teachers: control.teachers, instances: [a], seconds: env.BENCH_SINGLE_SECONDS, questions });
      a.sampleRss();
      singlePeakRss = a.peakRssMb;
    }

    // ---- two instances, the broadcast, the kill ----
    const bStart = await b.start();
    say(`instance B serving after ${bStart.toFixed(1)} s`);
    const broadcastInfo: { id?: string; enqueued?: number; createMs?: number; sendMs?: number; at?: number; error?: string } = {};
    const killInfo: { at?: number; answersBefore?: number; back?: number; restartSeconds?: number; error?: string } = {};
    let down = false;
    const region2 = await runPhase({
      label: "two instances",
      teachers: region.teachers,
      instances: [a, b],
      seconds: env.BENCH_SECONDS,
      questions,
      isDown: () => down,
      status: async () => `, broadcast sends ${(await standIn!.progress()).broadcast}`,
      beside: async (live, startedAt) => {
        const tasks: Promise<void>[] = [];
        // The broadcast, a few seconds in (the teachers are answering by then).
        tasks.push(
          (async () => {
            await sleep(Math.min(5000, env.BENCH_SECONDS * 100));
            broadcastInfo.at = (now() - startedAt) / 1000;
            try {
              await sendBroadcast(b, region, broadcastInfo);
            } catch (error) {
              broadcastInfo.error = String(error);
            }
          })(),
        );
        if (env.BENCH_KILL_AT > 0) {
          tasks.push(
            (async () => {
              const total = region.teachers.length * questions;
              const endAt = startedAt + env.BENCH_SECONDS * 1000;
              while (now() < endAt && live.answers < env.BENCH_KILL_AT * total && now() - startedAt < env.BENCH_KILL_AT * env.BENCH_SECONDS * 1000) {
                await sleep(250);
              }
              if (now() >= endAt) return;
              killInfo.at = (now() - startedAt) / 1000;
              killInfo.answersBefore = live.answers;
              a.sampleRss();
              down = true;
              a.kill();
              say(`  killed instance A (SIGKILL) at ${killInfo.at.toFixed(0)} s, after ${live.answers} answers`);
              await sleep(env.BENCH_KILL_DOWN_SECONDS * 1000);
              try {
                killInfo.restartSeconds = await a.start();
              } catch (error) {
                killInfo.error = String(error);
              }
              down = false;
              killInfo.back = (now() - startedAt) / 1000;
              say(`  instance A serving again at ${killInfo.back.toFixed(0)} s`);
            })(),
          );
        }
        await Promise.all(tasks);
      },
    });

    // ---- after the bound: the broadcast's queue, the inbox ----
    const drainStarted = now();
    let queued = 0;
    if (broadcastInfo.id) {
      for (;;) {
        const [row] = (await db.query(
          `SELECT count(*)::int AS n FROM "Outbox" WHERE "broadcastId" = $1 AND state IN ('pending', 'sending')`,
          [broadcastInfo.id],
        )) as Array<{ n: number }>;
        queued = row!.n;
        if (queued === 0 || now() - drainStarted > env.BENCH_DRAIN_SECONDS * 1000) break;
        await sleep(1000);
      }
    }
    const unhandled = await waitInboxDrained(db, 60_000);
    await sleep(1000 + 4 * env.BENCH_API_MS);
    instances.forEach((instance) => instance.sampleRss());
    const endRss = instances.map((instance) => instance.lastRssMb);
    clearInterval(rssTimer);

    // ---- figures ----
    // The instances stop before the stand-in closes: a send cut by the closing would be a failure of the bench, not theirs.
    await Promise.all(instances.map((instance) => instance.stop()));
    const summary = await standIn.close();
    standIn = undefined;
    const inbox = ((await db.query(
      `SELECT count(*)::int AS total, count(*) FILTER (WHERE "handledAt" IS NULL)::int AS unhandled, count(*) FILTER (WHERE attempts > 1)::int AS retried,
              count(*) FILTER (WHERE "lastError" IS NOT NULL)::int AS errors FROM "InboundUpdate"`,
    )) as Array<{ total: number; unhandled: number; retried: number; errors: number }>)[0]!;
    // Stored → handled in the inbox, per kind of update, for the region's chats.
    const inboxWait = (await db.query(
      `SELECT CASE WHEN payload ? 'message' THEN 'text' ELSE 'press' END AS kind, count(*)::int AS n,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM "handledAt" - "receivedAt")) * 1000 AS p50,
              percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM "handledAt" - "receivedAt")) * 1000 AS p95
       FROM "InboundUpdate" WHERE "handledAt" IS NOT NULL AND split_part("chatKey", ':', 3)::bigint BETWEEN $1 AND $2 GROUP BY 1`,
      [REGION_FIRST_CHAT, REGION_FIRST_CHAT + region.teachers.length - 1],
    )) as Array<{ kind: string; n: number; p50: number; p95: number }>;
    const outbox = broadcastInfo.id
      ? ((await db.query(`SELECT state, count(*)::int AS n FROM "Outbox" WHERE "broadcastId" = $1 GROUP BY state`, [broadcastInfo.id])) as Array<{ state: string; n: number }>)
      : [];
    const deliveredChats = broadcastInfo.id
      ? ((await db.query(`SELECT "chatId" AS chat FROM "Outbox" WHERE "broadcastId" = $1 AND state = 'delivered'`, [broadcastInfo.id])) as Array<{ chat: string }>)
      : [];
    const regionAnswers = await answersInDatabase(db, region.campaignId);
    const singleAnswers = control ? await answersInDatabase(db, control.campaignId) : new Set<string>();

    const inRange = (chat: number, first: number, count: number) => chat >= first && chat < first + count;
    const sumFor = (pairs: Array<[number, number]>, first: number, count: number) =>
      pairs.filter(([chat]) => inRange(chat, first, count)).reduce((sum, [, extra]) => sum + extra, 0);
    const check = (result: PhaseResult, inDb: Set<string>, first: number, count: number) => {
      let lost = 0;
      for (const key of result.acked) if (!inDb.has(key)) lost++;
      let extra = 0;
      for (const key of inDb) if (!result.acked.has(key)) extra++;
      return {
        lost,
        extra,
        duplicateScreens: sumFor(summary.duplicateScreens, first, count),
        duplicateAcks: sumFor(summary.duplicateAcks, first, count),
        outOfOrder: sumFor(summary.outOfOrder, first, count),
      };
    };
    const regionCheck = check(region2, regionAnswers, REGION_FIRST_CHAT, region.teachers.length);
    const singleCheck = single ? check(single, singleAnswers, SINGLE_FIRST_CHAT, control!.teachers.length) : undefined;

    const f1 = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : "—");
    const f2 = (value: number) => (Number.isFinite(value) ? value.toFixed(2) : "—");
    const ms = (value: number) => (Number.isFinite(value) ? `${Math.round(value)} ms` : "—");
    const rate = (result: PhaseResult) => result.answers / Math.max(0.001, result.seconds);
    const p50 = percentile(region2.latencies, 0.5);
    const p95 = percentile(region2.latencies, 0.95);
    const need = (region.teachers.length * questions) / env.BENCH_SECONDS;

    console.log("");
    if (single) {
      console.log(
        `One instance (control district, ${control!.teachers.length} teachers, ≤ ${env.BENCH_SINGLE_SECONDS} s): ${single.answers} answers in ${f1(single.seconds)} s = ` +
          `${f1(rate(single))} answers/s; answer turn p50 ${ms(percentile(single.latencies, 0.5))}, p95 ${ms(percentile(single.latencies, 0.95))}; ` +
          `${single.teachersFinished} of ${single.teachersStarted} started teachers finished; stalled ${single.stalled}; ` +
          `duplicates ${singleCheck!.duplicateScreens} screens / ${singleCheck!.duplicateAcks} acknowledgements; losses ${singleCheck!.lost}; peak RSS ${f1(singlePeakRss)} MB`,
      );
    }
    console.log(
      `Two instances (region, ${region.teachers.length} teachers in ${region.schools} schools, ≤ ${env.BENCH_SECONDS} s): ${region2.answers} answers in ${f1(region2.seconds)} s; ` +
        `${region2.teachersFinished} of ${region.teachers.length} teachers finished all ${questions} questions` +
        (region2.teachersFinished === region.teachers.length ? " (all, within the bound)" : ` (NOT all within the bound; ${region2.teachersStarted} started)`),
    );
    console.log(
      `  throughput ${f1(rate(region2))} answers/s — ${f2(single ? rate(region2) / rate(single) : NaN)}× one instance's ${single ? f1(rate(single)) : "—"}; ` +
        `${f1(need)} answers/s would finish all ${region.teachers.length} × ${questions} within the ${env.BENCH_SECONDS} s bound (${f2(rate(region2) / need)}× that)`,
    );
    console.log(
      `  answer turn (press posted → next question at the Bot API): p50 ${ms(p50)}, p95 ${ms(p95)} — p95 ${f2(single ? p95 / percentile(single.latencies, 0.95) : NaN)}× one instance's ` +
        `${single ? ms(percentile(single.latencies, 0.95)) : "—"}; first question after /diagnostic p95 ${ms(percentile(region2.startLatencies, 0.95))}`,
    );
    if (killInfo.at !== undefined) {
      // Presses posted from the kill until 30 s after the instance serves again wait for the sweeper and the restart.
      const from = killInfo.at * 1000;
      const until = (killInfo.back ?? killInfo.at) * 1000 + 30_000;
      const calm = region2.latencies.filter((_, index) => region2.pressedAt[index]! < from || region2.pressedAt[index]! > until);
      const during = region2.latencies.filter((_, index) => region2.pressedAt[index]! >= from && region2.pressedAt[index]! <= until);
      console.log(
        `  answer turn outside the kill window (kill → 30 s after the restart): p50 ${ms(percentile(calm, 0.5))}, p95 ${ms(percentile(calm, 0.95))} (${calm.length} answers); ` +
          `inside it: p50 ${ms(percentile(during, 0.5))}, p95 ${ms(percentile(during, 0.95))}, max ${ms(during.length ? during.reduce((a, b) => Math.max(a, b), 0) : NaN)} (${during.length} answers)`,
      );
    }
    console.log(
      `  duplicates (goal 0): ${regionCheck.duplicateScreens} screens shown twice, ${regionCheck.duplicateAcks} presses acknowledged twice, ` +
        `${regionCheck.outOfOrder} screens out of order; ${region2.delivery.redelivered} updates delivered twice on purpose, ${region2.delivery.retried} deliveries retried after a failure ` +
        `(${Object.entries(region2.delivery.failedStatus).map(([key, count]) => `${key} ×${count}`).join(", ") || "none"})`,
    );
    console.log(
      `  losses (goal 0): answers in the database ${regionAnswers.size} vs presses acknowledged with a 200 ${region2.acked.size}: ${regionCheck.lost} acknowledged presses without their answer, ` +
        `${regionCheck.extra} answers without an acknowledged press; stalled turns ${region2.stalled} ` +
        `(no next question within ${env.BENCH_TURN_TIMEOUT_SECONDS} s); undelivered updates ${region2.delivery.undelivered}; inbox: ${inbox.total} updates stored, ` +
        `${inbox.unhandled} not handled at the end, ${inbox.retried} taken more than once, ${inbox.errors} with an error`,
    );
    console.log(
      `  webhook answer (POST → 200, the update stored): p50 ${ms(percentile(region2.delivery.answerMs, 0.5))}, p95 ${ms(percentile(region2.delivery.answerMs, 0.95))}` +
        (single ? ` (one instance: p50 ${ms(percentile(single.delivery.answerMs, 0.5))}, p95 ${ms(percentile(single.delivery.answerMs, 0.95))})` : "") +
        `; inbox stored → handled: ${inboxWait.map((row) => `${row.kind === "text" ? "/diagnostic" : "presses"} p50 ${ms(Number(row.p50))}, p95 ${ms(Number(row.p95))} (${row.n})`).join("; ")}`,
    );
    if (killInfo.at !== undefined) {
      console.log(
        `  kill: instance A SIGKILLed at ${f1(killInfo.at)} s (after ${killInfo.answersBefore} answers), serving again at ${f1(killInfo.back ?? NaN)} s ` +
          `(its start took ${f1(killInfo.restartSeconds ?? NaN)} s)${killInfo.error ? `, RESTART FAILED: ${killInfo.error}` : ""}; ${region2.answersWhileDown} answers while it was down`,
      );
    } else console.log(`  kill: not done (BENCH_KILL_AT=${env.BENCH_KILL_AT}, or the bound came first)`);
    if (broadcastInfo.id) {
      const sent = summary.broadcast;
      const spanSeconds = sent.first !== null && sent.last !== null ? (sent.last - sent.first) / 1000 : NaN;
      const achieved = sent.sends > 1 ? (sent.sends - 1) / spanSeconds : NaN;
      const chats = new Set(sent.chats.map(String));
      const lostRows = deliveredChats.filter((row) => !chats.has(row.chat)).length;
      console.log(
        `Broadcast to every teacher (Mini App API at ${f1(broadcastInfo.at!)} s: draft ${ms(broadcastInfo.createMs!)}, send ${ms(broadcastInfo.sendMs!)} queued ${broadcastInfo.enqueued ?? "—"}): ` +
          `${sent.sends} sends reached the Bot API over ${f1(spanSeconds)} s = ${f2(achieved)}/s, ${(achieved / env.BENCH_SEND_RATE * 100).toFixed(1)} % of SEND_RATE_PER_SECOND=${env.BENCH_SEND_RATE} (goal ≥ 95 %)`,
      );
      console.log(
        `  busiest 1-s window ${sent.maxInAnySecond} broadcast sends (limit ${env.BENCH_SEND_RATE}, both instances together: ${sent.maxInAnySecond <= env.BENCH_SEND_RATE ? "never exceeded" : "EXCEEDED"}); ` +
          `median whole second ${percentile(sent.perSecond, 0.5)}; all sends incl. the bot's replies: ${summary.sends}, busiest 1-s window ${summary.maxSendsInAnySecond}`,
      );
      console.log(
        `  rows: ${outbox.map((row) => `${row.state} ${row.n}`).join(", ")}; duplicates ${sent.duplicates} (goal 0); delivered rows with no message at the Bot API ${lostRows} (goal 0); ` +
          `${queued} still queued when the ${env.BENCH_DRAIN_SECONDS} s wait after the bound ended`,
      );
    } else console.log(`Broadcast: NOT sent (${broadcastInfo.error ?? "the bound came first"})`);
    if (broadcastInfo.id && broadcastInfo.error) console.log(`  the Mini App's send call failed: ${broadcastInfo.error}`);
    console.log(
      `RSS (VmRSS, sampled every second): ${instances
        .map((instance, index) => `instance ${instance.name} peak ${f1(instance.peakRssMb)} MB, at the end ${f1(endRss[index]!)} MB${instance.lives > 1 ? ` (${instance.lives} starts)` : ""}`)
        .join("; ")} — one instance alone peaked at ${f1(singlePeakRss)} MB`,
    );
    const benchCpu = process.cpuUsage();
    console.log(
      `CPU seconds over the whole run (2 cores shared with PostgreSQL): ${instances.map((instance) => `instance ${instance.name} ${f1(instance.cpuSeconds)}`).join(", ")}, ` +
        `this bench (driver and Bot API stand-in) ${f1((benchCpu.user + benchCpu.system) / 1e6)}; wall ${f1((now() - runStarted) / 1000)} s`,
    );
    for (const instance of instances) {
      const { byMessage } = instance.warnings();
      const lines = [...byMessage].sort((x, y) => y[1] - x[1]);
      console.log(
        `  instance ${instance.name} log at warn or above (besides the bench's wrong-secret probes): ` +
          (lines.length ? lines.slice(0, 4).map(([message, count]) => `«${message}» ×${count}`).join(", ") : "none"),
      );
    }
    const other = Object.entries(summary.otherMethods);
    console.log(
      `Bot API: ${Object.entries(summary.methods).map(([method, count]) => `${method} ${count}`).join(", ")}` +
        (other.length ? `; other methods (answered true): ${other.map(([method, count]) => `${method} ${count}`).join(", ")}` : "") +
        `; webhooks registered ${summary.webhooks.length} (${summary.webhooks.every((hook) => hook.secretMatches) ? "all with the secret" : "SECRET MISMATCH"}, ${[...new Set(summary.webhooks.map((hook) => hook.url))].join(" ")})`,
    );
    if (unhandled) say(`warning: ${unhandled} inbox rows still unhandled after 60 s`);
    say(`instance logs: ${workDir}`);
  } finally {
    await standIn?.close().catch(() => undefined);
    await cleanup();
  }
}

/** A district staff member creates and sends the broadcast to every teacher in the Mini App (signed init data). */
async function sendBroadcast(instance: Instance, region: SeededDistrict, info: { id?: string; enqueued?: number; createMs?: number; sendMs?: number }) {
  const initData = sign(
    { user: { id: region.staff.chat, first_name: "Ольга", language_code: "ru" }, query_id: `AAH${region.staff.chat}` } as never,
    TOKEN,
    new Date(),
  );
  const headers = { authorization: `tma ${initData}`, "content-type": "application/json" };
  let started = now();
  const created = await fetch(`${instance.url}/api/districts/${region.districtId}/broadcasts`, {
    method: "POST",
    headers,
    body: JSON.stringify({ text: BROADCAST_TEXT, target: { roles: ["teacher"], schools: { kind: "all" } } }),
  });
  const draft = z.object({ id: z.string() }).safeParse(await created.json().catch(() => null));
  if (!created.ok || !draft.success) throw new Error(`creating the broadcast: HTTP ${created.status}`);
  info.createMs = now() - started;
  // The draft's id first: the rows are counted from the database even if the send call fails.
  info.id = draft.data.id;
  started = now();
  const queued = await fetch(`${instance.url}/api/broadcasts/${draft.data.id}/send`, { method: "POST", headers, signal: AbortSignal.timeout(600_000) });
  const sent = z.object({ enqueued: z.number() }).safeParse(await queued.json().catch(() => null));
  info.sendMs = now() - started;
  if (!queued.ok || !sent.success) throw new Error(`sending the broadcast: HTTP ${queued.status}`);
  info.enqueued = sent.data.enqueued;
}

await main();
