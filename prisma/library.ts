// Prisma implementation of core/services/library-ports.ts (#15).
import type { LibraryFile, LibraryItemRecord, LibraryLink, LibraryRepository, RouteItemScope } from "../core/services/library-ports.ts";
import type { LibraryFields, LibraryKind } from "../core/services/library-rules.ts";
import type { PrismaClient } from "./db.ts";

type Row = {
  id: string;
  districtId: string;
  kind: string;
  title: string;
  description: string | null;
  docNumber: string | null;
  docDate: Date | null;
  url: string | null;
  fileKey: string | null;
  fileName: string | null;
  fileMime: string | null;
  areas: string[];
  riskFactors: string[];
  createdById: string | null;
  createdAt: Date;
  updatedAt: Date;
  archivedAt: Date | null;
};

const recordOf = (row: Row): LibraryItemRecord => ({ ...row, kind: row.kind as LibraryKind });

export class PrismaLibraryRepository implements LibraryRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async list(districtIds: readonly string[], options: { archived: boolean }): Promise<LibraryItemRecord[]> {
    if (!districtIds.length) return [];
    const rows = await this.prisma.libraryItem.findMany({
      where: { districtId: { in: [...districtIds] }, ...(options.archived ? {} : { archivedAt: null }) },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    });
    return rows.map(recordOf);
  }

  async get(id: string): Promise<LibraryItemRecord | null> {
    const row = await this.prisma.libraryItem.findUnique({ where: { id } });
    return row ? recordOf(row) : null;
  }

  async create(districtId: string, createdById: string | null, fields: LibraryFields): Promise<LibraryItemRecord> {
    return recordOf(await this.prisma.libraryItem.create({ data: { districtId, createdById, ...fields } }));
  }

  async update(id: string, fields: LibraryFields): Promise<LibraryItemRecord> {
    return recordOf(await this.prisma.libraryItem.update({ where: { id }, data: fields }));
  }

  async setFile(id: string, file: LibraryFile | null): Promise<string | null> {
    return this.prisma.$transaction(async (tx) => {
      const before = await tx.libraryItem.findUnique({ where: { id }, select: { fileKey: true } });
      await tx.libraryItem.update({ where: { id }, data: { fileKey: file?.key ?? null, fileName: file?.name ?? null, fileMime: file?.mimeType ?? null } });
      return before?.fileKey ?? null;
    });
  }

  async setArchived(id: string, at: Date | null): Promise<LibraryItemRecord> {
    return recordOf(await this.prisma.libraryItem.update({ where: { id }, data: { archivedAt: at } }));
  }

  async links(ids: readonly string[]): Promise<LibraryLink[]> {
    const unique = [...new Set(ids)];
    if (!unique.length) return [];
    const rows = await this.prisma.libraryItem.findMany({
      where: { id: { in: unique } },
      select: { id: true, districtId: true, kind: true, title: true, url: true, fileKey: true, archivedAt: true },
    });
    return rows.map((row) => ({
      id: row.id,
      districtId: row.districtId,
      kind: row.kind as LibraryKind,
      title: row.title,
      url: row.url,
      hasFile: row.fileKey !== null,
      archived: row.archivedAt !== null,
    }));
  }

  async routeItemScope(itemId: string): Promise<RouteItemScope | null> {
    const row = await this.prisma.routeItem.findUnique({
      where: { id: itemId },
      select: { id: true, routeId: true, route: { select: { districtId: true, kind: true, personId: true, schoolId: true, approvedAt: true } } },
    });
    if (!row) return null;
    return {
      itemId: row.id,
      routeId: row.routeId,
      districtId: row.route.districtId,
      kind: row.route.kind === "team" ? "team" : "teacher",
      personId: row.route.personId,
      schoolId: row.route.schoolId,
      approvedAt: row.route.approvedAt,
    };
  }

  async setRouteItemLink(itemId: string, libraryItemId: string | null): Promise<void> {
    await this.prisma.routeItem.update({ where: { id: itemId }, data: { libraryItemId } });
  }
}
