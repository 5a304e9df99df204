// parseDataFile: a file from a person (bot, Mini App, CLI) → the rows of the identification contract,
// or every problem with its sheet, row and column. It never throws on bad input: a broken archive, a
// PDF, text in a number column are all Russian problems. Data comes back only when there is no problem.
import { z } from "zod";
import {
  ASSESSMENTS,
  type Assessment,
  type FileProblem,
  type ItemRow,
  type ListKind,
  type OfficialList,
  type ParsedData,
  type ParseInput,
  type ParseResult,
  type ResultRow,
  type SocialRow,
} from "../../core/identification/types.ts";
import {
  COLUMN_TITLES,
  DETAIL_TITLES,
  KIND_NAMES,
  SHAPE_NAMES,
  SHEET_NAMES,
  intakeText,
  type ColumnKey,
  type DetailKey,
} from "../../core/messages/intake.ts";
import { SHEET as STAFF_SHEET } from "../../core/services/staff-import.ts";
import {
  NEUTRAL_TITLE,
  SHAPES,
  SOCIAL_COUNT_FIELDS,
  SOCIAL_FLAG_FIELDS,
  TASK_TITLE,
  headerKey,
  headerVariants,
  titleMatches,
  type DataKind,
  type Shape,
} from "./headers.ts";
import { INTAKE_LIMITS, cellText, columnLetter, readTables, type Cell, type Table } from "./table.ts";
import {
  DEFAULT_GRADE,
  GRADES,
  clean,
  contextOf,
  lowerKey,
  readAssessment,
  readBoolean,
  readDate,
  readGrade,
  readNumber,
  readYear,
  schoolOfLabel,
  subjectKey,
  loginCode,
  type ReportContext,
} from "./values.ts";

export type { DataKind } from "./headers.ts";

export type { ParsedData, ParseInput, ParseResult };

/** The first problems shown; the rest are counted. */
export const MAX_SHOWN = 200;
/** onProgress is called at least this often (rows). */
export const PROGRESS_EVERY = 2000;
/** Rows searched for the header (title lines of a report come first). */
const HEADER_SEARCH = 15;

const InputSchema = z.object({
  kind: z.enum(["results", "items", "social", "official-list", "auto"]),
  fileName: z.string().max(1000),
  content: z.instanceof(Uint8Array),
  official: z
    .object({
      kind: z.enum(["shnor", "shnsu"]).optional(),
      year: z.number().int().optional(),
      source: z.string().optional(),
      documentNumber: z.string().optional(),
      documentDate: z.string().optional(),
    })
    .optional(),
  onProgress: z.any().optional(),
});

class Problems {
  readonly shown: FileProblem[] = [];
  hidden = 0;
  add(problem: FileProblem) {
    if (this.shown.length < MAX_SHOWN) this.shown.push(problem);
    else this.hidden++;
  }
  get any() {
    return this.shown.length > 0;
  }
  get total() {
    return this.shown.length + this.hidden;
  }
  list(more: (hidden: number) => string): FileProblem[] {
    return this.hidden ? [...this.shown, { sheet: "", message: more(this.hidden) }] : this.shown;
  }
}

export async function parseDataFile(input: ParseInput): Promise<ParseResult> {
  const checked = InputSchema.safeParse(input);
  if (!checked.success) {
    return failure([{ sheet: "", message: intakeText.badRequest(checked.error.issues.map((issue) => issue.path.join(".")).join(", ")) }]);
  }
  try {
    return await parse(input);
  } catch (error) {
    // A bug of ours must not look like the person's mistake, nor crash the bot.
    console.error("parseDataFile", error);
    return failure([{ sheet: "", message: intakeText.internal }]);
  }
}

const failure = (problems: FileProblem[], shape: string = SHAPE_NAMES.unknown, warnings: FileProblem[] = []): ParseResult => ({
  data: null,
  shape,
  problems,
  warnings,
  rowsRead: 0,
  fields: [],
});

const sheetIs = (table: Table, name: string) => lowerKey(table.sheet) === lowerKey(name);
const isEmptyRow = (row: Cell[] | undefined) => !row || row.every((cell) => cell === null || (typeof cell === "string" && !clean(cell)));

async function parse(input: ParseInput): Promise<ParseResult> {
  const read = await readTables(input.fileName, input.content);
  if (read.problems.length) return failure(read.problems);

  if (read.format === "xlsx" && read.tables.some((table) => sheetIs(table, STAFF_SHEET.staff))) {
    if (input.kind === "auto") return { data: { kind: "staff" }, shape: SHAPE_NAMES.staff, problems: [], warnings: [], rowsRead: 0, fields: [] };
    return failure([{ sheet: STAFF_SHEET.staff, message: intakeText.staffNotExpected(KIND_NAMES[input.kind]) }], SHAPE_NAMES.staff);
  }

  const details = read.tables.find((table) => sheetIs(table, SHEET_NAMES.details));
  const tables = read.tables.filter((table) => table !== details && !sheetIs(table, SHEET_NAMES.help) && table.rows.some((row) => !isEmptyRow(row)));
  if (!tables.length) return failure([{ sheet: "", message: read.format === "csv" ? intakeText.empty : intakeText.noTables }]);

  const allowed = input.kind === "auto" ? (details ? SHAPES.filter((shape) => shape.kind === "official-list") : SHAPES) : SHAPES.filter((shape) => shape.kind === input.kind);
  const problems = new Problems();
  const warnings = new Problems();
  const found: Located[] = [];
  const misses: Array<{ table: Table; miss: Miss | null }> = [];
  for (const table of tables) {
    // A list asked for by name, or with its «Реквизиты», may carry other columns (district, address).
    const located = locate(table, allowed, input.kind === "official-list" || details !== undefined);
    if (located === null || "missing" in located) misses.push({ table, miss: located });
    else found.push(located);
  }

  if (!found.length) {
    for (const { table, miss } of misses) {
      const other = input.kind === "auto" ? null : locate(table, SHAPES);
      if (other && !("missing" in other)) {
        problems.add({ sheet: table.sheet, message: intakeText.wrongKind(KIND_NAMES[other.shape.kind], KIND_NAMES[input.kind as DataKind]) });
      } else if (miss) {
        problems.add({
          sheet: table.sheet,
          row: miss.row + 1,
          message: intakeText.missingColumns(miss.shape.label, miss.missing.map((field) => (field === "task" ? "1" : COLUMN_TITLES[field]))),
        });
      } else {
        problems.add({ sheet: table.sheet, message: intakeText.noHeader([...new Set(allowed.map((shape) => shape.label))].join("; ")) });
      }
    }
    return { ...failure(problems.list(intakeText.truncated)), problemCount: problems.total };
  }
  for (const { table } of misses) warnings.add({ sheet: table.sheet, message: intakeText.ignoredSheet(table.sheet) });

  const kinds = [...new Set(found.map((located) => located.shape.kind))];
  if (kinds.length > 1) return failure([{ sheet: "", message: intakeText.mixedKinds(kinds.map((kind) => KIND_NAMES[kind])) }]);
  const kind = kinds[0]!;
  const shape = [...new Set(found.map((located) => located.shape.name))].join(", ");

  const total = found.reduce((sum, located) => sum + Math.max(0, located.table.rows.length - located.header - 1), 0);
  if (total > INTAKE_LIMITS.rows) return failure([{ sheet: "", message: intakeText.tooManyRows(total, INTAKE_LIMITS.rows) }], shape);
  const progress = new Progress(total, input.onProgress);
  const state: State = { fileName: input.fileName, problems, warnings, progress, rowsRead: 0, keys: new Map(), codes: new Map(), fields: new Set() };

  const results: ResultRow[] = [];
  const items: ItemRow[] = [];
  const social: SocialRow[] = [];
  const listed: OfficialList["schools"] = [];
  for (const located of found) {
    const sheet = new SheetReader(located, state);
    switch (located.shape.id) {
      case "template-results":
        await sheet.each((row) => templateResult(row, results));
        break;
      case "template-items":
        await sheet.each((row) => templateItem(row, items));
        break;
      case "template-social":
        await sheet.each((row) => socialRow(row, social));
        break;
      case "template-list":
        await sheet.each((row) => listRow(row, listed));
        break;
      case "fis-marks":
      case "fis-journal":
        if (sheet.resolveContext()) await sheet.each((row) => (located.shape.id === "fis-marks" ? fisMarks(row, results) : fisJournal(row, results)));
        break;
      case "fis-tasks":
        if (sheet.resolveContext()) await sheet.each((row) => fisTasks(row, items));
        break;
      case "fis-journal-long":
        if (sheet.resolveContext()) await fisJournalLong(sheet, results);
        break;
    }
    sheet.finish();
  }
  progress.end();

  let list: OfficialList | null = null;
  if (kind === "official-list") list = officialDetails(details, input.official, listed, state);

  const fields = [...state.fields].sort();
  const out = {
    shape,
    problems: problems.list(intakeText.truncated),
    problemCount: problems.total,
    warnings: warnings.list(intakeText.truncatedWarnings),
    rowsRead: state.rowsRead,
    fields,
  };
  if (problems.any) return { data: null, ...out };
  const data: ParsedData =
    kind === "results"
      ? { kind, rows: results }
      : kind === "items"
        ? { kind, rows: items }
        : kind === "social"
          ? { kind, rows: social }
          : { kind, list: list! };
  return { data, ...out };
}

// ---------- the header ----------

interface Located {
  table: Table;
  shape: Shape;
  /** Index in table.rows of the header row. */
  header: number;
  columns: Map<ColumnKey, number>;
  /** Column index → task number (ФИС ОКО «Выполнение заданий»). */
  tasks: Map<number, string>;
  /** The title of each column as the person sees it (for problems). */
  titles: string[];
}

interface Miss {
  shape: Shape;
  row: number;
  missing: ColumnKey[];
}

/**
 * The header is the first of the first rows where a shape finds all its required columns. A title
 * split over two rows (a merged group «Распределение отметок, %» over «2», «3», «4», «5») is read
 * with the row above. Among shapes recognised at the same row, the one with the most columns wins.
 */
function locate(table: Table, shapes: Shape[], relaxed = false): Located | Miss | null {
  let miss: (Miss & { score: number }) | null = null;
  let deferred: Located | null = null;
  const limit = Math.min(HEADER_SEARCH, table.rows.length);
  for (let index = 0; index < limit; index++) {
    const row = table.rows[index];
    if (isEmptyRow(row)) continue;
    const above = index > 0 ? table.rows[index - 1] : undefined;
    const width = Math.max(row!.length, above?.length ?? 0);
    const titles: string[] = [];
    const variants: string[][] = [];
    for (let column = 0; column < width; column++) {
      const own = clean(cellText(row![column]));
      const up = clean(cellText(above?.[column]));
      titles.push(own || up);
      variants.push(
        own ? [...headerVariants(own), ...(up && up !== own ? headerVariants(`${up} ${own}`) : [])] : up ? headerVariants(up) : [],
      );
    }
    let best: (Located & { score: number }) | null = null;
    for (const shape of shapes) {
      const columns = new Map<ColumnKey, number>();
      const used = new Set<number>();
      for (const field of [...shape.required, ...shape.optional]) {
        const column = variants.findIndex((keys, at) => !used.has(at) && titleMatches(keys, field));
        if (column >= 0) {
          columns.set(field, column);
          used.add(column);
        }
      }
      const tasks = new Map<number, string>();
      if (shape.taskColumns) {
        titles.forEach((title, column) => {
          const own = clean(cellText(row![column]));
          if (!used.has(column) && TASK_TITLE.test(own)) tasks.set(column, own.replace(/\s+/g, "").replace(",", ".").replace(/k/gi, "К"));
        });
      }
      const missing: ColumnKey[] = shape.required.filter((field) => !columns.has(field));
      if (shape.school && !columns.has("schoolName") && !columns.has("schoolCode")) missing.unshift("schoolName");
      if (shape.taskColumns && !(tasks.size >= 2 && [...tasks.values()].some((task) => /^1(?!\d)/.test(task)))) missing.push("task");
      if (
        shape.strict &&
        !relaxed &&
        titles.some((title, column) => title && !used.has(column) && !NEUTRAL_TITLE.test(headerKey(title)) && !tasks.has(column))
      ) {
        continue;
      }
      const score = columns.size + tasks.size;
      if (!missing.length) {
        if (!best || score > best.score) best = { table, shape, header: index, columns, tasks, titles, score };
      } else {
        const found = shape.required.length + (shape.school ? 1 : 0) + (shape.taskColumns ? 1 : 0) - missing.length;
        if (found >= 2 && (!miss || found * 100 + score > miss.score)) miss = { shape, row: index, missing, score: found * 100 + score };
      }
    }
    if (best) {
      // A two-row header (titles merged down over a group's sub-titles): read it from the lower row.
      if (!deferred && isHeaderContinuation(row!, table.rows[index + 1])) {
        deferred = best;
        continue;
      }
      return best;
    }
    if (deferred) return deferred;
  }
  return deferred ?? miss;
}

/**
 * The row under a header continues it when it repeats titles of the row above in at least two columns
 * (cells merged down from the header) and its other cells are text, not figures (the group's sub-titles).
 */
function isHeaderContinuation(header: Cell[], next: Cell[] | undefined): boolean {
  if (!next || isEmptyRow(next)) return false;
  let repeated = 0;
  let subtitles = 0;
  for (let column = 0; column < next.length; column++) {
    const text = clean(cellText(next[column]));
    if (!text) continue;
    if (text === clean(cellText(header[column]))) repeated++;
    else if (readNumber(next[column]).kind === "text") subtitles++;
    else return false;
  }
  return repeated >= 2 && subtitles >= 1;
}

// ---------- rows ----------

interface State {
  fileName: string;
  problems: Problems;
  warnings: Problems;
  progress: Progress;
  rowsRead: number;
  /** Duplicate keys → where first seen. */
  keys: Map<string, { sheet: string; row: number }>;
  /** A digit code without its leading zeros → the code as first written and where. */
  codes: Map<string, { code: string; sheet: string; row: number }>;
  fields: Set<string>;
}

class Progress {
  private done = 0;
  private last = 0;
  constructor(
    private readonly total: number,
    private readonly report?: (done: number, total: number) => void,
  ) {
    report?.(0, total);
  }
  /** One more row; every PROGRESS_EVERY rows the caller is told and the event loop gets a turn. */
  async step() {
    this.done++;
    if (this.done - this.last >= PROGRESS_EVERY) {
      this.last = this.done;
      this.report?.(this.done, this.total);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  end() {
    this.report?.(this.total, this.total);
  }
}

const SHARE_FIELDS = new Set<ColumnKey>(["lowShare", "highShare", "vprLowered", "vprConfirmed", "vprRaised", "mark2", "mark3", "mark4", "mark5", "solvedShare", "percent"]);
/** What a column gives to the rows: the marks of ФИС ОКО are shares; keys of the row are not "carried". */
const CARRIED: Partial<Record<ColumnKey, string | null>> = {
  mark2: "lowShare",
  mark5: "highShare",
  mark3: null,
  mark4: null,
  percent: null,
  group: null,
  schoolCode: null,
  schoolName: null,
  year: null,
  assessment: null,
  grade: null,
  subject: null,
  task: null,
};
const THIS_YEAR = new Date().getUTCFullYear();
export const YEAR_RANGE = { from: 2000, to: THIS_YEAR + 1 } as const;

/** One recognised table: its columns, how its shares are written, and the report's context. */
class SheetReader {
  readonly sheet: string;
  /** Columns whose shares are percents (some value above 1 or with "%"). */
  private readonly percent = new Set<number>();
  context: Required<ReportContext> = { year: 0, grade: 0, subject: "" };
  private unnamed = 0;
  private skipped = 0;
  private skippedSample = "";
  login: { login: string; code: string } | null = null;

  constructor(
    readonly at: Located,
    readonly state: State,
  ) {
    this.sheet = at.table.sheet;
    const shareColumns = [
      ...[...at.columns].filter(([field]) => SHARE_FIELDS.has(field)).map(([, column]) => column),
      ...at.tasks.keys(),
    ];
    for (const column of shareColumns) {
      let above = false;
      let positive = false;
      for (let index = at.header + 1; index < at.table.rows.length && !above; index++) {
        const cells = at.table.rows[index];
        if (!cells || this.isExample(cells)) continue;
        const value = readNumber(cells[column]);
        if (value.kind !== "number") continue;
        if (value.percent || value.value > 1) above = true;
        if (value.value > 0) positive = true;
      }
      if (above) this.percent.add(column);
      else if (positive && headerKey(at.titles[column] ?? "").includes("процент")) {
        state.warnings.add({ sheet: this.sheet, column: at.titles[column], message: intakeText.fractionColumn(at.titles[column] ?? "") });
      }
    }
    // Merged blocks among the data: every row of the block reads the top-left value.
    for (const range of at.table.merges) {
      const bottom = Number(/(\d+)$/.exec(range)?.[1] ?? 0);
      if (bottom > at.header + 2) state.warnings.add({ sheet: this.sheet, message: intakeText.mergedCells(range) });
    }
  }

  has(field: ColumnKey) {
    return this.at.columns.has(field);
  }

  title(field: ColumnKey) {
    const column = this.at.columns.get(field);
    return column === undefined ? COLUMN_TITLES[field] : (this.at.titles[column] ?? COLUMN_TITLES[field]);
  }

  /** Share written in this column: percent or fraction. */
  isPercent(column: number) {
    return this.percent.has(column);
  }

  /**
   * Year, grade and subject of a ФИС ОКО report: from its columns, or else from the title lines,
   * the sheet's name and the file's name. Without them the sheet is one problem, not a problem a row.
   */
  resolveContext(): boolean {
    const titleLines = this.at.table.rows
      .slice(0, this.at.header)
      .map((row) => [...new Set((row ?? []).map((cell) => clean(cellText(cell))).filter(Boolean))].join(" "))
      .join(" | ");
    const sources = [contextOf(titleLines), contextOf(this.sheet === intakeText.csvSheet ? "" : this.sheet), contextOf(this.state.fileName.replace(/\.[a-z0-9]+$/i, ""))];
    const pick = <K extends keyof ReportContext>(key: K) => sources.find((source) => source[key] !== undefined)?.[key];
    const missing: string[] = [];
    const year = this.has("year") ? 0 : pick("year");
    const grade = this.has("grade") ? 0 : pick("grade");
    const subject = this.has("subject") ? "" : pick("subject");
    if (year === undefined) missing.push(intakeText.contextYear);
    if (grade === undefined) missing.push(intakeText.contextGrade);
    if (subject === undefined) missing.push(intakeText.contextSubject);
    if (missing.length) {
      this.state.problems.add({ sheet: this.sheet, message: intakeText.noContext(missing) });
      return false;
    }
    this.context = { year: year!, grade: grade!, subject: subject! };
    const parts = [
      ...(year ? [`${year} год`] : []),
      ...(grade ? [`${grade} класс`] : []),
      ...(subject ? [`«${subject}»`] : []),
    ];
    if (parts.length) this.state.warnings.add({ sheet: this.sheet, message: intakeText.contextFrom(parts.join(", ")) });
    if (year && (year < YEAR_RANGE.from || year > YEAR_RANGE.to)) {
      this.state.problems.add({ sheet: this.sheet, message: intakeText.yearRange(year, YEAR_RANGE.from, YEAR_RANGE.to) });
      return false;
    }
    if (grade && (grade < GRADES.ВПР[0] || grade > GRADES.ВПР[1])) {
      this.state.problems.add({ sheet: this.sheet, message: intakeText.gradeRange(grade, "ВПР", ...GRADES.ВПР) });
      return false;
    }
    return true;
  }

  /** Runs `build` on every data row (not blank, not an example, not a repeated header). */
  async each(build: (row: RowReader) => void) {
    const { table, header } = this.at;
    let rows = 0;
    for (let index = header + 1; index < table.rows.length; index++) {
      await this.state.progress.step();
      const cells = table.rows[index];
      if (isEmptyRow(cells) || this.isExample(cells!) || this.repeatsHeader(cells!)) continue;
      rows++;
      build(new RowReader(this, cells!, index + 1));
    }
    if (!rows) this.state.problems.add({ sheet: this.sheet, message: intakeText.noDataRows });
  }

  /** Rows the template marks «Пример…» are never loaded. */
  isExample(cells: Cell[]) {
    const first = cells.find((cell) => cellText(cell).trim());
    return lowerKey(cellText(first)).startsWith("пример");
  }

  private repeatsHeader(cells: Cell[]) {
    const titles = this.at.titles;
    let same = 0;
    for (let column = 0; column < cells.length; column++) {
      const text = clean(cellText(cells[column]));
      if (!text) continue;
      if (text !== titles[column]) return false;
      same++;
    }
    return same > 1;
  }

  countRead() {
    this.state.rowsRead++;
  }
  noteUnnamed() {
    this.unnamed++;
  }
  noteSkipped(label: string) {
    this.skipped++;
    if (!this.skippedSample) this.skippedSample = label;
  }

  /** Adds a row's key; a second row with the same key is a problem naming the first. */
  unique(key: string, row: RowReader, describe: () => string): boolean {
    const seen = this.state.keys.get(key);
    if (seen) {
      row.problem(null, intakeText.duplicate(describe(), seen.row, seen.sheet !== this.sheet ? seen.sheet : null));
      return false;
    }
    this.state.keys.set(key, { sheet: this.sheet, row: row.row });
    return true;
  }

  finish() {
    const { warnings } = this.state;
    if (this.unnamed) warnings.add({ sheet: this.sheet, column: this.title("schoolName"), message: intakeText.noName(this.unnamed) });
    if (this.skipped) warnings.add({ sheet: this.sheet, message: intakeText.skippedAggregates(this.skipped, this.skippedSample) });
    if (this.login) warnings.add({ sheet: this.sheet, message: intakeText.loginCodes(this.login.login, this.login.code) });
    for (const field of this.at.columns.keys()) {
      const carried = CARRIED[field] === undefined ? field : CARRIED[field];
      if (carried) this.state.fields.add(carried);
    }
    if (this.at.tasks.size) this.state.fields.add("solvedShare");
  }
}

/** The cells of one data row, read field by field; any problem marks the row bad (it is not kept). */
class RowReader {
  bad = false;
  constructor(
    readonly sheet: SheetReader,
    readonly cells: Cell[],
    /** The row's number as the person sees it. */
    readonly row: number,
  ) {}

  problem(field: ColumnKey | number | null, message: string) {
    this.bad = true;
    const column = field === null ? undefined : typeof field === "number" ? this.sheet.at.titles[field] : this.sheet.title(field);
    this.sheet.state.problems.add({ sheet: this.sheet.sheet, row: this.row, ...(column ? { column } : {}), message });
  }

  warn(field: ColumnKey | null, message: string) {
    const column = field === null ? undefined : this.sheet.title(field);
    this.sheet.state.warnings.add({ sheet: this.sheet.sheet, row: this.row, ...(column ? { column } : {}), message });
  }

  /** The cell of a field or column; a formula without a value or an Excel error is a problem here. */
  cell(field: ColumnKey | number): Cell | undefined {
    const column = typeof field === "number" ? field : this.sheet.at.columns.get(field);
    if (column === undefined) return undefined;
    const cell = this.cells[column];
    if (cell && typeof cell === "object" && !(cell instanceof Date)) {
      if ("blankFormula" in cell) this.problem(field, intakeText.blankFormula(`${columnLetter(column)}${this.row}`, cell.blankFormula));
      else this.problem(field, intakeText.excelError(cell.excelError));
      return undefined;
    }
    return cell;
  }

  text(field: ColumnKey, options: { required?: boolean; max?: number } = {}): string {
    const text = clean(cellText(this.cell(field)));
    if (!text && options.required && !this.bad) this.problem(field, intakeText.required);
    const max = options.max ?? 300;
    if (text.length > max) this.problem(field, intakeText.tooLong(text.length, max));
    return text;
  }

  /** A count of people: a whole number ≥ 0; null when empty. */
  count(field: ColumnKey, required = false): number | null {
    const value = readNumber(this.cell(field));
    if (value.kind === "empty") {
      if (required && !this.bad && this.sheet.has(field)) this.problem(field, intakeText.required);
      return null;
    }
    if (value.kind === "text") return this.problem(field, intakeText.notNumber(value.text)), null;
    if (value.percent || !Number.isInteger(value.value)) return this.problem(field, intakeText.notInteger(value.text)), null;
    if (value.value < 0) return this.problem(field, intakeText.negative(value.text)), null;
    return value.value;
  }

  /** A share 0..1 from percent or a fraction, as the column is written. */
  share(field: ColumnKey | number, required = false): number | null {
    const column = typeof field === "number" ? field : this.sheet.at.columns.get(field);
    if (column === undefined) return null;
    const value = readNumber(this.cell(field));
    if (value.kind === "empty") {
      if (required && !this.bad) this.problem(field, intakeText.required);
      return null;
    }
    if (value.kind === "text") return this.problem(field, intakeText.notNumber(value.text)), null;
    if (value.value < 0) return this.problem(field, intakeText.negative(value.text)), null;
    const share = value.percent || this.sheet.isPercent(column) ? value.value / 100 : value.value;
    if (share > 1 + 1e-9) return this.problem(field, intakeText.shareOver(value.text)), null;
    return Math.round(share * 1e9) / 1e9;
  }

  score(field: ColumnKey): number | null {
    const value = readNumber(this.cell(field));
    if (value.kind === "empty") return null;
    if (value.kind === "text" || value.percent) return this.problem(field, intakeText.notNumber(value.text)), null;
    if (value.value < 0) return this.problem(field, intakeText.negative(value.text)), null;
    if (value.value > 100) return this.problem(field, intakeText.scoreOver(value.text)), null;
    return value.value;
  }

  flag(field: ColumnKey): boolean | null {
    const cell = this.cell(field);
    const value = readBoolean(cell);
    if (value === null) return this.problem(field, intakeText.notBoolean(clean(cellText(cell)))), null;
    return value.value;
  }

  year(): number {
    if (!this.sheet.has("year")) return this.sheet.context.year;
    const cell = this.cell("year");
    const text = clean(cellText(cell));
    if (!text) {
      if (!this.bad) this.problem("year", intakeText.required);
      return 0;
    }
    const read = readYear(text);
    if (!read) return this.problem("year", intakeText.notYear(text)), 0;
    if (read.year < YEAR_RANGE.from || read.year > YEAR_RANGE.to) return this.problem("year", intakeText.yearRange(read.year, YEAR_RANGE.from, YEAR_RANGE.to)), 0;
    if (read.schoolYear) this.warn("year", intakeText.schoolYear(text, read.year));
    return read.year;
  }

  assessment(): Assessment | null {
    const text = this.text("assessment", { required: true });
    if (!text) return null;
    const assessment = readAssessment(text);
    if (!assessment) this.problem("assessment", intakeText.unknownAssessment(text, ASSESSMENTS));
    return assessment;
  }

  grade(assessment: Assessment | null): number {
    if (!this.sheet.has("grade")) return this.sheet.context.grade;
    const text = clean(cellText(this.cell("grade")));
    if (!text) {
      const usual = assessment ? DEFAULT_GRADE[assessment] : undefined;
      if (usual) return usual;
      if (!this.bad) this.problem("grade", intakeText.required);
      return 0;
    }
    const grade = readGrade(text);
    if (grade === null || grade < 1 || grade > 11) return this.problem("grade", intakeText.notGrade(text)), 0;
    const range = assessment ? GRADES[assessment] : null;
    if (range && (grade < range[0] || grade > range[1])) return this.problem("grade", intakeText.gradeRange(grade, assessment!, ...range)), 0;
    return grade;
  }

  subject(): string {
    if (!this.sheet.has("subject")) return this.sheet.context.subject;
    return subjectKey(this.text("subject", { required: true, max: 100 }));
  }

  /** Code and name in a template: both from their columns; a missing name is a warning. */
  templateSchool(): { code: string; name: string } {
    let code = this.text("schoolCode", { required: true, max: 40 });
    if (/^sch\d+$/i.test(code)) {
      this.sheet.login ??= { login: code, code: loginCode(code) };
      code = loginCode(code);
    }
    const name = this.sheet.has("schoolName") ? this.text("schoolName", { max: 300 }) : "";
    if (!name) this.sheet.noteUnnamed();
    this.leadingZeros(code);
    return { code, name };
  }

  /** 701 beside 0701 in one file: Excel dropped the leading zero of a code typed as a number. */
  private leadingZeros(code: string) {
    if (!/^\d+$/.test(code)) return;
    const key = code.replace(/^0+(?=\d)/, "");
    const seen = this.sheet.state.codes.get(key);
    if (!seen) {
      this.sheet.state.codes.set(key, { code, sheet: this.sheet.sheet, row: this.row });
      return;
    }
    if (seen.code === code) return;
    const [short, long] = seen.code.length < code.length ? [seen.code, code] : [code, seen.code];
    this.problem("schoolCode", intakeText.lostZeros(code, seen.code, seen.row, seen.sheet !== this.sheet.sheet ? seen.sheet : null, short, long));
  }

  /**
   * The school of a ФИС ОКО row: a code column, or the "(sch560301) Name" label. A row with neither
   * is a total (the whole sample, the region, the district) and is skipped.
   */
  reportSchool(): { code: string; name: string } | null {
    const label = this.sheet.has("schoolName") ? clean(cellText(this.cell("schoolName"))) : "";
    const codeCell = this.sheet.has("schoolCode") ? clean(cellText(this.cell("schoolCode"))) : "";
    const fromLabel = schoolOfLabel(label);
    let code = codeCell;
    if (/^sch\d+$/i.test(codeCell)) {
      code = loginCode(codeCell);
      this.sheet.login ??= { login: codeCell, code };
    } else if (!codeCell && fromLabel) {
      code = fromLabel.code;
      this.sheet.login ??= { login: fromLabel.login, code };
    }
    if (!code) {
      if (label) this.sheet.noteSkipped(label);
      return null;
    }
    if (code.length > 40) return this.problem("schoolCode", intakeText.tooLong(code.length, 40)), null;
    return { code, name: fromLabel?.name ?? label };
  }
}

// ---------- the shapes, row by row ----------

function templateResult(row: RowReader, out: ResultRow[]) {
  const school = row.templateSchool();
  const year = row.year();
  const assessment = row.assessment();
  const grade = row.grade(assessment);
  const subject = row.subject();
  const participants = row.count("participants", true);
  const meanScore = row.score("meanScore");
  const lowShare = row.share("lowShare");
  const highShare = row.share("highShare");
  let vprLowered = row.share("vprLowered");
  let vprConfirmed = row.share("vprConfirmed");
  let vprRaised = row.share("vprRaised");
  row.sheet.countRead();
  if (row.bad || !assessment) return;
  if (assessment !== "ВПР" && [vprLowered, vprConfirmed, vprRaised].some((value) => value !== null)) {
    row.warn("vprLowered", intakeText.vprOnly(assessment));
    vprLowered = vprConfirmed = vprRaised = null;
  }
  checkJournal(row, vprLowered, vprConfirmed, vprRaised);
  if ([meanScore, lowShare, highShare, vprLowered, vprConfirmed, vprRaised].every((value) => value === null)) row.warn(null, intakeText.noMetrics);
  else if (participants === 0 && [lowShare, highShare].some((value) => value)) row.warn("participants", intakeText.noParticipants);
  if (!resultUnique(row, school.code, year, assessment, grade, subject)) return;
  out.push({
    schoolCode: school.code,
    schoolName: school.name,
    year,
    assessment,
    grade,
    subject,
    participants: participants ?? 0,
    meanScore,
    lowShare,
    highShare,
    ...(assessment === "ВПР" ? { vprLowered, vprConfirmed, vprRaised } : {}),
  });
}

const resultUnique = (row: RowReader, code: string, year: number, assessment: string, grade: number, subject: string) =>
  row.sheet.unique(`r|${code}|${year}|${assessment}|${grade}|${subject}`, row, () => intakeText.duplicateResult(code, year, assessment, grade, subject));

function checkJournal(row: RowReader, lowered: number | null, confirmed: number | null, raised: number | null) {
  if (lowered === null || confirmed === null || raised === null) return;
  const sum = lowered + confirmed + raised;
  if (Math.abs(sum - 1) > 0.02) row.warn(null, intakeText.journalShares(sum));
}

function templateItem(row: RowReader, out: ItemRow[]) {
  const school = row.templateSchool();
  const year = row.year();
  const grade = row.grade("ВПР");
  const subject = row.subject();
  const taskText = row.text("task", { required: true, max: 20 });
  const task = taskText.replace(/\s+/g, "").replace(",", ".");
  if (taskText && !TASK_TITLE.test(task) && !/^[\p{L}\d.()-]{1,20}$/u.test(task)) row.problem("task", intakeText.badTask(taskText));
  const solvedShare = row.share("solvedShare", true);
  const topic = row.sheet.has("topic") ? row.text("topic", { max: 500 }) || null : null;
  const participants = row.count("participants");
  row.sheet.countRead();
  if (row.bad || solvedShare === null) return;
  if (!itemUnique(row, school.code, year, grade, subject, task)) return;
  out.push({
    schoolCode: school.code,
    schoolName: school.name,
    year,
    grade,
    subject,
    task,
    solvedShare,
    ...(row.sheet.has("topic") ? { topic } : {}),
    ...(row.sheet.has("participants") ? { participants } : {}),
  });
}

const itemUnique = (row: RowReader, code: string, year: number, grade: number, subject: string, task: string) =>
  row.sheet.unique(`i|${code}|${year}|${grade}|${subject}|${task}`, row, () => intakeText.duplicateItem(code, year, grade, subject, task));

function socialRow(row: RowReader, out: SocialRow[]) {
  const school = row.templateSchool();
  const year = row.year();
  const students = row.count("students", true);
  const counts = {} as Record<string, number | null>;
  for (const field of SOCIAL_COUNT_FIELDS) {
    const value = row.count(field);
    counts[field] = value;
    if (value !== null && students !== null && value > students) row.problem(field, intakeText.overStudents(value, students));
  }
  const flags = {} as Record<string, boolean | null>;
  for (const field of SOCIAL_FLAG_FIELDS) flags[field] = row.flag(field);
  row.sheet.countRead();
  if (row.bad || students === null) return;
  if (students === 0) row.warn("students", intakeText.noStudents);
  if (!row.sheet.unique(`s|${school.code}|${year}`, row, () => intakeText.duplicateSocial(school.code, year))) return;
  const curator = ["innovationPlatform", "headCompetence", "headMotivation"] as const;
  out.push({
    schoolCode: school.code,
    schoolName: school.name,
    year,
    students,
    parentsNoHigherEducation: counts.parentsNoHigherEducation ?? null,
    unemployedParents: counts.unemployedParents ?? null,
    watchList: counts.watchList ?? null,
    odnKdn: counts.odnKdn ?? null,
    migrantOrLowRussian: counts.migrantOrLowRussian ?? null,
    nonAttested: counts.nonAttested ?? null,
    truancy: counts.truancy ?? null,
    disabilities: counts.disabilities ?? null,
    remote: flags.remote ?? null,
    smallSchool: flags.smallSchool ?? null,
    infrastructureDeficit: flags.infrastructureDeficit ?? null,
    computerDeficit: flags.computerDeficit ?? null,
    internetDeficit: flags.internetDeficit ?? null,
    unfilledPosts: flags.unfilledPosts ?? null,
    accreditationSuspended: flags.accreditationSuspended ?? null,
    // Curator criteria only when the file has their columns: absent is not "no".
    ...Object.fromEntries(curator.filter((field) => row.sheet.has(field)).map((field) => [field, flags[field] ?? null])),
  });
}

function listRow(row: RowReader, out: OfficialList["schools"]) {
  const school = row.templateSchool();
  const note = row.sheet.has("note") ? row.text("note", { max: 500 }) || null : null;
  row.sheet.countRead();
  if (row.bad) return;
  if (!row.sheet.unique(`l|${school.code}`, row, () => intakeText.duplicateListed(school.code))) return;
  out.push({ schoolCode: school.code, schoolName: school.name, ...(row.sheet.has("note") ? { note } : {}) });
}

function fisMarks(row: RowReader, out: ResultRow[]) {
  const school = row.reportSchool();
  if (!school) return;
  const year = row.year();
  const grade = row.grade("ВПР");
  const subject = row.subject();
  const participants = row.count("participants", true);
  const marks = (["mark2", "mark3", "mark4", "mark5"] as const).map((field) => row.share(field));
  const meanScore = row.score("meanScore");
  row.sheet.countRead();
  if (row.bad) return;
  if (marks.every((share) => share !== null)) {
    const sum = marks.reduce((total, share) => total! + share!, 0)!;
    if (participants && Math.abs(sum - 1) > 0.02) row.warn(null, intakeText.marksShares(sum));
  }
  if (!resultUnique(row, school.code, year, "ВПР", grade, subject)) return;
  out.push({
    schoolCode: school.code,
    schoolName: school.name,
    year,
    assessment: "ВПР",
    grade,
    subject,
    participants: participants ?? 0,
    meanScore,
    lowShare: marks[0]!,
    highShare: marks[3]!,
  });
}

function fisJournal(row: RowReader, out: ResultRow[]) {
  const school = row.reportSchool();
  if (!school) return;
  const year = row.year();
  const grade = row.grade("ВПР");
  const subject = row.subject();
  const participants = row.count("participants");
  const lowered = row.share("vprLowered");
  const confirmed = row.share("vprConfirmed");
  const raised = row.share("vprRaised");
  row.sheet.countRead();
  if (row.bad) return;
  checkJournal(row, lowered, confirmed, raised);
  if (!resultUnique(row, school.code, year, "ВПР", grade, subject)) return;
  out.push(journalResult(school, year, grade, subject, participants, lowered, confirmed, raised));
}

const journalResult = (
  school: { code: string; name: string },
  year: number,
  grade: number,
  subject: string,
  participants: number | null,
  vprLowered: number | null,
  vprConfirmed: number | null,
  vprRaised: number | null,
): ResultRow => ({
  schoolCode: school.code,
  schoolName: school.name,
  year,
  assessment: "ВПР",
  grade,
  subject,
  participants: participants ?? 0,
  meanScore: null,
  lowShare: null,
  highShare: null,
  vprLowered,
  vprConfirmed,
  vprRaised,
});

function fisTasks(row: RowReader, out: ItemRow[]) {
  const school = row.reportSchool();
  if (!school) return;
  const year = row.year();
  const grade = row.grade("ВПР");
  const subject = row.subject();
  const participants = row.count("participants");
  const shares = [...row.sheet.at.tasks].map(([column, task]) => ({ task, share: row.share(column) }));
  row.sheet.countRead();
  if (row.bad) return;
  if (!row.sheet.unique(`t|${school.code}|${year}|${grade}|${subject}`, row, () => intakeText.duplicateResult(school.code, year, "ВПР", grade, subject))) return;
  for (const { task, share } of shares) {
    if (share === null) continue;
    out.push({
      schoolCode: school.code,
      schoolName: school.name,
      year,
      grade,
      subject,
      task,
      solvedShare: share,
      topic: null,
      ...(row.sheet.has("participants") ? { participants } : {}),
    });
  }
}

const JOURNAL_LABELS = [
  ["vprLowered", /^(?:понизили|понижение|пониз)/],
  ["vprConfirmed", /^(?:подтвердили|подтверждение|подтверд)/],
  ["vprRaised", /^(?:повысили|повышение|повыс)/],
] as const;

/**
 * «Сравнение отметок с отметками по журналу» as ФИС ОКО prints it: a row naming the group (the
 * sample, the region, a school "(sch…) …"), then one row per «Понизили…», «Подтвердили…», «Повысили…»
 * with a count and a percent, then «Всего». Only the blocks of schools are kept.
 */
async function fisJournalLong(sheet: SheetReader, out: ResultRow[]) {
  type Block = { school: { code: string; name: string }; row: RowReader; shares: Partial<Record<"vprLowered" | "vprConfirmed" | "vprRaised", number | null>>; total: number | null; sum: number; bad: boolean };
  const blocks: Block[] = [];
  let current: Block | null = null;
  let labels = 0;
  await sheet.each((row) => {
    const label = lowerKey(cellText(row.cells[sheet.at.columns.get("schoolName")!]));
    const category = JOURNAL_LABELS.find(([, pattern]) => pattern.test(label));
    if (category) {
      labels++;
      if (!current) return;
      const share = row.share("percent");
      const count = row.count("participants");
      current.shares[category[0]] = share;
      current.sum += count ?? 0;
      current.bad ||= row.bad;
      return;
    }
    if (/^всего/.test(label)) {
      if (current) {
        current.total = row.count("participants");
        current.bad ||= row.bad;
      }
      return;
    }
    const school = row.reportSchool();
    current = school ? { school, row, shares: {}, total: null, sum: 0, bad: row.bad } : null;
    if (current) {
      sheet.countRead();
      blocks.push(current);
    }
  });
  if (!labels) {
    sheet.state.problems.add({ sheet: sheet.sheet, message: intakeText.noJournalRows });
    return;
  }
  sheet.state.fields.add("vprLowered").add("vprConfirmed").add("vprRaised");
  const { year, grade, subject } = sheet.context;
  for (const block of blocks) {
    if (block.bad) continue;
    const { vprLowered = null, vprConfirmed = null, vprRaised = null } = block.shares;
    checkJournal(block.row, vprLowered, vprConfirmed, vprRaised);
    if (!resultUnique(block.row, block.school.code, year, "ВПР", grade, subject)) continue;
    out.push(journalResult(block.school, year, grade, subject, block.total ?? (block.sum || null), vprLowered, vprConfirmed, vprRaised));
  }
}

// ---------- official lists ----------

const DETAIL_KEYS: Record<DetailKey, string[]> = {
  source: ["кто утвердил", "источник", "кем утвержден", "орган", "утвердил", "кто утвердил источник"],
  documentNumber: ["номер документа", "номер", "номер приказа", "номер письма", "номер номер документа"],
  documentDate: ["дата документа", "дата", "дата приказа", "дата письма"],
  kind: ["список", "вид списка", "список шнор или шнсу", "шнор или шнсу"],
  year: ["год", "год списка", "на год"],
};

const OfficialSchema = z.object({
  kind: z.enum(["shnor", "shnsu"]),
  year: z.number().int().min(YEAR_RANGE.from).max(YEAR_RANGE.to),
  source: z.string().min(1).max(500),
  documentNumber: z.string().min(1).max(100),
  documentDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
});

const listKind = (text: string): ListKind | null => {
  const key = lowerKey(text);
  if (key.includes("шнор") || key.includes("низкими образовательными")) return "shnor";
  if (key.includes("шнсу") || key.includes("неблагоприятных")) return "shnsu";
  return null;
};

/** The document details: the «Реквизиты» sheet (label, value) under the details given at upload. */
function officialDetails(
  details: Table | undefined,
  given: ParseInput["official"],
  schools: OfficialList["schools"],
  state: State,
): OfficialList | null {
  const found: Partial<Omit<OfficialList, "schools">> = {};
  const sheet = details?.sheet ?? SHEET_NAMES.details;
  details?.rows.forEach((cells, index) => {
    if (!cells) return;
    const labelVariants = headerVariants(clean(cellText(cells[0])));
    const field = (Object.keys(DETAIL_KEYS) as DetailKey[]).find((key) =>
      labelVariants.some((variant) => DETAIL_KEYS[key].includes(variant) || variant === headerKey(DETAIL_TITLES[key])),
    );
    if (!field || found[field] !== undefined) return;
    const cell = cells[1];
    const text = clean(cellText(cell));
    if (!text && !(cell instanceof Date)) return;
    const problem = (message: string) => given?.[field] === undefined && state.problems.add({ sheet, row: index + 1, column: "B", message });
    if (field === "kind") {
      const kind = listKind(text);
      if (kind) found.kind = kind;
      else problem(intakeText.badListKind(text));
    } else if (field === "year") {
      const year = readYear(text);
      if (!year) problem(intakeText.notYear(text));
      else if (year.year < YEAR_RANGE.from || year.year > YEAR_RANGE.to) problem(intakeText.yearRange(year.year, YEAR_RANGE.from, YEAR_RANGE.to));
      else found.year = year.year;
    } else if (field === "documentDate") {
      const date = readDate(cell);
      if (date) found.documentDate = date;
      else problem(intakeText.badDate(text));
    } else {
      found[field] = text.slice(0, field === "source" ? 500 : 100);
    }
  });
  const overrides = Object.fromEntries(Object.entries(given ?? {}).filter(([, value]) => value !== undefined && value !== ""));
  if (typeof overrides.documentDate === "string") overrides.documentDate = readDate(overrides.documentDate) ?? overrides.documentDate;
  const merged = { ...found, ...overrides };
  const checked = OfficialSchema.safeParse(merged);
  if (!checked.success) {
    const wrong = new Set(checked.error.issues.map((issue) => issue.path[0]));
    const missing = (Object.keys(DETAIL_TITLES) as DetailKey[]).filter((key) => wrong.has(key));
    state.problems.add({ sheet: details ? sheet : "", message: intakeText.missingDetails(missing.map((key) => DETAIL_TITLES[key])) });
    return null;
  }
  return { ...checked.data, schools };
}
