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
import { TEST_TOKEN, botInfo } from "./telegram.ts";

export interface TestServer {
  url: string;
  botToken: string;
  headSchoolId: string;
  headTelegramId: number;
  teacherTelegramId: number;
  close(): Promise<void>;
}

export async function startTestServer(options: { demo?: boolean } = {}): Promise<TestServer> {
  const db = await openTestDatabase();
  const { schools, invite, repo } = await makeDistrict(db);
  const school = schools[0]!;
  const clock = { now: () => new Date() };
  const deps = { repo, clock, randomBytes: (size: number) => randomBytes(size), settings: DEFAULT_METHODOLOGY };
  const join = async (telegramId: number, role: "head" | "teacher", firstName: string) => {
    const { person } = await redeemInvite(deps, await invite(role, school.id), {
      channel: "telegram",
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
  const config = loadConfig({
    BOT_TOKEN: TEST_TOKEN,
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
    ...(options.demo ? { demoPeople } : {}),
  });
  return {
    url: server.url,
    botToken: TEST_TOKEN,
    headSchoolId: school.id,
    headTelegramId,
    teacherTelegramId,
    close: async () => {
      await server.close();
      await db.close();
    },
  };
}
