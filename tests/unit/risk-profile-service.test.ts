// The risk profile's school years and release rule (core/services/risk-profile.ts): a school year runs from
// 1 August to 1 August in the district's time zone and is named by the year it ends in (2025/26 → 2026); a
// questionnaire's values from fewer respondents than the minimum are never stored, the card's always are.
import { describe, expect, it } from "vitest";
import { schoolYearLabel } from "../../core/messages/risk-profile.ts";
import { SOURCE_KEYS, riskParameter } from "../../core/risk-profile/catalog.ts";
import { releasedInput, schoolYearOf, schoolYearWindow } from "../../core/services/risk-profile.ts";

describe("учебный год рискового профиля", () => {
  it("с 1 августа по местному времени — следующий учебный год", () => {
    expect(schoolYearOf(new Date("2026-07-31T20:59:00Z"), "Europe/Moscow")).toBe(2026); // 23:59 31 July in Moscow
    expect(schoolYearOf(new Date("2026-07-31T21:00:00Z"), "Europe/Moscow")).toBe(2027); // 00:00 1 August in Moscow
    expect(schoolYearOf(new Date("2026-07-31T15:00:00Z"), "Asia/Vladivostok")).toBe(2027); // already 1 August there
    expect(schoolYearOf(new Date("2027-03-01T00:00:00Z"), "Europe/Moscow")).toBe(2027);
    expect(schoolYearLabel(2027)).toBe("2026/27");
    expect(schoolYearLabel(2000)).toBe("1999/00");
  });

  it("окно года: кампании, открытые с 1 августа предыдущего по 31 июля", () => {
    const { from, to } = schoolYearWindow(2027, "Europe/Moscow");
    expect(from.toISOString()).toBe("2026-07-31T21:00:00.000Z");
    expect(to.toISOString()).toBe("2027-07-31T21:00:00.000Z");
    expect(schoolYearOf(from, "Europe/Moscow")).toBe(2027);
    expect(schoolYearOf(new Date(to.getTime() - 1), "Europe/Moscow")).toBe(2027);
    expect(schoolYearOf(to, "Europe/Moscow")).toBe(2028);
  });
});

describe("что сохраняется из анкет", () => {
  const values = Object.fromEntries(SOURCE_KEYS.map((key) => [key, riskParameter(key).kind === "flag" ? true : riskParameter(key).kind === "per100" ? 10 : riskParameter(key).kind === "scale" ? 2 : 0.5]));

  it("анкета с числом ответов меньше минимума — без значений; карта — всегда", () => {
    const input = releasedInput({ values }, { teacher: 4, student: 5, parent: 0 }, 5);
    for (const key of SOURCE_KEYS) {
      const source = riskParameter(key).source;
      if (source === "teacher" || source === "parent") expect(input.values[key], key).toBeNull();
      else expect(input.values[key], key).toBe(values[key]);
    }
    expect(input.respondents).toEqual({ teacher: 4, student: 5, parent: 0 });
  });

  it("берётся меньшее из чисел ответов: сопоставление не может насчитать больше, чем прочитано ответов", () => {
    const input = releasedInput({ values, respondents: { teacher: 9, student: 2, parent: 7 } }, { teacher: 4, student: 6, parent: 7 }, 5);
    expect(input.respondents).toEqual({ teacher: 4, student: 2, parent: 7 });
    expect(input.values["student.bullying"]).toBeNull();
    expect(input.values["teacher.confidence"]).toBeNull();
    expect(input.values["parent.studySupport"]).toBe(2);
  });
});
