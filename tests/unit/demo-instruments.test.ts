// The demo's #13 answers (prisma/demo-instruments.ts): for every school template and several seeds, the head's
// card, a parent's and a student's answers are valid for their instrument (every answer passes the runner's check,
// only visible questions, complete), the card's figures do not contradict each other (cardProblems), and the
// figures follow the schools (a deprived school's card shows more students at social risk than the gymnasium's).
import { describe, expect, it } from "vitest";
import { DEMO_SCHOOL_TEMPLATES, mulberry32 } from "../../prisma/demo-data.ts";
import { demoCardAnswers, demoCourses, demoParentAnswers, demoStudentAnswers, type DemoRandom, type DemoSchoolInput } from "../../prisma/demo-instruments.ts";
import { parentSurveyV1 } from "../../core/instruments/parent-survey.ts";
import { schoolCardV1 } from "../../core/instruments/school-card.ts";
import { studentSurveyV1 } from "../../core/instruments/student-survey.ts";
import { teacherDiagnosticV2 } from "../../core/instruments/teacher-diagnostic.ts";
import type { Instrument } from "../../core/instruments/schema.ts";
import { cardProblems } from "../../core/risk-profile/sources.ts";
import { checkAnswer, isComplete, visibleQuestions } from "../../core/survey/runner.ts";
import type { AnswerValue } from "../../core/survey/answers.ts";
import { MANAGEMENT_AREA } from "../../core/routes/catalog.ts";

function draw(seed: number): DemoRandom {
  const random = mulberry32(seed);
  return {
    random,
    uniform: (min, max) => min + (max - min) * random(),
    normal: (sd) => sd * Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random()),
  };
}

const schools: DemoSchoolInput[] = DEMO_SCHOOL_TEMPLATES.map((template, index) => ({
  id: `s${index}`,
  name: template.name,
  village: template.village,
  level: template.level,
  teachers: Math.max(5, Math.round(template.size * 1.2)),
  ident: template.ident,
}));

function valid(instrument: Instrument, answers: Record<string, AnswerValue>) {
  const map = new Map(Object.entries(answers));
  for (const [questionId, answer] of map) {
    const check = checkAnswer(instrument, questionId, answer);
    expect(check.ok, `${instrument.key} ${questionId} ${JSON.stringify(answer)}`).toBe(true);
  }
  const visible = new Set(visibleQuestions(instrument, map).map((question) => question.id));
  expect([...map.keys()].filter((questionId) => !visible.has(questionId))).toEqual([]);
  expect(isComplete(instrument, map)).toBe(true);
  return map;
}

const number = (answers: Map<string, AnswerValue>, id: string) => {
  const answer = answers.get(id);
  return answer?.kind === "number" ? answer.value : NaN;
};

describe("демо-район #13: ответы анкет", () => {
  it.each([2026, 1, 7, 42])("seed %i: карта, анкеты родителей и обучающихся проходят проверки инструментов; карта без противоречий", (seed) => {
    const random = draw(seed);
    for (const school of schools) {
      const card = valid(schoolCardV1, demoCardAnswers(school, random));
      expect(cardProblems(card), school.name).toEqual([]);
      expect(number(card, "students_total")).toBeGreaterThan(0);
      for (let index = 0; index < 20; index++) {
        valid(parentSurveyV1, demoParentAnswers(school, random));
        valid(studentSurveyV1, demoStudentAnswers(school, random));
      }
    }
  });

  it("детерминированно: тот же seed — те же ответы, другой seed — другие", () => {
    const answers = (seed: number) => {
      const random = draw(seed);
      return schools.map((school) => [demoCardAnswers(school, random), demoParentAnswers(school, random), demoStudentAnswers(school, random)]);
    };
    expect(answers(2026)).toEqual(answers(2026));
    expect(answers(7)).not.toEqual(answers(2026));
  });

  it("цифры следуют за школой: в депривированной школе больше детей в группах риска, чем в гимназии; дефицит кадров — вакансии", () => {
    const random = draw(2026);
    const byName = (name: string) => schools.find((school) => school.name.includes(name))!;
    const riskShare = (name: string) => {
      const card = new Map(Object.entries(demoCardAnswers(byName(name), random)));
      return number(card, "sp_any_risk") / number(card, "students_total");
    };
    expect(riskShare("Черемшанская")).toBeGreaterThan(riskShare("гимназия") * 1.5);
    const luga = new Map(Object.entries(demoCardAnswers(byName("Луговская"), random)));
    expect(number(luga, "teacher_vacancies")).toBeGreaterThan(0);
    expect(luga.get("internet")).toEqual({ kind: "int", value: 1 });
    const gymnasium = new Map(Object.entries(demoCardAnswers(byName("гимназия"), random)));
    expect(gymnasium.get("internet")).toEqual({ kind: "int", value: 4 });
  });

  it("каталог курсов: 10–15 курсов ИРО (демо) по областям диагностики, каждая область дефицита покрыта", () => {
    const courses = demoCourses(new Date("2026-11-29T09:00:00Z"));
    expect(courses.length).toBeGreaterThanOrEqual(10);
    expect(courses.length).toBeLessThanOrEqual(15);
    expect(new Set(courses.map((course) => course.provider))).toEqual(new Set(["ИРО (демо)"]));
    const areas = new Set(teacherDiagnosticV2.areas.map((area) => area.id));
    for (const course of courses) for (const area of course.areas) expect(areas.has(area) || area === MANAGEMENT_AREA, area).toBe(true);
    for (const area of areas) expect(courses.some((course) => course.areas.includes(area)), area).toBe(true);
    expect(courses.every((course) => course.startsOn! > new Date("2026-11-29") && course.endsOn! > course.startsOn!)).toBe(true);
  });
});
