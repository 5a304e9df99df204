// `npm start`'s process as a deployer runs it: configuration errors, start against a Bot API
// stand-in (TELEGRAM_API_ROOT), /healthz, the Mini App at /, and a clean stop on SIGTERM. The
// processes run the bundle `npm start` runs (node server.js, node cli.js; tests/support/built.ts).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI_JS, SERVER_JS } from "../support/built.ts";
import { botInfo, MAX_TEST_TOKEN as MAX_TOKEN, TEST_TOKEN } from "../support/telegram.ts";

const cleanEnv = () => {
  const env = { ...process.env };
  for (const key of ["BOT_TOKEN", "DATABASE_URL", "TELEGRAM_API_ROOT", "PUBLIC_URL", "DATA_DIR", "PORT"]) delete env[key];
  return env;
};

/** A minimal Bot API server: getMe, long polling with one queued /help, sendMessage; no setMyCommands. */
function botApiStandIn() {
  const calls: string[] = [];
  let pending = [
    {
      update_id: 1,
      message: {
        message_id: 1,
        date: Math.floor(Date.now() / 1000),
        chat: { id: 42, type: "private", first_name: "Ольга" },
        from: { id: 42, is_bot: false, first_name: "Ольга" },
        text: "/help",
        entities: [{ type: "bot_command", offset: 0, length: 5 }],
      },
    },
  ];
  const server = http.createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      const method = request.url!.split("/").pop()!;
      calls.push(method);
      const send = (payload: unknown) => {
        response.setHeader("content-type", "application/json");
        response.end(JSON.stringify(payload));
      };
      if (method === "getMe") return send({ ok: true, result: botInfo });
      if (method === "getUpdates") {
        const updates = pending;
        pending = [];
        return setTimeout(() => send({ ok: true, result: updates }), updates.length ? 0 : 200);
      }
      if (method === "sendMessage") {
        const payload = JSON.parse(body || "{}");
        return send({ ok: true, result: { message_id: 7, date: 0, chat: { id: payload.chat_id, type: "private" }, text: payload.text } });
      }
      if (method === "deleteWebhook") return send({ ok: true, result: true });
      response.statusCode = 404;
      send({ ok: false, error_code: 404, description: "Not Found" });
    });
  });
  return { server, calls };
}

/** A minimal MAX Bot API: /me, long polling with one bot_started, messages, commands. */
function maxApiStandIn(token: string) {
  const calls: string[] = [];
  let pending: unknown[] = [
    {
      update_type: "bot_started",
      timestamp: Date.now(),
      chat_id: 777,
      user: { user_id: 77, first_name: "Ольга", username: null, is_bot: false, last_activity_time: Date.now() },
      payload: null,
    },
  ];
  const server = http.createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      const url = new URL(request.url!, "http://x");
      calls.push(`${request.method} ${url.pathname}`);
      const send = (status: number, payload: unknown) => {
        response.statusCode = status;
        response.setHeader("content-type", "application/json");
        response.end(JSON.stringify(payload));
      };
      if (request.headers.authorization !== token) return send(401, { code: "verify.token", message: "Invalid access_token" });
      if (url.pathname === "/me" || url.pathname === "/me/commands") {
        return send(200, { user_id: 1, first_name: "Бот", username: "shnor_max_bot", is_bot: true, last_activity_time: 0 });
      }
      if (url.pathname === "/subscriptions") return send(200, { subscriptions: [] });
      if (url.pathname === "/updates") {
        const updates = pending;
        pending = [];
        return setTimeout(() => send(200, { updates, marker: 1 }), updates.length ? 0 : 200);
      }
      if (url.pathname === "/messages" && request.method === "POST") {
        const payload = JSON.parse(body || "{}");
        return send(200, {
          message: {
            recipient: { chat_id: Number(url.searchParams.get("chat_id")), chat_type: "dialog" },
            timestamp: Date.now(),
            body: { mid: "mid.1", seq: 1, text: payload.text },
          },
        });
      }
      send(200, { success: true });
    });
  });
  return { server, calls };
}

async function freePort(): Promise<number> {
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const port = (probe.address() as AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

function waitForLine(child: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`timeout waiting for ${pattern}; output:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(pattern);
      if (match) {
        clearTimeout(timer);
        resolve(match[0]);
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code}; output:\n${output}`));
    });
  });
}

describe("процесс сервера", () => {
  it("без BOT_TOKEN называет недостающую настройку и выходит с ненулевым кодом", () => {
    const result = spawnSync(process.execPath, [SERVER_JS], {
      env: { ...cleanEnv(), PORT: "не число" },
      encoding: "utf8",
      cwd: os.tmpdir(),
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/BOT_TOKEN и MAX_BOT_TOKEN не заданы/);
    expect(result.stderr).toMatch(/PORT должен быть числом/);
  });

  let standIn: ReturnType<typeof botApiStandIn>;
  let maxStandIn: ReturnType<typeof maxApiStandIn>;
  let maxRoot: string;
  let apiRoot: string;
  let dataDir: string;
  beforeAll(async () => {
    standIn = botApiStandIn();
    await new Promise<void>((resolve) => standIn.server.listen(0, "127.0.0.1", resolve));
    apiRoot = `http://127.0.0.1:${(standIn.server.address() as AddressInfo).port}`;
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "shnor-data-"));
    maxStandIn = maxApiStandIn(MAX_TOKEN);
    await new Promise<void>((resolve) => maxStandIn.server.listen(0, "127.0.0.1", resolve));
    maxRoot = `http://127.0.0.1:${(maxStandIn.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    standIn?.server.close();
    maxStandIn?.server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("запускается с эмулятором Bot API, отвечает на /healthz и отдаёт Mini App; SIGTERM — чистая остановка", async () => {
    for (const round of [1, 2]) {
      const port = await freePort();
      const started = Date.now();
      const child = spawn(process.execPath, [SERVER_JS], {
        env: { ...cleanEnv(), BOT_TOKEN: TEST_TOKEN, TELEGRAM_API_ROOT: apiRoot, DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: "warn" },
        stdio: ["ignore", "pipe", "pipe"],
        cwd: os.tmpdir(),
      });
      try {
        await waitForLine(child, /Сервер запущен/, 60_000);
        const coldStartMs = Date.now() - started;
        console.log(`cold start (round ${round}, ${round === 1 ? "new data folder" : "existing data folder"}): ${coldStartMs} ms`);
        const health = await fetch(`http://127.0.0.1:${port}/healthz`);
        expect(health.status).toBe(200);
        expect(await health.json()).toMatchObject({ status: "ok", database: "ok", databaseKind: "pglite" });
        const page = await fetch(`http://127.0.0.1:${port}/`);
        expect(page.status).toBe(200);
        expect(await page.text()).toMatch(/<div id="root">/);
        // The CLI while the server owns the embedded folder: the server carries the command out.
        const cli = (...args: string[]) =>
          spawnSync(process.execPath, [CLI_JS, ...args, "--json"], {
            env: { ...cleanEnv(), DATA_DIR: dataDir },
            encoding: "utf8",
            cwd: os.tmpdir(),
          });
        if (round === 1) {
          const created = cli("district", "create", "--name", "Район через сервер");
          expect(created.status, created.stderr).toBe(0);
          expect(JSON.parse(created.stdout)).toMatchObject({ name: "Район через сервер" });
          // The command went through the bridge's own 0600 socket in the data folder, not the public port.
          expect(fs.statSync(path.join(dataDir, "admin.sock")).mode & 0o777).toBe(0o600);
          const publicRoute = await fetch(`http://127.0.0.1:${port}/internal/cli`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ command: "district list", options: {} }),
          });
          expect(publicRoute.status).toBe(404);
        } else {
          // Still there after a stop and a start: nothing written behind the server's back was lost.
          const listed = cli("district", "list");
          expect(listed.status, listed.stderr).toBe(0);
          expect(listed.stdout).toContain("Район через сервер");
        }
        if (round === 1) {
          // The bot polled, answered /help, and lived through the missing setMyCommands.
          for (let wait = 0; wait < 50 && !standIn.calls.includes("sendMessage"); wait++) {
            await new Promise((resolve) => setTimeout(resolve, 100));
          }
          expect(standIn.calls).toContain("getMe");
          expect(standIn.calls).toContain("setMyCommands");
          expect(standIn.calls).toContain("sendMessage");
        }
      } finally {
        const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
        child.kill("SIGTERM");
        expect(await exited).toBe(0);
      }
    }
  }, 150_000);

  it("один процесс обслуживает Telegram и MAX; можно запустить и только с MAX", async () => {
    for (const channels of ["both", "max"] as const) {
      const port = await freePort();
      const env = {
        ...cleanEnv(),
        MAX_BOT_TOKEN: MAX_TOKEN,
        MAX_API_ROOT: maxRoot,
        // The folder of the test above (stopped cleanly): initdb and the migrations once per file.
        DATA_DIR: dataDir,
        PORT: String(port),
        LOG_LEVEL: "warn",
        ...(channels === "both" ? { BOT_TOKEN: TEST_TOKEN, TELEGRAM_API_ROOT: apiRoot } : {}),
      };
      const child = spawn(process.execPath, [SERVER_JS], { env, stdio: ["ignore", "pipe", "pipe"], cwd: os.tmpdir() });
      try {
        await waitForLine(child, /Сервер запущен/, 60_000);
        expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
        if (channels === "both") {
          // The MAX stand-in's bot_started was answered with the stranger's greeting.
          for (let wait = 0; wait < 50 && !maxStandIn.calls.includes("POST /messages"); wait++) {
            await new Promise((resolve) => setTimeout(resolve, 100));
          }
          expect(maxStandIn.calls).toContain("GET /me");
          expect(maxStandIn.calls).toContain("PATCH /me/commands");
          expect(maxStandIn.calls).toContain("POST /messages");
        }
      } finally {
        const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
        child.kill("SIGTERM");
        expect(await exited).toBe(0);
      }
    }
  }, 120_000);
});
