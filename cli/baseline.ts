// Baselines in the admin CLI (#13 §8): `baseline import` (with --dry-run: nothing written), `baseline
// list`, `baseline mapping show|set`. A thin shell over core/services/baseline.ts with the operator as
// the actor (null); registered from cli/main.ts with one line.
import fs from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { formatProblem } from "../core/messages/intake.ts";
import { AdminError, findDistrict, findSchool } from "../core/services/admin.ts";
import {
  checkBaseline,
  getBaselineMapping,
  importBaseline,
  listBaselines,
  saveBaselineMapping,
  type BaselineDeps,
  type BaselinePreview,
} from "../core/services/baseline.ts";
import { DEFAULT_METHODOLOGY } from "../core/methodology/settings.ts";
import { loadConfig } from "../server/config.ts";

export interface BaselineCliDeps {
  fail: (error: unknown) => number;
  setExitCode: (code: number) => void;
}

const out = (lines: string[]) => process.stdout.write(lines.join("\n") + "\n");
/** Problems printed at most. */
const SHOWN = 50;

const ROLE_NAMES: Record<BaselinePreview["columns"][number]["role"], string> = {
  question: "вопрос",
  school: "школа",
  dropped: "НЕ СОХРАНЯЕТСЯ (данные о человеке)",
  timestamp: "время заполнения (только для дат)",
  ignored: "не импортируется",
};

export function previewLines(preview: BaselinePreview, options: { dryRun: boolean }): string[] {
  const lines: string[] = [];
  lines.push(`${options.dryRun ? "Проверка без записи (--dry-run)" : "Проверка"}: анкета «${preview.instrument.title}» (${preview.instrument.key}, версия ${preview.instrument.version}).`);
  lines.push(`  ${preview.summary}`);
  if (preview.window) lines.push(`  Даты проведения: ${preview.window.from} — ${preview.window.to}`);
  if (preview.title) lines.push(`  Название кампании: ${preview.title}`);
  lines.push(`  Строк в файле: ${preview.rowsRead}; пустых: ${preview.emptyRows}`);
  if (preview.columns.length) {
    lines.push("  Столбцы:");
    for (const column of preview.columns) {
      const question = column.questionId ? ` → ${column.questionId}` : "";
      lines.push(`    ${column.letter}. ${column.header || "(без заголовка)"}: ${ROLE_NAMES[column.role]}${question}${column.from === "mapping" ? " (по сохранённому сопоставлению)" : ""}`);
    }
  }
  if (preview.schools.length) lines.push(`  Школы: ${preview.schools.map((school) => `${school.name} — ${school.responses}`).join("; ")}`);
  if (preview.problems.length) {
    lines.push(`  Проблемы (${preview.problems.length}):`);
    lines.push(...preview.problems.slice(0, SHOWN).map((problem) => `    ${formatProblem(problem)}`));
    if (preview.problems.length > SHOWN) lines.push(`    … и ещё ${preview.problems.length - SHOWN}`);
    if (preview.unknownAnswers.length || preview.unknownSchools.length) {
      lines.push("  Сопоставьте ответы и школы: baseline mapping show … --out m.json, правка, baseline mapping set … --file m.json");
    }
  }
  if (preview.warnings.length) {
    lines.push("  Замечания:");
    lines.push(...preview.warnings.slice(0, SHOWN).map((warning) => `    ${formatProblem(warning)}`));
  }
  return lines;
}

export interface BaselineCommandOptions {
  district: string;
  instrument: string;
  file: string;
  version?: number;
  school?: string;
  from?: string;
  to?: string;
  title?: string;
  dryRun?: boolean;
}

/** `baseline import`: reads the file, resolves the school by code, checks or imports. */
export async function baselineImportCommand(deps: BaselineDeps, options: BaselineCommandOptions): Promise<string[]> {
  const file = path.resolve(options.file);
  if (!fs.existsSync(file)) throw new AdminError("invalid", `Файл не найден: ${file}`, { field: "file" });
  const content = new Uint8Array(fs.readFileSync(file));
  const district = await findDistrict(deps, null, options.district);
  const schoolId = options.school ? (await findSchool(deps, district, options.school)).id : undefined;
  const request = {
    districtId: district.id,
    instrumentKey: options.instrument,
    instrumentVersion: options.version,
    fileName: path.basename(file),
    content,
    schoolId,
    from: options.from,
    to: options.to,
    title: options.title,
  };
  const preview = await checkBaseline(deps, null, request);
  if (options.dryRun || preview.problems.length) {
    const lines = previewLines(preview, { dryRun: options.dryRun === true });
    if (preview.problems.length && !options.dryRun) throw new AdminError("invalid", preview.summary, { lines: lines.slice(1) });
    return lines;
  }
  const result = await importBaseline(deps, null, request);
  return [result.message, `  Кампания: ${result.campaignId}`];
}

export async function baselineListCommand(deps: BaselineDeps, options: { district: string }): Promise<string[]> {
  const district = await findDistrict(deps, null, options.district);
  const baselines = await listBaselines(deps, null, { districtId: district.id });
  if (!baselines.length) return [`В районе «${district.name}» базовых замеров нет.`];
  return baselines.map(
    (baseline) =>
      `${baseline.id}  ${baseline.instrumentKey} v${baseline.instrumentVersion}  ${baseline.opensAt.toISOString().slice(0, 10)} — ${baseline.closesAt.toISOString().slice(0, 10)}  ответов: ${baseline.responses}  «${baseline.title}»`,
  );
}

export async function baselineMappingShow(deps: BaselineDeps, options: { district: string; instrument: string }): Promise<string> {
  const district = await findDistrict(deps, null, options.district);
  return JSON.stringify(await getBaselineMapping(deps, null, { districtId: district.id, instrumentKey: options.instrument }), null, 2);
}

export async function baselineMappingSet(deps: BaselineDeps, options: { district: string; instrument: string; file: string }): Promise<string[]> {
  const district = await findDistrict(deps, null, options.district);
  let mapping: unknown;
  try {
    mapping = JSON.parse(fs.readFileSync(path.resolve(options.file), "utf8"));
  } catch {
    throw new AdminError("invalid", `Файл ${options.file} не прочитан как JSON.`, { field: "file" });
  }
  await saveBaselineMapping(deps, null, { districtId: district.id, instrumentKey: options.instrument, mapping });
  return [`Сопоставление анкеты ${options.instrument} сохранено для района «${district.name}».`];
}

/** Opens the database, migrates, runs one command with the operator's deps. */
async function withDeps<T>(work: (deps: BaselineDeps) => Promise<T>): Promise<T> {
  const config = loadConfig(process.env, { requireBotToken: false });
  const { openDatabase, DatabaseBusyError } = await import("../prisma/db.ts");
  const { migrate } = await import("../prisma/migrate.ts");
  let db;
  try {
    db = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.dataDir });
  } catch (error) {
    if (error instanceof DatabaseBusyError) {
      throw new AdminError("invalid", "База занята работающим сервером: импортируйте базовый замер в Mini App (раздел «Базовый замер») или остановите сервер.");
    }
    throw error;
  }
  try {
    await migrate(db);
    return await work(await baselineDeps(db.prisma, { ...DEFAULT_METHODOLOGY, minRespondents: config.MIN_RESPONDENTS }));
  } finally {
    await db.close();
  }
}

/** The use cases' deps over one Prisma client (the CLI and its tests). */
export async function baselineDeps(prisma: import("../prisma/db.ts").PrismaClient, settings = DEFAULT_METHODOLOGY): Promise<BaselineDeps> {
  const { PrismaAdminRepository } = await import("../prisma/admin.ts");
  const { PrismaRepository } = await import("../prisma/repository.ts");
  const { PrismaBaselineRepository } = await import("../prisma/baseline.ts");
  const { readBaselineFile } = await import("../files/baseline.ts");
  return {
    admin: new PrismaAdminRepository(prisma),
    repo: new PrismaRepository(prisma),
    clock: { now: () => new Date() },
    settings,
    baseline: new PrismaBaselineRepository(prisma),
    readFile: readBaselineFile,
  };
}

export function registerBaseline(program: Command, deps: BaselineCliDeps): void {
  const fail = (error: unknown) => deps.setExitCode(deps.fail(error));
  const need = (options: Record<string, unknown>, ...names: string[]) => {
    for (const name of names) {
      if (typeof options[name] !== "string" || !(options[name] as string).trim()) throw new AdminError("invalid", `Не указан параметр --${name}.`, { field: name });
    }
  };
  const run = (work: (options: Record<string, unknown>) => Promise<string[] | string>) => async (options: Record<string, unknown>) => {
    try {
      const result = await work(options);
      out(Array.isArray(result) ? result : [result]);
    } catch (error) {
      fail(error);
    }
  };
  const group = program
    .command("baseline")
    .description("базовый замер: прошлый раунд анкеты из Google Форм или Яндекс Форм")
    .addHelpText(
      "after",
      "\nВыгрузка формы (CSV или XLSX: первая строка — вопросы, ниже — ответы) импортируется в закрытую кампанию анкеты.\n" +
        "Столбцы с почтой, ФИО, телефоном и адресом не читаются и не сохраняются. Сначала --dry-run: что будет импортировано\n" +
        "и каждая проблема со строкой и столбцом; ответы и школы, которые не узнаны, сопоставьте через baseline mapping.",
    );
  group
    .command("import")
    .description("импортировать выгрузку прошлого раунда (с --dry-run — только проверить)")
    .option("--district <id|название>", "район")
    .option("--instrument <ключ>", "анкета: teacher_deficits, parent_survey, student_survey, school_card, visit_report")
    .option("--file <файл.csv|файл.xlsx>", "выгрузка Google Форм или Яндекс Форм (CSV: UTF-8 или Windows-1251)")
    .option("--version <N>", "версия анкеты (по умолчанию новейшая)")
    .option("--school <код|id>", "школа для всего файла, если в нём нет столбца со школой")
    .option("--from <ГГГГ-ММ-ДД>", "дата начала (по умолчанию — первое время заполнения в файле)")
    .option("--to <ГГГГ-ММ-ДД>", "дата окончания (по умолчанию — последнее время заполнения)")
    .option("--title <название>", "название кампании")
    .option("--dry-run", "только проверить, ничего не записывая")
    .action(
      run(async (options) => {
        need(options, "district", "instrument", "file");
        const version = options.version === undefined ? undefined : Number(options.version);
        if (version !== undefined && (!Number.isInteger(version) || version < 1)) throw new AdminError("invalid", "--version: целое число от 1.", { field: "version" });
        return withDeps((deps) => baselineImportCommand(deps, { ...(options as unknown as BaselineCommandOptions), version }));
      }),
    );
  group
    .command("list")
    .description("базовые замеры района")
    .option("--district <id|название>", "район")
    .action(
      run(async (options) => {
        need(options, "district");
        return withDeps((deps) => baselineListCommand(deps, options as { district: string }));
      }),
    );
  const mapping = group.command("mapping").description("сопоставление столбцов, ответов и школ (JSON), сохраняется для района и анкеты");
  mapping
    .command("show")
    .description("показать сохранённое сопоставление (JSON)")
    .option("--district <id|название>", "район")
    .option("--instrument <ключ>", "анкета")
    .action(
      run(async (options) => {
        need(options, "district", "instrument");
        return withDeps((deps) => baselineMappingShow(deps, options as { district: string; instrument: string }));
      }),
    );
  mapping
    .command("set")
    .description("сохранить сопоставление из файла JSON")
    .option("--district <id|название>", "район")
    .option("--instrument <ключ>", "анкета")
    .option("--file <файл.json>", "сопоставление: columns, answers, schools")
    .action(
      run(async (options) => {
        need(options, "district", "instrument", "file");
        return withDeps((deps) => baselineMappingSet(deps, options as { district: string; instrument: string; file: string }));
      }),
    );
}
