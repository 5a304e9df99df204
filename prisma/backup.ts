// Backups (#16 §7): `npm run cli -- backup --out F` and `restore --from F` (cli/backup.ts).
//
// Two formats:
// - the product's own logical format, for the embedded PGlite and for PostgreSQL alike (a PGlite
//   backup restores into PostgreSQL and back): one gzip file whose first line is a JSON header
//   (format version, product version, database kind, applied migrations, creation time, rows per
//   table, sha256 of everything after the header line), then, table by table in foreign-key order
//   (COPY_ORDER), a line naming the table and its columns and one JSON array per row holding each
//   column's PostgreSQL text form (null for SQL NULL). The text form is exact for every type the
//   schema uses (bigint, jsonb with JSON null as the string "null", bytea as hex, timestamps in ISO,
//   arrays), and restoring casts it back with the target's own column types;
// - on PostgreSQL, `pg_dump -Fc` where the client tools are installed and not older than the server,
//   restored with `pg_restore --single-transaction` into a database with no tables.
import { createHash } from "node:crypto";
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { pipeline } from "node:stream/promises";
import zlib from "node:zlib";
import { z } from "zod";
import pkg from "../package.json" with { type: "json" };
import { COPY_ORDER } from "./db-copy.ts";
import type { Database, PrismaClient } from "./db.ts";
import { migrate } from "./migrate.ts";

export const BACKUP_FORMAT = "shnor-backup";
export const BACKUP_FORMAT_VERSION = 1;

/**
 * Every table of the schema in foreign-key order: the tables `db copy` moves, plus InboundUpdate —
 * webhook updates already acknowledged to the messenger but maybe not yet handled are people's
 * input that the messenger will never send again, and the handled ones keep redeliveries out.
 */
export const BACKUP_MODELS = [...COPY_ORDER, "inboundUpdate"] as const;

/**
 * Left out: coordination state of the running processes, meaningless after a restore (which needs
 * a stopped server). ProcessedUpdate and ActionClaim are de-duplication marks kept a day;
 * ChannelThrottle is the send pace and 429 pauses of the moment.
 */
export const NOT_BACKED_UP: Record<string, string> = {
  ProcessedUpdate: "отметки обработанных обновлений long polling (хранятся сутки)",
  ActionClaim: "отметки нажатых кнопок от повторов (хранятся сутки)",
  ChannelThrottle: "текущий темп отправки и паузы после 429",
};

const tableOf = (model: string) => model[0]!.toUpperCase() + model.slice(1);
export const BACKUP_TABLES: string[] = BACKUP_MODELS.map(tableOf);

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;

export const BackupHeader = z.object({
  format: z.literal(BACKUP_FORMAT),
  formatVersion: z.number().int(),
  productVersion: z.string(),
  databaseKind: z.enum(["pglite", "postgres"]),
  migrations: z.array(z.string()),
  createdAt: z.string(),
  tables: z.array(z.object({ table: z.string(), rows: z.number().int().nonnegative() })),
  notIncluded: z.array(z.string()),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type BackupHeader = z.infer<typeof BackupHeader>;

/** A refusal with a Russian line for the operator; nothing was written. */
export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BackupError";
  }
}

export type Progress = (table: string, rows: number | null) => void;

type Tx = Pick<PrismaClient, "$queryRawUnsafe" | "$executeRawUnsafe">;

async function appliedMigrations(tx: Tx): Promise<string[]> {
  const rows = await tx.$queryRawUnsafe<{ name: string }[]>(
    `SELECT migration_name::text AS name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`,
  );
  return rows.map((row) => row.name);
}

interface TableInfo {
  columns: { name: string; type: string }[];
  key: string[];
}

/** Columns (with their types) and primary keys of every table in the public schema, in one query. */
async function catalog(tx: Tx): Promise<Map<string, TableInfo>> {
  const rows = await tx.$queryRawUnsafe<{ table: string; name: string; type: string; keypos: number | null }[]>(
    `SELECT c.relname::text AS "table", a.attname::text AS name, format_type(a.atttypid, a.atttypmod) AS type,
            array_position(i.indkey::int2[], a.attnum)::int AS keypos
     FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
     LEFT JOIN pg_index i ON i.indrelid = c.oid AND i.indisprimary
     WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'
     ORDER BY c.relname, a.attnum`,
  );
  const tables = new Map<string, TableInfo & { keyed: { name: string; pos: number }[] }>();
  for (const row of rows) {
    const info = tables.get(row.table) ?? { columns: [], key: [], keyed: [] };
    tables.set(row.table, info);
    info.columns.push({ name: row.name, type: row.type });
    if (row.keypos !== null) info.keyed.push({ name: row.name, pos: row.keypos });
  }
  for (const info of tables.values()) info.key = info.keyed.sort((a, b) => a.pos - b.pos).map((entry) => entry.name);
  return tables;
}

async function publicTables(tx: Tx): Promise<string[]> {
  const rows = await tx.$queryRawUnsafe<{ name: string }[]>(`SELECT tablename::text AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`);
  return rows.map((row) => row.name);
}

/** The same text forms whatever the session's settings were. */
async function fixSessionFormats(tx: Tx): Promise<void> {
  for (const statement of [
    "SET LOCAL DateStyle = 'ISO, YMD'",
    "SET LOCAL TimeZone = 'UTC'",
    "SET LOCAL IntervalStyle = 'postgres'",
    "SET LOCAL extra_float_digits = 1",
    "SET LOCAL bytea_output = 'hex'",
  ]) {
    await tx.$executeRawUnsafe(statement);
  }
}

export interface BackupSummary {
  file: string;
  format: "logical" | "pg_dump";
  bytes: number;
  header?: BackupHeader;
  /** pg_dump: its version and the server's. */
  pgDump?: { version: string; serverVersion: string };
}

const FETCH_ROWS = 2000;

/** Writes the logical backup of `db` to `file` (never over an existing file). */
export async function writeBackup(db: Database, file: string, options: { onProgress?: Progress } = {}): Promise<BackupSummary> {
  const target = path.resolve(file);
  if (fs.existsSync(target)) throw new BackupError(`Файл ${target} уже есть: укажите новый файл (копия не перезаписывает существующие).`);
  const partial = `${target}.partial-${process.pid}`;
  const body = `${target}.body-${process.pid}`;
  try {
    const { hash, tables, migrations } = await db.prisma.$transaction(
      async (tx) => {
        await fixSessionFormats(tx);
        const present = new Set(await publicTables(tx));
        const unknown = [...present].filter((table) => table !== "_prisma_migrations" && !BACKUP_TABLES.includes(table) && !(table in NOT_BACKED_UP));
        if (unknown.length) {
          throw new BackupError(`В базе есть таблицы, которых копия не знает: ${unknown.join(", ")}. Обновите программу до версии, которая создала эти таблицы.`);
        }
        const migrations = await appliedMigrations(tx);
        const tablesInfo = await catalog(tx);
        const hash = createHash("sha256");
        const gzip = zlib.createGzip();
        const written = pipeline(gzip, fs.createWriteStream(body, { mode: 0o600 }));
        const write = async (line: string) => {
          const data = line + "\n";
          hash.update(data);
          if (!gzip.write(data)) await new Promise((resolve) => gzip.once("drain", resolve));
        };
        const tables: { table: string; rows: number }[] = [];
        try {
          for (const table of BACKUP_TABLES) {
            if (!present.has(table)) throw new BackupError(`В базе нет таблицы ${table}: база не прошла миграции этой версии программы.`);
            const { columns, key } = tablesInfo.get(table)!;
            await write(JSON.stringify({ table, columns: columns.map((column) => column.name) }));
            const select =
              `SELECT json_build_array(${columns.map((column) => `${ident(column.name)}::text`).join(", ")})::text AS r FROM ${ident(table)}` +
              (key.length ? ` ORDER BY ${key.map(ident).join(", ")}` : "");
            await tx.$executeRawUnsafe(`DECLARE shnor_backup NO SCROLL CURSOR FOR ${select}`);
            let rows = 0;
            for (;;) {
              const batch = await tx.$queryRawUnsafe<{ r: string }[]>(`FETCH FORWARD ${FETCH_ROWS} FROM shnor_backup`);
              for (const row of batch) await write(row.r);
              rows += batch.length;
              if (batch.length < FETCH_ROWS) break;
            }
            await tx.$executeRawUnsafe("CLOSE shnor_backup");
            tables.push({ table, rows });
            options.onProgress?.(table, rows);
          }
        } finally {
          gzip.end();
          await written;
        }
        return { hash: hash.digest("hex"), tables, migrations };
      },
      // One snapshot for every table (on PostgreSQL; PGlite has one connection anyway).
      { timeout: 60 * 60_000, maxWait: 60_000, ...(db.kind === "postgres" ? { isolationLevel: "RepeatableRead" as const } : {}) },
    );
    const header: BackupHeader = {
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      productVersion: pkg.version,
      databaseKind: db.kind,
      migrations,
      createdAt: new Date().toISOString(),
      tables,
      notIncluded: Object.keys(NOT_BACKED_UP),
      sha256: hash,
    };
    // Two gzip members in one file: the header, then the body (gunzip reads them as one stream).
    fs.writeFileSync(partial, zlib.gzipSync(JSON.stringify(header) + "\n"), { mode: 0o600 });
    await pipeline(fs.createReadStream(body), fs.createWriteStream(partial, { flags: "a" }));
    fs.renameSync(partial, target);
    return { file: target, format: "logical", bytes: fs.statSync(target).size, header };
  } finally {
    fs.rmSync(body, { force: true });
    fs.rmSync(partial, { force: true });
  }
}

/** What kind of file this is: our gzip, a pg_dump custom archive, or neither. */
export function detectBackupFile(file: string): "logical" | "pg_dump" {
  const resolved = path.resolve(file);
  if (!fs.existsSync(resolved)) throw new BackupError(`Файл ${resolved} не найден.`);
  const fd = fs.openSync(resolved, "r");
  const start = Buffer.alloc(5);
  try {
    fs.readSync(fd, start, 0, 5, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (start.subarray(0, 5).toString("latin1") === "PGDMP") return "pg_dump";
  if (start[0] === 0x1f && start[1] === 0x8b) return "logical";
  throw new BackupError(`${resolved} — не резервная копия продукта: ни наш формат (gzip), ни архив pg_dump -Fc.`);
}

/** Reads the file line by line after gunzip; the header is the first line. */
async function* backupLines(file: string): AsyncGenerator<string> {
  const source = fs.createReadStream(path.resolve(file));
  const input = zlib.createGunzip();
  // pipe() does not pass a read error on: without this a vanished file would hang the reader.
  source.on("error", (error) => input.destroy(error));
  source.pipe(input);
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  try {
    for await (const line of lines) yield line;
  } catch (error) {
    throw new BackupError(`Файл копии повреждён (не читается как gzip: ${(error as Error).message}).`);
  } finally {
    lines.close();
    source.destroy();
    input.destroy();
  }
}

/** Reads the header and checks the whole file against its sha256 and row counts, writing nothing. */
export async function verifyBackup(file: string): Promise<BackupHeader> {
  let header: BackupHeader | null = null;
  const hash = createHash("sha256");
  const counts = new Map<string, number>();
  let table: string | null = null;
  for await (const line of backupLines(file)) {
    if (!header) {
      const parsed = BackupHeader.safeParse((() => {
        try {
          return JSON.parse(line);
        } catch {
          return null;
        }
      })());
      if (!parsed.success) throw new BackupError("Это не резервная копия продукта: первая строка не заголовок копии.");
      header = parsed.data;
      if (header.formatVersion > BACKUP_FORMAT_VERSION) {
        throw new BackupError(`Копия в формате версии ${header.formatVersion}, эта программа читает до ${BACKUP_FORMAT_VERSION}: обновите программу.`);
      }
      continue;
    }
    hash.update(line + "\n");
    if (line.startsWith("{")) {
      table = (JSON.parse(line) as { table: string }).table;
      counts.set(table, 0);
    } else if (table) counts.set(table, counts.get(table)! + 1);
  }
  if (!header) throw new BackupError("Файл копии пуст.");
  const actual = hash.digest("hex");
  if (actual !== header.sha256) {
    throw new BackupError(`Файл копии повреждён или изменён: контрольная сумма sha256 не совпадает с заголовком (${actual.slice(0, 12)}… вместо ${header.sha256.slice(0, 12)}…). Ничего не записано.`);
  }
  for (const { table: name, rows } of header.tables) {
    if (counts.get(name) !== rows) throw new BackupError(`Файл копии неполон: в таблице ${name} ${counts.get(name) ?? 0} строк вместо ${rows}.`);
  }
  return header;
}

/** The first table of the backup that already has rows in `db`, or null. */
async function firstNonEmpty(tx: Tx, tables: string[]): Promise<string | null> {
  for (const table of tables) {
    const rows = await tx.$queryRawUnsafe<{ any: boolean }[]>(`SELECT EXISTS (SELECT 1 FROM ${ident(table)}) AS any`);
    if (rows[0]?.any) return table;
  }
  return null;
}

function compareMigrations(backup: string[], target: string[]): void {
  const newer = backup.filter((name) => !target.includes(name));
  if (newer.length) {
    throw new BackupError(`Копия сделана более новой версией программы (миграции ${newer.join(", ")} этой версии неизвестны). Обновите программу и повторите.`);
  }
  const older = target.filter((name) => !backup.includes(name));
  if (older.length) {
    throw new BackupError(
      `Копия сделана более старой версией программы: в ней нет миграций ${older.join(", ")}. ` +
        "Восстановите её программой той версии (она записана в заголовке копии), затем обновите программу — миграции применятся при запуске.",
    );
  }
}

const RESTORE_BATCH_ROWS = 1000;
const RESTORE_BATCH_CHARS = 4_000_000;

/**
 * Restores a logical backup into `db`: migrations first, then the sha256 check, then every row in
 * one transaction (nothing half-written); refuses a database with any row in the backup's tables.
 * Sequences (BIGSERIAL ids) are set past the largest restored id.
 */
export async function restoreBackup(db: Database, file: string, options: { onProgress?: Progress } = {}): Promise<BackupHeader> {
  await migrate(db);
  const header = await verifyBackup(file);
  compareMigrations(header.migrations, await appliedMigrations(db.prisma));
  const known = new Set(BACKUP_TABLES);
  const strange = header.tables.map((entry) => entry.table).filter((table) => !known.has(table));
  if (strange.length) throw new BackupError(`В копии есть таблицы, которых эта версия не знает: ${strange.join(", ")}.`);
  const occupied = await firstNonEmpty(db.prisma, header.tables.map((entry) => entry.table));
  if (occupied) {
    throw new BackupError(
      `База не пуста: в таблице ${occupied} уже есть строки. Восстановление делается в новую пустую базу при остановленном сервере ` +
        "(PostgreSQL: createdb и DATABASE_URL на неё; встроенная: пустая папка DATA_DIR). Ничего не записано.",
    );
  }
  await db.prisma.$transaction(
    async (tx) => {
      await fixSessionFormats(tx);
      let table: string | null = null;
      let insert = "";
      let batch: string[] = [];
      let chars = 0;
      let rows = 0;
      const flush = async () => {
        if (!batch.length) return;
        await tx.$executeRawUnsafe(insert, `[${batch.join(",")}]`);
        rows += batch.length;
        batch = [];
        chars = 0;
      };
      const finish = async () => {
        if (!table) return;
        await flush();
        const expected = header.tables.find((entry) => entry.table === table)?.rows;
        if (expected !== rows) throw new BackupError(`Таблица ${table}: записано ${rows} строк вместо ${expected}. Ничего не записано.`);
        options.onProgress?.(table, rows);
      };
      const tablesInfo = await catalog(tx);
      let first = true;
      for await (const line of backupLines(file)) {
        if (first) {
          first = false;
          continue;
        }
        if (line.startsWith("{")) {
          await finish();
          const next = z.object({ table: z.string(), columns: z.array(z.string()) }).parse(JSON.parse(line));
          table = next.table;
          rows = 0;
          const types = new Map((tablesInfo.get(table)?.columns ?? []).map((column) => [column.name, column.type]));
          const missing = next.columns.filter((column) => !types.has(column));
          if (missing.length) throw new BackupError(`В таблице ${table} базы нет столбцов ${missing.join(", ")} из копии.`);
          // A completed response just restored made the trigger record its schools from the restored
          // memberships; the backup's rows (schools at completion) are the truth.
          if (table === "ResponseSchool") await tx.$executeRawUnsafe(`DELETE FROM "ResponseSchool"`);
          insert =
            `INSERT INTO ${ident(table)} (${next.columns.map(ident).join(", ")}) SELECT ` +
            next.columns.map((column, index) => `(r->>${index})::${types.get(column)}`).join(", ") +
            ` FROM json_array_elements($1::json) AS r`;
          continue;
        }
        batch.push(line);
        chars += line.length;
        if (batch.length >= RESTORE_BATCH_ROWS || chars >= RESTORE_BATCH_CHARS) await flush();
      }
      await finish();
      // BIGSERIAL ids: the next insert gets an id past every restored one (sequences owned by a column).
      const sequences = await tx.$queryRawUnsafe<{ seq: string; table: string; column: string }[]>(
        `SELECT s.oid::regclass::text AS seq, t.relname::text AS "table", a.attname::text AS "column"
         FROM pg_class s JOIN pg_depend d ON d.objid = s.oid AND d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
         JOIN pg_class t ON t.oid = d.refobjid JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
         WHERE s.relkind = 'S' AND t.relnamespace = 'public'::regnamespace`,
      );
      for (const sequence of sequences.filter((entry) => header.tables.some((table) => table.table === entry.table))) {
        await tx.$queryRawUnsafe(
          `SELECT setval($1::regclass, COALESCE((SELECT max(${ident(sequence.column)}) FROM ${ident(sequence.table)}), 0) + 1, false)::text AS v`,
          sequence.seq,
        );
      }
    },
    { timeout: 60 * 60_000, maxWait: 60_000 },
  );
  return header;
}

// ---------- pg_dump / pg_restore ----------

export interface PgTools {
  /** null: not installed. */
  version: string | null;
  major: number | null;
}

/** `pg_dump --version` (or pg_restore's): "pg_dump (PostgreSQL) 15.20 (Debian …)" → 15. */
export function pgToolVersion(tool: "pg_dump" | "pg_restore"): PgTools {
  const run = spawnSync(tool, ["--version"], { encoding: "utf8" });
  if (run.error || run.status !== 0) return { version: null, major: null };
  const match = /(\d+)(?:\.(\d+))?/.exec(run.stdout);
  return { version: run.stdout.trim(), major: match ? Number(match[1]) : null };
}

export async function serverVersion(db: Database): Promise<{ version: string; major: number }> {
  const rows = await db.query<{ num: string; version: string }>(`SELECT current_setting('server_version_num') AS num, current_setting('server_version') AS version`);
  return { version: rows[0]!.version, major: Math.floor(Number(rows[0]!.num) / 10000) };
}

export const PG_CLIENT_HINT = "Установите клиент PostgreSQL той же или более новой версии, что и сервер: Debian/Ubuntu — apt-get install postgresql-client (или postgresql-client-<версия> из apt.postgresql.org).";

/** Why pg_dump cannot be used for this server, in Russian; null when it can. */
export function pgDumpProblem(tools: PgTools, server: { version: string; major: number }): string | null {
  if (!tools.version) return `pg_dump не установлен. ${PG_CLIENT_HINT}`;
  if (tools.major !== null && tools.major < server.major) {
    return `pg_dump старее сервера: ${tools.version}, а сервер PostgreSQL ${server.version} — pg_dump не снимает копию с более нового сервера. ${PG_CLIENT_HINT}`;
  }
  return null;
}

/** The URL without its password, and the password for PGPASSWORD (not visible in `ps`). */
function connection(databaseUrl: string): { url: string; env: NodeJS.ProcessEnv } {
  const url = new URL(databaseUrl);
  const password = decodeURIComponent(url.password);
  url.password = "";
  return { url: url.toString(), env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } };
}

function runTool(tool: string, args: string[], env: NodeJS.ProcessEnv, onLine: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { env, stdio: ["ignore", "ignore", "pipe"] });
    const errors: string[] = [];
    readline.createInterface({ input: child.stderr }).on("line", (line) => {
      onLine(line);
      if (!/^(pg_dump|pg_restore): (dumping|processing|creating|executing|reading|identifying|finding|saving|flagging|last built-in|connecting|implied|launching|finished|dropping)/.test(line)) {
        errors.push(line);
      }
    });
    child.on("error", (error) => reject(new BackupError(`${tool} не запускается: ${error.message}`)));
    child.on("close", (code) => {
      if (code === 0) resolve();
      else reject(new BackupError(`${tool} завершился с кодом ${code}: ${errors.slice(-5).join(" | ") || "без сообщения"}`));
    });
  });
}

/** `pg_dump -Fc` of the database at `databaseUrl` into `file`; progress per table from its --verbose lines. */
export async function backupWithPgDump(databaseUrl: string, file: string, options: { onProgress?: Progress } = {}): Promise<BackupSummary> {
  const target = path.resolve(file);
  if (fs.existsSync(target)) throw new BackupError(`Файл ${target} уже есть: укажите новый файл (копия не перезаписывает существующие).`);
  const partial = `${target}.partial-${process.pid}`;
  const { url, env } = connection(databaseUrl);
  try {
    await runTool("pg_dump", ["-Fc", "--verbose", "--no-owner", "--no-privileges", `--file=${partial}`, `--dbname=${url}`], env, (line) => {
      const table = /dumping contents of table "(?:public\.)?([^"]+)"/.exec(line);
      if (table) options.onProgress?.(table[1]!, null);
    });
    fs.renameSync(partial, target);
    return { file: target, format: "pg_dump", bytes: fs.statSync(target).size };
  } finally {
    fs.rmSync(partial, { force: true });
  }
}

/**
 * `pg_restore --single-transaction` of a `pg_dump -Fc` archive into `db`, which must have no tables
 * at all (a fresh `createdb`): the archive brings the schema, the data, the sequences and the
 * migration records. Migrations newer than the archive are applied afterwards.
 */
export async function restoreWithPgRestore(db: Database, databaseUrl: string, file: string, options: { onProgress?: Progress } = {}): Promise<{ migrationsApplied: string[] }> {
  if (db.kind !== "postgres") throw new BackupError("Архив pg_dump восстанавливается только в PostgreSQL: задайте DATABASE_URL.");
  const tools = pgToolVersion("pg_restore");
  if (!tools.version) throw new BackupError(`pg_restore не установлен. ${PG_CLIENT_HINT}`);
  const list = spawnSync("pg_restore", ["--list", path.resolve(file)], { encoding: "utf8" });
  if (list.status !== 0) throw new BackupError(`Архив pg_dump не читается: ${(list.stderr || "").trim().split("\n").slice(-2).join(" ")}`);
  const tables = await publicTables(db.prisma);
  if (tables.length) {
    throw new BackupError(
      `База не пуста: в ней уже есть таблица ${tables.find((table) => table !== "_prisma_migrations") ?? tables[0]}. ` +
        "Архив pg_dump восстанавливается в новую базу без таблиц (createdb имя) при остановленном сервере. Ничего не записано.",
    );
  }
  const { url, env } = connection(databaseUrl);
  await runTool(
    "pg_restore",
    ["--verbose", "--single-transaction", "--exit-on-error", "--no-owner", "--no-privileges", `--dbname=${url}`, path.resolve(file)],
    env,
    (line) => {
      const table = /processing data for table "(?:public\.)?([^"]+)"/.exec(line);
      if (table) options.onProgress?.(table[1]!, null);
    },
  );
  const { applied } = await migrate(db);
  return { migrationsApplied: applied };
}
