// /library in both messengers (#15 §5): a teacher sees what is new in the district's library (five a page,
// «Ещё ▸» for the next), searches with `/library слово` (title and tags, Russian, any case, «ё» as «е»),
// opens an item with «📄 n» and gets its link or its file as a document; archived items and another
// district's items never show; a bot restarted over the same database answers the same; /help lists it.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NetworkContext } from "../../core/services/network-context.ts";
import type { Database } from "../../prisma/db.ts";
import { openTestDatabase } from "../support/db.ts";
import { makeDistrict } from "../support/district.ts";
import { FakeMax, makeMaxBot, MaxUser } from "../support/max.ts";
import { testNetwork } from "../support/network.ts";
import { ChatUser, FakeTelegram, makeTestBot } from "../support/telegram.ts";

let db: Database;
let district: Awaited<ReturnType<typeof makeDistrict>>;
let other: Awaited<ReturnType<typeof makeDistrict>>;
let network: NetworkContext;
let telegram: FakeTelegram;
let max: FakeMax;
let nextId = 63_000;
const PDF = new TextEncoder().encode("%PDF-1.4 приказ о рабочей группе");
const ids: Record<string, string> = {};

async function item(districtId: string, title: string, extra: Record<string, unknown> = {}, minutesAgo = 0) {
  const row = await db.prisma.libraryItem.create({
    data: { districtId, kind: "methodical", title, createdAt: new Date(Date.now() - minutesAgo * 60_000), ...extra },
  });
  return row.id;
}

beforeAll(async () => {
  db = await openTestDatabase();
  district = await makeDistrict(db, { schools: 1 });
  other = await makeDistrict(db, { schools: 1 });
  network = testNetwork(db, fs.mkdtempSync(path.join(os.tmpdir(), "shnor-library-flow-")));
  telegram = new FakeTelegram();
  max = new FakeMax();
  const A = district.district.id;
  // Seven items, oldest first: the newest five are the first page.
  for (let n = 1; n <= 5; n++) ids[`old${n}`] = await item(A, `Подборка заданий по функциональной грамотности, часть ${n}`, { kind: "selection", areas: ["literacy"] }, 100 - n);
  ids.ovz = await item(A, "Инклюзия в обычном классе: памятка", { areas: ["disabilities"], riskFactors: ["disabilities"], url: "https://iro.example.ru/inclusion" }, 20);
  await network.files.put("library/order-1", PDF, "application/pdf");
  ids.order = await item(A, "Приказ о муниципальной рабочей группе", { kind: "order", docNumber: "76-О", docDate: new Date("2023-04-11T00:00:00Z"), fileKey: "library/order-1", fileName: "prikaz-76.pdf", fileMime: "application/pdf" }, 10);
  ids.archived = await item(A, "Устаревшее положение о ёлочных мероприятиях", { kind: "regulation", archivedAt: new Date() }, 5);
  ids.foreign = await item(other.district.id, "Чужая методичка по ОВЗ", { areas: ["disabilities"] }, 1);
});
afterAll(async () => {
  await db?.close();
});

interface Chat {
  start(code: string): Promise<void>;
  send(text: string): Promise<void>;
  press(text: string): Promise<void>;
  pressData(data: string): Promise<void>;
  texts(): string[];
  buttons(): string[];
  documents(): Array<{ filename: string; bytes: Uint8Array }>;
  restart(): void;
}

function telegramChat(): Chat {
  let user = new ChatUser(makeTestBot(db, telegram, { network }), telegram, nextId++, "Ольга");
  return {
    start: (code) => user.send(`/start ${code}`),
    send: (text) => user.send(text),
    press: (text) => user.press(text),
    pressData: (data) => user.pressData(data),
    texts: () => telegram.toChat(user.id).map((call) => String(call.payload.text ?? call.payload.caption ?? "")),
    buttons: () => user.keyboardMessage().buttons.map((button) => button.text),
    documents: () => telegram.documents(user.id),
    restart: () => {
      user = new ChatUser(makeTestBot(db, telegram, { network }), telegram, user.id, "Ольга");
    },
  };
}

function maxChat(): Chat {
  let user = new MaxUser(makeMaxBot(db, max, { network }), max, nextId++, "Ольга");
  return {
    start: (code) => user.open(code),
    send: (text) => user.send(text),
    press: (text) => user.press(text),
    pressData: (data) => user.pressPayload(data),
    texts: () => user.texts(),
    buttons: () => user.keyboardMessage().buttons.map((button) => button.text),
    documents: () => max.documents(user.chatId),
    restart: () => {
      user = new MaxUser(makeMaxBot(db, max, { network }), max, user.id, "Ольга");
    },
  };
}

async function joined(chat: Chat, role: "teacher" | "district") {
  await chat.start(await district.invite(role, role === "district" ? null : district.schools[0]!.id));
  await chat.press("Согласен(на)");
  return chat;
}

/** The number of the item in the last list («3. title — …»). */
function numberOf(text: string, title: string): number {
  const line = text.split("\n").find((candidate) => candidate.includes(title));
  expect(line, text).toBeTruthy();
  return Number(/^(\d+)\./.exec(line!)![1]);
}

describe.each([
  ["Telegram", telegramChat],
  ["MAX", maxChat],
] as const)("%s: /library", (_channel, newChat) => {
  it("педагог видит новое в библиотеке по 5, листает «Ещё ▸», открывает приказ с файлом и памятку со ссылкой", async () => {
    const teacher = await joined(newChat(), "teacher");
    await teacher.send("/help");
    expect(teacher.texts().at(-1)).toContain("/library");
    await teacher.send("/library");
    const first = teacher.texts().at(-1)!;
    expect(first).toContain("📚 Новое в библиотеке");
    expect(first.split("\n")[2]).toContain("Приказ о муниципальной рабочей группе — Приказ, распоряжение, № 76-О от 11.04.2023");
    expect(first).toContain("Инклюзия в обычном классе: памятка");
    expect(first).toContain("Показаны 1–5 из 7.");
    expect(first).not.toContain("Устаревшее положение");
    expect(first).not.toContain("Чужая методичка");
    expect(teacher.buttons()).toEqual(expect.arrayContaining(["📄 1", "📄 5", "Ещё ▸", "🔎 Как искать"]));

    await teacher.press("Ещё ▸");
    const second = teacher.texts().at(-1)!;
    expect(second).toContain("Показаны 6–7 из 7.");
    expect(second).toContain("часть 1");
    expect(teacher.buttons()).not.toContain("Ещё ▸");

    // Open the order from the first page again: its details, then its file.
    await teacher.send("/library");
    await teacher.press(`📄 ${numberOf(teacher.texts().at(-1)!, "Приказ о муниципальной рабочей группе")}`);
    const details = teacher.texts().filter((text) => text.startsWith("Приказ, распоряжение: Приказ о муниципальной рабочей группе")).at(-1)!;
    expect(details).toContain("№ 76-О от 11.04.2023");
    expect(details).toContain("Файл — следующим сообщением.");
    const document = teacher.documents().at(-1)!;
    expect(document.filename).toBe("prikaz-76.pdf");
    expect(Buffer.from(document.bytes).equals(Buffer.from(PDF))).toBe(true);

    await teacher.send("/library");
    await teacher.press(`📄 ${numberOf(teacher.texts().at(-1)!, "Инклюзия в обычном классе")}`);
    const memo = teacher.texts().at(-1)!;
    expect(memo).toContain("Методические рекомендации: Инклюзия в обычном классе: памятка");
    expect(memo).toContain("Теги: Работа с обучающимися с ОВЗ, Высокая доля обучающихся с ограниченными возможностями здоровья (ОВЗ)");
    expect(memo).toContain("Ссылка: https://iro.example.ru/inclusion");
  });

  it("поиск «/library слово» — по названию и тегам, без учёта регистра и «ё»; архив и чужой район не находятся; после перезапуска — то же", async () => {
    const teacher = await joined(newChat(), "teacher");
    await teacher.send("/library овз");
    const found = teacher.texts().at(-1)!;
    expect(found).toContain("🔎 Поиск: «овз»");
    expect(found).toContain("Инклюзия в обычном классе: памятка");
    expect(found).not.toContain("Чужая методичка");
    expect(found).not.toContain("грамотности");

    await teacher.send("/library ФУНКЦИОНАЛЬНАЯ грамотн");
    expect(teacher.texts().at(-1)).toContain("Подборка заданий по функциональной грамотности, часть 5");
    expect(teacher.texts().at(-1)).not.toContain("Инклюзия");

    await teacher.send("/library елочных");
    expect(teacher.texts().at(-1)).toBe("По запросу «елочных» ничего не нашлось. Попробуйте другое слово или откройте библиотеку в приложении.");
    await teacher.send("/library я");
    expect(teacher.texts().at(-1)).toMatch(/^Слишком короткий запрос/);

    // An archived item or another district's cannot be opened by its button data either.
    const before = teacher.texts().length;
    await teacher.pressData(`lb:get:${ids.archived}`);
    await teacher.pressData(`lb:get:${ids.foreign}`);
    expect(teacher.texts().length).toBe(before);

    teacher.restart();
    await teacher.send("/library Рабочей группе");
    expect(teacher.texts().at(-1)).toContain("1. Приказ о муниципальной рабочей группе");
  });
});

it("посторонний без приглашения библиотеку не получает", async () => {
  const stranger = new ChatUser(makeTestBot(db, telegram, { network }), telegram, nextId++, "Гость");
  await stranger.send("/library");
  expect(stranger.lastText()).not.toContain("📚 Новое в библиотеке");
});
