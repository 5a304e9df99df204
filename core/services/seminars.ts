// Seminar requests → the institute's half-year programme → events → registration, reminders,
// attendance, materials and calendar files (#15 §4; seed 003 §4.4.2). Contract:
// - A teacher or head writes a request (in chat step by step, the step being the request row in a
//   draft state; or at once from the Mini App). Areas are pre-filled from the person's OWN diagnostic
//   profile (myDeficitProfile: only they may call it).
// - The institute's methodologist and district staff (the working group reads) see the district's
//   requests grouped by area, topic and school — counts and topics, never a requester's name — with
//   the low-solved ВПР topics of the latest identification run (the same source as #14's rules).
// - Organisers (district staff, the regional operator, the district's methodologist) build the
//   programme for a period ("2027-H1"), create events linking the requests they answer (planned), and
//   announce an event: in one transaction it is marked announced and one Outbox row per person goes in
//   (the audience with «Записаться»; a requester gets the "your request is planned" notice instead).
// - Registration is one press, idempotent, under the capacity; the reminder job keys each message per
//   event and person; materials go to the registered with a key per material and person.
import { canManageDistrict, canReadDistrict } from "../access/permissions.ts";
import { teacherDiagnosticV2 } from "../instruments/teacher-diagnostic.ts";
import { lowTopics, type LowTopic } from "../identification/identify.ts";
import { EVENT_KIND_NAMES, eventText, seminarErrors } from "../messages/seminars.ts";
import type { MethodologySettings } from "../methodology/settings.ts";
import { DISTRICT_ROLES } from "../roles.ts";
import { checkAttachment, targetFilters } from "../management/broadcasts.ts";
import {
  announceDedupeKey,
  EventInputSchema,
  groupRequests,
  MaterialLinkSchema,
  materialDedupeKey,
  personInvited,
  plannedDedupeKey,
  ProgrammeInputSchema,
  reminderDedupeKey,
  reminderDue,
  RequestInputSchema,
  REQUESTER_ROLES,
  type EventInput,
  type Material,
} from "../seminars/rules.ts";
import { eventIcs, icsFileName } from "../seminars/ics.ts";
import { AdminError, formatLocal } from "./admin.ts";
import { myDeficitProfile } from "./diagnostic.ts";
import type { IdentificationRepository } from "./identification-ports.ts";
import type { NetworkContext } from "./network-context.ts";
import type { Clock, OutboxMessage, PersonView, Repository } from "./ports.ts";
import type { Recipient } from "./recipients-ports.ts";
import type { EventRecord, SeminarRequestRecord } from "./seminars-ports.ts";

export interface SeminarsDeps {
  repo: Repository;
  clock: Clock;
  settings: MethodologySettings;
  network: Pick<NetworkContext, "seminars" | "recipients" | "files">;
  /** The identification runs (low-solved ВПР topics); absent: none shown. */
  ident?: Pick<IdentificationRepository, "latestRun">;
}

const forbidden = () => new AdminError("forbidden", seminarErrors.forbidden);
const notFound = () => new AdminError("not_found", seminarErrors.notFound);

/** The competence areas of the teacher diagnostic a request may name. */
export const REQUEST_AREAS: ReadonlyArray<{ id: string; title: string }> = teacherDiagnosticV2.areas.map((area) => ({ id: area.id, title: area.title }));
const AREA_TITLES = new Map(REQUEST_AREAS.map((area) => [area.id, area.title]));
export const areaTitle = (id: string) => AREA_TITLES.get(id) ?? id;

const activeOf = (person: PersonView) => person.memberships.filter((membership) => membership.active);

/** Organisers of a district's events and programme: district staff, a regional operator, the district's methodologist. */
export const canOrganise = (person: PersonView, districtId: string) =>
  canManageDistrict(person.memberships, districtId) ||
  activeOf(person).some((membership) => membership.role === "methodologist" && membership.districtId === districtId);

/** Who sees the district's requests and every event: organisers and the working group (read-only). */
export const canSeeDistrictSeminars = (person: PersonView, districtId: string) => canOrganise(person, districtId) || canReadDistrict(person.memberships, districtId);

function assertOrganiser(person: PersonView, districtId: string) {
  if (!canOrganise(person, districtId)) throw forbidden();
}

// ---------- requests ----------

/** The membership a request is sent under: the first active teacher or head membership. */
export function requesterMembership(person: PersonView) {
  const membership = activeOf(person).find((candidate) => REQUESTER_ROLES.includes(candidate.role));
  if (!membership) throw new AdminError("forbidden", seminarErrors.notRequester);
  return membership;
}

/** Areas of the person's own latest diagnostic with a deficit (pronounced or moderate); [] without one. */
export async function ownDeficitAreas(deps: SeminarsDeps, person: PersonView): Promise<string[]> {
  if (!activeOf(person).some((membership) => membership.role === "teacher")) return [];
  const own = await myDeficitProfile({ repo: deps.repo, clock: deps.clock, settings: deps.settings }, person);
  if (!own) return [];
  return own.profile.areas.filter((area) => area.level !== "none" && AREA_TITLES.has(area.areaId)).map((area) => area.areaId);
}

/** The chat's draft: the one in progress, or a new one with the person's deficit areas pre-filled. */
export async function startRequestDraft(deps: SeminarsDeps, person: PersonView): Promise<{ draft: SeminarRequestRecord; resumed: boolean }> {
  const membership = requesterMembership(person);
  const existing = await deps.network.seminars.draftOf(person.id);
  if (existing) return { draft: existing, resumed: true };
  const areas = await ownDeficitAreas(deps, person);
  const draft = await deps.network.seminars.createRequest({
    districtId: membership.districtId,
    schoolId: membership.schoolId,
    personId: person.id,
    areas,
    topic: "",
    text: null,
    state: "draft",
  });
  return { draft, resumed: false };
}

export const pendingDraft = (deps: SeminarsDeps, person: PersonView) => deps.network.seminars.draftOf(person.id);

export type DraftTextOutcome = { ok: true; draft: SeminarRequestRecord } | { ok: false; problem: "topic" | "details" };

/** Text typed while a draft waits: the topic (state draft) or the details (state draft_details). */
export async function draftText(deps: SeminarsDeps, draft: SeminarRequestRecord, text: string): Promise<DraftTextOutcome | null> {
  if (draft.state === "draft") {
    const topic = RequestInputSchema.shape.topic.safeParse(text);
    if (!topic.success) return { ok: false, problem: "topic" };
    const updated = await deps.network.seminars.updateDraft(draft.id, { topic: topic.data, state: "draft_ready" });
    return updated ? { ok: true, draft: updated } : null;
  }
  if (draft.state === "draft_details") {
    const details = RequestInputSchema.shape.text.safeParse(text);
    if (!details.success || !details.data) return { ok: false, problem: "details" };
    const updated = await deps.network.seminars.updateDraft(draft.id, { text: details.data, state: "draft_ready" });
    return updated ? { ok: true, draft: updated } : null;
  }
  return null;
}

async function ownDraft(deps: SeminarsDeps, person: PersonView, id: string): Promise<SeminarRequestRecord | null> {
  const draft = await deps.network.seminars.draftOf(person.id);
  return draft && draft.id === id ? draft : null;
}

export async function toggleDraftArea(deps: SeminarsDeps, person: PersonView, id: string, areaId: string) {
  const draft = await ownDraft(deps, person, id);
  if (!draft || draft.state !== "draft_ready" || !AREA_TITLES.has(areaId)) return null;
  const areas = draft.areas.includes(areaId) ? draft.areas.filter((area) => area !== areaId) : [...draft.areas, areaId];
  return deps.network.seminars.updateDraft(draft.id, { areas });
}

export async function askDraftDetails(deps: SeminarsDeps, person: PersonView, id: string) {
  const draft = await ownDraft(deps, person, id);
  if (!draft || draft.state !== "draft_ready") return null;
  return deps.network.seminars.updateDraft(draft.id, { state: "draft_details" });
}

export async function submitDraft(deps: SeminarsDeps, person: PersonView, id: string) {
  const draft = await ownDraft(deps, person, id);
  if (!draft || draft.state !== "draft_ready") return null;
  return deps.network.seminars.updateDraft(draft.id, { state: "new" });
}

export async function cancelDraft(deps: SeminarsDeps, person: PersonView) {
  const draft = await deps.network.seminars.draftOf(person.id);
  if (draft) await deps.network.seminars.deleteDraft(draft.id);
}

/** A request from the Mini App, sent at once. */
export async function sendRequest(deps: SeminarsDeps, person: PersonView, body: unknown) {
  const membership = requesterMembership(person);
  const parsed = RequestInputSchema.safeParse(body);
  if (!parsed.success) throw new AdminError("invalid", seminarErrors.badRequest);
  const areas = [...new Set(parsed.data.areas)].filter((area) => AREA_TITLES.has(area));
  return deps.network.seminars.createRequest({
    districtId: membership.districtId,
    schoolId: membership.schoolId,
    personId: person.id,
    areas,
    topic: parsed.data.topic,
    text: parsed.data.text ?? null,
    state: "new",
  });
}

/** The request form of the Mini App: the areas, and the person's own deficit areas to pre-select. */
export async function requestForm(deps: SeminarsDeps, person: PersonView) {
  requesterMembership(person);
  return {
    areas: REQUEST_AREAS,
    prefilled: await ownDeficitAreas(deps, person),
    mine: (await deps.network.seminars.requestsOf(person.id, 20)).map(requestJson),
  };
}

export const requestJson = (request: SeminarRequestRecord) => ({
  id: request.id,
  topic: request.topic,
  text: request.text,
  areas: request.areas,
  schoolId: request.schoolId,
  schoolName: request.schoolName,
  state: request.state,
  eventId: request.eventId,
  createdAt: request.createdAt.toISOString(),
});

export interface DistrictLowTopics {
  year: number;
  district: LowTopic[];
  bySchool: Array<{ schoolId: string; schoolName: string; topics: LowTopic[] }>;
}

/** Low-solved ВПР topics of the district's latest identification run (where #14's rules take them). */
export async function districtLowTopics(deps: SeminarsDeps, districtId: string): Promise<DistrictLowTopics | null> {
  const run = deps.ident ? await deps.ident.latestRun(districtId) : null;
  if (!run) return null;
  return {
    year: run.output.year,
    // A run stored before item-level results (or without them) has no task lists: no topics, not an error.
    district: lowTopics(run.output.districtLowTasks ?? []).slice(0, 30),
    bySchool: run.output.schools
      .map((school) => ({ schoolId: school.schoolId, schoolName: school.schoolName, topics: lowTopics(school.lowTasks ?? []).slice(0, 10) }))
      .filter((school) => school.topics.length > 0),
  };
}

/** The institute's view: requests grouped (no names), the low-solved topics, the programmes. */
export async function requestsOverview(deps: SeminarsDeps, person: PersonView, districtId: string) {
  if (!canSeeDistrictSeminars(person, districtId)) throw forbidden();
  const requests = await deps.network.seminars.districtRequests(districtId);
  const schools = await deps.repo.listSchools([districtId]);
  const groups = groupRequests(
    // Oldest first: the first wording of a topic stands for its group.
    [...requests].reverse().filter((request) => request.state !== "declined"),
    AREA_TITLES,
    new Map(schools.map((school) => [school.id, school.name])),
    "Без школы",
  );
  return {
    canEdit: canOrganise(person, districtId),
    areas: REQUEST_AREAS,
    groups,
    requests: requests.map(requestJson),
    lowTopics: await districtLowTopics(deps, districtId),
    programmes: await deps.network.seminars.listProgrammes(districtId),
  };
}

export async function declineRequest(deps: SeminarsDeps, person: PersonView, requestId: string, declined: boolean) {
  const request = await deps.network.seminars.getRequest(requestId);
  if (!request || request.state.startsWith("draft")) throw notFound();
  assertOrganiser(person, request.districtId);
  if (request.state === "planned" && declined) throw new AdminError("invalid", seminarErrors.alreadyAnnounced);
  await deps.network.seminars.setRequestState(requestId, declined ? "declined" : "new");
  return (await deps.network.seminars.getRequest(requestId))!;
}

// ---------- the programme ----------

export async function saveProgramme(deps: SeminarsDeps, person: PersonView, districtId: string, body: unknown) {
  assertOrganiser(person, districtId);
  const parsed = ProgrammeInputSchema.safeParse(body);
  if (!parsed.success) throw new AdminError("invalid", seminarErrors.badProgramme);
  return deps.network.seminars.saveProgramme({ districtId, period: parsed.data.period, title: parsed.data.title, note: parsed.data.note ?? null, createdById: person.id });
}

export async function publishProgramme(deps: SeminarsDeps, person: PersonView, programmeId: string) {
  const programme = await deps.network.seminars.getProgramme(programmeId);
  if (!programme) throw notFound();
  assertOrganiser(person, programme.districtId);
  return deps.network.seminars.publishProgramme(programmeId);
}

// ---------- events ----------

export const eventWhen = (event: Pick<EventRecord, "startsAt" | "endsAt" | "districtTimezone">) => {
  const start = formatLocal(event.startsAt, event.districtTimezone);
  if (!event.endsAt) return start;
  const end = new Intl.DateTimeFormat("ru-RU", { timeZone: event.districtTimezone, hour: "2-digit", minute: "2-digit" }).format(event.endsAt);
  return `${start}–${end}`;
};

export async function createEvent(deps: SeminarsDeps, person: PersonView, districtId: string, body: unknown) {
  assertOrganiser(person, districtId);
  const parsed = EventInputSchema.safeParse(body);
  if (!parsed.success) throw new AdminError("invalid", seminarErrors.badEvent, { field: String(parsed.error.issues[0]?.path[0] ?? "") });
  const input: EventInput = parsed.data;
  if (input.programmeId) {
    const programme = await deps.network.seminars.getProgramme(input.programmeId);
    if (!programme || programme.districtId !== districtId) throw new AdminError("invalid", seminarErrors.badProgrammeRef, { field: "programmeId" });
  }
  if (input.audience.schoolIds) {
    const own = new Set((await deps.repo.listSchools([districtId])).map((school) => school.id));
    if (input.audience.schoolIds.some((id) => !own.has(id))) throw new AdminError("invalid", seminarErrors.badEvent, { field: "audience" });
  }
  return deps.network.seminars.createEvent(
    {
      districtId,
      programmeId: input.programmeId ?? null,
      kind: input.kind,
      title: input.title,
      description: input.description ?? null,
      areas: [...new Set(input.areas)].filter((area) => AREA_TITLES.has(area)),
      startsAt: input.startsAt,
      endsAt: input.endsAt ?? null,
      place: input.place ?? null,
      onlineUrl: input.onlineUrl ?? null,
      audience: input.audience,
      capacity: input.capacity ?? null,
      createdById: person.id,
    },
    input.requestIds,
  );
}

const registerButtons = (eventId: string) => [[{ text: eventText.registerButton, data: `ev:reg:${eventId}` }]];

/** The event's audience, one entry per person (the broadcasts' resolution: school roles in the schools, district roles district-wide). */
async function audienceOf(deps: SeminarsDeps, event: EventRecord): Promise<Recipient[]> {
  if (!event.audience) return [];
  const people = new Map<string, Recipient>();
  for (const filter of targetFilters(event.audience.roles, event.audience.schoolIds)) {
    for (const recipient of await deps.network.recipients.recipients(event.districtId, filter)) people.set(recipient.personId, recipient);
  }
  return [...people.values()];
}

const reachable = (recipient: Recipient) => recipient.consented && recipient.account !== null;

/** Announces the event: the audience gets «Записаться», the requesters the "planned" notice (with the same button). */
export async function announceEvent(deps: SeminarsDeps, person: PersonView, eventId: string) {
  const event = await deps.network.seminars.getEvent(eventId);
  if (!event) throw notFound();
  assertOrganiser(person, event.districtId);
  if (event.announcedAt || event.cancelledAt) throw new AdminError("invalid", seminarErrors.alreadyAnnounced);
  const when = eventWhen(event);
  const requesterIds = await deps.network.seminars.requestersOf(eventId);
  const topicsOf = new Map<string, string[]>();
  for (const request of (await deps.network.seminars.districtRequests(event.districtId)).filter((candidate) => candidate.eventId === eventId)) {
    topicsOf.set(request.personId, [...(topicsOf.get(request.personId) ?? []), request.topic]);
  }
  const requesters = requesterIds.length ? await deps.network.recipients.recipients(event.districtId, { personIds: requesterIds }) : [];
  const messages: OutboxMessage[] = [];
  const told = new Set<string>();
  for (const recipient of requesters.filter(reachable)) {
    told.add(recipient.personId);
    messages.push({
      dedupeKey: plannedDedupeKey(eventId, recipient.personId),
      personId: recipient.personId,
      channel: recipient.account!.channel,
      chatId: recipient.account!.chatId,
      text: eventText.planned({ topics: topicsOf.get(recipient.personId) ?? [], title: event.title, when }),
      buttons: registerButtons(eventId),
    });
  }
  const text = eventText.announcement({ kind: event.kind, title: event.title, when, place: event.place, url: event.onlineUrl, description: event.description });
  for (const recipient of (await audienceOf(deps, event)).filter(reachable)) {
    if (told.has(recipient.personId)) continue;
    messages.push({
      dedupeKey: announceDedupeKey(eventId, recipient.personId),
      personId: recipient.personId,
      channel: recipient.account!.channel,
      chatId: recipient.account!.chatId,
      text,
      buttons: registerButtons(eventId),
    });
  }
  const result = await deps.network.seminars.announce(eventId, deps.clock.now(), messages);
  if (!result.announced) throw new AdminError("invalid", seminarErrors.alreadyAnnounced);
  return { event: (await deps.network.seminars.getEvent(eventId))!, enqueued: result.enqueued, requesters: told.size };
}

/** Whether the person may see the event: organisers and readers always; others once announced, when invited or registered. */
async function eventVisible(deps: SeminarsDeps, person: PersonView, event: EventRecord): Promise<boolean> {
  if (canSeeDistrictSeminars(person, event.districtId)) return true;
  if (!event.announcedAt) return false;
  if (personInvited(event.audience, event.districtId, person.memberships)) return true;
  return (await deps.network.seminars.registeredAmong(person.id, [event.id])).has(event.id);
}

async function visibleEvent(deps: SeminarsDeps, person: PersonView, eventId: string): Promise<EventRecord> {
  const event = await deps.network.seminars.getEvent(eventId);
  if (!event || !(await eventVisible(deps, person, event))) throw notFound();
  return event;
}

export const eventJson = (event: EventRecord) => ({
  id: event.id,
  districtId: event.districtId,
  programmeId: event.programmeId,
  kind: event.kind,
  kindName: EVENT_KIND_NAMES[event.kind],
  title: event.title,
  description: event.description,
  areas: event.areas,
  startsAt: event.startsAt.toISOString(),
  endsAt: event.endsAt?.toISOString() ?? null,
  when: eventWhen(event),
  place: event.place,
  onlineUrl: event.onlineUrl,
  audience: event.audience,
  capacity: event.capacity,
  registered: event.registered,
  materials: event.materials.map((material, index) => (material.kind === "file" ? { index, kind: "file" as const, title: material.fileName } : { index, kind: "link" as const, title: material.title, url: material.url })),
  announcedAt: event.announcedAt?.toISOString() ?? null,
  cancelledAt: event.cancelledAt?.toISOString() ?? null,
});

/** The district's events for this person: all for organisers and readers; announced ones they are invited to (or registered for) otherwise. */
export async function listEvents(deps: SeminarsDeps, person: PersonView, districtId: string) {
  const member = activeOf(person).some((membership) => membership.districtId === districtId);
  if (!member) throw forbidden();
  const all = await deps.network.seminars.listEvents(districtId, null);
  const mine = await deps.network.seminars.registeredAmong(person.id, all.map((event) => event.id));
  const seesAll = canSeeDistrictSeminars(person, districtId);
  const events = seesAll ? all : all.filter((event) => event.announcedAt && (mine.has(event.id) || personInvited(event.audience, districtId, person.memberships)));
  const programmes = seesAll ? await deps.network.seminars.listProgrammes(districtId) : [];
  const schools = seesAll ? (await deps.repo.listSchools([districtId])).map((school) => ({ id: school.id, name: school.name })) : [];
  return {
    canEdit: canOrganise(person, districtId),
    events: events.map((event) => ({ ...eventJson(event), mine: mine.has(event.id) })),
    programmes,
    schools,
    areas: REQUEST_AREAS,
    roles: [...REQUESTER_ROLES, "mentor", "tutor", "curator", "curator_head", ...DISTRICT_ROLES.filter((role) => role !== "working_group" && role !== "regional")],
  };
}

export async function eventDetail(deps: SeminarsDeps, person: PersonView, eventId: string) {
  const event = await visibleEvent(deps, person, eventId);
  const organiser = canSeeDistrictSeminars(person, event.districtId);
  const mine = (await deps.network.seminars.registeredAmong(person.id, [eventId])).has(eventId);
  return {
    event: { ...eventJson(event), mine },
    canEdit: canOrganise(person, event.districtId),
    registrations: organiser
      ? (await deps.network.seminars.registrations(eventId)).map((registration) => ({
          personId: registration.personId,
          displayName: registration.displayName,
          registeredAt: registration.registeredAt.toISOString(),
          cancelled: registration.cancelledAt !== null,
          attended: registration.attended,
        }))
      : null,
    requests: organiser ? (await deps.network.seminars.districtRequests(event.districtId)).filter((request) => request.eventId === eventId).map(requestJson) : null,
  };
}

export type RegisterResult = { outcome: "registered" | "already" | "full" | "closed"; event: EventRecord };

export async function registerForEvent(deps: SeminarsDeps, person: PersonView, eventId: string): Promise<RegisterResult> {
  const event = await deps.network.seminars.getEvent(eventId);
  if (!event || !event.announcedAt) throw notFound();
  const already = (await deps.network.seminars.registeredAmong(person.id, [eventId])).has(eventId);
  if (!already && !personInvited(event.audience, event.districtId, person.memberships) && !(await deps.network.seminars.requestersOf(eventId)).includes(person.id)) {
    if (!activeOf(person).some((membership) => membership.districtId === event.districtId)) throw notFound();
    throw new AdminError("forbidden", eventText.notInvited);
  }
  const outcome = await deps.network.seminars.register(eventId, person.id, deps.clock.now());
  return { outcome, event: (await deps.network.seminars.getEvent(eventId))! };
}

/** Cancels the person's registration; refused (invalid) when they were not registered. */
/**
 * After a registration made in the Mini App: the calendar file goes to the person's chat too, through
 * the Outbox (the file kept under the event's key; one message per registration moment).
 */
export async function sendIcsToChat(deps: SeminarsDeps, person: PersonView, event: EventRecord): Promise<boolean> {
  const [recipient] = await deps.network.recipients.recipients(event.districtId, { personIds: [person.id] });
  if (!recipient || !reachable(recipient)) return false;
  const key = `events/${event.id}_ics`;
  const now = deps.clock.now();
  await deps.network.files.put(key, new TextEncoder().encode(icsOf(event, now)), "text/calendar");
  const queued = await deps.repo.enqueue([
    {
      dedupeKey: `ev:ics:${event.id}:${person.id}:${now.getTime()}`,
      personId: person.id,
      channel: recipient.account!.channel,
      chatId: recipient.account!.chatId,
      text: eventText.registered(event.title),
      file: { key, name: icsFileName(event.id), mimeType: "text/calendar" },
    },
  ]);
  return queued > 0;
}

export async function cancelRegistration(deps: SeminarsDeps, person: PersonView, eventId: string) {
  const event = await visibleEvent(deps, person, eventId);
  const cancelled = await deps.network.seminars.cancelRegistration(eventId, person.id, deps.clock.now());
  if (!cancelled) throw new AdminError("invalid", eventText.notRegistered);
  return { cancelled, event };
}

export async function markAttendance(deps: SeminarsDeps, person: PersonView, eventId: string, body: unknown) {
  const event = await deps.network.seminars.getEvent(eventId);
  if (!event) throw notFound();
  assertOrganiser(person, event.districtId);
  const marks = Array.isArray((body as { marks?: unknown })?.marks) ? ((body as { marks: unknown[] }).marks) : null;
  const valid =
    marks &&
    marks.length <= 1000 &&
    marks.every((mark) => typeof mark === "object" && mark !== null && typeof (mark as { personId?: unknown }).personId === "string" && [true, false, null].includes((mark as { attended?: unknown }).attended as never));
  if (!valid) throw new AdminError("invalid", seminarErrors.badEvent, { field: "marks" });
  let marked = 0;
  for (const mark of marks as Array<{ personId: string; attended: boolean | null }>) {
    if (await deps.network.seminars.markAttendance(eventId, mark.personId, mark.attended, deps.clock.now())) marked++;
  }
  if (marked < marks!.length) throw new AdminError("invalid", seminarErrors.notRegistered, { field: "marks" });
  return { marked };
}

async function addMaterial(deps: SeminarsDeps, event: EventRecord, material: Material, label: string) {
  const registered = (await deps.network.seminars.registrations(event.id)).filter((registration) => !registration.cancelledAt).map((registration) => registration.personId);
  const people = registered.length ? (await deps.network.recipients.recipients(event.districtId, { personIds: registered })).filter(reachable) : [];
  const index = await deps.network.seminars.addMaterial(event.id, material, (index) =>
    people.map((recipient) => ({
      dedupeKey: materialDedupeKey(event.id, index, recipient.personId),
      personId: recipient.personId,
      channel: recipient.account!.channel,
      chatId: recipient.account!.chatId,
      text: eventText.material(event.title, label),
      file: material.kind === "file" ? { key: material.fileKey, name: material.fileName, mimeType: material.fileMime } : null,
    })),
  );
  return { index, notified: people.length };
}

export async function addLinkMaterial(deps: SeminarsDeps, person: PersonView, eventId: string, body: unknown) {
  const event = await deps.network.seminars.getEvent(eventId);
  if (!event) throw notFound();
  assertOrganiser(person, event.districtId);
  const parsed = MaterialLinkSchema.safeParse(body);
  if (!parsed.success) throw new AdminError("invalid", seminarErrors.badLink, { field: "url" });
  return addMaterial(deps, event, { kind: "link", url: parsed.data.url, title: parsed.data.title }, `${parsed.data.title} — ${parsed.data.url}`);
}

export async function addFileMaterial(deps: SeminarsDeps, person: PersonView, eventId: string, file: { fileName: string; content: Uint8Array }) {
  const event = await deps.network.seminars.getEvent(eventId);
  if (!event) throw notFound();
  assertOrganiser(person, event.districtId);
  const fileName = file.fileName.trim().slice(0, 200);
  const check = checkAttachment(fileName, file.content.byteLength);
  if (!check.ok) throw new AdminError("invalid", seminarErrors.badFile, { field: "file" });
  const key = `events/${event.id}_${deps.clock.now().getTime().toString(36)}${event.materials.length}`;
  await deps.network.files.put(key, file.content, check.mimeType);
  return addMaterial(deps, event, { kind: "file", fileKey: key, fileName, fileMime: check.mimeType }, fileName);
}

/** A material file: for organisers, readers, and the registered. */
export async function materialFile(deps: SeminarsDeps, person: PersonView, eventId: string, index: number) {
  const event = await visibleEvent(deps, person, eventId);
  const material = event.materials[index];
  if (!material || material.kind !== "file") throw notFound();
  const allowed = canSeeDistrictSeminars(person, event.districtId) || (await deps.network.seminars.registeredAmong(person.id, [eventId])).has(eventId);
  if (!allowed) throw notFound();
  const content = await deps.network.files.get(material.fileKey);
  if (!content) throw notFound();
  return { fileName: material.fileName, mimeType: material.fileMime, content };
}

/** The event's calendar file (UID stable per event, so a second import updates the entry). */
export function icsOf(event: EventRecord, stamp: Date): string {
  return eventIcs({
    uid: `${event.id}@events.shnor`,
    stamp,
    start: event.startsAt,
    end: event.endsAt,
    summary: `${EVENT_KIND_NAMES[event.kind]}: ${event.title}`,
    location: event.place ?? event.onlineUrl,
    description: event.description,
    url: event.onlineUrl,
    cancelled: event.cancelledAt !== null,
  });
}

export async function eventIcsFile(deps: SeminarsDeps, person: PersonView, eventId: string) {
  const event = await visibleEvent(deps, person, eventId);
  return { event, ics: icsOf(event, deps.clock.now()) };
}

// ---------- the bot's /events ----------

/** Announced upcoming events of the person's districts they are invited to or registered for, and their registrations. */
export async function upcomingForPerson(deps: SeminarsDeps, person: PersonView, limit: number) {
  const districtIds = [...new Set(activeOf(person).map((membership) => membership.districtId))];
  const now = deps.clock.now();
  const candidates = await deps.network.seminars.upcomingEvents(districtIds, now, 50);
  const mine = await deps.network.seminars.registeredAmong(person.id, candidates.map((event) => event.id));
  const events = candidates.filter((event) => mine.has(event.id) || personInvited(event.audience, event.districtId, person.memberships)).slice(0, limit);
  return { events, mine };
}

// ---------- the reminder job ----------

export interface ReminderDeps {
  seminars: NetworkContext["seminars"];
  recipients: NetworkContext["recipients"];
  enqueue: (messages: OutboxMessage[]) => Promise<number>;
}

/**
 * The reminder the day before, at 10:00 district time (or the first run after it that day): one message
 * per event and registered person (dedupeKey ev:remind:<event>:<person>), so a repeated slot queues nothing twice.
 */
export async function planEventReminders(deps: ReminderDeps, now: Date) {
  const window = await deps.seminars.eventsStartingBetween(now, new Date(now.getTime() + 3 * 86_400_000));
  let events = 0;
  let queued = 0;
  for (const { event, personIds } of window) {
    if (!personIds.length || !reminderDue(now, event.startsAt, event.districtTimezone)) continue;
    events++;
    const people = (await deps.recipients.recipients(event.districtId, { personIds })).filter(reachable);
    const text = eventText.reminder({ title: event.title, when: eventWhen(event), place: event.place, url: event.onlineUrl });
    queued += await deps.enqueue(
      people.map((recipient) => ({
        dedupeKey: reminderDedupeKey(event.id, recipient.personId),
        personId: recipient.personId,
        channel: recipient.account!.channel,
        chatId: recipient.account!.chatId,
        text,
        buttons: [[{ text: eventText.icsButton, data: `ev:ics:${event.id}` }]],
      })),
    );
  }
  return { events, queued };
}
