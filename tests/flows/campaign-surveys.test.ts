// /campaign for every instrument (#13): district staff open a parents' survey from the chat (the
// instrument, the schools, a confirmation that says the bot does not write to parents), see it
// running and close it — closing sets closedAt. In Telegram and in MAX.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../prisma/db.ts";
import { CAMPAIGN_INSTRUMENT_KEYS } from "../../core/services/campaigns.ts";
import { openTestDatabase } from "../support/db.ts";
import { makeDistrict } from "../support/district.ts";
import { FakeMax, makeMaxBot, MaxUser } from "../support/max.ts";
import { ChatUser, FakeTelegram, makeTestBot } from "../support/telegram.ts";

let db: Database;
let staff: ChatUser;
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
  staff = new ChatUser(makeTestBot(db, telegram), telegram, 11, "Марина");
  await staff.send(`/start ${await district.invite("district", null)}`);
  await staff.press("Согласен(на)");
  maxStaff = new MaxUser(makeMaxBot(db, max), max, 12, "Олег");
  await maxStaff.open(await other.invite("district", null));
  await maxStaff.press("Согласен(на)");
});
afterAll(async () => {
  await db?.close();
});

const surveys = (id: string, key: string) => db.prisma.campaign.findMany({ where: { districtId: id, instrument: { key } } });

describe("/campaign: опросы любых анкет", () => {
  it("Telegram: открыть опрос родителей всех школ и закрыть его", async () => {
    await staff.send("/campaign");
    expect(staff.lastText()).toContain("«Диагностика дефицитов, февраль» — идёт");
    await staff.press("Открыть другой опрос…");
    expect(staff.lastText()).toBe("Какую анкету открыть?");
    await staff.press(/\(родители\)$/);
    await staff.press("Все школы района");
    expect(staff.lastText()).toContain("Кого спрашиваем: родители; все школы района.");
    expect(staff.lastText()).toContain("Родителям и обучающимся бот не пишет и не напоминает");
    const confirm = staff.keyboardMessage();
    await staff.press("Да, открыть");
    expect(staff.lastText()).toMatch(/^Опрос «.+» открыт до /);
    // A double tap opens nothing more.
    await staff.pressData(confirm.buttons[0]!.data!, confirm.messageId);
    const [survey] = await surveys(districtId, "parent_survey");
    expect(await db.prisma.campaign.count({ where: { districtId, instrument: { key: "parent_survey" } } })).toBe(1);
    expect(survey!.audience).toEqual({ roles: ["parent"], schoolIds: null });

    await staff.send("/campaign");
    // The survey's own message, before the diagnostic's: its «Закрыть опрос».
    const running = staff.telegram
      .toChat(staff.id)
      .filter((call) => call.method === "sendMessage" && String(call.payload.text).includes(`«${survey!.title}» — идёт`))
      .at(-1)!;
    const close = (running.payload.reply_markup as any).inline_keyboard.flat().find((button: any) => button.text === "Закрыть опрос");
    await staff.pressData(close.callback_data, Number(running.result?.message_id));
    await staff.press("Да, закрыть");
    expect(staff.lastText()).toMatch(/^Опрос «.+» закрыт .*итоги заморожены/);
    expect((await surveys(districtId, "parent_survey"))[0]!.closedAt).not.toBeNull();
  });

  it("MAX: карта самоанализа; чужой район кнопкой не открыть", async () => {
    await maxStaff.send("/campaign");
    await maxStaff.press("Открыть другой опрос…");
    const card = maxStaff.keyboardMessage().buttons.find((button) => button.text.endsWith("(руководители школ)"))!;
    await maxStaff.pressPayload(card.payload!);
    await maxStaff.press("Все школы района");
    expect(maxStaff.lastText()).toContain("Бот пригласит их в 9–21 ч");
    await maxStaff.press("Да, открыть");
    expect(maxStaff.lastText()).toMatch(/^Опрос «.+» открыт до /);
    expect(await surveys(otherDistrictId, "school_card")).toHaveLength(1);
    // A forged button for the first district is refused by the use case.
    await maxStaff.pressPayload(`campaign:go:${districtId}:${CAMPAIGN_INSTRUMENT_KEYS.indexOf("school_card")}:a`);
    expect(maxStaff.lastText()).toBe("Это действие доступно только сотрудникам РУО этого района");
    expect(await surveys(districtId, "school_card")).toHaveLength(0);
  });
});
