// Identification in the built Mini App, in headless Chromium on a 320 px phone: district staff find
// the scatter from the start screen (a point per school in the four named quadrants, the same schools
// listed below) and open a school's card by clicking its point, upload a file (check, problems,
// «Загрузить») and change the methodology (a new version, a run by it, the first run intact); a head who comes with the bot's start parameter school-<id>
// lands on their own school's card with the "why" in words, and another school's card is refused.
import fs from "node:fs";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";
import { serve, type ServerType } from "@hono/node-server";
import { sign } from "@telegram-apps/init-data-node";
import { chromium, type Browser } from "playwright-core";
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
import { MAX_TEST_TOKEN, TEST_TOKEN } from "../support/telegram.ts";
import { surveysContext } from "../../prisma/surveys.ts";

/** What MAX Bridge gives the page (runs in the browser): signed init data with the start parameter. */
function installMaxBridge(initData: string) {
  const noop = () => undefined;
  Object.assign(window, { WebApp: { initData, platform: "android", ready: noop, BackButton: { show: noop, hide: noop, onClick: noop, offClick: noop } } });
}

const CHROMIUM = "/usr/bin/chromium";
const INSTALL_HINT = "apt-get update && apt-get install -y chromium";
const hasChromium = fs.existsSync(CHROMIUM);
if (!hasChromium && !process.env.CI) {
  console.warn(`\n!!! Browser tests SKIPPED: ${CHROMIUM} not found. Install it: ${INSTALL_HINT}\n`);
}
const WEB_DIST = path.resolve("miniapp/web/dist");
const SCREENSHOTS = path.resolve("tests/.tmp");
const NARROW_PHONE = { width: 320, height: 640 };

const STAFF = 201;
const HEAD = 202;
/** The same head's account in MAX. */
const HEAD_MAX = 302;
const YEARS = [2025, 2026];
const SCHOOLS = [1, 2, 3, 4, 5, 6].map((n) => ({ code: `0${n}`, name: `МБОУ СОШ №${n}` }));

/** Results in the template's titles: ЕГЭ in Russian and mathematics; results rise with the school's number. */
function resultsCsv(): string {
  const lines = ["Код ОО;Название ОО;Год;Процедура;Класс;Предмет;Участники;Средний балл"];
  for (const year of YEARS) {
    for (const [index, school] of SCHOOLS.entries()) {
      for (const subject of ["русский язык", "математика"]) {
        lines.push([school.code, school.name, year, "ЕГЭ", 11, subject, 20, String(50 + index * 5 + (year - 2025)).replace(".", ",")].join(";"));
      }
    }
  }
  return lines.join("\r\n");
}

/** Social rows: odd-numbered schools in hard conditions. */
function socialCsv(): string {
  const lines = ["Код ОО;Название ОО;Год;Всего обучающихся;Оба родителя без высшего образования;Родители безработные;На учете"];
  for (const year of YEARS) {
    for (const [index, school] of SCHOOLS.entries()) {
      const hard = index % 2 === 0;
      lines.push([school.code, school.name, year, 200, hard ? 120 : 30, hard ? 20 : 4, hard ? 8 : 1].join(";"));
    }
  }
  return lines.join("\r\n");
}

/** The hash Telegram appends to a Mini App URL, with the start parameter of a t.me/…?startapp= link. */
const LIGHT = { bg_color: "#ffffff", text_color: "#000000", hint_color: "#707070", button_color: "#2481cc", button_text_color: "#ffffff" };
const DARK = { bg_color: "#212121", secondary_bg_color: "#0f0f0f", section_bg_color: "#212121", text_color: "#ffffff", hint_color: "#aaaaaa", button_color: "#8774e1", button_text_color: "#ffffff" };

function launchHash(userId: number, startParam: string, theme: Record<string, string> = LIGHT): string {
  const user = { id: userId, first_name: "Тест", language_code: "ru" };
  const initData = sign((startParam ? { user, start_param: startParam } : { user }) as never, TEST_TOKEN, new Date());
  return new URLSearchParams({
    tgWebAppData: initData,
    tgWebAppVersion: "8.0",
    tgWebAppPlatform: "tdesktop",
    ...(startParam ? { tgWebAppStartParam: startParam } : {}),
    tgWebAppThemeParams: JSON.stringify(theme),
  }).toString();
}

describe.skipIf(!hasChromium && !process.env.CI)("выявление ШНОР и ШНСУ в браузере", () => {
  let db: Database;
  let server: ServerType;
  let url: string;
  let browser: Browser;
  let districtId: string;
  let schoolIds: Record<string, string>;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, "index.html"))) throw new Error("Mini App не собран: выполните npm run build");
    [db, browser] = await Promise.all([
      openTestDatabase(),
      chromium.launch({
        executablePath: CHROMIUM,
        args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
      }),
    ]);
    const district = await makeDistrict(db);
    districtId = district.district.id;
    const repo = new PrismaRepository(db.prisma);
    const deps = { repo, clock: { now: () => new Date() }, randomBytes: (size: number) => randomBytes(size), settings: DEFAULT_METHODOLOGY };
    const join = async (user: number, code: string) => {
      const { person } = await redeemInvite(deps, code, { channel: "telegram", externalId: String(user), chatId: String(user), firstName: "Тест" });
      await giveConsent(deps, person.id);
    };
    await join(STAFF, await district.invite("district", null));
    await join(HEAD, await district.invite("head", district.schools[0]!.id));
    const { person } = await redeemInvite(deps, await district.invite("head", district.schools[0]!.id), {
      channel: "max",
      externalId: String(HEAD_MAX),
      chatId: String(HEAD_MAX),
      firstName: "Тест",
    });
    await giveConsent(deps, person.id);
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
      staticDir: WEB_DIST,
      health: async () => ({ database: "ok", kind: db.kind }),
      log: { error: (obj) => console.error(obj) },
    };
    const app = createApp(apiDeps);
    // The district's data comes in as it would from the upload on the district work page, then a run.
    const staff = `tma ${sign({ user: { id: STAFF, first_name: "Тест" } } as never, TEST_TOKEN, new Date())}`;
    for (const [name, csv] of [["Результаты.csv", resultsCsv()], ["Социальные данные.csv", socialCsv()]] as const) {
      const response = await app.request(`/api/districts/${districtId}/data?kind=auto&dryRun=0`, {
        method: "POST",
        headers: { authorization: staff, "x-file-name": encodeURIComponent(name) },
        body: new TextEncoder().encode(csv),
      });
      expect(((await response.json()) as { written?: boolean }).written).toBe(true);
    }
    for (const year of YEARS) {
      const run = await app.request(`/api/districts/${districtId}/identification/run`, {
        method: "POST",
        headers: { authorization: staff, "content-type": "application/json" },
        body: JSON.stringify({ year }),
      });
      expect(run.status).toBe(200);
    }
    schoolIds = Object.fromEntries((await db.prisma.school.findMany({ where: { districtId } })).map((school) => [school.code!, school.id]));
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

  it("РУО видит диаграмму со школами и открывает карточку, нажав на точку", async () => {
    const page = await browser.newPage({ viewport: NARROW_PHONE });
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(String(error)));
    // From the start screen as district staff find it: the district, its work page, identification.
    await page.goto(`${url}/#${launchHash(STAFF, "")}`);
    await page.getByTestId(`district-link-${districtId}`).click({ timeout: 20_000 });
    await page.getByTestId("identification-link").click({ timeout: 15_000 });
    const scatter = page.getByTestId("scatter");
    await scatter.waitFor({ timeout: 20_000 });
    const points = scatter.locator("[data-point]");
    await expect.poll(() => points.count(), { timeout: 10_000 }).toBe(6);
    // The four quadrants are named, and every school is also in the list below the chart.
    const text = await scatter.innerText();
    for (const name of ["несправляющиеся", "эффективные", "депривированные", "резильентные"]) expect(text).toContain(name);
    for (const code of Object.keys(schoolIds)) await expect.poll(() => page.getByTestId(`ident-school-${schoolIds[code]}`).count()).toBe(1);
    // Each point says which school it is, for a screen reader as for a mouse.
    expect(await points.first().getAttribute("aria-label")).toMatch(/МБОУ СОШ №\d: /);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(NARROW_PHONE.width);
    // No official list yet: the comparison says so instead of "no differences".
    await expect.poll(() => page.getByTestId("ident-official").innerText(), { timeout: 15_000 }).toMatch(/сверху за 2026 год не загружен/);
    await page.screenshot({ path: path.join(SCREENSHOTS, "miniapp-identification.png"), fullPage: true });

    await scatter.locator(`[data-point="${schoolIds["06"]}"]`).click();
    await page.getByTestId("school-card").waitFor({ timeout: 15_000 });
    expect(await page.getByTestId("school-card-name").innerText()).toBe("МБОУ СОШ №6");
    expect(await page.getByTestId("card-cluster").innerText()).toContain("эффективные");
    expect((await page.getByTestId("card-why").innerText()).length).toBeGreaterThan(20);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(NARROW_PHONE.width);

    // The district marks seed 004's curator criteria on the card; they are stored for the next run.
    await page.getByTestId("curator-headCompetence").selectOption("yes");
    await page.getByTestId("curator-innovationPlatform").selectOption("no");
    await page.getByTestId("curator-save").click();
    await expect
      .poll(async () => db.prisma.schoolCuratorFlags.findUnique({ where: { schoolId: schoolIds["06"]! } }), { timeout: 15_000 })
      .toMatchObject({ headCompetence: true, innovationPlatform: false, headMotivation: null });
    await expect.poll(() => page.getByTestId("curator-headCompetence").inputValue(), { timeout: 15_000 }).toBe("yes");
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it("тёмная тема и клавиатура: точку можно выбрать Tab и Enter, подписи квадрантов читаются", async () => {
    const page = await browser.newPage({ viewport: NARROW_PHONE, colorScheme: "dark" });
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(String(error)));
    await page.goto(`${url}/#${launchHash(STAFF, `identification-${districtId}`, DARK)}`);
    const scatter = page.getByTestId("scatter");
    await scatter.waitFor({ timeout: 20_000 });
    // The chart's text takes the theme's text colour, not a fixed dark one.
    const fill = await scatter.locator("svg text").first().evaluate((element) => getComputedStyle(element).fill);
    expect(fill).toBe("rgb(255, 255, 255)");
    await page.screenshot({ path: path.join(SCREENSHOTS, "miniapp-identification-dark.png"), fullPage: true });
    const point = scatter.locator(`[data-point="${schoolIds["03"]}"]`);
    await point.focus();
    await page.keyboard.press("Enter");
    await page.getByTestId("school-card").waitFor({ timeout: 15_000 });
    expect(await page.getByTestId("school-card-name").innerText()).toBe("МБОУ СОШ №3");
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it("РУО загружает файл на странице выявления: проверка, ошибки по строкам и столбцам, «Загрузить»", async () => {
    const page = await browser.newPage({ viewport: NARROW_PHONE });
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(String(error)));
    await page.goto(`${url}/#${launchHash(STAFF, `identification-${districtId}`)}`);
    await page.getByTestId("scatter").waitFor({ timeout: 20_000 });
    const items = ["Код ОО;Название ОО;Год;Класс;Предмет;Задание;Выполнили;Тема"];
    for (const school of SCHOOLS) items.push([school.code, school.name, 2026, 4, "математика", "7", "31,5", "Задачи на движение"].join(";"));

    // A broken file: the problem is named by row and column, and there is nothing to load.
    const broken = [...items.slice(0, 2), items[2]!.replace("31,5", "много")].join("\r\n");
    await page.getByTestId("upload-file").setInputFiles({ name: "Задания ВПР.csv", mimeType: "text/csv", buffer: Buffer.from(broken) });
    const problems = page.getByTestId("upload-problems");
    await problems.waitFor({ timeout: 15_000 });
    expect(await problems.innerText()).toMatch(/строка 3, столбец «[^»]+»/);
    expect(await page.getByTestId("upload-apply").count()).toBe(0);
    await page.getByTestId("upload-cancel").click();

    await page.getByTestId("upload-file").setInputFiles({ name: "Задания ВПР.csv", mimeType: "text/csv", buffer: Buffer.from(items.join("\r\n")) });
    const check = page.getByTestId("upload-check");
    await check.waitFor({ timeout: 15_000 });
    expect(await check.innerText()).toMatch(/ничего не записано/);
    expect(await check.innerText()).toMatch(/школ 6/);
    expect(await db.prisma.identificationData.count({ where: { districtId, kind: "items" } })).toBe(0);
    await page.getByTestId("upload-apply").click();
    await expect.poll(async () => (await check.innerText()).includes("Загружено"), { timeout: 15_000 }).toBe(true);
    expect(await db.prisma.identificationData.count({ where: { districtId, kind: "items" } })).toBeGreaterThan(0);
    // The page reloaded its data around the upload, which stayed on screen.
    await page.getByTestId("scatter").waitFor({ timeout: 15_000 });
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it("РУО меняет правило ШНОР: новая версия методики, новый расчёт по ней, прежний расчёт цел", async () => {
    const page = await browser.newPage({ viewport: NARROW_PHONE });
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(String(error)));
    await page.goto(`${url}/#${launchHash(STAFF, `identification-${districtId}`)}`);
    await page.getByTestId("scatter").waitFor({ timeout: 20_000 });
    const firstRun = await db.prisma.identificationRun.findFirstOrThrow({ where: { districtId, year: 2026 } });
    const methodology = page.getByTestId("ident-methodology");
    await methodology.locator("summary").click();
    await page.getByTestId("method-shnor").selectOption("seed004");
    await page.getByTestId("method-save").click();
    await page.getByTestId("method-saved").waitFor({ timeout: 15_000 });
    expect(await page.getByTestId("method-saved").innerText()).toMatch(/версия 2/);
    expect(await page.getByTestId("method-shnor").inputValue()).toBe("seed004");

    await page.getByTestId("ident-run-button").click();
    await page.getByTestId("ident-run-yes").click();
    await expect.poll(async () => (await page.getByTestId("ident-run").innerText()).includes("методика версии 2"), { timeout: 15_000 }).toBe(true);
    const runs = await db.prisma.identificationRun.findMany({ where: { districtId }, orderBy: { createdAt: "asc" } });
    expect(runs.map((run) => [run.year, run.methodologyVersion])).toEqual([[2025, 1], [2026, 1], [2026, 2]]);
    expect(runs[1]).toEqual(firstRun);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it("руководитель по кнопке из бота попадает в карточку своей школы и видит только её", async () => {
    const page = await browser.newPage({ viewport: NARROW_PHONE });
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(String(error)));
    // The run notice's button opens the Mini App at ?start=school-<id> (server/outbox.ts, Telegram web_app).
    await page.goto(`${url}/?start=school-${schoolIds["01"]}#${launchHash(HEAD, "")}`);
    await page.getByTestId("school-card").waitFor({ timeout: 20_000 });
    expect(await page.getByTestId("school-card-name").innerText()).toBe("МБОУ СОШ №1");
    const why = await page.getByTestId("card-why").innerText();
    expect(why).toMatch(/[а-я]{4,}/);
    expect(await page.getByTestId("card-results-inputs").innerText()).toMatch(/ЕГЭ/);
    expect(await page.getByTestId("card-status").innerText()).toMatch(/Итог за 2026 год/);
    expect(await page.getByTestId("card-curator").count()).toBe(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, "miniapp-school-card.png"), fullPage: true });
    // The history by year: another year opens that year's card.
    await page.getByTestId("card-history-2025").click();
    await expect.poll(() => page.getByTestId("card-status").innerText(), { timeout: 15_000 }).toMatch(/Итог за 2025 год/);
    await page.goBack();
    await expect.poll(() => page.getByTestId("card-status").innerText(), { timeout: 15_000 }).toMatch(/Итог за 2026 год/);
    await page.screenshot({ path: path.join(SCREENSHOTS, "miniapp-school-card-top.png"), fullPage: true, clip: { x: 0, y: 0, width: 320, height: 1400 } });

    // Another school's card (a forged route in history): the server refuses and the page says so.
    await page.evaluate((other) => {
      const route = { page: "schoolCard", schoolId: other };
      history.pushState(route, "");
      window.dispatchEvent(new PopStateEvent("popstate", { state: route }));
    }, schoolIds["02"]!);
    await page.getByTestId("error").waitFor({ timeout: 15_000 });
    expect(await page.getByTestId("error").innerText()).toMatch(/своей школы|только/);
    expect(await page.getByTestId("school-card").count()).toBe(0);
    // Nor the district's scatter.
    await page.evaluate((district) => {
      const route = { page: "identification", districtId: district };
      history.pushState(route, "");
      window.dispatchEvent(new PopStateEvent("popstate", { state: route }));
    }, districtId);
    await page.getByTestId("error").waitFor({ timeout: 15_000 });
    expect(await page.getByTestId("scatter").count()).toBe(0);
    // From the start screen, without the bot's button: the head's own link to the card.
    const home = await browser.newPage({ viewport: NARROW_PHONE });
    await home.goto(`${url}/#${launchHash(HEAD, "")}`);
    await home.getByTestId(`school-card-link-${schoolIds["01"]}`).click({ timeout: 20_000 });
    await expect.poll(() => home.getByTestId("school-card-name").innerText(), { timeout: 15_000 }).toBe("МБОУ СОШ №1");
    expect(await home.getByTestId(`school-card-link-${schoolIds["02"]}`).count()).toBe(0);
    await home.close();
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it("MAX: руководитель открывает карточку своей школы по start_param, каждый запрос — с init data MAX", async () => {
    const page = await browser.newPage({ viewport: NARROW_PHONE });
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(String(error)));
    const auth: string[] = [];
    page.on("request", (request) => {
      if (new URL(request.url()).pathname.startsWith("/api/") && !request.url().endsWith("/api/config")) auth.push(request.headers().authorization ?? "");
    });
    // The real bridge script is never fetched; the stand-in is installed before the page runs.
    await page.route("https://st.max.ru/**", (route) => route.abort("internetdisconnected"));
    const initData = sign(
      { user: { id: HEAD_MAX, first_name: "Тест", language_code: "ru" }, query_id: `max${HEAD_MAX}`, start_param: `school-${schoolIds["01"]}` } as never,
      MAX_TEST_TOKEN,
      new Date(),
    );
    await page.addInitScript(installMaxBridge, initData);
    await page.goto(url);
    await page.getByTestId("school-card").waitFor({ timeout: 20_000 });
    expect(await page.getByTestId("school-card-name").innerText()).toBe("МБОУ СОШ №1");
    expect(auth.length).toBeGreaterThan(0);
    expect(auth.every((header) => header.startsWith("max "))).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
