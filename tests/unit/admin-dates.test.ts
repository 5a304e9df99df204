// Dates of the admin use cases in the district's time zone (@date-fns/tz instead of hand-written
// offset arithmetic): a campaign's first midnight and the end of a school year.
import { describe, expect, it } from "vitest";
import { calendarDay, schoolYearEnd, zonedMidnight } from "../../core/services/admin.ts";

describe("даты района", () => {
  it("полночь даты по времени района, в том числе в день перехода на летнее время", () => {
    expect(zonedMidnight("2026-02-01", "Europe/Moscow").toISOString()).toBe("2026-01-31T21:00:00.000Z");
    expect(zonedMidnight("2026-02-01", "Asia/Yekaterinburg").toISOString()).toBe("2026-01-31T19:00:00.000Z");
    expect(zonedMidnight("2026-02-01", "Asia/Kamchatka").toISOString()).toBe("2026-01-31T12:00:00.000Z");
    // Berlin moves its clocks at 02:00 on 29 March 2026: midnight is still UTC+1, the next one UTC+2.
    expect(zonedMidnight("2026-03-29", "Europe/Berlin").toISOString()).toBe("2026-03-28T23:00:00.000Z");
    expect(zonedMidnight("2026-03-30", "Europe/Berlin").toISOString()).toBe("2026-03-29T22:00:00.000Z");
  });

  it("конец учебного года: до 31 августа включительно по времени района; с августа — следующий год", () => {
    expect(schoolYearEnd(new Date("2026-11-29T10:00:00Z"), "Europe/Moscow").toISOString()).toBe("2027-08-31T21:00:00.000Z");
    expect(schoolYearEnd(new Date("2027-03-01T00:00:00Z"), "Asia/Vladivostok").toISOString()).toBe("2027-08-31T14:00:00.000Z");
    // 31 July, 22:00 UTC is already 1 August in Yekaterinburg: the poster is for the coming year.
    expect(schoolYearEnd(new Date("2027-07-31T22:00:00Z"), "Asia/Yekaterinburg").toISOString()).toBe("2028-08-31T19:00:00.000Z");
    expect(calendarDay(new Date("2027-08-31T19:30:00Z"), "Asia/Yekaterinburg")).toEqual({ iso: "2027-09-01", local: "1 сентября 2027 г." });
  });
});
