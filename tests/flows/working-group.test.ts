// /meetings in both messengers (#15 §7): a member of the working group (invited with the role
// working_group) and district staff get the composition, the next meeting with its agenda and the last
// minutes (quorum, decisions, the report approved) with «Все заседания» and one meeting's page; a new
// bot over the same database answers the same; a teacher is refused and cannot open a meeting by
// pressing its button data.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
let nextId = 57_000;
let heldId: string;
let plannedId: string;
let heldDate: string;

beforeAll(async () => {
  db = await openTestDatabase();
  district = await makeDistrict(db, { schools: 1 });
  telegram = new FakeTelegram();
  max = new FakeMax();
  const districtId = district.district.id;
  const group = await db.prisma.workingGroup.create({
    data: {
      districtId,
      orderRef: "Приказ РУО № 45",
      orderDate: new Date("2026-09-01T00:00:00Z"),
      members: [
        { name: "Тимков А.В.", position: "начальник управления образования", role: "chair" },
        { name: "Бибенина О.А.", position: "заведующий РМК", role: "secretary" },
        { name: "Кукушко О.В.", position: "методист", role: "member" },
      ],
    },
  });
  // Noon Moscow time, 5 days ago and in 6 days.
  const noon = (days: number) => new Date(Math.floor((Date.now() + 3 * 3600_000) / DAY) * DAY + days * DAY + 9 * 3600_000);
  heldDate = noon(-5).toISOString().slice(0, 10).split("-").reverse().join(".");
  const held = await db.prisma.workingGroupMeeting.create({
    data: {
      districtId,
      workingGroupId: group.id,
      number: "2",
      heldOn: noon(-5),
      place: "МКУ «Управление образования»",
      agenda: [{ title: "Об анализе эффективности мер", speaker: "Бибенина О.А." }],
      state: "held",
      attendees: { present: [{ name: "Тимков А.В.", position: "начальник", role: "chair" }, { name: "Кукушко О.В.", position: "методист", role: "member" }], total: 3 },
      minutes: [{ text: "Направить учителей на КПК по критериям ВПР", responsible: "Кукушко О.В.", dueOn: "2027-02-01", decisionId: null, reportId: null }],
    },
  });
  heldId = held.id;
  const planned = await db.prisma.workingGroupMeeting.create({
    data: {
      districtId,
      workingGroupId: group.id,
      number: "3",
      heldOn: noon(6),
      place: "каб. 12",
      agenda: [
        { title: "Об утверждении аналитической справки за полугодие", speaker: "Тимков А.В." },
        { title: "О плане работы школ-кураторов", speaker: null },
      ],
    },
  });
  plannedId = planned.id;
}, 60_000);
afterAll(async () => {
  await db?.close();
});

interface Chat {
  userId: number;
  start(code: string): Promise<void>;
  send(text: string): Promise<void>;
  press(text: string): Promise<void>;
  pressData(data: string): Promise<void>;
  texts(): string[];
  buttons(): string[];
  /** The same person in a bot started anew over the same database. */
  restarted(): Chat;
}

function telegramChat(id = nextId++): Chat {
  const user = new ChatUser(makeTestBot(db, telegram), telegram, id, "Ольга");
  return {
    userId: id,
    start: (code) => user.send(`/start ${code}`),
    send: (text) => user.send(text),
    press: (text) => user.press(text),
    pressData: (data) => user.pressData(data),
    texts: () => telegram.toChat(user.id).map((call) => String(call.payload.text)),
    buttons: () => user.keyboardMessage().buttons.map((button) => button.text),
    restarted: () => telegramChat(id),
  };
}

function maxChat(id = nextId++): Chat {
  const user = new MaxUser(makeMaxBot(db, max), max, id, "Ольга");
  return {
    userId: id,
    start: (code) => user.open(code),
    send: (text) => user.send(text),
    press: (text) => user.press(text),
    pressData: (data) => user.pressPayload(data),
    texts: () => user.texts(),
    buttons: () => user.keyboardMessage().buttons.map((button) => button.text),
    restarted: () => maxChat(id),
  };
}

async function joined(chat: Chat, role: "teacher" | "district" | "working_group") {
  await chat.start(await district.invite(role, role === "teacher" ? district.schools[0]!.id : null));
  await chat.press("Согласен(на)");
  return chat;
}

describe.each([
  ["Telegram", telegramChat],
  ["MAX", maxChat],
] as const)("%s: /meetings", (_channel, newChat) => {
  it("член рабочей группы видит ближайшее заседание с повесткой и последний протокол, все заседания и одно заседание", async () => {
    const member = await joined(newChat(), "working_group");
    await member.send("/help");
    expect(member.texts().at(-1)).toContain("/meetings");
    await member.send("/meetings");
    const digest = member.texts().at(-1)!;
    expect(digest).toContain("Рабочая группа — Тестовый район");
    expect(digest).toContain("Состав: Приказ РУО № 45 от 01.09.2026, 3 члена.");
    expect(digest).toMatch(/Ближайшее заседание.*№ 3.*, 12:00, каб\. 12/);
    expect(digest).toContain("1. Об утверждении аналитической справки за полугодие (докладчик: Тимков А.В.)\n2. О плане работы школ-кураторов");
    expect(digest).toContain(`Протокол № 2 от ${heldDate}`);
    expect(digest).toContain("Присутствовали 2 из 3 членов — кворум есть.");
    expect(digest).toContain("1. Направить учителей на КПК по критериям ВПР — ответственный: Кукушко О.В., срок: 01.02.2027");
    expect(member.buttons()).toEqual(expect.arrayContaining(["Все заседания", "Открыть рабочую группу"]));

    // A bot started anew over the same database: the same answer, and its buttons work.
    const again = member.restarted();
    await again.press("Все заседания");
    const list = again.texts().at(-1)!;
    expect(list).toContain("№ 3 от");
    expect(list).toContain("(назначено)");
    expect(list).toContain(`№ 2 от ${heldDate}`);
    await again.press(`№ 2 от ${heldDate}`);
    const one = again.texts().at(-1)!;
    expect(one).toContain("Заседание № 2");
    expect(one).toContain("1. Об анализе эффективности мер (докладчик: Бибенина О.А.)");
    expect(one).toContain("Направить учителей на КПК");
  });

  it("сотрудник РУО видит то же; педагогу отказано, и кнопку заседания он открыть не может", async () => {
    const staff = await joined(newChat(), "district");
    await staff.send("/meetings");
    expect(staff.texts().at(-1)).toContain("Ближайшее заседание");
    await staff.pressData(`wg:m:${plannedId}`);
    expect(staff.texts().at(-1)).toContain("О плане работы школ-кураторов");

    const teacher = await joined(newChat(), "teacher");
    await teacher.send("/meetings");
    expect(teacher.texts().at(-1)).toBe("Заседания рабочей группы видят сотрудники РУО и члены муниципальной рабочей группы.");
    const before = teacher.texts().length;
    await teacher.pressData(`wg:m:${heldId}`);
    await teacher.pressData(`wg:l:${district.district.id}`);
    expect(teacher.texts().slice(before).join("\n")).not.toContain("Направить учителей");
  });
});
