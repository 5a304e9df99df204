// District set-up operations for the admin CLI and the demo: districts, schools, campaigns, members.
import type { Instrument } from "../core/instruments/schema.ts";
import { teacherDiagnosticV1 } from "../core/instruments/teacher-diagnostic.ts";
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

export async function createDistrict(prisma: PrismaClient, input: { name: string; timezone: string }) {
  await ensureInstrument(prisma);
  return prisma.district.create({ data: input });
}

export async function createSchool(prisma: PrismaClient, input: { districtId: string; name: string; code?: string | null }) {
  return prisma.school.create({ data: { districtId: input.districtId, name: input.name, code: input.code ?? null } });
}

export async function openCampaign(
  prisma: PrismaClient,
  input: { districtId: string; title: string; opensAt: Date; closesAt: Date; instrument?: Instrument },
) {
  const instrumentId = await ensureInstrument(prisma, input.instrument);
  return prisma.campaign.create({
    data: { districtId: input.districtId, instrumentId, title: input.title, opensAt: input.opensAt, closesAt: input.closesAt },
  });
}

export async function listMembers(prisma: PrismaClient, filter: { districtId: string; schoolId?: string; role?: string }) {
  const rows = await prisma.membership.findMany({
    where: { districtId: filter.districtId, schoolId: filter.schoolId, role: filter.role },
    include: { person: { include: { accounts: true } }, school: true },
    orderBy: [{ school: { name: "asc" } }, { role: "asc" }, { createdAt: "asc" }],
  });
  return rows.map((row) => ({
    membershipId: row.id,
    personId: row.personId,
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
