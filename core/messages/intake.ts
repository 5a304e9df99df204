import type { FileProblem } from "../identification/types.ts";

/**
 * Texts of the identification data intake (issue #12): column titles of the templates, the
 * instruction sheets, the shapes of the files recognised, and every problem a file can have.
 * files/identification/ reads the files; the bot, the Mini App and the CLI show these words.
 */

/** Column titles of the templates, by field. The reader also accepts common variants of each. */
export const COLUMN_TITLES = {
  schoolCode: "Код ОО",
  schoolName: "Название ОО",
  year: "Год",
  assessment: "Процедура",
  grade: "Класс",
  subject: "Предмет",
  participants: "Участники",
  meanScore: "Средний балл",
  lowShare: "Ниже порога или «2», %",
  highShare: "Высокие баллы или «5», %",
  vprLowered: "Понизили, %",
  vprConfirmed: "Подтвердили, %",
  vprRaised: "Повысили, %",
  mark2: "Доля «2», %",
  mark3: "Доля «3», %",
  mark4: "Доля «4», %",
  mark5: "Доля «5», %",
  task: "Задание",
  solvedShare: "Выполнили, %",
  topic: "Тема, раздел",
  students: "Всего обучающихся",
  parentsNoHigherEducation: "Оба родителя без высшего образования",
  unemployedParents: "Единственный или оба родителя безработные",
  watchList: "На внутришкольном и ином учёте",
  odnKdn: "На учёте в ОДН или КДН",
  migrantOrLowRussian: "Из семей мигрантов или слабо владеют русским языком",
  nonAttested: "Неаттестованные",
  truancy: "Систематически пропускают уроки без уважительной причины",
  disabilities: "С ОВЗ",
  remote: "Удалённая или транспортно недоступная (да/нет)",
  smallSchool: "Малокомплектная (да/нет)",
  infrastructureDeficit: "Дефицит инфраструктуры (да/нет)",
  computerDeficit: "Дефицит компьютеров (да/нет)",
  internetDeficit: "Нет интернета или он медленный (да/нет)",
  unfilledPosts: "Незакрытые вакансии, в том числе психолог, логопед, соцпедагог, дефектолог, педагог доп. образования (да/нет)",
  accreditationSuspended: "Аккредитация приостановлена (да/нет)",
  innovationPlatform: "Инновационная площадка (да/нет)",
  headCompetence: "Компетентность руководителя (да/нет)",
  headMotivation: "Мотивация руководителя (да/нет)",
  note: "Примечание",
  /** ФИС ОКО: the column of the participant groups (region, district, schools). */
  group: "Группы участников",
  percent: "%",
} as const;
export type ColumnKey = keyof typeof COLUMN_TITLES;

/** The document details of an official list («Реквизиты»). */
export const DETAIL_TITLES = {
  source: "Кто утвердил (источник)",
  documentNumber: "Номер документа",
  documentDate: "Дата документа",
  kind: "Список (ШНОР или ШНСУ)",
  year: "Год",
} as const;
export type DetailKey = keyof typeof DETAIL_TITLES;

export const LIST_WORDS = { shnor: "ШНОР", shnsu: "ШНСУ" } as const;

export const SHAPE_NAMES = {
  template: "шаблон",
  fisMarks: "ФИС ОКО: статистика по отметкам",
  fisTasks: "ФИС ОКО: выполнение заданий",
  fisJournal: "ФИС ОКО: сравнение отметок с отметками по журналу",
  staff: "книга школ и сотрудников",
  unknown: "не распознан",
} as const;

export const KIND_NAMES = {
  results: "результаты",
  items: "выполнение заданий ВПР",
  social: "социальные данные",
  "official-list": "список ШНОР или ШНСУ",
  staff: "школы и сотрудники",
} as const;

export const SHEET_NAMES = {
  results: "Результаты",
  items: "Задания",
  social: "Социальные данные",
  "official-list": "Список",
  details: "Реквизиты",
  help: "Инструкция",
} as const;

export const TEMPLATE_FILES = {
  results: "shablon-rezultaty.xlsx",
  items: "shablon-zadaniya-vpr.xlsx",
  social: "shablon-socialnye-dannye.xlsx",
  "official-list": "shablon-spisok-shnor-shnsu.xlsx",
} as const;

const quoted = (titles: string[]) => titles.map((title) => `«${title}»`).join(", ");
const plural = (n: number, one: string, few: string, many: string) => {
  const tens = n % 100;
  const last = n % 10;
  if (tens >= 11 && tens <= 14) return many;
  if (last === 1) return one;
  if (last >= 2 && last <= 4) return few;
  return many;
};
const count = (n: number) => n.toLocaleString("ru-RU").replace(/\s/g, " ");
const percentText = (share: number) => `${(Math.round(share * 1000) / 10).toString().replace(".", ",")} %`;

/** Every problem and warning the intake reports, in the words of the person who sent the file. */
export const intakeText = {
  csvSheet: "CSV",
  // ---- the file as a whole ----
  empty: "файл пустой",
  tooBig: (megabytes: number, limit: number) =>
    `файл ${megabytes.toFixed(1).replace(".", ",")} МБ — больше ${limit} МБ; разделите его на части (например, по годам или предметам)`,
  tooManyRows: (rows: number, limit: number) =>
    `в файле ${count(rows)} строк — больше ${count(limit)}; разделите его на части (например, по годам)`,
  xlsxTooBig: (megabytes: number, limit: number) =>
    `таблица в файле Excel слишком большая: ${Math.round(megabytes)} МБ в распакованном виде, можно до ${limit} МБ; ` +
    "разделите файл на части или сохраните его как CSV (разделители — точка с запятой)",
  pdf: "это PDF, а нужна таблица: Excel (.xlsx) или CSV; в ФИС ОКО выгрузите отчёт в Excel",
  oldExcel: "это файл старого формата Excel (.xls); откройте его в Excel и сохраните как «Книга Excel (.xlsx)»",
  notTable: "это не таблица Excel (.xlsx) и не CSV; сохраните данные как «Книга Excel (.xlsx)» или «CSV (разделители — точка с запятой)»",
  brokenXlsx: "файл Excel повреждён или это не .xlsx (архив не читается); откройте его в Excel и сохраните заново как «Книга Excel (.xlsx)»",
  brokenCsv: (line: number | undefined, reason: string) =>
    `CSV не читается${line ? ` (около строки ${line})` : ""}: ${reason}; проверьте кавычки или сохраните файл из Excel заново`,
  csvQuote: "незакрытые или лишние кавычки",
  internal: "файл не удалось прочитать из-за внутренней ошибки; сообщите администратору и попробуйте сохранить файл заново",
  badRequest: (reason: string) => `файл не передан как нужно: ${reason}`,
  noTables: "в файле нет ни одной непустой таблицы",
  repeatedHeader: "строка повторяет заголовки и пропущена",
  staffNotExpected: (kind: string) =>
    `это книга школ и сотрудников (лист «Сотрудники»), а ожидались данные вида «${kind}»; загрузите её как школы и сотрудников`,
  wrongKind: (found: string, expected: string) => `в файле данные вида «${found}», а ожидались «${expected}»`,
  mixedKinds: (kinds: string[]) => `в одном файле данные разных видов (${kinds.join(", ")}); загрузите каждый вид отдельным файлом`,
  noHeader: (expected: string) =>
    `не найдена строка заголовков таблицы (${expected}) в первых 15 строках; возьмите шаблон или проверьте, что это нужный отчёт`,
  missingColumns: (shape: string, titles: string[]) =>
    `таблица похожа на «${shape}», но в ней нет ${titles.length === 1 ? "столбца" : "столбцов"} ${quoted(titles)}`,
  noDataRows: "в таблице есть заголовки, но нет ни одной строки с данными",
  noSchoolRows: "в отчёте нет ни одной строки школы (строки вида «(sch123456) Название» или с кодом ОО)",
  truncated: (hidden: number) =>
    `и ещё ${count(hidden)} ${plural(hidden, "ошибка", "ошибки", "ошибок")}; исправьте показанные и проверьте файл снова`,
  truncatedWarnings: (hidden: number) => `и ещё ${count(hidden)} ${plural(hidden, "предупреждение", "предупреждения", "предупреждений")}`,
  // ---- context of ФИС ОКО reports ----
  noContext: (what: string[]) =>
    `не удалось определить ${what.join(", ")} отчёта ФИС ОКО: их нет ни над таблицей, ни в названии листа, ни в имени файла. ` +
    "Назовите файл, например, «ВПР 2025 математика 5 класс.xlsx» или перенесите данные в шаблон",
  contextYear: "год",
  contextGrade: "класс",
  contextSubject: "предмет",
  contextFrom: (parts: string) => `отчёт ФИС ОКО: ${parts} — взяты из заголовка, названия листа или имени файла; проверьте`,
  // ---- official lists ----
  missingDetails: (titles: string[]) =>
    `не указаны реквизиты списка: ${quoted(titles)}; заполните лист «Реквизиты» шаблона или укажите их при загрузке`,
  badListKind: (value: string) => `«${value}»: укажите список — ШНОР или ШНСУ`,
  badDate: (value: string) => `«${value}» — не дата; укажите дату документа, например 15.03.2025`,
  // ---- cells ----
  blankFormula: (address: string, formula: string) =>
    `в ячейке ${address} формула =${formula} без сохранённого значения; откройте файл в Excel, дождитесь пересчёта и сохраните`,
  excelError: (value: string) => `в ячейке ошибка Excel «${value}»; исправьте формулу или впишите значение`,
  notNumber: (value: string) => `«${value}» — не число`,
  notInteger: (value: string) => `«${value}» — нужно целое число`,
  negative: (value: string) => `«${value}» — отрицательное число`,
  shareOver: (value: string) => `«${value}» — доля больше 100 %`,
  scoreOver: (value: string) => `средний балл «${value}» больше 100`,
  required: "не заполнено",
  tooLong: (length: number, max: number) => `слишком длинный текст: ${length} символов, можно не больше ${max}`,
  notYear: (value: string) => `«${value}» — не год; укажите год, например 2025`,
  yearRange: (year: number, from: number, to: number) => `год ${year} вне допустимого диапазона ${from}–${to}`,
  schoolYear: (value: string, year: number) => `учебный год «${value}» прочитан как ${year} — год проведения процедуры`,
  notGrade: (value: string) => `«${value}» — не номер класса; укажите число от 1 до 11`,
  gradeRange: (grade: number, assessment: string, from: number, to: number) =>
    from === to ? `класс ${grade}: ${assessment} сдают в ${from} классе` : `класс ${grade}: ${assessment} проводится в ${from}–${to} классах`,
  unknownAssessment: (value: string, allowed: readonly string[]) => `неизвестная процедура «${value}»; допустимо: ${allowed.join(", ")}`,
  notBoolean: (value: string) => `«${value}» — укажите «да» или «нет»`,
  overStudents: (value: number, students: number) => `${count(value)} — больше, чем всего обучающихся (${count(students)})`,
  badTask: (value: string) => `«${value}» — не номер задания; укажите номер, например 3 или 10.1`,
  lostZeros: (code: string, other: string, row: number, sheet: string | null, short: string, long: string) =>
    `код ${code}, а ${sheet ? `на листе «${sheet}», ` : "в "}строке ${row} — ${other}: похоже, Excel отбросил ведущий ноль. Если это одна школа, исправьте ${short} на ${long} и задайте столбцу текстовый формат`,
  duplicate: (what: string, row: number, sheet: string | null) =>
    `повтор: ${what} уже есть ${sheet ? `на листе «${sheet}», ` : "в "}строке ${row}`,
  duplicateResult: (code: string, year: number, assessment: string, grade: number, subject: string) =>
    `школа ${code}, ${year}, ${assessment}, ${grade} класс, «${subject}»`,
  duplicateItem: (code: string, year: number, grade: number, subject: string, task: string) =>
    `школа ${code}, ${year}, ${grade} класс, «${subject}», задание ${task}`,
  duplicateSocial: (code: string, year: number) => `школа ${code}, ${year} год`,
  duplicateListed: (code: string) => `школа ${code}`,
  // ---- warnings ----
  fractionColumn: (title: string) =>
    `в столбце «${title}» все значения не больше 1 — прочитаны как доли (0,375 = 37,5 %); если это проценты меньше 1 %, впишите их со знаком «%»`,
  noName: (rows: number) => `у ${count(rows)} ${plural(rows, "строки", "строк", "строк")} не заполнено название школы: школа будет узнана по коду`,
  skippedAggregates: (rows: number, sample: string) =>
    `пропущено ${count(rows)} ${plural(rows, "строка", "строки", "строк")} без кода ОО — итоги по выборке, региону или району (например, «${sample}»)`,
  loginCodes: (login: string, code: string) => `коды ОО взяты из логинов ФИС ОКО: ${login} → ${code}`,
  ignoredSheet: (sheet: string) => `лист «${sheet}» не похож на таблицу данных и пропущен`,
  mergedCells: (range: string) =>
    `ячейки ${range} объединены: значение верхней ячейки попадёт в каждую строку блока — проверьте эти строки`,
  noMetrics: "нет ни одного показателя (средний балл, доли); строка почти ничего не добавит к расчёту",
  vprOnly: (assessment: string) => `«понизили / подтвердили / повысили» бывают только у ВПР, а здесь ${assessment}; значения пропущены`,
  noParticipants: "нет участников (0), а доли указаны; проверьте строку",
  noStudents: "всего обучающихся 0; проверьте строку",
  journalShares: (sum: number) => `понизили + подтвердили + повысили = ${percentText(sum)}, а должно быть около 100 %`,
  marksShares: (sum: number) => `сумма долей отметок «2»–«5» = ${percentText(sum)}, а должно быть около 100 %`,
  noJournalRows: "в отчёте нет строк «Понизили», «Подтвердили», «Повысили» ни у одной школы",
};

/**
 * A problem as one line: «Лист «Результаты», строка 7, столбец «Год»: …». A problem of the whole
 * file has an empty sheet; a CSV's sheet is "CSV" and is not named.
 */
export function formatProblem(problem: FileProblem): string {
  const place: string[] = [];
  if (problem.sheet && problem.sheet !== intakeText.csvSheet) place.push(`лист «${problem.sheet}»`);
  if (problem.row !== undefined) place.push(`строка ${problem.row}`);
  if (problem.column) place.push(`столбец «${problem.column}»`);
  if (!place.length) return capitalise(problem.message);
  return `${capitalise(place.join(", "))}: ${problem.message}`;
}
const capitalise = (text: string) => (text ? text[0]!.toLocaleUpperCase("ru") + text.slice(1) : text);

/** The «Инструкция» sheet of each template. */
export const INSTRUCTIONS = {
  common: [
    "Общие правила",
    `1. Одна строка — одна запись. Столбцы ищутся по заголовкам: их порядок не важен, лишние столбцы не мешают.`,
    `2. «${COLUMN_TITLES.schoolCode}» — тот же код, что в книге школ и сотрудников; по нему школа узнаётся. Вводите его как текст (столбец уже так настроен), иначе Excel отбросит ведущие нули.`,
    "3. Доли можно писать в процентах (37,5 или 37,5 %) или долями (0,375): столбец читается целиком — если в нём есть число больше 1, все числа столбца — проценты.",
    "4. Пустая ячейка необязательного столбца — «нет данных», а не ноль.",
    "5. Серые строки, которые начинаются со слова «Пример», — образец; они не загружаются, их можно удалить или оставить.",
    "6. Если в файле есть ошибки, ничего не записывается, а проверка перечисляет их все — с листом, строкой и столбцом.",
    "7. Формулы допустимы, если файл сохранён в Excel после пересчёта (читается сохранённое значение).",
  ],
  /** Rule 8: what a second upload replaces, by kind (README «Повторная загрузка»). */
  reimport: {
    results:
      `8. Повторная загрузка заменяет у школы за год каждую процедуру из файла целиком: строка ЕГЭ, ОГЭ, ВПР или РДР, которой нет в новом файле, удаляется; процедуры, которых в файле нет, остаются. Файл, в котором нет хотя бы одного из столбцов «${COLUMN_TITLES.participants}», «${COLUMN_TITLES.meanScore}», «${COLUMN_TITLES.lowShare}», «${COLUMN_TITLES.highShare}», и отчёты ФИС ОКО только дополняют сохранённые строки.`,
    items: "8. Повторная загрузка заменяет у школы за год каждый предмет класса из файла целиком: задание, которого нет в новом файле, удаляется; другие предметы остаются.",
    social: "8. Повторная загрузка заменяет строку школы за тот же год целиком.",
    "official-list": "8. Список с тем же источником и номером документа при повторной загрузке заменяется целиком.",
  },
  results: [
    "Результаты: одна строка — школа × год × процедура × класс × предмет",
    `«${COLUMN_TITLES.year}» — календарный год проведения (ЕГЭ 2025/26 учебного года — 2026). «${COLUMN_TITLES.assessment}» — ЕГЭ, ОГЭ, ВПР или РДР. «${COLUMN_TITLES.grade}» — для ЕГЭ 11 (можно оставить пустым), для ОГЭ 9 (можно оставить пустым), для ВПР 4–11.`,
    `«${COLUMN_TITLES.participants}» — число участников; «${COLUMN_TITLES.meanScore}» — средний балл (тестовый для ЕГЭ).`,
    `«${COLUMN_TITLES.lowShare}» — доля не преодолевших минимальный порог (ЕГЭ, ОГЭ) или получивших «2» (ВПР, РДР); «${COLUMN_TITLES.highShare}» — доля высокобалльников (ЕГЭ 81+) или получивших «5».`,
    `«${COLUMN_TITLES.vprLowered}», «${COLUMN_TITLES.vprConfirmed}», «${COLUMN_TITLES.vprRaised}» — только для ВПР: доли участников, чья отметка за ВПР ниже, равна или выше отметки по журналу (объективность результатов).`,
    "Отчёты ВПР из раздела «Аналитика» ФИС ОКО («Статистика по отметкам», «Выполнение заданий», «Сравнение отметок с отметками по журналу») можно загружать как есть, без переноса в шаблон: год, класс и предмет берутся из заголовка отчёта или из имени файла.",
  ],
  items: [
    "Выполнение заданий ВПР: одна строка — школа × год × класс × предмет × задание",
    `«${COLUMN_TITLES.task}» — номер задания, как в отчёте (3, 10.1, 4(2)). «${COLUMN_TITLES.solvedShare}» — доля участников, выполнивших задание.`,
    `«${COLUMN_TITLES.topic}» — необязательно: проверяемое умение или раздел; по нему составляется список тем для методической помощи.`,
    "Отчёт ФИС ОКО «Выполнение заданий» (задания — столбцами) можно загрузить как есть.",
  ],
  social: [
    "Социальные данные: одна строка — школа × год",
    `«${COLUMN_TITLES.students}» — обязательно. Остальные числа — сколько обучающихся в каждой группе (не доли, без фамилий); каждое не больше общего числа.`,
    "Столбцы «(да/нет)» — да или нет (можно 1/0, +/−); пустая ячейка — нет данных.",
    `Три последних столбца — критерии школы-куратора, которые устанавливает район: ${COLUMN_TITLES.innovationPlatform}, ${COLUMN_TITLES.headCompetence}, ${COLUMN_TITLES.headMotivation}.`,
  ],
  "official-list": [
    "Список ШНОР или ШНСУ, утверждённый регионом или Рособрнадзором",
    `Лист «${SHEET_NAMES["official-list"]}»: одна строка — одна школа из документа. Лист «${SHEET_NAMES.details}»: кто утвердил список, номер и дата документа, вид списка (ШНОР или ШНСУ) и год.`,
    "Реквизиты можно указать и при загрузке — тогда они заменяют записанные в листе.",
    "Загруженный список показывается рядом с рассчитанным, с расхождениями в обе стороны и их причинами.",
  ],
  detailsHint: "Заполните столбец B; столбец C — подсказка, он не загружается.",
  detailsExample: {
    source: "например: министерство образования Оренбургской области",
    documentNumber: "например: 01-21/1234",
    documentDate: "например: 15.03.2025",
    kind: "ШНОР или ШНСУ",
    year: "например: 2025",
  } satisfies Record<DetailKey, string>,
  exampleMark: "Пример",
  exampleNote: "образец, не загружается",
};
