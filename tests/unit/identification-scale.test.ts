// A region-sized run (#12 §12): 40 000 schools × 3 years (≈ 1.44 M result rows) through identify() in
// well under the bound a slow shared 2-core machine needs. The figure with the parse ratio is in bench/identification.ts.
import { expect, it } from "vitest";
import { generateIdentificationData } from "../../bench/identification.ts";
import { identify } from "../../core/identification/identify.ts";
import { DEFAULT_IDENTIFICATION } from "../../core/identification/methodology.ts";

it("40 000 школ × 3 года: расчёт укладывается в 20 с, у каждой школы есть кластер и объяснение", () => {
  const input = generateIdentificationData(40_000);
  expect(input.results.length).toBe(40_000 * 3 * 12);
  const started = performance.now();
  const out = identify(input, DEFAULT_IDENTIFICATION);
  const seconds = (performance.now() - started) / 1000;
  console.log(`identify, 40 000 школ × 3 года (${input.results.length} строк результатов): ${seconds.toFixed(2)} с`);
  expect(seconds).toBeLessThan(20);
  expect(out.schools).toHaveLength(40_000);
  expect(Object.values(out.clusters).reduce((a, b) => a + b, 0)).toBe(40_000);
  expect(out.schools.every((s) => s.explanation.checks.length >= 7)).toBe(true);
  // The default rule lists a share of the low-results clusters, not all of them and not none.
  const shnor = out.schools.filter((s) => s.shnor).length;
  expect(shnor).toBeGreaterThan(0);
  expect(shnor).toBeLessThan(out.clusters.failing + out.clusters.deprived);
}, 180_000);
