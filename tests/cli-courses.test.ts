// `courses import` and `courses list` of the admin CLI: a file with problems is refused naming row and
// column and writes nothing; --dry-run writes nothing; a good file replaces the district's catalog.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { coursesContext, coursesImportCommand, coursesListCommand, type CoursesCliContext } from "../cli/routes.ts";
import { createDistrict } from "../prisma/admin.ts";
import type { Database } from "../prisma/db.ts";
import { openTestDatabase } from "./support/db.ts";
import { failure } from "./support/cli.ts";

let db: Database;
let ctx: CoursesCliContext;
let dir: string;

beforeAll(async () => {
  db = await openTestDatabase();
  ctx = await coursesContext(db.prisma);
  await createDistrict(db.prisma, { name: "Первомайский район", timezone: "Asia/Novosibirsk" });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "courses-"));
});
afterAll(async () => {
  await db?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const file = (name: string, text: string) => {
  const target = path.join(dir, name);
  fs.writeFileSync(target, text);
  return target;
};

describe("courses import", () => {
  it("ошибки со строкой и столбцом, ничего не записано", async () => {
    const bad = file("bad.csv", "Название;Организатор;Часы;Компетенции\nКурс;ИРО;0;ОВЗ\n");
    const error = await failure(coursesImportCommand(ctx, { district: "Первомайский район", file: bad }));
    expect(error.message).toMatch(/Каталог не загружен: 1 ошибка/);
    expect(error.detail.lines).toEqual(["  строка 2, столбец «Часы»: «0» — не число часов: нужно целое число от 1 до 2000."]);
    expect(await db.prisma.course.count()).toBe(0);
  });

  it("--dry-run проверяет без записи, затем загрузка и список", async () => {
    const good = file("good.csv", "Название;Организатор;Часы;Компетенции;Даты\nИнклюзия;ЦНППМ;36;ОВЗ;01.03.2026 - 20.03.2026\nУправление ШНОР;ИРО;16;управленческая команда;\n");
    expect(await coursesImportCommand(ctx, { district: "Первомайский район", file: good, dryRun: true })).toEqual([
      "Проверка без записи (--dry-run): курсов 2, ошибок нет. Район «Первомайский район».",
    ]);
    expect(await db.prisma.course.count()).toBe(0);
    expect(await coursesImportCommand(ctx, { district: "Первомайский район", file: good })).toEqual(["Каталог курсов загружен: новых 2, обновлено 0, удалено 0."]);
    const list = await coursesListCommand(ctx, { district: "Первомайский район" });
    expect(list).toContain("Инклюзия — ЦНППМ, 36 ч; disabilities; 2026-03-01 — 2026-03-20");
    const smaller = file("smaller.csv", "Название;Организатор;Компетенции\nИнклюзия;ЦНППМ;ОВЗ\n");
    expect(await coursesImportCommand(ctx, { district: "Первомайский район", file: smaller })).toEqual(["Каталог курсов загружен: новых 0, обновлено 1, удалено 1."]);
  });

  it("неизвестный район", async () => {
    const error = await failure(coursesListCommand(ctx, { district: "Нет такого" }));
    expect(error.kind).toBe("not_found");
  });
});
