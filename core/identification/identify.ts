import { identificationText as t } from "../messages/identification.ts";
import {
  CURATOR_FLAGS,
  DEFICIT_FLAGS,
  LOWER_IS_BETTER,
  componentKey,
  normaliseSubject,
  type CuratorFlag,
  type DeficitFlag,
  type IdentificationMethodology,
  type LowRule,
  type Normalisation,
  type ResultMetric,
  type ResultsComponent,
  type SocialComponent,
} from "./methodology.ts";
import {
  CLUSTERS,
  type Assessment,
  type Cluster,
  type IndexInput,
  type ItemRow,
  type ResultRow,
  type RuleCheck,
  type SchoolIdentification,
  type SocialRow,
} from "./types.ts";

/**
 * Curator flags the district keeps apart from the social file (seed 004's criteria besides results).
 * When given for a school they win over the flags of its social row.
 */
export interface CuratorFlagsRow {
  schoolCode: string;
  innovationPlatform?: boolean | null;
  headCompetence?: boolean | null;
  headMotivation?: boolean | null;
}

export interface IdentifyInput {
  /** The run's year: the last calendar year of data it uses. */
  year: number;
  /** All years present; identify picks the years it needs. */
  results: ResultRow[];
  items: ItemRow[];
  social: SocialRow[];
  /** The district's schools (names win over the names in the rows). */
  schools: Array<{ code: string; name: string }>;
  curatorFlags?: CuratorFlagsRow[];
}

export interface DistrictLowTask {
  grade: number;
  subject: string;
  task: string;
  /** The district's solved share of the task (participant-weighted where the rows have participants). */
  solvedShare: number;
  topic: string | null;
  /** Schools where the task is below the threshold. */
  schools: number;
}

export interface IdentifyOutput {
  year: number;
  /** Ordered by school code. */
  schools: SchoolIdentification[];
  clusters: Record<Cluster, number>;
  districtLowTasks: DistrictLowTask[];
  /** Russian, for the district ("нет данных ЕГЭ за 2024 год"). */
  warnings: string[];
}

/** One year's indices of the district (the run's year and the years its rules look back at). */
interface YearIndices {
  year: number;
  /** Whether the district has any results data that year (otherwise every index of the year is NaN). */
  computed: boolean;
  results: Float64Array;
  social: Float64Array;
  cluster: Array<Cluster | null>;
  resultsSplit: number;
  socialSplit: number;
}

const round = (x: number, digits = 4) => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};
const orNull = (x: number) => (Number.isFinite(x) ? round(x) : null);
const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** "1" < "2" < "10" < "10.1" < "10.2" < "а". */
export const compareTask = (a: string, b: string): number => {
  const pa = a.split(/[.,]/);
  const pb = b.split(/[.,]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const nx = /^\d+$/.test(x) ? Number(x) : NaN;
    const ny = /^\d+$/.test(y) ? Number(y) : NaN;
    if (!Number.isNaN(nx) && !Number.isNaN(ny)) {
      if (nx !== ny) return nx - ny;
    } else if (Number.isNaN(nx) !== Number.isNaN(ny)) return Number.isNaN(nx) ? 1 : -1;
    else if (x !== y) return byString(x, y);
  }
  return 0;
};

const metricValue = (row: ResultRow, metric: ResultMetric): number | null => {
  switch (metric) {
    case "mean":
      return row.meanScore;
    case "lowShare":
      return row.lowShare;
    case "highShare":
      return row.highShare;
    case "objectivity": {
      if (row.vprConfirmed != null) return row.vprConfirmed;
      if (row.vprLowered != null && row.vprRaised != null) return 1 - row.vprLowered - row.vprRaised;
      return null;
    }
  }
};

/** Lower bound: how many values of the ascending array are strictly below x. */
const countBelow = (sorted: Float64Array, x: number) => {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
};

/** Finite values of `values`, ascending. */
const sortedFinite = (values: Float64Array, pick?: (i: number) => boolean) => {
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i]!) && (!pick || pick(i))) out.push(values[i]!);
  return Float64Array.from(out).sort();
};

const median = (sorted: Float64Array) => {
  const n = sorted.length;
  if (n === 0) return NaN;
  return n % 2 ? sorted[(n - 1) >> 1]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
};

const mean = (values: Float64Array) => {
  let sum = 0;
  let n = 0;
  for (const v of values) if (Number.isFinite(v)) ((sum += v), n++);
  return n ? sum / n : NaN;
};

/**
 * Normalises one indicator across the district's schools (NaN stays NaN), oriented so that higher is better.
 * zscore: (x − mean) / sd, 0 when all are equal; minmax: 0…1, ½ when all are equal; rank: the percentile rank 0…1
 * with ties averaged.
 */
export const normalise = (values: Float64Array, method: Normalisation, higherIsBetter: boolean): Float64Array => {
  const out = new Float64Array(values.length).fill(NaN);
  const idx: number[] = [];
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i]!)) idx.push(i);
  const n = idx.length;
  if (n === 0) return out;
  if (method === "zscore") {
    let sum = 0;
    let min = Infinity;
    let max = -Infinity;
    for (const i of idx) ((sum += values[i]!), (min = Math.min(min, values[i]!)), (max = Math.max(max, values[i]!)));
    const m = sum / n;
    let sq = 0;
    for (const i of idx) sq += (values[i]! - m) ** 2;
    // Equal values give a rounding-noise sd (0.05 × 8 / 8 ≠ 0.05): they are all average, not ±1.
    const sd = max > min ? Math.sqrt(sq / n) : 0;
    for (const i of idx) {
      const z = sd > 0 ? (values[i]! - m) / sd : 0;
      out[i] = higherIsBetter ? z : -z || 0;
    }
    return out;
  }
  if (method === "minmax") {
    let min = Infinity;
    let max = -Infinity;
    for (const i of idx) ((min = Math.min(min, values[i]!)), (max = Math.max(max, values[i]!)));
    for (const i of idx) {
      const x = max > min ? (values[i]! - min) / (max - min) : 0.5;
      out[i] = higherIsBetter ? x : 1 - x;
    }
    return out;
  }
  idx.sort((a, b) => values[a]! - values[b]! || a - b);
  for (let k = 0; k < n; ) {
    let j = k;
    while (j + 1 < n && values[idx[j + 1]!] === values[idx[k]!]) j++;
    const r = n > 1 ? (k + j) / 2 / (n - 1) : 0.5;
    for (let q = k; q <= j; q++) out[idx[q]!] = higherIsBetter ? r : 1 - r;
    k = j + 1;
  }
  return out;
};

/** Weighted mean of the normalised components present; NaN when none is. */
const weightedIndex = (norms: Float64Array[], weights: number[], school: number) => {
  let sum = 0;
  let w = 0;
  for (let c = 0; c < norms.length; c++) {
    const v = norms[c]![school]!;
    if (Number.isFinite(v)) ((sum += v * weights[c]!), (w += weights[c]!));
  }
  return w > 0 ? sum / w : NaN;
};

const socialValue = (row: SocialRow, field: SocialComponent["field"]): number => {
  const v = row[field];
  if (typeof v === "boolean") return v ? 1 : 0;
  if (v == null) return NaN;
  return row.students > 0 ? Math.min(1, Math.max(0, v / row.students)) : NaN;
};

/** A deterministic pick among duplicate social rows of one school-year: the fuller, then the larger, row. */
const socialRank = (row: SocialRow) => {
  let filled = 0;
  for (const value of Object.values(row)) if (value != null) filled++;
  return filled * 1e9 + row.students;
};

const isLow = (rule: LowRule, sorted: Float64Array, x: number) =>
  rule.by === "share" ? countBelow(sorted, x) < rule.share * sorted.length : x < rule.value;
/** The highest index still counted low by a share rule (for the explanation). */
const shareCutoff = (share: number, sorted: Float64Array) => (sorted.length ? sorted[Math.max(0, Math.ceil(share * sorted.length) - 1)]! : NaN);

export function identify(input: IdentifyInput, m: IdentificationMethodology): IdentifyOutput {
  const Y = input.year;
  const warnings: string[] = [];

  // ---- years: the run's year and the years its rules look back at; data years reach `years − 1` further ----
  const shnorYears = m.shnor.rule === "lowestShare" ? 1 : m.shnor.years;
  const lookback = Math.max(shnorYears, m.curator.years, 2);
  const refYears = Array.from({ length: lookback }, (_, i) => Y - lookback + 1 + i);
  const firstDataYear = refYears[0]! - (m.years - 1);
  const Yn = Y - firstDataYear + 1;
  const windowLabel = (year: number) => t.yearsLabel(year - m.years + 1, year);

  // ---- schools: the registry first, then codes that only the rows name; ordered by code ----
  const names = new Map<string, { name: string; year: number; registry: boolean }>();
  for (const school of input.schools) {
    const seen = names.get(school.code);
    if (!seen || !seen.registry || school.name < seen.name) names.set(school.code, { name: school.name, year: Infinity, registry: true });
  }
  const noteName = (code: string, name: string, year: number) => {
    const seen = names.get(code);
    if (!seen) names.set(code, { name, year, registry: false });
    else if (!seen.registry && (year > seen.year || (year === seen.year && name < seen.name))) names.set(code, { name, year, registry: false });
  };
  // Rows outside the years the run reads (a school closed long ago, next year's data) name no school.
  const inRange = (year: number) => year >= firstDataYear && year <= Y;
  for (const row of input.results) if (inRange(row.year)) noteName(row.schoolCode, row.schoolName, row.year);
  for (const row of input.social) if (inRange(row.year)) noteName(row.schoolCode, row.schoolName, row.year);
  for (const row of input.items) if (row.year === Y) noteName(row.schoolCode, row.schoolName, row.year);
  const codes = [...names.keys()].sort(byString);
  const S = codes.length;
  const schoolIndex = new Map<string, number>();
  codes.forEach((code, i) => schoolIndex.set(code, i));

  // ---- results: one pass over the rows into per (school, component, year) buckets ----
  const components: ResultsComponent[] = m.results.filter((c) => c.weight > 0);
  const C = components.length;
  // assessment → grade → subject → components (nested maps: no key string per row)
  const lookup = new Map<string, Map<number, Map<string, number[]>>>();
  components.forEach((c, ci) => {
    for (const grade of c.grades)
      for (const subject of c.subjects) {
        const byGrade = lookup.get(c.assessment) ?? new Map<number, Map<string, number[]>>();
        lookup.set(c.assessment, byGrade);
        const bySubject = byGrade.get(grade) ?? new Map<string, number[]>();
        byGrade.set(grade, bySubject);
        const key = normaliseSubject(subject);
        const list = bySubject.get(key);
        if (list) list.push(ci);
        else bySubject.set(key, [ci]);
      }
  });
  const match = (row: ResultRow) => lookup.get(row.assessment)?.get(row.grade)?.get(row.subject);
  const keys = components.map(componentKey);
  const labels = components.map((c) => c.label ?? t.componentLabel(c, windowLabel(Y)));
  const cells = S * C * Yn;
  const count = new Uint32Array(cells);
  const sumW = new Float64Array(cells);
  const sumVW = new Float64Array(cells);
  /** Whether any row fed a component of this assessment in this year (for the warnings). */
  const assessmentYears = new Set<string>();
  const yearHasResults = new Uint8Array(Yn);
  let multi = false;
  for (const row of input.results) {
    const yi = row.year - firstDataYear;
    if (yi < 0 || yi >= Yn) continue;
    const matched = match(row);
    if (!matched) continue;
    const s = schoolIndex.get(row.schoolCode)!;
    const w = row.participants > 0 ? row.participants : 1;
    for (const ci of matched) {
      const v = metricValue(row, components[ci]!.metric);
      if (v == null || !Number.isFinite(v)) continue;
      const b = (s * C + ci) * Yn + yi;
      if (++count[b]! > 2) multi = true;
      sumW[b]! += w;
      sumVW[b]! += v * w;
      yearHasResults[yi] = 1;
      assessmentYears.add(`${row.assessment}|${row.year}`);
    }
  }
  if (multi) {
    // Floating sums of three or more rows depend on their order: resum those buckets in a canonical order,
    // so that permuting the input changes nothing.
    const parts = new Map<number, Array<[number, number]>>();
    for (const row of input.results) {
      const yi = row.year - firstDataYear;
      if (yi < 0 || yi >= Yn) continue;
      const matched = match(row);
      if (!matched) continue;
      const s = schoolIndex.get(row.schoolCode)!;
      for (const ci of matched) {
        const b = (s * C + ci) * Yn + yi;
        if (count[b]! < 3) continue;
        const v = metricValue(row, components[ci]!.metric);
        if (v == null || !Number.isFinite(v)) continue;
        const list = parts.get(b) ?? [];
        list.push([v, row.participants > 0 ? row.participants : 1]);
        parts.set(b, list);
      }
    }
    for (const [b, list] of parts) {
      list.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
      let w = 0;
      let vw = 0;
      for (const [v, pw] of list) ((w += pw), (vw += v * pw));
      sumW[b] = w;
      sumVW[b] = vw;
    }
  }

  // ---- social rows by school, ascending years, one per year ----
  const socialBySchool: Array<SocialRow[] | undefined> = new Array(S);
  for (const row of input.social) {
    if (!inRange(row.year)) continue;
    const s = schoolIndex.get(row.schoolCode)!;
    const list = socialBySchool[s] ?? (socialBySchool[s] = []);
    const same = list.findIndex((r) => r.year === row.year);
    if (same < 0) list.push(row);
    else if (socialRank(row) > socialRank(list[same]!)) list[same] = row;
  }
  for (const list of socialBySchool) list?.sort((a, b) => a.year - b.year);
  /** The school's social row for a year: that year's, else the latest before it. */
  const socialFor = (s: number, year: number): SocialRow | undefined => {
    const list = socialBySchool[s];
    if (!list) return undefined;
    let found: SocialRow | undefined;
    for (const row of list) if (row.year <= year) found = row;
    return found;
  };
  const socialComponents = m.social.filter((c) => c.weight > 0);
  const socialWeights = socialComponents.map((c) => c.weight);
  const socialKeys = socialComponents.map((c) => `social:${c.field}`);
  const socialLabels = new Map<number, string[]>();
  const socialLabel = (ci: number, year: number) => {
    let list = socialLabels.get(year);
    if (!list) socialLabels.set(year, (list = socialComponents.map((c) => t.socialLabel(c.field, year))));
    return list[ci]!;
  };
  const resultWeights = components.map((c) => c.weight);

  // ---- indices per year ----
  const rawY: Float64Array[] = [];
  const normY: Float64Array[] = [];
  const socialRawY: Float64Array[] = [];
  const socialNormY: Float64Array[] = [];
  let socialRowsY: Array<SocialRow | undefined> = [];
  const years: YearIndices[] = refYears.map((year) => {
    const computed = yearHasResults[year - firstDataYear] === 1;
    const from = Math.max(0, year - m.years + 1 - firstDataYear);
    const to = year - firstDataYear;
    const norms: Float64Array[] = [];
    const raws: Float64Array[] = [];
    for (let ci = 0; ci < C; ci++) {
      const raw = new Float64Array(S).fill(NaN);
      if (computed)
        for (let s = 0; s < S; s++) {
          let sum = 0;
          let n = 0;
          for (let yi = from; yi <= to; yi++) {
            const b = (s * C + ci) * Yn + yi;
            if (count[b]! > 0) ((sum += sumVW[b]! / sumW[b]!), n++);
          }
          if (n) raw[s] = sum / n;
        }
      raws.push(raw);
      norms.push(normalise(raw, m.normalisation, !LOWER_IS_BETTER.has(components[ci]!.metric)));
    }
    const results = new Float64Array(S);
    for (let s = 0; s < S; s++) results[s] = weightedIndex(norms, resultWeights, s);

    const sNorms: Float64Array[] = [];
    const sRaws: Float64Array[] = [];
    const rows = Array.from({ length: S }, (_, s) => socialFor(s, year));
    if (year === Y) socialRowsY = rows;
    for (const component of socialComponents) {
      const raw = new Float64Array(S).fill(NaN);
      for (let s = 0; s < S; s++) {
        const row = rows[s];
        if (row) raw[s] = socialValue(row, component.field);
      }
      sRaws.push(raw);
      sNorms.push(normalise(raw, m.normalisation, false));
    }
    const social = new Float64Array(S);
    for (let s = 0; s < S; s++) social[s] = weightedIndex(sNorms, socialWeights, s);

    const resultsSplit = m.split.results === "mean" ? mean(results) : median(sortedFinite(results));
    const socialSplit = m.split.social === "mean" ? mean(social) : median(sortedFinite(social));
    const cluster = Array.from({ length: S }, (_, s): Cluster | null => {
      const r = results[s]!;
      const q = social[s]!;
      if (!Number.isFinite(r) || !Number.isFinite(q)) return null;
      const highResults = r >= resultsSplit;
      const highSocial = q >= socialSplit;
      return highSocial ? (highResults ? "effective" : "failing") : highResults ? "resilient" : "deprived";
    });
    if (year === Y) rawY.push(...raws), normY.push(...norms), socialRawY.push(...sRaws), socialNormY.push(...sNorms);
    return { year, computed, results, social, cluster, resultsSplit, socialSplit };
  });
  const now = years[years.length - 1]!;
  const previous = years[years.length - 2]!;

  // ---- per year: each cluster's indices ascending; the district's too ----
  const clusterSorted = years.map((y) => {
    const map = new Map<Cluster, Float64Array>();
    for (const cluster of CLUSTERS) map.set(cluster, sortedFinite(y.results, (s) => y.cluster[s] === cluster));
    return map;
  });
  const districtSorted = years.map((y) => sortedFinite(y.results));
  const socialSorted = sortedFinite(now.social);

  // ---- curator flags ----
  const curatorOverride = new Map<string, CuratorFlagsRow>();
  for (const row of input.curatorFlags ?? []) curatorOverride.set(row.schoolCode, row);

  // ---- items of the run's year: each school's low tasks and the district's ----
  const itemsBySchool: Array<ItemRow[] | undefined> = new Array(S);
  let itemCount = 0;
  for (const row of input.items) {
    if (row.year !== Y) continue;
    const s = schoolIndex.get(row.schoolCode)!;
    (itemsBySchool[s] ?? (itemsBySchool[s] = [])).push(row);
    itemCount++;
  }
  const compareItem = (a: ItemRow, b: ItemRow) =>
    a.grade - b.grade || byString(a.subject, b.subject) || compareTask(a.task, b.task) || a.solvedShare - b.solvedShare || byString(a.topic ?? "", b.topic ?? "");
  const districtTasks = new Map<string, { grade: number; subject: string; task: string; w: number; sw: number; low: number; topics: Map<string, number> }>();

  // ---- schools ----
  const clusterCounts: Record<Cluster, number> = { failing: 0, effective: 0, deprived: 0, resilient: 0 };
  let withoutResults = 0;
  let withoutSocial = 0;
  const schools: SchoolIdentification[] = codes.map((code, s) => {
    const name = names.get(code)!.name;
    const checks: RuleCheck[] = [];
    const resultsIndex = now.results[s]!;
    const socialIndex = now.social[s]!;
    const cluster = now.cluster[s]!;
    if (cluster) clusterCounts[cluster]++;

    // Inputs of the two indices, with what was missing.
    const resultsInputs: IndexInput[] = components.map((c, ci) => ({
      key: keys[ci]!,
      label: labels[ci]!,
      value: orNull(rawY[ci]?.[s] ?? NaN),
      normalized: orNull(normY[ci]?.[s] ?? NaN),
      weight: c.weight,
    }));
    const socialRow = socialRowsY[s];
    const socialInputs: IndexInput[] = socialComponents.map((c, ci) => ({
      key: socialKeys[ci]!,
      label: socialLabel(ci, socialRow?.year ?? Y),
      value: orNull(socialRawY[ci]?.[s] ?? NaN),
      normalized: orNull(socialNormY[ci]?.[s] ?? NaN),
      weight: c.weight,
    }));
    if (!Number.isFinite(resultsIndex)) {
      withoutResults++;
      checks.push({ rule: "results", passed: false, text: t.noResults(windowLabel(Y)), value: null, threshold: null });
    } else {
      const missing = resultsInputs.filter((i) => i.value === null).map((i) => i.label);
      checks.push({ rule: "results", passed: true, text: t.resultsIndex(resultsIndex, missing), value: round(resultsIndex), threshold: null });
    }
    if (!socialRow) {
      withoutSocial++;
      checks.push({ rule: "social", passed: false, text: t.noSocial(Y), value: null, threshold: null });
    } else if (!Number.isFinite(socialIndex)) {
      checks.push({ rule: "social", passed: false, text: t.noSocialValues(socialRow.year), value: null, threshold: null });
    } else {
      const missing = socialInputs.filter((i) => i.value === null).map((i) => i.label);
      checks.push({ rule: "social", passed: true, text: t.socialIndex(socialIndex, socialRow.year, Y, missing), value: round(socialIndex), threshold: null });
    }

    // Cluster (seed 004 table 1).
    if (cluster) {
      checks.push({
        rule: "cluster",
        passed: true,
        text: t.cluster(cluster, resultsIndex, now.resultsSplit, socialIndex, now.socialSplit, m.split),
        value: round(resultsIndex),
        threshold: round(now.resultsSplit),
      });
    } else {
      checks.push({ rule: "cluster", passed: false, text: t.noCluster(Number.isFinite(resultsIndex), Number.isFinite(socialIndex)), value: null, threshold: null });
    }

    // ШНОР.
    let shnor = false;
    const rule = m.shnor;
    if (rule.rule === "lowestShare") {
      const sorted = districtSorted[districtSorted.length - 1]!;
      const cutoff = shareCutoff(rule.share, sorted);
      shnor = Number.isFinite(resultsIndex) && isLow({ by: "share", share: rule.share }, sorted, resultsIndex);
      checks.push({
        rule: "shnor",
        passed: shnor,
        text: t.shnorLowestShare(shnor, resultsIndex, cutoff, rule.share, windowLabel(Y), countBelow(sorted, resultsIndex) + 1, sorted.length),
        value: orNull(resultsIndex),
        threshold: orNull(cutoff),
      });
    } else {
      const statuses = years.slice(years.length - rule.years).map((y, k) => {
        const yi = years.length - rule.years + k;
        const c = y.cluster[s]!;
        const index = y.results[s]!;
        if (!y.computed || !Number.isFinite(index)) return { year: y.year, status: "noData" as const, cluster: c, place: 0, size: 0 };
        if (!c) return { year: y.year, status: "noCluster" as const, cluster: c, place: 0, size: 0 };
        const sorted = clusterSorted[yi]!.get(c)!;
        const below = countBelow(sorted, index);
        const place = { year: y.year, cluster: c, place: below + 1, size: sorted.length };
        if (!rule.clusters.includes(c)) return { ...place, status: "otherCluster" as const };
        const low = rule.rule === "clusterWorst" ? below === 0 : below < rule.lowestShare * sorted.length;
        return { ...place, status: low ? ("low" as const) : ("notLow" as const) };
      });
      shnor = statuses.every((x) => x.status === "low");
      let streak = 0;
      for (let k = statuses.length - 1; k >= 0 && statuses[k]!.status === "low"; k--) streak++;
      checks.push({
        rule: "shnor",
        passed: shnor,
        text: rule.rule === "clusterWorst" ? t.shnorClusterWorst(shnor, statuses, rule.clusters) : t.shnorClusterConsecutive(shnor, statuses, rule.lowestShare, rule.clusters),
        value: streak,
        threshold: rule.years,
      });
    }

    // ШНСУ: low social well-being or enough deficits.
    const deficitFlags = socialRow ? DEFICIT_FLAGS.filter((f) => socialRow[f] === true) : [];
    const counted: DeficitFlag[] = deficitFlags.filter((f) => m.shnsu.flags.includes(f));
    const lowSocial = m.shnsu.lowSocial !== null && Number.isFinite(socialIndex) && isLow(m.shnsu.lowSocial, socialSorted, socialIndex);
    const manyFlags = m.shnsu.minFlags !== null && counted.length >= m.shnsu.minFlags;
    const shnsu = lowSocial || manyFlags;
    const socialCutoff = m.shnsu.lowSocial === null ? NaN : m.shnsu.lowSocial.by === "share" ? shareCutoff(m.shnsu.lowSocial.share, socialSorted) : m.shnsu.lowSocial.value;
    checks.push({
      rule: "shnsu",
      passed: shnsu,
      text: t.shnsu({ passed: shnsu, lowSocial, socialIndex, rule: m.shnsu.lowSocial, cutoff: socialCutoff, flags: counted, minFlags: m.shnsu.minFlags, hasSocial: !!socialRow }),
      value: orNull(socialIndex),
      threshold: orNull(socialCutoff),
    });

    // Dynamics against the previous year; exclusion proposals (seed 004 §6, table 3).
    const before = previous.results[s]!;
    const dynamics = Number.isFinite(resultsIndex) && Number.isFinite(before) ? resultsIndex - before : NaN;
    const positive = Number.isFinite(dynamics) && dynamics > m.dynamics.threshold;
    const listed = (m.dynamics.exclusionLists.includes("shnor") && shnor) || (m.dynamics.exclusionLists.includes("shnsu") && shnsu);
    const proposeExclusion = listed && positive;
    checks.push({
      rule: "dynamics",
      passed: positive,
      text: t.dynamics({ before, after: resultsIndex, year: Y, dynamics, threshold: m.dynamics.threshold, listed, proposeExclusion }),
      value: orNull(dynamics),
      threshold: m.dynamics.threshold,
    });

    // Resilient: a source of effective practices.
    const resilient = cluster === "resilient";
    if (cluster) checks.push({ rule: "resilient", passed: resilient, text: t.resilient(resilient), value: null, threshold: null });

    // School-curator candidates, whatever the cluster.
    const curatorYears = years.slice(years.length - m.curator.years).map((y, k) => {
      const yi = years.length - m.curator.years + k;
      const index = y.results[s]!;
      if (!y.computed || !Number.isFinite(index)) return { year: y.year, top: false, noData: true };
      const sorted = districtSorted[yi]!;
      const above = sorted.length - countBelow(sorted, index) - 1;
      return { year: y.year, top: above < m.curator.topShare * sorted.length, noData: false };
    });
    const override = curatorOverride.get(code);
    const flagValue = (f: CuratorFlag) => (override && override[f] != null ? override[f] : socialRow?.[f]) === true;
    const curatorFlags = CURATOR_FLAGS.filter(flagValue);
    const stable = curatorYears.every((y) => y.top);
    const curatorCandidate = stable && curatorFlags.length >= m.curator.minFlags;
    checks.push({
      rule: "curator",
      passed: curatorCandidate,
      text: t.curator({ passed: curatorCandidate, years: curatorYears, topShare: m.curator.topShare, flags: curatorFlags, minFlags: m.curator.minFlags }),
      value: curatorFlags.length,
      threshold: m.curator.minFlags,
    });

    // Low tasks of ВПР.
    const items = itemsBySchool[s];
    const lowTasks: SchoolIdentification["lowTasks"] = [];
    if (items) {
      items.sort(compareItem);
      let last = "";
      for (const item of items) {
        const key = `${item.grade}|${item.subject}|${item.task}`;
        if (key === last) continue; // a duplicate of the same task: the lower share was kept
        last = key;
        const low = item.solvedShare < m.lowSolveThreshold;
        if (low) lowTasks.push({ grade: item.grade, subject: item.subject, task: item.task, solvedShare: item.solvedShare, topic: item.topic ?? null });
        let task = districtTasks.get(key);
        if (!task) districtTasks.set(key, (task = { grade: item.grade, subject: item.subject, task: item.task, w: 0, sw: 0, low: 0, topics: new Map() }));
        const w = item.participants && item.participants > 0 ? item.participants : 1;
        task.w += w;
        task.sw += item.solvedShare * w;
        if (low) task.low++;
        if (item.topic) task.topics.set(item.topic, (task.topics.get(item.topic) ?? 0) + 1);
      }
    }

    return {
      schoolCode: code,
      schoolName: name,
      resultsIndex: orNull(resultsIndex),
      socialIndex: orNull(socialIndex),
      cluster,
      shnor,
      shnsu,
      dynamics: orNull(dynamics),
      proposeExclusion,
      resilient,
      curatorCandidate,
      deficitFlags,
      lowTasks,
      explanation: { resultsInputs, socialInputs, checks },
    };
  });

  const districtLowTasks: DistrictLowTask[] = [];
  for (const task of districtTasks.values()) {
    const solvedShare = task.sw / task.w;
    if (solvedShare >= m.lowSolveThreshold) continue;
    let topic: string | null = null;
    let best = 0;
    for (const [name, n] of task.topics) if (n > best || (n === best && topic !== null && name < topic)) ((topic = name), (best = n));
    districtLowTasks.push({ grade: task.grade, subject: task.subject, task: task.task, solvedShare: round(solvedShare), topic, schools: task.low });
  }
  districtLowTasks.sort((a, b) => a.grade - b.grade || byString(a.subject, b.subject) || compareTask(a.task, b.task));

  // ---- warnings for the district ----
  const assessments = [...new Set(components.map((c) => c.assessment))] as Assessment[];
  for (let year = Y - m.years + 1; year <= Y; year++)
    for (const assessment of assessments) if (!assessmentYears.has(`${assessment}|${year}`)) warnings.push(t.warnNoAssessment(assessment, year));
  for (const y of years) if (!y.computed && y.year < Y - m.years + 1) warnings.push(t.warnNoYearForRules(y.year));
  if (!now.computed) warnings.push(t.warnNoResults(Y));
  if (withoutResults && now.computed) warnings.push(t.warnSchoolsWithoutResults(withoutResults));
  if (!input.social.some((row) => row.year === Y)) warnings.push(input.social.some((row) => row.year < Y) ? t.warnSocialFallback(Y) : t.warnNoSocial(Y));
  else if (withoutSocial) warnings.push(t.warnSchoolsWithoutSocial(withoutSocial, Y));
  if (itemCount === 0) warnings.push(t.warnNoItems(Y));

  return { year: Y, schools, clusters: clusterCounts, districtLowTasks, warnings };
}

export interface LowTopic {
  grade: number;
  subject: string;
  topic: string;
  /** Low tasks of the topic. */
  tasks: number;
  /** The largest number of schools where one of its tasks is low (district lists), or 1 (a school's list). */
  schools: number;
}

/**
 * Topics and sections that need methodical help (seed 002), from a district's or a school's low tasks:
 * for the school card and the institute's seminar planning. Tasks without a topic are left out.
 */
export function lowTopics(tasks: ReadonlyArray<{ grade: number; subject: string; topic: string | null; schools?: number }>): LowTopic[] {
  const byKey = new Map<string, LowTopic>();
  for (const task of tasks) {
    if (!task.topic) continue;
    const key = `${task.grade}|${task.subject}|${task.topic}`;
    const seen = byKey.get(key);
    if (seen) ((seen.tasks += 1), (seen.schools = Math.max(seen.schools, task.schools ?? 1)));
    else byKey.set(key, { grade: task.grade, subject: task.subject, topic: task.topic, tasks: 1, schools: task.schools ?? 1 });
  }
  return [...byKey.values()].sort((a, b) => b.schools - a.schools || b.tasks - a.tasks || a.grade - b.grade || byString(a.subject, b.subject) || byString(a.topic, b.topic));
}
