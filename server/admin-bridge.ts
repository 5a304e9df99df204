// The embedded database belongs to one process. While the server runs, `npm run cli` sends its
// command here instead of opening the folder. The bridge has its own listener, never the public
// port (a reverse proxy on the same host makes every public request look like loopback): a Unix
// socket with mode 0600 in the data folder, or, without a data folder, 127.0.0.1 on an ephemeral
// port. Either way it also wants the token the server writes into the data folder's owner file
// (readable by the same OS user only), and refuses anything forwarded by a proxy.
import { randomBytes, timingSafeEqual } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { Hono } from "hono";
import { createAdaptorServer } from "@hono/node-server";
import { z } from "zod";
import { findCommand } from "../core/services/admin-commands.ts";
import { AdminError, isAdminError, type AdminContext } from "../core/services/admin.ts";
import { findIdentificationCommand, type IdentificationContext } from "../core/services/identification.ts";
import { PrismaAdminRepository } from "../prisma/admin.ts";
import { identificationContext } from "../prisma/identification.ts";
import type { Database, PrismaClient } from "../prisma/db.ts";
import { PrismaRepository } from "../prisma/repository.ts";
import { appendCliCommand } from "../prisma/audit.ts";
import { AuditQuerySchema } from "../core/services/audit.ts";
import os from "node:os";

const Body = z.object({ command: z.string().max(40), options: z.record(z.string(), z.unknown()) });
const AuditListOptions = z.object({ district: z.string().min(1).max(200), query: AuditQuerySchema });
const BackupOptions = z.object({ out: z.string().min(2).max(4096).refine((file) => path.isAbsolute(file)) });

/** The socket's name in the data folder. */
export const ADMIN_SOCKET = "admin.sock";
/** Unix socket paths are limited to about 104–108 bytes; a deeper data folder falls back to TCP on loopback. */
const MAX_SOCKET_PATH = 100;

const sameToken = (given: string | undefined, expected: string) =>
  given !== undefined && given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));

/** The bridge's routes on an app of its own; `ctx` runs the commands as the operator (identification's too, given its context). */
export function adminBridgeApp(
  ctx: AdminContext | IdentificationContext,
  token: string,
  /** #16: records a command that ran to its end in the audit log (never fails the command). */
  recordDone?: (command: string, options: Record<string, unknown>) => Promise<unknown>,
  /** Commands only the server process can carry out (a backup of the embedded database it holds). */
  serverCommands: Record<string, (options: Record<string, unknown>) => Promise<unknown>> = {},
) {
  const app = new Hono();
  app.post("/internal/cli", async (c) => {
    // A reverse proxy on the same host connects from loopback too: anything it forwards is refused.
    const proxied = c.req.header("x-forwarded-for") !== undefined || c.req.header("forwarded") !== undefined;
    if (proxied || !sameToken(c.req.header("x-admin-token"), token)) {
      return c.json({ ok: false, kind: "forbidden", message: "forbidden" }, 403);
    }
    const body = Body.safeParse(await c.req.json().catch(() => null));
    // Own keys only: "__proto__" or "constructor" is no command.
    const serverCommand = body.success && Object.hasOwn(serverCommands, body.data.command) ? serverCommands[body.data.command] : undefined;
    if (body.success && serverCommand) {
      try {
        const result = await serverCommand(body.data.options);
        await recordDone?.(body.data.command, body.data.options).catch((error) => console.error("audit entry not written:", error));
        return c.json({ ok: true, result });
      } catch (error) {
        if (isAdminError(error)) return c.json({ ok: false, kind: error.kind, message: error.message });
        if (error instanceof Error && error.name === "BackupError") return c.json({ ok: false, kind: "invalid", message: error.message });
        throw error;
      }
    }
    const run = body.success ? (findCommand(body.data.command) ?? ("ident" in ctx ? findIdentificationCommand(body.data.command) : null)) : null;
    if (!body.success || !run) return c.json({ ok: false, kind: "invalid", message: "Неизвестная команда" }, 400);
    try {
      run.validate(body.data.options);
      const result = await run(ctx as IdentificationContext, body.data.options);
      await recordDone?.(body.data.command, body.data.options).catch((error) => console.error("audit entry not written:", error));
      return c.json({ ok: true, result });
    } catch (error) {
      if (isAdminError(error)) return c.json({ ok: false, kind: error.kind, message: error.message, lines: error.detail.lines });
      throw error;
    }
  });
  // Never a stack trace to the caller.
  app.onError((_error, c) => c.json({ ok: false, kind: "invalid", message: "Внутренняя ошибка сервера при выполнении команды" }, 500));
  return app;
}

export interface AdminBridge {
  /** What the owner file tells the CLI: "unix:/…/admin.sock" or "http://127.0.0.1:<port>", and the token. */
  owner: { adminUrl: string; adminToken: string };
  close(): Promise<void>;
}

/** Starts the bridge's own listener: a 0600 socket in `dataDir`, else 127.0.0.1 on an ephemeral port. */
export async function startAdminBridge(
  prisma: PrismaClient,
  options: {
    dataDir?: string;
    token?: string;
    settings?: AdminContext["settings"];
    /** The database itself, for `backup` while this server holds the embedded folder (#16). */
    database?: Database;
  } = {},
): Promise<AdminBridge> {
  const adminToken = options.token ?? randomBytes(24).toString("hex");
  const ctx: IdentificationContext = identificationContext(prisma, {
    admin: new PrismaAdminRepository(prisma),
    repo: new PrismaRepository(prisma),
    clock: { now: () => new Date() },
    randomBytes: (size) => randomBytes(size),
    settings: options.settings,
  });
  const record = async (command: string, raw: Record<string, unknown>) => appendCliCommand(prisma, command, raw, os.userInfo().username);
  const database = options.database;
  const serverCommands: Record<string, (raw: Record<string, unknown>) => Promise<unknown>> = {
    // `audit list` while this server holds the embedded folder (#16): the same page as the CLI reads.
    "audit list": async (raw) => {
      const parsed = AuditListOptions.safeParse(raw);
      if (!parsed.success) throw new AdminError("invalid", "audit list: неверные параметры");
      const { auditListFor } = await import("../prisma/audit.ts");
      return auditListFor(prisma, parsed.data.district, parsed.data.query);
    },
  };
  if (database) {
    // The CLI cannot open the embedded folder this server holds: the server writes the backup itself,
    // in one transaction (the bot's own statements wait for it on PGlite's single connection).
    serverCommands.backup = async (raw) => {
      const out = BackupOptions.safeParse(raw);
      if (!out.success) throw new AdminError("invalid", "--out: нужен полный путь к новому файлу копии");
      const { writeBackup } = await import("../prisma/backup.ts");
      return writeBackup(database, out.data.out);
    };
  }
  const server = createAdaptorServer({ fetch: adminBridgeApp(ctx, adminToken, record, serverCommands).fetch }) as http.Server;
  const socket = options.dataDir ? path.join(options.dataDir, ADMIN_SOCKET) : null;
  let adminUrl: string;
  if (socket && Buffer.byteLength(socket) <= MAX_SOCKET_PATH) {
    // A socket left by a killed server would make listen() fail with EADDRINUSE.
    fs.rmSync(socket, { force: true });
    // The socket is created with the process umask; 0077 makes it 0600 from the start, then chmod to be sure.
    const umask = process.umask(0o077);
    try {
      await new Promise<void>((resolve, reject) => server.once("error", reject).listen(socket, resolve));
    } finally {
      process.umask(umask);
    }
    fs.chmodSync(socket, 0o600);
    adminUrl = `unix:${socket}`;
  } else {
    await new Promise<void>((resolve, reject) => server.once("error", reject).listen(0, "127.0.0.1", resolve));
    adminUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }
  return {
    owner: { adminUrl, adminToken },
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (socket && adminUrl.startsWith("unix:")) fs.rmSync(socket, { force: true });
    },
  };
}

/** The CLI's side: sends one command to the running server and returns its result or throws its refusal. */
export async function forwardCommand(
  owner: { adminUrl: string; adminToken: string },
  command: string,
  options: Record<string, unknown>,
): Promise<unknown> {
  const body = JSON.stringify({ command, options });
  const target = owner.adminUrl.startsWith("unix:")
    ? { socketPath: owner.adminUrl.slice("unix:".length), path: "/internal/cli" }
    : (() => {
        const url = new URL("/internal/cli", owner.adminUrl);
        return { host: url.hostname, port: Number(url.port), path: url.pathname };
      })();
  const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
    const request = http.request(
      { ...target, method: "POST", headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), "x-admin-token": owner.adminToken } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
        response.on("error", reject);
      },
    );
    request.on("error", () => reject(new AdminError("invalid", "Сервер запущен, но не отвечает на команды (admin bridge). Перезапустите сервер и повторите.")));
    request.end(body);
  });
  let reply: { ok: boolean; result?: unknown; kind?: string; message?: string; lines?: string[] };
  try {
    reply = JSON.parse(text);
  } catch {
    throw new AdminError("invalid", `Сервер ответил не JSON (HTTP ${status})`);
  }
  if (reply.ok) return reply.result;
  const kind = reply.kind === "not_found" || reply.kind === "forbidden" ? reply.kind : "invalid";
  throw new AdminError(kind, reply.message ?? `HTTP ${status}`, { lines: reply.lines });
}
