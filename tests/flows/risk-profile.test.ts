// /risk in both messengers (#13 §6): the head gets the school's profile as a short text with a button to the page
// in the Mini App and «Обновить»; district staff get their schools with the number of fixed factors; a teacher is
// refused. A questionnaire under the minimum of answers shows no figure in the text either.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../prisma/db.ts";
import { openTestDatabase } from "../support/db.ts";
import { makeDistrict } from "../support/district.ts";
import { FakeMax, makeMaxBot, MaxUser } from "../support/max.ts";
import { addCompletedResponses, fullAnswers, openRiskCampaign, riskInstrument } from "../support/risk.ts";
import { ChatUser, FakeTelegram, makeTestBot } from "../support/telegram.ts";

const DAY = 86_400_000;
let db: Database;
let district: Awaited<ReturnType<typeof makeDistrict>>;
let telegram: FakeTelegram;
let telegramBot: ReturnType<typeof makeTestBot>;
let max: FakeMax;
let maxBot: ReturnType<typeof makeMaxBot>;
let nextId = 40_000;

beforeAll(async () => {
  db = await openTestDatabase();
  district = await makeDistrict(db, { schools: 2 });
  const now = Date.now();
  const window = { districtId: district.district.id, opensAt: new Date(now - 5 * DAY), closesAt: new Date(now + 20 * DAY) };
  const card = await openRiskCampaign(db.prisma, { ...window, source: "card" });
  const students = await openRiskCampaign(db.prisma, { ...window, source: "student" });
  // School 1: the card says the building has deficits (yes) and six students answered; school 2 has nothing.
  await addCompletedResponses(db.prisma, { campaignId: card, schoolId: district.schools[0]!.id, answers: [fullAnswers(riskInstrument("card"))] });
  await addCompletedResponses(db.prisma, { campaignId: students, schoolId: district.schools[0]!.id, answers: Array.from({ length: 2 }, () => fullAnswers(riskInstrument("student"))) });
  telegram = new FakeTelegram();
  telegramBot = makeTestBot(db, telegram);
  max = new FakeMax();
  maxBot = makeMaxBot(db, max);
});
afterAll(async () => {
  await db?.close();
});

interface Chat {
  start(code: string): Promise<void>;
  send(text: string): Promise<void>;
  press(text: string): Promise<void>;
  texts(): string[];
  buttons(): string[];
  /** Where the Mini App button of the latest keyboard opens: Telegram's web_app URL, MAX's open_app payload. */
  appTarget(): string | undefined;
}

function telegramChat(): Chat {
  const user = new ChatUser(telegramBot, telegram, nextId++, "Ирина");
  return {
    start: (code) => user.send(`/start ${code}`),
    send: (text) => user.send(text),
    press: (text) => user.press(text),
    texts: () => telegram.toChat(user.id).map((call) => String(call.payload.text)),
    buttons: () => user.keyboardMessage().buttons.map((button) => button.text),
    appTarget: () => user.keyboardMessage().buttons.find((button) => button.url)?.url,
  };
}

function maxChat(): Chat {
  const user = new MaxUser(maxBot, max, nextId++, "Ирина");
  return {
    start: (code) => user.open(code),
    send: (text) => user.send(text),
    press: (text) => user.press(text),
    texts: () => user.texts(),
    buttons: () => user.keyboardMessage().buttons.map((button) => button.text),
    appTarget: () => user.keyboardMessage().buttons.find((button) => button.type === "open_app")?.payload,
  };
}

async function joined(chat: Chat, role: "teacher" | "head" | "district", school = 0) {
  await chat.start(await district.invite(role, role === "district" ? null : district.schools[school]!.id));
  await chat.press("Согласен(на)");
  return chat;
}

describe.each([
  ["Telegram", telegramChat],
  ["MAX", maxChat],
] as const)("%s: /risk", (_title, newChat) => {
  it("руководитель получает профиль своей школы коротким текстом с кнопкой на страницу; «Обновить» присылает его снова", async () => {
    const head = await joined(newChat(), "head");
    await head.send("/help");
    expect(head.texts().at(-1)).toContain("/risk");
    await head.send("/risk");
    const text = head.texts().at(-1)!;
    expect(text).toContain("Рисковый профиль школы: МБОУ СОШ №1");
    expect(text).toMatch(/Риск (зафиксирован по \d+|не зафиксирован)/);
    expect(text).toContain("1. Низкий уровень оснащения");
    expect(text.length).toBeLessThanOrEqual(3500);
    // Two students only: their factor's parameters have no figure; the factor of discipline relies on students and teachers.
    expect(text).toContain("8. Низкий уровень дисциплины в классах — нет данных");
    expect(head.buttons()).toContain("Обновить");
    // The button opens this school's profile page, not the app's home.
    expect(head.appTarget()).toContain(`risk-${district.schools[0]!.id}`);
    const before = head.texts().length;
    await head.press("Обновить");
    expect(head.texts().length).toBe(before + 1);
    expect(head.texts().at(-1)).toContain("Рисковый профиль школы: МБОУ СОШ №1");
  });

  it("руководитель школы без данных узнаёт, откуда берётся профиль", async () => {
    const head = await joined(newChat(), "head", 1);
    await head.send("/risk");
    expect(head.texts().at(-1)).toContain("Данных пока нет");
  });

  it("район получает список школ с числом факторов риска; учителю — отказ", async () => {
    const staff = await joined(newChat(), "district");
    await staff.send("/risk");
    const text = staff.texts().at(-1)!;
    expect(text).toContain("Рисковые профили школ — Тестовый район");
    expect(text).toMatch(/• МБОУ СОШ №1: факторов риска — \d+/);
    expect(text).not.toContain("МБОУ СОШ №2:");
    const teacher = await joined(newChat(), "teacher");
    await teacher.send("/risk");
    expect(teacher.texts().at(-1)).toBe("Рисковый профиль видят руководитель школы и специалисты района.");
  });
});
