// The intake corpus, CSV side (issue #12 §5): encodings, separators, a decimal comma, quotes, and
// the precise Russian problems — missing columns by name, text in numbers, duplicates, an empty file,
// files that are no table at all — plus a 40 000-row file with progress.
import { describe, expect, it } from "vitest";
import { parseDataFile, type ParseResult } from "../../files/identification/index.ts";
import { formatProblem } from "../../core/messages/intake.ts";
import { cp1251, utf8 } from "../fixtures/intake/build.ts";

const parse = (content: Uint8Array, kind: Parameters<typeof parseDataFile>[0]["kind"] = "auto", fileName = "данные.csv") =>
  parseDataFile({ kind, fileName, content });
const messages = (result: ParseResult) => result.problems.map(formatProblem);

const RESULTS_HEAD = "Код ОО;Название ОО;Год;Процедура;Класс;Предмет;Участники;Средний балл;Ниже порога или «2», %;Высокие баллы или «5», %";

describe("CSV: кодировки и разделители", () => {
  it("читает Windows-1251 с «;» и десятичной запятой", async () => {
    const text = `${RESULTS_HEAD}\r\n560301;МБОУ «Первомайская СОШ № 1»;2025;ЕГЭ;11;Русский язык;40;71,5;2,5;12,5\r\n560302;МКОУ «Луговская ООШ»;2025;ОГЭ;;Математика;18;3,4;11,1;5,6\r\n`;
    const result = await parse(cp1251(text));
    expect(result.problems).toEqual([]);
    expect(result.shape).toBe("шаблон");
    expect(result.rowsRead).toBe(2);
    expect(result.data).toEqual({
      kind: "results",
      rows: [
        { schoolCode: "560301", schoolName: "МБОУ «Первомайская СОШ № 1»", year: 2025, assessment: "ЕГЭ", grade: 11, subject: "русский язык", participants: 40, meanScore: 71.5, lowShare: 0.025, highShare: 0.125 },
        // ОГЭ without a grade is the 9th.
        { schoolCode: "560302", schoolName: "МКОУ «Луговская ООШ»", year: 2025, assessment: "ОГЭ", grade: 9, subject: "математика", participants: 18, meanScore: 3.4, lowShare: 0.111, highShare: 0.056 },
      ],
    });
  });

  it("читает UTF-8 с BOM и без, с «,» и кавычками вокруг полей с запятой", async () => {
    const text =
      'Код ОО,Название ОО,Год,Процедура,Класс,Предмет,Участники,Средний балл,"Доля ""2""","Доля ""5"""\n' +
      '560301,"МБОУ ""СОШ № 1"", с. Первомайское",2025,ВПР,5,математика,48,3.6,0.125,0.188\n';
    for (const bom of [false, true]) {
      const result = await parse(utf8(text, bom));
      expect(result.problems).toEqual([]);
      const rows = result.data?.kind === "results" ? result.data.rows : [];
      expect(rows[0]).toMatchObject({ schoolCode: "560301", schoolName: 'МБОУ "СОШ № 1", с. Первомайское', lowShare: 0.125, highShare: 0.188 });
    }
  });

  it("читает табуляцию, «ё» и перевод строки в заголовке, проценты со знаком", async () => {
    const text =
      'код оу\tНазвание\tгод\tПРОЦЕДУРА\tкласс\tпредмет\t"Кол-во\nучастников"\tСредний балл\tНиже минимального порога\n' +
      "560301\tШкола\t2024/2025\tегэ\t11\tХимия\t12\t55\t8,3 %\n";
    const result = await parse(utf8(text));
    expect(result.problems).toEqual([]);
    expect(result.data).toMatchObject({ kind: "results", rows: [{ year: 2025, assessment: "ЕГЭ", subject: "химия", participants: 12, lowShare: 0.083 }] });
    // The school year is read as its spring year, and said so.
    expect(result.warnings.map(formatProblem)).toEqual(["Строка 2, столбец «год»: учебный год «2024/2025» прочитан как 2025 — год проведения процедуры"]);
  });

  it("доли 0..1 в столбце без процентов — доли; столбец с числом больше 1 — проценты", async () => {
    const text = `${RESULTS_HEAD}\n1;А;2025;ВПР;5;математика;10;3;0,5;1\n2;Б;2025;ВПР;5;математика;10;3;0,4;20\n`;
    const result = await parse(utf8(text));
    const rows = result.data?.kind === "results" ? result.data.rows : [];
    expect(rows.map((row) => [row.lowShare, row.highShare])).toEqual([[0.5, 0.01], [0.4, 0.2]]);
    expect(result.warnings.map(formatProblem)).toEqual([
      "Столбец «Ниже порога или «2», %»: в столбце «Ниже порога или «2», %» все значения не больше 1 — прочитаны как доли (0,375 = 37,5 %); если это проценты меньше 1 %, впишите их со знаком «%»",
    ]);
  });
});

describe("CSV: ошибки по-русски, с местом", () => {
  it("называет недостающие столбцы", async () => {
    const result = await parse(utf8("Код ОО;Название ОО;Процедура;Класс;Участники\n560301;Школа;ЕГЭ;11;40\n"), "results");
    expect(result.data).toBeNull();
    expect(messages(result)).toEqual(["Строка 1: таблица похожа на «шаблон: результаты», но в ней нет столбцов «Год», «Предмет»"]);
  });

  it("текст в числах, отрицательные, доли больше 100 %, неизвестная процедура, класс и год вне диапазона", async () => {
    const text = [
      RESULTS_HEAD,
      "1;А;2025;ЕГЭ;11;физика;сорок;60;1;1",
      "2;Б;2025;ЕГЭ;11;физика;-3;60;1;1",
      "3;В;2025;ЕГЭ;11;физика;10;60;120;1",
      "4;Г;2025;ГВЭ;11;физика;10;60;1;1",
      "5;Д;2025;ОГЭ;7;физика;10;60;1;1",
      "6;Е;1999;ЕГЭ;11;физика;10;60;1;1",
      "7;Ж;2025;ВПР;5;математика;12,5;3,5;1;1",
      "8;З;2025;ЕГЭ;11;физика;10;#ДЕЛ/0!;1;1",
    ].join("\n");
    const result = await parse(utf8(text));
    expect(result.data).toBeNull();
    expect(messages(result)).toEqual([
      "Строка 2, столбец «Участники»: «сорок» — не число",
      "Строка 3, столбец «Участники»: «-3» — отрицательное число",
      "Строка 4, столбец «Ниже порога или «2», %»: «120» — доля больше 100 %",
      "Строка 5, столбец «Процедура»: неизвестная процедура «ГВЭ»; допустимо: ЕГЭ, ОГЭ, ВПР, РДР",
      "Строка 6, столбец «Класс»: класс 7: ОГЭ сдают в 9 классе",
      expect.stringMatching(/^Строка 7, столбец «Год»: год 1999 вне допустимого диапазона 2000–20\d\d$/),
      "Строка 8, столбец «Участники»: «12,5» — нужно целое число",
      "Строка 9, столбец «Средний балл»: «#ДЕЛ/0!» — не число",
    ]);
  });

  it("повтор школы, года, процедуры, класса и предмета называет первую строку", async () => {
    const text = `${RESULTS_HEAD}\n560301;А;2025;ВПР;5;Математика;10;3;1;1\n560301;А;2025;ВПР;5;математика;10;3;1;1\n560301;А;2025;ВПР;6;математика;10;3;1;1\n`;
    const result = await parse(utf8(text));
    expect(messages(result)).toEqual(["Строка 3: повтор: школа 560301, 2025, ВПР, 5 класс, «математика» уже есть в строке 2"]);
  });

  it("пустой файл, файл из одних заголовков, PDF, двоичный мусор, битый «xlsx»", async () => {
    expect(messages(await parse(new Uint8Array()))).toEqual(["Файл пустой"]);
    expect(messages(await parse(utf8("\n\n ; ;\n")))).toEqual(["Файл пустой"]);
    expect(messages(await parse(utf8(`${RESULTS_HEAD}\n;;;\n`)))).toEqual(["В таблице есть заголовки, но нет ни одной строки с данными"]);
    expect(messages(await parse(utf8("%PDF-1.7\n..."), "auto", "отчёт.pdf"))[0]).toMatch(/^Это PDF, а нужна таблица/);
    expect(messages(await parse(new Uint8Array([0, 1, 2, 3, 250, 251, 0, 9]), "auto", "x.bin"))[0]).toMatch(/^Это не таблица Excel/);
    expect(messages(await parse(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 1, 2]), "auto", "x.xls"))[0]).toMatch(/старого формата Excel \(\.xls\)/);
    expect(messages(await parse(utf8("Привет, это просто письмо.\nС уважением"), "results"))).toEqual([
      "Не найдена строка заголовков таблицы (шаблон: результаты; ФИС ОКО: статистика по отметкам; ФИС ОКО: сравнение отметок с отметками по журналу) в первых 15 строках; возьмите шаблон или проверьте, что это нужный отчёт",
    ]);
  });

  it("незакрытые кавычки — проблема, а не исключение", async () => {
    const result = await parse(utf8(`${RESULTS_HEAD}\n1;"А;2025;ЕГЭ;11;физика;10;60;1;1\n`));
    expect(result.data).toBeNull();
    expect(messages(result)).toEqual(["Строка 2: CSV не читается (около строки 2): незакрытые или лишние кавычки; проверьте кавычки или сохраните файл из Excel заново"]);
    // A quote inside a field is only a character.
    const inner = await parse(utf8(`${RESULTS_HEAD}\n1;А"б;2025;ЕГЭ;11;физика;10;60;1;1\n`));
    expect(inner.data).toMatchObject({ rows: [{ schoolName: 'А"б' }] });
  });

  it("файл другого вида при явном виде назван", async () => {
    const result = await parse(utf8("Код ОО;Название ОО;Год;Всего обучающихся\n1;А;2025;100\n"), "results");
    expect(messages(result)).toEqual(["В файле данные вида «социальные данные», а ожидались «результаты»"]);
  });

  it("показывает первые 200 ошибок и число остальных", async () => {
    const lines = [RESULTS_HEAD, ...Array.from({ length: 500 }, (_, index) => `${index};А;2025;ЕГЭ;11;физика;много;60;1;1`)];
    const result = await parse(utf8(lines.join("\n")));
    expect(result.problems).toHaveLength(201);
    expect(result.problems[199]).toMatchObject({ row: 201, column: "Участники" });
    expect(formatProblem(result.problems[200]!)).toBe("И ещё 300 ошибок; исправьте показанные и проверьте файл снова");
  });
});

describe("CSV: социальные данные и задания", () => {
  it("читает социальный шаблон: числа, да/нет, пустое — нет данных; число больше общего — ошибка", async () => {
    const text =
      "Код ОО;Название ОО;Год;Всего обучающихся;С ОВЗ;На учёте в ОДН/КДН;Малокомплектная (да/нет);Дефицит компьютеров (да/нет);Инновационная площадка (да/нет)\n" +
      "1;А;2025;120;4;;да;нет;\n" +
      "2;Б;2025;30;31;1;может быть;1;+\n";
    const result = await parse(utf8(text), "social");
    expect(messages(result)).toEqual([
      "Строка 3, столбец «С ОВЗ»: 31 — больше, чем всего обучающихся (30)",
      "Строка 3, столбец «Малокомплектная (да/нет)»: «может быть» — укажите «да» или «нет»",
    ]);
    const ok = await parse(utf8(text.split("\n").slice(0, 2).join("\n")), "social");
    expect(ok.data).toEqual({
      kind: "social",
      rows: [
        {
          schoolCode: "1", schoolName: "А", year: 2025, students: 120, disabilities: 4, odnKdn: null, smallSchool: true, computerDeficit: false,
          innovationPlatform: null, parentsNoHigherEducation: null, unemployedParents: null, watchList: null, migrantOrLowRussian: null,
          nonAttested: null, truancy: null, remote: null, infrastructureDeficit: null, internetDeficit: null, unfilledPosts: null, accreditationSuspended: null,
        },
      ],
    });
  });

  it("читает шаблон заданий и ловит повтор задания", async () => {
    const text = "Код ОО;Название ОО;Год;Класс;Предмет;Задание;Выполнили, %;Тема, раздел\n1;А;2025;5;математика;10,1;37,5;Задачи на движение\n1;А;2025;5;математика;10.1;40;\n";
    const result = await parse(utf8(text));
    expect(messages(result)).toEqual(["Строка 3: повтор: школа 1, 2025, 5 класс, «математика», задание 10.1 уже есть в строке 2"]);
    const ok = await parse(utf8(text.split("\n").slice(0, 2).join("\n")));
    expect(ok.data).toEqual({ kind: "items", rows: [{ schoolCode: "1", schoolName: "А", year: 2025, grade: 5, subject: "математика", task: "10.1", solvedShare: 0.375, topic: "Задачи на движение" }] });
  });
});

describe("CSV: 40 000 строк", () => {
  it("разбирает 40 000 строк за секунды и сообщает прогресс не реже чем через 2 000 строк", async () => {
    const subjects = ["русский язык", "математика", "физика", "химия", "биология", "история", "обществознание", "география"];
    const lines = [RESULTS_HEAD];
    for (let school = 0; lines.length <= 40_000; school++) {
      for (const subject of subjects) lines.push(`${100000 + school};Школа № ${school};2025;ЕГЭ;11;${subject};${20 + (school % 30)};${(55 + (school % 40) / 3).toFixed(1).replace(".", ",")};${school % 9},5;${school % 13}`);
    }
    const content = cp1251(lines.slice(0, 40_001).join("\r\n"));
    const calls: Array<[number, number]> = [];
    const started = performance.now();
    const result = await parseDataFile({ kind: "results", fileName: "big.csv", content, onProgress: (done, total) => calls.push([done, total]) });
    const ms = performance.now() - started;
    console.log(`40 000 строк CSV (${(content.length / 1024 / 1024).toFixed(1)} МБ): ${ms.toFixed(0)} мс`);
    expect(result.problems).toEqual([]);
    expect(result.rowsRead).toBe(40_000);
    expect(result.data?.kind === "results" && result.data.rows.length).toBe(40_000);
    expect(ms).toBeLessThan(15_000);
    expect(calls[0]).toEqual([0, 40_000]);
    expect(calls.at(-1)).toEqual([40_000, 40_000]);
    for (let index = 1; index < calls.length; index++) expect(calls[index]![0] - calls[index - 1]![0]).toBeLessThanOrEqual(2000);
  });
});
