// The management decisions log in the Mini App API (#14 §3): district staff record, list (by kind,
// level, period), edit and delete decisions with links to their own district's recommendations; a
// head reads only the decisions about their school; every route refuses another district, another
// school and a wrong role; bad bodies and filters get Russian messages.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../prisma/db.ts";
import { openTestDatabase } from "../support/db.ts";
import { makeDistrict } from "../support/district.ts";
import { makeTestApi, signInitData } from "../support/api.ts";

let db: Database;
let api: ReturnType<typeof makeTestApi>;
let district: Awaited<ReturnType<typeof makeDistrict>>;
let other: Awaited<ReturnType<typeof makeDistrict>>;
let nextUser = 61_000;

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

const recommendation = async (districtId: string, schoolId: string | null, title: string) =>
  (await db.prisma.recommendation.create({ data: { districtId, schoolId, addressee: "head", form: "letter", title, text: title, state: "sent" } })).id;

let staff: Who, otherStaff: Who, head1: Who, head2: Who, teacher: Who, methodologist: Who;
let rec1: string, recOther: string;
let A: string, B: string, school1: string, school2: string;

const decision = (overrides: Record<string, unknown> = {}) => ({
  kind: "activating",
  docType: "order",
  docNumber: "45-од",
  docDate: "2027-03-15",
  title: "Направить педагогов ШНОР на КПК по адресным программам",
  level: "district",
  horizon: "operational",
  risks: [{ text: "Дефицит методических компетенций", class: "managed" }],
  resources: ["staff", "time"],
  ...overrides,
});

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
  otherStaff = await person("district", B, null);
  head1 = await person("head", A, school1);
  head2 = await person("head", A, school2);
  teacher = await person("teacher", A, school1);
  methodologist = await person("methodologist", A, null);
  rec1 = await recommendation(A, school1, "Курсы по работе с обучающимися с ОВЗ");
  recOther = await recommendation(B, other.schools[0]!.id, "Чужая рекомендация");
});
afterAll(async () => {
  await db?.close();
});

describe("журнал управленческих решений: API", () => {
  let districtDecision: string;
  let schoolDecision: string;

  it("POST: сотрудник РУО записывает решение со ссылкой на рекомендацию своего района; остальным — 403", async () => {
    const created = await call(`/api/districts/${A}/decisions`, staff, { json: decision({ recommendationIds: [rec1] }) });
    expect(created.status).toBe(200);
    expect(created.body.decision).toMatchObject({ kind: "activating", docDate: "2027-03-15", level: "district", resources: ["staff", "time"], schoolId: null });
    expect(created.body.decision.recommendations.map((row: any) => row.id)).toEqual([rec1]);
    districtDecision = created.body.decision.id;
    const school = await call(`/api/districts/${A}/decisions`, staff, {
      json: decision({ kind: "controlling", level: "school", schoolId: school1, docType: "letter", docDate: "2027-05-20", risks: [{ text: "Нет психолога", class: "weak" }] }),
    });
    expect(school.status).toBe(200);
    expect(school.body.decision.schoolName).toBe("МБОУ СОШ №1");
    schoolDecision = school.body.decision.id;
    for (const who of [otherStaff, head1, teacher, methodologist]) {
      expect((await call(`/api/districts/${A}/decisions`, who, { json: decision() })).status, String(who.userId)).toBe(403);
    }
    expect(await db.prisma.managementDecision.count()).toBe(2);
  });

  it("POST: рекомендация и школа чужого района не принимаются; неверное тело — 400 по-русски", async () => {
    const foreign = await call(`/api/districts/${A}/decisions`, staff, { json: decision({ recommendationIds: [recOther] }) });
    expect(foreign.status).toBe(400);
    expect(foreign.body.message).toBe("Рекомендация не найдена среди рекомендаций этого района.");
    const school = await call(`/api/districts/${A}/decisions`, staff, { json: decision({ level: "school", schoolId: other.schools[0]!.id }) });
    expect(school.status).toBe(400);
    expect(school.body.message).toBe("Школа не из этого района.");
    const bad = await call(`/api/districts/${A}/decisions`, staff, { json: decision({ risks: [], kind: "x" }) });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe("invalid_input");
    expect(bad.body.message).toContain("Решение не сохранено");
    expect(bad.body.message).toContain("Вид решения: выберите значение из списка");
    expect(bad.body.message).toContain("Риски: укажите хотя бы один риск");
    expect((await call(`/api/districts/${A}/decisions`, staff, { json: "нет" })).status).toBe(400);
  });

  it("GET список: РУО — все, с фильтрами по виду, уровню и периоду; руководитель — только о своей школе; остальным — 403", async () => {
    const all = await call(`/api/districts/${A}/decisions`, staff);
    expect(all.status).toBe(200);
    expect(all.body.canEdit).toBe(true);
    expect(all.body.decisions.map((row: any) => row.id)).toEqual([schoolDecision, districtDecision]);
    expect((await call(`/api/districts/${A}/decisions?kind=controlling`, staff)).body.decisions.map((row: any) => row.id)).toEqual([schoolDecision]);
    expect((await call(`/api/districts/${A}/decisions?level=district`, staff)).body.decisions.map((row: any) => row.id)).toEqual([districtDecision]);
    expect((await call(`/api/districts/${A}/decisions?from=2027-04-01&to=2027-06-30`, staff)).body.decisions.map((row: any) => row.id)).toEqual([schoolDecision]);
    expect((await call(`/api/districts/${A}/decisions?from=2027-01-01&to=2027-03-15`, staff)).body.decisions.map((row: any) => row.id)).toEqual([districtDecision]);
    const bad = await call(`/api/districts/${A}/decisions?kind=x&from=15.03.2027`, staff);
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain("Вид решения: выберите значение из списка");
    expect(bad.body.message).toContain("дата в формате ГГГГ-ММ-ДД");

    const mine = await call(`/api/districts/${A}/decisions`, head1);
    expect(mine.status).toBe(200);
    expect(mine.body.canEdit).toBe(false);
    expect(mine.body.decisions.map((row: any) => row.id)).toEqual([schoolDecision]);
    expect((await call(`/api/districts/${A}/decisions`, head2)).body.decisions).toEqual([]);
    for (const who of [otherStaff, teacher, methodologist]) expect((await call(`/api/districts/${A}/decisions`, who)).status).toBe(403);
  });

  it("GET одного решения: РУО и руководитель своей школы; другая школа и другой район — 404", async () => {
    expect((await call(`/api/decisions/${schoolDecision}`, staff)).status).toBe(200);
    expect((await call(`/api/decisions/${schoolDecision}`, head1)).body.decision.risks).toEqual([{ text: "Нет психолога", class: "weak" }]);
    expect((await call(`/api/decisions/${schoolDecision}`, head2)).status).toBe(404);
    expect((await call(`/api/decisions/${districtDecision}`, head1)).status).toBe(404);
    expect((await call(`/api/decisions/${schoolDecision}`, otherStaff)).status).toBe(404);
    expect((await call(`/api/decisions/${schoolDecision}`, teacher)).status).toBe(404);
    expect((await call(`/api/decisions/nosuch`, staff)).status).toBe(404);
  });

  it("GET варианты формы: школы и рекомендации района — только РУО", async () => {
    const options = await call(`/api/districts/${A}/decision-options`, staff);
    expect(options.status).toBe(200);
    expect(options.body.schools.map((row: any) => row.name)).toEqual(["МБОУ СОШ №1", "МБОУ СОШ №2"]);
    expect(options.body.recommendations.map((row: any) => row.id)).toEqual([rec1]);
    for (const who of [otherStaff, head1, teacher]) expect((await call(`/api/districts/${A}/decision-options`, who)).status).toBe(403);
  });

  it("PUT: РУО меняет решение и ссылки; руководитель — 403, другой район — 404", async () => {
    const edited = await call(`/api/decisions/${districtDecision}`, staff, { method: "PUT", json: decision({ horizon: "strategic", recommendationIds: [], note: "Срок продлён" }) });
    expect(edited.status).toBe(200);
    expect(edited.body.decision).toMatchObject({ horizon: "strategic", note: "Срок продлён", recommendations: [] });
    expect((await call(`/api/decisions/${schoolDecision}`, head1, { method: "PUT", json: decision() })).status).toBe(403);
    expect((await call(`/api/decisions/${districtDecision}`, otherStaff, { method: "PUT", json: decision() })).status).toBe(404);
    const bad = await call(`/api/decisions/${districtDecision}`, staff, { method: "PUT", json: decision({ docNumber: "" }) });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain("Номер документа: заполните поле");
    expect((await call(`/api/decisions/${districtDecision}`, staff, { method: "PUT", json: decision({ recommendationIds: [recOther] }) })).status).toBe(400);
  });

  it("DELETE: руководитель — 403, другой район — 404, РУО удаляет", async () => {
    expect((await call(`/api/decisions/${schoolDecision}`, head1, { method: "DELETE" })).status).toBe(403);
    expect((await call(`/api/decisions/${schoolDecision}`, otherStaff, { method: "DELETE" })).status).toBe(404);
    expect((await call(`/api/decisions/${schoolDecision}`, teacher, { method: "DELETE" })).status).toBe(404);
    expect((await call(`/api/decisions/${schoolDecision}`, staff, { method: "DELETE" })).status).toBe(200);
    expect((await call(`/api/decisions/${schoolDecision}`, staff)).status).toBe(404);
    // The recommendation stays.
    expect(await db.prisma.recommendation.count({ where: { id: rec1 } })).toBe(1);
  });
});
