// The monitoring calendar in the Mini App API (#14 §4): the district's school year with its defaults
// (added on first look, once), edits of a default (title, dates, roles, people, reminder days), own
// entries added and deleted, a default kept, done and undone; a head reads and closes the entries heads
// answer for; every route refuses another district and a wrong role; bad bodies get Russian messages.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { calendarDefaults } from "../../core/management/calendar-defaults.ts";
import { schoolYearOf } from "../../core/management/school-year.ts";
import type { Database } from "../../prisma/db.ts";
import { openTestDatabase } from "../support/db.ts";
import { makeDistrict } from "../support/district.ts";
import { makeTestApi, signInitData } from "../support/api.ts";
import { createApp } from "../../miniapp/api/app.ts";
import { DEFAULT_METHODOLOGY } from "../../core/methodology/settings.ts";
import { PrismaAdminRepository } from "../../prisma/admin.ts";
import { PrismaRepository } from "../../prisma/repository.ts";
import { surveysContext } from "../../prisma/surveys.ts";
import { TEST_TOKEN } from "../support/telegram.ts";

let db: Database;
let api: ReturnType<typeof makeTestApi>;
let nextUser = 62_000;

type Who = { userId: number; personId: string };

async function call(path: string, who: Who, init: { method?: string; json?: unknown } = {}) {
  const headers: Record<string, string> = { authorization: `tma ${signInitData(who.userId)}` };
  if (init.json !== undefined) headers["content-type"] = "application/json";
  const response = await api.request(path, {
    method: init.method ?? (init.json !== undefined ? "POST" : "GET"),
    headers,
    body: init.json !== undefined ? JSON.stringify(init.json) : undefined,
  });
  return { status: response.status, body: (await response.json()) as any };
}

async function person(role: string, districtId: string, schoolId: string | null, name = `Человек ${nextUser}`): Promise<Who> {
  const userId = nextUser++;
  const created = await db.prisma.person.create({
    data: {
      displayName: name,
      consentAt: new Date(),
      accounts: { create: { channel: "telegram", externalId: String(userId), chatId: String(userId) } },
      memberships: { create: { role, districtId, schoolId } },
    },
  });
  return { userId, personId: created.id };
}

let A: string, B: string;
let staff: Who, otherStaff: Who, head: Who, teacher: Who, mentor: Who, outsider: Who;
const year = schoolYearOf(new Date(), "Europe/Moscow");
const start = Number(year.slice(0, 4));
const entryBody = (overrides: Record<string, unknown> = {}) => ({
  title: "Сверка списков детей группы риска",
  startsOn: `${start + 1}-03-01`,
  dueOn: `${start + 1}-03-10`,
  responsibleRoles: ["head"],
  responsibleIds: [],
  remindDaysBefore: 5,
  ...overrides,
});

beforeAll(async () => {
  db = await openTestDatabase();
  api = makeTestApi(db);
  const district = await makeDistrict(db, { schools: 1 });
  const other = await makeDistrict(db, { schools: 1 });
  A = district.district.id;
  B = other.district.id;
  staff = await person("district", A, null, "Анна РУО");
  otherStaff = await person("district", B, null);
  head = await person("head", A, district.schools[0]!.id, "Борис Директор");
  teacher = await person("teacher", A, district.schools[0]!.id);
  mentor = await person("mentor", A, district.schools[0]!.id, "Вера Куратор");
  outsider = await person("head", B, other.schools[0]!.id);
});
afterAll(async () => {
  await db?.close();
});

describe("календарь мониторингов: API", () => {
  let programmes: any;
  let own: string;

  it("GET: РУО получает учебный год с записями по умолчанию (один раз) и список людей; руководитель — только свои; остальным — 403", async () => {
    const first = await call(`/api/districts/${A}/calendar`, staff);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ schoolYear: year, canEdit: true, districtName: "Тестовый район" });
    expect(first.body.today).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(first.body.entries).toHaveLength(calendarDefaults(year).length);
    expect(first.body.people.map((row: any) => row.displayName)).toEqual(["Анна РУО", "Борис Директор", "Вера Куратор"]);
    const again = await call(`/api/districts/${A}/calendar`, staff);
    expect(again.body.entries).toHaveLength(calendarDefaults(year).length);
    programmes = first.body.entries.find((row: any) => row.key === "school_programmes");
    expect(programmes).toMatchObject({ dueOn: `${start + 1}-04-27`, remindDaysBefore: 3, doneAt: null });

    const next = await call(`/api/districts/${A}/calendar?year=${start + 1}/${String((start + 2) % 100).padStart(2, "0")}`, staff);
    expect(next.body.entries[0].dueOn >= `${start + 1}-09-01`).toBe(true);
    const bad = await call(`/api/districts/${A}/calendar?year=2026`, staff);
    expect(bad.status).toBe(400);
    expect(bad.body.message).toBe("Учебный год указывается так: 2026/27.");

    const heads = await call(`/api/districts/${A}/calendar`, head);
    expect(heads.status).toBe(200);
    expect(heads.body.canEdit).toBe(false);
    expect(heads.body.people).toEqual([]);
    expect(heads.body.entries.length).toBeGreaterThan(0);
    for (const row of heads.body.entries) expect(row.responsibleRoles).toContain("head");
    for (const who of [otherStaff, outsider, teacher]) expect((await call(`/api/districts/${A}/calendar`, who)).status).toBe(403);
  });

  it("PUT: РУО правит запись по умолчанию — название, даты, роли, людей, дни напоминания; чужие — 403/404; ошибки по-русски", async () => {
    const edited = await call(`/api/calendar/${programmes.id}`, staff, {
      method: "PUT",
      json: entryBody({ title: "Школьные программы перехода в эффективный режим", startsOn: `${start + 1}-04-01`, dueOn: `${start + 1}-04-25`, responsibleRoles: ["head", "mentor"], responsibleIds: [mentor.personId], remindDaysBefore: 7 }),
    });
    expect(edited.status).toBe(200);
    expect(edited.body.entry).toMatchObject({ key: "school_programmes", dueOn: `${start + 1}-04-25`, responsibleIds: [mentor.personId], remindDaysBefore: 7 });
    expect((await call(`/api/calendar/${programmes.id}`, head, { method: "PUT", json: entryBody() })).status).toBe(403);
    expect((await call(`/api/calendar/${programmes.id}`, otherStaff, { method: "PUT", json: entryBody() })).status).toBe(404);
    expect((await call(`/api/calendar/${programmes.id}`, teacher, { method: "PUT", json: entryBody() })).status).toBe(404);

    const bad = await call(`/api/calendar/${programmes.id}`, staff, { method: "PUT", json: { title: "", dueOn: "31.04.2027", remindDaysBefore: 90, responsibleRoles: ["teacher"] } });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe("invalid_input");
    expect(bad.body.message).toMatch(/^Запись не сохранена: /);
    expect(bad.body.issues).toEqual(
      expect.arrayContaining([
        "Что сделать: укажите, что нужно сделать",
        "Срок: дата в формате ГГГГ-ММ-ДД",
        "Напомнить за (дней): целое число дней от 0 до 30 (0 — только в день срока)",
        expect.stringMatching(/^Ответственные роли: роль из списка/),
      ]),
    );
    const late = await call(`/api/calendar/${programmes.id}`, staff, { method: "PUT", json: entryBody({ startsOn: `${start + 1}-03-20` }) });
    expect(late.body.issues).toEqual(["Начало: начало позже срока"]);
    const outside = await call(`/api/calendar/${programmes.id}`, staff, { method: "PUT", json: entryBody({ startsOn: null, dueOn: `${start + 1}-09-10` }) });
    expect(outside.status).toBe(400);
    expect(outside.body.message).toContain(`в ${year} учебном году`);
    const stranger = await call(`/api/calendar/${programmes.id}`, staff, { method: "PUT", json: entryBody({ responsibleIds: [outsider.personId] }) });
    expect(stranger.status).toBe(400);
    expect(stranger.body.message).toBe("Ответственным можно назначить только участника этого района.");
    const nobody = await call(`/api/calendar/${programmes.id}`, staff, { method: "PUT", json: entryBody({ responsibleRoles: [] }) });
    expect(nobody.body.issues).toEqual(["Ответственные роли: назовите хотя бы одну роль или одного человека"]);
  });

  it("POST: РУО добавляет свою запись; руководитель и другой район — 403", async () => {
    const added = await call(`/api/districts/${A}/calendar`, staff, { json: entryBody() });
    expect(added.status).toBe(200);
    expect(added.body.entry).toMatchObject({ key: null, schoolYear: year, dueOn: `${start + 1}-03-10`, remindDaysBefore: 5 });
    own = added.body.entry.id;
    expect((await call(`/api/districts/${A}/calendar`, head, { json: entryBody() })).status).toBe(403);
    expect((await call(`/api/districts/${A}/calendar`, otherStaff, { json: entryBody() })).status).toBe(403);
    const bad = await call(`/api/districts/${A}/calendar`, staff, { json: { title: "Без срока", responsibleRoles: ["head"] } });
    expect(bad.status).toBe(400);
    expect(bad.body.issues).toEqual(["Срок: укажите срок"]);
  });

  it("POST done: ответственный руководитель отмечает и снимает отметку; педагог — 403, другой район — 404", async () => {
    const done = await call(`/api/calendar/${own}/done`, head, { json: { done: true } });
    expect(done.status).toBe(200);
    expect(done.body.entry.doneAt).not.toBeNull();
    const undone = await call(`/api/calendar/${own}/done`, staff, { json: { done: false } });
    expect(undone.body.entry.doneAt).toBeNull();
    expect((await call(`/api/calendar/${own}/done`, teacher, { json: { done: true } })).status).toBe(403);
    expect((await call(`/api/calendar/${own}/done`, outsider, { json: { done: true } })).status).toBe(404);
    expect((await call(`/api/calendar/${own}/done`, staff, { json: { done: "да" } })).status).toBe(400);
    // A mentor named by person on the default entry may close it.
    expect((await call(`/api/calendar/${programmes.id}/done`, mentor, { json: { done: true } })).status).toBe(200);
  });

  it("DELETE: запись по умолчанию не удаляется; свою удаляет только РУО района", async () => {
    const kept = await call(`/api/calendar/${programmes.id}`, staff, { method: "DELETE" });
    expect(kept.status).toBe(400);
    expect(kept.body.message).toMatch(/по умолчанию не удаляется/);
    expect((await call(`/api/calendar/${own}`, head, { method: "DELETE" })).status).toBe(403);
    expect((await call(`/api/calendar/${own}`, otherStaff, { method: "DELETE" })).status).toBe(404);
    expect((await call(`/api/calendar/${own}`, staff, { method: "DELETE" })).status).toBe(200);
    expect(await db.prisma.calendarEntry.count({ where: { id: own } })).toBe(0);
  });

  it("без модуля управления (#14) маршруты календаря и журнала решений отвечают 404", async () => {
    const bare = createApp({
      repo: new PrismaRepository(db.prisma),
      admin: new PrismaAdminRepository(db.prisma),
      surveys: surveysContext(db.prisma),
      clock: { now: () => new Date() },
      settings: DEFAULT_METHODOLOGY,
      tokens: { telegram: TEST_TOKEN },
      botUsername: () => null,
      initDataMaxAgeSeconds: 3600,
      demo: false,
      health: async () => ({ database: "ok", kind: "test" }),
      log: { error: () => undefined },
    });
    const headers = { authorization: `tma ${signInitData(staff.userId)}`, "content-type": "application/json" };
    for (const [method, path] of [
      ["GET", `/api/districts/${A}/calendar`],
      ["POST", `/api/districts/${A}/calendar`],
      ["POST", `/api/calendar/abc/done`],
      ["GET", `/api/districts/${A}/decisions`],
      ["POST", `/api/districts/${A}/decisions`],
      ["DELETE", `/api/decisions/abc`],
    ] as const) {
      const response = await bare.request(path, { method, headers, ...(method === "POST" ? { body: "{}" } : {}) });
      expect(response.status, `${method} ${path}`).toBe(404);
    }
  });
});
