// Start-up that tells the truth (issue #11 §3, #10 §6): the process as a deployer runs it, against
// stand-ins that refuse the token, never answer, or hold the port, the database or the data folder.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SERVER_JS } from "../support/built.ts";
import { botInfo, MAX_TEST_TOKEN, TEST_TOKEN } from "../support/telegram.ts";

const cleanEnv = () => {
  const env = { ...process.env };
  for (const key of ["BOT_TOKEN", "MAX_BOT_TOKEN", "DATABASE_URL", "TELEGRAM_API_ROOT", "MAX_API_ROOT", "PUBLIC_URL", "DATA_DIR", "PORT"]) delete env[key];
  return env;
};
const folders: string[] = [];
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "shnor-start-"));
  folders.push(dir);
  return dir;
};
const closers: Array<() => void> = [];
afterAll(() => {
  for (const close of closers) close();
  for (const dir of folders) fs.rmSync(dir, { recursive: true, force: true });
});

async function listening(server: http.Server | net.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  closers.push(() => server.close());
  return (server.address() as AddressInfo).port;
}

async function freePort(): Promise<number> {
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const port = (probe.address() as AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/**
 * Runs the server to its exit; returns code, output and how long it took. Asynchronous: the
 * stand-ins live in this process and must keep answering meanwhile.
 */
async function runToExit(env: NodeJS.ProcessEnv, timeoutMs = 40_000) {
  const started = Date.now();
  const child = spawn(process.execPath, [SERVER_JS], { env, stdio: ["ignore", "pipe", "pipe"], cwd: os.tmpdir() });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk) => (stdout += chunk));
  child.stderr!.on("data", (chunk) => (stderr += chunk));
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  const status = await new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  clearTimeout(timer);
  return { status, output: stdout + stderr, stderr, ms: Date.now() - started };
}

function start(env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, [SERVER_JS], { env, stdio: ["ignore", "pipe", "pipe"], cwd: os.tmpdir() });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  closers.push(() => child.kill("SIGKILL"));
  return {
    child,
    exited,
    output: () => output,
    async waitFor(pattern: RegExp, timeoutMs = 40_000) {
      const until = Date.now() + timeoutMs;
      while (!pattern.test(output)) {
        if (Date.now() > until || child.exitCode !== null) throw new Error(`no ${pattern} in:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
  };
}

/** One embedded data folder for the runs that exit cleanly: initdb once, not per run. */
let shared: string | undefined;
const base = (extra: Record<string, string>) => ({ ...cleanEnv(), LOG_LEVEL: "info", DATA_DIR: (shared ??= tempDir()), ...extra });
/** One Russian line and no stack trace. */
const expectNoStack = (output: string) => {
  expect(output).not.toMatch(/^\s+at .+\(.+:\d+:\d+\)$/m);
  expect(output).not.toMatch(/EADDRINUSE|ECONNREFUSED|RuntimeError|node:internal/);
};

describe("запуск говорит правду", () => {
  it("выдуманный BOT_TOKEN (401 от getMe): по-русски, с именем переменной, ненулевой код, без «Сервер запущен»", async () => {
    const calls: string[] = [];
    const port = await listening(
      http.createServer((request, response) => {
        calls.push(request.url!);
        response.statusCode = 401;
        response.setHeader("content-type", "application/json");
        response.end(JSON.stringify({ ok: false, error_code: 401, description: "Unauthorized" }));
      }),
    );
    const result = await runToExit(base({ BOT_TOKEN: TEST_TOKEN, TELEGRAM_API_ROOT: `http://127.0.0.1:${port}`, PORT: String(await freePort()) }));
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/Telegram отклонил токен бота \(ответ 401\).*BOT_TOKEN/);
    expect(result.output).not.toMatch(/Сервер запущен/);
    expect(result.output).not.toMatch(/cannot reach/);
    expect(calls.filter((url) => url.endsWith("/getMe"))).toHaveLength(1);
    console.log(`refused Telegram token: exit ${result.status} after ${result.ms} ms`);
  }, 60_000);

  it("выдуманный MAX_BOT_TOKEN: то же для MAX", async () => {
    const port = await listening(
      http.createServer((_request, response) => {
        response.statusCode = 401;
        response.setHeader("content-type", "application/json");
        response.end(JSON.stringify({ code: "verify.token", message: "Invalid access_token" }));
      }),
    );
    const result = await runToExit(base({ MAX_BOT_TOKEN: MAX_TEST_TOKEN, MAX_API_ROOT: `http://127.0.0.1:${port}`, PORT: String(await freePort()) }));
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/MAX отклонил токен бота \(ответ 401\).*MAX_BOT_TOKEN/);
    expect(result.output).not.toMatch(/Сервер запущен/);
  }, 60_000);

  it("Bot API не отвечает: «недоступен с …» по-русски, /healthz — degraded с «retrying since», SIGTERM — выход за 10 с", async () => {
    // Accepts connections and never answers: the worst case for every timeout.
    const sockets: net.Socket[] = [];
    const blackHole = net.createServer((socket) => sockets.push(socket));
    const apiPort = await listening(blackHole);
    closers.push(() => sockets.forEach((socket) => socket.destroy()));
    const port = await freePort();
    const server = start(base({ BOT_TOKEN: TEST_TOKEN, TELEGRAM_API_ROOT: `http://127.0.0.1:${apiPort}`, PORT: String(port) }));
    const started = Date.now();
    await server.waitFor(/Сервер запущен: .*Telegram — подключается/);
    console.log(`start with an unreachable Bot API: ${Date.now() - started} ms`);
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200); // still waiting for the first answer: not yet an outage
    server.child.kill("SIGTERM");
    const stopStarted = Date.now();
    const code = await server.exited;
    const stopMs = Date.now() - stopStarted;
    console.log(`SIGTERM with an unreachable Bot API: exit ${code} after ${stopMs} ms`);
    expect(stopMs).toBeLessThan(10_000);
  }, 60_000);

  it("Bot API закрыт (сеть): лог по-русски с временем начала, /healthz 503 degraded; API вернулся — «связь восстановлена» за секунды", async () => {
    let up = false;
    const apiServer = http.createServer((request, response) => {
      if (!up) return request.socket.destroy();
      const method = request.url!.split("/").pop();
      response.setHeader("content-type", "application/json");
      if (method === "getMe") return response.end(JSON.stringify({ ok: true, result: botInfo }));
      if (method === "getUpdates") return setTimeout(() => response.end(JSON.stringify({ ok: true, result: [] })), 200);
      response.end(JSON.stringify({ ok: true, result: true }));
    });
    const apiPort = await listening(apiServer);
    const port = await freePort();
    const server = start(base({ BOT_TOKEN: TEST_TOKEN, TELEGRAM_API_ROOT: `http://127.0.0.1:${apiPort}`, PORT: String(port) }));
    await server.waitFor(/Telegram недоступен с \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/);
    await server.waitFor(/Сервер запущен: .*Telegram — нет связи, повторяю/);
    const down = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(down.status).toBe(503);
    const body = (await down.json()) as any;
    expect(body.status).toBe("degraded");
    expect(body.messengers.telegram).toMatchObject({ state: "retrying", since: expect.stringMatching(/^\d{4}-/) });
    expect(body.database).toBe("ok");
    expect(body.queue).toMatchObject({ depth: 0, oldestPendingSeconds: null });
    up = true;
    const back = Date.now();
    await server.waitFor(/Telegram: связь восстановлена после \d+ с/, 15_000);
    console.log(`Telegram back: polling resumed ${Date.now() - back} ms after the API returned`);
    expect(Date.now() - back).toBeLessThan(7_000);
    const healthy = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(healthy.status).toBe(200);
    expect(((await healthy.json()) as any).messengers.telegram.state).toBe("connected");
    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(0);
  }, 60_000);

  it("занятый порт: одна строка по-русски — какой порт и как выбрать другой", async () => {
    const port = await listening(http.createServer());
    const standIn = await listening(
      http.createServer((request, response) => {
        response.setHeader("content-type", "application/json");
        response.end(JSON.stringify({ ok: true, result: request.url!.endsWith("getMe") ? botInfo : [] }));
      }),
    );
    const result = await runToExit(base({ BOT_TOKEN: TEST_TOKEN, TELEGRAM_API_ROOT: `http://127.0.0.1:${standIn}`, PORT: String(port), HOST: "127.0.0.1" }));
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toMatch(new RegExp(`^Сервер не запущен: Порт ${port} \\(127\\.0\\.0\\.1\\) уже занят другой программой\\. .*PORT=${port + 1} в \\.env\\.$`));
    expectNoStack(result.output);
  }, 60_000);

  it("PostgreSQL принимает подключение и молчит: выход с объяснением за время ожидания, а не через 300 с", async () => {
    const sockets: net.Socket[] = [];
    const silent = await listening(net.createServer((socket) => sockets.push(socket)));
    closers.push(() => sockets.forEach((socket) => socket.destroy()));
    const result = await runToExit(
      base({ BOT_TOKEN: TEST_TOKEN, DATABASE_URL: `postgresql://shnor:secret@127.0.0.1:${silent}/shnor`, DATABASE_TIMEOUT_SECONDS: "2" }),
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`PostgreSQL на 127\\.0\\.0\\.1:${silent} принимает подключение, но не отвечает 2 с`));
    expect(result.stderr).toMatch(/DATABASE_URL/);
    expectNoStack(result.output);
    console.log(`silent PostgreSQL: exit after ${result.ms} ms`);
    expect(result.ms).toBeLessThan(20_000);
  }, 60_000);

  it("PostgreSQL: закрытый порт и несуществующий хост — одна строка с исправлением", async () => {
    const closed = await freePort();
    const refused = await runToExit(base({ BOT_TOKEN: TEST_TOKEN, DATABASE_URL: `postgresql://shnor:secret@127.0.0.1:${closed}/shnor` }));
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(new RegExp(`PostgreSQL на 127\\.0\\.0\\.1:${closed} не принимает подключения \\(порт закрыт\\)`));
    expectNoStack(refused.output);
    const unknown = await runToExit(base({ BOT_TOKEN: TEST_TOKEN, DATABASE_URL: "postgresql://shnor:secret@no-such-host.invalid:5432/shnor" }));
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/no-such-host\.invalid:5432: такого хоста нет/);
    expectNoStack(unknown.output);
  }, 60_000);

  it("DATA_DIR — файл или неизменяемая папка: одна строка по-русски", async () => {
    const file = path.join(tempDir(), "data");
    fs.writeFileSync(file, "not a folder");
    const asFile = await runToExit(base({ BOT_TOKEN: TEST_TOKEN, DATA_DIR: file }));
    expect(asFile.status).toBe(1);
    expect(asFile.stderr).toMatch(/DATA_DIR=.*data — это файл, а не папка/);
    expectNoStack(asFile.output);

    const locked = tempDir();
    const immutable = spawnSync("chattr", ["+i", locked]).status === 0;
    if (!immutable) fs.chmodSync(locked, 0o555);
    try {
      const readOnly = await runToExit(base({ BOT_TOKEN: TEST_TOKEN, DATA_DIR: locked }));
      expect(readOnly.status).toBe(1);
      expect(readOnly.stderr).toMatch(/В папку данных .* нельзя писать \((EPERM|EACCES|EROFS)/);
      expectNoStack(readOnly.output);
    } finally {
      if (immutable) spawnSync("chattr", ["-i", locked]);
      fs.chmodSync(locked, 0o755);
    }
  }, 60_000);

  it("файл владельца называет живой чужой процесс: какой файл удалить", async () => {
    const dir = tempDir();
    const stranger = spawn("sleep", ["60"], { stdio: "ignore" });
    closers.push(() => stranger.kill("SIGKILL"));
    fs.writeFileSync(path.join(dir, "shnor-owner.json"), JSON.stringify({ pid: stranger.pid, startedAt: "2026-11-01T00:00:00Z" }));
    const result = await runToExit(base({ BOT_TOKEN: TEST_TOKEN, DATA_DIR: dir }));
    expect(result.status).toBe(1);
    const file = path.join(dir, "shnor-owner.json");
    expect(result.stderr).toContain(`Файл ${file} называет владельцем базы процесс ${stranger.pid}, но это не наш сервер («sleep 60»)`);
    expect(result.stderr).toContain(`rm ${file}`);
    expectNoStack(result.output);
  }, 60_000);
});
