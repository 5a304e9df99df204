// The audit log (#16 §6): who viewed which school's aggregates, who changed methodology, lists,
// recommendations, roadmaps and members, and who exported what. Pure: the port the repository implements
// (prisma/audit.ts), the action keys, and the classification of a Mini App API request (method + the
// route PATTERN Hono matched) into an action and the place whose district owns it. Every registered
// /api route is listed below on purpose (tests/unit/audit.test.ts checks that no write route falls back).
import { z } from "zod";
import { canManageDistrict } from "../access/permissions.ts";
import type { MembershipView, Role } from "../roles.ts";
import { zonedMidnight } from "./admin.ts";

/** Where an entry came from. */
export const AUDIT_VIA = ["miniapp", "cli", "bot"] as const;
export type AuditVia = (typeof AUDIT_VIA)[number];

/** What was done: a read of aggregates, a download, or a change in one area (Russian labels: core/messages/audit.ts). */
export const AUDIT_ACTIONS = [
  "aggregate.view",
  "export",
  "methodology.change",
  "lists.change",
  "data.change",
  "recommendations.change",
  "roadmaps.change",
  "decisions.change",
  "reports.change",
  "members.change",
  "campaigns.change",
  "broadcasts.change",
  "programmes.change",
  "events.change",
  "library.change",
  "working_group.change",
  "routes.change",
  "reserve.change",
  "visits.change",
  "change.other",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
export const isAuditAction = (value: string): value is AuditAction => (AUDIT_ACTIONS as readonly string[]).includes(value);

/** Details are small: ids, counts, the HTTP status. Never answers or free text. */
export type AuditDetails = Record<string, string | number | boolean | null>;

export interface AuditEntryInput {
  actorId: string | null;
  actorLabel: string;
  role: Role | null;
  via: AuditVia;
  action: AuditAction;
  /** "GET /api/schools/:schoolId/deficits" or the CLI command ("campaign open"). */
  target: string;
  districtId: string | null;
  schoolId: string | null;
  details?: AuditDetails | null;
  /** Default: now. */
  at?: Date;
  /**
   * A record the route names (a recommendation, a roadmap event…) whose district and school the
   * repository looks up in the same INSERT when districtId/schoolId are not known here.
   */
  subject?: AuditSubject | null;
}

export interface AuditEntryView {
  id: string;
  at: Date;
  actorId: string | null;
  actorLabel: string;
  role: string | null;
  via: string;
  action: string;
  target: string;
  districtId: string | null;
  schoolId: string | null;
  schoolName: string | null;
  details: unknown;
}

export const AUDIT_PAGE_LIMIT = 100;

export interface AuditFilter {
  districtId: string;
  schoolId?: string;
  action?: AuditAction;
  actorId?: string;
  from?: Date;
  /** Exclusive. */
  to?: Date;
  /** The id of the last entry of the previous page (newest first). */
  cursor?: string;
  /** At most AUDIT_PAGE_LIMIT. */
  limit?: number;
}

export interface AuditPort {
  /** One INSERT. */
  append(entry: AuditEntryInput): Promise<void>;
  /** Newest first; `nextCursor` is null on the last page. */
  list(filter: AuditFilter): Promise<{ entries: AuditEntryView[]; nextCursor: string | null }>;
  /** Deletes entries older than `before` (the retention job); returns how many. */
  purge(before: Date): Promise<number>;
  /** /deletedata: entries stay, without naming the person (actorId null, actorLabel "удалённый пользователь"). */
  eraseActor(personId: string): Promise<number>;
}

// ---- the classification of API requests ----

/** Records a route names, whose district and school the INSERT looks up (prisma/audit.ts SUBJECT_SQL). */
export const AUDIT_SUBJECTS = [
  "school",
  "campaign",
  "broadcast",
  "calendarEntry",
  "decision",
  "assignment",
  "networkEvent",
  "libraryItem",
  "membership",
  "pair",
  "programme",
  "seminarProgramme",
  "seminarRequest",
  "recommendation",
  "reserveCandidate",
  "roadmap",
  "roadmapEvent",
  "roadmapEvidence",
  "learningRoute",
  "routeItem",
  "visit",
] as const;
export type AuditSubjectKind = (typeof AUDIT_SUBJECTS)[number];
export interface AuditSubject {
  kind: AuditSubjectKind;
  id: string;
  /** The district when the record is gone (a DELETE): the person's only district, if any. */
  fallbackDistrictId?: string | null;
}

/**
 * What is recorded for a route: an action and, when the path names a record rather than a district or a
 * school, which parameter names it. `null`: not recorded (a read that is not an aggregate, or a person's
 * own activity: their answers, their route, their registration — recording those would tell the district
 * who answered what and when).
 */
export type RouteAudit = { action: AuditAction; subject?: { kind: AuditSubjectKind; param: string } } | null;

const view = (subject?: [AuditSubjectKind, string]): RouteAudit => ({ action: "aggregate.view", ...(subject ? { subject: { kind: subject[0], param: subject[1] } } : {}) });
const exp = (subject?: [AuditSubjectKind, string]): RouteAudit => ({ action: "export", ...(subject ? { subject: { kind: subject[0], param: subject[1] } } : {}) });
const change = (action: AuditAction, subject?: [AuditSubjectKind, string]): RouteAudit => ({
  action,
  ...(subject ? { subject: { kind: subject[0], param: subject[1] } } : {}),
});
const personal = null;

/**
 * Every /api route of the Mini App ("METHOD /pattern" exactly as registered). GETs that are not listed
 * are reads that are not recorded; a write that is not listed is recorded as "change.other" (and fails
 * the unit test, so that a new route is classified consciously).
 */
export const API_AUDIT: Readonly<Record<string, RouteAudit>> = {
  // ---- aggregates read ----
  "GET /api/schools/:schoolId/deficits": view(),
  "GET /api/schools/:schoolId/risk-profile": view(),
  "GET /api/schools/:schoolId/card": view(),
  "GET /api/schools/:schoolId/completion": view(),
  "GET /api/schools/:schoolId/at-risk": view(),
  "GET /api/districts/:districtId/summary": view(),
  "GET /api/districts/:districtId/completion": view(),
  "GET /api/districts/:districtId/risk-profiles": view(),
  "GET /api/districts/:districtId/identification": view(),
  "GET /api/districts/:districtId/identification/lists": view(),
  "GET /api/districts/:districtId/identification/official": view(),
  "GET /api/districts/:districtId/indicators": view(),
  "GET /api/districts/:districtId/indicators/trends": view(),
  "GET /api/districts/:districtId/at-risk": view(),
  "GET /api/districts/:districtId/baselines": view(),
  "GET /api/districts/:districtId/baselines/compare/:instrument": view(),
  "GET /api/districts/:districtId/methodologist": view(),
  "GET /api/districts/:districtId/reports": view(),
  "GET /api/districts/:districtId/reports/:reportId": view(),
  "GET /api/campaigns/:campaignId/rates": view(["campaign", "campaignId"]),

  // ---- downloads ----
  "GET /api/districts/:districtId/summary.xlsx": exp(),
  "GET /api/districts/:districtId/reports/:reportId/report.pdf": exp(),
  "GET /api/districts/:districtId/reports/:reportId/report.xlsx": exp(),
  "GET /api/districts/:districtId/working-group/reports/:reportId/report.pdf": exp(),
  "GET /api/districts/:districtId/working-group/reports/:reportId/report.xlsx": exp(),
  "GET /api/districts/:districtId/schools/:schoolId/invite-sheet": exp(),
  "GET /api/districts/:districtId/staff-template": exp(),
  "GET /api/districts/:districtId/data/template/:kind": exp(),
  "GET /api/campaigns/:campaignId/schools/:schoolId/qr.png": exp(),
  "GET /api/events/:eventId/ics": exp(["networkEvent", "eventId"]),
  "GET /api/events/:eventId/materials/:index": exp(["networkEvent", "eventId"]),
  "GET /api/library/:itemId/file": exp(["libraryItem", "itemId"]),
  "GET /api/programmes/:programmeId/file": exp(["programme", "programmeId"]),
  "GET /api/roadmap-evidence/:evidenceId/file": exp(["roadmapEvidence", "evidenceId"]),
  "GET /api/route-items/:itemId/certificate": exp(["routeItem", "itemId"]),
  "GET /api/visits/:visitId/file": exp(["visit", "visitId"]),

  // ---- methodology and settings ----
  "PUT /api/districts/:districtId/methodology": change("methodology.change"),
  "POST /api/districts/:districtId/risk-settings": change("methodology.change"),
  "POST /api/districts/:districtId/recommendation-rules": change("methodology.change"),
  "PUT /api/districts/:districtId/baselines/mapping/:instrument": change("methodology.change"),
  "PUT /api/districts/:districtId/operator": change("methodology.change"),

  // ---- identification and official lists ----
  "POST /api/districts/:districtId/identification/run": change("lists.change"),
  "POST /api/districts/:districtId/risk-profiles/recompute": change("lists.change"),
  "PUT /api/schools/:schoolId/curator-flags": change("lists.change"),

  // ---- the district's data (uploads, counts) ----
  "POST /api/districts/:districtId/data": change("data.change"),
  "POST /api/districts/:districtId/baselines": change("data.change"),
  "PUT /api/schools/:schoolId/at-risk": change("data.change"),
  "POST /api/schools/:schoolId/at-risk/plan": change("data.change"),

  // ---- recommendations ----
  "POST /api/districts/:districtId/recommendations/generate": change("recommendations.change"),
  "POST /api/districts/:districtId/recommendations/send": change("recommendations.change"),
  "PATCH /api/recommendations/:id": change("recommendations.change", ["recommendation", "id"]),
  "POST /api/recommendations/:id/ack": change("recommendations.change", ["recommendation", "id"]),
  "POST /api/recommendations/:id/done": change("recommendations.change", ["recommendation", "id"]),
  "POST /api/recommendations/:id/measures": change("recommendations.change", ["recommendation", "id"]),
  "POST /api/recommendations/:id/reject": change("recommendations.change", ["recommendation", "id"]),

  // ---- roadmaps ----
  "POST /api/districts/:districtId/roadmap": change("roadmaps.change"),
  "POST /api/roadmaps/:roadmapId/events": change("roadmaps.change", ["roadmap", "roadmapId"]),
  "PUT /api/roadmaps/:roadmapId/order": change("roadmaps.change", ["roadmap", "roadmapId"]),
  "PATCH /api/roadmap-events/:eventId": change("roadmaps.change", ["roadmapEvent", "eventId"]),
  "DELETE /api/roadmap-events/:eventId": change("roadmaps.change", ["roadmapEvent", "eventId"]),
  "POST /api/roadmap-events/:eventId/evidence": change("roadmaps.change", ["roadmapEvent", "eventId"]),
  "PUT /api/roadmap-events/:eventId/executors": change("roadmaps.change", ["roadmapEvent", "eventId"]),
  "POST /api/roadmap-events/:eventId/help": change("roadmaps.change", ["roadmapEvent", "eventId"]),
  "POST /api/roadmap-events/:eventId/state": change("roadmaps.change", ["roadmapEvent", "eventId"]),
  "POST /api/districts/:districtId/reports/:reportId/growth-points/:index/roadmap": change("roadmaps.change"),

  // ---- management decisions and the calendar ----
  "POST /api/districts/:districtId/decisions": change("decisions.change"),
  "PUT /api/decisions/:decisionId": change("decisions.change", ["decision", "decisionId"]),
  "DELETE /api/decisions/:decisionId": change("decisions.change", ["decision", "decisionId"]),
  "POST /api/districts/:districtId/calendar": change("decisions.change"),
  "PUT /api/calendar/:entryId": change("decisions.change", ["calendarEntry", "entryId"]),
  "DELETE /api/calendar/:entryId": change("decisions.change", ["calendarEntry", "entryId"]),
  "POST /api/calendar/:entryId/done": change("decisions.change", ["calendarEntry", "entryId"]),

  // ---- effectiveness reports ----
  "POST /api/districts/:districtId/reports": change("reports.change"),
  "POST /api/districts/:districtId/reports/:reportId/approve": change("reports.change"),
  "PUT /api/districts/:districtId/reports/:reportId/conclusions": change("reports.change"),
  "POST /api/districts/:districtId/reports/:reportId/refresh": change("reports.change"),

  // ---- members: invites, memberships, assignments, pairs ----
  "POST /api/districts/:districtId/staff-import": change("members.change"),
  "POST /api/memberships/:membershipId/deactivate": change("members.change", ["membership", "membershipId"]),
  "POST /api/memberships/:membershipId/move": change("members.change", ["membership", "membershipId"]),
  "POST /api/people/:personId/schools": change("members.change"),
  "POST /api/districts/:districtId/assignments": change("members.change"),
  "POST /api/assignments/:assignmentId/end": change("members.change", ["assignment", "assignmentId"]),
  "POST /api/districts/:districtId/pairs": change("members.change"),
  "POST /api/pairs/:pairId/end": change("members.change", ["pair", "pairId"]),

  // ---- campaigns, reminders, anonymous links ----
  "POST /api/districts/:districtId/campaigns": change("campaigns.change"),
  "POST /api/districts/:districtId/campaigns/open": change("campaigns.change"),
  "POST /api/campaigns/:campaignId/close": change("campaigns.change", ["campaign", "campaignId"]),
  "POST /api/campaigns/:campaignId/schools/:schoolId/class-codes": change("campaigns.change"),
  "POST /api/campaigns/:campaignId/schools/:schoolId/link": change("campaigns.change"),
  "POST /api/districts/:districtId/remind": change("campaigns.change"),
  "POST /api/schools/:schoolId/remind": change("campaigns.change"),

  // ---- broadcasts ----
  "POST /api/districts/:districtId/broadcasts": change("broadcasts.change"),
  "POST /api/districts/:districtId/broadcasts/files": change("broadcasts.change"),
  "POST /api/broadcasts/:broadcastId/send": change("broadcasts.change", ["broadcast", "broadcastId"]),
  // A preview changes nothing and sends nothing.
  "POST /api/districts/:districtId/broadcasts/preview": null,

  // ---- programmes (development programmes and seminar programmes) ----
  "POST /api/districts/:districtId/programmes": change("programmes.change"),
  "PUT /api/programmes/:programmeId": change("programmes.change", ["programme", "programmeId"]),
  "POST /api/programmes/:programmeId/approve": change("programmes.change", ["programme", "programmeId"]),
  "POST /api/programmes/:programmeId/file": change("programmes.change", ["programme", "programmeId"]),
  "POST /api/programmes/:programmeId/monitorings": change("programmes.change", ["programme", "programmeId"]),
  "POST /api/programmes/:programmeId/return": change("programmes.change", ["programme", "programmeId"]),
  "PUT /api/programmes/:programmeId/review": change("programmes.change", ["programme", "programmeId"]),
  "POST /api/programmes/:programmeId/reviewers": change("programmes.change", ["programme", "programmeId"]),
  "POST /api/programmes/:programmeId/submit": change("programmes.change", ["programme", "programmeId"]),
  "POST /api/districts/:districtId/seminar-programmes": change("programmes.change"),
  "POST /api/seminar-programmes/:programmeId/publish": change("programmes.change", ["seminarProgramme", "programmeId"]),
  "POST /api/seminar-requests/:requestId/decline": change("programmes.change", ["seminarRequest", "requestId"]),

  // ---- network events ----
  "POST /api/districts/:districtId/events": change("events.change"),
  "POST /api/events/:eventId/announce": change("events.change", ["networkEvent", "eventId"]),
  "POST /api/events/:eventId/attendance": change("events.change", ["networkEvent", "eventId"]),
  "POST /api/events/:eventId/materials": change("events.change", ["networkEvent", "eventId"]),
  "POST /api/events/:eventId/materials/files": change("events.change", ["networkEvent", "eventId"]),

  // ---- the library ----
  "POST /api/districts/:districtId/library": change("library.change"),
  "PUT /api/library/:itemId": change("library.change", ["libraryItem", "itemId"]),
  "POST /api/library/:itemId/archive": change("library.change", ["libraryItem", "itemId"]),
  "POST /api/library/:itemId/file": change("library.change", ["libraryItem", "itemId"]),
  "DELETE /api/library/:itemId/file": change("library.change", ["libraryItem", "itemId"]),

  // ---- the municipal working group ----
  "POST /api/districts/:districtId/working-group/groups": change("working_group.change"),
  "PUT /api/districts/:districtId/working-group/groups/:groupId": change("working_group.change"),
  "POST /api/districts/:districtId/working-group/meetings": change("working_group.change"),
  "PUT /api/districts/:districtId/working-group/meetings/:meetingId": change("working_group.change"),
  "DELETE /api/districts/:districtId/working-group/meetings/:meetingId": change("working_group.change"),
  "POST /api/districts/:districtId/working-group/meetings/:meetingId/approve-report": change("working_group.change"),
  "POST /api/districts/:districtId/working-group/meetings/:meetingId/minutes": change("working_group.change"),
  "POST /api/districts/:districtId/working-groups": change("working_group.change"),
  "PUT /api/districts/:districtId/working-groups/:groupId": change("working_group.change"),
  "DELETE /api/districts/:districtId/working-groups/:groupId": change("working_group.change"),

  // ---- learning routes: the catalog, team routes ----
  "POST /api/districts/:districtId/courses": change("routes.change"),
  "POST /api/schools/:schoolId/team-route/draft": change("routes.change"),
  "POST /api/team-routes/:routeId/approve": change("routes.change", ["learningRoute", "routeId"]),
  "PUT /api/route-items/:itemId/library-item": change("routes.change", ["routeItem", "itemId"]),

  // ---- the personnel reserve ----
  "POST /api/districts/:districtId/reserve": change("reserve.change"),
  "PUT /api/reserve/:candidateId": change("reserve.change", ["reserveCandidate", "candidateId"]),
  "DELETE /api/reserve/:candidateId": change("reserve.change", ["reserveCandidate", "candidateId"]),

  // ---- visits ----
  "POST /api/visits/:visitId/confirm": change("visits.change", ["visit", "visitId"]),
  "POST /api/visits/:visitId/dispute": change("visits.change", ["visit", "visitId"]),

  // ---- a person's own activity: not recorded ----
  "PUT /api/me/attributes": personal,
  "POST /api/me/seminar-requests": personal,
  "PUT /api/surveys/:campaignId/answers": personal,
  "POST /api/route-items/:itemId/done": personal,
  "POST /api/route-items/:itemId/undo": personal,
  "POST /api/route-items/:itemId/certificate": personal,
  "POST /api/events/:eventId/register": personal,
  "DELETE /api/events/:eventId/register": personal,
};

const WRITE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);
/** A download by its file name, for a GET route not listed (a new one): recorded as an export. */
const DOWNLOAD = /(\.(xlsx|pdf|csv|ics|png|zip|docx)|\/file|\/certificate|\/ics)$/;

export interface ClassifiedRequest {
  action: AuditAction;
  /** "GET /api/schools/:schoolId/deficits" */
  target: string;
  subject?: { kind: AuditSubjectKind; param: string };
}

/** The audit action of an API request, from its method and the route pattern Hono matched; null: not recorded. */
export function classifyApiRequest(method: string, routePath: string): ClassifiedRequest | null {
  const verb = method.toUpperCase();
  const target = `${verb} ${routePath}`;
  if (!routePath.startsWith("/api/") || routePath === "/api/*") return null;
  if (target in API_AUDIT) {
    const entry = API_AUDIT[target];
    return entry ? { target, action: entry.action, ...(entry.subject ? { subject: entry.subject } : {}) } : null;
  }
  if (WRITE_METHODS.has(verb)) return { target, action: "change.other" };
  if (verb === "GET" && DOWNLOAD.test(routePath)) return { target, action: "export" };
  return null;
}

/**
 * The role an entry names: the membership in that school, else the one that manages the district, else
 * any in that district; when the place is not known here, the person's district staff role, else their first.
 */
export function actingRole(memberships: readonly MembershipView[], place: { districtId: string | null; schoolId: string | null }): Role | null {
  const active = memberships.filter((membership) => membership.active);
  const staffFirst = (list: MembershipView[]) =>
    list.find((membership) => membership.role === "district") ?? list.find((membership) => membership.role === "regional") ?? list[0];
  if (place.schoolId) {
    const inSchool = active.find((membership) => membership.schoolId === place.schoolId);
    if (inSchool) return inSchool.role;
  }
  if (place.districtId) {
    const inDistrict = staffFirst(active.filter((membership) => membership.districtId === place.districtId));
    if (inDistrict) return inDistrict.role;
  }
  return staffFirst(active)?.role ?? null;
}

/** The district a request belongs to when its path names none: the person's only district, if they have one. */
export function soleDistrict(memberships: readonly MembershipView[]): string | null {
  const districts = new Set(memberships.filter((membership) => membership.active).map((membership) => membership.districtId));
  return districts.size === 1 ? [...districts][0]! : null;
}

// ---- reading the log ----

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const ID = /^[a-z0-9]{1,40}$/;

/** The query of GET /api/districts/:districtId/audit and of `cli audit list` (days are the district's local days). */
export const AuditQuerySchema = z
  .object({
    from: z.string().regex(ISO_DAY).optional(),
    to: z.string().regex(ISO_DAY).optional(),
    action: z.enum(AUDIT_ACTIONS).optional(),
    school: z.string().regex(ID).optional(),
    cursor: z.string().regex(/^\d{1,19}$/).optional(),
  })
  .strict();
export type AuditQuery = z.infer<typeof AuditQuerySchema>;

/** Who reads a district's log: its staff and the regional operators of that district. */
export const canReadAudit = (memberships: readonly MembershipView[], districtId: string) => canManageDistrict(memberships, districtId);

/** The retention cut-off: entries older than this are deleted. */
export function retentionCutoff(now: Date, retentionDays: number): Date {
  return new Date(now.getTime() - retentionDays * 86_400_000);
}

/** The repository filter of a query: days are the district's local days, `to` inclusive. */
export function auditFilterOf(districtId: string, query: AuditQuery, timeZone: string): AuditFilter {
  return {
    districtId,
    ...(query.school ? { schoolId: query.school } : {}),
    ...(query.action ? { action: query.action } : {}),
    ...(query.from ? { from: zonedMidnight(query.from, timeZone) } : {}),
    ...(query.to ? { to: zonedMidnight(nextDay(query.to), timeZone) } : {}),
    ...(query.cursor ? { cursor: query.cursor } : {}),
  };
}

const nextDay = (isoDay: string) => new Date(Date.parse(`${isoDay}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

// ---- the CLI ----

/**
 * CLI commands ("group sub" or the top-level name) that are recorded, with their action. Reads (list,
 * show) and whole-database operations (db copy, backups: no district) are not. A dry run changes nothing
 * and is not recorded either.
 */
export const CLI_AUDIT: Readonly<Record<string, AuditAction>> = {
  "district create": "change.other",
  "district operator": "methodology.change",
  "school add": "data.change",
  "invite create": "members.change",
  "invite sheet": "members.change",
  "invite revoke": "members.change",
  "member deactivate": "members.change",
  "member move": "members.change",
  "member add-school": "members.change",
  "import xlsx": "members.change",
  "import results": "data.change",
  "import items": "data.change",
  "import social": "data.change",
  "import official-list": "lists.change",
  identify: "lists.change",
  "methodology set": "methodology.change",
  "campaign open": "campaigns.change",
  "campaign close": "campaigns.change",
  "campaign rates": "aggregate.view",
  "instrument import": "methodology.change",
  "instrument export": "export",
  "summary export": "export",
  lists: "export",
  "baseline import": "data.change",
  "baseline mapping set": "methodology.change",
  "courses import": "routes.change",
  // A backup holds everything: recorded as an export (after it is written, so not inside it).
  backup: "export",
};

/** The entry of a CLI command that ran to its end, or null when it is not recorded. Only the command name, never its options' text. */
export function cliAuditEntry(
  command: string,
  raw: Record<string, unknown>,
  place: { districtId: string | null; schoolId: string | null },
  osUser: string,
  actorLabel: (osUser: string) => string,
): AuditEntryInput | null {
  const action = CLI_AUDIT[command];
  if (!action || raw.dryRun === true) return null;
  return { actorId: null, actorLabel: actorLabel(osUser), role: null, via: "cli", action, target: command, districtId: place.districtId, schoolId: place.schoolId, details: null };
}

// ---- the bot ----

/**
 * A change made from the bot by district staff (an invite, a campaign opened or closed, an
 * identification run): the journey names what and where (core/journeys/common.ts auditChange), the
 * entry never carries the message text.
 */
export function botChangeEntry(
  person: { id: string; displayName: string | null; memberships: readonly MembershipView[] },
  change: { action: AuditAction; target: string; districtId: string | null; schoolId?: string | null; subject?: AuditSubject },
  at: Date,
): AuditEntryInput {
  const place = { districtId: change.districtId, schoolId: change.schoolId ?? null };
  return {
    at,
    actorId: person.id,
    actorLabel: person.displayName ?? person.id,
    role: actingRole(person.memberships, place),
    via: "bot",
    action: change.action,
    target: `bot ${change.target}`,
    ...place,
    details: null,
    ...(change.subject ? { subject: change.subject } : {}),
  };
}

/**
 * A bot turn that sent a file (a summary, lists, a report, a template) is an export: recorded with the
 * command or the button's journey prefix as target ("bot /summary", "bot ident:"), never the file's
 * name or the message text. Changes are marked by the journeys themselves (botChangeEntry).
 */
export function botExportEntry(
  person: { id: string; displayName: string | null; memberships: readonly MembershipView[] },
  incoming: { kind: string; name?: string; data?: string },
  documents: number,
  at: Date,
): AuditEntryInput | null {
  if (documents === 0) return null;
  const trigger =
    incoming.kind === "command" && incoming.name
      ? `/${incoming.name.toLowerCase().slice(0, 30)}`
      : incoming.kind === "action" && incoming.data
        ? (/^[a-z]{1,20}:/i.exec(incoming.data)?.[0] ?? "button")
        : incoming.kind;
  const staff = person.memberships.find((membership) => membership.active && (membership.role === "district" || membership.role === "regional"));
  const districtId = staff?.districtId ?? soleDistrict(person.memberships);
  return {
    at,
    actorId: person.id,
    actorLabel: person.displayName ?? person.id,
    role: actingRole(person.memberships, { districtId, schoolId: null }),
    via: "bot",
    action: "export",
    target: `bot ${trigger}`,
    districtId,
    schoolId: null,
    details: { documents },
  };
}
