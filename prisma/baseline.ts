import { randomUUID } from "node:crypto";
import type {
  BaselineCampaign,
  BaselineImportInput,
  BaselineRepository,
  RoundRef,
  StoredInstrument,
} from "../core/services/baseline-ports.ts";
import { builtInInstrument } from "../core/instruments/catalog.ts";
import { InstrumentSchema } from "../core/instruments/schema.ts";
import { toStoredAnswer } from "../core/survey/answers.ts";
import { BUILT_IN_SCOPE, ensureInstrument } from "./admin.ts";
import type { PrismaClient } from "./db.ts";

/** Rows written per statement (answers of a few thousand responses). */
const CHUNK = 1000;

export class PrismaBaselineRepository implements BaselineRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async instrumentFor(districtId: string, key: string, version?: number): Promise<StoredInstrument | null> {
    const builtIn = builtInInstrument(key);
    if (builtIn && (version === undefined || version === builtIn.version)) await ensureInstrument(this.prisma, builtIn);
    const rows = await this.prisma.instrument.findMany({
      where: { key, scope: { in: [BUILT_IN_SCOPE, districtId] }, ...(version !== undefined ? { version } : {}) },
      orderBy: [{ version: "desc" }],
      select: { id: true, scope: true, version: true, definition: true },
    });
    // The district's own version wins over the built-in one of the same number.
    const row = rows.sort((a, b) => b.version - a.version || (a.scope === districtId ? -1 : b.scope === districtId ? 1 : 0))[0];
    if (!row) return null;
    return { id: row.id, instrument: InstrumentSchema.parse(row.definition) };
  }

  async getMapping(districtId: string, instrumentKey: string): Promise<unknown | null> {
    const row = await this.prisma.responseMapping.findUnique({ where: { districtId_instrumentKey: { districtId, instrumentKey } } });
    return row?.mapping ?? null;
  }

  async saveMapping(districtId: string, instrumentKey: string, mapping: object): Promise<void> {
    await this.prisma.responseMapping.upsert({
      where: { districtId_instrumentKey: { districtId, instrumentKey } },
      create: { districtId, instrumentKey, mapping },
      update: { mapping },
    });
  }

  async importRound(input: BaselineImportInput): Promise<{ campaignId: string; responses: number }> {
    return this.prisma.$transaction(
      async (tx) => {
        const campaign = await tx.campaign.create({
          data: {
            districtId: input.districtId,
            instrumentId: input.instrumentId,
            title: input.title,
            opensAt: input.opensAt,
            closesAt: input.closesAt,
            closedAt: input.closesAt,
            baseline: true,
            remindEveryDays: 0,
            // Who answered then; a baseline is never open, so nobody is invited or reminded.
            audience: input.audience,
          },
        });
        const ids = input.responses.map(() => randomUUID().replaceAll("-", ""));
        for (let start = 0; start < input.responses.length; start += CHUNK) {
          const part = input.responses.slice(start, start + CHUNK);
          await tx.response.createMany({
            data: part.map((_, index) => ({
              id: ids[start + index]!,
              campaignId: campaign.id,
              personId: null,
              classCodeId: null,
              source: "import",
              cursor: null,
              startedAt: input.completedAt,
              completedAt: input.completedAt,
            })),
          });
          await tx.responseSchool.createMany({
            data: part.map((response, index) => ({ responseId: ids[start + index]!, schoolId: response.schoolId })),
          });
        }
        const answers = input.responses.flatMap((response, index) =>
          response.answers.map(([questionId, answer]) => ({
            responseId: ids[index]!,
            questionId,
            answeredAt: input.completedAt,
            ...toStoredAnswer(answer),
          })),
        );
        for (let start = 0; start < answers.length; start += CHUNK) {
          await tx.answer.createMany({ data: answers.slice(start, start + CHUNK) });
        }
        await tx.responseMapping.upsert({
          where: { districtId_instrumentKey: { districtId: input.districtId, instrumentKey: input.instrumentKey } },
          create: { districtId: input.districtId, instrumentKey: input.instrumentKey, mapping: input.mapping },
          update: { mapping: input.mapping },
        });
        return { campaignId: campaign.id, responses: input.responses.length };
      },
      { timeout: 120_000, maxWait: 20_000 },
    );
  }

  async listBaselines(districtId: string): Promise<BaselineCampaign[]> {
    const rows = await this.prisma.campaign.findMany({
      where: { districtId, baseline: true },
      orderBy: [{ opensAt: "desc" }, { createdAt: "desc" }],
      include: { instrument: { select: { key: true, version: true } }, _count: { select: { responses: true } } },
    });
    return rows.map((row) => ({
      id: row.id,
      title: row.title,
      instrumentKey: row.instrument.key,
      instrumentVersion: row.instrument.version,
      opensAt: row.opensAt,
      closesAt: row.closesAt,
      createdAt: row.createdAt,
      responses: row._count.responses,
    }));
  }

  async rounds(districtId: string, instrumentKey: string, at: Date): Promise<{ baseline: RoundRef | null; round: RoundRef | null }> {
    const find = (baseline: boolean, after?: Date) =>
      this.prisma.campaign.findFirst({
        where: {
          districtId,
          baseline,
          instrument: { key: instrumentKey },
          opensAt: { lte: at, ...(after ? { gt: after } : {}) },
          // A later round only once it is frozen: closed, or its window over.
          ...(baseline ? {} : { OR: [{ closesAt: { lte: at } }, { closedAt: { lte: at } }] }),
        },
        orderBy: [{ opensAt: "desc" }, { createdAt: "desc" }],
        include: { instrument: { select: { definition: true } } },
      });
    const baseline = await find(true);
    const round = baseline ? await find(false, baseline.opensAt) : null;
    const ref = (row: Awaited<ReturnType<typeof find>>): RoundRef | null =>
      row && {
        id: row.id,
        title: row.title,
        opensAt: row.opensAt,
        closesAt: row.closesAt,
        closedAt: row.closedAt,
        baseline: row.baseline,
        instrument: InstrumentSchema.parse(row.instrument.definition),
      };
    return { baseline: ref(baseline), round: ref(round) };
  }
}
