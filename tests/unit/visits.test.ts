// Visits against the plan (#15 §3), pure: per school and per mentor for a school year, drafts and other
// years left out, a disputed or remote visit not counted against the on-site plan, assignments that
// ended before the year without a plan; the visit date's parsing; the feedback figure's release bounds;
// the visit report v2 and the mentoring feedback instrument run through the survey runner.
import { describe, expect, it } from "vitest";
import { builtInInstrument } from "../../core/instruments/catalog.ts";
import { MENTORING_FEEDBACK_KEY } from "../../core/instruments/mentoring-feedback.ts";
import { VISIT_REPORT_KEY, VISIT_REPORT_VERSION } from "../../core/instruments/visit-report.ts";
import { position } from "../../core/survey/runner.ts";
import { feedbackFigure, parseVisitDate, visitScope } from "../../core/services/visits.ts";
import { planRuns, schoolYearWindow, visitIndicators, type VisitFact } from "../../core/services/visits-indicators.ts";
import type { AssignmentPlan } from "../../core/services/visits-ports.ts";
import type { PersonView } from "../../core/services/ports.ts";

const day = (text: string) => new Date(`${text}T00:00:00Z`);

const plan = (id: string, schoolId: string, personId: string, overrides: Partial<AssignmentPlan> = {}): AssignmentPlan => ({
  id,
  schoolId,
  schoolName: schoolId === "s1" ? "МБОУ СОШ №1" : "МБОУ СОШ №2",
  personId,
  personName: personId === "p1" ? "Иванова" : "Петров",
  kind: "curator",
  plannedVisits: 3,
  startsOn: day("2026-09-01"),
  endsOn: null,
  endedAt: null,
  ...overrides,
});

const visit = (schoolId: string, authorId: string, state: VisitFact["state"], format: VisitFact["format"], date: string | null): VisitFact => ({
  schoolId,
  schoolName: schoolId === "s1" ? "МБОУ СОШ №1" : "МБОУ СОШ №2",
  authorId,
  authorName: authorId === "p1" ? "Иванова" : "Петров",
  state,
  format,
  visitDate: date ? day(date) : null,
});

describe("визиты против плана", () => {
  it("учебный год — с 1 сентября по 31 августа", () => {
    expect(schoolYearWindow("2026/27")).toEqual({ from: day("2026-09-01"), to: day("2027-09-01") });
    expect(schoolYearWindow("2026/28")).toBeNull();
  });

  it("считает по школам и наставникам: план, отчёты, подтверждённые, оспоренные, очно и дистанционно", () => {
    const plans = [
      plan("a1", "s1", "p1"),
      plan("a2", "s2", "p1", { plannedVisits: 2 }),
      plan("a3", "s2", "p2"),
      // Ended in the previous year: no plan in this one.
      plan("a4", "s1", "p2", { startsOn: day("2025-09-01"), endsOn: day("2026-06-30") }),
    ];
    const visits = [
      visit("s1", "p1", "confirmed", "onsite", "2026-10-01"),
      visit("s1", "p1", "submitted", "mixed", "2026-11-01"),
      visit("s1", "p1", "disputed", "onsite", "2026-11-05"),
      visit("s2", "p1", "confirmed", "remote", "2026-12-01"),
      visit("s2", "p2", "disputing", "onsite", "2027-08-31"),
      // Left out: a draft, another school year.
      visit("s2", "p2", "draft", null, null),
      visit("s1", "p2", "confirmed", "onsite", "2026-08-31"),
    ];
    const result = visitIndicators("2026/27", visits, plans);
    const s1 = result.bySchool.find((row) => row.key === "s1")!;
    expect(s1).toMatchObject({ planned: 3, reported: 3, confirmed: 1, disputed: 1, awaiting: 1, onsite: 2, mixed: 1, remote: 0, done: 2, percent: 67 });
    const s2 = result.bySchool.find((row) => row.key === "s2")!;
    expect(s2).toMatchObject({ planned: 5, reported: 2, confirmed: 1, awaiting: 1, remote: 1, done: 1, percent: 20 });
    expect(result.byMentor.map((row) => [row.name, row.planned, row.reported, row.done])).toEqual([
      ["Иванова", 5, 4, 2],
      ["Петров", 3, 1, 1],
    ]);
    expect(result.total).toMatchObject({ planned: 8, reported: 5, done: 3, percent: 38 });
  });

  it("без плана процента нет; назначение, снятое до начала года, плана не даёт", () => {
    const result = visitIndicators("2026/27", [visit("s1", "p1", "confirmed", "onsite", "2026-10-01")], []);
    expect(result.bySchool[0]).toMatchObject({ planned: 0, done: 1, percent: null });
    expect(planRuns({ startsOn: day("2026-01-01"), endsOn: null, endedAt: day("2026-08-01") }, day("2026-09-01"), day("2027-09-01"))).toBe(false);
    expect(planRuns({ startsOn: day("2027-09-01"), endsOn: null, endedAt: null }, day("2026-09-01"), day("2027-09-01"))).toBe(false);
    expect(planRuns({ startsOn: day("2026-01-01"), endsOn: day("2026-12-31"), endedAt: null }, day("2026-09-01"), day("2027-09-01"))).toBe(true);
  });
});

describe("отчёт о визите и обратная связь", () => {
  it("дата визита — настоящий день ДД.ММ.ГГГГ", () => {
    expect(parseVisitDate("14.11.2026")).toEqual(day("2026-11-14"));
    expect(parseVisitDate(" 1.2.2027 ")).toEqual(day("2027-02-01"));
    expect(parseVisitDate("31.02.2026")).toBeNull();
    expect(parseVisitDate("2026-11-14")).toBeNull();
  });

  it("отчёт версии 2 не спрашивает школу; обратная связь — шкала с «затрудняюсь», 6 вопросов", () => {
    const report = builtInInstrument(VISIT_REPORT_KEY, VISIT_REPORT_VERSION)!;
    expect(report.questions.map((question) => question.id)).toEqual(["v_date", "v_format", "v_participants", "v_topics", "v_topics_more", "v_found", "v_agreed", "v_next_date"]);
    const first = position(report, new Map());
    expect(first.kind === "question" && first.question.id).toBe("v_date");
    const feedback = builtInInstrument(MENTORING_FEEDBACK_KEY)!;
    expect(feedback.questions).toHaveLength(6);
    expect(feedback.questions.every((question) => question.type === undefined && question.unsure === true)).toBe(true);
  });

  it("цифра обратной связи — по правилам выпуска: доля «да» с границами, среднее 0–100", () => {
    expect(feedbackFigure([4, 4, 4, 4, 4], { min: 1, max: 4 })).toEqual({ agree: { value: 80, bound: "ge" }, mean: { value: 95, bound: "ge" } });
    expect(feedbackFigure([1, 2, 3, 4, 4, 1], { min: 1, max: 4 })).toEqual({ agree: { value: 50, bound: null }, mean: { value: 50, bound: null } });
  });

  it("кто что читает: район и рабочая группа — всё, руководитель — свою школу, автор — свои визиты, учитель — ничего", () => {
    const who = (role: string, schoolId: string | null): PersonView => ({
      id: `p-${role}`,
      displayName: null,
      consentAt: new Date(),
      memberships: [{ id: "m", role: role as never, districtId: "d1", schoolId, active: true, districtName: "Район", districtTimezone: "Europe/Moscow", schoolName: null }],
    });
    expect(visitScope(who("working_group", null), "d1")).toEqual({ all: true, headSchoolIds: [], authorId: null });
    expect(visitScope(who("district", null), "d2")).toBeNull();
    expect(visitScope(who("head", "s1"), "d1")).toEqual({ all: false, headSchoolIds: ["s1"], authorId: null });
    expect(visitScope(who("curator", "s1"), "d1")).toEqual({ all: false, headSchoolIds: [], authorId: "p-curator" });
    expect(visitScope(who("teacher", "s1"), "d1")).toBeNull();
  });
});
