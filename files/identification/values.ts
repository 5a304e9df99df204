// Values of cells as the intake reads them: numbers with a decimal comma, spaces and "%", shares in
// percent or as fractions, years, grades, assessments, yes/no, and the context of a ФИС ОКО report
// (year, grade, subject) found in a title line, the sheet's name or the file's name.
import { ASSESSMENTS, type Assessment } from "../../core/identification/types.ts";
import type { Cell } from "./table.ts";

const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;
/** Text as a person reads it: one space for any run of blanks. */
export const clean = (value: string) => value.replace(INVISIBLE, "").replace(/\s+/g, " ").trim();
/** Lower case, ё → е: how subjects and words are compared and stored. */
export const lowerKey = (value: string) => clean(value).toLocaleLowerCase("ru").replaceAll("ё", "е");

/** Empty, or a dash that reports print for "no data". */
const NO_DATA = /^(?:|-|—|–|н\/д|нд|нет данных)$/i;

export type NumberCell =
  | { kind: "empty" }
  | { kind: "number"; value: number; percent: boolean; text: string }
  | { kind: "text"; text: string };

/** A number cell: 12, "12", "37,5", "37,5 %", "1 234". A share's scale is decided per column later. */
export function readNumber(cell: Cell | undefined): NumberCell {
  if (cell === null || cell === undefined) return { kind: "empty" };
  if (typeof cell === "number") return Number.isFinite(cell) ? { kind: "number", value: cell, percent: false, text: String(cell) } : { kind: "text", text: String(cell) };
  if (typeof cell !== "string") return { kind: "text", text: cell instanceof Date ? cell.toISOString().slice(0, 10) : String(cell) };
  const text = clean(cell);
  if (NO_DATA.test(text)) return { kind: "empty" };
  let compact = text.replace(/[\s\u00A0\u202F']/g, "");
  const percent = compact.endsWith("%");
  if (percent) compact = compact.slice(0, -1);
  compact = compact.replace(",", ".");
  if (!/^[-+]?(?:\d+(?:\.\d*)?|\.\d+)$/.test(compact)) return { kind: "text", text };
  return { kind: "number", value: Number(compact), percent, text };
}

/** A year: 2025, "2025", "2025 год"; a school year "2024/2025" or "2024-25" is its spring year. */
export function readYear(text: string): { year: number; schoolYear: boolean } | null {
  const value = clean(text).replace(/\s*(?:г\.?|год)$/i, "");
  if (/^\d{4}(?:\.0+)?$/.test(value)) return { year: Math.trunc(Number(value)), schoolYear: false };
  const span = /^(\d{4})\s*[/\-–—]\s*(\d{2}|\d{4})$/.exec(value);
  if (span) {
    const first = Number(span[1]);
    const second = span[2]!.length === 2 ? Math.floor(first / 100) * 100 + Number(span[2]) : Number(span[2]);
    if (second === first + 1) return { year: second, schoolYear: true };
  }
  return null;
}

/** A grade: 5, "5", "5 класс", "5 кл.", "11А" (the letter of a class is ignored). */
export function readGrade(text: string): number | null {
  const match = /^(\d{1,2})\s*(?:-?\s*(?:й|го))?\s*(?:[а-яa-z](?![а-я]))?\s*(?:класс\p{L}*|кл\.?)?$/iu.exec(clean(text));
  return match ? Number(match[1]) : null;
}

/** The grades each assessment is held in (the intake refuses others). */
export const GRADES: Record<Assessment, [number, number]> = { ЕГЭ: [10, 11], ОГЭ: [9, 9], ВПР: [4, 11], РДР: [1, 11] };
/** ЕГЭ and ОГЭ without a grade: their usual one. */
export const DEFAULT_GRADE: Partial<Record<Assessment, number>> = { ЕГЭ: 11, ОГЭ: 9 };

export function readAssessment(text: string): Assessment | null {
  const key = lowerKey(text).replace(/[^\p{L}]/gu, "");
  return ASSESSMENTS.find((assessment) => assessment.toLocaleLowerCase("ru") === key) ?? null;
}

const YES = new Set(["да", "д", "yes", "y", "true", "истина", "1", "+", "есть", "имеется", "v", "✓", "✔", "x", "х"]);
const NO = new Set(["нет", "н", "no", "n", "false", "ложь", "0", "-", "−", "–", "—", "не имеется", "отсутствует"]);

export function readBoolean(cell: Cell | undefined): { value: boolean | null } | null {
  if (cell === null || cell === undefined) return { value: null };
  if (typeof cell === "boolean") return { value: cell };
  if (typeof cell === "number") return cell === 1 ? { value: true } : cell === 0 ? { value: false } : null;
  if (typeof cell !== "string") return null;
  const key = lowerKey(cell);
  if (!key) return { value: null };
  if (YES.has(key)) return { value: true };
  if (NO.has(key)) return { value: false };
  return null;
}

/** A subject as the core stores it: lower case, е for ё, single spaces. */
export const subjectKey = (text: string) => lowerKey(text).replace(/\s*\.\s*$/, "");

/** ВПР subjects a report's title may name, the longer first ("английский язык" before "язык"). */
const SUBJECTS = [
  "русский язык", "математика", "окружающий мир", "история", "биология", "география", "обществознание", "физика", "химия",
  "английский язык", "немецкий язык", "французский язык", "иностранный язык", "литература", "информатика",
];

export interface ReportContext {
  year?: number;
  grade?: number;
  subject?: string;
}

/** Year, grade and subject named in a report's title, a sheet's name or a file's name. */
export function contextOf(text: string): ReportContext {
  const source = ` ${lowerKey(text.replace(/[_]+/g, " "))} `;
  const context: ReportContext = {};
  const named = /предмет\s*[:\-–—]?\s*([\p{L} ]+?)\s*(?=[,.;:|()\d"«»]|\s(?:класс|кл)|$)/u.exec(source);
  const known = [...SUBJECTS].sort((a, b) => b.length - a.length).find((subject) => source.includes(subject));
  if (known) context.subject = known;
  else if (named?.[1] && named[1].trim().length > 2) context.subject = subjectKey(named[1]);
  const grade =
    /(?<!\d)(\d{1,2})\s*(?:-?\s*(?:й|го|х))?\s*(?:класс|кл(?!\p{L}))/u.exec(source) ?? /класс\p{L}*\s*[:№-]?\s*(\d{1,2})(?!\d)/u.exec(source);
  if (grade) context.grade = Number(grade[1]);
  // Dates of forming the report carry a year too: the year of the work is a standalone one.
  const withoutDates = source.replace(/\d{1,2}[./]\d{1,2}[./]\d{4}/g, " ").replace(/\d{4}-\d{2}-\d{2}/g, " ");
  const span = /(?<!\d)(20\d\d)\s*[/\-–—]\s*(20\d\d|\d\d)(?!\d)/.exec(withoutDates);
  const year = /(?<!\d)(20\d\d)(?!\d)/.exec(withoutDates);
  if (span) context.year = readYear(`${span[1]}/${span[2]}`)?.year ?? Number(span[1]);
  else if (year) context.year = Number(year[1]);
  return context;
}

/** A date of a document: an Excel date, "15.03.2025", "2025-03-15" → "2025-03-15"; null if none. */
export function readDate(cell: Cell | undefined): string | null {
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? null : cell.toISOString().slice(0, 10);
  if (typeof cell === "number" && cell > 20000 && cell < 80000) {
    // An Excel serial day number that lost its date format.
    return new Date(Date.UTC(1899, 11, 30) + Math.round(cell) * 86_400_000).toISOString().slice(0, 10);
  }
  if (typeof cell !== "string") return null;
  const text = clean(cell).replace(/\s*г\.?$/, "");
  let day: number, month: number, year: number;
  const russian = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (russian) [day, month, year] = [Number(russian[1]), Number(russian[2]), Number(russian[3])];
  else if (iso) [year, month, day] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.toISOString().slice(0, 10);
}

/** A school named the ФИС ОКО way, "(sch560301) МБОУ СОШ № 1", or a login cell "sch560301". */
export function schoolOfLabel(label: string): { login: string; code: string; name: string } | null {
  const text = clean(label);
  const match = /^\(?\s*(sch\d+)\s*\)?\s*(.*)$/i.exec(text) ?? /^(.*?)\s*\(\s*(sch\d+)\s*\)\s*$/i.exec(text);
  if (!match) return null;
  const [login, name] = /^sch/i.test(match[1]!) ? [match[1]!, match[2]!] : [match[2]!, match[1]!];
  return { login, code: loginCode(login), name: clean(name) };
}

/** ФИС ОКО's login of a school is "sch" and its code: the code is what the district's books hold. */
export const loginCode = (login: string) => login.replace(/^sch/i, "");
