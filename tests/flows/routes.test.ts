// /route in both messengers: a teacher with a completed diagnostic sees their route (courses of the
// catalog by their deficits), marks an item done with «✅ n», sends the certificate as a link or a
// file, takes a mark back, sets their attributes (buttons and «стаж 7»); a head gets no route; the
// same state in a fresh bot (everything in the database).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { teacherDiagnosticV1 } from "../../core/instruments/teacher-diagnostic.ts";
import type { Database } from "../../prisma/db.ts";
import { openTestDatabase } from "../support/db.ts";
import { makeDistrict } from "../support/district.ts";
import { FakeMax, makeMaxBot, MaxUser } from "../support/max.ts";
import { ChatUser, FakeTelegram, makeTestBot } from "../support/telegram.ts";

let db: Database;
let district: Awaited<ReturnType<typeof makeDistrict>>;
let telegram: FakeTelegram;
let max: FakeMax;
let nextId = 41_000;

beforeAll(async () => {
  db = await openTestDatabase();
  district = await makeDistrict(db, { schools: 1 });
  await db.prisma.course.createMany({
    data: [
      { districtId: district.district.id, title: "Инклюзия на уроке", provider: "ЦНППМ", hours: 36, areas: ["disabilities"], url: "https://iro.example.ru/1" },
      { districtId: district.district.id, title: "Цифровые ресурсы", provider: "ИРО", hours: 16, areas: ["technology"] },
    ],
  });
  telegram = new FakeTelegram();
  max = new FakeMax();
});
afterAll(async () => {
  await db?.close();
});

interface Chat {
  start(code: string): Promise<void>;
  send(text: string): Promise<void>;
  press(text: string | RegExp): Promise<void>;
  sendFile(name: string, bytes: Uint8Array): Promise<void>;
  texts(): string[];
  buttons(): string[];
  fresh(): Chat;
}

function telegramChat(id = nextId++): Chat {
  const user = new ChatUser(makeTestBot(db, telegram), telegram, id, "Ольга");
  return {
    start: (code) => user.send(`/start ${code}`),
    send: (text) => user.send(text),
    press: (text) => user.press(text),
    sendFile: (name, bytes) => user.sendDocument(name, bytes),
    texts: () => telegram.toChat(user.id).map((call) => String(call.payload.text)),
    buttons: () => user.keyboardMessage().buttons.map((button) => button.text),
    fresh: () => telegramChat(id),
  };
}

function maxChat(id = nextId++): Chat {
  const user = new MaxUser(makeMaxBot(db, max), max, id, "Ольга");
  return {
    start: (code) => user.open(code),
    send: (text) => user.send(text),
    press: async (text) => {
      if (typeof text === "string") return user.press(text);
      const button = user.keyboardMessage().buttons.find((candidate) => text.test(candidate.text));
      if (!button) throw new Error(`no button ${text}`);
      return user.press(button.text);
    },
    sendFile: (name, bytes) => user.sendFile(name, bytes),
    texts: () => user.texts(),
    buttons: () => user.keyboardMessage().buttons.map((button) => button.text),
    fresh: () => maxChat(id),
  };
}

async function joined(chat: Chat, role: "teacher" | "head" | "district") {
  await chat.start(await district.invite(role, role === "district" ? null : district.schools[0]!.id));
  await chat.press("Согласен(на)");
  return chat;
}

/** The newest person who joined completes the diagnostic, weak in ОВЗ only. */
async function completesDiagnostic() {
  const person = await db.prisma.person.findFirst({ orderBy: { createdAt: "desc" } });
  await db.prisma.response.create({
    data: {
      campaignId: district.campaign.id,
      personId: person!.id,
      completedAt: new Date(),
      answers: {
        create: teacherDiagnosticV1.questions.map((question) => {
          const value = question.areaId === "disabilities" ? 1 : 4;
          return { questionId: question.id, value: question.reverse ? 5 - value : value };
        }),
      },
    },
  });
  return person!.id;
}

describe.each([
  ["Telegram", telegramChat],
  ["MAX", maxChat],
] as const)("%s: /route", (_title, newChat) => {
  it("маршрут, отметка, сертификат ссылкой и файлом, снятие отметки, атрибуты", async () => {
    const chat = await joined(newChat(), "teacher");
    await chat.send("/help");
    expect(chat.texts().at(-1)).toContain("/route");
    await chat.send("/route");
    expect(chat.texts().at(-1)).toMatch(/Пройдите её \(\/diagnostic\)/);

    const personId = await completesDiagnostic();
    await chat.send("/route");
    const screen = chat.texts().at(-1)!;
    expect(screen).toContain("Ваш образовательный маршрут (ИОМ)");
    expect(screen).toMatch(/1\. Курс: Инклюзия на уроке/);
    expect(screen).not.toContain("Цифровые ресурсы");
    expect(chat.buttons()).toContain("✅ 1");

    await chat.press("✅ 1");
    expect(chat.texts().at(-1)).toMatch(/Пункт 1 отмечен пройденным/);
    await chat.send("https://iro.example.ru/cert/5");
    expect(chat.texts().at(-1)).toBe("Сертификат приложен к пункту «Инклюзия на уроке».");
    let item = await db.prisma.routeItem.findFirst({ where: { route: { personId }, title: "Инклюзия на уроке" } });
    expect(item).toMatchObject({ certificateUrl: "https://iro.example.ru/cert/5" });
    expect(item!.doneAt).not.toBeNull();

    // A second link has no item waiting: the text is not taken as a certificate.
    await chat.send("https://example.ru/other");
    expect(chat.texts().at(-1)).not.toMatch(/Сертификат приложен/);

    // A fresh bot over the same database: the state is there.
    const again = chat.fresh();
    await again.send("/route");
    expect(again.texts().at(-1)).toMatch(/1\. ✅ Курс: Инклюзия на уроке/);
    expect(again.texts().at(-1)).toContain("сертификат приложен");
    expect(again.buttons()).toContain("↩️ 1");

    await again.press("✅ 2");
    await again.sendFile("сертификат.pdf", new TextEncoder().encode("%PDF-1.4 семинар"));
    expect(again.texts().at(-1)).toMatch(/^Сертификат приложен к пункту «Работа с обучающимися с ОВЗ»/);
    item = await db.prisma.routeItem.findFirst({ where: { route: { personId }, position: 1 } });
    expect(item!.certificateName).toBe("сертификат.pdf");

    await again.send("/route");
    await again.press("↩️ 1");
    item = await db.prisma.routeItem.findFirst({ where: { route: { personId }, title: "Инклюзия на уроке" } });
    expect(item).toMatchObject({ doneAt: null, certificateUrl: null });

    await again.press("Обо мне (стаж, категория)");
    expect(again.texts().at(-1)).toContain("Стаж: не указано");
    await again.press("первая");
    await again.press(/^Молодой педагог/);
    await again.send("стаж 2");
    expect(again.texts().at(-1)).toContain("Стаж: 2");
    expect(await db.prisma.teacherAttributes.findUnique({ where: { personId } })).toMatchObject({ serviceYears: 2, category: "first", young: true, newlyArrived: null });
    await again.press("Стереть всё");
    expect(await db.prisma.teacherAttributes.findUnique({ where: { personId } })).toMatchObject({ serviceYears: null, category: null, young: null });
   }, 90_000);

  it("руководитель маршрута учителя не получает", async () => {
    const chat = await joined(newChat(), "head");
    await chat.send("/route");
    expect(chat.texts().at(-1)).toBe("Маршрут (ИОМ) строится для педагогов.");
  });
});

describe("методист института", () => {
  it("сотрудник РУО приглашает методиста без школы; методист подключается и видит раздел в /help", async () => {
    const staff = telegramChat();
    await joined(staff, "district");
    await staff.send("/invite");
    await staff.press("методист института (ИРО/ЦНППМ)");
    const invite = staff.texts().at(-1)!;
    const code = /start=([A-Za-z0-9_-]+)/.exec(invite)?.[1];
    expect(code, invite).toBeTruthy();
    const methodologist = telegramChat();
    await methodologist.start(code!);
    await methodologist.press("Согласен(на)");
    const membership = await db.prisma.membership.findFirst({ where: { role: "methodologist" } });
    expect(membership).toMatchObject({ schoolId: null, districtId: district.district.id, active: true });
    await methodologist.send("/help");
    expect(methodologist.texts().at(-1)).toContain("Дефициты педагогов района по областям и целевым группам");
  });
});
