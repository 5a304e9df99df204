// /campaign in the bot (#11 §2, short actions): district staff close and open the diagnostic from the
// chat with a confirmation, through the same use cases as the CLI and the Mini App — in both messengers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../prisma/db.ts";
import { openTestDatabase } from "../support/db.ts";
import { makeDistrict } from "../support/district.ts";
import { FakeMax, makeMaxBot, MaxUser } from "../support/max.ts";
import { ChatUser, FakeTelegram, makeTestBot } from "../support/telegram.ts";

let db: Database;
let staff: ChatUser;
let head: ChatUser;
let maxStaff: MaxUser;
let districtId: string;
let otherDistrictId: string;

beforeAll(async () => {
  db = await openTestDatabase();
  const district = await makeDistrict(db);
  const other = await makeDistrict(db, { schools: 1 });
  districtId = district.district.id;
  otherDistrictId = other.district.id;
  const telegram = new FakeTelegram();
  const max = new FakeMax();
  const tgBot = makeTestBot(db, telegram);
  const maxBot = makeMaxBot(db, max);
  staff = new ChatUser(tgBot, telegram, 1, "Марина");
  await staff.send(`/start ${await district.invite("district", null)}`);
  await staff.press("Согласен(на)");
  head = new ChatUser(tgBot, telegram, 2, "Ирина");
  await head.send(`/start ${await district.invite("head", district.schools[0]!.id)}`);
  await head.press("Согласен(на)");
  maxStaff = new MaxUser(maxBot, max, 3, "Олег");
  await maxStaff.open(await other.invite("district", null));
  await maxStaff.press("Согласен(на)");
});
afterAll(async () => {
  await db?.close();
});

const open = (id: string) => db.prisma.campaign.count({ where: { districtId: id, opensAt: { lte: new Date() }, closesAt: { gt: new Date() } } });

describe("/campaign", () => {
  it("Telegram: закрыть идущую диагностику и открыть новую — с подтверждением", async () => {
    expect(await open(districtId)).toBe(1);
    await staff.send("/campaign");
    expect(staff.lastText()).toContain("«Диагностика дефицитов, февраль» — идёт");
    await staff.press("Закрыть диагностику");
    await staff.press("Отмена");
    expect(staff.lastText()).toBe("Ничего не изменено.");
    expect(await open(districtId)).toBe(1);
    await staff.send("/campaign");
    await staff.press("Закрыть диагностику");
    await staff.press("Да, закрыть");
    expect(staff.lastText()).toMatch(/^Диагностика «Диагностика дефицитов, февраль» закрыта/);
    expect(await open(districtId)).toBe(0);

    await staff.send("/campaign");
    expect(staff.lastText()).toContain("Диагностика сейчас не идёт.");
    await staff.press("Открыть на 30 дней");
    const confirm = staff.keyboardMessage();
    await staff.press("Да, открыть");
    expect(staff.lastText()).toMatch(/^Диагностика «Диагностика профессиональных дефицитов педагогов» открыта до /);
    expect(await open(districtId)).toBe(1);
    // A double tap opens nothing more.
    await staff.pressData(confirm.buttons[0]!.data!, confirm.messageId);
    expect(await db.prisma.campaign.count({ where: { districtId } })).toBe(2);
    expect(await open(otherDistrictId)).toBe(1);
  });

  it("MAX: сотрудник другого района управляет только своим", async () => {
    await maxStaff.send("/campaign");
    await maxStaff.press("Закрыть диагностику");
    await maxStaff.press("Да, закрыть");
    expect(maxStaff.lastText()).toMatch(/закрыта/);
    expect(await open(otherDistrictId)).toBe(0);
    expect(await open(districtId)).toBe(1);
    // A forged button for the first district's campaign is refused by the use case.
    const campaign = await db.prisma.campaign.findFirstOrThrow({ where: { districtId, closesAt: { gt: new Date() } } });
    await maxStaff.pressPayload(`campaign:closeyes:${campaign.id}`);
    expect(maxStaff.lastText()).toBe("Это действие доступно только сотрудникам РУО этого района");
    expect(await open(districtId)).toBe(1);
  });

  it("руководителю школы команда недоступна", async () => {
    await head.send("/campaign");
    expect(head.lastText()).not.toMatch(/Диагностика сейчас|идёт/);
    expect(await open(districtId)).toBe(1);
  });
});
