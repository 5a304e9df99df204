// `summary export`: the district summary as XLSX from the CLI, with the same released figures as the
// Mini App (one core function, one stored release).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as cli from "../cli/commands.ts";
import { cliContext } from "../cli/commands.ts";
import { teacherDiagnosticV1 } from "../core/instruments/teacher-diagnostic.ts";
import { DEFAULT_METHODOLOGY } from "../core/methodology/settings.ts";
import { districtSummaryUnchecked } from "../core/services/aggregates.ts";
import type { Database } from "../prisma/db.ts";
import { openDatabase } from "../prisma/db.ts";
import { migrate } from "../prisma/migrate.ts";
import { onPostgres, openTestDatabase } from "./support/db.ts";
import { makeDistrict } from "./support/district.ts";
import { failure, seedDataDir } from "./support/cli.ts";
import { CLI_JS } from "./support/built.ts";

let db: Database;
let district: Awaited<ReturnType<typeof makeDistrict>>;

beforeAll(async () => {
  db = await openTestDatabase();
  district = await makeDistrict(db, { schools: 1 });
  const school = district.schools[0]!.id;
  for (let index = 0; index < 6; index++) {
    const person = await db.prisma.person.create({
      data: { displayName: `Учитель ${index}`, consentAt: new Date(), memberships: { create: { role: "teacher", districtId: district.district.id, schoolId: school } } },
    });
    await db.prisma.response.create({
      data: {
        campaignId: district.campaign.id,
        personId: person.id,
        completedAt: new Date(),
        answers: { create: teacherDiagnosticV1.questions.map((question) => ({ questionId: question.id, value: 1 + (index % 4) })) },
      },
    });
  }
});
afterAll(async () => {
  await db?.close();
});

describe("summary export", () => {
  it("те же опубликованные цифры, что у Mini App", async () => {
    const ctx = cliContext(db.prisma, { settings: DEFAULT_METHODOLOGY });
    const result = await cli.summaryExport(ctx, { district: district.district.name });
    expect(result.district.id).toBe(district.district.id);
    const again = await districtSummaryUnchecked({ ...ctx, settings: DEFAULT_METHODOLOGY }, district.district.id);
    expect(result.summary).toEqual(again);
    expect(result.summary.schools[0]!.respondents).toBe(6);
    expect(result.summary.district!.areas.every((area) => !area.cell.hidden)).toBe(true);
  });

  it("без района — ошибка по-русски с именем опции", async () => {
    const error = await failure(cli.summaryExport(cliContext(db.prisma), {}));
    expect(error.message).toMatch(/--district/);
  });
});

// The CLI process runs on its own PGlite folder (DATABASE_URL removed): the PostgreSQL run has nothing to add.
describe.skipIf(onPostgres())("CLI как процесс: summary export", () => {
  it("пишет .xlsx; без --out — подсказка", async () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "shnor-summary-cli-"));
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: path.join(work, "db"), NO_COLOR: "1" };
    delete env.DATABASE_URL;
    const run = (...args: string[]) => spawnSync(process.execPath, [CLI_JS, ...args], { cwd: work, env, encoding: "utf8" });
    try {
      const missing = run("summary", "export", "--district", "Район");
      expect(missing.status).toBe(2);
      expect(missing.stderr).toMatch(/--out/);
      // The data folder is prepared here (from the migrated template), so only the export runs as a process.
      await seedDataDir(path.join(work, "db"));
      const prepared = await openDatabase({ dataDir: path.join(work, "db") });
      await migrate(prepared);
      await prepared.prisma.district.create({ data: { name: "Район" } });
      await prepared.close();
      const exported = run("summary", "export", "--district", "Район", "--out", "svodka.xlsx");
      expect(exported.stderr).toBe("");
      expect(exported.stdout).toMatch(/Сводка сохранена: .*svodka\.xlsx/);
      const book = new ExcelJS.Workbook();
      await book.xlsx.readFile(path.join(work, "svodka.xlsx"));
      expect(String(book.getWorksheet("Район")!.getCell("A1").value)).toMatch(/ещё не было диагностики/);
      expect(book.getWorksheet("Что показано")).toBeTruthy();
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  }, 60_000);
});
