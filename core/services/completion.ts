import { TEACHER_DIAGNOSTIC_KEY } from "../instruments/teacher-diagnostic.ts";
import { canReadDistrict, isDistrictStaff } from "../access/permissions.ts";
import type { MembershipView } from "../roles.ts";
import { DomainError } from "../errors.ts";
import type { Clock, PersonView, Repository, TeacherStatus } from "./ports.ts";

/**
 * How far a district's teachers are through its teacher diagnostic, as figures only — never a name
 * (DOMAIN.md §11c). The one count behind the Mini App, the CLI (`campaign list`) and the demo
 * printout, so the three always agree.
 */
export interface CompletionCounts {
  /** «не подключились»: registered in advance, never opened their invite. The bot cannot write to them. */
  notJoined: number;
  /** «подключились, не закончили»: the bot can remind them (if they consented). */
  unfinished: number;
  /** «завершили». */
  completed: number;
  /** All three together. */
  total: number;
}

export interface SchoolCompletion extends CompletionCounts {
  schoolId: string;
  name: string;
}

export interface CompletionReport {
  campaign: { id: string; title: string; closesAt: Date } | null;
  /** The district as a whole: each person once, even a teacher who works in two schools. */
  total: CompletionCounts;
  /** Per school: a teacher of two schools counts in both. */
  schools: SchoolCompletion[];
}

const zero = (): CompletionCounts => ({ notJoined: 0, unfinished: 0, completed: 0, total: 0 });

const add = (counts: CompletionCounts, status: TeacherStatus) => {
  counts.total += 1;
  if (status.completed) counts.completed += 1;
  else if (status.joined) counts.unfinished += 1;
  else counts.notJoined += 1;
};

/** Pure: per-school figures over teacher memberships, and the district total over distinct people. */
export function countCompletion(
  statuses: readonly TeacherStatus[],
  schools: ReadonlyArray<{ id: string; name: string }>,
): { total: CompletionCounts; schools: SchoolCompletion[] } {
  const bySchool = new Map(schools.map((school) => [school.id, { schoolId: school.id, name: school.name, ...zero() }]));
  const people = new Map<string, TeacherStatus>();
  for (const status of statuses) {
    const row = bySchool.get(status.schoolId);
    if (row) add(row, status);
    people.set(status.personId, status);
  }
  const total = zero();
  for (const status of people.values()) add(total, status);
  return { total, schools: [...bySchool.values()] };
}

/** The figures of a district's latest teacher diagnostic. For trusted callers (CLI, demo); the API goes through the checks below. */
export async function campaignCompletion(
  deps: { repo: Repository },
  campaign: { id: string; title: string; closesAt: Date },
  districtId: string,
  schoolId?: string,
): Promise<CompletionReport> {
  const [statuses, schools] = await Promise.all([
    deps.repo.teacherStatuses(campaign.id, districtId),
    deps.repo.listSchools([districtId]),
  ]);
  const shown = schools
    .filter((school) => schoolId === undefined || school.id === schoolId)
    .sort((a, b) => a.name.localeCompare(b.name, "ru", { numeric: true }));
  const inScope = schoolId === undefined ? statuses : statuses.filter((status) => status.schoolId === schoolId);
  return { campaign: { id: campaign.id, title: campaign.title, closesAt: campaign.closesAt }, ...countCompletion(inScope, shown) };
}

/** The head of a school and the district staff follow a school's completion and remind its teachers. */
export const canFollowSchool = (memberships: readonly MembershipView[], school: { id: string; districtId: string }) =>
  memberships.some(
    (membership) =>
      membership.active &&
      (isDistrictStaff(membership, school.districtId) ||
        (membership.role === "head" && membership.schoolId === school.id)),
  );

/** Who reads a school's completion: those who follow it, and the working group of its district (read-only, #15). */
const canReadSchoolCompletion = (memberships: readonly MembershipView[], school: { id: string; districtId: string }) =>
  canFollowSchool(memberships, school) || canReadDistrict(memberships, school.districtId);

/** Every school's completion: district staff (and the working group, read-only). */
export async function districtCompletion(
  deps: { repo: Repository; clock: Clock },
  viewer: PersonView,
  districtId: string,
): Promise<CompletionReport> {
  if (!canReadDistrict(viewer.memberships, districtId)) {
    throw new DomainError("forbidden", { action: "districtCompletion", personId: viewer.id, districtId });
  }
  const campaign = await deps.repo.findLatestCampaign(districtId, TEACHER_DIAGNOSTIC_KEY, deps.clock.now());
  if (!campaign) return { campaign: null, total: zero(), schools: [] };
  return campaignCompletion(deps, campaign, districtId);
}

/** One school's completion: its head (three numbers, no names) or the district staff. */
export async function schoolCompletion(
  deps: { repo: Repository; clock: Clock },
  viewer: PersonView,
  schoolId: string,
): Promise<CompletionReport> {
  const school = await deps.repo.getSchool(schoolId);
  if (!school) throw new DomainError("not_found", { action: "schoolCompletion", schoolId });
  if (!canReadSchoolCompletion(viewer.memberships, school)) {
    throw new DomainError("forbidden", { action: "schoolCompletion", personId: viewer.id, schoolId });
  }
  const campaign = await deps.repo.findLatestCampaign(school.districtId, TEACHER_DIAGNOSTIC_KEY, deps.clock.now());
  if (!campaign) return { campaign: null, total: zero(), schools: [] };
  return campaignCompletion(deps, campaign, school.districtId, schoolId);
}
