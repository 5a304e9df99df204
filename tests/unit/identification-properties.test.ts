// Properties of identification that must hold for every district (fast-check): better results never move a
// school to the low-results side, and the lists depend only on the data, not on its order or on the run.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { identify, type IdentifyInput } from "../../core/identification/identify.ts";
import {
  DEFAULT_IDENTIFICATION,
  DEFICIT_FLAGS,
  IdentificationMethodologySchema,
  SEED_000_RESULTS,
  SHNOR_PRESETS,
  type IdentificationMethodology,
} from "../../core/identification/methodology.ts";
import type { Assessment, Cluster, ItemRow, ResultRow, SocialRow } from "../../core/identification/types.ts";

const YEARS = [2024, 2025, 2026];
/** Seed 004's six results and the ВПР grades 5 and 8 of seed 000 (several rows per school-year-indicator). */
const KINDS: Array<[Assessment, number, string]> = [
  ["ЕГЭ", 11, "русский язык"],
  ["ЕГЭ", 11, "математика"],
  ["ОГЭ", 9, "русский язык"],
  ["ОГЭ", 9, "математика"],
  ["ВПР", 4, "русский язык"],
  ["ВПР", 4, "математика"],
  ["ВПР", 5, "русский язык"],
  ["ВПР", 5, "математика"],
  ["ВПР", 8, "русский язык"],
  ["ВПР", 8, "математика"],
];

const schoolArb = fc.record({
  /** Per year × kind: a score, or null when the school has no such row. */
  scores: fc.array(fc.option(fc.integer({ min: 0, max: 100 }), { freq: 6 }), { minLength: YEARS.length * KINDS.length, maxLength: YEARS.length * KINDS.length }),
  participants: fc.integer({ min: 0, max: 60 }),
  lowShare: fc.integer({ min: 0, max: 100 }),
  atRisk: fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 3, maxLength: 3 }),
  flags: fc.subarray([...DEFICIT_FLAGS]),
  curator: fc.array(fc.option(fc.boolean()), { minLength: 3, maxLength: 3 }),
  social: fc.constantFrom(true, true, true, false),
  tasks: fc.array(fc.integer({ min: 0, max: 100 }), { maxLength: 4 }),
});
const districtArb = fc.array(schoolArb, { minLength: 3, maxLength: 14 });
type District = typeof districtArb extends fc.Arbitrary<infer T> ? T : never;

const build = (schools: District): IdentifyInput => {
  const results: ResultRow[] = [];
  const social: SocialRow[] = [];
  const items: ItemRow[] = [];
  schools.forEach((s, i) => {
    const code = `S${String(i).padStart(2, "0")}`;
    const name = `Школа ${i}`;
    YEARS.forEach((year, y) =>
      KINDS.forEach(([assessment, grade, subject], k) => {
        const score = s.scores[y * KINDS.length + k];
        if (score == null) return;
        results.push({ schoolCode: code, schoolName: name, year, assessment, grade, subject, participants: s.participants, meanScore: score, lowShare: ((s.lowShare + 7 * k) % 101) / 100, highShare: null });
      }),
    );
    if (s.social)
      for (const year of YEARS)
        social.push({
          schoolCode: code,
          schoolName: name,
          year,
          students: 100,
          parentsNoHigherEducation: s.atRisk[0]!,
          unemployedParents: s.atRisk[1]!,
          watchList: s.atRisk[2]!,
          odnKdn: null,
          migrantOrLowRussian: null,
          nonAttested: null,
          truancy: null,
          disabilities: null,
          remote: s.flags.includes("remote"),
          smallSchool: s.flags.includes("smallSchool"),
          infrastructureDeficit: s.flags.includes("infrastructureDeficit"),
          computerDeficit: s.flags.includes("computerDeficit"),
          internetDeficit: s.flags.includes("internetDeficit"),
          unfilledPosts: s.flags.includes("unfilledPosts"),
          accreditationSuspended: s.flags.includes("accreditationSuspended"),
          innovationPlatform: s.curator[0],
          headCompetence: s.curator[1],
          headMotivation: s.curator[2],
        });
    s.tasks.forEach((solved, t) =>
      items.push({ schoolCode: code, schoolName: name, year: 2026, grade: 4, subject: "математика", task: String(t + 1), solvedShare: solved / 100, topic: t % 2 ? "Дроби" : null, participants: s.participants }),
    );
  });
  return { year: 2026, results, items, social, schools: schools.map((_, i) => ({ code: `S${String(i).padStart(2, "0")}`, name: `Школа ${i}` })) };
};

const variant = (patch: Partial<IdentificationMethodology>) => IdentificationMethodologySchema.parse({ ...DEFAULT_IDENTIFICATION, ...patch });
/** The default, each normalisation and split, every ШНОР preset, seed 000's extra indicators on. */
const METHODOLOGIES: Array<[string, IdentificationMethodology]> = [
  ["по умолчанию", DEFAULT_IDENTIFICATION],
  ["min–max", variant({ normalisation: "minmax" })],
  ["ранги", variant({ normalisation: "rank" })],
  ["медиана", variant({ split: { results: "median", social: "median" } })],
  ["программа 000", variant({ years: 2, shnor: SHNOR_PRESETS.seed000, results: [...DEFAULT_IDENTIFICATION.results.filter((c) => c.weight > 0), ...SEED_000_RESULTS] })],
  ["программа 004", variant({ shnor: SHNOR_PRESETS.seed004 })],
];
const methodologyArb = fc.constantFrom(...METHODOLOGIES);

const HIGH_RESULTS: ReadonlySet<Cluster | null> = new Set<Cluster | null>(["effective", "resilient"]);

/** A seeded Fisher–Yates shuffle (fast-check gives the seed, so a failure replays). */
const shuffle = <T>(list: T[], seed: number): T[] => {
  const out = [...list];
  let state = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
};

describe("свойства идентификации", () => {
  it("рост результатов школы никогда не переводит её в кластер с низкими результатами и не снижает её индекс", () => {
    fc.assert(
      fc.property(districtArb, fc.nat(), fc.integer({ min: 1, max: 60 }), methodologyArb, (schools, pick, delta, [, m]) => {
        const k = pick % schools.length;
        const before = identify(build(schools), m).schools[k]!;
        const raised = schools.map((s, i) => (i === k ? { ...s, scores: s.scores.map((x) => (x == null ? x : x + delta)) } : s));
        const after = identify(build(raised), m).schools[k]!;
        if (HIGH_RESULTS.has(before.cluster)) expect(HIGH_RESULTS.has(after.cluster), `${before.cluster} → ${after.cluster}`).toBe(true);
        if (before.resultsIndex !== null) expect(after.resultsIndex!).toBeGreaterThanOrEqual(before.resultsIndex - 1e-9);
      }),
      { numRuns: 300 },
    );
  });

  it("одинаковые данные дают одинаковые списки и объяснения, до порядка", () => {
    fc.assert(
      fc.property(districtArb, methodologyArb, (schools, [, m]) => {
        const input = build(schools);
        expect(identify(structuredClone(input), m)).toEqual(identify(input, m));
      }),
      { numRuns: 100 },
    );
  });

  it("перестановка строк во входных данных ничего не меняет", () => {
    fc.assert(
      fc.property(districtArb, fc.integer(), methodologyArb, (schools, seed, [, m]) => {
        const input = build(schools);
        const permuted: IdentifyInput = {
          ...input,
          results: shuffle(input.results, seed),
          social: shuffle(input.social, seed + 1),
          items: shuffle(input.items, seed + 2),
          schools: shuffle(input.schools, seed + 3),
        };
        expect(identify(permuted, m)).toEqual(identify(input, m));
      }),
      { numRuns: 150 },
    );
  });

  it("у каждой школы есть объяснение: входы индексов и проверка каждого правила", () => {
    fc.assert(
      fc.property(districtArb, methodologyArb, (schools, [, m]) => {
        const out = identify(build(schools), m);
        expect(out.schools).toHaveLength(schools.length);
        for (const s of out.schools) {
          const rules = s.explanation.checks.map((c) => c.rule);
          for (const rule of ["results", "social", "cluster", "shnor", "shnsu", "dynamics", "curator"]) expect(rules).toContain(rule);
          for (const c of s.explanation.checks) expect(c.text).toMatch(/^[А-ЯЁ].*\.$/s);
          expect(s.explanation.resultsInputs.length).toBeGreaterThan(0);
          if (s.cluster === null) expect(s.shnor && m.shnor.rule !== "lowestShare").toBe(false);
          expect(s.proposeExclusion).toBe(s.proposeExclusion && (s.shnor || s.shnsu));
        }
        const counted = Object.values(out.clusters).reduce((a, b) => a + b, 0);
        expect(counted).toBe(out.schools.filter((s) => s.cluster !== null).length);
      }),
      { numRuns: 100 },
    );
  });
});
