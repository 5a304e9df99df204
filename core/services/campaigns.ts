// Campaigns of every instrument (#13): open, close, list, response rates. Contract: the actor is
// the operator (null) or district staff of the district. Opening starts now or at midnight of
// `from` in the district's time zone and runs `days` days; an overlap with another campaign of the
// same instrument is reported, not refused. The audience is the instrument's respondents (or the
// roles asked) in every school, chosen schools, a cluster or a list of the identification (resolved
// to school ids when it opens; `audience.from` keeps what it was resolved from). Closing ends an
// open campaign now and sets `closedAt` (a planned one is cancelled by closing it at its opening);
// after it no answer is accepted (campaignOpenAt) and its figures stay as they were.
import { z } from "zod";
import { BUILT_IN_INSTRUMENTS, BUILT_IN_KEYS, builtInInstrument } from "../instruments/catalog.ts";
import { ANONYMOUS_RESPONDENTS, InstrumentSchema, respondentOf, RESPONDENTS, type Instrument, type Respondent } from "../instruments/schema.ts";
import { TEACHER_DIAGNOSTIC_KEY } from "../instruments/teacher-diagnostic.ts";
import { CLUSTERS } from "../identification/types.ts";
import { campaignsText, instrumentsText } from "../messages/admin.ts";
import { campaignServiceText as text, CLUSTER_NAMES, LIST_KIND_NAMES, LIST_NAMES, ROLE_NAMES } from "../messages/campaigns.ts";
import { AdminError, assertManages, DAY_MS, findDistrict, formatLocal, zonedMidnight, type Actor, type AdminContext } from "./admin.ts";
import type { AudienceMember, CampaignRow, ClassCodeCount, DistrictRef } from "./admin-ports.ts";
import { parseAudience, type CampaignAudience } from "./campaign-audience.ts";
import type { IdentificationRepository } from "./identification-ports.ts";

export const DEFAULT_CAMPAIGN_TITLE = campaignsText.defaultTitle;

export type CampaignStatus = "planned" | "open" | "closed";

/** What the campaign use cases need: the admin context, and the identification store for a cluster or a list. */
export interface CampaignContext extends AdminContext {
  ident?: IdentificationRepository;
}

/** The built-in instrument keys a campaign can run, in the catalog's order. */
export const CAMPAIGN_INSTRUMENT_KEYS: readonly string[] = BUILT_IN_KEYS;

/** The teacher diagnostic reminded daily before #13; every other instrument every 3 days unless asked. */
export const defaultRemindEveryDays = (instrumentKey: string) => (instrumentKey === TEACHER_DIAGNOSTIC_KEY ? 1 : 3);

export const REMIND_EVERY_MAX = 30;

export const statusAt = (campaign: { opensAt: Date; closesAt: Date; closedAt?: Date | null; baseline?: boolean }, now: Date): CampaignStatus =>
  campaign.baseline || (campaign.closedAt && campaign.closedAt <= now)
    ? "closed"
    : campaign.opensAt > now
      ? "planned"
      : campaign.closesAt > now
        ? "open"
        : "closed";

/** Which schools a campaign asks, as chosen on a surface (before it is resolved to ids). */
export const SchoolChoiceSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("all") }),
  /** School ids or codes of the district. */
  z.object({ kind: z.literal("chosen"), schools: z.array(z.string().trim().min(1).max(60)).min(1).max(2000) }),
  /** A cluster of the identification run of `year` (the newest run when absent). */
  z.object({ kind: z.literal("cluster"), cluster: z.enum(CLUSTERS), year: z.number().int().min(2000).max(2100).optional() }),
  /** The computed ШНОР/ШНСУ of a run, or the official list the district imported. */
  z.object({
    kind: z.literal("list"),
    list: z.enum(["shnor", "shnsu", "official-shnor", "official-shnsu"]),
    year: z.number().int().min(2000).max(2100).optional(),
  }),
]);
export type SchoolChoice = z.infer<typeof SchoolChoiceSchema>;

export interface OpenCampaignInput {
  district: string;
  title?: string;
  from?: string;
  days?: number;
  instrumentVersion?: number;
  /** A built-in instrument key (or a district's own); the teacher diagnostic when absent. */
  instrumentKey?: string;
  /** Who answers; the instrument's respondent when absent. */
  roles?: Respondent[];
  schools?: SchoolChoice;
  /** Remind those who have not completed every N days at 10:00 local; 0: never. */
  remindEveryDays?: number;
}

/** Stores the key's built-in default version (once; versions are immutable) so that it can be picked. */
async function ensureDefault(ctx: AdminContext, key: string) {
  const builtIn = builtInInstrument(key);
  if (builtIn) await ctx.admin.ensureInstrument(builtIn, "");
}

/**
 * The instrument version a district's campaign runs: the one asked for, or the default of
 * pickInstrument. Another district's versions are never found.
 */
async function campaignInstrument(ctx: AdminContext, districtId: string, key: string, version: number | undefined) {
  await ensureDefault(ctx, key);
  const row = await ctx.admin.pickInstrument(key, districtId, version);
  if (row) return row;
  const stored = (await ctx.admin.listInstruments(key, districtId)).map((instrument) => instrument.version).sort((a, b) => a - b);
  if (!stored.length) {
    throw new AdminError("not_found", text.unknownInstrument(key, CAMPAIGN_INSTRUMENT_KEYS), { field: "instrument", hint: text.instrumentHint });
  }
  throw new AdminError("not_found", instrumentsText.versionMissing(version, stored), {
    field: "instrumentVersion",
    hint: campaignsText.versionHint,
  });
}

/** The roles asked: the instrument's respondent by default; members and anonymous respondents never mixed. */
function audienceRoles(instrument: Instrument, roles: readonly Respondent[] | undefined): Respondent[] {
  const respondent = respondentOf(instrument);
  const chosen = roles?.length ? [...new Set(roles)] : [respondent];
  const anonymous = chosen.filter((role) => ANONYMOUS_RESPONDENTS.includes(role));
  if (anonymous.length && anonymous.length < chosen.length) throw new AdminError("invalid", text.mixedRoles, { field: "roles" });
  // An anonymous instrument (parents, students) cannot go to members, nor a member's instrument to codes.
  if (ANONYMOUS_RESPONDENTS.includes(respondent) !== (anonymous.length > 0)) {
    throw new AdminError("invalid", text.rolesNotForInstrument(instrument.title, ROLE_NAMES[respondent]), { field: "roles" });
  }
  return chosen;
}

/** The schools chosen, resolved to ids of the district, with what they were resolved from. */
export async function resolveSchools(
  ctx: CampaignContext,
  district: DistrictRef,
  choice: SchoolChoice,
): Promise<Pick<CampaignAudience, "schoolIds" | "from">> {
  if (choice.kind === "all") return { schoolIds: null };
  if (choice.kind === "chosen") {
    const ids: string[] = [];
    for (const ref of choice.schools) {
      const school = await ctx.admin.findSchool(district.id, ref);
      if (!school) throw new AdminError("invalid", text.unknownSchool(ref), { field: "schoolCodes" });
      if (!ids.includes(school.id)) ids.push(school.id);
    }
    if (!ids.length) throw new AdminError("invalid", text.noSchoolsChosen, { field: "schoolCodes" });
    return { schoolIds: ids };
  }
  // The option that chose them: --cluster or --list.
  const field = choice.kind;
  if (!ctx.ident) throw new AdminError("invalid", text.identificationUnavailable, { field });
  if (choice.kind === "list" && choice.list.startsWith("official-")) {
    const kind = choice.list === "official-shnor" ? "shnor" : "shnsu";
    const lists = (await ctx.ident.officialLists(district.id, { kind, ...(choice.year ? { year: choice.year } : {}) })).sort(
      (a, b) => b.year - a.year || b.importedAt.getTime() - a.importedAt.getTime(),
    );
    const list = lists[0];
    if (!list) throw new AdminError("invalid", text.noOfficialList(LIST_KIND_NAMES[kind], choice.year), { field });
    const ids = [...new Set(list.schools.map((school) => school.schoolId))];
    if (!ids.length) throw new AdminError("invalid", text.emptySelection(LIST_NAMES[choice.list]!), { field });
    return { schoolIds: ids, from: { list: choice.list, year: list.year } };
  }
  const run = await ctx.ident.latestRun(district.id, choice.year);
  if (!run) throw new AdminError("invalid", text.noRun(choice.year), { field });
  const schools = run.output.schools.filter((school) =>
    choice.kind === "cluster" ? school.cluster === choice.cluster : choice.list === "shnor" ? school.shnor : school.shnsu,
  );
  const ids = [...new Set(schools.map((school) => school.schoolId))];
  const what = choice.kind === "cluster" ? CLUSTER_NAMES[choice.cluster]! : LIST_NAMES[choice.list]!;
  if (!ids.length) throw new AdminError("invalid", text.emptySelection(what), { field });
  return {
    schoolIds: ids,
    from: { ...(choice.kind === "cluster" ? { cluster: choice.cluster } : { list: choice.list }), runId: run.id, year: run.year },
  };
}

export async function openCampaign(ctx: CampaignContext, actor: Actor, input: OpenCampaignInput) {
  const district = await findDistrict(ctx, actor, input.district);
  const key = input.instrumentKey ?? TEACHER_DIAGNOSTIC_KEY;
  const instrumentRow = await campaignInstrument(ctx, district.id, key, input.instrumentVersion);
  const instrument = InstrumentSchema.parse(instrumentRow.definition);
  const remindEveryDays = input.remindEveryDays ?? defaultRemindEveryDays(key);
  if (!Number.isInteger(remindEveryDays) || remindEveryDays < 0 || remindEveryDays > REMIND_EVERY_MAX) {
    throw new AdminError("invalid", text.remindRange, { field: "remindEvery" });
  }
  const roles = audienceRoles(instrument, input.roles);
  const audience: CampaignAudience = { roles, ...(await resolveSchools(ctx, district, input.schools ?? { kind: "all" })) };
  const opensAt = input.from ? zonedMidnight(input.from, district.timezone) : ctx.clock.now();
  const closesAt = new Date(opensAt.getTime() + (input.days ?? 30) * DAY_MS);
  // Another campaign of the instrument over the same dates would split the answers between two.
  const overlapping = await ctx.admin.overlappingCampaigns(district.id, key, opensAt, closesAt);
  const campaign = await ctx.admin.createCampaign({
    districtId: district.id,
    title: input.title ?? (key === TEACHER_DIAGNOSTIC_KEY ? DEFAULT_CAMPAIGN_TITLE : instrumentRow.title),
    opensAt,
    closesAt,
    instrumentId: instrumentRow.id,
    audience,
    remindEveryDays,
  });
  return {
    id: campaign.id,
    title: campaign.title,
    district,
    instrument: {
      key,
      version: instrumentRow.version,
      status: instrumentRow.status as Instrument["status"],
      title: instrumentRow.title,
      builtIn: instrumentRow.builtIn,
    },
    audience,
    /** Parents and students: no accounts, so neither invitations nor reminders (class codes instead). */
    anonymous: roles.some((role) => ANONYMOUS_RESPONDENTS.includes(role)),
    remindEveryDays,
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
    await ctx.admin.setCampaignCloses(campaign.id, closesAt, now);
  }
  return {
    id: campaign.id,
    title: campaign.title,
    instrumentKey: campaign.instrumentKey,
    district: district!,
    /** What it was before: "closed" means nothing changed. */
    was: before,
    closesAt,
    closesLocal: formatLocal(closesAt, district!.timezone),
  };
}

// ---------- response rates: counts only, never who ----------

export interface MemberCounts {
  /** In the audience (each person once in a total, in each of their schools per school). */
  total: number;
  completed: number;
  /** Joined (have an account), not completed: the bot reminds them. */
  unfinished: number;
  /** Registered in advance, never joined: the bot cannot write to them. */
  notJoined: number;
}

export interface CodeCounts {
  issued: number;
  used: number;
}

export interface SchoolRate {
  schoolId: string;
  name: string;
  members: MemberCounts | null;
  codes: CodeCounts | null;
}

export interface CampaignRates {
  total: { members: MemberCounts | null; codes: CodeCounts | null };
  schools: SchoolRate[];
}

const zeroMembers = (): MemberCounts => ({ total: 0, completed: 0, unfinished: 0, notJoined: 0 });
const addMember = (counts: MemberCounts, member: AudienceMember) => {
  counts.total += 1;
  if (member.completed) counts.completed += 1;
  else if (member.joined) counts.unfinished += 1;
  else counts.notJoined += 1;
};

/** Pure: per-school and total figures from the audience's members and the class codes. */
export function countRates(
  audience: CampaignAudience,
  schools: ReadonlyArray<{ id: string; name: string }>,
  members: readonly AudienceMember[] | null,
  codes: readonly ClassCodeCount[] | null,
): CampaignRates {
  const asked = schools
    .filter((school) => audience.schoolIds === null || audience.schoolIds.includes(school.id))
    .sort((a, b) => a.name.localeCompare(b.name, "ru", { numeric: true }));
  const rows = new Map<string, SchoolRate>(
    asked.map((school) => [
      school.id,
      { schoolId: school.id, name: school.name, members: members ? zeroMembers() : null, codes: codes ? { issued: 0, used: 0 } : null },
    ]),
  );
  const total = { members: members ? zeroMembers() : null, codes: codes ? { issued: 0, used: 0 } : null };
  for (const member of members ?? []) {
    addMember(total.members!, member);
    for (const schoolId of member.schoolIds) {
      const row = rows.get(schoolId);
      if (row?.members) addMember(row.members, member);
    }
  }
  for (const code of codes ?? []) {
    const row = rows.get(code.schoolId);
    if (!row?.codes) continue;
    row.codes.issued += code.issued;
    row.codes.used += code.used;
    total.codes!.issued += code.issued;
    total.codes!.used += code.used;
  }
  return { total, schools: [...rows.values()] };
}

/** A stored campaign's audience; a malformed one is reported as the teachers' (never "everyone"). */
export const campaignAudience = (campaign: Pick<CampaignRow, "audience">): CampaignAudience => parseAudience(campaign.audience);

const isAnonymous = (audience: CampaignAudience) => audience.roles.some((role) => ANONYMOUS_RESPONDENTS.includes(role));

/** The figures of one campaign, for trusted callers (the list, the bot); the API goes through campaignRates. */
export async function ratesOf(ctx: AdminContext, campaign: CampaignRow): Promise<CampaignRates> {
  const audience = campaignAudience(campaign);
  const anonymous = isAnonymous(audience);
  const [schools, members, codes] = await Promise.all([
    ctx.repo.listSchools([campaign.districtId]),
    anonymous ? Promise.resolve(null) : ctx.admin.audienceMembers(campaign.id, campaign.districtId, audience.roles, audience.schoolIds),
    anonymous ? ctx.admin.classCodeCounts(campaign.id) : Promise.resolve(null),
  ]);
  return countRates(audience, schools, members, codes);
}

const describeCampaign = (campaign: CampaignRow, district: DistrictRef, now: Date) => {
  const audience = campaignAudience(campaign);
  return {
    id: campaign.id,
    title: campaign.title,
    instrumentKey: campaign.instrumentKey,
    instrumentTitle: campaign.instrumentTitle,
    instrumentVersion: campaign.instrumentVersion,
    opensAt: campaign.opensAt,
    closesAt: campaign.closesAt,
    closedAt: campaign.closedAt,
    baseline: campaign.baseline,
    opensLocal: formatLocal(campaign.opensAt, district.timezone),
    closesLocal: formatLocal(campaign.closedAt && campaign.closedAt < campaign.closesAt ? campaign.closedAt : campaign.closesAt, district.timezone),
    status: statusAt(campaign, now),
    audience,
    anonymous: isAnonymous(audience),
    remindEveryDays: campaign.remindEveryDays,
  };
};

/** One campaign's response rates per school, live: district staff of its district only. */
export async function campaignRates(ctx: AdminContext, actor: Actor, input: { campaign: string }) {
  const campaign = await ctx.admin.getCampaign(input.campaign);
  if (!campaign) throw new AdminError("not_found", campaignsText.notFound(input.campaign), { hint: campaignsText.idHint });
  assertManages(actor, campaign.districtId);
  const [district] = await ctx.admin.findDistricts(campaign.districtId);
  return { campaign: describeCampaign(campaign, district!, ctx.clock.now()), ...(await ratesOf(ctx, campaign)) };
}

/** The district's campaigns, newest first, each with the completion figures (each person once). */
export async function listCampaigns(ctx: AdminContext, actor: Actor, input: { district: string }) {
  const district = await findDistrict(ctx, actor, input.district);
  const teachers = await ctx.admin.countActiveTeachers(district.id);
  const now = ctx.clock.now();
  const rows = [];
  for (const campaign of await ctx.admin.listCampaigns(district.id)) {
    const { total } = await ratesOf(ctx, campaign);
    const members = total.members ?? zeroMembers();
    rows.push({
      ...describeCampaign(campaign, district, now),
      completed: members.completed,
      /** Members in the audience (the name is from when every campaign asked teachers). */
      teachers: members.total,
      unfinished: members.unfinished,
      notJoined: members.notJoined,
      codes: total.codes,
    });
  }
  return { district, activeTeachers: teachers, campaigns: rows };
}

/** What a surface offers when opening: the instruments (built-in and the district's own keys) and their respondents. */
export async function campaignOptions(ctx: CampaignContext, actor: Actor, input: { district: string }) {
  const district = await findDistrict(ctx, actor, input.district);
  const instruments = [];
  for (const key of CAMPAIGN_INSTRUMENT_KEYS) {
    await ensureDefault(ctx, key);
    const row = await ctx.admin.pickInstrument(key, district.id);
    if (!row) continue;
    const instrument = InstrumentSchema.parse(row.definition);
    const respondent = respondentOf(instrument);
    // Every version the district sees (its own first, then the shared ones), so a surface can open another.
    // Built-in versions count before they are stored: opening a campaign on one stores it.
    const seen = new Set<number>();
    const versions = [
      ...(await ctx.admin.listInstruments(key, district.id)),
      ...BUILT_IN_INSTRUMENTS.filter((builtIn) => builtIn.key === key).map((builtIn) => ({ ...builtIn, builtIn: true })),
    ]
      .filter((version) => !seen.has(version.version) && Boolean(seen.add(version.version)))
      .map((version) => ({ version: version.version, title: version.title, builtIn: version.builtIn }))
      .sort((a, b) => a.version - b.version);
    instruments.push({
      key,
      title: row.title,
      version: row.version,
      versions,
      /** Why one would pick another version (the teacher diagnostic's version 2 feeds the risk profile). */
      versionNote: key === TEACHER_DIAGNOSTIC_KEY && versions.some((version) => version.version === 2) ? instrumentsText.teacherV2 : null,
      respondent,
      anonymous: ANONYMOUS_RESPONDENTS.includes(respondent),
      defaultRemindEveryDays: defaultRemindEveryDays(key),
    });
  }
  const run = ctx.ident ? await ctx.ident.latestRun(district.id) : null;
  const official = ctx.ident ? await ctx.ident.officialLists(district.id) : [];
  return {
    district,
    instruments,
    roles: RESPONDENTS,
    schools: (await ctx.repo.listSchools([district.id])).map((school) => ({ id: school.id, name: school.name, code: school.code })),
    /** The newest identification run: clusters and lists the audience can be taken from. */
    identification: run
      ? {
          year: run.year,
          clusters: CLUSTERS.map((cluster) => ({ cluster, schools: run.output.schools.filter((school) => school.cluster === cluster).length })),
          shnor: run.output.schools.filter((school) => school.shnor).length,
          shnsu: run.output.schools.filter((school) => school.shnsu).length,
        }
      : null,
    officialLists: [...new Set(official.map((list) => `${list.kind}:${list.year}`))].map((entry) => {
      const [kind, year] = entry.split(":");
      return { kind: kind as "shnor" | "shnsu", year: Number(year) };
    }),
  };
}
