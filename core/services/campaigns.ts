// Campaigns of the teacher diagnostic: open, close, list with completion. Contract: the actor is
// the operator (null) or district staff of the district. Opening starts now or at midnight of
// `from` in the district's time zone and runs `days` days; an overlap with another teacher
// diagnostic is reported, not refused. Closing ends an open campaign now (a planned one is
// cancelled by closing it at its opening); a closed one is left as it is.
import type { Instrument } from "../instruments/schema.ts";
import { TEACHER_DIAGNOSTIC_KEY } from "../instruments/teacher-diagnostic.ts";
import { campaignsText, instrumentsText } from "../messages/admin.ts";
import { AdminError, assertManages, DAY_MS, findDistrict, formatLocal, zonedMidnight, type Actor, type AdminContext } from "./admin.ts";
import { campaignCompletion } from "./completion.ts";

export const DEFAULT_CAMPAIGN_TITLE = campaignsText.defaultTitle;

export type CampaignStatus = "planned" | "open" | "closed";

const statusAt = (campaign: { opensAt: Date; closesAt: Date }, now: Date): CampaignStatus =>
  campaign.opensAt > now ? "planned" : campaign.closesAt > now ? "open" : "closed";

/**
 * The teacher diagnostic version a district's campaign runs: the one asked for, or the default of
 * pickInstrument. Another district's versions are never found.
 */
async function campaignInstrument(ctx: AdminContext, districtId: string, version: number | undefined) {
  await ctx.admin.ensureInstrument();
  const row = await ctx.admin.pickInstrument(TEACHER_DIAGNOSTIC_KEY, districtId, version);
  if (row) return row;
  const stored = (await ctx.admin.listInstruments(TEACHER_DIAGNOSTIC_KEY, districtId)).map((instrument) => instrument.version).sort((a, b) => a - b);
  throw new AdminError("not_found", instrumentsText.versionMissing(version, stored), {
    field: "instrumentVersion",
    hint: campaignsText.versionHint,
  });
}

export async function openCampaign(
  ctx: AdminContext,
  actor: Actor,
  input: { district: string; title?: string; from?: string; days?: number; instrumentVersion?: number },
) {
  const district = await findDistrict(ctx, actor, input.district);
  const instrument = await campaignInstrument(ctx, district.id, input.instrumentVersion);
  const opensAt = input.from ? zonedMidnight(input.from, district.timezone) : ctx.clock.now();
  const closesAt = new Date(opensAt.getTime() + (input.days ?? 30) * DAY_MS);
  // Another teacher diagnostic over the same dates would split the answers between two campaigns.
  const overlapping = await ctx.admin.overlappingCampaigns(district.id, TEACHER_DIAGNOSTIC_KEY, opensAt, closesAt);
  const campaign = await ctx.admin.createCampaign({
    districtId: district.id,
    title: input.title ?? DEFAULT_CAMPAIGN_TITLE,
    opensAt,
    closesAt,
    instrumentId: instrument.id,
  });
  return {
    id: campaign.id,
    title: campaign.title,
    district,
    instrument: {
      version: instrument.version,
      status: instrument.status as Instrument["status"],
      title: instrument.title,
      builtIn: instrument.builtIn,
    },
    opensAt,
    closesAt,
    opensLocal: formatLocal(opensAt, district.timezone),
    closesLocal: formatLocal(closesAt, district.timezone),
    overlapping,
  };
}

/** Ends a campaign now: no answers are taken after this; figures are final (release rules). */
export async function closeCampaign(ctx: AdminContext, actor: Actor, input: { campaign: string }) {
  const campaign = await ctx.admin.getCampaign(input.campaign);
  if (!campaign) throw new AdminError("not_found", campaignsText.notFound(input.campaign), { hint: campaignsText.idHint });
  assertManages(actor, campaign.districtId);
  const [district] = await ctx.admin.findDistricts(campaign.districtId);
  const now = ctx.clock.now();
  const before = statusAt(campaign, now);
  let closesAt = campaign.closesAt;
  if (before !== "closed") {
    closesAt = before === "planned" ? campaign.opensAt : now;
    await ctx.admin.setCampaignCloses(campaign.id, closesAt);
  }
  return {
    id: campaign.id,
    title: campaign.title,
    district: district!,
    /** What it was before: "closed" means nothing changed. */
    was: before,
    closesAt,
    closesLocal: formatLocal(closesAt, district!.timezone),
  };
}

/** The district's campaigns, newest first, each with the completion figures (each person once). */
export async function listCampaigns(ctx: AdminContext, actor: Actor, input: { district: string }) {
  const district = await findDistrict(ctx, actor, input.district);
  const teachers = await ctx.admin.countActiveTeachers(district.id);
  const now = ctx.clock.now();
  const rows = [];
  for (const { districtId: _districtId, ...campaign } of await ctx.admin.listCampaigns(district.id)) {
    // The same figures as the Mini App and the demo (core/services/completion.ts).
    const { total } = await campaignCompletion(ctx, campaign, district.id);
    rows.push({
      ...campaign,
      opensLocal: formatLocal(campaign.opensAt, district.timezone),
      closesLocal: formatLocal(campaign.closesAt, district.timezone),
      status: statusAt(campaign, now),
      completed: total.completed,
      teachers: total.total,
      unfinished: total.unfinished,
      notJoined: total.notJoined,
    });
  }
  return { district, activeTeachers: teachers, campaigns: rows };
}
