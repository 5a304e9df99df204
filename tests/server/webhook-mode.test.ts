// Start-up in webhook mode registers the webhooks (issue #16 §1): Telegram's setWebhook with the
// secret, MAX's subscription with the same secret and other addresses removed; the secret is derived
// from the token when WEBHOOK_SECRET is empty. Polling mode removes both and answers 404 on the
// webhook paths. A refused token still ends the start with the Russian line.
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../../server/app.ts";
import { loadConfig } from "../../server/config.ts";
import { StartupError } from "../../server/messages.ts";
import { webhookSecret } from "../../server/webhooks.ts";
import type { Database } from "../../prisma/db.ts";
import { openTestDatabase } from "../support/db.ts";
import { FakeTelegram, MAX_TEST_TOKEN, TEST_TOKEN, textUpdate } from "../support/telegram.ts";
import { FakeMax } from "../support/max.ts";

const PUBLIC_URL = "https://shnor.example.ru";
const OLD_SUBSCRIPTION = "https://old-deployment.example.ru/max-hook";

let db: Database;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => {
  await db?.close();
});

/** The stand-ins, with what a real platform has: an old MAX subscription, and polls that wait. */
function standIns() {
  const telegram = new FakeTelegram();
  const max = new FakeMax();
  const subscriptions = [OLD_SUBSCRIPTION];
  const telegramFetch = (async (url: string | URL | Request, init?: RequestInit) => {
    if (String(url).endsWith("/getUpdates")) {
      await sleep(100);
      return Response.json({ ok: true, result: [] });
    }
    return telegram.fetch(url, init);
  }) as typeof fetch;
  const maxFetch = (async (url: string | URL | Request, init?: RequestInit) => {
    const parsed = new URL(String(url));
    const method = init?.method ?? "GET";
    if (parsed.pathname === "/updates") await sleep(100);
    if (parsed.pathname === "/subscriptions") {
      const response = await max.fetch(url, init);
      if (method === "GET") return Response.json({ subscriptions: subscriptions.map((address) => ({ url: address, time: 0, update_types: null })) });
      if (method === "DELETE") subscriptions.splice(subscriptions.indexOf(parsed.searchParams.get("url")!), 1);
      if (method === "POST") subscriptions.push(JSON.parse(String(init!.body)).url);
      return response;
    }
    return max.fetch(url, init);
  }) as typeof fetch;
  return { telegram, max, subscriptions, telegramFetch, maxFetch };
}

async function start(mode: "webhook" | "polling", fakes: ReturnType<typeof standIns>): Promise<RunningServer> {
  const config = loadConfig({
    BOT_TOKEN: TEST_TOKEN,
    MAX_BOT_TOKEN: MAX_TEST_TOKEN,
    PORT: "0",
    HOST: "127.0.0.1",
    LOG_LEVEL: "silent",
    BOT_MODE: mode,
    PUBLIC_URL,
  });
  return startServer(config, {
    db,
    scheduler: false,
    firstContactMs: 5000,
    retryDelayMs: () => 100,
    telegram: { client: { fetch: fakes.telegramFetch } },
    max: { clientOptions: { baseUrl: "http://max.test", fetch: fakes.maxFetch } },
  });
}

describe("режим вебхуков при запуске", () => {
  it("webhook: setWebhook с secret_token, подписка MAX с тем же секретом, старая подписка удалена, опроса нет", async () => {
    const fakes = standIns();
    const server = await start("webhook", fakes);
    try {
      const telegramSecret = webhookSecret(undefined, TEST_TOKEN);
      const maxSecret = webhookSecret(undefined, MAX_TEST_TOKEN);
      expect(telegramSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(maxSecret).not.toBe(telegramSecret);

      const setWebhook = fakes.telegram.calls.filter((call) => call.method === "setWebhook");
      expect(setWebhook).toHaveLength(1);
      expect(setWebhook[0]!.payload).toEqual({
        url: `${PUBLIC_URL}/webhook/telegram`,
        secret_token: telegramSecret,
        allowed_updates: ["message", "callback_query"],
        max_connections: 40,
      });
      expect(fakes.telegram.calls.map((call) => call.method)).not.toContain("deleteWebhook");
      expect(fakes.telegram.calls.map((call) => call.method)).not.toContain("getUpdates");

      const subscriptionCalls = fakes.max.calls.filter((call) => call.path === "subscriptions");
      expect(subscriptionCalls.map((call) => call.method)).toEqual(["GET", "DELETE", "POST"]);
      expect(subscriptionCalls[1]!.query.url).toBe(OLD_SUBSCRIPTION);
      expect(subscriptionCalls[2]!.body).toEqual({
        url: `${PUBLIC_URL}/webhook/max`,
        secret: maxSecret,
        update_types: ["bot_started", "message_created", "message_callback"],
      });
      expect(fakes.subscriptions).toEqual([`${PUBLIC_URL}/webhook/max`]);
      expect(fakes.max.calls.some((call) => call.path === "updates")).toBe(false);
      expect(server.messengers.map((monitor) => [monitor.messenger, monitor.health.state])).toEqual([
        ["telegram", "connected"],
        ["max", "connected"],
      ]);

      // The derived secret opens the endpoint; another instance derives the same one.
      const answer = await fetch(`${server.url}/webhook/telegram`, {
        method: "POST",
        headers: { "content-type": "application/json", "X-Telegram-Bot-Api-Secret-Token": telegramSecret },
        body: JSON.stringify(textUpdate(51_001, "/help")),
      });
      expect(answer.status).toBe(200);
      const refused = await fetch(`${server.url}/webhook/max`, {
        method: "POST",
        headers: { "content-type": "application/json", "X-Max-Bot-Api-Secret": telegramSecret },
        body: JSON.stringify({ update_type: "bot_started", timestamp: Date.now(), chat_id: 1, user: { user_id: 1 } }),
      });
      expect(refused.status).toBe(401);
    } finally {
      await server.close();
    }
  }, 30_000);

  it("обратно на polling: вебхук и подписка удалены, пути вебхуков — 404", async () => {
    const fakes = standIns();
    fakes.subscriptions.push(`${PUBLIC_URL}/webhook/max`);
    const server = await start("polling", fakes);
    try {
      expect(fakes.telegram.calls.map((call) => call.method)).toContain("deleteWebhook");
      expect(fakes.telegram.calls.map((call) => call.method)).not.toContain("setWebhook");
      expect(fakes.subscriptions).toEqual([]);
      expect(fakes.max.calls.some((call) => call.path === "subscriptions" && call.method === "POST")).toBe(false);
      for (const messenger of ["telegram", "max"]) {
        const response = await fetch(`${server.url}/webhook/${messenger}`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(textUpdate(51_002, "/help")),
        });
        expect(response.status).toBe(404);
      }
    } finally {
      await server.close();
    }
  }, 30_000);

  it("webhook: отклонённый токен по-прежнему останавливает запуск русской строкой", async () => {
    const fakes = standIns();
    fakes.telegram.failures.set("getMe", [{ error_code: 401, description: "Unauthorized" }]);
    const config = loadConfig({ BOT_TOKEN: TEST_TOKEN, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent", BOT_MODE: "webhook", PUBLIC_URL });
    const starting = startServer(config, { db, scheduler: false, telegram: { client: { fetch: fakes.telegramFetch } } });
    await expect(starting).rejects.toBeInstanceOf(StartupError);
    await expect(starting).rejects.toThrow(/BOT_TOKEN/);
    expect(fakes.telegram.calls.map((call) => call.method)).not.toContain("setWebhook");
  }, 30_000);
});
