// Shared by the CLI suites.
import { expect } from "vitest";
import { Hono } from "hono";
import { serve } from "@hono/node-server";
import { CliError } from "../../cli/commands.ts";
import type { PrismaClient } from "../../prisma/db.ts";
import { mountAdminBridge } from "../../server/admin-bridge.ts";

/** The CliError a call fails with (the test fails if it succeeds). */
export async function failure(call: Promise<unknown>): Promise<CliError> {
  const error = await call.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(CliError);
  return error as CliError;
}

/** A server carrying only the admin bridge, as the running product exposes it to the CLI. */
export async function startBridge(prisma: PrismaClient) {
  const app = new Hono();
  const adminToken = "test-token-0123456789";
  mountAdminBridge(app, prisma, adminToken);
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const instance = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(instance));
  });
  const { port } = server.address() as { port: number };
  return {
    owner: { adminUrl: `http://127.0.0.1:${port}`, adminToken },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
