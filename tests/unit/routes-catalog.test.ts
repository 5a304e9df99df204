// The course catalog's check (every problem names row and column; all or nothing), the route built
// from a deficit profile, and the methodologist's group cells under the release rules.
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { deficitProfile } from "../../core/diagnostic/profile.ts";
import { teacherDiagnosticV1 } from "../../core/instruments/teacher-diagnostic.ts";
import { DEFAULT_METHODOLOGY } from "../../core/methodology/settings.ts";
import { checkCourseRows, columnOf, resolveArea } from "../../core/routes/catalog.ts";
import { advanceGroupRelease, groupsOf, groupView } from "../../core/services/methodologist.ts";
import type { AttributedDiagnostic, CourseRecord } from "../../core/services/routes-ports.ts";
import { buildTeacherItems, certificateProblem } from "../../core/services/routes.ts";
import { readCourseCatalog } from "../../files/courses.ts";

const header = ["Название", "Организатор", "Часы", "Компетенции", "Даты", "Ссылка"];

describe("каталог курсов: проверка строк", () => {
  it("узнаёт столбцы по заголовкам и компетенции по названию, слову или идентификатору", () => {
    expect(columnOf("Название курса")).toBe("title");
    expect(columnOf("Дата начала")).toBe("startsOn");
    expect(columnOf("Объём, ч")).toBe("hours");
    expect(resolveArea("ОВЗ")).toBe("disabilities");
    expect(resolveArea("Работа с обучающимися с ОВЗ")).toBe("disabilities");
    expect(resolveArea("at_risk")).toBe("at_risk");
    expect(resolveArea("управленческая команда")).toBe("management");
    expect(resolveArea("астрономия")).toBeNull();
  });

  it("читает правильные строки", () => {
    const { courses, problems } = checkCourseRows([
      header,
      ["Формирующее оценивание", "ИРО", 36, "ВПР; функциональная грамотность", "01.02.2026 – 15.02.2026", "iro.example.ru/kpk/1"],
      ["Инклюзия на уроке", "ЦНППМ", "24 ч", "ОВЗ", "", ""],
    ]);
    expect(problems).toEqual([]);
    expect(courses).toHaveLength(2);
    expect(courses[0]).toMatchObject({ title: "Формирующее оценивание", hours: 36, areas: ["assessment", "literacy"], url: "https://iro.example.ru/kpk/1" });
    expect(courses[0]!.startsOn!.toISOString().slice(0, 10)).toBe("2026-02-01");
    expect(courses[0]!.endsOn!.toISOString().slice(0, 10)).toBe("2026-02-15");
    expect(courses[1]).toMatchObject({ hours: 24, areas: ["disabilities"], startsOn: null, url: null });
  });

  it("каждая ошибка называет строку и столбец, и ни один курс не принимается", () => {
    const { courses, problems } = checkCourseRows([
      header,
      ["Хороший курс", "ИРО", 16, "ФГОС", "", ""],
      ["", "ИРО", "много", "астрономия", "32.13.2026", "не ссылка"],
      ["Хороший курс", "ИРО", 16, "ФГОС", "15.02.2026 - 01.02.2026", ""],
    ]);
    expect(courses).toEqual([]);
    const at = (row: number, column: string) => problems.filter((problem) => problem.row === row && problem.column === column);
    expect(at(3, "Название")[0]!.message).toMatch(/Пустая ячейка/);
    expect(at(3, "Часы")[0]!.message).toMatch(/«много» — не число часов/);
    expect(at(3, "Компетенции")[0]!.message).toMatch(/Неизвестная компетенция «астрономия»/);
    expect(at(3, "Даты")[0]!.message).toMatch(/не даты/);
    expect(at(3, "Ссылка")[0]!.message).toMatch(/не ссылка/);
    expect(at(4, "Название")[0]!.message).toMatch(/уже есть в строке 2/);
    expect(at(4, "Даты")[0]!.message).toMatch(/Окончание раньше начала/);
  });

  it("без обязательных столбцов называет их", () => {
    const { problems } = checkCourseRows([["Курс", "Часы"], ["A", 1]]);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toMatch(/«Организатор», «Компетенции»/);
    expect(problems[0]!.row).toBe(1);
  });

  it("CSV в Windows-1251 и XLSX читаются одинаково", async () => {
    const csv = "Название;Организатор;Часы;Компетенции\r\nКурс по ВПР;ИРО;36;ВПР\r\n";
    const cp1251 = new Uint8Array([...csv].map((char) => {
      const code = char.charCodeAt(0);
      if (code < 128) return code;
      if (code === 0x451) return 0xb8;
      if (code === 0x401) return 0xa8;
      return code - 0x410 + 0xc0;
    }));
    const fromCsv = await readCourseCatalog("kpk.csv", cp1251);
    expect(fromCsv.problems).toEqual([]);
    expect(fromCsv.courses[0]).toMatchObject({ title: "Курс по ВПР", provider: "ИРО", hours: 36, areas: ["assessment"] });

    const book = new ExcelJS.Workbook();
    book.addWorksheet("Инструкция").addRow(["Заполните лист «Курсы»"]);
    const sheet = book.addWorksheet("Курсы");
    sheet.addRow(["Название", "Организатор", "Часы", "Компетенции", "Начало", "Окончание"]);
    sheet.addRow(["Курс по ВПР", "ИРО", 36, "ВПР", new Date(Date.UTC(2026, 1, 1)), new Date(Date.UTC(2026, 1, 10))]);
    sheet.addRow(["Второй", "ИРО", 8, "неизвестно", null, null]);
    const bytes = new Uint8Array(await book.xlsx.writeBuffer());
    const fromXlsx = await readCourseCatalog("kpk.xlsx", bytes);
    expect(fromXlsx.courses).toEqual([]);
    expect(fromXlsx.problems).toEqual([expect.objectContaining({ sheet: "Курсы", row: 3, column: "Компетенции" })]);
  });
});

const course = (id: string, areas: string[], extra: Partial<CourseRecord> = {}): CourseRecord => ({
  id,
  districtId: "d",
  title: `Курс ${id}`,
  provider: "ИРО",
  hours: 16,
  areas,
  startsOn: null,
  endsOn: null,
  url: null,
  importedAt: new Date(),
  ...extra,
});

/** Answers: 1 (no competence) in the given areas, 4 elsewhere; burnout reversed accordingly. */
function answersWithDeficits(areas: string[]) {
  return new Map(
    teacherDiagnosticV1.questions.map((question) => {
      const weak = areas.includes(question.areaId);
      const value = weak ? 1 : 4;
      return [question.id, question.reverse ? 5 - value : value] as [string, number];
    }),
  );
}

describe("маршрут из профиля дефицитов", () => {
  const now = new Date("2026-03-01T00:00:00Z");
  const profile = deficitProfile(teacherDiagnosticV1, answersWithDeficits(["disabilities", "assessment"]), DEFAULT_METHODOLOGY);

  it("курсы по дефицитам (не прошедшие), семинары по дефицитам и темам ВПР, тьютор", () => {
    const items = buildTeacherItems({
      profile,
      courses: [
        course("c1", ["disabilities"], { startsOn: new Date("2026-04-01") }),
        course("c2", ["disabilities"], { startsOn: new Date("2026-03-10") }),
        course("c3", ["disabilities"]),
        course("old", ["assessment"], { endsOn: new Date("2026-01-31") }),
        course("c4", ["assessment", "disabilities"]),
        course("other", ["technology"]),
      ],
      topics: [{ grade: 5, subject: "Математика", topic: "Дроби", tasks: 2, schools: 3 }],
      mentor: { displayName: "Анна Петровна" },
      now,
    });
    const courses = items.filter((item) => item.kind === "course").map((item) => item.courseId);
    // Two per area, the earliest first, none ended, none twice, nothing outside the deficits.
    expect(courses).not.toContain("old");
    expect(courses).not.toContain("other");
    expect(new Set(courses).size).toBe(courses.length);
    // Both areas at 100: «Критерии оценивания…» first (by title), then «Работа с … ОВЗ» (c4 already taken).
    expect(courses).toEqual(["c4", "c2", "c1"]);
    expect(items.filter((item) => item.kind === "seminar").map((item) => item.title)).toEqual(
      expect.arrayContaining(["Работа с обучающимися с ОВЗ", "ВПР 5 кл., Математика: Дроби"]),
    );
    expect(items.at(-1)).toMatchObject({ kind: "tutor", title: "Тьютор: Анна Петровна" });
  });

  it("без дефицитов — без курсов", () => {
    const none = deficitProfile(teacherDiagnosticV1, answersWithDeficits([]), DEFAULT_METHODOLOGY);
    const items = buildTeacherItems({ profile: none, courses: [course("c1", ["fgos"])], topics: [], mentor: null, now });
    expect(items.filter((item) => item.kind === "course")).toEqual([]);
  });

  it("сертификат: ссылка https, файл PDF/JPG/PNG до 5 МБ", () => {
    expect(certificateProblem({ url: "https://iro.example.ru/cert/1" })).toBeNull();
    expect(certificateProblem({ url: "javascript:alert(1)" })).toMatch(/не ссылка/);
    expect(certificateProblem({ fileName: "cert.pdf", content: new Uint8Array(10) })).toBeNull();
    expect(certificateProblem({ fileName: "cert.exe", content: new Uint8Array(10) })).toMatch(/PDF, JPG или PNG/);
    expect(certificateProblem({ fileName: "cert.pdf", content: new Uint8Array(5 * 1024 * 1024 + 1) })).toMatch(/больше 5 МБ/);
  });
});

describe("методист: группы учителей по правилам публикации", () => {
  const settings = DEFAULT_METHODOLOGY;
  const response = (id: string, attributes: AttributedDiagnostic["attributes"], weak: string[] = ["bilingual"]): AttributedDiagnostic => ({
    responseId: id,
    answers: answersWithDeficits(weak),
    attributes,
  });
  const young = { serviceYears: 1, category: "none" as const, young: true, newlyArrived: null };
  const senior = { serviceYears: 25, category: "highest" as const, young: false, newlyArrived: false };

  it("группы из атрибутов", () => {
    expect(groupsOf(null)).toEqual(["all", "serviceNotSaid", "categoryNotSaid"]);
    expect(groupsOf(young)).toEqual(["all", "young", "serviceUnder3", "categoryNone"]);
  });

  const cell = (rows: ReturnType<typeof groupView>, group: string, area = "bilingual") =>
    rows.find((row) => row.group === group)!.areas.find((a) => a.areaId === area)!.cell;

  it("группа меньше минимума скрыта; группа, которая отличается от другой на одного, скрыта", () => {
    // 12 teachers: 5 young with service under 3, one more under 3 who is not young, 6 senior.
    const responses = [
      ...Array.from({ length: 5 }, (_, i) => response(`y${i}`, young)),
      response("u", { ...young, young: false }),
      ...Array.from({ length: 6 }, (_, i) => response(`s${i}`, senior, ["technology"])),
    ];
    const { doc } = advanceGroupRelease(teacherDiagnosticV1, null, responses, settings);
    const rows = groupView(teacherDiagnosticV1, doc, settings);
    expect(cell(rows, "all")).toMatchObject({ hidden: false, respondents: 12 });
    expect(cell(rows, "service20plus")).toMatchObject({ hidden: false, respondents: 6 });
    // «Молодые» (5) inside «стаж до 3» (6): the two differ by one teacher, so the smaller is hidden.
    expect(cell(rows, "young")).toEqual({ hidden: true });
    expect(cell(rows, "serviceUnder3")).toMatchObject({ hidden: false, respondents: 6 });
    // Nobody newly arrived, nobody with the first category: hidden, not even a count.
    expect(cell(rows, "newlyArrived")).toEqual({ hidden: true });
    expect(cell(rows, "categoryFirst")).toEqual({ hidden: true });
    // A hidden cell says nothing else.
    expect(Object.keys(cell(rows, "young"))).toEqual(["hidden"]);
  });

  it("итог минус показанные группы не выделяет меньше минимума", () => {
    // 5 senior + 2 who said nothing: the «не указали» group (2) is hidden and the shown seniors (5)
    // would leave 2 from the total of 7 — so the seniors are hidden too.
    const responses = [...Array.from({ length: 5 }, (_, i) => response(`s${i}`, senior)), response("n1", null), response("n2", null)];
    const rows = groupView(teacherDiagnosticV1, advanceGroupRelease(teacherDiagnosticV1, null, responses, settings).doc, settings);
    expect(cell(rows, "all")).toMatchObject({ hidden: false, respondents: 7 });
    expect(cell(rows, "service20plus")).toEqual({ hidden: true });
    expect(cell(rows, "categoryHighest")).toEqual({ hidden: true });
  });

  it("новый ответ не меняет опубликованную цифру, пока не наберётся шаг", () => {
    const first = Array.from({ length: 6 }, (_, i) => response(`s${i}`, senior));
    const one = advanceGroupRelease(teacherDiagnosticV1, null, first, settings).doc;
    const two = advanceGroupRelease(teacherDiagnosticV1, one, [...first, response("late", senior, ["fgos"])], settings);
    expect(two.changed).toBe(false);
    const rows = groupView(teacherDiagnosticV1, two.doc, settings);
    expect(cell(rows, "all")).toMatchObject({ respondents: 6 });
  });
});
