// The send queue worker: claims due rows from the Outbox table, sends them through the channel's
// sender at the channel's pace, and records the delivery state. Rows survive restarts.
//
// Ownership: a claim writes a token and a short lease on its rows; the lease is renewed while the
// batch is being sent, the token is checked right before each send and when marking the result, so
// a row whose worker died (lease ran out) is sent by another worker, and never by both.
// Pace: every send reserves the next slot of its channel in ChannelThrottle (shared by all
// instances), spaced so that no 1-second window holds more than `perSecond`; a 429 pauses the
// channel there for retry_after, which every instance and a restart honour.
// Content: a row's text, its inline action buttons (payload.buttons, the same callback data a
// journey's own buttons carry, so a press reaches the journey as any press does), the Mini App
// button (appStart), and a file from the file store (fileKey) sent as a document with the text as
// its caption.
import { randomUUID } from "node:crypto";
import { GrammyError, HttpError, InputFile, type Api } from "grammy";
import { Keyboard, MaxError, type Bot as MaxBotClient } from "@maxhub/max-bot-api";
import {
  afterFailure,
  ChatPacer,
  DEFAULT_RETRY_AFTER_SECONDS,
  SEND_LATENESS_MS,
  sendSpacingMs,
  type SendFailure,
} from "../core/delivery/policy.ts";
import { identificationBotText } from "../core/messages/identification-bot.ts";
import type { FileStore } from "../core/services/file-store-ports.ts";
import type { Channel } from "../core/services/ports.ts";
import { appStartUrl } from "../bot/context.ts";
import type { Database } from "../prisma/db.ts";

/** Slots given up in a row for one send before it goes late anyway (policy.ts, SEND_LATENESS_MS). */
const MAX_LATE_SLOTS = 3;

/** What a queued message carries besides its text. */
export interface OutboxExtras {
  /**
   * Start parameter of the Mini App ("school-<id>"): the message gets a button that opens the Mini
   * App there, when the Mini App is published; otherwise the text goes alone.
   */
  appStart: string | null;
  /** Inline action buttons, rows of {text, data}; `data` is a journey's callback data ("rc:ack:<id>"). */
  buttons: ReadonlyArray<ReadonlyArray<{ text: string; data: string }>> | null;
  /** A file sent with the text as a document (the bytes read from the file store). */
  file: { name: string; mimeType: string; content: Uint8Array } | null;
  /**
   * Parts of this row already delivered by an earlier attempt (a long text sent before its
   * document): a retry sends only the rest. `partSent()` records one more part in the row first.
   */
  partsSent: number;
  partSent: () => Promise<void>;
}

/** Telegram's caption limit: a longer text goes as its own message, then the document. */
export const TELEGRAM_CAPTION_MAX = 1024;

/** Sends one message; must give up when `signal` aborts (the worker is stopping). */
export type Sender = (chatId: string, text: string, signal: AbortSignal, extras: OutboxExtras) => Promise<void>;

export class SendError extends Error {
  constructor(readonly failure: SendFailure) {
    super(failure.description ?? String(failure.code ?? "network error"));
  }
}

export { appStartUrl };

/**
 * The queue's Telegram sender: a row with `appStart` gets a web_app button to the Mini App there
 * (text alone when the Mini App is not published). Errors become the queue's delivery decisions.
 * `api` should be an Api without auto-retry: a 429 must reach the queue, which pauses the channel.
 */
export function telegramSender(api: Api, publicUrl: string | undefined): Sender {
  return async (chatId, text, signal, extras) => {
    const url = appStartUrl(publicUrl, extras.appStart);
    const rows: Array<Array<{ text: string; callback_data: string } | { text: string; web_app: { url: string } }>> = (extras.buttons ?? []).map((row) =>
      row.map((button) => ({ text: button.text, callback_data: button.data })),
    );
    if (url) rows.push([{ text: identificationBotText.appButton(extras.appStart!), web_app: { url } }]);
    const markup = rows.length ? { reply_markup: { inline_keyboard: rows } } : {};
    const abort = signal as Parameters<Api["sendMessage"]>[3];
    try {
      if (!extras.file) {
        await api.sendMessage(chatId, text, markup, abort);
        return;
      }
      // A caption holds 1024 characters: a longer text goes first on its own (once, even when the
      // document is retried), the buttons stay with the document, the last part.
      const captioned = text.length <= TELEGRAM_CAPTION_MAX;
      if (!captioned && extras.partsSent < 1) {
        await api.sendMessage(chatId, text, {}, abort);
        await extras.partSent();
      }
      const document = new InputFile(extras.file.content, extras.file.name);
      await api.sendDocument(chatId, document, { ...(captioned && text ? { caption: text } : {}), ...markup }, abort);
    } catch (error) {
      if (error instanceof GrammyError) {
        throw new SendError({ code: error.error_code, retryAfterSeconds: error.parameters.retry_after, description: error.description });
      }
      if (error instanceof HttpError) throw new SendError({ description: error.message });
      throw error;
    }
  };
}

/**
 * The queue's MAX sender: a row with `appStart` gets an open_app button of this bot's Mini App with
 * that start parameter (MAX passes it to the app as `start_param`); text alone when the Mini App is
 * not published or the bot's name is not known yet.
 */
export function maxSender(bot: MaxBotClient, publicUrl: string | undefined, fetchFn: typeof fetch = globalThis.fetch): Sender {
  return async (chatId, text, signal, extras) => {
    const username = bot.botInfo?.username;
    const rows: unknown[][] = (extras.buttons ?? []).map((row) => row.map((button) => ({ type: "callback", text: button.text, payload: button.data })));
    if (extras.appStart && username && appStartUrl(publicUrl, extras.appStart)) {
      rows.push([{ type: "open_app", text: identificationBotText.appButton(extras.appStart), web_app: username, payload: extras.appStart }]);
    }
    const attachments: unknown[] = [];
    try {
      // MAX takes 4000 characters with a file: the text is the file message's own text.
      if (extras.file) attachments.push({ type: "file", payload: { token: await uploadToMax(bot, fetchFn, extras.file, signal) } });
      if (rows.length) attachments.push(Keyboard.inlineKeyboard(rows as never));
      const extra = attachments.length ? ({ attachments } as never) : undefined;
      // MAX may still be processing an uploaded file ("attachment.not.ready"): a few short retries.
      for (let attempt = 0; ; attempt++) {
        try {
          await bot.api.sendMessageToChat(Number(chatId), text, extra);
          break;
        } catch (error) {
          const notReady = extras.file && error instanceof MaxError && /attachment\.not\.ready/.test(String(error.code ?? error.message));
          if (!notReady || attempt >= 4 || signal.aborted) throw error;
          await realSleep(500 * (attempt + 1), signal);
        }
      }
    } catch (error) {
      if (error instanceof MaxError) throw new SendError({ code: error.status, description: error.description });
      if (error instanceof SendError) throw error;
      throw new SendError({ description: String(error) });
    }
  };
}

/**
 * Uploads a file to MAX (the upload address from the API, then the bytes as multipart with the
 * file's own name, as bot/channels/max.ts sends a document) and gives its attachment token.
 */
async function uploadToMax(bot: MaxBotClient, fetchFn: typeof fetch, file: NonNullable<OutboxExtras["file"]>, signal: AbortSignal): Promise<string> {
  const slot = (await bot.api.raw.uploads.getUploadUrl({ type: "file" })) as { url: string; token?: string };
  const form = new FormData();
  form.append("data", new Blob([Uint8Array.from(file.content)], { type: file.mimeType }), file.name);
  const uploaded = await fetchFn(slot.url, { method: "POST", body: form, signal: AbortSignal.any([signal, AbortSignal.timeout(120_000)]) });
  if (!uploaded.ok) {
    throw new SendError({ ...(uploaded.status === 429 || uploaded.status >= 500 ? { code: uploaded.status } : {}), description: `MAX file upload failed: HTTP ${uploaded.status}` });
  }
  const token = ((await uploaded.json().catch(() => ({}))) as { token?: string }).token ?? slot.token;
  if (!token) throw new SendError({ description: "MAX file upload returned no token" });
  return token;
}

export interface OutboxOptions {
  /** Sends per second per channel, all instances together (default 25; Telegram allows about 30). */
  perSecond?: number;
  /** Rows claimed at once (default 50). */
  batch?: number;
  /** How long a claim holds without renewal (default 30 s); renewed every third of it while sending. */
  leaseMs?: number;
  /** How often a claim in progress is renewed (default a third of the lease). */
  renewEveryMs?: number;
  /** On stop, how long sends in flight may finish before they are aborted and released (default 1.5 s). */
  stopGraceMs?: number;
  clock?: { now(): Date };
  /** Waits for the pace (tests pass one that moves a fake clock). */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  log?: { warn(obj: object, msg?: string): void };
  /** Where the files of rows with a fileKey are read from (without it such rows fail). */
  files?: Pick<FileStore, "get">;
  /** Sees each send's result (server/observability.ts counts them for /metrics). */
  observer?: OutboxObserver;
}

/** What the worker reports about its sends; it never changes what the worker does. */
export interface OutboxObserver {
  /** A message (a row) went out. */
  sent(channel: Channel): void;
  /** A send slot was given up: the send would have left later than SEND_LATENESS_MS after it. */
  lateSlot?(channel: Channel): void;
  /**
   * A send failed; `decision` is what became of the row: tried again later ("pending"), given up
   * ("failed") or its recipient blocked the bot ("blocked"). `rateLimited`: the messenger said 429.
   */
  failed(channel: Channel, decision: "pending" | "failed" | "blocked", rateLimited: boolean): void;
}

/** What /healthz shows about the queue (worker.health()). */
export interface OutboxHealth {
  /** Rows not yet sent (pending or being sent), all instances. */
  depth: number;
  /** Age of the oldest row that is due and not sent; null when none is due. */
  oldestPendingSeconds: number | null;
  /** The last failed send this process saw (or the newest error left on an unsent row). */
  lastSendError: { channel: string; error: string; at: Date | null } | null;
  /** Channels paused by a 429, until when and why. */
  pauses: Record<string, { until: Date; reason: string | null }>;
}

interface Row {
  id: string;
  channel: string;
  chatId: string;
  text: string;
  attempts: number;
  appStart: string | null;
  payload: unknown;
  fileKey: string | null;
  fileName: string | null;
  fileMime: string | null;
}

/** Prisma keeps DateTime as UTC wall time in TIMESTAMP(3): raw SQL gets text of the same meaning. */
const sqlTime = (ms: number) => new Date(ms).toISOString().replace("T", " ").replace("Z", "");

const realSleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done);
  });

export class OutboxWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopping = false;
  /** Aborted on stop: wakes the pacing waits at once. */
  private readonly stopSignal = new AbortController();
  /** Aborted when the stop grace is over: sends still in flight give up. */
  private readonly abortSends = new AbortController();
  /** Tokens of batches being sent by this process (released on stop). */
  private readonly activeTokens = new Set<string>();
  private readonly chatPacers = new Map<string, ChatPacer>();
  /** A 429 seen here pauses the channel at once, before the next look at ChannelThrottle. */
  private readonly pausedUntil = new Map<string, number>();
  private lastError: { channel: string; error: string; at: Date } | null = null;
  private readonly perSecond: number;
  private readonly leaseMs: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;

  constructor(
    private readonly db: Database,
    private readonly senders: Partial<Record<Channel, Sender>>,
    private readonly options: OutboxOptions = {},
  ) {
    this.perSecond = options.perSecond ?? 25;
    this.leaseMs = options.leaseMs ?? 30_000;
    const clock = options.clock;
    this.now = clock ? () => clock.now().getTime() : () => Date.now();
    this.sleep = options.sleep ?? realSleep;
  }

  /** Claims and sends one batch; returns the number of rows claimed. */
  tick(): Promise<number> {
    const ticking = this.claimAndSend();
    this.running = ticking.catch(() => undefined);
    return ticking;
  }

  private async claimAndSend(): Promise<number> {
    const channels = Object.keys(this.senders).filter((channel) => this.senders[channel as Channel]);
    if (this.stopping || channels.length === 0) return 0;
    const token = randomUUID();
    const now = this.now();
    // One statement claims the rows, so two workers never take the same row (SKIP LOCKED on
    // PostgreSQL). Due rows, and rows whose claim's lease ran out (their worker died), of channels
    // this process can send to and that are not paused.
    const rows = await this.db.query<Row>(
      `UPDATE "Outbox" SET state = 'sending', attempts = attempts + 1, "claimToken" = $1, "leaseUntil" = $2::timestamp
       WHERE id IN (
         SELECT o.id FROM "Outbox" o
         WHERE ((o.state = 'pending' AND o."nextAttemptAt" <= $3::timestamp)
                OR (o.state = 'sending' AND (o."leaseUntil" IS NULL OR o."leaseUntil" < $3::timestamp)))
           AND o.channel IN (${channels.map((_, index) => `$${index + 5}`).join(", ")})
           AND NOT EXISTS (SELECT 1 FROM "ChannelThrottle" t WHERE t.channel = o.channel AND t."pausedUntil" > $3::timestamp)
         ORDER BY o."createdAt" LIMIT $4 FOR UPDATE SKIP LOCKED)
       RETURNING id, channel, "chatId", text, attempts, "appStart", payload, "fileKey", "fileName", "fileMime"`,
      [token, sqlTime(now + this.leaseMs), sqlTime(now), this.options.batch ?? 50, ...channels],
    );
    if (rows.length === 0) return 0;
    this.activeTokens.add(token);
    const renew = setInterval(() => {
      this.db.prisma.outbox
        .updateMany({ where: { claimToken: token, state: "sending" }, data: { leaseUntil: new Date(this.now() + this.leaseMs) } })
        .catch((error) => this.options.log?.warn({ err: String(error) }, "outbox lease renewal failed"));
    }, this.options.renewEveryMs ?? Math.max(10, Math.floor(this.leaseMs / 3)));
    renew.unref?.();
    try {
      const byChannel = new Map<string, Row[]>();
      for (const row of rows) byChannel.set(row.channel, [...(byChannel.get(row.channel) ?? []), row]);
      await Promise.all([...byChannel].map(([channel, list]) => this.sendChannel(channel as Channel, list, token)));
    } finally {
      clearInterval(renew);
      this.activeTokens.delete(token);
    }
    return rows.length;
  }

  /** Sends one channel's rows of a batch in order, each at its reserved slot; sends overlap, the pace does not. */
  private async sendChannel(channel: Channel, rows: Row[], token: string): Promise<void> {
    const inFlight = new Set<Promise<void>>();
    const pacer = this.chatPacers.get(channel) ?? new ChatPacer();
    this.chatPacers.set(channel, pacer);
    for (let index = 0; index < rows.length; index++) {
      const row = rows[index]!;
      if (this.stopping) {
        await this.release(rows.slice(index), token);
        break;
      }
      const outcome = await this.waitForSlot(channel, row, token, pacer);
      if (outcome === "paused" || outcome === "stop") {
        await this.release(rows.slice(index), token, outcome === "paused" ? this.pausedUntil.get(channel) : undefined);
        break;
      }
      if (outcome === "skip") continue;
      // A 429 seen by a send of this batch meanwhile stops the rest at once.
      const paused = this.pausedUntil.get(channel);
      if (paused !== undefined && paused > this.now()) {
        await this.release(rows.slice(index), token, paused);
        break;
      }
      pacer.sent(row.chatId, this.now());
      const sending: Promise<void> = this.send(channel, row, token).finally(() => inFlight.delete(sending));
      inFlight.add(sending);
    }
    await Promise.all(inFlight);
  }

  /**
   * Waits for the row's send slot. The slot, and: still ours? (Our lease may have run out while this
   * process stood still, and another worker may have the row now.) One statement does both and renews
   * the lease; it comes before the wait, so the send itself leaves right at its slot. A slot is only
   * used within SEND_LATENESS_MS of its time (policy.ts): a send that would leave later, or whose chat
   * may not get a message yet, takes a new slot, so late sends never bunch with on-time ones.
   * "paused": the channel is paused (until pausedUntil); "stop": the worker stops; in both the caller
   * releases the rest of the batch. "skip": the row is no longer ours.
   */
  private async waitForSlot(channel: Channel, row: Row, token: string, pacer: ChatPacer): Promise<"send" | "skip" | "paused" | "stop"> {
    let notBefore = Math.max(this.now(), pacer.earliest(row.chatId));
    for (let late = 0; ; late++) {
      const slot = await this.reserve(channel, { id: row.id, token }, notBefore);
      if (slot.pausedUntil !== null) return "paused";
      if (!slot.owned) return "skip";
      const leaseEnd = this.now() + this.leaseMs;
      const wait = Math.ceil(slot.at - this.now()); // never before the slot (slots are fractional ms)
      if (wait > 0) await this.sleep(wait, this.stopSignal.signal);
      if (this.stopping) return "stop";
      // Woke after the lease this check gave (the process stood still in the wait, as a frozen VM
      // does): another worker may own the row now, so ownership is asked again before the send.
      if (this.now() >= leaseEnd) {
        const still = await this.db.prisma.outbox.updateMany({
          where: { id: row.id, claimToken: token, state: "sending" },
          data: { leaseUntil: new Date(this.now() + this.leaseMs) },
        });
        if (still.count === 0) return "skip";
      }
      // Late for the slot (the event loop stood still): it is given up. After three misses in a
      // row the process is too busy to hit a slot; the send goes, counted as late.
      if (this.now() <= slot.at + SEND_LATENESS_MS || late >= MAX_LATE_SLOTS) return "send";
      notBefore = this.now();
      this.options.observer?.lateSlot?.(channel);
    }
  }

  /**
   * The next send slot of the channel, shared by every instance through ChannelThrottle; or the
   * pause that stops the channel now.
   */
  private async reserve(
    channel: Channel,
    own: { id: string; token: string },
    notBefore: number,
  ): Promise<{ at: number; pausedUntil: number | null; owned: boolean }> {
    const now = this.now();
    const local = this.pausedUntil.get(channel);
    if (local !== undefined && local > now) return { at: now, pausedUntil: local, owned: false };
    const spacing = sendSpacingMs(this.perSecond);
    // One round trip per row: the row's ownership check (which renews its lease) and the slot.
    const [row] = await this.db.query<{ slot: number | string; paused: number | string | null; owned: number | string }>(
      `WITH owned AS (
         UPDATE "Outbox" SET "leaseUntil" = $5::timestamp WHERE id = $4 AND "claimToken" = $6 AND state = 'sending' RETURNING id
       ), slot AS (
         INSERT INTO "ChannelThrottle" (channel, "nextSendAt") VALUES ($1, $7::timestamp + $3 * interval '1 millisecond')
         ON CONFLICT (channel) DO UPDATE SET "nextSendAt" = CASE
             WHEN "ChannelThrottle"."pausedUntil" > $2::timestamp THEN "ChannelThrottle"."nextSendAt"
             ELSE GREATEST("ChannelThrottle"."nextSendAt", $7::timestamp) + $3 * interval '1 millisecond' END
         RETURNING extract(epoch FROM "nextSendAt") * 1000 - $3 AS slot,
                   CASE WHEN "pausedUntil" > $2::timestamp THEN extract(epoch FROM "pausedUntil") * 1000 END AS paused
       )
       SELECT slot.slot, slot.paused, (SELECT count(*) FROM owned) AS owned FROM slot`,
      [channel, sqlTime(now), spacing, own.id, sqlTime(now + this.leaseMs), own.token, sqlTime(Math.max(now, notBefore))],
    );
    const paused = row?.paused === null || row?.paused === undefined ? null : Math.round(Number(row.paused));
    if (paused !== null) this.pausedUntil.set(channel, paused);
    return { at: Number(row?.slot ?? now), pausedUntil: paused, owned: Number(row?.owned ?? 0) > 0 };
  }

  /** The row's buttons, file and parts already sent, for its sender. */
  private async extras(row: Row, token: string): Promise<OutboxExtras> {
    const payload = (typeof row.payload === "string" ? JSON.parse(row.payload) : row.payload) as {
      buttons?: Array<Array<{ text: string; data: string }>>;
      partsSent?: number;
    } | null;
    let file: OutboxExtras["file"] = null;
    if (row.fileKey) {
      const content = this.options.files ? await this.options.files.get(row.fileKey) : null;
      // A file that is not there will not appear on a retry: the row fails (the report shows it).
      if (!content) throw new SendError({ code: 404, description: `file ${row.fileKey} not found in the file store` });
      file = { name: row.fileName ?? "file", mimeType: row.fileMime ?? "application/octet-stream", content };
    }
    let partsSent = Number(payload?.partsSent ?? 0);
    return {
      appStart: row.appStart ?? null,
      buttons: Array.isArray(payload?.buttons) && payload.buttons.length ? payload.buttons : null,
      file,
      partsSent,
      partSent: async () => {
        partsSent++;
        await this.db.prisma.outbox.updateMany({
          where: { id: row.id, claimToken: token },
          data: { payload: { ...(payload ?? {}), partsSent } },
        });
      },
    };
  }

  private async send(channel: Channel, row: Row, token: string): Promise<void> {
    const sender = this.senders[channel]!;
    try {
      await sender(row.chatId, row.text, this.abortSends.signal, await this.extras(row, token));
    } catch (error) {
      if (this.abortSends.signal.aborted && !(error instanceof SendError)) {
        // Cut off by stop: not the message's fault; it goes back to the queue as it was.
        await this.release([row], token, undefined, false);
        return;
      }
      await this.failed(channel, row, token, error instanceof SendError ? error.failure : { description: String(error) });
      return;
    }
    this.options.observer?.sent(channel);
    const marked = await this.db.prisma.outbox.updateMany({
      where: { id: row.id, claimToken: token },
      data: { state: "delivered", sentAt: new Date(this.now()), lastError: null, claimToken: null, leaseUntil: null },
    });
    if (marked.count === 0) this.options.log?.warn({ id: row.id, channel }, "outbox row sent after its claim passed to another worker");
  }

  private async failed(channel: Channel, row: Row, token: string, failure: SendFailure): Promise<void> {
    const now = new Date(this.now());
    const decision = afterFailure(failure, row.attempts, now);
    if (decision.state === "delivered") return;
    this.options.observer?.failed(channel, decision.state, failure.code === 429);
    this.lastError = { channel, error: decision.error, at: now };
    this.options.log?.warn({ id: row.id, channel, decision: decision.state, error: decision.error }, "outbox send failed");
    if (failure.code === 429) {
      const until = now.getTime() + (failure.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS) * 1000;
      await this.pause(channel, until, decision.error);
    }
    if (decision.state === "blocked") {
      // The person blocked the bot: nothing more goes to this account until they write again.
      await this.db.prisma.account.updateMany({ where: { channel, chatId: row.chatId, blockedAt: null }, data: { blockedAt: now } });
      // Other messages already queued for them would only meet the same 403.
      await this.db.prisma.outbox.updateMany({
        where: { channel, chatId: row.chatId, state: "pending" },
        data: { state: "blocked", lastError: decision.error.slice(0, 500) },
      });
    }
    await this.db.prisma.outbox.updateMany({
      where: { id: row.id, claimToken: token },
      data: {
        state: decision.state,
        lastError: decision.error.slice(0, 500),
        claimToken: null,
        leaseUntil: null,
        ...(decision.state === "pending" ? { nextAttemptAt: decision.retryAt } : {}),
      },
    });
  }

  /** Pauses the channel for every instance (kept in the database, so a restart honours it too). */
  private async pause(channel: Channel, untilMs: number, reason: string): Promise<void> {
    this.pausedUntil.set(channel, Math.max(untilMs, this.pausedUntil.get(channel) ?? 0));
    await this.db.query(
      `INSERT INTO "ChannelThrottle" (channel, "nextSendAt", "pausedUntil", "pauseReason") VALUES ($1, $2::timestamp, $2::timestamp, $3)
       ON CONFLICT (channel) DO UPDATE SET "pausedUntil" = GREATEST(COALESCE("ChannelThrottle"."pausedUntil", $2::timestamp), $2::timestamp),
         "pauseReason" = $3`,
      [channel, sqlTime(untilMs), reason.slice(0, 200)],
    );
  }

  /**
   * Gives claimed rows back to the queue, token cleared. Rows never tried get their attempt back;
   * `notBefore` keeps them until a pause ends.
   */
  private async release(rows: Row[], token: string, notBefore?: number, untried = true): Promise<void> {
    if (rows.length === 0) return;
    await this.db.prisma.outbox.updateMany({
      where: { id: { in: rows.map((row) => row.id) }, claimToken: token, state: "sending" },
      data: {
        state: "pending",
        claimToken: null,
        leaseUntil: null,
        ...(untried ? { attempts: { decrement: 1 } } : {}),
        ...(notBefore !== undefined ? { nextAttemptAt: new Date(notBefore) } : {}),
      },
    });
  }

  /** Queue depth, the oldest due row's age, the last send error and the channels' pauses, for /healthz. */
  async health(): Promise<OutboxHealth> {
    const now = this.now();
    const [depth, oldest, throttles, lastRow] = await Promise.all([
      this.db.prisma.outbox.count({ where: { state: { in: ["pending", "sending"] } } }),
      this.db.prisma.outbox.findFirst({
        where: { state: { in: ["pending", "sending"] }, nextAttemptAt: { lte: new Date(now) } },
        orderBy: { createdAt: "asc" },
        select: { createdAt: true },
      }),
      this.db.prisma.channelThrottle.findMany({ where: { pausedUntil: { gt: new Date(now) } } }),
      this.lastError
        ? Promise.resolve(null)
        : this.db.prisma.outbox.findFirst({
            where: { lastError: { not: null }, state: { not: "delivered" } },
            orderBy: { nextAttemptAt: "desc" },
            select: { channel: true, lastError: true },
          }),
    ]);
    return {
      depth,
      oldestPendingSeconds: oldest ? Math.max(0, Math.round((now - oldest.createdAt.getTime()) / 1000)) : null,
      lastSendError: this.lastError ?? (lastRow?.lastError ? { channel: lastRow.channel, error: lastRow.lastError, at: null } : null),
      pauses: Object.fromEntries(throttles.map((row) => [row.channel, { until: row.pausedUntil!, reason: row.pauseReason }])),
    };
  }

  start(intervalMs = 1000): void {
    const loop = async () => {
      const claimed = await this.tick().catch((error) => {
        this.options.log?.warn({ err: String(error) }, "outbox tick failed");
        return 0;
      });
      // A full queue goes on at once (the pace is kept by the slots); an empty one is looked at again later.
      if (this.timer !== undefined && !this.stopping) this.timer = setTimeout(loop, claimed > 0 ? 0 : intervalMs);
    };
    // At once on start: rows a previous run left go out without waiting a round.
    this.timer = setTimeout(loop, 0);
  }

  /**
   * Stops claiming at once; rows waiting for their slot go back to the queue; sends in flight get
   * `stopGraceMs` to finish, then are aborted and their rows released. Returns within about
   * stopGraceMs + 1.5 s (3 s by default) whatever the messenger does.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.stopSignal.abort();
    const within = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref?.());
    const grace = this.options.stopGraceMs ?? 1500;
    await Promise.race([this.running, within(grace)]);
    this.abortSends.abort();
    await Promise.race([this.running, within(500)]);
    // A sender that ignores the abort: its rows go back to the queue anyway (it may still arrive,
    // so such a row can go twice; without this it would wait for the lease).
    const tokens = [...this.activeTokens];
    if (tokens.length) {
      await Promise.race([
        this.db.prisma.outbox
          .updateMany({ where: { claimToken: { in: tokens }, state: "sending" }, data: { state: "pending", claimToken: null, leaseUntil: null } })
          .catch((error) => this.options.log?.warn({ err: String(error) }, "outbox release on stop failed")),
        within(1000),
      ]);
    }
  }
}
