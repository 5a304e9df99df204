// /programmes in both messengers (#15 §6): an expert the district named sees the programme awaiting
// their review with a button that opens it in the Mini App; the school head sees their programme's
// state; district staff see the district's programmes by state; a teacher is refused; /help lists it.
// The expert's notice, queued when the district names them, goes out with the app button
// (net-programmes-<district>-<programme>): web_app in Telegram, open_app in MAX.
import { Api } from "grammy";
import { Bot as MaxBotClient } from "@maxhub/max-bot-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assignReviewers } from "../../core/services/programmes.ts";
import type { PersonView } from "../../core/services/ports.ts";
import type { Database } from "../../prisma/db.ts";
import { PrismaRepository } from "../../prisma/repository.ts";
import { maxSender, OutboxWorker, telegramSender } from "../../server/outbox.ts";
import { openTestDatabase } from "../support/db.ts";
import { makeDistrict } from "../support/district.ts";
import { FakeMax, makeMaxBot, maxBotInfo, MaxUser } from "../support/max.ts";
import { testNetwork } from "../support/network.ts";
import { ChatUser, FakeTelegram, makeTestBot, MAX_TEST_TOKEN, TEST_TOKEN } from "../support/telegram.ts";

const PUBLIC_URL = "https://miniapp.example.ru";
let db: Database;
let district: Awaited<ReturnType<typeof makeDistrict>>;
let telegram: FakeTelegram;
let max: FakeMax;
let nextId = 67_000;

beforeAll(async () => {
  db = await openTestDatabase();
  district = await makeDistrict(db, { schools: 1 });
  telegram = new FakeTelegram();
  max = new FakeMax();
});
afterAll(async () => {
  await db?.close();
});

interface Chat {
  id: number;
  channel: "telegram" | "max";
  start(code: string): Promise<void>;
  send(text: string): Promise<void>;
  press(text: string): Promise<void>;
  texts(): string[];
  buttons(): Array<{ text: string; start: string | null }>;
}

function telegramChat(): Chat {
  const user = new ChatUser(makeTestBot(db, telegram), telegram, nextId++, "Ольга");
  return {
    id: user.id,
    channel: "telegram",
    start: (code) => user.send(`/start ${code}`),
    send: (text) => user.send(text),
    press: (text) => user.press(text),
    texts: () => telegram.toChat(user.id).map((call) => String(call.payload.text)),
    buttons: () => user.keyboardMessage().buttons.map((button) => ({ text: button.text, start: button.url ? new URL(button.url).searchParams.get("start") : null })),
  };
}

function maxChat(): Chat {
  const user = new MaxUser(makeMaxBot(db, max), max, nextId++, "Ольга");
  return {
    id: user.id,
    channel: "max",
    start: (code) => user.open(code),
    send: (text) => user.send(text),
    press: (text) => user.press(text),
    texts: () => user.texts(),
    buttons: () => user.keyboardMessage().buttons.map((button) => ({ text: button.text, start: button.type === "open_app" ? (button.payload ?? null) : null })),
  };
}

async function joined(chat: Chat, role: "teacher" | "head" | "district" | "methodologist") {
  await chat.start(await district.invite(role, role === "head" || role === "teacher" ? district.schools[0]!.id : null));
  await chat.press("Согласен(на)");
  return chat;
}

const personOf = async (chat: Chat) => (await db.prisma.account.findFirstOrThrow({ where: { channel: chat.channel, externalId: String(chat.id) } })).personId;

async function staffView(personId: string): Promise<PersonView> {
  return {
    id: personId,
    displayName: "РУО",
    consentAt: new Date(),
    memberships: [
      { id: "m", role: "district", districtId: district.district.id, schoolId: null, active: true, districtName: district.district.name, districtTimezone: "Europe/Moscow", schoolName: null },
    ],
  };
}

/** A submitted programme of the school (the API test walks the drafting; here the chat side matters). */
async function submittedProgramme(title: string) {
  const row = await db.prisma.programme.create({
    data: {
      districtId: district.district.id,
      schoolId: district.schools[0]!.id,
      kind: "school",
      title,
      state: "submitted",
      submittedAt: new Date(),
      passport: { goal: "Цель", tasks: ["Задача"], termFrom: "2027-01-01", termTo: "2027-12-31", expectedResults: ["Результат"], developers: ["Команда"], executors: ["Коллектив"] },
      indicators: [{ id: "i1", name: "Доля справившихся с ВПР", unit: "%", baseline: 60, target: 75 }],
    },
  });
  return row.id;
}

function worker() {
  const tg = new FakeTelegram();
  const mx = new FakeMax();
  const maxBot = new MaxBotClient(MAX_TEST_TOKEN, { clientOptions: { baseUrl: "http://max.test", fetch: mx.fetch as typeof fetch } });
  maxBot.botInfo = maxBotInfo as never;
  const queue = new OutboxWorker(
    db,
    { telegram: telegramSender(new Api(TEST_TOKEN, { fetch: tg.fetch as typeof fetch }), PUBLIC_URL), max: maxSender(maxBot, PUBLIC_URL) },
    { perSecond: 1000 },
  );
  return { tg, mx, queue };
}

describe.each([
  ["Telegram", telegramChat],
  ["MAX", maxChat],
] as const)("%s: /programmes", (channel, newChat) => {
  it("эксперт получает уведомление с кнопкой приложения и видит программу в /programmes; руководитель — её состояние; РУО — сводку", async () => {
    const expert = await joined(newChat(), "methodologist");
    const head = await joined(newChat(), "head");
    const staff = await joined(newChat(), "district");
    const title = `Программа перехода МБОУ СОШ №1 (${channel})`;
    const programmeId = await submittedProgramme(title);

    await expert.send("/programmes");
    expect(expert.texts().at(-1)).toBe("Программ, которые ждут вашей экспертизы или относятся к вашей школе, нет.");

    const expertId = await personOf(expert);
    const deps = { network: testNetwork(db), repo: new PrismaRepository(db.prisma), clock: { now: () => new Date() } };
    expect(await assignReviewers(deps, await staffView(await personOf(staff)), programmeId, [expertId])).toEqual([expertId]);
    const start = `net-programmes-${district.district.id}-${programmeId}`;

    // The queued notice: one per expert, with the app button in this messenger.
    const row = await db.prisma.outbox.findFirstOrThrow({ where: { personId: expertId } });
    expect(row).toMatchObject({ channel: expert.channel, appStart: start });
    const { tg, mx, queue } = worker();
    while ((await queue.tick()) > 0);
    if (channel === "Telegram") {
      const sent = tg.calls.find((call) => call.method === "sendMessage" && String(call.payload.chat_id) === String(expert.id))!;
      expect(sent.payload.text).toContain(`Вас назначили экспертом программы «${title}»`);
      expect(sent.payload.reply_markup.inline_keyboard).toEqual([[{ text: "Открыть программу", web_app: { url: `${PUBLIC_URL}/?start=${start}` } }]]);
    } else {
      const sent = mx.calls.find((call) => call.method === "POST" && call.path === "messages" && String(call.body.text).includes(title))!;
      const keyboard = sent.body.attachments.find((attachment: any) => attachment.type === "inline_keyboard");
      expect(keyboard.payload.buttons).toEqual([[{ type: "open_app", text: "Открыть программу", web_app: "shnor_max_bot", payload: start }]]);
    }

    await expert.send("/programmes");
    expect(expert.texts().at(-1)).toContain("Ждут вашей экспертной оценки:");
    expect(expert.texts().at(-1)).toContain(`«${title}» (МБОУ СОШ №1), версия 1`);
    expect(expert.buttons()).toContainEqual({ text: expect.stringMatching(/^Оценить: Программа перехода/), start });

    await head.send("/programmes");
    expect(head.texts().at(-1)).toContain("Программы вашей школы:");
    expect(head.texts().at(-1)).toContain(`«${title}» — на экспертизе, версия 1`);
    expect(head.buttons()).toContainEqual({ text: expect.stringMatching(/^Открыть: Программа перехода/), start });

    await staff.send("/programmes");
    expect(staff.texts().at(-1)).toContain("Программы района «Тестовый район»:");
    expect(staff.texts().at(-1)).toMatch(/на экспертизе: \d+/);
    expect(staff.buttons()).toContainEqual({ text: "Открыть программы", start: `net-programmes-${district.district.id}` });
  });

  it("педагогу команда не положена; /help руководителя называет /programmes", async () => {
    const teacher = await joined(newChat(), "teacher");
    await teacher.send("/programmes");
    expect(teacher.texts().at(-1)).toBe("Команда /programmes — для руководителей школ, управления образования, рабочей группы и экспертов района.");
    await teacher.send("/help");
    expect(teacher.texts().at(-1)).not.toContain("/programmes");
    const head = await joined(newChat(), "head");
    await head.send("/help");
    expect(head.texts().at(-1)).toContain("/programmes");
  });
});
