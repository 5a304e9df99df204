// Different chats are handled side by side, one chat's updates in order (issue #10 §2, §6), through
// the real polling loops (pollTelegram with @grammyjs/runner, pollMax) against slow API stand-ins.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Update } from "grammy/types";
import type { Database } from "../../prisma/db.ts";
import { pollTelegram } from "../../bot/channels/telegram.ts";
import { pollMax } from "../../bot/channels/max.ts";
import type { PollingEvents } from "../../bot/channels/polling.ts";
import { openTestDatabase } from "../support/db.ts";
import { FakeMax, makeMaxBot } from "../support/max.ts";
import { callbackUpdate, FakeTelegram, makeTestBot, textUpdate } from "../support/telegram.ts";

let db: Database;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => {
  await db?.close();
});

const quiet: PollingEvents = { connected: () => undefined, failed: () => undefined, tokenRefused: () => undefined };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until no call has started for 300 ms (and at least `min` have). */
async function settle(meter: { order: string[] }, min: number) {
  const until = Date.now() + 20_000;
  for (let seen = -1; Date.now() < until; ) {
    if (meter.order.length >= min && meter.order.length === seen) return;
    seen = meter.order.length;
    await sleep(300);
  }
}

/** Counts calls in flight, overall and per chat, while each takes `ms`. */
function inFlight(ms: number) {
  let now = 0;
  let peak = 0;
  const perChat = new Map<string, number>();
  let peakPerChat = 0;
  const order: string[] = [];
  return {
    get peak() {
      return peak;
    },
    get peakPerChat() {
      return peakPerChat;
    },
    order,
    async around<T>(chat: string, label: string, call: () => Promise<T>): Promise<T> {
      now++;
      peak = Math.max(peak, now);
      perChat.set(chat, (perChat.get(chat) ?? 0) + 1);
      peakPerChat = Math.max(peakPerChat, perChat.get(chat)!);
      order.push(label);
      try {
        await sleep(ms);
        return await call();
      } finally {
        now--;
        perChat.set(chat, perChat.get(chat)! - 1);
      }
    },
  };
}

/** A Bot API whose getUpdates hands out the given batches, then idles like a long poll. */
function telegramWith(batches: Update[][], meter: ReturnType<typeof inFlight>) {
  const telegram = new FakeTelegram();
  const fetch = async (url: string | URL | Request, init?: RequestInit) => {
    const method = String(url).split("/").pop()!;
    if (method === "getUpdates") {
      const batch = batches.shift();
      if (!batch) await sleep(100);
      return Response.json({ ok: true, result: batch ?? [] });
    }
    const chat = String(JSON.parse(String(init?.body ?? "{}")).chat_id ?? "none");
    return meter.around(chat, `${method}:${chat}`, () => telegram.fetch(url, init));
  };
  return { telegram, fetch };
}

describe("параллельно по чатам, по порядку в чате", () => {
  it("Telegram: 100 чатов обрабатываются одновременно, а не по одному", async () => {
    const meter = inFlight(40);
    const { fetch } = telegramWith([Array.from({ length: 100 }, (_, index) => textUpdate(50_000 + index, "/help"))], meter);
    const bot = makeTestBot(db, { fetch } as unknown as FakeTelegram);
    const started = Date.now();
    const polling = pollTelegram(bot, quiet);
    await settle(meter, 100);
    await polling.stop();
    expect(meter.order.length).toBe(100);
    console.log(`Telegram, 100 chats: peak ${meter.peak} calls in flight, ${Date.now() - started} ms`);
    // One at a time would be 100 × 40 ms = 4 s with one call in flight.
    expect(meter.peak).toBeGreaterThanOrEqual(10);
    expect(meter.peakPerChat).toBe(1);
  });

  it("Telegram: два быстрых нажатия в одном чате — по порядку", async () => {
    const meter = inFlight(40);
    const user = 51_001;
    const { fetch } = telegramWith(
      [[textUpdate(user, "/help"), callbackUpdate(user, "menu:help", 1), callbackUpdate(user, "menu:help", 1), textUpdate(user + 1, "/help")]],
      meter,
    );
    const bot = makeTestBot(db, { fetch } as unknown as FakeTelegram);
    const polling = pollTelegram(bot, quiet);
    await settle(meter, 4);
    await polling.stop();
    expect(meter.peakPerChat).toBe(1);
    expect(meter.peak).toBeGreaterThanOrEqual(2);
  });

  it("MAX: два быстрых нажатия в одном чате обрабатываются по порядку, разные чаты — одновременно", async () => {
    const meter = inFlight(40);
    const max = new FakeMax();
    const user = (id: number) => ({ user_id: id, first_name: "Анна", username: null, is_bot: false, last_activity_time: 0, name: "Анна" });
    const press = (id: number, callbackId: string) => ({
      update_type: "message_callback",
      timestamp: Date.now(),
      callback: { timestamp: Date.now(), callback_id: callbackId, payload: "menu:help", user: user(id) },
      message: { recipient: { chat_id: 900_000 + id, chat_type: "dialog", user_id: null }, timestamp: 0, body: { mid: "m1", seq: 1, text: "…" } },
      user_locale: "ru",
    });
    const started = (id: number) => ({ update_type: "bot_started", timestamp: Date.now(), chat_id: 900_000 + id, user: user(id), payload: null, user_locale: "ru" });
    const batches: unknown[][] = [[press(52_001, "cb.a"), press(52_001, "cb.b"), ...Array.from({ length: 100 }, (_, index) => started(52_100 + index))]];
    const pressChat = String(900_000 + 52_001);
    const fetch = async (url: string | URL | Request, init?: RequestInit) => {
      const parsed = new URL(String(url));
      if (parsed.pathname === "/updates") {
        const batch = batches.shift();
        if (!batch) await sleep(100);
        return Response.json({ updates: batch ?? [], marker: 1 });
      }
      const query = Object.fromEntries(parsed.searchParams);
      const chat = query.chat_id ?? (query.callback_id || query.message_id === "m1" ? pressChat : "none");
      return meter.around(chat, `${init?.method ?? "GET"} ${parsed.pathname} ${query.callback_id ?? ""}:${chat}`, () => max.fetch(url, init));
    };
    const bot = makeMaxBot(db, { fetch } as unknown as FakeMax);
    const t0 = Date.now();
    const polling = pollMax(bot, quiet);
    await settle(meter, 102);
    await polling.stop();
    console.log(`MAX, 100 chats + 2 presses: peak ${meter.peak} calls in flight, ${Date.now() - t0} ms`);
    expect(meter.peakPerChat).toBe(1);
    expect(meter.peak).toBeGreaterThanOrEqual(10);
    // The first press is answered before the second.
    const first = meter.order.findIndex((label) => label.includes("/answers cb.a"));
    const second = meter.order.findIndex((label) => label.includes("/answers cb.b"));
    expect(first).toBeGreaterThanOrEqual(0);
    expect(second).toBeGreaterThan(first);
  });
});
