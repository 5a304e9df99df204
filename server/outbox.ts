// The send queue worker: claims due rows from the Outbox table, sends them through the channel's
// sender within rate limits, and records the delivery state. Rows survive restarts; a row left in
// "sending" by a crash is released after a grace period (at-least-once, never lost).
import { afterFailure, RateLimiter, type SendFailure } from "../core/delivery/policy.ts";
import type { Channel } from "../core/services/ports.ts";
import type { Database } from "../prisma/db.ts";

export type Sender = (chatId: string, text: string) => Promise<void>;

export class SendError extends Error {
  constructor(readonly failure: SendFailure) {
    super(failure.description ?? String(failure.code ?? "network error"));
  }
}

interface Row {
  id: string;
  channel: string;
  chatId: string;
  text: string;
  attempts: number;
}

const STALE_SENDING_MS = 5 * 60_000;

export class OutboxWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private readonly limiters = new Map<string, RateLimiter>();

  constructor(
    private readonly db: Database,
    private readonly senders: Partial<Record<Channel, Sender>>,
    private readonly options: { perSecond?: number; batch?: number; log?: { warn(obj: object, msg?: string): void } } = {},
  ) {}

  /** Claims and sends one batch; returns the number of rows handled. */
  async tick(now = new Date()): Promise<number> {
    const staleBefore = new Date(now.getTime() - STALE_SENDING_MS);
    await this.db.prisma.outbox.updateMany({
      where: { state: "sending", nextAttemptAt: { lt: staleBefore } },
      data: { state: "pending" },
    });
    // One statement claims the rows, so two workers never take the same row (SKIP LOCKED on PostgreSQL).
    const rows = await this.db.query<Row>(
      `UPDATE "Outbox" SET state = 'sending', attempts = attempts + 1, "nextAttemptAt" = $1
       WHERE id IN (SELECT id FROM "Outbox" WHERE state = 'pending' AND "nextAttemptAt" <= $1
                    ORDER BY "createdAt" LIMIT $2 FOR UPDATE SKIP LOCKED)
       RETURNING id, channel, "chatId", text, attempts`,
      [now, this.options.batch ?? 50],
    );
    for (const row of rows) await this.deliver(row);
    return rows.length;
  }

  private async deliver(row: Row): Promise<void> {
    const channel = row.channel as Channel;
    const sender = this.senders[channel];
    const limiter = this.limiters.get(channel) ?? new RateLimiter(this.options.perSecond ?? 25);
    this.limiters.set(channel, limiter);
    for (let wait = limiter.reserve(row.chatId, Date.now()); wait > 0; wait = limiter.reserve(row.chatId, Date.now())) {
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
    try {
      if (!sender) throw new SendError({ description: `channel ${channel} is not configured in this process` });
      await sender(row.chatId, row.text);
      await this.db.prisma.outbox.update({ where: { id: row.id }, data: { state: "delivered", sentAt: new Date(), lastError: null } });
    } catch (error) {
      const failure = error instanceof SendError ? error.failure : { description: String(error) };
      const decision = afterFailure(failure, row.attempts, new Date());
      if (decision.state === "delivered") return;
      this.options.log?.warn({ id: row.id, channel, decision: decision.state, error: decision.error }, "outbox send failed");
      await this.db.prisma.outbox.update({
        where: { id: row.id },
        data: {
          state: decision.state,
          lastError: decision.error.slice(0, 500),
          ...(decision.state === "pending" ? { nextAttemptAt: decision.retryAt } : {}),
        },
      });
    }
  }

  start(intervalMs = 1000): void {
    const loop = async () => {
      this.running = this.tick()
        .then(() => undefined)
        .catch((error) => this.options.log?.warn({ err: String(error) }, "outbox tick failed"));
      await this.running;
      if (this.timer !== undefined) this.timer = setTimeout(loop, intervalMs);
    };
    this.timer = setTimeout(loop, intervalMs);
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
