// #15 pure rules: the library's search (title, description, number and tags; Russian, any case, «ё» as
// «е», word starts, title first) and the item's checks; at-risk counts (integers 0..10 000, no names in a
// note) and their totals; the reserve candidate's checks.
import { describe, expect, it } from "vitest";
import { AtRiskCountsSchema, AtRiskPlanEventSchema, atRiskTotals, looksLikeName } from "../../core/services/at-risk-rules.ts";
import { filterLibrary, parseLibraryInput, queryWords, searchLibrary, type Searchable } from "../../core/services/library-rules.ts";
import { parseReserveInput } from "../../core/services/reserve-rules.ts";

const item = (title: string, extra: Partial<Searchable> = {}): Searchable & { id: string } => ({
  id: title,
  kind: "methodical",
  title,
  description: null,
  docNumber: null,
  areas: [],
  riskFactors: [],
  ...extra,
});

describe("поиск по библиотеке", () => {
  const items = [
    item("Положение о школьной службе медиации", { kind: "regulation", description: "Конфликты и травля: порядок работы" }),
    item("Памятка классному руководителю", { areas: ["disabilities"] }),
    item("Работа с ОВЗ на уроке", { docNumber: "12-МР" }),
    item("Ёлочка: подборка игр", { kind: "selection", riskFactors: ["motivation"] }),
  ];

  it("слова запроса ищутся в начале слов названия, описания, номера и тегов — без учёта регистра и «ё»", () => {
    expect(searchLibrary(items, "овз").map((row) => row.id)).toEqual(["Работа с ОВЗ на уроке", "Памятка классному руководителю"]);
    expect(searchLibrary(items, "ТРАВЛЯ").map((row) => row.id)).toEqual(["Положение о школьной службе медиации"]);
    expect(searchLibrary(items, "елочка").map((row) => row.id)).toEqual(["Ёлочка: подборка игр"]);
    expect(searchLibrary(items, "мотивация").map((row) => row.id)).toEqual(["Ёлочка: подборка игр"]);
    expect(searchLibrary(items, "12-мр").map((row) => row.id)).toEqual(["Работа с ОВЗ на уроке"]);
    expect(searchLibrary(items, "положение").map((row) => row.id)).toEqual(["Положение о школьной службе медиации"]);
    // Every word must match; a word inside another word does not.
    expect(searchLibrary(items, "овз памятка").map((row) => row.id)).toEqual(["Памятка классному руководителю"]);
    expect(searchLibrary(items, "едиации")).toEqual([]);
    expect(searchLibrary(items, "  ").map((row) => row.id)).toEqual(items.map((row) => row.id));
    expect(queryWords("а, ОВЗ!  (ёж)")).toEqual(["овз", "еж"]);
  });

  it("фильтры по виду и тегу, затем слова", () => {
    expect(filterLibrary(items, { kind: "selection" }).map((row) => row.id)).toEqual(["Ёлочка: подборка игр"]);
    expect(filterLibrary(items, { tag: "area:disabilities" }).map((row) => row.id)).toEqual(["Памятка классному руководителю"]);
    expect(filterLibrary(items, { tag: "risk:motivation", q: "игр" })).toHaveLength(1);
    expect(filterLibrary(items, { kind: "order" })).toEqual([]);
  });

  it("проверка материала: пустое — null, дата — полночь UTC, теги — из каталога, один раз", () => {
    const parsed = parseLibraryInput({ kind: "order", title: "  Приказ  ", docNumber: " ", docDate: "2023-04-11", url: "", areas: ["fgos", "fgos"], riskFactors: ["staff"] });
    expect(parsed).toEqual({
      ok: true,
      data: { kind: "order", title: "Приказ", description: null, docNumber: null, docDate: new Date("2023-04-11T00:00:00Z"), url: null, areas: ["fgos"], riskFactors: ["staff"] },
    });
    const bad = parseLibraryInput({ kind: "order", title: "Приказ", riskFactors: ["nope"], url: "javascript:alert(1)" });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.issues.map((issue) => issue.field)).toEqual(expect.arrayContaining(["riskFactors", "url"]));
    expect(parseLibraryInput(null).ok).toBe(false);
  });
});

describe("группы риска: только числа, без имён", () => {
  it("похоже на имя: фамилия с инициалами, отчество, два слова с заглавной внутри фразы", () => {
    for (const text of ["Иванов И.И.", "И. И. Иванов", "со слов Марии Петровны", "беседа с Иваном Петровым", "Петров Иван Сергеевич"]) expect(looksLikeName(text), text).toBe(true);
    for (const text of ["по итогам I четверти", "Учёт в КДН и ПДН", "Трое из 5 класса", "Данные на 1 октября. Совет профилактики", "ОВЗ: 2 по заключению ПМПК"]) {
      expect(looksLikeName(text), text).toBe(false);
    }
  });

  it("численность — целое от 0 до 10 000; категории — по одной; примечание короткое", () => {
    const ok = AtRiskCountsSchema.safeParse({ schoolYear: "2026/27", counts: [{ category: "ovz", count: 0 }, { category: "absentees", count: 10_000, note: " " }] });
    expect(ok.success && ok.data.counts[1]!.note).toBe(null);
    for (const count of [-1, 0.5, 10_001, "3", null]) expect(AtRiskCountsSchema.safeParse({ schoolYear: "2026/27", counts: [{ category: "ovz", count }] }).success, String(count)).toBe(false);
    expect(AtRiskCountsSchema.safeParse({ schoolYear: "2026/28", counts: [{ category: "ovz", count: 1 }] }).success).toBe(false);
    expect(AtRiskCountsSchema.safeParse({ schoolYear: "2026/27", counts: [{ category: "ovz", count: 1, name: "Петя" }] }).success).toBe(false);
    expect(AtRiskCountsSchema.safeParse({ schoolYear: "2026/27", counts: [{ category: "ovz", count: 1, note: "x".repeat(201) }] }).success).toBe(false);
    expect(AtRiskPlanEventSchema.safeParse({ schoolYear: "2026/27", category: "ovz", title: "Консилиум", dueOn: "2026-02-30" }).success).toBe(false);
    expect(AtRiskPlanEventSchema.parse({ schoolYear: "2026/27", category: "ovz", title: "Консилиум", dueOn: "2026-02-28" }).section).toBe("methodical");
  });

  it("итоги по категориям и число школ, заполнивших сведения", () => {
    expect(
      atRiskTotals([
        { schoolId: "a", category: "ovz", count: 3 },
        { schoolId: "b", category: "ovz", count: 5 },
        { schoolId: "b", category: "absentees", count: 2 },
      ]),
    ).toEqual({ totals: { absentees: 2, low_achievers: 0, ovz: 8, watch_list: 0 }, reported: 2 });
  });
});

describe("кадровый резерв: проверка кандидата", () => {
  it("обязательные поля, подготовка с годом и часами, русские сообщения с номером строки", () => {
    const ok = parseReserveInput({ fullName: "Сидорова Анна Викторовна", currentPosition: "учитель", targetPosition: "директор", training: [{ title: "КПК ШНОР", year: 2026, hours: "" }] });
    expect(ok).toEqual({ ok: true, data: { fullName: "Сидорова Анна Викторовна", schoolId: null, currentPosition: "учитель", targetPosition: "директор", training: [{ title: "КПК ШНОР", year: 2026, hours: null }], note: null } });
    const bad = parseReserveInput({ fullName: "Ан", currentPosition: "", targetPosition: "директор", training: [{ title: "КПК ШНОР", year: 2026, hours: 0 }], extra: 1 });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      const text = bad.issues.map((issue) => issue.message).join("; ");
      expect(text).toContain("ФИО: не короче 5 символов");
      expect(text).toContain("Текущая должность: не короче 3 символов");
      expect(text).toContain("Подготовка (1), часы: целое число часов от 1 до 2000");
      expect(text).toContain("лишние поля extra");
    }
  });
});
