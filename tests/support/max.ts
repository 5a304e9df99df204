// MAX without MAX: a stand-in for the MAX Bot API given to the SDK as `clientOptions.fetch`, builders
// of MAX updates, and a person in a MAX dialog who sends text and presses buttons.
import { sign } from "@telegram-apps/init-data-node";
import { createMaxBot, maxStartLink } from "../../bot/channels/max.ts";
import type { Database } from "../../prisma/db.ts";
import { makeBotDeps, MAX_TEST_TOKEN, botInfo as telegramBotInfo } from "./telegram.ts";
import { telegramStartLink, type TelegramDeps } from "../../bot/channels/telegram.ts";

export const maxBotInfo = {
  user_id: 5550001,
  first_name: "Поддержка школ",
  username: "shnor_max_bot",
  is_bot: true,
  last_activity_time: Date.now(),
  name: "Поддержка школ",
};

/** Where the stand-in's `POST /uploads` sends files (MAX gives an address on its upload server). */
const UPLOAD_HOST = "upload.max.test";
/** Where files people send are downloaded from (the `payload.url` of a file attachment). */
const FILE_HOST = "files.max.test";

export interface MaxCall {
  method: string;
  path: string;
  query: Record<string, string>;
  body: any;
  result?: any;
}

export class FakeMax {
  readonly calls: MaxCall[] = [];
  private seq = 0;
  /** Which chat a message id belongs to (edits carry only the id). */
  private readonly chatOf = new Map<string, number>();
  readonly failures = new Map<string, Array<{ status: number; code: string; message: string }>>();

  fetch = async (url: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const parsed = new URL(String(url));
    if (parsed.host === UPLOAD_HOST) return this.receiveUpload(parsed, init);
    if (parsed.host === FILE_HOST) {
      this.downloads.push(parsed.pathname);
      const file = this.files.get(parsed.pathname);
      return file ? new Response(Buffer.from(file)) : new Response("Not Found", { status: 404 });
    }
    const call: MaxCall = {
      method: init?.method ?? "GET",
      path: parsed.pathname.replace(/^\//, ""),
      query: Object.fromEntries(parsed.searchParams),
      body: init?.body ? JSON.parse(String(init.body)) : undefined,
    };
    this.calls.push(call);
    if ((init?.headers as Record<string, string> | undefined)?.Authorization !== MAX_TEST_TOKEN) {
      return Response.json({ code: "verify.token", message: "Invalid access_token" }, { status: 401 });
    }
    const failure = this.failures.get(`${call.method} ${call.path}`)?.shift();
    if (failure) return Response.json({ code: failure.code, message: failure.message }, { status: failure.status });
    call.result = this.result(call);
    return Response.json(call.result);
  };

  /** Files people "sent" to the bot, by path on the file host. */
  private readonly files = new Map<string, Uint8Array>();
  /** Downloads of sent files (paths on the file host), in order. */
  readonly downloads: string[] = [];

  /** Puts a file on the stand-in's file host, as if a person had sent it; returns its address. */
  addFile(bytes: Uint8Array): string {
    const path = `/files/${this.files.size + 1}`;
    this.files.set(path, bytes);
    return `http://${FILE_HOST}${path}`;
  }

  /** Files uploaded to the address that `POST /uploads` handed out, as MAX's upload server takes them. */
  readonly uploads: Array<{ token: string; filename: string; mimeType: string; bytes: Uint8Array }> = [];

  private async receiveUpload(url: URL, init: RequestInit | undefined): Promise<Response> {
    const form = await new Response(init?.body as BodyInit, { headers: new Headers(init?.headers as HeadersInit | undefined) }).formData();
    const file = form.get("data");
    if (!file || typeof file === "string") return Response.json({ code: "upload.error", message: "no file" }, { status: 400 });
    const token = `file-token-${url.searchParams.get("slot")}`;
    this.uploads.push({ token, filename: file.name, mimeType: file.type, bytes: new Uint8Array(await file.arrayBuffer()) });
    return Response.json({ token });
  }

  /** Files sent to a chat: the uploaded bytes behind each file attachment, with the message text as caption. */
  documents(chatId: number): Array<{ filename: string; bytes: Uint8Array; caption?: string }> {
    return this.toChat(chatId).flatMap(({ call }) =>
      (call.body?.attachments ?? [])
        .filter((attachment: any) => attachment.type === "file")
        .map((attachment: any) => {
          const upload = this.uploads.find((candidate) => candidate.token === attachment.payload.token);
          return { filename: upload?.filename ?? "", bytes: upload?.bytes ?? new Uint8Array(), caption: call.body.text };
        }),
    );
  }

  private result(call: MaxCall): unknown {
    const key = `${call.method} ${call.path}`;
    if (key === "POST uploads") return { url: `http://${UPLOAD_HOST}/upload?slot=${++this.seq}` };
    if (key === "GET me" || key === "PATCH me/commands") return maxBotInfo;
    if (key === "POST messages") {
      const mid = `mid.${++this.seq}`;
      const chatId = Number(call.query.chat_id);
      this.chatOf.set(mid, chatId);
      return {
        message: {
          sender: maxBotInfo,
          recipient: { chat_id: chatId, chat_type: "dialog", user_id: null },
          timestamp: Date.now(),
          body: { mid, seq: this.seq, text: call.body.text, attachments: call.body.attachments ?? null },
        },
      };
    }
    if (key === "GET updates") return { updates: [], marker: null };
    if (key === "GET subscriptions") return { subscriptions: [] };
    return { success: true };
  }

  /** Messages sent to or edited in a chat, in order, as { mid, text, attachments }. */
  toChat(chatId: number) {
    return this.calls
      .filter((call) => call.path === "messages" && (call.method === "POST" || call.method === "PUT"))
      .map((call) => {
        const mid = call.method === "POST" ? call.result?.message?.body?.mid : call.query.message_id;
        return { call, mid: mid as string, chat: call.method === "POST" ? Number(call.query.chat_id) : this.chatOf.get(mid) };
      })
      .filter((entry) => entry.chat === chatId);
  }
}

let clock = 1_800_000_000_000;
const user = (id: number, firstName: string) => ({
  user_id: id,
  first_name: firstName,
  username: null,
  is_bot: false,
  last_activity_time: clock,
  name: firstName,
});

export function makeMaxBot(db: Database, max: FakeMax, overrides: Partial<TelegramDeps> = {}) {
  const deps = makeBotDeps(db, {
    startLinks: { telegram: telegramStartLink(telegramBotInfo.username), max: maxStartLink(maxBotInfo.username) },
    ...overrides,
  });
  return createMaxBot(MAX_TEST_TOKEN, deps, {
    clientOptions: { baseUrl: "http://max.test", fetch: max.fetch as typeof fetch },
    botInfo: maxBotInfo as never,
  });
}

/** A person in a dialog with the MAX bot; the chat id differs from the user id, as in MAX. */
export class MaxUser {
  readonly chatId: number;
  constructor(
    public bot: ReturnType<typeof makeMaxBot>,
    readonly max: FakeMax,
    readonly id: number,
    readonly firstName = "Анна",
  ) {
    this.chatId = 900_000 + id;
  }

  async open(payload?: string): Promise<void> {
    await this.bot.handleUpdate({
      update_type: "bot_started",
      timestamp: ++clock,
      chat_id: this.chatId,
      user: user(this.id, this.firstName),
      payload: payload ?? null,
      user_locale: "ru",
    });
  }

  async send(text: string): Promise<void> {
    await this.bot.handleUpdate({
      update_type: "message_created",
      timestamp: ++clock,
      message: {
        sender: user(this.id, this.firstName),
        recipient: { chat_id: this.chatId, chat_type: "dialog", user_id: null },
        timestamp: clock,
        body: { mid: `in.${clock}`, seq: clock, text },
      },
      user_locale: "ru",
    });
  }

  /** Sends a file (a `file` attachment with its download address); `size` overrides the reported size. */
  async sendFile(fileName: string, bytes: Uint8Array, options: { size?: number } = {}): Promise<void> {
    const url = this.max.addFile(bytes);
    await this.bot.handleUpdate({
      update_type: "message_created",
      timestamp: ++clock,
      message: {
        sender: user(this.id, this.firstName),
        recipient: { chat_id: this.chatId, chat_type: "dialog", user_id: null },
        timestamp: clock,
        body: {
          mid: `in.${clock}`,
          seq: clock,
          text: "",
          attachments: [{ type: "file", payload: { url, token: `tok${clock}` }, filename: fileName, size: options.size ?? bytes.byteLength }],
        },
      },
      user_locale: "ru",
    });
  }

  keyboardMessage(): { mid: string; text: string; buttons: Array<{ type: string; text: string; payload?: string; web_app?: string }> } {
    const entries = this.max.toChat(this.chatId);
    for (let index = entries.length - 1; index >= 0; index--) {
      const { call, mid } = entries[index]!;
      const keyboard = (call.body.attachments ?? []).find((attachment: any) => attachment.type === "inline_keyboard");
      if (!keyboard) continue;
      return { mid, text: call.body.text, buttons: keyboard.payload.buttons.flat() };
    }
    throw new Error(`no keyboard in MAX chat ${this.chatId}`);
  }

  async press(buttonText: string): Promise<void> {
    const message = this.keyboardMessage();
    const button = message.buttons.find((candidate) => candidate.text === buttonText);
    if (!button?.payload) throw new Error(`no button ${buttonText} in: ${message.buttons.map((b) => b.text).join(" | ")}`);
    await this.pressPayload(button.payload, message.mid);
  }

  async pressPayload(payload: string, mid = this.keyboardMessage().mid): Promise<void> {
    await this.bot.handleUpdate({
      update_type: "message_callback",
      timestamp: ++clock,
      callback: { timestamp: clock, callback_id: `cb.${clock}`, payload, user: user(this.id, this.firstName) },
      message: {
        recipient: { chat_id: this.chatId, chat_type: "dialog", user_id: null },
        timestamp: clock,
        body: { mid, seq: clock, text: "…" },
      },
      user_locale: "ru",
    });
  }

  texts(): string[] {
    return this.max
      .toChat(this.chatId)
      .map((entry) => entry.call.body.text as string | undefined)
      .filter((text): text is string => text !== undefined);
  }

  lastText(): string {
    return this.texts().at(-1) ?? "";
  }
}

/** MAX init data for the test token: the same HMAC scheme as Telegram's, signed by an independent library. */
export function signMaxInitData(userId: number, options: { token?: string; authDate?: Date } = {}): string {
  return sign(
    { user: { id: userId, first_name: "Тест", language_code: "ru" }, query_id: "max" + userId } as never,
    options.token ?? MAX_TEST_TOKEN,
    options.authDate ?? new Date(),
  );
}
