// At-risk student categories (#15 §8; seed 002, DOMAIN §11a): each school's head keeps the counts per
// category and school year — counts only, never names — and a preventive plan per category as events of
// the school's roadmap (#14; RoadmapEvent.atRiskCategory). District staff see and may correct every
// school's counts and the totals; the working group reads them. Nobody else sees them.
import { canManageDistrict, canReadDistrict } from "../access/permissions.ts";
import { defaultRoadmapInit } from "../management/roadmap-template.ts";
import { schoolYearOf } from "../management/school-year.ts";
import { atRiskText as t } from "../messages/at-risk.ts";
import { AdminError } from "./admin.ts";
import type { AtRiskCountRecord, AtRiskPlanEvent, AtRiskRepository } from "./at-risk-ports.ts";
import { AT_RISK_CATEGORIES, atRiskTotals, type AtRiskCategory, type AtRiskCountsInput, type AtRiskPlanEventInput } from "./at-risk-rules.ts";
import type { Clock, PersonView, Repository, SchoolRecord } from "./ports.ts";
import type { RoadmapsRepository } from "./roadmaps-ports.ts";

export interface AtRiskContext {
  repo: Pick<Repository, "getSchool" | "listSchools">;
  atRisk: AtRiskRepository;
  roadmaps: Pick<RoadmapsRepository, "ensureRoadmap" | "addEvent">;
  clock: Clock;
}

const active = (person: PersonView) => person.memberships.filter((membership) => membership.active);

/** The head of this school (and district staff of its district) keep its counts and plan. */
export const canEditAtRisk = (person: PersonView, school: { id: string; districtId: string }) =>
  canManageDistrict(person.memberships, school.districtId) ||
  active(person).some((membership) => membership.role === "head" && membership.schoolId === school.id && membership.districtId === school.districtId);

/** Those who keep them, and whoever reads what the district reads (the working group). */
export const canViewAtRisk = (person: PersonView, school: { id: string; districtId: string }) =>
  canEditAtRisk(person, school) || canReadDistrict(person.memberships, school.districtId);

function currentYear(ctx: AtRiskContext, person: PersonView, districtId: string) {
  const timezone = person.memberships.find((membership) => membership.districtId === districtId)?.districtTimezone ?? "UTC";
  return schoolYearOf(ctx.clock.now(), timezone);
}

async function schoolFor(ctx: AtRiskContext, person: PersonView, schoolId: string, edit: boolean): Promise<SchoolRecord> {
  const school = await ctx.repo.getSchool(schoolId);
  if (!school || !canViewAtRisk(person, school)) throw new AdminError("not_found", t.schoolNotFound);
  if (edit && !canEditAtRisk(person, school)) throw new AdminError("forbidden", t.onlyHead);
  return school;
}

export interface SchoolAtRisk {
  schoolYear: string;
  school: { id: string; name: string; districtId: string };
  counts: Array<{ category: AtRiskCategory; count: number | null; note: string | null; updatedAt: Date | null }>;
  plan: Array<{ category: AtRiskCategory; events: AtRiskPlanEvent[] }>;
  canEdit: boolean;
}

function byCategory(rows: readonly AtRiskCountRecord[]) {
  const map = new Map(rows.map((row) => [row.category, row]));
  return AT_RISK_CATEGORIES.map((category) => {
    const row = map.get(category);
    return { category, count: row?.count ?? null, note: row?.note ?? null, updatedAt: row?.updatedAt ?? null };
  });
}

/** One school's counts per category and its preventive plan of the school year (default: the current one). */
export async function schoolAtRisk(ctx: AtRiskContext, person: PersonView, schoolId: string, schoolYear?: string): Promise<SchoolAtRisk> {
  const school = await schoolFor(ctx, person, schoolId, false);
  const year = schoolYear ?? currentYear(ctx, person, school.districtId);
  const [rows, events] = await Promise.all([ctx.atRisk.schoolCounts(school.id, year), ctx.atRisk.planEvents(school.id, year)]);
  return {
    schoolYear: year,
    school: { id: school.id, name: school.name, districtId: school.districtId },
    counts: byCategory(rows),
    plan: AT_RISK_CATEGORIES.map((category) => ({ category, events: events.filter((event) => event.category === category) })),
    canEdit: canEditAtRisk(person, school),
  };
}

/** Writes the given categories' counts (integers 0..10 000, a short note without names) in one transaction. */
export async function saveAtRiskCounts(ctx: AtRiskContext, person: PersonView, schoolId: string, input: AtRiskCountsInput): Promise<SchoolAtRisk> {
  const school = await schoolFor(ctx, person, schoolId, true);
  await ctx.atRisk.saveCounts(
    { districtId: school.districtId, schoolId: school.id, schoolYear: input.schoolYear },
    input.counts.map((row) => ({ category: row.category, count: row.count, note: row.note ?? null })),
    person.id,
  );
  return schoolAtRisk(ctx, person, school.id, input.schoolYear);
}

/**
 * Adds an event of the preventive plan for one category to the school's roadmap of that school year
 * (created from seed 002's template first when there is none, as #14 does).
 */
export async function addAtRiskPlanEvent(ctx: AtRiskContext, person: PersonView, schoolId: string, input: AtRiskPlanEventInput): Promise<{ eventId: string; roadmapId: string }> {
  const school = await schoolFor(ctx, person, schoolId, true);
  const roadmap = await ctx.roadmaps.ensureRoadmap(
    { districtId: school.districtId, schoolId: school.id, schoolYear: input.schoolYear },
    defaultRoadmapInit("school", school.name, input.schoolYear),
  );
  const eventId = await ctx.roadmaps.addEvent(
    roadmap.id,
    {
      section: input.section,
      title: input.title,
      dueOn: new Date(`${input.dueOn}T00:00:00Z`),
      indicator: input.indicator ?? null,
      executorsText: "ОО",
      atRiskCategory: input.category,
    },
    person.id,
  );
  return { eventId, roadmapId: roadmap.id };
}

export interface DistrictAtRisk {
  schoolYear: string;
  schools: Array<{ schoolId: string; name: string; counts: Record<AtRiskCategory, number | null>; updatedAt: Date | null }>;
  totals: Record<AtRiskCategory, number>;
  /** Schools that filled at least one category. */
  reported: number;
  canEdit: boolean;
}

/** Every school's counts and the district's totals: district staff and the working group. */
export async function districtAtRisk(ctx: AtRiskContext, person: PersonView, districtId: string, schoolYear?: string): Promise<DistrictAtRisk> {
  if (!canReadDistrict(person.memberships, districtId)) throw new AdminError("forbidden", t.notAllowed);
  const year = schoolYear ?? currentYear(ctx, person, districtId);
  const [schools, rows] = await Promise.all([ctx.repo.listSchools([districtId]), ctx.atRisk.districtCounts(districtId, year)]);
  const { totals, reported } = atRiskTotals(rows);
  return {
    schoolYear: year,
    schools: schools.map((school) => {
      const own = rows.filter((row) => row.schoolId === school.id);
      const counts = Object.fromEntries(AT_RISK_CATEGORIES.map((category) => [category, own.find((row) => row.category === category)?.count ?? null])) as Record<AtRiskCategory, number | null>;
      const updatedAt = own.reduce<Date | null>((latest, row) => (!latest || row.updatedAt > latest ? row.updatedAt : latest), null);
      return { schoolId: school.id, name: school.name, counts, updatedAt };
    }),
    totals,
    reported,
    canEdit: canManageDistrict(person.memberships, districtId),
  };
}
