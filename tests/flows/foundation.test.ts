// The whole foundation path, offline: invite → the teacher answers in chat → restart in the middle
// → resume → finish → the head's API call returns the aggregate (or the below-minimum notice).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../prisma/db.ts";
import { openTestDatabase } from "../support/db.ts";
import { makeDistrict } from "../support/district.ts";
import { ChatUser, FakeTelegram, makeTestBot } from "../support/telegram.ts";
import { getJson, makeTestApi, signInitData } from "../support/api.ts";

let db: Database;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => {
  await db?.close();
});

/** Answers `count` questions with the given value by pressing the option buttons. */
async function answer(user: ChatUser, count: number, label = "Скорее да") {
  for (let index = 0; index < count; index++) await user.press(label);
}

describe("сквозной путь: приглашение → диагностика → перезапуск → агрегат директора", () => {
  it("проходит целиком", async () => {
    const { schools, invite } = await makeDistrict(db);
    const school = schools[0]!;
    const telegram = new FakeTelegram();
    let bot = makeTestBot(db, telegram);

    // The head joins first.
    const head = new ChatUser(bot, telegram, 500, "Ирина");
    await head.send(`/start ${await invite("head", school.id)}`);
    expect(telegram.toChat(500).map((call) => call.payload.text).join("\n")).toContain("руководитель школы");
    await head.press("Согласен(на)");
    expect(head.lastText()).toContain("Здравствуйте, Ирина!");

    // A teacher joins by invite and gives consent once.
    const teacher = new ChatUser(bot, telegram, 701, "Мария");
    await teacher.send(`/start ${await invite("teacher", school.id)}`);
    const joined = telegram.toChat(701).map((call) => call.payload.text);
    expect(joined[0]).toContain("Приглашение: педагог (МБОУ СОШ №1)");
    expect(joined[0]).toContain("Оператор: Управление образования администрации Тестового муниципального района");
    await teacher.press("Согласен(на)");
    expect(telegram.toChat(701).map((call) => call.payload.text).join("\n")).toContain("педагог (МБОУ СОШ №1, Тестовый район)");

    // The diagnostic: "Вопрос k из n", inline answers, back and change.
    await teacher.send("/diagnostic");
    expect(teacher.lastText()).toContain("Вопрос 1 из 24");
    await answer(teacher, 10);
    expect(teacher.lastText()).toContain("Вопрос 11 из 24");
    await teacher.press("← Назад");
    expect(teacher.lastText()).toContain("Вопрос 10 из 24");
    expect(teacher.keyboardMessage().buttons.map((button) => button.text)).toContain("✓ Скорее да");
    await teacher.press("Нет");
    expect(teacher.lastText()).toContain("Вопрос 11 из 24");

    // The survey's place follows from the saved answers in the database, nothing in the process.
    expect(await db.prisma.answer.count()).toBe(10);

    // Restart: a new process has nothing in memory; the cursor and the answers are in the DB.
    const messageBefore = teacher.keyboardMessage().messageId;
    bot = makeTestBot(db, telegram);
    teacher.bot = bot;
    head.bot = bot;
    await teacher.press("Да");
    expect(teacher.lastText()).toContain("Вопрос 12 из 24");
    expect(teacher.keyboardMessage().messageId).toBe(messageBefore);
    const saved = await db.prisma.answer.count();
    expect(saved).toBe(11);

    // Asking again after the restart shows the same question, nothing lost or doubled.
    await teacher.send("/diagnostic");
    expect(teacher.lastText()).toContain("Вопрос 12 из 24");
    await answer(teacher, 13, "Скорее нет");
    const texts = telegram.toChat(701).map((call) => call.payload.text);
    expect(texts.some((text) => text.includes("Диагностика завершена"))).toBe(true);
    expect(teacher.lastText()).toContain("Ваш профиль профессиональных дефицитов");
    expect(await db.prisma.answer.count()).toBe(24);
    const response = await db.prisma.response.findFirstOrThrow();
    expect(response.completedAt).not.toBeNull();

    // The head opens the Mini App: one respondent is below the minimum, so no figures.
    const api = makeTestApi(db);
    const hidden = await getJson(api, `/api/schools/${school.id}/deficits`, signInitData(500));
    expect(hidden.status).toBe(200);
    expect(hidden.body.aggregate).toEqual({ hidden: true });

    // Four more teachers finish; now the head sees the school's deficits by area.
    for (let index = 0; index < 4; index++) {
      const colleague = new ChatUser(bot, telegram, 800 + index, "Коллега");
      await colleague.send(`/start ${await invite("teacher", school.id)}`);
      await colleague.press("Согласен(на)");
      await colleague.send("/diagnostic");
      await answer(colleague, 24, index % 2 ? "Нет" : "Да");
    }
    const shown = await getJson(api, `/api/schools/${school.id}/deficits`, signInitData(500));
    expect(shown.body.aggregate.hidden).toBe(false);
    expect(shown.body.aggregate.respondents).toBe(5);
    expect(shown.body.aggregate.areas).toHaveLength(9);
    // Never an individual answer in the head's payload.
    expect(JSON.stringify(shown.body)).not.toMatch(/questionId|fgos_1|personId/);

    // The teacher sees their own profile, ranked.
    const mine = await getJson(api, "/api/me/deficits", signInitData(701));
    expect(mine.body.profile.areas[0].deficit).toBeGreaterThanOrEqual(mine.body.profile.areas.at(-1).deficit);
  });
});
