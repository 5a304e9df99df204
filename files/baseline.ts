// Reading an export of Google Forms or Yandex Forms (CSV in UTF-8 or Windows-1251, or XLSX) into the
// text table the baseline planner takes (core/baseline/mapping.ts). The bytes are read by the
// identification intake's reader (files/identification/table.ts: format by content, encodings,
// separators, exceljs); here only the first sheet with data, its header row and cells as text.
import type { FileProblem } from "../core/identification/types.ts";
import type { BaselineTable } from "../core/baseline/mapping.ts";
import { baselineText } from "../core/messages/baseline.ts";
import { INTAKE_LIMITS, cellText, readTables, type Cell } from "./identification/table.ts";

export interface BaselineFileRead {
  table: BaselineTable | null;
  problems: FileProblem[];
}

/** A cell as text; a date keeps its time (the fill-in time of a response). */
function textOf(cell: Cell | undefined): string {
  if (cell instanceof Date) {
    if (Number.isNaN(cell.getTime())) return "";
    const iso = cell.toISOString();
    return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
  }
  return cellText(cell).trim();
}

const empty = (row: Cell[] | undefined) => !row || row.every((cell) => textOf(cell) === "");

export async function readBaselineFile(fileName: string, content: Uint8Array): Promise<BaselineFileRead> {
  const read = await readTables(fileName, content);
  if (read.problems.length) return { table: null, problems: read.problems };
  for (const table of read.tables) {
    const headerIndex = table.rows.findIndex((row) => !empty(row));
    if (headerIndex < 0) continue;
    const headerCells = table.rows[headerIndex]!;
    let width = headerCells.length;
    while (width > 0 && textOf(headerCells[width - 1]) === "") width--;
    const headers = Array.from({ length: width }, (_, index) => textOf(headerCells[index]));
    const rows: BaselineTable["rows"] = [];
    for (let index = headerIndex + 1; index < table.rows.length; index++) {
      const row = table.rows[index];
      if (empty(row)) continue;
      rows.push({ row: index + 1, cells: Array.from({ length: width }, (_, column) => textOf(row![column])) });
    }
    if (!rows.length) return { table: null, problems: [{ sheet: table.sheet, row: headerIndex + 1, message: baselineText.noRows }] };
    if (rows.length > INTAKE_LIMITS.rows) return { table: null, problems: [{ sheet: table.sheet, message: baselineText.tooManyRows(rows.length, INTAKE_LIMITS.rows) }] };
    return { table: { sheet: table.sheet, headerRow: headerIndex + 1, headers, rows }, problems: [] };
  }
  return { table: null, problems: [{ sheet: "", message: baselineText.noTable }] };
}
