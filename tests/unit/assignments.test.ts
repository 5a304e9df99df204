// Pure rules of assignments and pairs (#15 §2): periods, a pair's curator_head plan, candidates first,
// shared roadmap events, the bodies' checks in Russian, and who an invite may name.
import { describe, expect, it } from "vitest";
import {
  AssignmentInputSchema,
  PairInputSchema,
  isSharedEvent,
  pairMembershipPlan,
  parseWith,
  periodStatus,
  rankCuratorCandidates,
  rankSupportedSchools,
} from "../../core/network/assignments.ts";
import { INVITABLE_ROLES, inviteSchoolRule } from "../../core/invites/roles.ts";

const d = (iso: string) => new Date(`${iso}T00:00:00Z`);

describe("закрепления и пары: чистые правила", () => {
  it("период: до начала — upcoming, последний день включительно — active, после или завершён вручную — ended", () => {
    const period = { startsOn: d("2026-09-01"), endsOn: d("2027-05-31"), endedAt: null };
    expect(periodStatus(period, "2026-08-31")).toBe("upcoming");
    expect(periodStatus(period, "2026-09-01")).toBe("active");
    expect(periodStatus(period, "2027-05-31")).toBe("active");
    expect(periodStatus(period, "2027-06-01")).toBe("ended");
    expect(periodStatus({ ...period, endsOn: null }, "2030-01-01")).toBe("active");
    expect(periodStatus({ ...period, endedAt: new Date() }, "2026-10-01")).toBe("ended");
  });

  it("пара: роль curator_head у каждого действующего руководителя, вернуть ушедшему нельзя, пришедший позже получает", () => {
    const memberships = [
      { id: "m1", personId: "old", active: true },
      { id: "m2", personId: "back", active: false },
    ];
    expect(pairMembershipPlan(["back", "new"], memberships, true)).toEqual({ add: ["new"], reactivate: ["m2"], end: ["m1"] });
    expect(pairMembershipPlan(["old"], memberships, true)).toEqual({ add: [], reactivate: [], end: [] });
    expect(pairMembershipPlan(["old", "new"], memberships, false)).toEqual({ add: [], reactivate: [], end: ["m1"] });
  });

  it("кандидаты в кураторы: кандидаты выявления, затем резильентные, затем прочие; ШНОР и ШНСУ не предлагаются", () => {
    const schools = [
      { id: "a", name: "Школа А" },
      { id: "b", name: "Школа Б" },
      { id: "c", name: "Школа В" },
      { id: "d", name: "Школа Г" },
      { id: "e", name: "Школа Д" },
    ];
    const flag = (schoolId: string, flags: Partial<{ shnor: boolean; shnsu: boolean; resilient: boolean; curatorCandidate: boolean }>) => ({
      schoolId,
      shnor: false,
      shnsu: false,
      resilient: false,
      curatorCandidate: false,
      curatorText: "стабильно высокие результаты",
      ...flags,
    });
    const run = { year: 2026, schools: [flag("a", { shnor: true }), flag("b", { resilient: true }), flag("c", { curatorCandidate: true, resilient: true }), flag("d", { shnsu: true })] };
    const ranked = rankCuratorCandidates(schools, run, new Map([["e", 2]]));
    expect(ranked.map((row) => [row.schoolId, row.rank])).toEqual([
      ["c", 0],
      ["b", 1],
      ["e", 2],
    ]);
    expect(ranked[0]!.reasons).toEqual([
      "Кандидат в школы-кураторы (выявление 2026): стабильно высокие результаты",
      "Резильентная школа (выявление 2026): высокие результаты при высоких социальных рисках",
    ]);
    expect(ranked[2]!.reasons).toEqual(["уже курирует: 2"]);
    expect(rankSupportedSchools(schools, run).slice(0, 2).map((row) => row.schoolId)).toEqual(["a", "d"]);
    expect(rankCuratorCandidates(schools, null, new Map()).every((row) => row.rank === 2 && !row.reasons.length)).toBe(true);
  });

  it("общие мероприятия: исполнители — кураторы/наставники/тьюторы, или исполнитель — один из поддерживающих", () => {
    const supporters = new Set(["p1"]);
    expect(isSharedEvent({ executorsText: "РУО, кураторы", executors: [] }, supporters)).toBe(true);
    expect(isSharedEvent({ executorsText: "Наставники ОО", executors: [] }, supporters)).toBe(true);
    expect(isSharedEvent({ executorsText: "РУО", executors: [{ personId: "p2" }] }, supporters)).toBe(false);
    expect(isSharedEvent({ executorsText: null, executors: [{ personId: "p1" }] }, supporters)).toBe(true);
  });

  it("тела: визиты по умолчанию 3, окончание не раньше начала, школа-куратор — не та же школа", () => {
    const ok = parseWith(AssignmentInputSchema, { personId: "p1", schoolId: "s1", kind: "tutor", startsOn: "2026-09-01" });
    expect(ok).toEqual({ ok: true, data: { personId: "p1", schoolId: "s1", kind: "tutor", startsOn: "2026-09-01", endsOn: null, plannedVisits: 3, note: null } });
    const bad = parseWith(AssignmentInputSchema, { personId: "p1", schoolId: "s1", kind: "tutor", startsOn: "2026-09-01", endsOn: "2026-08-01" });
    expect(bad).toMatchObject({ ok: false, issues: [{ field: "endsOn", message: "Окончание: окончание раньше начала" }] });
    expect(parseWith(AssignmentInputSchema, { personId: "p1", schoolId: "s1", kind: "tutor", startsOn: "2026-02-30" })).toMatchObject({
      ok: false,
      issues: [{ message: "Начало: укажите дату в формате ГГГГ-ММ-ДД" }],
    });
    expect(parseWith(PairInputSchema, { supportedSchoolId: "s1", curatorSchoolId: "s1", startsOn: "2026-09-01" })).toMatchObject({
      ok: false,
      issues: [{ field: "curatorSchoolId", message: "Школа-куратор: школа-куратор не может курировать саму себя" }],
    });
  });

  it("приглашения: curator_head не приглашают; наставник, тьютор, куратор — со школой или на район", () => {
    expect(INVITABLE_ROLES).not.toContain("curator_head");
    expect(INVITABLE_ROLES).toEqual(expect.arrayContaining(["tutor", "curator", "working_group", "regional"]));
    expect(["mentor", "tutor", "curator"].map((role) => inviteSchoolRule(role as never))).toEqual(["optional", "optional", "optional"]);
    expect(inviteSchoolRule("regional")).toBe("none");
    expect(inviteSchoolRule("working_group")).toBe("none");
    expect(inviteSchoolRule("head")).toBe("required");
  });
});
