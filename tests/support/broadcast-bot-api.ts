// A local Bot API stand-in for broadcasts (tests/server/broadcast-queue.test.ts, bench/broadcast.ts):
// a real HTTP server speaking Telegram's sendMessage/sendDocument JSON, that enforces a rate (at
// most `limit` accepted messages in any sliding 1-second window, all chats together) and answers
// 429 with retry_after beyond it, and 403 for chats that "blocked the bot". It records every
// accepted message, so a test or the benchmark counts duplicates and losses per chat.
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface StandInOptions {
  /** Accepted messages in any 1-second window (Telegram's bulk limit is about 30). */
  limit: number;
  /** retry_after of a 429, in seconds (Telegram gives at least 1). */
  retryAfter?: number;
  /** Chats that answer 403 «bot was blocked by the user». */
  blocked?: Iterable<string>;
  /** Time the stand-in takes to answer, ms (a real Bot API takes tens of ms). */
  latencyMs?: number;
}

export interface Accepted {
  method: string;
  chatId: string;
  text: string | null;
  at: number;
  replyMarkup: unknown;
}

export class RateLimitedBotApi {
  readonly accepted: Accepted[] = [];
  tooMany = 0;
  forbidden = 0;
  /** Accepted times in the last second (the sliding window). */
  private window: number[] = [];
  private server: http.Server | undefined;
  private readonly blocked: Set<string>;
  apiRoot = "";

  constructor(private readonly options: StandInOptions) {
    this.blocked = new Set(options.blocked ?? []);
  }

  async start(): Promise<string> {
    this.server = http.createServer((request, response) => void this.handle(request, response));
    // Connections are kept alive by undici: many sends share a few sockets, as with the real API.
    this.server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.apiRoot = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.apiRoot;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Messages each chat got. */
  perChat(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const message of this.accepted) counts.set(message.chatId, (counts.get(message.chatId) ?? 0) + 1);
    return counts;
  }

  /** The most accepted messages in any window [t, t + 1 s). */
  maxInAnySecond(): number {
    const times = this.accepted.map((message) => message.at).sort((a, b) => a - b);
    let best = 0;
    for (let start = 0, end = 0; start < times.length; start++) {
      while (end < times.length && times[end]! < times[start]! + 1000) end++;
      best = Math.max(best, end - start);
    }
    return best;
  }

  private async handle(request: http.IncomingMessage, response: http.ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const method = (request.url ?? "").split("/").pop() ?? "";
    const type = request.headers["content-type"] ?? "";
    const fields = type.startsWith("application/json") ? (JSON.parse(raw.toString("utf8") || "{}") as Record<string, unknown>) : multipartFields(raw, type);
    if (this.options.latencyMs) await new Promise((resolve) => setTimeout(resolve, this.options.latencyMs));
    const reply = (status: number, body: object) => {
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify(body));
    };
    if (method === "getMe") return reply(200, { ok: true, result: { id: 1, is_bot: true, first_name: "Stand-in", username: "standin_bot" } });
    if (method !== "sendMessage" && method !== "sendDocument") return reply(404, { ok: false, error_code: 404, description: "Not Found: method not found" });
    const chatId = String(fields.chat_id ?? "");
    if (this.blocked.has(chatId)) {
      this.forbidden++;
      return reply(403, { ok: false, error_code: 403, description: "Forbidden: bot was blocked by the user" });
    }
    const now = Date.now();
    this.window = this.window.filter((at) => at > now - 1000);
    if (this.window.length >= this.options.limit) {
      this.tooMany++;
      const retryAfter = this.options.retryAfter ?? 1;
      return reply(429, { ok: false, error_code: 429, description: `Too Many Requests: retry after ${retryAfter}`, parameters: { retry_after: retryAfter } });
    }
    this.window.push(now);
    const text = (method === "sendMessage" ? fields.text : fields.caption) ?? null;
    const markup = typeof fields.reply_markup === "string" ? JSON.parse(fields.reply_markup) : (fields.reply_markup ?? null);
    this.accepted.push({ method, chatId, text: text as string | null, at: now, replyMarkup: markup });
    reply(200, {
      ok: true,
      result: { message_id: this.accepted.length, date: Math.floor(now / 1000), chat: { id: Number(chatId), type: "private" }, text },
    });
  }
}

/** Text fields of a multipart body (sendDocument); files are skipped. Also the region bench's stand-in. */
export function multipartFields(raw: Buffer, type: string): Record<string, unknown> {
  const boundary = /boundary=(.+)$/.exec(type)?.[1];
  if (!boundary) return {};
  const fields: Record<string, unknown> = {};
  for (const part of raw.toString("latin1").split(`--${boundary}`).slice(1)) {
    const split = part.indexOf("\r\n\r\n");
    if (split < 0) continue;
    const head = part.slice(0, split);
    const name = /name="([^"]+)"/.exec(head)?.[1];
    if (!name || /filename=/.test(head)) continue;
    fields[name] = Buffer.from(part.slice(split + 4).replace(/\r\n$/, ""), "latin1").toString("utf8");
  }
  return fields;
}
