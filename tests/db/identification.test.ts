// Identification in the database (issue #12): the intake (check without writing, one transaction,
// re-import of a school-year replaces it, nothing written from a bad file), runs that a methodology
// change never rewrites, staged bot uploads, official lists, the notices, and who may do what:
// the operator, district staff of the district only, a head only their own school's card.
// On PGlite, or PostgreSQL with TEST_DATABASE_URL. The files go through the real reader (files/identification).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import type { Database } from "../../prisma/db.ts";
import { createDistrict, createSchool } from "../../prisma/admin.ts";
import { identificationContext } from "../../prisma/identification.ts";
import {
  checkData,
  commitStaged,
  dropStaged,
  getMethodology,
  getRun,
  importData,
  listRuns,
  officialComparison,
  runIdentification,
  runYears,
  schoolCard,
  setCuratorFlags,
  setMethodology,
  stageUpload,
  type IdentificationContext,
} from "../../core/services/identification.ts";
import { AdminError } from "../../core/services/admin.ts";
import type { PersonView } from "../../core/services/ports.ts";
import { buildTemplate } from "../../files/staff-workbook.ts";
import { openTestDatabase } from "../support/db.ts";

let db: Database;
let ctx: IdentificationContext;
let districtId: string;
let otherDistrictId: string;

const encoder = new TextEncoder();
const csv = (lines: string[]) => encoder.encode(lines.join("\n"));

const RESULTS_HEADER = "Код ОО;Название ОО;Год;Процедура;Класс;Предмет;Участники;Средний балл;Ниже порога или «2», %;Высокие баллы или «5», %";
const SOCIAL_HEADER =
  "Код ОО;Название ОО;Год;Всего обучающихся;Оба родителя без высшего образования;На учёте в ОДН или КДН;Удалённая или транспортно недоступная (да/нет);Малокомплектная (да/нет);Дефицит компьютеров (да/нет)";
const SCHOOLS = Array.from({ length: 8 }, (_, index) => ({ code: `56030${index + 1}`, name: `МБОУ СОШ № ${index + 1}` }));
const YEARS = [2024, 2025, 2026];
const SUBJECTS = [
  ["ЕГЭ", 11, "Русский язык", 60],
  ["ЕГЭ", 11, "Математика", 50],
  ["ОГЭ", 9, "Русский язык", 28],
  ["ОГЭ", 9, "Математика", 15],
  ["ВПР", 4, "Русский язык", 3.5],
  ["ВПР", 4, "Математика", 3.6],
] as const;

/** School i's results: the higher i, the better; `shift` moves one school's figures. */
function resultLines(years = YEARS, schools = SCHOOLS, shift: Record<string, number> = {}) {
  const lines = [RESULTS_HEADER];
  for (const year of years) {
    schools.forEach((school, index) => {
      for (const [assessment, grade, subject, base] of SUBJECTS) {
        const mean = base * (0.7 + index * 0.06 + (shift[school.code] ?? 0)) + (year - 2024) * 0.1;
        lines.push(`${school.code};${school.name};${year};${assessment};${grade};${subject};25;${mean.toFixed(2).replace(".", ",")};${20 - index * 2};${index * 3}`);
      }
    });
  }
  return lines;
}

function socialLines(years = YEARS) {
  const lines = [SOCIAL_HEADER];
  for (const year of years) {
    SCHOOLS.forEach((school, index) => {
      const poor = index % 2 === 0 ? 120 - index * 10 : 20 + index;
      lines.push(`${school.code};${school.name};${year};300;${poor};${index % 3};${index < 2 ? "да" : "нет"};${index === 0 ? "да" : "нет"};${index < 3 ? "да" : "нет"}`);
    });
  }
  return lines;
}

const dataRows = () => db.prisma.identificationData.count({ where: { districtId } });

/** A person with a messenger account and one membership, as the use cases see them. */
async function person(role: "district" | "head" | "teacher", district: string, schoolId: string | null, chat: string): Promise<PersonView> {
  const created = await db.prisma.person.create({
    data: {
      displayName: `${role} ${chat}`,
      consentAt: new Date(),
      accounts: { create: { channel: "telegram", externalId: chat, chatId: chat } },
      memberships: { create: { role, districtId: district, schoolId } },
    },
  });
  return (await ctx.repo.getPerson(created.id))!;
}

async function refusal(call: Promise<unknown>): Promise<AdminError> {
  const error = await call.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(AdminError);
  return error as AdminError;
}

beforeAll(async () => {
  db = await openTestDatabase();
  ctx = identificationContext(db.prisma);
  districtId = (await createDistrict(db.prisma, { name: "Первомайский район", timezone: "Europe/Moscow" })).id;
  otherDistrictId = (await createDistrict(db.prisma, { name: "Соседний район", timezone: "Europe/Moscow" })).id;
  // Two schools exist already: one with its code, one without (it gets the code by its name).
  await createSchool(db.prisma, { districtId, name: SCHOOLS[0]!.name, code: SCHOOLS[0]!.code });
  await createSchool(db.prisma, { districtId, name: SCHOOLS[1]!.name, code: null });
});
afterAll(async () => {
  await db?.close();
});

describe("приём файлов", () => {
  it("проверка ничего не пишет и называет новые школы, годы и число строк", async () => {
    const check = await checkData(ctx, null, { districtId, kind: "results", fileName: "results.csv", content: csv(resultLines()) });
    expect(check).toMatchObject({ kind: "results", ok: true, rows: 8 * 3 * SUBJECTS.length, schools: 8, years: YEARS, replaces: 0, problems: [] });
    // 560301 is known; 560302 is the uncoded namesake; six are new.
    expect(check.newSchools.map((school) => school.code)).toEqual(SCHOOLS.slice(2).map((school) => school.code));
    expect(check.warnings.map((warning) => warning.message).join("\n")).toMatch(/будут добавлены/);
    expect(await dataRows()).toBe(0);
    expect(await db.prisma.school.count({ where: { districtId } })).toBe(2);
  });

  it("загрузка: одна транзакция, школа без кода получает код, новые школы создаются", async () => {
    const progress: Array<[number, number, string]> = [];
    const imported = await importData(ctx, null, {
      districtId,
      kind: "auto",
      fileName: "results.csv",
      content: csv(resultLines()),
      onProgress: (done, total, phase) => progress.push([done, total, phase]),
    });
    expect(imported).toMatchObject({ ok: true, written: true, kind: "results" });
    expect(await dataRows()).toBe(8 * 3);
    const schools = await db.prisma.school.findMany({ where: { districtId }, orderBy: { code: "asc" } });
    expect(schools.map((school) => school.code)).toEqual(SCHOOLS.map((school) => school.code));
    expect(progress.at(-1)).toEqual([24, 24, "write"]);
    await importData(ctx, null, { districtId, kind: "social", fileName: "social.csv", content: csv(socialLines()) });
    expect(await dataRows()).toBe(8 * 3 * 2);
    expect(await runYears(ctx, null, { districtId })).toEqual(YEARS);
  });

  it("повторная загрузка школы-года заменяет её, остальное не трогает", async () => {
    const lines = resultLines([2026], SCHOOLS.slice(0, 2), { [SCHOOLS[0]!.code]: 0.5 });
    const check = await checkData(ctx, null, { districtId, kind: "results", fileName: "fix.csv", content: csv(lines) });
    expect(check).toMatchObject({ ok: true, replaces: 2, newSchools: [] });
    expect(check.warnings.map((warning) => warning.message)).toContain(
      "по 2 парам «школа — год» данные уже загружены: по каждой процедуре из файла (ЕГЭ, ОГЭ, ВПР, РДР) прежние строки школы за год заменятся строками файла — строка, которой нет в файле, удалится; процедуры, которых нет в файле, останутся",
    );
    await importData(ctx, null, { districtId, kind: "results", fileName: "fix.csv", content: csv(lines) });
    expect(await dataRows()).toBe(8 * 3 * 2);
    const data = await ctx.ident.loadData(districtId);
    const first2026 = data.results.filter((row) => row.schoolCode === SCHOOLS[0]!.code && row.year === 2026);
    expect(first2026).toHaveLength(SUBJECTS.length);
    expect(first2026[0]!.meanScore).toBeCloseTo(60 * 1.2 + 0.2, 1);
    const stored = await db.prisma.identificationData.findFirst({ where: { districtId, kind: "results", year: 2026, school: { code: SCHOOLS[0]!.code } } });
    expect(stored?.fileName).toBe("fix.csv");
    // 2025 of the same school is as it was.
    const first2025 = data.results.find((row) => row.schoolCode === SCHOOLS[0]!.code && row.year === 2025)!;
    expect(first2025.meanScore).toBeCloseTo(60 * 0.7 + 0.1, 1);
  });

  it("файл с частью столбцов дополняет строки с тем же ключом, остальные строки школы-года не трогает", async () => {
    const code = SCHOOLS[1]!.code;
    const journal = [
      "Код ОО;Название ОО;Год;Процедура;Класс;Предмет;Участники;Понизили, %;Подтвердили, %;Повысили, %",
      `${code};${SCHOOLS[1]!.name};2026;ВПР;4;Русский язык;24;10;80;10`,
    ];
    const check = await checkData(ctx, null, { districtId, kind: "results", fileName: "journal.csv", content: csv(journal) });
    expect(check).toMatchObject({ ok: true, replaces: 1 });
    expect(check.warnings.map((warning) => warning.message)).toContain(
      "по 1 паре «школа — год» данные уже загружены: в строках с той же процедурой, классом и предметом (заданием) заменятся только столбцы, которые есть в файле; остальные строки и столбцы останутся",
    );
    await importData(ctx, null, { districtId, kind: "results", fileName: "journal.csv", content: csv(journal) });
    const rows = (await ctx.ident.loadData(districtId)).results.filter((row) => row.schoolCode === code && row.year === 2026);
    expect(rows).toHaveLength(SUBJECTS.length);
    const vpr = rows.find((row) => row.assessment === "ВПР" && row.subject === "русский язык")!;
    expect(vpr).toMatchObject({ participants: 24, vprLowered: 0.1, vprConfirmed: 0.8, vprRaised: 0.1 });
    // The mean score and shares of the template stay; so do the other subjects.
    expect(vpr.meanScore).toBeCloseTo(3.5 * 0.76 + 0.2, 1);
    expect(vpr.lowShare).toBeCloseTo(0.18, 5);
    expect(rows.find((row) => row.assessment === "ЕГЭ" && row.subject === "математика")!.meanScore).toBeCloseTo(50 * 0.76 + 0.2, 1);
  });

  it("исправленный шаблон заменяет процедуру школы-года целиком: лишняя строка уходит, другие процедуры остаются", async () => {
    const code = SCHOOLS[2]!.code;
    // The district's ЕГЭ for 2026 had a wrong third subject; the corrected template states ЕГЭ anew.
    const wrong = [RESULTS_HEADER, `${code};${SCHOOLS[2]!.name};2026;ЕГЭ;11;Физика;5;40;10;5`];
    await importData(ctx, null, { districtId, kind: "results", fileName: "wrong.csv", content: csv(wrong) });
    let rows = (await ctx.ident.loadData(districtId)).results.filter((row) => row.schoolCode === code && row.year === 2026);
    expect(rows.map((row) => row.subject)).toContain("физика");
    const corrected = resultLines([2026], [SCHOOLS[2]!]).filter((line, index) => index === 0 || line.includes(";ЕГЭ;"));
    const written = await importData(ctx, null, { districtId, kind: "results", fileName: "corrected.csv", content: csv(corrected) });
    expect(written.written).toBe(true);
    rows = (await ctx.ident.loadData(districtId)).results.filter((row) => row.schoolCode === code && row.year === 2026);
    expect(rows.filter((row) => row.assessment === "ЕГЭ").map((row) => row.subject).sort()).toEqual(["математика", "русский язык"]);
    // ОГЭ and ВПР of the school-year were not in the file and stay.
    expect(rows.filter((row) => row.assessment !== "ЕГЭ")).toHaveLength(4);
  });

  it("плохой файл: проблемы с местом и причиной, ничего не записано (и новые школы тоже)", async () => {
    const before = { data: await dataRows(), schools: await db.prisma.school.count() };
    const lines = resultLines([2026], [{ code: "999999", name: "Новая школа" }, ...SCHOOLS.slice(0, 1)]);
    lines[3] = lines[3]!.replace(/;25;/, ";двадцать;");
    const result = await importData(ctx, null, { districtId, kind: "results", fileName: "bad.csv", content: csv(lines) });
    expect(result.ok).toBe(false);
    expect(result.written).toBe(false);
    expect(result.problems.length).toBeGreaterThan(0);
    expect(result.problems[0]).toMatchObject({ row: 4 });
    expect(result.problems[0]!.message).toMatch(/[а-я]/);
    expect({ data: await dataRows(), schools: await db.prisma.school.count() }).toEqual(before);
  });

  it("код без ведущего нуля рядом с кодом школы района — ошибка, а не новая школа", async () => {
    const before = { data: await dataRows(), schools: await db.prisma.school.count() };
    await createSchool(db.prisma, { districtId, name: "МБОУ «Берёзовская СОШ»", code: "0701" });
    const lines = [RESULTS_HEADER, "701;МБОУ «Берёзовская СОШ»;2026;ЕГЭ;11;Математика;25;50;10;5"];
    const result = await importData(ctx, null, { districtId, kind: "results", fileName: "zero.csv", content: csv(lines) });
    expect(result.ok).toBe(false);
    expect(result.written).toBe(false);
    expect(result.problems.map((problem) => problem.message)).toEqual([
      "школы с кодом 701 в районе нет, а есть 0701 МБОУ «Берёзовская СОШ»: похоже, Excel отбросил ведущий ноль. Исправьте код в файле на 0701 (столбцу «Код ОО» задайте текстовый формат); если это действительно другая школа, сначала добавьте её: school add",
    ]);
    expect({ data: await dataRows(), schools: await db.prisma.school.count() }).toEqual({ ...before, schools: before.schools + 1 });
    // The other way: the district has the code without its zero (an earlier file), the file has it whole.
    await createSchool(db.prisma, { districtId, name: "Гимназия № 5", code: "705" });
    const whole = await checkData(ctx, null, { districtId, kind: "results", fileName: "whole.csv", content: csv([RESULTS_HEADER, "0705;Гимназия № 5;2026;ЕГЭ;11;Математика;25;50;10;5"]) });
    expect(whole.problems.map((problem) => problem.message)).toEqual([
      "в файле код 0705, а в районе эта школа, похоже, записана без ведущего нуля: 705 «Гимназия № 5» (так её загрузил прошлый файл). Коды должны совпадать: укажите в файле 705 или попросите администратора исправить код школы в районе",
    ]);
    // A name with its own quotes is not quoted again; a plain one is.
    const check = await checkData(ctx, null, { districtId, kind: "results", fileName: "new.csv", content: csv([RESULTS_HEADER, "0900;МБОУ «Новая СОШ»;2026;ЕГЭ;11;Математика;25;50;10;5", "0901;Гимназия № 2;2026;ЕГЭ;11;Математика;25;50;10;5"]) });
    expect(check.warnings.map((warning) => warning.message)).toContain(
      "в районе нет школ с этими кодами (2), они будут добавлены: 0900 МБОУ «Новая СОШ», 0901 «Гимназия № 2» — если код набран с ошибкой, исправьте его в файле",
    );
  });

  it("пустой файл и неверный вход — отказ по-русски", async () => {
    const empty = await refusal(importData(ctx, null, { districtId, kind: "results", fileName: "empty.csv", content: new Uint8Array() }));
    expect(empty.kind).toBe("invalid");
    expect(empty.message).toMatch(/пустой/);
    const unknown = await refusal(checkData(ctx, null, { districtId: "нет-такого", kind: "results", fileName: "r.csv", content: csv(resultLines()) }));
    expect(unknown.kind).toBe("not_found");
  });

  it("файл сотрудников (#2) проходит через тот же вход и пишется importStaff", async () => {
    const book = await buildTemplate();
    book.getWorksheet("Сотрудники")!.addRow([SCHOOLS[2]!.code, "Иванова Мария Петровна", "руководитель"]);
    const content = new Uint8Array(await book.xlsx.writeBuffer());
    const check = await checkData(ctx, null, { districtId, kind: "auto", fileName: "staff.xlsx", content });
    expect(check).toMatchObject({ kind: "staff", ok: true, rows: 1 });
    const imported = await importData(ctx, null, { districtId, kind: "auto", fileName: "staff.xlsx", content });
    expect(imported.written).toBe(true);
    expect(await db.prisma.membership.count({ where: { districtId, role: "head", person: { displayName: "Иванова Мария Петровна" } } })).toBe(1);
  });
});

describe("расчёты и методика", () => {
  it("расчёт хранит версию методики и весь вывод; изменение методики не переписывает прошлый расчёт", async () => {
    const first = await runIdentification(ctx, null, { districtId, year: 2026 });
    expect(first.methodologyVersion).toBe(1);
    expect(Object.values(first.clusters).reduce((a, b) => a + b, 0)).toBe(8);
    const before = await getRun(ctx, null, { districtId, runId: first.runId });
    expect(before!.schools).toHaveLength(8);
    expect(before!.schools.every((school) => school.schoolId)).toBe(true);

    const changed = await setMethodology(ctx, null, { districtId, patch: { shnor: "seed004", normalisation: "rank" } });
    expect(changed.version).toBe(2);
    expect(changed.methodology.shnor.rule).toBe("lowestShare");
    expect(changed.versions.map((entry) => entry.version)).toEqual([2, 1]);

    const second = await runIdentification(ctx, null, { districtId, year: 2026 });
    expect(second.methodologyVersion).toBe(2);
    expect(second.runId).not.toBe(first.runId);
    const after = await getRun(ctx, null, { districtId, runId: first.runId });
    expect(after).toEqual(before);
    expect((await getRun(ctx, null, { districtId, year: 2026 }))!.runId).toBe(second.runId);
    expect((await listRuns(ctx, null, { districtId })).map((run) => run.runId)).toEqual([second.runId, first.runId]);
    // The stored version 1 is as it was.
    const versions = await ctx.ident.methodologies(districtId);
    expect((versions.find((entry) => entry.version === 1)!.settings as { shnor: { rule: string } }).shnor.rule).toBe("clusterConsecutive");
  });

  it("неверная методика не сохраняется; ответ называет поле", async () => {
    const error = await refusal(setMethodology(ctx, null, { districtId, patch: { years: 9 } }));
    expect(error.kind).toBe("invalid");
    expect(error.message).toMatch(/years/);
    expect((await getMethodology(ctx, null, { districtId })).version).toBe(2);
  });

  it("неизвестная настройка — отказ, а не новая версия без изменений; причины по-русски", async () => {
    const version = (await getMethodology(ctx, null, { districtId })).version;
    const unknown = await refusal(setMethodology(ctx, null, { districtId, patch: { foo: 1, curator: { minFlag: 2 } } }));
    expect(unknown.message).toMatch(/^нет таких настроек: foo, curator\.minFlag\. Настройки: normalisation, years, /);
    const english = /Invalid|expected|Too big|Too small|received/;
    for (const [patch, reason] of [
      [{ normalisation: "log" }, "normalisation: допустимо: zscore, minmax, rank"],
      [{ years: 7 }, "years: не больше 5"],
      [{ shnor: "seed005" }, "shnor: правило ШНОР — одно из: consecutive, seed000, seed004"],
      [{ lowSolveThreshold: "половина" }, "lowSolveThreshold: нужно число (например 2 или 0,25)"],
    ] as const) {
      const error = await refusal(setMethodology(ctx, null, { districtId, patch }));
      expect(error.message).toContain(reason);
      expect(error.message).not.toMatch(english);
    }
    expect((await getMethodology(ctx, null, { districtId })).version).toBe(version);
  });

  it("нет данных за год — отказ, расчёт не сохраняется", async () => {
    const error = await refusal(runIdentification(ctx, null, { districtId, year: 2030 }));
    expect(error.message).toMatch(/2030/);
    expect(await db.prisma.identificationRun.count({ where: { year: 2030 } })).toBe(0);
  });

  it("после расчёта: сводка сотрудникам РУО, руководителю вошедшей в список школы — причина и кнопка карточки", async () => {
    const schools = await db.prisma.school.findMany({ where: { districtId } });
    const staff = await person("district", districtId, null, "chat-district");
    const runner = await person("district", districtId, null, "chat-runner");
    const heads = await Promise.all(schools.map((school, index) => person("head", districtId, school.id, `chat-head-${index}`)));
    await db.prisma.outbox.deleteMany();
    await db.prisma.identificationRun.deleteMany({ where: { districtId } });
    const run = await runIdentification(ctx, runner, { districtId, year: 2026 });
    const queued = await db.prisma.outbox.findMany();
    // The one who ran it reads the summary in the answer; the other staff member gets it queued.
    expect(queued.filter((message) => message.personId === runner.id)).toEqual([]);
    const toStaff = queued.filter((message) => message.personId === staff.id);
    expect(toStaff).toHaveLength(1);
    expect(toStaff[0]!.text).toMatch(/ШНОР/);
    expect(toStaff[0]!.appStart).toBeNull();
    // No previous run: every listed school has entered.
    expect(run.entered.length).toBe(run.shnor + run.shnsu);
    const enteredCodes = new Set(run.entered.map((entry) => entry.schoolCode));
    const headMessages = queued.filter((message) => message.personId !== staff.id && message.personId !== runner.id);
    expect(headMessages.length).toBe(enteredCodes.size);
    for (const message of headMessages) {
      const head = heads.find((entry) => entry.id === message.personId)!;
      const schoolId = head.memberships[0]!.schoolId!;
      expect(message.appStart).toBe(`school-${schoolId}`);
      expect(enteredCodes.has(schools.find((school) => school.id === schoolId)!.code!)).toBe(true);
      expect(message.text).toMatch(/Почему|включена/);
    }
    // The same run again would not queue twice (dedupe keys carry the run id); a new run with no change tells staff only.
    const again = await runIdentification(ctx, runner, { districtId, year: 2026 });
    expect(again.entered).toEqual([]);
    expect(await db.prisma.outbox.count()).toBe(queued.length + 1);
  });
});

describe("загрузка через бота: файл ждёт «Загрузить»", () => {
  it("stage → commit пишет один раз; второе нажатие — файл уже загружен; «Отмена» удаляет", async () => {
    const staff = await person("district", districtId, null, "chat-stage");
    const lines = resultLines([2023]);
    const staged = await stageUpload(ctx, staff, { districtId, fileName: "2023.csv", content: csv(lines) });
    expect(staged.uploadId).toBeTruthy();
    expect(staged.check.years).toEqual([2023]);
    expect(await db.prisma.identificationData.count({ where: { year: 2023 } })).toBe(0);
    const other = await person("district", districtId, null, "chat-stage-2");
    expect((await refusal(commitStaged(ctx, other, { uploadId: staged.uploadId! }))).kind).toBe("forbidden");
    const committed = await commitStaged(ctx, staff, { uploadId: staged.uploadId! });
    expect(committed.written).toBe(true);
    expect(await db.prisma.identificationData.count({ where: { year: 2023 } })).toBe(8);
    expect((await refusal(commitStaged(ctx, staff, { uploadId: staged.uploadId! }))).kind).toBe("not_found");

    const dropped = await stageUpload(ctx, staff, { districtId, fileName: "again.csv", content: csv(lines) });
    expect(await dropStaged(ctx, staff, { uploadId: dropped.uploadId! })).toEqual({ dropped: true });
    expect(await db.prisma.pendingUpload.count()).toBe(0);

    const bad = await stageUpload(ctx, staff, { districtId, fileName: "bad.csv", content: csv([RESULTS_HEADER]) });
    expect(bad.uploadId).toBeNull();
    expect(bad.check.ok).toBe(false);
  });
});

describe("списки сверху", () => {
  it("список загружается с реквизитами и сравнивается с расчётом в обе стороны", async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet("Список");
    sheet.addRow(["Код ОО", "Название ОО", "Примечание"]);
    sheet.addRow([SCHOOLS[0]!.code, SCHOOLS[0]!.name, ""]);
    sheet.addRow([SCHOOLS[7]!.code, SCHOOLS[7]!.name, "по решению региона"]);
    const content = new Uint8Array(await book.xlsx.writeBuffer());
    const official = { kind: "shnor" as const, year: 2026, source: "Министерство образования области", documentNumber: "123-р", documentDate: "2026-09-01" };
    const imported = await importData(ctx, null, { districtId, kind: "official-list", fileName: "list.xlsx", content, official });
    expect(imported).toMatchObject({ ok: true, written: true, kind: "official-list", rows: 2, replaces: 0 });
    const again = await checkData(ctx, null, { districtId, kind: "official-list", fileName: "list.xlsx", content, official });
    expect(again.replaces).toBe(1);
    const compared = await officialComparison(ctx, null, { districtId, year: 2026, kind: "shnor" });
    expect(compared.list).toMatchObject({ documentNumber: "123-р" });
    const computed = (await getRun(ctx, null, { districtId, year: 2026 }))!.schools.filter((school) => school.shnor).map((school) => school.schoolCode);
    expect(new Set([...compared.both, ...compared.onlyComputed].map((item) => item.schoolCode))).toEqual(new Set(computed));
    expect([...compared.both, ...compared.onlyOfficial].map((item) => item.schoolCode).sort()).toEqual([SCHOOLS[0]!.code, SCHOOLS[7]!.code]);
    expect([...compared.both, ...compared.onlyComputed, ...compared.onlyOfficial].every((item) => item.why.length > 0)).toBe(true);
  });
});

describe("кто что может", () => {
  it("сотрудник РУО другого района получает отказ во всём; учитель — тоже", async () => {
    const stranger = await person("district", otherDistrictId, null, "chat-stranger");
    const school = (await db.prisma.school.findFirst({ where: { districtId, code: SCHOOLS[3]!.code } }))!;
    const teacher = await person("teacher", districtId, school.id, "chat-teacher");
    for (const actor of [stranger, teacher]) {
      expect((await refusal(checkData(ctx, actor, { districtId, kind: "results", fileName: "r.csv", content: csv(resultLines()) }))).kind).toBe("forbidden");
      expect((await refusal(runIdentification(ctx, actor, { districtId, year: 2026 }))).kind).toBe("forbidden");
      expect((await refusal(getRun(ctx, actor, { districtId, year: 2026 }))).kind).toBe("forbidden");
      expect((await refusal(setMethodology(ctx, actor, { districtId, patch: { years: 2 } }))).kind).toBe("forbidden");
      expect((await refusal(schoolCard(ctx, actor, { schoolId: school.id }))).kind).toBe("forbidden");
      expect((await refusal(setCuratorFlags(ctx, actor, { schoolId: school.id, headCompetence: true }))).kind).toBe("forbidden");
    }
    expect((await getMethodology(ctx, null, { districtId })).version).toBe(2);
  });

  it("руководитель видит карточку только своей школы; сотрудник РУО — любую школу района", async () => {
    const [own, other] = await db.prisma.school.findMany({ where: { districtId, code: { in: [SCHOOLS[4]!.code, SCHOOLS[5]!.code] } }, orderBy: { code: "asc" } });
    const head = await person("head", districtId, own!.id, "chat-head-own");
    const card = await schoolCard(ctx, head, { schoolId: own!.id });
    expect(card.school).toMatchObject({ id: own!.id, code: SCHOOLS[4]!.code });
    expect(card.identification?.schoolId).toBe(own!.id);
    expect(card.why.length).toBeGreaterThan(0);
    expect(card.history.map((entry) => entry.year)).toEqual([2026]);
    expect(card.official).toEqual([{ kind: "shnor", source: "Министерство образования области", documentNumber: "123-р", documentDate: "2026-09-01", listed: false }]);
    const refused = await refusal(schoolCard(ctx, head, { schoolId: other!.id }));
    expect(refused.kind).toBe("forbidden");
    expect(refused.message).toMatch(/только своей школы/);
    expect((await refusal(getRun(ctx, head, { districtId }))).kind).toBe("forbidden");
    const staff = await person("district", districtId, null, "chat-card-staff");
    expect((await schoolCard(ctx, staff, { schoolId: other!.id })).school.id).toBe(other!.id);
    expect((await schoolCard(ctx, null, { schoolId: other!.id })).school.id).toBe(other!.id);
  });

  it("признаки куратора ставит РУО; они идут в следующий расчёт", async () => {
    const school = (await db.prisma.school.findFirst({ where: { districtId, code: SCHOOLS[7]!.code } }))!;
    const flags = await setCuratorFlags(ctx, null, { schoolId: school.id, innovationPlatform: true, headCompetence: true, headMotivation: true });
    expect(flags).toMatchObject({ innovationPlatform: true, headCompetence: true, headMotivation: true });
    expect((await refusal(setCuratorFlags(ctx, null, { schoolId: school.id }))).kind).toBe("invalid");
    const run = await runIdentification(ctx, null, { districtId, year: 2026 });
    const view = await getRun(ctx, null, { districtId, runId: run.runId });
    const checks = view!.schools.find((entry) => entry.schoolId === school.id)!.explanation.checks.filter((check) => check.rule === "curator");
    expect(checks.length).toBeGreaterThan(0);
  });
});
