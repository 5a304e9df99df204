// Programmes as documents in the Mini App API (#15 §6): a school head drafts the programme's passport
// and submits it; the district names experts (each gets a chat notice with the app button); experts
// fill the scored form; the district returns it with remarks; the head edits and resubmits it as
// version 2 (reviews are per version); the district approves it by order; then April monitoring and
// December effectiveness with achievement computed. Every step is logged; wrong people and wrong
// states are refused; the working group reads; a school-curator's head reads the supported school's.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../prisma/db.ts";
import { openTestDatabase } from "../support/db.ts";
import { makeDistrict } from "../support/district.ts";
import { makeTestApi, signInitData } from "../support/api.ts";

let db: Database;
let api: ReturnType<typeof makeTestApi>;
let nextUser = 66_000;

type Who = { userId: number; personId: string };

async function call(path: string, who: Who, init: { method?: string; json?: unknown; raw?: { body: Uint8Array; name: string } } = {}) {
  const headers: Record<string, string> = { authorization: `tma ${signInitData(who.userId)}` };
  let body: BodyInit | undefined;
  if (init.json !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(init.json);
  } else if (init.raw) {
    headers["content-type"] = "application/octet-stream";
    headers["x-file-name"] = encodeURIComponent(init.raw.name);
    body = init.raw.body as BodyInit;
  }
  const response = await api.request(path, { method: init.method ?? (body !== undefined ? "POST" : "GET"), headers, body });
  const type = response.headers.get("content-type") ?? "";
  return { status: response.status, body: (type.includes("json") ? await response.json() : new Uint8Array(await response.arrayBuffer())) as any };
}

async function person(role: string, districtId: string, schoolId: string | null, name = `Человек ${nextUser}`): Promise<Who> {
  const userId = nextUser++;
  const created = await db.prisma.person.create({
    data: {
      displayName: name,
      consentAt: new Date(),
      accounts: { create: { channel: "telegram", externalId: String(userId), chatId: String(userId), lastSeenAt: new Date() } },
      memberships: { create: { role, districtId, schoolId } },
    },
  });
  return { userId, personId: created.id };
}

const passport = {
  goal: "Переход школы в эффективный режим функционирования: рост доли обучающихся, справившихся с ВПР",
  tasks: ["Провести анализ дефицитов педагогов", "Организовать наставничество для молодых учителей"],
  termFrom: "2027-01-01",
  termTo: "2027-12-31",
  expectedResults: ["Рост качества знаний по математике"],
  developers: ["Управленческая команда школы"],
  executors: ["Педагогический коллектив", "Куратор ШНОР"],
};
const indicators = [
  { name: "Доля справившихся с ВПР по математике", unit: "%", baseline: 60, target: 75 },
  { name: "Доля отметок «2» по русскому языку", unit: "%", baseline: 18, target: 10 },
];
const scores = (value: number) => ({ goal_fits_risks: value, tasks_measurable: value, measures_realistic: value, resources: value, indicators: value });

let A: string, B: string, school1: string, school2: string;
let staff: Who, otherStaff: Who, head1: Who, head2: Who, teacher: Who, methodologist: Who, curatorHead: Who, workingGroup: Who, regional: Who;
let programmeId: string;

beforeAll(async () => {
  db = await openTestDatabase();
  api = makeTestApi(db);
  const district = await makeDistrict(db, { schools: 2 });
  const other = await makeDistrict(db, { schools: 1 });
  A = district.district.id;
  B = other.district.id;
  school1 = district.schools[0]!.id;
  school2 = district.schools[1]!.id;
  staff = await person("district", A, null, "Специалист РУО");
  otherStaff = await person("district", B, null);
  head1 = await person("head", A, school1, "Директор школы 1");
  head2 = await person("head", A, school2);
  teacher = await person("teacher", A, school1);
  methodologist = await person("methodologist", A, null, "Методист ЦНППМ");
  curatorHead = await person("curator_head", A, school1, "Директор школы-куратора");
  workingGroup = await person("working_group", A, null);
  regional = await person("regional", A, null, "Региональный оператор");
});
afterAll(async () => {
  await db?.close();
});

const outbox = (personId: string) => db.prisma.outbox.findMany({ where: { personId }, orderBy: { createdAt: "asc" } });

describe("программа школы: от черновика до утверждения и мониторинга", () => {
  it("руководитель создаёт черновик с паспортом; чужая школа и неверный паспорт — отказ", async () => {
    const bad = await call(`/api/districts/${A}/programmes`, head1, { json: { kind: "school", schoolId: school1, title: "", passport: { ...passport, termTo: "2026-01-01" }, indicators } });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain("Срок окончания раньше начала");
    expect((await call(`/api/districts/${A}/programmes`, head1, { json: { kind: "school", schoolId: school2, title: "Чужая", passport, indicators } })).status).toBe(403);
    expect((await call(`/api/districts/${A}/programmes`, head1, { json: { kind: "municipal", title: "Муниципальная", passport, indicators } })).status).toBe(403);
    expect((await call(`/api/districts/${A}/programmes`, teacher, { json: { kind: "school", schoolId: school1, title: "Учитель", passport, indicators } })).status).toBe(403);
    const created = await call(`/api/districts/${A}/programmes`, head1, { json: { kind: "school", schoolId: school1, title: "Программа перехода МБОУ СОШ №1", passport, indicators } });
    expect(created.status).toBe(201);
    programmeId = created.body.id;
    const view = await call(`/api/programmes/${programmeId}`, head1);
    expect(view.body.programme).toMatchObject({ state: "draft", version: 1, kind: "school", schoolName: "МБОУ СОШ №1" });
    expect(view.body.programme.indicators.map((item: any) => item.id)).toEqual(["i1", "i2"]);
    expect(view.body.actions).toEqual(["edit", "submit", "monitor"].filter((action) => action !== "monitor"));
  });

  it("файл программы прикладывается и скачивается; чужой тип — отказ", async () => {
    const content = new TextEncoder().encode("Текст программы");
    expect((await call(`/api/programmes/${programmeId}/file`, head1, { raw: { body: content, name: "программа.exe" } })).status).toBe(400);
    expect((await call(`/api/programmes/${programmeId}/file`, head1, { raw: { body: content, name: "программа.txt" } })).status).toBe(200);
    const file = await call(`/api/programmes/${programmeId}/file`, staff);
    expect(file.status).toBe(200);
    expect(new TextDecoder().decode(file.body)).toBe("Текст программы");
    expect((await call(`/api/programmes/${programmeId}/file`, teacher)).status).toBe(404);
  });

  it("подаёт только владелец; район не может назначить экспертов черновику", async () => {
    expect((await call(`/api/programmes/${programmeId}/reviewers`, staff, { json: { personIds: [methodologist.personId] } })).status).toBe(400);
    expect((await call(`/api/programmes/${programmeId}/submit`, staff, { method: "POST" })).status).toBe(403);
    expect((await call(`/api/programmes/${programmeId}/submit`, head1, { method: "POST" })).status).toBe(200);
    expect((await call(`/api/programmes/${programmeId}/submit`, head1, { method: "POST" })).status).toBe(400);
    expect((await call(`/api/programmes/${programmeId}`, head1, { method: "PUT", json: { title: "Новое", passport, indicators } })).status).toBe(400);
    const notices = await outbox(staff.personId);
    expect(notices.map((row) => row.text)).toEqual([expect.stringContaining("подана на экспертизу, версия 1")]);
  });

  it("район назначает экспертов; каждый получает уведомление с кнопкой приложения; руководитель школы экспертом быть не может", async () => {
    expect((await call(`/api/programmes/${programmeId}/reviewers`, head1, { json: { personIds: [methodologist.personId] } })).status).toBe(403);
    const options = await call(`/api/programmes/${programmeId}/reviewer-options`, staff);
    expect(options.body.candidates.map((candidate: any) => candidate.personId)).toEqual(expect.arrayContaining([methodologist.personId, curatorHead.personId, staff.personId]));
    expect(options.body.candidates.map((candidate: any) => candidate.personId)).not.toContain(head2.personId);
    expect((await call(`/api/programmes/${programmeId}/reviewers`, staff, { json: { personIds: [head2.personId] } })).status).toBe(400);
    const assigned = await call(`/api/programmes/${programmeId}/reviewers`, staff, { json: { personIds: [methodologist.personId, curatorHead.personId] } });
    expect(assigned.body.added).toHaveLength(2);
    // A second press names nobody twice and sends nothing twice.
    expect((await call(`/api/programmes/${programmeId}/reviewers`, staff, { json: { personIds: [methodologist.personId] } })).body.added).toEqual([]);
    const notices = await outbox(methodologist.personId);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ appStart: `net-programmes-${A}-${programmeId}` });
    expect(notices[0]!.text).toContain("Вас назначили экспертом программы «Программа перехода МБОУ СОШ №1»");
    expect((await call(`/api/programmes/${programmeId}`, staff)).body.programme.state).toBe("in_review");
  });

  it("эксперт видит назначенную программу и заполняет экспертный лист; не эксперт — нет; утвердить без оценки нельзя", async () => {
    expect((await call(`/api/programmes/${programmeId}/approve`, staff, { json: { orderNumber: "12-од", orderDate: "2027-02-01" } })).body.message).toContain("хотя бы одна заполненная экспертная оценка");
    const list = await call(`/api/districts/${A}/programmes`, methodologist);
    expect(list.body.programmes.map((item: any) => item.id)).toEqual([programmeId]);
    const view = await call(`/api/programmes/${programmeId}`, methodologist);
    expect(view.body.actions).toEqual(["review"]);
    expect(view.body.log).toEqual([]);
    const wrong = await call(`/api/programmes/${programmeId}/review`, methodologist, { method: "PUT", json: { scores: scores(1), verdict: "return" } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.message).toContain("Напишите замечания для доработки");
    const review = { scores: scores(1), comments: { indicators: "Нет базовых значений по русскому языку" }, comment: "Задачи не измеримы", verdict: "return" };
    expect((await call(`/api/programmes/${programmeId}/review`, methodologist, { method: "PUT", json: review })).status).toBe(200);
    expect((await call(`/api/programmes/${programmeId}/review`, staff, { method: "PUT", json: review })).status).toBe(403);
    expect((await call(`/api/programmes/${programmeId}/review`, teacher, { method: "PUT", json: review })).status).toBe(404);
  });

  it("район возвращает программу с замечаниями; руководитель уведомлён, правит и подаёт версию 2", async () => {
    expect((await call(`/api/programmes/${programmeId}/return`, head1, { json: { note: "Сам себе" } })).status).toBe(403);
    expect((await call(`/api/programmes/${programmeId}/return`, staff, { json: { note: "Уточнить задачи и показатели по замечаниям экспертов" } })).status).toBe(200);
    const headNotices = await outbox(head1.personId);
    expect(headNotices.at(-1)!.text).toContain("возвращена на доработку");
    expect(headNotices.at(-1)!.text).toContain("Уточнить задачи и показатели");
    const view = await call(`/api/programmes/${programmeId}`, head1);
    expect(view.body.programme).toMatchObject({ state: "returned", version: 1 });
    // The owner sees the experts' comments.
    expect(view.body.reviews[0]).toMatchObject({ comment: "Задачи не измеримы", comments: { indicators: "Нет базовых значений по русскому языку" }, scores: scores(1) });
    const edited = await call(`/api/programmes/${programmeId}`, head1, {
      method: "PUT",
      json: { title: "Программа перехода МБОУ СОШ №1", passport: { ...passport, tasks: ["Повысить долю справившихся с ВПР до 75 %"] }, indicators: [...view.body.programme.indicators, { name: "Педагоги с ИОМ", unit: "чел.", baseline: 3, target: 12 }] },
    });
    expect(edited.status).toBe(200);
    expect((await call(`/api/programmes/${programmeId}/submit`, head1, { method: "POST" })).status).toBe(200);
    const resubmitted = await call(`/api/programmes/${programmeId}`, head1);
    expect(resubmitted.body.programme).toMatchObject({ state: "submitted", version: 2 });
    expect(resubmitted.body.programme.indicators.map((item: any) => item.id)).toEqual(["i1", "i2", "i3"]);
  });

  it("версия 2: старый эксперт не назначен, пока район не назначит снова; оценки — по версии", async () => {
    expect((await call(`/api/programmes/${programmeId}/review`, methodologist, { method: "PUT", json: { scores: scores(2), verdict: "approve" } })).status).toBe(403);
    await call(`/api/programmes/${programmeId}/reviewers`, staff, { json: { personIds: [methodologist.personId, regional.personId] } });
    expect((await outbox(methodologist.personId)).map((row) => row.text)).toEqual([expect.stringContaining("версия 1"), expect.stringContaining("версия 2")]);
    expect((await call(`/api/programmes/${programmeId}/review`, methodologist, { method: "PUT", json: { scores: scores(2), verdict: "approve" } })).status).toBe(200);
    const view = await call(`/api/programmes/${programmeId}`, staff);
    expect(view.body.reviewAverage).toBe(10);
    expect(view.body.reviews.map((review: any) => [review.version, review.submittedAt !== null])).toEqual(
      expect.arrayContaining([
        [2, true],
        [2, false],
        [1, true],
        [1, false],
      ]),
    );
    expect(view.body.actions).toEqual(["assign", "return", "approve"]);
  });

  it("район утверждает приказом; руководитель уведомлён; повторное утверждение — отказ", async () => {
    expect((await call(`/api/programmes/${programmeId}/approve`, staff, { json: { orderNumber: "45-од", orderDate: "2027-31-02" } })).status).toBe(400);
    expect((await call(`/api/programmes/${programmeId}/approve`, workingGroup, { json: { orderNumber: "45-од", orderDate: "2027-03-15" } })).status).toBe(403);
    expect((await call(`/api/programmes/${programmeId}/approve`, staff, { json: { orderNumber: "45-од", orderDate: "2027-03-15" } })).status).toBe(200);
    expect((await call(`/api/programmes/${programmeId}/approve`, staff, { json: { orderNumber: "45-од", orderDate: "2027-03-15" } })).status).toBe(400);
    const view = await call(`/api/programmes/${programmeId}`, head1);
    expect(view.body.programme).toMatchObject({ state: "approved", version: 2, approvalRef: "приказ № 45-од от 15.03.2027" });
    expect((await outbox(head1.personId)).at(-1)!.text).toContain("утверждена (приказ № 45-од от 15.03.2027)");
  });

  it("мониторинг в апреле и анализ эффективности в декабре: достижение считается", async () => {
    expect((await call(`/api/programmes/${programmeId}/monitorings`, staff, { json: { kind: "monitoring", period: "2027-06", values: { i1: 70 } } })).status).toBe(400);
    expect((await call(`/api/programmes/${programmeId}/monitorings`, staff, { json: { kind: "monitoring", period: "2027-04", values: { zz: 70 } } })).status).toBe(400);
    expect((await call(`/api/programmes/${programmeId}/monitorings`, methodologist, { json: { kind: "monitoring", period: "2027-04", values: { i1: 70 } } })).status).toBe(403);
    const april = await call(`/api/programmes/${programmeId}/monitorings`, head1, { json: { kind: "monitoring", period: "2027-04", values: { i1: 70, i2: 15 }, conclusion: "Динамика положительная" } });
    expect(april.status).toBe(200);
    expect(april.body.monitoring.achievement).toMatchObject({ total: 3, measured: 2, reached: 0, reachedShare: 0 });
    const december = await call(`/api/programmes/${programmeId}/monitorings`, staff, { json: { kind: "effectiveness", period: "2027-12", values: { i1: 76, i2: 9, i3: 8 }, conclusion: "Цели в основном достигнуты" } });
    expect(december.body.monitoring.achievement).toMatchObject({ reached: 2, reachedShare: 0.67 });
    const list = await call(`/api/districts/${A}/programmes`, staff);
    expect(list.body.programmes[0]).toMatchObject({ id: programmeId, state: "approved", reviewAverage: 10, lastMonitoring: { kind: "effectiveness", period: "2027-12" } });
  });

  it("журнал: каждый переход записан с автором", async () => {
    const view = await call(`/api/programmes/${programmeId}`, workingGroup);
    expect(view.body.log.map((entry: any) => entry.action)).toEqual(["create", "file", "submit", "assign", "review", "return", "edit", "submit", "assign", "review", "approve", "monitor", "monitor"]);
    expect(view.body.log.find((entry: any) => entry.action === "approve")).toMatchObject({ actorName: "Специалист РУО", note: "приказ № 45-од от 15.03.2027" });
    expect(view.body.actions).toEqual([]);
  });
});

describe("кто что видит", () => {
  it("рабочая группа и район видят все программы; руководитель школы-куратора — своей подшефной школы; учитель и чужой район — нет", async () => {
    expect((await call(`/api/districts/${A}/programmes`, workingGroup)).body.overview).toBe(true);
    expect((await call(`/api/programmes/${programmeId}`, curatorHead)).status).toBe(200);
    expect((await call(`/api/districts/${A}/programmes`, curatorHead)).body.programmes.map((item: any) => item.id)).toEqual([programmeId]);
    expect((await call(`/api/districts/${A}/programmes`, teacher)).status).toBe(403);
    expect((await call(`/api/districts/${A}/programmes`, otherStaff)).status).toBe(403);
    expect((await call(`/api/programmes/${programmeId}`, otherStaff)).status).toBe(404);
    expect((await call(`/api/programmes/${programmeId}`, head2)).status).toBe(404);
    expect((await call(`/api/districts/${A}/programmes`, head2)).body.programmes).toEqual([]);
  });

  it("муниципальную программу создаёт и подаёт район; руководитель школы её не видит", async () => {
    const created = await call(`/api/districts/${A}/programmes`, staff, { json: { kind: "municipal", title: "Муниципальная программа поддержки ШНОР", passport, indicators } });
    expect(created.status).toBe(201);
    expect((await call(`/api/programmes/${created.body.id}/submit`, regional, { method: "POST" })).status).toBe(200);
    expect((await call(`/api/programmes/${created.body.id}`, head1)).status).toBe(404);
    const list = await call(`/api/districts/${A}/programmes`, staff);
    expect(list.body.programmes[0]).toMatchObject({ kind: "municipal", state: "submitted" });
    expect((await call(`/api/districts/${B}/programmes`, staff)).status).toBe(403);
  });
});
