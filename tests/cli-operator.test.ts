// `district operator`: the district enters the operator of personal data; until then the bot issues
// no invite (issue #11 §4). The Mini App route for district staff is in tests/api/operator.test.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as cli from "../cli/commands.ts";
import { cliContext, type CliContext } from "../cli/commands.ts";
import { createInvite } from "../core/services/onboarding.ts";
import type { Database } from "../prisma/db.ts";
import { failure } from "./support/cli.ts";
import { openTestDatabase } from "./support/db.ts";
import { generateDemoDistrict } from "../prisma/demo-data.ts";

let db: Database;
let ctx: CliContext;
beforeAll(async () => {
  db = await openTestDatabase();
  ctx = cliContext(db.prisma);
});
afterAll(async () => {
  await db?.close();
});

describe("district operator", () => {
  it("сохраняет оператора; до этого приглашение не выдаётся, после — выдаётся", async () => {
    const district = await cli.districtCreate(ctx, { name: "Район оператора" });
    const invite = () => createInvite(ctx, null, { role: "district", districtId: district.id, schoolId: null });
    await expect(invite()).rejects.toMatchObject({ code: "operator_missing" });

    const result = await cli.districtOperator(ctx, {
      district: "Район оператора",
      name: "Управление образования администрации Оператора района",
      address: "000000, с. Оператор, ул. Ленина, 1",
      term: "3 года",
    });
    expect(result.operator).toMatchObject({ name: "Управление образования администрации Оператора района", term: "3 года" });
    expect(result.operator.purpose).toMatch(/мониторинг профессиональных дефицитов/);
    expect(await ctx.repo.getOperator(district.id)).toEqual(result.operator);
    expect((await invite()).role).toBe("district");
  });

  it("без адреса или срока отказывает по-русски с названием ключа", async () => {
    await cli.districtCreate(ctx, { name: "Район без адреса" });
    const error = await failure(cli.districtOperator(ctx, { district: "Район без адреса", name: "Управление" }));
    expect(error.message).toMatch(/--address: не указан\(о\) адрес оператора/);
    expect(error.message).toMatch(/--term: не указан\(о\) срок обработки/);
  });

  it("в демо оператор указан (помечен как демонстрация), и незаполненные формулировки — продукта, а не пустые", async () => {
    const demo = await generateDemoDistrict(db.prisma, { seed: 11, schools: 3, teachers: 15, instruments: false });
    const operator = await ctx.repo.getOperator(demo.districtId);
    expect(operator?.name).toMatch(/демонстрационный район/);
    expect(operator?.purpose).toMatch(/мониторинг профессиональных дефицитов/);
    expect(operator?.withdrawal).toMatch(/\/deletedata/);
    expect((await createInvite(ctx, null, { role: "district", districtId: demo.districtId, schoolId: null })).role).toBe("district");
  });
});
