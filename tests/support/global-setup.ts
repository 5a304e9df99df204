// Once per test run, before any worker starts:
// - migrates one PGlite and saves it as a tarball: each test database then starts from it in ~0.7 s
//   instead of running initdb (~2.3 s) and the migrations again (STACK.md); the tarball keeps only
//   template1, the database PGlite works in;
// - bundles the server and the CLI as production runs them (esbuild.config.mjs, ~0.5 s of CPU), into
//   a folder of this run's own, so suites that spawn `node server.js` / `node cli.js` start compiled
//   JavaScript instead of transpiling every module through tsx in each process (about 3 s of CPU a
//   process), and another run building at the same time cannot change the files under them.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../../prisma/db.ts";
import { migrate } from "../../prisma/migrate.ts";
// @ts-expect-error: a plain ES module without types (the build script).
import { buildServer } from "../../esbuild.config.mjs";

const TMP = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../.tmp");
export const TEMPLATE = path.join(TMP, "pglite-template.tar");

export default async function setup(project: TestProject) {
  fs.mkdirSync(TMP, { recursive: true });
  // The bundle looks for the Mini App at <its folder>/../miniapp (server/app.ts ROOT): a link to ours.
  const run = fs.mkdtempSync(path.join(TMP, "run-"));
  fs.symlinkSync(path.resolve("miniapp"), path.join(run, "miniapp"));
  // A file that does not compile fails only the suites that spawn the bundle (tests/support/built.ts),
  // not a run of unrelated tests.
  let buildError = "";
  const [, dump] = await Promise.all([
    buildServer(path.join(run, "dist")).catch((error: unknown) => {
      buildError = String((error as Error).message ?? error);
    }),
    (async () => {
      const db = await openDatabase({ dataDir: "memory://" });
      await migrate(db);
      // PGlite works in template1 (its default database); initdb also makes `postgres` and `template0`,
      // which nothing here opens (the embedded database never runs CREATE DATABASE). Without them the
      // tarball has 17 MB and ~700 files instead of 31 MB and ~1 370, and each test database starts
      // with ~35 % less CPU (median 0.64 s instead of 1.03 s, measured on this template).
      await db.exec("DROP DATABASE postgres");
      await db.exec("ALTER DATABASE template0 IS_TEMPLATE false");
      await db.exec("DROP DATABASE template0");
      await db.exec("CHECKPOINT");
      const dump = await db.dump!();
      await db.close();
      return dump;
    })(),
  ]);
  // Written whole, then renamed: a run starting meanwhile never reads half a template.
  const partial = `${TEMPLATE}.${process.pid}`;
  fs.writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
  fs.renameSync(partial, TEMPLATE);
  project.provide("builtServer", buildError ? { error: buildError } : { dir: path.join(run, "dist") });
  if (process.env.TEST_DATABASE_URL) {
    console.log(`Database suites run on PostgreSQL: ${process.env.TEST_DATABASE_URL.replace(/:[^:@/]*@/, ":***@")}`);
  }
  return () => fs.rmSync(run, { recursive: true, force: true });
}

declare module "vitest" {
  export interface ProvidedContext {
    /** This run's bundle of server/main.ts and cli/main.ts (server.js, cli.js). */
    builtServer: { dir: string } | { error: string };
  }
}
