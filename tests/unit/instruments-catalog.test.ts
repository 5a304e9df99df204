// The built-in instruments of #13 (DOMAIN.md §7): five keys, each a valid versioned instrument in Russian with its
// respondent; the teacher diagnostic's version 2 keeps version 1 whole and stays Likert-only.
import { describe, expect, it } from "vitest";
import { BUILT_IN_INSTRUMENTS, BUILT_IN_KEYS, builtInInstrument } from "../../core/instruments/catalog.ts";
import { parentSurveyV1 } from "../../core/instruments/parent-survey.ts";
import { ANONYMOUS_RESPONDENTS, featuresBeyondLikert, type Question, type Instrument, InstrumentSchema, isRequired, offersUnsure, questionType, respondentOf } from "../../core/instruments/schema.ts";
import { schoolCardV1 } from "../../core/instruments/school-card.ts";
import { studentSurveyV1 } from "../../core/instruments/student-survey.ts";
import { teacherDiagnosticV1, teacherDiagnosticV2 } from "../../core/instruments/teacher-diagnostic.ts";
import { visitReportV1 } from "../../core/instruments/visit-report.ts";
import { branchingWarnings } from "../../core/release/instrument-check.ts";
import { checkQuestionAnswer, isComplete, position, visibleQuestions } from "../../core/survey/runner.ts";
import type { AnswerValue } from "../../core/survey/answers.ts";

const yes: AnswerValue = { kind: "int", value: 1 };
const no: AnswerValue = { kind: "int", value: 0 };
const ids = (questions: Array<{ id: string }>) => questions.map((question) => question.id);

describe("встроенные анкеты #13", () => {
  it("шесть ключей, у каждого — кто отвечает", () => {
    expect(BUILT_IN_KEYS).toEqual(["teacher_deficits", "parent_survey", "student_survey", "school_card", "visit_report", "mentoring_feedback"]);
    const respondents = Object.fromEntries(BUILT_IN_KEYS.map((key) => [key, respondentOf(builtInInstrument(key)!)]));
    expect(respondents).toEqual({
      teacher_deficits: "teacher",
      parent_survey: "parent",
      student_survey: "student",
      school_card: "head",
      visit_report: "mentor",
      mentoring_feedback: "teacher",
    });
    expect(ANONYMOUS_RESPONDENTS).toEqual(expect.arrayContaining([respondentOf(parentSurveyV1), respondentOf(studentSurveyV1)]));
  });

  it("каждая анкета проходит схему и переживает JSON (так она хранится в базе)", () => {
    for (const instrument of BUILT_IN_INSTRUMENTS) {
      const stored = JSON.parse(JSON.stringify(instrument));
      const parsed = InstrumentSchema.safeParse(stored);
      expect(parsed.success, `${instrument.key} v${instrument.version}: ${parsed.error?.message}`).toBe(true);
      expect(parsed.data).toEqual(instrument);
      expect(instrument.status).toBe("draft");
      expect(instrument.title).toMatch(/[А-Яа-яЁё]/);
      expect(instrument.intro).toMatch(/[А-Яа-яЁё]/);
      for (const question of instrument.questions) expect(question.text, `${instrument.key}.${question.id}`).toMatch(/[А-Яа-яЁё]/);
    }
    const pairs = BUILT_IN_INSTRUMENTS.map((instrument) => `${instrument.key}@${instrument.version}`);
    expect(new Set(pairs).size).toBe(pairs.length);
  });

  it("по умолчанию новая кампания берёт первую версию ключа; версию можно назвать", () => {
    expect(builtInInstrument("teacher_deficits")).toBe(teacherDiagnosticV1);
    expect(builtInInstrument("teacher_deficits", 2)).toBe(teacherDiagnosticV2);
    expect(builtInInstrument("school_card")).toBe(schoolCardV1);
    expect(builtInInstrument("school_card", 2)).toBeUndefined();
    expect(builtInInstrument("nothing")).toBeUndefined();
  });

  it("вместе анкеты используют все типы вопросов и все возможности: варианты, шкалу, числа с границами, текст, да/нет, «затрудняюсь», необязательные, подсказки, условия", () => {
    const questions = BUILT_IN_INSTRUMENTS.flatMap((instrument) => instrument.questions);
    expect(new Set(questions.map(questionType))).toEqual(new Set(["likert", "single", "multiple", "yesno", "number", "text"]));
    expect(questions.some(offersUnsure)).toBe(true);
    expect(questions.some((question) => !isRequired(question))).toBe(true);
    expect(questions.some((question) => question.help)).toBe(true);
    expect(questions.some((question) => question.showIf)).toBe(true);
    for (const question of questions) {
      if (question.type === "number") expect(question.min).toBeLessThanOrEqual(question.max);
    }
  });
  it("вступление называет верное число вопросов, заголовок — верную версию; нет области, которую видят не все", () => {
    for (const instrument of BUILT_IN_INSTRUMENTS) {
      const counted = /(\d+)\s+(?:\S+\s+)?вопрос[а-яё]*/i.exec(instrument.intro);
      expect(counted, instrument.key).not.toBeNull();
      expect(Number(counted![1]), `${instrument.key} v${instrument.version}`).toBe(instrument.questions.length);
      expect(instrument.title).toContain(`версия ${instrument.version}`);
      expect(branchingWarnings(instrument, 5), instrument.key).toEqual([]);
    }
  });

  it("каждую анкету можно пройти до конца по шагам опросника — по ветке «да» и по ветке «нет»", () => {
    const answerFor = (instrument: Instrument, question: Question, yesBranch: boolean): AnswerValue => {
      switch (question.type) {
        case "single":
          return { kind: "int", value: question.options[yesBranch ? question.options.length - 1 : 0]!.value };
        case "multiple":
          return { kind: "ints", values: [question.options[0]!.value] };
        case "yesno":
          return yesBranch ? yes : no;
        case "number":
          return { kind: "number", value: question.min };
        case "text":
          return { kind: "text", value: "Ответ" };
        default:
          return { kind: "int", value: instrument.scale[0]!.value };
      }
    };
    for (const instrument of BUILT_IN_INSTRUMENTS) {
      for (const yesBranch of [true, false]) {
        const answers = new Map<string, AnswerValue>();
        for (let step = 0; step <= instrument.questions.length; step += 1) {
          const at = position(instrument, answers);
          if (at.kind === "complete") break;
          const checked = checkQuestionAnswer(instrument, at.question, answerFor(instrument, at.question, yesBranch));
          expect(checked.ok, `${instrument.key}.${at.question.id}`).toBe(true);
          if (checked.ok) answers.set(at.question.id, checked.value);
        }
        expect(isComplete(instrument, answers), `${instrument.key} v${instrument.version}, ветка ${yesBranch ? "да" : "нет"}`).toBe(true);
      }
    }
  });

  it("варианты ответа — не длиннее 40 знаков: в чате это кнопки, длинная подпись обрезается на телефоне", () => {
    for (const instrument of BUILT_IN_INSTRUMENTS) {
      for (const question of instrument.questions) {
        if (question.type !== "single" && question.type !== "multiple") continue;
        for (const option of question.options) expect(option.label.length, `${instrument.key}.${question.id}: ${option.label}`).toBeLessThanOrEqual(40);
      }
    }
  });
});

describe("диагностика педагога, версия 2", () => {
  it("версия 1 не изменилась, версия 2 содержит её вопросы целиком", () => {
    expect(teacherDiagnosticV1.version).toBe(1);
    expect(teacherDiagnosticV1.questions).toHaveLength(24);
    expect(teacherDiagnosticV2.version).toBe(2);
    expect(teacherDiagnosticV2.key).toBe(teacherDiagnosticV1.key);
    for (const question of teacherDiagnosticV1.questions) {
      expect(teacherDiagnosticV2.questions.find((q) => q.id === question.id)).toEqual(question);
    }
    for (const area of teacherDiagnosticV1.areas) expect(teacherDiagnosticV2.areas).toContainEqual(area);
    expect(teacherDiagnosticV2.questions.length).toBe(33);
    expect(teacherDiagnosticV2.intro).toContain(`${teacherDiagnosticV2.questions.length} коротких вопросов`);
  });

  it("только обязательные вопросы по шкале: чат-диагностика и профиль дефицитов их понимают", () => {
    expect(featuresBeyondLikert(teacherDiagnosticV2)).toEqual([]);
    expect(teacherDiagnosticV2.respondent).toBeUndefined();
  });

  it("все области DOMAIN §7: ФГОС, ВПР, функциональная грамотность, риск неуспешности, ОВЗ, билингвы, результаты оценки, технологии, уверенность и выгорание", () => {
    expect(ids(teacherDiagnosticV2.areas)).toEqual([
      "fgos",
      "assessment",
      "literacy",
      "at_risk",
      "disabilities",
      "bilingual",
      "data_use",
      "technology",
      "wellbeing",
      "classroom",
    ]);
    const burnout = teacherDiagnosticV2.questions.filter((question) => question.areaId === "wellbeing" && question.reverse);
    expect(burnout.length).toBeGreaterThanOrEqual(2);
  });
});

describe("анкеты родителей и обучающихся", () => {
  it("анонимные: вступление говорит об этом; свободный текст необязателен и просит не писать имён", () => {
    for (const instrument of [parentSurveyV1, studentSurveyV1]) {
      expect(instrument.intro).toMatch(/анонимн/);
      for (const question of instrument.questions.filter((q) => q.type === "text")) {
        expect(isRequired(question)).toBe(false);
        expect(question.help).toMatch(/имён/);
      }
    }
  });

  it("родители: уточнение о предметах появляется только после «Да»", () => {
    const shown = (answer: AnswerValue | undefined) => ids(visibleQuestions(parentSurveyV1, new Map(answer ? [["p_dissatisfied", answer]] : [])));
    expect(shown(undefined)).not.toContain("p_subjects");
    expect(shown(no)).not.toContain("p_subjects");
    expect(shown({ kind: "unsure" })).not.toContain("p_subjects");
    expect(shown(yes)).toEqual(expect.arrayContaining(["p_subjects", "p_why"]));
  });

  it("обучающиеся: мотивация, травля, справедливость, дисциплина", () => {
    expect(ids(studentSurveyV1.areas)).toEqual(expect.arrayContaining(["motivation", "safety", "fairness", "discipline"]));
  });
});

describe("карта самоанализа школы", () => {
  it("заполняет руководитель; социальный паспорт — только числа, без имён", () => {
    expect(schoolCardV1.respondent).toBe("head");
    const social = schoolCardV1.questions.filter((question) => question.areaId === "social");
    expect(social.length).toBeGreaterThanOrEqual(8);
    for (const question of social) {
      expect(question.type, question.id).toBe("number");
      if (question.type === "number") {
        expect(question.integer).toBe(true);
        expect(question.min).toBe(0);
      }
    }
    for (const question of schoolCardV1.questions.filter((q) => q.type === "text")) expect(question.help).toMatch(/имён/);
    expect(schoolCardV1.intro).toContain(`${schoolCardV1.questions.length} вопросов`);
  });

  it("вопросы о языке — только если такие обучающиеся есть; детали дефицитов зданий — только после «Да»", () => {
    const shown = (answers: Array<[string, AnswerValue]>) => ids(visibleQuestions(schoolCardV1, new Map(answers)));
    expect(shown([["language_any", no]])).not.toContain("lang_either");
    expect(shown([["language_any", yes]])).toEqual(expect.arrayContaining(["lang_either", "lang_not_everyday", "lang_support"]));
    expect(shown([["building_deficits", no]])).not.toContain("building_which");
    expect(shown([["building_deficits", yes]])).toContain("building_which");
    expect(shown([["programme_status", { kind: "int", value: 3 }]])).toContain("programme_on_plan");
    expect(shown([["programme_status", { kind: "int", value: 1 }]])).not.toContain("programme_on_plan");
  });
});

describe("отчёт о визите наставника", () => {
  it("дата, школа, формат, участники, темы, проблемы, рекомендации, следующие шаги", () => {
    expect(visitReportV1.respondent).toBe("mentor");
    const byId = new Map(visitReportV1.questions.map((question) => [question.id, question]));
    expect(byId.get("v_date")?.type).toBe("text");
    expect(byId.get("v_school")?.type).toBe("text");
    const format = byId.get("v_format");
    expect(format?.type === "single" && format.options.map((option) => option.label)).toEqual(["Очно, в школе", "Дистанционно, по видеосвязи", "Смешанный"]);
    expect(byId.get("v_participants")?.type).toBe("multiple");
    expect(byId.get("v_topics")?.type).toBe("multiple");
    for (const id of ["v_problems", "v_recommendations", "v_next_steps"]) {
      expect(byId.get(id)?.type).toBe("text");
      expect(isRequired(byId.get(id)!)).toBe(true);
    }
  });
});
