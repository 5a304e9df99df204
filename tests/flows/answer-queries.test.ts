// An answer turn reads once (the update's claim, the person, the open campaign and the response in
// one statement) and writes once (issue #10 §5), in both messengers and at any question: this counts
// the SQL statements it sends.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../prisma/db.ts";
import { openTestDatabase } from "../support/db.ts";
import { makeDistrict } from "../support/district.ts";
import { ChatUser, FakeTelegram, makeTestBot } from "../support/telegram.ts";
import { FakeMax, makeMaxBot, MaxUser } from "../support/max.ts";

let db: Database;
let statements: string[] = [];
beforeAll(async () => {
  db = await openTestDatabase({ onQuery: (sql) => statements.push(sql) });
});
afterAll(async () => {
  await db?.close();
});

/** Every statement of the turn, the claim of the update's id (ProcessedUpdate, de-duplication) included. */
const journeyStatements = () => statements;

async function answerCounts(user: ChatUser | MaxUser): Promise<number[]> {
  const counts: number[] = [];
  for (let question = 1; question <= 24; question++) {
    statements = [];
    await user.press(["Нет", "Скорее нет", "Скорее да", "Да"][question % 4]!);
    counts.push(journeyStatements().length);
  }
  return counts;
}

describe("ответ на вопрос анкеты: одно чтение (человек, анкета, ответы) и одна запись", () => {
  it("Telegram и MAX, с 1-го по 24-й вопрос", async () => {
    const { schools, invite, campaign } = await makeDistrict(db);
    const telegram = new FakeTelegram();
    const tgUser = new ChatUser(makeTestBot(db, telegram), telegram, 7001);
    await tgUser.send(`/start ${await invite("teacher", schools[0]!.id)}`);
    await tgUser.press("Согласен(на)");
    await tgUser.send("/diagnostic");
    const max = new FakeMax();
    const maxUser = new MaxUser(makeMaxBot(db, max), max, 7002);
    await maxUser.open(await invite("teacher", schools[0]!.id));
    await maxUser.press("Согласен(на)");
    await maxUser.send("/diagnostic");

    const telegramCounts = await answerCounts(tgUser);
    const maxCounts = await answerCounts(maxUser);
    // The update's claim with the person (and memberships), the campaign, the response and its answers; one write.
    expect(telegramCounts).toEqual(Array(24).fill(2));
    expect(maxCounts).toEqual(Array(24).fill(2));
    expect(tgUser.lastText()).toContain("Ваш профиль профессиональных дефицитов");
    expect(maxUser.lastText()).toContain("Ваш профиль профессиональных дефицитов");

    // The single statement saved what the Prisma upserts saved before.
    const responses = await db.prisma.response.findMany({ where: { campaignId: campaign.id }, include: { answers: true } });
    expect(responses).toHaveLength(2);
    for (const response of responses) {
      expect(response.answers).toHaveLength(24);
      expect(response.completedAt).toBeInstanceOf(Date);
      expect(Math.abs(response.completedAt!.getTime() - Date.now())).toBeLessThan(60_000);
      expect(new Set(response.answers.map((answer) => answer.value))).toEqual(new Set([1, 2, 3, 4]));
    }
  }, 60_000);
});
