// Opens the database: embedded PGlite in a data folder by default, PostgreSQL when a URL is given.
// Both go through Prisma's JS engine with a driver adapter, so there is no engine binary to download.
import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { makePgPool } from "./cli-adapter.ts";
import { PrismaClient } from "./generated/client.ts";

export type { PrismaClient };
export { makePgPool };

export interface Database {
  prisma: PrismaClient;
  kind: "pglite" | "postgres";
  /** Runs raw SQL outside Prisma (migrations, health checks). */
  exec(sql: string): Promise<void>;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** For PGlite: a tarball of the data folder, used by tests to skip initdb. */
  dump?(): Promise<Blob | File>;
  close(): Promise<void>;
}

export interface OpenOptions {
  databaseUrl?: string;
  dataDir?: string;
  /** Start a new PGlite from a dump instead of running initdb (tests). */
  loadDataDir?: Blob | File;
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl) {
    const pool = makePgPool(options.databaseUrl);
    const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
    return {
      prisma,
      kind: "postgres",
      exec: async (sql) => {
        await pool.query(sql);
      },
      query: async (sql, params) => (await pool.query(sql, params as unknown[])).rows,
      close: async () => {
        await prisma.$disconnect();
        await pool.end();
      },
    };
  }
  let pglite: PGlite;
  if (options.loadDataDir) {
    pglite = await PGlite.create({ loadDataDir: options.loadDataDir });
  } else if (options.dataDir?.startsWith("memory://")) {
    pglite = await PGlite.create(options.dataDir);
  } else {
    const dir = path.resolve(options.dataDir ?? "./data");
    fs.mkdirSync(dir, { recursive: true });
    pglite = await PGlite.create(dir);
  }
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  return {
    prisma,
    kind: "pglite",
    exec: async (sql) => {
      await pglite.exec(sql);
    },
    query: async (sql, params) => (await pglite.query(sql, params as unknown[])).rows as never,
    dump: () => pglite.dumpDataDir("none"),
    close: async () => {
      await prisma.$disconnect();
      // The adapter's dispose() does not close PGlite; an unclosed folder may not reopen cleanly.
      await pglite.close();
    },
  };
}
