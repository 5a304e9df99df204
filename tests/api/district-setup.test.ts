// A district of 4 schools set up end to end through the Mini App API (#11 §2 "done when"): after the
// first administrator creates the district and invites its methodologist, no command line — the
// methodologist opens the campaign, uploads the staff workbook (check, then apply), downloads invite
// sheets, moves a member, and sees honest figures and reminders.
import { randomBytes } from "node:crypto";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AdminContext } from "../../core/services/admin.ts";
import { createDistrict } from "../../core/services/districts.ts";
import { createInvites } from "../../core/services/invites.ts";
import { PrismaAdminRepository } from "../../prisma/admin.ts";
import type { Database } from "../../prisma/db.ts";
import { PrismaRepository } from "../../prisma/repository.ts";
import { setDistrictOperator } from "../../core/services/onboarding.ts";
import { openTestDatabase } from "../support/db.ts";
import { TEST_OPERATOR } from "../support/district.ts";
import { ChatUser, FakeTelegram, makeTestBot } from "../support/telegram.ts";
import { makeTestApi, signInitData } from "../support/api.ts";

let db: Database;
let api: ReturnType<typeof makeTestApi>;
let districtId: string;
let telegram: FakeTelegram;
let bot: ReturnType<typeof makeTestBot>;
const METHODIST = 100;
const NEIGHBOUR = 300;

const call = async (method: "GET" | "POST", path: string, body?: unknown, userId = METHODIST) => {
  const form = body instanceof FormData;
  const response = await api.request(path, {
    method,
    headers: { authorization: `tma ${signInitData(userId)}`, ...(body && !form ? { "content-type": "application/json" } : {}) },
    body: body === undefined ? undefined : form ? body : JSON.stringify(body),
  });
  const type = response.headers.get("content-type") ?? "";
  return {
    status: response.status,
    headers: response.headers,
    body: (type.includes("json") ? await response.json() : await response.text()) as any,
  };
};

async function workbook(schools: Array<[string, string]>, staff: Array<[string, string, string]>): Promise<File> {
  const book = new ExcelJS.Workbook();
  const schoolSheet = book.addWorksheet("Школы");
  schoolSheet.addRow(["Код ОО", "Название"]);
  for (const row of schools) schoolSheet.addRow(row);
  const staffSheet = book.addWorksheet("Сотрудники");
  staffSheet.addRow(["Код ОО", "ФИО", "Роль"]);
  for (const row of staff) staffSheet.addRow(row);
  const bytes = await book.xlsx.writeBuffer();
  return new File([bytes as ArrayBuffer], "сотрудники.xlsx", { type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" });
}

const upload = (file: File, apply: boolean, userId = METHODIST) => {
  const form = new FormData();
  form.append("file", file);
  return call("POST", `/api/districts/${districtId}/staff-import?apply=${apply ? 1 : 0}`, form, userId);
};

const join = async (id: number, code: string) => {
  const user = new ChatUser(bot, telegram, id, `Человек ${id}`);
  await user.send(`/start ${code}`);
  await user.press("Согласен(на)");
  return user;
};

beforeAll(async () => {
  db = await openTestDatabase();
  telegram = new FakeTelegram();
  bot = makeTestBot(db, telegram);
  // The first administrator, once: the district and its methodologist's invite (the CLI's use cases).
  const ctx: AdminContext = {
    admin: new PrismaAdminRepository(db.prisma),
    repo: new PrismaRepository(db.prisma),
    clock: { now: () => new Date() },
    randomBytes: (size) => randomBytes(size),
  };
  const district = await createDistrict(ctx, null, { name: "Район четырёх школ", timezone: "Asia/Yekaterinburg" });
  districtId = district.id;
  await setDistrictOperator({ repo: ctx.repo, clock: ctx.clock }, null, district.id, TEST_OPERATOR);
  const invite = await createInvites(ctx, null, { district: district.id, role: "district", bots: { telegram: "shnor_test_bot", max: null } });
  await join(METHODIST, invite.invites[0]!.code);
  // A neighbouring district's methodologist: never reaches this district.
  const other = await createDistrict(ctx, null, { name: "Соседний район", timezone: "Europe/Moscow" });
  await setDistrictOperator({ repo: ctx.repo, clock: ctx.clock }, null, other.id, TEST_OPERATOR);
  const otherInvite = await createInvites(ctx, null, { district: other.id, role: "district", bots: { telegram: "shnor_test_bot", max: null } });
  await join(NEIGHBOUR, otherInvite.invites[0]!.code);
  api = makeTestApi(db);
});
afterAll(async () => {
  await db?.close();
});

const SCHOOLS: Array<[string, string]> = [
  ["0701", "МБОУ «Школа № 1»"],
  ["0702", "МБОУ «Школа № 2»"],
  ["0703", "МКОУ «Сельская ООШ»"],
  ["0704", "МКОУ «Лесная НОШ»"],
];
const STAFF: Array<[string, string, string]> = [
  ["0701", "Иванова Анна Петровна", "руководитель"],
  ["0701", "Петрова Мария Ивановна", "учитель"],
  ["0701", "Сидоров Павел Андреевич", "учитель"],
  ["0702", "Кузнецова Ольга Ивановна", "учитель"],
  ["0702", "Смирнова Елена Викторовна", "учитель"],
  ["0703", "Смирнова Елена Викторовна", "учитель"],
  ["0703", "Орлова Нина Сергеевна", "учитель"],
  ["0704", "Волкова Ирина Юрьевна", "учитель"],
];

describe("район из четырёх школ — без командной строки после первого администратора", () => {
  it("открыть диагностику, загрузить сотрудников, распечатать приглашения, перевести, напомнить", async () => {
    // 1. The campaign.
    const opened = await call("POST", `/api/districts/${districtId}/campaigns`, { days: 21 });
    expect(opened.status).toBe(200);

    // 2. The template to fill in, then the staff workbook: a check that writes nothing, then the same file for real.
    const template = await api.request(`/api/districts/${districtId}/staff-template`, {
      headers: { authorization: `tma ${signInitData(METHODIST)}` },
    });
    expect(template.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await template.arrayBuffer());
    expect(book.worksheets.map((sheet) => sheet.name)).toEqual(expect.arrayContaining(["Школы", "Сотрудники"]));
    const instructions = book.worksheets.flatMap((sheet) => sheet.getSheetValues().flat().map(String)).join("\n");
    expect(instructions).not.toMatch(/npm run|cli --/);
    const file = await workbook(SCHOOLS, STAFF);
    const checked = await upload(file, false);
    expect(checked.status).toBe(200);
    expect(checked.body).toMatchObject({ applied: false, schools: { created: 4 }, staff: { rows: 8, newPeople: 7, newMemberships: 8 } });
    expect(await db.prisma.school.count({ where: { districtId } })).toBe(0);
    const applied = await upload(file, true);
    expect(applied.body).toMatchObject({ applied: true, schools: { created: 4 }, staff: { newPeople: 7 } });
    expect(await db.prisma.school.count({ where: { districtId } })).toBe(4);
    // A broken file writes nothing and says why, in Russian, without a command.
    const broken = await upload(await workbook([["0705", "Школа без людей"]], [["0799", "Неизвестная Школа Ивановна", "учитель"]]), true);
    expect(broken.status).toBe(400);
    expect(broken.body.message).toMatch(/0799/);
    expect(broken.body.message).not.toMatch(/npm|cli /);
    expect(await db.prisma.school.count({ where: { districtId } })).toBe(4);

    const schools = (await call("GET", `/api/districts/${districtId}/schools`)).body.schools as Array<{ id: string; code: string }>;
    const byCode = new Map(schools.map((school) => [school.code, school.id]));

    // 3. Figures: 6 teachers (the teacher of two schools once), nobody joined yet.
    const before = await call("GET", `/api/districts/${districtId}/completion`);
    expect(before.body.total).toEqual({ notJoined: 6, unfinished: 0, completed: 0, total: 6 });

    // 4. The invite sheet of school 0701 with only those not joined; one teacher joins with her card.
    const sheet = await call("GET", `/api/districts/${districtId}/schools/${byCode.get("0701")}/invite-sheet?only=notJoined`);
    expect(sheet.status).toBe(200);
    expect(sheet.headers.get("content-disposition")).toMatch(/^attachment;/);
    expect(sheet.body).toContain("Петрова Мария Ивановна");
    expect(sheet.body).not.toMatch(/npm run|cli --/);
    const cards = [...(sheet.body as string).matchAll(/t\.me\/shnor_test_bot\?start=([A-Za-z0-9_-]+)/g)].map((match) => match[1]!);
    expect(new Set(cards).size).toBe(3);
    const petrovaCode = (await db.prisma.invite.findFirstOrThrow({ where: { person: { displayName: "Петрова Мария Ивановна" } } })).code;
    expect(cards).toContain(petrovaCode);
    const petrova = await join(201, petrovaCode);
    await petrova.send("/diagnostic");
    await petrova.press("Да");

    const again = await call("GET", `/api/districts/${districtId}/schools/${byCode.get("0701")}/invite-sheet?only=notJoined`);
    expect(again.body).not.toContain("Петрова Мария Ивановна");
    expect(again.body).toContain("Сидоров Павел Андреевич");
    const withParents = await call("GET", `/api/districts/${districtId}/schools/${byCode.get("0704")}/invite-sheet?only=all`);
    expect(withParents.body).toContain("Волкова Ирина Юрьевна");
    expect(withParents.body).toMatch(/родител/i);

    // 5. Move a member: Орлова goes from 0703 to 0704.
    const members = (await call("GET", `/api/districts/${districtId}/members?school=${byCode.get("0703")}`)).body.members as any[];
    const orlova = members.find((member) => member.name === "Орлова Нина Сергеевна")!;
    const moved = await call("POST", `/api/memberships/${orlova.membershipId}/move`, { school: byCode.get("0704") });
    expect(moved.status).toBe(200);

    // 6. Honest figures and an honest reminder.
    const after = await call("GET", `/api/districts/${districtId}/completion`);
    expect(after.body.total).toEqual({ notJoined: 5, unfinished: 1, completed: 0, total: 6 });
    const row = (code: string) => after.body.schools.find((school: any) => school.schoolId === byCode.get(code));
    expect(row("0703")).toMatchObject({ total: 1 });
    expect(row("0704")).toMatchObject({ total: 2, notJoined: 2 });
    const reminded = await call("POST", `/api/districts/${districtId}/remind`);
    expect(reminded.body).toEqual({ enqueued: 1, notJoined: 5, noConsent: 0, unreachable: 0, alreadyToday: 0 });

    // 7. Close the campaign.
    const campaignId = (await call("GET", `/api/districts/${districtId}/campaigns`)).body.campaigns[0].id;
    expect((await call("POST", `/api/campaigns/${campaignId}/close`)).status).toBe(200);
  });

  it("загрузку, шаблон и листы не получают чужие: руководитель школы, учитель, РУО соседнего района", async () => {
    const file = await workbook(SCHOOLS, STAFF);
    const head = (await db.prisma.invite.findFirstOrThrow({ where: { person: { displayName: "Иванова Анна Петровна" } } })).code;
    await join(202, head);
    expect((await upload(file, false, 202)).status).toBe(403);
    expect((await call("GET", `/api/districts/${districtId}/staff-template`, undefined, 202)).status).toBe(403);
    expect((await upload(file, false, NEIGHBOUR)).status).toBe(403);
    expect((await call("GET", `/api/districts/${districtId}/staff-template`, undefined, NEIGHBOUR)).status).toBe(403);
    expect((await upload(file, false, 201)).status).toBe(403);
    const school = (await db.prisma.school.findFirstOrThrow({ where: { districtId, code: "0701" } })).id;
    expect((await call("GET", `/api/districts/${districtId}/schools/${school}/invite-sheet?only=notJoined`, undefined, 202)).status).toBe(403);
    expect((await call("GET", `/api/districts/${districtId}/schools/${school}/invite-sheet?only=notJoined`, undefined, 201)).status).toBe(403);
    expect((await call("GET", `/api/districts/${districtId}/schools/${school}/invite-sheet?only=all`, undefined, NEIGHBOUR)).status).toBe(403);
    expect(await db.prisma.school.count({ where: { districtId } })).toBe(4);
    // The head sees their school's three figures, not the district's.
    expect((await call("GET", `/api/schools/${school}/completion`, undefined, 202)).status).toBe(200);
    expect((await call("GET", `/api/districts/${districtId}/completion`, undefined, 202)).status).toBe(403);
  });
});
