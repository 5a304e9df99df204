// The MAX adapter (@maxhub/max-bot-api): the same journeys as Telegram, rendered for MAX.
// MAX keeps no conversation state of ours: every turn recomputes the screen from the saved answers.
import { Bot, Context, Keyboard, MaxError, type ClientOptions } from "@maxhub/max-bot-api";
import { handleTurn } from "../../core/journeys/engine.ts";
import type { Button, ChannelInfo, CommandSpec, Effect, Incoming } from "../../core/journeys/types.ts";
import { ru } from "../../core/messages/bot.ts";
import type { AccountRef } from "../../core/services/ports.ts";
import { appAvailable, handleOnce, keyedSerializer, memoryUpdateLog, type BotDeps } from "../context.ts";
import { answerPrefetch } from "../../core/journeys/diagnostic.ts";
import { retryDelayMs, type PollingEvents } from "./polling.ts";

export const maxStartLink = (username: string) => (payload: string) => `https://max.ru/${username}?start=${payload}`;

type MaxUser = { user_id: number; first_name?: string; last_name?: string; username?: string | null };
type AnyContext = Context;
type MaxButton = { type: "callback"; text: string; payload: string } | { type: "open_app"; text: string; web_app: string };

function accountOf(user: MaxUser | undefined, chatId: number | null | undefined): AccountRef | null {
  if (!user) return null;
  return {
    channel: "max",
    externalId: String(user.user_id),
    chatId: chatId ? String(chatId) : undefined,
    username: user.username ?? undefined,
    firstName: [user.first_name, user.last_name].filter(Boolean).join(" ") || undefined,
  };
}

/** A file attachment of a MAX message (`payload.url` is where it is downloaded). */
type MaxFileAttachment = { type: "file"; payload?: { url?: string; token?: string } | null; filename?: string | null; size?: number | null };

/** A file the person sent, as the data intake takes it; `fetchFile` downloads from MAX's file address. */
export function incomingOfFile(attachment: MaxFileAttachment, fetchFile: typeof fetch): Incoming | null {
  const url = attachment.payload?.url;
  if (!url) return null;
  const fileName = attachment.filename || "file";
  return {
    kind: "document",
    fileName,
    mimeType: null,
    size: typeof attachment.size === "number" ? attachment.size : null,
    download: async () => {
      const response = await fetchFile(url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
      if (!response.ok) throw new Error(`MAX file download failed: HTTP ${response.status}`);
      return new Uint8Array(await response.arrayBuffer());
    },
  };
}

export function incomingOfText(text: string): Incoming {
  const match = text.match(/^\/([A-Za-z_]+)(?:@\S+)?(?:\s+([\s\S]*))?$/);
  if (match) return { kind: "command", name: match[1]!, args: (match[2] ?? "").trim() };
  return { kind: "text", text };
}

function keyboard(rows: Button[][] | undefined, botUsername: string | undefined) {
  if (!rows?.length) return [];
  const buttons = rows
    .map((row) =>
      row.flatMap((button): MaxButton[] => {
        if (button.kind === "action") return [{ type: "callback", text: button.text, payload: button.data }];
        if (!botUsername) return [];
        return [{ type: "open_app", text: button.text, web_app: botUsername, ...(button.start ? { payload: button.start } : {}) }];
      }),
    )
    .filter((row) => row.length);
  return buttons.length ? [Keyboard.inlineKeyboard(buttons as never)] : [];
}

export interface MaxBot {
  bot: Bot;
  /**
   * Feeds one update through the middleware, as polling does (tests, webhooks). A failed handler is
   * logged; with `rethrow` (the webhook inbox, which retries) it is thrown instead.
   */
  handleUpdate(update: unknown, options?: { rethrow?: boolean }): Promise<void>;
}

/** How long the download of a sent file may take. */
const DOWNLOAD_TIMEOUT_MS = 120_000;
/** A progress message is edited at most this often. */
const PROGRESS_EVERY_MS = 2_000;

/** The SDK's fetch has no timeout: a MAX API that never answers would hold a call forever. */
function withTimeout(fetchFn: typeof fetch = globalThis.fetch, ms = 45_000): typeof fetch {
  return (input, init) => {
    const timeout = AbortSignal.timeout(ms);
    return fetchFn(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout });
  };
}

export type RawUpdate = {
  update_type?: string;
  timestamp?: number;
  chat_id?: number;
  user?: { user_id?: number };
  message?: { body?: { mid?: string }; recipient?: { chat_id?: number | null }; sender?: { user_id?: number } } | null;
  callback?: { callback_id?: string; user?: { user_id?: number } };
};

/**
 * MAX updates carry no id: the message id, the callback id, or what identifies a bot_started. `chat`
 * is the chat whose updates run in order (the webhook inbox's chat key, server/webhooks.ts, too).
 */
export function updateKey(update: RawUpdate): { chat: string; key: string } {
  const chat = String(
    update.chat_id ?? update.message?.recipient?.chat_id ?? update.callback?.user?.user_id ?? update.user?.user_id ?? update.message?.sender?.user_id ?? "",
  );
  if (update.update_type === "message_callback" && update.callback?.callback_id) return { chat, key: `cb:${update.callback.callback_id}` };
  if (update.update_type === "message_created" && update.message?.body?.mid) return { chat, key: `msg:${update.message.body.mid}` };
  return { chat, key: `${update.update_type}:${chat}:${update.user?.user_id ?? ""}:${update.timestamp ?? ""}` };
}

export function createMaxBot(token: string, deps: BotDeps, options: { clientOptions?: ClientOptions; botInfo?: Bot["botInfo"] } = {}): MaxBot {
  const bot = new Bot(token, { clientOptions: { ...options.clientOptions, fetch: withTimeout(options.clientOptions?.fetch) } });
  if (options.botInfo) bot.botInfo = options.botInfo;
  // The SDK handles all updates of one poll at once (Promise.all): two quick presses in one chat
  // would race. One chat's updates run in order, different chats side by side; an update handled
  // before (a redelivery) does nothing.
  const inChatOrder = keyedSerializer();
  const processed = deps.updates ?? memoryUpdateLog();
  bot.use(async (ctx, next) => {
    const { chat } = updateKey(ctx.update as RawUpdate);
    await inChatOrder(chat, () => next());
  });
  /**
   * Progress of a long turn in one message of the chat: sent on the first report, edited at most
   * once per 2 s after that; a report while the previous one is on its way is skipped. Never throws.
   */
  const progressIn = (chatId: number) => {
    let mid: string | undefined;
    let last = -Infinity;
    let busy = false;
    return async (text: string) => {
      const now = deps.clock.now().getTime();
      if (busy || now - last < PROGRESS_EVERY_MS) return;
      busy = true;
      last = now;
      try {
        if (mid === undefined) mid = ((await bot.api.sendMessageToChat(chatId, text)) as { body?: { mid?: string } }).body?.mid;
        else await bot.api.editMessage(mid, { text });
      } catch (error) {
        deps.log.warn({ err: String(error) }, "progress message failed; continuing");
      } finally {
        busy = false;
      }
    };
  };
  const channel = (chatId: number): ChannelInfo => ({
    channel: "max",
    startLinks: deps.startLinks,
    appAvailable: appAvailable(deps),
    progress: progressIn(chatId),
  });

  async function render(ctx: AnyContext, chatId: number, effects: Effect[]) {
    const username = bot.botInfo?.username ?? undefined;
    const messageId = (ctx.message as { body?: { mid?: string } } | undefined)?.body?.mid;
    const callbackId = (ctx.callback as { callback_id?: string } | undefined)?.callback_id;
    for (const effect of effects) {
      switch (effect.kind) {
        case "send":
        case "edit": {
          const body = {
            text: effect.screen.text,
            attachments: keyboard(effect.screen.buttons, username),
            ...(effect.screen.html ? { format: "html" as const } : {}),
          };
          if (effect.kind === "edit" && messageId && callbackId) await bot.api.editMessage(messageId, body);
          else await bot.api.sendMessageToChat(chatId, body.text, { attachments: body.attachments, ...(body.format ? { format: body.format } : {}) });
          break;
        }
        case "ack":
          if (callbackId) {
            // MAX answers a button press with an optional notification.
            await bot.api.answerOnCallback(callbackId, (effect.text ? { notification: effect.text } : {}) as never);
          }
          break;
        case "clearButtons":
          if (messageId && callbackId) await bot.api.editMessage(messageId, { attachments: [] });
          break;
        case "forgotten":
          // MAX keeps no chat state of ours.
          break;
        case "commands":
          // MAX has one command list per bot, set at start (setupMaxMenus); per-chat menus do not exist.
          break;
        case "document": {
          // The SDK's upload API gives the upload address; the file goes there as multipart with its
          // own name (the SDK's buffer upload would name it with a random UUID) through the client's fetch.
          const slot = await bot.api.raw.uploads.getUploadUrl({ type: "file" });
          const form = new FormData();
          form.append("data", new Blob([Uint8Array.from(effect.content)], { type: effect.mimeType }), effect.filename);
          const uploaded = await withTimeout(options.clientOptions?.fetch)(slot.url, { method: "POST", body: form });
          if (!uploaded.ok) throw new Error(`MAX file upload failed: HTTP ${uploaded.status}`);
          const token = ((await uploaded.json().catch(() => ({}))) as { token?: string }).token ?? slot.token;
          if (!token) throw new Error("MAX file upload returned no token");
          const attachments = [{ type: "file" as const, payload: { token } }];
          // MAX may still be processing the file: "attachment.not.ready" is retried a few times.
          for (let attempt = 0; ; attempt++) {
            try {
              await bot.api.sendMessageToChat(chatId, effect.caption ?? effect.filename, { attachments } as never);
              break;
            } catch (error) {
              if (attempt >= 4 || !(error instanceof MaxError && /attachment\.not\.ready/.test(String(error.code ?? error.message)))) throw error;
              await new Promise((resolve) => setTimeout(resolve, 500 * (attempt + 1)));
            }
          }
          break;
        }
      }
    }
  }

  async function turn(ctx: AnyContext, user: MaxUser | undefined, chatId: number | null | undefined, incoming: Incoming) {
    const account = accountOf(user, chatId);
    if (!account || !chatId) return;
    // Handled before (a redelivery, a retried webhook): nothing to do. The claim also reads the person.
    const update = { channel: `max:${bot.botInfo?.user_id ?? ""}`, key: updateKey(ctx.update as RawUpdate).key };
    await handleOnce(
      processed,
      update,
      account,
      async (known) => {
        const result = await handleTurn(deps, channel(chatId), account, incoming, known);
        await render(ctx, chatId, result.effects);
      },
      answerPrefetch(incoming),
    );
  }

  bot.on("bot_started", async (ctx) => {
    const update = ctx.update as { user: MaxUser; chat_id: number; payload?: string | null };
    await turn(ctx, update.user, update.chat_id, { kind: "start", payload: update.payload ?? "" });
  });
  bot.on("message_created", async (ctx) => {
    const message = ctx.message as {
      sender?: MaxUser;
      recipient: { chat_id: number | null; chat_type: string };
      body: { text: string | null; attachments?: Array<{ type?: string }> | null };
    };
    // Journeys are personal: group chats and channels are not served.
    if (message.recipient.chat_type !== "dialog" || message.sender?.username === bot.botInfo?.username) return;
    const file = message.body.attachments?.find((attachment) => attachment.type === "file") as MaxFileAttachment | undefined;
    const document = file ? incomingOfFile(file, withTimeout(options.clientOptions?.fetch, DOWNLOAD_TIMEOUT_MS)) : null;
    await turn(ctx, message.sender ?? undefined, message.recipient.chat_id, document ?? incomingOfText(message.body.text ?? ""));
  });
  bot.on("message_callback", async (ctx) => {
    const update = ctx.update as {
      callback: { payload?: string; user: MaxUser };
      message?: { recipient: { chat_id: number | null; chat_type?: string } } | null;
    };
    if (update.message?.recipient.chat_type && update.message.recipient.chat_type !== "dialog") return;
    await turn(ctx, update.callback.user, update.message?.recipient.chat_id, { kind: "action", data: update.callback.payload ?? "" });
  });

  bot.catch(async (error, ctx) => {
    deps.log.error({ err: error instanceof Error ? error.stack : String(error) }, "max handler failed");
    const chatId = (ctx.chatId as number | undefined) ?? undefined;
    if (chatId) await bot.api.sendMessageToChat(chatId, ru.error).catch(() => undefined);
  });

  return {
    bot,
    handleUpdate: async (update, handling) => {
      const ctx = new Context(update as never, bot.api, bot.botInfo);
      try {
        await bot.middleware()(ctx, () => Promise.resolve(undefined));
      } catch (error) {
        if (handling?.rethrow) throw error;
        deps.log.error({ err: error instanceof Error ? error.stack : String(error) }, "max handler failed");
      }
    },
  };
}

/** MAX has one command list per bot: the full list, with /help explaining what each role may use. */
export async function setupMaxMenus(bot: Bot, deps: BotDeps, commands: CommandSpec[]): Promise<void> {
  await bot.api
    .setMyCommands(commands.map((command) => ({ name: command.command, description: command.description })))
    .catch((error) => deps.log.warn({ err: String(error) }, "MAX setMyCommands failed; continuing"));
}

/** 401 (wrong token) or 404 from the MAX API: retrying cannot help. */
export const isMaxTokenRefused = (error: unknown) => error instanceof MaxError && (error.status === 401 || error.status === 404);

/**
 * Long polling for MAX, in place of the SDK's loop (which waits for a whole batch before the next
 * poll, backs off up to 60 s and prints English errors): updates are dispatched without waiting for
 * each other (one chat in order, see createMaxBot), at most `concurrency` at a time, and failed
 * polls are retried within seconds, each reported through `events`.
 */
export function pollMax(
  max: MaxBot,
  events: PollingEvents,
  options: { retryDelayMs?: (attempt: number) => number; concurrency?: number } = {},
) {
  const delay = options.retryDelayMs ?? retryDelayMs;
  const limit = options.concurrency ?? 200;
  const controller = new AbortController();
  const inFlight = new Set<Promise<void>>();
  let marker: number | undefined;
  const task = (async () => {
    for (let attempt = 0; !controller.signal.aborted; ) {
      try {
        while (inFlight.size >= limit) await Promise.race(inFlight);
        const response = await max.bot.api.getUpdates([], { marker, timeout: 25, signal: controller.signal } as never);
        events.connected();
        attempt = 0;
        if (response.marker !== undefined && response.marker !== null) marker = response.marker;
        for (const update of response.updates) {
          const handling: Promise<void> = max.handleUpdate(update).finally(() => inFlight.delete(handling));
          inFlight.add(handling);
        }
      } catch (error) {
        if (controller.signal.aborted) break;
        if (isMaxTokenRefused(error)) {
          events.tokenRefused(error);
          throw error;
        }
        events.failed(error);
        await new Promise((resolve) => {
          const timer = setTimeout(resolve, delay(attempt++));
          controller.signal.addEventListener("abort", () => (clearTimeout(timer), resolve(undefined)), { once: true });
        });
      }
    }
  })();
  return {
    task,
    stop: () => {
      controller.abort();
      return task.catch(() => undefined);
    },
  };
}
