import { describe, expect, it } from "vitest";
import { InstrumentSchema, type Instrument } from "../../core/instruments/schema.ts";
import { teacherDiagnosticV1 } from "../../core/instruments/teacher-diagnostic.ts";
import { DEFAULT_METHODOLOGY, MethodologySettingsSchema } from "../../core/methodology/settings.ts";
import { ConfigError, loadConfig } from "../../server/config.ts";
import {
  advanceDeficitRelease,
  deficitSummaryView,
  type AttributedResponse,
  type DeficitReleaseDoc,
} from "../../core/release/deficits.ts";
import { branchingWarnings } from "../../core/release/instrument-check.ts";
import { checkInstrumentFile } from "../../core/services/instruments.ts";
import { minimumFor, nextCell, releaseMean, releaseShare, suppressTable } from "../../core/release/rules.ts";

const settings = DEFAULT_METHODOLOGY;
const all = (value: number) => new Map(teacherDiagnosticV1.questions.map((question) => [question.id, value]));
const response = (id: string, value: number, schoolIds = ["a"]): AttributedResponse => ({ responseId: id, schoolIds, answers: all(value) });
const schools = (teachers: Record<string, number>) => Object.entries(teachers).map(([id, count]) => ({ id, teachers: count }));

/** Releases step by step as readers would trigger them, returning what a reader sees each time. */
function readings(instrument: Instrument, steps: AttributedResponse[][], sizes: Record<string, number>) {
  let doc: DeficitReleaseDoc | null = null;
  return steps.map((responses) => {
    doc = advanceDeficitRelease(instrument, doc, responses, schools(sizes), settings).doc;
    return deficitSummaryView(instrument, doc, Object.keys(sizes), settings);
  });
}

describe("правила публикации: округление и границы", () => {
  it("доли кратны 5 %, 0 % и 100 % при 20+ ответивших — «≤ 5 %» и «≥ 95 %»", () => {
    expect(releaseShare(0, 40)).toEqual({ value: 5, bound: "le" });
    expect(releaseShare(40, 40)).toEqual({ value: 95, bound: "ge" });
    expect(releaseShare(12, 40)).toEqual({ value: 30, bound: null });
    expect(releaseShare(13, 40)).toEqual({ value: 35, bound: null });
    expect(releaseShare(7, 20)).toEqual({ value: 35, bound: null });
  });

  it("при n = 5 доля 100 % не говорит «все пятеро»: граница допускает одного несогласного", () => {
    expect(releaseShare(5, 5)).toEqual({ value: 80, bound: "ge" });
    expect(releaseShare(4, 5)).toEqual(releaseShare(5, 5));
    expect(releaseShare(0, 5)).toEqual({ value: 20, bound: "le" });
    expect(releaseShare(1, 5)).toEqual(releaseShare(0, 5));
    expect(releaseShare(2, 5)).toEqual({ value: 40, bound: null });
  });

  it("средние — целые числа, крайние — «≤ 5» и «≥ 95»", () => {
    expect(releaseMean(41.6)).toEqual({ value: 42, bound: null });
    expect(releaseMean(100)).toEqual({ value: 95, bound: "ge" });
    expect(releaseMean(2)).toEqual({ value: 5, bound: "le" });
  });

  it("открытый текст требует 10 ответивших, шкала — минимум настроек", () => {
    expect(minimumFor("text", settings)).toBe(10);
    expect(minimumFor("scale", settings)).toBe(5);
    expect(minimumFor("text", { minRespondents: 12 })).toBe(12);
  });
});

describe("правила публикации: ячейка меняется шагами", () => {
  const params = { minimum: 5, step: 3 };
  const entries = (n: number) => Array.from({ length: n }, (_, i) => ({ responseId: `r${i}`, value: i }));
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

  it("ниже минимума — скрыто; с 5 — показано; 6-й и 7-й ответ не меняют цифру, 8-й меняет", () => {
    const at4 = nextCell(undefined, entries(4), params, sum);
    expect(at4.figure).toBeNull();
    const at5 = nextCell(at4, entries(5), params, sum);
    expect(at5.figure).toBe(10);
    expect(nextCell(at5, entries(6), params, sum)).toBe(at5);
    expect(nextCell(at5, entries(7), params, sum)).toBe(at5);
    expect(nextCell(at5, entries(8), params, sum).figure).toBe(28);
  });

  it("ушедшие из базиса не меняют выпущенную цифру", () => {
    const at6 = nextCell(undefined, entries(6), params, sum);
    expect(nextCell(at6, entries(5), params, sum)).toBe(at6);
  });
});

describe("атаки аудита на агрегат школы", () => {
  it("чтение при 5 и при 6 ответивших: 6·m6 − 5·m5 не выдаёт шестого", () => {
    const five = [1, 2, 3, 4, 2].map((value, i) => response(`t${i}`, value));
    const six = [...five, response("t5", 4)];
    const [at5, at6] = readings(teacherDiagnosticV1, [five, six], { a: 6 });
    expect(at6!.schools[0]).toEqual(at5!.schools[0]);
  });

  it("деактивация педагога (6 → 5) ничего не меняет: ответ засчитан школе при завершении", () => {
    const six = [1, 2, 3, 4, 2, 4].map((value, i) => response(`t${i}`, value));
    // The membership ended, but the response keeps its school: the same six responses arrive.
    const [before, after] = readings(teacherDiagnosticV1, [six, six], { a: 6 });
    expect(after!.schools[0]).toEqual(before!.schools[0]);
    // Even a response that disappears (the person deleted their data) does not change the figure.
    const [, withoutOne] = readings(teacherDiagnosticV1, [six, six.slice(1)], { a: 6 });
    expect(withoutOne!.schools[0]).toEqual(before!.schools[0]);
  });

  it("область, которую увидел один из пяти (ветвление), скрыта", () => {
    const branching = InstrumentSchema.parse({
      key: "teacher_diagnostic",
      version: 2,
      title: "Ветвление",
      status: "draft",
      intro: "Вступление",
      scale: teacherDiagnosticV1.scale,
      areas: [
        { id: "main", title: "Основное", advice: "Совет" },
        { id: "rare", title: "Редкое", advice: "Совет" },
      ],
      questions: [
        { id: "q1", areaId: "main", text: "Вопрос 1" },
        { id: "q2", areaId: "rare", text: "Вопрос 2", showIf: { questionId: "q1", values: [1] } },
      ],
    });
    const answers = (q1: number, q2?: number) => new Map(q2 === undefined ? [["q1", q1]] : [["q1", q1], ["q2", q2]]);
    const five: AttributedResponse[] = [
      { responseId: "t0", schoolIds: ["a"], answers: answers(1, 4) },
      ...[1, 2, 3, 4].map((i) => ({ responseId: `t${i}`, schoolIds: ["a"], answers: answers(3) })),
    ];
    const [view] = readings(branching, [five], { a: 5 });
    const row = view!.schools[0]!.areas;
    expect(row.find((area) => area.areaId === "main")!.cell.hidden).toBe(false);
    expect(row.find((area) => area.areaId === "rare")!.cell).toEqual({ hidden: true });
    expect(view!.district.find((area) => area.areaId === "rare")!.cell).toEqual({ hidden: true });
  });

  it("доля выраженного дефицита 100 % при n = 5 показана как «≥ 80 %»", () => {
    const five = [1, 1, 1, 1, 1].map((value, i) => response(`t${i}`, value));
    const [view] = readings(teacherDiagnosticV1, [five], { a: 5 });
    const cell = view!.schools[0]!.areas[0]!.cell;
    expect(cell).toMatchObject({ hidden: false, pronouncedShare: { value: 80, bound: "ge" }, meanDeficit: { value: 95, bound: "ge" } });
  });
});

describe("малые школы и сводка района", () => {
  it("школа с числом педагогов меньше минимума скрыта всегда, её ответы входят в группу малых школ и в район", () => {
    const responses = [
      ...[1, 2, 3].map((value, i) => response(`s${i}`, value, ["small1"])),
      ...[2, 3].map((value, i) => response(`u${i}`, value, ["small2"])),
      ...[1, 2, 3, 4, 4].map((value, i) => response(`b${i}`, value, ["big"])),
    ];
    const [view] = readings(teacherDiagnosticV1, [responses], { small1: 3, small2: 4, big: 12 });
    const cells = (areas: Array<{ cell: { hidden: boolean } }>) => areas.map((area) => area.cell.hidden);
    expect(view!.schools.find((row) => row.schoolId === "small1")!.small).toBe(true);
    expect(cells(view!.schools.find((row) => row.schoolId === "small1")!.areas).every(Boolean)).toBe(true);
    expect(cells(view!.smallSchools.areas).every((hidden) => !hidden)).toBe(true);
    expect(cells(view!.schools.find((row) => row.schoolId === "big")!.areas).every((hidden) => !hidden)).toBe(true);
    expect(cells(view!.district).every((hidden) => !hidden)).toBe(true);
  });

  it("район минус показанные школы не выдаёт скрытую школу с одним ответившим", () => {
    const responses = [
      response("lonely", 1, ["quiet"]),
      ...[1, 2, 3, 4, 4, 2].map((value, i) => response(`b${i}`, value, ["big"])),
    ];
    const [view] = readings(teacherDiagnosticV1, [responses], { quiet: 10, big: 10 });
    // District (7) minus "big" (6) would be the lonely teacher: "big" is hidden too.
    expect(view!.schools.find((row) => row.schoolId === "quiet")!.areas[0]!.cell).toEqual({ hidden: true });
    expect(view!.schools.find((row) => row.schoolId === "big")!.areas[0]!.cell).toEqual({ hidden: true });
    expect(view!.district[0]!.cell.hidden).toBe(false);
  });

  it("шаг района минус шаг показанной школы не выдаёт одного педагога скрытой школы", () => {
    const sizes = schools({ a: 8, c: 10 });
    const a = (i: number, value: number) => response(`a${i}`, value, ["a"]);
    const t1 = [1, 2, 3, 4, 2].map((value, i) => a(i, value));
    const first = advanceDeficitRelease(teacherDiagnosticV1, null, t1, sizes, settings).doc;
    // Three more in school A (its figure moves) and one in hidden school C.
    const t2 = [...t1, a(5, 4), a(6, 4), a(7, 1), response("c0", 1, ["c"])];
    const second = advanceDeficitRelease(teacherDiagnosticV1, first, t2, sizes, settings).doc;
    const area = teacherDiagnosticV1.areas[0]!.id;
    expect(second.cells["school:a"]![area]).not.toEqual(first.cells["school:a"]![area]);
    // District(t2) − District(t1) − (A(t2) − A(t1)) would be c0 alone: the district waits.
    expect(second.cells.district![area]).toEqual(first.cells.district![area]);
    // Two more in C: the three not covered by a shown row are a step, the district moves.
    const t3 = [...t2, response("c1", 2, ["c"]), response("c2", 3, ["c"])];
    const third = advanceDeficitRelease(teacherDiagnosticV1, second, t3, sizes, settings).doc;
    expect(third.cells.district![area]!.basis).toHaveLength(11);
  });

  it("вычитание считает педагога двух школ столько раз, сколько он входит в строки", () => {
    const cell = (ids: string[]) => ({ basis: ids, figure: 1 });
    const total = cell(["x", "a1", "a2", "a3", "a4", "a5"]);
    // x counts in both rows: total − rows leaves x with weight −1, one response: hide a row.
    const shown = suppressTable(total, [
      { key: "A", cell: cell(["x", "a1", "a2", "a3"]) },
      { key: "B", cell: cell(["x", "a4", "a5"]) },
    ], 5);
    expect(shown.size).toBeLessThan(2);
  });
});

describe("MIN_RESPONDENTS", () => {
  const token = "123456:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
  it("не меньше 3: ниже — понятная ошибка по-русски; по умолчанию 5", () => {
    expect(loadConfig({ BOT_TOKEN: token }).MIN_RESPONDENTS).toBe(5);
    expect(loadConfig({ BOT_TOKEN: token, MIN_RESPONDENTS: "3" }).MIN_RESPONDENTS).toBe(3);
    let error: unknown;
    try {
      loadConfig({ BOT_TOKEN: token, MIN_RESPONDENTS: "2" });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.join("\n")).toMatch(/MIN_RESPONDENTS не может быть меньше 3/);
  });

  it("и методология не принимает минимум меньше 3", () => {
    expect(() => MethodologySettingsSchema.parse({ ...settings, minRespondents: 2 })).toThrow();
  });
});

describe("instrument import: ветвление и минимум", () => {
  const withBranch = {
    ...teacherDiagnosticV1,
    version: 7,
    title: "Диагностика профессиональных дефицитов педагога",
    areas: [...teacherDiagnosticV1.areas, { id: "village", title: "Малокомплектная школа", advice: "Совет" }],
    questions: [
      ...teacherDiagnosticV1.questions,
      { id: "village_1", areaId: "village", text: "Я веду уроки в разновозрастном классе.", reverse: false, showIf: { questionId: "fgos_1", values: [1] } },
    ],
  };

  it("предупреждает об области, которую увидит только часть педагогов", () => {
    const warnings = branchingWarnings(InstrumentSchema.parse(withBranch), 5);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/areas\.village: все вопросы области «Малокомплектная школа» показываются по условию \(fgos_1\).*не меньше 5/);
    expect(branchingWarnings(teacherDiagnosticV1, 5)).toEqual([]);
  });

  it("проверка файла анкеты (instrument import) выводит это предупреждение", () => {
    const checked = checkInstrumentFile(withBranch, [1], false);
    expect(checked.problems).toEqual([]);
    expect(checked.warnings.join("\n")).toMatch(/areas\.village: все вопросы области/);
  });
});
