// District set-up operations for the admin CLI and the demo: districts, schools, campaigns, members.
import type { Instrument } from "../core/instruments/schema.ts";
import { TEACHER_DIAGNOSTIC_KEY, teacherDiagnosticV1 } from "../core/instruments/teacher-diagnostic.ts";
import type { PrismaClient } from "./db.ts";

/** The scope of the built-in versions (the draft version 1), shared by every district. */
export const BUILT_IN_SCOPE = "";

/**
 * Stores an instrument version once; returns its row id. Versions are immutable. `scope` is the
 * district whose own version this is; the default, "", is the built-in one every district sees.
 */
export async function ensureInstrument(
  prisma: PrismaClient,
  instrument: Instrument = teacherDiagnosticV1,
  scope: string = BUILT_IN_SCOPE,
): Promise<string> {
  const row = await prisma.instrument.upsert({
    where: { key_scope_version: { key: instrument.key, scope, version: instrument.version } },
    create: {
      key: instrument.key,
      scope,
      version: instrument.version,
      title: instrument.title,
      status: instrument.status,
      definition: instrument as object,
    },
    update: {},
  });
  return row.id;
}

/** What a district sees: the built-in versions and its own (DOMAIN.md §11c), never another district's. */
const visibleTo = (districtId: string | undefined) => ({
  scope: { in: districtId ? [BUILT_IN_SCOPE, districtId] : [BUILT_IN_SCOPE] },
});

/**
 * Stored versions a district sees — the built-in ones and its own (`builtIn` tells which) — with the
 * number of campaigns run on each: by key, newest first. Without a district, only the built-in ones.
 */
export async function listInstruments(prisma: PrismaClient, key: string | undefined, districtId?: string) {
  const rows = await prisma.instrument.findMany({
    where: { ...(key ? { key } : {}), ...visibleTo(districtId) },
    orderBy: [{ key: "asc" }, { version: "desc" }, { scope: "desc" }],
    select: {
      id: true,
      key: true,
      scope: true,
      version: true,
      title: true,
      status: true,
      definition: true,
      createdAt: true,
      _count: { select: { campaigns: districtId ? { where: { districtId } } : true } },
    },
  });
  return rows.map((row) => ({ ...row, builtIn: row.scope === BUILT_IN_SCOPE }));
}

/**
 * The stored version a district's new campaign runs (DOMAIN.md §11c: the district approves the draft
 * or edits it as a new version of its own). With `version`: the district's own version of that
 * number, else the built-in one. Without: the district's newest approved, else the newest approved
 * built-in, else the district's newest draft, else the newest built-in draft.
 */
export async function pickInstrument(prisma: PrismaClient, key: string, districtId: string, version?: number) {
  if (version !== undefined) {
    return (
      (await prisma.instrument.findUnique({ where: { key_scope_version: { key, scope: districtId, version } } })) ??
      (await prisma.instrument.findUnique({ where: { key_scope_version: { key, scope: BUILT_IN_SCOPE, version } } }))
    );
  }
  const newest = (scope: string, status?: string) =>
    prisma.instrument.findFirst({ where: { key, scope, ...(status ? { status } : {}) }, orderBy: { version: "desc" } });
  return (
    (await newest(districtId, "approved")) ??
    (await newest(BUILT_IN_SCOPE, "approved")) ??
    (await newest(districtId)) ??
    (await newest(BUILT_IN_SCOPE))
  );
}

export async function createDistrict(prisma: PrismaClient, input: { name: string; timezone: string }) {
  await ensureInstrument(prisma);
  return prisma.district.create({ data: input });
}

export async function createSchool(prisma: PrismaClient, input: { districtId: string; name: string; code?: string | null }) {
  return prisma.school.create({ data: { districtId: input.districtId, name: input.name, code: input.code ?? null } });
}

/**
 * Opens a campaign on a stored instrument version (`instrumentId`), on `instrument` (stored first if
 * new, as the district's own unless it is the built-in version), or by default on the teacher
 * diagnostic that `pickInstrument` chooses for the district.
 */
export async function openCampaign(
  prisma: PrismaClient,
  input: { districtId: string; title: string; opensAt: Date; closesAt: Date; instrument?: Instrument; instrumentId?: string },
) {
  let instrumentId = input.instrumentId;
  if (!instrumentId && input.instrument) {
    // The built-in version stays shared; any other is the district's own.
    const builtIn = input.instrument.key === teacherDiagnosticV1.key && input.instrument.version === teacherDiagnosticV1.version;
    instrumentId = await ensureInstrument(prisma, input.instrument, builtIn ? BUILT_IN_SCOPE : input.districtId);
  }
  if (!instrumentId) {
    await ensureInstrument(prisma);
    instrumentId = (await pickInstrument(prisma, TEACHER_DIAGNOSTIC_KEY, input.districtId))!.id;
  }
  return prisma.campaign.create({
    data: { districtId: input.districtId, instrumentId, title: input.title, opensAt: input.opensAt, closesAt: input.closesAt },
  });
}

export async function listMembers(
  prisma: PrismaClient,
  filter: { districtId?: string; schoolId?: string; role?: string; personId?: string },
) {
  const rows = await prisma.membership.findMany({
    where: { districtId: filter.districtId, schoolId: filter.schoolId, role: filter.role, personId: filter.personId },
    include: { person: { include: { accounts: true } }, school: true },
    orderBy: [{ school: { name: "asc" } }, { role: "asc" }, { createdAt: "asc" }],
  });
  return rows.map((row) => ({
    membershipId: row.id,
    personId: row.personId,
    districtId: row.districtId,
    name: row.person.displayName,
    role: row.role,
    school: row.school?.name ?? null,
    active: row.active,
    consent: row.person.consentAt !== null,
    accounts: row.person.accounts.map((account) => ({
      channel: account.channel,
      username: account.username,
      lastSeenAt: account.lastSeenAt,
    })),
  }));
}

export async function findDistrict(prisma: PrismaClient, idOrName: string) {
  return (
    (await prisma.district.findUnique({ where: { id: idOrName } })) ??
    (await prisma.district.findFirst({ where: { name: idOrName } }))
  );
}
