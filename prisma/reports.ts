// The effectiveness reports (#14 §7): prisma side of core/services/reports-ports.ts. The report's
// sources are read directly (recommendations, roadmaps with events, decisions, identification runs);
// the XLSX and PDF builders are imported on first use, so an idle server never loads exceljs or pdfmake.
import type { ReportConclusions, ReportContent, ReportKind } from "../core/management/report.ts";
import type { SchoolIndicatorData } from "../core/services/indicators-ports.ts";
import type { ReportDocument, ReportSource, ReportsRepository, StoredReport, StoredWorkingGroup, WorkingGroupMember } from "../core/services/reports-ports.ts";
import type { PrismaClient } from "./db.ts";
// Prisma's P2002, or the driver adapter's own error (PGlite, pg: SQLSTATE 23505), which has no `code`.
import { isUniqueViolation } from "./anonymous.ts";
import { unpackOutput } from "./identification.ts";
import { schoolIndicatorData } from "./indicator-trends.ts";

type ReportRow = {
  id: string;
  districtId: string;
  kind: string;
  period: string;
  periodStart: Date;
  periodEnd: Date;
  content: unknown;
  conclusions: unknown;
  createdById: string | null;
  createdAt: Date;
  updatedAt: Date;
  approvedAt: Date | null;
  approvalRef: string | null;
  workingGroupId: string | null;
  meetingId?: string | null;
};

const reportOf = (row: ReportRow): StoredReport => ({
  ...row,
  kind: row.kind as ReportKind,
  content: row.content as ReportContent,
  conclusions: (row.conclusions ?? null) as ReportConclusions | null,
});

const groupOf = (row: { id: string; districtId: string; orderRef: string; orderDate: Date; members: unknown; createdAt: Date }): StoredWorkingGroup => ({
  ...row,
  // Rows stored before #15 have no personId: read it as null.
  members: (Array.isArray(row.members) ? (row.members as WorkingGroupMember[]) : []).map((member) => ({ ...member, personId: member.personId ?? null })),
});


export class PrismaReportsRepository implements ReportsRepository {
  constructor(readonly prisma: PrismaClient) {}

  schoolIndicatorData(districtId: string): Promise<SchoolIndicatorData> {
    return schoolIndicatorData(this.prisma, districtId);
  }

  async reportSource(districtId: string, until: Date): Promise<ReportSource> {
    const [recommendations, roadmaps, decisions, runHeads] = await Promise.all([
      this.prisma.recommendation.findMany({
        where: { districtId, sentAt: { not: null, lt: until } },
        select: { id: true, schoolId: true, addressee: true, state: true, title: true, dueOn: true, sentAt: true, doneAt: true },
      }),
      this.prisma.roadmap.findMany({
        where: { districtId },
        select: {
          id: true,
          title: true,
          schoolId: true,
          schoolYear: true,
          events: { orderBy: { position: "asc" }, select: { id: true, number: true, title: true, state: true, dueOn: true, doneAt: true } },
        },
      }),
      this.prisma.managementDecision.findMany({
        where: { districtId, docDate: { lt: until } },
        select: { id: true, kind: true, docType: true, docNumber: true, docDate: true, title: true, level: true, horizon: true },
      }),
      this.prisma.identificationRun.findMany({
        where: { districtId, createdAt: { lt: until } },
        orderBy: [{ year: "asc" }, { createdAt: "desc" }, { id: "desc" }],
        select: { id: true, year: true },
      }),
    ]);
    const newest = new Map<number, string>();
    for (const head of runHeads) if (!newest.has(head.year)) newest.set(head.year, head.id);
    const runs: ReportSource["runs"] = [];
    for (const [year, id] of newest) {
      const row = await this.prisma.identificationRun.findUnique({ where: { id }, select: { output: true } });
      if (row) runs.push({ year, schools: unpackOutput(row.output).schools.map((school) => ({ schoolId: school.schoolId, shnor: school.shnor, shnsu: school.shnsu })) });
    }
    return { recommendations, roadmaps, decisions, runs };
  }

  async listReports(districtId: string): Promise<StoredReport[]> {
    const rows = await this.prisma.effectivenessReport.findMany({ where: { districtId }, orderBy: [{ periodStart: "desc" }, { kind: "asc" }] });
    return rows.map(reportOf);
  }

  async getReport(reportId: string): Promise<StoredReport | null> {
    const row = await this.prisma.effectivenessReport.findUnique({ where: { id: reportId } });
    return row ? reportOf(row) : null;
  }

  async findReport(districtId: string, kind: ReportKind, period: string): Promise<StoredReport | null> {
    const row = await this.prisma.effectivenessReport.findUnique({ where: { districtId_kind_period: { districtId, kind, period } } });
    return row ? reportOf(row) : null;
  }

  async createReport(input: Parameters<ReportsRepository["createReport"]>[0]): Promise<StoredReport | null> {
    try {
      const row = await this.prisma.effectivenessReport.create({
        data: {
          districtId: input.districtId,
          kind: input.kind,
          period: input.period,
          periodStart: input.periodStart,
          periodEnd: input.periodEnd,
          content: input.content as object,
          conclusions: (input.conclusions ?? undefined) as object | undefined,
          createdById: input.createdById,
        },
      });
      return reportOf(row);
    } catch (error) {
      if (isUniqueViolation(error)) return null;
      throw error;
    }
  }

  async replaceDraft(reportId: string, content: ReportContent, conclusions: ReportConclusions | null): Promise<StoredReport | null> {
    // Only while unapproved: the condition is in the write itself, so an approval in between wins.
    const { count } = await this.prisma.effectivenessReport.updateMany({
      where: { id: reportId, approvedAt: null },
      data: { content: content as object, conclusions: (conclusions ?? undefined) as object | undefined },
    });
    return count ? this.getReport(reportId) : null;
  }

  async approve(reportId: string, approval: { approvedAt: Date; approvalRef: string; workingGroupId: string | null }): Promise<StoredReport | null> {
    const { count } = await this.prisma.effectivenessReport.updateMany({
      where: { id: reportId, approvedAt: null },
      data: { approvedAt: approval.approvedAt, approvalRef: approval.approvalRef, workingGroupId: approval.workingGroupId },
    });
    return count ? this.getReport(reportId) : null;
  }

  async linkGrowthPoint(reportId: string, index: number, eventId: string): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const row = await tx.effectivenessReport.findUnique({ where: { id: reportId }, select: { conclusions: true } });
      const conclusions = (row?.conclusions ?? null) as ReportConclusions | null;
      const point = conclusions?.growthPoints[index];
      if (!conclusions || !point || point.roadmapEventId) return false;
      const growthPoints = conclusions.growthPoints.map((item, position) => (position === index ? { ...item, roadmapEventId: eventId } : item));
      await tx.effectivenessReport.update({ where: { id: reportId }, data: { conclusions: { ...conclusions, growthPoints } as object } });
      return true;
    });
  }

  async listWorkingGroups(districtId: string): Promise<StoredWorkingGroup[]> {
    const rows = await this.prisma.workingGroup.findMany({ where: { districtId }, orderBy: [{ orderDate: "desc" }, { createdAt: "desc" }] });
    return rows.map(groupOf);
  }

  async getWorkingGroup(groupId: string): Promise<StoredWorkingGroup | null> {
    const row = await this.prisma.workingGroup.findUnique({ where: { id: groupId } });
    return row ? groupOf(row) : null;
  }

  async saveWorkingGroup(input: { id?: string; districtId: string; orderRef: string; orderDate: Date; members: WorkingGroupMember[] }): Promise<StoredWorkingGroup> {
    const data = { orderRef: input.orderRef, orderDate: input.orderDate, members: input.members as unknown as object };
    const row = input.id
      ? await this.prisma.workingGroup.update({ where: { id: input.id }, data })
      : await this.prisma.workingGroup.create({ data: { districtId: input.districtId, ...data } });
    return groupOf(row);
  }

  async deleteWorkingGroup(groupId: string): Promise<boolean> {
    const used = await this.prisma.effectivenessReport.count({ where: { workingGroupId: groupId, approvedAt: { not: null } } });
    if (used) return false;
    await this.prisma.$transaction([
      this.prisma.effectivenessReport.updateMany({ where: { workingGroupId: groupId }, data: { workingGroupId: null } }),
      this.prisma.workingGroup.deleteMany({ where: { id: groupId } }),
    ]);
    return true;
  }

  async render(document: ReportDocument, format: "xlsx" | "pdf"): Promise<Uint8Array> {
    if (format === "xlsx") return (await import("../files/report-xlsx.ts")).reportWorkbook(document);
    return (await import("../files/report-pdf.ts")).reportPdf(document);
  }
}
