// What /healthz reports: each messenger's connection, the send queue, the database and its last
// failed write. "degraded" (HTTP 503) whenever something users depend on does not work.
import type { PollingEvents } from "../bot/channels/polling.ts";
import type { Database } from "../prisma/db.ts";
import type { OutboxHealth } from "./outbox.ts";
import { describeFailure, serverText, type Messenger } from "./messages.ts";

export type MessengerHealth =
  | { state: "starting" }
  | { state: "connected"; since: string }
  | { state: "retrying"; since: string; lastError: string }
  | { state: "token refused"; since: string; lastError: string }
  /** Not polled by this process (tests, demo). */
  | { state: "off" };

type Log = { info(obj: object, msg?: string): void; warn(obj: object, msg?: string): void; error(obj: object, msg?: string): void };

const STILL_DOWN_EVERY_MS = 60_000;

/** Follows one messenger's polling and logs the changes in Russian: down since when, back after how long. */
export class MessengerMonitor implements PollingEvents {
  private current: MessengerHealth = { state: "starting" };
  private lastWarning = 0;
  /** The Russian line about a refused token, once it happened. */
  refusal: string | undefined;

  constructor(
    readonly messenger: Messenger,
    private readonly log: Log,
    private readonly now: () => Date,
    private readonly onTokenRefused: (message: string) => void,
  ) {}

  get health(): MessengerHealth {
    return this.current;
  }

  off(): void {
    this.current = { state: "off" };
  }

  connected(): void {
    const now = this.now();
    if (this.current.state === "retrying") {
      const seconds = Math.round((now.getTime() - Date.parse(this.current.since)) / 1000);
      this.log.info({ messenger: this.messenger, downSeconds: seconds }, serverText.restored(this.messenger, seconds));
    }
    if (this.current.state !== "connected") this.current = { state: "connected", since: now.toISOString() };
  }

  failed(error: unknown): void {
    const now = this.now();
    const reason = describeFailure(error);
    const conflict = (error as { error_code?: number } | null)?.error_code === 409;
    if (this.current.state !== "retrying") {
      this.current = { state: "retrying", since: now.toISOString(), lastError: reason };
      this.lastWarning = now.getTime();
      this.log.warn(
        { messenger: this.messenger, reason },
        conflict ? serverText.conflict(this.messenger) : serverText.unreachable(this.messenger, now, reason),
      );
      return;
    }
    this.current = { ...this.current, lastError: reason };
    if (now.getTime() - this.lastWarning >= STILL_DOWN_EVERY_MS) {
      this.lastWarning = now.getTime();
      this.log.warn(
        { messenger: this.messenger, reason },
        conflict ? serverText.conflict(this.messenger) : serverText.stillUnreachable(this.messenger, new Date(this.current.since), reason),
      );
    }
  }

  tokenRefused(error: unknown): void {
    const status = (error as { error_code?: number; status?: number }).error_code ?? (error as { status?: number }).status ?? "?";
    const message = serverText.tokenRefused(this.messenger, status);
    this.refusal = message;
    this.current = { state: "token refused", since: this.now().toISOString(), lastError: describeFailure(error) };
    this.log.error({ messenger: this.messenger, status }, message);
    this.onTokenRefused(message);
  }
}

/** A failed database write keeps the server "degraded" this long after it happened. */
export const WRITE_ERROR_MEMORY_MS = 5 * 60_000;

/** A due message waiting longer than this means the queue does not move. */
export const QUEUE_STALLED_SECONDS = 600;

export interface HealthReport {
  status: "ok" | "degraded";
  database: "ok" | "error";
  databaseKind: string;
  /** The last failed write (disk full, read-only database) in the past five minutes. */
  lastWriteError: { at: string; message: string } | null;
  messengers: Partial<Record<Messenger, MessengerHealth>>;
  /** The send queue (OutboxWorker.health): depth, oldest due row's age, last send error, pauses. */
  queue: OutboxHealth | null;
  /** What is wrong, in Russian, for the person reading the response. */
  problems: string[];
}

export async function healthReport(
  db: Database,
  monitors: MessengerMonitor[],
  now: Date,
  queueHealth: () => Promise<OutboxHealth>,
): Promise<HealthReport> {
  const problems: string[] = [];
  let database: "ok" | "error" = "ok";
  let queue: OutboxHealth | null = null;
  try {
    await db.query("SELECT 1");
    queue = await queueHealth();
  } catch (error) {
    database = "error";
    problems.push(`база данных не отвечает: ${describeFailure(error)}`);
  }
  const writes = db.writeHealth?.();
  // Recent, not "newer than the last success": with a full disk some writes (a DELETE) still pass.
  const lastWriteError =
    writes?.lastError && now.getTime() - writes.lastError.at.getTime() < WRITE_ERROR_MEMORY_MS
      ? { at: writes.lastError.at.toISOString(), message: writes.lastError.message }
      : null;
  if (lastWriteError) problems.push(`запись в базу не удалась: ${lastWriteError.message}`);
  const messengers: HealthReport["messengers"] = {};
  for (const monitor of monitors) {
    const health = monitor.health;
    messengers[monitor.messenger] = health;
    if (health.state === "retrying") problems.push(`${monitor.messenger}: нет связи с ${health.since} (${health.lastError})`);
    if (health.state === "token refused") problems.push(`${monitor.messenger}: токен отклонён`);
  }
  if (queue?.oldestPendingSeconds != null && queue.oldestPendingSeconds > QUEUE_STALLED_SECONDS) {
    problems.push(`очередь отправки стоит: сообщение ждёт ${queue.oldestPendingSeconds} с`);
  }
  return {
    status: problems.length ? "degraded" : "ok",
    database,
    databaseKind: db.kind,
    lastWriteError,
    messengers,
    queue,
    problems,
  };
}
