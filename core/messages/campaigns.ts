// Russian texts of the campaigns of every instrument (#13): opening with an audience, closing,
// response rates, invitations and reminders (core/services/campaigns.ts, reminders.ts,
// core/journeys/campaign.ts).
import type { Respondent } from "../instruments/schema.ts";
import { pluralRu } from "./reminders.ts";

export const ROLE_NAMES: Record<Respondent, string> = {
  teacher: "педагоги",
  head: "руководители школ",
  mentor: "наставники",
  parent: "родители",
  student: "обучающиеся",
};

export const CLUSTER_NAMES: Record<string, string> = {
  failing: "несправляющиеся",
  effective: "эффективные",
  deprived: "депривированные",
  resilient: "резильентные",
};

/** The list kinds by their short names («ШНОР», «ШНСУ»). */
export const LIST_KIND_NAMES = { shnor: "ШНОР", shnsu: "ШНСУ" } as const;

export const LIST_NAMES: Record<string, string> = {
  shnor: "ШНОР (расчёт выявления)",
  shnsu: "ШНСУ (расчёт выявления)",
  "official-shnor": "ШНОР (утверждённый список)",
  "official-shnsu": "ШНСУ (утверждённый список)",
};

const daysWord = (n: number) => `${n} ${pluralRu(n, "день", "дня", "дней")}`;

/** How often the bot reminds, as a sentence part: «раз в день», «раз в 3 дня», «не напоминает». */
export const cadenceText = (days: number) =>
  days <= 0 ? "без напоминаний" : days === 1 ? "напоминания раз в день в 10:00" : `напоминания раз в ${daysWord(days)} в 10:00`;

export const campaignServiceText = {
  unknownInstrument: (key: string, known: readonly string[]) => `Анкеты «${key}» нет. Есть: ${known.join(", ")}.`,
  instrumentHint: "(ключи анкет: instrument list --district …)",
  mixedRoles:
    "Нельзя в одной кампании спрашивать и сотрудников (педагоги, руководители, наставники), и родителей или обучающихся: " +
    "родители и обучающиеся отвечают анонимно по кодам класса. Откройте две кампании.",
  rolesNotForInstrument: (instrument: string, respondent: string) =>
    `Анкету «${instrument}» заполняют ${respondent}: для неё нельзя выбрать эту аудиторию.`,
  unknownSchool: (ref: string) => `Школа «${ref}» в этом районе не найдена`,
  noSchoolsChosen: "Не выбрано ни одной школы.",
  identificationUnavailable: "Выбор школ по кластеру или списку недоступен: выявление на этом сервере не подключено.",
  noRun: (year: number | undefined) =>
    year ? `Расчёта выявления за ${year} год нет: сначала выполните расчёт.` : "Расчётов выявления ещё нет: сначала выполните расчёт.",
  noOfficialList: (list: string, year: number | undefined) =>
    `Утверждённого списка ${list}${year ? ` за ${year} год` : ""} нет: сначала загрузите его.`,
  emptySelection: (what: string) => `В «${what}» нет ни одной школы: кампания никого не спросит.`,
  remindRange: "Напоминания: целое число дней от 0 (не напоминать) до 30.",
  baselineNotClosable: "Это загруженный прошлый замер: он закрыт с самого начала.",
};

/** The reminders and invitations members get (core/services/reminders.ts planCampaignNotices). */
export const campaignNoticeText = {
  invitation: (title: string, until: string) =>
    `Открыт опрос «${title}», он принимает ответы до ${until}. Ответить можно здесь в чате (/surveys) или в приложении — кнопка ниже.`,
  diagnosticInvitation: (title: string, until: string) =>
    `Открыта диагностика «${title}», она идёт до ${until}. Это около 7 минут, ответы видите только вы. Начать: /diagnostic`,
  reminder: (title: string, until: string, started: boolean) =>
    started
      ? `Напоминание: вы начали опрос «${title}», но не закончили. Он открыт до ${until}. Продолжить: /surveys или кнопка ниже.`
      : `Напоминание: идёт опрос «${title}», он открыт до ${until}. Ответить: /surveys или кнопка ниже.`,
};

export const untilDate = (at: Date, timezone: string) =>
  new Intl.DateTimeFormat("ru-RU", { timeZone: timezone, day: "numeric", month: "long" }).format(at);

/** The bot's /campaign (core/journeys/campaign.ts) for every instrument. */
export const campaignBotText = {
  command: "Кампании: открыть или закрыть диагностику и опросы",
  help: "/campaign — открыть или закрыть диагностику педагогов и опросы района (родители, обучающиеся, карта самоанализа), охват",
  menu: "Кампании и опросы",
  running: (district: string, title: string, status: "planned" | "open", from: string, until: string, done: number, total: number, codes: string) =>
    `<b>${district}</b>\n«${title}» — ${status === "planned" ? `начнётся ${from}` : "идёт"}, до ${until}.\n` +
    (total > 0 ? `Завершили: ${done} из ${total}.` : "") +
    codes,
  codesLine: (used: number, issued: number) => (issued > 0 ? `\nКоды классов: использовано ${used} из ${issued}.` : ""),
  closeSurveyButton: (planned: boolean) => (planned ? "Отменить запланированный" : "Закрыть опрос"),
  otherButton: "Открыть другой опрос…",
  pickInstrument: "Какую анкету открыть?",
  pickSchools: (instrument: string) => `«${instrument}»: каких школ спросить?`,
  schoolsAll: "Все школы района",
  schoolsList: (list: string) => `Школы списка ${list}`,
  openAsk: (instrument: string, who: string, schools: string, days: number, cadence: string, anonymous: boolean) =>
    `Открыть «${instrument}» на ${daysWord(days)} с сегодняшнего дня?\nКого спрашиваем: ${who}; ${schools}.\n` +
    (anonymous
      ? "Родителям и обучающимся бот не пишет и не напоминает (у них нет учётных записей): школы раздают ссылку и коды классов."
      : `Бот пригласит их в 9–21 ч и будет присылать ${cadence} тем, кто не закончил.`),
  schoolsAllShort: "все школы района",
  schoolsCount: (n: number) => `${n} ${pluralRu(n, "школа", "школы", "школ")}`,
  opened: (title: string, until: string) => `Опрос «${title}» открыт до ${until}.`,
  closedSurvey: (title: string, at: string) => `Опрос «${title}» закрыт (${at}). Ответы больше не принимаются, итоги заморожены.`,
  alreadyClosedSurvey: (title: string) => `Опрос «${title}» уже был закрыт.`,
};

/** Who a campaign asks, in one line: «педагоги; все школы района», «руководители школ; 3 школы (список ШНОР …)». */
export function audienceText(audience: { roles: readonly Respondent[]; schoolIds: readonly string[] | null; from?: { cluster?: string; list?: string; year?: number } | undefined }) {
  const roles = audience.roles.map((role) => ROLE_NAMES[role]).join(", ");
  if (audience.schoolIds === null) return campaignCliText.audience(roles, campaignCliText.allSchools);
  const from = audience.from?.cluster
    ? campaignCliText.fromCluster(CLUSTER_NAMES[audience.from.cluster] ?? audience.from.cluster, audience.from.year)
    : audience.from?.list
      ? campaignCliText.fromList(LIST_NAMES[audience.from.list] ?? audience.from.list, audience.from.year)
      : "";
  return campaignCliText.audience(roles, campaignCliText.someSchools(audience.schoolIds.length, from));
}

/** The CLI's campaign options (core/services/admin-commands.ts campaignOpen) and printouts (cli/main.ts). */
export const campaignCliText = {
  instrument: (keys: readonly string[]) => `ключ анкеты: ${keys.join(", ")}`,
  roles: (roles: readonly string[]) => `роли через запятую из: ${roles.join(", ")}`,
  schools: "коды ОО или id школ через запятую",
  cluster: (clusters: readonly string[]) => `кластер: ${clusters.join(", ")}`,
  list: "список: shnor, shnsu (расчёт выявления), official-shnor, official-shnsu (утверждённый)",
  oneChoice: "школы задаются одним способом: --school-codes, --cluster или --list",
  audience: (roles: string, schools: string) => `Кого спрашиваем: ${roles}; ${schools}`,
  allSchools: "все школы района",
  someSchools: (n: number, from: string) => `${n} ${pluralRu(n, "школа", "школы", "школ")}${from ? ` (${from})` : ""}`,
  fromCluster: (cluster: string, year: number | undefined) => `кластер «${cluster}»${year ? `, расчёт ${year} года` : ""}`,
  fromList: (list: string, year: number | undefined) => `список ${list}${year ? `, ${year} год` : ""}`,
  anonymous:
    "Родители и обучающиеся отвечают анонимно по ссылке школы и кодам класса; бот им не пишет и не напоминает (у них нет учётных записей).",
  cadence: (text: string) => `Бот пригласит участников с учётной записью (9–21 ч по времени района); ${text}.`,
  ratesHead: (title: string, status: string) => `«${title}» — ${status}`,
  membersLine: (completed: number, total: number, unfinished: number, notJoined: number) =>
    `завершили ${completed} из ${total}; не закончили — ${unfinished}; не подключились — ${notJoined}`,
  codesLine: (used: number, issued: number) => `коды классов: использовано ${used} из ${issued}`,
  noCodes: "коды классов ещё не выпущены",
};
