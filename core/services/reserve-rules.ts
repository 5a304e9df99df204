// The management personnel reserve's input (#15; seed 003 §4.5.2: «реестры кадрового управленческого
// резерва»): a candidate's full name, school, current position, the position they are ready for and the
// training they had. Checked with zod; Russian lines per field.
import { z } from "zod";
import { reserveText as t } from "../messages/reserve.ts";

const idPattern = /^[a-z0-9]{1,40}$/;
const blankToNull = (value: unknown) => (typeof value === "string" && value.trim() === "" ? null : value);
const line = (min: number, max: number) => z.string({ message: t.required }).trim().min(min, min === 1 ? t.required : t.tooShort(min)).max(max, t.tooLong(max));

export const TrainingSchema = z
  .object({
    title: line(3, 300),
    year: z.number({ message: t.badYear }).int(t.badYear).min(1980, t.badYear).max(2100, t.badYear),
    hours: z.preprocess(blankToNull, z.number({ message: t.badHours }).int(t.badHours).min(1, t.badHours).max(2000, t.badHours).nullable().optional()),
  })
  .strict();

export const ReserveInputSchema = z
  .object({
    fullName: line(5, 200),
    schoolId: z.preprocess(blankToNull, z.string().regex(idPattern, t.badChoice).nullable().optional()),
    currentPosition: line(3, 200),
    targetPosition: line(3, 200),
    training: z.array(TrainingSchema).max(30, t.tooMany(30)).default([]),
    note: z.preprocess(blankToNull, z.string().trim().max(1000, t.tooLong(1000)).nullable().optional()),
  })
  .strict();
export type ReserveInput = z.output<typeof ReserveInputSchema>;

export interface ReserveFields {
  fullName: string;
  schoolId: string | null;
  currentPosition: string;
  targetPosition: string;
  training: Array<{ title: string; year: number; hours: number | null }>;
  note: string | null;
}

export function parseReserveInput(raw: unknown): { ok: true; data: ReserveFields } | { ok: false; issues: Array<{ field: string; message: string }> } {
  const parsed = ReserveInputSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues.map((issue) => {
        const names = issue.path.filter((part): part is string => typeof part === "string").map((part) => t.fields[part] ?? part);
        const index = issue.path.find((part): part is number => typeof part === "number");
        const where = names.length ? `${names[0]}${index !== undefined ? ` (${index + 1})` : ""}${names.length > 1 ? `, ${names.slice(1).join(", ")}` : ""}` : "";
        const message = issue.code === "unrecognized_keys" ? `лишние поля ${issue.keys.join(", ")}` : issue.message;
        return { field: issue.path.map(String).join("."), message: where ? `${where}: ${message}` : message };
      }),
    };
  }
  const input = parsed.data;
  return {
    ok: true,
    data: {
      fullName: input.fullName,
      schoolId: input.schoolId ?? null,
      currentPosition: input.currentPosition,
      targetPosition: input.targetPosition,
      training: input.training.map((entry) => ({ title: entry.title, year: entry.year, hours: entry.hours ?? null })),
      note: input.note ?? null,
    },
  };
}
