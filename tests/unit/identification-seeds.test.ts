// Identification rules as the seeds write them (DOMAIN.md §5, seed 004 §4 and table 1, seed 000's indicator table),
// each on a small hand-made district where the expected list is obvious.
import { describe, expect, it } from "vitest";
import { identify, compareTask, lowTopics, type IdentifyInput } from "../../core/identification/identify.ts";
import {
  DEFAULT_IDENTIFICATION,
  IdentificationMethodologySchema,
  SEED_000_RESULTS,
  SHNOR_PRESETS,
  withShnorPreset,
  type DeficitFlag,
  type IdentificationMethodology,
} from "../../core/identification/methodology.ts";
import { compareWithOfficial } from "../../core/identification/official.ts";
import { listChanges } from "../../core/identification/diff.ts";
import { CLUSTER_NAMES, explainSchool, fmt } from "../../core/messages/identification.ts";
import type { Assessment, ItemRow, ResultRow, SchoolIdentification, SocialRow } from "../../core/identification/types.ts";

const RU = "русский язык";
const MATH = "математика";
/** Seed 004's six results: ЕГЭ and ОГЭ in Russian and maths, ВПР grade 4 in both. */
const SEED_004: Array<[Assessment, number, string]> = [
  ["ЕГЭ", 11, RU],
  ["ЕГЭ", 11, MATH],
  ["ОГЭ", 9, RU],
  ["ОГЭ", 9, MATH],
  ["ВПР", 4, RU],
  ["ВПР", 4, MATH],
];

interface SchoolSpec {
  code: string;
  /** Mean score of every seed-004 result, per year. */
  scores: Record<number, number>;
  /** Share of students in each of seed 004's three risk groups (0.1 = good conditions). */
  atRisk?: number;
  flags?: DeficitFlag[];
  /** Assessments the school has no rows of. */
  without?: Assessment[];
  noSocial?: boolean;
}

const resultRows = (spec: SchoolSpec): ResultRow[] =>
  Object.entries(spec.scores).flatMap(([year, score]) =>
    SEED_004.filter(([assessment]) => !spec.without?.includes(assessment)).map(([assessment, grade, subject]) => ({
      schoolCode: spec.code,
      schoolName: `Школа ${spec.code}`,
      year: Number(year),
      assessment,
      grade,
      subject,
      participants: 25,
      meanScore: score,
      lowShare: null,
      highShare: null,
    })),
  );

const socialRow = (code: string, year: number, atRisk: number, flags: DeficitFlag[] = []): SocialRow => ({
  schoolCode: code,
  schoolName: `Школа ${code}`,
  year,
  students: 200,
  parentsNoHigherEducation: Math.round(200 * atRisk),
  unemployedParents: Math.round(200 * atRisk),
  watchList: Math.round(200 * atRisk),
  odnKdn: null,
  migrantOrLowRussian: null,
  nonAttested: null,
  truancy: null,
  disabilities: null,
  remote: flags.includes("remote"),
  smallSchool: flags.includes("smallSchool"),
  infrastructureDeficit: flags.includes("infrastructureDeficit"),
  computerDeficit: flags.includes("computerDeficit"),
  internetDeficit: flags.includes("internetDeficit"),
  unfilledPosts: flags.includes("unfilledPosts"),
  accreditationSuspended: flags.includes("accreditationSuspended"),
});

const district = (specs: SchoolSpec[], year = 2026, extra: Partial<IdentifyInput> = {}): IdentifyInput => ({
  year,
  results: specs.flatMap(resultRows),
  items: [],
  social: specs.flatMap((spec) => (spec.noSocial ? [] : [2024, 2025, 2026].map((y) => socialRow(spec.code, y, spec.atRisk ?? 0.1, spec.flags)))),
  schools: specs.map((spec) => ({ code: spec.code, name: `Школа ${spec.code}` })),
  ...extra,
});
const flat = (score: number) => ({ 2024: score, 2025: score, 2026: score });
const methodology = (patch: Partial<IdentificationMethodology>) => IdentificationMethodologySchema.parse({ ...DEFAULT_IDENTIFICATION, ...patch });
const of = (schools: SchoolIdentification[], code: string) => schools.find((s) => s.schoolCode === code)!;
const codes = (schools: SchoolIdentification[], pick: (s: SchoolIdentification) => boolean) => schools.filter(pick).map((s) => s.schoolCode);
const check = (s: SchoolIdentification, rule: string) => s.explanation.checks.find((c) => c.rule === rule)!;

describe("кластеризация школ по двум индексам (программа 004, таблица 1)", () => {
  const out = identify(
    district([
      { code: "A", scores: flat(40), atRisk: 0.1 },
      { code: "B", scores: flat(70), atRisk: 0.1 },
      { code: "C", scores: flat(40), atRisk: 0.5 },
      { code: "D", scores: flat(70), atRisk: 0.5 },
    ]),
    DEFAULT_IDENTIFICATION,
  );

  it("относит школу с высоким ИСБ и низким ИОР к «несправляющимся»", () => expect(of(out.schools, "A").cluster).toBe("failing"));
  it("относит школу с высоким ИСБ и высоким ИОР к «эффективным»", () => expect(of(out.schools, "B").cluster).toBe("effective"));
  it("относит школу с низким ИСБ и низким ИОР к «депривированным»", () => expect(of(out.schools, "C").cluster).toBe("deprived"));
  it("относит школу с низким ИСБ и высоким ИОР к «резильентным» — источнику эффективных практик", () => {
    const d = of(out.schools, "D");
    expect(d.cluster).toBe("resilient");
    expect(d.resilient).toBe(true);
    expect(explainSchool(d).join(" ")).toContain("источник эффективных управленческих практик");
    expect(out.clusters).toEqual({ failing: 1, effective: 1, deprived: 1, resilient: 1 });
  });

  it("объясняет кластер словами: индексы, граница и название кластера", () => {
    const text = check(of(out.schools, "A"), "cluster").text;
    expect(text).toContain("ниже среднего по району");
    expect(text).toContain(`«${CLUSTER_NAMES.failing}»`);
    expect(text).toContain("благоприятные социальные условия, но низкие образовательные результаты");
  });

  it("индекс результатов — средние баллы ЕГЭ и ОГЭ по русскому и математике и ВПР в 4 классе; другие работы и предметы не влияют", () => {
    const base = district([
      { code: "A", scores: flat(40) },
      { code: "B", scores: flat(70) },
    ]);
    const noise: ResultRow[] = ["A", "B"].flatMap((code, i) => [
      { schoolCode: code, schoolName: code, year: 2026, assessment: "ВПР", grade: 5, subject: MATH, participants: 20, meanScore: i ? 1 : 99, lowShare: null, highShare: null },
      { schoolCode: code, schoolName: code, year: 2026, assessment: "ЕГЭ", grade: 11, subject: "история", participants: 20, meanScore: i ? 1 : 99, lowShare: null, highShare: null },
    ]);
    const plain = identify(base, DEFAULT_IDENTIFICATION);
    const noisy = identify({ ...base, results: [...base.results, ...noise] }, DEFAULT_IDENTIFICATION);
    expect(noisy.schools.map((s) => s.resultsIndex)).toEqual(plain.schools.map((s) => s.resultsIndex));
    expect(of(plain.schools, "A").explanation.resultsInputs.map((i) => i.key)).toEqual([
      "ЕГЭ:11:русский язык:mean",
      "ЕГЭ:11:математика:mean",
      "ОГЭ:9:русский язык:mean",
      "ОГЭ:9:математика:mean",
      "ВПР:4:русский язык:mean",
      "ВПР:4:математика:mean",
    ]);
  });

  it("индекс усредняет три предыдущих года: 2022 год в расчёт 2026 года не входит", () => {
    const specs = [
      { code: "A", scores: { 2022: 99, 2024: 40, 2025: 40, 2026: 40 } },
      { code: "B", scores: { 2022: 1, 2024: 70, 2025: 70, 2026: 70 } },
    ];
    const out = identify(district(specs), DEFAULT_IDENTIFICATION);
    expect(of(out.schools, "A").explanation.resultsInputs[0]!.value).toBe(40);
    expect(of(out.schools, "A").explanation.resultsInputs[0]!.label).toContain("2024–2026");
  });
});

describe("ШНОР — по умолчанию: ниже школ своего кластера два года подряд", () => {
  // Twelve schools in the same social conditions: the lower half is «несправляющиеся», the lowest quarter of it is low.
  const specs: SchoolSpec[] = [
    { code: "S01", scores: flat(30) }, // the lowest every year
    { code: "S02", scores: { 2024: 50, 2025: 50, 2026: 2 } }, // one bad year
    { code: "S03", scores: flat(35) }, // low in 2025, overtaken by S02 in 2026
    ...[50, 55, 60, 65, 70, 75, 80, 85, 90].map((score, i) => ({ code: `S${String(i + 4).padStart(2, "0")}`, scores: flat(score) })),
  ];
  const out = identify(district(specs), DEFAULT_IDENTIFICATION);

  it("школа в нижней четверти своего кластера в 2025 и 2026 годах — в списке ШНОР; один плохой год — нет", () => {
    expect(codes(out.schools, (s) => s.shnor)).toEqual(["S01"]);
    expect(of(out.schools, "S01").cluster).toBe("failing");
  });

  it("объясняет, в каком году школа не была в нижней четверти кластера", () => {
    const s02 = check(of(out.schools, "S02"), "shnor");
    expect(s02.passed).toBe(false);
    expect(s02.value).toBe(1);
    expect(s02.threshold).toBe(2);
    expect(s02.text).toMatch(/2025 — кластер «\S+», место снизу: \d+ из \d+, не в нижних 25 %/);
    const s01 = check(of(out.schools, "S01"), "shnor");
    expect(s01.text).toContain("Школа попадает в список ШНОР: 2 года подряд");
  });

  it("число лет подряд и доля кластера — настройки: три года подряд S01 тоже проходит, а нижняя половина кластера добавляет S02 и S03", () => {
    const three = identify(district(specs), methodology({ shnor: { rule: "clusterConsecutive", years: 3, lowestShare: 0.25, clusters: ["failing", "deprived"] } }));
    expect(codes(three.schools, (s) => s.shnor)).toEqual(["S01"]);
    const half = identify(district(specs), methodology({ shnor: { rule: "clusterConsecutive", years: 2, lowestShare: 0.5, clusters: ["failing", "deprived"] } }));
    expect(codes(half.schools, (s) => s.shnor)).toEqual(["S01", "S02", "S03"]);
  });
});

describe("ШНОР — программа 000: «результаты хуже, чем все школы в кластере» за последние 2 года", () => {
  // Each year on its own ("за последние 2 года"): two good-conditions schools (G) and two hard-conditions ones (D) have low results.
  const specs: SchoolSpec[] = [
    { code: "G1", scores: { 2025: 30, 2026: 30 }, atRisk: 0.1 },
    { code: "G2", scores: { 2025: 40, 2026: 40 }, atRisk: 0.1 },
    { code: "G3", scores: { 2025: 80, 2026: 80 }, atRisk: 0.1 },
    { code: "G4", scores: { 2025: 90, 2026: 90 }, atRisk: 0.1 },
    { code: "D1", scores: { 2025: 45, 2026: 20 }, atRisk: 0.5 },
    { code: "D2", scores: { 2025: 25, 2026: 45 }, atRisk: 0.5 },
    { code: "D3", scores: { 2025: 85, 2026: 85 }, atRisk: 0.5 },
    { code: "D4", scores: { 2025: 95, 2026: 95 }, atRisk: 0.5 },
  ];
  const seed000 = methodology({ years: 1, shnor: SHNOR_PRESETS.seed000 });
  const out = identify(district(specs), seed000);

  it("в списке только школа, которая оба года хуже всех школ своего кластера", () => {
    expect(codes(out.schools, (s) => s.shnor)).toEqual(["G1"]);
    expect(of(out.schools, "D1").cluster).toBe("deprived");
    expect(check(of(out.schools, "D1"), "shnor").text).toContain("2025 — кластер «депривированные», место снизу: 2 из 2, не самая низкая в кластере");
  });

  it("дополнительные показатели программы 000 (высокобалльники, доля не преодолевших порог) входят в индекс с весами; доля двоек снижает индекс", () => {
    const m = methodology({ results: SEED_000_RESULTS.filter((c) => c.assessment === "ЕГЭ") });
    const row = (code: string, high: number, low: number): ResultRow[] =>
      [RU, MATH].map((subject) => ({ schoolCode: code, schoolName: code, year: 2026, assessment: "ЕГЭ", grade: 11, subject, participants: 30, meanScore: 60, lowShare: low, highShare: high }));
    const result = identify({ year: 2026, results: [...row("X", 0.3, 0.0), ...row("Y", 0.1, 0.2)], items: [], social: [], schools: [] }, m);
    expect(of(result.schools, "X").resultsIndex!).toBeGreaterThan(of(result.schools, "Y").resultsIndex!);
    const low = of(result.schools, "Y").explanation.resultsInputs.find((i) => i.key.endsWith(":lowShare"))!;
    expect(low.value).toBe(0.2);
    expect(low.normalized).toBe(-1);
    expect(low.label).toContain("не преодолевших минимальный порог");
  });
});

describe("ШНОР — программа 004: индекс за три предыдущих года в нижней доле школ", () => {
  const specs: SchoolSpec[] = [
    { code: "S01", scores: { 2024: 60, 2025: 60, 2026: 20 } }, // one bad year, the three-year mean 46.7
    { code: "S02", scores: flat(40) },
    { code: "S03", scores: flat(45) },
    ...[50, 55, 60, 65, 70, 75, 80].map((score, i) => ({ code: `S${String(i + 4).padStart(2, "0")}`, scores: flat(score) })),
  ];
  const out = identify(district(specs), withShnorPreset("seed004"));

  it("в списке две школы из десяти с самым низким средним за три года; один плохой год при высоком среднем — нет", () => {
    expect(codes(out.schools, (s) => s.shnor)).toEqual(["S02", "S03"]);
    const s01 = check(of(out.schools, "S01"), "shnor");
    expect(s01.text).toContain("выше границы нижних 20 % школ района");
    expect(s01.threshold).toBe(of(out.schools, "S03").resultsIndex);
  });

  it("без данных за прошлые годы предупреждает район", () => {
    const short = identify(district(specs.map((s) => ({ ...s, scores: { 2026: s.scores[2026]! } }))), withShnorPreset("seed004"));
    expect(short.warnings).toContain("нет данных ЕГЭ за 2024 год");
    expect(short.warnings).toContain("нет данных ВПР за 2025 год");
  });
});

describe("ШНСУ: низкий индекс социального благополучия или не меньше k дефицитов", () => {
  const specs: SchoolSpec[] = [
    { code: "Z01", scores: flat(50), atRisk: 0.6 },
    { code: "Z02", scores: flat(50), atRisk: 0.5 },
    { code: "Z03", scores: flat(50), atRisk: 0.1, flags: ["remote", "smallSchool", "internetDeficit"] },
    { code: "Z04", scores: flat(50), atRisk: 0.1, flags: ["remote", "smallSchool"] },
    ...[5, 6, 7, 8, 9, 10].map((n) => ({ code: `Z${String(n).padStart(2, "0")}`, scores: flat(50), atRisk: 0.1 })),
  ];
  const out = identify(district(specs), DEFAULT_IDENTIFICATION);

  it("две школы с самым низким ИСБ из десяти и школа с тремя дефицитами — в списке; два дефицита — нет", () => {
    expect(codes(out.schools, (s) => s.shnsu)).toEqual(["Z01", "Z02", "Z03"]);
    expect(of(out.schools, "Z03").deficitFlags).toEqual(["remote", "smallSchool", "internetDeficit"]);
    expect(check(of(out.schools, "Z03"), "shnsu").text).toBe(
      "Школа попадает в список ШНСУ: отмечено дефицитов — 3: отдалённость, малокомплектная школа, нет устойчивого интернета (нужно не меньше 3).",
    );
    expect(check(of(out.schools, "Z04"), "shnsu").text).toContain("отмечено дефицитов — 2");
  });

  it("порог дефицитов — настройка: при k = 2 в списке и Z04", () => {
    const two = identify(district(specs), methodology({ shnsu: { ...DEFAULT_IDENTIFICATION.shnsu, minFlags: 2 } }));
    expect(codes(two.schools, (s) => s.shnsu)).toEqual(["Z01", "Z02", "Z03", "Z04"]);
  });

  it("чем больше доля обучающихся из групп риска, тем ниже индекс социального благополучия", () => {
    expect(of(out.schools, "Z01").socialIndex!).toBeLessThan(of(out.schools, "Z02").socialIndex!);
    expect(of(out.schools, "Z02").socialIndex!).toBeLessThan(of(out.schools, "Z05").socialIndex!);
    const input = of(out.schools, "Z01").explanation.socialInputs[0]!;
    expect(input).toMatchObject({ key: "social:parentsNoHigherEducation", value: 0.6, weight: 1 });
    expect(input.normalized!).toBeLessThan(0);
  });
});

describe("пропуски в данных", () => {
  const specs: SchoolSpec[] = [
    { code: "M1", scores: flat(40), without: ["ОГЭ"] },
    { code: "M2", scores: flat(60) },
    { code: "M3", scores: flat(70) },
    { code: "M0", scores: {} },
  ];
  const out = identify(district(specs), DEFAULT_IDENTIFICATION);

  it("показатель без данных пропускается, веса остальных пересчитываются, и это сказано в объяснении", () => {
    const m1 = of(out.schools, "M1");
    const present = m1.explanation.resultsInputs.filter((i) => i.normalized !== null);
    expect(present).toHaveLength(4);
    const mean = present.reduce((sum, i) => sum + i.normalized!, 0) / present.length;
    expect(m1.resultsIndex!).toBeCloseTo(mean, 3);
    expect(check(m1, "results").text).toContain("Нет данных: Средний балл ОГЭ, русский язык (9 кл.), 2024–2026");
    expect(check(m1, "results").text).toContain("веса остальных пересчитаны");
  });

  it("школа без данных о результатах: индекса и кластера нет, причина — по-русски", () => {
    const m0 = of(out.schools, "M0");
    expect(m0).toMatchObject({ resultsIndex: null, cluster: null, shnor: false });
    expect(m0.socialIndex).not.toBeNull();
    expect(explainSchool(m0)[0]).toBe("Нет данных о результатах школы за 2024–2026: индекс образовательных результатов не рассчитан, кластер не определён.");
    expect(out.warnings).toContain("у 1 школы нет данных о результатах: индекс не рассчитан, кластер не определён");
  });

  it("без социальных данных за год берёт прошлогодние и говорит об этом", () => {
    const input = district(specs.slice(0, 3));
    const out = identify({ ...input, social: input.social.filter((row) => row.year !== 2026) }, DEFAULT_IDENTIFICATION);
    expect(out.warnings).toContain("нет социальных данных за 2026 год: использованы данные прошлых лет");
    expect(check(of(out.schools, "M2"), "social").text).toContain("(данные за 2025 год: за 2026 год их нет)");
    expect(of(out.schools, "M2").cluster).not.toBeNull();
  });

  it("школа, у которой есть только давние данные (закрыта), в расчёт не попадает; пустой район не ломает расчёт", () => {
    const input = district(specs.slice(0, 3));
    const closed = resultRows({ code: "OLD", scores: { 2015: 10 } });
    const out = identify({ ...input, results: [...input.results, ...closed], schools: input.schools }, DEFAULT_IDENTIFICATION);
    expect(out.schools.map((s) => s.schoolCode)).toEqual(["M1", "M2", "M3"]);
    const empty = identify({ year: 2026, results: [], items: [], social: [], schools: [] }, DEFAULT_IDENTIFICATION);
    expect(empty.schools).toEqual([]);
    expect(empty.warnings).toContain("нет данных о результатах за 2026 год: индексы не рассчитаны");
  });

  it("без социальных данных кластер не определён", () => {
    const out = identify(district([{ code: "N1", scores: flat(40), noSocial: true }, { code: "N2", scores: flat(60) }]), DEFAULT_IDENTIFICATION);
    expect(of(out.schools, "N1").cluster).toBeNull();
    expect(check(of(out.schools, "N1"), "cluster").text).toBe("Кластер не определён: нет индекса социального благополучия.");
  });
});

describe("динамика и исключение из программы поддержки (программа 004, §6, таблица 3)", () => {
  const specs: SchoolSpec[] = [
    { code: "S01", scores: { 2025: 30, 2026: 38 } }, // on the list, improving
    { code: "S02", scores: { 2025: 40, 2026: 40 } }, // on the list, steady
    ...[50, 55, 60, 65, 70, 75, 80, 85].map((score, i) => ({ code: `S${String(i + 3).padStart(2, "0")}`, scores: { 2025: score, 2026: score } })),
  ];
  const m = methodology({ years: 1, shnor: SHNOR_PRESETS.seed004, dynamics: { threshold: 0.1, exclusionLists: ["shnor", "shnsu"] } });
  const out = identify(district(specs), m);

  it("школа из списка с положительной динамикой индекса предлагается к исключению", () => {
    expect(codes(out.schools, (s) => s.shnor)).toEqual(["S01", "S02"]);
    const s01 = of(out.schools, "S01");
    expect(s01.dynamics!).toBeGreaterThan(0.1);
    expect(s01.proposeExclusion).toBe(true);
    expect(check(s01, "dynamics").text).toContain("положительная динамика");
    expect(check(s01, "dynamics").text).toContain("можно предложить к исключению из программы поддержки");
    expect(of(out.schools, "S02").proposeExclusion).toBe(false);
  });

  it("рост школы не из списка к исключению не ведёт; без прошлого года динамики нет", () => {
    expect(codes(out.schools, (s) => s.proposeExclusion)).toEqual(["S01"]);
    const first = identify({ ...district(specs), year: 2025 }, m);
    expect(of(first.schools, "S01").dynamics).toBeNull();
    expect(check(of(first.schools, "S01"), "dynamics").text).toBe("Динамику оценить нельзя: нет индекса результатов за 2024 год.");
  });
});

describe("школы-кураторы (программа 004): стабильно высокие результаты, инновационная площадка, компетенции и мотивация руководителя", () => {
  const specs: SchoolSpec[] = [
    { code: "T1", scores: flat(90), atRisk: 0.5 }, // resilient, top every year
    { code: "T2", scores: flat(85), atRisk: 0.1 }, // effective, top every year
    { code: "T3", scores: { 2024: 50, 2025: 50, 2026: 99 } }, // top only lately
    ...[40, 45, 50, 55, 60].map((score, i) => ({ code: `T${i + 4}`, scores: flat(score) })),
  ];
  const all = { innovationPlatform: true, headCompetence: true, headMotivation: true };
  const input = district(specs, 2026, {
    curatorFlags: [
      { schoolCode: "T1", ...all },
      { schoolCode: "T2", innovationPlatform: true, headCompetence: true, headMotivation: null },
      { schoolCode: "T3", ...all },
    ],
  });
  const out = identify(input, DEFAULT_IDENTIFICATION);

  it("кандидат — школа в верхней четверти района три года подряд со всеми тремя отметками района, в каком бы кластере она ни была", () => {
    expect(codes(out.schools, (s) => s.curatorCandidate)).toEqual(["T1"]);
    expect(of(out.schools, "T1").cluster).toBe("resilient");
    expect(check(of(out.schools, "T1"), "curator").text).toContain("Кандидат в школы-кураторы");
  });

  it("объясняет, чего не хватило: отметки мотивации руководителя или стабильности результатов", () => {
    expect(check(of(out.schools, "T2"), "curator").text).toContain("нужно не меньше 3 из 3");
    expect(check(of(out.schools, "T3"), "curator").text).toContain("2024 — не в верхних 25 %");
    const two = identify(input, methodology({ curator: { years: 3, topShare: 0.25, minFlags: 2 } }));
    expect(codes(two.schools, (s) => s.curatorCandidate)).toEqual(["T1", "T2"]);
  });

  it("отметки можно передать и в социальном файле", () => {
    const social = input.social.map((row) => (row.schoolCode === "T2" ? { ...row, ...all } : row));
    const out = identify({ ...input, curatorFlags: [], social }, DEFAULT_IDENTIFICATION);
    expect(codes(out.schools, (s) => s.curatorCandidate)).toEqual(["T2"]);
  });
});

describe("задания ВПР с низкой решаемостью (порог — настройка)", () => {
  const item = (school: string, task: string, solvedShare: number, topic: string | null = null): ItemRow => ({
    schoolCode: school,
    schoolName: school,
    year: 2026,
    grade: 4,
    subject: MATH,
    task,
    solvedShare,
    topic,
    participants: 20,
  });
  const items = [item("A", "1", 0.8), item("A", "2", 0.3, "Дроби"), item("A", "10", 0.45), item("B", "2", 0.4), item("B", "10", 0.7), item("A", "2", 0.9, "Дроби")];
  const base = district([
    { code: "A", scores: flat(40) },
    { code: "B", scores: flat(60) },
  ]);

  it("у школы — её задания ниже порога с темами, у района — задания, где средняя решаемость ниже порога", () => {
    const out = identify({ ...base, items: items.slice(0, 5) }, DEFAULT_IDENTIFICATION);
    expect(of(out.schools, "A").lowTasks).toEqual([
      { grade: 4, subject: MATH, task: "2", solvedShare: 0.3, topic: "Дроби" },
      { grade: 4, subject: MATH, task: "10", solvedShare: 0.45, topic: null },
    ]);
    expect(out.districtLowTasks).toEqual([{ grade: 4, subject: MATH, task: "2", solvedShare: 0.35, topic: "Дроби", schools: 2 }]);
    expect(explainSchool(of(out.schools, "A"))).toContain("Темы, по которым нужна методическая помощь: Дроби.");
  });

  it("порог 0,6 добавляет задание 10 района; повтор задания в файле берётся один раз", () => {
    const out = identify({ ...base, items }, methodology({ lowSolveThreshold: 0.6 }));
    expect(out.districtLowTasks.map((t) => t.task)).toEqual(["2", "10"]);
    expect(of(out.schools, "A").lowTasks.map((t) => t.task)).toEqual(["2", "10"]);
  });

  it("темы для методической помощи: сначала те, где слабых школ больше", () => {
    const topics = lowTopics([
      { grade: 4, subject: MATH, topic: "Дроби", schools: 2 },
      { grade: 4, subject: MATH, topic: "Дроби", schools: 5 },
      { grade: 4, subject: RU, topic: "Орфография", schools: 7 },
      { grade: 4, subject: MATH, topic: null, schools: 9 },
    ]);
    expect(topics).toEqual([
      { grade: 4, subject: RU, topic: "Орфография", tasks: 1, schools: 7 },
      { grade: 4, subject: MATH, topic: "Дроби", tasks: 2, schools: 5 },
    ]);
  });

  it("номера заданий по порядку: 2 < 10 < 10.1", () => {
    expect(["10.1", "2", "10", "1"].sort(compareTask)).toEqual(["1", "2", "10", "10.1"]);
  });
});

describe("нормировка — настройка: z-оценки, min–max и ранги дают одни и те же кластеры на ясном районе", () => {
  const specs: SchoolSpec[] = [
    { code: "A", scores: flat(40), atRisk: 0.1 },
    { code: "B", scores: flat(70), atRisk: 0.1 },
    { code: "C", scores: flat(45), atRisk: 0.5 },
    { code: "D", scores: flat(75), atRisk: 0.5 },
  ];
  for (const normalisation of ["zscore", "minmax", "rank"] as const)
    it(normalisation, () => {
      const out = identify(district(specs), methodology({ normalisation }));
      expect(out.schools.map((s) => s.cluster)).toEqual(["failing", "effective", "deprived", "resilient"]);
      if (normalisation !== "zscore") for (const s of out.schools) expect(s.resultsIndex!).toBeGreaterThanOrEqual(0), expect(s.resultsIndex!).toBeLessThanOrEqual(1);
    });
});

describe("списки сверху: расчётный список рядом с официальным", () => {
  const specs: SchoolSpec[] = [
    { code: "S01", scores: flat(30) },
    { code: "S02", scores: flat(40) },
    ...[50, 55, 60, 65, 70, 75, 80, 85].map((score, i) => ({ code: `S${String(i + 3).padStart(2, "0")}`, scores: flat(score) })),
  ];
  const out = identify(district(specs), withShnorPreset("seed004"));
  const list = {
    kind: "shnor" as const,
    year: 2026,
    source: "Рособрнадзор",
    documentNumber: "847",
    documentDate: "2026-03-01",
    schools: [
      { schoolCode: "S02", schoolName: "Школа S02" },
      { schoolCode: "S07", schoolName: "Школа S07", note: "по итогам проверки" },
      { schoolCode: "X99", schoolName: "Чужая школа" },
    ],
  };

  it("показывает расхождения в обе стороны, каждое с объяснением", () => {
    const compared = compareWithOfficial(out.schools, list);
    expect(compared.both.map((s) => s.schoolCode)).toEqual(["S02"]);
    expect(compared.onlyComputed.map((s) => s.schoolCode)).toEqual(["S01"]);
    expect(compared.onlyOfficial.map((s) => s.schoolCode)).toEqual(["S07", "X99"]);
    expect(compared.onlyComputed[0]!.why).toContain("нет в списке «Рособрнадзор, № 847 от 01.03.2026»");
    expect(compared.onlyComputed[0]!.why).toContain("Школа попадает в список ШНОР");
    expect(compared.onlyOfficial[0]!.why).toContain("Школа не попадает в список ШНОР");
    expect(compared.onlyOfficial[0]!.why).toContain("Примечание к списку: по итогам проверки");
    expect(compared.onlyOfficial[1]!.why).toContain("школы с таким кодом нет");
  });

  it("изменения списков между расчётами: вошедшие и вышедшие", () => {
    const later = identify(district(specs.map((s) => (s.code === "S02" ? { ...s, scores: flat(90) } : s))), withShnorPreset("seed004"));
    const changes = listChanges(out.schools, later.schools);
    expect(changes.left).toEqual([{ schoolCode: "S02", schoolName: "Школа S02", list: "shnor" }]);
    expect(changes.entered).toEqual([{ schoolCode: "S03", schoolName: "Школа S03", list: "shnor" }]);
    const first = listChanges(null, out.schools);
    expect(first.entered.filter((c) => c.list === "shnor").map((c) => c.schoolCode)).toEqual(["S01", "S02"]);
    expect(first.left).toEqual([]);
  });
});

describe("настройки методики (zod)", () => {
  it("по умолчанию: z-оценки, три года, правило «ниже кластера 2 года подряд», порог решаемости 50 %", () => {
    expect(DEFAULT_IDENTIFICATION).toMatchObject({ normalisation: "zscore", years: 3, lowSolveThreshold: 0.5, shnor: { rule: "clusterConsecutive", years: 2, lowestShare: 0.25 } });
    expect(IdentificationMethodologySchema.parse(JSON.parse(JSON.stringify(DEFAULT_IDENTIFICATION)))).toEqual(DEFAULT_IDENTIFICATION);
    for (const preset of ["consecutive", "seed000", "seed004"] as const) expect(withShnorPreset(preset).shnor).toEqual(SHNOR_PRESETS[preset]);
  });

  it("отклоняет повтор показателя, нулевые веса, пустое правило ШНСУ и долю больше 1", () => {
    const bad = (patch: object) => IdentificationMethodologySchema.safeParse({ ...DEFAULT_IDENTIFICATION, ...patch });
    expect(bad({ results: [DEFAULT_IDENTIFICATION.results[0], DEFAULT_IDENTIFICATION.results[0]] }).error?.issues[0]?.message).toContain("повторяется");
    expect(bad({ results: DEFAULT_IDENTIFICATION.results.map((c) => ({ ...c, weight: 0 })) }).success).toBe(false);
    expect(bad({ shnsu: { lowSocial: null, minFlags: null, flags: ["remote"] } }).success).toBe(false);
    expect(bad({ shnor: { rule: "lowestShare", share: 1.5 } }).success).toBe(false);
    expect(bad({ normalisation: "robust" }).success).toBe(false);
  });

  it("названия предметов приводятся к виду данных: регистр, ё", () => {
    const m = methodology({ results: [{ assessment: "ОГЭ", grades: [9], subjects: ["Русский  Язык"], metric: "mean", weight: 1 }] });
    expect(m.results[0]!.subjects).toEqual(["русский язык"]);
  });

  it("числа в объяснениях — с запятой и настоящим минусом", () => {
    expect(fmt(-1.234)).toBe("−1,23");
    expect(fmt(-0.001)).toBe("0,00");
  });
});
