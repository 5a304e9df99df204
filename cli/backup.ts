// `npm run cli -- backup --out F` and `restore --from F` (#16 §7): a thin shell over prisma/backup.ts —
// options, which database and which format, progress lines and printing. Registered from cli/main.ts
// with one line.
import fs from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { AdminError } from "../core/services/admin.ts";
import { loadConfig } from "../server/config.ts";

export interface BackupCliDeps {
  /** cli/main.ts's error printer: returns the exit code. */
  fail: (error: unknown) => number;
  setExitCode: (code: number) => void;
}

const out = (lines: string[]) => process.stdout.write(lines.join("\n") + "\n");
const json = (value: unknown) => process.stdout.write(JSON.stringify(value, null, 2) + "\n");
const note = (line: string) => process.stderr.write(line + "\n");

const FORMATS = ["auto", "pg_dump", "logical"] as const;
type Format = (typeof FORMATS)[number];

const size = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} МБ` : bytes >= 1024 ? `${Math.round(bytes / 1024)} КБ` : `${bytes} Б`;

/** A refusal of prisma/backup.ts (or a busy folder) as the CLI's error: one Russian line, exit code 2. */
function asCliError(error: unknown): unknown {
  if (error instanceof Error && (error.name === "BackupError" || error.name === "DatabaseStartError")) return new AdminError("invalid", error.message);
  return error;
}

const busyMessage = (owner: { pid: number }, what: "backup" | "restore") =>
  what === "backup"
    ? `Встроенная база открыта работающим сервером (PID ${owner.pid}), а PGlite пускает в папку один процесс. ` +
      "Остановите сервер (systemctl stop … или Ctrl+C), снимите копию и запустите сервер снова; " +
      "для копий без остановки переходите на PostgreSQL (README, «Переход на PostgreSQL»)."
    : `Встроенная база открыта работающим сервером (PID ${owner.pid}). Восстановление делается только при остановленном сервере ` +
      "и в пустую папку DATA_DIR: остановите сервер, укажите новую папку DATA_DIR и повторите.";

async function open(what: "backup" | "restore") {
  const config = loadConfig(process.env, { requireBotToken: false });
  const { openDatabase, DatabaseBusyError } = await import("../prisma/db.ts");
  try {
    return { config, db: await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.dataDir }) };
  } catch (error) {
    if (error instanceof DatabaseBusyError) throw new AdminError("invalid", busyMessage(error.owner, what));
    throw error;
  }
}

/**
 * The embedded folder is held by a running server: the server writes the backup itself through its
 * admin bridge (a 0600 socket in the data folder), so a backup needs no stop. Null when the database
 * opens here (PostgreSQL, or no server running).
 */
async function backupThroughServer(options: { out: string; format: Format; json?: boolean }): Promise<Opened | "done" | null> {
  const config = loadConfig(process.env, { requireBotToken: false });
  if (config.DATABASE_URL) return null;
  const { DatabaseBusyError, openDatabase } = await import("../prisma/db.ts");
  let owner: { pid: number; adminUrl?: string; adminToken?: string };
  try {
    // Not held by a server: this opened database is the one the backup reads.
    return { config, db: await openDatabase({ dataDir: config.dataDir }) };
  } catch (error) {
    if (!(error instanceof DatabaseBusyError)) throw error;
    owner = error.owner;
  }
  if (!owner.adminUrl || !owner.adminToken) throw new AdminError("invalid", busyMessage(owner as { pid: number }, "backup"));
  if (options.format === "pg_dump") throw new AdminError("invalid", "--format pg_dump — только для PostgreSQL (DATABASE_URL). Встроенная база копируется в формате продукта.");
  if (!options.json) out([`Встроенную базу держит работающий сервер (PID ${owner.pid}): копию в формате продукта снимает он сам, одной транзакцией. Пока она идёт, бот отвечает с задержкой.`]);
  const { forwardCommand } = await import("../server/admin-bridge.ts");
  const summary = (await forwardCommand({ adminUrl: owner.adminUrl, adminToken: owner.adminToken }, "backup", { out: path.resolve(options.out) })) as {
    file: string;
    bytes: number;
    header?: { tables: { rows: number }[]; sha256: string; notIncluded: string[] };
  };
  if (options.json) {
    json({ ...summary, notes: ["через работающий сервер"] });
    return "done";
  }
  const rows = summary.header?.tables.reduce((sum, entry) => sum + entry.rows, 0);
  out([
    `Готово: ${summary.file} (${size(summary.bytes)}), формат продукта, таблиц ${summary.header?.tables.length}, строк ${rows}, sha256 ${summary.header?.sha256}.`,
    `Не входят в копию (служебное состояние работающего сервера): ${summary.header?.notIncluded.join(", ")}.`,
    "Восстановление — в новую пустую базу при остановленном сервере: npm run cli -- restore --from " + summary.file,
  ]);
  return "done";
}

type Opened = Awaited<ReturnType<typeof open>>;

export async function backupCommand(options: { out?: string; format?: string; json?: boolean }): Promise<void> {
  if (!options.out?.trim()) throw new AdminError("invalid", "--out: укажите файл копии, например --out shnor-$(date +%F).backup");
  const format = (options.format ?? "auto") as Format;
  if (!FORMATS.includes(format)) throw new AdminError("invalid", `--format: ${FORMATS.join(", ")}`);
  if (fs.existsSync(options.out)) throw new AdminError("invalid", `Файл ${options.out} уже есть: укажите новый файл (копия не перезаписывает существующие).`);
  const held = await backupThroughServer({ out: options.out, format, json: options.json });
  if (held === "done") return;
  const backup = await import("../prisma/backup.ts");
  const { migrate } = await import("../prisma/migrate.ts");
  const { config, db } = held ?? (await open("backup"));
  const progress = (table: string, rows: number | null) => {
    if (!options.json) out([`  ${table}${rows === null ? "" : `: ${rows}`}`]);
  };
  try {
    await migrate(db);
    const notes: string[] = [];
    let usePgDump = false;
    let versions: { version: string; serverVersion: string } | undefined;
    if (db.kind === "postgres" && format !== "logical") {
      const tools = backup.pgToolVersion("pg_dump");
      const server = await backup.serverVersion(db);
      const problem = backup.pgDumpProblem(tools, server);
      if (problem && format === "pg_dump") throw new AdminError("invalid", problem);
      if (problem) {
        notes.push(problem, "Снимаю копию в собственном формате продукта: её восстанавливает команда restore этой программы.");
      } else {
        usePgDump = true;
        versions = { version: tools.version!, serverVersion: server.version };
      }
    } else if (db.kind === "pglite" && format === "pg_dump") {
      throw new AdminError("invalid", "--format pg_dump — только для PostgreSQL (DATABASE_URL). Встроенная база копируется в формате продукта.");
    }
    for (const line of notes) note(line);
    if (!options.json) out([usePgDump ? `Копия через ${versions!.version} (сервер ${versions!.serverVersion}):` : "Копия в формате продукта, по таблицам:"]);
    const summary = usePgDump
      ? { ...(await backup.backupWithPgDump(config.DATABASE_URL!, options.out, { onProgress: progress })), pgDump: versions }
      : await backup.writeBackup(db, options.out, { onProgress: progress });
    if (options.json) {
      json({ ...summary, notes });
      return;
    }
    const rows = summary.header?.tables.reduce((sum, entry) => sum + entry.rows, 0);
    out([
      `Готово: ${summary.file} (${size(summary.bytes)}), ` +
        (summary.header ? `формат продукта, таблиц ${summary.header.tables.length}, строк ${rows}, sha256 ${summary.header.sha256}.` : "архив pg_dump -Fc."),
      summary.header
        ? `Не входят в копию (служебное состояние работающего сервера): ${summary.header.notIncluded.join(", ")}.`
        : "Архив содержит схему, данные, последовательности и записи миграций.",
      "Восстановление — в новую пустую базу при остановленном сервере: npm run cli -- restore --from " + summary.file,
    ]);
  } finally {
    await db.close();
  }
}

export async function restoreCommand(options: { from?: string; json?: boolean }): Promise<void> {
  if (!options.from?.trim()) throw new AdminError("invalid", "--from: укажите файл копии (из npm run cli -- backup --out …)");
  const backup = await import("../prisma/backup.ts");
  const kind = backup.detectBackupFile(options.from);
  const config = loadConfig(process.env, { requireBotToken: false });
  if (kind === "pg_dump" && !config.DATABASE_URL) {
    throw new AdminError("invalid", "Это архив pg_dump: он восстанавливается только в PostgreSQL. Задайте DATABASE_URL новой пустой базы (createdb …) и повторите.");
  }
  const { db } = await open("restore");
  const progress = (table: string, rows: number | null) => {
    if (!options.json) out([`  ${table}${rows === null ? "" : `: ${rows}`}`]);
  };
  try {
    if (kind === "pg_dump") {
      if (!options.json) out(["Восстановление архива pg_dump (pg_restore, одна транзакция):"]);
      const result = await backup.restoreWithPgRestore(db, config.DATABASE_URL!, options.from, { onProgress: progress });
      if (options.json) json({ format: "pg_dump", ...result });
      else out([`Готово.${result.migrationsApplied.length ? ` Применены новые миграции: ${result.migrationsApplied.join(", ")}.` : ""} Запустите сервер.`]);
      return;
    }
    if (!options.json) out(["Проверка копии (sha256, миграции), затем восстановление в одной транзакции, по таблицам:"]);
    const header = await backup.restoreBackup(db, options.from, { onProgress: progress });
    if (options.json) {
      json({ format: "logical", header });
      return;
    }
    const rows = header.tables.reduce((sum, entry) => sum + entry.rows, 0);
    out([
      `Готово: восстановлено строк ${rows} в ${header.tables.length} таблицах из копии от ${header.createdAt} ` +
        `(версия программы ${header.productVersion}, база ${header.databaseKind === "pglite" ? "встроенная" : "PostgreSQL"}). Запустите сервер.`,
    ]);
  } finally {
    await db.close();
  }
}

export function registerBackup(program: Command, deps: BackupCliDeps): void {
  const run = (work: () => Promise<void>) => async () => {
    try {
      await work();
    } catch (error) {
      deps.setExitCode(deps.fail(asCliError(error)));
    }
  };
  program
    .command("backup")
    .description("резервная копия базы в файл: встроенная — в формате продукта; PostgreSQL — pg_dump -Fc, где он установлен")
    .option("--out <файл>", "куда записать копию (новый файл)")
    .option("--format <auto|pg_dump|logical>", "PostgreSQL: pg_dump (по умолчанию, если установлен) или формат продукта (logical)", "auto")
    .option("--json", "вывод в JSON (только JSON в stdout), для скриптов")
    .action((options: { out?: string; format?: string; json?: boolean }) => run(() => backupCommand(options))());
  program
    .command("restore")
    .description("восстановить копию в новую пустую базу (DATA_DIR или DATABASE_URL); сервер должен быть остановлен")
    .option("--from <файл>", "файл копии (формат продукта или архив pg_dump -Fc)")
    .option("--json", "вывод в JSON (только JSON в stdout), для скриптов")
    .action((options: { from?: string; json?: boolean }) => run(() => restoreCommand(options))());
}
