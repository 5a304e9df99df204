import { TEACHER_DIAGNOSTIC_KEY } from "../instruments/teacher-diagnostic.ts";
import { canManageDistrict } from "../access/permissions.ts";
import { DomainError } from "../errors.ts";
import type { Clock, PersonView, Repository } from "./ports.ts";

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
  options: { hour?: number; districtId?: string; keyPrefix?: string } = {},
): Promise<{ campaigns: number; enqueued: number }> {
  const now = deps.clock.now();
  const hour = options.hour ?? REMINDER_HOUR;
  const manual = options.districtId !== undefined;
  let campaigns = 0;
  let enqueued = 0;
  for (const campaign of await deps.repo.openCampaigns(TEACHER_DIAGNOSTIC_KEY, now)) {
    const local = localParts(now, campaign.timezone);
    if (manual ? campaign.districtId !== options.districtId : local.hour !== hour) continue;
    campaigns += 1;
    const total = campaign.instrument.questions.length;
    const teachers = await deps.repo.unfinishedTeachers(campaign.id);
    enqueued += await deps.repo.enqueue(
      teachers
        .filter((teacher) => teacher.account !== null)
        .map((teacher) => ({
          dedupeKey: `${options.keyPrefix ?? "diag-remind"}:${campaign.id}:${teacher.personId}:${local.date}`,
          personId: teacher.personId,
          channel: teacher.account!.channel,
          chatId: teacher.account!.chatId,
          text: reminderText(campaign.title, campaign.closesAt, campaign.timezone, teacher.answered, total),
        })),
    );
  }
  return { campaigns, enqueued };
}

/**
 * «Напомнить тем, кто не закончил» from the district page: at most once a day per person on top of
 * the daily reminder, for the district's open diagnostic.
 */
export async function remindUnfinished(
  deps: { repo: Repository; clock: Clock },
  viewer: PersonView,
  districtId: string,
): Promise<{ enqueued: number }> {
  if (!canManageDistrict(viewer.memberships, districtId)) {
    throw new DomainError("forbidden", { action: "remindUnfinished", personId: viewer.id, districtId });
  }
  const { enqueued } = await planDiagnosticReminders(deps, { districtId, keyPrefix: "diag-remind-manual" });
  return { enqueued };
}

export interface DistrictCompletion {
  campaign: { id: string; title: string; closesAt: Date } | null;
  schools: Array<{ schoolId: string; name: string; teachers: number; completed: number }>;
}

/** Every school's completion as "n из N", never with names (DOMAIN.md §11c). District staff only. */
export async function districtCompletion(
  deps: { repo: Repository; clock: Clock },
  viewer: PersonView,
  districtId: string,
): Promise<DistrictCompletion> {
  if (!canManageDistrict(viewer.memberships, districtId)) {
    throw new DomainError("forbidden", { action: "districtCompletion", personId: viewer.id, districtId });
  }
  const campaign = await deps.repo.findLatestCampaign(districtId, TEACHER_DIAGNOSTIC_KEY, deps.clock.now());
  if (!campaign) return { campaign: null, schools: [] };
  return {
    campaign: { id: campaign.id, title: campaign.title, closesAt: campaign.closesAt },
    schools: await deps.repo.schoolCompletion(campaign.id, districtId),
  };
}
