// Starts the real HTTP server (built Mini App + API) on a random port over a test database in which
// one school has enough completed diagnostics for the head to see the chart.
import { randomBytes } from "node:crypto";
import { startServer } from "../../server/app.ts";
import { loadConfig } from "../../server/config.ts";
import { answerDiagnostic } from "../../core/services/diagnostic.ts";
import { DEFAULT_METHODOLOGY } from "../../core/methodology/settings.ts";
import { giveConsent, redeemInvite } from "../../core/services/onboarding.ts";
import { createSchool } from "../../prisma/admin.ts";
import { teacherDiagnosticV1 } from "../../core/instruments/teacher-diagnostic.ts";
import { openTestDatabase } from "./db.ts";
import { makeDistrict } from "./district.ts";
import { FakeMax, maxBotInfo } from "./max.ts";
import { FakeTelegram, MAX_TEST_TOKEN, TEST_TOKEN, botInfo } from "./telegram.ts";

export interface TestServer {
  url: string;
  botToken: string;
  headSchoolId: string;
  headTelegramId: number;
  teacherTelegramId: number;
  /** MAX user ids (MAX init data is signed with MAX_TEST_TOKEN): a head of the same school, a teacher without answers. */
  maxHeadId: number;
  maxTeacherId: number;
  /**
   * District staff (role "district", no school) of the same district. Their district page shows
   * every school as "n из N": the head's school (6 finished Telegram teachers plus the MAX teacher
   * without answers), a second school whose only teacher (`unfinishedTeacherTelegramId`) has started
   * but not finished, a third school with no connected teachers.
   */
  districtTelegramId: number;
  districtId: string;
  unfinishedTeacherTelegramId: number;
  secondSchoolId: string;
  emptySchoolId: string;
  /** What the bots sent through the send queue, to the stand-in Telegram and MAX Bot APIs (never the real ones). */
  sentMessages(): Array<{ channel: "telegram" | "max"; chatId: string; text: string }>;
  /**
   * The same world served by a second server in demo mode (demo sign-in lists the head), over the same
   * database: a test of demo mode needs no district of its own (building one costs ~5 s of CPU).
   * Its `close()` stops that server only.
   */
  startDemo(): Promise<{ url: string; close(): Promise<void> }>;
  close(): Promise<void>;
}

export async function startTestServer(options: { demo?: boolean } = {}): Promise<TestServer> {
  const db = await openTestDatabase();
  const { district, schools, invite, repo } = await makeDistrict(db);
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
  const districtTelegramId = 9001;
  const unfinishedTeacherTelegramId = 6101;
  const secondSchool = schools[1]!;
  const emptySchool = await createSchool(db.prisma, { districtId: district.id, name: "МБОУ ООШ №3", code: "03" });
  const joinWith = async (code: string, telegramId: number, firstName: string) => {
    const { person } = await redeemInvite(deps, code, {
      channel: "telegram",
      externalId: String(telegramId),
      chatId: String(telegramId),
      firstName,
    });
    await giveConsent(deps, person.id);
    return person.id;
  };
  await joinWith(await invite("district", null), districtTelegramId, "Марина Викторовна");
  const unfinishedTeacherId = await joinWith(await invite("teacher", secondSchool.id), unfinishedTeacherTelegramId, "Анна Сергеевна");
  for (const question of teacherDiagnosticV1.questions.slice(0, 3)) {
    await answerDiagnostic(deps, unfinishedTeacherId, { questionId: question.id, value: 2 });
  }
  const config = loadConfig({
    BOT_TOKEN: TEST_TOKEN,
    MAX_BOT_TOKEN: MAX_TEST_TOKEN,
    PORT: "0",
    HOST: "127.0.0.1",
    LOG_LEVEL: "warn",
  });
  // The send queue delivers for real (e.g. reminders from the district page): to stand-ins, so a test
  // never reaches api.telegram.org or MAX, and shutdown never waits on an unreachable host.
  const telegramApi = new FakeTelegram();
  const maxApi = new FakeMax();
  const demoPeople = async () => [{ personId: headPersonId, label: `Директор — ${school.name}` }];
  const serve = (demo: boolean) =>
    startServer(config, {
      db,
      polling: false,
      scheduler: false,
      telegram: { botInfo, client: { fetch: telegramApi.fetch as typeof fetch } },
      max: { botInfo: maxBotInfo as never, clientOptions: { baseUrl: "http://max.test", fetch: maxApi.fetch as typeof fetch } },
      ...(demo ? { demoPeople } : {}),
    });
  const server = await serve(Boolean(options.demo));
  return {
    url: server.url,
    botToken: TEST_TOKEN,
    headSchoolId: school.id,
    headTelegramId,
    teacherTelegramId,
    maxHeadId,
    maxTeacherId,
    districtTelegramId,
    districtId: district.id,
    unfinishedTeacherTelegramId,
    secondSchoolId: secondSchool.id,
    emptySchoolId: emptySchool.id,
    sentMessages: () => [
      ...telegramApi.calls
        .filter((call) => call.method === "sendMessage")
        .map((call) => ({ channel: "telegram" as const, chatId: String(call.payload.chat_id), text: String(call.payload.text) })),
      ...maxApi.calls
        .filter((call) => call.method === "POST" && call.path === "messages")
        .map((call) => ({ channel: "max" as const, chatId: String(call.query.chat_id), text: String(call.body?.text) })),
    ],
    startDemo: async () => {
      const demo = await serve(true);
      return { url: demo.url, close: () => demo.close() };
    },
    close: async () => {
      await server.close();
      await db.close();
    },
  };
}
