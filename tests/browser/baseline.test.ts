// The baseline and the indicators in the built Mini App, in headless Chromium on a 320 px phone: district
// staff open «Базовый замер» from the start screen, choose a Google Forms export, see the check (the columns
// with people's data marked as not stored, nothing written), import it, and find it in the list with the
// comparison below; «Показатели» shows the table with hidden cells under the minimum.
// Needs the built Mini App: `npm run build`, then `npx vitest run tests/browser/baseline.test.ts`.
import fs from "node:fs";
import os from "node:os";
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
import { teacherDiagnosticV1 } from "../../core/instruments/teacher-diagnostic.ts";
import { PrismaAdminRepository } from "../../prisma/admin.ts";
import { PrismaIdentificationRepository } from "../../prisma/identification.ts";
import { PrismaRepository } from "../../prisma/repository.ts";
import type { Database } from "../../prisma/db.ts";
import { surveysContext } from "../../prisma/surveys.ts";
import { openTestDatabase } from "../support/db.ts";
import { makeDistrict } from "../support/district.ts";
import { MAX_TEST_TOKEN, TEST_TOKEN } from "../support/telegram.ts";

const CHROMIUM = "/usr/bin/chromium";
const hasChromium = fs.existsSync(CHROMIUM);
const WEB_DIST = path.resolve("miniapp/web/dist");
const NARROW_PHONE = { width: 320, height: 640 };
const STAFF = 701;

function launchHash(userId: number): string {
  const initData = sign({ user: { id: userId, first_name: "Тест", language_code: "ru" } } as never, TEST_TOKEN, new Date());
  return new URLSearchParams({
    tgWebAppData: initData,
    tgWebAppVersion: "8.0",
    tgWebAppPlatform: "tdesktop",
    tgWebAppThemeParams: JSON.stringify({ bg_color: "#ffffff", text_color: "#000000", button_color: "#2481cc", button_text_color: "#ffffff" }),
  }).toString();
}

/** Last year's diagnostic from Google Forms: e-mail and name columns, five teachers of school 01. */
function exportCsv(): string {
  const questions = teacherDiagnosticV1.questions;
  const header = ["Отметка времени", "Адрес электронной почты", "ФИО", "Школа", ...questions.map((question) => question.text)];
  const lines = [header.map((cell) => `"${cell}"`).join(",")];
  for (let row = 0; row < 5; row++) {
    lines.push([`12.03.2025 10:0${row}:00`, `t${row}@example.ru`, `Учитель ${row}`, "01", ...questions.map((_, index) => ((index + row) % 2 ? "Да" : "Скорее нет"))].map((cell) => `"${cell}"`).join(","));
  }
  return lines.join("\r\n");
}

describe.skipIf(!hasChromium && !process.env.CI)("базовый замер и показатели в браузере", () => {
  let db: Database;
  let server: ServerType;
  let url: string;
  let browser: Browser;
  let districtId: string;
  let dir: string;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, "index.html"))) throw new Error("Mini App не собран: выполните npm run build");
    [db, browser] = await Promise.all([
      openTestDatabase(),
      chromium.launch({ executablePath: CHROMIUM, args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"] }),
    ]);
    const district = await makeDistrict(db);
    districtId = district.district.id;
    const repo = new PrismaRepository(db.prisma);
    const deps = { repo, clock: { now: () => new Date() }, randomBytes: (size: number) => randomBytes(size), settings: DEFAULT_METHODOLOGY };
    const { person } = await redeemInvite(deps, await district.invite("district", null), { channel: "telegram", externalId: String(STAFF), chatId: String(STAFF), firstName: "Тест" });
    await giveConsent(deps, person.id);
    const app = createApp({
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
    });
    server = await new Promise<ServerType>((resolve) => {
      const instance = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(instance));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "baseline-browser-"));
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(null)));
    await db?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("РУО проверяет выгрузку, импортирует её и видит показатели", async () => {
    const page = await browser.newPage({ viewport: NARROW_PHONE });
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(String(error)));
    await page.goto(`${url}/#${launchHash(STAFF)}`);
    await page.getByTestId(`baseline-link-${districtId}`).click({ timeout: 20_000 });
    await page.getByTestId("baseline-instrument").waitFor({ timeout: 15_000 });
    const file = path.join(dir, "Ответы (1).csv");
    fs.writeFileSync(file, exportCsv());
    await page.getByTestId("baseline-file").setInputFiles(file);
    const preview = page.getByTestId("baseline-preview");
    await preview.waitFor({ timeout: 20_000 });
    const text = await preview.innerText();
    expect(text).toContain("К импорту: 5 ответов, 1 школа");
    expect(await page.getByTestId("baseline-column-B").innerText()).toContain("не сохраняется");
    expect(text).not.toContain("@example.ru");
    expect(await db.prisma.response.count({ where: { source: "import" } })).toBe(0);

    await page.getByTestId("baseline-import").click();
    await expect.poll(() => page.getByTestId("baseline-result").innerText(), { timeout: 20_000 }).toMatch(/Импортировано 5 ответов/);
    await page.getByTestId("baseline-comparison").waitFor({ timeout: 20_000 });
    expect(await db.prisma.response.count({ where: { source: "import", personId: null } })).toBe(5);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(NARROW_PHONE.width);

    await page.goBack();
    await page.getByTestId(`indicators-link-${districtId}`).click({ timeout: 15_000 });
    await page.getByTestId("indicators").waitFor({ timeout: 20_000 });
    expect(await page.getByTestId("indicators-row-district").innerText()).toContain("скрыто");
    expect(errors).toEqual([]);
  }, 120_000);
});
