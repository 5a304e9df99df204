// Fixtures of the anonymous path (#13): a small parents' questionnaire with every question type, and
// a campaign of it for the schools of a test district (tests/support/district.ts).
import { openCampaign } from "../../prisma/admin.ts";
import type { Database } from "../../prisma/db.ts";
import { InstrumentSchema, type Instrument } from "../../core/instruments/schema.ts";

export const PARENT_TEST_INSTRUMENT: Instrument = InstrumentSchema.parse({
  key: "parent_test",
  version: 1,
  title: "Тестовый опрос родителей",
  status: "draft",
  respondent: "parent",
  intro: "Несколько вопросов о школе вашего ребёнка.",
  scale: [
    { value: 1, label: "Нет" },
    { value: 2, label: "Скорее нет" },
    { value: 3, label: "Скорее да" },
    { value: 4, label: "Да" },
  ],
  areas: [{ id: "school", title: "Школа", advice: "—" }],
  questions: [
    { id: "safe", areaId: "school", text: "Ребёнку безопасно в школе?", unsure: true },
    {
      id: "contact",
      areaId: "school",
      type: "single",
      text: "Как вы узнаёте об успехах ребёнка?",
      options: [
        { value: 1, label: "Электронный дневник" },
        { value: 2, label: "Родительские собрания" },
        { value: 3, label: "Никак" },
      ],
    },
    {
      id: "events",
      areaId: "school",
      type: "multiple",
      text: "В чём вы участвовали в этом году?",
      options: [
        { value: 1, label: "Собрания" },
        { value: 2, label: "Праздники" },
        { value: 3, label: "Субботники" },
      ],
      maxPicks: 3,
    },
    { id: "helped", areaId: "school", type: "yesno", text: "Школа помогала вам советом?" },
    { id: "why_not", areaId: "school", type: "text", text: "Чего не хватило?", maxLength: 200, showIf: { questionId: "helped", yes: false } },
    { id: "hours", areaId: "school", type: "number", text: "Сколько часов в неделю ребёнок делает уроки?", min: 0, max: 40, unit: "ч" },
    { id: "comment", areaId: "school", type: "text", text: "Что ещё сказать школе?", required: false, maxLength: 500 },
  ],
});

export async function openParentCampaign(
  db: Database,
  districtId: string,
  options: { schoolIds?: string[] | null; opensAt?: Date; closesAt?: Date; instrument?: Instrument } = {},
) {
  const now = Date.now();
  return openCampaign(db.prisma, {
    districtId,
    title: "Опрос родителей, весна",
    opensAt: options.opensAt ?? new Date(now - 86_400_000),
    closesAt: options.closesAt ?? new Date(now + 20 * 86_400_000),
    instrument: options.instrument ?? PARENT_TEST_INSTRUMENT,
    audience: { roles: ["parent"], schoolIds: options.schoolIds ?? null },
    remindEveryDays: 0,
  });
}

import { randomBytes } from "node:crypto";
import { issueClassCodes } from "../../core/services/anonymous.ts";
import type { PersonView } from "../../core/services/ports.ts";
import { PrismaRepository } from "../../prisma/repository.ts";
import { surveysContext } from "../../prisma/surveys.ts";

/** District staff of `districtId` as the use cases see them (no account needed). */
export const districtStaff = (districtId: string): PersonView => ({
  id: "staff",
  displayName: "РУО",
  consentAt: new Date(),
  memberships: [
    { id: "m1", role: "district", districtId, schoolId: null, active: true, districtName: "Тестовый район", districtTimezone: "Europe/Moscow", schoolName: null },
  ],
});

/** The school's link and codes per class, issued as the district's staff would. */
export async function issueCodes(db: Database, districtId: string, campaignId: string, schoolId: string, classes: Array<{ label: string; count: number }>) {
  return issueClassCodes(
    { surveys: surveysContext(db.prisma), repo: new PrismaRepository(db.prisma), clock: { now: () => new Date() }, randomBytes: (size) => new Uint8Array(randomBytes(size)) },
    districtStaff(districtId),
    campaignId,
    schoolId,
    classes,
  );
}
