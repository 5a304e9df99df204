// Identification in the bot (#12 §4, §10), in both messengers with the stand-in APIs: district staff
// send data files as documents, see the check with «Загрузить» / «Отмена», load (also after a
// restart between the check and the press, and only once), get precise Russian errors for a bad file
// with nothing stored, run /identify and get the templates; teachers' files are refused; the head of
// a school that entered a list gets the notice with the button to the school card in the Mini App.
import ExcelJS from "exceljs";
import { Api } from "grammy";
import { Bot as MaxBotClient } from "@maxhub/max-bot-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COLUMN_TITLES, SHEET_NAMES, TEMPLATE_FILES, type ColumnKey } from "../../core/messages/intake.ts";
import { dataTemplate } from "../../files/identification/index.ts";
import { buildTemplate } from "../../files/staff-workbook.ts";
import type { Database } from "../../prisma/db.ts";
import { identificationContext } from "../../prisma/identification.ts";
import { maxSender, OutboxWorker, telegramSender } from "../../server/outbox.ts";
import type { TelegramDeps } from "../../bot/channels/telegram.ts";
import { openTestDatabase } from "../support/db.ts";
import { makeDistrict } from "../support/district.ts";
import { FakeMax, makeMaxBot, maxBotInfo, MaxUser } from "../support/max.ts";
import { ChatUser, FakeTelegram, makeTestBot, MAX_TEST_TOKEN, TEST_TOKEN } from "../support/telegram.ts";

const PUBLIC_URL = "https://miniapp.example.ru";
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
let db: Database;
let overrides: Partial<TelegramDeps>;

beforeAll(async () => {
  db = await openTestDatabase();
  const { ident, parseFile, readStaffWorkbook } = identificationContext(db.prisma);
  overrides = { identification: { ident, parseFile, readStaffWorkbook, dataTemplate } };
});
afterAll(async () => {
  await db?.close();
});

type Row = Partial<Record<ColumnKey, string | number>>;

/** A filled-in template: our own template's data sheet with these rows under the example row. */
async function workbook(kind: "results" | "social", rows: Row[]): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from((await dataTemplate(kind)).content) as never);
  const sheet = book.getWorksheet(SHEET_NAMES[kind])!;
  const columns = new Map<string, number>();
  sheet.getRow(1).eachCell((cell, column) => columns.set(String(cell.value), column));
  rows.forEach((row, index) => {
    const line = sheet.getRow(3 + index);
    for (const [key, value] of Object.entries(row)) line.getCell(columns.get(COLUMN_TITLES[key as ColumnKey])!).value = value;
    line.commit();
  });
  return new Uint8Array(await book.xlsx.writeBuffer());
}

const YEARS = [2023, 2024, 2025];
const SCHOOLS = [
  { code: "01", name: "МБОУ СОШ №1", mean: 3.1 },
  { code: "02", name: "МБОУ СОШ №2", mean: 4.4 },
  { code: "03", name: "МБОУ СОШ №3", mean: 3.9 },
  { code: "04", name: "МБОУ ООШ №4", mean: 4.1 },
];

const resultsRows = (): Row[] =>
  YEARS.flatMap((year) =>
    SCHOOLS.flatMap((school) =>
      ["русский язык", "математика"].map((subject) => ({
        schoolCode: school.code,
        schoolName: school.name,
        year,
        assessment: "ОГЭ",
        grade: 9,
        subject,
        participants: 20,
        meanScore: school.mean,
        lowShare: school.code === "01" ? 30 : 5,
        highShare: school.code === "01" ? 5 : 25,
      })),
    ),
  );

/** School 01 lives in hard conditions (every deficit flag), the others do not. */
const socialRows = (): Row[] =>
  YEARS.flatMap((year) =>
    SCHOOLS.map((school) => {
      const hard = school.code === "01";
      const flag = hard ? "да" : "нет";
      return {
        schoolCode: school.code,
        schoolName: school.name,
        year,
        students: 200,
        parentsNoHigherEducation: hard ? 120 : 30,
        unemployedParents: hard ? 40 : 5,
        watchList: hard ? 20 : 2,
        odnKdn: hard ? 8 : 0,
        migrantOrLowRussian: hard ? 15 : 1,
        nonAttested: hard ? 10 : 0,
        truancy: hard ? 12 : 1,
        disabilities: hard ? 20 : 5,
        remote: flag,
        smallSchool: "нет",
        infrastructureDeficit: flag,
        computerDeficit: flag,
        internetDeficit: flag,
        unfilledPosts: flag,
        accreditationSuspended: "нет",
      };
    }),
  );

/** One person in one messenger, as the test drives them. */
interface Chat {
  start(code: string): Promise<void>;
  send(text: string): Promise<void>;
  sendFile(name: string, bytes: Uint8Array, size?: number): Promise<void>;
  press(text: string): Promise<void>;
  /** The latest keyboard's button data and its message, to press again later (a stale copy). */
  button(text: string): { data: string; message: string };
  pressAgain(button: { data: string; message: string }): Promise<void>;
  /** A new bot process over the same database and the same stand-in API. */
  restart(): void;
  texts(): string[];
  buttons(): string[];
  documents(): Array<{ filename: string; bytes: Uint8Array; caption?: string }>;
  downloads(): number;
  /** Progress messages: each sent once, then edited (which message each edit changes). */
  progress(): Array<{ edit: boolean; message: string; text: string }>;
}

const isProgress = (text: unknown) => typeof text === "string" && /^(Проверяю файл|Сохраняю)/.test(text);

let nextId = 52_000;

function telegramChat(telegram: FakeTelegram, extra: Partial<TelegramDeps> = {}): Chat {
  const user = new ChatUser(makeTestBot(db, telegram, { ...overrides, ...extra }), telegram, nextId++, "Марина");
  return {
    start: (code) => user.send(`/start ${code}`),
    send: (text) => user.send(text),
    sendFile: (name, bytes, size) => user.sendDocument(name, bytes, { mimeType: name.endsWith(".xlsx") ? XLSX : "text/csv", ...(size ? { size } : {}) }),
    press: (text) => user.press(text),
    button: (text) => {
      const message = user.keyboardMessage();
      return { data: message.buttons.find((button) => button.text === text)!.data!, message: String(message.messageId) };
    },
    pressAgain: (button) => user.pressData(button.data, Number(button.message)),
    restart: () => {
      user.bot = makeTestBot(db, telegram, overrides);
    },
    texts: () => telegram.toChat(user.id).filter((call) => call.method === "sendMessage").map((call) => String(call.payload.text)),
    buttons: () => {
      try {
        return user.keyboardMessage().buttons.map((button) => button.text);
      } catch {
        return [];
      }
    },
    documents: () => telegram.documents(user.id),
    downloads: () => telegram.downloads.length,
    progress: () =>
      telegram
        .toChat(user.id)
        .filter((call) => isProgress(call.payload.text))
        .map((call) => ({
          edit: call.method === "editMessageText",
          message: String(call.method === "editMessageText" ? call.payload.message_id : call.result?.message_id),
          text: String(call.payload.text),
        })),
  };
}

function maxChat(max: FakeMax, extra: Partial<TelegramDeps> = {}): Chat {
  const user = new MaxUser(makeMaxBot(db, max, { ...overrides, ...extra }), max, nextId++, "Марина");
  return {
    start: (code) => user.open(code),
    send: (text) => user.send(text),
    sendFile: (name, bytes, size) => user.sendFile(name, bytes, size ? { size } : {}),
    press: (text) => user.press(text),
    button: (text) => {
      const message = user.keyboardMessage();
      return { data: message.buttons.find((button) => button.text === text)!.payload!, message: message.mid };
    },
    pressAgain: (button) => user.pressPayload(button.data, button.message),
    restart: () => {
      user.bot = makeMaxBot(db, max, overrides);
    },
    texts: () => max.toChat(user.chatId).filter((entry) => entry.call.method === "POST").map((entry) => String(entry.call.body.text)),
    buttons: () => {
      try {
        return user.keyboardMessage().buttons.map((button) => button.text);
      } catch {
        return [];
      }
    },
    documents: () => max.documents(user.chatId),
    downloads: () => max.downloads.length,
    progress: () =>
      max
        .toChat(user.chatId)
        .filter((entry) => isProgress(entry.call.body?.text))
        .map((entry) => ({ edit: entry.call.method === "PUT", message: entry.mid, text: String(entry.call.body.text) })),
  };
}

async function joined(chat: Chat, code: string) {
  await chat.start(code);
  await chat.press("Согласен(на)");
  return chat;
}

const stored = (districtId: string) => db.prisma.identificationData.count({ where: { districtId } });
const pending = (districtId: string) => db.prisma.pendingUpload.count({ where: { districtId } });

describe.each([
  ["Telegram", "telegram" as const],
  ["MAX", "max" as const],
])("%s: данные для идентификации через бота", (_title, channel) => {
  let district: Awaited<ReturnType<typeof makeDistrict>>;
  let telegram: FakeTelegram;
  let max: FakeMax;
  let newChat: (extra?: Partial<TelegramDeps>) => Chat;
  let staff: Chat;

  beforeAll(async () => {
    district = await makeDistrict(db);
    telegram = new FakeTelegram();
    max = new FakeMax();
    newChat = (extra) => (channel === "telegram" ? telegramChat(telegram, extra) : maxChat(max, extra));
    staff = await joined(newChat(), await district.invite("district", null));
  });

  it("/help и кнопка меню (/templates): четыре шаблона файлами", async () => {
    await staff.send("/help");
    expect(staff.texts().at(-1)).toContain("/identify");
    // The menu button under /help is a shortcut to /templates.
    await staff.press("Загрузить данные ШНОР и ШНСУ");
    expect(staff.texts().some((text) => text.startsWith("Шаблоны файлов: заполните и пришлите боту"))).toBe(true);
    const files = staff.documents();
    expect(files.map((file) => file.filename)).toEqual(Object.values(TEMPLATE_FILES));
    expect(files[0]!.caption).toBe("Шаблон: результаты оценочных процедур");
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(files[2]!.bytes) as never);
    expect(book.getWorksheet(SHEET_NAMES.social)).toBeDefined();
    await staff.send("/templates");
    expect(staff.documents()).toHaveLength(8);
  });

  it("плохой файл: точные ошибки по-русски, кнопки «Загрузить» нет, ничего не сохранено", async () => {
    const rows = resultsRows().slice(0, 4);
    rows[0] = { ...rows[0], year: "двадцать пятый" };
    rows[2] = { ...rows[2], participants: "много" };
    await staff.sendFile("rezultaty-oshibki.xlsx", await workbook("results", rows));
    const answer = staff.texts().at(-1)!;
    expect(answer).toContain("Проверка файла «rezultaty-oshibki.xlsx» (Тестовый район)");
    expect(answer).toMatch(/Ошибки \(\d+\) — файл не загружен, ничего не сохранено:/);
    expect(answer).toContain("Прочитано: 4 строки.");
    expect(answer).toContain("• Лист «Результаты», строка 3, столбец «Год»: «двадцать пятый» — не год");
    expect(answer).toContain("• Лист «Результаты», строка 5, столбец «Участники»: «много» — не число");
    expect(answer).toContain("Исправьте файл и пришлите его снова.");
    expect(staff.buttons()).not.toContain("Загрузить");
    expect(await stored(district.district.id)).toBe(0);
    expect(await pending(district.district.id)).toBe(0);

    // Twenty bad rows: fifteen are shown, the rest counted.
    const many = resultsRows().slice(0, 20).map((row) => ({ ...row, participants: "нет данных" }));
    await staff.sendFile("rezultaty-20-oshibok.xlsx", await workbook("results", many));
    const listed = staff.texts().at(-1)!;
    expect(listed).toContain("Ошибки (20) — файл не загружен");
    expect(listed.split("\n").filter((line) => line.startsWith("• Лист «Результаты», строка "))).toHaveLength(15);
    expect(listed).toContain("• Лист «Результаты», строка 17, столбец «Участники»");
    expect(listed).not.toContain("строка 18,");
    expect(listed).toContain("…и ещё 5. Исправьте показанные ошибки и пришлите файл снова — бот покажет остальные.");
    expect(await pending(district.district.id)).toBe(0);

    // A table the reader does not know: it names the columns that are missing.
    await staff.sendFile("chto-to.csv", new TextEncoder().encode("Код ОО;Название ОО;Что-то\n01;МБОУ СОШ №1;5\n"));
    expect(staff.texts().at(-1)).toContain("Формат: не распознан.");
    expect(staff.texts().at(-1)).toMatch(/• Строка 1: .*нет столбцов «Год», .*«Участники»/);
    expect(await pending(district.district.id)).toBe(0);
  });

  it("не таблица и слишком большой файл: отказ без скачивания", async () => {
    const before = staff.downloads();
    await staff.sendFile("prikaz.pdf", new Uint8Array([37, 80, 68, 70]));
    expect(staff.texts().at(-1)).toBe("Файл «prikaz.pdf» бот не читает. Пришлите таблицу Excel (.xlsx) или CSV; шаблоны — /templates.");
    await staff.sendFile("ogromnyj.xlsx", new Uint8Array([1, 2, 3]), 25 * 1024 * 1024);
    expect(staff.texts().at(-1)).toMatch(/^Файл «ogromnyj\.xlsx» занимает 25 МБ, а бот принимает файлы до 20 МБ\./);
    expect(staff.downloads()).toBe(before);
  });

  it("проверка → перезапуск → «Загрузить»: строки сохранены, второе нажатие ничего не делает", async () => {
    await staff.sendFile("rezultaty-2023-2025.xlsx", await workbook("results", resultsRows()));
    const check = staff.texts().at(-1)!;
    expect(check).toContain("Что в файле: результаты оценочных процедур; формат — шаблон.");
    expect(check).toContain("Прочитано: 24 строки, 4 школы, годы: 2023, 2024, 2025.");
    expect(check).toContain("• В районе нет школ с этими кодами (2), они будут добавлены: 03 «МБОУ СОШ №3», 04 «МБОУ ООШ №4»");
    expect(check).toContain("Всё в порядке. Загрузить данные?");
    expect(staff.buttons()).toEqual(["Загрузить", "Отмена"]);
    // A small file needs no progress message.
    expect(staff.progress()).toEqual([]);
    expect(await stored(district.district.id)).toBe(0);
    expect(await pending(district.district.id)).toBe(1);

    const load = staff.button("Загрузить");
    staff.restart();
    await staff.press("Загрузить");
    expect(staff.texts().at(-1)).toBe(
      "Готово: загружено 24 строки, 4 школы, 2023, 2024, 2025.\nКогда загружены и результаты, и социальные данные, рассчитайте списки: /identify 2025",
    );
    expect(await stored(district.district.id)).toBe(12);
    expect(await pending(district.district.id)).toBe(0);
    expect(await db.prisma.school.count({ where: { districtId: district.district.id } })).toBe(4);

    // The same button again (a double tap, a stale copy): nothing more is loaded or said.
    const said = staff.texts().length;
    await staff.pressAgain(load);
    expect(staff.texts().length).toBe(said);
    // The upload itself is gone: a forged press without the once-mark is refused in words.
    await staff.pressAgain({ ...load, data: load.data.split("~")[0]! });
    expect(staff.texts().at(-1)).toMatch(/уже загружен или устарел/);
    expect(await stored(district.district.id)).toBe(12);
  });

  it("«Отмена»: файл не загружен и не хранится", async () => {
    await staff.sendFile("socialnye.xlsx", await workbook("social", socialRows()));
    expect(await pending(district.district.id)).toBe(1);
    await staff.press("Отмена");
    expect(staff.texts().at(-1)).toBe("Хорошо, файл не загружен. Ничего не сохранено.");
    expect(await pending(district.district.id)).toBe(0);
    expect(await stored(district.district.id)).toBe(12);
  });

  it("незнакомый человек присылает файл: ответ, как подключиться; ничего не скачано", async () => {
    const stranger = newChat();
    const before = stranger.downloads();
    await stranger.sendFile("rezultaty.xlsx", await workbook("results", resultsRows()));
    expect(stranger.texts().at(-1)).toBe(
      "Вы ещё не подключены к боту, поэтому файл не сохранён. Подключитесь по личной ссылке-приглашению от школы или РУО.",
    );
    expect(stranger.downloads()).toBe(before);
  });

  it("педагог присылает файл: вежливый отказ, ничего не скачано и не сохранено", async () => {
    const teacher = await joined(newChat(), await district.invite("teacher", district.schools[0]!.id));
    const before = teacher.downloads();
    await teacher.sendFile("rezultaty.xlsx", await workbook("results", resultsRows()));
    expect(teacher.texts().at(-1)).toMatch(/^Спасибо, но файлы с данными бот принимает только у сотрудников РУО\. Файл не сохранён\./);
    expect(teacher.downloads()).toBe(before);
    await teacher.send("/identify");
    expect(teacher.texts().at(-1)).toBe("Эта команда доступна сотрудникам РУО.");
    expect(await pending(district.district.id)).toBe(0);
  });

  it("/identify: сводка по кластерам и спискам; руководитель школы из списка получает кнопку на карточку школы", async () => {
    const head = await joined(newChat(), await district.invite("head", district.schools[0]!.id));
    await staff.send("/identify двадцать");
    expect(staff.texts().at(-1)).toBe("«двадцать» — не год. Напишите, например: /identify 2025");
    await staff.send("/identify 2019");
    expect(staff.texts().at(-1)).toMatch(/^Нет загруженных данных за 2019 год/);

    await staff.sendFile("socialnye.xlsx", await workbook("social", socialRows()));
    await staff.press("Загрузить");
    expect(staff.texts().at(-1)).toMatch(/^Готово: загружено 12 строк, 4 школы, 2023, 2024, 2025\./);

    await staff.send("/identify");
    const summary = staff.texts().at(-1)!;
    expect(summary).toMatch(/^Тестовый район: ШНОР и ШНСУ за 2025 год \(методика, версия \d+\)/);
    expect(summary).toContain("Кластеры:");
    for (const name of ["несправляющиеся", "эффективные", "депривированные", "резильентные"]) expect(summary).toContain(`• ${name} — `);
    expect(summary).toMatch(/ШНОР: \d+ школ\S*\. ШНСУ: \d+ школ\S*\./);
    expect(summary).toContain("Вошли в список:");
    expect(summary).toMatch(/• МБОУ СОШ №1 — (ШНОР, )?ШНСУ\n/);
    expect(summary).toContain("в приложении");

    // The head's notice waits in the queue with the start parameter of the school card…
    const schoolId = district.schools[0]!.id;
    const notice = await db.prisma.outbox.findFirstOrThrow({ where: { appStart: `school-${schoolId}`, channel } });
    expect(notice.text).toContain("МБОУ СОШ №1");
    // …and goes out with the messenger's open-app button.
    const queueMax = new MaxBotClient(MAX_TEST_TOKEN, { clientOptions: { baseUrl: "http://max.test", fetch: max.fetch as typeof fetch } });
    queueMax.botInfo = maxBotInfo as never;
    const worker = new OutboxWorker(
      db,
      { [channel]: channel === "telegram" ? telegramSender(new Api(TEST_TOKEN, { fetch: telegram.fetch as typeof fetch }), PUBLIC_URL) : maxSender(queueMax, PUBLIC_URL) },
      { perSecond: 1000 },
    );
    while ((await worker.tick()) > 0);
    expect(head.texts().at(-1)).toBe(notice.text);
    if (channel === "telegram") {
      const sent = telegram.calls.filter((call) => call.method === "sendMessage" && call.payload.text === notice.text).at(-1)!;
      expect(sent.payload.reply_markup.inline_keyboard[0][0]).toEqual({ text: "Открыть карточку школы", web_app: { url: `${PUBLIC_URL}/?start=school-${schoolId}` } });
    } else {
      const sent = max.calls.filter((call) => call.method === "POST" && call.path === "messages" && call.body.text === notice.text).at(-1)!;
      const keyboard = sent.body.attachments.find((attachment: any) => attachment.type === "inline_keyboard");
      expect(keyboard.payload.buttons[0][0]).toEqual({ type: "open_app", text: "Открыть карточку школы", web_app: maxBotInfo.username, payload: `school-${schoolId}` });
    }
  });

  it("книга школ и сотрудников (#2) идёт через тот же приём: проверка, «Загрузить», школа и сотрудник в районе", async () => {
    const book = await buildTemplate();
    book.getWorksheet("Школы")!.addRow(["05", "МБОУ СОШ №5", ""]);
    book.getWorksheet("Сотрудники")!.addRow(["05", "Иванова Мария Петровна", "учитель", ""]);
    await staff.sendFile("shkoly-i-sotrudniki.xlsx", new Uint8Array(await book.xlsx.writeBuffer()));
    const check = staff.texts().at(-1)!;
    expect(check).toContain("Что в файле: школы и сотрудники;");
    expect(check).toContain("Всё в порядке. Загрузить данные?");
    expect(await db.prisma.school.count({ where: { districtId: district.district.id, code: "05" } })).toBe(0);
    await staff.press("Загрузить");
    expect(staff.texts().at(-1)).toMatch(/^Готово: загружено 1 строка, 1 школа\.$/);
    expect(await db.prisma.school.count({ where: { districtId: district.district.id, code: "05" } })).toBe(1);
    expect(await db.prisma.membership.count({ where: { role: "teacher", school: { districtId: district.district.id, code: "05" }, person: { displayName: "Иванова Мария Петровна" } } })).toBe(1);
  });

  it("большой файл: ход проверки и загрузки — одно сообщение на шаг, правится не чаще раза в 2 с", async () => {
    // A clock that moves 2.1 s per look, so no report is held back by the 2-second pace.
    let at = Date.now();
    const big = await joined(newChat({ clock: { now: () => new Date((at += 2_100)) } }), await district.invite("district", null));
    const rows: Row[] = [];
    for (let school = 0; school < 100; school++) {
      for (const year of YEARS) {
        for (let subject = 0; subject < 20; subject++) {
          rows.push({ schoolCode: `9${String(school).padStart(3, "0")}`, schoolName: `МБОУ СОШ №${900 + school}`, year, assessment: "ВПР", grade: 5 + (subject % 4), subject: `предмет ${subject}`, participants: 25, meanScore: 3.5 });
        }
      }
    }
    await big.sendFile("bolshoj.xlsx", await workbook("results", rows));
    expect(big.texts().at(-1)).toContain("Прочитано: 6000 строк, 100 школ, годы: 2023, 2024, 2025.");
    await big.press("Загрузить");
    expect(big.texts().at(-1)).toMatch(/^Готово: загружено 6000 строк, 100 школ/);
    const progress = big.progress();
    // Two steps (the check, the load): each sends one progress message and then only edits it.
    const sent = progress.filter((entry) => !entry.edit);
    expect(sent).toHaveLength(2);
    for (const entry of progress.filter((item) => item.edit)) expect(sent.map((item) => item.message)).toContain(entry.message);
    expect(progress.filter((entry) => entry.edit).length).toBeGreaterThanOrEqual(2);
    expect(progress[0]!.text).toMatch(/^Проверяю файл… строки: [\d\u00a0]+ из 6\u00a000\d$/);
    expect(progress.map((entry) => entry.text)).toContain("Проверяю файл… строки: 2\u00a0000 из " + progress[0]!.text.split(" из ")[1]);
    expect(progress.at(-1)!.text).toBe("Сохраняю… записи «школа — год»: 300 из 300");
    expect(await db.prisma.identificationData.count({ where: { districtId: district.district.id, school: { code: { startsWith: "9" } } } })).toBe(300);

    // Within 2 s of the last report nothing is edited: with a stopped clock each step is one message.
    const stopped = new Date();
    const calm = await joined(newChat({ clock: { now: () => stopped } }), await district.invite("district", null));
    await calm.sendFile("bolshoj.xlsx", await workbook("results", rows));
    await calm.press("Загрузить");
    expect(calm.texts().at(-1)).toMatch(/^Готово: загружено 6000 строк, 100 школ/);
    expect(calm.progress().map((entry) => entry.edit)).toEqual([false, false]);
  });
});
