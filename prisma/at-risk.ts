// Prisma implementation of core/services/at-risk-ports.ts (#15).
import type { AtRiskCountRecord, AtRiskPlanEvent, AtRiskRepository } from "../core/services/at-risk-ports.ts";
import type { AtRiskCategory } from "../core/services/at-risk-rules.ts";
import type { EventState } from "../core/services/roadmaps-ports.ts";
import type { PrismaClient } from "./db.ts";

type Row = { schoolId: string; schoolYear: string; category: string; count: number; note: string | null; updatedById: string | null; updatedAt: Date };
const recordOf = (row: Row): AtRiskCountRecord => ({ ...row, category: row.category as AtRiskCategory });

export class PrismaAtRiskRepository implements AtRiskRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async districtCounts(districtId: string, schoolYear: string): Promise<AtRiskCountRecord[]> {
    return (await this.prisma.atRiskCount.findMany({ where: { districtId, schoolYear } })).map(recordOf);
  }

  async schoolCounts(schoolId: string, schoolYear: string): Promise<AtRiskCountRecord[]> {
    return (await this.prisma.atRiskCount.findMany({ where: { schoolId, schoolYear } })).map(recordOf);
  }

  async saveCounts(
    key: { districtId: string; schoolId: string; schoolYear: string },
    rows: ReadonlyArray<{ category: AtRiskCategory; count: number; note: string | null }>,
    byPersonId: string | null,
  ): Promise<void> {
    await this.prisma.$transaction(
      rows.map((row) =>
        this.prisma.atRiskCount.upsert({
          where: { schoolId_schoolYear_category: { schoolId: key.schoolId, schoolYear: key.schoolYear, category: row.category } },
          create: { districtId: key.districtId, schoolId: key.schoolId, schoolYear: key.schoolYear, category: row.category, count: row.count, note: row.note, updatedById: byPersonId },
          update: { count: row.count, note: row.note, updatedById: byPersonId },
        }),
      ),
    );
  }

  async planEvents(schoolId: string, schoolYear: string): Promise<AtRiskPlanEvent[]> {
    const rows = await this.prisma.roadmapEvent.findMany({
      where: { atRiskCategory: { not: null }, roadmap: { schoolId, schoolYear } },
      orderBy: { position: "asc" },
      select: { id: true, roadmapId: true, atRiskCategory: true, number: true, title: true, dueOn: true, state: true, indicator: true },
    });
    return rows.map((row) => ({
      id: row.id,
      roadmapId: row.roadmapId,
      category: row.atRiskCategory as AtRiskCategory,
      number: row.number,
      title: row.title,
      dueOn: row.dueOn,
      state: row.state as EventState,
      indicator: row.indicator,
    }));
  }
}
