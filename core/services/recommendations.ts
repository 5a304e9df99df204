// Addressed recommendations (#14 §1; seed 003 §6, seed 004 §7): the district generates proposals for a school from
// its current facts (risk profile, the released aggregate of the teacher diagnostic, the latest identification),
// edits and sends them; each addressee gets a notice with «✅ Получено» through the Outbox, acknowledges, plans
// measures (roadmap events of the school's or the district's roadmap of the current school year) and marks the
// recommendation done. The issuer sees deadlines, states, who acknowledged and the measures' states.
// Bot, Mini App and tests share these use cases; who may do what is checked here.
import { TZDate } from "@date-fns/tz";
import { z } from "zod";
import { canManageDistrict, canReadDistrict, isDistrictStaff } from "../access/permissions.ts";
import {
  ADDRESSEES,
  DEFAULT_RULES,
  DEFAULT_RULES_VERSION,
  FORMS,
  RECOMMENDATION_STATES,
  RuleSetSchema,
  proposeRecommendations,
  ruleSetProblems,
  type Addressee,
  type RecommendationRule,
  type RecommendationState,
  type SchoolFacts,
} from "../management/recommendation-rules.ts";
import { defaultRoadmapInit } from "../management/roadmap-template.ts";
import { schoolYearOf, schoolYearStart } from "../management/school-year.ts";
import { ADDRESSEE_NAMES, EXECUTOR_TEXT, FORM_NAMES, recText } from "../messages/recommendations.ts";
import type { MethodologySettings } from "../methodology/settings.ts";
import type { Role } from "../roles.ts";
import { AdminError } from "./admin.ts";
import type { AdminRepository, DistrictRef } from "./admin-ports.ts";
import { schoolDeficits } from "./aggregates.ts";
import type { IdentificationRepository } from "./identification-ports.ts";
import type { ManagementContext } from "./management-context.ts";
import type { Clock, OutboxMessage, PersonView, Repository, SchoolRecord } from "./ports.ts";
import type { RecipientFilter } from "./recipients-ports.ts";
import { checkLinkable } from "./library.ts";
import type { LibraryRepository } from "./library-ports.ts";
import { libraryText } from "../messages/library.ts";
import type { RecommendationPatch, RecommendationRecord, StoredBasis } from "./recommendations-ports.ts";
import { schoolRiskProfile } from "./risk-profile.ts";
import type { SurveysContext } from "./surveys-context.ts";

export interface RecommendationsDeps {
  repo: Repository;
  admin: Pick<AdminRepository, "findDistricts">;
  clock: Clock;
  settings: MethodologySettings;
  management: Pick<ManagementContext, "recommendations" | "roadmaps" | "recipients">;
  /** The risk profile's source (absent: no profile facts). */
  surveys?: Pick<SurveysContext, "store" | "risk"> | null;
  /** Identification runs: low-solved ВПР topics, the lists, curator candidates (absent: none of those facts). */
  ident?: Pick<IdentificationRepository, "latestRun"> | null;
  /** The library (#15): a proposal may point at one of the district's items (absent: no links can be set). */
  library?: Pick<LibraryRepository, "get"> | null;
}

/** States in which a recommendation is with its addressee. */
export const OPEN_STATES: readonly RecommendationState[] = ["sent", "acknowledged", "in_work"];
/** How long a measure typed in chat waits for its next step. */
export const PLANNING_WINDOW_MS = 24 * 3_600_000;

const id = z.string().regex(/^[a-z0-9]{1,40}$/);
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parse<S extends z.ZodType>(schema: S, raw: unknown, message: string = recText.badInput): z.infer<S> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new AdminError("invalid", message);
  return parsed.data;
}

async function districtOf(deps: RecommendationsDeps, districtId: string): Promise<DistrictRef> {
  const district = (await deps.admin.findDistricts(districtId)).find((entry) => entry.id === districtId);
  if (!district) throw new AdminError("not_found", recText.districtNotFound);
  return district;
}

function assertDistrictStaff(actor: PersonView, districtId: string) {
  if (!canManageDistrict(actor.memberships, districtId)) throw new AdminError("forbidden", recText.districtOnly);
}

/** A school of the actor's district (district staff only); another district's school reads as not found. */
async function managedSchool(deps: RecommendationsDeps, actor: PersonView, schoolId: string, districtId?: string): Promise<SchoolRecord> {
  const school = await deps.repo.getSchool(parse(id, schoolId, recText.schoolNotFound));
  if (!school || (districtId && school.districtId !== districtId)) throw new AdminError("not_found", recText.schoolNotFound);
  assertDistrictStaff(actor, school.districtId);
  return school;
}

/** The first day of the current school year (1 September, district time). */
function schoolYearBegins(at: Date, timezone: string): Date {
  const start = schoolYearStart(schoolYearOf(at, timezone))!;
  return new Date(new TZDate(start, 8, 1, 0, 0, 0, timezone).getTime());
}

/** The end of the day `days` from now in the district (a deadline is a day). */
function dueAfter(at: Date, days: number, timezone: string): Date {
  const local = new TZDate(at.getTime(), timezone);
  return new Date(new TZDate(local.getFullYear(), local.getMonth(), local.getDate() + days, 12, 0, 0, timezone).getTime());
}

/** "2026-12-20" → noon of that day in the district; null when not a real date. */
export function dateOn(text: string, timezone: string): Date | null {
  const match = DATE.exec(text);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new TZDate(year, month - 1, day, 12, 0, 0, timezone);
  if (date.getFullYear() !== year || date.getMonth() !== month - 1 || date.getDate() !== day) return null;
  return new Date(date.getTime());
}

/** "2026-12-20" of a moment in the district. */
export function isoDay(date: Date, timezone: string): string {
  const local = new TZDate(date.getTime(), timezone);
  return `${local.getFullYear()}-${String(local.getMonth() + 1).padStart(2, "0")}-${String(local.getDate()).padStart(2, "0")}`;
}

const startOfDay = (at: Date, timezone: string) => {
  const local = new TZDate(at.getTime(), timezone);
  return new Date(new TZDate(local.getFullYear(), local.getMonth(), local.getDate(), 0, 0, 0, timezone).getTime());
};

// ---------- rules ----------

export interface RuleSetView {
  districtId: string;
  version: number;
  /** false: the built-in version 1 applies (nothing stored yet). */
  stored: boolean;
  rules: RecommendationRule[];
  versions: Array<{ version: number; note: string; createdAt: Date }>;
}

async function currentRules(deps: RecommendationsDeps, districtId: string): Promise<{ version: number; rules: RecommendationRule[]; stored: RuleSetView["versions"] }> {
  const stored = await deps.management.recommendations.ruleSets(districtId);
  const versions = stored.map((set) => ({ version: set.version, note: set.note, createdAt: set.createdAt }));
  for (const set of stored) {
    const parsed = RuleSetSchema.safeParse(set.rules);
    if (parsed.success) return { version: set.version, rules: parsed.data.rules, stored: versions };
  }
  return { version: DEFAULT_RULES_VERSION, rules: DEFAULT_RULES.rules, stored: versions };
}

export async function getRuleSet(deps: RecommendationsDeps, actor: PersonView, raw: { districtId: string }): Promise<RuleSetView> {
  const districtId = parse(id, raw.districtId, recText.districtNotFound);
  assertDistrictStaff(actor, districtId);
  const current = await currentRules(deps, districtId);
  return { districtId, version: current.version, stored: current.stored.length > 0, rules: current.rules, versions: current.stored };
}

/**
 * Saves the district's rules as a new version (zod-checked, every problem in Russian; a note is required).
 * The first save stores the built-in rules as version 1 beneath it, so every version ever used stays readable.
 */
export async function saveRuleSet(deps: RecommendationsDeps, actor: PersonView, raw: { districtId: string; rules: unknown; note: unknown }): Promise<RuleSetView> {
  const districtId = parse(id, raw.districtId, recText.districtNotFound);
  assertDistrictStaff(actor, districtId);
  const note = typeof raw.note === "string" ? raw.note.trim() : "";
  if (note.length < 3 || note.length > 500) throw new AdminError("invalid", recText.noteRequired, { field: "note" });
  const problems = ruleSetProblems({ rules: raw.rules });
  if (problems.length) throw new AdminError("invalid", recText.rulesInvalid, { field: "rules", lines: problems });
  const rules = RuleSetSchema.parse({ rules: raw.rules });
  const at = deps.clock.now();
  const stored = await deps.management.recommendations.ruleSets(districtId);
  if (!stored.length) {
    await deps.management.recommendations.addRuleSet({ districtId, version: DEFAULT_RULES_VERSION, rules: DEFAULT_RULES, note: recText.defaultNote, createdById: null, at });
  }
  const version = Math.max(DEFAULT_RULES_VERSION, stored[0]?.version ?? DEFAULT_RULES_VERSION) + 1;
  if (!(await deps.management.recommendations.addRuleSet({ districtId, version, rules, note, createdById: actor.id, at }))) {
    throw new AdminError("invalid", recText.rulesTaken);
  }
  return getRuleSet(deps, actor, { districtId });
}

// ---------- facts ----------

export interface FactsView {
  facts: SchoolFacts;
  /** Which sources answered (a district sees why a kind of proposal is missing). */
  sources: { riskProfile: boolean; deficits: boolean; identification: boolean };
  /** Strong schools the latest identification marks as curator candidates (seed 004), other than this one. */
  curatorCandidates: Array<{ id: string; name: string }>;
}

/** A school's current facts: only released or computed figures, never an individual answer. */
export async function schoolFacts(deps: RecommendationsDeps, actor: PersonView, school: SchoolRecord): Promise<FactsView> {
  const facts: SchoolFacts = { school: { id: school.id, name: school.name }, riskFactors: [], riskParameters: [], deficitAreas: [], lowTopics: [], status: { shnor: false, shnsu: false } };
  const sources = { riskProfile: false, deficits: false, identification: false };
  let curatorCandidates: FactsView["curatorCandidates"] = [];
  if (deps.surveys) {
    const view = await schoolRiskProfile({ repo: deps.repo, admin: deps.admin, surveys: deps.surveys, clock: deps.clock, settings: deps.settings }, actor, { schoolId: school.id });
    if (view.profile) {
      sources.riskProfile = true;
      for (const factor of view.profile.factors) {
        if (factor.risk === "fixed") facts.riskFactors.push({ id: factor.id, name: factor.name });
        for (const parameter of factor.parameters) if (parameter.crossed === true) facts.riskParameters.push({ key: parameter.key, name: parameter.name });
      }
    }
  }
  const deficits = await schoolDeficits(deps, actor, school.id);
  if (deficits.aggregate && !deficits.aggregate.hidden) {
    sources.deficits = true;
    for (const area of deficits.aggregate.areas) {
      if (!area.cell.hidden && area.cell.level !== "none") facts.deficitAreas.push({ id: area.areaId, title: area.title, level: area.cell.level });
    }
  }
  if (deps.ident) {
    const run = await deps.ident.latestRun(school.districtId);
    const own = run?.output.schools.find((entry) => entry.schoolId === school.id);
    if (run && own) {
      sources.identification = true;
      facts.status = { shnor: own.shnor, shnsu: own.shnsu };
      facts.lowTopics = own.lowTasks.map((task) => ({ subject: task.subject, grade: task.grade, task: task.task, topic: task.topic, solvedShare: task.solvedShare }));
    }
    curatorCandidates = (run?.output.schools ?? []).filter((entry) => entry.curatorCandidate && entry.schoolId !== school.id).map((entry) => ({ id: entry.schoolId, name: entry.schoolName }));
  }
  return { facts, sources, curatorCandidates };
}

// ---------- the district's work ----------

export interface RecommendationView extends Omit<RecommendationRecord, "basis"> {
  addresseeName: string;
  formName: string;
  basis: StoredBasis["items"];
  overdue: boolean;
  events: Array<RecommendationRecord["events"][number] & { overdue: boolean }>;
}

function viewOf(record: RecommendationRecord, now: Date): RecommendationView {
  const closed = record.state === "done" || record.state === "rejected" || record.state === "proposed";
  return {
    ...record,
    addresseeName: ADDRESSEE_NAMES[record.addressee],
    formName: FORM_NAMES[record.form],
    basis: record.basis?.items ?? [],
    overdue: !closed && record.dueOn !== null && record.dueOn.getTime() < now.getTime(),
    events: record.events.map((event) => ({ ...event, overdue: event.state === "overdue" || (!["done", "cancelled"].includes(event.state) && event.dueOn.getTime() < now.getTime()) })),
  };
}

/** A recommendation in work whose every measure is done is done (the addressee's last measure closes it). */
async function settle(deps: RecommendationsDeps, records: RecommendationRecord[]): Promise<RecommendationRecord[]> {
  const now = deps.clock.now();
  const out: RecommendationRecord[] = [];
  for (const record of records) {
    const live = record.events.filter((event) => event.state !== "cancelled");
    if (record.state === "in_work" && live.length && live.every((event) => event.state === "done")) {
      const doneAt = live.reduce((last, event) => (event.doneAt && event.doneAt > last ? event.doneAt : last), new Date(0));
      const at = doneAt.getTime() > 0 ? doneAt : now;
      if (await deps.management.recommendations.update(record.id, { state: "done", doneAt: at }, ["in_work"])) {
        out.push({ ...record, state: "done", doneAt: at });
        continue;
      }
    }
    out.push(record);
  }
  return out;
}

const ListQuery = z.object({ districtId: id, schoolId: id.optional(), state: z.enum(RECOMMENDATION_STATES).optional() });

/** Every recommendation of the district (district staff; the working group reads), with deadlines, states, who acknowledged, the measures. */
export async function districtRecommendations(deps: RecommendationsDeps, actor: PersonView, raw: { districtId: string; schoolId?: string; state?: string }): Promise<RecommendationView[]> {
  const input = parse(ListQuery, raw);
  // The working group (#15) follows the recommendations too, read-only.
  if (!canReadDistrict(actor.memberships, input.districtId)) throw new AdminError("forbidden", recText.districtOnly);
  const records = await deps.management.recommendations.list(input.districtId, { schoolId: input.schoolId, states: input.state ? [input.state] : undefined });
  const now = deps.clock.now();
  return (await settle(deps, records)).map((record) => viewOf(record, now));
}

export interface GenerateResult extends FactsView {
  ruleSetVersion: number;
  created: RecommendationView[];
  /** Rules that fired but were proposed or sent for this school already this school year. */
  skipped: string[];
}

/** Proposals for a school from its current facts; a rule already used for the school this school year is skipped. */
export async function generateRecommendations(deps: RecommendationsDeps, actor: PersonView, raw: { districtId: string; schoolId: string }): Promise<GenerateResult> {
  const districtId = parse(id, raw.districtId, recText.districtNotFound);
  assertDistrictStaff(actor, districtId);
  const school = await managedSchool(deps, actor, raw.schoolId, districtId);
  const district = await districtOf(deps, districtId);
  const now = deps.clock.now();
  const [factsView, rules, used] = await Promise.all([
    schoolFacts(deps, actor, school),
    currentRules(deps, districtId),
    deps.management.recommendations.ruleKeysSince(school.id, schoolYearBegins(now, district.timezone)),
  ]);
  const all = proposeRecommendations(factsView.facts, rules.rules);
  const fresh = proposeRecommendations(factsView.facts, rules.rules, used);
  const ids = await deps.management.recommendations.create(
    fresh.map((proposal) => ({
      districtId,
      schoolId: school.id,
      addressee: proposal.addressee,
      curatorSchoolId: null,
      form: proposal.form,
      title: proposal.title,
      text: proposal.text,
      basis: { items: proposal.basis, section: proposal.section },
      ruleKey: proposal.ruleKey,
      ruleSetVersion: rules.version,
      dueOn: dueAfter(now, proposal.dueDays, district.timezone),
    })),
  );
  const created = ids.length ? await deps.management.recommendations.list(districtId, { ids }) : [];
  return {
    ...factsView,
    ruleSetVersion: rules.version,
    created: created.map((record) => viewOf(record, now)),
    skipped: all.filter((proposal) => used.has(proposal.ruleKey)).map((proposal) => proposal.ruleKey),
  };
}

async function districtRecommendation(deps: RecommendationsDeps, actor: PersonView, recommendationId: string): Promise<RecommendationRecord> {
  const record = await deps.management.recommendations.get(parse(id, recommendationId, recText.notFound));
  if (!record) throw new AdminError("not_found", recText.notFound);
  // Another district's recommendation reads as not found to staff of another district, forbidden to anyone else.
  if (!canManageDistrict(actor.memberships, record.districtId)) {
    const staff = actor.memberships.some((membership) => membership.active && isDistrictStaff(membership));
    throw staff ? new AdminError("not_found", recText.notFound) : new AdminError("forbidden", recText.districtOnly);
  }
  return record;
}

const EditBody = z
  .object({
    title: z.string().trim().min(3).max(200),
    text: z.string().trim().min(10).max(4000),
    addressee: z.enum(ADDRESSEES),
    form: z.enum(FORMS),
    dueOn: z.string().regex(DATE),
    curatorSchoolId: id.nullable(),
    /** A library item of the district (#15), or null for none. */
    libraryItemId: id.nullable(),
  })
  .partial();

/**
 * Edits a proposal (title, text, addressee, form, deadline, the school-curator). Once sent only the deadline
 * changes: the issuer controls it (seed 003 §6.4).
 */
export async function editRecommendation(deps: RecommendationsDeps, actor: PersonView, raw: { id: string; patch: unknown }): Promise<RecommendationView> {
  const record = await districtRecommendation(deps, actor, raw.id);
  const input = parse(EditBody, raw.patch);
  const district = await districtOf(deps, record.districtId);
  if (record.state === "rejected") throw new AdminError("invalid", recText.notEditable);
  if (record.state !== "proposed" && Object.keys(input).some((key) => key !== "dueOn")) throw new AdminError("invalid", recText.notProposed);
  const patch: RecommendationPatch = {};
  if (input.title !== undefined) patch.title = input.title;
  if (input.text !== undefined) patch.text = input.text;
  if (input.form !== undefined) patch.form = input.form;
  if (input.addressee !== undefined) patch.addressee = input.addressee;
  if (input.dueOn !== undefined) {
    const due = dateOn(input.dueOn, district.timezone);
    if (!due || due.getTime() < startOfDay(deps.clock.now(), district.timezone).getTime()) throw new AdminError("invalid", recText.badDate, { field: "dueOn" });
    patch.dueOn = due;
  }
  if (input.curatorSchoolId !== undefined) {
    if (input.curatorSchoolId !== null) {
      const curator = await deps.repo.getSchool(input.curatorSchoolId);
      if (!curator || curator.districtId !== record.districtId) throw new AdminError("not_found", recText.schoolNotFound);
      if (curator.id === record.schoolId) throw new AdminError("invalid", recText.curatorSame);
    }
    patch.curatorSchoolId = input.curatorSchoolId;
  }
  if (input.libraryItemId !== undefined) {
    if (input.libraryItemId !== null) {
      if (!deps.library) throw new AdminError("invalid", libraryText.otherDistrict, { field: "libraryItemId" });
      await checkLinkable(deps.library, record.districtId, input.libraryItemId);
    }
    patch.libraryItemId = input.libraryItemId;
  }
  if ((patch.addressee ?? record.addressee) !== "curator") patch.curatorSchoolId = null;
  const changed = await deps.management.recommendations.update(record.id, patch, record.state === "proposed" ? ["proposed"] : [record.state]);
  if (!changed) throw new AdminError("invalid", recText.notProposed);
  return viewOf((await deps.management.recommendations.get(record.id))!, deps.clock.now());
}

export async function rejectRecommendation(deps: RecommendationsDeps, actor: PersonView, raw: { id: string }): Promise<RecommendationView> {
  const record = await districtRecommendation(deps, actor, raw.id);
  if (!(await deps.management.recommendations.update(record.id, { state: "rejected" }, ["proposed"]))) throw new AdminError("invalid", recText.cannotReject);
  return viewOf((await deps.management.recommendations.get(record.id))!, deps.clock.now());
}

/** The people an addressee stands for: heads of the school (or of the school-curator), district staff, the institute, the assessment centre. */
export function addresseeFilter(record: Pick<RecommendationRecord, "addressee" | "schoolId" | "curatorSchoolId">): RecipientFilter | null {
  switch (record.addressee) {
    case "head":
      return record.schoolId ? { roles: ["head"], schoolIds: [record.schoolId] } : null;
    case "curator":
      return record.curatorSchoolId ? { roles: ["head"], schoolIds: [record.curatorSchoolId] } : null;
    case "district":
      return { roles: ["district"] };
    case "institute":
      return { roles: ["methodologist"] };
    case "assessment":
      return { roles: ["assessment"] };
  }
}

export interface SendResult {
  sent: Array<{ id: string; recipients: number; queued: number }>;
}

/**
 * Sends proposals: state sent, sentAt, the issuer; one Outbox message per addressee person (one account each,
 * consented and reachable) with «✅ Получено» and the app's «recs» page. A repeated send queues nothing twice.
 */
export async function sendRecommendations(deps: RecommendationsDeps, actor: PersonView, raw: { districtId: string; ids: unknown }): Promise<SendResult> {
  const districtId = parse(id, raw.districtId, recText.districtNotFound);
  assertDistrictStaff(actor, districtId);
  const ids = parse(z.array(id).min(1).max(100), raw.ids);
  const district = await districtOf(deps, districtId);
  const records = await deps.management.recommendations.list(districtId, { ids });
  if (records.length !== new Set(ids).size) throw new AdminError("not_found", recText.notFound);
  for (const record of records) {
    if (record.state !== "proposed") throw new AdminError("invalid", recText.cannotSend);
    if (record.addressee === "curator" && !record.curatorSchoolId) throw new AdminError("invalid", recText.curatorMissing, { field: "curatorSchoolId" });
  }
  const now = deps.clock.now();
  const result: SendResult = { sent: [] };
  for (const record of records) {
    if (!(await deps.management.recommendations.update(record.id, { state: "sent", sentAt: now, issuedById: actor.id }, ["proposed"]))) continue;
    const filter = addresseeFilter(record);
    const people = filter ? await deps.management.recipients.recipients(districtId, filter) : [];
    const reachable = people.filter((person) => person.consented && person.account);
    const due = record.dueOn ? formatDay(record.dueOn, district.timezone) : null;
    const messages: OutboxMessage[] = reachable.map((person) => ({
      dedupeKey: `rec:${record.id}:${person.personId}`,
      personId: person.personId,
      channel: person.account!.channel,
      chatId: person.account!.chatId,
      text: withLibraryLine(recText.notice({ title: record.title, form: FORM_NAMES[record.form], school: record.schoolName, due, text: record.text }), record),
      buttons: [
        [{ text: recText.ackButton, data: `rc:ack:${record.id}` }],
        // The library item it points at (#15) opens in chat (core/journeys/library.ts).
        ...(record.libraryItem && !record.libraryItem.archived ? [[{ text: libraryText.linkedButton, data: `lb:get:${record.libraryItem.id}` }]] : []),
      ],
      appStart: "recs",
    }));
    const queued = messages.length ? await deps.repo.enqueue(messages) : 0;
    result.sent.push({ id: record.id, recipients: reachable.length, queued });
  }
  return result;
}

/** The notice's line about the library item the recommendation points at (#15), with its link when it has one. */
function withLibraryLine(text: string, record: Pick<RecommendationRecord, "libraryItem">): string {
  const item = record.libraryItem;
  if (!item || item.archived) return text;
  return `${text}\n\n${libraryText.linkedItem(item.title)}${item.url ? `\n${item.url}` : ""}`;
}

export const formatDay = (date: Date, timezone: string) =>
  new Intl.DateTimeFormat("ru-RU", { timeZone: timezone, day: "2-digit", month: "2-digit", year: "numeric" }).format(date);

// ---------- the addressee ----------

const roleOfAddressee: Record<Exclude<Addressee, "head" | "curator">, Role> = { district: "district", institute: "methodologist", assessment: "assessment" };

/** Whether the person is among the recommendation's addressees (the same people its notice went to). */
export function isAddressee(person: PersonView, record: Pick<RecommendationRecord, "addressee" | "districtId" | "schoolId" | "curatorSchoolId">): boolean {
  return person.memberships.some((membership) => {
    if (!membership.active || membership.districtId !== record.districtId) return false;
    if (record.addressee === "head") return membership.role === "head" && membership.schoolId === record.schoolId;
    if (record.addressee === "curator") return membership.role === "head" && membership.schoolId === record.curatorSchoolId;
    return membership.role === roleOfAddressee[record.addressee];
  });
}

/** Roles that may be addressees. */
export const ADDRESSEE_ROLES: readonly Role[] = ["head", "district", "methodologist", "assessment"];

/** Recommendations sent to me (every district I work in), open first by deadline, then the done ones. */
export async function myRecommendations(deps: RecommendationsDeps, person: PersonView): Promise<RecommendationView[]> {
  const districts = [...new Set(person.memberships.filter((m) => m.active && ADDRESSEE_ROLES.includes(m.role)).map((m) => m.districtId))];
  const now = deps.clock.now();
  const all: RecommendationRecord[] = [];
  for (const districtId of districts) {
    const records = await deps.management.recommendations.list(districtId, { states: [...OPEN_STATES, "done"] });
    all.push(...(await settle(deps, records.filter((record) => isAddressee(person, record)))));
  }
  const rank = (record: RecommendationRecord) => (record.state === "done" ? 1 : 0);
  return all
    .sort((a, b) => rank(a) - rank(b) || (a.dueOn?.getTime() ?? Infinity) - (b.dueOn?.getTime() ?? Infinity) || a.id.localeCompare(b.id))
    .map((record) => viewOf(record, now));
}

async function addressed(deps: RecommendationsDeps, person: PersonView, recommendationId: string): Promise<RecommendationRecord> {
  const record = await deps.management.recommendations.get(parse(id, recommendationId, recText.notFound));
  if (!record || record.state === "proposed" || record.state === "rejected") throw new AdminError("not_found", recText.notFound);
  if (!isAddressee(person, record)) throw new AdminError("forbidden", recText.notAddressee);
  return record;
}

/** «✅ Получено»: once, by an addressee. `already` when it was acknowledged before (by anyone of them). */
export async function acknowledgeRecommendation(deps: RecommendationsDeps, person: PersonView, raw: { id: string }): Promise<{ recommendation: RecommendationView; already: boolean }> {
  const record = await addressed(deps, person, raw.id);
  const now = deps.clock.now();
  const changed = await deps.management.recommendations.update(record.id, { state: "acknowledged", acknowledgedAt: now, acknowledgedById: person.id }, ["sent"]);
  return { recommendation: viewOf((await deps.management.recommendations.get(record.id))!, now), already: !changed };
}

const MeasureBody = z.object({ title: z.string().trim().min(3).max(500), dueOn: z.string().regex(DATE) });

export interface PlannedMeasure {
  recommendation: RecommendationView;
  eventId: string;
  number: string;
  roadmap: { id: string; schoolId: string | null; schoolYear: string; name: string };
}

/**
 * A measure in answer: a roadmap event (recommendationId set, the addressee its executor) in the school's roadmap
 * for a head or a school-curator, in the district's for the district, the institute and the assessment centre,
 * of the current school year. The recommendation is then in work (acknowledged on the way, if it was not).
 */
export async function planMeasure(deps: RecommendationsDeps, person: PersonView, raw: { id: string; title: unknown; dueOn: unknown }): Promise<PlannedMeasure> {
  const record = await addressed(deps, person, raw.id);
  if (record.state === "done") throw new AdminError("invalid", recText.closed);
  const titleCheck = MeasureBody.shape.title.safeParse(raw.title);
  if (!titleCheck.success) throw new AdminError("invalid", recText.badMeasure, { field: "title" });
  const district = await districtOf(deps, record.districtId);
  const now = deps.clock.now();
  const due = typeof raw.dueOn === "string" ? dateOn(raw.dueOn, district.timezone) : null;
  if (!due || due.getTime() < startOfDay(now, district.timezone).getTime()) throw new AdminError("invalid", recText.badDate, { field: "dueOn" });
  const schoolYear = schoolYearOf(now, district.timezone);
  const schoolRoadmap = (record.addressee === "head" || record.addressee === "curator") && record.schoolId !== null;
  const key = { districtId: record.districtId, schoolId: schoolRoadmap ? record.schoolId : null, schoolYear };
  const name = schoolRoadmap ? (record.schoolName ?? "") : district.name;
  const roadmap = await deps.management.roadmaps.ensureRoadmap(key, defaultRoadmapInit(schoolRoadmap ? "school" : "district", name, schoolYear));
  const eventId = await deps.management.roadmaps.addEvent(
    roadmap.id,
    {
      section: record.basis?.section ?? "methodical",
      title: titleCheck.data,
      dueOn: due,
      indicator: recText.measureIndicator(record.title),
      executorsText: EXECUTOR_TEXT[record.addressee],
      executorIds: [person.id],
      recommendationId: record.id,
    },
    person.id,
  );
  const basis = record.basis ? { ...record.basis, planning: null } : null;
  await deps.management.recommendations.update(record.id, {
    state: "in_work",
    ...(record.acknowledgedAt ? {} : { acknowledgedAt: now, acknowledgedById: person.id }),
    ...(basis ? { basis } : {}),
  });
  const after = (await deps.management.recommendations.get(record.id))!;
  const event = after.events.find((candidate) => candidate.id === eventId);
  return { recommendation: viewOf(after, now), eventId, number: event?.number ?? "", roadmap: { id: roadmap.id, schoolId: key.schoolId, schoolYear, name } };
}

/** «Выполнено»: the addressee closes the recommendation (acknowledged or in work). */
export async function markRecommendationDone(deps: RecommendationsDeps, person: PersonView, raw: { id: string }): Promise<RecommendationView> {
  const record = await addressed(deps, person, raw.id);
  const now = deps.clock.now();
  if (record.state === "done") return viewOf(record, now);
  if (record.state === "sent") throw new AdminError("invalid", recText.notSent);
  await deps.management.recommendations.update(record.id, { state: "done", doneAt: now }, ["acknowledged", "in_work"]);
  return viewOf((await deps.management.recommendations.get(record.id))!, now);
}

// ---------- the pending step of a measure typed in chat ----------

/** Starts (or restarts) typing a measure for this recommendation in chat. */
export async function startPlanning(deps: RecommendationsDeps, person: PersonView, raw: { id: string }): Promise<RecommendationView> {
  const record = await addressed(deps, person, raw.id);
  if (record.state === "done") throw new AdminError("invalid", recText.closed);
  const basis: StoredBasis = { items: record.basis?.items ?? [], section: record.basis?.section ?? "methodical", planning: { personId: person.id, at: deps.clock.now().toISOString() } };
  await deps.management.recommendations.update(record.id, { basis });
  return viewOf({ ...record, basis }, deps.clock.now());
}

/** The recommendation whose measure this person is typing (the latest started within the window), if any. */
export async function pendingPlanning(deps: RecommendationsDeps, person: PersonView): Promise<{ recommendation: RecommendationRecord; title: string | null } | null> {
  const since = deps.clock.now().getTime() - PLANNING_WINDOW_MS;
  let best: { recommendation: RecommendationRecord; title: string | null; at: number } | null = null;
  const districts = [...new Set(person.memberships.filter((m) => m.active && ADDRESSEE_ROLES.includes(m.role)).map((m) => m.districtId))];
  for (const districtId of districts) {
    for (const record of await deps.management.recommendations.list(districtId, { states: ["sent", "acknowledged", "in_work"] })) {
      const planning = record.basis?.planning;
      if (!planning || planning.personId !== person.id) continue;
      const at = Date.parse(planning.at);
      if (!(at >= since) || (best && best.at >= at) || !isAddressee(person, record)) continue;
      best = { recommendation: record, title: planning.title ?? null, at };
    }
  }
  return best ? { recommendation: best.recommendation, title: best.title } : null;
}

/** Keeps the measure's text while the date is asked. */
export async function setPlanningTitle(deps: RecommendationsDeps, record: RecommendationRecord, personId: string, title: string): Promise<void> {
  const basis: StoredBasis = { items: record.basis?.items ?? [], section: record.basis?.section ?? "methodical", planning: { personId, at: deps.clock.now().toISOString(), title } };
  await deps.management.recommendations.update(record.id, { basis });
}

export async function cancelPlanning(deps: RecommendationsDeps, person: PersonView, raw: { id: string }): Promise<void> {
  const record = await addressed(deps, person, raw.id);
  if (record.basis?.planning?.personId !== person.id) return;
  await deps.management.recommendations.update(record.id, { basis: { ...record.basis, planning: null } });
}
