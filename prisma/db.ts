// Opens the database: embedded PGlite in a data folder by default, PostgreSQL when a URL is given.
// Both go through Prisma's JS engine with a driver adapter, so there is no engine binary to download.
import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pgliteModule, SHARED_BUFFERS_MB } from "./pglite-wasm.ts";
import type { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "./generated/client.ts";

export type { PrismaClient };

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
        `Один процесс за раз: остановите его или используйте PostgreSQL (DATABASE_URL). ` +
        `Если сервер на самом деле не запущен, удалите файл ${path.join(dir, OWNER_FILE)}.`,
    );
    this.name = "DatabaseBusyError";
  }
}

const OWNER_FILE = "shnor-owner.json";

/** A database that cannot be opened, with one Russian line that says what to fix. */
export class DatabaseStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DatabaseStartError";
  }
}

/** The command line of a live process, where /proc has it (Linux); null elsewhere. */
function commandLine(pid: number): string | null {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean).join(" ");
  } catch {
    return null;
  }
}

/** Our server and CLI run under Node (directly, through tsx or npm). */
const looksLikeOurs = (command: string) => /(^|[\s/])(node|tsx|npm)(\s|$)|\.(ts|js|mjs)(\s|$)/.test(command);

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

/** The last write that failed and the last that succeeded: a full disk shows here (and in /healthz). */
export interface WriteHealth {
  lastError: { at: Date; message: string } | null;
  lastOkAt: Date | null;
}

export interface Database {
  prisma: PrismaClient;
  /** Writes through Prisma and `query`/`exec`: the last failure and the last success. */
  writeHealth?(): WriteHealth;
  kind: "pglite" | "postgres";
  /** Runs raw SQL outside Prisma (migrations, health checks). */
  exec(sql: string): Promise<void>;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** For PGlite: a tarball of the data folder, used by tests to skip initdb. */
  dump?(): Promise<Blob | File>;
  /** Embedded folder only: tells other processes where this one takes admin commands. */
  announce?(info: Pick<OwnerInfo, "adminUrl" | "adminToken">): void;
  /** The embedded database's own folder (PGlite opened from a folder); the admin socket lives there. */
  dataDir?: string;
  /** PGlite: why it runs with its own 128 MB of shared buffers instead of the size asked for (for the log). */
  sharedBuffersNotice?: string;
  close(): Promise<void>;
}

export interface OpenOptions {
  databaseUrl?: string;
  dataDir?: string;
  /** Start a new PGlite from a dump instead of running initdb (tests). */
  loadDataDir?: Blob | File;
  /** Called with every SQL statement Prisma sends (tests and the bench count queries per turn). */
  onQuery?: (sql: string) => void;
  /** PostgreSQL: how long to wait for a connection and for a statement (default 10 s and 30 s). */
  timeoutSeconds?: number;
  /** PGlite: its shared buffer pool in MB (default 16; PGlite itself would take 128, see pglite-wasm.ts). */
  sharedBuffersMb?: number;
}

/** A write, or a WITH whose CTE writes (the update claim that also reads the person). */
const WRITE_SQL = /^\s*(INSERT|UPDATE|DELETE|MERGE|COMMIT)\b|^\s*WITH\b[\s\S]*\b(INSERT|UPDATE|DELETE)\b/i;

/** Records the outcome of every write, so that a full disk or a read-only database is visible. */
class WriteWatch {
  readonly state: WriteHealth = { lastError: null, lastOkAt: null };
  observe<T>(sql: string, run: () => Promise<T>): Promise<T> {
    if (!WRITE_SQL.test(sql)) return run();
    return run().then(
      (result) => {
        this.state.lastOkAt = new Date();
        return result;
      },
      (error: unknown) => {
        // Prisma's driver adapters put PostgreSQL's SQLSTATE in `cause` (code, or originalCode once mapped).
        const cause = (error as { cause?: { originalCode?: string; originalMessage?: string; code?: string; message?: string } }).cause;
        const code = cause?.originalCode ?? cause?.code ?? (error as { code?: string }).code;
        const message = cause?.originalMessage ?? cause?.message ?? (error as Error).message ?? String(error);
        this.state.lastError = { at: new Date(), message: `${code ? code + ": " : ""}${message}`.slice(0, 300) };
        throw error;
      },
    );
  }
}

type Queryable = { queryRaw(query: { sql: string }): Promise<unknown>; executeRaw(query: { sql: string }): Promise<unknown> };

/** Wraps a Prisma driver adapter (and its transactions) so that each write goes through the watch. */
function watched<T extends object>(target: T, watch: WriteWatch): T {
  return new Proxy(target, {
    get(object, property) {
      const value = Reflect.get(object, property, object) as unknown;
      if (typeof value !== "function") return value;
      if (property === "queryRaw" || property === "executeRaw") {
        return (query: { sql: string }) => watch.observe(query.sql, () => (value as Queryable["queryRaw"]).call(object, query));
      }
      if (property === "commit") return () => watch.observe("COMMIT", () => (value as () => Promise<unknown>).call(object));
      if (property === "connect" || property === "startTransaction") {
        return async (...args: unknown[]) => watched(await (value as (...a: unknown[]) => Promise<object>).apply(object, args), watch);
      }
      return (value as (...a: unknown[]) => unknown).bind(object);
    },
  });
}

const PG_FIX = "Исправьте DATABASE_URL в .env (вид: postgresql://пользователь:пароль@хост:5432/база) или оставьте его пустым для встроенной базы.";

/** One Russian line for what went wrong while connecting to PostgreSQL. */
export function describePostgresError(error: unknown, databaseUrl: string, timeoutSeconds: number): string {
  let where = "PostgreSQL";
  let user = "";
  let database = "";
  try {
    const url = new URL(databaseUrl);
    where = `PostgreSQL на ${url.hostname}:${url.port || 5432}`;
    user = decodeURIComponent(url.username);
    database = decodeURIComponent(url.pathname.slice(1));
  } catch {
    // The config already checked the scheme; an unparsable rest is reported below as is.
  }
  const code = (error as { code?: string }).code ?? "";
  const message = String((error as Error).message ?? error);
  if (code === "ECONNREFUSED") return `${where} не принимает подключения (порт закрыт). Запустите PostgreSQL или ${PG_FIX}`;
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return `${where}: такого хоста нет (${code}). ${PG_FIX}`;
  if (code === "EHOSTUNREACH" || code === "ENETUNREACH") return `${where} недоступен по сети (${code}). Проверьте адрес и сеть; ${PG_FIX}`;
  if (code === "28P01") return `${where} не принял пароль пользователя «${user}». ${PG_FIX}`;
  if (code === "28000") return `${where} не пускает пользователя «${user}» (${message}). Проверьте пользователя и pg_hba.conf; ${PG_FIX}`;
  if (code === "3D000") return `${where}: базы «${database}» нет. Создайте её (createdb ${database}) или ${PG_FIX}`;
  if (/timeout|timed out|terminated/i.test(message)) {
    return (
      `${where} принимает подключение, но не отвечает ${timeoutSeconds} с. Проверьте, что по этому адресу работает PostgreSQL и он не перегружен ` +
      `(время ожидания — DATABASE_TIMEOUT_SECONDS). ${PG_FIX}`
    );
  }
  return `Не удалось подключиться: ${where} ответил «${message.slice(0, 200)}»${code ? ` (${code})` : ""}. ${PG_FIX}`;
}

/** One Russian line when the data folder is a file, read-only, or immutable. */
function prepareDataDir(dir: string): void {
  const fix = "Укажите в DATA_DIR папку, в которую сервер может писать, например DATA_DIR=./data.";
  try {
    if (fs.existsSync(dir) && !fs.statSync(dir).isDirectory()) throw Object.assign(new Error("not a directory"), { code: "ENOTDIR" });
    fs.mkdirSync(dir, { recursive: true });
    const probe = path.join(dir, `.write-test-${process.pid}`);
    fs.writeFileSync(probe, "");
    fs.rmSync(probe);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "";
    if (code === "ENOTDIR" || code === "EEXIST") {
      throw new DatabaseStartError(`DATA_DIR=${dir} — это файл, а не папка (или внутри пути есть файл). ${fix}`);
    }
    if (code === "EACCES" || code === "EPERM" || code === "EROFS") {
      throw new DatabaseStartError(
        `В папку данных ${dir} нельзя писать (${code}: ${code === "EROFS" ? "файловая система только для чтения" : "нет прав или папка неизменяемая"}). ` +
          `Дайте пользователю сервера права на запись (chown/chmod), снимите атрибут «неизменяемый» (chattr -i ${dir}) или ${fix.toLowerCase()}`,
      );
    }
    throw error;
  }
}

function makeClient(adapter: PrismaPg | PrismaPGlite, onQuery?: (sql: string) => void) {
  if (!onQuery) return new PrismaClient({ adapter });
  const prisma = new PrismaClient({ adapter, log: [{ emit: "event", level: "query" }] });
  prisma.$on("query", (event) => onQuery(event.query));
  return prisma as unknown as PrismaClient;
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  const watch = new WriteWatch();
  if (options.databaseUrl) {
    const timeoutSeconds = options.timeoutSeconds ?? 10;
    // pg and its adapter load only for PostgreSQL: the embedded database's process never needs them.
    const [{ PrismaPg }, { makePgPool }] = await Promise.all([import("@prisma/adapter-pg"), import("./cli-adapter.ts")]);
    // A server that accepts connections and never answers must not hang the start (it did for 300 s).
    const pool = makePgPool(options.databaseUrl, {
      connectionTimeoutMillis: timeoutSeconds * 1000,
      statement_timeout: Math.max(30, timeoutSeconds) * 1000,
      query_timeout: (Math.max(30, timeoutSeconds) + 5) * 1000,
    });
    pool.on("error", () => undefined); // an idle client's broken connection is replaced; queries report their own errors
    try {
      await pool.query("SELECT 1");
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw new DatabaseStartError(describePostgresError(error, options.databaseUrl, timeoutSeconds));
    }
    const prisma = makeClient(watched(new PrismaPg(pool), watch), options.onQuery);
    return {
      prisma,
      kind: "postgres",
      writeHealth: () => watch.state,
      exec: async (sql) => {
        await watch.observe(sql, () => pool.query(sql));
      },
      query: async (sql, params) => (await watch.observe(sql, () => pool.query(sql, params as unknown[]))).rows,
      close: async () => {
        await prisma.$disconnect();
        await pool.end();
      },
    };
  }
  let pglite: PGlite;
  let dir: string | undefined;
  let ownerInfo: OwnerInfo | undefined;
  const wasm = await pgliteModule(options.sharedBuffersMb ?? SHARED_BUFFERS_MB.default);
  const pgliteOptions = wasm.module ? { wasmModule: wasm.module } : {};
  if (options.loadDataDir) {
    pglite = await PGlite.create({ loadDataDir: options.loadDataDir, ...pgliteOptions });
  } else if (options.dataDir?.startsWith("memory://")) {
    pglite = await PGlite.create(options.dataDir, pgliteOptions);
  } else {
    dir = path.resolve(options.dataDir ?? "./data");
    prepareDataDir(dir);
    const owner = readOwner(dir);
    if (owner) {
      const command = commandLine(owner.pid);
      const file = path.join(dir, OWNER_FILE);
      if (command !== null && !looksLikeOurs(command)) {
        throw new DatabaseStartError(
          `Файл ${file} называет владельцем базы процесс ${owner.pid}, но это не наш сервер («${command.slice(0, 80)}»): ` +
            `файл остался после сбоя, а номер процесса теперь у другой программы. Удалите файл (rm ${file}) и запустите снова.`,
        );
      }
      throw new DatabaseBusyError(dir, owner);
    }
    pglite = await PGlite.create(dir, pgliteOptions);
    // Written after PGlite has initialised the folder: initdb wants an empty one.
    ownerInfo = { pid: process.pid, startedAt: new Date().toISOString() };
    writeOwner(dir, ownerInfo);
  }
  const prisma = makeClient(watched(new PrismaPGlite(pglite), watch), options.onQuery);
  return {
    prisma,
    kind: "pglite",
    writeHealth: () => watch.state,
    exec: async (sql) => {
      await watch.observe(sql, () => pglite.exec(sql));
    },
    query: async (sql, params) => (await watch.observe(sql, () => pglite.query(sql, params as unknown[]))).rows as never,
    dump: () => pglite.dumpDataDir("none"),
    ...(wasm.reason ? { sharedBuffersNotice: wasm.reason } : {}),
    ...(dir ? { dataDir: dir } : {}),
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
