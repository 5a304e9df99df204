// Russian texts of addressed recommendations (#14 §1): the built-in rules' templates, the names of addressees,
// forms and states, the use cases' refusals, the notice an addressee gets and the bot's /recommendations.
import type { z } from "zod";

/** Templates of the built-in rules (version 1); placeholders: {school}, {basis}, {factors}, {areas}, {topics}. */
export const DEFAULT_RULE_TEXTS = {
  statusLabel: {
    shnor: "школа с низкими образовательными результатами (ШНОР)",
    shnsu: "школа, функционирующая в неблагоприятных социальных условиях (ШНСУ)",
  },
  topicLabel: (subject: string, grade: number, task: string, topic: string | null, percent: number) =>
    `${subject}, ${grade} кл., задание ${task}${topic ? ` («${topic}»)` : ""} — решили ${percent}%`,
  rules: {
    "school-risk-programme": {
      title: "Программа развития школы с учётом рискового профиля",
      text: "Рисковый профиль школы {school}: {factors}. Рекомендуется актуализировать программу развития школы и разработать программу повышения качества образования с мерами по каждому зафиксированному фактору риска, назначить ответственных и сроки.",
    },
    "school-programme": {
      title: "Программа перехода в режим эффективного функционирования",
      text: "По итогам идентификации: {basis}. Школе {school} рекомендуется разработать (скорректировать) программу перехода в режим эффективного функционирования и развития с учётом рискового профиля, утвердить её приказом по школе и представить в управление образования.",
    },
    "school-teaching": {
      title: "Повышение качества преподавания",
      text: "По результатам мониторинга в школе {school} выявлено: {basis}. Рекомендуется: обсудить итоги диагностики профессиональных дефицитов на методическом совете; организовать взаимопосещение уроков и работу педагогов в парах с опытными коллегами; направить педагогов на курсы повышения квалификации по выявленным дефицитам; включить эти меры в программу школы.",
    },
    "school-vpr-topics": {
      title: "Темы ВПР с низкой решаемостью",
      text: "В школе {school} по результатам ВПР низкая решаемость заданий: {topics}. Рекомендуется: провести поэлементный анализ результатов на методических объединениях; скорректировать рабочие программы и тематическое планирование; организовать повторение этих тем и адресную работу с обучающимися, которые не справились с заданиями.",
    },
    "school-motivation": {
      title: "Учебная мотивация и риски учебной неуспешности",
      text: "Рисковый профиль школы {school}: {factors}. Рекомендуется: составить списки обучающихся с рисками учебной неуспешности и индивидуальные планы работы с ними; организовать дополнительные занятия; давать на уроках задания с учётом индивидуальных возможностей обучающихся.",
    },
    "school-wellbeing": {
      title: "Школьное благополучие и дисциплина",
      text: "Рисковый профиль школы {school}: {factors}. Рекомендуется: провести мониторинг школьного климата; организовать работу школьной службы медиации и педагога-психолога; принять меры профилактики буллинга; обсудить единые требования к дисциплине на педагогическом совете.",
    },
    "school-parents": {
      title: "Вовлечение родителей",
      text: "Рисковый профиль школы {school}: {factors}. Рекомендуется: провести родительские собрания с разбором результатов и планов школы; организовать консультации для родителей о поддержке детей в учёбе; привлекать родителей к школьным событиям.",
    },
    "school-inclusion": {
      title: "Обучающиеся с ОВЗ и с неродным русским языком",
      text: "Рисковый профиль школы {school}: {factors}. Рекомендуется: обеспечить психолого-педагогическое сопровождение обучающихся с ОВЗ; организовать дополнительные занятия по русскому языку для обучающихся, для которых он не родной; направить педагогов на курсы по инклюзивному образованию и обучению русскому языку как неродному.",
    },
    "district-roadmap": {
      title: "Меры поддержки школы в муниципальной дорожной карте",
      text: "Школа {school}: {basis}. Рекомендуется включить в муниципальную дорожную карту комплекс мер адресной поддержки школы (школа-куратор и наставник, контроль программы перехода, мониторинг результатов) и утвердить его приказом управления образования.",
    },
    "district-staff": {
      title: "Кадровый дефицит в школе",
      text: "Рисковый профиль школы {school}: {factors}. Рекомендуется рассмотреть меры поддержки: привлечение педагогов (целевое обучение, меры социальной поддержки), уроки педагогов из школ-кураторов, совместительство, дистанционные формы обучения.",
    },
    "district-equipment": {
      title: "Оснащение школы",
      text: "Рисковый профиль школы {school}: {factors}. Рекомендуется включить потребности школы в планы ремонта и оснащения, проверить качество интернет-соединения и обеспеченность учебниками.",
    },
    "institute-courses": {
      title: "Курсы повышения квалификации по выявленным дефицитам",
      text: "Диагностика педагогов школы {school} (обобщённые данные) и рисковый профиль: {basis}. Рекомендуется включить педагогов школы в адресные программы повышения квалификации по этим направлениям и в персонифицированную программу семинаров полугодия.",
    },
    "institute-inclusion": {
      title: "Тематическая подборка: ОВЗ и неродной русский язык",
      text: "Школа {school}: {basis}. Рекомендуется подготовить тематическую подборку методических материалов и провести консультации для педагогов школы.",
    },
    "institute-curators": {
      title: "Научно-методическое сопровождение школы кураторами",
      text: "Школа {school}: {basis}. Рекомендуется закрепить за школой куратора, организовать научно-методическое сопровождение и адресную помощь управленческой команде и педагогам школы, подготовить методические рекомендации по повышению качества образования.",
    },
    "assessment-procedures": {
      title: "Дополнительная оценочная процедура",
      text: "Школа {school}: {basis}. Рекомендуется провести дополнительную оценочную процедуру (диагностическую работу) по этим предметам и темам, чтобы проверить объективность результатов и их динамику.",
    },
    "curator-help": {
      title: "Адресная методическая помощь школе {school}",
      text: "Школа {school}: {basis}. Школе-куратору рекомендуется составить план адресной методической помощи: консультации управленческой команды, открытые уроки и стажировки для педагогов, совместный анализ результатов.",
    },
  },
} as const;

export const ADDRESSEE_NAMES = {
  head: "Руководитель школы",
  district: "Управление образования",
  institute: "Институт (ИРО / ЦНППМ)",
  assessment: "Центр оценки качества (ЦОКО)",
  curator: "Школа-куратор",
} as const;

/** How the roadmap names the executor of a measure (seed 002's «Исполнители» column). */
export const EXECUTOR_TEXT = { head: "ОО", district: "РУО", institute: "ИРО", assessment: "ЦОКО", curator: "Школа-куратор" } as const;

export const FORM_NAMES = {
  letter: "Информационное письмо",
  regulation: "Регламент",
  methodical: "Методические рекомендации",
  programme: "Программа",
  selection: "Тематическая подборка",
} as const;

export const STATE_NAMES = {
  proposed: "предложена",
  sent: "отправлена",
  acknowledged: "получена",
  in_work: "в работе",
  done: "выполнена",
  rejected: "отклонена",
} as const;

export const ruleErrors = {
  duplicateKey: (key: string) => `ключ «${key}» повторяется`,
  whole: (message: string) => `Правила: ${message}`,
  line: (n: number, key: string | null, field: string, message: string) => `Правило ${n}${key ? ` (${key})` : ""}${field ? `, поле ${field}` : ""}: ${message}`,
  /** zod's issue in Russian (the common cases; the rest say the value is wrong). */
  message(issue: z.core.$ZodIssue): string {
    switch (issue.code) {
      case "invalid_type":
        return "не заполнено или неверный тип значения";
      case "too_small":
        return issue.origin === "string" ? `слишком короткий текст (не меньше ${issue.minimum})` : issue.origin === "array" ? `нужно не меньше ${issue.minimum}` : `не меньше ${issue.minimum}`;
      case "too_big":
        return issue.origin === "string" ? `слишком длинный текст (не больше ${issue.maximum})` : issue.origin === "array" ? `не больше ${issue.maximum}` : `не больше ${issue.maximum}`;
      case "invalid_value":
        return `допустимо: ${issue.values.map(String).join(", ")}`;
      case "invalid_union":
        return "неизвестный вид условия (factor, parameter, deficit, lowTopics, status)";
      case "invalid_format":
        return "неверный формат";
      case "custom":
        return issue.message;
      default:
        return "неверное значение";
    }
  },
};

export const recText = {
  // ---- use cases ----
  districtOnly: "Рекомендации готовят и отправляют специалисты управления образования этого района.",
  notFound: "Рекомендация не найдена.",
  schoolNotFound: "Школа не найдена.",
  districtNotFound: "Район не найден.",
  notAddressee: "Эта рекомендация адресована не вам.",
  badInput: "Проверьте поля: что-то заполнено неверно.",
  notProposed: "Рекомендация уже отправлена или отклонена: менять можно только срок.",
  notEditable: "Рекомендация отклонена, её нельзя изменить.",
  cannotReject: "Отклонить можно только предложенную, ещё не отправленную рекомендацию.",
  cannotSend: "Отправить можно только предложенную рекомендацию.",
  curatorMissing: "Для рекомендации школе-куратору выберите школу-куратора.",
  curatorSame: "Школа-куратор должна быть другой школой района.",
  notSent: "Рекомендация ещё не отправлена.",
  closed: "Рекомендация уже закрыта.",
  badMeasure: "Опишите меру: от 3 до 500 знаков.",
  badDate: "Срок — дата в формате ДД.ММ.ГГГГ, не раньше сегодняшнего дня.",
  rulesInvalid: "Правила не сохранены: исправьте ошибки.",
  noteRequired: "Напишите, что изменено в этой версии правил (примечание обязательно).",
  rulesTaken: "Пока вы редактировали, кто-то сохранил новую версию правил. Обновите страницу.",
  defaultNote: "Встроенные правила (версия 1)",
  roadmapTitle: (name: string, schoolYear: string) => `Дорожная карта: ${name}, ${schoolYear} учебный год`,
  measureIndicator: (title: string) => `Мера по рекомендации «${title}»`,

  // ---- the notice to an addressee ----
  notice: (input: { title: string; form: string; school: string | null; due: string | null; text: string; curatorFor?: string | null }) =>
    [
      `📌 Адресная рекомендация: ${input.title}`,
      `${input.form}${input.school ? ` · ${input.school}` : ""}${input.due ? ` · срок — ${input.due}` : ""}`,
      "",
      input.text.length > 1500 ? `${input.text.slice(0, 1500)}…` : input.text,
      "",
      "Подтвердите получение кнопкой «✅ Получено», затем запланируйте меры: /recommendations.",
    ].join("\n"),
  ackButton: "✅ Получено",

  // ---- the bot ----
  command: "Адресные рекомендации",
  menu: "📌 Рекомендации",
  help: "/recommendations — адресные рекомендации вам: подтвердить получение, запланировать меры, отметить выполнение",
  helpDistrict: "/recommendations — рекомендации вашему управлению и сводка по отправленным (готовятся и отправляются в приложении)",
  forbidden: "Адресные рекомендации получают руководители школ, управление образования, институт и центр оценки качества.",
  unavailable: "Рекомендации сейчас недоступны.",
  none: "Рекомендаций вам пока нет.",
  heading: (count: number) => `Рекомендации вам: ${count}`,
  doneCount: (count: number) => `Выполнено ранее: ${count}.`,
  card: (input: { title: string; form: string; school: string | null; state: string; due: string | null; overdue: boolean; measures: string[] }) =>
    [
      `📌 ${input.title}`,
      `${input.form}${input.school ? ` · ${input.school}` : ""}`,
      `Состояние: ${input.state}${input.due ? ` · срок — ${input.due}${input.overdue ? " ⚠️ просрочено" : ""}` : ""}`,
      ...(input.measures.length ? ["Меры:", ...input.measures.map((line) => `• ${line}`)] : []),
    ].join("\n"),
  measureLine: (title: string, due: string, state: string) => `${title} — до ${due} (${state})`,
  planButton: "➕ Запланировать меру",
  doneButton: "Выполнено",
  openApp: "Открыть в приложении",
  acknowledged: "Получение подтверждено.",
  alreadyAcknowledged: "Получение уже подтверждено.",
  askMeasure: (title: string) => `Мера по рекомендации «${title}».\nНапишите одним сообщением, что будет сделано.`,
  askDate: (measure: string) => `Мера: ${measure}\nНапишите срок выполнения в формате ДД.ММ.ГГГГ.`,
  dueButton: (date: string) => `К сроку рекомендации: ${date}`,
  cancelButton: "Отменить",
  cancelled: "Планирование меры отменено.",
  planned: (input: { title: string; number: string; due: string; roadmap: string }) =>
    `Мера добавлена в дорожную карту (${input.roadmap}): № ${input.number} «${input.title}», срок — ${input.due}. Рекомендация в работе.`,
  markedDone: "Рекомендация отмечена выполненной. Спасибо!",
  districtSummary: (input: { sent: number; acknowledged: number; inWork: number; done: number; overdue: number; proposed: number }) =>
    [
      "Отправленные районом рекомендации:",
      `отправлено и ждут подтверждения — ${input.sent}, получено — ${input.acknowledged}, в работе — ${input.inWork}, выполнено — ${input.done}`,
      `просрочено — ${input.overdue}; предложений на рассмотрении — ${input.proposed}`,
      "Подготовить, отредактировать и отправить рекомендации — в приложении.",
    ].join("\n"),
  gone: "Эта рекомендация больше недоступна.",
};
