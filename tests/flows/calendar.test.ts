// /calendar in both messengers (#14 §4): district staff see the district's next deadlines (the school
// year's defaults are there from the first look) and mark one done with «✅ n»; a head sees the
// entries heads answer for and closes one from a reminder's «✅ Выполнено» (cl:done:<id>); a second
// press changes nothing; a teacher is refused, and cannot press someone else's button; /help lists it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { calendarDefaults } from "../../core/management/calendar-defaults.ts";
import { schoolYearOf } from "../../core/management/school-year.ts";
import { PrismaAuditRepository } from "../../prisma/audit.ts";
import type { Database } from "../../prisma/db.ts";
import { openTestDatabase } from "../support/db.ts";
import { makeDistrict } from "../support/district.ts";
import { FakeMax, makeMaxBot, MaxUser } from "../support/max.ts";
import { ChatUser, FakeTelegram, makeTestBot } from "../support/telegram.ts";

const DAY = 86_400_000;
let db: Database;
let district: Awaited<ReturnType<typeof makeDistrict>>;
let telegram: FakeTelegram;
let max: FakeMax;
let nextId = 52_000;

beforeAll(async () => {
  db = await openTestDatabase();
  district = await makeDistrict(db, { schools: 1 });
  telegram = new FakeTelegram();
  max = new FakeMax();
});
afterAll(async () => {
  await db?.close();
});

interface Chat {
  start(code: string): Promise<void>;
  send(text: string): Promise<void>;
  press(text: string): Promise<void>;
  pressData(data: string): Promise<void>;
  texts(): string[];
  buttons(): string[];
}

function telegramChat(): Chat {
  const user = new ChatUser(makeTestBot(db, telegram, { audit: new PrismaAuditRepository(db.prisma) }), telegram, nextId++, "Ольга");
  return {
    start: (code) => user.send(`/start ${code}`),
    send: (text) => user.send(text),
    press: (text) => user.press(text),
    pressData: (data) => user.pressData(data),
    texts: () => telegram.toChat(user.id).map((call) => String(call.payload.text)),
    buttons: () => user.keyboardMessage().buttons.map((button) => button.text),
  };
}

function maxChat(): Chat {
  const user = new MaxUser(makeMaxBot(db, max, { audit: new PrismaAuditRepository(db.prisma) }), max, nextId++, "Ольга");
  return {
    start: (code) => user.open(code),
    send: (text) => user.send(text),
    press: (text) => user.press(text),
    pressData: (data) => user.pressPayload(data),
    texts: () => user.texts(),
    buttons: () => user.keyboardMessage().buttons.map((button) => button.text),
  };
}

async function joined(chat: Chat, role: "teacher" | "head" | "district") {
  await chat.start(await district.invite(role, role === "district" ? null : district.schools[0]!.id));
  await chat.press("Согласен(на)");
  return chat;
}

/** A district's own entry due in `days` days (UTC midnight of that date). */
async function entry(title: string, days: number, roles: string[]) {
  const due = new Date(Date.now() + days * DAY);
  const dueOn = new Date(Date.UTC(due.getUTCFullYear(), due.getUTCMonth(), due.getUTCDate()));
  const row = await db.prisma.calendarEntry.create({
    data: { districtId: district.district.id, schoolYear: schoolYearOf(dueOn, "UTC"), title, dueOn, responsibleRoles: roles },
  });
  return row.id;
}

/** The number of the entry in the last /calendar list («3. до … — title»). */
function numberOf(text: string, title: string): number {
  const line = text.split("\n").find((candidate) => candidate.includes(title));
  expect(line, text).toBeTruthy();
  return Number(/^(\d+)\./.exec(line!)![1]);
}

describe.each([
  ["Telegram", telegramChat],
  ["MAX", maxChat],
] as const)("%s: /calendar", (channel, newChat) => {
  it("РУО видит ближайшие сроки района и отмечает выполнение кнопкой «✅ n»", async () => {
    const staff = await joined(newChat(), "district");
    const title = `Сверка списков группы риска (${channel})`;
    const id = await entry(title, 1, ["district"]);
    await staff.send("/help");
    expect(staff.texts().at(-1)).toContain("/calendar");
    await staff.send("/calendar");
    const list = staff.texts().at(-1)!;
    expect(list).toContain("📅 Календарь мониторингов: Тестовый район");
    expect(list).toContain("Сроки, ответственных и напоминания меняет РУО в приложении");
    const year = schoolYearOf(new Date(), "Europe/Moscow");
    expect(await db.prisma.calendarEntry.count({ where: { districtId: district.district.id, schoolYear: year, key: { not: null } } })).toBe(calendarDefaults(year).length);
    const n = numberOf(list, title);
    await staff.press(`✅ ${n}`);
    expect((await db.prisma.calendarEntry.findUnique({ where: { id } }))!.doneAt).not.toBeNull();
    // The list is redrawn without it.
    expect(staff.texts().at(-1)).not.toContain(title);
    expect(staff.texts().at(-1)).toContain("📅 Календарь мониторингов");
  });

  it("руководитель видит свои сроки и закрывает запись кнопкой «✅ Выполнено» из напоминания; повторное нажатие ничего не меняет", async () => {
    const head = await joined(newChat(), "head");
    const mine = `Отчёт школы о ВПР (${channel})`;
    const notMine = `Заседание рабочей группы (${channel})`;
    const id = await entry(mine, 2, ["head"]);
    await entry(notMine, 2, ["district"]);
    await head.send("/calendar");
    const list = head.texts().at(-1)!;
    expect(list).toContain(mine);
    expect(list).not.toContain(notMine);
    expect(list).not.toContain("меняет РУО в приложении");
    expect(head.buttons()).toContain(`✅ ${numberOf(list, mine)}`);

    // The reminder's button; the audit log (#16) records the change once, as for the Mini App's route.
    const logged = () => db.prisma.auditEntry.findMany({ where: { via: "bot", target: "bot cl:done:", districtId: district.district.id } });
    const before = (await logged()).length;
    await head.pressData(`cl:done:${id}`);
    expect(head.texts().at(-1)).toBe(`Отмечено выполненным: «${mine}».`);
    const done = (await db.prisma.calendarEntry.findUnique({ where: { id } }))!.doneAt;
    expect(done).not.toBeNull();
    await head.pressData(`cl:done:${id}`);
    expect((await db.prisma.calendarEntry.findUnique({ where: { id } }))!.doneAt).toEqual(done);
    const entries = await logged();
    expect(entries).toHaveLength(before + 1);
    expect(entries.at(-1)).toMatchObject({ action: "decisions.change", role: "head", details: null });
    await head.send("/calendar");
    expect(head.texts().at(-1)).not.toContain(mine);
  });

  it("педагогу календарь не положен, и чужую кнопку он нажать не может", async () => {
    const teacher = await joined(newChat(), "teacher");
    const id = await entry(`Мониторинг сайтов школ (${channel})`, 3, ["head"]);
    await teacher.send("/calendar");
    expect(teacher.texts().at(-1)).toMatch(/^Календарь мониторингов ведут сотрудники РУО/);
    await teacher.pressData(`cl:done:${id}`);
    expect((await db.prisma.calendarEntry.findUnique({ where: { id } }))!.doneAt).toBeNull();
  });
});
