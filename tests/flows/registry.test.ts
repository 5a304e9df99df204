// Issue #10 §2–3 and #11 §4, §7, §9 in both messengers: consent before joining with the operator's
// details, no invites before the district enters them, /mydata as a file, once-only buttons, the
// profile sent once, a membership the district ended, and the wording of greetings, help and the profile.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createInvite } from "../../core/services/onboarding.ts";
import type { Database } from "../../prisma/db.ts";
import { openTestDatabase } from "../support/db.ts";
import { makeDistrict } from "../support/district.ts";
import { FakeMax, makeMaxBot, MaxUser } from "../support/max.ts";
import { ChatUser, FakeTelegram, makeTestBot } from "../support/telegram.ts";

let db: Database;
let district: Awaited<ReturnType<typeof makeDistrict>>;
let telegram: FakeTelegram;
let telegramBot: ReturnType<typeof makeTestBot>;
let max: FakeMax;
let maxBot: ReturnType<typeof makeMaxBot>;
let nextId = 20_000;

beforeAll(async () => {
  db = await openTestDatabase();
  district = await makeDistrict(db);
  telegram = new FakeTelegram();
  telegramBot = makeTestBot(db, telegram);
  max = new FakeMax();
  maxBot = makeMaxBot(db, max);
});
afterAll(async () => {
  await db?.close();
});

/** One person in either messenger, with the same verbs. */
interface Chat {
  id: number;
  start(code?: string): Promise<void>;
  send(text: string): Promise<void>;
  press(text: string): Promise<void>;
  /** The latest message with buttons: a reference to press on it later, and its buttons. */
  keyboard(): { ref: string; buttons: Array<{ text: string; data: string }> };
  pressData(data: string, ref: string): Promise<void>;
  texts(): string[];
  documents(): Array<{ filename: string; bytes: Uint8Array; caption?: string }>;
}

function telegramChat(): Chat {
  const user = new ChatUser(telegramBot, telegram, nextId++, "Марина");
  return {
    id: user.id,
    start: (code) => user.send(code ? `/start ${code}` : "/start"),
    send: (text) => user.send(text),
    press: (text) => user.press(text),
    keyboard: () => {
      const message = user.keyboardMessage();
      return { ref: String(message.messageId), buttons: message.buttons.map((button) => ({ text: button.text, data: button.data ?? "" })) };
    },
    pressData: (data, ref) => user.pressData(data, Number(ref)),
    texts: () => telegram.toChat(user.id).map((call) => String(call.payload.text)),
    documents: () => telegram.documents(user.id),
  };
}

function maxChat(): Chat {
  const user = new MaxUser(maxBot, max, nextId++, "Марина");
  return {
    id: user.id,
    start: (code) => user.open(code),
    send: (text) => user.send(text),
    press: (text) => user.press(text),
    keyboard: () => {
      const message = user.keyboardMessage();
      return { ref: message.mid, buttons: message.buttons.map((button) => ({ text: button.text, data: button.payload ?? "" })) };
    },
    pressData: (data, ref) => user.pressPayload(data, ref),
    texts: () => user.texts(),
    documents: () => max.documents(user.chatId),
  };
}

const personOf = (chat: Chat, channel: string) =>
  db.prisma.person.findFirst({ where: { accounts: { some: { channel, externalId: String(chat.id) } } }, include: { memberships: true } });

async function joined(chat: Chat, role: "teacher" | "head" | "district" | "parent" = "teacher") {
  await chat.start(await district.invite(role, role === "district" ? null : district.schools[0]!.id));
  await chat.press("Согласен(на)");
  return chat;
}

describe.each([
  ["Telegram", "telegram", telegramChat],
  ["MAX", "max", maxChat],
] as const)("%s", (_title, channel, newChat) => {
  it("согласие до подключения: текст с оператором, до «Согласен(на)» ничего не сохранено, отказ оставляет приглашение", async () => {
    const chat = newChat();
    const code = await district.invite("teacher", district.schools[0]!.id);
    await chat.start(code);
    const consent = chat.texts().at(-1)!;
    expect(consent).toContain("Приглашение: педагог (МБОУ СОШ №1)");
    expect(consent).toContain("Оператор: Управление образования администрации Тестового муниципального района");
    expect(consent).toContain("адрес: 123456, Тестовая обл.");
    expect(consent).toMatch(/Цель обработки: .+\nКакие данные: .+\nДействия с данными: .+\nСрок: до окончания программы/);
    expect(consent).toContain("Как отозвать согласие: командой /deletedata");
    expect(await personOf(chat, channel)).toBeNull();
    expect((await db.prisma.invite.findUniqueOrThrow({ where: { code } })).uses).toBe(0);

    await chat.press("Не согласен(на)");
    expect(chat.texts().at(-1)).toMatch(/ничего о вас не сохранил. Приглашение остаётся в силе/);
    expect(await personOf(chat, channel)).toBeNull();
    expect((await db.prisma.invite.findUniqueOrThrow({ where: { code } })).uses).toBe(0);

    await chat.start(code);
    await chat.press("Согласен(на)");
    const person = await personOf(chat, channel);
    expect(person?.consentAt).not.toBeNull();
    expect(person?.memberships).toMatchObject([{ role: "teacher", active: true }]);
    expect((await db.prisma.invite.findUniqueOrThrow({ where: { code } })).uses).toBe(1);
    expect(chat.texts().join("\n")).toContain("Готово: вы подключены как педагог (МБОУ СОШ №1, Тестовый район)");
    // The first greeting says hello, not "welcome back"; the next /start says welcome back.
    expect(chat.texts().at(-1)).toMatch(/^Здравствуйте, Марина!/);
    await chat.start();
    expect(chat.texts().at(-1)).toMatch(/^С возвращением, Марина!/);
  });

  it("двойное нажатие «Согласен(на)» подключает один раз и пишет один раз", async () => {
    const chat = newChat();
    await chat.start(await district.invite("teacher", district.schools[0]!.id));
    const { ref, buttons } = chat.keyboard();
    const agree = buttons.find((button) => button.text === "Согласен(на)")!.data;
    await chat.pressData(agree, ref);
    const after = chat.texts().length;
    await chat.pressData(agree, ref);
    expect(chat.texts().length).toBe(after);
    expect(chat.texts().filter((text) => text.includes("вы подключены")).length).toBe(1);
    // A refusal pressed on the same message after agreeing changes nothing either.
    await chat.pressData(buttons.find((button) => button.text === "Не согласен(на)")!.data, ref);
    expect(chat.texts().length).toBe(after);
    expect((await personOf(chat, channel))?.consentAt).not.toBeNull();
  });

  it("без сведений об операторе приглашение не выдаётся и не открывается; причина — по-русски", async () => {
    const own = await makeDistrict(db, { schools: 1 });
    const staff = newChat();
    await staff.start(await own.invite("district", null));
    await staff.press("Согласен(на)");
    await db.prisma.district.update({ where: { id: own.district.id }, data: { operatorName: null, operatorAddress: null } });
    const before = await db.prisma.invite.count();
    await staff.send("/invite");
    expect(staff.texts().at(-1)).toMatch(/Приглашения пока нельзя выдавать: район не указал сведения об операторе/);
    await expect(own.invite("teacher", own.schools[0]!.id)).rejects.toMatchObject({ code: "operator_missing" });
    expect(await db.prisma.invite.count()).toBe(before);

    // An invite made earlier (before the rule) cannot be used without a complete consent text.
    const old = await db.prisma.invite.create({
      data: {
        code: channel === "max" ? "PREVM23456" : "PREVG23456",
        role: "teacher",
        districtId: own.district.id,
        schoolId: own.schools[0]!.id,
        maxUses: 1,
        expiresAt: new Date(Date.now() + 86_400_000),
      },
    });
    const teacher = newChat();
    await teacher.start(old.code);
    expect(teacher.texts().at(-1)).toMatch(/Подключиться пока нельзя: район ещё не указал сведения об операторе/);
    expect(await personOf(teacher, channel)).toBeNull();
  });

  it("сотрудник РУО: приветствие с меню; двойное нажатие на школу даёт одно приглашение", async () => {
    const staff = await joined(newChat(), "district");
    expect(staff.texts().at(-1)).toMatch(/^Здравствуйте/);
    expect(staff.keyboard().buttons.map((button) => button.text)).toContain("Создать приглашение");
    await staff.press("Создать приглашение");
    expect(staff.texts().at(-1)).toBe("Кого пригласить?");
    await staff.press("педагог");
    const list = staff.keyboard();
    const school = list.buttons.find((button) => button.text === "МБОУ СОШ №2")!.data;
    const before = await db.prisma.invite.count({ where: { schoolId: district.schools[1]!.id } });
    await staff.pressData(school, list.ref);
    await staff.pressData(school, list.ref);
    expect(await db.prisma.invite.count({ where: { schoolId: district.schools[1]!.id } })).toBe(before + 1);
    expect(staff.texts().filter((text) => text.startsWith("Приглашение: педагог")).length).toBe(1);
  });

  it("отключённый районом не возвращается по общей ссылке; по новой личной — возвращается", async () => {
    const code = await district.invite("teacher", district.schools[0]!.id, 5);
    const chat = newChat();
    await chat.start(code);
    await chat.press("Согласен(на)");
    const person = (await personOf(chat, channel))!;
    await db.prisma.membership.updateMany({ where: { personId: person.id }, data: { active: false, endedAt: new Date() } });
    // A personal card made before the district ended the membership does not bring it back either.
    const deps = { repo: district.repo, clock: { now: () => new Date() }, randomBytes: (size: number) => randomBytes(size) };
    const oldCard = await db.prisma.invite.create({
      data: {
        code: channel === "max" ? "ENDMX23456" : "ENDTG23456",
        role: "teacher",
        districtId: district.district.id,
        schoolId: district.schools[0]!.id,
        maxUses: 1,
        expiresAt: new Date(Date.now() + 86_400_000),
        personId: person.id,
        createdAt: new Date(Date.now() - 86_400_000),
      },
    });

    await chat.start(code);
    expect(chat.texts().at(-1)).toMatch(/участие в этой школе завершено районом/);
    await chat.start(oldCard.code);
    expect(chat.texts().at(-1)).toMatch(/участие в этой школе завершено районом/);
    expect((await db.prisma.membership.findFirstOrThrow({ where: { personId: person.id } })).active).toBe(false);
    await chat.send("/diagnostic");
    expect(chat.texts().at(-1)).toMatch(/проходят педагоги/);

    const card = await createInvite(deps, null, {
      role: "teacher",
      districtId: district.district.id,
      schoolId: district.schools[0]!.id,
      personId: person.id,
    });
    await chat.start(card.code);
    expect((await db.prisma.membership.findFirstOrThrow({ where: { personId: person.id } })).active).toBe(true);
    expect(chat.texts().join("\n")).toContain("Готово: вы подключены как педагог");
  });

  it("профиль приходит один раз: двойное нажатие последнего ответа и старая кнопка только подтверждаются", async () => {
    const chat = await joined(newChat());
    await chat.send("/diagnostic");
    expect(chat.texts().at(-1)).toContain("«Да», «Скорее да», «Скорее нет» или «Нет»");
    expect(chat.texts().at(-1)).not.toMatch(/«да» или «нет»/);
    const first = chat.keyboard();
    for (let index = 0; index < 23; index++) await chat.press("Да");
    const last = chat.keyboard();
    const yes = last.buttons.find((button) => button.text === "Да")!.data;
    await chat.pressData(yes, last.ref);
    await chat.pressData(yes, last.ref);
    await chat.pressData(first.buttons.find((button) => button.text === "Нет")!.data, first.ref);
    const profiles = chat.texts().filter((text) => text.startsWith("Ваш профиль профессиональных дефицитов"));
    expect(profiles).toHaveLength(1);
    // No advice for an area at 0 %, and no "no deficit" next to a deficit figure.
    const atZero = [...profiles[0]!.matchAll(/^\d+\. (.+) — дефицит не выражен, 0%$/gm)].map((match) => match[1]!);
    expect(atZero.length).toBeGreaterThan(0);
    for (const title of atZero) expect(profiles[0]).not.toContain(`• ${title}:`);
    expect(profiles[0]).not.toContain("нет дефицита");
  });

  it("/mydata присылает файл JSON со всем, что бот хранит о человеке", async () => {
    const chat = await joined(newChat());
    await chat.send("/diagnostic");
    await chat.press("Скорее да");
    await chat.press("Нет");
    await chat.send("/mydata");
    const [file] = chat.documents();
    expect(file?.filename).toBe("moi-dannye.json");
    expect(file?.caption).toMatch(/Всё, что бот хранит о вас/);
    const data = JSON.parse(new TextDecoder().decode(file!.bytes));
    expect(data.person.consentAt).toBeTruthy();
    expect(data.accounts).toMatchObject([{ channel, externalId: String(chat.id) }]);
    expect(data.memberships).toMatchObject([{ role: "teacher", school: "МБОУ СОШ №1", district: "Тестовый район", active: true }]);
    expect(data.responses[0].answers.map((answer: { value: number }) => answer.value)).toEqual([3, 1]);

    const stranger = newChat();
    await stranger.send("/mydata");
    expect(stranger.texts().at(-1)).toMatch(/О вас нет данных/);
    expect(stranger.documents()).toHaveLength(0);
  });

  it("справка обещает только то, что работает: родителям — без опросов и новостей, РУО — без командной строки, рассылки — через /broadcast", async () => {
    const parent = await joined(newChat(), "parent");
    await parent.send("/help");
    const help = parent.texts().at(-1)!;
    expect(help).toContain("Родителю:");
    expect(help).not.toMatch(/опрос|новост/i);
    expect(help).toContain("/mydata");
    const staff = await joined(newChat(), "district");
    await staff.send("/help");
    expect(staff.texts().at(-1)).toContain("/invite");
    expect(staff.texts().at(-1)).not.toMatch(/npm run cli/);
    // Рассылки РУО есть с #14: справка называет команду, которая их открывает.
    expect(staff.texts().at(-1)).toMatch(/\/broadcast — [^\n]*рассылк/i);
    const head = await joined(newChat(), "head");
    await head.send("/help");
    expect(head.texts().at(-1)).toMatch(/Руководителю школы:[\s\S]*\/app — дефициты педагогов школы/);
    const teacher = await joined(newChat());
    await teacher.send("/help");
    expect(teacher.texts().at(-1)).toContain("Педагогу:");
    expect(teacher.texts().at(-1)).not.toMatch(/учител/i);
  });
});
