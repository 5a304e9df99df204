import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import { TEACHER_DIAGNOSTIC_KEY } from "../instruments/teacher-diagnostic.ts";
import { canManageDistrict } from "../access/permissions.ts";
import { reminderText } from "../messages/reminders.ts";
import { DomainError } from "../errors.ts";
import { canFollowSchool } from "./completion.ts";
import type { CampaignRecord, Clock, PersonView, Repository } from "./ports.ts";

/**
 * Reminders to teachers who have not finished an open diagnostic (DOMAIN.md §9: "the bot reminds the
 * people responsible before and at the deadline"). Run hourly; a district is reminded at its local
 * `hour`, once a day per person (the dedupe key holds the local date).
 */
export const REMINDER_HOUR = 10;

/** The district's wall clock: the local date goes into the dedupe key, the hour picks the run. */
const localTime = (at: Date, timezone: string) => {
  const local = new TZDate(at, timezone);
  return { date: format(local, "yyyy-MM-dd"), hour: local.getHours() };
};

/**
 * What a reminder run did with everyone who has not finished, each person once. Only `enqueued`
 * people get a message; the rest say why not, so the page never claims more than happened.
 */
export interface ReminderReport {
  enqueued: number;
  /** Registered in advance, never used their invite: the bot has nobody to write to. Hand them their invite card. */
  notJoined: number;
  /** Joined but did not give consent to the processing of personal data: the bot does not write. */
  noConsent: number;
  /** Joined and consented, but no chat to write to (they blocked the bot, or never opened a chat). */
  unreachable: number;
  /** Already reminded today (the daily reminder or an earlier press). */
  alreadyToday: number;
}

const emptyReport = (): ReminderReport => ({ enqueued: 0, notJoined: 0, noConsent: 0, unreachable: 0, alreadyToday: 0 });

async function remindCampaign(
  repo: Repository,
  campaign: CampaignRecord & { timezone: string },
  localDate: string,
  keyPrefix: string,
  schoolId?: string,
): Promise<ReminderReport> {
  const report = emptyReport();
  const total = campaign.instrument.questions.length;
  const messages = [];
  for (const teacher of await repo.unfinishedTeachers(campaign.id, schoolId)) {
    if (!teacher.joined) report.notJoined += 1;
    else if (!teacher.consented) report.noConsent += 1;
    else if (!teacher.account) report.unreachable += 1;
    else {
      messages.push({
        dedupeKey: `${keyPrefix}:${campaign.id}:${teacher.personId}:${localDate}`,
        personId: teacher.personId,
        channel: teacher.account.channel,
        chatId: teacher.account.chatId,
        text: reminderText(campaign.title, campaign.closesAt, campaign.timezone, teacher.answered, total),
      });
    }
  }
  report.enqueued = await repo.enqueue(messages);
  report.alreadyToday = messages.length - report.enqueued;
  return report;
}

/** The hourly run: every open teacher diagnostic whose district has reached its local reminder hour. */
export async function planDiagnosticReminders(
  deps: { repo: Repository; clock: Clock },
  options: { hour?: number } = {},
): Promise<{ campaigns: number; enqueued: number }> {
  const now = deps.clock.now();
  const hour = options.hour ?? REMINDER_HOUR;
  let campaigns = 0;
  let enqueued = 0;
  for (const campaign of await deps.repo.openCampaigns(TEACHER_DIAGNOSTIC_KEY, now)) {
    const local = localTime(now, campaign.timezone);
    if (local.hour !== hour) continue;
    campaigns += 1;
    enqueued += (await remindCampaign(deps.repo, campaign, local.date, "diag-remind")).enqueued;
  }
  return { campaigns, enqueued };
}

/**
 * «Напомнить тем, кто не закончил» from the district page (the whole district) or a head's page (one
 * school): at most once a day per person on top of the daily reminder. The district staff and the
 * school's head share one key, so pressing both still reminds a teacher once.
 */
export async function remindUnfinished(
  deps: { repo: Repository; clock: Clock },
  viewer: PersonView,
  scope: { districtId: string } | { schoolId: string },
): Promise<ReminderReport> {
  let districtId: string;
  let schoolId: string | undefined;
  if ("schoolId" in scope) {
    const school = await deps.repo.getSchool(scope.schoolId);
    if (!school) throw new DomainError("not_found", { action: "remindUnfinished", schoolId: scope.schoolId });
    if (!canFollowSchool(viewer.memberships, school)) {
      throw new DomainError("forbidden", { action: "remindUnfinished", personId: viewer.id, schoolId: school.id });
    }
    districtId = school.districtId;
    schoolId = school.id;
  } else {
    districtId = scope.districtId;
    if (!canManageDistrict(viewer.memberships, districtId)) {
      throw new DomainError("forbidden", { action: "remindUnfinished", personId: viewer.id, districtId });
    }
  }
  const now = deps.clock.now();
  const campaign = (await deps.repo.openCampaigns(TEACHER_DIAGNOSTIC_KEY, now)).find((row) => row.districtId === districtId);
  if (!campaign) throw new DomainError("no_open_campaign", { action: "remindUnfinished", districtId });
  return remindCampaign(deps.repo, campaign, localTime(now, campaign.timezone).date, "diag-remind-manual", schoolId);
}
