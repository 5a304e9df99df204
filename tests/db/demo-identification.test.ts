// `npm run demo` shows identification (issue #12): the demo district's files go through the real intake,
// one run is stored, the Mini App's use cases see all four clusters and both lists, the region's list
// differs from the computed one both ways, and nothing is queued for anyone (the demo's people have no chat).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../prisma/db.ts";
import { DEMO_OFFICIAL_SOURCE, generateDemoDistrict, type DemoDistrict } from "../../prisma/demo-data.ts";
import { identificationContext } from "../../prisma/identification.ts";
import { dataOverview, getRun, listRuns, officialComparison, schoolCard, type IdentificationContext } from "../../core/services/identification.ts";
import { openTestDatabase } from "../support/db.ts";
import { makeTestApi } from "../support/api.ts";

let db: Database;
let ctx: IdentificationContext;
let demo: DemoDistrict;
const printed: string[] = [];
const now = new Date("2026-11-29T09:00:00Z");

beforeAll(async () => {
  db = await openTestDatabase();
  ctx = identificationContext(db.prisma);
  // Twelve schools (the spread needs them all), the fewest teachers they allow: faster, same identification.
  // Without #13's surveys and profiles (tests/db/demo-instruments.test.ts has them).
  demo = await generateDemoDistrict(db.prisma, { seed: 2026, teachers: 60, now, instruments: false, onProgress: (line) => printed.push(line) });
}, 120_000);
afterAll(async () => {
  await db?.close();
});

describe("демо-район: выявление ШНОР и ШНСУ", () => {
  it("расчёты за прошлый и текущий год: все четыре кластера, ШНОР и ШНСУ, резильентная, куратор, исключение по динамике", async () => {
    expect(demo.identification).toMatchObject({ year: 2026, years: [2024, 2025, 2026], queued: 0 });
    const runs = await listRuns(ctx, null, { districtId: demo.districtId });
    expect(runs.map((run) => run.year).sort()).toEqual([2025, 2026]);
    const run = (await getRun(ctx, null, { districtId: demo.districtId }))!;
    expect(run.runId).toBe(demo.identification!.runId);
    expect(run.year).toBe(2026);
    for (const cluster of ["failing", "effective", "deprived", "resilient"] as const) expect(run.clusters[cluster]).toBeGreaterThan(0);
    expect(run.schools).toHaveLength(12);
    expect(run.schools.every((school) => school.schoolId)).toBe(true);
    const shnor = run.schools.filter((school) => school.shnor);
    const shnsu = run.schools.filter((school) => school.shnsu);
    expect(shnor.length).toBeGreaterThanOrEqual(1);
    expect(shnsu.length).toBeGreaterThanOrEqual(1);
    expect(run.schools.filter((school) => school.resilient).map((school) => school.schoolName)).toEqual(["МБОУ «Краснополянская СОШ»"]);
    expect(run.schools.filter((school) => school.curatorCandidate).map((school) => school.schoolName)).toEqual(["МАОУ «Первомайская гимназия»"]);
    expect(run.schools.filter((school) => school.proposeExclusion).map((school) => school.schoolName)).toEqual(["МКОУ «Ягоднинская ООШ»"]);
    expect(run.districtLowTasks.length).toBeGreaterThan(0);
    expect(run.warnings).toEqual([]);

    // Three years of each kind, for all twelve schools, in the data overview.
    const overview = await dataOverview(ctx, null, { districtId: demo.districtId });
    expect(overview.years).toEqual([2024, 2025, 2026].map((year) => ({ year, results: 12, items: 12, social: 12 })));

    // A head's card says why.
    const listed = shnor[0]!;
    const card = await schoolCard(ctx, null, { schoolId: listed.schoolId });
    expect(card.why.length).toBeGreaterThan(0);
    expect(card.official).toEqual([expect.objectContaining({ kind: "shnor", source: DEMO_OFFICIAL_SOURCE })]);

    const line = printed.find((text) => text.startsWith("Выявление ШНОР и ШНСУ"))!;
    expect(line).toContain("за 2026 год");
    expect(line).toContain("резильентные 1");
  });

  it("список области расходится с расчётным на одну школу в каждую сторону", async () => {
    const compared = await officialComparison(ctx, null, { districtId: demo.districtId, year: 2026, kind: "shnor" });
    expect(compared.list).toMatchObject({ source: DEMO_OFFICIAL_SOURCE, documentDate: "2026-11-15" });
    expect(compared.list!.documentNumber).toMatch(/^01-21\/\d{4}-демо$/);
    expect(compared.both).toHaveLength(1);
    expect(compared.onlyComputed).toHaveLength(1);
    expect(compared.onlyOfficial).toHaveLength(1);
    expect(compared.onlyComputed[0]!.why).toBeTruthy();
    expect(compared.onlyOfficial[0]!.why).toBeTruthy();
  });

  it("Mini App в демо: сотрудник РУО видит расчёт и сравнение со списком, директор школы из ШНОР — свою карточку", async () => {
    const api = makeTestApi(db, { demo: true });
    const as = (personId: string) => ({ headers: { authorization: `demo ${personId}` } });
    const staff = as(demo.districtStaff.personId);
    const page = (await (await api.request(`/api/districts/${demo.districtId}/identification`, staff)).json()) as any;
    expect(page.years).toEqual([2024, 2025, 2026]);
    expect(page.run.schools).toHaveLength(12);
    expect(new Set(page.run.schools.map((school: any) => school.cluster)).size).toBe(4);
    const official = await api.request(`/api/districts/${demo.districtId}/identification/official?year=2026&kind=shnor`, staff);
    expect(official.status).toBe(200);
    const compared = (await official.json()) as any;
    expect([compared.onlyComputed.length, compared.onlyOfficial.length]).toEqual([1, 1]);

    const shnor = page.run.schools.find((school: any) => school.shnor);
    const head = demo.heads.find((entry) => entry.schoolId === shnor.schoolId)!;
    const card = await api.request(`/api/schools/${shnor.schoolId}/card`, as(head.personId));
    expect(card.status).toBe(200);
    expect(((await card.json()) as any).identification.shnor).toBe(true);
  });

  it("ничего никому не отправляется: очередь пуста, у выдуманных людей нет чата", async () => {
    expect(await db.prisma.outbox.count()).toBe(0);
    expect(await db.prisma.account.count({ where: { chatId: { not: null } } })).toBe(0);
  });

  it("без выявления (identification: false) — как раньше: ни данных, ни расчётов", async () => {
    const plain = await generateDemoDistrict(db.prisma, { seed: 3, schools: 3, teachers: 15, identification: false });
    expect(plain.identification).toBeNull();
    expect(await listRuns(ctx, null, { districtId: plain.districtId })).toEqual([]);
  });
});
