// core/ is pure: methodology, journeys and permissions over plain data. No messenger SDK, UI,
// database or I/O library may be imported there (STYLE.md, issue #7: "core/ imports neither SDK").
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const files = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? files(full) : full.endsWith(".ts") ? [full] : [];
  });

describe("границы ядра", () => {
  // date-fns and @date-fns/tz are pure date arithmetic (time zones of districts), no I/O.
  const allowed = new Set(["zod", "date-fns", "@date-fns/tz"]);
  it("core/ импортирует только свои модули, zod и date-fns", () => {
    const offending: string[] = [];
    for (const file of files("core")) {
      const source = fs.readFileSync(file, "utf8");
      for (const match of source.matchAll(/^\s*(?:import|export)[^'"]*from\s+["']([^"']+)["']/gm)) {
        const target = match[1]!;
        const inside = target.startsWith(".") && path.resolve(path.dirname(file), target).startsWith(path.resolve("core"));
        if (!inside && !allowed.has(target)) offending.push(`${file}: ${target}`);
      }
    }
    expect(offending).toEqual([]);
    expect(files("core").length).toBeGreaterThan(15);
  });
});
