// Addressed recommendations in chat (#14 §1), in Telegram and in MAX: from the school's risk profile the district
// sends recommendations; the head presses «✅ Получено» under the notice, opens /recommendations, plans a measure
// (its text, then its deadline ДД.ММ.ГГГГ — the step waits in the database, so a restarted bot continues it), and
// the measure is a task of the school's roadmap with that deadline; «Выполнено» closes the recommendation.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_METHODOLOGY } from "../../core/methodology/settings.ts";
import { generateRecommendations, sendRecommendations, type RecommendationsDeps } from "../../core/services/recommendations.ts";
import { PrismaAdminRepository } from "../../prisma/admin.ts";
import { PrismaAuditRepository } from "../../prisma/audit.ts";
import { PrismaRepository } from "../../prisma/repository.ts";
import { surveysContext } from "../../prisma/surveys.ts";
import type { Database } from "../../prisma/db.ts";
import { openTestDatabase } from "../support/db.ts";
import { makeDistrict } from "../support/district.ts";
import { testManagement } from "../support/management.ts";
import { FakeMax, makeMaxBot, MaxUser } from "../support/max.ts";
import { addCompletedResponses, fullAnswers, openRiskCampaign, riskInstrument } from "../support/risk.ts";
import { ChatUser, FakeTelegram, makeTestBot } from "../support/telegram.ts";

const DAY = 86_400_000;
let db: Database;
let nextId = 61_000;

beforeAll(async () => {
  db = await openTestDatabase();
}, 60_000);
afterAll(async () => {
  await db?.close();
});

interface Chat {
  externalId: string;
  start(code: string): Promise<void>;
  send(text: string): Promise<void>;
  press(text: string): Promise<void>;
  pressData(data: string): Promise<void>;
  /** A new bot over the same database (a restart). */
  restart(): void;
  texts(): string[];
  buttons(): string[];
}

function telegramChat(): Chat {
  const telegram = new FakeTelegram();
  const id = nextId++;
  const user = new ChatUser(makeTestBot(db, telegram, { audit: new PrismaAuditRepository(db.prisma) }), telegram, id, "Ирина");
  return {
    externalId: String(id),
    start: (code) => user.send(`/start ${code}`),
    send: (text) => user.send(text),
    press: (text) => user.press(text),
    // A notice the Outbox delivered: its button pressed on a message the fake has not seen.
    pressData: (data) => user.pressData(data, 1),
    restart: () => {
      user.bot = makeTestBot(db, telegram, { audit: new PrismaAuditRepository(db.prisma) });
    },
    texts: () => telegram.toChat(user.id).map((call) => String(call.payload.text)),
    buttons: () => user.keyboardMessage().buttons.map((button) => button.text),
  };
}

function maxChat(): Chat {
  const max = new FakeMax();
  const id = nextId++;
  const user = new MaxUser(makeMaxBot(db, max, { audit: new PrismaAuditRepository(db.prisma) }), max, id, "Ирина");
  return {
    externalId: String(id),
    start: (code) => user.open(code),
    send: (text) => user.send(text),
    press: (text) => user.press(text),
    pressData: (data) => user.pressPayload(data, "mid.notice"),
    restart: () => {
      user.bot = makeMaxBot(db, max, { audit: new PrismaAuditRepository(db.prisma) });
    },
    texts: () => user.texts(),
    buttons: () => user.keyboardMessage().buttons.map((button) => button.text),
  };
}

const deps = (): RecommendationsDeps => ({
  repo: new PrismaRepository(db.prisma),
  admin: new PrismaAdminRepository(db.prisma),
  clock: { now: () => new Date() },
  settings: DEFAULT_METHODOLOGY,
  management: testManagement(db),
  surveys: surveysContext(db.prisma),
  ident: null,
});

const ddmmyyyy = (date: Date) =>
  new Intl.DateTimeFormat("ru-RU", { timeZone: "Europe/Moscow", day: "2-digit", month: "2-digit", year: "numeric" }).format(date);

describe.each([
  ["Telegram", "telegram", telegramChat],
  ["MAX", "max", maxChat],
] as const)("%s: /recommendations", (_title, channel, newChat) => {
  it("район отправляет рекомендации по рисковому профилю; руководитель подтверждает и планирует меру — она в дорожной карте школы со сроком", async () => {
    const district = await makeDistrict(db);
    const school = district.schools[0]!;
    const now = Date.now();
    const card = await openRiskCampaign(db.prisma, { districtId: district.district.id, source: "card", opensAt: new Date(now - 5 * DAY), closesAt: new Date(now + 20 * DAY) });
    await addCompletedResponses(db.prisma, { campaignId: card, schoolId: school.id, answers: [fullAnswers(riskInstrument("card"))] });

    const join = async (role: "district" | "head" | "teacher") => {
      const chat = newChat();
      await chat.start(await district.invite(role, role === "district" ? null : school.id));
      await chat.press("Согласен(на)");
      return chat;
    };
    const staffChat = await join("district");
    const head = await join("head");
    const teacher = await join("teacher");
    const repo = new PrismaRepository(db.prisma);
    const staff = (await repo.findPersonByAccount(channel, staffChat.externalId))!;
    const headPerson = (await repo.findPersonByAccount(channel, head.externalId))!;

    // The district's review (the Mini App's use cases): proposals from the profile, the head's are sent.
    const generated = await generateRecommendations(deps(), staff, { districtId: district.district.id, schoolId: school.id });
    const toHead = generated.created.filter((rec) => rec.addressee === "head");
    expect(toHead.length).toBeGreaterThan(0);
    await sendRecommendations(deps(), staff, { districtId: district.district.id, ids: toHead.map((rec) => rec.id) });
    const rec = toHead[0]!;
    const notice = await db.prisma.outbox.findUnique({ where: { dedupeKey: `rec:${rec.id}:${headPerson.id}` } });
    expect(notice!.channel).toBe(channel);
    expect(notice!.text).toContain(`Адресная рекомендация: ${rec.title}`);

    // «✅ Получено» under the delivered notice: once.
    await head.pressData(`rc:ack:${rec.id}`);
    expect(head.texts().at(-1)).toContain(`📌 ${rec.title}`);
    expect(head.texts().at(-1)).toContain("Состояние: получена");
    const acknowledged = await db.prisma.recommendation.findUnique({ where: { id: rec.id } });
    expect(acknowledged!.state).toBe("acknowledged");
    expect(acknowledged!.acknowledgedById).toBe(headPerson.id);
    const textsBefore = head.texts().length;
    await head.pressData(`rc:ack:${rec.id}`);
    expect(head.texts().length).toBe(textsBefore);
    expect((await db.prisma.recommendation.findUnique({ where: { id: rec.id } }))!.acknowledgedAt).toEqual(acknowledged!.acknowledgedAt);

    // /recommendations lists them; the head's help and menu have it.
    await head.send("/help");
    expect(head.texts().at(-1)).toContain("/recommendations");
    await head.send("/recommendations");
    expect(head.texts().some((text) => text.startsWith(`Рекомендации вам: ${toHead.length}`))).toBe(true);

    // Plan a measure: the text, then (after a restart of the bot) the date.
    await head.pressData(`rc:plan:${rec.id}`);
    expect(head.texts().at(-1)).toContain("Напишите одним сообщением, что будет сделано");
    await head.send("Провести педсовет по итогам рискового профиля");
    expect(head.texts().at(-1)).toContain("Напишите срок выполнения в формате ДД.ММ.ГГГГ");
    expect(head.buttons().some((text) => text.startsWith("К сроку рекомендации:"))).toBe(true);
    head.restart();
    await head.send("31.02.2027");
    expect(head.texts().at(-1)).toBe("Срок — дата в формате ДД.ММ.ГГГГ, не раньше сегодняшнего дня.");
    const due = new Date(now + 20 * DAY);
    await head.send(ddmmyyyy(due));
    expect(head.texts().at(-1)).toMatch(/^Мера добавлена в дорожную карту \(МБОУ СОШ №1, \d{4}\/\d{2}\): № \d\.\d+ «Провести педсовет по итогам рискового профиля», срок — /);

    const event = await db.prisma.roadmapEvent.findFirst({ where: { recommendationId: rec.id }, include: { roadmap: true, executors: true } });
    expect(event!.title).toBe("Провести педсовет по итогам рискового профиля");
    expect(ddmmyyyy(event!.dueOn)).toBe(ddmmyyyy(due));
    expect(event!.roadmap.schoolId).toBe(school.id);
    expect(event!.executors.map((executor) => executor.personId)).toEqual([headPerson.id]);
    expect((await db.prisma.recommendation.findUnique({ where: { id: rec.id } }))!.state).toBe("in_work");
    // The step is over: plain text is not taken as a measure any more.
    await head.send("ещё одна мера?");
    expect(await db.prisma.roadmapEvent.count({ where: { recommendationId: rec.id } })).toBe(1);

    // The district's summary in chat; «Выполнено» by the head.
    await staffChat.send("/recommendations");
    expect(staffChat.texts().at(-1)).toContain("в работе — 1");
    await head.pressData(`rc:done:${rec.id}`);
    expect(head.texts().at(-1)).toBe("Рекомендация отмечена выполненной. Спасибо!");
    expect((await db.prisma.recommendation.findUnique({ where: { id: rec.id } }))!.state).toBe("done");

    // A teacher is not an addressee.
    await teacher.send("/recommendations");
    expect(teacher.texts().at(-1)).toBe("Адресные рекомендации получают руководители школ, управление образования, институт и центр оценки качества.");
    await teacher.pressData(`rc:ack:${toHead[1]?.id ?? rec.id}`);
    expect((await db.prisma.recommendation.findUnique({ where: { id: toHead[1]?.id ?? rec.id } }))!.acknowledgedById).not.toBe((await repo.findPersonByAccount(channel, teacher.externalId))!.id);

    // #16's audit log has the head's changes in chat, as it has the same changes made in the Mini App:
    // the acknowledgement once (the second press changed nothing), the measure and «Выполнено», with the
    // district and school looked up from the recommendation; the teacher's refused press is not there.
    const logged = await db.prisma.auditEntry.findMany({ where: { actorId: { in: [headPerson.id, (await repo.findPersonByAccount(channel, teacher.externalId))!.id] }, via: "bot" }, orderBy: { id: "asc" } });
    expect(logged.map((entry) => [entry.action, entry.target, entry.actorId, entry.districtId, entry.schoolId, entry.role])).toEqual(
      ["rc:ack", "rc:measure", "rc:done"].map((target) => ["recommendations.change", `bot ${target}`, headPerson.id, district.district.id, school.id, "head"]),
    );
    expect(logged.every((entry) => entry.details === null)).toBe(true);
  }, 60_000);

  it("кнопка «К сроку рекомендации» ставит срок рекомендации; «Отменить» снимает ожидание", async () => {
    const district = await makeDistrict(db);
    const school = district.schools[1]!;
    const now = Date.now();
    const card = await openRiskCampaign(db.prisma, { districtId: district.district.id, source: "card", opensAt: new Date(now - 5 * DAY), closesAt: new Date(now + 20 * DAY) });
    await addCompletedResponses(db.prisma, { campaignId: card, schoolId: school.id, answers: [fullAnswers(riskInstrument("card"))] });
    const staffChat = newChat();
    await staffChat.start(await district.invite("district", null));
    await staffChat.press("Согласен(на)");
    const head = newChat();
    await head.start(await district.invite("head", school.id));
    await head.press("Согласен(на)");
    const repo = new PrismaRepository(db.prisma);
    const staff = (await repo.findPersonByAccount(channel, staffChat.externalId))!;
    const generated = await generateRecommendations(deps(), staff, { districtId: district.district.id, schoolId: school.id });
    const rec = generated.created.find((candidate) => candidate.addressee === "head")!;
    await sendRecommendations(deps(), staff, { districtId: district.district.id, ids: [rec.id] });

    await head.pressData(`rc:plan:${rec.id}`);
    await head.press("Отменить");
    expect(head.texts().at(-1)).toBe("Планирование меры отменено.");
    await head.send("Не мера, просто текст");
    expect(await db.prisma.roadmapEvent.count({ where: { recommendationId: rec.id } })).toBe(0);

    await head.pressData(`rc:plan:${rec.id}`);
    await head.send("Обновить программу развития школы");
    await head.press(`К сроку рекомендации: ${ddmmyyyy(rec.dueOn!)}`);
    const event = await db.prisma.roadmapEvent.findFirst({ where: { recommendationId: rec.id } });
    expect(ddmmyyyy(event!.dueOn)).toBe(ddmmyyyy(rec.dueOn!));
    expect(event!.section).toBe("org_managerial");
    // Planning acknowledges on the way.
    expect((await db.prisma.recommendation.findUnique({ where: { id: rec.id } }))!.state).toBe("in_work");
  }, 60_000);
});
