// An update handled before a restart and delivered again after it does nothing (issue #10 §6):
// processed update ids live in the database for a day, per channel, in both messengers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Update } from "grammy/types";
import type { Database } from "../../prisma/db.ts";
import { PrismaUpdateLog } from "../../prisma/processed-updates.ts";
import { openTestDatabase } from "../support/db.ts";
import { makeDistrict } from "../support/district.ts";
import { FakeMax, makeMaxBot } from "../support/max.ts";
import { FakeTelegram, makeTestBot, textUpdate } from "../support/telegram.ts";

let db: Database;
let district: Awaited<ReturnType<typeof makeDistrict>>;
beforeAll(async () => {
  db = await openTestDatabase();
  district = await makeDistrict(db);
});
afterAll(async () => {
  await db?.close();
});

describe("повторно доставленное обновление после перезапуска", () => {
  it("Telegram: то же обновление в новом процессе ничего не делает — ни приглашения, ни сообщений", async () => {
    const code = await district.invite("teacher", district.schools[0]!.id, 5);
    const update: Update = textUpdate(41_001, `/start ${code}`);
    const before = new FakeTelegram();
    await makeTestBot(db, before).handleUpdate(structuredClone(update));
    expect(before.toChat(41_001).length).toBeGreaterThan(0);
    const accounts = await db.prisma.account.count();

    // A new bot over the same database: what a restart is.
    const after = new FakeTelegram();
    await makeTestBot(db, after).handleUpdate(structuredClone(update));
    expect(after.toChat(41_001)).toEqual([]);
    expect(await db.prisma.account.count()).toBe(accounts);
    // A new update from the same person is handled as usual.
    await makeTestBot(db, after).handleUpdate(textUpdate(41_001, "/help"));
    expect(after.toChat(41_001).length).toBe(1);
  });

  it("MAX: нажатие и bot_started, доставленные снова после перезапуска, ничего не делают", async () => {
    const code = await district.invite("teacher", district.schools[0]!.id);
    const started = {
      update_type: "bot_started",
      timestamp: 1_900_000_000_000,
      chat_id: 941_002,
      user: { user_id: 41_002, first_name: "Анна", username: null, is_bot: false, last_activity_time: 0, name: "Анна" },
      payload: code,
      user_locale: "ru",
    };
    const before = new FakeMax();
    await makeMaxBot(db, before).handleUpdate(structuredClone(started));
    const sent = before.toChat(941_002);
    expect(sent.length).toBeGreaterThan(0);
    const consent = {
      update_type: "message_callback",
      timestamp: 1_900_000_000_500,
      callback: { timestamp: 1_900_000_000_500, callback_id: "cb.redelivered", payload: "consent:yes", user: started.user },
      message: { recipient: { chat_id: 941_002, chat_type: "dialog", user_id: null }, timestamp: 0, body: { mid: sent.at(-1)!.mid, seq: 1, text: "…" } },
      user_locale: "ru",
    };
    await makeMaxBot(db, before).handleUpdate(structuredClone(consent));
    const messages = before.toChat(941_002).length;

    const after = new FakeMax();
    const restarted = makeMaxBot(db, after);
    await restarted.handleUpdate(structuredClone(started));
    await restarted.handleUpdate(structuredClone(consent));
    expect(after.toChat(941_002)).toEqual([]);
    expect(after.calls.filter((call) => call.path === "answers")).toEqual([]);
    expect(before.toChat(941_002).length).toBe(messages);
  });

  it("журнал обработанных обновлений хранит записи сутки и сам их чистит; каналы не пересекаются", async () => {
    let now = new Date("2026-11-29T10:00:00Z");
    const log = new PrismaUpdateLog(db.prisma, () => now);
    expect(await log.claim("telegram:1", "500")).toBe(true);
    expect(await log.claim("telegram:1", "500")).toBe(false);
    expect(await log.claim("max:1", "500")).toBe(true);
    await log.release("max:1", "500");
    expect(await log.claim("max:1", "500")).toBe(true);
    // A day and more later the old ids are gone (a fresh log, as after a restart, cleans at once).
    now = new Date("2026-11-30T11:00:00Z");
    const later = new PrismaUpdateLog(db.prisma, () => now);
    expect(await later.claim("telegram:1", "501")).toBe(true);
    expect(await db.prisma.processedUpdate.count({ where: { updateKey: "500" } })).toBe(0);
  });
});
