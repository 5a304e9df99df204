/**
 * Управленческое решение (seed 004 §9, seed 003 §4.3 and §7.2): its kind, the document that fixes it,
 * level and horizon, the risks it answers with their class, the resources it commits and the
 * recommendations it answers. The zod schema is the one boundary check of the API and the use cases.
 */
import { z } from "zod";
import { DECISION_FIELD_NAMES, decisionText as t } from "../messages/decisions.ts";

export const DECISION_KINDS = ["organising", "activating", "coordinating", "controlling", "stimulating"] as const;
/** #15: "protocol" — the minutes of a working-group meeting (seed 000: «Протокол заседания рабочей группы»). */
export const DECISION_DOC_TYPES = ["order", "instruction", "letter", "protocol"] as const;
export const DECISION_LEVELS = ["school", "district", "region"] as const;
export const DECISION_HORIZONS = ["operational", "strategic"] as const;
/** Управляемые, слабоуправляемые, неуправляемые риски (seed 003 §4.3.2). */
export const RISK_CLASSES = ["managed", "weak", "unmanaged"] as const;
/** Кадровые, финансовые, материально-технические, информационные, временные ресурсы (seed 003 §4.3.2). */
export const DECISION_RESOURCES = ["staff", "finance", "equipment", "information", "time"] as const;

export type DecisionKind = (typeof DECISION_KINDS)[number];
export type DecisionDocType = (typeof DECISION_DOC_TYPES)[number];
export type DecisionLevel = (typeof DECISION_LEVELS)[number];
export type DecisionHorizon = (typeof DECISION_HORIZONS)[number];
export type RiskClass = (typeof RISK_CLASSES)[number];
export type DecisionResource = (typeof DECISION_RESOURCES)[number];

export interface DecisionRisk {
  text: string;
  class: RiskClass;
}

const MAX_RISKS = 20;
const MAX_LINKS = 50;
const idPattern = /^[a-z0-9]{1,40}$/;

/** A calendar date "YYYY-MM-DD" that exists (no 31 February). */
export const IsoDate = z.string({ error: t.badDate }).refine((value) => isIsoDate(value), { error: t.badDate });

export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

const text = (max: number) => z.string({ error: t.required }).trim().min(1, { error: t.required }).max(max, { error: t.tooLong(max) });
const choice = <T extends readonly [string, ...string[]]>(values: T) => z.enum(values, { error: t.badChoice });
const unique = (values: readonly string[]) => new Set(values).size === values.length;

export const DecisionRiskSchema = z.object({ text: text(500), class: choice(RISK_CLASSES) }).strict();

/** What the district enters for a decision (the body of the API's create and edit). */
export const DecisionInputSchema = z
  .object({
    kind: choice(DECISION_KINDS),
    docType: choice(DECISION_DOC_TYPES),
    docNumber: text(50),
    docDate: IsoDate,
    title: text(500),
    level: choice(DECISION_LEVELS),
    horizon: choice(DECISION_HORIZONS),
    risks: z.array(DecisionRiskSchema, { error: t.riskRequired }).min(1, { error: t.riskRequired }).max(MAX_RISKS, { error: t.tooMany(MAX_RISKS) }),
    resources: z
      .array(choice(DECISION_RESOURCES), { error: t.badChoice })
      .max(DECISION_RESOURCES.length, { error: t.tooMany(DECISION_RESOURCES.length) })
      .refine(unique, { error: t.repeated })
      .default([]),
    schoolId: z.string().regex(idPattern, { error: t.badChoice }).nullable().default(null),
    recommendationIds: z
      .array(z.string().regex(idPattern, { error: t.badChoice }), { error: t.badChoice })
      .max(MAX_LINKS, { error: t.tooMany(MAX_LINKS) })
      .refine(unique, { error: t.repeated })
      .default([]),
    note: z.string().trim().max(2000, { error: t.tooLong(2000) }).nullable().default(null),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.level === "school" && !value.schoolId) ctx.addIssue({ code: "custom", path: ["schoolId"], message: t.schoolLevelNeedsSchool });
  });

export type DecisionInput = z.output<typeof DecisionInputSchema>;

/** The filters of the list: kind, level and a period of the document's date (inclusive). */
export const DecisionFilterSchema = z
  .object({
    kind: choice(DECISION_KINDS).optional(),
    level: choice(DECISION_LEVELS).optional(),
    from: IsoDate.optional(),
    to: IsoDate.optional(),
    schoolId: z.string().regex(idPattern, { error: t.badChoice }).optional(),
  })
  .strict();

export type DecisionFilter = z.output<typeof DecisionFilterSchema>;

/** zod's issues as Russian lines, «Номер документа: заполните поле», for the form and the API. */
export function decisionIssues(error: z.ZodError): Array<{ field: string; message: string }> {
  return error.issues.map((issue) => {
    const named = issue.path.filter((part): part is string => typeof part === "string").map((part) => DECISION_FIELD_NAMES[part] ?? part);
    const index = issue.path.find((part): part is number => typeof part === "number");
    const where = named.length ? `${named[0]}${index !== undefined ? ` (${index + 1})` : ""}${named.length > 1 ? `, ${named.slice(1).join(", ")}` : ""}` : "";
    const message = issue.code === "unrecognized_keys" ? `лишние поля ${issue.keys.join(", ")}` : issue.message;
    return { field: issue.path.map(String).join("."), message: where ? `${where}: ${message}` : message };
  });
}

/** Parses a decision; on failure the Russian lines (first line: "Решение не сохранено"). */
export function parseDecisionInput(raw: unknown): { ok: true; data: DecisionInput } | { ok: false; issues: Array<{ field: string; message: string }> } {
  const parsed = DecisionInputSchema.safeParse(raw ?? {});
  return parsed.success ? { ok: true, data: parsed.data } : { ok: false, issues: decisionIssues(parsed.error) };
}
