// The аналитическая справка and the indicators' trends in the built Mini App, in headless Chromium on a
// 320 px phone: district staff open «Аналитическая справка», create the half-year's draft, edit the
// conclusions, add the working group, approve the report (then it is read only), put a growth point into
// the roadmap and download the XLSX; «Показатели» shows the trends with method, source and executor.
// Needs the built Mini App: `npm run build`, then `npx vitest run tests/browser/report.test.ts`.
import fs from "node:fs";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { serve, type ServerType } from "@hono/node-server";
import { sign } from "@telegram-apps/init-data-node";
import { chromium, type Browser } from "playwright-core";
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
const STAFF = 1601;

function launchHash(userId: number): string {
  const initData = sign({ user: { id: userId, first_name: "Тест", language_code: "ru" } } as never, TEST_TOKEN, new Date());
  return new URLSearchParams({
    tgWebAppData: initData,
    tgWebAppVersion: "8.0",
    tgWebAppPlatform: "tdesktop",
    tgWebAppThemeParams: JSON.stringify({ bg_color: "#ffffff", text_color: "#000000", button_color: "#2481cc", button_text_color: "#ffffff" }),
  }).toString();
}

describe.skipIf(!hasChromium && !process.env.CI)("аналитическая справка в браузере", () => {
  let db: Database;
  let server: ServerType;
  let url: string;
  let browser: Browser;
  let districtId: string;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, "index.html"))) throw new Error("Mini App не собран: выполните npm run build");
    [db, browser] = await Promise.all([
      openTestDatabase(),
      chromium.launch({ executablePath: CHROMIUM, args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"] }),
    ]);
    const district = await makeReportDistrict(db);
    districtId = district.district.id;
    await db.prisma.account.create({ data: { personId: district.staff.id, channel: "telegram", externalId: String(STAFF), chatId: String(STAFF) } });
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

  it("РУО создаёт справку, правит выводы, вносит рабочую группу, утверждает, корректирует дорожную карту и скачивает XLSX", async () => {
    const page = await browser.newPage({ viewport: NARROW_PHONE, acceptDownloads: true });
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(String(error)));
    page.on("dialog", (dialog) => void dialog.accept());
    await page.goto(`${url}/#${launchHash(STAFF)}`);
    await page.getByTestId(`reports-${districtId}-link`).click({ timeout: 20_000 });
    await page.getByTestId("reports").waitFor({ timeout: 20_000 });

    // The working group by order: the chair first, then the deputy.
    await page.getByRole("button", { name: "Добавить состав" }).click();
    const form = page.getByTestId("group-form");
    await form.locator("input").first().fill("Приказ РУО № 45");
    await form.locator("textarea").fill("Тимков А.В.; начальник управления образования\nКондрашова А.М.; заместитель начальника");
    await form.getByRole("button", { name: "Сохранить" }).click();
    await expect.poll(() => page.getByTestId("working-groups").innerText(), { timeout: 15_000 }).toContain("Тимков А.В. — начальник управления образования");

    await page.getByRole("button", { name: /Создать за полугодие/ }).click();
    await page.getByTestId("report").waitFor({ timeout: 30_000 });
    expect(await page.getByTestId("conclusions-draft").innerText()).toContain("Черновик выводов");
    const conclusions = page.getByTestId("conclusions").locator("textarea");
    await conclusions.nth(0).fill("Цели достигнуты частично.");
    await conclusions.nth(2).fill("Закрепить наставников за ШНОР");
    await page.getByRole("button", { name: "Сохранить выводы" }).click();
    await expect.poll(() => page.getByTestId("conclusions").innerText(), { timeout: 15_000 }).toContain("Сохранено.");

    const approval = page.getByTestId("approval");
    await approval.getByPlaceholder("Протокол № 3 от 25.12.2026").fill("Протокол № 3 от 25.12.2026");
    await approval.getByRole("button", { name: "Утвердить" }).click();
    await expect.poll(() => page.getByTestId("report-approved").innerText(), { timeout: 15_000 }).toContain("Протокол № 3 от 25.12.2026");
    expect(await page.getByTestId("approval").count()).toBe(0);
    const report = await db.prisma.effectivenessReport.findFirstOrThrow({ where: { districtId } });
    expect(report.approvalRef).toBe("Протокол № 3 от 25.12.2026");
    expect(report.workingGroupId).not.toBeNull();

    await page.getByTestId("growth-point-0").getByRole("button", { name: "В дорожную карту" }).click();
    await expect.poll(() => page.getByTestId("growth-point-0").innerText(), { timeout: 15_000 }).toContain("внесено в дорожную карту");
    expect(await db.prisma.roadmapEvent.count({ where: { title: "Закрепить наставников за ШНОР" } })).toBe(1);

    const [download] = await Promise.all([page.waitForEvent("download", { timeout: 30_000 }), page.getByTestId("download-xlsx").click()]);
    expect(download.suggestedFilename()).toMatch(/^spravka-\d{4}-H[12]\.xlsx$/);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(NARROW_PHONE.width);
    expect(errors).toEqual([]);
  }, 150_000);

  it("«Показатели»: динамика по годам с методикой, источником и исполнителем", async () => {
    const page = await browser.newPage({ viewport: NARROW_PHONE });
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(String(error)));
    await page.goto(`${url}/#${launchHash(STAFF)}`);
    await page.getByTestId(`indicators-link-${districtId}`).click({ timeout: 20_000 });
    await page.getByTestId("trend-listChanged").waitFor({ timeout: 20_000 });
    expect(await page.getByTestId("trend-listChanged-district").innerText()).toContain("67 % (2 из 3)");
    expect(await page.getByTestId("trend-diagnosed-district").innerText()).toContain("нет данных");
    await page.getByTestId("trend-listChanged").getByText("Методика, источник, исполнитель").click();
    expect(await page.getByTestId("trend-listChanged").innerText()).toContain("Ответственный исполнитель");
    expect(errors).toEqual([]);
  }, 90_000);
});
