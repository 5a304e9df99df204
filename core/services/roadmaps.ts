// Roadmaps (#14): the district's and each school's roadmap of a school year (seed 002's format), its
// events' states, executors and evidence. The Mini App, the bot's /tasks and the jobs use these.
// Permissions: core/management/roadmap.ts (district staff: every roadmap of their district; a head:
// their school's; executors: their events).
import { DomainError } from "../errors.ts";
import { defaultRoadmapInit } from "../management/roadmap-template.ts";
import {
  canEditRoadmap,
  canViewRoadmap,
  dueDate,
  evidenceUrl,
  isOpen,
  isPastDue,
  localDate,
  mayAct,
  mayAskHelp,
  nextState,
  canViewEvent,
  type EventAction,
  type EventScope,
} from "../management/roadmap.ts";
import { schoolYearOf } from "../management/school-year.ts";
import { roadmapText as t } from "../messages/roadmap.ts";
import { DISTRICT_ROLES, type Role } from "../roles.ts";
import { ATTACHMENT_MAX_BYTES, ATTACHMENT_TYPES } from "./file-store-ports.ts";
import type { ManagementContext } from "./management-context.ts";
import type { Clock, OutboxMessage, PersonView, Repository } from "./ports.ts";
import type { Recipient } from "./recipients-ports.ts";
import {
  OPEN_STATES,
  ROADMAP_SECTIONS,
  type EventInContext,
  type EventPatch,
  type EventRecord,
  type EventState,
  type RoadmapRecord,
  type RoadmapSection,
  type RoadmapSummary,
} from "./roadmaps-ports.ts";

export interface RoadmapsDeps {
  repo: Pick<Repository, "enqueue" | "listSchools" | "getSchool">;
  clock: Clock;
  management: Pick<ManagementContext, "roadmaps" | "recipients" | "files">;
}

const ACTION_LOG: Record<EventAction, string> = {
  start: "started",
  done: "done",
  postpone: "postponed",
  cancel: "cancelled",
  reopen: "reopened",
  overdue: "overdue",
};

/** The chat steps of /tasks kept in the event log (they survive a restart) and what ends them. */
export const STEP_AWAITING_EVIDENCE = "awaiting_evidence";
export const STEP_AWAITING_POSTPONE = "awaiting_postpone";
export const STEP_CLEARED = "step_cleared";
const STEP_ACTIONS = [STEP_AWAITING_EVIDENCE, STEP_AWAITING_POSTPONE, STEP_CLEARED, "done", "postponed"];
/**
 * A step left unanswered this long is forgotten: while it is open the person's typed texts and files
 * go to it (journeys after this one in the registry would not see them), so it is kept short; a
 * restart in between does not lose it.
 */
const STEP_TTL_MS = 2 * 3600_000;

/** Who may be an executor: the school's staff (not parents) and district-wide roles; for the district's roadmap, district-wide roles and heads. */
const EXECUTOR_ROLES: readonly Role[] = ["district", "regional", "methodologist", "assessment", "head", "teacher", "mentor"];

const scopeOf = (event: EventInContext): EventScope => ({ districtId: event.districtId, schoolId: event.schoolId, executorIds: event.executors.map((e) => e.personId) });

function districtMembership(person: PersonView, districtId: string) {
  const membership = person.memberships.find((m) => m.active && m.districtId === districtId);
  if (!membership) throw new DomainError("forbidden", { districtId });
  return membership;
}

async function checkSchool(deps: RoadmapsDeps, districtId: string, schoolId: string | null): Promise<string | null> {
  if (schoolId === null) return null;
  const school = await deps.repo.getSchool(schoolId);
  if (!school || school.districtId !== districtId) throw new DomainError("not_found", { schoolId });
  return school.name;
}

async function eventFor(deps: RoadmapsDeps, person: PersonView, eventId: string): Promise<EventInContext> {
  const event = await deps.management.roadmaps.getEvent(eventId);
  if (!event || !canViewEvent(person, scopeOf(event))) throw new DomainError("not_found", { eventId });
  return event;
}

async function editableEvent(deps: RoadmapsDeps, person: PersonView, eventId: string): Promise<EventInContext> {
  const event = await eventFor(deps, person, eventId);
  if (!canEditRoadmap(person.memberships, event)) throw new DomainError("forbidden", { eventId });
  return event;
}

// ---- lists and one roadmap ----

export interface RoadmapListItem {
  schoolId: string | null;
  name: string;
  roadmap: RoadmapSummary | null;
  /** False for a reader (the working group, #15): no «Создать». */
  canEdit: boolean;
}

/** The district's roadmap and each school's of the school year (district staff: all; a head: their schools'). */
export async function listDistrictRoadmaps(deps: RoadmapsDeps, person: PersonView, districtId: string, schoolYear?: string) {
  const membership = districtMembership(person, districtId);
  const year = schoolYear ?? schoolYearOf(deps.clock.now(), membership.districtTimezone);
  const isDistrict = canViewRoadmap(person.memberships, { districtId, schoolId: null });
  const schools = (await deps.repo.listSchools([districtId])).filter((school) => isDistrict || canViewRoadmap(person.memberships, { districtId, schoolId: school.id }));
  if (!isDistrict && !schools.length) throw new DomainError("forbidden", { districtId });
  const roadmaps = await deps.management.roadmaps.listRoadmaps(districtId, year);
  const byScope = new Map(roadmaps.map((roadmap) => [roadmap.schoolId ?? "district", roadmap]));
  const items: RoadmapListItem[] = [];
  const canEdit = (schoolId: string | null) => canEditRoadmap(person.memberships, { districtId, schoolId });
  if (isDistrict) items.push({ schoolId: null, name: membership.districtName, roadmap: byScope.get("district") ?? null, canEdit: canEdit(null) });
  for (const school of schools) items.push({ schoolId: school.id, name: school.name, roadmap: byScope.get(school.id) ?? null, canEdit: canEdit(school.id) });
  return { schoolYear: year, districtName: membership.districtName, items };
}

/** One roadmap (null when not created yet), for those who may see it. */
export async function roadmapOf(deps: RoadmapsDeps, person: PersonView, districtId: string, schoolId: string | null, schoolYear?: string) {
  const membership = districtMembership(person, districtId);
  const schoolName = await checkSchool(deps, districtId, schoolId);
  if (!canViewRoadmap(person.memberships, { districtId, schoolId })) throw new DomainError("forbidden", { districtId, schoolId });
  const year = schoolYear ?? schoolYearOf(deps.clock.now(), membership.districtTimezone);
  const roadmap = await deps.management.roadmaps.findRoadmap({ districtId, schoolId, schoolYear: year });
  const canEdit = canEditRoadmap(person.memberships, { districtId, schoolId });
  return { schoolYear: year, name: schoolName ?? membership.districtName, timezone: membership.districtTimezone, roadmap, canEdit };
}

/** Creates the roadmap from seed 002's template (nothing happens when it exists). */
export async function createRoadmapFromTemplate(deps: RoadmapsDeps, person: PersonView, districtId: string, schoolId: string | null, schoolYear?: string) {
  const membership = districtMembership(person, districtId);
  const schoolName = await checkSchool(deps, districtId, schoolId);
  if (!canEditRoadmap(person.memberships, { districtId, schoolId })) throw new DomainError("forbidden", { districtId, schoolId });
  const year = schoolYear ?? schoolYearOf(deps.clock.now(), membership.districtTimezone);
  const init = defaultRoadmapInit(schoolId ? "school" : "district", schoolName ?? membership.districtName, year);
  return deps.management.roadmaps.ensureRoadmap({ districtId, schoolId, schoolYear: year }, init);
}

export async function roadmapById(deps: RoadmapsDeps, person: PersonView, roadmapId: string): Promise<RoadmapRecord> {
  const roadmap = await deps.management.roadmaps.getRoadmap(roadmapId);
  if (!roadmap || !canEditRoadmap(person.memberships, roadmap)) throw new DomainError("not_found", { roadmapId });
  return roadmap;
}

// ---- editing (the Mini App) ----

export interface EventFields {
  section: RoadmapSection;
  number?: string;
  title: string;
  dueOn: Date;
  indicator?: string | null;
  resultDocument?: string | null;
  executorsText?: string | null;
}

export async function addRoadmapEvent(deps: RoadmapsDeps, person: PersonView, roadmapId: string, fields: EventFields): Promise<string> {
  const roadmap = await roadmapById(deps, person, roadmapId);
  if (!ROADMAP_SECTIONS.includes(fields.section)) throw new DomainError("invalid_input", { section: fields.section });
  return deps.management.roadmaps.addEvent(roadmap.id, fields, person.id);
}

export async function editRoadmapEvent(deps: RoadmapsDeps, person: PersonView, eventId: string, patch: EventPatch): Promise<void> {
  const event = await editableEvent(deps, person, eventId);
  let stateAfter: { from: EventState; to: EventState } | null = null;
  if (patch.dueOn) {
    const past = isPastDue(patch.dueOn, deps.clock.now(), event.timezone);
    // A new deadline ahead takes an overdue event back to planned; one already passed makes it overdue.
    if (event.state === "overdue" && !past) stateAfter = { from: "overdue", to: "planned" };
    if ((event.state === "planned" || event.state === "in_progress") && past) stateAfter = { from: event.state, to: "overdue" };
  }
  await deps.management.roadmaps.updateEvent(eventId, patch, person.id, stateAfter);
}

export async function deleteRoadmapEvent(deps: RoadmapsDeps, person: PersonView, eventId: string): Promise<void> {
  const event = await editableEvent(deps, person, eventId);
  for (const evidence of event.evidence) if (evidence.fileKey) await deps.management.files.delete(evidence.fileKey);
  await deps.management.roadmaps.deleteEvent(eventId);
}

export async function reorderRoadmapEvents(deps: RoadmapsDeps, person: PersonView, roadmapId: string, eventIds: readonly string[]): Promise<void> {
  const roadmap = await roadmapById(deps, person, roadmapId);
  await deps.management.roadmaps.reorderEvents(roadmap.id, eventIds);
}

/** People who may be executors of the roadmap's events: the school's staff and district-wide roles (district's roadmap: district-wide roles and heads). */
export async function executorCandidates(deps: RoadmapsDeps, person: PersonView, districtId: string, schoolId: string | null): Promise<Recipient[]> {
  if (!canEditRoadmap(person.memberships, { districtId, schoolId })) throw new DomainError("forbidden", { districtId, schoolId });
  const all = await deps.management.recipients.recipients(districtId, { roles: EXECUTOR_ROLES });
  return all.filter((candidate) =>
    candidate.roles.some((role) => DISTRICT_ROLES.includes(role)) ||
    (schoolId ? candidate.schoolIds.includes(schoolId) && candidate.roles.some((role) => role !== "parent") : candidate.roles.includes("head")),
  );
}

const eventButtons = (eventId: string) => [
  [
    { text: t.doneButton, data: `rm:done:${eventId}` },
    { text: t.helpButton, data: `rm:help:${eventId}` },
  ],
  [{ text: t.postponeButton, data: `rm:postpone:${eventId}` }],
];

export const formatDue = (dueOn: Date) => new Intl.DateTimeFormat("ru-RU", { timeZone: "UTC", day: "numeric", month: "long", year: "numeric" }).format(dueOn);

export const placeOfEvent = (event: Pick<EventInContext, "schoolName" | "districtName">) => event.schoolName ?? t.districtPlace(event.districtName);

const reachable = (recipient: Recipient): recipient is Recipient & { account: NonNullable<Recipient["account"]> } => recipient.consented && recipient.account !== null;

/** Sets the people responsible; those newly added get the event in chat (once per event and person). */
export async function setEventExecutors(deps: RoadmapsDeps, person: PersonView, eventId: string, personIds: readonly string[]): Promise<void> {
  const event = await editableEvent(deps, person, eventId);
  const candidates = await executorCandidates(deps, person, event.districtId, event.schoolId);
  const allowed = new Set(candidates.map((candidate) => candidate.personId));
  const unique = [...new Set(personIds)];
  if (unique.some((id) => !allowed.has(id))) throw new DomainError("invalid_input", { eventId });
  await deps.management.roadmaps.setExecutors(eventId, unique, person.id);
  const before = new Set(event.executors.map((executor) => executor.personId));
  if (!isOpen(event.state)) return;
  const added = candidates.filter((candidate) => unique.includes(candidate.personId) && !before.has(candidate.personId) && candidate.personId !== person.id);
  const messages: OutboxMessage[] = added.filter(reachable).map((recipient) => ({
    dedupeKey: `rm-new:${eventId}:${recipient.personId}`,
    personId: recipient.personId,
    channel: recipient.account.channel,
    chatId: recipient.account.chatId,
    text: t.assigned({ title: event.title, due: formatDue(event.dueOn), place: placeOfEvent(event) }),
    appStart: "tasks",
    buttons: eventButtons(eventId),
  }));
  if (messages.length) await deps.repo.enqueue(messages);
}

// ---- states ----

/** Evidence file checks before download: the type by the name's extension, the size the messenger reports. */
export function attachmentType(fileName: string): string | null {
  const extension = fileName.split(".").pop()?.toLowerCase() ?? "";
  return fileName.includes(".") ? (ATTACHMENT_TYPES[extension] ?? null) : null;
}

export type EvidenceInput =
  | { kind: "link"; url: string }
  | { kind: "file"; fileName: string; size: number | null; download: () => Promise<Uint8Array> };

export type EvidenceProblem = "bad_url" | "bad_type" | "too_big" | "download_failed";

export class EvidenceError extends Error {
  constructor(readonly problem: EvidenceProblem) {
    super(`evidence: ${problem}`);
  }
}

async function storeEvidence(deps: RoadmapsDeps, person: PersonView, eventId: string, input: EvidenceInput): Promise<string> {
  if (input.kind === "link") {
    const url = evidenceUrl(input.url);
    if (!url) throw new EvidenceError("bad_url");
    return deps.management.roadmaps.addEvidence(eventId, { url }, person.id);
  }
  const mimeType = attachmentType(input.fileName);
  if (!mimeType) throw new EvidenceError("bad_type");
  if (input.size !== null && input.size > ATTACHMENT_MAX_BYTES) throw new EvidenceError("too_big");
  let content: Uint8Array;
  try {
    content = await input.download();
  } catch {
    throw new EvidenceError("download_failed");
  }
  if (content.byteLength > ATTACHMENT_MAX_BYTES) throw new EvidenceError("too_big");
  if (content.byteLength === 0) throw new EvidenceError("download_failed");
  const key = `evidence/${globalThis.crypto.randomUUID()}`;
  await deps.management.files.put(key, content, mimeType);
  const name = input.fileName.split(/[\\/]/).pop()!.replace(/[\u0000-\u001f\u007f]/g, "").slice(0, 200);
  return deps.management.roadmaps.addEvidence(eventId, { file: { key, name, mimeType, size: content.byteLength } }, person.id);
}

/** Adds evidence to an event one may act on (an executor, or an editor). */
export async function addEventEvidence(deps: RoadmapsDeps, person: PersonView, eventId: string, input: EvidenceInput): Promise<string> {
  const event = await eventFor(deps, person, eventId);
  if (!mayAct(person, scopeOf(event), "done")) throw new DomainError("forbidden", { eventId });
  return storeEvidence(deps, person, eventId, input);
}

/**
 * A state change by a person: start, done (needs evidence — given here or already attached), cancel,
 * reopen, postpone (a new deadline not in the past, and a reason). Returns the event after it.
 */
export async function actOnEvent(
  deps: RoadmapsDeps,
  person: PersonView,
  eventId: string,
  action: Exclude<EventAction, "overdue">,
  options: { evidence?: EvidenceInput; dueOn?: Date; reason?: string } = {},
): Promise<EventInContext> {
  const event = await eventFor(deps, person, eventId);
  if (!mayAct(person, scopeOf(event), action)) throw new DomainError("forbidden", { eventId, action });
  const now = deps.clock.now();
  let pastDue = isPastDue(event.dueOn, now, event.timezone);
  let note: string | null = null;
  if (action === "postpone") {
    const reason = options.reason?.trim() ?? "";
    if (!options.dueOn || reason.length < 3) throw new DomainError("invalid_input", { eventId, action });
    pastDue = isPastDue(options.dueOn, now, event.timezone);
    note = `${dueDate(event.dueOn)} → ${dueDate(options.dueOn)}: ${reason.slice(0, 500)}`;
  }
  const to = nextState(event.state, action, pastDue);
  if (!to) throw new DomainError("invalid_input", { eventId, action, state: event.state });
  if (action === "done") {
    if (options.evidence) await storeEvidence(deps, person, eventId, options.evidence);
    else if (!event.evidence.length) throw new DomainError("invalid_input", { eventId, reason: "evidence_required" });
  }
  const changed = await deps.management.roadmaps.changeState(
    eventId,
    {
      from: event.state,
      to,
      action: ACTION_LOG[action],
      note,
      dueOn: action === "postpone" ? options.dueOn : undefined,
      doneAt: action === "done" ? now : action === "reopen" ? null : undefined,
    },
    person.id,
  );
  if (!changed) throw new DomainError("invalid_input", { eventId, reason: "changed_meanwhile" });
  return (await deps.management.roadmaps.getEvent(eventId))!;
}

/** «Нужна помощь»: logged, and district staff are told (once per request). */
export async function askForHelp(deps: RoadmapsDeps, person: PersonView, eventId: string): Promise<EventInContext> {
  const event = await eventFor(deps, person, eventId);
  if (!mayAskHelp(person, scopeOf(event))) throw new DomainError("forbidden", { eventId });
  if (!isOpen(event.state)) throw new DomainError("invalid_input", { eventId, state: event.state });
  const now = deps.clock.now();
  await deps.management.roadmaps.appendLog(eventId, person.id, "help");
  await deps.management.roadmaps.markHelpRequested(eventId, now);
  const staff = (await deps.management.recipients.recipients(event.districtId, { roles: ["district"] })).filter(reachable);
  const text = t.helpRequested({ title: event.title, number: event.number, place: placeOfEvent(event), who: person.displayName ?? t.someone });
  if (staff.length) {
    await deps.repo.enqueue(
      // One notice per event, person asking and day: a repeated press the same day is logged, not sent again.
      staff.map((recipient) => ({ dedupeKey: `rm-help:${eventId}:${person.id}:${localDate(now, event.timezone)}:${recipient.personId}`, personId: recipient.personId, channel: recipient.account.channel, chatId: recipient.account.chatId, text })),
    );
  }
  return event;
}

/** Events whose executor the person is and that are still open, by deadline. */
export function myOpenTasks(deps: RoadmapsDeps, person: PersonView): Promise<EventInContext[]> {
  return deps.management.roadmaps.eventsOfExecutor(person.id, OPEN_STATES);
}

/** One event with its log, for those who may see it. */
export async function eventDetails(deps: RoadmapsDeps, person: PersonView, eventId: string) {
  const event = await eventFor(deps, person, eventId);
  return { event, log: await deps.management.roadmaps.eventLog(eventId), canEdit: canEditRoadmap(person.memberships, event) };
}

/** An evidence file, for those who may see its event. */
export async function evidenceFile(deps: RoadmapsDeps, person: PersonView, evidenceId: string) {
  const evidence = await deps.management.roadmaps.getEvidence(evidenceId);
  if (!evidence?.fileKey) throw new DomainError("not_found", { evidenceId });
  await eventFor(deps, person, evidence.eventId);
  const content = await deps.management.files.get(evidence.fileKey);
  if (!content) throw new DomainError("not_found", { evidenceId });
  return { name: evidence.fileName ?? "evidence", mimeType: evidence.mimeType ?? "application/octet-stream", content };
}

// ---- chat steps of /tasks (kept in the event log) ----

export async function startChatStep(deps: RoadmapsDeps, person: PersonView, eventId: string, step: typeof STEP_AWAITING_EVIDENCE | typeof STEP_AWAITING_POSTPONE): Promise<EventInContext> {
  const event = await eventFor(deps, person, eventId);
  if (!isOpen(event.state)) throw new DomainError("invalid_input", { eventId, state: event.state });
  if (!mayAct(person, scopeOf(event), step === STEP_AWAITING_EVIDENCE ? "done" : "postpone")) throw new DomainError("forbidden", { eventId });
  await deps.management.roadmaps.appendLog(eventId, person.id, step);
  return event;
}

/** The step this person was asked to answer (a file or link; a date and reason), if still open. */
export async function pendingChatStep(deps: RoadmapsDeps, person: PersonView): Promise<{ step: string; event: EventInContext } | null> {
  const latest = await deps.management.roadmaps.latestStep(person.id, STEP_ACTIONS);
  if (!latest || (latest.action !== STEP_AWAITING_EVIDENCE && latest.action !== STEP_AWAITING_POSTPONE)) return null;
  if (deps.clock.now().getTime() - latest.createdAt.getTime() > STEP_TTL_MS) return null;
  const event = await deps.management.roadmaps.getEvent(latest.eventId);
  if (!event || !isOpen(event.state) || !canViewEvent(person, scopeOf(event))) return null;
  return { step: latest.action, event };
}

export async function clearChatStep(deps: RoadmapsDeps, person: PersonView): Promise<void> {
  const pending = await pendingChatStep(deps, person);
  if (pending) await deps.management.roadmaps.appendLog(pending.event.id, person.id, STEP_CLEARED);
}

export { eventButtons, localDate };
export type { EventRecord };
