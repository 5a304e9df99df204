// Texts of the identification journey in the bot (issue #12 §4, §10): the data intake by file, the
// check before loading, /identify and /templates, the button of the run notice. Plain text (no
// HTML): school names and file contents go in as they are.

/** Russian names of the templates, in the captions of /templates. */
const TEMPLATE_NAMES: Record<string, string> = {
  results: "Шаблон: результаты оценочных процедур",
  items: "Шаблон: выполнение заданий ВПР",
  social: "Шаблон: социальные данные школ",
  "official-list": "Шаблон: официальный список ШНОР/ШНСУ",
};

const plural = (count: number, one: string, few: string, many: string) => {
  const mod10 = count % 10;
  const mod100 = count % 100;
  if (mod10 === 1 && mod100 !== 11) return one;
  if (mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14)) return few;
  return many;
};

const schools = (count: number) => `${count} ${plural(count, "школа", "школы", "школ")}`;
const rows = (count: number) => `${count} ${plural(count, "строка", "строки", "строк")}`;
const number = (value: number) => value.toLocaleString("ru-RU");

export const identificationBotText = {
  commands: {
    identify: "Расчёт ШНОР и ШНСУ за год",
    templates: "Шаблоны файлов для загрузки данных",
  },
  help: {
    district: [
      "Пришлите файл Excel (.xlsx) или CSV с результатами, заданиями ВПР, социальными данными или официальным списком — бот проверит его и предложит загрузить",
      "/templates — шаблоны файлов для загрузки данных",
      "/identify [год] — рассчитать списки ШНОР и ШНСУ (без года — за последний год с данными)",
    ].join("\n"),
  },
  menu: { templates: "Загрузить данные ШНОР и ШНСУ" },
  /** Buttons of the check screen. */
  load: "Загрузить",
  cancel: "Отмена",

  // ---- documents ----
  notForYou:
    "Спасибо, но файлы с данными бот принимает только у сотрудников РУО. Файл не сохранён. " +
    "Если хотели передать его в РУО, отправьте его ответственному сотруднику напрямую.",
  stranger: "Вы ещё не подключены к боту, поэтому файл не сохранён. Подключитесь по личной ссылке-приглашению от школы или РУО.",
  unsupported: (fileName: string) =>
    `Файл «${fileName}» бот не читает. Пришлите таблицу Excel (.xlsx) или CSV; шаблоны — /templates.`,
  oldExcel: (fileName: string) =>
    `Файл «${fileName}» в старом формате Excel (.xls). Откройте его в Excel и сохраните как «Книга Excel (.xlsx)», затем пришлите снова.`,
  tooBig: (fileName: string, megabytes: number, limit: number) =>
    `Файл «${fileName}» занимает ${megabytes} МБ, а бот принимает файлы до ${limit} МБ. ` +
    "Разделите его на части (например, по годам или по предметам) и пришлите по очереди. Ничего не сохранено.",
  downloadFailed: "Не удалось получить файл из мессенджера. Пришлите его ещё раз через минуту.",
  unavailable: "Загрузка данных через бота сейчас недоступна. Загрузите файл в приложении (страница района) или попросите администратора.",
  reading: (fileName: string) => `Проверяю файл «${fileName}»…`,
  readingRows: (done: number, total: number) => `Проверяю файл… строки: ${number(done)} из ${number(total)}`,
  loadingRows: (done: number, total: number) => `Сохраняю… записи «школа — год»: ${number(done)} из ${number(total)}`,

  // ---- the check screen ----
  checkTitle: (fileName: string, district: string) => `Проверка файла «${fileName}» (${district})`,
  checkKind: (kindName: string, shape: string) => `Что в файле: ${kindName}; формат — ${shape}.`,
  checkShape: (shape: string) => `Формат: ${shape}.`,
  checkCounts: (rowCount: number, schoolCount: number, years: number[]) =>
    `Прочитано: ${rows(rowCount)}, ${schools(schoolCount)}` + (years.length ? `, ${plural(years.length, "год", "годы", "годы")}: ${years.join(", ")}.` : "."),
  checkRows: (rowCount: number) => `Прочитано: ${rows(rowCount)}.`,
  problemsTitle: (count: number) => `Ошибки (${count}) — файл не загружен, ничего не сохранено:`,
  warningsTitle: (count: number) => `Предупреждения (${count}):`,
  problemLine: (problem: string) => `• ${problem}`,
  moreProblems: (count: number) => `…и ещё ${count}. Исправьте показанные ошибки и пришлите файл снова — бот покажет остальные.`,
  moreWarnings: (count: number) => `…и ещё ${count}.`,
  fixAndResend: "Исправьте файл и пришлите его снова. Шаблоны — /templates.",
  askLoad: "Всё в порядке. Загрузить данные?",

  // ---- after the press ----
  cancelled: "Хорошо, файл не загружен. Ничего не сохранено.",
  loaded: (rowCount: number, schoolCount: number, years: number[]) =>
    `Готово: загружено ${rows(rowCount)}, ${schools(schoolCount)}` + (years.length ? `, ${years.join(", ")}.` : "."),
  loadedReplaced: (count: number) => `Прежние данные заменены: ${count} ${plural(count, "сочетание", "сочетания", "сочетаний")} «школа — год».`,
  loadedNext: (year: number | null) =>
    year ? `Когда загружены и результаты, и социальные данные, рассчитайте списки: /identify ${year}` : "Рассчитать списки: /identify",
  notLoaded: "Файл не загружен, ничего не сохранено:",

  // ---- /identify ----
  badYear: (text: string) => `«${text}» — не год. Напишите, например: /identify 2025`,
  noData: (district: string) =>
    `${district}: данных для расчёта ещё нет. Пришлите файлы результатов и социальных данных (шаблоны — /templates).`,
  runTitle: (district: string, year: number, version: number) => `${district}: ШНОР и ШНСУ за ${year} год (методика, версия ${version})`,
  clusters: "Кластеры:",
  clusterLine: (name: string, count: number) => `• ${name} — ${schools(count)}`,
  lists: (shnor: number, shnsu: number) => `ШНОР: ${schools(shnor)}. ШНСУ: ${schools(shnsu)}.`,
  entered: "Вошли в список:",
  left: "Вышли из списка:",
  changeLine: (school: string, list: string) => `• ${school} — ${list}`,
  moreChanges: (count: number) => `• …и ещё ${count}`,
  noChanges: "Состав списков не изменился.",
  firstRun: "Это первый расчёт за этот год: сравнивать не с чем.",
  runWarnings: "Обратите внимание:",
  runMore: "Диаграмма, списки и объяснение по каждой школе — в приложении: страница района → «ШНОР и ШНСУ».",

  // ---- /templates ----
  templatesIntro:
    "Шаблоны файлов: заполните и пришлите боту — он проверит файл и предложит загрузить. Первый лист каждого шаблона — инструкция. " +
    "Выгрузки ФИС ОКО («Аналитика») и книгу школ и сотрудников можно присылать как есть. Когда загружены результаты и социальные данные — /identify.",
  templateCaption: (kind: string) => TEMPLATE_NAMES[kind] ?? kind,
  templatesUnavailable: "Шаблоны сейчас недоступны. Скачайте их в приложении (страница района) или попросите администратора.",

  /** The button under a queued notice that opens the Mini App at `appStart`. */
  appButton: (appStart: string) =>
    appStart.startsWith("school-")
      ? "Открыть карточку школы"
      : appStart.startsWith("risk-")
        ? "Открыть рисковый профиль"
        : appStart.startsWith("net-programmes-")
          ? "Открыть программу"
          : "Открыть приложение",
};
