// The send queue inside the real server (issue #10 §6): the Telegram sender the server builds lets
// the queue see a 429 (no auto-retry sleeping in place), and stopping mid-broadcast with a Bot API
// that never answers returns within seconds and gives the rows back.
import { afterEach, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../../server/app.ts";
import { loadConfig } from "../../server/config.ts";
import type { Database } from "../../prisma/db.ts";
import { openTestDatabase } from "../support/db.ts";
import { botInfo, FakeTelegram, TEST_TOKEN } from "../support/telegram.ts";

const config = loadConfig({ BOT_TOKEN: TEST_TOKEN, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent" });
let running: { server?: RunningServer; db?: Database } = {};
afterEach(async () => {
  await running.server?.close();
  await running.db?.close();
  running = {};
});

const broadcast = (count: number) =>
  Array.from({ length: count }, (_, index) => ({
    dedupeKey: `broadcast:${index}`,
    personId: "p",
    channel: "telegram" as const,
    chatId: String(70_000 + index),
    text: `Сообщение ${index}`,
  }));

const until = async (condition: () => Promise<boolean> | boolean, ms: number) => {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

describe("очередь в сервере", () => {
  it("429 от Bot API записывается в строку и ставит канал на паузу, а не пересыпается auto-retry", async () => {
    const db = await openTestDatabase();
    const telegram = new FakeTelegram();
    telegram.failures.set("sendMessage", [{ error_code: 429, description: "Too Many Requests: retry after 5", retry_after: 5 }]);
    const server = await startServer(config, {
      db,
      polling: false,
      scheduler: false,
      telegram: { botInfo, client: { fetch: telegram.fetch as typeof fetch } },
    });
    running = { server, db };
    await server.repo.enqueue(broadcast(3));
    await until(async () => (await db.prisma.outbox.count({ where: { lastError: { startsWith: "429" } } })) === 1, 4000);
    // One call: nothing slept through retry_after and called again; the others wait for the pause.
    expect(telegram.calls.filter((call) => call.method === "sendMessage")).toHaveLength(1);
    const rows = await db.prisma.outbox.findMany();
    expect(rows.every((row) => row.state === "pending" && row.claimToken === null)).toBe(true);
    const health = await server.outbox.health();
    expect(health.pauses.telegram?.reason).toMatch(/^429/);
    expect(health.lastSendError?.error).toMatch(/^429/);
  });

  it("остановка посреди рассылки при молчащем Bot API — за секунды, строки возвращаются в очередь", async () => {
    const db = await openTestDatabase();
    const telegram = new FakeTelegram();
    let sends = 0;
    // Accepts the request and never answers (until the request is aborted, as fetch does).
    const silent = (url: string | URL | Request, init?: RequestInit) => {
      if (!String(url).endsWith("/sendMessage")) return telegram.fetch(url, init);
      sends++;
      return new Promise<Response>((_resolve, reject) => init?.signal?.addEventListener("abort", () => reject(new Error("aborted"))));
    };
    const server = await startServer(config, {
      db,
      polling: false,
      scheduler: false,
      telegram: { botInfo, client: { fetch: silent as typeof fetch } },
    });
    running = { db };
    await server.repo.enqueue(broadcast(50));
    await until(() => sends >= 5, 8000);
    const started = performance.now();
    await server.close();
    const stopMs = performance.now() - started;
    console.log(`server close mid-broadcast with a silent Bot API: ${Math.round(stopMs)} ms, ${sends} sends in flight`);
    expect(stopMs).toBeLessThan(10_000);
    const rows = await db.prisma.outbox.findMany();
    expect(rows).toHaveLength(50);
    expect(rows.filter((row) => row.state !== "pending" || row.claimToken !== null)).toEqual([]);
  });
});
