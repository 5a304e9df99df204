// The indicators (core/services/indicators.ts): what each share counts, and the release rules on them.
import { describe, expect, it } from "vitest";
import { DEFAULT_METHODOLOGY } from "../../core/methodology/settings.ts";
import { teacherDiagnosticV1 } from "../../core/instruments/teacher-diagnostic.ts";
import { indicatorsView, personFacts, schoolYearOf, schoolYearPeriod } from "../../core/services/indicators.ts";
import type { IndicatorData } from "../../core/services/indicators-ports.ts";

const settings = { ...DEFAULT_METHODOLOGY, minRespondents: 5 };
const answersAll = (value: number) => new Map(teacherDiagnosticV1.questions.map((question) => [question.id, value]));
const YEAR = 2026;
const inYear = new Date("2026-02-10T10:00:00Z");
const lastYear = new Date("2025-02-10T10:00:00Z");

/** School a: 10 teachers; school b: 6; school c: 3 (under the minimum). */
function data(): IndicatorData {
  const teachers = [
    ...Array.from({ length: 10 }, (_, i) => ({ personId: `a${i}`, schoolId: "a" })),
    ...Array.from({ length: 6 }, (_, i) => ({ personId: `b${i}`, schoolId: "b" })),
    ...Array.from({ length: 3 }, (_, i) => ({ personId: `c${i}`, schoolId: "c" })),
  ];
  const diagnostics: IndicatorData["diagnostics"] = [];
  // a0..a7 diagnosed this year; a0..a5 also last year: a0..a3 improved (1 → 3), a4, a5 got worse (3 → 1).
  for (let i = 0; i < 8; i++) diagnostics.push({ personId: `a${i}`, completedAt: inYear, instrument: teacherDiagnosticV1, answers: answersAll(i < 4 ? 3 : 1) });
  for (let i = 0; i < 6; i++) diagnostics.push({ personId: `a${i}`, completedAt: lastYear, instrument: teacherDiagnosticV1, answers: answersAll(i < 4 ? 1 : 3) });
  // b: all six diagnosed last year only.
  for (let i = 0; i < 6; i++) diagnostics.push({ personId: `b${i}`, completedAt: lastYear, instrument: teacherDiagnosticV1, answers: answersAll(2) });
  // c: all diagnosed this year.
  for (let i = 0; i < 3; i++) diagnostics.push({ personId: `c${i}`, completedAt: inYear, instrument: teacherDiagnosticV1, answers: answersAll(2) });
  // Someone who left (no active membership) never counts.
  diagnostics.push({ personId: "gone", completedAt: inYear, instrument: teacherDiagnosticV1, answers: answersAll(2) });
  const routes = [
    ...Array.from({ length: 5 }, (_, i) => ({ personId: `a${i}`, items: 3, coursesDone: i < 2 ? 1 : 0 })),
    { personId: "a9", items: 0, coursesDone: 0 },
    { personId: "gone", items: 4, coursesDone: 4 },
  ];
  return { teachers, diagnostics, routes };
}
const schools = [
  { id: "a", name: "Школа А" },
  { id: "b", name: "Школа Б" },
  { id: "c", name: "Школа В" },
];

describe("indicators", () => {
  it("the school year runs September to August", () => {
    expect(schoolYearOf(new Date("2025-09-01T00:00:00Z"))).toBe(2026);
    expect(schoolYearOf(new Date("2026-08-31T00:00:00Z"))).toBe(2026);
    expect(schoolYearPeriod(2026)).toEqual({ from: new Date("2025-09-01T00:00:00Z"), to: new Date("2026-09-01T00:00:00Z") });
  });

  it("each teacher's facts: diagnosed this year, dynamics over the last two, a route with items, a course done", () => {
    const facts = personFacts(data(), schoolYearPeriod(YEAR), settings);
    expect(facts.get("a0")).toEqual({ diagnosed: true, route: true, courseDone: true, improved: true });
    expect(facts.get("a4")).toEqual({ diagnosed: true, route: true, courseDone: false, improved: false });
    expect(facts.get("a7")).toEqual({ diagnosed: true, route: false, courseDone: false, improved: null });
    expect(facts.get("a9")).toEqual({ diagnosed: false, route: false, courseDone: false, improved: null });
    expect(facts.get("b0")!.diagnosed).toBe(false);
    expect(facts.has("gone")).toBe(false);
    // Last school year's view: a's last-year diagnostics count, this year's are in the future.
    const before = personFacts(data(), schoolYearPeriod(YEAR - 1), settings);
    expect(before.get("b0")!.diagnosed).toBe(true);
    expect(before.get("a0")!.improved).toBeNull();
  });

  it("shares through the release rules: rounded, bounded, hidden under the minimum, suppressed against the district", () => {
    const view = indicatorsView(data(), schools, { districtId: "d", year: YEAR, settings, withTotal: true });
    const a = view.schools.find((school) => school.id === "a")!;
    expect(a.teachers).toBe(10);
    // 8 of 10 diagnosed → 80 %; 5 of 10 with a route; 2 of 10 with a course done.
    expect(a.cells.diagnosed).toEqual({ hidden: false, share: { value: 80, bound: null } });
    expect(a.cells.withRoute).toEqual({ hidden: false, share: { value: 50, bound: null } });
    expect(a.cells.completedCourses).toEqual({ hidden: false, share: { value: 20, bound: null } });
    // 6 diagnosed twice (4 improved): shown over those six.
    expect(a.cells.positiveDynamics).toEqual({ hidden: false, share: { value: 65, bound: null } });
    const b = view.schools.find((school) => school.id === "b")!;
    expect(b.cells.positiveDynamics).toEqual({ hidden: true });
    // Three teachers: every cell hidden, and nothing else said.
    const c = view.schools.find((school) => school.id === "c")!;
    for (const cell of Object.values(c.cells)) expect(cell).toEqual({ hidden: true });
    // The district: 11 of 19 diagnosed. District minus a and b leaves c's three (< 5): one more row hides.
    expect(view.district!.teachers).toBe(19);
    expect(view.district!.cells.diagnosed).toEqual({ hidden: false, share: { value: 60, bound: null } });
    const shownDiagnosed = view.schools.filter((school) => !school.cells.diagnosed.hidden).map((school) => school.id);
    expect(shownDiagnosed).toEqual(["a"]);
    // Nothing of the people in what readers get.
    expect(JSON.stringify(view)).not.toMatch(/"a\d"|gone/);
  });

  it("a head's view (no district total) is not suppressed against it", () => {
    const view = indicatorsView(data(), schools, { districtId: "d", year: YEAR, settings, withTotal: false });
    expect(view.district).toBeNull();
    expect(view.schools.filter((school) => !school.cells.diagnosed.hidden).map((school) => school.id)).toEqual(["a", "b"]);
    // None of six diagnosed this year: a bound, never "0 %".
    expect(view.schools.find((school) => school.id === "b")!.cells.diagnosed).toEqual({ hidden: false, share: { value: 20, bound: "le" } });
  });
});
