// A teacher diagnostic opened for chosen schools (#13 audience) asks only their teachers: the
// diagnostic's own read (one statement with the update's claim) honours the audience.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorText } from "../../core/messages/ru.ts";
import type { Database } from "../../prisma/db.ts";
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

describe("диагностика для выбранных школ", () => {
  it("педагог выбранной школы отвечает; педагог другой школы слышит, что открытой диагностики нет", async () => {
    const { schools, invite, campaign } = await makeDistrict(db);
    await db.prisma.campaign.update({ where: { id: campaign.id }, data: { audience: { roles: ["teacher"], schoolIds: [schools[0]!.id] } } });
    const telegram = new FakeTelegram();
    const bot = makeTestBot(db, telegram);
    const asked = new ChatUser(bot, telegram, 8101);
    await asked.send(`/start ${await invite("teacher", schools[0]!.id)}`);
    await asked.press("Согласен(на)");
    await asked.send("/diagnostic");
    expect(asked.lastText()).toContain("Вопрос 1 из 24");
    await asked.press("Да");
    expect(asked.lastText()).toContain("Вопрос 2 из 24");

    const other = new ChatUser(bot, telegram, 8102);
    await other.send(`/start ${await invite("teacher", schools[1]!.id)}`);
    await other.press("Согласен(на)");
    await other.send("/diagnostic");
    expect(other.lastText()).toBe(errorText.no_open_campaign);
    expect(await db.prisma.response.count({ where: { campaignId: campaign.id } })).toBe(1);
  });
});
