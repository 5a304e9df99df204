// Onboarding in chat: invite codes and their errors, consent once, /help per role, command scopes,
// invites from the bot for district staff.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../prisma/db.ts";
import { openTestDatabase } from "../support/db.ts";
import { makeDistrict } from "../support/district.ts";
import { ChatUser, FakeTelegram, makeTestBot, textUpdate } from "../support/telegram.ts";

let db: Database;
let district: Awaited<ReturnType<typeof makeDistrict>>;
let telegram: FakeTelegram;
let bot: ReturnType<typeof makeTestBot>;
let nextId = 100;
const newUser = () => new ChatUser(bot, telegram, nextId++);

beforeAll(async () => {
  db = await openTestDatabase();
  district = await makeDistrict(db);
  telegram = new FakeTelegram();
  // Like telegram-test-api: these methods do not exist there, and the bot must live on.
  telegram.missing.add("setMyCommands");
  bot = makeTestBot(db, telegram);
});
afterAll(async () => {
  await db?.close();
});

describe("приглашения", () => {
  it("неизвестный, использованный, просроченный и отозванный код получают понятный ответ", async () => {
    const user = newUser();
    await user.send("/start NOSUCHCODE");
    expect(user.lastText()).toMatch(/Код приглашения не найден/);

    const code = await district.invite("teacher", district.schools[0]!.id);
    const first = newUser();
    await first.send(`/start ${code}`);
    await first.press("Согласен(на)");
    const second = newUser();
    await second.send(`/start ${code}`);
    expect(second.lastText()).toMatch(/уже воспользовались/);

    const expired = await district.invite("teacher", district.schools[0]!.id);
    await db.prisma.invite.update({ where: { code: expired }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await user.send(`/start ${expired}`);
    expect(user.lastText()).toMatch(/Срок действия приглашения истёк/);

    const revoked = await district.invite("teacher", district.schools[0]!.id);
    await db.prisma.invite.update({ where: { code: revoked }, data: { revokedAt: new Date() } });
    await user.send(`/start ${revoked}`);
    expect(user.lastText()).toMatch(/отозвано/);
    expect(await db.prisma.person.count({ where: { accounts: { some: { externalId: String(user.id) } } } })).toBe(0);
  });

  it("повторное открытие своей ссылки не создаёт второго человека и не тратит использование", async () => {
    const code = await district.invite("head", district.schools[1]!.id);
    const head = newUser();
    await head.send(`/start ${code}`);
    await head.press("Согласен(на)");
    await head.send(`/start ${code}`);
    expect(telegram.toChat(head.id).map((call) => call.payload.text).join("\n")).toContain("Вы уже подключены");
    const invite = await db.prisma.invite.findUniqueOrThrow({ where: { code } });
    expect(invite.uses).toBe(1);
    expect(await db.prisma.membership.count({ where: { schoolId: district.schools[1]!.id, role: "head" } })).toBe(1);
  });

  it("код можно просто отправить текстом, как на распечатке", async () => {
    const code = await district.invite("parent", district.schools[0]!.id);
    const parent = newUser();
    await parent.send(code.toLowerCase().replace(/(.{5})/, "$1 "));
    expect(telegram.toChat(parent.id)[0]!.payload.text).toContain("Приглашение: родитель");
  });
});

describe("согласие и справка", () => {
  it("согласие спрашивается один раз, без него функции закрыты, отказ объясняется", async () => {
    const teacher = newUser();
    const code = await district.invite("teacher", district.schools[0]!.id);
    await teacher.send(`/start ${code}`);
    await teacher.send("/diagnostic");
    expect(teacher.lastText()).toMatch(/проходят педагоги/);
    await teacher.press("Не согласен(на)");
    expect(teacher.lastText()).toMatch(/Приглашение остаётся в силе/);
    await teacher.send(`/start ${code}`);
    expect(teacher.keyboardMessage().text).toMatch(/Оператор: Управление образования/);
    await teacher.press("Согласен(на)");
    const person = await db.prisma.person.findFirstOrThrow({ where: { accounts: { some: { externalId: String(teacher.id) } } } });
    expect(person.consentAt).not.toBeNull();
    expect(person.consentVersion).toBeTruthy();
    telegram.clear();
    await teacher.send("/start");
    expect(teacher.lastText()).toContain("С возвращением");
    expect(telegram.calls.some((call) => String(call.payload.text).includes("Оператор"))).toBe(false);
  });

  it("/help пишется под роль", async () => {
    const stranger = newUser();
    await stranger.send("/help");
    expect(stranger.lastText()).toMatch(/ещё не подключены/);

    const teacher = newUser();
    await teacher.send(`/start ${await district.invite("teacher", district.schools[0]!.id)}`);
    await teacher.press("Согласен(на)");
    await teacher.send("/help");
    expect(teacher.lastText()).toMatch(/\/diagnostic/);
    expect(teacher.lastText()).not.toMatch(/\/invite/);

    const staff = newUser();
    await staff.send(`/start ${await district.invite("district", null)}`);
    await staff.press("Согласен(на)");
    await staff.send("/help");
    expect(staff.lastText()).toMatch(/\/invite/);
    expect(staff.lastText()).not.toMatch(/\/diagnostic/);
  });

  it("команды ставятся для чата; отсутствующий метод API не роняет бота", async () => {
    const calls = telegram.calls.filter((call) => call.method === "setMyCommands");
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.at(-1)!.payload.scope).toEqual({ type: "chat", chat_id: expect.any(Number) });
  });

  it("кнопка открывает Mini App по HTTPS", async () => {
    const teacher = newUser();
    await teacher.send(`/start ${await district.invite("teacher", district.schools[0]!.id)}`);
    await teacher.press("Согласен(на)");
    const buttons = teacher.keyboardMessage().buttons;
    expect(buttons.find((button) => button.text === "Открыть приложение")?.url).toBe("https://miniapp.example.ru");
  });
});

describe("приглашения из бота для РУО", () => {
  it("ссылка для родителей из бота действует до конца учебного года, как из приложения и командной строки", async () => {
    const staff = newUser();
    await staff.send(`/start ${await district.invite("district", null)}`);
    await staff.press("Согласен(на)");
    await staff.send("/invite");
    await staff.press("родитель");
    await staff.press("МБОУ СОШ №2");
    const code = staff.lastText().match(/start=([A-Z0-9]{10})/)![1]!;
    const invite = await db.prisma.invite.findUniqueOrThrow({ where: { code } });
    const now = new Date();
    const yearEnd = now.getUTCMonth() >= 7 ? now.getUTCFullYear() + 1 : now.getUTCFullYear();
    // 31 August (or 1 September at local midnight) of the school year, never 30 days.
    expect(invite.expiresAt.getTime() - now.getTime()).toBeGreaterThan(31 * 86_400_000);
    expect(invite.expiresAt.getUTCFullYear()).toBe(yearEnd);
    expect([7, 8]).toContain(invite.expiresAt.getUTCMonth());
  });

  it("сотрудник РУО выбирает роль и школу и получает ссылку; учителю команда недоступна", async () => {
    const staff = newUser();
    await staff.send(`/start ${await district.invite("district", null)}`);
    await staff.press("Согласен(на)");
    await staff.send("/invite");
    await staff.press("педагог");
    await staff.press("МБОУ СОШ №2");
    const text = staff.lastText();
    const link = text.match(/https:\/\/t\.me\/shnor_test_bot\?start=([A-Z0-9]{10})/);
    expect(link).not.toBeNull();
    const invite = await db.prisma.invite.findUniqueOrThrow({ where: { code: link![1]! } });
    expect(invite).toMatchObject({ role: "teacher", schoolId: district.schools[1]!.id, maxUses: 1 });

    const teacher = newUser();
    await teacher.send(`/start ${link![1]}`);
    await teacher.press("Согласен(на)");
    await teacher.send("/invite");
    expect(teacher.lastText()).toMatch(/доступна сотрудникам РУО/);
    // A forged callback from a non-district user creates nothing.
    const before = await db.prisma.invite.count();
    await teacher.pressData(`inv:s:head:${district.schools[0]!.id}`, 1);
    expect(await db.prisma.invite.count()).toBe(before);
  });
});

describe("удаление своих данных (152-ФЗ)", () => {
  it("после подтверждения человек, его роль и ответы удалены; отмена ничего не трогает", async () => {
    const teacher = newUser();
    await teacher.send(`/start ${await district.invite("teacher", district.schools[0]!.id)}`);
    await teacher.press("Согласен(на)");
    await teacher.send("/diagnostic");
    await teacher.press("Да");
    await teacher.press("Нет");
    const person = await db.prisma.person.findFirstOrThrow({ where: { accounts: { some: { externalId: String(teacher.id) } } } });
    await teacher.send("/deletedata");
    await teacher.press("Отмена");
    expect(await db.prisma.person.count({ where: { id: person.id } })).toBe(1);
    await teacher.send("/deletedata");
    await teacher.press("Удалить мои данные");
    expect(teacher.lastText()).toMatch(/данные удалены/);
    expect(await db.prisma.person.count({ where: { id: person.id } })).toBe(0);
    expect(await db.prisma.membership.count({ where: { personId: person.id } })).toBe(0);
    expect(await db.prisma.response.count({ where: { personId: person.id } })).toBe(0);
    expect(await db.prisma.account.count({ where: { externalId: String(teacher.id) } })).toBe(0);
    await teacher.send("/diagnostic");
    expect(teacher.lastText()).toMatch(/проходят педагоги/);
  });
});

describe("личные приглашения заранее внесённых людей (массовая загрузка)", () => {
  it("аккаунт присоединяется к внесённому человеку, чужой аккаунт получает отказ", async () => {
    const school = district.schools[0]!;
    const person = await db.prisma.person.create({
      data: {
        displayName: "Петрова Анна Ивановна",
        memberships: { create: { role: "teacher", districtId: district.district.id, schoolId: school.id } },
      },
    });
    const invite = await db.prisma.invite.create({
      data: {
        code: "PRSNM23456",
        role: "teacher",
        districtId: district.district.id,
        schoolId: school.id,
        maxUses: 1,
        expiresAt: new Date(Date.now() + 86_400_000),
        personId: person.id,
      },
    });
    // Someone already connected as another person cannot take it.
    const other = newUser();
    await other.send(`/start ${await district.invite("parent", school.id)}`);
    await other.press("Согласен(на)");
    await other.send(`/start ${invite.code}`);
    expect(other.lastText()).toMatch(/выписано на другого человека/);

    const teacher = newUser();
    await teacher.send(`/start ${invite.code}`);
    expect(telegram.toChat(teacher.id)[0]!.payload.text).toContain("Приглашение: педагог");
    await teacher.press("Согласен(на)");
    const account = await db.prisma.account.findFirstOrThrow({ where: { externalId: String(teacher.id) } });
    expect(account.personId).toBe(person.id);
    expect(await db.prisma.membership.count({ where: { personId: person.id } })).toBe(1);
    expect((await db.prisma.person.findUniqueOrThrow({ where: { id: person.id } })).displayName).toBe("Петрова Анна Ивановна");
  });
});

describe("групповые чаты", () => {
  it("бот не отвечает в группе и не принимает там приглашения", async () => {
    const code = await district.invite("teacher", district.schools[0]!.id);
    telegram.clear();
    const update = textUpdate(4242, `/start ${code}`);
    (update.message as any).chat = { id: -100123, type: "supergroup", title: "Учительская" };
    await bot.handleUpdate(update);
    expect(telegram.calls).toHaveLength(0);
    expect((await db.prisma.invite.findUniqueOrThrow({ where: { code } })).uses).toBe(0);
  });
});
