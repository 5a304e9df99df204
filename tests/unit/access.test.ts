import { describe, expect, it } from "vitest";
import { canAnswerDiagnostic, canManageDistrict, canViewSchoolAggregates, viewableSchoolIds } from "../../core/access/permissions.ts";
import { inviteProblem, makeCode, normalizeCode, CODE_LENGTH } from "../../core/invites/codes.ts";
import type { MembershipView } from "../../core/roles.ts";
import { randomBytes } from "node:crypto";

const m = (role: MembershipView["role"], schoolId: string | null, districtId = "d1", active = true): MembershipView => ({
  role,
  schoolId,
  districtId,
  active,
});
const schoolA = { id: "a", districtId: "d1" };
const schoolB = { id: "b", districtId: "d1" };
const schoolX = { id: "x", districtId: "d2" };

describe("кто что видит (DOMAIN.md §4)", () => {
  it("директор — свою школу, не соседнюю", () => {
    expect(canViewSchoolAggregates([m("head", "a")], schoolA)).toBe(true);
    expect(canViewSchoolAggregates([m("head", "a")], schoolB)).toBe(false);
  });
  it("РУО — все школы своего района, не чужого", () => {
    expect(viewableSchoolIds([m("district", null)], [schoolA, schoolB, schoolX])).toEqual(["a", "b"]);
    expect(canManageDistrict([m("district", null)], "d2")).toBe(false);
  });
  it("родитель не видит агрегатов; ушедший сотрудник не видит ничего", () => {
    expect(canViewSchoolAggregates([m("parent", "a")], schoolA)).toBe(false);
    expect(canViewSchoolAggregates([m("head", "a", "d1", false)], schoolA)).toBe(false);
    expect(canAnswerDiagnostic([m("teacher", "a", "d1", false)])).toBe(false);
  });
  it("учитель двух школ видит обе", () => {
    expect(viewableSchoolIds([m("teacher", "a"), m("teacher", "b")], [schoolA, schoolB, schoolX])).toEqual(["a", "b"]);
  });
});

describe("коды приглашений", () => {
  it("10 символов без похожих букв, принимаются в любом регистре и с пробелами", () => {
    const code = makeCode((size) => randomBytes(size));
    expect(code).toHaveLength(CODE_LENGTH);
    expect(code).not.toMatch(/[01OIL]/);
    expect(normalizeCode(` ${code.slice(0, 5).toLowerCase()}-${code.slice(5)} `)).toBe(code);
    expect(normalizeCode("короткий")).toBeNull();
    expect(normalizeCode("ABCDEFGHI0")).toBeNull();
  });
  it("истекает по сроку, по числу использований и при отзыве", () => {
    const now = new Date("2026-02-01T10:00:00Z");
    const invite = {
      id: "i",
      code: "ABCDEFGHJK",
      role: "teacher" as const,
      districtId: "d1",
      schoolId: "a",
      maxUses: 1,
      uses: 0,
      expiresAt: new Date("2026-02-02T10:00:00Z"),
      revokedAt: null,
      personId: null,
    };
    expect(inviteProblem(invite, now)).toBeNull();
    expect(inviteProblem({ ...invite, uses: 1 }, now)).toBe("invite_used_up");
    expect(inviteProblem({ ...invite, expiresAt: now }, now)).toBe("invite_expired");
    expect(inviteProblem({ ...invite, revokedAt: now }, now)).toBe("invite_revoked");
  });
});
