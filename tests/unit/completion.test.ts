// Completion figures and reminder reports over plain data: one count for the API, the CLI and the demo.
import { describe, expect, it } from "vitest";
import { countCompletion } from "../../core/services/completion.ts";
import { planDiagnosticReminders, remindUnfinished } from "../../core/services/reminders.ts";
import { teacherDiagnosticV1 } from "../../core/instruments/teacher-diagnostic.ts";
import type { OutboxMessage, PersonView, Repository, UnfinishedTeacher } from "../../core/services/ports.ts";

const schools = [
  { id: "a", name: "Школа А" },
  { id: "b", name: "Школа Б" },
];

describe("охват: одно вычисление", () => {
  it("школа считает каждого своего педагога, район — каждого человека один раз", () => {
    const result = countCompletion(
      [
        { personId: "p1", schoolId: "a", joined: true, completed: true },
        { personId: "p1", schoolId: "b", joined: true, completed: true },
        { personId: "p2", schoolId: "a", joined: true, completed: false },
        { personId: "p3", schoolId: "b", joined: false, completed: false },
      ],
      schools,
    );
    expect(result.schools).toEqual([
      { schoolId: "a", name: "Школа А", notJoined: 0, unfinished: 1, completed: 1, total: 2 },
      { schoolId: "b", name: "Школа Б", notJoined: 1, unfinished: 0, completed: 1, total: 2 },
    ]);
    expect(result.total).toEqual({ notJoined: 1, unfinished: 1, completed: 1, total: 3 });
  });
});

describe("напоминание: отчёт о том, что сделано", () => {
  const campaign = {
    id: "c1",
    districtId: "d1",
    title: "Диагностика",
    opensAt: new Date("2026-02-01T00:00:00Z"),
    closesAt: new Date("2026-02-20T00:00:00Z"),
    instrument: teacherDiagnosticV1,
    timezone: "Asia/Yakutsk",
  };
  const teachers: UnfinishedTeacher[] = [
    { personId: "joined", answered: 3, joined: true, consented: true, account: { channel: "max", chatId: "100" } },
    { personId: "refused", answered: 0, joined: true, consented: false, account: { channel: "telegram", chatId: "101" } },
    { personId: "blocked", answered: 0, joined: true, consented: true, account: null },
    { personId: "imported", answered: 0, joined: false, consented: false, account: null },
  ];
  const fakeRepo = (queued: OutboxMessage[]) =>
    ({
      openCampaigns: async () => [campaign],
      unfinishedTeachers: async () => teachers,
      enqueue: async (messages: OutboxMessage[]) => {
        const fresh = messages.filter((message) => !queued.some((row) => row.dedupeKey === message.dedupeKey));
        queued.push(...fresh);
        return fresh.length;
      },
    }) as unknown as Repository;
  const staff: PersonView = {
    id: "staff",
    displayName: null,
    consentAt: new Date(),
    memberships: [{ id: "m", role: "district", districtId: "d1", schoolId: null, active: true, districtName: "Р", districtTimezone: "Europe/Moscow", schoolName: null }],
  };

  it("пишет только подключившимся с согласием и называет причины для остальных; ключ — местная дата района", async () => {
    const queued: OutboxMessage[] = [];
    // 20:30 UTC on 1 February is already 2 February in Yakutsk.
    const deps = { repo: fakeRepo(queued), clock: { now: () => new Date("2026-02-01T20:30:00Z") } };
    expect(await remindUnfinished(deps, staff, { districtId: "d1" })).toEqual({
      enqueued: 1,
      notJoined: 1,
      noConsent: 1,
      unreachable: 1,
      alreadyToday: 0,
    });
    expect(queued.map((row) => row.dedupeKey)).toEqual(["diag-remind-manual:c1:joined:2026-02-02"]);
    expect(queued[0]!.text).toContain("3 из 24");
    expect(queued[0]!.text).toContain("20 февраля");
    expect((await remindUnfinished(deps, staff, { districtId: "d1" })).alreadyToday).toBe(1);
    await expect(remindUnfinished(deps, { ...staff, memberships: [] }, { districtId: "d1" })).rejects.toThrow("forbidden");
  });

  it("ежедневное напоминание уходит в 10:00 по времени района", async () => {
    const queued: OutboxMessage[] = [];
    const at = (iso: string) => ({ repo: fakeRepo(queued), clock: { now: () => new Date(iso) } });
    expect(await planDiagnosticReminders(at("2026-02-02T00:30:00Z"))).toEqual({ campaigns: 0, enqueued: 0 }); // 09:30 in Yakutsk
    expect(await planDiagnosticReminders(at("2026-02-02T01:05:00Z"))).toEqual({ campaigns: 1, enqueued: 1 }); // 10:05
    expect(queued.map((row) => row.dedupeKey)).toEqual(["diag-remind:c1:joined:2026-02-02"]);
  });
});
