// The Bot API stand-in of bench/region.ts, in a thread of its own (its clock and its answers are not
// held up by the driver): a real HTTP server that speaks the Bot API methods the product calls
// (getMe, setWebhook, deleteWebhook, setMyCommands, setChatMenuButton, sendMessage, editMessageText,
// editMessageReplyMarkup, answerCallbackQuery, sendDocument; any other method answers `true` and is
// counted), answers each after `latencyMs` (a round trip to Telegram), and records every send with
// its chat and time. It tells the driver about each diagnostic screen (a question, the closing
// message, the profile) as it arrives, and at the end reports duplicates, order, the broadcast's
// sends and the busiest 1-second windows.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { parentPort, workerData } from "node:worker_threads";
import { z } from "zod";
import { multipartFields } from "../tests/support/broadcast-bot-api.ts";

const OptionsSchema = z.object({
  latencyMs: z.number().int().min(0).max(10_000),
  botId: z.number().int().positive(),
  botUsername: z.string().min(1),
  /** The broadcast's text: its sends are told apart from the bot's replies by it. */
  broadcastText: z.string().min(1),
  /** The diagnostic's closing message and the profile's first line (core/messages/bot.ts). */
  doneText: z.string().min(1),
  profileTitle: z.string().min(1),
  questions: z.number().int().positive(),
  port: z.number().int().min(0).max(65535),
  /** The secret the instances should register with setWebhook (checked, reported). */
  webhookSecret: z.string().min(1),
});
export type RegionStandInOptions = z.infer<typeof OptionsSchema>;

/** A screen of the diagnostic as the driver needs it: which one, in which message, its answer buttons. */
export interface ScreenEvent {
  kind: "screen";
  chat: number;
  messageId: number;
  /** 1..questions: "Вопрос k из n"; questions + 1: the closing message; questions + 2: the profile. */
  screen: number;
  at: number;
  answers: string[];
}

export interface StandInSummary {
  kind: "closed";
  methods: Record<string, number>;
  /** Methods outside the list above (answered `true`). */
  otherMethods: Record<string, number>;
  webhooks: Array<{ url: string; secretMatches: boolean; dropPending: boolean }>;
  sends: number;
  maxSendsInAnySecond: number;
  /** [chat, extra showings]: screens shown to a chat more than once (each extra showing counts). */
  duplicateScreens: Array<[number, number]>;
  /** [chat, extra calls]: answerCallbackQuery called more than once for one press. */
  duplicateAcks: Array<[number, number]>;
  /** [chat, count]: a screen arriving after a later one in the same chat. */
  outOfOrder: Array<[number, number]>;
  broadcast: {
    sends: number;
    chats: number[];
    duplicates: number;
    first: number | null;
    last: number | null;
    maxInAnySecond: number;
    /** Sends per whole second from the first, for the print-out. */
    perSecond: number[];
  };
}

const options = OptionsSchema.parse(workerData);
const now = () => performance.timeOrigin + performance.now();
const methods: Record<string, number> = {};
const otherMethods: Record<string, number> = {};
const webhooks: Array<{ url: string; secret: string; dropPending: boolean }> = [];
const KNOWN = new Set([
  "getMe",
  "setWebhook",
  "deleteWebhook",
  "getWebhookInfo",
  "setMyCommands",
  "setChatMenuButton",
  "sendMessage",
  "editMessageText",
  "editMessageReplyMarkup",
  "answerCallbackQuery",
  "sendDocument",
]);
const SENDS = new Set(["sendMessage", "editMessageText", "editMessageReplyMarkup", "sendDocument"]);

/** Every send: arrival time, chat, and what it was (0 other, 1..n+2 a diagnostic screen, 255 the broadcast). */
let log = { at: new Float64Array(1 << 16), chat: new Float64Array(1 << 16), what: new Uint8Array(1 << 16), size: 0 };
function record(at: number, chat: number, what: number) {
  if (log.size === log.at.length) {
    const grow = log.at.length * 2;
    const next = { at: new Float64Array(grow), chat: new Float64Array(grow), what: new Uint8Array(grow), size: log.size };
    next.at.set(log.at);
    next.chat.set(log.chat);
    next.what.set(log.what);
    log = next;
  }
  log.at[log.size] = at;
  log.chat[log.size] = chat;
  log.what[log.size] = what;
  log.size++;
}

const BROADCAST = 255;
let broadcastSends = 0;
const SCREENS = options.questions + 2;
/** Per chat: how often each screen was shown, and the last screen number seen. */
const screens = new Map<number, Uint8Array>();
const lastScreen = new Map<number, number>();
const outOfOrder = new Map<number, number>();
/** Per callback query id: how often it was answered. Ids are "<chat>:<press>" (bench/region.ts). */
const acks = new Map<string, number>();
const messageIds = new Map<number, number>();

const QUESTION = /Вопрос (\d+) из (\d+)/;

function screenOf(text: string): number {
  const question = QUESTION.exec(text);
  if (question) return Number(question[1]);
  if (text.startsWith(options.doneText)) return options.questions + 1;
  if (text.startsWith(options.profileTitle)) return options.questions + 2;
  return 0;
}

function answersOf(markup: unknown): string[] {
  const parsed = z.object({ inline_keyboard: z.array(z.array(z.object({ callback_data: z.string().optional() }).passthrough())) }).safeParse(
    typeof markup === "string" ? JSON.parse(markup) : markup,
  );
  if (!parsed.success) return [];
  return parsed.data.inline_keyboard
    .flat()
    .map((button) => button.callback_data)
    .filter((data): data is string => Boolean(data?.startsWith("dg:a:")));
}


function bodyFields(raw: Buffer, type: string): Record<string, unknown> {
  if (type.startsWith("application/json")) return raw.length ? (JSON.parse(raw.toString("utf8")) as Record<string, unknown>) : {};
  if (type.startsWith("multipart/form-data")) return multipartFields(raw, type);
  if (type.startsWith("application/x-www-form-urlencoded")) return Object.fromEntries(new URLSearchParams(raw.toString("utf8")));
  return {};
}

function messageResult(chat: number, messageId: number, text: unknown, at: number) {
  return {
    message_id: messageId,
    date: Math.floor(at / 1000),
    chat: { id: chat, type: "private", first_name: "Педагог" },
    from: { id: options.botId, is_bot: true, first_name: "Поддержка школ", username: options.botUsername },
    ...(typeof text === "string" ? { text } : {}),
  };
}

async function handle(request: http.IncomingMessage, response: http.ServerResponse) {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  // Sends are logged at their arrival (as the Bot API counts them against its limit); a screen is
  // told to the driver after the latency, when the person would see it.
  const arrived = now();
  const method = (request.url ?? "").split("?")[0]!.split("/").pop() ?? "";
  let fields: Record<string, unknown>;
  try {
    fields = bodyFields(raw, String(request.headers["content-type"] ?? ""));
  } catch {
    fields = {};
  }
  if (options.latencyMs) await new Promise((resolve) => setTimeout(resolve, options.latencyMs));
  const at = now();
  const reply = (result: unknown) => {
    response.writeHead(200, { "content-type": "application/json" });
    response.end(JSON.stringify({ ok: true, result }));
  };
  if (KNOWN.has(method)) methods[method] = (methods[method] ?? 0) + 1;
  else otherMethods[method] = (otherMethods[method] ?? 0) + 1;

  const chat = Number(fields.chat_id);
  if (method === "getMe") {
    return reply({
      id: options.botId,
      is_bot: true,
      first_name: "Поддержка школ (замер)",
      username: options.botUsername,
      can_join_groups: false,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
      can_connect_to_business: false,
      has_main_web_app: false,
    });
  }
  if (method === "setWebhook") {
    webhooks.push({ url: String(fields.url ?? ""), secret: String(fields.secret_token ?? ""), dropPending: fields.drop_pending_updates === true });
    return reply(true);
  }
  if (method === "getWebhookInfo") {
    const last = webhooks.at(-1);
    return reply({ url: last?.url ?? "", has_custom_certificate: false, pending_update_count: 0 });
  }
  if (method === "answerCallbackQuery") {
    const id = String(fields.callback_query_id ?? "");
    acks.set(id, (acks.get(id) ?? 0) + 1);
    return reply(true);
  }
  if (SENDS.has(method) && Number.isFinite(chat)) {
    const text = method === "sendDocument" ? fields.caption : fields.text;
    let messageId: number;
    if (method === "sendMessage" || method === "sendDocument") {
      messageId = (messageIds.get(chat) ?? 100) + 1;
      messageIds.set(chat, messageId);
    } else messageId = Number(fields.message_id);
    if (typeof text === "string" && text.startsWith(options.broadcastText)) {
      record(arrived, chat, BROADCAST);
      broadcastSends++;
    } else {
      const screen = typeof text === "string" && method !== "sendDocument" ? screenOf(text) : 0;
      record(arrived, chat, screen);
      if (screen > 0 && screen <= SCREENS) {
        let shown = screens.get(chat);
        if (!shown) screens.set(chat, (shown = new Uint8Array(SCREENS + 1)));
        shown[screen] = Math.min(255, shown[screen]! + 1);
        if (screen < (lastScreen.get(chat) ?? 0)) outOfOrder.set(chat, (outOfOrder.get(chat) ?? 0) + 1);
        lastScreen.set(chat, Math.max(screen, lastScreen.get(chat) ?? 0));
        const event: ScreenEvent = { kind: "screen", chat, messageId, screen, at, answers: answersOf(fields.reply_markup) };
        parentPort!.postMessage(event);
      }
    }
    return reply(messageResult(chat, messageId, text, at));
  }
  return reply(true);
}

/** The most entries of `times` (sorted) in any window [t, t + 1 s). */
function maxInAnySecond(times: Float64Array | number[]): number {
  let best = 0;
  for (let start = 0, end = 0; start < times.length; start++) {
    while (end < times.length && times[end]! < times[start]! + 1000) end++;
    best = Math.max(best, end - start);
  }
  return best;
}

function summary(): StandInSummary {
  const sends = log.size;
  const all = log.at.slice(0, sends).sort();
  const broadcastTimes: number[] = [];
  const broadcastChats = new Map<number, number>();
  for (let index = 0; index < sends; index++) {
    if (log.what[index] !== BROADCAST) continue;
    broadcastTimes.push(log.at[index]!);
    broadcastChats.set(log.chat[index]!, (broadcastChats.get(log.chat[index]!) ?? 0) + 1);
  }
  broadcastTimes.sort((a, b) => a - b);
  let duplicates = 0;
  for (const count of broadcastChats.values()) duplicates += count - 1;
  const duplicateScreens: Array<[number, number]> = [];
  for (const [chat, shown] of screens) {
    let extra = 0;
    for (const count of shown) if (count > 1) extra += count - 1;
    if (extra) duplicateScreens.push([chat, extra]);
  }
  const extraAcks = new Map<number, number>();
  for (const [id, count] of acks) if (count > 1) extraAcks.set(Number(id.split(":")[0]), (extraAcks.get(Number(id.split(":")[0])) ?? 0) + count - 1);
  const first = broadcastTimes[0] ?? null;
  const last = broadcastTimes.at(-1) ?? null;
  const perSecond: number[] = [];
  if (first !== null) for (const at of broadcastTimes) perSecond[Math.floor((at - first) / 1000)] = (perSecond[Math.floor((at - first) / 1000)] ?? 0) + 1;
  return {
    kind: "closed",
    methods,
    otherMethods,
    webhooks: webhooks.map((hook) => ({ url: hook.url, secretMatches: hook.secret === options.webhookSecret, dropPending: hook.dropPending })),
    sends,
    maxSendsInAnySecond: maxInAnySecond(all),
    duplicateScreens,
    duplicateAcks: [...extraAcks],
    outOfOrder: [...outOfOrder],
    broadcast: {
      sends: broadcastTimes.length,
      chats: [...broadcastChats.keys()],
      duplicates,
      first,
      last,
      maxInAnySecond: maxInAnySecond(broadcastTimes),
      perSecond: Array.from(perSecond, (count) => count ?? 0),
    },
  };
}

const server = http.createServer((request, response) => {
  handle(request, response).catch((error) => {
    response.writeHead(500, { "content-type": "application/json" });
    response.end(JSON.stringify({ ok: false, error_code: 500, description: String(error) }));
  });
});
server.keepAliveTimeout = 30_000;
server.maxRequestsPerSocket = 0;
await new Promise<void>((resolve, reject) => {
  server.once("error", reject);
  server.listen(options.port, "127.0.0.1", resolve);
});
parentPort!.postMessage({ kind: "ready", apiRoot: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
parentPort!.on("message", (message: { kind: string }) => {
  if (message.kind === "progress") {
    parentPort!.postMessage({ kind: "progress", sends: log.size, broadcast: broadcastSends });
  }
  if (message.kind === "close") {
    server.closeAllConnections();
    server.close(() => parentPort!.postMessage(summary()));
  }
});
