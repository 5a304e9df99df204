// The built Mini App in headless Chromium against the real server. Telegram is simulated the way
// it launches a Mini App: launch parameters in the URL hash, init data signed with the test bot
// token (so the server checks it exactly as a real one), and a native bridge that records events.
// MAX likewise: init data signed with the MAX test token, and a stand-in for MAX Bridge's
// `window.WebApp`; the real bridge script (st.max.ru) is never fetched from the network.
import fs from "node:fs";
import path from "node:path";
import { sign } from "@telegram-apps/init-data-node";
import ExcelJS from "exceljs";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer } from "../support/harness.ts";
import { signMaxInitData } from "../support/max.ts";

const CHROMIUM = "/usr/bin/chromium";
const INSTALL_HINT = "apt-get update && apt-get install -y chromium";
const hasChromium = fs.existsSync(CHROMIUM);
if (!hasChromium && !process.env.CI) {
  console.warn(`\n!!! Browser tests SKIPPED: ${CHROMIUM} not found. Install it: ${INSTALL_HINT}\n`);
}

const SCREENSHOTS = path.resolve("tests/.tmp");
const PHONE = { width: 390, height: 844 };
/** The narrowest phone still sold: nothing may be cut off or overflow here (issue #11 §9). */
const NARROW_PHONE = { width: 320, height: 640 };

const LIGHT_THEME = {
  bg_color: "#ffffff",
  secondary_bg_color: "#efeff4",
  section_bg_color: "#ffffff",
  text_color: "#000000",
  hint_color: "#8e8e93",
  link_color: "#2481cc",
  button_color: "#2481cc",
  button_text_color: "#ffffff",
  header_bg_color: "#efeff4",
  section_header_text_color: "#6d6d72",
  subtitle_text_color: "#8e8e93",
  accent_text_color: "#2481cc",
  destructive_text_color: "#ff3b30",
};

const DARK_THEME = {
  bg_color: "#212121",
  secondary_bg_color: "#0f0f0f",
  section_bg_color: "#212121",
  text_color: "#ffffff",
  hint_color: "#aaaaaa",
  link_color: "#8774e1",
  button_color: "#8774e1",
  button_text_color: "#ffffff",
  header_bg_color: "#212121",
  section_header_text_color: "#aaaaaa",
  subtitle_text_color: "#aaaaaa",
  accent_text_color: "#8774e1",
  destructive_text_color: "#ff595a",
};

/** The hash Telegram appends to a Mini App URL. */
function launchHash(botToken: string, userId: number, theme: Record<string, string>): string {
  const initData = sign({ user: { id: userId, first_name: "Тест", language_code: "ru" } }, botToken, new Date());
  return new URLSearchParams({
    tgWebAppData: initData,
    tgWebAppVersion: "8.0",
    tgWebAppPlatform: "tdesktop",
    tgWebAppThemeParams: JSON.stringify(theme),
  }).toString();
}

/** What the mobile Telegram apps inject: a proxy receiving the Mini App's events. This one records them. */
function installRecordingTelegramBridge() {
  const events: Array<[string, unknown]> = [];
  Object.assign(window, {
    __telegramEvents: events,
    TelegramWebviewProxy: {
      postEvent(type: string, data?: string) {
        events.push([type, data ? JSON.parse(data) : undefined]);
      },
    },
  });
}

/** Telegram delivers events (here: its back button pressed) as a message from the parent window. */
function pressTelegramBackButton() {
  window.dispatchEvent(
    new MessageEvent("message", {
      data: JSON.stringify({ eventType: "back_button_pressed" }),
      source: window.parent,
    }),
  );
}

/** What MAX Bridge gives the page, recording the back button calls. Runs in the browser. */
function installMaxBridge({ initData, colorScheme }: { initData: string; colorScheme?: string }) {
  const calls: string[] = [];
  const listeners: Array<() => void> = [];
  Object.assign(window, {
    __maxCalls: calls,
    __maxBack: () => listeners.forEach((listener) => listener()),
    WebApp: {
      initData,
      ...(colorScheme ? { colorScheme } : {}),
      platform: "android",
      ready: () => calls.push("ready"),
      BackButton: {
        show: () => calls.push("show"),
        hide: () => calls.push("hide"),
        onClick: (listener: () => void) => {
          calls.push("onClick");
          listeners.push(listener);
        },
        offClick: (listener: () => void) => {
          calls.push("offClick");
          listeners.splice(listeners.indexOf(listener) >>> 0, 1);
        },
      },
    },
  });
}

/**
 * A stand-in for max-web-app.js served in place of st.max.ru: like the real one, it reads the init
 * data from `WebAppData` in the URL hash. This one has no BackButton and no colour scheme.
 */
const MINIMAL_MAX_BRIDGE = `window.WebApp = {
  initData: new URLSearchParams(location.hash.slice(1)).get("WebAppData") || "",
  ready: function () { window.__maxReady = true; },
};`;

/** The hash MAX appends to a Mini App URL (as its docs describe: WebAppData, WebAppPlatform, WebAppVersion). */
function maxLaunchHash(userId: number): string {
  return new URLSearchParams({ WebAppData: signMaxInitData(userId), WebAppPlatform: "android", WebAppVersion: "25.10.0" }).toString();
}

/** Keeps the page off MAX's CDN: `serve` answers in its place, otherwise the request fails at once. */
async function routeMaxBridge(page: Page, serve?: string) {
  const requested: string[] = [];
  await page.route("https://st.max.ru/**", (route) => {
    requested.push(route.request().url());
    return serve
      ? route.fulfill({ status: 200, contentType: "application/javascript", body: serve })
      : route.abort("internetdisconnected");
  });
  return requested;
}

interface ReachProblem {
  kind: "tap target" | "contrast" | "overflow";
  what: string;
  detail: string;
}

/**
 * Runs in the page: every visible tap target is at least 44 × 44 px (inline links in running text
 * excepted, as WCAG 2.5.5 does), every visible text has at least 4.5:1 contrast against the
 * background it is drawn on (from computed styles, translucent layers blended), and nothing is
 * wider than the screen.
 */
function reachProblems(): ReachProblem[] {
  type Rgba = [number, number, number, number];
  const parse = (value: string): Rgba => {
    const rgb = /^rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)$/.exec(value);
    if (rgb) return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3]), rgb[4] === undefined ? 1 : Number(rgb[4])];
    // color-mix() and other CSS Color 4 results compute to color(srgb r g b / a), channels 0…1.
    const srgb = /^color\(srgb ([\d.e-]+) ([\d.e-]+) ([\d.e-]+)(?: \/ ([\d.]+))?\)$/.exec(value);
    if (srgb) return [Number(srgb[1]) * 255, Number(srgb[2]) * 255, Number(srgb[3]) * 255, srgb[4] === undefined ? 1 : Number(srgb[4])];
    throw new Error(`unparsed colour ${value}`);
  };
  const over = (top: Rgba, bottom: Rgba): Rgba => {
    const alpha = top[3] + bottom[3] * (1 - top[3]);
    if (alpha === 0) return [0, 0, 0, 0];
    const mix = (index: number) => (top[index]! * top[3] + bottom[index]! * bottom[3] * (1 - top[3])) / alpha;
    return [mix(0), mix(1), mix(2), alpha];
  };
  const background = (element: Element | null): Rgba => {
    const layers: Rgba[] = [];
    for (let node = element; node; node = node.parentElement) {
      const color = parse(getComputedStyle(node).backgroundColor);
      if (color[3] > 0) layers.push(color);
      if (color[3] >= 1) break;
    }
    return layers.reduceRight<Rgba>((below, layer) => over(layer, below), [255, 255, 255, 1]);
  };
  const luminance = ([r, g, b]: Rgba) => {
    const channel = (value: number) => {
      const c = value / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  const visible = (element: Element) => {
    const rect = element.getBoundingClientRect();
    if (rect.width <= 1 || rect.height <= 1) return false;
    const style = getComputedStyle(element);
    return style.visibility !== "hidden" && style.display !== "none" && Number(style.opacity) > 0 && !element.closest("[aria-hidden='true']");
  };
  const name = (element: Element) => `${element.tagName.toLowerCase()} «${(element.textContent ?? "").trim().slice(0, 40)}»`;
  const problems: ReachProblem[] = [];

  for (const element of document.querySelectorAll("button, a[href], [role='button'], input, select, textarea")) {
    if (!visible(element) || element.closest("p, li")?.contains(element) && element.tagName === "A") continue;
    const rect = element.getBoundingClientRect();
    if (rect.height < 44 || rect.width < 44) {
      problems.push({ kind: "tap target", what: name(element), detail: `${Math.round(rect.width)}×${Math.round(rect.height)} px` });
    }
  }

  for (const element of document.querySelectorAll("body *")) {
    if (element.closest("svg, [disabled], .visually-hidden")) continue;
    const text = [...element.childNodes].some((node) => node.nodeType === Node.TEXT_NODE && node.textContent!.trim());
    if (!text || !visible(element)) continue;
    const back = background(element);
    const front = over(parse(getComputedStyle(element).color), back);
    const [light, dark] = [luminance(front), luminance(back)].sort((a, b) => b - a) as [number, number];
    const ratio = (light + 0.05) / (dark + 0.05);
    if (ratio < 4.5) {
      problems.push({
        kind: "contrast",
        what: name(element),
        detail: `${ratio.toFixed(2)}:1 (${getComputedStyle(element).color} on rgb(${back.slice(0, 3).map(Math.round).join(", ")}))`,
      });
    }
  }

  if (document.documentElement.scrollWidth > window.innerWidth) {
    problems.push({ kind: "overflow", what: "page", detail: `${document.documentElement.scrollWidth} px wide in ${window.innerWidth} px` });
  }
  return problems;
}

async function expectReachable(page: Page, where: string) {
  const problems = await page.evaluate(reachProblems);
  expect(problems, `${where}: ${JSON.stringify(problems, null, 1)}`).toEqual([]);
}

function watchPage(page: Page) {
  const errors: string[] = [];
  const apiAuth: Array<{ path: string; authorization: string | undefined }> = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith("/api/")) apiAuth.push({ path: url.pathname, authorization: request.headers().authorization });
  });
  return { errors, apiAuth };
}

describe.skipIf(!hasChromium && !process.env.CI)("Mini App в браузере", () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof startTestServer>>;

  beforeAll(async () => {
    if (!hasChromium) throw new Error(`Chromium is required for browser tests (CI is set): ${INSTALL_HINT}`);
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    [server, browser] = await Promise.all([
      startTestServer(),
      chromium.launch({
        executablePath: CHROMIUM,
        args: [
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-quic",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
        ],
      }),
    ]);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("руководитель открывает дефициты своей школы: диаграмма, кнопка «Назад» Telegram, init data в каждом запросе", async () => {
    const page = await browser.newPage({ viewport: PHONE });
    const { errors, apiAuth } = watchPage(page);
    await page.addInitScript(installRecordingTelegramBridge);

    await page.goto(`${server.url}/#${launchHash(server.botToken, server.headTelegramId, LIGHT_THEME)}`);
    await page.getByTestId(`school-link-${server.headSchoolId}`).click();

    const chart = page.getByTestId("deficit-chart");
    await expect.poll(() => chart.locator("svg[role='img'] rect").count(), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(await chart.isVisible()).toBe(true);
    expect(await page.getByTestId("respondents").textContent()).toMatch(/^Ответили: \d+ педагог/);
    await page.screenshot({ path: path.join(SCREENSHOTS, "miniapp-head.png"), fullPage: true });
    await expectReachable(page, "miniapp-head");

    const events = await page.evaluate(() => (window as unknown as { __telegramEvents: Array<[string, any]> }).__telegramEvents);
    expect(events).toContainEqual(["web_app_setup_back_button", { is_visible: true }]);

    await page.evaluate(pressTelegramBackButton);
    await page.getByTestId("home").waitFor();
    const eventsAfterBack = await page.evaluate(() => (window as unknown as { __telegramEvents: Array<[string, any]> }).__telegramEvents);
    expect(eventsAfterBack.at(-1)).toEqual(["web_app_setup_back_button", { is_visible: false }]);

    const authorized = apiAuth.filter((request) => request.path !== "/api/config");
    expect(authorized.length).toBeGreaterThanOrEqual(2);
    for (const request of authorized) expect(request.authorization).toMatch(/^tma .*hash=[0-9a-f]{64}/);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it("тёмная тема Telegram, ссылка сразу на страницу школы, браузер без моста Telegram", async () => {
    const page = await browser.newPage({ viewport: PHONE });
    const { errors } = watchPage(page);

    await page.goto(
      `${server.url}/?start=school_${server.headSchoolId}#${launchHash(server.botToken, server.headTelegramId, DARK_THEME)}`,
    );
    const chart = page.getByTestId("deficit-chart");
    await expect.poll(() => chart.locator("svg[role='img'] rect").count(), { timeout: 15_000 }).toBeGreaterThan(0);
    const background = await page.evaluate(() => getComputedStyle(document.querySelector(".app")!).backgroundColor);
    expect(background).toBe("rgb(15, 15, 15)");
    await page.screenshot({ path: path.join(SCREENSHOTS, "miniapp-head-dark.png"), fullPage: true });
    await expectReachable(page, "miniapp-head-dark");
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it("педагог видит свой профиль дефицитов или приглашение пройти диагностику", async () => {
    const page = await browser.newPage({ viewport: PHONE });
    const { errors } = watchPage(page);
    await page.goto(`${server.url}/?start=profile#${launchHash(server.botToken, server.teacherTelegramId, LIGHT_THEME)}`);
    const profile = page.getByTestId("my-profile");
    await expect.poll(() => profile.textContent(), { timeout: 15_000 }).toMatch(/[Дд]ефицит \d+%|вопросов|\/diagnostic/);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it("MAX: руководитель открывает дефициты школы — тёмная тема моста, кнопка «Назад» MAX, init data MAX в каждом запросе", async () => {
    const page = await browser.newPage({ viewport: PHONE, colorScheme: "light" });
    const { errors, apiAuth } = watchPage(page);
    const bridgeRequests = await routeMaxBridge(page);
    await page.addInitScript(installMaxBridge, { initData: signMaxInitData(server.maxHeadId), colorScheme: "dark" });

    await page.goto(server.url);
    await page.getByTestId(`school-link-${server.headSchoolId}`).click();

    const chart = page.getByTestId("deficit-chart");
    await expect.poll(() => chart.locator("svg[role='img'] rect").count(), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(await chart.isVisible()).toBe(true);
    expect(await page.getByTestId("respondents").textContent()).toMatch(/^Ответили: \d+ педагог/);
    // The bridge's dark scheme wins over the system's light one; no Telegram theme is needed.
    const background = await page.evaluate(() => getComputedStyle(document.querySelector(".app")!).backgroundColor);
    expect(background).toBe("rgb(15, 15, 15)");
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe("rgb(15, 15, 15)");
    // The header back button is MAX's: no on-page back link, and no word about Telegram.
    expect(await page.getByText("← Назад").count()).toBe(0);
    expect(await page.locator("body").innerText()).not.toMatch(/telegram/i);
    await page.screenshot({ path: path.join(SCREENSHOTS, "miniapp-max.png"), fullPage: true });
    await expectReachable(page, "miniapp-max");

    const calls = await page.evaluate(() => (window as unknown as { __maxCalls: string[] }).__maxCalls);
    expect(calls).toContain("ready");
    expect(calls).toContain("onClick");
    expect(calls.at(-1)).toBe("show");

    await page.evaluate(() => (window as unknown as { __maxBack: () => void }).__maxBack());
    await page.getByTestId("home").waitFor();
    const callsAfterBack = await page.evaluate(() => (window as unknown as { __maxCalls: string[] }).__maxCalls);
    expect(callsAfterBack.at(-1)).toBe("hide");

    const authorized = apiAuth.filter((request) => request.path !== "/api/config");
    expect(authorized.length).toBeGreaterThanOrEqual(2);
    for (const request of authorized) expect(request.authorization).toMatch(/^max .*hash=[0-9a-f]{64}/);
    // window.WebApp was already there: the bridge script is not fetched.
    expect(bridgeRequests).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it("MAX: мост подгружается по параметрам запуска в адресе; без его BackButton — своя ссылка «Назад»", async () => {
    const page = await browser.newPage({ viewport: PHONE, colorScheme: "light" });
    const { errors, apiAuth } = watchPage(page);
    const bridgeRequests = await routeMaxBridge(page, MINIMAL_MAX_BRIDGE);

    await page.goto(`${server.url}/?start=profile#${maxLaunchHash(server.maxTeacherId)}`);
    const profile = page.getByTestId("my-profile");
    await expect.poll(() => profile.textContent(), { timeout: 15_000 }).toMatch(/[Дд]ефицит \d+%|вопросов|\/diagnostic/);
    expect(bridgeRequests).toEqual(["https://st.max.ru/js/max-web-app.js"]);
    expect(await page.evaluate(() => (window as unknown as { __maxReady?: boolean }).__maxReady)).toBe(true);
    // No colour scheme from the bridge: the system's (light) one.
    const background = await page.evaluate(() => getComputedStyle(document.querySelector(".app")!).backgroundColor);
    expect(background).toBe("rgb(239, 239, 244)");
    expect(await page.locator("body").innerText()).not.toMatch(/telegram/i);

    await page.getByText("← Назад").click();
    await page.getByTestId("home").waitFor();
    const me = apiAuth.find((request) => request.path === "/api/me");
    expect(me?.authorization).toMatch(/^max .*hash=[0-9a-f]{64}/);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it("MAX: мост не загрузился — вход по init data из адреса, без сети", async () => {
    const page = await browser.newPage({ viewport: PHONE });
    const { errors, apiAuth } = watchPage(page);
    const bridgeRequests = await routeMaxBridge(page);

    await page.goto(`${server.url}/#${maxLaunchHash(server.maxHeadId)}`);
    await page.getByTestId(`school-link-${server.headSchoolId}`).waitFor({ timeout: 15_000 });
    expect(bridgeRequests.length).toBe(1);
    const me = apiAuth.find((request) => request.path === "/api/me");
    expect(me?.authorization).toMatch(/^max .*hash=[0-9a-f]{64}/);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it("управление образования: ход диагностики по школам «n из N» без имён, напоминание с подтверждением и повтором при обрыве связи", async () => {
    const page = await browser.newPage({ viewport: PHONE });
    const { errors } = watchPage(page);
    const remindRequests: string[] = [];
    page.on("request", (request) => {
      if (request.url().endsWith("/remind")) remindRequests.push(request.method());
    });
    await page.addInitScript(installRecordingTelegramBridge);

    await page.goto(`${server.url}/#${launchHash(server.botToken, server.districtTelegramId, LIGHT_THEME)}`);
    const districtLink = page.getByTestId(`district-link-${server.districtId}`);
    await districtLink.waitFor({ timeout: 15_000 });
    expect(await districtLink.innerText()).toContain("Ход диагностики в районе");
    await page.screenshot({ path: path.join(SCREENSHOTS, "miniapp-district-home.png"), fullPage: true });
    await expectReachable(page, "miniapp-district-home");
    await districtLink.click();

    const list = page.getByTestId("district-completion");
    await list.waitFor({ timeout: 15_000 });
    const row = (schoolId: string) => page.getByTestId(`district-school-${schoolId}`);
    expect(await row(server.headSchoolId).innerText()).toContain("6 из 7");
    expect(await row(server.secondSchoolId).innerText()).toContain("0 из 1");
    expect(await row(server.emptySchoolId).innerText()).toContain("нет педагогов");
    // Who needs attention first: 0 of 1, then 6 of 7; a school with no one to remind goes last.
    const order = await list.locator("[data-testid^='district-school-']").evaluateAll((cells) =>
      cells.map((cell) => cell.getAttribute("data-testid")),
    );
    expect(order).toEqual([
      `district-school-${server.secondSchoolId}`,
      `district-school-${server.headSchoolId}`,
      `district-school-${server.emptySchoolId}`,
    ]);
    expect(await page.getByTestId("district-summary").innerText()).toContain("Завершили: 6 из 8 педагогов (75%)");
    expect(await page.getByText("Открыта до").count()).toBe(1);
    // Counts only: not one of the seeded people's names.
    expect(await page.locator("body").innerText()).not.toMatch(/Учитель|Ирина|Ольга|Анна|Марина|Тест/);

    // It writes to real people: nothing is sent before the confirmation, and cancel sends nothing.
    const remind = page.getByTestId("remind-button");
    await remind.click();
    await page.getByTestId("remind-confirmation").waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, "miniapp-district-confirm.png"), fullPage: true });
    await expectReachable(page, "miniapp-district-confirm");
    await page.getByTestId("remind-cancel").click();
    await remind.waitFor();
    expect(remindRequests).toEqual([]);

    // A weak link drops the first attempt: the error offers a retry, which goes through.
    let dropped = false;
    await page.route("**/api/districts/*/remind", (route) => {
      if (dropped) return route.continue();
      dropped = true;
      return route.abort("internetdisconnected");
    });
    await remind.click();
    await page.getByTestId("remind-confirm").click();
    const failure = page.getByTestId("remind-error");
    await failure.waitFor();
    expect(await failure.innerText()).toContain("Нет связи с сервером");
    await failure.getByRole("button", { name: "Повторить" }).click();

    const result = page.getByTestId("remind-result");
    await expect.poll(() => result.innerText(), { timeout: 15_000 }).toMatch(/^Поставлено в очередь: \d+ напоминани/);
    const queued = Number(/(\d+)/.exec(await result.innerText())?.[1]);
    expect(queued).toBeGreaterThanOrEqual(1);
    // The queue delivers them to the two teachers who have not finished, in their own messengers.
    await expect
      .poll(() => server.sentMessages().map(({ channel, chatId }) => `${channel}:${chatId}`).sort(), { timeout: 15_000 })
      .toEqual([`max:${server.maxTeacherId}`, `telegram:${server.unfinishedTeacherTelegramId}`]);
    expect(queued).toBe(2);
    for (const { text } of server.sentMessages()) expect(text).toMatch(/^Напоминание: .*\/diagnostic$/s);
    await page.screenshot({ path: path.join(SCREENSHOTS, "miniapp-district.png"), fullPage: true });
    await expectReachable(page, "miniapp-district");

    // A second press the same day writes to no one.
    await remind.click();
    await page.getByTestId("remind-confirm").click();
    await expect
      .poll(() => result.innerText(), { timeout: 15_000 })
      .toMatch(/^Никому не написали\.\s+Кому не написали и почему:\s+уже получили напоминание сегодня — 2$/);
    expect(remindRequests.every((method) => method === "POST")).toBe(true);

    // A school row opens that school's deficits page.
    await row(server.headSchoolId).click();
    await page.getByTestId("school-deficits").waitFor({ timeout: 15_000 });
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it("управление образования: страница района по ссылке, тёмная тема", async () => {
    const page = await browser.newPage({ viewport: PHONE });
    const { errors } = watchPage(page);
    await page.goto(
      `${server.url}/?start=district_${server.districtId}#${launchHash(server.botToken, server.districtTelegramId, DARK_THEME)}`,
    );
    await page.getByTestId("district-completion").waitFor({ timeout: 15_000 });
    expect(await page.getByTestId(`district-school-${server.headSchoolId}`).innerText()).toContain("6 из 7");
    const background = await page.evaluate(() => getComputedStyle(document.querySelector(".app")!).backgroundColor);
    expect(background).toBe("rgb(15, 15, 15)");
    await page.screenshot({ path: path.join(SCREENSHOTS, "miniapp-district-dark.png"), fullPage: true });
    await expectReachable(page, "miniapp-district-dark");
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it("руководитель: ход диагностики своей школы — три числа без имён", async () => {
    const page = await browser.newPage({ viewport: PHONE });
    const { errors } = watchPage(page);
    await page.goto(`${server.url}/#${launchHash(server.botToken, server.headTelegramId, LIGHT_THEME)}`);
    const link = page.getByTestId(`school-progress-link-${server.headSchoolId}`);
    await link.waitFor({ timeout: 15_000 });
    await link.click();
    await page.getByTestId("district-summary").waitFor({ timeout: 15_000 });
    expect(await page.getByTestId("district-summary").innerText()).toContain("Завершили: 6 из 7");
    expect(await page.getByTestId("figure-completed").innerText()).toBe("6");
    expect(await page.getByTestId("figure-unfinished").innerText()).toBe("1");
    expect(await page.getByTestId("figure-not-joined").innerText()).toBe("0");
    expect(await page.getByTestId("district-completion").count()).toBe(0);
    expect(await page.locator("body").innerText()).not.toMatch(/Учитель|Ирина|Ольга|Анна|Марина|Тест/);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  for (const [themeName, theme] of [
    ["светлая", LIGHT_THEME],
    ["тёмная", DARK_THEME],
  ] as const) {
    it(`320 px, ${themeName} тема Telegram: кнопки не обрезаны и не ниже 44 px, текст контрастен (≥ 4,5:1) на каждой странице`, async () => {
      const page = await browser.newPage({ viewport: NARROW_PHONE });
      const { errors } = watchPage(page);
      await page.addInitScript(installRecordingTelegramBridge);
      const open = (userId: number, start?: string) =>
        page.goto(`${server.url}/${start ? `?start=${start}` : ""}#${launchHash(server.botToken, userId, theme)}`);

      // The head: home, then the school's deficits with the chart.
      await open(server.headTelegramId);
      await page.getByTestId(`school-link-${server.headSchoolId}`).waitFor({ timeout: 15_000 });
      await expectReachable(page, "home (head)");
      await page.getByTestId(`school-link-${server.headSchoolId}`).click();
      await expect.poll(() => page.getByTestId("deficit-chart").locator("svg rect").count(), { timeout: 15_000 }).toBeGreaterThan(0);
      await expectReachable(page, "school deficits");

      // A teacher's own profile (its radar chart, or the invitation to start).
      await open(server.teacherTelegramId, "profile");
      await expect.poll(() => page.getByTestId("my-profile").textContent(), { timeout: 15_000 }).toMatch(/[Дд]ефицит \d+%|вопросов|\/diagnostic/);
      await expectReachable(page, "my profile");

      // The district: completion and the reminder's confirmation, whose «Да, напомнить» was cut at 320 px.
      await open(server.districtTelegramId, `district_${server.districtId}`);
      await page.getByTestId("district-completion").waitFor({ timeout: 15_000 });
      await expectReachable(page, "district");
      await page.getByTestId("remind-button").click();
      const confirm = page.getByTestId("remind-confirm");
      await confirm.waitFor();
      const label = await confirm.evaluate((button) => {
        const text = [...button.querySelectorAll("*")].find((node) => node.textContent?.includes("напомнить")) ?? button;
        return { text: button.textContent, clipped: text.scrollWidth > text.clientWidth + 1 };
      });
      expect(label.text).toContain("Да, напомнить");
      expect(label.clipped).toBe(false);
      await expectReachable(page, "district, reminder confirmation");
      await page.screenshot({ path: path.join(SCREENSHOTS, `miniapp-320-${theme === LIGHT_THEME ? "light" : "dark"}.png`), fullPage: true });
      expect(errors).toEqual([]);
      await page.close();
    }, 90_000);
  }

  it("браузер без Telegram (ссылка «← Назад» на странице): не ниже 44 px, контрастна", async () => {
    const page = await browser.newPage({ viewport: NARROW_PHONE, colorScheme: "light" });
    const { errors } = watchPage(page);
    await routeMaxBridge(page, MINIMAL_MAX_BRIDGE);
    await page.goto(`${server.url}/?start=profile#${maxLaunchHash(server.maxTeacherId)}`);
    const back = page.getByText("← Назад");
    await back.waitFor({ timeout: 15_000 });
    expect((await back.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    await expectReachable(page, "MAX without a back button, profile");
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it("управление образования: работа с районом без командной строки — 320 px, кнопки и контраст", async () => {
    const page = await browser.newPage({ viewport: NARROW_PHONE, colorScheme: "light" });
    const { errors } = watchPage(page);
    await page.addInitScript(installRecordingTelegramBridge);
    await page.goto(
      `${server.url}/?start=district_${server.districtId}#${launchHash(server.botToken, server.districtTelegramId, LIGHT_THEME)}`,
    );
    await page.getByTestId("district-work-link").click({ timeout: 15_000 });
    await page.getByTestId("work-campaigns").waitFor({ timeout: 15_000 });
    await page.getByTestId(`work-school-${server.headSchoolId}`).waitFor({ timeout: 15_000 });
    expect(await page.getByTestId("work-campaigns").innerText()).toMatch(/идёт/);
    expect(await page.getByTestId("campaign-close").count()).toBe(1);
    expect(await page.locator("body").innerText()).not.toMatch(/npm|cli|--/);
    await expectReachable(page, "работа с районом");
    await page.screenshot({ path: path.join(SCREENSHOTS, "miniapp-district-work-320.png"), fullPage: true });

    // Everyone of this school joined: the sheet of those not joined says so, in Russian.
    await page.getByTestId(`sheet-not-joined-${server.headSchoolId}`).click();
    await expect.poll(() => page.getByTestId("work-error").innerText(), { timeout: 15_000 }).toMatch(/уже подключились/);

    // A school's people, with what the district may change.
    await page.getByTestId(`work-school-${server.headSchoolId}`).getByRole("button").first().click();
    await page.getByTestId("school-people").waitFor({ timeout: 15_000 });
    expect(await page.getByTestId("member-deactivate").count()).toBeGreaterThan(0);
    await expectReachable(page, "сотрудники школы");
    await page.screenshot({ path: path.join(SCREENSHOTS, "miniapp-school-people-320.png"), fullPage: true });

    // The staff workbook: checked first (nothing written), then loaded on «Загрузить».
    await page.goBack();
    await page.getByTestId("work-import").waitFor({ timeout: 15_000 });
    const book = new ExcelJS.Workbook();
    book.addWorksheet("Школы").addRows([["Код ОО", "Название"], ["0909", "МКОУ «Новая ООШ»"]]);
    book.addWorksheet("Сотрудники").addRows([["Код ОО", "ФИО", "Роль"], ["0909", "Новикова Дарья Олеговна", "учитель"]]);
    const buffer = Buffer.from(await book.xlsx.writeBuffer());
    await page.getByTestId("import-file").setInputFiles({
      name: "сотрудники.xlsx",
      mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      buffer,
    });
    const summary = page.getByTestId("import-summary");
    await expect.poll(() => summary.innerText(), { timeout: 15_000 }).toMatch(/Проверка прошла, ничего не записано[\s\S]*новых 1/);
    expect(await page.getByText("МКОУ «Новая ООШ»").count()).toBe(0);
    await expectReachable(page, "проверка файла сотрудников");
    await page.getByTestId("import-apply").click();
    await expect.poll(() => summary.innerText(), { timeout: 15_000 }).toMatch(/^Загружено:/);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it("управление образования: сведения об операторе персональных данных — в приложении, без администратора", async () => {
    const page = await browser.newPage({ viewport: NARROW_PHONE, colorScheme: "light" });
    const { errors } = watchPage(page);
    await page.addInitScript(installRecordingTelegramBridge);
    await page.goto(
      `${server.url}/?start=district_${server.districtId}#${launchHash(server.botToken, server.districtTelegramId, LIGHT_THEME)}`,
    );
    await page.getByTestId("district-work-link").click({ timeout: 15_000 });
    const state = page.getByTestId("operator-state");
    await expect.poll(() => state.innerText(), { timeout: 15_000 }).toMatch(/Управление образования администрации Тестового/);
    await page.getByTestId("operator-edit").click();
    // The three required fields may not be left empty: nothing is sent.
    await page.getByTestId("operator-name").fill("  ");
    await page.getByTestId("operator-save").click();
    expect(await page.getByTestId("operator-error").innerText()).toMatch(/Заполните наименование, адрес и срок/);
    await page.getByTestId("operator-name").fill("МКУ «Управление образования Тестового района»");
    await page.getByTestId("operator-term").fill("до 31 августа 2027 г.");
    await expectReachable(page, "сведения об операторе");
    await page.getByTestId("operator-save").click();
    await expect.poll(() => state.innerText(), { timeout: 15_000 }).toMatch(/МКУ «Управление образования Тестового района»[\s\S]*до 31 августа 2027 г\./);
    // Stored on the server: a fresh page shows the same.
    const fresh = await browser.newPage({ viewport: NARROW_PHONE, colorScheme: "light" });
    await fresh.addInitScript(installRecordingTelegramBridge);
    await fresh.goto(
      `${server.url}/?start=district_${server.districtId}#${launchHash(server.botToken, server.districtTelegramId, LIGHT_THEME)}`,
    );
    await fresh.getByTestId("district-work-link").click({ timeout: 15_000 });
    await expect.poll(() => fresh.getByTestId("operator-state").innerText(), { timeout: 15_000 }).toMatch(/до 31 августа 2027 г\./);
    await fresh.close();
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it("вне Telegram и не в демо-режиме просит открыть приложение из бота", async () => {
    const page = await browser.newPage({ viewport: PHONE });
    const { errors } = watchPage(page);
    const bridgeRequests = await routeMaxBridge(page);
    await page.goto(server.url);
    await page.getByText("Откройте приложение из бота в Telegram или MAX").waitFor();
    // A plain, unframed page without MAX launch parameters does not wait for MAX Bridge.
    expect(bridgeRequests).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it("в демо-режиме показывает плашку и вход без Telegram", async () => {
    const demo = await server.startDemo();
    const page = await browser.newPage({ viewport: PHONE });
    try {
      const { errors, apiAuth } = watchPage(page);
      await page.goto(demo.url);
      await page.getByText("ДЕМО-РЕЖИМ — вход без мессенджера, данные вымышленные").waitFor();
      const signIn = page.getByTestId("demo-sign-in");
      await signIn.or(page.getByTestId("error")).first().waitFor();
      const problem = (await page.getByTestId("error").count()) ? await page.getByTestId("error").textContent() : null;
      expect(problem, "GET /api/demo/people must list demo people in demo mode").toBeNull();
      await signIn.locator("button").first().click();
      await page.getByTestId("home").waitFor();
      const me = apiAuth.find((request) => request.path === "/api/me");
      expect(me?.authorization).toMatch(/^demo \S+$/);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
      await demo.close();
    }
  }, 90_000);
});
