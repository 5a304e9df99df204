// Identification in the database (issue #12): PrismaIdentificationRepository over the port
// core/services/identification-ports.ts, and `identificationContext`, the one way the server, the
// API, the bot and the CLI build the use cases' context. Imported rows are stored per school-year
// and kind as a JSON array of tuples (the column order below), so 40 000 schools × 3 years is
// 120 000 short table rows per kind, written with createMany in chunks inside one transaction.
import { randomBytes } from "node:crypto";
import { gunzipSync, gzipSync } from "node:zlib";
import type { ItemRow, ListKind, ResultRow, SocialRow } from "../core/identification/types.ts";
import type { IdentificationContext } from "../core/services/identification.ts";
import type {
  CuratorFlags,
  DataWrite,
  IdentificationRepository,
  NoticeRecipient,
  OfficialWrite,
  PendingUploadRow,
  RowKind,
  RunSummaryData,
  StoredMethodology,
  StoredOfficialList,
  StoredRun,
  StoredRunHead,
  StoredRunOutput,
  StoredSchool,
} from "../core/services/identification-ports.ts";
import type { Channel } from "../core/services/ports.ts";
import { PrismaAdminRepository } from "./admin.ts";
import type { PrismaClient } from "./db.ts";
// Prisma's P2002, or the driver adapter's own error (PGlite, pg: SQLSTATE 23505), which has no `code`.
import { isUniqueViolation } from "./anonymous.ts";
import { PrismaRepository } from "./repository.ts";

type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

// ---------- the stored row shapes: tuples in this column order ----------

const RESULT_COLUMNS = ["assessment", "grade", "subject", "participants", "meanScore", "lowShare", "highShare", "vprLowered", "vprConfirmed", "vprRaised"] as const;
const ITEM_COLUMNS = ["grade", "subject", "task", "solvedShare", "topic", "participants"] as const;
const SOCIAL_COLUMNS = [
  "students",
  "parentsNoHigherEducation",
  "unemployedParents",
  "watchList",
  "odnKdn",
  "migrantOrLowRussian",
  "nonAttested",
  "truancy",
  "disabilities",
  "remote",
  "smallSchool",
  "infrastructureDeficit",
  "computerDeficit",
  "internetDeficit",
  "unfilledPosts",
  "accreditationSuspended",
  "innovationPlatform",
  "headCompetence",
  "headMotivation",
] as const;

const COLUMNS: Record<RowKind, readonly string[]> = { results: RESULT_COLUMNS, items: ITEM_COLUMNS, social: SOCIAL_COLUMNS };

/**
 * What names a row within its school-year: a file's row replaces the stored row with the same key,
 * other stored rows stay (ЕГЭ loaded from the template and ВПР from ФИС ОКО reports, one subject each).
 */
const KEY_COLUMNS: Record<RowKind, readonly string[]> = { results: ["assessment", "grade", "subject"], items: ["grade", "subject", "task"], social: [] };

/** The part of a school-year a complete file (our template) restates: a procedure, a grade's subject, everything. */
const PART_COLUMNS: Record<RowKind, readonly string[]> = { results: ["assessment"], items: ["grade", "subject"], social: [] };

/**
 * The stored tuples of a school-year with a file's rows: a row with a stored key takes the file's
 * values of the fields the file carries (`fields`; all when absent) and keeps the rest, so the ФИС ОКО
 * report of marks and the one of journal marks fill one row between them.
 */
export function mergeRows(
  kind: RowKind,
  stored: unknown[][],
  rows: Array<Record<string, unknown>>,
  fields?: readonly string[],
  complete = false,
): unknown[][] {
  const keyOf = (row: Record<string, unknown>) => KEY_COLUMNS[kind].map((column) => String(row[column] ?? "")).join("\u0000");
  const partOf = (row: Record<string, unknown>) => PART_COLUMNS[kind].map((column) => String(row[column] ?? "")).join("\u0000");
  // A complete file (our template) restates its parts: their stored rows go, the rest stays.
  const restated = complete ? new Set(rows.map(partOf)) : null;
  const merged = new Map<string, Record<string, unknown>>();
  for (const tuple of stored) {
    const row: Record<string, unknown> = {};
    COLUMNS[kind].forEach((column, index) => (row[column] = tuple[index] ?? null));
    if (restated?.has(partOf(row))) continue;
    merged.set(keyOf(row), row);
  }
  for (const row of rows) {
    const key = keyOf(row);
    const before = merged.get(key);
    if (before && fields) {
      const next = { ...before };
      for (const field of fields) if (COLUMNS[kind].includes(field)) next[field] = row[field] ?? null;
      merged.set(key, next);
    } else {
      merged.set(key, row);
    }
  }
  return [...merged.values()].map((row) => encode(kind, row));
}

const encode = (kind: RowKind, row: object) => COLUMNS[kind].map((column) => (row as Record<string, unknown>)[column] ?? null);

function decode(kind: RowKind, tuple: unknown[], school: { code: string; name: string; year: number }): Record<string, unknown> {
  const row: Record<string, unknown> = { schoolCode: school.code, schoolName: school.name, year: school.year };
  COLUMNS[kind].forEach((column, index) => (row[column] = tuple[index] ?? null));
  return row;
}

/** Rows per insert: 9 columns each, far below PostgreSQL's 65 535 parameters. */
const CHUNK = 2000;
/** Rows per INSERT … SELECT FROM json_to_recordset (one parameter): fewer round trips through the driver. */
const SQL_CHUNK = 5000;
/** School-years from which a write refreshes the table's statistics first. */
const ANALYZE_FROM = 1000;
const LONG_TRANSACTION = { maxWait: 10_000, timeout: 600_000 };

const isMissing = (error: unknown) => (error as { code?: string }).code === "P2025";

/** Ids like the ones Prisma makes (lower-case letters and digits), for rows inserted by SQL. */
const newId = () => `c${randomBytes(12).toString("hex")}`;

/** New schools and codes given to uncoded ones; then every school of the district by code. */
async function settleSchools(tx: Tx, districtId: string, at: Date, write: Pick<DataWrite, "newSchools" | "codedSchools">): Promise<Map<string, string>> {
  for (const school of write.codedSchools) await tx.school.update({ where: { id: school.id }, data: { code: school.code } });
  for (let start = 0; start < write.newSchools.length; start += SQL_CHUNK) {
    const rows = write.newSchools.slice(start, start + SQL_CHUNK).map((school) => ({ id: newId(), code: school.code, name: school.name }));
    // One JSON parameter per statement; a school another import created meanwhile is simply used.
    await tx.$executeRaw`
      INSERT INTO "School" ("id", "districtId", "name", "code", "createdAt")
      SELECT r."id", ${districtId}, r."name", r."code", ${at}
      FROM json_to_recordset(${JSON.stringify(rows)}::json) AS r("id" text, "name" text, "code" text)
      ON CONFLICT ("districtId", "code") DO NOTHING`;
  }
  const schools = await tx.school.findMany({ where: { districtId, code: { not: null } }, select: { id: true, code: true } });
  return new Map(schools.map((school) => [school.code!, school.id]));
}

export class PrismaIdentificationRepository implements IdentificationRepository {
  constructor(private readonly prisma: PrismaClient) {}

  districtSchools(districtId: string): Promise<StoredSchool[]> {
    return this.prisma.school.findMany({ where: { districtId }, select: { id: true, code: true, name: true }, orderBy: { name: "asc" } });
  }

  storedSchoolYears(districtId: string, kind: RowKind, years: number[]) {
    return this.prisma.identificationData.findMany({ where: { districtId, kind, year: { in: years } }, select: { schoolId: true, year: true } });
  }

  async writeData(write: DataWrite): Promise<{ schoolYears: number; replaced: number }> {
    const groups = new Map<string, { code: string; year: number; rows: Array<Record<string, unknown>> }>();
    for (const row of write.rows as Array<ResultRow | ItemRow | SocialRow>) {
      const key = `${row.schoolCode}\u0000${row.year}`;
      const group = groups.get(key);
      if (group) group.rows.push(row as unknown as Record<string, unknown>);
      else groups.set(key, { code: row.schoolCode, year: row.year, rows: [row as unknown as Record<string, unknown>] });
    }
    const total = groups.size;
    return this.prisma.$transaction(async (tx) => {
      const ids = await settleSchools(tx, write.districtId, write.at, write);
      const entries = [...groups.values()].map((group) => {
        const schoolId = ids.get(group.code);
        if (!schoolId) throw new Error(`writeData: school ${group.code} was not created`);
        return { schoolId, year: group.year, rows: group.rows };
      });
      const byYear = new Map<number, string[]>();
      for (const entry of entries) {
        const list = byYear.get(entry.year);
        if (list) list.push(entry.schoolId);
        else byYear.set(entry.year, [entry.schoolId]);
      }
      // PGlite has no autovacuum: without fresh statistics the planner takes the table for tiny and
      // joins the ids by a scan per id (28 s for 40 000 school-years instead of half a second).
      if (entries.length >= ANALYZE_FROM) await tx.$executeRawUnsafe('ANALYZE "IdentificationData"');
      // The stored school-years of this file go, and come back merged with it (per year, the schools as one JSON parameter).
      const stored = new Map<string, unknown[][]>();
      for (const [year, schoolIds] of byYear) {
        const removed = await tx.$queryRaw<Array<{ schoolId: string; year: number; rows: string }>>`
          DELETE FROM "IdentificationData"
          WHERE "districtId" = ${write.districtId} AND "kind" = ${write.kind} AND "year" = ${year}::int
            AND "schoolId" IN (SELECT value FROM json_array_elements_text(${JSON.stringify(schoolIds)}::json))
          RETURNING "schoolId", "year", "rows"`;
        for (const row of removed) stored.set(`${row.schoolId}|${row.year}`, JSON.parse(row.rows) as unknown[][]);
      }
      write.onProgress?.(0, total);
      for (let start = 0; start < entries.length; start += SQL_CHUNK) {
        const chunk = entries.slice(start, start + SQL_CHUNK).map((entry) => {
          const rows = mergeRows(write.kind, stored.get(`${entry.schoolId}|${entry.year}`) ?? [], entry.rows, write.fields, write.complete);
          return { id: newId(), schoolId: entry.schoolId, year: entry.year, rowCount: rows.length, rows: JSON.stringify(rows) };
        });
        await tx.$executeRaw`
          INSERT INTO "IdentificationData" ("id", "districtId", "schoolId", "year", "kind", "rowCount", "rows", "fileName", "importedAt")
          SELECT r."id", ${write.districtId}, r."schoolId", r."year", ${write.kind}, r."rowCount", r."rows", ${write.fileName}, ${write.at}
          FROM json_to_recordset(${JSON.stringify(chunk)}::json) AS r("id" text, "schoolId" text, "year" int, "rowCount" int, "rows" text)`;
        write.onProgress?.(Math.min(start + SQL_CHUNK, total), total);
      }
      return { schoolYears: total, replaced: stored.size };
    }, LONG_TRANSACTION);
  }

  async officialListExists(districtId: string, list: { kind: ListKind; year: number; source: string; documentNumber: string }) {
    const found = await this.prisma.officialList.findUnique({
      where: { districtId_kind_year_source_documentNumber: { districtId, kind: list.kind, year: list.year, source: list.source, documentNumber: list.documentNumber } },
      select: { id: true },
    });
    return found !== null;
  }

  async writeOfficialList(write: OfficialWrite): Promise<{ listId: string; replaced: boolean }> {
    const { list } = write;
    return this.prisma.$transaction(async (tx) => {
      const ids = await settleSchools(tx, write.districtId, write.at, write);
      const key = { districtId: write.districtId, kind: list.kind, year: list.year, source: list.source, documentNumber: list.documentNumber };
      const deleted = await tx.officialList.deleteMany({ where: key });
      const created = await tx.officialList.create({ data: { ...key, documentDate: list.documentDate, fileName: write.fileName, importedAt: write.at }, select: { id: true } });
      const seen = new Set<string>();
      const schools = [];
      for (const entry of list.schools) {
        const schoolId = ids.get(entry.schoolCode);
        if (!schoolId || seen.has(schoolId)) continue;
        seen.add(schoolId);
        schools.push({ listId: created.id, schoolId, note: entry.note ?? null });
      }
      for (let start = 0; start < schools.length; start += CHUNK) await tx.officialListSchool.createMany({ data: schools.slice(start, start + CHUNK) });
      return { listId: created.id, replaced: deleted.count > 0 };
    }, LONG_TRANSACTION);
  }

  async officialLists(districtId: string, filter: { year?: number; kind?: ListKind } = {}): Promise<StoredOfficialList[]> {
    const rows = await this.prisma.officialList.findMany({
      where: { districtId, ...(filter.year !== undefined ? { year: filter.year } : {}), ...(filter.kind ? { kind: filter.kind } : {}) },
      orderBy: [{ importedAt: "desc" }, { id: "desc" }],
      include: { schools: { include: { school: { select: { code: true, name: true } } } } },
    });
    return rows.map((row) => ({
      id: row.id,
      kind: row.kind as ListKind,
      year: row.year,
      source: row.source,
      documentNumber: row.documentNumber,
      documentDate: row.documentDate,
      importedAt: row.importedAt,
      schools: row.schools.map((entry) => ({ schoolId: entry.schoolId, schoolCode: entry.school.code, schoolName: entry.school.name, note: entry.note })),
    }));
  }

  async loadData(districtId: string, years?: { from: number; to: number }) {
    const [schools, stored] = await Promise.all([
      this.prisma.school.findMany({ where: { districtId }, select: { id: true, code: true, name: true } }),
      this.prisma.identificationData.findMany({ where: { districtId, ...(years ? { year: { gte: years.from, lte: years.to } } : {}) }, select: { schoolId: true, year: true, kind: true, rows: true }, orderBy: [{ year: "asc" }, { schoolId: "asc" }, { kind: "asc" }] }),
    ]);
    const byId = new Map(schools.map((school) => [school.id, school]));
    const out = { results: [] as ResultRow[], items: [] as ItemRow[], social: [] as SocialRow[] };
    for (const entry of stored) {
      const school = byId.get(entry.schoolId)!;
      const kind = entry.kind as RowKind;
      const where = { code: school.code ?? school.id, name: school.name, year: entry.year };
      for (const tuple of JSON.parse(entry.rows) as unknown[][]) (out[kind] as unknown[]).push(decode(kind, tuple, where));
    }
    return out;
  }

  async dataYears(districtId: string) {
    const rows = await this.prisma.identificationData.groupBy({ by: ["year", "kind"], where: { districtId }, _count: { _all: true }, orderBy: [{ year: "asc" }, { kind: "asc" }] });
    return rows.map((row) => ({ year: row.year, kind: row.kind as RowKind, schools: row._count._all }));
  }

  async curatorFlags(districtId: string): Promise<Map<string, CuratorFlags>> {
    const rows = await this.prisma.schoolCuratorFlags.findMany({ where: { school: { districtId } } });
    return new Map(rows.map(({ schoolId, innovationPlatform, headCompetence, headMotivation }) => [schoolId, { innovationPlatform, headCompetence, headMotivation }]));
  }

  async setCuratorFlags(schoolId: string, flags: Partial<CuratorFlags>, at: Date): Promise<CuratorFlags> {
    const row = await this.prisma.schoolCuratorFlags.upsert({ where: { schoolId }, create: { schoolId, ...flags, updatedAt: at }, update: { ...flags, updatedAt: at } });
    return { innovationPlatform: row.innovationPlatform, headCompetence: row.headCompetence, headMotivation: row.headMotivation };
  }

  methodologies(districtId: string): Promise<StoredMethodology[]> {
    return this.prisma.identificationMethodology.findMany({ where: { districtId }, orderBy: { version: "desc" }, select: { id: true, version: true, settings: true, createdAt: true } });
  }

  async addMethodology(input: { districtId: string; version: number; settings: unknown; at: Date; createdById: string | null }): Promise<StoredMethodology | null> {
    try {
      return await this.prisma.identificationMethodology.create({
        data: { districtId: input.districtId, version: input.version, settings: input.settings as object, createdAt: input.at, createdById: input.createdById },
        select: { id: true, version: true, settings: true, createdAt: true },
      });
    } catch (error) {
      if (isUniqueViolation(error)) return null;
      throw error;
    }
  }

  async saveRun(input: {
    districtId: string;
    year: number;
    methodologyId: string;
    methodologyVersion: number;
    at: Date;
    createdById: string | null;
    summary: RunSummaryData;
    output: StoredRunOutput;
  }): Promise<StoredRunHead> {
    const row = await this.prisma.identificationRun.create({
      data: {
        districtId: input.districtId,
        year: input.year,
        methodologyId: input.methodologyId,
        methodologyVersion: input.methodologyVersion,
        createdAt: input.at,
        createdById: input.createdById,
        summary: input.summary as object,
        output: packOutput(input.output),
      },
      select: headSelect,
    });
    return head(row);
  }

  async getRun(runId: string): Promise<StoredRun | null> {
    const row = await this.prisma.identificationRun.findUnique({ where: { id: runId }, select: { ...headSelect, output: true } });
    return row ? full(row) : null;
  }

  async latestRun(districtId: string, year?: number): Promise<StoredRun | null> {
    const row = await this.prisma.identificationRun.findFirst({
      where: { districtId, ...(year !== undefined ? { year } : {}) },
      orderBy: [{ year: "desc" }, { createdAt: "desc" }, { id: "desc" }],
      select: { ...headSelect, output: true },
    });
    return row ? full(row) : null;
  }

  async listRuns(districtId: string): Promise<StoredRunHead[]> {
    const rows = await this.prisma.identificationRun.findMany({ where: { districtId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], select: headSelect });
    return rows.map(head);
  }

  async schoolHistory(districtId: string, schoolId: string) {
    const runs = await this.prisma.identificationRun.findMany({ where: { districtId }, orderBy: [{ year: "asc" }, { createdAt: "desc" }, { id: "desc" }], select: { id: true, year: true } });
    const latest = new Map<number, string>();
    for (const run of runs) if (!latest.has(run.year)) latest.set(run.year, run.id);
    const history = [];
    for (const [year, runId] of latest) {
      const row = await this.prisma.identificationRun.findUnique({ where: { id: runId }, select: { output: true } });
      const output = unpackOutput(row!.output);
      history.push({ year, runId, school: output.schools.find((school) => school.schoolId === schoolId) ?? null });
    }
    return history;
  }

  async stageUpload(input: Omit<PendingUploadRow, "id">): Promise<string> {
    const row = await this.prisma.pendingUpload.create({
      data: {
        districtId: input.districtId,
        personId: input.personId,
        fileName: input.fileName,
        kind: input.kind,
        official: input.official ?? undefined,
        content: Buffer.from(input.content.buffer, input.content.byteOffset, input.content.byteLength).toString("base64"),
        createdAt: input.createdAt,
        expiresAt: input.expiresAt,
      },
      select: { id: true },
    });
    return row.id;
  }

  async getUpload(uploadId: string): Promise<PendingUploadRow | null> {
    const row = await this.prisma.pendingUpload.findUnique({ where: { id: uploadId } });
    return row ? upload(row) : null;
  }

  async takeUpload(uploadId: string): Promise<PendingUploadRow | null> {
    try {
      return upload(await this.prisma.pendingUpload.delete({ where: { id: uploadId } }));
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async deleteExpiredUploads(now: Date): Promise<number> {
    return (await this.prisma.pendingUpload.deleteMany({ where: { expiresAt: { lte: now } } })).count;
  }

  async noticeRecipients(districtId: string, schoolIds: string[]): Promise<NoticeRecipient[]> {
    const memberships = await this.prisma.membership.findMany({
      where: { districtId, active: true, OR: [{ role: "district" }, ...(schoolIds.length ? [{ role: "head", schoolId: { in: schoolIds } }] : [])] },
      orderBy: { createdAt: "asc" },
      select: {
        role: true,
        schoolId: true,
        person: { select: { id: true, accounts: { where: { chatId: { not: null }, blockedAt: null }, orderBy: { lastSeenAt: "desc" }, take: 1 } } },
      },
    });
    const seen = new Set<string>();
    const recipients: NoticeRecipient[] = [];
    for (const membership of memberships) {
      const account = membership.person.accounts[0];
      if (!account?.chatId) continue;
      const role = membership.role as "district" | "head";
      const key = `${membership.person.id}|${role}|${role === "head" ? membership.schoolId : ""}`;
      if (seen.has(key)) continue;
      seen.add(key);
      recipients.push({ personId: membership.person.id, role, schoolId: role === "head" ? membership.schoolId : null, channel: account.channel as Channel, chatId: account.chatId });
    }
    return recipients;
  }
}

const headSelect = { id: true, districtId: true, year: true, methodologyVersion: true, createdAt: true, summary: true } as const;

type HeadRow = { id: string; districtId: string; year: number; methodologyVersion: number; createdAt: Date; summary: unknown };
const head = (row: HeadRow): StoredRunHead => ({
  id: row.id,
  districtId: row.districtId,
  year: row.year,
  methodologyVersion: row.methodologyVersion,
  createdAt: row.createdAt,
  summary: row.summary as RunSummaryData,
});
const full = (row: HeadRow & { output: string }): StoredRun => ({ ...head(row), output: unpackOutput(row.output) });

/**
 * A run's output as stored: JSON, gzipped and in base64 ("gz:" first). Every school carries its
 * explanation (about 4 KB): 40 000 schools are 180 MB of JSON, 18 MB gzipped, and a text value that
 * size would cost PGlite gigabytes of memory to write.
 */
export function packOutput(output: StoredRunOutput): string {
  return `gz:${gzipSync(JSON.stringify(output), { level: 1 }).toString("base64")}`;
}

export function unpackOutput(text: string): StoredRunOutput {
  return JSON.parse(text.startsWith("gz:") ? gunzipSync(Buffer.from(text.slice(3), "base64")).toString("utf8") : text) as StoredRunOutput;
}

function upload(row: {
  id: string;
  districtId: string;
  personId: string | null;
  fileName: string;
  kind: string;
  official: unknown;
  content: string;
  createdAt: Date;
  expiresAt: Date;
}): PendingUploadRow {
  return { ...row, kind: row.kind as PendingUploadRow["kind"], official: (row.official ?? null) as PendingUploadRow["official"], content: new Uint8Array(Buffer.from(row.content, "base64")) };
}

/**
 * What identification adds to the admin context, over the database: the repository, the file reader
 * of files/identification (loaded with the first file: it brings exceljs) and the staff workbook
 * reader of #2. The API and the bot spread it into the context they build.
 */
export function identificationParts(prisma: PrismaClient): Pick<IdentificationContext, "ident" | "parseFile" | "readStaffWorkbook"> {
  return {
    ident: new PrismaIdentificationRepository(prisma),
    parseFile: async (input) => (await import("../files/identification/index.ts")).parseDataFile(input),
    readStaffWorkbook: async (content) => (await import("../files/staff-workbook.ts")).readWorkbook(content),
  };
}

/** The identification use cases' whole context over the database (the CLI, the admin bridge, tests). */
export function identificationContext(prisma: PrismaClient, overrides: Partial<IdentificationContext> = {}): IdentificationContext {
  return {
    admin: new PrismaAdminRepository(prisma),
    repo: new PrismaRepository(prisma),
    clock: { now: () => new Date() },
    randomBytes: (size) => randomBytes(size),
    ...identificationParts(prisma),
    ...overrides,
  };
}
