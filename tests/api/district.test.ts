// The district page and the head's school card: completion in three figures without names, and
// reminders that report what they actually queued and why the rest were not.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createInvite } from "../../core/services/onboarding.ts";
import type { Database } from "../../prisma/db.ts";
import { openTestDatabase } from "../support/db.ts";
import { makeDistrict } from "../support/district.ts";
import { ChatUser, FakeTelegram, makeTestBot } from "../support/telegram.ts";
import { makeTestApi, signInitData } from "../support/api.ts";

let db: Database;
let api: ReturnType<typeof makeTestApi>;
let districtId: string;
let schools: Array<{ id: string; name: string }>;

const call = async (method: "GET" | "POST", path: string, userId: number) => {
  const response = await api.request(path, { method, headers: { authorization: `tma ${signInitData(userId)}` } });
  return { status: response.status, body: (await response.json()) as any };
};

beforeAll(async () => {
  db = await openTestDatabase();
  const district = await makeDistrict(db);
  districtId = district.district.id;
  schools = district.schools;
  const telegram = new FakeTelegram();
  const bot = makeTestBot(db, telegram);
  const join = async (id: number, code: string) => {
    const user = new ChatUser(bot, telegram, id, `Человек ${id}`);
    await user.send(`/start ${code}`);
    await user.press("Согласен(на)");
    return user;
  };
  await join(1, await district.invite("district", null));
  await join(2, await district.invite("head", schools[0]!.id));
  await join(8, await district.invite("head", schools[1]!.id));
  const finished = await join(3, await district.invite("teacher", schools[0]!.id));
  await finished.send("/diagnostic");
  for (let index = 0; index < 24; index++) await finished.press("Да");
  const started = await join(4, await district.invite("teacher", schools[0]!.id));
  await started.send("/diagnostic");
  await started.press("Нет");
  await join(5, await district.invite("teacher", schools[1]!.id));
  // Teacher 3 also works in school 2: one person, two memberships.
  const three = await db.prisma.account.findFirstOrThrow({ where: { externalId: "3" } });
  await db.prisma.membership.create({ data: { personId: three.personId, role: "teacher", districtId, schoolId: schools[1]!.id } });
  // Three teachers of school 2 registered in advance (as the staff import does); one of them joins.
  const codes = [];
  for (const name of ["Импортова Анна", "Импортова Бэла", "Импортова Вера"]) {
    const person = await db.prisma.person.create({ data: { displayName: name } });
    await db.prisma.membership.create({ data: { personId: person.id, role: "teacher", districtId, schoolId: schools[1]!.id } });
    const invite = await createInvite(
      { repo: district.repo, clock: { now: () => new Date() }, randomBytes: (size) => randomBytes(size) },
      null,
      { role: "teacher", districtId, schoolId: schools[1]!.id, personId: person.id },
    );
    codes.push(invite.code);
  }
  await join(6, codes[0]!);
  // Teacher 5 blocked the bot (the queue marked the account after a 403).
  await db.prisma.account.updateMany({ where: { externalId: "5" }, data: { blockedAt: new Date() } });
  // Staff of another district.
  const other = await makeDistrict(db, { schools: 1 });
  await join(9, await other.invite("district", null));
  api = makeTestApi(db);
});
afterAll(async () => {
  await db?.close();
});

describe("охват диагностики", () => {
  it("по школам — три числа без имён; по району каждый человек один раз", async () => {
    const result = await call("GET", `/api/districts/${districtId}/completion`, 1);
    expect(result.status).toBe(200);
    expect(result.body.schools).toEqual([
      { schoolId: schools[0]!.id, name: "МБОУ СОШ №1", notJoined: 0, unfinished: 1, completed: 1, total: 2 },
      { schoolId: schools[1]!.id, name: "МБОУ СОШ №2", notJoined: 2, unfinished: 2, completed: 1, total: 5 },
    ]);
    // 7 memberships, 6 people: the teacher of two schools counts once in the district.
    expect(result.body.total).toEqual({ notJoined: 2, unfinished: 3, completed: 1, total: 6 });
    expect(JSON.stringify(result.body)).not.toMatch(/Человек|Импортова|personId/);
  });

  it("руководитель видит свою школу — и только её", async () => {
    const own = await call("GET", `/api/schools/${schools[1]!.id}/completion`, 8);
    expect(own.status).toBe(200);
    expect(own.body.total).toEqual({ notJoined: 2, unfinished: 2, completed: 1, total: 5 });
    expect(own.body.schools.map((school: any) => school.schoolId)).toEqual([schools[1]!.id]);
    expect(JSON.stringify(own.body)).not.toMatch(/Человек|Импортова|personId/);
    expect((await call("GET", `/api/schools/${schools[1]!.id}/completion`, 2)).status).toBe(403);
    expect((await call("GET", `/api/schools/${schools[0]!.id}/completion`, 4)).status).toBe(403);
    expect((await call("GET", `/api/schools/${schools[0]!.id}/completion`, 9)).status).toBe(403);
    expect((await call("GET", `/api/schools/${schools[0]!.id}/completion`, 1)).status).toBe(200);
    expect((await call("GET", `/api/schools/nosuchschool/completion`, 1)).status).toBe(404);
    expect((await call("GET", `/api/districts/${districtId}/completion`, 8)).status).toBe(403);
    expect((await call("GET", `/api/districts/${districtId}/completion`, 9)).status).toBe(403);
  });
});

describe("напоминания", () => {
  it("кнопка сообщает, сколько поставлено в очередь и почему не остальным", async () => {
    // Who may press: the head for their own school, the district for the district; nobody else.
    expect((await call("POST", `/api/schools/${schools[1]!.id}/remind`, 2)).status).toBe(403);
    expect((await call("POST", `/api/schools/${schools[1]!.id}/remind`, 4)).status).toBe(403);
    expect((await call("POST", `/api/schools/${schools[1]!.id}/remind`, 9)).status).toBe(403);
    expect((await call("POST", `/api/districts/${districtId}/remind`, 8)).status).toBe(403);
    expect((await call("POST", `/api/districts/${districtId}/remind`, 9)).status).toBe(403);
    expect(await db.prisma.outbox.count()).toBe(0);

    // The head of school 2 first: of four unfinished, one joined and reachable.
    const head = await call("POST", `/api/schools/${schools[1]!.id}/remind`, 8);
    expect(head).toEqual({
      status: 200,
      body: { enqueued: 1, notJoined: 2, noConsent: 0, unreachable: 1, alreadyToday: 0 },
    });
    // Then the district: teacher 6 has already been reminded today by the head.
    const first = await call("POST", `/api/districts/${districtId}/remind`, 1);
    expect(first.body).toEqual({ enqueued: 1, notJoined: 2, noConsent: 0, unreachable: 1, alreadyToday: 1 });
    const again = await call("POST", `/api/districts/${districtId}/remind`, 1);
    expect(again.body).toEqual({ enqueued: 0, notJoined: 2, noConsent: 0, unreachable: 1, alreadyToday: 2 });

    const rows = await db.prisma.outbox.findMany();
    expect(rows.map((row) => row.chatId).sort()).toEqual(["4", "6"]);
    expect(rows.find((row) => row.chatId === "4")!.text).toContain("1 из 24");
  });
});
