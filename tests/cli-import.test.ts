// Day-one set-up of a district (DOMAIN.md §11c) through the admin CLI: schools and staff from the XLSX
// template, people changing schools, and the district's own version of the questionnaire. Real
// workbooks are written with exceljs into a temporary folder and read back as the CLI reads them.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_METHODOLOGY } from "../core/methodology/settings.ts";
import { answerDiagnostic, diagnosticScreen } from "../core/services/diagnostic.ts";
import { giveConsent, redeemInvite } from "../core/services/onboarding.ts";
import { TEACHER_DIAGNOSTIC_KEY } from "../core/instruments/teacher-diagnostic.ts";
import type { Instrument } from "../core/instruments/schema.ts";
import * as cli from "../cli/commands.ts";
import { CliError, cliContext, type CliContext } from "../cli/commands.ts";
import { renderInviteSheet } from "../files/invite-sheet.ts";
import { checkInstrumentFile } from "../core/services/instruments.ts";
import { forOperator } from "../core/services/admin-commands.ts";
import { buildTemplate, readWorkbook } from "../files/staff-workbook.ts";
import type { Database } from "../prisma/db.ts";
import { forwardCommand } from "../server/admin-bridge.ts";
import { onPostgres, openTestDatabase } from "./support/db.ts";
import { failure, startBridge, operatorArgs, newDistrict, seedDataDir } from "./support/cli.ts";
import { CLI_JS } from "./support/built.ts";


let db: Database;
let ctx: CliContext;
let dir: string;
beforeAll(async () => {
  db = await openTestDatabase();
  ctx = cliContext(db.prisma);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "shnor-import-"));
});
afterAll(async () => {
  await db?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

let files = 0;
/** The template as a district fills it in: its example rows stay, the given rows follow them. */
async function workbook(rows: { schools?: string[][]; staff?: string[][] }): Promise<string> {
  const book = await buildTemplate();
  for (const values of rows.schools ?? []) book.getWorksheet("Школы")!.addRow(values);
  for (const values of rows.staff ?? []) book.getWorksheet("Сотрудники")!.addRow(values);
  const file = path.join(dir, `book-${++files}.xlsx`);
  await book.xlsx.writeFile(file);
  return file;
}

/** What `import xlsx --file` does: the CLI reads the workbook, the command gets plain rows. */
async function importFile(district: string, file: string, options: Record<string, unknown> = {}) {
  const rows = await readWorkbook(file);
  return cli.importXlsx(ctx, { district, schools: rows.schools, staff: rows.staff, ...options });
}

const SCHOOLS = [
  ["560301", "МБОУ «Первомайская СОШ № 1»", "ул. Ленина, 1"],
  ["560311", "МБОУ «Сосновская СОШ»", ""],
  ["0705", "МКОУ «Луговская ООШ»", "код с ведущим нулём"],
];
const STAFF = [
  ["560301", "Иванова Мария Петровна", "руководитель", "директор"],
  ["560301", "Петрова Анна Сергеевна", "учитель", "математика"],
  ["560311", "петрова  анна сергеевна", "Учитель", "та же учительница во второй школе"],
  ["560311", "Кузнецов Олег Иванович", "учитель", "физика"],
  ["560311", "Сидоров Илья Павлович", "наставник", ""],
  ["0705", "Смирнова Ольга Викторовна", "учитель", ""],
];

describe("import template", () => {
  it("пишет книгу с инструкцией, листами «Школы» и «Сотрудники», списком ролей и серыми строками-образцами", async () => {
    const file = path.join(dir, "template.xlsx");
    await (await buildTemplate()).xlsx.writeFile(file);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    expect(book.worksheets.map((sheet) => sheet.name)).toEqual(["Инструкция", "Школы", "Сотрудники"]);
    const staff = book.getWorksheet("Сотрудники")!;
    expect((staff.getRow(1).values as unknown[]).slice(1)).toEqual(["Код ОО", "ФИО", "Роль", "Предмет, примечание (не загружается)"]);
    expect((book.getWorksheet("Школы")!.getRow(1).values as unknown[]).slice(1)).toEqual([
      "Код ОО",
      "Название",
      "Адрес, примечание (не загружается)",
    ]);
    expect(staff.getCell("C40").dataValidation).toMatchObject({ type: "list", formulae: ['"учитель,руководитель,наставник"'] });
    expect(String(staff.getCell("A2").value)).toMatch(/^Пример/);
    expect(staff.getCell("A2").font?.color?.argb).toBe("FF7F7F7F");
    expect(book.getWorksheet("Инструкция")!.getCell("A1").value).toBe("Как заполнить");
    // An untouched template holds examples only.
    expect(await readWorkbook(file)).toEqual({ schools: [], staff: [], examples: { schools: 2, staff: 4 }, warnings: [] });
  });
});

describe("import xlsx", () => {
  it("загружает школы и сотрудников: учитель двух школ — один человек, у каждого нового — личное приглашение", async () => {
    const district = await newDistrict(ctx, { name: "Район загрузки" });
    const file = await workbook({ schools: SCHOOLS, staff: STAFF });
    const rows = await readWorkbook(file);
    expect(rows.examples).toEqual({ schools: 2, staff: 4 });
    expect(rows.staff[0]).toEqual({ row: 6, code: "560301", name: "Иванова Мария Петровна", role: "руководитель" });

    const result = await cli.importXlsx(ctx, { district: district.name, schools: rows.schools, staff: rows.staff });
    expect(result.schools).toEqual({ created: 3, renamed: 0, coded: 0, unchanged: 0 });
    expect(result.staff).toEqual({ rows: 6, newPeople: 5, existingPeople: 0, newMemberships: 6, alreadyPresent: 0 });
    expect(result.invites.created).toBe(5);
    expect(result.warnings).toEqual([]);
    expect(result.bySchool.map((school) => [school.code, school.action, school.newMemberships, school.invites])).toEqual([
      ["560301", "create", 2, 2],
      ["560311", "create", 3, 2],
      ["0705", "create", 1, 1],
    ]);

    const { prisma } = db;
    const schools = await prisma.school.findMany({ where: { districtId: district.id }, orderBy: { code: "asc" } });
    expect(schools.map((school) => [school.code, school.name])).toEqual([
      ["0705", "МКОУ «Луговская ООШ»"],
      ["560301", "МБОУ «Первомайская СОШ № 1»"],
      ["560311", "МБОУ «Сосновская СОШ»"],
    ]);
    const people = await prisma.person.findMany({
      where: { memberships: { some: { districtId: district.id } } },
      include: { memberships: { include: { school: true } }, invites: true, accounts: true },
    });
    expect(people).toHaveLength(5);
    const teacher = people.find((person) => person.displayName === "Петрова Анна Сергеевна")!;
    expect(teacher.memberships.map((membership) => [membership.school!.code, membership.role, membership.active]).sort()).toEqual([
      ["560301", "teacher", true],
      ["560311", "teacher", true],
    ]);
    for (const person of people) {
      expect(person.accounts).toEqual([]);
      expect(person.consentAt).toBeNull();
      expect(person.invites).toHaveLength(1);
      expect(person.invites[0]).toMatchObject({ personId: person.id, maxUses: 1, uses: 0, districtId: district.id, revokedAt: null });
    }
    const head = people.find((person) => person.displayName === "Иванова Мария Петровна")!;
    expect(head.invites[0]).toMatchObject({ role: "head", schoolId: schools[1]!.id });
    expect(people.find((person) => person.displayName === "Сидоров Илья Павлович")!.invites[0]!.role).toBe("mentor");

    // The personal invite attaches the messenger account to the imported person: both schools at once.
    const { person } = await redeemInvite(ctx, teacher.invites[0]!.code, { channel: "telegram", externalId: "5001", firstName: "Анна" });
    expect(person.id).toBe(teacher.id);
    expect(person.displayName).toBe("Петрова Анна Сергеевна");
    expect(person.memberships.filter((membership) => membership.active && membership.role === "teacher")).toHaveLength(2);
  });

  it("повторная загрузка того же файла ничего не создаёт; новые строки добавляются к уже известным людям", async () => {
    const district = await newDistrict(ctx, { name: "Район повторной загрузки" });
    const file = await workbook({ schools: SCHOOLS, staff: STAFF });
    await importFile(district.id, file);
    const counts = async () => ({
      schools: await db.prisma.school.count({ where: { districtId: district.id } }),
      memberships: await db.prisma.membership.count({ where: { districtId: district.id } }),
      people: await db.prisma.person.count({ where: { memberships: { some: { districtId: district.id } } } }),
      invites: await db.prisma.invite.count({ where: { districtId: district.id } }),
    });
    const before = await counts();

    const again = await importFile(district.id, file);
    expect(again.schools).toEqual({ created: 0, renamed: 0, coded: 0, unchanged: 3 });
    expect(again.staff).toMatchObject({ newPeople: 0, newMemberships: 0, alreadyPresent: 6 });
    expect(again.invites.created).toBe(0);
    expect(await counts()).toEqual(before);

    // The district renames a school and adds a known teacher to a third school: no second person.
    const changed = await workbook({
      schools: [["560311", "МБОУ «Сосновская СОШ им. Героя»"]],
      staff: [...STAFF, ["0705", "Кузнецов Олег Иванович", "учитель"], ["0705", "Кузнецов Олег Иванович", "учитель"]],
    });
    const third = await importFile(district.id, changed);
    expect(third.schools).toMatchObject({ created: 0, renamed: 1 });
    expect(third.bySchool.find((school) => school.code === "560311")).toMatchObject({ action: "rename", previousName: "МБОУ «Сосновская СОШ»" });
    expect(third.staff).toMatchObject({ newPeople: 0, existingPeople: 1, newMemberships: 1, alreadyPresent: 6 });
    expect(third.warnings).toEqual(["«Сотрудники», строка 13: повторяет строку 12 (то же ФИО, школа и роль) — пропущена"]);
    expect(await counts()).toEqual({ ...before, memberships: before.memberships + 1 });
  });

  it("сообщает обо всех плохих строках сразу — лист, строка, столбец — и ничего не записывает", async () => {
    const district = await newDistrict(ctx, { name: "Район с ошибками" });
    await cli.schoolAdd(ctx, { district: district.id, name: "МКОУ «Ключевская ООШ»", code: "0704" });
    const file = await workbook({
      schools: [["560301", "МБОУ «Первомайская СОШ № 1»"], ["560302", ""], ["560301", "Дубль"], ["560303", "МКОУ «Ключевская ООШ»"]],
      staff: [
        ["560301", "Иванова Мария Петровна", "руководитель"],
        ["560301", "Завучева Анна Ивановна", "завуч"],
        ["0705", "Петров Пётр Петрович", "учитель"],
        ["704", "Орлова Нина Павловна", "учитель"],
        ["560301", "", "учитель"],
        ["560301", "Петрова", ""],
        ["", "42", "учитель"],
      ],
    });
    const error = await failure(importFile(district.id, file));
    expect(error.exitCode).toBe(2);
    const lines = error.message.split("\n");
    expect(lines[0]).toBe("Файл не загружен, ничего не записано: проблем 11.");
    expect(lines.slice(1, -1)).toEqual([
      "«Школы», строка 5, столбец «Название»: не заполнено название школы",
      "«Школы», строка 6, столбец «Код ОО»: код 560301 уже указан в строке 4",
      "«Школы», строка 7, столбец «Код ОО»: в районе уже есть школа «МКОУ «Ключевская ООШ»» с кодом 0704; если это она, укажите этот код",
      "«Сотрудники», строка 7, столбец «Роль»: неизвестная роль «завуч»; допустимо: учитель, руководитель, наставник",
      "«Сотрудники», строка 8, столбец «Код ОО»: код ОО 0705 не найден ни в листе «Школы», ни среди школ района",
      "«Сотрудники», строка 9, столбец «Код ОО»: код ОО 704 не найден ни в листе «Школы», ни среди школ района " +
        "(может быть, 0704? Excel убирает ведущие нули у чисел — задайте столбцу текстовый формат)",
      "«Сотрудники», строка 10, столбец «ФИО»: не заполнено ФИО",
      "«Сотрудники», строка 11, столбец «ФИО»: «Петрова»: укажите фамилию и имя, лучше полностью, с отчеством",
      "«Сотрудники», строка 11, столбец «Роль»: не указана роль; допустимо: учитель, руководитель, наставник",
      "«Сотрудники», строка 12, столбец «Код ОО»: не заполнен код ОО",
      "«Сотрудники», строка 12, столбец «ФИО»: в ФИО есть цифры («42») — не перепутаны ли столбцы?",
    ]);
    expect(await db.prisma.school.count({ where: { districtId: district.id } })).toBe(1);
    expect(await db.prisma.membership.count({ where: { districtId: district.id } })).toBe(0);
    expect(await db.prisma.invite.count({ where: { districtId: district.id } })).toBe(0);
  });

  it("--dry-run показывает, что будет сделано, и ничего не пишет; пустой файл и чужой файл — понятный отказ", async () => {
    const district = await newDistrict(ctx, { name: "Район проверки" });
    const file = await workbook({ schools: SCHOOLS, staff: STAFF });
    const dry = await importFile(district.id, file, { dryRun: true });
    expect(dry).toMatchObject({ dryRun: true, schools: { created: 3 }, staff: { newPeople: 5, newMemberships: 6 }, invites: { created: 5 } });
    expect(await db.prisma.school.count({ where: { districtId: district.id } })).toBe(0);
    expect(await db.prisma.person.count({ where: { memberships: { some: { districtId: district.id } } } })).toBe(0);

    const empty = await failure(importFile(district.id, await workbook({})));
    expect(empty.message).toContain("в файле нет ни одной строки с данными");

    const other = new ExcelJS.Workbook();
    other.addWorksheet("Лист1").addRow(["что-то"]);
    const otherFile = path.join(dir, "other.xlsx");
    await other.xlsx.writeFile(otherFile);
    // The reader is shared with the server: the CLI adds the option and its hint (forOperator).
    const noSheet = await failure(readWorkbook(otherFile));
    expect(forOperator(noSheet).message).toBe(
      "--file: в книге нет листа «Сотрудники» (есть: «Лист1»). Возьмите шаблон: npm run cli -- import template",
    );
    expect(noSheet.message).toBe("в книге нет листа «Сотрудники» (есть: «Лист1»).");
    const noRole = new ExcelJS.Workbook();
    noRole.addWorksheet("Сотрудники").addRow(["Код ОО", "ФИО", "Должность"]);
    await noRole.xlsx.writeFile(otherFile);
    expect(forOperator(await failure(readWorkbook(otherFile))).message).toBe("--file: лист «Сотрудники», строка заголовков 1: нет столбца «Роль»");
    expect((await failure(readWorkbook(path.join(dir, "нет.xlsx")))).message).toContain("не найден");
  });

  it("14 школ и 356 сотрудников (район семени 002) загружаются за секунды, с листами приглашений по школам", async () => {
    const district = await newDistrict(ctx, { name: "Район на 356 педагогов" });
    const surnames = ["Иванова", "Петрова", "Сидорова", "Кузнецова", "Смирнова", "Попова", "Васильева", "Соколова", "Михайлова", "Новикова"];
    const names = ["Ольга", "Наталья", "Елена", "Татьяна", "Светлана", "Ирина", "Марина", "Галина"];
    const patronymics = ["Ивановна", "Петровна", "Викторовна", "Николаевна", "Сергеевна"];
    const person = (n: number) => `${surnames[n % 10]} ${names[Math.floor(n / 10) % 8]} ${patronymics[Math.floor(n / 80) % 5]}`;
    const schools = Array.from({ length: 14 }, (_, index) => [`5603${String(index + 1).padStart(2, "0")}`, `МБОУ «СОШ № ${index + 1}»`]);
    const staff: string[][] = [];
    for (let n = 0; n < 346; n++) staff.push([schools[n % 14]![0]!, person(n), n < 14 ? "руководитель" : "учитель"]);
    // Ten teachers also work in a neighbouring school.
    for (let n = 20; n < 30; n++) staff.push([schools[(n + 1) % 14]![0]!, person(n), "учитель"]);
    const file = await workbook({ schools, staff });

    const started = performance.now();
    const rows = await readWorkbook(file);
    const read = performance.now() - started;
    const result = await cli.importXlsx(ctx, { district: district.id, schools: rows.schools, staff: rows.staff, bot: "shnor_demo_bot" });
    const total = performance.now() - started;
    console.log(
      `import xlsx: 14 школ, 356 строк — чтение XLSX ${Math.round(read)} мс, проверка и запись ${result.elapsedMs} мс, всего ${Math.round(total)} мс`,
    );
    expect(result.staff).toEqual({ rows: 356, newPeople: 346, existingPeople: 0, newMemberships: 356, alreadyPresent: 0 });
    expect(result.invites.created).toBe(346);
    expect(total).toBeLessThan(8000);
    expect(await db.prisma.membership.count({ where: { districtId: district.id, active: true } })).toBe(356);

    // The sheet of one school: the imported people by name, the head first.
    const sheet = await cli.inviteSheet(ctx, { district: district.id, school: "560301", existing: true, bot: "shnor_demo_bot" });
    expect(sheet.existing).toMatchObject({ named: 25, reissued: 0 });
    expect(sheet.invites[0]).toMatchObject({ role: "head", name: person(0) });
    expect(sheet.invites.every((invite) => invite.name && invite.links.telegram?.endsWith(invite.code))).toBe(true);
    const html = await renderInviteSheet(sheet);
    expect(html).toContain(`<b class="person">${person(0)}</b>`);
    expect(html).not.toContain('<span class="blank">');
  });
});

describe("import xlsx через работающий сервер", () => {
  it("строки уходят серверу как JSON (admin-bridge), файл читает только CLI", async () => {
    const district = await newDistrict(ctx, { name: "Район загрузки через сервер" });
    const rows = await readWorkbook(await workbook({ schools: SCHOOLS, staff: STAFF }));
    const bridge = await startBridge(db.prisma);
    const owner = bridge.owner;
    try {
      const raw = { district: district.id, schools: rows.schools, staff: rows.staff };
      const result = (await forwardCommand(owner, "import xlsx", raw)) as Awaited<ReturnType<typeof cli.importXlsx>>;
      expect(result.staff).toMatchObject({ newPeople: 5, newMemberships: 6 });
      expect(await db.prisma.invite.count({ where: { districtId: district.id, personId: { not: null } } })).toBe(5);
      await expect(forwardCommand(owner, "import xlsx", { ...raw, staff: [{ row: 9, code: "560301", name: "Иванов Иван", role: "завуч" }] })).rejects.toThrow(
        "«Сотрудники», строка 9, столбец «Роль»: неизвестная роль «завуч»",
      );
    } finally {
      await bridge.close();
    }
  });
});

describe("invite sheet --existing", () => {
  it("печатает неиспользованные личные приглашения с ФИО, выпускает заново истёкшие и не повторяет подключившихся", async () => {
    const district = await newDistrict(ctx, { name: "Район листа с именами" });
    await importFile(district.id, await workbook({ schools: SCHOOLS, staff: STAFF }));
    const invites = await db.prisma.invite.findMany({ where: { districtId: district.id }, include: { person: true } });
    const byName = (name: string) => invites.find((invite) => invite.person?.displayName === name)!;
    // One has connected, one invite lapsed, one was revoked.
    const joined = await redeemInvite(ctx, byName("Кузнецов Олег Иванович").code, { channel: "max", externalId: "9001" });
    await giveConsent(ctx, joined.person.id);
    await db.prisma.invite.update({ where: { id: byName("Сидоров Илья Павлович").id }, data: { expiresAt: new Date(Date.now() - 1000) } });

    const sheet = await cli.inviteSheet(ctx, { district: district.id, school: "560311", existing: true, parents: true, maxBot: "id7701234567_bot" });
    expect(sheet.invites.map((invite) => [invite.role, invite.name])).toEqual([
      ["mentor", "Сидоров Илья Павлович"],
      ["parent", null],
    ]);
    expect(sheet.invites[0]!.code).not.toBe(byName("Сидоров Илья Павлович").code);
    expect(sheet.existing).toEqual({
      named: 1,
      reissued: 1,
      // The teacher of two schools has her card on her first school's sheet.
      elsewhere: [{ name: "Петрова Анна Сергеевна", school: "МБОУ «Первомайская СОШ № 1»" }],
    });
    const reissued = await db.prisma.invite.findUnique({ where: { code: sheet.invites[0]!.code } });
    expect(reissued).toMatchObject({ personId: byName("Сидоров Илья Павлович").personId, role: "mentor", maxUses: 1 });

    const again = await cli.inviteSheet(ctx, { district: district.id, school: "560311", existing: true, maxBot: "id7701234567_bot" });
    expect(again.invites.map((invite) => invite.code)).toEqual([sheet.invites[0]!.code]);
    expect(again.existing!.reissued).toBe(0);

    const listed = await cli.inviteList(ctx, { district: district.id, school: "560301" });
    expect(listed.invites.map((invite) => invite.person).sort()).toEqual(["Иванова Мария Петровна", "Петрова Анна Сергеевна"]);

    // Once both people of a school have connected, it has nobody left to print.
    for (const name of ["Иванова Мария Петровна", "Петрова Анна Сергеевна"]) {
      await redeemInvite(ctx, byName(name).code, { channel: "telegram", externalId: name });
    }
    const nobody = await failure(cli.inviteSheet(ctx, { district: district.id, school: "560301", existing: true, bot: "shnor_demo_bot" }));
    expect(nobody.exitCode).toBe(1);
    expect(nobody.message).toContain("нет карточек для печати: все сотрудники, загруженные заранее, уже подключились");
  });
});

describe("member move и add-school", () => {
  it("переводит учителя в другую школу района: прежнее членство закрыто, ответы и аккаунт — у того же человека", async () => {
    const district = await newDistrict(ctx, { name: "Район переводов" });
    await importFile(district.id, await workbook({ schools: SCHOOLS, staff: STAFF }));
    await cli.campaignOpen(ctx, { district: district.id });
    const members = (await cli.memberList(ctx, { district: district.id, school: "0705" })).members;
    const teacher = members.find((member) => member.name === "Смирнова Ольга Викторовна")!;
    const invite = await db.prisma.invite.findFirstOrThrow({ where: { personId: teacher.personId } });
    await redeemInvite(ctx, invite.code, { channel: "telegram", externalId: "7301" });
    await giveConsent(ctx, teacher.personId);
    const deps = { repo: ctx.repo, clock: ctx.clock, settings: DEFAULT_METHODOLOGY };
    await answerDiagnostic(deps, teacher.personId, { questionId: "fgos_1", value: 3 });

    const moved = await cli.memberMove(ctx, { membership: teacher.membershipId, school: "560311" });
    expect(moved).toMatchObject({
      person: { id: teacher.personId, name: "Смирнова Ольга Викторовна" },
      role: "teacher",
      from: { code: "0705" },
      to: { code: "560311" },
      alreadyThere: false,
      invitesMoved: 0,
    });
    const rows = (await cli.memberList(ctx, { person: teacher.personId })).members;
    expect(rows.map((row) => [row.school, row.active])).toEqual([
      ["МБОУ «Сосновская СОШ»", true],
      ["МКОУ «Луговская ООШ»", false],
    ]);
    const ended = await db.prisma.membership.findUniqueOrThrow({ where: { id: teacher.membershipId } });
    expect(ended.endedAt).toBeInstanceOf(Date);
    expect(rows[0]!.channels).toEqual(["telegram"]);
    // The answer given before the move is still hers, and the survey goes on.
    const screen = await diagnosticScreen(deps, teacher.personId);
    expect(screen).toMatchObject({ kind: "question", answered: 1 });

    const again = await failure(cli.memberMove(ctx, { membership: teacher.membershipId, school: "560301" }));
    expect(again.message).toContain("это членство уже отключено");
    expect(again.message).toContain(`member add-school --person ${teacher.personId}`);
    expect((await failure(cli.memberMove(ctx, { membership: moved.membershipId, school: "560311" }))).message).toContain("уже в школе");
  });

  it("переносит неиспользованное личное приглашение вместе с человеком и отказывает в переводе в другой район", async () => {
    const district = await newDistrict(ctx, { name: "Район переводов 2" });
    await importFile(district.id, await workbook({ schools: SCHOOLS, staff: STAFF }));
    const other = await newDistrict(ctx, { name: "Соседний район" });
    const foreign = await cli.schoolAdd(ctx, { district: other.id, name: "МБОУ «Соседняя СОШ»", code: "570101" });
    const member = (await cli.memberList(ctx, { district: district.id, school: "560311", role: "teacher" })).members.find(
      (row) => row.name === "Кузнецов Олег Иванович",
    )!;

    const refused = await failure(cli.memberMove(ctx, { membership: member.membershipId, school: foreign.id }));
    expect(refused.exitCode).toBe(2);
    expect(refused.message).toBe(
      "--school: школа «МБОУ «Соседняя СОШ»» — в другом районе («Соседний район»); перевод между районами не делается: " +
        "отключите членство и пригласите человека в новом районе",
    );
    // A code is looked up in the person's own district only.
    expect((await failure(cli.memberMove(ctx, { membership: member.membershipId, school: "570101" }))).exitCode).toBe(1);

    const moved = await cli.memberMove(ctx, { membership: member.membershipId, school: "0705" });
    expect(moved.invitesMoved).toBe(1);
    const invite = await db.prisma.invite.findFirstOrThrow({ where: { personId: member.personId } });
    expect(invite.schoolId).toBe(moved.to.id);
    // Redeeming it later does not bring back the old school.
    const { person } = await redeemInvite(ctx, invite.code, { channel: "max", externalId: "7401" });
    expect(person.memberships.filter((membership) => membership.active).map((membership) => membership.schoolId)).toEqual([moved.to.id]);

    const parent = await cli.inviteCreate(ctx, { district: district.id, school: "0705", role: "parent" });
    await redeemInvite(ctx, parent.invites[0]!.code, { channel: "telegram", externalId: "7402" });
    const parentRow = (await cli.memberList(ctx, { district: district.id, role: "parent" })).members[0]!;
    expect((await failure(cli.memberMove(ctx, { membership: parentRow.membershipId, school: "560301" }))).message).toContain(
      "переводить между школами можно учителя, руководителя и наставника; родитель подключается по ссылке для родителей новой школы",
    );
  });

  it("добавляет учителю вторую школу: один человек, два членства; отключение отзывает неиспользованную карточку", async () => {
    const district = await newDistrict(ctx, { name: "Район двух школ" });
    await importFile(district.id, await workbook({ schools: SCHOOLS, staff: STAFF }));
    const member = (await cli.memberList(ctx, { district: district.id, school: "0705" })).members[0]!;
    const added = await cli.memberAddSchool(ctx, { person: member.personId, school: "560301" });
    expect(added).toMatchObject({ role: "teacher", school: { code: "560301" }, alreadyMember: false, district: { id: district.id } });
    expect(await cli.memberAddSchool(ctx, { person: member.personId, school: "560301" })).toMatchObject({
      alreadyMember: true,
      membershipId: added.membershipId,
    });
    const rows = (await cli.memberList(ctx, { person: member.personId })).members;
    expect(rows.filter((row) => row.active).map((row) => row.school).sort()).toEqual(["МБОУ «Первомайская СОШ № 1»", "МКОУ «Луговская ООШ»"]);
    expect(new Set(rows.map((row) => row.personId)).size).toBe(1);
    // Counted once among the district's teachers.
    expect((await cli.campaignList(ctx, { district: district.id })).activeTeachers).toBe(3);

    expect((await failure(cli.memberAddSchool(ctx, { person: member.personId, school: "560301", role: "parent" }))).message).toMatch(
      /^--role: роль «parent» здесь не подходит; допустимо: head \(руководитель школы\), teacher \(учитель\), mentor \(наставник\)/,
    );
    expect((await failure(cli.memberAddSchool(ctx, { person: "nobody", school: "560301" }))).exitCode).toBe(1);

    // Someone imported who left before connecting: the card no longer works, so it cannot bring them back.
    const leaver = (await cli.memberList(ctx, { district: district.id, school: "560311", role: "mentor" })).members[0]!;
    expect(await cli.memberDeactivate(ctx, { membership: leaver.membershipId })).toMatchObject({ alreadyInactive: false, invitesRevoked: 1 });
    const card = await db.prisma.invite.findFirstOrThrow({ where: { personId: leaver.personId } });
    await expect(redeemInvite(ctx, card.code, { channel: "telegram", externalId: "7501" })).rejects.toMatchObject({ code: "invite_revoked" });
    expect((await failure(cli.memberList(ctx, {}))).message).toContain("укажите район: --district");
  });
});

describe("instrument: анкета — районная", () => {
  it("export → новый вопрос → import как версия 3 → campaign open идёт по версии 3", async () => {
    const district = await newDistrict(ctx, { name: "Район своей анкеты" });
    const own = { district: district.id };
    const stored = (await cli.instrumentList(ctx, own)).instruments.filter((row) => row.key === TEACHER_DIAGNOSTIC_KEY);
    // Both built-in versions; new campaigns run version 1 until the district picks another.
    expect(stored).toEqual([
      expect.objectContaining({ key: TEACHER_DIAGNOSTIC_KEY, version: 2, status: "draft", builtIn: true, questions: 33, areas: 10, default: false }),
      expect.objectContaining({ key: TEACHER_DIAGNOSTIC_KEY, version: 1, status: "draft", builtIn: true, questions: 24, areas: 9, default: true }),
    ]);

    const exported = await cli.instrumentExport(ctx, own);
    expect(exported).toMatchObject({ version: 2, status: "draft", builtIn: true, nextVersion: 3, questions: 33 });
    // What the CLI writes and the district edits: plain JSON.
    const edited = JSON.parse(JSON.stringify(exported.definition)) as Instrument;
    edited.version = 3;
    edited.title = "Диагностика профессиональных дефицитов педагога, версия 3";
    edited.intro = edited.intro.replace("33 коротких вопросов", "34 коротких вопросов");
    edited.questions.push({ id: "fgos_4", areaId: "fgos", text: "Я знаю требования ФОП к содержанию своего предмета.", reverse: false });

    const imported = await cli.instrumentImport(ctx, { ...own, definition: edited, approve: true });
    expect(imported).toMatchObject({ version: 3, status: "approved", builtIn: false, questions: 34, warnings: [], default: true, previousVersions: [1, 2] });
    const listed = (await cli.instrumentList(ctx, { ...own, key: TEACHER_DIAGNOSTIC_KEY })).instruments;
    expect(listed.map((row) => [row.version, row.status, row.builtIn, row.default])).toEqual([
      [3, "approved", false, true],
      [2, "draft", true, false],
      [1, "draft", true, false],
    ]);

    const campaign = await cli.campaignOpen(ctx, { district: district.id });
    expect(campaign.instrument).toMatchObject({ version: 3, status: "approved" });
    const open = await ctx.repo.findOpenCampaign(district.id, TEACHER_DIAGNOSTIC_KEY, new Date());
    expect(open!.id).toBe(campaign.id);
    expect(open!.instrument.questions.map((question) => question.id)).toContain("fgos_4");
    expect((await cli.campaignList(ctx, { district: district.id })).campaigns[0]!.instrumentVersion).toBe(3);
    expect((await cli.instrumentList(ctx, own)).instruments.find((row) => row.version === 3)!.campaigns).toBe(1);

    // An older version on request; a missing one is refused with the stored list.
    const older = await cli.campaignOpen(ctx, { district: district.id, from: "2099-01-01", instrumentVersion: "1" });
    expect(older.instrument.version).toBe(1);
    expect((await failure(cli.campaignOpen(ctx, { district: district.id, instrumentVersion: "9" }))).message).toBe(
      "--instrument-version: версии 9 нет; сохранены: 1, 2, 3 (см. instrument list --district …)",
    );

    // A draft version 4 does not replace the approved one for new campaigns.
    const draft = await cli.instrumentImport(ctx, { ...own, definition: { ...edited, version: 4, status: "draft", title: "Черновик 4" } });
    expect(draft).toMatchObject({ version: 4, status: "draft", default: false });
    expect((await cli.campaignOpen(ctx, { district: district.id, from: "2099-06-01" })).instrument.version).toBe(3);
    expect((await cli.instrumentExport(ctx, own)).version).toBe(4);
    expect((await cli.instrumentExport(ctx, { ...own, version: "3" })).definition.questions).toHaveLength(34);
  });

  it("отказывает в версии не больше сохранённых, в чужом ключе и в неверном вопросе — по-русски, с путём в JSON", async () => {
    const district = (await newDistrict(ctx, { name: "Район с ошибками в анкете" })).id;
    const { definition } = await cli.instrumentExport(ctx, { district, version: "1" });
    const teacherVersions = async () =>
      (await cli.instrumentList(ctx, { district, key: TEACHER_DIAGNOSTIC_KEY })).instruments.map((row) => row.version);
    const latest = Math.max(...(await teacherVersions()));

    const same = await failure(cli.instrumentImport(ctx, { district, definition }));
    expect(same.exitCode).toBe(2);
    expect(same.message).toContain(`version: версия 1 уже есть (сохранены: `);
    expect(same.message).toContain(`новой версии нужен номер больше — поставьте "version": ${latest + 1}`);

    const broken = JSON.parse(JSON.stringify(definition)) as Record<string, unknown> & { questions: Array<Record<string, unknown>> };
    broken.version = latest + 1;
    broken.key = "parents_survey";
    broken.questions.push({ id: "Новый вопрос", areaId: "fgos", text: "" });
    broken.questions[2]!.reverse = "да";
    const error = await failure(cli.instrumentImport(ctx, { district, definition: broken }));
    expect(error.message.split("\n")).toEqual([
      "Анкета не загружена: проблем 4.",
      "questions[2].reverse (вопрос fgos_3): ожидается true или false, а здесь текст \"да\"",
      "questions[24].id (вопрос Новый вопрос): латинские строчные буквы, цифры и _, до 32 символов",
      "questions[24].text (вопрос Новый вопрос): пустой текст",
      'key: такой анкеты нет ("parents_survey"); ключ одной из анкет: teacher_deficits, parent_survey, student_survey, school_card, visit_report, mentoring_feedback',
    ]);
    const orphan = JSON.parse(JSON.stringify(definition)) as { version: number; questions: Array<Record<string, unknown>> };
    orphan.version = latest + 1;
    orphan.questions.push({ id: "extra_1", areaId: "no_such_area", text: "Текст" });
    expect((await failure(cli.instrumentImport(ctx, { district, definition: orphan }))).message).toContain(
      "questions[24].areaId (вопрос extra_1): нет области no_such_area",
    );
    expect((await failure(cli.instrumentImport(ctx, { district }))).message).toContain("--file: укажите файл анкеты");
    expect((await failure(cli.instrumentImport(ctx, { definition }))).message).toMatch(/^--district: /);
    expect((await teacherVersions()).every((version) => version <= latest)).toBe(true);
  });

  it("предупреждает о том, что легко забыть: старый номер в названии, число вопросов во вступлении, неизвестное поле", () => {
    const { instrument, warnings } = checkInstrumentFile(
      {
        key: TEACHER_DIAGNOSTIC_KEY,
        version: 4,
        title: "Диагностика (черновик, версия 1)",
        status: "draft",
        intro: "Анкета из 24 коротких вопросов.",
        scale: [
          { value: 1, label: "Нет" },
          { value: 2, label: "Да" },
        ],
        areas: [{ id: "fgos", title: "ФГОС", advice: "Курс", colour: "red" }],
        questions: [{ id: "fgos_1", areaId: "fgos", text: "Вопрос", reverce: true }],
      },
      [1, 2, 3],
      true,
    );
    expect(instrument!.status).toBe("approved");
    // The risk profile's questions the file lacks are warned about too (core/risk-profile/sources.ts).
    expect(warnings.some((line) => line.includes("в профиле рисков школы не будет"))).toBe(true);
    expect(warnings.filter((line) => !line.includes("в профиле рисков школы не будет"))).toEqual([
      "areas[0].colour: такого поля в анкете нет, оно не сохранится (опечатка?)",
      "questions[0].reverce: такого поля в анкете нет, оно не сохранится (опечатка?)",
      "title: в названии «версия 1», а загружается версия 4 — название видят учителя",
      "title: в названии «черновик», а версия утверждается — название видят учителя",
      "intro: во вступлении «24 коротких вопросов», а вопросов 1",
    ]);
  });
});

// The CLI process runs on its own PGlite folder (DATABASE_URL removed): the PostgreSQL run has nothing to add.
describe.skipIf(onPostgres())("CLI как процесс: import template → import xlsx → invite sheet --existing", () => {
  it("шаблон, заполнение в exceljs, загрузка и лист с ФИО — настоящей командой", async () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "shnor-import-cli-"));
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: path.join(work, "db"), NO_COLOR: "1" };
    delete env.DATABASE_URL;
    delete env.BOT_USERNAME;
    delete env.MAX_BOT_USERNAME;
    const run = (...args: string[]) => spawnSync(process.execPath, [CLI_JS, ...args], { cwd: work, env, encoding: "utf8" });
    await seedDataDir(path.join(work, "db"));
    try {
      const template = run("import", "template", "--out", "t.xlsx");
      expect(template.status).toBe(0);
      expect(template.stdout).toContain("Шаблон сохранён");
      const book = new ExcelJS.Workbook();
      await book.xlsx.readFile(path.join(work, "t.xlsx"));
      for (const values of SCHOOLS) book.getWorksheet("Школы")!.addRow(values);
      for (const values of STAFF) book.getWorksheet("Сотрудники")!.addRow(values);
      await book.xlsx.writeFile(path.join(work, "filled.xlsx"));

      expect(run("district", "create", "--name", "Район из Excel").status).toBe(0);
      expect(run(...operatorArgs("Район из Excel")).status).toBe(0);
      const dry = run("import", "xlsx", "--district", "Район из Excel", "--file", "filled.xlsx", "--dry-run");
      expect(dry.stderr).toBe("");
      expect(dry.stdout).toContain("Прочитано из filled.xlsx: школ 3, сотрудников 6 (строк-образцов «Пример…» пропущено: 6)");
      expect(dry.stdout).toContain("Ничего не записано");
      const loaded = run("import", "xlsx", "--district", "Район из Excel", "--file", "filled.xlsx", "--bot", "shnor_demo_bot");
      expect(loaded.status).toBe(0);
      expect(loaded.stdout).toMatch(/Загружено в район «Район из Excel» за \d+,\d с/);
      expect(loaded.stdout).toContain("новых людей 5, новых членств 6");
      expect(loaded.stdout).toMatch(/invite sheet --district \S+ --school 560311 --existing --bot shnor_demo_bot/);

      const sheet = run("invite", "sheet", "--district", "Район из Excel", "--school", "560301", "--existing", "--bot", "shnor_demo_bot", "--json");
      expect(sheet.stderr).toBe("");
      const result = JSON.parse(sheet.stdout) as { file: string; invites: Array<{ name: string | null }> };
      expect(result.invites.map((invite) => invite.name)).toEqual(["Иванова Мария Петровна", "Петрова Анна Сергеевна"]);
      expect(fs.readFileSync(result.file, "utf8")).toContain("Петрова Анна Сергеевна");

      const bad = run("import", "xlsx", "--district", "Район из Excel", "--file", "t.xlsx");
      expect(bad.status).toBe(2);
      expect(bad.stderr).toContain("в файле нет ни одной строки с данными");
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  }, 120_000);
});
