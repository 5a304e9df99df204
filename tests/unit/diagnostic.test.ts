import { describe, expect, it } from "vitest";
import { InstrumentSchema, type Instrument } from "../../core/instruments/schema.ts";
import { teacherDiagnosticV1 } from "../../core/instruments/teacher-diagnostic.ts";
import { position, previousQuestionId, answerProblem, visibleQuestions } from "../../core/survey/runner.ts";
import { deficitProfile } from "../../core/diagnostic/profile.ts";
import { DEFAULT_METHODOLOGY } from "../../core/methodology/settings.ts";

const all = (value: number) => new Map(teacherDiagnosticV1.questions.map((question) => [question.id, value]));

describe("инструмент диагностики", () => {
  it("не меньше 20 вопросов по не меньше чем 5 областям DOMAIN.md §7 и помечен как черновик", () => {
    expect(teacherDiagnosticV1.questions.length).toBeGreaterThanOrEqual(20);
    expect(new Set(teacherDiagnosticV1.questions.map((question) => question.areaId)).size).toBeGreaterThanOrEqual(5);
    expect(teacherDiagnosticV1.status).toBe("draft");
    expect(teacherDiagnosticV1.title).toMatch(/черновик, версия 1/);
  });

  it("схема отклоняет вопрос без области, повтор id и условие на вопрос ниже", () => {
    const broken = {
      ...teacherDiagnosticV1,
      questions: [
        { id: "q1", areaId: "nope", text: "?" },
        { id: "q1", areaId: "fgos", text: "?", showIf: { questionId: "q9", values: [1] } },
      ],
    };
    const result = InstrumentSchema.safeParse(broken);
    expect(result.success).toBe(false);
    const messages = result.error!.issues.map((issue) => issue.message).join("; ");
    expect(messages).toContain("нет области nope");
    expect(messages).toContain("вопрос q1 повторяется");
    expect(messages).toContain("которого нет выше");
  });
});

describe("движок анкеты", () => {
  const instrument = teacherDiagnosticV1;

  it("начинает с первого вопроса и считает «Вопрос k из n»", () => {
    const at = position(instrument, new Map());
    expect(at).toMatchObject({ kind: "question", number: 1, total: 24, canGoBack: false });
  });

  it("после ответов продолжает с первого неотвеченного, а курсор «назад» возвращает к предыдущему", () => {
    const answers = new Map([
      ["fgos_1", 3],
      ["fgos_2", 2],
    ]);
    expect(position(instrument, answers)).toMatchObject({ number: 3, answered: 2 });
    const back = previousQuestionId(instrument, answers, "fgos_3");
    expect(back).toBe("fgos_2");
    expect(position(instrument, answers, back)).toMatchObject({ number: 2, current: 2, canGoBack: true });
    expect(previousQuestionId(instrument, answers, "fgos_1")).toBeNull();
  });

  it("завершает анкету, когда отвечены все видимые вопросы", () => {
    expect(position(instrument, all(4))).toEqual({ kind: "complete", total: 24, answered: 24 });
  });

  it("ветвление: вопрос с условием виден только при нужном ответе", () => {
    const branching: Instrument = InstrumentSchema.parse({
      ...instrument,
      questions: [
        { id: "has_ovz", areaId: "disabilities", text: "Есть ли в ваших классах дети с ОВЗ?" },
        { id: "ovz_detail", areaId: "disabilities", text: "Я адаптирую задания", showIf: { questionId: "has_ovz", values: [3, 4] } },
        ...instrument.questions.filter((question) => question.areaId !== "disabilities"),
      ],
    });
    expect(visibleQuestions(branching, new Map([["has_ovz", 1]])).map((q) => q.id)).not.toContain("ovz_detail");
    expect(position(branching, new Map([["has_ovz", 4]]))).toMatchObject({ question: { id: "ovz_detail" }, number: 2 });
    expect(position(branching, new Map([["has_ovz", 1]]))).toMatchObject({ number: 2, total: instrument.questions.length - 1 });
  });

  it("проверяет ответ по шкале", () => {
    expect(answerProblem(instrument, "fgos_1", 4)).toBeNull();
    expect(answerProblem(instrument, "fgos_1", 7)).toMatch(/scale/);
    expect(answerProblem(instrument, "nope", 1)).toMatch(/unknown/);
  });
});

describe("профиль дефицитов", () => {
  it("«Да» на всё — нет дефицитов, кроме выгорания (обратный вопрос)", () => {
    const profile = deficitProfile(teacherDiagnosticV1, all(4), DEFAULT_METHODOLOGY);
    const wellbeing = profile.areas.find((area) => area.areaId === "wellbeing")!;
    expect(wellbeing.deficit).toBe(50);
    expect(profile.areas[0]!.areaId).toBe("wellbeing");
    expect(profile.areas.filter((area) => area.areaId !== "wellbeing").every((area) => area.deficit === 0)).toBe(true);
  });

  it("ранжирует области от наибольшего дефицита и даёт пояснение", () => {
    const answers = all(4);
    for (const id of ["bil_1", "bil_2"]) answers.set(id, 1);
    answers.set("assess_1", 2);
    const profile = deficitProfile(teacherDiagnosticV1, answers, DEFAULT_METHODOLOGY);
    expect(profile.areas[0]).toMatchObject({ areaId: "bilingual", deficit: 100, level: "pronounced" });
    expect(profile.areas[0]!.advice).toMatch(/неродному/);
    const assessment = profile.areas.find((area) => area.areaId === "assessment")!;
    expect(assessment).toMatchObject({ deficit: 22.2, level: "none" });
  });
});
