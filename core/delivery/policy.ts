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
  // 429 says nothing about the message: the channel was too fast. The row waits out retry_after
  // (the whole channel pauses with it) and never fails for it.
  if (failure.code === 429) {
    const seconds = (failure.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS) + 1;
    return { state: "pending", retryAt: new Date(now.getTime() + seconds * 1000), error };
  }
  if (attempts >= MAX_ATTEMPTS) return { state: "failed", error };
  const seconds = Math.min(3600, 5 * 2 ** (attempts - 1));
  return { state: "pending", retryAt: new Date(now.getTime() + seconds * 1000), error };
}

/** A 429 without retry_after (MAX sends none): pause the channel this long. */
export const DEFAULT_RETRY_AFTER_SECONDS = 5;

/**
 * How late a send may leave after its slot. A send that would leave later gives its slot up and
 * takes a new one: an event loop that stood still (GC, a busy instance) must not bunch a late send
 * with the next instance's send that leaves on time.
 */
export const SEND_LATENESS_MS = 40;

/**
 * Gap between two slots of one channel. Every send leaves in [slot, slot + SEND_LATENESS_MS], so a
 * 1-second window sees the slots of a span of 1000 + SEND_LATENESS_MS ms; slots this far apart put
 * at most `perSecond` there, measured on the wall clock, in any window, across instances (a token
 * bucket of depth one, so no burst at a window's edge). Telegram allows about 30 a second for bulk
 * sends. In microseconds, not rounded to whole milliseconds (ChannelThrottle keeps them), and a
 * microsecond more than the exact share, so that two sends never sit exactly a window apart. The tolerance
 * is a trade: at 30/s the slots are 34.667 ms apart (96.2 % of the limit); 15 ms gave up so many slots
 * on a loaded instance that a broadcast ran at half the limit (bench:region), 50 ms cost 1 % more pace.
 */
export const sendSpacingMs = (perSecond: number) => (Math.floor(((1000 + SEND_LATENESS_MS) / perSecond) * 1000) + 1) / 1000;

/** One message a second to one chat (Telegram's per-chat limit): the time each chat may next get one. */
export class ChatPacer {
  private readonly nextPerChat = new Map<string, number>();

  /** The earliest time (ms) when `chatId` may get its next message. */
  earliest(chatId: string): number {
    return this.nextPerChat.get(chatId) ?? -Infinity;
  }

  /** Records a message to `chatId` sent at `atMs`: the next one waits a second. */
  sent(chatId: string, atMs: number): void {
    this.nextPerChat.delete(chatId);
    if (this.nextPerChat.size >= 10_000) this.nextPerChat.delete(this.nextPerChat.keys().next().value!);
    this.nextPerChat.set(chatId, atMs + 1000);
  }
}
