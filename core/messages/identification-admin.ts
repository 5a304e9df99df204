// Russian texts of the identification use cases (core/services/identification.ts): refusals, the
// check's remarks, and the notices after a run (to district staff and to heads of listed schools).
import { CURATOR_FLAGS, type IdentificationMethodology } from "../identification/methodology.ts";
import type { Cluster, ListKind } from "../identification/types.ts";
import { CLUSTER_NAMES, CURATOR_FLAG_NAMES, DEFICIT_NAMES, identificationText, SOCIAL_FIELD_NAMES } from "./identification.ts";

const plural = (n: number, one: string, few: string, many: string) => {
  const mod10 = n % 10;
  const mod100 = n % 100;
  if (mod10 === 1 && mod100 !== 11) return one;
  if (mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14)) return few;
  return many;
};
export const schoolsWord = (n: number) => `${n} ${plural(n, "школа", "школы", "школ")}`;

/** A school after its code: the name in «», unless it has its own quotes (МБОУ «Сосновская СОШ»); nothing when empty. */
export const schoolLabel = (code: string, name: string) => (!name.trim() ? code : /[«"„“]/.test(name) ? `${code} ${name}` : `${code} «${name}»`);

export const LIST_NAMES: Record<ListKind, string> = { shnor: "ШНОР", shnsu: "ШНСУ" };
/** «школы с низкими образовательными результатами» … for a head who may not know the abbreviation. */
export const LIST_TITLES: Record<ListKind, string> = {
  shnor: "ШНОР (школы с низкими образовательными результатами)",
  shnsu: "ШНСУ (школы, функционирующие в неблагоприятных социальных условиях)",
};

export const KIND_NAMES = {
  results: "результаты оценочных процедур",
  items: "выполнение заданий ВПР",
  social: "социальные данные",
  "official-list": "список сверху",
  staff: "школы и сотрудники",
} as const;

export const identAdminText = {
  // ---- input ----
  emptyFile: "файл пустой: выберите файл Excel (.xlsx) или CSV с данными",
  tooBig: (mb: number) => `файл больше ${mb} МБ: разделите его на части (например, по годам) и загрузите по очереди`,
  noFileName: "не указано имя файла",
  badYear: "год — целое число от 2000 до 2100",
  noYear: "не указан год: например --year 2026",
  badKind: "вид данных: results (результаты), items (задания ВПР), social (социальные данные) или official-list (список сверху)",
  badDate: "дата документа — например 10.02.2026 или 2026-02-10",
  badId: "неверный идентификатор",
  badFlags: "укажите хотя бы один признак: инновационная площадка, компетентность или мотивация руководителя",
  // ---- the check ----
  newSchools: (count: number, shown: string[]) =>
    `в районе нет ${plural(count, "школы", "школ", "школ")} с ${plural(count, "этим кодом", "этими кодами", "этими кодами")} (${count}), ` +
    `${plural(count, "она будет добавлена", "они будут добавлены", "они будут добавлены")}: ${shown.join(", ")}${count > shown.length ? ` и ещё ${count - shown.length}` : ""}` +
    " — если код набран с ошибкой, исправьте его в файле",
  /** What a re-import does to the stored school-years (README «Повторная загрузка»). */
  replaces: (count: number, mode: "procedure" | "subject" | "row" | "merge") =>
    `по ${count} ${plural(count, "паре", "парам", "парам")} «школа — год» данные уже загружены: ` +
    {
      procedure: "по каждой процедуре из файла (ЕГЭ, ОГЭ, ВПР, РДР) прежние строки школы за год заменятся строками файла — строка, которой нет в файле, удалится; процедуры, которых нет в файле, останутся",
      subject: "по каждому предмету класса из файла прежние задания школы за год заменятся заданиями файла — задание, которого нет в файле, удалится; другие предметы останутся",
      row: "строка школы за год заменится строкой файла",
      merge: "в строках с той же процедурой, классом и предметом (заданием) заменятся только столбцы, которые есть в файле; остальные строки и столбцы останутся",
    }[mode],
  listReplaces: "список с тем же источником и номером документа уже загружен и будет заменён",
  staffUnavailable: "список школ и сотрудников здесь не загружается: загрузите его в разделе района или командой import xlsx",
  staffFileProblem: (message: string) => message,
  /** File-level remarks name no sheet (formatProblem then prints the message alone). */
  fileSheet: "",
  storedLostZeros: (code: string, stored: string, name: string) =>
    `в файле код ${code}, а в районе эта школа, похоже, записана без ведущего нуля: ${schoolLabel(stored, name)} (так её загрузил прошлый файл). Коды должны совпадать: укажите в файле ${stored} или попросите администратора исправить код школы в районе`,
  lostZeros: (code: string, stored: string, name: string) =>
    `школы с кодом ${code} в районе нет, а есть ${schoolLabel(stored, name)}: похоже, Excel отбросил ведущий ноль. Исправьте код в файле на ${stored} (столбцу «Код ОО» задайте текстовый формат); если это действительно другая школа, сначала добавьте её: school add`,
  // ---- refusals ----
  noData: (year: number) => `нет загруженных данных за ${year} год: сначала загрузите результаты и социальные данные`,
  schoolNotFound: "Школа не найдена",
  runNotFound: "Расчёт не найден",
  cardForbidden: "Карточку школы видят сотрудники РУО её района и руководитель этой школы",
  headOwnSchoolOnly: "Руководитель видит карточку только своей школы",
  uploadGone: "Этот файл уже загружен или устарел (файлы ждут подтверждения сутки) — отправьте его снова",
  uploadNotYours: "Загрузить этот файл может только тот, кто его отправил",
  methodologyInvalid: "Настройки методики не приняты",
  unknownSettings: (names: string[], known: string[]) =>
    `${names.length === 1 ? "нет такой настройки" : "нет таких настроек"}: ${names.join(", ")}. Настройки: ${known.join(", ")} (все значения — methodology show --json)`,
  shnorPresets: (presets: string[]) => `правило ШНОР — одно из: ${presets.join(", ")}`,
  oneOf: (values: string[]) => `допустимо: ${values.join(", ")}`,
  settingTooBig: (max: string, inclusive: boolean, items: boolean) => (items ? `не больше ${max} значений` : inclusive ? `не больше ${max.replace(".", ",")}` : `меньше ${max.replace(".", ",")}`),
  settingTooSmall: (min: string, inclusive: boolean, items: boolean) =>
    items ? `нужно хотя бы ${min} ${plural(Number(min), "значение", "значения", "значений")}` : inclusive ? `не меньше ${min.replace(".", ",")}` : `больше ${min.replace(".", ",")}`,
  wrongType: (expected: string) =>
    expected === "number" ? "нужно число (например 2 или 0,25)" : expected === "array" ? "нужен список в JSON (--file)" : expected === "object" ? "нужна группа настроек (--file с JSON)" : expected === "boolean" ? "нужно true или false" : "нужен текст",
  badSetting: "неверное значение",
  methodologyBusy: "Методику только что изменил кто-то другой — откройте её заново и повторите",
  // ---- notices after a run ----
  staffNotice: (input: {
    districtName: string;
    year: number;
    version: number;
    clusters: Array<{ name: string; count: number }>;
    shnor: number;
    shnsu: number;
    entered: Array<{ schoolName: string; list: ListKind }>;
    left: Array<{ schoolName: string; list: ListKind }>;
  }) => {
    const lines = [
      `Выявление ШНОР и ШНСУ за ${input.year} год — ${input.districtName} (методика, версия ${input.version}).`,
      `Кластеры: ${input.clusters.map((cluster) => `${cluster.name} — ${cluster.count}`).join(", ")}.`,
      `В списке ШНОР: ${schoolsWord(input.shnor)}; в списке ШНСУ: ${schoolsWord(input.shnsu)}.`,
    ];
    const names = (items: Array<{ schoolName: string; list: ListKind }>) =>
      items
        .slice(0, 20)
        .map((item) => `${item.schoolName} (${LIST_NAMES[item.list]})`)
        .join("; ") + (items.length > 20 ? ` и ещё ${items.length - 20}` : "");
    lines.push(input.entered.length ? `Вошли в списки: ${names(input.entered)}.` : "Новых школ в списках нет.");
    if (input.left.length) lines.push(`Вышли из списков: ${names(input.left)}.`);
    lines.push("Подробности, диаграмма и объяснение по каждой школе — в мини-приложении.");
    return lines.join("\n");
  },
  headNotice: (input: { schoolName: string; year: number; lists: ListKind[]; reasons: string[] }) =>
    [
      `Школа «${input.schoolName}» по итогам ${input.year} года включена в ${input.lists.length > 1 ? "списки" : "список"} ` +
        `${input.lists.map((list) => LIST_TITLES[list]).join(" и ")}.`,
      ...(input.reasons.length ? ["Почему:", ...input.reasons.slice(0, 5).map((reason) => `• ${reason}`)] : []),
      "Это не оценка работы коллектива, а сигнал о поддержке: в карточке школы — все показатели и что на них повлияло.",
    ].join("\n"),
} as const;

export const CLUSTER_FALLBACK: Record<Cluster, string> = {
  failing: "несправляющиеся",
  effective: "эффективные",
  deprived: "депривированные",
  resilient: "резильентные",
};

// ---- the methodology in words (CLI `methodology show|set`): what each setting does and its --set path ----

const NORMALISATION_NAMES: Record<IdentificationMethodology["normalisation"], string> = {
  zscore: "z-оценки по школам района",
  minmax: "от минимума до максимума района (0–1)",
  rank: "места в районе (ранги)",
};
const SPLIT_NAMES = { mean: "среднее района", median: "медиана района" } as const;
const percent = (share: number) => `${Math.round(share * 1000) / 10} %`.replace(".", ",");
const number = (value: number) => String(value).replace(".", ",");
const yearsWord = (n: number) => `${n} ${plural(n, "год", "года", "лет")}`;

function shnorText(rule: IdentificationMethodology["shnor"]): string {
  const clusters = (list: Cluster[]) => list.map((cluster) => `«${CLUSTER_NAMES[cluster]}»`).join(" и ");
  switch (rule.rule) {
    case "clusterConsecutive":
      return `среди ${percent(rule.lowestShare)} слабейших школ своего кластера ${yearsWord(rule.years)} подряд, в кластерах ${clusters(rule.clusters)} (shnor=consecutive)`;
    case "clusterWorst":
      return `хуже всех школ своего кластера ${yearsWord(rule.years)} подряд, в кластерах ${clusters(rule.clusters)} (shnor=seed000, семя 000)`;
    case "lowestShare":
      return `индекс результатов в нижних ${percent(rule.share)} школ района (shnor=seed004, семя 004)`;
  }
}

function lowText(low: NonNullable<IdentificationMethodology["shnsu"]["lowSocial"]>): string {
  return low.by === "share" ? `в нижних ${percent(low.share)} школ района` : `ниже ${number(low.value)}`;
}

/** The methodology as a district officer reads it; each line ends with the setting that changes it. */
export function methodologyLines(m: IdentificationMethodology): string[] {
  const results = [...m.results].sort((a, b) => b.weight - a.weight);
  const social = [...m.social].sort((a, b) => b.weight - a.weight);
  const weightText = (weight: number) => (weight > 0 ? `вес ${number(weight)}` : "вес 0, не учитывается");
  const shnsu = [
    ...(m.shnsu.lowSocial ? [`индекс благополучия ${lowText(m.shnsu.lowSocial)}`] : []),
    ...(m.shnsu.minFlags !== null ? [`не меньше ${m.shnsu.minFlags} из ${m.shnsu.flags.length} признаков дефицита (${m.shnsu.flags.map((flag) => DEFICIT_NAMES[flag]).join(", ")})`] : []),
  ];
  return [
    `Индекс образовательных результатов — за ${yearsWord(m.years)} до года расчёта включительно (years):`,
    ...results.map((c) => `  ${weightText(c.weight)} — ${(c.label ?? identificationText.componentLabel(c, "")).replace(/, $/, "")}`),
    "Индекс социального благополучия — чем больше доля обучающихся из групп риска, тем ниже индекс:",
    ...social.map((c) => `  ${weightText(c.weight)} — ${SOCIAL_FIELD_NAMES[c.field]}`),
    `Нормировка: ${NORMALISATION_NAMES[m.normalisation]} (normalisation=zscore|minmax|rank)`,
    `Граница «низкий/высокий» для кластеров: результаты — ${SPLIT_NAMES[m.split.results]}, благополучие — ${SPLIT_NAMES[m.split.social]} (split.results, split.social = mean|median)`,
    `ШНОР: ${shnorText(m.shnor)}`,
    `ШНСУ: ${shnsu.join(" или ")}`,
    `Положительная динамика: рост индекса результатов за год больше ${number(m.dynamics.threshold)} (dynamics.threshold); к исключению предлагаются школы из списков: ${m.dynamics.exclusionLists.length ? m.dynamics.exclusionLists.map((kind) => LIST_NAMES[kind]).join(", ") : "ни из каких"}`,
    `Задания ВПР с низким решением: выполнили меньше ${percent(m.lowSolveThreshold)} (lowSolveThreshold)`,
    `Школа-куратор: в верхних ${percent(m.curator.topShare)} района ${yearsWord(m.curator.years)} подряд (curator.topShare, curator.years) и не меньше ${m.curator.minFlags} из ${CURATOR_FLAGS.length} признаков, которые ставит РУО: ${CURATOR_FLAGS.map((flag) => CURATOR_FLAG_NAMES[flag]).join(", ")} (curator.minFlags)`,
  ];
}
