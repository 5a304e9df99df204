// Operations (#16): Prometheus metrics at /metrics, readiness at /readyz, and the log context that
// gives every log line written during an HTTP request its request id and during a bot update its
// update id. One Observability per server instance (tests start several servers in one process,
// so nothing here touches prom-client's global registry).
//
// What is counted, and where:
// - bot updates (handled / duplicate / error) and the answer turn's duration: bot/context.ts
//   handleOnce, through UpdateLog.observer — the path of both messengers in both modes;
// - queued messages sent, 429s, blocked recipients, failures: server/outbox.ts (OutboxObserver);
//   the queue's depth is counted in the database at scrape time; the configured send limit is a gauge;
// - job runs and durations: server/scheduler.ts (JobObserver);
// - HTTP requests by route pattern (never the raw path, so no ids in labels) and status class.
import { AsyncLocalStorage } from "node:async_hooks";
import { createHash, randomUUID, timingSafeEqual } from "node:crypto";
import type { Hono, MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { UpdateObserver, UpdateOutcome } from "../bot/context.ts";
import type { Database } from "../prisma/db.ts";
import type { JobObserver } from "./scheduler.ts";
import type { OutboxObserver } from "./outbox.ts";
import type { ReadinessReport } from "./health.ts";

/** Every metric's name starts with this. */
export const METRIC_PREFIX = "shnor_";

/** What a log line carries about where it was written. */
export interface LogFields {
  /** The HTTP request (X-Request-Id, given or generated). */
  requestId?: string;
  /** The bot update, "<channel>:<update key>" (e.g. "telegram:61001"). */
  update?: string;
}

/** An incoming X-Request-Id is taken as it is only when it looks like an id. */
const SANE_REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/** Answer turns: from 1 ms (a cached button press) to 5 s (a turn that reads a file). */
const TURN_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
/** Scheduled jobs: from a no-op to several minutes (a region-wide reminder round). */
const JOB_BUCKETS = [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300, 900];
/** Queue states counted for the depth gauge (the rows still to be sent). */
const QUEUED_STATES = ["pending", "sending"] as const;
const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

type Log = { warn(obj: object, msg?: string): void; info(obj: object, msg?: string): void };

/**
 * prom-client's process metrics (RSS, heap, event loop lag, GC, handles) describe the process, not
 * an instance: collected once per process in a registry of their own (each collection keeps an
 * event-loop-delay timer and a GC observer running for good), and appended to every instance's
 * scrape. Still not prom-client's global registry.
 */
let processRegistry: Registry | undefined;
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry, prefix: METRIC_PREFIX });
  }
  return processRegistry;
}

export class Observability {
  readonly registry = new Registry();
  private readonly context = new AsyncLocalStorage<LogFields>();

  private readonly updates = new Counter({
    name: `${METRIC_PREFIX}bot_updates_total`,
    help: "Updates handled by the bot, by messenger and outcome (handled, duplicate = a redelivery, error).",
    labelNames: ["channel", "outcome"] as const,
    registers: [this.registry],
  });
  private readonly turnSeconds = new Histogram({
    name: `${METRIC_PREFIX}bot_turn_seconds`,
    help: "Answer turn: from the update's claim to the end of its answer, by messenger (handled updates only).",
    labelNames: ["channel"] as const,
    buckets: TURN_BUCKETS,
    registers: [this.registry],
  });
  private readonly queued = new Gauge({
    name: `${METRIC_PREFIX}outbox_queued_messages`,
    help: "Send queue depth: rows not yet sent, by messenger and state (pending, sending); counted in the database at scrape time, all instances.",
    labelNames: ["channel", "state"] as const,
    registers: [this.registry],
    collect: () => this.countQueued(),
  });
  private readonly inbox = new Gauge({
    name: `${METRIC_PREFIX}webhook_inbox_updates`,
    help: "Webhook mode: updates stored and not yet handled (state=pending; oldest_seconds = age of the oldest), all instances; counted in the database at scrape time.",
    labelNames: ["state"] as const,
    registers: [this.registry],
    collect: () => this.countInbox(),
  });
  /** Where the webhook inbox is counted (set by watchInbox in webhook mode). */
  private inboxDb: Pick<Database, "query"> | undefined;
  private readonly sent = new Counter({
    name: `${METRIC_PREFIX}outbox_sent_total`,
    help: "Queued messages sent by this instance, by messenger (rate() of it is the send rate).",
    labelNames: ["channel"] as const,
    registers: [this.registry],
  });
  private readonly rateLimited = new Counter({
    name: `${METRIC_PREFIX}outbox_rate_limited_total`,
    help: "Sends the messenger refused with 429 (too many requests), by messenger.",
    labelNames: ["channel"] as const,
    registers: [this.registry],
  });
  private readonly blocked = new Counter({
    name: `${METRIC_PREFIX}outbox_blocked_recipients_total`,
    help: "Sends that found the recipient had blocked the bot (403), by messenger.",
    labelNames: ["channel"] as const,
    registers: [this.registry],
  });
  private readonly failures = new Counter({
    name: `${METRIC_PREFIX}outbox_send_failures_total`,
    help: "Failed sends by messenger and what became of the row (retry = tried again later, failed = given up, blocked).",
    labelNames: ["channel", "decision"] as const,
    registers: [this.registry],
  });
  private readonly lateSlots = new Counter({
    name: `${METRIC_PREFIX}outbox_late_slots_total`,
    help: "Send slots given up because the send would have left more than 40 ms after its slot (a busy event loop), by messenger.",
    labelNames: ["channel"] as const,
    registers: [this.registry],
  });
  private readonly sendLimit = new Gauge({
    name: `${METRIC_PREFIX}outbox_send_limit_per_second`,
    help: "Configured send limit per messenger, all instances together (SEND_RATE_PER_SECOND); share of the limit = sum(rate(shnor_outbox_sent_total[1m])) / this.",
    labelNames: ["channel"] as const,
    registers: [this.registry],
  });
  private readonly jobRuns = new Counter({
    name: `${METRIC_PREFIX}job_runs_total`,
    help: "Scheduled job firings by job and result (ran; skipped = the slot was taken, another instance has it; failed).",
    labelNames: ["job", "result"] as const,
    registers: [this.registry],
  });
  private readonly jobSeconds = new Histogram({
    name: `${METRIC_PREFIX}job_duration_seconds`,
    help: "Duration of scheduled job runs (ran or failed), by job.",
    labelNames: ["job"] as const,
    buckets: JOB_BUCKETS,
    registers: [this.registry],
  });
  private readonly httpRequests = new Counter({
    name: `${METRIC_PREFIX}http_requests_total`,
    help: "HTTP requests by method, route pattern (never the raw path) and status class.",
    labelNames: ["method", "route", "status"] as const,
    registers: [this.registry],
  });
  /** Where the queue's depth is counted (set by watchOutbox). */
  private queue: { db: Pick<Database, "query">; channels: string[]; log?: Log } | undefined;

  constructor() {
    processMetrics();
  }

  /** The text format of this instance's metrics and the process's. */
  async metricsText(): Promise<string> {
    const [own, process] = await Promise.all([this.registry.metrics(), processMetrics().metrics()]);
    return `${own}\n${process}`;
  }

  /** pino's `mixin`: the request or update id of the code that writes the line (a copy: pino merges into it). */
  readonly logFields = (): LogFields => {
    const fields = this.context.getStore();
    return fields ? { ...fields } : {};
  };

  /** Runs `task` with `fields` added to every log line written inside it. */
  withLogFields<T>(fields: LogFields, task: () => T): T {
    return this.context.run({ ...this.context.getStore(), ...fields }, task);
  }

  /** For handleOnce (bot/context.ts), set as the update log's observer. */
  readonly turns: UpdateObserver = {
    within: (update, task) => this.withLogFields({ update }, task),
    handled: (channel: string, outcome: UpdateOutcome, seconds: number) => {
      this.updates.inc({ channel, outcome });
      if (outcome === "handled") this.turnSeconds.observe({ channel }, seconds);
    },
  };

  /** For the send queue (server/outbox.ts). */
  readonly outbox: OutboxObserver = {
    sent: (channel) => this.sent.inc({ channel }),
    lateSlot: (channel) => this.lateSlots.inc({ channel }),
    failed: (channel, decision, rateLimited) => {
      this.failures.inc({ channel, decision: decision === "pending" ? "retry" : decision });
      if (rateLimited) this.rateLimited.inc({ channel });
      if (decision === "blocked") this.blocked.inc({ channel });
    },
  };

  /** For the scheduler (server/scheduler.ts). */
  readonly jobs: JobObserver = {
    job: (name, result, seconds) => {
      this.jobRuns.inc({ job: name, result });
      if (seconds !== undefined) this.jobSeconds.observe({ job: name }, seconds);
    },
  };

  /**
   * The queue's depth, counted in the database at each scrape (one grouped count over the
   * (state, nextAttemptAt) index), and the configured limit of each messenger this process sends to.
   * Every channel × state is reported, 0 included, so a drained queue shows 0, not a gap.
   */
  watchOutbox(db: Pick<Database, "query">, channels: string[], perSecond: number, log?: Log): void {
    this.queue = { db, channels, log };
    for (const channel of channels) this.sendLimit.set({ channel }, perSecond);
  }

  /** Webhook mode: count the inbox (InboundUpdate) at each scrape. */
  watchInbox(db: Pick<Database, "query">): void {
    this.inboxDb = db;
  }

  private async countInbox(): Promise<void> {
    this.inbox.reset();
    if (!this.inboxDb) return;
    try {
      const [row] = await this.inboxDb.query<{ n: number | string; oldest: number | string | null }>(
        `SELECT count(*) AS n, EXTRACT(EPOCH FROM (now() AT TIME ZONE 'UTC') - min("receivedAt")) AS oldest FROM "InboundUpdate" WHERE "handledAt" IS NULL`,
      );
      this.inbox.set({ state: "pending" }, Number(row?.n ?? 0));
      this.inbox.set({ state: "oldest_seconds" }, Math.max(0, Number(row?.oldest ?? 0)));
    } catch (error) {
      this.queue?.log?.warn({ err: String(error) }, "metrics: webhook inbox not counted");
    }
  }

  private async countQueued(): Promise<void> {
    this.queued.reset();
    if (!this.queue) return;
    const { db, channels, log } = this.queue;
    let rows: Array<{ channel: string; state: string; n: number | string }>;
    try {
      rows = await db.query(`SELECT channel, state, count(*) AS n FROM "Outbox" WHERE state IN ('pending', 'sending') GROUP BY channel, state`);
    } catch (error) {
      // The scrape goes on without the depth (no made-up zeros); /readyz says what is wrong.
      log?.warn({ err: String(error) }, "metrics: outbox depth not counted");
      return;
    }
    for (const channel of channels) for (const state of QUEUED_STATES) this.queued.set({ channel, state }, 0);
    for (const row of rows) this.queued.set({ channel: row.channel, state: row.state }, Number(row.n));
  }

  /**
   * Every HTTP request: an id (a sane incoming X-Request-Id, else a new one) echoed in the
   * response's X-Request-Id and carried by every log line written while it is handled; counted by
   * route pattern and status class once answered.
   */
  readonly requestMiddleware: MiddlewareHandler = async (c, next) => {
    const incoming = c.req.header("x-request-id");
    const requestId = incoming && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    await this.withLogFields({ requestId }, () => next());
    try {
      c.res.headers.set("X-Request-Id", requestId);
    } catch {
      // A response with immutable headers (a fetched one): copy it to set the header.
      c.res = new Response(c.res.body, c.res);
      c.res.headers.set("X-Request-Id", requestId);
    }
    const method = METHODS.has(c.req.method) ? c.req.method : "OTHER";
    // The pattern of the handler that answered ("/api/schools/:id"; "*" for the static files).
    this.httpRequests.inc({ method, route: routePath(c) || "unmatched", status: `${Math.floor(c.res.status / 100)}xx` });
  };

  /**
   * /readyz and /metrics. /metrics answers only `Authorization: Bearer <METRICS_TOKEN>` (compared
   * in constant time); without the setting it does not exist (404).
   */
  routes(options: { metricsToken: string | undefined; readiness: () => Promise<ReadinessReport>; log?: Log }): (app: Hono<any>) => void {
    const expected = options.metricsToken ? digest(options.metricsToken) : null;
    let lastStatus: ReadinessReport["status"] | undefined;
    return (app) => {
      app.get("/readyz", async (c) => {
        let report: ReadinessReport;
        try {
          report = await options.readiness();
        } catch (error) {
          report = {
            status: "not ready",
            checks: { database: { ok: false, problem: "проверка не выполнена" }, migrations: { ok: false }, messengers: {} },
            problems: ["сервер ещё запускается или проверка готовности не удалась"],
          };
          options.log?.warn({ err: String(error) }, "readiness check failed");
        }
        // Changes only: a probe every few seconds would otherwise fill the log.
        if (report.status !== lastStatus) {
          if (report.status === "ready") options.log?.info({}, "ready");
          else options.log?.warn({ problems: report.problems }, "not ready");
          lastStatus = report.status;
        }
        c.header("Cache-Control", "no-store");
        return c.json(report, report.status === "ready" ? 200 : 503);
      });
      app.get("/metrics", async (c) => {
        if (!expected) return c.json({ error: "not_found" }, 404);
        const header = c.req.header("authorization") ?? "";
        const given = header.startsWith("Bearer ") ? header.slice("Bearer ".length).trim() : "";
        if (!given || !timingSafeEqual(digest(given), expected)) {
          c.header("WWW-Authenticate", 'Bearer realm="metrics"');
          return c.json({ error: "unauthorized" }, 401);
        }
        const text = await this.metricsText();
        c.header("Content-Type", this.registry.contentType);
        c.header("Cache-Control", "no-store");
        return c.body(text);
      });
    };
  }
}

/** Fixed-length digests, so the comparison takes the same time whatever the length of the guess. */
const digest = (value: string) => createHash("sha256").update(value).digest();
