// The effectiveness analysis (аналитическая справка, #14 §7): the report's headings and labels (the
// same in the Mini App API, the XLSX, the PDF and the bot), the draft conclusions and the bot's /report.
import type { ListKind } from "../identification/types.ts";

const LIST_NAME: Record<ListKind, string> = { shnor: "ШНОР", shnsu: "ШНСУ" };
const pct = (count: number, total: number) => (total ? `${Math.round((100 * count) / total)} %` : "—");

export const reportLabels = {
  addressee: { head: "Руководители школ", district: "РУО", institute: "ИРО/ЦНППМ", assessment: "ЦОКО", curator: "Школы-кураторы" } as Record<string, string>,
  recommendationState: {
    proposed: "Предложена",
    sent: "Отправлена",
    acknowledged: "Принята к исполнению",
    in_work: "В работе",
    done: "Выполнена",
    rejected: "Отклонена",
  } as Record<string, string>,
  decisionKind: { organising: "Организующие", activating: "Активизирующие", coordinating: "Координирующие", controlling: "Контролирующие", stimulating: "Стимулирующие" } as Record<string, string>,
  decisionLevel: { school: "Школа", district: "Район", region: "Регион" } as Record<string, string>,
  horizon: { operational: "Оперативное", strategic: "Стратегическое" } as Record<string, string>,
  docType: { order: "Приказ", instruction: "Распоряжение", letter: "Инструктивное письмо" } as Record<string, string>,
  list: LIST_NAME,
} as const;

export const label = (labels: Record<string, string>, key: string) => labels[key] ?? key;

export const reportText = {
  title: "Аналитическая справка об эффективности принятых мер",
  subtitle: (district: string, period: string) => `${district} — ${period}`,
  periodTitle: (kind: "half_year" | "quarter", year: number, part: number) =>
    kind === "half_year" ? `${part === 1 ? "I" : "II"} полугодие ${year} года` : `${["I", "II", "III", "IV"][part - 1]} квартал ${year} года`,
  kindName: { half_year: "Полугодовой анализ", quarter: "Квартальный отчёт" },
  generatedAt: (date: string) => `Сформирована: ${date}`,
  cutoff: (date: string) => `Данные о сроках — на ${date}`,
  draftLabel: "ЧЕРНОВИК выводов: составлен автоматически по цифрам справки, РУО правит его до утверждения.",
  approved: (date: string, ref: string) => `Утверждена решением рабочей группы ${date}: ${ref}`,
  notApproved: "Не утверждена рабочей группой",

  sections: {
    indicators: "1. Динамика показателей эффективности",
    lists: "2. Изменения в списках ШНОР/ШНСУ",
    recommendations: "3. Адресные рекомендации: выданы и исполнены",
    roadmaps: "4. Выполнение дорожных карт",
    decisions: "5. Принятые управленческие решения",
    conclusions: "6. Выводы",
    workingGroup: "Рабочая группа",
  },
  indicators: {
    indicator: "Показатель",
    method: "Методика расчёта",
    source: "Источник данных",
    executor: "Ответственный исполнитель",
    none: "Показатели пока не из чего посчитать.",
  },
  lists: {
    year: "Год выявления",
    shnor: "ШНОР",
    shnsu: "ШНСУ",
    entered: "Вошли в списки",
    left: "Вышли из списков",
    school: "Школа",
    list: "Список",
    compared: (from: number, to: number) => `Сравнение выявления ${to} года с ${from} годом.`,
    oneRun: "Для сравнения нужно выявление двух лет: изменения пока не из чего посчитать.",
    noRuns: "Выявление ШНОР/ШНСУ ещё не проводилось: нет данных.",
    nobody: "нет",
  },
  recommendations: {
    issued: "Выдано за период",
    doneInPeriod: "Исполнено за период",
    open: "В работе (не исполнены)",
    overdue: "Просрочено",
    addressee: "Адресат",
    state: "Состояние",
    count: "Количество",
    title: "Рекомендация",
    school: "Школа",
    dueOn: "Срок",
    none: "За период рекомендаций не выдавалось и не исполнялось.",
    overdueList: "Просроченные рекомендации",
  },
  roadmaps: {
    roadmap: "Дорожная карта",
    total: "Мероприятий со сроком в периоде",
    done: "Выполнено",
    overdue: "Просрочено",
    share: "Выполнение",
    event: "Мероприятие",
    dueOn: "Срок",
    none: "Мероприятий со сроком в этом периоде нет.",
    overdueList: "Просроченные мероприятия",
    districtRoadmap: "Район",
  },
  decisions: {
    kind: "Вид",
    level: "Уровень",
    horizon: "Характер",
    document: "Документ",
    title: "Решение",
    count: "Количество",
    none: "За период решений не записано.",
    total: "Всего решений",
  },
  conclusions: {
    goalsMet: "Достигнуты ли цели",
    measuresSufficient: "Достаточны ли меры",
    growthPoints: "Точки роста",
    none: "—",
  },
  workingGroup: {
    order: (ref: string, date: string) => `Состав утверждён: ${ref} от ${date}`,
    name: "ФИО",
    position: "Должность",
    none: "Состав рабочей группы не указан.",
  },
  document: (docType: string, number: string, date: string) => `${docType} № ${number} от ${date}`,
  share: pct,

  /** Draft conclusions: short sentences from the figures; the district rewrites them. */
  draft: {
    listsChange: (kind: ListKind, from: number, to: number) => `Школ в списке ${LIST_NAME[kind]}: было ${from}, стало ${to}.`,
    rose: (titles: string[]) => `Выросли показатели: ${titles.join("; ")}.`,
    fell: (titles: string[]) => `Снизились показатели: ${titles.join("; ")}.`,
    noGoalData: "Данных для вывода о достижении целей пока недостаточно (нужны показатели двух лет или два выявления).",
    recommendations: (done: number, issued: number, overdue: number) =>
      `Рекомендации: выдано ${issued}, исполнено за период ${done}, просрочено ${overdue}.`,
    roadmaps: (done: number, total: number, overdue: number) => `Мероприятия дорожных карт со сроком в периоде: выполнено ${done} из ${total} (${pct(done, total)}), просрочено ${overdue}.`,
    decisions: (count: number) => `Принято управленческих решений: ${count}.`,
    sufficient: "Меры выполнены в срок; существенных отставаний нет.",
    insufficient: "Меры выполнены не полностью: есть просроченные рекомендации или мероприятия — дорожную карту нужно скорректировать.",
    noMeasures: "За период мер не запланировано: оценить их достаточность не из чего.",
    growthOverdueEvent: (title: string, roadmap: string) => `Завершить просроченное мероприятие «${title}» (${roadmap})`,
    growthOverdueRecs: (addressee: string, count: number) => `Проконтролировать исполнение рекомендаций (${addressee}): просрочено ${count}`,
    growthEntered: (school: string, kind: ListKind) => `Адресная поддержка школы «${school}», вошедшей в список ${LIST_NAME[kind]}`,
    growthFell: (title: string) => `Проанализировать причины снижения показателя «${title}»`,
    growthNone: "Закрепить достигнутое: продолжить мероприятия дорожной карты",
  },
  /** The roadmap event a growth point becomes. */
  growthEvent: {
    indicator: "Точка роста из аналитической справки",
    resultDocument: (period: string) => `Аналитическая справка за ${period}`,
    executors: "РУО",
  },
  errors: {
    forbidden: "Аналитические справки ведут сотрудники РУО своего района.",
    notFound: "Справка не найдена.",
    approved: "Справка утверждена рабочей группой: её уже нельзя менять.",
    notApproved: "Дорожную карту корректируют по утверждённой справке: сначала утвердите её решением рабочей группы.",
    badPeriod: "Период указывается как 2026-H2 (полугодие) или 2026-Q4 (квартал).",
    noGrowthPoint: "Такой точки роста в выводах нет.",
    alreadyInRoadmap: "Эта точка роста уже внесена в дорожную карту.",
    groupNotFound: "Состав рабочей группы не найден.",
    groupInUse: "Этот состав указан в утверждённой справке: его нельзя удалить.",
    unavailable: "Аналитические справки пока недоступны на этом сервере.",
  },

  // ---- the bot's /report ----
  command: "аналитическая справка (XLSX и PDF)",
  help: "/report — аналитическая справка об эффективности мер за полугодие или квартал: XLSX и PDF",
  menu: "📊 Справка",
  botHeading: (district: string) => `Аналитические справки — ${district}`,
  botNone: "Справок пока нет. Создайте черновик за текущее полугодие — его можно обновлять, пока рабочая группа его не утвердила.",
  botLine: (period: string, approved: string | null) => `• ${period}: ${approved ?? "черновик"}`,
  botApprovedShort: (date: string) => `утверждена ${date}`,
  botFiles: (period: string) => `📄 ${period}: XLSX и PDF`,
  botCreate: (period: string) => `➕ Черновик за ${period}`,
  botCreated: (period: string) => `Черновик справки за ${period} готов. Выводы правятся в Mini App; файлы — кнопкой ниже.`,
  botExists: (period: string) => `Справка за ${period} уже есть.`,
  botOpenApp: "Открыть справки",
  botCaption: (kind: "xlsx" | "pdf", period: string) => `Аналитическая справка за ${period} (${kind.toUpperCase()})`,
  botUnavailable: "Аналитические справки пока недоступны на этом сервере.",
  fileName: (period: string, ext: "xlsx" | "pdf") => `spravka-${period}.${ext}`,
} as const;
