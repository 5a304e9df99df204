// `baseline import|list|mapping` of the admin CLI (#13 §8), as command functions on PGlite: the dry run
// prints what would be imported and writes nothing, problems name row and column, the mapping file is
// saved and used, the import lands in a closed baseline campaign without the people's columns.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baselineDeps, baselineImportCommand, baselineListCommand, baselineMappingSet, baselineMappingShow } from "../cli/baseline.ts";
import type { BaselineDeps } from "../core/services/baseline.ts";
import { createDistrict, createSchool } from "../prisma/admin.ts";
import type { Database } from "../prisma/db.ts";
import { openTestDatabase } from "./support/db.ts";
import { failure } from "./support/cli.ts";

let db: Database;
let deps: BaselineDeps;
let dir: string;
const DISTRICT = "Район базового замера";

/** A Yandex Forms export of a parents' survey against our own test instrument: one school for the file. */
const HEADER = "ID,Время создания,Имя,Email,Как часто вы бываете в школе?,Вы довольны школой?";
const ROWS = ["1,2025-04-01 09:00:00,Анна,anna@example.ru,Раз в месяц,Да", "2,2025-04-02 18:30:00,Борис,boris@example.ru,Редко,Нет", "3,2025-04-03 12:00:00,Вера,vera@example.ru,Раз в неделю,Да"];

beforeAll(async () => {
  db = await openTestDatabase();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "baseline-cli-"));
  const district = await createDistrict(db.prisma, { name: DISTRICT, timezone: "Europe/Moscow" });
  await createSchool(db.prisma, { districtId: district.id, name: "МБОУ СОШ № 7", code: "07" });
  // The district's own parent survey (built-in ones come from another helper): stored as the district's version.
  const { ensureInstrument } = await import("../prisma/admin.ts");
  const { InstrumentSchema } = await import("../core/instruments/schema.ts");
  await ensureInstrument(
    db.prisma,
    InstrumentSchema.parse({
      key: "parent_survey",
      version: 90,
      title: "Анкета родителей (тест)",
      status: "approved",
      respondent: "parent",
      intro: "Тест.",
      scale: [
        { value: 1, label: "Нет" },
        { value: 2, label: "Да" },
      ],
      areas: [{ id: "school", title: "Школа", advice: "—" }],
      questions: [
        {
          id: "visits",
          areaId: "school",
          type: "single",
          text: "Как часто вы бываете в школе?",
          options: [
            { value: 1, label: "Редко" },
            { value: 2, label: "Раз в месяц" },
            { value: 3, label: "Раз в неделю" },
          ],
        },
        { id: "satisfied", areaId: "school", type: "yesno", text: "Вы довольны школой?" },
      ],
    }),
    district.id,
  );
  deps = await baselineDeps(db.prisma);
}, 60_000);
afterAll(async () => {
  await db?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const write = (name: string, text: string) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
};

describe("baseline в CLI", () => {
  it("--dry-run: печатает, что будет импортировано, и ничего не пишет", async () => {
    const file = write("ответы.csv", [HEADER, ...ROWS].join("\n"));
    const lines = await baselineImportCommand(deps, { district: DISTRICT, instrument: "parent_survey", file, school: "07", dryRun: true });
    const text = lines.join("\n");
    expect(text).toContain("К импорту: 3 ответа, 1 школа; не сохраняются 2 столбца");
    expect(text).toContain("C. Имя: НЕ СОХРАНЯЕТСЯ");
    expect(text).toContain("D. Email: НЕ СОХРАНЯЕТСЯ");
    expect(text).toContain("Даты проведения: 2025-04-01 — 2025-04-03");
    expect(text).not.toContain("anna@example.ru");
    expect(await db.prisma.campaign.count()).toBe(0);
    expect(await db.prisma.response.count()).toBe(0);
  });

  it("проблема со строкой и столбцом; импорт отклонён; сопоставление из файла её снимает", async () => {
    const file = write("ответы2.csv", [HEADER, ...ROWS, "4,2025-04-03 13:00:00,Галина,g@example.ru,Никогда,Да"].join("\n"));
    const error = await failure(baselineImportCommand(deps, { district: DISTRICT, instrument: "parent_survey", file, school: "07" }));
    expect(error.message).toMatch(/не импортирован: 1 проблема/);
    expect(error.detail.lines!.join("\n")).toContain("Строка 5, столбец «Как часто вы бываете в школе?»: ответ «Никогда» не найден");
    expect(await db.prisma.response.count()).toBe(0);

    const mapping = write("m.json", JSON.stringify({ answers: { visits: { никогда: 1 } } }));
    expect(await baselineMappingSet(deps, { district: DISTRICT, instrument: "parent_survey", file: mapping })).toEqual([
      `Сопоставление анкеты parent_survey сохранено для района «${DISTRICT}».`,
    ]);
    expect(JSON.parse(await baselineMappingShow(deps, { district: DISTRICT, instrument: "parent_survey" })).answers).toEqual({ visits: { никогда: 1 } });

    const lines = await baselineImportCommand(deps, { district: DISTRICT, instrument: "parent_survey", file, school: "07", title: "Родители, весна 2025" });
    expect(lines[0]).toBe("Импортировано 4 ответа в закрытую кампанию «Родители, весна 2025». Столбцы с данными о людях не сохранены.");
    const answers = await db.prisma.answer.findMany({ where: { questionId: "visits" }, orderBy: { value: "asc" } });
    expect(answers.map((answer) => answer.value)).toEqual([1, 1, 2, 3]);
    expect((await baselineListCommand(deps, { district: DISTRICT }))[0]).toMatch(/parent_survey v90 {2}2025-04-01 — 2025-04-03 {2}ответов: 4 {2}«Родители, весна 2025»/);
  });

  it("окно в будущем и неизвестная анкета — отказ с понятной причиной", async () => {
    const file = write("ответы3.csv", [HEADER, ...ROWS].join("\n"));
    const future = await failure(baselineImportCommand(deps, { district: DISTRICT, instrument: "parent_survey", file, school: "07", from: "2025-04-01", to: "2099-01-01" }));
    expect(future.detail.lines!.join("\n")).toContain("не может быть позже сегодняшней");
    const unknown = await failure(baselineImportCommand(deps, { district: DISTRICT, instrument: "no_such", file, school: "07" }));
    expect(unknown.message).toContain("Анкета no_such не найдена");
  });
});
