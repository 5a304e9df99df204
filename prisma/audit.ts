// The audit log's repository (#16 §6; core/services/audit.ts AuditPort). The table is append-only by a
// trigger (migration 20261229000000_region_scale): UPDATE and DELETE pass only in a transaction that ran
// SET LOCAL shnor.audit_maintenance = 'on', which the retention purge and /deletedata's erasure do here.
import { Prisma, type PrismaClient } from "./generated/client.ts";
import {
  AUDIT_PAGE_LIMIT,
  type AuditEntryInput,
  type AuditEntryView,
  type AuditFilter,
  type AuditPort,
  type AuditSubjectKind,
  cliAuditEntry,
  auditFilterOf,
  type AuditQuery,
} from "../core/services/audit.ts";
import { AdminError } from "../core/services/admin.ts";
import { auditText } from "../core/messages/audit.ts";

type Tx = Prisma.TransactionClient;

const MAINTENANCE = `SET LOCAL shnor.audit_maintenance = 'on'`;

/**
 * For a record a route names: where its district and school are (the record is `x`).
 * Constant SQL (the kind comes from core's closed list), the id is a bound parameter.
 */
const SUBJECT_SQL: Record<AuditSubjectKind, { district: string; school: string; from: string }> = {
  school: { district: `x."districtId"`, school: `x."id"`, from: `"School" x` },
  campaign: { district: `x."districtId"`, school: `NULL::text`, from: `"Campaign" x` },
  broadcast: { district: `x."districtId"`, school: `NULL::text`, from: `"Broadcast" x` },
  calendarEntry: { district: `x."districtId"`, school: `NULL::text`, from: `"CalendarEntry" x` },
  decision: { district: `x."districtId"`, school: `x."schoolId"`, from: `"ManagementDecision" x` },
  assignment: { district: `x."districtId"`, school: `x."schoolId"`, from: `"Assignment" x` },
  networkEvent: { district: `x."districtId"`, school: `NULL::text`, from: `"NetworkEvent" x` },
  libraryItem: { district: `x."districtId"`, school: `NULL::text`, from: `"LibraryItem" x` },
  membership: { district: `x."districtId"`, school: `x."schoolId"`, from: `"Membership" x` },
  pair: { district: `x."districtId"`, school: `x."supportedSchoolId"`, from: `"SchoolPair" x` },
  programme: { district: `x."districtId"`, school: `x."schoolId"`, from: `"Programme" x` },
  seminarProgramme: { district: `x."districtId"`, school: `NULL::text`, from: `"SeminarProgramme" x` },
  seminarRequest: { district: `x."districtId"`, school: `x."schoolId"`, from: `"SeminarRequest" x` },
  recommendation: { district: `x."districtId"`, school: `x."schoolId"`, from: `"Recommendation" x` },
  reserveCandidate: { district: `x."districtId"`, school: `x."schoolId"`, from: `"ReserveCandidate" x` },
  roadmap: { district: `x."districtId"`, school: `x."schoolId"`, from: `"Roadmap" x` },
  roadmapEvent: { district: `r."districtId"`, school: `r."schoolId"`, from: `"RoadmapEvent" x JOIN "Roadmap" r ON r."id" = x."roadmapId"` },
  roadmapEvidence: {
    district: `r."districtId"`, school: `r."schoolId"`,
    from: `"EventEvidence" x JOIN "RoadmapEvent" e ON e."id" = x."eventId" JOIN "Roadmap" r ON r."id" = e."roadmapId"`,
  },
  learningRoute: { district: `x."districtId"`, school: `x."schoolId"`, from: `"LearningRoute" x` },
  routeItem: { district: `r."districtId"`, school: `r."schoolId"`, from: `"RouteItem" x JOIN "LearningRoute" r ON r."id" = x."routeId"` },
  visit: { district: `x."districtId"`, school: `x."schoolId"`, from: `"Visit" x` },
};

/** /deletedata: the person's entries stay (what was done), without naming them. Runs in deletePerson's transaction. */
export async function eraseAuditActor(tx: Tx, personId: string): Promise<number> {
  await tx.$executeRawUnsafe(MAINTENANCE);
  return tx.$executeRaw`UPDATE "AuditEntry" SET "actorId" = NULL, "actorLabel" = ${auditText.erasedActor} WHERE "actorId" = ${personId}`;
}

export class PrismaAuditRepository implements AuditPort {
  constructor(private readonly prisma: PrismaClient) {}

  async append(entry: AuditEntryInput): Promise<void> {
    const details = entry.details ? JSON.stringify(entry.details) : null;
    const at = entry.at ?? new Date();
    const columns = Prisma.sql`${at}::timestamp(3), ${entry.actorId}::text, ${entry.actorLabel}::text, ${entry.role}::text, ${entry.via}::text, ${entry.action}::text, ${entry.target}::text`;
    const subject = entry.subject ? SUBJECT_SQL[entry.subject.kind] : null;
    if (!subject || (entry.districtId && entry.schoolId)) {
      await this.prisma.$executeRaw`
        INSERT INTO "AuditEntry" ("at", "actorId", "actorLabel", "role", "via", "action", "target", "districtId", "schoolId", "details")
        VALUES (${columns}, ${entry.districtId}::text, ${entry.schoolId}::text, ${details}::jsonb)`;
      return;
    }
    // One INSERT that also looks up the named record's district and school (a deleted record: none).
    await this.prisma.$executeRaw`
      INSERT INTO "AuditEntry" ("at", "actorId", "actorLabel", "role", "via", "action", "target", "districtId", "schoolId", "details")
      SELECT ${columns}, COALESCE(${entry.districtId}::text, sub.d, ${entry.subject!.fallbackDistrictId ?? null}::text), COALESCE(${entry.schoolId}::text, sub.s), ${details}::jsonb
      FROM (SELECT 1) AS one
      LEFT JOIN (SELECT ${Prisma.raw(`${subject.district} AS d, ${subject.school} AS s`)} FROM ${Prisma.raw(subject.from)} WHERE x."id" = ${entry.subject!.id} LIMIT 1) AS sub ON TRUE`;
  }

  async list(filter: AuditFilter): Promise<{ entries: AuditEntryView[]; nextCursor: string | null }> {
    const limit = Math.min(Math.max(filter.limit ?? AUDIT_PAGE_LIMIT, 1), AUDIT_PAGE_LIMIT);
    const at = filter.from || filter.to ? { ...(filter.from ? { gte: filter.from } : {}), ...(filter.to ? { lt: filter.to } : {}) } : undefined;
    const rows = await this.prisma.auditEntry.findMany({
      where: {
        districtId: filter.districtId,
        ...(filter.schoolId ? { schoolId: filter.schoolId } : {}),
        ...(filter.action ? { action: filter.action } : {}),
        ...(filter.actorId ? { actorId: filter.actorId } : {}),
        ...(at ? { at } : {}),
        ...(filter.cursor ? { id: { lt: BigInt(filter.cursor) } } : {}),
      },
      orderBy: { id: "desc" },
      take: limit + 1,
    });
    const page = rows.slice(0, limit);
    const schoolIds = [...new Set(page.map((row) => row.schoolId).filter((id): id is string => Boolean(id)))];
    const schools = schoolIds.length
      ? await this.prisma.school.findMany({ where: { id: { in: schoolIds } }, select: { id: true, name: true } })
      : [];
    const names = new Map(schools.map((school) => [school.id, school.name]));
    return {
      entries: page.map((row) => ({
        id: row.id.toString(),
        at: row.at,
        actorId: row.actorId,
        actorLabel: row.actorLabel,
        role: row.role,
        via: row.via,
        action: row.action,
        target: row.target,
        districtId: row.districtId,
        schoolId: row.schoolId,
        schoolName: row.schoolId ? (names.get(row.schoolId) ?? null) : null,
        details: row.details,
      })),
      nextCursor: rows.length > limit ? page[page.length - 1]!.id.toString() : null,
    };
  }

  async purge(before: Date): Promise<number> {
    return this.prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(MAINTENANCE);
      return tx.$executeRaw`DELETE FROM "AuditEntry" WHERE "at" < ${before}::timestamp(3)`;
    });
  }

  /** Outside deletePerson (e.g. a test): the same erasure in its own transaction. */
  async eraseActor(personId: string): Promise<number> {
    return this.prisma.$transaction((tx) => eraseAuditActor(tx, personId));
  }
}

/** Districts whose id or exact name is `query` (the CLI's --district): at most 5. */
export const districtsByIdOrName = (prisma: PrismaClient, query: string) =>
  prisma.district.findMany({ where: { OR: [{ id: query }, { name: query }] }, select: { id: true, name: true, timezone: true }, take: 5 });

/**
 * `audit list` of the CLI: the district by id or name, then one page of its log. The same for the CLI's
 * own database and for the admin bridge of a server that holds the embedded folder.
 */
export async function auditListFor(prisma: PrismaClient, districtQuery: string, query: AuditQuery) {
  const districts = await districtsByIdOrName(prisma, districtQuery);
  if (!districts.length) throw new AdminError("not_found", auditText.districtNotFound(districtQuery));
  if (districts.length > 1) throw new AdminError("invalid", auditText.districtAmbiguous(districtQuery, districts.map((d) => `${d.name} (${d.id})`)));
  const district = districts[0]!;
  const page = await new PrismaAuditRepository(prisma).list(auditFilterOf(district.id, query, district.timezone));
  return { district, page };
}

/**
 * Records a CLI command that ran to its end (the CLI itself, or the admin bridge of the running server
 * when it carried the command out). The district and school come from --district / --school (an id, a
 * name, or a school's code); nothing else of the options is kept.
 */
export async function appendCliCommand(prisma: PrismaClient, command: string, raw: Record<string, unknown>, osUser: string): Promise<boolean> {
  if (!cliAuditEntry(command, raw, { districtId: null, schoolId: null }, osUser, auditText.cliActor)) return false;
  // `district create` names its new district with --name.
  const named = command === "district create" ? raw.name : raw.district;
  const districtQuery = typeof named === "string" ? named.trim() : "";
  const districts = districtQuery ? await districtsByIdOrName(prisma, districtQuery) : [];
  const districtId = districts.length === 1 ? districts[0]!.id : null;
  const schoolQuery = typeof raw.school === "string" ? raw.school.trim() : "";
  const schools =
    districtId && schoolQuery
      ? await prisma.school.findMany({ where: { districtId, OR: [{ id: schoolQuery }, { code: schoolQuery }, { name: schoolQuery }] }, select: { id: true }, take: 2 })
      : [];
  const entry = cliAuditEntry(command, raw, { districtId, schoolId: schools.length === 1 ? schools[0]!.id : null }, osUser, auditText.cliActor)!;
  await new PrismaAuditRepository(prisma).append(entry);
  return true;
}
