import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import { TEACHER_DIAGNOSTIC_KEY } from "../instruments/teacher-diagnostic.ts";
import { canManageDistrict } from "../access/permissions.ts";
import { reminderText } from "../messages/reminders.ts";
import { DomainError } from "../errors.ts";
import { campaignNoticeText, untilDate } from "../messages/campaigns.ts";
import type { AdminRepository, AudienceMember, CampaignToNotify } from "./admin-ports.ts";
import { asksAnonymous, CampaignAudienceSchema, TEACHERS_AUDIENCE, type CampaignAudience } from "./campaign-audience.ts";
import { canFollowSchool } from "./completion.ts";
import type { CampaignRecord, Clock, OutboxMessage, PersonView, Repository } from "./ports.ts";

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

/**
 * The daily reminder of the teacher diagnostic over the foundation's Repository (before #13). The
 * server now runs planCampaignNotices, which covers these campaigns too with the same keys and texts.
 */
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

// ---------- every campaign (#13): invitations when it opens, reminders on its cadence ----------

/** Invitations go out in the district's daytime only: a campaign opened at night invites at 9:00. */
export const INVITE_HOURS = { from: 9, until: 21 } as const;

/** Whole days between two local calendar dates ("yyyy-MM-dd"). */
const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

export interface NoticePlan {
  /** Campaigns looked at in this run (open, asking members, in a slot of invitations or reminders). */
  campaigns: number;
  invited: number;
  reminded: number;
}

/**
 * What one campaign gets at `now`. A campaign opened before #13 has no stored audience: the district's
 * teachers, reminded daily at 10:00 as before, not invited. Any other: members are invited once
 * (9:00–21:00 local, on the first run after it opens, or after they join) and reminded every
 * `remindEveryDays` days after the opening day at 10:00 local; 0 never. Parents and students have no
 * accounts: their campaigns get neither.
 */
export function noticeSlots(campaign: Pick<CampaignToNotify, "opensAt" | "timezone" | "audience" | "remindEveryDays">, now: Date, hour = REMINDER_HOUR) {
  const legacy = campaign.audience === null || campaign.audience === undefined;
  const local = localTime(now, campaign.timezone);
  const sinceOpening = daysBetween(localTime(campaign.opensAt, campaign.timezone).date, local.date);
  const every = legacy ? 1 : campaign.remindEveryDays;
  return {
    legacy,
    localDate: local.date,
    invite: !legacy && local.hour >= INVITE_HOURS.from && local.hour < INVITE_HOURS.until,
    remind: local.hour === hour && every > 0 && (legacy ? sinceOpening >= 0 : sinceOpening >= 1 && sinceOpening % every === 0),
  };
}

const reachable = (member: AudienceMember): member is AudienceMember & { account: NonNullable<AudienceMember["account"]> } =>
  !member.completed && member.joined && member.consented && member.account !== null;

/**
 * The hourly job: invitations and reminders of every open campaign, through the outbox. Each message
 * has a dedupe key (invitation: person and campaign; reminder: person, campaign and local date), so a
 * run repeated in the same slot, or after a restart, queues nothing twice. Never to those who completed.
 */
export async function planCampaignNotices(
  deps: { admin: Pick<AdminRepository, "campaignsToNotify" | "audienceMembers">; repo: Pick<Repository, "enqueue">; clock: Clock },
  options: { hour?: number } = {},
): Promise<NoticePlan> {
  const now = deps.clock.now();
  const plan: NoticePlan = { campaigns: 0, invited: 0, reminded: 0 };
  for (const campaign of await deps.admin.campaignsToNotify(now)) {
    const slots = noticeSlots(campaign, now, options.hour);
    if (!slots.invite && !slots.remind) continue;
    let audience: CampaignAudience;
    if (slots.legacy) audience = TEACHERS_AUDIENCE;
    else {
      const parsed = CampaignAudienceSchema.safeParse(campaign.audience);
      // A malformed audience asks nobody (never "everyone").
      if (!parsed.success) continue;
      audience = parsed.data;
    }
    if (asksAnonymous(audience)) continue;
    plan.campaigns += 1;
    const members = (await deps.admin.audienceMembers(campaign.id, campaign.districtId, audience.roles, audience.schoolIds)).filter(reachable);
    const diagnostic = campaign.instrumentKey === TEACHER_DIAGNOSTIC_KEY;
    const until = untilDate(campaign.closesAt, campaign.timezone);
    const address = (member: (typeof members)[number]) => ({
      personId: member.personId,
      channel: member.account.channel,
      chatId: member.account.chatId,
      // The Mini App form of the survey (the diagnostic is answered in chat).
      appStart: diagnostic ? null : `survey-${campaign.id}`,
    });
    if (slots.invite) {
      const invitations: OutboxMessage[] = members.map((member) => ({
        ...address(member),
        dedupeKey: `cmp-invite:${campaign.id}:${member.personId}`,
        text: diagnostic
          ? campaignNoticeText.diagnosticInvitation(campaign.title, until)
          : campaignNoticeText.invitation(campaign.title, until),
      }));
      plan.invited += await deps.repo.enqueue(invitations);
    }
    if (slots.remind) {
      const reminders: OutboxMessage[] = members.map((member) => ({
        ...address(member),
        // The diagnostic keeps its daily key: a person is reminded of it once a day, whichever planner ran.
        dedupeKey: `${diagnostic ? "diag-remind" : "cmp-remind"}:${campaign.id}:${member.personId}:${slots.localDate}`,
        text: diagnostic
          ? reminderText(campaign.title, campaign.closesAt, campaign.timezone, member.answered, campaign.questions)
          : campaignNoticeText.reminder(campaign.title, until, member.answered > 0),
      }));
      plan.reminded += await deps.repo.enqueue(reminders);
    }
  }
  return plan;
}
