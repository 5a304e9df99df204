// The working group's pure rules (#15 §7): the quorum is more than half; a meeting needs an agenda and a
// valid date and time; the minutes name each present member once and each decision has its text and the
// responsible; the composition by order has exactly one chair and at most one secretary; the protocol's
// reference and the meeting's local time follow the district's time zone.
import { describe, expect, it } from "vitest";
import { ApproveReportInputSchema, localParts, localToInstant, MeetingInputSchema, MinutesInputSchema, parseWith, protocolRef, quorum } from "../../core/services/meetings-rules.ts";
import { WorkingGroupInput } from "../../core/services/reports.ts";

const meeting = { workingGroupId: "grp1", number: "3", date: "2026-12-25", time: "14:30", place: "каб. 12", agenda: [{ title: "О справке", speaker: "Тимков А.В." }] };
const member = (role: string, name = "Член") => ({ name, position: "должность", role });

describe("рабочая группа: правила", () => {
  it("кворум — больше половины состава", () => {
    expect(quorum(3, 5)).toEqual({ met: true, needed: 3 });
    expect(quorum(2, 5)).toEqual({ met: false, needed: 3 });
    expect(quorum(5, 10)).toEqual({ met: false, needed: 6 });
    expect(quorum(6, 10)).toEqual({ met: true, needed: 6 });
    expect(quorum(8, 15)).toEqual({ met: true, needed: 8 });
    expect(quorum(0, 0).met).toBe(false);
  });

  it("заседание: повестка обязательна, дата и время проверяются, пустой докладчик и место — null", () => {
    const ok = parseWith(MeetingInputSchema, { ...meeting, place: " ", agenda: [{ title: "Вопрос", speaker: "" }] });
    expect(ok).toEqual({ ok: true, data: { ...meeting, place: null, agenda: [{ title: "Вопрос", speaker: null }] } });
    expect(parseWith(MeetingInputSchema, { ...meeting, time: undefined })).toMatchObject({ ok: true, data: { time: "10:00" } });
    const empty = parseWith(MeetingInputSchema, { ...meeting, agenda: [] });
    expect(empty).toEqual({ ok: false, issues: [{ field: "agenda", message: "Повестка: добавьте хотя бы один вопрос повестки" }] });
    const bad = parseWith(MeetingInputSchema, { ...meeting, date: "2026-02-30", time: "24:00", agenda: [{ title: " " }], extra: 1 });
    expect(bad.ok).toBe(false);
    const messages = bad.ok ? [] : bad.issues.map((issue) => issue.message);
    expect(messages).toEqual(
      expect.arrayContaining(["Дата: укажите дату в виде ГГГГ-ММ-ДД", "Время: укажите время в виде ЧЧ:ММ", "Повестка (1), вопрос: заполните поле", "лишние поля extra"]),
    );
  });

  it("протокол: присутствующие без повторов, у решения — текст и ответственный, вид решения по умолчанию «организующее»", () => {
    const ok = parseWith(MinutesInputSchema, { present: [0, 2], decisions: [{ text: "Провести семинар", responsible: "РМК", dueOn: "2027-03-01" }] });
    expect(ok).toEqual({ ok: true, data: { present: [0, 2], decisions: [{ text: "Провести семинар", responsible: "РМК", dueOn: "2027-03-01", kind: "organising" }] } });
    expect(parseWith(MinutesInputSchema, { present: [] })).toEqual({ ok: true, data: { present: [], decisions: [] } });
    const twice = parseWith(MinutesInputSchema, { present: [1, 1], decisions: [] });
    expect(twice).toEqual({ ok: false, issues: [{ field: "present", message: "Присутствовали: один член группы отмечен дважды" }] });
    const noResponsible = parseWith(MinutesInputSchema, { present: [0], decisions: [{ text: "Решение", responsible: "", kind: "other" }] });
    expect(noResponsible.ok ? [] : noResponsible.issues.map((issue) => issue.message)).toEqual(["Решения (1), ответственный: заполните поле", "Решения (1), вид решения: выберите значение из списка"]);
    expect(parseWith(MinutesInputSchema, { present: [-1] }).ok).toBe(false);
    expect(ApproveReportInputSchema.safeParse({ reportId: "rep1" }).success).toBe(true);
    expect(ApproveReportInputSchema.safeParse({ reportId: "../x" }).success).toBe(false);
  });

  it("состав по приказу: ровно один руководитель, не больше одного секретаря; старые записи без секретаря и привязок проходят", () => {
    const base = { orderRef: "Приказ № 45", orderDate: "2026-09-01" };
    expect(WorkingGroupInput.safeParse({ ...base, members: [member("chair"), member("deputy"), member("member")] }).success).toBe(true);
    expect(WorkingGroupInput.safeParse({ ...base, members: [member("chair"), { name: "Без роли", position: "методист" }] }).success).toBe(true);
    const messages = (members: unknown[]) => {
      const parsed = WorkingGroupInput.safeParse({ ...base, members });
      return parsed.success ? [] : parsed.error.issues.map((issue) => issue.message);
    };
    expect(messages([member("deputy"), member("member")])).toEqual(["в составе должен быть ровно один руководитель"]);
    expect(messages([member("chair"), member("chair")])).toEqual(["в составе должен быть ровно один руководитель"]);
    expect(messages([member("chair"), member("secretary"), member("secretary")])).toEqual(["секретарь в составе может быть только один"]);
    expect(messages([member("chair"), member("guest")])).toEqual(["роль: руководитель, заместитель, секретарь или член группы"]);
    expect(messages([{ ...member("chair"), personId: "p1" }, { ...member("member"), personId: "p1" }])).toEqual(["один участник привязан к двум членам группы"]);
    expect(messages([])).toEqual(["укажите хотя бы одного члена группы", "в составе должен быть ровно один руководитель"]);
  });

  it("время заседания — по часовому поясу района; «Протокол № N от ДД.ММ.ГГГГ» — по местной дате", () => {
    const moscow = localToInstant("2026-12-25", "14:30", "Europe/Moscow");
    expect(moscow.toISOString()).toBe("2026-12-25T11:30:00.000Z");
    expect(localToInstant("2026-12-25", "01:00", "Asia/Novosibirsk").toISOString()).toBe("2026-12-24T18:00:00.000Z");
    expect(localParts(new Date("2026-12-24T18:00:00Z"), "Asia/Novosibirsk")).toEqual({ date: "2026-12-25", time: "01:00" });
    expect(protocolRef("3", new Date("2026-12-24T18:00:00Z"), "Asia/Novosibirsk")).toBe("Протокол № 3 от 25.12.2026");
    expect(protocolRef("3", new Date("2026-12-24T18:00:00Z"), "Europe/Moscow")).toBe("Протокол № 3 от 24.12.2026");
  });
});
