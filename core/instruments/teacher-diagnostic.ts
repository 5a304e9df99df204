import { InstrumentSchema, type Instrument } from "./schema.ts";

/**
 * Диагностика профессиональных дефицитов педагога, черновик версии 1.
 * The seeds name the competence areas (DOMAIN.md §7), not the questions: these questions are ours,
 * written from the areas, and marked as a draft for the district to approve or edit as a new version.
 */
export const TEACHER_DIAGNOSTIC_KEY = "teacher_deficits";

export const teacherDiagnosticV1: Instrument = InstrumentSchema.parse({
  key: TEACHER_DIAGNOSTIC_KEY,
  version: 1,
  title: "Диагностика профессиональных дефицитов педагога (черновик, версия 1)",
  status: "draft",
  intro:
    "Анкета из 24 коротких вопросов, около 7 минут. Ответы видите только вы: школа и район получают " +
    "лишь обобщённые данные, и только когда ответов достаточно, чтобы никого нельзя было узнать. Оцените каждое " +
    "утверждение о своей работе: «Да», «Скорее да», «Скорее нет» или «Нет»; по итогам вы получите свой профиль дефицитов и рекомендации.",
  scale: [
    { value: 1, label: "Нет" },
    { value: 2, label: "Скорее нет" },
    { value: 3, label: "Скорее да" },
    { value: 4, label: "Да" },
  ],
  areas: [
    {
      id: "fgos",
      title: "Предметное содержание и ФГОС",
      advice: "Курс КПК по обновлённым ФГОС и федеральным рабочим программам вашего предмета; разбор с тьютором.",
    },
    {
      id: "assessment",
      title: "Критерии оценивания ВПР, ОГЭ, ЕГЭ и типичные ошибки",
      advice: "Семинар по критериям оценивания ВПР и ГИА; совместная проверка работ с коллегой-экспертом.",
    },
    {
      id: "literacy",
      title: "Функциональная грамотность (задания типа PISA)",
      advice: "Практикум по заданиям на функциональную грамотность; банк заданий РЭШ и ФИПИ в планировании уроков.",
    },
    {
      id: "at_risk",
      title: "Работа с обучающимися с риском учебной неуспешности",
      advice: "Семинар по индивидуальным планам для слабоуспевающих; наставничество тьютора из эффективной школы.",
    },
    {
      id: "disabilities",
      title: "Работа с обучающимися с ОВЗ",
      advice: "КПК по инклюзивному образованию; консультации психолога и дефектолога по адаптации заданий.",
    },
    {
      id: "bilingual",
      title: "Работа с детьми-билингвами и детьми с неродным русским",
      advice: "Семинар по методике обучения русскому как неродному; приёмы языковой поддержки на уроках.",
    },
    {
      id: "data_use",
      title: "Использование результатов оценочных процедур",
      advice: "Практикум по анализу результатов ВПР по заданиям и коррекции рабочей программы.",
    },
    {
      id: "technology",
      title: "Современные образовательные технологии",
      advice: "Стажировка в школе-кураторе; посещение открытых уроков; сетевое профессиональное сообщество.",
    },
    {
      id: "wellbeing",
      title: "Профессиональная уверенность и выгорание",
      advice: "Разговор с руководителем о нагрузке; программа профилактики выгорания; поддержка наставника.",
    },
  ],
  questions: [
    { id: "fgos_1", areaId: "fgos", text: "Я составляю рабочую программу по своему предмету в соответствии с обновлёнными ФГОС и ФОП." },
    { id: "fgos_2", areaId: "fgos", text: "Я свободно планирую предметные, метапредметные и личностные результаты урока." },
    { id: "fgos_3", areaId: "fgos", text: "Я уверенно объясняю сложные темы своего предмета на уровне требований ГИА." },
    { id: "assess_1", areaId: "assessment", text: "Я знаю критерии оценивания ВПР по своему предмету и применяю их на уроках." },
    { id: "assess_2", areaId: "assessment", text: "Я знаю типичные ошибки обучающихся в ВПР и ГИА и целенаправленно работаю с ними." },
    { id: "assess_3", areaId: "assessment", text: "Мои текущие отметки совпадают с результатами внешних оценочных процедур." },
    { id: "lit_1", areaId: "literacy", text: "Я использую на уроках задания на функциональную грамотность (в формате PISA)." },
    { id: "lit_2", areaId: "literacy", text: "Я умею сам(а) составить контекстную задачу на применение знаний в жизненной ситуации." },
    { id: "lit_3", areaId: "literacy", text: "Я развиваю читательскую грамотность на материале своего предмета." },
    { id: "risk_1", areaId: "at_risk", text: "Я выявляю обучающихся с риском учебной неуспешности и знаю причины их трудностей." },
    { id: "risk_2", areaId: "at_risk", text: "Я составляю и веду индивидуальный план работы со слабоуспевающим учеником." },
    { id: "risk_3", areaId: "at_risk", text: "Я умею поддерживать учебную мотивацию у детей, которые отстают." },
    { id: "ovz_1", areaId: "disabilities", text: "Я адаптирую задания и оценивание для обучающихся с ОВЗ." },
    { id: "ovz_2", areaId: "disabilities", text: "Я работаю по адаптированной образовательной программе и знаю, как её применять на уроке." },
    { id: "bil_1", areaId: "bilingual", text: "Я распознаю трудности, вызванные тем, что русский язык для ребёнка неродной." },
    { id: "bil_2", areaId: "bilingual", text: "Я использую приёмы языковой поддержки (словари, опоры, упрощённые формулировки)." },
    { id: "data_1", areaId: "data_use", text: "Я анализирую результаты ВПР своих классов по каждому заданию." },
    { id: "data_2", areaId: "data_use", text: "По итогам анализа результатов я меняю планирование и методы работы." },
    { id: "data_3", areaId: "data_use", text: "Я обсуждаю результаты оценочных процедур с коллегами и администрацией." },
    { id: "tech_1", areaId: "technology", text: "Я использую цифровые образовательные ресурсы (ФГИС «Моя школа», РЭШ, ЦОК) на уроках." },
    { id: "tech_2", areaId: "technology", text: "Я применяю активные методы обучения: проектную, исследовательскую, групповую работу." },
    { id: "tech_3", areaId: "technology", text: "Я участвую в обмене опытом: открытые уроки, методические объединения, сетевые сообщества." },
    { id: "well_1", areaId: "wellbeing", text: "Я уверен(а) в своей профессиональной компетентности." },
    { id: "well_2", areaId: "wellbeing", text: "Я часто чувствую эмоциональное истощение и усталость от работы.", reverse: true },
  ],
});

/**
 * Version 2 (#13), a draft like version 1: version 1's 24 questions unchanged (same ids, texts and areas, so answers
 * to either version read the same way) and 9 more, so that the diagnostic also feeds every `teacher.*` parameter of
 * the school's risk profile (core/risk-profile/sources.ts) and covers burnout with more than one statement:
 * - ovz_3: confidence in working with students with ОВЗ (4.2);
 * - tech_4: modern technologies almost every lesson (3.3, with tech_1 and tech_2);
 * - well_3, well_4: burnout and satisfaction; well_5: relations in the staff (7.2);
 * - a new area «classroom»: students' motivation as the teacher sees it (6.1), discipline at the lessons (8.2), the
 *   teacher's own command of the class, and how many of their students need extra classes to catch up (9.2).
 * Still Likert only, every question required, no «затрудняюсь ответить»: the diagnostic's chat screens and its deficit
 * profile depend on that (`featuresBeyondLikert` is empty).
 */
export const teacherDiagnosticV2: Instrument = InstrumentSchema.parse({
  ...teacherDiagnosticV1,
  version: 2,
  title: "Диагностика профессиональных дефицитов педагога (черновик, версия 2)",
  intro:
    "Анкета из 33 коротких вопросов, около 10 минут. Ответы видите только вы: школа и район получают " +
    "лишь обобщённые данные, и только когда ответов достаточно, чтобы никого нельзя было узнать. Оцените каждое " +
    "утверждение о своей работе: «Да», «Скорее да», «Скорее нет» или «Нет»; по итогам вы получите свой профиль дефицитов и рекомендации.",
  areas: [
    ...teacherDiagnosticV1.areas,
    {
      id: "classroom",
      title: "Мотивация и дисциплина в классах, отставание учеников",
      advice:
        "Семинар по управлению классом и учебной мотивации; посещение уроков наставника; план дополнительных занятий для отстающих вместе с администрацией.",
    },
  ],
  questions: [
    ...teacherDiagnosticV1.questions.slice(0, 14),
    { id: "ovz_3", areaId: "disabilities", text: "Я чувствую себя уверенно, когда работаю с обучающимися с ОВЗ." },
    ...teacherDiagnosticV1.questions.slice(14, 22),
    {
      id: "tech_4",
      areaId: "technology",
      text: "Современные педагогические технологии (проектные, исследовательские, групповые, цифровые) я использую почти на каждом уроке.",
    },
    ...teacherDiagnosticV1.questions.slice(22),
    { id: "well_3", areaId: "wellbeing", text: "К концу рабочей недели у меня не остаётся сил ни на что, кроме работы.", reverse: true },
    { id: "well_4", areaId: "wellbeing", text: "Работа учителем приносит мне удовлетворение." },
    { id: "well_5", areaId: "wellbeing", text: "Отношения в нашем педагогическом коллективе доброжелательные, коллеги поддерживают друг друга." },
    { id: "class_1", areaId: "classroom", text: "Большинство учеников в моих классах хотят учиться и проявляют интерес к предмету." },
    { id: "class_2", areaId: "classroom", text: "На моих уроках ученики соблюдают дисциплину: работать никто не мешает." },
    { id: "class_3", areaId: "classroom", text: "Я умею организовать урок так, чтобы все ученики были заняты делом." },
    {
      id: "class_4",
      areaId: "classroom",
      text: "Дополнительные занятия, чтобы ликвидировать отставание от программы, я рекомендую четверти и более учеников своих классов.",
      reverse: true,
    },
  ],
});
