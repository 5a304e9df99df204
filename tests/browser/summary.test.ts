// The district summary page in a real browser at 320 px: district staff open it from the district
// page, every cell is a released figure or «—», the table scrolls inside its box, and the XLSX
// download arrives with the init data header (a blob saved by the page).
import fs from "node:fs";
import path from "node:path";
import { sign } from "@telegram-apps/init-data-node";
import ExcelJS from "exceljs";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer } from "../support/harness.ts";

const CHROMIUM = "/usr/bin/chromium";
const hasChromium = fs.existsSync(CHROMIUM);

function launchHash(botToken: string, userId: number): string {
  const initData = sign({ user: { id: userId, first_name: "Тест", language_code: "ru" } }, botToken, new Date());
  return new URLSearchParams({
    tgWebAppData: initData,
    tgWebAppVersion: "8.0",
    tgWebAppPlatform: "tdesktop",
    tgWebAppThemeParams: JSON.stringify({ bg_color: "#ffffff", text_color: "#000000", hint_color: "#707070", button_color: "#2481cc", button_text_color: "#ffffff" }),
  }).toString();
}

describe.skipIf(!hasChromium && !process.env.CI)("сводка района в браузере", () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  beforeAll(async () => {
    [server, browser] = await Promise.all([
      startTestServer(),
      chromium.launch({
        executablePath: CHROMIUM,
        args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
      }),
    ]);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("РУО открывает сводку со страницы района и скачивает Excel", async () => {
    const page = await browser.newPage({ viewport: { width: 320, height: 640 }, acceptDownloads: true });
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(String(error)));
    const auth: string[] = [];
    page.on("request", (request) => {
      if (request.url().includes("/summary")) auth.push(request.headers().authorization ?? "");
    });
    await page.goto(`${server.url}/#${launchHash(server.botToken, server.districtTelegramId)}`);
    await page.getByTestId(`district-link-${server.districtId}`).click({ timeout: 15_000 });
    await page.getByTestId("district-summary-link").click({ timeout: 15_000 });
    const table = page.getByTestId("summary-table");
    await table.waitFor({ timeout: 15_000 });
    const row = page.getByTestId(`summary-row-${server.headSchoolId}`);
    // Six teachers of the head's school completed: every area is a figure (a number, maybe with ≤/≥).
    const cells = await row.locator("td").allInnerTexts();
    expect(cells.length).toBeGreaterThan(0);
    for (const cell of cells) expect(cell).toMatch(/^(≤ |≥ )?\d+$/);
    // Nothing sticks out of the 320 px page: the table scrolls inside its own box.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    fs.mkdirSync(path.resolve("tests/.tmp"), { recursive: true });
    await page.screenshot({ path: path.resolve("tests/.tmp/miniapp-district-summary.png"), fullPage: true });

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("summary-download").click()]);
    expect(download.suggestedFilename()).toMatch(/^svodka-deficitov-.*\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile((await download.path())!);
    expect(book.getWorksheet("Школы × области")).toBeTruthy();
    expect(auth.every((header) => header.startsWith("tma "))).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
