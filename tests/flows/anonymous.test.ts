// Anonymous parents in the bots (#13): `/start q-<token>` asks for the class code, the code opens the
// questionnaire (every question type), a used code or a code of another school is refused, a restart
// continues, and once the response completes nothing ties the chat to the answers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../prisma/db.ts";
import { accountKey, formatClassCode } from "../../core/services/anonymous.ts";
import { openTestDatabase } from "../support/db.ts";
import { makeDistrict } from "../support/district.ts";
import { FakeMax, makeMaxBot, MaxUser } from "../support/max.ts";
import { ChatUser, FakeTelegram, makeTestBot } from "../support/telegram.ts";
import { issueCodes, openParentCampaign } from "../support/anonymous.ts";

let db: Database;
let telegram: FakeTelegram;
let max: FakeMax;
let token: string;
let otherToken: string;
let codes: string[];
let otherSchoolCode: string;
let closedToken: string;
let invite: Awaited<ReturnType<typeof makeDistrict>>["invite"];
let schoolId: string;

beforeAll(async () => {
  db = await openTestDatabase();
  const made = await makeDistrict(db);
  const { district, schools } = made;
  invite = made.invite;
  schoolId = schools[0]!.id;
  const campaign = await openParentCampaign(db, district.id);
  const issued = await issueCodes(db, district.id, campaign.id, schools[0]!.id, [{ label: "5А", count: 4 }]);
  token = issued.link.token;
  codes = issued.classes[0]!.codes;
  const other = await issueCodes(db, district.id, campaign.id, schools[1]!.id, [{ label: "6Б", count: 1 }]);
  otherToken = other.link.token;
  otherSchoolCode = other.classes[0]!.codes[0]!;
  const closed = await openParentCampaign(db, district.id, { opensAt: new Date(Date.now() - 10 * 86_400_000), closesAt: new Date(Date.now() - 86_400_000) });
  await db.prisma.surveyLink.create({ data: { token: "cccccccccccccccc", campaignId: closed.id, schoolId: schools[0]!.id, audience: "parent" } });
  closedToken = "cccccccccccccccc";
  telegram = new FakeTelegram();
  max = new FakeMax();
});
afterAll(async () => {
  await db?.close();
});

async function answerAll(user: ChatUser, code: string) {
  await user.send(`/start q-${token}`);
  expect(user.lastText()).toContain("Напишите код с листка");
  expect(user.lastText()).toContain("не персональные данные");
  await user.send(code.toLowerCase().replace(/(.{4})/, "$1 "));
  expect(user.lastText()).toContain("Вопрос 1 из 6");
  expect(user.lastText()).toContain("Ребёнку безопасно в школе?");
}

describe("анонимный опрос в Telegram", () => {
  it("ссылка → код → все типы вопросов, ветвление, «Назад», затрудняюсь, перезапуск бота, «Спасибо»; потом код не принимается", async () => {
    const user = new ChatUser(makeTestBot(db, telegram), telegram, 7001, "Родитель");
    await answerAll(user, codes[0]!);
    await user.press("Затрудняюсь ответить");
    expect(user.lastText()).toContain("Как вы узнаёте об успехах ребёнка?");
    await user.press("Родительские собрания");
    expect(user.lastText()).toContain("В чём вы участвовали");
    await user.press("☐ Собрания");
    await user.press("☐ Праздники");
    await user.press("☑ Собрания");
    // A restart between the toggles and «Готово»: the picks live in the message's buttons.
    user.bot = makeTestBot(db, telegram);
    await user.press("Готово");
    expect(user.lastText()).toContain("Школа помогала вам советом?");
    const events = await db.prisma.answer.findFirst({ where: { questionId: "events" } });
    expect(events?.ints).toEqual([2]);
    await user.press("Нет");
    expect(user.lastText()).toContain("Чего не хватило?");
    expect(user.lastText()).toContain("Вопрос 5 из 7");
    await user.press("← Назад");
    expect(user.lastText()).toContain("Школа помогала вам советом?");
    await user.press("Да");
    expect(user.lastText()).toContain("Сколько часов");
    expect(user.lastText()).toContain("Вопрос 5 из 6");
    await user.send("сорок пять");
    expect(user.lastText()).toContain("Сколько часов");
    await user.send("45");
    expect(telegram.toChat(7001).map((call) => call.payload.text).join("\n")).toContain("не больше 40");
    user.bot = makeTestBot(db, telegram);
    await user.send("7,5");
    expect(telegram.toChat(7001).at(-2)?.payload.text).toBe("Нужно целое число, без дробной части.");
    await user.send("7");
    expect(user.lastText()).toContain("Что ещё сказать школе?");
    await user.press("Пропустить");
    expect(user.lastText()).toContain("Спасибо!");

    const response = await db.prisma.response.findFirstOrThrow({ where: { completedAt: { not: null } }, include: { answers: true, schools: true } });
    expect(response.personId).toBeNull();
    expect(response.source).toBe("chat");
    expect(response.answers.find((answer) => answer.questionId === "hours")?.num).toBe(7);
    expect(response.answers.find((answer) => answer.questionId === "safe")?.kind).toBe("unsure");
    expect(response.schools).toHaveLength(1);
    // Nothing ties the chat to the answers: no session, no person, no account.
    expect(await db.prisma.anonymousSession.count({ where: { accountKey: await accountKey("telegram", "7001") } })).toBe(0);
    expect(await db.prisma.person.count({ where: { accounts: { some: { externalId: "7001" } } } })).toBe(0);
    expect(await db.prisma.account.count({ where: { externalId: "7001" } })).toBe(0);

    await user.send(`/start q-${token}`);
    await user.send(formatClassCode(codes[0]!));
    expect(user.lastText()).toBe("Этот код уже использован: анкета по нему отправлена. Если это ошибка, попросите в школе новый код.");
  });

  it("код другой школы и выдуманный код не принимаются; «Отмена» выходит", async () => {
    const user = new ChatUser(makeTestBot(db, telegram), telegram, 7002, "Родитель");
    await user.send(`/start q-${token}`);
    await user.send(otherSchoolCode);
    expect(user.lastText()).toContain("выдан для другого опроса или другой школы");
    await user.send("ABCD-EFGH");
    expect(user.lastText()).toContain("Такого кода нет");
    await user.send("привет");
    expect(user.lastText()).toContain("Это не похоже на код");
    await user.press("Отмена");
    expect(user.lastText()).toContain("опрос отложен");
    expect(await db.prisma.anonymousSession.count({ where: { accountKey: await accountKey("telegram", "7002") } })).toBe(0);
    await user.send(otherSchoolCode);
    expect(user.lastText()).not.toContain("Вопрос");
  });

  it("неизвестная и закрытая ссылки", async () => {
    const user = new ChatUser(makeTestBot(db, telegram), telegram, 7003, "Родитель");
    await user.send("/start q-nosuchlinktoken1");
    expect(user.lastText()).toBe("Ссылка на опрос не найдена. Проверьте её или спросите в школе новую.");
    await user.send(`/start q-${closedToken}`);
    expect(user.lastText()).toBe("Опрос закрыт: ответы больше не принимаются. Спасибо!");
  });

  it("учитель, подключённый к боту, отвечает как родитель анонимно: ответ без человека", async () => {
    const user = new ChatUser(makeTestBot(db, telegram), telegram, 7004, "Учитель");
    await user.send(`/start ${await invite("teacher", schoolId)}`);
    await user.press("Согласен(на)");
    await answerAll(user, codes[2]!);
    await user.press("Да");
    const response = await db.prisma.response.findFirstOrThrow({ where: { answers: { some: {} }, completedAt: null, source: "chat" } });
    expect(response.personId).toBeNull();
    expect(response.classCodeId).not.toBeNull();
    expect(user.lastText()).toContain("Как вы узнаёте");
  });
});

describe("анонимный опрос в MAX", () => {
  it("ссылка → код → ответы; код, начатый в MAX, продолжается и не даёт второго ответа", async () => {
    const user = new MaxUser(makeMaxBot(db, max), max, 8001, "Ученик");
    await user.open(`q-${token}`);
    expect(user.lastText()).toContain("Напишите код с листка");
    await user.send(codes[1]!);
    expect(user.lastText()).toContain("Ребёнку безопасно в школе?");
    await user.press("Да");
    await user.press("Электронный дневник");
    await user.press("☐ Субботники");
    await user.press("Готово");
    await user.press("Да");
    await user.send("3");
    await user.send("Всё хорошо");
    expect(user.lastText()).toContain("Спасибо!");
    const used = await db.prisma.classCode.count({ where: { usedAt: { not: null } } });
    expect(used).toBe(2);
    await user.open(`q-${token}`);
    await user.send(codes[1]!);
    expect(user.lastText()).toContain("Этот код уже использован");
    expect(await db.prisma.anonymousSession.count({ where: { accountKey: await accountKey("max", "8001") } })).toBe(1);
  });
});
