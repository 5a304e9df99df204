import { z } from "zod";
import { canManageDistrict, isDistrictStaff } from "../access/permissions.ts";
import { deficitProfile, type AreaDeficit, type DeficitProfile } from "../diagnostic/profile.ts";
import { DomainError } from "../errors.ts";
import { lowTopics, type LowTopic } from "../identification/identify.ts";
import { TEACHER_DIAGNOSTIC_KEY } from "../instruments/teacher-diagnostic.ts";
import { courseText, routeText as t, teamText } from "../messages/routes.ts";
import type { MethodologySettings } from "../methodology/settings.ts";
import { MANAGEMENT_AREA, type CourseProblem } from "../routes/catalog.ts";
import { schoolDeficits } from "./aggregates.ts";
import type { IdentificationRepository } from "./identification-ports.ts";
import type { Clock, MembershipDetail, PersonView, Repository } from "./ports.ts";
import {
  TEACHER_CATEGORIES,
  type CompletedDiagnostic,
  type CourseInput,
  type CourseRecord,
  type RouteItemDraft,
  type RouteItemRecord,
  type RouteRecord,
  type TeacherAttributesRecord,
} from "./routes-ports.ts";
import type { SurveysContext } from "./surveys-context.ts";

/**
 * Routes (ИОМ, DOMAIN.md §7, seed 002): the district's course catalog, a teacher's route built from
 * their own deficit profile, marking items done with a certificate, the teacher's attributes and
 * dynamics, and the management team's route approved by district order. The chat (/route), the
 * Mini App and the CLI call these; every permission is checked here.
 */
export interface RoutesDeps {
  repo: Repository;
  clock: Clock;
  settings: MethodologySettings;
  /** `risk` (optional): a team route takes the factors of the school's latest risk profile. */
  surveys: Pick<SurveysContext, "routes"> & Partial<Pick<SurveysContext, "risk">>;
  /** The identification repository: the low-solved ВПР topics of the latest run. Optional. */
  ident?: Pick<IdentificationRepository, "latestRun"> | null;
}

/** Certificates in chat and the Mini App: a file of at most this many bytes. */
export const CERTIFICATE_MAX_BYTES = 5 * 1024 * 1024;
export const CERTIFICATE_TYPES: Record<string, string> = { pdf: "application/pdf", jpg: "image/jpeg", jpeg: "image/jpeg", png: "image/png" };
/** A certificate sent into the chat after «✅» belongs to the item marked within this time. */
export const CERTIFICATE_WINDOW_MS = 24 * 60 * 60 * 1000;
const COURSES_PER_AREA = 2;
const VPR_TOPICS = 3;

const activeMemberships = (person: PersonView) => person.memberships.filter((membership) => membership.active);

function teacherMembership(person: PersonView): MembershipDetail {
  const membership = activeMemberships(person).find((candidate) => candidate.role === "teacher" && candidate.schoolId);
  if (!membership) throw new DomainError("forbidden", { action: "route", personId: person.id });
  return membership;
}

// ---------------------------------------------------------------- the catalog

export async function importCourses(deps: RoutesDeps, viewer: PersonView | null, districtId: string, courses: CourseInput[]) {
  // viewer null: the operator's CLI (server access is the check).
  if (viewer && !canManageDistrict(viewer.memberships, districtId)) {
    throw new DomainError("forbidden", { action: "importCourses", personId: viewer.id, districtId });
  }
  return deps.surveys.routes.replaceCatalog(districtId, courses, deps.clock.now());
}

/**
 * The Mini App's and the CLI's import: who may is checked before `read` parses the file; with any
 * problem nothing is written.
 */
export async function importCourseFile(
  deps: RoutesDeps,
  viewer: PersonView | null,
  districtId: string,
  read: () => Promise<{ courses: CourseInput[]; problems: CourseProblem[] }>,
): Promise<{ ok: true; counts: { created: number; updated: number; removed: number } } | { ok: false; problems: CourseProblem[] }> {
  if (viewer && !canManageDistrict(viewer.memberships, districtId)) {
    throw new DomainError("forbidden", { action: "importCourses", personId: viewer.id, districtId });
  }
  const { courses, problems } = await read();
  if (problems.length || !courses.length) return { ok: false, problems: problems.length ? problems : [{ message: courseText.noCourses }] };
  return { ok: true, counts: await importCourses(deps, viewer, districtId, courses) };
}

/** The catalog: district staff, the institute's methodologist, and the district's heads and teachers. */
export async function districtCourses(deps: RoutesDeps, viewer: PersonView, districtId: string): Promise<CourseRecord[]> {
  if (!activeMemberships(viewer).some((membership) => membership.districtId === districtId && membership.role !== "parent")) {
    throw new DomainError("forbidden", { action: "districtCourses", personId: viewer.id, districtId });
  }
  return deps.surveys.routes.listCourses(districtId);
}

// ---------------------------------------------------------------- building a route

const dayStart = (date: Date) => new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));

/** Courses for an area that can still be taken, the earliest first. */
function coursesFor(areaId: string, courses: readonly CourseRecord[], now: Date, taken: Set<string>, limit: number): CourseRecord[] {
  const today = dayStart(now);
  return courses
    .filter((course) => course.areas.includes(areaId) && !taken.has(course.id) && (!course.endsOn || course.endsOn >= today))
    .sort((a, b) => (a.startsOn?.getTime() ?? Infinity) - (b.startsOn?.getTime() ?? Infinity) || a.title.localeCompare(b.title, "ru"))
    .slice(0, limit);
}

const courseItem = (course: CourseRecord, areaId: string): RouteItemDraft => ({ kind: "course", courseId: course.id, title: course.title, areaId, note: null });

/**
 * A teacher's route from their deficit profile: for every area with a deficit (largest first) up to
 * two courses of the catalog and a seminar on it; the school's low-solved ВПР topics (the district's
 * when the school has none); the school's mentor as tutor.
 */
export function buildTeacherItems(input: {
  profile: DeficitProfile;
  courses: readonly CourseRecord[];
  topics: readonly LowTopic[];
  mentor: { displayName: string | null } | null;
  now: Date;
}): RouteItemDraft[] {
  const deficits = input.profile.areas.filter((area) => area.level !== "none");
  const items: RouteItemDraft[] = [];
  const taken = new Set<string>();
  for (const area of deficits) {
    for (const course of coursesFor(area.areaId, input.courses, input.now, taken, COURSES_PER_AREA)) {
      taken.add(course.id);
      items.push(courseItem(course, area.areaId));
    }
  }
  for (const area of deficits) items.push({ kind: "seminar", courseId: null, title: t.seminarArea(area.title), areaId: area.areaId, note: area.advice || null });
  for (const topic of input.topics.slice(0, VPR_TOPICS)) {
    items.push({ kind: "seminar", courseId: null, title: t.seminarTopic(topic.grade, topic.subject, topic.topic), areaId: "assessment", note: t.seminarNote });
  }
  if (input.mentor) items.push({ kind: "tutor", courseId: null, title: t.tutorTitle(input.mentor.displayName), areaId: null, note: t.tutorNote });
  return items;
}

async function schoolTopics(deps: RoutesDeps, districtId: string, schoolId: string): Promise<LowTopic[]> {
  if (!deps.ident) return [];
  const run = await deps.ident.latestRun(districtId);
  if (!run) return [];
  const school = run.output.schools.find((candidate) => candidate.schoolId === schoolId);
  const own = lowTopics(school?.lowTasks ?? []);
  return own.length ? own : lowTopics(run.output.districtLowTasks);
}

export interface MyRoute {
  diagnostic: { campaignTitle: string; completedAt: Date };
  profile: DeficitProfile;
  route: RouteRecord;
  /** Two or more diagnostics: the dynamics can be shown. */
  hasDynamics: boolean;
}

async function latestDiagnostics(deps: RoutesDeps, person: PersonView, districtId: string): Promise<CompletedDiagnostic[]> {
  return deps.surveys.routes.completedDiagnostics(person.id, districtId, TEACHER_DIAGNOSTIC_KEY);
}

/**
 * The teacher's own route. Built the first time, and rebuilt (done items kept) when a newer
 * diagnostic than the one it came from is complete. null: no completed diagnostic yet.
 */
export async function myRoute(deps: RoutesDeps, person: PersonView, options: { rebuild?: boolean } = {}): Promise<MyRoute | null> {
  const membership = teacherMembership(person);
  const diagnostics = await latestDiagnostics(deps, person, membership.districtId);
  const latest = diagnostics.at(-1);
  if (!latest) return null;
  const profile = deficitProfile(latest.instrument, latest.answers, deps.settings);
  let route = await deps.surveys.routes.teacherRoute(person.id);
  if (!route || route.basedOnResponseId !== latest.responseId || options.rebuild) {
    const schoolId = membership.schoolId!;
    const [courses, topics, mentors] = await Promise.all([
      deps.surveys.routes.listCourses(membership.districtId),
      schoolTopics(deps, membership.districtId, schoolId),
      deps.surveys.routes.schoolMentors(schoolId),
    ]);
    const now = deps.clock.now();
    route = await deps.surveys.routes.saveRoute({
      routeId: route?.id ?? null,
      districtId: membership.districtId,
      kind: "teacher",
      personId: person.id,
      schoolId,
      year: latest.completedAt.getUTCFullYear(),
      basedOnResponseId: latest.responseId,
      items: buildTeacherItems({ profile, courses, topics, mentor: mentors[0] ?? null, now }),
    });
  }
  return {
    diagnostic: { campaignTitle: latest.campaignTitle, completedAt: latest.completedAt },
    profile,
    route,
    hasDynamics: diagnostics.length >= 2,
  };
}

export interface Dynamics {
  from: { campaignTitle: string; completedAt: Date };
  to: { campaignTitle: string; completedAt: Date };
  areas: Array<{ areaId: string; title: string; before: number; after: number }>;
}

/** The teacher's own change between their last two diagnostics (only they call this). */
export async function myDynamics(deps: RoutesDeps, person: PersonView): Promise<Dynamics | null> {
  const membership = teacherMembership(person);
  const diagnostics = await latestDiagnostics(deps, person, membership.districtId);
  if (diagnostics.length < 2) return null;
  const [before, after] = diagnostics.slice(-2) as [CompletedDiagnostic, CompletedDiagnostic];
  const earlier = new Map(deficitProfile(before.instrument, before.answers, deps.settings).areas.map((area) => [area.areaId, area]));
  const areas = deficitProfile(after.instrument, after.answers, deps.settings)
    .areas.filter((area) => earlier.has(area.areaId))
    .map((area: AreaDeficit) => ({ areaId: area.areaId, title: area.title, before: earlier.get(area.areaId)!.deficit, after: area.deficit }));
  return {
    from: { campaignTitle: before.campaignTitle, completedAt: before.completedAt },
    to: { campaignTitle: after.campaignTitle, completedAt: after.completedAt },
    areas,
  };
}

// ---------------------------------------------------------------- marking items

/** The route an item belongs to, when the person may change it: their own route, or their school's team route as its head. */
async function ownItem(deps: RoutesDeps, person: PersonView, itemId: string): Promise<{ route: RouteRecord; item: RouteItemRecord }> {
  const route = await findItemRoute(deps, person, itemId);
  const item = route?.items.find((candidate) => candidate.id === itemId);
  if (!route || !item) throw new DomainError("not_found", { action: "routeItem", personId: person.id, itemId });
  return { route, item };
}

async function findItemRoute(deps: RoutesDeps, person: PersonView, itemId: string): Promise<RouteRecord | null> {
  const own = await deps.surveys.routes.teacherRoute(person.id);
  if (own?.items.some((item) => item.id === itemId)) return own;
  const year = deps.clock.now().getUTCFullYear();
  for (const membership of activeMemberships(person).filter((m) => m.role === "head" && m.schoolId)) {
    for (const y of [year, year - 1]) {
      const team = await deps.surveys.routes.teamRoute(membership.schoolId!, y);
      if (team?.items.some((item) => item.id === itemId)) return team;
    }
  }
  return null;
}

const CertificateUrl = z
  .string()
  .trim()
  .max(500)
  .url()
  .refine((value) => /^https?:\/\//i.test(value));

export type CertificateInput = { url: string } | { fileName: string; content: Uint8Array } | null;

/** A problem with a certificate in Russian, or null. */
export function certificateProblem(certificate: CertificateInput): string | null {
  if (!certificate) return null;
  if ("url" in certificate) return CertificateUrl.safeParse(certificate.url).success ? null : t.certificateUrlBad;
  if (certificate.content.length > CERTIFICATE_MAX_BYTES) return t.certificateTooBig;
  const extension = certificate.fileName.split(".").pop()?.toLowerCase() ?? "";
  if (!CERTIFICATE_TYPES[extension]) return t.certificateType;
  return null;
}

function certificateColumns(certificate: CertificateInput) {
  if (!certificate) return {};
  if ("url" in certificate) return { certificateUrl: certificate.url.trim(), certificateName: null, certificate: null };
  const name = certificate.fileName.replace(/[\\/\u0000-\u001f]/g, "_").slice(-120);
  return { certificateUrl: null, certificateName: name, certificate: certificate.content };
}

/** Marks an item of the person's own route (or their team's) done, with a certificate if given. */
export async function markItemDone(deps: RoutesDeps, person: PersonView, itemId: string, certificate: CertificateInput = null): Promise<RouteRecord> {
  const { route } = await ownItem(deps, person, itemId);
  const problem = certificateProblem(certificate);
  if (problem) throw new DomainError("invalid_input", { action: "markItemDone", problem });
  await deps.surveys.routes.markItemDone(itemId, { at: deps.clock.now(), ...certificateColumns(certificate) });
  return (await deps.surveys.routes.getRoute(route.id))!;
}

export async function undoItem(deps: RoutesDeps, person: PersonView, itemId: string): Promise<RouteRecord> {
  const { route } = await ownItem(deps, person, itemId);
  await deps.surveys.routes.undoItem(itemId);
  return (await deps.surveys.routes.getRoute(route.id))!;
}

/**
 * A certificate sent into the chat: it belongs to the item of the person's own route marked done
 * most recently, within a day, that has none yet. null: no such item (the message is not for us).
 */
export async function pendingCertificateItem(deps: RoutesDeps, person: PersonView): Promise<RouteItemRecord | null> {
  if (!activeMemberships(person).some((membership) => membership.role === "teacher")) return null;
  const route = await deps.surveys.routes.teacherRoute(person.id);
  const since = deps.clock.now().getTime() - CERTIFICATE_WINDOW_MS;
  const waiting = (route?.items ?? [])
    .filter((item) => item.doneAt && item.doneAt.getTime() >= since && !item.certificateUrl && !item.hasCertificateFile)
    .sort((a, b) => b.doneAt!.getTime() - a.doneAt!.getTime());
  return waiting[0] ?? null;
}

/** The stored certificate file of an item: the route's owner, or for a team route its head and the district. */
export async function certificateFile(deps: RoutesDeps, person: PersonView, itemId: string) {
  await ownItemOrDistrict(deps, person, itemId);
  const file = await deps.surveys.routes.certificateFile(itemId);
  if (!file) throw new DomainError("not_found", { action: "certificateFile", itemId });
  return file;
}

async function ownItemOrDistrict(deps: RoutesDeps, person: PersonView, itemId: string) {
  const own = await findItemRoute(deps, person, itemId);
  if (own) return own;
  // District staff read the certificates of team routes of their district (they approve them).
  for (const membership of activeMemberships(person).filter((m) => isDistrictStaff(m))) {
    const year = deps.clock.now().getUTCFullYear();
    for (const y of [year, year - 1]) {
      const route = (await deps.surveys.routes.teamRoutes(membership.districtId, y)).find((candidate) => candidate.items.some((item) => item.id === itemId));
      if (route) return route;
    }
  }
  throw new DomainError("not_found", { action: "certificateFile", personId: person.id, itemId });
}

// ---------------------------------------------------------------- attributes

export const AttributesSchema = z
  .object({
    serviceYears: z.number().int().min(0).max(60).nullable(),
    category: z.enum(TEACHER_CATEGORIES).nullable(),
    young: z.boolean().nullable(),
    newlyArrived: z.boolean().nullable(),
  })
  .strict();

export const EMPTY_ATTRIBUTES: TeacherAttributesRecord = { serviceYears: null, category: null, young: null, newlyArrived: null };

export async function myAttributes(deps: RoutesDeps, person: PersonView): Promise<TeacherAttributesRecord> {
  teacherMembership(person);
  return (await deps.surveys.routes.getAttributes(person.id)) ?? EMPTY_ATTRIBUTES;
}

/** Sets some or all attributes (the rest stay); zod-checked. */
export async function setMyAttributes(deps: RoutesDeps, person: PersonView, change: Partial<TeacherAttributesRecord>): Promise<TeacherAttributesRecord> {
  teacherMembership(person);
  const current = (await deps.surveys.routes.getAttributes(person.id)) ?? EMPTY_ATTRIBUTES;
  const parsed = AttributesSchema.safeParse({ ...current, ...change });
  if (!parsed.success) throw new DomainError("invalid_input", { action: "setAttributes", issues: parsed.error.issues.map((issue) => issue.path.join(".")) });
  await deps.surveys.routes.setAttributes(person.id, parsed.data);
  return parsed.data;
}

// ---------------------------------------------------------------- team routes (seed 002)

const headOf = (person: PersonView, schoolId: string) =>
  activeMemberships(person).some((membership) => membership.role === "head" && membership.schoolId === schoolId);

/**
 * The head drafts the management team's route of the year (seed 002: in June) from the school's
 * released deficit aggregate (never a teacher's answers), the fixed factors of its latest risk profile
 * and the low-solved ВПР topics: courses for management teams, courses and a seminar for the school's
 * deficit areas, a seminar per fixed risk factor. A new draft replaces the
 * items not yet done and withdraws an approval.
 */
export async function draftTeamRoute(deps: RoutesDeps, head: PersonView, schoolId: string): Promise<RouteRecord> {
  if (!headOf(head, schoolId)) throw new DomainError("forbidden", { action: "draftTeamRoute", personId: head.id, schoolId });
  const school = (await deps.repo.getSchool(schoolId))!;
  const year = deps.clock.now().getUTCFullYear();
  const [deficits, courses, topics, existing] = await Promise.all([
    schoolDeficits(deps, head, schoolId),
    deps.surveys.routes.listCourses(school.districtId),
    schoolTopics(deps, school.districtId, schoolId),
    deps.surveys.routes.teamRoute(schoolId, year),
  ]);
  const now = deps.clock.now();
  const taken = new Set<string>();
  const items: RouteItemDraft[] = [];
  for (const course of coursesFor(MANAGEMENT_AREA, courses, now, taken, 3)) {
    taken.add(course.id);
    items.push(courseItem(course, MANAGEMENT_AREA));
  }
  const areas =
    deficits.aggregate && !deficits.aggregate.hidden
      ? deficits.aggregate.areas.filter((area) => !area.cell.hidden && area.cell.level !== "none")
      : [];
  for (const area of areas) {
    for (const course of coursesFor(area.areaId, courses, now, taken, 1)) {
      taken.add(course.id);
      items.push(courseItem(course, area.areaId));
    }
    items.push({ kind: "seminar", courseId: null, title: teamText.seminarSchoolArea(area.title), areaId: area.areaId, note: null });
  }
  for (const factor of await fixedRiskFactors(deps, schoolId)) {
    items.push({ kind: "seminar", courseId: null, title: teamText.riskFactor(factor.name), areaId: MANAGEMENT_AREA, note: teamText.riskFactorNote(factor.year) });
  }
  for (const topic of topics.slice(0, VPR_TOPICS)) {
    items.push({ kind: "seminar", courseId: null, title: t.seminarTopic(topic.grade, topic.subject, topic.topic), areaId: "assessment", note: t.seminarNote });
  }
  return deps.surveys.routes.saveRoute({
    routeId: existing?.id ?? null,
    districtId: school.districtId,
    kind: "team",
    personId: null,
    schoolId,
    year,
    basedOnResponseId: null,
    items,
  });
}

const StoredProfile = z.object({ factors: z.array(z.object({ number: z.number(), name: z.string(), risk: z.string() }).passthrough()) }).passthrough();

/** The factors whose risk is fixed in the school's latest stored risk profile (H6's snapshots), in factor order. */
async function fixedRiskFactors(deps: RoutesDeps, schoolId: string): Promise<Array<{ name: string; year: number }>> {
  if (!deps.surveys.risk) return [];
  const snapshots = await deps.surveys.risk.schoolSnapshots(schoolId);
  const latest = [...snapshots].sort((a, b) => b.year - a.year || b.computedAt.getTime() - a.computedAt.getTime())[0];
  const parsed = latest ? StoredProfile.safeParse(latest.profile) : null;
  if (!latest || !parsed?.success) return [];
  return parsed.data.factors
    .filter((factor) => factor.risk === "fixed")
    .sort((a, b) => a.number - b.number)
    .map((factor) => ({ name: factor.name, year: latest.year }));
}

/** A school's team route of a year: its head and the district's staff. */
export async function teamRouteOf(deps: RoutesDeps, viewer: PersonView, schoolId: string, year: number): Promise<RouteRecord | null> {
  const school = await deps.repo.getSchool(schoolId);
  if (!school || !(headOf(viewer, schoolId) || canManageDistrict(viewer.memberships, school.districtId))) {
    throw new DomainError("forbidden", { action: "teamRoute", personId: viewer.id, schoolId });
  }
  return deps.surveys.routes.teamRoute(schoolId, year);
}

export async function districtTeamRoutes(deps: RoutesDeps, viewer: PersonView, districtId: string, year: number): Promise<RouteRecord[]> {
  if (!canManageDistrict(viewer.memberships, districtId)) throw new DomainError("forbidden", { action: "teamRoutes", personId: viewer.id, districtId });
  return deps.surveys.routes.teamRoutes(districtId, year);
}

export const ApprovalRefSchema = z.string().trim().min(3).max(200);

/** The district approves a team route by order (seed 002: «Приказ РУО»). */
export async function approveTeamRoute(deps: RoutesDeps, viewer: PersonView, routeId: string, approvalRef: string): Promise<RouteRecord> {
  const route = await deps.surveys.routes.getRoute(routeId);
  if (!route || route.kind !== "team" || !canManageDistrict(viewer.memberships, route.districtId)) {
    throw new DomainError("forbidden", { action: "approveTeamRoute", personId: viewer.id, routeId });
  }
  const ref = ApprovalRefSchema.safeParse(approvalRef);
  if (!ref.success) throw new DomainError("invalid_input", { action: "approveTeamRoute", problem: teamText.approveRefRequired });
  await deps.surveys.routes.approveRoute(routeId, ref.data, deps.clock.now());
  return (await deps.surveys.routes.getRoute(routeId))!;
}
