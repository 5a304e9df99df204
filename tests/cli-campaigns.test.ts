// The CLI's campaigns of every instrument (#13): campaign open --instrument/--roles/--schools/--list/
// --remind-every, campaign rates, and the process printing the audience and the reminder cadence.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { giveConsent, redeemInvite } from "../core/services/onboarding.ts";
import type { Database } from "../prisma/db.ts";
import * as cli from "../cli/commands.ts";
import { cliContext, type CliContext } from "../cli/commands.ts";
import { onPostgres, openTestDatabase } from "./support/db.ts";
import { failure, newDistrict, operatorArgs, seedDataDir } from "./support/cli.ts";
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

async function join(districtId: string, schoolId: string, role: "teacher" | "head", userId: number) {
  const created = await cli.inviteCreate(ctx, { district: districtId, school: schoolId, role });
  const { person } = await redeemInvite(ctx, created.invites[0]!.code, { channel: "telegram", externalId: String(userId), chatId: String(userId) });
  await giveConsent(ctx, person.id);
  return person;
}

describe("campaign open любой анкеты", () => {
  it("карта самоанализа руководителям выбранных школ; охват campaign rates; отказы с именем опции", async () => {
    const district = await newDistrict(ctx, { name: "Район анкет", timezone: "Europe/Samara" });
    const a = await cli.schoolAdd(ctx, { district: district.id, name: "Школа А", code: "301" });
    const b = await cli.schoolAdd(ctx, { district: district.id, name: "Школа Б", code: "302" });
    await cli.schoolAdd(ctx, { district: district.id, name: "Школа В", code: "303" });
    const head = await join(district.id, a.id, "head", 3101);
    await join(district.id, b.id, "head", 3102);

    const opened = await cli.campaignOpen(ctx, { district: district.name, instrument: "school_card", schoolCodes: "301, 302", remindEvery: "5" });
    expect(opened).toMatchObject({
      instrument: { key: "school_card" },
      audience: { roles: ["head"], schoolIds: [a.id, b.id] },
      remindEveryDays: 5,
      anonymous: false,
    });
    await db.prisma.response.create({ data: { campaignId: opened.id, personId: head.id, completedAt: new Date() } });
    const rates = await cli.campaignRatesCommand(ctx, { campaign: opened.id });
    expect(rates.total.members).toEqual({ total: 2, completed: 1, unfinished: 1, notJoined: 0 });
    expect(rates.schools.map((row) => row.name)).toEqual(["Школа А", "Школа Б"]);

    const parents = await cli.campaignOpen(ctx, { district: district.id, instrument: "parent_survey" });
    expect(parents).toMatchObject({ anonymous: true, audience: { roles: ["parent"], schoolIds: null }, remindEveryDays: 3 });
    expect((await cli.campaignList(ctx, { district: district.id })).campaigns.map((row) => row.instrumentKey)).toEqual(
      expect.arrayContaining(["school_card", "parent_survey"]),
    );

    expect((await failure(cli.campaignOpen(ctx, { district: district.id, instrument: "parent_survey", roles: "parent,teacher" }))).message).toMatch(
      /^--roles: Нельзя в одной кампании/,
    );
    expect((await failure(cli.campaignOpen(ctx, { district: district.id, roles: "boss" }))).message).toContain("--roles: роли через запятую");
    expect((await failure(cli.campaignOpen(ctx, { district: district.id, schoolCodes: "301", list: "shnor" }))).message).toContain(
      "школы задаются одним способом",
    );
    expect((await failure(cli.campaignOpen(ctx, { district: district.id, schoolCodes: "999" }))).message).toBe("--school-codes: Школа «999» в этом районе не найдена");
    expect((await failure(cli.campaignOpen(ctx, { district: district.id, list: "shnsu" }))).message).toMatch(/^--list: Расчётов выявления ещё нет/);
    expect((await failure(cli.campaignOpen(ctx, { district: district.id, remindEvery: "31" }))).exitCode).toBe(2);
    expect((await failure(cli.campaignOpen(ctx, { district: district.id, instrument: "nothing_here" }))).message).toMatch(/^--instrument: Анкеты «nothing_here» нет/);
  });
});

// The CLI process runs on its own PGlite folder (DATABASE_URL removed): the PostgreSQL run has nothing to add.
describe.skipIf(onPostgres())("CLI как процесс: campaign open --instrument", () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "shnor-cli-campaigns-"));
    await seedDataDir(path.join(dataDir, "db"));
  });
  afterAll(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("печатает, кого спрашивают, и что родителям бот не пишет", () => {
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: path.join(dataDir, "db"), NO_COLOR: "1" };
    delete env.DATABASE_URL;
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [CLI_JS, ...args], { cwd: dataDir, env, encoding: "utf8" });
    expect(run("district", "create", "--name", "Район процесса").status).toBe(0);
    expect(run(...operatorArgs("Район процесса")).status).toBe(0);
    expect(run("school", "add", "--district", "Район процесса", "--name", "Школа П", "--code", "401").status).toBe(0);
    const opened = run("campaign", "open", "--district", "Район процесса", "--instrument", "student_survey", "--school-codes", "401", "--days", "14");
    expect(opened.stderr).toBe("");
    expect(opened.status).toBe(0);
    expect(opened.stdout).toContain("Кого спрашиваем: обучающиеся; 1 школа");
    expect(opened.stdout).toContain("бот им не пишет и не напоминает");
    // campaign rates is covered in-process above (a process per command costs seconds).
  }, 600_000);
});
