import { identificationText as t, listReason } from "../messages/identification.ts";
import type { OfficialList, SchoolIdentification } from "./types.ts";

export interface ListComparisonItem {
  schoolCode: string;
  schoolName: string;
  /** Russian: why the school is where it is, from the computed rule check. */
  why: string;
}

export interface ListComparison {
  both: ListComparisonItem[];
  onlyComputed: ListComparisonItem[];
  onlyOfficial: ListComparisonItem[];
}

const byCode = (a: ListComparisonItem, b: ListComparisonItem) => (a.schoolCode < b.schoolCode ? -1 : a.schoolCode > b.schoolCode ? 1 : 0);

/**
 * The computed list beside an official one (from the region or Рособрнадзор, DOMAIN.md §5 "Lists from above"),
 * matched by school code, with the differences both ways, each explained by the computed rule.
 */
export function compareWithOfficial(computed: SchoolIdentification[], list: OfficialList): ListComparison {
  const doc = t.official.document(list.source, list.documentNumber, list.documentDate);
  const official = new Map<string, OfficialList["schools"][number]>();
  for (const school of list.schools) if (!official.has(school.schoolCode)) official.set(school.schoolCode, school);
  const known = new Map<string, SchoolIdentification>();
  for (const school of computed) known.set(school.schoolCode, school);

  const out: ListComparison = { both: [], onlyComputed: [], onlyOfficial: [] };
  for (const school of computed) {
    const listed = list.kind === "shnor" ? school.shnor : school.shnsu;
    const entry = official.get(school.schoolCode);
    const reason = listReason(school, list.kind);
    const note = entry?.note ? t.official.note(entry.note) : "";
    if (listed && entry) out.both.push({ schoolCode: school.schoolCode, schoolName: school.schoolName, why: t.official.both(list.kind, reason) + note });
    else if (listed) out.onlyComputed.push({ schoolCode: school.schoolCode, schoolName: school.schoolName, why: t.official.onlyComputed(doc, reason) });
    else if (entry) out.onlyOfficial.push({ schoolCode: school.schoolCode, schoolName: school.schoolName, why: t.official.onlyOfficial(doc, reason) + note });
  }
  for (const [code, entry] of official)
    if (!known.has(code)) out.onlyOfficial.push({ schoolCode: code, schoolName: entry.schoolName, why: t.official.unknown(doc) + (entry.note ? t.official.note(entry.note) : "") });
  out.both.sort(byCode);
  out.onlyComputed.sort(byCode);
  out.onlyOfficial.sort(byCode);
  return out;
}
