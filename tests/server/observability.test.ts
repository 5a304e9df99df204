// Operations (#16 §5): /metrics (Prometheus text, behind METRICS_TOKEN), /readyz (database,
// migrations, messengers) and the request / update id on every log line written inside them.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../../server/app.ts";
import { loadConfig } from "../../server/config.ts";
import { Observability } from "../../server/observability.ts";
import { readinessReport } from "../../server/health.ts";
import { startScheduler } from "../../server/scheduler.ts";
import type { Database } from "../../prisma/db.ts";
import { openTestDatabase } from "../support/db.ts";
import { makeDistrict } from "../support/district.ts";
import { botInfo, FakeTelegram, TEST_TOKEN, textUpdate } from "../support/telegram.ts";

const METRICS_TOKEN = "metrics-token-0123456789abcdef";
const base = { BOT_TOKEN: TEST_TOKEN, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "info" };

let db: Database;
let server: RunningServer | undefined;
beforeAll(async () => {
  db = await openTestDatabase();
  await makeDistrict(db);
});
afterEach(async () => {
  await server?.close();
  server = undefined;
});
afterAll(async () => {
  await db?.close();
});

/** A server on the shared database whose log lines are kept (parsed) in `lines`. */
async function start(env: Record<string, string>, options: Parameters<typeof startServer>[1] = {}) {
  const lines: Array<Record<string, any>> = [];
  const telegram = new FakeTelegram();
  server = await startServer(loadConfig({ ...base, ...env }), {
    db,
    polling: false,
    scheduler: false,
    telegram: { botInfo, client: { fetch: telegram.fetch as typeof fetch } },
    logDestination: { write: (line: string) => void lines.push(JSON.parse(line)) },
    ...options,
  });
  return { server, lines, telegram };
}

const until = async (check: () => boolean | Promise<boolean>, ms = 8000) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};

const metricsOf = async (url: string) => {
  const response = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  return response.text();
};
/** The value of one series in the text format, or undefined. */
const value = (text: string, series: string) => {
  const line = text.split("\n").find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

describe("/metrics", () => {
  it("без METRICS_TOKEN — 404; с ним — 401 без токена и с чужим токеном", async () => {
    const off = await start({});
    expect((await fetch(`${off.server.url}/metrics`)).status).toBe(404);
    await server!.close();

    const on = await start({ METRICS_TOKEN });
    const none = await fetch(`${on.server.url}/metrics`);
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toMatch(/^Bearer/);
    const wrong = await fetch(`${on.server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}x` } });
    expect(wrong.status).toBe(401);
    const short = await fetch(`${on.server.url}/metrics`, { headers: { authorization: "Bearer x" } });
    expect(short.status).toBe(401);
    expect(await short.text()).not.toMatch(/shnor_/);
  });

  it("обновление через бота, повтор, отправка из очереди, блокировка, 429, задачи и HTTP — в счётчиках; без id в метках", async () => {
    const { server, telegram } = await start({ METRICS_TOKEN }, { scheduler: true });
    const bot = server.telegram!;
    const update = textUpdate(71_001, "/start ABCDEFGHJK");
    await bot.handleUpdate(update);
    await bot.handleUpdate(update); // redelivered: nothing twice
    expect(telegram.toChat(71_001).length).toBe(1);

    // Three queued messages: one goes out, one meets a 403 (blocked), one a 429 (rate limited, retried later).
    const row = (n: number) => ({ dedupeKey: `obs-${n}`, personId: `p-obs-${n}`, channel: "telegram", chatId: String(72_000 + n), text: "Напоминание" });
    const stateOf = async (n: number) => (await db.prisma.outbox.findUnique({ where: { dedupeKey: `obs-${n}` } }))!;
    await db.prisma.outbox.create({ data: row(1) });
    await until(async () => (await stateOf(1)).state === "delivered");
    telegram.failures.set("sendMessage", [{ error_code: 403, description: "Forbidden: bot was blocked by the user" }]);
    await db.prisma.outbox.create({ data: row(2) });
    await until(async () => (await stateOf(2)).state === "blocked");
    telegram.failures.set("sendMessage", [{ error_code: 429, description: "Too Many Requests: retry after 30", retry_after: 30 }]);
    await db.prisma.outbox.create({ data: row(3) });
    await until(async () => {
      const third = await stateOf(3);
      return third.state === "pending" && third.lastError !== null;
    });

    await fetch(`${server.url}/api/schools/secret0school1id`); // 401 before sign-in: counted by its route pattern

    await metricsOf(server.url); // counted once answered: seen by the next scrape
    let text = "";
    await until(async () => {
      text = await metricsOf(server.url);
      return value(text, 'shnor_job_runs_total{job="campaign-notices",result="ran"}') !== undefined;
    });
    expect(value(text, 'shnor_bot_updates_total{channel="telegram",outcome="handled"}')).toBe(1);
    expect(value(text, 'shnor_bot_updates_total{channel="telegram",outcome="duplicate"}')).toBe(1);
    expect(value(text, 'shnor_bot_turn_seconds_count{channel="telegram"}')).toBe(1);
    expect(value(text, 'shnor_bot_turn_seconds_bucket{le="+Inf",channel="telegram"}')).toBe(1);
    expect(value(text, 'shnor_bot_turn_seconds_sum{channel="telegram"}')).toBeGreaterThan(0);
    expect(value(text, 'shnor_outbox_sent_total{channel="telegram"}')).toBe(1);
    expect(value(text, 'shnor_outbox_blocked_recipients_total{channel="telegram"}')).toBe(1);
    expect(value(text, 'shnor_outbox_rate_limited_total{channel="telegram"}')).toBe(1);
    expect(value(text, 'shnor_outbox_send_failures_total{channel="telegram",decision="retry"}')).toBe(1);
    expect(value(text, 'shnor_outbox_send_failures_total{channel="telegram",decision="blocked"}')).toBe(1);
    expect(value(text, 'shnor_outbox_send_limit_per_second{channel="telegram"}')).toBe(25);
    // The 429's row waits out retry_after: one pending row in the database, none being sent.
    expect(value(text, 'shnor_outbox_queued_messages{channel="telegram",state="pending"}')).toBe(1);
    expect(value(text, 'shnor_outbox_queued_messages{channel="telegram",state="sending"}')).toBe(0);
    expect(value(text, 'shnor_job_runs_total{job="campaign-notices",result="ran"}')).toBeGreaterThanOrEqual(1);
    expect(value(text, 'shnor_job_duration_seconds_count{job="campaign-notices"}')).toBeGreaterThanOrEqual(1);
    expect(value(text, 'shnor_http_requests_total{method="GET",route="/api/*",status="4xx"}')).toBe(1);
    expect(value(text, 'shnor_http_requests_total{method="GET",route="/metrics",status="2xx"}')).toBeGreaterThanOrEqual(1);
    expect(value(text, "shnor_process_resident_memory_bytes")).toBeGreaterThan(10_000_000);
    expect(text).toMatch(/^# HELP shnor_nodejs_eventloop_lag_seconds /m);
    expect(text).toMatch(/^# HELP shnor_bot_updates_total \S/m);
    // Route patterns, never raw paths: no ids and no chat ids in any label.
    // Only the label sets ({…}) are searched: a value (bytes of memory, say) may hold any digits.
    const labels = text.match(/\{[^}]*\}/g)?.join("\n") ?? "";
    expect(labels).toMatch(/route="/);
    expect(labels).not.toMatch(/secret0school1id|7200\d|71001|ABCDEFGHJK/);
  });

  it("задача, которая падает, считается как failed с длительностью", async () => {
    const observability = new Observability();
    const scheduler = startScheduler(
      db,
      [{ name: "boom", schedule: "0 0 1 1 *", slot: () => "obs-boom", recent: (now) => [now], run: async () => Promise.reject(new Error("boom")) }],
      { error: () => undefined },
      { observer: observability.jobs },
    );
    await scheduler.settled();
    await scheduler.stop();
    const text = await observability.registry.metrics();
    expect(value(text, 'shnor_job_runs_total{job="boom",result="failed"}')).toBe(1);
    expect(value(text, 'shnor_job_duration_seconds_count{job="boom"}')).toBe(1);
  });
});

describe("/readyz", () => {
  it("200, когда всё в порядке; 503 с названием проверки без строки миграции; строка журнала несёт id запроса", async () => {
    const { server, lines } = await start({});
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: "ready", checks: { database: { ok: true }, migrations: { ok: true } }, problems: [] });
    expect(ready.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);

    const [row] = await db.query<Record<string, unknown>>(`SELECT * FROM "_prisma_migrations" WHERE migration_name = '20261229000000_region_scale'`);
    await db.query(`DELETE FROM "_prisma_migrations" WHERE migration_name = '20261229000000_region_scale'`);
    try {
      const missing = await fetch(`${server.url}/readyz`, { headers: { "x-request-id": "probe-7f3a" } });
      expect(missing.status).toBe(503);
      expect(missing.headers.get("x-request-id")).toBe("probe-7f3a");
      const body = (await missing.json()) as any;
      expect(body.status).toBe("not ready");
      expect(body.checks.database.ok).toBe(true);
      expect(body.checks.migrations.ok).toBe(false);
      expect(body.problems.join("\n")).toMatch(/не применены миграции \(1 из \d+\): 20261229000000_region_scale/);
      // The handler's own line ("not ready") carries the request's id.
      expect(lines.find((line) => line.msg === "not ready")).toMatchObject({ requestId: "probe-7f3a", level: 40 });
    } finally {
      await db.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count) VALUES ($1, $2, now(), $3, 1)`,
        [row!.id, row!.checksum, row!.migration_name],
      );
    }
    // Shutting down: not ready, whatever the checks say (a load balancer drains the instance first).
    expect(await readinessReport(db, server.messengers, { stopping: true })).toMatchObject({
      status: "not ready",
      stopping: true,
      checks: { database: { ok: true }, migrations: { ok: true } },
      problems: [expect.stringMatching(/^экземпляр останавливается/)],
    });
    // An id that is not a sane token is replaced, not echoed.
    const odd = await fetch(`${server.url}/readyz`, { headers: { "x-request-id": "<script>alert(1)</script>" } });
    expect(odd.status).toBe(200);
    expect(odd.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("503, пока Telegram недоступен (с причиной по-русски), 200, когда связь есть", async () => {
    const telegram = new FakeTelegram();
    let down = true;
    const flaky = async (url: string | URL | Request, init?: RequestInit) => {
      if (down) throw new TypeError("fetch failed", { cause: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }) });
      if (String(url).endsWith("/getUpdates")) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        return Response.json({ ok: true, result: [] });
      }
      return telegram.fetch(url, init);
    };
    const { server } = await start({}, { polling: true, firstContactMs: 200, retryDelayMs: () => 50, telegram: { client: { fetch: flaky as typeof fetch } } });
    await until(() => server.messengers[0]!.health.state === "retrying");
    const downReport = await fetch(`${server.url}/readyz`);
    expect(downReport.status).toBe(503);
    const body = (await downReport.json()) as any;
    expect(body.checks.messengers.telegram).toMatchObject({ ok: false, state: "retrying" });
    expect(body.problems.join("\n")).toMatch(/^Telegram: нет связи с \S+ \(Network request for 'getMe' failed/m);
    expect(JSON.stringify(body)).not.toContain(TEST_TOKEN.split(":")[1]);

    down = false;
    await until(() => server.messengers[0]!.health.state === "connected");
    const upReport = await fetch(`${server.url}/readyz`);
    expect(upReport.status).toBe(200);
    expect(((await upReport.json()) as any).checks.messengers.telegram).toEqual({ ok: true, state: "connected" });
  });
});

describe("журнал", () => {
  it("строка, записанная во время обновления, несёт id обновления; в HTTP-запросе — id запроса", async () => {
    const { server, lines } = await start({});
    const update = textUpdate(73_001, "/start ZZZZZZZZZZ");
    await server.telegram!.handleUpdate(update);
    const refused = lines.find((line) => line.msg === "invite refused");
    expect(refused).toMatchObject({ update: `telegram:${update.update_id}` });
    expect(refused).not.toHaveProperty("requestId");
    // What people type is never logged.
    expect(JSON.stringify(lines)).not.toContain("ZZZZZZZZZZ");
    // Lines outside any update or request carry neither.
    expect(lines.find((line) => line.msg === "started")).not.toHaveProperty("update");
  });
});
