// Identification in the Mini App's API (#12 §4, §11): the data upload (check, then import), templates,
// the run, the scatter's data, lists with filters, official lists, the school card and the methodology.
// Every route: district staff of the district allowed; staff of another district, a head (except their
// own school's card), a teacher refused; forged init data refused before anything runs.
import { randomBytes } from "node:crypto";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp, type ApiDeps } from "../../miniapp/api/app.ts";
import type { IdentificationApiDeps } from "../../miniapp/api/routes/identification.ts";
import { DEFAULT_METHODOLOGY } from "../../core/methodology/settings.ts";
import { giveConsent, redeemInvite } from "../../core/services/onboarding.ts";
import { PrismaAdminRepository } from "../../prisma/admin.ts";
import { PrismaIdentificationRepository } from "../../prisma/identification.ts";
import { PrismaRepository } from "../../prisma/repository.ts";
import type { Database } from "../../prisma/db.ts";
import { openTestDatabase } from "../support/db.ts";
import { makeDistrict } from "../support/district.ts";
import { signInitData } from "../support/api.ts";
import { MAX_TEST_TOKEN, TEST_TOKEN } from "../support/telegram.ts";
import { surveysContext } from "../../prisma/surveys.ts";

/** District staff; the head of school 01; the head of school 02; a teacher of school 01; staff of another district. */
const STAFF = 101;
const HEAD = 102;
const HEAD2 = 103;
const TEACHER = 104;
const OTHER = 109;
const FORGED = "forged";

let db: Database;
let api: ReturnType<typeof createApp>;
let districtId: string;
let schoolIds: Record<string, string>;

const YEARS = [2024, 2025, 2026];
/** Six schools: 01 and 02 exist; 03–06 come with the first file. Results rise with the number, social wellbeing alternates. */
const SCHOOLS = [1, 2, 3, 4, 5, 6].map((n) => ({ code: `0${n}`, name: `МБОУ СОШ №${n}` }));

/** A results CSV in the template's titles: ЕГЭ and ОГЭ in Russian and mathematics, three years. */
export function resultsCsv(): string {
  const lines = ["Код ОО;Название ОО;Год;Процедура;Класс;Предмет;Участники;Средний балл;Доля «2»;Доля «5»"];
  for (const year of YEARS) {
    for (const [index, school] of SCHOOLS.entries()) {
      const shift = (year - 2024) * (index === 0 ? -2 : 1);
      for (const [assessment, grade, base] of [["ЕГЭ", 11, 50], ["ОГЭ", 9, 3]] as const) {
        for (const subject of ["русский язык", "математика"]) {
          const mean = assessment === "ЕГЭ" ? base + index * 5 + shift : base + index * 0.3 + shift * 0.05;
          lines.push([school.code, school.name, year, assessment, grade, subject, 20 + index, String(mean.toFixed(2)).replace(".", ","), "5", "10"].join(";"));
        }
      }
    }
  }
  return lines.join("\r\n");
}

/** Social rows: odd schools in hard conditions (more families without higher education, a small school). */
export function socialCsv(): string {
  const lines = ["Код ОО;Название ОО;Год;Всего обучающихся;Оба родителя без высшего образования;Родители безработные;На учете;Малокомплектная"];
  for (const year of YEARS) {
    for (const [index, school] of SCHOOLS.entries()) {
      const hard = index % 2 === 0;
      lines.push([school.code, school.name, year, 200, hard ? 120 - index : 30 + index, hard ? 20 : 4, hard ? 8 : 1, hard ? "да" : "нет"].join(";"));
    }
  }
  return lines.join("\r\n");
}

const auth = (user: number | typeof FORGED) =>
  user === FORGED ? `tma ${signInitData(STAFF, { token: "123456:forged-token-of-nobody" })}` : `tma ${signInitData(user)}`;

async function call(method: "GET" | "POST" | "PUT", path: string, user: number | typeof FORGED, body?: unknown) {
  const response = await api.request(path, {
    method,
    headers: { authorization: auth(user), ...(body !== undefined ? { "content-type": "application/json" } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const type = response.headers.get("content-type") ?? "";
  return { status: response.status, body: type.includes("json") ? ((await response.json()) as any) : null, response };
}

async function upload(user: number | typeof FORGED, query: string, content: string | Uint8Array, fileName = "Результаты 2024–2026.csv") {
  const response = await api.request(`/api/districts/${districtId}/data?${query}`, {
    method: "POST",
    headers: { authorization: auth(user), "content-type": "application/octet-stream", "x-file-name": encodeURIComponent(fileName) },
    body: (typeof content === "string" ? new TextEncoder().encode(content) : content) as Uint8Array<ArrayBuffer>,
  });
  return { status: response.status, body: (await response.json()) as any };
}

/** Refused for everyone but the district's staff: 403 for people, 401 for forged init data. */
async function expectStaffOnly(method: "GET" | "POST" | "PUT", path: string, body?: unknown) {
  for (const user of [OTHER, HEAD, TEACHER]) {
    const refused = await call(method, path, user, body);
    expect(refused.status, `${method} ${path} as ${user}`).toBe(403);
    expect(refused.body.message).toMatch(/[а-я]/);
  }
  expect((await call(method, path, FORGED, body)).status).toBe(401);
}

beforeAll(async () => {
  db = await openTestDatabase();
  const district = await makeDistrict(db);
  districtId = district.district.id;
  const other = await makeDistrict(db, { schools: 1 });
  const repo = new PrismaRepository(db.prisma);
  const deps = { repo, clock: { now: () => new Date() }, randomBytes: (size: number) => randomBytes(size), settings: DEFAULT_METHODOLOGY };
  const join = async (user: number, code: string) => {
    const { person } = await redeemInvite(deps, code, { channel: "telegram", externalId: String(user), chatId: String(user), firstName: `Человек ${user}` });
    await giveConsent(deps, person.id);
  };
  await join(STAFF, await district.invite("district", null));
  await join(HEAD, await district.invite("head", district.schools[0]!.id));
  await join(HEAD2, await district.invite("head", district.schools[1]!.id));
  await join(TEACHER, await district.invite("teacher", district.schools[0]!.id));
  await join(OTHER, await other.invite("district", null));
  const apiDeps: ApiDeps & IdentificationApiDeps = {
    repo,
    admin: new PrismaAdminRepository(db.prisma),
    ident: new PrismaIdentificationRepository(db.prisma),
    surveys: surveysContext(db.prisma),
    clock: { now: () => new Date() },
    settings: DEFAULT_METHODOLOGY,
    tokens: { telegram: TEST_TOKEN, max: MAX_TEST_TOKEN },
    botUsername: () => "shnor_test_bot",
    initDataMaxAgeSeconds: 24 * 3600,
    demo: false,
    health: async () => ({ database: "ok", kind: db.kind }),
    log: { error: (obj) => console.error(obj) },
  };
  api = createApp(apiDeps);
}, 60_000);
afterAll(async () => {
  await db?.close();
});

describe("выявление ШНОР и ШНСУ в API Mini App", () => {
  it("загрузка: проверка без записи, затем загрузка целиком; чужим — отказ до чтения файла", async () => {
    for (const user of [OTHER, HEAD, TEACHER]) expect((await upload(user, "kind=results&dryRun=1", resultsCsv())).status).toBe(403);
    expect((await upload(FORGED, "kind=results&dryRun=1", resultsCsv())).status).toBe(401);

    const checked = await upload(STAFF, "kind=results&dryRun=1", resultsCsv());
    expect(checked.status).toBe(200);
    expect(checked.body).toMatchObject({ kind: "results", ok: true, schools: 6, years: YEARS, problems: [] });
    expect(checked.body.newSchools.map((school: any) => school.code)).toEqual(["03", "04", "05", "06"]);
    expect(await db.prisma.school.count({ where: { districtId } })).toBe(2);

    const imported = await upload(STAFF, "kind=results&dryRun=0", resultsCsv());
    expect(imported).toMatchObject({ status: 200, body: { ok: true, written: true } });
    expect(await db.prisma.school.count({ where: { districtId } })).toBe(6);
    // X-File-Name comes percent-encoded (headers carry no Cyrillic) and is stored as the person named it.
    const stored = await db.prisma.identificationData.findFirstOrThrow({ where: { districtId, kind: "results" } });
    expect(stored.fileName).toBe("Результаты 2024–2026.csv");
    const social = await upload(STAFF, "kind=auto&dryRun=0", socialCsv(), "Социальные данные.csv");
    expect(social).toMatchObject({ status: 200, body: { kind: "social", ok: true, written: true } });
    schoolIds = Object.fromEntries((await db.prisma.school.findMany({ where: { districtId } })).map((school) => [school.code!, school.id]));
  });

  it("файл с ошибками: ошибки по листу, строке и столбцу на русском, ничего не записано", async () => {
    const broken = resultsCsv().replace(/;20;50,00;/, ";двадцать;50,00;");
    const result = await upload(STAFF, "kind=results&dryRun=0", broken, "Результаты с ошибкой.csv");
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ ok: false, written: false });
    expect(result.body.problems.length).toBeGreaterThan(0);
    expect(result.body.problems[0]).toMatchObject({ sheet: expect.any(String), row: expect.any(Number), message: expect.stringMatching(/[а-я]/) });
  });

  it("загрузка: без имени файла, пустой файл, неизвестный вид и слишком большой файл — понятный отказ", async () => {
    const noName = await api.request(`/api/districts/${districtId}/data?kind=results&dryRun=1`, {
      method: "POST",
      headers: { authorization: auth(STAFF) },
      body: new TextEncoder().encode(resultsCsv()),
    });
    expect(noName.status).toBe(400);
    expect(((await noName.json()) as any).message).toMatch(/имя файла/);
    const badName = await api.request(`/api/districts/${districtId}/data?kind=results&dryRun=1`, {
      method: "POST",
      headers: { authorization: auth(STAFF), "x-file-name": "%D0%A0%D0" },
      body: new TextEncoder().encode(resultsCsv()),
    });
    expect(badName.status).toBe(400);
    expect((await upload(STAFF, "kind=results&dryRun=1", "")).body.message).toMatch(/пустой/);
    expect((await upload(STAFF, "kind=pictures&dryRun=1", resultsCsv())).status).toBe(400);
    const big = await upload(STAFF, "kind=results&dryRun=1", new Uint8Array(20 * 1024 * 1024 + 1));
    expect(big.status).toBe(413);
    expect(big.body.message).toMatch(/МБ/);
  });

  it("шаблоны: XLSX для каждого вида — только сотрудникам РУО района", async () => {
    for (const kind of ["results", "items", "social", "official-list"]) {
      const template = await call("GET", `/api/districts/${districtId}/data/template/${kind}`, STAFF);
      expect(template.status).toBe(200);
      expect(template.response.headers.get("content-type")).toContain("spreadsheetml");
      expect(template.response.headers.get("content-disposition")).toMatch(/filename\*=UTF-8''/);
      const zip = await JSZip.loadAsync(new Uint8Array(await template.response.arrayBuffer()));
      expect(zip.file("xl/workbook.xml")).toBeTruthy();
    }
    expect((await call("GET", `/api/districts/${districtId}/data/template/pictures`, STAFF)).status).toBe(400);
    await expectStaffOnly("GET", `/api/districts/${districtId}/data/template/results`);
  });

  it("запуск выявления и данные для диаграммы: точки школ, кластеры, годы", async () => {
    await expectStaffOnly("POST", `/api/districts/${districtId}/identification/run`, { year: 2026 });
    expect((await call("POST", `/api/districts/${districtId}/identification/run`, STAFF, { year: "скоро" })).status).toBe(400);

    const run = await call("POST", `/api/districts/${districtId}/identification/run`, STAFF, { year: 2026 });
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({ year: 2026, methodologyVersion: 1 });
    expect(Object.values(run.body.clusters as Record<string, number>).reduce((sum, n) => sum + n, 0)).toBe(6);

    await expectStaffOnly("GET", `/api/districts/${districtId}/identification?year=2026`);
    const view = await call("GET", `/api/districts/${districtId}/identification?year=2026`, STAFF);
    expect(view.status).toBe(200);
    expect(view.body.years).toEqual(YEARS);
    expect(view.body.run.runId).toBe(run.body.runId);
    expect(view.body.run.schools).toHaveLength(6);
    for (const school of view.body.run.schools) {
      expect(school.schoolId).toBe(schoolIds[school.schoolCode]);
      expect(typeof school.resultsIndex).toBe("number");
      expect(typeof school.socialIndex).toBe("number");
      // The explanation travels with the card only.
      expect(school.explanation).toBeUndefined();
    }
    // The best results in good conditions are "effective"; the lowest in hard conditions "deprived".
    const byCode = Object.fromEntries(view.body.run.schools.map((school: any) => [school.schoolCode, school]));
    expect(byCode["06"].cluster).toBe("effective");
    expect(byCode["01"].cluster).toBe("deprived");

    const none = await call("GET", `/api/districts/${districtId}/identification?year=2023`, STAFF);
    expect(none).toMatchObject({ status: 200, body: { run: null, years: YEARS } });
    expect((await call("GET", `/api/districts/${districtId}/identification?year=двадцать`, STAFF)).status).toBe(400);
  });

  it("списки с фильтрами: кластер, список, динамика", async () => {
    await expectStaffOnly("GET", `/api/districts/${districtId}/identification/lists?year=2026`);
    const all = await call("GET", `/api/districts/${districtId}/identification/lists?year=2026`, STAFF);
    expect(all.body.schools).toHaveLength(6);
    const deprived = await call("GET", `/api/districts/${districtId}/identification/lists?year=2026&cluster=deprived`, STAFF);
    expect(deprived.body.schools.length).toBeGreaterThan(0);
    expect(deprived.body.schools.every((school: any) => school.cluster === "deprived")).toBe(true);
    const shnsu = await call("GET", `/api/districts/${districtId}/identification/lists?year=2026&list=shnsu`, STAFF);
    expect(shnsu.body.schools.every((school: any) => school.shnsu)).toBe(true);
    // Dynamics is the change of the (relative) index: school 01 falls behind every year.
    const codes = (schools: any[]) => schools.map((school) => school.schoolCode);
    const falling = await call("GET", `/api/districts/${districtId}/identification/lists?year=2026&dynamics=down`, STAFF);
    expect(codes(falling.body.schools)).toContain("01");
    expect(codes(falling.body.schools)).toEqual(codes(all.body.schools.filter((school: any) => school.dynamics < 0)));
    const rising = await call("GET", `/api/districts/${districtId}/identification/lists?year=2026&dynamics=up`, STAFF);
    expect(rising.body.schools.length).toBeGreaterThan(0);
    expect(codes(rising.body.schools)).toEqual(codes(all.body.schools.filter((school: any) => school.dynamics > 0)));
    const both = await call("GET", `/api/districts/${districtId}/identification/lists?year=2026&cluster=deprived&list=shnsu`, STAFF);
    expect(codes(both.body.schools)).toEqual(codes(all.body.schools.filter((school: any) => school.cluster === "deprived" && school.shnsu)));
    expect((await call("GET", `/api/districts/${districtId}/identification/lists?cluster=lucky`, STAFF)).status).toBe(400);
  });

  it("карточка школы: РУО — любая школа района, руководитель — только своя; педагог и чужой район — нет", async () => {
    const card = await call("GET", `/api/schools/${schoolIds["01"]}/card`, STAFF);
    expect(card.status).toBe(200);
    expect(card.body.school).toMatchObject({ id: schoolIds["01"], code: "01" });
    expect(card.body.run.year).toBe(2026);
    expect(card.body.identification.schoolCode).toBe("01");
    expect(card.body.why.length).toBeGreaterThan(0);
    expect(card.body.identification.explanation.checks.length).toBeGreaterThan(0);
    expect(card.body.identification.explanation.resultsInputs.length).toBeGreaterThan(0);
    for (const sentence of card.body.why) expect(sentence).toMatch(/[А-Яа-я]/);
    expect(card.body.history.map((row: any) => row.year)).toEqual([2026]);

    expect(card.body.curator).toEqual({ innovationPlatform: null, headCompetence: null, headMotivation: null });

    const own = await call("GET", `/api/schools/${schoolIds["01"]}/card?year=2026`, HEAD);
    expect(own.status).toBe(200);
    expect(own.body.identification.schoolCode).toBe("01");
    // The district's own judgement of the head is not shown to the head.
    expect(own.body.curator).toBeNull();
    for (const [user, school] of [[HEAD, "02"], [HEAD2, "01"], [TEACHER, "01"], [OTHER, "01"]] as const) {
      const refused = await call("GET", `/api/schools/${schoolIds[school]}/card`, user);
      expect(refused.status, `${user} → ${school}`).toBe(403);
      expect(refused.body.message).toMatch(/[а-я]/);
    }
    expect((await call("GET", `/api/schools/${schoolIds["01"]}/card`, FORGED)).status).toBe(401);
    expect((await call("GET", `/api/schools/nosuchschool/card`, STAFF)).status).toBe(404);
  });

  it("признаки школы-куратора ставит РУО своего района; руководитель и другие — нет", async () => {
    const path = `/api/schools/${schoolIds["06"]}/curator-flags`;
    for (const user of [HEAD, HEAD2, TEACHER, OTHER]) expect((await call("PUT", path, user, { headCompetence: true })).status).toBe(403);
    expect((await call("PUT", path, FORGED, { headCompetence: true })).status).toBe(401);
    expect((await call("PUT", path, STAFF, { headCompetence: "да" })).status).toBe(400);
    expect((await call("PUT", path, STAFF, {})).status).toBe(400);
    const set = await call("PUT", path, STAFF, { innovationPlatform: true, headCompetence: true, headMotivation: false });
    expect(set).toMatchObject({ status: 200, body: { schoolId: schoolIds["06"], innovationPlatform: true, headCompetence: true, headMotivation: false } });
    const card = await call("GET", `/api/schools/${schoolIds["06"]}/card`, STAFF);
    expect(card.body.curator).toEqual({ innovationPlatform: true, headCompetence: true, headMotivation: false });
  });

  it("список сверху: загрузка с реквизитами и сравнение с рассчитанным", async () => {
    const list = ["Код ОО;Название ОО", "01;МБОУ СОШ №1", "04;МБОУ СОШ №4"].join("\r\n");
    // Without details (a CSV has no «Реквизиты» sheet): the check names what is missing, nothing is written.
    const noDetails = await upload(STAFF, "kind=official-list&dryRun=0", list, "Список ШНОР.csv");
    expect(noDetails).toMatchObject({ status: 200, body: { ok: false, written: false } });
    expect(noDetails.body.problems.map((problem: any) => problem.message).join(" ")).toMatch(/реквизиты/);
    const badDate = await upload(STAFF, "kind=official-list&dryRun=1&date=12.03.2026", list, "Список ШНОР.csv");
    expect(badDate.status).toBe(400);
    expect(badDate.body.message).toMatch(/ГГГГ-ММ-ДД/);
    const details = new URLSearchParams({ kind: "official-list", dryRun: "0", listKind: "shnor", listYear: "2026", source: "Министерство образования области", number: "01-21/347", date: "2026-03-12" });
    const imported = await upload(STAFF, details.toString(), list, "Список ШНОР.csv");
    expect(imported).toMatchObject({ status: 200, body: { kind: "official-list", ok: true, written: true } });

    await expectStaffOnly("GET", `/api/districts/${districtId}/identification/official?year=2026&kind=shnor`);
    const compared = await call("GET", `/api/districts/${districtId}/identification/official?year=2026&kind=shnor`, STAFF);
    expect(compared.status).toBe(200);
    expect(compared.body.list).toMatchObject({ source: "Министерство образования области", documentNumber: "01-21/347", documentDate: "2026-03-12" });
    const named = [...compared.body.both, ...compared.body.onlyOfficial].map((item: any) => item.schoolCode).sort();
    expect(named).toEqual(["01", "04"]);
    for (const item of [...compared.body.both, ...compared.body.onlyComputed, ...compared.body.onlyOfficial]) expect(item.why).toMatch(/[а-я]/);
    expect((await call("GET", `/api/districts/${districtId}/identification/official?year=2026&kind=top`, STAFF)).status).toBe(400);

    const card = await call("GET", `/api/schools/${schoolIds["04"]}/card`, STAFF);
    expect(card.body.official).toEqual([
      { kind: "shnor", source: "Министерство образования области", documentNumber: "01-21/347", documentDate: "2026-03-12", listed: true },
    ]);
  });

  it("сервер без хранилища выявления отвечает 503 с причиной, а не выдуманными цифрами", async () => {
    const bare = createApp({
      repo: new PrismaRepository(db.prisma),
      admin: new PrismaAdminRepository(db.prisma),
      surveys: surveysContext(db.prisma),
      clock: { now: () => new Date() },
      settings: DEFAULT_METHODOLOGY,
      tokens: { telegram: TEST_TOKEN },
      botUsername: () => null,
      initDataMaxAgeSeconds: 3600,
      demo: false,
      health: async () => ({ database: "ok", kind: db.kind }),
      log: { error: () => undefined },
    });
    const response = await bare.request(`/api/districts/${districtId}/identification`, { headers: { authorization: auth(STAFF) } });
    expect(response.status).toBe(503);
    expect(((await response.json()) as any).message).toMatch(/не подключено/);
  });

  it("методика: просмотр и изменение новой версией; прежний расчёт остаётся", async () => {
    await expectStaffOnly("GET", `/api/districts/${districtId}/methodology`);
    await expectStaffOnly("PUT", `/api/districts/${districtId}/methodology`, { patch: { lowSolveThreshold: 0.4 } });
    const current = await call("GET", `/api/districts/${districtId}/methodology`, STAFF);
    expect(current.status).toBe(200);
    expect(current.body.version).toBe(1);
    const before = await call("GET", `/api/districts/${districtId}/identification?year=2026`, STAFF);

    expect((await call("PUT", `/api/districts/${districtId}/methodology`, STAFF, { patch: "всё" })).status).toBe(400);
    const invalid = await call("PUT", `/api/districts/${districtId}/methodology`, STAFF, { patch: { lowSolveThreshold: 7 } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.message).toMatch(/[а-я]/);
    const changed = await call("PUT", `/api/districts/${districtId}/methodology`, STAFF, { patch: { lowSolveThreshold: 0.4 } });
    expect(changed.status).toBe(200);
    expect(changed.body.version).toBe(2);
    expect(changed.body.methodology.lowSolveThreshold).toBe(0.4);

    const rerun = await call("POST", `/api/districts/${districtId}/identification/run`, STAFF, { year: 2026 });
    expect(rerun.body.methodologyVersion).toBe(2);
    expect(await db.prisma.identificationRun.count({ where: { districtId } })).toBe(2);
    // The first run is still there as it was: by its id, with its version and its schools.
    const first = await db.prisma.identificationRun.findUniqueOrThrow({ where: { id: before.body.run.runId } });
    expect(first.methodologyVersion).toBe(1);
  });
});
