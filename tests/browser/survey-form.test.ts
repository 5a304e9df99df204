// The survey form in the built Mini App, in headless Chromium on a 320 px phone (#13, H5): a teacher
// opens «Мои анкеты» from the start screen (or the form straight from the bot's survey-<id> link),
// answers every question type by section, sees branching live (a hidden question disappears), a
// Russian validation message from the server, «Сохранено»; «Отправить» names a missing required
// answer, then completes. A lost connection shows «Нет связи» and the answer is saved on retry.
//
// Needs the built Mini App: `npm run build` (the integrator), or for this test alone
// `npx vite build --config miniapp/web/vite.config.ts --outDir /tmp/web-dist --emptyOutDir` and
// `WEB_DIST=/tmp/web-dist npx vitest run tests/browser/survey-form.test.ts`.
import fs from "node:fs";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";
import { serve, type ServerType } from "@hono/node-server";
import { sign } from "@telegram-apps/init-data-node";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../miniapp/api/app.ts";
import { DEFAULT_METHODOLOGY } from "../../core/methodology/settings.ts";
import { giveConsent, redeemInvite } from "../../core/services/onboarding.ts";
import { fromStoredAnswer } from "../../core/survey/answers.ts";
import { builtInInstrument } from "../../core/instruments/catalog.ts";
import { PrismaAdminRepository } from "../../prisma/admin.ts";
import { PrismaIdentificationRepository } from "../../prisma/identification.ts";
import { PrismaRepository } from "../../prisma/repository.ts";
import { surveysContext } from "../../prisma/surveys.ts";
import type { Database } from "../../prisma/db.ts";
import { openTestDatabase } from "../support/db.ts";
import { makeDistrict } from "../support/district.ts";
import { openSurveyCampaign } from "../support/survey-instrument.ts";
import { MAX_TEST_TOKEN, TEST_TOKEN } from "../support/telegram.ts";

const CHROMIUM = "/usr/bin/chromium";
const hasChromium = fs.existsSync(CHROMIUM);
if (!hasChromium && !process.env.CI) console.warn(`\n!!! Browser tests SKIPPED: ${CHROMIUM} not found.\n`);
const WEB_DIST = path.resolve(process.env.WEB_DIST ?? "miniapp/web/dist");
const SCREENSHOTS = path.resolve("tests/.tmp");
const NARROW_PHONE = { width: 320, height: 640 };

const TEACHER = 501;
const TEACHER2 = 502;
const HEAD = 503;
/** A teacher in MAX. */
const TEACHER_MAX = 504;

/** What MAX Bridge gives the page (runs in the browser): signed init data with the start parameter. */
function installMaxBridge(initData: string) {
  const noop = () => undefined;
  Object.assign(window, { WebApp: { initData, platform: "android", ready: noop, BackButton: { show: noop, hide: noop, onClick: noop, offClick: noop } } });
}
const LIGHT = { bg_color: "#ffffff", text_color: "#000000", hint_color: "#707070", button_color: "#2481cc", button_text_color: "#ffffff" };

function launchHash(userId: number, startParam: string): string {
  const user = { id: userId, first_name: "Тест", language_code: "ru" };
  const initData = sign((startParam ? { user, start_param: startParam } : { user }) as never, TEST_TOKEN, new Date());
  return new URLSearchParams({
    tgWebAppData: initData,
    tgWebAppVersion: "8.0",
    tgWebAppPlatform: "android",
    ...(startParam ? { tgWebAppStartParam: startParam } : {}),
    tgWebAppThemeParams: JSON.stringify(LIGHT),
  }).toString();
}

describe.skipIf(!hasChromium && !process.env.CI)("анкета в Mini App (браузер)", () => {
  let db: Database;
  let server: ServerType;
  let url: string;
  let browser: Browser;
  let campaignId: string;
  let closedId: string;
  let cardId: string;
  const people: Record<number, string> = {};

  /** My saved answers as the store keeps them: question id → answer. */
  const saved = async (user: number) => {
    const response = await db.prisma.response.findFirst({ where: { campaignId, personId: people[user] }, include: { answers: true } });
    return {
      completedAt: response?.completedAt ?? null,
      source: response?.source ?? null,
      answers: Object.fromEntries((response?.answers ?? []).map((row) => [row.questionId, fromStoredAnswer(row)])),
    };
  };

  /** Controls smaller than a finger (44 × 44 px), as tests/browser/miniapp.test.ts checks the other pages; unseen ones aside. */
  const smallTargets = (page: Page) =>
    page.evaluate(() =>
      [...document.querySelectorAll("button, a[href], [role='button'], input, select, textarea")].flatMap((element) => {
        const rect = element.getBoundingClientRect();
        const style = getComputedStyle(element);
        if (rect.width <= 1 || rect.height <= 1 || style.display === "none" || style.visibility === "hidden" || Number(style.opacity) === 0) return [];
        return rect.width < 44 || rect.height < 44 ? [`${element.tagName} «${(element.textContent ?? "").trim().slice(0, 30)}» ${Math.round(rect.width)}×${Math.round(rect.height)}`] : [];
      }),
    );

  const watch = (page: Page) => {
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(String(error)));
    return errors;
  };

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, "index.html"))) throw new Error(`Mini App не собран (${WEB_DIST}): выполните npm run build`);
    [db, browser] = await Promise.all([
      openTestDatabase(),
      chromium.launch({
        executablePath: CHROMIUM,
        args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
      }),
    ]);
    const district = await makeDistrict(db);
    const repo = new PrismaRepository(db.prisma);
    const deps = { repo, clock: { now: () => new Date() }, randomBytes: (size: number) => randomBytes(size), settings: DEFAULT_METHODOLOGY };
    for (const user of [TEACHER, TEACHER2]) {
      const code = await district.invite("teacher", district.schools[0]!.id);
      const { person } = await redeemInvite(deps, code, { channel: "telegram", externalId: String(user), chatId: String(user), firstName: "Тест" });
      await giveConsent(deps, person.id);
      people[user] = person.id;
    }
    {
      const { person } = await redeemInvite(deps, await district.invite("teacher", district.schools[0]!.id), {
        channel: "max",
        externalId: String(TEACHER_MAX),
        chatId: String(TEACHER_MAX),
        firstName: "Тест",
      });
      await giveConsent(deps, person.id);
      people[TEACHER_MAX] = person.id;
    }
    {
      const { person } = await redeemInvite(deps, await district.invite("head", district.schools[0]!.id), {
        channel: "telegram",
        externalId: String(HEAD),
        chatId: String(HEAD),
        firstName: "Тест",
      });
      await giveConsent(deps, person.id);
      people[HEAD] = person.id;
    }
    cardId = (
      await openSurveyCampaign(db.prisma, district.district.id, {
        title: "Карта самоанализа школы",
        instrument: builtInInstrument("school_card")!,
        audience: { roles: ["head"], schoolIds: null },
      })
    ).id;
    campaignId = (await openSurveyCampaign(db.prisma, district.district.id, { title: "Анкета педагогов" })).id;
    closedId = (await openSurveyCampaign(db.prisma, district.district.id, { title: "Прошлая анкета", closedAt: new Date(Date.now() - 60_000) })).id;
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

  it("педагог находит анкету на главной, отвечает по разделам (все типы вопросов, ветвление, проверка) и отправляет", async () => {
    const page = await browser.newPage({ viewport: NARROW_PHONE });
    const errors = watch(page);
    await page.goto(`${url}/#${launchHash(TEACHER, "")}`);
    await page.getByTestId("surveys-link").click({ timeout: 20_000 });
    const link = page.getByTestId(`survey-link-${campaignId}`);
    await link.waitFor({ timeout: 15_000 });
    expect(await link.innerText()).toMatch(/Анкета педагогов[\s\S]*ещё не начата/);
    await link.click();
    await page.getByTestId("survey-form").waitFor({ timeout: 15_000 });
    expect(await page.getByTestId("survey-form").innerText()).toContain("Проверочная анкета: все виды вопросов.");

    // Section 1 «О вас»: «Другое» opens the follow-up question, another role hides it again.
    await page.getByTestId("q-q_role-opt-3").check();
    await page.getByTestId("q-q_other").waitFor({ timeout: 5_000 });
    await page.getByTestId("q-q_other-input").fill("Педагог-организатор");
    await page.getByTestId("q-q_role-opt-1").check();
    await expect.poll(() => page.getByTestId("q-q_other").count()).toBe(0);
    await expect.poll(() => page.getByTestId("survey-save").getAttribute("data-state"), { timeout: 15_000 }).toBe("saved");
    expect(await page.getByTestId("survey-save").innerText()).toContain("Сохранено");
    await expect.poll(async () => (await saved(TEACHER)).answers.q_role, { timeout: 10_000 }).toEqual({ kind: "int", value: 1 });
    expect((await saved(TEACHER)).source).toBe("app");
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(NARROW_PHONE.width);

    // Section 2 «Работа».
    await page.getByTestId("survey-next").click();
    await page.getByTestId("survey-section-work").waitFor({ timeout: 5_000 });
    await page.getByTestId("q-q_likert-unsure").check();
    expect(await page.getByTestId("q-q_count").count()).toBe(0);
    await page.getByTestId("q-q_yes-opt-1").check();
    await page.getByTestId("q-q_count").waitFor({ timeout: 5_000 });
    // Out of bounds: the server's Russian message under the question; then a right number clears it.
    await page.getByTestId("q-q_count-input").fill("100");
    await page.getByTestId("q-q_count-input").blur();
    const problem = page.getByTestId("q-q_count-problem");
    await problem.waitFor({ timeout: 15_000 });
    expect(await problem.innerText()).toMatch(/^Число должно быть не больше 40 чел/);
    await page.getByTestId("q-q_count-input").fill("12");
    await page.getByTestId("q-q_count-input").blur();
    await expect.poll(() => problem.count(), { timeout: 15_000 }).toBe(0);
    await page.getByTestId("q-q_multi-opt-1").check();
    await page.getByTestId("q-q_multi-opt-2").check();
    // Two picks at most: the others wait.
    expect(await page.getByTestId("q-q_multi-opt-3").isDisabled()).toBe(true);

    // «Отправить» with a required question left: named, nothing completed.
    await page.getByTestId("survey-submit").click();
    const banner = page.getByTestId("survey-banner");
    await banner.waitFor({ timeout: 5_000 });
    expect(await banner.innerText()).toBe("Не отвечен 1 обязательный вопрос — он отмечен ниже.");
    expect(await page.getByTestId("q-q_hours-problem").innerText()).toBe("Это обязательный вопрос.");
    await page.screenshot({ path: path.join(SCREENSHOTS, "miniapp-survey-form.png"), fullPage: true });
    expect(await smallTargets(page)).toEqual([]);

    await page.getByTestId("q-q_hours-input").fill("2,5");
    await page.getByTestId("q-q_note-input").fill("Всё хорошо");
    await page.getByTestId("survey-submit").click();
    await page.getByTestId("survey-thanks").waitFor({ timeout: 15_000 });
    expect(await page.getByTestId("survey-thanks").innerText()).toContain("Спасибо! Анкета отправлена");

    const final = await saved(TEACHER);
    expect(final.completedAt).not.toBeNull();
    expect(final.answers).toMatchObject({
      q_role: { kind: "int", value: 1 },
      q_likert: { kind: "unsure" },
      q_yes: { kind: "int", value: 1 },
      q_count: { kind: "number", value: 12 },
      q_multi: { kind: "ints", values: [1, 2] },
      q_hours: { kind: "number", value: 2.5 },
      q_note: { kind: "text", value: "Всё хорошо" },
    });
    // The other teacher's form is theirs alone.
    expect((await saved(TEACHER2)).completedAt).toBeNull();
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);

  it("ссылка survey-<id> из бота открывает форму; без связи — «Нет связи», ответ сохраняется повтором или при следующем открытии", async () => {
    const context = await browser.newContext({ viewport: NARROW_PHONE });
    const page = await context.newPage();
    const errors = watch(page);
    await page.goto(`${url}/#${launchHash(TEACHER2, `survey-${campaignId}`)}`);
    await page.getByTestId("survey-form").waitFor({ timeout: 20_000 });
    // The connection drops: the save fails, the form says so and keeps the answer.
    await page.route("**/api/surveys/*/answers", (route) => route.abort("internetdisconnected"));
    await page.getByTestId("q-q_role-opt-2").check();
    // (Between the tries, every few seconds, the line says «Сохраняем…» for a moment.)
    await expect.poll(() => page.getByTestId("survey-save").innerText(), { timeout: 15_000 }).toContain("Нет связи");
    expect((await saved(TEACHER2)).answers.q_role).toBeUndefined();
    await expect.poll(() => page.getByTestId("survey-retry").isVisible(), { timeout: 15_000 }).toBe(true);
    // Back online: «Повторить сейчас» sends it.
    await page.unroute("**/api/surveys/*/answers");
    // The tries go on by themselves too: one may win the race against the press (then the button is gone).
    await page.getByTestId("survey-retry").click({ timeout: 5_000 }).catch(() => undefined);
    await expect.poll(() => page.getByTestId("survey-save").getAttribute("data-state"), { timeout: 15_000 }).toBe("saved");
    expect((await saved(TEACHER2)).answers.q_role).toEqual({ kind: "int", value: 2 });
    expect(await page.getByTestId("q-q_role-opt-2").isChecked()).toBe(true);

    // Offline again, and the app is left before the connection returns: the answer waits on the phone
    // and goes with the next opening.
    await context.route("**/api/surveys/*/answers", (route) => route.abort("internetdisconnected"));
    await page.getByTestId("q-q_role-opt-1").check();
    await expect.poll(() => page.getByTestId("survey-save").getAttribute("data-state"), { timeout: 15_000 }).toBe("offline");
    await page.goto("about:blank");
    expect((await saved(TEACHER2)).answers.q_role).toEqual({ kind: "int", value: 2 });
    await context.unroute("**/api/surveys/*/answers");
    const again = page;
    await again.goto(`${url}/#${launchHash(TEACHER2, `survey-${campaignId}`)}`);
    await again.getByTestId("survey-form").waitFor({ timeout: 20_000 });
    // It opens where the chat would continue: the next section; the first one shows the answer kept.
    await again.getByTestId("survey-section-work").waitFor({ timeout: 5_000 });
    await expect.poll(async () => (await saved(TEACHER2)).answers.q_role, { timeout: 15_000 }).toEqual({ kind: "int", value: 1 });
    await expect.poll(() => again.getByTestId("survey-save").getAttribute("data-state"), { timeout: 15_000 }).toBe("saved");
    expect(await again.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith("survey-pending:")))).toEqual([]);
    await again.getByTestId("survey-prev").click();
    expect(await again.getByTestId("q-q_role-opt-1").isChecked()).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it("руководитель на телефоне: длинная карта самоанализа по разделам, переход по оглавлению", async () => {
    const page = await browser.newPage({ viewport: NARROW_PHONE });
    const errors = watch(page);
    await page.goto(`${url}/#${launchHash(HEAD, `survey-${cardId}`)}`);
    await page.getByTestId("survey-form").waitFor({ timeout: 20_000 });
    // The first section only, not the whole card.
    await page.getByTestId("survey-section-students").waitFor({ timeout: 5_000 });
    expect(await page.locator("fieldset.q-field").count()).toBeLessThan(5);
    await page.getByTestId("q-students_total-input").fill("412");
    await page.getByTestId("survey-toc").locator("summary").click();
    const toc = await page.getByTestId("survey-toc").innerText();
    expect(toc).toContain("Социальный паспорт");
    expect(toc).toMatch(/Раздел 1 из 6/);
    await page.getByTestId("survey-toc").getByRole("button", { name: /Социальный паспорт/ }).click();
    await page.getByTestId("survey-section-social").waitFor({ timeout: 5_000 });
    await page.getByTestId("q-sp_low_income-input").fill("17");
    await page.getByTestId("q-sp_low_income-input").blur();
    await expect.poll(() => page.getByTestId("survey-save").getAttribute("data-state"), { timeout: 15_000 }).toBe("saved");
    const response = await db.prisma.response.findFirstOrThrow({ where: { campaignId: cardId, personId: people[HEAD] }, include: { answers: true } });
    expect(Object.fromEntries(response.answers.map((row) => [row.questionId, fromStoredAnswer(row)]))).toMatchObject({
      students_total: { kind: "number", value: 412 },
      sp_low_income: { kind: "number", value: 17 },
    });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(NARROW_PHONE.width);
    await page.screenshot({ path: path.join(SCREENSHOTS, "miniapp-survey-card.png"), fullPage: true });
    expect(await smallTargets(page)).toEqual([]);

    // Typed and left at once (back to the start screen): the answer is not lost to the typing pause.
    await page.getByTestId("q-sp_large_family-input").fill("9");
    await page.evaluate(() => history.back());
    await page.getByTestId("home").waitFor({ timeout: 10_000 });
    await expect
      .poll(async () => {
        const rows = await db.prisma.answer.findMany({ where: { response: { campaignId: cardId, personId: people[HEAD] }, questionId: "sp_large_family" } });
        return rows.map((row) => fromStoredAnswer(row));
      }, { timeout: 15_000 })
      .toEqual([{ kind: "number", value: 9 }]);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it("MAX: педагог открывает анкету по start_param survey-<id> и отвечает; каждый запрос — с init data MAX", async () => {
    const page = await browser.newPage({ viewport: NARROW_PHONE });
    const errors = watch(page);
    const auth: string[] = [];
    page.on("request", (request) => {
      if (new URL(request.url()).pathname.startsWith("/api/") && !request.url().endsWith("/api/config")) auth.push(request.headers().authorization ?? "");
    });
    await page.route("https://st.max.ru/**", (route) => route.abort("internetdisconnected"));
    const initData = sign(
      { user: { id: TEACHER_MAX, first_name: "Тест", language_code: "ru" }, query_id: `max${TEACHER_MAX}`, start_param: `survey-${campaignId}` } as never,
      MAX_TEST_TOKEN,
      new Date(),
    );
    await page.addInitScript(installMaxBridge, initData);
    await page.goto(url);
    await page.getByTestId("survey-form").waitFor({ timeout: 20_000 });
    await page.getByTestId("q-q_role-unsure").check();
    await expect.poll(() => page.getByTestId("survey-save").getAttribute("data-state"), { timeout: 15_000 }).toBe("saved");
    expect((await saved(TEACHER_MAX)).answers.q_role).toEqual({ kind: "unsure" });
    expect(auth.length).toBeGreaterThan(1);
    expect(auth.every((header) => header.startsWith("max "))).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it("закрытая анкета по ссылке: объяснение по-русски, без вопросов", async () => {
    const page = await browser.newPage({ viewport: NARROW_PHONE });
    const errors = watch(page);
    await page.goto(`${url}/#${launchHash(TEACHER, `survey-${closedId}`)}`);
    const error = page.getByTestId("error");
    await error.waitFor({ timeout: 20_000 });
    expect(await error.innerText()).toContain("Анкета закрыта: ответы больше не принимаются.");
    expect(await page.getByTestId("survey-form").count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
