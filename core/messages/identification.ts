import type { CuratorFlag, DeficitFlag, LowRule, ResultsComponent, SocialField } from "../identification/methodology.ts";
import type { Assessment, Cluster, ListKind, SchoolIdentification } from "../identification/types.ts";

/** Seed 004 table 1. */
export const CLUSTER_NAMES: Record<Cluster, string> = {
  failing: "несправляющиеся",
  effective: "эффективные",
  deprived: "депривированные",
  resilient: "резильентные",
};

/** What each cluster means, in the seed's words. */
export const CLUSTER_DESCRIPTIONS: Record<Cluster, string> = {
  failing: "благоприятные социальные условия, но низкие образовательные результаты",
  effective: "благоприятные социальные условия и высокие образовательные результаты",
  deprived: "сложные социальные условия и низкие образовательные результаты",
  resilient: "сложные социальные условия, но высокие образовательные результаты",
};

export const LIST_NAMES: Record<ListKind, string> = {
  shnor: "ШНОР — школы с низкими образовательными результатами",
  shnsu: "ШНСУ — школы, функционирующие в неблагоприятных социальных условиях",
};
export const LIST_SHORT: Record<ListKind, string> = { shnor: "ШНОР", shnsu: "ШНСУ" };

export const SHNOR_PRESET_NAMES = {
  consecutive: "Ниже школ своего кластера N лет подряд (по умолчанию, N = 2)",
  seed000: "Хуже всех школ своего кластера за последние 2 года (программа 000)",
  seed004: "Индекс за три года в нижней доле школ (программа 004)",
} as const;

export const SOCIAL_FIELD_NAMES: Record<SocialField, string> = {
  parentsNoHigherEducation: "Доля обучающихся из семей, где оба родителя без высшего образования",
  unemployedParents: "Доля обучающихся, у которых единственный или оба родителя безработные",
  watchList: "Доля обучающихся на внутришкольном и других видах учёта",
  odnKdn: "Доля обучающихся на учёте в ОДН, КДН",
  migrantOrLowRussian: "Доля обучающихся из семей мигрантов или плохо владеющих русским языком",
  nonAttested: "Доля неаттестованных обучающихся",
  truancy: "Доля обучающихся с систематическими пропусками без уважительной причины",
  disabilities: "Доля обучающихся с ОВЗ",
  remote: "Отдалённость, транспортная недоступность",
  smallSchool: "Малокомплектная школа",
  infrastructureDeficit: "Дефицит базовой инфраструктуры",
  computerDeficit: "Недостаточно компьютерной техники",
  internetDeficit: "Нет устойчивого доступа в интернет",
  unfilledPosts: "Неукомплектованный штат (в том числе психолог, логопед, социальный педагог, дефектолог, педагог доп. образования)",
  accreditationSuspended: "Приостановлена или отозвана аккредитация",
};

export const DEFICIT_NAMES: Record<DeficitFlag, string> = {
  remote: "отдалённость",
  smallSchool: "малокомплектная школа",
  infrastructureDeficit: "дефицит инфраструктуры",
  computerDeficit: "мало компьютеров",
  internetDeficit: "нет устойчивого интернета",
  unfilledPosts: "неукомплектованный штат",
  accreditationSuspended: "приостановлена аккредитация",
};

export const CURATOR_FLAG_NAMES: Record<CuratorFlag, string> = {
  innovationPlatform: "статус региональной инновационной площадки",
  headCompetence: "высокие профессиональные компетенции руководителя",
  headMotivation: "высокая мотивация руководителя",
};

/** 0.4213 → "0,42"; −1 → "−1,00". */
export const fmt = (x: number, digits = 2) => {
  const s = (Math.abs(x) < 0.5 * 10 ** -digits ? 0 : x).toFixed(digits).replace(".", ",");
  return s.startsWith("-") ? `−${s.slice(1)}` : s;
};
const signed = (x: number) => (x > 0 ? `+${fmt(x)}` : fmt(x));
export const pct = (share: number) => `${Math.round(share * 100)} %`;
const plural = (n: number, forms: [string, string, string]) => {
  const a = Math.abs(n) % 100;
  const b = a % 10;
  return a > 10 && a < 20 ? forms[2] : b === 1 ? forms[0] : b >= 2 && b <= 4 ? forms[1] : forms[2];
};
const yearsWord = (n: number) => plural(n, ["год", "года", "лет"]);
const schoolsWord = (n: number) => plural(n, ["школы", "школ", "школ"]);
const quoted = (cluster: Cluster) => `«${CLUSTER_NAMES[cluster]}»`;
const clusterList = (clusters: Cluster[]) => clusters.map(quoted).join(" или ");
const list = (items: string[]) => items.join(", ");
/** "2026-03-01" → "01.03.2026". */
export const ruDate = (iso: string) => {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[3]}.${m[2]}.${m[1]}` : iso;
};

/** How one year looked to a cluster rule of ШНОР. */
export interface ShnorYearStatus {
  year: number;
  status: "low" | "notLow" | "otherCluster" | "noCluster" | "noData";
  cluster: Cluster | null;
  /** Place from the bottom of the cluster (1 = the lowest index) and the cluster's size. */
  place: number;
  size: number;
}

const yearStatus = (y: ShnorYearStatus, shareText: string) => {
  switch (y.status) {
    case "noData":
      return `${y.year} — нет данных о результатах`;
    case "noCluster":
      return `${y.year} — кластер не определён (нет социальных данных)`;
    case "otherCluster":
      return `${y.year} — кластер ${quoted(y.cluster!)}, правило к нему не применяется`;
    case "low":
    case "notLow":
      return `${y.year} — кластер ${quoted(y.cluster!)}, место снизу: ${y.place} из ${y.size}${y.status === "notLow" ? `, не ${shareText}` : ""}`;
  }
};

const metricLabel = (c: Pick<ResultsComponent, "assessment" | "metric">) => {
  const gia = c.assessment === "ЕГЭ" || c.assessment === "ОГЭ";
  switch (c.metric) {
    case "mean":
      return `Средний ${gia ? "балл" : "результат"} ${c.assessment}`;
    case "lowShare":
      return gia ? `Доля не преодолевших минимальный порог ${c.assessment}` : `Доля отметок «2» ${c.assessment}`;
    case "highShare":
      return c.assessment === "ЕГЭ" ? "Доля высокобалльников ЕГЭ (81 и выше)" : `Доля отметок «5» ${c.assessment}`;
    case "objectivity":
      return `Объективность ${c.assessment}: доля подтвердивших отметку по журналу`;
  }
};

export interface ShnsuTextInput {
  passed: boolean;
  lowSocial: boolean;
  socialIndex: number;
  rule: LowRule | null;
  cutoff: number;
  flags: DeficitFlag[];
  minFlags: number | null;
  hasSocial: boolean;
}

/** Texts of identification: labels, rule checks (what a school head reads), warnings for the district. */
export const identificationText = {
  yearsLabel: (from: number, to: number) => (from === to ? `${to}` : `${from}–${to}`),
  componentLabel: (c: ResultsComponent, years: string) =>
    `${metricLabel(c)}, ${c.subjects.join(" и ")} (${c.grades.length > 3 ? `${c.grades[0]}–${c.grades[c.grades.length - 1]}` : c.grades.join(", ")} кл.), ${years}`,
  socialLabel: (field: SocialField, year: number) => `${SOCIAL_FIELD_NAMES[field]}, ${year}`,

  noResults: (years: string) =>
    `Нет данных о результатах школы за ${years}: индекс образовательных результатов не рассчитан, кластер не определён.`,
  resultsIndex: (index: number, missing: string[]) =>
    `Индекс образовательных результатов школы: ${fmt(index)}.` +
    (missing.length ? ` Нет данных: ${missing.join("; ")} — эти показатели пропущены, веса остальных пересчитаны.` : ""),
  noSocial: (year: number) => `Нет социальных данных школы за ${year} год и раньше: индекс социального благополучия не рассчитан.`,
  noSocialValues: (year: number) => `В социальных данных школы за ${year} год не заполнены показатели индекса: он не рассчитан.`,
  socialIndex: (index: number, usedYear: number, year: number, missing: string[]) =>
    `Индекс социального благополучия школы: ${fmt(index)}${usedYear !== year ? ` (данные за ${usedYear} год: за ${year} год их нет)` : ""}.` +
    (missing.length ? ` Нет данных: ${missing.join("; ")} — эти показатели пропущены, веса остальных пересчитаны.` : ""),

  cluster: (cluster: Cluster, results: number, resultsSplit: number, social: number, socialSplit: number, split: { results: "mean" | "median"; social: "mean" | "median" }) => {
    const level = (kind: "mean" | "median") => (kind === "mean" ? "среднего по району" : "медианы по району");
    const side = (value: number, threshold: number, kind: "mean" | "median") =>
      `${fmt(value)} — ${value >= threshold ? "не ниже" : "ниже"} ${level(kind)} (${fmt(threshold)})`;
    return (
      `Индекс результатов ${side(results, resultsSplit, split.results)}, индекс социального благополучия ${side(social, socialSplit, split.social)}: ` +
      `кластер ${quoted(cluster)} — ${CLUSTER_DESCRIPTIONS[cluster]}.`
    );
  },
  noCluster: (hasResults: boolean, hasSocial: boolean) =>
    `Кластер не определён: нет ${!hasResults && !hasSocial ? "ни индекса результатов, ни индекса социального благополучия" : !hasResults ? "индекса результатов" : "индекса социального благополучия"}.`,

  shnorLowestShare: (passed: boolean, index: number, cutoff: number, share: number, years: string, place: number, n: number) =>
    !Number.isFinite(index)
      ? "Школа не попадает в список ШНОР: индекс результатов не рассчитан."
      : passed
        ? `Школа попадает в список ШНОР: её индекс результатов за ${years} (${fmt(index)}) входит в нижние ${pct(share)} школ района (граница — ${fmt(cutoff)}; место снизу: ${place} из ${n}).`
        : `Школа не попадает в список ШНОР: её индекс результатов за ${years} (${fmt(index)}) выше границы нижних ${pct(share)} школ района (${fmt(cutoff)}).`,
  shnorClusterConsecutive: (passed: boolean, years: ShnorYearStatus[], share: number, clusters: Cluster[]) => {
    const shareText = `в нижних ${pct(share)}`;
    const n = years.length;
    return passed
      ? `Школа попадает в список ШНОР: ${n} ${yearsWord(n)} подряд её индекс результатов был в нижних ${pct(share)} школ своего кластера (${years.map((y) => yearStatus(y, shareText)).join("; ")}).`
      : `Школа не попадает в список ШНОР: для этого индекс результатов должен ${n} ${yearsWord(n)} подряд быть в нижних ${pct(share)} школ своего кластера (${clusterList(clusters)}). ` +
          `По годам: ${years.map((y) => yearStatus(y, shareText)).join("; ")}.`;
  },
  shnorClusterWorst: (passed: boolean, years: ShnorYearStatus[], clusters: Cluster[]) => {
    const n = years.length;
    const shareText = "самая низкая в кластере";
    return passed
      ? `Школа попадает в список ШНОР: ${n} ${yearsWord(n)} подряд её результаты хуже, чем у всех школ её кластера (${years.map((y) => yearStatus(y, shareText)).join("; ")}).`
      : `Школа не попадает в список ШНОР: для этого её результаты должны ${n} ${yearsWord(n)} подряд быть хуже, чем у всех школ её кластера (${clusterList(clusters)}). ` +
          `По годам: ${years.map((y) => yearStatus(y, shareText)).join("; ")}.`;
  },

  shnsu: (x: ShnsuTextInput) => {
    const parts: Array<{ text: string; ok: boolean }> = [];
    if (x.rule) {
      if (!Number.isFinite(x.socialIndex)) parts.push({ text: "индекс социального благополучия не рассчитан", ok: false });
      else if (x.rule.by === "share")
        parts.push({
          ok: x.lowSocial,
          text: x.lowSocial
            ? `индекс социального благополучия (${fmt(x.socialIndex)}) входит в нижние ${pct(x.rule.share)} школ района (граница — ${fmt(x.cutoff)})`
            : `индекс социального благополучия (${fmt(x.socialIndex)}) выше границы нижних ${pct(x.rule.share)} школ района (${fmt(x.cutoff)})`,
        });
      else parts.push({ ok: x.lowSocial, text: `индекс социального благополучия (${fmt(x.socialIndex)}) ${x.lowSocial ? "ниже" : "не ниже"} порога ${fmt(x.rule.value)}` });
    }
    if (x.minFlags !== null) {
      const named = x.flags.length ? `: ${list(x.flags.map((f) => DEFICIT_NAMES[f]))}` : "";
      if (!x.hasSocial) parts.push({ ok: false, text: "дефициты не отмечены: социальных данных нет" });
      else parts.push({ ok: x.flags.length >= x.minFlags, text: `отмечено дефицитов — ${x.flags.length}${named} (нужно не меньше ${x.minFlags})` });
    }
    return x.passed
      ? `Школа попадает в список ШНСУ: ${parts.filter((p) => p.ok).map((p) => p.text).join("; ")}.`
      : `Школа не попадает в список ШНСУ: ${parts.map((p) => p.text).join("; ")}.`;
  },

  dynamics: (x: { before: number; after: number; year: number; dynamics: number; threshold: number; listed: boolean; proposeExclusion: boolean }) => {
    if (!Number.isFinite(x.dynamics))
      return `Динамику оценить нельзя: нет индекса результатов за ${Number.isFinite(x.after) ? x.year - 1 : x.year} год.`;
    const change = `Индекс результатов изменился с ${fmt(x.before)} (${x.year - 1}) до ${fmt(x.after)} (${x.year}): ${signed(x.dynamics)}`;
    const word =
      x.dynamics > x.threshold
        ? "положительная динамика"
        : x.dynamics < -x.threshold
          ? "отрицательная динамика"
          : x.threshold > 0
            ? `изменение не больше порога ${fmt(x.threshold)}`
            : "без изменений";
    return `${change} — ${word}.${x.proposeExclusion ? " Школа в списке и показывает положительную динамику — её можно предложить к исключению из программы поддержки." : ""}`;
  },

  resilient: (resilient: boolean) =>
    resilient
      ? "Резильентная школа: сложные социальные условия, но высокие результаты — источник эффективных управленческих практик для других школ."
      : "Школа не относится к резильентным (сложные условия и высокие результаты).",

  curator: (x: { passed: boolean; years: Array<{ year: number; top: boolean; noData: boolean }>; topShare: number; flags: CuratorFlag[]; minFlags: number }) => {
    const n = x.years.length;
    const flagsText = x.flags.length ? `отмечено: ${list(x.flags.map((f) => CURATOR_FLAG_NAMES[f]))}` : "район не отметил ни одного критерия";
    if (x.passed)
      return `Кандидат в школы-кураторы: индекс результатов входил в верхние ${pct(x.topShare)} школ района в каждом из ${n} ${yearsWord(n)} (${x.years.map((y) => y.year).join(", ")}); ${flagsText}.`;
    const missing = x.years.filter((y) => !y.top).map((y) => (y.noData ? `${y.year} — нет данных` : `${y.year} — не в верхних ${pct(x.topShare)}`));
    const reasons = [...missing, ...(x.flags.length < x.minFlags ? [`${flagsText} (нужно не меньше ${x.minFlags} из 3)`] : [])];
    return (
      `Не кандидат в школы-кураторы: нужны стабильно высокие результаты (верхние ${pct(x.topShare)} школ района ${n} ${yearsWord(n)} подряд)` +
      `${x.minFlags > 0 ? ` и не меньше ${x.minFlags} из критериев: инновационная площадка, компетенции и мотивация руководителя` : ""}. ${reasons.join("; ")}.`
    );
  },

  warnNoAssessment: (assessment: Assessment, year: number) => `нет данных ${assessment} за ${year} год`,
  warnNoYearForRules: (year: number) => `нет данных о результатах за ${year} год: правила, которые смотрят на несколько лет, за этот год не выполнены`,
  warnNoResults: (year: number) => `нет данных о результатах за ${year} год: индексы не рассчитаны`,
  warnSchoolsWithoutResults: (n: number) => `у ${n} ${schoolsWord(n)} нет данных о результатах: индекс не рассчитан, кластер не определён`,
  warnSocialFallback: (year: number) => `нет социальных данных за ${year} год: использованы данные прошлых лет`,
  warnNoSocial: (year: number) => `нет социальных данных за ${year} год и раньше: индекс социального благополучия не рассчитан`,
  warnSchoolsWithoutSocial: (n: number, year: number) => `у ${n} ${schoolsWord(n)} нет социальных данных за ${year} год и раньше: кластер не определён`,
  warnNoItems: (year: number) => `нет результатов ВПР по заданиям за ${year} год: задания с низкой решаемостью не определены`,

  official: {
    both: (kind: ListKind, reason: string) => `В обоих списках ${LIST_SHORT[kind]}. По расчёту: ${reason}`,
    onlyComputed: (doc: string, reason: string) => `Есть в расчётном списке, но нет в списке «${doc}». По расчёту: ${reason}`,
    onlyOfficial: (doc: string, reason: string) => `Есть в списке «${doc}», но не в расчётном. По расчёту: ${reason}`,
    unknown: (doc: string) => `Есть в списке «${doc}», но в данных района школы с таким кодом нет: индексы не рассчитаны.`,
    document: (source: string, number: string, date: string) => `${source}, № ${number} от ${ruDate(date)}`,
    note: (note: string) => ` Примечание к списку: ${note}`,
  },
};

const lowTasksText = (s: SchoolIdentification): string[] => {
  if (!s.lowTasks.length) return [];
  const groups = new Map<string, string[]>();
  for (const task of s.lowTasks) {
    const key = `${task.grade} класс, ${task.subject}`;
    const entry = `№ ${task.task} (${pct(task.solvedShare)})`;
    groups.set(key, [...(groups.get(key) ?? []), entry]);
  }
  const out = [`Задания ВПР с низкой решаемостью: ${[...groups].map(([key, tasks]) => `${key} — ${tasks.join(", ")}`).join("; ")}.`];
  const topics = [...new Set(s.lowTasks.map((task) => task.topic).filter((topic): topic is string => !!topic))];
  if (topics.length) out.push(`Темы, по которым нужна методическая помощь: ${topics.join("; ")}.`);
  return out;
};

/** "Why this school": plain sentences in the order a head asks them (where am I, am I on a list, what changed). */
export function explainSchool(s: SchoolIdentification): string[] {
  const check = (rule: string) => s.explanation.checks.find((c) => c.rule === rule);
  const out: string[] = [];
  for (const rule of ["results", "social"]) {
    const c = check(rule);
    if (c && (!c.passed || c.text.includes("Нет данных:") || c.text.includes("(данные за"))) out.push(c.text);
  }
  const cluster = check("cluster");
  if (cluster) out.push(cluster.text);
  for (const rule of ["shnor", "shnsu", "dynamics"]) {
    const c = check(rule);
    if (c) out.push(c.text);
  }
  if (s.resilient) out.push(check("resilient")!.text);
  const curator = check("curator");
  if (curator?.passed) out.push(curator.text);
  out.push(...lowTasksText(s));
  return out;
}

/** The reason a school is (or is not) on a list: the text of that list's rule check. */
export const listReason = (s: SchoolIdentification, kind: ListKind): string =>
  s.explanation.checks.find((c) => c.rule === kind)?.text ?? "";
