// Prisma implementation of the core's Repository port, plus the district set-up operations
// used by the admin CLI and the demo.
import { InstrumentSchema, type Instrument } from "../core/instruments/schema.ts";
import type { InviteRecord } from "../core/invites/codes.ts";
import { isRole, type Role } from "../core/roles.ts";
import type {
  AccountRef,
  CampaignRecord,
  Channel,
  MembershipDetail,
  OutboxMessage,
  PersonView,
  Repository,
  ResponseRecord,
  SchoolRecord,
} from "../core/services/ports.ts";
import type { Answers } from "../core/survey/runner.ts";
import type { PrismaClient } from "./db.ts";

const personInclude = {
  memberships: { include: { district: true, school: true }, orderBy: { createdAt: "asc" } },
} as const;

type PersonRow = {
  id: string;
  displayName: string | null;
  consentAt: Date | null;
  memberships: Array<{
    id: string;
    role: string;
    districtId: string;
    schoolId: string | null;
    active: boolean;
    district: { name: string };
    school: { name: string } | null;
  }>;
};

function toPerson(row: PersonRow): PersonView {
  return {
    id: row.id,
    displayName: row.displayName,
    consentAt: row.consentAt,
    memberships: row.memberships
      .filter((membership) => isRole(membership.role))
      .map(
        (membership): MembershipDetail => ({
          id: membership.id,
          role: membership.role as Role,
          districtId: membership.districtId,
          schoolId: membership.schoolId,
          active: membership.active,
          districtName: membership.district.name,
          schoolName: membership.school?.name ?? null,
        }),
      ),
  };
}

function toInvite(row: {
  id: string;
  code: string;
  role: string;
  districtId: string;
  schoolId: string | null;
  maxUses: number;
  uses: number;
  expiresAt: Date;
  revokedAt: Date | null;
  personId: string | null;
}): InviteRecord {
  if (!isRole(row.role)) throw new Error(`Invite ${row.id} has unknown role ${row.role}`);
  return {
    id: row.id,
    code: row.code,
    role: row.role,
    districtId: row.districtId,
    schoolId: row.schoolId,
    maxUses: row.maxUses,
    uses: row.uses,
    expiresAt: row.expiresAt,
    revokedAt: row.revokedAt,
    personId: row.personId,
  };
}

function toCampaign(row: {
  id: string;
  districtId: string;
  title: string;
  opensAt: Date;
  closesAt: Date;
  instrument: { id: string; definition: unknown };
}): CampaignRecord {
  return {
    id: row.id,
    districtId: row.districtId,
    title: row.title,
    opensAt: row.opensAt,
    closesAt: row.closesAt,
    instrument: parseInstrument(row.instrument),
  };
}

const accountColumns = (account: AccountRef, at: Date) => ({
  channel: account.channel,
  externalId: account.externalId,
  chatId: account.chatId ?? null,
  username: account.username ?? null,
  firstName: account.firstName ?? null,
  lastSeenAt: at,
});

/** Parsed instruments by id: definitions are immutable per version, so parse once. */
const instrumentCache = new Map<string, Instrument>();
function parseInstrument(row: { id: string; definition: unknown }): Instrument {
  let instrument = instrumentCache.get(row.id);
  if (!instrument) {
    instrument = InstrumentSchema.parse(row.definition);
    instrumentCache.set(row.id, instrument);
  }
  return instrument;
}

export class PrismaRepository implements Repository {
  constructor(private readonly prisma: PrismaClient) {}

  async findPersonByAccount(channel: Channel, externalId: string): Promise<PersonView | null> {
    const account = await this.prisma.account.findUnique({
      where: { channel_externalId: { channel, externalId } },
      include: { person: { include: personInclude } },
    });
    return account ? toPerson(account.person) : null;
  }

  async getPerson(personId: string): Promise<PersonView | null> {
    const row = await this.prisma.person.findUnique({ where: { id: personId }, include: personInclude });
    return row ? toPerson(row) : null;
  }

  async touchAccount(account: AccountRef, at: Date): Promise<void> {
    await this.prisma.account.updateMany({
      where: { channel: account.channel, externalId: account.externalId },
      data: {
        lastSeenAt: at,
        ...(account.chatId ? { chatId: account.chatId } : {}),
        ...(account.username !== undefined ? { username: account.username } : {}),
        ...(account.firstName !== undefined ? { firstName: account.firstName } : {}),
      },
    });
  }

  async findInviteByCode(code: string): Promise<InviteRecord | null> {
    const row = await this.prisma.invite.findUnique({ where: { code } });
    return row ? toInvite(row) : null;
  }

  async redeemInvite(invite: InviteRecord, account: AccountRef, at: Date) {
    return this.prisma.$transaction(async (tx) => {
      const existing = await tx.account.findUnique({
        where: { channel_externalId: { channel: account.channel, externalId: account.externalId } },
      });
      // A personal invite of a person registered in advance belongs to that person only.
      if (invite.personId && existing && existing.personId !== invite.personId) return "other_person" as const;
      let personId = existing?.personId ?? invite.personId ?? undefined;
      if (existing) {
        const known = existing.personId;
        const redeemed = await tx.inviteRedemption.findUnique({
          where: { inviteId_personId: { inviteId: invite.id, personId: known } },
        });
        if (redeemed) {
          // Same person, same link again: make sure the membership is active, count nothing.
          await this.ensureMembership(tx, known, invite);
          return { personId: known, repeated: true };
        }
      }
      // The conditional update is the use-limit guard under concurrency.
      const counted = await tx.invite.updateMany({
        where: { id: invite.id, uses: { lt: invite.maxUses }, revokedAt: null, expiresAt: { gt: at } },
        data: { uses: { increment: 1 } },
      });
      if (counted.count === 0) return "used_up" as const;
      if (invite.personId && !existing) {
        await tx.account.create({
          data: { personId: invite.personId, ...accountColumns(account, at) },
        });
      }
      if (!personId) {
        const person = await tx.person.create({
          data: {
            displayName: account.firstName ?? null,
            accounts: { create: accountColumns(account, at) },
          },
        });
        personId = person.id;
      }
      await tx.inviteRedemption.create({ data: { inviteId: invite.id, personId } });
      await this.ensureMembership(tx, personId, invite);
      return { personId, repeated: false };
    });
  }

  private async ensureMembership(
    tx: Pick<PrismaClient, "membership">,
    personId: string,
    invite: InviteRecord,
  ): Promise<void> {
    const membership = await tx.membership.findFirst({
      where: { personId, role: invite.role, districtId: invite.districtId, schoolId: invite.schoolId },
    });
    if (!membership) {
      await tx.membership.create({
        data: { personId, role: invite.role, districtId: invite.districtId, schoolId: invite.schoolId },
      });
    } else if (!membership.active) {
      await tx.membership.update({ where: { id: membership.id }, data: { active: true, endedAt: null } });
    }
  }

  async createInvite(input: Parameters<Repository["createInvite"]>[0]): Promise<InviteRecord> {
    return toInvite(await this.prisma.invite.create({ data: input }));
  }

  async recordConsent(personId: string, version: string, at: Date): Promise<void> {
    await this.prisma.person.update({ where: { id: personId }, data: { consentAt: at, consentVersion: version } });
  }

  async createLinkCode(input: { code: string; personId: string; expiresAt: Date }): Promise<void> {
    await this.prisma.linkCode.create({ data: input });
  }

  async redeemLinkCode(code: string, account: AccountRef, at: Date) {
    return this.prisma.$transaction(async (tx) => {
      const link = await tx.linkCode.findUnique({ where: { code } });
      if (!link || link.usedAt || link.expiresAt <= at) return { kind: "invalid" as const };
      const existing = await tx.account.findUnique({
        where: { channel_externalId: { channel: account.channel, externalId: account.externalId } },
      });
      if (existing && existing.personId !== link.personId) return { kind: "other_person" as const };
      // The conditional update makes a code single-use under concurrency.
      const used = await tx.linkCode.updateMany({ where: { id: link.id, usedAt: null }, data: { usedAt: at } });
      if (used.count === 0) return { kind: "invalid" as const };
      if (existing) return { kind: "already" as const, personId: link.personId };
      await tx.account.create({
        data: { personId: link.personId, ...accountColumns(account, at) },
      });
      return { kind: "linked" as const, personId: link.personId };
    });
  }

  async deletePerson(personId: string): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      const accounts = await tx.account.findMany({ where: { personId }, select: { chatId: true } });
      const keys = accounts.filter((account) => account.chatId).map((account) => `conv:${account.chatId}`);
      // Telegram conversation state is keyed by chat; MAX keeps none.
      if (keys.length) await tx.session.deleteMany({ where: { key: { in: keys } } });
      await tx.outbox.deleteMany({ where: { personId } });
      // Accounts, memberships, redemptions, responses and answers go by ON DELETE CASCADE.
      await tx.person.delete({ where: { id: personId } });
    });
  }

  async getSchool(schoolId: string): Promise<SchoolRecord | null> {
    return this.prisma.school.findUnique({
      where: { id: schoolId },
      select: { id: true, districtId: true, name: true, code: true },
    });
  }

  async listSchools(districtIds: readonly string[]): Promise<SchoolRecord[]> {
    return this.prisma.school.findMany({
      where: { districtId: { in: [...districtIds] } },
      select: { id: true, districtId: true, name: true, code: true },
      orderBy: { name: "asc" },
    });
  }

  private async campaignWhere(where: object): Promise<CampaignRecord | null> {
    const row = await this.prisma.campaign.findFirst({ where, include: { instrument: true }, orderBy: { opensAt: "desc" } });
    return row ? toCampaign(row) : null;
  }

  findOpenCampaign(districtId: string, instrumentKey: string, at: Date) {
    return this.campaignWhere({ districtId, instrument: { key: instrumentKey }, opensAt: { lte: at }, closesAt: { gt: at } });
  }

  findLatestCampaign(districtId: string, instrumentKey: string, at: Date) {
    return this.campaignWhere({ districtId, instrument: { key: instrumentKey }, opensAt: { lte: at } });
  }

  async getResponse(campaignId: string, personId: string): Promise<ResponseRecord | null> {
    const row = await this.prisma.response.findUnique({
      where: { campaignId_personId: { campaignId, personId } },
      include: { answers: { select: { questionId: true, value: true } } },
    });
    if (!row) return null;
    return {
      id: row.id,
      campaignId: row.campaignId,
      personId: row.personId,
      cursor: row.cursor,
      completedAt: row.completedAt,
      answers: new Map(row.answers.map((answer) => [answer.questionId, answer.value])),
    };
  }

  async saveAnswer(input: Parameters<Repository["saveAnswer"]>[0]): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      const response = await tx.response.upsert({
        where: { campaignId_personId: { campaignId: input.campaignId, personId: input.personId } },
        create: {
          campaignId: input.campaignId,
          personId: input.personId,
          cursor: input.cursor,
          completedAt: input.completedAt,
        },
        update: { cursor: input.cursor, ...(input.completedAt ? { completedAt: input.completedAt } : {}) },
      });
      await tx.answer.upsert({
        where: { responseId_questionId: { responseId: response.id, questionId: input.questionId } },
        create: { responseId: response.id, questionId: input.questionId, value: input.value, answeredAt: input.at },
        update: { value: input.value, answeredAt: input.at },
      });
    });
  }

  async setCursor(campaignId: string, personId: string, cursor: string | null): Promise<void> {
    await this.prisma.response.upsert({
      where: { campaignId_personId: { campaignId, personId } },
      create: { campaignId, personId, cursor },
      update: { cursor },
    });
  }

  async openCampaigns(instrumentKey: string, at: Date) {
    const rows = await this.prisma.campaign.findMany({
      where: { instrument: { key: instrumentKey }, opensAt: { lte: at }, closesAt: { gt: at } },
      include: { instrument: true, district: { select: { timezone: true } } },
    });
    return rows.map((row) => ({
      ...toCampaign(row),
      timezone: row.district.timezone,
    }));
  }

  async unfinishedTeachers(campaignId: string) {
    const campaign = await this.prisma.campaign.findUniqueOrThrow({ where: { id: campaignId } });
    const people = await this.prisma.person.findMany({
      where: {
        consentAt: { not: null },
        memberships: { some: { districtId: campaign.districtId, role: "teacher", active: true } },
        NOT: { responses: { some: { campaignId, completedAt: { not: null } } } },
      },
      select: {
        id: true,
        accounts: { where: { chatId: { not: null } }, orderBy: { lastSeenAt: "desc" }, take: 1 },
        responses: { where: { campaignId }, select: { _count: { select: { answers: true } } } },
      },
    });
    return people.map((person) => {
      const account = person.accounts[0];
      return {
        personId: person.id,
        answered: person.responses[0]?._count.answers ?? 0,
        account: account?.chatId ? { channel: account.channel as Channel, chatId: account.chatId } : null,
      };
    });
  }

  async schoolCompletion(campaignId: string, districtId: string) {
    const [schools, teachers, completed] = await Promise.all([
      this.prisma.school.findMany({ where: { districtId }, select: { id: true, name: true }, orderBy: { name: "asc" } }),
      this.prisma.membership.findMany({
        where: { districtId, role: "teacher", active: true, schoolId: { not: null } },
        select: { schoolId: true, personId: true },
      }),
      this.prisma.response.findMany({ where: { campaignId, completedAt: { not: null } }, select: { personId: true } }),
    ]);
    const done = new Set(completed.map((row) => row.personId));
    return schools.map((school) => {
      const here = teachers.filter((membership) => membership.schoolId === school.id);
      return {
        schoolId: school.id,
        name: school.name,
        teachers: here.length,
        completed: here.filter((membership) => done.has(membership.personId)).length,
      };
    });
  }

  async enqueue(messages: OutboxMessage[]): Promise<number> {
    if (!messages.length) return 0;
    const result = await this.prisma.outbox.createMany({ data: messages, skipDuplicates: true });
    return result.count;
  }

  async completedTeacherAnswers(campaignId: string, schoolId: string): Promise<Answers[]> {
    const rows = await this.prisma.response.findMany({
      where: {
        campaignId,
        completedAt: { not: null },
        person: { memberships: { some: { schoolId, role: "teacher", active: true } } },
      },
      select: { answers: { select: { questionId: true, value: true } } },
    });
    return rows.map((row) => new Map(row.answers.map((answer) => [answer.questionId, answer.value])));
  }
}
