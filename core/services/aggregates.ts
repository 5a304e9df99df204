import { DomainError } from "../errors.ts";
import { canReadDistrict, canViewSchoolAggregates } from "../access/permissions.ts";
import { TEACHER_DIAGNOSTIC_KEY } from "../instruments/teacher-diagnostic.ts";
import type { MethodologySettings } from "../methodology/settings.ts";
import {
  advanceDeficitRelease,
  deficitSummaryView,
  DISTRICT_CELL,
  schoolCell,
  SMALL_SCHOOLS_CELL,
  type DeficitReleaseDoc,
  type ReleasedAreaRow,
} from "../release/deficits.ts";
import type { CampaignRecord, Clock, PersonView, Repository, SchoolRecord } from "./ports.ts";

/**
 * Every aggregate of the deficit diagnostic that anyone reads (school page, district page, XLSX
 * from the Mini App, the bot and the CLI) comes from here, through the release rules of
 * core/release: one stored release per campaign and district, advanced when read.
 */
export interface AggregateDeps {
  repo: Repository;
  clock: Clock;
  settings: MethodologySettings;
}

export interface CampaignSummary {
  id: string;
  title: string;
  opensAt: Date;
  closesAt: Date;
}

/** A row of released figures: `respondents` is the largest basis among its shown areas, null when all are hidden. */
export interface ReleasedRow {
  respondents: number | null;
  areas: ReleasedAreaRow[];
}

export interface DistrictDeficitSummary {
  districtId: string;
  campaign: CampaignSummary | null;
  releasedAt: Date | null;
  minRespondents: number;
  district: ReleasedRow | null;
  smallSchools: (ReleasedRow & { schoolCount: number }) | null;
  schools: Array<{ id: string; name: string; code: string | null; small: boolean } & ReleasedRow>;
}

/** The XLSX builder of the district summary, injected by the shell (files/summary-xlsx.ts). */
export type SummaryWorkbook = (summary: DistrictDeficitSummary, options: { timeZone: string; releaseStep: number }) => Promise<Uint8Array>;

const releaseScope = (districtId: string) => `district:${districtId}`;

const campaignSummary = (campaign: CampaignRecord): CampaignSummary => ({
  id: campaign.id,
  title: campaign.title,
  opensAt: campaign.opensAt,
  closesAt: campaign.closesAt,
});

/** Reads the stored release, advances it if the rules allow, and stores the new one. */
async function currentRelease(
  deps: AggregateDeps,
  campaign: CampaignRecord,
  schools: readonly SchoolRecord[],
): Promise<{ doc: DeficitReleaseDoc; releasedAt: Date }> {
  const scope = releaseScope(campaign.districtId);
  for (let attempt = 0; attempt < 3; attempt++) {
    const [previous, responses, counts] = await Promise.all([
      deps.repo.latestRelease(campaign.id, scope),
      deps.repo.attributedResponses(campaign.id),
      deps.repo.teacherCounts(campaign.districtId),
    ]);
    const previousDoc = (previous?.figures as DeficitReleaseDoc | undefined) ?? null;
    const { doc, changed } = advanceDeficitRelease(
      campaign.instrument,
      previousDoc?.version === 1 ? previousDoc : null,
      responses,
      schools.map((school) => ({ id: school.id, teachers: counts.get(school.id) ?? 0 })),
      deps.settings,
    );
    if (previous && !changed) return { doc: previousDoc!, releasedAt: previous.releasedAt };
    const releasedAt = deps.clock.now();
    const respondents = Object.values(doc.cells[DISTRICT_CELL] ?? {}).reduce((most, cell) => Math.max(most, cell.basis.length), 0);
    // Two readers at once: the second one's insert loses and it reads the winner's release.
    if (await deps.repo.saveRelease(campaign.id, scope, { seq: (previous?.seq ?? 0) + 1, respondents, figures: doc, releasedAt })) {
      return { doc, releasedAt };
    }
  }
  throw new Error(`release of campaign ${campaign.id}: lost three races to store it`);
}

function rowOf(doc: DeficitReleaseDoc, key: string, areas: ReleasedAreaRow[]): ReleasedRow {
  let respondents: number | null = null;
  for (const area of areas) {
    if (area.cell.hidden) continue;
    respondents = Math.max(respondents ?? 0, doc.cells[key]?.[area.areaId]?.basis.length ?? 0);
  }
  return { respondents, areas };
}

async function summarize(
  deps: AggregateDeps,
  districtId: string,
  campaign: CampaignRecord | null,
  schools: SchoolRecord[],
  withTotal = true,
): Promise<DistrictDeficitSummary> {
  const minRespondents = deps.settings.minRespondents;
  if (!campaign) return { districtId, campaign: null, releasedAt: null, minRespondents, district: null, smallSchools: null, schools: [] };
  const { doc, releasedAt } = await currentRelease(deps, campaign, schools);
  const view = deficitSummaryView(campaign.instrument, doc, schools.map((school) => school.id), deps.settings, { withTotal });
  const byId = new Map(view.schools.map((row) => [row.schoolId, row]));
  return {
    districtId,
    campaign: campaignSummary(campaign),
    releasedAt,
    minRespondents,
    district: rowOf(doc, DISTRICT_CELL, view.district),
    smallSchools: { ...rowOf(doc, SMALL_SCHOOLS_CELL, view.smallSchools.areas), schoolCount: view.smallSchools.schoolIds.length },
    schools: schools.map((school) => {
      const row = byId.get(school.id)!;
      return { id: school.id, name: school.name, code: school.code, small: row.small, ...rowOf(doc, schoolCell(school.id), row.areas) };
    }),
  };
}

/** The district summary: the district, the small-schools group and every school × area. District staff (and the working group, read-only). */
export async function districtDeficitSummary(deps: AggregateDeps, viewer: PersonView, districtId: string): Promise<DistrictDeficitSummary> {
  if (!canReadDistrict(viewer.memberships, districtId)) {
    throw new DomainError("forbidden", { action: "districtDeficitSummary", personId: viewer.id, districtId });
  }
  return districtSummaryUnchecked(deps, districtId);
}

/** The same summary for the operator's CLI, which has no person (server access is the check). */
export async function districtSummaryUnchecked(deps: AggregateDeps, districtId: string, withTotal = true): Promise<DistrictDeficitSummary> {
  const [campaign, schools] = await Promise.all([
    deps.repo.findLatestCampaign(districtId, TEACHER_DIAGNOSTIC_KEY, deps.clock.now()),
    deps.repo.listSchools([districtId]),
  ]);
  return summarize(deps, districtId, campaign, schools, withTotal);
}

export interface SchoolDeficits {
  school: SchoolRecord;
  campaign: CampaignSummary | null;
  /** Fewer teachers than the minimum: the school's own figures are never shown (they count in the district). */
  smallSchool: boolean;
  minRespondents: number;
  releasedAt: Date | null;
  /** null: no campaign yet. */
  aggregate: null | { hidden: true } | { hidden: false; respondents: number; areas: ReleasedAreaRow[] };
}

/**
 * One school's released figures from the district's one release. District staff get the cells of
 * their suppressed table, so both their pages agree and neither can be subtracted from the total.
 */
export async function schoolDeficits(deps: AggregateDeps, viewer: PersonView, schoolId: string): Promise<SchoolDeficits> {
  const school = await deps.repo.getSchool(schoolId);
  // The same answer for a missing school and a foreign one: no probing of other districts.
  if (!school || !canViewSchoolAggregates(viewer.memberships, school)) {
    throw new DomainError("forbidden", { action: "schoolDeficits", personId: viewer.id, schoolId });
  }
  // District staff see the district total as well, so they get the suppressed table's cells; a
  // head or teacher of the school sees the school alone.
  const summary = await districtSummaryUnchecked(deps, school.districtId, canReadDistrict(viewer.memberships, school.districtId));
  const row = summary.schools.find((candidate) => candidate.id === school.id);
  const base = { school, campaign: summary.campaign, minRespondents: summary.minRespondents, releasedAt: summary.releasedAt };
  if (!summary.campaign || !row) return { ...base, smallSchool: row?.small ?? false, aggregate: null };
  const shown = row.areas.filter((area) => !area.cell.hidden);
  return {
    ...base,
    smallSchool: row.small,
    aggregate: shown.length === 0 || row.respondents === null ? { hidden: true } : { hidden: false, respondents: row.respondents, areas: row.areas },
  };
}
