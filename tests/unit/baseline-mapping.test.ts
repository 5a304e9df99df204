// Planning a baseline import (core/baseline/mapping.ts) and reading the exports (files/baseline.ts).
import { describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { InstrumentSchema } from "../../core/instruments/schema.ts";
import { emptyMapping, identifyingHeader, planBaseline, readTimestamp, textKey, type BaselineTable } from "../../core/baseline/mapping.ts";
import { readBaselineFile } from "../../files/baseline.ts";

export const baselineTestInstrument = InstrumentSchema.parse({
  key: "student_survey",
  version: 1,
  title: "Анкета ученика (тест)",
  status: "approved",
  respondent: "student",
  intro: "Тестовая анкета.",
  scale: [
    { value: 1, label: "Совсем не согласен" },
    { value: 2, label: "Скорее не согласен" },
    { value: 3, label: "Скорее согласен" },
    { value: 4, label: "Полностью согласен" },
  ],
  areas: [
    { id: "climate", title: "Климат", advice: "—" },
    { id: "facts", title: "Факты", advice: "—" },
  ],
  questions: [
    { id: "like", areaId: "climate", text: "Мне нравится учиться в моей школе", unsure: true },
    { id: "fair", areaId: "climate", text: "Учителя оценивают мои работы справедливо" },
    {
      id: "bullied",
      areaId: "facts",
      type: "yesno",
      text: "За последний месяц тебя обижали одноклассники?",
    },
    {
      id: "where",
      areaId: "facts",
      type: "multiple",
      text: "Где это происходило?",
      options: [
        { value: 1, label: "В классе" },
        { value: 2, label: "На перемене, в коридоре" },
        { value: 3, label: "В интернете" },
      ],
      required: false,
      showIf: { questionId: "bullied", yes: true },
    },
    { id: "grade", areaId: "facts", type: "number", text: "В каком ты классе?", min: 1, max: 11 },
    { id: "note", areaId: "facts", type: "text", text: "Что бы ты изменил в школе?", required: false },
    {
      id: "mood",
      areaId: "facts",
      type: "single",
      text: "С каким настроением ты идёшь в школу?",
      options: [
        { value: 1, label: "С плохим" },
        { value: 2, label: "С обычным" },
        { value: 3, label: "С хорошим" },
      ],
    },
  ],
});

const schools = [
  { id: "s1", name: "МБОУ «СОШ № 5»", code: "0705" },
  { id: "s2", name: "МКОУ «Лицей № 2»", code: "702" },
];

const HEADERS = [
  "Отметка времени",
  "Адрес электронной почты",
  "ФИО",
  "Ваша школа",
  "Мне нравится учиться в моей школе",
  "2. Учителя оценивают мои работы справедливо",
  "За последний месяц тебя обижали одноклассники?",
  "Где это происходило?",
  "В каком ты классе?",
  "Что бы ты изменил в школе?",
  "С каким настроением ты идёшь в школу?",
  "Номер телефона",
];

const table = (rows: string[][]): BaselineTable => ({
  sheet: "CSV",
  headerRow: 1,
  headers: HEADERS,
  rows: rows.map((cells, index) => ({ row: index + 2, cells })),
});

const GOOD_ROW = [
  "14.03.2025 10:22:31",
  "ivanov@example.ru",
  "Иванов Иван Иванович",
  "СОШ № 5",
  "Полностью согласен",
  "3",
  "Да",
  "В классе, На перемене, в коридоре",
  "7",
  "Больше кружков",
  "С хорошим",
  "+7 900 000-00-00",
];

describe("baseline columns", () => {
  it("drops the columns that identify a person and keeps timestamps and questions", () => {
    expect(identifyingHeader("Адрес электронной почты")).toBe(true);
    expect(identifyingHeader("Email")).toBe(true);
    expect(identifyingHeader("ФИО")).toBe(true);
    expect(identifyingHeader("Ваше имя")).toBe(true);
    expect(identifyingHeader("Номер телефона")).toBe(true);
    expect(identifyingHeader("Отметка времени")).toBe(false);
    expect(identifyingHeader("Мне нравится учиться в моей школе")).toBe(false);
    // A long question that mentions «имя» is a question.
    expect(identifyingHeader("Знаешь ли ты, как обратиться к школьному психологу, если не хочешь называть своё имя одноклассникам?")).toBe(false);

    const plan = planBaseline({ instrument: baselineTestInstrument, table: table([GOOD_ROW]), schools, mapping: emptyMapping() });
    const roles = Object.fromEntries(plan.columns.map((column) => [column.header, column.questionId ?? column.role]));
    expect(roles).toEqual({
      "Отметка времени": "timestamp",
      "Адрес электронной почты": "dropped",
      ФИО: "dropped",
      "Ваша школа": "school",
      "Мне нравится учиться в моей школе": "like",
      "2. Учителя оценивают мои работы справедливо": "fair",
      "За последний месяц тебя обижали одноклассники?": "bullied",
      "Где это происходило?": "where",
      "В каком ты классе?": "grade",
      "Что бы ты изменил в школе?": "note",
      "С каким настроением ты идёшь в школу?": "mood",
      "Номер телефона": "dropped",
    });
    expect(plan.problems).toEqual([]);
    expect(plan.responses).toEqual([
      {
        row: 2,
        schoolId: "s1",
        answers: [
          ["like", { kind: "int", value: 4 }],
          ["fair", { kind: "int", value: 3 }],
          ["bullied", { kind: "int", value: 1 }],
          ["where", { kind: "ints", values: [1, 2] }],
          ["grade", { kind: "number", value: 7 }],
          ["note", { kind: "text", value: "Больше кружков" }],
          ["mood", { kind: "int", value: 3 }],
        ],
      },
    ]);
    // No value of a dropped column anywhere in what the plan carries on.
    const carried = JSON.stringify(plan);
    for (const secret of ["ivanov@example.ru", "Иванов", "+7 900"]) expect(carried).not.toContain(secret);
    expect(plan.filledBetween).toEqual({ from: new Date("2025-03-14T10:22:31Z"), to: new Date("2025-03-14T10:22:31Z") });
  });

  it("a mapping can never turn an identifying column into a question", () => {
    const mapping = { ...emptyMapping(), columns: { [textKey("ФИО")]: { questionId: "note" } } };
    const plan = planBaseline({ instrument: baselineTestInstrument, table: table([GOOD_ROW]), schools, mapping });
    expect(plan.columns.find((column) => column.header === "ФИО")!.role).toBe("dropped");
    expect(plan.problems.some((problem) => problem.column === "ФИО")).toBe(true);
    expect(JSON.stringify(plan.responses)).not.toContain("Иванов");
  });

  it("maps columns with a saved mapping (renamed questions) and answer texts with overrides", () => {
    const headers = ["Timestamp", "Школа", "Нравится ли тебе в школе (по шкале)", "Оценки справедливые?"];
    const base: BaselineTable = {
      sheet: "Ответы",
      headerRow: 1,
      headers,
      rows: [{ row: 2, cells: ["2025/03/14 10:22:31 PM GMT+3", "702", "очень нравится", "Скорее согласен"] }],
    };
    const first = planBaseline({ instrument: baselineTestInstrument, table: base, schools, mapping: emptyMapping() });
    // Neither question text is near enough: not guessed.
    expect(first.columns.filter((column) => column.role === "question")).toEqual([]);
    expect(first.problems.length).toBeGreaterThan(0);

    const mapping = {
      ...emptyMapping(),
      columns: { [textKey(headers[2]!)]: { questionId: "like" }, [textKey(headers[3]!)]: { questionId: "fair" } },
      answers: { like: { [textKey("очень нравится")]: 4 } },
    };
    const plan = planBaseline({ instrument: baselineTestInstrument, table: base, schools, mapping });
    expect(plan.problems).toEqual([]);
    expect(plan.responses).toEqual([
      {
        row: 2,
        schoolId: "s2",
        answers: [
          ["like", { kind: "int", value: 4 }],
          ["fair", { kind: "int", value: 3 }],
        ],
      },
    ]);
    expect(plan.filledBetween?.from).toEqual(new Date("2025-03-14T22:22:31Z"));
  });

  it("names row and column of every problem: unknown answers (counted once), bounds, schools", () => {
    const bad = [...GOOD_ROW];
    bad[4] = "Иногда";
    const bad2 = [...GOOD_ROW];
    bad2[4] = "Иногда";
    bad2[8] = "14";
    bad2[3] = "Школа № 99";
    const plan = planBaseline({ instrument: baselineTestInstrument, table: table([GOOD_ROW, bad, bad2]), schools, mapping: emptyMapping() });
    expect(plan.responses.map((response) => response.row)).toEqual([2]);
    expect(plan.unknownAnswers).toEqual([{ questionId: "like", key: "иногда", text: "Иногда", rows: 2 }]);
    expect(plan.unknownSchools).toEqual([{ key: "школа 99", text: "Школа № 99", rows: 1 }]);
    const places = plan.problems.map((problem) => `${problem.row}:${problem.column}`);
    expect(places).toEqual(["4:В каком ты классе?", "3:Мне нравится учиться в моей школе", "4:Ваша школа"]);
    expect(plan.problems[1]!.message).toContain("2 строках");
  });

  it("«затрудняюсь ответить» only where the question offers it", () => {
    const row = [...GOOD_ROW];
    row[4] = "Затрудняюсь ответить";
    row[5] = "Затрудняюсь ответить";
    const plan = planBaseline({ instrument: baselineTestInstrument, table: table([row]), schools, mapping: emptyMapping() });
    expect(plan.problems).toHaveLength(1);
    expect(plan.problems[0]!.column).toBe("2. Учителя оценивают мои работы справедливо");
    const ok = planBaseline({
      instrument: baselineTestInstrument,
      table: table([row]),
      schools,
      mapping: { ...emptyMapping(), answers: { fair: { [textKey("Затрудняюсь ответить")]: 2 } } },
    });
    expect(ok.problems).toEqual([]);
    expect(ok.responses[0]!.answers.slice(0, 2)).toEqual([
      ["like", { kind: "unsure" }],
      ["fair", { kind: "int", value: 2 }],
    ]);
  });

  it("without a school column: one school for the whole file, or a problem", () => {
    const headers = ["Мне нравится учиться в моей школе"];
    const single: BaselineTable = { sheet: "CSV", headerRow: 1, headers, rows: [{ row: 2, cells: ["Скорее согласен"] }] };
    expect(planBaseline({ instrument: baselineTestInstrument, table: single, schools, mapping: emptyMapping() }).problems[0]!.message).toContain("нет столбца со школой");
    const plan = planBaseline({ instrument: baselineTestInstrument, table: single, schools, mapping: emptyMapping(), schoolId: "s2" });
    expect(plan.problems).toEqual([]);
    expect(plan.responses[0]!.schoolId).toBe("s2");
  });

  it("reads Google Forms and Yandex Forms times", () => {
    expect(readTimestamp("14.03.2025 10:22:31")).toEqual(new Date("2025-03-14T10:22:31Z"));
    expect(readTimestamp("2025-03-14 10:22:31")).toEqual(new Date("2025-03-14T10:22:31Z"));
    expect(readTimestamp("2025/03/14 1:02:03 AM GMT+3")).toEqual(new Date("2025-03-14T01:02:03Z"));
    expect(readTimestamp("вчера")).toBeNull();
  });
});

describe("baseline files", () => {
  const csv = (text: string) => [HEADERS.join(";"), text].join("\r\n");

  it("reads a CSV in Windows-1251 (Excel on a Russian Windows)", async () => {
    const text = csv(GOOD_ROW.map((cell) => (cell.includes(",") ? `"${cell}"` : cell)).join(";"));
    const bytes = new Uint8Array([...text].map((char) => {
      const code = char.charCodeAt(0);
      if (code < 128) return code;
      if (char === "ё") return 0xb8;
      if (char === "Ё") return 0xa8;
      if (char === "№") return 0xb9;
      if (char === "«") return 0xab;
      if (char === "»") return 0xbb;
      return code - 0x410 + 0xc0;
    }));
    const read = await readBaselineFile("ответы.csv", bytes);
    expect(read.problems).toEqual([]);
    expect(read.table!.headers).toEqual(HEADERS);
    expect(read.table!.rows).toEqual([{ row: 2, cells: GOOD_ROW }]);
  });

  it("reads an XLSX with a date-time cell and skips empty rows", async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet("Ответы на форму (1)");
    sheet.addRow(["Отметка времени", "Мне нравится учиться в моей школе"]);
    sheet.addRow([new Date("2025-03-14T10:22:31Z"), "Скорее согласен"]);
    sheet.addRow([]);
    sheet.addRow([new Date("2025-03-15T08:00:00Z"), 4]);
    const content = new Uint8Array(await book.xlsx.writeBuffer());
    const read = await readBaselineFile("ответы.xlsx", content);
    expect(read.problems).toEqual([]);
    expect(read.table).toEqual({
      sheet: "Ответы на форму (1)",
      headerRow: 1,
      headers: ["Отметка времени", "Мне нравится учиться в моей школе"],
      rows: [
        { row: 2, cells: ["2025-03-14 10:22:31", "Скорее согласен"] },
        { row: 4, cells: ["2025-03-15 08:00:00", "4"] },
      ],
    });
  });

  it("refuses a file with only a header, or no table", async () => {
    expect((await readBaselineFile("a.csv", new TextEncoder().encode("Вопрос;Ответ\r\n"))).problems[0]!.message).toContain("нет ни одного ответа");
    expect((await readBaselineFile("a.csv", new Uint8Array())).table).toBeNull();
  });
});
