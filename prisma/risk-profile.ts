// The risk profile in the database (#13): the district's settings versions (RiskSettingsVersion) and
// each school's yearly snapshot (RiskProfileSnapshot), over core/services/risk-profile-ports.ts.
import type {
  RiskNoticeRecipient,
  RiskProfileRepository,
  RiskSourceCampaign,
  StoredRiskSettings,
  StoredRiskSnapshot,
} from "../core/services/risk-profile-ports.ts";
import type { Channel } from "../core/services/ports.ts";
import type { PrismaClient } from "./db.ts";
// Prisma's P2002, or the driver adapter's own error (PGlite, pg: SQLSTATE 23505), which has no `code`.
import { isUniqueViolation } from "./anonymous.ts";


const snapshotOf = (row: {
  schoolId: string;
  districtId: string;
  year: number;
  settingsVersion: number;
  input: unknown;
  profile: unknown;
  computedAt: Date;
}): StoredRiskSnapshot => ({
  schoolId: row.schoolId,
  districtId: row.districtId,
  year: row.year,
  settingsVersion: row.settingsVersion,
  input: row.input,
  profile: row.profile,
  computedAt: row.computedAt,
});

export class PrismaRiskProfileRepository implements RiskProfileRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async settingsVersions(districtId: string): Promise<StoredRiskSettings[]> {
    const rows = await this.prisma.riskSettingsVersion.findMany({ where: { districtId }, orderBy: { version: "desc" } });
    return rows.map((row) => ({ version: row.version, settings: row.settings, note: row.note, createdById: row.createdById, createdAt: row.createdAt }));
  }

  async addSettingsVersion(input: { districtId: string; version: number; settings: unknown; note: string | null; createdById: string | null; at: Date }): Promise<boolean> {
    try {
      await this.prisma.riskSettingsVersion.create({
        data: {
          districtId: input.districtId,
          version: input.version,
          settings: input.settings as object,
          note: input.note,
          createdById: input.createdById,
          createdAt: input.at,
        },
      });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  async sourceCampaigns(districtId: string, instrumentKeys: readonly string[], from: Date, to: Date): Promise<RiskSourceCampaign[]> {
    const rows = await this.prisma.campaign.findMany({
      where: { districtId, instrument: { key: { in: [...instrumentKeys] } }, opensAt: { gte: from, lt: to } },
      orderBy: [{ opensAt: "desc" }, { createdAt: "desc" }],
      select: { id: true, opensAt: true, baseline: true, instrument: { select: { key: true } } },
    });
    return rows.map((row) => ({ id: row.id, instrumentKey: row.instrument.key, opensAt: row.opensAt, baseline: row.baseline }));
  }

  async saveSnapshot(snapshot: StoredRiskSnapshot): Promise<void> {
    const data = {
      districtId: snapshot.districtId,
      settingsVersion: snapshot.settingsVersion,
      input: snapshot.input as object,
      profile: snapshot.profile as object,
      computedAt: snapshot.computedAt,
    };
    const where = { schoolId_year: { schoolId: snapshot.schoolId, year: snapshot.year } };
    try {
      await this.prisma.riskProfileSnapshot.upsert({ where, create: { schoolId: snapshot.schoolId, year: snapshot.year, ...data }, update: data });
    } catch (error) {
      // Two computations of the same school-year at once (a head and the district open it together): the later wins.
      if (!isUniqueViolation(error)) throw error;
      await this.prisma.riskProfileSnapshot.update({ where, data });
    }
  }

  async schoolSnapshots(schoolId: string): Promise<StoredRiskSnapshot[]> {
    const rows = await this.prisma.riskProfileSnapshot.findMany({ where: { schoolId }, orderBy: { year: "desc" } });
    return rows.map(snapshotOf);
  }

  async districtSnapshots(districtId: string, year: number): Promise<StoredRiskSnapshot[]> {
    const rows = await this.prisma.riskProfileSnapshot.findMany({ where: { districtId, year }, orderBy: { schoolId: "asc" } });
    return rows.map(snapshotOf);
  }

  async snapshotYears(districtId: string): Promise<number[]> {
    const rows = await this.prisma.riskProfileSnapshot.findMany({ where: { districtId }, distinct: ["year"], select: { year: true }, orderBy: { year: "desc" } });
    return rows.map((row) => row.year);
  }

  async cardsAwaitingNotice(instrumentKey: string, since: Date): Promise<Array<{ campaignId: string; schoolId: string; completedAt: Date }>> {
    const campaigns = await this.prisma.campaign.findMany({ where: { instrument: { key: instrumentKey }, closesAt: { gte: since } }, select: { id: true } });
    if (!campaigns.length) return [];
    const responses = await this.prisma.response.findMany({
      where: { campaignId: { in: campaigns.map((campaign) => campaign.id) }, completedAt: { gte: since } },
      select: { campaignId: true, completedAt: true, schools: { select: { schoolId: true } } },
      orderBy: { completedAt: "asc" },
    });
    const latest = new Map<string, { campaignId: string; schoolId: string; completedAt: Date }>();
    for (const response of responses) {
      for (const { schoolId } of response.schools) latest.set(`${response.campaignId}:${schoolId}`, { campaignId: response.campaignId, schoolId, completedAt: response.completedAt! });
    }
    if (!latest.size) return [];
    const queued = await this.prisma.outbox.findMany({
      where: { OR: [...latest.keys()].map((key) => ({ dedupeKey: { startsWith: `risk:card:${key}:` } })) },
      select: { dedupeKey: true },
    });
    const noticed = new Set(queued.map((row) => row.dedupeKey.split(":").slice(2, 4).join(":")));
    return [...latest.entries()].filter(([key]) => !noticed.has(key)).map(([, card]) => card);
  }

  async headRecipients(schoolId: string): Promise<RiskNoticeRecipient[]> {
    const memberships = await this.prisma.membership.findMany({
      where: { schoolId, role: "head", active: true },
      orderBy: { createdAt: "asc" },
      select: { person: { select: { id: true, accounts: { where: { chatId: { not: null }, blockedAt: null }, orderBy: { lastSeenAt: "desc" }, take: 1 } } } },
    });
    const seen = new Set<string>();
    const recipients: RiskNoticeRecipient[] = [];
    for (const membership of memberships) {
      const account = membership.person.accounts[0];
      if (!account?.chatId || seen.has(membership.person.id)) continue;
      seen.add(membership.person.id);
      recipients.push({ personId: membership.person.id, channel: account.channel as Channel, chatId: account.chatId });
    }
    return recipients;
  }
}
