import type { Role } from "../roles.ts";

/** Every text the bot shows, in any messenger. Code holds keys; wording lives here. */
export const ru = {
  welcomeStranger:
    "Здравствуйте! Это бот районной программы поддержки школ.\n\n" +
    "Чтобы подключиться, откройте личную ссылку-приглашение от школы или РУО (или отправьте боту код из приглашения).\n" +
    "Помощь: /help",
  welcome: (name: string | null) => `Здравствуйте${name ? ", " + name : ""}! Что вы хотите сделать?`,
  welcomeBack: (name: string | null) => `С возвращением${name ? ", " + name : ""}! Что вы хотите сделать?`,
  joined: (role: string, place: string) => `Готово: вы подключены как ${role} (${place}).`,
  alreadyJoined: (role: string, place: string) => `Вы уже подключены как ${role} (${place}).`,
  consentAgree: "Согласен(на)",
  consentDecline: "Не согласен(на)",
  consentThanks: "Спасибо, согласие сохранено.",
  consentDeclined:
    "Без согласия бот не может работать с вашими данными. Если передумаете, нажмите /start — мы спросим ещё раз.",
  consentDeclinedInvite:
    "Хорошо: вы не подключены, и бот ничего о вас не сохранил. Приглашение остаётся в силе — если передумаете, откройте ссылку ещё раз.",
  consentFirst: "Сначала ответьте на вопрос о согласии на обработку персональных данных (сообщение выше) или нажмите /start.",
  openApp: "Открыть приложение",
  appNotConfigured:
    "Приложение пока не опубликовано: администратору нужно указать PUBLIC_URL с https:// (см. README).",
  appIntro: "Откройте приложение, чтобы увидеть данные вашей школы и свой профиль:",
  startDiagnostic: "Пройти диагностику",
  continueDiagnostic: "Продолжить диагностику",
  myProfile: "Мой профиль дефицитов",
  questionHeader: (number: number, total: number) => `Вопрос ${number} из ${total}`,
  back: "← Назад",
  chosen: (label: string) => `✓ ${label}`,
  answerHint: "Вы проходите диагностику: выберите ответ кнопкой под вопросом. Помощь — /help.",
  diagnosticDone: "Диагностика завершена. Спасибо!",
  profileTitle: "Ваш профиль профессиональных дефицитов (видите только вы):",
  profileLine: (place: number, title: string, deficit: number, level: string) =>
    `${place}. ${title} — ${level}, ${Math.round(deficit)}%`,
  profileAdvice: "Что поможет:",
  profileNone: "Профиль появится после того, как вы завершите диагностику: /diagnostic",
  profileFooter:
    "Процент показывает, насколько не хватает уверенности в области: 0% — дефицита нет, 100% — нужна помощь во всём.",
  onlyTeachers: "Диагностику проходят педагоги. Если вы педагог, откройте личное приглашение от школы.",
  inviteChooseRole: "Кого пригласить?",
  inviteChooseSchool: "Выберите школу:",
  inviteNoSchools: "В районе пока нет школ. Их добавляет администратор при загрузке списка школ.",
  inviteCreated: (role: string, place: string, links: string[], code: string, until: string, uses: number) =>
    `Приглашение: ${role} (${place})\n${links.join("\n")}\nКод: ${code}\nДействует до ${until}, использований: ${uses}.\n\n` +
    `Перешлите ссылку человеку лично — по ней он подключится к боту.`,
  channelLink: (channel: string, link: string) => `${channel}: ${link}`,
  linkCreated: (code: string, minutes: number, links: string[]) =>
    `Код привязки второго мессенджера: ${code}\nДействует ${minutes} минут и только для вас.\n\n` +
    `Откройте ссылку в другом мессенджере:\n${links.join("\n")}\n\nИли отправьте там боту команду /start ${code}.`,
  linkOnlyOneChannel: "Бот работает только в одном мессенджере, подключать второй не нужно.",
  linked: (channel: string) => `Готово: этот аккаунт ${channel} привязан к вашему профилю. Роли, ответы и согласие — общие.`,
  linkAlready: "Этот аккаунт уже привязан к вашему профилю.",
  linkExpired: "Код привязки устарел или уже использован. Получите новый командой /link в мессенджере, где вы уже подключены.",
  linkOtherPerson:
    "Этот аккаунт уже подключён как другой участник. Чтобы объединить профили, обратитесь к ответственному в РУО.",
  usedUpHint: "Если вы уже подключены в другом мессенджере, получите там код привязки командой /link.",
  onlyDistrict: "Эта команда доступна сотрудникам РУО.",
  deleteAsk:
    "Удалить ваши данные? Будут удалены привязка к школе, роль и все ваши ответы на анкеты. Это нельзя отменить; " +
    "чтобы вернуться, понадобится новое приглашение.",
  deleteConfirm: "Удалить мои данные",
  deleteCancel: "Отмена",
  deleteDone: "Ваши данные удалены. Спасибо, что были с нами.",
  deleteCancelled: "Хорошо, ничего не удалено.",
  deleteNothing: "О вас нет данных: вы не подключены.",
  unknownText: "Не понял сообщение. Меню команд — /help.",
  error: "Что-то пошло не так. Попробуйте ещё раз через минуту; если повторится — сообщите в РУО.",
  help: {
    /** Headings of the role sections; the lines under them come from the journeys (core/journeys/registry.ts). */
    heading: {
      teacher: "Педагогу:",
      head: "Руководителю школы:",
      district: "Сотруднику РУО:",
      mentor: "Наставнику:",
      parent: "Родителю:",
      methodologist: "Методисту института:",
      assessment: "Центру оценки качества:",
      tutor: "Тьютору:",
      curator: "Куратору:",
      curator_head: "Руководителю школы-куратора:",
      working_group: "Члену рабочей группы:",
      regional: "Региональному оператору:",
    } satisfies Record<Role, string>,
    commonHeading: "Команды:",
    stranger:
      "Вы ещё не подключены. Откройте личную ссылку-приглашение (её даёт школа или РУО) или отправьте боту код из приглашения.",
    start: "/start — начало и подключение по приглашению",
    help: "/help — эта справка",
    app: "/app — открыть приложение",
    link: "/link — подключить второй мессенджер (Telegram или MAX) к тому же профилю",
    mydata: "/mydata — скачать файлом всё, что бот хранит о вас",
    deletedata: "/deletedata — отозвать согласие и удалить свои данные",
    diagnostic:
      "/diagnostic — пройти или продолжить диагностику профессиональных дефицитов (24 вопроса, можно прерваться и вернуться, ответ можно изменить кнопкой «Назад»)\n" +
      "/profile — ваш профиль дефицитов\nВаши ответы видите только вы; школа видит лишь обобщённые данные.",
    headApp: "/app — дефициты педагогов школы по областям (данные появятся, когда ответит достаточно педагогов).",
    districtApp: "/app — данные школ района и ход диагностики.",
    invite: "/invite — создать приглашение (педагог, руководитель школы, родитель, наставник, сотрудник РУО)",
    mentorApp: "/app — данные закреплённых школ.",
    parent: "Вы подключены к боту школы. Сейчас от родителей в боте ничего не требуется.",
  },
  commands: {
    start: "Начало и подключение",
    help: "Справка",
    app: "Открыть приложение",
    diagnostic: "Диагностика дефицитов",
    profile: "Мой профиль дефицитов",
    invite: "Создать приглашение",
    mydata: "Скачать мои данные",
    deletedata: "Удалить мои данные",
    link: "Подключить второй мессенджер",
  },
  /** Role names in chat: one word for teachers everywhere the bot and the Mini App speak (педагог). */
  roleName: {
    district: "сотрудник РУО",
    head: "руководитель школы",
    teacher: "педагог",
    parent: "родитель",
    mentor: "наставник",
    methodologist: "методист института (ИРО/ЦНППМ)",
    assessment: "аналитик центра оценки качества (ЦОКО)",
    tutor: "тьютор",
    curator: "куратор",
    curator_head: "руководитель школы-куратора",
    working_group: "член муниципальной рабочей группы",
    regional: "региональный оператор",
  } satisfies Record<Role, string>,
  menuInvite: "Создать приглашение",
  menuMyData: "Мои данные",
  myDataCaption: "Всё, что бот хранит о вас, — в этом файле (JSON).",
  myDataFilename: "moi-dannye.json",
  inviteFor: (role: string, school: string | null) =>
    `Приглашение: ${role}${school ? ` (${school})` : ""}. Подключение — после вашего согласия ниже.`,
  joinNoOperator:
    "Подключиться пока нельзя: район ещё не указал сведения об операторе персональных данных для текста согласия. " +
    "Сообщите об этом ответственному в РУО.",
  appNotForYou: "Приложение открывают педагоги, руководители школ, наставники и сотрудники РУО.",
  consentAgain: "Вы уже дали согласие.",
  alreadyPressed: "Уже сделано.",
  profileSent: "Профиль уже отправлен выше.",
} as const;
