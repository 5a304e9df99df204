// Every Mini App request is authenticated by validated init data and checked against role and school.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../prisma/db.ts";
import { openTestDatabase } from "../support/db.ts";
import { makeDistrict } from "../support/district.ts";
import { ChatUser, FakeTelegram, makeTestBot } from "../support/telegram.ts";
import { getJson, makeTestApi, signInitData } from "../support/api.ts";
import { createHmac, randomBytes } from "node:crypto";
import { redeemInvite } from "../../core/services/onboarding.ts";
import { TEST_TOKEN } from "../support/telegram.ts";

/** Init data signed like Telegram's, with any auth_date (e.g. in milliseconds). */
function signRaw(params: Record<string, string>, token = TEST_TOKEN): string {
  const lines = Object.entries(params)
    .map(([key, value]) => `${key}=${value}`)
    .sort()
    .join("\n");
  const secret = createHmac("sha256", "WebAppData").update(token).digest();
  return new URLSearchParams({ ...params, hash: createHmac("sha256", secret).update(lines).digest("hex") }).toString();
}

let db: Database;
let api: ReturnType<typeof makeTestApi>;
let schoolA: string;
let schoolB: string;

beforeAll(async () => {
  db = await openTestDatabase();
  const district = await makeDistrict(db);
  const { schools, invite } = district;
  schoolA = schools[0]!.id;
  schoolB = schools[1]!.id;
  const telegram = new FakeTelegram();
  const bot = makeTestBot(db, telegram);
  const join = async (id: number, role: "head" | "teacher" | "parent" | "district", schoolId: string | null, consent = true) => {
    const user = new ChatUser(bot, telegram, id);
    await user.send(`/start ${await invite(role, schoolId)}`);
    if (consent) await user.press("Согласен(на)");
  };
  await join(1, "head", schoolA);
  await join(2, "head", schoolB);
  await join(3, "teacher", schoolA);
  await join(4, "parent", schoolA);
  await join(5, "district", null);
  // Joined before consent was asked first (or by the service alone): a person without consent.
  const { repo } = district;
  await redeemInvite({ repo, clock: { now: () => new Date() }, randomBytes }, await invite("teacher", schoolA), {
    channel: "telegram",
    externalId: "6",
    chatId: "6",
  });
  api = makeTestApi(db);
});
afterAll(async () => {
  await db?.close();
});

describe("проверка init data", () => {
  it("принимает верную подпись", async () => {
    const me = await getJson(api, "/api/me", signInitData(1));
    expect(me.status).toBe(200);
    expect(me.body.roles).toEqual([expect.objectContaining({ role: "head", schoolId: schoolA })]);
    expect(me.body.schools.map((school: { id: string }) => school.id)).toEqual([schoolA]);
  });

  it("отклоняет подделанные данные", async () => {
    const genuine = signInitData(1);
    const forgedUser = genuine.replace(/%22id%22%3A1%2C/, "%22id%22%3A2%2C");
    expect(forgedUser).not.toBe(genuine);
    const forged = await getJson(api, `/api/schools/${schoolB}/deficits`, forgedUser);
    expect(forged.status).toBe(401);
    expect(forged.body.error).toBe("auth_invalid");
    expect(forged.body.message).toMatch(/Подпись/);
    const otherToken = await getJson(api, "/api/me", signInitData(1, { token: "999:ANOTHER_BOT_TOKEN_xxxxxxxxxxxxxxxxxxx" }));
    expect(otherToken.status).toBe(401);
  });

  it("отклоняет просроченные данные", async () => {
    const old = signInitData(1, { authDate: new Date(Date.now() - 25 * 3600 * 1000) });
    const expired = await getJson(api, "/api/me", old);
    expect(expired.status).toBe(401);
    expect(expired.body.error).toBe("auth_expired");
  });

  it("отклоняет init data из будущего: +365 дней, auth_date в миллисекундах; 30 с вперёд — допустимый сдвиг часов", async () => {
    const future = await getJson(api, "/api/me", signInitData(1, { authDate: new Date(Date.now() + 365 * 86_400_000) }));
    expect(future.status).toBe(401);
    expect(future.body.error).toBe("auth_invalid");
    const user = JSON.stringify({ id: 1, first_name: "Тест" });
    const millis = await getJson(api, "/api/me", signRaw({ auth_date: String(Date.now()), user }));
    expect(millis.status).toBe(401);
    expect((await getJson(api, "/api/me", signRaw({ auth_date: String(Math.floor(Date.now() / 1000) + 120), user }))).status).toBe(401);
    expect((await getJson(api, "/api/me", signRaw({ auth_date: String(Math.floor(Date.now() / 1000) + 30), user }))).status).toBe(200);
  });

  it("без заголовка — 401 с понятным текстом; демо-вход выключен вне демо", async () => {
    const missing = await getJson(api, "/api/me");
    expect(missing.status).toBe(401);
    expect(missing.body.message).toMatch(/Telegram/);
    const person = await db.prisma.person.findFirstOrThrow();
    const demo = await api.request("/api/me", { headers: { authorization: `demo ${person.id}` } });
    expect(demo.status).toBe(401);
  });

  it("неподключённый человек и человек без согласия не получают данных", async () => {
    expect((await getJson(api, "/api/me", signInitData(999))).status).toBe(403);
    const noConsent = await getJson(api, "/api/me", signInitData(6));
    expect(noConsent.status).toBe(403);
    expect(noConsent.body.error).toBe("consent_required");
  });
});

describe("права по роли и школе", () => {
  it("директор видит свою школу и не видит чужую", async () => {
    expect((await getJson(api, `/api/schools/${schoolA}/deficits`, signInitData(1))).status).toBe(200);
    const foreign = await getJson(api, `/api/schools/${schoolB}/deficits`, signInitData(1));
    expect(foreign.status).toBe(403);
    expect(foreign.body.message).toBe("Эта страница вам недоступна.");
  });

  it("несуществующая школа неотличима от чужой", async () => {
    expect((await getJson(api, `/api/schools/doesnotexist/deficits`, signInitData(1))).status).toBe(403);
    expect((await getJson(api, `/api/schools/..%2F..%2Fetc/deficits`, signInitData(1))).status).toBe(400);
  });

  it("родитель не видит агрегатов, учитель видит агрегат своей школы", async () => {
    expect((await getJson(api, `/api/schools/${schoolA}/deficits`, signInitData(4))).status).toBe(403);
    expect((await getJson(api, `/api/schools/${schoolA}/deficits`, signInitData(3))).status).toBe(200);
    expect((await getJson(api, `/api/schools/${schoolB}/deficits`, signInitData(3))).status).toBe(403);
  });

  it("РУО видит все школы района", async () => {
    const me = await getJson(api, "/api/me", signInitData(5));
    expect(me.body.schools).toHaveLength(2);
    expect((await getJson(api, `/api/schools/${schoolB}/deficits`, signInitData(5))).status).toBe(200);
  });

  it("личный профиль дефицитов доступен только учителю", async () => {
    expect((await getJson(api, "/api/me/deficits", signInitData(1))).status).toBe(403);
    const teacher = await getJson(api, "/api/me/deficits", signInitData(3));
    expect(teacher.status).toBe(200);
    expect(teacher.body).toEqual({ profile: null, progress: { answered: 0, total: 24 } });
  });

  it("/healthz сообщает о состоянии базы", async () => {
    const health = await api.request("/healthz");
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: "ok", database: "ok" });
  });
});
