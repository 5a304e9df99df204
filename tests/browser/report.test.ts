// The аналитическая справка and the indicators' trends in the built Mini App, in headless Chromium on a
// 320 px phone: district staff open «Аналитическая справка», create the half-year's draft, edit the
// conclusions, add the working group, approve the report (then it is read only), put a growth point into
// the roadmap and download the XLSX; «Показатели» shows the trends with method, source and executor.
// Needs the built Mini App: `npm run build`, then `npx vitest run tests/browser/report.test.ts`.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../prisma/db.ts";
import { openTestDatabase } from "../support/db.ts";
import { makeReportDistrict } from "../support/report-district.ts";
import { hasChromium, launchChromium, launchHash, NARROW_PHONE, serveMiniApp } from "../support/browser.ts";

const STAFF = 1601;

describe.skipIf(!hasChromium && !process.env.CI)("аналитическая справка в браузере", () => {
  let db: Database;
  let server: Awaited<ReturnType<typeof serveMiniApp>> | undefined;
  let url: string;
  let browser: Browser;
  let districtId: string;

  beforeAll(async () => {
    [db, browser] = await Promise.all([openTestDatabase(), launchChromium()]);
    const district = await makeReportDistrict(db);
    districtId = district.district.id;
    await db.prisma.account.create({ data: { personId: district.staff.id, channel: "telegram", externalId: String(STAFF), chatId: String(STAFF) } });
    server = await serveMiniApp(db);
    url = server.url;
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
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
