// Wires one process: database (migrated), the messenger bots (Telegram, MAX or both), the HTTP
// server (Mini App + API + /healthz), the send queue and the scheduler. server/main.ts calls it with
// the environment; tests call it directly.
import { ROLES } from "../core/roles.ts";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { serve, type ServerType } from "@hono/node-server";
import { Api, type Bot } from "grammy";
import pino from "pino";
import { DEFAULT_METHODOLOGY, MethodologySettingsSchema } from "../core/methodology/settings.ts";
import { commandList } from "../core/journeys/registry.ts";
import type { BotDeps } from "../bot/context.ts";
import {
  createTelegramBot,
  isTelegramTokenRefused,
  pollTelegram,
  setupTelegramMenus,
  telegramStartLink,
  type TelegramContext,
  type TelegramOptions,
} from "../bot/channels/telegram.ts";
import { createMaxBot, isMaxTokenRefused, maxStartLink, pollMax, setupMaxMenus, type MaxBot } from "../bot/channels/max.ts";
import { retryDelayMs } from "../bot/channels/polling.ts";
import { createApp } from "../miniapp/api/app.ts";
import { openDatabase, type Database } from "../prisma/db.ts";
import { migrate } from "../prisma/migrate.ts";
import { PrismaRepository } from "../prisma/repository.ts";
import { PrismaAdminRepository } from "../prisma/admin.ts";
import { PrismaUpdateLog } from "../prisma/processed-updates.ts";
import { identificationContext } from "../prisma/identification.ts";
import { surveysContext } from "../prisma/surveys.ts";
import { managementContext } from "../prisma/management.ts";
import { networkContext } from "../prisma/network.ts";
import { diskFileStore } from "../files/store.ts";
import { s3FileStore, s3OptionsFrom } from "../files/s3-store.ts";
import { riskCardNoticesJob } from "./risk-profile-job.ts";
import { managementJobs } from "./management-jobs.ts";
import { networkJobs } from "./network-jobs.ts";
import { healthReport, MessengerMonitor, readinessReport } from "./health.ts";
import { Observability } from "./observability.ts";
import { serverText, StartupError, type Messenger } from "./messages.ts";
import type { Config } from "./config.ts";
import { startAdminBridge } from "./admin-bridge.ts";
import { maxSender, OutboxWorker, telegramSender, type Sender } from "./outbox.ts";
import { campaignNoticesJob, startScheduler } from "./scheduler.ts";
import { summaryWorkbook } from "../files/summary-xlsx.ts";
import { PrismaAuditRepository } from "../prisma/audit.ts";
import { auditMiddleware } from "../miniapp/api/audit.ts";
import { auditRetentionJob } from "./audit-jobs.ts";
import { createWebhooks, registerMaxWebhook, registerTelegramWebhook, webhookRoutes, type WebhookInbox } from "./webhooks.ts";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const WEB_DIST = path.join(ROOT, "miniapp", "web", "dist");

export interface RunningServer {
  url: string;
  db: Database;
  telegram: Bot<TelegramContext> | undefined;
  max: MaxBot | undefined;
  deps: BotDeps;
  repo: PrismaRepository;
  outbox: OutboxWorker;
  /** Each polled messenger's state, as /healthz reports it. */
  messengers: MessengerMonitor[];
  /** Settles with a Russian message when the server cannot go on (a token refused while running). */
  fatal: Promise<string>;
  /** #16 webhook mode: the durable inbox of this instance (server/webhooks.ts). */
  webhooks?: WebhookInbox;
  close(): Promise<void>;
}

export interface StartOptions {
  /** Pre-opened database (tests, demo); otherwise opened from the config. */
  db?: Database;
  telegram?: TelegramOptions;
  max?: Parameters<typeof createMaxBot>[2];
  /** Long polling; off in tests that feed updates themselves. */
  polling?: boolean;
  scheduler?: boolean;
  clock?: { now(): Date };
  /**
   * Demo sign-in (`npm run demo` only): never read from the environment, so a production start
   * cannot switch it on by a stray variable.
   */
  demoPeople?: () => Promise<Array<{ personId: string; label: string }>>;
  /** How long start-up waits for the messengers' first answer before reporting (default 5 s). */
  firstContactMs?: number;
  /** Pause between polling retries (tests shorten it). */
  retryDelayMs?: (attempt: number) => number;
  /** Where the log goes (default stdout; tests read it). */
  logDestination?: pino.DestinationStream;
}

/** Longest string a log line may carry: what people type is never logged, and nothing makes a 100 KB line. */
const LOG_STRING_LIMIT = 4000;
function capStrings(object: Record<string, unknown>): Record<string, unknown> {
  const capped: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) {
    capped[key] = typeof value === "string" && value.length > LOG_STRING_LIMIT ? `[${value.length} символов не записаны]` : value;
  }
  return capped;
}

/** The HTTP listener, or one Russian line when the port is taken or not allowed. */
function listen(app: { fetch: Parameters<typeof serve>[0]["fetch"] }, port: number, host: string): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const instance = serve({ fetch: app.fetch, port, hostname: host }, () => resolve(instance));
    instance.once("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE") reject(new StartupError(serverText.portBusy(port, host)));
      else if (error.code === "EACCES") reject(new StartupError(serverText.portDenied(port)));
      else reject(error);
    });
  });
}

export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  // #16: metrics, readiness and the log context (request / update id in every line) of this instance.
  const observability = new Observability();
  const logOptions: pino.LoggerOptions = { level: config.LOG_LEVEL, base: undefined, formatters: { log: capStrings }, mixin: observability.logFields };
  const log = options.logDestination ? pino(logOptions, options.logDestination) : pino(logOptions);
  const started = performance.now();
  const db =
    options.db ??
    (await openDatabase({
      databaseUrl: config.DATABASE_URL,
      dataDir: config.dataDir,
      timeoutSeconds: config.DATABASE_TIMEOUT_SECONDS,
      sharedBuffersMb: config.PGLITE_SHARED_BUFFERS_MB,
    }));
  if (db.sharedBuffersNotice) {
    log.warn({ reason: db.sharedBuffersNotice }, `Встроенная база работает со своими 128 МБ общих буферов вместо ${config.PGLITE_SHARED_BUFFERS_MB} МБ: процесс займёт примерно на 110 МБ памяти больше`);
  }
  let migration;
  try {
    migration = await migrate(db);
  } catch (error) {
    if (!options.db) await db.close().catch(() => undefined);
    throw error;
  }
  if (migration.applied.length) log.info({ applied: migration.applied }, "migrations applied");

  const repo = new PrismaRepository(db.prisma);
  const clock = options.clock ?? { now: () => new Date() };
  const settings = MethodologySettingsSchema.parse({ ...DEFAULT_METHODOLOGY, minRespondents: config.MIN_RESPONDENTS });
  const deps: BotDeps = {
    repo,
    clock,
    settings,
    randomBytes: (size) => randomBytes(size),
    summaryWorkbook,
    admin: new PrismaAdminRepository(db.prisma),
    publicUrl: config.PUBLIC_URL,
    timezone: config.TZ_DISTRICT,
    startLinks: {},
    log,
    updates: new PrismaUpdateLog(db.prisma, undefined, repo),
  };
  // Identification (#12): the same use cases for the bot, the API and the admin bridge. The file
  // readers (exceljs) load with the first file, not at start.
  const identification = identificationContext(db.prisma, { repo, admin: deps.admin!, clock });
  deps.identification = {
    ident: identification.ident,
    parseFile: identification.parseFile,
    readStaffWorkbook: identification.readStaffWorkbook,
    dataTemplate: async (kind) => (await import("../files/identification/index.ts")).dataTemplate(kind),
  };

  // #13: instruments, campaigns, anonymous respondents, risk profile, routes.
  deps.surveys = surveysContext(db.prisma);
  // #14: recommendations, roadmaps, decisions, calendar, broadcasts, reports; files in the data folder.
  const s3 = s3OptionsFrom(config);
  const files = s3 ? s3FileStore(s3) : diskFileStore(path.join(config.dataDir, "files"));
  deps.management = managementContext(db.prisma, files);
  // #15: assignments and pairs, visits, seminars and events, library, programmes, meetings, counts, reserve.
  deps.network = networkContext(db.prisma, files);

  const telegram = config.BOT_TOKEN
    ? createTelegramBot(
        config.BOT_TOKEN,
        deps,
        {
          ...options.telegram,
          client: { ...(config.TELEGRAM_API_ROOT ? { apiRoot: config.TELEGRAM_API_ROOT } : {}), ...options.telegram?.client },
        },
      )
    : undefined;
  const max = config.MAX_BOT_TOKEN
    ? createMaxBot(config.MAX_BOT_TOKEN, deps, {
        ...options.max,
        clientOptions: { ...(config.MAX_API_ROOT ? { baseUrl: config.MAX_API_ROOT } : {}), ...options.max?.clientOptions },
      })
    : undefined;
  if (telegram?.isInited()) deps.startLinks.telegram = telegramStartLink(telegram.botInfo.username);
  if (max?.bot.botInfo?.username) deps.startLinks.max = maxStartLink(max.bot.botInfo.username);

  // Per-channel senders for the queue; errors become the queue's delivery decisions.
  const senders: Partial<Record<"telegram" | "max", Sender>> = {};
  if (telegram) {
    // The queue's own Api, without auto-retry: a 429 reaches the queue, which records it, pauses
    // the channel and reschedules the row, instead of one call sleeping retry_after in place.
    const queueApi = new Api(config.BOT_TOKEN!, {
      timeoutSeconds: 45,
      ...(config.TELEGRAM_API_ROOT ? { apiRoot: config.TELEGRAM_API_ROOT } : {}),
      ...options.telegram?.client,
    });
    senders.telegram = telegramSender(queueApi, config.PUBLIC_URL);
  }
  if (max) senders.max = maxSender(max.bot, config.PUBLIC_URL, options.max?.clientOptions?.fetch);
  const outbox = new OutboxWorker(db, senders, { log, files, perSecond: config.SEND_RATE_PER_SECOND, observer: observability.outbox });

  // #16 extension points, one block per part: webhooks (server/webhooks.ts), /readyz and /metrics
  // (server/observability.ts), the audit log (miniapp/api/audit.ts).
  const serverRoutes: NonNullable<Parameters<typeof createApp>[0]["serverRoutes"]> = [];
  // ---- #16 webhooks ----
  const webhooks =
    config.BOT_MODE === "webhook"
      ? createWebhooks({
          db,
          databaseUrl: config.DATABASE_URL,
          telegram,
          telegramToken: config.BOT_TOKEN,
          max,
          maxToken: config.MAX_BOT_TOKEN,
          configuredSecret: config.WEBHOOK_SECRET,
          updates: deps.updates,
          log,
        })
      : undefined;
  serverRoutes.push((routes) => webhookRoutes(routes, webhooks));
  // ---- #16 observability ----
  // The bots hold this same update log: handleOnce counts, times and log-tags each update through it.
  if (deps.updates) deps.updates.observer = observability.turns;
  observability.watchOutbox(db, Object.keys(senders), config.SEND_RATE_PER_SECOND, log);
  if (webhooks) observability.watchInbox(db);
  serverRoutes.push(
    // Not ready from the moment close() starts, so a load balancer drains this instance first.
    observability.routes({ metricsToken: config.METRICS_TOKEN, readiness: () => readinessReport(db, monitors, { stopping: stopped }), log }),
  );
  const requestMiddleware = observability.requestMiddleware;
  // ---- #16 audit ----
  const audit = new PrismaAuditRepository(db.prisma);
  const auditHook = auditMiddleware({ audit, clock, log });
  deps.audit = audit;
  // ---- end #16 ----
  const app = createApp({
    serverRoutes,
    audit, auditMiddleware: auditHook,
    requestMiddleware,
    repo,
    admin: new PrismaAdminRepository(db.prisma),
    ident: identification.ident,
    surveys: deps.surveys,
    management: deps.management,
    network: deps.network,
    clock,
    settings,
    tokens: { telegram: config.BOT_TOKEN, max: config.MAX_BOT_TOKEN },
    publicUrl: config.PUBLIC_URL,
    botUsername: () => (telegram?.isInited() ? telegram.botInfo.username : null),
    maxBotUsername: () => max?.bot.botInfo?.username ?? null,
    initDataMaxAgeSeconds: Math.round(config.INIT_DATA_MAX_AGE_HOURS * 3600),
    demo: options.demoPeople !== undefined,
    demoPeople: options.demoPeople,
    staticDir: WEB_DIST,
    health: async () => {
      const { databaseKind, ...report } = await healthReport(db, monitors, clock.now(), () => outbox.health());
      return { ...report, files: files.kind, kind: databaseKind };
    },
    log,
  });
  let server: ServerType;
  try {
    server = await listen(app, config.PORT, config.HOST);
  } catch (error) {
    if (!options.db) await db.close().catch(() => undefined);
    throw error;
  }
  const address = server.address() as AddressInfo;
  const url = `http://${config.HOST === "0.0.0.0" ? "127.0.0.1" : config.HOST}:${address.port}`;
  // The CLI's commands come through a listener of their own (a 0600 socket in the data folder), never the public port.
  const adminBridge = await startAdminBridge(db.prisma, {
    database: db,
    // Only a folder this database really lives in: a test's or the demo's database passed in may not.
    dataDir: db.dataDir,
    settings,
  });
  db.announce?.(adminBridge.owner);

  let stopped = false;
  let reportFatal: (message: string) => void = () => undefined;
  const fatal = new Promise<string>((resolve) => (reportFatal = resolve));
  const delay = options.retryDelayMs ?? retryDelayMs;
  const monitors: MessengerMonitor[] = [];
  const pollers: Array<{ stop(): Promise<unknown> | undefined }> = [];
  const firstContacts: Promise<unknown>[] = [];

  /**
   * First contact (getMe and the menus), retried until it works; then polling, which retries on its
   * own. A refused token (401/404) stops here with a Russian line that names the variable.
   */
  const connect = (messenger: Messenger, init: () => Promise<void>, tokenRefused: (error: unknown) => boolean, poll: ((monitor: MessengerMonitor) => { task: Promise<unknown>; stop(): Promise<unknown> | undefined }) | undefined) => {
    const monitor = new MessengerMonitor(messenger, log, () => clock.now(), reportFatal);
    monitors.push(monitor);
    if (options.polling === false) {
      monitor.off();
      return;
    }
    const first = (async () => {
      for (let attempt = 0; !stopped; attempt++) {
        try {
          await init();
          monitor.connected();
          return true;
        } catch (error) {
          if (stopped) return false;
          if (tokenRefused(error)) {
            monitor.tokenRefused(error);
            return false;
          }
          monitor.failed(error);
          await sleep(delay(attempt));
        }
      }
      return false;
    })();
    firstContacts.push(first);
    void first.then((ok) => {
      if (!ok || stopped || !poll) return;
      const poller = poll(monitor);
      pollers.push(poller);
      poller.task.catch((error) => {
        if (!tokenRefused(error)) log.error({ messenger, err: String(error) }, "polling stopped unexpectedly");
      });
    });
  };

  if (telegram) {
    connect(
      "telegram",
      async () => {
        // getMe directly: bot.init() retries network errors forever on its own, silently.
        if (!telegram.isInited()) telegram.botInfo = await telegram.api.getMe();
        // Webhook mode: every instance registers the same address and secret (idempotent). Polling:
        // a webhook left from another deployment makes every getUpdates fail with 409.
        if (webhooks?.telegram) await registerTelegramWebhook(telegram, config.PUBLIC_URL!, webhooks.telegram.secret);
        else await telegram.api.deleteWebhook();
        deps.startLinks.telegram = telegramStartLink(telegram.botInfo.username);
        await setupTelegramMenus(telegram, deps);
      },
      isTelegramTokenRefused,
      webhooks
        ? undefined
        : (monitor) =>
            pollTelegram(telegram, monitor, {
              retryDelayMs: delay,
              onHandlerError: (error) => log.error({ err: error instanceof Error ? error.stack : String(error) }, "telegram update failed"),
            }),
    );
  }
  if (max) {
    connect(
      "max",
      async () => {
        max.bot.botInfo ??= await max.bot.api.getMyInfo();
        // Webhook mode: our address with its secret, others removed. Polling gets nothing while a
        // webhook subscription exists.
        if (webhooks?.max) await registerMaxWebhook(max.bot.api, config.PUBLIC_URL!, webhooks.max.secret);
        else for (const subscription of await max.bot.api.getSubscriptions()) await max.bot.api.unsubscribe(subscription.url);
        if (max.bot.botInfo.username) deps.startLinks.max = maxStartLink(max.bot.botInfo.username);
        // One command list per MAX bot: every role's commands; /help says which are whose.
        await setupMaxMenus(max.bot, deps, commandList(ROLES, Boolean(telegram)));
      },
      isMaxTokenRefused,
      webhooks ? undefined : (monitor) => pollMax(max, monitor, { retryDelayMs: delay }),
    );
  }
  // Report the truth at start: wait briefly for each messenger's first answer (a refused token ends
  // the start; an unreachable API is retried in the background and shown as such).
  await Promise.race([Promise.all(firstContacts), sleep(options.firstContactMs ?? 5000)]);
  const refused = monitors.find((monitor) => monitor.health.state === "token refused");
  if (refused) {
    stopped = true;
    await adminBridge.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    if (!options.db) await db.close().catch(() => undefined);
    throw new StartupError(refused.refusal!);
  }

  outbox.start();
  webhooks?.inbox.start();
  const scheduler =
    options.scheduler === false
      ? undefined
      : startScheduler(
          db,
          // Invitations and reminders of every campaign, the diagnostic's daily reminder included (#13).
          [
            campaignNoticesJob({ admin: deps.admin!, repo }),
            // The head's risk profile after the school's card is filled in (#13 §6).
            riskCardNoticesJob({ repo, admin: deps.admin!, surveys: deps.surveys!, settings }),
            // Roadmap executors' reminders and escalation, the monitoring calendar (#14).
            ...managementJobs({ repo, admin: deps.admin!, management: deps.management!, settings }),
            // Event reminders of the network around the schools (#15).
            ...networkJobs({ repo, admin: deps.admin!, network: deps.network!, settings }),
            auditRetentionJob({ audit, retentionDays: config.AUDIT_RETENTION_DAYS }),
          ],
          log,
          { observer: observability.jobs },
        );

  log.info(
    { url, database: db.kind, channels: Object.keys(senders), startMs: Math.round(performance.now() - started) },
    "started",
  );
  return {
    url,
    db,
    telegram,
    max,
    deps,
    repo,
    outbox,
    messengers: monitors,
    fatal,
    webhooks: webhooks?.inbox,
    // Bounded whatever the network does: polling is aborted, a send stuck on an unreachable API is
    // not waited for past a few seconds, open HTTP connections are cut.
    close: async () => {
      if (stopped) return;
      stopped = true;
      const within = (promise: Promise<unknown> | undefined, ms: number) => Promise.race([promise?.catch(() => undefined), sleep(ms)]);
      await within(Promise.all(pollers.map((poller) => poller.stop())), 3000);
      await within(scheduler?.stop(), 1000);
      await within(outbox.stop(), 3000);
      const http = server as import("node:http").Server;
      http.closeIdleConnections?.();
      setTimeout(() => http.closeAllConnections?.(), 500).unref();
      await within(new Promise<void>((resolve) => server.close(() => resolve())), 1500);
      await within(webhooks?.inbox.stop(), 3500);
      await within(adminBridge.close(), 500);
      if (!options.db) await within(db.close(), 2000);
      log.info("stopped");
    },
  };
}
