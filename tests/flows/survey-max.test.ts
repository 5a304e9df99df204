// Any instrument in MAX (#13): the same screens as in Telegram — a head answers a questionnaire for
// the school with every question type, a restart in the middle (a fresh bot over the same database)
// continues with the staged picks and the typed question; /mydata then exports every answer truthfully.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../prisma/db.ts";
import { openTestDatabase } from "../support/db.ts";
import { makeDistrict } from "../support/district.ts";
import { FakeMax, makeMaxBot, MaxUser } from "../support/max.ts";
import { openSurveyCampaign } from "../support/survey-instrument.ts";

let db: Database;
let district: Awaited<ReturnType<typeof makeDistrict>>;

beforeAll(async () => {
  db = await openTestDatabase();
  district = await makeDistrict(db);
});
afterAll(async () => {
  await db?.close();
});

const buttons = (user: MaxUser) => user.keyboardMessage().buttons.map((button) => button.text);

describe("анкеты в MAX", () => {
  it("руководитель заполняет анкету школы с перезапуском посреди; /mydata выгружает все виды ответов", async () => {
    const campaign = await openSurveyCampaign(db.prisma, district.district.id, {
      title: "Анкета руководителя",
      audience: { roles: ["head"], schoolIds: [district.schools[0]!.id] },
    });
    const max = new FakeMax();
    let bot = makeMaxBot(db, max);
    const head = new MaxUser(bot, max, 77, "Ирина");
    await head.open(await district.invite("head", district.schools[0]!.id));
    await head.press("Согласен(на)");
    await head.press("Анкеты");
    expect(head.lastText()).toContain("Анкета руководителя — ещё не начата");
    await head.press("Анкета руководителя");
    expect(head.lastText()).toContain("Вопрос 1 из 6");
    await head.press("Затрудняюсь ответить");
    expect(head.lastText()).toContain("Вопрос 2 из 6");
    await head.press("Скорее да");
    await head.press("Нет");
    // «Нет» hides the number question: straight to the picks.
    expect(head.lastText()).toContain("Вопрос 4 из 6");
    await head.press("☐ Отчёты");
    await head.press("☐ Другое");

    // Restart: a new process, a new adapter.
    bot = makeMaxBot(db, max);
    head.bot = bot;
    expect(buttons(head).slice(0, 4)).toEqual(["☐ Нагрузка", "☑ Отчёты", "☐ Оборудование", "☑ Другое"]);
    await head.press("☑ Другое");
    expect(buttons(head).slice(0, 4)).toEqual(["☐ Нагрузка", "☑ Отчёты", "☐ Оборудование", "☐ Другое"]);
    await head.press("Готово");
    expect(head.lastText()).toContain("Вопрос 5 из 6");

    bot = makeMaxBot(db, max);
    head.bot = bot;
    await head.send("40,5");
    expect(head.lastText()).toBe("Число должно быть не больше 40.");
    await head.send("3,5");
    expect(head.lastText()).toContain("Что ещё вы хотите сказать?");
    await head.send("Нужна помощь с отчётами");
    expect(head.lastText()).toContain("Спасибо! Анкета «Анкета руководителя» заполнена.");
    const response = await db.prisma.response.findFirstOrThrow({ where: { campaignId: campaign.id }, include: { answers: true, schools: true } });
    expect(response.completedAt).not.toBeNull();
    expect(response.schools.map((school) => school.schoolId)).toEqual([district.schools[0]!.id]);

    await head.send("/mydata");
    const [file] = max.documents(head.chatId);
    const data = JSON.parse(new TextDecoder().decode(file!.bytes));
    const answers = data.responses.find((entry: { campaign: string }) => entry.campaign === "Анкета руководителя").answers;
    const byId = Object.fromEntries(answers.map((answer: { questionId: string }) => [answer.questionId, answer]));
    expect(byId.q_role).toMatchObject({ question: "Кем вы работаете?", kind: "unsure", value: null });
    expect(byId.q_likert).toMatchObject({ kind: "int", value: 3 });
    expect(byId.q_yes).toMatchObject({ kind: "int", value: 0 });
    expect(byId.q_multi).toMatchObject({ kind: "ints", value: [2] });
    expect(byId.q_hours).toMatchObject({ kind: "number", value: 3.5 });
    expect(byId.q_note).toMatchObject({ kind: "text", value: "Нужна помощь с отчётами" });
  });

  it("диагностика педагога не принимает ответов в закрытой кампании и не считает базовый срез своей", async () => {
    const max = new FakeMax();
    const bot = makeMaxBot(db, max);
    const teacher = new MaxUser(bot, max, 78, "Анна");
    await teacher.open(await district.invite("teacher", district.schools[0]!.id));
    await teacher.press("Согласен(на)");
    await teacher.send("/diagnostic");
    expect(teacher.lastText()).toContain("Вопрос 1 из 24");
    await teacher.press("Да");
    await db.prisma.campaign.update({ where: { id: district.campaign.id }, data: { closedAt: new Date(Date.now() - 1000) } });
    await teacher.press("Да");
    expect(await db.prisma.answer.count({ where: { response: { campaignId: district.campaign.id, person: { accounts: { some: { externalId: "78" } } } } } })).toBe(1);
    await teacher.send("/diagnostic");
    expect(teacher.lastText()).toBe("Сейчас диагностика не проводится. Бот напомнит, когда район её откроет.");
    await db.prisma.campaign.update({ where: { id: district.campaign.id }, data: { closedAt: null, baseline: true } });
    await teacher.send("/diagnostic");
    expect(teacher.lastText()).toBe("Сейчас диагностика не проводится. Бот напомнит, когда район её откроет.");
    await db.prisma.campaign.update({ where: { id: district.campaign.id }, data: { baseline: false } });
    await teacher.send("/diagnostic");
    expect(teacher.lastText()).toContain("Вопрос 2 из 24");
  });
});
