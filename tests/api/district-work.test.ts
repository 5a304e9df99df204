// District work in the Mini App (#11 §2): campaigns, schools and members through the same use cases
// as the CLI, each route refused to other roles, other schools' heads and other districts' staff.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../prisma/db.ts";
import { openTestDatabase } from "../support/db.ts";
import { makeDistrict } from "../support/district.ts";
import { ChatUser, FakeTelegram, makeTestBot } from "../support/telegram.ts";
import { makeTestApi, signInitData } from "../support/api.ts";

let db: Database;
let api: ReturnType<typeof makeTestApi>;
let districtId: string;
let campaignId: string;
let schools: Array<{ id: string; name: string }>;

const call = async (method: "GET" | "POST", path: string, userId: number, body?: unknown) => {
  const response = await api.request(path, {
    method,
    headers: { authorization: `tma ${signInitData(userId)}`, ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, body: (await response.json()) as any };
};

/** District staff 1; head 2 and teacher 3 of school 1; staff 9 of another district. */
const STAFF = 1;
const HEAD = 2;
const TEACHER = 3;
const OTHER = 9;
const outsiders = [HEAD, TEACHER, OTHER];

beforeAll(async () => {
  db = await openTestDatabase();
  const district = await makeDistrict(db);
  districtId = district.district.id;
  campaignId = district.campaign.id;
  schools = district.schools;
  const telegram = new FakeTelegram();
  const bot = makeTestBot(db, telegram);
  const join = async (id: number, code: string) => {
    const user = new ChatUser(bot, telegram, id, `Человек ${id}`);
    await user.send(`/start ${code}`);
    await user.press("Согласен(на)");
  };
  await join(STAFF, await district.invite("district", null));
  await join(HEAD, await district.invite("head", schools[0]!.id));
  await join(TEACHER, await district.invite("teacher", schools[0]!.id));
  const other = await makeDistrict(db, { schools: 1 });
  await join(OTHER, await other.invite("district", null));
  api = makeTestApi(db);
});
afterAll(async () => {
  await db?.close();
});

const teacherMembership = async () =>
  (await db.prisma.membership.findFirstOrThrow({ where: { role: "teacher", active: true, person: { accounts: { some: { externalId: String(TEACHER) } } } } }));

describe("работа района в Mini App", () => {
  it("кампании: список, закрыть, открыть — только сотрудник РУО своего района", async () => {
    for (const user of outsiders) {
      expect((await call("GET", `/api/districts/${districtId}/campaigns`, user)).status).toBe(403);
      expect((await call("POST", `/api/campaigns/${campaignId}/close`, user)).status).toBe(403);
      expect((await call("POST", `/api/districts/${districtId}/campaigns`, user, { days: 10 })).status).toBe(403);
    }
    const listed = await call("GET", `/api/districts/${districtId}/campaigns`, STAFF);
    expect(listed.status).toBe(200);
    expect(listed.body.campaigns).toHaveLength(1);
    expect(listed.body.campaigns[0]).toMatchObject({ status: "open", teachers: 1, completed: 0, unfinished: 1, notJoined: 0 });

    const closed = await call("POST", `/api/campaigns/${campaignId}/close`, STAFF);
    expect(closed).toMatchObject({ status: 200, body: { was: "open" } });
    expect((await db.prisma.campaign.findUniqueOrThrow({ where: { id: campaignId } })).closesAt.getTime()).toBeLessThanOrEqual(Date.now());

    expect((await call("POST", `/api/districts/${districtId}/campaigns`, STAFF, { days: 0 })).status).toBe(400);
    const opened = await call("POST", `/api/districts/${districtId}/campaigns`, STAFF, { days: 14 });
    expect(opened.status).toBe(200);
    expect(opened.body.overlapping).toEqual([]);
    const campaigns = (await call("GET", `/api/districts/${districtId}/campaigns`, STAFF)).body.campaigns;
    expect(campaigns.map((row: any) => row.status)).toEqual(["open", "closed"]);
    expect((await call("POST", `/api/campaigns/nosuchcampaign/close`, STAFF)).status).toBe(404);
  });

  it("школы и сотрудники: список — только своему району", async () => {
    for (const user of outsiders) {
      expect((await call("GET", `/api/districts/${districtId}/schools`, user)).status).toBe(403);
      expect((await call("GET", `/api/districts/${districtId}/members?school=${schools[0]!.id}`, user)).status).toBe(403);
    }
    const listed = await call("GET", `/api/districts/${districtId}/schools`, STAFF);
    expect(listed.body.schools.map((school: any) => [school.name, school.teachers, school.heads])).toEqual([
      ["МБОУ СОШ №1", 1, 1],
      ["МБОУ СОШ №2", 0, 0],
    ]);
    const members = await call("GET", `/api/districts/${districtId}/members?school=${schools[0]!.id}`, STAFF);
    expect(members.body.members.map((member: any) => member.role).sort()).toEqual(["head", "teacher"]);
    expect((await call("GET", `/api/districts/${districtId}/members?school=bad-id!`, STAFF)).status).toBe(400);
  });

  it("перевести, добавить школу, отключить — только сотрудник РУО своего района", async () => {
    const membership = await teacherMembership();
    for (const user of outsiders) {
      expect((await call("POST", `/api/memberships/${membership.id}/move`, user, { school: schools[1]!.id })).status).toBe(403);
      expect((await call("POST", `/api/memberships/${membership.id}/deactivate`, user)).status).toBe(403);
      expect(
        (await call("POST", `/api/people/${membership.personId}/schools`, user, { school: schools[1]!.id, role: "teacher", district: districtId })).status,
      ).toBe(403);
    }
    expect(await db.prisma.membership.count({ where: { personId: membership.personId, active: true } })).toBe(1);

    const moved = await call("POST", `/api/memberships/${membership.id}/move`, STAFF, { school: schools[1]!.id });
    expect(moved).toMatchObject({ status: 200, body: { from: { id: schools[0]!.id }, to: { id: schools[1]!.id } } });
    const added = await call("POST", `/api/people/${membership.personId}/schools`, STAFF, { school: schools[0]!.id, role: "teacher", district: districtId });
    expect(added).toMatchObject({ status: 200, body: { alreadyMember: false } });
    const active = await db.prisma.membership.findMany({ where: { personId: membership.personId, active: true }, select: { schoolId: true } });
    expect(active.map((row) => row.schoolId).sort()).toEqual([schools[0]!.id, schools[1]!.id].sort());

    const again = await teacherMembership();
    expect((await call("POST", `/api/memberships/${again.id}/deactivate`, STAFF)).status).toBe(200);
    expect((await call("POST", `/api/memberships/nosuchmembership/deactivate`, STAFF)).status).toBe(404);
    // A move into another district's school is refused with the reason.
    const refused = await call("POST", `/api/memberships/${(await teacherMembership()).id}/move`, STAFF, { school: "nosuchschool" });
    expect(refused.status).toBe(404);
    expect(refused.body.message).not.toMatch(/--|npm|cli/);
  });
});
