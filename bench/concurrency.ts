// Prints answers per second and the p95 wait (update queued → the next question on screen) with 100
// teachers answering at once through Telegram long polling (pollTelegram: @grammyjs/runner, each
// chat in order), on PGlite and, when TEST_DATABASE_URL is set, on PostgreSQL. Compared with the
// same run handled one update at a time here, and with the landed one-at-a-time figures of issue #10
// (37.6 answers/s on PGlite, 48 on PostgreSQL). The stand-in Bot API answers after BENCH_API_MS
// (default 50 ms, a round trip to Telegram): one at a time, every update also waits for the network.
// Run: npm run bench:concurrency   (BENCH_TEACHERS, BENCH_ANSWERS, BENCH_API_MS to change the load)
import type { InlineKeyboardMarkup, Update } from "grammy/types";
import { openDatabase, type Database } from "../prisma/db.ts";
import { migrate } from "../prisma/migrate.ts";
import { pollTelegram } from "../bot/channels/telegram.ts";
import type { PollingEvents } from "../bot/channels/polling.ts";
import { makeDistrict } from "../tests/support/district.ts";
import { openTestDatabase } from "../tests/support/db.ts";
import { callbackUpdate, ChatUser, FakeTelegram, makeTestBot } from "../tests/support/telegram.ts";

const TEACHERS = Number(process.env.BENCH_TEACHERS ?? 100);
const ANSWERS = Number(process.env.BENCH_ANSWERS ?? 8);
const API_MS = Number(process.env.BENCH_API_MS ?? 50);
const OLD = { pglite: 37.6, postgres: 48 } as const;
const ANSWER_TEXTS = new Set(["Нет", "Скорее нет", "Скорее да", "Да"]);
const quiet: PollingEvents = { connected: () => undefined, failed: () => undefined, tokenRefused: () => undefined };

const p95 = (samples: number[]) => [...samples].sort((a, b) => a - b)[Math.min(samples.length - 1, Math.floor(0.95 * samples.length))] ?? 0;

/** Each teacher presses the next answer as soon as the question is on screen; returns the figures. */
async function run(db: Database, concurrency: number, answers: number, firstId: number) {
  const { schools, invite } = await makeDistrict(db);
  const telegram = new FakeTelegram();
  const queue: Update[] = [];
  let wake: (() => void) | undefined;
  const waits: number[] = [];
  const queuedAt = new Map<number, number>();
  const left = new Map<number, number>();
  let measuring = false;
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));

  const pressNext = (chatId: number, markup: InlineKeyboardMarkup | undefined, messageId: number) => {
    const remaining = left.get(chatId) ?? 0;
    const button = markup?.inline_keyboard.flat().find((candidate) => ANSWER_TEXTS.has(candidate.text));
    if (remaining <= 0 || !button || !("callback_data" in button)) {
      left.delete(chatId);
      if (left.size === 0) done();
      return;
    }
    left.set(chatId, remaining - 1);
    queuedAt.set(chatId, performance.now());
    queue.push(callbackUpdate(chatId, button.callback_data!, messageId));
    wake?.();
  };

  const fetch = async (url: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const method = String(url).split("/").pop()!;
    if (method === "getUpdates") {
      if (!queue.length) await new Promise<void>((resolve) => ((wake = resolve), setTimeout(resolve, 100)));
      wake = undefined;
      const { limit } = JSON.parse(String(init?.body ?? "{}")) as { limit?: number };
      return Response.json({ ok: true, result: queue.splice(0, limit ?? 100) });
    }
    if (measuring && API_MS > 0) await new Promise((resolve) => setTimeout(resolve, API_MS));
    const response = await telegram.fetch(url, init);
    if (measuring && (method === "sendMessage" || method === "editMessageText")) {
      const payload = JSON.parse(String(init?.body ?? "{}"));
      const chatId = Number(payload.chat_id);
      const since = queuedAt.get(chatId);
      if (since !== undefined) {
        queuedAt.delete(chatId);
        waits.push(performance.now() - since);
        const messageId = method === "editMessageText" ? Number(payload.message_id) : Number((await response.clone().json()).result.message_id);
        pressNext(chatId, payload.reply_markup, messageId);
      }
    }
    return response;
  };

  const bot = makeTestBot(db, { fetch } as unknown as FakeTelegram);
  const users: ChatUser[] = [];
  for (let index = 0; index < TEACHERS; index++) {
    const user = new ChatUser(bot, telegram, firstId + index);
    await user.send(`/start ${await invite("teacher", schools[0]!.id)}`);
    await user.press("Согласен(на)");
    await user.send("/diagnostic");
    users.push(user);
  }
  const polling = pollTelegram(bot, quiet, { concurrency });
  measuring = true;
  const started = performance.now();
  for (const user of users) {
    left.set(user.id, answers);
    const { messageId } = user.keyboardMessage();
    pressNext(user.id, telegram.toChat(user.id).at(-1)?.payload.reply_markup, messageId);
  }
  await finished;
  const seconds = (performance.now() - started) / 1000;
  await polling.stop();
  // The last answers' handlers finish after their question is on screen (state, acknowledgement).
  await new Promise((resolve) => setTimeout(resolve, 1000 + 4 * API_MS));
  return { answers: waits.length, perSecond: waits.length / seconds, p95: p95(waits), seconds };
}

async function figures(kind: "pglite" | "postgres", open: () => Promise<Database>) {
  const serial = await open();
  const one = await run(serial, 1, Math.max(2, Math.round(ANSWERS / 3)), 300_000);
  await serial.close();
  const parallel = await open();
  const many = await run(parallel, 500, ANSWERS, 400_000);
  await parallel.close();
  const fmt = (value: number, digits = 1) => value.toFixed(digits);
  console.log(
    `${kind === "pglite" ? "PGlite    " : "PostgreSQL"}  one at a time: ${fmt(one.perSecond)} answers/s, p95 wait ${fmt(one.p95 / 1000, 2)} s ` +
      `(${one.answers} answers)\n` +
      `            concurrent:    ${fmt(many.perSecond)} answers/s, p95 wait ${fmt(many.p95, 0)} ms (${many.answers} answers in ${fmt(many.seconds)} s)\n` +
      `            ratio: ${fmt(many.perSecond / OLD[kind], 2)}× the landed one-at-a-time ${OLD[kind]} answers/s; ` +
      `${fmt(many.perSecond / one.perSecond, 2)}× one at a time on this machine; p95 wait ${fmt(one.p95 / many.p95, 1)}× shorter`,
  );
}

console.log(
  `Concurrency: ${TEACHERS} teachers answering at once, ${ANSWERS} answers each, Telegram long polling (pollTelegram), ` +
    `Bot API stand-in answering in ${API_MS} ms`,
);
await figures("pglite", async () => {
  // The pool size `npm start` gives PGlite (server/config.ts), unless a run sets another to compare.
  const db = await openDatabase({ dataDir: "memory://", sharedBuffersMb: Number(process.env.PGLITE_SHARED_BUFFERS_MB ?? 16) });
  await migrate(db);
  return db;
});
if (process.env.TEST_DATABASE_URL) await figures("postgres", () => openTestDatabase());
else console.log("PostgreSQL: set TEST_DATABASE_URL to measure it too.");
