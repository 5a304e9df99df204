// The management loop's pages (#14) in the built Mini App, in headless Chromium on a 320 px phone: district
// staff open every page from the home screen, a head the school's roadmap, «Рекомендации мне» and «Мои
// задачи»; each page draws its content, asks nothing the server refuses, and throws no error.
// Needs the built Mini App: `npm run build`, then `npx vitest run tests/browser/management.test.ts`.
import fs from "node:fs";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { serve, type ServerType } from "@hono/node-server";
import { sign } from "@telegram-apps/init-data-node";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../miniapp/api/app.ts";
import { DEFAULT_METHODOLOGY } from "../../core/methodology/settings.ts";
import { PrismaAdminRepository } from "../../prisma/admin.ts";
import { PrismaIdentificationRepository } from "../../prisma/identification.ts";
import { PrismaRepository } from "../../prisma/repository.ts";
import type { Database } from "../../prisma/db.ts";
import { surveysContext } from "../../prisma/surveys.ts";
import { openTestDatabase } from "../support/db.ts";
import { testManagement } from "../support/management.ts";
import { makeReportDistrict } from "../support/report-district.ts";
import { MAX_TEST_TOKEN, TEST_TOKEN } from "../support/telegram.ts";

const CHROMIUM = "/usr/bin/chromium";
const hasChromium = fs.existsSync(CHROMIUM);
const WEB_DIST = path.resolve("miniapp/web/dist");
const NARROW_PHONE = { width: 320, height: 640 };
const STAFF = 1701;
const HEAD = 1702;

function launchHash(userId: number): string {
  const initData = sign({ user: { id: userId, first_name: "Тест", language_code: "ru" } } as never, TEST_TOKEN, new Date());
  return new URLSearchParams({
    tgWebAppData: initData,
    tgWebAppVersion: "8.0",
    tgWebAppPlatform: "tdesktop",
    tgWebAppThemeParams: JSON.stringify({ bg_color: "#ffffff", text_color: "#000000", button_color: "#2481cc", button_text_color: "#ffffff" }),
  }).toString();
}

if (!hasChromium && !process.env.CI) console.warn("\n⚠️  Chromium не найден (/usr/bin/chromium): браузерный тест страниц цикла управления пропущен.\n");

describe.skipIf(!hasChromium && !process.env.CI)("страницы цикла управления в браузере", () => {
  let db: Database;
  let server: ServerType;
  let url: string;
  let browser: Browser;
  let districtId: string;
  let schoolId: string;
  /** API answers of 4xx/5xx the pages got: a page must not ask for what its user may not read. */
  const refused: string[] = [];

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, "index.html"))) throw new Error("Mini App не собран: выполните npm run build");
    [db, browser] = await Promise.all([
      openTestDatabase(),
      chromium.launch({ executablePath: CHROMIUM, args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"] }),
    ]);
    const district = await makeReportDistrict(db);
    districtId = district.district.id;
    schoolId = (await db.prisma.membership.findFirstOrThrow({ where: { personId: district.head.id, role: "head" } })).schoolId!;
    await db.prisma.account.createMany({
      data: [
        { personId: district.staff.id, channel: "telegram", externalId: String(STAFF), chatId: String(STAFF) },
        { personId: district.head.id, channel: "telegram", externalId: String(HEAD), chatId: String(HEAD) },
      ],
    });
    const app = createApp({
      repo: new PrismaRepository(db.prisma),
      admin: new PrismaAdminRepository(db.prisma),
      ident: new PrismaIdentificationRepository(db.prisma),
      surveys: surveysContext(db.prisma),
      management: testManagement(db),
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
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(null)));
    await db?.close();
  });

  async function open(userId: number) {
    const page = await browser.newPage({ viewport: NARROW_PHONE });
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(String(error)));
    page.on("response", (response) => {
      if (response.url().includes("/api/") && response.status() >= 400) refused.push(`${response.status()} ${response.url()}`);
    });
    await page.goto(`${url}/#${launchHash(userId)}`);
    return { page, errors };
  }

  /** From the home screen through a link to a page, which must draw `testId` and then the way back. */
  async function visit(page: Page, link: string, testId: string, expectText: RegExp) {
    await page.getByTestId(link).click({ timeout: 20_000 });
    await page.getByTestId(testId).waitFor({ timeout: 20_000 });
    await expect.poll(() => page.getByTestId(testId).innerText(), { timeout: 15_000 }).toMatch(expectText);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(NARROW_PHONE.width);
    await page.goBack();
  }

  it("РУО открывает рекомендации, дорожные карты, решения, календарь и рассылки", async () => {
    const { page, errors } = await open(STAFF);
    await visit(page, `recommendations-${districtId}-link`, "recommendations", /Программа перехода в эффективный режим/);
    await visit(page, `roadmaps-${districtId}-link`, "roadmaps-page", /Дорожная карта района/);
    await visit(page, `decisions-${districtId}-link`, "decisions", /\S/);
    await visit(page, `calendar-${districtId}-link`, "calendar", /Идентификация школ с низкими результатами обучения/);
    await visit(page, `broadcasts-${districtId}-link`, "broadcast-compose", /\S/);
    // The broadcast's preview counts the audience without sending anything.
    await page.getByTestId(`broadcasts-${districtId}-link`).click({ timeout: 20_000 });
    await page.getByTestId("broadcast-compose").locator("textarea").fill("Совещание руководителей переносится на пятницу.");
    await page.getByRole("button", { name: "Посчитать получателей" }).click();
    await expect.poll(() => page.getByTestId("broadcast-preview").innerText(), { timeout: 15_000 }).toMatch(/Дойдёт до \d+ из \d+/);
    expect(await db.prisma.outbox.count()).toBe(0);
    expect(errors).toEqual([]);
    expect(refused).toEqual([]);
  }, 150_000);

  it("руководитель открывает дорожную карту школы, рекомендации себе и свои задачи", async () => {
    const { page, errors } = await open(HEAD);
    await visit(page, `school-roadmap-${schoolId}-link`, "roadmap-page", /\S/);
    await visit(page, "my-recommendations-link", "my-recommendations", /\S/);
    await visit(page, "my-tasks-link", "my-tasks-page", /\S/);
    expect(errors).toEqual([]);
    expect(refused).toEqual([]);
  }, 150_000);
});
