// Prisma implementation of core/services/meetings-ports.ts (#15): working-group meetings, their minutes
// and the decisions they put into the management decisions log, in one transaction each.
import type { DecisionWrite } from "../core/services/decisions-ports.ts";
import type { AgendaItem, MeetingAttendance, MeetingsRepository, MeetingWrite, MinutesItem, StoredMeeting } from "../core/services/meetings-ports.ts";
import type { PrismaClient } from "./db.ts";
import { decisionData } from "./decisions.ts";
import type { Prisma } from "./generated/client.ts";

type Row = Awaited<ReturnType<PrismaClient["workingGroupMeeting"]["findFirstOrThrow"]>>;

const meetingOf = (row: Row): StoredMeeting => ({
  id: row.id,
  districtId: row.districtId,
  workingGroupId: row.workingGroupId,
  number: row.number ?? "",
  heldOn: row.heldOn,
  place: row.place,
  agenda: (Array.isArray(row.agenda) ? row.agenda : []) as unknown as AgendaItem[],
  state: row.state === "held" ? "held" : "planned",
  attendance: (row.attendees ?? null) as unknown as MeetingAttendance | null,
  minutes: (row.minutes ?? null) as unknown as MinutesItem[] | null,
  createdById: row.createdById,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

const json = (value: unknown) => value as Prisma.InputJsonValue;

export class PrismaMeetingsRepository implements MeetingsRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async list(districtId: string): Promise<StoredMeeting[]> {
    const rows = await this.prisma.workingGroupMeeting.findMany({ where: { districtId }, orderBy: [{ heldOn: "desc" }, { createdAt: "desc" }] });
    return rows.map(meetingOf);
  }

  async get(meetingId: string): Promise<StoredMeeting | null> {
    const row = await this.prisma.workingGroupMeeting.findUnique({ where: { id: meetingId } });
    return row ? meetingOf(row) : null;
  }

  async create(districtId: string, createdById: string | null, input: MeetingWrite): Promise<StoredMeeting> {
    const row = await this.prisma.workingGroupMeeting.create({
      data: { districtId, createdById, workingGroupId: input.workingGroupId, number: input.number, heldOn: input.heldOn, place: input.place, agenda: json(input.agenda) },
    });
    return meetingOf(row);
  }

  async update(meetingId: string, input: MeetingWrite): Promise<StoredMeeting | null> {
    // Only while planned: the condition is in the write, so minutes recorded in between win.
    const { count } = await this.prisma.workingGroupMeeting.updateMany({
      where: { id: meetingId, state: "planned" },
      data: { workingGroupId: input.workingGroupId, number: input.number, heldOn: input.heldOn, place: input.place, agenda: json(input.agenda) },
    });
    return count ? this.get(meetingId) : null;
  }

  async delete(meetingId: string): Promise<boolean> {
    const { count } = await this.prisma.workingGroupMeeting.deleteMany({ where: { id: meetingId, state: "planned" } });
    return count > 0;
  }

  private async createDecision(tx: Prisma.TransactionClient, districtId: string, meetingId: string, createdById: string | null, decision: DecisionWrite) {
    const row = await tx.managementDecision.create({
      data: {
        districtId,
        createdById,
        meetingId,
        ...decisionData(decision),
        recommendations: { create: decision.recommendationIds.map((recommendationId) => ({ recommendationId })) },
      },
      select: { id: true },
    });
    return row.id;
  }

  async recordMinutes(
    meetingId: string,
    createdById: string | null,
    attendance: MeetingAttendance,
    items: Array<{ item: Omit<MinutesItem, "decisionId" | "reportId">; decision: DecisionWrite }>,
  ): Promise<StoredMeeting | null> {
    return this.prisma.$transaction(async (tx) => {
      const meeting = await tx.workingGroupMeeting.findUnique({ where: { id: meetingId }, select: { districtId: true } });
      if (!meeting) return null;
      // Claim the meeting first: a second recorder finds it held and writes nothing.
      const claimed = await tx.workingGroupMeeting.updateMany({ where: { id: meetingId, state: "planned" }, data: { state: "held", attendees: json(attendance) } });
      if (!claimed.count) return null;
      const minutes: MinutesItem[] = [];
      for (const { item, decision } of items) {
        const decisionId = await this.createDecision(tx, meeting.districtId, meetingId, createdById, decision);
        minutes.push({ ...item, decisionId, reportId: null });
      }
      return meetingOf(await tx.workingGroupMeeting.update({ where: { id: meetingId }, data: { minutes: json(minutes) } }));
    });
  }

  async approveReport(
    meetingId: string,
    createdById: string | null,
    input: {
      reportId: string;
      approvedAt: Date;
      approvalRef: string;
      workingGroupId: string;
      item: Omit<MinutesItem, "decisionId" | "reportId">;
      decision: DecisionWrite;
    },
  ): Promise<StoredMeeting | null> {
    return this.prisma.$transaction(async (tx) => {
      const approved = await tx.effectivenessReport.updateMany({
        where: { id: input.reportId, approvedAt: null },
        data: { approvedAt: input.approvedAt, approvalRef: input.approvalRef, workingGroupId: input.workingGroupId, meetingId },
      });
      if (!approved.count) return null;
      const meeting = await tx.workingGroupMeeting.findUnique({ where: { id: meetingId } });
      if (!meeting || meeting.state !== "held") throw new Error(`meeting ${meetingId} has no minutes`);
      const decisionId = await this.createDecision(tx, meeting.districtId, meetingId, createdById, input.decision);
      const minutes = [...((meeting.minutes ?? []) as unknown as MinutesItem[]), { ...input.item, decisionId, reportId: input.reportId }];
      return meetingOf(await tx.workingGroupMeeting.update({ where: { id: meetingId }, data: { minutes: json(minutes) } }));
    });
  }
}
