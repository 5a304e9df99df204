// District set-up in the database: the admin use cases' repository (PrismaAdminRepository, over the
// port core/services/admin-ports.ts) and the helpers it, the demo and the tests use.
import type {
  AdminRepository,
  AudienceMember,
  CampaignRow,
  CampaignToNotify,
  ClassCodeCount,
  DistrictRef,
  DistrictSnapshot,
  ImportWrite,
  InstrumentRow,
  InviteRow,
  MemberRow,
  MembershipRow,
  SchoolBrief,
  UnjoinedStaff,
} from "../core/services/admin-ports.ts";
import { BUILT_IN_INSTRUMENTS, builtInInstrument } from "../core/instruments/catalog.ts";
import { InstrumentSchema, type Instrument } from "../core/instruments/schema.ts";
import type { Role } from "../core/roles.ts";
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
 * number, else the built-in one (stored now if it is in the catalog). Without: the district's newest
 * approved, else the newest approved built-in, else the district's newest draft, else the key's
 * built-in default (its first catalog version: the teacher diagnostic's version 1, not the draft version 2).
 */
export async function pickInstrument(prisma: PrismaClient, key: string, districtId: string, version?: number) {
  if (version !== undefined) {
    // A built-in version not stored yet (the teacher diagnostic's version 2) is stored when asked for.
    const builtIn = builtInInstrument(key, version);
    return (
      (await prisma.instrument.findUnique({ where: { key_scope_version: { key, scope: districtId, version } } })) ??
      (await prisma.instrument.findUnique({ where: { key_scope_version: { key, scope: BUILT_IN_SCOPE, version } } })) ??
      (builtIn ? await prisma.instrument.findUnique({ where: { id: await ensureInstrument(prisma, builtIn, BUILT_IN_SCOPE) } }) : null)
    );
  }
  const newest = (scope: string, status?: string) =>
    prisma.instrument.findFirst({ where: { key, scope, ...(status ? { status } : {}) }, orderBy: { version: "desc" } });
  // Among the built-in drafts, the key's default (its first catalog version: the diagnostic's version 1), not the newest.
  const builtInDefault = builtInInstrument(key);
  return (
    (await newest(districtId, "approved")) ??
    (await newest(BUILT_IN_SCOPE, "approved")) ??
    (await newest(districtId)) ??
    (builtInDefault
      ? await prisma.instrument.findUnique({ where: { key_scope_version: { key, scope: BUILT_IN_SCOPE, version: builtInDefault.version } } })
      : null) ??
    (await newest(BUILT_IN_SCOPE))
  );
}

/**
 * Stores every built-in instrument version (BUILT_IN_INSTRUMENTS, the teacher diagnostic's draft
 * version 2 too) once, so that a district can list, export and run each; a district's own versions are
 * numbered above the ones it sees (core/services/instruments.ts). A new campaign's default stays the
 * key's first listed version (pickInstrument).
 */
export async function ensureBuiltInInstruments(prisma: PrismaClient): Promise<void> {
  // One query when they are all there already (every district creation and campaign opening asks).
  const stored = await prisma.instrument.findMany({ where: { scope: BUILT_IN_SCOPE }, select: { key: true, version: true } });
  const have = new Set(stored.map((row) => `${row.key}@${row.version}`));
  for (const instrument of BUILT_IN_INSTRUMENTS) {
    if (!have.has(`${instrument.key}@${instrument.version}`)) await ensureInstrument(prisma, instrument, BUILT_IN_SCOPE);
  }
}

/** Whether this is a built-in version (stored shared, scope "") rather than a district's own. */
export const isBuiltInVersion = (instrument: Pick<Instrument, "key" | "version">) =>
  BUILT_IN_INSTRUMENTS.some((builtIn) => builtIn.key === instrument.key && builtIn.version === instrument.version);

export async function createDistrict(prisma: PrismaClient, input: { name: string; timezone: string }) {
  // The diagnostic at once; another key's default is stored when its first campaign opens (campaigns.ts).
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
  input: {
    districtId: string;
    title: string;
    opensAt: Date;
    closesAt: Date;
    instrument?: Instrument;
    instrumentId?: string;
    /** CampaignAudience; absent: null (the district's teachers, reminded daily as before #13). */
    audience?: object;
    remindEveryDays?: number;
  },
) {
  let instrumentId = input.instrumentId;
  if (!instrumentId && input.instrument) {
    // A built-in version stays shared; any other is the district's own.
    instrumentId = await ensureInstrument(prisma, input.instrument, isBuiltInVersion(input.instrument) ? BUILT_IN_SCOPE : input.districtId);
  }
  if (!instrumentId) {
    await ensureInstrument(prisma);
    instrumentId = (await pickInstrument(prisma, TEACHER_DIAGNOSTIC_KEY, input.districtId))!.id;
  }
  return prisma.campaign.create({
    data: {
      districtId: input.districtId,
      instrumentId,
      title: input.title,
      opensAt: input.opensAt,
      closesAt: input.closesAt,
      ...(input.audience ? { audience: input.audience } : {}),
      ...(input.remindEveryDays !== undefined ? { remindEveryDays: input.remindEveryDays } : {}),
    },
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

// ---------- the admin use cases' repository (core/services/admin-ports.ts) ----------

const districtSelect = { id: true, name: true, timezone: true } as const;
const schoolSelect = { id: true, name: true, code: true } as const;
const toInviteRecord = <T extends { role: string }>(row: T) => ({ ...row, role: row.role as Role });

type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

export class PrismaAdminRepository implements AdminRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async findDistricts(idOrName: string): Promise<DistrictRef[]> {
    const byId = await this.prisma.district.findUnique({ where: { id: idOrName }, select: districtSelect });
    if (byId) return [byId];
    return this.prisma.district.findMany({ where: { name: idOrName }, select: districtSelect, take: 2 });
  }

  async createDistrict(input: { name: string; timezone: string }): Promise<DistrictRef> {
    const district = await createDistrict(this.prisma, input);
    return { id: district.id, name: district.name, timezone: district.timezone };
  }

  async listDistricts() {
    const rows = await this.prisma.district.findMany({
      orderBy: { name: "asc" },
      select: { ...districtSelect, _count: { select: { schools: true, memberships: { where: { active: true } } } } },
    });
    return rows.map(({ _count, ...row }) => ({ ...row, schools: _count.schools, activeMembers: _count.memberships }));
  }

  async findSchool(districtId: string, idOrCode: string): Promise<SchoolBrief | null> {
    return (
      (await this.prisma.school.findFirst({ where: { id: idOrCode, districtId }, select: schoolSelect })) ??
      (await this.prisma.school.findFirst({ where: { code: idOrCode, districtId }, select: schoolSelect }))
    );
  }

  async schoolOutside(schoolId: string, districtId: string) {
    const row = await this.prisma.school.findFirst({
      where: { id: schoolId, districtId: { not: districtId } },
      select: { name: true, district: { select: { name: true } } },
    });
    return row ? { name: row.name, districtName: row.district.name } : null;
  }

  async createSchool(input: { districtId: string; name: string; code: string | null }): Promise<SchoolBrief> {
    const school = await createSchool(this.prisma, input);
    return { id: school.id, name: school.name, code: school.code };
  }

  async listSchools(districtId: string) {
    const schools = await this.prisma.school.findMany({
      where: { districtId },
      orderBy: { name: "asc" },
      select: { ...schoolSelect, memberships: { where: { active: true }, select: { role: true } } },
    });
    return schools.map(({ memberships, ...school }) => ({
      ...school,
      teachers: memberships.filter((membership) => membership.role === "teacher").length,
      heads: memberships.filter((membership) => membership.role === "head").length,
    }));
  }

  async listInvites(districtId: string, schoolId?: string): Promise<InviteRow[]> {
    const rows = await this.prisma.invite.findMany({
      where: { districtId, ...(schoolId ? { schoolId } : {}) },
      include: { school: { select: { name: true } }, person: { select: { displayName: true } } },
      orderBy: [{ createdAt: "desc" }, { code: "asc" }],
    });
    return rows.map(({ school, person, createdById: _createdById, ...row }) => ({
      ...toInviteRecord(row),
      schoolName: school?.name ?? null,
      personName: person?.displayName ?? null,
    }));
  }

  async revokeInvite(inviteId: string, at: Date): Promise<void> {
    await this.prisma.invite.update({ where: { id: inviteId }, data: { revokedAt: at } });
  }

  async unjoinedStaff(schoolId: string, districtId: string, now: Date): Promise<UnjoinedStaff[]> {
    const memberships = await this.prisma.membership.findMany({
      where: { schoolId, active: true, role: { in: ["head", "teacher", "mentor"] }, person: { accounts: { none: {} } } },
      orderBy: { createdAt: "asc" },
      select: {
        role: true,
        person: {
          select: {
            id: true,
            displayName: true,
            invites: {
              where: { districtId, revokedAt: null, expiresAt: { gt: now } },
              orderBy: { createdAt: "desc" },
              include: { school: { select: { name: true } } },
            },
          },
        },
      },
    });
    // One card per person: the head's role first when they hold two.
    const order: Record<string, number> = { head: 0, teacher: 1, mentor: 2 };
    const people = new Map<string, UnjoinedStaff>();
    for (const { role, person } of memberships) {
      const seen = people.get(person.id);
      if (seen && (order[seen.role] ?? 9) <= (order[role] ?? 9)) continue;
      people.set(person.id, {
        personId: person.id,
        name: person.displayName,
        role: role as Role,
        invites: person.invites.map(({ school, createdById: _createdById, createdAt: _createdAt, ...invite }) => ({
          ...toInviteRecord(invite),
          schoolName: school?.name ?? null,
        })),
      });
    }
    return [...people.values()];
  }

  async listMembers(filter: { districtId?: string; schoolId?: string; role?: string; personId?: string }): Promise<MemberRow[]> {
    return (await listMembers(this.prisma, filter)).map(({ accounts, ...row }) => ({
      ...row,
      channels: [...new Set(accounts.map((account) => account.channel))],
    }));
  }

  personBrief(personId: string) {
    return this.prisma.person.findUnique({
      where: { id: personId },
      select: { id: true, displayName: true, memberships: { select: { districtId: true, active: true } } },
    });
  }

  async getMembership(membershipId: string): Promise<MembershipRow | null> {
    const row = await this.prisma.membership.findUnique({
      where: { id: membershipId },
      include: { person: { select: { displayName: true } }, school: { select: schoolSelect }, district: { select: districtSelect } },
    });
    if (!row) return null;
    return {
      id: row.id,
      personId: row.personId,
      personName: row.person.displayName,
      role: row.role as Role,
      active: row.active,
      endedAt: row.endedAt,
      district: row.district,
      school: row.school,
    };
  }

  async deactivateMembership(membership: MembershipRow, at: Date) {
    return this.prisma.$transaction(async (tx) => {
      const updated = await tx.membership.update({ where: { id: membership.id }, data: { active: false, endedAt: at } });
      // A personal card of someone imported in advance would bring the membership back when redeemed.
      const revoked = await tx.invite.updateMany({
        where: { personId: membership.personId, schoolId: membership.school?.id ?? null, role: membership.role, revokedAt: null },
        data: { revokedAt: at },
      });
      return { endedAt: updated.endedAt ?? at, invitesRevoked: revoked.count };
    });
  }

  async moveMembership(membership: MembershipRow, targetSchoolId: string, at: Date) {
    return this.prisma.$transaction(async (tx) => {
      await tx.membership.update({ where: { id: membership.id }, data: { active: false, endedAt: at } });
      const twin = await tx.membership.findFirst({
        where: { personId: membership.personId, role: membership.role, schoolId: targetSchoolId, active: true },
        select: { id: true },
      });
      const moved =
        twin ??
        (await tx.membership.create({
          data: { personId: membership.personId, role: membership.role, districtId: membership.district.id, schoolId: targetSchoolId, createdAt: at },
          select: { id: true },
        }));
      const pending = (
        await tx.invite.findMany({
          where: { personId: membership.personId, schoolId: membership.school?.id ?? null, role: membership.role, revokedAt: null, expiresAt: { gt: at } },
          select: { id: true, uses: true, maxUses: true },
        })
      ).filter((invite) => invite.uses < invite.maxUses);
      if (pending.length) {
        await tx.invite.updateMany({ where: { id: { in: pending.map((invite) => invite.id) } }, data: { schoolId: targetSchoolId } });
      }
      return { membershipId: moved.id, alreadyThere: Boolean(twin), invitesMoved: pending.length };
    });
  }

  async addMembership(input: { personId: string; role: Role; districtId: string; schoolId: string; at: Date }) {
    const present = await this.prisma.membership.findFirst({
      where: { personId: input.personId, role: input.role, schoolId: input.schoolId, active: true },
      select: { id: true },
    });
    if (present) return { membershipId: present.id, alreadyMember: true };
    const created = await this.prisma.membership.create({
      data: { personId: input.personId, role: input.role, districtId: input.districtId, schoolId: input.schoolId, createdAt: input.at },
      select: { id: true },
    });
    return { membershipId: created.id, alreadyMember: false };
  }

  async countActiveTeachers(districtId: string): Promise<number> {
    // A teacher in two schools is one person: count people, not memberships.
    const rows = await this.prisma.membership.findMany({
      where: { districtId, role: "teacher", active: true, schoolId: { not: null } },
      distinct: ["personId"],
      select: { personId: true },
    });
    return rows.length;
  }

  private static campaignRow(row: {
    id: string;
    districtId: string;
    title: string;
    opensAt: Date;
    closesAt: Date;
    audience: unknown;
    remindEveryDays: number;
    closedAt: Date | null;
    baseline: boolean;
    instrument: { version: number; key: string; title: string };
  }): CampaignRow {
    return {
      id: row.id,
      districtId: row.districtId,
      title: row.title,
      opensAt: row.opensAt,
      closesAt: row.closesAt,
      instrumentVersion: row.instrument.version,
      instrumentKey: row.instrument.key,
      instrumentTitle: row.instrument.title,
      audience: row.audience ?? null,
      remindEveryDays: row.remindEveryDays,
      closedAt: row.closedAt,
      baseline: row.baseline,
    };
  }

  private static campaignSelect = {
    id: true,
    districtId: true,
    title: true,
    opensAt: true,
    closesAt: true,
    audience: true,
    remindEveryDays: true,
    closedAt: true,
    baseline: true,
    instrument: { select: { version: true, key: true, title: true } },
  } as const;

  async listCampaigns(districtId: string): Promise<CampaignRow[]> {
    const rows = await this.prisma.campaign.findMany({ where: { districtId }, orderBy: { opensAt: "desc" }, select: PrismaAdminRepository.campaignSelect });
    return rows.map(PrismaAdminRepository.campaignRow);
  }

  async getCampaign(campaignId: string): Promise<CampaignRow | null> {
    const row = await this.prisma.campaign.findUnique({ where: { id: campaignId }, select: PrismaAdminRepository.campaignSelect });
    return row ? PrismaAdminRepository.campaignRow(row) : null;
  }

  overlappingCampaigns(districtId: string, instrumentKey: string, opensAt: Date, closesAt: Date) {
    return this.prisma.campaign.findMany({
      where: { districtId, baseline: false, instrument: { key: instrumentKey }, opensAt: { lt: closesAt }, closesAt: { gt: opensAt } },
      select: { id: true, title: true },
    });
  }

  async createCampaign(input: Parameters<AdminRepository["createCampaign"]>[0]): Promise<CampaignRow> {
    const { audience, remindEveryDays, ...rest } = input;
    const row = await this.prisma.campaign.create({
      data: {
        ...rest,
        ...(audience === undefined || audience === null ? {} : { audience: audience as object }),
        ...(remindEveryDays === undefined ? {} : { remindEveryDays }),
      },
      select: PrismaAdminRepository.campaignSelect,
    });
    return PrismaAdminRepository.campaignRow(row);
  }

  async setCampaignCloses(campaignId: string, closesAt: Date, closedAt?: Date): Promise<void> {
    await this.prisma.campaign.update({ where: { id: campaignId }, data: { closesAt, ...(closedAt ? { closedAt } : {}) } });
  }

  async campaignsToNotify(at: Date): Promise<CampaignToNotify[]> {
    const rows = await this.prisma.campaign.findMany({
      where: { baseline: false, closedAt: null, opensAt: { lte: at }, closesAt: { gt: at } },
      orderBy: { opensAt: "asc" },
      select: {
        id: true,
        districtId: true,
        title: true,
        opensAt: true,
        closesAt: true,
        audience: true,
        remindEveryDays: true,
        district: { select: { timezone: true } },
        instrument: { select: { key: true, definition: true } },
      },
    });
    return rows.map((row) => ({
      id: row.id,
      districtId: row.districtId,
      title: row.title,
      opensAt: row.opensAt,
      closesAt: row.closesAt,
      timezone: row.district.timezone,
      instrumentKey: row.instrument.key,
      questions: InstrumentSchema.parse(row.instrument.definition).questions.length,
      audience: row.audience ?? null,
      remindEveryDays: row.remindEveryDays,
    }));
  }

  async audienceMembers(campaignId: string, districtId: string, roles: readonly string[], schoolIds: readonly string[] | null): Promise<AudienceMember[]> {
    const memberships = await this.prisma.membership.findMany({
      where: { districtId, active: true, role: { in: [...roles] }, schoolId: schoolIds === null ? { not: null } : { in: [...schoolIds] } },
      select: {
        personId: true,
        schoolId: true,
        person: {
          select: {
            consentAt: true,
            _count: { select: { accounts: true } },
            accounts: { where: { chatId: { not: null }, blockedAt: null }, orderBy: { lastSeenAt: "desc" }, take: 1, select: { channel: true, chatId: true } },
            responses: { where: { campaignId }, select: { completedAt: true, _count: { select: { answers: true } } } },
          },
        },
      },
    });
    const people = new Map<string, AudienceMember>();
    for (const { personId, schoolId, person } of memberships) {
      const seen = people.get(personId);
      if (seen) {
        if (!seen.schoolIds.includes(schoolId!)) seen.schoolIds.push(schoolId!);
        continue;
      }
      const account = person.accounts[0];
      const response = person.responses[0];
      people.set(personId, {
        personId,
        schoolIds: [schoolId!],
        joined: person._count.accounts > 0,
        consented: person.consentAt !== null,
        account: account?.chatId ? { channel: account.channel as "telegram" | "max", chatId: account.chatId } : null,
        completed: Boolean(response?.completedAt),
        answered: response?._count.answers ?? 0,
      });
    }
    return [...people.values()];
  }

  async classCodeCounts(campaignId: string): Promise<ClassCodeCount[]> {
    const [issued, used] = await Promise.all([
      this.prisma.classCode.groupBy({ by: ["schoolId", "audience"], where: { campaignId }, _count: { _all: true } }),
      this.prisma.classCode.groupBy({ by: ["schoolId", "audience"], where: { campaignId, usedAt: { not: null } }, _count: { _all: true } }),
    ]);
    const usedOf = new Map(used.map((row) => [`${row.schoolId}:${row.audience}`, row._count._all]));
    return issued.map((row) => ({
      schoolId: row.schoolId,
      audience: row.audience,
      issued: row._count._all,
      used: usedOf.get(`${row.schoolId}:${row.audience}`) ?? 0,
    }));
  }

  ensureInstrument(instrument?: Instrument, scope?: string): Promise<string> {
    return ensureInstrument(this.prisma, instrument, scope);
  }

  async listInstruments(key: string | undefined, districtId?: string): Promise<InstrumentRow[]> {
    return (await listInstruments(this.prisma, key, districtId)).map(({ _count, scope: _scope, ...row }) => ({ ...row, campaigns: _count.campaigns }));
  }

  async pickInstrument(key: string, districtId: string, version?: number): Promise<InstrumentRow | null> {
    const row = await pickInstrument(this.prisma, key, districtId, version);
    if (!row) return null;
    return {
      id: row.id,
      key: row.key,
      version: row.version,
      title: row.title,
      status: row.status,
      definition: row.definition,
      createdAt: row.createdAt,
      builtIn: row.scope === BUILT_IN_SCOPE,
      campaigns: 0,
    };
  }

  async withDistrictSnapshot<T>(
    districtId: string,
    transaction: boolean,
    work: (snapshot: DistrictSnapshot, write: (rows: ImportWrite) => Promise<void>) => Promise<T>,
  ): Promise<T> {
    const run = async (db: Tx | PrismaClient, canWrite: boolean) =>
      work(await loadSnapshot(db, districtId), async (rows) => {
        if (!canWrite) throw new Error("withDistrictSnapshot: write outside a transaction");
        await writeImport(db, rows);
      });
    // The reads and the writes share one transaction: what was checked is what is written.
    return transaction ? this.prisma.$transaction((tx) => run(tx, true), { maxWait: 10_000, timeout: 120_000 }) : run(this.prisma, false);
  }
}

async function loadSnapshot(db: Tx | PrismaClient, districtId: string): Promise<DistrictSnapshot> {
  const [schools, memberships] = await Promise.all([
    db.school.findMany({ where: { districtId }, select: schoolSelect }),
    db.membership.findMany({
      where: { districtId },
      select: { personId: true, role: true, schoolId: true, active: true, person: { select: { displayName: true } } },
    }),
  ]);
  return { schools, memberships: memberships.map(({ person, ...membership }) => ({ ...membership, personName: person.displayName })) };
}

/** A checked import in a handful of statements (one insert per table): 14 schools and 356 people within a second. */
async function writeImport(db: Tx | PrismaClient, rows: ImportWrite): Promise<void> {
  const { districtId, at } = rows;
  if (rows.newSchools.length) {
    await db.school.createMany({ data: rows.newSchools.map((school) => ({ ...school, districtId, createdAt: at })) });
  }
  for (const school of rows.updatedSchools) {
    await db.school.update({ where: { id: school.id }, data: { code: school.code, name: school.name } });
  }
  if (rows.people.length) {
    await db.person.createMany({ data: rows.people.map((person) => ({ id: person.id, displayName: person.name, createdAt: at })) });
  }
  if (rows.memberships.length) {
    await db.membership.createMany({ data: rows.memberships.map((membership) => ({ ...membership, districtId, createdAt: at })) });
  }
  if (rows.invites.length) {
    await db.invite.createMany({ data: rows.invites.map((invite) => ({ ...invite, districtId, createdAt: at })) });
  }
}
