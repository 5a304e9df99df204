// The management decisions log (core/services/decisions-ports.ts) over Prisma.
import type { DecisionDocType, DecisionHorizon, DecisionKind, DecisionLevel, DecisionResource, DecisionRisk } from "../core/management/decisions.ts";
import type { DecisionQuery, DecisionRecord, DecisionsRepository, DecisionWrite } from "../core/services/decisions-ports.ts";
import type { PrismaClient } from "./db.ts";
import type { Prisma } from "./generated/client.ts";

const include = {
  recommendations: {
    select: { recommendation: { select: { id: true, title: true, state: true, schoolId: true, school: { select: { name: true } } } } },
  },
} as const;

type Row = Awaited<ReturnType<PrismaClient["managementDecision"]["findFirstOrThrow"]>> & {
  recommendations: Array<{ recommendation: { id: string; title: string; state: string; schoolId: string | null; school: { name: string } | null } }>;
};

function record(row: Row, schoolName: string | null): DecisionRecord {
  return {
    id: row.id,
    districtId: row.districtId,
    schoolId: row.schoolId,
    schoolName,
    kind: row.kind as DecisionKind,
    docType: row.docType as DecisionDocType,
    docNumber: row.docNumber,
    docDate: row.docDate,
    title: row.title,
    level: row.level as DecisionLevel,
    horizon: row.horizon as DecisionHorizon,
    risks: (Array.isArray(row.risks) ? row.risks : []) as unknown as DecisionRisk[],
    resources: row.resources as DecisionResource[],
    note: row.note,
    meetingId: row.meetingId,
    createdById: row.createdById,
    createdAt: row.createdAt,
    recommendations: row.recommendations
      .map(({ recommendation }) => ({
        id: recommendation.id,
        title: recommendation.title,
        state: recommendation.state,
        schoolId: recommendation.schoolId,
        schoolName: recommendation.school?.name ?? null,
      }))
      .sort((a, b) => a.title.localeCompare(b.title, "ru")),
  };
}

/** The stored fields of a decision; prisma/meetings.ts writes a meeting's decisions with it (#15). */
export const decisionData = (input: DecisionWrite) => ({
  schoolId: input.schoolId,
  kind: input.kind,
  docType: input.docType,
  docNumber: input.docNumber,
  docDate: input.docDate,
  title: input.title,
  level: input.level,
  horizon: input.horizon,
  risks: input.risks as unknown as Prisma.InputJsonValue,
  resources: input.resources,
  note: input.note,
});

export class PrismaDecisionsRepository implements DecisionsRepository {
  constructor(readonly prisma: PrismaClient) {}

  private async withSchools(rows: Row[]): Promise<DecisionRecord[]> {
    const ids = [...new Set(rows.map((row) => row.schoolId).filter((id): id is string => id !== null))];
    const schools = ids.length ? await this.prisma.school.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } }) : [];
    const names = new Map(schools.map((school) => [school.id, school.name]));
    return rows.map((row) => record(row, row.schoolId ? (names.get(row.schoolId) ?? null) : null));
  }

  async list(districtId: string, query: DecisionQuery): Promise<DecisionRecord[]> {
    const rows = await this.prisma.managementDecision.findMany({
      where: {
        districtId,
        ...(query.kind ? { kind: query.kind } : {}),
        ...(query.level ? { level: query.level } : {}),
        ...(query.from || query.to ? { docDate: { ...(query.from ? { gte: query.from } : {}), ...(query.to ? { lte: query.to } : {}) } } : {}),
        ...(query.schoolIds ? { schoolId: { in: [...query.schoolIds] } } : {}),
      },
      include,
      orderBy: [{ docDate: "desc" }, { createdAt: "desc" }],
    });
    return this.withSchools(rows as Row[]);
  }

  async get(id: string): Promise<DecisionRecord | null> {
    const row = await this.prisma.managementDecision.findUnique({ where: { id }, include });
    return row ? (await this.withSchools([row as Row]))[0]! : null;
  }

  async create(districtId: string, createdById: string | null, input: DecisionWrite): Promise<DecisionRecord> {
    const row = await this.prisma.managementDecision.create({
      data: {
        districtId,
        createdById,
        ...decisionData(input),
        recommendations: { create: input.recommendationIds.map((recommendationId) => ({ recommendationId })) },
      },
      include,
    });
    return (await this.withSchools([row as Row]))[0]!;
  }

  async update(id: string, input: DecisionWrite): Promise<DecisionRecord> {
    const row = await this.prisma.$transaction(async (tx) => {
      await tx.decisionRecommendation.deleteMany({ where: { decisionId: id } });
      return tx.managementDecision.update({
        where: { id },
        data: { ...decisionData(input), recommendations: { create: input.recommendationIds.map((recommendationId) => ({ recommendationId })) } },
        include,
      });
    });
    return (await this.withSchools([row as Row]))[0]!;
  }

  async delete(id: string): Promise<void> {
    await this.prisma.managementDecision.deleteMany({ where: { id } });
  }

  async recommendationsIn(districtId: string, ids: readonly string[]): Promise<string[]> {
    if (!ids.length) return [];
    const rows = await this.prisma.recommendation.findMany({ where: { districtId, id: { in: [...ids] } }, select: { id: true } });
    return rows.map((row) => row.id);
  }

  async schoolIn(districtId: string, schoolId: string): Promise<boolean> {
    return (await this.prisma.school.count({ where: { id: schoolId, districtId } })) > 0;
  }

  async formOptions(districtId: string) {
    const [schools, recommendations] = await Promise.all([
      this.prisma.school.findMany({ where: { districtId }, select: { id: true, name: true }, orderBy: { name: "asc" } }),
      this.prisma.recommendation.findMany({
        where: { districtId, state: { not: "rejected" } },
        select: { id: true, title: true, state: true, school: { select: { name: true } } },
        orderBy: { createdAt: "desc" },
        take: 500,
      }),
    ]);
    return {
      schools,
      recommendations: recommendations.map((row) => ({ id: row.id, title: row.title, state: row.state, schoolName: row.school?.name ?? null })),
    };
  }
}
