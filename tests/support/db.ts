// A fresh, migrated database per call: PGlite from the template by default; a new database on the
// PostgreSQL server when TEST_DATABASE_URL is set (dropped on close).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { openDatabase, type Database } from "../../prisma/db.ts";
import { migrate } from "../../prisma/migrate.ts";

const TEMPLATE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../.tmp/pglite-template.tar");

let template: Blob | undefined;

/** The run's migrated PGlite as a tarball (global-setup.ts), read once per worker. */
export function pgliteTemplate(): Blob {
  template ??= new Blob([fs.readFileSync(TEMPLATE)], { type: "application/x-tar" });
  return template;
}

export const onPostgres = () => Boolean(process.env.TEST_DATABASE_URL);

/** `onQuery` sees every SQL statement Prisma sends (queries per turn are counted in tests). */
export async function openTestDatabase(options: { onQuery?: (sql: string) => void } = {}): Promise<Database> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    // Read once per worker (the suites that share modules open many databases): PGlite only reads the Blob.
    return openDatabase({ loadDataDir: pgliteTemplate(), onQuery: options.onQuery });
  }
  const name = `shnor_test_${Date.now()}_${randomBytes(3).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const db = await openDatabase({ databaseUrl: url.toString(), onQuery: options.onQuery });
  await migrate(db);
  const close = db.close;
  db.close = async () => {
    await close();
    const dropper = new pg.Client({ connectionString: serverUrl });
    await dropper.connect();
    await dropper.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await dropper.end();
  };
  return db;
}
