// MAX init data is checked as strictly as Telegram's and maps to the same person and permissions.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHmac } from "node:crypto";
import type { Database } from "../../prisma/db.ts";
import { validateMaxInitData } from "../../miniapp/api/auth.ts";
import { openTestDatabase } from "../support/db.ts";
import { makeDistrict } from "../support/district.ts";
import { FakeMax, makeMaxBot, MaxUser, signMaxInitData } from "../support/max.ts";
import { makeTestApi, signInitData } from "../support/api.ts";
import { MAX_TEST_TOKEN, TEST_TOKEN } from "../support/telegram.ts";

let db: Database;
let api: ReturnType<typeof makeTestApi>;
let schoolA: string;
let schoolB: string;

const call = async (path: string, header: string) => {
  const response = await api.request(path, { headers: { authorization: header } });
  return { status: response.status, body: (await response.json()) as any };
};

beforeAll(async () => {
  db = await openTestDatabase();
  const { schools, invite } = await makeDistrict(db);
  schoolA = schools[0]!.id;
  schoolB = schools[1]!.id;
  const max = new FakeMax();
  const bot = makeMaxBot(db, max);
  const head = new MaxUser(bot, max, 11);
  await head.open(await invite("head", schoolA));
  await head.press("Согласен(на)");
  const teacher = new MaxUser(bot, max, 12);
  await teacher.open(await invite("teacher", schoolA));
  await teacher.press("Согласен(на)");
  api = makeTestApi(db);
});
afterAll(async () => {
  await db?.close();
});

const routes = () => ["/api/me", "/api/me/deficits", `/api/schools/${schoolA}/deficits`];

describe("init data MAX", () => {
  it("верная подпись MAX открывает данные своей школы тому же человеку с теми же правами", async () => {
    const me = await call("/api/me", `max ${signMaxInitData(11)}`);
    expect(me.status).toBe(200);
    expect(me.body.roles).toEqual([expect.objectContaining({ role: "head", schoolId: schoolA })]);
    expect((await call(`/api/schools/${schoolA}/deficits`, `max ${signMaxInitData(11)}`)).status).toBe(200);
    expect((await call("/api/me/deficits", `max ${signMaxInitData(12)}`)).status).toBe(200);
  });

  it("подделанные данные отклоняются на каждом маршруте", async () => {
    const genuine = signMaxInitData(11);
    const forged = genuine.replace(/%22id%22%3A11%2C/, "%22id%22%3A12%2C");
    expect(forged).not.toBe(genuine);
    const telegramSigned = signInitData(11, { token: TEST_TOKEN });
    for (const route of routes()) {
      expect((await call(route, `max ${forged}`)).status, route).toBe(401);
      // Signed with the Telegram bot's token: not valid as MAX init data, and vice versa.
      expect((await call(route, `max ${telegramSigned}`)).status, route).toBe(401);
      expect((await call(route, `tma ${genuine}`)).status, route).toBe(401);
      expect((await call(route, `max ${genuine.replace(/hash=[0-9a-f]+/, "hash=" + "0".repeat(64))}`)).status, route).toBe(401);
    }
  });

  it("просроченные данные отклоняются на каждом маршруте", async () => {
    const old = signMaxInitData(11, { authDate: new Date(Date.now() - 25 * 3600_000) });
    for (const route of routes()) {
      const result = await call(route, `max ${old}`);
      expect(result.status, route).toBe(401);
      expect(result.body.error).toBe("auth_expired");
    }
  });

  it("init data MAX из будущего отклоняется: +365 дней и миллисекунды из будущего", async () => {
    const future = await call("/api/me", `max ${signMaxInitData(11, { authDate: new Date(Date.now() + 365 * 86_400_000) })}`);
    expect(future.status).toBe(401);
    expect(future.body.error).toBe("auth_invalid");
    const now = new Date("2026-03-01T12:00:00Z");
    const secret = createHmac("sha256", "WebAppData").update(MAX_TEST_TOKEN).digest();
    const signed = (authDate: string) => {
      const params = { auth_date: authDate, user: JSON.stringify({ id: 11, first_name: "Анна" }) };
      const lines = Object.entries(params).map(([key, value]) => `${key}=${value}`).sort().join("\n");
      return new URLSearchParams({ ...params, hash: createHmac("sha256", secret).update(lines).digest("hex") }).toString();
    };
    expect(validateMaxInitData(signed(String(now.getTime() + 365 * 86_400_000)), MAX_TEST_TOKEN, 3600, now)).toBe("invalid");
    expect(validateMaxInitData(signed(String(now.getTime() + 120_000)), MAX_TEST_TOKEN, 3600, now)).toBe("invalid");
    expect(validateMaxInitData(signed(String(Math.floor(now.getTime() / 1000) + 3600)), MAX_TEST_TOKEN, 3600, now)).toBe("invalid");
    expect(validateMaxInitData(signed(String(Math.floor(now.getTime() / 1000) + 30)), MAX_TEST_TOKEN, 3600, now)).toBe("ok");
  });

  it("чужая школа закрыта и для MAX", async () => {
    expect((await call(`/api/schools/${schoolB}/deficits`, `max ${signMaxInitData(11)}`)).status).toBe(403);
    expect((await call(`/api/schools/${schoolB}/deficits`, `max ${signMaxInitData(12)}`)).status).toBe(403);
    expect((await call("/api/me/deficits", `max ${signMaxInitData(11)}`)).status).toBe(403);
  });

  it("алгоритм: HMAC-SHA256 по отсортированным параметрам, ключ — HMAC(\"WebAppData\", токен); auth_date в секундах или миллисекундах", () => {
    const now = new Date("2026-03-01T12:00:00Z");
    const sign = (params: Record<string, string>) => {
      const lines = Object.entries(params)
        .map(([key, value]) => `${key}=${value}`)
        .sort()
        .join("\n");
      const secret = createHmac("sha256", "WebAppData").update(MAX_TEST_TOKEN).digest();
      const hash = createHmac("sha256", secret).update(lines).digest("hex");
      return new URLSearchParams({ ...params, hash }).toString();
    };
    const user = JSON.stringify({ id: 5, first_name: "Анна" });
    const seconds = String(Math.floor(now.getTime() / 1000) - 60);
    expect(validateMaxInitData(sign({ auth_date: seconds, user }), MAX_TEST_TOKEN, 3600, now)).toBe("ok");
    expect(validateMaxInitData(sign({ auth_date: String(now.getTime() - 60_000), user }), MAX_TEST_TOKEN, 3600, now)).toBe("ok");
    expect(validateMaxInitData(sign({ auth_date: String(Number(seconds) - 7200), user }), MAX_TEST_TOKEN, 3600, now)).toBe("expired");
    expect(validateMaxInitData(sign({ auth_date: seconds, user }), "another_token_0123456789abcdef", 3600, now)).toBe("invalid");
    expect(validateMaxInitData(`auth_date=${seconds}&user=x`, MAX_TEST_TOKEN, 3600, now)).toBe("invalid");
  });
});
