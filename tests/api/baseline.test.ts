// Baselines from Google Forms / Yandex Forms and the indicators in the Mini App's API (#13 §8, §9):
// a dry run writes nothing; the import writes anonymous complete responses (no person, source
// "import") into a closed baseline campaign and never stores a column that identifies a person;
// the mapping is saved and reused; the comparison and the indicators go through the release rules.
// Every route: the district's staff allowed; a head, a teacher, another district's staff refused;
// forged init data refused before anything runs.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_METHODOLOGY } from "../../core/methodology/settings.ts";
import { giveConsent, redeemInvite } from "../../core/services/onboarding.ts";
import { teacherDiagnosticV1 } from "../../core/instruments/teacher-diagnostic.ts";
import { textKey } from "../../core/baseline/mapping.ts";
import { parseAudience } from "../../core/services/campaign-audience.ts";
import { PrismaRepository } from "../../prisma/repository.ts";
import type { Database } from "../../prisma/db.ts";
import { openTestDatabase } from "../support/db.ts";
import { makeDistrict } from "../support/district.ts";
import { makeTestApi, signInitData } from "../support/api.ts";

const STAFF = 801;
const HEAD = 802;
const TEACHER = 803;
const METHODOLOGIST = 805;
const OTHER = 809;
const FORGED = "forged";

let db: Database;
let api: ReturnType<typeof makeTestApi>;
let districtId: string;
let schoolIds: string[];

const auth = (user: number | typeof FORGED) =>
  user === FORGED ? `tma ${signInitData(STAFF, { token: "123456:forged-token-of-nobody" })}` : `tma ${signInitData(user)}`;

async function call(method: "GET" | "POST" | "PUT", path: string, user: number | typeof FORGED, body?: unknown) {
  const response = await api.request(path, {
    method,
    headers: { authorization: auth(user), ...(body !== undefined ? { "content-type": "application/json" } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, body: (await response.json()) as any };
}

async function upload(user: number | typeof FORGED, query: string, content: string, fileName = "Ответы (1).csv") {
  const response = await api.request(`/api/districts/${districtId}/baselines?${query}`, {
    method: "POST",
    headers: { authorization: auth(user), "content-type": "text/csv", "x-file-name": encodeURIComponent(fileName) },
    body: new TextEncoder().encode(content) as Uint8Array<ArrayBuffer>,
  });
  return { status: response.status, body: (await response.json()) as any };
}

const QUESTIONS = teacherDiagnosticV1.questions;
const LABELS = ["Нет", "Скорее нет", "Скорее да", "Да"];
const SECRETS = ["petrova.secret@example.ru", "Петрова Секретная Ивановна", "+7 999 123-45-67"];

/** A Google Forms export of last year's diagnostic: 6 teachers of school 01, 6 of school 02 (by name), with e-mail, name and phone. */
function exportCsv(options: { unknownAnswer?: boolean } = {}): string {
  const quote = (cell: string) => (/[;"\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell);
  const header = ["Отметка времени", "Адрес электронной почты", "ФИО", "Школа", ...QUESTIONS.map((question, index) => `${index + 1}. ${question.text}`), "Телефон"];
  const lines = [header.map(quote).join(";")];
  for (let row = 0; row < 12; row++) {
    const school = row < 6 ? "01" : "МБОУ СОШ №2";
    // School 01 answers low (big deficits), school 02 high.
    const answers = QUESTIONS.map((_, index) => LABELS[row < 6 ? (index + row) % 2 : 2 + ((index + row) % 2)]!);
    if (options.unknownAnswer && row === 3) answers[0] = "Иногда";
    const secret = row === 0 ? SECRETS : [`t${row}@example.ru`, `Учитель ${row}`, `+7 900 000-00-${String(row).padStart(2, "0")}`];
    lines.push([`1${row % 3}.03.2025 10:0${row % 10}:00`, secret[0]!, secret[1]!, school, ...answers, secret[2]!].map(quote).join(";"));
  }
  return lines.join("\r\n");
}

/** Every row of every table of the database as text. */
async function everything(): Promise<string> {
  const tables = await db.prisma.$queryRawUnsafe<Array<{ table_name: string }>>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
  );
  let text = "";
  for (const { table_name } of tables) {
    const rows = await db.prisma.$queryRawUnsafe<Array<{ row: string }>>(`SELECT row_to_json(t)::text AS row FROM "${table_name}" t`);
    text += rows.map((row) => row.row).join("\n");
  }
  return text;
}

beforeAll(async () => {
  db = await openTestDatabase();
  const district = await makeDistrict(db);
  districtId = district.district.id;
  schoolIds = district.schools.map((school) => school.id);
  const other = await makeDistrict(db, { schools: 1 });
  const repo = new PrismaRepository(db.prisma);
  const deps = { repo, clock: { now: () => new Date() }, randomBytes: (size: number) => randomBytes(size), settings: DEFAULT_METHODOLOGY };
  const join = async (user: number, code: string) => {
    const { person } = await redeemInvite(deps, code, { channel: "telegram", externalId: String(user), chatId: String(user), firstName: `Человек ${user}` });
    await giveConsent(deps, person.id);
  };
  await join(STAFF, await district.invite("district", null));
  await join(HEAD, await district.invite("head", district.schools[0]!.id));
  await join(TEACHER, await district.invite("teacher", district.schools[0]!.id));
  await join(OTHER, await other.invite("district", null));
  // The institute's methodologist (district-wide, no school), as an invite of H7 makes them.
  await db.prisma.person.create({
    data: {
      displayName: "Методист",
      consentAt: new Date(),
      accounts: { create: { channel: "telegram", externalId: String(METHODOLOGIST), chatId: String(METHODOLOGIST) } },
      memberships: { create: { districtId, role: "methodologist" } },
    },
  });
  api = makeTestApi(db);
}, 60_000);
afterAll(async () => {
  await db?.close();
});

describe("базовый замер из Google Форм / Яндекс Форм", () => {
  it("проверка: что будет импортировано, без записи; чужим — отказ", async () => {
    for (const user of [OTHER, HEAD, TEACHER, METHODOLOGIST]) expect((await upload(user, "instrument=teacher_deficits&version=1", exportCsv())).status).toBe(403);
    expect((await upload(FORGED, "instrument=teacher_deficits&version=1", exportCsv())).status).toBe(401);

    const campaignsBefore = await db.prisma.campaign.count();
    const responsesBefore = await db.prisma.response.count();
    const check = await upload(STAFF, "instrument=teacher_deficits&version=1&dryRun=1", exportCsv());
    expect(check.status).toBe(200);
    expect(check.body.problems).toEqual([]);
    expect(check.body.rowsToImport).toBe(12);
    expect(check.body.schools.map((school: any) => school.responses)).toEqual([6, 6]);
    expect(check.body.window).toEqual({ from: "2025-03-10", to: "2025-03-12" });
    expect(check.body.columns.filter((column: any) => column.role === "dropped").map((column: any) => column.header)).toEqual([
      "Адрес электронной почты",
      "ФИО",
      "Телефон",
    ]);
    expect(check.body.columns.filter((column: any) => column.role === "question")).toHaveLength(QUESTIONS.length);
    for (const secret of SECRETS) expect(JSON.stringify(check.body)).not.toContain(secret);
    // The dry run wrote nothing: no campaign, no response, no mapping.
    expect(await db.prisma.campaign.count()).toBe(campaignsBefore);
    expect(await db.prisma.response.count()).toBe(responsesBefore);
    expect(await db.prisma.responseMapping.count()).toBe(0);
  });

  it("проблемы названы строкой и столбцом; импорт с проблемами отклонён целиком", async () => {
    const check = await upload(STAFF, "instrument=teacher_deficits&version=1", exportCsv({ unknownAnswer: true }));
    expect(check.status).toBe(200);
    expect(check.body.problems).toEqual([
      expect.objectContaining({ row: 5, column: `1. ${QUESTIONS[0]!.text}`, message: expect.stringContaining("«Иногда»") }),
    ]);
    expect(check.body.unknownAnswers).toEqual([{ questionId: QUESTIONS[0]!.id, key: "иногда", text: "Иногда", rows: 1 }]);
    const before = await db.prisma.response.count();
    const refused = await upload(STAFF, "instrument=teacher_deficits&version=1&dryRun=0", exportCsv({ unknownAnswer: true }));
    expect(refused.status).toBe(400);
    expect(refused.body.message).toMatch(/не импортирован/);
    expect(await db.prisma.response.count()).toBe(before);
  });

  it("сопоставление ответов сохраняется и применяется к следующей проверке", async () => {
    for (const user of [OTHER, HEAD, TEACHER]) {
      expect((await call("GET", `/api/districts/${districtId}/baselines/mapping/teacher_deficits`, user)).status).toBe(403);
      expect((await call("PUT", `/api/districts/${districtId}/baselines/mapping/teacher_deficits`, user, { mapping: {} })).status).toBe(403);
    }
    const bad = await call("PUT", `/api/districts/${districtId}/baselines/mapping/teacher_deficits`, STAFF, { mapping: { columns: { x: { questionId: "nope" } } } });
    expect(bad.status).toBe(400);
    const saved = await call("PUT", `/api/districts/${districtId}/baselines/mapping/teacher_deficits`, STAFF, {
      mapping: { answers: { [QUESTIONS[0]!.id]: { [textKey("Иногда")]: 2 } } },
    });
    expect(saved.status).toBe(200);
    expect((await call("GET", `/api/districts/${districtId}/baselines/mapping/teacher_deficits`, STAFF)).body.mapping.answers).toEqual({
      [QUESTIONS[0]!.id]: { иногда: 2 },
    });
    const check = await upload(STAFF, "instrument=teacher_deficits&version=1", exportCsv({ unknownAnswer: true }));
    expect(check.body.problems).toEqual([]);
    expect(check.body.rowsToImport).toBe(12);
  });

  it("импорт: закрытая кампания, анонимные завершённые ответы; данных о людях нет ни в одной таблице", async () => {
    const imported = await upload(STAFF, "instrument=teacher_deficits&version=1&dryRun=0", exportCsv({ unknownAnswer: true }));
    expect(imported.status).toBe(200);
    expect(imported.body.imported).toBe(12);
    const campaign = await db.prisma.campaign.findUniqueOrThrow({ where: { id: imported.body.campaignId } });
    expect(campaign.baseline).toBe(true);
    expect(campaign.closedAt).toEqual(campaign.closesAt);
    expect(campaign.closesAt.getTime()).toBeLessThan(Date.now());
    // A valid audience (H3's campaign lists parse it): the instrument's respondents in the imported schools.
    expect(parseAudience(campaign.audience)).toEqual({ roles: ["teacher"], schoolIds: [...schoolIds].sort() });
    const responses = await db.prisma.response.findMany({ where: { campaignId: campaign.id }, include: { schools: true, answers: true } });
    expect(responses).toHaveLength(12);
    for (const response of responses) {
      expect(response.personId).toBeNull();
      expect(response.classCodeId).toBeNull();
      expect(response.source).toBe("import");
      expect(response.completedAt).toEqual(campaign.closesAt);
      expect(response.schools).toHaveLength(1);
      expect(response.answers).toHaveLength(QUESTIONS.length);
    }
    // The mapped «Иногда» became 2.
    expect(responses.filter((response) => response.answers.some((answer) => answer.questionId === QUESTIONS[0]!.id && answer.value === 2)).length).toBeGreaterThan(0);
    const dump = await everything();
    // The dump does read the rows (the imported answers are in it).
    expect(dump).toContain('"source":"import"');
    for (const secret of [...SECRETS, "@example.ru", "Учитель 1", "+7 900"]) expect(dump).not.toContain(secret);

    const list = await call("GET", `/api/districts/${districtId}/baselines`, STAFF);
    expect(list.body.baselines).toEqual([expect.objectContaining({ id: campaign.id, instrumentKey: "teacher_deficits", responses: 12 })]);
    for (const user of [OTHER, HEAD, TEACHER]) expect((await call("GET", `/api/districts/${districtId}/baselines`, user)).status).toBe(403);
    expect((await call("GET", `/api/districts/${districtId}/baselines`, FORGED)).status).toBe(401);
  });

  it("сравнение с новым раундом через правила публикации; школе — только своя школа", async () => {
    const path = `/api/districts/${districtId}/baselines/compare/teacher_deficits`;
    const open = await call("GET", path, STAFF);
    expect(open.status).toBe(200);
    // The new round (the open diagnostic) is not frozen yet.
    expect(open.body.note).toMatch(/не закрыт/);
    expect(open.body.district.areas[0].baseline.hidden).toBe(false);
    expect(open.body.district.areas[0].current).toEqual({ hidden: true });

    // A closed later round: five anonymous responses at school 01 only (fewer than the minimum elsewhere).
    const instrumentId = (await db.prisma.campaign.findFirstOrThrow({ where: { districtId, baseline: false } })).instrumentId;
    const round = await db.prisma.campaign.create({
      data: { districtId, instrumentId, title: "Диагностика, осень", opensAt: new Date(Date.now() - 30 * 86_400_000), closesAt: new Date(Date.now() - 2 * 86_400_000), closedAt: new Date(Date.now() - 2 * 86_400_000) },
    });
    for (let n = 0; n < 5; n++) {
      await db.prisma.response.create({
        data: {
          campaignId: round.id,
          source: "import",
          completedAt: new Date(Date.now() - 3 * 86_400_000),
          schools: { create: { schoolId: schoolIds[0]! } },
          answers: { create: QUESTIONS.map((question) => ({ questionId: question.id, kind: "int", value: 4 })) },
        },
      });
    }
    const compared = await call("GET", path, STAFF);
    expect(compared.body.round.id).toBe(round.id);
    expect(compared.body.note).toBeNull();
    const school1 = compared.body.schools.find((row: any) => row.schoolId === schoolIds[0]);
    const area = school1.areas.find((row: any) => row.areaId === "fgos");
    // School 01 answered «Нет»/«Скорее нет» last year, «Да» now: the deficit fell.
    expect(area.baseline.hidden).toBe(false);
    expect(area.current.hidden).toBe(false);
    expect(area.current.meanDeficit.value).toBeLessThan(area.baseline.meanDeficit.value);

    const head = await call("GET", `${path}?schoolId=${schoolIds[0]}`, HEAD);
    expect(head.status).toBe(200);
    expect(head.body.district).toBeNull();
    expect(head.body.schools.map((row: any) => row.schoolId)).toEqual([schoolIds[0]]);
    expect((await call("GET", `${path}?schoolId=${schoolIds[1]}`, HEAD)).status).toBe(403);
    expect((await call("GET", path, HEAD)).status).toBe(403);
    expect((await call("GET", path, OTHER)).status).toBe(403);
    expect((await call("GET", path, FORGED)).status).toBe(401);
  });
});

describe("показатели", () => {
  it("район и методист — все школы; руководитель — своя; учитель и чужой район — отказ; меньше минимума — скрыто", async () => {
    const path = `/api/districts/${districtId}/indicators`;
    const staff = await call("GET", path, STAFF);
    expect(staff.status).toBe(200);
    expect(staff.body.schools).toHaveLength(2);
    // One teacher in the district: every cell hidden, and nothing but `hidden`.
    expect(staff.body.district.teachers).toBe(1);
    expect(staff.body.district.cells.diagnosed).toEqual({ hidden: true });
    expect(staff.body.schools[0].cells.positiveDynamics).toEqual({ hidden: true });
    const methodologist = await call("GET", path, METHODOLOGIST);
    expect(methodologist.status).toBe(200);
    expect(methodologist.body.schools).toHaveLength(2);
    expect(methodologist.body.district.teachers).toBe(1);
    const head = await call("GET", path, HEAD);
    expect(head.status).toBe(200);
    expect(head.body.district).toBeNull();
    expect(head.body.schools.map((school: any) => school.id)).toEqual([schoolIds[0]]);
    expect((await call("GET", `${path}?schoolId=${schoolIds[1]}`, HEAD)).status).toBe(403);
    expect((await call("GET", path, TEACHER)).status).toBe(403);
    expect((await call("GET", path, OTHER)).status).toBe(403);
    expect((await call("GET", path, FORGED)).status).toBe(401);
  });
});
