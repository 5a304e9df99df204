// The effectiveness indicators of DOMAIN.md §8 the product has data for, each with its calculation
// method, data source and responsible executor as seed 000's table records them, and the texts of
// the trend view (Mini App, report, exports).
import type { ListKind } from "../identification/types.ts";
import type { Bounded } from "../release/rules.ts";
import { formatBounded } from "./summary.ts";

export const TREND_KEYS = [
  "diagnosed",
  "positiveDynamics",
  "withRoute",
  "completedCourses",
  "teamRoutes",
  "supportedPositiveDynamics",
  "listChanged",
  "programmeAdopted",
  "recommendationsDone",
  "roadmapEventsDone",
] as const;
export type TrendKey = (typeof TREND_KEYS)[number];

/** Indicators about teachers go through the release rules; the others count schools and documents. */
export const TEACHER_TREND_KEYS = ["diagnosed", "positiveDynamics", "withRoute", "completedCourses"] as const satisfies readonly TrendKey[];

export interface IndicatorDefinition {
  key: TrendKey;
  title: string;
  /** Методика расчёта. */
  method: string;
  /** Источник данных (методы сбора информации). */
  source: string;
  /** Ответственный исполнитель. */
  executor: string;
}

const DISTRICT = "Отдел (управление) образования района";

export const INDICATOR_CATALOG: readonly IndicatorDefinition[] = [
  {
    key: "diagnosed",
    title: "Доля педагогов, прошедших диагностику профессиональных дефицитов",
    method: "Число учителей, завершивших диагностику в учебном году, к числу учителей школы (района), %",
    source: "Диагностика педагогов в боте (Telegram, MAX)",
    executor: `${DISTRICT}; ИРО/ЦНППМ`,
  },
  {
    key: "positiveDynamics",
    title: "Доля педагогов с положительной динамикой профессиональных компетенций",
    method: "Из учителей, прошедших диагностику не менее двух раз, — доля тех, у кого средний дефицит по общим областям снизился между двумя последними диагностиками, %",
    source: "Повторные диагностики педагогов в боте",
    executor: "ИРО/ЦНППМ",
  },
  {
    key: "withRoute",
    title: "Доля педагогов с индивидуальным образовательным маршрутом (ИОМ)",
    method: "Число учителей с ИОМ (хотя бы одна позиция), составленным к концу учебного года, к числу учителей, %",
    source: "Маршруты (ИОМ) в боте и Mini App",
    executor: "ИРО/ЦНППМ; руководители ОО",
  },
  {
    key: "completedCourses",
    title: "Доля педагогов, прошедших КПК из своего маршрута (по выявленным дефицитам)",
    method: "Число учителей, отметивших завершённым курс своего ИОМ (курсы подобраны по дефицитам диагностики), к числу учителей, %",
    source: "Отметки о прохождении курсов в ИОМ (с удостоверениями)",
    executor: "ИРО/ЦНППМ",
  },
  {
    key: "teamRoutes",
    title: "Доля ШНОР/ШНСУ, управленческие команды которых имеют ИОМ",
    method: "Число школ из списков ШНОР/ШНСУ года с маршрутом управленческой команды к числу школ в списках, %",
    source: "Маршруты управленческих команд (июнь), списки выявления",
    executor: `${DISTRICT}; руководители ОО`,
  },
  {
    key: "supportedPositiveDynamics",
    title: "Доля ШНОР/ШНСУ с положительной динамикой индекса образовательных результатов",
    method: "Из школ списков ШНОР/ШНСУ, для которых есть данные двух лет, — доля школ, у которых индекс образовательных результатов вырос к предыдущему году, %",
    source: "Выявление ШНОР/ШНСУ (результаты ЕГЭ, ОГЭ, ВПР)",
    executor: `${DISTRICT}; ЦОКО`,
  },
  {
    key: "listChanged",
    title: "Доля школ, изменивших позицию в списках ШНОР/ШНСУ",
    method: "Число школ, вошедших в списки ШНОР/ШНСУ или вышедших из них по сравнению с предыдущим годом, к числу школ района, %",
    source: "Расчёт выявления (при его отсутствии — официальные списки региона)",
    executor: DISTRICT,
  },
  {
    key: "programmeAdopted",
    title: "Доля ШНОР/ШНСУ с принятой программой и дорожной картой",
    method: "Число школ из списков года, у которых дорожная карта учебного года утверждена приказом или заполнена мероприятиями, к числу школ в списках, %",
    source: "Дорожные карты школ в Mini App",
    executor: `${DISTRICT}; руководители ОО`,
  },
  {
    key: "recommendationsDone",
    title: "Доля выполненных адресных рекомендаций",
    method: "Число рекомендаций, отправленных в учебном году и отмеченных выполненными, к числу отправленных, %",
    source: "Адресные рекомендации в боте и Mini App",
    executor: DISTRICT,
  },
  {
    key: "roadmapEventsDone",
    title: "Доля выполненных мероприятий дорожных карт",
    method: "Число выполненных мероприятий дорожных карт учебного года к числу мероприятий, срок которых наступил (без отменённых), %",
    source: "Дорожные карты района и школ, отметки исполнителей в чате",
    executor: `${DISTRICT}; исполнители мероприятий`,
  },
];

export const indicatorDefinition = (key: TrendKey): IndicatorDefinition => INDICATOR_CATALOG.find((item) => item.key === key)!;

/** A value of one indicator in one year for one row (a school or the district). */
export type TrendCell =
  /** No data: the indicator is not computed that year (never shown as 0). */
  | { kind: "none" }
  /** Hidden by the release rules (fewer teachers than the minimum). */
  | { kind: "hidden" }
  | { kind: "share"; share: Bounded; count?: number; total?: number }
  | { kind: "flag"; value: boolean }
  /** Change of the results index against the previous year. */
  | { kind: "dynamics"; value: number }
  | { kind: "change"; entered: ListKind[]; left: ListKind[] };

const LIST_NAME: Record<ListKind, string> = { shnor: "ШНОР", shnsu: "ШНСУ" };

export const trendText = {
  noData: "нет данных",
  hidden: "скрыто",
  yes: "да",
  no: "нет",
  unchanged: "без изменений",
  entered: (kind: ListKind) => `вошла в ${LIST_NAME[kind]}`,
  left: (kind: ListKind) => `вышла из ${LIST_NAME[kind]}`,
  yearLabel: (springYear: number) => `${springYear - 1}/${String(springYear % 100).padStart(2, "0")}`,
  district: "Район",
  forbidden: "Показатели видят сотрудники РУО и методист района, а руководитель школы — по своей школе.",
  hiddenNote: (minimum: number) => `«скрыто»: меньше ${minimum} педагогов — по правилам публикации цифра не показывается.`,
  noDataNote: "«нет данных»: показатель за этот год не из чего посчитать (это не ноль).",
  staffNote: "Показатели педагогов считаются по нынешнему составу школ.",
} as const;

/** One cell as text: «45 % (9 из 20)», «да», «+0,12», «вошла в ШНОР», «нет данных». */
export function trendCellText(cell: TrendCell): string {
  switch (cell.kind) {
    case "none":
      return trendText.noData;
    case "hidden":
      return trendText.hidden;
    case "share":
      return cell.total !== undefined && cell.count !== undefined ? `${formatBounded(cell.share)} (${cell.count} из ${cell.total})` : formatBounded(cell.share);
    case "flag":
      return cell.value ? trendText.yes : trendText.no;
    case "dynamics":
      return `${cell.value > 0 ? "+" : cell.value < 0 ? "−" : ""}${Math.abs(cell.value).toFixed(2).replace(".", ",")}`;
    case "change":
      return cell.entered.length || cell.left.length
        ? [...cell.entered.map(trendText.entered), ...cell.left.map(trendText.left)].join(", ")
        : trendText.unchanged;
  }
}
