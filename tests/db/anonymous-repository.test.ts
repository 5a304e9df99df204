import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PrismaAnonymousRepository } from "../../prisma/anonymous.ts";
import type { Database } from "../../prisma/db.ts";
import { openTestDatabase } from "../support/db.ts";
import { makeDistrict } from "../support/district.ts";
import { openParentCampaign } from "../support/anonymous.ts";

describe("хранилище анонимных ответов (ссылки, коды классов, сессии)", () => {
  let db: Database;
  let repo: PrismaAnonymousRepository;
  let ids: { campaignId: string; school1: string; school2: string };
  const at = new Date("2026-03-01T10:00:00Z");

  beforeEach(async () => {
    db = await openTestDatabase();
    repo = new PrismaAnonymousRepository(db.prisma);
    const { district, schools } = await makeDistrict(db);
    const campaign = await openParentCampaign(db, district.id);
    ids = { campaignId: campaign.id, school1: schools[0]!.id, school2: schools[1]!.id };
  });
  afterEach(async () => db.close());

  it("одна ссылка на школу, кампанию и аудиторию: повторное создание возвращает первую", async () => {
    const first = await repo.createLink({ token: "aaaaaaaaaaaaaaaa", campaignId: ids.campaignId, schoolId: ids.school1, audience: "parent" }, at);
    const second = await repo.createLink({ token: "bbbbbbbbbbbbbbbb", campaignId: ids.campaignId, schoolId: ids.school1, audience: "parent" }, at);
    expect(second.token).toBe(first.token);
    expect(await repo.findLink("bbbbbbbbbbbbbbbb")).toBeNull();
    expect((await repo.findLinkFor(ids.campaignId, ids.school1, "parent"))?.token).toBe("aaaaaaaaaaaaaaaa");
    expect(await repo.listLinks(ids.campaignId)).toHaveLength(1);
  });

  it("коды всего листа записываются вместе или никакие; счётчики выдано/использовано по классам", async () => {
    const count = await repo.addClassCodes(
      { campaignId: ids.campaignId, schoolId: ids.school1, audience: "parent", classes: [{ classLabel: "5А", codeHashes: ["h1", "h2"] }, { classLabel: "6Б", codeHashes: ["h3"] }] },
      at,
    );
    expect(count).toBe(3);
    await expect(
      repo.addClassCodes({ campaignId: ids.campaignId, schoolId: ids.school2, audience: "parent", classes: [{ classLabel: "7В", codeHashes: ["h4", "h1"] }] }, at),
    ).rejects.toThrow();
    expect(await repo.findClassCodeByHash("h4")).toBeNull();
    const code = (await repo.findClassCodeByHash("h2"))!;
    expect(code).toMatchObject({ campaignId: ids.campaignId, schoolId: ids.school1, classLabel: "5А", audience: "parent", usedAt: null });
    await db.prisma.classCode.update({ where: { id: code.id }, data: { usedAt: at } });
    expect(await repo.classCodeCounts(ids.campaignId)).toEqual([
      { schoolId: ids.school1, classLabel: "5А", audience: "parent", issued: 2, used: 1 },
      { schoolId: ids.school1, classLabel: "6Б", audience: "parent", issued: 1, used: 0 },
    ]);
  });

  it("сессия: ожидание кода по ссылке, затем код; код — только у одной сессии; устаревшие ожидания удаляются", async () => {
    await repo.addClassCodes({ campaignId: ids.campaignId, schoolId: ids.school1, audience: "parent", classes: [{ classLabel: "5А", codeHashes: ["h1"] }] }, at);
    const code = (await repo.findClassCodeByHash("h1"))!;
    await repo.putSession("k1", { kind: "link", token: "aaaaaaaaaaaaaaaa" }, at);
    await repo.putSession("k2", { kind: "link", token: "aaaaaaaaaaaaaaaa" }, new Date(at.getTime() + 5000));
    expect(await repo.getSession("k1")).toEqual({ kind: "link", token: "aaaaaaaaaaaaaaaa", createdAt: at });
    await repo.putSession("k1", { kind: "code", classCodeId: code.id }, at);
    expect(await repo.getSession("k1")).toMatchObject({ kind: "code", classCodeId: code.id });
    // The same code typed in another chat: that chat continues, the first one no longer answers with it.
    await repo.putSession("k2", { kind: "code", classCodeId: code.id }, at);
    expect(await repo.getSession("k1")).toBeNull();
    expect(await repo.getSession("k2")).toMatchObject({ kind: "code", classCodeId: code.id });
    await repo.putSession("k3", { kind: "link", token: "aaaaaaaaaaaaaaaa" }, at);
    expect(await repo.deleteStaleLinkSessions(new Date(at.getTime() + 1))).toBe(1);
    expect(await repo.getSession("k3")).toBeNull();
    await repo.deleteSession("k2");
    expect(await db.prisma.anonymousSession.count()).toBe(0);
  });
});
