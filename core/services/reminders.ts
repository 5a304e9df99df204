import { TEACHER_DIAGNOSTIC_KEY } from "../instruments/teacher-diagnostic.ts";
import type { Clock, Repository } from "./ports.ts";

/**
 * Reminders to teachers who have not finished an open diagnostic (DOMAIN.md §9: "the bot reminds the
 * people responsible before and at the deadline"). Run hourly; a district is reminded at its local
 * `hour`, once a day per person (the dedupe key holds the local date).
 */
export const REMINDER_HOUR = 10;

const localParts = (at: Date, timezone: string) => {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: timezone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    hourCycle: "h23",
  }).formatToParts(at);
  const get = (type: string) => parts.find((part) => part.type === type)!.value;
  return { date: `${get("year")}-${get("month")}-${get("day")}`, hour: Number(get("hour")) };
};

export const reminderText = (title: string, closesAt: Date, timezone: string, answered: number, total: number) => {
  const until = new Intl.DateTimeFormat("ru-RU", { timeZone: timezone, day: "numeric", month: "long" }).format(closesAt);
  return answered > 0
    ? `Напоминание: вы ответили на ${answered} из ${total} вопросов диагностики «${title}». ` +
        `Она открыта до ${until}. Продолжить с того же места: /diagnostic`
    : `Напоминание: идёт диагностика «${title}», она открыта до ${until}. ` +
        `Это около 7 минут, ответы видите только вы. Начать: /diagnostic`;
};

export async function planDiagnosticReminders(
  deps: { repo: Repository; clock: Clock },
  options: { hour?: number; force?: boolean } = {},
): Promise<{ campaigns: number; enqueued: number }> {
  const now = deps.clock.now();
  const hour = options.hour ?? REMINDER_HOUR;
  let campaigns = 0;
  let enqueued = 0;
  for (const campaign of await deps.repo.openCampaigns(TEACHER_DIAGNOSTIC_KEY, now)) {
    const local = localParts(now, campaign.timezone);
    if (!options.force && local.hour !== hour) continue;
    campaigns += 1;
    const total = campaign.instrument.questions.length;
    const teachers = await deps.repo.unfinishedTeachers(campaign.id);
    enqueued += await deps.repo.enqueue(
      teachers
        .filter((teacher) => teacher.account !== null)
        .map((teacher) => ({
          dedupeKey: `diag-remind:${campaign.id}:${teacher.personId}:${local.date}`,
          personId: teacher.personId,
          channel: teacher.account!.channel,
          chatId: teacher.account!.chatId,
          text: reminderText(campaign.title, campaign.closesAt, campaign.timezone, teacher.answered, total),
        })),
    );
  }
  return { campaigns, enqueued };
}
