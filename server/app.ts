// Wires one process: database (migrated), Telegram bot, HTTP server (Mini App + API + /healthz),
// send queue and scheduler. server/main.ts calls it with the environment; tests call it directly.
import { randomBytes } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { AddressInfo } from "node:net";
import { serve, type ServerType } from "@hono/node-server";
import { GrammyError, HttpError, type Bot } from "grammy";
import pino from "pino";
import { DEFAULT_METHODOLOGY, MethodologySettingsSchema } from "../core/methodology/settings.ts";
import { planDiagnosticReminders } from "../core/services/reminders.ts";
import { createBot, type BotOptions } from "../bot/bot.ts";
import type { BotContext, BotDeps } from "../bot/context.ts";
import { setDefaultCommands } from "../bot/features/help.ts";
import { createApp } from "../miniapp/api/app.ts";
import { openDatabase, type Database } from "../prisma/db.ts";
import { migrate } from "../prisma/migrate.ts";
import { PrismaRepository } from "../prisma/repository.ts";
import type { Config } from "./config.ts";
import { mountAdminBridge } from "./admin-bridge.ts";
import { OutboxWorker, SendError } from "./outbox.ts";
import { hourSlot, startScheduler } from "./scheduler.ts";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const WEB_DIST = path.join(ROOT, "miniapp", "web", "dist");

export interface RunningServer {
  url: string;
  db: Database;
  bot: Bot<BotContext>;
  repo: PrismaRepository;
  outbox: OutboxWorker;
  close(): Promise<void>;
}

export interface StartOptions {
  /** Pre-opened database (tests); otherwise opened from the config. */
  db?: Database;
  bot?: BotOptions;
  /** Long polling; off in tests that feed updates with handleUpdate. */
  polling?: boolean;
  scheduler?: boolean;
  clock?: { now(): Date };
  /**
   * Demo sign-in (`npm run demo` only): never read from the environment, so a production start
   * cannot switch it on by a stray variable. Requires `demoPeople`.
   */
  demoPeople?: () => Promise<Array<{ personId: string; label: string }>>;
}

export async function startServer(config: Config & { BOT_TOKEN: string }, options: StartOptions = {}): Promise<RunningServer> {
  const log = pino({ level: config.LOG_LEVEL, base: undefined });
  const timings: Record<string, number> = {};
  const t0 = performance.now();
  const db = options.db ?? (await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.dataDir }));
  timings.openDatabase = Math.round(performance.now() - t0);
  const migration = await migrate(db);
  timings.migrate = Math.round(performance.now() - t0 - timings.openDatabase);
  if (migration.applied.length) log.info({ applied: migration.applied }, "migrations applied");

  const repo = new PrismaRepository(db.prisma);
  const clock = options.clock ?? { now: () => new Date() };
  const settings = MethodologySettingsSchema.parse({ ...DEFAULT_METHODOLOGY, minRespondents: config.MIN_RESPONDENTS });
  const deps: BotDeps = {
    repo,
    clock,
    settings,
    randomBytes: (size) => randomBytes(size),
    sessions: db.prisma.session,
    publicUrl: config.PUBLIC_URL,
    timezone: config.TZ_DISTRICT,
    log,
  };
  const bot = createBot(config.BOT_TOKEN, deps, {
    ...options.bot,
    client: { ...(config.TELEGRAM_API_ROOT ? { apiRoot: config.TELEGRAM_API_ROOT } : {}), ...options.bot?.client },
  });

  const sendTelegram = async (chatId: string, text: string) => {
    try {
      await bot.api.sendMessage(chatId, text);
    } catch (error) {
      if (error instanceof GrammyError) {
        throw new SendError({ code: error.error_code, retryAfterSeconds: error.parameters.retry_after, description: error.description });
      }
      if (error instanceof HttpError) throw new SendError({ description: error.message });
      throw error;
    }
  };
  const outbox = new OutboxWorker(db, { telegram: sendTelegram }, { log });

  const app = createApp({
    repo,
    clock,
    settings,
    botToken: config.BOT_TOKEN,
    botUsername: options.bot?.botInfo?.username ?? null,
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
  timings.http = Math.round(performance.now() - t0);

  let stopped = false;
  let polling: Promise<void> | undefined;
  if (options.polling !== false) {
    polling = (async () => {
      // getMe may fail while the network is down: keep the HTTP side up and retry.
      for (let attempt = 1; ; attempt++) {
        try {
          await bot.init();
          break;
        } catch (error) {
          log.error({ err: String(error), attempt }, "cannot reach the Telegram Bot API (getMe); retrying in 10 s");
          await new Promise((resolve) => setTimeout(resolve, 10_000));
          if (stopped) return;
        }
      }
      await setDefaultCommands(bot.api, log);
      if (config.PUBLIC_URL?.startsWith("https://")) {
        await bot.api
          .setChatMenuButton({ menu_button: { type: "web_app", text: "Приложение", web_app: { url: config.PUBLIC_URL } } })
          .catch((error) => log.warn({ err: String(error) }, "setChatMenuButton is not available; continuing"));
      }
      log.info({ bot: bot.botInfo.username }, "bot polling");
      await bot.start({ drop_pending_updates: false });
    })().catch((error) => log.error({ err: String(error) }, "bot stopped with an error"));
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

  log.info({ url, database: db.kind, timings }, "started");
  return {
    url,
    db,
    bot,
    repo,
    outbox,
    close: async () => {
      if (stopped) return;
      stopped = true;
      if (bot.isRunning()) await bot.stop();
      await polling;
      await scheduler?.stop();
      await outbox.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (!options.db) await db.close();
      log.info("stopped");
    },
  };
}
