/**
 * Календарь мониторингов по умолчанию (DOMAIN.md §9): seed 004's table 2 («Циклограмма мониторинга»),
 * seed 002's roadmap and its plan of methodical events, and the dates of DOMAIN §11a, as dated
 * entries of one school year (1 September – 31 August). The district edits them; a key names each
 * default so that ensuring a year's defaults twice adds nothing.
 *
 * Where a seed's window crosses the school year's edge (the analysis of ГИА and ВПР runs August –
 * October), the year holds the part inside it: September – October, the analysis of the previous
 * year's results; the district may move the dates.
 */
import { MONTHS_NOMINATIVE } from "../messages/calendar.ts";
import { schoolYearStart } from "./school-year.ts";

/** Who answers for an entry: district staff, school heads, the institute, the assessment centre, curators and mentors. */
export const RESPONSIBLE_ROLES = ["district", "head", "methodologist", "assessment", "mentor"] as const;
export type ResponsibleRole = (typeof RESPONSIBLE_ROLES)[number];

/** Days before the deadline of the first reminder (a setting of each entry). */
export const DEFAULT_REMIND_DAYS_BEFORE = 3;
export const MAX_REMIND_DAYS_BEFORE = 30;

/** A day of the school year: month 1–12, day of month, or "last" for the month's last day. */
interface Day {
  month: number;
  day: number | "last";
}

interface CalendarDefault {
  key: string;
  title: string;
  starts: Day;
  due: Day;
  roles: readonly ResponsibleRole[];
}

export interface CalendarDefaultEntry {
  key: string;
  title: string;
  /** UTC midnight of the local calendar date. */
  startsOn: Date;
  dueOn: Date;
  responsibleRoles: ResponsibleRole[];
  remindDaysBefore: number;
}

const SHNOR = "ШНОР и ШНСУ";

/** School months in order, September first. */
const SCHOOL_MONTHS = [9, 10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8];

const headsMeeting = (month: number): CalendarDefault => ({
  key: `heads_meeting_${String(month).padStart(2, "0")}`,
  title: `Совещание с руководителями образовательных организаций: организация работы со ${SHNOR} (${MONTHS_NOMINATIVE[month - 1]})`,
  starts: { month, day: 1 },
  due: { month, day: "last" },
  roles: ["district"],
});

/** Школьные четверти: the quarter's monitoring is due at its usual end (the district moves it to its own dates). */
const QUARTERS: ReadonlyArray<{ n: number; starts: Day; due: Day }> = [
  { n: 1, starts: { month: 9, day: 1 }, due: { month: 10, day: 25 } },
  { n: 2, starts: { month: 11, day: 5 }, due: { month: 12, day: 25 } },
  { n: 3, starts: { month: 1, day: 9 }, due: { month: 3, day: 20 } },
  { n: 4, starts: { month: 4, day: 1 }, due: { month: 5, day: 25 } },
];

export const CALENDAR_DEFAULTS: readonly CalendarDefault[] = [
  // ---- seed 004, table 2 ----
  {
    key: "identification",
    title: "Идентификация школ с низкими результатами обучения и школ, функционирующих в сложных социальных условиях",
    starts: { month: 1, day: 10 },
    due: { month: 2, day: "last" },
    roles: ["district", "assessment"],
  },
  {
    key: "competences",
    title: "Исследование профессиональных компетенций (предметных и методических) педагогических работников",
    starts: { month: 2, day: 1 },
    due: { month: 2, day: "last" },
    roles: ["methodologist", "district"],
  },
  {
    key: "risk_profiles",
    title: "Составление рискового профиля для школ с низкими результатами обучения",
    starts: { month: 3, day: 1 },
    due: { month: 3, day: "last" },
    roles: ["head", "district"],
  },
  {
    key: "interim_monitoring",
    title: `Промежуточный мониторинг программ повышения качества образования в ${SHNOR}`,
    starts: { month: 6, day: 1 },
    due: { month: 6, day: "last" },
    roles: ["district", "assessment"],
  },
  {
    key: "final_monitoring_support",
    title: `Итоговый мониторинг эффективности методического сопровождения педагогических работников и управленческих кадров ${SHNOR}`,
    starts: { month: 12, day: 1 },
    due: { month: 12, day: "last" },
    roles: ["district", "methodologist"],
  },
  {
    key: "final_monitoring_dynamics",
    title: `Итоговый мониторинг: выявление динамики образовательных результатов в ${SHNOR}`,
    starts: { month: 12, day: 1 },
    due: { month: 12, day: "last" },
    roles: ["district", "assessment"],
  },
  // ---- seed 002 (the order, the roadmap, the plan of methodical events) and seed 003 §4.3.6 ----
  {
    key: "school_programmes",
    title: "Разработка (корректировка) школьных программ по повышению качества образования и переходу в эффективный режим функционирования",
    starts: { month: 4, day: 1 },
    due: { month: 4, day: 27 },
    roles: ["head", "district", "mentor"],
  },
  // Programmes as documents (#15, seed 002 and DOMAIN §11a): the April monitoring of school programmes and
  // its analysis, the May analysis of the expert review of municipal programmes, the December analysis
  // of the programmes' effectiveness.
  {
    key: "school_programmes_monitoring",
    title: "Мониторинг школьных программ ШНОР и анализ его результатов",
    starts: { month: 4, day: 1 },
    due: { month: 4, day: "last" },
    roles: ["district", "head"],
  },
  {
    key: "municipal_programmes_review",
    title: "Анализ результатов экспертизы муниципальных программ",
    starts: { month: 5, day: 1 },
    due: { month: 5, day: "last" },
    roles: ["district", "methodologist"],
  },
  {
    key: "programmes_effectiveness",
    title: "Анализ эффективности реализации школьных программ и работы кураторов",
    starts: { month: 12, day: 1 },
    due: { month: 12, day: "last" },
    roles: ["district", "mentor"],
  },
  {
    key: "curators_plan",
    title: "Разработка кураторами плана работы с управленческими командами ШНОР",
    starts: { month: 4, day: 1 },
    due: { month: 4, day: "last" },
    roles: ["mentor", "district"],
  },
  {
    key: "risk_decisions",
    title: "Управленческие решения по нейтрализации рисков нового учебного года",
    starts: { month: 7, day: 1 },
    due: { month: 7, day: "last" },
    roles: ["district"],
  },
  {
    key: "gia_plans",
    title: "Анализ результатов ГИА и разработка планов подготовки к государственной итоговой аттестации на новый период",
    starts: { month: 9, day: 1 },
    due: { month: 10, day: 1 },
    roles: ["district", "head"],
  },
  {
    key: "gia_vpr_analysis",
    title: "Анализ результатов ГИА и ВПР: аналитический отчёт, темы и разделы, по которым нужна методическая помощь",
    starts: { month: 9, day: 1 },
    due: { month: 10, day: "last" },
    roles: ["district", "methodologist", "head"],
  },
  headsMeeting(9),
  headsMeeting(4),
  ...QUARTERS.map(({ n, starts, due }) => ({
    key: `quarter_monitoring_${n}`,
    title: `Мониторинг качества образования ${SHNOR} за ${n} четверть`,
    starts,
    due,
    roles: ["district", "head"] as ResponsibleRole[],
  })),
  ...SCHOOL_MONTHS.map((month) => ({
    key: `site_news_${String(month).padStart(2, "0")}`,
    title: `Новость о работе со ${SHNOR} на сайтах РУО и школ (не менее одной за ${MONTHS_NOMINATIVE[month - 1]})`,
    starts: { month, day: 1 },
    due: { month, day: "last" as const },
    roles: ["district", "head"] as ResponsibleRole[],
  })),
];

/** The calendar year of a school month: September–December are the first year, January–August the second. */
const yearOf = (startYear: number, month: number) => (month >= 9 ? startYear : startYear + 1);

function dateOf(startYear: number, { month, day }: Day): Date {
  const year = yearOf(startYear, month);
  const dayOfMonth = day === "last" ? new Date(Date.UTC(year, month, 0)).getUTCDate() : day;
  return new Date(Date.UTC(year, month - 1, dayOfMonth));
}

/** The first and last day of a school year ("2026/27" → 2026-09-01 … 2027-08-31), null when the text is not one. */
export function schoolYearBounds(schoolYear: string): { first: Date; last: Date } | null {
  const start = schoolYearStart(schoolYear);
  if (start === null) return null;
  return { first: new Date(Date.UTC(start, 8, 1)), last: new Date(Date.UTC(start + 1, 7, 31)) };
}

/** The school year a calendar date (UTC midnight) belongs to. */
export function schoolYearOfDate(date: Date): string {
  const start = date.getUTCMonth() >= 8 ? date.getUTCFullYear() : date.getUTCFullYear() - 1;
  return `${start}/${String((start + 1) % 100).padStart(2, "0")}`;
}

/** The defaults of a school year, dated, by deadline (then start, then the list's order). */
export function calendarDefaults(schoolYear: string): CalendarDefaultEntry[] {
  const start = schoolYearStart(schoolYear);
  if (start === null) throw new Error(`not a school year: ${schoolYear}`);
  return CALENDAR_DEFAULTS.map((entry, index) => ({
    index,
    key: entry.key,
    title: entry.title,
    startsOn: dateOf(start, entry.starts),
    dueOn: dateOf(start, entry.due),
    responsibleRoles: [...entry.roles],
    remindDaysBefore: DEFAULT_REMIND_DAYS_BEFORE,
  }))
    .sort((a, b) => a.dueOn.getTime() - b.dueOn.getTime() || a.startsOn.getTime() - b.startsOn.getTime() || a.index - b.index)
    .map(({ index: _index, ...entry }) => entry);
}

/** A calendar date "YYYY-MM-DD" as UTC midnight. */
export const dateFromIso = (value: string) => new Date(`${value}T00:00:00Z`);
export const isoOf = (date: Date) => date.toISOString().slice(0, 10);
