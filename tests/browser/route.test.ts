// Routes (ИОМ) in the built Mini App, in headless Chromium on a 320 px phone: a teacher who comes with
// the bot's start parameter `route` sees their route from their own diagnostic, marks a course done,
// sets their attributes; district staff upload a catalog with a mistake and see it by row and column.
// Needs the built Mini App (npm run build) and /usr/bin/chromium.
import fs from "node:fs";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";
import { serve, type ServerType } from "@hono/node-server";
import { sign } from "@telegram-apps/init-data-node";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../miniapp/api/app.ts";
import { teacherDiagnosticV1 } from "../../core/instruments/teacher-diagnostic.ts";
import { DEFAULT_METHODOLOGY } from "../../core/methodology/settings.ts";
import { giveConsent, redeemInvite } from "../../core/services/onboarding.ts";
import { PrismaAdminRepository } from "../../prisma/admin.ts";
import { PrismaIdentificationRepository } from "../../prisma/identification.ts";
import { PrismaRepository } from "../../prisma/repository.ts";
import { surveysContext } from "../../prisma/surveys.ts";
import type { Database } from "../../prisma/db.ts";
import { openTestDatabase } from "../support/db.ts";
import { makeDistrict } from "../support/district.ts";
import { MAX_TEST_TOKEN, TEST_TOKEN } from "../support/telegram.ts";

const CHROMIUM = "/usr/bin/chromium";
const hasChromium = fs.existsSync(CHROMIUM);
const WEB_DIST = path.resolve("miniapp/web/dist");
const SCREENSHOTS = path.resolve("tests/.tmp");
const NARROW_PHONE = { width: 320, height: 640 };
const TEACHER = 701;
const STAFF = 702;

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

describe.skipIf(!hasChromium && !process.env.CI)("маршрут (ИОМ) в браузере", () => {
  let db: Database;
  let server: ServerType;
  let url: string;
  let browser: Browser;
  let districtId: string;
  let teacherId: string;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, "index.html"))) throw new Error("Mini App не собран: выполните npm run build");
    [db, browser] = await Promise.all([
      openTestDatabase(),
      chromium.launch({ executablePath: CHROMIUM, args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"] }),
    ]);
    const district = await makeDistrict(db, { schools: 1 });
    districtId = district.district.id;
    const repo = new PrismaRepository(db.prisma);
    const deps = { repo, clock: { now: () => new Date() }, randomBytes: (size: number) => randomBytes(size), settings: DEFAULT_METHODOLOGY };
    const join = async (user: number, code: string) => {
      const { person } = await redeemInvite(deps, code, { channel: "telegram", externalId: String(user), chatId: String(user), firstName: "Тест" });
      await giveConsent(deps, person.id);
      return person.id;
    };
    teacherId = await join(TEACHER, await district.invite("teacher", district.schools[0]!.id));
    await join(STAFF, await district.invite("district", null));
    await db.prisma.course.create({
      data: { districtId, title: "Инклюзия на уроке", provider: "ЦНППМ", hours: 36, areas: ["disabilities"], url: "https://iro.example.ru/1" },
    });
    await db.prisma.response.create({
      data: {
        campaignId: district.campaign.id,
        personId: teacherId,
        completedAt: new Date(),
        answers: {
          create: teacherDiagnosticV1.questions.map((question) => {
            const value = question.areaId === "disabilities" ? 1 : 4;
            return { questionId: question.id, value: question.reverse ? 5 - value : value };
          }),
        },
      },
    });
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
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(null)));
    await db?.close();
  });

  it("педагог открывает маршрут из бота, отмечает курс и сохраняет сведения о себе", async () => {
    const page = await browser.newPage({ viewport: NARROW_PHONE });
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(String(error)));
    await page.goto(`${url}/#${launchHash(TEACHER, "route")}`);
    await page.getByTestId("route-page").waitFor({ timeout: 20_000 });
    const first = page.getByTestId("route-item-1");
    expect(await first.innerText()).toContain("Курс: Инклюзия на уроке");
    await page.getByTestId("route-done-1").click();
    await expect.poll(() => first.innerText(), { timeout: 15_000 }).toContain("✅");
    await page.getByTestId("route-link-1").fill("https://iro.example.ru/cert/9");
    await first.getByText("Сохранить ссылку").click();
    await expect.poll(async () => (await db.prisma.routeItem.findFirst({ where: { title: "Инклюзия на уроке" } }))?.certificateUrl, { timeout: 15_000 }).toBe(
      "https://iro.example.ru/cert/9",
    );

    await page.getByTestId("attr-years").fill("2");
    await page.getByTestId("attr-category").selectOption("first");
    await page.getByTestId("attr-young").selectOption("yes");
    await page.getByTestId("attr-save").click();
    await expect.poll(async () => db.prisma.teacherAttributes.findUnique({ where: { personId: teacherId } }), { timeout: 15_000 }).toMatchObject({
      serviceYears: 2,
      category: "first",
      young: true,
      newlyArrived: null,
    });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(NARROW_PHONE.width);
    await page.screenshot({ path: path.join(SCREENSHOTS, "miniapp-route.png"), fullPage: true });
    expect(errors).toEqual([]);
  });

  it("РУО загружает каталог с ошибкой и видит её со строкой и столбцом", async () => {
    const page = await browser.newPage({ viewport: NARROW_PHONE });
    await page.goto(`${url}/#${launchHash(STAFF, "")}`);
    await page.getByTestId(`courses-link-${districtId}`).click({ timeout: 20_000 });
    await page.getByTestId("courses-page").waitFor({ timeout: 20_000 });
    const csv = "Название;Организатор;Часы;Компетенции\nКурс по ВПР;ИРО;сорок;ВПР\n";
    await page.getByTestId("courses-file").setInputFiles({ name: "каталог.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await expect.poll(() => page.getByTestId("courses-problems").innerText(), { timeout: 15_000 }).toContain("строка 2, столбец «Часы»");
    expect(await db.prisma.course.count({ where: { districtId } })).toBe(1);
  });
});
