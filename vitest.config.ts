import { defineConfig } from "vitest/config";

/**
 * Suites whose files share one module registry per worker (`isolate: false`): the unit and API
 * suites import the same core, Prisma client and Hono app in every file, and re-importing them per
 * file was most of their time (tests/unit + tests/api, 52 files: 297 → 116 s of CPU, import time
 * 606 → 40 s; same failures either way). Nothing in the code under test keeps per-test state at
 * module level (caches are keyed by row id), and no suite uses vi.mock. The bot flows and database
 * suites (#14 added 25 files, and the whole run reached 603 s) share modules too: each of their files
 * opens its own database and fake messengers. The server suites (they start and stop whole servers and
 * processes with their own timers) stay isolated.
 */
const SHARED_MODULES = [
  "tests/unit/**/*.test.ts",
  "tests/api/**/*.test.ts",
  "tests/flows/**/*.test.ts",
  "tests/db/**/*.test.ts",
  // The permission matrix (#15): one database, the Hono app in memory.
  "tests/permissions/**/*.test.ts",
  // The CLI and browser suites (#15: the whole run passed 10 min): they spawn the bundled CLI or drive
  // Chromium, but in-process they import the same core, Prisma client and Hono app, and set no
  // environment and mock nothing, so one registry per worker serves them too.
  "tests/cli*.test.ts",
  "tests/browser/**/*.test.ts",
];

export default defineConfig({
  test: {
    globalSetup: ["tests/support/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Two cores here: more workers only fight over CPU while PGlite starts.
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: "shared-modules", include: SHARED_MODULES, isolate: false } },
      { extends: true, test: { name: "isolated", include: ["tests/**/*.test.ts"], exclude: SHARED_MODULES } },
    ],
  },
});
