// Shared by the CLI suites.
import { expect } from "vitest";
import { CliError } from "../../cli/commands.ts";
import type { PrismaClient } from "../../prisma/db.ts";
import { startAdminBridge } from "../../server/admin-bridge.ts";

/** The CliError a call fails with (the test fails if it succeeds). */
export async function failure(call: Promise<unknown>): Promise<CliError> {
  const error = await call.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(CliError);
  return error as CliError;
}

/** The admin bridge on its own listener, as the running product starts it for the CLI (`dataDir`: a 0600 socket there). */
export async function startBridge(prisma: PrismaClient, dataDir?: string) {
  return startAdminBridge(prisma, { token: "test-token-0123456789", dataDir });
}
