/** Russian texts of diagnostic reminders (core/services/reminders.ts) and the completion figures. */

const untilDate = (closesAt: Date, timezone: string) =>
  new Intl.DateTimeFormat("ru-RU", { timeZone: timezone, day: "numeric", month: "long" }).format(closesAt);

/** The reminder a teacher receives: where they stopped, until when the diagnostic is open. */
export const reminderText = (title: string, closesAt: Date, timezone: string, answered: number, total: number) => {
  const until = untilDate(closesAt, timezone);
  return answered > 0
    ? `Напоминание: вы ответили на ${answered} из ${total} вопросов диагностики «${title}». ` +
        `Она открыта до ${until}. Продолжить с того же места: /diagnostic`
    : `Напоминание: идёт диагностика «${title}», она открыта до ${until}. ` +
        `Это около 7 минут, ответы видите только вы. Начать: /diagnostic`;
};

/** «1 педагог», «2 педагога», «5 педагогов». */
export function pluralRu(n: number, one: string, few: string, many: string): string {
  const tens = n % 100;
  const units = n % 10;
  if (tens >= 11 && tens <= 14) return many;
  if (units === 1) return one;
  if (units >= 2 && units <= 4) return few;
  return many;
}

export const teachersWord = (n: number) => `${n} ${pluralRu(n, "педагог", "педагога", "педагогов")}`;

/** One line of figures, the same in the CLI, the demo printout and the bot. */
export const completionLine = (counts: { total: number; completed: number; unfinished: number; notJoined: number }) =>
  `завершили ${counts.completed} из ${counts.total}; подключились, не закончили — ${counts.unfinished}; ` +
  `не подключились — ${counts.notJoined}`;

// ---- the bot's /progress (core/journeys/progress.ts) ----

type Counts = { total: number; completed: number; unfinished: number; notJoined: number };

const schoolLine = (name: string, counts: Counts) =>
  counts.total > 0
    ? `• ${name}: ${counts.completed} из ${counts.total} (не подключились — ${counts.notJoined}, не закончили — ${counts.unfinished})`
    : `• ${name}: нет педагогов`;

export const progressText = {
  command: "Ход диагностики: сколько педагогов прошли, напоминание",
  help: "/progress — ход диагностики: сколько педагогов прошли (без имён), напомнить не закончившим",
  menu: "Ход диагностики",
  noCampaign: (place: string) => `${place}: диагностика ещё не открыта.`,
  heading: (place: string, title: string, until: string, closed: boolean) =>
    `<b>${place}</b>\n«${title}», ${closed ? "закрыта" : "открыта до"} ${until}.`,
  totals: (counts: Counts, once: boolean) =>
    `${completionLine(counts)}.` + (once ? "\nПедагог двух школ в итоге по району считается один раз." : ""),
  schools: (rows: Array<{ name: string } & Counts>) => rows.map((row) => schoolLine(row.name, row)).join("\n"),
  notJoined: (n: number) =>
    `Не подключились — ${teachersWord(n)}: бот не может им написать. Листы с их личными приглашениями для печати — в приложении: «Кампании, сотрудники, приглашения».`,
  remindButton: (n: number) => `Напомнить не закончившим (${n})`,
  remindAsk: (n: number) =>
    `Бот напишет в личные сообщения педагогам, которые подключились, но не завершили диагностику: ${n}. Отменить будет нельзя.`,
  remindYes: "Да, напомнить",
  remindNo: "Отмена",
  remindCancelled: "Напоминание не отправлено.",
  closed: "Диагностика закрыта — напоминания больше не отправляются.",
  nobodyToRemind: "Напоминать некому: все подключившиеся педагоги завершили диагностику.",
};

/** What a press of «Напомнить» did, in the server's own figures: never "already sent" unless it was. */
export function reminderReportText(report: { enqueued: number; notJoined: number; noConsent: number; unreachable: number; alreadyToday: number }) {
  const reasons = [
    report.notJoined ? `не подключились к боту — ${report.notJoined}` : "",
    report.noConsent ? `не дали согласие на обработку персональных данных — ${report.noConsent}` : "",
    report.unreachable ? `бот не может им написать (заблокировали бота или не открывали чат) — ${report.unreachable}` : "",
    report.alreadyToday ? `уже получили напоминание сегодня — ${report.alreadyToday}` : "",
  ].filter(Boolean);
  const head =
    report.enqueued > 0
      ? `Поставлено в очередь: ${report.enqueued} ${pluralRu(report.enqueued, "напоминание", "напоминания", "напоминаний")}.`
      : "Никому не написали.";
  return reasons.length ? `${head}\nКому не написали и почему:\n${reasons.map((line) => `• ${line}`).join("\n")}` : head;
}

// ---- the bot's /campaign (core/journeys/campaign.ts) ----

export const campaignText = {
  command: "Открыть или закрыть диагностику района",
  help: "/campaign — открыть или закрыть диагностику педагогов района",
  menu: "Открыть или закрыть диагностику",
  none: (district: string) => `<b>${district}</b>\nДиагностика сейчас не идёт.`,
  current: (district: string, title: string, status: "planned" | "open", from: string, until: string, done: number, total: number) =>
    `<b>${district}</b>\n«${title}» — ${status === "planned" ? `начнётся ${from}` : "идёт"}, до ${until}.\nЗавершили: ${done} из ${total}.`,
  openButton: (days: number) => `Открыть на ${days} дней`,
  openAsk: (days: number) =>
    `Открыть диагностику педагогов района на ${days} дней, с сегодняшнего дня? Бот будет напоминать не закончившим раз в день в 10 утра.`,
  openYes: "Да, открыть",
  opened: (title: string, until: string) => `Диагностика «${title}» открыта до ${until}.`,
  overlap: (titles: string) => `Внимание: в эти же даты идёт другая диагностика (${titles}).`,
  closeButton: (planned: boolean) => (planned ? "Отменить запланированную" : "Закрыть диагностику"),
  closeAsk: (title: string) => `Закрыть «${title}»? Ответы больше не принимаются, напоминания прекращаются. Итоги остаются.`,
  closeYes: "Да, закрыть",
  closed: (title: string, at: string) => `Диагностика «${title}» закрыта (${at}).`,
  alreadyClosed: (title: string) => `Диагностика «${title}» уже была закрыта.`,
  no: "Отмена",
  cancelled: "Ничего не изменено.",
  unavailable: "Сейчас это можно сделать только в приложении.",
};
