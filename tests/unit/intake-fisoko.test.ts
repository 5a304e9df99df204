// ВПР reports of ФИС ОКО «Аналитика» as municipal coordinators download them (issue #12 §1): statistics
// by marks, task completion, marks compared with journal marks. Subject, grade and year come from the
// title above the table, the sheet or the file's name; totals of the sample, region and district are skipped.
import { describe, expect, it } from "vitest";
import { parseDataFile, type ParseResult } from "../../files/identification/index.ts";
import { formatProblem } from "../../core/messages/intake.ts";
import { cp1251, xlsx } from "../fixtures/intake/build.ts";

const messages = (result: ParseResult) => result.problems.map(formatProblem);
const warnings = (result: ParseResult) => result.warnings.map(formatProblem);

const TITLE = [
  ["Всероссийские проверочные работы 2025 (5 класс)"],
  ["Дата формирования: 12.05.2025"],
  ["Статистика по отметкам"],
  ["Предмет: Математика"],
  ["Максимальный первичный балл: 20"],
];

describe("ФИС ОКО: статистика по отметкам", () => {
  it("XLSX с объединённой шапкой: доля «2» → lowShare, доля «5» → highShare, итоги пропущены", async () => {
    const content = await xlsx({
      name: "Лист1",
      rows: [
        ...TITLE,
        ["Группы участников", "Кол-во ОО", "Кол-во участников", "Распределение групп баллов в %"],
        [null, null, null, "2", "3", "4", "5"],
        ["Вся выборка", 30000, 1200000, 15.1, 40.2, 33.3, 11.4],
        ["Оренбургская обл.", 700, 25000, 14, 41, 34, 11],
        ["Первомайский муниципальный район", 12, 600, 13, 42, 33, 12],
        ['(sch560301) МБОУ "Первомайская СОШ № 1"', null, 48, 12.5, 35.4, 33.3, 18.8],
        ['(sch560302) МКОУ "Луговская ООШ"', null, 12, 25, 50, 25, 0],
      ],
      merges: ["A1:G1", "D6:G6", "A6:A7", "B6:B7", "C6:C7"],
    });
    const result = await parseDataFile({ kind: "auto", fileName: "statistika.xlsx", content });
    expect(result.problems).toEqual([]);
    expect(result.shape).toBe("ФИС ОКО: статистика по отметкам");
    expect(result.fields).toEqual(["highShare", "lowShare", "participants"]);
    expect(result.data).toEqual({
      kind: "results",
      rows: [
        { schoolCode: "560301", schoolName: 'МБОУ "Первомайская СОШ № 1"', year: 2025, assessment: "ВПР", grade: 5, subject: "математика", participants: 48, meanScore: null, lowShare: 0.125, highShare: 0.188 },
        { schoolCode: "560302", schoolName: 'МКОУ "Луговская ООШ"', year: 2025, assessment: "ВПР", grade: 5, subject: "математика", participants: 12, meanScore: null, lowShare: 0.25, highShare: 0 },
      ],
    });
    expect(warnings(result)).toEqual([
      "Лист «Лист1»: отчёт ФИС ОКО: 2025 год, 5 класс, «математика» — взяты из заголовка, названия листа или имени файла; проверьте",
      "Лист «Лист1»: пропущено 3 строки без кода ОО — итоги по выборке, региону или району (например, «Вся выборка»)",
      "Лист «Лист1»: коды ОО взяты из логинов ФИС ОКО: sch560301 → 560301",
    ]);
  });

  it("CSV в Windows-1251: шапка в две строки без объединения, предмет, класс и год — из имени файла", async () => {
    const text = [
      "Группы участников;Кол-во участников;Распределение отметок, %;;;",
      ";;2;3;4;5",
      "Вся выборка;1200000;15,1;40,2;33,3;11,4",
      "(sch560301) МБОУ СОШ № 1;48;12,5%;35,4%;33,3%;18,8%",
    ].join("\r\n");
    const result = await parseDataFile({ kind: "results", fileName: "ВПР_2024_Русский язык_6кл.csv", content: cp1251(text) });
    expect(result.problems).toEqual([]);
    expect(result.data).toMatchObject({ rows: [{ schoolCode: "560301", year: 2024, grade: 6, subject: "русский язык", lowShare: 0.125, highShare: 0.188, participants: 48 }] });
  });

  it("без года, класса или предмета — одна проблема листа с подсказкой", async () => {
    const content = await xlsx({
      name: "Лист1",
      rows: [["Статистика по отметкам"], ["Группы участников", "Кол-во участников", "2", "3", "4", "5"], ["(sch560301) СОШ", 48, 12.5, 35.4, 33.3, 18.8]],
    });
    const result = await parseDataFile({ kind: "auto", fileName: "report.xlsx", content });
    expect(messages(result)).toEqual([
      "Лист «Лист1»: не удалось определить год, класс, предмет отчёта ФИС ОКО: их нет ни над таблицей, ни в названии листа, ни в имени файла. Назовите файл, например, «ВПР 2025 математика 5 класс.xlsx» или перенесите данные в шаблон",
    ]);
    const named = await parseDataFile({ kind: "auto", fileName: "ВПР 2025 математика 5 класс.xlsx", content });
    expect(named.data).toMatchObject({ rows: [{ year: 2025, grade: 5, subject: "математика" }] });
  });

  it("без столбца «5» — называет его", async () => {
    const content = await xlsx({ name: "Лист1", rows: [["ВПР 2025 математика 5 класс"], ["Группы участников", "Кол-во участников", "2", "3", "4"], ["(sch1) СОШ", 4, 25, 50, 25]] });
    const result = await parseDataFile({ kind: "results", fileName: "r.xlsx", content });
    expect(messages(result)).toEqual(["Лист «Лист1», строка 2: таблица похожа на «ФИС ОКО: статистика по отметкам», но в ней нет столбца «Доля «5», %»"]);
  });

  it("доля больше 100 % и текст в числе — с листом, строкой и столбцом", async () => {
    const content = await xlsx({ name: "5 класс", rows: [["ВПР 2025, математика"], ["ОО", "Логин ОО", "Кол-во участников", "2", "3", "4", "5"], ["СОШ № 1", "sch560301", "сорок", 12.5, 35.4, 33.3, 118.8]] });
    const result = await parseDataFile({ kind: "auto", fileName: "r.xlsx", content });
    expect(messages(result)).toEqual([
      "Лист «5 класс», строка 3, столбец «Кол-во участников»: «сорок» — не число",
      "Лист «5 класс», строка 3, столбец «5»: «118.8» — доля больше 100 %",
    ]);
  });
});

describe("ФИС ОКО: выполнение заданий", () => {
  it("задания столбцами → строка на каждое задание; строка максимальных баллов и итоги пропущены", async () => {
    const content = await xlsx({
      name: "Выполнение заданий",
      rows: [
        ["ВПР 2025. Русский язык, 4 класс"],
        ["Выполнение заданий (в % от числа участников)"],
        ["Группы участников", "Кол-во участников", "1", "2", "3(1)", "3(2)", "10.1"],
        ["Макс. балл", null, 4, 3, 1, 2, 1],
        ["Вся выборка", 1200000, "80,1%", "70%", "60%", "55%", "40%"],
        ["(sch560301) МБОУ СОШ № 1", 48, "93,5%", "70,8%", "", "41,7%", "37,5%"],
      ],
    });
    const result = await parseDataFile({ kind: "items", fileName: "vypolnenie.xlsx", content });
    expect(result.problems).toEqual([]);
    expect(result.shape).toBe("ФИС ОКО: выполнение заданий");
    const base = { schoolCode: "560301", schoolName: "МБОУ СОШ № 1", year: 2025, grade: 4, subject: "русский язык", topic: null, participants: 48 };
    expect(result.data).toEqual({
      kind: "items",
      rows: [
        { ...base, task: "1", solvedShare: 0.935 },
        { ...base, task: "2", solvedShare: 0.708 },
        // An empty cell is no data for that task, not zero.
        { ...base, task: "3(2)", solvedShare: 0.417 },
        { ...base, task: "10.1", solvedShare: 0.375 },
      ],
    });
    expect(warnings(result)).toContain("Лист «Выполнение заданий»: пропущено 2 строки без кода ОО — итоги по выборке, региону или району (например, «Макс. балл»)");
  });
});

describe("ФИС ОКО: сравнение отметок с отметками по журналу", () => {
  it("столбцами «Понизили / Подтвердили / Повысили»", async () => {
    const content = await xlsx({
      name: "Математика 5 класс 2025",
      rows: [
        ["ОО", "Логин ОО", "Кол-во участников", "Понизили (Отметка < Отметка по журналу) %", "Подтвердили (Отметка = Отметке по журналу) %", "Повысили (Отметка > Отметка по журналу) %"],
        ["МБОУ СОШ № 1", "sch560301", 48, 10.4, 85.4, 4.2],
      ],
    });
    const result = await parseDataFile({ kind: "auto", fileName: "sravnenie.xlsx", content });
    expect(result.problems).toEqual([]);
    expect(result.shape).toBe("ФИС ОКО: сравнение отметок с отметками по журналу");
    expect(result.fields).toEqual(["participants", "vprConfirmed", "vprLowered", "vprRaised"]);
    expect(result.data).toEqual({
      kind: "results",
      rows: [{ schoolCode: "560301", schoolName: "МБОУ СОШ № 1", year: 2025, assessment: "ВПР", grade: 5, subject: "математика", participants: 48, meanScore: null, lowShare: null, highShare: null, vprLowered: 0.104, vprConfirmed: 0.854, vprRaised: 0.042 }],
    });
  });

  it("школа только по столбцу логина, без названия", async () => {
    const content = await xlsx({ name: "Лист1", rows: [["Логин ОО", "Понизили", "Подтвердили", "Повысили"], ["sch560301", "10,4", "85,4", "4,2"], ["sch560302", "0", "100", "0"]] });
    const result = await parseDataFile({ kind: "results", fileName: "ВПР 2025 биология 7 класс.xlsx", content });
    expect(result.problems).toEqual([]);
    expect(result.data).toMatchObject({ rows: [{ schoolCode: "560301", schoolName: "", vprLowered: 0.104 }, { schoolCode: "560302", vprConfirmed: 1 }] });
    const nothing = await xlsx({ name: "Лист1", rows: [["Кол-во участников", "Понизили", "Подтвердили", "Повысили"], [4, 1, 2, 1]] });
    expect(messages(await parseDataFile({ kind: "results", fileName: "ВПР 2025 биология 7 класс.xlsx", content: nothing }))).toEqual([
      "Лист «Лист1», строка 1: таблица похожа на «ФИС ОКО: сравнение отметок с отметками по журналу», но в ней нет столбца «Название ОО»",
    ]);
  });

  it("как в ФИС ОКО: строка школы, затем «Понизили», «Подтвердили», «Повысили», «Всего»", async () => {
    const block = (label: string, counts: number[], shares: number[]) => [
      [label],
      ["Понизили (Отметка < Отметка по журналу) %", counts[0], shares[0]],
      ["Подтвердили (Отметка = Отметке по журналу) %", counts[1], shares[1]],
      ["Повысили (Отметка > Отметка по журналу) %", counts[2], shares[2]],
      ["Всего", counts[0]! + counts[1]! + counts[2]!, 100],
    ];
    const content = await xlsx({
      name: "Лист1",
      rows: [
        ["Сравнение отметок с отметками по журналу"],
        ["ВПР 2025, История, 6 класс"],
        ["Группы участников", "Кол-во участников", "%"],
        ...block("Вся выборка", [1000, 8000, 1000], [10, 80, 10]),
        ...block("(sch560301) МБОУ СОШ № 1", [5, 41, 2], [10.42, 85.42, 4.16]),
        ...block("(sch560302) МКОУ ООШ", [0, 10, 2], [0, 83.33, 16.67]),
      ],
    });
    const result = await parseDataFile({ kind: "results", fileName: "x.xlsx", content });
    expect(result.problems).toEqual([]);
    expect(result.rowsRead).toBe(2);
    const rows = result.data?.kind === "results" ? result.data.rows : [];
    expect(rows.map((row) => [row.schoolCode, row.year, row.grade, row.subject, row.participants, row.vprLowered, row.vprConfirmed, row.vprRaised])).toEqual([
      ["560301", 2025, 6, "история", 48, 0.1042, 0.8542, 0.0416],
      ["560302", 2025, 6, "история", 12, 0, 0.8333, 0.1667],
    ]);
  });
});
