// Routes (ИОМ) in the Mini App API: the catalog import (district only, all or nothing), the teacher's
// own route built from their diagnostic and rebuilt after a new one (done items kept), marking done
// with a certificate (link or file), attributes, dynamics, team routes (head drafts, district
// approves) and the methodologist's aggregates (hidden under the minimum). Each route: allowed and refused.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { teacherDiagnosticV1 } from "../../core/instruments/teacher-diagnostic.ts";
import type { Database } from "../../prisma/db.ts";
import { openCampaign } from "../../prisma/admin.ts";
import { openTestDatabase } from "../support/db.ts";
import { makeDistrict } from "../support/district.ts";
import { makeTestApi, signInitData } from "../support/api.ts";

let db: Database;
let api: ReturnType<typeof makeTestApi>;
let district: Awaited<ReturnType<typeof makeDistrict>>;
let other: Awaited<ReturnType<typeof makeDistrict>>;
let school: string;
let nextUser = 500;

type Who = { userId: number; personId: string };

async function call(path: string, who: Who, init: { method?: string; json?: unknown; body?: Uint8Array | string; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { authorization: `tma ${signInitData(who.userId)}`, ...(init.headers ?? {}) };
  let body: BodyInit | undefined;
  if (init.json !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(init.json);
  } else if (init.body !== undefined) body = init.body as BodyInit;
  const response = await api.request(path, { method: init.method ?? (body ? "POST" : "GET"), headers, body });
  const type = response.headers.get("content-type") ?? "";
  return { status: response.status, type, body: type.includes("json") ? ((await response.json()) as any) : new Uint8Array(await response.arrayBuffer()) };
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

/** A completed diagnostic: 1 (no competence) in the weak areas, 4 elsewhere (the database records the school). */
async function completes(who: Who, campaignId: string, weak: string[], at = new Date()) {
  await db.prisma.response.create({
    data: {
      campaignId,
      personId: who.personId,
      completedAt: at,
      answers: {
        create: teacherDiagnosticV1.questions.map((question) => {
          const value = weak.includes(question.areaId) ? 1 : 4;
          return { questionId: question.id, value: question.reverse ? 5 - value : value };
        }),
      },
    },
  });
}

const CSV = [
  "Название;Организатор;Часы;Компетенции;Даты;Ссылка",
  "Инклюзия на уроке;ЦНППМ;36;ОВЗ;01.03.2099 – 20.03.2099;https://iro.example.ru/1",
  "Дети с неродным русским;ИРО;24;билингвы;;",
  "Управление школой с низкими результатами;ИРО;16;управленческая команда;;",
  "Анализ ВПР;ИРО;16;ВПР;;",
].join("\n");

let staff: Who;
let otherStaff: Who;
let head: Who;
let teacher: Who;
let otherTeacher: Who;
let methodologist: Who;
let mentor: Who;

beforeAll(async () => {
  db = await openTestDatabase();
  district = await makeDistrict(db, { schools: 2 });
  other = await makeDistrict(db, { schools: 1 });
  school = district.schools[0]!.id;
  staff = await person("district", district.district.id, null);
  otherStaff = await person("district", other.district.id, null);
  head = await person("head", district.district.id, school);
  teacher = await person("teacher", district.district.id, school);
  otherTeacher = await person("teacher", district.district.id, school);
  methodologist = await person("methodologist", district.district.id, null);
  mentor = await person("mentor", district.district.id, school, "Анна Петровна");
  api = makeTestApi(db);
});
afterAll(async () => {
  await db?.close();
});

const upload = (who: Who, districtId: string, text: string, name = "каталог.csv") =>
  call(`/api/districts/${districtId}/courses`, who, { body: new TextEncoder().encode(text), headers: { "x-file-name": encodeURIComponent(name) } });

describe("каталог курсов", () => {
  it("учитель, руководитель и сотрудник другого района загрузить не могут", async () => {
    for (const who of [teacher, head, otherStaff, methodologist]) {
      expect((await upload(who, district.district.id, CSV)).status).toBe(403);
    }
    expect(await db.prisma.course.count()).toBe(0);
  });

  it("файл с ошибкой не записывается, ошибки называют строку и столбец", async () => {
    const result = await upload(staff, district.district.id, `${CSV}\nПлохой;ИРО;сорок;астрономия;;`);
    expect(result.status).toBe(422);
    expect(result.body.problems.map((problem: any) => problem.text)).toEqual([
      "строка 6, столбец «Часы»: «сорок» — не число часов: нужно целое число от 1 до 2000.",
      expect.stringMatching(/^строка 6, столбец «Компетенции»: Неизвестная компетенция «астрономия»/),
    ]);
    expect(await db.prisma.course.count()).toBe(0);
  });

  it("район загружает каталог; повторная загрузка сохраняет курсы с тем же названием", async () => {
    const first = await upload(staff, district.district.id, CSV);
    expect(first.status).toBe(200);
    expect(first.body.message).toBe("Каталог курсов загружен: новых 4, обновлено 0, удалено 0.");
    const ids = (await db.prisma.course.findMany({ orderBy: { title: "asc" } })).map((course) => course.id);
    const again = await upload(staff, district.district.id, CSV);
    expect(again.body.counts).toEqual({ created: 0, updated: 4, removed: 0 });
    expect((await db.prisma.course.findMany({ orderBy: { title: "asc" } })).map((course) => course.id)).toEqual(ids);
    const list = await call(`/api/districts/${district.district.id}/courses`, teacher);
    expect(list.status).toBe(200);
    expect(list.body.courses).toHaveLength(4);
    expect((await call(`/api/districts/${district.district.id}/courses`, otherStaff)).status).toBe(403);
  });
});

describe("маршрут учителя", () => {
  it("до диагностики маршрута нет; не учитель маршрута не получает", async () => {
    const mine = await call("/api/me/route", teacher);
    expect(mine.status).toBe(200);
    expect(mine.body.route).toBeNull();
    expect((await call("/api/me/route", head)).status).toBe(403);
    expect((await call("/api/me/route", staff)).status).toBe(403);
  });

  it("маршрут из дефицитов: курсы каталога, семинары, тьютор — наставник школы", async () => {
    await completes(teacher, district.campaign.id, ["disabilities", "bilingual"], new Date(Date.now() - 60_000));
    const mine = await call("/api/me/route", teacher);
    expect(mine.status).toBe(200);
    const items = mine.body.route.items;
    expect(items.filter((item: any) => item.kind === "course").map((item: any) => item.title).sort()).toEqual(["Дети с неродным русским", "Инклюзия на уроке"]);
    expect(items.some((item: any) => item.kind === "seminar" && item.title === "Работа с обучающимися с ОВЗ")).toBe(true);
    expect(items.at(-1)).toMatchObject({ kind: "tutor", title: "Тьютор: Анна Петровна" });
    expect(mine.body.hasDynamics).toBe(false);
  });

  it("отметка о прохождении со ссылкой и файлом; чужой учитель не может ни отметить, ни скачать", async () => {
    const { route } = (await call("/api/me/route", teacher)).body;
    const course = route.items.find((item: any) => item.title === "Инклюзия на уроке");
    const second = route.items.find((item: any) => item.title === "Дети с неродным русским");
    const done = await call(`/api/route-items/${course.id}/done`, teacher, { json: { certificateUrl: "https://iro.example.ru/cert/77" } });
    expect(done.status).toBe(200);
    expect(done.body.route.items.find((item: any) => item.id === course.id)).toMatchObject({ certificateUrl: "https://iro.example.ru/cert/77" });
    expect(done.body.route.items.find((item: any) => item.id === course.id).doneAt).not.toBeNull();

    expect((await call(`/api/route-items/${course.id}/done`, otherTeacher, { json: {} })).status).toBe(404);
    expect((await call(`/api/route-items/${second.id}/done`, teacher, { json: { certificateUrl: "javascript:alert(1)" } })).status).toBe(400);

    const pdf = new TextEncoder().encode("%PDF-1.4 certificate");
    const file = await call(`/api/route-items/${second.id}/certificate`, teacher, { body: pdf, headers: { "x-file-name": encodeURIComponent("сертификат.pdf") } });
    expect(file.status).toBe(200);
    expect(file.body.route.items.find((item: any) => item.id === second.id)).toMatchObject({ hasCertificateFile: true, certificateName: "сертификат.pdf" });
    const download = await call(`/api/route-items/${second.id}/certificate`, teacher);
    expect(download.status).toBe(200);
    expect(new TextDecoder().decode(download.body)).toBe("%PDF-1.4 certificate");
    for (const who of [otherTeacher, head, staff]) expect((await call(`/api/route-items/${second.id}/certificate`, who)).status).toBe(404);
    const exe = await call(`/api/route-items/${second.id}/certificate`, teacher, { body: pdf, headers: { "x-file-name": "virus.exe" } });
    expect(exe.status).toBe(400);
  });

  it("после новой диагностики маршрут перестраивается, пройденное остаётся; видна динамика", async () => {
    const later = await openCampaign(db.prisma, {
      districtId: district.district.id,
      title: "Повторная диагностика",
      opensAt: new Date(Date.now() - 30_000),
      closesAt: new Date(Date.now() + 86_400_000),
    });
    // Now weak in bilingual only: the ОВЗ course was done and stays; the ОВЗ seminar goes.
    await completes(teacher, later.id, ["bilingual"]);
    const mine = (await call("/api/me/route", teacher)).body;
    expect(mine.diagnostic.campaignTitle).toBe("Повторная диагностика");
    const titles = mine.route.items.map((item: any) => item.title);
    // Both courses were done: they stay, first, even the ОВЗ one that is no longer a deficit.
    expect(titles.slice(0, 2).sort()).toEqual(["Дети с неродным русским", "Инклюзия на уроке"]);
    expect(mine.route.items.slice(0, 2).every((item: any) => item.doneAt !== null)).toBe(true);
    expect(mine.route.items.slice(2).every((item: any) => item.doneAt === null)).toBe(true);
    expect(mine.route.items.filter((item: any) => item.kind === "seminar").map((item: any) => item.title)).not.toContain("Работа с обучающимися с ОВЗ");
    expect(titles.filter((title: string) => title === "Дети с неродным русским")).toHaveLength(1);
    expect(mine.hasDynamics).toBe(true);
    const dynamics = (await call("/api/me/route/dynamics", teacher)).body.dynamics;
    expect(dynamics.areas.find((area: any) => area.areaId === "disabilities")).toMatchObject({ before: 100, after: 0 });
    expect((await call("/api/me/route/dynamics", otherTeacher)).body.dynamics).toBeNull();
  });

  it("атрибуты: учитель задаёт свои; неверные значения отклоняются; не учителю недоступно", async () => {
    const saved = await call("/api/me/attributes", teacher, { method: "PUT", json: { serviceYears: 2, category: "first", young: true, newlyArrived: null } });
    expect(saved.status).toBe(200);
    expect((await call("/api/me/route", teacher)).body.attributes).toEqual({ serviceYears: 2, category: "first", young: true, newlyArrived: null });
    expect((await call("/api/me/attributes", teacher, { method: "PUT", json: { serviceYears: 99, category: "first", young: true, newlyArrived: null } })).status).toBe(400);
    expect((await call("/api/me/attributes", teacher, { method: "PUT", json: { serviceYears: 1, category: "best", young: true, newlyArrived: null } })).status).toBe(400);
    expect((await call("/api/me/attributes", head, { method: "PUT", json: { serviceYears: 1, category: null, young: null, newlyArrived: null } })).status).toBe(403);
  });
});

describe("маршрут управленческой команды", () => {
  it("черновик составляет руководитель своей школы; учитель и чужой руководитель — нет", async () => {
    // The school's stored risk profile: factor 2 fixed, factor 1 not.
    await db.prisma.riskProfileSnapshot.create({
      data: {
        schoolId: school,
        districtId: district.district.id,
        year: 2026,
        settingsVersion: 1,
        input: {},
        profile: { factors: [{ number: 1, name: "Низкий уровень оснащения", risk: "not_fixed" }, { number: 2, name: "Дефицит педагогических кадров", risk: "fixed" }] },
      },
    });
    expect((await call(`/api/schools/${school}/team-route/draft`, teacher, { method: "POST" })).status).toBe(403);
    expect((await call(`/api/schools/${district.schools[1]!.id}/team-route/draft`, head, { method: "POST" })).status).toBe(403);
    const draft = await call(`/api/schools/${school}/team-route/draft`, head, { method: "POST" });
    expect(draft.status).toBe(200);
    const titles = draft.body.route.items.map((item: any) => item.title);
    expect(titles).toContain("Управление школой с низкими результатами");
    expect(titles).toContain("Работа с фактором риска: Дефицит педагогических кадров");
    expect(titles).not.toContain("Работа с фактором риска: Низкий уровень оснащения");
    // Two teachers answered: the school's aggregate is hidden, so no deficit seminar comes from it.
    expect(draft.body.route.items.some((item: any) => item.title.startsWith("для команды"))).toBe(false);
    expect(draft.body.route.approvedAt).toBeNull();
  });

  it("район утверждает приказом; чужой район и руководитель — нет", async () => {
    const list = await call(`/api/districts/${district.district.id}/team-routes`, staff);
    expect(list.status).toBe(200);
    const routeId = list.body.routes[0].id;
    expect((await call(`/api/districts/${district.district.id}/team-routes`, head)).status).toBe(403);
    expect((await call(`/api/team-routes/${routeId}/approve`, head, { json: { approvalRef: "Приказ № 1" } })).status).toBe(403);
    expect((await call(`/api/team-routes/${routeId}/approve`, otherStaff, { json: { approvalRef: "Приказ № 1" } })).status).toBe(403);
    expect((await call(`/api/team-routes/${routeId}/approve`, staff, { json: { approvalRef: "" } })).status).toBe(400);
    const approved = await call(`/api/team-routes/${routeId}/approve`, staff, { json: { approvalRef: "Приказ РУО № 123 от 15.06.2026" } });
    expect(approved.status).toBe(200);
    expect(approved.body.route).toMatchObject({ approvalRef: "Приказ РУО № 123 от 15.06.2026" });
    const seen = await call(`/api/schools/${school}/team-route`, head);
    expect(seen.body.route.approvalRef).toBe("Приказ РУО № 123 от 15.06.2026");
    expect((await call(`/api/schools/${school}/team-route`, teacher)).status).toBe(403);
  });
});

describe("методист", () => {
  it("только методист района; всё скрыто, пока ответивших меньше минимума", async () => {
    for (const who of [staff, head, teacher, otherStaff]) {
      expect((await call(`/api/districts/${district.district.id}/methodologist`, who)).status).toBe(403);
    }
    const result = await call(`/api/districts/${district.district.id}/methodologist`, methodologist);
    expect(result.status).toBe(200);
    // The latest campaign has one response: every cell hidden, no count anywhere.
    for (const row of result.body.groups) for (const area of row.areas) expect(area.cell).toEqual({ hidden: true });
    expect(JSON.stringify(result.body)).not.toContain(teacher.personId);
  });

  it("с пятью ответившими показываются итоги, но не группа из одного", async () => {
    const latest = await db.prisma.campaign.findFirst({ where: { districtId: district.district.id }, orderBy: { opensAt: "desc" } });
    for (let index = 0; index < 4; index++) {
      const someone = await person("teacher", district.district.id, school);
      await completes(someone, latest!.id, ["literacy"]);
    }
    const result = (await call(`/api/districts/${district.district.id}/methodologist`, methodologist)).body;
    const all = result.groups.find((row: any) => row.group === "all");
    expect(all.areas.find((area: any) => area.areaId === "literacy").cell).toMatchObject({ hidden: false, respondents: 5 });
    const young = result.groups.find((row: any) => row.group === "young");
    expect(young.areas.every((area: any) => area.cell.hidden)).toBe(true);
  });
});
