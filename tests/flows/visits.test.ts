// /visit in both messengers (#15 §3): a mentor assigned to a school reports a visit through the survey
// runner; the bot is restarted in the middle (a new bot over the same database) and /visit continues on
// the same question; a typed date is checked; a file is attached at the end; «Отправить» makes the visit
// submitted with date, format and the assignment, and queues the head's notice; the head confirms with
// one button and a second press changes nothing. A head disputes another report, the reason is typed
// after a restart. A teacher is refused /visit. A report begun in Telegram continues in MAX (one person, two accounts).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrismaAuditRepository } from "../../prisma/audit.ts";
import type { Database } from "../../prisma/db.ts";
import { openTestDatabase } from "../support/db.ts";
import { makeDistrict } from "../support/district.ts";
import { FakeMax, makeMaxBot, MaxUser } from "../support/max.ts";
import { ChatUser, FakeTelegram, makeTestBot } from "../support/telegram.ts";

let db: Database;
let district: Awaited<ReturnType<typeof makeDistrict>>;
let telegram: FakeTelegram;
let max: FakeMax;
let nextId = 61_000;

beforeAll(async () => {
  db = await openTestDatabase();
  district = await makeDistrict(db, { schools: 2 });
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
  sendFile(name: string, bytes: Uint8Array): Promise<void>;
  restart(): void;
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
    sendFile: (name, bytes) => user.sendDocument(name, bytes),
    restart: () => {
      user.bot = makeTestBot(db, telegram, { audit: new PrismaAuditRepository(db.prisma) });
    },
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
    sendFile: (name, bytes) => user.sendFile(name, bytes),
    restart: () => {
      user.bot = makeMaxBot(db, max, { audit: new PrismaAuditRepository(db.prisma) });
    },
    texts: () => user.texts(),
    buttons: () => user.keyboardMessage().buttons.map((button) => button.text),
  };
}

async function joined(chat: Chat, role: "teacher" | "head" | "mentor", school = 0) {
  await chat.start(await district.invite(role, district.schools[school]!.id));
  await chat.press("Согласен(на)");
  return chat;
}

const newestMember = (role: string, schoolId: string) =>
  db.prisma.membership.findFirstOrThrow({ where: { role, schoolId, active: true }, orderBy: { createdAt: "desc" } });

const today = () => new Intl.DateTimeFormat("ru-RU", { timeZone: "Europe/Moscow", day: "2-digit", month: "2-digit", year: "numeric" }).format(new Date());

describe.each([
  ["Telegram", telegramChat],
  ["MAX", maxChat],
] as const)("%s: /visit", (channel, newChat) => {
  it("наставник отчитывается о визите с перезапуском бота посередине; руководитель подтверждает одной кнопкой", async () => {
    const school = district.schools[channel === "Telegram" ? 0 : 1]!;
    const index = channel === "Telegram" ? 0 : 1;
    const head = await joined(newChat(), "head", index);
    const headMembership = await newestMember("head", school.id);
    const mentor = await joined(newChat(), "mentor", index);
    const mentorMembership = await newestMember("mentor", school.id);
    const assignment = await db.prisma.assignment.create({
      data: {
        districtId: district.district.id,
        schoolId: school.id,
        personId: mentorMembership.personId,
        kind: "mentor",
        startsOn: new Date(Date.now() - 30 * 86_400_000),
        membershipId: mentorMembership.id,
      },
    });

    await mentor.send("/help");
    expect(mentor.texts().at(-1)).toContain("/visit");
    await mentor.send("/visit");
    expect(mentor.texts().at(-1)).toContain("Вопрос 1 из 8");
    expect(mentor.texts().at(-1)).toContain(school.name);
    await mentor.send("31.02.2026");
    expect(mentor.texts().at(-1)).toContain("ДД.ММ.ГГГГ");
    await mentor.send("01.01.2099");
    expect(mentor.texts().at(-1)).toContain("не позже сегодняшнего дня");
    await mentor.send(today());
    expect(mentor.texts().at(-1)).toContain("Вопрос 2 из 8");
    await mentor.press("Очно, в школе");
    expect(mentor.texts().at(-1)).toContain("Кто участвовал?");
    await mentor.press("☐ Директор");
    const draft = await db.prisma.visit.findFirstOrThrow({ where: { authorId: mentorMembership.personId, state: "draft" } });
    expect(draft.cursor).toBe("v_participants#1");

    // A restart: a new bot over the same database continues on the same question with the staged pick.
    mentor.restart();
    await mentor.send("/visit");
    expect(mentor.texts().at(-1)).toContain("Вопрос 3 из 8");
    expect(mentor.buttons()).toContain("☑ Директор");
    await mentor.press("☐ Учителя");
    await mentor.press("Готово");
    expect(mentor.texts().at(-1)).toContain("Какие темы разбирали?");
    await mentor.press("☐ Анализ результатов ВПР и ГИА");
    await mentor.press("Готово");
    await mentor.press("Пропустить");
    await mentor.send("Не разобраны типичные ошибки ВПР по математике в 5 классах.");
    await mentor.send("Школа до 20 декабря проведёт методобъединение; я пришлю разбор заданий.");
    await mentor.press("Пропустить");
    expect(mentor.texts().at(-1)).toContain("Все вопросы пройдены");

    await mentor.sendFile("protocol.pdf", new TextEncoder().encode("%PDF-1.4 protocol"));
    expect(mentor.texts().join("\n")).toContain("Файл «protocol.pdf» прикреплён");
    await mentor.sendFile("virus.exe", new Uint8Array([1, 2, 3]));
    expect(mentor.texts().at(-1)).toContain("Такой файл не подходит");

    await mentor.press("📨 Отправить отчёт");
    expect(mentor.texts().at(-1)).toContain("отправлен");
    const visit = await db.prisma.visit.findUniqueOrThrow({ where: { id: draft.id } });
    expect(visit.state).toBe("submitted");
    expect(visit.format).toBe("onsite");
    expect(visit.assignmentId).toBe(assignment.id);
    expect(visit.fileName).toBe("protocol.pdf");
    expect(visit.visitDate).not.toBeNull();
    const notices = await db.prisma.outbox.findMany({ where: { dedupeKey: { startsWith: `visit:${visit.id}:head:` } } });
    expect(notices.map((notice) => notice.personId)).toEqual([headMembership.personId]);
    expect(notices[0]!.text).toContain("Не разобраны типичные ошибки");
    expect(JSON.stringify(notices[0]!.payload)).toContain(`vs:c:${visit.id}`);

    // The head confirms with the notice's button; a second press changes nothing.
    await head.pressData(`vs:c:${visit.id}`);
    const confirmed = await db.prisma.visit.findUniqueOrThrow({ where: { id: visit.id } });
    expect(confirmed.state).toBe("confirmed");
    expect(confirmed.confirmedById).toBe(headMembership.personId);
    expect(head.texts().at(-1)).toContain("подтверждён");
    await head.pressData(`vs:p:${visit.id}`);
    expect((await db.prisma.visit.findUniqueOrThrow({ where: { id: visit.id } })).state).toBe("confirmed");
    expect(await db.prisma.outbox.count({ where: { dedupeKey: `visit:${visit.id}:decided` } })).toBe(1);

    // #16's audit log: the file, the report and the head's confirmation, each once, placed at the visit's
    // school (looked up from the visit); the refused second press is not there.
    const logged = await db.prisma.auditEntry.findMany({ where: { via: "bot", action: "visits.change", schoolId: school.id }, orderBy: { id: "asc" } });
    expect(logged.map((entry) => [entry.target, entry.actorId, entry.districtId])).toEqual([
      ["bot vs:file", mentorMembership.personId, district.district.id],
      ["bot vs:submit", mentorMembership.personId, district.district.id],
      ["bot vs:confirm", headMembership.personId, district.district.id],
    ]);
  }, 60_000);

  it("руководитель оспаривает отчёт: причина пишется после перезапуска бота; учитель не может начать отчёт", async () => {
    const index = channel === "Telegram" ? 0 : 1;
    const school = district.schools[index]!;
    const head = await joined(newChat(), "head", index);
    const headMembership = await newestMember("head", school.id);
    const author = await newestMember("mentor", school.id);
    const visit = await db.prisma.visit.create({
      data: {
        districtId: district.district.id,
        schoolId: school.id,
        authorId: author.personId,
        instrumentId: "visit_report@2",
        state: "submitted",
        format: "remote",
        visitDate: new Date(Date.UTC(2026, 10, 10)),
        submittedAt: new Date(),
      },
    });
    await head.pressData(`vs:p:${visit.id}`);
    expect(head.texts().at(-1)).toContain("что в отчёте не так");
    expect((await db.prisma.visit.findUniqueOrThrow({ where: { id: visit.id } })).state).toBe("disputing");
    head.restart();
    await head.send("Визита не было: в этот день школа была закрыта на карантин.");
    const disputed = await db.prisma.visit.findUniqueOrThrow({ where: { id: visit.id } });
    expect(disputed.state).toBe("disputed");
    expect(disputed.disputeReason).toContain("карантин");
    expect(disputed.confirmedById).toBe(headMembership.personId);
    await head.pressData(`vs:c:${visit.id}`);
    expect((await db.prisma.visit.findUniqueOrThrow({ where: { id: visit.id } })).state).toBe("disputed");
    const logged = await db.prisma.auditEntry.findMany({ where: { via: "bot", actorId: headMembership.personId, action: "visits.change" } });
    expect(logged.map((entry) => [entry.target, entry.schoolId])).toEqual([["bot vs:dispute", school.id]]);

    const teacher = await joined(newChat(), "teacher", index);
    await teacher.send("/visit");
    expect(teacher.texts().at(-1)).toContain("наставники, тьюторы и кураторы");
  });
});

describe("смена мессенджера посреди отчёта", () => {
  it("начатый в Telegram отчёт продолжается в MAX на том же вопросе (аккаунты одного человека)", async () => {
    const school = district.schools[0]!;
    const inTelegram = await joined(telegramChat(), "mentor", 0);
    const membership = await newestMember("mentor", school.id);
    await db.prisma.visit.deleteMany({ where: { authorId: membership.personId, state: "draft" } });
    await inTelegram.send("/visit");
    await inTelegram.send(today());
    await inTelegram.press("Дистанционно, по видеосвязи");
    expect(inTelegram.texts().at(-1)).toContain("Вопрос 3 из 8");
    // The same person's MAX account (as linking makes it).
    const maxUser = new MaxUser(makeMaxBot(db, max, { audit: new PrismaAuditRepository(db.prisma) }), max, nextId++, "Ольга");
    await db.prisma.account.create({ data: { personId: membership.personId, channel: "max", externalId: String(maxUser.id), chatId: String(maxUser.chatId) } });
    await maxUser.send("/visit");
    expect(maxUser.lastText()).toContain("Вопрос 3 из 8");
    expect(maxUser.lastText()).toContain("Кто участвовал?");
    await maxUser.press("← Назад");
    expect(maxUser.lastText()).toContain("Вопрос 2 из 8");
    expect(maxUser.keyboardMessage().buttons.map((button) => button.text)).toContain("✓ Дистанционно, по видеосвязи");
    expect(await db.prisma.visit.count({ where: { authorId: membership.personId, state: "draft" } })).toBe(1);
  });
});

