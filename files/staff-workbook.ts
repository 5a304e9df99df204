// The XLSX side of the bulk import, shared by the CLI (a file on disk) and the server (an upload):
// the template a district fills in, and reading a filled workbook into plain rows for the import
// (core/services/staff-import.ts checks them). Columns are found by their titles, so their order and
// any extra columns do not matter. The size and the number of rows are checked while streaming,
// before the whole book is loaded: a million-row file is refused after reading about 10 000 rows.
import fs from "node:fs";
import path from "node:path";
import type * as ExcelJS from "exceljs";

/** exceljs costs about 28 MB of memory: loaded on the first workbook, not at server start. */
export async function loadExcel(): Promise<typeof import("exceljs")> {
  const module = (await import("exceljs")) as typeof import("exceljs") & { default?: typeof import("exceljs") };
  // A CommonJS package: Node gives it as `default`, some loaders (vitest's) as the namespace itself.
  return module.default ?? module;
}
import { AdminError } from "../core/services/admin.ts";
import {
  COLUMN,
  EXAMPLE_MARK,
  SHEET,
  STAFF_ROLE_WORDS,
  cleanText,
  nameKey,
  type SchoolRow,
  type StaffRow,
} from "../core/services/staff-import.ts";

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
  "Загрузите заполненный файл: сначала проверка без записи, затем загрузка. Если в файле есть ошибки, ничего не записывается, а проверка перечисляет их все — с листом, номером строки и столбцом.",
  "После загрузки у каждого нового человека есть личное приглашение; листы с ФИО и QR-кодами печатаются по школам.",
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
export async function buildTemplate(): Promise<ExcelJS.Workbook> {
  const Excel = await loadExcel();
  const workbook = new Excel.Workbook();
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
    await (await buildTemplate()).xlsx.writeFile(file);
  } catch (error) {
    throw new AdminError("invalid", `не удалось записать ${file} (${(error as Error).message})`, { field: "out" });
  }
}

// ---------- reading ----------

/** Limits of one workbook: its size, and rows per sheet (the same as the import takes). */
export const WORKBOOK_LIMITS = {
  bytes: 10 * 1024 * 1024,
  rows: { schools: 2000, staff: 10_000 },
  /** A longer cell is cut here; the row check reports its length against the column's limit. */
  cell: 100_000,
} as const;

const refuse = (message: string, hint?: string) => new AdminError("invalid", message, { field: "file", ...(hint ? { hint } : {}) });

/** A formula cell that was never computed (no saved result): its text is unknown. */
const isBlankFormula = (value: ExcelJS.CellValue) =>
  value !== null &&
  typeof value === "object" &&
  ("formula" in value || "sharedFormula" in value) &&
  ((value as ExcelJS.CellFormulaValue).result === undefined || (value as ExcelJS.CellFormulaValue).result === null);

/** A cell's text whatever Excel stored: a number, rich text, a link, a formula's result, an error value. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value.slice(0, WORKBOOK_LIMITS.cell);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ("richText" in value) return value.richText.map((part) => part.text).join("").slice(0, WORKBOOK_LIMITS.cell);
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
  /** What the file's shape may have done to the rows (merged cells): shown with the import's warnings. */
  warnings: string[];
}

function readRows<T extends { row: number; formulas?: string[] }>(
  sheet: ExcelJS.Worksheet,
  where: SheetLayout,
  build: (text: (field: string) => string, row: number) => T,
): { rows: T[]; examples: number } {
  const rows: T[] = [];
  let examples = 0;
  sheet.eachRow((row, rowNumber) => {
    if (rowNumber <= where.headerRow) return;
    const text = (field: string) => cellText(row.getCell(where.columns[field]!).value);
    const fields = Object.keys(where.columns);
    // Named as the row's fields: the ФИО and the school's name are both `name`.
    const formulas = fields
      .filter((field) => isBlankFormula(row.getCell(where.columns[field]!).value))
      .map((field) => (field === "person" || field === "schoolName" ? "name" : field));
    // A row of formulas without values is not empty: it is reported, not skipped.
    if (!formulas.length && fields.every((field) => !cleanText(text(field)))) return;
    const first = cleanText(cellText(row.getCell(1).value));
    if (nameKey(first).startsWith(nameKey(EXAMPLE_MARK)) || nameKey(text("code")).startsWith(nameKey(EXAMPLE_MARK))) {
      examples++;
      return;
    }
    const built = build(text, rowNumber);
    rows.push(formulas.length ? { ...built, formulas } : built);
  });
  return { rows, examples };
}

/** Merged blocks below the header: every row of the block reads the top-left value. */
function mergedWarnings(sheet: ExcelJS.Worksheet, where: SheetLayout): string[] {
  const merges = ((sheet.model as unknown as { merges?: string[] }).merges ?? []).filter((range) => {
    const bottom = Number(/(\d+)$/.exec(range)?.[1] ?? 0);
    return bottom > where.headerRow;
  });
  return merges.map(
    (range) =>
      `«${sheet.name}», ячейки ${range} объединены: значение верхней ячейки попадёт в каждую строку блока — ` +
      "проверьте эти строки или разъедините ячейки и заполните каждую",
  );
}

/** The book's bytes: a file on disk (the CLI) or an upload (the server). */
async function bytesOf(source: string | Uint8Array): Promise<Buffer> {
  if (typeof source !== "string") return Buffer.from(source.buffer, source.byteOffset, source.byteLength);
  if (!fs.existsSync(source)) throw refuse(`файл ${source} не найден`);
  if (/\.(xls|ods|csv)$/i.test(source)) {
    throw refuse(`нужен файл .xlsx; сохраните ${path.basename(source)} как «Книга Excel (.xlsx)» и повторите`);
  }
  const size = fs.statSync(source).size;
  if (size > WORKBOOK_LIMITS.bytes) throw tooBig(size);
  return fs.promises.readFile(source);
}

const tooBig = (size: number) =>
  refuse(
    `файл ${(size / 1024 / 1024).toFixed(1).replace(".", ",")} МБ — больше ${WORKBOOK_LIMITS.bytes / 1024 / 1024} МБ; ` +
      `в одном файле можно загрузить до ${WORKBOOK_LIMITS.rows.staff.toLocaleString("ru-RU").replace(/\s/g, " ")} сотрудников — разделите его по школам`,
  );

/**
 * Counts the rows of each sheet while streaming, stopping as soon as one is over its limit, so that
 * a huge book is refused before it is loaded.
 */
async function checkRowCounts(bytes: Buffer): Promise<void> {
  // JSZip reads the zip's directory and inflates one sheet at a time as a stream, so rows are counted
  // without holding a sheet in memory. (exceljs's streaming reader, tried first, failed sound files with
  // unzipper's FILE_ENDED when the machine was busy.)
  const JSZip = (await import("jszip")).default;
  const zip = await JSZip.loadAsync(bytes);
  const names = await sheetNames(zip);
  const limit = WORKBOOK_LIMITS.rows.staff + 10;
  const sheets = Object.keys(zip.files).filter((file) => /^xl\/worksheets\/[^/]+\.xml$/.test(file));
  for (const [index, file] of sheets.entries()) {
    const rows = await countRows(zip.file(file)!.nodeStream("nodebuffer"), limit);
    if (rows > limit) {
      throw refuse(
        `в листе «${names.get(file) ?? `№${index + 1}`}» больше ${WORKBOOK_LIMITS.rows.staff.toLocaleString("ru-RU").replace(/\s/g, " ")} строк — столько за раз не загрузить; ` +
          "разделите файл по школам и загрузите частями",
      );
    }
  }
}

/** Sheet names by part path, from xl/workbook.xml and its relationships (only for messages). */
async function sheetNames(zip: import("jszip")): Promise<Map<string, string>> {
  const workbook = (await zip.file("xl/workbook.xml")?.async("string")) ?? "";
  const rels = (await zip.file("xl/_rels/workbook.xml.rels")?.async("string")) ?? "";
  const targets = new Map<string, string>();
  for (const match of rels.matchAll(/<Relationship\b[^>]*>/g)) {
    const id = match[0].match(/\bId="([^"]+)"/)?.[1];
    const target = match[0].match(/\bTarget="([^"]+)"/)?.[1];
    if (id && target) targets.set(id, target.startsWith("/") ? target.slice(1) : `xl/${target}`);
  }
  const names = new Map<string, string>();
  for (const match of workbook.matchAll(/<sheet\b[^>]*>/g)) {
    const name = match[0].match(/\bname="([^"]*)"/)?.[1];
    const id = match[0].match(/\br:id="([^"]+)"/)?.[1];
    const part = id ? targets.get(id) : undefined;
    if (name !== undefined && part) names.set(part, name.replaceAll("&amp;", "&").replaceAll("&quot;", '"').replaceAll("&lt;", "<").replaceAll("&gt;", ">"));
  }
  return names;
}

/** Counts `<row` elements in a sheet's XML stream, stopping once past `limit`. */
function countRows(stream: NodeJS.ReadableStream, limit: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let rows = 0;
    let tail = "";
    stream.on("data", (chunk: Buffer) => {
      const text = tail + chunk.toString("latin1");
      rows += text.match(/<row[\s>]/g)?.length ?? 0;
      // A tag cut between two chunks is found in the next one; four characters cannot hold a whole match.
      tail = text.slice(-4);
      if (rows > limit) {
        stream.removeAllListeners("data");
        (stream as NodeJS.ReadableStream & { pause(): void }).pause();
        resolve(rows);
      }
    });
    stream.on("end", () => resolve(rows));
    stream.on("error", reject);
  });
}

/**
 * Reads a filled template into plain rows. Only the file's shape is judged here (size, kind, sheets,
 * header columns, row counts, merged cells); the rows themselves are checked by the import, which
 * sees the district. Refusals are AdminError("invalid") about the file, in Russian.
 */
export async function readWorkbook(source: string | Uint8Array): Promise<WorkbookRows> {
  const bytes = await bytesOf(source);
  if (!bytes.length) throw refuse("файл пустой");
  if (bytes.length > WORKBOOK_LIMITS.bytes) throw tooBig(bytes.length);
  // Every .xlsx is a ZIP archive: it starts with "PK".
  if (bytes[0] !== 0x50 || bytes[1] !== 0x4b) {
    throw refuse("это не файл Excel (.xlsx); откройте его в Excel и сохраните как «Книга Excel (.xlsx)»");
  }
  try {
    await checkRowCounts(bytes);
  } catch (error) {
    if (error instanceof AdminError) throw error;
    throw refuse("это не файл Excel (.xlsx) или он повреждён; откройте его в Excel и сохраните как «Книга Excel (.xlsx)»");
  }
  const workbook = new (await loadExcel()).Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw refuse("это не файл Excel (.xlsx) или он повреждён; откройте его в Excel и сохраните как «Книга Excel (.xlsx)»");
  }
  const find = (title: string) => workbook.worksheets.find((sheet) => nameKey(sheet.name) === nameKey(title));
  const schoolsSheet = find(SHEET.schools);
  const staffSheet = find(SHEET.staff);
  const problems: string[] = [];
  if (!staffSheet) {
    const names = workbook.worksheets.map((sheet) => `«${sheet.name}»`).join(", ") || "нет листов";
    throw refuse(`в книге нет листа «${SHEET.staff}» (есть: ${names}).`, "Возьмите шаблон: npm run cli -- import template");
  }
  const staffLayout = layout(staffSheet, ["code", "person", "role"], problems);
  // «Школы» may be left out when every school is already in the district.
  const schoolsLayout = schoolsSheet ? layout(schoolsSheet, ["code", "schoolName"], problems) : null;
  if (problems.length || !staffLayout) throw refuse(problems.join("\n"));

  const schools =
    schoolsSheet && schoolsLayout
      ? readRows(schoolsSheet, schoolsLayout, (text, row) => ({ row, code: text("code"), name: text("schoolName") }))
      : { rows: [], examples: 0 };
  const staff = readRows(staffSheet, staffLayout, (text, row) => ({ row, code: text("code"), name: text("person"), role: text("role") }));
  for (const [key, rows] of [["schools", schools.rows], ["staff", staff.rows]] as const) {
    const limit = WORKBOOK_LIMITS.rows[key];
    if (rows.length > limit) {
      throw refuse(`в листе «${SHEET[key]}» ${rows.length} строк, а за раз можно не больше ${limit.toLocaleString("ru-RU").replace(/\s/g, " ")}; разделите файл и загрузите частями`);
    }
  }
  const warnings = [
    ...(schoolsSheet && schoolsLayout ? mergedWarnings(schoolsSheet, schoolsLayout) : []),
    ...mergedWarnings(staffSheet, staffLayout),
  ];
  return { schools: schools.rows, staff: staff.rows, examples: { schools: schools.examples, staff: staff.examples }, warnings };
}
