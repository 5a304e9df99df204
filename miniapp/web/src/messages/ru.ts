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
  "home.surveys": "Мои анкеты",
  "home.nothingToOpen": "Для ваших ролей разделов в приложении пока нет — работа идёт в чате с ботом.",
  "home.help": "Как это работает",
  "home.districtProgress": "Ход диагностики в районе",
  "home.districtProgressHint": "{district}: сколько педагогов прошли, напоминания",
  "home.schoolProgress": "Ход диагностики в школе",
  "home.schoolProgressHint": "{school}: сколько педагогов прошли, напоминания",
  "home.schoolCard": "Выявление ШНОР и ШНСУ: карточка школы",
  "home.schoolCardHint": "{school}: где школа среди школ района и почему",

  "role.district": "Управление образования",
  "role.head": "Руководитель школы",
  "role.teacher": "Педагог",
  "role.parent": "Родитель",
  "role.mentor": "Наставник",
  "role.methodologist": "Методист института (ИРО/ЦНППМ)",
  "role.assessment": "Аналитик центра оценки качества (ЦОКО)",
  "role.tutor": "Тьютор",
  "role.curator": "Куратор",
  "role.curator_head": "Руководитель школы-куратора",
  "role.working_group": "Член муниципальной рабочей группы",
  "role.regional": "Региональный оператор",

  "help.district":
    "Вы видите, сколько педагогов каждой школы прошли диагностику, и сводные дефициты по школам района. Напомнить тем, кто не закончил, можно на странице хода диагностики.",
  "help.head":
    "Педагоги школы анонимно проходят диагностику в боте. Здесь — сводка по школе: в каких областях нужна поддержка. Ответы отдельных педагогов не показываются.",
  "help.teacher":
    "Пройдите диагностику в чате с ботом (команда /diagnostic). Личный профиль видите только вы; школа получает лишь обезличенную сводку.",
  "help.parent": "Вы подключены к боту школы. Сейчас от родителей ничего не требуется; свои данные можно скачать в боте командой /mydata.",
  "help.mentor":
    "Вы сопровождаете школу: смотрите сводку дефицитов её педагогов и планируйте поддержку вместе с руководителем.",
  "help.assessment":
    "Вы получаете адресные рекомендации РУО о дополнительных оценочных процедурах: подтвердите их в чате с ботом и отметьте выполнение.",
  "help.tutor":
    "Вы сопровождаете закреплённые школы: отчитывайтесь о визитах и консультациях в чате с ботом (/visit) и смотрите сводки школ.",
  "help.curator":
    "Вы куратор закреплённых школ: три очные проектные сессии в год, отчёт о каждом визите — в чате с ботом (/visit).",
  "help.curator_head":
    "Ваша школа — школа-куратор: вы видите сводки подшефных школ и общие мероприятия дорожной карты, получаете рекомендации по адресной помощи.",
  "help.working_group":
    "Вы член муниципальной рабочей группы: видите то же, что РУО, только для чтения; заседания, протоколы и отчёты на утверждение — в разделе рабочей группы.",
  "help.regional":
    "Вы региональный оператор: в каждом районе региона у вас те же возможности, что у сотрудника РУО.",
  "help.methodologist":
    "Вы видите дефициты педагогов района по областям и целевым группам — только сводно, без имён: для планирования курсов и семинаров.",

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
