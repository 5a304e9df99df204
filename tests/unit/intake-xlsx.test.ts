// The intake corpus, XLSX side (issue #12 §4–5): a broken book, formulas with and without a saved
// value, a header below title lines, several sheets, merged cells, the staff workbook of #2 going
// through the same entry, and every template written, filled in and read back.
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { dataTemplate, parseDataFile, type ParseResult } from "../../files/identification/index.ts";
import { buildTemplate, loadExcel } from "../../files/staff-workbook.ts";
import { formatProblem } from "../../core/messages/intake.ts";
import { fill, xlsx } from "../fixtures/intake/build.ts";

const parse = (content: Uint8Array, kind: Parameters<typeof parseDataFile>[0]["kind"] = "auto", official?: Parameters<typeof parseDataFile>[0]["official"]) =>
  parseDataFile({ kind, fileName: "данные.xlsx", content, ...(official ? { official } : {}) });
const messages = (result: ParseResult) => result.problems.map(formatProblem);

const HEAD = ["Код ОО", "Название ОО", "Год", "Процедура", "Класс", "Предмет", "Участники", "Средний балл"];

describe("XLSX: повреждённые файлы", () => {
  it("битый архив и архив без книги — понятная проблема, не исключение", async () => {
    const broken = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(messages(await parse(broken))).toEqual([
      "Файл Excel повреждён или это не .xlsx (архив не читается); откройте его в Excel и сохраните заново как «Книга Excel (.xlsx)»",
    ]);
    const zip = new JSZip();
    zip.file("readme.txt", "не книга");
    const notBook = new Uint8Array(await zip.generateAsync({ type: "uint8array" }));
    expect((await parse(notBook)).problems[0]!.message).toMatch(/повреждён или это не \.xlsx/);
    // A real book cut in half.
    const whole = await xlsx({ name: "Лист1", rows: [HEAD, ["1", "А", 2025, "ЕГЭ", 11, "физика", 10, 60]] });
    expect((await parse(whole.subarray(0, Math.floor(whole.length / 2)))).problems[0]!.message).toMatch(/повреждён/);
  });
});

describe("XLSX: формулы", () => {
  it("читает сохранённое значение формулы, а формулу без значения называет по ячейке", async () => {
    const content = await xlsx({
      name: "Результаты",
      rows: [
        HEAD,
        ["560301", "А", 2025, "ЕГЭ", 11, "физика", { formula: "10+2", result: 12 }, { formula: "H3+1", result: 61.5 }],
        ["560302", "Б", 2025, "ЕГЭ", 11, "физика", { formula: "A1+1" }, 60],
      ],
    });
    const result = await parse(content);
    expect(messages(result)).toEqual([
      "Лист «Результаты», строка 3, столбец «Участники»: в ячейке G3 формула =A1+1 без сохранённого значения; откройте файл в Excel, дождитесь пересчёта и сохраните",
    ]);
    const fixed = await xlsx({ name: "Результаты", rows: [HEAD, ["560301", "А", 2025, "ЕГЭ", 11, "физика", { formula: "10+2", result: 12 }, { formula: "H3+1", result: 61.5 }]] });
    expect((await parse(fixed)).data).toMatchObject({ kind: "results", rows: [{ participants: 12, meanScore: 61.5 }] });
  });

  it("ошибка Excel в ячейке и дата вместо числа — проблемы с местом", async () => {
    const content = await xlsx({
      name: "Р",
      rows: [HEAD, ["1", "А", 2025, "ЕГЭ", 11, "физика", 10, { error: "#DIV/0!" } as never], ["2", "Б", 2025, "ЕГЭ", 11, "физика", new Date(Date.UTC(2025, 0, 5)), 60]],
    });
    expect(messages(await parse(content))).toEqual([
      "Лист «Р», строка 2, столбец «Средний балл»: в ячейке ошибка Excel «#DIV/0!»; исправьте формулу или впишите значение",
      "Лист «Р», строка 3, столбец «Участники»: «2025-01-05» — не число",
    ]);
  });
});

describe("XLSX: формат ячеек", () => {
  it("число в процентном формате — доля, даже рядом с процентами, вписанными числом", async () => {
    const Excel = await loadExcel();
    const workbook = new Excel.Workbook();
    const sheet = workbook.addWorksheet("Р");
    sheet.addRow([...HEAD, "Доля «2», %"]);
    sheet.addRow(["1", "А", 2025, "ВПР", 5, "математика", 40, 3.5, 0.125]);
    sheet.addRow(["2", "Б", 2025, "ВПР", 5, "математика", 40, 3.5, 37.5]);
    sheet.getCell("I2").numFmt = "0.0%";
    const result = await parse(new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer));
    expect(result.data?.kind === "results" && result.data.rows.map((row) => row.lowShare)).toEqual([0.125, 0.375]);
  });
});

describe("XLSX: строка заголовков, листы, объединённые ячейки", () => {
  it("находит заголовки под строками названия, читает все листы с данными и пропускает остальные", async () => {
    const content = await xlsx(
      { name: "Инструкция", rows: [["Как заполнять"], ["Код ОО — код школы"]] },
      {
        name: "2024",
        rows: [["Результаты ГИА района за 2024 год"], ["составил: отдел образования"], [], ["код школы", "наименование", "ГОД", "экзамен", "класс", "учебный предмет", "Количество участников", "Ср. балл"], ["560301", "А", 2024, "ЕГЭ", 11, "Физика", 10, 60]],
        merges: ["A1:H1"],
      },
      { name: "2025", rows: [HEAD, ["560301", "А", 2025, "ЕГЭ", 11, "Физика", 11, 62], ["560301", "А", 2024, "ЕГЭ", 11, "физика", 9, 58]] },
      { name: "Заметки", rows: [["просто текст"], ["ещё текст"]] },
    );
    const result = await parse(content);
    expect(messages(result)).toEqual(["Лист «2025», строка 3: повтор: школа 560301, 2024, ЕГЭ, 11 класс, «физика» уже есть на листе «2024», строке 5"]);
    expect(result.warnings.map(formatProblem)).toEqual(["Лист «Заметки»: лист «Заметки» не похож на таблицу данных и пропущен"]);
    const clean = await xlsx(
      { name: "2024", rows: [["Результаты ГИА района за 2024 год"], [], ["код школы", "наименование", "ГОД", "экзамен", "класс", "учебный предмет", "Количество участников", "Ср. балл"], ["560301", "А", 2024, "ЕГЭ", 11, "Физика", 10, 60]], merges: ["A1:H1"] },
      { name: "2025", rows: [HEAD, ["560301", "А", 2025, "ЕГЭ", 11, "Физика", 11, 62]] },
    );
    const ok = await parse(clean);
    expect(ok.problems).toEqual([]);
    expect(ok.data?.kind === "results" && ok.data.rows.map((row) => [row.year, row.participants])).toEqual([[2024, 10], [2025, 11]]);
  });

  it("объединённые ячейки среди данных — предупреждение; разные виды данных на листах — ошибка", async () => {
    const merged = await xlsx({ name: "Р", rows: [HEAD, ["1", "А", 2025, "ЕГЭ", 11, "физика", 10, 60], ["2", "Б", 2025, "ЕГЭ", 11, "химия", 10, 60]], merges: ["C2:C3"] });
    const result = await parse(merged);
    expect(result.problems).toEqual([]);
    expect(result.warnings.map(formatProblem)).toEqual(["Лист «Р»: ячейки C2:C3 объединены: значение верхней ячейки попадёт в каждую строку блока — проверьте эти строки"]);
    const mixed = await xlsx(
      { name: "Р", rows: [HEAD, ["1", "А", 2025, "ЕГЭ", 11, "физика", 10, 60]] },
      { name: "С", rows: [["Код ОО", "Название ОО", "Год", "Всего обучающихся"], ["1", "А", 2025, 100]] },
    );
    expect(messages(await parse(mixed))).toEqual(["В одном файле данные разных видов (результаты, социальные данные); загрузите каждый вид отдельным файлом"]);
  });
});

describe("XLSX: книга школ и сотрудников (#2) через тот же вход", () => {
  it("узнаётся по листам как staff; при другом явном виде — понятная ошибка", async () => {
    const content = new Uint8Array((await (await buildTemplate()).xlsx.writeBuffer()) as ArrayBuffer);
    const auto = await parse(content);
    expect(auto).toMatchObject({ data: { kind: "staff" }, shape: "книга школ и сотрудников", problems: [] });
    expect(messages(await parse(content, "social"))).toEqual([
      "Лист «Сотрудники»: это книга школ и сотрудников (лист «Сотрудники»), а ожидались данные вида «социальные данные»; загрузите её как школы и сотрудников",
    ]);
  });
});

describe("шаблоны: записать, заполнить, прочитать", () => {
  it("пустой шаблон: образец не загружается, данных нет", async () => {
    for (const kind of ["results", "items", "social"] as const) {
      const template = await dataTemplate(kind);
      expect(template.filename).toMatch(/^shablon-.*\.xlsx$/);
      const result = await parse(template.content, "auto");
      expect(result.shape).toBe("шаблон");
      expect(messages(result)).toEqual([expect.stringMatching(/нет ни одной строки с данными$/)]);
    }
  });

  it("результаты", async () => {
    const template = await dataTemplate("results");
    const filled = await fill(template.content, "Результаты", [
      ["560301", "МБОУ СОШ № 1", 2025, "ВПР", 5, "Математика", 48, 3.6, 12.5, 18.8, 10.4, 85.4, 4.2],
      ["560301", "МБОУ СОШ № 1", 2025, "ЕГЭ", "", "Русский язык", 30, 70, 0, 20, "", "", ""],
    ]);
    const result = await parse(filled, "results");
    expect(result.problems).toEqual([]);
    expect(result.rowsRead).toBe(2);
    expect(result.data).toEqual({
      kind: "results",
      rows: [
        { schoolCode: "560301", schoolName: "МБОУ СОШ № 1", year: 2025, assessment: "ВПР", grade: 5, subject: "математика", participants: 48, meanScore: 3.6, lowShare: 0.125, highShare: 0.188, vprLowered: 0.104, vprConfirmed: 0.854, vprRaised: 0.042 },
        { schoolCode: "560301", schoolName: "МБОУ СОШ № 1", year: 2025, assessment: "ЕГЭ", grade: 11, subject: "русский язык", participants: 30, meanScore: 70, lowShare: 0, highShare: 0.2 },
      ],
    });
  });

  it("задания", async () => {
    const filled = await fill((await dataTemplate("items")).content, "Задания", [["560301", "СОШ № 1", 2025, 5, "математика", "4(2)", 0.42, "Дроби", 48]]);
    const result = await parse(filled);
    expect(result.data).toEqual({ kind: "items", rows: [{ schoolCode: "560301", schoolName: "СОШ № 1", year: 2025, grade: 5, subject: "математика", task: "4(2)", solvedShare: 0.42, topic: "Дроби", participants: 48 }] });
  });

  it("социальные данные", async () => {
    const filled = await fill((await dataTemplate("social")).content, "Социальные данные", [
      ["560301", "СОШ № 1", 2025, 400, 120, 20, 5, 1, 3, 2, 4, 10, "да", "нет", "нет", "да", "нет", "да", "нет", "да", "да", "нет"],
    ]);
    const result = await parse(filled, "social");
    expect(result.problems).toEqual([]);
    expect(result.data).toEqual({
      kind: "social",
      rows: [
        {
          schoolCode: "560301", schoolName: "СОШ № 1", year: 2025, students: 400, parentsNoHigherEducation: 120, unemployedParents: 20, watchList: 5, odnKdn: 1,
          migrantOrLowRussian: 3, nonAttested: 2, truancy: 4, disabilities: 10, remote: true, smallSchool: false, infrastructureDeficit: false, computerDeficit: true,
          internetDeficit: false, unfilledPosts: true, accreditationSuspended: false, innovationPlatform: true, headCompetence: true, headMotivation: false,
        },
      ],
    });
  });

  it("официальный список: реквизиты из листа, их замена при загрузке, недостающие названы", async () => {
    const template = await dataTemplate("official-list");
    const rows = [["560301", "СОШ № 1", "приказ, п. 3"], ["560305", "ООШ с. Луговое", ""]];
    const filled = await fill(template.content, "Список", rows, { B2: "Министерство образования Оренбургской области", B3: "01-21/1234", B4: new Date(Date.UTC(2025, 2, 15)), B5: "ШНОР", B6: 2025 }, "Реквизиты");
    const result = await parse(filled);
    expect(result.problems).toEqual([]);
    expect(result.data).toEqual({
      kind: "official-list",
      list: {
        kind: "shnor", year: 2025, source: "Министерство образования Оренбургской области", documentNumber: "01-21/1234", documentDate: "2025-03-15",
        schools: [{ schoolCode: "560301", schoolName: "СОШ № 1", note: "приказ, п. 3" }, { schoolCode: "560305", schoolName: "ООШ с. Луговое", note: null }],
      },
    });
    const overridden = await parse(filled, "official-list", { kind: "shnsu", documentNumber: "7", documentDate: "01.04.2025" });
    expect(overridden.data).toMatchObject({ list: { kind: "shnsu", documentNumber: "7", documentDate: "2025-04-01", year: 2025 } });

    const bare = await fill(template.content, "Список", rows, { B5: "ШНСУ" }, "Реквизиты");
    expect(messages(await parse(bare))).toEqual([
      "Лист «Реквизиты»: не указаны реквизиты списка: «Кто утвердил (источник)», «Номер документа», «Дата документа», «Год»; заполните лист «Реквизиты» шаблона или укажите их при загрузке",
    ]);
    const given = await parse(bare, "official-list", { source: "Рособрнадзор", documentNumber: "1", documentDate: "2025-05-01", year: 2025 });
    expect(given.data).toMatchObject({ list: { kind: "shnsu", source: "Рособрнадзор", schools: [{ schoolCode: "560301" }, { schoolCode: "560305" }] } });

    const badDate = await fill(template.content, "Список", rows, { B2: "Минобр", B3: "1", B4: "32.13.2025", B5: "ШНОР", B6: 2025 }, "Реквизиты");
    expect(messages(await parse(badDate))[0]).toBe("Лист «Реквизиты», строка 4, столбец «B»: «32.13.2025» — не дата; укажите дату документа, например 15.03.2025");
  });

  it("официальный список из письма: лишние столбцы и логины ФИС ОКО допустимы, когда вид назван", async () => {
    const content = new TextEncoder().encode("№ п/п;Субъект РФ;Муниципалитет;Логин ОО;Наименование ОО\n1;Оренбургская область;Первомайский район;sch560301;СОШ № 1\n");
    const official = { kind: "shnor", year: 2025, source: "Рособрнадзор", documentNumber: "08-1", documentDate: "2025-02-01" } as const;
    const named = await parseDataFile({ kind: "official-list", fileName: "перечень.csv", content, official });
    expect(named.problems).toEqual([]);
    expect(named.data).toMatchObject({ list: { schools: [{ schoolCode: "560301", schoolName: "СОШ № 1" }] } });
    expect(named.warnings.map(formatProblem)).toEqual(["Коды ОО взяты из логинов ФИС ОКО: sch560301 → 560301"]);
    // Not named: a table of codes with other columns is not taken for a list.
    const auto = await parseDataFile({ kind: "auto", fileName: "перечень.csv", content, official });
    expect(auto.data).toBeNull();
  });

  it("официальный список в CSV: реквизиты только при загрузке", async () => {
    const content = new TextEncoder().encode("№;Код ОО;Наименование ОО\n1;560301;СОШ № 1\n2;560301;СОШ № 1\n");
    const result = await parseDataFile({ kind: "official-list", fileName: "список.csv", content, official: { kind: "shnor", year: 2025, source: "Минобр", documentNumber: "5", documentDate: "2025-03-01" } });
    expect(messages(result)).toEqual(["Строка 3: повтор: школа 560301 уже есть в строке 2"]);
  });
});

describe("XLSX: размер распакованной книги", () => {
  it("книгу, которая распаковывается в слишком большую таблицу, отклоняет до чтения", async () => {
    const zip = new JSZip();
    zip.file("[Content_Types].xml", "<Types/>");
    zip.file("xl/workbook.xml", "<workbook/>");
    zip.file("xl/worksheets/sheet1.xml", "<row>".repeat(9 * 1024 * 1024));
    const bomb = new Uint8Array(await zip.generateAsync({ type: "uint8array", compression: "DEFLATE" }));
    expect(bomb.length).toBeLessThan(1024 * 1024);
    expect(messages(await parse(bomb))).toEqual([
      "Таблица в файле Excel слишком большая: 45 МБ в распакованном виде, можно до 40 МБ; разделите файл на части или сохраните его как CSV (разделители — точка с запятой)",
    ]);
  });
});

describe("XLSX: код школы без ведущего нуля", () => {
  it("701 рядом с 0701 — проблема в строке с обоими кодами, ничего не загружается", async () => {
    const content = await xlsx({
      name: "Результаты",
      rows: [HEAD, ["0701", "МБОУ «Берёзовская СОШ»", 2025, "ЕГЭ", 11, "физика", 10, 60], [701, "МБОУ «Берёзовская СОШ»", 2025, "ОГЭ", 9, "физика", 12, 3.5]],
    });
    const result = await parse(content, "results");
    expect(messages(result)).toEqual([
      "Лист «Результаты», строка 3, столбец «Код ОО»: код 701, а в строке 2 — 0701: похоже, Excel отбросил ведущий ноль. Если это одна школа, исправьте 701 на 0701 и задайте столбцу текстовый формат",
    ]);
    expect(result.data).toBeNull();
  });
});

describe("XLSX: заголовок в две строки", () => {
  it("заголовки, объединённые вниз над подзаголовками группы «Доли, %», — одна шапка, а не строка данных", async () => {
    const content = await xlsx({
      name: "Результаты",
      rows: [
        [...HEAD, "Доли, %", null],
        [null, null, null, null, null, null, null, null, "Ниже порога или «2»", "Высокие баллы или «5»"],
        ["0701", "МБОУ «Берёзовская СОШ»", 2026, "ЕГЭ", 11, "математика", 20, 55, 12.5, 10],
      ],
      merges: ["A1:A2", "B1:B2", "C1:C2", "D1:D2", "E1:E2", "F1:F2", "G1:G2", "H1:H2", "I1:J1"],
    });
    const result = await parse(content, "results");
    expect(messages(result)).toEqual([]);
    expect(result.data).toMatchObject({ kind: "results", rows: [{ schoolCode: "0701", participants: 20, meanScore: 55, lowShare: 0.125, highShare: 0.1 }] });
  });
});

describe("Шаблоны: правило повторной загрузки", () => {
  it("инструкция каждого шаблона говорит, что именно заменит повторная загрузка, как README", async () => {
    const Excel = await loadExcel();
    const text = async (kind: "results" | "items" | "social" | "official-list") => {
      const book = new Excel.Workbook();
      await book.xlsx.load((await dataTemplate(kind)).content as unknown as ArrayBuffer);
      const lines: string[] = [];
      book.getWorksheet("Инструкция")!.eachRow((row) => lines.push(String(row.getCell(1).value ?? "")));
      return lines.join("\n");
    };
    const results = await text("results");
    expect(results).not.toContain("Повторная загрузка той же школы за тот же год заменяет прежние данные");
    expect(results).toContain("8. Повторная загрузка заменяет у школы за год каждую процедуру из файла целиком: строка ЕГЭ, ОГЭ, ВПР или РДР, которой нет в новом файле, удаляется");
    expect(await text("items")).toContain("каждый предмет класса из файла целиком");
    expect(await text("social")).toContain("8. Повторная загрузка заменяет строку школы за тот же год целиком.");
    expect(await text("official-list")).toContain("Список с тем же источником и номером документа");
  });
});
