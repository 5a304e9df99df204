// Webhook mode (#16): the messengers POST updates to /webhook/telegram and /webhook/max on any
// instance behind the load balancer. Each update is stored in the durable inbox (prisma/inbox.ts)
// and answered 200 once the insert is committed; then its chat is drained in the background:
//
// - each update once: the inbox's unique (channel, updateKey) makes a redelivery a no-op, and a
//   row is marked handled under the chat's lock;
// - each chat in order, across instances: one drain per chat per instance, and a PostgreSQL session
//   advisory lock per chat held on a connection of the inbox's own small pool (never Prisma's, so
//   locks cannot starve the handlers of connections). On PGlite (one process) an in-process lock
//   table per database is the lock;
// - a slow handler never holds the HTTP answer, and a crash after the 200 loses nothing: a sweeper
//   drains chats whose rows wait longer than a few seconds (an instance killed mid-drain releases
//   its advisory locks with its connections).
//
// ProcessedUpdate (handleOnce's claim) and re-drives: a row taken a second time (attempts > 1) was
// started before and did not finish: its handler failed (handleOnce has already released the claim)
// or its instance died mid-turn, leaving the claim behind. The claim is released before such a
// re-drive, so the update is handled rather than silently skipped as "handled before". The price is
// that a turn which had finished its writes just before the crash runs again: answers are upserts
// and the cursor moves to the same place, so at worst the person sees the same screen twice. Losing
// the person's answer would be worse.
import { createHmac, timingSafeEqual } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { Hono, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { Bot, BotError, webhookCallback, type Context } from "grammy";
import type { Update } from "grammy/types";
import type { Api as MaxApi } from "@maxhub/max-bot-api";
import type { Pool as PgPool, PoolClient as PgPoolClient } from "pg";
import { z } from "zod";
import { ru } from "../core/messages/bot.ts";
import type { UpdateLog } from "../bot/context.ts";
import type { TelegramContext } from "../bot/channels/telegram.ts";
import { updateKey as maxUpdateKey, type MaxBot, type RawUpdate } from "../bot/channels/max.ts";
import type { Database } from "../prisma/db.ts";
import {
  deleteHandled,
  hasPending,
  markFailed,
  markHandled,
  releaseChatLock,
  stalledChats,
  storeInbound,
  takeNext,
  tryChatLock,
  type InboundRow,
  type NewInbound,
  type Sql,
} from "../prisma/inbox.ts";

export const WEBHOOK_PATH = { telegram: "/webhook/telegram", max: "/webhook/max" } as const;
export const TELEGRAM_UPDATE_TYPES = ["message", "callback_query"] as const;
export const MAX_UPDATE_TYPES = ["bot_started", "message_created", "message_callback"] as const;
export const MAX_SECRET_HEADER = "X-Max-Bot-Api-Secret";
export const TELEGRAM_SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";
/** Bodies above this are refused with 413 (an update is a few kilobytes). */
export const WEBHOOK_BODY_LIMIT = 1024 * 1024;

/** Starts per update before it is given up (marked handled with its error, so the chat goes on). */
export const MAX_ATTEMPTS = 5;
const KEEP_HANDLED_MS = 24 * 3600_000;
const CLEANUP_EVERY_MS = 3600_000;

/**
 * The secret the messengers send with every webhook call: WEBHOOK_SECRET when set, otherwise
 * derived from the bot's token, so every instance computes the same one without sharing anything
 * (HMAC-SHA256, base64url: 43 characters of [A-Za-z0-9_-], as Telegram and MAX accept).
 */
export function webhookSecret(configured: string | undefined, botToken: string): string {
  return configured ?? createHmac("sha256", botToken).update("shnor webhook secret v1").digest("base64url");
}

export const webhookUrl = (publicUrl: string, messenger: keyof typeof WEBHOOK_PATH) =>
  new URL(WEBHOOK_PATH[messenger], publicUrl.replace(/\/?$/, "/")).toString();

const sameSecret = (given: string | undefined, expected: string) => {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
};

/** Telegram: the webhook with its secret and the two update kinds the bot serves. Idempotent. */
export async function registerTelegramWebhook(bot: Bot<TelegramContext>, publicUrl: string, secret: string): Promise<void> {
  await bot.api.setWebhook(webhookUrl(publicUrl, "telegram"), {
    secret_token: secret,
    allowed_updates: [...TELEGRAM_UPDATE_TYPES],
    max_connections: 40,
  });
}

/** MAX: other addresses unsubscribed (an old deployment), then ours with its secret. Idempotent. */
export async function registerMaxWebhook(api: MaxApi, publicUrl: string, secret: string): Promise<void> {
  const url = webhookUrl(publicUrl, "max");
  for (const subscription of await api.getSubscriptions()) {
    if (subscription.url !== url) await api.unsubscribe(subscription.url);
  }
  await api.subscribe(url, secret, [...MAX_UPDATE_TYPES]);
}

/** What the drain runs for one channel: the same handler as polling, and what to do when it gives up. */
export interface InboxHandler {
  handle(payload: unknown): Promise<void>;
  /** After the last attempt failed: tell the person (as polling's error handler does). Never throws. */
  giveUp(payload: unknown, error: unknown): Promise<void>;
}

type Log = {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
};

interface ChatLock {
  /** Statements of the drain (the lock's own connection on PostgreSQL). */
  sql: Sql;
  release(): Promise<void>;
}

interface LockProvider {
  tryLock(chatKey: string): Promise<ChatLock | null>;
  /** Drops every lock at once without a word to anyone (a crash). */
  abandon(): void;
  end(): Promise<void>;
}

/** PostgreSQL: session advisory locks on connections of a small dedicated pool. */
function advisoryLocks(databaseUrl: string, size: number, log: Log): LockProvider {
  // pg loads with the first drain, as in prisma/db.ts: an embedded database's process never needs it.
  let pool: Promise<PgPool> | undefined;
  const poolOf = () =>
    (pool ??= import("pg").then(({ default: pg }) => {
      const created = new pg.Pool({ connectionString: databaseUrl, max: size, connectionTimeoutMillis: 10_000, idleTimeoutMillis: 30_000 });
      // A broken idle connection is replaced; its locks went with it, which is what fail-over relies on.
      created.on("error", (error) => log.warn({ err: String(error) }, "inbox lock connection lost"));
      return created;
    }));
  const held = new Set<PgPoolClient>();
  return {
    async tryLock(chatKey) {
      const client = await (await poolOf()).connect();
      const sql: Sql = async (text, params) => (await client.query(text, params as unknown[])).rows;
      let locked = false;
      try {
        locked = await tryChatLock(sql, chatKey);
      } catch (error) {
        client.release(error as Error);
        throw error;
      }
      if (!locked) {
        client.release();
        return null;
      }
      held.add(client);
      let released = false;
      return {
        sql,
        release: async () => {
          if (released || !held.has(client)) return;
          released = true;
          held.delete(client);
          try {
            await releaseChatLock(sql, chatKey);
            client.release();
          } catch (error) {
            // The connection is gone, and the lock with it.
            client.release(error as Error);
          }
        },
      };
    },
    abandon() {
      // Destroying the connection ends the session: PostgreSQL releases its advisory locks.
      for (const client of held) client.release(new Error("inbox abandoned"));
      held.clear();
      void pool?.then((created) => created.end()).catch(() => undefined);
    },
    async end() {
      if (pool) await (await pool).end();
    },
  };
}

/** One lock table per database object: two instances in one process (tests) share it, as they share PGlite. */
const inProcessTables = new WeakMap<object, Set<string>>();

function inProcessLocks(db: Database): LockProvider {
  const table = inProcessTables.get(db) ?? new Set<string>();
  inProcessTables.set(db, table);
  const mine = new Set<string>();
  return {
    async tryLock(chatKey) {
      if (table.has(chatKey)) return null;
      table.add(chatKey);
      mine.add(chatKey);
      return {
        sql: (text, params) => db.query(text, params),
        release: async () => {
          if (!mine.delete(chatKey)) return;
          table.delete(chatKey);
        },
      };
    },
    abandon() {
      for (const chatKey of mine) table.delete(chatKey);
      mine.clear();
    },
    async end() {},
  };
}

/** A short reason for the log and the row: the error's kind and code, never what the person wrote. */
export function shortError(error: unknown): string {
  const cause = error instanceof BotError ? error.error : error;
  if (!(cause instanceof Error)) return typeof cause === "string" ? "error" : String(typeof cause);
  const code = (cause as { code?: unknown; error_code?: unknown; status?: unknown }).error_code ?? (cause as { code?: unknown }).code ?? (cause as { status?: unknown }).status;
  // Prisma's messages may quote the statement's arguments: only the name and code for them.
  if (/^Prisma/.test(cause.name) || /prisma/i.test(cause.constructor?.name ?? "")) return `${cause.name}${code ? ` ${String(code)}` : ""}`;
  const firstLine = cause.message.split("\n")[0]!.slice(0, 160);
  return `${cause.name}${code ? ` ${String(code)}` : ""}: ${firstLine}`;
}

export interface InboxOptions {
  db: Database;
  /** PostgreSQL's address for the lock pool; without it (PGlite) the in-process lock table. */
  lockDatabaseUrl?: string;
  handlers: Partial<Record<"telegram" | "max", InboxHandler>>;
  /** handleOnce's claims: released before a re-drive (see the top of this file). */
  updates?: UpdateLog;
  log: Log;
  /** Chats drained at once by this instance (and the lock pool's size). */
  concurrency?: number;
  sweepEveryMs?: number;
  /** Rows pending longer than this are another drain's that died (or never ran): the sweeper takes them. */
  stalledAfterMs?: number;
  /** Pause before attempt n + 1 after a failed attempt n. */
  backoffMs?: (attempt: number) => number;
}

/** The inbox of one instance: stores updates, drains chats, sweeps stalled ones, cleans up. */
export class WebhookInbox {
  private readonly locks: LockProvider;
  private readonly concurrency: number;
  private readonly active = new Map<string, { again: boolean; task: Promise<void> }>();
  private readonly waiting: Array<() => void> = [];
  private running = 0;
  private started = false;
  private stopping = false;
  private dead = false;
  private sweeper: NodeJS.Timeout | undefined;
  private lastCleanup = 0;
  private readonly stop$ = new AbortController();
  /** Counters for the bench and the tests. */
  readonly stats = { stored: 0, duplicates: 0, handled: 0, failedAttempts: 0, givenUp: 0, swept: 0 };

  constructor(private readonly options: InboxOptions) {
    this.concurrency = options.concurrency ?? 16;
    this.locks = options.lockDatabaseUrl && options.db.kind === "postgres"
      ? advisoryLocks(options.lockDatabaseUrl, this.concurrency, options.log)
      : inProcessLocks(options.db);
  }

  /** Stores one update (false: stored before, a redelivery) and, once started, drains its chat in the background. */
  async receive(update: NewInbound): Promise<boolean> {
    const fresh = await storeInbound((sql, params) => this.options.db.query(sql, params), update);
    if (fresh) this.stats.stored++;
    else this.stats.duplicates++;
    // After the answer has gone out: the drain's first statements would otherwise run before it.
    setImmediate(() => this.kick(update.chatKey));
    return fresh;
  }

  /** Sweeps at once (rows left by a previous run), then every few seconds. */
  start(): void {
    if (this.started || this.stopping) return;
    this.started = true;
    void this.sweep(0);
    this.sweeper = setInterval(() => void this.sweep(this.options.stalledAfterMs ?? 3000), this.options.sweepEveryMs ?? 2000);
    this.sweeper.unref();
  }

  /** Drains the chat unless this instance drains it already (then it looks again when done). */
  kick(chatKey: string): void {
    // A chat of a messenger this instance has no token for is left to the instances that have one.
    if (!this.started || this.stopping || !this.handlerOf(chatKey)) return;
    const current = this.active.get(chatKey);
    if (current) {
      current.again = true;
      return;
    }
    const state = { again: false, task: Promise.resolve() };
    this.active.set(chatKey, state);
    state.task = (async () => {
      try {
        for (let more = true; more && !this.stopping; ) {
          state.again = false;
          const drained = await this.withSlot(() => this.drainChat(chatKey));
          // Rows that arrived while the lock was held by us: the instance that stored them could not
          // take the lock, so the look after unlocking is ours (once; a failed lock ends it).
          more = state.again || (drained && !this.stopping && (await hasPending((sql, params) => this.options.db.query(sql, params), chatKey)));
        }
      } catch (error) {
        if (!this.dead) this.options.log.error({ err: shortError(error), chat: chatKey }, "inbox drain failed; the sweeper retries");
      } finally {
        this.active.delete(chatKey);
      }
    })();
  }

  /** Chat keys start with the channel ("telegram:<bot id>:<chat id>"). */
  private handlerOf(chatKey: string): InboxHandler | undefined {
    return this.options.handlers[chatKey.split(":")[0] as "telegram" | "max"];
  }

  private async withSlot<T>(task: () => Promise<T>): Promise<T> {
    while (this.running >= this.concurrency) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    try {
      return await task();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }

  /** Under the chat's lock: its pending rows in (seq, id) order, each handled and marked. False: another instance holds it. */
  private async drainChat(chatKey: string): Promise<boolean> {
    if (this.stopping) return false;
    const lock = await this.locks.tryLock(chatKey);
    if (!lock) return false;
    try {
      while (!this.stopping) {
        const row = await takeNext(lock.sql, chatKey);
        if (!row) break;
        if (this.dead) return true;
        await this.run(lock.sql, row);
      }
    } finally {
      if (!this.dead) await lock.release();
    }
    return true;
  }

  private async run(sql: Sql, row: InboundRow): Promise<void> {
    const handler = this.handlerOf(row.chatKey)!;
    // Started before and not finished (a failed attempt, or an instance that died mid-turn): the
    // turn runs again rather than being skipped by a claim left behind.
    if (row.attempts > 1) await this.options.updates?.release(row.channel, row.updateKey);
    try {
      await handler.handle(row.payload);
    } catch (error) {
      if (this.dead) return;
      const reason = shortError(error);
      this.stats.failedAttempts++;
      if (row.attempts >= MAX_ATTEMPTS) {
        this.stats.givenUp++;
        this.options.log.error({ channel: row.channel, update: row.updateKey, attempts: row.attempts, err: reason }, "webhook update given up after its last attempt");
        await markHandled(sql, row.id, reason);
        await handler.giveUp(row.payload, error).catch(() => undefined);
        return;
      }
      this.options.log.warn({ channel: row.channel, update: row.updateKey, attempts: row.attempts, err: reason }, "webhook update failed; retrying");
      await markFailed(sql, row.id, reason);
      // The chat waits (its order holds); the row is taken again after the pause.
      const backoff = this.options.backoffMs ?? ((attempt: number) => Math.min(250 * 2 ** (attempt - 1), 4000));
      await sleep(backoff(row.attempts), undefined, { signal: this.stop$.signal }).catch(() => undefined);
      return;
    }
    if (this.dead) return;
    await markHandled(sql, row.id);
    this.stats.handled++;
  }

  /** Drains chats whose rows wait longer than `olderThanMs`; deletes handled rows older than a day, hourly. */
  async sweep(olderThanMs: number): Promise<void> {
    if (this.stopping) return;
    const sql: Sql = (text, params) => this.options.db.query(text, params);
    try {
      for (const chatKey of await stalledChats(sql, olderThanMs)) {
        if (this.active.has(chatKey)) continue;
        this.stats.swept++;
        this.kick(chatKey);
      }
      if (Date.now() - this.lastCleanup > CLEANUP_EVERY_MS) {
        this.lastCleanup = Date.now();
        const deleted = await deleteHandled(sql, KEEP_HANDLED_MS);
        if (deleted) this.options.log.info({ deleted }, "inbox: handled updates older than a day deleted");
      }
    } catch (error) {
      if (!this.stopping) this.options.log.warn({ err: shortError(error) }, "inbox sweep failed; next one in a few seconds");
    }
  }

  /** Drains in progress (for tests and the bench). */
  get draining(): number {
    return this.active.size;
  }

  /** Takes no new drains, waits for running ones (bounded), releases the locks, ends the lock pool. */
  async stop(waitMs = 3000): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    clearInterval(this.sweeper);
    this.stop$.abort();
    await Promise.race([Promise.all([...this.active.values()].map((state) => state.task)), sleep(waitMs)]);
    // A drain still running past the bound: its lock goes with the pool (PostgreSQL ends the session).
    if (this.active.size) this.locks.abandon();
    else await Promise.race([this.locks.end().catch(() => undefined), sleep(1000)]);
  }

  /**
   * A crash, as far as this process can play one: no more statements from this inbox, its locks
   * dropped at once (PostgreSQL: the lock connections are destroyed). Tests of the fail-over use it.
   */
  abandon(): void {
    this.dead = true;
    this.stopping = true;
    clearInterval(this.sweeper);
    this.stop$.abort();
    this.locks.abandon();
  }
}

// ---- HTTP ----

const TelegramUpdateSchema = z.looseObject({ update_id: z.number().int().nonnegative() });

const MaxUserSchema = z.looseObject({ user_id: z.number().int() });
const MaxUpdateSchema = z.looseObject({
  update_type: z.string().min(1).max(64),
  timestamp: z.number().int().nonnegative(),
  chat_id: z.number().int().nullish(),
  user: MaxUserSchema.nullish(),
  message: z
    .looseObject({
      sender: MaxUserSchema.nullish(),
      recipient: z.looseObject({ chat_id: z.number().int().nullish() }).nullish(),
      body: z.looseObject({ mid: z.string().nullish() }).nullish(),
    })
    .nullish(),
  callback: z.looseObject({ callback_id: z.string().nullish(), user: MaxUserSchema.nullish() }).nullish(),
});

export interface WebhookSetup {
  inbox: WebhookInbox;
  telegram?: { bot: Bot<TelegramContext>; secret: string };
  max?: { bot: MaxBot; secret: string };
  log: Log;
}

/** The inbox and handlers of one instance in webhook mode (server/app.ts). */
export function createWebhooks(options: {
  db: Database;
  databaseUrl: string | undefined;
  telegram: Bot<TelegramContext> | undefined;
  telegramToken: string | undefined;
  max: MaxBot | undefined;
  maxToken: string | undefined;
  configuredSecret: string | undefined;
  updates: UpdateLog | undefined;
  log: Log;
  concurrency?: number;
}): WebhookSetup {
  const { telegram, max, log } = options;
  const handlers: InboxOptions["handlers"] = {};
  if (telegram) {
    handlers.telegram = {
      // The same handler as polling: the bot's middleware, sequentialize and handleOnce included.
      handle: async (payload) => {
        if (!telegram.isInited()) telegram.botInfo = await telegram.api.getMe();
        await telegram.handleUpdate(payload as Update);
      },
      giveUp: async (_payload, error) => {
        if (error instanceof BotError) await Promise.resolve(telegram.errorHandler(error as BotError<TelegramContext>)).catch(() => undefined);
      },
    };
  }
  if (max) {
    handlers.max = {
      handle: async (payload) => {
        max.bot.botInfo ??= await max.bot.api.getMyInfo();
        await max.handleUpdate(payload, { rethrow: true });
      },
      giveUp: async (payload) => {
        const update = payload as RawUpdate;
        const chatId = update.chat_id ?? update.message?.recipient?.chat_id;
        if (chatId) await max.bot.api.sendMessageToChat(chatId, ru.error).catch(() => undefined);
      },
    };
  }
  const inbox = new WebhookInbox({
    db: options.db,
    lockDatabaseUrl: options.db.kind === "postgres" ? options.databaseUrl : undefined,
    handlers,
    updates: options.updates,
    log,
    concurrency: options.concurrency,
  });
  if (options.db.kind === "postgres" && !options.databaseUrl) {
    log.warn({}, "webhook mode on PostgreSQL without DATABASE_URL: chats are ordered within this instance only");
  }
  return {
    inbox,
    log,
    ...(telegram && options.telegramToken ? { telegram: { bot: telegram, secret: webhookSecret(options.configuredSecret, options.telegramToken) } } : {}),
    ...(max && options.maxToken ? { max: { bot: max, secret: webhookSecret(options.configuredSecret, options.maxToken) } } : {}),
  };
}

const notFound = (c: Parameters<MiddlewareHandler>[0]) => c.json({ error: "not_found" }, 404);

/** POST /webhook/telegram and /webhook/max; 404 in polling mode (setup undefined) or without that messenger. */
export function webhookRoutes(app: Hono<any>, setup: WebhookSetup | undefined): void {
  const limit = bodyLimit({ maxSize: WEBHOOK_BODY_LIMIT, onError: (c) => c.json({ error: "payload_too_large" }, 413) });
  const telegram = setup?.telegram;
  const max = setup?.max;

  if (!setup || !telegram) {
    app.post(WEBHOOK_PATH.telegram, notFound);
  } else {
    const { inbox, log } = setup;
    // grammY's webhookCallback on a receiver whose only middleware stores the update: the answer
    // goes once the insert is committed; the bot's own middleware runs later, in the drain.
    const receiver = new Bot<Context>(telegram.bot.token);
    receiver.use(async (ctx) => {
      const chat = ctx.chat?.id ?? ctx.from?.id;
      if (chat === undefined) return; // not an update the bot serves (only message and callback_query are asked for)
      const channel = `telegram:${ctx.me.id}`;
      await inbox.receive({
        channel,
        updateKey: String(ctx.update.update_id),
        chatKey: `${channel}:${chat}`,
        seq: ctx.update.update_id,
        payload: ctx.update,
      });
    });
    const callback = webhookCallback(receiver, "hono", { secretToken: telegram.secret, timeoutMilliseconds: 10_000 });
    app.post(WEBHOOK_PATH.telegram, limit, async (c) => {
      if (!sameSecret(c.req.header(TELEGRAM_SECRET_HEADER), telegram.secret)) {
        log.warn({ messenger: "telegram" }, "webhook call with a wrong or missing secret refused");
        return c.json({ error: "unauthorized" }, 401);
      }
      const body = await c.req.json().catch(() => undefined);
      if (!TelegramUpdateSchema.safeParse(body).success) return c.json({ error: "bad_update" }, 400);
      try {
        if (!receiver.isInited()) {
          if (!telegram.bot.isInited()) telegram.bot.botInfo = await telegram.bot.api.getMe();
          receiver.botInfo = telegram.bot.botInfo;
        }
        return await callback(c);
      } catch (error) {
        // Not stored: Telegram delivers it again.
        log.error({ messenger: "telegram", err: shortError(error) }, "webhook update not stored");
        return c.json({ error: "not_stored" }, 500);
      }
    });
  }

  if (!setup || !max) {
    app.post(WEBHOOK_PATH.max, notFound);
  } else {
    const { inbox, log } = setup;
    app.post(WEBHOOK_PATH.max, limit, async (c) => {
      if (!sameSecret(c.req.header(MAX_SECRET_HEADER), max.secret)) {
        log.warn({ messenger: "max" }, "webhook call with a wrong or missing secret refused");
        return c.json({ error: "unauthorized" }, 401);
      }
      const parsed = MaxUpdateSchema.safeParse(await c.req.json().catch(() => undefined));
      if (!parsed.success) return c.json({ error: "bad_update" }, 400);
      const update = parsed.data as RawUpdate & { timestamp: number };
      const { chat, key } = maxUpdateKey(update);
      // Not a chat's update (we subscribe to three kinds that all have one): nothing to do, and no redelivery.
      if (!chat || !(MAX_UPDATE_TYPES as readonly string[]).includes(update.update_type ?? "")) return c.json({ ok: true });
      try {
        max.bot.bot.botInfo ??= await max.bot.bot.api.getMyInfo();
        const channel = `max:${max.bot.bot.botInfo.user_id}`;
        await inbox.receive({ channel, updateKey: key, chatKey: `${channel}:${chat}`, seq: update.timestamp, payload: parsed.data });
      } catch (error) {
        log.error({ messenger: "max", err: shortError(error) }, "webhook update not stored");
        return c.json({ error: "not_stored" }, 500);
      }
      return c.json({ ok: true });
    });
  }
}
