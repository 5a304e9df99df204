// Anonymous respondents (#13) over Prisma: school links (SurveyLink), class codes (ClassCode, only the
// hash), and where a chat or a browser is on the anonymous path (AnonymousSession).
import type {
  AnonymousAudience,
  AnonymousCampaignRef,
  AnonymousRepository,
  AnonymousSessionState,
  ClassCodeCount,
  ClassCodeRecord,
  SurveyLinkRecord,
} from "../core/services/anonymous-ports.ts";
import { z } from "zod";
import { parseAudience } from "../core/services/campaign-audience.ts";
import type { PrismaClient } from "./db.ts";

/** Only who answers, read from a stored definition (the whole instrument is parsed where it is answered). */
const RespondentOnly = z.object({ respondent: z.string().optional() });

/** Prisma's P2002, or the driver adapter's error as PGlite raises it (SQLSTATE 23505). */
export const isUniqueViolation = (error: unknown): boolean => {
  const e = error as { code?: string; cause?: { kind?: string; originalCode?: string }; message?: string } | null;
  return (
    e?.code === "P2002" ||
    e?.cause?.kind === "UniqueConstraintViolation" ||
    e?.cause?.originalCode === "23505" ||
    /duplicate key value violates unique constraint/.test(e?.message ?? "")
  );
};

/**
 * AnonymousSession.classCodeId is unique and holds either a ClassCode id (a cuid) or, while the chat
 * is asked for its code, `link:<token>:<accountKey>` (the account key keeps it unique per chat).
 */
const LINK_MARK = "link:";
const linkState = (token: string, accountKey: string) => `${LINK_MARK}${token}:${accountKey}`;

const asAudience = (value: string): AnonymousAudience => {
  if (value !== "parent" && value !== "student") throw new Error(`stored anonymous audience ${value} is not parent or student`);
  return value;
};

const toLink = (row: { token: string; campaignId: string; schoolId: string; audience: string; createdAt: Date }): SurveyLinkRecord => ({
  token: row.token,
  campaignId: row.campaignId,
  schoolId: row.schoolId,
  audience: asAudience(row.audience),
  createdAt: row.createdAt,
});

const toCode = (row: { id: string; campaignId: string; schoolId: string; classLabel: string; audience: string; usedAt: Date | null }): ClassCodeRecord => ({
  id: row.id,
  campaignId: row.campaignId,
  schoolId: row.schoolId,
  classLabel: row.classLabel,
  audience: asAudience(row.audience),
  usedAt: row.usedAt,
});

export class PrismaAnonymousRepository implements AnonymousRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async anonymousCampaigns(districtIds: readonly string[], at: Date): Promise<AnonymousCampaignRef[]> {
    if (!districtIds.length) return [];
    const rows = await this.prisma.campaign.findMany({
      where: { districtId: { in: [...districtIds] }, baseline: false, closedAt: null, closesAt: { gt: at } },
      select: { id: true, districtId: true, title: true, opensAt: true, closesAt: true, audience: true, instrument: { select: { definition: true } } },
      orderBy: { opensAt: "desc" },
    });
    return rows.flatMap((row) => {
      const respondent = RespondentOnly.safeParse(row.instrument.definition);
      const audience = respondent.success ? respondent.data.respondent : undefined;
      if (audience !== "parent" && audience !== "student") return [];
      const asked = parseAudience(row.audience);
      return [{ id: row.id, districtId: row.districtId, title: row.title, audience, schoolIds: asked.schoolIds, opensAt: row.opensAt, closesAt: row.closesAt }];
    });
  }

  async findLink(token: string) {
    const row = await this.prisma.surveyLink.findUnique({ where: { token } });
    return row ? toLink(row) : null;
  }

  async findLinkFor(campaignId: string, schoolId: string, audience: AnonymousAudience) {
    const row = await this.prisma.surveyLink.findUnique({ where: { campaignId_schoolId_audience: { campaignId, schoolId, audience } } });
    return row ? toLink(row) : null;
  }

  async createLink(link: Omit<SurveyLinkRecord, "createdAt">, at: Date) {
    try {
      return toLink(await this.prisma.surveyLink.create({ data: { ...link, createdAt: at } }));
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // Two presses at once: the first link stays the school's link.
      const existing = await this.findLinkFor(link.campaignId, link.schoolId, link.audience);
      if (!existing) throw error;
      return existing;
    }
  }

  async listLinks(campaignId: string) {
    const rows = await this.prisma.surveyLink.findMany({ where: { campaignId }, orderBy: { createdAt: "asc" } });
    return rows.map(toLink);
  }

  async addClassCodes(
    input: { campaignId: string; schoolId: string; audience: AnonymousAudience; classes: Array<{ classLabel: string; codeHashes: string[] }> },
    at: Date,
  ) {
    const { classes, ...common } = input;
    const data = classes.flatMap(({ classLabel, codeHashes }) => codeHashes.map((codeHash) => ({ ...common, classLabel, codeHash, createdAt: at })));
    // One statement is one transaction: a repeated hash leaves no code of the batch behind.
    const result = await this.prisma.classCode.createMany({ data });
    return result.count;
  }

  async findClassCodeByHash(codeHash: string) {
    const row = await this.prisma.classCode.findUnique({ where: { codeHash } });
    return row ? toCode(row) : null;
  }

  async getClassCode(id: string) {
    const row = await this.prisma.classCode.findUnique({ where: { id } });
    return row ? toCode(row) : null;
  }

  async classCodeCounts(campaignId: string): Promise<ClassCodeCount[]> {
    const issued = await this.prisma.classCode.groupBy({
      by: ["schoolId", "classLabel", "audience"],
      where: { campaignId },
      _count: { _all: true },
    });
    const used = await this.prisma.classCode.groupBy({
      by: ["schoolId", "classLabel", "audience"],
      where: { campaignId, usedAt: { not: null } },
      _count: { _all: true },
    });
    const key = (row: { schoolId: string; classLabel: string; audience: string }) => `${row.schoolId}\u0000${row.audience}\u0000${row.classLabel}`;
    const usedBy = new Map(used.map((row) => [key(row), row._count._all]));
    return issued
      .map((row) => ({
        schoolId: row.schoolId,
        classLabel: row.classLabel,
        audience: asAudience(row.audience),
        issued: row._count._all,
        used: usedBy.get(key(row)) ?? 0,
      }))
      .sort((a, b) => a.schoolId.localeCompare(b.schoolId) || a.classLabel.localeCompare(b.classLabel, "ru", { numeric: true }));
  }

  async getSession(accountKey: string): Promise<AnonymousSessionState | null> {
    const row = await this.prisma.anonymousSession.findUnique({ where: { accountKey } });
    if (!row) return null;
    if (row.classCodeId.startsWith(LINK_MARK)) {
      const token = row.classCodeId.slice(LINK_MARK.length, row.classCodeId.length - accountKey.length - 1);
      return { kind: "link", token, createdAt: row.createdAt };
    }
    return { kind: "code", classCodeId: row.classCodeId, createdAt: row.createdAt };
  }

  async putSession(accountKey: string, state: { kind: "link"; token: string } | { kind: "code"; classCodeId: string }, at: Date) {
    const classCodeId = state.kind === "link" ? linkState(state.token, accountKey) : state.classCodeId;
    await this.prisma.$transaction([
      this.prisma.anonymousSession.deleteMany({ where: { OR: [{ accountKey }, { classCodeId }] } }),
      this.prisma.anonymousSession.create({ data: { accountKey, classCodeId, createdAt: at } }),
    ]);
  }

  async deleteSession(accountKey: string) {
    await this.prisma.anonymousSession.deleteMany({ where: { accountKey } });
  }

  async deleteStaleLinkSessions(before: Date) {
    const result = await this.prisma.anonymousSession.deleteMany({ where: { classCodeId: { startsWith: LINK_MARK }, createdAt: { lt: before } } });
    return result.count;
  }
}
