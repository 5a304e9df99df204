// The indicators' trends in the Mini App API (#14 §6): every indicator with its method, source and
// executor, year by year for the district and each school; teacher figures through the release rules
// (never below the minimum), «нет данных» where nothing was recorded (never 0). District staff and
// the methodologist see the district, a head their school; a teacher and another district are refused.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { teacherDiagnosticV1 } from "../../core/instruments/teacher-diagnostic.ts";
import type { Database } from "../../prisma/db.ts";
import { openTestDatabase } from "../support/db.ts";
import { makeTestApi, signInitData } from "../support/api.ts";
import { makeDistrict } from "../support/district.ts";
import { makeReportDistrict } from "../support/report-district.ts";

const STAFF = 1501;
const HEAD = 1502;
const TEACHER = 1503;
const METHODOLOGIST = 1504;
const OTHER = 1509;

let db: Database;
let api: ReturnType<typeof makeTestApi>;
let districtId: string;
let schoolIds: string[];

async function get(path: string, user: number) {
  const response = await api.request(path, { headers: { authorization: `tma ${signInitData(user)}` } });
  return { status: response.status, body: (await response.json()) as any };
}

beforeAll(async () => {
  db = await openTestDatabase();
  const district = await makeReportDistrict(db);
  districtId = district.district.id;
  schoolIds = district.schools.map((school) => school.id);
  const account = (personId: string, user: number) => db.prisma.account.create({ data: { personId, channel: "telegram", externalId: String(user), chatId: String(user) } });
  await account(district.staff.id, STAFF);
  await account(district.head.id, HEAD);
  await account((await district.person("Методист", "methodologist", null)).id, METHODOLOGIST);
  // School 1: six teachers, all diagnosed this school year; school 2: two teachers (under the minimum of 5).
  const campaign = district.campaign;
  for (let index = 0; index < 8; index++) {
    const teacher = await district.person(`Учитель ${index}`, "teacher", index < 6 ? schoolIds[0]! : schoolIds[1]!);
    if (index === 0) await account(teacher.id, TEACHER);
    await db.prisma.response.create({
      data: { campaignId: campaign.id, personId: teacher.id, completedAt: new Date(), answers: { create: teacherDiagnosticV1.questions.map((question) => ({ questionId: question.id, value: 2 })) } },
    });
  }
  const other = await makeDistrict(db, { schools: 1 });
  const otherStaff = await db.prisma.person.create({ data: { displayName: "Чужой РУО", consentAt: new Date(), memberships: { create: { role: "district", districtId: other.district.id } } } });
  await account(otherStaff.id, OTHER);
  api = makeTestApi(db, { minRespondents: 5 });
}, 60_000);
afterAll(async () => {
  await db?.close();
});

describe("показатели по годам", () => {
  it("каждый показатель с методикой, источником и исполнителем; годы по порядку", async () => {
    const view = await get(`/api/districts/${districtId}/indicators/trends`, STAFF);
    expect(view.status).toBe(200);
    expect(view.body.indicators.map((item: any) => item.key)).toEqual([
      "diagnosed",
      "positiveDynamics",
      "withRoute",
      "completedCourses",
      "teamRoutes",
      "supportedPositiveDynamics",
      "listChanged",
      "programmeAdopted",
      "recommendationsDone",
      "roadmapEventsDone",
    ]);
    for (const item of view.body.indicators) for (const field of ["title", "method", "source", "executor"]) expect(item[field]).toBeTruthy();
    expect(view.body.years.length).toBe(view.body.yearLabels.length);
    expect(view.body.yearLabels.at(-1)).toMatch(/^\d{4}\/\d{2}$/);
    expect(view.body.schools).toHaveLength(3);
  });

  it("педагоги — по правилам публикации: меньше минимума скрыто; где данных нет — «нет данных», не 0", async () => {
    const view = await get(`/api/districts/${districtId}/indicators/trends`, STAFF);
    const last = view.body.years.length - 1;
    const [first, second, third] = schoolIds.map((id) => view.body.schools.find((school: any) => school.id === id));
    // The district: eight of eight diagnosed — released as a bound, never "all eight".
    expect(view.body.district.cells.diagnosed[last]).toEqual({ kind: "share", share: { value: 85, bound: "ge" } });
    // School 2: two teachers — hidden; school 1 is hidden with it (district minus school 1 would give
    // school 2 away); school 3: no teachers — hidden too.
    expect(second.cells.diagnosed[last]).toEqual({ kind: "hidden" });
    expect(first.cells.diagnosed[last]).toEqual({ kind: "hidden" });
    expect(third.cells.diagnosed[last]).toEqual({ kind: "hidden" });
    // Nobody had a route: «нет данных».
    expect(view.body.district.cells.withRoute[last]).toEqual({ kind: "none" });
    // Nothing in the response carries a count of teachers below the minimum.
    expect(JSON.stringify(second.cells.diagnosed)).not.toContain("count");
  });

  it("школьные показатели по годам: списки, динамика, рекомендации, мероприятия", async () => {
    const view = await get(`/api/districts/${districtId}/indicators/trends`, STAFF);
    const at = (label: string) => view.body.yearLabels.indexOf(label);
    const y2627 = at("2026/27");
    expect(y2627).toBeGreaterThanOrEqual(0);
    // The 2026 run (lists of 2026/27): s1 left ШНОР, s3 entered it — 2 of 3 schools changed position.
    expect(view.body.district.cells.listChanged[y2627]).toEqual({ kind: "share", share: { value: 67, bound: null }, count: 2, total: 3 });
    const third = view.body.schools.find((school: any) => school.id === schoolIds[2]);
    expect(third.cells.listChanged[y2627]).toEqual({ kind: "change", entered: ["shnor"], left: [] });
    // Listed in 2026: s2 (ШНСУ, −0.1) and s3 (ШНОР, −0.3): none grew.
    expect(view.body.district.cells.supportedPositiveDynamics[y2627]).toEqual({ kind: "share", share: { value: 0, bound: null }, count: 0, total: 2 });
    // Sent in August 2026 (school year 2025/26): two, one done; sent in 2026/27: one, not done yet.
    expect(view.body.district.cells.recommendationsDone[at("2025/26")]).toEqual({ kind: "share", share: { value: 50, bound: null }, count: 1, total: 2 });
    expect(view.body.district.cells.recommendationsDone[y2627]).toEqual({ kind: "share", share: { value: 0, bound: null }, count: 0, total: 1 });
    // The district roadmap: of the two events due by now one is done.
    expect(view.body.district.cells.roadmapEventsDone[y2627]).toEqual({ kind: "share", share: { value: 50, bound: null }, count: 1, total: 2 });
    // No school roadmap yet: the listed schools have no adopted programme.
    expect(view.body.district.cells.programmeAdopted[y2627]).toEqual({ kind: "share", share: { value: 0, bound: null }, count: 0, total: 2 });
  });

  it("руководитель видит свою школу без строки района; учитель и чужой район — 403", async () => {
    const head = await get(`/api/districts/${districtId}/indicators/trends`, HEAD);
    expect(head.status).toBe(200);
    expect(head.body.district).toBeNull();
    expect(head.body.schools.map((school: any) => school.id)).toEqual([schoolIds[0]]);
    expect((await get(`/api/districts/${districtId}/indicators/trends?schoolId=${schoolIds[1]}`, HEAD)).status).toBe(403);
    const methodologist = await get(`/api/districts/${districtId}/indicators/trends`, METHODOLOGIST);
    expect(methodologist.status).toBe(200);
    expect(methodologist.body.district).not.toBeNull();
    expect((await get(`/api/districts/${districtId}/indicators/trends`, TEACHER)).status).toBe(403);
    expect((await get(`/api/districts/${districtId}/indicators/trends`, OTHER)).status).toBe(403);
    expect((await get(`/api/districts/${districtId}/indicators/trends?schoolId=BAD!`, STAFF)).status).toBe(400);
  });
});
