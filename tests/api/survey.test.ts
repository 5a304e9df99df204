// The Mini App's survey form (#13, H5): my open surveys, one survey with my own answers, saving a page
// and finishing — through the same use cases as the chat, so the rows are the same. Each route is
// refused for another district's campaign, a campaign that does not ask the person, a closed one, and
// never shows anyone else's answers.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { giveConsent, redeemInvite } from "../../core/services/onboarding.ts";
import { answerQuestion, surveyView } from "../../core/services/survey.ts";
import { builtInInstrument } from "../../core/instruments/catalog.ts";
import { surveysContext } from "../../prisma/surveys.ts";
import { PrismaRepository } from "../../prisma/repository.ts";
import type { Database } from "../../prisma/db.ts";
import { openTestDatabase } from "../support/db.ts";
import { makeDistrict } from "../support/district.ts";
import { makeTestApi, signInitData } from "../support/api.ts";
import { openSurveyCampaign } from "../support/survey-instrument.ts";

let db: Database;
let api: ReturnType<typeof makeTestApi>;
/** Campaigns: every-type for teachers; one for heads; a closed one; one of another district. */
const campaigns = { teachers: "", heads: "", closed: "", otherDistrict: "", school2: "", card: "", planned: "" };
const people: Record<number, string> = {};

/** Teachers 1 and 2 and head 3 of school 1, district staff 4, teacher 9 of another district. */
const TEACHER = 1;
const TEACHER2 = 2;
const HEAD = 3;
const STAFF = 4;
const OTHER = 9;

const call = async (method: "GET" | "PUT", path: string, userId: number | null, body?: unknown) => {
  const response = await api.request(path, {
    method,
    headers: {
      ...(userId === null ? {} : { authorization: `tma ${signInitData(userId)}` }),
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as any };
};
const save = (campaignId: string, userId: number | null, answers: Record<string, unknown>, finish = false) =>
  call("PUT", `/api/surveys/${campaignId}/answers`, userId, { answers, finish });

beforeAll(async () => {
  db = await openTestDatabase();
  const district = await makeDistrict(db);
  const other = await makeDistrict(db, { schools: 1 });
  const repo = district.repo;
  const deps = { repo, clock: { now: () => new Date() }, randomBytes: (size: number) => randomBytes(size) };
  const join = async (user: number, code: string) => {
    const { person } = await redeemInvite(deps, code, { channel: "telegram", externalId: String(user), chatId: String(user), firstName: "Тест" });
    await giveConsent(deps, person.id);
    people[user] = person.id;
  };
  const school1 = district.schools[0]!.id;
  await join(TEACHER, await district.invite("teacher", school1));
  await join(TEACHER2, await district.invite("teacher", school1));
  await join(HEAD, await district.invite("head", school1));
  await join(STAFF, await district.invite("district", null));
  await join(OTHER, await other.invite("teacher", other.schools[0]!.id));

  const districtId = district.district.id;
  campaigns.teachers = (await openSurveyCampaign(db.prisma, districtId, { title: "Анкета педагогов" })).id;
  campaigns.heads = (await openSurveyCampaign(db.prisma, districtId, { title: "Анкета руководителей", audience: { roles: ["head"], schoolIds: null } })).id;
  campaigns.school2 = (
    await openSurveyCampaign(db.prisma, districtId, { title: "Анкета школы №2", audience: { roles: ["teacher"], schoolIds: [district.schools[1]!.id] } })
  ).id;
  campaigns.card = (
    await openSurveyCampaign(db.prisma, districtId, { title: "Карта самоанализа", instrument: builtInInstrument("school_card")!, audience: { roles: ["head"], schoolIds: null } })
  ).id;
  campaigns.closed = (await openSurveyCampaign(db.prisma, districtId, { title: "Закрытая анкета", closedAt: new Date(Date.now() - 60_000) })).id;
  campaigns.planned = (
    await openSurveyCampaign(db.prisma, districtId, { title: "Будущая анкета", opensAt: new Date(Date.now() + 86_400_000), closesAt: new Date(Date.now() + 5 * 86_400_000) })
  ).id;
  campaigns.otherDistrict = (await openSurveyCampaign(db.prisma, other.district.id, { title: "Анкета другого района" })).id;
  api = makeTestApi(db);
});
afterAll(async () => {
  await db?.close();
});

describe("анкеты в Mini App: API", () => {
  it("«Мои анкеты»: только открытые анкеты, которые спрашивают этого человека; без входа — 401", async () => {
    expect((await call("GET", "/api/me/surveys", null)).status).toBe(401);
    const teacher = await call("GET", "/api/me/surveys", TEACHER);
    expect(teacher.status).toBe(200);
    // The district's teacher diagnostic (makeDistrict opens it) is one of a teacher's surveys too.
    const titles = (body: any) => body.surveys.map((row: any) => row.title).sort();
    expect(titles(teacher.body)).toEqual(["Анкета педагогов", "Диагностика дефицитов, февраль"]);
    expect(teacher.body.surveys.find((row: any) => row.id === campaigns.teachers)).toMatchObject({
      answered: 0,
      total: 6,
      completed: false,
      instrumentTitle: "Проверочная анкета",
    });
    const head = await call("GET", "/api/me/surveys", HEAD);
    expect(titles(head.body)).toEqual(["Анкета руководителей", "Карта самоанализа"]);
    const other = await call("GET", "/api/me/surveys", OTHER);
    expect(titles(other.body)).toEqual(["Анкета другого района", "Диагностика дефицитов, февраль"]);
    expect(other.body.surveys.map((row: any) => row.id)).not.toContain(campaigns.teachers);
    expect((await call("GET", "/api/me/surveys", STAFF)).body.surveys).toEqual([]);
  });

  it("анкета: вопросы с вариантами (шкала, да/нет), обязательность, подсказки и условия; мои ответы пусты", async () => {
    const form = await call("GET", `/api/surveys/${campaigns.teachers}`, TEACHER);
    expect(form.status).toBe(200);
    expect(form.body.campaign).toMatchObject({ id: campaigns.teachers, title: "Анкета педагогов", intro: "Проверочная анкета: все виды вопросов." });
    expect(form.body.personId).toBe(people[TEACHER]);
    expect(form.body.areas).toEqual([
      { id: "about", title: "О вас" },
      { id: "work", title: "Работа" },
    ]);
    const byId = Object.fromEntries(form.body.questions.map((question: any) => [question.id, question]));
    expect(byId.q_role).toMatchObject({ type: "single", required: true, unsure: true, help: "Основная должность", multiple: false });
    expect(byId.q_likert.options.map((option: any) => option.label)).toEqual(["Нет", "Скорее нет", "Скорее да", "Да"]);
    expect(byId.q_yes.options).toEqual([
      { value: 1, label: "Да" },
      { value: 0, label: "Нет" },
    ]);
    expect(byId.q_other.showIf).toEqual({ questionId: "q_role", values: [3] });
    expect(byId.q_count).toMatchObject({ type: "number", options: null, number: { min: 1, max: 40, integer: true, unit: "чел." } });
    expect(byId.q_multi).toMatchObject({ multiple: true, minPicks: 1, maxPicks: 2 });
    expect(byId.q_multi.hint).toBeTruthy();
    expect(byId.q_note).toMatchObject({ required: false, maxLength: 300 });
    expect(form.body).toMatchObject({ answers: {}, completed: false, currentQuestionId: "q_role" });
  });

  it("сохранение по вопросу: верные ответы сохраняются (source app), неверные — с причиной по-русски; чат продолжает с тех же строк", async () => {
    const saved = await save(campaigns.teachers, TEACHER, {
      q_role: { kind: "int", value: 3 },
      q_other: { kind: "text", value: "  Педагог-организатор  " },
      q_likert: { kind: "int", value: 9 },
    });
    expect(saved.status).toBe(200);
    expect(saved.body.answers).toEqual({ q_role: { kind: "int", value: 3 }, q_other: { kind: "text", value: "Педагог-организатор" } });
    expect(saved.body.problems.q_likert).toMatch(/варианта/);
    expect(saved.body.completed).toBe(false);
    expect(saved.body.currentQuestionId).toBe("q_likert");

    const response = await db.prisma.response.findFirstOrThrow({ where: { campaignId: campaigns.teachers, personId: people[TEACHER] } });
    expect(response.source).toBe("app");
    // The chat (the same use case over the same rows) asks the next question.
    const person = (await new PrismaRepository(db.prisma).getPerson(people[TEACHER]!))!;
    const view = await surveyView({ surveys: surveysContext(db.prisma), clock: { now: () => new Date() } }, campaigns.teachers, { kind: "person", person });
    expect(view.kind === "question" && view.position.question.id).toBe("q_likert");

    // The form reads back my answers; another teacher's form has none of them.
    expect((await call("GET", `/api/surveys/${campaigns.teachers}`, TEACHER)).body.answers.q_other).toEqual({ kind: "text", value: "Педагог-организатор" });
    const theirs = await call("GET", `/api/surveys/${campaigns.teachers}`, TEACHER2);
    expect(theirs.status).toBe(200);
    expect(theirs.body.answers).toEqual({});
  });

  it("«Отправить» без обязательных ответов не завершает и называет их; с ответами — завершает; правка после — остаётся завершённой", async () => {
    const early = await save(campaigns.teachers, TEACHER, { q_likert: { kind: "unsure" } }, true);
    expect(early.status).toBe(200);
    expect(early.body.completed).toBe(false);
    expect(Object.keys(early.body.problems).sort()).toEqual(["q_hours", "q_multi", "q_yes"]);
    expect(early.body.answers.q_likert).toEqual({ kind: "unsure" });

    const tooMany = await save(campaigns.teachers, TEACHER, { q_multi: { kind: "ints", values: [1, 2, 3] } });
    expect(tooMany.body.problems.q_multi).toMatch(/не больше 2/);

    const done = await save(
      campaigns.teachers,
      TEACHER,
      { q_yes: { kind: "int", value: 0 }, q_multi: { kind: "ints", values: [2, 1] }, q_hours: { kind: "number", value: 2.5 } },
      true,
    );
    expect(done.body).toMatchObject({ problems: {}, completed: true });
    expect(done.body.answers.q_multi).toEqual({ kind: "ints", values: [1, 2] });
    const row = await db.prisma.response.findFirstOrThrow({ where: { campaignId: campaigns.teachers, personId: people[TEACHER] } });
    expect(row.completedAt).not.toBeNull();

    const edited = await save(campaigns.teachers, TEACHER, { q_note: { kind: "text", value: "Спасибо" } });
    expect(edited.body).toMatchObject({ problems: {}, completed: true });
    expect(edited.body.answers.q_note).toEqual({ kind: "text", value: "Спасибо" });
    const list = await call("GET", "/api/me/surveys", TEACHER);
    expect(list.body.surveys.find((row: any) => row.id === campaigns.teachers)).toMatchObject({ completed: true });
    // Another teacher's response was never touched.
    expect(await db.prisma.response.count({ where: { campaignId: campaigns.teachers, personId: people[TEACHER2] } })).toBe(0);
  });

  it("ответ в чате виден в форме, и наоборот: одни и те же строки", async () => {
    const person = (await new PrismaRepository(db.prisma).getPerson(people[TEACHER2]!))!;
    const deps = { surveys: surveysContext(db.prisma), clock: { now: () => new Date() } };
    const step = await answerQuestion(deps, campaigns.teachers, { kind: "person", person }, "q_role", { kind: "int", value: 2 }, "chat");
    expect(step.kind).toBe("question");
    const form = await call("GET", `/api/surveys/${campaigns.teachers}`, TEACHER2);
    expect(form.body).toMatchObject({ answers: { q_role: { kind: "int", value: 2 } }, currentQuestionId: "q_likert", completed: false });
    await save(campaigns.teachers, TEACHER2, { q_likert: { kind: "int", value: 4 } });
    const view = await surveyView(deps, campaigns.teachers, { kind: "person", person });
    expect(view.kind === "question" && view.position.question.id).toBe("q_yes");
  });

  it("руководитель заполняет карту самоанализа школы: длинная форма по разделам, числа с проверкой границ; педагогу — отказ", async () => {
    const form = await call("GET", `/api/surveys/${campaigns.card}`, HEAD);
    expect(form.status).toBe(200);
    expect(form.body.areas.map((area: any) => area.title)).toEqual([
      "Обучающиеся",
      "Оснащение",
      "Кадры",
      "ОВЗ и языковые барьеры",
      "Социальный паспорт",
      "Программа повышения качества образования",
    ]);
    expect(form.body.questions.length).toBeGreaterThan(20);
    const saved = await save(campaigns.card, HEAD, { students_total: { kind: "number", value: 412 }, sp_low_income: { kind: "number", value: -3 } });
    expect(saved.body.answers).toEqual({ students_total: { kind: "number", value: 412 } });
    expect(saved.body.problems.sp_low_income).toMatch(/не меньше 0/);
    const response = await db.prisma.response.findFirstOrThrow({ where: { campaignId: campaigns.card, personId: people[HEAD] } });
    expect(response.source).toBe("app");
    expect((await call("GET", `/api/surveys/${campaigns.card}`, TEACHER)).status).toBe(403);
  });

  it("отказы: закрытая (409), не для этого человека (403), другого района и неизвестная (404), неверный запрос (400), без входа (401)", async () => {
    for (const [campaignId, user, status] of [
      [campaigns.closed, TEACHER, 409],
      [campaigns.planned, TEACHER, 409],
      [campaigns.heads, TEACHER, 403],
      [campaigns.teachers, HEAD, 403],
      [campaigns.teachers, STAFF, 403],
      [campaigns.school2, TEACHER, 403],
      [campaigns.otherDistrict, TEACHER, 404],
      [campaigns.teachers, OTHER, 404],
      ["nosuchcampaign", TEACHER, 404],
    ] as const) {
      const form = await call("GET", `/api/surveys/${campaignId}`, user);
      expect([campaignId, user, form.status]).toEqual([campaignId, user, status]);
      expect(typeof form.body.message).toBe("string");
      expect(form.body.questions).toBeUndefined();
      const saved = await save(campaignId, user, { q_role: { kind: "int", value: 1 } });
      expect([campaignId, user, saved.status]).toEqual([campaignId, user, status]);
    }
    expect((await call("GET", `/api/surveys/${campaigns.closed}`, TEACHER)).body.message).toBe("Анкета закрыта: ответы больше не принимаются.");
    expect((await call("GET", `/api/surveys/${campaigns.planned}`, TEACHER)).body.message).toMatch(/^Анкета ещё не открыта/);
    // Nothing was written by the refused saves.
    for (const campaignId of [campaigns.closed, campaigns.planned, campaigns.heads, campaigns.school2, campaigns.otherDistrict]) {
      expect(await db.prisma.response.count({ where: { campaignId } })).toBe(0);
    }
    expect(await db.prisma.response.count({ where: { campaignId: campaigns.teachers, personId: { in: [people[HEAD]!, people[STAFF]!, people[OTHER]!] } } })).toBe(0);

    expect((await call("GET", "/api/surveys/BAD!id", TEACHER)).status).toBe(400);
    expect((await call("PUT", `/api/surveys/${campaigns.teachers}/answers`, TEACHER, "not json")).status).toBe(400);
    expect((await save(campaigns.teachers, TEACHER, { q_role: { kind: "int", value: "1" } })).status).toBe(400);
    expect((await save(campaigns.teachers, TEACHER, { "../x": { kind: "int", value: 1 } })).status).toBe(400);
    expect((await call("GET", `/api/surveys/${campaigns.teachers}`, null)).status).toBe(401);
    expect((await save(campaigns.teachers, null, { q_role: { kind: "int", value: 1 } })).status).toBe(401);
  });
});
