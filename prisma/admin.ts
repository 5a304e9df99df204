// District set-up operations for the admin CLI and the demo: districts, schools, campaigns, members.
import type { Instrument } from "../core/instruments/schema.ts";
import { TEACHER_DIAGNOSTIC_KEY, teacherDiagnosticV1 } from "../core/instruments/teacher-diagnostic.ts";
import type { PrismaClient } from "./db.ts";

/** Stores an instrument version once; returns its row id. Versions are immutable. */
export async function ensureInstrument(prisma: PrismaClient, instrument: Instrument = teacherDiagnosticV1): Promise<string> {
  const row = await prisma.instrument.upsert({
    where: { key_version: { key: instrument.key, version: instrument.version } },
    create: {
      key: instrument.key,
      version: instrument.version,
      title: instrument.title,
      status: instrument.status,
      definition: instrument as object,
    },
    update: {},
  });
  return row.id;
}

/** Stored versions with the number of campaigns run on each: by key, newest first. */
export async function listInstruments(prisma: PrismaClient, key?: string) {
  return prisma.instrument.findMany({
    where: key ? { key } : {},
    orderBy: [{ key: "asc" }, { version: "desc" }],
    select: { id: true, key: true, version: true, title: true, status: true, definition: true, createdAt: true, _count: { select: { campaigns: true } } },
  });
}

/**
 * The stored version a new campaign runs: the one asked for, else the newest approved, else the
 * newest draft (DOMAIN.md §11c: the district approves the draft or edits it as a new version).
 */
export async function pickInstrument(prisma: PrismaClient, key: string, version?: number) {
  if (version !== undefined) return prisma.instrument.findUnique({ where: { key_version: { key, version } } });
  return (
    (await prisma.instrument.findFirst({ where: { key, status: "approved" }, orderBy: { version: "desc" } })) ??
    (await prisma.instrument.findFirst({ where: { key }, orderBy: { version: "desc" } }))
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
 * new), or by default on the teacher diagnostic that `pickInstrument` chooses.
 */
export async function openCampaign(
  prisma: PrismaClient,
  input: { districtId: string; title: string; opensAt: Date; closesAt: Date; instrument?: Instrument; instrumentId?: string },
) {
  let instrumentId = input.instrumentId;
  if (!instrumentId && input.instrument) instrumentId = await ensureInstrument(prisma, input.instrument);
  if (!instrumentId) {
    await ensureInstrument(prisma);
    instrumentId = (await pickInstrument(prisma, TEACHER_DIAGNOSTIC_KEY))!.id;
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
