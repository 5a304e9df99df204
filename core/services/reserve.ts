// The management personnel reserve (#15 §9; seed 003 §4.5): a register of candidates for school
// management posts — full name, school, current position, the position they are ready for, training.
// Only district staff (and a regional operator in the district) see and keep it: not the working group,
// not the heads. Candidates are not users of the product; the district answers for their consent (152-ФЗ).
import { canManageDistrict } from "../access/permissions.ts";
import { reserveText as t } from "../messages/reserve.ts";
import { AdminError } from "./admin.ts";
import type { Repository } from "./ports.ts";
import type { PersonView } from "./ports.ts";
import type { ReserveCandidateRecord, ReserveRepository } from "./reserve-ports.ts";
import type { ReserveFields } from "./reserve-rules.ts";

export interface ReserveContext {
  repo: Pick<Repository, "getSchool" | "listSchools">;
  reserve: ReserveRepository;
}

const refuse = () => new AdminError("forbidden", t.onlyDistrict);
const missing = () => new AdminError("not_found", t.notFound);

export const canSeeReserve = (person: PersonView, districtId: string) => canManageDistrict(person.memberships, districtId);

async function checked(ctx: ReserveContext, districtId: string, fields: ReserveFields): Promise<ReserveFields> {
  if (fields.schoolId) {
    const school = await ctx.repo.getSchool(fields.schoolId);
    if (!school || school.districtId !== districtId) throw new AdminError("invalid", t.otherSchool, { field: "schoolId" });
  }
  return fields;
}

/** The district's register and its schools (for the form). */
export async function listReserve(ctx: ReserveContext, person: PersonView, districtId: string) {
  if (!canSeeReserve(person, districtId)) throw refuse();
  const [candidates, schools] = await Promise.all([ctx.reserve.list(districtId), ctx.repo.listSchools([districtId])]);
  return { candidates, schools: schools.map((school) => ({ id: school.id, name: school.name })) };
}

export async function addReserveCandidate(ctx: ReserveContext, person: PersonView, districtId: string, fields: ReserveFields): Promise<ReserveCandidateRecord> {
  if (!canSeeReserve(person, districtId)) throw refuse();
  return ctx.reserve.create(districtId, person.id, await checked(ctx, districtId, fields));
}

async function own(ctx: ReserveContext, person: PersonView, id: string): Promise<ReserveCandidateRecord> {
  const candidate = await ctx.reserve.get(id);
  // Whoever is not the district's staff does not learn the candidate exists.
  if (!candidate || !canSeeReserve(person, candidate.districtId)) throw missing();
  return candidate;
}

export async function updateReserveCandidate(ctx: ReserveContext, person: PersonView, id: string, fields: ReserveFields): Promise<ReserveCandidateRecord> {
  const candidate = await own(ctx, person, id);
  return ctx.reserve.update(id, await checked(ctx, candidate.districtId, fields));
}

export async function removeReserveCandidate(ctx: ReserveContext, person: PersonView, id: string): Promise<void> {
  await own(ctx, person, id);
  await ctx.reserve.remove(id);
}
