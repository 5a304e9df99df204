// Telegram without Telegram: a fake Bot API given to grammY as `client.fetch` (so it also sees the
// calls made inside conversations), and builders of realistic updates for `bot.handleUpdate`.
import type { UserFromGetMe, Update, Message, InlineKeyboardMarkup } from "grammy/types";
import { createTelegramBot, telegramStartLink, type TelegramDeps } from "../../bot/channels/telegram.ts";
import { randomBytes } from "node:crypto";
import { DEFAULT_METHODOLOGY } from "../../core/methodology/settings.ts";
import { PrismaAdminRepository } from "../../prisma/admin.ts";
import { PrismaRepository } from "../../prisma/repository.ts";
import { surveysContext } from "../../prisma/surveys.ts";
import { testManagement } from "./management.ts";
import { testNetwork } from "./network.ts";
import { PrismaUpdateLog } from "../../prisma/processed-updates.ts";
import type { Database } from "../../prisma/db.ts";
import { summaryWorkbook } from "../../files/summary-xlsx.ts";

export const TEST_TOKEN = "1234567890:TEST_TOKEN_abcdefghijklmnopqrstuvwxyz";
export const MAX_TEST_TOKEN = "max_test_token_0123456789abcdefghijklmnop";
export const botInfo = {
  id: 1234567890,
  is_bot: true,
  first_name: "Поддержка школ",
  username: "shnor_test_bot",
  can_join_groups: false,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
} as UserFromGetMe;

export interface ApiCall {
  method: string;
  payload: Record<string, any>;
  result?: any;
}

export class FakeTelegram {
  readonly calls: ApiCall[] = [];
  private messageId = 1000;
  /** Methods that answer with an error, like an emulator that lacks them. */
  readonly missing = new Set<string>();
  /** Scripted failures: method → queue of { code, description, retry_after }. */
  readonly failures = new Map<string, Array<{ error_code: number; description: string; retry_after?: number }>>();

  /** Files people "sent" to the bot: file_id → bytes, served by getFile and the file address. */
  private readonly files = new Map<string, { bytes: Uint8Array; path: string }>();
  /** Downloads of sent files (the address without the token), in order. */
  readonly downloads: string[] = [];

  /** Puts a file on the stand-in's servers, as if a person had sent it; returns its file_id. */
  addFile(bytes: Uint8Array, fileName: string): string {
    const fileId = `file${this.files.size + 1}`;
    this.files.set(fileId, { bytes, path: `documents/${fileId}_${fileName.replace(/[^A-Za-z0-9._-]/g, "_")}` });
    return fileId;
  }

  fetch = async (url: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const address = new URL(String(url));
    // A file download: /file/bot<token>/<file_path>, outside the method calls.
    const download = address.pathname.match(/^\/file\/bot([^/]+)\/(.+)$/);
    if (download) {
      this.downloads.push(download[2]!);
      const file = download[1] === TEST_TOKEN ? [...this.files.values()].find((candidate) => candidate.path === download[2]) : undefined;
      return file ? new Response(Buffer.from(file.bytes)) : new Response("Not Found", { status: 404 });
    }
    const method = String(url).split("/").pop()!;
    const payload = await this.payloadOf(init);
    const call: ApiCall = { method, payload };
    this.calls.push(call);
    const failure = this.failures.get(method)?.shift();
    if (failure) {
      return Response.json({
        ok: false,
        error_code: failure.error_code,
        description: failure.description,
        ...(failure.retry_after ? { parameters: { retry_after: failure.retry_after } } : {}),
      });
    }
    if (this.missing.has(method)) return Response.json({ ok: false, error_code: 404, description: "Not Found: method not found" });
    call.result = this.result(method, payload);
    return Response.json({ ok: true, result: call.result });
  };

  /** JSON, or multipart when grammY uploads a file (sendDocument): fields as text, files as { filename, bytes }. */
  private async payloadOf(init: RequestInit | undefined): Promise<Record<string, any>> {
    if (!init?.body) return {};
    const headers = new Headers(init.headers as HeadersInit | undefined);
    const type = headers.get("content-type") ?? "";
    if (!type.startsWith("multipart/form-data")) return JSON.parse(String(init.body));
    // grammY streams multipart bodies (a Node Readable), in a shape undici's formData() refuses: parse by hand.
    const chunks: Buffer[] = [];
    for await (const chunk of init.body as unknown as AsyncIterable<Uint8Array | string>) chunks.push(Buffer.from(chunk));
    const raw = Buffer.concat(chunks).toString("latin1");
    const boundary = type.match(/boundary=(.+)$/)![1]!;
    const payload: Record<string, any> = {};
    for (const part of raw.split(`--${boundary}`).slice(1)) {
      const split = part.indexOf("\r\n\r\n");
      if (split < 0) continue;
      const head = part.slice(0, split);
      const body = part.slice(split + 4).replace(/\r\n$/, "");
      const name = head.match(/name="([^"]+)"/)?.[1];
      if (!name) continue;
      // grammY writes `filename=<name>` unquoted, up to the end of the line.
      const filename = head.match(/filename="?([^"\r\n]*)"?/)?.[1];
      payload[name] = filename === undefined
        ? Buffer.from(body, "latin1").toString("utf8")
        : { filename, bytes: new Uint8Array(Buffer.from(body, "latin1")) };
    }
    return payload;
  }

  /** Files sent to a chat with sendDocument: the uploaded bytes, name and caption. */
  documents(chatId: number): Array<{ filename: string; bytes: Uint8Array; caption?: string }> {
    return this.calls
      .filter((call) => call.method === "sendDocument" && Number(call.payload.chat_id) === chatId)
      .map((call) => {
        const file = Object.values(call.payload).find((value) => value && typeof value === "object" && "bytes" in value);
        return { filename: file?.filename, bytes: file?.bytes, caption: call.payload.caption };
      });
  }

  private message(payload: Record<string, any>, messageId: number): Message {
    return {
      message_id: messageId,
      date: Math.floor(Date.now() / 1000),
      chat: { id: Number(payload.chat_id), type: "private", first_name: "Пользователь" },
      from: botInfo,
      text: payload.text,
      ...(payload.reply_markup ? { reply_markup: payload.reply_markup } : {}),
    } as Message;
  }

  private result(method: string, payload: Record<string, any>): unknown {
    switch (method) {
      case "getMe":
        return botInfo;
      case "sendMessage":
        return this.message(payload, ++this.messageId);
      case "sendDocument":
        return { ...this.message({ chat_id: payload.chat_id }, ++this.messageId), document: { file_id: `doc${this.messageId}` } };
      case "editMessageText":
      case "editMessageReplyMarkup":
        return this.message(payload, payload.message_id);
      case "getFile": {
        const file = this.files.get(String(payload.file_id));
        return file
          ? { file_id: payload.file_id, file_unique_id: `u${payload.file_id}`, file_size: file.bytes.byteLength, file_path: file.path }
          : { file_id: payload.file_id, file_unique_id: `u${payload.file_id}` };
      }
      default:
        return true;
    }
  }

  /** Messages (sent or edited) addressed to a chat, in order. */
  toChat(chatId: number): ApiCall[] {
    return this.calls.filter(
      (call) => ["sendMessage", "editMessageText"].includes(call.method) && Number(call.payload.chat_id) === chatId,
    );
  }

  lastText(chatId: number): string {
    return this.toChat(chatId).at(-1)?.payload.text ?? "";
  }

  clear(): void {
    this.calls.length = 0;
  }
}

let updateId = 1;

export function textUpdate(userId: number, text: string, firstName = "Мария"): Update {
  const command = text.startsWith("/") ? text.split(" ")[0]! : null;
  return {
    update_id: updateId++,
    message: {
      message_id: updateId,
      date: Math.floor(Date.now() / 1000),
      chat: { id: userId, type: "private", first_name: firstName },
      from: { id: userId, is_bot: false, first_name: firstName, language_code: "ru" },
      text,
      ...(command ? { entities: [{ type: "bot_command", offset: 0, length: command.length }] } : {}),
    },
  } as Update;
}

/** A document sent in a private chat; `size` is what Telegram reports (a big file need not exist). */
export function documentUpdate(
  userId: number,
  document: { fileId: string; fileName: string; mimeType?: string; size: number },
  firstName = "Мария",
): Update {
  return {
    update_id: updateId++,
    message: {
      message_id: updateId,
      date: Math.floor(Date.now() / 1000),
      chat: { id: userId, type: "private", first_name: firstName },
      from: { id: userId, is_bot: false, first_name: firstName, language_code: "ru" },
      document: {
        file_id: document.fileId,
        file_unique_id: `u${document.fileId}`,
        file_name: document.fileName,
        ...(document.mimeType ? { mime_type: document.mimeType } : {}),
        file_size: document.size,
      },
    },
  } as Update;
}

export function callbackUpdate(userId: number, data: string, messageId: number, firstName = "Мария"): Update {
  return {
    update_id: updateId++,
    callback_query: {
      id: String(updateId),
      from: { id: userId, is_bot: false, first_name: firstName, language_code: "ru" },
      chat_instance: "ci" + userId,
      data,
      message: {
        message_id: messageId,
        date: Math.floor(Date.now() / 1000),
        chat: { id: userId, type: "private", first_name: firstName },
        from: botInfo,
        text: "…",
      },
    },
  } as Update;
}

export function makeBotDeps(db: Database, overrides: Partial<TelegramDeps> = {}): TelegramDeps {
  // The update log reads the person through the same repository (its cache of accounts).
  const repo = new PrismaRepository(db.prisma);
  return {
    repo,
    clock: { now: () => new Date() },
    settings: DEFAULT_METHODOLOGY,
    randomBytes: (size) => randomBytes(size),
    summaryWorkbook,
    admin: new PrismaAdminRepository(db.prisma),
    publicUrl: "https://miniapp.example.ru",
    timezone: "Europe/Moscow",
    startLinks: { telegram: telegramStartLink(botInfo.username) },
    log: { info: () => undefined, warn: () => undefined, error: (obj) => console.error(obj) },
    updates: new PrismaUpdateLog(db.prisma, undefined, repo),
    surveys: surveysContext(db.prisma),
    management: testManagement(db),
    network: testNetwork(db),
    ...overrides,
  };
}

export function makeTestBot(db: Database, telegram: FakeTelegram, overrides: Partial<TelegramDeps> = {}) {
  return createTelegramBot(TEST_TOKEN, makeBotDeps(db, overrides), { botInfo, client: { fetch: telegram.fetch as typeof fetch } });
}

/** A person in a private chat with the bot: sends text, presses buttons of the latest keyboard. */
export class ChatUser {
  constructor(
    public bot: ReturnType<typeof makeTestBot>,
    readonly telegram: FakeTelegram,
    readonly id: number,
    readonly firstName = "Мария",
  ) {}

  async send(text: string): Promise<void> {
    await this.bot.handleUpdate(textUpdate(this.id, text, this.firstName));
  }

  /** Sends a file as a document; `size` overrides the reported size (a file too big to exist). */
  async sendDocument(fileName: string, bytes: Uint8Array, options: { mimeType?: string; size?: number } = {}): Promise<void> {
    const fileId = this.telegram.addFile(bytes, fileName);
    await this.bot.handleUpdate(
      documentUpdate(this.id, { fileId, fileName, mimeType: options.mimeType, size: options.size ?? bytes.byteLength }, this.firstName),
    );
  }

  /** The latest message to this chat that carries an inline keyboard, with its message id. */
  keyboardMessage(): { messageId: number; text: string; buttons: Array<{ text: string; data?: string; url?: string }> } {
    const calls = this.telegram.toChat(this.id);
    for (let index = calls.length - 1; index >= 0; index--) {
      const call = calls[index]!;
      const markup = call.payload.reply_markup as InlineKeyboardMarkup | undefined;
      if (!markup?.inline_keyboard) continue;
      const messageId = call.method === "editMessageText" ? Number(call.payload.message_id) : Number(call.result?.message_id);
      return {
        messageId,
        text: call.payload.text,
        buttons: markup.inline_keyboard.flat().map((button: any) => ({
          text: button.text,
          data: button.callback_data,
          url: button.web_app?.url ?? button.url,
        })),
      };
    }
    throw new Error(`no keyboard in chat ${this.id}`);
  }

  async press(buttonText: string | RegExp): Promise<void> {
    const message = this.keyboardMessage();
    const button = message.buttons.find((candidate) =>
      typeof buttonText === "string" ? candidate.text === buttonText : buttonText.test(candidate.text),
    );
    if (!button?.data) throw new Error(`no button ${buttonText} in: ${message.buttons.map((b) => b.text).join(" | ")}`);
    await this.bot.handleUpdate(callbackUpdate(this.id, button.data, message.messageId, this.firstName));
  }

  async pressData(data: string, messageId = this.keyboardMessage().messageId): Promise<void> {
    await this.bot.handleUpdate(callbackUpdate(this.id, data, messageId, this.firstName));
  }

  lastText(): string {
    return this.telegram.lastText(this.id);
  }
}
