import { z } from "zod";
import { ASSESSMENTS, CLUSTERS, type Cluster, type SocialRow } from "./types.ts";

/**
 * Methodology of identification (DOMAIN.md §5): which results and social data make the two indices,
 * how they are normalised and weighted, and the rules of the lists. Versioned data validated by zod,
 * stored per district; a run keeps the version it used, so a later change never rewrites a past list.
 *
 * Conventions the rules rely on:
 * - a run "for year Y" uses data up to and including Y (Y is the last calendar year of assessments,
 *   the ЕГЭ of the 2025/26 school year is 2026); the results index of Y averages Y−years+1 … Y
 *   ("за три предыдущих года" of seed 004, seen from the identification that follows Y's exams);
 * - every normalised value is oriented "higher = better" (a share of failures or of at-risk students
 *   is inverted), so a low index is always the worrying side.
 */

/** Ways to put the district's schools on one scale per indicator. */
export const NORMALISATIONS = ["zscore", "minmax", "rank"] as const;
export type Normalisation = (typeof NORMALISATIONS)[number];

/**
 * What a results component takes from the rows: the mean score, the share below the minimum or with "2"
 * (lower is better), the share of high scorers, or ВПР objectivity (the share whose mark the ВПР confirmed,
 * seed 000's indicator; lowered and raised marks count against it).
 */
export const RESULT_METRICS = ["mean", "lowShare", "highShare", "objectivity"] as const;
export type ResultMetric = (typeof RESULT_METRICS)[number];
/** Metrics where a larger value is worse. */
export const LOWER_IS_BETTER: ReadonlySet<ResultMetric> = new Set(["lowShare"]);

/** Counts of the social row that become shares of all students (each higher = worse). */
export const SOCIAL_SHARE_FIELDS = [
  "parentsNoHigherEducation",
  "unemployedParents",
  "watchList",
  "odnKdn",
  "migrantOrLowRussian",
  "nonAttested",
  "truancy",
  "disabilities",
] as const satisfies ReadonlyArray<keyof SocialRow>;
export type SocialShareField = (typeof SOCIAL_SHARE_FIELDS)[number];

/** Yes/no deficits of the social row (yes = worse). */
export const DEFICIT_FLAGS = [
  "remote",
  "smallSchool",
  "infrastructureDeficit",
  "computerDeficit",
  "internetDeficit",
  "unfilledPosts",
  "accreditationSuspended",
] as const satisfies ReadonlyArray<keyof SocialRow>;
export type DeficitFlag = (typeof DEFICIT_FLAGS)[number];

/** Seed 004's curator criteria the district sets (besides stable high results). */
export const CURATOR_FLAGS = ["innovationPlatform", "headCompetence", "headMotivation"] as const satisfies ReadonlyArray<keyof SocialRow>;
export type CuratorFlag = (typeof CURATOR_FLAGS)[number];

export const SOCIAL_FIELDS = [...SOCIAL_SHARE_FIELDS, ...DEFICIT_FLAGS] as const;
export type SocialField = (typeof SOCIAL_FIELDS)[number];

const weight = z.number().min(0).max(100);
const share = z.number().gt(0).max(1);

/** Normalise a subject name the way the contract stores it: lower case, ё → е, single spaces. */
export const normaliseSubject = (subject: string) => subject.trim().toLowerCase().replace(/ё/g, "е").replace(/\s+/g, " ");

export const ResultsComponentSchema = z.object({
  assessment: z.enum(ASSESSMENTS),
  /** Grades whose rows count (ЕГЭ 11, ОГЭ 9, ВПР 4 …). */
  grades: z.array(z.number().int().min(1).max(11)).min(1),
  /** Subjects whose rows count, normalised ("русский язык"). */
  subjects: z.array(z.string().min(1).transform(normaliseSubject)).min(1),
  metric: z.enum(RESULT_METRICS),
  weight,
  /** Optional Russian label for the school card; built from the fields when absent. */
  label: z.string().min(1).optional(),
});
export type ResultsComponent = z.infer<typeof ResultsComponentSchema>;

/** A stable key of a component, e.g. "ЕГЭ:11:русский язык:mean". */
export const componentKey = (c: Pick<ResultsComponent, "assessment" | "grades" | "subjects" | "metric">) =>
  `${c.assessment}:${c.grades.join(",")}:${c.subjects.join(",")}:${c.metric}`;

export const SocialComponentSchema = z.object({ field: z.enum(SOCIAL_FIELDS), weight });
export type SocialComponent = z.infer<typeof SocialComponentSchema>;

/** "Low" among the district's schools: the lowest share of them, or below a value of the (normalised) index. */
export const LowRuleSchema = z.discriminatedUnion("by", [
  z.object({ by: z.literal("share"), share }),
  z.object({ by: z.literal("below"), value: z.number() }),
]);
export type LowRule = z.infer<typeof LowRuleSchema>;

const consecutiveYears = z.number().int().min(1).max(5);
const clusterList = z.array(z.enum(CLUSTERS)).min(1);

/**
 * The ШНОР rule: the seeds differ (DOMAIN.md §5), so it is a setting with three presets.
 * - clusterConsecutive (our default, not a seed's): in each of the last `years` years the school's results index
 *   is in the lowest `lowestShare` of the schools of its cluster (a school is in the lowest quarter when fewer than
 *   a quarter of its cluster's schools have a strictly lower index);
 * - clusterWorst (seed 000: "результаты хуже, чем все школы в кластере" "за последние 2 года"): in each of the last
 *   `years` years the school has the lowest index of its cluster;
 * - lowestShare (seed 004: the index averages three previous years): the index is in the lowest `share` of the district.
 * The cluster rules look only at the clusters in `clusters` (the two with low results by default: the worst of the
 * «эффективные» is still above the district's mean).
 */
export const ShnorRuleSchema = z.discriminatedUnion("rule", [
  z.object({ rule: z.literal("clusterConsecutive"), years: consecutiveYears, lowestShare: share, clusters: clusterList }),
  z.object({ rule: z.literal("clusterWorst"), years: consecutiveYears, clusters: clusterList }),
  z.object({ rule: z.literal("lowestShare"), share }),
]);
export type ShnorRule = z.infer<typeof ShnorRuleSchema>;

const LOW_RESULT_CLUSTERS: Cluster[] = ["failing", "deprived"];

export const SHNOR_PRESETS = {
  /** Our default: low relative to its cluster (lowest quarter) in 2 consecutive years. */
  consecutive: { rule: "clusterConsecutive", years: 2, lowestShare: 0.25, clusters: LOW_RESULT_CLUSTERS },
  /** Seed 000: worse than all schools of its cluster over the last two years. */
  seed000: { rule: "clusterWorst", years: 2, clusters: LOW_RESULT_CLUSTERS },
  /** Seed 004: the three-year mean index in the lowest fifth (140 ШНОР of 712 schools in seed 004's region ≈ 20 %). */
  seed004: { rule: "lowestShare", share: 0.2 },
} as const satisfies Record<string, ShnorRule>;
export type ShnorPreset = keyof typeof SHNOR_PRESETS;

export const IdentificationMethodologySchema = z
  .object({
    /** Set by storage (0 = not stored yet). */
    version: z.number().int().min(0),
    normalisation: z.enum(NORMALISATIONS),
    /** How many years (ending with the run's year) the results index averages. */
    years: z.number().int().min(1).max(5),
    results: z.array(ResultsComponentSchema).min(1),
    social: z.array(SocialComponentSchema).min(1),
    /** Where each index splits into low / high for the 2×2 clusters: the district's mean or median of the index. */
    split: z.object({ results: z.enum(["mean", "median"]), social: z.enum(["mean", "median"]) }),
    shnor: ShnorRuleSchema,
    /** ШНСУ: a low social well-being index, or at least `minFlags` of the listed deficit flags (either may be off). */
    shnsu: z
      .object({ lowSocial: LowRuleSchema.nullable(), minFlags: z.number().int().min(1).max(DEFICIT_FLAGS.length).nullable(), flags: z.array(z.enum(DEFICIT_FLAGS)).min(1) })
      .refine((rule) => rule.lowSocial !== null || rule.minFlags !== null, { message: "Правило ШНСУ: нужен порог индекса или число дефицитов" }),
    /** A task of ВПР is "low" when its solved share is below this. */
    lowSolveThreshold: z.number().gt(0).max(1),
    /** Positive dynamics: the results index grew by more than `threshold` against the previous year. */
    dynamics: z.object({ threshold: z.number().min(0), exclusionLists: z.array(z.enum(["shnor", "shnsu"])) }),
    /**
     * School-curators (seed 004): "стабильно высокие образовательные результаты" = in the top `topShare` of the district
     * in each of the last `years` years, and at least `minFlags` of innovation platform, head competence, head motivation.
     */
    curator: z.object({ years: consecutiveYears, topShare: share, minFlags: z.number().int().min(0).max(CURATOR_FLAGS.length) }),
  })
  .superRefine((m, ctx) => {
    const keys = m.results.map(componentKey);
    keys.forEach((key, i) => {
      if (keys.indexOf(key) !== i) ctx.addIssue({ code: "custom", path: ["results", i], message: `Показатель ${key} повторяется` });
    });
    if (!m.results.some((c) => c.weight > 0)) ctx.addIssue({ code: "custom", path: ["results"], message: "Нужен хотя бы один показатель результатов с весом больше 0" });
    const fields = m.social.map((c) => c.field);
    fields.forEach((field, i) => {
      if (fields.indexOf(field) !== i) ctx.addIssue({ code: "custom", path: ["social", i], message: `Показатель ${field} повторяется` });
    });
    if (!m.social.some((c) => c.weight > 0)) ctx.addIssue({ code: "custom", path: ["social"], message: "Нужен хотя бы один социальный показатель с весом больше 0" });
  });
export type IdentificationMethodology = z.infer<typeof IdentificationMethodologySchema>;

const RU = "русский язык";
const MATH = "математика";

/** Seed 004's results index: mean ЕГЭ and ОГЭ scores in Russian and mathematics, mean ВПР grade 4 in both. */
export const SEED_004_RESULTS: ResultsComponent[] = [
  { assessment: "ЕГЭ", grades: [11], subjects: [RU], metric: "mean", weight: 1 },
  { assessment: "ЕГЭ", grades: [11], subjects: [MATH], metric: "mean", weight: 1 },
  { assessment: "ОГЭ", grades: [9], subjects: [RU], metric: "mean", weight: 1 },
  { assessment: "ОГЭ", grades: [9], subjects: [MATH], metric: "mean", weight: 1 },
  { assessment: "ВПР", grades: [4], subjects: [RU], metric: "mean", weight: 1 },
  { assessment: "ВПР", grades: [4], subjects: [MATH], metric: "mean", weight: 1 },
];

/**
 * Seed 000's extra indicators: high scorers of ЕГЭ, failures of ГИА, "2" of ВПР in grades 5 and 8, РДР failures,
 * ВПР objectivity. Off (weight 0) in the default; a district turns them on by weight.
 */
export const SEED_000_RESULTS: ResultsComponent[] = [
  { assessment: "ЕГЭ", grades: [11], subjects: [RU, MATH], metric: "highShare", weight: 1 },
  { assessment: "ЕГЭ", grades: [11], subjects: [RU, MATH], metric: "lowShare", weight: 1 },
  { assessment: "ОГЭ", grades: [9], subjects: [RU, MATH], metric: "lowShare", weight: 1 },
  { assessment: "ВПР", grades: [5, 8], subjects: [RU, MATH], metric: "lowShare", weight: 1 },
  { assessment: "РДР", grades: [4, 5, 6, 7, 8, 9, 10, 11], subjects: [RU, MATH], metric: "lowShare", weight: 1 },
  { assessment: "ВПР", grades: [4, 5, 6, 7, 8], subjects: [RU, MATH], metric: "objectivity", weight: 1 },
];

/**
 * Social well-being index: seed 004's three shares and seed 000's four more, each weight 1. ОВЗ is read but weighs 0
 * (no seed counts it as a risk). The yes/no deficits weigh 0 in the index and count in the ШНСУ rule instead:
 * a rare flag's z-score would otherwise outweigh all shares.
 */
export const DEFAULT_SOCIAL: SocialComponent[] = [
  ...SOCIAL_SHARE_FIELDS.map((field) => ({ field, weight: field === "disabilities" ? 0 : 1 })),
  ...DEFICIT_FLAGS.map((field) => ({ field, weight: 0 })),
];

export const DEFAULT_IDENTIFICATION: IdentificationMethodology = IdentificationMethodologySchema.parse({
  version: 0,
  normalisation: "zscore",
  years: 3,
  results: [...SEED_004_RESULTS, ...SEED_000_RESULTS.map((c) => ({ ...c, weight: 0 }))],
  social: DEFAULT_SOCIAL,
  split: { results: "mean", social: "mean" },
  shnor: SHNOR_PRESETS.consecutive,
  shnsu: { lowSocial: { by: "share", share: 0.2 }, minFlags: 3, flags: [...DEFICIT_FLAGS] },
  lowSolveThreshold: 0.5,
  dynamics: { threshold: 0, exclusionLists: ["shnor", "shnsu"] },
  curator: { years: 3, topShare: 0.25, minFlags: 3 },
});

/** The default with another ШНОР preset. */
export const withShnorPreset = (preset: ShnorPreset, base: IdentificationMethodology = DEFAULT_IDENTIFICATION): IdentificationMethodology =>
  IdentificationMethodologySchema.parse({ ...base, shnor: SHNOR_PRESETS[preset] });
