// The survey store (prisma/survey.ts) and the survey use cases (core/services/survey.ts) over a real
// database: answers of every kind stored and read back truthfully, one response per member or class
// code, completion (schools, a used class code), which campaigns a member sees, and the runner's
// steps: branching, typed numbers and texts, toggled picks, skip, back, unsure, editing after the end,
// closed campaigns and people outside the audience. On PGlite, or PostgreSQL with TEST_DATABASE_URL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../prisma/db.ts";
import { createDistrict, createSchool } from "../../prisma/admin.ts";
import { PrismaRepository } from "../../prisma/repository.ts";
import { PrismaSurveyStore } from "../../prisma/survey.ts";
import type { PersonView } from "../../core/services/ports.ts";
import type { Role } from "../../core/roles.ts";
import {
  answerQuestion,
  answerTyped,
  confirmPicks,
  goBack,
  openSurveysFor,
  respondentSchools,
  saveAnswers,
  skipQuestion,
  surveyView,
  togglePick,
  type SurveyServiceDeps,
  type SurveyStep,
  type SurveyView,
  type SurveyWho,
} from "../../core/services/survey.ts";
import { openTestDatabase } from "../support/db.ts";
import { everyTypeInstrument, openSurveyCampaign } from "../support/survey-instrument.ts";

let db: Database;
let store: PrismaSurveyStore;
let repo: PrismaRepository;
let deps: SurveyServiceDeps;
let districtId: string;
let otherDistrictId: string;
let schoolA: string;
let schoolB: string;

async function member(role: Role, district: string, schoolId: string | null): Promise<PersonView> {
  const person = await db.prisma.person.create({
    data: { displayName: role, consentAt: new Date(), memberships: { create: [{ role, districtId: district, schoolId }] } },
  });
  return (await repo.getPerson(person.id))!;
}

const asPerson = (person: PersonView): SurveyWho => ({ kind: "person", person });

function question(step: SurveyStep | SurveyView) {
  if (step.kind !== "question") throw new Error(`expected a question, got ${JSON.stringify(step.kind === "problem" ? step : step.kind)}`);
  return step;
}

beforeAll(async () => {
  db = await openTestDatabase();
  store = new PrismaSurveyStore(db.prisma);
  repo = new PrismaRepository(db.prisma);
  deps = { surveys: { store }, clock: { now: () => new Date() } };
  districtId = (await createDistrict(db.prisma, { name: "Район", timezone: "Europe/Moscow" })).id;
  otherDistrictId = (await createDistrict(db.prisma, { name: "Другой район", timezone: "Asia/Yekaterinburg" })).id;
  schoolA = (await createSchool(db.prisma, { districtId, name: "Школа А" })).id;
  schoolB = (await createSchool(db.prisma, { districtId, name: "Школа Б" })).id;
});

afterAll(async () => {
  await db?.close();
});

describe("the store", () => {
  it("reads a campaign with its instrument and audience; an unknown id is null", async () => {
    const campaign = await openSurveyCampaign(db.prisma, districtId, { audience: { roles: ["teacher", "head"], schoolIds: [schoolA] } });
    const read = await store.getCampaign(campaign.id);
    expect(read).toMatchObject({
      id: campaign.id,
      districtId,
      instrumentKey: "h1_every_type",
      instrumentVersion: 1,
      closedAt: null,
      baseline: false,
      audience: { roles: ["teacher", "head"], schoolIds: [schoolA] },
      remindEveryDays: 3,
    });
    expect(read!.instrument.questions.map((q) => q.id)).toEqual(everyTypeInstrument.questions.map((q) => q.id));
    expect(await store.getCampaign("nope")).toBeNull();
  });

  it("lists only the campaigns open now whose audience holds the member, newest first", async () => {
    const day = 86_400_000;
    const now = Date.now();
    const district = (await createDistrict(db.prisma, { name: "Район списков", timezone: "Europe/Moscow" })).id;
    const s1 = (await createSchool(db.prisma, { districtId: district, name: "Ш1" })).id;
    const s2 = (await createSchool(db.prisma, { districtId: district, name: "Ш2" })).id;
    const teacher = await member("teacher", district, s1);
    const older = await openSurveyCampaign(db.prisma, district, { title: "старая", opensAt: new Date(now - 5 * day) });
    const newer = await openSurveyCampaign(db.prisma, district, { title: "новая", opensAt: new Date(now - day) });
    const mine = await openSurveyCampaign(db.prisma, district, { title: "моя школа", opensAt: new Date(now - 2 * day), audience: { roles: ["teacher"], schoolIds: [s1] } });
    await openSurveyCampaign(db.prisma, district, { title: "другая школа", audience: { roles: ["teacher"], schoolIds: [s2] } });
    await openSurveyCampaign(db.prisma, district, { title: "руководителям", audience: { roles: ["head"], schoolIds: null } });
    await openSurveyCampaign(db.prisma, district, { title: "закрыта", closedAt: new Date(now - 1000) });
    await openSurveyCampaign(db.prisma, district, { title: "база", baseline: true });
    await openSurveyCampaign(db.prisma, district, { title: "впереди", opensAt: new Date(now + day) });
    await openSurveyCampaign(db.prisma, district, { title: "прошла", opensAt: new Date(now - 9 * day), closesAt: new Date(now - day) });
    await openSurveyCampaign(db.prisma, otherDistrictId, { title: "чужой район" });
    const open = await store.openCampaignsFor(teacher, new Date());
    expect(open.map((campaign) => campaign.title)).toEqual([newer.title, mine.title, older.title]);
    // A campaign closed later than `at` is still open at `at`.
    const later = await openSurveyCampaign(db.prisma, district, { title: "закроют завтра", opensAt: new Date(now - 3 * day), closedAt: new Date(now + day) });
    expect((await store.openCampaignsFor(teacher, new Date())).map((campaign) => campaign.id)).toContain(later.id);
    // An ended membership sees nothing.
    await db.prisma.membership.updateMany({ where: { personId: teacher.id }, data: { active: false } });
    expect(await store.openCampaignsFor((await repo.getPerson(teacher.id))!, new Date())).toEqual([]);
  });

  it("stores every kind of answer truthfully, one response per person, the completion with its schools, kept through an edit", async () => {
    const campaign = await openSurveyCampaign(db.prisma, districtId);
    const teacher = await member("teacher", districtId, schoolA);
    const respondent = { kind: "person" as const, personId: teacher.id };
    const at = new Date();
    const base = { campaignId: campaign.id, respondent, cursor: null, completedAt: null, schoolIds: [schoolA], source: "app" as const, at };
    expect(await store.getResponse(campaign.id, respondent)).toBeNull();
    await store.saveAnswer({ ...base, questionId: "q_role", answer: { kind: "int", value: 3 } });
    await store.saveAnswer({ ...base, questionId: "q_other", answer: { kind: "text", value: "Педагог-психолог" } });
    await store.saveAnswer({ ...base, questionId: "q_likert", answer: { kind: "unsure" } });
    await store.saveAnswer({ ...base, questionId: "q_yes", answer: { kind: "int", value: 0 } });
    await store.saveAnswer({ ...base, questionId: "q_multi", answer: { kind: "ints", values: [1, 4] } });
    await store.saveAnswer({ ...base, questionId: "q_hours", answer: { kind: "number", value: 2.5 }, cursor: "q_note" });
    let response = await store.getResponse(campaign.id, respondent);
    expect(response).toMatchObject({ campaignId: campaign.id, respondent, cursor: "q_note", completedAt: null, source: "app" });
    expect(await db.prisma.responseSchool.count({ where: { responseId: response!.id } })).toBe(0);
    expect(await db.prisma.response.count({ where: { campaignId: campaign.id } })).toBe(1);

    await store.saveAnswer({ ...base, questionId: "q_note", answer: { kind: "skipped" }, completedAt: at, source: "chat" });
    response = await store.getResponse(campaign.id, respondent);
    expect(response!.completedAt).toEqual(at);
    // The source is where the response was started.
    expect(response!.source).toBe("app");
    expect(Object.fromEntries(response!.answers)).toEqual({
      q_role: { kind: "int", value: 3 },
      q_other: { kind: "text", value: "Педагог-психолог" },
      q_likert: { kind: "unsure" },
      q_yes: { kind: "int", value: 0 },
      q_multi: { kind: "ints", values: [1, 4] },
      q_hours: { kind: "number", value: 2.5 },
      q_note: { kind: "skipped" },
    });
    expect((await db.prisma.responseSchool.findMany({ where: { responseId: response!.id } })).map((row) => row.schoolId)).toEqual([schoolA]);

    // An edit after the end updates the answer and keeps the response complete.
    await store.saveAnswer({ ...base, questionId: "q_hours", answer: { kind: "number", value: 3 } });
    response = await store.getResponse(campaign.id, respondent);
    expect(response!.completedAt).toEqual(at);
    expect(response!.answers.get("q_hours")).toEqual({ kind: "number", value: 3 });
    expect(await db.prisma.answer.count({ where: { responseId: response!.id } })).toBe(7);

    const completed = await store.completedResponses(campaign.id);
    expect(completed).toHaveLength(1);
    expect(completed[0]).toMatchObject({ responseId: response!.id, schoolIds: [schoolA], completedAt: at });
    expect(completed[0]!.answers.get("q_multi")).toEqual({ kind: "ints", values: [1, 4] });
    expect(await store.completedResponses(campaign.id, schoolA)).toHaveLength(1);
    expect(await store.completedResponses(campaign.id, schoolB)).toHaveLength(0);
  });

  it("a class code: a response without a person; completing uses the code up and ends its chat session", async () => {
    const campaign = await openSurveyCampaign(db.prisma, districtId, { audience: { roles: ["parent"], schoolIds: [schoolB] } });
    const other = await openSurveyCampaign(db.prisma, districtId, { audience: { roles: ["parent"], schoolIds: [schoolB] } });
    const code = await db.prisma.classCode.create({
      data: { campaignId: campaign.id, schoolId: schoolB, classLabel: "5А", audience: "parent", codeHash: "a".repeat(64) },
    });
    await db.prisma.anonymousSession.create({ data: { accountKey: "b".repeat(64), classCodeId: code.id } });
    const respondent = { kind: "code" as const, classCodeId: code.id };
    const at = new Date();
    const base = { campaignId: campaign.id, respondent, schoolIds: [schoolB], source: "web" as const, at };
    await store.setCursor(campaign.id, respondent, "q_likert");
    expect((await store.getResponse(campaign.id, respondent))!.cursor).toBe("q_likert");
    await store.saveAnswer({ ...base, questionId: "q_likert", answer: { kind: "int", value: 2 }, cursor: null, completedAt: null });
    expect((await db.prisma.classCode.findUniqueOrThrow({ where: { id: code.id } })).usedAt).toBeNull();
    await store.saveAnswer({ ...base, questionId: "q_yes", answer: { kind: "int", value: 1 }, cursor: null, completedAt: at });
    const row = await db.prisma.response.findUniqueOrThrow({ where: { classCodeId: code.id }, include: { schools: true } });
    expect(row.personId).toBeNull();
    expect(row.source).toBe("web");
    expect(row.schools.map((school) => school.schoolId)).toEqual([schoolB]);
    expect((await db.prisma.classCode.findUniqueOrThrow({ where: { id: code.id } })).usedAt).toEqual(at);
    expect(await db.prisma.anonymousSession.count({ where: { classCodeId: code.id } })).toBe(0);
    // The code's response is never read as another campaign's, nor written into it.
    expect(await store.getResponse(other.id, respondent)).toBeNull();
    await expect(store.saveAnswer({ ...base, campaignId: other.id, questionId: "q_yes", answer: { kind: "int", value: 1 }, cursor: null, completedAt: null })).rejects.toThrow();
  });

  it("two first answers at once make one response with both answers", async () => {
    const campaign = await openSurveyCampaign(db.prisma, districtId);
    const teacher = await member("teacher", districtId, schoolA);
    const respondent = { kind: "person" as const, personId: teacher.id };
    const base = { campaignId: campaign.id, respondent, cursor: null, completedAt: null, schoolIds: [schoolA], at: new Date() };
    await Promise.all([
      store.saveAnswer({ ...base, questionId: "q_role", answer: { kind: "int", value: 1 }, source: "chat" }),
      store.saveAnswer({ ...base, questionId: "q_likert", answer: { kind: "int", value: 2 }, source: "app" }),
      store.setCursor(campaign.id, respondent, "q_yes"),
    ]);
    expect(await db.prisma.response.count({ where: { campaignId: campaign.id } })).toBe(1);
    expect((await store.getResponse(campaign.id, respondent))!.answers.size).toBe(2);
  });

  it("setCursor creates the response when needed and moves it", async () => {
    const campaign = await openSurveyCampaign(db.prisma, districtId);
    const teacher = await member("teacher", districtId, schoolA);
    const respondent = { kind: "person" as const, personId: teacher.id };
    await store.setCursor(campaign.id, respondent, "q_multi#1,3");
    expect((await store.getResponse(campaign.id, respondent))!.cursor).toBe("q_multi#1,3");
    await store.setCursor(campaign.id, respondent, null);
    const response = await store.getResponse(campaign.id, respondent);
    expect(response!.cursor).toBeNull();
    expect(response!.completedAt).toBeNull();
  });
});

describe("the survey use cases", () => {
  it("runs an instrument step by step: branching, unsure, typed numbers and texts, toggles, skip, back, editing after the end", async () => {
    const campaign = await openSurveyCampaign(db.prisma, districtId);
    const teacher = await member("teacher", districtId, schoolA);
    const who = asPerson(teacher);
    let view = question(await surveyView(deps, campaign.id, who));
    expect(view.position).toMatchObject({ number: 1, total: 6, answered: 0, canGoBack: false, canSkip: false });
    expect(view.position.question.id).toBe("q_role");
    expect(view.intro).toBe(everyTypeInstrument.intro);
    expect(view.areaTitle).toBe("О вас");
    // Looking stores nothing.
    expect(await db.prisma.response.count({ where: { campaignId: campaign.id } })).toBe(0);

    expect(await answerQuestion(deps, campaign.id, who, "q_role", { kind: "int", value: 9 }, "chat")).toEqual({
      kind: "problem",
      questionId: "q_role",
      message: "Такого варианта ответа нет. Выберите один из предложенных.",
    });
    // «Другое» opens the text question.
    view = question(await answerQuestion(deps, campaign.id, who, "q_role", { kind: "int", value: 3 }, "chat"));
    expect(view.position.question.id).toBe("q_other");
    expect(view.position).toMatchObject({ number: 2, total: 7, answered: 1 });
    expect(view.intro).toBeNull();
    const tooLong = await answerTyped(deps, campaign.id, who, "q_other", "д".repeat(41), "chat");
    expect(tooLong).toMatchObject({ kind: "problem", questionId: "q_other" });
    expect((tooLong as { message: string }).message).toContain("не больше 40");
    view = question(await answerTyped(deps, campaign.id, who, "q_other", "  Педагог-организатор ", "chat"));
    expect(view.position.question.id).toBe("q_likert");
    view = question(await answerQuestion(deps, campaign.id, who, "q_likert", { kind: "unsure" }, "chat"));
    expect(view.position.question.id).toBe("q_yes");
    // «Затрудняюсь ответить» is not offered on the yes/no question.
    expect(await answerQuestion(deps, campaign.id, who, "q_yes", { kind: "unsure" }, "chat")).toMatchObject({ kind: "problem" });
    view = question(await answerQuestion(deps, campaign.id, who, "q_yes", { kind: "int", value: 1 }, "chat"));
    expect(view.position.question.id).toBe("q_count");
    expect(await answerTyped(deps, campaign.id, who, "q_count", "много", "chat")).toMatchObject({ kind: "problem", message: "Напишите число цифрами, например 12 или 3,5." });
    expect(await answerTyped(deps, campaign.id, who, "q_count", "41", "chat")).toMatchObject({ kind: "problem", message: "Число должно быть не больше 40 чел." });
    expect(await answerTyped(deps, campaign.id, who, "q_count", "2,5", "chat")).toMatchObject({ kind: "problem", message: "Нужно целое число, без дробной части." });
    view = question(await answerTyped(deps, campaign.id, who, "q_count", "25", "chat"));
    expect(view.position.question.id).toBe("q_multi");
    expect(view.picks).toEqual([]);

    // Toggles are staged in the database (a restart keeps them), at most two.
    expect(question(await togglePick(deps, campaign.id, who, "q_multi", 3)).picks).toEqual([3]);
    expect(question(await togglePick(deps, campaign.id, who, "q_multi", 1)).picks).toEqual([1, 3]);
    expect(await togglePick(deps, campaign.id, who, "q_multi", 2)).toMatchObject({ kind: "problem", message: "Можно выбрать не больше 2 вариантов." });
    expect(question(await togglePick(deps, campaign.id, who, "q_multi", 3)).picks).toEqual([1]);
    expect(question(await surveyView(deps, campaign.id, who)).picks).toEqual([1]);
    expect(question(await togglePick(deps, campaign.id, who, "q_multi", 3)).picks).toEqual([1, 3]);
    view = question(await confirmPicks(deps, campaign.id, who, "q_multi", "chat"));
    expect(view.position.question.id).toBe("q_hours");

    // Back to the picks, then forward again with the same picks.
    view = question(await goBack(deps, campaign.id, who, "q_hours"));
    expect(view.position.question.id).toBe("q_multi");
    expect(view.picks).toEqual([1, 3]);
    expect(view.position.current).toEqual({ kind: "ints", values: [1, 3] });
    // Unpicking everything is refused by «Готово» (at least one).
    await togglePick(deps, campaign.id, who, "q_multi", 1);
    await togglePick(deps, campaign.id, who, "q_multi", 3);
    expect(await confirmPicks(deps, campaign.id, who, "q_multi", "chat")).toMatchObject({ kind: "problem", message: "Это обязательный вопрос: выберите ответ." });
    await togglePick(deps, campaign.id, who, "q_multi", 2);
    view = question(await confirmPicks(deps, campaign.id, who, "q_multi", "chat"));
    expect(view.position.question.id).toBe("q_hours");
    view = question(await answerTyped(deps, campaign.id, who, "q_hours", "2,5", "chat"));
    expect(view.position.question.id).toBe("q_note");
    expect(view.position.canSkip).toBe(true);
    // A required question cannot be skipped.
    expect(await skipQuestion(deps, campaign.id, who, "q_hours", "chat")).toMatchObject({ kind: "problem", message: "Это обязательный вопрос: напишите число." });
    const done = await skipQuestion(deps, campaign.id, who, "q_note", "chat");
    expect(done).toMatchObject({ kind: "complete", finishedBefore: false });
    const answers = (done as Extract<SurveyView, { kind: "complete" }>).answers;
    expect(Object.fromEntries(answers)).toEqual({
      q_role: { kind: "int", value: 3 },
      q_other: { kind: "text", value: "Педагог-организатор" },
      q_likert: { kind: "unsure" },
      q_yes: { kind: "int", value: 1 },
      q_count: { kind: "number", value: 25 },
      q_multi: { kind: "ints", values: [2] },
      q_hours: { kind: "number", value: 2.5 },
      q_note: { kind: "skipped" },
    });
    const [completed] = await store.completedResponses(campaign.id, schoolA);
    expect(completed!.answers.size).toBe(8);

    // Looking again: complete, finished before.
    expect(await surveyView(deps, campaign.id, who)).toMatchObject({ kind: "complete", finishedBefore: true });
    // Editing after the end: back from the end is the last question; answering walks on, still complete.
    view = question(await goBack(deps, campaign.id, who, ""));
    expect(view.position.question.id).toBe("q_note");
    view = question(await goBack(deps, campaign.id, who, "q_note"));
    expect(view.position.question.id).toBe("q_hours");
    view = question(await answerTyped(deps, campaign.id, who, "q_hours", "4", "chat"));
    expect(view.position.question.id).toBe("q_note");
    expect(await answerTyped(deps, campaign.id, who, "q_note", "Спасибо", "chat")).toMatchObject({ kind: "complete", finishedBefore: true });
    const response = await store.getResponse(campaign.id, { kind: "person", personId: teacher.id });
    expect(response!.completedAt).toEqual(completed!.completedAt);
    expect(response!.answers.get("q_hours")).toEqual({ kind: "number", value: 4 });
    expect(response!.answers.get("q_note")).toEqual({ kind: "text", value: "Спасибо" });
  });

  it("branching back: a hidden question's answer is left out and the response asks what is now shown", async () => {
    const campaign = await openSurveyCampaign(db.prisma, districtId);
    const who = asPerson(await member("teacher", districtId, schoolA));
    await answerQuestion(deps, campaign.id, who, "q_role", { kind: "int", value: 3 }, "chat");
    await answerTyped(deps, campaign.id, who, "q_other", "Логопед", "chat");
    let view = question(await goBack(deps, campaign.id, who, "q_likert"));
    expect(view.position.question.id).toBe("q_other");
    view = question(await goBack(deps, campaign.id, who, "q_other"));
    expect(view.position.question.id).toBe("q_role");
    expect(view.position.current).toEqual({ kind: "int", value: 3 });
    view = question(await answerQuestion(deps, campaign.id, who, "q_role", { kind: "int", value: 1 }, "chat"));
    expect(view.position.question.id).toBe("q_likert");
    expect(view.position.total).toBe(6);
    // A stale button of the now hidden question changes nothing.
    view = question(await answerTyped(deps, campaign.id, who, "q_other", "Другое", "chat"));
    expect(view.position.question.id).toBe("q_likert");
  });

  it("refuses closed campaigns and people outside the audience", async () => {
    const teacher = await member("teacher", districtId, schoolA);
    const head = await member("head", districtId, schoolA);
    const stranger = await member("teacher", otherDistrictId, null);
    const open = await openSurveyCampaign(db.prisma, districtId, { audience: { roles: ["teacher"], schoolIds: [schoolB] } });
    const closed = await openSurveyCampaign(db.prisma, districtId, { closedAt: new Date(Date.now() - 1000) });
    const baseline = await openSurveyCampaign(db.prisma, districtId, { baseline: true });
    expect(await surveyView(deps, open.id, asPerson(teacher))).toMatchObject({ kind: "not_in_audience" });
    expect(await surveyView(deps, open.id, asPerson(head))).toMatchObject({ kind: "not_in_audience" });
    expect(await surveyView(deps, open.id, asPerson(stranger))).toMatchObject({ kind: "not_in_audience" });
    expect(await answerQuestion(deps, open.id, asPerson(teacher), "q_role", { kind: "int", value: 1 }, "chat")).toMatchObject({ kind: "not_in_audience" });
    expect(await surveyView(deps, closed.id, asPerson(teacher))).toMatchObject({ kind: "closed", campaign: { id: closed.id } });
    expect(await answerQuestion(deps, closed.id, asPerson(teacher), "q_role", { kind: "int", value: 1 }, "chat")).toMatchObject({ kind: "closed" });
    expect((await saveAnswers(deps, baseline.id, asPerson(teacher), { q_role: { kind: "int", value: 1 } }, "app", true)).view).toMatchObject({ kind: "closed" });
    expect(await surveyView(deps, "no-such-campaign", asPerson(teacher))).toEqual({ kind: "closed", campaign: null });
    expect(await db.prisma.response.count({ where: { campaignId: { in: [open.id, closed.id, baseline.id] } } })).toBe(0);

    // A campaign closed while the person answers: the next answer is refused.
    const running = await openSurveyCampaign(db.prisma, districtId);
    await answerQuestion(deps, running.id, asPerson(teacher), "q_role", { kind: "int", value: 1 }, "chat");
    await db.prisma.campaign.update({ where: { id: running.id }, data: { closedAt: new Date(Date.now() - 1) } });
    expect(await answerQuestion(deps, running.id, asPerson(teacher), "q_likert", { kind: "int", value: 2 }, "chat")).toMatchObject({ kind: "closed" });
    expect(await db.prisma.answer.count({ where: { response: { campaignId: running.id } } })).toBe(1);
  });

  it("the form: saves the valid answers, a problem per invalid one, finishes only when every shown required question is answered", async () => {
    const campaign = await openSurveyCampaign(db.prisma, districtId);
    const teacher = await member("teacher", districtId, schoolA);
    const who = asPerson(teacher);
    let result = await saveAnswers(
      deps,
      campaign.id,
      who,
      { q_role: { kind: "int", value: 1 }, q_likert: { kind: "int", value: 7 }, q_yes: { kind: "text", value: "да" }, q_hours: { kind: "number", value: 1.5 } },
      "app",
      true,
    );
    expect(result.problems).toEqual({
      q_likert: "Такого варианта ответа нет. Выберите один из предложенных.",
      q_yes: "Такой ответ не подходит к этому вопросу.",
      q_multi: "Это обязательный вопрос: выберите ответ.",
    });
    expect(question(result.view).position.question.id).toBe("q_likert");
    let response = await store.getResponse(campaign.id, { kind: "person", personId: teacher.id });
    expect(Object.fromEntries(response!.answers)).toEqual({ q_role: { kind: "int", value: 1 }, q_hours: { kind: "number", value: 1.5 } });
    expect(response!.completedAt).toBeNull();
    expect(response!.source).toBe("app");

    // Without «Отправить» nothing completes even when all is there.
    result = await saveAnswers(deps, campaign.id, who, { q_likert: { kind: "int", value: 4 }, q_yes: { kind: "int", value: 0 }, q_multi: { kind: "ints", values: [4, 1, 4] } }, "app", false);
    expect(result.problems).toEqual({});
    expect(question(result.view).position.question.id).toBe("q_note");
    expect((await store.getResponse(campaign.id, { kind: "person", personId: teacher.id }))!.completedAt).toBeNull();
    // The optional note is not needed to finish.
    result = await saveAnswers(deps, campaign.id, who, {}, "app", true);
    expect(result).toMatchObject({ problems: {}, view: { kind: "complete", finishedBefore: false } });
    response = await store.getResponse(campaign.id, { kind: "person", personId: teacher.id });
    expect(response!.completedAt).not.toBeNull();
    expect(response!.answers.get("q_multi")).toEqual({ kind: "ints", values: [1, 4] });
    // Continued in chat: an edit keeps it complete.
    const edit = await saveAnswers(deps, campaign.id, who, { q_note: { kind: "text", value: "Всё хорошо" } }, "chat", false);
    expect(edit.view).toMatchObject({ kind: "complete", finishedBefore: true });
    expect((await store.getResponse(campaign.id, { kind: "person", personId: teacher.id }))!.completedAt).toEqual(response!.completedAt);
  });

  it("the form saved everything without «Отправить»: looking completes nothing, the last answer in chat does", async () => {
    const campaign = await openSurveyCampaign(db.prisma, districtId);
    const teacher = await member("teacher", districtId, schoolA);
    const who = asPerson(teacher);
    await saveAnswers(
      deps,
      campaign.id,
      who,
      {
        q_role: { kind: "int", value: 2 },
        q_likert: { kind: "int", value: 3 },
        q_yes: { kind: "int", value: 0 },
        q_multi: { kind: "ints", values: [2] },
        q_hours: { kind: "number", value: 0 },
        q_note: { kind: "skipped" },
      },
      "app",
      false,
    );
    // Looking completes nothing: the last question waits for its answer again.
    const view = question(await surveyView(deps, campaign.id, who));
    expect(view.position.question.id).toBe("q_note");
    expect(view.position.canFinish).toBe(true);
    expect((await store.getResponse(campaign.id, { kind: "person", personId: teacher.id }))!.completedAt).toBeNull();
    expect((await openSurveysFor(deps, teacher)).find((entry) => entry.campaign.id === campaign.id)).toMatchObject({ questionId: "q_note", completed: false });
    expect(await skipQuestion(deps, campaign.id, who, "q_note", "chat")).toMatchObject({ kind: "complete", finishedBefore: false });
    expect((await store.getResponse(campaign.id, { kind: "person", personId: teacher.id }))!.completedAt).not.toBeNull();
    expect(await store.completedResponses(campaign.id, schoolA)).toHaveLength(1);
  });

  it("a class code answers through the same use cases and counts for its school", async () => {
    const campaign = await openSurveyCampaign(db.prisma, districtId, { audience: { roles: ["student"], schoolIds: [schoolA] } });
    const code = await db.prisma.classCode.create({
      data: { campaignId: campaign.id, schoolId: schoolA, classLabel: "7Б", audience: "student", codeHash: "c".repeat(64) },
    });
    const who: SurveyWho = { kind: "code", classCodeId: code.id, schoolId: schoolA };
    const campaignView = await store.getCampaign(campaign.id);
    expect(respondentSchools(campaignView!, who)).toEqual([schoolA]);
    expect(respondentSchools(campaignView!, { ...who, schoolId: schoolB })).toEqual([]);
    expect(await surveyView(deps, campaign.id, { ...who, schoolId: schoolB })).toMatchObject({ kind: "not_in_audience" });
    const result = await saveAnswers(
      deps,
      campaign.id,
      who,
      {
        q_role: { kind: "unsure" },
        q_likert: { kind: "int", value: 3 },
        q_yes: { kind: "int", value: 0 },
        q_multi: { kind: "ints", values: [2] },
        q_hours: { kind: "number", value: 0 },
      },
      "web",
      true,
    );
    expect(result).toMatchObject({ problems: {}, view: { kind: "complete" } });
    expect((await db.prisma.classCode.findUniqueOrThrow({ where: { id: code.id } })).usedAt).not.toBeNull();
    const [completed] = await store.completedResponses(campaign.id, schoolA);
    expect(completed!.schoolIds).toEqual([schoolA]);
    expect(await db.prisma.response.count({ where: { campaignId: campaign.id, personId: { not: null } } })).toBe(0);
  });

  it("lists a member's open surveys with progress; a head answers for their school", async () => {
    const district = (await createDistrict(db.prisma, { name: "Район анкет", timezone: "Europe/Moscow" })).id;
    const school = (await createSchool(db.prisma, { districtId: district, name: "Ш" })).id;
    const head = await member("head", district, school);
    const card = await openSurveyCampaign(db.prisma, district, { title: "Карта самоанализа", audience: { roles: ["head"], schoolIds: null } });
    await openSurveyCampaign(db.prisma, district, { title: "Учителям" });
    let list = await openSurveysFor(deps, head);
    expect(list.map((entry) => [entry.campaign.title, entry.answered, entry.total, entry.completed])).toEqual([["Карта самоанализа", 0, 6, false]]);
    expect(list[0]!.touchedAt).toBeNull();
    await answerQuestion(deps, card.id, asPerson(head), "q_role", { kind: "int", value: 1 }, "chat");
    list = await openSurveysFor(deps, head);
    expect(list[0]).toMatchObject({ answered: 1, total: 6, completed: false, questionId: "q_likert" });
    expect(list[0]!.touchedAt).toBeInstanceOf(Date);
    const [completedCard] = await Promise.all([store.getCampaign(card.id)]);
    expect(respondentSchools(completedCard!, asPerson(head))).toEqual([school]);
  });
});
