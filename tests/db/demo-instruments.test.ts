// `npm run demo` shows #13: the demo district has the closed campaigns of the school card and the parent and
// student surveys (anonymous, through class codes), the teacher diagnostic version 2 open with daily reminders,
// a risk profile for every school of the current school year, the course catalog, routes of the teachers offered
// at sign-in (items done) and the methodologist; nothing tells who answered what. And the demo's buffered survey
// store writes exactly the rows PrismaSurveyStore writes for the same use case calls.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../prisma/db.ts";
import { demoSignIn, FEW_RESPONDENTS_CODE, generateDemoDistrict, type DemoDistrict } from "../../prisma/demo-data.ts";
import { BufferedSurveyStore, demoPeople } from "../../prisma/demo-instruments.ts";
import { PrismaSurveyStore } from "../../prisma/survey.ts";
import { surveysContext } from "../../prisma/surveys.ts";
import { PrismaRepository } from "../../prisma/repository.ts";
import { ensureInstrument } from "../../prisma/admin.ts";
import { answerQuestion, saveAnswers, type SurveyWho } from "../../core/services/survey.ts";
import { hashClassCode, issueClassCodes } from "../../core/services/anonymous.ts";
import { parentSurveyV1 } from "../../core/instruments/parent-survey.ts";
import { schoolCardV1 } from "../../core/instruments/school-card.ts";
import { teacherDiagnosticV2 } from "../../core/instruments/teacher-diagnostic.ts";
import type { SurveyStore } from "../../core/services/survey-ports.ts";
import { schoolYearOf } from "../../core/services/risk-profile.ts";
import type { AnswerValue } from "../../core/survey/answers.ts";
import { openTestDatabase } from "../support/db.ts";
import { makeTestApi } from "../support/api.ts";

let db: Database;
let demo: DemoDistrict;
const printed: string[] = [];
// The API's clock is the real one: the demo is made for now, as `npm run demo` makes it.
const now = new Date();

beforeAll(async () => {
  db = await openTestDatabase();
  // Twelve schools (Луговская is the one under the minimum), the fewest teachers they allow.
  demo = await generateDemoDistrict(db.prisma, { seed: 2026, teachers: 60, now, onProgress: (line) => printed.push(line) });
}, 180_000);
afterAll(async () => {
  await db?.close();
});

const as = (personId: string) => ({ headers: { authorization: `demo ${personId}` } });
const schoolByCode = (code: string) => demo.schools.find((school) => school.code === code)!;

describe("демо-район #13: анкеты, профили рисков, маршруты", () => {
  it("кампании: карта, родители и обучающиеся закрыты; диагностика педагогов (версия 2) открыта, напоминания ежедневно", async () => {
    const campaigns = await db.prisma.campaign.findMany({
      where: { districtId: demo.districtId },
      include: { instrument: { select: { key: true, version: true } } },
    });
    const byKey = Object.fromEntries(campaigns.map((campaign) => [campaign.instrument.key, campaign]));
    expect(Object.keys(byKey).sort()).toEqual(["parent_survey", "school_card", "student_survey", "teacher_deficits"]);
    for (const key of ["parent_survey", "school_card", "student_survey"]) {
      expect(byKey[key]!.closedAt, key).not.toBeNull();
      expect(byKey[key]!.closedAt! < now).toBe(true);
    }
    const live = byKey.teacher_deficits!;
    expect(live.id).toBe(demo.campaignId);
    expect(live.instrument.version).toBe(2);
    expect(live.closedAt).toBeNull();
    expect(live.opensAt < now && live.closesAt > now).toBe(true);
    expect(live.remindEveryDays).toBe(1);
    // Every completed teacher's response counts for their school (what the profile and the rates read).
    const completed = await db.prisma.response.count({ where: { campaignId: live.id, completedAt: { not: null }, schools: { some: {} } } });
    expect(completed).toBe(demo.counts.completed);

    // The district's campaign page: live rates of the open one, codes used of the closed parent survey.
    const api = makeTestApi(db, { demo: true });
    const rates = (await (await api.request(`/api/campaigns/${live.id}/rates`, as(demo.districtStaff.personId))).json()) as any;
    expect(rates.total.members.completed).toBe(demo.counts.completed);
    const parents = (await (await api.request(`/api/campaigns/${byKey.parent_survey!.id}/rates`, as(demo.districtStaff.personId))).json()) as any;
    expect(parents.total.codes.used).toBe(Object.values(demo.instruments!.parents).reduce((a, b) => a + b, 0));
    expect(parents.total.codes.issued).toBeGreaterThan(parents.total.codes.used);
    const few = parents.schools.find((row: any) => row.schoolId === schoolByCode(FEW_RESPONDENTS_CODE).id);
    expect(few.codes.used).toBe(3);
    expect((await api.request(`/api/campaigns/${live.id}/rates`, as(demo.heads[0]!.personId))).status).toBe(403);
    expect(printed.some((line) => line.startsWith("Закрытые опросы"))).toBe(true);
  });

  it("каждый директор заполнил карту; родителей и обучающихся не меньше 5 во всех школах, кроме одной", () => {
    const instruments = demo.instruments!;
    expect(instruments.cards).toBe(12);
    const few = schoolByCode(FEW_RESPONDENTS_CODE).id;
    for (const school of demo.schools) {
      const parents = instruments.parents[school.id]!;
      const students = instruments.students[school.id]!;
      if (school.id === few) {
        expect(parents).toBeLessThan(5);
        expect(students).toBeLessThan(5);
      } else {
        expect(parents, school.name).toBeGreaterThanOrEqual(5);
        expect(students, school.name).toBeGreaterThanOrEqual(5);
      }
    }
  });

  it("профиль рисков у каждой школы за текущий учебный год; у школы с малым числом ответов параметры анкет скрыты", async () => {
    expect(demo.instruments!.profiles).toBe(12);
    const api = makeTestApi(db, { demo: true });
    const list = (await (await api.request(`/api/districts/${demo.districtId}/risk-profiles`, as(demo.districtStaff.personId))).json()) as any;
    expect(list.year).toBe(schoolYearOf(now, "Europe/Moscow"));
    expect(demo.instruments!.year).toBe(list.year);
    expect(list.schools).toHaveLength(12);
    expect(list.schools.every((school: any) => school.profile)).toBe(true);
    // Schools differ: not every school has the same number of fixed risks.
    expect(new Set(list.schools.map((school: any) => school.profile.fixed)).size).toBeGreaterThan(1);

    const few = schoolByCode(FEW_RESPONDENTS_CODE);
    const head = demo.heads.find((entry) => entry.schoolId === few.id)!;
    const page = (await (await api.request(`/api/schools/${few.id}/risk-profile`, as(head.personId))).json()) as any;
    expect(page.profile.respondents.parent).toBeLessThan(5);
    expect(page.profile.respondents.student).toBeLessThan(5);
    const parameters = page.profile.factors.flatMap((factor: any) => factor.parameters);
    const survey = parameters.filter((parameter: any) => /^(6\.2|6\.3|7\.1|7\.3|8\.1|10\.1|10\.2|10\.3|3\.4)$/.test(parameter.number));
    expect(survey).toHaveLength(9);
    for (const parameter of survey) expect(parameter.result, parameter.number).not.toMatch(/\d+[,.]?\d*\s*%|из 4/);
    // The card's parameters are there.
    expect(parameters.find((parameter: any) => parameter.number === "1.3").result).toMatch(/\d/);

    // A big school shows its parents' and students' figures.
    const big = demo.schools[0]!;
    const bigHead = demo.heads.find((entry) => entry.schoolId === big.id)!;
    const bigPage = (await (await api.request(`/api/schools/${big.id}/risk-profile`, as(bigHead.personId))).json()) as any;
    expect(bigPage.profile.respondents.parent).toBeGreaterThanOrEqual(5);
    const shown = bigPage.profile.factors.flatMap((factor: any) => factor.parameters).find((parameter: any) => parameter.number === "10.3");
    expect(shown.result).toMatch(/\d/);

    // Refused: a head for another school, a teacher.
    expect((await api.request(`/api/schools/${big.id}/risk-profile`, as(head.personId))).status).toBe(403);
    const teacher = demo.teachers.find((entry) => entry.completed)!;
    expect((await api.request(`/api/schools/${big.id}/risk-profile`, as(teacher.personId))).status).toBe(403);
  });

  it("каталог курсов и маршруты: у каждого учителя из входа в демо есть маршрут, часть пунктов выполнена; методист видит сводку", async () => {
    expect(demo.instruments!.courses).toBeGreaterThanOrEqual(10);
    expect(await db.prisma.course.count({ where: { districtId: demo.districtId, provider: "ИРО (демо)" } })).toBe(demo.instruments!.courses);
    const signIn = demoSignIn(demo);
    const teachers = signIn.filter((choice) => choice.label.startsWith("Учитель — "));
    expect(teachers.length).toBeGreaterThanOrEqual(1);
    const api = makeTestApi(db, { demo: true });
    let done = 0;
    for (const teacher of teachers) {
      const response = await api.request("/api/me/route", as(teacher.personId));
      expect(response.status).toBe(200);
      const body = (await response.json()) as any;
      expect(body.route.items.length).toBeGreaterThan(0);
      done += body.route.items.filter((item: any) => item.doneAt || item.done).length;
    }
    expect(done).toBe(demo.instruments!.itemsDone);
    expect(done).toBeGreaterThanOrEqual(2);
    expect(demo.instruments!.routes).toBeGreaterThanOrEqual(teachers.length);
    // Every route belongs to a teacher who completed the diagnostic.
    const routes = await db.prisma.learningRoute.findMany({ where: { districtId: demo.districtId, kind: "teacher" }, select: { personId: true } });
    const completed = new Set(demo.teachers.filter((teacher) => teacher.completed).map((teacher) => teacher.personId));
    expect(routes.every((route) => completed.has(route.personId!))).toBe(true);

    const methodologist = signIn.find((choice) => choice.personId === demo.methodologist.personId)!;
    expect(methodologist.label).toContain("Методист");
    expect((await api.request(`/api/districts/${demo.districtId}/methodologist`, as(methodologist.personId))).status).toBe(200);
  });

  it("ни один ответ не раскрыт: анонимные ответы без человека, сессий нет, страницы отдают только сводные цифры", async () => {
    const campaigns = await db.prisma.campaign.findMany({ where: { districtId: demo.districtId, instrument: { key: { in: ["parent_survey", "student_survey"] } } } });
    const anonymous = await db.prisma.response.findMany({ where: { campaignId: { in: campaigns.map((campaign) => campaign.id) } }, select: { personId: true, classCodeId: true } });
    expect(anonymous.length).toBeGreaterThan(100);
    expect(anonymous.every((response) => response.personId === null && response.classCodeId !== null)).toBe(true);
    expect(await db.prisma.anonymousSession.count()).toBe(0);
    // Nothing queued for anyone (the demo's people have no chat).
    expect(await db.prisma.outbox.count()).toBe(0);

    const api = makeTestApi(db, { demo: true });
    const responseIds = (await db.prisma.response.findMany({ where: { campaignId: campaigns[0]!.id }, select: { id: true } })).map((row) => row.id);
    const personIds = demo.teachers.map((teacher) => teacher.personId);
    for (const [path, who] of [
      [`/api/districts/${demo.districtId}/risk-profiles`, demo.districtStaff.personId],
      [`/api/schools/${demo.schools[0]!.id}/risk-profile`, demo.heads[0]!.personId],
      [`/api/campaigns/${campaigns[0]!.id}/rates`, demo.districtStaff.personId],
      [`/api/campaigns/${demo.campaignId}/rates`, demo.districtStaff.personId],
      [`/api/districts/${demo.districtId}/methodologist`, demo.methodologist.personId],
    ] as const) {
      const response = await api.request(path, as(who));
      expect(response.status, path).toBe(200);
      const body = await response.text();
      for (const id of [...responseIds, ...personIds]) expect(body.includes(id), `${path} ${id}`).toBe(false);
    }
  });
});

describe("буферизованное хранилище демо пишет то же, что PrismaSurveyStore", () => {
  it("карта директора (форма), частичная диагностика (чат), анкета родителя по коду класса", async () => {
    const people = await demoPeople(db.prisma, demo.districtId);
    const head = people.get(demo.heads[1]!.personId)!;
    const teacher = people.get(demo.teachers.find((entry) => entry.schoolIds.length === 1)!.personId)!;
    const staff = people.get(demo.districtStaff.personId)!;
    const schoolId = demo.heads[1]!.schoolId;
    const at = new Date(now.getTime() - 3600_000);
    const clock = { now: () => at };
    const campaign = async (instrument: typeof schoolCardV1, roles: string[]) =>
      db.prisma.campaign.create({
        data: {
          districtId: demo.districtId,
          title: `сравнение ${instrument.key}`,
          opensAt: new Date(at.getTime() - 86_400_000),
          closesAt: new Date(at.getTime() + 86_400_000),
          instrumentId: await ensureInstrument(db.prisma, instrument),
          audience: { roles, schoolIds: null },
        },
      });

    const card: Record<string, AnswerValue> = {
      students_total: { kind: "number", value: 300 },
      textbooks_full: { kind: "number", value: 290 },
      internet: { kind: "int", value: 3 },
      building_deficits: { kind: "int", value: 1 },
      building_which: { kind: "ints", values: [1, 5] },
      main_difficulties: { kind: "text", value: "Кабинет 'физики' — без ремонта" },
    };
    async function run(store: SurveyStore, flush: () => Promise<unknown>) {
      const surveys = { ...surveysContext(db.prisma), store };
      const deps = { surveys, clock };
      const cardCampaign = await campaign(schoolCardV1, ["head"]);
      await saveAnswers(deps, cardCampaign.id, { kind: "person", person: head }, card, "app", false);
      await saveAnswers(deps, cardCampaign.id, { kind: "person", person: head }, { internet: { kind: "int", value: 2 } }, "app", false);
      const diagnostic = await campaign(teacherDiagnosticV2, ["teacher"]);
      for (const question of teacherDiagnosticV2.questions.slice(0, 3)) {
        await answerQuestion(deps, diagnostic.id, { kind: "person", person: teacher }, question.id, { kind: "int", value: 3 }, "chat");
      }
      const complete = await campaign(teacherDiagnosticV2, ["teacher"]);
      for (const question of teacherDiagnosticV2.questions) {
        await answerQuestion(deps, complete.id, { kind: "person", person: teacher }, question.id, { kind: "int", value: 2 }, "chat");
      }
      const parents = await campaign(parentSurveyV1, ["parent"]);
      const issued = await issueClassCodes(
        { surveys, repo: new PrismaRepository(db.prisma), clock, randomBytes: (size) => crypto.getRandomValues(new Uint8Array(size)) },
        staff,
        parents.id,
        schoolId,
        [{ label: "5А", count: 2 }],
      );
      const code = await db.prisma.classCode.findFirst({ where: { codeHash: await hashClassCode(issued.classes[0]!.codes[0]!) } });
      const who: SurveyWho = { kind: "code", classCodeId: code!.id, schoolId };
      const answers: Record<string, AnswerValue> = {
        p_interest: { kind: "int", value: 3 },
        p_diary: { kind: "int", value: 2 },
        p_support: { kind: "int", value: 4 },
        p_meetings: { kind: "int", value: 5 },
        p_contact: { kind: "unsure" },
        p_teaching: { kind: "int", value: 3 },
        p_dissatisfied: { kind: "int", value: 1 },
        p_subjects: { kind: "ints", values: [3] },
        p_vpr: { kind: "int", value: 4 },
        p_results: { kind: "int", value: 2 },
      };
      const saved = await saveAnswers(deps, parents.id, who, answers, "web", true);
      expect(saved.view.kind).toBe("complete");
      await flush();
      return [cardCampaign.id, diagnostic.id, complete.id, parents.id];
    }

    const real = await run(new PrismaSurveyStore(db.prisma), async () => undefined);
    const buffered = new BufferedSurveyStore(db.prisma);
    const mine = await run(buffered, () => buffered.flush());

    const rows = async (campaignId: string) => {
      const responses = await db.prisma.response.findMany({
        where: { campaignId },
        include: { answers: { orderBy: { questionId: "asc" } }, schools: true, classCode: true },
      });
      return responses.map((response) => ({
        person: response.personId,
        code: response.classCode ? { used: response.classCode.usedAt?.toISOString() ?? null, label: response.classCode.classLabel } : null,
        source: response.source,
        cursor: response.cursor,
        startedAt: response.startedAt.toISOString(),
        completedAt: response.completedAt?.toISOString() ?? null,
        schools: response.schools.map((row) => row.schoolId).sort(),
        answers: response.answers.map(({ questionId, kind, value, ints, num, text, answeredAt }) => ({ questionId, kind, value, ints, num, text, answeredAt: answeredAt.toISOString() })),
      }));
    };
    for (const [index, campaignId] of real.entries()) {
      const expected = await rows(campaignId);
      expect(expected.length).toBe(1);
      expect(await rows(mine[index]!)).toEqual(expected);
    }
  });
});
