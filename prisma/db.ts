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

/** Who holds an embedded data folder: one process at a time (PGlite has no lock of its own). */
export interface OwnerInfo {
  pid: number;
  startedAt: string;
  /** Set by the server: the CLI sends its commands there instead of opening the folder. */
  adminUrl?: string;
  adminToken?: string;
}

export class DatabaseBusyError extends Error {
  constructor(
    readonly dir: string,
    readonly owner: OwnerInfo,
  ) {
    super(
      `Встроенная база ${dir} открыта другим процессом (PID ${owner.pid}, с ${owner.startedAt}). ` +
        `Один процесс за раз: остановите его или используйте PostgreSQL (DATABASE_URL).`,
    );
    this.name = "DatabaseBusyError";
  }
}

const OWNER_FILE = "shnor-owner.json";

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export function readOwner(dir: string): OwnerInfo | null {
  try {
    const owner = JSON.parse(fs.readFileSync(path.join(dir, OWNER_FILE), "utf8")) as OwnerInfo;
    return owner.pid !== process.pid && isAlive(owner.pid) ? owner : null;
  } catch {
    return null;
  }
}

function writeOwner(dir: string, owner: OwnerInfo): void {
  fs.writeFileSync(path.join(dir, OWNER_FILE), JSON.stringify(owner), { mode: 0o600 });
}

export interface Database {
  prisma: PrismaClient;
  kind: "pglite" | "postgres";
  /** Runs raw SQL outside Prisma (migrations, health checks). */
  exec(sql: string): Promise<void>;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** For PGlite: a tarball of the data folder, used by tests to skip initdb. */
  dump?(): Promise<Blob | File>;
  /** Embedded folder only: tells other processes where this one takes admin commands. */
  announce?(info: Pick<OwnerInfo, "adminUrl" | "adminToken">): void;
  close(): Promise<void>;
}

export interface OpenOptions {
  databaseUrl?: string;
  dataDir?: string;
  /** Start a new PGlite from a dump instead of running initdb (tests). */
  loadDataDir?: Blob | File;
  /** Called with every SQL statement Prisma sends (tests and the bench count queries per turn). */
  onQuery?: (sql: string) => void;
}

function makeClient(adapter: PrismaPg | PrismaPGlite, onQuery?: (sql: string) => void) {
  if (!onQuery) return new PrismaClient({ adapter });
  const prisma = new PrismaClient({ adapter, log: [{ emit: "event", level: "query" }] });
  prisma.$on("query", (event) => onQuery(event.query));
  return prisma as unknown as PrismaClient;
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl) {
    const pool = makePgPool(options.databaseUrl);
    const prisma = makeClient(new PrismaPg(pool), options.onQuery);
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
  let dir: string | undefined;
  let ownerInfo: OwnerInfo | undefined;
  if (options.loadDataDir) {
    pglite = await PGlite.create({ loadDataDir: options.loadDataDir });
  } else if (options.dataDir?.startsWith("memory://")) {
    pglite = await PGlite.create(options.dataDir);
  } else {
    dir = path.resolve(options.dataDir ?? "./data");
    fs.mkdirSync(dir, { recursive: true });
    const owner = readOwner(dir);
    if (owner) throw new DatabaseBusyError(dir, owner);
    pglite = await PGlite.create(dir);
    // Written after PGlite has initialised the folder: initdb wants an empty one.
    ownerInfo = { pid: process.pid, startedAt: new Date().toISOString() };
    writeOwner(dir, ownerInfo);
  }
  const prisma = makeClient(new PrismaPGlite(pglite), options.onQuery);
  return {
    prisma,
    kind: "pglite",
    exec: async (sql) => {
      await pglite.exec(sql);
    },
    query: async (sql, params) => (await pglite.query(sql, params as unknown[])).rows as never,
    dump: () => pglite.dumpDataDir("none"),
    announce: (info) => {
      if (dir && ownerInfo) writeOwner(dir, (ownerInfo = { ...ownerInfo, ...info }));
    },
    close: async () => {
      await prisma.$disconnect();
      // The adapter's dispose() does not close PGlite; an unclosed folder may not reopen cleanly.
      await pglite.close();
      if (dir) fs.rmSync(path.join(dir, OWNER_FILE), { force: true });
    },
  };
}
