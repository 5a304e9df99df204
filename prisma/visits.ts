// Prisma implementation of core/services/visits-ports.ts (#15): one Visit row per visit report, its
// answers (question id → stored answer) and cursor written as they arrive; the heads' notices are
// queued in the same transaction as the state change.
import type { OutboxMessage } from "../core/services/ports.ts";
import {
  VISIT_FORMATS,
  VISIT_STATES,
  type AssignmentPlan,
  type VisitFile,
  type VisitFilter,
  type VisitFormat,
  type VisitRecord,
  type VisitsRepository,
  type VisitState,
} from "../core/services/visits-ports.ts";
import type { StoredAnswer } from "../core/survey/answers.ts";
import type { PrismaClient } from "./db.ts";
import { outboxRow } from "./repository.ts";

const include = { school: { select: { name: true } }, author: { select: { displayName: true } } } as const;

type Row = {
  id: string;
  districtId: string;
  schoolId: string;
  school: { name: string };
  authorId: string | null;
  author: { displayName: string | null } | null;
  assignmentId: string | null;
  instrumentId: string;
  answers: unknown;
  cursor: string | null;
  visitDate: Date | null;
  format: string | null;
  fileKey: string | null;
  fileName: string | null;
  fileMime: string | null;
  state: string;
  submittedAt: Date | null;
  confirmedAt: Date | null;
  confirmedById: string | null;
  disputeReason: string | null;
  createdAt: Date;
  updatedAt: Date;
};

const asState = (value: string): VisitState => ((VISIT_STATES as readonly string[]).includes(value) ? (value as VisitState) : "draft");
const asFormat = (value: string | null): VisitFormat | null =>
  value && (VISIT_FORMATS as readonly string[]).includes(value) ? (value as VisitFormat) : null;

function record(row: Row): VisitRecord {
  const answers = row.answers && typeof row.answers === "object" && !Array.isArray(row.answers) ? (row.answers as Record<string, unknown>) : {};
  return {
    id: row.id,
    districtId: row.districtId,
    schoolId: row.schoolId,
    schoolName: row.school.name,
    authorId: row.authorId,
    authorName: row.author?.displayName ?? null,
    assignmentId: row.assignmentId,
    instrumentId: row.instrumentId,
    answers,
    cursor: row.cursor,
    visitDate: row.visitDate,
    format: asFormat(row.format),
    file: row.fileKey ? { key: row.fileKey, name: row.fileName ?? "file", mimeType: row.fileMime ?? "application/octet-stream" } : null,
    state: asState(row.state),
    submittedAt: row.submittedAt,
    confirmedAt: row.confirmedAt,
    decidedById: row.confirmedById,
    disputeReason: row.disputeReason,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export class PrismaVisitsRepository implements VisitsRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async get(visitId: string): Promise<VisitRecord | null> {
    const row = await this.prisma.visit.findUnique({ where: { id: visitId }, include });
    return row ? record(row) : null;
  }

  async findDraft(authorId: string, schoolId: string): Promise<VisitRecord | null> {
    const row = await this.prisma.visit.findFirst({ where: { authorId, schoolId, state: "draft" }, include, orderBy: { createdAt: "asc" } });
    return row ? record(row) : null;
  }

  async drafts(authorId: string): Promise<VisitRecord[]> {
    const rows = await this.prisma.visit.findMany({ where: { authorId, state: "draft" }, include, orderBy: { updatedAt: "desc" } });
    return rows.map(record);
  }

  async openDraft(input: { districtId: string; schoolId: string; authorId: string; instrumentId: string }): Promise<VisitRecord> {
    // Serializable: two presses at once must not open two drafts for the same author and school.
    const row = await this.prisma.$transaction(
      async (tx) => {
        const existing = await tx.visit.findFirst({ where: { authorId: input.authorId, schoolId: input.schoolId, state: "draft" }, include });
        if (existing) return tx.visit.update({ where: { id: existing.id }, data: { updatedAt: new Date() }, include });
        return tx.visit.create({ data: { ...input, answers: {}, state: "draft" }, include });
      },
      { isolationLevel: "Serializable" },
    );
    return record(row);
  }

  async saveProgress(visitId: string, answers: Record<string, StoredAnswer>, cursor: string | null): Promise<boolean> {
    const result = await this.prisma.visit.updateMany({ where: { id: visitId, state: "draft" }, data: { answers: answers as object, cursor } });
    return result.count === 1;
  }

  async setFile(visitId: string, file: VisitFile): Promise<{ replaced: string | null } | null> {
    return this.prisma.$transaction(async (tx) => {
      const row = await tx.visit.findUnique({ where: { id: visitId }, select: { state: true, fileKey: true } });
      if (!row || row.state !== "draft") return null;
      await tx.visit.update({ where: { id: visitId }, data: { fileKey: file.key, fileName: file.name, fileMime: file.mimeType } });
      return { replaced: row.fileKey };
    });
  }

  async deleteDraft(visitId: string): Promise<{ fileKey: string | null } | null> {
    return this.prisma.$transaction(async (tx) => {
      const row = await tx.visit.findUnique({ where: { id: visitId }, select: { state: true, fileKey: true } });
      if (!row || row.state !== "draft") return null;
      await tx.visit.delete({ where: { id: visitId } });
      return { fileKey: row.fileKey };
    });
  }

  async submit(
    visitId: string,
    fields: { visitDate: Date; format: VisitFormat; assignmentId: string | null; at: Date },
    notices: OutboxMessage[],
  ): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const result = await tx.visit.updateMany({
        where: { id: visitId, state: "draft" },
        data: { state: "submitted", visitDate: fields.visitDate, format: fields.format, assignmentId: fields.assignmentId, submittedAt: fields.at, cursor: null },
      });
      if (result.count !== 1) return false;
      if (notices.length) await tx.outbox.createMany({ data: notices.map(outboxRow), skipDuplicates: true });
      return true;
    });
  }

  async transition(
    visitId: string,
    from: readonly VisitState[],
    to: { state: VisitState; decidedById: string | null; confirmedAt?: Date | null; disputeReason?: string | null },
    notices: OutboxMessage[] = [],
    decidedBy?: string,
  ): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const result = await tx.visit.updateMany({
        where: { id: visitId, state: { in: [...from] }, ...(decidedBy ? { confirmedById: decidedBy } : {}) },
        data: {
          state: to.state,
          confirmedById: to.decidedById,
          ...(to.confirmedAt !== undefined ? { confirmedAt: to.confirmedAt } : {}),
          ...(to.disputeReason !== undefined ? { disputeReason: to.disputeReason } : {}),
        },
      });
      if (result.count !== 1) return false;
      if (notices.length) await tx.outbox.createMany({ data: notices.map(outboxRow), skipDuplicates: true });
      return true;
    });
  }

  async disputing(personId: string): Promise<VisitRecord | null> {
    const row = await this.prisma.visit.findFirst({ where: { state: "disputing", confirmedById: personId }, include, orderBy: { updatedAt: "desc" } });
    return row ? record(row) : null;
  }

  async list(filter: VisitFilter): Promise<VisitRecord[]> {
    const rows = await this.prisma.visit.findMany({
      where: {
        districtId: filter.districtId,
        ...(filter.schoolIds ? { schoolId: { in: [...filter.schoolIds] } } : {}),
        ...(filter.authorId ? { authorId: filter.authorId } : {}),
        ...(filter.states ? { state: { in: [...filter.states] } } : {}),
        ...(filter.from || filter.to ? { visitDate: { ...(filter.from ? { gte: filter.from } : {}), ...(filter.to ? { lt: filter.to } : {}) } } : {}),
      },
      include,
      orderBy: [{ visitDate: "desc" }, { createdAt: "desc" }],
      take: 2000,
    });
    return rows.map(record);
  }

  async activeAssignment(personId: string, schoolId: string, on: Date): Promise<{ id: string } | null> {
    return this.prisma.assignment.findFirst({
      where: { personId, schoolId, endedAt: null, startsOn: { lte: on }, OR: [{ endsOn: null }, { endsOn: { gte: on } }] },
      orderBy: { startsOn: "desc" },
      select: { id: true },
    });
  }

  async plans(districtId: string, from: Date, to: Date): Promise<AssignmentPlan[]> {
    const rows = await this.prisma.assignment.findMany({
      where: { districtId, startsOn: { lt: to }, OR: [{ endsOn: null }, { endsOn: { gte: from } }] },
      include: { school: { select: { name: true } }, person: { select: { displayName: true } } },
      orderBy: { startsOn: "asc" },
    });
    return rows.map((row) => ({
      id: row.id,
      schoolId: row.schoolId,
      schoolName: row.school.name,
      personId: row.personId,
      personName: row.person.displayName,
      kind: row.kind,
      plannedVisits: row.plannedVisits,
      startsOn: row.startsOn,
      endsOn: row.endsOn,
      endedAt: row.endedAt,
    }));
  }
}
