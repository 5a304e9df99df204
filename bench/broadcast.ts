// A district broadcast to 5 000 people (#14 §9): through a local Bot API stand-in (a real HTTP
// server) that accepts at most 30 messages in any sliding 1-second window and answers 429 with
// retry_after beyond it. Prints, per path, the achieved rate as a share of the limit (goal ≥ 95 %),
// duplicates (goal 0), losses (goal 0) and 429s:
//   - the product path: the broadcast use case queues one Outbox row per person (PGlite), and our
//     Outbox worker sends them at `perSecond` (25 = OutboxOptions' default; 29 and 30 beside it);
//   - grammY's recommended plain loop with the auto-retry plugin (@grammyjs/auto-retry: on a 429 it
//     sleeps retry_after and retries) over the same 5 000 chats.
// Run: npm run bench:broadcast [-- --recipients 1000 --per-second 25,29,30 --limit 30 --retry-after 1 --latency-ms 0]
// 5 000 at 30/s take about 170 s per path; --recipients N runs shorter. Not part of `npm test`.
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { Api } from "grammy";
import { autoRetry } from "@grammyjs/auto-retry";
import { createDistrict, createSchool, PrismaAdminRepository } from "../prisma/admin.ts";
import { openDatabase, type Database } from "../prisma/db.ts";
import { migrate } from "../prisma/migrate.ts";
import { managementContext } from "../prisma/management.ts";
import { PrismaRepository } from "../prisma/repository.ts";
import { diskFileStore } from "../files/store.ts";
import { createBroadcast, sendBroadcast } from "../core/services/broadcasts.ts";
import { OutboxWorker, telegramSender } from "../server/outbox.ts";
import { seedTeachers } from "../tests/support/broadcast-people.ts";
import type { StandInOptions } from "../tests/support/broadcast-bot-api.ts";
import { Worker } from "node:worker_threads";
import { pathToFileURL } from "node:url";
import os from "node:os";
import path from "node:path";
import fs from "node:fs";

const { values: args } = parseArgs({
  options: {
    recipients: { type: "string", default: "5000" },
    "per-second": { type: "string", default: "25,29,30" },
    limit: { type: "string", default: "30" },
    "retry-after": { type: "string", default: "1" },
    "latency-ms": { type: "string", default: "0" },
    "skip-loop": { type: "boolean", default: false },
  },
});
const RECIPIENTS = Number(args.recipients);
const LIMIT = Number(args.limit);
const RETRY_AFTER = Number(args["retry-after"]);
const LATENCY = Number(args["latency-ms"]);
const RATES = String(args["per-second"]).split(",").map(Number).filter((rate) => rate > 0);
const TOKEN = "1234567890:BENCH_TOKEN_abcdefghijklmnopqrstuvwxy";
const FIRST_CHAT = 1_000_000;
const TEXT = "Уважаемые коллеги! Совещание руководителей в четверг в 10:00, повестка по ссылке.";

interface Result {
  path: string;
  sent: number;
  seconds: number;
  rate: number;
  duplicates: number;
  losses: number;
  tooMany: number;
  maxInAnySecond: number;
  note?: string;
}

interface StandInReport {
  accepted: Array<{ chatId: string; at: number }>;
  tooMany: number;
  maxInAnySecond: number;
}

/** The stand-in in its own thread (bench/broadcast-standin.ts): its clock is not held up by our work. */
async function startStandIn(options: StandInOptions) {
  // The thread loads TypeScript through tsx's API, as the main thread does through its CLI.
  const tsx = pathToFileURL(path.resolve("node_modules/tsx/dist/esm/api/index.mjs")).href;
  const entry = new URL("./broadcast-standin.ts", import.meta.url).href;
  const boot = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`;
  const thread = new Worker(boot, { eval: true, workerData: options });
  const next = (kind: string) =>
    new Promise<any>((resolve) => {
      const listener = (message: { kind: string }) => {
        if (message.kind !== kind) return;
        thread.off("message", listener);
        resolve(message);
      };
      thread.on("message", listener);
    });
  const { apiRoot } = (await next("ready")) as { apiRoot: string };
  let accepted = 0;
  const progress = setInterval(() => {
    thread.postMessage({ kind: "progress" });
  }, 5000);
  thread.on("message", (message: { kind: string; accepted?: number }) => {
    if (message.kind === "progress") accepted = message.accepted ?? 0;
  });
  return {
    apiRoot,
    accepted: () => accepted,
    close: async (): Promise<StandInReport> => {
      clearInterval(progress);
      const closed = next("closed");
      thread.postMessage({ kind: "close" });
      const report = (await closed) as StandInReport;
      await thread.terminate();
      return report;
    },
  };
}

function tally(pathName: string, report: StandInReport, startedAt: number, note?: string): Result {
  const perChat = new Map<string, number>();
  for (const message of report.accepted) perChat.set(message.chatId, (perChat.get(message.chatId) ?? 0) + 1);
  let duplicates = 0;
  for (const count of perChat.values()) duplicates += count - 1;
  let losses = 0;
  for (let index = 0; index < RECIPIENTS; index++) if (!perChat.has(String(FIRST_CHAT + index))) losses++;
  const last = Math.max(...report.accepted.map((message) => message.at));
  const seconds = (last - startedAt) / 1000;
  return {
    path: pathName,
    sent: report.accepted.length,
    seconds,
    rate: report.accepted.length / seconds,
    duplicates,
    losses,
    tooMany: report.tooMany,
    maxInAnySecond: report.maxInAnySecond,
    ...(note ? { note } : {}),
  };
}

async function productRun(perSecond: number): Promise<Result> {
  // The pool size `npm start` gives PGlite (server/config.ts), unless a run sets another to compare.
  const db: Database = await openDatabase({ dataDir: "memory://", sharedBuffersMb: Number(process.env.PGLITE_SHARED_BUFFERS_MB ?? 16) });
  await migrate(db);
  const district = await createDistrict(db.prisma, { name: "Район для замера", timezone: "Europe/Moscow" });
  const school = await createSchool(db.prisma, { districtId: district.id, name: "Школа для замера", code: "01" });
  await seedTeachers(db, district.id, school.id, RECIPIENTS, FIRST_CHAT);
  const files = diskFileStore(fs.mkdtempSync(path.join(os.tmpdir(), "shnor-bench-files-")));
  const ctx = {
    admin: new PrismaAdminRepository(db.prisma),
    repo: new PrismaRepository(db.prisma),
    clock: { now: () => new Date() },
    randomBytes: (size: number) => randomBytes(size),
    management: managementContext(db.prisma, files),
  };
  const queueStarted = performance.now();
  const draft = await createBroadcast(ctx, null, { district: district.id, broadcast: { text: TEXT, target: { roles: ["teacher"], schools: { kind: "all" } } } });
  const queued = await sendBroadcast(ctx, null, { broadcast: draft.id });
  const queueSeconds = (performance.now() - queueStarted) / 1000;
  const api = await startStandIn({ limit: LIMIT, retryAfter: RETRY_AFTER, latencyMs: LATENCY });
  const worker = new OutboxWorker(db, { telegram: telegramSender(new Api(TOKEN, { apiRoot: api.apiRoot }), undefined) }, { perSecond, files });
  const startedAt = Date.now();
  worker.start(100);
  const progress = setInterval(() => process.stderr.write(`\r  Outbox ${perSecond}/s: ${api.accepted()}/${RECIPIENTS}   `), 5000);
  for (;;) {
    const left = await db.prisma.outbox.count({ where: { broadcastId: draft.id, state: { in: ["pending", "sending"] } } });
    if (left === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  clearInterval(progress);
  process.stderr.write("\n");
  await worker.stop();
  const failed = await db.prisma.outbox.count({ where: { broadcastId: draft.id, state: { notIn: ["delivered"] } } });
  const report = await api.close();
  await db.close();
  return tally(`Outbox, ${perSecond}/s`, report, startedAt, `queued ${queued.enqueued} in ${queueSeconds.toFixed(1)} s; not delivered rows ${failed}`);
}

async function loopRun(): Promise<Result> {
  const api = await startStandIn({ limit: LIMIT, retryAfter: RETRY_AFTER, latencyMs: LATENCY });
  const client = new Api(TOKEN, { apiRoot: api.apiRoot });
  // The plugin's defaults, as grammY's docs recommend it for broadcasts.
  client.config.use(autoRetry());
  let errors = 0;
  const startedAt = Date.now();
  const progress = setInterval(() => process.stderr.write(`\r  grammY loop: ${api.accepted()}/${RECIPIENTS}   `), 5000);
  for (let index = 0; index < RECIPIENTS; index++) {
    try {
      await client.sendMessage(FIRST_CHAT + index, TEXT);
    } catch {
      errors++;
    }
  }
  clearInterval(progress);
  process.stderr.write("\n");
  return tally("grammY loop + auto-retry", await api.close(), startedAt, `errors thrown ${errors}`);
}

const results: Result[] = [];
console.log(`Broadcast to ${RECIPIENTS} recipients; stand-in: ≤ ${LIMIT} messages in any 1-s window, 429 retry_after ${RETRY_AFTER} s, latency ${LATENCY} ms`);
for (const rate of RATES) results.push(await productRun(rate));
if (!args["skip-loop"]) results.push(await loopRun());

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
console.log("");
console.log(["path".padEnd(26), "sent".padStart(6), "time, s".padStart(8), "rate/s".padStart(7), "of limit".padStart(9), "max/1s".padStart(7), "dupl.".padStart(6), "lost".padStart(5), "429s".padStart(6)].join(" "));
for (const result of results) {
  console.log(
    [
      result.path.padEnd(26),
      String(result.sent).padStart(6),
      result.seconds.toFixed(1).padStart(8),
      result.rate.toFixed(2).padStart(7),
      pct(result.rate / LIMIT).padStart(9),
      String(result.maxInAnySecond).padStart(7),
      String(result.duplicates).padStart(6),
      String(result.losses).padStart(5),
      String(result.tooMany).padStart(6),
    ].join(" "),
  );
}
for (const result of results) if (result.note) console.log(`  ${result.path}: ${result.note}`);
const loop = results.find((result) => result.path.startsWith("grammY"));
console.log("");
for (const result of results.filter((entry) => entry !== loop)) {
  const goal = result.rate / LIMIT >= 0.95 && result.duplicates === 0 && result.losses === 0;
  console.log(
    `${result.path}: ${pct(result.rate / LIMIT)} of the limit (goal ≥ 95 %) — ${goal ? "goal met" : "goal NOT met"}` +
      (loop ? `; rate ${(result.rate / loop.rate).toFixed(2)}× the grammY loop's, 429s ${result.tooMany} vs ${loop.tooMany}` : ""),
  );
}
