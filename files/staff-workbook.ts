// The XLSX side of the bulk import, in the CLI's process only: the template a district fills in, and
// reading a filled workbook into plain rows for `import xlsx` (cli/staff-import.ts checks them).
// Columns are found by their titles, so their order and any extra columns do not matter.
import fs from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import { CliError } from "./commands.ts";
import { COLUMN, EXAMPLE_MARK, SHEET, STAFF_ROLE_WORDS, cleanText, nameKey, type SchoolRow, type StaffRow } from "./staff-import.ts";

/** Rows the template prepares (validation lists, text format of the code column). */
const TEMPLATE_ROWS = 2000;
const GREY = "FF7F7F7F";
const HEADER_FILL: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFDDEBF7" } };

const INSTRUCTIONS = [
  "Как заполнить",
  `1. Лист «${SHEET.schools}»: одна строка — одна школа. «${COLUMN.code}» — официальный код образовательной организации; по нему школа узнаётся при повторной загрузке. «${COLUMN.schoolName}» — полное название. Третий столбец — для ваших заметок, он не загружается.`,
  `2. Лист «${SHEET.staff}»: одна строка — один человек в одной школе. «${COLUMN.role}» — из списка: ${STAFF_ROLE_WORDS.join(", ")} (руководитель — директор или заместитель). Последний столбец — для заметок, он не загружается.`,
  "3. Учитель, который работает в двух школах, — две строки с одинаковым ФИО и разными кодами ОО: это будет один человек с одним приглашением.",
  "4. ФИО пишите полностью и одинаково во всех строках: по ФИО, школе и роли система узнаёт уже загруженных людей, поэтому файл можно загрузить повторно — добавятся только новые.",
  `5. Серые строки, которые начинаются со слова «${EXAMPLE_MARK}», — образец; они не загружаются, их можно удалить или оставить.`,
  `6. Школы, которые уже есть в системе, в лист «${SHEET.schools}» можно не вносить: хватит их кода в листе «${SHEET.staff}».`,
  "7. Код ОО вводите как текст (столбец уже так настроен): иначе Excel отбросит ведущие нули.",
  "",
  "Загрузка",
  'Проверка без записи:  npm run cli -- import xlsx --district "<район>" --file <этот файл> --dry-run',
  'Загрузка:             npm run cli -- import xlsx --district "<район>" --file <этот файл>',
  "Если в файле есть ошибки, ничего не записывается, а команда перечисляет их все — с листом, номером строки и столбцом.",
  'После загрузки у каждого нового человека есть личное приглашение. Лист с ФИО и QR-кодами на школу: npm run cli -- invite sheet --district "<район>" --school <код ОО> --existing',
];

function headerRow(sheet: ExcelJS.Worksheet, titles: string[], widths: number[]) {
  sheet.columns = titles.map((header, index) => ({ header, width: widths[index] }));
  const row = sheet.getRow(1);
  row.font = { bold: true };
  row.eachCell((cell) => {
    cell.fill = HEADER_FILL;
    cell.alignment = { vertical: "middle", wrapText: true };
  });
  row.height = 30;
  sheet.views = [{ state: "frozen", ySplit: 1 }];
}

function exampleRows(sheet: ExcelJS.Worksheet, rows: string[][]) {
  for (const values of rows) {
    const row = sheet.addRow(values);
    row.font = { italic: true, color: { argb: GREY } };
  }
}

/** exceljs keeps range validations in `dataValidations`, which its typings do not declare. */
function validate(sheet: ExcelJS.Worksheet, range: string, rule: ExcelJS.DataValidation) {
  (sheet as unknown as { dataValidations: { add(range: string, rule: ExcelJS.DataValidation): void } }).dataValidations.add(range, rule);
}

/** The template: «Инструкция», «Школы», «Сотрудники», with example rows and a list of roles. */
export function buildTemplate(): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "ШНОР: поддержка школ";

  const help = workbook.addWorksheet(SHEET.help);
  help.getColumn(1).width = 130;
  INSTRUCTIONS.forEach((line, index) => {
    const cell = help.getCell(index + 1, 1);
    cell.value = line;
    cell.alignment = { wrapText: true, vertical: "top" };
    if (line === "Как заполнить" || line === "Загрузка") cell.font = { bold: true, size: 13 };
  });

  const schools = workbook.addWorksheet(SHEET.schools);
  headerRow(schools, [COLUMN.code, COLUMN.schoolName, COLUMN.schoolNote], [16, 60, 40]);
  schools.getColumn(1).numFmt = "@";
  exampleRows(schools, [
    [`${EXAMPLE_MARK}: 560301`, "МБОУ «Первомайская СОШ № 1»", "образец, не загружается"],
    [`${EXAMPLE_MARK}: 560302`, "МКОУ «Луговская ООШ»", "образец, не загружается"],
  ]);

  const staff = workbook.addWorksheet(SHEET.staff);
  headerRow(staff, [COLUMN.code, COLUMN.person, COLUMN.role, COLUMN.staffNote], [16, 40, 18, 40]);
  staff.getColumn(1).numFmt = "@";
  exampleRows(staff, [
    [`${EXAMPLE_MARK}: 560301`, "Иванова Мария Петровна", "руководитель", "директор"],
    [`${EXAMPLE_MARK}: 560301`, "Петрова Анна Сергеевна", "учитель", "математика; работает в двух школах"],
    [`${EXAMPLE_MARK}: 560302`, "Петрова Анна Сергеевна", "учитель", "та же учительница во второй школе"],
    [`${EXAMPLE_MARK}: 560302`, "Сидоров Илья Павлович", "наставник", ""],
  ]);
  validate(staff, `C2:C${TEMPLATE_ROWS}`, {
    type: "list",
    allowBlank: true,
    formulae: [`"${STAFF_ROLE_WORDS.join(",")}"`],
    showErrorMessage: true,
    errorTitle: "Роль",
    error: `Выберите из списка: ${STAFF_ROLE_WORDS.join(", ")}`,
    showInputMessage: true,
    promptTitle: "Роль",
    prompt: STAFF_ROLE_WORDS.join(", "),
  });
  // Codes from «Школы» as a drop-down; a warning only, since a school loaded earlier need not be listed there.
  validate(staff, `A2:A${TEMPLATE_ROWS}`, {
    type: "list",
    allowBlank: true,
    formulae: [`'${SHEET.schools}'!$A$2:$A$${TEMPLATE_ROWS}`],
    showErrorMessage: true,
    errorStyle: "warning",
    errorTitle: "Код ОО",
    error: `Такого кода нет в листе «${SHEET.schools}». Если школа уже загружена в систему раньше, нажмите «Да».`,
  });
  return workbook;
}

/** `import template`: the default name is never written over (a filled copy may sit there). */
export function templatePath(out: string | undefined, cwd = process.cwd()): string {
  if (out) return path.resolve(cwd, out);
  const base = path.join(cwd, "shkoly-i-sotrudniki");
  let candidate = `${base}.xlsx`;
  for (let index = 2; fs.existsSync(candidate); index++) candidate = `${base}-${index}.xlsx`;
  return candidate;
}

export async function writeTemplate(file: string): Promise<void> {
  try {
    await buildTemplate().xlsx.writeFile(file);
  } catch (error) {
    throw new CliError("invalid", `--out: не удалось записать ${file} (${(error as Error).message})`);
  }
}

// ---------- reading ----------

/** A cell's text whatever Excel stored: a number, rich text, a link, a formula's result. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ("richText" in value) return value.richText.map((part) => part.text).join("");
  if ("formula" in value || "sharedFormula" in value) return cellText((value as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
  if ("text" in value) return typeof value.text === "string" ? value.text : cellText(value.text as ExcelJS.CellValue);
  if ("error" in value) return String(value.error);
  return "";
}

/** A header as compared: lower case, without "(…)", "*", dots and extra spaces. */
const headerKey = (title: string) => nameKey(title.replace(/\(.*?\)/g, " ").replace(/[*.:]/g, " "));

const HEADERS: Record<string, string[]> = {
  code: ["код оо", "код", "код школы", "код организации"],
  schoolName: ["название", "наименование", "название школы", "наименование оо", "название оо"],
  person: ["фио", "ф и о", "фамилия имя отчество"],
  role: ["роль"],
};

interface SheetLayout {
  headerRow: number;
  columns: Record<string, number>;
}

/** Finds the header row (one of the first ten) and the columns by their titles. */
function layout(sheet: ExcelJS.Worksheet, needed: string[], problems: string[]): SheetLayout | null {
  const titles = (fields: string[]) => fields.map((field) => `«${COLUMN[field as keyof typeof COLUMN]}»`).join(", ");
  for (let rowNumber = 1; rowNumber <= Math.min(10, sheet.rowCount); rowNumber++) {
    const columns: Record<string, number> = {};
    sheet.getRow(rowNumber).eachCell((cell, column) => {
      const key = headerKey(cellText(cell.value));
      for (const field of needed) if (columns[field] === undefined && HEADERS[field]!.includes(key)) columns[field] = column;
    });
    if (columns.code === undefined) continue;
    const missing = needed.filter((field) => columns[field] === undefined);
    if (missing.length) {
      problems.push(`лист «${sheet.name}», строка заголовков ${rowNumber}: нет столбца ${titles(missing)}`);
      return null;
    }
    return { headerRow: rowNumber, columns };
  }
  problems.push(`лист «${sheet.name}»: не найдена строка заголовков (${titles(needed)}) в первых десяти строках`);
  return null;
}

export interface WorkbookRows {
  schools: SchoolRow[];
  staff: StaffRow[];
  /** Example rows («Пример…») left out, per sheet. */
  examples: { schools: number; staff: number };
}

function readRows<T extends { row: number }>(
  sheet: ExcelJS.Worksheet,
  where: SheetLayout,
  build: (text: (field: string) => string, row: number) => T,
): { rows: T[]; examples: number } {
  const rows: T[] = [];
  let examples = 0;
  sheet.eachRow((row, rowNumber) => {
    if (rowNumber <= where.headerRow) return;
    const text = (field: string) => cellText(row.getCell(where.columns[field]!).value);
    const fields = Object.keys(where.columns).map(text);
    if (fields.every((value) => !cleanText(value))) return;
    const first = cleanText(cellText(row.getCell(1).value));
    if (nameKey(first).startsWith(nameKey(EXAMPLE_MARK)) || nameKey(text("code")).startsWith(nameKey(EXAMPLE_MARK))) {
      examples++;
      return;
    }
    rows.push(build(text, rowNumber));
  });
  return { rows, examples };
}

/**
 * Reads a filled template into plain rows. Only the file's shape is judged here (sheets, header
 * columns); the rows themselves are checked by `import xlsx`, which sees the district.
 */
export async function readWorkbook(file: string): Promise<WorkbookRows> {
  if (!fs.existsSync(file)) throw new CliError("invalid", `--file: файл ${file} не найден`);
  if (/\.(xls|ods|csv)$/i.test(file)) {
    throw new CliError("invalid", `--file: нужен файл .xlsx; сохраните ${path.basename(file)} как «Книга Excel (.xlsx)» и повторите`);
  }
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.readFile(file);
  } catch (error) {
    throw new CliError("invalid", `--file: ${file} не читается как книга Excel .xlsx (${(error as Error).message})`);
  }
  const find = (title: string) => workbook.worksheets.find((sheet) => nameKey(sheet.name) === nameKey(title));
  const schoolsSheet = find(SHEET.schools);
  const staffSheet = find(SHEET.staff);
  const problems: string[] = [];
  if (!staffSheet) {
    const names = workbook.worksheets.map((sheet) => `«${sheet.name}»`).join(", ") || "нет листов";
    throw new CliError(
      "invalid",
      `--file: в книге нет листа «${SHEET.staff}» (есть: ${names}). Возьмите шаблон: npm run cli -- import template`,
    );
  }
  const staffLayout = layout(staffSheet, ["code", "person", "role"], problems);
  // «Школы» may be left out when every school is already in the district.
  const schoolsLayout = schoolsSheet ? layout(schoolsSheet, ["code", "schoolName"], problems) : null;
  if (problems.length || !staffLayout) throw new CliError("invalid", `--file: ${problems.join("\n")}`);

  const schools =
    schoolsSheet && schoolsLayout
      ? readRows(schoolsSheet, schoolsLayout, (text, row) => ({ row, code: text("code"), name: text("schoolName") }))
      : { rows: [], examples: 0 };
  const staff = readRows(staffSheet, staffLayout, (text, row) => ({ row, code: text("code"), name: text("person"), role: text("role") }));
  return { schools: schools.rows, staff: staff.rows, examples: { schools: schools.examples, staff: staff.examples } };
}
