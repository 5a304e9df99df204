/** Russian texts of the library of materials and normative acts (#15; seed 003 §4.6.1). */
import type { LibraryKind } from "../services/library-rules.ts";

/** Виды материалов (seed 003 §4.6.1: нормативные акты, программы, методические рекомендации, подборки). */
export const LIBRARY_KIND_NAMES: Record<LibraryKind, string> = {
  order: "Приказ, распоряжение",
  regulation: "Положение",
  programme: "Программа",
  methodical: "Методические рекомендации",
  selection: "Тематическая подборка",
  other: "Другое",
};

export const libraryText = {
  // ---- validation (the API and the Mini App show these as they are) ----
  invalidPrefix: "Материал не сохранён",
  fields: {
    kind: "Вид",
    title: "Название",
    description: "Описание",
    docNumber: "Номер документа",
    docDate: "Дата документа",
    url: "Ссылка",
    areas: "Дефициты",
    riskFactors: "Факторы риска",
  } as Record<string, string>,
  required: "заполните поле",
  tooShort: (min: number) => `не короче ${min} символов`,
  tooLong: (max: number) => `не длиннее ${max} символов`,
  pickFromList: "выберите значение из списка",
  badDate: "дата в формате ГГГГ-ММ-ДД",
  badUrl: "ссылка должна начинаться с http:// или https:// и не содержать пробелов",
  tooMany: (max: number) => `не больше ${max}`,
  badValue: "неверное значение",
  badQuery: "Неверный фильтр библиотеки.",

  // ---- refusals ----
  onlyStaff: "Добавлять и менять материалы библиотеки могут сотрудники РУО и методисты.",
  notMember: "Библиотека района открыта только участникам этого района.",
  notFound: "Материал не найден.",
  archived: "Материал в архиве.",
  otherDistrict: "Материал библиотеки не найден среди материалов этого района.",
  badFileType: "Такой тип файла не принимается: PDF, Word, Excel, PowerPoint, OpenDocument, TXT, JPG, PNG или ZIP.",
  fileTooBig: (mb: number) => `Файл больше ${mb} МБ.`,
  emptyFile: "Файл пустой.",
  noFileName: "Не указано имя файла: выберите файл заново.",
  noFile: "У материала нет файла.",
  routeItemNotYours: "Пункт маршрута не найден.",
  routeApproved: "Маршрут уже утверждён: ссылку на материал можно поменять до утверждения.",

  // ---- the bot: /library ----
  command: "Библиотека: новые материалы и поиск",
  menu: "📚 Библиотека",
  help: "/library — библиотека района: новые материалы; /library слово — поиск по названию, описанию и тегам",
  unavailable: "Библиотека сейчас недоступна. Попробуйте позже.",
  refusal: "Библиотека открыта участникам района. Присоединитесь по приглашению.",
  newHeading: "📚 Новое в библиотеке",
  searchHeading: (query: string) => `🔎 Поиск: «${query}»`,
  empty: "В библиотеке пока нет материалов.",
  nothingFound: (query: string) => `По запросу «${query}» ничего не нашлось. Попробуйте другое слово или откройте библиотеку в приложении.`,
  searchHint: "Чтобы найти материал, напишите /library и слово, например: /library ОВЗ",
  tooShortQuery: "Слишком короткий запрос: напишите хотя бы 2 буквы, например: /library ОВЗ",
  line: (n: number, title: string, meta: string) => `${n}. ${title}${meta ? ` — ${meta}` : ""}`,
  page: (from: number, to: number, total: number) => `Показаны ${from}–${to} из ${total}.`,
  moreFound: (shown: number, total: number) => `Показаны первые ${shown} из ${total}: уточните запрос или откройте библиотеку в приложении.`,
  openButton: (n: number) => `📄 ${n}`,
  moreButton: "Ещё ▸",
  searchButton: "🔎 Как искать",
  appButton: "Библиотека в приложении",
  itemGone: "Материал удалён из библиотеки или перенесён в архив.",
  itemHeading: (kind: string, title: string) => `${kind}: ${title}`,
  document: (number: string | null, date: string | null) =>
    [number ? `№ ${number}` : null, date ? `от ${date}` : null].filter(Boolean).join(" "),
  tagsLine: (tags: string) => `Теги: ${tags}`,
  linkLine: (url: string) => `Ссылка: ${url}`,
  fileFollows: "Файл — следующим сообщением.",
  noLinkOrFile: "Ссылки и файла нет: спросите материал в РУО.",
  fileMissing: "Файл материала не найден в хранилище: сообщите в РУО.",
  /** A line in a recommendation's notice and elsewhere: the library item it points at. */
  linkedItem: (title: string) => `📚 Материал библиотеки: ${title}`,
  linkedButton: "📚 Открыть материал",
} as const;
