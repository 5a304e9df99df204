// /summary in both messengers: district staff get the district summary of deficits as an XLSX file,
// with the same released figures as the Mini App; teachers and heads get no file.
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { teacherDiagnosticV1 } from "../../core/instruments/teacher-diagnostic.ts";
import type { Database } from "../../prisma/db.ts";
import { openTestDatabase } from "../support/db.ts";
import { makeDistrict } from "../support/district.ts";
import { FakeMax, makeMaxBot, MaxUser } from "../support/max.ts";
import { ChatUser, FakeTelegram, makeTestBot } from "../support/telegram.ts";

let db: Database;
let district: Awaited<ReturnType<typeof makeDistrict>>;
let telegram: FakeTelegram;
let telegramBot: ReturnType<typeof makeTestBot>;
let max: FakeMax;
let maxBot: ReturnType<typeof makeMaxBot>;
let nextId = 30_000;

beforeAll(async () => {
  db = await openTestDatabase();
  district = await makeDistrict(db, { schools: 1 });
  // Six teachers of school 1 completed: enough for the school and the district.
  for (let index = 0; index < 6; index++) {
    const person = await db.prisma.person.create({
      data: { displayName: `Учитель ${index}`, consentAt: new Date(), memberships: { create: { role: "teacher", districtId: district.district.id, schoolId: district.schools[0]!.id } } },
    });
    await db.prisma.response.create({
      data: {
        campaignId: district.campaign.id,
        personId: person.id,
        completedAt: new Date(),
        answers: { create: teacherDiagnosticV1.questions.map((question) => ({ questionId: question.id, value: 1 + (index % 4) })) },
      },
    });
  }
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

async function joined(chat: Chat, role: "teacher" | "head" | "district") {
  await chat.start(await district.invite(role, role === "district" ? null : district.schools[0]!.id));
  await chat.press("Согласен(на)");
  return chat;
}

describe.each([
  ["Telegram", telegramChat],
  ["MAX", maxChat],
] as const)("%s: /summary", (_title, newChat) => {
  it("сотрудник района получает файл Excel со сводкой по правилам публикации", async () => {
    const staff = await joined(newChat(), "district");
    await staff.send("/help");
    expect(staff.texts().at(-1)).toContain("/summary");
    await staff.send("/summary");
    const [file] = staff.documents();
    expect(file?.filename).toMatch(/^svodka-deficitov-\d{4}-\d{2}-\d{2}\.xlsx$/);
    expect(file?.caption).toMatch(/Тестовый район: сводные дефициты — Диагностика дефицитов, февраль/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(file!.bytes) as never);
    const table = book.getWorksheet("Школы × области")!;
    expect(table.getRow(2).getCell(1).value).toBe("МБОУ СОШ №1");
    expect(table.getRow(2).getCell(3).value).toBe("6");
    expect(String(table.getRow(2).getCell(4).value)).toMatch(/^(≤ |≥ )?\d+ \((≤ |≥ )?\d+ %\)$/);
  });

  it("педагог и руководитель школы файла не получают", async () => {
    for (const role of ["teacher", "head"] as const) {
      const chat = await joined(newChat(), role);
      await chat.send("/summary");
      expect(chat.documents()).toHaveLength(0);
    }
  });
});
