// The roadmap job (#14) with a fake clock: executors are reminded 3 days before the deadline and on
// the day at 10:00 district time (Europe/Moscow vs Asia/Novosibirsk), with the event's buttons; an
// event past its deadline becomes overdue and is escalated to district staff once (escalatedAt), in
// the daytime of its district; a slot run twice queues nothing twice.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrismaRepository } from "../../prisma/repository.ts";
import { createDistrict, createSchool } from "../../prisma/admin.ts";
import type { Database } from "../../prisma/db.ts";
import { roadmapJobs, runRoadmapJob } from "../../server/roadmap-jobs.ts";
import { runOnce } from "../../server/scheduler.ts";
import { openTestDatabase } from "../support/db.ts";
import { testManagement } from "../support/management.ts";

let db: Database;
let deps: Parameters<typeof runRoadmapJob>[0];
const DUE = new Date(Date.UTC(2027, 4, 20));
let chat = 7_000;

async function person(name: string, districtId: string, role: "district" | "teacher", schoolId: string | null) {
  const row = await db.prisma.person.create({
    data: {
      displayName: name,
      consentAt: new Date("2026-09-01T00:00:00Z"),
      accounts: { create: { channel: "telegram", externalId: String(++chat), chatId: String(chat) } },
      memberships: { create: { role, districtId, schoolId } },
    },
  });
  return row.id;
}

async function districtWithEvent(name: string, timezone: string) {
  const district = await createDistrict(db.prisma, { name, timezone });
  const school = await createSchool(db.prisma, { districtId: district.id, name: `Школа (${name})` });
  const staff = await person(`Специалист (${name})`, district.id, "district", null);
  const executor = await person(`Учитель (${name})`, district.id, "teacher", school.id);
  const management = testManagement(db);
  const roadmap = await management.roadmaps.ensureRoadmap({ districtId: district.id, schoolId: school.id, schoolYear: "2026/27" }, { title: "Карта", templateKey: null, events: [] });
  const eventId = await management.roadmaps.addEvent(roadmap.id, { section: "methodical", title: `Семинар (${name})`, dueOn: DUE, executorIds: [executor] }, null);
  return { staff, executor, eventId };
}

let moscow: Awaited<ReturnType<typeof districtWithEvent>>;
let novosibirsk: Awaited<ReturnType<typeof districtWithEvent>>;

const outboxOf = (personId: string) => db.prisma.outbox.findMany({ where: { personId }, orderBy: { createdAt: "asc" } });
const at = (iso: string) => new Date(iso);

beforeAll(async () => {
  db = await openTestDatabase();
  deps = { repo: new PrismaRepository(db.prisma), management: testManagement(db) };
  moscow = await districtWithEvent("Москва", "Europe/Moscow");
  novosibirsk = await districtWithEvent("Новосибирск", "Asia/Novosibirsk");
});
afterAll(async () => {
  await db?.close();
});

describe("roadmap job", () => {
  it("reminds 3 days before at 10:00 of each district's own time zone, once", async () => {
    const [job] = roadmapJobs(deps);
    // 03:07 UTC is 10:07 in Novosibirsk, 06:07 in Moscow.
    expect(await runOnce(db, job!, at("2027-05-17T03:07:00Z"))).toBe(true);
    expect(await outboxOf(moscow.executor)).toHaveLength(0);
    let sent = await outboxOf(novosibirsk.executor);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.text).toContain("через 3 дня");
    expect(sent[0]!.text).toContain("Семинар (Новосибирск)");
    expect(sent[0]!.appStart).toBe("tasks");
    expect((sent[0]!.payload as any).buttons.flat().map((b: any) => b.data)).toEqual([
      `rm:done:${novosibirsk.eventId}`,
      `rm:help:${novosibirsk.eventId}`,
      `rm:postpone:${novosibirsk.eventId}`,
    ]);
    // The same slot again: not run; the job run again by hand: nothing queued twice.
    expect(await runOnce(db, job!, at("2027-05-17T03:30:00Z"))).toBe(false);
    await runRoadmapJob(deps, at("2027-05-17T03:07:00Z"));
    expect(await outboxOf(novosibirsk.executor)).toHaveLength(1);

    // 07:07 UTC is 10:07 in Moscow.
    expect(await runOnce(db, job!, at("2027-05-17T07:07:00Z"))).toBe(true);
    sent = await outboxOf(moscow.executor);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.text).toContain("Семинар (Москва)");
    expect(await outboxOf(novosibirsk.executor)).toHaveLength(1);
    // Nothing at other hours or days.
    await runRoadmapJob(deps, at("2027-05-18T07:07:00Z"));
    await runRoadmapJob(deps, at("2027-05-17T12:07:00Z"));
    expect(await outboxOf(moscow.executor)).toHaveLength(1);
  });

  it("reminds on the day", async () => {
    await runRoadmapJob(deps, at("2027-05-20T07:07:00Z"));
    await runRoadmapJob(deps, at("2027-05-20T07:07:00Z"));
    const sent = await outboxOf(moscow.executor);
    expect(sent).toHaveLength(2);
    expect(sent[1]!.text).toMatch(/^Сегодня срок мероприятия дорожной карты «Семинар \(Москва\)»/);
  });

  it("marks overdue after the district's own midnight and escalates once, in the daytime", async () => {
    // 20:07 UTC on the 20th: 23:07 the same day in Moscow, 03:07 on the 21st in Novosibirsk.
    await runRoadmapJob(deps, at("2027-05-20T20:07:00Z"));
    expect((await db.prisma.roadmapEvent.findUnique({ where: { id: moscow.eventId } }))!.state).toBe("planned");
    let event = await db.prisma.roadmapEvent.findUnique({ where: { id: novosibirsk.eventId }, include: { log: true } });
    expect(event!.state).toBe("overdue");
    expect(event!.log.map((entry) => entry.action)).toContain("overdue");
    // Night in Novosibirsk: no escalation yet.
    expect(event!.escalatedAt).toBeNull();
    expect(await outboxOf(novosibirsk.staff)).toHaveLength(0);

    // 03:07 UTC on the 21st: 10:07 in Novosibirsk.
    await runRoadmapJob(deps, at("2027-05-21T03:07:00Z"));
    const escalated = await db.prisma.roadmapEvent.findUnique({ where: { id: novosibirsk.eventId } });
    expect(escalated!.escalatedAt).not.toBeNull();
    let escalations = await outboxOf(novosibirsk.staff);
    expect(escalations).toHaveLength(1);
    expect(escalations[0]!.dedupeKey).toBe(`rm-esc:${novosibirsk.eventId}:${novosibirsk.staff}`);
    expect(escalations[0]!.text).toContain("Просрочено мероприятие дорожной карты");
    expect(escalations[0]!.text).toContain("Учитель (Новосибирск)");
    // Later hours and a repeated run: no second escalation; no reminder to the executor of an overdue event.
    await runRoadmapJob(deps, at("2027-05-21T04:07:00Z"));
    await runRoadmapJob(deps, at("2027-05-21T03:07:00Z"));
    escalations = await outboxOf(novosibirsk.staff);
    expect(escalations).toHaveLength(1);
    // The other district's staff hear nothing of it.
    expect((await outboxOf(moscow.staff)).filter((row) => row.text.includes("Новосибирск"))).toHaveLength(0);

    // Moscow's event: overdue on the 21st, escalated at 10:00 Moscow time.
    await runRoadmapJob(deps, at("2027-05-21T07:07:00Z"));
    expect((await db.prisma.roadmapEvent.findUnique({ where: { id: moscow.eventId } }))!.state).toBe("overdue");
    expect(await outboxOf(moscow.staff)).toHaveLength(1);
  });

  it("leaves done events alone", async () => {
    await db.prisma.roadmapEvent.update({ where: { id: moscow.eventId }, data: { state: "done", escalatedAt: null } });
    const before = await db.prisma.outbox.count();
    await runRoadmapJob(deps, at("2027-05-22T07:07:00Z"));
    expect(await db.prisma.outbox.count()).toBe(before);
    expect((await db.prisma.roadmapEvent.findUnique({ where: { id: moscow.eventId } }))!.state).toBe("done");
  });
});
