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
