// Risk-profile test data (#13 §6): campaigns of the profile's four instruments and completed responses written
// straight into the tables (as a baseline import or the survey store leaves them: Response, Answer, ResponseSchool),
// so the profile reads them through the real survey store.
import { builtInInstrument } from "../../core/instruments/catalog.ts";
import { questionType, type Instrument } from "../../core/instruments/schema.ts";
import { RISK_INSTRUMENT_KEYS } from "../../core/risk-profile/sources.ts";
import type { RiskInstrument } from "../../core/risk-profile/catalog.ts";
import { toStoredAnswer, type AnswerValue } from "../../core/survey/answers.ts";
import { ensureInstrument } from "../../prisma/admin.ts";
import type { PrismaClient } from "../../prisma/db.ts";

/** The built-in instrument of a source: the diagnostic's version with the risk questions (2), the others' default. */
export const riskInstrument = (source: RiskInstrument): Instrument =>
  source === "teacher" ? builtInInstrument(RISK_INSTRUMENT_KEYS.teacher, 2)! : builtInInstrument(RISK_INSTRUMENT_KEYS[source])!;

export async function openRiskCampaign(
  prisma: PrismaClient,
  input: { districtId: string; source: RiskInstrument; opensAt: Date; closesAt: Date; baseline?: boolean; title?: string },
): Promise<string> {
  const instrument = riskInstrument(input.source);
  const instrumentId = await ensureInstrument(prisma, instrument);
  const campaign = await prisma.campaign.create({
    data: {
      districtId: input.districtId,
      instrumentId,
      title: input.title ?? instrument.title,
      opensAt: input.opensAt,
      closesAt: input.closesAt,
      baseline: input.baseline ?? false,
      audience: { roles: input.source === "card" ? ["head"] : ["teacher"], schoolIds: null },
      remindEveryDays: 0,
    },
  });
  return campaign.id;
}

/**
 * A full set of answers to every question of the instrument: Likert questions the scale's value at `level`
 * (0 = first), single choices the option at `level` (or the last), yes/no `yes`, numbers a count that keeps every
 * part within its whole (the card's students_total is 200), texts a dash.
 */
export function fullAnswers(instrument: Instrument, options: { level?: number; yes?: boolean; numbers?: Record<string, number> } = {}): Map<string, AnswerValue> {
  const level = options.level ?? 0;
  const answers = new Map<string, AnswerValue>();
  for (const question of instrument.questions) {
    const type = questionType(question);
    if (type === "likert") {
      const scale = instrument.scale;
      answers.set(question.id, { kind: "int", value: scale[Math.min(level, scale.length - 1)]!.value });
    } else if (question.type === "single") {
      answers.set(question.id, { kind: "int", value: question.options[Math.min(level, question.options.length - 1)]!.value });
    } else if (question.type === "multiple") {
      answers.set(question.id, { kind: "ints", values: [question.options[0]!.value] });
    } else if (question.type === "yesno") {
      answers.set(question.id, { kind: "int", value: options.yes === false ? 0 : 1 });
    } else if (question.type === "number") {
      const wanted = options.numbers?.[question.id] ?? (question.id === "students_total" ? 200 : 10);
      answers.set(question.id, { kind: "number", value: Math.min(question.max, Math.max(question.min, wanted)) });
    } else if (question.type === "text") {
      answers.set(question.id, { kind: "text", value: "—" });
    }
  }
  return answers;
}

/** Completed responses (no person: as an import or a class code leaves them) counted for one school. */
export async function addCompletedResponses(
  prisma: PrismaClient,
  input: { campaignId: string; schoolId: string; answers: Array<Map<string, AnswerValue>>; completedAt?: Date; personId?: string },
): Promise<string[]> {
  const ids: string[] = [];
  for (const answers of input.answers) {
    const response = await prisma.response.create({
      data: {
        campaignId: input.campaignId,
        personId: input.personId ?? null,
        source: "import",
        completedAt: input.completedAt ?? new Date(),
        answers: { create: [...answers].map(([questionId, answer]) => ({ questionId, ...toStoredAnswer(answer) })) },
      },
    });
    await prisma.responseSchool.createMany({ data: [{ responseId: response.id, schoolId: input.schoolId }], skipDuplicates: true });
    ids.push(response.id);
  }
  return ids;
}
