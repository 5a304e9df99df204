// The run notice to a head of a school on a list (#12 §10) goes through the send queue with a button
// that opens the Mini App on the school card: a web_app button to the Mini App address with `?start=`
// in Telegram, an open_app button with the start payload in MAX; the text alone while the Mini App is
// not published over HTTPS.
import { Api } from "grammy";
import { Bot as MaxBotClient } from "@maxhub/max-bot-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../prisma/db.ts";
import { maxSender, OutboxWorker, telegramSender } from "../../server/outbox.ts";
import { openTestDatabase } from "../support/db.ts";
import { makeDistrict } from "../support/district.ts";
import { FakeMax, maxBotInfo } from "../support/max.ts";
import { FakeTelegram, MAX_TEST_TOKEN, TEST_TOKEN } from "../support/telegram.ts";

const PUBLIC_URL = "https://miniapp.example.ru";
let db: Database;
let schoolId: string;
let personId: string;

beforeAll(async () => {
  db = await openTestDatabase();
  const district = await makeDistrict(db, { schools: 1 });
  schoolId = district.schools[0]!.id;
  personId = (await db.prisma.person.create({ data: { displayName: "Ирина Петровна", consentAt: new Date() } })).id;
});
afterAll(async () => {
  await db?.close();
});

let row = 0;
async function queue(channel: "telegram" | "max", chatId: string, appStart: string | null) {
  await db.prisma.outbox.create({
    data: { dedupeKey: `notice-test:${++row}`, personId, channel, chatId, text: `Школа вошла в список ШНОР (${row})`, appStart },
  });
  return `Школа вошла в список ШНОР (${row})`;
}

function workers(publicUrl: string | undefined) {
  const telegram = new FakeTelegram();
  const max = new FakeMax();
  // The queue's MAX client as the server builds it: the SDK's bot with its name known.
  const maxBot = new MaxBotClient(MAX_TEST_TOKEN, { clientOptions: { baseUrl: "http://max.test", fetch: max.fetch as typeof fetch } });
  maxBot.botInfo = maxBotInfo as never;
  const worker = new OutboxWorker(
    db,
    {
      telegram: telegramSender(new Api(TEST_TOKEN, { fetch: telegram.fetch as typeof fetch }), publicUrl),
      max: maxSender(maxBot, publicUrl),
    },
    { perSecond: 1000 },
  );
  return { telegram, max, worker };
}

describe("уведомление руководителю школы из списка", () => {
  it("Telegram: кнопка web_app открывает приложение на карточке школы", async () => {
    const { telegram, worker } = workers(PUBLIC_URL);
    const text = await queue("telegram", "5001", `school-${schoolId}`);
    expect(await worker.tick()).toBe(1);
    const sent = telegram.calls.find((call) => call.method === "sendMessage")!;
    expect(sent.payload.text).toBe(text);
    expect(sent.payload.reply_markup.inline_keyboard).toEqual([
      [{ text: "Открыть карточку школы", web_app: { url: `${PUBLIC_URL}/?start=school-${schoolId}` } }],
    ]);
    expect(await db.prisma.outbox.count({ where: { state: "delivered" } })).toBeGreaterThan(0);
  });

  it("MAX: кнопка open_app с параметром запуска", async () => {
    const { max, worker } = workers(PUBLIC_URL);
    const text = await queue("max", "907001", `school-${schoolId}`);
    expect(await worker.tick()).toBe(1);
    const sent = max.calls.find((call) => call.method === "POST" && call.path === "messages")!;
    expect(sent.query.chat_id).toBe("907001");
    expect(sent.body.text).toBe(text);
    const keyboard = sent.body.attachments.find((attachment: any) => attachment.type === "inline_keyboard");
    expect(keyboard.payload.buttons).toEqual([
      [{ type: "open_app", text: "Открыть карточку школы", web_app: "shnor_max_bot", payload: `school-${schoolId}` }],
    ]);
  });

  it("без опубликованного приложения (нет https) — только текст, в обоих мессенджерах", async () => {
    const { telegram, max, worker } = workers("http://localhost:8080");
    await queue("telegram", "5002", `school-${schoolId}`);
    await queue("max", "907002", `school-${schoolId}`);
    expect(await worker.tick()).toBe(2);
    const tg = telegram.calls.find((call) => call.method === "sendMessage")!;
    expect(tg.payload.reply_markup).toBeUndefined();
    const mx = max.calls.find((call) => call.method === "POST" && call.path === "messages")!;
    expect(mx.body.attachments ?? []).toEqual([]);
  });

  it("обычное сообщение очереди (без appStart) уходит без кнопки", async () => {
    const { telegram, worker } = workers(PUBLIC_URL);
    await queue("telegram", "5003", null);
    expect(await worker.tick()).toBe(1);
    expect(telegram.calls.find((call) => call.method === "sendMessage")!.payload.reply_markup).toBeUndefined();
  });
});
