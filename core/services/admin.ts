// What every admin use case shares (districts, invites, members, campaigns, staff import,
// instruments): who acts, the typed refusal, and the district/school lookups with the permission
// check. The CLI, the admin bridge, the bot and the Mini App call the same services with an actor:
// `null` is the operator's trusted shell; a person must be district staff of that district.
import { TZDate } from "@date-fns/tz";
import { canManageDistrict, canReadDistrict } from "../access/permissions.ts";
import { adminText } from "../messages/admin.ts";
import type { AdminRepository, DistrictRef, SchoolBrief } from "./admin-ports.ts";
import type { Clock, PersonView, Repository } from "./ports.ts";
import type { MethodologySettings } from "../methodology/settings.ts";

export type { DistrictRef, SchoolBrief } from "./admin-ports.ts";

/** Who runs an admin use case: null = the operator's CLI (trusted), otherwise a person checked by core/access. */
export type Actor = PersonView | null;

export interface AdminContext {
  admin: AdminRepository;
  repo: Repository;
  clock: Clock;
  randomBytes: (size: number) => Uint8Array;
  /** Methodology settings where a command reads aggregates (summary export); DEFAULT_METHODOLOGY when absent. */
  settings?: MethodologySettings;
}

export type AdminErrorKind = "invalid" | "not_found" | "forbidden";

/**
 * A refusal with a Russian message for whoever acts. `field` names the input it is about (the CLI
 * prints it as an option, `--school:`); `hint` is for the operator only (a CLI command to run).
 */
export class AdminError extends Error {
  constructor(
    readonly kind: AdminErrorKind,
    message: string,
    readonly detail: { field?: string; hint?: string; lines?: string[] } = {},
  ) {
    super(message);
    this.name = "AdminError";
  }

  /** The CLI's exit code: 2 for bad input, 1 for not found or not allowed. */
  get exitCode(): 1 | 2 {
    return this.kind === "invalid" ? 2 : 1;
  }
}

export const isAdminError = (error: unknown): error is AdminError => error instanceof AdminError;

/** Refuses a person who is not district staff of the district; the operator (null) may do anything. */
export function assertManages(actor: Actor, districtId: string): void {
  if (actor && !canManageDistrict(actor.memberships, districtId)) {
    throw new AdminError("forbidden", adminText.onlyDistrictStaff);
  }
}

/** Refuses a person who may not even read the district (district staff, a regional operator, the working group, #15). */
export function assertReads(actor: Actor, districtId: string): void {
  if (actor && !canReadDistrict(actor.memberships, districtId)) {
    throw new AdminError("forbidden", adminText.onlyDistrictStaff);
  }
}

/** Refuses a person outright: only the operator may act across districts (create, list all). */
export function assertOperator(actor: Actor): void {
  if (actor) throw new AdminError("forbidden", adminText.onlyOperator);
}

/** A district by id or exact name, which the actor manages (or, with `read`, may read: the working group, #15). */
export async function findDistrict(ctx: Pick<AdminContext, "admin">, actor: Actor, idOrName: string, access: "manage" | "read" = "manage"): Promise<DistrictRef> {
  const found = await ctx.admin.findDistricts(idOrName);
  if (found.length > 1) {
    throw new AdminError("invalid", adminText.districtAmbiguous(idOrName), { field: "district", hint: adminText.districtAmbiguousHint });
  }
  const district = found[0];
  if (!district) {
    throw new AdminError("not_found", adminText.districtNotFound(idOrName), { hint: adminText.districtListHint });
  }
  if (access === "read") assertReads(actor, district.id);
  else assertManages(actor, district.id);
  return district;
}

/** A school of the district by id or official code. */
export async function findSchool(ctx: Pick<AdminContext, "admin">, district: DistrictRef, idOrCode: string): Promise<SchoolBrief> {
  const school = await ctx.admin.findSchool(district.id, idOrCode);
  if (!school) {
    throw new AdminError("not_found", adminText.schoolNotFound(district.name, idOrCode), { hint: adminText.schoolListHint(district.id) });
  }
  return school;
}

/** A school of the district; an id of another district's school is refused by name. */
export async function findSchoolOfDistrict(ctx: Pick<AdminContext, "admin">, district: DistrictRef, idOrCode: string, refusal: string) {
  const elsewhere = await ctx.admin.schoolOutside(idOrCode, district.id);
  if (elsewhere) {
    throw new AdminError("invalid", adminText.schoolElsewhere(elsewhere.name, elsewhere.districtName, refusal), { field: "school" });
  }
  return findSchool(ctx, district, idOrCode);
}

export const schoolBrief = (school: SchoolBrief): SchoolBrief => ({ id: school.id, name: school.name, code: school.code });

// ---------- dates in the district's time zone ----------

export const DAY_MS = 86_400_000;

/** "24 декабря 2026 г. в 09:30" in the district's time zone. */
export function formatLocal(date: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("ru-RU", {
    timeZone,
    day: "numeric",
    month: "long",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  }).format(date);
}

/** "2026-03-12" and "12 марта 2026 г." for an instant in a time zone. */
export function calendarDay(date: Date, timeZone: string) {
  const iso = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(date);
  const local = new Intl.DateTimeFormat("ru-RU", { timeZone, day: "numeric", month: "long", year: "numeric" }).format(date);
  return { iso, local };
}

/** Midnight of a calendar date (YYYY-MM-DD) in a time zone (@date-fns/tz settles clock changes). */
export function zonedMidnight(date: string, timeZone: string): Date {
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  return new Date(new TZDate(year, month - 1, day, 0, 0, 0, timeZone).getTime());
}

/**
 * The end of the school year that `at` belongs to, in the district's time zone: midnight starting
 * 1 September, so a link works through 31 August. From 1 August on, a new poster is for the coming
 * school year and runs to the end of the next August.
 */
export function schoolYearEnd(at: Date, timeZone: string): Date {
  const local = new TZDate(at.getTime(), timeZone);
  const year = local.getMonth() >= 7 ? local.getFullYear() + 1 : local.getFullYear();
  return new Date(new TZDate(year, 8, 1, 0, 0, 0, timeZone).getTime());
}
