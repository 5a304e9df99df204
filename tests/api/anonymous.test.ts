// The Mini App API of anonymous respondents (#13): the district's staff for every school of the
// campaign, a head for their own school; teachers, other schools' heads and other districts refused.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import type { Database } from "../../prisma/db.ts";
import { giveConsent, redeemInvite } from "../../core/services/onboarding.ts";
import { normalizeClassCode, hashClassCode } from "../../core/services/anonymous.ts";
import { openTestDatabase } from "../support/db.ts";
import { makeDistrict } from "../support/district.ts";
import { makeTestApi, signInitData } from "../support/api.ts";
import { openParentCampaign } from "../support/anonymous.ts";

let db: Database;
let app: ReturnType<typeof makeTestApi>;
let campaignId: string;
let diagnosticId: string;
let schoolA: string;
let schoolB: string;
const STAFF = 9101;
const HEAD_A = 9102;
const TEACHER_A = 9103;
const OTHER_STAFF = 9104;

beforeAll(async () => {
  db = await openTestDatabase();
  app = makeTestApi(db);
  const made = await makeDistrict(db);
  const other = await makeDistrict(db, { schools: 1 });
  schoolA = made.schools[0]!.id;
  schoolB = made.schools[1]!.id;
  diagnosticId = made.campaign.id;
  campaignId = (await openParentCampaign(db, made.district.id)).id;
  const deps = { repo: made.repo, clock: { now: () => new Date() }, randomBytes: (size: number) => randomBytes(size) };
  const join = async (id: number, code: string) => {
    const { person } = await redeemInvite(deps, code, { channel: "telegram", externalId: String(id), chatId: String(id) });
    await giveConsent(deps, person.id);
  };
  await join(STAFF, await made.invite("district", null));
  await join(HEAD_A, await made.invite("head", schoolA));
  await join(TEACHER_A, await made.invite("teacher", schoolA));
  await join(OTHER_STAFF, await other.invite("district", null));
});
afterAll(async () => {
  await db?.close();
});

const call = async (method: string, path: string, userId: number | null, body?: unknown) => {
  const headers: Record<string, string> = userId ? { authorization: `tma ${signInitData(userId)}` } : {};
  if (body !== undefined) headers["content-type"] = "application/json";
  return app.request(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
};

describe("API ссылок и кодов классов", () => {
  it("список опросов родителей и учеников: РУО и руководитель видят опрос своей школы, без опросов педагогов; учитель и чужой район — пусто", async () => {
    const list = async (userId: number) => ((await (await call("GET", "/api/anonymous/campaigns", userId)).json()) as any).campaigns.map((c: any) => c.id);
    expect(await list(STAFF)).toEqual([campaignId]);
    expect(await list(HEAD_A)).toEqual([campaignId]);
    expect(await list(TEACHER_A)).toEqual([]);
    expect(await list(OTHER_STAFF)).toEqual([]);
    expect((await call("GET", "/api/anonymous/campaigns", null)).status).toBe(401);
  });

  it("обзор: РУО видит все школы опроса, руководитель — свою; учитель и чужой район — 403, без init data — 401", async () => {
    const staff = await call("GET", `/api/campaigns/${campaignId}/anonymous`, STAFF);
    expect(staff.status).toBe(200);
    const body = (await staff.json()) as any;
    expect(body.campaign).toMatchObject({ id: campaignId, audience: "parent", open: true });
    expect(body.schools.map((school: any) => school.id).sort()).toEqual([schoolA, schoolB].sort());
    const head = (await (await call("GET", `/api/campaigns/${campaignId}/anonymous`, HEAD_A)).json()) as any;
    expect(head.schools.map((school: any) => school.id)).toEqual([schoolA]);
    expect((await call("GET", `/api/campaigns/${campaignId}/anonymous`, TEACHER_A)).status).toBe(403);
    expect((await call("GET", `/api/campaigns/${campaignId}/anonymous`, OTHER_STAFF)).status).toBe(403);
    expect((await call("GET", `/api/campaigns/${campaignId}/anonymous`, null)).status).toBe(401);
    expect((await call("GET", `/api/campaigns/nosuchcampaign/anonymous`, STAFF)).status).toBe(404);
  });

  it("ссылка школы: одна на школу, веб-адрес, ссылки ботов и QR; руководитель — только своей школы", async () => {
    const first = await call("POST", `/api/campaigns/${campaignId}/schools/${schoolA}/link`, HEAD_A);
    expect(first.status).toBe(200);
    const body = (await first.json()) as any;
    expect(body.link.token).toMatch(/^[a-z0-9]{16}$/);
    expect(body.link.webUrl).toBe(`http://localhost/s/${body.link.token}`);
    expect(body.link.telegram).toBe(`https://t.me/shnor_test_bot?start=q-${body.link.token}`);
    expect(body.link.max).toBe(`https://max.ru/id7700000000_bot?start=q-${body.link.token}`);
    expect(body.qrSvg).toContain("<svg");
    const again = (await (await call("POST", `/api/campaigns/${campaignId}/schools/${schoolA}/link`, STAFF)).json()) as any;
    expect(again.link.token).toBe(body.link.token);
    expect((await call("POST", `/api/campaigns/${campaignId}/schools/${schoolB}/link`, HEAD_A)).status).toBe(403);
    expect((await call("POST", `/api/campaigns/${campaignId}/schools/${schoolA}/link`, TEACHER_A)).status).toBe(403);
    expect((await call("POST", `/api/campaigns/${campaignId}/schools/${schoolA}/link`, OTHER_STAFF)).status).toBe(403);
    const png = await call("GET", `/api/campaigns/${campaignId}/schools/${schoolB}/qr.png`, STAFF);
    expect(png.status).toBe(200);
    expect(png.headers.get("content-type")).toBe("image/png");
    expect((await call("GET", `/api/campaigns/${campaignId}/schools/${schoolB}/qr.png`, TEACHER_A)).status).toBe(403);
    // The teacher diagnostic is answered by members: no link.
    const staffOnly = await call("POST", `/api/campaigns/${diagnosticId}/schools/${schoolA}/link`, STAFF);
    expect(staffOnly.status).toBe(400);
    expect(((await staffOnly.json()) as any).message).toContain("ссылка и коды классов для неё не нужны");
  });

  it("коды классов: лист HTML и XLSX показывают коды один раз, в базе только отпечатки; счётчики без имён", async () => {
    const sheet = await call("POST", `/api/campaigns/${campaignId}/schools/${schoolA}/class-codes`, HEAD_A, {
      classes: [
        { label: " 5А ", count: 3 },
        { label: "6 «Б»", count: 2 },
      ],
    });
    expect(sheet.status).toBe(200);
    expect(sheet.headers.get("content-type")).toContain("text/html");
    expect(decodeURIComponent(sheet.headers.get("content-disposition") ?? "")).toContain("Коды опроса — МБОУ СОШ №1");
    const html = await sheet.text();
    const printed = [...html.matchAll(/<div class="code">([A-Z0-9-]+)<\/div>/g)].map((match) => match[1]!);
    expect(printed).toHaveLength(5);
    expect(html).toContain("6 «Б» — 2 кода");
    expect(html).toContain("/s/");
    const stored = await db.prisma.classCode.findMany({ where: { campaignId, schoolId: schoolA } });
    expect(stored).toHaveLength(5);
    const hashes = new Set(stored.map((row) => row.codeHash));
    for (const code of printed) {
      expect(hashes.has(await hashClassCode(normalizeClassCode(code)!))).toBe(true);
      expect(JSON.stringify(stored)).not.toContain(code.replace("-", ""));
    }

    const xlsx = await call("POST", `/api/campaigns/${campaignId}/schools/${schoolB}/class-codes`, STAFF, { classes: [{ label: "9В", count: 2 }], format: "xlsx" });
    expect(xlsx.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await xlsx.arrayBuffer());
    const rows = book.worksheets[0]!.getSheetValues().filter(Boolean) as unknown[][];
    expect(rows.filter((row) => row[1] === "9В")).toHaveLength(2);

    const overview = (await (await call("GET", `/api/campaigns/${campaignId}/anonymous`, STAFF)).json()) as any;
    const a = overview.schools.find((school: any) => school.id === schoolA);
    expect(a).toMatchObject({ issued: 5, used: 0, classes: [{ label: "5А", issued: 3, used: 0 }, { label: "6 «Б»", issued: 2, used: 0 }] });
    expect(JSON.stringify(overview)).not.toMatch(/[A-Z0-9]{4}-[A-Z0-9]{4}/);

    expect((await call("POST", `/api/campaigns/${campaignId}/schools/${schoolB}/class-codes`, HEAD_A, { classes: [{ label: "1А", count: 1 }] })).status).toBe(403);
    expect((await call("POST", `/api/campaigns/${campaignId}/schools/${schoolA}/class-codes`, TEACHER_A, { classes: [{ label: "1А", count: 1 }] })).status).toBe(403);
    expect((await call("POST", `/api/campaigns/${campaignId}/schools/${schoolA}/class-codes`, OTHER_STAFF, { classes: [{ label: "1А", count: 1 }] })).status).toBe(403);
    const tooMany = await call("POST", `/api/campaigns/${campaignId}/schools/${schoolA}/class-codes`, STAFF, { classes: [{ label: "1А", count: 500 }] });
    expect(tooMany.status).toBe(400);
    const badLabel = await call("POST", `/api/campaigns/${campaignId}/schools/${schoolA}/class-codes`, STAFF, { classes: [{ label: "   ", count: 2 }] });
    expect(badLabel.status).toBe(400);
    expect(((await badLabel.json()) as any).message).toContain("Название класса");
    expect(await db.prisma.classCode.count({ where: { campaignId, classLabel: "1А" } })).toBe(0);
  });
});
