// The district's course catalog (КПК) as a table: which columns it has, which competence areas a
// course may name, and the check of every row. All or nothing: one problem and nothing is written.
import { BUILT_IN_INSTRUMENTS } from "../instruments/catalog.ts";
import { TEACHER_DIAGNOSTIC_KEY } from "../instruments/teacher-diagnostic.ts";
import { courseText as t } from "../messages/routes.ts";
import type { CourseInput } from "../services/routes-ports.ts";

/** Courses for management teams (team routes) name this area. */
export const MANAGEMENT_AREA = "management";

export interface CourseArea {
  id: string;
  title: string;
  /** Lower-case words a district may write instead of the title. */
  aliases: string[];
}

const ALIASES: Record<string, string[]> = {
  fgos: ["фгос", "фоп", "предметное содержание", "предмет"],
  assessment: ["впр", "критерии оценивания", "огэ", "егэ", "типичные ошибки", "оценивание"],
  literacy: ["функциональная грамотность", "pisa", "пиза", "читательская грамотность"],
  at_risk: ["неуспешность", "слабоуспевающие", "риск учебной неуспешности", "неуспевающие"],
  disabilities: ["овз", "инклюзия", "инклюзивное образование"],
  bilingual: ["билингвы", "билингв", "неродной русский", "рки"],
  data_use: ["результаты оценочных процедур", "анализ результатов", "данные"],
  technology: ["технологии", "цифровые технологии", "современные технологии", "цок", "рэш"],
  wellbeing: ["выгорание", "профессиональное выгорание", "уверенность"],
  [MANAGEMENT_AREA]: ["управление", "управленческая команда", "управленческие команды", "менеджмент", "шнор"],
};

/** The areas of every built-in version of the teacher diagnostic, and management. */
export function courseAreas(): CourseArea[] {
  const areas = new Map<string, CourseArea>();
  for (const instrument of BUILT_IN_INSTRUMENTS.filter((candidate) => candidate.key === TEACHER_DIAGNOSTIC_KEY)) {
    for (const area of instrument.areas) {
      if (!areas.has(area.id)) areas.set(area.id, { id: area.id, title: area.title, aliases: ALIASES[area.id] ?? [] });
    }
  }
  areas.set(MANAGEMENT_AREA, { id: MANAGEMENT_AREA, title: t.managementArea, aliases: ALIASES[MANAGEMENT_AREA]! });
  return [...areas.values()];
}

const norm = (text: string) => text.trim().toLowerCase().replaceAll("ё", "е").replace(/\s+/g, " ");

/** An area id from what a district wrote: the id, the title or one of its words. */
export function resolveArea(text: string, areas: readonly CourseArea[] = courseAreas()): string | null {
  const wanted = norm(text);
  if (!wanted) return null;
  for (const area of areas) {
    if (norm(area.id) === wanted || norm(area.title) === wanted || area.aliases.some((alias) => norm(alias) === wanted)) return area.id;
  }
  return null;
}

export type CourseColumn = "title" | "provider" | "hours" | "areas" | "startsOn" | "endsOn" | "dates" | "url";

/** Header words per column: a header matches when it starts with one of them (case and ё ignored). */
const HEADERS: Record<CourseColumn, string[]> = {
  title: ["название", "наименование", "курс", "программа"],
  provider: ["организатор", "провайдер", "организация", "кто проводит", "исполнитель"],
  hours: ["часы", "часов", "объем", "количество часов", "кол-во часов"],
  areas: ["компетенц", "области", "область", "дефицит", "направлени"],
  startsOn: ["начало", "дата начала", "с "],
  endsOn: ["окончание", "конец", "дата окончания", "по "],
  dates: ["даты", "сроки", "срок", "дата проведения", "период"],
  url: ["ссылка", "сайт", "url", "адрес"],
};

export const REQUIRED_COLUMNS: readonly CourseColumn[] = ["title", "provider", "areas"];

export function columnOf(header: string): CourseColumn | null {
  const text = norm(header);
  if (!text) return null;
  // Longer words first: «дата начала» before «даты».
  const candidates = (Object.entries(HEADERS) as Array<[CourseColumn, string[]]>)
    .flatMap(([column, words]) => words.map((word) => ({ column, word })))
    .sort((a, b) => b.word.length - a.word.length);
  return candidates.find(({ word }) => text.startsWith(word))?.column ?? null;
}

export interface CourseProblem {
  /** The row number as the person sees it in the file; absent for the whole file. */
  row?: number;
  /** The column's header as written in the file. */
  column?: string;
  message: string;
  /** The header row lacks required columns: this table is perhaps no catalog at all. */
  missingColumns?: true;
}

/** A cell as read from the file: text, a number, a date, or nothing. */
export type CourseCell = string | number | Date | boolean | null | undefined;

const text = (cell: CourseCell) => (cell === null || cell === undefined ? "" : cell instanceof Date ? "" : String(cell).trim());

const DATE_PATTERN = /^(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})$/;
const ISO_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseDate(cell: CourseCell): Date | null | "bad" {
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? "bad" : new Date(Date.UTC(cell.getUTCFullYear(), cell.getUTCMonth(), cell.getUTCDate()));
  const value = text(cell);
  if (!value) return null;
  let day: number, month: number, year: number;
  const ru = DATE_PATTERN.exec(value);
  const iso = ISO_PATTERN.exec(value);
  if (ru) [day, month, year] = [Number(ru[1]), Number(ru[2]), Number(ru[3]!.length === 2 ? `20${ru[3]}` : ru[3])];
  else if (iso) [year, month, day] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else return "bad";
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCDate() === day && date.getUTCMonth() === month - 1 && year >= 2000 && year <= 2100 ? date : "bad";
}

/** «01.02.2026 – 15.02.2026», «01.02.2026-15.02.2026», or one date. */
function parseRange(cell: CourseCell): { starts: Date | null; ends: Date | null } | "bad" {
  if (cell instanceof Date) {
    const date = parseDate(cell);
    return date === "bad" ? "bad" : { starts: date, ends: date };
  }
  const value = text(cell);
  if (!value) return { starts: null, ends: null };
  const parts = value.split(/\s*[–—-]\s*|\s+по\s+/).map((part) => part.replace(/^с\s+/, "").trim()).filter(Boolean);
  if (parts.length > 2) return "bad";
  const [first, second] = parts.map((part) => parseDate(part));
  if (first === "bad" || second === "bad" || !first) return "bad";
  return { starts: first, ends: second ?? first };
}

const MAX_COURSES = 2000;

/**
 * Checks the rows of a catalog table: `rows[0]` is the header row, `firstRow` its number in the file.
 * Every problem names the row and the column; with any problem there are no courses.
 */
export function checkCourseRows(rows: ReadonlyArray<ReadonlyArray<CourseCell> | undefined>, firstRow = 1): { courses: CourseInput[]; problems: CourseProblem[] } {
  const problems: CourseProblem[] = [];
  const headerIndex = rows.findIndex((row) => row?.some((cell) => text(cell)));
  if (headerIndex < 0) return { courses: [], problems: [{ message: t.emptyFile }] };
  const header = rows[headerIndex]!;
  const columns = new Map<CourseColumn, { index: number; title: string }>();
  header.forEach((cell, index) => {
    const column = columnOf(text(cell));
    if (column && !columns.has(column)) columns.set(column, { index, title: text(cell) });
  });
  const missing = REQUIRED_COLUMNS.filter((column) => !columns.has(column));
  if (missing.length) return { courses: [], problems: [{ row: firstRow + headerIndex, message: t.missingColumns(missing.map((column) => t.columnName[column])), missingColumns: true }] };

  const areas = courseAreas();
  const courses: CourseInput[] = [];
  const seen = new Map<string, number>();
  const cellOf = (row: ReadonlyArray<CourseCell>, column: CourseColumn) => {
    const at = columns.get(column);
    return at ? row[at.index] : undefined;
  };
  const columnTitle = (column: CourseColumn) => columns.get(column)?.title ?? t.columnName[column];

  for (let index = headerIndex + 1; index < rows.length; index++) {
    const row = rows[index];
    if (!row || !row.some((cell) => text(cell) || cell instanceof Date)) continue;
    const rowNumber = firstRow + index;
    const problem = (column: CourseColumn, message: string) => problems.push({ row: rowNumber, column: columnTitle(column), message });
    const title = text(cellOf(row, "title"));
    const provider = text(cellOf(row, "provider"));
    if (!title) problem("title", t.required);
    else if (title.length > 300) problem("title", t.tooLong(300));
    if (!provider) problem("provider", t.required);
    else if (provider.length > 200) problem("provider", t.tooLong(200));

    let hours: number | null = null;
    const hoursCell = cellOf(row, "hours");
    const hoursText = text(hoursCell).replace(/\s*(ч|час|часа|часов|ч\.)$/i, "");
    if (hoursText) {
      const value = typeof hoursCell === "number" ? hoursCell : Number(hoursText.replace(",", "."));
      if (!Number.isInteger(value) || value < 1 || value > 2000) problem("hours", t.badHours(text(hoursCell)));
      else hours = value;
    }

    const areaIds: string[] = [];
    const areaText = text(cellOf(row, "areas"));
    if (!areaText) problem("areas", t.noAreas(areas.map((area) => area.title)));
    for (const word of areaText.split(/[;,\n]/).map((part) => part.trim()).filter(Boolean)) {
      const id = resolveArea(word, areas);
      if (!id) problem("areas", t.unknownArea(word, areas.map((area) => area.title)));
      else if (!areaIds.includes(id)) areaIds.push(id);
    }

    let startsOn: Date | null = null;
    let endsOn: Date | null = null;
    if (columns.has("dates")) {
      const range = parseRange(cellOf(row, "dates"));
      if (range === "bad") problem("dates", t.badDates(text(cellOf(row, "dates"))));
      else ({ starts: startsOn, ends: endsOn } = range);
    }
    for (const column of ["startsOn", "endsOn"] as const) {
      if (!columns.has(column)) continue;
      const cell = cellOf(row, column);
      const date = parseDate(cell);
      if (date === "bad") problem(column, t.badDate(text(cell)));
      else if (date) column === "startsOn" ? (startsOn = date) : (endsOn = date);
    }
    if (startsOn && endsOn && endsOn < startsOn) problem(columns.has("endsOn") ? "endsOn" : "dates", t.endBeforeStart);

    let url: string | null = null;
    const urlText = text(cellOf(row, "url"));
    if (urlText) {
      const candidate = /^https?:\/\//i.test(urlText) ? urlText : `https://${urlText}`;
      try {
        const parsed = new URL(candidate);
        if (!parsed.hostname.includes(".") || urlText.length > 500) throw new Error("no host");
        url = parsed.toString();
      } catch {
        problem("url", t.badUrl(urlText));
      }
    }

    if (title && provider) {
      const key = `${title.toLowerCase()}\u0000${provider.toLowerCase()}`;
      const earlier = seen.get(key);
      if (earlier !== undefined) problem("title", t.duplicate(earlier));
      else seen.set(key, rowNumber);
    }
    courses.push({ title, provider, hours, areas: areaIds, startsOn, endsOn, url });
  }
  if (!courses.length && !problems.length) problems.push({ message: t.noCourses });
  if (courses.length > MAX_COURSES) problems.push({ message: t.tooMany(MAX_COURSES) });
  return problems.length ? { courses: [], problems } : { courses, problems };
}
