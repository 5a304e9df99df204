// `npm run cli -- audit list`: the district's audit log in the terminal (#16 §6), and the hook that records
// the CLI's own changes. Every command's action passes through commander, so one postAction hook on the
// program sees them all: a command that ran to its end (exit code still 0, not a dry run) and is listed in
// core's CLI_AUDIT is appended with via "cli", actorLabel "CLI: <OS user>", the command name as target.
// When the running server owns the embedded database, the command was carried out by its admin bridge,
// which records it there (server/admin-bridge.ts); this process then writes nothing.
import os from "node:os";
import type { Command } from "commander";
import { AUDIT_ACTION_LABELS, AUDIT_VIA_LABELS, auditText } from "../core/messages/audit.ts";
import { roleTitle } from "../core/messages/ru.ts";
import { isRole } from "../core/roles.ts";
import { AUDIT_ACTIONS, AuditQuerySchema, CLI_AUDIT, auditFilterOf, isAuditAction, type AuditVia } from "../core/services/audit.ts";
import { AdminError } from "../core/services/admin.ts";
import { loadConfig } from "../server/config.ts";

export interface AuditCliDeps {
  fail: (error: unknown) => number;
  setExitCode: (code: number) => void;
  exitCode: () => number;
}

const osUser = () => {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? "unknown";
  }
};

/** "campaign open" for a subcommand, "identify" for a top-level one. */
function commandName(command: Command): string {
  const names: string[] = [];
  for (let current: Command | null = command; current?.parent; current = current.parent) names.unshift(current.name());
  return names.join(" ");
}

type Db = Awaited<ReturnType<typeof import("../prisma/db.ts").openDatabase>>;

/**
 * The database as the CLI opens it; null when the running server owns the embedded folder. After a
 * command the schema is current already (the command migrated it), so the hook skips migrate().
 */
async function openOwn(options: { migrate: boolean }): Promise<Db | null> {
  const config = loadConfig(process.env, { requireBotToken: false });
  const { openDatabase, DatabaseBusyError } = await import("../prisma/db.ts");
  const { migrate } = await import("../prisma/migrate.ts");
  try {
    const db = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.dataDir });
    if (options.migrate) await migrate(db);
    return db;
  } catch (error) {
    if (error instanceof DatabaseBusyError) return null;
    throw error;
  }
}

/** The admin bridge of the server that holds the embedded folder, if one runs. */
async function busyOwner(): Promise<{ adminUrl: string; adminToken: string } | null> {
  const config = loadConfig(process.env, { requireBotToken: false });
  const { openDatabase, DatabaseBusyError } = await import("../prisma/db.ts");
  try {
    await (await openDatabase({ dataDir: config.dataDir })).close();
    return null;
  } catch (error) {
    if (error instanceof DatabaseBusyError && error.owner.adminUrl && error.owner.adminToken) return { adminUrl: error.owner.adminUrl, adminToken: error.owner.adminToken };
    return null;
  }
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Set when the command recorded itself on its own open database (cli/main.ts withDatabase): the hook then opens nothing. */
let recordedInProcess = false;

/**
 * Records a command that ran to its end on the database it already has open, before it is closed:
 * no second open of the embedded database (about 1–2 s a command). Never fails the command.
 */
export async function recordCliCommand(prisma: import("../prisma/db.ts").PrismaClient, command: string, raw: Record<string, unknown>): Promise<void> {
  if (!CLI_AUDIT[command] || raw.dryRun === true) return;
  try {
    const { appendCliCommand } = await import("../prisma/audit.ts");
    await appendCliCommand(prisma, command, raw, osUser());
    recordedInProcess = true;
  } catch (error) {
    console.error(`Предупреждение: запись в журнал действий не сделана (${error instanceof Error ? error.message : String(error)}).`);
  }
}

export function registerAudit(program: Command, deps: AuditCliDeps): void {
  program.hook("postAction", async (_program, actionCommand) => {
    const name = commandName(actionCommand);
    if (recordedInProcess || !CLI_AUDIT[name] || deps.exitCode() !== 0) return;
    const raw = actionCommand.opts() as Record<string, unknown>;
    if (raw.dryRun === true) return;
    let db: Db | null = null;
    try {
      db = await openOwn({ migrate: false });
      if (!db) return;
      const { appendCliCommand } = await import("../prisma/audit.ts");
      await appendCliCommand(db.prisma, name, raw, osUser());
    } catch (error) {
      // The command itself is done: say so loudly, without turning it into a failure.
      console.error(`Предупреждение: запись в журнал действий не сделана (${error instanceof Error ? error.message : String(error)}).`);
    } finally {
      await db?.close();
    }
  });

  program
    .command("audit")
    .description("журнал действий района: кто смотрел сводные данные, что менял и выгружал")
    .command("list")
    .description("записи журнала района, новые сверху (до 100; дальше — --cursor)")
    .option("--district <id|название>", "район")
    .option("--since <ГГГГ-ММ-ДД>", "с этой даты (по времени района)")
    .option("--until <ГГГГ-ММ-ДД>", "по эту дату включительно")
    .option("--action <действие>", `одно из: ${AUDIT_ACTIONS.join(", ")}`)
    .option("--school <id>", "только эта школа")
    .option("--cursor <id>", "продолжить после записи с этим id (из предыдущего вывода)")
    .option("--json", "вывод в JSON (только JSON в stdout), для скриптов")
    .action(async (options: Record<string, string | boolean | undefined>) => {
      let db: Db | null = null;
      try {
        const districtQuery = typeof options.district === "string" ? options.district.trim() : "";
        if (!districtQuery) throw new AdminError("invalid", "--district: укажите район (id или название).");
        if (options.since !== undefined && !ISO_DAY.test(String(options.since))) throw new AdminError("invalid", auditText.badSince);
        if (options.action !== undefined && !isAuditAction(String(options.action))) throw new AdminError("invalid", auditText.badAction([...AUDIT_ACTIONS]));
        const query = AuditQuerySchema.safeParse({
          ...(options.since ? { from: options.since } : {}),
          ...(options.until ? { to: options.until } : {}),
          ...(options.action ? { action: options.action } : {}),
          ...(options.school ? { school: options.school } : {}),
          ...(options.cursor ? { cursor: options.cursor } : {}),
        });
        if (!query.success) throw new AdminError("invalid", auditText.badQuery);
        db = await openOwn({ migrate: true });
        let found: Awaited<ReturnType<typeof import("../prisma/audit.ts").auditListFor>>;
        if (db) {
          found = await (await import("../prisma/audit.ts")).auditListFor(db.prisma, districtQuery, query.data);
        } else {
          // The running server holds the embedded folder: it reads the log for us (its admin bridge).
          const owner = await busyOwner();
          if (!owner) throw new AdminError("invalid", "База занята работающим сервером: откройте журнал в Mini App (раздел «Журнал действий» на странице района) или остановите сервер.");
          const { forwardCommand } = await import("../server/admin-bridge.ts");
          found = (await forwardCommand(owner, "audit list", { district: districtQuery, query: query.data })) as typeof found;
          for (const entry of found.page.entries) entry.at = new Date(entry.at);
        }
        const { district, page } = found;
        if (options.json) {
          process.stdout.write(JSON.stringify({ district: { id: district.id, name: district.name, timezone: district.timezone }, ...page }, null, 2) + "\n");
          return;
        }
        if (!page.entries.length) {
          process.stdout.write(auditText.cliEmpty + "\n");
          return;
        }
        const when = new Intl.DateTimeFormat("ru-RU", { timeZone: district.timezone, dateStyle: "short", timeStyle: "short" });
        const lines = [`Журнал действий: ${district.name} (время: ${district.timezone})`, auditText.cliHeader];
        for (const entry of page.entries) {
          lines.push(
            [
              when.format(entry.at),
              entry.actorLabel,
              entry.role && isRole(entry.role) ? roleTitle[entry.role] : "—",
              AUDIT_VIA_LABELS[entry.via as AuditVia] ?? entry.via,
              isAuditAction(entry.action) ? AUDIT_ACTION_LABELS[entry.action] : entry.action,
              entry.schoolName ?? auditText.district,
              entry.target,
            ].join(" | "),
          );
        }
        if (page.nextCursor) lines.push("", `Показаны 100 записей. Дальше: npm run cli -- audit list --district ${district.id} --cursor ${page.nextCursor}`);
        process.stdout.write(lines.join("\n") + "\n");
      } catch (error) {
        deps.setExitCode(deps.fail(error));
      } finally {
        await db?.close();
      }
    });
}
