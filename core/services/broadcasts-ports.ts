// What the #14 broadcasts use cases read and write (prisma/broadcasts.ts implements it).
import type { BroadcastFile, BroadcastTarget } from "../management/broadcasts.ts";
import type { OutboxMessage } from "./ports.ts";

/** draft | queued (every recipient's Outbox row written); delivery states live in the Outbox. */
export type BroadcastState = "draft" | "queued";

/** A broadcast's target as stored: the choice, and once queued the schools it was resolved to. */
export interface StoredTarget extends BroadcastTarget {
  resolved?: { schoolIds: string[] | null; from?: Record<string, unknown> };
}

export interface BroadcastRecord {
  id: string;
  districtId: string;
  text: string;
  link: string | null;
  file: BroadcastFile | null;
  target: unknown;
  state: BroadcastState;
  /** People it was queued for (0 for a draft). */
  recipients: number;
  createdById: string | null;
  createdAt: Date;
  queuedAt: Date | null;
}

/** Outbox rows of a broadcast per delivery state (pending and sending together are «в очереди»). */
export interface DeliveryCounts {
  queued: number;
  delivered: number;
  blocked: number;
  failed: number;
}

export interface UndeliveredRecipient {
  personId: string;
  displayName: string | null;
  state: "blocked" | "failed";
  error: string | null;
}

export interface BroadcastsRepository {
  createDraft(input: {
    districtId: string;
    text: string;
    link: string | null;
    file: BroadcastFile | null;
    target: StoredTarget;
    createdById: string | null;
  }): Promise<BroadcastRecord>;
  get(id: string): Promise<BroadcastRecord | null>;
  /** The district's broadcasts, newest first. */
  list(districtId: string, limit: number): Promise<BroadcastRecord[]>;
  /**
   * In one transaction: the draft becomes queued with its recipients' count and resolved target,
   * and one Outbox row per message goes in (a repeated dedupeKey is skipped). A broadcast that is
   * no longer a draft queues nothing: `queued` false.
   */
  queue(id: string, target: StoredTarget, messages: OutboxMessage[], at: Date): Promise<{ queued: boolean; enqueued: number }>;
  /** Outbox rows of the broadcast by delivery state. */
  deliveryCounts(id: string): Promise<DeliveryCounts>;
  /** Who did not get it (blocked the bot, or the send failed), by name, at most `limit`. */
  undelivered(id: string, limit: number): Promise<UndeliveredRecipient[]>;
  /** Of these people, those with a messenger chat that blocked the bot (and none that did not). */
  blockedPeople(personIds: readonly string[]): Promise<Set<string>>;
  /** Delivery counts of several broadcasts at once (the list). */
  deliveryCountsOf(ids: readonly string[]): Promise<Map<string, DeliveryCounts>>;
}
