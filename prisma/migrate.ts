// Applies prisma/migrations at start-up. It writes the same `_prisma_migrations` records as
// `prisma migrate deploy`, so the Prisma CLI (`migrate status`, later `migrate deploy`) agrees with it,
// but it takes milliseconds instead of the CLI's ~13 s on PGlite (STACK.md).
import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Database } from "./db.ts";

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "migrations");
/** Arbitrary constant: serialises concurrent start-ups against one PostgreSQL. */
const ADVISORY_LOCK_KEY = 72_470_118;

export interface MigrationResult {
  applied: string[];
  pending: number;
}

interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

function readMigrations(dir = MIGRATIONS_DIR): MigrationFile[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

const quote = (value: string) => `'${value.replaceAll("'", "''")}'`;

export async function migrate(db: Database): Promise<MigrationResult> {
  const migrations = readMigrations();
  if (db.kind === "postgres") await db.query("SELECT pg_advisory_lock($1)", [ADVISORY_LOCK_KEY]);
  try {
    await db.exec(CREATE_TABLE);
    const rows = await db.query<{ migration_name: string; checksum: string }>(
      `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const done = new Map(rows.map((row) => [row.migration_name, row.checksum]));
    const applied: string[] = [];
    for (const migration of migrations) {
      const known = done.get(migration.name);
      if (known !== undefined) {
        if (known !== migration.checksum) {
          throw new Error(
            `Migration ${migration.name} was changed after it was applied (checksum differs). ` +
              `Restore the original prisma/migrations/${migration.name}/migration.sql.`,
          );
        }
        continue;
      }
      // One transaction per migration: it lands whole or not at all.
      await db.exec(
        `BEGIN;\n${migration.sql}\n;INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count) ` +
          `VALUES (${quote(randomUUID())}, ${quote(migration.checksum)}, now(), ${quote(migration.name)}, 1);\nCOMMIT;`,
      );
      applied.push(migration.name);
    }
    return { applied, pending: 0 };
  } catch (error) {
    await db.exec("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    if (db.kind === "postgres") await db.query("SELECT pg_advisory_unlock($1)", [ADVISORY_LOCK_KEY]);
  }
}
