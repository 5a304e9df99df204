// The аналитическая справка in the Mini App API (#14 §7): every route lets the district's staff in
// and refuses a head, a teacher, the methodologist and another district's staff (403), another
// district's report is 404, forged init data 401; approval makes the report read only; the
// downloads carry Content-Disposition; a growth point of an approved report becomes a roadmap event.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../prisma/db.ts";
import { openTestDatabase } from "../support/db.ts";
import { makeTestApi, signInitData } from "../support/api.ts";
import { makeDistrict } from "../support/district.ts";
import { makeReportDistrict } from "../support/report-district.ts";

const STAFF = 1401;
const HEAD = 1402;
const TEACHER = 1403;
const METHODOLOGIST = 1404;
const OTHER = 1409;
const FORGED = "forged";
type User = number | typeof FORGED;

let db: Database;
let api: ReturnType<typeof makeTestApi>;
let districtId: string;
let otherDistrictId: string;
let otherReportId: string;

const auth = (user: User) => (user === FORGED ? `tma ${signInitData(STAFF, { token: "123456:forged-token-of-nobody" })}` : `tma ${signInitData(user)}`);

async function call(method: "GET" | "POST" | "PUT" | "DELETE", path: string, user: User, body?: unknown) {
  const response = await api.request(path, {
    method,
    headers: { authorization: auth(user), ...(body !== undefined ? { "content-type": "application/json" } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const type = response.headers.get("content-type") ?? "";
  return {
    status: response.status,
    headers: response.headers,
    body: (type.includes("json") ? await response.json() : new Uint8Array(await response.arrayBuffer())) as any,
  };
}

beforeAll(async () => {
  db = await openTestDatabase();
  const district = await makeReportDistrict(db);
  districtId = district.district.id;
  const account = (personId: string, user: number) => db.prisma.account.create({ data: { personId, channel: "telegram", externalId: String(user), chatId: String(user) } });
  await account(district.staff.id, STAFF);
  await account(district.head.id, HEAD);
  await account((await district.person("Учитель", "teacher", district.schools[0]!.id)).id, TEACHER);
  await account((await district.person("Методист", "methodologist", null)).id, METHODOLOGIST);
  const other = await makeDistrict(db, { schools: 1 });
  otherDistrictId = other.district.id;
  const otherStaff = await db.prisma.person.create({ data: { displayName: "Чужой РУО", consentAt: new Date(), memberships: { create: { role: "district", districtId: otherDistrictId } } } });
  await account(otherStaff.id, OTHER);
  api = makeTestApi(db);
  const made = await call("POST", `/api/districts/${otherDistrictId}/reports`, OTHER, { period: "2026-H2" });
  otherReportId = made.body.report.id;
}, 60_000);
afterAll(async () => {
  await db?.close();
});

const GROUP = {
  orderRef: "Приказ РУО № 45",
  orderDate: "2026-09-01",
  members: [
    { name: "Тимков А.В.", position: "начальник управления образования", role: "chair" },
    { name: "Кондрашова А.М.", position: "заместитель начальника", role: "deputy" },
  ],
};

describe("аналитическая справка: API", () => {
  let reportId: string;
  let groupId: string;

  it("создание: РУО своего района — да; руководитель, учитель, методист, чужой район — 403; подделка — 401", async () => {
    const path = `/api/districts/${districtId}/reports`;
    for (const user of [HEAD, TEACHER, METHODOLOGIST, OTHER]) expect((await call("POST", path, user, { period: "2026-H2" })).status).toBe(403);
    expect((await call("POST", path, FORGED, { period: "2026-H2" })).status).toBe(401);
    expect((await call("POST", path, STAFF, { period: "2026-H7" })).status).toBe(400);
    const created = await call("POST", path, STAFF, { period: "2026-H2" });
    expect(created.status).toBe(201);
    reportId = created.body.report.id;
    expect(created.body.report.content.recommendations.issued).toBe(3);
    expect(created.body.report.conclusions.draft).toBe(true);
    expect((await call("POST", path, STAFF, { period: "2026-H2" })).status).toBe(200);
  });

  it("список и справка: только РУО своего района; чужая справка — 404", async () => {
    const list = await call("GET", `/api/districts/${districtId}/reports`, STAFF);
    expect(list.status).toBe(200);
    expect(list.body.reports.map((report: any) => [report.period, report.title, report.draft])).toEqual([["2026-H2", "II полугодие 2026 года", true]]);
    expect(list.body.currentHalfYear).toMatch(/^\d{4}-H[12]$/);
    for (const user of [HEAD, TEACHER, METHODOLOGIST, OTHER]) {
      expect((await call("GET", `/api/districts/${districtId}/reports`, user)).status).toBe(403);
      expect((await call("GET", `/api/districts/${districtId}/reports/${reportId}`, user)).status).toBe(403);
    }
    expect((await call("GET", `/api/districts/${districtId}/reports/${reportId}`, STAFF)).status).toBe(200);
    expect((await call("GET", `/api/districts/${districtId}/reports/${otherReportId}`, STAFF)).status).toBe(404);
    expect((await call("GET", `/api/districts/${districtId}/reports/NOT-AN-ID`, STAFF)).status).toBe(400);
  });

  it("обновление и выводы: РУО — да, остальным — 403", async () => {
    const base = `/api/districts/${districtId}/reports/${reportId}`;
    const conclusions = { goalsMet: "Цели достигнуты частично.", measuresSufficient: "Мер недостаточно.", growthPoints: ["Закрепить наставников за ШНОР"] };
    for (const user of [HEAD, TEACHER, METHODOLOGIST, OTHER]) {
      expect((await call("POST", `${base}/refresh`, user)).status).toBe(403);
      expect((await call("PUT", `${base}/conclusions`, user, conclusions)).status).toBe(403);
    }
    expect((await call("POST", `${base}/refresh`, STAFF)).status).toBe(200);
    expect((await call("PUT", `${base}/conclusions`, STAFF, { goalsMet: 5 })).status).toBe(400);
    const edited = await call("PUT", `${base}/conclusions`, STAFF, conclusions);
    expect(edited.status).toBe(200);
    expect(edited.body.report.conclusions).toEqual({ draft: false, goalsMet: "Цели достигнуты частично.", measuresSufficient: "Мер недостаточно.", growthPoints: [{ text: "Закрепить наставников за ШНОР" }] });
    expect((await call("PUT", `/api/districts/${districtId}/reports/${otherReportId}/conclusions`, STAFF, conclusions)).status).toBe(404);
  });

  it("рабочая группа: состав по приказу (ФИО и должности); только РУО своего района", async () => {
    const path = `/api/districts/${districtId}/working-groups`;
    for (const user of [HEAD, TEACHER, METHODOLOGIST, OTHER]) {
      expect((await call("GET", path, user)).status).toBe(403);
      expect((await call("POST", path, user, GROUP)).status).toBe(403);
    }
    expect((await call("POST", path, STAFF, { ...GROUP, members: [] })).status).toBe(400);
    const made = await call("POST", path, STAFF, GROUP);
    expect(made.status).toBe(201);
    groupId = made.body.group.id;
    const updated = await call("PUT", `${path}/${groupId}`, STAFF, { ...GROUP, members: [...GROUP.members, { name: "Бибенина О.А.", position: "заведующий РМК" }] });
    expect(updated.body.group.members).toHaveLength(3);
    expect(updated.body.group.members[2].role).toBe("member");
    for (const user of [HEAD, OTHER]) {
      expect((await call("PUT", `${path}/${groupId}`, user, GROUP)).status).toBe(403);
      expect((await call("DELETE", `${path}/${groupId}`, user)).status).toBe(403);
    }
    const spare = await call("POST", path, STAFF, { ...GROUP, orderRef: "Приказ РУО № 46" });
    expect((await call("DELETE", `${path}/${spare.body.group.id}`, STAFF)).status).toBe(200);
    expect((await call("GET", path, STAFF)).body.groups.map((group: any) => group.orderRef)).toEqual(["Приказ РУО № 45"]);
  });

  it("выгрузка XLSX и PDF с Content-Disposition; остальным — 403", async () => {
    for (const format of ["xlsx", "pdf"] as const) {
      const path = `/api/districts/${districtId}/reports/${reportId}/report.${format}`;
      for (const user of [HEAD, TEACHER, METHODOLOGIST, OTHER]) expect((await call("GET", path, user)).status).toBe(403);
      const file = await call("GET", path, STAFF);
      expect(file.status).toBe(200);
      expect(file.headers.get("content-disposition")).toContain(`filename*=UTF-8''spravka-2026-H2.${format}`);
      expect(file.body.length).toBeGreaterThan(1000);
    }
    const pdf = await call("GET", `/api/districts/${districtId}/reports/${reportId}/report.pdf`, STAFF);
    expect(Buffer.from(pdf.body).subarray(0, 5).toString("latin1")).toBe("%PDF-");
  });

  it("утверждение решением рабочей группы; после него справка только для чтения; точка роста — в дорожную карту", async () => {
    const base = `/api/districts/${districtId}/reports/${reportId}`;
    const approval = { approvedAt: "2026-12-25", approvalRef: "Протокол № 3 от 25.12.2026", workingGroupId: groupId };
    // Before approval the roadmap is not corrected from it.
    expect((await call("POST", `${base}/growth-points/0/roadmap`, STAFF, { dueOn: "2027-02-01" })).status).toBe(409);
    for (const user of [HEAD, TEACHER, METHODOLOGIST, OTHER]) expect((await call("POST", `${base}/approve`, user, approval)).status).toBe(403);
    expect((await call("POST", `${base}/approve`, STAFF, { approvalRef: "" })).status).toBe(400);
    const approved = await call("POST", `${base}/approve`, STAFF, approval);
    expect(approved.status).toBe(200);
    expect(approved.body.report.approvalRef).toBe("Протокол № 3 от 25.12.2026");
    expect(approved.body.report.workingGroupId).toBe(groupId);
    // Read only now.
    expect((await call("POST", `${base}/refresh`, STAFF)).status).toBe(409);
    expect((await call("PUT", `${base}/conclusions`, STAFF, { goalsMet: "", measuresSufficient: "", growthPoints: [] })).status).toBe(409);
    expect((await call("POST", `${base}/approve`, STAFF, approval)).status).toBe(409);
    expect((await call("DELETE", `/api/districts/${districtId}/working-groups/${groupId}`, STAFF)).status).toBe(409);
    // The growth point becomes an event of the district roadmap, once.
    for (const user of [HEAD, METHODOLOGIST, OTHER]) expect((await call("POST", `${base}/growth-points/0/roadmap`, user, { dueOn: "2027-02-01" })).status).toBe(403);
    expect((await call("POST", `${base}/growth-points/5/roadmap`, STAFF, { dueOn: "2027-02-01" })).status).toBe(404);
    const added = await call("POST", `${base}/growth-points/0/roadmap`, STAFF, { dueOn: "2027-02-01", section: "methodical" });
    expect(added.status).toBe(201);
    const event = await db.prisma.roadmapEvent.findUniqueOrThrow({ where: { id: added.body.eventId } });
    expect([event.title, event.section]).toEqual(["Закрепить наставников за ШНОР", "methodical"]);
    expect((await call("POST", `${base}/growth-points/0/roadmap`, STAFF, { dueOn: "2027-02-01" })).status).toBe(409);
    const after = await call("GET", base, STAFF);
    expect(after.body.report.conclusions.growthPoints[0].roadmapEventId).toBe(added.body.eventId);
    // The XLSX of the approved report still downloads.
    expect((await call("GET", `${base}/report.xlsx`, STAFF)).status).toBe(200);
  });
});
