// The diagnostic in chat beyond the happy path: lost conversation state, stray buttons, text and
// commands in the middle, no open campaign, non-teachers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../prisma/db.ts";
import { openTestDatabase } from "../support/db.ts";
import { makeDistrict } from "../support/district.ts";
import { ChatUser, FakeTelegram, makeTestBot } from "../support/telegram.ts";

let db: Database;
let district: Awaited<ReturnType<typeof makeDistrict>>;
let telegram: FakeTelegram;
let bot: ReturnType<typeof makeTestBot>;
let nextId = 300;

async function joined(role: "teacher" | "head" = "teacher") {
  const user = new ChatUser(bot, telegram, nextId++);
  await user.send(`/start ${await district.invite(role, district.schools[0]!.id)}`);
  await user.press("Согласен(на)");
  return user;
}

beforeAll(async () => {
  db = await openTestDatabase();
  district = await makeDistrict(db);
  telegram = new FakeTelegram();
  bot = makeTestBot(db, telegram);
});
afterAll(async () => {
  await db?.close();
});

describe("диагностика в чате", () => {
  it("перезапуск посреди анкеты ничего не теряет: ответы в таблицах, кнопка продолжает", async () => {
    const teacher = await joined();
    await teacher.send("/diagnostic");
    for (let index = 0; index < 5; index++) await teacher.press("Да");
    bot = makeTestBot(db, telegram);
    teacher.bot = bot;
    await teacher.press("Нет");
    expect(teacher.lastText()).toContain("Вопрос 7 из 24");
    expect(await db.prisma.answer.count({ where: { response: { person: { accounts: { some: { externalId: String(teacher.id) } } } } } })).toBe(6);
  });

  it("текст и команды посреди анкеты не ломают её", async () => {
    const teacher = await joined();
    await teacher.send("/diagnostic");
    await teacher.press("Скорее да");
    const question = teacher.keyboardMessage();
    await teacher.send("а можно позже?");
    expect(teacher.lastText()).toMatch(/выберите ответ кнопкой/);
    await teacher.send("/help");
    expect(teacher.lastText()).toMatch(/\/diagnostic/);
    const option = question.buttons.find((button) => button.text === "Скорее нет")!;
    await teacher.pressData(option.data!, question.messageId);
    expect(teacher.lastText()).toContain("Вопрос 3 из 24");
  });

  it("старая кнопка после завершения не меняет ответов", async () => {
    const teacher = await joined();
    await teacher.send("/diagnostic");
    for (let index = 0; index < 24; index++) await teacher.press("Да");
    expect(teacher.lastText()).toContain("профиль");
    const person = await db.prisma.person.findFirstOrThrow({ where: { accounts: { some: { externalId: String(teacher.id) } } } });
    await teacher.pressData("dg:a:fgos_1:1", 1);
    const answer = await db.prisma.answer.findFirstOrThrow({ where: { questionId: "fgos_1", response: { personId: person.id } } });
    expect(answer.value).toBe(4);
  });

  it("подделанная кнопка с чужим вопросом отклоняется", async () => {
    const teacher = await joined();
    await teacher.send("/diagnostic");
    await teacher.pressData("dg:a:no_such_question:2");
    const answered = telegram.calls.filter((call) => call.method === "answerCallbackQuery").at(-1)!;
    expect(answered.payload.text).toMatch(/ответ не подходит/);
    await teacher.pressData("dg:a:fgos_1:9");
    expect(telegram.calls.filter((call) => call.method === "answerCallbackQuery").at(-1)!.payload.text).toMatch(/не подходит/);
  });

  it("директор не проходит диагностику учителя", async () => {
    const head = await joined("head");
    await head.send("/diagnostic");
    expect(head.lastText()).toMatch(/проходят педагоги/);
  });

  it("когда диагностика закрыта, бот так и говорит", async () => {
    await db.prisma.campaign.updateMany({ data: { closesAt: new Date(Date.now() - 1000) } });
    const teacher = await joined();
    await teacher.send("/diagnostic");
    expect(teacher.lastText()).toMatch(/не проводится/);
  });
});
