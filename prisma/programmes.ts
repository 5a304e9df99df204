// Prisma implementation of core/services/programmes-ports.ts (#15): programmes, their reviews per
// version, monitorings and the log of every transition (written in the same transaction as the change).
import type {
  LogRecord,
  MonitoringRecord,
  PendingReview,
  ProgrammeRecord,
  ProgrammesRepository,
  ProgrammeSummary,
  ProgrammeWrite,
  ReviewRecord,
  StateChange,
} from "../core/services/programmes-ports.ts";
import type { Indicator, MonitoringKind, Passport, ProgrammeKind, ProgrammeState } from "../core/services/programmes-rules.ts";
import type { PrismaClient } from "./db.ts";
import type { Prisma } from "./generated/client.ts";

type Row = Awaited<ReturnType<PrismaClient["programme"]["findFirstOrThrow"]>>;

const json = (value: unknown) => value as Prisma.InputJsonValue;

function record(row: Row & { district: { name: string }; school: { name: string } | null }): ProgrammeRecord {
  return {
    id: row.id,
    districtId: row.districtId,
    districtName: row.district.name,
    schoolId: row.schoolId,
    schoolName: row.school?.name ?? null,
    kind: row.kind as ProgrammeKind,
    title: row.title,
    passport: row.passport as unknown as Passport,
    indicators: (Array.isArray(row.indicators) ? row.indicators : []) as unknown as Indicator[],
    file: row.fileKey ? { key: row.fileKey, name: row.fileName ?? "programme", mimeType: row.fileMime ?? "application/octet-stream" } : null,
    state: row.state as ProgrammeState,
    version: row.version,
    submittedAt: row.submittedAt,
    approvedAt: row.approvedAt,
    approvalRef: row.approvalRef,
    createdById: row.createdById,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** Stored review scores: criterion → {score, comment}. */
type StoredScores = Record<string, { score: number; comment?: string }>;

function splitScores(stored: unknown): { scores: Record<string, number> | null; comments: Record<string, string> } {
  if (!stored || typeof stored !== "object") return { scores: null, comments: {} };
  const scores: Record<string, number> = {};
  const comments: Record<string, string> = {};
  for (const [criterion, value] of Object.entries(stored as StoredScores)) {
    if (value && typeof value.score === "number") scores[criterion] = value.score;
    if (value?.comment) comments[criterion] = value.comment;
  }
  return { scores, comments };
}

export class PrismaProgrammesRepository implements ProgrammesRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async list(districtId: string, filter: { schoolIds?: readonly string[]; ids?: readonly string[] } = {}): Promise<ProgrammeSummary[]> {
    const rows = await this.prisma.programme.findMany({
      where: {
        districtId,
        ...(filter.schoolIds ? { schoolId: { in: [...filter.schoolIds] } } : {}),
        ...(filter.ids ? { id: { in: [...filter.ids] } } : {}),
      },
      include: {
        school: { select: { name: true } },
        reviews: { select: { version: true, scores: true, submittedAt: true } },
        monitorings: { select: { kind: true, period: true, createdAt: true }, orderBy: [{ period: "desc" }, { createdAt: "desc" }], take: 1 },
      },
      orderBy: [{ createdAt: "asc" }],
    });
    return rows
      .map((row) => ({
        id: row.id,
        schoolId: row.schoolId,
        schoolName: row.school?.name ?? null,
        kind: row.kind as ProgrammeKind,
        title: row.title,
        state: row.state as ProgrammeState,
        version: row.version,
        updatedAt: row.updatedAt,
        reviews: row.reviews.filter((review) => review.version === row.version).map((review) => ({ scores: splitScores(review.scores).scores, submittedAt: review.submittedAt })),
        lastMonitoring: row.monitorings[0] ? { kind: row.monitorings[0].kind as MonitoringKind, period: row.monitorings[0].period } : null,
      }))
      .sort((a, b) => (a.kind === b.kind ? (a.schoolName ?? "").localeCompare(b.schoolName ?? "", "ru") : a.kind === "municipal" ? -1 : 1));
  }

  async get(id: string): Promise<ProgrammeRecord | null> {
    const row = await this.prisma.programme.findUnique({ where: { id }, include: { district: { select: { name: true } }, school: { select: { name: true } } } });
    return row ? record(row) : null;
  }

  async schoolIn(districtId: string, schoolId: string): Promise<string | null> {
    const school = await this.prisma.school.findFirst({ where: { id: schoolId, districtId }, select: { name: true } });
    return school?.name ?? null;
  }

  async create(districtId: string, schoolId: string | null, kind: ProgrammeKind, input: ProgrammeWrite, actorId: string): Promise<string> {
    return this.prisma.$transaction(async (tx) => {
      const row = await tx.programme.create({
        data: { districtId, schoolId, kind, title: input.title, passport: json(input.passport), indicators: json(input.indicators), createdById: actorId },
      });
      await tx.programmeLogEntry.create({ data: { programmeId: row.id, actorId, action: "create" } });
      return row.id;
    });
  }

  async update(id: string, expected: { state: ProgrammeState; version: number }, input: ProgrammeWrite, actorId: string): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const { count } = await tx.programme.updateMany({
        where: { id, state: expected.state, version: expected.version },
        data: { title: input.title, passport: json(input.passport), indicators: json(input.indicators) },
      });
      if (count) await tx.programmeLogEntry.create({ data: { programmeId: id, actorId, action: "edit" } });
      return count > 0;
    });
  }

  async setFile(id: string, file: { key: string; name: string; mimeType: string }, actorId: string): Promise<string | null> {
    return this.prisma.$transaction(async (tx) => {
      const before = await tx.programme.findUnique({ where: { id }, select: { fileKey: true } });
      await tx.programme.update({ where: { id }, data: { fileKey: file.key, fileName: file.name, fileMime: file.mimeType } });
      await tx.programmeLogEntry.create({ data: { programmeId: id, actorId, action: "file", note: file.name } });
      return before?.fileKey ?? null;
    });
  }

  async changeState(id: string, change: StateChange): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const { count } = await tx.programme.updateMany({
        where: { id, state: change.from.state, version: change.from.version },
        data: {
          state: change.to.state,
          version: change.to.version,
          ...(change.submittedAt ? { submittedAt: change.submittedAt } : {}),
          ...(change.approvedAt ? { approvedAt: change.approvedAt } : {}),
          ...(change.approvalRef ? { approvalRef: change.approvalRef } : {}),
        },
      });
      if (count) await tx.programmeLogEntry.create({ data: { programmeId: id, actorId: change.log.actorId, action: change.log.action, note: change.log.note ?? null } });
      return count > 0;
    });
  }

  async assignReviewers(id: string, from: { state: ProgrammeState; version: number }, personIds: readonly string[], actorId: string): Promise<string[] | null> {
    return this.prisma.$transaction(async (tx) => {
      const { count } = await tx.programme.updateMany({ where: { id, state: from.state, version: from.version }, data: { state: "in_review" } });
      if (!count) return null;
      const existing = await tx.programmeReview.findMany({ where: { programmeId: id, version: from.version }, select: { reviewerId: true } });
      const known = new Set(existing.map((review) => review.reviewerId));
      const added = [...new Set(personIds)].filter((personId) => !known.has(personId));
      for (const reviewerId of added) await tx.programmeReview.create({ data: { programmeId: id, reviewerId, version: from.version } });
      // Naming the same experts again changes nothing and is not logged (a second press of the button).
      if (!added.length && from.state === "in_review") return added;
      const names = await tx.person.findMany({ where: { id: { in: added } }, select: { displayName: true } });
      await tx.programmeLogEntry.create({
        data: { programmeId: id, actorId, action: "assign", note: names.map((person) => person.displayName ?? "—").join(", ") || null },
      });
      return added;
    });
  }

  async reviews(programmeId: string): Promise<ReviewRecord[]> {
    const rows = await this.prisma.programmeReview.findMany({
      where: { programmeId },
      include: { reviewer: { select: { displayName: true } } },
      orderBy: [{ version: "desc" }, { assignedAt: "asc" }],
    });
    return rows.map((row) => {
      const { scores, comments } = splitScores(row.scores);
      return {
        id: row.id,
        programmeId: row.programmeId,
        reviewerId: row.reviewerId,
        reviewerName: row.reviewer.displayName,
        version: row.version,
        scores,
        comments,
        comment: row.comment,
        verdict: (row.verdict as ReviewRecord["verdict"]) ?? null,
        submittedAt: row.submittedAt,
        assignedAt: row.assignedAt,
      };
    });
  }

  async assignedTo(personId: string) {
    const rows = await this.prisma.programmeReview.findMany({
      where: { reviewerId: personId },
      select: { programmeId: true, version: true, submittedAt: true, programme: { select: { districtId: true } } },
    });
    return rows.map((row) => ({ programmeId: row.programmeId, districtId: row.programme.districtId, version: row.version, submittedAt: row.submittedAt }));
  }

  async pendingFor(personId: string): Promise<PendingReview[]> {
    const rows = await this.prisma.programmeReview.findMany({
      where: { reviewerId: personId, submittedAt: null, programme: { state: "in_review" } },
      include: { programme: { include: { district: { select: { name: true } }, school: { select: { name: true } } } } },
      orderBy: { assignedAt: "asc" },
    });
    return rows
      .filter((row) => row.version === row.programme.version)
      .map((row) => ({
        programmeId: row.programmeId,
        districtId: row.programme.districtId,
        districtName: row.programme.district.name,
        schoolName: row.programme.school?.name ?? null,
        title: row.programme.title,
        version: row.version,
      }));
  }

  async saveReview(
    programmeId: string,
    reviewerId: string,
    version: number,
    review: { scores: Record<string, number>; comments: Record<string, string>; comment: string | null; verdict: "approve" | "return" },
  ): Promise<boolean> {
    const stored: StoredScores = Object.fromEntries(
      Object.entries(review.scores).map(([criterion, score]) => [criterion, review.comments[criterion] ? { score, comment: review.comments[criterion] } : { score }]),
    );
    return this.prisma.$transaction(async (tx) => {
      const programme = await tx.programme.findFirst({ where: { id: programmeId, state: "in_review", version }, select: { id: true } });
      if (!programme) return false;
      const { count } = await tx.programmeReview.updateMany({
        where: { programmeId, reviewerId, version },
        data: { scores: json(stored), comment: review.comment, verdict: review.verdict, submittedAt: new Date() },
      });
      if (count) await tx.programmeLogEntry.create({ data: { programmeId, actorId: reviewerId, action: "review", note: `v${version}` } });
      return count > 0;
    });
  }

  async monitorings(programmeId: string): Promise<MonitoringRecord[]> {
    const rows = await this.prisma.programmeMonitoring.findMany({ where: { programmeId }, orderBy: [{ period: "desc" }, { kind: "asc" }] });
    return rows.map((row) => ({
      id: row.id,
      kind: row.kind as MonitoringKind,
      period: row.period,
      values: (row.values ?? {}) as Record<string, number>,
      conclusion: row.conclusion,
      createdById: row.createdById,
      createdAt: row.createdAt,
    }));
  }

  async saveMonitoring(
    programmeId: string,
    input: { kind: MonitoringKind; period: string; values: Record<string, number>; conclusion: string | null },
    actorId: string,
  ): Promise<MonitoringRecord> {
    return this.prisma.$transaction(async (tx) => {
      const row = await tx.programmeMonitoring.upsert({
        where: { programmeId_kind_period: { programmeId, kind: input.kind, period: input.period } },
        create: { programmeId, kind: input.kind, period: input.period, values: json(input.values), conclusion: input.conclusion, createdById: actorId },
        update: { values: json(input.values), conclusion: input.conclusion, createdById: actorId },
      });
      await tx.programmeLogEntry.create({ data: { programmeId, actorId, action: "monitor", note: `${input.kind} ${input.period}` } });
      return {
        id: row.id,
        kind: row.kind as MonitoringKind,
        period: row.period,
        values: row.values as Record<string, number>,
        conclusion: row.conclusion,
        createdById: row.createdById,
        createdAt: row.createdAt,
      };
    });
  }

  async log(programmeId: string): Promise<LogRecord[]> {
    const rows = await this.prisma.programmeLogEntry.findMany({ where: { programmeId }, orderBy: { at: "asc" } });
    const actors = [...new Set(rows.map((row) => row.actorId).filter((id): id is string => !!id))];
    const people = await this.prisma.person.findMany({ where: { id: { in: actors } }, select: { id: true, displayName: true } });
    const names = new Map(people.map((person) => [person.id, person.displayName]));
    return rows.map((row) => ({ id: row.id, actorId: row.actorId, actorName: row.actorId ? (names.get(row.actorId) ?? null) : null, action: row.action, note: row.note, at: row.at }));
  }
}
