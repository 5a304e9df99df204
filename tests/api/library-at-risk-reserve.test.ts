// #15 §5, §8, §9 in the Mini App API: the library (every member reads and searches, district staff and
// methodologists keep it, files as #14's attachments, links from a recommendation — with its notice — and
// from a route item), at-risk counts (the head writes counts only, names refused; a preventive plan as
// roadmap events; the district and the working group read every school and the totals) and the personnel
// reserve (district staff only). Every route refuses another district and a wrong role.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../prisma/db.ts";
import { openTestDatabase } from "../support/db.ts";
import { makeDistrict } from "../support/district.ts";
import { makeTestApi, signInitData } from "../support/api.ts";

let db: Database;
let api: ReturnType<typeof makeTestApi>;
let district: Awaited<ReturnType<typeof makeDistrict>>;
let other: Awaited<ReturnType<typeof makeDistrict>>;
let nextUser = 64_000;

type Who = { userId: number; personId: string };

async function call(path: string, who: Who, init: { method?: string; json?: unknown; file?: { name: string; bytes: Uint8Array } } = {}) {
  const headers: Record<string, string> = { authorization: `tma ${signInitData(who.userId)}` };
  let body: BodyInit | undefined;
  if (init.json !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(init.json);
  }
  if (init.file) {
    headers["content-type"] = "application/octet-stream";
    headers["x-file-name"] = encodeURIComponent(init.file.name);
    body = init.file.bytes as unknown as BodyInit;
  }
  const response = await api.request(path, { method: init.method ?? (body !== undefined ? "POST" : "GET"), headers, body });
  const type = response.headers.get("content-type") ?? "";
  return { status: response.status, body: (type.includes("json") ? await response.json() : new Uint8Array(await response.arrayBuffer())) as any, headers: response.headers };
}

async function person(role: string, districtId: string, schoolId: string | null): Promise<Who> {
  const userId = nextUser++;
  const created = await db.prisma.person.create({
    data: {
      displayName: `Человек ${userId}`,
      consentAt: new Date(),
      accounts: { create: { channel: "telegram", externalId: String(userId), chatId: String(userId) } },
      memberships: { create: { role, districtId, schoolId } },
    },
  });
  return { userId, personId: created.id };
}

let A: string, B: string, school1: string, school2: string;
let staff: Who, regional: Who, otherStaff: Who, methodologist: Who, group: Who, head1: Who, head2: Who, teacher: Who, parent: Who, mentor: Who;

beforeAll(async () => {
  db = await openTestDatabase();
  api = makeTestApi(db);
  district = await makeDistrict(db, { schools: 2 });
  other = await makeDistrict(db, { schools: 1 });
  A = district.district.id;
  B = other.district.id;
  school1 = district.schools[0]!.id;
  school2 = district.schools[1]!.id;
  staff = await person("district", A, null);
  regional = await person("regional", A, null);
  otherStaff = await person("district", B, null);
  methodologist = await person("methodologist", A, null);
  group = await person("working_group", A, null);
  head1 = await person("head", A, school1);
  head2 = await person("head", A, school2);
  teacher = await person("teacher", A, school1);
  parent = await person("parent", A, school1);
  mentor = await person("mentor", A, school1);
});
afterAll(async () => {
  await db?.close();
});

const material = (overrides: Record<string, unknown> = {}) => ({
  kind: "methodical",
  title: "Методические рекомендации по работе с обучающимися с ОВЗ",
  description: "Адаптированные задания, оценивание, взаимодействие с тьютором",
  docNumber: "",
  docDate: "",
  url: "https://iro.example.ru/ovz",
  areas: ["disabilities"],
  riskFactors: ["disabilities"],
  ...overrides,
});

describe("библиотека: API", () => {
  let ovz: string;
  let order: string;

  it("POST: РУО, региональный оператор и методист добавляют; рабочая группа, руководитель, педагог и чужой район — 403; неверное тело — 400 по-русски", async () => {
    const created = await call(`/api/districts/${A}/library`, staff, { json: material() });
    expect(created.status).toBe(200);
    expect(created.body.item).toMatchObject({ kind: "methodical", kindName: "Методические рекомендации", docNumber: null, docDate: null, url: "https://iro.example.ru/ovz", file: null });
    ovz = created.body.item.id;
    const byMethodologist = await call(`/api/districts/${A}/library`, methodologist, {
      json: material({ kind: "order", title: "Приказ об утверждении дорожной карты", docNumber: "76-О", docDate: "2023-04-11", url: null, areas: ["management"], riskFactors: [] }),
    });
    expect(byMethodologist.status).toBe(200);
    order = byMethodologist.body.item.id;
    expect((await call(`/api/districts/${A}/library`, regional, { json: material({ title: "Подборка: мотивация", kind: "selection", areas: [], riskFactors: ["motivation"] }) })).status).toBe(200);
    for (const who of [group, head1, teacher, parent, mentor, otherStaff]) {
      expect((await call(`/api/districts/${A}/library`, who, { json: material() })).status, String(who.userId)).toBe(403);
    }
    const bad = await call(`/api/districts/${A}/library`, staff, { json: material({ kind: "x", title: "ab", url: "ftp://x", docDate: "2023-02-30", areas: ["nope"] }) });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain("Материал не сохранён");
    expect(bad.body.message).toContain("Вид: выберите значение из списка");
    expect(bad.body.message).toContain("Название: не короче 3 символов");
    expect(bad.body.message).toContain("Ссылка: ссылка должна начинаться с http:// или https://");
    expect(bad.body.message).toContain("Дата документа: дата в формате ГГГГ-ММ-ДД");
    expect(bad.body.message).toContain("Дефициты: выберите значение из списка");
    expect(await db.prisma.libraryItem.count({ where: { districtId: A } })).toBe(3);
  });

  it("GET: каждый участник района читает и ищет (слова, вид, тег); чужой район — 403", async () => {
    for (const who of [staff, group, head1, teacher, parent, mentor, methodologist]) {
      const list = await call(`/api/districts/${A}/library`, who);
      expect(list.status, String(who.userId)).toBe(200);
      expect(list.body.items).toHaveLength(3);
    }
    expect((await call(`/api/districts/${A}/library`, teacher)).body.canEdit).toBe(false);
    expect((await call(`/api/districts/${A}/library`, methodologist)).body.canEdit).toBe(true);
    const search = await call(`/api/districts/${A}/library?q=${encodeURIComponent("овз ТЬЮТОРОМ")}`, teacher);
    expect(search.body.items.map((row: any) => row.id)).toEqual([ovz]);
    expect((await call(`/api/districts/${A}/library?kind=order`, teacher)).body.items.map((row: any) => row.id)).toEqual([order]);
    expect((await call(`/api/districts/${A}/library?tag=area:management`, teacher)).body.items.map((row: any) => row.id)).toEqual([order]);
    expect((await call(`/api/districts/${A}/library?tag=risk:motivation`, teacher)).body.items).toHaveLength(1);
    expect((await call(`/api/districts/${A}/library?kind=x`, teacher)).status).toBe(400);
    expect((await call(`/api/districts/${A}/library`, otherStaff)).status).toBe(403);
    expect((await call(`/api/library/${ovz}`, otherStaff)).status).toBe(404);
    expect((await call(`/api/library/${ovz}`, parent)).body.item.title).toContain("ОВЗ");
  });

  it("файл: тип и размер как у вложений #14; скачивает любой участник района; заменённый файл удаляется", async () => {
    const pdf = new TextEncoder().encode("%PDF-1.4 приказ");
    expect((await call(`/api/library/${order}/file`, teacher, { file: { name: "prikaz.pdf", bytes: pdf } })).status).toBe(403);
    const wrong = await call(`/api/library/${order}/file`, staff, { file: { name: "virus.exe", bytes: pdf } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.message).toMatch(/^Такой тип файла не принимается/);
    expect((await call(`/api/library/${order}/file`, staff, { file: { name: "empty.pdf", bytes: new Uint8Array() } })).body.message).toBe("Файл пустой.");
    const big = await call(`/api/library/${order}/file`, staff, { file: { name: "big.pdf", bytes: new Uint8Array(20 * 1024 * 1024 + 1) } });
    expect(big.status).toBe(413);
    const attached = await call(`/api/library/${order}/file`, staff, { file: { name: "Приказ 76-О.pdf", bytes: pdf } });
    expect(attached.status).toBe(200);
    expect(attached.body.item.file).toEqual({ name: "Приказ 76-О.pdf", mimeType: "application/pdf" });
    const firstKey = (await db.prisma.libraryItem.findUnique({ where: { id: order } }))!.fileKey!;
    const download = await call(`/api/library/${order}/file`, parent);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe("application/pdf");
    expect(Buffer.from(download.body).toString()).toBe("%PDF-1.4 приказ");
    expect((await call(`/api/library/${order}/file`, otherStaff)).status).toBe(404);
    // A new file replaces the old one; the old one's bytes are gone.
    await call(`/api/library/${order}/file`, staff, { file: { name: "prikaz-v2.docx", bytes: new TextEncoder().encode("docx") } });
    const row = (await db.prisma.libraryItem.findUnique({ where: { id: order } }))!;
    expect(row.fileKey).not.toBe(firstKey);
    expect(row.fileMime).toBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
  });

  it("PUT и архив: правит РУО; рабочая группа — 403; архивный материал виден только РУО (?archived=1), остальным — 404", async () => {
    const edited = await call(`/api/library/${ovz}`, staff, { method: "PUT", json: material({ title: "Рекомендации: обучающиеся с ОВЗ в обычном классе" }) });
    expect(edited.status).toBe(200);
    expect(edited.body.item.title).toBe("Рекомендации: обучающиеся с ОВЗ в обычном классе");
    expect((await call(`/api/library/${ovz}`, group, { method: "PUT", json: material() })).status).toBe(403);
    expect((await call(`/api/library/${ovz}`, otherStaff, { method: "PUT", json: material() })).status).toBe(404);
    expect((await call(`/api/library/${ovz}/archive`, head1, { json: { archived: true } })).status).toBe(403);
    const regionalItem = (await call(`/api/districts/${A}/library?tag=risk:motivation`, staff)).body.items[0].id;
    expect((await call(`/api/library/${regionalItem}/archive`, staff, { json: { archived: true } })).body.item.archivedAt).not.toBeNull();
    expect((await call(`/api/districts/${A}/library`, teacher)).body.items).toHaveLength(2);
    expect((await call(`/api/districts/${A}/library?archived=1`, teacher)).body.items).toHaveLength(2);
    expect((await call(`/api/districts/${A}/library?archived=1`, staff)).body.items.map((row: any) => row.id)).toEqual([regionalItem]);
    expect((await call(`/api/library/${regionalItem}`, teacher)).status).toBe(404);
  });

  it("рекомендация ссылается на материал своего района; уведомление называет материал и открывает его кнопкой", async () => {
    const rec = await db.prisma.recommendation.create({ data: { districtId: A, schoolId: school1, addressee: "head", form: "methodical", title: "Организовать работу с обучающимися с ОВЗ", text: "Изучить рекомендации и включить в план.", state: "proposed" } });
    const foreign = (await db.prisma.libraryItem.create({ data: { districtId: B, kind: "other", title: "Чужое" } })).id;
    const refused = await call(`/api/recommendations/${rec.id}`, staff, { method: "PATCH", json: { libraryItemId: foreign } });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toBe("Материал библиотеки не найден среди материалов этого района.");
    const linked = await call(`/api/recommendations/${rec.id}`, staff, { method: "PATCH", json: { libraryItemId: ovz } });
    expect(linked.status).toBe(200);
    expect(linked.body.libraryItemId).toBe(ovz);
    expect(linked.body.libraryItem).toMatchObject({ id: ovz, title: "Рекомендации: обучающиеся с ОВЗ в обычном классе", url: "https://iro.example.ru/ovz", archived: false });
    expect((await call(`/api/districts/${A}/recommendations`, staff)).body.recommendations.find((row: any) => row.id === rec.id).libraryItem.id).toBe(ovz);
    expect((await call(`/api/districts/${A}/recommendations/send`, staff, { json: { ids: [rec.id] } })).status).toBe(200);
    const notice = await db.prisma.outbox.findFirst({ where: { dedupeKey: `rec:${rec.id}:${head1.personId}` } });
    expect(notice!.text).toContain("📚 Материал библиотеки: Рекомендации: обучающиеся с ОВЗ в обычном классе\nhttps://iro.example.ru/ovz");
    expect(JSON.stringify(notice!.payload)).toContain(`lb:get:${ovz}`);
  });

  it("пункт маршрута: педагог — в своём маршруте, руководитель — в маршруте команды своей школы; чужой пункт — 404; в JSON маршрута — материал", async () => {
    const route = await db.prisma.learningRoute.create({
      data: { districtId: A, kind: "teacher", personId: teacher.personId, year: 2027, items: { create: [{ position: 1, kind: "seminar", title: "Семинар по работе с ОВЗ", areaId: "disabilities" }] } },
      include: { items: true },
    });
    const itemId = route.items[0]!.id;
    expect((await call(`/api/route-items/${itemId}/library-item`, head1, { method: "PUT", json: { libraryItemId: ovz } })).status).toBe(404);
    expect((await call(`/api/route-items/${itemId}/library-item`, staff, { method: "PUT", json: { libraryItemId: ovz } })).status).toBe(404);
    const linked = await call(`/api/route-items/${itemId}/library-item`, teacher, { method: "PUT", json: { libraryItemId: ovz } });
    expect(linked.status).toBe(200);
    expect(linked.body.libraryItem).toMatchObject({ id: ovz, hasFile: false });
    expect((await db.prisma.routeItem.findUnique({ where: { id: itemId } }))!.libraryItemId).toBe(ovz);
    expect((await call(`/api/route-items/${itemId}/library-item`, teacher, { method: "PUT", json: { libraryItemId: "nosuch" } })).status).toBe(400);
    expect((await call(`/api/route-items/${itemId}/library-item`, teacher, { method: "PUT", json: { libraryItemId: null } })).body.libraryItem).toBeNull();

    // A management team's route: the school's head links, and the route's JSON shows the item.
    const team = await db.prisma.learningRoute.create({
      data: { districtId: A, kind: "team", schoolId: school1, year: 2027, items: { create: [{ position: 1, kind: "course", title: "КПК для управленческих команд", areaId: "management" }] } },
      include: { items: true },
    });
    expect((await call(`/api/route-items/${team.items[0]!.id}/library-item`, head2, { method: "PUT", json: { libraryItemId: order } })).status).toBe(404);
    expect((await call(`/api/route-items/${team.items[0]!.id}/library-item`, head1, { method: "PUT", json: { libraryItemId: order } })).status).toBe(200);
    const json = await call(`/api/schools/${school1}/team-route?year=2027`, head1);
    expect(json.body.route.items[0]).toMatchObject({ libraryItemId: order, libraryItem: { id: order, kind: "order", title: "Приказ об утверждении дорожной карты", hasFile: true, archived: false } });
  });
});

describe("группы риска: API", () => {
  const year = "2026/27";
  const counts = (rows: Array<[string, number, string?]>) => ({ schoolYear: year, counts: rows.map(([category, count, note]) => ({ category, count, ...(note !== undefined ? { note } : {}) })) });

  it("PUT: руководитель своей школы пишет численность; чужая школа, педагог, наставник, рабочая группа — отказ; имена и нецелые числа не принимаются", async () => {
    const saved = await call(`/api/schools/${school1}/at-risk`, head1, { method: "PUT", json: counts([["absentees", 4], ["low_achievers", 12, "по итогам I четверти"], ["ovz", 3], ["watch_list", 1]]) });
    expect(saved.status).toBe(200);
    expect(saved.body.counts.map((row: any) => [row.category, row.count])).toEqual([["absentees", 4], ["low_achievers", 12], ["ovz", 3], ["watch_list", 1]]);
    expect(saved.body.canEdit).toBe(true);
    expect((await call(`/api/schools/${school2}/at-risk`, head1, { method: "PUT", json: counts([["ovz", 1]]) })).status).toBe(404);
    for (const who of [teacher, mentor, parent, methodologist, otherStaff]) {
      expect((await call(`/api/schools/${school1}/at-risk`, who, { method: "PUT", json: counts([["ovz", 1]]) })).status, String(who.userId)).toBe(404);
    }
    expect((await call(`/api/schools/${school1}/at-risk`, group, { method: "PUT", json: counts([["ovz", 1]]) })).status).toBe(403);
    const named = await call(`/api/schools/${school1}/at-risk`, head1, { method: "PUT", json: counts([["absentees", 2, "Иванов И.И. и Петрова"]]) });
    expect(named.status).toBe(400);
    expect(named.body.message).toContain("Похоже на фамилию с инициалами");
    for (const count of [-1, 1.5, 10_001, "5"]) {
      const bad = await call(`/api/schools/${school1}/at-risk`, head1, { method: "PUT", json: { schoolYear: year, counts: [{ category: "ovz", count }] } });
      expect(bad.status, String(count)).toBe(400);
      expect(bad.body.message).toContain("Численность — целое число от 0 до 10 000.");
    }
    expect((await call(`/api/schools/${school1}/at-risk`, head1, { method: "PUT", json: { schoolYear: "2026-27", counts: [{ category: "ovz", count: 1 }] } })).body.message).toContain("Учебный год в формате 2026/27.");
    expect((await call(`/api/schools/${school1}/at-risk`, head1, { method: "PUT", json: counts([["ovz", 1], ["ovz", 2]]) })).status).toBe(400);
    // District staff correct a school's figure.
    expect((await call(`/api/schools/${school2}/at-risk`, staff, { method: "PUT", json: counts([["ovz", 5]]) })).status).toBe(200);
    expect(await db.prisma.atRiskCount.count()).toBe(5);
  });

  it("план: мероприятие профилактического плана по категории — событие дорожной карты школы (atRiskCategory)", async () => {
    const added = await call(`/api/schools/${school1}/at-risk/plan`, head1, { json: { schoolYear: year, category: "absentees", title: "Совет профилактики с родителями пропускающих занятия", dueOn: "2026-11-20" } });
    expect(added.status).toBe(200);
    const event = await db.prisma.roadmapEvent.findUnique({ where: { id: added.body.eventId }, include: { roadmap: true } });
    expect(event).toMatchObject({ atRiskCategory: "absentees", section: "methodical", executorsText: "ОО" });
    expect(event!.roadmap).toMatchObject({ schoolId: school1, schoolYear: year });
    expect(added.body.plan.find((entry: any) => entry.category === "absentees").events.map((row: any) => row.title)).toEqual(["Совет профилактики с родителями пропускающих занятия"]);
    expect((await call(`/api/schools/${school1}/at-risk/plan`, head1, { json: { schoolYear: year, category: "ovz", title: "Беседа с Иваном Петровым", dueOn: "2026-11-20" } })).status).toBe(400);
    expect((await call(`/api/schools/${school1}/at-risk/plan`, group, { json: { schoolYear: year, category: "ovz", title: "Консилиум", dueOn: "2026-11-20" } })).status).toBe(403);
    expect((await call(`/api/schools/${school1}/at-risk/plan`, teacher, { json: { schoolYear: year, category: "ovz", title: "Консилиум", dueOn: "2026-11-20" } })).status).toBe(404);
  });

  it("GET: РУО и рабочая группа видят все школы и итоги; руководитель — только свою школу; остальным — отказ", async () => {
    for (const who of [staff, group, regional]) {
      const table = await call(`/api/districts/${A}/at-risk?year=${encodeURIComponent(year)}`, who);
      expect(table.status, String(who.userId)).toBe(200);
      expect(table.body.totals).toEqual({ absentees: 4, low_achievers: 12, ovz: 8, watch_list: 1 });
      expect(table.body.reported).toBe(2);
      expect(table.body.schools.map((row: any) => row.counts.ovz)).toEqual([3, 5]);
      expect(JSON.stringify(table.body)).not.toContain("четверти");
    }
    expect((await call(`/api/districts/${A}/at-risk?year=${encodeURIComponent(year)}`, group)).body.canEdit).toBe(false);
    for (const who of [head1, teacher, parent, mentor, methodologist, otherStaff]) {
      expect((await call(`/api/districts/${A}/at-risk`, who)).status, String(who.userId)).toBe(403);
    }
    const own = await call(`/api/schools/${school1}/at-risk?year=${encodeURIComponent(year)}`, head1);
    expect(own.status).toBe(200);
    expect(own.body.counts.find((row: any) => row.category === "low_achievers").note).toBe("по итогам I четверти");
    expect((await call(`/api/schools/${school1}/at-risk?year=${encodeURIComponent(year)}`, group)).body.canEdit).toBe(false);
    for (const who of [head2, teacher, mentor, otherStaff]) expect((await call(`/api/schools/${school1}/at-risk`, who)).status, String(who.userId)).toBe(404);
    expect((await call(`/api/districts/${A}/at-risk?year=2026`, staff)).status).toBe(400);
  });
});

describe("кадровый резерв: API", () => {
  const candidate = (overrides: Record<string, unknown> = {}) => ({
    fullName: "Сидорова Анна Викторовна",
    schoolId: school1,
    currentPosition: "учитель математики",
    targetPosition: "заместитель директора по УВР",
    training: [{ title: "КПК «Управленческая команда ШНОР»", year: 2026, hours: 16 }],
    note: "",
    ...overrides,
  });
  let id: string;

  it("только РУО (и региональный оператор): добавляет, видит, правит, удаляет; рабочая группа, руководители, методист, чужой район — отказ", async () => {
    const created = await call(`/api/districts/${A}/reserve`, staff, { json: candidate() });
    expect(created.status).toBe(200);
    expect(created.body.candidate).toMatchObject({ fullName: "Сидорова Анна Викторовна", schoolName: "МБОУ СОШ №1", training: [{ title: "КПК «Управленческая команда ШНОР»", year: 2026, hours: 16 }], note: null });
    id = created.body.candidate.id;
    for (const who of [group, head1, head2, teacher, methodologist, mentor, parent, otherStaff]) {
      expect((await call(`/api/districts/${A}/reserve`, who)).status, String(who.userId)).toBe(403);
      expect((await call(`/api/districts/${A}/reserve`, who, { json: candidate() })).status, String(who.userId)).toBe(403);
      expect((await call(`/api/reserve/${id}`, who, { method: "PUT", json: candidate() })).status, String(who.userId)).toBe(404);
      expect((await call(`/api/reserve/${id}`, who, { method: "DELETE" })).status, String(who.userId)).toBe(404);
    }
    const list = await call(`/api/districts/${A}/reserve`, regional);
    expect(list.status).toBe(200);
    expect(list.body.candidates.map((row: any) => row.fullName)).toEqual(["Сидорова Анна Викторовна"]);
    expect(list.body.schools).toHaveLength(2);
    const edited = await call(`/api/reserve/${id}`, staff, { method: "PUT", json: candidate({ targetPosition: "директор", schoolId: null }) });
    expect(edited.body.candidate).toMatchObject({ targetPosition: "директор", schoolId: null, schoolName: null });
    const foreign = await call(`/api/reserve/${id}`, staff, { method: "PUT", json: candidate({ schoolId: other.schools[0]!.id }) });
    expect(foreign.status).toBe(400);
    expect(foreign.body.message).toBe("Школа не из этого района.");
    const bad = await call(`/api/districts/${A}/reserve`, staff, { json: candidate({ fullName: "", training: [{ title: "КПК", year: 1900 }] }) });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain("ФИО: не короче 5 символов");
    expect(bad.body.message).toContain("Подготовка (1), год: год от 1980 до 2100");
    expect((await call(`/api/reserve/${id}`, staff, { method: "DELETE" })).status).toBe(200);
    expect(await db.prisma.reserveCandidate.count()).toBe(0);
  });
});
