// What a district officer reads when a workbook is not what it should be (#11 §8), the parents'
// school-year link and a sheet without shell commands (#11 §7), and the admin use cases' permission
// checks for a person (#10 §4). Real workbooks are written with exceljs into a temporary folder.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as cli from "../cli/commands.ts";
import { cliContext, type CliContext } from "../cli/commands.ts";
import { writeFullList } from "../cli/sheet-file.ts";
import { forOperator } from "../core/services/admin-commands.ts";
import { AdminError, schoolYearEnd } from "../core/services/admin.ts";
import { closeCampaign, listCampaigns, openCampaign } from "../core/services/campaigns.ts";
import { createDistrict } from "../core/services/districts.ts";
import { checkInstrumentFile } from "../core/services/instruments.ts";
import { inviteSheet } from "../core/services/invites.ts";
import type { PersonView } from "../core/services/ports.ts";
import { teacherDiagnosticV1 } from "../core/instruments/teacher-diagnostic.ts";
import { renderInviteSheet } from "../files/invite-sheet.ts";
import { buildTemplate, readWorkbook, WORKBOOK_LIMITS } from "../files/staff-workbook.ts";
import type { Database } from "../prisma/db.ts";
import { openTestDatabase } from "./support/db.ts";
import { failure, newDistrict } from "./support/cli.ts";


let db: Database;
let ctx: CliContext;
let dir: string;
beforeAll(async () => {
  db = await openTestDatabase();
  ctx = cliContext(db.prisma);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "shnor-messages-"));
});
afterAll(async () => {
  await db?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

let files = 0;
type Cell = ExcelJS.CellValue;
async function workbook(rows: { schools?: Cell[][]; staff?: Cell[][] }, shape?: (book: ExcelJS.Workbook) => void): Promise<string> {
  const book = await buildTemplate();
  for (const values of rows.schools ?? []) book.getWorksheet("Школы")!.addRow(values);
  for (const values of rows.staff ?? []) book.getWorksheet("Сотрудники")!.addRow(values);
  shape?.(book);
  const file = path.join(dir, `book-${++files}.xlsx`);
  await book.xlsx.writeFile(file);
  return file;
}

async function importFile(district: string, file: string) {
  const rows = await readWorkbook(file);
  return cli.importXlsx(ctx, { district, schools: rows.schools, staff: rows.staff, fileWarnings: rows.warnings });
}

const problemLines = (error: AdminError) => error.message.split("\n");

describe("файл, который не книга Excel", () => {
  it("пустой файл — «файл пустой»; текст с расширением .xlsx — «это не файл Excel (.xlsx)», без английского текста библиотеки", async () => {
    const empty = path.join(dir, "empty.xlsx");
    fs.writeFileSync(empty, "");
    const emptyError = await failure(readWorkbook(empty));
    expect(forOperator(emptyError).message).toBe("--file: файл пустой");

    const text = path.join(dir, "text.xlsx");
    fs.writeFileSync(text, "ФИО;Роль\nИванова Мария;учитель\n");
    const textError = await failure(readWorkbook(text));
    expect(textError.message).toMatch(/^это не файл Excel \(\.xlsx\)/);
    // A ZIP that is not a workbook: still Russian, no «Corrupted zip» or «central directory».
    const zip = path.join(dir, "zip.xlsx");
    fs.writeFileSync(zip, Buffer.concat([Buffer.from("PK\x03\x04"), Buffer.alloc(200, 1)]));
    const zipError = await failure(readWorkbook(zip));
    expect(zipError.message).toMatch(/^это не файл Excel \(\.xlsx\) или он повреждён/);
    for (const error of [emptyError, textError, zipError]) expect(error.message).not.toMatch(/zip|central|directory|signature|end of/i);
  });

  it("книга больше 10 000 строк отказывается при потоковом чтении, до загрузки целиком, и называет --file", async () => {
    const file = path.join(dir, "huge.xlsx");
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file });
    const sheet = writer.addWorksheet("Сотрудники");
    sheet.addRow(["Код ОО", "ФИО", "Роль"]).commit();
    for (let n = 0; n < WORKBOOK_LIMITS.rows.staff + 50; n++) sheet.addRow(["560301", `Иванова Мария ${n}`, "учитель"]).commit();
    await writer.commit();
    const started = performance.now();
    const error = forOperator(await failure(readWorkbook(file)));
    expect(error.message).toMatch(/^--file: в листе «.+» больше 10 000 строк/);
    expect(error.message).not.toContain("--staff");
    expect(performance.now() - started).toBeLessThan(5000);

    // Rows sent straight to the command (the bridge) are refused naming --file too, never --staff.
    const rows = Array.from({ length: 10_001 }, (_, n) => ({ row: n + 2, code: "1", name: "Иванова Мария", role: "учитель" }));
    expect(() => cli.importXlsx.validate({ district: "x", staff: rows })).toThrow(/^--file: в листе «Сотрудники» больше 10 000 строк/);

    const big = path.join(dir, "big.xlsx");
    fs.writeFileSync(big, Buffer.concat([Buffer.from("PK\x03\x04"), Buffer.alloc(WORKBOOK_LIMITS.bytes + 1)]));
    expect(forOperator(await failure(readWorkbook(big))).message).toMatch(/^--file: файл 10,0 МБ — больше 10 МБ/);
  });
});

describe("сообщения о строках", () => {
  it("формула без сохранённого значения — так и сказано; строка школы из одних таких формул не пропадает молча", async () => {
    const district = await newDistrict(ctx, { name: "Район формул" });
    const file = await workbook({
      schools: [[{ formula: "B9" } as Cell, { formula: "C9" } as Cell]],
      staff: [["560301", { formula: "CONCATENATE(\"Иванова\",\" Мария\")" } as Cell, "учитель"]],
    });
    const rows = await readWorkbook(file);
    expect(rows.schools).toEqual([{ row: 4, code: "", name: "", formulas: ["code", "name"] }]);
    const error = await failure(importFile(district.id, file));
    const lines = problemLines(error);
    expect(lines).toContain(
      "«Школы», строка 4, столбец «Код ОО»: в ячейке формула без сохранённого значения — откройте файл в Excel, сохраните его и загрузите снова (или впишите значение)",
    );
    expect(lines.some((line) => line.startsWith("«Сотрудники», строка 6, столбец «ФИО»: в ячейке формула без сохранённого значения"))).toBe(true);
    expect(error.message).not.toContain("не заполнено ФИО");
  });

  it("#DIV/0! — ошибка Excel, а не «в ФИО есть цифры»; ячейка длиннее 1000 символов — по-русски, с листом и строкой", async () => {
    const district = await newDistrict(ctx, { name: "Район ошибок Excel" });
    const file = await workbook({
      schools: [["560301", "МБОУ «СОШ № 1»"]],
      staff: [
        ["560301", { formula: "1/0", result: { error: "#DIV/0!" } } as Cell, "учитель"],
        ["560301", "Иванова " + "а".repeat(1200), "учитель"],
      ],
    });
    const error = await failure(importFile(district.id, file));
    const lines = problemLines(error);
    expect(lines).toContain("«Сотрудники», строка 6, столбец «ФИО»: в ячейке ошибка Excel «#DIV/0!» — исправьте формулу или впишите значение");
    expect(lines).toContain("«Сотрудники», строка 7, столбец «ФИО»: слишком длинный текст: 1208 символов, можно не больше 200");
    expect(error.message).not.toContain("цифры");
    expect(error.message).not.toMatch(/Too big|expected/);
  });

  it("«🙂 🙂» — не ФИО; невидимые пробелы убираются, и человек узнаётся при повторной загрузке", async () => {
    const district = await newDistrict(ctx, { name: "Район смайлов" });
    const emoji = await failure(importFile(district.id, await workbook({ schools: [["560301", "МБОУ «СОШ № 1»"]], staff: [["560301", "🙂 🙂", "учитель"]] })));
    expect(problemLines(emoji)).toContain("«Сотрудники», строка 6, столбец «ФИО»: «🙂 🙂» не похоже на ФИО: в каждом слове нужны буквы");

    const first = await importFile(district.id, await workbook({ schools: [["560301", "МБОУ «СОШ № 1»"]], staff: [["560301", "Петрова\u200B Анна\u00A0Сергеевна", "учитель"]] }));
    expect(first.staff.newPeople).toBe(1);
    const stored = await db.prisma.person.findFirst({ where: { memberships: { some: { districtId: district.id } } } });
    expect(stored!.displayName).toBe("Петрова Анна Сергеевна");
    const again = await importFile(district.id, await workbook({ staff: [["560301", "Петрова Анна Сергеевна\uFEFF", "учитель"]] }));
    expect(again.staff).toMatchObject({ newPeople: 0, alreadyPresent: 1 });
  });

  it("«Кузнецова О.И.» и «Кузнецова Ольга Ивановна» в одной школе — предупреждение о возможном дубле; объединённые ячейки — предупреждение", async () => {
    const district = await newDistrict(ctx, { name: "Район дублей" });
    const file = await workbook(
      {
        schools: [["560301", "МБОУ «СОШ № 1»"]],
        staff: [
          ["560301", "Кузнецова Ольга Ивановна", "учитель"],
          ["560301", "Кузнецова О.И.", "учитель"],
          ["560301", "Смирнов Олег Петрович", "руководитель"],
          ["", "Орлова Нина Павловна", "учитель"],
        ],
      },
      (book) => book.getWorksheet("Сотрудники")!.mergeCells("A8:A9"),
    );
    const result = await importFile(district.id, file);
    expect(result.warnings).toContain(
      "«Сотрудники», строка 7, столбец «ФИО»: «Кузнецова О.И.» и «Кузнецова Ольга Ивановна» (строка 6) в одной школе — возможно, один человек; будут два человека, если не исправить",
    );
    expect(result.warnings).toContain(
      "«Сотрудники», ячейки A8:A9 объединены: значение верхней ячейки попадёт в каждую строку блока — проверьте эти строки или разъедините ячейки и заполните каждую",
    );
  });

  it("код без ведущих нулей (701 при 0701 в районе) — предупреждение; повторы строк видны вместе с ошибками", async () => {
    const district = await newDistrict(ctx, { name: "Район нулей" });
    await cli.schoolAdd(ctx, { district: district.id, name: "МКОУ «Ключевская ООШ»", code: "0701" });
    // Excel stored the code as the number 701: the import goes through (a new school 701), with the warning.
    const warned = await importFile(district.id, await workbook({ schools: [[701, "МКОУ «Ключевская ООШ» (филиал)"]] }));
    expect(warned.warnings).toEqual([
      "«Школы», строка 4, столбец «Код ОО»: новая школа с кодом 701, а в районе уже есть 0701 «МКОУ «Ключевская ООШ»» — " +
        "Excel убирает ведущие нули у чисел; если это она, задайте столбцу текстовый формат и впишите код с нулём",
    ]);

    const both = await failure(
      importFile(
        district.id,
        await workbook({
          staff: [
            ["0701", "Иванова Мария Петровна", "учитель"],
            ["0701", "Иванова Мария Петровна", "учитель"],
            ["0701", "Петров Пётр Петрович", "завуч"],
          ],
        }),
      ),
    );
    const lines = problemLines(both);
    expect(lines[0]).toBe("Файл не загружен, ничего не записано: проблем 1.");
    expect(lines).toContain("«Сотрудники», строка 8, столбец «Роль»: неизвестная роль «завуч»; допустимо: учитель, руководитель, наставник");
    expect(lines).toContain("Замечания (1), загрузку не останавливают, но проверьте:");
    expect(lines).toContain("«Сотрудники», строка 7: повторяет строку 6 (то же ФИО, школа и роль) — пропущена");
  });

  it("9 000 плохих строк: по 50 каждого вида и счёт остальных; полный список — в detail.lines (CLI пишет его в файл)", async () => {
    const district = await newDistrict(ctx, { name: "Район девяти тысяч" });
    const staff = Array.from({ length: 9000 }, (_, n) => ({ row: n + 2, code: "560301", name: `Иванова Мария ${"абвгд"[n % 5]}`, role: "завуч" }));
    const error = await failure(cli.importXlsx(ctx, { district: district.id, schools: [{ row: 2, code: "560301", name: "МБОУ «СОШ № 1»" }], staff }));
    const lines = problemLines(error);
    expect(lines[0]).toBe("Файл не загружен, ничего не записано: проблем 9000.");
    expect(lines.filter((line) => line.includes("неизвестная роль «завуч»") && line.startsWith("«Сотрудники», строка"))).toHaveLength(50);
    expect(lines).toContain("… и ещё 8950 таких же (Сотрудники, «Роль»: неизвестная роль «завуч»; допустимо: учитель, руководитель, наставник)");
    expect(lines.length).toBeLessThan(60);
    expect(error.detail.lines).toHaveLength(9000);
    // The CLI writes the full list beside, never over an earlier one.
    const first = writeFullList(error.detail.lines!, dir)!;
    const second = writeFullList(error.detail.lines!, dir)!;
    expect([path.basename(first), path.basename(second)]).toEqual(["spisok-problem.txt", "spisok-problem-2.txt"]);
    expect(fs.readFileSync(first, "utf8").trim().split("\n")).toHaveLength(9000);
  });
});

describe("анкета с 20 000 вопросов", () => {
  it("отклоняется сразу, с названным пределом", () => {
    const questions = Array.from({ length: 20_000 }, (_, n) => ({ id: `q${n}`, areaId: teacherDiagnosticV1.areas[0]!.id, text: "Вопрос" }));
    const started = performance.now();
    const checked = checkInstrumentFile({ ...teacherDiagnosticV1, version: 2, questions }, [1], false);
    expect(checked.instrument).toBeNull();
    expect(checked.problems).toEqual(["questions: вопросов 20000, а можно не больше 200 — анкету отвечают в чате за один раз"]);
    expect(performance.now() - started).toBeLessThan(500);
    const long = checkInstrumentFile({ ...teacherDiagnosticV1, version: 2, intro: "а".repeat(5000) }, [1], false);
    expect(long.problems).toEqual(["intro: текст длиной 5000 символов, можно не больше 2000"]);
  });
});

describe("лист приглашений и права", () => {
  it("ссылка для родителей действует до конца учебного года (31 августа по времени района); на листе нет команд оболочки", async () => {
    const district = await newDistrict(ctx, { name: "Район стенда", timezone: "Asia/Yekaterinburg" });
    await cli.schoolAdd(ctx, { district: district.id, name: "МБОУ «Сосновская СОШ»", code: "560311" });
    const november = cliContext(db.prisma, { clock: { now: () => new Date("2026-11-29T10:00:00Z") } });
    const sheet = await inviteSheet(november, null, { district: district.id, school: "560311", teachers: 1, parents: true, bots: { telegram: "shnor_demo_bot", max: null } });
    const parent = sheet.invites.find((invite) => invite.role === "parent")!;
    const teacher = sheet.invites.find((invite) => invite.role === "teacher")!;
    // Midnight starting 1 September 2027 in Yekaterinburg (UTC+5).
    expect(parent.expiresAt.toISOString()).toBe("2027-08-31T19:00:00.000Z");
    expect(teacher.expiresAt.toISOString()).toBe("2026-12-29T10:00:00.000Z");
    const html = await renderInviteSheet(sheet);
    expect(html).not.toMatch(/npm|--code|cli/);
    expect(html).toContain("сообщите в РУО её код");
    // From August on, a poster is for the coming school year.
    expect(schoolYearEnd(new Date("2027-08-10T00:00:00Z"), "Europe/Moscow").toISOString()).toBe("2028-08-31T21:00:00.000Z");
    expect(schoolYearEnd(new Date("2027-07-31T12:00:00Z"), "Europe/Moscow").toISOString()).toBe("2027-08-31T21:00:00.000Z");
  });

  it("шаблон XLSX, который получает методист, не показывает команд оболочки", async () => {
    const help = (await buildTemplate()).getWorksheet("Инструкция")!;
    const texts: string[] = [];
    help.eachRow((row) => row.eachCell((cell) => texts.push(String(cell.value))));
    expect(texts.join("\n")).toContain("Как заполнить");
    expect(texts.join("\n")).not.toMatch(/npm|--district|cli/);
  });

  it("сотрудник РУО открывает и закрывает кампанию только своего района; чужой район — отказ", async () => {
    const own = await newDistrict(ctx, { name: "Свой район" });
    const other = await newDistrict(ctx, { name: "Чужой район" });
    const officer: PersonView = {
      id: "officer",
      displayName: "Сотрудник РУО",
      consentAt: new Date(),
      memberships: [{ id: "m1", role: "district", districtId: own.id, schoolId: null, active: true, districtName: own.name, districtTimezone: "Europe/Moscow", schoolName: null }],
    };
    const opened = await openCampaign(ctx, officer, { district: own.id, days: 10 });
    expect((await listCampaigns(ctx, officer, { district: own.id })).campaigns[0]).toMatchObject({ id: opened.id, status: "open" });
    const refused = await openCampaign(ctx, officer, { district: other.id }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AdminError);
    expect((refused as AdminError).kind).toBe("forbidden");
    const ended = { ...officer, memberships: [{ ...officer.memberships[0]!, active: false }] };
    expect(((await closeCampaign(ctx, ended, { campaign: opened.id }).catch((error: unknown) => error)) as AdminError).kind).toBe("forbidden");
    const closed = await closeCampaign(ctx, officer, { campaign: opened.id });
    expect(closed.was).toBe("open");
    expect((await listCampaigns(ctx, null, { district: own.id })).campaigns[0]!.status).toBe("closed");
    expect((await closeCampaign(ctx, officer, { campaign: opened.id })).was).toBe("closed");
    // Creating districts is the operator's alone.
    expect(((await createDistrict(ctx, officer, { name: "Ещё район", timezone: "Europe/Moscow" }).catch((error: unknown) => error)) as AdminError).kind).toBe(
      "forbidden",
    );
  });
});
