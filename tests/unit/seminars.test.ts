// The pure rules of seminars and events (#15 §4): the RFC 5545 calendar file (escaping, folding at 75
// octets without splitting a Cyrillic letter, UTC times, a default end), the institute's grouping of
// requests (counts by area, topic and school; no names), who an event invites, and when the reminder
// the day before is due in the district's time zone.
import { describe, expect, it } from "vitest";
import { escapeIcsText, eventIcs, foldIcsLine, icsDateTime } from "../../core/seminars/ics.ts";
import { EventInputSchema, groupRequests, membershipInvited, reminderDue, topicKey } from "../../core/seminars/rules.ts";

const octets = (line: string) => new TextEncoder().encode(line).length;

describe(".ics", () => {
  const ics = eventIcs({
    uid: "ev1@events.shnor",
    stamp: new Date("2027-01-10T08:00:00.123Z"),
    start: new Date("2027-02-03T06:30:00Z"),
    end: null,
    summary: "Семинар: критерии оценивания ВПР, типичные ошибки; разбор заданий",
    location: "МБОУ СОШ №2, каб. 14",
    description: "Первая строка\nВторая строка с обратной косой \\ чертой. ".repeat(3),
    url: "https://webinar.example.ru/vpr",
  });
  const lines = ics.split("\r\n");

  it("one VEVENT with UID, DTSTAMP, DTSTART and a default DTEND (+1 h) in UTC, CRLF line ends", () => {
    expect(ics.endsWith("\r\n")).toBe(true);
    expect(lines[0]).toBe("BEGIN:VCALENDAR");
    expect(lines).toContain("VERSION:2.0");
    expect(lines).toContain("UID:ev1@events.shnor");
    expect(lines).toContain("DTSTAMP:20270110T080000Z");
    expect(lines).toContain("DTSTART:20270203T063000Z");
    expect(lines).toContain("DTEND:20270203T073000Z");
    expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(1);
    expect(icsDateTime(new Date("2027-12-31T23:59:59Z"))).toBe("20271231T235959Z");
  });

  it("escapes text and folds every line at 75 octets, continuation lines starting with a space", () => {
    expect(escapeIcsText("a,b;c\\d\ne")).toBe("a\\,b\\;c\\\\d\\ne");
    for (const line of lines) expect(octets(line)).toBeLessThanOrEqual(75);
    const unfolded = ics.replace(/\r\n /g, "");
    expect(unfolded).toContain("SUMMARY:Семинар: критерии оценивания ВПР\\, типичные ошибки\\; разбор заданий");
    expect(unfolded).toContain("LOCATION:МБОУ СОШ №2\\, каб. 14");
    expect(unfolded).toContain("DESCRIPTION:Первая строка\\nВторая строка с обратной косой \\\\ чертой.");
    expect(lines.some((line) => line.startsWith(" "))).toBe(true);
    // No character is split: every physical line is valid UTF-8 on its own.
    for (const line of lines) expect(new TextDecoder("utf-8", { fatal: true }).decode(new TextEncoder().encode(line))).toBe(line);
  });

  it("folds a long Cyrillic line without splitting a two-octet letter", () => {
    const folded = foldIcsLine(`SUMMARY:${"ж".repeat(100)}`).split("\r\n");
    expect(octets(folded[0]!)).toBe(74); // "SUMMARY:" 8 octets + 33 letters × 2
    expect(folded.slice(1).every((line) => line.startsWith(" ") && octets(line) <= 75)).toBe(true);
    expect(folded.map((line, index) => (index ? line.slice(1) : line)).join("")).toBe(`SUMMARY:${"ж".repeat(100)}`);
  });
});

describe("grouping of requests", () => {
  const titles = new Map([
    ["assessment", "Критерии оценивания"],
    ["literacy", "Функциональная грамотность"],
  ]);
  const schools = new Map([
    ["s1", "СОШ №1"],
    ["s2", "СОШ №2"],
  ]);
  const groups = groupRequests(
    [
      { id: "r1", topic: "Критерии ВПР по математике", areas: ["assessment"], schoolId: "s1", state: "new" },
      { id: "r2", topic: "критерии  ВПР по математике!", areas: ["assessment", "literacy"], schoolId: "s2", state: "new" },
      { id: "r3", topic: "Функциональная грамотность", areas: ["literacy"], schoolId: "s1", state: "planned" },
      { id: "r4", topic: "Работа с ОВЗ", areas: [], schoolId: null, state: "new" },
    ],
    titles,
    schools,
    "Без школы",
  );

  it("counts by topic (case and punctuation aside), by area and by school, largest first", () => {
    expect(groups.total).toBe(4);
    expect(groups.byTopic[0]).toEqual({ topic: "Критерии ВПР по математике", requests: 2, schools: 2, areas: ["assessment", "literacy"], requestIds: ["r1", "r2"] });
    expect(groups.byArea).toEqual([
      { areaId: "assessment", title: "Критерии оценивания", requests: 2, schools: 2 },
      { areaId: "literacy", title: "Функциональная грамотность", requests: 2, schools: 2 },
    ]);
    expect(groups.bySchool.map((school) => [school.schoolName, school.requests])).toEqual([
      ["СОШ №1", 2],
      ["Без школы", 1],
      ["СОШ №2", 1],
    ]);
    expect(topicKey("Ёлка, ЁЖ!")).toBe("елка еж");
  });
});

describe("events", () => {
  it("invites school roles in the chosen schools and district roles district-wide", () => {
    const audience = { roles: ["teacher", "methodologist"] as const, schoolIds: ["s1"] };
    const a = { ...audience, roles: [...audience.roles] };
    expect(membershipInvited(a, "d", { role: "teacher", districtId: "d", schoolId: "s1", active: true })).toBe(true);
    expect(membershipInvited(a, "d", { role: "teacher", districtId: "d", schoolId: "s2", active: true })).toBe(false);
    expect(membershipInvited(a, "d", { role: "teacher", districtId: "d", schoolId: "s1", active: false })).toBe(false);
    expect(membershipInvited(a, "d", { role: "head", districtId: "d", schoolId: "s1", active: true })).toBe(false);
    expect(membershipInvited(a, "d", { role: "methodologist", districtId: "d", schoolId: null, active: true })).toBe(true);
    expect(membershipInvited(a, "d", { role: "teacher", districtId: "x", schoolId: "s1", active: true })).toBe(false);
    expect(membershipInvited({ roles: ["teacher"], schoolIds: null }, "d", { role: "teacher", districtId: "d", schoolId: "s9", active: true })).toBe(true);
  });

  it("refuses an event that ends before it starts, or without an audience", () => {
    const base = { kind: "seminar", title: "Семинар", startsAt: "2027-02-03T06:30:00Z", audience: { roles: ["teacher"] } };
    expect(EventInputSchema.safeParse(base).success).toBe(true);
    expect(EventInputSchema.safeParse({ ...base, endsAt: "2027-02-03T06:00:00Z" }).success).toBe(false);
    expect(EventInputSchema.safeParse({ ...base, audience: { roles: [] } }).success).toBe(false);
    expect(EventInputSchema.safeParse({ ...base, kind: "party" }).success).toBe(false);
  });

  it("the reminder is due from 10:00 district time the day before, until 21:59, never on the day", () => {
    const start = new Date("2027-02-03T06:30:00Z"); // 09:30 in Moscow
    const moscow = "Europe/Moscow";
    expect(reminderDue(new Date("2027-02-02T06:59:00Z"), start, moscow)).toBe(false); // 09:59
    expect(reminderDue(new Date("2027-02-02T07:00:00Z"), start, moscow)).toBe(true); // 10:00
    expect(reminderDue(new Date("2027-02-02T18:59:00Z"), start, moscow)).toBe(true); // 21:59
    expect(reminderDue(new Date("2027-02-02T19:00:00Z"), start, moscow)).toBe(false); // 22:00
    expect(reminderDue(new Date("2027-02-03T04:00:00Z"), start, moscow)).toBe(false); // the day itself
    // Yakutsk (UTC+9): the event is 15:30 on 3 February; 10:00 on the 2nd is 01:00 UTC.
    expect(reminderDue(new Date("2027-02-02T01:00:00Z"), start, "Asia/Yakutsk")).toBe(true);
    expect(reminderDue(new Date("2027-02-02T00:59:00Z"), start, "Asia/Yakutsk")).toBe(false);
  });
});

describe("low-solved ВПР topics for the institute", () => {
  it("come from the latest identification run: the district's topics and each school's", async () => {
    const { districtLowTopics } = await import("../../core/services/seminars.ts");
    const task = (grade: number, subject: string, taskNo: string, topic: string | null, schools = 1) => ({ grade, subject, task: taskNo, solvedShare: 0.3, topic, schools });
    const run = {
      output: {
        year: 2026,
        districtLowTasks: [task(5, "Математика", "8", "Дроби", 3), task(5, "Математика", "9", "Дроби", 2), task(6, "Русский язык", "2", null)],
        schools: [
          { schoolId: "s1", schoolName: "СОШ №1", lowTasks: [task(5, "Математика", "8", "Дроби")] },
          { schoolId: "s2", schoolName: "СОШ №2", lowTasks: [] },
        ],
      },
    };
    const deps = { ident: { latestRun: async () => run } } as never;
    const topics = (await districtLowTopics(deps, "d"))!;
    expect(topics.year).toBe(2026);
    expect(topics.district).toEqual([{ grade: 5, subject: "Математика", topic: "Дроби", tasks: 2, schools: 3 }]);
    expect(topics.bySchool.map((school) => school.schoolName)).toEqual(["СОШ №1"]);
    expect(await districtLowTopics({ ident: { latestRun: async () => null } } as never, "d")).toBeNull();
  });
});
