// What people type never reaches the logs: a name and phone after /start, or a 100 000-character
// MAX payload, are logged as a length at most (issue #10 §2).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../prisma/db.ts";
import { createMaxBot } from "../../bot/channels/max.ts";
import { openTestDatabase } from "../support/db.ts";
import { makeDistrict } from "../support/district.ts";
import { FakeMax, maxBotInfo, MaxUser } from "../support/max.ts";
import { botInfo, ChatUser, FakeTelegram, makeBotDeps, MAX_TEST_TOKEN, TEST_TOKEN } from "../support/telegram.ts";
import { createTelegramBot } from "../../bot/channels/telegram.ts";

let db: Database;
const lines: string[] = [];
const capture = (obj: object, msg?: string) => {
  lines.push(JSON.stringify({ ...obj, msg }));
};
const log = { info: capture, warn: capture, error: capture };

beforeAll(async () => {
  db = await openTestDatabase();
  await makeDistrict(db);
});
afterAll(async () => {
  await db?.close();
});

const NAME = "Иванова Мария Петровна";
const PHONE = "+79161234567";
const HUGE = "Я".repeat(50_000) + "x".repeat(50_000);

function expectNothingTyped() {
  expect(lines.length).toBeGreaterThan(0);
  for (const line of lines) {
    expect(line).not.toContain("Иванова");
    expect(line).not.toContain("79161234567");
    expect(line).not.toContain("ЯЯЯЯ");
    expect(line).not.toContain("xxxx");
    expect(line.length).toBeLessThan(2_000);
  }
}

describe("журнал не хранит того, что человек написал", () => {
  it("Telegram: имя и телефон после /start и 100 000 символов — в журнале только длина", async () => {
    lines.length = 0;
    const telegram = new FakeTelegram();
    const bot = createTelegramBot(TEST_TOKEN, makeBotDeps(db, { log }), { botInfo, client: { fetch: telegram.fetch as typeof fetch } });
    const user = new ChatUser(bot, telegram, 31_001);
    await user.send(`/start ${NAME} ${PHONE}`);
    await user.send(`/start ${HUGE}`);
    expect(user.lastText()).toMatch(/приглашени|код/i);
    expectNothingTyped();
    expect(lines.some((line) => line.includes('"inputLength":100000'))).toBe(true);
  });

  it("MAX: то же для payload bot_started и для текста /start", async () => {
    lines.length = 0;
    const max = new FakeMax();
    const deps = makeBotDeps(db, { log });
    const bot = createMaxBot(MAX_TEST_TOKEN, deps, {
      clientOptions: { baseUrl: "http://max.test", fetch: max.fetch as typeof fetch },
      botInfo: maxBotInfo as never,
    });
    const user = new MaxUser(bot, max, 31_002);
    await user.open(`${NAME} ${PHONE}`);
    await user.open(HUGE);
    await user.send(`/start ${NAME} ${PHONE}`);
    expectNothingTyped();
    expect(lines.some((line) => line.includes('"inputLength":100000'))).toBe(true);
  });
});
