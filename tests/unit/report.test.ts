// The аналитическая справка (core/management/report.ts) against a constructed district: three schools,
// recommendations in every state, a roadmap with done and overdue events, two decisions and two
// identification runs whose lists changed. Every figure is counted by hand below.
import { describe, expect, it } from "vitest";
import { buildReport, draftConclusions, parsePeriod, periodKeyOf, type ReportInput } from "../../core/management/report.ts";
import { schoolTrends, springYearOf } from "../../core/management/indicator-trends.ts";
import type { SchoolIndicatorData } from "../../core/services/indicators-ports.ts";

const TZ = "Asia/Yekaterinburg";
const d = (iso: string) => new Date(iso);

function input(): ReportInput {
  const period = parsePeriod("2026-H2", TZ)!;
  return {
    district: { id: "dist", name: "Шаранский район" },
    period,
    now: d("2026-12-20T10:00:00Z"),
    timezone: TZ,
    schools: [
      { id: "s1", name: "СОШ № 1" },
      { id: "s2", name: "СОШ № 2" },
      { id: "s3", name: "ООШ с. Ивановка" },
    ],
    indicators: {
      years: [2026, 2027],
      yearLabels: ["2025/26", "2026/27"],
      rows: [
        { key: "diagnosed", cells: [{ kind: "share", share: { value: 40, bound: null } }, { kind: "share", share: { value: 65, bound: null } }] },
        { key: "roadmapEventsDone", cells: [{ kind: "share", share: { value: 80, bound: null }, count: 4, total: 5 }, { kind: "share", share: { value: 50, bound: null }, count: 1, total: 2 }] },
        { key: "teamRoutes", cells: [{ kind: "none" }, { kind: "hidden" }] },
      ],
    },
    runs: [
      // 2025: s1 ШНОР, s2 ШНОР+ШНСУ; 2026: s2 ШНСУ only, s3 ШНОР.
      { year: 2025, schools: [{ schoolId: "s1", shnor: true, shnsu: false }, { schoolId: "s2", shnor: true, shnsu: true }, { schoolId: "s3", shnor: false, shnsu: false }] },
      { year: 2026, schools: [{ schoolId: "s1", shnor: false, shnsu: false }, { schoolId: "s2", shnor: false, shnsu: true }, { schoolId: "s3", shnor: true, shnsu: false }] },
    ],
    recommendations: [
      // Sent in the period, done in the period.
      { id: "r1", schoolId: "s1", addressee: "head", state: "done", title: "Разбор типичных ошибок ВПР", dueOn: d("2026-10-01T00:00:00Z"), sentAt: d("2026-08-01T00:00:00Z"), doneAt: d("2026-09-20T00:00:00Z") },
      // Sent in the period, in work, past due: overdue.
      { id: "r2", schoolId: "s2", addressee: "head", state: "in_work", title: "Программа перехода в эффективный режим", dueOn: d("2026-11-01T00:00:00Z"), sentAt: d("2026-08-15T00:00:00Z"), doneAt: null },
      // Sent in the period, acknowledged, due later: open, not overdue.
      { id: "r3", schoolId: "s3", addressee: "head", state: "acknowledged", title: "Наставник для управленческой команды", dueOn: d("2027-02-01T00:00:00Z"), sentAt: d("2026-10-01T00:00:00Z"), doneAt: null },
      // Sent before the period, still open and overdue: active in the period, not issued in it.
      { id: "r4", schoolId: null, addressee: "institute", state: "sent", title: "КПК по функциональной грамотности", dueOn: d("2026-09-01T00:00:00Z"), sentAt: d("2026-05-10T00:00:00Z"), doneAt: null },
      // Done before the period: outside it.
      { id: "r5", schoolId: "s1", addressee: "head", state: "done", title: "Старое", dueOn: d("2026-05-01T00:00:00Z"), sentAt: d("2026-03-01T00:00:00Z"), doneAt: d("2026-04-01T00:00:00Z") },
      // A proposal never sent, and one rejected in the period.
      { id: "r6", schoolId: "s2", addressee: "assessment", state: "proposed", title: "Не отправлена", dueOn: null, sentAt: null, doneAt: null },
      { id: "r7", schoolId: "s2", addressee: "assessment", state: "rejected", title: "Отклонена", dueOn: d("2026-09-01T00:00:00Z"), sentAt: d("2026-07-10T00:00:00Z"), doneAt: null },
    ],
    roadmaps: [
      {
        id: "rmD",
        title: "Дорожная карта района 2026/27",
        schoolId: null,
        schoolYear: "2026/27",
        events: [
          { id: "e1", number: "1.1", title: "Совещание с руководителями", state: "done", dueOn: d("2026-09-15T00:00:00Z"), doneAt: d("2026-09-14T00:00:00Z") },
          { id: "e2", number: "1.2", title: "Мониторинг программ", state: "overdue", dueOn: d("2026-11-30T00:00:00Z"), doneAt: null },
          { id: "e3", number: "4.1", title: "Анализ эффективности мер", state: "planned", dueOn: d("2026-12-25T00:00:00Z"), doneAt: null },
          { id: "e4", number: "2.1", title: "Отменённое", state: "cancelled", dueOn: d("2026-10-01T00:00:00Z"), doneAt: null },
          { id: "e5", number: "3.1", title: "Весной", state: "planned", dueOn: d("2027-04-01T00:00:00Z"), doneAt: null },
        ],
      },
      {
        id: "rmS2",
        title: "Дорожная карта СОШ № 2",
        schoolId: "s2",
        schoolYear: "2026/27",
        events: [
          { id: "e6", number: "1.1", title: "Школьная программа", state: "done", dueOn: d("2026-10-10T00:00:00Z"), doneAt: d("2026-10-09T00:00:00Z") },
          { id: "e7", number: "3.1", title: "Семинар по критериям ВПР", state: "in_progress", dueOn: d("2026-12-01T00:00:00Z"), doneAt: null },
        ],
      },
    ],
    decisions: [
      { id: "d1", kind: "activating", docType: "order", docNumber: "112", docDate: d("2026-09-05T00:00:00Z"), title: "О направлении учителей на КПК", level: "district", horizon: "operational" },
      { id: "d2", kind: "controlling", docType: "letter", docNumber: "45", docDate: d("2026-11-20T00:00:00Z"), title: "О ежемесячных совещаниях", level: "district", horizon: "strategic" },
      { id: "d3", kind: "organising", docType: "order", docNumber: "1", docDate: d("2026-03-01T00:00:00Z"), title: "Вне периода", level: "school", horizon: "operational" },
    ],
  };
}

describe("аналитическая справка", () => {
  it("периоды: полугодия и кварталы в часовом поясе района", () => {
    const h2 = parsePeriod("2026-H2", TZ)!;
    expect(h2.start.toISOString()).toBe("2026-06-30T19:00:00.000Z"); // 1 July, 00:00 at UTC+5
    expect(h2.end.toISOString()).toBe("2026-12-31T19:00:00.000Z");
    const h1 = parsePeriod("2027-H1", "UTC")!;
    expect([h1.start.toISOString(), h1.end.toISOString()]).toEqual(["2027-01-01T00:00:00.000Z", "2027-07-01T00:00:00.000Z"]);
    const q4 = parsePeriod("2026-Q4", "UTC")!;
    expect([q4.kind, q4.start.toISOString(), q4.end.toISOString()]).toEqual(["quarter", "2026-10-01T00:00:00.000Z", "2027-01-01T00:00:00.000Z"]);
    expect(parsePeriod("2026-H3", TZ)).toBeNull();
    expect(parsePeriod("2026-Q5", TZ)).toBeNull();
    expect(periodKeyOf(d("2026-12-31T20:00:00Z"), "half_year", TZ)).toBe("2027-H1");
    expect(periodKeyOf(d("2026-11-01T00:00:00Z"), "quarter", TZ)).toBe("2026-Q4");
  });

  it("изменения в списках: кто вошёл и кто вышел между выявлениями двух лет", () => {
    const { lists } = buildReport(input());
    expect([lists.fromYear, lists.toYear]).toEqual([2025, 2026]);
    expect(lists.counts).toEqual([
      { year: 2025, shnor: 2, shnsu: 1 },
      { year: 2026, shnor: 1, shnsu: 1 },
    ]);
    expect(lists.entered).toEqual([{ schoolId: "s3", schoolName: "ООШ с. Ивановка", list: "shnor" }]);
    expect(lists.left).toEqual([
      { schoolId: "s1", schoolName: "СОШ № 1", list: "shnor" },
      { schoolId: "s2", schoolName: "СОШ № 2", list: "shnor" },
    ]);
  });

  it("рекомендации: выданы, исполнены, по адресатам, по состояниям, просроченные", () => {
    const { recommendations } = buildReport(input());
    // Active in the period: r1, r2, r3, r4, r7 (r5 done before, r6 never sent).
    expect(recommendations.issued).toBe(4); // r1 r2 r3 r7
    expect(recommendations.doneInPeriod).toBe(1); // r1
    expect(recommendations.open).toBe(3); // r2 r3 r4
    expect(recommendations.overdue).toBe(2); // r4 (1 Sep), r2 (1 Nov)
    expect(recommendations.byAddressee).toEqual([
      { addressee: "head", label: "Руководители школ", issued: 3, done: 1, open: 2, overdue: 1 },
      { addressee: "institute", label: "ИРО/ЦНППМ", issued: 0, done: 0, open: 1, overdue: 1 },
      { addressee: "assessment", label: "ЦОКО", issued: 1, done: 0, open: 0, overdue: 0 },
    ]);
    expect(recommendations.byState.map((row) => [row.state, row.count])).toEqual([
      ["sent", 1],
      ["acknowledged", 1],
      ["in_work", 1],
      ["done", 1],
      ["rejected", 1],
    ]);
    expect(recommendations.overdueList.map((row) => [row.id, row.schoolName])).toEqual([
      ["r4", null],
      ["r2", "СОШ № 2"],
    ]);
  });

  it("дорожные карты: мероприятия со сроком в периоде, выполненные и просроченные на дату справки", () => {
    const { roadmaps, cutoff } = buildReport(input());
    expect(cutoff).toBe("2026-12-20T10:00:00.000Z"); // the period runs on: deadlines judged today
    // District: e1 done, e2 overdue, e3 due 25 Dec (not yet); e4 cancelled, e5 outside. School: e6 done, e7 overdue.
    expect(roadmaps.rows.map((row) => [row.id, row.schoolName, row.total, row.done, row.overdue])).toEqual([
      ["rmD", null, 3, 1, 1],
      ["rmS2", "СОШ № 2", 2, 1, 1],
    ]);
    expect([roadmaps.total, roadmaps.done, roadmaps.overdue]).toEqual([5, 2, 2]);
    expect(roadmaps.overdueEvents.map((event) => event.id)).toEqual(["e2", "e7"]);
    // After the period's end, e3 is overdue too.
    const later = buildReport({ ...input(), now: d("2027-01-15T00:00:00Z") });
    expect([later.roadmaps.overdue, later.cutoff]).toEqual([3, "2026-12-31T19:00:00.000Z"]);
  });

  it("решения: по видам и уровням, с реквизитами документов", () => {
    const { decisions } = buildReport(input());
    expect(decisions.total).toBe(2);
    expect(decisions.byKind).toEqual([
      { kind: "activating", label: "Активизирующие", count: 1 },
      { kind: "controlling", label: "Контролирующие", count: 1 },
    ]);
    expect(decisions.byLevel).toEqual([{ level: "district", label: "Район", count: 2 }]);
    expect(decisions.rows.map((row) => row.document)).toEqual(["Приказ № 112 от 05.09.2026", "Инструктивное письмо № 45 от 20.11.2026"]);
  });

  it("показатели: методика, источник, исполнитель и динамика по годам; «нет данных» не ноль", () => {
    const { indicators } = buildReport(input());
    expect(indicators.yearLabels).toEqual(["2025/26", "2026/27"]);
    const diagnosed = indicators.rows.find((row) => row.key === "diagnosed")!;
    expect(diagnosed.values).toEqual(["40 %", "65 %"]);
    expect(diagnosed.trend).toBe("up");
    expect(diagnosed.method).toContain("завершивших диагностику");
    expect(diagnosed.source).toBeTruthy();
    expect(diagnosed.executor).toBeTruthy();
    expect(indicators.rows.find((row) => row.key === "roadmapEventsDone")!.values).toEqual(["80 % (4 из 5)", "50 % (1 из 2)"]);
    expect(indicators.rows.find((row) => row.key === "teamRoutes")!.values).toEqual(["нет данных", "скрыто"]);
    // A quarter that ends in the spring year 2026 shows 2025/26 only.
    const q2 = buildReport({ ...input(), period: parsePeriod("2026-Q2", TZ)! });
    expect(q2.indicators.yearLabels).toEqual(["2025/26"]);
  });

  it("черновик выводов из цифр помечен как черновик и даёт точки роста", () => {
    const conclusions = draftConclusions(buildReport(input()));
    expect(conclusions.draft).toBe(true);
    expect(conclusions.goalsMet).toContain("Школ в списке ШНОР: было 2, стало 1.");
    expect(conclusions.goalsMet).toContain("Выросли показатели: Доля педагогов, прошедших диагностику профессиональных дефицитов");
    expect(conclusions.goalsMet).toContain("Снизились показатели: Доля выполненных мероприятий дорожных карт");
    expect(conclusions.measuresSufficient).toContain("Рекомендации: выдано 4, исполнено за период 1, просрочено 2.");
    expect(conclusions.measuresSufficient).toContain("выполнено 2 из 5 (40 %), просрочено 2");
    expect(conclusions.measuresSufficient).toContain("выполнены не полностью");
    expect(conclusions.growthPoints.map((point) => point.text)).toEqual([
      "Завершить просроченное мероприятие «Мониторинг программ» (Дорожная карта района 2026/27)",
      "Завершить просроченное мероприятие «Семинар по критериям ВПР» (Дорожная карта СОШ № 2)",
      "Проконтролировать исполнение рекомендаций (Руководители школ): просрочено 1",
      "Проконтролировать исполнение рекомендаций (ИРО/ЦНППМ): просрочено 1",
      "Адресная поддержка школы «ООШ с. Ивановка», вошедшей в список ШНОР",
      "Проанализировать причины снижения показателя «Доля выполненных мероприятий дорожных карт»",
    ]);
  });
});

describe("показатели школ по годам", () => {
  const data: SchoolIndicatorData = {
    runs: [
      { year: 2024, schools: [{ schoolId: "s1", shnor: true, shnsu: false, dynamics: null }, { schoolId: "s2", shnor: false, shnsu: false, dynamics: null }] },
      { year: 2025, schools: [{ schoolId: "s1", shnor: true, shnsu: false, dynamics: 0.12 }, { schoolId: "s2", shnor: true, shnsu: false, dynamics: -0.05 }] },
    ],
    officialLists: [],
    roadmaps: [
      { schoolId: "s1", schoolYear: "2025/26", approvalRef: "Приказ № 5 от 20.04.2026", events: [] },
      {
        schoolId: "s2",
        schoolYear: "2025/26",
        approvalRef: null,
        events: [
          { state: "done", dueOn: d("2025-10-01T00:00:00Z"), doneAt: d("2025-10-01T00:00:00Z") },
          { state: "overdue", dueOn: d("2025-11-01T00:00:00Z"), doneAt: null },
          { state: "planned", dueOn: d("2026-06-01T00:00:00Z"), doneAt: null },
        ],
      },
    ],
    recommendations: [
      { schoolId: "s1", state: "done", sentAt: d("2025-10-01T00:00:00Z") },
      { schoolId: "s2", state: "sent", sentAt: d("2025-10-02T00:00:00Z") },
    ],
    teamRoutes: [{ schoolId: "s1", year: 2026 }],
  };

  it("считает по учебным годам: списки, динамика, программы, рекомендации, мероприятия; без данных — «нет данных»", () => {
    expect(springYearOf("2025/26")).toBe(2026);
    const { district, schools } = schoolTrends(data, ["s1", "s2"], [2025, 2026], d("2026-03-01T00:00:00Z"));
    // 2024/25 (spring 2025): the 2024 run lists s1; nothing to compare with, no dynamics.
    expect(district.listChanged[0]).toEqual({ kind: "none" });
    expect(district.supportedPositiveDynamics[0]).toEqual({ kind: "none" });
    // 2025/26: s2 entered ШНОР; of the listed s1 (+0.12) and s2 (−0.05) one grew.
    expect(district.listChanged[1]).toEqual({ kind: "share", share: { value: 50, bound: null }, count: 1, total: 2 });
    expect(district.supportedPositiveDynamics[1]).toEqual({ kind: "share", share: { value: 50, bound: null }, count: 1, total: 2 });
    expect(schools.get("s2")!.listChanged[1]).toEqual({ kind: "change", entered: ["shnor"], left: [] });
    // Both listed schools have a roadmap: s1 approved, s2 with events.
    expect(district.programmeAdopted[1]).toEqual({ kind: "share", share: { value: 100, bound: null }, count: 2, total: 2 });
    expect(district.teamRoutes[1]).toEqual({ kind: "share", share: { value: 50, bound: null }, count: 1, total: 2 });
    expect(district.recommendationsDone[1]).toEqual({ kind: "share", share: { value: 50, bound: null }, count: 1, total: 2 });
    // On 1 March 2026 two events of s2 are due: one done.
    expect(district.roadmapEventsDone[1]).toEqual({ kind: "share", share: { value: 50, bound: null }, count: 1, total: 2 });
    expect(schools.get("s1")!.roadmapEventsDone[1]).toEqual({ kind: "none" });
    expect(district.recommendationsDone[0]).toEqual({ kind: "none" });
  });
});
