// Russian texts of the baseline import (earlier rounds from Google Forms / Yandex Forms) and of the
// indicators (#13). Logic never inlines them.
import { pluralRu } from "./reminders.ts";

const quote = (text: string, max = 80) => `«${text.length > max ? `${text.slice(0, max - 1)}…` : text}»`;

export const baselineText = {
  // ---- the file ----
  noTable: "В файле нет таблицы с ответами: ожидалась выгрузка Google Форм или Яндекс Форм (первая строка — вопросы, ниже — ответы).",
  noRows: "В таблице есть строка с вопросами, но нет ни одного ответа.",
  tooManyRows: (rows: number, limit: number) => `В файле ${rows} строк ответов, больше предела ${limit}. Разделите файл на части.`,
  // ---- columns ----
  columnDropped: "столбец указывает на человека (почта, ФИО, телефон, адрес): не читается и не сохраняется",
  columnIgnored: "столбец не сопоставлен ни с вопросом, ни со школой: не импортируется",
  columnTimestamp: "время заполнения: по нему определяются даты проведения, в ответы не сохраняется",
  duplicateQuestion: (question: string, other: string) =>
    `этот столбец и столбец ${quote(other)} сопоставлены с одним вопросом ${quote(question)}: оставьте один`,
  identifyingMapped: "столбец указывает на человека и не может быть сопоставлен с вопросом или школой",
  unknownQuestion: (questionId: string) => `в настройке сопоставления указан вопрос ${questionId}, которого нет в анкете`,
  questionUnmapped: (question: string) => `вопрос ${quote(question)} не найден среди столбцов файла: ответов на него не будет`,
  // ---- answers ----
  unknownAnswer: (answer: string, question: string, rows: number) =>
    `ответ ${quote(answer)} не найден среди вариантов вопроса ${quote(question)}` +
    (rows > 1 ? ` (так ответили в ${rows} ${pluralRu(rows, "строке", "строках", "строках")})` : "") +
    ": укажите, какому варианту он соответствует, в сопоставлении ответов",
  unsureNotOffered: (question: string) =>
    `«затрудняюсь ответить» в вопросе ${quote(question)} анкеты не предусмотрено: сопоставьте такой ответ с вариантом шкалы`,
  notANumber: (answer: string) => `${quote(answer)} — не число`,
  notInteger: (answer: string) => `${quote(answer)} — нужно целое число`,
  outOfBounds: (value: number, min: number, max: number) => `${value} вне допустимых границ вопроса (от ${min} до ${max})`,
  tooLong: (length: number, max: number) => `ответ длиннее ${max} символов (${length})`,
  tooManyPicks: (count: number, max: number) => `выбрано ${count} вариантов, а в вопросе можно не больше ${max}`,
  emptyAnswers: (question: string, rows: number) =>
    `на обязательный вопрос ${quote(question)} нет ответа в ${rows} ${pluralRu(rows, "строке", "строках", "строках")}: эти строки импортируются без него`,
  // ---- schools ----
  noSchoolColumn: "В файле нет столбца со школой: укажите школу для всего файла или сопоставьте столбец со школой.",
  unknownSchool: (value: string, rows: number) =>
    `школа ${quote(value)} не найдена в районе по коду или названию` +
    (rows > 1 ? ` (${rows} ${pluralRu(rows, "строка", "строки", "строк")})` : "") +
    ": укажите её в сопоставлении школ",
  ambiguousSchool: (value: string, names: string[]) => `${quote(value)} подходит к нескольким школам: ${names.join("; ")}. Укажите школу в сопоставлении`,
  emptySchool: "не указана школа",
  schoolNotInDistrict: (value: string) => `школа ${quote(value)} из сопоставления не найдена в районе`,
  // ---- the window ----
  noWindow: "Не удалось определить даты проведения: в файле нет времени заполнения. Укажите даты «с» и «по».",
  badTimestamp: (value: string) => `время заполнения ${quote(value)} не прочитано`,
  windowInFuture: "Базовый замер — прошлый раунд: дата окончания не может быть позже сегодняшней.",
  windowOrder: "Дата начала позже даты окончания.",
  // ---- the service ----
  unknownInstrument: (key: string) => `Анкета ${key} не найдена. Доступны: ${"teacher_deficits, parent_survey, student_survey, school_card, visit_report"}.`,
  badMapping: "Сопоставление не прочитано: ожидались столбцы, ответы и школы.",
  refused: (count: number) => `Файл не импортирован: ${count} ${pluralRu(count, "проблема", "проблемы", "проблем")}. Исправьте сопоставление или файл и проверьте снова.`,
  nothingToImport: "В файле нет ни одной строки с ответами на вопросы анкеты.",
  defaultTitle: (instrumentTitle: string, from: string, to: string) => `${instrumentTitle}: базовый замер ${from} — ${to}`,
  imported: (rows: number, title: string) =>
    `Импортировано ${rows} ${pluralRu(rows, "ответ", "ответа", "ответов")} в закрытую кампанию ${quote(title, 200)}. Столбцы с данными о людях не сохранены.`,
  summaryLine: (rows: number, schools: number, dropped: number) =>
    `К импорту: ${rows} ${pluralRu(rows, "ответ", "ответа", "ответов")}, ${schools} ${pluralRu(schools, "школа", "школы", "школ")}; ` +
    `не сохраняются ${dropped} ${pluralRu(dropped, "столбец", "столбца", "столбцов")} с данными о людях.`,
  forbidden: "Сравнение с базовым замером доступно сотрудникам РУО и школе — только по своей школе.",
  noBaseline: "Базового замера по этой анкете в районе нет: импортируйте прошлый раунд.",
  notComparable: "В этой анкете нет вопросов по шкале: сравнивать с базовым замером нечего (ответы базового замера сохранены).",
  noRound: "Нового раунда по этой анкете ещё нет или он не закрыт: сравнение появится, когда кампания закроется.",
  comparableNote:
    "Показатель по шкале от 0 до 100: чем выше, тем больше выражен дефицит (ниже ответы по шкале). Ячейки, где ответивших меньше минимума, скрыты.",
} as const;

export const indicatorText = {
  diagnosed: "Доля педагогов, прошедших диагностику",
  withRoute: "Доля педагогов с индивидуальным маршрутом (ИОМ)",
  positiveDynamics: "Доля педагогов с положительной динамикой (из прошедших диагностику дважды)",
  completedCourses: "Доля педагогов, завершивших курс из своего маршрута",
  forbidden: "Показатели видят сотрудники РУО и методист района, а руководитель школы — по своей школе.",
  hiddenNote: (minimum: number) => `Скрыто: в ячейке меньше ${minimum} педагогов — по правилам публикации цифра не показывается.`,
} as const;
