// `npm run cli -- <команда>`: the district administrator's shell over cli/commands.ts.
// Options are checked before the database opens; the database is migrated first and always closed
// (an unclosed PGlite folder may not reopen cleanly). `--json` prints only JSON on stdout.
// Exit codes: 0 done, 1 not found, 2 bad input or configuration.
import fs from "node:fs";
import { Command, CommanderError, Help } from "commander";
import { roleTitle } from "../core/messages/ru.ts";
import { isRole } from "../core/roles.ts";
import { ConfigError, loadConfig } from "../server/config.ts";
import * as commands from "./commands.ts";
import { CliError, cliContext, type CliContext } from "./commands.ts";
import {
  DEFAULT_SHEET_DIR,
  missingLinkNotes,
  prepareSheetFolder,
  renderInviteSheet,
  sheetPath,
  type InviteSheetData,
} from "./invite-sheet.ts";

type Runnable = ((ctx: CliContext, raw: Record<string, unknown>) => Promise<unknown>) & {
  validate(raw: Record<string, unknown>): void;
};

async function withDatabase<T>(
  work: (ctx: CliContext) => Promise<T>,
  forward: { command: string; raw: Record<string, unknown> },
): Promise<T> {
  const config = loadConfig(process.env, { requireBotToken: false });
  // Loaded here, not at the top: `--help` and bad options need neither Prisma nor PGlite.
  const { openDatabase, DatabaseBusyError } = await import("../prisma/db.ts");
  const { migrate } = await import("../prisma/migrate.ts");
  let db;
  try {
    db = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.dataDir });
  } catch (error) {
    if (!(error instanceof DatabaseBusyError)) throw error;
    // The running server owns the embedded folder: it carries out the command for us.
    const { adminUrl, adminToken } = error.owner;
    if (!adminUrl || !adminToken) throw new CliError("invalid", error.message);
    const { forwardCommand } = await import("../server/admin-bridge.ts");
    return (await forwardCommand({ adminUrl, adminToken }, forward.command, forward.raw)) as T;
  }
  try {
    await migrate(db);
    return await work(cliContext(db.prisma));
  } finally {
    await db.close();
  }
}

function fail(error: unknown): number {
  if (error instanceof CliError) {
    console.error(`Ошибка: ${error.message}`);
    return error.exitCode;
  }
  if (error instanceof ConfigError) {
    console.error(error.message);
    return 2;
  }
  console.error("Непредвиденная ошибка:", error);
  return 1;
}

// ---------- printing ----------

const out = (lines: string[]) => process.stdout.write(lines.join("\n") + "\n");

/** Columns padded to the widest cell; fine for Cyrillic, which is one column per letter. */
function table(header: string[], rows: string[][]): string[] {
  if (!rows.length) return [];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]!)))
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((width) => "-".repeat(width))), ...rows.map(line)];
}

const roleLabel = (role: string) => (isRole(role) ? roleTitle[role] : role);
const yesNo = (value: boolean) => (value ? "да" : "нет");

const INVITE_STATUS: Record<commands.InviteStatus, string> = {
  active: "действует",
  invite_expired: "истёк срок",
  invite_used_up: "использовано",
  invite_revoked: "отозвано",
};
const CAMPAIGN_STATUS: Record<commands.CampaignStatus, string> = {
  planned: "запланирована",
  open: "идёт",
  closed: "завершена",
};

type Result<C> = C extends (...args: never[]) => Promise<infer T> ? T : never;
/** `invite sheet` after the CLI has written the file. */
type SheetResult = InviteSheetData & { file: string };

const print = {
  districtCreate: (r: Result<typeof commands.districtCreate>) => [
    `Район создан: ${r.name} (часовой пояс ${r.timezone})`,
    `id: ${r.id}`,
    "",
    "Дальше: добавьте школы (school add) и пригласите первого сотрудника РУО:",
    `  npm run cli -- invite create --district ${r.id} --role district --bot <имя_бота>`,
  ],
  districtList: (r: Result<typeof commands.districtList>) =>
    r.length
      ? table(
          ["id", "район", "часовой пояс", "школ", "участников"],
          r.map((d) => [d.id, d.name, d.timezone, String(d.schools), String(d.activeMembers)]),
        )
      : ["Районов пока нет. Создайте: npm run cli -- district create --name \"…\""],
  schoolAdd: (r: Result<typeof commands.schoolAdd>) => [
    `Школа добавлена в район «${r.district.name}»: ${r.name}${r.code ? ` (код ${r.code})` : ""}`,
    `id: ${r.id}`,
  ],
  schoolList: (r: Result<typeof commands.schoolList>) => [
    `Район «${r.district.name}», школ: ${r.schools.length}`,
    ...table(
      ["id", "код", "школа", "учителей", "руководителей"],
      r.schools.map((s) => [s.id, s.code ?? "—", s.name, String(s.teachers), String(s.heads)]),
    ),
  ],
  inviteCreate: (r: Result<typeof commands.inviteCreate>) => {
    const where = r.school ? `школа «${r.school.name}»` : `район «${r.district.name}»`;
    const lines = [`Приглашений создано: ${r.invites.length} — роль: ${roleLabel(r.role)}, ${where}`, ""];
    for (const invite of r.invites) {
      lines.push(`Код: ${invite.code}`);
      if (invite.links.telegram) lines.push(`Telegram: ${invite.links.telegram}`);
      if (invite.links.max) lines.push(`MAX:      ${invite.links.max}`);
      if (!invite.links.telegram && !invite.links.max) lines.push("Ссылки: нет имени бота (см. ниже), пока только код");
      lines.push(`Действует до: ${invite.expiresLocal} (${r.district.timezone}); использований: до ${invite.maxUses}`, "");
    }
    lines.push(...missingLinkNotes(r.bots));
    if (r.role === "district") {
      lines.push(
        r.bots.telegram || r.bots.max
          ? "Откройте ссылку в Telegram или MAX от имени сотрудника РУО: бот попросит согласие и подключит его к району."
          : "Сотрудник РУО открывает бота и отправляет ему код: бот попросит согласие и подключит его к району.",
      );
    }
    return lines;
  },
  inviteSheet: (r: SheetResult) => {
    const count = (role: string) => r.invites.filter((invite) => invite.role === role).length;
    const parent = r.invites.find((invite) => invite.role === "parent");
    const made = [
      count("head") ? `руководителей ${count("head")}` : "",
      count("teacher") ? `учителей ${count("teacher")}` : "",
      parent ? `для родителей 1 (общая, до ${parent.maxUses} человек)` : "",
    ].filter(Boolean);
    const channels = [r.bots.telegram ? "Telegram" : "", r.bots.max ? "MAX" : ""].filter(Boolean).join(" и ");
    return [
      `Лист приглашений сохранён: ${r.file}`,
      `Школа «${r.school.name}», район «${r.district.name}».`,
      `Создано приглашений: ${r.invites.length} — ${made.join(", ")}. Ссылки и QR-коды: ${channels}.`,
      `Действуют до: ${[...new Set(r.invites.map((invite) => invite.expiresLocal))].join(", ")}.`,
      ...missingLinkNotes(r.bots),
      "",
      "Откройте файл в браузере и напечатайте (Ctrl+P, формат A4), разрежьте по пунктиру и впишите ФИО от руки.",
      "Потерянную карточку отзовите: npm run cli -- invite revoke --code <код>. Все приглашения школы: invite list --district … --school …",
    ];
  },
  inviteList: (r: Result<typeof commands.inviteList>) =>
    r.invites.length
      ? table(
          ["код", "роль", "школа", "использовано", "действует до", "статус"],
          r.invites.map((i) => [i.code, roleLabel(i.role), i.school ?? "весь район", `${i.uses}/${i.maxUses}`, i.expiresLocal, INVITE_STATUS[i.status]]),
        )
      : ["Приглашений нет."],
  inviteRevoke: (r: Result<typeof commands.inviteRevoke>) =>
    r.alreadyRevoked ? [`Приглашение ${r.code} уже было отозвано.`] : [`Приглашение ${r.code} отозвано: по нему больше нельзя подключиться.`],
  memberList: (r: Result<typeof commands.memberList>) =>
    r.members.length
      ? [
          `Участники: ${r.members.length}`,
          ...table(
            ["id членства", "имя", "роль", "школа", "активен", "согласие", "каналы"],
            r.members.map((m) => [
              m.membershipId,
              m.name ?? "—",
              roleLabel(m.role),
              m.school ?? "весь район",
              yesNo(m.active),
              yesNo(m.consent),
              m.channels.join(", ") || "—",
            ]),
          ),
        ]
      : ["Участников нет."],
  memberDeactivate: (r: Result<typeof commands.memberDeactivate>) => [
    r.alreadyInactive
      ? `Членство уже было неактивно: ${r.name ?? "—"}, ${roleLabel(r.role)}${r.school ? `, ${r.school}` : ""}.`
      : `Отключено: ${r.name ?? "—"}, ${roleLabel(r.role)}${r.school ? `, ${r.school}` : ""}. Ответы прошлых диагностик сохраняются обезличенно в итогах школы.`,
  ],
  campaignOpen: (r: Result<typeof commands.campaignOpen>) => [
    `Кампания открыта: ${r.title}`,
    `id: ${r.id}`,
    `Приём ответов: с ${r.opensLocal} по ${r.closesLocal} (${r.district.timezone})`,
    ...(r.overlapping.length
      ? ["", `Внимание: в эти же даты идёт другая диагностика (${r.overlapping.map((c) => c.title).join("; ")}). Учителя будут отвечать в более новую.`]
      : []),
  ],
  campaignList: (r: Result<typeof commands.campaignList>) =>
    r.campaigns.length
      ? [
          `Район «${r.district.name}», активных учителей: ${r.activeTeachers}`,
          ...table(
            ["id", "кампания", "с", "по", "статус", "завершили"],
            r.campaigns.map((c) => [c.id, c.title, c.opensLocal, c.closesLocal, CAMPAIGN_STATUS[c.status], `${c.completed} из ${c.teachers}`]),
          ),
        ]
      : ["Кампаний нет. Откройте: campaign open --district …"],
};

/** Renders the sheet in this process (QR codes need no database) and writes it; returns what is printed. */
async function writeInviteSheet(data: InviteSheetData, out: string | undefined): Promise<SheetResult> {
  const file = sheetPath(data, out);
  try {
    fs.writeFileSync(file, await renderInviteSheet(data));
  } catch (error) {
    throw new CliError(
      "invalid",
      `лист не записан в ${file} (${(error as Error).message}). Приглашения уже созданы: ` +
        `${data.invites.map((invite) => invite.code).join(", ")} — их можно отозвать (invite revoke) или посмотреть (invite list).`,
    );
  }
  return { file, ...data };
}

// ---------- commander ----------

const HELP_TITLES: Record<string, string> = {
  "Usage:": "Использование:",
  "Options:": "Параметры:",
  "Commands:": "Команды:",
  "Arguments:": "Аргументы:",
  "Global Options:": "Общие параметры:",
};

/** Commander's own usage errors, in Russian. */
function translateCommanderError(message: string): string {
  return message
    .replace(/^error: unknown option '([^']+)'/m, "Ошибка: неизвестный параметр $1")
    .replace(/\(Did you mean ([^?]+)\?\)/, "(может быть, $1?)")
    .replace(/^error: option '([^']+)' argument missing/m, "Ошибка: у параметра $1 не указано значение")
    .replace(/^error: unknown command '([^']+)'/m, "Ошибка: неизвестная команда $1")
    .replace(/^error: too many arguments.*$/m, "Ошибка: лишние аргументы; значения передаются через параметры, например --name \"…\"")
    .replace(/^error: /m, "Ошибка: ");
}

const program = new Command("npm run cli --")
  .description(
    "Администрирование района: районы, школы, приглашения, участники, кампании диагностики.\n\n" +
      "База — как у сервера: встроенная в папке DATA_DIR (по умолчанию ./data) или DATABASE_URL из .env. " +
      "Встроенную базу открывает только один процесс: если сервер запущен, команда выполняется через него " +
      "(останавливать его не нужно).",
  )
  .configureHelp({
    styleTitle: (title) => HELP_TITLES[title] ?? title,
    styleUsage: (usage) => usage.replace("[options]", "[параметры]").replace("[command]", "[команда]"),
    subcommandTerm: (sub) => Help.prototype.subcommandTerm.call(new Help(), sub).replace(" [options]", ""),
    sortSubcommands: false,
  })
  .helpOption("-h, --help", "показать справку")
  .helpCommand("help [команда]", "справка по команде")
  .configureOutput({ outputError: (message, write) => write(translateCommanderError(message)) })
  .showHelpAfterError("(подробнее: --help)")
  .exitOverride();

let exitCode = 0;

/**
 * Options a command handles in the CLI's own process (files, rendering), never sent to the server:
 * `before` checks them before the database opens, `after` turns the command's plain result into
 * what is printed.
 */
interface LocalPart {
  options: string[];
  before?: (local: Record<string, unknown>) => void;
  after: (result: unknown, local: Record<string, unknown>) => Promise<unknown>;
}

/** A runnable command; `fromEnv` names options that default to an environment variable. */
function leaf(
  parent: Command,
  name: string,
  description: string,
  run: Runnable,
  show: (result: never) => string[],
  fromEnv: Record<string, string> = {},
  localPart?: LocalPart,
): Command {
  return parent
    .command(name)
    .description(description)
    .option("--json", "вывод в JSON (только JSON в stdout), для скриптов")
    .action(async (options: Record<string, unknown>) => {
      const { json, ...raw } = options;
      const local: Record<string, unknown> = {};
      for (const option of localPart?.options ?? []) {
        local[option] = raw[option];
        delete raw[option];
      }
      for (const [option, variable] of Object.entries(fromEnv)) {
        if (raw[option] === undefined && process.env[variable]) raw[option] = process.env[variable];
      }
      try {
        run.validate(raw);
        localPart?.before?.(local);
        let result: unknown = await withDatabase((ctx) => run(ctx, raw), { command: `${parent.name()} ${name}`, raw });
        if (localPart) result = await localPart.after(result, local);
        if (json) process.stdout.write(JSON.stringify(result, null, 2) + "\n");
        else out(show(result as never));
      } catch (error) {
        exitCode = fail(error);
      }
    });
}

const district = program.command("district").description("районы (РУО)");
leaf(district, "create", "создать район и вывести его id", commands.districtCreate, print.districtCreate)
  .option("--name <название>", "название района, например «Первомайский район»")
  .option("--timezone <зона>", "часовой пояс IANA (по умолчанию Europe/Moscow), например Asia/Yekaterinburg");
leaf(district, "list", "список районов", commands.districtList, print.districtList);

const school = program.command("school").description("школы района");
leaf(school, "add", "добавить школу в район", commands.schoolAdd, print.schoolAdd)
  .option("--district <id|название>", "район")
  .option("--name <название>", "название школы, например «МБОУ «Сосновская СОШ»»")
  .option("--code <код>", "официальный код ОО (необязательно)");
leaf(school, "list", "школы района с числом учителей", commands.schoolList, print.schoolList).option(
  "--district <id|название>",
  "район",
);

const invite = program
  .command("invite")
  .description("приглашения: ссылки t.me (Telegram) и max.ru (MAX) для подключения к боту, листы с QR-кодами")
  .addHelpText(
    "after",
    "\nПервого сотрудника РУО подключают отсюда: invite create --district <район> --role district —\n" +
      "команда выведет ссылки; сотрудник открывает свою в Telegram или MAX, даёт согласие и дальше приглашает остальных сам.\n" +
      "Лист для печати на всю школу (карточки с QR-кодами): invite sheet --district <район> --school <код> --teachers 30 --parents",
  );
const botOptions = (command: Command) =>
  command
    .option("--bot <имя_бота>", "имя бота в Telegram для ссылок t.me (иначе из BOT_USERNAME)")
    .option("--max-bot <ник_бота>", "ник бота в MAX из его ссылки max.ru/<ник>, например id7701234567_bot (иначе из MAX_BOT_USERNAME)");
const BOT_ENV = { bot: "BOT_USERNAME", maxBot: "MAX_BOT_USERNAME" };

botOptions(
  leaf(
    invite,
    "create",
    "создать приглашения со ссылками для Telegram и MAX; для первого администратора района — --role district",
    commands.inviteCreate,
    print.inviteCreate,
    BOT_ENV,
  )
    .option("--district <id|название>", "район")
    .option("--role <роль>", "district | head | teacher | parent | mentor")
    .option("--school <id|код>", "школа (нужна для всех ролей, кроме district)")
    .option("--uses <N>", "сколько человек может подключиться по одной ссылке (по умолчанию 1; для parent 500)")
    .option("--days <N>", "срок действия в днях (по умолчанию 30)")
    .option("--count <N>", "сколько личных приглашений создать сразу, например 30 для всех учителей школы"),
).addHelpText(
  "after",
  "\nКоманда печатает все ссылки, которые можно построить: t.me — если известно имя бота Telegram (--bot или BOT_USERNAME),\n" +
    "max.ru — если известен ник бота MAX (--max-bot или MAX_BOT_USERNAME). Код работает в обоих мессенджерах.\n\n" +
    "Первый администратор района: invite create --district <район> --role district --bot <имя_бота> --max-bot <ник_бота>\n" +
    "Откройте выведенную ссылку в Telegram или MAX от имени сотрудника РУО — бот подключит его к району.\n" +
    "Пример для школы: invite create --district <район> --school <id> --role teacher --count 30\n" +
    "Для печати с QR-кодами удобнее: invite sheet (см. invite sheet --help)",
);

botOptions(
  leaf(
    invite,
    "sheet",
    "лист для печати на школу: карточки с кодом, ссылками и QR-кодами (создаёт новые приглашения)",
    commands.inviteSheet,
    print.inviteSheet,
    BOT_ENV,
    {
      options: ["out"],
      before: (local) => prepareSheetFolder(local.out as string | undefined),
      after: async (result, local) => writeInviteSheet(result as InviteSheetData, local.out as string | undefined),
    },
  )
    .option("--district <id|название>", "район")
    .option("--school <id|код>", "школа")
    .option("--teachers <N>", "сколько личных приглашений учителей создать и напечатать")
    .option("--heads <N>", "сколько личных приглашений руководителей школы (директор, завуч)")
    .option("--parents", "добавить одну общую ссылку для родителей школы (до 500 человек), отдельной страницей")
    .option("--days <N>", "срок действия в днях (по умолчанию 30)")
    .option("--out <файл.html|папка/>", `куда сохранить лист (по умолчанию ./${DEFAULT_SHEET_DIR}/<код школы>-<дата>.html)`),
).addHelpText(
  "after",
  "\nКоманда СОЗДАЁТ новые приглашения — ровно те, что на листе; уже выданные не повторяет и не меняет.\n" +
    "Получается один HTML-файл без интернета: откройте его в браузере и напечатайте на A4. На каждой карточке —\n" +
    "роль, строка «ФИО» (впишите от руки: имена здесь не хранятся), код, ссылки и QR-коды Telegram и MAX.\n" +
    "Нужно имя хотя бы одного бота: --bot / BOT_USERNAME (Telegram) и/или --max-bot / MAX_BOT_USERNAME (MAX).\n\n" +
    "Пример: invite sheet --district \"Первомайский район\" --school 560311 --teachers 30 --heads 2 --parents",
);
leaf(invite, "list", "приглашения района: использовано/лимит, срок, отозвано ли", commands.inviteList, print.inviteList)
  .option("--district <id|название>", "район")
  .option("--school <id|код>", "только эта школа");
leaf(invite, "revoke", "отозвать приглашение", commands.inviteRevoke, print.inviteRevoke).option("--code <код>", "код приглашения");

const member = program.command("member").description("участники: кто подключён (без ответов учителей)");
leaf(member, "list", "участники района: имя, роль, школа, активен, согласие, каналы", commands.memberList, print.memberList)
  .option("--district <id|название>", "район")
  .option("--school <id|код>", "только эта школа")
  .option("--role <роль>", "только эта роль: district | head | teacher | parent | mentor");
leaf(member, "deactivate", "отключить участника (уволился, перешёл в другую школу)", commands.memberDeactivate, print.memberDeactivate).option(
  "--membership <id>",
  "id членства из member list",
);

const campaign = program.command("campaign").description("кампании диагностики педагогов");
leaf(campaign, "open", "открыть диагностику профессиональных дефицитов педагогов", commands.campaignOpen, print.campaignOpen)
  .option("--district <id|название>", "район")
  .option("--title <название>", `название (по умолчанию «${commands.DEFAULT_CAMPAIGN_TITLE}»)`)
  .option("--from <ГГГГ-ММ-ДД>", "дата начала по времени района (по умолчанию сейчас)")
  .option("--days <N>", "сколько дней идёт приём ответов (по умолчанию 30)");
leaf(campaign, "list", "кампании района и сколько учителей завершили («n из N», без имён)", commands.campaignList, print.campaignList).option(
  "--district <id|название>",
  "район",
);

const db = program.command("db").description("база данных");
db.command("copy")
  .description("перенести всё из встроенной базы (DATA_DIR) в новую пустую базу PostgreSQL; сервер должен быть остановлен")
  .option("--to <postgresql://…>", "адрес новой пустой базы PostgreSQL")
  .option("--json", "вывод в JSON (только JSON в stdout), для скриптов")
  .action(async (options: { to?: string; json?: boolean }) => {
    try {
      if (!options.to || !/^postgres(ql)?:\/\//.test(options.to)) {
        throw new CliError("invalid", "--to: укажите адрес PostgreSQL, например postgresql://user:pass@host:5432/shnor");
      }
      const config = loadConfig(process.env, { requireBotToken: false });
      const { openDatabase } = await import("../prisma/db.ts");
      const { migrate } = await import("../prisma/migrate.ts");
      const { copyDatabase } = await import("./db-copy.ts");
      const source = await openDatabase({ dataDir: config.dataDir });
      try {
        const target = await openDatabase({ databaseUrl: options.to });
        try {
          await migrate(source);
          await migrate(target);
          const copied = await copyDatabase(source.prisma, target.prisma, (table, rows) => {
            if (!options.json) console.log(`  ${table}: ${rows}`);
          });
          if (options.json) process.stdout.write(JSON.stringify(copied, null, 2) + "\n");
          else console.log(`Готово. Теперь впишите в .env: DATABASE_URL=${options.to} и запустите сервер.`);
        } finally {
          await target.close();
        }
      } finally {
        await source.close();
      }
    } catch (error) {
      exitCode = fail(error instanceof Error && error.name === "DatabaseBusyError" ? new CliError("invalid", error.message) : error);
    }
  });

// The top-level help lists every command, not only the groups.
program.addHelpText("after", () => {
  const lines = ["", "Все команды:"];
  for (const group of program.commands) {
    for (const sub of group.commands) lines.push(`  ${`${group.name()} ${sub.name()}`.padEnd(20)} ${sub.description()}`);
  }
  lines.push(
    "",
    "У каждой команды есть --json и --help, например: npm run cli -- invite create --help",
    "Для скриптов: npm run -s cli -- … --json (ключ -s убирает из вывода строки самого npm).",
    "Начало работы: district create → school add → invite create --role district (ссылку открыть в Telegram или MAX)",
    "→ invite sheet (лист с QR-кодами для школы).",
  );
  return lines.join("\n");
});

if (fs.existsSync(".env")) process.loadEnvFile(".env");

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    exitCode = error.code === "commander.helpDisplayed" || error.code === "commander.version" ? 0 : 2;
  } else {
    exitCode = fail(error);
  }
}
process.exitCode = exitCode;
