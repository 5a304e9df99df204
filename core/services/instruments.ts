// Every instrument belongs to the district like the teacher diagnostic (DOMAIN.md §11c, #13): each
// built-in key (the catalog) is exported as JSON, edited, and loaded back as a new version of the
// district's own. Contract: the actor is the operator (null)
// or district staff of the district; a district sees the built-in versions and its own, never
// another district's; stored versions never change. `checkInstrumentFile` judges an edited file —
// every zod issue with its JSON path, in Russian; the key, the version number, and the bounds on
// the number of questions and the length of texts — and notes what is easy to forget. Only the teacher
// diagnostic is Likert-only (its chat journey); the other keys take every question type. Every
// built-in version is stored (a district's own numbers go above them), while a new campaign's default
// stays the key's first catalog version (prisma/admin.ts pickInstrument).
import { z } from "zod";
import { BUILT_IN_INSTRUMENTS, BUILT_IN_KEYS, builtInInstrument } from "../instruments/catalog.ts";
import { featuresBeyondLikert, InstrumentSchema, respondentOf, type Instrument } from "../instruments/schema.ts";
import { riskParameter, type RiskSourceKey } from "../risk-profile/catalog.ts";
import { RISK_SOURCES } from "../risk-profile/sources.ts";
import { TEACHER_DIAGNOSTIC_KEY } from "../instruments/teacher-diagnostic.ts";
import { instrumentsText as t } from "../messages/admin.ts";
import { AdminError, findDistrict, type Actor, type AdminContext } from "./admin.ts";
import type { InstrumentRow } from "./admin-ports.ts";
import { DEFAULT_METHODOLOGY } from "../methodology/settings.ts";
import { branchingWarnings } from "../release/instrument-check.ts";

/** Bounds of an edited questionnaire: a teacher answers it in one sitting, in a chat. */
export const INSTRUMENT_LIMITS = { questions: 200, areas: 30, title: 200, intro: 2000, areaTitle: 200, advice: 2000 } as const;

/** ["questions", 24, "text"] → questions[24].text */
export function jsonPath(path: readonly PropertyKey[]): string {
  if (!path.length) return t.wholeFile;
  return path.map((part, index) => (typeof part === "number" ? `[${part}]` : `${index ? "." : ""}${String(part)}`)).join("");
}

function described(input: unknown): string {
  if (input === null) return "null";
  if (Array.isArray(input)) return t.found.list;
  if (typeof input === "string") return t.found.text(JSON.stringify(input.length > 40 ? `${input.slice(0, 40)}…` : input));
  if (typeof input === "number") return t.found.number(input);
  if (typeof input === "object") return t.found.object;
  return String(input);
}

/** zod's issues in words for a district methodologist; anything not listed falls back to zod's Russian locale. */
const russian: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case "invalid_type":
      return issue.input === undefined
        ? t.required
        : t.expected(t.typeNames[issue.expected] ?? issue.expected, described(issue.input));
    case "too_small": {
      const min = Number(issue.minimum);
      if (issue.origin === "string") return min <= 1 ? t.emptyText : t.textAtLeast(min);
      if (issue.origin === "array") return t.itemsAtLeast(min);
      return issue.inclusive === false ? t.moreThan(min) : t.atLeast(min);
    }
    case "too_big": {
      const max = Number(issue.maximum);
      if (issue.origin === "string") return t.textLongerThan(max);
      if (issue.origin === "array") return t.itemsAtMost(max);
      return t.atMost(max);
    }
    case "invalid_value":
      return t.invalidValue(JSON.stringify(issue.input), issue.values.map((value) => JSON.stringify(value)).join(", "));
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
  return typeof id === "string" && id ? t.where(list, id) : "";
}

/** Fields the schema does not know are dropped by zod; a typo such as "reverce" should not pass unseen. */
function unknownFields(raw: unknown, parsed: unknown, path: PropertyKey[] = []): string[] {
  if (Array.isArray(raw) && Array.isArray(parsed)) return raw.flatMap((item, index) => unknownFields(item, parsed[index], [...path, index]));
  if (!raw || !parsed || typeof raw !== "object" || typeof parsed !== "object") return [];
  return Object.entries(raw).flatMap(([key, value]) =>
    key in parsed
      ? unknownFields(value, (parsed as Record<string, unknown>)[key], [...path, key])
      : [t.unknownField(jsonPath([...path, key]))],
  );
}

/** Too many questions or areas, or a text too long: each with its path and the limit. */
function boundsProblems(data: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const count = (list: string, limit: number, what: string) => {
    const items = data[list];
    if (Array.isArray(items) && items.length > limit) {
      problems.push(t.tooMany(list, what, items.length, limit));
    }
  };
  count("questions", INSTRUMENT_LIMITS.questions, t.questions);
  count("areas", INSTRUMENT_LIMITS.areas, t.areas);
  const long = (path: string, value: unknown, limit: number) => {
    if (typeof value === "string" && value.length > limit) problems.push(t.tooLong(path, value.length, limit));
  };
  long("title", data.title, INSTRUMENT_LIMITS.title);
  long("intro", data.intro, INSTRUMENT_LIMITS.intro);
  if (Array.isArray(data.areas) && data.areas.length <= INSTRUMENT_LIMITS.areas) {
    data.areas.forEach((area, index) => {
      if (!area || typeof area !== "object") return;
      long(`areas[${index}].title`, (area as Record<string, unknown>).title, INSTRUMENT_LIMITS.areaTitle);
      long(`areas[${index}].advice`, (area as Record<string, unknown>).advice, INSTRUMENT_LIMITS.advice);
    });
  }
  return problems;
}

export interface InstrumentCheck {
  instrument: Instrument | null;
  problems: string[];
  warnings: string[];
}

/** The key a file says it is, when it is a built-in key (the versions to number above are that key's). */
export function instrumentFileKey(raw: unknown): string | null {
  const key = raw && typeof raw === "object" && !Array.isArray(raw) ? (raw as Record<string, unknown>).key : undefined;
  return typeof key === "string" && BUILT_IN_KEYS.includes(key) ? key : null;
}

/** Questions of the risk profile (core/risk-profile/sources.ts) an edited version lacks: the parameters lose their source. */
function riskSourceWarnings(instrument: Instrument): string[] {
  const ids = new Set(instrument.questions.map((question) => question.id));
  const missing = new Map<string, string[]>();
  for (const [parameter, source] of Object.entries(RISK_SOURCES)) {
    if (source.instrumentKey !== instrument.key) continue;
    for (const id of source.questionIds) {
      if (!ids.has(id)) missing.set(id, [...(missing.get(id) ?? []), riskParameter(parameter as RiskSourceKey).number]);
    }
  }
  return [...missing].map(([id, parameters]) => t.riskQuestionMissing(id, parameters));
}

/**
 * Judges an edited instrument of any built-in key: its shape (InstrumentSchema), its key, who answers
 * it (as the built-in one), Likert only for the teacher diagnostic, and a version number above every
 * stored one of the key. `approve` marks it approved by the district.
 */
export function checkInstrumentFile(raw: unknown, storedVersions: number[], approve: boolean): InstrumentCheck {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) {
    return { instrument: null, problems: [t.notAnObject], warnings: [] };
  }
  const data = raw as Record<string, unknown>;
  // Bounds first: a file of 20 000 questions is refused before the schema walks it.
  const oversized = boundsProblems(data);
  if (oversized.length) return { instrument: null, problems: oversized, warnings: [] };
  const parsed = InstrumentSchema.safeParse(raw, { error: russian });
  const problems = parsed.success ? [] : parsed.error.issues.map((issue) => `${jsonPath(issue.path)}${where(data, issue.path)}: ${issue.message}`);
  const key = typeof data.key === "string" ? data.key : null;
  if (key !== null && !BUILT_IN_KEYS.includes(key)) problems.push(t.wrongKey(BUILT_IN_KEYS, JSON.stringify(key)));
  const builtIn = key !== null ? builtInInstrument(key) : undefined;
  // Who answers decides the path (members in chat or anonymous class codes): it stays the built-in one's.
  if (parsed.success && builtIn && respondentOf(parsed.data) !== respondentOf(builtIn)) {
    problems.push(t.wrongRespondent(respondentOf(builtIn), respondentOf(parsed.data)));
  }
  const latest = Math.max(0, ...storedVersions);
  if (typeof data.version === "number" && Number.isInteger(data.version) && data.version <= latest) {
    const stored = [...storedVersions].sort((a, b) => a - b).join(", ");
    problems.push(t.versionTaken(data.version, storedVersions.includes(data.version), stored, latest + 1));
  }
  // The diagnostic's chat journey runs on its scale only; the other instruments take every question type (#13).
  if (parsed.success && parsed.data.key === TEACHER_DIAGNOSTIC_KEY) problems.push(...featuresBeyondLikert(parsed.data));
  if (!parsed.success || problems.length) return { instrument: null, problems, warnings: [] };

  const instrument: Instrument = { ...parsed.data, status: approve ? "approved" : parsed.data.status };
  const warnings = unknownFields(raw, parsed.data);
  const titled = /верси[яи]\s*(\d+)/i.exec(instrument.title);
  if (titled && Number(titled[1]) !== instrument.version) {
    warnings.push(t.titleVersion(titled[0], instrument.version));
  }
  if (instrument.status === "approved" && /черновик/i.test(instrument.title)) {
    warnings.push(t.titleDraft);
  }
  const counted = /(\d+)\s+(?:\S+\s+)?вопрос[а-яё]*/i.exec(instrument.intro);
  if (counted && Number(counted[1]) !== instrument.questions.length) {
    warnings.push(t.introCount(counted[0], instrument.questions.length));
  }
  // Release rules: an area only some teachers see may never reach the minimum in a small school.
  warnings.push(...branchingWarnings(instrument, DEFAULT_METHODOLOGY.minRespondents));
  warnings.push(...riskSourceWarnings(instrument));
  return { instrument, problems: [], warnings };
}

// ---------- the use cases ----------

/** The instrument key of a command: a built-in key, the teacher diagnostic when absent. */
function knownKey(key: string | undefined): string {
  const chosen = key ?? TEACHER_DIAGNOSTIC_KEY;
  if (!BUILT_IN_KEYS.includes(chosen)) throw new AdminError("invalid", t.unknownKey(chosen, BUILT_IN_KEYS), { field: "key" });
  return chosen;
}

/** Stores every built-in version of the keys (once; versions are immutable), so that each can be listed, exported and run. */
async function ensureBuiltIns(ctx: AdminContext, key?: string) {
  for (const instrument of BUILT_IN_INSTRUMENTS) {
    if (key === undefined || instrument.key === key) await ctx.admin.ensureInstrument(instrument, "");
  }
}

const instrumentSummary = (row: Pick<InstrumentRow, "id" | "key" | "version" | "title" | "status" | "definition" | "builtIn">) => {
  const definition = row.definition as Partial<Instrument>;
  return {
    id: row.id,
    key: row.key,
    version: row.version,
    title: row.title,
    status: row.status as Instrument["status"],
    /** A shared built-in version (the catalog's), not the district's own. */
    builtIn: row.builtIn,
    questions: definition.questions?.length ?? 0,
    areas: definition.areas?.length ?? 0,
  };
};

/**
 * Versions a district sees of every built-in key (or of `key`), with what its new campaign of the key
 * would run (`default`) and how many of its campaigns ran each.
 */
export async function listInstruments(ctx: AdminContext, actor: Actor, input: { district: string; key?: string }) {
  const district = await findDistrict(ctx, actor, input.district);
  const only = input.key === undefined ? undefined : knownKey(input.key);
  await ensureBuiltIns(ctx, only);
  const rows = (await ctx.admin.listInstruments(only, district.id)).filter((row) => BUILT_IN_KEYS.includes(row.key));
  const defaults = new Set<string>();
  for (const key of only ? [only] : BUILT_IN_KEYS) {
    const chosen = await ctx.admin.pickInstrument(key, district.id);
    if (chosen) defaults.add(chosen.id);
  }
  // The catalog's order of keys (the teacher diagnostic first), newest version first within a key.
  const order = (key: string) => BUILT_IN_KEYS.indexOf(key);
  return {
    district,
    instruments: rows
      .sort((a, b) => order(a.key) - order(b.key))
      .map((row) => ({ ...instrumentSummary(row), campaigns: row.campaigns, createdAt: row.createdAt, default: defaults.has(row.id) })),
  };
}

/** A version of a key the district sees, as data (the newest by default); the caller writes the JSON. */
export async function exportInstrument(ctx: AdminContext, actor: Actor, input: { district: string; key?: string; version?: number }) {
  const district = await findDistrict(ctx, actor, input.district);
  const key = knownKey(input.key);
  await ensureBuiltIns(ctx, key);
  const versions = await ctx.admin.listInstruments(key, district.id);
  // The district's own version of a number comes first (pickInstrument's order).
  const row =
    input.version === undefined
      ? versions[0]
      : (versions.find((candidate) => candidate.version === input.version && !candidate.builtIn) ??
        versions.find((candidate) => candidate.version === input.version));
  if (!row) {
    const stored = [...new Set(versions.map((v) => v.version))].sort((a, b) => a - b);
    throw new AdminError("not_found", t.versionMissing(input.version, stored), { field: "version" });
  }
  return { district, ...instrumentSummary(row), nextVersion: versions[0]!.version + 1, definition: InstrumentSchema.parse(row.definition) };
}

/**
 * An edited instrument of a built-in key (the file's "key") becomes a new version of the district's
 * own; other districts do not see it. Its number must be above every version of the key the district
 * sees, so numbers never repeat within a district. `approve` marks it approved: new campaigns of the
 * key then run it.
 */
export async function importInstrument(ctx: AdminContext, actor: Actor, input: { district: string; definition: unknown; approve?: boolean }) {
  const district = await findDistrict(ctx, actor, input.district);
  const key = instrumentFileKey(input.definition);
  if (key) await ensureBuiltIns(ctx, key);
  const stored = key ? (await ctx.admin.listInstruments(key, district.id)).map((row) => row.version) : [];
  const checked = checkInstrumentFile(input.definition, stored, input.approve ?? false);
  if (!checked.instrument) {
    throw new AdminError("invalid", [t.notLoaded(checked.problems.length), ...checked.problems].join("\n"));
  }
  const id = await ctx.admin.ensureInstrument(checked.instrument, district.id);
  const chosen = await ctx.admin.pickInstrument(checked.instrument.key, district.id);
  return {
    district,
    ...instrumentSummary({ ...checked.instrument, id, definition: checked.instrument, builtIn: false }),
    previousVersions: [...new Set(stored)].sort((a, b) => a - b),
    warnings: checked.warnings,
    /** Whether a new campaign of the key without a version now runs this one. */
    default: chosen?.id === id,
  };
}
