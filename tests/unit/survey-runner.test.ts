import { describe, expect, it } from "vitest";
import { InstrumentSchema, NO, YES, type Instrument } from "../../core/instruments/schema.ts";
import { teacherDiagnosticV1 } from "../../core/instruments/teacher-diagnostic.ts";
import { deficitProfile } from "../../core/diagnostic/profile.ts";
import { DEFAULT_METHODOLOGY } from "../../core/methodology/settings.ts";
import { fromLegacyAnswers, fromStoredAnswer, toStoredAnswer, type AnswerValue } from "../../core/survey/answers.ts";
import {
  answerButtons,
  answerHint,
  answerProblem,
  checkAnswer,
  checkTypedAnswer,
  effectiveAnswers,
  isComplete,
  nextQuestion,
  parseNumber,
  position,
  previousQuestionId,
  visibleQuestions,
} from "../../core/survey/runner.ts";
import { likertScores, meanOfAnswers } from "../../core/survey/scoring.ts";

const options = [
  { value: 1, label: "Город" },
  { value: 2, label: "Село" },
  { value: 3, label: "Посёлок" },
];

/** A school survey with every question type and a condition on each choice kind. */
const survey: Instrument = InstrumentSchema.parse({
  key: "school_survey",
  version: 1,
  title: "Опрос школы",
  status: "draft",
  intro: "Вступление",
  scale: [
    { value: 1, label: "Нет" },
    { value: 2, label: "Скорее нет" },
    { value: 3, label: "Скорее да" },
    { value: 4, label: "Да" },
  ],
  areas: [{ id: "main", title: "Основное", advice: "Совет" }],
  questions: [
    { id: "place", areaId: "main", text: "Где школа?", type: "single", options, unsure: true },
    { id: "bus", areaId: "main", text: "Есть ли школьный автобус?", type: "yesno", unsure: true, showIf: { questionId: "place", values: [2, 3] } },
    { id: "bus_km", areaId: "main", text: "Длина маршрута", type: "number", integer: false, min: 0.5, max: 120, unit: "км", showIf: { questionId: "bus", yes: true } },
    {
      id: "needs",
      areaId: "main",
      text: "Чего не хватает?",
      type: "multiple",
      options: [
        { value: 1, label: "Кадров" },
        { value: 2, label: "Оборудования" },
        { value: 3, label: "Помещений" },
        { value: 4, label: "Транспорта" },
      ],
      maxPicks: 2,
    },
    { id: "staff", areaId: "main", text: "Сколько вакансий?", type: "number", min: 0, max: 50, showIf: { questionId: "needs", values: [1] }, required: false },
    { id: "climate", areaId: "main", text: "В коллективе спокойная атмосфера", unsure: true, help: "Оцените последние полгода" },
    { id: "climate_why", areaId: "main", text: "Что мешает?", type: "text", maxLength: 20, required: false, showIf: { questionId: "climate", values: [1, 2] } },
    { id: "comment", areaId: "main", text: "Комментарий", type: "text", maxLength: 100, required: false },
  ],
});

const int = (value: number): AnswerValue => ({ kind: "int", value });
const ints = (...values: number[]): AnswerValue => ({ kind: "ints", values });
const num = (value: number): AnswerValue => ({ kind: "number", value });
const text = (value: string): AnswerValue => ({ kind: "text", value });
const UNSURE: AnswerValue = { kind: "unsure" };
const SKIPPED: AnswerValue = { kind: "skipped" };
const answers = (entries: Record<string, AnswerValue>) => new Map(Object.entries(entries));
const ids = (map: Map<string, AnswerValue>) => visibleQuestions(survey, map).map((question) => question.id);

describe("проверка ответа по типу вопроса", () => {
  const ok = (questionId: string, value: AnswerValue) => checkAnswer(survey, questionId, value);
  const bad = (questionId: string, value: AnswerValue) => {
    const result = checkAnswer(survey, questionId, value);
    if (result.ok) throw new Error(`accepted ${JSON.stringify(value)} for ${questionId}`);
    return result;
  };

  it("одиночный выбор: вариант из списка; чужое значение и не тот вид ответа — нет", () => {
    expect(ok("place", int(2))).toEqual({ ok: true, value: int(2) });
    expect(bad("place", int(4))).toMatchObject({ code: "not_an_option", message: "Такого варианта ответа нет. Выберите один из предложенных." });
    expect(bad("place", ints(1))).toMatchObject({ code: "wrong_kind" });
    expect(bad("place", SKIPPED)).toMatchObject({ code: "required", message: "Это обязательный вопрос: выберите ответ." });
  });

  it("множественный выбор: от 1 до maxPicks вариантов, без повторов и по возрастанию", () => {
    expect(ok("needs", ints(4, 1, 4))).toEqual({ ok: true, value: ints(1, 4) });
    expect(bad("needs", ints(1, 2, 3))).toMatchObject({ code: "too_many_picks", message: "Можно выбрать не больше 2 вариантов." });
    expect(bad("needs", ints())).toMatchObject({ code: "required" });
    expect(bad("needs", ints(9))).toMatchObject({ code: "not_an_option" });
    expect(bad("needs", int(1))).toMatchObject({ code: "wrong_kind" });
    expect(bad("needs", UNSURE)).toMatchObject({ code: "unsure_not_offered" });
  });

  it("множественный выбор: меньше minPicks — «выберите хотя бы»", () => {
    const strict = InstrumentSchema.parse({
      ...survey,
      questions: [{ id: "m", areaId: "main", text: "?", type: "multiple", options, minPicks: 2 }],
    });
    const result = checkAnswer(strict, "m", ints(1));
    expect(result).toMatchObject({ ok: false, code: "too_few_picks", message: "Выберите хотя бы 2 варианта." });
  });

  it("шкала: значение шкалы или «затрудняюсь ответить», если предложено", () => {
    expect(ok("climate", int(4)).ok).toBe(true);
    expect(ok("climate", UNSURE)).toEqual({ ok: true, value: UNSURE });
    expect(bad("climate", int(5))).toMatchObject({ code: "not_an_option" });
    expect(checkAnswer(teacherDiagnosticV1, "fgos_1", UNSURE)).toMatchObject({
      ok: false,
      code: "unsure_not_offered",
      message: "У этого вопроса нет ответа «Затрудняюсь ответить». Выберите один из вариантов.",
    });
  });

  it("да/нет: 1 или 0 и «затрудняюсь ответить»", () => {
    expect(ok("bus", int(YES)).ok).toBe(true);
    expect(ok("bus", int(NO)).ok).toBe(true);
    expect(ok("bus", UNSURE).ok).toBe(true);
    expect(bad("bus", int(2))).toMatchObject({ code: "not_an_option" });
  });

  it("число: в границах, целое там, где нужно целое; сообщения с единицей", () => {
    expect(ok("bus_km", num(12.5)).ok).toBe(true);
    expect(ok("bus_km", num(0.5)).ok).toBe(true);
    expect(ok("bus_km", num(120)).ok).toBe(true);
    expect(bad("bus_km", num(0.4))).toMatchObject({ code: "below_min", message: "Число должно быть не меньше 0,5 км." });
    expect(bad("bus_km", num(121))).toMatchObject({ code: "above_max", message: "Число должно быть не больше 120 км." });
    expect(bad("staff", num(2.5))).toMatchObject({ code: "not_integer", message: "Нужно целое число, без дробной части." });
    expect(bad("staff", num(Number.NaN))).toMatchObject({ code: "not_a_number" });
    expect(bad("bus_km", UNSURE)).toMatchObject({ code: "wrong_kind" });
    expect(bad("bus_km", SKIPPED)).toMatchObject({ code: "required", message: "Это обязательный вопрос: напишите число." });
    expect(ok("staff", SKIPPED)).toEqual({ ok: true, value: SKIPPED });
  });

  it("текст: обрезается по краям, не длиннее maxLength; пустой необязательный — пропуск", () => {
    expect(ok("climate_why", text("  нагрузка  "))).toEqual({ ok: true, value: text("нагрузка") });
    expect(bad("climate_why", text("очень большая нагрузка"))).toMatchObject({
      code: "too_long",
      message: "Ответ слишком длинный: 22 символа, можно не больше 20. Сократите его.",
    });
    expect(ok("comment", text("   "))).toEqual({ ok: true, value: SKIPPED });
    const required = InstrumentSchema.parse({ ...survey, questions: [{ id: "t", areaId: "main", text: "?", type: "text" }] });
    expect(checkAnswer(required, "t", text(" "))).toMatchObject({ ok: false, code: "required", message: "Это обязательный вопрос: напишите ответ." });
  });

  it("неизвестный вопрос", () => {
    expect(bad("nope", int(1))).toMatchObject({ code: "unknown_question" });
  });

  it("набранный текст: число с запятой и пробелами, не число, текст; кнопочный вопрос текстом не отвечается", () => {
    expect(parseNumber(" 1 200,5 ")).toBe(1200.5);
    expect(parseNumber("−3")).toBe(-3);
    expect(parseNumber("12 км")).toBeNull();
    expect(parseNumber("1e3")).toBeNull();
    expect(checkTypedAnswer(survey, "bus_km", "12,5")).toEqual({ ok: true, value: num(12.5) });
    expect(checkTypedAnswer(survey, "bus_km", "двенадцать")).toMatchObject({
      ok: false,
      code: "not_a_number",
      message: "Напишите число цифрами, например 12 или 3,5.",
    });
    expect(checkTypedAnswer(survey, "staff", "")).toEqual({ ok: true, value: SKIPPED });
    expect(checkTypedAnswer(survey, "comment", " всё хорошо ")).toEqual({ ok: true, value: text("всё хорошо") });
    expect(checkTypedAnswer(survey, "place", "1")).toMatchObject({ ok: false, code: "wrong_kind" });
  });

  it("старая проверка целого ответа (кнопки диагностики) не изменилась и понимает новые типы", () => {
    expect(answerProblem(teacherDiagnosticV1, "fgos_1", 4)).toBeNull();
    expect(answerProblem(teacherDiagnosticV1, "fgos_1", 7)).toBe("value 7 is not on the scale");
    expect(answerProblem(survey, "place", 3)).toBeNull();
    expect(answerProblem(survey, "bus", 5)).toMatch(/not_an_option/);
    expect(answerProblem(survey, "needs", 1)).toMatch(/wrong_kind/);
  });
});

describe("ветвление по каждому виду ответа", () => {
  it("одиночный выбор: «равно одному из»", () => {
    expect(ids(answers({ place: int(1) }))).not.toContain("bus");
    expect(ids(answers({ place: int(3) }))).toContain("bus");
    expect(ids(answers({ place: UNSURE }))).not.toContain("bus");
  });

  it("да/нет: yes: true показывает только при «Да»", () => {
    expect(ids(answers({ place: int(2), bus: int(YES) }))).toContain("bus_km");
    expect(ids(answers({ place: int(2), bus: int(NO) }))).not.toContain("bus_km");
    expect(ids(answers({ place: int(2), bus: UNSURE }))).not.toContain("bus_km");
  });

  it("множественный выбор: «содержит любое из»", () => {
    expect(ids(answers({ needs: ints(1, 4) }))).toContain("staff");
    expect(ids(answers({ needs: ints(2, 4) }))).not.toContain("staff");
  });

  it("шкала: как раньше, «равно одному из»; «затрудняюсь ответить» не открывает вопрос", () => {
    expect(ids(answers({ climate: int(2) }))).toContain("climate_why");
    expect(ids(answers({ climate: int(3) }))).not.toContain("climate_why");
    expect(ids(answers({ climate: UNSURE }))).not.toContain("climate_why");
  });

  it("цепочка: ответ на вопрос, скрытый ветвлением, ничего не открывает", () => {
    const stale = answers({ place: int(1), bus: int(YES) });
    expect(ids(stale)).not.toContain("bus");
    expect(ids(stale)).not.toContain("bus_km");
    expect(effectiveAnswers(survey, stale)).toEqual(answers({ place: int(1) }));
  });
});

describe("ход анкеты", () => {
  it("пропуск необязательного вопроса: бегунок идёт дальше, анкета завершается без ответа на него", () => {
    const given = answers({ place: int(1), needs: ints(1), staff: SKIPPED, climate: int(4) });
    expect(nextQuestion(survey, given)?.id).toBe("comment");
    const at = position(survey, given);
    expect(at).toMatchObject({ kind: "question", question: { id: "comment" }, canSkip: true, canFinish: true, answered: 3 });
    given.set("comment", SKIPPED);
    expect(position(survey, given)).toEqual({ kind: "complete", total: 5, answered: 3 });
    expect(isComplete(survey, given)).toBe(true);
  });

  it("обязательный вопрос нельзя обойти пропуском: он остаётся следующим", () => {
    const given = answers({ place: SKIPPED });
    expect(nextQuestion(survey, given)?.id).toBe("place");
    expect(position(survey, given)).toMatchObject({ canSkip: false, canFinish: false, answered: 0 });
    expect(isComplete(survey, given)).toBe(false);
  });

  it("«Вопрос k из n» считает только видимые вопросы и растёт с ветвлением", () => {
    expect(position(survey, new Map())).toMatchObject({ number: 1, total: 4, canGoBack: false });
    expect(position(survey, answers({ place: int(2) }))).toMatchObject({ question: { id: "bus" }, number: 2, total: 5 });
    expect(position(survey, answers({ place: int(2), bus: int(YES) }))).toMatchObject({ question: { id: "bus_km" }, number: 3, total: 6 });
    expect(position(survey, answers({ place: int(2), bus: int(NO) }))).toMatchObject({ question: { id: "needs" }, number: 3, total: 5 });
  });

  it("«назад» ведёт к предыдущему видимому вопросу, включая пропущенный, и показывает прежний ответ", () => {
    const given = answers({ place: int(2), bus: int(NO), needs: ints(1), staff: SKIPPED });
    expect(previousQuestionId(survey, given, "climate")).toBe("staff");
    expect(previousQuestionId(survey, given, "needs")).toBe("bus");
    expect(position(survey, given, "needs")).toMatchObject({ number: 3, current: ints(1), canGoBack: true });
  });

  it("завершена, когда отвечены все видимые обязательные вопросы; скрытые не нужны", () => {
    const given = answers({ place: int(1), needs: ints(2), climate: int(3) });
    expect(isComplete(survey, given)).toBe(true);
    // The optional comment is still offered before the response is closed.
    expect(position(survey, given)).toMatchObject({ question: { id: "comment" }, canFinish: true });
    expect(isComplete(survey, answers({ place: int(2), needs: ints(2), climate: int(3) }))).toBe(false);
  });

  it("старые целые ответы и те же ответы в новом виде дают тот же ход", () => {
    const legacy = new Map([
      ["fgos_1", 3],
      ["fgos_2", 2],
    ]);
    const modern = fromLegacyAnswers(legacy);
    const a = position(teacherDiagnosticV1, legacy, "fgos_2");
    const b = position(teacherDiagnosticV1, modern, "fgos_2");
    expect(a).toMatchObject({ number: 2, total: 24, answered: 2, current: 2, canSkip: false });
    expect(b).toMatchObject({ number: 2, total: 24, answered: 2, current: int(2) });
  });
});

describe("хранение ответа", () => {
  it("каждый вид ответа сохраняется и читается обратно; старая строка — это целое", () => {
    for (const value of [int(3), ints(1, 4), num(12.5), text("всё хорошо"), UNSURE, SKIPPED]) {
      expect(fromStoredAnswer(JSON.parse(JSON.stringify(toStoredAnswer(value))))).toEqual(value);
    }
    expect(fromStoredAnswer({ value: 4 })).toEqual(int(4));
    expect(toStoredAnswer(3)).toEqual({ kind: "int", value: 3, ints: [], num: null, text: null });
    expect(() => fromStoredAnswer({ kind: "number", value: 3 })).toThrow(/without num/);
    expect(() => fromStoredAnswer({ kind: "bogus" })).toThrow();
  });
});

describe("подсчёт: диагностика не изменилась, «затрудняюсь ответить» не входит в средние", () => {
  const all = (value: number) => new Map(teacherDiagnosticV1.questions.map((question) => [question.id, value]));

  it("профиль дефицитов по новым ответам тот же, что по старым", () => {
    const legacy = all(4);
    legacy.set("bil_1", 1);
    legacy.set("assess_1", 2);
    const viaUnion = likertScores(teacherDiagnosticV1, fromLegacyAnswers(legacy));
    expect(viaUnion).toEqual(legacy);
    expect(deficitProfile(teacherDiagnosticV1, viaUnion, DEFAULT_METHODOLOGY)).toEqual(deficitProfile(teacherDiagnosticV1, legacy, DEFAULT_METHODOLOGY));
  });

  it("«затрудняюсь ответить» и пропуск выпадают из средних, как отсутствие ответа", () => {
    const modern = fromLegacyAnswers(all(4));
    modern.set("bil_1", UNSURE);
    modern.set("bil_2", SKIPPED);
    const without = all(4);
    without.delete("bil_1");
    without.delete("bil_2");
    expect(likertScores(teacherDiagnosticV1, modern)).toEqual(without);
    expect(meanOfAnswers([int(4), UNSURE, num(2), SKIPPED, text("x"), ints(1)])).toEqual({ mean: 3, counted: 2, unsure: 1 });
    expect(meanOfAnswers([UNSURE])).toEqual({ mean: null, counted: 0, unsure: 1 });
  });

  it("в баллы шкалы идут только видимые вопросы шкалы", () => {
    const scores = likertScores(survey, answers({ place: int(1), climate: int(1), climate_why: text("шум"), needs: ints(1) }));
    expect(scores).toEqual(new Map([["climate", 1]]));
  });
});

describe("что рисует канал", () => {
  const question = (id: string) => survey.questions.find((candidate) => candidate.id === id)!;

  it("кнопки: шкала, варианты, «Да»/«Нет», множественный выбор, «затрудняюсь» и «пропустить»; у числа и текста кнопок нет", () => {
    expect(answerButtons(survey, question("climate"))).toEqual({ options: survey.scale, multiple: false, unsure: true, skip: false });
    expect(answerButtons(survey, question("place"))).toMatchObject({ options, multiple: false, unsure: true });
    expect(answerButtons(survey, question("bus"))!.options).toEqual([
      { value: YES, label: "Да" },
      { value: NO, label: "Нет" },
    ]);
    expect(answerButtons(survey, question("needs"))).toMatchObject({ multiple: true, unsure: false, skip: false });
    expect(answerButtons(survey, question("bus_km"))).toBeNull();
    expect(answerButtons(teacherDiagnosticV1, teacherDiagnosticV1.questions[0]!)).toEqual({
      options: teacherDiagnosticV1.scale,
      multiple: false,
      unsure: false,
      skip: false,
    });
  });

  it("подсказка под вопросом", () => {
    expect(answerHint(question("needs"))).toBe("выберите до 2 вариантов");
    expect(answerHint(question("bus_km"))).toBe("число от 0,5 до 120 км");
    expect(answerHint(question("staff"))).toBe("целое число от 0 до 50");
    expect(answerHint(question("comment"))).toBe("не больше 100 символов");
    expect(answerHint(question("place"))).toBeNull();
  });
});
