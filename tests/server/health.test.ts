// /healthz tells the truth (issue #10 §6): a failed database write (full disk) and a second poller
// (409) make it "degraded" with the reason, and polling goes on after the 409 instead of stopping.
import { afterEach, describe, expect, it } from "vitest";
import type { Update } from "grammy/types";
import { startServer, type RunningServer } from "../../server/app.ts";
import { loadConfig } from "../../server/config.ts";
import type { Database } from "../../prisma/db.ts";
import { ru } from "../../core/messages/bot.ts";
import { openTestDatabase } from "../support/db.ts";
import { makeDistrict } from "../support/district.ts";
import { botInfo, FakeTelegram, TEST_TOKEN, textUpdate } from "../support/telegram.ts";

const config = loadConfig({ BOT_TOKEN: TEST_TOKEN, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent" });
let running: { server?: RunningServer; db?: Database } = {};
afterEach(async () => {
  await running.server?.close();
  await running.db?.close();
  running = {};
});

const health = async (server: RunningServer) => {
  const response = await fetch(`${server.url}/healthz`);
  return { status: response.status, body: (await response.json()) as any };
};

describe("/healthz", () => {
  it("диск заполнен: ответы не записываются — /healthz 503 degraded с последней ошибкой записи, через 5 минут без ошибок снова ok", async () => {
    const db = await openTestDatabase();
    const { invite, schools } = await makeDistrict(db);
    let now = new Date();
    const telegram = new FakeTelegram();
    const server = await startServer(config, {
      db,
      polling: false,
      scheduler: false,
      clock: { now: () => now },
      telegram: { botInfo, client: { fetch: telegram.fetch as typeof fetch } },
    });
    running = { server, db };
    expect((await health(server)).status).toBe(200);

    // What PostgreSQL says when the disk is full, on the first table every update writes to.
    await db.exec(`
      CREATE FUNCTION shnor_disk_full() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'could not extend file "base/16384/16500": No space left on device' USING ERRCODE = '53100'; END $$;
      CREATE TRIGGER shnor_disk_full BEFORE INSERT ON "ProcessedUpdate" FOR EACH ROW EXECUTE FUNCTION shnor_disk_full();`);
    // As polling does: a failed update goes to bot.catch, which tells the person.
    const bot = server.telegram!;
    await bot.handleUpdate(textUpdate(61_001, `/start ${await invite("teacher", schools[0]!.id)}`)).catch((error) => bot.errorHandler(error));
    expect(telegram.lastText(61_001)).toBe(ru.error);

    const degraded = await health(server);
    expect(degraded.status).toBe(503);
    expect(degraded.body.status).toBe("degraded");
    expect(degraded.body.database).toBe("ok");
    expect(degraded.body.lastWriteError.message).toMatch(/53100: could not extend file .*No space left on device/);
    expect(degraded.body.problems.join("\n")).toMatch(/запись в базу не удалась/);

    await db.exec(`DROP TRIGGER shnor_disk_full ON "ProcessedUpdate"`);
    now = new Date(Date.now() + 6 * 60_000);
    const healthy = await health(server);
    expect(healthy.status).toBe(200);
    expect(healthy.body).toMatchObject({ status: "ok", lastWriteError: null, messengers: { telegram: { state: "off" } } });
    expect(healthy.body.queue).toMatchObject({ depth: 0, oldestPendingSeconds: null, lastSendError: null });

    // A message due for 20 minutes and still not sent: the queue does not move.
    await db.prisma.outbox.create({
      data: {
        dedupeKey: "stalled",
        personId: "p-stalled",
        channel: "telegram",
        chatId: "1",
        text: "…",
        // Claimed by a sender that hangs (its lease runs on), so this worker leaves it alone.
        state: "sending",
        leaseUntil: new Date(Date.now() + 3600_000),
        createdAt: new Date(Date.now() - 20 * 60_000),
        nextAttemptAt: new Date(Date.now() - 20 * 60_000),
      },
    });
    const stalled = await health(server);
    expect(stalled.status).toBe(503);
    expect(stalled.body.queue.depth).toBe(1);
    expect(stalled.body.queue.oldestPendingSeconds).toBeGreaterThanOrEqual(1199);
    expect(stalled.body.problems.join("\n")).toMatch(/очередь отправки стоит/);
  });

  it("409 (второй опрашивающий процесс): /healthz degraded «retrying», опрос продолжается и отвечает, когда конфликт проходит", async () => {
    const db = await openTestDatabase();
    const telegram = new FakeTelegram();
    let conflict = true;
    let pending: Update[] = [textUpdate(62_001, "/help")];
    const fetch = async (url: string | URL | Request, init?: RequestInit) => {
      const method = String(url).split("/").pop();
      if (method === "getUpdates") {
        if (conflict) {
          return Response.json({ ok: false, error_code: 409, description: "Conflict: terminated by other getUpdates request" });
        }
        const updates = pending;
        pending = [];
        if (!updates.length) await new Promise((resolve) => setTimeout(resolve, 100));
        return Response.json({ ok: true, result: updates });
      }
      return telegram.fetch(url, init);
    };
    const server = await startServer(config, {
      db,
      scheduler: false,
      retryDelayMs: () => 50,
      firstContactMs: 2000,
      telegram: { client: { fetch: fetch as typeof globalThis.fetch } },
    });
    running = { server, db };
    const until = Date.now() + 10_000;
    while (server.messengers[0]!.health.state !== "retrying" && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20));
    const during = await health(server);
    expect(during.status).toBe(503);
    expect(during.body.messengers.telegram).toMatchObject({ state: "retrying", lastError: expect.stringMatching(/^409/) });

    conflict = false;
    while (!telegram.toChat(62_001).length && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(telegram.toChat(62_001).length).toBe(1);
    const after = await health(server);
    expect(after.status).toBe(200);
    expect(after.body.messengers.telegram.state).toBe("connected");
  });
});
