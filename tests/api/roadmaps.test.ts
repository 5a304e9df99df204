// Roadmaps in the Mini App API (#14): the district's list and one roadmap, created from seed 002's
// template, editing events (fields, order, executors), states with evidence, help, postpone, the
// executor's tasks, and evidence files readable only by those who may see the event. Each route:
// allowed, and refused for a wrong role, another district, another school.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schoolYearOf } from "../../core/management/school-year.ts";
import type { Database } from "../../prisma/db.ts";
import { openTestDatabase } from "../support/db.ts";
import { makeDistrict } from "../support/district.ts";
import { makeTestApi, signInitData } from "../support/api.ts";

let db: Database;
let api: ReturnType<typeof makeTestApi>;
let district: Awaited<ReturnType<typeof makeDistrict>>;
let other: Awaited<ReturnType<typeof makeDistrict>>;
let schoolA: string;
let schoolB: string;
let nextUser = 7100;
const year = schoolYearOf(new Date(), "Europe/Moscow");

type Who = { userId: number; personId: string };

async function call(path: string, who: Who, init: { method?: string; json?: unknown; body?: Uint8Array | string; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { authorization: `tma ${signInitData(who.userId)}`, ...(init.headers ?? {}) };
  let body: BodyInit | undefined;
  if (init.json !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(init.json);
  } else if (init.body !== undefined) body = init.body as BodyInit;
  const response = await api.request(path, { method: init.method ?? (body ? "POST" : "GET"), headers, body });
  const type = response.headers.get("content-type") ?? "";
  return { status: response.status, type, headers: response.headers, body: type.includes("json") ? ((await response.json()) as any) : new Uint8Array(await response.arrayBuffer()) };
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

let staff: Who;
let otherStaff: Who;
let headA: Who;
let headB: Who;
let teacherA: Who;
let teacherA2: Who;
let teacherB: Who;
let parentA: Who;
let methodologist: Who;

beforeAll(async () => {
  db = await openTestDatabase();
  api = makeTestApi(db);
  district = await makeDistrict(db, { schools: 2 });
  other = await makeDistrict(db, { schools: 1 });
  schoolA = district.schools[0]!.id;
  schoolB = district.schools[1]!.id;
  staff = await person("district", district.district.id, null, "Специалист РУО");
  otherStaff = await person("district", other.district.id, null, "Чужой РУО");
  headA = await person("head", district.district.id, schoolA, "Директор А");
  headB = await person("head", district.district.id, schoolB, "Директор Б");
  teacherA = await person("teacher", district.district.id, schoolA, "Учитель А");
  teacherA2 = await person("teacher", district.district.id, schoolA, "Учитель А2");
  teacherB = await person("teacher", district.district.id, schoolB, "Учитель Б");
  parentA = await person("parent", district.district.id, schoolA, "Родитель А");
  methodologist = await person("methodologist", district.district.id, null, "Методист");
});
afterAll(async () => {
  await db?.close();
});

const D = () => `/api/districts/${district.district.id}`;
let schoolRoadmapId: string;
let eventId: string;
let evidenceId: string;

describe("roadmaps API", () => {
  it("creates roadmaps from seed 002's template: district staff any, a head their school's", async () => {
    expect((await call(`${D()}/roadmap`, teacherA, { json: { schoolId: schoolA } })).status).toBe(403);
    expect((await call(`${D()}/roadmap`, headB, { json: { schoolId: schoolA } })).status).toBe(403);
    expect((await call(`${D()}/roadmap`, headA, { json: {} })).status).toBe(403);
    expect((await call(`${D()}/roadmap`, otherStaff, { json: {} })).status).toBe(403);
    expect((await call(`/api/districts/${district.district.id}/roadmap`, staff, { json: { schoolId: other.schools[0]!.id } })).status).toBe(404);

    const district_ = await call(`${D()}/roadmap`, staff, { json: {} });
    expect(district_.status).toBe(201);
    const school = await call(`${D()}/roadmap`, headA, { json: { schoolId: schoolA } });
    expect(school.status).toBe(201);
    schoolRoadmapId = school.body.id;
    expect((await call(`${D()}/roadmap`, headA, { json: { schoolId: schoolA } })).body).toEqual({ id: schoolRoadmapId, created: false });
  });

  it("lists the district's roadmaps with counts; a head sees their school only; others are refused", async () => {
    const list = await call(`${D()}/roadmaps`, staff);
    expect(list.status).toBe(200);
    expect(list.body.schoolYear).toBe(year);
    expect(list.body.items.map((item: any) => [item.schoolId, item.roadmap?.counts.planned ?? null])).toEqual([
      [null, 23],
      [schoolA, 9],
      [schoolB, null],
    ]);
    const headList = await call(`${D()}/roadmaps`, headA);
    expect(headList.body.items.map((item: any) => item.schoolId)).toEqual([schoolA]);
    for (const who of [teacherA, otherStaff, parentA]) expect((await call(`${D()}/roadmaps`, who)).status).toBe(403);
  });

  it("reads one roadmap in seed 002's table; another school's head, a teacher, another district are refused", async () => {
    const view = await call(`${D()}/roadmap?schoolId=${schoolA}`, headA);
    expect(view.status).toBe(200);
    expect(view.body.canEdit).toBe(true);
    expect(view.body.roadmap.templateKey).toBe("seed-002");
    expect(view.body.roadmap.events[0]).toMatchObject({ section: "org_managerial", number: "1.1", state: "planned", executorsText: "РУО, куратор, руководители ОО" });
    const districtView = await call(`${D()}/roadmap`, staff);
    expect(districtView.body.roadmap.events).toHaveLength(23);
    expect((await call(`${D()}/roadmap?schoolId=${schoolA}`, headB)).status).toBe(403);
    expect((await call(`${D()}/roadmap?schoolId=${schoolA}`, teacherA)).status).toBe(403);
    expect((await call(`${D()}/roadmap?schoolId=${schoolA}`, otherStaff)).status).toBe(403);
    expect((await call(`${D()}/roadmap?schoolId=${schoolA}`, methodologist)).status).toBe(403);
    expect((await call(`${D()}/roadmap?schoolYear=2026-27`, staff)).status).toBe(400);
  });

  it("adds, edits, reorders and deletes events (editors only)", async () => {
    const input = { section: "methodical", title: "Семинар по ВПР для учителей", dueOn: "2099-04-15", indicator: "Проведён семинар" };
    expect((await call(`/api/roadmaps/${schoolRoadmapId}/events`, teacherA, { json: input })).status).toBe(404);
    expect((await call(`/api/roadmaps/${schoolRoadmapId}/events`, headB, { json: input })).status).toBe(404);
    expect((await call(`/api/roadmaps/${schoolRoadmapId}/events`, headA, { json: { ...input, section: "other" } })).status).toBe(400);
    const added = await call(`/api/roadmaps/${schoolRoadmapId}/events`, headA, { json: input });
    expect(added.status).toBe(201);
    eventId = added.body.id;
    let view = await call(`${D()}/roadmap?schoolId=${schoolA}`, headA);
    expect(view.body.roadmap.events.find((event: any) => event.id === eventId)).toMatchObject({ number: "3.5", dueOn: "2099-04-15" });

    expect((await call(`/api/roadmap-events/${eventId}`, headB, { method: "PATCH", json: { title: "x" } })).status).toBe(404);
    expect((await call(`/api/roadmap-events/${eventId}`, staff, { method: "PATCH", json: { title: "Семинар по ВПР (математика)", bogus: 1 } })).status).toBe(400);
    expect((await call(`/api/roadmap-events/${eventId}`, staff, { method: "PATCH", json: { title: "Семинар по ВПР (математика)" } })).status).toBe(200);

    const ids = view.body.roadmap.events.map((event: any) => event.id);
    const reordered = [eventId, ...ids.filter((id: string) => id !== eventId)];
    expect((await call(`/api/roadmaps/${schoolRoadmapId}/order`, teacherA, { method: "PUT", json: { eventIds: reordered } })).status).toBe(404);
    expect((await call(`/api/roadmaps/${schoolRoadmapId}/order`, headA, { method: "PUT", json: { eventIds: reordered } })).status).toBe(200);
    view = await call(`${D()}/roadmap?schoolId=${schoolA}`, headA);
    expect(view.body.roadmap.events[0]).toMatchObject({ id: eventId, title: "Семинар по ВПР (математика)" });

    // A deadline moved into the past makes the event overdue; moved ahead again, it is planned.
    expect((await call(`/api/roadmap-events/${eventId}`, staff, { method: "PATCH", json: { dueOn: "2001-04-15" } })).status).toBe(200);
    expect((await db.prisma.roadmapEvent.findUnique({ where: { id: eventId } }))!.state).toBe("overdue");
    expect((await call(`/api/roadmap-events/${eventId}`, staff, { method: "PATCH", json: { dueOn: "2099-04-15" } })).status).toBe(200);
    expect((await db.prisma.roadmapEvent.findUnique({ where: { id: eventId } }))!.state).toBe("planned");
    expect((await call(`/api/roadmap-events/${eventId}`, staff, { method: "PATCH", json: { dueOn: "2099-02-30" } })).status).toBe(400);

    const spare = (await call(`/api/roadmaps/${schoolRoadmapId}/events`, headA, { json: { ...input, title: "Лишнее" } })).body.id;
    expect((await call(`/api/roadmap-events/${spare}`, teacherA, { method: "DELETE" })).status).toBe(404);
    expect((await call(`/api/roadmap-events/${spare}`, headA, { method: "DELETE" })).status).toBe(200);
    expect(await db.prisma.roadmapEvent.findUnique({ where: { id: spare } })).toBeNull();
  });

  it("sets executors among the school's staff; they are told in chat once", async () => {
    const candidates = await call(`${D()}/roadmap/executors?schoolId=${schoolA}`, headA);
    const names = candidates.body.people.map((p: any) => p.displayName);
    expect(names).toEqual(expect.arrayContaining(["Директор А", "Учитель А", "Учитель А2", "Специалист РУО"]));
    expect(names).not.toContain("Учитель Б");
    expect(names).not.toContain("Родитель А");
    expect((await call(`${D()}/roadmap/executors?schoolId=${schoolA}`, teacherA)).status).toBe(403);
    expect((await call(`/api/roadmap-events/${eventId}/executors`, headA, { method: "PUT", json: { personIds: [teacherB.personId] } })).status).toBe(400);
    expect((await call(`/api/roadmap-events/${eventId}/executors`, teacherA, { method: "PUT", json: { personIds: [teacherA.personId] } })).status).toBe(404);
    expect((await call(`/api/roadmap-events/${eventId}/executors`, headA, { method: "PUT", json: { personIds: [teacherA.personId] } })).status).toBe(200);
    expect((await call(`/api/roadmap-events/${eventId}/executors`, headA, { method: "PUT", json: { personIds: [teacherA.personId] } })).status).toBe(200);
    const notices = await db.prisma.outbox.findMany({ where: { personId: teacherA.personId, dedupeKey: { startsWith: "rm-new:" } } });
    expect(notices).toHaveLength(1);
    expect(notices[0]!.text).toContain("Семинар по ВПР (математика)");
    expect(notices[0]!.appStart).toBe("tasks");
  });

  it("the executor sees their tasks and closes one only with evidence; others cannot act", async () => {
    const tasks = await call("/api/me/tasks", teacherA);
    expect(tasks.body.tasks.map((task: any) => task.id)).toEqual([eventId]);
    expect((await call("/api/me/tasks", teacherA2)).body.tasks).toEqual([]);
    expect((await call(`/api/roadmap-events/${eventId}`, teacherA)).status).toBe(200);
    expect((await call(`/api/roadmap-events/${eventId}`, teacherA2)).status).toBe(404);
    expect((await call(`/api/roadmap-events/${eventId}`, headB)).status).toBe(404);
    expect((await call(`/api/roadmap-events/${eventId}`, otherStaff)).status).toBe(404);

    const done = await call(`/api/roadmap-events/${eventId}/state`, teacherA, { json: { action: "done" } });
    expect(done.status).toBe(400);
    expect(done.body.message).toMatch(/приложите подтверждение/);
    expect((await call(`/api/roadmap-events/${eventId}/state`, teacherA, { json: { action: "cancel" } })).status).toBe(403);
    expect((await call(`/api/roadmap-events/${eventId}/state`, teacherA2, { json: { action: "start" } })).status).toBe(404);
    expect((await call(`/api/roadmap-events/${eventId}/state`, teacherA, { json: { action: "start" } })).body.event.state).toBe("in_progress");

    // Evidence: a file of a refused type, an evil link, then a PDF; checked before the body is read.
    expect((await call(`/api/roadmap-events/${eventId}/evidence`, teacherA, { body: "MZ", headers: { "x-file-name": "virus.exe" } })).status).toBe(400);
    expect((await call(`/api/roadmap-events/${eventId}/evidence`, teacherA, { json: { url: "javascript:alert(1)" } })).status).toBe(400);
    expect((await call(`/api/roadmap-events/${eventId}/evidence`, teacherA2, { body: "%PDF", headers: { "x-file-name": "a.pdf" } })).status).toBe(404);
    const uploaded = await call(`/api/roadmap-events/${eventId}/evidence`, teacherA, { body: "%PDF-1.4 протокол", headers: { "x-file-name": encodeURIComponent("протокол.pdf") } });
    expect(uploaded.status).toBe(201);
    evidenceId = uploaded.body.id;
    const closed = await call(`/api/roadmap-events/${eventId}/state`, teacherA, { json: { action: "done" } });
    expect(closed.status).toBe(200);
    expect(closed.body.event).toMatchObject({ state: "done", evidence: [{ fileName: "протокол.pdf", hasFile: true }] });
    expect((await call("/api/me/tasks", teacherA)).body.tasks).toEqual([]);
    // Reopening is the editors' call.
    expect((await call(`/api/roadmap-events/${eventId}/state`, teacherA, { json: { action: "reopen" } })).status).toBe(403);
  });

  it("evidence files are readable by district staff, the school's head and the executors only", async () => {
    for (const who of [staff, headA, teacherA]) {
      const file = await call(`/api/roadmap-evidence/${evidenceId}/file`, who);
      expect(file.status, String(who.userId)).toBe(200);
      expect(new TextDecoder().decode(file.body as Uint8Array)).toBe("%PDF-1.4 протокол");
      expect(file.headers.get("content-type")).toBe("application/pdf");
      expect(file.headers.get("content-disposition")).toContain(encodeURIComponent("протокол.pdf"));
    }
    for (const who of [teacherA2, headB, teacherB, parentA, otherStaff, methodologist]) {
      const file = await call(`/api/roadmap-evidence/${evidenceId}/file`, who);
      expect(file.status, String(who.userId)).toBe(404);
    }
    expect((await call(`/api/roadmap-evidence/nosuch/file`, staff)).status).toBe(404);
  });

  it("help and postpone: executors and editors; the district is told of help", async () => {
    const second = (await call(`/api/roadmaps/${schoolRoadmapId}/events`, headA, { json: { section: "analytical", title: "Анализ ВПР школы", dueOn: "2099-10-31" } })).body.id;
    await call(`/api/roadmap-events/${second}/executors`, headA, { method: "PUT", json: { personIds: [teacherA2.personId] } });
    expect((await call(`/api/roadmap-events/${second}/help`, teacherA, { json: {} })).status).toBe(404);
    expect((await call(`/api/roadmap-events/${second}/help`, teacherA2, { json: {} })).status).toBe(200);
    // A second press the same day: logged, the district is not told twice.
    expect((await call(`/api/roadmap-events/${second}/help`, teacherA2, { json: {} })).status).toBe(200);
    expect(await db.prisma.outbox.count({ where: { personId: staff.personId, dedupeKey: { startsWith: "rm-help:" } } })).toBe(1);
    expect((await call(`/api/roadmap-events/${second}/state`, teacherA2, { json: { action: "postpone", dueOn: "2099-11-30" } })).status).toBe(400);
    expect((await call(`/api/roadmap-events/${second}/state`, teacherA2, { json: { action: "postpone", dueOn: "2001-11-30", reason: "поздно" } })).status).toBe(400);
    const postponed = await call(`/api/roadmap-events/${second}/state`, teacherA2, { json: { action: "postpone", dueOn: "2099-11-30", reason: "ждём результаты" } });
    expect(postponed.body.event).toMatchObject({ state: "planned", dueOn: "2099-11-30" });
    const details = await call(`/api/roadmap-events/${second}`, staff);
    expect(details.body.log.map((entry: any) => entry.action)).toEqual(["created", "executors", "help", "help", "postponed"]);
    expect(details.body.log.at(-1).note).toContain("ждём результаты");
  });
});
