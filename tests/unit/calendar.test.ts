// The monitoring calendar's defaults (DOMAIN.md §9, seed 004 table 2, seed 002): every entry is dated
// inside its school year (1 September – 31 August), ordered by deadline, keyed once, with the
// responsible roles of the product; the seed's dates are where the seeds put them.
import { describe, expect, it } from "vitest";
import { calendarDefaults, RESPONSIBLE_ROLES, schoolYearBounds, schoolYearOfDate, isoOf } from "../../core/management/calendar-defaults.ts";
import { calendarNoticesDue, calendarDedupeKey, localDay } from "../../core/services/calendar.ts";

const byKey = (year: string) => new Map(calendarDefaults(year).map((entry) => [entry.key, entry]));

describe("календарь мониторингов по умолчанию", () => {
  it.each(["2026/27", "2027/28", "2030/31"])("все сроки %s — внутри учебного года, начало не позже срока", (year) => {
    const { first, last } = schoolYearBounds(year)!;
    const entries = calendarDefaults(year);
    expect(entries.length).toBeGreaterThan(20);
    for (const entry of entries) {
      expect(entry.dueOn >= first && entry.dueOn <= last, `${entry.key} ${isoOf(entry.dueOn)}`).toBe(true);
      expect(entry.startsOn >= first && entry.startsOn <= entry.dueOn, `${entry.key} ${isoOf(entry.startsOn)}`).toBe(true);
      expect(schoolYearOfDate(entry.dueOn)).toBe(year);
      expect(entry.remindDaysBefore).toBe(3);
      expect(entry.responsibleRoles.length).toBeGreaterThan(0);
      for (const role of entry.responsibleRoles) expect(RESPONSIBLE_ROLES).toContain(role);
    }
    expect(new Set(entries.map((entry) => entry.key)).size).toBe(entries.length);
  });

  it("упорядочены по сроку: с сентября по август", () => {
    const entries = calendarDefaults("2026/27");
    const due = entries.map((entry) => entry.dueOn.getTime());
    expect(due).toEqual([...due].sort((a, b) => a - b));
    expect(isoOf(entries[0]!.dueOn) >= "2026-09-01").toBe(true);
    expect(isoOf(entries.at(-1)!.dueOn)).toBe("2027-08-31");
  });

  it("даты семян: выявление январь–февраль, компетенции — февраль, профили — март, программы — до 27 апреля, решения по рискам — июль", () => {
    const entries = byKey("2026/27");
    expect([isoOf(entries.get("identification")!.startsOn), isoOf(entries.get("identification")!.dueOn)]).toEqual(["2027-01-10", "2027-02-28"]);
    expect(isoOf(entries.get("competences")!.dueOn)).toBe("2027-02-28");
    expect(isoOf(entries.get("risk_profiles")!.dueOn)).toBe("2027-03-31");
    expect(isoOf(entries.get("school_programmes")!.dueOn)).toBe("2027-04-27");
    expect(entries.get("school_programmes")!.responsibleRoles).toEqual(expect.arrayContaining(["head", "district", "mentor"]));
    expect(isoOf(entries.get("curators_plan")!.dueOn)).toBe("2027-04-30");
    expect(isoOf(entries.get("interim_monitoring")!.dueOn)).toBe("2027-06-30");
    expect(isoOf(entries.get("risk_decisions")!.dueOn)).toBe("2027-07-31");
    expect(isoOf(entries.get("gia_plans")!.dueOn)).toBe("2026-10-01");
    expect(isoOf(entries.get("gia_vpr_analysis")!.dueOn)).toBe("2026-10-31");
    expect(isoOf(entries.get("final_monitoring_support")!.dueOn)).toBe("2026-12-31");
    expect(isoOf(entries.get("final_monitoring_dynamics")!.dueOn)).toBe("2026-12-31");
    expect(isoOf(entries.get("heads_meeting_09")!.dueOn)).toBe("2026-09-30");
    expect(isoOf(entries.get("heads_meeting_04")!.dueOn)).toBe("2027-04-30");
    expect(entries.get("identification")!.title).toMatch(/^Идентификация школ с низкими результатами обучения/);
  });

  it("мониторинг школ — раз в четверть, новости на сайтах — каждый месяц", () => {
    const entries = calendarDefaults("2026/27");
    expect(entries.filter((entry) => entry.key.startsWith("quarter_monitoring_"))).toHaveLength(4);
    const news = entries.filter((entry) => entry.key.startsWith("site_news_"));
    expect(news).toHaveLength(12);
    expect(new Set(news.map((entry) => entry.dueOn.getUTCMonth())).size).toBe(12);
  });

  it("високосный год: февраль кончается 29-го", () => {
    expect(isoOf(byKey("2027/28").get("identification")!.dueOn)).toBe("2028-02-29");
  });

  it("не учебный год — ошибка, а не пустой календарь", () => {
    expect(() => calendarDefaults("2026")).toThrow();
    expect(schoolYearBounds("2026/28")).toBeNull();
  });
});

describe("когда напоминать", () => {
  const entry = { dueOn: new Date("2027-04-27T00:00:00Z"), remindDaysBefore: 3, escalatedAt: null, doneAt: null };
  it("за N дней и в день срока с 10:00 по местному времени; на следующий день — эскалация", () => {
    expect(calendarNoticesDue(entry, { date: "2027-04-24", hour: 9 })).toEqual([]);
    expect(calendarNoticesDue(entry, { date: "2027-04-24", hour: 10 })).toEqual(["before"]);
    expect(calendarNoticesDue(entry, { date: "2027-04-25", hour: 10 })).toEqual([]);
    expect(calendarNoticesDue(entry, { date: "2027-04-27", hour: 10 })).toEqual(["day"]);
    expect(calendarNoticesDue(entry, { date: "2027-04-27", hour: 22 })).toEqual([]);
    expect(calendarNoticesDue(entry, { date: "2027-04-28", hour: 10 })).toEqual(["esc"]);
    expect(calendarNoticesDue({ ...entry, escalatedAt: new Date() }, { date: "2027-04-28", hour: 10 })).toEqual([]);
    expect(calendarNoticesDue({ ...entry, doneAt: new Date() }, { date: "2027-04-27", hour: 10 })).toEqual([]);
    expect(calendarNoticesDue({ ...entry, remindDaysBefore: 0 }, { date: "2027-04-27", hour: 10 })).toEqual(["day"]);
    expect(calendarNoticesDue(entry, { date: "2027-05-20", hour: 10 })).toEqual([]);
  });

  it("местное время района: 10:00 во Владивостоке — это 00:00 по UTC", () => {
    expect(localDay(new Date("2027-04-27T00:00:00Z"), "Asia/Vladivostok")).toEqual({ date: "2027-04-27", hour: 10 });
    expect(localDay(new Date("2027-04-27T07:00:00Z"), "Europe/Moscow")).toEqual({ date: "2027-04-27", hour: 10 });
  });

  it("ключ сообщения: запись, вид, срок, человек", () => {
    expect(calendarDedupeKey("e1", "before", new Date("2027-04-27T00:00:00Z"), "p1")).toBe("cal:e1:before:2027-04-27:p1");
  });
});
