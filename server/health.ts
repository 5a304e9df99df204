// What /healthz reports: each messenger's connection, the send queue, the database and its last
// failed write. "degraded" (HTTP 503) whenever something users depend on does not work.
// What /readyz reports (#16): whether this instance should get traffic now: the database answers,
// every migration of this build is applied, each messenger is reachable.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
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

/** A readiness check that does not answer within this long has failed. */
export const READY_CHECK_TIMEOUT_MS = 3000;

export interface ReadinessCheck {
  ok: boolean;
  /** Why not, in Russian (no secrets, no counts of people). */
  problem?: string;
}

export interface ReadinessReport {
  status: "ready" | "not ready";
  /** The instance is shutting down: a load balancer should stop sending it requests. */
  stopping?: true;
  checks: {
    database: ReadinessCheck;
    migrations: ReadinessCheck;
    messengers: Partial<Record<Messenger, ReadinessCheck & { state: MessengerHealth["state"] }>>;
  };
  /** Every failed check, in Russian. */
  problems: string[];
}

const MODULE_DIR = path.dirname(fileURLToPath(import.meta.url));

/**
 * The migrations this build carries, by name: next to the bundle (dist/migrations, where
 * esbuild.config.mjs copies them) or, run from source, prisma/migrations. Null when neither exists.
 */
export function bundledMigrations(dirs = [path.join(MODULE_DIR, "migrations"), path.join(MODULE_DIR, "..", "prisma", "migrations")]): string[] | null {
  for (const dir of dirs) {
    if (!fs.existsSync(dir)) continue;
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(dir, entry.name, "migration.sql")))
      .map((entry) => entry.name)
      .sort();
  }
  return null;
}

/** Tokens and passwords never reach a response, whatever an error message carries. */
export function redact(text: string): string {
  return text
    .replace(/\b\d{5,}:[A-Za-z0-9_-]{20,}/g, "***")
    .replace(/(postgres(?:ql)?:\/\/)[^@\s/]*@/g, "$1***@")
    .replace(/([?&](?:access_token|token|password)=)[^&\s]+/gi, "$1***");
}

const within = <T>(promise: Promise<T>, ms: number, what: string): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what}: нет ответа за ${ms / 1000} с`)), ms);
    timer.unref?.();
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });

const MESSENGER_NAME: Record<Messenger, string> = { telegram: "Telegram", max: "MAX" };

/**
 * Ready when the database answers, every migration of this build is recorded as applied in
 * `_prisma_migrations` (as prisma/migrate.ts writes it), and each messenger this process talks to
 * is connected. A messenger in state "off" (deliberately not contacted by this process: tests, the
 * demo) is not held against it.
 */
export async function readinessReport(
  db: Pick<Database, "query">,
  monitors: MessengerMonitor[],
  options: { expected?: string[] | null; timeoutMs?: number; stopping?: boolean } = {},
): Promise<ReadinessReport> {
  const expected = options.expected === undefined ? bundledMigrations() : options.expected;
  const timeoutMs = options.timeoutMs ?? READY_CHECK_TIMEOUT_MS;
  const problems: string[] = [];
  if (options.stopping) problems.push("экземпляр останавливается: запросы должны идти на другие экземпляры");
  let database: ReadinessCheck = { ok: true };
  let migrations: ReadinessCheck;
  try {
    await within(db.query("SELECT 1"), timeoutMs, "база данных");
  } catch (error) {
    database = { ok: false, problem: `база данных не отвечает: ${redact(describeFailure(error))}` };
  }
  if (!database.ok) {
    migrations = { ok: false, problem: "миграции не проверены: база данных не отвечает" };
  } else if (expected === null) {
    migrations = { ok: false, problem: "папка миграций не найдена рядом с программой (dist/migrations): сборка неполная" };
  } else {
    try {
      const rows = await within(
        db.query<{ migration_name: string }>(
          `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
        ),
        timeoutMs,
        "база данных",
      );
      const applied = new Set(rows.map((row) => row.migration_name));
      const missing = expected.filter((name) => !applied.has(name));
      migrations = missing.length
        ? { ok: false, problem: `не применены миграции (${missing.length} из ${expected.length}): ${missing.join(", ")}` }
        : { ok: true };
    } catch (error) {
      migrations = { ok: false, problem: `таблица миграций не читается: ${redact(describeFailure(error))}` };
    }
  }
  const messengers: ReadinessReport["checks"]["messengers"] = {};
  for (const monitor of monitors) {
    const health = monitor.health;
    const name = MESSENGER_NAME[monitor.messenger];
    let problem: string | undefined;
    if (health.state === "starting") problem = `${name}: ещё подключается, первого ответа не было`;
    if (health.state === "retrying") problem = `${name}: нет связи с ${health.since} (${redact(health.lastError)})`;
    if (health.state === "token refused") problem = `${name}: токен бота отклонён`;
    messengers[monitor.messenger] = problem ? { ok: false, state: health.state, problem } : { ok: true, state: health.state };
  }
  for (const check of [database, migrations, ...Object.values(messengers)]) if (check?.problem) problems.push(check.problem);
  return {
    status: problems.length ? "not ready" : "ready",
    ...(options.stopping ? { stopping: true as const } : {}),
    checks: { database, migrations, messengers },
    problems,
  };
}
