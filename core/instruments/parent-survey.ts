import { InstrumentSchema, type Instrument } from "./schema.ts";

/**
 * Анкета вовлечённости родителей (DOMAIN.md §7), черновик версии 1: interest in the school process, support at home,
 * meeting attendance, satisfaction with teaching, awareness of ВПР/ГИА. Answered anonymously with a class code.
 * The seeds name the themes, not the questions: the wording is ours, for the district to approve or edit.
 * Questions that feed the risk profile (core/risk-profile/sources.ts): p_interest (10.1), p_support (10.2),
 * p_meetings (10.3), p_dissatisfied (3.4). Their ids and option values are part of that mapping: change them only
 * together with it.
 */
export const PARENT_SURVEY_KEY = "parent_survey";

export const parentSurveyV1: Instrument = InstrumentSchema.parse({
  key: PARENT_SURVEY_KEY,
  version: 1,
  title: "Анкета для родителей: вовлечённость в учёбу ребёнка (черновик, версия 1)",
  status: "draft",
  respondent: "parent",
  intro:
    "Анкета для родителей (законных представителей), 12 вопросов, около 5 минут. Она анонимная: вы входите по коду " +
    "класса, и школа не знает, кто какой код получил. Школа и район видят только общие цифры и только когда ответили " +
    "не меньше нескольких родителей. Если у вас несколько детей в школе, отвечайте про того, чей класс указан в коде.",
  scale: [
    { value: 1, label: "Нет" },
    { value: 2, label: "Скорее нет" },
    { value: 3, label: "Скорее да" },
    { value: 4, label: "Да" },
  ],
  areas: [
    { id: "interest", title: "Интерес к школьной жизни ребёнка", advice: "Как родители следят за учёбой и жизнью класса." },
    { id: "support", title: "Поддержка учёбы дома", advice: "Как часто родители помогают с учёбой и обсуждают её с ребёнком." },
    { id: "contact", title: "Связь со школой", advice: "Родительские собрания и к кому обратиться в школе." },
    { id: "teaching", title: "Удовлетворённость преподаванием", advice: "Как родители оценивают преподавание предметов." },
    { id: "awareness", title: "Осведомлённость о ВПР и ГИА", advice: "Знают ли родители о проверочных работах и их результатах." },
  ],
  questions: [
    {
      id: "p_interest",
      areaId: "interest",
      type: "single",
      text: "Насколько вы следите за школьной жизнью и учёбой ребёнка?",
      options: [
        { value: 1, label: "Почти не слежу" },
        { value: 2, label: "Узнаю, только когда что-то случается" },
        { value: 3, label: "Слежу время от времени" },
        { value: 4, label: "Постоянно слежу за оценками и заданиями" },
      ],
    },
    {
      id: "p_diary",
      areaId: "interest",
      type: "single",
      text: "Как часто вы смотрите электронный дневник или расспрашиваете ребёнка о школе?",
      options: [
        { value: 1, label: "Реже раза в месяц" },
        { value: 2, label: "Раз-два в месяц" },
        { value: 3, label: "Примерно раз в неделю" },
        { value: 4, label: "Несколько раз в неделю" },
      ],
    },
    {
      id: "p_support",
      areaId: "support",
      type: "single",
      text: "Как часто вы помогаете ребёнку с учёбой, обсуждаете с ним оценки и планы?",
      options: [
        { value: 1, label: "Никогда" },
        { value: 2, label: "Редко" },
        { value: 3, label: "Иногда" },
        { value: 4, label: "Регулярно" },
      ],
    },
    {
      id: "p_meetings",
      areaId: "contact",
      type: "single",
      text: "На скольких родительских собраниях этого учебного года вы были?",
      help: "Считайте собрания класса и общешкольные, очные и по видеосвязи.",
      options: [
        { value: 1, label: "Ни на одном" },
        { value: 2, label: "Меньше чем на половине" },
        { value: 3, label: "Примерно на половине" },
        { value: 4, label: "На всех или почти на всех" },
        { value: 5, label: "Собраний в этом году ещё не было" },
      ],
    },
    {
      id: "p_contact",
      areaId: "contact",
      text: "Я знаю, к кому обратиться в школе, если у ребёнка трудности с учёбой.",
      unsure: true,
    },
    {
      id: "p_teaching",
      areaId: "teaching",
      text: "В целом я удовлетворён(а) тем, как ребёнка учат в школе.",
      unsure: true,
    },
    {
      id: "p_dissatisfied",
      areaId: "teaching",
      type: "yesno",
      text: "Есть ли предметы, преподаванием которых вы скорее или полностью не удовлетворены?",
      unsure: true,
    },
    {
      id: "p_subjects",
      areaId: "teaching",
      type: "multiple",
      text: "Какие это предметы?",
      help: "Можно выбрать несколько.",
      showIf: { questionId: "p_dissatisfied", yes: true },
      required: false,
      options: [
        { value: 1, label: "Русский язык" },
        { value: 2, label: "Литература, литературное чтение" },
        { value: 3, label: "Математика (алгебра, геометрия)" },
        { value: 4, label: "Иностранный язык" },
        { value: 5, label: "История, обществознание" },
        { value: 6, label: "Окружающий мир, география, биология" },
        { value: 7, label: "Физика, химия" },
        { value: 8, label: "Информатика" },
        { value: 9, label: "Другие предметы" },
      ],
    },
    {
      id: "p_why",
      areaId: "teaching",
      type: "multiple",
      text: "Что именно вас не устраивает?",
      help: "Можно выбрать несколько.",
      showIf: { questionId: "p_dissatisfied", yes: true },
      required: false,
      options: [
        { value: 1, label: "Ребёнок не понимает объяснений" },
        { value: 2, label: "Мало внимания тем, кто отстаёт" },
        { value: 3, label: "Оценки кажутся необъективными" },
        { value: 4, label: "Учителя меняются, уроки срываются" },
        { value: 5, label: "Перегрузка, много домашних заданий" },
        { value: 6, label: "Другое" },
      ],
    },
    {
      id: "p_vpr",
      areaId: "awareness",
      text: "Я знаю, какие проверочные работы (ВПР, ОГЭ или ЕГЭ) предстоят ребёнку в этом учебном году.",
      unsure: true,
    },
    {
      id: "p_results",
      areaId: "awareness",
      text: "Школа рассказывает родителям о результатах ВПР и о том, что делает, чтобы их улучшить.",
      unsure: true,
    },
    {
      id: "p_comment",
      areaId: "teaching",
      type: "text",
      text: "Что, по-вашему, школе стоит изменить в первую очередь?",
      help: "Не указывайте имён и фамилий: анкета анонимная.",
      required: false,
      maxLength: 1000,
    },
  ],
});
