// Russian texts of routes (ИОМ), the course catalog, teacher attributes, team routes and the
// methodologist's aggregates (#13, DOMAIN.md §7, seed 002).
import type { CourseColumn } from "../routes/catalog.ts";
import type { TeacherCategory } from "../services/routes-ports.ts";

const list = (items: readonly string[]) => items.map((item) => `«${item}»`).join(", ");

export const courseText = {
  managementArea: "Управление школой (управленческая команда)",
  columnName: {
    title: "Название",
    provider: "Организатор",
    hours: "Часы",
    areas: "Компетенции",
    startsOn: "Начало",
    endsOn: "Окончание",
    dates: "Даты",
    url: "Ссылка",
  } satisfies Record<CourseColumn, string>,
  emptyFile: "Файл пустой: нет ни заголовков, ни курсов.",
  noSheet: "В файле нет ни одного листа с курсами.",
  noCourses: "В файле нет ни одного курса: под строкой заголовков пусто.",
  missingColumns: (names: string[]) =>
    `Не найдены столбцы ${list(names)}. Первая заполненная строка — заголовки: «Название», «Организатор», «Часы», «Компетенции», «Даты» (или «Начало» и «Окончание»), «Ссылка».`,
  required: "Пустая ячейка: её нужно заполнить.",
  tooLong: (max: number) => `Слишком длинный текст: не больше ${max} знаков.`,
  badHours: (value: string) => `«${value}» — не число часов: нужно целое число от 1 до 2000.`,
  noAreas: (areas: string[]) => `Не указаны компетенции. Через точку с запятой: ${list(areas)}.`,
  unknownArea: (word: string, areas: string[]) => `Неизвестная компетенция «${word}». Допустимы: ${list(areas)} (или их идентификаторы).`,
  badDate: (value: string) => `«${value}» — не дата: пишите ДД.ММ.ГГГГ.`,
  badDates: (value: string) => `«${value}» — не даты: пишите «01.02.2026 – 15.02.2026» или одну дату.`,
  endBeforeStart: "Окончание раньше начала.",
  badUrl: (value: string) => `«${value}» — не ссылка: нужен адрес вида https://…`,
  duplicate: (row: number) => `Этот курс с тем же организатором уже есть в строке ${row}.`,
  tooMany: (max: number) => `Слишком много курсов в одном файле: не больше ${max}.`,
  problemAt: (problem: { row?: number; column?: string; message: string }) =>
    [problem.row ? `строка ${problem.row}` : "", problem.column ? `столбец «${problem.column}»` : ""].filter(Boolean).join(", ") +
    (problem.row || problem.column ? ": " : "") +
    problem.message,
  refused: (count: number) => `Каталог не загружен: ${count} ${count === 1 ? "ошибка" : "ошибок"}. Исправьте файл и загрузите его снова — ничего не записано.`,
  imported: (r: { created: number; updated: number; removed: number }) =>
    `Каталог курсов загружен: новых ${r.created}, обновлено ${r.updated}, удалено ${r.removed}.`,
};

export const CATEGORY_NAMES: Record<TeacherCategory, string> = {
  none: "без категории",
  first: "первая",
  highest: "высшая",
};

export const ITEM_KIND_NAMES = { course: "Курс", seminar: "Семинар", tutor: "Тьютор" } as const;

export const routeText = {
  command: "Мой маршрут (ИОМ)",
  menu: "🧭 Мой маршрут",
  help: "/route — ваш индивидуальный образовательный маршрут: курсы, семинары, тьютор; отметка о прохождении",
  noDiagnostic:
    "Маршрут строится по результатам диагностики профессиональных дефицитов. Пройдите её (/diagnostic), и маршрут появится здесь.",
  heading: (campaign: string) => `<b>Ваш образовательный маршрут (ИОМ)</b>\nПо диагностике «${campaign}».`,
  noDeficits: "Выраженных дефицитов диагностика не показала: курсы не обязательны. Семинары ниже — по желанию.",
  deficits: (areas: string[]) => `Дефициты: ${areas.join("; ")}.`,
  empty: "В маршруте пока нет пунктов: в каталоге района нет курсов по вашим дефицитам.",
  item: (n: number, kind: string, title: string, done: boolean) => `${n}. ${done ? "✅ " : ""}${kind}: ${title}`,
  courseDetails: (details: { provider: string; hours: number | null; dates: string | null; url: string | null }) =>
    [details.provider, details.hours ? `${details.hours} ч` : null, details.dates, details.url].filter(Boolean).join(" · "),
  certificate: "сертификат приложен",
  doneOn: (date: string) => `пройдено ${date}`,
  markButton: (n: number) => `✅ ${n}`,
  undoButton: (n: number) => `↩️ ${n}`,
  markHint: "Пройденный пункт отметьте кнопкой с его номером; сертификат — ссылкой или файлом сюда же в течение суток.",
  attributesButton: "Обо мне (стаж, категория)",
  dynamicsButton: "Моя динамика",
  openApp: "Открыть в приложении",
  marked: (n: number) =>
    `Пункт ${n} отмечен пройденным. Если есть сертификат, пришлите ссылку на него или файл (PDF, JPG, PNG до 5 МБ) следующим сообщением.`,
  unmarked: (n: number) => `Отметка с пункта ${n} снята.`,
  gone: "Этого пункта больше нет в маршруте: откройте /route заново.",
  certificateSaved: (title: string) => `Сертификат приложен к пункту «${title}».`,
  certificateTooBig: "Файл больше 5 МБ: пришлите ссылку на сертификат или файл поменьше.",
  certificateType: "Сертификат принимается в PDF, JPG или PNG.",
  certificateUrlBad: "Это не ссылка: нужен адрес вида https://…",
  dynamicsNone: "Динамика появится после второй диагностики: сейчас пройдена одна (или ни одной).",
  dynamicsHeading: (from: string, to: string) => `<b>Ваша динамика</b>\nДефицит по областям: «${from}» → «${to}» (меньше — лучше).`,
  dynamicsLine: (title: string, before: number, after: number) => {
    const delta = Math.round((after - before) * 10) / 10;
    const sign = delta < 0 ? "↓" : delta > 0 ? "↑" : "=";
    return `${title}: ${before} → ${after} (${sign}${delta === 0 ? "" : Math.abs(delta)})`;
  },
  dynamicsSummary: (better: number, worse: number) => `Улучшилось областей: ${better}, ухудшилось: ${worse}.`,
  attributesHeading: (current: string, minimum: number) =>
    `<b>Обо мне</b>\nЭти сведения необязательны: они помогают подбирать помощь группам педагогов (молодым, вновь прибывшим). Их видите только вы; методист института — только итоги по группам не меньше чем из ${minimum} человек, без имён.\n\n${current}`,
  serviceYearsHint: "Стаж напишите сообщением, например: «стаж 7». Категорию и остальное выберите кнопками; повторное нажатие снимает выбор.",
  serviceYearsBad: "Стаж — целое число лет от 0 до 60, например: «стаж 7».",
  certificateDownloadFailed: "Не удалось получить файл из мессенджера. Пришлите его ещё раз или ссылку на сертификат.",
  unavailable: "Маршруты на этом сервере не подключены. Сообщите администратору.",
  attributesCurrent: (a: { serviceYears: string; category: string; young: string; newlyArrived: string }) =>
    `Стаж: ${a.serviceYears}\nКатегория: ${a.category}\nМолодой педагог: ${a.young}\nВновь прибывший: ${a.newlyArrived}`,
  notSaid: "не указано",
  yes: "да",
  no: "нет",
  youngButton: (value: boolean | null) => `Молодой педагог: ${value === null ? "—" : value ? "да" : "нет"}`,
  arrivedButton: (value: boolean | null) => `Вновь прибывший: ${value === null ? "—" : value ? "да" : "нет"}`,
  clearButton: "Стереть всё",
  saved: "Сохранено.",
  seminarArea: (title: string) => title,
  seminarTopic: (grade: number, subject: string, topic: string) => `ВПР ${grade} кл., ${subject}: ${topic}`,
  seminarNote: "Тема с низкой решаемостью ВПР по данным последней идентификации",
  tutorTitle: (name: string | null) => `Тьютор: ${name ?? "наставник школы"}`,
  tutorNote: "Наставник вашей школы: обращайтесь за консультацией по маршруту",
  notTeacher: "Маршрут (ИОМ) строится для педагогов.",
  methodologistHelp:
    "Дефициты педагогов района по областям и целевым группам (молодые, вновь прибывшие, стаж, категория) — в приложении, раздел «Дефициты педагогов по группам». Только сводные цифры: группа меньше минимума скрыта.",
  methodologistMenu: "📊 Дефициты по группам",
};

export const teamText = {
  draftTitle: (year: number) => `ИОМ управленческой команды на ${year} год`,
  notHead: "Черновик маршрута команды составляет руководитель школы.",
  approved: (ref: string) => `Утверждён: ${ref}`,
  approveRefRequired: "Укажите реквизиты приказа (например, «Приказ № 123 от 15.06.2026»).",
  seminarSchoolArea: (title: string) => `для команды — дефицит педагогов школы: ${title}`,
  managementCourse: "Курс для управленческих команд",
  riskFactor: (name: string) => `Работа с фактором риска: ${name}`,
  riskFactorNote: (year: number) => `Риск зафиксирован в рисковом профиле школы (${year - 1}/${String(year).slice(2)} учебный год)`,
};

export const methodologistText = {
  groups: {
    all: "Все педагоги",
    young: "Молодые педагоги",
    newlyArrived: "Вновь прибывшие",
    serviceUnder3: "Стаж до 3 лет",
    service3to10: "Стаж 3–10 лет",
    service10to20: "Стаж 10–20 лет",
    service20plus: "Стаж 20 лет и более",
    categoryNone: "Без категории",
    categoryFirst: "Первая категория",
    categoryHighest: "Высшая категория",
    notSaid: "Не указали",
  },
};
