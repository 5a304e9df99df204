// The library's pure rules (#15; seed 003 §4.6.1): what an item is (kinds, a link or a file, tags by
// deficit area and by risk factor), the check of an item's fields with Russian messages, and the search
// (title, description, document number and tags; Russian, case-insensitive, «ё» as «е").
import { z } from "zod";
import { evidenceUrl } from "../management/roadmap.ts";
import { LIBRARY_KIND_NAMES, libraryText as t } from "../messages/library.ts";
import { FACTOR_IDS, RISK_FACTORS } from "../risk-profile/catalog.ts";
import { courseAreas } from "../routes/catalog.ts";

export const LIBRARY_KINDS = ["order", "regulation", "programme", "methodical", "selection", "other"] as const;
export type LibraryKind = (typeof LIBRARY_KINDS)[number];

/** Deficit areas an item may be tagged with: the teacher diagnostic's competence areas, and management. */
export const libraryAreas = (): Array<{ id: string; title: string }> => courseAreas().map(({ id, title }) => ({ id, title }));
/** Risk factors of the ten-factor risk profile (DOMAIN §6). */
export const libraryRiskFactors = (): Array<{ id: string; title: string }> => RISK_FACTORS.map((factor) => ({ id: factor.id, title: factor.name }));

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const realDate = (text: string) => {
  const match = DATE.exec(text);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.getUTCFullYear() === Number(match[1]) && date.getUTCMonth() === Number(match[2]) - 1 && date.getUTCDate() === Number(match[3]);
};
const blankToNull = (value: unknown) => (typeof value === "string" && value.trim() === "" ? null : value);
const text = (max: number) => z.preprocess(blankToNull, z.string().trim().max(max, t.tooLong(max)).nullable().optional());

export const LibraryInputSchema = z.object({
  kind: z.enum(LIBRARY_KINDS, { message: t.pickFromList }),
  title: z.string({ message: t.required }).trim().min(3, t.tooShort(3)).max(300, t.tooLong(300)),
  description: text(4000),
  docNumber: text(50),
  docDate: z.preprocess(blankToNull, z.string().refine(realDate, t.badDate).nullable().optional()),
  url: z.preprocess(blankToNull, z.string().max(1000, t.tooLong(1000)).refine((value) => evidenceUrl(value) !== null, t.badUrl).nullable().optional()),
  areas: z
    .array(z.string().refine((id) => libraryAreas().some((area) => area.id === id), t.pickFromList))
    .max(20, t.tooMany(20))
    .default([]),
  riskFactors: z
    .array(z.enum(FACTOR_IDS, { message: t.pickFromList }))
    .max(10, t.tooMany(10))
    .default([]),
});
export type LibraryInput = z.infer<typeof LibraryInputSchema>;

/** The stored shape of an input: blanks are null, the date is UTC midnight, tags once each. */
export interface LibraryFields {
  kind: LibraryKind;
  title: string;
  description: string | null;
  docNumber: string | null;
  docDate: Date | null;
  url: string | null;
  areas: string[];
  riskFactors: string[];
}

export type Parsed<T> = { ok: true; data: T } | { ok: false; issues: Array<{ field: string; message: string }> };

export function issuesOf(error: z.ZodError): Array<{ field: string; message: string }> {
  return error.issues.map((issue) => {
    const field = String(issue.path[0] ?? "");
    const message = issue.code === "unrecognized_keys" ? t.badValue : issue.message;
    return { field, message: `${t.fields[field] ?? field}: ${message}` };
  });
}

export function parseLibraryInput(raw: unknown): Parsed<LibraryFields> {
  const parsed = LibraryInputSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, issues: issuesOf(parsed.error) };
  const input = parsed.data;
  return {
    ok: true,
    data: {
      kind: input.kind,
      title: input.title,
      description: input.description ?? null,
      docNumber: input.docNumber ?? null,
      docDate: input.docDate ? new Date(`${input.docDate}T00:00:00Z`) : null,
      url: input.url ? evidenceUrl(input.url) : null,
      areas: [...new Set(input.areas)],
      riskFactors: [...new Set(input.riskFactors)],
    },
  };
}

/** Filters of a list: words, a kind, a tag ("area:<id>" or "risk:<id>"). */
export const LibraryFilterSchema = z.object({
  q: z.string().trim().max(200).optional(),
  kind: z.enum(LIBRARY_KINDS).optional(),
  tag: z
    .string()
    .regex(/^(area|risk):[A-Za-z_]{1,40}$/)
    .optional(),
  archived: z.enum(["0", "1"]).optional(),
});
export type LibraryFilter = z.infer<typeof LibraryFilterSchema>;

/** Lower case, «ё» → «е», one space between words. */
export const normalize = (value: string) => value.toLocaleLowerCase("ru-RU").replaceAll("ё", "е").replace(/\s+/g, " ").trim();

/** Query words of at least two letters (shorter ones and punctuation are dropped). */
export function queryWords(query: string): string[] {
  return normalize(query)
    .split(/[^\p{L}\p{N}-]+/u)
    .map((word) => word.replace(/^-+|-+$/g, ""))
    .filter((word) => word.length >= 2);
}

export interface Searchable {
  kind: string;
  title: string;
  description: string | null;
  docNumber: string | null;
  areas: readonly string[];
  riskFactors: readonly string[];
}

/** Everything a query word may be found in: title, description, number, the kind's and the tags' names. */
export function searchText(item: Searchable): string {
  const areas = libraryAreas();
  const factors = libraryRiskFactors();
  const tagNames = [
    ...item.areas.map((id) => areas.find((area) => area.id === id)?.title ?? id),
    ...item.riskFactors.map((id) => factors.find((factor) => factor.id === id)?.title ?? id),
    ...item.areas.flatMap((id) => courseAreas().find((area) => area.id === id)?.aliases ?? []),
  ];
  return normalize([item.title, item.description ?? "", item.docNumber ?? "", LIBRARY_KIND_NAMES[item.kind as LibraryKind] ?? "", ...tagNames].join(" \u0001 "));
}

/**
 * Items matching every word of the query (a word matches the start of a word of the text, so «овз»
 * finds «ОВЗ», «грамотн» finds «грамотность»); an empty query keeps all. Best matches first: a word in
 * the title counts more than one in the description or a tag; equal scores keep the given order.
 */
export function searchLibrary<T extends Searchable>(items: readonly T[], query: string): T[] {
  const words = queryWords(query);
  if (!words.length) return [...items];
  const scored: Array<{ item: T; score: number; index: number }> = [];
  items.forEach((item, index) => {
    const haystack = searchText(item);
    const title = normalize(item.title);
    const startsWord = (text: string, word: string) => new RegExp(`(^|[^\\p{L}\\p{N}])${word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`, "u").test(text);
    if (!words.every((word) => startsWord(haystack, word))) return;
    const score = words.reduce((sum, word) => sum + (startsWord(title, word) ? 2 : 1), 0);
    scored.push({ item, score, index });
  });
  return scored.sort((a, b) => b.score - a.score || a.index - b.index).map((entry) => entry.item);
}

/** Applies a list's filters (kind, tag, words) to items already in the wanted order. */
export function filterLibrary<T extends Searchable>(items: readonly T[], filter: Pick<LibraryFilter, "q" | "kind" | "tag">): T[] {
  let result = items.filter((item) => !filter.kind || item.kind === filter.kind);
  if (filter.tag) {
    const [type, id] = filter.tag.split(":") as ["area" | "risk", string];
    result = result.filter((item) => (type === "area" ? item.areas : item.riskFactors).includes(id));
  }
  return filter.q ? searchLibrary(result, filter.q) : result;
}

/** "15.03.2027" of a UTC date. */
export const docDateText = (date: Date | null) =>
  date ? `${String(date.getUTCDate()).padStart(2, "0")}.${String(date.getUTCMonth() + 1).padStart(2, "0")}.${date.getUTCFullYear()}` : null;

/** Tag names of an item, for chat lines. */
export function tagNames(item: Pick<Searchable, "areas" | "riskFactors">): string[] {
  const areas = libraryAreas();
  const factors = libraryRiskFactors();
  return [
    ...item.areas.map((id) => areas.find((area) => area.id === id)?.title ?? id),
    ...item.riskFactors.map((id) => factors.find((factor) => factor.id === id)?.title ?? id),
  ];
}
