// The bot's identification screens stay within a messenger message (about 4 000 characters in both)
// however much a file or a run has to say: at most 15 problems and 15 schools shown, the rest counted,
// long lines shortened, the question or the advice at the end always kept.
import { describe, expect, it } from "vitest";
import { checkScreen, runText } from "../../core/journeys/identification.ts";
import type { Turn } from "../../core/journeys/types.ts";
import type { DataCheck, RunSummary } from "../../core/services/identification.ts";

const turn = { deps: { randomBytes: (size: number) => new Uint8Array(size).fill(7) } } as unknown as Turn;

const check = (over: Partial<DataCheck>): DataCheck => ({
  kind: "results",
  shape: "шаблон",
  rows: 40_000,
  schools: 400,
  years: [2023, 2024, 2025],
  newSchools: [],
  replaces: 0,
  problems: [],
  warnings: [],
  ok: true,
  ...over,
});

describe("экран проверки файла", () => {
  it("40 длинных ошибок: показаны 15, остальные посчитаны, сообщение не длиннее 4 000 знаков", () => {
    const problems = Array.from({ length: 40 }, (_, index) => ({
      sheet: "Результаты",
      row: index + 2,
      column: "Средний балл",
      message: `«${"очень длинное значение ".repeat(40)}» — не число`,
    }));
    const warnings = Array.from({ length: 9 }, (_, index) => ({ sheet: "", message: `замечание ${index + 1} ${"подробно ".repeat(60)}` }));
    const screen = checkScreen(turn, "rezultaty.xlsx", "Тестовый район", null, check({ ok: false, problems, warnings }));
    expect(screen.text.length).toBeLessThanOrEqual(4000);
    expect(screen.buttons).toBeUndefined();
    expect(screen.text).toContain("Ошибки (40) — файл не загружен, ничего не сохранено:");
    expect(screen.text.split("\n").filter((line) => line.startsWith("• Лист «Результаты», строка ")).length).toBeLessThanOrEqual(15);
    expect(screen.text.endsWith("Исправьте файл и пришлите его снова. Шаблоны — /templates.")).toBe(true);
    for (const line of screen.text.split("\n")) expect(line.length).toBeLessThanOrEqual(400);
  });

  it("15 коротких ошибок видны все, шестнадцатая — в счёте", () => {
    const problems = Array.from({ length: 16 }, (_, index) => ({ sheet: "Результаты", row: index + 3, column: "Год", message: "не год" }));
    const text = checkScreen(turn, "f.xlsx", "Район", null, check({ ok: false, problems })).text;
    expect(text).toContain("• Лист «Результаты», строка 17, столбец «Год»: не год");
    expect(text).not.toContain("строка 18,");
    expect(text).toContain("…и ещё 1.");
  });

  it("исправный файл: вопрос и две кнопки с одноразовой меткой", () => {
    const screen = checkScreen(turn, "f.xlsx", "Район", "upload1", check({}));
    expect(screen.text.endsWith("Всё в порядке. Загрузить данные?")).toBe(true);
    expect(screen.buttons).toEqual([
      [
        { kind: "action", text: "Загрузить", data: expect.stringMatching(/^ident:load:upload1~\w+$/) },
        { kind: "action", text: "Отмена", data: expect.stringMatching(/^ident:drop:upload1~\w+$/) },
      ],
    ]);
    // One mark for both buttons: pressing one uses up the other.
    const [load, drop] = screen.buttons![0]!.map((button) => (button.kind === "action" ? button.data.split("~")[1] : ""));
    expect(load).toBe(drop);
  });
});

describe("сводка расчёта", () => {
  const run = (entered: number): RunSummary => ({
    runId: "run1",
    year: 2025,
    methodologyVersion: 2,
    createdAt: new Date(),
    clusters: { failing: 3, effective: 20, deprived: 5, resilient: 2 },
    shnor: entered,
    shnsu: 1,
    entered: Array.from({ length: entered }, (_, index) => ({ schoolCode: `c${index}`, schoolName: `МБОУ СОШ №${index + 1}`, list: "shnor" as const })),
    left: [{ schoolCode: "x", schoolName: "МБОУ ООШ №99", list: "shnsu" }],
    warnings: Array.from({ length: 8 }, (_, index) => `нет данных ЕГЭ за ${2018 + index} год`),
  });

  it("кластеры, списки, вошедшие (не больше 15) и вышедшие, предупреждения (не больше 5)", () => {
    const text = runText("Тестовый район", run(30));
    expect(text.startsWith("Тестовый район: ШНОР и ШНСУ за 2025 год (методика, версия 2)\n\nКластеры:\n• несправляющиеся — 3 школы\n")).toBe(true);
    expect(text).toContain("• эффективные — 20 школ\n• депривированные — 5 школ\n• резильентные — 2 школы");
    expect(text).toContain("ШНОР: 30 школ. ШНСУ: 1 школа.");
    expect(text).toContain("• МБОУ СОШ №15 — ШНОР\n• …и ещё 15");
    expect(text).toContain("Вышли из списка:\n• МБОУ ООШ №99 — ШНСУ");
    expect(text).toContain("• нет данных ЕГЭ за 2022 год\n• …и ещё 3");
    expect(text.endsWith("в приложении: страница района → «ШНОР и ШНСУ».")).toBe(true);
    expect(text.length).toBeLessThanOrEqual(4000);
  });

  it("без изменений в составе списков — так и сказано", () => {
    const text = runText("Район", { ...run(0), left: [] });
    expect(text).toContain("Состав списков не изменился.");
  });
});
