// The Telegram adapter (grammY): updates become `Incoming`, `Effect`s become Bot API calls.
// The journeys themselves live in core/journeys; nothing here decides what to say.
import { Bot, GrammyError, InlineKeyboard, InputFile, type ApiClientOptions, type Context } from "grammy";
import type { Update, UserFromGetMe } from "grammy/types";
import { autoRetry } from "@grammyjs/auto-retry";
import { createConcurrentSink, createRunner, createSource, sequentialize } from "@grammyjs/runner";
import { handleTurn } from "../../core/journeys/engine.ts";
import type { Button, ChannelInfo, Effect, Incoming } from "../../core/journeys/types.ts";
import { ru } from "../../core/messages/bot.ts";
import type { AccountRef } from "../../core/services/ports.ts";
import { appAvailable, appStartUrl, handleOnce, memoryUpdateLog, type BotDeps } from "../context.ts";
import { answerPrefetch } from "../../core/journeys/diagnostic.ts";
import { retryDelayMs, type PollingEvents } from "./polling.ts";

export type TelegramDeps = BotDeps;

export interface TelegramOptions {
  botInfo?: UserFromGetMe;
  client?: ApiClientOptions;
}

export type TelegramContext = Context;

export const telegramStartLink = (username: string) => (payload: string) => `https://t.me/${username}?start=${payload}`;

export function accountOf(ctx: Context): AccountRef | null {
  if (!ctx.from) return null;
  return {
    channel: "telegram",
    externalId: String(ctx.from.id),
    chatId: ctx.chat ? String(ctx.chat.id) : undefined,
    username: ctx.from.username,
    firstName: [ctx.from.first_name, ctx.from.last_name].filter(Boolean).join(" ") || undefined,
  };
}

/** Fetches a file the person sent, by its file_id (getFile, then the file address with the bot's token). */
export type TelegramDownload = (fileId: string) => Promise<Uint8Array>;

export function incomingOf(ctx: Context, download?: TelegramDownload): Incoming | null {
  if (ctx.callbackQuery?.data !== undefined) return { kind: "action", data: ctx.callbackQuery.data };
  const document = ctx.message?.document;
  if (document && download) {
    return {
      kind: "document",
      fileName: document.file_name ?? "file",
      mimeType: document.mime_type ?? null,
      size: document.file_size ?? null,
      download: () => download(document.file_id),
    };
  }
  const text = ctx.message?.text;
  if (text === undefined) return ctx.message ? { kind: "text", text: "" } : null;
  const command = ctx.message?.entities?.[0];
  if (command?.type === "bot_command" && command.offset === 0) {
    const name = text.slice(1, command.length).split("@")[0]!;
    return { kind: "command", name, args: text.slice(command.length).trim() };
  }
  return { kind: "text", text };
}

function keyboard(rows: Button[][] | undefined, publicUrl: string | undefined): InlineKeyboard | undefined {
  if (!rows?.length) return undefined;
  const markup = new InlineKeyboard();
  for (const row of rows) {
    for (const button of row) {
      if (button.kind === "action") markup.text(button.text, button.data);
      else if (publicUrl) markup.webApp(button.text, appStartUrl(publicUrl, button.start ?? null) ?? publicUrl);
    }
    markup.row();
  }
  return markup;
}

/** Carries out the effects of one turn. */
export async function render(ctx: Context, effects: Effect[], deps: Pick<BotDeps, "publicUrl" | "log">): Promise<void> {
  for (const effect of effects) {
    switch (effect.kind) {
      case "send":
      case "edit": {
        const markup = keyboard(effect.screen.buttons, deps.publicUrl);
        const options = {
          ...(effect.screen.html ? { parse_mode: "HTML" as const } : {}),
          ...(markup ? { reply_markup: markup } : {}),
          link_preview_options: { is_disabled: true },
        };
        if (effect.kind === "edit" && ctx.callbackQuery?.message) {
          // "message is not modified" (the same screen twice) is harmless.
          await ctx.editMessageText(effect.screen.text, options).catch(() => undefined);
        } else {
          await ctx.reply(effect.screen.text, options);
        }
        break;
      }
      case "ack":
        if (ctx.callbackQuery) {
          await ctx
            .answerCallbackQuery(effect.text ? { text: effect.text, show_alert: effect.alert ?? false } : {})
            .catch(() => undefined);
        }
        break;
      case "clearButtons":
        if (ctx.callbackQuery?.message) await ctx.editMessageReplyMarkup().catch(() => undefined);
        break;
      case "forgotten":
        // Nothing to drop: the Telegram adapter keeps no state of its own per chat.
        break;
      case "commands":
        // A server without setMyCommands (an emulator, an old self-hosted Bot API) must not stop the bot.
        if (ctx.chat) {
          await ctx.api
            .setMyCommands(effect.commands, { scope: { type: "chat", chat_id: ctx.chat.id } })
            .catch((error) => deps.log.warn({ err: String(error) }, "setMyCommands is not available; continuing"));
        }
        break;
      case "document":
        await ctx.replyWithDocument(new InputFile(effect.content, effect.filename), effect.caption ? { caption: effect.caption } : {});
        break;
    }
  }
}

/** How long the download of a sent file may take (Telegram serves up to 20 MB). */
const DOWNLOAD_TIMEOUT_MS = 120_000;
/** A progress message is edited at most this often (Telegram limits edits in one chat). */
const PROGRESS_EVERY_MS = 2_000;

/**
 * Progress of a long turn in one message: the first report sends it, later ones edit it at most
 * once per 2 s; a report while the previous one is still on its way is skipped. Never throws.
 */
function progressOf(ctx: Context, deps: Pick<BotDeps, "log" | "clock">): ((text: string) => Promise<void>) | undefined {
  const chatId = ctx.chat?.id;
  if (chatId === undefined) return undefined;
  let messageId: number | undefined;
  let last = -Infinity;
  let busy = false;
  return async (text) => {
    const now = deps.clock.now().getTime();
    if (busy || now - last < PROGRESS_EVERY_MS) return;
    busy = true;
    last = now;
    try {
      if (messageId === undefined) messageId = (await ctx.api.sendMessage(chatId, text)).message_id;
      else await ctx.api.editMessageText(chatId, messageId, text);
    } catch (error) {
      deps.log.warn({ err: String(error) }, "progress message failed; continuing");
    } finally {
      busy = false;
    }
  };
}

/** Updates of one chat run in order; different chats run side by side (the runner's sink). */
const chatKey = (ctx: Context) => (ctx.chat?.id ?? ctx.from?.id)?.toString();

export function createTelegramBot(token: string, deps: TelegramDeps, options: TelegramOptions = {}): Bot<TelegramContext> {
  // A Bot API that accepts the connection and never answers must not hold a call for grammY's 500 s.
  const bot = new Bot<TelegramContext>(token, { botInfo: options.botInfo, client: { timeoutSeconds: 45, ...options.client } });
  // 429 with retry_after is retried. Network errors are not slept through with auto-retry's growing
  // backoff (up to an hour): they surface, and polling retries promptly on its own (pollTelegram).
  const retry = autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 60, rethrowHttpErrors: true });
  bot.api.config.use((prev, method, payload, signal) =>
    method === "getUpdates" ? prev(method, payload, signal) : retry(prev, method, payload, signal),
  );
  const channel = (ctx: Context): ChannelInfo => {
    const progress = progressOf(ctx, deps);
    return { channel: "telegram", startLinks: deps.startLinks, appAvailable: appAvailable(deps), ...(progress ? { progress } : {}) };
  };
  const processed = deps.updates ?? memoryUpdateLog();
  // Files the person sends: getFile, then the file address with the bot's token, through the same
  // client settings (API root, fetch) as every other call. The token never reaches a log line.
  const apiRoot = (options.client?.apiRoot ?? "https://api.telegram.org").replace(/\/$/, "");
  const fetchFile = (options.client?.fetch as typeof fetch | undefined) ?? globalThis.fetch;
  const download: TelegramDownload = async (fileId) => {
    const file = await bot.api.getFile(fileId);
    if (!file.file_path) throw new Error("Telegram getFile returned no file_path");
    const response = await fetchFile(`${apiRoot}/file/bot${token}/${file.file_path}`, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
    if (!response.ok) throw new Error(`Telegram file download failed: HTTP ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  };

  bot.use(sequentialize(chatKey));
  bot.use(async (ctx, next) => {
    // Journeys are personal: invite codes and answers never go to a group chat.
    if (ctx.chat && ctx.chat.type !== "private") return;
    await next();
  });
  // Every update, an answer button included, is one turn of the core (core/journeys/engine.ts), as in
  // MAX: the survey's place is the response's cursor in the database, so a turn reads what it needs
  // once and writes once, and a restart or a lost message loses nothing. (Until #10 the diagnostic ran
  // as a grammY conversation, whose per-update state read, replay and write cost about 5 ms an answer.)
  bot.use(async (ctx) => {
    const incoming = incomingOf(ctx, download);
    const account = accountOf(ctx);
    if (!incoming || !account) return;
    // Handled before (a redelivery after a restart, an emulator repeating itself): nothing to do.
    // The claim also reads the person, so an answer turn costs one statement less.
    await handleOnce(
      processed,
      { channel: `telegram:${ctx.me.id}`, key: String(ctx.update.update_id) },
      account,
      async (known) => {
        const result = await handleTurn(deps, channel(ctx), account, incoming, known);
        await render(ctx, result.effects, deps);
      },
      answerPrefetch(incoming),
    );
  });

  bot.catch(async (error) => {
    deps.log.error(
      { err: error.error instanceof Error ? error.error.stack : String(error.error), update: error.ctx.update.update_id },
      "telegram handler failed",
    );
    await error.ctx.reply(ru.error).catch(() => undefined);
  });
  return bot;
}

/** Default command menu and the chat menu button that opens the Mini App, where the server has them. */
export async function setupTelegramMenus(bot: Bot<TelegramContext>, deps: BotDeps): Promise<void> {
  await bot.api
    .setMyCommands(
      [
        { command: "start", description: ru.commands.start },
        { command: "help", description: ru.commands.help },
      ],
      { scope: { type: "default" } },
    )
    .catch((error) => deps.log.warn({ err: String(error) }, "setMyCommands (default scope) is not available; continuing"));
  if (appAvailable(deps)) {
    await bot.api
      .setChatMenuButton({ menu_button: { type: "web_app", text: "Приложение", web_app: { url: deps.publicUrl! } } })
      .catch((error) => deps.log.warn({ err: String(error) }, "setChatMenuButton is not available; continuing"));
  }
}

/** 401 (revoked or made-up token) or 404 (no such bot) from the Bot API: retrying cannot help. */
export const isTelegramTokenRefused = (error: unknown) =>
  error instanceof GrammyError && (error.error_code === 401 || error.error_code === 404);

/**
 * Long polling with @grammyjs/runner: updates of different chats are handled concurrently, those of
 * one chat in order (sequentialize in createTelegramBot). getUpdates is retried here, not by
 * auto-retry or the runner: after a network error, a 5xx or a 409 (another process polls this token)
 * it tries again within seconds, reporting each failure and the recovery; a refused token ends it.
 */
export function pollTelegram(
  bot: Bot<TelegramContext>,
  events: PollingEvents,
  options: {
    retryDelayMs?: (attempt: number) => number;
    onHandlerError?: (error: unknown) => void;
    /** Updates handled at once (the runner's default, 500); 1 is the old one-at-a-time (bench). */
    concurrency?: number;
  } = {},
) {
  const delay = options.retryDelayMs ?? retryDelayMs;
  // The runner starts every update of a batch at once: the batch size is what bounds concurrency.
  const concurrency = options.concurrency ?? 500;
  let offset = 0;
  const supplier = {
    supply: async (batchSize: number, runnerSignal: unknown): Promise<Update[]> => {
      // The runner's AbortSignal type comes from a shim; at run time it is Node's.
      const signal = runnerSignal as AbortSignal;
      for (let attempt = 0; ; attempt++) {
        try {
          const updates = await bot.api.getUpdates({ offset, limit: Math.max(1, Math.min(batchSize, 100, concurrency)), timeout: 25 }, runnerSignal as never);
          events.connected();
          const last = updates.at(-1);
          if (last) offset = last.update_id + 1;
          return updates;
        } catch (error) {
          if (signal.aborted) throw error;
          if (isTelegramTokenRefused(error)) {
            events.tokenRefused(error);
            throw error;
          }
          events.failed(error);
          await abortableSleep(delay(attempt), signal);
        }
      }
    },
  };
  const sink = createConcurrentSink<Update>({ consume: (update) => bot.handleUpdate(update) }, async (error) => {
    // bot.catch (log, and "something went wrong" to the person); only its own failure lands here.
    await Promise.resolve(bot.errorHandler(error as Parameters<typeof bot.errorHandler>[0])).catch((failure) => options.onHandlerError?.(failure));
  }, { concurrency });
  const runner = createRunner(createSource(supplier), sink);
  runner.start();
  return {
    /** Settles when polling ends: after stop(), or rejected with the refused-token error. */
    task: runner.task() ?? Promise.resolve(),
    stop: () => runner.stop(),
  };
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(done, ms);
    function done() {
      signal.removeEventListener("abort", abort);
      resolve();
    }
    function abort() {
      clearTimeout(timer);
      reject(new Error("aborted"));
    }
    signal.addEventListener("abort", abort, { once: true });
  });
}
