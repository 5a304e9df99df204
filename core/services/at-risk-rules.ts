// At-risk student categories (#15; seed 002: «выявление и составление списков детей "группы риска":
// пропускающих занятия, слабоуспевающих, детей с ОВЗ» and «профилактическая программа/план работы с каждой
// категорией»). The product keeps counts only, never names: integers 0..10 000 per category and school
// year, and a short note that is refused when it looks like a person's name.
import { z } from "zod";
import { atRiskText as t } from "../messages/at-risk.ts";
import { schoolYearStart } from "../management/school-year.ts";
import { ROADMAP_SECTIONS } from "./roadmaps-ports.ts";

export const AT_RISK_CATEGORIES = ["absentees", "low_achievers", "ovz", "watch_list"] as const;
export type AtRiskCategory = (typeof AT_RISK_CATEGORIES)[number];

export const AT_RISK_MAX_COUNT = 10_000;
export const AT_RISK_NOTE_MAX = 200;

/**
 * A surname with initials («Иванов И.И.», «И. И. Иванов»), or two or more capitalised Russian words in a
 * row («Иван Петров»): what a note must not carry. Deliberately cautious: a rejected note is rewritten.
 */
export function looksLikeName(text: string): boolean {
  const initialsAfter = /[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?\s+[А-ЯЁ]\.\s?(?:[А-ЯЁ]\.)?/u;
  const initialsBefore = /(?:^|[^А-ЯЁа-яё])[А-ЯЁ]\.\s?(?:[А-ЯЁ]\.\s?)?[А-ЯЁ][а-яё]{2,}/u;
  const patronymic = /[А-ЯЁ][а-яё]+(?:ович|евич|ьич|овна|евна|ична|инична)(?![а-яё])/u;
  if (initialsAfter.test(text) || initialsBefore.test(text) || patronymic.test(text)) return true;
  // Two capitalised words in a row inside a sentence («с Иваном Петровым»); a sentence's first word is
  // capitalised anyway, so a pair there counts only when a third capitalised word follows.
  for (const match of text.matchAll(/[А-ЯЁ][а-яё]{2,}\s+[А-ЯЁ][а-яё]{2,}/gu)) {
    const before = text.slice(0, match.index).trimEnd();
    const sentenceStart = before === "" || /[.!?:;]$/.test(before);
    if (!sentenceStart || /^[А-ЯЁ][а-яё]{2,}\s+[А-ЯЁ][а-яё]{2,}\s+[А-ЯЁ][а-яё]{2,}/u.test(text.slice(match.index))) return true;
  }
  return false;
}

export const SchoolYearSchema = z.string().refine((value) => schoolYearStart(value) !== null, t.badYear);

const Note = z.preprocess(
  (value) => (typeof value === "string" && value.trim() === "" ? null : value),
  z
    .string()
    .trim()
    .max(AT_RISK_NOTE_MAX, t.noteTooLong(AT_RISK_NOTE_MAX))
    .refine((value) => !looksLikeName(value), t.looksLikeName)
    .nullable()
    .optional(),
);

export const AtRiskCountsSchema = z
  .object({
    schoolYear: SchoolYearSchema,
    counts: z
      .array(
        z.object({
          category: z.enum(AT_RISK_CATEGORIES, { message: t.badCategory }),
          count: z.number({ message: t.badCount }).int(t.badCount).min(0, t.badCount).max(AT_RISK_MAX_COUNT, t.badCount),
          note: Note,
        }).strict(),
      )
      .min(1, t.badCategory)
      .max(AT_RISK_CATEGORIES.length, t.repeated)
      .refine((rows) => new Set(rows.map((row) => row.category)).size === rows.length, t.repeated),
  })
  .strict();
export type AtRiskCountsInput = z.output<typeof AtRiskCountsSchema>;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
export const AtRiskPlanEventSchema = z
  .object({
    schoolYear: SchoolYearSchema,
    category: z.enum(AT_RISK_CATEGORIES, { message: t.badCategory }),
    title: z.string({ message: t.titleRequired }).trim().min(3, t.titleRequired).max(300, t.titleRequired).refine((value) => !looksLikeName(value), t.looksLikeName),
    dueOn: z.string().regex(DATE, t.badDue).refine((value) => {
      const date = new Date(`${value}T00:00:00Z`);
      return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
    }, t.badDue),
    section: z.enum(ROADMAP_SECTIONS, { message: t.badSection }).default("methodical"),
    indicator: z.preprocess((value) => (value === "" ? null : value), z.string().trim().max(300).refine((value) => !looksLikeName(value), t.looksLikeName).nullable().optional()),
  })
  .strict();
export type AtRiskPlanEventInput = z.output<typeof AtRiskPlanEventSchema>;

/** Russian lines of zod's issues. */
export const atRiskIssues = (error: z.ZodError) => [...new Set(error.issues.map((issue) => (issue.code === "unrecognized_keys" ? t.badCategory : issue.message)))];

/** Totals per category over schools (a category nobody filled stays 0; `reported` counts schools with any row). */
export function atRiskTotals(rows: ReadonlyArray<{ schoolId: string; category: string; count: number }>): { totals: Record<AtRiskCategory, number>; reported: number } {
  const totals = Object.fromEntries(AT_RISK_CATEGORIES.map((category) => [category, 0])) as Record<AtRiskCategory, number>;
  for (const row of rows) if ((AT_RISK_CATEGORIES as readonly string[]).includes(row.category)) totals[row.category as AtRiskCategory] += row.count;
  return { totals, reported: new Set(rows.map((row) => row.schoolId)).size };
}
