// Programmes as documents (#15 §6): the school's programme of transition to effective functioning
// (owned by the school's head) and the municipal programme (owned by district staff). Passport,
// submission, expert review by people the district names, return or approval by order, then April
// monitoring and the December effectiveness analysis against the indicators. Every transition goes
// through programmeTransition (programmes-rules.ts) and is logged; notices go through the outbox.
import { canManageDistrict, canReadDistrict } from "../access/permissions.ts";
import { programmeText as t } from "../messages/programmes.ts";
import type { Role } from "../roles.ts";
import { AdminError } from "./admin.ts";
import { ATTACHMENT_MAX_BYTES } from "./file-store-ports.ts";
import type { NetworkContext } from "./network-context.ts";
import type { Clock, OutboxMessage, PersonView, Repository } from "./ports.ts";
import type { ProgrammeRecord, ReviewRecord } from "./programmes-ports.ts";
import type { Recipient } from "./recipients-ports.ts";
import { attachmentType } from "./roadmaps.ts";
import {
  achievement,
  allowedActions,
  averageReviewScore,
  periodFits,
  programmeTransition,
  ruDate,
  withIndicatorIds,
  type MonitoringInput,
  type ProgrammeAction,
  type ProgrammeActor,
  type ProgrammeCreate,
  type ProgrammeEdit,
  type ReviewInput,
} from "./programmes-rules.ts";

export interface ProgrammesDeps {
  network: Pick<NetworkContext, "programmes" | "recipients" | "files">;
  repo: Pick<Repository, "enqueue">;
  clock: Clock;
}

/** Who may be named an expert: people of the district (district staff, methodologists, the assessment centre, curators, a school-curator's head). */
export const REVIEWER_ROLES: readonly Role[] = ["district", "regional", "methodologist", "assessment", "mentor", "tutor", "curator", "curator_head"];

const forbidden = (message: string = t.forbidden) => new AdminError("forbidden", message);
const notFound = () => new AdminError("not_found", t.notFound);

const activeIn = (viewer: PersonView, districtId: string) => viewer.memberships.filter((membership) => membership.active && membership.districtId === districtId);
const headOf = (viewer: PersonView, schoolId: string | null) =>
  schoolId !== null && viewer.memberships.some((membership) => membership.active && membership.role === "head" && membership.schoolId === schoolId);
const curatorHeadOf = (viewer: PersonView, schoolId: string | null) =>
  schoolId !== null && viewer.memberships.some((membership) => membership.active && membership.role === "curator_head" && membership.schoolId === schoolId);

/** The viewer relative to a programme: owner, district staff, expert of the current version, and whether they may read it at all. */
export interface ProgrammeAccess extends ProgrammeActor {
  read: boolean;
  /** Reads everything about it (reviews of every expert, the log): owner, district, working group. */
  full: boolean;
}

async function accessTo(deps: ProgrammesDeps, viewer: PersonView, programme: ProgrammeRecord): Promise<ProgrammeAccess> {
  const manager = canManageDistrict(viewer.memberships, programme.districtId);
  const owner = programme.kind === "school" ? headOf(viewer, programme.schoolId) : manager;
  const assigned = (await deps.network.programmes.assignedTo(viewer.id)).filter((review) => review.programmeId === programme.id);
  const reviewer = assigned.some((review) => review.version === programme.version);
  const full = manager || owner || canReadDistrict(viewer.memberships, programme.districtId);
  const read = full || assigned.length > 0 || curatorHeadOf(viewer, programme.schoolId);
  return { read, full, owner, manager, reviewer };
}

async function readable(deps: ProgrammesDeps, viewer: PersonView, id: string) {
  const programme = await deps.network.programmes.get(id);
  if (!programme) throw notFound();
  const access = await accessTo(deps, viewer, programme);
  if (!access.read) throw notFound();
  return { programme, access };
}

async function completedReviews(deps: ProgrammesDeps, programme: ProgrammeRecord): Promise<ReviewRecord[]> {
  return (await deps.network.programmes.reviews(programme.id)).filter((review) => review.version === programme.version && review.submittedAt);
}

/** Checks the action against the state machine; throws the Russian refusal. */
async function check(deps: ProgrammesDeps, programme: ProgrammeRecord, action: ProgrammeAction, actor: ProgrammeActor) {
  const done = action === "approve" ? (await completedReviews(deps, programme)).length : 0;
  const result = programmeTransition(programme, action, actor, { completedReviews: done });
  if (result.ok) return result;
  if (result.reason === "forbidden") throw forbidden(action === "submit" ? t.notOwner : action === "review" ? t.notReviewer : action === "edit" ? t.forbidden : t.onlyDistrict);
  if (result.reason === "needs_review") throw new AdminError("invalid", t.needsReview);
  throw new AdminError("invalid", t.wrongState(programme.state));
}

const changed = () => new AdminError("invalid", t.changedMeanwhile);
const placeOf = (programme: Pick<ProgrammeRecord, "schoolName" | "districtName">) => programme.schoolName ?? t.districtPlace(programme.districtName);
export const programmeAppStart = (programme: Pick<ProgrammeRecord, "districtId" | "id">) => `net-programmes-${programme.districtId}-${programme.id}`;

const reachable = (recipient: Recipient): recipient is Recipient & { account: NonNullable<Recipient["account"]> } => recipient.consented && recipient.account !== null;

async function notify(deps: ProgrammesDeps, recipients: Recipient[], key: string, text: string, appStart: string, exceptId?: string) {
  const messages: OutboxMessage[] = recipients
    .filter(reachable)
    .filter((recipient) => recipient.personId !== exceptId)
    .map((recipient) => ({ dedupeKey: `${key}:${recipient.personId}`, personId: recipient.personId, channel: recipient.account.channel, chatId: recipient.account.chatId, text, appStart }));
  if (messages.length) await deps.repo.enqueue(messages);
}

/** The owner's people: the school's heads, or district staff for the municipal programme. */
const ownerRecipients = (deps: ProgrammesDeps, programme: ProgrammeRecord) =>
  deps.network.recipients.recipients(
    programme.districtId,
    programme.kind === "school" ? { roles: ["head"], schoolIds: [programme.schoolId!] } : { roles: ["district"] },
  );

// ---- reading ----

export interface ProgrammeListItem {
  id: string;
  kind: string;
  schoolId: string | null;
  schoolName: string | null;
  title: string;
  state: string;
  version: number;
  updatedAt: Date;
  reviewAverage: number | null;
  reviewsDone: number;
  lastMonitoring: { kind: string; period: string } | null;
}

/**
 * The district's programmes as the viewer may see them: district staff and the working group all of
 * them (the district overview); a head their school's, a school-curator's head the supported school's,
 * an expert those assigned to them. Anyone else is refused.
 */
export async function listProgrammes(deps: ProgrammesDeps, viewer: PersonView, districtId: string) {
  const memberships = activeIn(viewer, districtId);
  const all = canReadDistrict(viewer.memberships, districtId);
  const schoolIds = memberships.filter((membership) => (membership.role === "head" || membership.role === "curator_head") && membership.schoolId).map((membership) => membership.schoolId!);
  const assigned = (await deps.network.programmes.assignedTo(viewer.id)).filter((review) => review.districtId === districtId).map((review) => review.programmeId);
  if (!all && !schoolIds.length && !assigned.length) throw forbidden();
  let summaries = await deps.network.programmes.list(districtId);
  if (!all) summaries = summaries.filter((summary) => (summary.schoolId && schoolIds.includes(summary.schoolId)) || assigned.includes(summary.id));
  const manager = canManageDistrict(viewer.memberships, districtId);
  const headSchools = memberships.filter((membership) => membership.role === "head" && membership.schoolId).map((membership) => ({ id: membership.schoolId!, name: membership.schoolName ?? "" }));
  const programmes: ProgrammeListItem[] = summaries.map((summary) => ({
    id: summary.id,
    kind: summary.kind,
    schoolId: summary.schoolId,
    schoolName: summary.schoolName,
    title: summary.title,
    state: summary.state,
    version: summary.version,
    updatedAt: summary.updatedAt,
    reviewAverage: averageReviewScore(summary.reviews),
    reviewsDone: summary.reviews.filter((review) => review.submittedAt).length,
    lastMonitoring: summary.lastMonitoring,
  }));
  return { programmes, canCreateMunicipal: manager, canCreateForAnySchool: manager, headSchools, overview: all };
}

/** One programme with what the viewer may see of it: reviews (all for owner/district/working group, one's own for an expert), monitorings with achievement, the log, the actions open now. */
export async function getProgramme(deps: ProgrammesDeps, viewer: PersonView, id: string) {
  const { programme, access } = await readable(deps, viewer, id);
  const reviews = await deps.network.programmes.reviews(programme.id);
  const done = reviews.filter((review) => review.version === programme.version && review.submittedAt).length;
  const visibleReviews = access.full ? reviews : reviews.filter((review) => review.reviewerId === viewer.id);
  const monitorings = (await deps.network.programmes.monitorings(programme.id)).map((monitoring) => ({
    ...monitoring,
    achievement: achievement(programme.indicators, monitoring.values),
  }));
  const log = access.full ? await deps.network.programmes.log(programme.id) : [];
  const myReview = reviews.find((review) => review.reviewerId === viewer.id && review.version === programme.version) ?? null;
  return {
    programme,
    reviews: visibleReviews,
    reviewAverage: averageReviewScore(reviews.filter((review) => review.version === programme.version)),
    monitorings,
    log,
    myReview,
    actions: allowedActions(programme, access, { completedReviews: done }),
    access,
  };
}

// ---- writing ----

export async function createProgramme(deps: ProgrammesDeps, viewer: PersonView, districtId: string, input: ProgrammeCreate): Promise<string> {
  const manager = canManageDistrict(viewer.memberships, districtId);
  if (input.kind === "municipal") {
    if (!manager) throw forbidden(t.onlyDistrict);
  } else {
    if (!manager && !headOf(viewer, input.schoolId)) throw forbidden(t.onlySchoolHead);
    if (!(await deps.network.programmes.schoolIn(districtId, input.schoolId!))) throw new AdminError("invalid", t.otherSchool, { field: "schoolId" });
  }
  return deps.network.programmes.create(
    districtId,
    input.kind === "school" ? input.schoolId : null,
    input.kind,
    { title: input.title, passport: input.passport, indicators: withIndicatorIds(input.indicators) },
    viewer.id,
  );
}

export async function updateProgramme(deps: ProgrammesDeps, viewer: PersonView, id: string, input: ProgrammeEdit): Promise<void> {
  const { programme, access } = await readable(deps, viewer, id);
  await check(deps, programme, "edit", access);
  const saved = await deps.network.programmes.update(
    id,
    programme,
    { title: input.title, passport: input.passport, indicators: withIndicatorIds(input.indicators, programme.indicators) },
    viewer.id,
  );
  if (!saved) throw changed();
}

/** `fileName` null: the request named no file (checked after the access, so a stranger learns nothing). */
export type ProgrammeFileInput = { fileName: string | null; size: number | null; download: () => Promise<Uint8Array> };

/** Attaches the programme's document (the signed text, a scan), while it may be edited. */
export async function attachProgrammeFile(deps: ProgrammesDeps, viewer: PersonView, id: string, input: ProgrammeFileInput): Promise<void> {
  const { programme, access } = await readable(deps, viewer, id);
  await check(deps, programme, "edit", access);
  if (!input.fileName) throw new AdminError("invalid", t.badFileType, { field: "file" });
  const mimeType = attachmentType(input.fileName);
  if (!mimeType) throw new AdminError("invalid", t.badFileType, { field: "file" });
  if (input.size !== null && input.size > ATTACHMENT_MAX_BYTES) throw new AdminError("invalid", t.fileTooBig, { field: "file" });
  let content: Uint8Array;
  try {
    content = await input.download();
  } catch {
    throw new AdminError("invalid", t.fileFailed, { field: "file" });
  }
  if (content.byteLength > ATTACHMENT_MAX_BYTES) throw new AdminError("invalid", t.fileTooBig, { field: "file" });
  if (content.byteLength === 0) throw new AdminError("invalid", t.fileFailed, { field: "file" });
  const key = `programmes/${globalThis.crypto.randomUUID()}`;
  await deps.network.files.put(key, content, mimeType);
  const name = input.fileName.split(/[\\/]/).pop()!.replace(/[\u0000-\u001f\u007f]/g, "").slice(0, 200);
  const old = await deps.network.programmes.setFile(id, { key, name, mimeType }, viewer.id);
  if (old) await deps.network.files.delete(old);
}

export async function programmeFile(deps: ProgrammesDeps, viewer: PersonView, id: string) {
  const { programme } = await readable(deps, viewer, id);
  if (!programme.file) throw new AdminError("not_found", t.noFile);
  const content = await deps.network.files.get(programme.file.key);
  if (!content) throw new AdminError("not_found", t.noFile);
  return { name: programme.file.name, mimeType: programme.file.mimeType, content };
}

/** The owner submits (a returned programme comes back as the next version); district staff are told. */
export async function submitProgramme(deps: ProgrammesDeps, viewer: PersonView, id: string): Promise<void> {
  const { programme, access } = await readable(deps, viewer, id);
  const next = await check(deps, programme, "submit", access);
  const ok = await deps.network.programmes.changeState(id, {
    from: programme,
    to: next,
    submittedAt: deps.clock.now(),
    log: { actorId: viewer.id, action: "submit", note: `v${next.version}` },
  });
  if (!ok) throw changed();
  const staff = await deps.network.recipients.recipients(programme.districtId, { roles: ["district"] });
  await notify(deps, staff, `pg-submitted:${id}:v${next.version}`, t.submitted({ title: programme.title, place: placeOf(programme), version: next.version }), programmeAppStart(programme), viewer.id);
}

/** Who the district may name as experts of this programme (never the school's own head). */
export async function reviewerOptions(deps: ProgrammesDeps, viewer: PersonView, id: string) {
  const { programme, access } = await readable(deps, viewer, id);
  if (!access.manager) throw forbidden(t.onlyDistrict);
  const candidates = await deps.network.recipients.recipients(programme.districtId, { roles: REVIEWER_ROLES });
  return candidates.map((candidate) => ({ personId: candidate.personId, displayName: candidate.displayName, roles: candidate.roles }));
}

/** The district names experts of the current version; each new one gets a chat notice with the app button. */
export async function assignReviewers(deps: ProgrammesDeps, viewer: PersonView, id: string, personIds: readonly string[]): Promise<string[]> {
  const { programme, access } = await readable(deps, viewer, id);
  await check(deps, programme, "assign", access);
  const candidates = await deps.network.recipients.recipients(programme.districtId, { roles: REVIEWER_ROLES });
  const allowed = new Set(candidates.map((candidate) => candidate.personId));
  if (personIds.some((personId) => !allowed.has(personId))) throw new AdminError("invalid", t.badReviewer, { field: "personIds" });
  const added = await deps.network.programmes.assignReviewers(id, programme, personIds, viewer.id);
  if (!added) throw changed();
  await notify(
    deps,
    candidates.filter((candidate) => added.includes(candidate.personId)),
    `pg-review:${id}:v${programme.version}`,
    t.reviewAssigned({ title: programme.title, place: placeOf(programme), version: programme.version }),
    programmeAppStart(programme),
  );
  return added;
}

/** An expert fills (or corrects, while the version is in review) their scored form. */
export async function saveMyReview(deps: ProgrammesDeps, viewer: PersonView, id: string, input: ReviewInput): Promise<void> {
  const { programme, access } = await readable(deps, viewer, id);
  await check(deps, programme, "review", access);
  const saved = await deps.network.programmes.saveReview(id, viewer.id, programme.version, {
    scores: input.scores,
    comments: Object.fromEntries(Object.entries(input.comments).filter(([, text]) => text)),
    comment: input.comment || null,
    verdict: input.verdict,
  });
  if (!saved) throw changed();
}

/** The district returns the programme with its remarks (and the experts' comments); the owner is told. */
export async function returnProgramme(deps: ProgrammesDeps, viewer: PersonView, id: string, note: string): Promise<void> {
  const { programme, access } = await readable(deps, viewer, id);
  const next = await check(deps, programme, "return", access);
  const ok = await deps.network.programmes.changeState(id, { from: programme, to: next, log: { actorId: viewer.id, action: "return", note } });
  if (!ok) throw changed();
  await notify(deps, await ownerRecipients(deps, programme), `pg-returned:${id}:v${programme.version}`, t.returned({ title: programme.title, version: programme.version, note }), programmeAppStart(programme), viewer.id);
}

/** The district approves the programme by an order (number, date); the owner is told. */
export async function approveProgramme(deps: ProgrammesDeps, viewer: PersonView, id: string, order: { orderNumber: string; orderDate: string }): Promise<void> {
  const { programme, access } = await readable(deps, viewer, id);
  const next = await check(deps, programme, "approve", access);
  const ref = t.approvalRef(order.orderNumber, ruDate(order.orderDate));
  const ok = await deps.network.programmes.changeState(id, {
    from: programme,
    to: next,
    approvedAt: deps.clock.now(),
    approvalRef: ref,
    log: { actorId: viewer.id, action: "approve", note: ref },
  });
  if (!ok) throw changed();
  await notify(deps, await ownerRecipients(deps, programme), `pg-approved:${id}`, t.approved({ title: programme.title, ref }), programmeAppStart(programme), viewer.id);
}

/** April's monitoring or December's effectiveness analysis of an approved programme: values per indicator and a conclusion. */
export async function addMonitoring(deps: ProgrammesDeps, viewer: PersonView, id: string, input: MonitoringInput) {
  const { programme, access } = await readable(deps, viewer, id);
  await check(deps, programme, "monitor", access);
  if (!periodFits(input.kind, input.period)) throw new AdminError("invalid", t.monitorPeriodKind, { field: "period" });
  const known = new Set(programme.indicators.map((indicator) => indicator.id));
  if (Object.keys(input.values).some((key) => !known.has(key))) throw new AdminError("invalid", t.unknownIndicator, { field: "values" });
  const saved = await deps.network.programmes.saveMonitoring(id, { kind: input.kind, period: input.period, values: input.values, conclusion: input.conclusion || null }, viewer.id);
  return { ...saved, achievement: achievement(programme.indicators, saved.values) };
}

// ---- the bot ----

/** What /programmes shows: reviews waiting for me, my school's programmes, and for district readers the counts by state. */
export async function programmesInChat(deps: ProgrammesDeps, viewer: PersonView) {
  const pending = await deps.network.programmes.pendingFor(viewer.id);
  const districts = new Map<string, string>();
  for (const membership of viewer.memberships) if (membership.active) districts.set(membership.districtId, membership.districtName);
  const own: Array<{ id: string; districtId: string; title: string; state: string; version: number }> = [];
  const overviews: Array<{ districtId: string; districtName: string; counts: Record<string, number> }> = [];
  for (const [districtId, districtName] of districts) {
    const summaries = await deps.network.programmes.list(districtId);
    if (canReadDistrict(viewer.memberships, districtId)) {
      const counts: Record<string, number> = {};
      for (const summary of summaries) counts[summary.state] = (counts[summary.state] ?? 0) + 1;
      overviews.push({ districtId, districtName, counts });
    }
    for (const summary of summaries) {
      if (summary.schoolId && headOf(viewer, summary.schoolId)) own.push({ id: summary.id, districtId, title: summary.title, state: summary.state, version: summary.version });
    }
  }
  return { pending, own, overviews };
}
