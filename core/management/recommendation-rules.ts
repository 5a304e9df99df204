/**
 * Адресные рекомендации (seed 003 §6, seed 004 §7; DOMAIN.md §11): versioned rules that map what is known about a
 * school to recommendation templates. A rule fires when any of its triggers holds:
 * - a risk factor of the school's risk profile is fixed, or one of its parameters crossed its threshold
 *   (core/risk-profile);
 * - a competence area of the teacher diagnostic shows a deficit in the school's RELEASED aggregate
 *   (core/services/aggregates.ts: never individual answers, never a hidden cell);
 * - the identification found ВПР tasks with a low solve rate in the school (core/identification lowTasks);
 * - the school is on the ШНОР or ШНСУ list of the latest identification run.
 * Each template is addressed to the school's head, the district, the institute (ИРО / ЦНППМ, role methodologist),
 * the assessment centre (ЦОКО, role assessment) or a school-curator (the head of a strong school the district picks),
 * in one of seed 003 §6.3's forms. `proposeRecommendations` is pure: facts and rules in, proposals out.
 */
import { z } from "zod";
import { FACTOR_IDS, SOURCE_KEYS, type RiskFactorId, type RiskSourceKey } from "../risk-profile/catalog.ts";
import { ROADMAP_SECTIONS, type RoadmapSection } from "../services/roadmaps-ports.ts";
import { DEFAULT_RULE_TEXTS as T, ruleErrors } from "../messages/recommendations.ts";

/** Who receives a recommendation (seed 003 §6.2, seed 004 §7). */
export const ADDRESSEES = ["head", "district", "institute", "assessment", "curator"] as const;
export type Addressee = (typeof ADDRESSEES)[number];

/** Seed 003 §6.3: «информационных писем, регламентов, методических рекомендаций, программ, тематических подборок». */
export const FORMS = ["letter", "regulation", "methodical", "programme", "selection"] as const;
export type RecommendationForm = (typeof FORMS)[number];

export const RECOMMENDATION_STATES = ["proposed", "sent", "acknowledged", "in_work", "done", "rejected"] as const;
export type RecommendationState = (typeof RECOMMENDATION_STATES)[number];

export const TriggerSchema = z.discriminatedUnion("kind", [
  /** A risk factor whose risk is fixed. */
  z.object({ kind: z.literal("factor"), factor: z.enum(FACTOR_IDS) }),
  /** A parameter of the profile on the risky side of its threshold. */
  z.object({ kind: z.literal("parameter"), parameter: z.enum(SOURCE_KEYS) }),
  /** A diagnostic area (absent: any) at this level or worse in the school's released aggregate. */
  z.object({ kind: z.literal("deficit"), area: z.string().min(1).max(40).optional(), level: z.enum(["pronounced", "moderate"]).default("pronounced") }),
  /** ВПР tasks with a low solve rate (optionally of a subject: a part of its name, any case). */
  z.object({ kind: z.literal("lowTopics"), subject: z.string().min(1).max(60).optional() }),
  /** On a list of the latest identification. */
  z.object({ kind: z.literal("status"), status: z.enum(["shnor", "shnsu"]) }),
]);
export type Trigger = z.infer<typeof TriggerSchema>;

export const RuleSchema = z.object({
  key: z.string().regex(/^[a-z0-9][a-z0-9-]{0,59}$/),
  triggers: z.array(TriggerSchema).min(1).max(20),
  addressee: z.enum(ADDRESSEES),
  form: z.enum(FORMS),
  /** Placeholders: {school}, {basis}, {factors}, {areas}, {topics}. */
  title: z.string().trim().min(3).max(200),
  text: z.string().trim().min(10).max(4000),
  /** Days from sending to the deadline. */
  dueDays: z.number().int().min(1).max(365),
  /** Roadmap section of the measures planned in answer (seed 002). */
  section: z.enum(ROADMAP_SECTIONS).default("methodical"),
});
export type RecommendationRule = z.infer<typeof RuleSchema>;

export const RuleSetSchema = z
  .object({ rules: z.array(RuleSchema).min(1).max(100) })
  .superRefine((set, ctx) => {
    const seen = new Set<string>();
    set.rules.forEach((rule, index) => {
      if (seen.has(rule.key)) ctx.addIssue({ code: "custom", path: ["rules", index, "key"], message: ruleErrors.duplicateKey(rule.key) });
      seen.add(rule.key);
    });
  });
export type RuleSet = z.infer<typeof RuleSetSchema>;

/** The zod issues of a rule set in Russian, one line each ("правило 2 (school-x), поле title: …"). */
export function ruleSetProblems(raw: unknown): string[] {
  const parsed = RuleSetSchema.safeParse(raw);
  if (parsed.success) return [];
  const lines = parsed.error.issues.slice(0, 20).map((issue) => {
    const [top, index, field, ...rest] = issue.path;
    if (top !== "rules" || typeof index !== "number") return ruleErrors.whole(ruleErrors.message(issue));
    const rules = (raw as { rules?: Array<{ key?: unknown }> })?.rules;
    const key = typeof rules?.[index]?.key === "string" ? String(rules[index]!.key) : null;
    return ruleErrors.line(index + 1, key, [field, ...rest].filter((part) => part !== undefined).join("."), ruleErrors.message(issue));
  });
  // zod skips the set's refinement while a rule is invalid: repeated keys are told anyway.
  const rules = (raw as { rules?: unknown })?.rules;
  if (Array.isArray(rules)) {
    const seen = new Set<string>();
    rules.forEach((rule, index) => {
      const key = (rule as { key?: unknown } | null)?.key;
      if (typeof key !== "string") return;
      const line = ruleErrors.line(index + 1, key, "key", ruleErrors.duplicateKey(key));
      if (seen.has(key) && !lines.includes(line)) lines.push(line);
      seen.add(key);
    });
  }
  return lines;
}

// ---------- the facts of a school ----------

export interface SchoolFacts {
  school: { id: string; name: string };
  /** Fixed risk factors of the current profile. */
  riskFactors: Array<{ id: RiskFactorId; name: string }>;
  /** Parameters over their thresholds. */
  riskParameters: Array<{ key: RiskSourceKey; name: string }>;
  /** Areas of the released aggregate with a deficit (hidden cells never come here). */
  deficitAreas: Array<{ id: string; title: string; level: "pronounced" | "moderate" }>;
  /** Low-solved ВПР tasks of the latest identification. */
  lowTopics: Array<{ subject: string; grade: number; task: string; topic: string | null; solvedShare: number }>;
  status: { shnor: boolean; shnsu: boolean };
}

/** What triggered a proposal: kind, key and the words people read. */
export interface BasisItem {
  kind: Trigger["kind"];
  key: string;
  label: string;
}

export interface Proposal {
  ruleKey: string;
  addressee: Addressee;
  form: RecommendationForm;
  title: string;
  text: string;
  dueDays: number;
  section: RoadmapSection;
  basis: BasisItem[];
}

const topicLabel = (topic: SchoolFacts["lowTopics"][number]) =>
  T.topicLabel(topic.subject, topic.grade, topic.task, topic.topic, Math.round(topic.solvedShare * 100));

function matches(trigger: Trigger, facts: SchoolFacts): BasisItem[] {
  switch (trigger.kind) {
    case "factor":
      return facts.riskFactors.filter((factor) => factor.id === trigger.factor).map((factor) => ({ kind: "factor", key: factor.id, label: factor.name }));
    case "parameter":
      return facts.riskParameters.filter((parameter) => parameter.key === trigger.parameter).map((parameter) => ({ kind: "parameter", key: parameter.key, label: parameter.name }));
    case "deficit":
      return facts.deficitAreas
        .filter((area) => (!trigger.area || area.id === trigger.area) && (trigger.level === "moderate" || area.level === "pronounced"))
        .map((area) => ({ kind: "deficit", key: area.id, label: area.title }));
    case "lowTopics": {
      const subject = trigger.subject?.toLocaleLowerCase("ru");
      return facts.lowTopics
        .filter((topic) => !subject || topic.subject.toLocaleLowerCase("ru").includes(subject))
        .map((topic) => ({ kind: "lowTopics", key: `${topic.subject}:${topic.grade}:${topic.task}`, label: topicLabel(topic) }));
    }
    case "status":
      return facts.status[trigger.status] ? [{ kind: "status", key: trigger.status, label: T.statusLabel[trigger.status] }] : [];
  }
}

/** Fills {school}, {basis}, {factors}, {areas}, {topics}; a placeholder with nothing behind it reads «—». */
export function fillTemplate(template: string, facts: SchoolFacts, basis: readonly BasisItem[]): string {
  const list = (items: string[]) => (items.length ? items.join("; ") : "—");
  const values: Record<string, string> = {
    school: facts.school.name,
    basis: list([...new Set(basis.map((item) => item.label))]),
    factors: list([...new Set(basis.filter((item) => item.kind === "factor" || item.kind === "parameter").map((item) => item.label))]),
    areas: list([...new Set(basis.filter((item) => item.kind === "deficit").map((item) => item.label))]),
    topics: list(basis.filter((item) => item.kind === "lowTopics").map((item) => item.label)),
  };
  return template.replace(/\{(school|basis|factors|areas|topics)\}/g, (_, name: string) => values[name]!);
}

/**
 * The recommendations the rules propose for a school: one per rule that fires, in the rules' order, with the
 * facts that made it fire as its basis. Rules in `exclude` (already proposed or sent for the school this school
 * year) are skipped.
 */
export function proposeRecommendations(facts: SchoolFacts, rules: readonly RecommendationRule[], exclude: ReadonlySet<string> = new Set()): Proposal[] {
  const proposals: Proposal[] = [];
  for (const rule of rules) {
    if (exclude.has(rule.key)) continue;
    const basis: BasisItem[] = [];
    const seen = new Set<string>();
    for (const trigger of rule.triggers) {
      for (const item of matches(trigger, facts)) {
        const id = `${item.kind}:${item.key}`;
        if (!seen.has(id)) basis.push(item);
        seen.add(id);
      }
    }
    if (!basis.length) continue;
    proposals.push({
      ruleKey: rule.key,
      addressee: rule.addressee,
      form: rule.form,
      title: fillTemplate(rule.title, facts, basis),
      text: fillTemplate(rule.text, facts, basis),
      dueDays: rule.dueDays,
      section: rule.section,
      basis,
    });
  }
  return proposals;
}

// ---------- the built-in rules, version 1 ----------

type RuleInput = z.input<typeof RuleSchema>;
const rule = (key: keyof typeof T.rules, triggers: RuleInput["triggers"], addressee: Addressee, form: RecommendationForm, dueDays: number, section: RoadmapSection): RuleInput => ({
  key,
  triggers,
  addressee,
  form,
  title: T.rules[key].title,
  text: T.rules[key].text,
  dueDays,
  section,
});

const factor = (id: RiskFactorId) => ({ kind: "factor" as const, factor: id });

/**
 * Version 1 (built in): seed 003 §6.2's four levels — the school (quality of teaching, its programme of transition
 * to effective functioning), the district (its roadmap, addressed support), the institute (courses for diagnosed
 * deficits, curators' support), the assessment centre (extra assessment procedures) — and seed 004 §7's
 * school-curators (addressed methodical help to one school). The district saves its own as later versions.
 */
export const DEFAULT_RULES: RuleSet = RuleSetSchema.parse({
  rules: [
    rule("school-risk-programme", FACTOR_IDS.map(factor), "head", "programme", 60, "org_managerial"),
    rule("school-programme", [{ kind: "status", status: "shnor" }, { kind: "status", status: "shnsu" }], "head", "programme", 60, "org_managerial"),
    rule("school-teaching", [factor("competence"), { kind: "deficit", level: "pronounced" }], "head", "methodical", 45, "methodical"),
    rule("school-vpr-topics", [{ kind: "lowTopics" }], "head", "methodical", 45, "methodical"),
    rule("school-motivation", [factor("motivation"), factor("failureRisk")], "head", "methodical", 60, "methodical"),
    rule("school-wellbeing", [factor("wellbeing"), factor("discipline")], "head", "letter", 60, "org_technological"),
    rule("school-parents", [factor("parents")], "head", "letter", 60, "org_technological"),
    rule("school-inclusion", [factor("disabilities"), factor("language")], "head", "methodical", 60, "methodical"),
    rule("district-roadmap", [{ kind: "status", status: "shnor" }, { kind: "status", status: "shnsu" }], "district", "regulation", 30, "org_managerial"),
    rule("district-staff", [factor("staff")], "district", "letter", 45, "org_managerial"),
    rule("district-equipment", [factor("equipment")], "district", "letter", 60, "org_technological"),
    rule("institute-courses", [{ kind: "deficit", level: "pronounced" }, factor("competence")], "institute", "programme", 90, "methodical"),
    rule("institute-inclusion", [factor("disabilities"), factor("language"), { kind: "deficit", area: "disabilities" }, { kind: "deficit", area: "bilingual" }], "institute", "selection", 60, "methodical"),
    rule("institute-curators", [{ kind: "status", status: "shnor" }], "institute", "methodical", 60, "methodical"),
    rule("assessment-procedures", [{ kind: "lowTopics" }, factor("failureRisk")], "assessment", "regulation", 90, "analytical"),
    rule("curator-help", [{ kind: "status", status: "shnor" }, { kind: "status", status: "shnsu" }, factor("competence")], "curator", "methodical", 30, "methodical"),
  ],
});
export const DEFAULT_RULES_VERSION = 1;
