// The аналитическая справка over the database: created from what the district has (recommendations,
// roadmap, decisions, identification runs), approved and then read only, and exported as XLSX (its
// sections as sheets) and PDF (a valid PDF made in JavaScript with Roboto embedded and Cyrillic text).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { inflateSync } from "node:zlib";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_METHODOLOGY } from "../../core/methodology/settings.ts";
import {
  addGrowthPointToRoadmap,
  approveReport,
  createReport,
  editConclusions,
  refreshReport,
  reportFile,
  saveWorkingGroup,
  type ReportsDeps,
} from "../../core/services/reports.ts";
import type { PersonView } from "../../core/services/ports.ts";
import type { Database } from "../../prisma/db.ts";
import { PrismaIndicatorsRepository } from "../../prisma/indicators.ts";
import { openTestDatabase } from "../support/db.ts";
import { testManagement } from "../support/management.ts";
import { makeReportDistrict } from "../support/report-district.ts";

let db: Database;
let district: Awaited<ReturnType<typeof makeReportDistrict>>;
let deps: ReportsDeps;
let staff: PersonView;
let now = new Date("2026-12-20T09:00:00Z");

beforeAll(async () => {
  db = await openTestDatabase();
  district = await makeReportDistrict(db);
  const management = testManagement(db);
  deps = {
    repo: district.repo,
    clock: { now: () => now },
    settings: DEFAULT_METHODOLOGY,
    reports: management.reports,
    roadmaps: management.roadmaps,
    indicators: new PrismaIndicatorsRepository(db.prisma),
  };
  staff = (await district.repo.getPerson(district.staff.id))!;
});
afterAll(async () => {
  await db?.close();
});

/** Every stream of the PDF, inflated where it is compressed. */
function pdfStreams(pdf: Buffer): string[] {
  const text = pdf.toString("latin1");
  const streams: string[] = [];
  const pattern = /stream\r?\n/g;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(text))) {
    const start = match.index + match[0].length;
    const end = text.indexOf("endstream", start);
    const raw = pdf.subarray(start, end);
    try {
      streams.push(inflateSync(raw).toString("latin1"));
    } catch {
      streams.push(raw.toString("latin1"));
    }
  }
  return streams;
}

describe("аналитическая справка в базе", () => {
  let reportId: string;

  it("создаёт черновик за полугодие с цифрами района; повторное создание возвращает ту же справку", async () => {
    const { report, created } = await createReport(deps, staff, { districtId: district.district.id, period: "2026-H2" });
    reportId = report.id;
    expect(created).toBe(true);
    expect(report.kind).toBe("half_year");
    expect(report.content.recommendations).toMatchObject({ issued: 3, doneInPeriod: 1, open: 2, overdue: 1 });
    expect(report.content.roadmaps).toMatchObject({ total: 2, done: 1, overdue: 1 });
    expect(report.content.decisions.total).toBe(2);
    expect(report.content.lists.entered.map((item) => [item.schoolName, item.list])).toEqual([["МБОУ СОШ №3", "shnor"]]);
    expect(report.content.lists.left.map((item) => [item.schoolName, item.list])).toEqual([["МБОУ СОШ №1", "shnor"]]);
    expect(report.conclusions?.draft).toBe(true);
    // Teacher indicators: no diagnostics in the database, so «нет данных», never 0.
    expect(report.content.indicators.rows.find((row) => row.key === "diagnosed")!.values.every((value) => value === "нет данных")).toBe(true);
    const again = await createReport(deps, staff, { districtId: district.district.id, period: "2026-H2" });
    expect([again.created, again.report.id]).toEqual([false, reportId]);
  });

  it("«Обновить» пересчитывает черновик и сохраняет выводы, которые РУО уже правило", async () => {
    await editConclusions(deps, staff, district.district.id, reportId, {
      goalsMet: "Цели достигнуты частично.",
      measuresSufficient: "Мер недостаточно.",
      growthPoints: ["Провести семинар по критериям оценивания ВПР", "Закрепить наставников за ШНОР"],
    });
    await db.prisma.managementDecision.create({
      data: { districtId: district.district.id, kind: "stimulating", docType: "order", docNumber: "130", docDate: new Date("2026-12-01T00:00:00Z"), title: "О благодарственных письмах", level: "district", horizon: "operational", risks: [] },
    });
    const refreshed = await refreshReport(deps, staff, district.district.id, reportId);
    expect(refreshed.content.decisions.total).toBe(3);
    expect(refreshed.conclusions).toMatchObject({ draft: false, goalsMet: "Цели достигнуты частично." });
  });

  it("утверждение рабочей группой делает справку только для чтения; точка роста становится мероприятием дорожной карты", async () => {
    const group = await saveWorkingGroup(deps, staff, district.district.id, {
      orderRef: "Приказ РУО № 45",
      orderDate: new Date("2026-09-01T00:00:00Z"),
      members: [
        { name: "Тимков А.В.", position: "начальник управления образования", role: "chair" },
        { name: "Кондрашова А.М.", position: "заместитель начальника управления образования", role: "deputy" },
        { name: "Бибенина О.А.", position: "заведующий РМК", role: "member" },
      ],
    });
    await expect(addGrowthPointToRoadmap(deps, staff, district.district.id, reportId, { index: 0, dueOn: new Date("2027-02-01T00:00:00Z") })).rejects.toMatchObject({ kind: "conflict" });
    const approved = await approveReport(deps, staff, district.district.id, reportId, { approvedAt: new Date("2026-12-25T00:00:00Z"), approvalRef: "Протокол № 3 от 25.12.2026", workingGroupId: group.id });
    expect(approved.approvalRef).toBe("Протокол № 3 от 25.12.2026");
    await expect(refreshReport(deps, staff, district.district.id, reportId)).rejects.toMatchObject({ kind: "conflict" });
    await expect(editConclusions(deps, staff, district.district.id, reportId, { goalsMet: "", measuresSufficient: "", growthPoints: [] })).rejects.toMatchObject({ kind: "conflict" });
    await expect(approveReport(deps, staff, district.district.id, reportId, { approvedAt: new Date(), approvalRef: "Протокол № 4" })).rejects.toMatchObject({ kind: "conflict" });

    const { eventId } = await addGrowthPointToRoadmap(deps, staff, district.district.id, reportId, { index: 1, dueOn: new Date("2027-02-01T00:00:00Z") });
    const event = await db.prisma.roadmapEvent.findUniqueOrThrow({ where: { id: eventId }, include: { roadmap: true } });
    expect(event.title).toBe("Закрепить наставников за ШНОР");
    expect([event.roadmap.schoolId, event.roadmap.schoolYear, event.section]).toEqual([null, "2026/27", "analytical"]);
    await expect(addGrowthPointToRoadmap(deps, staff, district.district.id, reportId, { index: 1, dueOn: new Date("2027-02-01T00:00:00Z") })).rejects.toMatchObject({ kind: "conflict" });
  });

  it("XLSX: разделы справки листами, выводы и рабочая группа с утверждением", async () => {
    const file = await reportFile(deps, staff, district.district.id, reportId, "xlsx");
    expect(file.filename).toBe("spravka-2026-H2.xlsx");
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(file.content) as never);
    expect(book.worksheets.map((sheet) => sheet.name)).toEqual(["Справка", "Показатели", "Списки", "Рекомендации", "Дорожные карты", "Решения", "Выводы", "Рабочая группа"]);
    const text = (name: string) =>
      book
        .getWorksheet(name)!
        .getSheetValues()
        .flatMap((row) => (Array.isArray(row) ? row.map((cell) => String(cell ?? "")) : []))
        .join(" | ");
    expect(text("Справка")).toContain("II полугодие 2026 года");
    expect(text("Показатели")).toContain("Методика расчёта");
    expect(text("Показатели")).toContain("нет данных");
    expect(text("Списки")).toContain("МБОУ СОШ №3");
    expect(text("Рекомендации")).toContain("Программа перехода в эффективный режим");
    expect(text("Дорожные карты")).toContain("Мониторинг школьных программ");
    expect(text("Решения")).toContain("Приказ № 112 от 05.09.2026");
    expect(text("Выводы")).toContain("Закрепить наставников за ШНОР");
    expect(text("Рабочая группа")).toContain("Тимков А.В.");
    expect(text("Рабочая группа")).toContain("Протокол № 3 от 25.12.2026");
  });

  it("PDF: настоящий PDF со встроенным шрифтом Roboto и кириллицей", async () => {
    const file = await reportFile(deps, staff, district.district.id, reportId, "pdf");
    expect(file.filename).toBe("spravka-2026-H2.pdf");
    expect(file.mimeType).toBe("application/pdf");
    const pdf = Buffer.from(file.content);
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(pdf.subarray(-6).toString("latin1")).toContain("%%EOF");
    const raw = pdf.toString("latin1");
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+Roboto/);
    expect(raw).toContain("/FontFile2");
    // The ToUnicode maps carry the Cyrillic letters of the title (UTF-16 code points 0410–044F).
    const cmaps = pdfStreams(pdf).filter((stream) => stream.includes("begincmap")).join("\n").toLowerCase();
    for (const letter of "Аналитическая справка") if (letter !== " ") expect(cmaps).toContain(letter.charCodeAt(0).toString(16).padStart(4, "0"));
    // Where poppler is installed, its text extraction reads the Russian text back.
    const pdftotext = ["/usr/bin/pdftotext", "/usr/local/bin/pdftotext"].find((candidate) => fs.existsSync(candidate));
    if (pdftotext) {
      const target = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "report-pdf-")), "report.pdf");
      fs.writeFileSync(target, pdf);
      const text = execFileSync(pdftotext, ["-layout", target, "-"]).toString("utf8");
      expect(text).toContain("Аналитическая справка");
      expect(text).toContain("Протокол № 3 от 25.12.2026");
      expect(text).toContain("Тимков А.В.");
    }
  });

  it("квартальный отчёт (2026-Q4) — отдельная справка", async () => {
    now = new Date("2026-12-21T09:00:00Z");
    const { report, created } = await createReport(deps, staff, { districtId: district.district.id, period: "2026-Q4" });
    expect([created, report.kind, report.content.period.title]).toEqual([true, "quarter", "IV квартал 2026 года"]);
    // In October–December: one recommendation sent (1 Oct), the overdue event of 30 Oct, decisions of 20 Nov and 1 Dec.
    expect(report.content.recommendations.issued).toBe(1);
    expect(report.content.roadmaps).toMatchObject({ total: 1, done: 0, overdue: 1 });
    expect(report.content.decisions.total).toBe(2);
  });
});
