// The identification commands of the admin CLI (issue #12): import with --dry-run (nothing written),
// identify, lists to XLSX and CSV, methodology show|set — as command functions on PGlite, through the
// admin bridge of a running server (the file travels as base64), and as a process with exit codes,
// --json and the progress bar on stderr.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { identificationCommands } from "../core/services/identification.ts";
import type { IdentificationContext } from "../core/services/identification.ts";
import { importLines, officialLines, listsCsv, listsXlsx, patchFromSets, progressBar, shellQuote, summaryLines, writeFailure } from "../cli/identification.ts";
import { createDistrict } from "../prisma/admin.ts";
import { methodologyLines } from "../core/messages/identification-admin.ts";
import { DEFAULT_IDENTIFICATION, SHNOR_PRESETS } from "../core/identification/methodology.ts";
import { openDatabase, type Database } from "../prisma/db.ts";
import { identificationContext } from "../prisma/identification.ts";
import { migrate } from "../prisma/migrate.ts";
import { forwardCommand } from "../server/admin-bridge.ts";
import { onPostgres, openTestDatabase } from "./support/db.ts";
import { failure, seedDataDir, startBridge } from "./support/cli.ts";
import { CLI_JS } from "./support/built.ts";

const HEADER = "Код ОО;Название ОО;Год;Процедура;Класс;Предмет;Участники;Средний балл;Ниже порога или «2», %;Высокие баллы или «5», %";
const SOCIAL = "Код ОО;Название ОО;Год;Всего обучающихся;Оба родителя без высшего образования;На учёте в ОДН или КДН;Дефицит компьютеров (да/нет)";

function resultsCsv(years = [2025, 2026], schools = 6): string {
  const lines = [HEADER];
  for (const year of years) {
    for (let index = 0; index < schools; index++) {
      for (const [assessment, grade, subject, base] of [["ЕГЭ", 11, "Русский язык", 60], ["ОГЭ", 9, "Математика", 15], ["ВПР", 4, "Русский язык", 3.5]] as const) {
        const mean = (base * (0.7 + index * 0.07)).toFixed(2).replace(".", ",");
        lines.push(`0${index + 1};СОШ № ${index + 1};${year};${assessment};${grade};${subject};20;${mean};${20 - index * 2};${index * 3}`);
      }
    }
  }
  return lines.join("\n");
}

function socialCsv(years = [2025, 2026], schools = 6): string {
  const lines = [SOCIAL];
  for (const year of years) for (let index = 0; index < schools; index++) lines.push(`0${index + 1};СОШ № ${index + 1};${year};300;${index % 2 ? 20 : 110};${index % 3};${index < 2 ? "да" : "нет"}`);
  return lines.join("\n");
}

const bytes = (text: string) => new TextEncoder().encode(text);

let db: Database;
let ctx: IdentificationContext;
let district: string;
let dir: string;
beforeAll(async () => {
  db = await openTestDatabase();
  ctx = identificationContext(db.prisma);
  district = (await createDistrict(db.prisma, { name: "Первомайский район", timezone: "Europe/Moscow" })).id;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "shnor-ident-cli-"));
});
afterAll(async () => {
  await db?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const cmd = identificationCommands;

describe("команды выявления", () => {
  it("import --dry-run ничего не пишет; ответ в JSON — проверка файла", async () => {
    const result = await cmd["import results"](ctx, { district: "Первомайский район", file: "dir/results.csv", content: bytes(resultsCsv()), dryRun: true });
    expect(result).toMatchObject({
      kind: "results",
      shape: "шаблон",
      rows: 36,
      schools: 6,
      years: [2025, 2026],
      replaces: 0,
      ok: true,
      written: false,
      dryRun: true,
      file: "dir/results.csv",
      district: { id: district, name: "Первомайский район" },
    });
    expect(result.newSchools).toHaveLength(6);
    expect(Object.keys(JSON.parse(JSON.stringify(result))).sort()).toEqual(
      ["district", "dryRun", "file", "kind", "newSchools", "ok", "problems", "replaces", "rows", "schools", "shape", "warnings", "written", "years"].sort(),
    );
    expect(await db.prisma.identificationData.count()).toBe(0);
    expect(await db.prisma.school.count({ where: { districtId: district } })).toBe(0);
  });

  it("import пишет, identify считает, lists отдаёт расчёт, methodology set делает новую версию", async () => {
    const progress: number[] = [];
    const imported = await cmd["import results"](ctx, { district, file: "results.csv", content: bytes(resultsCsv()), onProgress: (done: number) => progress.push(done) });
    expect(imported).toMatchObject({ ok: true, written: true });
    expect(progress.length).toBeGreaterThan(0);
    await cmd["import social"](ctx, { district, file: "social.csv", content: bytes(socialCsv()) });
    const run = await cmd.identify(ctx, { district, year: "2026" });
    expect(run).toMatchObject({ year: 2026, methodologyVersion: 1, district: { id: district } });
    const lists = await cmd.lists(ctx, { district, year: "2026" });
    expect(lists.run.runId).toBe(run.runId);
    expect(lists.run.schools).toHaveLength(6);

    const set = await cmd["methodology set"](ctx, { district, patch: patchFromSets(["shnor=seed000", "curator.minFlags=2"]) });
    expect(set).toMatchObject({ version: 2, stored: true });
    expect(set.methodology.shnor.rule).toBe("clusterWorst");
    expect(set.methodology.curator.minFlags).toBe(2);
    expect((await cmd["methodology show"](ctx, { district })).version).toBe(2);
    // The past run is the same.
    expect((await cmd.lists(ctx, { district, run: run.runId })).run).toEqual(lists.run);
  });

  it("ошибки — по-русски с именем опции; неверный год и неизвестный район", async () => {
    expect((await failure(cmd.identify(ctx, { district, year: "26" }))).message).toMatch(/--year/);
    const notYear = await failure(cmd.identify(ctx, { district, year: "abc" }));
    expect(notYear.message).toMatch(/^--year: год — целое число от 2000 до 2100$/);
    expect((await failure(cmd.identify(ctx, { district }))).message).toBe("--year: не указан год: например --year 2026");
    const badSet = await failure(cmd["methodology set"](ctx, { district, patch: { years: 9 } }));
    expect(badSet.message).toMatch(/^--set: Настройки методики не приняты:\nyears: не больше 5$/);
    const unknown = await failure(cmd.identify(ctx, { district: "Нет такого", year: "2026" }));
    expect(unknown.exitCode).toBe(1);
    const noRun = await failure(cmd.lists(ctx, { district, year: "2031" }));
    expect(noRun.kind).toBe("not_found");
    const badPatch = await failure(cmd["methodology set"](ctx, { district, patch: { normalisation: "log" } }));
    expect(badPatch.exitCode).toBe(2);
    expect(badPatch.message).toMatch(/normalisation/);
  });

  it("lists в XLSX и CSV: одна строка на школу, причины словами", async () => {
    const { run } = await cmd.lists(ctx, { district, year: "2026" });
    const csv = listsCsv(run);
    expect(csv.startsWith("\uFEFFКод ОО;Школа;")).toBe(true);
    expect(csv.trim().split("\r\n")).toHaveLength(1 + run.schools.length);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await listsXlsx(run, "Первомайский район")) as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(String(sheet.getCell("A1").value)).toMatch(/Первомайский район: выявление ШНОР и ШНСУ за 2026 год/);
    expect(sheet.getRow(2).getCell(1).value).toBe("Код ОО");
    expect(sheet.rowCount).toBe(2 + run.schools.length);
  });

  it("через admin bridge запущенного сервера: файл как base64, тот же результат", async () => {
    const bridge = await startBridge(db.prisma);
    try {
      const result = (await forwardCommand(bridge.owner, "import results", {
        district,
        file: "results.csv",
        content: Buffer.from(resultsCsv([2024])).toString("base64"),
        dryRun: true,
      })) as { ok: boolean; years: number[]; written: boolean };
      expect(result).toMatchObject({ ok: true, years: [2024], written: false });
      const shown = (await forwardCommand(bridge.owner, "methodology show", { district })) as { version: number };
      expect(shown.version).toBe(2);
    } finally {
      await bridge.close();
    }
  });

  it("файл с 600 ошибками: в заголовке и в «и ещё» — все 600, а не показанные 200", async () => {
    const lines = [HEADER];
    for (let index = 0; index < 300; index++) lines.push(`0${index + 10};СОШ;2026;ЕГЭ;11;Математика;-5;50;150;10`);
    const result = await cmd["import results"](ctx, { district, file: "many.csv", content: bytes(lines.join("\n")), dryRun: true });
    expect(result).toMatchObject({ ok: false, problemCount: 600 });
    const { lines: printed } = importLines(result);
    expect(printed[0]).toBe("Проверка без записи: many.csv — 600 проблем.");
    expect(printed).toContain("  … и ещё 550");
    expect(printed).toContain("  Строк прочитано: 300");
    expect(printed.join("\n")).not.toMatch(/школ: 0|годы: —/);
  });

  it("подсказка следующей команды называет район по имени, а не по id", async () => {
    const result = await cmd["import results"](ctx, { district, file: "r.csv", content: bytes(resultsCsv()), dryRun: false });
    expect(importLines(result).lines.at(-1)).toBe('Дальше — расчёт: npm run cli -- identify --district "Первомайский район" --year 2026');
    expect(shellQuote('Район "Северный" $1')).toBe('"Район \\"Северный\\" \\$1"');
  });

  it("школа без социальных данных названа в сводке расчёта и в столбце «Почему» списков", async () => {
    const north = (await createDistrict(db.prisma, { name: "Северный район", timezone: "Europe/Moscow" })).id;
    await cmd["import results"](ctx, { district: north, file: "r.csv", content: bytes(resultsCsv([2025, 2026], 4)) });
    await cmd["import social"](ctx, { district: north, file: "s.csv", content: bytes(socialCsv([2025, 2026], 3)) });
    const run = await cmd.identify(ctx, { district: north, year: "2026" });
    const reason = "Нет социальных данных школы за 2026 год и раньше: индекс социального благополучия не рассчитан.";
    expect(run.unclustered).toEqual([{ code: "04", name: "СОШ № 4", reason }]);
    expect(summaryLines(run).slice(-2)).toEqual(["Кластер не определён (1):", `  04 СОШ № 4 — ${reason}`]);
    const { run: view } = await cmd.lists(ctx, { district: north, year: "2026" });
    expect(listsCsv(view).split("\r\n").find((line) => line.startsWith("04;"))).toMatch(new RegExp(`;${reason}$`));
    // Every school has a «Почему»: a school on no list gets its cluster's reason.
    const rows = listsCsv(view).trim().split("\r\n").slice(1);
    expect(rows.every((line) => !line.endsWith(";"))).toBe(true);
    const unlisted = view.schools.find((school) => school.cluster !== null && !school.shnor && !school.shnsu)!;
    expect(rows.find((line) => line.startsWith(`${unlisted.schoolCode};`))).toMatch(/кластер «[а-я]+»/);
  });

  it("methodology show — словами, без JSON и английских имён значений", () => {
    const lines = methodologyLines(DEFAULT_IDENTIFICATION);
    expect(lines).toContain("ШНОР: среди 25 % слабейших школ своего кластера 2 года подряд, в кластерах «несправляющиеся» и «депривированные» (shnor=consecutive)");
    expect(lines).toContain("Нормировка: z-оценки по школам района (normalisation=zscore|minmax|rank)");
    expect(lines).toContain("  вес 1 — Средний балл ЕГЭ, русский язык (11 кл.)");
    const text = lines.join("\n");
    for (const english of ["clusterConsecutive", "parentsNoHigherEducation", "failing", "highShare", "{", "undefined", "NaN", "null"]) expect(text).not.toContain(english);
    expect(methodologyLines({ ...DEFAULT_IDENTIFICATION, shnor: SHNOR_PRESETS.seed004 })).toContain("ШНОР: индекс результатов в нижних 20 % школ района (shnor=seed004, семя 004)");
  });

  it("повторная загрузка списка сверху — о списке, а не о «школо-годах»", () => {
    const base = { shape: "шаблон", problems: [], warnings: [], rows: 2, schools: 2, years: [2026], newSchools: [], ok: true, written: false, dryRun: true, file: "список.xlsx", district: { id: "d", name: "Район" } };
    expect(importLines({ ...base, kind: "official-list", replaces: 1 }).lines).toContain("  Заменяется загруженный раньше список с теми же реквизитами");
    expect(importLines({ ...base, kind: "results", replaces: 3 }).lines).toContain("  Уже загружено раньше (пар «школа — год»): 3");
  });

  it("lists показывает список сверху рядом с расчётом: сколько совпало и каждое расхождение с причиной", async () => {
    const list = bytes("Код ОО;Название ОО\n01;СОШ № 1\n77;СОШ № 77");
    const imported = await cmd["import official-list"](ctx, { district, file: "список.csv", content: list, kind: "shnor", year: "2026", source: "Минобразования области", number: "12-р", date: "2026-02-10" });
    expect(imported).toMatchObject({ ok: true, written: true });
    const { run, official } = await cmd.lists(ctx, { district, year: "2026" });
    expect(official).toHaveLength(1);
    const [entry] = official;
    expect(entry!.onlyOfficial.map((item) => item.schoolCode)).toContain("77");
    const computed = run.schools.filter((school) => school.shnor).map((school) => school.schoolCode);
    expect([...entry!.both, ...entry!.onlyComputed].map((item) => item.schoolCode).sort()).toEqual(computed.sort());
    const lines = officialLines(entry!);
    expect(lines[1]).toMatch(/^Список ШНОР сверху \(Минобразования области, № 12-р от 10\.02\.2026\): в обоих списках — \d+, только в расчёте — \d+, только в списке сверху — \d+$/);
    expect(lines.some((line) => line.startsWith("  77 СОШ № 77 — Есть в списке"))).toBe(true);
  });

  it("список сверху: --kind ШНОР и --date 10.02.2026 — как пишет РУО; без реквизитов — подсказка с опциями", async () => {
    const list = bytes("Код ОО;Название ОО\n01;СОШ № 1");
    const checked = await cmd["import official-list"](ctx, { district, file: "список.csv", content: list, dryRun: true, kind: "ШНОР", year: "2026", source: "Минобразования области", number: "7", date: "10.02.2026" });
    expect(checked).toMatchObject({ ok: true, written: false });
    const bare = await cmd["import official-list"](ctx, { district, file: "список.csv", content: list, dryRun: true });
    expect(bare.ok).toBe(false);
    expect(importLines(bare).lines).toContain('Реквизиты можно указать и в команде: --kind ШНОР --year 2026 --source "Минобразования области" --number 123-р --date 10.02.2026');
    expect((await failure(cmd["import official-list"](ctx, { district, file: "s.csv", content: list, date: "10 февраля" }))).message).toBe("--date: дата документа — например 10.02.2026 или 2026-02-10");
  });

  it("--out в несуществующую папку — причина по-русски", () => {
    let error: unknown;
    try {
      fs.writeFileSync(path.join(dir, "нет-папки", "x.csv"), "");
    } catch (caught) {
      error = caught;
    }
    expect(writeFailure(error)).toBe("такой папки нет");
  });

  it("полоса прогресса: «\\r[#####     ] 52 %», перерисовка только при смене процента", () => {
    const written: string[] = [];
    const bar = progressBar((text) => written.push(text), true);
    bar(0, 200, "read");
    bar(1, 200, "read");
    bar(104, 200, "write");
    bar(104, 200, "write");
    bar(200, 200, "write");
    bar.end();
    expect(written).toEqual([
      "\r[                    ]   0 % чтение",
      "\r[##########          ]  52 % запись",
      "\r[####################] 100 % запись",
      "\n",
    ]);
  });

  it("без терминала (журнал, cron): строка на каждую четверть, без \\r-кадров", () => {
    const written: string[] = [];
    const bar = progressBar((text) => written.push(text), false);
    for (let done = 0; done <= 200; done += 10) bar(done, 200, done < 100 ? "read" : "write");
    bar.end();
    expect(written).toEqual(["чтение: 0 %\n", "чтение: 25 %\n", "запись: 50 %\n", "запись: 75 %\n", "запись: 100 %\n"]);
  });
});

// The CLI process runs on its own PGlite folder (DATABASE_URL removed): the PostgreSQL run has nothing to add.
describe.skipIf(onPostgres())("CLI как процесс", () => {
  it("коды выхода, --json только JSON в stdout, полоса прогресса в stderr, шаблон и списки в файлы", async () => {
    const work = fs.mkdtempSync(path.join(dir, "proc-"));
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: path.join(work, "db"), NO_COLOR: "1" };
    delete env.DATABASE_URL;
    const run = (...args: string[]) => spawnSync(process.execPath, [CLI_JS, ...args], { cwd: work, env, encoding: "utf8" });
    // The migrated template here rather than initdb in the first process.
    await seedDataDir(path.join(work, "db"));
    const prepared = await openDatabase({ dataDir: path.join(work, "db") });
    await migrate(prepared);
    await prepared.prisma.district.create({ data: { name: "Район" } });
    await prepared.close();
    fs.writeFileSync(path.join(work, "r.csv"), resultsCsv());
    fs.writeFileSync(path.join(work, "bad.csv"), resultsCsv().replace(";20;", ";двадцать;"));

    const missing = run("import", "results", "--district", "Район");
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/--file/);

    const dry = run("import", "results", "--district", "Район", "--file", "r.csv", "--dry-run", "--json");
    expect(dry.status).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ ok: true, dryRun: true, written: false, rows: 36 });

    const bad = run("import", "results", "--district", "Район", "--file", "bad.csv");
    expect(bad.status).toBe(2);
    expect(bad.stdout).toMatch(/ничего не записано/);
    expect(bad.stdout).toMatch(/[Сс]трока 2/);

    const imported = run("import", "results", "--district", "Район", "--file", "r.csv");
    expect(imported.status).toBe(0);
    expect(imported.stdout).toMatch(/Загружено в район «Район»/);
    // stderr of a child process is not a terminal: one plain line per quarter, no \r frames.
    expect(imported.stderr).toMatch(/запись: 100 %\n/);
    expect(imported.stderr).not.toMatch(/\r/);

    const template = run("import", "template", "social", "--out", "social.xlsx", "--json");
    expect(template.status).toBe(0);
    expect(JSON.parse(template.stdout)).toMatchObject({ kind: "social" });
    expect(fs.existsSync(path.join(work, "social.xlsx"))).toBe(true);

    const noRun = run("lists", "--district", "Район", "--year", "2026");
    expect(noRun.status).toBe(1);
  }, 120_000);
});
