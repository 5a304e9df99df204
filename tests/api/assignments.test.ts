// Assignments and school-curator pairs in the Mini App API (#15 §2): district staff (and a regional
// operator) assign, end, pair and unpair; the working group reads only; heads, teachers, mentors and
// another district's staff are refused. The access is a Membership made and ended with the assignment
// or the pair; a head who joins the curator school later gets it on the next look; curator candidates
// come from the latest identification; "my schools" shows both sides and the shared roadmap events.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schoolYearOf } from "../../core/management/school-year.ts";
import type { Database } from "../../prisma/db.ts";
import { PrismaIdentificationRepository } from "../../prisma/identification.ts";
import { PrismaAdminRepository } from "../../prisma/admin.ts";
import { PrismaRepository } from "../../prisma/repository.ts";
import { createInvites } from "../../core/services/invites.ts";
import { randomBytes } from "node:crypto";
import { openTestDatabase } from "../support/db.ts";
import { makeDistrict } from "../support/district.ts";
import { makeTestApi, signInitData } from "../support/api.ts";

let db: Database;
let api: ReturnType<typeof makeTestApi>;
let nextUser = 63_000;
type Who = { userId: number; personId: string };

async function call(path: string, who: Who, init: { method?: string; json?: unknown } = {}) {
  const headers: Record<string, string> = { authorization: `tma ${signInitData(who.userId)}` };
  if (init.json !== undefined) headers["content-type"] = "application/json";
  const response = await api.request(path, {
    method: init.method ?? (init.json !== undefined ? "POST" : "GET"),
    headers,
    body: init.json !== undefined ? JSON.stringify(init.json) : undefined,
  });
  return { status: response.status, body: (await response.json()) as any };
}

async function person(role: string, districtId: string, schoolId: string | null, name?: string): Promise<Who> {
  const userId = nextUser++;
  const created = await db.prisma.person.create({
    data: {
      displayName: name ?? `Человек ${userId}`,
      consentAt: new Date(),
      accounts: { create: { channel: "telegram", externalId: String(userId), chatId: String(userId) } },
      memberships: { create: { role, districtId, schoolId } },
    },
  });
  return { userId, personId: created.id };
}

// Days as the district counts them (Europe/Moscow): between 21:00 and 24:00 UTC Moscow is a day ahead.
const moscowDay = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Moscow" });
const iso = (days: number) => moscowDay.format(new Date(Date.now() + days * 86_400_000));
const active = (personId: string, role: string, schoolId: string) => db.prisma.membership.findMany({ where: { personId, role, schoolId, active: true } });

let A: string, B: string, s1: string, s2: string, s3: string, s4: string, foreignSchool: string;
let staff: Who, regional: Who, group: Who, head1: Who, head3: Who, teacher: Who, otherStaff: Who, mentor: Who, curator: Who, invitedMentor: Who;

beforeAll(async () => {
  db = await openTestDatabase();
  api = makeTestApi(db);
  const district = await makeDistrict(db, { schools: 4 });
  const other = await makeDistrict(db, { schools: 1 });
  A = district.district.id;
  B = other.district.id;
  [s1, s2, s3, s4] = district.schools.map((school) => school.id) as [string, string, string, string];
  foreignSchool = other.schools[0]!.id;
  staff = await person("district", A, null);
  regional = await person("regional", A, null);
  group = await person("working_group", A, null);
  head1 = await person("head", A, s1, "Ирина Петровна");
  head3 = await person("head", A, s3, "Олег Иванович");
  teacher = await person("teacher", A, s1);
  otherStaff = await person("district", B, null);
  mentor = await person("mentor", A, null, "Анна Наставник");
  curator = await person("curator", A, null, "Павел Куратор");
  // Invited straight to school 1 as a mentor before any assignment.
  invitedMentor = await person("mentor", A, s1, "Вера Приглашённая");
});
afterAll(async () => {
  await db?.close();
});

const assignment = (overrides: Record<string, unknown> = {}) => ({ personId: mentor.personId, schoolId: s1, kind: "mentor", startsOn: iso(-1), ...overrides });

describe("закрепления: API", () => {
  let mentorAssignment: string;

  it("POST: РУО закрепляет наставника за школой — появляется членство с origin, уходят уведомления; чужим — 403", async () => {
    const created = await call(`/api/districts/${A}/assignments`, staff, { json: assignment({ endsOn: iso(200) }) });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    expect(created.body.assignment).toMatchObject({ kind: "mentor", schoolId: s1, plannedVisits: 3, status: "active", personName: "Анна Наставник" });
    mentorAssignment = created.body.assignment.id;
    const [membership] = await active(mentor.personId, "mentor", s1);
    expect(membership!.origin).toBe(`assignment:${mentorAssignment}`);
    expect((await db.prisma.assignment.findUnique({ where: { id: mentorAssignment } }))!.membershipId).toBe(membership!.id);
    const notices = await db.prisma.outbox.findMany({ where: { dedupeKey: { startsWith: `nw-asg:${mentorAssignment}:` } } });
    expect(notices.map((row) => row.personId).sort()).toEqual([mentor.personId, head1.personId].sort());
    expect(notices.find((row) => row.personId === mentor.personId)!.text).toContain("как наставник");

    for (const who of [group, head1, teacher, otherStaff, mentor]) {
      const refused = await call(`/api/districts/${A}/assignments`, who, { json: assignment({ schoolId: s2 }) });
      expect(refused.status, String(who.userId)).toBe(403);
    }
    expect(await db.prisma.assignment.count()).toBe(1);
  });

  it("POST: повтор, школа чужого района, человек не из района и неверное тело — 400 по-русски", async () => {
    const again = await call(`/api/districts/${A}/assignments`, staff, { json: assignment() });
    expect(again.status).toBe(400);
    expect(again.body.message).toContain("уже закреплён");
    const foreign = await call(`/api/districts/${A}/assignments`, staff, { json: assignment({ schoolId: foreignSchool }) });
    expect(foreign.body.message).toBe("Школа не из этого района.");
    const outsider = await call(`/api/districts/${A}/assignments`, staff, { json: assignment({ personId: otherStaff.personId, schoolId: s2 }) });
    expect(outsider.status).toBe(400);
    expect(outsider.body.field).toBe("personId");
    const bad = await call(`/api/districts/${A}/assignments`, staff, { json: assignment({ kind: "boss", endsOn: "2020-01-01", plannedVisits: -1 }) });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain("Роль: выберите значение из списка");
    expect(bad.body.message).toContain("Визитов в год по плану");
    const backwards = await call(`/api/districts/${A}/assignments`, staff, { json: assignment({ schoolId: s2, endsOn: "2020-01-01" }) });
    expect(backwards.body.message).toBe("Не сохранено: Окончание: окончание раньше начала.");
  });

  it("региональный оператор закрепляет в районе; приглашённый в школу наставник сохраняет доступ после окончания закрепления", async () => {
    const created = await call(`/api/districts/${A}/assignments`, regional, { json: assignment({ personId: invitedMentor.personId, plannedVisits: 5 }) });
    expect(created.status).toBe(200);
    const memberships = await active(invitedMentor.personId, "mentor", s1);
    expect(memberships).toHaveLength(1);
    expect(memberships[0]!.origin).toBeNull();
    const ended = await call(`/api/assignments/${created.body.assignment.id}/end`, staff, { json: {} });
    expect(ended.status).toBe(200);
    expect(ended.body.assignment.status).toBe("ended");
    expect(await active(invitedMentor.personId, "mentor", s1)).toHaveLength(1);
  });

  it("GET: список по школе и по человеку; рабочая группа читает (canEdit false), учитель и чужой РУО — 403", async () => {
    await call(`/api/districts/${A}/assignments`, staff, { json: assignment({ personId: curator.personId, kind: "curator", schoolId: s2 }) });
    const bySchool = await call(`/api/districts/${A}/assignments?schoolId=${s2}`, group);
    expect(bySchool.status).toBe(200);
    expect(bySchool.body.canEdit).toBe(false);
    expect(bySchool.body.assignments.map((row: any) => row.personName)).toEqual(["Павел Куратор"]);
    const byPerson = await call(`/api/districts/${A}/assignments?personId=${mentor.personId}`, staff);
    expect(byPerson.body.canEdit).toBe(true);
    expect(byPerson.body.assignments.map((row: any) => row.id)).toEqual([mentorAssignment]);
    const withEnded = await call(`/api/districts/${A}/assignments?ended=1`, staff);
    expect(withEnded.body.assignments).toHaveLength(3);
    expect((await call(`/api/districts/${A}/assignments?ended=yes`, staff)).status).toBe(400);
    for (const who of [teacher, head1, otherStaff, mentor]) expect((await call(`/api/districts/${A}/assignments`, who)).status).toBe(403);
    const options = await call(`/api/districts/${A}/assignment-options`, group);
    expect(options.status).toBe(200);
    expect(options.body.people.map((row: any) => row.name)).toContain("Анна Наставник");
    expect(options.body.schools).toHaveLength(4);
    expect((await call(`/api/districts/${A}/assignment-options`, teacher)).status).toBe(403);
  });

  it("окончание: только РУО своего района; рабочей группе — 403, чужому — 404; членство заканчивается ровно одно", async () => {
    expect((await call(`/api/assignments/${mentorAssignment}/end`, group, { json: {} })).status).toBe(403);
    expect((await call(`/api/assignments/${mentorAssignment}/end`, otherStaff, { json: {} })).status).toBe(404);
    expect((await call(`/api/assignments/${mentorAssignment}/end`, head1, { json: {} })).status).toBe(404);
    const ended = await call(`/api/assignments/${mentorAssignment}/end`, staff, { json: {} });
    expect(ended.status).toBe(200);
    expect(ended.body.assignment.endsOn).toBe(iso(0));
    expect(await active(mentor.personId, "mentor", s1)).toHaveLength(0);
    expect(await active(invitedMentor.personId, "mentor", s1)).toHaveLength(1);
    expect((await call(`/api/assignments/${mentorAssignment}/end`, staff, { json: {} })).body.message).toBe("Уже завершено.");
  });

  it("закрепление с прошедшей датой окончания заканчивается при чтении списка вместе с доступом", async () => {
    const created = await call(`/api/districts/${A}/assignments`, staff, { json: assignment({ schoolId: s4, startsOn: iso(-30) }) });
    expect(created.status).toBe(200);
    // The period is shortened behind the API's back: its last day was yesterday.
    await db.prisma.assignment.update({ where: { id: created.body.assignment.id }, data: { endsOn: new Date(`${iso(-1)}T00:00:00Z`) } });
    expect(await active(mentor.personId, "mentor", s4)).toHaveLength(1);
    const list = await call(`/api/districts/${A}/assignments?ended=1`, group);
    expect(list.body.assignments.find((row: any) => row.id === created.body.assignment.id).status).toBe("ended");
    expect(await active(mentor.personId, "mentor", s4)).toHaveLength(0);
  });
});

describe("пары «школа — школа-куратор»: API", () => {
  let pairId: string;

  it("кандидаты в кураторы — из последнего выявления, с причинами; ШНОР — первыми среди поддерживаемых", async () => {
    const ident = new PrismaIdentificationRepository(db.prisma);
    const methodology = (await ident.addMethodology({ districtId: A, version: 1, settings: {}, at: new Date(), createdById: null }))!;
    const school = (schoolId: string, flags: Record<string, boolean>) => ({
      schoolId,
      schoolCode: "x",
      schoolName: "x",
      resultsIndex: null,
      socialIndex: null,
      cluster: null,
      shnor: false,
      shnsu: false,
      dynamics: null,
      proposeExclusion: false,
      resilient: false,
      curatorCandidate: false,
      deficitFlags: [],
      lowTasks: [],
      explanation: { resultsInputs: [], socialInputs: [], checks: flags.curatorCandidate ? [{ rule: "curator", passed: true, text: "три года в верхней трети" }] : [] },
      ...flags,
    });
    await ident.saveRun({
      districtId: A,
      year: 2026,
      methodologyId: methodology.id,
      methodologyVersion: 1,
      at: new Date(),
      createdById: null,
      summary: { clusters: { failing: 1, effective: 1, deprived: 0, resilient: 1 }, shnor: 1, shnsu: 0, entered: [], left: [], warnings: [] },
      output: {
        year: 2026,
        schools: [school(s1, { shnor: true }), school(s2, { resilient: true }), school(s3, { curatorCandidate: true })] as never,
        clusters: { failing: 1, effective: 1, deprived: 0, resilient: 1 },
        districtLowTasks: [],
        warnings: [],
      },
    });
    const candidates = await call(`/api/districts/${A}/pair-candidates`, group);
    expect(candidates.status).toBe(200);
    expect(candidates.body.year).toBe(2026);
    expect(candidates.body.curators.map((row: any) => row.schoolId)).toEqual([s3, s2, s4]);
    expect(candidates.body.curators[0].reasons[0]).toBe("Кандидат в школы-кураторы (выявление 2026): три года в верхней трети");
    expect(candidates.body.curators[1].reasons[0]).toContain("Резильентная школа");
    expect(candidates.body.supported[0]).toMatchObject({ schoolId: s1, reasons: ["ШНОР по выявлению 2026"] });
    expect((await call(`/api/districts/${A}/pair-candidates`, head1)).status).toBe(403);
  });

  it("пара даёт каждому руководителю школы-куратора роль curator_head в поддерживаемой школе; уведомления обеим сторонам", async () => {
    expect((await call(`/api/districts/${A}/pairs`, group, { json: { supportedSchoolId: s1, curatorSchoolId: s3, startsOn: iso(0) } })).status).toBe(403);
    const same = await call(`/api/districts/${A}/pairs`, staff, { json: { supportedSchoolId: s1, curatorSchoolId: s1, startsOn: iso(0) } });
    expect(same.body.message).toContain("не может курировать саму себя");
    const created = await call(`/api/districts/${A}/pairs`, staff, { json: { supportedSchoolId: s1, curatorSchoolId: s3, startsOn: iso(0), endsOn: iso(300) } });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    pairId = created.body.pair.id;
    expect(created.body.pair.curatorHeads.map((head: any) => head.name)).toEqual(["Олег Иванович"]);
    const [membership] = await active(head3.personId, "curator_head", s1);
    expect(membership!.origin).toBe(`pair:${pairId}`);
    const notices = await db.prisma.outbox.findMany({ where: { dedupeKey: { startsWith: `nw-pair:${pairId}:` } } });
    expect(notices.map((row) => row.personId).sort()).toEqual([head1.personId, head3.personId].sort());
    const again = await call(`/api/districts/${A}/pairs`, staff, { json: { supportedSchoolId: s1, curatorSchoolId: s3, startsOn: iso(0) } });
    expect(again.body.message).toBe("Такая пара уже действует.");
    const reverse = await call(`/api/districts/${A}/pairs`, staff, { json: { supportedSchoolId: s3, curatorSchoolId: s2, startsOn: iso(0) } });
    expect(reverse.status).toBe(400);
  });

  it("«мои школы»: наставник, руководитель и руководитель школы-куратора видят друг друга и общие мероприятия; педагогу — 403", async () => {
    await call(`/api/districts/${A}/assignments`, staff, { json: assignment({ endsOn: iso(100) }) });
    const roadmap = await db.prisma.roadmap.create({
      data: { districtId: A, schoolId: s1, scopeKey: s1, schoolYear: schoolYearOf(new Date(), "Europe/Moscow"), title: "Дорожная карта" },
    });
    const event = (number: string, title: string, executorsText: string | null, position: number) =>
      db.prisma.roadmapEvent.create({ data: { roadmapId: roadmap.id, section: "methodical", number, position, title, dueOn: new Date(`${iso(10 + position)}T00:00:00Z`), executorsText } });
    await event("1.1", "Выездная проектная сессия", "РУО, кураторы", 1);
    await event("1.2", "Приказ о комиссии", "РУО", 2);
    const mine = await event("1.3", "Анализ ВПР", "ОО", 3);
    await db.prisma.roadmapExecutor.create({ data: { eventId: mine.id, personId: mentor.personId } });

    const seen = await call(`/api/me/network`, mentor);
    expect(seen.status).toBe(200);
    const school = seen.body.schools.find((row: any) => row.schoolId === s1);
    expect(school.me[0]).toMatchObject({ role: "mentor", plannedVisits: 3 });
    expect(school.heads.map((head: any) => head.name)).toEqual(["Ирина Петровна"]);
    expect(school.curatorSchools[0]).toMatchObject({ schoolId: s3, heads: ["Олег Иванович"] });
    expect(school.events.items.map((row: any) => [row.number, row.mine])).toEqual([
      ["1.1", false],
      ["1.3", true],
    ]);

    const head = await call(`/api/me/network`, head1);
    const own = head.body.schools.find((row: any) => row.schoolId === s1);
    expect(own.me).toEqual([{ role: "head" }]);
    // The invited mentor's assignment was ended: only the running one is a supporter.
    expect(own.supporters.map((row: any) => [row.kind, row.name])).toEqual([["mentor", "Анна Наставник"]]);
    expect(own.curatorSchools.map((row: any) => row.name)).toEqual(["МБОУ СОШ №3"]);

    const curatorHead = await call(`/api/me/network`, head3);
    expect(curatorHead.body.schools.map((row: any) => row.schoolId)).toEqual([s1, s3]);
    expect(curatorHead.body.schools[0].me[0]).toMatchObject({ role: "curator_head", curatorSchoolName: "МБОУ СОШ №3" });

    for (const who of [teacher, staff, group]) expect((await call(`/api/me/network`, who)).status).toBe(403);
  });

  it("руководитель, пришедший в школу-куратор позже, получает доступ при первом взгляде; ушедший — теряет", async () => {
    const newHead = await person("head", A, s3, "Новый Руководитель");
    expect(await active(newHead.personId, "curator_head", s1)).toHaveLength(0);
    const seen = await call(`/api/me/network`, newHead);
    expect(seen.status).toBe(200);
    expect(await active(newHead.personId, "curator_head", s1)).toHaveLength(1);
    expect(await db.prisma.outbox.count({ where: { dedupeKey: `nw-pair:${pairId}:${newHead.personId}` } })).toBe(1);
    // The old head leaves the curator school: the district's list of pairs syncs.
    await db.prisma.membership.updateMany({ where: { personId: head3.personId, role: "head" }, data: { active: false, endedAt: new Date() } });
    const pairs = await call(`/api/districts/${A}/pairs`, group);
    expect(pairs.status).toBe(200);
    expect(pairs.body.pairs[0].curatorHeads.map((head: any) => head.name)).toEqual(["Новый Руководитель"]);
    expect(await active(head3.personId, "curator_head", s1)).toHaveLength(0);
  });

  it("окончание пары снимает роль curator_head; рабочей группе и чужому РУО — отказ", async () => {
    expect((await call(`/api/pairs/${pairId}/end`, group, { json: {} })).status).toBe(403);
    expect((await call(`/api/pairs/${pairId}/end`, otherStaff, { json: {} })).status).toBe(404);
    const ended = await call(`/api/pairs/${pairId}/end`, staff, { json: {} });
    expect(ended.status).toBe(200);
    expect(ended.body.pair.status).toBe("ended");
    expect(await db.prisma.membership.count({ where: { origin: `pair:${pairId}`, active: true } })).toBe(0);
    expect((await call(`/api/districts/${A}/pairs`, staff)).body.pairs).toHaveLength(0);
    expect((await call(`/api/districts/${A}/pairs?ended=1`, staff)).body.pairs).toHaveLength(1);
  });
});

describe("приглашения новых ролей (CLI и приложение: createInvites)", () => {
  it("куратор и тьютор — на район или в школу; рабочая группа и региональный — без школы; curator_head — нет", async () => {
    const ctx = { admin: new PrismaAdminRepository(db.prisma), repo: new PrismaRepository(db.prisma), clock: { now: () => new Date() }, randomBytes: (size: number) => randomBytes(size) };
    const bots = { telegram: "shnor_test_bot", max: null };
    const toDistrict = await createInvites(ctx, null, { district: A, role: "curator", bots });
    expect(toDistrict.school).toBeNull();
    expect((await db.prisma.invite.findUniqueOrThrow({ where: { code: toDistrict.invites[0]!.code } })).schoolId).toBeNull();
    const toSchool = await createInvites(ctx, null, { district: A, role: "tutor", school: s2, bots });
    expect(toSchool.school?.id).toBe(s2);
    expect((await createInvites(ctx, null, { district: A, role: "regional", bots })).invites).toHaveLength(1);
    await expect(createInvites(ctx, null, { district: A, role: "working_group", school: s1, bots })).rejects.toThrow("роль working_group (");
    await expect(createInvites(ctx, null, { district: A, role: "curator_head", school: s1, bots })).rejects.toThrow("не выдаётся приглашением");
    await expect(createInvites(ctx, null, { district: A, role: "teacher", bots })).rejects.toThrow("нужна школа");
  });
});
