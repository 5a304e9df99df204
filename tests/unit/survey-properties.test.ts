import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InstrumentSchema, isRequired, offersUnsure, questionType, type Instrument, type Question, type QuestionType } from "../../core/instruments/schema.ts";
import { AnswerValueSchema, fromLegacyAnswers, fromStoredAnswer, toStoredAnswer, type AnswerValue } from "../../core/survey/answers.ts";
import {
  checkQuestionAnswer,
  conditionHolds,
  isComplete,
  nextQuestion,
  position,
  previousQuestionId,
  visibleQuestions,
} from "../../core/survey/runner.ts";

const TYPES: QuestionType[] = ["likert", "single", "multiple", "yesno", "number", "text"];
const CHOICE = new Set<QuestionType>(["likert", "single", "multiple", "yesno"]);
const scale = [1, 2, 3, 4].map((value) => ({ value, label: `v${value}` }));
const options = [10, 20, 30].map((value) => ({ value, label: `o${value}` }));

const spec = fc.record({
  type: fc.constantFrom(...TYPES),
  unsure: fc.boolean(),
  required: fc.boolean(),
  cond: fc.option(fc.nat(), { nil: undefined }),
  pick: fc.nat(),
  integer: fc.boolean(),
});

/** A valid instrument of every type, with conditions on earlier choice questions. */
const instrumentArb = fc.array(spec, { minLength: 1, maxLength: 10 }).map((specs): Instrument => {
  const questions: Record<string, unknown>[] = [];
  specs.forEach((s, index) => {
    const question: Record<string, unknown> = { id: `q${index}`, areaId: "main", text: `Вопрос ${index}` };
    if (s.type !== "likert") question.type = s.type;
    if (!s.required) question.required = false;
    if (CHOICE.has(s.type) && s.unsure) question.unsure = true;
    if (s.type === "single" || s.type === "multiple") question.options = options;
    if (s.type === "multiple") question.maxPicks = 2;
    if (s.type === "number") Object.assign(question, { min: 0, max: 10, integer: s.integer });
    if (s.type === "text") question.maxLength = 5;
    const targets = questions.filter((candidate) => CHOICE.has((candidate.type as QuestionType | undefined) ?? "likert"));
    if (s.cond !== undefined && targets.length) {
      const target = targets[s.cond % targets.length]!;
      const type = (target.type as QuestionType | undefined) ?? "likert";
      question.showIf =
        type === "yesno"
          ? { questionId: target.id, yes: s.pick % 2 === 0 }
          : { questionId: target.id, values: [(type === "likert" ? scale : options)[s.pick % 3]!.value] };
    }
    questions.push(question);
  });
  return InstrumentSchema.parse({ key: "prop", version: 1, title: "П", status: "draft", intro: "В", scale, areas: [{ id: "main", title: "О", advice: "С" }], questions });
});

/** A valid answer to the question chosen by `r` (every kind the question allows comes up). */
function answerFor(question: Question, r: number): AnswerValue {
  if (!isRequired(question) && r % 7 === 6) return { kind: "skipped" };
  if (offersUnsure(question) && r % 7 === 5) return { kind: "unsure" };
  switch (questionType(question)) {
    case "likert":
      return { kind: "int", value: scale[r % 4]!.value };
    case "single":
      return { kind: "int", value: options[r % 3]!.value };
    case "multiple":
      return { kind: "ints", values: r % 2 ? [options[r % 3]!.value] : [10, 30] };
    case "yesno":
      return { kind: "int", value: r % 2 };
    case "number":
      return { kind: "number", value: question.type === "number" && !question.integer ? (r % 100) / 10 : r % 11 };
    case "text":
      return { kind: "text", value: "абвгд".slice(0, 1 + (r % 5)) };
  }
}

/** Answers given to some questions in order, others left out. */
const scenario = instrumentArb.chain((instrument) =>
  fc.tuple(fc.constant(instrument), fc.array(fc.option(fc.nat(), { nil: undefined }), { minLength: instrument.questions.length, maxLength: instrument.questions.length })),
);
const answersOf = ([instrument, seeds]: [Instrument, Array<number | undefined>]) =>
  new Map(
    instrument.questions.flatMap((question, index) => (seeds[index] === undefined ? [] : [[question.id, answerFor(question, seeds[index]!)] as const])),
  );

describe("свойства движка анкеты", () => {
  it("никогда не показывает вопрос, условие которого не выполнено", () => {
    fc.assert(
      fc.property(scenario, fc.nat(), (input, cursorSeed) => {
        const [instrument] = input;
        const answers = answersOf(input);
        const visible = visibleQuestions(instrument, answers);
        const visibleIds = new Set(visible.map((question) => question.id));
        for (const question of visible) {
          if (!question.showIf) continue;
          expect(visibleIds.has(question.showIf.questionId)).toBe(true);
          expect(conditionHolds(question.showIf, answers.get(question.showIf.questionId))).toBe(true);
        }
        const cursor = instrument.questions[cursorSeed % instrument.questions.length]!.id;
        for (const at of [position(instrument, answers), position(instrument, answers, cursor)]) {
          if (at.kind === "question") expect(visibleIds.has(at.question.id)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("прогресс: 1 ≤ k ≤ n, отвеченных не больше n, n не больше числа вопросов", () => {
    fc.assert(
      fc.property(scenario, (input) => {
        const [instrument] = input;
        const at = position(instrument, answersOf(input));
        expect(at.total).toBeLessThanOrEqual(instrument.questions.length);
        expect(at.answered).toBeLessThanOrEqual(at.total);
        if (at.kind === "question") {
          expect(at.number).toBeGreaterThanOrEqual(1);
          expect(at.number).toBeLessThanOrEqual(at.total);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("проход по анкете допустимыми ответами завершается не больше чем за n шагов; «назад» остаётся среди видимых", () => {
    fc.assert(
      fc.property(instrumentArb, fc.array(fc.nat(), { minLength: 10, maxLength: 10 }), (instrument, seeds) => {
        const answers = new Map<string, AnswerValue>();
        for (let step = 0; step <= instrument.questions.length; step += 1) {
          const question = nextQuestion(instrument, answers);
          if (!question) break;
          const check = checkQuestionAnswer(instrument, question, answerFor(question, seeds[step % seeds.length]!));
          expect(check.ok).toBe(true);
          if (!check.ok) return;
          answers.set(question.id, check.value);
          const back = previousQuestionId(instrument, answers, question.id);
          if (back) expect(visibleQuestions(instrument, answers).some((candidate) => candidate.id === back)).toBe(true);
        }
        expect(nextQuestion(instrument, answers)).toBeNull();
        expect(position(instrument, answers).kind).toBe("complete");
        expect(isComplete(instrument, answers)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("проверка ответа: принятый ответ принимается снова без изменений, а хранение его не меняет", () => {
    const anyAnswer: fc.Arbitrary<AnswerValue> = fc.oneof(
      fc.integer({ min: -2, max: 35 }).map((value) => ({ kind: "int" as const, value })),
      fc.array(fc.constantFrom(10, 20, 30, 40), { maxLength: 4 }).map((values) => ({ kind: "ints" as const, values })),
      fc.double({ min: -5, max: 15, noNaN: true }).map((value) => ({ kind: "number" as const, value })),
      fc.string({ maxLength: 8 }).map((value) => ({ kind: "text" as const, value })),
      fc.constant({ kind: "unsure" as const }),
      fc.constant({ kind: "skipped" as const }),
    );
    fc.assert(
      fc.property(instrumentArb, fc.nat(), anyAnswer, (instrument, index, answer) => {
        const question = instrument.questions[index % instrument.questions.length]!;
        const first = checkQuestionAnswer(instrument, question, answer);
        if (!first.ok) {
          expect(first.message.length).toBeGreaterThan(0);
          return;
        }
        expect(checkQuestionAnswer(instrument, question, first.value)).toEqual(first);
        expect(AnswerValueSchema.parse(first.value)).toEqual(first.value);
        expect(fromStoredAnswer(toStoredAnswer(first.value))).toEqual(first.value);
      }),
      { numRuns: 500 },
    );
  });

  it("анкета только со шкалой: целые ответы и те же ответы в новом виде дают один и тот же ход", () => {
    const likertOnly = instrumentArb.filter((instrument) => instrument.questions.every((question) => questionType(question) === "likert"));
    fc.assert(
      fc.property(likertOnly, fc.array(fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }), { maxLength: 10 }), (instrument, values) => {
        const legacy = new Map(
          instrument.questions.flatMap((question, index) => (values[index] === undefined ? [] : [[question.id, values[index]!] as const])),
        );
        const a = position(instrument, legacy);
        const b = position(instrument, fromLegacyAnswers(legacy));
        const withoutCurrent = (at: typeof a | typeof b) => (at.kind === "question" ? { ...at, current: undefined } : at);
        expect(withoutCurrent(b)).toEqual(withoutCurrent(a));
        if (a.kind === "question" && b.kind === "question") {
          expect(b.current).toEqual(a.current === undefined ? undefined : { kind: "int", value: a.current });
        }
      }),
      { numRuns: 200 },
    );
  });
});
