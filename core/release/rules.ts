import type { MethodologySettings } from "../methodology/settings.ts";

/**
 * Release rules: the one place every aggregate passes through before anyone sees it (school and
 * district pages, exports, bot summaries, later surveys). DOMAIN.md §4: no one but the teacher sees
 * an individual teacher's answers, so no figure, no pair of figures and no figure minus its parts
 * may single one out.
 *
 * 1. A cell (one area or question of one scope) is computed from a frozen set of completed
 *    responses, its basis. Once shown it changes only when at least `releaseStep` responses that are
 *    not in its basis have arrived; otherwise readers keep seeing the last released figure. Staff
 *    leaving never shrinks a basis: a response counts for the schools its author belonged to when it
 *    completed.
 * 2. A cell needs at least `minRespondents` in its own basis (open text: at least 10), not only in
 *    the survey: with branching an area can be seen by fewer people than answered.
 * 3. Means are whole numbers, shares are multiples of 5 %, and extremes are shown as bounds so that
 *    no figure says "everyone" or "no one" (see releaseShare).
 * 4. Below the minimum a cell is `{ hidden: true }` and nothing else, not even how many answered.
 * 5. In a table whose rows add up to a total (schools and the small-schools group within the
 *    district), the total minus the shown rows must not leave fewer than the minimum: the smallest
 *    shown rows are hidden until it does (suppressTable). Only readers who see the total get the
 *    suppressed rows; a head sees their school alone.
 * 6. The total moves only when the new responses that no shown row has published are none or at
 *    least a step, so the total's step minus a row's step cannot single out one teacher
 *    (core/release/deficits.ts).
 */

export type QuestionKind = "scale" | "text";

/** Open answers are read as text: they need more authors before one cannot be recognised. */
export const OPEN_TEXT_MINIMUM = 10;

export function minimumFor(kind: QuestionKind, settings: Pick<MethodologySettings, "minRespondents">): number {
  return kind === "text" ? Math.max(OPEN_TEXT_MINIMUM, settings.minRespondents) : settings.minRespondents;
}

/** A figure as printed: `bound` "le" reads «≤ value», "ge" reads «≥ value», null the value itself. */
export interface Bounded {
  value: number;
  bound: "le" | "ge" | null;
}

const floor5 = (value: number) => Math.floor(value / 5 + 1e-9) * 5;
const ceil5 = (value: number) => Math.ceil(value / 5 - 1e-9) * 5;
const round5 = (value: number) => Math.round(value / 5) * 5;

/**
 * A share of `count` out of `n` respondents, in per cent. Rounded to 5 %; 0 % and 100 % never
 * appear: at 20 or more respondents they read «≤ 5 %» and «≥ 95 %». With fewer, the bounds widen so
 * that a bound always allows one respondent on the other side (at n = 5: «≤ 20 %» and «≥ 80 %»),
 * otherwise «≥ 95 %» of five would still say "all five".
 */
export function releaseShare(count: number, n: number): Bounded {
  if (n <= 0) throw new RangeError("releaseShare needs at least one respondent");
  const low = Math.max(5, ceil5(100 / n));
  const high = Math.min(95, floor5((100 * (n - 1)) / n));
  const share = (100 * count) / n;
  if (share <= low) return { value: low, bound: "le" };
  if (share >= high) return { value: high, bound: "ge" };
  return { value: Math.min(high - 5, Math.max(low + 5, round5(share))), bound: null };
}

/** A mean on a 0–100 scale: a whole number, with «≤ 5» and «≥ 95» at the ends. */
export function releaseMean(mean: number): Bounded {
  const value = Math.round(mean);
  if (value <= 5) return { value: 5, bound: "le" };
  if (value >= 95) return { value: 95, bound: "ge" };
  return { value, bound: null };
}

/** One respondent's contribution to a cell. */
export interface Contribution<V> {
  responseId: string;
  value: V;
}

/** A cell as stored in a release: its basis and its figure, or null while hidden. */
export interface StoredCell<F> {
  basis: string[];
  figure: F | null;
}

export interface ReleaseParams {
  minimum: number;
  step: number;
}

/**
 * The next state of one cell given everything that has come in so far. A shown cell keeps its
 * figure until `step` new responses arrived; a hidden cell reveals nothing, so it is recomputed
 * whenever asked. `compute` sees the whole basis and only the basis.
 */
export function nextCell<V, F>(
  previous: StoredCell<F> | undefined,
  current: ReadonlyArray<Contribution<V>>,
  params: ReleaseParams,
  compute: (values: V[]) => F,
): StoredCell<F> {
  if (previous?.figure) {
    const known = new Set(previous.basis);
    const fresh = current.filter((entry) => !known.has(entry.responseId)).length;
    if (fresh < params.step) return previous;
  }
  const basis = current.map((entry) => entry.responseId).sort();
  if (current.length < params.minimum) return { basis, figure: null };
  return { basis, figure: compute(current.map((entry) => entry.value)) };
}

export const sameCell = (a: StoredCell<unknown> | undefined, b: StoredCell<unknown>) =>
  a !== undefined &&
  a.basis.length === b.basis.length &&
  a.basis.every((id, index) => id === b.basis[index]) &&
  JSON.stringify(a.figure) === JSON.stringify(b.figure);

/**
 * Secondary suppression for one column of a table. `rows` are the parts, `total` the whole; a
 * reader who sees the total and the shown rows can subtract them. Returns the keys of the rows to
 * show: the smallest shown rows are hidden until what the subtraction leaves (responses counted a
 * different number of times in the total than in the shown rows) is none or at least `minimum`.
 */
export function suppressTable(
  total: StoredCell<unknown> | null,
  rows: ReadonlyArray<{ key: string; cell: StoredCell<unknown> }>,
  minimum: number,
): Set<string> {
  const shown = rows.filter((row) => row.cell.figure !== null).sort((a, b) => b.cell.basis.length - a.cell.basis.length || a.key.localeCompare(b.key));
  if (!total?.figure) {
    // No total shown: the rows cannot be subtracted from anything.
    return new Set(shown.map((row) => row.key));
  }
  const leftover = (visible: typeof shown) => {
    const weight = new Map<string, number>();
    for (const id of total.basis) weight.set(id, (weight.get(id) ?? 0) + 1);
    for (const row of visible) for (const id of row.cell.basis) weight.set(id, (weight.get(id) ?? 0) - 1);
    let count = 0;
    for (const value of weight.values()) if (value !== 0) count++;
    return count;
  };
  while (shown.length > 0) {
    const left = leftover(shown);
    if (left === 0 || left >= minimum) break;
    shown.pop();
  }
  return new Set(shown.map((row) => row.key));
}
