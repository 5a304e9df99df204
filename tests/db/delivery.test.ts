// The send queue and the calendar on a real database (PGlite, or PostgreSQL with TEST_DATABASE_URL).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../prisma/db.ts";
import { PrismaRepository } from "../../prisma/repository.ts";
import { OutboxWorker, SendError } from "../../server/outbox.ts";
import { runOnce, hourSlot } from "../../server/scheduler.ts";
import { planDiagnosticReminders } from "../../core/services/reminders.ts";
import { openTestDatabase } from "../support/db.ts";
import { makeDistrict } from "../support/district.ts";
import { ChatUser, FakeTelegram, makeTestBot } from "../support/telegram.ts";

let db: Database;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => {
  await db?.close();
});
// A 429 in one test pauses the channel (in the database) for the next one.
beforeEach(async () => {
  await db.prisma.channelThrottle.deleteMany();
});

const enqueue = (repo: PrismaRepository, count: number, prefix: string) =>
  repo.enqueue(
    Array.from({ length: count }, (_, index) => ({
      dedupeKey: `${prefix}:${index}`,
      personId: "p",
      channel: "telegram" as const,
      chatId: String(index),
      text: `сообщение ${index}`,
    })),
  );

describe("очередь отправки", () => {
  it("повтор ключа не ставит сообщение второй раз; каждое доставляется ровно один раз", async () => {
    const repo = new PrismaRepository(db.prisma);
    expect(await enqueue(repo, 30, "once")).toBe(30);
    expect(await enqueue(repo, 30, "once")).toBe(0);
    const sent: string[] = [];
    const sender = async (chatId: string) => {
      sent.push(chatId);
    };
    // Two workers over one table, as two instances would be.
    const a = new OutboxWorker(db, { telegram: sender }, { perSecond: 1000 });
    const b = new OutboxWorker(db, { telegram: sender }, { perSecond: 1000 });
    await Promise.all([a.tick(), b.tick()]);
    await Promise.all([a.tick(), b.tick()]);
    expect(sent.sort()).toEqual(Array.from({ length: 30 }, (_, index) => String(index)).sort());
    expect(await db.prisma.outbox.count({ where: { dedupeKey: { startsWith: "once:" }, state: "delivered" } })).toBe(30);
  });

  it("429 откладывает на retry_after, 403 помечает «заблокирован»", async () => {
    const repo = new PrismaRepository(db.prisma);
    // One at a time: after the 429 the whole channel waits, so the order would decide the outcome.
    await enqueue(repo, 1, "fail");
    const worker = new OutboxWorker(db, {
      telegram: async (chatId) => {
        if (chatId === "1") throw new SendError({ code: 429, retryAfterSeconds: 30, description: "Too Many Requests" });
        throw new SendError({ code: 403, description: "Forbidden: bot was blocked by the user" });
      },
    });
    await worker.tick();
    await enqueue(repo, 2, "fail");
    const before = Date.now();
    await worker.tick();
    const rows = await db.prisma.outbox.findMany({ where: { dedupeKey: { startsWith: "fail:" } }, orderBy: { dedupeKey: "asc" } });
    expect(rows[1]).toMatchObject({ state: "pending", attempts: 1 });
    expect(rows[1]!.lastError).toMatch(/^429/);
    expect(rows[1]!.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(before + 30_000);
    expect(rows[0]).toMatchObject({ state: "blocked" });
    expect(rows[0]!.lastError).toMatch(/blocked/);
  });

  it("строка, застрявшая в «sending» после падения процесса, возвращается в работу", async () => {
    const repo = new PrismaRepository(db.prisma);
    await enqueue(repo, 1, "crash");
    await db.prisma.outbox.updateMany({
      where: { dedupeKey: "crash:0" },
      // What a worker killed mid-send leaves: its token, and a lease that ran out.
      data: { state: "sending", claimToken: "dead-worker", leaseUntil: new Date(Date.now() - 1) },
    });
    const sent: string[] = [];
    await new OutboxWorker(db, { telegram: async (chatId) => void sent.push(chatId) }).tick();
    expect(sent).toEqual(["0"]);
  });
});

describe("календарь", () => {
  it("задача не срабатывает дважды в одном слоте", async () => {
    let runs = 0;
    const job = { name: "test-job", schedule: "* * * * *", slot: hourSlot, run: async () => String(++runs) };
    const now = new Date("2026-02-01T07:05:00Z");
    const results = await Promise.all([runOnce(db, job, now), runOnce(db, job, now), runOnce(db, job, now)]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(runs).toBe(1);
    expect(await runOnce(db, job, new Date("2026-02-01T08:05:00Z"))).toBe(true);
  });

  it("напоминает не закончившим учителям один раз в день в 10 часов по времени района", async () => {
    const { schools, invite } = await makeDistrict(db);
    const telegram = new FakeTelegram();
    const bot = makeTestBot(db, telegram);
    const started = new ChatUser(bot, telegram, 9001);
    await started.send(`/start ${await invite("teacher", schools[0]!.id)}`);
    await started.press("Согласен(на)");
    await started.send("/diagnostic");
    await started.press("Да");
    const idle = new ChatUser(bot, telegram, 9002);
    await idle.send(`/start ${await invite("teacher", schools[1]!.id)}`);
    await idle.press("Согласен(на)");
    const noConsent = new ChatUser(bot, telegram, 9003);
    await noConsent.send(`/start ${await invite("teacher", schools[1]!.id)}`);

    const repo = new PrismaRepository(db.prisma);
    const at = (iso: string) => ({ repo, clock: { now: () => new Date(iso) } });
    // 07:05 UTC is 10:05 in Moscow.
    expect((await planDiagnosticReminders(at(new Date().toISOString().slice(0, 10) + "T06:05:00Z"))).enqueued).toBe(0);
    const today = new Date().toISOString().slice(0, 10);
    const first = await planDiagnosticReminders(at(`${today}T07:05:00Z`));
    expect(first.enqueued).toBe(2);
    expect((await planDiagnosticReminders(at(`${today}T07:35:00Z`))).enqueued).toBe(0);
    const texts = (await db.prisma.outbox.findMany({ where: { dedupeKey: { startsWith: "diag-remind:" } } })).map((row) => row.text);
    expect(texts.some((text) => text.includes("вы ответили на 1 из 24"))).toBe(true);
    expect(texts.some((text) => text.includes("Начать: /diagnostic"))).toBe(true);
  });
});
