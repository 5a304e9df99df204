// The send queue inside the real server (issue #10 §6): the Telegram sender the server builds lets
// the queue see a 429 (no auto-retry sleeping in place), and stopping mid-broadcast with a Bot API
// that never answers returns within seconds and gives the rows back.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../../server/app.ts";
import { loadConfig } from "../../server/config.ts";
import type { Database } from "../../prisma/db.ts";
import { openDatabase } from "../../prisma/db.ts";
import { PrismaRepository } from "../../prisma/repository.ts";
import { hourly, startScheduler, type Job } from "../../server/scheduler.ts";
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
    // The rows claimed with the failed one go back to the queue (on a loaded machine that takes a moment).
    await until(
      async () => (await db.prisma.outbox.findMany()).every((row) => row.state === "pending" && row.claimToken === null),
      4000,
    );
    // One call: nothing slept through retry_after and called again; the others wait for the pause.
    expect(telegram.calls.filter((call) => call.method === "sendMessage")).toHaveLength(1);
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

describe("календарь и kill -9", () => {
  it("процесс убит сигналом KILL сразу после захвата слота: после перезапуска напоминания поставлены ровно один раз", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "shnor-slot-"));
    // The latest hourly firing (hh:05) by the real clock: the child's lease runs on the real clock too.
    const at = hourly(5).recent!(new Date()).at(-1)!.toISOString();
    const slotOf = (iso: string) => iso.slice(0, 13);
    const abs = (file: string) => pathToFileURL(path.resolve(file)).href;
    // The first process claims the 07 slot and is killed at once, before its job queues anything.
    const script = path.join(dir, "claim-and-die.mts");
    fs.writeFileSync(
      script,
      `import { openDatabase } from ${JSON.stringify(abs("prisma/db.ts"))};
       import { migrate } from ${JSON.stringify(abs("prisma/migrate.ts"))};
       import { runOnce, hourly } from ${JSON.stringify(abs("server/scheduler.ts"))};
       const db = await openDatabase({ dataDir: ${JSON.stringify(path.join(dir, "data"))} });
       await migrate(db);
       await runOnce(db, { name: "reminders", ...hourly(5), run: async () => { process.kill(process.pid, "SIGKILL"); return ""; } }, new Date(${JSON.stringify(at)}));`,
    );
    const tsx = pathToFileURL(path.resolve("node_modules/tsx/dist/loader.mjs")).href;
    const child = spawn(process.execPath, ["--import", tsx, script], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const signal: NodeJS.Signals | null = await new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, sig) => resolve(sig)));
    expect(signal, stderr).toBe("SIGKILL");

    const db = await openDatabase({ dataDir: path.join(dir, "data") });
    try {
      const claimed = await db.prisma.jobRun.findFirstOrThrow({ where: { job: "reminders", slot: slotOf(at) } });
      expect(claimed.doneAt).toBeNull();
      expect(await db.prisma.outbox.count()).toBe(0);
      const job: Job = {
        name: "reminders",
        ...hourly(5),
        run: async () =>
          String(
            await new PrismaRepository(db.prisma).enqueue(
              ["a", "b", "c"].map((chatId) => ({ dedupeKey: `remind:${chatId}`, personId: "p", channel: "telegram" as const, chatId, text: "Напоминание" })),
            ),
          ),
      };
      // The hour before ran normally.
      await db.prisma.jobRun.create({ data: { job: "reminders", slot: slotOf(new Date(Date.parse(at) - 3_600_000).toISOString()), result: "0", doneAt: new Date() } });
      // The restart, once the dead claim's lease (2 min) ran out: its start-up sweep runs the slot.
      const clock = { now: () => new Date(Date.now() + 3 * 60_000) };
      for (let restart = 0; restart < 2; restart++) {
        const scheduler = startScheduler(db, [job], { error: () => undefined }, { clock });
        await scheduler.settled();
        await scheduler.stop();
      }
      expect(await db.prisma.outbox.count()).toBe(3);
      const slot = await db.prisma.jobRun.findFirstOrThrow({ where: { job: "reminders", slot: slotOf(at) } });
      expect(slot).toMatchObject({ result: "3" });
      expect(slot.doneAt).not.toBeNull();
    } finally {
      await db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
