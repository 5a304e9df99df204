// Loose matching of titles and values (issue #12 §1: case, spaces, ё/е, known synonyms), the context of
// a ФИС ОКО report, and the promise that no input makes the intake throw.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { headerVariants, titleMatches } from "../../files/identification/headers.ts";
import { contextOf, readBoolean, readDate, readGrade, readNumber, readYear, schoolOfLabel } from "../../files/identification/values.ts";
import { decode, detectSeparator } from "../../files/identification/table.ts";
import { parseDataFile } from "../../files/identification/index.ts";
import { intakeText, type ColumnKey } from "../../core/messages/intake.ts";

const names = (title: string, field: ColumnKey) => titleMatches(headerVariants(title), field);

describe("заголовки узнаются как человек их пишет", () => {
  it.each([
    ["Код ОО", "schoolCode"], ["код оу", "schoolCode"], ["Логин ОО", "schoolCode"], ["КОД ШКОЛЫ", "schoolCode"],
    ["Кол-во участников", "participants"], ["Количество\nучастников", "participants"], ["Участники", "participants"], ["Участники, чел.", "participants"],
    ["Средний балл", "meanScore"], ["Ср. балл", "meanScore"],
    ['Доля "2"', "lowShare"], ["Доля «2», %", "lowShare"], ["Ниже минимального порога", "lowShare"], ["% 2", "lowShare"], ["Не преодолели минимальный порог, %", "lowShare"],
    ["Доля «5»", "highShare"], ["81-100 баллов", "highShare"],
    ["Понизили (Отметка < Отметка по журналу) %", "vprLowered"], ["Подтвердили", "vprConfirmed"], ["Повысили отметку", "vprRaised"],
    ["На учёте в ОДН/КДН", "odnKdn"], ["на учете в одн кдн", "odnKdn"], ["Малокомплектная (да/нет)", "smallSchool"],
    ["  год  ", "year"], ["Учебный предмет", "subject"], ["Тема, раздел", "topic"], ["%", "percent"],
  ] as Array<[string, ColumnKey]>)("«%s» — %s", (title, field) => {
    expect(names(title, field)).toBe(true);
  });

  it("не путает похожие столбцы", () => {
    expect(names("Кол-во ОО", "participants")).toBe(false);
    expect(names("Кол-во ОО", "schoolName")).toBe(false);
    expect(names("Доля «3»", "lowShare")).toBe(false);
    expect(names("Код ОО", "schoolName")).toBe(false);
    expect(names("Понизили", "vprRaised")).toBe(false);
  });
});

describe("значения ячеек", () => {
  it("числа с запятой, пробелами и процентами; прочерк — нет данных", () => {
    expect(readNumber("37,5")).toMatchObject({ kind: "number", value: 37.5, percent: false });
    expect(readNumber("37,5 %")).toMatchObject({ kind: "number", value: 37.5, percent: true });
    expect(readNumber("1 234")).toMatchObject({ kind: "number", value: 1234 });
    expect(readNumber(0.375)).toMatchObject({ kind: "number", value: 0.375 });
    expect(readNumber("—")).toEqual({ kind: "empty" });
    expect(readNumber("12 из 40")).toEqual({ kind: "text", text: "12 из 40" });
  });

  it("годы, классы, да/нет, даты", () => {
    expect(readYear("2025")).toEqual({ year: 2025, schoolYear: false });
    expect(readYear("2024-25")).toEqual({ year: 2025, schoolYear: true });
    expect(readYear("2024/2026")).toBeNull();
    expect(readYear("двадцать пятый")).toBeNull();
    expect([readGrade("5"), readGrade("5 класс"), readGrade("11А"), readGrade("9-й кл."), readGrade("пятый")]).toEqual([5, 5, 11, 9, null]);
    expect([readBoolean("Да"), readBoolean("нет"), readBoolean(1), readBoolean(""), readBoolean("наверное")]).toEqual([{ value: true }, { value: false }, { value: true }, { value: null }, null]);
    expect([readDate("15.03.2025"), readDate("2025-03-15"), readDate(45731), readDate("31.02.2025")]).toEqual(["2025-03-15", "2025-03-15", "2025-03-15", null]);
  });

  it("школа в отчёте ФИС ОКО — по логину в скобках", () => {
    expect(schoolOfLabel('(sch560301) МБОУ "СОШ № 1"')).toEqual({ login: "sch560301", code: "560301", name: 'МБОУ "СОШ № 1"' });
    expect(schoolOfLabel("МБОУ СОШ № 1 (sch560301)")).toEqual({ login: "sch560301", code: "560301", name: "МБОУ СОШ № 1" });
    expect(schoolOfLabel("Вся выборка")).toBeNull();
  });

  it("год, класс и предмет — из заголовка, листа или имени файла", () => {
    expect(contextOf("Всероссийские проверочные работы 2025 (5 класс) | Дата формирования: 12.05.2026 | Предмет: Математика")).toEqual({ year: 2025, grade: 5, subject: "математика" });
    expect(contextOf("ВПР_2024_Русский язык_6кл")).toEqual({ year: 2024, grade: 6, subject: "русский язык" });
    expect(contextOf("Предмет: Основы безопасности, 8 класс, 2023-2024")).toEqual({ year: 2024, grade: 8, subject: "основы безопасности" });
    expect(contextOf("отчёт")).toEqual({});
  });
});

describe("CSV: кодировка и разделитель", () => {
  it("неверный UTF-8 читается как Windows-1251; UTF-16 из «Текст Юникод» Excel", () => {
    expect(decode(new Uint8Array([0xca, 0xee, 0xe4, 0x3b, 0x31]))).toBe("Код;1");
    expect(decode(new Uint8Array([0xff, 0xfe, 0x1a, 0x04, 0x3e, 0x04, 0x09, 0x00]))).toBe("Ко\t");
    expect(decode(new Uint8Array([0x00, 0x01, 0x02]))).toBeNull();
  });

  it("«;» побеждает десятичную запятую, запятая и табуляция узнаются", () => {
    expect(detectSeparator("Код;Доля\n1;37,5\n2;12,5\n")).toBe(";");
    expect(detectSeparator("Код,Доля,Год\n1,37.5,2025\n")).toBe(",");
    expect(detectSeparator('Код\tНазвание\n1\t"А, Б"\n')).toBe("\t");
  });
});

describe("никакой вход не роняет разбор", () => {
  it("случайные байты и случайный «CSV» дают проблемы, а не исключение", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), fc.constantFrom("auto", "results", "items", "social", "official-list"), async (bytes, kind) => {
        const result = await parseDataFile({ kind: kind as "auto", fileName: "x", content: bytes });
        expect(result.data === null || result.problems.length === 0).toBe(true);
        // A bug of ours would be caught and shown as the internal-error problem: there must be none.
        expect(result.problems.map((problem) => problem.message)).not.toContain(intakeText.internal);
      }),
      { numRuns: 150 },
    );
    const cell = fc.oneof(fc.constantFrom("Код ОО", "Год", "2025", "ЕГЭ", "37,5", "-1", "", '"', "sch1", "да"), fc.string({ maxLength: 6 }));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(cell, { maxLength: 8 }), { maxLength: 12 }), fc.constantFrom(";", ",", "\t"), async (rows, separator) => {
        const text = rows.map((row) => row.join(separator)).join("\n");
        const result = await parseDataFile({ kind: "auto", fileName: "x.csv", content: new TextEncoder().encode(text) });
        expect(result.data === null || result.problems.length === 0).toBe(true);
        expect(result.problems.every((problem) => problem.message.length > 0)).toBe(true);
        expect(result.problems.map((problem) => problem.message)).not.toContain(intakeText.internal);
      }),
      { numRuns: 200 },
    );
  });
});
