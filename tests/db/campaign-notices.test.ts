// Invitations and reminders of every campaign (#13) over the database, with a fake clock: invited
// once in the district's daytime, reminded every `remindEveryDays` at 10:00 local, once per slot
// (also through the scheduler's JobRun), never those who completed, never parents or students; a
// campaign from before #13 keeps the diagnostic's daily reminder.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import type { Database } from "../../prisma/db.ts";
import { createDistrict, createSchool, openCampaign as storeCampaign, PrismaAdminRepository } from "../../prisma/admin.ts";
import { PrismaRepository } from "../../prisma/repository.ts";
import { closeCampaign, openCampaign } from "../../core/services/campaigns.ts";
import { planCampaignNotices } from "../../core/services/reminders.ts";
import { campaignNoticesJob, runOnce } from "../../server/scheduler.ts";
import { openTestDatabase } from "../support/db.ts";

let db: Database;
let admin: PrismaAdminRepository;
let repo: PrismaRepository;

beforeAll(async () => {
  db = await openTestDatabase();
  admin = new PrismaAdminRepository(db.prisma);
  repo = new PrismaRepository(db.prisma);
});
afterAll(async () => {
  await db?.close();
});

/** A member with a chat account and consent (or without, when told). */
async function member(districtId: string, schoolId: string, role: string, chatId: string, options: { consent?: boolean; account?: boolean } = {}) {
  const person = await db.prisma.person.create({
    data: { displayName: `Человек ${chatId}`, consentAt: options.consent === false ? null : new Date("2026-01-01T00:00:00Z") },
  });
  await db.prisma.membership.create({ data: { personId: person.id, role, districtId, schoolId } });
  if (options.account !== false) {
    await db.prisma.account.create({ data: { personId: person.id, channel: "telegram", externalId: chatId, chatId } });
  }
  return person.id;
}

const ctxAt = (iso: string) => ({ admin, repo, clock: { now: () => new Date(iso) }, randomBytes: (size: number) => randomBytes(size) });
const plan = (iso: string) => planCampaignNotices(ctxAt(iso));
const outbox = (prefix: string, campaignId: string) =>
  db.prisma.outbox.findMany({ where: { dedupeKey: { startsWith: `${prefix}:${campaignId}:` } }, orderBy: { dedupeKey: "asc" } });

describe("приглашения и напоминания кампаний", () => {
  it("карта самоанализа руководителям: приглашение днём один раз, напоминание раз в 2 дня в 10:00 по Москве, не завершившим", async () => {
    const district = await createDistrict(db.prisma, { name: "Район М", timezone: "Europe/Moscow" });
    const a = await createSchool(db.prisma, { districtId: district.id, name: "Школа А", code: "11" });
    const b = await createSchool(db.prisma, { districtId: district.id, name: "Школа Б", code: "12" });
    const headA = await member(district.id, a.id, "head", "5001");
    const headB = await member(district.id, b.id, "head", "5002");
    await member(district.id, b.id, "head", "5003", { consent: false });
    await member(district.id, b.id, "head", "5004", { account: false });
    await member(district.id, a.id, "teacher", "5005");
    // Opened at 07:00 Moscow on 2 March.
    const opened = await openCampaign(ctxAt("2026-03-02T04:00:00Z"), null, { district: district.id, instrumentKey: "school_card", remindEveryDays: 2, days: 20 });

    expect(await plan("2026-03-02T05:05:00Z")).toEqual({ campaigns: 0, invited: 0, reminded: 0 }); // 08:05: too early
    expect(await plan("2026-03-02T06:05:00Z")).toEqual({ campaigns: 1, invited: 2, reminded: 0 }); // 09:05
    expect((await plan("2026-03-02T07:05:00Z")).invited).toBe(0); // once, whatever the hour
    const invitations = await outbox("cmp-invite", opened.id);
    expect(invitations.map((row) => row.chatId)).toEqual(expect.arrayContaining(["5001", "5002"]));
    expect(invitations[0]!.text).toContain("Открыт опрос «");
    expect(invitations[0]!.appStart).toBe(`survey-${opened.id}`);

    // Head A completes the card.
    await db.prisma.response.create({ data: { campaignId: opened.id, personId: headA, completedAt: new Date("2026-03-02T12:00:00Z") } });
    expect((await plan("2026-03-03T07:05:00Z")).reminded).toBe(0); // day 1 of every 2
    expect((await plan("2026-03-04T06:05:00Z")).reminded).toBe(0); // 09:05
    expect((await plan("2026-03-04T07:05:00Z")).reminded).toBe(1); // 10:05 on day 2
    expect((await plan("2026-03-04T07:35:00Z")).reminded).toBe(0); // the same slot again
    const reminders = await outbox("cmp-remind", opened.id);
    expect(reminders.map((row) => [row.personId, row.dedupeKey])).toEqual([[headB, `cmp-remind:${opened.id}:${headB}:2026-03-04`]]);
    expect(reminders[0]!.text).toMatch(/^Напоминание: идёт опрос/);

    // Closed: nothing more.
    await closeCampaign(ctxAt("2026-03-05T10:00:00Z"), null, { campaign: opened.id });
    expect(await plan("2026-03-06T07:05:00Z")).toEqual({ campaigns: 0, invited: 0, reminded: 0 });
  });

  it("часовой пояс района: 10:00 в Якутске — 01:00 UTC; опрос родителей никому не пишет", async () => {
    const district = await createDistrict(db.prisma, { name: "Район Я", timezone: "Asia/Yakutsk" });
    const school = await createSchool(db.prisma, { districtId: district.id, name: "Школа Я", code: "21" });
    await member(district.id, school.id, "teacher", "6001");
    await member(district.id, school.id, "head", "6002");
    const at = "2026-04-01T00:00:00Z"; // 09:00 in Yakutsk
    const diagnostic = await openCampaign(ctxAt(at), null, { district: district.id, instrumentKey: "teacher_deficits", remindEveryDays: 3 });
    const parents = await openCampaign(ctxAt(at), null, { district: district.id, instrumentKey: "parent_survey" });
    expect(parents.anonymous).toBe(true);
    const first = await plan("2026-04-01T00:05:00Z");
    expect(first.invited).toBe(1);
    expect((await outbox("cmp-invite", diagnostic.id))[0]!.text).toContain("/diagnostic");
    expect((await plan("2026-04-04T00:05:00Z")).reminded).toBe(0); // 09:05
    expect((await plan("2026-04-04T01:05:00Z")).reminded).toBe(1); // 10:05, day 3
    expect((await outbox("diag-remind", diagnostic.id))[0]!.text).toMatch(/^Напоминание: идёт диагностика/);
    expect(await db.prisma.outbox.count({ where: { dedupeKey: { contains: parents.id } } })).toBe(0);
  });

  it("кампания до #13 (без аудитории): напоминание педагогам каждый день, без приглашения; планировщик — один раз на слот", async () => {
    const district = await createDistrict(db.prisma, { name: "Район С", timezone: "Europe/Moscow" });
    const school = await createSchool(db.prisma, { districtId: district.id, name: "Школа С", code: "31" });
    await member(district.id, school.id, "teacher", "7001");
    const legacy = await storeCampaign(db.prisma, {
      districtId: district.id,
      title: "Диагностика, май",
      opensAt: new Date("2026-05-01T00:00:00Z"),
      closesAt: new Date("2026-05-20T00:00:00Z"),
    });
    expect(legacy.audience).toBeNull();
    const job = campaignNoticesJob({ admin, repo });
    expect(await runOnce(db, job, new Date("2026-05-01T07:05:00Z"))).toBe(true);
    expect(await runOnce(db, job, new Date("2026-05-01T07:20:00Z"))).toBe(false); // the slot is done
    expect(await runOnce(db, job, new Date("2026-05-02T07:05:00Z"))).toBe(true);
    const rows = await outbox("diag-remind", legacy.id);
    expect(rows.map((row) => row.dedupeKey.slice(-10))).toEqual(["2026-05-01", "2026-05-02"]);
    expect(await db.prisma.outbox.count({ where: { dedupeKey: { startsWith: `cmp-invite:${legacy.id}` } } })).toBe(0);
  });
});
