// One count everywhere (#11 §1): the demo printout, `campaign list` and the Mini App's district page
// show the same figures, each person once per district (the demo has teachers in two schools).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { campaignList, cliContext } from "../../cli/commands.ts";
import { generateDemoDistrict, type DemoDistrict } from "../../prisma/demo-data.ts";
import type { Database } from "../../prisma/db.ts";
import { openTestDatabase } from "../support/db.ts";
import { makeTestApi } from "../support/api.ts";

let db: Database;
let demo: DemoDistrict;
const printed: string[] = [];

beforeAll(async () => {
  db = await openTestDatabase();
  demo = await generateDemoDistrict(db.prisma, { seed: 11, schools: 4, teachers: 30, instruments: false, onProgress: (line) => printed.push(line) });
});
afterAll(async () => {
  await db?.close();
});

describe("одни и те же числа в демо, CLI и Mini App", () => {
  it("педагог двух школ считается в районе один раз", async () => {
    expect(demo.counts.teachersInTwoSchools).toBe(2);
    const api = makeTestApi(db, { demo: true });
    const response = await api.request(`/api/districts/${demo.districtId}/completion`, {
      headers: { authorization: `demo ${demo.districtStaff.personId}` },
    });
    expect(response.status).toBe(200);
    const page = (await response.json()) as any;
    // 32 memberships, 30 people.
    expect(page.schools.reduce((sum: number, school: any) => sum + school.total, 0)).toBe(32);
    expect(page.total.total).toBe(30);
    expect(page.total.completed).toBe(demo.counts.completed);
    expect(page.total.notJoined).toBe(0);

    const listed = await campaignList(cliContext(db.prisma), { district: demo.districtId });
    expect(listed.campaigns[0]).toMatchObject({ completed: page.total.completed, teachers: page.total.total, notJoined: 0 });
    expect(listed.activeTeachers).toBe(page.total.total);

    const line = printed.find((text) => text.startsWith("Ответы:"))!;
    expect(line).toContain(`завершили ${page.total.completed} из ${page.total.total};`);
    expect(line).toContain(`подключились, не закончили — ${page.total.unfinished}`);

    // The demo's first press: its made-up people have no chat, and the answer says exactly that —
    // not «already reminded today».
    const first = await api.request(`/api/districts/${demo.districtId}/remind`, {
      method: "POST",
      headers: { authorization: `demo ${demo.districtStaff.personId}` },
    });
    expect(await first.json()).toEqual({ enqueued: 0, notJoined: 0, noConsent: 0, unreachable: page.total.unfinished, alreadyToday: 0 });
  });
});
