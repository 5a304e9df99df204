// Starts the real HTTP server (built Mini App + API) on a random port over a test database in which
// one school has enough completed diagnostics for the head to see the chart.
import { randomBytes } from "node:crypto";
import { startServer } from "../../server/app.ts";
import { loadConfig } from "../../server/config.ts";
import { answerDiagnostic } from "../../core/services/diagnostic.ts";
import { DEFAULT_METHODOLOGY } from "../../core/methodology/settings.ts";
import { giveConsent, redeemInvite } from "../../core/services/onboarding.ts";
import { teacherDiagnosticV1 } from "../../core/instruments/teacher-diagnostic.ts";
import { openTestDatabase } from "./db.ts";
import { makeDistrict } from "./district.ts";
import { maxBotInfo } from "./max.ts";
import { MAX_TEST_TOKEN, TEST_TOKEN, botInfo } from "./telegram.ts";

export interface TestServer {
  url: string;
  botToken: string;
  headSchoolId: string;
  headTelegramId: number;
  teacherTelegramId: number;
  /** MAX user ids (MAX init data is signed with MAX_TEST_TOKEN): a head of the same school, a teacher without answers. */
  maxHeadId: number;
  maxTeacherId: number;
  close(): Promise<void>;
}

export async function startTestServer(options: { demo?: boolean } = {}): Promise<TestServer> {
  const db = await openTestDatabase();
  const { schools, invite, repo } = await makeDistrict(db);
  const school = schools[0]!;
  const clock = { now: () => new Date() };
  const deps = { repo, clock, randomBytes: (size: number) => randomBytes(size), settings: DEFAULT_METHODOLOGY };
  const join = async (telegramId: number, role: "head" | "teacher", firstName: string, channel: "telegram" | "max" = "telegram") => {
    const { person } = await redeemInvite(deps, await invite(role, school.id), {
      channel,
      externalId: String(telegramId),
      chatId: String(telegramId),
      firstName,
    });
    await giveConsent(deps, person.id);
    return person.id;
  };
  const headTelegramId = 5001;
  const headPersonId = await join(headTelegramId, "head", "Ирина Петровна");
  const teacherTelegramId = 6001;
  for (let index = 0; index < 6; index++) {
    const personId = await join(teacherTelegramId + index, "teacher", `Учитель ${index + 1}`);
    for (const [position, question] of teacherDiagnosticV1.questions.entries()) {
      await answerDiagnostic(deps, personId, { questionId: question.id, value: 1 + ((position + index) % 4) });
    }
  }
  const maxHeadId = 7001;
  await join(maxHeadId, "head", "Ольга Николаевна", "max");
  const maxTeacherId = 8001;
  await join(maxTeacherId, "teacher", "Учитель в MAX", "max");
  const config = loadConfig({
    BOT_TOKEN: TEST_TOKEN,
    MAX_BOT_TOKEN: MAX_TEST_TOKEN,
    PORT: "0",
    HOST: "127.0.0.1",
    LOG_LEVEL: "warn",
  });
  const demoPeople = async () => [{ personId: headPersonId, label: `Директор — ${school.name}` }];
  const server = await startServer(config, {
    db,
    polling: false,
    scheduler: false,
    telegram: { botInfo },
    max: { botInfo: maxBotInfo as never },
    ...(options.demo ? { demoPeople } : {}),
  });
  return {
    url: server.url,
    botToken: TEST_TOKEN,
    headSchoolId: school.id,
    headTelegramId,
    teacherTelegramId,
    maxHeadId,
    maxTeacherId,
    close: async () => {
      await server.close();
      await db.close();
    },
  };
}
