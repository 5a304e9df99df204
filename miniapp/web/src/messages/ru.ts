/**
 * Every string a person sees in the Mini App. Components hold keys only and go through `t()`.
 * Placeholders are `{name}`; a value given as a plural set picks its form by `{n}`.
 */
type Plural = { one: string; few: string; many: string };

const messages = {
  "app.loading": "Загрузка…",
  "app.back": "← Назад",

  "demo.banner": "ДЕМО-РЕЖИМ — вход без мессенджера, данные вымышленные",
  "demo.signIn.title": "Войти как…",
  "demo.signIn.hint":
    "Выберите участника демонстрации. В настоящем приложении вход выполняется автоматически — через Telegram или MAX.",
  "demo.signIn.empty": "В демо-базе нет участников.",
  "demo.signOut": "Сменить участника",

  "openFromBot.title": "Откройте приложение из бота в Telegram или MAX",
  "openFromBot.step1": "Откройте Telegram или MAX на телефоне или компьютере.",
  "openFromBot.step2": "Найдите чат с ботом вашего управления образования.",
  "openFromBot.step3": "Нажмите кнопку приложения в сообщении бота или кнопку меню рядом с полем ввода.",
  "openFromBot.why":
    "Приложение узнаёт вас по данным мессенджера, поэтому в обычном браузере оно не откроется.",
  "openFromBot.telegramLink": "Бот в Telegram: @{bot}",

  "error.network": "Нет связи с сервером, проверьте интернет",
  "error.unknown": "Что-то пошло не так. Попробуйте ещё раз.",
  "error.retry": "Повторить",
  "error.title": "Не удалось загрузить",

  "home.greeting": "Здравствуйте, {name}!",
  "home.greetingNoName": "Здравствуйте!",
  "home.roles": "Ваши роли",
  "home.noRoles": "Роль пока не назначена. Обратитесь в управление образования.",
  "home.sections": "Разделы",
  "home.schoolDeficits": "Дефициты школы: {name}",
  "home.myProfile": "Мой профиль дефицитов",
  "home.nothingToOpen": "Для ваших ролей разделов в приложении пока нет — работа идёт в чате с ботом.",
  "home.help": "Как это работает",
  "home.districtProgress": "Ход диагностики в районе",
  "home.districtProgressHint": "{district}: сколько педагогов прошли, напоминания",
  "home.schoolProgress": "Ход диагностики в школе",
  "home.schoolProgressHint": "{school}: сколько педагогов прошли, напоминания",

  "role.district": "Управление образования",
  "role.head": "Руководитель школы",
  "role.teacher": "Педагог",
  "role.parent": "Родитель",
  "role.mentor": "Наставник",

  "help.district":
    "Вы видите, сколько педагогов каждой школы прошли диагностику, и сводные дефициты по школам района. Напомнить тем, кто не закончил, можно на странице хода диагностики.",
  "help.head":
    "Педагоги школы анонимно проходят диагностику в боте. Здесь — сводка по школе: в каких областях нужна поддержка. Ответы отдельных педагогов не показываются.",
  "help.teacher":
    "Пройдите диагностику в чате с ботом (команда /diagnostic). Личный профиль видите только вы; школа получает лишь обезличенную сводку.",
  "help.parent": "Вы подключены к боту школы. Сейчас от родителей ничего не требуется; свои данные можно скачать в боте командой /mydata.",
  "help.mentor":
    "Вы сопровождаете школу: смотрите сводку дефицитов её педагогов и планируйте поддержку вместе с руководителем.",

  "school.period": "{from} — {to}",
  "school.respondents": {
    one: "Ответили: {n} педагог",
    few: "Ответили: {n} педагога",
    many: "Ответили: {n} педагогов",
  },
  "school.notEnough": "Недостаточно ответов",
  "school.notEnoughExplain": {
    one: "Данные появятся, когда ответит не менее {n} педагога — так сохраняется анонимность.",
    few: "Данные появятся, когда ответят не менее {n} педагогов — так сохраняется анонимность.",
    many: "Данные появятся, когда ответят не менее {n} педагогов — так сохраняется анонимность.",
  },
  "school.noCampaign": "Диагностика в районе ещё не проводилась",
  "school.noCampaignHint": "Когда управление образования запустит диагностику, здесь появится сводка.",
  "school.chartTitle": "Средний дефицит по областям, %",
  "school.tableTitle": "Области по убыванию дефицита",
  "school.meanDeficit": "Средний дефицит: {value}%",
  "school.levelLine": "Средний уровень по школе: {level}",
  "school.pronouncedShare": "Доля педагогов с выраженным дефицитом: {value}%",
  "school.legend": "Цвет: красный — выраженный, оранжевый — умеренный, зелёный — не выражен",

  "district.title": "Ход диагностики в районе",
  "district.schoolTitle": "Ход диагностики в школе",
  "district.until": "Открыта до {date}",
  "district.closed": "Закрыта {date}",
  "district.summary": {
    one: "Завершили: {done} из {n} педагога ({percent}%)",
    few: "Завершили: {done} из {n} педагогов ({percent}%)",
    many: "Завершили: {done} из {n} педагогов ({percent}%)",
  },
  "district.summaryNoTeachers": "В школах района пока нет педагогов",
  "district.figureNotJoined": "не подключились",
  "district.figureUnfinished": "подключились, не закончили",
  "district.figureCompleted": "завершили",
  "district.onceNote": "Педагог, который работает в двух школах, в итоге по району считается один раз.",
  "district.schools": "Школы — сначала те, где прошло меньше всего",
  "district.schoolsFooter": "Только числа, без имён. Нажмите на школу, чтобы открыть сводку её дефицитов.",
  "district.noSchools": "В районе нет школ.",
  "district.row": "{done} из {n}",
  "district.rowFigures": "не подключились: {notJoined} · не закончили: {unfinished}",
  "district.rowNoTeachers": "нет педагогов",
  "district.noCampaign": "Диагностика в районе ещё не открыта",
  "district.noCampaignHint": "Когда диагностику откроют, здесь будет видно, сколько педагогов каждой школы её прошли.",
  "district.unfinished": {
    one: "Подключился, но не закончил {n} педагог. Бот напишет ему в личные сообщения — не чаще раза в день.",
    few: "Подключились, но не закончили {n} педагога. Бот напишет каждому в личные сообщения — не чаще раза в день.",
    many: "Подключились, но не закончили {n} педагогов. Бот напишет каждому в личные сообщения — не чаще раза в день.",
  },
  "district.notJoinedHint": {
    one: "Не подключился {n} педагог: бот не может ему написать. Передайте ему личное приглашение.",
    few: "Не подключились {n} педагога: бот не может им написать. Передайте им личные приглашения.",
    many: "Не подключились {n} педагогов: бот не может им написать. Передайте им личные приглашения.",
  },
  "district.notJoinedSheets": "Распечатать их приглашения",
  "district.noOneToRemind": "Напоминать некому: все подключившиеся педагоги завершили диагностику.",
  "district.remind": "Напомнить тем, кто не закончил",
  "district.remindConfirmTitle": "Отправить напоминания?",
  "district.remindConfirmText": {
    one: "Бот напишет в личные сообщения {n} педагогу, который подключился, но не завершил диагностику. Отменить отправку будет нельзя.",
    few: "Бот напишет в личные сообщения {n} педагогам, которые подключились, но не завершили диагностику. Отменить отправку будет нельзя.",
    many: "Бот напишет в личные сообщения {n} педагогам, которые подключились, но не завершили диагностику. Отменить отправку будет нельзя.",
  },
  "district.remindConfirm": "Да, напомнить",
  "district.remindCancel": "Отмена",
  "district.remindDone": {
    one: "Поставлено в очередь: {n} напоминание.",
    few: "Поставлено в очередь: {n} напоминания.",
    many: "Поставлено в очередь: {n} напоминаний.",
  },
  "district.remindNone": "Никому не написали.",
  "district.remindWhy": "Кому не написали и почему:",
  "district.remindNotJoined": "не подключились к боту — {n}",
  "district.remindNoConsent": "не дали согласие на обработку персональных данных — {n}",
  "district.remindUnreachable": "бот не может им написать (заблокировали бота или не открывали чат) — {n}",
  "district.remindAlreadyToday": "уже получили напоминание сегодня — {n}",
  "district.remindFailed": "Не получилось поставить напоминания в очередь",
  "district.allDone": "Все педагоги завершили диагностику — напоминать некому.",
  "district.closedNoRemind": "Диагностика закрыта — напоминания больше не отправляются.",

  "work.link": "Кампании, сотрудники, приглашения",
  "work.linkHint": "Открыть и закрыть диагностику, загрузить список сотрудников, распечатать приглашения",

  "level.pronounced": "выраженный",
  "level.moderate": "умеренный",
  "level.none": "не выражен",

  "profile.title": "Мой профиль дефицитов",
  "profile.completed": "{campaign}, пройдена {date}",
  "profile.levelLine": "Дефицит {value}% — {level}",
  "profile.progress": "Вы ответили на {answered} из {total} вопросов — продолжите в чате с ботом",
  "profile.start": "Пройдите диагностику в боте: команда /diagnostic",
  "profile.private": "Профиль видите только вы.",
  "profile.chartTitle": "Дефицит по областям, % (номера — как в списке ниже)",

  // ---- release rules (privacy helper): what is shown and why ----
  "release.hidden": "скрыто",
  "release.le": "≤ {value}",
  "release.ge": "≥ {value}",
  "school.smallSchool": "Результаты школы не показываются",
  "school.smallSchoolExplain": {
    one: "В школе меньше {n} педагога: результаты школы не показываются, они входят в сводку района.",
    few: "В школе меньше {n} педагогов: результаты школы не показываются, они входят в сводку района.",
    many: "В школе меньше {n} педагогов: результаты школы не показываются, они входят в сводку района.",
  },
  "school.hiddenExplain": {
    one: "Цифры показываются, когда по области ответили не менее {n} педагога и по сводке района нельзя вычислить ответы меньшей группы. Так сохраняется анонимность.",
    few: "Цифры показываются, когда по области ответили не менее {n} педагогов и по сводке района нельзя вычислить ответы меньшей группы. Так сохраняется анонимность.",
    many: "Цифры показываются, когда по области ответили не менее {n} педагогов и по сводке района нельзя вычислить ответы меньшей группы. Так сохраняется анонимность.",
  },
  "school.areaHidden": "мало ответов в этой области — скрыто",
  "school.released": "Цифры опубликованы {date}; обновляются, когда ответят ещё несколько педагогов.",
  "summary.link": "Сводные дефициты района",
  "summary.linkHint": "Области по району и таблица школ, выгрузка в Excel",
  "summary.title": "Сводные дефициты района",
  "summary.district": "Район в целом",
  "summary.table": "Школы × области: средний дефицит, %",
  "summary.tableFooter": "«—» — скрыто: мало ответов, или по итогу района можно было бы вычислить меньшую группу.",
  "summary.smallSchools": {
    one: "Малые школы ({n}) вместе",
    few: "Малые школы ({n}) вместе",
    many: "Малые школы ({n}) вместе",
  },
  "summary.smallNote": {
    one: "меньше {n} педагога — в строке малых школ",
    few: "меньше {n} педагогов — в строке малых школ",
    many: "меньше {n} педагогов — в строке малых школ",
  },
  "summary.rules": "Цифра показывается, если по области ответили не менее {min} педагогов; пока диагностика идёт, цифры обновляются после каждых {step} новых ответов. Доли — с шагом 5 %, средние — целые.",
  "summary.levelLine": "Средний уровень по району: {level}",
  "summary.download": "Скачать в Excel",
  "summary.downloading": "Готовим файл…",
  "summary.school": "Школа",
  // ---- end release rules ----
} satisfies Record<string, string | Plural>;

export type MessageKey = keyof typeof messages;
export type MessageParams = Record<string, string | number>;

const pluralRules = new Intl.PluralRules("ru-RU");

function pick(entry: string | Plural, params: MessageParams | undefined): string {
  if (typeof entry === "string") return entry;
  const n = Number(params?.n ?? 0);
  const form = pluralRules.select(n);
  return form === "one" ? entry.one : form === "few" ? entry.few : entry.many;
}

export function t(key: MessageKey, params?: MessageParams): string {
  return translate(messages[key], params);
}

/** Fills a message given as text or a plural set; page-specific message files use it too. */
export function translate(entry: string | Plural, params?: MessageParams): string {
  const template = pick(entry, params);
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

const dateFormat = new Intl.DateTimeFormat("ru-RU", { day: "numeric", month: "long", year: "numeric" });

export function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateFormat.format(date);
}

const percentFormat = new Intl.NumberFormat("ru-RU", { maximumFractionDigits: 0 });

export function formatPercent(value: number): string {
  return percentFormat.format(value);
}
