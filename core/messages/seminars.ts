// Russian texts of seminar requests, the half-year programme and network events (#15 §4).
import type { EventKind } from "../seminars/rules.ts";

export const EVENT_KIND_NAMES: Record<EventKind, string> = { seminar: "Семинар", course: "Курс", meeting: "Совещание" };

export const seminarText = {
  command: "Заявка на семинар",
  menu: "📝 Заявка на семинар",
  help: "/seminar — заявка на тему семинара для института (ИРО, ЦНППМ): тема, подробности и ваши области дефицитов",
  refusal: "Заявки на семинары подают педагоги и руководители школ.",
  unavailable: "Заявки на семинары на этом сервере недоступны. Сообщите администратору.",
  askTopic:
    "📝 Заявка на семинар.\n\nНапишите одним сообщением тему, которую вы хотели бы разобрать на семинаре " +
    "(например: «Критерии оценивания ВПР по математике, 5 класс»).",
  resumeTopic: "Вы начали заявку на семинар. Напишите тему одним сообщением или отмените заявку.",
  topicBad: (min: number, max: number) => `Тема должна быть от ${min} до ${max} символов. Напишите её ещё раз.`,
  detailsBad: (max: number) => `Подробности — не длиннее ${max} символов. Сократите и отправьте ещё раз.`,
  draft: (topic: string, details: string | null, prefilled: boolean) =>
    [
      `📝 Заявка на семинар\nТема: ${topic}`,
      details ? `Подробности: ${details}` : null,
      "",
      prefilled
        ? "Отмечены области ваших дефицитов по диагностике. Нажмите на область, чтобы убрать или добавить её."
        : "Отметьте области, к которым относится тема (нажмите, чтобы добавить или убрать).",
    ]
      .filter((line) => line !== null)
      .join("\n"),
  askDetails: "Напишите подробности одним сообщением: что именно разобрать, для каких классов, какой формат удобен.",
  detailsButton: "✍️ Подробности",
  sendButton: "📨 Отправить заявку",
  cancelButton: "✖️ Отменить",
  cancelled: "Заявка отменена.",
  sent: (topic: string) => `✅ Заявка «${topic}» отправлена в институт. Когда по ней запланируют мероприятие, бот пришлёт приглашение.`,
  gone: "Эта заявка уже отправлена или отменена. Начните новую: /seminar",
  myHeading: "Ваши заявки:",
  myLine: (topic: string, state: string) => `• ${topic} — ${state}`,
  stateNames: { new: "ждёт рассмотрения", planned: "запланировано мероприятие", declined: "отклонена" } as Record<string, string>,
  noSchool: "Без школы",
};

export const eventText = {
  command: "Мероприятия и запись",
  menu: "📅 Мероприятия",
  help: "/events — ближайшие семинары, курсы и совещания: запись одной кнопкой, ваши записи, файл календаря (.ics)",
  unavailable: "Мероприятия на этом сервере недоступны. Сообщите администратору.",
  none: "Ближайших мероприятий для вас нет. Когда институт или РУО объявит новое, бот пришлёт приглашение.",
  heading: (count: number) => `📅 Ближайшие мероприятия: ${count}`,
  mineHeading: "Вы записаны:",
  card: (input: { kind: EventKind; title: string; when: string; place: string | null; url: string | null; seats: string | null; registered: boolean }) =>
    [
      `${EVENT_KIND_NAMES[input.kind]}: ${input.title}`,
      `🕒 ${input.when}`,
      input.place ? `📍 ${input.place}` : null,
      input.url ? `🔗 ${input.url}` : null,
      input.seats,
      input.registered ? "✅ Вы записаны" : null,
    ]
      .filter((line) => line !== null)
      .join("\n"),
  seats: (free: number) => (free > 0 ? `Свободных мест: ${free}` : "Мест нет"),
  registerButton: "✅ Записаться",
  unregisterButton: "✖️ Отменить запись",
  icsButton: "📆 В календарь (.ics)",
  registered: (title: string) => `✅ Вы записаны: «${title}». Накануне бот напомнит. Файл для календаря — ниже.`,
  already: (title: string) => `Вы уже записаны на «${title}».`,
  full: "Свободных мест больше нет.",
  closed: "Запись на это мероприятие закрыта.",
  notInvited: "Это мероприятие не для вашей роли или школы.",
  unregistered: (title: string) => `Запись на «${title}» отменена.`,
  notRegistered: "Вы не были записаны на это мероприятие.",
  gone: "Мероприятие не найдено.",
  icsCaption: (title: string) => `Файл для календаря: «${title}»`,
  // notices through the Outbox
  announcement: (input: { kind: EventKind; title: string; when: string; place: string | null; url: string | null; description: string | null }) =>
    [
      `📣 ${EVENT_KIND_NAMES[input.kind]}: ${input.title}`,
      `🕒 ${input.when}`,
      input.place ? `📍 ${input.place}` : null,
      input.url ? `🔗 ${input.url}` : null,
      input.description ? `\n${input.description}` : null,
      "\nЗаписаться — кнопкой ниже.",
    ]
      .filter((line) => line !== null)
      .join("\n"),
  planned: (input: { topics: string[]; title: string; when: string }) =>
    `📣 По вашей заявке ${input.topics.length > 1 ? "на темы" : "на тему"} ${input.topics.map((topic) => `«${topic}»`).join(", ")} запланировано мероприятие «${input.title}», ${input.when}.\n\nЗаписаться — кнопкой ниже.`,
  reminder: (input: { title: string; when: string; place: string | null; url: string | null }) =>
    [`⏰ Завтра: «${input.title}»`, `🕒 ${input.when}`, input.place ? `📍 ${input.place}` : null, input.url ? `🔗 ${input.url}` : null]
      .filter((line) => line !== null)
      .join("\n"),
  material: (title: string, material: string) => `📎 Материалы мероприятия «${title}»: ${material}`,
};

/** Texts of the use cases' refusals (the API shows them as they are). */
export const seminarErrors = {
  forbidden: "Недостаточно прав для этого действия.",
  notFound: "Не найдено.",
  notRequester: "Заявки на семинары подают педагоги и руководители школ.",
  badRequest: "Проверьте заявку: тема от 3 до 200 символов, подробности до 1500.",
  badProgramme: "Проверьте программу: период вида 2027-H1 и название от 3 символов.",
  badEvent: "Проверьте мероприятие: вид, название от 3 символов, дата начала, кому оно адресовано.",
  badProgrammeRef: "Программа другого района или не найдена.",
  badLink: "Ссылка должна начинаться с http:// или https://, название — до 200 символов.",
  badFile: "Файл не подходит: PDF, документы, таблицы, презентации, изображения или архив, не больше 20 МБ.",
  alreadyAnnounced: "Мероприятие уже объявлено или отменено.",
  notRegistered: "Этот человек не записан на мероприятие.",
};
