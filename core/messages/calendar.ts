/** Russian texts of the monitoring calendar (DOMAIN.md §9): the bot's /calendar, reminders, escalation. */
import type { ResponsibleRole } from "../management/calendar-defaults.ts";

export const MONTHS_GENITIVE = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря"];
export const MONTHS_NOMINATIVE = ["январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь"];

/** "27 апреля 2027" for a calendar date kept as UTC midnight. */
export function calendarDateText(date: Date, withYear = true): string {
  return `${date.getUTCDate()} ${MONTHS_GENITIVE[date.getUTCMonth()]}${withYear ? ` ${date.getUTCFullYear()}` : ""}`;
}

export const RESPONSIBLE_ROLE_NAMES: Record<ResponsibleRole, string> = {
  district: "РУО",
  head: "руководители школ",
  methodologist: "институт (ИРО/ЦНППМ)",
  assessment: "центр оценки качества (ЦОКО)",
  mentor: "кураторы и наставники",
};

const days = (n: number) => {
  const mod10 = n % 10;
  const mod100 = n % 100;
  if (mod10 === 1 && mod100 !== 11) return `${n} день`;
  if (mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14)) return `${n} дня`;
  return `${n} дней`;
};

export const calendarText = {
  command: "Календарь мониторингов: ближайшие сроки",
  menu: "📅 Календарь мониторингов",
  help: "/calendar — календарь мониторингов: ближайшие сроки, за которые вы отвечаете, и отметка «Выполнено»",
  helpDistrict: "/calendar — календарь мониторингов района: ближайшие сроки и отметка «Выполнено»; сроки, ответственные и напоминания меняются в приложении",
  refusal: "Календарь мониторингов ведут сотрудники РУО; сроки видят ответственные: руководители школ, институт, центр оценки качества, кураторы.",
  unavailable: "Календарь мониторингов сейчас недоступен.",
  heading: (district: string, year: string) => `📅 Календарь мониторингов: ${district}, ${year} учебный год`,
  none: "Ближайших сроков, за которые вы отвечаете, нет.",
  line: (n: number, title: string, due: string, overdue: boolean) => `${n}. ${overdue ? "❗️ просрочено, срок был " : "до "}${due} — ${title}`,
  more: (n: number) => `…и ещё ${n}: весь календарь в приложении.`,
  footerDistrict: "Сроки, ответственных и напоминания меняет РУО в приложении («Календарь мониторингов»).",
  doneButton: "✅ Выполнено",
  doneNumbered: (n: number) => `✅ ${n}`,
  done: (title: string) => `Отмечено выполненным: «${title}».`,
  alreadyDone: (title: string, at: string) => `«${title}» уже отмечено выполненным (${at}).`,
  notAllowed: "Отметить выполнение могут сотрудники РУО и ответственные за этот срок.",
  gone: "Этой записи календаря больше нет.",
  // ---- reminders and escalation (server/calendar-jobs.ts) ----
  remindBefore: (title: string, due: string, daysLeft: number) =>
    `⏰ Календарь мониторингов: через ${days(daysLeft)}, ${due}, срок — «${title}».\nКогда сделаете, нажмите «✅ Выполнено».`,
  remindDay: (title: string, due: string) => `⏰ Календарь мониторингов: сегодня, ${due}, срок — «${title}».\nКогда сделаете, нажмите «✅ Выполнено».`,
  escalation: (title: string, due: string, responsible: string) =>
    `❗️ Календарь мониторингов: просрочено «${title}» (срок был ${due}), выполнение не отмечено.\nОтветственные: ${responsible}.`,
  nobody: "не назначены",
} as const;
