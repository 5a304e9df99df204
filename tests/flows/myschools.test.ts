// /myschools in both messengers (#15 §2): a curator invited to the district (no school) through /invite's
// «На район» is assigned by the district and sees the school, its head, the curator school and the shared
// roadmap events, with the Mini App at "net-myNetwork"; the head sees who supports the school; a curator
// school's head sees the paired school; a teacher is refused; /invite offers no curator_head.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schoolYearOf } from "../../core/management/school-year.ts";
import type { Database } from "../../prisma/db.ts";
import { openTestDatabase } from "../support/db.ts";
import { makeDistrict } from "../support/district.ts";
import { FakeMax, makeMaxBot, MaxUser } from "../support/max.ts";
import { ChatUser, FakeTelegram, makeTestBot } from "../support/telegram.ts";

let db: Database;
let district: Awaited<ReturnType<typeof makeDistrict>>;
let telegram: FakeTelegram;
let max: FakeMax;
let nextId = 68_500;

beforeAll(async () => {
  db = await openTestDatabase();
  district = await makeDistrict(db, { schools: 2 });
  telegram = new FakeTelegram();
  max = new FakeMax();
  const roadmap = await db.prisma.roadmap.create({
    data: {
      districtId: district.district.id,
      schoolId: district.schools[0]!.id,
      scopeKey: district.schools[0]!.id,
      schoolYear: schoolYearOf(new Date(), "Europe/Moscow"),
      title: "Дорожная карта",
    },
  });
  const due = new Date(Date.UTC(new Date().getUTCFullYear() + 1, 2, 15));
  await db.prisma.roadmapEvent.createMany({
    data: [
      { roadmapId: roadmap.id, section: "methodical", number: "2.1", position: 1, title: "Выездная проектная сессия кураторов", dueOn: due, executorsText: "РУО, кураторы" },
      { roadmapId: roadmap.id, section: "analytical", number: "4.1", position: 2, title: "Аналитическая справка РУО", dueOn: due, executorsText: "РУО" },
    ],
  });
});
afterAll(async () => {
  await db?.close();
});

interface Chat {
  id: number;
  channel: "telegram" | "max";
  start(code: string): Promise<void>;
  send(text: string): Promise<void>;
  press(text: string): Promise<void>;
  texts(): string[];
  buttons(): Array<{ text: string; start: string | null }>;
}

function telegramChat(): Chat {
  const user = new ChatUser(makeTestBot(db, telegram), telegram, nextId++, "Ольга");
  return {
    id: user.id,
    channel: "telegram",
    start: (code) => user.send(`/start ${code}`),
    send: (text) => user.send(text),
    press: (text) => user.press(text),
    texts: () => telegram.toChat(user.id).map((call) => String(call.payload.text)),
    buttons: () => user.keyboardMessage().buttons.map((button) => ({ text: button.text, start: button.url ? new URL(button.url).searchParams.get("start") : null })),
  };
}

function maxChat(): Chat {
  const user = new MaxUser(makeMaxBot(db, max), max, nextId++, "Ольга");
  return {
    id: user.id,
    channel: "max",
    start: (code) => user.open(code),
    send: (text) => user.send(text),
    press: (text) => user.press(text),
    texts: () => user.texts(),
    buttons: () => user.keyboardMessage().buttons.map((button) => ({ text: button.text, start: button.type === "open_app" ? (button.payload ?? null) : null })),
  };
}

const personOf = async (chat: Chat) => (await db.prisma.account.findFirstOrThrow({ where: { channel: chat.channel, externalId: String(chat.id) } })).personId;

async function joinedWith(chat: Chat, code: string) {
  await chat.start(code);
  await chat.press("Согласен(на)");
  return chat;
}

describe.each([
  ["Telegram", telegramChat],
  ["MAX", maxChat],
] as const)("%s: /myschools", (channel, newChat) => {
  it("куратор, приглашённый на район через /invite, закреплён РУО и видит школу, руководителя, школу-куратор и общие мероприятия", async () => {
    const school1 = district.schools[0]!;
    const school2 = district.schools[1]!;
    const staff = await joinedWith(newChat(), await district.invite("district", null));
    await staff.send("/invite");
    const roles = staff.buttons().map((button) => button.text);
    expect(roles).toContain("куратор");
    expect(roles).toContain("региональный оператор");
    expect(roles).not.toContain("руководитель школы-куратора");
    await staff.press("куратор");
    await staff.press("На район (без школы): закрепит РУО");
    const code = /([A-Z2-9]{10})/.exec(staff.texts().at(-1)!)![1]!;
    const invite = await db.prisma.invite.findUniqueOrThrow({ where: { code } });
    expect(invite).toMatchObject({ role: "curator", schoolId: null });

    const curator = await joinedWith(newChat(), code);
    const curatorId = await personOf(curator);
    await curator.send("/myschools");
    expect(curator.texts().at(-1)).toMatch(/^Пока вы ни за какой школой не закреплены/);

    const head = await joinedWith(newChat(), await district.invite("head", school1.id));
    const curatorHead = await joinedWith(newChat(), await district.invite("head", school2.id));
    const staffId = await personOf(staff);
    const today = new Date(new Date().toISOString().slice(0, 10) + "T00:00:00Z");
    // What the Mini App's district page does (the API test covers the routes): assign and pair.
    const { createAssignment, createPair } = await import("../../core/services/assignments.ts");
    const { testNetwork } = await import("../support/network.ts");
    const { PrismaRepository } = await import("../../prisma/repository.ts");
    const network = testNetwork(db);
    const repo = new PrismaRepository(db.prisma);
    const deps = { assignments: network.assignments, recipients: network.recipients, repo, clock: { now: () => new Date() } };
    const viewer = (await repo.getPerson(staffId))!;
    const iso = today.toISOString().slice(0, 10);
    await createAssignment(deps, viewer, district.district.id, { personId: curatorId, schoolId: school1.id, kind: "curator", startsOn: iso, endsOn: null, plannedVisits: 3, note: null });
    if (channel === "Telegram") {
      await createPair(deps, viewer, district.district.id, { supportedSchoolId: school1.id, curatorSchoolId: school2.id, startsOn: iso, endsOn: null, note: null });
    }

    await curator.send("/myschools");
    const list = curator.texts().at(-1)!;
    expect(list).toContain("🤝 Мои школы");
    expect(list).toContain("МБОУ СОШ №1");
    expect(list).toContain("Я: куратор, с ");
    expect(list).toContain("План визитов в год: 3");
    expect(list).toContain("Руководитель: Ольга");
    expect(list).toContain("Школа-куратор: «МБОУ СОШ №2»");
    expect(list).toContain("2.1. Выездная проектная сессия кураторов");
    expect(list).not.toContain("Аналитическая справка РУО");
    expect(curator.buttons()).toContainEqual({ text: "Открыть «Мои школы»", start: "net-myNetwork" });

    await head.send("/myschools");
    const seenByHead = head.texts().at(-1)!;
    expect(seenByHead).toContain("Я: руководитель школы");
    expect(seenByHead).toContain("Куратор: Ольга, с ");

    await curatorHead.send("/myschools");
    expect(curatorHead.texts().at(-1)).toContain("Я: руководитель школы-куратора «МБОУ СОШ №2»");
    await curatorHead.send("/help");
    expect(curatorHead.texts().at(-1)).toContain("/myschools");

    const teacher = await joinedWith(newChat(), await district.invite("teacher", school1.id));
    await teacher.send("/myschools");
    expect(teacher.texts().at(-1)).toMatch(/^«Мои школы» — для наставников/);
  });
});
