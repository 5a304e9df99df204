// Shared by the CLI suites.
import { PGlite } from "@electric-sql/pglite";
import { expect } from "vitest";
import { CliError, districtCreate, districtOperator, type CliContext } from "../../cli/commands.ts";
import type { PrismaClient } from "../../prisma/db.ts";
import { startAdminBridge } from "../../server/admin-bridge.ts";
import { pgliteTemplate } from "./db.ts";

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

/** What a district's administrator enters first (152-ФЗ): no invite is handed out without it. */
export const OPERATOR = {
  name: "Управление образования администрации Тестового района",
  address: "600000, Тестовая обл., ул. Ленина, 1",
  term: "до окончания программы, но не дольше 3 лет",
};
/** The same as `district operator` arguments for a CLI process. */
export const operatorArgs = (district: string) => ["district", "operator", "--district", district, "--name", OPERATOR.name, "--address", OPERATOR.address, "--term", OPERATOR.term];

/** A district as its administrator sets it up: created, then the operator's details (152-ФЗ). */
export async function newDistrict(context: CliContext, input: Parameters<typeof districtCreate>[1]) {
  const district = await districtCreate(context, input);
  await districtOperator(context, { district: district.id, ...OPERATOR });
  return district;
}

/**
 * A CLI data folder (DATA_DIR) that already holds the migrated database, as one an earlier command
 * created: the first process then opens it (and finds every migration applied) instead of running initdb
 * and all migrations (~1.4 s less CPU, measured in-process: 1.6 s instead of 3.0 s). tests/cli.test.ts
 * starts the CLI on an empty folder, so that path stays covered as a process.
 */
export async function seedDataDir(dir: string): Promise<void> {
  const pglite = await PGlite.create(dir, { loadDataDir: pgliteTemplate() });
  await pglite.close();
}
