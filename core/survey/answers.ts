import { z } from "zod";

/**
 * One answer as a tagged union, whatever the question type:
 * - int: a Likert value, a single choice's option value, or yes/no (YES = 1, NO = 0);
 * - ints: the picked option values of a multiple choice question, ascending, without repeats;
 * - number: a number question's value (integer or decimal);
 * - text: a short text, trimmed;
 * - unsure: «Затрудняюсь ответить», stored distinctly and left out of every mean;
 * - skipped: an optional question the person chose to skip (so the runner moves past it).
 * Today's answers (integers on the scale) map to `{ kind: "int", value }` (fromLegacyInt).
 */
export type AnswerValue =
  | { kind: "int"; value: number }
  | { kind: "ints"; values: number[] }
  | { kind: "number"; value: number }
  | { kind: "text"; value: string }
  | { kind: "unsure" }
  | { kind: "skipped" };

export type AnswerKind = AnswerValue["kind"];

/** The shape of an answer at a boundary (a Mini App request, a stored row decoded). */
export const AnswerValueSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("int"), value: z.number().int() }),
  z.object({ kind: z.literal("ints"), values: z.array(z.number().int()).max(100) }),
  z.object({ kind: z.literal("number"), value: z.number().finite() }),
  z.object({ kind: z.literal("text"), value: z.string().max(10_000) }),
  z.object({ kind: z.literal("unsure") }),
  z.object({ kind: z.literal("skipped") }),
]);

/** A saved answer as the runner accepts it: today's integer, or the union. */
export type AnyAnswer = number | AnswerValue;

export const fromLegacyInt = (value: number): AnswerValue => ({ kind: "int", value });

/** Today's answers (question id → integer) as the union, for the same questions. */
export function fromLegacyAnswers(answers: ReadonlyMap<string, number>): Map<string, AnswerValue> {
  return new Map([...answers].map(([questionId, value]) => [questionId, fromLegacyInt(value)]));
}

export const asAnswerValue = (answer: AnyAnswer): AnswerValue => (typeof answer === "number" ? fromLegacyInt(answer) : answer);

/** An answer in the proper sense: not a skip. «Затрудняюсь ответить» is an answer (but has no value to average). */
export const isAnswer = (answer: AnyAnswer | undefined): boolean => answer !== undefined && asAnswerValue(answer).kind !== "skipped";

export function sameAnswer(a: AnyAnswer, b: AnyAnswer): boolean {
  const x = asAnswerValue(a);
  const y = asAnswerValue(b);
  if (x.kind !== y.kind) return false;
  if (x.kind === "ints" && y.kind === "ints") return x.values.length === y.values.length && x.values.every((value, i) => value === y.values[i]);
  if ("value" in x && "value" in y) return x.value === y.value;
  return true;
}

/**
 * The answer as one Answer row stores it, after the storage change (see the report of #13):
 * `kind` says which column holds the value; legacy rows have kind "int" and `value`.
 */
export interface StoredAnswer {
  kind: AnswerKind;
  value: number | null;
  ints: number[];
  num: number | null;
  text: string | null;
}

export function toStoredAnswer(answer: AnyAnswer): StoredAnswer {
  const value = asAnswerValue(answer);
  const row: StoredAnswer = { kind: value.kind, value: null, ints: [], num: null, text: null };
  if (value.kind === "int") row.value = value.value;
  if (value.kind === "ints") row.ints = [...value.values];
  if (value.kind === "number") row.num = value.value;
  if (value.kind === "text") row.text = value.value;
  return row;
}

const StoredAnswerSchema = z.object({
  kind: z.enum(["int", "ints", "number", "text", "unsure", "skipped"]).default("int"),
  value: z.number().int().nullable().default(null),
  ints: z.array(z.number().int()).nullable().default([]),
  num: z.number().finite().nullable().default(null),
  text: z.string().nullable().default(null),
});

/** Decodes a stored row (a legacy row is `{ value }` alone); throws on a row whose kind lacks its column. */
export function fromStoredAnswer(raw: unknown): AnswerValue {
  const row = StoredAnswerSchema.parse(raw);
  switch (row.kind) {
    case "int":
      if (row.value === null) throw new Error("stored answer of kind int without value");
      return { kind: "int", value: row.value };
    case "ints":
      return { kind: "ints", values: [...(row.ints ?? [])] };
    case "number":
      if (row.num === null) throw new Error("stored answer of kind number without num");
      return { kind: "number", value: row.num };
    case "text":
      if (row.text === null) throw new Error("stored answer of kind text without text");
      return { kind: "text", value: row.text };
    case "unsure":
      return { kind: "unsure" };
    case "skipped":
      return { kind: "skipped" };
  }
}
