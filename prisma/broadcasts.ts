// District broadcasts (core/services/broadcasts-ports.ts): drafts, queueing in one transaction with
// the Outbox rows, and the delivery report from the Outbox by broadcastId.
import type { BroadcastFile } from "../core/management/broadcasts.ts";
import { reportStateOf } from "../core/management/broadcasts.ts";
import type {
  BroadcastRecord,
  BroadcastsRepository,
  BroadcastState,
  DeliveryCounts,
  StoredTarget,
  UndeliveredRecipient,
} from "../core/services/broadcasts-ports.ts";
import type { OutboxMessage } from "../core/services/ports.ts";
import type { PrismaClient } from "./db.ts";
import { outboxRow } from "./repository.ts";

type Row = {
  id: string;
  districtId: string;
  text: string;
  link: string | null;
  fileKey: string | null;
  fileName: string | null;
  fileMime: string | null;
  target: unknown;
  state: string;
  recipients: number;
  createdById: string | null;
  createdAt: Date;
  queuedAt: Date | null;
};

const record = (row: Row): BroadcastRecord => ({
  id: row.id,
  districtId: row.districtId,
  text: row.text,
  link: row.link,
  file: row.fileKey ? { key: row.fileKey, name: row.fileName ?? "file", mimeType: row.fileMime ?? "application/octet-stream" } : null,
  target: row.target,
  state: row.state as BroadcastState,
  recipients: row.recipients,
  createdById: row.createdById,
  createdAt: row.createdAt,
  queuedAt: row.queuedAt,
});

const emptyCounts = (): DeliveryCounts => ({ queued: 0, delivered: 0, blocked: 0, failed: 0 });

/** Outbox rows (and blocked-account lookups) per statement when a broadcast is queued. */
const QUEUE_CHUNK = 1000;

export class PrismaBroadcastsRepository implements BroadcastsRepository {
  constructor(readonly prisma: PrismaClient) {}

  async createDraft(input: { districtId: string; text: string; link: string | null; file: BroadcastFile | null; target: StoredTarget; createdById: string | null }) {
    const row = await this.prisma.broadcast.create({
      data: {
        districtId: input.districtId,
        text: input.text,
        link: input.link,
        fileKey: input.file?.key ?? null,
        fileName: input.file?.name ?? null,
        fileMime: input.file?.mimeType ?? null,
        target: input.target as object,
        createdById: input.createdById,
      },
    });
    return record(row);
  }

  async get(id: string) {
    const row = await this.prisma.broadcast.findUnique({ where: { id } });
    return row ? record(row) : null;
  }

  async list(districtId: string, limit: number) {
    const rows = await this.prisma.broadcast.findMany({ where: { districtId }, orderBy: { createdAt: "desc" }, take: limit });
    return rows.map(record);
  }

  async queue(id: string, target: StoredTarget, messages: OutboxMessage[], at: Date) {
    return this.prisma.$transaction(
      async (tx) => {
        // Only a draft turns queued: a second send (a double press, a retry after a crash that
        // came after the commit) finds it queued and writes nothing.
        const turned = await tx.broadcast.updateMany({
          where: { id, state: "draft" },
          data: { state: "queued", recipients: messages.length, queuedAt: at, target: target as object },
        });
        if (turned.count === 0) return { queued: false, enqueued: 0 };
        if (!messages.length) return { queued: true, enqueued: 0 };
        // An account that blocked the bot gets nothing queued (as Repository.enqueue): it shows as blocked.
        // In statements of QUEUE_CHUNK rows, still one transaction: one statement of 20 000 rows held
        // the event loop for seconds while Prisma built it (a region's broadcast made the instance's
        // webhooks time out, #16 bench:region); between chunks other requests get their turn.
        const chatIds = [...new Set(messages.map((message) => message.chatId))];
        const skip = new Set<string>();
        for (let start = 0; start < chatIds.length; start += QUEUE_CHUNK) {
          const blocked = await tx.account.findMany({
            where: { blockedAt: { not: null }, chatId: { in: chatIds.slice(start, start + QUEUE_CHUNK) } },
            select: { channel: true, chatId: true },
          });
          for (const account of blocked) skip.add(`${account.channel}:${account.chatId}`);
        }
        const rows = messages.filter((message) => !skip.has(`${message.channel}:${message.chatId}`)).map(outboxRow);
        let enqueued = 0;
        for (let start = 0; start < rows.length; start += QUEUE_CHUNK) {
          enqueued += (await tx.outbox.createMany({ data: rows.slice(start, start + QUEUE_CHUNK), skipDuplicates: true })).count;
        }
        return { queued: true, enqueued };
      },
      { maxWait: 10_000, timeout: 120_000 },
    );
  }

  async deliveryCounts(id: string) {
    return (await this.deliveryCountsOf([id])).get(id) ?? emptyCounts();
  }

  async deliveryCountsOf(ids: readonly string[]) {
    const counts = new Map<string, DeliveryCounts>(ids.map((id) => [id, emptyCounts()]));
    if (!ids.length) return counts;
    const groups = await this.prisma.outbox.groupBy({
      by: ["broadcastId", "state"],
      where: { broadcastId: { in: [...ids] } },
      _count: { _all: true },
    });
    for (const group of groups) {
      const entry = counts.get(group.broadcastId!);
      if (entry) entry[reportStateOf(group.state)] += group._count._all;
    }
    return counts;
  }

  async undelivered(id: string, limit: number): Promise<UndeliveredRecipient[]> {
    const rows = await this.prisma.outbox.findMany({
      where: { broadcastId: id, state: { in: ["blocked", "failed"] } },
      orderBy: { createdAt: "asc" },
      take: limit,
      select: { personId: true, state: true, lastError: true },
    });
    const people = await this.prisma.person.findMany({
      where: { id: { in: rows.map((row) => row.personId) } },
      select: { id: true, displayName: true },
    });
    const names = new Map(people.map((person) => [person.id, person.displayName]));
    return rows.map((row) => ({
      personId: row.personId,
      displayName: names.get(row.personId) ?? null,
      state: row.state as "blocked" | "failed",
      error: row.lastError,
    }));
  }

  async blockedPeople(personIds: readonly string[]) {
    if (!personIds.length) return new Set<string>();
    const rows = await this.prisma.account.findMany({
      where: { personId: { in: [...personIds] }, chatId: { not: null }, blockedAt: { not: null } },
      select: { personId: true },
    });
    return new Set(rows.map((row) => row.personId));
  }
}
