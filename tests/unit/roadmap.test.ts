// Roadmaps (#14): seed 002's template, the events' state machine, who may act, deadlines in the district's time zone.
import { describe, expect, it } from "vitest";
import { canEditRoadmap, canViewEvent, daysUntil, evidenceUrl, isPastDue, localHour, mayAct, nextState, parsePostpone } from "../../core/management/roadmap.ts";
import type { MembershipView } from "../../core/roles.ts";
import { SEED_002_EVENTS, defaultRoadmapInit, templateDueOn } from "../../core/management/roadmap-template.ts";

describe("roadmap template (seed 002)", () => {
  it("has seed 002's 23 events in its four sections, numbered per section", () => {
    expect(SEED_002_EVENTS.map((event) => event.seedNumber)).toEqual(Array.from({ length: 23 }, (_, i) => i + 1));
    const init = defaultRoadmapInit("district", "Первомайский район", "2026/27");
    expect(init.templateKey).toBe("seed-002");
    expect(init.title).toContain("Первомайский район");
    expect(init.title).toContain("2026/27");
    expect(init.events).toHaveLength(23);
    expect(init.events.filter((event) => event.section === "org_managerial").map((event) => event.number)).toEqual(["1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7"]);
    expect(init.events.filter((event) => event.section === "analytical").map((event) => event.number)).toEqual(["4.1", "4.2", "4.3", "4.4", "4.5", "4.6", "4.7"]);
    expect(init.events[0]).toMatchObject({ resultDocument: "Приказ РУО", executorsText: "РУО", indicator: "Разработана муниципальная программа и «дорожная карта»" });
  });

  it("dates deadlines within the school year", () => {
    const init = defaultRoadmapInit("district", "Район", "2026/27");
    // Item 1: April → 30 April 2027; item 18: December → 31 December 2026; item 13: 21 April 2027.
    expect(init.events[0]!.dueOn.toISOString().slice(0, 10)).toBe("2027-04-30");
    expect(init.events.find((event) => event.title.startsWith("Анализ результатов мониторинга текущей"))!.dueOn.toISOString().slice(0, 10)).toBe("2026-12-31");
    expect(init.events.find((event) => event.title.startsWith("Обучение управленческой"))!.dueOn.toISOString().slice(0, 10)).toBe("2027-04-21");
    expect(templateDueOn("2027/28", 5).toISOString().slice(0, 10)).toBe("2028-02-29");
    expect(templateDueOn("2026/27", 0).toISOString().slice(0, 10)).toBe("2026-09-30");
    expect(() => templateDueOn("2026/28", 0)).toThrow();
  });

  it("gives a school the events whose executors include the school", () => {
    const init = defaultRoadmapInit("school", "МБОУ Первомайская СОШ", "2026/27");
    expect(init.events).toHaveLength(9);
    for (const event of init.events) expect(event.executorsText).toMatch(/ОО|ШНОР/);
    expect(init.events.map((event) => event.number)).toEqual(["1.1", "1.2", "2.1", "3.1", "3.2", "3.3", "3.4", "4.1", "4.2"]);
  });
});

describe("roadmap event states", () => {
  it("planned → in_progress → done; any open → cancelled", () => {
    expect(nextState("planned", "start", false)).toBe("in_progress");
    expect(nextState("in_progress", "start", false)).toBeNull();
    expect(nextState("in_progress", "done", false)).toBe("done");
    expect(nextState("planned", "done", false)).toBe("done");
    expect(nextState("overdue", "done", true)).toBe("done");
    for (const state of ["planned", "in_progress", "overdue"] as const) expect(nextState(state, "cancel", false)).toBe("cancelled");
    expect(nextState("done", "cancel", false)).toBeNull();
    expect(nextState("cancelled", "done", false)).toBeNull();
  });

  it("overdue only when the deadline has passed and the event is open", () => {
    expect(nextState("planned", "overdue", true)).toBe("overdue");
    expect(nextState("in_progress", "overdue", true)).toBe("overdue");
    expect(nextState("planned", "overdue", false)).toBeNull();
    expect(nextState("done", "overdue", true)).toBeNull();
    expect(nextState("cancelled", "overdue", true)).toBeNull();
  });

  it("postpone needs a deadline not in the past and takes an overdue event back to planned", () => {
    expect(nextState("overdue", "postpone", false)).toBe("planned");
    expect(nextState("planned", "postpone", false)).toBe("planned");
    expect(nextState("in_progress", "postpone", false)).toBe("in_progress");
    expect(nextState("overdue", "postpone", true)).toBeNull();
    expect(nextState("done", "postpone", false)).toBeNull();
  });

  it("reopen brings done or cancelled back: planned, or overdue when the deadline passed", () => {
    expect(nextState("done", "reopen", false)).toBe("planned");
    expect(nextState("cancelled", "reopen", true)).toBe("overdue");
    expect(nextState("planned", "reopen", false)).toBeNull();
  });

  it("the deadline is read in the district's time zone", () => {
    const dueOn = new Date(Date.UTC(2027, 3, 30));
    // 30 April 20:00 UTC: still 30 April in Moscow (23:00), already 1 May in Novosibirsk (03:00).
    const at = new Date(Date.UTC(2027, 3, 30, 20));
    expect(isPastDue(dueOn, at, "Europe/Moscow")).toBe(false);
    expect(isPastDue(dueOn, at, "Asia/Novosibirsk")).toBe(true);
    expect(daysUntil(dueOn, at, "Europe/Moscow")).toBe(0);
    expect(daysUntil(dueOn, at, "Asia/Novosibirsk")).toBe(-1);
    expect(localHour(new Date(Date.UTC(2027, 3, 27, 7)), "Europe/Moscow")).toBe(10);
    expect(localHour(new Date(Date.UTC(2027, 3, 27, 3)), "Asia/Novosibirsk")).toBe(10);
  });

  it("who may act: district staff on any roadmap of their district, a head on their school's, executors on their events", () => {
    const m = (role: MembershipView["role"], districtId: string, schoolId: string | null): MembershipView => ({ role, districtId, schoolId, active: true });
    const schoolEvent = { districtId: "d1", schoolId: "s1", executorIds: ["teacher"] };
    const districtEvent = { districtId: "d1", schoolId: null, executorIds: [] };
    const staff = { id: "staff", memberships: [m("district", "d1", null)] };
    const otherStaff = { id: "other", memberships: [m("district", "d2", null)] };
    const head = { id: "head", memberships: [m("head", "d1", "s1")] };
    const otherHead = { id: "head2", memberships: [m("head", "d1", "s2")] };
    const teacher = { id: "teacher", memberships: [m("teacher", "d1", "s1")] };
    const colleague = { id: "colleague", memberships: [m("teacher", "d1", "s1")] };
    expect(canEditRoadmap(staff.memberships, schoolEvent)).toBe(true);
    expect(canEditRoadmap(staff.memberships, districtEvent)).toBe(true);
    expect(canEditRoadmap(otherStaff.memberships, schoolEvent)).toBe(false);
    expect(canEditRoadmap(head.memberships, schoolEvent)).toBe(true);
    expect(canEditRoadmap(head.memberships, districtEvent)).toBe(false);
    expect(canEditRoadmap(otherHead.memberships, schoolEvent)).toBe(false);
    expect(mayAct(teacher, schoolEvent, "done")).toBe(true);
    expect(mayAct(teacher, schoolEvent, "postpone")).toBe(true);
    expect(mayAct(teacher, schoolEvent, "cancel")).toBe(false);
    expect(mayAct(teacher, schoolEvent, "reopen")).toBe(false);
    expect(mayAct(colleague, schoolEvent, "done")).toBe(false);
    expect(mayAct(head, schoolEvent, "cancel")).toBe(true);
    expect(mayAct(staff, schoolEvent, "overdue")).toBe(false);
    expect(canViewEvent(teacher, schoolEvent)).toBe(true);
    expect(canViewEvent(colleague, schoolEvent)).toBe(false);
    expect(canViewEvent(otherHead, schoolEvent)).toBe(false);
  });

  it("reads «ДД.ММ.ГГГГ причина» and evidence links", () => {
    expect(parsePostpone("15.05.2027 перенесён семинар")).toEqual({ dueOn: new Date(Date.UTC(2027, 4, 15)), reason: "перенесён семинар" });
    expect(parsePostpone("31.02.2027 нет такого дня")).toBeNull();
    expect(parsePostpone("15.05.2027")).toBeNull();
    expect(parsePostpone("завтра")).toBeNull();
    expect(evidenceUrl("https://school.example.ru/news/1")).toBe("https://school.example.ru/news/1");
    expect(evidenceUrl("http://x.ru")).toBe("http://x.ru/");
    expect(evidenceUrl("javascript:alert(1)")).toBeNull();
    expect(evidenceUrl("ftp://x.ru/a")).toBeNull();
    expect(evidenceUrl("не ссылка")).toBeNull();
  });
});
