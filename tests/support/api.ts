// Signs Mini App init data for the test token and calls the API in-process (app.request).
import { sign } from "@telegram-apps/init-data-node";
import { createApp } from "../../miniapp/api/app.ts";
import { DEFAULT_METHODOLOGY } from "../../core/methodology/settings.ts";
import { PrismaRepository } from "../../prisma/repository.ts";
import { PrismaIdentificationRepository } from "../../prisma/identification.ts";
import { PrismaAdminRepository } from "../../prisma/admin.ts";
import { surveysContext } from "../../prisma/surveys.ts";
import { testManagement } from "./management.ts";
import { testNetwork } from "./network.ts";
import type { Database } from "../../prisma/db.ts";
import { MAX_TEST_TOKEN, TEST_TOKEN } from "./telegram.ts";

export function signInitData(userId: number, options: { token?: string; authDate?: Date; firstName?: string } = {}): string {
  return sign(
    {
      user: { id: userId, first_name: options.firstName ?? "Тест", language_code: "ru" },
      query_id: "AAH" + userId,
    } as never,
    options.token ?? TEST_TOKEN,
    options.authDate ?? new Date(),
  );
}

export function makeTestApi(db: Database, overrides: { demo?: boolean; minRespondents?: number } = {}) {
  return createApp({
    repo: new PrismaRepository(db.prisma),
    admin: new PrismaAdminRepository(db.prisma),
    ident: new PrismaIdentificationRepository(db.prisma),
    surveys: surveysContext(db.prisma),
    management: testManagement(db),
    network: testNetwork(db),
    clock: { now: () => new Date() },
    settings: { ...DEFAULT_METHODOLOGY, minRespondents: overrides.minRespondents ?? DEFAULT_METHODOLOGY.minRespondents },
    tokens: { telegram: TEST_TOKEN, max: MAX_TEST_TOKEN },
    botUsername: () => "shnor_test_bot",
    maxBotUsername: () => "id7700000000_bot",
    initDataMaxAgeSeconds: 24 * 3600,
    demo: overrides.demo ?? false,
    health: async () => {
      await db.query("SELECT 1");
      return { database: "ok", kind: db.kind };
    },
    log: { error: (obj) => console.error(obj) },
  });
}

export async function getJson(app: ReturnType<typeof makeTestApi>, path: string, initData?: string) {
  const response = await app.request(path, { headers: initData ? { authorization: `tma ${initData}` } : {} });
  return { status: response.status, body: (await response.json()) as any };
}
