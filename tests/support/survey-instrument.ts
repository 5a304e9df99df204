// A test instrument with every question type, branching, «затрудняюсь ответить», help and an
// optional question (H1's survey store and chat runner tests), and a campaign on it.
import { InstrumentSchema, type Instrument } from "../../core/instruments/schema.ts";
import type { CampaignAudience } from "../../core/services/campaign-audience.ts";
import { ensureInstrument } from "../../prisma/admin.ts";
import type { PrismaClient } from "../../prisma/db.ts";

export const everyTypeInstrument: Instrument = InstrumentSchema.parse({
  key: "h1_every_type",
  version: 1,
  title: "Проверочная анкета",
  status: "approved",
  respondent: "teacher",
  intro: "Проверочная анкета: все виды вопросов.",
  scale: [
    { value: 1, label: "Нет" },
    { value: 2, label: "Скорее нет" },
    { value: 3, label: "Скорее да" },
    { value: 4, label: "Да" },
  ],
  areas: [
    { id: "about", title: "О вас", advice: "—" },
    { id: "work", title: "Работа", advice: "—" },
  ],
  questions: [
    {
      id: "q_role",
      areaId: "about",
      type: "single",
      text: "Кем вы работаете?",
      help: "Основная должность",
      unsure: true,
      options: [
        { value: 1, label: "Учитель-предметник" },
        { value: 2, label: "Классный руководитель" },
        { value: 3, label: "Другое" },
      ],
    },
    { id: "q_other", areaId: "about", type: "text", text: "Напишите вашу должность", maxLength: 40, showIf: { questionId: "q_role", values: [3] } },
    { id: "q_likert", areaId: "work", text: "Мне хватает времени на подготовку", unsure: true },
    { id: "q_yes", areaId: "work", type: "yesno", text: "Есть ли у вас классное руководство?" },
    { id: "q_count", areaId: "work", type: "number", text: "Сколько учеников в классе?", min: 1, max: 40, unit: "чел.", showIf: { questionId: "q_yes", yes: true } },
    {
      id: "q_multi",
      areaId: "work",
      type: "multiple",
      text: "Что мешает работе?",
      minPicks: 1,
      maxPicks: 2,
      options: [
        { value: 1, label: "Нагрузка" },
        { value: 2, label: "Отчёты" },
        { value: 3, label: "Оборудование" },
        { value: 4, label: "Другое" },
      ],
    },
    { id: "q_hours", areaId: "work", type: "number", text: "Сколько часов в неделю уходит на отчёты?", min: 0, max: 40, integer: false },
    { id: "q_note", areaId: "work", type: "text", text: "Что ещё вы хотите сказать?", required: false, maxLength: 300 },
  ],
});

/** An open campaign on the instrument (stored as the district's own) for `audience` (default: teachers of every school). */
export async function openSurveyCampaign(
  prisma: PrismaClient,
  districtId: string,
  options: { audience?: CampaignAudience; instrument?: Instrument; opensAt?: Date; closesAt?: Date; closedAt?: Date | null; baseline?: boolean; title?: string } = {},
) {
  const instrument = options.instrument ?? everyTypeInstrument;
  const instrumentId = await ensureInstrument(prisma, instrument, districtId);
  const now = Date.now();
  return prisma.campaign.create({
    data: {
      districtId,
      instrumentId,
      title: options.title ?? "Проверочная анкета, ноябрь",
      opensAt: options.opensAt ?? new Date(now - 86_400_000),
      closesAt: options.closesAt ?? new Date(now + 20 * 86_400_000),
      closedAt: options.closedAt ?? null,
      baseline: options.baseline ?? false,
      audience: (options.audience ?? { roles: ["teacher"], schoolIds: null }) as object,
    },
  });
}
