// /report in both messengers (#14 §7): district staff create the current half-year's draft of the
// аналитическая справка from the chat and get it as two documents, XLSX and PDF; a head gets no file.
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parsePeriod, periodKeyOf, periodTitle } from "../../core/management/report.ts";
import type { Database } from "../../prisma/db.ts";
import { openTestDatabase } from "../support/db.ts";
import { FakeMax, makeMaxBot, MaxUser } from "../support/max.ts";
import { makeReportDistrict } from "../support/report-district.ts";
import { ChatUser, FakeTelegram, makeTestBot } from "../support/telegram.ts";

let db: Database;
let district: Awaited<ReturnType<typeof makeReportDistrict>>;
let telegram: FakeTelegram;
let telegramBot: ReturnType<typeof makeTestBot>;
let max: FakeMax;
let maxBot: ReturnType<typeof makeMaxBot>;
let nextId = 41_000;

beforeAll(async () => {
  db = await openTestDatabase();
  district = await makeReportDistrict(db);
  telegram = new FakeTelegram();
  telegramBot = makeTestBot(db, telegram);
  max = new FakeMax();
  maxBot = makeMaxBot(db, max);
});
afterAll(async () => {
  await db?.close();
});

interface Chat {
  start(code: string): Promise<void>;
  send(text: string): Promise<void>;
  press(text: string): Promise<void>;
  texts(): string[];
  documents(): Array<{ filename: string; bytes: Uint8Array; caption?: string }>;
}

function telegramChat(): Chat {
  const user = new ChatUser(telegramBot, telegram, nextId++, "Ольга");
  return {
    start: (code) => user.send(`/start ${code}`),
    send: (text) => user.send(text),
    press: (text) => user.press(text),
    texts: () => telegram.toChat(user.id).map((call) => String(call.payload.text)),
    documents: () => telegram.documents(user.id),
  };
}

function maxChat(): Chat {
  const user = new MaxUser(maxBot, max, nextId++, "Ольга");
  return {
    start: (code) => user.open(code),
    send: (text) => user.send(text),
    press: (text) => user.press(text),
    texts: () => user.texts(),
    documents: () => max.documents(user.chatId),
  };
}

async function joined(chat: Chat, role: "head" | "district") {
  await chat.start(await district.invite(role, role === "district" ? null : district.schools[0]!.id));
  await chat.press("Согласен(на)");
  return chat;
}

const currentTitle = () => {
  const timezone = "Europe/Moscow";
  return periodTitle(parsePeriod(periodKeyOf(new Date(), "half_year", timezone), timezone)!);
};

describe.each([
  ["Telegram", telegramChat],
  ["MAX", maxChat],
] as const)("%s: /report", (_title, newChat) => {
  it("сотрудник РУО создаёт черновик за текущее полугодие и получает справку двумя документами: XLSX и PDF", async () => {
    const staff = await joined(newChat(), "district");
    await staff.send("/help");
    expect(staff.texts().at(-1)).toContain("/report");
    await staff.send("/report");
    const title = currentTitle();
    // The first messenger's test created the draft already; the second one finds it in the list.
    if (staff.texts().at(-1)!.includes("Справок пока нет")) {
      await staff.press(`➕ Черновик за ${title}`);
      expect(staff.texts().at(-1)).toContain(`Черновик справки за ${title} готов`);
    } else expect(staff.texts().at(-1)).toContain(`• ${title}: черновик`);
    await staff.press(`📄 ${title}: XLSX и PDF`);
    const files = staff.documents();
    expect(files).toHaveLength(2);
    const [xlsx, pdf] = files as [(typeof files)[0], (typeof files)[0]];
    expect(xlsx.filename).toMatch(/^spravka-\d{4}-H[12]\.xlsx$/);
    expect(pdf.filename).toMatch(/^spravka-\d{4}-H[12]\.pdf$/);
    expect(xlsx.caption).toBe(`Аналитическая справка за ${title} (XLSX)`);
    expect(Buffer.from(pdf.bytes).subarray(0, 5).toString("latin1")).toBe("%PDF-");
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(xlsx.bytes) as never);
    expect(book.worksheets.map((sheet) => sheet.name)).toContain("Рекомендации");
  });

  it("руководитель школы справку не получает", async () => {
    const head = await joined(newChat(), "head");
    await head.send("/report");
    expect(head.documents()).toHaveLength(0);
    expect(head.texts().at(-1)).toContain("Аналитические справки ведут сотрудники РУО");
  });
});
