// Programmes as documents (#15 §6), the pure part: the workflow's state machine (only allowed
// transitions, only allowed people, a resubmission is the next version, approval needs a review),
// the achievement of indicators (rising and falling ones, missing values), review scores, and the
// passport's and the forms' checks with Russian messages.
import { describe, expect, it } from "vitest";
import {
  achievement,
  allowedActions,
  averageReviewScore,
  MonitoringInputSchema,
  periodFits,
  ProgrammeCreateSchema,
  programmeIssues,
  programmeTransition,
  ReviewInputSchema,
  reviewScore,
  withIndicatorIds,
  type ProgrammeActor,
} from "../../core/services/programmes-rules.ts";

const nobody: ProgrammeActor = { owner: false, manager: false, reviewer: false };
const owner = { ...nobody, owner: true };
const manager = { ...nobody, manager: true };
const reviewer = { ...nobody, reviewer: true };

describe("машина состояний программы", () => {
  it("черновик подаёт только владелец; версия та же", () => {
    expect(programmeTransition({ state: "draft", version: 1 }, "submit", owner)).toEqual({ ok: true, state: "submitted", version: 1 });
    expect(programmeTransition({ state: "draft", version: 1 }, "submit", manager)).toEqual({ ok: false, reason: "forbidden" });
    expect(programmeTransition({ state: "draft", version: 1 }, "submit", reviewer)).toEqual({ ok: false, reason: "forbidden" });
  });

  it("возвращённая и поданная снова — следующая версия", () => {
    expect(programmeTransition({ state: "returned", version: 2 }, "submit", owner)).toEqual({ ok: true, state: "submitted", version: 3 });
  });

  it("экспертов назначает район; программа уходит на экспертизу", () => {
    expect(programmeTransition({ state: "submitted", version: 1 }, "assign", manager)).toEqual({ ok: true, state: "in_review", version: 1 });
    expect(programmeTransition({ state: "in_review", version: 1 }, "assign", manager)).toEqual({ ok: true, state: "in_review", version: 1 });
    expect(programmeTransition({ state: "draft", version: 1 }, "assign", manager)).toEqual({ ok: false, reason: "wrong_state" });
    expect(programmeTransition({ state: "submitted", version: 1 }, "assign", owner)).toEqual({ ok: false, reason: "forbidden" });
  });

  it("оценку заполняет только эксперт и только на экспертизе", () => {
    expect(programmeTransition({ state: "in_review", version: 1 }, "review", reviewer).ok).toBe(true);
    expect(programmeTransition({ state: "in_review", version: 1 }, "review", manager)).toEqual({ ok: false, reason: "forbidden" });
    expect(programmeTransition({ state: "approved", version: 1 }, "review", reviewer)).toEqual({ ok: false, reason: "wrong_state" });
  });

  it("утверждение — районом, с экспертизы и после хотя бы одной оценки", () => {
    expect(programmeTransition({ state: "in_review", version: 1 }, "approve", manager)).toEqual({ ok: false, reason: "needs_review" });
    expect(programmeTransition({ state: "in_review", version: 1 }, "approve", manager, { completedReviews: 1 })).toEqual({ ok: true, state: "approved", version: 1 });
    expect(programmeTransition({ state: "submitted", version: 1 }, "approve", manager, { completedReviews: 1 })).toEqual({ ok: false, reason: "wrong_state" });
    expect(programmeTransition({ state: "in_review", version: 1 }, "approve", owner, { completedReviews: 1 })).toEqual({ ok: false, reason: "forbidden" });
  });

  it("возврат — районом; правка — только черновика или возвращённой; мониторинг — после утверждения", () => {
    expect(programmeTransition({ state: "in_review", version: 1 }, "return", manager)).toEqual({ ok: true, state: "returned", version: 1 });
    expect(programmeTransition({ state: "approved", version: 1 }, "return", manager)).toEqual({ ok: false, reason: "wrong_state" });
    expect(programmeTransition({ state: "in_review", version: 1 }, "edit", owner)).toEqual({ ok: false, reason: "wrong_state" });
    expect(programmeTransition({ state: "returned", version: 1 }, "edit", owner).ok).toBe(true);
    expect(programmeTransition({ state: "in_review", version: 1 }, "monitor", manager)).toEqual({ ok: false, reason: "wrong_state" });
    expect(programmeTransition({ state: "approved", version: 1 }, "monitor", owner).ok).toBe(true);
    expect(programmeTransition({ state: "approved", version: 1 }, "monitor", reviewer)).toEqual({ ok: false, reason: "forbidden" });
  });

  it("доступные действия по ролям", () => {
    expect(allowedActions({ state: "draft", version: 1 }, owner)).toEqual(["edit", "submit"]);
    expect(allowedActions({ state: "in_review", version: 1 }, manager, { completedReviews: 2 })).toEqual(["assign", "return", "approve"]);
    expect(allowedActions({ state: "in_review", version: 1 }, nobody)).toEqual([]);
  });
});

describe("достижение показателей", () => {
  const indicators = [
    { id: "i1", name: "Доля обучающихся, справившихся с ВПР", unit: "%", baseline: 60, target: 80 },
    { id: "i2", name: "Доля отметок «2» по математике", unit: "%", baseline: 20, target: 10 },
    { id: "i3", name: "Педагоги, прошедшие КПК", unit: "чел.", baseline: 2, target: 6 },
  ];

  it("растущий и убывающий показатели, пропущенное значение не достигнуто", () => {
    const result = achievement(indicators, { i1: 70, i2: 8 });
    expect(result.indicators.map((row) => [row.reached, row.progress])).toEqual([
      [false, 0.5],
      [true, 1.2],
      [null, null],
    ]);
    expect(result).toMatchObject({ total: 3, measured: 2, reached: 1, reachedShare: 0.33, meanProgress: 0.85 });
  });

  it("все цели достигнуты; без показателей — доли нет", () => {
    expect(achievement(indicators, { i1: 80, i2: 10, i3: 7 })).toMatchObject({ reached: 3, reachedShare: 1 });
    expect(achievement([], {})).toMatchObject({ total: 0, reachedShare: null, meanProgress: null });
  });

  it("цель равна базе: достигнута — прогресс 1", () => {
    expect(achievement([{ id: "a", name: "x", unit: "%", baseline: 5, target: 5 }], { a: 5 }).indicators[0]).toMatchObject({ reached: true, progress: 1 });
  });
});

describe("оценки экспертов и идентификаторы показателей", () => {
  it("сумма из 10 и средняя по заполненным", () => {
    const full = { goal_fits_risks: 2, tasks_measurable: 2, measures_realistic: 1, resources: 1, indicators: 2 };
    expect(reviewScore(full)).toEqual({ total: 8, max: 10, share: 0.8 });
    expect(
      averageReviewScore([
        { scores: full, submittedAt: new Date() },
        { scores: { ...full, indicators: 0, resources: 0 }, submittedAt: new Date() },
        { scores: null, submittedAt: null },
      ]),
    ).toBe(6.5);
    expect(averageReviewScore([{ scores: null, submittedAt: null }])).toBeNull();
  });

  it("прежние id сохраняются, новым даётся следующий свободный", () => {
    const previous = [{ id: "i1", name: "A", unit: "%", baseline: 1, target: 2 }];
    expect(withIndicatorIds([{ id: "i1", name: "A", unit: "%", baseline: 1, target: 3 }, { name: "B", unit: "%", baseline: 0, target: 1 }], previous).map((row) => row.id)).toEqual(["i1", "i2"]);
  });

  it("период: мониторинг — апрель, эффективность — декабрь", () => {
    expect(periodFits("monitoring", "2027-04")).toBe(true);
    expect(periodFits("monitoring", "2027-12")).toBe(false);
    expect(periodFits("effectiveness", "2027-12")).toBe(true);
  });
});

describe("проверки форм (zod, по-русски)", () => {
  const passport = {
    goal: "Переход школы в эффективный режим функционирования",
    tasks: ["Повысить долю справившихся с ВПР"],
    termFrom: "2027-01-01",
    termTo: "2027-12-31",
    expectedResults: ["Рост качества знаний"],
    developers: ["Управленческая команда школы"],
    executors: ["Педагогический коллектив"],
  };
  const indicators = [{ name: "Доля справившихся с ВПР", unit: "%", baseline: 60, target: 75 }];

  it("паспорт программы школы принимается; без школы и со сроком наоборот — нет", () => {
    expect(ProgrammeCreateSchema.safeParse({ kind: "school", schoolId: "abc123", title: "Программа", passport, indicators }).success).toBe(true);
    const bad = ProgrammeCreateSchema.safeParse({ kind: "school", title: "Программа", passport: { ...passport, termTo: "2026-01-01", tasks: [] }, indicators: [] });
    expect(bad.success).toBe(false);
    const messages = programmeIssues(bad.error!).map((issue) => issue.message);
    expect(messages).toEqual(expect.arrayContaining(["Для программы школы выберите школу", "Срок окончания раньше начала", "Нужен хотя бы один пункт", "Нужен хотя бы один показатель"]));
  });

  it("экспертный лист: каждый критерий 0–2, возврат — с замечаниями", () => {
    const scores = { goal_fits_risks: 2, tasks_measurable: 1, measures_realistic: 1, resources: 0, indicators: 2 };
    expect(ReviewInputSchema.safeParse({ scores, verdict: "approve" }).success).toBe(true);
    const missing = ReviewInputSchema.safeParse({ scores: { goal_fits_risks: 2 }, verdict: "approve" });
    expect(programmeIssues(missing.error!).map((issue) => issue.message)).toContain("Оцените каждый критерий");
    const tooHigh = ReviewInputSchema.safeParse({ scores: { ...scores, resources: 3 }, verdict: "approve" });
    expect(programmeIssues(tooHigh.error!).map((issue) => issue.message)).toContain("Оценка по критерию — 0, 1 или 2");
    const noComment = ReviewInputSchema.safeParse({ scores, verdict: "return" });
    expect(programmeIssues(noComment.error!).map((issue) => issue.message)).toContain("Напишите замечания для доработки");
  });

  it("мониторинг: период ГГГГ-ММ и хотя бы одно значение", () => {
    expect(MonitoringInputSchema.safeParse({ kind: "monitoring", period: "2027-04", values: { i1: 70 } }).success).toBe(true);
    const bad = MonitoringInputSchema.safeParse({ kind: "monitoring", period: "апрель", values: {} });
    expect(programmeIssues(bad.error!).map((issue) => issue.message)).toEqual(expect.arrayContaining(["Период в формате ГГГГ-ММ", "Введите значение хотя бы одного показателя"]));
  });
});
