import { InstrumentSchema, type Instrument } from "./schema.ts";

/**
 * Анкета обучающихся (DOMAIN.md §7; issue #13: motivation, bullying, fairness, discipline), черновик версии 1, for
 * grades 5–11. Answered anonymously with a class code. The wording is ours, for the district to approve or edit.
 * Questions that feed the risk profile (core/risk-profile/sources.ts): s_mot_* (6.2), s_individual (6.3),
 * s_bullying (7.1), s_unfair (7.3), s_noise (8.1). Their ids and option values are part of that mapping.
 */
export const STUDENT_SURVEY_KEY = "student_survey";

/** Frequency options of the "how often" questions, 1 = never … 4 = (almost) always. */
const seldomToOften = [
  { value: 1, label: "Ни разу" },
  { value: 2, label: "Один-два раза" },
  { value: 3, label: "Несколько раз" },
  { value: 4, label: "Часто, почти каждую неделю" },
];

export const studentSurveyV1: Instrument = InstrumentSchema.parse({
  key: STUDENT_SURVEY_KEY,
  version: 1,
  title: "Анкета для обучающихся 5–11 классов: учёба и жизнь в школе (черновик, версия 1)",
  status: "draft",
  respondent: "student",
  intro:
    "Анкета для учеников 5–11 классов, 16 вопросов, около 7 минут. Она анонимная: ты входишь по коду класса, и никто " +
    "не узнает, что ответил именно ты. Школа видит только общие цифры и только когда ответили несколько человек. " +
    "Правильных и неправильных ответов нет — отвечай так, как есть на самом деле.",
  scale: [
    { value: 1, label: "Нет" },
    { value: 2, label: "Скорее нет" },
    { value: 3, label: "Скорее да" },
    { value: 4, label: "Да" },
  ],
  areas: [
    { id: "about", title: "О тебе", advice: "Параллель — только для общих цифр." },
    { id: "motivation", title: "Учебная мотивация", advice: "Хотят ли ученики учиться и видят ли в учёбе смысл." },
    { id: "approach", title: "Учёт возможностей учеников", advice: "Подходят ли задания ученикам по силам и помогают ли им учителя." },
    { id: "safety", title: "Безопасность и отношения", advice: "Травля, конфликты и чувство безопасности в школе." },
    { id: "fairness", title: "Справедливость учителей", advice: "Считают ли ученики отношение учителей и оценки справедливыми." },
    { id: "discipline", title: "Дисциплина на уроках", advice: "Как часто на уроках шумят и мешают работать." },
  ],
  questions: [
    {
      id: "s_grade_band",
      areaId: "about",
      type: "single",
      text: "В каком ты классе?",
      help: "Нужно только для общих цифр по параллелям.",
      options: [
        { value: 1, label: "5–6 класс" },
        { value: 2, label: "7–9 класс" },
        { value: 3, label: "10–11 класс" },
      ],
      required: false,
    },
    { id: "s_mot_interest", areaId: "motivation", text: "Мне интересно узнавать новое на уроках." },
    { id: "s_mot_effort", areaId: "motivation", text: "Я стараюсь хорошо учиться, даже когда трудно." },
    { id: "s_mot_future", areaId: "motivation", text: "То, чему я учусь в школе, пригодится мне в жизни." },
    { id: "s_mot_forced", areaId: "motivation", text: "Я хожу в школу только потому, что так надо.", reverse: true },
    {
      id: "s_individual",
      areaId: "approach",
      type: "single",
      text: "Дают ли учителя задания с учётом твоих возможностей — не слишком лёгкие и не слишком трудные для тебя?",
      options: [
        { value: 1, label: "Почти никогда" },
        { value: 2, label: "Редко" },
        { value: 3, label: "Часто" },
        { value: 4, label: "Почти всегда" },
      ],
      unsure: true,
    },
    { id: "s_explain", areaId: "approach", text: "Если я чего-то не понял(а), учитель объяснит ещё раз.", unsure: true },
    {
      id: "s_bullying",
      areaId: "safety",
      type: "single",
      text:
        "За последние три месяца тебя в школе обижали, оскорбляли, травили (в том числе в чатах класса) или ты попадал(а) в драку?",
      help: "Ответ анонимный: никто не узнает, что ответил именно ты.",
      options: seldomToOften,
      unsure: true,
    },
    { id: "s_safe", areaId: "safety", text: "В школе я чувствую себя в безопасности.", unsure: true },
    {
      id: "s_adult",
      areaId: "safety",
      type: "yesno",
      text: "Есть ли в школе взрослый, к которому ты можешь обратиться, если тебя обижают?",
      unsure: true,
    },
    {
      id: "s_unfair",
      areaId: "fairness",
      type: "single",
      text:
        "Бывало ли в этом учебном году, что учителя относились к тебе несправедливо: занижали оценку, унижали, выделяли других?",
      options: seldomToOften,
      unsure: true,
    },
    { id: "s_grades_fair", areaId: "fairness", text: "Учителя оценивают мои работы справедливо.", unsure: true },
    {
      id: "s_noise",
      areaId: "discipline",
      type: "single",
      text: "Как часто на уроках шумят и мешают работать?",
      options: [
        { value: 1, label: "Почти никогда" },
        { value: 2, label: "На некоторых уроках" },
        { value: 3, label: "На большинстве уроков" },
        { value: 4, label: "Почти на каждом уроке" },
      ],
      unsure: true,
    },
    { id: "s_rules", areaId: "discipline", text: "В нашем классе знают правила поведения на уроках и соблюдают их.", unsure: true },
    {
      id: "s_like",
      areaId: "motivation",
      type: "multiple",
      text: "Что тебе больше всего нравится в школе?",
      help: "Можно выбрать до трёх вариантов.",
      options: [
        { value: 1, label: "Уроки и новые знания" },
        { value: 2, label: "Друзья и одноклассники" },
        { value: 3, label: "Учителя" },
        { value: 4, label: "Кружки, секции, мероприятия" },
        { value: 5, label: "Ничего из этого" },
      ],
      maxPicks: 3,
      required: false,
    },
    {
      id: "s_comment",
      areaId: "safety",
      type: "text",
      text: "Что бы ты изменил(а) в своей школе?",
      help: "Не пиши имён и фамилий: анкета анонимная.",
      required: false,
      maxLength: 1000,
    },
  ],
});
