// `npm run cli -- <команда>`: the district administrator's shell over cli/commands.ts.
// Options are checked before the database opens; the database is migrated first and always closed
// (an unclosed PGlite folder may not reopen cleanly). `--json` prints only JSON on stdout.
// Exit codes: 0 done, 1 not found, 2 bad input or configuration.
import fs from "node:fs";
import { shellQuote } from "./shell.ts";
import path from "node:path";
import { Command, CommanderError, Help } from "commander";
import { roleTitle } from "../core/messages/ru.ts";
import { isRole } from "../core/roles.ts";
import { ConfigError, loadConfig } from "../server/config.ts";
import { DEFAULT_METHODOLOGY } from "../core/methodology/settings.ts";
import { summaryText } from "../core/messages/summary.ts";
import { instrumentsText } from "../core/messages/admin.ts";
import { BUILT_IN_KEYS } from "../core/instruments/catalog.ts";
import { audienceText, cadenceText, campaignCliText } from "../core/messages/campaigns.ts";
import * as commands from "./commands.ts";
import { forOperator } from "../core/services/admin-commands.ts";
import { CliError, cliContext, type CliContext } from "./commands.ts";
import { renderInviteSheet, type InviteSheetData } from "../files/invite-sheet.ts";
import { DEFAULT_SHEET_DIR, missingLinkNotes, prepareSheetFolder, sheetPath, writeFullList } from "./sheet-file.ts";

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
    // The same minimum as the server's (release rules): a summary export reads aggregates.
    const result = await work(cliContext(db.prisma, { settings: { ...DEFAULT_METHODOLOGY, minRespondents: config.MIN_RESPONDENTS } }));
    // #16: the audit log, on the database already open (cli/audit.ts).
    await (await import("./audit.ts")).recordCliCommand(db.prisma, forward.command, forward.raw);
    return result;
  } finally {
    await db.close();
  }
}

function fail(raised: unknown): number {
  const error = raised instanceof CliError ? forOperator(raised) : raised;
  if (error instanceof CliError) {
    console.error(`Ошибка: ${error.message}`);
    const full = error.detail.lines?.length ? writeFullList(error.detail.lines) : null;
    if (full) console.error(`Полный список (${error.detail.lines!.length} строк): ${full}`);
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
const INSTRUMENT_STATUS: Record<"draft" | "approved", string> = { draft: "черновик", approved: "утверждена" };
const INSTRUMENT_BELONGS = (builtIn: boolean) => (builtIn ? "общая" : "своя района");

type Result<C> = C extends (...args: never[]) => Promise<infer T> ? T : never;
/** `invite sheet` after the CLI has written the file. */
type SheetResult = InviteSheetData & { file: string };
/** `instrument export` after the CLI has written the file. */
type InstrumentFileResult = Omit<Result<typeof commands.instrumentExport>, "definition"> & { file: string };

const print = {
  districtCreate: (r: Result<typeof commands.districtCreate>) => [
    `Район создан: ${r.name} (часовой пояс ${r.timezone})`,
    `id: ${r.id}`,
    "",
    "Дальше: сведения об операторе персональных данных (без них приглашения не выдаются), затем первый сотрудник РУО:",
    `  npm run cli -- district operator --district ${shellQuote(r.name)} --name "<полное наименование>" --address "<адрес>" --term "<срок обработки>"`,
    `  npm run cli -- invite create --district ${shellQuote(r.name)} --role district --bot <имя_бота>`,
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
    if (r.role === "district" || r.role === "regional") {
      lines.push(
        r.bots.telegram || r.bots.max
          ? "Откройте ссылку в Telegram или MAX от имени сотрудника РУО: бот попросит согласие и подключит его к району."
          : "Сотрудник РУО открывает бота и отправляет ему код: бот попросит согласие и подключит его к району.",
      );
    }
    return lines;
  },
  inviteSheet: (r: SheetResult) => {
    const blank = r.invites.filter((invite) => !invite.name);
    const count = (role: string) => blank.filter((invite) => invite.role === role).length;
    const parent = blank.find((invite) => invite.role === "parent");
    const made = [
      count("head") ? `руководителей ${count("head")}` : "",
      count("teacher") ? `учителей ${count("teacher")}` : "",
      parent ? `для родителей 1 (общая, до ${parent.maxUses} человек)` : "",
    ].filter(Boolean);
    const channels = [r.bots.telegram ? "Telegram" : "", r.bots.max ? "MAX" : ""].filter(Boolean).join(" и ");
    const named = r.existing?.named ?? 0;
    const personal = r.invites.filter((invite) => invite.role !== "parent");
    return [
      `Лист приглашений сохранён: ${r.file}`,
      `Школа «${r.school.name}», район «${r.district.name}». Ссылки и QR-коды: ${channels}.`,
      ...(r.existing
        ? [
            `Карточек с ФИО (загружены заранее, ещё не подключились): ${named}` +
              (r.existing.reissued ? `, из них выпущено заново взамен истёкших: ${r.existing.reissued}` : "") +
              ".",
            ...(r.existing.elsewhere.length
              ? [`Карточки работающих ещё и в другой школе — на листах тех школ: ${r.existing.elsewhere.map((person) => `${person.name ?? "—"} (${person.school ?? "—"})`).join(", ")}.`]
              : []),
          ]
        : []),
      ...(made.length ? [`Создано новых приглашений без имени: ${blank.length} — ${made.join(", ")}.`] : []),
      `Действуют до: ${[...new Set(r.invites.map((invite) => invite.expiresLocal))].join(", ")}.`,
      ...missingLinkNotes(r.bots),
      "",
      personal.length && personal.every((invite) => invite.name)
        ? "Откройте файл в браузере и напечатайте (Ctrl+P, формат A4), разрежьте по пунктиру и вручите каждому его карточку."
        : "Откройте файл в браузере и напечатайте (Ctrl+P, формат A4), разрежьте по пунктиру и впишите ФИО от руки на карточках без имени.",
      "Потерянную карточку отзовите: npm run cli -- invite revoke --code <код>. Все приглашения школы: invite list --district … --school …",
    ];
  },
  inviteList: (r: Result<typeof commands.inviteList>) =>
    r.invites.length
      ? table(
          ["код", "роль", "школа", "для кого", "использовано", "действует до", "статус"],
          r.invites.map((i) => [
            i.code,
            roleLabel(i.role),
            i.school ?? "весь район",
            i.person ?? "—",
            `${i.uses}/${i.maxUses}`,
            i.expiresLocal,
            INVITE_STATUS[i.status],
          ]),
        )
      : ["Приглашений нет."],
  inviteRevoke: (r: Result<typeof commands.inviteRevoke>) =>
    r.alreadyRevoked ? [`Приглашение ${r.code} уже было отозвано.`] : [`Приглашение ${r.code} отозвано: по нему больше нельзя подключиться.`],
  memberList: (r: Result<typeof commands.memberList>) =>
    r.members.length
      ? [
          `Участники: ${r.members.length}`,
          ...table(
            ["id членства", "id человека", "имя", "роль", "школа", "активен", "согласие", "каналы"],
            r.members.map((m) => [
              m.membershipId,
              m.personId,
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
    ...(r.invitesRevoked ? [`Неиспользованное личное приглашение отозвано (${r.invitesRevoked}): по карточке больше не подключиться.`] : []),
  ],
  memberMove: (r: Result<typeof commands.memberMove>) => [
    r.alreadyThere
      ? `${r.person.name ?? "—"} (${roleLabel(r.role)}) уже работает в «${r.to.name}»; членство в «${r.from.name}» отключено.`
      : `Переведён(а): ${r.person.name ?? "—"}, ${roleLabel(r.role)}: «${r.from.name}» → «${r.to.name}».`,
    `Прежнее членство отключено (${r.endedMembershipId}); действующее: ${r.membershipId}. Ответы и подключённые мессенджеры сохраняются.`,
    ...(r.invitesMoved ? [`Неиспользованное личное приглашение перенесено в новую школу (${r.invitesMoved}).`] : []),
  ],
  memberAddSchool: (r: Result<typeof commands.memberAddSchool>) => [
    r.alreadyMember
      ? `${r.person.name ?? "—"} уже ${roleLabel(r.role)} в «${r.school.name}» (членство ${r.membershipId}).`
      : `Добавлено: ${r.person.name ?? "—"} — ${roleLabel(r.role)}, «${r.school.name}» (членство ${r.membershipId}). Это тот же человек: одно подключение, ответы общие.`,
  ],
  importXlsx: (r: Result<typeof commands.importXlsx>) => {
    const will = r.dryRun ? "будет " : "";
    const seconds = `${(r.elapsedMs / 1000).toFixed(1).replace(".", ",")} с`;
    const bots = [r.bots.telegram ? `--bot ${r.bots.telegram}` : "", r.bots.max ? `--max-bot ${r.bots.max}` : ""].filter(Boolean).join(" ");
    const sheets = r.bySchool.filter((school) => school.invites > 0);
    return [
      r.dryRun
        ? `Проверка без записи (--dry-run), район «${r.district.name}»: проблем нет (${seconds}). Если загрузить:`
        : `Загружено в район «${r.district.name}» за ${seconds}:`,
      `  Школы: ${will}создано ${r.schools.created}, переименовано ${r.schools.renamed}, получили код ${r.schools.coded}, без изменений ${r.schools.unchanged}`,
      `  Сотрудники (строк ${r.staff.rows}): ${will}новых людей ${r.staff.newPeople}, новых членств ${r.staff.newMemberships}` +
        (r.staff.existingPeople ? ` (из них у уже известных людей: ${r.staff.existingPeople})` : "") +
        `; уже были ${r.staff.alreadyPresent}`,
      `  Личных приглашений ${will}создано: ${r.invites.created}${r.invites.created ? `, действуют до ${r.invites.expiresLocal}` : ""}`,
      ...(r.warnings.length ? ["", `Замечания (${r.warnings.length}), загрузку не останавливают:`, ...r.warnings.map((line) => `  ${line}`)] : []),
      ...(sheets.length
        ? [
            "",
            r.dryRun ? "После загрузки листы приглашений с ФИО и QR-кодами — по школам:" : "Листы приглашений с ФИО и QR-кодами — по школам:",
            ...sheets.flatMap((school) => [
              `  ${school.code} ${school.name}: карточек ${school.invites}`,
              `    npm run cli -- invite sheet --district ${r.district.id} --school ${school.code} --existing${bots ? ` ${bots}` : " --bot <имя_бота>"}`,
            ]),
          ]
        : []),
      ...(r.dryRun ? ["", "Ничего не записано. Для загрузки — та же команда без --dry-run."] : []),
    ];
  },
  instrumentList: (r: Result<typeof commands.instrumentList>) => [
    `Анкеты района «${r.district.name}»: общая (встроенная) и свои версии района; версий других районов здесь нет.`,
    ...table(
      ["анкета", "версия", "чья", "статус", "вопросов", "областей", "кампаний", "для новых", "название"],
      r.instruments.map((i) => [
        i.key,
        String(i.version),
        INSTRUMENT_BELONGS(i.builtIn),
        INSTRUMENT_STATUS[i.status],
        String(i.questions),
        String(i.areas),
        String(i.campaigns),
        i.default ? "да" : "",
        i.title,
      ]),
    ),
    "",
    "«Кампаний» — кампании этого района. «Для новых» — версия, по которой campaign open откроет кампанию без --instrument-version:",
    "новейшая утверждённая версия района, иначе утверждённая общая, иначе новейший черновик района, иначе первая общая версия анкеты.",
    ...(r.instruments.some((i) => i.key === "teacher_deficits" && i.builtIn && i.version === 2)
      ? [`Внимание: ${instrumentsText.teacherV2} (campaign open --instrument-version 2).`]
      : []),
  ],
  instrumentExport: (r: InstrumentFileResult) => [
    `Анкета «${r.title}», версия ${r.version} (${INSTRUMENT_BELONGS(r.builtIn)}, ${INSTRUMENT_STATUS[r.status]}): вопросов ${r.questions}, областей ${r.areas}.`,
    `Сохранено: ${r.file}`,
    "",
    `Чтобы изменить анкету района «${r.district.name}»: отредактируйте файл, поставьте "version": ${r.nextVersion} и загрузите его:`,
    `  npm run cli -- instrument import --district ${r.district.id} --file ${r.file} [--approve]`,
    `Ключ анкеты ("key": ${r.key}) и кто её заполняет ("respondent") не меняйте.`,
    "Сохранённые версии не меняются: кампании, открытые на них, идут по-прежнему.",
  ],
  instrumentImport: (r: Result<typeof commands.instrumentImport>) => [
    `Анкета загружена как версия района «${r.district.name}»: версия ${r.version} (${INSTRUMENT_STATUS[r.status]}), вопросов ${r.questions}, областей ${r.areas}.`,
    "Другие районы эту версию не видят.",
    ...(r.warnings.length ? ["", `Проверьте (${r.warnings.length}):`, ...r.warnings.map((line) => `  ${line}`)] : []),
    "",
    r.default
      ? "Новые кампании района (campaign open) пойдут по этой версии."
      : `Новые кампании по умолчанию идут по утверждённой версии; по этой: campaign open --district ${r.district.id}${r.key === "teacher_deficits" ? "" : ` --instrument ${r.key}`} --instrument-version ${r.version}` +
        (r.status === "draft" ? " (или загрузите её с --approve под следующим номером)" : ""),
  ],
  campaignOpen: (r: Result<typeof commands.campaignOpen>) => [
    `Кампания открыта: ${r.title}`,
    `id: ${r.id}`,
    `Анкета: версия ${r.instrument.version} (${INSTRUMENT_BELONGS(r.instrument.builtIn)}, ${INSTRUMENT_STATUS[r.instrument.status]}) — ${r.instrument.title}`,
    `Приём ответов: с ${r.opensLocal} по ${r.closesLocal} (${r.district.timezone})`,
    audienceText(r.audience),
    r.anonymous ? campaignCliText.anonymous : campaignCliText.cadence(cadenceText(r.remindEveryDays)),
    ...(r.overlapping.length
      ? ["", `Внимание: в эти же даты идёт другая кампания этой анкеты (${r.overlapping.map((c) => c.title).join("; ")}). Отвечать будут в более новую.`]
      : []),
  ],
  campaignRates: (r: Result<typeof commands.campaignRatesCommand>) => [
    campaignCliText.ratesHead(r.campaign.title, CAMPAIGN_STATUS[r.campaign.status]),
    audienceText(r.campaign.audience),
    ...table(
      ["школа", r.total.members ? "участники" : "коды классов"],
      [...r.schools, { schoolId: "", name: "Итого", members: r.total.members, codes: r.total.codes }].map((row) => [
        row.name,
        row.members
          ? campaignCliText.membersLine(row.members.completed, row.members.total, row.members.unfinished, row.members.notJoined)
          : row.codes && row.codes.issued > 0
            ? campaignCliText.codesLine(row.codes.used, row.codes.issued)
            : campaignCliText.noCodes,
      ]),
    ),
  ],
  campaignClose: (r: Result<typeof commands.campaignClose>) => [
    r.was === "closed"
      ? `Кампания «${r.title}» уже завершена (${r.closesLocal}); ничего не изменено.`
      : r.was === "planned"
        ? `Кампания «${r.title}» отменена: она ещё не началась, ответы по ней приниматься не будут.`
        : `Кампания «${r.title}» завершена: ${r.closesLocal} (${r.district.timezone}). Ответы больше не принимаются, итоги окончательные.`,
  ],
  campaignList: (r: Result<typeof commands.campaignList>) =>
    r.campaigns.length
      ? [
          `Район «${r.district.name}», активных учителей: ${r.activeTeachers}`,
          ...table(
            ["id", "кампания", "анкета", "с", "по", "статус", "завершили", "не закончили", "не подключились"],
            r.campaigns.map((c) => [
              c.id,
              c.title,
              `версия ${c.instrumentVersion}`,
              c.opensLocal,
              c.closesLocal,
              CAMPAIGN_STATUS[c.status],
              `${c.completed} из ${c.teachers}`,
              String(c.unfinished),
              String(c.notJoined),
            ]),
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

/** `instrument export`: the default name is never written over (an edited copy may sit there). */
function instrumentFilePath(data: { key: string; version: number }, out: string | undefined): string {
  if (out) return path.resolve(out);
  const base = path.resolve(`anketa-${data.key}-v${data.version}`);
  let candidate = `${base}.json`;
  for (let index = 2; fs.existsSync(candidate); index++) candidate = `${base}-${index}.json`;
  return candidate;
}

async function writeInstrumentFile(result: Result<typeof commands.instrumentExport>, out: string | undefined): Promise<InstrumentFileResult> {
  const { definition, ...summary } = result;
  const file = instrumentFilePath(result, out);
  try {
    fs.writeFileSync(file, JSON.stringify(definition, null, 2) + "\n");
  } catch (error) {
    throw new CliError("invalid", `--out: не удалось записать ${file} (${(error as Error).message})`);
  }
  return { ...summary, file };
}

/** The edited questionnaire, parsed here so that only JSON data travels to the command. */
function readInstrumentFile(file: unknown): unknown {
  if (typeof file !== "string" || !file.trim()) throw new CliError("invalid", "--file: укажите файл анкеты .json (его даёт instrument export)");
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    throw new CliError("invalid", `--file: файл ${file} не найден или не читается`);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (error) {
    const position = /position (\d+)/.exec((error as Error).message);
    const at = position ? text.slice(0, Number(position[1])).split("\n") : null;
    const place = at ? ` (строка ${at.length}, символ ${at.at(-1)!.length + 1})` : "";
    throw new CliError(
      "invalid",
      `--file: ${file} — не JSON${place}: ${(error as Error).message}. Частые причины: запятая после последнего элемента, кавычки «ёлочки» вместо "прямых".`,
    );
  }
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
  /** May add to the command's input what it read from a file; `note` prints progress (not with --json). */
  before?: (local: Record<string, unknown>, raw: Record<string, unknown>, note: (line: string) => void) => void | Promise<void>;
  after?: (result: unknown, local: Record<string, unknown>) => Promise<unknown>;
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
        await localPart?.before?.(local, raw, json ? () => undefined : (line) => out([line]));
        let result: unknown = await withDatabase((ctx) => run(ctx, raw), { command: `${parent.name()} ${name}`, raw });
        if (localPart?.after) result = await localPart.after(result, local);
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
// registry: the operator of personal data for the consent text (152-ФЗ); until it is set the bot issues no invites.
leaf(district, "operator", "сведения об операторе персональных данных для текста согласия", commands.districtOperator, (r: Result<typeof commands.districtOperator>) => [
  `Оператор персональных данных района «${r.district.name}» сохранён:`,
  `  ${r.operator.name}, ${r.operator.address}`,
  `  срок: ${r.operator.term}`,
])
  .option("--district <id|название>", "район")
  .option("--name <наименование>", "полное наименование оператора (орган управления образованием)")
  .option("--address <адрес>", "адрес оператора")
  .option("--term <срок>", "срок обработки и хранения данных")
  .option("--purpose <цель>", "цель обработки (по умолчанию — текст продукта)")
  .option("--data <данные>", "состав данных (по умолчанию — то, что хранит продукт)")
  .option("--actions <действия>", "действия с данными (по умолчанию — текст продукта)")
  .option("--withdrawal <порядок>", "как отозвать согласие (по умолчанию — /deletedata и заявление оператору)");

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
    .option(
      "--role <роль>",
      "district | head | teacher | parent | mentor | tutor | curator | methodologist | assessment | working_group | regional " +
        "(curator_head не приглашают: её даёт пара «школа — школа-куратор»)",
    )
    .option(
      "--school <id|код>",
      "школа: нужна для head, teacher, parent; для mentor, tutor, curator — по желанию (без школы — на район, закрепляет РУО); " +
        "для district, methodologist, assessment, working_group, regional не указывается",
    )
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
    "Наставник, тьютор, куратор на район: invite create --district <район> --role curator — затем РУО закрепляет его за школами в приложении.\n" +
    "Региональный оператор: по приглашению --role regional на каждый район региона (каждое подключение — доступ к этому району).\n" +
    "Для печати с QR-кодами удобнее: invite sheet (см. invite sheet --help)",
);

botOptions(
  leaf(
    invite,
    "sheet",
    "лист для печати на школу: карточки с кодом, ссылками и QR-кодами (с ФИО загруженных заранее — --existing)",
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
    .option("--existing", "карточки с ФИО сотрудников, загруженных заранее (import xlsx) и ещё не подключившихся: их личные приглашения")
    .option("--teachers <N>", "сколько личных приглашений учителей создать и напечатать")
    .option("--heads <N>", "сколько личных приглашений руководителей школы (директор, завуч)")
    .option("--parents", "добавить одну общую ссылку для родителей школы (до 500 человек), отдельной страницей")
    .option("--days <N>", "срок действия в днях (по умолчанию 30)")
    .option("--out <файл.html|папка/>", `куда сохранить лист (по умолчанию ./${DEFAULT_SHEET_DIR}/<код школы>-<дата>.html)`),
).addHelpText(
  "after",
  "\nС --existing на листе — личные приглашения людей из import xlsx, которые ещё не подключились, с их ФИО\n" +
    "(истёкшие выпускаются заново). --teachers, --heads и --parents СОЗДАЮТ новые приглашения без имени — ровно те, что на листе.\n" +
    "Получается один HTML-файл без интернета: откройте его в браузере и напечатайте на A4. На каждой карточке —\n" +
    "роль, ФИО (или пустая строка — вписать от руки), код, ссылки и QR-коды Telegram и MAX.\n" +
    "Нужно имя хотя бы одного бота: --bot / BOT_USERNAME (Telegram) и/или --max-bot / MAX_BOT_USERNAME (MAX).\n\n" +
    "Пример: invite sheet --district \"Первомайский район\" --school 560311 --existing --parents\n" +
    "Без загрузки заранее: invite sheet --district \"Первомайский район\" --school 560311 --teachers 30 --heads 2 --parents",
);
leaf(invite, "list", "приглашения района: использовано/лимит, срок, отозвано ли", commands.inviteList, print.inviteList)
  .option("--district <id|название>", "район")
  .option("--school <id|код>", "только эта школа");
leaf(invite, "revoke", "отозвать приглашение", commands.inviteRevoke, print.inviteRevoke).option("--code <код>", "код приглашения");

const member = program.command("member").description("участники: кто подключён (без ответов учителей)");
leaf(member, "list", "участники района: имя, роль, школа, активен, согласие, каналы", commands.memberList, print.memberList)
  .option("--district <id|название>", "район")
  .option("--school <id|код>", "только эта школа")
  .option("--role <роль>", "только эта роль: district | head | teacher | parent | mentor")
  .option("--person <id>", "только этот человек (все его школы и роли); район тогда можно не указывать");
leaf(member, "deactivate", "отключить участника (уволился)", commands.memberDeactivate, print.memberDeactivate).option(
  "--membership <id>",
  "id членства из member list",
);
leaf(member, "move", "перевести учителя (руководителя, наставника) в другую школу района", commands.memberMove, print.memberMove)
  .option("--membership <id>", "id членства в прежней школе (member list)")
  .option("--school <id|код>", "новая школа того же района")
  .addHelpText(
    "after",
    "\nПрежнее членство отключается (с датой), в новой школе появляется новое; человек сохраняет подключённые мессенджеры\n" +
      "и свои ответы. Перевод в другой район не делается: member deactivate и приглашение в новом районе.",
  );
leaf(member, "add-school", "добавить человеку вторую школу (учитель в двух школах)", commands.memberAddSchool, print.memberAddSchool)
  .option("--person <id>", "id человека (столбец «id человека» в member list)")
  .option("--school <id|код>", "вторая школа")
  .option("--role <роль>", "teacher (по умолчанию) | head | mentor")
  .option("--district <id|название>", "район, если человек состоит в нескольких");

const bulkImport = program
  .command("import")
  .description("загрузка из Excel и CSV: школы и сотрудники (xlsx); данные для выявления ШНОР и ШНСУ (results, items, social, official-list)")
  .addHelpText(
    "after",
    "\nШколы и сотрудники: import template → заполнить в Excel → import xlsx --dry-run (проверка) → import xlsx →\n" +
      "invite sheet --existing по каждой школе (карточки с ФИО и QR-кодами).\n" +
      "Выявление: import template results|items|social|official-list → import <вид> --dry-run → import <вид> → identify → lists.",
  );
bulkImport
  .command("template")
  .description("записать шаблон XLSX: листы «Инструкция», «Школы», «Сотрудники»")
  .option("--out <файл.xlsx>", "куда сохранить (по умолчанию ./shkoly-i-sotrudniki.xlsx, без перезаписи)")
  .option("--json", "вывод в JSON (только JSON в stdout), для скриптов")
  .action(async (options: { out?: string; json?: boolean }) => {
    try {
      const { templatePath, writeTemplate } = await import("../files/staff-workbook.ts");
      const file = templatePath(options.out);
      await writeTemplate(file);
      if (options.json) process.stdout.write(JSON.stringify({ file }, null, 2) + "\n");
      else {
        out([
          `Шаблон сохранён: ${file}`,
          "Заполните листы «Школы» и «Сотрудники» (серые строки «Пример…» не загружаются), затем проверьте без записи:",
          `  npm run cli -- import xlsx --district "<район>" --file ${file} --dry-run`,
        ]);
      }
    } catch (error) {
      exitCode = fail(error);
    }
  });
botOptions(
  leaf(bulkImport, "xlsx", "загрузить школы и сотрудников из заполненного шаблона (все ошибки сразу; при ошибках — ничего)", commands.importXlsx, print.importXlsx, BOT_ENV, {
    options: ["file"],
    before: async (local, raw, note) => {
      if (typeof local.file !== "string" || !local.file.trim()) {
        throw new CliError("invalid", "--file: укажите заполненный файл .xlsx (шаблон: npm run cli -- import template)");
      }
      const { readWorkbook } = await import("../files/staff-workbook.ts");
      const rows = await readWorkbook(local.file);
      const examples = rows.examples.schools + rows.examples.staff;
      note(
        `Прочитано из ${local.file}: школ ${rows.schools.length}, сотрудников ${rows.staff.length}` +
          (examples ? ` (строк-образцов «Пример…» пропущено: ${examples})` : "") +
          ". Проверяю…",
      );
      raw.schools = rows.schools;
      raw.staff = rows.staff;
      raw.fileWarnings = rows.warnings;
    },
  })
    .option("--district <id|название>", "район")
    .option("--file <файл.xlsx>", "заполненный шаблон (import template)")
    .option("--dry-run", "только проверить и показать, что будет сделано, ничего не записывая")
    .option("--days <N>", "срок личных приглашений в днях (по умолчанию 30; истёкшие выпустит заново invite sheet --existing)"),
).addHelpText(
  "after",
  "\nШколы узнаются по коду ОО, люди — по ФИО, школе и роли: повторная загрузка того же файла ничего не удваивает.\n" +
    "Одинаковое ФИО в двух школах — один человек с двумя членствами и одним личным приглашением.\n" +
    "Имя бота (--bot / --max-bot) нужно только для подсказки с командами invite sheet в конце.",
);

const campaign = program.command("campaign").description("кампании: диагностика педагогов, опросы родителей и обучающихся, карта самоанализа, отчёт о визите");
leaf(campaign, "open", "открыть кампанию анкеты (по умолчанию — диагностику профессиональных дефицитов педагогов)", commands.campaignOpen, print.campaignOpen)
  .option("--district <id|название>", "район")
  .option("--title <название>", `название (по умолчанию «${commands.DEFAULT_CAMPAIGN_TITLE}»)`)
  .option("--from <ГГГГ-ММ-ДД>", "дата начала по времени района (по умолчанию сейчас)")
  .option("--days <N>", "сколько дней идёт приём ответов (по умолчанию 30)")
  .option(
    "--instrument-version <N>",
    "версия анкеты (instrument list --district …); по умолчанию новейшая утверждённая версия района, иначе утверждённая общая, иначе черновик; " +
      instrumentsText.teacherV2,
  )
  .option("--instrument <ключ>", `анкета: ${commands.CAMPAIGN_INSTRUMENT_KEYS.join(", ")} (по умолчанию teacher_deficits)`)
  .option("--roles <роли>", "кого спрашиваем, через запятую: teacher, head, mentor, parent, student (по умолчанию — для кого анкета)")
  .option("--school-codes <коды>", "только эти школы: коды ОО или id через запятую (по умолчанию все школы района)")
  .option("--cluster <кластер>", "школы кластера последнего расчёта выявления: failing, effective, deprived, resilient")
  .option("--list <список>", "школы списка: shnor, shnsu (расчёт выявления), official-shnor, official-shnsu (утверждённый список)")
  .option("--year <ГГГГ>", "год расчёта или списка для --cluster/--list (по умолчанию последний)")
  .option("--remind-every <N>", "напоминать не закончившим раз в N дней в 10:00 по времени района; 0 — не напоминать (по умолчанию: диагностика — 1, остальные — 3)");
leaf(campaign, "rates", "охват кампании по школам: сколько завершили, коды классов (без имён)", commands.campaignRatesCommand, print.campaignRates).option(
  "--campaign <id>",
  "id кампании (campaign list)",
);
leaf(campaign, "close", "завершить кампанию сейчас (запланированную — отменить)", commands.campaignClose, print.campaignClose).option(
  "--campaign <id>",
  "id кампании (campaign list)",
);
leaf(campaign, "list", "кампании района и сколько учителей завершили («n из N», без имён)", commands.campaignList, print.campaignList).option(
  "--district <id|название>",
  "район",
);

const instrument = program
  .command("instrument")
  .description("анкеты района (диагностика педагогов, опросы родителей и обучающихся, карта самоанализа, отчёт о визите): версии, выгрузка в JSON, загрузка новой версии")
  .addHelpText(
    "after",
    "\nКаждая анкета принадлежит району: выгрузите её (instrument export --district … --key …), отредактируйте JSON и загрузите\n" +
      "как новую версию района (instrument import --district … --approve; ключ анкеты берётся из файла).\n" +
      `Ключи: ${BUILT_IN_KEYS.join(", ")}. Встроенные версии — общие для всех районов;\n` +
      "версии района видит только он. Сохранённые версии не меняются; новые кампании района идут по новейшей утверждённой.\n" +
      `${instrumentsText.teacherV2[0]!.toUpperCase()}${instrumentsText.teacherV2.slice(1)}: campaign open --instrument-version 2.`,
  );
leaf(instrument, "list", "версии анкет района (общие и свои): статус, вопросы, области, сколько кампаний", commands.instrumentList, print.instrumentList)
  .option("--district <id|название>", "район")
  .option("--key <ключ>", `только одна анкета: ${BUILT_IN_KEYS.join(", ")}`);
leaf(instrument, "export", "выгрузить анкету района в JSON для правки (по умолчанию новейшую версию)", commands.instrumentExport, print.instrumentExport, {}, {
  options: ["out"],
  after: async (result, local) => writeInstrumentFile(result as Result<typeof commands.instrumentExport>, local.out as string | undefined),
})
  .option("--district <id|название>", "район")
  .option("--key <ключ>", `анкета: ${BUILT_IN_KEYS.join(", ")} (по умолчанию teacher_deficits)`)
  .option("--version <N>", "номер версии (instrument list --district …)")
  .option("--out <файл.json>", "куда сохранить (по умолчанию ./anketa-<ключ>-v<N>.json, без перезаписи)");
leaf(instrument, "import", "загрузить отредактированную анкету как новую версию района", commands.instrumentImport, print.instrumentImport, {}, {
  options: ["file"],
  before: (local, raw) => {
    raw.definition = readInstrumentFile(local.file);
  },
})
  .option("--district <id|название>", "район, чья это версия (другие районы её не видят)")
  .option("--file <файл.json>", "анкета в JSON (из instrument export)")
  .option("--approve", "сразу утвердить: новые кампании пойдут по этой версии")
  .addHelpText(
    "after",
    '\nВ файле поставьте "version" больше всех версий, которые видит район (команда подскажет номер).\n' +
      "Каждая ошибка выводится с путём в JSON, например questions[24].text. Вопросы — по областям (areas):\n" +
      "у каждого вопроса areaId одной из областей.",
  );

// ---- privacy helper: the district summary of deficits as XLSX (same release rules as the Mini App) ----
async function writeSummaryFile(result: Result<typeof commands.summaryExport>, out: unknown): Promise<{ file: string }> {
  if (typeof out !== "string" || !out.trim()) throw new CliError("invalid", "--out: укажите файл .xlsx, например --out svodka.xlsx");
  const { summaryWorkbook } = await import("../files/summary-xlsx.ts");
  const file = path.resolve(out);
  fs.writeFileSync(file, await summaryWorkbook(result.summary, { timeZone: result.district.timezone, releaseStep: result.releaseStep }));
  return { file };
}
const summary = program.command("summary").description("сводные дефициты района: только опубликованные цифры, по тем же правилам, что в Mini App");
leaf(summary, "export", "выгрузить сводку дефицитов района в Excel", commands.summaryExport, (r: { file: string }) => [summaryText.cli(r.file)], {}, {
  options: ["out"],
  before: (local) => {
    if (typeof local.out !== "string" || !local.out.trim()) throw new CliError("invalid", "--out: укажите файл .xlsx, например --out svodka.xlsx");
  },
  after: async (result, local) => writeSummaryFile(result as Result<typeof commands.summaryExport>, local.out),
})
  .option("--district <id|название>", "район")
  .option("--out <файл.xlsx>", "куда сохранить");
// ---- end privacy helper ----

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
      const { copyDatabase } = await import("../prisma/db-copy.ts");
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

(await import("./identification.ts")).registerIdentification(program, { fail, setExitCode: (code) => void (exitCode = code) });
(await import("./baseline.ts")).registerBaseline(program, { fail, setExitCode: (code) => void (exitCode = code) });
(await import("./routes.ts")).registerRoutes(program, { fail, setExitCode: (code) => void (exitCode = code) });
(await import("./audit.ts")).registerAudit(program, { fail, setExitCode: (code) => void (exitCode = code), exitCode: () => exitCode });
(await import("./backup.ts")).registerBackup(program, { fail, setExitCode: (code) => void (exitCode = code) });

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
    "Начало работы: district create → import template → import xlsx (школы и сотрудники из Excel)",
    "→ invite create --role district (ссылку открыть в Telegram или MAX) → invite sheet --existing (листы с ФИО и QR-кодами).",
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
