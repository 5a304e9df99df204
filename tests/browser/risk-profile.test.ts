// The risk profile in the built Mini App (#13 §6 and §10), in headless Chromium on a 320 px phone with signed init
// data: a head who comes with the bot's start parameter risk-<schoolId> lands on the school's profile (the seed's
// table with its four columns and the threshold, the radar against the district's average, the history) and is
// refused another school's; district staff find the district's list from the start screen, open a school, and save
// a new settings version on the settings page. Needs the built Mini App (npm run build).
import fs from "node:fs";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";
import { serve, type ServerType } from "@hono/node-server";
import { sign } from "@telegram-apps/init-data-node";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../miniapp/api/app.ts";
import { DEFAULT_METHODOLOGY } from "../../core/methodology/settings.ts";
import { giveConsent, redeemInvite } from "../../core/services/onboarding.ts";
import { PrismaAdminRepository } from "../../prisma/admin.ts";
import { PrismaRepository } from "../../prisma/repository.ts";
import { surveysContext } from "../../prisma/surveys.ts";
import type { Database } from "../../prisma/db.ts";
import { openTestDatabase } from "../support/db.ts";
import { makeDistrict } from "../support/district.ts";
import { addCompletedResponses, fullAnswers, openRiskCampaign, riskInstrument } from "../support/risk.ts";
import { TEST_TOKEN, MAX_TEST_TOKEN } from "../support/telegram.ts";

const CHROMIUM = "/usr/bin/chromium";
const hasChromium = fs.existsSync(CHROMIUM);
if (!hasChromium && !process.env.CI) console.warn(`\n!!! Browser tests SKIPPED: ${CHROMIUM} not found. Install it: apt-get update && apt-get install -y chromium\n`);
const WEB_DIST = path.resolve("miniapp/web/dist");
const SCREENSHOTS = path.resolve("tests/.tmp");
const NARROW_PHONE = { width: 320, height: 640 };
const DAY = 86_400_000;

const STAFF = 401;
const HEAD = 402;
const HEAD2 = 403;

function launchHash(userId: number, startParam: string): string {
  const user = { id: userId, first_name: "Тест", language_code: "ru" };
  const initData = sign((startParam ? { user, start_param: startParam } : { user }) as never, TEST_TOKEN, new Date());
  return new URLSearchParams({
    tgWebAppData: initData,
    tgWebAppVersion: "8.0",
    tgWebAppPlatform: "tdesktop",
    ...(startParam ? { tgWebAppStartParam: startParam } : {}),
    tgWebAppThemeParams: JSON.stringify({ bg_color: "#ffffff", text_color: "#000000", hint_color: "#707070", button_color: "#2481cc", button_text_color: "#ffffff" }),
  }).toString();
}

describe.skipIf(!hasChromium && !process.env.CI)("рисковый профиль в браузере", () => {
  let db: Database;
  let server: ServerType;
  let url: string;
  let browser: Browser;
  let districtId: string;
  let school1: string;
  let school2: string;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, "index.html"))) throw new Error("Mini App не собран: выполните npm run build");
    [db, browser] = await Promise.all([
      openTestDatabase(),
      chromium.launch({ executablePath: CHROMIUM, args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"] }),
    ]);
    const district = await makeDistrict(db);
    districtId = district.district.id;
    school1 = district.schools[0]!.id;
    school2 = district.schools[1]!.id;
    const repo = new PrismaRepository(db.prisma);
    const deps = { repo, clock: { now: () => new Date() }, randomBytes: (size: number) => randomBytes(size), settings: DEFAULT_METHODOLOGY };
    const join = async (user: number, code: string) => {
      const { person } = await redeemInvite(deps, code, { channel: "telegram", externalId: String(user), chatId: String(user), firstName: "Тест" });
      await giveConsent(deps, person.id);
    };
    await join(STAFF, await district.invite("district", null));
    await join(HEAD, await district.invite("head", school1));
    await join(HEAD2, await district.invite("head", school2));

    const now = Date.now();
    const window = { districtId, opensAt: new Date(now - 10 * DAY), closesAt: new Date(now + 20 * DAY) };
    const card = await openRiskCampaign(db.prisma, { ...window, source: "card" });
    const students = await openRiskCampaign(db.prisma, { ...window, source: "student" });
    await addCompletedResponses(db.prisma, { campaignId: card, schoolId: school1, answers: [fullAnswers(riskInstrument("card"))] });
    await addCompletedResponses(db.prisma, { campaignId: card, schoolId: school2, answers: [fullAnswers(riskInstrument("card"), { yes: false, numbers: { computers: 60 } })] });
    await addCompletedResponses(db.prisma, { campaignId: students, schoolId: school1, answers: Array.from({ length: 6 }, (_, i) => fullAnswers(riskInstrument("student"), { level: i % 3 })) });

    const app = createApp({
      repo,
      admin: new PrismaAdminRepository(db.prisma),
      surveys: surveysContext(db.prisma),
      clock: { now: () => new Date() },
      settings: DEFAULT_METHODOLOGY,
      tokens: { telegram: TEST_TOKEN, max: MAX_TEST_TOKEN },
      botUsername: () => "shnor_test_bot",
      initDataMaxAgeSeconds: 24 * 3600,
      demo: false,
      staticDir: WEB_DIST,
      health: async () => ({ database: "ok", kind: db.kind }),
      log: { error: (obj) => console.error(obj) },
    });
    server = await new Promise<ServerType>((resolve) => {
      const instance = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(instance));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(null)));
    await db?.close();
  });

  it("руководитель открывает профиль своей школы из сообщения бота (risk-<id>): таблица, радар, объяснение; чужая школа — отказ", async () => {
    const page = await browser.newPage({ viewport: NARROW_PHONE });
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(String(error)));
    await page.goto(`${url}/#${launchHash(HEAD, `risk-${school1}`)}`);
    await page.getByTestId("risk-profile").waitFor({ timeout: 20_000 });
    expect(await page.getByTestId("risk-school-name").innerText()).toBe("МБОУ СОШ №1");
    const table = page.getByTestId("risk-table");
    const text = await table.innerText();
    for (const header of ["Фактор риска", "Параметр анализа", "Результат", "Порог", "Фиксация риска"]) expect(text).toContain(header);
    expect(await table.locator("tbody tr").count()).toBe(31);
    expect(await page.getByTestId("risk-fixed-equipment").innerText()).toMatch(/^(да|нет|нет данных)$/);
    // The radar draws the school and the district's average; its title reads every figure out.
    const radar = page.getByTestId("risk-radar");
    expect(await radar.locator("[data-series]").count()).toBe(2);
    expect(await radar.locator("title").textContent()).toContain("Оснащение");
    // A factor opens to its rule and why.
    await page.getByTestId("risk-factor-equipment").locator("button").click();
    expect(await page.getByTestId("risk-rule-equipment").innerText()).toMatch(/риск фиксируется/);
    expect((await page.getByTestId("risk-why-equipment").innerText()).length).toBeGreaterThan(20);
    // The page fits the phone except the table, which scrolls in its own box.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(NARROW_PHONE.width);
    await page.screenshot({ path: path.join(SCREENSHOTS, "miniapp-risk-profile.png"), fullPage: true });

    // A new launch (only the hash changes, so the page is reloaded, as a new button press opens a new app).
    await page.goto(`${url}/#${launchHash(HEAD, `risk-${school2}`)}`);
    await page.reload();
    await page.getByTestId("error").waitFor({ timeout: 20_000 });
    expect(await page.getByTestId("error").innerText()).toContain("только своей школы");
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it("район: со стартового экрана к списку школ, к профилю школы и к настройкам; новая версия сохраняется с заметкой", async () => {
    const page = await browser.newPage({ viewport: NARROW_PHONE });
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(String(error)));
    await page.goto(`${url}/#${launchHash(STAFF, "")}`);
    await page.getByTestId(`risk-district-link-${districtId}`).click({ timeout: 20_000 });
    await page.getByTestId("risk-district").waitFor({ timeout: 20_000 });
    await page.getByTestId(`risk-school-${school2}`).waitFor({ timeout: 15_000 });
    expect(await page.getByTestId(`risk-school-${school1}`).innerText()).toMatch(/факторов риска — \d+/);
    await page.getByTestId(`risk-school-${school1}`).click();
    await page.getByTestId("risk-profile").waitFor({ timeout: 20_000 });
    expect(await page.getByTestId("risk-school-name").innerText()).toBe("МБОУ СОШ №1");
    await page.goBack();
    await page.getByTestId("risk-settings-link").click({ timeout: 15_000 });
    await page.getByTestId("risk-settings").waitFor({ timeout: 20_000 });
    await page.getByTestId("risk-threshold-student.bullying").fill("15");
    await page.getByTestId("risk-settings-note").fill("Порог травли ниже: в районе много малых школ");
    await page.getByTestId("risk-settings-save").click();
    await page.getByTestId("risk-settings-saved").waitFor({ timeout: 15_000 });
    expect(await page.getByTestId("risk-settings-version").innerText()).toContain("Текущая версия: 2");
    const stored = await db.prisma.riskSettingsVersion.findFirstOrThrow({ where: { districtId, version: 2 } });
    expect((stored.settings as any).parameters["student.bullying"].threshold).toBeCloseTo(0.15, 10);
    expect(stored.note).toBe("Порог травли ниже: в районе много малых школ");
    // A wrong value is refused with the parameter named.
    await page.getByTestId("risk-threshold-card.teacherVacancies").fill("150");
    await page.getByTestId("risk-settings-note").fill("ошибка");
    await page.getByTestId("risk-settings-save").click();
    await page.getByTestId("risk-settings-error").waitFor({ timeout: 15_000 });
    expect(await page.getByTestId("risk-settings-error").innerText()).toContain("2.1 Нехватка педагогов");
    expect(await db.prisma.riskSettingsVersion.count({ where: { districtId } })).toBe(2);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
