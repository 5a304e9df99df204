// Seminar requests → programme → event → registration → reminder → attendance, in Telegram and MAX
// (#15 §4, "Done when": a school's seminar request reaches the institute, becomes an event, and the
// teacher registers for it and is reminded). The teacher's areas come pre-marked from their OWN
// diagnostic; the bot is restarted (a new bot over the same database) in the middle of the request;
// the institute groups the requests, builds the 2027-H1 programme and an event linking the request;
// the announcement reaches the teacher with «Записаться»; registering twice registers once and sends
// the .ics; the reminder job at 10:00 district time the day before queues one message, once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEACHER_DIAGNOSTIC_KEY } from "../../core/instruments/teacher-diagnostic.ts";
import { announceEvent, createEvent, markAttendance, requestsOverview, saveProgramme, planEventReminders, type SeminarsDeps } from "../../core/services/seminars.ts";
import { DEFAULT_METHODOLOGY } from "../../core/methodology/settings.ts";
import type { OutboxMessage, PersonView } from "../../core/services/ports.ts";
import type { Database } from "../../prisma/db.ts";
import { PrismaRepository } from "../../prisma/repository.ts";
import { openTestDatabase } from "../support/db.ts";
import { makeDistrict } from "../support/district.ts";
import { FakeMax, makeMaxBot, MaxUser } from "../support/max.ts";
import { testNetwork } from "../support/network.ts";
import { ChatUser, FakeTelegram, makeTestBot } from "../support/telegram.ts";

const DAY = 86_400_000;
let db: Database;
let district: Awaited<ReturnType<typeof makeDistrict>>;
let telegram: FakeTelegram;
let max: FakeMax;
let repo: PrismaRepository;
let deps: SeminarsDeps;
let methodologist: PersonView;
let nextId = 57_000;

beforeAll(async () => {
  db = await openTestDatabase();
  district = await makeDistrict(db, { schools: 2 });
  telegram = new FakeTelegram();
  max = new FakeMax();
  repo = new PrismaRepository(db.prisma);
  deps = { repo, clock: { now: () => new Date() }, settings: DEFAULT_METHODOLOGY, network: testNetwork(db) };
  const person = await db.prisma.person.create({
    data: { displayName: "Методист ИРО", consentAt: new Date(), memberships: { create: { role: "methodologist", districtId: district.district.id } } },
  });
  methodologist = (await repo.getPerson(person.id))!;
});
afterAll(async () => {
  await db?.close();
});

interface Chat {
  id: number;
  start(code: string): Promise<void>;
  send(text: string): Promise<void>;
  press(text: string): Promise<void>;
  pressData(data: string): Promise<void>;
  restart(): void;
  texts(): string[];
  buttons(): string[];
  documents(): Array<{ filename: string; bytes: Uint8Array }>;
}

function telegramChat(): Chat {
  const id = nextId++;
  const user = new ChatUser(makeTestBot(db, telegram), telegram, id, "Ольга");
  return {
    id,
    start: (code) => user.send(`/start ${code}`),
    send: (text) => user.send(text),
    press: (text) => user.press(text),
    pressData: (data) => user.pressData(data),
    restart: () => void (user.bot = makeTestBot(db, telegram)),
    texts: () => telegram.toChat(user.id).map((call) => String(call.payload.text ?? "")),
    buttons: () => user.keyboardMessage().buttons.map((button) => button.text),
    documents: () => telegram.documents(user.id),
  };
}

function maxChat(): Chat {
  const id = nextId++;
  const user = new MaxUser(makeMaxBot(db, max), max, id, "Ольга");
  return {
    id,
    start: (code) => user.open(code),
    send: (text) => user.send(text),
    press: (text) => user.press(text),
    pressData: (data) => user.pressPayload(data),
    restart: () => void (user.bot = makeMaxBot(db, max)),
    texts: () => user.texts(),
    buttons: () => user.keyboardMessage().buttons.map((button) => button.text),
    documents: () => max.documents(user.chatId),
  };
}

async function personOf(chat: Chat) {
  const account = await db.prisma.account.findFirstOrThrow({ where: { externalId: String(chat.id) } });
  return account.personId;
}

/** A completed diagnostic where only «Критерии оценивания ВПР…» (assessment) is a deficit. */
async function completeDiagnostic(personId: string) {
  const campaign = (await repo.findLatestCampaign(district.district.id, TEACHER_DIAGNOSTIC_KEY, new Date()))!;
  const scale = campaign.instrument.questions;
  await db.prisma.response.create({
    data: {
      campaignId: campaign.id,
      personId,
      completedAt: new Date(),
      answers: {
        create: scale.map((question) => {
          const low = question.areaId === "assessment";
          // A reverse statement counts flipped: its "confident" answer is the lowest value.
          const confident = question.reverse ? 1 : 4;
          return { questionId: question.id, value: low ? 5 - confident : confident };
        }),
      },
    },
  });
}

/** 12:00 Moscow time, `days` days from today. */
function middayIn(days: number) {
  const now = new Date(Date.now() + days * DAY);
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 9, 0));
}

describe.each([
  ["Telegram", telegramChat],
  ["MAX", maxChat],
] as const)("%s: заявка → программа → мероприятие → запись → напоминание → посещаемость", (channel, newChat) => {
  it("педагог подаёт заявку с областями из своей диагностики; перезапуск бота посередине ничего не теряет", { timeout: 30_000 }, async () => {
    const teacher = newChat();
    await teacher.start(await district.invite("teacher", district.schools[0]!.id));
    await teacher.press("Согласен(на)");
    const personId = await personOf(teacher);
    await completeDiagnostic(personId);

    await teacher.send("/help");
    expect(teacher.texts().at(-1)).toContain("/seminar");
    expect(teacher.texts().at(-1)).toContain("/events");
    await teacher.send("/seminar");
    expect(teacher.texts().at(-1)).toContain("Напишите одним сообщением тему");
    teacher.restart();
    const topic = `Критерии оценивания ВПР по математике (${channel})`;
    await teacher.send(topic);
    expect(teacher.texts().at(-1)).toContain(`Тема: ${topic}`);
    expect(teacher.texts().at(-1)).toContain("Отмечены области ваших дефицитов");
    const buttons = teacher.buttons();
    expect(buttons).toContain("✅ Критерии оценивания ВПР, ОГЭ, ЕГЭ и типичные ошибки");
    expect(buttons).toContain("▫️ Функциональная грамотность (задания типа PISA)");

    await teacher.press("▫️ Функциональная грамотность (задания типа PISA)");
    await teacher.press("✍️ Подробности");
    expect(teacher.texts().at(-1)).toContain("Напишите подробности");
    teacher.restart();
    // A second /seminar resumes the same draft instead of starting another.
    await teacher.send("/seminar");
    expect(teacher.texts().at(-1)).toContain("Напишите подробности");
    await teacher.send("Разбор заданий 5 и 8, для 5–6 классов, дистанционно");
    expect(teacher.texts().at(-1)).toContain("Подробности: Разбор заданий 5 и 8");
    await teacher.press("📨 Отправить заявку");
    expect(teacher.texts().at(-1)).toContain(`Заявка «${topic}» отправлена`);

    const requests = await db.prisma.seminarRequest.findMany({ where: { personId } });
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ state: "new", topic, schoolId: district.schools[0]!.id, text: "Разбор заданий 5 и 8, для 5–6 классов, дистанционно" });
    expect(requests[0]!.areas.sort()).toEqual(["assessment", "literacy"]);
    // A stale press of the sent draft's button changes nothing.
    await teacher.pressData(`sm:s:${requests[0]!.id}`);
    expect(await db.prisma.seminarRequest.count({ where: { personId } })).toBe(1);

    // ---- the institute: grouped requests (no names), the programme, an event answering the request ----
    const overview = await requestsOverview(deps, methodologist, district.district.id);
    expect(JSON.stringify(overview.groups)).not.toContain("Ольга");
    const group = overview.groups.byTopic.find((entry) => entry.topic === topic)!;
    expect(group).toMatchObject({ requests: 1, schools: 1 });
    expect(overview.groups.byArea.find((area) => area.areaId === "assessment")!.requests).toBeGreaterThanOrEqual(1);
    const programme = await saveProgramme(deps, methodologist, district.district.id, { period: "2027-H1", title: "Персонифицированная программа семинаров, I полугодие 2027" });
    const startsAt = middayIn(3);
    const { event, planned } = await createEvent(deps, methodologist, district.district.id, {
      kind: "seminar",
      title: `Вебинар: критерии ВПР (${channel})`,
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 90 * 60_000).toISOString(),
      onlineUrl: "https://webinar.example.ru/vpr",
      capacity: 30,
      audience: { roles: ["teacher"], schoolIds: [district.schools[1]!.id] },
      programmeId: programme.id,
      requestIds: group.requestIds,
    });
    expect(planned).toBe(1);
    const announced = await announceEvent(deps, methodologist, event.id);
    expect(announced.requesters).toBe(1);
    const notice = await db.prisma.outbox.findFirstOrThrow({ where: { dedupeKey: `ev:plan:${event.id}:${personId}` } });
    expect(notice.text).toContain(`По вашей заявке на тему «${topic}»`);
    expect(JSON.stringify(notice.payload)).toContain(`ev:reg:${event.id}`);

    // ---- registration with the notice's button: once, with the calendar file ----
    await teacher.pressData(`ev:reg:${event.id}`);
    expect(teacher.texts().slice(-2).join("\n")).toContain(`Вы записаны: «${event.title}»`);
    const ics = teacher.documents().at(-1)!;
    expect(ics.filename).toBe(`event-${event.id}.ics`);
    expect(new TextDecoder().decode(ics.bytes)).toContain(`UID:${event.id}@events.shnor`);
    await teacher.pressData(`ev:reg:${event.id}`);
    expect(await db.prisma.eventRegistration.count({ where: { eventId: event.id } })).toBe(1);
    await teacher.send("/events");
    expect(teacher.texts().join("\n")).toContain("✅ Вы записаны");

    // ---- the reminder the day before at 10:00 Moscow time, once ----
    const reminderDeps = { seminars: deps.network.seminars, recipients: deps.network.recipients, enqueue: (messages: OutboxMessage[]) => repo.enqueue(messages) };
    const before = new Date(startsAt.getTime() - DAY - 3 * 3_600_000); // 09:00 the day before
    const at = new Date(startsAt.getTime() - DAY - 2 * 3_600_000 + 25 * 60_000); // 10:25 the day before
    await planEventReminders(reminderDeps, before);
    expect(await db.prisma.outbox.count({ where: { dedupeKey: `ev:remind:${event.id}:${personId}` } })).toBe(0);
    expect((await planEventReminders(reminderDeps, at)).queued).toBeGreaterThanOrEqual(1);
    expect((await planEventReminders(reminderDeps, new Date(at.getTime() + 3_600_000))).queued).toBe(0);
    const reminder = await db.prisma.outbox.findFirstOrThrow({ where: { dedupeKey: `ev:remind:${event.id}:${personId}` } });
    expect(reminder.text).toContain(`Завтра: «${event.title}»`);

    // ---- attendance marked by the organiser ----
    await markAttendance(deps, methodologist, event.id, { marks: [{ personId, attended: true }] });
    expect((await db.prisma.eventRegistration.findFirstOrThrow({ where: { eventId: event.id, personId } })).attended).toBe(true);
  });

  it("объявление приходит приглашённым с кнопкой «Записаться»; лимит мест соблюдается; отмена записи", { timeout: 30_000 }, async () => {
    const first = newChat();
    await first.start(await district.invite("teacher", district.schools[1]!.id));
    await first.press("Согласен(на)");
    const second = newChat();
    await second.start(await district.invite("teacher", district.schools[1]!.id));
    await second.press("Согласен(на)");
    const outsider = newChat();
    await outsider.start(await district.invite("head", district.schools[0]!.id));
    await outsider.press("Согласен(на)");
    const { event } = await createEvent(deps, methodologist, district.district.id, {
      kind: "meeting",
      title: `Совещание учителей школы №2 (${channel})`,
      startsAt: middayIn(5).toISOString(),
      place: "МБОУ СОШ №2, актовый зал",
      capacity: 1,
      audience: { roles: ["teacher"], schoolIds: [district.schools[1]!.id] },
    });
    await announceEvent(deps, methodologist, event.id);
    const firstId = await personOf(first);
    const announcement = await db.prisma.outbox.findFirstOrThrow({ where: { dedupeKey: `ev:ann:${event.id}:${firstId}` } });
    expect(announcement.text).toContain(`Совещание: ${event.title}`);
    expect(await db.prisma.outbox.count({ where: { dedupeKey: `ev:ann:${event.id}:${await personOf(outsider)}` } })).toBe(0);

    await first.send("/events");
    expect(first.texts().join("\n")).toContain(event.title);
    await first.press("✅ Записаться");
    expect(first.texts().slice(-2).join("\n")).toContain("Вы записаны");
    await second.pressData(`ev:reg:${event.id}`);
    expect(await db.prisma.eventRegistration.count({ where: { eventId: event.id, cancelledAt: null } })).toBe(1);
    await outsider.pressData(`ev:reg:${event.id}`);
    expect(await db.prisma.eventRegistration.count({ where: { eventId: event.id } })).toBe(1);
    await first.pressData(`ev:unreg:${event.id}`);
    expect(first.texts().at(-1)).toContain("Запись на");
    await second.pressData(`ev:reg:${event.id}`);
    expect(await db.prisma.eventRegistration.findFirst({ where: { eventId: event.id, personId: await personOf(second), cancelledAt: null } })).not.toBeNull();
  });
});
