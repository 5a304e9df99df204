// Reading a file into plain tables of cells: CSV (UTF-8 with or without BOM, UTF-16 from Excel's
// «Unicode text», or Windows-1251; `;`, `,` or tab) and XLSX (every sheet; formulas as their cached
// values; merged cells carry the top-left value, as exceljs gives it). Nothing here knows the shapes
// of the data: headers and values are judged in shapes.ts.
import type * as ExcelJS from "exceljs";
import { parse as parseCsv } from "csv-parse/sync";
import { loadExcel } from "../staff-workbook.ts";
import { intakeText } from "../../core/messages/intake.ts";
import type { FileProblem } from "../../core/identification/types.ts";

/** A formula that was never computed: its value is unknown. */
export interface BlankFormula {
  blankFormula: string;
}
/** An Excel error value (#DIV/0! …). */
export interface ErrorValue {
  excelError: string;
}
export type Cell = string | number | boolean | Date | null | BlankFormula | ErrorValue;

export interface Table {
  /** The sheet's name, or "CSV". */
  sheet: string;
  /** rows[i] is the row numbered i + 1 as the person sees it; a missing row is empty. */
  rows: Array<Cell[] | undefined>;
  /** Merged ranges ("A5:A9"), XLSX only. */
  merges: string[];
}

export interface ReadTables {
  format: "xlsx" | "csv" | null;
  tables: Table[];
  problems: FileProblem[];
}

export const INTAKE_LIMITS = {
  /** The Mini App's upload limit; Telegram gives bots files of up to 20 MB. */
  bytes: 20 * 1024 * 1024,
  /** Data rows in one file. */
  rows: 250_000,
  /**
   * Unpacked XML of the sheets of one book. exceljs holds the whole book: 40 000 rows of ten columns
   * are 14 MB of XML and cost about 270 MB of memory, so this admits about 110 000 such rows. A CSV
   * of the same rows costs a fraction of that and is limited by `rows` only.
   */
  xlsxXml: 40 * 1024 * 1024,
} as const;

const fileProblem = (message: string): FileProblem => ({ sheet: "", message });

/** Decides the format by the bytes, not the name: a .csv saved as Excel and the other way round both happen. */
export async function readTables(fileName: string, content: Uint8Array): Promise<ReadTables> {
  if (!content.length) return { format: null, tables: [], problems: [fileProblem(intakeText.empty)] };
  if (content.length > INTAKE_LIMITS.bytes) {
    return {
      format: null,
      tables: [],
      problems: [fileProblem(intakeText.tooBig(content.length / 1024 / 1024, INTAKE_LIMITS.bytes / 1024 / 1024))],
    };
  }
  const start = (bytes: number[]) => bytes.every((byte, index) => content[index] === byte);
  if (start([0x50, 0x4b])) return readXlsx(content);
  if (start([0x25, 0x50, 0x44, 0x46])) return failed(intakeText.pdf);
  if (start([0xd0, 0xcf, 0x11, 0xe0])) return failed(intakeText.oldExcel);
  const text = decode(content);
  if (text === null) return failed(/\.xlsx$/i.test(fileName) ? intakeText.brokenXlsx : intakeText.notTable);
  return readCsv(text);
}

const failed = (message: string): ReadTables => ({ format: null, tables: [], problems: [fileProblem(message)] });

/** The text of a CSV, or null for bytes that are no text at all. */
export function decode(content: Uint8Array): string | null {
  const start = (bytes: number[]) => bytes.every((byte, index) => content[index] === byte);
  if (start([0xff, 0xfe])) return new TextDecoder("utf-16le").decode(content.subarray(2));
  if (start([0xfe, 0xff])) return new TextDecoder("utf-16be").decode(content.subarray(2));
  if (start([0xef, 0xbb, 0xbf])) return new TextDecoder("utf-8").decode(content.subarray(3));
  // NUL bytes or many control characters: a binary file (an image, an archive, a database).
  const head = content.subarray(0, 4096);
  let control = 0;
  for (const byte of head) {
    if (byte === 0) return null;
    if (byte < 0x09 || (byte > 0x0d && byte < 0x20)) control++;
  }
  if (control > head.length / 20) return null;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(content);
  } catch {
    // Invalid UTF-8: Excel's «CSV (разделители — запятые)» on a Russian Windows writes Windows-1251.
    return new TextDecoder("windows-1251").decode(content);
  }
}

/**
 * The separator: the one that splits the first lines into the same number of fields most often.
 * `;` wins ties, since a decimal comma puts commas into `;` files.
 */
export function detectSeparator(text: string): ";" | "," | "\t" {
  const lines = text.split(/\r\n|\n|\r/, 40).filter((line) => line.trim()).slice(0, 20);
  let best: { separator: ";" | "," | "\t"; score: number } = { separator: ";", score: -1 };
  for (const separator of [";", "\t", ","] as const) {
    const counts = lines.map((line) => countOutsideQuotes(line, separator));
    const frequency = new Map<number, number>();
    for (const value of counts) if (value > 0) frequency.set(value, (frequency.get(value) ?? 0) + 1);
    // The most common count, and the lines that have it; more fields break ties.
    let score = 0;
    for (const [fields, lines] of frequency) score = Math.max(score, lines * 1000 + fields);
    if (score > best.score) best = { separator, score };
  }
  return best.separator;
}

function countOutsideQuotes(line: string, separator: string): number {
  let quoted = false;
  let count = 0;
  for (const char of line) {
    if (char === '"') quoted = !quoted;
    else if (char === separator && !quoted) count++;
  }
  return count;
}

function readCsv(text: string): ReadTables {
  const delimiter = detectSeparator(text);
  try {
    const records = parseCsv(text, {
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      bom: true,
    }) as string[][];
    return { format: "csv", tables: [{ sheet: intakeText.csvSheet, rows: records, merges: [] }], problems: [] };
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    return {
      format: "csv",
      tables: [],
      problems: [{ sheet: intakeText.csvSheet, ...(line ? { row: line } : {}), message: intakeText.brokenCsv(line, intakeText.csvQuote) }],
    };
  }
}

async function readXlsx(content: Uint8Array): Promise<ReadTables> {
  const unpacked = sheetXmlSize(content);
  if (unpacked > INTAKE_LIMITS.xlsxXml) {
    return failed(intakeText.xlsxTooBig(unpacked / 1024 / 1024, INTAKE_LIMITS.xlsxXml / 1024 / 1024));
  }
  const Excel = await loadExcel();
  const workbook = new Excel.Workbook();
  try {
    const buffer = Buffer.from(content.buffer, content.byteOffset, content.byteLength);
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    return { format: null, tables: [], problems: [fileProblem(intakeText.brokenXlsx)] };
  }
  const tables: Table[] = [];
  for (const sheet of workbook.worksheets) {
    const rows: Array<Cell[] | undefined> = [];
    sheet.eachRow({ includeEmpty: false }, (row, number) => {
      const values = row.values as ExcelJS.CellValue[];
      const cells: Cell[] = [];
      for (let column = 1; column < values.length; column++) {
        const cell = cellOf(values[column]);
        // A number shown with a percent format is a fraction (0,125 shown as 12,5 %): say so, so that a
        // column mixing such cells with typed percents ("37,5") is read right.
        if (typeof cell === "number" && row.getCell(column).numFmt?.includes("%")) cells.push(`${cell * 100}%`);
        else cells.push(cell);
      }
      rows[number - 1] = cells;
    });
    const merges = (sheet.model as unknown as { merges?: string[] }).merges ?? [];
    tables.push({ sheet: sheet.name, rows, merges });
  }
  // Excel never saves a book without a sheet: this is some other archive (a .docx, a .zip).
  if (!tables.length) return { format: null, tables, problems: [fileProblem(intakeText.brokenXlsx)] };
  return { format: "xlsx", tables, problems: [] };
}

/** A cell's value as the reader needs it: numbers stay numbers, formulas become their saved result. */
function cellOf(value: ExcelJS.CellValue | undefined): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  if (value instanceof Date) return value;
  if (typeof value !== "object") return null;
  if ("richText" in value) return value.richText.map((part) => part.text).join("");
  if ("formula" in value || "sharedFormula" in value) {
    const formula = value as ExcelJS.CellFormulaValue & { sharedFormula?: string };
    if (formula.result === undefined || formula.result === null) return { blankFormula: formula.formula ?? formula.sharedFormula ?? "" };
    if (typeof formula.result === "object" && !(formula.result instanceof Date) && "error" in formula.result) {
      return { excelError: String(formula.result.error) };
    }
    return cellOf(formula.result as ExcelJS.CellValue);
  }
  if ("error" in value) return { excelError: String(value.error) };
  if ("text" in value) return typeof value.text === "string" ? value.text : cellOf(value.text as ExcelJS.CellValue);
  return null;
}

/** "A", "B", … "AA": the column's letters for a cell address. */
export function columnLetter(index: number): string {
  let letters = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/** A cell as text, for headers, titles and text fields. */
export function cellText(cell: Cell | undefined): string {
  if (cell === null || cell === undefined) return "";
  if (typeof cell === "string") return cell;
  if (typeof cell === "number" || typeof cell === "boolean") return String(cell);
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  if ("blankFormula" in cell) return "";
  return cell.excelError;
}

/**
 * The unpacked size of the sheets and shared strings of an XLSX, from the ZIP's central directory,
 * before anything is inflated (a small file may unpack into gigabytes). 0 when the directory is not
 * found: exceljs then fails on the archive and the file is reported as broken.
 */
export function sheetXmlSize(content: Uint8Array): number {
  const view = new DataView(content.buffer, content.byteOffset, content.byteLength);
  // The end-of-central-directory record: 22 bytes plus a comment of up to 65 535.
  let end = -1;
  for (let at = content.length - 22; at >= Math.max(0, content.length - 22 - 65_535); at--) {
    if (view.getUint32(at, true) === 0x06054b50) {
      end = at;
      break;
    }
  }
  if (end < 0) return 0;
  const entries = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  let total = 0;
  const decoder = new TextDecoder();
  for (let entry = 0; entry < entries && at + 46 <= content.length; entry++) {
    if (view.getUint32(at, true) !== 0x02014b50) break;
    const size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const name = decoder.decode(content.subarray(at + 46, at + 46 + nameLength));
    // 0xFFFFFFFF: a ZIP64 size, over 4 GB.
    if (/^xl\/(?:worksheets\/[^/]+\.xml|sharedStrings\.xml)$/.test(name)) total += size === 0xffffffff ? Number.MAX_SAFE_INTEGER / 2 : size;
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return total;
}
