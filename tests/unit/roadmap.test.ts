import { describe, expect, it } from "vitest";
import { SEED_002_EVENTS, defaultRoadmapInit, templateDueOn } from "../../core/management/roadmap-template.ts";

describe("roadmap template (seed 002)", () => {
  it("has seed 002's 23 events in its four sections, numbered per section", () => {
    expect(SEED_002_EVENTS.map((event) => event.seedNumber)).toEqual(Array.from({ length: 23 }, (_, i) => i + 1));
    const init = defaultRoadmapInit("district", "Первомайский район", "2026/27");
    expect(init.templateKey).toBe("seed-002");
    expect(init.title).toContain("Первомайский район");
    expect(init.title).toContain("2026/27");
    expect(init.events).toHaveLength(23);
    expect(init.events.filter((event) => event.section === "org_managerial").map((event) => event.number)).toEqual(["1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7"]);
    expect(init.events.filter((event) => event.section === "analytical").map((event) => event.number)).toEqual(["4.1", "4.2", "4.3", "4.4", "4.5", "4.6", "4.7"]);
    expect(init.events[0]).toMatchObject({ resultDocument: "Приказ РУО", executorsText: "РУО", indicator: "Разработана муниципальная программа и «дорожная карта»" });
  });

  it("dates deadlines within the school year", () => {
    const init = defaultRoadmapInit("district", "Район", "2026/27");
    // Item 1: April → 30 April 2027; item 18: December → 31 December 2026; item 13: 21 April 2027.
    expect(init.events[0]!.dueOn.toISOString().slice(0, 10)).toBe("2027-04-30");
    expect(init.events.find((event) => event.title.startsWith("Анализ результатов мониторинга текущей"))!.dueOn.toISOString().slice(0, 10)).toBe("2026-12-31");
    expect(init.events.find((event) => event.title.startsWith("Обучение управленческой"))!.dueOn.toISOString().slice(0, 10)).toBe("2027-04-21");
    expect(templateDueOn("2027/28", 5).toISOString().slice(0, 10)).toBe("2028-02-29");
    expect(templateDueOn("2026/27", 0).toISOString().slice(0, 10)).toBe("2026-09-30");
    expect(() => templateDueOn("2026/28", 0)).toThrow();
  });

  it("gives a school the events whose executors include the school", () => {
    const init = defaultRoadmapInit("school", "МБОУ Первомайская СОШ", "2026/27");
    expect(init.events).toHaveLength(9);
    for (const event of init.events) expect(event.executorsText).toMatch(/ОО|ШНОР/);
    expect(init.events.map((event) => event.number)).toEqual(["1.1", "1.2", "2.1", "3.1", "3.2", "3.3", "3.4", "4.1", "4.2"]);
  });
});
