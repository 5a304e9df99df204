// The survey store over Prisma (core/services/survey-ports.ts): campaigns of every instrument, one
// response per member or per class code, answers of every kind (core/survey/answers.ts).
import { InstrumentSchema, type Instrument } from "../core/instruments/schema.ts";
import { membershipInAudience, parseAudience } from "../core/services/campaign-audience.ts";
import type { PersonView } from "../core/services/ports.ts";
import type {
  CompletedResponse,
  RespondentRef,
  ResponseSource,
  SaveAnswerInput,
  SurveyCampaign,
  SurveyResponse,
  SurveyStore,
} from "../core/services/survey-ports.ts";
import { fromStoredAnswer, toStoredAnswer, type AnswerValue } from "../core/survey/answers.ts";
import type { PrismaClient } from "./db.ts";

type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

/** Parsed instruments by row id: a stored version never changes, so it is parsed once per process. */
const instruments = new Map<string, Instrument>();
function parseInstrument(row: { id: string; definition: unknown }): Instrument {
  let instrument = instruments.get(row.id);
  if (!instrument) {
    instrument = InstrumentSchema.parse(row.definition);
    instruments.set(row.id, instrument);
  }
  return instrument;
}

interface CampaignRow {
  id: string;
  districtId: string;
  title: string;
  opensAt: Date;
  closesAt: Date;
  closedAt: Date | null;
  baseline: boolean;
  audience: unknown;
  remindEveryDays: number;
  instrument: { id: string; key: string; version: number; definition: unknown };
}

function toCampaign(row: CampaignRow): SurveyCampaign {
  return {
    id: row.id,
    districtId: row.districtId,
    title: row.title,
    opensAt: row.opensAt,
    closesAt: row.closesAt,
    closedAt: row.closedAt,
    baseline: row.baseline,
    instrumentKey: row.instrument.key,
    instrumentVersion: row.instrument.version,
    instrument: parseInstrument(row.instrument),
    audience: parseAudience(row.audience),
    remindEveryDays: row.remindEveryDays,
  };
}

const campaignInclude = { instrument: { select: { id: true, key: true, version: true, definition: true } } } as const;

interface AnswerRow {
  questionId: string;
  kind: string;
  value: number | null;
  ints: number[];
  num: number | null;
  text: string | null;
}
const answerSelect = { questionId: true, kind: true, value: true, ints: true, num: true, text: true } as const;

function toAnswers(rows: readonly AnswerRow[]): Map<string, AnswerValue> {
  return new Map(rows.map((row) => [row.questionId, fromStoredAnswer(row)]));
}

/** The unique key of a respondent's response. */
function responseWhere(campaignId: string, respondent: RespondentRef) {
  return respondent.kind === "person"
    ? { campaignId_personId: { campaignId, personId: respondent.personId } }
    : { classCodeId: respondent.classCodeId };
}

const asSource = (source: string): ResponseSource =>
  source === "app" || source === "web" || source === "import" ? source : "chat";

/** Prisma's P2002, or the driver adapter's error as PGlite raises it (SQLSTATE 23505). */
function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; cause?: { kind?: string; originalCode?: string }; message?: string } | null;
  return (
    e?.code === "P2002" ||
    e?.cause?.kind === "UniqueConstraintViolation" ||
    e?.cause?.originalCode === "23505" ||
    /duplicate key value violates unique constraint/.test(e?.message ?? "")
  );
}

async function retryOnUniqueViolation<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return write();
  }
}

export class PrismaSurveyStore implements SurveyStore {
  constructor(private readonly prisma: PrismaClient) {}

  async getCampaign(campaignId: string): Promise<SurveyCampaign | null> {
    const row = await this.prisma.campaign.findUnique({ where: { id: campaignId }, include: campaignInclude });
    return row ? toCampaign(row) : null;
  }

  async openCampaignsFor(person: PersonView, at: Date): Promise<SurveyCampaign[]> {
    const memberships = person.memberships.filter((membership) => membership.active);
    const districtIds = [...new Set(memberships.map((membership) => membership.districtId))];
    if (!districtIds.length) return [];
    const rows = await this.prisma.campaign.findMany({
      where: {
        districtId: { in: districtIds },
        baseline: false,
        opensAt: { lte: at },
        closesAt: { gt: at },
        OR: [{ closedAt: null }, { closedAt: { gt: at } }],
      },
      include: campaignInclude,
      orderBy: [{ opensAt: "desc" }, { createdAt: "desc" }],
    });
    return rows
      .map(toCampaign)
      .filter((campaign) => memberships.some((membership) => membershipInAudience(campaign.audience, campaign.districtId, membership)));
  }

  async getResponse(campaignId: string, respondent: RespondentRef): Promise<SurveyResponse | null> {
    const row = await this.prisma.response.findUnique({
      where: responseWhere(campaignId, respondent),
      include: { answers: { select: answerSelect } },
    });
    // A class code's response belongs to the campaign the code was issued for: never another's.
    if (!row || row.campaignId !== campaignId) return null;
    return {
      id: row.id,
      campaignId: row.campaignId,
      respondent,
      cursor: row.cursor,
      completedAt: row.completedAt,
      source: asSource(row.source),
      answers: toAnswers(row.answers),
      updatedAt: row.updatedAt,
    };
  }

  async saveAnswer(input: SaveAnswerInput): Promise<void> {
    // Two first answers at once (the chat and the Mini App) both try to create the response: the
    // loser sees the unique key taken and goes again, now updating the winner's row.
    await retryOnUniqueViolation(() => this.saveOnce(input));
  }

  private async saveOnce(input: SaveAnswerInput): Promise<void> {
    const stored = toStoredAnswer(input.answer);
    await this.prisma.$transaction(async (tx) => {
      const existing = await tx.response.findUnique({
        where: responseWhere(input.campaignId, input.respondent),
        select: { id: true, campaignId: true, completedAt: true, _count: { select: { answers: true } } },
      });
      if (existing && existing.campaignId !== input.campaignId) throw new Error("class code answered in another campaign");
      const completedAt = existing?.completedAt ?? input.completedAt;
      const response = existing
        ? await tx.response.update({
            where: { id: existing.id },
            // updatedAt is the time of the write (Prisma's @updatedAt): which survey was touched last.
            // A response made by a move (setCursor) takes the source of its first answer.
            data: { cursor: input.cursor, completedAt, ...(existing._count.answers === 0 ? { source: input.source } : {}) },
            select: { id: true },
          })
        : await tx.response.create({
            data: {
              campaignId: input.campaignId,
              ...(input.respondent.kind === "person" ? { personId: input.respondent.personId } : { classCodeId: input.respondent.classCodeId }),
              source: input.source,
              cursor: input.cursor,
              startedAt: input.at,
              completedAt,
            },
            select: { id: true },
          });
      await tx.answer.upsert({
        where: { responseId_questionId: { responseId: response.id, questionId: input.questionId } },
        create: { responseId: response.id, questionId: input.questionId, ...stored, answeredAt: input.at },
        update: { ...stored, answeredAt: input.at },
      });
      if (completedAt && !existing?.completedAt) await this.completed(tx, response.id, input);
    });
  }

  /** The response has just become complete: the schools it counts for; a class code is used up. */
  private async completed(tx: Tx, responseId: string, input: SaveAnswerInput): Promise<void> {
    if (input.schoolIds.length) {
      await tx.responseSchool.createMany({
        data: [...new Set(input.schoolIds)].map((schoolId) => ({ responseId, schoolId })),
        skipDuplicates: true,
      });
    }
    if (input.respondent.kind === "code") {
      await tx.classCode.update({ where: { id: input.respondent.classCodeId }, data: { usedAt: input.at } });
      await tx.anonymousSession.deleteMany({ where: { classCodeId: input.respondent.classCodeId } });
    }
  }

  async setCursor(campaignId: string, respondent: RespondentRef, cursor: string | null): Promise<void> {
    // Created when needed (picks staged before the first answer must survive a restart).
    await retryOnUniqueViolation(() => this.prisma.response.upsert({
      where: responseWhere(campaignId, respondent),
      create: {
        campaignId,
        ...(respondent.kind === "person" ? { personId: respondent.personId } : { classCodeId: respondent.classCodeId }),
        cursor,
      },
      update: { cursor },
    }));
  }

  async completedResponses(campaignId: string, schoolId?: string): Promise<CompletedResponse[]> {
    const rows = await this.prisma.response.findMany({
      where: { campaignId, completedAt: { not: null }, ...(schoolId ? { schools: { some: { schoolId } } } : {}) },
      select: { id: true, completedAt: true, schools: { select: { schoolId: true } }, answers: { select: answerSelect } },
      orderBy: { completedAt: "asc" },
    });
    return rows.map((row) => ({
      responseId: row.id,
      schoolIds: row.schools.map((school) => school.schoolId),
      completedAt: row.completedAt!,
      answers: toAnswers(row.answers),
    }));
  }
}
