// Delivery across messengers: a notice goes once, in the channel the person used last, and each
// channel keeps its own delivery state (issue #7, item 6).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../prisma/db.ts";
import { PrismaRepository } from "../../prisma/repository.ts";
import { OutboxWorker, SendError } from "../../server/outbox.ts";
import { planDiagnosticReminders } from "../../core/services/reminders.ts";
import { openTestDatabase } from "../support/db.ts";
import { makeDistrict } from "../support/district.ts";
import { ChatUser, FakeTelegram, makeTestBot } from "../support/telegram.ts";
import { FakeMax, makeMaxBot, MaxUser } from "../support/max.ts";

let db: Database;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => {
  await db?.close();
});

describe("доставка по каналам", () => {
  it("напоминание уходит один раз и в тот мессенджер, которым человек пользовался последним", async () => {
    const { schools, invite } = await makeDistrict(db);
    const telegram = new FakeTelegram();
    const max = new FakeMax();
    const tgBot = makeTestBot(db, telegram, { startLinks: { telegram: (c) => c, max: (c) => `https://max.ru/shnor_max_bot?start=${c}` } });
    const maxBot = makeMaxBot(db, max);

    // Both accounts; MAX used last.
    const both = new ChatUser(tgBot, telegram, 3101);
    await both.send(`/start ${await invite("teacher", schools[0]!.id)}`);
    await both.press("Согласен(на)");
    await both.send("/link");
    const code = both.lastText().match(/LINK[A-Z0-9]{10}/)![0];
    const bothInMax = new MaxUser(maxBot, max, 3102);
    await bothInMax.open(code);
    // Telegram only.
    const tgOnly = new ChatUser(tgBot, telegram, 3103);
    await tgOnly.send(`/start ${await invite("teacher", schools[0]!.id)}`);
    await tgOnly.press("Согласен(на)");
    // MAX only, and the bot is blocked there.
    const maxOnly = new MaxUser(maxBot, max, 3104);
    await maxOnly.open(await invite("teacher", schools[1]!.id));
    await maxOnly.press("Согласен(на)");

    const repo = new PrismaRepository(db.prisma);
    const today = new Date().toISOString().slice(0, 10);
    const planned = await planDiagnosticReminders({ repo, clock: { now: () => new Date(`${today}T07:05:00Z`) } });
    expect(planned.enqueued).toBe(3);
    const rows = await db.prisma.outbox.findMany({ orderBy: { chatId: "asc" } });
    expect(rows.map((row) => [row.channel, row.chatId])).toEqual([
      ["telegram", "3103"],
      ["max", String(bothInMax.chatId)],
      ["max", String(maxOnly.chatId)],
    ]);

    const sent: string[] = [];
    const worker = new OutboxWorker(db, {
      telegram: async (chatId) => void sent.push(`telegram:${chatId}`),
      max: async (chatId) => {
        if (chatId === String(maxOnly.chatId)) throw new SendError({ code: 403, description: "chat.denied" });
        sent.push(`max:${chatId}`);
      },
    });
    await worker.tick();
    expect(sent.sort()).toEqual([`max:${bothInMax.chatId}`, "telegram:3103"]);
    const states = await db.prisma.outbox.findMany({ select: { channel: true, state: true }, orderBy: { chatId: "asc" } });
    expect(states).toEqual([
      { channel: "telegram", state: "delivered" },
      { channel: "max", state: "delivered" },
      { channel: "max", state: "blocked" },
    ]);
  });
});
