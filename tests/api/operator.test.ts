// The operator of personal data in the Mini App API: district staff of that district read and set it;
// a teacher and staff of another district are refused (issue #11 §4).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../prisma/db.ts";
import { makeTestApi, signInitData } from "../support/api.ts";
import { openTestDatabase } from "../support/db.ts";
import { makeDistrict, TEST_OPERATOR } from "../support/district.ts";
import { ChatUser, FakeTelegram, makeTestBot } from "../support/telegram.ts";

let db: Database;
let api: ReturnType<typeof makeTestApi>;
let own: Awaited<ReturnType<typeof makeDistrict>>;
let other: Awaited<ReturnType<typeof makeDistrict>>;

const call = async (method: "GET" | "PUT", path: string, userId: number, body?: unknown) => {
  const response = await api.request(path, {
    method,
    headers: { authorization: `tma ${signInitData(userId)}`, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as any };
};

beforeAll(async () => {
  db = await openTestDatabase();
  own = await makeDistrict(db, { schools: 1 });
  other = await makeDistrict(db, { schools: 1 });
  const telegram = new FakeTelegram();
  const bot = makeTestBot(db, telegram);
  const join = async (id: number, code: string) => {
    const user = new ChatUser(bot, telegram, id);
    await user.send(`/start ${code}`);
    await user.press("Согласен(на)");
  };
  await join(31, await own.invite("district", null));
  await join(32, await own.invite("teacher", own.schools[0]!.id));
  await join(33, await other.invite("district", null));
  api = makeTestApi(db);
});
afterAll(async () => {
  await db?.close();
});

describe("оператор персональных данных в API", () => {
  it("сотрудник РУО читает и меняет сведения своего района", async () => {
    const path = `/api/districts/${own.district.id}/operator`;
    const read = await call("GET", path, 31);
    expect(read.status).toBe(200);
    expect(read.body.operator).toMatchObject(TEST_OPERATOR);
    expect(read.body.defaults.purpose).toMatch(/мониторинг/);
    const saved = await call("PUT", path, 31, { ...TEST_OPERATOR, term: "5 лет", withdrawal: "заявлением в РУО" });
    expect(saved.status).toBe(200);
    expect(await own.repo.getOperator(own.district.id)).toMatchObject({ term: "5 лет", withdrawal: "заявлением в РУО" });
  });

  it("педагогу и РУО другого района — отказ; пустые поля — 400", async () => {
    const path = `/api/districts/${own.district.id}/operator`;
    expect((await call("GET", path, 32)).status).toBe(403);
    expect((await call("PUT", path, 33, TEST_OPERATOR)).status).toBe(403);
    expect((await call("PUT", path, 31, { ...TEST_OPERATOR, address: " " })).status).toBe(400);
    expect((await call("PUT", path, 31, { name: "x" })).status).toBe(400);
    expect(await own.repo.getOperator(own.district.id)).not.toMatchObject({ address: " " });
  });
});
