import { InstrumentSchema, type Instrument } from "./schema.ts";

/**
 * Отчёт о визите наставника (куратора) в школу (DOMAIN.md §7), черновик версии 1: date, school, format (on site /
 * remote), participants, topics, problems found, recommendations, next steps. One response per mentor per campaign
 * (the workflow of repeated visits comes in a later issue). No names of students or staff.
 */
export const VISIT_REPORT_KEY = "visit_report";

export const visitReportV1: Instrument = InstrumentSchema.parse({
  key: VISIT_REPORT_KEY,
  version: 1,
  title: "Отчёт о визите наставника в школу (черновик, версия 1)",
  status: "draft",
  respondent: "mentor",
  intro:
    "Отчёт о визите в школу заполняет наставник (куратор) после визита: 15 вопросов, около 10 минут. Отчёт видят " +
    "школа и район. Не указывайте имён обучающихся; работников называйте по должности.",
  scale: [
    { value: 1, label: "Нет" },
    { value: 2, label: "Скорее нет" },
    { value: 3, label: "Скорее да" },
    { value: 4, label: "Да" },
  ],
  areas: [
    { id: "visit", title: "Визит", advice: "Когда, где и в каком формате прошёл визит, кто участвовал." },
    { id: "content", title: "Содержание работы", advice: "Какие темы разбирали и какие уроки посетили." },
    { id: "results", title: "Итоги", advice: "Выявленные проблемы, рекомендации и следующие шаги." },
  ],
  questions: [
    {
      id: "v_date",
      areaId: "visit",
      type: "text",
      text: "Дата визита.",
      help: "В формате ДД.ММ.ГГГГ, например 14.11.2026.",
      maxLength: 10,
    },
    {
      id: "v_school",
      areaId: "visit",
      type: "text",
      text: "Школа, в которой прошёл визит.",
      help: "Краткое название, как в списке района.",
      maxLength: 200,
    },
    {
      id: "v_format",
      areaId: "visit",
      type: "single",
      text: "Формат визита.",
      options: [
        { value: 1, label: "Очно, в школе" },
        { value: 2, label: "Дистанционно, по видеосвязи" },
        { value: 3, label: "Смешанный" },
      ],
    },
    {
      id: "v_participants",
      areaId: "visit",
      type: "multiple",
      text: "Кто участвовал?",
      help: "Можно выбрать несколько.",
      options: [
        { value: 1, label: "Директор" },
        { value: 2, label: "Заместитель директора" },
        { value: 3, label: "Учителя" },
        { value: 4, label: "Психолог, соцпедагог, логопед" },
        { value: 5, label: "Родители" },
        { value: 6, label: "Обучающиеся" },
        { value: 7, label: "Специалисты района" },
        { value: 8, label: "Другие" },
      ],
    },
    {
      id: "v_people",
      areaId: "visit",
      type: "number",
      integer: true,
      min: 1,
      max: 500,
      unit: "чел.",
      text: "Сколько человек участвовало всего?",
      required: false,
    },
    {
      id: "v_topics",
      areaId: "content",
      type: "multiple",
      text: "Какие темы разбирали?",
      help: "Можно выбрать несколько.",
      options: [
        { value: 1, label: "Анализ результатов ВПР и ГИА" },
        { value: 2, label: "Рисковый профиль школы" },
        { value: 3, label: "Программа повышения качества" },
        { value: 4, label: "Посещение и анализ уроков" },
        { value: 5, label: "Методическая помощь учителям" },
        { value: 6, label: "Маршруты педагогов (ИОМ)" },
        { value: 7, label: "Дети с риском учебной неуспешности" },
        { value: 8, label: "Работа с родителями" },
        { value: 9, label: "Управление и внутришкольный контроль" },
        { value: 10, label: "Другое" },
      ],
    },
    {
      id: "v_topics_more",
      areaId: "content",
      type: "text",
      text: "Темы подробнее.",
      required: false,
      maxLength: 1000,
    },
    { id: "v_lessons", areaId: "content", type: "yesno", text: "Посещали ли вы уроки?" },
    {
      id: "v_lessons_count",
      areaId: "content",
      type: "number",
      integer: true,
      min: 1,
      max: 50,
      text: "Сколько уроков посетили?",
      showIf: { questionId: "v_lessons", yes: true },
    },
    {
      id: "v_problems",
      areaId: "results",
      type: "text",
      text: "Какие проблемы выявлены?",
      maxLength: 2000,
    },
    {
      id: "v_recommendations",
      areaId: "results",
      type: "text",
      text: "Какие рекомендации даны школе?",
      maxLength: 2000,
    },
    {
      id: "v_next_steps",
      areaId: "results",
      type: "text",
      text: "Следующие шаги: что и к какому сроку сделает школа, что — вы.",
      maxLength: 2000,
    },
    {
      id: "v_next_date",
      areaId: "results",
      type: "text",
      text: "Дата следующего визита, если она назначена.",
      help: "В формате ДД.ММ.ГГГГ.",
      required: false,
      maxLength: 10,
    },
    {
      id: "v_district_help",
      areaId: "results",
      type: "yesno",
      text: "Нужна ли школе помощь района сверх плана?",
    },
    {
      id: "v_district_help_what",
      areaId: "results",
      type: "text",
      text: "Какая помощь нужна?",
      showIf: { questionId: "v_district_help", yes: true },
      maxLength: 1000,
    },
  ],
});

/**
 * Version 2 (#15): the visit report a mentor, tutor or curator fills in chat for each visit or consultation
 * (core/journeys/visits.ts). The school is chosen before the report (one of the author's assigned schools),
 * so it is not asked; the date, the format, the topics, what was found and what was agreed are. A photo or
 * a file is attached after the last question. Several reports per author are kept, one Visit row each.
 */
export const visitReportV2: Instrument = InstrumentSchema.parse({
  key: VISIT_REPORT_KEY,
  version: 2,
  title: "Отчёт о визите или консультации (версия 2)",
  status: "draft",
  respondent: "mentor",
  intro:
    "Отчёт о визите или консультации: 8 вопросов, около 5 минут. Школа уже выбрана. Отчёт увидят руководитель " +
    "школы (он подтвердит визит) и район. Не указывайте имён обучающихся; работников называйте по должности.",
  scale: visitReportV1.scale,
  areas: [
    { id: "visit", title: "Визит", advice: "Когда и в каком формате прошёл визит, кто участвовал." },
    { id: "content", title: "Содержание работы", advice: "Какие темы разбирали." },
    { id: "results", title: "Итоги", advice: "Что выявлено и о чём договорились." },
  ],
  questions: [
    {
      id: "v_date",
      areaId: "visit",
      type: "text",
      text: "Дата визита или консультации.",
      help: "В формате ДД.ММ.ГГГГ, например 14.11.2026; не позже сегодняшнего дня.",
      maxLength: 10,
    },
    {
      id: "v_format",
      areaId: "visit",
      type: "single",
      text: "Формат.",
      options: [
        { value: 1, label: "Очно, в школе" },
        { value: 2, label: "Дистанционно, по видеосвязи" },
        { value: 3, label: "Смешанный" },
      ],
    },
    {
      id: "v_participants",
      areaId: "visit",
      type: "multiple",
      text: "Кто участвовал?",
      help: "Можно выбрать несколько.",
      options: [
        { value: 1, label: "Директор" },
        { value: 2, label: "Заместитель директора" },
        { value: 3, label: "Учителя" },
        { value: 4, label: "Психолог, соцпедагог, логопед" },
        { value: 5, label: "Родители" },
        { value: 6, label: "Обучающиеся" },
        { value: 7, label: "Специалисты района" },
        { value: 8, label: "Другие" },
      ],
    },
    {
      id: "v_topics",
      areaId: "content",
      type: "multiple",
      text: "Какие темы разбирали?",
      help: "Можно выбрать несколько.",
      options: [
        { value: 1, label: "Анализ результатов ВПР и ГИА" },
        { value: 2, label: "Рисковый профиль школы" },
        { value: 3, label: "Программа повышения качества" },
        { value: 4, label: "Посещение и анализ уроков" },
        { value: 5, label: "Методическая помощь учителям" },
        { value: 6, label: "Маршруты педагогов (ИОМ)" },
        { value: 7, label: "Дети с риском учебной неуспешности" },
        { value: 8, label: "Работа с родителями" },
        { value: 9, label: "Управление и внутришкольный контроль" },
        { value: 10, label: "Другое" },
      ],
    },
    {
      id: "v_topics_more",
      areaId: "content",
      type: "text",
      text: "Темы подробнее.",
      required: false,
      maxLength: 1000,
    },
    {
      id: "v_found",
      areaId: "results",
      type: "text",
      text: "Что выявлено: проблемы и сильные стороны.",
      maxLength: 2000,
    },
    {
      id: "v_agreed",
      areaId: "results",
      type: "text",
      text: "О чём договорились: что и к какому сроку сделает школа, что — вы.",
      maxLength: 2000,
    },
    {
      id: "v_next_date",
      areaId: "results",
      type: "text",
      text: "Дата следующего визита, если она назначена.",
      help: "В формате ДД.ММ.ГГГГ.",
      required: false,
      maxLength: 10,
    },
  ],
});

/** The version a new visit report runs in chat. */
export const VISIT_REPORT_VERSION = 2;
