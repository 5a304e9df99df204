// The risk profile in the Mini App's API (#13 §6): a school's profile (head: own school only; district staff: every
// school of their district; a teacher, another school's head, another district's staff: refused), the district's list,
// recomputing, and the settings with their versions. No parameter from fewer answers than the minimum is shown or
// stored. History across school years, each profile with the settings version it was computed with.
import { randomBytes } from "node:crypto";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { AppRoot } from "@telegram-apps/telegram-ui";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProfileView } from "../../miniapp/web/src/pages/RiskProfilePage.tsx";
import { DistrictView } from "../../miniapp/web/src/pages/RiskProfileDistrictPage.tsx";
import { SettingsForm } from "../../miniapp/web/src/pages/RiskSettingsPage.tsx";
import { createApp } from "../../miniapp/api/app.ts";
import { DEFAULT_METHODOLOGY } from "../../core/methodology/settings.ts";
import { SOURCE_KEYS, riskParameter } from "../../core/risk-profile/catalog.ts";
import { DEFAULT_RISK_SETTINGS } from "../../core/risk-profile/settings.ts";
import { giveConsent, redeemInvite } from "../../core/services/onboarding.ts";
import { riskCardNotices, riskProfileAfterCard, schoolYearOf } from "../../core/services/risk-profile.ts";
import { riskCardNoticesJob } from "../../server/risk-profile-job.ts";
import { runOnce } from "../../server/scheduler.ts";
import { PrismaAdminRepository } from "../../prisma/admin.ts";
import { PrismaRepository } from "../../prisma/repository.ts";
import { surveysContext } from "../../prisma/surveys.ts";
import type { Database } from "../../prisma/db.ts";
import { openTestDatabase } from "../support/db.ts";
import { makeDistrict } from "../support/district.ts";
import { signInitData } from "../support/api.ts";
import { addCompletedResponses, fullAnswers, openRiskCampaign, riskInstrument } from "../support/risk.ts";
import { MAX_TEST_TOKEN, TEST_TOKEN } from "../support/telegram.ts";

const STAFF = 201;
const HEAD = 202;
const HEAD2 = 203;
const TEACHER = 204;
const OTHER = 209;
const FORGED = "forged";
const DAY = 86_400_000;

let db: Database;
let api: ReturnType<typeof createApp>;
let districtId: string;
let school1: string;
let school2: string;
let headId: string;
const now = new Date();
const year = schoolYearOf(now, "Europe/Moscow");

const auth = (user: number | typeof FORGED) =>
  user === FORGED ? `tma ${signInitData(STAFF, { token: "123456:forged-token-of-nobody" })}` : `tma ${signInitData(user)}`;

async function call(method: "GET" | "POST", path: string, user: number | typeof FORGED, body?: unknown) {
  const response = await api.request(path, {
    method,
    headers: { authorization: auth(user), ...(body !== undefined ? { "content-type": "application/json" } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, body: (await response.json()) as any };
}

const ctx = () => ({
  repo: new PrismaRepository(db.prisma),
  admin: new PrismaAdminRepository(db.prisma),
  surveys: surveysContext(db.prisma),
  clock: { now: () => new Date() },
  settings: DEFAULT_METHODOLOGY,
});

let cardCampaign: string;

beforeAll(async () => {
  db = await openTestDatabase();
  const district = await makeDistrict(db);
  districtId = district.district.id;
  school1 = district.schools[0]!.id;
  school2 = district.schools[1]!.id;
  const other = await makeDistrict(db, { schools: 1 });
  const repo = new PrismaRepository(db.prisma);
  const deps = { repo, clock: { now: () => new Date() }, randomBytes: (size: number) => randomBytes(size), settings: DEFAULT_METHODOLOGY };
  const join = async (user: number, code: string) => {
    const { person } = await redeemInvite(deps, code, { channel: "telegram", externalId: String(user), chatId: String(user), firstName: `Человек ${user}` });
    await giveConsent(deps, person.id);
    return person.id;
  };
  await join(STAFF, await district.invite("district", null));
  headId = await join(HEAD, await district.invite("head", school1));
  await join(HEAD2, await district.invite("head", school2));
  await join(TEACHER, await district.invite("teacher", school1));
  await join(OTHER, await other.invite("district", null));

  // This school year: the card of both schools; 6 students of school 1, 3 of school 2 (under the minimum of 5).
  const window = { districtId, opensAt: new Date(now.getTime() - 10 * DAY), closesAt: new Date(now.getTime() + 20 * DAY) };
  cardCampaign = await openRiskCampaign(db.prisma, { ...window, source: "card" });
  const students = await openRiskCampaign(db.prisma, { ...window, source: "student" });
  const card = riskInstrument("card");
  await addCompletedResponses(db.prisma, { campaignId: cardCampaign, schoolId: school1, answers: [fullAnswers(card)], personId: headId });
  await addCompletedResponses(db.prisma, { campaignId: cardCampaign, schoolId: school2, answers: [fullAnswers(card)] });
  const student = riskInstrument("student");
  await addCompletedResponses(db.prisma, { campaignId: students, schoolId: school1, answers: Array.from({ length: 6 }, (_, i) => fullAnswers(student, { level: i % 2 })) });
  await addCompletedResponses(db.prisma, { campaignId: students, schoolId: school2, answers: Array.from({ length: 3 }, () => fullAnswers(student)) });

  // Last school year: a baseline card of school 1.
  const lastYearOpens = new Date(Date.UTC(year - 1, 2, 1));
  const lastCard = await openRiskCampaign(db.prisma, { districtId, source: "card", opensAt: lastYearOpens, closesAt: new Date(lastYearOpens.getTime() + 30 * DAY), baseline: true });
  await addCompletedResponses(db.prisma, { campaignId: lastCard, schoolId: school1, answers: [fullAnswers(card, { yes: false })], completedAt: new Date(lastYearOpens.getTime() + DAY) });

  api = createApp({
    repo,
    admin: new PrismaAdminRepository(db.prisma),
    surveys: surveysContext(db.prisma),
    clock: { now: () => new Date() },
    settings: DEFAULT_METHODOLOGY,
    tokens: { telegram: TEST_TOKEN, max: MAX_TEST_TOKEN },
    botUsername: () => "shnor_test_bot",
    initDataMaxAgeSeconds: 24 * 3600,
    demo: false,
    health: async () => ({ database: "ok", kind: db.kind }),
    log: { error: (obj) => console.error(obj) },
  });
}, 60_000);

afterAll(async () => {
  await db?.close();
});

const parameters = (body: any) => body.profile.factors.flatMap((factor: any) => factor.parameters);

describe("рисковый профиль в API Mini App", () => {
  it("профиль школы: руководитель своей школы и район видят; чужой руководитель, учитель, другой район — отказ", async () => {
    const own = await call("GET", `/api/schools/${school1}/risk-profile`, HEAD);
    expect(own.status).toBe(200);
    expect(own.body.school.id).toBe(school1);
    expect(own.body.year).toBe(year);
    expect(own.body.profile.factors).toHaveLength(10);
    expect(parameters(own.body)).toHaveLength(31);
    expect(own.body.profile.settingsVersion).toBe(1);
    for (const factor of own.body.profile.factors) {
      expect(factor.rule).toMatch(/риск фиксируется/);
      expect(factor.explanation.length).toBeGreaterThan(10);
    }
    expect(own.body.chatText).toContain("Рисковый профиль школы");

    expect((await call("GET", `/api/schools/${school1}/risk-profile`, STAFF)).status).toBe(200);
    const stranger = await call("GET", `/api/schools/${school1}/risk-profile`, HEAD2);
    expect(stranger.status).toBe(403);
    expect(stranger.body.message).toBe("Руководитель видит рисковый профиль только своей школы.");
    for (const user of [TEACHER, OTHER]) {
      const refused = await call("GET", `/api/schools/${school1}/risk-profile`, user);
      expect(refused.status, String(user)).toBe(403);
      expect(refused.body.message).toMatch(/[а-я]/);
    }
    expect((await call("GET", `/api/schools/${school1}/risk-profile`, FORGED)).status).toBe(401);
    expect((await call("GET", `/api/schools/${school1}/risk-profile?year=abc`, HEAD)).status).toBe(400);
    expect((await call("GET", `/api/schools/nosuchschool1/risk-profile`, STAFF)).status).toBe(404);
  });

  it("параметры анкеты, на которую ответили меньше минимума, не показываются и не сохраняются", async () => {
    const few = await call("GET", `/api/schools/${school2}/risk-profile`, HEAD2);
    expect(few.status).toBe(200);
    const studentRows = parameters(few.body).filter((parameter: any) => parameter.key.startsWith("student."));
    expect(studentRows).toHaveLength(SOURCE_KEYS.filter((key) => riskParameter(key).source === "student").length);
    for (const row of studentRows) {
      expect(row.result).toBe(`меньше ${DEFAULT_METHODOLOGY.minRespondents} ответов`);
      expect(row.crossed).toBeNull();
    }
    expect(few.body.profile.respondents.student).toBe(3);
    const stored = await db.prisma.riskProfileSnapshot.findUniqueOrThrow({ where: { schoolId_year: { schoolId: school2, year } } });
    const values = (stored.input as any).values as Record<string, unknown>;
    for (const key of SOURCE_KEYS.filter((k) => riskParameter(k).source === "student")) expect(values[key] ?? null).toBeNull();
    const storedProfile = stored.profile as any;
    for (const factor of storedProfile.factors) {
      for (const parameter of factor.parameters) if (parameter.source === "student") expect(parameter.value).toBeNull();
    }

    // Six students at school 1: their parameters are there.
    const enough = await call("GET", `/api/schools/${school1}/risk-profile`, HEAD);
    const shown = parameters(enough.body).filter((parameter: any) => parameter.key.startsWith("student.") && parameter.crossed !== null);
    expect(shown.length).toBeGreaterThan(0);
    // Card parameters: one respondent (the administration) is enough.
    expect(parameters(enough.body).filter((parameter: any) => parameter.key.startsWith("card.") && parameter.crossed !== null).length).toBeGreaterThan(0);
  });

  it("история по годам: прошлый учебный год из базовой карты, со своей версией настроек", async () => {
    const past = await call("GET", `/api/schools/${school1}/risk-profile?year=${year - 1}`, HEAD);
    expect(past.status).toBe(200);
    expect(past.body.year).toBe(year - 1);
    expect(past.body.profile).not.toBeNull();
    const current = await call("GET", `/api/schools/${school1}/risk-profile`, HEAD);
    expect(current.body.years).toEqual([year, year - 1]);
    expect(current.body.history.map((row: any) => row.year)).toEqual([year, year - 1]);
    // A year without any answers: no profile, and nothing stored.
    const empty = await call("GET", `/api/schools/${school1}/risk-profile?year=${year - 5}`, HEAD);
    expect(empty.status).toBe(200);
    expect(empty.body.profile).toBeNull();
    expect(await db.prisma.riskProfileSnapshot.count({ where: { schoolId: school1, year: year - 5 } })).toBe(0);
  });

  it("список школ района и пересчёт: только специалисты района", async () => {
    const list = await call("GET", `/api/districts/${districtId}/risk-profiles`, STAFF);
    expect(list.status).toBe(200);
    expect(list.body.schools.map((school: any) => school.id).sort()).toEqual([school1, school2].sort());
    expect(list.body.schools.every((school: any) => school.profile !== null)).toBe(true);
    expect(list.body.averages).not.toBeNull();
    expect(Object.keys(list.body.fixedBySchool)).toHaveLength(10);
    const again = await call("POST", `/api/districts/${districtId}/risk-profiles/recompute`, STAFF, { year });
    expect(again.status).toBe(200);
    for (const user of [HEAD, TEACHER, OTHER]) {
      expect((await call("GET", `/api/districts/${districtId}/risk-profiles`, user)).status, String(user)).toBe(403);
      expect((await call("POST", `/api/districts/${districtId}/risk-profiles/recompute`, user, { year })).status, String(user)).toBe(403);
    }
    expect((await call("GET", `/api/districts/${districtId}/risk-profiles`, FORGED)).status).toBe(401);
  });

  it("настройки: чтение и новая версия с заметкой; ошибки по-русски; прошлые профили остаются со своей версией", async () => {
    const read = await call("GET", `/api/districts/${districtId}/risk-settings`, STAFF);
    expect(read.status).toBe(200);
    expect(read.body.version).toBe(1);
    expect(read.body.catalog).toHaveLength(10);
    for (const user of [HEAD, TEACHER, OTHER]) expect((await call("GET", `/api/districts/${districtId}/risk-settings`, user)).status).toBe(403);

    const { version: _version, ...settings } = read.body.settings;
    const changed = { ...settings, parameters: { ...settings.parameters, "student.bullying": { ...settings.parameters["student.bullying"], threshold: 0.1 } } };
    for (const user of [HEAD, TEACHER, OTHER]) {
      expect((await call("POST", `/api/districts/${districtId}/risk-settings`, user, { settings: changed, note: "ниже порог травли" })).status).toBe(403);
    }
    const noNote = await call("POST", `/api/districts/${districtId}/risk-settings`, STAFF, { settings: changed, note: " " });
    expect(noNote.status).toBe(400);
    expect(noNote.body.message).toMatch(/заметка/);
    const bad = { ...settings, parameters: { ...settings.parameters, "card.teacherVacancies": { threshold: 1.5, enabled: true } } };
    const refused = await call("POST", `/api/districts/${districtId}/risk-settings`, STAFF, { settings: bad, note: "ошибка" });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toContain("2.1 Нехватка педагогов: порог: порог доли — от 0 до 1");
    const low = await call("POST", `/api/districts/${districtId}/risk-settings`, STAFF, { settings: { ...settings, minRespondents: 2 }, note: "меньше" });
    expect(low.status).toBe(400);
    expect(low.body.message).toContain("минимум ответов");

    const saved = await call("POST", `/api/districts/${districtId}/risk-settings`, STAFF, { settings: changed, note: "ниже порог травли" });
    expect(saved.status).toBe(200);
    expect(saved.body.version).toBe(2);
    expect(saved.body.settings.parameters["student.bullying"].threshold).toBe(0.1);
    expect(saved.body.versions.map((v: any) => [v.version, v.note])).toEqual([
      [2, "ниже порог травли"],
      [1, expect.stringMatching(/по умолчанию/)],
    ]);
    expect((await db.prisma.riskSettingsVersion.findFirstOrThrow({ where: { districtId, version: 2 } })).createdById).not.toBeNull();

    // The current year is recomputed with version 2; last year's profile keeps version 1.
    const current = await call("GET", `/api/schools/${school1}/risk-profile`, HEAD);
    expect(current.body.profile.settingsVersion).toBe(2);
    const bullying = parameters(current.body).find((parameter: any) => parameter.key === "student.bullying");
    expect(bullying.threshold).toBe("≥ 10 %");
    const past = await call("GET", `/api/schools/${school1}/risk-profile?year=${year - 1}`, HEAD);
    expect(past.body.profile.settingsVersion).toBe(1);
    expect(parameters(past.body).find((parameter: any) => parameter.key === "student.bullying").threshold).toBe("≥ 20 %");
    expect(DEFAULT_RISK_SETTINGS.parameters["student.bullying"].threshold).toBe(0.2);
  });

  it("после карты самоанализа руководитель получает профиль через очередь, с кнопкой на страницу, один раз", async () => {
    const queued = await riskProfileAfterCard(ctx(), { campaignId: cardCampaign, schoolId: school1 });
    expect(queued).toBe(1);
    const rows = await db.prisma.outbox.findMany({ where: { personId: headId } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.appStart).toBe(`risk-${school1}`);
    expect(rows[0]!.text).toContain("Карта самоанализа заполнена");
    expect(rows[0]!.text).toContain("Рисковый профиль школы");
    expect(await riskProfileAfterCard(ctx(), { campaignId: cardCampaign, schoolId: school1 })).toBe(0);
    // Another school's card goes to that school's head only.
    expect(await riskProfileAfterCard(ctx(), { campaignId: cardCampaign, schoolId: school2 })).toBe(1);
    expect(await db.prisma.outbox.count({ where: { personId: headId } })).toBe(1);
  });

  it("задание планировщика: карта, заполненная любым путём, приносит руководителю одно уведомление; повтор слота ничего не добавляет", async () => {
    // Both cards of the first round are noticed already (previous test).
    expect(await riskCardNotices(ctx())).toEqual({ cards: 0, queued: 0 });
    const second = await openRiskCampaign(db.prisma, { districtId, source: "card", opensAt: new Date(now.getTime() - DAY), closesAt: new Date(now.getTime() + 10 * DAY), title: "Карта, второй раунд" });
    await addCompletedResponses(db.prisma, { campaignId: second, schoolId: school1, answers: [fullAnswers(riskInstrument("card"), { yes: false })] });
    const { repo, admin, surveys, settings } = ctx();
    const job = riskCardNoticesJob({ repo, admin, surveys, settings });
    const at = new Date();
    expect(await runOnce(db, job, at)).toBe(true);
    expect(await runOnce(db, job, at)).toBe(false);
    const rows = await db.prisma.outbox.findMany({ where: { personId: headId }, orderBy: { createdAt: "asc" } });
    expect(rows).toHaveLength(2);
    expect(rows[1]!.dedupeKey).toBe(`risk:card:${second}:${school1}:${headId}`);
    expect(rows[1]!.appStart).toBe(`risk-${school1}`);
    expect(await riskCardNotices(ctx())).toEqual({ cards: 0, queued: 0 });
  });

  it("страницы Mini App рисуют ответ API: таблица из 31 строки с фиксацией риска, радар, история; список школ; настройки", async () => {
    const render = (element: ReturnType<typeof createElement>) => renderToStaticMarkup(createElement(AppRoot, null, element));
    const school = (await call("GET", `/api/schools/${school1}/risk-profile`, HEAD)).body;
    const html = render(createElement(ProfileView, { view: school, openYear: () => undefined }));
    expect(html).toContain("МБОУ СОШ №1");
    expect(html.match(/data-testid="risk-row-/g)).toHaveLength(31);
    expect(html.match(/data-testid="risk-fixed-/g)).toHaveLength(10);
    for (const header of ["Фактор риска", "Параметр анализа", "Результат", "Фиксация риска"]) expect(html).toContain(header);
    expect(html).toContain('data-testid="risk-radar"');
    expect(html).toContain('data-testid="risk-factor-equipment"');
    expect(html).toContain('data-testid="risk-history"');
    expect(html).toContain("Среднее по району");
    expect(html).toContain(`data-testid="risk-history-${year - 1}"`);
    expect(html).not.toMatch(/NaN|undefined|\[object Object\]/);

    const district = (await call("GET", `/api/districts/${districtId}/risk-profiles`, STAFF)).body;
    const list = render(createElement(DistrictView, { view: district, navigate: () => undefined, onRecomputed: () => undefined }));
    expect(list).toContain(`data-testid="risk-school-${school1}"`);
    expect(list).toContain(`data-testid="risk-school-${school2}"`);
    expect(list).not.toMatch(/NaN|undefined/);

    const settings = (await call("GET", `/api/districts/${districtId}/risk-settings`, STAFF)).body;
    const form = render(createElement(SettingsForm, { view: settings, justSaved: false, onSaved: () => undefined }));
    expect(form.match(/data-testid="risk-enabled-/g)).toHaveLength(31);
    // Shares are typed in percent: the changed bullying threshold reads 10.
    expect(form).toMatch(/data-testid="risk-threshold-student.bullying"[^>]*value="10"|value="10"[^>]*data-testid="risk-threshold-student.bullying"/);
    expect(form).not.toMatch(/NaN|undefined/);
  });
});
