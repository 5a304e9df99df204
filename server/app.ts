// Wires one process: database (migrated), the messenger bots (Telegram, MAX or both), the HTTP
// server (Mini App + API + /healthz), the send queue and the scheduler. server/main.ts calls it with
// the environment; tests call it directly.
import { randomBytes } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { AddressInfo } from "node:net";
import { serve, type ServerType } from "@hono/node-server";
import { GrammyError, HttpError, type Bot } from "grammy";
import { MaxError } from "@maxhub/max-bot-api";
import pino from "pino";
import { DEFAULT_METHODOLOGY, MethodologySettingsSchema } from "../core/methodology/settings.ts";
import { planDiagnosticReminders } from "../core/services/reminders.ts";
import { commandList } from "../core/journeys/common.ts";
import type { BotDeps } from "../bot/context.ts";
import {
  createTelegramBot,
  setupTelegramMenus,
  telegramStartLink,
  type TelegramContext,
  type TelegramOptions,
} from "../bot/channels/telegram.ts";
import { createMaxBot, maxStartLink, setupMaxMenus, type MaxBot } from "../bot/channels/max.ts";
import { createApp } from "../miniapp/api/app.ts";
import { openDatabase, type Database } from "../prisma/db.ts";
import { migrate } from "../prisma/migrate.ts";
import { PrismaRepository } from "../prisma/repository.ts";
import type { Config } from "./config.ts";
import { mountAdminBridge } from "./admin-bridge.ts";
import { OutboxWorker, SendError, type Sender } from "./outbox.ts";
import { hourSlot, startScheduler } from "./scheduler.ts";

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
}

/** Retries a bot's first call (getMe) while the network is down; the HTTP side stays up meanwhile. */
async function untilReachable(name: string, init: () => Promise<unknown>, stopped: () => boolean, log: pino.Logger) {
  for (let attempt = 1; !stopped(); attempt++) {
    try {
      await init();
      return true;
    } catch (error) {
      log.error({ err: String(error), attempt }, `cannot reach the ${name} Bot API; retrying in 10 s`);
      await new Promise((resolve) => setTimeout(resolve, 10_000));
    }
  }
  return false;
}

export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const log = pino({ level: config.LOG_LEVEL, base: undefined });
  const started = performance.now();
  const db = options.db ?? (await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.dataDir }));
  const migration = await migrate(db);
  if (migration.applied.length) log.info({ applied: migration.applied }, "migrations applied");

  const repo = new PrismaRepository(db.prisma);
  const clock = options.clock ?? { now: () => new Date() };
  const settings = MethodologySettingsSchema.parse({ ...DEFAULT_METHODOLOGY, minRespondents: config.MIN_RESPONDENTS });
  const deps: BotDeps = {
    repo,
    clock,
    settings,
    randomBytes: (size) => randomBytes(size),
    publicUrl: config.PUBLIC_URL,
    timezone: config.TZ_DISTRICT,
    startLinks: {},
    log,
  };

  const telegram = config.BOT_TOKEN
    ? createTelegramBot(
        config.BOT_TOKEN,
        { ...deps, sessions: db.prisma.session },
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
    senders.telegram = async (chatId, text) => {
      try {
        await telegram.api.sendMessage(chatId, text);
      } catch (error) {
        if (error instanceof GrammyError) {
          throw new SendError({ code: error.error_code, retryAfterSeconds: error.parameters.retry_after, description: error.description });
        }
        if (error instanceof HttpError) throw new SendError({ description: error.message });
        throw error;
      }
    };
  }
  if (max) {
    senders.max = async (chatId, text) => {
      try {
        await max.bot.api.sendMessageToChat(Number(chatId), text);
      } catch (error) {
        if (error instanceof MaxError) throw new SendError({ code: error.status, description: error.description });
        throw new SendError({ description: String(error) });
      }
    };
  }
  const outbox = new OutboxWorker(db, senders, { log });

  const app = createApp({
    repo,
    clock,
    settings,
    tokens: { telegram: config.BOT_TOKEN, max: config.MAX_BOT_TOKEN },
    botUsername: () => (telegram?.isInited() ? telegram.botInfo.username : null),
    initDataMaxAgeSeconds: Math.round(config.INIT_DATA_MAX_AGE_HOURS * 3600),
    demo: options.demoPeople !== undefined,
    demoPeople: options.demoPeople,
    staticDir: WEB_DIST,
    health: async () => {
      await db.query("SELECT 1");
      return { database: "ok", kind: db.kind };
    },
    log,
  });
  const adminToken = randomBytes(24).toString("hex");
  mountAdminBridge(app, db.prisma, adminToken);
  const server: ServerType = await new Promise((resolve) => {
    const instance = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, () => resolve(instance));
  });
  const address = server.address() as AddressInfo;
  const url = `http://${config.HOST === "0.0.0.0" ? "127.0.0.1" : config.HOST}:${address.port}`;
  db.announce?.({ adminUrl: url, adminToken });

  let stopped = false;
  const running: Promise<unknown>[] = [];
  if (options.polling !== false && telegram) {
    running.push(
      (async () => {
        if (!(await untilReachable("Telegram", () => telegram.init(), () => stopped, log))) return;
        deps.startLinks.telegram = telegramStartLink(telegram.botInfo.username);
        await setupTelegramMenus(telegram, deps);
        log.info({ bot: telegram.botInfo.username }, "telegram polling");
        await telegram.start({ drop_pending_updates: false });
      })().catch((error) => log.error({ err: String(error) }, "telegram bot stopped with an error")),
    );
  }
  if (options.polling !== false && max) {
    running.push(
      (async () => {
        const info = await untilReachable("MAX", async () => (max.bot.botInfo ??= await max.bot.api.getMyInfo()), () => stopped, log);
        if (!info || !max.bot.botInfo) return;
        if (max.bot.botInfo.username) deps.startLinks.max = maxStartLink(max.bot.botInfo.username);
        // One command list per MAX bot: every role's commands; /help says which are whose.
        await setupMaxMenus(max.bot, deps, commandList(["district", "head", "teacher", "mentor"], Boolean(telegram)));
        log.info({ bot: max.bot.botInfo.username }, "max polling");
        // start() first clears webhook subscriptions; a failure there (network) is retried like getMe.
        while (!stopped) {
          try {
            await max.bot.start();
            return;
          } catch (error) {
            log.error({ err: String(error) }, "MAX polling failed to start; retrying in 10 s");
            await new Promise((resolve) => setTimeout(resolve, 10_000));
          }
        }
      })().catch((error) => log.error({ err: String(error) }, "max bot stopped with an error")),
    );
  }

  outbox.start();
  const scheduler =
    options.scheduler === false
      ? undefined
      : startScheduler(
          db,
          [
            {
              name: "diagnostic-reminders",
              schedule: "5 * * * *",
              slot: hourSlot,
              run: async () => JSON.stringify(await planDiagnosticReminders({ repo, clock })),
            },
          ],
          log,
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
    close: async () => {
      if (stopped) return;
      stopped = true;
      if (telegram?.isRunning()) await telegram.stop();
      max?.bot.stopPolling();
      await Promise.race([Promise.all(running), new Promise((resolve) => setTimeout(resolve, 5000))]);
      await scheduler?.stop();
      await outbox.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (!options.db) await db.close();
      log.info("stopped");
    },
  };
}
