// The monitoring calendar's job with a fake clock (DOMAIN.md §9, issue #14 §4): the people responsible
// for an entry are reminded `remindDaysBefore` days before the deadline and on the day at 10:00 in
// their district's time zone (Europe/Moscow vs Asia/Vladivostok), with «✅ Выполнено»; the district
// staff are told once the day after an undone deadline; each message goes once, even when a slot
// runs twice, a later slot runs the same day, or the server restarts; a done entry is quiet; people
// without consent are skipped, and a person with both messengers gets one message.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_METHODOLOGY } from "../../core/methodology/settings.ts";
import { calendarDefaults } from "../../core/management/calendar-defaults.ts";
import { PrismaAdminRepository } from "../../prisma/admin.ts";
import { createDistrict, createSchool } from "../../prisma/admin.ts";
import type { Database } from "../../prisma/db.ts";
import { PrismaRepository } from "../../prisma/repository.ts";
import { calendarJobs } from "../../server/calendar-jobs.ts";
import type { ManagementJobDeps } from "../../server/management-jobs.ts";
import { runOnce } from "../../server/scheduler.ts";
import { openTestDatabase } from "../support/db.ts";
import { testManagement } from "../support/management.ts";

let db: Database;
let chat = 81_000;
const DUE = new Date(Date.UTC(2027, 4, 12));

const jobDeps = (): ManagementJobDeps => ({
  repo: new PrismaRepository(db.prisma),
  admin: new PrismaAdminRepository(db.prisma),
  management: testManagement(db),
  settings: DEFAULT_METHODOLOGY,
});

async function person(name: string, districtId: string, role: string, schoolId: string | null, options: { consent?: boolean; max?: boolean } = {}) {
  const id = ++chat;
  const accounts = [{ channel: "telegram", externalId: String(id), chatId: String(id), lastSeenAt: new Date("2026-10-01T00:00:00Z") }];
  if (options.max) accounts.push({ channel: "max", externalId: `m${id}`, chatId: `m${id}`, lastSeenAt: new Date("2026-11-01T00:00:00Z") });
  const row = await db.prisma.person.create({
    data: {
      displayName: name,
      consentAt: options.consent === false ? null : new Date("2026-09-01T00:00:00Z"),
      accounts: { create: accounts },
      memberships: { create: { role, districtId, schoolId } },
    },
  });
  return row.id;
}

async function districtWithEntry(name: string, timezone: string) {
  const district = await createDistrict(db.prisma, { name, timezone });
  const school = await createSchool(db.prisma, { districtId: district.id, name: `Школа (${name})` });
  const staff = await person(`Специалист (${name})`, district.id, "district", null);
  const head = await person(`Директор (${name})`, district.id, "head", school.id, { max: true });
  const silent = await person(`Без согласия (${name})`, district.id, "head", school.id, { consent: false });
  const methodologist = await person(`Методист (${name})`, district.id, "methodologist", null);
  const entry = await db.prisma.calendarEntry.create({
    data: {
      districtId: district.id,
      schoolYear: "2026/27",
      title: `Сбор отчётов школ (${name})`,
      dueOn: DUE,
      responsibleRoles: ["head"],
      responsibleIds: [methodologist],
      remindDaysBefore: 3,
    },
  });
  return { districtId: district.id, staff, head, silent, methodologist, entryId: entry.id };
}

let moscow: Awaited<ReturnType<typeof districtWithEntry>>;
let vladivostok: Awaited<ReturnType<typeof districtWithEntry>>;

const rowsOf = (entryId: string, kind?: string) =>
  db.prisma.outbox.findMany({ where: { dedupeKey: { startsWith: `cal:${entryId}:${kind ?? ""}` } }, orderBy: { dedupeKey: "asc" } });
const run = async (iso: string, deps = jobDeps()) => {
  const [job] = calendarJobs(deps);
  return runOnce(db, job!, new Date(iso));
};

beforeAll(async () => {
  db = await openTestDatabase();
  moscow = await districtWithEntry("Москва", "Europe/Moscow");
  vladivostok = await districtWithEntry("Владивосток", "Asia/Vladivostok");
});
afterAll(async () => {
  await db?.close();
});

describe("календарь мониторингов: напоминания планировщика", () => {
  it("задача одна, ежечасная; при первом запуске в каждом районе появляется календарь учебного года по умолчанию", async () => {
    const jobs = calendarJobs(jobDeps());
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.schedule).toMatch(/^\d+ \* \* \* \*$/);
    await run("2027-05-01T03:00:00Z");
    for (const district of [moscow, vladivostok]) {
      expect(await db.prisma.calendarEntry.count({ where: { districtId: district.districtId, key: { not: null } } })).toBe(calendarDefaults("2026/27").length);
    }
  });

  it("за 3 дня в 10:00 по местному времени: Владивосток раньше Москвы; ответственным по роли и по имени, без согласия — никому", async () => {
    // 10:00 in Vladivostok = 00:00 UTC = 03:00 in Moscow.
    await run("2027-05-09T00:00:00Z");
    const vl = await rowsOf(vladivostok.entryId, "before");
    expect(vl.map((row) => row.personId).sort()).toEqual([vladivostok.head, vladivostok.methodologist].sort());
    expect(await rowsOf(moscow.entryId)).toHaveLength(0);
    // 09:00 in Moscow: not yet.
    await run("2027-05-09T06:00:00Z");
    expect(await rowsOf(moscow.entryId)).toHaveLength(0);
    // 10:00 in Moscow.
    await run("2027-05-09T07:00:00Z");
    const rows = await rowsOf(moscow.entryId, "before");
    expect(rows.map((row) => row.personId).sort()).toEqual([moscow.head, moscow.methodologist].sort());
    expect(rows.map((row) => row.personId)).not.toContain(moscow.silent);
    const head = rows.find((row) => row.personId === moscow.head)!;
    // Both messengers: one message, to the account seen last.
    expect(head.channel).toBe("max");
    expect(head.text).toContain("через 3 дня, 12 мая 2027");
    expect(head.text).toContain("Сбор отчётов школ (Москва)");
    expect(head.dedupeKey).toBe(`cal:${moscow.entryId}:before:2027-05-12:${moscow.head}`);
    expect(head.payload).toEqual({ buttons: [[{ text: "✅ Выполнено", data: `cl:done:${moscow.entryId}` }]] });
  });

  it("один раз: тот же слот дважды, следующий слот того же дня и перезапуск сервера ничего не добавляют", async () => {
    const before = await db.prisma.outbox.count();
    expect(await run("2027-05-09T07:00:00Z")).toBe(false);
    expect(await run("2027-05-09T08:00:00Z")).toBe(true);
    // A fresh set of repositories, as after a restart, in another slot of the same day.
    expect(await run("2027-05-09T09:30:00Z", jobDeps())).toBe(true);
    expect(await db.prisma.outbox.count()).toBe(before);
    // The day after the first reminder nothing is due.
    await run("2027-05-10T07:00:00Z");
    expect(await db.prisma.outbox.count()).toBe(before);
  });

  it("в день срока в 10:00 — второе напоминание; выполненная запись молчит", async () => {
    await db.prisma.calendarEntry.update({ where: { id: vladivostok.entryId }, data: { doneAt: new Date("2027-05-11T00:00:00Z") } });
    await run("2027-05-12T06:00:00Z");
    expect(await rowsOf(moscow.entryId, "day")).toHaveLength(0);
    await run("2027-05-12T07:00:00Z");
    const day = await rowsOf(moscow.entryId, "day");
    expect(day).toHaveLength(2);
    expect(day[0]!.text).toContain("сегодня, 12 мая 2027");
    await run("2027-05-12T08:00:00Z");
    expect(await rowsOf(moscow.entryId, "day")).toHaveLength(2);
    expect(await rowsOf(vladivostok.entryId, "day")).toHaveLength(0);
  });

  it("на следующий день после срока — эскалация сотрудникам РУО, один раз (escalatedAt)", async () => {
    await run("2027-05-13T06:00:00Z");
    expect(await rowsOf(moscow.entryId, "esc")).toHaveLength(0);
    await run("2027-05-13T07:00:00Z");
    const esc = await rowsOf(moscow.entryId, "esc");
    expect(esc.map((row) => row.personId)).toEqual([moscow.staff]);
    expect(esc[0]!.text).toContain("просрочено «Сбор отчётов школ (Москва)» (срок был 12 мая 2027)");
    expect(esc[0]!.text).toContain("руководители школ");
    expect(esc[0]!.text).toContain("Методист (Москва)");
    const entry = await db.prisma.calendarEntry.findUnique({ where: { id: moscow.entryId } });
    expect(entry!.escalatedAt).not.toBeNull();
    await run("2027-05-13T08:00:00Z");
    await run("2027-05-14T07:00:00Z", jobDeps());
    expect(await rowsOf(moscow.entryId, "esc")).toHaveLength(1);
    // The done entry of Vladivostok is not escalated.
    expect(await rowsOf(vladivostok.entryId, "esc")).toHaveLength(0);
  });

  it("перенесённый срок напоминает и эскалирует заново", async () => {
    const management = testManagement(db);
    const entry = (await management.calendar.get(moscow.entryId))!;
    await management.calendar.update(moscow.entryId, { ...entry, dueOn: new Date(Date.UTC(2027, 4, 19)) });
    expect((await management.calendar.get(moscow.entryId))!.escalatedAt).toBeNull();
    await run("2027-05-16T07:00:00Z");
    expect((await rowsOf(moscow.entryId, "before")).filter((row) => row.dedupeKey.includes(":2027-05-19:"))).toHaveLength(2);
  });
});
