// The management loop's pages (#14) in the built Mini App, in headless Chromium on a 320 px phone: district
// staff open every page from the home screen, a head the school's roadmap, «Рекомендации мне» and «Мои
// задачи»; each page draws its content, asks nothing the server refuses, and throws no error.
// Needs the built Mini App: `npm run build`, then `npx vitest run tests/browser/management.test.ts`.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../prisma/db.ts";
import { openTestDatabase } from "../support/db.ts";
import { makeReportDistrict } from "../support/report-district.ts";
import { hasChromium, launchChromium, launchHash, NARROW_PHONE, serveMiniApp } from "../support/browser.ts";

const STAFF = 1701;
const HEAD = 1702;

if (!hasChromium && !process.env.CI) console.warn("\n⚠️  Chromium не найден (/usr/bin/chromium): браузерный тест страниц цикла управления пропущен.\n");

describe.skipIf(!hasChromium && !process.env.CI)("страницы цикла управления в браузере", () => {
  let db: Database;
  let server: Awaited<ReturnType<typeof serveMiniApp>> | undefined;
  let url: string;
  let browser: Browser;
  let districtId: string;
  let schoolId: string;
  /** API answers of 4xx/5xx the pages got: a page must not ask for what its user may not read. */
  const refused: string[] = [];

  beforeAll(async () => {
    [db, browser] = await Promise.all([openTestDatabase(), launchChromium()]);
    const district = await makeReportDistrict(db);
    districtId = district.district.id;
    schoolId = (await db.prisma.membership.findFirstOrThrow({ where: { personId: district.head.id, role: "head" } })).schoolId!;
    await db.prisma.account.createMany({
      data: [
        { personId: district.staff.id, channel: "telegram", externalId: String(STAFF), chatId: String(STAFF) },
        { personId: district.head.id, channel: "telegram", externalId: String(HEAD), chatId: String(HEAD) },
      ],
    });
    server = await serveMiniApp(db);
    url = server.url;
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
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
