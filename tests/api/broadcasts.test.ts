// District broadcasts in the Mini App API (#14 §5): options, preview without sending, the file
// upload with its checks, draft, send (once), the list and the live report — district staff of the
// district only, every route refused to a head, a teacher and another district's staff.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../prisma/db.ts";
import { openTestDatabase } from "../support/db.ts";
import { makeDistrict } from "../support/district.ts";
import { makeTestApi, signInitData } from "../support/api.ts";
import { seedPeople } from "../support/broadcast-people.ts";

let db: Database;
let api: ReturnType<typeof makeTestApi>;
let districtId: string;
let otherDistrictId: string;
let schools: Array<{ id: string }>;

const STAFF = 501;
const HEAD = 502;
const TEACHER = 503;
const OTHER = 509;

const call = async (method: "GET" | "POST", path: string, userId: number, body?: unknown, headers: Record<string, string> = {}) => {
  const raw = body instanceof Uint8Array;
  const response = await api.request(path, {
    method,
    headers: { authorization: `tma ${signInitData(userId)}`, ...(body && !raw ? { "content-type": "application/json" } : {}), ...headers },
    body: body === undefined ? undefined : raw ? (body as BodyInit) : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as any };
};

const teachersEverywhere = { roles: ["teacher"], schools: { kind: "all" } };

beforeAll(async () => {
  db = await openTestDatabase();
  const district = await makeDistrict(db, { schools: 2 });
  districtId = district.district.id;
  schools = district.schools;
  const other = await makeDistrict(db, { schools: 1 });
  otherDistrictId = other.district.id;
  const [a, b] = [schools[0]!.id, schools[1]!.id];
  await seedPeople(db, districtId, [
    { role: "district", schoolId: null, telegram: STAFF },
    { role: "head", schoolId: a, telegram: HEAD },
    { role: "teacher", schoolId: a, telegram: TEACHER },
    // Both messengers: one message.
    { role: "teacher", schoolId: a, telegram: 504, max: 9504 },
    { role: "teacher", schoolId: b, telegram: 505 },
    { role: "teacher", schoolId: b, telegram: 506, consent: false },
    { role: "teacher", schoolId: b, telegram: 507, blocked: true },
    { role: "teacher", schoolId: b },
    { role: "methodologist", schoolId: null, telegram: 508 },
  ]);
  await seedPeople(db, otherDistrictId, [{ role: "district", schoolId: null, telegram: OTHER }]);
  // The official ШНОР list names school 2.
  await db.prisma.officialList.create({
    data: {
      districtId,
      kind: "shnor",
      year: 2026,
      source: "Министерство образования",
      documentNumber: "12-р",
      documentDate: "2026-02-10",
      fileName: "shnor.xlsx",
      schools: { create: [{ schoolId: b }] },
    },
  });
  api = makeTestApi(db);
}, 120_000);
afterAll(async () => {
  await db?.close();
});

describe("рассылки в приложении", () => {
  it("предпросмотр считает, до скольких дойдёт, и почему не до остальных, ничего не отправляя", async () => {
    const all = await call("POST", `/api/districts/${districtId}/broadcasts/preview`, STAFF, { target: teachersEverywhere });
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({
      total: 6,
      reachable: 3,
      byChannel: { telegram: 2, max: 1 },
      unreachable: { noChat: 1, notConsented: 1, blocked: 1 },
    });
    // School 2 by the official list; the institute's methodologist is district-wide and comes along.
    const listed = await call("POST", `/api/districts/${districtId}/broadcasts/preview`, STAFF, {
      target: { roles: ["teacher", "methodologist"], schools: { kind: "list", list: "official-shnor" } },
    });
    expect(listed.body).toMatchObject({ total: 5, reachable: 2, schoolIds: [schools[1]!.id] });
    expect(await db.prisma.outbox.count()).toBe(0);
    // A cluster without an identification run is refused in Russian.
    const cluster = await call("POST", `/api/districts/${districtId}/broadcasts/preview`, STAFF, {
      target: { roles: ["teacher"], schools: { kind: "cluster", cluster: "failing" } },
    });
    expect(cluster.status).toBe(400);
    expect(cluster.body.message).toMatch(/выявления/);
  });

  it("черновик с файлом и ссылкой, отправка ставит по одной строке на человека, повторная — ничего; отчёт по очереди", async () => {
    const bytes = new TextEncoder().encode("%PDF-1.4 приказ");
    const upload = await call("POST", `/api/districts/${districtId}/broadcasts/files`, STAFF, bytes, {
      "x-file-name": encodeURIComponent("Приказ №12.pdf"),
    });
    expect(upload.status).toBe(200);
    expect(upload.body).toMatchObject({ name: "Приказ №12.pdf", mimeType: "application/pdf", size: bytes.byteLength });
    const created = await call("POST", `/api/districts/${districtId}/broadcasts`, STAFF, {
      text: "Совещание директоров в четверг",
      link: "https://example.org/agenda",
      file: { key: upload.body.key, name: upload.body.name, mimeType: upload.body.mimeType },
      target: teachersEverywhere,
    });
    expect(created.status).toBe(200);
    expect(created.body.state).toBe("draft");
    const id = created.body.id;
    const sent = await call("POST", `/api/broadcasts/${id}/send`, STAFF);
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ state: "queued", recipients: 3, enqueued: 3, alreadyQueued: false });
    const rows = await db.prisma.outbox.findMany({ where: { broadcastId: id }, orderBy: { chatId: "asc" } });
    expect(rows.map((row) => [row.channel, row.chatId])).toEqual([
      ["telegram", "503"],
      ["telegram", "505"],
      ["max", "9504"],
    ]);
    expect(rows.every((row) => row.text === "Совещание директоров в четверг\n\nhttps://example.org/agenda" && row.fileKey === upload.body.key)).toBe(true);
    expect(rows.every((row) => row.dedupeKey === `bc:${id}:${row.personId}`)).toBe(true);
    const again = await call("POST", `/api/broadcasts/${id}/send`, STAFF);
    expect(again.body).toMatchObject({ alreadyQueued: true, enqueued: 0 });
    expect(await db.prisma.outbox.count({ where: { broadcastId: id } })).toBe(3);

    // The worker delivered one, a 403 blocked one: the report counts the Outbox by state.
    await db.prisma.outbox.update({ where: { id: rows[0]!.id }, data: { state: "delivered" } });
    await db.prisma.outbox.update({ where: { id: rows[1]!.id }, data: { state: "blocked", lastError: "403 Forbidden: bot was blocked by the user" } });
    const report = await call("GET", `/api/broadcasts/${id}`, STAFF);
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({ recipients: 3, counts: { queued: 1, delivered: 1, blocked: 1, failed: 0 }, inProgress: true });
    expect(report.body.undelivered).toEqual([expect.objectContaining({ state: "blocked", displayName: "Человек 5" })]);
    const list = await call("GET", `/api/districts/${districtId}/broadcasts`, STAFF);
    expect(list.body.broadcasts[0]).toMatchObject({ id, counts: { delivered: 1 }, file: { name: "Приказ №12.pdf" } });
  });

  it("файл не того типа или без имени не принимается; чужой ключ файла в черновике — отказ; ссылка только http(s)", async () => {
    const exe = await call("POST", `/api/districts/${districtId}/broadcasts/files`, STAFF, new Uint8Array([77, 90]), { "x-file-name": "setup.exe" });
    expect(exe.status).toBe(400);
    expect(exe.body.message).toMatch(/Такой файл приложить нельзя/);
    const noName = await call("POST", `/api/districts/${districtId}/broadcasts/files`, STAFF, new Uint8Array([1]));
    expect(noName.status).toBe(400);
    const foreign = await call("POST", `/api/districts/${districtId}/broadcasts`, STAFF, {
      text: "x",
      file: { key: `broadcasts/${otherDistrictId}_abc`, name: "a.pdf", mimeType: "application/pdf" },
      target: teachersEverywhere,
    });
    expect(foreign.status).toBe(400);
    const script = await call("POST", `/api/districts/${districtId}/broadcasts`, STAFF, { text: "x", link: "javascript:alert(1)", target: teachersEverywhere });
    expect(script.status).toBe(400);
    const long = await call("POST", `/api/districts/${districtId}/broadcasts`, STAFF, { text: "я".repeat(3501), target: teachersEverywhere });
    expect(long.status).toBe(400);
  });

  it("каждый маршрут отказывает руководителю, педагогу и сотруднику другого района", async () => {
    const draft = await call("POST", `/api/districts/${districtId}/broadcasts`, STAFF, { text: "Черновик", target: teachersEverywhere });
    const id = draft.body.id;
    const routes: Array<[method: "GET" | "POST", path: string, body?: unknown, headers?: Record<string, string>]> = [
      ["GET", `/api/districts/${districtId}/broadcast-options`],
      ["POST", `/api/districts/${districtId}/broadcasts/preview`, { target: teachersEverywhere }],
      ["POST", `/api/districts/${districtId}/broadcasts/files`, new TextEncoder().encode("hello"), { "x-file-name": "a.txt" }],
      ["POST", `/api/districts/${districtId}/broadcasts`, { text: "Чужая", target: teachersEverywhere }],
      ["GET", `/api/districts/${districtId}/broadcasts`],
      ["POST", `/api/broadcasts/${id}/send`],
      ["GET", `/api/broadcasts/${id}`],
    ];
    for (const [method, path, body, headers] of routes) {
      for (const who of [HEAD, TEACHER, OTHER]) {
        const response = await call(method, path, who, body, headers);
        expect([403, 404], `${method} ${path} as ${who}`).toContain(response.status);
      }
      const own = await call(method, path, STAFF, body, headers);
      expect(own.status, `${method} ${path} as staff`).toBe(200);
    }
    // Nothing of the refused calls was written: the one draft was sent by its own district only.
    expect(await db.prisma.broadcast.count({ where: { text: "Чужая" } })).toBe(1);
    const options = await call("GET", `/api/districts/${districtId}/broadcast-options`, STAFF);
    expect(options.body.schools).toHaveLength(2);
    expect(options.body.officialLists).toEqual([{ kind: "shnor", year: 2026 }]);
  });
});
