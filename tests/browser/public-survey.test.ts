// The plain web page of anonymous surveys (#13) in headless Chromium WITH JAVASCRIPT OFF on a 320 px
// phone: a parent opens the school's link, types the class code from the sheet, answers question by
// question and reads «Спасибо». Needs no Mini App build (the page is server-rendered): runs as is.
import fs from "node:fs";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { serve, type ServerType } from "@hono/node-server";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../prisma/db.ts";
import { formatClassCode } from "../../core/services/anonymous.ts";
import { openTestDatabase } from "../support/db.ts";
import { makeDistrict } from "../support/district.ts";
import { makeTestApi } from "../support/api.ts";
import { issueCodes, openParentCampaign } from "../support/anonymous.ts";

const CHROMIUM = "/usr/bin/chromium";
const hasChromium = fs.existsSync(CHROMIUM);
const SCREENSHOTS = path.resolve("tests/.tmp");
const OLD_PHONE = { width: 320, height: 568 };

describe.skipIf(!hasChromium && !process.env.CI)("веб-страница опроса в браузере без JavaScript", () => {
  let db: Database;
  let server: ServerType;
  let url: string;
  let browser: Browser;
  let token: string;
  let codes: string[];

  beforeAll(async () => {
    [db, browser] = await Promise.all([
      openTestDatabase(),
      chromium.launch({ executablePath: CHROMIUM, args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"] }),
    ]);
    const { district, schools } = await makeDistrict(db);
    const campaign = await openParentCampaign(db, district.id);
    const issued = await issueCodes(db, district.id, campaign.id, schools[0]!.id, [{ label: "5А", count: 2 }]);
    token = issued.link.token;
    codes = issued.classes[0]!.codes;
    const app = makeTestApi(db);
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

  it("код → вопросы → «Спасибо»; повторный код отклонён", async () => {
    const context = await browser.newContext({ viewport: OLD_PHONE, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${url}/s/${token}`);
    expect(await page.title()).toBe("Анонимный опрос");
    // Nothing wider than the phone: no horizontal scrolling.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(OLD_PHONE.width);
    await page.fill("input[name=code]", formatClassCode(codes[0]!));
    await page.click("button[type=submit]");
    await expect.poll(() => page.textContent("p.q")).toBe("Ребёнку безопасно в школе?");
    await page.screenshot({ path: path.join(SCREENSHOTS, "public-survey-question.png"), fullPage: true });
    await page.click("text=Скорее да");
    await page.click("button[value=next]");
    await expect.poll(() => page.textContent("p.q")).toBe("Как вы узнаёте об успехах ребёнка?");
    await page.click("text=Электронный дневник");
    await page.click("button[value=next]");
    await page.click("text=Праздники");
    await page.click("button[value=next]");
    await page.click("label:has-text('Да')");
    await page.click("button[value=next]");
    await expect.poll(() => page.textContent("p.q")).toBe("Сколько часов в неделю ребёнок делает уроки?");
    await page.fill("input[name=v]", "abc");
    await page.click("button[value=next]");
    expect(await page.textContent(".problem")).toBe("Напишите число цифрами, например 12 или 3,5.");
    await page.fill("input[name=v]", "10");
    await page.click("button[value=next]");
    await expect.poll(() => page.textContent("p.q")).toContain("Что ещё сказать школе?");
    await page.click("button[value=skip]");
    await expect.poll(() => page.textContent("h1")).toBe("Спасибо!");
    await page.screenshot({ path: path.join(SCREENSHOTS, "public-survey-thanks.png"), fullPage: true });

    await page.goto(`${url}/s/${token}`);
    await page.fill("input[name=code]", codes[0]!);
    await page.click("button[type=submit]");
    await expect.poll(() => page.textContent(".problem")).toContain("Этот код уже использован");
    await context.close();
    const response = await db.prisma.response.findFirstOrThrow({ where: { source: "web" } });
    expect(response.completedAt).not.toBeNull();
    expect(response.personId).toBeNull();
  });
});
