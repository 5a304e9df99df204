// Re-importing ФИС ОКО reports one by one must not lose what other files brought (issue #12 §5:
// "re-importing the same school-year replaces it", at the key the file covers).
import { describe, expect, it } from "vitest";
import { applyRows, parseDataFile } from "../../files/identification/index.ts";
import type { ItemRow, ResultRow } from "../../core/identification/types.ts";
import { xlsx } from "../fixtures/intake/build.ts";

const ege: ResultRow = { schoolCode: "1", schoolName: "СОШ", year: 2025, assessment: "ЕГЭ", grade: 11, subject: "русский язык", participants: 30, meanScore: 70, lowShare: 0, highShare: 0.2 };

describe("повторная загрузка отчётов ФИС ОКО", () => {
  it("отметки, затем сравнение с журналом: обе части в одной строке, ЕГЭ школы на месте", async () => {
    const marks = await parseDataFile({
      kind: "results",
      fileName: "ВПР 2025 математика 5 класс.xlsx",
      content: await xlsx({ name: "Лист1", rows: [["Группы участников", "Кол-во участников", "2", "3", "4", "5"], ["(sch1) СОШ", 48, 12.5, 35.4, 33.3, 18.8]] }),
    });
    const journal = await parseDataFile({
      kind: "results",
      fileName: "ВПР 2025 математика 5 класс.xlsx",
      content: await xlsx({ name: "Лист1", rows: [["Логин ОО", "Понизили", "Подтвердили", "Повысили"], ["sch1", 10.4, 85.4, 4.2]] }),
    });
    if (marks.data?.kind !== "results" || journal.data?.kind !== "results") throw new Error("not parsed");
    const afterMarks = applyRows({ kind: "results", rows: [ege] }, marks.data, marks.fields);
    const afterJournal = applyRows({ kind: "results", rows: afterMarks }, journal.data, journal.fields);
    expect(afterJournal).toEqual([
      ege,
      { schoolCode: "1", schoolName: "СОШ", year: 2025, assessment: "ВПР", grade: 5, subject: "математика", participants: 48, meanScore: null, lowShare: 0.125, highShare: 0.188, vprLowered: 0.104, vprConfirmed: 0.854, vprRaised: 0.042 },
    ]);
  });

  it("задания: отчёт заменяет задания своего класса и предмета, темы остаются", () => {
    const item = (task: string, solvedShare: number, topic: string | null = null, subject = "математика"): ItemRow => ({ schoolCode: "1", schoolName: "СОШ", year: 2025, grade: 5, subject, task, solvedShare, topic });
    const stored = [item("1", 0.5, "Дроби"), item("2", 0.6), item("9", 0.1), item("1", 0.7, null, "русский язык")];
    const incoming = [item("1", 0.55), item("2", 0.65)];
    expect(applyRows({ kind: "items", rows: stored }, { kind: "items", rows: incoming }, ["participants", "solvedShare"])).toEqual([
      item("1", 0.7, null, "русский язык"),
      item("1", 0.55, "Дроби"),
      item("2", 0.65),
    ]);
  });
});
