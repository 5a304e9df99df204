// Moving to PostgreSQL: every row is copied, and a non-empty target is refused.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../prisma/db.ts";
import { copyDatabase, COPY_ORDER } from "../../prisma/db-copy.ts";
import { Prisma } from "../../prisma/generated/client.ts";
import { openTestDatabase } from "../support/db.ts";
import { makeDistrict } from "../support/district.ts";
import { ChatUser, FakeTelegram, makeTestBot } from "../support/telegram.ts";

let source: Database;
let target: Database;
beforeAll(async () => {
  [source, target] = await Promise.all([openTestDatabase(), openTestDatabase()]);
});
afterAll(async () => {
  await source?.close();
  await target?.close();
});

describe("перенос базы", () => {
  it("копирует все таблицы целиком и отказывается писать в непустую базу", async () => {
    const { schools, invite } = await makeDistrict(source);
    const telegram = new FakeTelegram();
    const teacher = new ChatUser(makeTestBot(source, telegram), telegram, 77);
    await teacher.send(`/start ${await invite("teacher", schools[0]!.id)}`);
    await teacher.press("Согласен(на)");
    await teacher.send("/diagnostic");
    await teacher.press("Да");
    // A completed response counts for the school of its author at completion, even after a move.
    const response = await source.prisma.response.findFirstOrThrow();
    await source.prisma.response.update({ where: { id: response.id }, data: { completedAt: new Date() } });
    await source.prisma.membership.updateMany({ where: { personId: response.personId! }, data: { schoolId: schools[1]!.id } });
    await source.prisma.aggregateRelease.create({
      data: { campaignId: response.campaignId, scopeKey: "district:x", seq: 1, respondents: 0, figures: { version: 1, cells: {}, smallSchoolIds: [] } },
    });
    await source.prisma.outbox.create({ data: { dedupeKey: "k", personId: "p", channel: "telegram", chatId: "1", text: "т" } });

    const copied = await copyDatabase(source.prisma, target.prisma);
    for (const model of COPY_ORDER) {
      const count = await (source.prisma as any)[model].count();
      expect(copied[model], model).toBe(count);
      expect(await (target.prisma as any)[model].count(), model).toBe(count);
    }
    expect(copied.answer).toBe(1);
    const answer = await target.prisma.answer.findFirstOrThrow();
    expect(answer.value).toBe(4);
    expect(await target.prisma.responseSchool.findMany({ select: { schoolId: true } })).toEqual([{ schoolId: schools[0]!.id }]);
    await expect(copyDatabase(source.prisma, target.prisma)).rejects.toThrow(/не пуста/);
  });

  it("копирует каждую таблицу схемы: новая модель без места в COPY_ORDER не пройдёт", () => {
    const models = Object.values(Prisma.ModelName).map((name) => name[0]!.toLowerCase() + name.slice(1));
    // Processed update ids and action claims are de-duplication marks of the running process, kept a day.
    const transient = new Set(["processedUpdate", "actionClaim", "channelThrottle", "inboundUpdate"]);
    expect(models.filter((model) => !transient.has(model) && !(COPY_ORDER as readonly string[]).includes(model))).toEqual([]);
  });
});
