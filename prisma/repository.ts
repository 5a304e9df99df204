// Prisma implementation of the core's Repository port, plus the district set-up operations
// used by the admin CLI and the demo.
import { InstrumentSchema, type Instrument } from "../core/instruments/schema.ts";
import type { InviteRecord } from "../core/invites/codes.ts";
import { isRole, type Role } from "../core/roles.ts";
import { OPERATOR_DEFAULTS } from "../core/messages/ru.ts";
import type {
  AccountRef,
  CampaignRecord,
  Channel,
  MembershipDetail,
  OperatorDetails,
  OutboxMessage,
  PersonExport,
  PersonView,
  Repository,
  ResponseRecord,
  SchoolRecord,
  StoredRelease,
} from "../core/services/ports.ts";
import type { Answers } from "../core/survey/runner.ts";
import { fromStoredAnswer, type AnswerValue } from "../core/survey/answers.ts";
import { randomUUID } from "node:crypto";
import type { PrismaClient } from "./db.ts";
import { Prisma } from "./generated/client.ts";
import { eraseAuditActor } from "./audit.ts";

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
    district: { name: string; timezone: string };
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
          districtTimezone: membership.district.timezone,
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

// Raw SQL of the answer turn (the hottest path): PostgreSQL, so the same on PGlite and a server.
interface SeenAccount {
  chatId: string | null;
  username: string | null;
  firstName: string | null;
  lastSeenAt: Date;
  /** The bot was blocked (a send got 403): the next turn clears it (queue helper). */
  blockedAt: Date | null;
}
const SEEN_ACCOUNTS_LIMIT = 1000;
const LAST_SEEN_RESOLUTION_MS = 60_000;

type PersonSqlRow = Pick<PersonRow, "id" | "displayName" | "consentAt"> & { memberships: unknown };

const MEMBERSHIPS_JSON = Prisma.sql`COALESCE((
  SELECT json_agg(json_build_object(
    'id', m."id", 'role', m."role", 'districtId', m."districtId", 'schoolId', m."schoolId", 'active', m."active",
    'district', json_build_object('name', d."name", 'timezone', d."timezone"),
    'school', CASE WHEN s."id" IS NULL THEN NULL ELSE json_build_object('name', s."name") END
  ) ORDER BY m."createdAt")
  FROM "Membership" m JOIN "District" d ON d."id" = m."districtId" LEFT JOIN "School" s ON s."id" = m."schoolId"
  WHERE m."personId" = p."id"), '[]')`;

/** A driver may hand json columns over parsed or as text. */
function jsonValue<T>(value: unknown): T | null {
  if (value === null || value === undefined) return null;
  return (typeof value === "string" ? JSON.parse(value) : value) as T;
}

function personFromSql(row: PersonSqlRow): PersonView {
  return toPerson({ ...row, memberships: jsonValue<PersonRow["memberships"]>(row.memberships) ?? [] });
}

/** Prisma stores DateTime as UTC wall time in TIMESTAMP(3); a text parameter cast to it keeps that meaning. */
const sqlTimestamp = (date: Date) => date.toISOString().replace("T", " ").replace("Z", "");

/** A prefetched read serves a turn only at (about) the same moment it was read for. */
const PREFETCH_WINDOW_MS = 1_000;

interface OpenCampaignRow {
  id: string;
  districtId: string;
  title: string;
  opensAt: Date;
  closesAt: Date;
  instrumentId: string;
  definition: unknown;
  responseId: string | null;
  cursor: string | null;
  completedAt: Date | null;
  answers: unknown;
}

/** The newest campaign of the instrument open at `at` in the district, with the person's response and its integer answers. */
function openCampaignSql(districtId: Prisma.Sql, instrumentKey: string, personId: Prisma.Sql, at: Date): Prisma.Sql {
  return Prisma.sql`
      SELECT c."id", c."districtId", c."title", c."opensAt", c."closesAt", c."instrumentId",
             -- A parsed definition is cached by id: send it only when this process has not seen it.
             CASE WHEN c."instrumentId" = ANY(${[...instrumentCache.keys()]}::text[]) THEN NULL ELSE i."definition" END AS "definition",
             r."id" AS "responseId", r."cursor", r."completedAt",
             (SELECT json_agg(json_build_array(an."questionId", an."value")) FROM "Answer" an WHERE an."responseId" = r."id" AND an."value" IS NOT NULL) AS "answers"
      FROM "Campaign" c
      JOIN "Instrument" i ON i."id" = c."instrumentId"
      LEFT JOIN "Response" r ON r."campaignId" = c."id" AND r."personId" = ${personId}
      WHERE c."districtId" = ${districtId} AND i."key" = ${instrumentKey}
        AND c."opensAt" <= ${sqlTimestamp(at)}::timestamp(3) AND c."closesAt" > ${sqlTimestamp(at)}::timestamp(3)
        AND NOT c."baseline" AND (c."closedAt" IS NULL OR c."closedAt" > ${sqlTimestamp(at)}::timestamp(3))
        -- A campaign for chosen schools (#13 audience) is open only to teachers of those schools.
        AND (jsonb_typeof(c."audience"->'schoolIds') IS DISTINCT FROM 'array' OR EXISTS (
          SELECT 1 FROM "Membership" am
          WHERE am."personId" = ${personId} AND am."active" AND am."role" = 'teacher'
            AND (c."audience"->'schoolIds') @> jsonb_build_array(am."schoolId")))
      ORDER BY c."opensAt" DESC
      LIMIT 1`;
}

function toOpenCampaign(row: OpenCampaignRow, personId: string): { campaign: CampaignRecord; response: ResponseRecord | null } {
  const campaign = toCampaign({ ...row, instrument: { id: row.instrumentId, definition: row.definition } });
  const response: ResponseRecord | null = row.responseId
    ? {
        id: row.responseId,
        campaignId: row.id,
        personId,
        cursor: row.cursor,
        completedAt: row.completedAt,
        answers: new Map(jsonValue<Array<[string, number]>>(row.answers) ?? []),
      }
    : null;
  return { campaign, response };
}

export class PrismaRepository implements Repository {
  constructor(private readonly prisma: PrismaClient) {}

  /** Account columns read by the last findPersonByAccount: touchAccount skips a write that changes nothing. */
  private readonly seenAccounts = new Map<string, SeenAccount>();

  /** Open campaigns read with a turn's claim, by person, until the turn's own read takes them (once). */
  private readonly prefetched = new Map<
    string,
    { key: string; districtId: string; at: number; found: { campaign: CampaignRecord; response: ResponseRecord | null } | null }
  >();

  /** One query (Prisma's include would send five): every bot turn and API call starts here. */
  async findPersonByAccount(channel: Channel, externalId: string): Promise<PersonView | null> {
    const [row] = await this.prisma.$queryRaw<Array<PersonSqlRow & SeenAccount>>`
      SELECT p."id", p."displayName", p."consentAt", ${MEMBERSHIPS_JSON} AS "memberships",
             a."chatId", a."username", a."firstName", a."lastSeenAt", a."blockedAt"
      FROM "Account" a JOIN "Person" p ON p."id" = a."personId"
      WHERE a."channel" = ${channel} AND a."externalId" = ${externalId}`;
    if (!row) return null;
    return this.rememberAccount(channel, externalId, row);
  }

  /** Keeps the account's columns as read, so that touchAccount can skip a write that changes nothing. */
  private rememberAccount(channel: Channel, externalId: string, row: PersonSqlRow & SeenAccount): PersonView {
    const key = `${channel}:${externalId}`;
    this.seenAccounts.delete(key);
    if (this.seenAccounts.size >= SEEN_ACCOUNTS_LIMIT) this.seenAccounts.delete(this.seenAccounts.keys().next().value!);
    this.seenAccounts.set(key, { chatId: row.chatId, username: row.username, firstName: row.firstName, lastSeenAt: row.lastSeenAt, blockedAt: row.blockedAt });
    return personFromSql(row);
  }

  /**
   * Records a messenger update as handled and reads the person behind the account, in one statement
   * (prisma/processed-updates.ts claimWithPerson): `fresh` is false for an update handled before.
   */
  /**
   * The update's claim and the person in one statement. With `prefetch` (an instrument key: the update
   * is an answer button of the teacher diagnostic) the same statement also reads the open campaign
   * of the teacher's district with their response, which the turn's findOpenCampaignWithResponse then
   * takes instead of a second query: an answer turn is one read and one write (#10).
   */
  async claimUpdateAndFindPerson(
    update: { channel: string; key: string; at: Date },
    channel: Channel,
    externalId: string,
    prefetch?: string,
  ): Promise<{ fresh: boolean; person: PersonView | null }> {
    type Row = { fresh: number; teacherDistrictId: string | null } & Partial<PersonSqlRow & SeenAccount> & {
      [K in keyof OpenCampaignRow as `dg_${K}`]: OpenCampaignRow[K] | null;
    };
    const campaign = prefetch
      ? Prisma.sql`,
             td."districtId" AS "teacherDistrictId",
             dg."id" AS "dg_id", dg."districtId" AS "dg_districtId", dg."title" AS "dg_title", dg."opensAt" AS "dg_opensAt",
             dg."closesAt" AS "dg_closesAt", dg."instrumentId" AS "dg_instrumentId", dg."definition" AS "dg_definition",
             dg."responseId" AS "dg_responseId", dg."cursor" AS "dg_cursor", dg."completedAt" AS "dg_completedAt", dg."answers" AS "dg_answers"`
      : Prisma.empty;
    const joins = prefetch
      ? Prisma.sql`
      -- The district teacherDistrict() picks: the first active teacher membership, in MEMBERSHIPS_JSON's order.
      LEFT JOIN LATERAL (
        SELECT m."districtId" FROM "Membership" m WHERE m."personId" = p."id" AND m."active" AND m."role" = 'teacher'
        ORDER BY m."createdAt" LIMIT 1
      ) td ON true
      LEFT JOIN LATERAL (${openCampaignSql(Prisma.sql`td."districtId"`, prefetch, Prisma.sql`p."id"`, update.at)}) dg ON true`
      : Prisma.empty;
    const [row] = await this.prisma.$queryRaw<Row[]>`
      WITH claim AS (
        INSERT INTO "ProcessedUpdate" ("channel", "updateKey", "processedAt") VALUES (${update.channel}, ${update.key}, ${update.at})
        ON CONFLICT DO NOTHING
        RETURNING 1
      )
      SELECT (SELECT count(*) FROM claim)::int AS "fresh",
             p."id", p."displayName", p."consentAt", ${MEMBERSHIPS_JSON} AS "memberships",
             a."chatId", a."username", a."firstName", a."lastSeenAt", a."blockedAt"${campaign}
      FROM (SELECT 1) AS one
      LEFT JOIN "Account" a ON a."channel" = ${channel} AND a."externalId" = ${externalId}
      LEFT JOIN "Person" p ON p."id" = a."personId"${joins}`;
    const fresh = Number(row?.fresh ?? 0) === 1;
    if (!row?.id) return { fresh, person: null };
    if (prefetch && fresh && row.teacherDistrictId) {
      const found = row.dg_id
        ? toOpenCampaign(
            Object.fromEntries(Object.entries(row).flatMap(([column, value]) => (column.startsWith("dg_") ? [[column.slice(3), value]] : []))) as unknown as OpenCampaignRow,
            row.id,
          )
        : null;
      this.prefetched.set(row.id, { key: prefetch, districtId: row.teacherDistrictId, at: update.at.getTime(), found });
    }
    return { fresh, person: this.rememberAccount(channel, externalId, row as PersonSqlRow & SeenAccount) };
  }

  async getPerson(personId: string): Promise<PersonView | null> {
    const row = await this.prisma.person.findUnique({ where: { id: personId }, include: personInclude });
    return row ? toPerson(row) : null;
  }

  async touchAccount(account: AccountRef, at: Date): Promise<void> {
    const key = `${account.channel}:${account.externalId}`;
    const seen = this.seenAccounts.get(key);
    this.seenAccounts.delete(key);
    // Last seen to the minute is enough (it picks the account reminders go to): no write per answer.
    if (
      seen &&
      at.getTime() - seen.lastSeenAt.getTime() < LAST_SEEN_RESOLUTION_MS &&
      (!account.chatId || account.chatId === seen.chatId) &&
      (account.username === undefined || account.username === seen.username) &&
      (account.firstName === undefined || account.firstName === seen.firstName) &&
      seen.blockedAt === null
    ) {
      return;
    }
    await this.prisma.account.updateMany({
      where: { channel: account.channel, externalId: account.externalId },
      data: {
        lastSeenAt: at,
        ...(account.chatId ? { chatId: account.chatId } : {}),
        ...(account.username !== undefined ? { username: account.username } : {}),
        ...(account.firstName !== undefined ? { firstName: account.firstName } : {}),
        // They wrote to the bot, so it is not blocked (any more): reminders reach them again.
        blockedAt: null,
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
          if (!(await this.ensureMembership(tx, known, invite))) return "membership_ended" as const;
          return { personId: known, repeated: true };
        }
      }
      if (personId && !(await this.mayRejoin(tx, personId, invite))) return "membership_ended" as const;
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

  /**
   * A membership the district ended comes back only through a personal invite made for this person
   * after it ended, never through a shared link (`--uses 5`, the school's parent link) or an old card.
   */
  private async mayRejoin(
    tx: Pick<PrismaClient, "membership" | "invite">,
    personId: string,
    invite: InviteRecord,
  ): Promise<boolean> {
    const memberships = await tx.membership.findMany({
      where: { personId, role: invite.role, districtId: invite.districtId, schoolId: invite.schoolId },
      select: { active: true, endedAt: true },
    });
    if (!memberships.length || memberships.some((membership) => membership.active)) return true;
    if (invite.personId !== personId) return false;
    const made = await tx.invite.findUnique({ where: { id: invite.id }, select: { createdAt: true } });
    const ended = Math.max(...memberships.map((membership) => membership.endedAt?.getTime() ?? 0));
    return Boolean(made && made.createdAt.getTime() > ended);
  }

  /** False when the membership was ended by the district and this invite may not bring it back. */
  private async ensureMembership(
    tx: Pick<PrismaClient, "membership" | "invite">,
    personId: string,
    invite: InviteRecord,
  ): Promise<boolean> {
    const membership = await tx.membership.findFirst({
      where: { personId, role: invite.role, districtId: invite.districtId, schoolId: invite.schoolId },
    });
    if (!membership) {
      await tx.membership.create({
        data: { personId, role: invite.role, districtId: invite.districtId, schoolId: invite.schoolId },
      });
    } else if (!membership.active) {
      if (!(await this.mayRejoin(tx, personId, invite))) return false;
      await tx.membership.update({ where: { id: membership.id }, data: { active: true, endedAt: null } });
    }
    return true;
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
      await tx.outbox.deleteMany({ where: { personId } });
      // The audit log keeps what was done, without naming the person (#16).
      await eraseAuditActor(tx, personId);
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
    // Open as core/services/survey-ports.ts campaignOpenAt says: not closed from a surface, not a baseline (#13).
    return this.campaignWhere({
      districtId,
      instrument: { key: instrumentKey },
      opensAt: { lte: at },
      closesAt: { gt: at },
      baseline: false,
      OR: [{ closedAt: null }, { closedAt: { gt: at } }],
    });
  }

  findLatestCampaign(districtId: string, instrumentKey: string, at: Date) {
    // A baseline (an imported earlier round) has no member's response: never "the latest" for a person.
    return this.campaignWhere({ districtId, instrument: { key: instrumentKey }, opensAt: { lte: at }, baseline: false });
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
      personId,
      cursor: row.cursor,
      completedAt: row.completedAt,
      answers: intAnswers(row.answers),
    };
  }

  /** One statement: the response row (created on the first answer) and the answer, atomically. */
  async saveAnswer(input: Parameters<Repository["saveAnswer"]>[0]): Promise<void> {
    const at = sqlTimestamp(input.at);
    const completedAt = input.completedAt ? sqlTimestamp(input.completedAt) : null;
    await this.prisma.$executeRaw`
      WITH response AS (
        INSERT INTO "Response" ("id", "campaignId", "personId", "cursor", "startedAt", "updatedAt", "completedAt")
        VALUES (${randomUUID()}, ${input.campaignId}, ${input.personId}, ${input.cursor},
                ${at}::timestamp(3), ${at}::timestamp(3), ${completedAt}::timestamp(3))
        ON CONFLICT ("campaignId", "personId") DO UPDATE SET
          "cursor" = EXCLUDED."cursor",
          "updatedAt" = EXCLUDED."updatedAt",
          "completedAt" = COALESCE(EXCLUDED."completedAt", "Response"."completedAt")
        RETURNING "id"
      )
      INSERT INTO "Answer" ("id", "responseId", "questionId", "value", "answeredAt")
      SELECT ${randomUUID()}, response."id", ${input.questionId}, ${input.value}, ${at}::timestamp(3) FROM response
      ON CONFLICT ("responseId", "questionId") DO UPDATE SET "value" = EXCLUDED."value", "answeredAt" = EXCLUDED."answeredAt",
        "kind" = 'int', "ints" = '{}', "num" = NULL, "text" = NULL`;
  }

  async findOpenCampaignWithResponse(districtId: string, instrumentKey: string, personId: string, at: Date) {
    // Read already with this turn's claim (claimUpdateAndFindPerson with a prefetch): used once.
    const early = this.prefetched.get(personId);
    if (early) {
      this.prefetched.delete(personId);
      if (early.key === instrumentKey && early.districtId === districtId && Math.abs(early.at - at.getTime()) < PREFETCH_WINDOW_MS) return early.found;
    }
    const [row] = await this.prisma.$queryRaw<OpenCampaignRow[]>`
      ${openCampaignSql(Prisma.sql`${districtId}`, instrumentKey, Prisma.sql`${personId}`, at)}`;
    return row ? toOpenCampaign(row, personId) : null;
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
      // Open as campaignOpenAt says: a campaign closed from a surface or a baseline gets no reminders.
      where: { instrument: { key: instrumentKey }, opensAt: { lte: at }, closesAt: { gt: at }, baseline: false, OR: [{ closedAt: null }, { closedAt: { gt: at } }] },
      include: { instrument: true, district: { select: { timezone: true } } },
    });
    return rows.map((row) => ({
      ...toCampaign(row),
      timezone: row.district.timezone,
    }));
  }

  // ---- district: completion and reminders ----
  async unfinishedTeachers(campaignId: string, schoolId?: string) {
    const campaign = await this.prisma.campaign.findUniqueOrThrow({ where: { id: campaignId } });
    const people = await this.prisma.person.findMany({
      where: {
        memberships: {
          some: { districtId: campaign.districtId, role: "teacher", active: true, ...(schoolId ? { schoolId } : { schoolId: { not: null } }) },
        },
        NOT: { responses: { some: { campaignId, completedAt: { not: null } } } },
      },
      select: {
        id: true,
        consentAt: true,
        _count: { select: { accounts: true } },
        accounts: { where: { chatId: { not: null }, blockedAt: null }, orderBy: { lastSeenAt: "desc" }, take: 1 },
        responses: { where: { campaignId }, select: { _count: { select: { answers: true } } } },
      },
    });
    return people.map((person) => {
      const account = person.accounts[0];
      return {
        personId: person.id,
        answered: person.responses[0]?._count.answers ?? 0,
        joined: person._count.accounts > 0,
        consented: person.consentAt !== null,
        account: account?.chatId ? { channel: account.channel as Channel, chatId: account.chatId } : null,
      };
    });
  }

  async teacherStatuses(campaignId: string, districtId: string) {
    const rows = await this.prisma.membership.findMany({
      where: { districtId, role: "teacher", active: true, schoolId: { not: null } },
      select: {
        personId: true,
        schoolId: true,
        person: {
          select: {
            _count: { select: { accounts: true } },
            responses: { where: { campaignId, completedAt: { not: null } }, select: { id: true } },
          },
        },
      },
    });
    return rows.map((row) => ({
      personId: row.personId,
      schoolId: row.schoolId!,
      joined: row.person._count.accounts > 0,
      completed: row.person.responses.length > 0,
    }));
  }
  // ---- end district ----

  async enqueue(messages: OutboxMessage[]): Promise<number> {
    if (!messages.length) return 0;
    // Nothing is queued for an account that blocked the bot (queue helper): it stays so until they write again.
    const blocked = await this.prisma.account.findMany({
      where: { blockedAt: { not: null }, chatId: { in: [...new Set(messages.map((message) => message.chatId))] } },
      select: { channel: true, chatId: true },
    });
    const skip = new Set(blocked.map((account) => `${account.channel}:${account.chatId}`));
    if (skip.size) messages = messages.filter((message) => !skip.has(`${message.channel}:${message.chatId}`));
    if (!messages.length) return 0;
    const result = await this.prisma.outbox.createMany({ data: messages.map(outboxRow), skipDuplicates: true });
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
    return rows.map((row) => intAnswers(row.answers));
  }

  // ---- registry: the operator for the consent text, once-only buttons, the person's own data ----
  async getOperator(districtId: string): Promise<OperatorDetails | null> {
    const row = await this.prisma.district.findUnique({ where: { id: districtId } });
    if (!row?.operatorName || !row.operatorAddress || !row.consentTerm) return null;
    return {
      name: row.operatorName,
      address: row.operatorAddress,
      // Wording the district did not enter is the product's own (core/messages/ru.ts).
      purpose: row.consentPurpose ?? OPERATOR_DEFAULTS.purpose,
      data: row.consentData ?? OPERATOR_DEFAULTS.data,
      actions: row.consentActions ?? OPERATOR_DEFAULTS.actions,
      term: row.consentTerm,
      withdrawal: row.consentWithdrawal ?? OPERATOR_DEFAULTS.withdrawal,
    };
  }

  async setOperator(districtId: string, details: OperatorDetails, at: Date): Promise<void> {
    await this.prisma.district.update({
      where: { id: districtId },
      data: {
        operatorName: details.name,
        operatorAddress: details.address,
        consentPurpose: details.purpose,
        consentData: details.data,
        consentActions: details.actions,
        consentTerm: details.term,
        consentWithdrawal: details.withdrawal,
        operatorSetAt: at,
      },
    });
  }

  async claimOnce(key: string, at: Date): Promise<boolean> {
    const created = await this.prisma.actionClaim.createMany({ data: [{ key, createdAt: at }], skipDuplicates: true });
    // Claims are kept 30 days: a double tap or a stale copy comes within that; the table stays small.
    if (created.count === 1) {
      await this.prisma.actionClaim.deleteMany({ where: { createdAt: { lt: new Date(at.getTime() - 30 * 86_400_000) } } });
    }
    return created.count === 1;
  }

  async personExport(personId: string): Promise<PersonExport | null> {
    const row = await this.prisma.person.findUnique({
      where: { id: personId },
      include: {
        accounts: { orderBy: { createdAt: "asc" } },
        memberships: { orderBy: { createdAt: "asc" }, include: { district: true, school: true } },
        redemptions: { orderBy: { createdAt: "asc" }, include: { invite: { include: { district: true, school: true } } } },
        responses: {
          orderBy: { startedAt: "asc" },
          include: { campaign: { include: { instrument: true } }, answers: { orderBy: { answeredAt: "asc" } } },
        },
        teacherAttributes: true,
        routes: {
          orderBy: { createdAt: "asc" },
          include: { items: { orderBy: { position: "asc" }, select: { id: true, kind: true, title: true, doneAt: true, certificateUrl: true, certificateName: true } } },
        },
      },
    });
    if (!row) return null;
    // Certificate files go through SQL base64: PGlite's driver adapter does not hand bytes columns over.
    const files = new Map(
      (
        await this.prisma.$queryRaw<Array<{ id: string; data: string }>>`
          SELECT i."id", encode(i."certificate", 'base64') AS "data"
          FROM "RouteItem" i JOIN "LearningRoute" r ON r."id" = i."routeId"
          WHERE r."personId" = ${personId} AND i."certificate" IS NOT NULL`
      ).map((file) => [file.id, file.data]),
    );
    const attributes = row.teacherAttributes;
    return {
      person: {
        id: row.id,
        displayName: row.displayName,
        createdAt: row.createdAt,
        consentAt: row.consentAt,
        consentVersion: row.consentVersion,
      },
      accounts: row.accounts.map((account) => ({
        channel: account.channel,
        externalId: account.externalId,
        username: account.username,
        firstName: account.firstName,
        createdAt: account.createdAt,
        lastSeenAt: account.lastSeenAt,
      })),
      memberships: row.memberships.map((membership) => ({
        role: membership.role,
        district: membership.district.name,
        school: membership.school?.name ?? null,
        active: membership.active,
        createdAt: membership.createdAt,
        endedAt: membership.endedAt,
      })),
      invitesUsed: row.redemptions.map((redemption) => ({
        role: redemption.invite.role,
        district: redemption.invite.district.name,
        school: redemption.invite.school?.name ?? null,
        usedAt: redemption.createdAt,
      })),
      responses: row.responses.map((response) => ({
        campaign: response.campaign.title,
        startedAt: response.startedAt,
        completedAt: response.completedAt,
        // Every kind of answer as it is stored (#13): a number, the picks, a text, or null for «затрудняюсь ответить» and a skip.
        answers: response.answers.map((answer) => ({
          questionId: answer.questionId,
          question: parseInstrument(response.campaign.instrument).questions.find((question) => question.id === answer.questionId)?.text ?? null,
          ...exportedAnswer(fromStoredAnswer(answer)),
          answeredAt: answer.answeredAt,
        })),
      })),
      attributes: attributes
        ? {
            serviceYears: attributes.serviceYears,
            category: attributes.category,
            young: attributes.young,
            newlyArrived: attributes.newlyArrived,
            updatedAt: attributes.updatedAt,
          }
        : null,
      routes: row.routes.map((route) => ({
        year: route.year,
        createdAt: route.createdAt,
        items: route.items.map((item) => ({
          kind: item.kind,
          title: item.title,
          doneAt: item.doneAt,
          certificateUrl: item.certificateUrl,
          certificateName: item.certificateName,
          certificateBase64: files.get(item.id) ?? null,
        })),
      })),
    };
  }
  // ---- end registry ----

  // ---- release rules (core/services/aggregates.ts) ----
  async attributedResponses(campaignId: string) {
    // One statement for the whole district (Prisma's nested select would send three).
    const rows = await this.prisma.$queryRaw<Array<{ id: string; schools: unknown; answers: unknown }>>`
      SELECT r."id",
             (SELECT json_agg(rs."schoolId") FROM "ResponseSchool" rs WHERE rs."responseId" = r."id") AS "schools",
             (SELECT json_agg(json_build_array(an."questionId", an."value")) FROM "Answer" an WHERE an."responseId" = r."id" AND an."value" IS NOT NULL) AS "answers"
      FROM "Response" r
      WHERE r."campaignId" = ${campaignId} AND r."completedAt" IS NOT NULL
        AND EXISTS (SELECT 1 FROM "ResponseSchool" rs WHERE rs."responseId" = r."id")`;
    return rows.map((row) => ({
      responseId: row.id,
      schoolIds: jsonValue<string[]>(row.schools) ?? [],
      answers: new Map(jsonValue<Array<[string, number]>>(row.answers) ?? []),
    }));
  }

  async teacherCounts(districtId: string) {
    const rows = await this.prisma.membership.groupBy({
      by: ["schoolId"],
      where: { districtId, role: "teacher", active: true, schoolId: { not: null } },
      _count: { personId: true },
    });
    return new Map(rows.map((row) => [row.schoolId!, row._count.personId]));
  }

  async latestRelease(campaignId: string, scopeKey: string): Promise<StoredRelease | null> {
    const row = await this.prisma.aggregateRelease.findFirst({ where: { campaignId, scopeKey }, orderBy: { seq: "desc" } });
    return row ? { seq: row.seq, respondents: row.respondents, figures: row.figures, releasedAt: row.releasedAt } : null;
  }

  async saveRelease(campaignId: string, scopeKey: string, release: StoredRelease): Promise<boolean> {
    const inserted = await this.prisma.aggregateRelease.createMany({
      data: [{ campaignId, scopeKey, seq: release.seq, respondents: release.respondents, figures: release.figures as object, releasedAt: release.releasedAt }],
      skipDuplicates: true,
    });
    return inserted.count === 1;
  }
  // ---- end release rules ----
}

/** One answer in the person's data export: its kind and its value as stored. */
function exportedAnswer(answer: AnswerValue): { kind: AnswerValue["kind"]; value: number | number[] | string | null } {
  switch (answer.kind) {
    case "int":
    case "number":
    case "text":
      return { kind: answer.kind, value: answer.value };
    case "ints":
      return { kind: answer.kind, value: answer.values };
    default:
      return { kind: answer.kind, value: null };
  }
}

/** Integer answers (Likert, single choice, yes/no) by question; answers of other kinds are left out. */
function intAnswers(rows: ReadonlyArray<{ questionId: string; value: number | null }>): Map<string, number> {
  const answers = new Map<string, number>();
  for (const row of rows) if (row.value !== null) answers.set(row.questionId, row.value);
  return answers;
}

/** An Outbox row of a queued message: buttons go in the payload, a file in its three columns. */
export function outboxRow({ buttons, file, broadcastId, appStart, ...message }: OutboxMessage) {
  return {
    ...message,
    appStart: appStart ?? null,
    broadcastId: broadcastId ?? null,
    ...(buttons?.length ? { payload: { buttons: buttons.map((row) => row.map(({ text, data }) => ({ text, data }))) } } : {}),
    ...(file ? { fileKey: file.key, fileName: file.name, fileMime: file.mimeType } : {}),
  };
}
