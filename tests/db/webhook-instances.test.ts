// Webhook mode with two instances on one database (issue #16 §2): updates of several chats arrive
// interleaved at both instances over HTTP, a good share of them delivered twice (to the other
// instance, some at the same moment); the real handlers run (teachers answer the diagnostic) and
// every update is handled exactly once, each chat's in order. Also: a wrong secret stores nothing, a
// slow handler never holds the HTTP answer, and an instance killed with updates pending loses none.
// On PGlite the two instances share the Database object; on PostgreSQL (TEST_DATABASE_URL) the
// second one opens its own connections to the same database, and the chats' locks are advisory locks.
import { randomBytes } from "node:crypto";
import http from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Update } from "grammy/types";
import { startServer, type RunningServer } from "../../server/app.ts";
import { loadConfig } from "../../server/config.ts";
import { openDatabase, type Database } from "../../prisma/db.ts";
import { giveConsent, redeemInvite } from "../../core/services/onboarding.ts";
import { ru } from "../../core/messages/bot.ts";
import { teacherDiagnosticV1 } from "../../core/instruments/teacher-diagnostic.ts";
import { openTestDatabase, onPostgres } from "../support/db.ts";
import { makeDistrict } from "../support/district.ts";
import { botInfo, FakeTelegram, MAX_TEST_TOKEN, TEST_TOKEN } from "../support/telegram.ts";
import { FakeMax, maxBotInfo } from "../support/max.ts";

const SECRET = "webhook_test_secret_0123456789";
/** The first half of the diagnostic: enough updates per chat to show their order. */
const QUESTIONS = teacherDiagnosticV1.questions.slice(0, 12);

let db: Database;
let dbB: Database;
let a: RunningServer;
let b: RunningServer;
let invite: Awaited<ReturnType<typeof makeDistrict>>["invite"];
let schoolId: string;
const telegram = new FakeTelegram();
const max = new FakeMax();

/** Every Bot API call with the time it was made, and which instance made it. */
const made: Array<{ at: number; instance: "a" | "b"; method: string; chat?: number; callback?: string }> = [];
/** Chats whose calls take this long (a slow handler), per instance. */
const slow = { a: new Map<number, number>(), b: new Map<number, number>() };
/** Chats whose calls never come back on this instance (it hangs in the handler), and whether one was made. */
const hung = { a: new Set<number>(), b: new Set<number>() };
const hangs: Array<{ instance: "a" | "b"; chat: number }> = [];
const never = (signal: AbortSignal | null | undefined) =>
  new Promise<Response>((_, reject) => signal?.addEventListener("abort", () => reject(new Error("aborted")), { once: true }));
const killed = { a: false, b: false };
/** Callback id → chat (acks carry only the callback id). */
const callbackChat = new Map<string, number>();

function telegramFetch(instance: "a" | "b"): typeof fetch {
  return (async (url: string | URL | Request, init?: RequestInit) => {
    const method = String(url).split("/").pop()!;
    const payload = typeof init?.body === "string" ? JSON.parse(init.body) : {};
    const chat = payload.chat_id !== undefined ? Number(payload.chat_id) : callbackChat.get(String(payload.callback_query_id));
    const delay = chat === undefined ? 0 : (slow[instance].get(chat) ?? 0);
    if (delay) await sleep(delay);
    if (chat !== undefined && hung[instance].has(chat)) {
      hangs.push({ instance, chat });
      return never(init?.signal);
    }
    // A killed instance says nothing more: its calls never reach the API.
    if (killed[instance]) return never(init?.signal);
    made.push({ at: Date.now(), instance, method, chat, callback: payload.callback_query_id });
    return telegram.fetch(url, init);
  }) as typeof fetch;
}

async function start(database: Database, instance: "a" | "b", databaseUrl: string | undefined) {
  const config = loadConfig({
    BOT_TOKEN: TEST_TOKEN,
    MAX_BOT_TOKEN: MAX_TEST_TOKEN,
    PORT: "0",
    HOST: "127.0.0.1",
    LOG_LEVEL: "silent",
    BOT_MODE: "webhook",
    PUBLIC_URL: "https://bot.example.ru",
    WEBHOOK_SECRET: SECRET,
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  });
  return startServer(config, {
    db: database,
    polling: false,
    scheduler: false,
    telegram: { botInfo, client: { fetch: telegramFetch(instance) } },
    max: { botInfo: maxBotInfo as never, clientOptions: { baseUrl: "http://max.test", fetch: max.fetch as typeof fetch } },
  });
}

beforeAll(async () => {
  db = await openTestDatabase();
  let databaseUrl: string | undefined;
  if (onPostgres()) {
    const name = (await db.query<{ name: string }>("SELECT current_database() AS name"))[0]!.name;
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    dbB = await openDatabase({ databaseUrl });
  } else {
    dbB = db;
  }
  const district = await makeDistrict(db);
  invite = district.invite;
  schoolId = district.schools[0]!.id;
  a = await start(db, "a", databaseUrl);
  b = await start(dbB, "b", databaseUrl);
}, 60_000);

afterAll(async () => {
  await a?.close();
  await b?.close();
  if (dbB && dbB !== db) await dbB.close();
  await db?.close();
});

/** A teacher who has joined and consented (the invite and consent are not what this test is about). */
async function teacher(channel: "telegram" | "max", externalId: number) {
  const deps = { repo: a.repo, clock: { now: () => new Date() }, randomBytes: (size: number) => randomBytes(size), settings: a.deps.settings };
  const chatId = channel === "max" ? 900_000 + externalId : externalId;
  const { person } = await redeemInvite(deps, await invite("teacher", schoolId), { channel, externalId: String(externalId), chatId: String(chatId), firstName: "Учитель" });
  await giveConsent(deps, person.id);
  return person.id;
}

let updateId = 700_000;
const from = (id: number) => ({ id, is_bot: false, first_name: "Учитель", language_code: "ru" });
const tgText = (chat: number, text: string): Update =>
  ({
    update_id: ++updateId,
    message: {
      message_id: updateId,
      date: Math.floor(Date.now() / 1000),
      chat: { id: chat, type: "private", first_name: "Учитель" },
      from: from(chat),
      text,
      ...(text.startsWith("/") ? { entities: [{ type: "bot_command", offset: 0, length: text.split(" ")[0]!.length }] } : {}),
    },
  }) as Update;
const tgAnswer = (chat: number, question: number): Update => {
  const id = ++updateId;
  callbackChat.set(`cb${id}`, chat);
  return {
    update_id: id,
    callback_query: {
      id: `cb${id}`,
      from: from(chat),
      chat_instance: `ci${chat}`,
      data: `dg:a:${QUESTIONS[question]!.id}:${1 + (question % 4)}`,
      message: { message_id: 1, date: Math.floor(Date.now() / 1000), chat: { id: chat, type: "private", first_name: "Учитель" }, from: botInfo, text: "…" },
    },
  } as Update;
};

let maxClock = 1_900_000_000_000;
const maxUser = (id: number) => ({ user_id: id, first_name: "Учитель", username: null, is_bot: false, last_activity_time: maxClock, name: "Учитель" });
const maxText = (userId: number, text: string) => ({
  update_type: "message_created",
  timestamp: ++maxClock,
  message: {
    sender: maxUser(userId),
    recipient: { chat_id: 900_000 + userId, chat_type: "dialog", user_id: null },
    timestamp: maxClock,
    body: { mid: `in.${maxClock}`, seq: maxClock, text },
  },
  user_locale: "ru",
});
const maxAnswer = (userId: number, question: number) => ({
  update_type: "message_callback",
  timestamp: ++maxClock,
  callback: { timestamp: maxClock, callback_id: `cb.${maxClock}`, payload: `dg:a:${QUESTIONS[question]!.id}:${1 + (question % 4)}`, user: maxUser(userId) },
  message: { recipient: { chat_id: 900_000 + userId, chat_type: "dialog", user_id: null }, timestamp: maxClock, body: { mid: "mid.1", seq: maxClock, text: "…" } },
  user_locale: "ru",
});

/** `secret: null` sends no secret header at all. */
async function post(server: RunningServer, messenger: "telegram" | "max", update: unknown, secret: string | null = SECRET) {
  const header = messenger === "telegram" ? "X-Telegram-Bot-Api-Secret-Token" : "X-Max-Bot-Api-Secret";
  const started = performance.now();
  const response = await fetch(`${server.url}/webhook/${messenger}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(secret === null ? {} : { [header]: secret }) },
    body: JSON.stringify(update),
  });
  await response.arrayBuffer();
  return { status: response.status, ms: performance.now() - started };
}

/** A POST whose answer may come before the body is sent in full (413): the status, whatever happens to the socket after. */
function postRaw(url: string, headers: Record<string, string>, body: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: "POST", headers: { ...headers, "content-type": "application/json", "content-length": body.length } }, (response) => {
      response.resume();
      resolve(response.statusCode!);
    });
    request.on("error", (error) => setTimeout(() => reject(error), 200));
    request.end(body);
  });
}

const pendingCount = async (chatKey?: string) =>
  Number(
    (
      await db.query<{ count: string | number }>(
        `SELECT count(*) AS count FROM "InboundUpdate" WHERE "handledAt" IS NULL${chatKey ? ` AND "chatKey" = $1` : ""}`,
        chatKey ? [chatKey] : [],
      )
    )[0]!.count,
  );
const storedCount = async () => Number((await db.query<{ count: string | number }>(`SELECT count(*) AS count FROM "InboundUpdate"`))[0]!.count);

async function until(condition: () => Promise<boolean> | boolean, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

/** A seeded coin, so a failure can be replayed. */
function coin(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

const handledTotal = () => a.webhooks!.stats.handled + b.webhooks!.stats.handled;

describe("вебхуки: два экземпляра, одна база", () => {
  it("чужой или отсутствующий секрет — 401, ничего не сохранено; большое тело — 413", async () => {
    const before = await storedCount();
    for (const secret of ["not_the_secret_0123456789", null]) {
      expect((await post(a, "telegram", tgText(31_001, "/help"), secret)).status).toBe(401);
      expect((await post(b, "max", maxText(31_002, "/help"), secret)).status).toBe(401);
    }
    const huge = Buffer.from(JSON.stringify({ ...tgText(31_001, "/help"), padding: "x".repeat(1024 * 1024 + 10) }));
    expect(await postRaw(`${a.url}/webhook/telegram`, { "X-Telegram-Bot-Api-Secret-Token": SECRET }, huge)).toBe(413);
    expect(await postRaw(`${b.url}/webhook/max`, { "X-Max-Bot-Api-Secret": SECRET }, huge)).toBe(413);
    expect((await post(a, "telegram", { not: "an update" })).status).toBe(400);
    expect((await post(b, "max", { update_type: "message_created" })).status).toBe(400);
    expect(await storedCount()).toBe(before);
    expect(made.filter((call) => call.chat === 31_001)).toEqual([]);
  });

  it("обновления нескольких чатов вперемешку на оба экземпляра, часть — повторно: каждое обработано один раз, в порядке чата", async () => {
    const tgChats = [41_001, 41_002, 41_003, 41_004];
    const maxUsers = [42_001, 42_002];
    const people = new Map<string, string>();
    for (const chat of tgChats) people.set(`t${chat}`, await teacher("telegram", chat));
    for (const user of maxUsers) people.set(`m${user}`, await teacher("max", user));

    const random = coin(16);
    const deliveries = { unique: 0, repeated: 0, concurrent: 0 };
    const sentAcks = new Map<string, string[]>();
    const deliver = async (messenger: "telegram" | "max", update: unknown) => {
      const first = random() < 0.5 ? a : b;
      const other = first === a ? b : a;
      deliveries.unique++;
      const roll = random();
      if (roll < 0.2) {
        // The messenger retries while the first call is still in flight: both instances at once.
        deliveries.repeated++;
        deliveries.concurrent++;
        const results = await Promise.all([post(first, messenger, update), post(other, messenger, update)]);
        expect(results.map((result) => result.status)).toEqual([200, 200]);
        return;
      }
      expect((await post(first, messenger, update)).status).toBe(200);
      if (roll < 0.45) {
        // Redelivered later to the other instance (the answer was lost on the way back).
        deliveries.repeated++;
        expect((await post(other, messenger, update)).status).toBe(200);
      }
    };
    const chats = [
      ...tgChats.map(async (chat) => {
        const acks: string[] = [];
        sentAcks.set(`t${chat}`, acks);
        await deliver("telegram", tgText(chat, "/diagnostic"));
        for (let question = 0; question < QUESTIONS.length; question++) {
          const update = tgAnswer(chat, question);
          acks.push(update.callback_query!.id);
          await deliver("telegram", update);
        }
      }),
      ...maxUsers.map(async (user) => {
        const acks: string[] = [];
        sentAcks.set(`m${user}`, acks);
        await deliver("max", maxText(user, "/diagnostic"));
        for (let question = 0; question < QUESTIONS.length; question++) {
          const update = maxAnswer(user, question);
          acks.push(update.callback.callback_id);
          await deliver("max", update);
        }
      }),
    ];
    const handledBefore = handledTotal();
    const duplicatesBefore = a.webhooks!.stats.duplicates + b.webhooks!.stats.duplicates;
    await Promise.all(chats);
    expect(deliveries.repeated).toBeGreaterThan(deliveries.unique * 0.3);
    expect(deliveries.concurrent).toBeGreaterThan(5);

    await until(async () => (await pendingCount()) === 0 && handledTotal() - handledBefore === deliveries.unique, 20_000, "every update handled");
    // Every delivery beyond the first was recognised as a redelivery, and nothing was handled twice.
    expect(a.webhooks!.stats.duplicates + b.webhooks!.stats.duplicates - duplicatesBefore).toBe(deliveries.repeated);
    expect(handledTotal() - handledBefore).toBe(deliveries.unique);
    const rows = await db.query<{ attempts: number; lastError: string | null }>(`SELECT "attempts", "lastError" FROM "InboundUpdate" WHERE "chatKey" LIKE '%:4100_' OR "chatKey" LIKE '%:94200_'`);
    expect(rows).toHaveLength(deliveries.unique);
    expect(rows.every((row) => Number(row.attempts) === 1 && row.lastError === null)).toBe(true);
    // Both instances did part of the work.
    expect(a.webhooks!.stats.handled).toBeGreaterThan(10);
    expect(b.webhooks!.stats.handled).toBeGreaterThan(10);

    // The real handlers: each chat's acknowledgements exactly once each and in the order sent, after
    // the first question's screen; the answers saved and the diagnostic finished.
    for (const chat of tgChats) {
      const calls = made.filter((call) => call.chat === chat);
      const acks = calls.filter((call) => call.method === "answerCallbackQuery").map((call) => call.callback);
      expect(acks).toEqual(sentAcks.get(`t${chat}`));
      expect(calls.findIndex((call) => call.method === "sendMessage")).toBeLessThan(calls.findIndex((call) => call.method === "answerCallbackQuery"));
      // The screen after the last answer: the next question.
      expect(telegram.lastText(chat)).toContain(teacherDiagnosticV1.questions[QUESTIONS.length]!.text);
    }
    for (const user of maxUsers) {
      const acks = max.calls.filter((call) => call.path === "answers" && String(call.query.callback_id).startsWith("cb.")).map((call) => call.query.callback_id);
      const mine = acks.filter((id) => sentAcks.get(`m${user}`)!.includes(id!));
      expect(mine).toEqual(sentAcks.get(`m${user}`));
    }
    const responses = await db.prisma.response.findMany({ where: { personId: { in: [...people.values()] } }, include: { answers: true } });
    expect(responses).toHaveLength(people.size);
    for (const response of responses) {
      expect(response.answers.map((answer) => [answer.questionId, answer.value]).sort()).toEqual(
        QUESTIONS.map((question, index) => [question.id, 1 + (index % 4)]).sort(),
      );
    }
  }, 60_000);

  it("медленный обработчик не держит ответ на вебхук, а следующее обновление чата ждёт его", async () => {
    const chat = 43_001;
    await teacher("telegram", chat);
    slow.a.set(chat, 1200);
    slow.b.set(chat, 1200);
    const first = await post(a, "telegram", tgText(chat, "/diagnostic"));
    const posted = Date.now();
    const answer = tgAnswer(chat, 0);
    const second = await post(b, "telegram", answer);
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    // Well under a second (on a loaded test machine too), and long before the handler could finish.
    expect(first.ms).toBeLessThan(1000);
    expect(second.ms).toBeLessThan(1000);
    await until(() => made.some((call) => call.callback === answer.callback_query!.id), 10_000, "the answer handled");
    const calls = made.filter((call) => call.chat === chat);
    const question = calls.findIndex((call) => call.method === "sendMessage");
    const ack = calls.findIndex((call) => call.method === "answerCallbackQuery");
    expect(question).toBeGreaterThanOrEqual(0);
    expect(question).toBeLessThan(ack);
    expect(calls[question]!.at - posted).toBeGreaterThanOrEqual(1100);
    slow.a.delete(chat);
    slow.b.delete(chat);
  }, 20_000);

  it("ошибка обработчика: повтор с паузой; после 5 попыток обновление снято с ошибкой, и чат идёт дальше", async () => {
    const chat = 45_001;
    await teacher("telegram", chat);
    const chatKey = `telegram:${botInfo.id}:${chat}`;
    // The first screen cannot be sent five times running (as when the Bot API refuses it).
    telegram.failures.set("sendMessage", Array.from({ length: 5 }, () => ({ error_code: 400, description: "Bad Request: chat not found" })));
    const updates = [tgText(chat, "/diagnostic"), tgAnswer(chat, 0)];
    expect((await post(a, "telegram", updates[0])).status).toBe(200);
    expect((await post(b, "telegram", updates[1])).status).toBe(200);
    await until(async () => (await pendingCount(chatKey)) === 0, 15_000, "the chat drained");
    const rows = await db.query<{ attempts: number; lastError: string | null }>(
      `SELECT "attempts", "lastError" FROM "InboundUpdate" WHERE "chatKey" = $1 ORDER BY "seq"`,
      [chatKey],
    );
    expect(rows.map((row) => Number(row.attempts))).toEqual([5, 1]);
    // Why, for the admin; never what the person wrote.
    expect(rows[0]!.lastError).toMatch(/^GrammyError 400: .*chat not found/);
    expect(rows[1]!.lastError).toBeNull();
    const calls = made.filter((call) => call.chat === chat);
    // Five refused sends, then the person is told something went wrong (polling's error handler), then the next update.
    expect(calls.filter((call) => call.method === "sendMessage")).toHaveLength(6);
    const sends = telegram.toChat(chat).filter((call) => call.method === "sendMessage");
    expect(sends.slice(0, 5).every((call) => call.result === undefined)).toBe(true);
    expect(sends[5]!.payload.text).toBe(ru.error);
    expect(calls.filter((call) => call.method === "answerCallbackQuery").map((call) => call.callback)).toEqual([updates[1]!.callback_query!.id]);
  }, 30_000);

  it("экземпляр «убит» посреди чата: другой подбирает его обновления по таймеру, ничего не потеряно и не повторено", async () => {
    const chat = 44_001;
    await teacher("telegram", chat);
    // Instance A takes the chat and hangs inside the first update's handler (its first Bot API call).
    hung.a.add(chat);
    const updates = [tgText(chat, "/diagnostic"), tgAnswer(chat, 0), tgAnswer(chat, 1)];
    expect((await post(a, "telegram", updates[0])).status).toBe(200);
    await until(() => hangs.some((hang) => hang.instance === "a" && hang.chat === chat), 10_000, "A inside the handler");
    expect((await post(a, "telegram", updates[1])).status).toBe(200);
    expect((await post(a, "telegram", updates[2])).status).toBe(200);
    // Killed: its lock connections are cut and it makes no more calls or statements.
    killed.a = true;
    a.webhooks!.abandon();
    const chatKey = `telegram:${botInfo.id}:${chat}`;
    expect(await pendingCount(chatKey)).toBe(3);

    // B's sweeper (every 2 s, rows older than 3 s) takes the chat over.
    await until(async () => (await pendingCount(chatKey)) === 0, 12_000, "B's sweeper to drain the killed instance's chat");
    const calls = made.filter((call) => call.chat === chat);
    expect(calls.every((call) => call.instance === "b")).toBe(true);
    expect(calls.filter((call) => call.method === "sendMessage")).toHaveLength(1);
    expect(calls.filter((call) => call.method === "answerCallbackQuery").map((call) => call.callback)).toEqual([
      updates[1]!.callback_query!.id,
      updates[2]!.callback_query!.id,
    ]);
    const rows = await db.query<{ updateKey: string; attempts: number }>(
      `SELECT "updateKey", "attempts" FROM "InboundUpdate" WHERE "chatKey" = $1 ORDER BY "seq"`,
      [chatKey],
    );
    // The first was started by A (its claim left behind, released before B's re-drive), the others only by B.
    expect(rows.map((row) => Number(row.attempts))).toEqual([2, 1, 1]);
  }, 30_000);
});
