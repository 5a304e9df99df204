// Any instrument in the Telegram chat (#13): /surveys, every question type on its screen, branching,
// typed numbers and texts with their checks, toggled picks that survive a restart, «Пропустить»,
// «Назад», «Затрудняюсь ответить», help, «Вопрос k из n», the end and changing answers afterwards;
// typed answers find their survey from the database, also in the middle of the teacher diagnostic.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../prisma/db.ts";
import { openTestDatabase } from "../support/db.ts";
import { makeDistrict } from "../support/district.ts";
import { ChatUser, FakeTelegram, makeTestBot } from "../support/telegram.ts";
import { openSurveyCampaign } from "../support/survey-instrument.ts";
import { parseSurveyAction } from "../../core/journeys/survey.ts";

let db: Database;
let district: Awaited<ReturnType<typeof makeDistrict>>;
let telegram: FakeTelegram;
let bot: ReturnType<typeof makeTestBot>;
let nextId = 700;

async function joined(role: "teacher" | "head" | "district" = "teacher") {
  const user = new ChatUser(bot, telegram, nextId++);
  await user.send(`/start ${await district.invite(role, role === "district" ? null : district.schools[0]!.id)}`);
  await user.press("Согласен(на)");
  return user;
}

const lastAck = () => telegram.calls.filter((call) => call.method === "answerCallbackQuery").at(-1)!.payload;
const buttons = (user: ChatUser) => user.keyboardMessage().buttons.map((button) => button.text);

async function answersOf(user: ChatUser, campaignId: string) {
  const response = await db.prisma.response.findFirstOrThrow({
    where: { campaignId, person: { accounts: { some: { externalId: String(user.id) } } } },
    include: { answers: true },
  });
  return {
    response,
    byQuestion: Object.fromEntries(response.answers.map((row) => [row.questionId, { kind: row.kind, value: row.value, ints: row.ints, num: row.num, text: row.text }])),
  };
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

describe("анкеты в Telegram", () => {
  it("button data stays within Telegram's 64 bytes and parses back", () => {
    const campaignId = "c".repeat(36);
    for (const data of [`sv:a:${campaignId}:199:-12345`, `sv:t:${campaignId}:19:20`, `sv:b:${campaignId}:-`, `sv:e:${campaignId}`]) {
      expect(new TextEncoder().encode(data).length).toBeLessThanOrEqual(64);
      expect(parseSurveyAction(data)).not.toBeNull();
    }
    expect(parseSurveyAction(`sv:a:${campaignId}:3:1`)).toEqual({ kind: "answer", campaignId, index: 3, value: 1 });
    expect(parseSurveyAction(`sv:b:${campaignId}:-`)).toEqual({ kind: "back", campaignId, index: null });
    expect(parseSurveyAction(`sv:a:${campaignId}:3`)).toBeNull();
    expect(parseSurveyAction(`sv:u:${campaignId}:3:1`)).toBeNull();
    expect(parseSurveyAction("sv:x:abc:1")).toBeNull();
  });

  it("проходит анкету со всеми видами вопросов, с перезапуском посреди и правкой после конца", async () => {
    const campaign = await openSurveyCampaign(db.prisma, district.district.id);
    const teacher = await joined();
    // The menu has «Анкеты».
    expect(buttons(teacher)).toContain("Анкеты");
    await teacher.press("Анкеты");
    expect(teacher.lastText()).toContain("Ваши анкеты");
    expect(teacher.lastText()).toContain("Проверочная анкета, ноябрь — ещё не начата");
    // The diagnostic is listed too, and its button opens its own screens.
    expect(teacher.lastText()).toContain("Диагностика дефицитов, февраль");
    expect(teacher.keyboardMessage().buttons.find((button) => button.text === "Диагностика дефицитов, февраль")!.data).toBe("menu:diagnostic");

    await teacher.press("Проверочная анкета, ноябрь");
    let text = teacher.lastText();
    expect(text).toContain("Проверочная анкета: все виды вопросов.");
    expect(text).toContain("Вопрос 1 из 6");
    expect(text).toContain("О вас");
    expect(text).toContain("Кем вы работаете?");
    expect(text).toContain("Основная должность");
    expect(buttons(teacher)).toEqual(["Учитель-предметник", "Классный руководитель", "Другое", "Затрудняюсь ответить"]);

    // «Другое» opens the text question: one more question in all.
    await teacher.press("Другое");
    text = teacher.lastText();
    expect(text).toContain("Вопрос 2 из 7");
    expect(text).toContain("Напишите вашу должность");
    expect(text).toContain("не больше 40 символов");
    expect(text).toContain("Напишите ответ сообщением.");
    await teacher.send("Очень-очень длинное название моей должности в школе");
    expect(teacher.lastText()).toContain("Ответ слишком длинный");
    await teacher.send("Педагог-организатор");
    expect(teacher.lastText()).toContain("Вопрос 3 из 7");
    expect(buttons(teacher)).toEqual(["Нет", "Скорее нет", "Скорее да", "Да", "Затрудняюсь ответить", "← Назад"]);
    await teacher.press("Затрудняюсь ответить");
    expect(teacher.lastText()).toContain("Есть ли у вас классное руководство?");
    // No «затрудняюсь» on this one.
    expect(buttons(teacher)).toEqual(["Да", "Нет", "← Назад"]);
    await teacher.press("Да");
    text = teacher.lastText();
    expect(text).toContain("Вопрос 5 из 8");
    expect(text).toContain("Сколько учеников в классе?");
    expect(text).toContain("целое число от 1 до 40 чел.");
    await teacher.send("много");
    expect(teacher.lastText()).toBe("Напишите число цифрами, например 12 или 3,5.");
    await teacher.send("0");
    expect(teacher.lastText()).toBe("Число должно быть не меньше 1 чел.");
    await teacher.send("25");
    text = teacher.lastText();
    expect(text).toContain("Вопрос 6 из 8");
    expect(text).toContain("выберите до 2 вариантов");
    expect(buttons(teacher)).toEqual(["☐ Нагрузка", "☐ Отчёты", "☐ Оборудование", "☐ Другое", "Готово", "← Назад"]);

    await teacher.press("☐ Нагрузка");
    expect(buttons(teacher).slice(0, 2)).toEqual(["☑ Нагрузка", "☐ Отчёты"]);
    // A restart: a new process; the staged pick is in the database.
    bot = makeTestBot(db, telegram);
    teacher.bot = bot;
    await teacher.press("☐ Отчёты");
    expect(buttons(teacher).slice(0, 3)).toEqual(["☑ Нагрузка", "☑ Отчёты", "☐ Оборудование"]);
    await teacher.press("☐ Оборудование");
    expect(lastAck()).toMatchObject({ text: "Можно выбрать не больше 2 вариантов.", show_alert: true });
    await teacher.press("Готово");
    text = teacher.lastText();
    expect(text).toContain("Вопрос 7 из 8");
    expect(text).toContain("Сколько часов в неделю уходит на отчёты?");

    // Another restart before typing: the typed number still finds its question.
    bot = makeTestBot(db, telegram);
    teacher.bot = bot;
    await teacher.send("2,5");
    text = teacher.lastText();
    expect(text).toContain("Вопрос 8 из 8");
    expect(text).toContain("(необязательный вопрос)");
    expect(buttons(teacher)).toEqual(["Пропустить", "← Назад"]);
    await teacher.press("← Назад");
    expect(teacher.lastText()).toContain("Ваш ответ сейчас: 2,5");
    expect(buttons(teacher)).toEqual(["Оставить как есть", "← Назад"]);
    await teacher.press("Оставить как есть");
    expect(teacher.lastText()).toContain("Вопрос 8 из 8");
    await teacher.press("Пропустить");
    expect(teacher.lastText()).toContain("Спасибо! Анкета «Проверочная анкета, ноябрь» заполнена.");

    const { response, byQuestion } = await answersOf(teacher, campaign.id);
    expect(response.completedAt).not.toBeNull();
    expect(response.source).toBe("chat");
    expect(byQuestion).toEqual({
      q_role: { kind: "int", value: 3, ints: [], num: null, text: null },
      q_other: { kind: "text", value: null, ints: [], num: null, text: "Педагог-организатор" },
      q_likert: { kind: "unsure", value: null, ints: [], num: null, text: null },
      q_yes: { kind: "int", value: 1, ints: [], num: null, text: null },
      q_count: { kind: "number", value: null, ints: [], num: 25, text: null },
      q_multi: { kind: "ints", value: null, ints: [1, 2], num: null, text: null },
      q_hours: { kind: "number", value: null, ints: [], num: 2.5, text: null },
      q_note: { kind: "skipped", value: null, ints: [], num: null, text: null },
    });
    expect((await db.prisma.responseSchool.findMany({ where: { responseId: response.id } })).map((row) => row.schoolId)).toEqual([district.schools[0]!.id]);

    // Changing the answers afterwards: from the first question, the saved answers marked; the response stays complete.
    await teacher.press("Изменить ответы");
    expect(teacher.lastText()).toContain("Вопрос 1 из 8");
    expect(buttons(teacher)).toContain("✓ Другое");
    await teacher.press("✓ Другое");
    expect(teacher.lastText()).toContain("Ваш ответ сейчас: Педагог-организатор");
    await teacher.send("Социальный педагог");
    expect(teacher.lastText()).toContain("Вопрос 3 из 8");
    expect(buttons(teacher)).toContain("✓ Затрудняюсь ответить");
    const after = await answersOf(teacher, campaign.id);
    expect(after.response.completedAt).toEqual(response.completedAt);
    expect(after.byQuestion.q_other!.text).toBe("Социальный педагог");

    await teacher.send("/surveys");
    expect(teacher.lastText()).toContain("Проверочная анкета, ноябрь — заполнена");
    expect(buttons(teacher)).toContain("✓ Проверочная анкета, ноябрь");
  });

  it("старая кнопка скрытого вопроса и поддельная кнопка ничего не портят; закрытая анкета не принимает ответы", async () => {
    const campaign = await openSurveyCampaign(db.prisma, district.district.id, { title: "Вторая анкета" });
    const teacher = await joined();
    await teacher.send("/surveys");
    await teacher.press("Вторая анкета");
    const first = teacher.keyboardMessage();
    await teacher.press("Учитель-предметник");
    expect(teacher.lastText()).toContain("Вопрос 2 из 6");
    // A forged question index and a value off the scale.
    await teacher.pressData(`sv:a:${campaign.id}:99:1`);
    expect(lastAck()).toMatchObject({ text: "Этого вопроса нет в анкете. Откройте анкету заново.", show_alert: true });
    await teacher.pressData(`sv:a:${campaign.id}:2:9`);
    expect(lastAck()).toMatchObject({ text: "Такого варианта ответа нет. Выберите один из предложенных." });
    // The hidden text question's «skip» from nowhere: the screen shows where the person is.
    await teacher.pressData(`sv:s:${campaign.id}:1`, first.messageId);
    expect(teacher.lastText()).toContain("Вопрос 2 из 6");
    // Typed text on a button question is not taken as an answer.
    await teacher.send("12");
    expect(teacher.lastText()).not.toContain("Вопрос");
    await db.prisma.campaign.update({ where: { id: campaign.id }, data: { closedAt: new Date(Date.now() - 1000) } });
    await teacher.press("Скорее да");
    expect(teacher.lastText()).toContain("Эта анкета закрыта");
    const { byQuestion } = await answersOf(teacher, campaign.id);
    expect(Object.keys(byQuestion)).toEqual(["q_role"]);
    await teacher.send("/surveys");
    expect(teacher.lastText()).not.toContain("Вторая анкета");
  });

  it("набранный ответ идёт в анкету, даже посреди диагностики; районному сотруднику /surveys не положен", async () => {
    const campaign = await openSurveyCampaign(db.prisma, district.district.id, { title: "Третья анкета" });
    const teacher = await joined();
    await teacher.send("/diagnostic");
    await teacher.press("Скорее да");
    await teacher.send("/surveys");
    await teacher.press("Третья анкета");
    await teacher.press("Другое");
    expect(teacher.lastText()).toContain("Напишите вашу должность");
    await teacher.send("Тьютор");
    expect(teacher.lastText()).toContain("Мне хватает времени на подготовку");
    expect((await answersOf(teacher, campaign.id)).byQuestion.q_other!.text).toBe("Тьютор");
    // Back on the diagnostic: free text gets its hint again.
    await teacher.send("/diagnostic");
    await teacher.press("Скорее да");
    await teacher.send("а можно позже?");
    expect(teacher.lastText()).toMatch(/выберите ответ кнопкой/);

    const staff = await joined("district");
    await staff.send("/surveys");
    expect(staff.lastText()).toBe("Анкеты заполняют сотрудники школ. Откройте личное приглашение от школы или района.");
  });

  it("руководитель заполняет анкету для своей школы; учитель её не видит", async () => {
    const campaign = await openSurveyCampaign(db.prisma, district.district.id, {
      title: "Карта самоанализа",
      audience: { roles: ["head"], schoolIds: null },
    });
    const head = await joined("head");
    await head.send("/surveys");
    expect(head.lastText()).toContain("Карта самоанализа");
    expect(head.lastText()).not.toContain("Диагностика дефицитов");
    await head.press("Карта самоанализа");
    await head.press("Классный руководитель");
    const teacher = await joined();
    await teacher.send("/surveys");
    expect(teacher.lastText()).not.toContain("Карта самоанализа");
    // A teacher pressing the head's button is refused.
    await teacher.pressData(`sv:o:${campaign.id}`);
    expect(teacher.lastText()).toContain("Эта анкета не для вас");
    const { response } = await answersOf(head, campaign.id);
    expect(response.completedAt).toBeNull();
  });
});
