// The questionnaire is the district's (DOMAIN.md §11c): the teacher diagnostic is exported as JSON,
// edited, and loaded back as a new version. This module judges such a file — every zod issue with its
// JSON path, in Russian; the key and the version number — and notes what is easy to forget (a title
// or intro that still names the old version or the old number of questions).
import { z } from "zod";
import { InstrumentSchema, type Instrument } from "../core/instruments/schema.ts";
import { TEACHER_DIAGNOSTIC_KEY } from "../core/instruments/teacher-diagnostic.ts";

/** ["questions", 24, "text"] → questions[24].text */
export function jsonPath(path: readonly PropertyKey[]): string {
  if (!path.length) return "(весь файл)";
  return path.map((part, index) => (typeof part === "number" ? `[${part}]` : `${index ? "." : ""}${String(part)}`)).join("");
}

const TYPE_NAMES: Record<string, string> = {
  string: "текст в кавычках",
  number: "число",
  int: "целое число",
  boolean: "true или false",
  array: "список […]",
  object: "объект {…}",
};

function described(input: unknown): string {
  if (input === null) return "null";
  if (Array.isArray(input)) return "список";
  if (typeof input === "string") return `текст ${JSON.stringify(input.length > 40 ? `${input.slice(0, 40)}…` : input)}`;
  if (typeof input === "number") return `число ${input}`;
  if (typeof input === "object") return "объект";
  return String(input);
}

/** zod's issues in words for a district methodologist; anything not listed falls back to zod's Russian locale. */
const russian: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case "invalid_type":
      return issue.input === undefined
        ? "обязательное поле отсутствует"
        : `ожидается ${TYPE_NAMES[issue.expected] ?? issue.expected}, а здесь ${described(issue.input)}`;
    case "too_small": {
      const min = Number(issue.minimum);
      if (issue.origin === "string") return min <= 1 ? "пустой текст" : `текст не короче ${min} символов`;
      if (issue.origin === "array") return `нужно не меньше ${min} элементов`;
      return issue.inclusive === false ? `нужно больше ${min}` : `нужно не меньше ${min}`;
    }
    case "too_big": {
      const max = Number(issue.maximum);
      if (issue.origin === "string") return `текст длиннее ${max} символов`;
      if (issue.origin === "array") return `не больше ${max} элементов`;
      return `нужно не больше ${max}`;
    }
    case "invalid_value":
      return `недопустимое значение ${JSON.stringify(issue.input)}; допустимо: ${issue.values.map((value) => JSON.stringify(value)).join(", ")}`;
    default:
      return z.locales.ru().localeError(issue);
  }
};

/** " (вопрос fgos_4)" for a path inside questions[i] or areas[i], so the place can be found by id too. */
function where(raw: Record<string, unknown>, path: readonly PropertyKey[]): string {
  const [list, index] = path;
  if ((list !== "questions" && list !== "areas") || typeof index !== "number" || !Array.isArray(raw[list])) return "";
  const item = (raw[list] as unknown[])[index];
  const id = item && typeof item === "object" ? (item as Record<string, unknown>).id : undefined;
  return typeof id === "string" && id ? ` (${list === "questions" ? "вопрос" : "область"} ${id})` : "";
}

/** Fields the schema does not know are dropped by zod; a typo such as "reverce" should not pass unseen. */
function unknownFields(raw: unknown, parsed: unknown, path: PropertyKey[] = []): string[] {
  if (Array.isArray(raw) && Array.isArray(parsed)) return raw.flatMap((item, index) => unknownFields(item, parsed[index], [...path, index]));
  if (!raw || !parsed || typeof raw !== "object" || typeof parsed !== "object") return [];
  return Object.entries(raw).flatMap(([key, value]) =>
    key in parsed
      ? unknownFields(value, (parsed as Record<string, unknown>)[key], [...path, key])
      : [`${jsonPath([...path, key])}: такого поля в анкете нет, оно не сохранится (опечатка?)`],
  );
}

export interface InstrumentCheck {
  instrument: Instrument | null;
  problems: string[];
  warnings: string[];
}

/**
 * Judges an edited teacher diagnostic: its shape (InstrumentSchema), its key, and a version number
 * above every stored one. `approve` marks it approved by the district.
 */
export function checkInstrumentFile(raw: unknown, storedVersions: number[], approve: boolean): InstrumentCheck {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) {
    return { instrument: null, problems: ['(весь файл): ожидается объект анкеты { "key": …, "version": …, "questions": […] }'], warnings: [] };
  }
  const data = raw as Record<string, unknown>;
  const parsed = InstrumentSchema.safeParse(raw, { error: russian });
  const problems = parsed.success ? [] : parsed.error.issues.map((issue) => `${jsonPath(issue.path)}${where(data, issue.path)}: ${issue.message}`);
  if (typeof data.key === "string" && data.key !== TEACHER_DIAGNOSTIC_KEY) {
    problems.push(`key: ожидается ${JSON.stringify(TEACHER_DIAGNOSTIC_KEY)} (диагностика профессиональных дефицитов педагогов), а здесь ${JSON.stringify(data.key)}`);
  }
  const latest = Math.max(0, ...storedVersions);
  if (typeof data.version === "number" && Number.isInteger(data.version) && data.version <= latest) {
    const stored = [...storedVersions].sort((a, b) => a - b).join(", ");
    problems.push(
      `version: ${storedVersions.includes(data.version) ? `версия ${data.version} уже есть` : `версия ${data.version} меньше сохранённых`} ` +
        `(сохранены: ${stored}); новой версии нужен номер больше — поставьте "version": ${latest + 1}`,
    );
  }
  if (!parsed.success || problems.length) return { instrument: null, problems, warnings: [] };

  const instrument: Instrument = { ...parsed.data, status: approve ? "approved" : parsed.data.status };
  const warnings = unknownFields(raw, parsed.data);
  const titled = /верси[яи]\s*(\d+)/i.exec(instrument.title);
  if (titled && Number(titled[1]) !== instrument.version) {
    warnings.push(`title: в названии «${titled[0]}», а загружается версия ${instrument.version} — название видят учителя`);
  }
  if (instrument.status === "approved" && /черновик/i.test(instrument.title)) {
    warnings.push("title: в названии «черновик», а версия утверждается — название видят учителя");
  }
  const counted = /(\d+)\s+(?:\S+\s+)?вопрос[а-яё]*/i.exec(instrument.intro);
  if (counted && Number(counted[1]) !== instrument.questions.length) {
    warnings.push(`intro: во вступлении «${counted[0]}», а вопросов ${instrument.questions.length}`);
  }
  return { instrument, problems: [], warnings };
}
