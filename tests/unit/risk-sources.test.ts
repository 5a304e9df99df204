// The mapping of the 31 risk-profile parameters onto the built-in instruments' questions (core/risk-profile/sources.ts)
// and the values computed from hand-made answers.
import { describe, expect, it } from "vitest";
import { BUILT_IN_INSTRUMENTS } from "../../core/instruments/catalog.ts";
import { questionType, type Instrument, type QuestionType } from "../../core/instruments/schema.ts";
import { teacherDiagnosticV1, teacherDiagnosticV2 } from "../../core/instruments/teacher-diagnostic.ts";
import { RISK_PARAMETERS, SOURCE_KEYS, riskParameter, type RiskSourceKey } from "../../core/risk-profile/catalog.ts";
import { riskProfile } from "../../core/risk-profile/profile.ts";
import { DEFAULT_RISK_SETTINGS } from "../../core/risk-profile/settings.ts";
import { cardProblems, RISK_INSTRUMENT_KEYS, RISK_SOURCES, riskInputFromResponses, type Answers } from "../../core/risk-profile/sources.ts";
import type { AnswerValue } from "../../core/survey/answers.ts";

const int = (value: number): AnswerValue => ({ kind: "int", value });
const num = (value: number): AnswerValue => ({ kind: "number", value });
const YES = int(1);
const NO = int(0);
const UNSURE: AnswerValue = { kind: "unsure" };
const answers = (entries: Record<string, AnswerValue | number>): Answers =>
  new Map(Object.entries(entries).map(([id, value]) => [id, typeof value === "number" ? int(value) : value]));
const none = { card: null, teacher: [], student: [], parent: [] };

/** The newest built-in version of each key: the questions the mapping names must exist there. */
const newest = (key: string): Instrument =>
  BUILT_IN_INSTRUMENTS.filter((instrument) => instrument.key === key).sort((a, b) => b.version - a.version)[0]!;

/** What type each mapped question must have, written out independently of the mapping. */
const EXPECTED_TYPES: Record<RiskSourceKey, QuestionType[]> = {
  "card.learningMaterials": ["number", "number"],
  "card.computersPer100": ["number", "number"],
  "card.internetQuality": ["single"],
  "card.buildingDeficits": ["yesno"],
  "card.classroomsNeedRepair": ["number", "number"],
  "card.teacherVacancies": ["number", "number"],
  "card.supportSpecialistsMissing": ["yesno", "yesno", "yesno"],
  "card.supportStaffVacancies": ["number", "number"],
  "teacher.pronouncedDeficit": Array(teacherDiagnosticV2.questions.filter((q) => !["wellbeing", "classroom"].includes(q.areaId)).length).fill("likert"),
  "teacher.experienceExchange": ["likert"],
  "teacher.modernTechnologies": ["likert", "likert", "likert"],
  "parent.teachingDissatisfaction": ["yesno"],
  "teacher.confidence": ["likert"],
  "card.disabilitiesShare": ["number", "number"],
  "teacher.disabilitiesUnsure": ["likert", "likert", "likert"],
  "card.russianNotNativeOrEveryday": ["yesno", "number", "number"],
  "card.russianNotEveryday": ["yesno", "number", "number"],
  "card.russianSupportCoverage": ["yesno", "number", "number"],
  "teacher.studentMotivation": ["likert"],
  "student.motivation": ["likert", "likert", "likert", "likert"],
  "student.individualApproach": ["single"],
  "student.bullying": ["single"],
  "teacher.staffRelations": ["likert"],
  "student.unfairTreatment": ["single"],
  "student.disciplineViolations": ["single"],
  "teacher.disciplineLevel": ["likert"],
  "card.lowSocialWellbeing": ["number", "number"],
  "teacher.extraClassesRecommended": ["likert"],
  "parent.schoolInterest": ["single"],
  "parent.studySupport": ["single"],
  "parent.meetingAttendance": ["single"],
};

describe("источники параметров рискового профиля", () => {
  it("каждый из 31 параметра взят из своей анкеты, из существующих вопросов нужного типа", () => {
    expect(Object.keys(RISK_SOURCES).sort()).toEqual([...SOURCE_KEYS].sort());
    for (const parameter of RISK_PARAMETERS) {
      const source = RISK_SOURCES[parameter.key];
      expect(source.instrumentKey, parameter.key).toBe(RISK_INSTRUMENT_KEYS[parameter.source]);
      const instrument = newest(source.instrumentKey);
      const types = source.questionIds.map((id) => {
        const question = instrument.questions.find((q) => q.id === id);
        expect(question, `${parameter.key}: вопрос ${id} в ${instrument.key} v${instrument.version}`).toBeDefined();
        return questionType(question!);
      });
      expect(types, parameter.key).toEqual(EXPECTED_TYPES[parameter.key]);
      expect(source.how, parameter.key).toMatch(/^[А-Яа-яЁё].{30,}/);
    }
  });

  it("вопросы, из которых считается профиль, обязательны: пропущенный оставил бы параметр без данных", () => {
    for (const key of SOURCE_KEYS) {
      const instrument = newest(RISK_SOURCES[key].instrumentKey);
      for (const id of RISK_SOURCES[key].questionIds) {
        const question = instrument.questions.find((q) => q.id === id)!;
        expect(question.required, `${key}: ${id}`).not.toBe(false);
      }
    }
  });

  it("варианты, которые считаются, — те, что названы: травля и несправедливость «несколько раз» и «часто», собрания — «на всех или почти на всех»", () => {
    const labels = (key: string, id: string, values: number[]) => {
      const question = newest(key).questions.find((q) => q.id === id)!;
      return question.type === "single" ? question.options.filter((option) => values.includes(option.value)).map((option) => option.label) : [];
    };
    expect(labels("student_survey", "s_bullying", [3, 4])).toEqual(["Несколько раз", "Часто, почти каждую неделю"]);
    expect(labels("student_survey", "s_unfair", [3, 4])).toEqual(["Несколько раз", "Часто, почти каждую неделю"]);
    expect(labels("parent_survey", "p_meetings", [4])).toEqual(["На всех или почти на всех"]);
    expect(labels("parent_survey", "p_meetings", [5])).toEqual(["Собраний в этом году ещё не было"]);
    expect(labels("school_card", "internet", [1, 4])).toEqual(["Нет или постоянно прерывается", "Стабильный, хватает для онлайн-уроков"]);
  });
});

const fullCard = answers({
  students_total: num(400),
  textbooks_full: num(380),
  computers: num(20),
  internet: 2,
  building_deficits: YES,
  building_which: { kind: "ints", values: [1] },
  classrooms_total: num(30),
  classrooms_repair: num(9),
  teacher_positions: num(40),
  teacher_vacancies: num(2.5),
  has_psychologist: YES,
  has_speech_therapist: NO,
  has_social_pedagogue: NO,
  support_positions: num(20),
  support_vacancies: num(1),
  students_ovz: num(28),
  language_any: YES,
  lang_either: num(60),
  lang_not_everyday: num(20),
  lang_support: num(15),
  sp_low_income: num(50),
  sp_unemployed: num(30),
  sp_any_risk: num(100),
});

describe("карта самоанализа → параметры", () => {
  it("доли, на 100 обучающихся, да/нет и вариант 1–4 из чисел карты", () => {
    const { values, respondents } = riskInputFromResponses({ ...none, card: fullCard });
    expect(respondents).toEqual({ card: 1, teacher: 0, student: 0, parent: 0 });
    expect(values["card.learningMaterials"]).toBeCloseTo(0.95);
    expect(values["card.computersPer100"]).toBeCloseTo(5);
    expect(values["card.internetQuality"]).toBe(2);
    expect(values["card.buildingDeficits"]).toBe(true);
    expect(values["card.classroomsNeedRepair"]).toBeCloseTo(0.3);
    expect(values["card.teacherVacancies"]).toBeCloseTo(0.0625);
    expect(values["card.supportSpecialistsMissing"]).toBeCloseTo(2 / 3);
    expect(values["card.supportStaffVacancies"]).toBeCloseTo(0.05);
    expect(values["card.disabilitiesShare"]).toBeCloseTo(0.07);
    expect(values["card.russianNotNativeOrEveryday"]).toBeCloseTo(0.15);
    expect(values["card.russianNotEveryday"]).toBeCloseTo(0.05);
    expect(values["card.russianSupportCoverage"]).toBeCloseTo(0.25);
    expect(values["card.lowSocialWellbeing"]).toBeCloseTo(0.25);
    expect(cardProblems(fullCard)).toEqual([]);
    // Questionnaire parameters without questionnaires have no value.
    expect(values["teacher.confidence"]).toBeNull();
    expect(values["student.bullying"]).toBeNull();
  });

  it("«нет таких обучающихся» по языку: доли 0, охват занятиями — нет данных; без дефицитов зданий — «нет»", () => {
    const card = new Map(fullCard);
    card.set("language_any", NO);
    card.delete("lang_either");
    card.delete("lang_not_everyday");
    card.delete("lang_support");
    card.set("building_deficits", NO);
    const { values } = riskInputFromResponses({ ...none, card });
    expect(values["card.russianNotNativeOrEveryday"]).toBe(0);
    expect(values["card.russianNotEveryday"]).toBe(0);
    expect(values["card.russianSupportCoverage"]).toBeNull();
    expect(values["card.buildingDeficits"]).toBe(false);
  });

  it("противоречивые числа не дают значения и названы по-русски", () => {
    const card = new Map(fullCard);
    card.set("textbooks_full", num(401));
    card.set("teacher_vacancies", num(41));
    card.set("lang_not_everyday", num(61));
    card.set("sp_any_risk", num(40));
    card.set("computers", num(5000));
    const { values } = riskInputFromResponses({ ...none, card });
    expect(values["card.learningMaterials"]).toBeNull();
    expect(values["card.teacherVacancies"]).toBeNull();
    expect(values["card.russianNotEveryday"]).toBeNull();
    expect(values["card.lowSocialWellbeing"]).toBeNull();
    expect(values["card.computersPer100"]).toBeNull();
    const problems = cardProblems(card);
    expect(problems.map((problem) => problem.questionIds[0])).toEqual(
      expect.arrayContaining(["textbooks_full", "teacher_vacancies", "lang_not_everyday", "sp_any_risk", "computers"]),
    );
    expect(problems.find((problem) => problem.questionIds[0] === "textbooks_full")!.message).toBe(
      "«обеспеченные учебниками» (401) больше, чем «все обучающиеся» (400).",
    );
    expect(problems.find((problem) => problem.questionIds[1] === "sp_low_income")!.message).toContain("малоимущие семьи");
    // The profile accepts whatever the mapping gives.
    expect(() => riskProfile(riskInputFromResponses({ ...none, card }), DEFAULT_RISK_SETTINGS)).not.toThrow();
  });

  it("без ответа на вопрос о специалисте доля отсутствующих неизвестна", () => {
    const card = new Map(fullCard);
    card.delete("has_psychologist");
    expect(riskInputFromResponses({ ...none, card }).values["card.supportSpecialistsMissing"]).toBeNull();
  });
});

/** A teacher answering every version 2 question with `base`, with some answers overridden. */
const teacherAnswers = (base: number, overrides: Record<string, number> = {}, instrument = teacherDiagnosticV2): Answers =>
  answers({ ...Object.fromEntries(instrument.questions.map((q) => [q.id, base])), ...overrides });

describe("диагностика педагога → параметры", () => {
  const teachers = [
    // Pronounced deficit: every competence answered 1 (deficit 100).
    teacherAnswers(1, { well_1: 1, well_5: 2, class_1: 2, class_2: 1, class_4: 4, ovz_3: 1, tech_3: 1 }),
    // Only the wellbeing area low: no competence deficit.
    teacherAnswers(4, { well_1: 1, well_2: 4, well_3: 4, well_4: 1, well_5: 1, class_1: 3, class_2: 2, class_4: 3, ovz_3: 2, tech_3: 3 }),
    teacherAnswers(4, { well_1: 4, well_5: 4, class_1: 4, class_2: 4, class_4: 1, ovz_3: 4, tech_3: 4 }),
    // One competence area (bilingual) at deficit 50 exactly: pronounced at the default threshold 50.
    teacherAnswers(4, { bil_1: 2, bil_2: 3, well_1: 3, well_5: 3, class_1: 3, class_2: 3, class_4: 2, ovz_3: 3, tech_3: 2 }),
    teacherAnswers(3, { well_1: 3, well_5: 4, class_1: 2, class_2: 3, class_4: 1, ovz_3: 4, tech_3: 4 }),
  ];

  it("доли и средние по пяти учителям", () => {
    const { values, respondents } = riskInputFromResponses({ ...none, teacher: teachers });
    expect(respondents.teacher).toBe(5);
    expect(values["teacher.pronouncedDeficit"]).toBeCloseTo(2 / 5);
    expect(values["teacher.experienceExchange"]).toBeCloseTo(3 / 5);
    expect(values["teacher.confidence"]).toBeCloseTo((1 + 1 + 4 + 3 + 3) / 5);
    expect(values["teacher.staffRelations"]).toBeCloseTo((2 + 1 + 4 + 3 + 4) / 5);
    expect(values["teacher.studentMotivation"]).toBeCloseTo((2 + 3 + 4 + 3 + 2) / 5);
    expect(values["teacher.disciplineLevel"]).toBeCloseTo((1 + 2 + 4 + 3 + 3) / 5);
    expect(values["teacher.extraClassesRecommended"]).toBeCloseTo(2 / 5);
    expect(values["teacher.disabilitiesUnsure"]).toBeCloseTo(2 / 5);
    // tech_1, tech_2, tech_4 per teacher: 1, 4, 4, 4, 3.
    expect(values["teacher.modernTechnologies"]).toBeCloseTo((1 + 4 + 4 + 4 + 3) / 5);
  });

  it("порог выраженного дефицита — из методики района", () => {
    const strict = riskInputFromResponses({ ...none, teacher: teachers }, { pronouncedDeficit: 60 });
    expect(strict.values["teacher.pronouncedDeficit"]).toBeCloseTo(1 / 5);
  });

  it("ответы на версию 1: параметры версии 2 без данных, неуверенность с ОВЗ — по двум вопросам об ОВЗ", () => {
    const v1 = [1, 2, 2, 3, 4].map((value) => teacherAnswers(value, {}, teacherDiagnosticV1));
    const { values } = riskInputFromResponses({ ...none, teacher: v1 });
    expect(values["teacher.studentMotivation"]).toBeNull();
    expect(values["teacher.staffRelations"]).toBeNull();
    expect(values["teacher.disciplineLevel"]).toBeNull();
    expect(values["teacher.extraClassesRecommended"]).toBeNull();
    expect(values["teacher.disabilitiesUnsure"]).toBeCloseTo(3 / 5);
    expect(values["teacher.confidence"]).toBeCloseTo(12 / 5);
    expect(values["teacher.modernTechnologies"]).toBeCloseTo(12 / 5);
  });

  it("меньше минимума ответивших — значения нет; минимум района можно передать", () => {
    const four = teachers.slice(0, 4);
    const { values, respondents } = riskInputFromResponses({ ...none, teacher: four });
    expect(respondents.teacher).toBe(4);
    for (const parameter of RISK_PARAMETERS.filter((p) => p.source === "teacher")) expect(values[parameter.key], parameter.key).toBeNull();
    const lower = riskInputFromResponses({ ...none, teacher: four }, { minRespondents: 3 });
    expect(lower.values["teacher.confidence"]).toBeCloseTo((1 + 1 + 4 + 3) / 4);
  });
});

const studentAnswers = (mot: [number, number, number, number], individual: AnswerValue | number, bullying: AnswerValue | number, unfair: AnswerValue | number, noise: AnswerValue | number) =>
  answers({
    s_mot_interest: mot[0],
    s_mot_effort: mot[1],
    s_mot_future: mot[2],
    s_mot_forced: mot[3],
    s_individual: individual,
    s_bullying: bullying,
    s_unfair: unfair,
    s_noise: noise,
    s_comment: { kind: "text", value: "Больше кружков" },
  });

describe("анкета обучающихся → параметры", () => {
  it("мотивация с перевёрнутым утверждением; «затрудняюсь» не в знаменателе", () => {
    const students = [
      studentAnswers([4, 4, 4, 1], 4, 1, 1, 1), // motivation 4
      studentAnswers([1, 1, 1, 4], 1, 4, 3, 4), // motivation 1
      studentAnswers([3, 3, 2, 2], 3, 3, UNSURE, 2), // (3+3+2+3)/4 = 2.75
      studentAnswers([2, 2, 2, 3], UNSURE, 2, 4, 3), // (2+2+2+2)/4 = 2
      studentAnswers([3, 4, 3, 2], 2, UNSURE, 2, 2), // (3+4+3+3)/4 = 3.25
      studentAnswers([4, 3, 4, 1], 3, 1, 1, 1), // (4+3+4+4)/4 = 3.75
    ];
    const { values, respondents } = riskInputFromResponses({ ...none, student: students });
    expect(respondents.student).toBe(6);
    expect(values["student.motivation"]).toBeCloseTo((4 + 1 + 2.75 + 2 + 3.25 + 3.75) / 6);
    expect(values["student.individualApproach"]).toBeCloseTo((4 + 1 + 3 + 2 + 3) / 5);
    expect(values["student.bullying"]).toBeCloseTo(2 / 5);
    expect(values["student.unfairTreatment"]).toBeCloseTo(2 / 5);
    expect(values["student.disciplineViolations"]).toBeCloseTo((1 + 4 + 2 + 3 + 2 + 1) / 6);
  });

  it("вопрос, на который ответили меньше минимума (остальные «затрудняюсь»), значения не даёт", () => {
    const students = [1, 2, 3, 4, 1].map((value, index) => studentAnswers([value, value, value, value], value, index < 4 ? UNSURE : 4, value, value));
    const { values } = riskInputFromResponses({ ...none, student: students });
    expect(values["student.bullying"]).toBeNull();
    expect(values["student.unfairTreatment"]).not.toBeNull();
  });
});

describe("анкета родителей → параметры", () => {
  it("недовольство, интерес, поддержка, собрания (без «собраний не было»)", () => {
    const parents = [
      answers({ p_interest: 4, p_support: 4, p_meetings: 4, p_dissatisfied: NO }),
      answers({ p_interest: 1, p_support: 2, p_meetings: 1, p_dissatisfied: YES, p_subjects: { kind: "ints", values: [3] } }),
      answers({ p_interest: 3, p_support: 3, p_meetings: 5, p_dissatisfied: UNSURE }),
      answers({ p_interest: 2, p_support: 1, p_meetings: 2, p_dissatisfied: NO }),
      answers({ p_interest: 4, p_support: 4, p_meetings: 4, p_dissatisfied: YES }),
      answers({ p_interest: 3, p_support: 3, p_meetings: 3, p_dissatisfied: NO }),
    ];
    const { values } = riskInputFromResponses({ ...none, parent: parents });
    expect(values["parent.teachingDissatisfaction"]).toBeCloseTo(2 / 5);
    expect(values["parent.schoolInterest"]).toBeCloseTo(17 / 6);
    expect(values["parent.studySupport"]).toBeCloseTo(17 / 6);
    expect(values["parent.meetingAttendance"]).toBeCloseTo(2 / 5);
  });
});

describe("вместе: профиль из полного набора ответов", () => {
  it("все 31 параметр получают значение и проходят проверку профиля", () => {
    const teachers = [1, 2, 3, 4, 2].map((value) => teacherAnswers(value));
    const students = [1, 2, 3, 4, 2].map((v) => studentAnswers([v, v, v, v], v, v, v, v));
    const parents = [1, 2, 3, 4, 4].map((v) => answers({ p_interest: v, p_support: v, p_meetings: v, p_dissatisfied: v % 2 ? YES : NO }));
    const input = riskInputFromResponses({ card: fullCard, teacher: teachers, student: students, parent: parents });
    const missing = SOURCE_KEYS.filter((key) => input.values[key] === null || input.values[key] === undefined);
    expect(missing).toEqual([]);
    for (const key of SOURCE_KEYS) {
      const value = input.values[key];
      if (riskParameter(key).kind === "flag") expect(typeof value, key).toBe("boolean");
      else expect(typeof value, key).toBe("number");
    }
    const profile = riskProfile(input, DEFAULT_RISK_SETTINGS);
    expect(profile.factors.every((factor) => factor.risk !== "no_data")).toBe(true);
  });
});
