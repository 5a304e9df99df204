// Assignments of mentors, tutors and curators to schools and school-curator pairs (#15 §2, DOMAIN.md
// §4, seed 004 §7), and "my schools" for both sides of the support:
// - district staff (canManageDistrict) assign a person of the district to a school for a period, end an
//   assignment, pair a supported school with a curator school, end a pair; the working group reads
//   (canReadDistrict); everyone else is refused;
// - the access is an ordinary Membership made and ended with the assignment / pair in one transaction;
// - an assignment whose last day has passed is ended (its membership too) on every read of the lists and
//   of "my schools", and by the daily job (server/assignment-jobs.ts);
// - a pair's curator_head memberships follow the curator school's active heads: synced when the pair is
//   made, when the district lists pairs, and when a head or a curator_head opens "my schools";
// - the assigned person, the curator school's heads and the supported school's heads get a notice through
//   the Outbox (dedupe keys nw-asg:<id>:<personId>, nw-pair:<id>:<personId>).
import { canManageDistrict, canReadDistrict } from "../access/permissions.ts";
import { schoolYearOf } from "../management/school-year.ts";
import {
  dateOf,
  isSharedEvent,
  isoOf,
  lapsed,
  periodStatus,
  rankCuratorCandidates,
  rankSupportedSchools,
  type AssignmentFilter,
  type AssignmentInput,
  type AssignmentKind,
  type PairInput,
  type PeriodStatus,
  type RunSchoolFlags,
} from "../network/assignments.ts";
import { assignmentText as t } from "../messages/assignments.ts";
import type { Role } from "../roles.ts";
import { AdminError, calendarDay, DAY_MS } from "./admin.ts";
import type { AssignmentRecord, AssignmentsRepository, PairRecord } from "./assignments-ports.ts";
import type { IdentificationRepository } from "./identification-ports.ts";
import type { Clock, OutboxMessage, PersonView, Repository } from "./ports.ts";
import type { RecipientsRepository } from "./recipients-ports.ts";
import type { RoadmapsReadRepository, EventState } from "./roadmaps-ports.ts";

export interface AssignmentsDeps {
  assignments: AssignmentsRepository;
  recipients: RecipientsRepository;
  repo: Pick<Repository, "enqueue">;
  clock: Clock;
  /** The identification's runs (curator candidates, resilient schools); absent: no candidates first. */
  ident?: Pick<IdentificationRepository, "latestRun">;
  /** The roadmaps (#14) for the shared events; absent: none shown. */
  roadmaps?: Pick<RoadmapsReadRepository, "findRoadmap">;
}

/** Who opens "my schools". */
export const NETWORK_VIEW_ROLES: readonly Role[] = ["mentor", "tutor", "curator", "curator_head", "head"];

const refuse = () => new AdminError("forbidden", t.onlyDistrict);
const missing = () => new AdminError("not_found", t.notFound);

const today = (deps: Pick<AssignmentsDeps, "clock">, timezone: string) => calendarDay(deps.clock.now(), timezone).iso;

const dayText = (date: Date) => new Intl.DateTimeFormat("ru-RU", { timeZone: "UTC", day: "numeric", month: "long", year: "numeric" }).format(date);
export const periodText = (period: { startsOn: Date; endsOn: Date | null }) =>
  period.endsOn ? t.periodFromTo(dayText(period.startsOn), dayText(period.endsOn)) : t.periodFrom(dayText(period.startsOn));

// ---- views ----

export interface AssignmentView {
  id: string;
  districtId: string;
  schoolId: string;
  schoolName: string;
  personId: string;
  personName: string;
  kind: AssignmentKind;
  startsOn: string;
  endsOn: string | null;
  plannedVisits: number;
  note: string | null;
  status: PeriodStatus;
  endedAt: string | null;
}

export interface PairView {
  id: string;
  districtId: string;
  supportedSchoolId: string;
  supportedSchoolName: string;
  curatorSchoolId: string;
  curatorSchoolName: string;
  startsOn: string;
  endsOn: string | null;
  note: string | null;
  status: PeriodStatus;
  endedAt: string | null;
  curatorHeads: Array<{ personId: string; name: string }>;
}

const assignmentView = (record: AssignmentRecord, day: string): AssignmentView => ({
  id: record.id,
  districtId: record.districtId,
  schoolId: record.schoolId,
  schoolName: record.schoolName,
  personId: record.personId,
  personName: record.personName ?? t.unnamed,
  kind: record.kind,
  startsOn: isoOf(record.startsOn),
  endsOn: record.endsOn ? isoOf(record.endsOn) : null,
  plannedVisits: record.plannedVisits,
  note: record.note,
  status: periodStatus(record, day),
  endedAt: record.endedAt?.toISOString() ?? null,
});

const pairView = (record: PairRecord, day: string): PairView => ({
  id: record.id,
  districtId: record.districtId,
  supportedSchoolId: record.supportedSchoolId,
  supportedSchoolName: record.supportedSchoolName,
  curatorSchoolId: record.curatorSchoolId,
  curatorSchoolName: record.curatorSchoolName,
  startsOn: isoOf(record.startsOn),
  endsOn: record.endsOn ? isoOf(record.endsOn) : null,
  note: record.note,
  status: periodStatus(record, day),
  endedAt: record.endedAt?.toISOString() ?? null,
  curatorHeads: record.curatorHeads.map((head) => ({ personId: head.personId, name: head.name ?? t.unnamed })),
});

function districtZone(viewer: PersonView, districtId: string): string {
  return viewer.memberships.find((membership) => membership.districtId === districtId)?.districtTimezone ?? "Europe/Moscow";
}

// ---- lapsed periods ----

/**
 * Ends the running assignments whose last day has passed in their district's calendar (and their
 * memberships), and the pairs likewise. Idempotent; returns how many were ended.
 */
export async function endLapsed(deps: Pick<AssignmentsDeps, "assignments" | "clock">, districtId?: string): Promise<{ assignments: number; pairs: number }> {
  const now = deps.clock.now();
  const result = { assignments: 0, pairs: 0 };
  // A day ahead covers every time zone; `lapsed` decides by the district's own calendar day.
  for (const record of await deps.assignments.assignmentsEndingBefore(new Date(now.getTime() + DAY_MS))) {
    if (districtId && record.districtId !== districtId) continue;
    if (lapsed(record, today(deps, record.timezone)) && (await deps.assignments.endAssignment(record.id, now, null))) result.assignments++;
  }
  for (const pair of await deps.assignments.pairsEndingBefore(new Date(now.getTime() + DAY_MS))) {
    if (districtId && pair.districtId !== districtId) continue;
    if (lapsed(pair, today(deps, pair.timezone)) && (await deps.assignments.endPair(pair.id, now, null))) result.pairs++;
  }
  return result;
}

// ---- the district's lists ----

export async function listAssignments(deps: AssignmentsDeps, viewer: PersonView, districtId: string, filter: AssignmentFilter = {}) {
  if (!canReadDistrict(viewer.memberships, districtId)) throw refuse();
  await endLapsed(deps, districtId);
  const records = await deps.assignments.listAssignments(districtId, {
    ...(filter.schoolId ? { schoolId: filter.schoolId } : {}),
    ...(filter.personId ? { personId: filter.personId } : {}),
    includeEnded: filter.ended === "1",
  });
  const day = today(deps, districtZone(viewer, districtId));
  return { assignments: records.map((record) => assignmentView(record, day)), canEdit: canManageDistrict(viewer.memberships, districtId) };
}

/** Schools and people the district may assign (the form's choices). */
export async function assignmentOptions(deps: AssignmentsDeps, viewer: PersonView, districtId: string) {
  if (!canReadDistrict(viewer.memberships, districtId)) throw refuse();
  const [schools, people] = await Promise.all([deps.assignments.schools(districtId), deps.assignments.people(districtId)]);
  return {
    schools,
    people: people.map((person) => ({ personId: person.personId, name: person.name ?? t.unnamed, roles: person.roles })),
    canEdit: canManageDistrict(viewer.memberships, districtId),
  };
}

type Reachable = { personId: string; account: { channel: OutboxMessage["channel"]; chatId: string } };

async function notify(deps: AssignmentsDeps, districtId: string, notices: Array<{ personId: string; dedupeKey: string; text: string }>) {
  if (!notices.length) return 0;
  const recipients = await deps.recipients.recipients(districtId, { personIds: [...new Set(notices.map((notice) => notice.personId))] });
  const reachable = new Map(
    recipients.filter((recipient): recipient is typeof recipient & Reachable => recipient.consented && recipient.account !== null).map((recipient) => [recipient.personId, recipient]),
  );
  const messages: OutboxMessage[] = [];
  for (const notice of notices) {
    const recipient = reachable.get(notice.personId);
    if (!recipient) continue;
    messages.push({ dedupeKey: notice.dedupeKey, personId: notice.personId, channel: recipient.account.channel, chatId: recipient.account.chatId, text: notice.text, appStart: "net-myNetwork" });
  }
  return messages.length ? deps.repo.enqueue(messages) : 0;
}

async function schoolOf(deps: AssignmentsDeps, districtId: string, schoolId: string, field: string) {
  const school = (await deps.assignments.schools(districtId)).find((candidate) => candidate.id === schoolId);
  if (!school) throw new AdminError("invalid", t.otherSchool, { field });
  return school;
}

export async function createAssignment(deps: AssignmentsDeps, viewer: PersonView, districtId: string, input: AssignmentInput): Promise<AssignmentView> {
  if (!canManageDistrict(viewer.memberships, districtId)) throw refuse();
  await schoolOf(deps, districtId, input.schoolId, "schoolId");
  if (!(await deps.assignments.isMember(districtId, input.personId))) throw new AdminError("invalid", t.notMember, { field: "personId" });
  await endLapsed(deps, districtId);
  const created = await deps.assignments.createAssignment(
    {
      districtId,
      personId: input.personId,
      schoolId: input.schoolId,
      kind: input.kind,
      startsOn: dateOf(input.startsOn),
      endsOn: input.endsOn ? dateOf(input.endsOn) : null,
      plannedVisits: input.plannedVisits,
      note: input.note,
      createdById: viewer.id,
    },
    deps.clock.now(),
  );
  if (created === "duplicate") throw new AdminError("invalid", t.duplicateAssignment, { field: "personId" });
  const record = created.assignment;
  const period = periodText(record);
  const heads = (await deps.assignments.headsOf([record.schoolId])).filter((head) => head.personId !== record.personId);
  await notify(deps, districtId, [
    {
      personId: record.personId,
      dedupeKey: `nw-asg:${record.id}:${record.personId}`,
      text: t.noticeAssigned({ kind: record.kind, school: record.schoolName, district: record.districtName, period, visits: record.plannedVisits }),
    },
    ...heads.map((head) => ({
      personId: head.personId,
      dedupeKey: `nw-asg:${record.id}:${head.personId}`,
      text: t.noticeSchoolGetsSupporter({ kind: record.kind, name: record.personName ?? t.unnamed, school: record.schoolName, period }),
    })),
  ]);
  return assignmentView(record, today(deps, record.timezone));
}

/** Ends it today (or on `endsOn` when that is earlier); the membership it gave ends with it. */
export async function endAssignment(deps: AssignmentsDeps, viewer: PersonView, assignmentId: string): Promise<AssignmentView> {
  const record = await deps.assignments.getAssignment(assignmentId);
  if (!record || !canReadDistrict(viewer.memberships, record.districtId)) throw missing();
  if (!canManageDistrict(viewer.memberships, record.districtId)) throw refuse();
  const day = today(deps, record.timezone);
  const endsOn = record.endsOn && isoOf(record.endsOn) <= day ? null : dateOf(day);
  if (!(await deps.assignments.endAssignment(record.id, deps.clock.now(), endsOn))) throw new AdminError("invalid", t.alreadyEnded);
  return assignmentView((await deps.assignments.getAssignment(record.id))!, day);
}

// ---- pairs ----

async function syncPairs(deps: AssignmentsDeps, pairs: readonly PairRecord[]) {
  const now = deps.clock.now();
  for (const pair of pairs) {
    const { added } = await deps.assignments.syncPair(pair.id, now);
    if (added.length) await notifyPair(deps, pair, added, []);
  }
}

async function notifyPair(deps: AssignmentsDeps, pair: PairRecord, curatorHeads: readonly string[], supportedHeads: readonly string[]) {
  const input = { curator: pair.curatorSchoolName, supported: pair.supportedSchoolName, period: periodText(pair) };
  await notify(deps, pair.districtId, [
    ...curatorHeads.map((personId) => ({ personId, dedupeKey: `nw-pair:${pair.id}:${personId}`, text: t.noticePaired(input) })),
    ...supportedHeads.map((personId) => ({ personId, dedupeKey: `nw-pair:${pair.id}:${personId}`, text: t.noticeSchoolGetsCurator(input) })),
  ]);
}

export async function listPairs(deps: AssignmentsDeps, viewer: PersonView, districtId: string, includeEnded = false) {
  if (!canReadDistrict(viewer.memberships, districtId)) throw refuse();
  await endLapsed(deps, districtId);
  await syncPairs(deps, await deps.assignments.listPairs(districtId, false));
  const day = today(deps, districtZone(viewer, districtId));
  const pairs = await deps.assignments.listPairs(districtId, includeEnded);
  return { pairs: pairs.map((pair) => pairView(pair, day)), canEdit: canManageDistrict(viewer.memberships, districtId) };
}

export async function createPair(deps: AssignmentsDeps, viewer: PersonView, districtId: string, input: PairInput): Promise<PairView> {
  if (!canManageDistrict(viewer.memberships, districtId)) throw refuse();
  await schoolOf(deps, districtId, input.supportedSchoolId, "supportedSchoolId");
  await schoolOf(deps, districtId, input.curatorSchoolId, "curatorSchoolId");
  await endLapsed(deps, districtId);
  const running = await deps.assignments.listPairs(districtId, false);
  if (running.some((pair) => pair.curatorSchoolId === input.supportedSchoolId || pair.supportedSchoolId === input.curatorSchoolId)) {
    throw new AdminError("invalid", t.supportedIsCurator, { field: "supportedSchoolId" });
  }
  const created = await deps.assignments.createPair(
    {
      districtId,
      supportedSchoolId: input.supportedSchoolId,
      curatorSchoolId: input.curatorSchoolId,
      startsOn: dateOf(input.startsOn),
      endsOn: input.endsOn ? dateOf(input.endsOn) : null,
      note: input.note,
      createdById: viewer.id,
    },
    deps.clock.now(),
  );
  if (created === "duplicate") throw new AdminError("invalid", t.duplicatePair, { field: "curatorSchoolId" });
  const pair = created.pair;
  const supportedHeads = (await deps.assignments.headsOf([pair.supportedSchoolId])).map((head) => head.personId);
  await notifyPair(
    deps,
    pair,
    pair.curatorHeads.map((head) => head.personId),
    supportedHeads.filter((personId) => !pair.curatorHeads.some((head) => head.personId === personId)),
  );
  return pairView(pair, today(deps, pair.timezone));
}

export async function endPair(deps: AssignmentsDeps, viewer: PersonView, pairId: string): Promise<PairView> {
  const pair = await deps.assignments.getPair(pairId);
  if (!pair || !canReadDistrict(viewer.memberships, pair.districtId)) throw missing();
  if (!canManageDistrict(viewer.memberships, pair.districtId)) throw refuse();
  const day = today(deps, pair.timezone);
  const endsOn = pair.endsOn && isoOf(pair.endsOn) <= day ? null : dateOf(day);
  if (!(await deps.assignments.endPair(pair.id, deps.clock.now(), endsOn))) throw new AdminError("invalid", t.alreadyEnded);
  return pairView((await deps.assignments.getPair(pair.id))!, day);
}

/**
 * Curator schools to offer first (the latest identification's curator candidates, then resilient
 * schools, with why), and the schools to support (ШНОР, then ШНСУ).
 */
export async function pairCandidates(deps: AssignmentsDeps, viewer: PersonView, districtId: string) {
  if (!canReadDistrict(viewer.memberships, districtId)) throw refuse();
  const [schools, run, pairs] = await Promise.all([
    deps.assignments.schools(districtId),
    deps.ident ? deps.ident.latestRun(districtId) : Promise.resolve(null),
    deps.assignments.listPairs(districtId, false),
  ]);
  const flags: RunSchoolFlags[] = (run?.output.schools ?? []).map((school) => ({
    schoolId: school.schoolId,
    shnor: school.shnor,
    shnsu: school.shnsu,
    resilient: school.resilient,
    curatorCandidate: school.curatorCandidate,
    curatorText: school.explanation?.checks?.find((check) => check.rule === "curator")?.text ?? null,
  }));
  const ranked = run ? { year: run.year, schools: flags } : null;
  const curating = new Map<string, number>();
  for (const pair of pairs) curating.set(pair.curatorSchoolId, (curating.get(pair.curatorSchoolId) ?? 0) + 1);
  return {
    year: run?.year ?? null,
    note: run ? null : t.noRun,
    curators: rankCuratorCandidates(schools, ranked, curating),
    supported: rankSupportedSchools(schools, ranked),
  };
}

// ---- "my schools" ----

export interface SharedEventView {
  id: string;
  number: string;
  title: string;
  dueOn: string;
  state: EventState;
  /** The viewer is one of its executors. */
  mine: boolean;
}

export interface MySchoolView {
  schoolId: string;
  schoolName: string;
  districtId: string;
  districtName: string;
  /** What the viewer is to this school. */
  me: Array<
    | { role: AssignmentKind; assignmentId: string; startsOn: string; endsOn: string | null; plannedVisits: number; status: PeriodStatus }
    | { role: "curator_head"; pairId: string; curatorSchoolName: string; startsOn: string; endsOn: string | null }
    | { role: "head" }
  >;
  heads: Array<{ personId: string; name: string }>;
  supporters: Array<{ assignmentId: string; kind: AssignmentKind; personId: string; name: string; startsOn: string; endsOn: string | null; plannedVisits: number; status: PeriodStatus }>;
  curatorSchools: Array<{ pairId: string; schoolId: string; name: string; heads: string[]; startsOn: string; endsOn: string | null }>;
  /** Shared roadmap events of the current school year; null: the school has no roadmap yet (or roadmaps are not wired). */
  events: { schoolYear: string; items: SharedEventView[] } | null;
}

/** Whether the person may open "my schools" at all. */
export const mayViewNetwork = (viewer: PersonView) =>
  viewer.memberships.some((membership) => membership.active && NETWORK_VIEW_ROLES.includes(membership.role));

/**
 * "My schools": the schools the viewer is assigned to (mentor, tutor, curator), supports as a curator
 * school's head (curator_head), or heads; for each, the heads, the supporters with their periods, the
 * curator schools, and the shared roadmap events of the current school year.
 */
export async function myNetwork(deps: AssignmentsDeps, viewer: PersonView): Promise<{ schools: MySchoolView[] }> {
  if (!mayViewNetwork(viewer)) throw new AdminError("forbidden", t.refusal);
  const active = viewer.memberships.filter((membership) => membership.active);
  const headSchools = active.filter((membership) => membership.role === "head" && membership.schoolId).map((membership) => membership.schoolId!);
  // Heads who joined a curator school later get their access now; one who left loses it.
  const toSync = new Map<string, PairRecord>();
  for (const pair of await deps.assignments.pairsOfSchools(headSchools)) if (headSchools.includes(pair.curatorSchoolId)) toSync.set(pair.id, pair);
  for (const pair of await deps.assignments.pairsOfCuratorHead(viewer.id)) toSync.set(pair.id, pair);
  await syncPairs(deps, [...toSync.values()]);
  await endLapsed(deps);

  const schools = new Map<string, MySchoolView>();
  const place = (schoolId: string, schoolName: string, districtId: string, districtName: string) => {
    if (!schools.has(schoolId)) {
      schools.set(schoolId, { schoolId, schoolName, districtId, districtName, me: [], heads: [], supporters: [], curatorSchools: [], events: null });
    }
    return schools.get(schoolId)!;
  };
  const zones = new Map<string, string>();
  for (const record of await deps.assignments.assignmentsOfPerson(viewer.id)) {
    zones.set(record.districtId, record.timezone);
    const day = today(deps, record.timezone);
    const view = assignmentView(record, day);
    place(record.schoolId, record.schoolName, record.districtId, record.districtName).me.push({
      role: record.kind,
      assignmentId: record.id,
      startsOn: view.startsOn,
      endsOn: view.endsOn,
      plannedVisits: record.plannedVisits,
      status: view.status,
    });
  }
  for (const pair of await deps.assignments.pairsOfCuratorHead(viewer.id)) {
    zones.set(pair.districtId, pair.timezone);
    place(pair.supportedSchoolId, pair.supportedSchoolName, pair.districtId, pair.districtName).me.push({
      role: "curator_head",
      pairId: pair.id,
      curatorSchoolName: pair.curatorSchoolName,
      startsOn: isoOf(pair.startsOn),
      endsOn: pair.endsOn ? isoOf(pair.endsOn) : null,
    });
  }
  for (const membership of active) {
    if (membership.role !== "head" || !membership.schoolId) continue;
    zones.set(membership.districtId, membership.districtTimezone);
    place(membership.schoolId, membership.schoolName ?? "", membership.districtId, membership.districtName).me.push({ role: "head" });
  }

  const ids = [...schools.keys()];
  const [heads, supporters, pairs] = await Promise.all([
    deps.assignments.headsOf(ids),
    deps.assignments.assignmentsAtSchools(ids),
    deps.assignments.pairsOfSchools(ids),
  ]);
  for (const head of heads) schools.get(head.schoolId)?.heads.push({ personId: head.personId, name: head.name ?? t.unnamed });
  for (const record of supporters) {
    const school = schools.get(record.schoolId);
    if (!school) continue;
    const view = assignmentView(record, today(deps, record.timezone));
    if (view.status === "ended") continue;
    school.supporters.push({
      assignmentId: record.id,
      kind: record.kind,
      personId: record.personId,
      name: view.personName,
      startsOn: view.startsOn,
      endsOn: view.endsOn,
      plannedVisits: record.plannedVisits,
      status: view.status,
    });
  }
  for (const pair of pairs) {
    const school = schools.get(pair.supportedSchoolId);
    if (!school) continue;
    school.curatorSchools.push({
      pairId: pair.id,
      schoolId: pair.curatorSchoolId,
      name: pair.curatorSchoolName,
      heads: pair.curatorHeads.map((head) => head.name ?? t.unnamed),
      startsOn: isoOf(pair.startsOn),
      endsOn: pair.endsOn ? isoOf(pair.endsOn) : null,
    });
  }

  if (deps.roadmaps) {
    for (const school of schools.values()) {
      const schoolYear = schoolYearOf(deps.clock.now(), zones.get(school.districtId) ?? "Europe/Moscow");
      const roadmap = await deps.roadmaps.findRoadmap({ districtId: school.districtId, schoolId: school.schoolId, schoolYear });
      if (!roadmap) continue;
      const supporterIds = new Set([
        ...school.supporters.map((supporter) => supporter.personId),
        ...pairs.filter((pair) => pair.supportedSchoolId === school.schoolId).flatMap((pair) => pair.curatorHeads.map((head) => head.personId)),
      ]);
      school.events = {
        schoolYear,
        items: roadmap.events
          .filter((event) => isSharedEvent(event, supporterIds))
          .sort((a, b) => a.dueOn.getTime() - b.dueOn.getTime() || a.position - b.position)
          .map((event) => ({
            id: event.id,
            number: event.number,
            title: event.title,
            dueOn: isoOf(event.dueOn),
            state: event.state,
            mine: event.executors.some((executor) => executor.personId === viewer.id),
          })),
      };
    }
  }
  const order = (view: MySchoolView) => (view.me.some((me) => me.role !== "head") ? 0 : 1);
  return { schools: [...schools.values()].sort((a, b) => order(a) - order(b) || a.schoolName.localeCompare(b.schoolName, "ru")) };
}
