// Visits in the Mini App API (#15 §3): the district and the working group read every visit of the school
// year with the indicators against the plan; a head reads only their school's visits and confirms or
// disputes them (the working group, district staff and another head may not); an author reads their own
// (drafts only they see); another district's staff and a teacher are refused. The feedback on mentoring
// runs as an ordinary campaign (teachers and heads) and is shown only through the release rules.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../prisma/db.ts";
import { openTestDatabase } from "../support/db.ts";
import { makeDistrict } from "../support/district.ts";
import { makeTestApi, signInitData } from "../support/api.ts";

let db: Database;
let api: ReturnType<typeof makeTestApi>;
let district: Awaited<ReturnType<typeof makeDistrict>>;
let other: Awaited<ReturnType<typeof makeDistrict>>;
let nextUser = 71_000;

type Who = { userId: number; personId: string };

async function call(path: string, who: Who, init: { method?: string; json?: unknown } = {}) {
  const headers: Record<string, string> = { authorization: `tma ${signInitData(who.userId)}` };
  if (init.json !== undefined) headers["content-type"] = "application/json";
  const response = await api.request(path, {
    method: init.method ?? (init.json !== undefined ? "POST" : "GET"),
    headers,
    body: init.json !== undefined ? JSON.stringify(init.json) : undefined,
  });
  const type = response.headers.get("content-type") ?? "";
  return { status: response.status, body: (type.includes("json") ? await response.json() : await response.text()) as any };
}

async function person(role: string, districtId: string, schoolId: string | null, name = `Человек ${nextUser}`): Promise<Who> {
  const userId = nextUser++;
  const created = await db.prisma.person.create({
    data: {
      displayName: name,
      consentAt: new Date(),
      accounts: { create: { channel: "telegram", externalId: String(userId), chatId: String(userId) } },
      memberships: { create: { role, districtId, schoolId } },
    },
  });
  return { userId, personId: created.id };
}

let staff: Who, wg: Who, otherStaff: Who, head1: Who, head2: Who, mentor1: Who, mentor2: Who, teacher: Who;
let A: string, school1: string, school2: string;
let v1: string, v2: string, draft: string;
const today = () => {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
};

beforeAll(async () => {
  db = await openTestDatabase();
  api = makeTestApi(db);
  district = await makeDistrict(db, { schools: 2 });
  other = await makeDistrict(db, { schools: 1 });
  A = district.district.id;
  school1 = district.schools[0]!.id;
  school2 = district.schools[1]!.id;
  staff = await person("district", A, null);
  wg = await person("working_group", A, null);
  otherStaff = await person("district", other.district.id, null);
  head1 = await person("head", A, school1);
  head2 = await person("head", A, school2);
  mentor1 = await person("mentor", A, school1, "Иванова А. А.");
  mentor2 = await person("curator", A, school2, "Петров П. П.");
  teacher = await person("teacher", A, school1);
  const start = new Date(Date.now() - 60 * 86_400_000);
  const a1 = await db.prisma.assignment.create({ data: { districtId: A, schoolId: school1, personId: mentor1.personId, kind: "mentor", startsOn: start } });
  await db.prisma.assignment.create({ data: { districtId: A, schoolId: school2, personId: mentor2.personId, kind: "curator", startsOn: start, plannedVisits: 3 } });
  const answers = {
    v_date: { kind: "text", text: "10.11.2026" },
    v_format: { kind: "int", value: 1 },
    v_found: { kind: "text", text: "Не разобраны ошибки ВПР" },
    v_agreed: { kind: "text", text: "Методобъединение до 20 декабря" },
  };
  v1 = (
    await db.prisma.visit.create({
      data: { districtId: A, schoolId: school1, authorId: mentor1.personId, assignmentId: a1.id, instrumentId: "visit_report@2", answers, state: "submitted", format: "onsite", visitDate: today(), submittedAt: new Date() },
    })
  ).id;
  v2 = (
    await db.prisma.visit.create({
      data: { districtId: A, schoolId: school2, authorId: mentor2.personId, instrumentId: "visit_report@2", answers, state: "confirmed", format: "remote", visitDate: today(), submittedAt: new Date(), confirmedAt: new Date() },
    })
  ).id;
  draft = (await db.prisma.visit.create({ data: { districtId: A, schoolId: school1, authorId: mentor1.personId, instrumentId: "visit_report@2", answers: {}, state: "draft" } })).id;
});
afterAll(async () => {
  await db?.close();
});

describe("API визитов", () => {
  it("район видит все визиты года и показатели против плана; рабочая группа — то же, только чтение; чужой район и учитель — отказ", async () => {
    const { status, body } = await call(`/api/districts/${A}/visits`, staff);
    expect(status).toBe(200);
    expect(body.scope).toBe("district");
    expect(body.visits.map((visit: any) => visit.id).sort()).toEqual([v1, v2].sort());
    expect(body.indicators.total).toMatchObject({ planned: 6, reported: 2, confirmed: 1, awaiting: 1, onsite: 1, remote: 1, done: 1 });
    const s1 = body.indicators.bySchool.find((row: any) => row.key === school1);
    expect(s1).toMatchObject({ planned: 3, reported: 1, done: 1, percent: 33 });
    expect(body.indicators.byMentor.map((row: any) => row.name)).toEqual(["Иванова А. А.", "Петров П. П."]);
    expect(body.visits.every((visit: any) => visit.canDecide === false)).toBe(true);
    expect(body.feedback).toMatchObject({ campaign: null, questions: [] });

    const read = await call(`/api/districts/${A}/visits`, wg);
    expect(read.status).toBe(200);
    expect(read.body.visits).toHaveLength(2);
    expect((await call(`/api/visits/${v1}/confirm`, wg, { json: {} })).status).toBe(403);
    expect((await call(`/api/visits/${v1}/confirm`, staff, { json: {} })).status).toBe(403);

    expect((await call(`/api/districts/${A}/visits`, otherStaff)).status).toBe(403);
    expect((await call(`/api/districts/${A}/visits`, teacher)).status).toBe(403);
    expect((await call(`/api/visits/${v1}`, otherStaff)).status).toBe(404);
    expect((await call(`/api/visits/${v1}`, teacher)).status).toBe(404);
    expect((await call(`/api/districts/${A}/visits?year=2026`, staff)).status).toBe(400);
  });

  it("руководитель видит визиты своей школы, автор — свои и свой черновик; отчёт открывается с ответами", async () => {
    const mine = await call(`/api/districts/${A}/visits`, head1);
    expect(mine.status).toBe(200);
    expect(mine.body.scope).toBe("own");
    expect(mine.body.visits.map((visit: any) => visit.id)).toEqual([v1]);
    expect(mine.body.visits[0].canDecide).toBe(true);
    expect(mine.body.indicators.bySchool.map((row: any) => row.key)).toEqual([school1]);

    const own = await call(`/api/districts/${A}/visits`, mentor1);
    expect(own.body.visits.map((visit: any) => visit.id).sort()).toEqual([v1, draft].sort());
    expect(own.body.feedback).toBeNull();

    const report = await call(`/api/visits/${v1}`, staff);
    expect(report.status).toBe(200);
    expect(report.body.visit.answers.map((answer: any) => answer.answer)).toEqual(["10.11.2026", "Очно, в школе", "Не разобраны ошибки ВПР", "Методобъединение до 20 декабря"]);
    expect((await call(`/api/visits/${v1}`, head2)).status).toBe(404);
    expect((await call(`/api/visits/${draft}`, staff)).status).toBe(404);
    expect((await call(`/api/visits/${draft}`, mentor1)).status).toBe(200);
    expect((await call(`/api/visits/${v1}/file`, staff)).status).toBe(404);
  });

  it("подтверждает или оспаривает только руководитель школы визита; повтор ничего не меняет", async () => {
    expect((await call(`/api/visits/${v1}/confirm`, head2, { json: {} })).status).toBe(403);
    expect((await call(`/api/visits/${v1}/dispute`, head1, { json: { reason: "  " } })).status).toBe(400);
    const disputed = await call(`/api/visits/${v1}/dispute`, head1, { json: { reason: "Визит был дистанционным" } });
    expect(disputed.status).toBe(200);
    expect(disputed.body).toEqual({ result: "disputed", state: "disputed" });
    const again = await call(`/api/visits/${v1}/confirm`, head1, { json: {} });
    expect(again.body).toEqual({ result: "already", state: "disputed" });
    const row = await db.prisma.visit.findUniqueOrThrow({ where: { id: v1 } });
    expect(row.disputeReason).toBe("Визит был дистанционным");
    const after = await call(`/api/districts/${A}/visits`, staff);
    expect(after.body.indicators.total).toMatchObject({ disputed: 1, done: 0 });
    expect(await db.prisma.outbox.count({ where: { dedupeKey: `visit:${v1}:decided`, personId: mentor1.personId } })).toBe(1);
  });

  it("обратная связь о наставничестве — обычная кампания учителей и руководителей; цифры только по правилам выпуска", async () => {
    const opened = await call(`/api/districts/${A}/campaigns/open`, staff, { json: { instrumentKey: "mentoring_feedback", roles: ["teacher", "head"], days: 14 } });
    expect(opened.status, JSON.stringify(opened.body)).toBe(200);
    const campaign = await db.prisma.campaign.findFirstOrThrow({ where: { districtId: A }, orderBy: { createdAt: "desc" } });
    const respondents = [teacher, head1];
    for (let index = 0; index < 3; index++) respondents.push(await person("teacher", A, index % 2 ? school1 : school2));
    const answer = async (who: Who, value: number) => {
      const answers = Object.fromEntries(["mf_regular", "mf_useful", "mf_needs", "mf_steps", "mf_agreed", "mf_continue"].map((id) => [id, { kind: "int", value }]));
      const saved = await call(`/api/surveys/${campaign.id}/answers`, who, { method: "PUT", json: { answers, finish: true } });
      expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    };
    for (const who of respondents.slice(0, 4)) await answer(who, 4);
    const hidden = await call(`/api/districts/${A}/visits`, staff);
    expect(hidden.body.feedback.campaign.id).toBe(campaign.id);
    expect(hidden.body.feedback.questions).toHaveLength(6);
    expect(hidden.body.feedback.questions.every((question: any) => question.cell.hidden === true && Object.keys(question.cell).length === 1)).toBe(true);
    await answer(respondents[4]!, 2);
    const shown = await call(`/api/districts/${A}/visits`, head1);
    const cell = shown.body.feedback.questions[0].cell;
    expect(cell).toEqual({ hidden: false, agree: { value: 80, bound: "ge" }, mean: { value: 87, bound: null } });
    expect(JSON.stringify(shown.body.feedback)).not.toContain(teacher.personId);
  });
});
