// The school year (учебный год) runs from 1 September to 31 August: "2026/27".
import { TZDate } from "@date-fns/tz";

/** The school year a moment belongs to, in the district's time zone. */
export function schoolYearOf(at: Date, timezone: string): string {
  const local = new TZDate(at.getTime(), timezone);
  const start = local.getMonth() >= 8 ? local.getFullYear() : local.getFullYear() - 1;
  return `${start}/${String((start + 1) % 100).padStart(2, "0")}`;
}

/** The first calendar year of a school year ("2026/27" → 2026); null when the text is not one. */
export function schoolYearStart(schoolYear: string): number | null {
  const match = /^(\d{4})\/(\d{2})$/.exec(schoolYear);
  if (!match) return null;
  const start = Number(match[1]);
  return (start + 1) % 100 === Number(match[2]) ? start : null;
}
