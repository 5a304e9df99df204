// The district page: completion "n из N" per school without names, and "remind those who have not finished".
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
  const join = async (id: number, role: "district" | "head" | "teacher", schoolId: string | null) => {
    const user = new ChatUser(bot, telegram, id, `Человек ${id}`);
    await user.send(`/start ${await district.invite(role, schoolId)}`);
    await user.press("Согласен(на)");
    return user;
  };
  await join(1, "district", null);
  await join(2, "head", schools[0]!.id);
  const finished = await join(3, "teacher", schools[0]!.id);
  await finished.send("/diagnostic");
  for (let index = 0; index < 24; index++) await finished.press("Да");
  const started = await join(4, "teacher", schools[0]!.id);
  await started.send("/diagnostic");
  await started.press("Нет");
  await join(5, "teacher", schools[1]!.id);
  api = makeTestApi(db);
});
afterAll(async () => {
  await db?.close();
});

describe("страница района", () => {
  it("показывает охват «n из N» по школам и не показывает имён", async () => {
    const result = await call("GET", `/api/districts/${districtId}/completion`, 1);
    expect(result.status).toBe(200);
    expect(result.body.schools).toEqual([
      { schoolId: schools[0]!.id, name: "МБОУ СОШ №1", teachers: 2, completed: 1 },
      { schoolId: schools[1]!.id, name: "МБОУ СОШ №2", teachers: 1, completed: 0 },
    ]);
    expect(JSON.stringify(result.body)).not.toMatch(/Человек|personId/);
  });

  it("напоминает не закончившим один раз в день, и только по просьбе РУО", async () => {
    expect((await call("POST", `/api/districts/${districtId}/remind`, 2)).status).toBe(403);
    expect((await call("GET", `/api/districts/${districtId}/completion`, 2)).status).toBe(403);
    const first = await call("POST", `/api/districts/${districtId}/remind`, 1);
    expect(first.body).toEqual({ enqueued: 2 });
    const again = await call("POST", `/api/districts/${districtId}/remind`, 1);
    expect(again.body).toEqual({ enqueued: 0 });
    const rows = await db.prisma.outbox.findMany();
    expect(rows.map((row) => row.chatId).sort()).toEqual(["4", "5"]);
    expect(rows.find((row) => row.chatId === "4")!.text).toContain("1 из 24");
  });
});
