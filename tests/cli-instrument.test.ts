// The questionnaire is the district's (DOMAIN.md §11c) also on an installation that serves a region:
// a version one district loads and approves is its own, and every other district keeps the built-in
// "draft, version 1" (or its own versions). Version numbers never repeat within what a district sees.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Instrument } from "../core/instruments/schema.ts";
import { TEACHER_DIAGNOSTIC_KEY, teacherDiagnosticV1, teacherDiagnosticV2 } from "../core/instruments/teacher-diagnostic.ts";
import * as cli from "../cli/commands.ts";
import { CliError, cliContext, type CliContext } from "../cli/commands.ts";
import { ensureInstrument, listInstruments, openCampaign, pickInstrument } from "../prisma/admin.ts";
import type { Database } from "../prisma/db.ts";
import { onPostgres, openTestDatabase } from "./support/db.ts";
import { failure, seedDataDir } from "./support/cli.ts";
import { CLI_JS } from "./support/built.ts";

let db: Database;
let ctx: CliContext;
beforeAll(async () => {
  db = await openTestDatabase();
  ctx = cliContext(db.prisma);
});
afterAll(async () => {
  await db?.close();
});

/** The teacher diagnostic's rows of a list (the list shows every instrument). */
const teacherRows = <T extends { key: string }>(rows: T[]) => rows.filter((row) => row.key === TEACHER_DIAGNOSTIC_KEY);

/** What a district's methodologist does with the exported JSON: one more question, a new number. */
function edited(base: Instrument, version: number, extra: { id: string; text: string }[]): Instrument {
  const copy = JSON.parse(JSON.stringify(base)) as Instrument;
  copy.version = version;
  copy.title = `Диагностика профессиональных дефицитов педагога, версия ${version}`;
  copy.intro = copy.intro.replace(/\d+ коротких вопросов/, `${copy.questions.length + extra.length} коротких вопросов`);
  for (const question of extra) copy.questions.push({ id: question.id, areaId: "fgos", text: question.text, reverse: false });
  return copy;
}

describe("instrument: версии анкеты принадлежат району", () => {
  it("версия 3 района А не меняет анкету района Б; Б загружает свою версию 3 без столкновения", async () => {
    const a = await cli.districtCreate(ctx, { name: "Район А", timezone: "Asia/Yekaterinburg" });
    const b = await cli.districtCreate(ctx, { name: "Район Б" });

    // District A edits the newest built-in draft (version 2) and approves it as its version 3.
    const exported = await cli.instrumentExport(ctx, { district: a.id });
    expect(exported).toMatchObject({ version: 2, builtIn: true, status: "draft", nextVersion: 3, questions: 33 });
    const aV3 = edited(exported.definition, 3, [{ id: "fgos_4", text: "Я знаю требования ФОП к содержанию своего предмета." }]);
    const importedA = await cli.instrumentImport(ctx, { district: a.name, definition: aV3, approve: true });
    expect(importedA).toMatchObject({ version: 3, status: "approved", builtIn: false, questions: 34, default: true, warnings: [], previousVersions: [1, 2] });

    // District B sees only the built-in versions 1 and 2, and its campaign runs version 1 (the default).
    const listB = await cli.instrumentList(ctx, { district: b.id });
    expect(teacherRows(listB.instruments).map((row) => [row.version, row.builtIn, row.status, row.default])).toEqual([
      [2, true, "draft", false],
      [1, true, "draft", true],
    ]);
    const campaignB = await cli.campaignOpen(ctx, { district: b.id });
    expect(campaignB.instrument).toMatchObject({ version: 1, status: "draft", builtIn: true });
    expect((await ctx.repo.findOpenCampaign(b.id, TEACHER_DIAGNOSTIC_KEY, new Date()))!.instrument.questions).toHaveLength(24);
    // A's version cannot be asked for by number, nor exported, from district B.
    expect((await failure(cli.campaignOpen(ctx, { district: b.id, from: "2099-01-01", instrumentVersion: "3" }))).message).toBe(
      "--instrument-version: версии 3 нет; сохранены: 1, 2 (см. instrument list --district …)",
    );
    const exportB = await failure(cli.instrumentExport(ctx, { district: b.id, version: "3" }));
    expect(exportB.exitCode).toBe(1);
    expect(exportB.message).toBe("--version: версии 3 нет; сохранены: 1, 2");
    expect(await cli.instrumentExport(ctx, { district: b.id })).toMatchObject({ version: 2, builtIn: true, nextVersion: 3 });

    // District A's campaign runs its version 3.
    const campaignA = await cli.campaignOpen(ctx, { district: a.id });
    expect(campaignA.instrument).toMatchObject({ version: 3, status: "approved", builtIn: false });
    const openA = await ctx.repo.findOpenCampaign(a.id, TEACHER_DIAGNOSTIC_KEY, new Date());
    expect(openA!.id).toBe(campaignA.id);
    expect(openA!.instrument.questions.map((question) => question.id)).toContain("fgos_4");
    const listA = await cli.instrumentList(ctx, { district: a.id });
    expect(teacherRows(listA.instruments).map((row) => [row.version, row.builtIn, row.default, row.campaigns])).toEqual([
      [3, false, true, 1],
      [2, true, false, 0],
      [1, true, false, 0], // B's campaign on the shared version 1 is not counted for A
    ]);

    // District B loads its own version 3: the same number, no collision, A unchanged.
    const bV3 = edited(teacherDiagnosticV2, 3, [
      { id: "fgos_4", text: "Я умею работать с федеральной рабочей программой." },
      { id: "fgos_5", text: "Я знаю, как оценивать метапредметные результаты." },
    ]);
    const importedB = await cli.instrumentImport(ctx, { district: b.id, definition: bV3, approve: true });
    expect(importedB).toMatchObject({ version: 3, builtIn: false, questions: 35, default: true, previousVersions: [1, 2] });
    expect(importedB.id).not.toBe(importedA.id);
    const laterB = await cli.campaignOpen(ctx, { district: b.id, from: "2099-03-01" });
    expect(laterB.instrument).toMatchObject({ version: 3, builtIn: false });
    expect((await cli.instrumentExport(ctx, { district: b.id, version: "3" })).definition.questions).toHaveLength(35);
    expect((await cli.instrumentExport(ctx, { district: a.id, version: "3" })).definition.questions).toHaveLength(34);
    const laterA = await cli.campaignOpen(ctx, { district: a.id, from: "2099-03-01" });
    expect(laterA.instrument).toMatchObject({ version: 3, builtIn: false });
    const campaigns = await db.prisma.campaign.findMany({ where: { id: { in: [laterA.id, laterB.id] } }, select: { id: true, instrumentId: true } });
    expect(Object.fromEntries(campaigns.map((row) => [row.id, row.instrumentId]))).toEqual({ [laterA.id]: importedA.id, [laterB.id]: importedB.id });
    // The built-in version stays one shared row, on request still.
    expect((await cli.campaignOpen(ctx, { district: b.id, from: "2099-06-01", instrumentVersion: "1" })).instrument).toMatchObject({ version: 1, builtIn: true });
    expect(await db.prisma.instrument.count({ where: { key: TEACHER_DIAGNOSTIC_KEY, version: 1 } })).toBe(1);
    expect(await db.prisma.instrument.count({ where: { key: TEACHER_DIAGNOSTIC_KEY, version: 2, scope: "" } })).toBe(1);

    // A district created later still starts from the built-in draft version 1, and may pick version 2.
    const c = await cli.districtCreate(ctx, { name: "Район В" });
    expect(teacherRows((await cli.instrumentList(ctx, { district: c.id })).instruments).map((row) => [row.version, row.builtIn])).toEqual([
      [2, true],
      [1, true],
    ]);
    expect((await cli.campaignOpen(ctx, { district: c.id })).instrument).toMatchObject({ version: 1, builtIn: true });
    const onV2 = await cli.campaignOpen(ctx, { district: c.id, from: "2099-06-01", instrumentVersion: "2" });
    expect(onV2.instrument).toMatchObject({ version: 2, builtIn: true, status: "draft" });
    const storedV2 = await db.prisma.campaign.findUniqueOrThrow({ where: { id: onV2.id }, include: { instrument: true } });
    expect((storedV2.instrument.definition as unknown as Instrument).questions).toHaveLength(33);
  });

  it("номер не больше видимых району отклоняется по-русски, с подсказкой следующего номера", async () => {
    const district = (await cli.districtCreate(ctx, { name: "Район с номерами" })).id;
    const other = (await cli.districtCreate(ctx, { name: "Соседний район" })).id;
    const base = (await cli.instrumentExport(ctx, { district })).definition;

    // Versions 1 and 2 are the built-in ones, which the district sees as well.
    const one = await failure(cli.instrumentImport(ctx, { district, definition: base }));
    expect(one.exitCode).toBe(2);
    expect(one.message).toBe(
      'Анкета не загружена: проблем 1.\nversion: версия 2 уже есть (сохранены: 1, 2); новой версии нужен номер больше — поставьте "version": 3',
    );

    // A neighbour's high numbers do not count; the district's own do.
    await cli.instrumentImport(ctx, { district: other, definition: edited(base, 9, [{ id: "fgos_4", text: "Вопрос соседей." }]) });
    await cli.instrumentImport(ctx, { district, definition: edited(base, 5, [{ id: "fgos_4", text: "Вопрос района." }]) });
    const lower = await failure(cli.instrumentImport(ctx, { district, definition: edited(base, 3, []) }));
    expect(lower.message).toContain('version: версия 3 меньше сохранённых (сохранены: 1, 2, 5); новой версии нужен номер больше — поставьте "version": 6');
    const same = await failure(cli.instrumentImport(ctx, { district, definition: edited(base, 5, []) }));
    expect(same.message).toContain('version: версия 5 уже есть (сохранены: 1, 2, 5); новой версии нужен номер больше — поставьте "version": 6');
    expect((await cli.instrumentExport(ctx, { district })).nextVersion).toBe(6);
    expect((await cli.instrumentExport(ctx, { district: other })).nextVersion).toBe(10);
    expect(teacherRows((await cli.instrumentList(ctx, { district })).instruments).map((row) => row.version)).toEqual([5, 2, 1]);

    // Every built-in key is the district's too; an unknown key names the keys.
    const unknownKey = await failure(cli.instrumentExport(ctx, { district, key: "parents" }));
    expect(unknownKey.exitCode).toBe(2);
    expect(unknownKey.message).toBe("--key: анкеты «parents» нет; ключи анкет: teacher_deficits, parent_survey, student_survey, school_card, visit_report, mentoring_feedback");
    const card = await cli.instrumentExport(ctx, { district, key: "school_card" });
    expect(card).toMatchObject({ key: "school_card", version: 1, builtIn: true, nextVersion: 2 });
    const ownCard = await cli.instrumentImport(ctx, { district, definition: { ...card.definition, version: 2 }, approve: true });
    expect(ownCard).toMatchObject({ key: "school_card", version: 2, builtIn: false, default: true, previousVersions: [1] });
    expect((await cli.instrumentList(ctx, { district, key: "school_card" })).instruments.map((row) => [row.key, row.version, row.default])).toEqual([
      ["school_card", 2, true],
      ["school_card", 1, false],
    ]);
    expect((await cli.campaignOpen(ctx, { district, instrument: "school_card", from: "2099-01-01" })).instrument).toMatchObject({ version: 2, builtIn: false });
    // The teacher diagnostic's numbers are its own: the card's version 2 does not count for it.
    expect((await cli.instrumentExport(ctx, { district })).nextVersion).toBe(6);

    // The district is required, and must exist.
    expect((await failure(cli.instrumentImport(ctx, { definition: base }))).message).toMatch(/^--district: /);
    expect((await failure(cli.instrumentList(ctx, {}))).message).toMatch(/^--district: /);
    expect((await failure(cli.instrumentExport(ctx, {}))).message).toMatch(/^--district: /);
    expect((await failure(cli.instrumentList(ctx, { district: "Нет такого района" }))).exitCode).toBe(1);
  });

  it("pickInstrument: утверждённая районная, иначе утверждённая общая, иначе черновик района, иначе общий черновик", async () => {
    // A key of its own, so the built-in teacher diagnostic is left alone.
    const key = "pick_order_test";
    const version = (number: number, status: Instrument["status"]): Instrument => ({ ...teacherDiagnosticV1, key, version: number, status });
    const district = (await cli.districtCreate(ctx, { name: "Район выбора версии" })).id;
    const neighbour = (await cli.districtCreate(ctx, { name: "Район-сосед выбора" })).id;
    const picked = async (at = district, number?: number) => {
      const row = await pickInstrument(db.prisma, key, at, number);
      return row && [row.version, row.scope === "" ? "общая" : row.scope === district ? "своя" : "чужая", row.status];
    };

    expect(await picked()).toBeNull();
    await ensureInstrument(db.prisma, version(1, "draft"));
    expect(await picked()).toEqual([1, "общая", "draft"]);
    await ensureInstrument(db.prisma, version(2, "draft"), district);
    expect(await picked()).toEqual([2, "своя", "draft"]);
    await ensureInstrument(db.prisma, version(3, "approved"), neighbour);
    expect(await picked()).toEqual([2, "своя", "draft"]);
    await ensureInstrument(db.prisma, version(4, "approved"));
    expect(await picked()).toEqual([4, "общая", "approved"]);
    await ensureInstrument(db.prisma, version(5, "approved"), district);
    await ensureInstrument(db.prisma, version(6, "draft"), district);
    expect(await picked()).toEqual([5, "своя", "approved"]);
    expect(await picked(neighbour)).toEqual([3, "чужая", "approved"]);

    // By number: the district's own first, else the built-in one; never a neighbour's.
    expect(await picked(district, 4)).toEqual([4, "общая", "approved"]);
    expect(await picked(district, 6)).toEqual([6, "своя", "draft"]);
    expect(await picked(district, 3)).toBeNull();
    await ensureInstrument(db.prisma, version(4, "draft"), neighbour); // not allowed by the CLI; the rule still holds
    expect(await picked(neighbour, 4)).toEqual([4, "чужая", "draft"]);

    const listed = await listInstruments(db.prisma, key, district);
    expect(listed.map((row) => [row.version, row.builtIn])).toEqual([
      [6, false],
      [5, false],
      [4, true],
      [2, false],
      [1, true],
    ]);
    expect((await listInstruments(db.prisma, key)).map((row) => row.version)).toEqual([4, 1]);

    // openCampaign without an instrument runs the district's pick.
    const campaign = await openCampaign(db.prisma, { districtId: district, title: "т", opensAt: new Date(), closesAt: new Date() });
    const stored = await db.prisma.instrument.findUniqueOrThrow({ where: { id: campaign.instrumentId } });
    expect([stored.key, stored.version, stored.scope]).toEqual([TEACHER_DIAGNOSTIC_KEY, 1, ""]);
  });
});

describe("миграция 20261124030000_instrument_scope", () => {
  const sql = fs.readFileSync(path.resolve("prisma/migrations/20261124030000_instrument_scope/migration.sql"), "utf8");

  /** The Instrument table as it was before the migration, with rows in it. */
  async function before(districts: number) {
    const old = await openTestDatabase();
    await old.exec(
      `DROP INDEX "Instrument_key_scope_version_key"; ALTER TABLE "Instrument" DROP COLUMN "scope";` +
        `CREATE UNIQUE INDEX "Instrument_key_version_key" ON "Instrument"("key", "version");`,
    );
    for (let index = 1; index <= districts; index++) {
      await old.exec(`INSERT INTO "District" (id, name, timezone) VALUES ('d${index}', 'Район ${index}', 'Europe/Moscow')`);
    }
    for (const [id, version, status] of [["i1", 1, "draft"], ["i2", 2, "approved"]] as const) {
      await old.query(`INSERT INTO "Instrument" (id, key, version, title, status, definition) VALUES ($1, $2, $3, 'т', $4, '{}')`, [
        id,
        TEACHER_DIAGNOSTIC_KEY,
        version,
        status,
      ]);
    }
    await old.exec(sql);
    const rows = await old.query<{ id: string; scope: string }>(`SELECT id, scope FROM "Instrument" ORDER BY id`);
    await old.close();
    return Object.fromEntries(rows.map((row) => [row.id, row.scope]));
  }

  it("существующие версии становятся общими; при одном районе версии после первой — его", async () => {
    expect(await before(2)).toEqual({ i1: "", i2: "" });
    expect(await before(1)).toEqual({ i1: "", i2: "d1" });
    expect(await before(0)).toEqual({ i1: "", i2: "" });
  });
});

// The CLI process runs on its own PGlite folder (DATABASE_URL removed): the PostgreSQL run has nothing to add.
describe.skipIf(onPostgres())("CLI как процесс: instrument … --district", () => {
  it("экспорт, импорт в район А; список района Б его не показывает", async () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "shnor-instrument-cli-"));
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: path.join(work, "db"), NO_COLOR: "1" };
    delete env.DATABASE_URL;
    const run = (...args: string[]) => spawnSync(process.execPath, [CLI_JS, ...args], { cwd: work, env, encoding: "utf8" });
    await seedDataDir(path.join(work, "db"));
    try {
      expect(run("district", "create", "--name", "Район А").status).toBe(0);
      expect(run("district", "create", "--name", "Район Б").status).toBe(0);
      const exported = run("instrument", "export", "--district", "Район А", "--out", "a.json");
      expect(exported.stderr).toBe("");
      expect(exported.stdout).toContain("версия 2 (общая, черновик)");
      expect(exported.stdout).toMatch(/instrument import --district \S+ --file .*a\.json \[--approve\]/);
      const definition = JSON.parse(fs.readFileSync(path.join(work, "a.json"), "utf8")) as Instrument;
      fs.writeFileSync(path.join(work, "a.json"), JSON.stringify(edited(definition, 3, [{ id: "fgos_4", text: "Новый вопрос района А." }])));

      const imported = run("instrument", "import", "--district", "Район А", "--file", "a.json", "--approve");
      expect(imported.stderr).toBe("");
      expect(imported.status).toBe(0);
      expect(imported.stdout).toContain("Анкета загружена как версия района «Район А»: версия 3 (утверждена)");

      const listB = run("instrument", "list", "--district", "Район Б", "--json");
      expect(listB.stderr).toBe("");
      const rows = (JSON.parse(listB.stdout) as { instruments: Array<{ key: string; version: number; builtIn: boolean }> }).instruments;
      expect(teacherRows(rows).map((row) => [row.version, row.builtIn])).toEqual([
        [2, true],
        [1, true],
      ]);
      expect(new Set(rows.map((row) => row.key))).toEqual(new Set(["teacher_deficits", "parent_survey", "student_survey", "school_card", "visit_report", "mentoring_feedback"]));
      const listA = run("instrument", "list", "--district", "Район А");
      expect(listA.stdout).toMatch(/3\s+своя района\s+утверждена/);
      expect(listA.stdout).toContain("версия 2 диагностики педагогов содержит вопросы, нужные профилю рисков школы (параметры 6.1, 7.2, 8.2, 9.2)");

      // Other keys (--key parent_survey …) go through the same commands: covered in-process above, which is
      // much cheaper than a process per command.

      const noDistrict = run("instrument", "list");
      expect(noDistrict.status).toBe(2);
      expect(noDistrict.stderr).toContain("--district");
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  }, 120_000);
});
