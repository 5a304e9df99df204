// A small district for flow and API tests: schools, an open diagnostic campaign, invite codes.
import { randomBytes } from "node:crypto";
import { createDistrict, createSchool, openCampaign } from "../../prisma/admin.ts";
import { PrismaRepository } from "../../prisma/repository.ts";
import type { Database } from "../../prisma/db.ts";
import { createInvite, setDistrictOperator } from "../../core/services/onboarding.ts";
import type { Role } from "../../core/roles.ts";

export const TEST_OPERATOR = {
  name: "Управление образования администрации Тестового муниципального района",
  address: "123456, Тестовая обл., с. Тестовое, ул. Школьная, д. 1",
  term: "до окончания программы поддержки школ, но не дольше 3 лет",
};

export async function makeDistrict(db: Database, options: { schools?: number } = {}) {
  const district = await createDistrict(db.prisma, { name: "Тестовый район", timezone: "Europe/Moscow" });
  const schools = [];
  for (let index = 1; index <= (options.schools ?? 2); index++) {
    schools.push(await createSchool(db.prisma, { districtId: district.id, name: `МБОУ СОШ №${index}`, code: `0${index}` }));
  }
  const now = Date.now();
  const campaign = await openCampaign(db.prisma, {
    districtId: district.id,
    title: "Диагностика дефицитов, февраль",
    opensAt: new Date(now - 86_400_000),
    closesAt: new Date(now + 20 * 86_400_000),
  });
  const repo = new PrismaRepository(db.prisma);
  // No invite is issued before the district names the operator of personal data (152-ФЗ).
  await setDistrictOperator({ repo, clock: { now: () => new Date() } }, null, district.id, TEST_OPERATOR);
  const invite = async (role: Role, schoolId: string | null, maxUses?: number) =>
    (
      await createInvite(
        { repo, clock: { now: () => new Date() }, randomBytes: (size) => randomBytes(size) },
        null,
        { role, districtId: district.id, schoolId, maxUses },
      )
    ).code;
  return { district, schools, campaign, repo, invite };
}
