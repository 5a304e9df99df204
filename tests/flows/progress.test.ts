// /progress in the bot (#11 §1, §5): three figures without names for the district staff and for a
// head's own school, and «Напомнить» with a confirmation that reports what it queued — in both messengers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../prisma/db.ts";
import { openTestDatabase } from "../support/db.ts";
import { makeDistrict } from "../support/district.ts";
import { FakeMax, makeMaxBot, MaxUser } from "../support/max.ts";
import { ChatUser, FakeTelegram, makeTestBot } from "../support/telegram.ts";

let db: Database;
let telegram: FakeTelegram;
let max: FakeMax;
let staff: ChatUser;
let head: MaxUser;
let teacher: ChatUser;

beforeAll(async () => {
  db = await openTestDatabase();
  const district = await makeDistrict(db);
  const [first, second] = district.schools;
  telegram = new FakeTelegram();
  max = new FakeMax();
  const tgBot = makeTestBot(db, telegram);
  const maxBot = makeMaxBot(db, max);
  const joinTelegram = async (id: number, code: string) => {
    const user = new ChatUser(tgBot, telegram, id, `Человек ${id}`);
    await user.send(`/start ${code}`);
    await user.press("Согласен(на)");
    return user;
  };
  const joinMax = async (id: number, code: string) => {
    const user = new MaxUser(maxBot, max, id, `Человек ${id}`);
    await user.open(code);
    await user.press("Согласен(на)");
    return user;
  };
  staff = await joinTelegram(1, await district.invite("district", null));
  head = await joinMax(2, await district.invite("head", first!.id));
  teacher = await joinTelegram(3, await district.invite("teacher", first!.id));
  await joinMax(4, await district.invite("teacher", first!.id));
  // Registered in advance by the district, never joined.
  const imported = await db.prisma.person.create({ data: { displayName: "Импортова Анна" } });
  await db.prisma.membership.create({ data: { personId: imported.id, role: "teacher", districtId: district.district.id, schoolId: second!.id } });
});
afterAll(async () => {
  await db?.close();
});

describe("/progress", () => {
  it("Telegram, РУО: три числа по району и школам, напоминание с подтверждением и честным отчётом", async () => {
    await staff.send("/progress");
    const shown = staff.lastText();
    expect(shown).toContain("завершили 0 из 3; подключились, не закончили — 2; не подключились — 1");
    expect(shown).toContain("МБОУ СОШ №1: 0 из 2");
    expect(shown).toContain("МБОУ СОШ №2: 0 из 1 (не подключились — 1");
    expect(shown).not.toMatch(/Человек|Импортова|npm/);
    await staff.press("Напомнить не закончившим (2)");
    expect(staff.lastText()).toContain("не завершили диагностику: 2");
    const confirm = staff.keyboardMessage();
    await staff.press("Да, напомнить");
    expect(staff.lastText()).toBe(
      "Поставлено в очередь: 2 напоминания.\nКому не написали и почему:\n• не подключились к боту — 1",
    );
    expect(await db.prisma.outbox.count()).toBe(2);
    // A double tap of the same confirmation sends nothing more.
    await staff.pressData(confirm.buttons[0]!.data!, confirm.messageId);
    expect(await db.prisma.outbox.count()).toBe(2);
  });

  it("MAX, руководитель: только своя школа; повторное напоминание в тот же день никому не пишет", async () => {
    await head.send("/progress");
    const shown = head.lastText();
    expect(shown).toContain("МБОУ СОШ №1");
    expect(shown).toContain("завершили 0 из 2; подключились, не закончили — 2; не подключились — 0");
    expect(shown).not.toContain("МБОУ СОШ №2");
    await head.press("Напомнить не закончившим (2)");
    await head.press("Да, напомнить");
    expect(head.lastText()).toBe("Никому не написали.\nКому не написали и почему:\n• уже получили напоминание сегодня — 2");
    expect(await db.prisma.outbox.count()).toBe(2);
  });

  it("учителю команда недоступна", async () => {
    await teacher.send("/progress");
    expect(teacher.lastText()).not.toContain("завершили");
    expect(await db.prisma.outbox.count()).toBe(2);
  });

  it("дата окончания — по часовому поясу района, а не сервера", async () => {
    // 20:00 UTC is 23:00 the same day in Moscow and 06:00 the next day in Vladivostok.
    await db.prisma.district.updateMany({ data: { timezone: "Asia/Vladivostok" } });
    await db.prisma.campaign.updateMany({ data: { closesAt: new Date("2027-01-20T20:00:00Z") } });
    await staff.send("/progress");
    expect(staff.lastText()).toContain("21 января 2027");
    await head.send("/progress");
    expect(head.lastText()).toContain("21 января 2027");
  });
});
