// Re-import without loss: a ФИС ОКО report holds one subject and grade of ВПР and only part of a
// result (statistics by marks: participants and the shares of "2" and "5"; the comparison with the
// journal: lowered, confirmed, raised). Replacing a whole school-year with it would drop the school's
// ЕГЭ and its other subjects, so stored rows are replaced at the key the file really covers, and only
// in the fields the file really carried (`ParseResult.fields`). Pure: plain rows in, plain rows out.
import type { ItemRow, ResultRow, SocialRow } from "../../core/identification/types.ts";

type Rows = { kind: "results"; rows: ResultRow[] } | { kind: "items"; rows: ItemRow[] } | { kind: "social"; rows: SocialRow[] };

const resultKey = (row: ResultRow) => `${row.schoolCode}\u0000${row.year}\u0000${row.assessment}\u0000${row.grade}\u0000${row.subject}`;
const itemGroup = (row: ItemRow) => `${row.schoolCode}\u0000${row.year}\u0000${row.grade}\u0000${row.subject}`;
const itemKey = (row: ItemRow) => `${itemGroup(row)}\u0000${row.task}`;
const socialKey = (row: SocialRow) => `${row.schoolCode}\u0000${row.year}`;

/** The stored row with the carried fields of the incoming one (the name too, when the file has one). */
function overlay<T extends { schoolName: string }>(stored: T, incoming: T, fields: ReadonlySet<string>): T {
  const merged: Record<string, unknown> = { ...stored };
  for (const field of fields) if (field in incoming) merged[field] = (incoming as Record<string, unknown>)[field];
  if (incoming.schoolName) merged.schoolName = incoming.schoolName;
  return merged as T;
}

/**
 * Stored rows (of any schools and years) after a file's rows are applied:
 * - results: a row per school × year × assessment × grade × subject; a row of the file replaces the
 *   stored one's carried fields and keeps the rest; other stored rows stay;
 * - items: the file's school × year × grade × subject replaces the stored tasks of that group (a task
 *   no longer in the file goes); a task's topic stays when the file has no topic column;
 * - social: a row per school × year, merged by carried fields.
 * Order: the stored rows in their order (replaced in place), then the new ones in the file's order.
 */
export function applyRows<R extends Rows>(stored: R, incoming: R, fields: readonly string[]): R["rows"] {
  const carried = new Set(fields);
  if (stored.kind === "results") return mergeByKey(stored.rows, incoming.rows as ResultRow[], resultKey, carried);
  if (stored.kind === "social") return mergeByKey(stored.rows, incoming.rows as SocialRow[], socialKey, carried);
  const items = incoming.rows as ItemRow[];
  const groups = new Set(items.map(itemGroup));
  const before = new Map(stored.rows.map((row) => [itemKey(row), row]));
  const kept = stored.rows.filter((row) => !groups.has(itemGroup(row)));
  const added = items.map((row) => {
    const old = before.get(itemKey(row));
    return old ? overlay(old, row, carried.size ? new Set([...carried, "solvedShare", "task"]) : new Set(Object.keys(row))) : row;
  });
  return [...kept, ...added];
}

function mergeByKey<T extends { schoolName: string }>(stored: T[], incoming: T[], key: (row: T) => string, carried: ReadonlySet<string>): T[] {
  const fresh = new Map(incoming.map((row) => [key(row), row]));
  const out = stored.map((row) => {
    const next = fresh.get(key(row));
    if (!next) return row;
    fresh.delete(key(row));
    return overlay(row, next, carried);
  });
  return [...out, ...fresh.values()];
}
