// /broadcast in chat (#14 §5): district staff are pointed to the broadcasts page of the Mini App
// with an app button; a teacher is refused.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../prisma/db.ts";
import { openTestDatabase } from "../support/db.ts";
import { makeDistrict } from "../support/district.ts";
import { ChatUser, FakeTelegram, makeTestBot } from "../support/telegram.ts";

let db: Database;
beforeAll(async () => {
  db = await openTestDatabase();
}, 120_000);
afterAll(async () => {
  await db?.close();
});

describe("/broadcast в чате", () => {
  it("сотрудник управления получает кнопку приложения с рассылками; педагогу — отказ", async () => {
    const { schools, invite } = await makeDistrict(db);
    const telegram = new FakeTelegram();
    const bot = makeTestBot(db, telegram);
    const staff = new ChatUser(bot, telegram, 8801, "Ольга");
    await staff.send(`/start ${await invite("district", null)}`);
    await staff.press("Согласен(на)");
    const teacher = new ChatUser(bot, telegram, 8802, "Иван");
    await teacher.send(`/start ${await invite("teacher", schools[0]!.id)}`);
    await teacher.press("Согласен(на)");

    await staff.send("/broadcast");
    const reply = staff.keyboardMessage();
    expect(reply.text).toMatch(/Рассылка по району делается в приложении/);
    expect(reply.buttons).toEqual([expect.objectContaining({ text: "Открыть рассылки", url: expect.stringMatching(/^https:\/\/miniapp\.example\.ru/) })]);

    await teacher.send("/broadcast");
    expect(telegram.lastText(8802)).toMatch(/делают сотрудники управления образования/);
  });
});
