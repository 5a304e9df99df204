// Security headers on every response the server gives: API, errors, health and the Mini App page.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../prisma/db.ts";
import { createApp } from "../../miniapp/api/app.ts";
import { openTestDatabase } from "../support/db.ts";
import { makeTestApi, signInitData } from "../support/api.ts";

let db: Database;
let staticDir: string;
beforeAll(async () => {
  db = await openTestDatabase();
  staticDir = fs.mkdtempSync(path.join(os.tmpdir(), "shnor-static-"));
  fs.writeFileSync(path.join(staticDir, "index.html"), '<!doctype html><div id="root"></div>');
});
afterAll(async () => {
  await db?.close();
  fs.rmSync(staticDir, { recursive: true, force: true });
});

function expectSecurityHeaders(response: Response, what: string) {
  const csp = response.headers.get("content-security-policy") ?? "";
  expect(csp, what).toMatch(/frame-ancestors 'self' https:\/\/web\.telegram\.org https:\/\/\*\.telegram\.org https:\/\/web\.max\.ru https:\/\/\*\.max\.ru/);
  expect(csp, what).toMatch(/default-src 'self'/);
  expect(csp, what).toMatch(/script-src 'self' https:\/\/st\.max\.ru/);
  expect(csp, what).toMatch(/object-src 'none'/);
  expect(response.headers.get("x-content-type-options"), what).toBe("nosniff");
  expect(response.headers.get("referrer-policy"), what).toBe("no-referrer");
  // X-Frame-Options: SAMEORIGIN would stop Telegram Web and MAX web from showing the Mini App.
  expect(response.headers.get("x-frame-options"), what).toBeNull();
}

describe("заголовки безопасности", () => {
  it("есть на каждом ответе API: 200, 401, 403, 404 и /healthz", async () => {
    const api = makeTestApi(db);
    expectSecurityHeaders(await api.request("/healthz"), "/healthz");
    expectSecurityHeaders(await api.request("/api/config"), "/api/config");
    expectSecurityHeaders(await api.request("/api/me"), "401");
    expectSecurityHeaders(await api.request("/api/me", { headers: { authorization: `tma ${signInitData(4242)}` } }), "403");
    expectSecurityHeaders(await api.request("/api/nothing-here", { headers: { authorization: `tma ${signInitData(4242)}` } }), "404");
  });

  it("есть на странице Mini App и на маршрутах клиента", async () => {
    const app = createApp({
      repo: {} as never,
      admin: {} as never,
      surveys: {} as never,
      clock: { now: () => new Date() },
      settings: {} as never,
      tokens: {},
      botUsername: () => null,
      initDataMaxAgeSeconds: 3600,
      demo: false,
      staticDir,
      health: async () => ({ database: "ok", kind: "pglite" }),
      log: { error: () => undefined },
    });
    for (const route of ["/", "/profile"]) {
      const page = await app.request(route);
      expect(page.status).toBe(200);
      expectSecurityHeaders(page, route);
    }
  });
});
