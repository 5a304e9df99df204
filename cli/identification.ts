// Identification of ШНОР and ШНСУ in the admin CLI (issue #12): `import results|items|social|official-list`,
// `import template <вид>`, `identify`, `lists`, `methodology show|set`. A thin shell over the commands of
// core/services/identification.ts (the same names the admin bridge of a running server accepts): here only
// options, files, the progress bar and printing. Registered from cli/main.ts with one line.
import fs from "node:fs";
import { shellQuote } from "./shell.ts";
import path from "node:path";
import type { Command } from "commander";
import { CLUSTER_NAMES, DEFICIT_NAMES } from "../core/messages/identification.ts";
import { KIND_NAMES, LIST_NAMES, methodologyLines } from "../core/messages/identification-admin.ts";
import { formatProblem } from "../core/messages/intake.ts";
import { pluralRu as plural } from "../core/messages/reminders.ts";
import type { DeficitFlag } from "../core/identification/methodology.ts";
import { AdminError } from "../core/services/admin.ts";
import { findIdentificationCommand, unclusteredOf, type DataImport, type IdentificationCommand, type IdentificationContext, type MethodologyView, type RunView } from "../core/services/identification.ts";
import { DATA_KINDS, type DataKind } from "../core/services/identification-ports.ts";
import { loadConfig } from "../server/config.ts";
import { writeFullList } from "./sheet-file.ts";

export interface IdentificationCliDeps {
  /** cli/main.ts's error printer: returns the exit code. */
  fail: (error: unknown) => number;
  setExitCode: (code: number) => void;
}

const out = (lines: string[]) => process.stdout.write(lines.join("\n") + "\n");
const json = (value: unknown) => process.stdout.write(JSON.stringify(value, null, 2) + "\n");

/** Problems printed at most; the full list goes to a file beside. */
const SHOWN_PROBLEMS = 50;

// ---------- the database, as cli/main.ts opens it ----------

/** Opens the database (or forwards to the running server that owns it), migrates and runs one command. */
async function runCommand(name: string, raw: Record<string, unknown>): Promise<unknown> {
  const run = findIdentificationCommand(name)!;
  const config = loadConfig(process.env, { requireBotToken: false });
  const { openDatabase, DatabaseBusyError } = await import("../prisma/db.ts");
  const { migrate } = await import("../prisma/migrate.ts");
  const { identificationContext } = await import("../prisma/identification.ts");
  let db;
  try {
    db = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.dataDir });
  } catch (error) {
    if (!(error instanceof DatabaseBusyError)) throw error;
    const { adminUrl, adminToken } = error.owner;
    if (!adminUrl || !adminToken) throw new AdminError("invalid", error.message);
    // The running server owns the embedded folder: it runs the command (a file travels as base64).
    const { forwardCommand } = await import("../server/admin-bridge.ts");
    const { onProgress: _progress, ...options } = raw;
    if (options.content instanceof Uint8Array) options.content = Buffer.from(options.content).toString("base64");
    return forwardCommand({ adminUrl, adminToken }, name, options);
  }
  try {
    await migrate(db);
    return await run(identificationContext(db.prisma) as IdentificationContext, raw);
  } finally {
    await db.close();
  }
}

// ---------- the progress bar ----------

/**
 * "\r[#####     ] 52 %" on stderr, redrawn when the percent changes; reading, then writing. When
 * stderr is not a terminal (a log file, cron, systemd), one plain line per quarter instead of frames.
 */
export function progressBar(
  write: (text: string) => void = (text) => void process.stderr.write(text),
  terminal: boolean = process.stderr.isTTY === true,
) {
  let last = "";
  let drawn = false;
  const bar = (done: number, total: number, phase: "read" | "write") => {
    const share = total > 0 ? Math.min(1, done / total) : 0;
    const percent = Math.floor(share * 100);
    const filled = Math.round(share * 20);
    const words = phase === "read" ? "чтение" : "запись";
    if (!terminal) {
      const line = `${words}: ${Math.floor(percent / 25) * 25} %\n`;
      if (line !== last) write(line);
      last = line;
      return;
    }
    const line = `\r[${"#".repeat(filled)}${" ".repeat(20 - filled)}] ${String(percent).padStart(3)} % ${words}`;
    if (line === last) return;
    last = line;
    drawn = true;
    write(line);
  };
  return Object.assign(bar, {
    end: () => {
      if (drawn) write("\n");
      drawn = false;
    },
  });
}

// ---------- printing ----------

/** All problems of a check: the shown ones plus those only counted (problemCount). */
const problemTotal = (result: { problems: unknown[]; problemCount?: number }) => Math.max(result.problemCount ?? 0, result.problems.length);
const problemsWord = (count: number) => plural(count, "проблема", "проблемы", "проблем");
const problemsText = (count: number) => `${count} ${problemsWord(count)}`;

/** The district's name as the person typed it in a command: in double quotes, shell-safe. */
export { shellQuote };

/** Why a file could not be written, in Russian (the system's message is English). */
export function writeFailure(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ENOENT") return "такой папки нет";
  if (code === "EACCES" || code === "EPERM" || code === "EROFS") return "нет прав на запись в эту папку";
  if (code === "EISDIR") return "это папка; укажите имя файла";
  if (code === "ENOSPC") return "на диске нет места";
  if (code === "EBUSY") return "файл открыт в другой программе; закройте его";
  return `ошибка записи (${code ?? "неизвестная"})`;
}

const yearsText = (years: number[]) => (years.length ? years.join(", ") : "—");

export function importLines(result: DataImport & { dryRun: boolean; district: { id: string; name: string }; file: string }): { lines: string[]; full: string[] } {
  const kind = KIND_NAMES[result.kind];
  const lines: string[] = [];
  const full = result.problems.map(formatProblem);
  if (!result.ok) {
    const total = problemTotal(result);
    lines.push(`${result.dryRun ? "Проверка без записи" : "Файл не загружен, ничего не записано"}: ${result.file} — ${problemsText(total)}.`);
    lines.push(...full.slice(0, SHOWN_PROBLEMS).map((line) => `  ${line}`));
    if (full.length > SHOWN_PROBLEMS) lines.push(`  … и ещё ${total - SHOWN_PROBLEMS}`);
  } else {
    lines.push(
      result.dryRun
        ? `Проверка без записи (--dry-run), район «${result.district.name}»: проблем нет. Если загрузить:`
        : `Загружено в район «${result.district.name}»: ${kind}.`,
    );
  }
  lines.push(
    `  Файл: ${result.file} (${result.shape}); вид данных: ${kind}`,
    // A refused file is not counted by school and year: "школ: 0, годы: —" read as "the file is empty".
    result.ok ? `  Строк: ${result.rows}, школ: ${result.schools}, годы: ${yearsText(result.years)}` : `  Строк прочитано: ${result.rows}`,
  );
  // The schools themselves are named in the remark below.
  if (result.newSchools.length) lines.push(`  Новые школы района: ${result.newSchools.length}`);
  if (result.replaces)
    lines.push(result.kind === "official-list" ? "  Заменяется загруженный раньше список с теми же реквизитами" : `  Уже загружено раньше (пар «школа — год»): ${result.replaces}`);
  if (result.warnings.length) lines.push("", `Замечания (${result.warnings.length}), загрузку не останавливают:`, ...result.warnings.slice(0, SHOWN_PROBLEMS).map((warning) => `  ${formatProblem(warning)}`));
  if (result.ok && result.dryRun) lines.push("", "Ничего не записано. Для загрузки — та же команда без --dry-run.");
  if (!result.ok && result.kind === "official-list" && result.problems.some((problem) => problem.message.includes("реквизиты списка"))) {
    lines.push('Реквизиты можно указать и в команде: --kind ШНОР --year 2026 --source "Минобразования области" --number 123-р --date 10.02.2026');
  }
  if (!result.ok) lines.push("Исправьте файл и загрузите его снова; до этого ничего не записывается.");
  if (result.ok && !result.dryRun && result.kind !== "official-list" && result.kind !== "staff") {
    lines.push("", `Дальше — расчёт: npm run cli -- identify --district ${shellQuote(result.district.name)} --year ${result.years.at(-1) ?? "<год>"}`);
  }
  return { lines, full };
}

const fmt = (value: number | null, digits = 2) => (value === null ? "—" : value.toFixed(digits).replace(".", ","));
const listsOf = (school: { shnor: boolean; shnsu: boolean }) => [school.shnor ? "ШНОР" : "", school.shnsu ? "ШНСУ" : ""].filter(Boolean).join(", ");

type Unclustered = { unclustered?: Array<{ code: string; name: string; reason: string }> };
export function summaryLines(r: (RunView | (Omit<RunView, "schools" | "districtLowTasks"> & { district?: { name: string } })) & Unclustered): string[] {
  const names = (items: RunView["entered"]) => items.map((item) => `${item.schoolCode} ${item.schoolName} (${item.list === "shnor" ? "ШНОР" : "ШНСУ"})`).join("; ");
  return [
    `Кластеры: ${Object.entries(r.clusters).map(([cluster, count]) => `${CLUSTER_NAMES[cluster as keyof typeof CLUSTER_NAMES]} — ${count}`).join(", ")}`,
    `ШНОР: ${r.shnor}, ШНСУ: ${r.shnsu}`,
    r.entered.length ? `Вошли в списки: ${names(r.entered)}` : "Новых школ в списках нет.",
    ...(r.left.length ? [`Вышли из списков: ${names(r.left)}`] : []),
    ...(r.warnings.length ? ["", "Замечания:", ...r.warnings.map((warning) => `  ${warning}`)] : []),
    ...(r.unclustered?.length
      ? ["", `Кластер не определён (${r.unclustered.length}):`, ...r.unclustered.map((school) => `  ${school.code} ${school.name} — ${school.reason}`)]
      : []),
  ];
}

type OfficialBeside = { kind: "shnor" | "shnsu"; source: string; documentNumber: string; documentDate: string } & Record<"both" | "onlyComputed" | "onlyOfficial", Array<{ schoolCode: string; schoolName: string; why: string }>>;

/** An official list beside the computed one: how many agree, and each difference with its reason. */
export function officialLines(entry: OfficialBeside): string[] {
  const kind = entry.kind === "shnor" ? "ШНОР" : "ШНСУ";
  const school = (item: { schoolCode: string; schoolName: string; why: string }) => `  ${item.schoolCode} ${item.schoolName} — ${item.why}`;
  return [
    "",
    `Список ${kind} сверху (${entry.source}, № ${entry.documentNumber} от ${entry.documentDate.split("-").reverse().join(".")}): в обоих списках — ${entry.both.length}, только в расчёте — ${entry.onlyComputed.length}, только в списке сверху — ${entry.onlyOfficial.length}`,
    ...entry.onlyComputed.map(school),
    ...entry.onlyOfficial.map(school),
  ];
}

/** One row per school for `lists` (the XLSX and CSV have the same columns). */
const LIST_COLUMNS = [
  "Код ОО",
  "Школа",
  "Индекс результатов",
  "Социальный индекс",
  "Кластер",
  "Списки",
  "Динамика",
  "Предложить исключить",
  "Резильентная",
  "Кандидат в кураторы",
  "Дефициты",
  "Почему",
] as const;

/** The «Почему» column, for every school: why no cluster; else why on a list; else the cluster's reason. */
function whyText(school: RunView["schools"][number]): string | null {
  const checks = school.explanation.checks;
  const texts = (keep: (check: (typeof checks)[number]) => boolean) => checks.filter(keep).map((check) => check.text).join(" ");
  if (school.cluster === null) return texts((check) => !check.passed && (check.rule === "results" || check.rule === "social")) || null;
  return texts((check) => check.passed && (check.rule === "shnor" || check.rule === "shnsu")) || texts((check) => check.rule === "cluster") || null;
}

function listRows(run: RunView): Array<Array<string | number | null>> {
  return run.schools.map((school) => [
    school.schoolCode,
    school.schoolName,
    school.resultsIndex,
    school.socialIndex,
    school.cluster ? CLUSTER_NAMES[school.cluster] : null,
    listsOf(school) || null,
    school.dynamics,
    school.proposeExclusion ? "да" : "нет",
    school.resilient ? "да" : "нет",
    school.curatorCandidate ? "да" : "нет",
    school.deficitFlags.map((flag) => DEFICIT_NAMES[flag as DeficitFlag] ?? flag).join(", ") || null,
    whyText(school),
  ]);
}

const csvCell = (value: string | number | null) => {
  const text = value === null ? "" : typeof value === "number" ? String(value).replace(".", ",") : value;
  return /[";\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/** CSV as Excel in Russia opens it: UTF-8 with a byte-order mark, `;` between cells, a decimal comma. */
export function listsCsv(run: RunView): string {
  return "\uFEFF" + [LIST_COLUMNS as readonly string[], ...listRows(run)].map((row) => row.map(csvCell).join(";")).join("\r\n") + "\r\n";
}

export async function listsXlsx(run: RunView, districtName: string): Promise<Uint8Array> {
  const { loadExcel } = await import("../files/staff-workbook.ts");
  const Excel = await loadExcel();
  const book = new Excel.Workbook();
  const sheet = book.addWorksheet(`Списки ${run.year}`);
  sheet.addRow([`${districtName}: выявление ШНОР и ШНСУ за ${run.year} год (методика, версия ${run.methodologyVersion}, расчёт от ${run.createdAt.toISOString().slice(0, 10)})`]);
  sheet.addRow([...LIST_COLUMNS]).font = { bold: true };
  for (const row of listRows(run)) sheet.addRow(row);
  sheet.columns.forEach((column, index) => (column.width = [10, 40, 12, 12, 18, 12, 10, 12, 12, 12, 40, 80][index] ?? 12));
  sheet.views = [{ state: "frozen", ySplit: 2 }];
  return new Uint8Array(await book.xlsx.writeBuffer());
}

/** `--set shnor=seed004 --set years=2 --set curator.minFlags=2`: a dotted path, the value as JSON when it parses. */
export function patchFromSets(sets: string[], base: Record<string, unknown> = {}): Record<string, unknown> {
  const patch = structuredClone(base);
  for (const set of sets) {
    const at = set.indexOf("=");
    if (at <= 0) throw new AdminError("invalid", `--set: «${set}» — ожидалось путь=значение, например --set years=2`);
    const keys = set.slice(0, at).trim().split(".");
    const text = set.slice(at + 1).trim();
    let value: unknown = text;
    try {
      value = JSON.parse(text.replace(/^(-?\d+),(\d+)$/, "$1.$2"));
    } catch {
      // A plain word stays text ("seed004", "rank").
    }
    let node = patch;
    for (const key of keys.slice(0, -1)) {
      if (typeof node[key] !== "object" || node[key] === null || Array.isArray(node[key])) node[key] = {};
      node = node[key] as Record<string, unknown>;
    }
    node[keys.at(-1)!] = value;
  }
  return patch;
}

function readFileOption(file: unknown): { file: string; content: Uint8Array } {
  if (typeof file !== "string" || !file.trim()) throw new AdminError("invalid", "--file: укажите файл .xlsx или .csv (шаблон: npm run cli -- import template results --out results.xlsx)");
  try {
    return { file, content: new Uint8Array(fs.readFileSync(file)) };
  } catch {
    throw new AdminError("invalid", `--file: файл ${file} не найден или не читается`);
  }
}

// ---------- commander ----------

export function registerIdentification(program: Command, deps: IdentificationCliDeps): void {
  const fail = (error: unknown) => deps.setExitCode(deps.fail(error));
  const find = (name: string) => program.commands.find((command) => command.name() === name);
  const jsonOption = "вывод в JSON (только JSON в stdout), для скриптов";

  /** Validates the options before the database opens, runs, prints. */
  const action =
    (name: string, prepare: (options: Record<string, unknown>) => Promise<Record<string, unknown>> | Record<string, unknown>, show: (result: never, options: Record<string, unknown>) => Promise<string[]> | string[]) =>
    async (options: Record<string, unknown>) => {
      try {
        const raw = await prepare(options);
        (findIdentificationCommand(name) as IdentificationCommand).validate(raw);
        const result = await runCommand(name, raw);
        const lines = await show(result as never, options);
        if (options.json) json(result);
        else out(lines);
      } catch (error) {
        fail(error);
      }
    };

  // ---- import results|items|social|official-list ----
  const importGroup = find("import") ?? program.command("import").description("загрузка данных района из Excel и CSV");
  for (const kind of DATA_KINDS) {
    const command = importGroup
      .command(kind)
      .description(
        {
          results: "загрузить результаты ЕГЭ, ОГЭ, ВПР, РДР (шаблон или выгрузки ФИС ОКО); шаблон заменяет процедуру школы за год, отчёт ФИС ОКО дополняет сохранённые строки",
          items: "загрузить выполнение заданий ВПР (доля решивших по каждому заданию)",
          social: "загрузить социальные данные школ (численность, учёты, дефициты)",
          "official-list": "загрузить список ШНОР или ШНСУ сверху (регион, Рособрнадзор) с реквизитами документа",
        }[kind],
      )
      .option("--district <id|название>", "район")
      .option("--file <файл.xlsx|файл.csv>", "файл с данными (CSV: UTF-8 или Windows-1251, разделитель ; или ,)")
      .option("--dry-run", "только проверить и показать, что будет загружено, ничего не записывая")
      .option("--json", jsonOption);
    if (kind === "official-list") {
      command
        .option("--kind <ШНОР|ШНСУ>", "какой это список: ШНОР или ШНСУ (можно shnor, shnsu); если в файле нет листа «Реквизиты»")
        .option("--year <ГГГГ>", "год списка")
        .option("--source <кто утвердил>", "источник: министерство, Рособрнадзор …")
        .option("--number <номер>", "номер документа")
        .option("--date <ДД.ММ.ГГГГ>", "дата документа, например 10.02.2026 (или 2026-02-10)");
    }
    command.action(async (options: Record<string, unknown>) => {
      const bar = options.json ? null : progressBar();
      try {
        const { file, content } = readFileOption(options.file);
        const raw: Record<string, unknown> = { district: options.district, file, content, dryRun: options.dryRun === true };
        for (const key of ["kind", "year", "source", "number", "date"]) if (options[key] !== undefined) raw[key] = options[key];
        const name = `import ${kind}`;
        findIdentificationCommand(name)!.validate(raw);
        if (bar) raw.onProgress = bar;
        const result = (await runCommand(name, raw)) as DataImport & { dryRun: boolean; district: { id: string; name: string }; file: string };
        bar?.end();
        if (options.json) json(result);
        else {
          const { lines, full } = importLines(result);
          out(lines);
          if (full.length > SHOWN_PROBLEMS) {
            const listFile = writeFullList(full);
            const total = problemTotal(result);
            if (listFile) out([total > result.problems.length ? `Первые ${result.problems.length - 1} ${problemsWord(result.problems.length - 1)} из ${total}: ${listFile}` : `Полный список проблем (${total}): ${listFile}`]);
          }
        }
        if (!result.ok) deps.setExitCode(2);
      } catch (error) {
        bar?.end();
        fail(error);
      }
    });
  }

  // ---- import template [вид]: the staff workbook without a kind, as before ----
  const template = importGroup.commands.find((command) => command.name() === "template");
  const templateAction = async (kind: string | undefined, options: { out?: string; json?: boolean }) => {
    try {
      if (!kind) {
        const { templatePath, writeTemplate } = await import("../files/staff-workbook.ts");
        const file = templatePath(options.out);
        await writeTemplate(file);
        if (options.json) json({ file });
        else
          out([
            `Шаблон сохранён: ${file}`,
            "Заполните листы «Школы» и «Сотрудники» (серые строки «Пример…» не загружаются), затем проверьте без записи:",
            `  npm run cli -- import xlsx --district "<район>" --file ${file} --dry-run`,
          ]);
        return;
      }
      if (!(DATA_KINDS as readonly string[]).includes(kind)) {
        throw new AdminError("invalid", `неизвестный вид шаблона «${kind}»; допустимо: ${DATA_KINDS.join(", ")} (без вида — школы и сотрудники)`);
      }
      const { dataTemplate } = await import("../files/identification/index.ts");
      const made = await dataTemplate(kind as DataKind);
      const file = path.resolve(options.out ?? made.filename);
      if (!options.out && fs.existsSync(file)) throw new AdminError("invalid", `--out: файл ${file} уже есть; укажите другое имя`);
      try {
        fs.writeFileSync(file, made.content);
      } catch (error) {
        throw new AdminError("invalid", `--out: не удалось записать ${file} (${(error as Error).message})`);
      }
      if (options.json) json({ file, kind });
      else
        out([
          `Шаблон «${KIND_NAMES[kind as DataKind]}» сохранён: ${file}`,
          "Заполните его (лист «Инструкция» объясняет столбцы) и проверьте без записи:",
          `  npm run cli -- import ${kind} --district "<район>" --file ${file} --dry-run`,
        ]);
    } catch (error) {
      fail(error);
    }
  };
  if (template) {
    template
      .argument("[вид]", `шаблон данных: ${DATA_KINDS.join(" | ")}; без вида — школы и сотрудники`)
      .description("записать шаблон XLSX: без вида — школы и сотрудники; results | items | social | official-list — данные для выявления ШНОР/ШНСУ")
      .action(templateAction);
  } else {
    importGroup
      .command("template")
      .argument("[вид]")
      .option("--out <файл.xlsx>", "куда сохранить")
      .option("--json", jsonOption)
      .action(templateAction);
  }

  // ---- identify ----
  program
    .command("identify")
    .description("выявить ШНОР и ШНСУ за год по действующей методике района; расчёт сохраняется, прошлые не меняются")
    .option("--district <id|название>", "район")
    .option("--year <ГГГГ>", "год (последний год данных, который берёт расчёт)")
    .option("--json", jsonOption)
    .action(
      action(
        "identify",
        (options) => ({ district: options.district, year: options.year }),
        (r: RunView & Unclustered & { district: { id: string; name: string } }) => [
          `Расчёт за ${r.year} год сохранён, район «${r.district.name}» (методика, версия ${r.methodologyVersion}); id: ${r.runId}`,
          ...summaryLines(r),
          "",
          `Списки: npm run cli -- lists --district ${shellQuote(r.district.name)} --year ${r.year} [--out списки.xlsx]`,
        ],
      ),
    );

  // ---- lists ----
  program
    .command("lists")
    .description("списки ШНОР и ШНСУ года с кластерами, динамикой и причинами; в файл XLSX или CSV")
    .option("--district <id|название>", "район")
    .option("--year <ГГГГ>", "год (по умолчанию последний расчёт)")
    .option("--run <id>", "конкретный расчёт (id из identify)")
    .option("--format <xlsx|csv>", "формат файла (по умолчанию по расширению --out)")
    .option("--out <файл>", "куда сохранить; без --out — таблица в консоль")
    .option("--json", jsonOption)
    .action(
      action(
        "lists",
        (options) => {
          const format = options.format ?? (typeof options.out === "string" ? path.extname(options.out).slice(1).toLowerCase() : undefined);
          if (options.out !== undefined && format !== "xlsx" && format !== "csv") throw new AdminError("invalid", "--format: xlsx или csv (или --out с расширением .xlsx / .csv)");
          if (options.format !== undefined && options.out === undefined) throw new AdminError("invalid", "--out: укажите файл, например --out списки.xlsx");
          return { district: options.district, ...(options.year !== undefined ? { year: options.year } : {}), ...(options.run !== undefined ? { run: options.run } : {}) };
        },
        async (r: { district: { id: string; name: string }; run: RunView; official?: OfficialBeside[] }, options) => {
          const run = { ...r.run, createdAt: new Date(r.run.createdAt) };
          if (typeof options.out === "string") {
            const format = (options.format as string | undefined) ?? path.extname(options.out).slice(1).toLowerCase();
            const file = path.resolve(options.out);
            try {
              fs.writeFileSync(file, format === "csv" ? listsCsv(run) : await listsXlsx(run, r.district.name));
            } catch (error) {
              throw new AdminError("invalid", `--out: не удалось записать ${file}: ${writeFailure(error)}`);
            }
            return [`Списки за ${run.year} год сохранены: ${file} (школ: ${run.schools.length}, ШНОР: ${run.shnor}, ШНСУ: ${run.shnsu})`];
          }
          const listed = run.schools.filter((school) => school.shnor || school.shnsu);
          return [
            `Район «${r.district.name}», ${run.year} год (методика, версия ${run.methodologyVersion}, расчёт ${run.runId})`,
            ...summaryLines({ ...run, unclustered: unclusteredOf(run.schools) }),
            "",
            ...(listed.length
              ? listed.map((school) => `${school.schoolCode}  ${school.schoolName}  ${listsOf(school)}  кластер: ${school.cluster ? CLUSTER_NAMES[school.cluster] : "—"}  индексы: ${fmt(school.resultsIndex)} / ${fmt(school.socialIndex)}`)
              : ["В списках нет ни одной школы."]),
            ...(r.official ?? []).flatMap((entry) => officialLines(entry)),
          ];
        },
      ),
    );

  // ---- methodology show|set ----
  const methodology = program.command("methodology").description("методика выявления района: веса, пороги, годы, правила списков (версии не меняются)");
  const showMethodology = (r: MethodologyView & { district: { name: string } }) => [
    `Методика района «${r.district.name}»: ${r.stored ? `версия ${r.version}` : "по умолчанию (сохранится версией 1 при первом расчёте)"}`,
    ...(r.versions.length > 1 ? [`Версии: ${r.versions.map((entry) => entry.version).join(", ")}`] : []),
    "",
    ...methodologyLines(r.methodology),
    "",
    "Изменить: methodology set --district … --set shnor=seed004 --set years=2 (в скобках — имя настройки; всё в JSON — methodology show --json, изменения — --file изменения.json)",
  ];
  methodology
    .command("show")
    .description("показать действующую версию методики района")
    .option("--district <id|название>", "район")
    .option("--json", jsonOption)
    .action(action("methodology show", (options) => ({ district: options.district }), showMethodology));
  methodology
    .command("set")
    .description("сохранить изменённую методику новой версией (прошлые расчёты остаются как были)")
    .option("--district <id|название>", "район")
    .option("--set <путь=значение>", "изменение, например shnor=seed004, years=2, curator.minFlags=2 (можно несколько раз)", (value: string, all: string[] = []) => [...all, value])
    .option("--file <изменения.json>", "изменения в JSON (часть методики: только то, что меняется)")
    .option("--json", jsonOption)
    .action(
      action(
        "methodology set",
        (options) => {
          let base: Record<string, unknown> = {};
          if (typeof options.file === "string") {
            try {
              base = JSON.parse(fs.readFileSync(options.file, "utf8").replace(/^\uFEFF/, ""));
            } catch (error) {
              throw new AdminError("invalid", `--file: ${options.file} не прочитан как JSON (${(error as Error).message})`);
            }
          }
          const sets = (options.set as string[] | undefined) ?? [];
          if (!sets.length && typeof options.file !== "string") throw new AdminError("invalid", "укажите изменения: --set путь=значение или --file изменения.json");
          return { district: options.district, patch: patchFromSets(sets, base) };
        },
        (r: MethodologyView & { district: { name: string } }) => [`Сохранена версия ${r.version} методики района «${r.district.name}». Новые расчёты пойдут по ней; прошлые не меняются.`, ...showMethodology(r).slice(1)],
      ),
    );
}
