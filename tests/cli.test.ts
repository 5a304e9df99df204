// The admin CLI (cli/commands.ts) against a real database, the demo district generator, and the
// CLI as a process (help, JSON output).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_METHODOLOGY } from "../core/methodology/settings.ts";
import { answerDiagnostic } from "../core/services/diagnostic.ts";
import { giveConsent, redeemInvite } from "../core/services/onboarding.ts";
import { teacherDiagnosticV1 } from "../core/instruments/teacher-diagnostic.ts";
import type { Database } from "../prisma/db.ts";
import * as cli from "../cli/commands.ts";
import { CliError, cliContext, type CliContext } from "../cli/commands.ts";
import { demoSignIn, generateDemoDistrict } from "../cli/demo-data.ts";
import { openTestDatabase } from "./support/db.ts";

let db: Database;
let ctx: CliContext;
beforeAll(async () => {
  db = await openTestDatabase();
  ctx = cliContext(db.prisma);
});
afterAll(async () => {
  await db?.close();
});

/** The CliError a call fails with (the test fails if it succeeds). */
async function failure(call: Promise<unknown>): Promise<CliError> {
  const error = await call.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(CliError);
  return error as CliError;
}

async function districtWithSchool(name: string) {
  const district = await cli.districtCreate(ctx, { name, timezone: "Asia/Yekaterinburg" });
  const school = await cli.schoolAdd(ctx, { district: name, name: "МБОУ «Сосновская СОШ»", code: "560311" });
  return { district, school };
}

/** A person who joined by a fresh invite in Telegram and gave consent. */
async function join(districtId: string, schoolId: string, role: "teacher" | "head", userId: number) {
  const created = await cli.inviteCreate(ctx, { district: districtId, school: schoolId, role });
  const { person } = await redeemInvite(ctx, created.invites[0]!.code, {
    channel: "telegram",
    externalId: String(userId),
    chatId: String(userId),
    firstName: `Педагог ${userId}`,
  });
  await giveConsent(ctx, person.id);
  return person;
}

describe("district и school", () => {
  it("создаёт район и школу, находит район по названию, показывает школы", async () => {
    const { district, school } = await districtWithSchool("Сосновский район");
    expect(district).toMatchObject({ name: "Сосновский район", timezone: "Asia/Yekaterinburg" });
    expect(school).toMatchObject({ name: "МБОУ «Сосновская СОШ»", code: "560311", district: { id: district.id } });
    const listed = await cli.schoolList(ctx, { district: district.id });
    expect(listed.schools).toEqual([{ id: school.id, name: school.name, code: "560311", teachers: 0, heads: 0 }]);
    const districts = await cli.districtList(ctx);
    expect(districts.find((row) => row.id === district.id)).toMatchObject({ schools: 1, activeMembers: 0 });
  });

  it("приводит часовой пояс к каноническому виду и отвергает неизвестный — по-русски, с именем параметра", async () => {
    expect((await cli.districtCreate(ctx, { name: "Район с поясом", timezone: "europe/samara" })).timezone).toBe("Europe/Samara");
    const error = await failure(cli.districtCreate(ctx, { name: "Марсианский район", timezone: "Mars/Olympus" }));
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatch(/^--timezone: неизвестный часовой пояс «Mars\/Olympus»/);
  });

  it("не создаёт второй район с тем же названием и не находит несуществующий", async () => {
    await cli.districtCreate(ctx, { name: "Дубль" });
    expect((await failure(cli.districtCreate(ctx, { name: "Дубль" }))).message).toContain("--name: район «Дубль» уже есть");
    const missing = await failure(cli.schoolList(ctx, { district: "Нет такого района" }));
    expect(missing.exitCode).toBe(1);
    expect(missing.message).toContain("Район «Нет такого района» не найден");
    expect((await failure(cli.schoolAdd(ctx, { district: "Дубль" }))).message).toContain("--name: не указан");
  });
});

describe("invite", () => {
  it("создаёт 30 личных приглашений учителей одной командой, со ссылками t.me и сроком по времени района", async () => {
    const { district, school } = await districtWithSchool("Район приглашений");
    const result = await cli.inviteCreate(ctx, {
      district: district.id,
      school: "560311",
      role: "teacher",
      count: "30",
      days: "14",
      bot: "@shnor_demo_bot",
    });
    expect(result.invites).toHaveLength(30);
    expect(new Set(result.invites.map((invite) => invite.code)).size).toBe(30);
    const first = result.invites[0]!;
    expect(first.link).toBe(`https://t.me/shnor_demo_bot?start=${first.code}`);
    expect(first.maxUses).toBe(1);
    expect(first.expiresAt.getTime() - Date.now()).toBeGreaterThan(13.9 * 86_400_000);
    expect(first.expiresLocal).toMatch(/^\d{1,2} [а-я]+ \d{4} г\. в \d{2}:\d{2}$/);
    const listed = await cli.inviteList(ctx, { district: district.id, school: school.id });
    expect(listed.invites).toHaveLength(30);
    expect(listed.invites.every((invite) => invite.status === "active" && invite.uses === 0)).toBe(true);
  });

  it("без имени бота выдаёт только коды; первый администратор района — приглашение без школы", async () => {
    const { district } = await districtWithSchool("Район первого администратора");
    const result = await cli.inviteCreate(ctx, { district: district.id, role: "district" });
    expect(result.school).toBeNull();
    expect(result.botUsername).toBeNull();
    expect(result.invites[0]!.link).toBeNull();
    expect((await failure(cli.inviteCreate(ctx, { district: district.id, role: "district", school: "560311" }))).message).toContain(
      "--school: роль district относится ко всему району",
    );
    expect((await failure(cli.inviteCreate(ctx, { district: district.id, role: "teacher" }))).message).toContain(
      "--school: для роли teacher (учитель) нужна школа",
    );
  });

  it("отвергает неизвестную роль и неверные числа по-русски, называя параметры", async () => {
    const { district } = await districtWithSchool("Район проверок");
    const error = await failure(cli.inviteCreate(ctx, { district: district.id, school: "560311", role: "director", uses: "0", days: "три" }));
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain("--role: неизвестная роль «director»; допустимо: district (сотрудник РУО), head (руководитель школы)");
    expect(error.message).toContain("--uses: должно быть не меньше 1");
    expect(error.message).toContain("--days: должно быть целым числом от 1 до 366");
    expect((await failure(cli.inviteCreate(ctx, { district: district.id, school: "560311", role: "teacher", bot: "x y" }))).message).toMatch(
      /^--bot: имя бота/,
    );
    // Validation alone, before any database work (the shell calls it before opening the database).
    expect(() => cli.inviteCreate.validate({ district: "x", role: "boss" })).toThrow(/--role: неизвестная роль/);
  });

  it("отзывает приглашение (код можно ввести строчными и с дефисом), повторный отзыв не ошибка", async () => {
    const { district } = await districtWithSchool("Район отзыва");
    const code = (await cli.inviteCreate(ctx, { district: district.id, school: "560311", role: "parent" })).invites[0]!.code;
    const typed = `${code.slice(0, 5)}-${code.slice(5)}`.toLowerCase();
    expect(await cli.inviteRevoke(ctx, { code: typed })).toMatchObject({ code, alreadyRevoked: false });
    expect(await cli.inviteRevoke(ctx, { code })).toMatchObject({ code, alreadyRevoked: true });
    const listed = await cli.inviteList(ctx, { district: district.id });
    expect(listed.invites.find((invite) => invite.code === code)).toMatchObject({ status: "invite_revoked", maxUses: 500 });
    await expect(redeemInvite(ctx, code, { channel: "telegram", externalId: "990" })).rejects.toMatchObject({ code: "invite_revoked" });
    expect((await failure(cli.inviteRevoke(ctx, { code: "ABCDEFGHJK" }))).exitCode).toBe(1);
    expect((await failure(cli.inviteRevoke(ctx, { code: "не код" }))).exitCode).toBe(2);
  });
});

describe("member", () => {
  it("показывает участников без ответов и отключает уволившегося", async () => {
    const { district, school } = await districtWithSchool("Район участников");
    await join(district.id, school.id, "head", 1001);
    const teacher = await join(district.id, school.id, "teacher", 1002);
    const all = await cli.memberList(ctx, { district: district.id });
    expect(all.members).toHaveLength(2);
    const row = all.members.find((member) => member.personId === teacher.id)!;
    expect(row).toEqual({
      membershipId: expect.any(String),
      personId: teacher.id,
      name: "Педагог 1002",
      role: "teacher",
      school: "МБОУ «Сосновская СОШ»",
      active: true,
      consent: true,
      channels: ["telegram"],
    });
    expect((await cli.memberList(ctx, { district: district.id, role: "head" })).members).toHaveLength(1);
    expect((await failure(cli.memberList(ctx, { district: district.id, role: "завуч" }))).message).toContain("--role: неизвестная роль");

    const left = await cli.memberDeactivate(ctx, { membership: row.membershipId });
    expect(left).toMatchObject({ alreadyInactive: false, role: "teacher", endedAt: expect.any(Date) });
    expect(await cli.memberDeactivate(ctx, { membership: row.membershipId })).toMatchObject({ alreadyInactive: true });
    expect((await cli.memberList(ctx, { district: district.id, role: "teacher" })).members[0]!.active).toBe(false);
    expect((await ctx.repo.getPerson(teacher.id))!.memberships.every((membership) => !membership.active)).toBe(true);
    expect((await failure(cli.memberDeactivate(ctx, { membership: "nope" }))).exitCode).toBe(1);
  });
});

describe("campaign", () => {
  it("открывает диагностику с даты по времени района и считает завершивших «n из N» по активным учителям", async () => {
    const { district, school } = await districtWithSchool("Район кампаний");
    const done = await join(district.id, school.id, "teacher", 2001);
    const started = await join(district.id, school.id, "teacher", 2002);
    await join(district.id, school.id, "teacher", 2003);

    const planned = await cli.campaignOpen(ctx, { district: district.id, from: "2099-02-01", days: "10" });
    // Midnight in Yekaterinburg (UTC+5).
    expect(planned.opensAt.toISOString()).toBe("2099-01-31T19:00:00.000Z");
    expect(planned.closesAt.toISOString()).toBe("2099-02-10T19:00:00.000Z");
    expect(planned.title).toBe(cli.DEFAULT_CAMPAIGN_TITLE);
    const open = await cli.campaignOpen(ctx, { district: district.id, title: "Диагностика, ноябрь" });
    expect(open.overlapping).toEqual([]);
    expect((await failure(cli.campaignOpen(ctx, { district: district.id, from: "2026-02-30" }))).message).toBe(
      "--from: такой даты нет в календаре",
    );

    const deps = { repo: ctx.repo, clock: ctx.clock, settings: DEFAULT_METHODOLOGY };
    for (const question of teacherDiagnosticV1.questions) {
      await answerDiagnostic(deps, done.id, { questionId: question.id, value: 3 });
    }
    await answerDiagnostic(deps, started.id, { questionId: teacherDiagnosticV1.questions[0]!.id, value: 2 });

    const listed = await cli.campaignList(ctx, { district: district.name });
    expect(listed.activeTeachers).toBe(3);
    expect(listed.campaigns.map((campaign) => [campaign.title, campaign.status, campaign.completed, campaign.teachers])).toEqual([
      [cli.DEFAULT_CAMPAIGN_TITLE, "planned", 0, 3],
      ["Диагностика, ноябрь", "open", 1, 3],
    ]);
    // Plain counts only: no names and no answers leave this command.
    expect(JSON.stringify(listed)).not.toContain("Педагог");
  });
});

describe("демо-район", () => {
  it("генерирует малый район с ожидаемыми числами, детерминированно, и со школой ниже порога анонимности", async () => {
    const started = performance.now();
    const demo = await generateDemoDistrict(db.prisma, { seed: 7, schools: 4, teachers: 30 });
    const seconds = (performance.now() - started) / 1000;
    expect(demo.counts).toMatchObject({ schools: 4, teachers: 30, teachersInTwoSchools: 2 });
    expect(demo.counts.completed + demo.counts.partial + demo.counts.notStarted).toBe(30);
    expect(demo.counts.completed / 30).toBeGreaterThan(0.6);

    const { prisma } = db;
    expect(await prisma.school.count({ where: { districtId: demo.districtId } })).toBe(4);
    expect(await prisma.membership.count({ where: { districtId: demo.districtId, role: "teacher" } })).toBe(32);
    expect(await prisma.membership.count({ where: { districtId: demo.districtId, role: "head" } })).toBe(4);
    expect(await prisma.membership.count({ where: { districtId: demo.districtId, role: "district" } })).toBe(1);
    expect(await prisma.membership.count({ where: { districtId: demo.districtId, role: "mentor" } })).toBe(4);
    expect(await prisma.person.count({ where: { memberships: { some: { districtId: demo.districtId } }, consentAt: null } })).toBe(0);
    expect(await prisma.response.count({ where: { campaignId: demo.campaignId, completedAt: { not: null } } })).toBe(demo.counts.completed);
    expect(await prisma.answer.count({ where: { response: { campaignId: demo.campaignId } } })).toBe(demo.counts.answers);

    // What the Mini App will show: school aggregates hidden below the minimum of 5 respondents.
    const completedBySchool = await Promise.all(
      demo.schools.map(async (school) => (await ctx.repo.completedTeacherAnswers(demo.campaignId, school.id)).length),
    );
    expect(completedBySchool).toEqual(demo.schools.map((school) => school.completed));
    expect(completedBySchool.filter((count) => count < 5)).toHaveLength(2);

    // Not uniform: every scale value occurs, and schools differ.
    const values = await prisma.answer.groupBy({ by: ["value"], where: { response: { campaignId: demo.campaignId } }, _count: true });
    expect(values.map((row) => row.value).sort()).toEqual([1, 2, 3, 4]);

    // The same seed gives the same district.
    const again = await generateDemoDistrict(db.prisma, { seed: 7, schools: 4, teachers: 30 });
    expect(again.counts).toEqual(demo.counts);
    expect(again.schools.map(({ name, teachers, completed }) => ({ name, teachers, completed }))).toEqual(
      demo.schools.map(({ name, teachers, completed }) => ({ name, teachers, completed })),
    );

    const signIn = demoSignIn(demo);
    expect(signIn[0]!.label).toBe("Сотрудник РУО — Первомайский район");
    expect(signIn.filter((choice) => choice.label.startsWith("Директор — "))).toHaveLength(4);
    expect(signIn.filter((choice) => choice.label.startsWith("Наставник — "))).toHaveLength(2);
    expect(signIn.filter((choice) => choice.label.startsWith("Учитель — ")).length).toBeGreaterThanOrEqual(1);
    expect(seconds).toBeLessThan(10);
  });

  it("полный демо-район: 12 школ, 150 педагогов, около 80 % завершили", async () => {
    const demo = await generateDemoDistrict(db.prisma, { seed: 2026 });
    expect(demo.counts.schools).toBe(12);
    expect(demo.counts.teachers).toBe(150);
    expect(demo.counts.completed / demo.counts.teachers).toBeGreaterThan(0.72);
    expect(demo.counts.completed / demo.counts.teachers).toBeLessThan(0.9);
    expect(demo.schools.filter((school) => school.completed < 5).map((school) => school.name).sort()).toEqual([
      "МБОУ «Черемшанская СОШ»",
      "МКОУ «Луговская ООШ»",
    ]);
    const sizes = demo.schools.map((school) => school.teachers);
    expect(Math.min(...sizes)).toBeLessThanOrEqual(8);
    expect(Math.max(...sizes)).toBeGreaterThanOrEqual(20);
  });
});

describe("CLI как процесс", () => {
  const root = process.cwd();
  const tsxLoader = pathToFileURL(path.resolve("node_modules/tsx/dist/loader.mjs")).href;
  const env = (dataDir: string) => {
    const copy: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, NO_COLOR: "1" };
    delete copy.DATABASE_URL;
    delete copy.BOT_USERNAME;
    return copy;
  };
  let dataDir: string;
  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "shnor-cli-"));
  });
  afterAll(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("npx tsx cli/main.ts --help: код 0, все команды в списке, по-русски", () => {
    const result = spawnSync("npx", ["tsx", "cli/main.ts", "--help"], { cwd: root, env: env(dataDir), encoding: "utf8" });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("Использование:");
    for (const name of [
      "district create",
      "district list",
      "school add",
      "school list",
      "invite create",
      "invite list",
      "invite revoke",
      "member list",
      "member deactivate",
      "campaign open",
      "campaign list",
    ]) {
      expect(result.stdout).toContain(name);
    }
    // --help needs no database.
    expect(fs.readdirSync(dataDir)).toEqual([]);
  });

  it("district create --json печатает только JSON; ошибка ввода — код 2 и сообщение в stderr", () => {
    // From a temporary folder, so no .env of the working copy is read.
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ["--import", tsxLoader, path.join(root, "cli/main.ts"), ...args], {
        cwd: dataDir,
        env: env(path.join(dataDir, "db")),
        encoding: "utf8",
      });
    const created = run("district", "create", "--name", "Район из процесса", "--json");
    expect(created.stderr).toBe("");
    expect(created.status).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({ name: "Район из процесса", timezone: "Europe/Moscow", id: expect.any(String) });

    const bad = run("invite", "create", "--district", "Район из процесса", "--role", "boss", "--json");
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe("");
    expect(bad.stderr).toContain("--role: неизвестная роль «boss»");

    const missing = run("school", "list", "--district", "Нет такого");
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain("не найден");
  });
});
