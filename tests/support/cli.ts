// Shared by the CLI suites.
import { expect } from "vitest";
import { CliError } from "../../cli/commands.ts";

/** The CliError a call fails with (the test fails if it succeeds). */
export async function failure(call: Promise<unknown>): Promise<CliError> {
  const error = await call.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(CliError);
  return error as CliError;
}
