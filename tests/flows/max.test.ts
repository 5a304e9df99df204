// The foundation path in MAX, and one person across both messengers (issue #7).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../prisma/db.ts";
import { openTestDatabase } from "../support/db.ts";
import { makeDistrict } from "../support/district.ts";
import { ChatUser, FakeTelegram, makeTestBot } from "../support/telegram.ts";
import { FakeMax, makeMaxBot, MaxUser, signMaxInitData } from "../support/max.ts";
import { getJson, makeTestApi } from "../support/api.ts";

let db: Database;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => {
  await db?.close();
});

async function getMax(app: ReturnType<typeof makeTestApi>, path: string, initData: string) {
  const response = await app.request(path, { headers: { authorization: `max ${initData}` } });
  return { status: response.status, body: (await response.json()) as any };
}

describe("MAX: приглашение → диагностика → перезапуск → агрегат директора", () => {
  it("проходит целиком", async () => {
    const { schools, invite } = await makeDistrict(db);
    const school = schools[0]!;
    const max = new FakeMax();
    let bot = makeMaxBot(db, max);

    const head = new MaxUser(bot, max, 41, "Ирина");
    await head.open(await invite("head", school.id));
    expect(head.texts()[0]).toContain("руководитель школы");
    await head.press("Согласен(на)");

    const teacher = new MaxUser(bot, max, 42, "Анна");
    await teacher.open(await invite("teacher", school.id));
    expect(teacher.texts()[0]).toContain("Оператор: Управление образования администрации Тестового муниципального района");
    await teacher.press("Согласен(на)");
    // The menu offers the diagnostic and the Mini App (open_app with the bot's name).
    const menu = teacher.keyboardMessage().buttons;
    expect(menu.find((button) => button.type === "open_app")?.web_app).toBe("shnor_max_bot");

    await teacher.send("/diagnostic");
    expect(teacher.lastText()).toContain("Вопрос 1 из 24");
    for (let index = 0; index < 10; index++) await teacher.press("Скорее да");
    await teacher.press("← Назад");
    expect(teacher.lastText()).toContain("Вопрос 10 из 24");
    await teacher.press("Нет");
    expect(teacher.lastText()).toContain("Вопрос 11 из 24");
    // Edits replace the question in place rather than sending 24 messages.
    expect(max.calls.filter((call) => call.method === "PUT" && call.path === "messages").length).toBeGreaterThanOrEqual(11);

    // Restart: a new process, a new adapter; the answers table is the truth.
    bot = makeMaxBot(db, max);
    teacher.bot = bot;
    await teacher.press("Да");
    expect(teacher.lastText()).toContain("Вопрос 12 из 24");
    for (let index = 0; index < 13; index++) await teacher.press("Скорее нет");
    expect(teacher.texts().some((text) => text.includes("Диагностика завершена"))).toBe(true);
    expect(teacher.lastText()).toContain("Ваш профиль профессиональных дефицитов");
    expect(await db.prisma.answer.count()).toBe(24);
    // Every button press was answered.
    const presses = max.calls.filter((call) => call.path === "answers");
    expect(presses.length).toBeGreaterThan(24);

    const api = makeTestApi(db);
    const hidden = await getMax(api, `/api/schools/${school.id}/deficits`, signMaxInitData(41));
    expect(hidden.status).toBe(200);
    expect(hidden.body.aggregate).toEqual({ hidden: true });

    for (let index = 0; index < 4; index++) {
      const colleague = new MaxUser(bot, max, 60 + index, "Коллега");
      await colleague.open(await invite("teacher", school.id));
      await colleague.press("Согласен(на)");
      await colleague.press("Пройти диагностику");
      for (let answer = 0; answer < 24; answer++) await colleague.press(index % 2 ? "Нет" : "Да");
    }
    const shown = await getMax(api, `/api/schools/${school.id}/deficits`, signMaxInitData(41));
    expect(shown.body.aggregate).toMatchObject({ hidden: false, respondents: 5 });
    expect(shown.body.aggregate.areas).toHaveLength(9);
  });
});

describe("один человек в двух мессенджерах", () => {
  it("привязывает MAX кодом из Telegram, согласие не спрашивает второй раз, ответы складываются в одну анкету", async () => {
    const { schools, invite } = await makeDistrict(db);
    const telegram = new FakeTelegram();
    const max = new FakeMax();
    const tgBot = makeTestBot(db, telegram, {
      startLinks: {
        telegram: (code) => `https://t.me/shnor_test_bot?start=${code}`,
        max: (code) => `https://max.ru/shnor_max_bot?start=${code}`,
      },
    });
    const maxBot = makeMaxBot(db, max);
    const code = await invite("teacher", schools[0]!.id);

    const inTelegram = new ChatUser(tgBot, telegram, 7001, "Ольга");
    await inTelegram.send(`/start ${code}`);
    await inTelegram.press("Согласен(на)");
    await inTelegram.send("/diagnostic");
    for (let index = 0; index < 5; index++) await inTelegram.press("Да");
    expect(inTelegram.lastText()).toContain("Вопрос 6 из 24");

    // Opening the same personal invite in MAX does not make a second person.
    const inMax = new MaxUser(maxBot, max, 8001, "Ольга");
    await inMax.open(code);
    expect(inMax.lastText()).toMatch(/уже воспользовались[\s\S]*\/link/);
    expect(await db.prisma.person.count({ where: { accounts: { some: { externalId: { in: ["7001", "8001"] } } } } })).toBe(1);

    await inTelegram.send("/link");
    const linkText = inTelegram.lastText();
    const link = linkText.match(/https:\/\/max\.ru\/shnor_max_bot\?start=(LINK[A-Z0-9]{10})/);
    expect(link, linkText).not.toBeNull();
    await inMax.open(link![1]);
    expect(inMax.texts().join("\n")).toContain("привязан к вашему профилю");
    expect(inMax.texts().join("\n")).not.toContain("Оператор:");
    // The code is single-use.
    const stranger = new MaxUser(maxBot, max, 8002, "Чужой");
    await stranger.open(link![1]);
    expect(stranger.lastText()).toMatch(/устарел или уже использован/);

    // MAX continues at the same question; the last answers come from MAX.
    await inMax.send("/diagnostic");
    expect(inMax.lastText()).toContain("Вопрос 6 из 24");
    for (let index = 0; index < 10; index++) await inMax.press("Нет");
    // Back in Telegram: the old button of question 6 re-answers question 6 only, and the survey goes on at 16.
    await inTelegram.press("Скорее нет");
    expect(inTelegram.lastText()).toContain("Вопрос 16 из 24");
    for (let index = 0; index < 9; index++) await inTelegram.press("Скорее да");
    expect(inTelegram.lastText()).toContain("Ваш профиль");

    const people = await db.prisma.person.findMany({
      where: { accounts: { some: { externalId: "7001" } } },
      include: { accounts: true, responses: { include: { answers: true } } },
    });
    expect(people).toHaveLength(1);
    expect(people[0]!.accounts.map((account) => account.channel).sort()).toEqual(["max", "telegram"]);
    expect(people[0]!.responses).toHaveLength(1);
    expect(people[0]!.responses[0]!.answers).toHaveLength(24);
    expect(people[0]!.responses[0]!.completedAt).not.toBeNull();
    const value = (questionId: string) => people[0]!.responses[0]!.answers.find((answer) => answer.questionId === questionId)?.value;
    expect(value("lit_3")).toBe(1); // question 9, answered in MAX
    expect(value("assess_3")).toBe(2); // question 6, changed by the old Telegram button

    // In MAX the survey is finished too.
    await inMax.send("/diagnostic");
    expect(inMax.lastText()).toContain("Ваш профиль");
  });
});
