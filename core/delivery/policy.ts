/**
 * Delivery policy of the send queue (Outbox): what to do after a send attempt. Pure, so the
 * worker in server/outbox.ts stays a thin loop and the rules are tested without a network.
 */
export type DeliveryState = "pending" | "sending" | "delivered" | "blocked" | "failed";

export interface SendFailure {
  /** HTTP-like code from the messenger API (429, 403, 400, 5xx), or undefined for a network error. */
  code?: number;
  retryAfterSeconds?: number;
  description?: string;
}

export const MAX_ATTEMPTS = 6;

export type Decision =
  | { state: "delivered" }
  | { state: "blocked"; error: string }
  | { state: "failed"; error: string }
  | { state: "pending"; retryAt: Date; error: string };

export function afterFailure(failure: SendFailure, attempts: number, now: Date): Decision {
  const error = `${failure.code ?? "network"} ${failure.description ?? ""}`.trim();
  // 403: the person blocked the bot or deleted the account; retrying does not help.
  if (failure.code === 403) return { state: "blocked", error };
  // 400 and 404: the request itself is wrong (chat not found, bad markup); retrying does not help.
  if (failure.code === 400 || failure.code === 404) return { state: "failed", error };
  if (attempts >= MAX_ATTEMPTS) return { state: "failed", error };
  const seconds =
    failure.code === 429 && failure.retryAfterSeconds !== undefined
      ? failure.retryAfterSeconds + 1
      : Math.min(3600, 5 * 2 ** (attempts - 1));
  return { state: "pending", retryAt: new Date(now.getTime() + seconds * 1000), error };
}

/**
 * A token bucket: at most `perSecond` sends per second overall (Telegram: about 30 per second for
 * bulk sends; we keep a margin) and at most one per chat per second.
 */
export class RateLimiter {
  private readonly lastPerChat = new Map<string, number>();
  private windowStart = 0;
  private sentInWindow = 0;

  constructor(private readonly perSecond: number) {}

  /** Milliseconds to wait before sending to `chatId` at `nowMs`; 0 means send now and counts it. */
  reserve(chatId: string, nowMs: number): number {
    if (nowMs - this.windowStart >= 1000) {
      this.windowStart = nowMs;
      this.sentInWindow = 0;
    }
    if (this.sentInWindow >= this.perSecond) return this.windowStart + 1000 - nowMs;
    const last = this.lastPerChat.get(chatId);
    if (last !== undefined && nowMs - last < 1000) return last + 1000 - nowMs;
    this.sentInWindow += 1;
    this.lastPerChat.set(chatId, nowMs);
    if (this.lastPerChat.size > 10_000) this.lastPerChat.clear();
    return 0;
  }
}
