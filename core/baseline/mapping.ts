// Planning a baseline import (#13): an earlier round exported from Google Forms or Yandex Forms (one
// header row of question texts, one row per response) → the responses of a closed campaign of the
// matching instrument. Pure: the file is already read into text cells (files/baseline.ts), the
// schools and the saved mapping are given. Columns that identify a person are dropped here, before
// any value of theirs is looked at, and their values never leave this module.
import { z } from "zod";
import type { FileProblem } from "../identification/types.ts";
import { baselineText } from "../messages/baseline.ts";
import { NO, YES, isRequired, offersUnsure, questionType, type Instrument, type Question } from "../instruments/schema.ts";
import type { AnswerValue } from "../survey/answers.ts";

/** The file as text cells: the header row and the data rows as the person numbers them. */
export interface BaselineTable {
  sheet: string;
  /** The row number of the header (1-based, as in the spreadsheet). */
  headerRow: number;
  headers: string[];
  rows: Array<{ row: number; cells: string[] }>;
}

/** A saved, editable mapping (ResponseMapping.mapping), keyed by normalised texts so that it fits the next file of the same form. */
export const BaselineMappingSchema = z.object({
  version: z.literal(1).default(1),
  /** Normalised header → a question, the school column, or nothing. */
  columns: z
    .record(
      z.string().max(1000),
      z.union([z.object({ questionId: z.string().min(1).max(32) }), z.object({ role: z.enum(["school", "ignore"]) })]),
    )
    .default({}),
  /** Question id → normalised answer text → the value (option or scale value) or «затрудняюсь ответить». */
  answers: z.record(z.string().max(32), z.record(z.string().max(1000), z.union([z.number().int(), z.literal("unsure")]))).default({}),
  /** Normalised school text → school id. */
  schools: z.record(z.string().max(1000), z.string().min(1).max(40)).default({}),
});
export type BaselineMapping = z.infer<typeof BaselineMappingSchema>;
export const emptyMapping = (): BaselineMapping => ({ version: 1, columns: {}, answers: {}, schools: {} });

export type ColumnRole = "question" | "school" | "dropped" | "timestamp" | "ignored";

export interface ColumnPlan {
  /** 0-based index in the row. */
  index: number;
  /** "A", "B", … */
  letter: string;
  header: string;
  /** The normalised header: the key of the saved mapping. */
  key: string;
  role: ColumnRole;
  questionId: string | null;
  /** How the role was decided: the saved mapping, or recognised here. */
  from: "mapping" | "auto";
}

export interface SchoolRef {
  id: string;
  name: string;
  code: string | null;
}

export interface PlannedResponse {
  row: number;
  schoolId: string;
  answers: Array<[string, AnswerValue]>;
}

export interface UnknownAnswer {
  questionId: string;
  /** The normalised answer text: the key to give a value in `mapping.answers[questionId]`. */
  key: string;
  text: string;
  rows: number;
}

export interface BaselinePlan {
  columns: ColumnPlan[];
  responses: PlannedResponse[];
  /** Rows without a single answer to a mapped question (left out). */
  emptyRows: number;
  rowsRead: number;
  questionsUnmapped: string[];
  unknownAnswers: UnknownAnswer[];
  unknownSchools: Array<{ key: string; text: string; rows: number }>;
  /** The earliest and latest fill-in times of the file, when it has them. */
  filledBetween: { from: Date; to: Date } | null;
  problems: FileProblem[];
  warnings: FileProblem[];
  /** The mapping as applied (saved one + what was recognised), to show, edit and save. */
  mapping: BaselineMapping;
}

const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;
const clean = (value: string) => value.replace(INVISIBLE, "").replace(/\s+/g, " ").trim();
/** Lower case, ё → е, letters and digits only, single spaces: how headers, answers and names are compared. */
export function textKey(value: string): string {
  return clean(value)
    .toLocaleLowerCase("ru")
    .replaceAll("ё", "е")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}
/** A header without the numbering forms put before questions ("1.", "12)", "Вопрос 3."). */
const headerKey = (header: string) => textKey(clean(header).replace(/^(?:вопрос\s*)?\d{1,3}\s*[.)]\s*/i, ""));

// ---- columns that identify a person: dropped whatever else they might match ----
// Keys are words separated by single spaces; \b does not see Cyrillic letters, so whole words are matched by spaces.
const word = (alternatives: string) => new RegExp(`(?:^| )(?:${alternatives})(?: |$)`);
const IDENTIFYING = [
  /e ?mail|почт/,
  word("фио|имя|name|ваше имя|имя и фамилия"),
  /фамили|отчеств|username|логин|login|никнейм/,
  /телефон|phone|мобильн/,
  word("тел|адрес|ip|user id|ид пользователя|id пользователя"),
  /снилс|паспорт|дата рождения|день рождения|address|профиль|аккаунт/,
];
/** Headers that identify a person. A long header is a question that happens to mention «имя» and is not dropped. */
export function identifyingHeader(header: string): boolean {
  const key = textKey(header);
  if (!key) return false;
  if (key.length > 60) return false;
  return IDENTIFYING.some((pattern) => pattern.test(key));
}

const TIMESTAMP = /^(?:отметка времени|timestamp|время создания|время заполнения|дата заполнения|дата и время|время ответа|дата ответа|дата|время|created|submitted at|время отправки)$/;
const RESPONSE_ID = /^(?:id|ид|n|№|номер|номер ответа|id ответа|ответ)$/;
const SCHOOL = /школ|образовательн\p{L}* (?:организац|учрежден)|(?:^| )(?:оо|оу)(?: |$)|организаци|учреждени/u;

/** Words of a text for the fuzzy comparison. */
const words = (key: string) => new Set(key.split(" ").filter((word) => word.length > 2));
function similarity(a: string, b: string): number {
  if (a === b) return 1;
  const shorter = a.length < b.length ? a : b;
  const longer = a.length < b.length ? b : a;
  if (shorter.length >= 20 && longer.includes(shorter)) return 0.9;
  const x = words(a);
  const y = words(b);
  if (!x.size || !y.size) return 0;
  let common = 0;
  for (const word of x) if (y.has(word)) common++;
  return (2 * common) / (x.size + y.size);
}
const FUZZY = 0.8;

const letterOf = (index: number) => {
  let letters = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
};

/** Decides every column's role: the saved mapping first, then exact question texts, then people's data, then the rest. */
export function planColumns(instrument: Instrument, headers: readonly string[], mapping: BaselineMapping): { columns: ColumnPlan[]; problems: FileProblem[] } {
  const questionKeys = instrument.questions.map((question) => ({ question, key: headerKey(question.text) }));
  const byId = new Map(instrument.questions.map((question) => [question.id, question]));
  const problems: FileProblem[] = [];
  const columns: ColumnPlan[] = headers.map((header, index) => {
    const key = headerKey(header);
    const base = { index, letter: letterOf(index), header: clean(header), key, questionId: null, from: "auto" as const };
    const exact = key ? questionKeys.find((entry) => entry.key === key)?.question : undefined;
    const saved = key ? mapping.columns[key] : undefined;
    if (!key) return { ...base, role: "ignored" as const };
    // A person's data is dropped even when a mapping says otherwise; only the instrument's own question text is not.
    if (identifyingHeader(header) && !exact) {
      if (saved && "questionId" in saved) problems.push({ sheet: "", column: base.header, message: baselineText.identifyingMapped });
      if (saved && "role" in saved && saved.role === "school") problems.push({ sheet: "", column: base.header, message: baselineText.identifyingMapped });
      return { ...base, role: "dropped" as const };
    }
    if (saved) {
      if ("role" in saved) return { ...base, role: saved.role === "school" ? ("school" as const) : ("ignored" as const), from: "mapping" as const };
      if (!byId.has(saved.questionId)) {
        problems.push({ sheet: "", column: base.header, message: baselineText.unknownQuestion(saved.questionId) });
        return { ...base, role: "ignored" as const, from: "mapping" as const };
      }
      return { ...base, role: "question" as const, questionId: saved.questionId, from: "mapping" as const };
    }
    if (exact) return { ...base, role: "question" as const, questionId: exact.id };
    if (TIMESTAMP.test(key)) return { ...base, role: "timestamp" as const };
    if (RESPONSE_ID.test(key)) return { ...base, role: "ignored" as const };
    if (key.length <= 80 && SCHOOL.test(key)) return { ...base, role: "school" as const };
    return { ...base, role: "ignored" as const };
  });

  // Fuzzy matches for the questions nothing claimed yet, each column to its best question.
  const claimed = new Set(columns.flatMap((column) => (column.questionId ? [column.questionId] : [])));
  for (const column of columns) {
    if (column.role !== "ignored" || column.from === "mapping" || !column.key || RESPONSE_ID.test(column.key)) continue;
    let best: { question: Question; score: number } | null = null;
    for (const { question, key } of questionKeys) {
      if (claimed.has(question.id)) continue;
      const score = similarity(column.key, key);
      if (score >= FUZZY && (!best || score > best.score)) best = { question, score };
    }
    if (best) {
      column.role = "question";
      column.questionId = best.question.id;
      claimed.add(best.question.id);
    }
  }
  // Only one school column: the first one recognised (a mapped one wins).
  const schools = columns.filter((column) => column.role === "school");
  const keep = schools.find((column) => column.from === "mapping") ?? schools[0];
  for (const column of schools) if (column !== keep) column.role = "ignored";
  // Two columns on one question.
  const seen = new Map<string, ColumnPlan>();
  for (const column of columns) {
    if (!column.questionId) continue;
    const other = seen.get(column.questionId);
    if (other) problems.push({ sheet: "", column: column.header, message: baselineText.duplicateQuestion(byId.get(column.questionId)!.text, other.header) });
    else seen.set(column.questionId, column);
  }
  return { columns, problems };
}

// ---- answers ----
const UNSURE = new Set(["затрудняюсь ответить", "затрудняюсь", "не знаю", "затрудняюсь с ответом", "нет ответа"]);
const YES_TEXTS = new Set(["да", "yes", "есть", "имеется", "1", "true", "истина"]);
const NO_TEXTS = new Set(["нет", "no", "не имеется", "отсутствует", "0", "false", "ложь"]);

type AnswerRead = { ok: true; answer: AnswerValue } | { ok: false; unknown: true } | { ok: false; unknown: false; message: string };

const numberOf = (text: string): number | null => {
  const compact = clean(text).replace(/[\s\u00A0\u202F]/g, "").replace(",", ".");
  return /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)$/.test(compact) ? Number(compact) : null;
};
/** "4", "4 — согласен", "4. Согласен": the leading number of a scale answer. */
const leadingNumber = (text: string): number | null => {
  const match = /^\s*(\d{1,2})(?:\s*(?:[-—–.):]|$))/.exec(text);
  return match ? Number(match[1]) : null;
};

/** One cell's answer to a question: by the saved answer mapping, by labels, by values. */
export function readAnswer(instrument: Instrument, question: Question, raw: string, overrides: Record<string, number | "unsure"> | undefined): AnswerRead {
  const text = clean(raw);
  const key = textKey(text);
  const type = questionType(question);
  const override = overrides?.[key];
  if (override !== undefined && type !== "multiple") {
    if (override === "unsure") return offersUnsure(question) ? { ok: true, answer: { kind: "unsure" } } : { ok: false, unknown: false, message: baselineText.unsureNotOffered(question.text) };
    if (!allowedValue(instrument, question, override)) return { ok: false, unknown: true };
    return { ok: true, answer: { kind: "int", value: override } };
  }
  if (type !== "text" && type !== "number" && UNSURE.has(key)) {
    return offersUnsure(question) ? { ok: true, answer: { kind: "unsure" } } : { ok: false, unknown: false, message: baselineText.unsureNotOffered(question.text) };
  }
  switch (type) {
    case "likert": {
      const byLabel = instrument.scale.find((option) => textKey(option.label) === key);
      if (byLabel) return { ok: true, answer: { kind: "int", value: byLabel.value } };
      const number = leadingNumber(text);
      if (number !== null && instrument.scale.some((option) => option.value === number)) return { ok: true, answer: { kind: "int", value: number } };
      return { ok: false, unknown: true };
    }
    case "single": {
      const options = question.type === "single" ? question.options : [];
      const byLabel = options.find((option) => textKey(option.label) === key);
      if (byLabel) return { ok: true, answer: { kind: "int", value: byLabel.value } };
      const number = numberOf(text);
      if (number !== null && options.some((option) => option.value === number)) return { ok: true, answer: { kind: "int", value: number } };
      return { ok: false, unknown: true };
    }
    case "yesno":
      if (YES_TEXTS.has(key)) return { ok: true, answer: { kind: "int", value: YES } };
      if (NO_TEXTS.has(key)) return { ok: true, answer: { kind: "int", value: NO } };
      return { ok: false, unknown: true };
    case "multiple":
      return readPicks(question, text, overrides);
    case "number": {
      if (question.type !== "number") return { ok: false, unknown: true };
      const value = numberOf(text.replace(/%$/, ""));
      if (value === null) return { ok: false, unknown: false, message: baselineText.notANumber(text) };
      if (question.integer && !Number.isInteger(value)) return { ok: false, unknown: false, message: baselineText.notInteger(text) };
      if (value < question.min || value > question.max) return { ok: false, unknown: false, message: baselineText.outOfBounds(value, question.min, question.max) };
      return { ok: true, answer: { kind: "number", value } };
    }
    case "text": {
      const max = question.type === "text" ? question.maxLength : 500;
      if (text.length > max) return { ok: false, unknown: false, message: baselineText.tooLong(text.length, max) };
      return { ok: true, answer: { kind: "text", value: text } };
    }
  }
}

function allowedValue(instrument: Instrument, question: Question, value: number): boolean {
  const type = questionType(question);
  if (type === "likert") return instrument.scale.some((option) => option.value === value);
  if (question.type === "single" || question.type === "multiple") return question.options.some((option) => option.value === value);
  if (type === "yesno") return value === YES || value === NO;
  return false;
}

/**
 * A multiple choice cell: Google Forms joins the picks with ", ", Yandex Forms with ", " or "; ", and
 * labels may hold commas themselves, so the known labels are found in the text, the longest first.
 * Whatever is left between them is a pick nobody mapped.
 */
function readPicks(question: Question, text: string, overrides: Record<string, number | "unsure"> | undefined): AnswerRead {
  if (question.type !== "multiple") return { ok: false, unknown: true };
  let rest = ` ${textKey(text)} `;
  const picks = new Set<number>();
  const labels = [
    ...question.options.map((option) => ({ key: textKey(option.label), value: option.value })),
    ...Object.entries(overrides ?? {}).flatMap(([key, value]) => (typeof value === "number" ? [{ key, value }] : [])),
  ]
    .filter((label) => label.key)
    .sort((a, b) => b.key.length - a.key.length);
  for (const label of labels) {
    const needle = ` ${label.key} `;
    if (rest.includes(needle)) {
      picks.add(label.value);
      rest = rest.replaceAll(needle, "  ");
    }
  }
  if (rest.trim()) return { ok: false, unknown: true };
  const values = [...picks].filter((value) => question.options.some((option) => option.value === value)).sort((a, b) => a - b);
  const max = question.maxPicks ?? question.options.length;
  if (values.length > max) return { ok: false, unknown: false, message: baselineText.tooManyPicks(values.length, max) };
  return { ok: true, answer: { kind: "ints", values } };
}

// ---- schools ----
/** Legal forms and place abbreviations left out when names are compared. */
const SCHOOL_FORMS = new Set(["мбоу", "мкоу", "маоу", "мою", "гбоу", "гоу", "моу", "мобу", "мбу", "оу", "г", "с", "п", "д", "им", "имени"]);
const schoolKey = (text: string) =>
  textKey(text)
    .split(" ")
    .filter((part) => !SCHOOL_FORMS.has(part))
    .join(" ")
    .replace(/\s+/g, " ")
    .trim();

export function matchSchool(schools: readonly SchoolRef[], raw: string, mapping: BaselineMapping): { school: SchoolRef } | { ambiguous: SchoolRef[] } | null {
  const key = textKey(raw);
  const mapped = mapping.schools[key];
  if (mapped) {
    const school = schools.find((candidate) => candidate.id === mapped);
    return school ? { school } : null;
  }
  const code = clean(raw).replace(/^0+(?=\d)/, "");
  const byCode = schools.filter((school) => school.code !== null && school.code.replace(/^0+(?=\d)/, "") === code);
  if (byCode.length === 1) return { school: byCode[0]! };
  const name = schoolKey(raw);
  if (!name) return null;
  const byName = schools.filter((school) => schoolKey(school.name) === name);
  if (byName.length === 1) return { school: byName[0]! };
  if (byName.length > 1) return { ambiguous: byName };
  // "школа 5" for «МБОУ СОШ № 5»: the school whose name holds every word (and number) of the answer.
  const wanted = name.split(" ");
  const holding = schools.filter((school) => {
    const have = new Set(schoolKey(school.name).split(" "));
    return wanted.every((word) => have.has(word) || (word === "школа" && have.has("сош")));
  });
  if (holding.length === 1) return { school: holding[0]! };
  if (holding.length > 1) return { ambiguous: holding };
  return null;
}

// ---- timestamps ----
/** Fill-in times as Google Forms (ru: "14.03.2025 10:22:31", en: "2025/03/14 10:22:31 AM GMT+3") and Yandex Forms ("2025-03-14 10:22:31") write them. */
export function readTimestamp(raw: string): Date | null {
  const text = clean(raw);
  if (!text) return null;
  let match = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?/.exec(text);
  if (match) return dateOf(Number(match[3]), Number(match[2]), Number(match[1]), match[4], match[5], match[6]);
  match = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(AM|PM)?)?/i.exec(text);
  if (match) {
    let hour = match[4];
    if (hour && match[7]) hour = String((Number(hour) % 12) + (match[7].toUpperCase() === "PM" ? 12 : 0));
    return dateOf(Number(match[1]), Number(match[2]), Number(match[3]), hour, match[5], match[6]);
  }
  match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?/.exec(text);
  if (match) return dateOf(Number(match[3]), Number(match[1]), Number(match[2]), match[4], match[5], match[6]);
  return null;
}
function dateOf(year: number, month: number, day: number, hour?: string, minute?: string, second?: string): Date | null {
  if (month < 1 || month > 12 || day < 1 || day > 31 || year < 2000 || year > 2100) return null;
  const date = new Date(Date.UTC(year, month - 1, day, Number(hour ?? 0), Number(minute ?? 0), Number(second ?? 0)));
  return date.getUTCDate() === day ? date : null;
}

// ---- the plan ----
export interface PlanInput {
  instrument: Instrument;
  table: BaselineTable;
  schools: readonly SchoolRef[];
  mapping: BaselineMapping;
  /** The school of every row when the file has no school column. */
  schoolId?: string | null;
}

/**
 * What an import would write, and every problem with its row and column. The identifying columns'
 * cells are never read: only the header decides.
 */
export function planBaseline(input: PlanInput): BaselinePlan {
  const { instrument, table, schools } = input;
  const mapping: BaselineMapping = {
    version: 1,
    columns: { ...input.mapping.columns },
    answers: Object.fromEntries(Object.entries(input.mapping.answers).map(([id, answers]) => [id, { ...answers }])),
    schools: { ...input.mapping.schools },
  };
  const sheet = table.sheet;
  const { columns, problems: columnProblems } = planColumns(instrument, table.headers, input.mapping);
  const problems: FileProblem[] = columnProblems.map((problem) => ({ ...problem, sheet, row: table.headerRow }));
  const warnings: FileProblem[] = [];
  const byId = new Map(instrument.questions.map((question) => [question.id, question]));
  for (const column of columns) {
    // Remember what was recognised, so the saved mapping reads the next file of the same form alike.
    if (column.role === "question" && column.questionId) mapping.columns[column.key] = { questionId: column.questionId };
    if (column.role === "school") mapping.columns[column.key] = { role: "school" };
    if (column.role === "dropped") warnings.push({ sheet, row: table.headerRow, column: column.header, message: baselineText.columnDropped });
    if (column.role === "ignored" && column.key && !RESPONSE_ID.test(column.key)) {
      warnings.push({ sheet, row: table.headerRow, column: column.header, message: baselineText.columnIgnored });
    }
  }
  const questionColumns = columns.filter((column) => column.role === "question" && column.questionId && byId.has(column.questionId));
  const mappedIds = new Set(questionColumns.map((column) => column.questionId!));
  const questionsUnmapped = instrument.questions.filter((question) => !mappedIds.has(question.id)).map((question) => question.id);
  for (const id of questionsUnmapped) warnings.push({ sheet, message: baselineText.questionUnmapped(byId.get(id)!.text) });

  const schoolColumn = columns.find((column) => column.role === "school") ?? null;
  const fixedSchool = input.schoolId ? schools.find((school) => school.id === input.schoolId) ?? null : null;
  if (!schoolColumn && !fixedSchool) problems.push({ sheet, message: baselineText.noSchoolColumn });
  for (const [key, id] of Object.entries(mapping.schools)) {
    if (!schools.some((school) => school.id === id)) problems.push({ sheet, message: baselineText.schoolNotInDistrict(key) });
  }
  const timeColumns = columns.filter((column) => column.role === "timestamp");

  const unknownAnswers = new Map<string, UnknownAnswer & { firstRow: number; column: string }>();
  const unknownSchools = new Map<string, { key: string; text: string; rows: number; firstRow: number; ambiguous: SchoolRef[] | null }>();
  const emptyRequired = new Map<string, number>();
  const responses: PlannedResponse[] = [];
  let emptyRows = 0;
  let from: Date | null = null;
  let to: Date | null = null;
  let badTime = false;

  for (const { row, cells } of table.rows) {
    const answers: Array<[string, AnswerValue]> = [];
    let failed = false;
    for (const column of questionColumns) {
      const question = byId.get(column.questionId!)!;
      const raw = cells[column.index] ?? "";
      if (!clean(raw)) {
        if (isRequired(question) && !question.showIf) emptyRequired.set(question.id, (emptyRequired.get(question.id) ?? 0) + 1);
        continue;
      }
      const read = readAnswer(instrument, question, raw, mapping.answers[question.id]);
      if (read.ok) {
        answers.push([question.id, read.answer]);
        continue;
      }
      failed = true;
      if (read.unknown) {
        const key = textKey(raw);
        const id = `${question.id}\u0000${key}`;
        const known = unknownAnswers.get(id);
        if (known) known.rows++;
        else unknownAnswers.set(id, { questionId: question.id, key, text: clean(raw), rows: 1, firstRow: row, column: column.header });
      } else {
        problems.push({ sheet, row, column: column.header, message: read.message });
      }
    }
    if (!answers.length && !failed) {
      emptyRows++;
      continue;
    }
    for (const column of timeColumns) {
      const raw = cells[column.index] ?? "";
      if (!clean(raw)) continue;
      const at = readTimestamp(raw);
      if (!at) {
        if (!badTime) warnings.push({ sheet, row, column: column.header, message: baselineText.badTimestamp(clean(raw)) });
        badTime = true;
        continue;
      }
      if (!from || at < from) from = at;
      if (!to || at > to) to = at;
      break;
    }
    let schoolId: string | null = fixedSchool?.id ?? null;
    if (schoolColumn) {
      const raw = clean(cells[schoolColumn.index] ?? "");
      if (!raw) {
        if (!fixedSchool) problems.push({ sheet, row, column: schoolColumn.header, message: baselineText.emptySchool });
      } else {
        const found = matchSchool(schools, raw, mapping);
        if (found && "school" in found) schoolId = found.school.id;
        else {
          schoolId = null;
          const key = textKey(raw);
          const known = unknownSchools.get(key);
          if (known) known.rows++;
          else unknownSchools.set(key, { key, text: raw, rows: 1, firstRow: row, ambiguous: found && "ambiguous" in found ? found.ambiguous : null });
        }
      }
    }
    if (failed || !schoolId) continue;
    responses.push({ row, schoolId, answers });
  }

  for (const unknown of unknownAnswers.values()) {
    problems.push({ sheet, row: unknown.firstRow, column: unknown.column, message: baselineText.unknownAnswer(unknown.text, byId.get(unknown.questionId)!.text, unknown.rows) });
  }
  for (const unknown of unknownSchools.values()) {
    problems.push({
      sheet,
      row: unknown.firstRow,
      column: schoolColumn?.header,
      message: unknown.ambiguous ? baselineText.ambiguousSchool(unknown.text, unknown.ambiguous.map((school) => school.name)) : baselineText.unknownSchool(unknown.text, unknown.rows),
    });
  }
  for (const [id, rows] of emptyRequired) warnings.push({ sheet, message: baselineText.emptyAnswers(byId.get(id)!.text, rows) });
  if (questionColumns.length && !responses.length && !problems.length) problems.push({ sheet, message: baselineText.nothingToImport });
  if (!questionColumns.length) problems.push({ sheet, message: baselineText.nothingToImport });

  return {
    columns,
    responses,
    emptyRows,
    rowsRead: table.rows.length,
    questionsUnmapped,
    unknownAnswers: [...unknownAnswers.values()].map(({ questionId, key, text, rows }) => ({ questionId, key, text, rows })),
    unknownSchools: [...unknownSchools.values()].map(({ key, text, rows }) => ({ key, text, rows })),
    filledBetween: from && to ? { from, to } : null,
    problems,
    warnings,
    mapping,
  };
}
