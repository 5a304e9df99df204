// /tasks in both messengers (#14): an executor sees their open roadmap events with «✅ Выполнено»,
// «🆘 Нужна помощь», «📅 Перенести»; closes one with a file (also after a restart between the button
// and the file) and one with a link; a plain text is refused as evidence; help reaches district
// staff through the outbox; postpone takes «ДД.ММ.ГГГГ причина». A file sent with no step open is
// not taken as evidence.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultRoadmapInit } from "../../core/management/roadmap-template.ts";
import { schoolYearOf } from "../../core/management/school-year.ts";
import { PrismaAuditRepository } from "../../prisma/audit.ts";
import type { Database } from "../../prisma/db.ts";
import { PrismaRoadmapsRepository } from "../../prisma/roadmaps.ts";
import { openTestDatabase } from "../support/db.ts";
import { makeDistrict } from "../support/district.ts";
import { FakeMax, makeMaxBot, MaxUser } from "../support/max.ts";
import { ChatUser, FakeTelegram, makeTestBot } from "../support/telegram.ts";

let db: Database;
let district: Awaited<ReturnType<typeof makeDistrict>>;
let telegram: FakeTelegram;
let max: FakeMax;
let roadmapId: string;
let staffId: string;
let nextId = 52_000;
const DAY = 86_400_000;

beforeAll(async () => {
  db = await openTestDatabase();
  district = await makeDistrict(db, { schools: 1 });
  telegram = new FakeTelegram();
  max = new FakeMax();
  const year = schoolYearOf(new Date(), "Europe/Moscow");
  const roadmaps = new PrismaRoadmapsRepository(db.prisma);
  roadmapId = (await roadmaps.ensureRoadmap({ districtId: district.district.id, schoolId: district.schools[0]!.id, schoolYear: year }, defaultRoadmapInit("school", "МБОУ СОШ №1", year))).id;
  const staff = telegramChat();
  await joined(staff, "district");
  staffId = (await db.prisma.person.findFirst({ orderBy: { createdAt: "desc" } }))!.id;
});
afterAll(async () => {
  await db?.close();
});

interface Chat {
  start(code: string): Promise<void>;
  send(text: string): Promise<void>;
  press(text: string): Promise<void>;
  sendFile(name: string, bytes: Uint8Array): Promise<void>;
  texts(): string[];
  buttons(): string[];
  fresh(): Chat;
}

function telegramChat(id = nextId++): Chat {
  const user = new ChatUser(makeTestBot(db, telegram, { audit: new PrismaAuditRepository(db.prisma) }), telegram, id, "Ольга");
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
  const user = new MaxUser(makeMaxBot(db, max, { audit: new PrismaAuditRepository(db.prisma) }), max, id, "Ольга");
  return {
    start: (code) => user.open(code),
    send: (text) => user.send(text),
    press: (text) => user.press(text),
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

const localIso = (at: Date) => new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Moscow" }).format(at);
const dateOnly = (offsetDays: number) => new Date(`${localIso(new Date(Date.now() + offsetDays * DAY))}T00:00:00Z`);

/** One event of the school's roadmap with this person as executor. */
async function eventFor(personId: string, title: string, dueInDays = 10) {
  return new PrismaRoadmapsRepository(db.prisma).addEvent(roadmapId, { section: "methodical", title, dueOn: dateOnly(dueInDays), executorIds: [personId], indicator: "Проведён семинар" }, null);
}

describe.each([
  ["Telegram", telegramChat],
  ["MAX", maxChat],
] as const)("%s: /tasks", (channel, newChat) => {
  it("закрыть задачу файлом (и после перезапуска) и ссылкой; помощь; перенос срока", async () => {
    const chat = await joined(newChat(), "teacher");
    const personId = (await db.prisma.person.findFirst({ orderBy: { createdAt: "desc" } }))!.id;
    await chat.send("/tasks");
    expect(chat.texts().at(-1)).toMatch(/нет открытых мероприятий/);
    await chat.send("/help");
    expect(chat.texts().at(-1)).toContain("/tasks");

    const withFile = await eventFor(personId, `Семинар по ВПР (${channel})`);
    const withLink = await eventFor(personId, `Новость на сайте (${channel})`, 20);
    await chat.send("/tasks");
    const texts = chat.texts();
    expect(texts.at(-3)).toContain("Мои задачи");
    expect(texts.at(-2)).toContain(`Семинар по ВПР (${channel})`);
    expect(texts.at(-2)).toMatch(/Срок: .* · запланировано/);
    expect(texts.at(-1)).toContain(`Новость на сайте (${channel})`);
    expect(chat.buttons()).toEqual(["✅ Выполнено", "🆘 Нужна помощь", "📅 Перенести"]);

    // A file with no step open is not evidence.
    await chat.sendFile("отчёт.pdf", new TextEncoder().encode("%PDF-1.4 рано"));
    expect(await db.prisma.eventEvidence.count({ where: { eventId: withFile } })).toBe(0);

    // «Выполнено» on the link event (the latest card), then a plain text: refused; then a link.
    await chat.press("✅ Выполнено");
    expect(chat.texts().at(-1)).toMatch(/пришлите подтверждение выполнения/);
    await chat.send("сделано");
    expect(chat.texts().at(-1)).toMatch(/^Нужно подтверждение/);
    expect((await db.prisma.roadmapEvent.findUnique({ where: { id: withLink } }))!.state).toBe("planned");
    await chat.send("https://school.example.ru/news/15");
    expect(chat.texts().at(-1)).toBe(`Отмечено выполненным: «Новость на сайте (${channel})». Подтверждение сохранено.`);
    expect(await db.prisma.roadmapEvent.findUnique({ where: { id: withLink }, include: { evidence: true } })).toMatchObject({
      state: "done",
      evidence: [{ url: "https://school.example.ru/news/15", fileKey: null }],
    });
    // The step is over: another link is not evidence.
    await chat.send("https://school.example.ru/news/16");
    expect(await db.prisma.eventEvidence.count({ where: { eventId: withLink } })).toBe(1);

    // «Выполнено» on the file event, a restart, then the file: the step is in the database.
    await chat.send("/tasks");
    await chat.press("✅ Выполнено");
    const again = chat.fresh();
    await again.sendFile("программа семинара.docx", new TextEncoder().encode("PK docx"));
    expect(again.texts().at(-1)).toBe(`Отмечено выполненным: «Семинар по ВПР (${channel})». Подтверждение сохранено.`);
    const done = await db.prisma.roadmapEvent.findUnique({ where: { id: withFile }, include: { evidence: true } });
    expect(done).toMatchObject({ state: "done", evidence: [{ fileName: "программа семинара.docx", size: 7 }] });
    expect(done!.evidence[0]!.fileKey).toMatch(/^evidence\/[A-Za-z0-9-]+$/);
    expect(done!.doneAt).not.toBeNull();

    // A wrong type after «Выполнено» is refused, the event stays open.
    const third = await eventFor(personId, `Совещание (${channel})`, 5);
    await again.send("/tasks");
    await again.press("🆘 Нужна помощь");
    expect(again.texts().at(-1)).toBe(`Просьба о помощи по мероприятию «Совещание (${channel})» передана в управление образования.`);
    const help = await db.prisma.outbox.findMany({ where: { personId: staffId, dedupeKey: { startsWith: "rm-help:" } } });
    expect(help.some((row) => row.text.includes(`Совещание (${channel})`) && row.text.includes("просит помощи"))).toBe(true);
    expect((await db.prisma.roadmapEvent.findUnique({ where: { id: third } }))!.helpRequestedAt).not.toBeNull();

    await again.press("✅ Выполнено");
    await again.sendFile("virus.exe", new TextEncoder().encode("MZ"));
    expect(again.texts().at(-1)).toMatch(/^Такой файл не принимается/);
    expect((await db.prisma.roadmapEvent.findUnique({ where: { id: third } }))!.state).toBe("planned");
    await again.press("Отмена");
    expect(again.texts().at(-1)).toBe("Хорошо, ничего не меняю.");

    // Postpone: a bad text, then a date in the past, then a good one.
    await again.send("/tasks");
    await again.press("📅 Перенести");
    await again.send("потом");
    expect(again.texts().at(-1)).toMatch(/^Не понял/);
    await again.send("01.01.2001 забыли");
    expect(again.texts().at(-1)).toMatch(/не раньше сегодняшнего/);
    const newDue = dateOnly(40);
    const typed = `${newDue.toISOString().slice(8, 10)}.${newDue.toISOString().slice(5, 7)}.${newDue.toISOString().slice(0, 4)} перенесли семинар`;
    await again.send(typed);
    expect(again.texts().at(-1)).toMatch(new RegExp(`^Срок мероприятия «Совещание \\(${channel}\\)» перенесён на`));
    const postponed = await db.prisma.roadmapEvent.findUnique({ where: { id: third }, include: { log: true } });
    expect(postponed!.dueOn.toISOString()).toBe(newDue.toISOString());
    expect(postponed!.state).toBe("planned");
    expect(postponed!.log.find((entry) => entry.action === "postponed")!.note).toContain("перенесли семинар");

    // #16's audit log: the two completions, the call for help and the postponement, as for the Mini App's
    // routes; the refused text, the refused file and «Отмена» changed nothing and are not there.
    const logged = await db.prisma.auditEntry.findMany({ where: { via: "bot", actorId: personId }, orderBy: { id: "asc" } });
    expect(logged.map((entry) => [entry.action, entry.target])).toEqual(
      ["rm:done", "rm:done", "rm:help", "rm:postpone"].map((target) => ["roadmaps.change", `bot ${target}`]),
    );
    expect(logged.every((entry) => entry.districtId !== null && entry.schoolId !== null && entry.details === null)).toBe(true);
  }, 120_000);
});

describe("кто не исполнитель", () => {
  it("чужая кнопка «Выполнено» не открывает шаг", async () => {
    const owner = await joined(telegramChat(), "teacher");
    const ownerId = (await db.prisma.person.findFirst({ orderBy: { createdAt: "desc" } }))!.id;
    const eventId = await eventFor(ownerId, "Чужая задача");
    const other = new ChatUser(makeTestBot(db, telegram), telegram, nextId++, "Пётр");
    await other.send(`/start ${await district.invite("teacher", district.schools[0]!.id)}`);
    await other.press("Согласен(на)");
    await other.pressData(`rm:done:${eventId}`);
    const answers = telegram.calls.filter((call) => call.method === "answerCallbackQuery").map((call) => call.payload.text);
    expect(answers.at(-1)).toBe("Это мероприятие уже закрыто или недоступно.");
    await other.sendDocument("отчёт.pdf", new TextEncoder().encode("%PDF"));
    expect(await db.prisma.eventEvidence.count({ where: { eventId } })).toBe(0);
    expect(owner).toBeTruthy();
  });

  it("шаг «пришлите подтверждение» забывается через 2 часа: текст и файл идут дальше", async () => {
    const chat = await joined(telegramChat(), "teacher");
    const personId = (await db.prisma.person.findFirst({ orderBy: { createdAt: "desc" } }))!.id;
    const eventId = await eventFor(personId, "Старый шаг");
    await chat.send("/tasks");
    await chat.press("✅ Выполнено");
    await db.prisma.eventLogEntry.updateMany({ where: { eventId, action: "awaiting_evidence" }, data: { createdAt: new Date(Date.now() - 3 * 3600_000) } });
    await chat.send("https://school.example.ru/late");
    await chat.sendFile("отчёт.pdf", new TextEncoder().encode("%PDF"));
    expect(await db.prisma.eventEvidence.count({ where: { eventId } })).toBe(0);
    expect((await db.prisma.roadmapEvent.findUnique({ where: { id: eventId } }))!.state).toBe("planned");
  });
});
