// Release rules on the live path: answers saved by the repository, schools recorded at completion by
// the database, releases stored, and the API routes of the school page and the district summary.
// Each attack of the audit (+1 respondent, −1 member, a move, 100 % at n = 5) must reveal nothing.
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { teacherDiagnosticV1 } from "../../core/instruments/teacher-diagnostic.ts";
import type { Database } from "../../prisma/db.ts";
import { openTestDatabase } from "../support/db.ts";
import { makeDistrict } from "../support/district.ts";
import { makeTestApi, signInitData } from "../support/api.ts";

let db: Database;
let api: ReturnType<typeof makeTestApi>;
let district: Awaited<ReturnType<typeof makeDistrict>>;
let other: Awaited<ReturnType<typeof makeDistrict>>;
let big: string;
let second: string;
let small: string;
let nextUser = 100;

const call = async (path: string, userId: number) => {
  const response = await api.request(path, { headers: { authorization: `tma ${signInitData(userId)}` } });
  const type = response.headers.get("content-type") ?? "";
  return { status: response.status, type, body: type.includes("json") ? ((await response.json()) as any) : new Uint8Array(await response.arrayBuffer()) };
};

/** A person with a Telegram account (user id returned) and memberships, consent given. */
async function person(role: string, districtId: string, schoolIds: Array<string | null>) {
  const userId = nextUser++;
  const created = await db.prisma.person.create({
    data: {
      displayName: `Человек ${userId}`,
      consentAt: new Date(),
      accounts: { create: { channel: "telegram", externalId: String(userId), chatId: String(userId) } },
      memberships: { create: schoolIds.map((schoolId) => ({ role, districtId, schoolId })) },
    },
  });
  return { userId, personId: created.id };
}

/** A teacher answers every question with `value` and completes, through the repository's answer turn. */
async function completes(personId: string, value: number, campaignId = district.campaign.id) {
  const questions = teacherDiagnosticV1.questions;
  await db.prisma.response.create({
    data: { campaignId, personId, answers: { create: questions.slice(0, -1).map((question) => ({ questionId: question.id, value })) } },
  });
  const at = new Date();
  await district.repo.saveAnswer({ campaignId, personId, questionId: questions.at(-1)!.id, value, cursor: null, completedAt: at, at });
}

async function teachers(schoolId: string, count: number) {
  const made = [];
  for (let index = 0; index < count; index++) made.push(await person("teacher", district.district.id, [schoolId]));
  return made;
}

let head: { userId: number };
let headOfSecond: { userId: number };
let staff: { userId: number };
let otherStaff: { userId: number };
let bigTeachers: Array<{ userId: number; personId: string }>;
let smallTeachers: Array<{ userId: number; personId: string }>;

beforeAll(async () => {
  db = await openTestDatabase();
  district = await makeDistrict(db, { schools: 3 });
  other = await makeDistrict(db, { schools: 1 });
  [big, second, small] = district.schools.map((school) => school.id) as [string, string, string];
  head = await person("head", district.district.id, [big]);
  headOfSecond = await person("head", district.district.id, [second]);
  staff = await person("district", district.district.id, [null]);
  otherStaff = await person("district", other.district.id, [null]);
  bigTeachers = await teachers(big, 8);
  await teachers(second, 6);
  smallTeachers = await teachers(small, 3);
  api = makeTestApi(db);
});
afterAll(async () => {
  await db?.close();
});

describe("агрегат школы на живом пути", () => {
  it("при 4 ответивших — только `hidden`, без числа ответивших", async () => {
    for (const [index, teacher] of bigTeachers.slice(0, 4).entries()) await completes(teacher.personId, [1, 2, 3, 4][index]!);
    const result = await call(`/api/schools/${big}/deficits`, head.userId);
    expect(result.status).toBe(200);
    expect(result.body.aggregate).toEqual({ hidden: true });
    expect(result.body.smallSchool).toBe(false);
    expect(JSON.stringify(result.body)).not.toMatch(/respondents/);
  });

  it("руководитель читает при 5 и при 6 ответивших: цифры те же, шестой не вычисляется", async () => {
    await completes(bigTeachers[4]!.personId, 2);
    const at5 = await call(`/api/schools/${big}/deficits`, head.userId);
    expect(at5.body.aggregate).toMatchObject({ hidden: false, respondents: 5 });
    await completes(bigTeachers[5]!.personId, 4);
    const at6 = await call(`/api/schools/${big}/deficits`, head.userId);
    expect(at6.body.aggregate).toEqual(at5.body.aggregate);
    expect(at6.body.releasedAt).toBe(at5.body.releasedAt);
  });

  it("деактивация и перевод педагога (6 → 5) не меняют опубликованных цифр", async () => {
    const before = await call(`/api/schools/${big}/deficits`, head.userId);
    await db.prisma.membership.updateMany({ where: { personId: bigTeachers[0]!.personId }, data: { active: false, endedAt: new Date() } });
    await db.prisma.membership.updateMany({ where: { personId: bigTeachers[1]!.personId }, data: { schoolId: second } });
    const after = await call(`/api/schools/${big}/deficits`, head.userId);
    expect(after.body.aggregate).toEqual(before.body.aggregate);
    // The responses still count for the school their authors taught in when they completed.
    const counted = await db.prisma.responseSchool.count({ where: { schoolId: big } });
    expect(counted).toBe(6);
  });

  it("после ещё трёх ответов выходит новая публикация", async () => {
    const before = await call(`/api/schools/${big}/deficits`, head.userId);
    await completes(bigTeachers[6]!.personId, 1);
    await completes(bigTeachers[7]!.personId, 1);
    const extra = await person("teacher", district.district.id, [big]);
    await completes(extra.personId, 1);
    const after = await call(`/api/schools/${big}/deficits`, head.userId);
    expect(after.body.aggregate.respondents).toBe(9);
    expect(after.body.aggregate).not.toEqual(before.body.aggregate);
    expect(await db.prisma.aggregateRelease.count({ where: { campaignId: district.campaign.id } })).toBeGreaterThanOrEqual(2);
  });

  it("малая школа: результаты не показываются никогда, страница говорит это прямо", async () => {
    const result = await call(`/api/schools/${small}/deficits`, staff.userId);
    expect(result.body).toMatchObject({ smallSchool: true, minRespondents: 5, aggregate: { hidden: true } });
  });
});

describe("сводка района", () => {
  it("показывает район, малые школы и таблицу школ × областей через правила публикации", async () => {
    // A village school of three teachers answers: never shown on its own.
    for (const teacher of smallTeachers) await completes(teacher.personId, 1);
    const result = await call(`/api/districts/${district.district.id}/summary`, staff.userId);
    expect(result.status).toBe(200);
    const body = result.body;
    expect(body.district.areas).toHaveLength(teacherDiagnosticV1.areas.length);
    expect(body.schools.find((school: any) => school.id === small)).toMatchObject({ small: true, respondents: null });
    for (const area of body.schools.find((school: any) => school.id === small).areas) expect(area.cell).toEqual({ hidden: true });
    // Three small-school teachers are fewer than five: the group is hidden as well, and the
    // district total minus the shown schools would leave them, so a school row is hidden with them.
    for (const area of body.smallSchools.areas) expect(area.cell).toEqual({ hidden: true });
    for (const area of body.district.areas) expect(area.cell.hidden).toBe(false);
    const bigRow = body.schools.find((school: any) => school.id === big);
    expect(bigRow.areas.every((area: any) => area.cell.hidden)).toBe(true);
    // District staff reading the school page get the same hidden cells; the head, who cannot see
    // the district total, still sees the school (nothing to subtract it from).
    expect((await call(`/api/schools/${big}/deficits`, staff.userId)).body.aggregate).toEqual({ hidden: true });
    expect((await call(`/api/schools/${big}/deficits`, head.userId)).body.aggregate).toMatchObject({ hidden: false, respondents: 9 });
    expect((await call(`/api/districts/${district.district.id}/summary`, head.userId)).status).toBe(403);
  });

  it("XLSX с теми же правилами: скрытые ячейки — «скрыто»", async () => {
    const result = await call(`/api/districts/${district.district.id}/summary.xlsx`, staff.userId);
    expect(result.status).toBe(200);
    expect(result.type).toMatch(/spreadsheetml/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(result.body as Uint8Array) as never);
    const table = book.getWorksheet("Школы × области")!;
    const values = table.getSheetValues().flat().map(String).join(" | ");
    expect(values).toMatch(/скрыто/);
    expect(values).toMatch(/меньше 5 педагогов/);
    expect(book.getWorksheet("Что показано")).toBeTruthy();
  });

  for (const route of ["summary", "summary.xlsx"]) {
    it(`/${route}: учитель, руководитель школы, другой район — отказ; район — да`, async () => {
      const path = `/api/districts/${district.district.id}/${route}`;
      expect((await call(path, bigTeachers[2]!.userId)).status).toBe(403);
      expect((await call(path, head.userId)).status).toBe(403);
      expect((await call(path, headOfSecond.userId)).status).toBe(403);
      expect((await call(path, otherStaff.userId)).status).toBe(403);
      expect((await call(path, staff.userId)).status).toBe(200);
    });
  }
});
