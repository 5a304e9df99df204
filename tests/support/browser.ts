// What the Mini App browser tests share: headless Debian Chromium, signed Telegram launch parameters,
// and the Mini App's server (built pages + API) over a test database on a free port.
import fs from "node:fs";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { serve, type ServerType } from "@hono/node-server";
import { sign } from "@telegram-apps/init-data-node";
import { chromium, type Browser } from "playwright-core";
import { createApp } from "../../miniapp/api/app.ts";
import { DEFAULT_METHODOLOGY } from "../../core/methodology/settings.ts";
import { PrismaAdminRepository } from "../../prisma/admin.ts";
import { PrismaIdentificationRepository } from "../../prisma/identification.ts";
import { PrismaRepository } from "../../prisma/repository.ts";
import type { Database } from "../../prisma/db.ts";
import { surveysContext } from "../../prisma/surveys.ts";
import { testManagement } from "./management.ts";
import { testNetwork } from "./network.ts";
import { MAX_TEST_TOKEN, TEST_TOKEN } from "./telegram.ts";

export const CHROMIUM = "/usr/bin/chromium";
export const hasChromium = fs.existsSync(CHROMIUM);
export const WEB_DIST = path.resolve("miniapp/web/dist");
export const NARROW_PHONE = { width: 320, height: 640 };

/** The URL hash Telegram opens the Mini App with, signed for this user. */
export function launchHash(userId: number): string {
  const initData = sign({ user: { id: userId, first_name: "Тест", language_code: "ru" } } as never, TEST_TOKEN, new Date());
  return new URLSearchParams({
    tgWebAppData: initData,
    tgWebAppVersion: "8.0",
    tgWebAppPlatform: "tdesktop",
    tgWebAppThemeParams: JSON.stringify({ bg_color: "#ffffff", text_color: "#000000", button_color: "#2481cc", button_text_color: "#ffffff" }),
  }).toString();
}

export function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(path.join(WEB_DIST, "index.html"))) throw new Error("Mini App не собран: выполните npm run build");
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/** The Mini App's server with every context (#13, #14) over `db`; `close()` stops it. */
export async function serveMiniApp(db: Database): Promise<{ url: string; close(): Promise<void> }> {
  const app = createApp({
    repo: new PrismaRepository(db.prisma),
    admin: new PrismaAdminRepository(db.prisma),
    ident: new PrismaIdentificationRepository(db.prisma),
    surveys: surveysContext(db.prisma),
    management: testManagement(db),
    network: testNetwork(db),
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
  const server = await new Promise<ServerType>((resolve) => {
    const instance = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(instance));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
