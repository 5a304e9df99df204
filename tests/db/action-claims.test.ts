// Once-only buttons (issue #10 §6 "side effects repeat"): a key is claimed once; old claims are pruned.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../prisma/db.ts";
import { PrismaRepository } from "../../prisma/repository.ts";
import { openTestDatabase } from "../support/db.ts";

let db: Database;
let repo: PrismaRepository;
beforeAll(async () => {
  db = await openTestDatabase();
  repo = new PrismaRepository(db.prisma);
});
afterAll(async () => {
  await db?.close();
});

describe("claimOnce", () => {
  it("первое нажатие проходит, повторные — нет, в том числе одновременные", async () => {
    const at = new Date("2026-11-29T10:00:00Z");
    const results = await Promise.all([repo.claimOnce("telegram:1:abc", at), repo.claimOnce("telegram:1:abc", at)]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await repo.claimOnce("telegram:1:abc", at)).toBe(false);
    expect(await repo.claimOnce("max:1:abc", at)).toBe(true);
  });

  it("отметки старше 30 дней удаляются при следующем нажатии", async () => {
    await repo.claimOnce("telegram:2:old", new Date("2026-09-01T00:00:00Z"));
    await repo.claimOnce("telegram:2:new", new Date("2026-11-29T00:00:00Z"));
    expect(await db.prisma.actionClaim.count({ where: { key: "telegram:2:old" } })).toBe(0);
    expect(await db.prisma.actionClaim.count({ where: { key: "telegram:2:new" } })).toBe(1);
  });
});
