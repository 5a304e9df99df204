// The permission matrix's world (tests/permissions/types.ts MatrixFixture): one district with two
// schools, one person per role (each with a Telegram account, consent given), a person with an account
// but no membership, and the staff of another district. Identities sign their own init data.
import { ROLES, SCHOOL_ROLES, type Role } from "../../core/roles.ts";
import type { Database } from "../../prisma/db.ts";
import { makeDistrict } from "../support/district.ts";
import { signInitData } from "../support/api.ts";
import type { MatrixFixture } from "./types.ts";

/** Who knocks: a role of the fixture, someone without membership, another district's staff, or nobody signed in. */
export type Identity = Role | "stranger" | "foreign" | "anonymous";

export interface MatrixWorld {
  fixture: MatrixFixture;
  /** The diagnostic campaign makeDistrict opens in the fixture's district. */
  campaignId: string;
  /** The Authorization header of each identity (none for "anonymous"). */
  headers: Record<Identity, Record<string, string>>;
}

const FIRST_USER = 990_000;

export async function makeMatrixFixture(db: Database): Promise<MatrixWorld> {
  const home = await makeDistrict(db, { schools: 2 });
  const other = await makeDistrict(db, { schools: 1 });
  const districtId = home.district.id;
  const schoolId = home.schools[0]!.id;
  let userId = FIRST_USER;
  const userIds = {} as Record<Exclude<Identity, "anonymous">, number>;

  const person = async (key: Exclude<Identity, "anonymous">, membership: { role: Role; districtId: string; schoolId: string | null } | null) => {
    const id = userId++;
    userIds[key] = id;
    const created = await db.prisma.person.create({
      data: {
        displayName: `Матрица ${key}`,
        consentAt: new Date(),
        accounts: { create: { channel: "telegram", externalId: String(id), chatId: String(id) } },
        ...(membership ? { memberships: { create: membership } } : {}),
      },
    });
    return created.id;
  };

  const people = {} as Record<Role, string>;
  for (const role of ROLES) {
    people[role] = await person(role, { role, districtId, schoolId: SCHOOL_ROLES.includes(role) ? schoolId : null });
  }
  await person("stranger", null);
  const foreignDistrictPersonId = await person("foreign", { role: "district", districtId: other.district.id, schoolId: null });

  const headers = { anonymous: {} } as Record<Identity, Record<string, string>>;
  for (const [key, id] of Object.entries(userIds)) headers[key as Identity] = { authorization: `tma ${signInitData(id)}` };

  return {
    fixture: {
      db,
      districtId,
      schoolId,
      otherSchoolId: home.schools[1]!.id,
      otherDistrictId: other.district.id,
      people,
      foreignDistrictPersonId,
    },
    campaignId: home.campaign.id,
    headers,
  };
}

/** Role groups the policies name (DOMAIN.md §4). */
export const ALL_ROLES: readonly Role[] = ROLES;
/** District staff and a regional operator: everything the district does. */
export const STAFF: readonly Role[] = ["district", "regional"];
/** What the district reads: its staff, a regional operator, the working group (read-only). */
export const READERS: readonly Role[] = ["district", "regional", "working_group"];
/** Roles that see the fixture school's aggregates (canViewSchoolAggregates). */
export const SCHOOL_AGGREGATES: readonly Role[] = [...READERS, "head", "teacher", "mentor", "tutor", "curator", "curator_head"];

/** The diagnostic campaign makeDistrict opened in the fixture's district. */
export async function fixtureCampaign(fixture: MatrixFixture): Promise<string> {
  return (await fixture.db.prisma.campaign.findFirstOrThrow({ where: { districtId: fixture.districtId }, orderBy: { createdAt: "asc" } })).id;
}

/** A second campaign of the fixture's instrument, for routes that close or change one. */
export async function throwawayCampaign(fixture: MatrixFixture): Promise<string> {
  const first = await fixture.db.prisma.campaign.findFirstOrThrow({ where: { districtId: fixture.districtId }, orderBy: { createdAt: "asc" } });
  const now = Date.now();
  const created = await fixture.db.prisma.campaign.create({
    data: { districtId: fixture.districtId, instrumentId: first.instrumentId, title: "Матрица: кампания на выброс", opensAt: new Date(now - 86_400_000), closesAt: new Date(now + 86_400_000) },
  });
  return created.id;
}

/** A throwaway teacher of the fixture school (for routes that change a membership or a person). */
export async function throwawayTeacher(fixture: MatrixFixture): Promise<{ personId: string; membershipId: string }> {
  const person = await fixture.db.prisma.person.create({
    data: { displayName: "Матрица: учитель на выброс", consentAt: new Date(), memberships: { create: { role: "teacher", districtId: fixture.districtId, schoolId: fixture.schoolId } } },
    include: { memberships: true },
  });
  return { personId: person.id, membershipId: person.memberships[0]!.id };
}
