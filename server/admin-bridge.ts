// The embedded database belongs to one process. While the server runs, `npm run cli` sends its
// command here instead of opening the folder: loopback only, with a token the server writes into the
// data folder's owner file (readable by the same OS user only).
import { timingSafeEqual } from "node:crypto";
import type { Hono } from "hono";
import { getConnInfo } from "@hono/node-server/conninfo";
import { z } from "zod";
import { CliError, cliContext, registry, type CommandName } from "../cli/commands.ts";
import type { PrismaClient } from "../prisma/db.ts";

const Body = z.object({ command: z.string().max(40), options: z.record(z.string(), z.unknown()) });
const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);

const sameToken = (given: string | undefined, expected: string) =>
  given !== undefined && given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function mountAdminBridge(app: Hono<any>, prisma: PrismaClient, token: string) {
  app.post("/internal/cli", async (c) => {
    const remote = getConnInfo(c).remote.address ?? "";
    // A reverse proxy on the same host connects from loopback too: anything it forwards is refused.
    const proxied = c.req.header("x-forwarded-for") !== undefined || c.req.header("forwarded") !== undefined;
    if (!LOOPBACK.has(remote) || proxied || !sameToken(c.req.header("x-admin-token"), token)) {
      return c.json({ ok: false, kind: "forbidden", message: "forbidden" }, 403);
    }
    const body = Body.safeParse(await c.req.json().catch(() => null));
    if (!body.success || !(body.data.command in registry)) {
      return c.json({ ok: false, kind: "invalid", message: "Неизвестная команда" }, 400);
    }
    const run = registry[body.data.command as CommandName] as unknown as {
      (ctx: ReturnType<typeof cliContext>, raw: Record<string, unknown>): Promise<unknown>;
      validate(raw: Record<string, unknown>): void;
    };
    try {
      run.validate(body.data.options);
      return c.json({ ok: true, result: await run(cliContext(prisma), body.data.options) });
    } catch (error) {
      if (error instanceof CliError) return c.json({ ok: false, kind: error.kind, message: error.message });
      throw error;
    }
  });
}

/** The CLI's side: sends one command to the running server. */
export async function forwardCommand(
  owner: { adminUrl: string; adminToken: string },
  command: string,
  options: Record<string, unknown>,
): Promise<unknown> {
  const response = await fetch(`${owner.adminUrl}/internal/cli`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-admin-token": owner.adminToken },
    body: JSON.stringify({ command, options }),
  });
  const reply = (await response.json()) as { ok: boolean; result?: unknown; kind?: string; message?: string };
  if (reply.ok) return reply.result;
  throw new CliError(reply.kind === "not_found" ? "not_found" : "invalid", reply.message ?? `HTTP ${response.status}`);
}
