// The demo's identification files (issue #12): read by the real intake (files/identification) and
// computed by the core with the default methodology, for several seeds: the four clusters, both
// lists, one resilient school, one curator candidate and a listed school proposed for exclusion.
import { describe, expect, it } from "vitest";
import { demoIdentificationFiles, DEMO_SCHOOL_TEMPLATES } from "../../prisma/demo-data.ts";
import { parseDataFile } from "../../files/identification/index.ts";
import { identify } from "../../core/identification/identify.ts";
import { DEFAULT_IDENTIFICATION } from "../../core/identification/methodology.ts";
import { compareWithOfficial } from "../../core/identification/official.ts";
import type { ItemRow, ResultRow, SocialRow } from "../../core/identification/types.ts";

const YEAR = 2026;

async function read(seed: number) {
  const files = demoIdentificationFiles(DEMO_SCHOOL_TEMPLATES, { seed, year: YEAR, documentDate: `${YEAR}-11-15` });
  const parse = async (kind: "results" | "items" | "social", content: Uint8Array) => {
    const parsed = await parseDataFile({ kind, fileName: `${kind}.csv`, content });
    expect(parsed.problems).toEqual([]);
    expect(parsed.shape).toBe("шаблон");
    return parsed.data as { kind: string; rows: unknown[] };
  };
  const results = (await parse("results", files.results)).rows as ResultRow[];
  const items = (await parse("items", files.items)).rows as ItemRow[];
  const social = (await parse("social", files.social)).rows as SocialRow[];
  const { content, ...official } = files.official;
  const list = await parseDataFile({ kind: "official-list", fileName: "list.csv", content, official });
  expect(list.problems).toEqual([]);
  return { files, results, items, social, list: list.data?.kind === "official-list" ? list.data.list : null };
}

function run(data: Awaited<ReturnType<typeof read>>) {
  const curators = DEMO_SCHOOL_TEMPLATES.filter((school) => school.ident.curator);
  return identify(
    {
      year: YEAR,
      results: data.results,
      items: data.items,
      social: data.social,
      schools: DEMO_SCHOOL_TEMPLATES.map((school) => ({ code: school.code, name: school.name })),
      curatorFlags: curators.map((school) => ({ schoolCode: school.code, innovationPlatform: true, headCompetence: true, headMotivation: true })),
    },
    DEFAULT_IDENTIFICATION,
  );
}

const names = (schools: Array<{ schoolName: string }>) => schools.map((school) => school.schoolName).sort();

describe("демо-район: данные выявления", () => {
  it("три года результатов, заданий ВПР и социальных данных по всем 12 школам, детерминированно", async () => {
    const data = await read(2026);
    expect(data.files.years).toEqual([2024, 2025, 2026]);
    expect(new Set(data.results.map((row) => row.schoolCode)).size).toBe(12);
    expect([...new Set(data.results.map((row) => `${row.assessment} ${row.grade}`))].sort()).toEqual(["ВПР 4", "ЕГЭ 11", "ОГЭ 9"]);
    expect([...new Set(data.results.map((row) => row.subject))].sort()).toEqual(["математика", "русский язык"]);
    // ЕГЭ only where there is an 11th grade.
    expect(data.results.some((row) => row.assessment === "ЕГЭ" && row.schoolName.includes("ООШ"))).toBe(false);
    const journal = data.results.filter((row) => row.vprConfirmed != null);
    expect(journal.length).toBeGreaterThan(0);
    expect(journal.length).toBeLessThan(data.results.filter((row) => row.assessment === "ВПР").length);
    expect(data.social).toHaveLength(36);
    expect(data.items.every((row) => row.grade === 4 && row.topic)).toBe(true);
    const again = demoIdentificationFiles(DEMO_SCHOOL_TEMPLATES, { seed: 2026, year: YEAR, documentDate: `${YEAR}-11-15` });
    expect(again.results).toEqual(data.files.results);
    expect(demoIdentificationFiles(DEMO_SCHOOL_TEMPLATES, { seed: 7, year: YEAR, documentDate: `${YEAR}-11-15` }).results).not.toEqual(data.files.results);
  });

  it.each([2026, 1, 7, 11, 42, 123456])("seed %i: все четыре кластера, ШНОР, ШНСУ, резильентная, куратор, исключение; список области расходится в обе стороны", async (seed) => {
    const data = await read(seed);
    const output = run(data);
    expect(output.clusters).toEqual({ failing: 3, effective: 4, deprived: 4, resilient: 1 });
    const schools = output.schools;
    expect(names(schools.filter((school) => school.shnor))).toEqual(["МБОУ «Октябрьская СОШ»", "МБОУ «Черемшанская СОШ»"]);
    expect(names(schools.filter((school) => school.shnsu))).toEqual([
      "МБОУ «Черемшанская СОШ»",
      "МКОУ «Заречная ООШ»",
      "МКОУ «Луговская ООШ»",
      "МКОУ «Ягоднинская ООШ»",
    ]);
    expect(names(schools.filter((school) => school.resilient))).toEqual(["МБОУ «Краснополянская СОШ»"]);
    expect(names(schools.filter((school) => school.curatorCandidate))).toEqual(["МАОУ «Первомайская гимназия»"]);
    expect(names(schools.filter((school) => school.proposeExclusion))).toEqual(["МКОУ «Ягоднинская ООШ»"]);
    // A few tasks are low across the district, with their topics.
    expect(output.districtLowTasks.length).toBeGreaterThanOrEqual(2);
    expect(output.districtLowTasks.length).toBeLessThanOrEqual(5);
    expect(output.districtLowTasks.every((task) => task.topic)).toBe(true);
    expect(output.warnings).toEqual([]);

    const compared = compareWithOfficial(schools, data.list!);
    expect(names(compared.both.map((entry) => ({ schoolName: entry.schoolName })))).toEqual(["МБОУ «Черемшанская СОШ»"]);
    expect(compared.onlyComputed.map((entry) => entry.schoolName)).toEqual(["МБОУ «Октябрьская СОШ»"]);
    expect(compared.onlyOfficial.map((entry) => entry.schoolName)).toEqual(["МКОУ «Луговская ООШ»"]);
  });
});
