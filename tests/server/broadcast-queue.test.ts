// District broadcasts through the real send queue (#14 §5, §8): a local Bot API stand-in (a real
// HTTP server) that enforces a rate and answers 429 with retry_after beyond it; a worker frozen
// mid-broadcast and a second one after its lease; a stop and a restart; 403 → blocked in the
// report; one message to a person with both messengers; buttons and files in Telegram and MAX.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { Api } from "grammy";
import { Bot as MaxBotClient } from "@maxhub/max-bot-api";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../prisma/db.ts";
import { PrismaAdminRepository } from "../../prisma/admin.ts";
import { PrismaRepository } from "../../prisma/repository.ts";
import { managementContext } from "../../prisma/management.ts";
import { diskFileStore } from "../../files/store.ts";
import { broadcastReport, createBroadcast, sendBroadcast, type BroadcastsContext } from "../../core/services/broadcasts.ts";
import type { BroadcastInput } from "../../core/management/broadcasts.ts";
import { maxSender, OutboxWorker, telegramSender, type OutboxOptions, type Sender } from "../../server/outbox.ts";
import { openTestDatabase } from "../support/db.ts";
import { makeDistrict } from "../support/district.ts";
import { seedPeople, type SeededPerson } from "../support/broadcast-people.ts";
import { RateLimitedBotApi } from "../support/broadcast-bot-api.ts";
import { FakeTelegram, MAX_TEST_TOKEN, TEST_TOKEN } from "../support/telegram.ts";
import { FakeMax, maxBotInfo } from "../support/max.ts";

let db: Database;
let ctx: BroadcastsContext;
const files = diskFileStore(fs.mkdtempSync(path.join(os.tmpdir(), "shnor-bc-files-")));
const standIns: RateLimitedBotApi[] = [];

beforeAll(async () => {
  db = await openTestDatabase();
  ctx = {
    admin: new PrismaAdminRepository(db.prisma),
    repo: new PrismaRepository(db.prisma),
    clock: { now: () => new Date() },
    randomBytes: (size) => randomBytes(size),
    management: managementContext(db.prisma, files),
  };
}, 120_000);
afterAll(async () => {
  for (const standIn of standIns) await standIn.close();
  await db?.close();
});
beforeEach(async () => {
  await db.prisma.channelThrottle.deleteMany();
  // Each test's worker takes every due row: none of another test's is left.
  await db.prisma.outbox.deleteMany();
});

async function standIn(options: ConstructorParameters<typeof RateLimitedBotApi>[0]) {
  const api = new RateLimitedBotApi(options);
  await api.start();
  standIns.push(api);
  return api;
}

/** A district with people; returns its id and the teachers' chats. */
async function district(people: SeededPerson[]) {
  const made = await makeDistrict(db, { schools: 1 });
  await seedPeople(db, made.district.id, people.map((person) => ({ ...person, schoolId: person.schoolId === undefined ? made.schools[0]!.id : person.schoolId })));
  return made.district.id;
}

const teachers = (from: number, count: number): SeededPerson[] =>
  Array.from({ length: count }, (_, index) => ({ role: "teacher" as const, schoolId: undefined as never, telegram: from + index }));

async function broadcast(districtId: string, input: Partial<BroadcastInput> = {}) {
  const draft = await createBroadcast(ctx, null, {
    district: districtId,
    broadcast: { text: "Совещание в четверг в 10:00", target: { roles: ["teacher"], schools: { kind: "all" } }, ...input },
  });
  const sent = await sendBroadcast(ctx, null, { broadcast: draft.id });
  return sent;
}

const telegramTo = (api: RateLimitedBotApi) => telegramSender(new Api(TEST_TOKEN, { apiRoot: api.apiRoot }), undefined);

async function until(condition: () => Promise<boolean> | boolean, ms: number) {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const unsent = (broadcastId: string) => db.prisma.outbox.count({ where: { broadcastId, state: { in: ["pending", "sending"] } } });

/** Runs a worker until the broadcast has nothing left to send. */
async function drain(senders: Partial<Record<"telegram" | "max", Sender>>, broadcastId: string, options: OutboxOptions = {}, ms = 30_000) {
  const worker = new OutboxWorker(db, senders, { files, ...options });
  worker.start(10);
  try {
    await until(async () => (await unsent(broadcastId)) === 0, ms);
  } finally {
    await worker.stop();
  }
}

describe("рассылка через очередь и Bot API с лимитом", () => {
  it("при лимите 3/с и 429 сверх него каждый получает ровно одно сообщение, ни в одну секунду не больше лимита", async () => {
    const districtId = await district(teachers(10_000, 24));
    // Far below the worker's pace (even on a loaded machine), so the 429s do come.
    const api = await standIn({ limit: 3, retryAfter: 1 });
    const sent = await broadcast(districtId);
    expect(sent.enqueued).toBe(24);
    // The worker is set faster than the stand-in allows: it must live with the 429s.
    await drain({ telegram: telegramTo(api) }, sent.id, { perSecond: 25 });
    const perChat = api.perChat();
    expect(perChat.size).toBe(24);
    expect([...perChat.values()].every((count) => count === 1)).toBe(true);
    expect(api.tooMany).toBeGreaterThan(0);
    expect(api.maxInAnySecond()).toBeLessThanOrEqual(3);
    const report = await broadcastReport(ctx, null, { broadcast: sent.id });
    expect(report.counts).toEqual({ queued: 0, delivered: 24, blocked: 0, failed: 0 });
    expect(report.inProgress).toBe(false);
  }, 60_000);

  it("работник завис посреди рассылки: второй забирает его строки после аренды — без повторов и потерь; проснувшийся ничего не шлёт", async () => {
    const districtId = await district(teachers(20_000, 30));
    const api = await standIn({ limit: 1000 });
    const sent = await broadcast(districtId);
    // Worker A freezes (as a process stopped by the OS) in its 4th pacing wait, its lease never
    // renewed by the timer; slow pacing (2/s) makes every row wait, so the freeze point is certain.
    let waits = 0;
    let thaw: () => void = () => undefined;
    const frozen = new Promise<void>((resolve) => (thaw = resolve));
    const a = new OutboxWorker(db, { telegram: telegramTo(api) }, {
      files,
      perSecond: 2,
      leaseMs: 400,
      renewEveryMs: 600_000,
      sleep: async (ms) => {
        if (++waits >= 4) return frozen;
        await new Promise((resolve) => setTimeout(resolve, ms));
      },
    });
    const ticking = a.tick();
    await until(() => waits >= 4, 15_000);
    await new Promise((resolve) => setTimeout(resolve, 600));
    const sentByA = api.accepted.length;
    expect(sentByA).toBeGreaterThan(0);
    expect(sentByA).toBeLessThan(30);
    expect(await db.prisma.outbox.count({ where: { broadcastId: sent.id, state: "sending" } })).toBeGreaterThan(0);
    // Worker B after A's lease ran out.
    await drain({ telegram: telegramTo(api) }, sent.id, { perSecond: 25 });
    thaw();
    await ticking;
    await new Promise((resolve) => setTimeout(resolve, 200));
    const perChat = api.perChat();
    expect(perChat.size).toBe(30);
    expect([...perChat.values()].filter((count) => count !== 1)).toEqual([]);
    expect((await broadcastReport(ctx, null, { broadcast: sent.id })).counts.delivered).toBe(30);
  }, 60_000);

  it("остановка посреди рассылки и запуск заново: без повторов и потерь", async () => {
    const districtId = await district(teachers(30_000, 30));
    const api = await standIn({ limit: 1000 });
    const sent = await broadcast(districtId);
    const first = new OutboxWorker(db, { telegram: telegramTo(api) }, { files, perSecond: 25 });
    first.start(10);
    await until(() => api.accepted.length >= 8, 10_000);
    await first.stop();
    const before = api.accepted.length;
    expect(before).toBeLessThan(30);
    await drain({ telegram: telegramTo(api) }, sent.id, { perSecond: 25 });
    const perChat = api.perChat();
    expect(perChat.size).toBe(30);
    expect([...perChat.values()].filter((count) => count !== 1)).toEqual([]);
  }, 60_000);

  it("сбой между черновиком и постановкой в очередь оставляет черновик; повторная отправка ставит один раз", async () => {
    const districtId = await district(teachers(40_000, 3));
    const draft = await createBroadcast(ctx, null, { district: districtId, broadcast: { text: "Проверка", target: { roles: ["teacher"], schools: { kind: "all" } } } });
    const broken: BroadcastsContext = {
      ...ctx,
      management: {
        ...ctx.management,
        broadcasts: Object.assign(Object.create(ctx.management.broadcasts), {
          queue: async () => {
            throw new Error("the process died");
          },
        }),
      },
    };
    await expect(sendBroadcast(broken, null, { broadcast: draft.id })).rejects.toThrow("the process died");
    expect((await db.prisma.broadcast.findUniqueOrThrow({ where: { id: draft.id } })).state).toBe("draft");
    expect(await db.prisma.outbox.count({ where: { broadcastId: draft.id } })).toBe(0);
    const [once, twice] = [await sendBroadcast(ctx, null, { broadcast: draft.id }), await sendBroadcast(ctx, null, { broadcast: draft.id })];
    expect(once).toMatchObject({ state: "queued", enqueued: 3, alreadyQueued: false });
    expect(twice).toMatchObject({ alreadyQueued: true, enqueued: 0 });
    expect(await db.prisma.outbox.count({ where: { broadcastId: draft.id } })).toBe(3);
  });

  it("403: получатель отмечен заблокировавшим в отчёте и в аккаунте; человек с двумя мессенджерами получает одно сообщение", async () => {
    const districtId = await district([
      ...teachers(50_000, 3),
      { role: "teacher", schoolId: undefined as never, telegram: 50_010, max: 59_010, name: "Оба мессенджера" },
    ]);
    const api = await standIn({ limit: 1000, blocked: ["50001"] });
    const max = new FakeMax();
    const maxBot = new MaxBotClient(MAX_TEST_TOKEN, { clientOptions: { baseUrl: "http://max.test", fetch: max.fetch as typeof fetch } });
    maxBot.botInfo = maxBotInfo as never;
    const sent = await broadcast(districtId);
    expect(sent.recipients).toBe(4);
    await drain({ telegram: telegramTo(api), max: maxSender(maxBot, undefined, max.fetch as typeof fetch) }, sent.id);
    const report = await broadcastReport(ctx, null, { broadcast: sent.id });
    expect(report.counts).toEqual({ queued: 0, delivered: 3, blocked: 1, failed: 0 });
    expect(report.undelivered).toEqual([expect.objectContaining({ state: "blocked", error: expect.stringMatching(/^403/) })]);
    expect((await db.prisma.account.findFirstOrThrow({ where: { channel: "telegram", externalId: "50001" } })).blockedAt).not.toBeNull();
    // The person with both messengers: one message, in the messenger they used last (MAX here).
    expect(api.perChat().get("50010")).toBeUndefined();
    expect(max.toChat(59_010)).toHaveLength(1);
    expect(api.perChat().size).toBe(2);
  }, 60_000);
});

describe("кнопки и файлы в обоих мессенджерах", () => {
  const PUBLIC_URL = "https://shnor.example.org/app";
  const buttons = [[{ text: "Принято", data: "rc:ack:r1" }, { text: "Нужна помощь", data: "rm:help:e1" }]];
  const pdf = new TextEncoder().encode("%PDF-1.4 приказ о совещании");

  async function row(channel: "telegram" | "max", chatId: string, text: string, extra: { file?: boolean; buttons?: boolean; appStart?: string } = {}) {
    if (extra.file) await files.put("broadcasts/test_file1", pdf, "application/pdf");
    await new PrismaRepository(db.prisma).enqueue([
      {
        dedupeKey: `render:${channel}:${chatId}:${Math.random()}`,
        personId: "p",
        channel,
        chatId,
        text,
        ...(extra.buttons ? { buttons } : {}),
        ...(extra.file ? { file: { key: "broadcasts/test_file1", name: "Приказ.pdf", mimeType: "application/pdf" } } : {}),
        ...(extra.appStart ? { appStart: extra.appStart } : {}),
      },
    ]);
  }

  function telegramWorker() {
    const telegram = new FakeTelegram();
    const worker = new OutboxWorker(db, { telegram: telegramSender(new Api(TEST_TOKEN, { fetch: telegram.fetch as typeof fetch }), PUBLIC_URL) }, { files, perSecond: 1000 });
    return { telegram, worker };
  }

  it("Telegram: кнопки действий (callback_data) и кнопка приложения; файл — документом с подписью", async () => {
    const { telegram, worker } = telegramWorker();
    await row("telegram", "7001", "Рекомендация школе", { buttons: true, appStart: "recs" });
    await row("telegram", "7002", "Приказ о совещании", { file: true, buttons: true });
    expect(await worker.tick()).toBe(2);
    const message = telegram.calls.find((call) => call.method === "sendMessage")!;
    expect(message.payload.reply_markup.inline_keyboard).toEqual([
      [
        { text: "Принято", callback_data: "rc:ack:r1" },
        { text: "Нужна помощь", callback_data: "rm:help:e1" },
      ],
      [{ text: expect.any(String), web_app: { url: `${PUBLIC_URL}?start=recs` } }],
    ]);
    const [document] = telegram.documents(7002);
    // The fake reads multipart as latin1: the name's UTF-8 bytes are decoded here.
    expect(Buffer.from(document!.filename, "latin1").toString("utf8")).toBe("Приказ.pdf");
    expect(document!.caption).toBe("Приказ о совещании");
    expect(Buffer.from(document!.bytes).equals(Buffer.from(pdf))).toBe(true);
    const sendDocument = telegram.calls.find((call) => call.method === "sendDocument")!;
    expect(JSON.parse(sendDocument.payload.reply_markup).inline_keyboard[0][0]).toEqual({ text: "Принято", callback_data: "rc:ack:r1" });
    expect(telegram.toChat(7002)).toHaveLength(0);
  });

  it("Telegram: текст длиннее подписи идёт сообщением, затем документ; повтор после сбоя документа не шлёт текст второй раз", async () => {
    const { telegram, worker } = telegramWorker();
    const long = "Очень длинное объявление. ".repeat(60);
    expect(long.length).toBeGreaterThan(1024);
    await row("telegram", "7003", long, { file: true });
    telegram.failures.set("sendDocument", [{ error_code: 500, description: "Internal Server Error" }]);
    await worker.tick();
    const stored = await db.prisma.outbox.findFirstOrThrow({ where: { chatId: "7003" } });
    expect(stored.state).toBe("pending");
    await db.prisma.outbox.update({ where: { id: stored.id }, data: { nextAttemptAt: new Date(Date.now() - 1000) } });
    await worker.tick();
    expect(telegram.toChat(7003).map((call) => call.payload.text)).toEqual([long]);
    const documents = telegram.calls.filter((call) => call.method === "sendDocument");
    expect(documents.map((call) => call.result !== undefined)).toEqual([false, true]);
    expect(documents[1]!.payload.caption).toBeUndefined();
    expect((await db.prisma.outbox.findUniqueOrThrow({ where: { id: stored.id } })).state).toBe("delivered");
  });

  it("MAX: кнопки callback с payload = data и кнопка приложения; файл загружается и уходит вложением с текстом", async () => {
    const max = new FakeMax();
    const maxBot = new MaxBotClient(MAX_TEST_TOKEN, { clientOptions: { baseUrl: "http://max.test", fetch: max.fetch as typeof fetch } });
    maxBot.botInfo = maxBotInfo as never;
    const worker = new OutboxWorker(db, { max: maxSender(maxBot, PUBLIC_URL, max.fetch as typeof fetch) }, { files, perSecond: 1000 });
    await row("max", "8001", "Приказ о совещании", { file: true, buttons: true, appStart: "recs" });
    expect(await worker.tick()).toBe(1);
    const [sent] = max.toChat(8001);
    const attachments = sent!.call.body.attachments as any[];
    const keyboard = attachments.find((attachment) => attachment.type === "inline_keyboard");
    expect(keyboard.payload.buttons).toEqual([
      [
        { type: "callback", text: "Принято", payload: "rc:ack:r1" },
        { type: "callback", text: "Нужна помощь", payload: "rm:help:e1" },
      ],
      [expect.objectContaining({ type: "open_app", web_app: maxBotInfo.username, payload: "recs" })],
    ]);
    const [document] = max.documents(8001);
    expect(document).toMatchObject({ filename: "Приказ.pdf", caption: "Приказ о совещании" });
    expect(Buffer.from(document!.bytes).equals(Buffer.from(pdf))).toBe(true);
  });

  it("файла нет в хранилище: строка не доставлена (failed), текст без файла не уходит", async () => {
    const { telegram, worker } = telegramWorker();
    await new PrismaRepository(db.prisma).enqueue([
      { dedupeKey: "render:missing", personId: "p", channel: "telegram", chatId: "7009", text: "x", file: { key: "broadcasts/none_gone", name: "a.pdf", mimeType: "application/pdf" } },
    ]);
    await worker.tick();
    expect((await db.prisma.outbox.findUniqueOrThrow({ where: { dedupeKey: "render:missing" } })).state).toBe("failed");
    expect(telegram.calls.filter((call) => call.method.startsWith("send"))).toEqual([]);
  });
});
