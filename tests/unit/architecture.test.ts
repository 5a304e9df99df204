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

// ---- admin: use cases in core/services, the CLI a shell over them (#10 §4) ----
const importsOf = (file: string) =>
  [...fs.readFileSync(file, "utf8").matchAll(/^\s*(?:import|export)[^'"]*from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/gm)].map(
    (match) => path.resolve(path.dirname(file), match[1] ?? match[2]!),
  );

describe("границы администрирования", () => {
  it("в cli/ нет ни одного запроса Prisma: только разбор параметров, печать и файлы", () => {
    const query = /\b(?:prisma|tx)\s*\.\s*(?:\$transaction|\$queryRaw|\$executeRaw|\w+\s*\.\s*(?:find\w*|create\w*|update\w*|upsert|delete\w*|count|aggregate|groupBy)\s*\()/;
    const offending = files("cli").filter((file) => query.test(fs.readFileSync(file, "utf8")) || importsOf(file).some((target) => target.includes(`${path.sep}generated${path.sep}`)));
    expect(offending).toEqual([]);
    expect(files("cli").length).toBeGreaterThan(2);
  });

  it("server/ ничего не импортирует из cli/", () => {
    const cli = path.resolve("cli") + path.sep;
    const offending = files("server").flatMap((file) => importsOf(file).filter((target) => target.startsWith(cli)).map((target) => `${file}: ${target}`));
    expect(offending).toEqual([]);
  });

  it("сценарии администрирования в core/services не знают ни базы, ни файлов, ни процесса", () => {
    const services = ["admin", "admin-ports", "admin-commands", "districts", "invites", "members", "campaigns", "staff-import", "instruments"];
    for (const name of services) {
      const source = fs.readFileSync(path.join("core", "services", `${name}.ts`), "utf8");
      expect(source, name).not.toMatch(/from\s+["'](?:node:|\.\.\/\.\.\/prisma|exceljs|hono)/);
      expect(source, name).not.toMatch(/\bprocess\./);
    }
  });
});
