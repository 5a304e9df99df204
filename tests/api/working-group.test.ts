// The municipal working group in the Mini App API (#15 §7): the composition by order (one chair, one
// secretary, links to the district's people), a meeting with its agenda (members and staff told through
// the Outbox), the minutes after it (quorum, decisions into the #14 decisions log), and the approval of
// the half-year report by the minuted meeting («Протокол № N от …», once). District staff write; a
// member of the working group reads and is refused every write; a head and another district get 403.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../prisma/db.ts";
import { openTestDatabase } from "../support/db.ts";
import { makeTestApi, signInitData } from "../support/api.ts";
import { makeDistrict } from "../support/district.ts";
import { makeReportDistrict } from "../support/report-district.ts";

const STAFF = 1501;
const WG = 1502;
const HEAD = 1503;
const OTHER = 1509;
const DAY = 86_400_000;

let db: Database;
let api: ReturnType<typeof makeTestApi>;
let districtId: string;
let wgPersonId: string;
let foreignPersonId: string;
let groupId: string;
let meetingId: string;

async function call(method: "GET" | "POST" | "PUT" | "DELETE", path: string, user: number, body?: unknown) {
  const response = await api.request(path, {
    method,
    headers: { authorization: `tma ${signInitData(user)}`, ...(body !== undefined ? { "content-type": "application/json" } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, body: (await response.json()) as any };
}

/** A calendar date `days` from today in Moscow ("YYYY-MM-DD"). */
const dayFromNow = (days: number) => new Date(Date.now() + days * DAY + 3 * 3600_000).toISOString().slice(0, 10);
const dotted = (iso: string) => iso.split("-").reverse().join(".");

beforeAll(async () => {
  db = await openTestDatabase();
  const district = await makeReportDistrict(db);
  districtId = district.district.id;
  const account = (personId: string, user: number) => db.prisma.account.create({ data: { personId, channel: "telegram", externalId: String(user), chatId: String(user) } });
  await account(district.staff.id, STAFF);
  await account(district.head.id, HEAD);
  const wg = await db.prisma.person.create({ data: { displayName: "Кондрашова А.М.", consentAt: new Date(), memberships: { create: { role: "working_group", districtId } } } });
  wgPersonId = wg.id;
  await account(wg.id, WG);
  const other = await makeDistrict(db, { schools: 1 });
  const otherStaff = await db.prisma.person.create({ data: { displayName: "Чужой РУО", consentAt: new Date(), memberships: { create: { role: "district", districtId: other.district.id } } } });
  foreignPersonId = otherStaff.id;
  await account(otherStaff.id, OTHER);
  api = makeTestApi(db);
}, 60_000);
afterAll(async () => {
  await db?.close();
});

const members = () => [
  { name: "Тимков А.В.", position: "начальник управления образования", role: "chair" },
  { name: "Кондрашова А.М.", position: "заместитель начальника", role: "deputy", personId: wgPersonId },
  { name: "Бибенина О.А.", position: "заведующий РМК", role: "secretary" },
  { name: "Кукушко О.В.", position: "методист", role: "member" },
  { name: "Козлова Т.Б.", position: "заместитель директора МБОУ СОШ №1", role: "member" },
];

describe("муниципальная рабочая группа: API", () => {
  it("состав по приказу: ровно один руководитель, не больше одного секретаря, привязка только к участникам района", async () => {
    const path = `/api/districts/${districtId}/working-group/groups`;
    const group = { orderRef: "Приказ РУО № 45", orderDate: "2026-09-01", members: members() };
    for (const user of [WG, HEAD, OTHER]) expect((await call("POST", path, user, group)).status).toBe(403);
    const twoChairs = await call("POST", path, STAFF, { ...group, members: members().map((member) => ({ ...member, role: member.role === "deputy" ? "chair" : member.role })) });
    expect(twoChairs.status).toBe(400);
    expect(twoChairs.body.message).toContain("ровно один руководитель");
    const twoSecretaries = await call("POST", path, STAFF, { ...group, members: members().map((member) => ({ ...member, role: member.role === "member" ? "secretary" : member.role })) });
    expect(twoSecretaries.body.message).toContain("секретарь в составе может быть только один");
    const foreign = await call("POST", path, STAFF, { ...group, members: members().map((member, index) => (index === 3 ? { ...member, personId: foreignPersonId } : member)) });
    expect([foreign.status, foreign.body.message]).toEqual([400, expect.stringContaining("участника этого района")]);

    const saved = await call("POST", path, STAFF, group);
    expect(saved.status).toBe(201);
    groupId = saved.body.group.id;
    expect(saved.body.group.members.map((member: any) => [member.role, member.personId])).toEqual([
      ["chair", null],
      ["deputy", wgPersonId],
      ["secretary", null],
      ["member", null],
      ["member", null],
    ]);
    // #14's page sends no personId and no secretary: the link and the secretary of the same names stay.
    const legacy = members().map(({ personId: _drop, ...member }) => ({ ...member, role: member.role === "secretary" ? "member" : member.role }));
    const viaReports = await call("PUT", `/api/districts/${districtId}/working-groups/${groupId}`, STAFF, { ...group, members: legacy });
    expect(viaReports.status).toBe(200);
    expect(viaReports.body.group.members.map((member: any) => [member.role, member.personId])).toEqual([
      ["chair", null],
      ["deputy", wgPersonId],
      ["secretary", null],
      ["member", null],
      ["member", null],
    ]);

    const asMember = await call("GET", `/api/districts/${districtId}/working-group`, WG);
    expect(asMember.status).toBe(200);
    expect(asMember.body.canEdit).toBe(false);
    expect(asMember.body.people).toEqual([]);
    expect(asMember.body.groups[0].members[2]).toMatchObject({ name: "Бибенина О.А.", role: "secretary" });
    const asStaff = await call("GET", `/api/districts/${districtId}/working-group`, STAFF);
    expect(asStaff.body.canEdit).toBe(true);
    expect(asStaff.body.people.map((person: any) => person.name)).toContain("Кондрашова А.М.");
    for (const user of [HEAD, OTHER]) expect((await call("GET", `/api/districts/${districtId}/working-group`, user)).status).toBe(403);
  });

  it("заседание с повесткой: член группы и сотрудники РУО получают уведомление; протокол — только после заседания", async () => {
    const path = `/api/districts/${districtId}/working-group/meetings`;
    const meeting = {
      workingGroupId: groupId,
      number: "3",
      date: dayFromNow(7),
      time: "14:30",
      place: "МКУ «Управление образования», каб. 12",
      agenda: [
        { title: "Об эффективности мер поддержки ШНОР за II полугодие", speaker: "Бибенина О.А." },
        { title: "О плане работы школ-кураторов", speaker: "" },
      ],
    };
    expect((await call("POST", path, WG, meeting)).status).toBe(403);
    const noAgenda = await call("POST", path, STAFF, { ...meeting, agenda: [] });
    expect([noAgenda.status, noAgenda.body.message]).toEqual([400, "Не сохранено: Повестка: добавьте хотя бы один вопрос повестки."]);
    const badTime = await call("POST", path, STAFF, { ...meeting, time: "25:00" });
    expect(badTime.body.message).toContain("Время: укажите время в виде ЧЧ:ММ");

    const created = await call("POST", path, STAFF, meeting);
    expect(created.status).toBe(201);
    meetingId = created.body.meeting.id;
    expect(created.body.meeting).toMatchObject({ number: "3", date: meeting.date, time: "14:30", state: "planned", agenda: [meeting.agenda[0], { title: "О плане работы школ-кураторов", speaker: null }] });
    const notices = await db.prisma.outbox.findMany({ where: { dedupeKey: { startsWith: `wg:plan:${meetingId}:` } } });
    expect(notices.map((notice) => notice.personId)).toEqual([wgPersonId]);
    expect(notices[0]!.text).toContain("Повестка:\n1. Об эффективности мер поддержки ШНОР за II полугодие (докладчик: Бибенина О.А.)\n2. О плане работы школ-кураторов");
    expect(notices[0]!.text).toContain("14:30, МКУ «Управление образования», каб. 12");

    const early = await call("POST", `${path}/${meetingId}/minutes`, STAFF, { present: [0, 1, 2], decisions: [] });
    expect([early.status, early.body.error]).toEqual([400, "invalid"]);
    const moved = await call("PUT", `${path}/${meetingId}`, STAFF, { ...meeting, date: dayFromNow(-2) });
    expect(moved.status).toBe(200);
    expect((await call("PUT", `${path}/${meetingId}`, WG, meeting)).status).toBe(403);
    expect((await call("GET", `${path}/${meetingId}`, WG)).body.meeting.date).toBe(dayFromNow(-2));
    expect((await call("GET", `${path}/${meetingId}`, HEAD)).status).toBe(403);
  });

  it("протокол: кворум больше половины; решения попадают в журнал управленческих решений; второй раз — 409", async () => {
    const path = `/api/districts/${districtId}/working-group/meetings/${meetingId}/minutes`;
    const decisions = [
      { text: "Направить учителей ШНОР на КПК по критериям оценивания ВПР", responsible: "Кукушко О.В.", dueOn: "2027-02-01", kind: "activating" },
      { text: "Провести выездные проектные сессии в школах-кураторах", responsible: "Бибенина О.А." },
    ];
    const noQuorum = await call("POST", path, STAFF, { present: [0, 1], decisions });
    expect([noQuorum.status, noQuorum.body.message]).toEqual([400, "Нет кворума: присутствуют 2 из 5, нужно больше половины (не меньше 3). Решения такого заседания не принимаются."]);
    expect((await call("POST", path, STAFF, { present: [0, 9], decisions })).status).toBe(400);
    expect((await call("POST", path, WG, { present: [0, 1, 2], decisions })).status).toBe(403);

    const recorded = await call("POST", path, STAFF, { present: [3, 0, 2], decisions });
    expect(recorded.status).toBe(200);
    expect(recorded.body.meeting.state).toBe("held");
    expect(recorded.body.meeting.attendance).toMatchObject({ total: 5, quorum: true });
    expect(recorded.body.meeting.attendance.present.map((member: any) => member.name)).toEqual(["Тимков А.В.", "Бибенина О.А.", "Кукушко О.В."]);
    expect(recorded.body.meeting.minutes.map((item: any) => [item.responsible, item.dueOn, typeof item.decisionId])).toEqual([
      ["Кукушко О.В.", "2027-02-01", "string"],
      ["Бибенина О.А.", null, "string"],
    ]);
    expect((await call("POST", path, STAFF, { present: [0, 1, 2], decisions })).status).toBe(409);

    const log = await call("GET", `/api/districts/${districtId}/decisions`, STAFF);
    const mine = log.body.decisions.filter((decision: any) => decision.meetingId === meetingId);
    const rows = mine.map((decision: any) => [decision.docType, decision.docNumber, decision.docDate, decision.kind, decision.title]).sort((a: string[], b: string[]) => a[4]!.localeCompare(b[4]!));
    expect(rows).toEqual([
      ["protocol", "3", dayFromNow(-2), "activating", decisions[0]!.text],
      ["protocol", "3", dayFromNow(-2), "organising", decisions[1]!.text],
    ]);
    expect(mine[0].note).toContain("Ответственный:");
    const minutesNotice = await db.prisma.outbox.findUnique({ where: { dedupeKey: `wg:min:${meetingId}:${wgPersonId}` } });
    expect(minutesNotice?.text).toContain(`Протокол № 3 от ${dotted(dayFromNow(-2))}`);
    expect(minutesNotice?.text).toContain("Присутствовали 3 из 5 членов — кворум есть");
    expect((await call("DELETE", `/api/districts/${districtId}/working-group/meetings/${meetingId}`, STAFF)).status).toBe(409);
  });

  it("утверждение справки за полугодие решением заседания: дата заседания, «Протокол № 3 от …», запись в журнале; один раз", async () => {
    const report = await call("POST", `/api/districts/${districtId}/reports`, STAFF, { period: "2026-H2" });
    const reportId = report.body.report.id;
    const planned = await call("POST", `/api/districts/${districtId}/working-group/meetings`, STAFF, {
      workingGroupId: groupId,
      number: "4",
      date: dayFromNow(30),
      agenda: [{ title: "О дорожной карте" }],
    });
    const early = await call("POST", `/api/districts/${districtId}/working-group/meetings/${planned.body.meeting.id}/approve-report`, STAFF, { reportId });
    expect([early.status, early.body.message]).toEqual([409, "Справку утверждают на состоявшемся заседании: сначала запишите протокол."]);
    const path = `/api/districts/${districtId}/working-group/meetings/${meetingId}/approve-report`;
    expect((await call("POST", path, WG, { reportId })).status).toBe(403);
    expect((await call("POST", path, STAFF, { reportId: "NOT AN ID" })).status).toBe(400);

    const approved = await call("POST", path, STAFF, { reportId });
    expect(approved.status).toBe(200);
    const meeting = (await call("GET", `/api/districts/${districtId}/working-group/meetings/${meetingId}`, WG)).body.meeting;
    expect(approved.body.report).toMatchObject({ approvalRef: `Протокол № 3 от ${dotted(dayFromNow(-2))}`, workingGroupId: groupId, meetingId, approvedAt: meeting.heldOn });
    expect(meeting.minutes.at(-1)).toMatchObject({ text: "Утвердить аналитическую справку об эффективности принятых мер за II полугодие 2026 года", reportId });
    const full = await call("GET", `/api/districts/${districtId}/reports/${reportId}`, STAFF);
    expect(full.body.report.approvalRef).toBe(`Протокол № 3 от ${dotted(dayFromNow(-2))}`);
    const log = await call("GET", `/api/districts/${districtId}/decisions`, STAFF);
    const approval = log.body.decisions.find((decision: any) => decision.id === meeting.minutes.at(-1).decisionId);
    expect(approval).toMatchObject({ meetingId, docType: "protocol", kind: "controlling", docNumber: "3" });
    expect((await call("POST", path, STAFF, { reportId })).status).toBe(409);
    const overview = await call("GET", `/api/districts/${districtId}/working-group`, WG);
    expect(overview.body.reports.find((item: any) => item.id === reportId)).toMatchObject({ meetingId, approvalRef: expect.stringContaining("Протокол № 3") });
    expect(await db.prisma.outbox.count({ where: { dedupeKey: `wg:rep:${meetingId}:${reportId}:${wgPersonId}` } })).toBe(1);
    // A member reads the report they approved (the same export as #14's); a head does not.
    const file = await api.request(`/api/districts/${districtId}/working-group/reports/${reportId}/report.xlsx`, { headers: { authorization: `tma ${signInitData(WG)}` } });
    expect([file.status, file.headers.get("content-disposition")]).toEqual([200, expect.stringContaining("spravka-2026-H2.xlsx")]);
    expect((await file.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    expect((await api.request(`/api/districts/${districtId}/working-group/reports/${reportId}/report.xlsx`, { headers: { authorization: `tma ${signInitData(HEAD)}` } })).status).toBe(403);
  });
});
