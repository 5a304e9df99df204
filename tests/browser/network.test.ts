// The network around the schools (#15) in the built Mini App, in headless Chromium on a 320 px phone:
// each role opens every section its home screen offers (district staff, a working-group member, the
// institute's methodologist, a head, a teacher, an assigned curator); each page draws its content, asks
// nothing the server refuses, throws no error and fits the screen.
// Needs the built Mini App: `npm run build`, then `npx vitest run tests/browser/network.test.ts`.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Role } from "../../core/roles.ts";
import type { Database } from "../../prisma/db.ts";
import { openTestDatabase } from "../support/db.ts";
import { makeReportDistrict } from "../support/report-district.ts";
import { hasChromium, launchChromium, launchHash, NARROW_PHONE, serveMiniApp } from "../support/browser.ts";

if (!hasChromium && !process.env.CI) console.warn("\n⚠️  Chromium не найден (/usr/bin/chromium): браузерный тест страниц сети поддержки школ пропущен.\n");

/** Telegram user ids of the people of the walk, by role. */
const USERS: Partial<Record<Role, number>> = {
  district: 1801,
  head: 1802,
  teacher: 1803,
  curator: 1804,
  methodologist: 1805,
  working_group: 1806,
};

describe.skipIf(!hasChromium && !process.env.CI)("страницы сети поддержки школ в браузере", () => {
  let db: Database;
  let server: Awaited<ReturnType<typeof serveMiniApp>> | undefined;
  let url: string;
  let browser: Browser;
  let districtId: string;
  /** API answers of 4xx/5xx the pages got: a page must not ask for what its user may not read. */
  const refused: string[] = [];

  beforeAll(async () => {
    [db, browser] = await Promise.all([openTestDatabase(), launchChromium()]);
    const district = await makeReportDistrict(db);
    districtId = district.district.id;
    const schoolId = district.schools[0]!.id;
    const people: Partial<Record<Role, string>> = { district: district.staff.id, head: district.head.id };
    for (const role of ["teacher", "curator", "methodologist", "working_group"] as const) {
      const schoolRole = role === "teacher" || role === "curator";
      const person = await db.prisma.person.create({
        data: { displayName: `Участник (${role})`, consentAt: new Date(), memberships: { create: { role, districtId, schoolId: schoolRole ? schoolId : null } } },
      });
      people[role] = person.id;
    }
    await db.prisma.account.createMany({
      data: Object.entries(USERS).map(([role, userId]) => ({
        personId: people[role as Role]!,
        channel: "telegram",
        externalId: String(userId),
        chatId: String(userId),
      })),
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
      if (response.url().includes("/api/") && response.status() >= 400) refused.push(`${userId}: ${response.status()} ${response.url()}`);
    });
    // API requests in flight: a page is done when none is left (quicker than waiting for network idle).
    page.on("request", (request) => {
      if (request.url().includes("/api/")) inFlight.set(page, (inFlight.get(page) ?? 0) + 1);
    });
    const settle = (request: { url(): string }) => {
      if (request.url().includes("/api/")) inFlight.set(page, (inFlight.get(page) ?? 1) - 1);
    };
    page.on("requestfinished", settle);
    page.on("requestfailed", settle);
    await page.goto(`${url}/#${launchHash(userId)}`);
    return { page, errors };
  }
  const inFlight = new Map<Page, number>();

  /** Every network link of the home screen, in turn: the page draws, fits 320 px, and goes back. */
  async function walk(page: Page): Promise<string[]> {
    await page.getByTestId(new RegExp(`^net-[A-Za-z]+-${districtId}$`)).first().waitFor({ timeout: 20_000 });
    const links = await page.getByTestId(new RegExp(`^net-[A-Za-z]+-${districtId}$`)).evaluateAll((cells) => cells.map((cell) => cell.getAttribute("data-testid")!));
    for (const link of links) {
      await page.getByTestId(link).click({ timeout: 20_000 });
      await page.getByTestId(/^network-page-/).waitFor({ timeout: 20_000 });
      // Loaded: no spinner left, and some words drawn.
      await expect.poll(async () => (await page.locator("main").innerText()).replace(/\s+/g, " ").length, { timeout: 15_000 }).toBeGreaterThan(40);
      await expect.poll(() => inFlight.get(page) ?? 0, { timeout: 15_000 }).toBe(0);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), link).toBeLessThanOrEqual(NARROW_PHONE.width);
      await page.goBack();
      await page.getByTestId(link).waitFor({ timeout: 20_000 });
    }
    return links.map((link) => link.replace(/^net-/, "").replace(`-${districtId}`, ""));
  }

  it("РУО открывает все разделы сети поддержки", async () => {
    const { page, errors } = await open(USERS.district!);
    expect(await walk(page)).toEqual(["assignments", "visits", "seminars", "events", "library", "programmes", "workingGroup", "atRisk", "reserve"]);
    expect(errors).toEqual([]);
    expect(refused).toEqual([]);
  }, 240_000);

  it("член рабочей группы, методист, руководитель, педагог и куратор открывают свои разделы", async () => {
    const expected: Array<[Role, string[]]> = [
      ["working_group", ["assignments", "visits", "seminars", "events", "library", "programmes", "workingGroup", "atRisk"]],
      ["methodologist", ["seminars", "events", "library"]],
      ["head", ["myNetwork", "visits", "seminars", "events", "library", "programmes", "atRisk"]],
      ["teacher", ["seminars", "events", "library"]],
      ["curator", ["myNetwork", "visits", "events", "library"]],
    ];
    for (const [role, sections] of expected) {
      const { page, errors } = await open(USERS[role]!);
      expect(await walk(page), role).toEqual(sections);
      expect(errors, role).toEqual([]);
      await page.close();
    }
    expect(refused).toEqual([]);
  }, 400_000);
});
