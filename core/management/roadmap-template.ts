// The default roadmap template (#14): seed 002's «Дорожная карта» по реализации региональной программы
// «Повышение качества образования в школах с низкими образовательными результатами обучающихся и/или
// в школах, функционирующих в неблагоприятных социальных условиях», transcribed event by event.
//
// Deadlines: the seed's roadmap is for a calendar year (2023, April to December). A template must apply
// to any school year (1 September – 31 August), so each deadline is a month offset within the school
// year (0 = September … 11 = August) and a day (absent: the month's last day). Mapping used:
//   «Март» → 6, «Апрель» → 7, «Май» → 8, «Июнь» → 9; «Декабрь» → 3;
//   «Август – октябрь» (analysis of the previous ГИА/ВПР) → October, 1;
//   «Октябрь-ноябрь» → November, 2;
//   «20–21 апреля, октябрь» (two КПК sessions) → 21 April, 7 (the later one in the school year order is
//   April; the October session comes first);
//   «Ежемесячно», «В течение года» → 31 May, 8 (the end of the teaching year; the event is one row
//   whose state is checked then). The seed's wording is kept in `period` for reference.
// Numbers: the seed numbers 1–23 straight through; the product numbers per section ("1.1" … "4.7",
// what RoadmapsRepository.addEvent continues), the seed's number is kept in `seedNumber`.
// Page-break artefacts of the seed's text were joined: item 5's indicator («Создана на официальном
// сайте РУО информационные разделы/страницы, посвященные поддержке ШНОР») was split across item 4 and
// a stray line. «3 выезда в Первомайский район» reads «3 выезда в район» (the template serves any
// district), «на 2023 год» reads «на учебный год» and «ГИА-2023»/«ВПР-2023» read «ГИА»/«ВПР» (the year
// is the roadmap's); the other figures (4 programmes, 68 programmes, 14 schools) are the seed's and the
// district edits them.
//
// School template: the events whose executors include the school (ОО, руководители ОО, руководители
// ШНОР) — seed items 3, 4, 8, 13, 14, 15, 16, 20, 21 — renumbered within their sections.
import type { EventInput, RoadmapSection } from "../services/roadmaps-ports.ts";
import { schoolYearStart } from "./school-year.ts";

export interface TemplateEvent {
  seedNumber: number;
  section: RoadmapSection;
  title: string;
  /** The seed's «Сроки реализации». */
  period: string;
  monthOffset: number;
  day?: number;
  indicator: string | null;
  resultDocument: string | null;
  executorsText: string;
  /** The school (ОО) is among the executors: the event is in a school's roadmap. */
  school: boolean;
}

export const SEED_002_TEMPLATE_KEY = "seed-002" as const;

export const SEED_002_EVENTS: readonly TemplateEvent[] = [
  // Организационно-управленческая деятельность
  {
    seedNumber: 1,
    section: "org_managerial",
    title:
      "Разработка и утверждение муниципальной программы и «дорожной карты» по повышению качества образования в школах с низкими образовательными результатами обучающихся (далее - ШНОР) и/или в школах, функционирующих в неблагоприятных социальных условиях (далее – ШНСУ)",
    period: "Апрель",
    monthOffset: 7,
    indicator: "Разработана муниципальная программа и «дорожная карта»",
    resultDocument: "Приказ РУО",
    executorsText: "РУО",
    school: false,
  },
  {
    seedNumber: 2,
    section: "org_managerial",
    title: "Разработка кураторами плана работы со ШНОР на учебный год",
    period: "Апрель",
    monthOffset: 7,
    indicator: "Разработан план работы кураторов с управленческими командами школ",
    resultDocument: "План работы",
    executorsText: "Куратор ШНОР РУО",
    school: false,
  },
  {
    seedNumber: 3,
    section: "org_managerial",
    title: "Разработка школьных программ по повышению качества образования и переходу в эффективный режим функционирования",
    period: "Апрель",
    monthOffset: 7,
    indicator: "Разработано/откорректировано 4 школьных программ",
    resultDocument: "Школьная программа",
    executorsText: "РУО, куратор, руководители ОО",
    school: true,
  },
  {
    seedNumber: 4,
    section: "org_managerial",
    title: "Информационное сопровождение ШНОР и ШНСУ",
    period: "Ежемесячно",
    monthOffset: 8,
    indicator: "Размещено не менее 1 новости в месяц на сайтах РУО и образовательных организаций",
    resultDocument: "Ссылка на новости о работе ШНОР на сайтах РУО и образовательных организаций",
    executorsText: "РУО, куратор, руководители ОО",
    school: true,
  },
  {
    seedNumber: 5,
    section: "org_managerial",
    title: "Создание и размещение на сайтах РУО разделов по поддержке ШНОР",
    period: "В течение года",
    monthOffset: 8,
    indicator: "Создана на официальном сайте РУО информационные разделы/страницы, посвященные поддержке ШНОР",
    resultDocument: "Ссылки на разделы сайтов",
    executorsText: "РУО",
    school: false,
  },
  {
    seedNumber: 6,
    section: "org_managerial",
    title:
      "Рассмотрение вопроса «Организация работы с образовательными учреждениями с низкими образовательными результатами и школ, функционирующих в неблагоприятных социальных условиях» на совещании с руководителями образовательных организаций",
    period: "Апрель",
    monthOffset: 7,
    indicator: "Проведено совещание с руководителями образовательных организаций",
    resultDocument: "Протокол совещания",
    executorsText: "РУО",
    school: false,
  },
  {
    seedNumber: 7,
    section: "org_managerial",
    title:
      "Рассмотрение вопроса «Переход на обновленные ФГОС СОО. муниципальный уровень» на совещании с руководителями образовательных организаций и заместителями руководителей ОО.",
    period: "Апрель",
    monthOffset: 7,
    indicator: "Проведено совещание с руководителями образовательных организаций",
    resultDocument: "Протокол совещания",
    executorsText: "РУО",
    school: false,
  },
  // Организационно-технологическая деятельность
  {
    seedNumber: 8,
    section: "org_technological",
    title: "Мониторинг (анкетирование) ШНОР",
    period: "Март",
    monthOffset: 6,
    indicator: "Прохождение анкетирования школами",
    resultDocument: "Письмо РУО",
    executorsText: "ТОИПКРО, кураторы, руководители ШНОР",
    school: true,
  },
  {
    seedNumber: 9,
    section: "org_technological",
    title:
      "Разработка для управленческих команд ШНОР и ШНСУ индивидуальных образовательных маршрутов (далее – ИОМ) на основании результатов диагностических процедур",
    period: "Июнь",
    monthOffset: 9,
    indicator: "Разработаны, согласованы и утверждены ИОМ для управленческих команд ШНОР и ШНСУ",
    resultDocument: "Приказ РУО",
    executorsText: "ТОИПКРО",
    school: false,
  },
  {
    seedNumber: 10,
    section: "org_technological",
    title: "Мониторинг школьных программ ШНОР",
    period: "Апрель",
    monthOffset: 7,
    indicator: "Проведен мониторинг 68 школьных программ",
    resultDocument: "Письмо РУО",
    executorsText: "РУО, кураторы",
    school: false,
  },
  {
    seedNumber: 11,
    section: "org_technological",
    title: "Организация проведения процедур оценки качества образования обучающихся (ВПР, ГИА и др.)",
    period: "В течение года",
    monthOffset: 8,
    indicator: "Участие 14 школ в процедурах оценки качества обучающихся",
    resultDocument: "Приказ РУО",
    executorsText: "РУО",
    school: false,
  },
  // Методическое сопровождение
  {
    seedNumber: 12,
    section: "methodical",
    title: "Организация и проведение кураторами 3 выездных проектных сессий по работе со ШНОР",
    period: "В течение года",
    monthOffset: 8,
    indicator: "Проведено 3 выезда в район",
    resultDocument: "План работы",
    executorsText: "РУО, кураторы",
    school: false,
  },
  {
    seedNumber: 13,
    section: "methodical",
    title:
      "Обучение управленческой команды ОО на КПК «Организация работы со школами с низкими результатами обучения (ШНОР) для перехода школы в эффективный режим функционирования» (16ч.)",
    period: "20–21 апреля, октябрь",
    monthOffset: 7,
    day: 21,
    indicator: "Проведены КПК",
    resultDocument: "список обученных",
    executorsText: "РУО, ОО",
    school: true,
  },
  {
    seedNumber: 14,
    section: "methodical",
    title: "Участие в семинаре «ШНОР: прокачай свою управленческую команду»",
    period: "Апрель",
    monthOffset: 7,
    indicator: "Проведен семинар",
    resultDocument: "Программа семинара",
    executorsText: "ТОИПКРО РУО, ОО",
    school: true,
  },
  {
    seedNumber: 15,
    section: "methodical",
    title: "Участие в выездном семинаре для управленческих команд ШНОР",
    period: "Май",
    monthOffset: 8,
    indicator: "Участие в выездном семинаре",
    resultDocument: "Программа семинара, информационное письмо",
    executorsText: "ТОИПКРО РУО, ОО",
    school: true,
  },
  {
    seedNumber: 16,
    section: "methodical",
    title: "Участие в семинарах по работе с кураторами муниципальных и директорами ШНОР «Инструментарий УМ»",
    period: "Октябрь-ноябрь",
    monthOffset: 2,
    indicator: "Участие в семинарах",
    resultDocument: "Программа семинаров, информационные письма, список участников",
    executorsText: "ТОИПКРО, РУО, ОО",
    school: true,
  },
  // Аналитическая деятельность
  {
    seedNumber: 17,
    section: "analytical",
    title: "Анализ результатов мониторинга школьных программ повышения качества образования в ШНОР",
    period: "Апрель",
    monthOffset: 7,
    indicator: "Сформирована аналитическая справка по итогам результатов мониторинга школьных программ",
    resultDocument: "Аналитическая справка",
    executorsText: "РУО, кураторы",
    school: false,
  },
  {
    seedNumber: 18,
    section: "analytical",
    title: "Анализ результатов мониторинга текущей работы кураторов",
    period: "Декабрь",
    monthOffset: 3,
    indicator: "Сформирована аналитическая справка кураторами ШНОР",
    resultDocument: "Аналитическая справка",
    executorsText: "ТОИПКРО, РУО, кураторы ШНОР",
    school: false,
  },
  {
    seedNumber: 19,
    section: "analytical",
    title: "Анализ результатов экспертизы муниципальных программ по работе со ШНОР",
    period: "Май",
    monthOffset: 8,
    indicator: "Сформирована аналитическая справка по итогам экспертиз муниципальных программ ШНОР",
    resultDocument: "Аналитическая справка",
    executorsText: "ТОИПКРО",
    school: false,
  },
  {
    seedNumber: 20,
    section: "analytical",
    title: "Анализ результатов ГИА",
    period: "Август – октябрь",
    monthOffset: 1,
    indicator: "Сформирован аналитический отчет",
    resultDocument: "Аналитический отчет",
    executorsText: "ТОИПКРО, РУО, ОО",
    school: true,
  },
  {
    seedNumber: 21,
    section: "analytical",
    title: "Анализ результатов ВПР",
    period: "Август – октябрь",
    monthOffset: 1,
    indicator: "Сформирован аналитический отчет",
    resultDocument: "Аналитический отчет",
    executorsText: "ТОИПКРО, РУО, ОО",
    school: true,
  },
  {
    seedNumber: 22,
    section: "analytical",
    title: "Проведение анализа эффективности реализации школьных программ",
    period: "Декабрь",
    monthOffset: 3,
    indicator: "Аналитические материалы",
    resultDocument: "Аналитическая справка",
    executorsText: "Кураторы ШНОР, ТОИПКРО",
    school: false,
  },
  {
    seedNumber: 23,
    section: "analytical",
    title: "Проведение анализа эффективности принятых мер поддержки ШНОР и ШНСУ",
    period: "Декабрь",
    monthOffset: 3,
    indicator: "Аналитические материалы",
    resultDocument: "Аналитическая справка",
    executorsText: "ТОИПКРО",
    school: false,
  },
];

/** The date (UTC midnight, a calendar date) of a month offset within a school year. */
export function templateDueOn(schoolYear: string, monthOffset: number, day?: number): Date {
  const start = schoolYearStart(schoolYear);
  if (start === null) throw new Error(`roadmap template: bad school year ${JSON.stringify(schoolYear)}`);
  if (!Number.isInteger(monthOffset) || monthOffset < 0 || monthOffset > 11) throw new Error(`roadmap template: bad month offset ${monthOffset}`);
  const monthIndex = 8 + monthOffset; // September = 8
  const year = start + Math.floor(monthIndex / 12);
  const month = monthIndex % 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month, day === undefined ? last : Math.min(day, last)));
}

function roadmapTitle(kind: "district" | "school", name: string, schoolYear: string): string {
  return kind === "district"
    ? `«Дорожная карта» по повышению качества образования в школах с низкими образовательными результатами обучающихся и/или в школах, функционирующих в неблагоприятных социальных условиях: ${name}, ${schoolYear} учебный год`
    : `«Дорожная карта» школы по повышению качества образования и переходу в эффективный режим функционирования: ${name}, ${schoolYear} учебный год`;
}

/** The roadmap a district or a school starts with: seed 002's events, dated within `schoolYear`. */
export function defaultRoadmapInit(
  kind: "district" | "school",
  name: string,
  schoolYear: string,
): { title: string; templateKey: "seed-002"; events: EventInput[] } {
  const chosen = SEED_002_EVENTS.filter((event) => kind === "district" || event.school);
  const counters = new Map<RoadmapSection, number>();
  const sectionIndex: Record<RoadmapSection, number> = { org_managerial: 1, org_technological: 2, methodical: 3, analytical: 4 };
  const events = chosen.map((event): EventInput => {
    const n = (counters.get(event.section) ?? 0) + 1;
    counters.set(event.section, n);
    return {
      section: event.section,
      number: `${sectionIndex[event.section]}.${n}`,
      title: event.title,
      dueOn: templateDueOn(schoolYear, event.monthOffset, event.day),
      indicator: event.indicator,
      resultDocument: event.resultDocument,
      executorsText: event.executorsText,
    };
  });
  return { title: roadmapTitle(kind, name, schoolYear), templateKey: SEED_002_TEMPLATE_KEY, events };
}
