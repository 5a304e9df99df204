// What both messengers' polling loops report, and how soon they try again.

/** A polling loop tells the server what happens to it; the server keeps the state and the log. */
export interface PollingEvents {
  /** A poll succeeded (the first one, or the first after failures). */
  connected(): void;
  /** A poll failed and will be retried: network, 5xx, 429, or 409 (another poller). */
  failed(error: unknown): void;
  /** The API refused the token (401/404): polling stops for good. */
  tokenRefused(error: unknown): void;
}

/**
 * 1, 2, 4, 5, 5, … seconds: short enough that answers flow again within seconds of the API coming
 * back (auto-retry's doubling had reached 89 s after a 100 s outage), long enough not to hammer it.
 */
export const retryDelayMs = (attempt: number) => Math.min(5_000, 1_000 * 2 ** attempt);
