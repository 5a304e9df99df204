// Districts and their schools. Contract: creating or listing districts is the operator's (actor
// null); a school is added and listed by the operator or the district's staff. Names are trimmed
// by the caller; a duplicate district name or school code is refused with AdminError("invalid").
import { districtsText } from "../messages/admin.ts";
import { AdminError, assertOperator, findDistrict, type Actor, type AdminContext, type DistrictRef } from "./admin.ts";

/** The canonical IANA name of a time zone, or null if the runtime does not know it. */
export function canonicalTimeZone(zone: string): string | null {
  if (!/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(zone)) return null;
  try {
    return new Intl.DateTimeFormat("ru-RU", { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

export async function createDistrict(ctx: AdminContext, actor: Actor, input: { name: string; timezone: string }): Promise<DistrictRef> {
  assertOperator(actor);
  const timezone = canonicalTimeZone(input.timezone);
  if (!timezone) throw new AdminError("invalid", districtsText.unknownTimeZone(input.timezone), { field: "timezone" });
  const [twin] = (await ctx.admin.findDistricts(input.name)).filter((district) => district.name === input.name);
  if (twin) throw new AdminError("invalid", districtsText.districtExists(input.name, twin.id), { field: "name" });
  return ctx.admin.createDistrict({ name: input.name, timezone });
}

export async function listDistricts(ctx: AdminContext, actor: Actor) {
  assertOperator(actor);
  return ctx.admin.listDistricts();
}

export async function addSchool(ctx: AdminContext, actor: Actor, input: { district: string; name: string; code?: string | null }) {
  const district = await findDistrict(ctx, actor, input.district);
  const code = input.code ?? null;
  if (code) {
    const twin = await ctx.admin.findSchool(district.id, code);
    if (twin && twin.code === code) throw new AdminError("invalid", districtsText.codeTaken(code, twin.name, twin.id), { field: "code" });
  }
  const school = await ctx.admin.createSchool({ districtId: district.id, name: input.name, code });
  return { ...school, district };
}

/** Schools of the district with how many active teachers and heads each has. */
export async function listSchools(ctx: AdminContext, actor: Actor, input: { district: string }) {
  const district = await findDistrict(ctx, actor, input.district);
  return { district, schools: await ctx.admin.listSchools(district.id) };
}
