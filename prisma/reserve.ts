// Prisma implementation of core/services/reserve-ports.ts (#15).
import type { ReserveCandidateRecord, ReserveRepository } from "../core/services/reserve-ports.ts";
import type { ReserveFields } from "../core/services/reserve-rules.ts";
import type { PrismaClient } from "./db.ts";

type Row = {
  id: string;
  districtId: string;
  schoolId: string | null;
  school: { name: string } | null;
  fullName: string;
  currentPosition: string;
  targetPosition: string;
  training: unknown;
  note: string | null;
  addedById: string | null;
  createdAt: Date;
  updatedAt: Date;
};

const include = { school: { select: { name: true } } } as const;

function trainingOf(value: unknown): ReserveFields["training"] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry) => {
    if (!entry || typeof entry !== "object") return [];
    const { title, year, hours } = entry as Record<string, unknown>;
    return typeof title === "string" && typeof year === "number" ? [{ title, year, hours: typeof hours === "number" ? hours : null }] : [];
  });
}

const recordOf = (row: Row): ReserveCandidateRecord => ({
  id: row.id,
  districtId: row.districtId,
  schoolId: row.schoolId,
  schoolName: row.school?.name ?? null,
  fullName: row.fullName,
  currentPosition: row.currentPosition,
  targetPosition: row.targetPosition,
  training: trainingOf(row.training),
  note: row.note,
  addedById: row.addedById,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

export class PrismaReserveRepository implements ReserveRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async list(districtId: string): Promise<ReserveCandidateRecord[]> {
    const rows = await this.prisma.reserveCandidate.findMany({ where: { districtId, removedAt: null }, include });
    return rows.map(recordOf).sort((a, b) => a.fullName.localeCompare(b.fullName, "ru") || a.id.localeCompare(b.id));
  }

  async get(id: string): Promise<ReserveCandidateRecord | null> {
    const row = await this.prisma.reserveCandidate.findFirst({ where: { id, removedAt: null }, include });
    return row ? recordOf(row) : null;
  }

  async create(districtId: string, addedById: string | null, fields: ReserveFields): Promise<ReserveCandidateRecord> {
    return recordOf(await this.prisma.reserveCandidate.create({ data: { districtId, addedById, ...fields, training: fields.training }, include }));
  }

  async update(id: string, fields: ReserveFields): Promise<ReserveCandidateRecord> {
    return recordOf(await this.prisma.reserveCandidate.update({ where: { id }, data: { ...fields, training: fields.training }, include }));
  }

  async remove(id: string): Promise<void> {
    await this.prisma.reserveCandidate.deleteMany({ where: { id } });
  }
}
