// The audit log (#16 §6): the Mini App API records who viewed which school's aggregates, who changed what
// and who exported what; the district (staff, regional operator) reads its own log, nobody else does; the
// table refuses a plain UPDATE and DELETE; the retention purge removes only old rows; /deletedata's
// deletePerson leaves no entry that names the person.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../miniapp/api/app.ts";
import { auditMiddleware } from "../../miniapp/api/audit.ts";
import { DEFAULT_METHODOLOGY } from "../../core/methodology/settings.ts";
import type { Role } from "../../core/roles.ts";
import { PrismaRepository } from "../../prisma/repository.ts";
import { PrismaIdentificationRepository } from "../../prisma/identification.ts";
import { PrismaAdminRepository } from "../../prisma/admin.ts";
import { appendCliCommand, PrismaAuditRepository } from "../../prisma/audit.ts";
import { adminBridgeApp } from "../../server/admin-bridge.ts";
import { identificationContext } from "../../prisma/identification.ts";
import { randomBytes } from "node:crypto";
import { surveysContext } from "../../prisma/surveys.ts";
import type { Database } from "../../prisma/db.ts";
import { signInitData } from "../support/api.ts";
import { openTestDatabase } from "../support/db.ts";
import { makeDistrict, TEST_OPERATOR } from "../support/district.ts";
import { ChatUser, FakeTelegram, makeTestBot, MAX_TEST_TOKEN, TEST_TOKEN } from "../support/telegram.ts";

let db: Database;
let audit: PrismaAuditRepository;
let own: Awaited<ReturnType<typeof makeDistrict>>;
let other: Awaited<ReturnType<typeof makeDistrict>>;
const errors: object[] = [];
const people: Record<string, { userId: number; personId: string }> = {};

function makeApi(port: ConstructorParameters<typeof PrismaAuditRepository>[0] | null, failing = false) {
  const failingPort = { append: async () => Promise.reject(new Error("database is down")) };
  const log = { error: (obj: object) => void errors.push(obj) };
  return createApp({
    repo: new PrismaRepository(db.prisma),
    admin: new PrismaAdminRepository(db.prisma),
    ident: new PrismaIdentificationRepository(db.prisma),
    surveys: surveysContext(db.prisma),
    clock: { now: () => new Date() },
    settings: DEFAULT_METHODOLOGY,
    tokens: { telegram: TEST_TOKEN, max: MAX_TEST_TOKEN },
    botUsername: () => "shnor_test_bot",
    initDataMaxAgeSeconds: 24 * 3600,
    demo: false,
    health: async () => ({ database: "ok", kind: db.kind }),
    log,
    ...(port ? { audit } : {}),
    auditMiddleware: auditMiddleware({ audit: failing ? failingPort : audit, clock: { now: () => new Date() }, log }),
  });
}
let api: ReturnType<typeof makeApi>;

const call = async (who: string, method: string, path: string, body?: unknown) => {
  const response = await api.request(path, {
    method,
    headers: { authorization: `tma ${signInitData(people[who]!.userId)}`, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const type = response.headers.get("content-type") ?? "";
  return { status: response.status, body: (type.includes("json") ? await response.json() : await response.arrayBuffer()) as any };
};
const entries = () => db.prisma.auditEntry.findMany({ orderBy: { id: "asc" } });

beforeAll(async () => {
  db = await openTestDatabase();
  audit = new PrismaAuditRepository(db.prisma);
  own = await makeDistrict(db, { schools: 2 });
  other = await makeDistrict(db, { schools: 1 });
  let userId = 7_160_000;
  const person = async (key: string, role: Role, districtId: string, schoolId: string | null) => {
    const id = userId++;
    const created = await db.prisma.person.create({
      data: {
        displayName: `Журнал ${key}`,
        consentAt: new Date(),
        accounts: { create: { channel: "telegram", externalId: String(id), chatId: String(id) } },
        memberships: { create: { role, districtId, schoolId } },
      },
    });
    people[key] = { userId: id, personId: created.id };
  };
  await person("district", "district", own.district.id, null);
  await person("regional", "regional", own.district.id, null);
  await person("head", "head", own.district.id, own.schools[0]!.id);
  await person("teacher", "teacher", own.district.id, own.schools[1]!.id);
  await person("foreign", "district", other.district.id, null);
  api = makeApi(db.prisma);
});
afterAll(async () => {
  await db?.close();
});

describe("журнал действий: что записывается из Mini App", () => {
  it("директор смотрит дефициты своей школы — запись aggregate.view со школой, районом и ролью", async () => {
    const school = own.schools[0]!.id;
    expect((await call("head", "GET", `/api/schools/${school}/deficits`)).status).toBe(200);
    const [entry] = await entries();
    expect(entry).toMatchObject({
      actorId: people.head!.personId,
      actorLabel: "Журнал head",
      role: "head",
      via: "miniapp",
      action: "aggregate.view",
      target: "GET /api/schools/:schoolId/deficits",
      districtId: own.district.id,
      schoolId: school,
      details: { status: 200 },
    });
  });

  it("отказ (403) и обычное чтение не записываются", async () => {
    const before = (await entries()).length;
    expect((await call("head", "GET", `/api/schools/${own.schools[1]!.id}/deficits`)).status).toBe(403);
    expect((await call("head", "GET", "/api/me")).status).toBe(200);
    expect(await entries()).toHaveLength(before);
  });

  it("изменение РУО записывается своей областью; район и школа записи берутся из её строки", async () => {
    expect((await call("district", "PUT", `/api/districts/${own.district.id}/operator`, { ...TEST_OPERATOR, term: "5 лет" })).status).toBe(200);
    const membership = await db.prisma.membership.findFirstOrThrow({ where: { personId: people.teacher!.personId } });
    expect((await call("district", "POST", `/api/memberships/${membership.id}/deactivate`, {})).status).toBe(200);
    const recent = (await entries()).slice(-2);
    expect(recent[0]).toMatchObject({ action: "methodology.change", role: "district", districtId: own.district.id, schoolId: null });
    expect(recent[1]).toMatchObject({
      action: "members.change",
      target: "POST /api/memberships/:membershipId/deactivate",
      districtId: own.district.id,
      schoolId: own.schools[1]!.id,
      details: { status: 200, membershipId: membership.id },
    });
  });

  it("выгрузка файла (шаблон сотрудников) записывается как export", async () => {
    const response = await call("district", "GET", `/api/districts/${own.district.id}/staff-template`);
    expect(response.status).toBe(200);
    expect((await entries()).at(-1)).toMatchObject({ action: "export", target: "GET /api/districts/:districtId/staff-template", districtId: own.district.id });
  });

  it("ошибка записи журнала не ломает ответ: он уходит, ошибка — в лог", async () => {
    const broken = makeApi(db.prisma, true);
    const response = await broken.request(`/api/districts/${own.district.id}/summary`, { headers: { authorization: `tma ${signInitData(people.district!.userId)}` } });
    expect(response.status).toBe(200);
    expect(errors.at(-1)).toMatchObject({ route: "GET /api/districts/:districtId/summary" });
  });
});

describe("журнал действий: кто его читает", () => {
  it("РУО и региональный оператор района читают журнал с фильтрами и страницами; директору и РУО другого района — 403", async () => {
    const path = `/api/districts/${own.district.id}/audit`;
    const all = await call("district", "GET", path);
    expect(all.status).toBe(200);
    expect(all.body.entries.map((entry: any) => entry.action)).toEqual(["export", "members.change", "methodology.change", "aggregate.view"]);
    expect(all.body.entries[3]).toMatchObject({ actorLabel: "Журнал head", actionLabel: "Просмотр сводных данных", schoolName: "МБОУ СОШ №1", viaLabel: "Mini App" });
    expect(all.body.timeZone).toBe("Europe/Moscow");
    const views = await call("regional", "GET", `${path}?action=aggregate.view&school=${own.schools[0]!.id}`);
    expect(views.body.entries).toHaveLength(1);
    // "Today" in the district's zone (Moscow is 3 h ahead of UTC: at 21:00 UTC it is already tomorrow there).
    const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Moscow" }).format(new Date());
    expect((await call("district", "GET", `${path}?from=2020-01-01&to=2020-12-31`)).body.entries).toEqual([]);
    expect((await call("district", "GET", `${path}?from=2020-01-01&to=${today}`)).body.entries.length).toBeGreaterThanOrEqual(4);
    expect((await call("district", "GET", `${path}?action=nonsense`)).status).toBe(400);
    expect((await call("head", "GET", path)).status).toBe(403);
    expect((await call("teacher", "GET", path)).status).toBe(403);
    expect((await call("foreign", "GET", path)).status).toBe(403);
  });

  it("страницы по 100, «показать ещё» — по курсору, новые сверху", async () => {
    const base = { actorId: null, actorLabel: "CLI: test", role: null, via: "cli" as const, action: "campaigns.change" as const, schoolId: null };
    // One multi-row INSERT: ids follow the rows' order.
    await db.prisma.auditEntry.createMany({ data: Array.from({ length: 105 }, (_, index) => ({ ...base, target: `campaign open #${index}`, districtId: other.district.id })) });
    const first = await audit.list({ districtId: other.district.id });
    expect(first.entries).toHaveLength(100);
    expect(first.entries[0]!.target).toBe("campaign open #104");
    const second = await audit.list({ districtId: other.district.id, cursor: first.nextCursor! });
    expect(second.entries.map((entry) => entry.target)).toEqual([4, 3, 2, 1, 0].map((index) => `campaign open #${index}`));
    expect(second.nextCursor).toBeNull();
  });
});

describe("журнал действий: командная строка", () => {
  it("изменяющая команда записывается с via cli, «CLI: <пользователь ОС>», именем команды и районом; чтение и --dry-run — нет", async () => {
    expect(await appendCliCommand(db.prisma, "campaign close", { district: own.district.id, campaign: "свободный текст" }, "operator")).toBe(true);
    expect(await appendCliCommand(db.prisma, "campaign list", { district: own.district.id }, "operator")).toBe(false);
    expect(await appendCliCommand(db.prisma, "import xlsx", { district: own.district.id, dryRun: true }, "operator")).toBe(false);
    const last = (await entries()).at(-1)!;
    expect(last).toMatchObject({ actorId: null, actorLabel: "CLI: operator", role: null, via: "cli", action: "campaigns.change", target: "campaign close", districtId: own.district.id });
    expect(JSON.stringify({ ...last, id: String(last.id) })).not.toContain("свободный текст");
  });

  it("команда, выполненная работающим сервером (admin bridge), записывается там же", async () => {
    const ctx = identificationContext(db.prisma, {
      admin: new PrismaAdminRepository(db.prisma),
      repo: new PrismaRepository(db.prisma),
      clock: { now: () => new Date() },
      randomBytes: (size) => randomBytes(size),
    });
    const bridge = adminBridgeApp(ctx, "token", (command, options) => appendCliCommand(db.prisma, command, options, "server-user"));
    const response = await bridge.request("/internal/cli", {
      method: "POST",
      headers: { "content-type": "application/json", "x-admin-token": "token" },
      body: JSON.stringify({ command: "school add", options: { district: own.district.id, name: "МБОУ СОШ №3" } }),
    });
    expect(((await response.json()) as { ok: boolean }).ok).toBe(true);
    expect((await entries()).at(-1)).toMatchObject({ via: "cli", actorLabel: "CLI: server-user", action: "data.change", target: "school add", districtId: own.district.id });
  });
});

describe("журнал действий: бот", () => {
  it("файл, отправленный ботом (/summary), записывается как выгрузка через бота", async () => {
    const telegram = new FakeTelegram();
    const bot = makeTestBot(db, telegram, { audit });
    await new ChatUser(bot, telegram, people.district!.userId).send("/summary");
    expect((await entries()).at(-1)).toMatchObject({ via: "bot", action: "export", target: "bot /summary", actorId: people.district!.personId, districtId: own.district.id, role: "district" });
  });
});

describe("журнал действий: изменения из бота", () => {
  it("приглашение, созданное в боте (/invite), записывается как изменение участников с районом и школой, без текста сообщения", async () => {
    const telegram = new FakeTelegram();
    const bot = makeTestBot(db, telegram, { audit });
    const staff = new ChatUser(bot, telegram, people.district!.userId);
    await staff.send("/invite");
    await staff.press("педагог");
    await staff.press(own.schools[0]!.name);
    expect(staff.lastText()).toMatch(/start=/);
    expect((await entries()).at(-1)).toMatchObject({
      via: "bot",
      action: "members.change",
      target: "bot /invite",
      actorId: people.district!.personId,
      districtId: own.district.id,
      schoolId: own.schools[0]!.id,
      role: "district",
      details: null,
    });
  });
});

describe("журнал действий: только дописывается", () => {
  it("таблица отказывает в обычных UPDATE и DELETE", async () => {
    await expect(db.query(`UPDATE "AuditEntry" SET "actorLabel" = 'подделка'`)).rejects.toThrow(/append-only/);
    await expect(db.query(`DELETE FROM "AuditEntry"`)).rejects.toThrow(/append-only/);
    expect((await entries()).some((entry) => entry.actorLabel === "подделка")).toBe(false);
  });

  it("очистка по сроку хранения удаляет только старые записи", async () => {
    const base = { actorId: null, actorLabel: "CLI: test", role: null, via: "cli" as const, action: "change.other" as const, districtId: own.district.id, schoolId: null };
    await audit.append({ ...base, target: "old", at: new Date("2020-01-01T00:00:00Z") });
    await audit.append({ ...base, target: "fresh", at: new Date("2026-06-01T00:00:00Z") });
    const before = (await entries()).length;
    expect(await audit.purge(new Date("2021-01-01T00:00:00Z"))).toBe(1);
    const after = await entries();
    expect(after).toHaveLength(before - 1);
    expect(after.map((entry) => entry.target)).toContain("fresh");
    expect(after.map((entry) => entry.target)).not.toContain("old");
  });

  it("удаление своих данных (/deletedata) не оставляет записи, называющей человека", async () => {
    const head = people.head!.personId;
    expect((await entries()).some((entry) => entry.actorId === head)).toBe(true);
    await new PrismaRepository(db.prisma).deletePerson(head);
    const after = await entries();
    expect(after.some((entry) => entry.actorId === head || entry.actorLabel.includes("Журнал head"))).toBe(false);
    expect(after.find((entry) => entry.target === "GET /api/schools/:schoolId/deficits")).toMatchObject({ actorId: null, actorLabel: "удалённый пользователь", action: "aggregate.view" });
  });
});
