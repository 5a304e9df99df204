// Campaigns of every instrument in the Mini App (#13): options, opening with an audience (chosen
// schools, an official list of the identification), live response rates per school (members and
// class codes, counts only), closing sets closedAt — district staff of the district only.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../prisma/db.ts";
import { PrismaIdentificationRepository } from "../../prisma/identification.ts";
import { openTestDatabase } from "../support/db.ts";
import { makeDistrict } from "../support/district.ts";
import { ChatUser, FakeTelegram, makeTestBot } from "../support/telegram.ts";
import { makeTestApi, signInitData } from "../support/api.ts";

let db: Database;
let api: ReturnType<typeof makeTestApi>;
let districtId: string;
let schools: Array<{ id: string; name: string; code: string | null }>;

const call = async (method: "GET" | "POST", path: string, userId: number, body?: unknown) => {
  const response = await api.request(path, {
    method,
    headers: { authorization: `tma ${signInitData(userId)}`, ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, body: (await response.json()) as any };
};

/** District staff 1; head 2 and teacher 3 of school 1; teacher 4 of school 2; staff 9 of another district. */
const STAFF = 1;
const HEAD = 2;
const TEACHER = 3;
const TEACHER_TWO = 4;
const OTHER = 9;
const outsiders = [HEAD, TEACHER, OTHER];

beforeAll(async () => {
  db = await openTestDatabase();
  const district = await makeDistrict(db);
  districtId = district.district.id;
  schools = district.schools;
  const telegram = new FakeTelegram();
  const bot = makeTestBot(db, telegram);
  const join = async (id: number, code: string) => {
    const user = new ChatUser(bot, telegram, id, `Человек ${id}`);
    await user.send(`/start ${code}`);
    await user.press("Согласен(на)");
  };
  await join(STAFF, await district.invite("district", null));
  await join(HEAD, await district.invite("head", schools[0]!.id));
  await join(TEACHER, await district.invite("teacher", schools[0]!.id));
  await join(TEACHER_TWO, await district.invite("teacher", schools[1]!.id));
  const other = await makeDistrict(db, { schools: 1 });
  await join(OTHER, await other.invite("district", null));
  // The region's official ШНОР list of 2026 names school 2.
  await new PrismaIdentificationRepository(db.prisma).writeOfficialList({
    districtId,
    list: {
      kind: "shnor",
      year: 2026,
      source: "Министерство образования",
      documentNumber: "12-р",
      documentDate: "2026-02-10",
      schools: [{ schoolCode: schools[1]!.code!, schoolName: schools[1]!.name }],
    },
    fileName: "list.xlsx",
    at: new Date(),
    newSchools: [],
    codedSchools: [],
  });
  api = makeTestApi(db);
});
afterAll(async () => {
  await db?.close();
});

const personOf = async (externalId: number) =>
  (await db.prisma.account.findFirstOrThrow({ where: { externalId: String(externalId) } })).personId;

describe("кампании любых анкет в Mini App", () => {
  it("что можно открыть: анкеты, школы, утверждённые списки — только сотрудник РУО своего района", async () => {
    for (const user of outsiders) expect((await call("GET", `/api/districts/${districtId}/campaign-options`, user)).status).toBe(403);
    const options = await call("GET", `/api/districts/${districtId}/campaign-options`, STAFF);
    expect(options.status).toBe(200);
    const keys = options.body.instruments.map((row: any) => [row.key, row.respondent, row.anonymous]);
    expect(keys).toEqual(
      expect.arrayContaining([
        ["teacher_deficits", "teacher", false],
        ["parent_survey", "parent", true],
        ["student_survey", "student", true],
        ["school_card", "head", false],
      ]),
    );
    expect(options.body.schools).toHaveLength(2);
    expect(options.body.officialLists).toEqual([{ kind: "shnor", year: 2026 }]);
    // The diagnostic offers both shared versions; version 1 stays the default, version 2 says why one would pick it.
    const diagnostic = options.body.instruments.find((row: any) => row.key === "teacher_deficits");
    expect(diagnostic.version).toBe(1);
    expect(diagnostic.versions.map((row: any) => row.version)).toEqual([1, 2]);
    expect(diagnostic.versionNote).toContain("6.1, 7.2, 8.2, 9.2");
  });

  it("диагностику педагогов можно открыть по версии 2 — с вопросами профиля рисков", async () => {
    const opened = await call("POST", `/api/districts/${districtId}/campaigns/open`, STAFF, {
      instrumentKey: "teacher_deficits",
      instrumentVersion: 2,
      days: 10,
    });
    expect(opened.status).toBe(200);
    const stored = await db.prisma.campaign.findUniqueOrThrow({ where: { id: opened.body.id }, include: { instrument: true } });
    expect(stored.instrument.version).toBe(2);
    expect((stored.instrument.definition as { questions: unknown[] }).questions).toHaveLength(33);
    const missing = await call("POST", `/api/districts/${districtId}/campaigns/open`, STAFF, { instrumentKey: "teacher_deficits", instrumentVersion: 9 });
    expect(missing.status).toBe(404);
    await call("POST", `/api/campaigns/${opened.body.id}/close`, STAFF);
  });

  it("открыть карту самоанализа для школ утверждённого списка ШНОР; охват по школам — числа, без имён", async () => {
    const body = { instrumentKey: "school_card", schools: { kind: "list", list: "official-shnor" }, days: 20, remindEveryDays: 2 };
    for (const user of outsiders) expect((await call("POST", `/api/districts/${districtId}/campaigns/open`, user, body)).status).toBe(403);
    const opened = await call("POST", `/api/districts/${districtId}/campaigns/open`, STAFF, body);
    expect(opened.status).toBe(200);
    expect(opened.body).toMatchObject({
      instrument: { key: "school_card" },
      audience: { roles: ["head"], schoolIds: [schools[1]!.id], from: { list: "official-shnor", year: 2026 } },
      anonymous: false,
      remindEveryDays: 2,
    });
    const stored = await db.prisma.campaign.findUniqueOrThrow({ where: { id: opened.body.id } });
    expect(stored.audience).toEqual(opened.body.audience);
    expect(stored.remindEveryDays).toBe(2);

    const rates = await call("GET", `/api/campaigns/${opened.body.id}/rates`, STAFF);
    expect(rates.status).toBe(200);
    // Only the listed school is asked; its head was never registered.
    expect(rates.body.schools.map((row: any) => row.schoolId)).toEqual([schools[1]!.id]);
    expect(rates.body.total).toEqual({ members: { total: 0, completed: 0, unfinished: 0, notJoined: 0 }, codes: null });
    for (const user of outsiders) expect((await call("GET", `/api/campaigns/${opened.body.id}/rates`, user)).status).toBe(403);
  });

  it("педагоги двух школ: завершившие и не закончившие по школам; закрытие ставит closedAt", async () => {
    const opened = await call("POST", `/api/districts/${districtId}/campaigns/open`, STAFF, {
      instrumentKey: "teacher_deficits",
      title: "Повторная диагностика",
      schools: { kind: "chosen", schools: [schools[0]!.code, schools[1]!.id] },
    });
    expect(opened.status).toBe(200);
    expect(opened.body.remindEveryDays).toBe(1);
    await db.prisma.response.create({ data: { campaignId: opened.body.id, personId: await personOf(TEACHER), completedAt: new Date() } });
    const rates = (await call("GET", `/api/campaigns/${opened.body.id}/rates`, STAFF)).body;
    expect(rates.total.members).toEqual({ total: 2, completed: 1, unfinished: 1, notJoined: 0 });
    expect(rates.schools.map((row: any) => [row.schoolId, row.members.completed, row.members.total])).toEqual([
      [schools[0]!.id, 1, 1],
      [schools[1]!.id, 0, 1],
    ]);
    expect(JSON.stringify(rates)).not.toContain(await personOf(TEACHER));

    for (const user of outsiders) expect((await call("POST", `/api/campaigns/${opened.body.id}/close`, user)).status).toBe(403);
    const closed = await call("POST", `/api/campaigns/${opened.body.id}/close`, STAFF);
    expect(closed).toMatchObject({ status: 200, body: { was: "open" } });
    const row = await db.prisma.campaign.findUniqueOrThrow({ where: { id: opened.body.id } });
    expect(row.closedAt).not.toBeNull();
    expect(row.closesAt.getTime()).toBeLessThanOrEqual(Date.now());
    const listed = (await call("GET", `/api/districts/${districtId}/campaigns`, STAFF)).body.campaigns;
    expect(listed.find((campaign: any) => campaign.id === opened.body.id)).toMatchObject({ status: "closed", instrumentKey: "teacher_deficits" });
  });

  it("опрос родителей: коды классов выдано/использовано; родителям не напоминают", async () => {
    const opened = await call("POST", `/api/districts/${districtId}/campaigns/open`, STAFF, { instrumentKey: "parent_survey" });
    expect(opened.status).toBe(200);
    expect(opened.body).toMatchObject({ anonymous: true, audience: { roles: ["parent"], schoolIds: null } });
    await db.prisma.classCode.createMany({
      data: [
        { campaignId: opened.body.id, schoolId: schools[0]!.id, classLabel: "5А", audience: "parent", codeHash: "a".repeat(64), usedAt: new Date() },
        { campaignId: opened.body.id, schoolId: schools[0]!.id, classLabel: "5А", audience: "parent", codeHash: "b".repeat(64) },
        { campaignId: opened.body.id, schoolId: schools[1]!.id, classLabel: "7Б", audience: "parent", codeHash: "c".repeat(64) },
      ],
    });
    const rates = (await call("GET", `/api/campaigns/${opened.body.id}/rates`, STAFF)).body;
    expect(rates.total).toEqual({ members: null, codes: { issued: 3, used: 1 } });
    expect(rates.schools.map((row: any) => row.codes)).toEqual([
      { issued: 2, used: 1 },
      { issued: 1, used: 0 },
    ]);
  });

  it("отказы по-русски: родители вместе с педагогами, неизвестная школа, кластер без расчёта, неверное тело", async () => {
    const open = (body: unknown) => call("POST", `/api/districts/${districtId}/campaigns/open`, STAFF, body);
    const mixed = await open({ instrumentKey: "parent_survey", roles: ["parent", "teacher"] });
    expect(mixed.status).toBe(400);
    expect(mixed.body.message).toMatch(/анонимно по кодам класса/);
    expect((await open({ instrumentKey: "student_survey", roles: ["teacher"] })).body.message).toMatch(/заполняют обучающиеся/);
    expect((await open({ instrumentKey: "teacher_deficits", schools: { kind: "chosen", schools: ["999"] } })).body.message).toBe(
      "Школа «999» в этом районе не найдена",
    );
    expect((await open({ instrumentKey: "teacher_deficits", schools: { kind: "cluster", cluster: "failing" } })).body.message).toMatch(
      /Расчётов выявления ещё нет/,
    );
    expect((await open({ instrumentKey: "no_such" })).status).toBe(404);
    expect((await open({ instrumentKey: "teacher_deficits", remindEveryDays: 99 })).status).toBe(400);
    expect((await open({ instrumentKey: "teacher_deficits", schools: { kind: "everything" } })).status).toBe(400);
    expect((await call("GET", `/api/campaigns/nosuchcampaign/rates`, STAFF)).status).toBe(404);
  });
});
