// Seminars and events in the Mini App API (#15 §4): a teacher sends a request (areas filtered to the
// diagnostic's); the methodologist sees it grouped with no name, builds the 2027-H1 programme and an
// event linking it, announces it (the teacher gets the "planned" notice); the teacher registers (once)
// and downloads the .ics; the organiser marks attendance and attaches a link and a file that reach the
// registered; the working group reads but never writes; a teacher cannot organise; another district's
// staff see nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../prisma/db.ts";
import { openTestDatabase } from "../support/db.ts";
import { makeDistrict } from "../support/district.ts";
import { makeTestApi, signInitData } from "../support/api.ts";

let db: Database;
let api: ReturnType<typeof makeTestApi>;
let district: Awaited<ReturnType<typeof makeDistrict>>;
let other: Awaited<ReturnType<typeof makeDistrict>>;
let nextUser = 67_000;

type Who = { userId: number; personId: string };

async function call(path: string, who: Who, init: { method?: string; json?: unknown; raw?: Uint8Array; fileName?: string } = {}) {
  const headers: Record<string, string> = { authorization: `tma ${signInitData(who.userId)}` };
  if (init.json !== undefined) headers["content-type"] = "application/json";
  if (init.fileName) headers["x-file-name"] = encodeURIComponent(init.fileName);
  const response = await api.request(path, {
    method: init.method ?? (init.json !== undefined || init.raw ? "POST" : "GET"),
    headers,
    body: init.json !== undefined ? JSON.stringify(init.json) : init.raw ? (init.raw as unknown as BodyInit) : undefined,
  });
  const type = response.headers.get("content-type") ?? "";
  return { status: response.status, type, body: (type.includes("json") ? await response.json() : await response.text()) as any };
}

async function person(role: string, districtId: string, schoolId: string | null): Promise<Who> {
  const userId = nextUser++;
  const created = await db.prisma.person.create({
    data: {
      displayName: `Человек ${userId}`,
      consentAt: new Date(),
      accounts: { create: { channel: "telegram", externalId: String(userId), chatId: String(userId) } },
      memberships: { create: { role, districtId, schoolId } },
    },
  });
  return { userId, personId: created.id };
}

let teacher: Who, head: Who, methodologist: Who, staff: Who, group: Who, otherStaff: Who, otherTeacher: Who;
let D: string;

beforeAll(async () => {
  db = await openTestDatabase();
  api = makeTestApi(db);
  district = await makeDistrict(db, { schools: 2 });
  other = await makeDistrict(db, { schools: 1 });
  D = district.district.id;
  teacher = await person("teacher", D, district.schools[0]!.id);
  head = await person("head", D, district.schools[1]!.id);
  methodologist = await person("methodologist", D, null);
  staff = await person("district", D, null);
  group = await person("working_group", D, null);
  otherStaff = await person("district", other.district.id, null);
  otherTeacher = await person("teacher", other.district.id, other.schools[0]!.id);
});
afterAll(async () => {
  await db?.close();
});

describe("seminars and events API", () => {
  it("request → grouping → programme → event → announce → register → .ics → attendance → materials", { timeout: 30_000 }, async () => {
    const form = await call("/api/me/seminar-requests", teacher);
    expect(form.status).toBe(200);
    expect(form.body.areas.map((area: { id: string }) => area.id)).toContain("assessment");
    expect((await call("/api/me/seminar-requests", methodologist)).status).toBe(403);

    const sent = await call("/api/me/seminar-requests", teacher, { json: { topic: "Смысловое чтение в 5 классе", text: "Приёмы работы с текстом", areas: ["literacy", "no_such_area"] } });
    expect(sent.status).toBe(200);
    expect(sent.body.request).toMatchObject({ state: "new", areas: ["literacy"], schoolId: district.schools[0]!.id });
    await call("/api/me/seminar-requests", head, { json: { topic: "смысловое чтение в 5 классе!", areas: ["literacy"] } });
    expect((await call("/api/me/seminar-requests", teacher, { json: { topic: "x" } })).status).toBe(400);

    const overview = await call(`/api/districts/${D}/seminar-requests`, methodologist);
    expect(overview.status).toBe(200);
    expect(overview.body.canEdit).toBe(true);
    expect(overview.body.groups.byTopic[0]).toMatchObject({ topic: "Смысловое чтение в 5 классе", requests: 2, schools: 2 });
    expect(JSON.stringify(overview.body)).not.toContain("Человек");
    expect(JSON.stringify(overview.body)).not.toContain(teacher.personId);
    expect(overview.body.lowTopics).toBeNull();
    const readOnly = await call(`/api/districts/${D}/seminar-requests`, group);
    expect(readOnly.status).toBe(200);
    expect(readOnly.body.canEdit).toBe(false);
    for (const who of [teacher, head, otherStaff]) expect((await call(`/api/districts/${D}/seminar-requests`, who)).status).toBe(403);

    const programmeBody = { period: "2027-H1", title: "Программа семинаров, I полугодие 2027" };
    expect((await call(`/api/districts/${D}/seminar-programmes`, group, { json: programmeBody })).status).toBe(403);
    expect((await call(`/api/districts/${D}/seminar-programmes`, methodologist, { json: { ...programmeBody, period: "2027" } })).status).toBe(400);
    const programme = (await call(`/api/districts/${D}/seminar-programmes`, methodologist, { json: programmeBody })).body.programme;
    expect(programme).toMatchObject({ period: "2027-H1", state: "draft" });
    expect((await call(`/api/seminar-programmes/${programme.id}/publish`, staff, { method: "POST" })).body.programme.state).toBe("published");

    const startsAt = new Date(Date.now() + 4 * 86_400_000);
    const eventBody = {
      kind: "seminar",
      title: "Практикум по смысловому чтению",
      startsAt: startsAt.toISOString(),
      place: "ИРО, ауд. 3; онлайн",
      capacity: 2,
      audience: { roles: ["teacher", "head"], schoolIds: null },
      programmeId: programme.id,
      requestIds: overview.body.groups.byTopic[0].requestIds,
    };
    expect((await call(`/api/districts/${D}/events`, teacher, { json: eventBody })).status).toBe(403);
    expect((await call(`/api/districts/${D}/events`, group, { json: eventBody })).status).toBe(403);
    expect((await call(`/api/districts/${D}/events`, otherStaff, { json: eventBody })).status).toBe(403);
    expect((await call(`/api/districts/${D}/events`, methodologist, { json: { ...eventBody, audience: { roles: ["teacher"], schoolIds: [other.schools[0]!.id] } } })).status).toBe(400);
    const created = await call(`/api/districts/${D}/events`, methodologist, { json: eventBody });
    expect(created.status).toBe(200);
    expect(created.body.planned).toBe(2);
    const eventId = created.body.event.id as string;

    // Not announced yet: invisible to the teacher, no registration.
    expect((await call(`/api/events/${eventId}`, teacher)).status).toBe(404);
    expect((await call(`/api/events/${eventId}/register`, teacher, { method: "POST" })).status).toBe(404);
    const announce = await call(`/api/events/${eventId}/announce`, methodologist, { method: "POST" });
    expect(announce.status).toBe(200);
    expect(announce.body.requesters).toBe(2);
    expect((await call(`/api/events/${eventId}/announce`, methodologist, { method: "POST" })).status).toBe(400);
    expect(await db.prisma.outbox.count({ where: { dedupeKey: { startsWith: `ev:plan:${eventId}:` } } })).toBe(2);
    expect(await db.prisma.seminarRequest.count({ where: { eventId, state: "planned" } })).toBe(2);

    const list = await call(`/api/districts/${D}/events`, teacher);
    expect(list.body.events.map((event: { id: string }) => event.id)).toContain(eventId);
    expect(list.body.canEdit).toBe(false);
    expect((await call(`/api/districts/${D}/events`, otherStaff)).status).toBe(403);
    expect((await call(`/api/events/${eventId}`, otherTeacher)).status).toBe(404);
    expect((await call(`/api/events/${eventId}/register`, otherTeacher, { method: "POST" })).status).toBe(404);

    const registered = await call(`/api/events/${eventId}/register`, teacher, { method: "POST" });
    expect(registered.body).toMatchObject({ outcome: "registered", sentToChat: true });
    const icsNotice = await db.prisma.outbox.findFirstOrThrow({ where: { personId: teacher.personId, dedupeKey: { startsWith: `ev:ics:${eventId}:` } } });
    expect(icsNotice).toMatchObject({ fileName: `event-${eventId}.ics`, fileMime: "text/calendar", fileKey: `events/${eventId}_ics` });
    expect((await call(`/api/events/${eventId}/register`, teacher, { method: "POST" })).body.outcome).toBe("already");
    expect((await call(`/api/events/${eventId}/register`, head, { method: "POST" })).body.outcome).toBe("registered");
    const third = await person("teacher", D, district.schools[1]!.id);
    expect((await call(`/api/events/${eventId}/register`, third, { method: "POST" })).body.outcome).toBe("full");
    expect((await call(`/api/events/${eventId}/register`, head, { method: "DELETE" })).body.cancelled).toBe(true);
    expect((await call(`/api/events/${eventId}/register`, third, { method: "POST" })).body.outcome).toBe("registered");

    const ics = await call(`/api/events/${eventId}/ics`, teacher);
    expect(ics.status).toBe(200);
    expect(ics.type).toContain("text/calendar");
    expect(ics.body).toContain(`UID:${eventId}@events.shnor`);
    expect(ics.body).toContain("LOCATION:ИРО\\, ауд. 3\\; онлайн");

    const detail = await call(`/api/events/${eventId}`, methodologist);
    expect(detail.body.registrations.filter((registration: { cancelled: boolean }) => !registration.cancelled)).toHaveLength(2);
    expect((await call(`/api/events/${eventId}`, teacher)).body.registrations).toBeNull();
    expect((await call(`/api/events/${eventId}/attendance`, teacher, { json: { marks: [{ personId: teacher.personId, attended: true }] } })).status).toBe(403);
    expect((await call(`/api/events/${eventId}/attendance`, group, { json: { marks: [{ personId: teacher.personId, attended: true }] } })).status).toBe(403);
    expect((await call(`/api/events/${eventId}/attendance`, methodologist, { json: { marks: [{ personId: otherTeacher.personId, attended: true }] } })).status).toBe(400);
    const marked = await call(`/api/events/${eventId}/attendance`, methodologist, { json: { marks: [{ personId: teacher.personId, attended: true }, { personId: third.personId, attended: false }] } });
    expect(marked.body.marked).toBe(2);
    expect((await db.prisma.eventRegistration.findFirstOrThrow({ where: { eventId, personId: third.personId } })).attended).toBe(false);

    // Materials: a link and a file, each sent to the registered (teacher and third, not the head who cancelled).
    expect((await call(`/api/events/${eventId}/materials`, staff, { json: { url: "javascript:alert(1)", title: "x" } })).status).toBe(400);
    expect((await call(`/api/events/${eventId}/materials`, teacher, { json: { url: "https://example.ru/slides", title: "Слайды" } })).status).toBe(403);
    expect((await call(`/api/events/${eventId}/materials`, staff, { json: { url: "https://example.ru/slides", title: "Слайды" } })).body.notified).toBe(2);
    const file = await call(`/api/events/${eventId}/materials/files`, methodologist, { raw: new TextEncoder().encode("%PDF-1.4 материалы"), fileName: "Материалы семинара.pdf" });
    expect(file.status).toBe(200);
    expect(file.body).toMatchObject({ index: 1, notified: 2 });
    expect((await call(`/api/events/${eventId}/materials/files`, methodologist, { raw: new TextEncoder().encode("MZ"), fileName: "virus.exe" })).status).toBe(400);
    const fileNotice = await db.prisma.outbox.findFirstOrThrow({ where: { dedupeKey: `ev:mat:${eventId}:1:${teacher.personId}` } });
    expect(fileNotice.fileName).toBe("Материалы семинара.pdf");
    expect(fileNotice.fileKey).toMatch(new RegExp(`^events/${eventId}_`));
    expect(await db.prisma.outbox.count({ where: { dedupeKey: `ev:mat:${eventId}:0:${head.personId}` } })).toBe(0);
    const download = await call(`/api/events/${eventId}/materials/1`, teacher);
    expect(download.status).toBe(200);
    expect(download.body).toContain("%PDF-1.4");
    expect((await call(`/api/events/${eventId}/materials/1`, head)).status).toBe(404);
    expect((await call(`/api/events/${eventId}/materials/0`, teacher)).status).toBe(404);
  });
});
