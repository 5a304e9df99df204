// The templates a district fills in: the data sheet (the same titles the reader looks for, one grey
// example row «Пример…» that is never loaded), an «Инструкция» sheet, and for an official list a
// «Реквизиты» sheet with the document's details.
import type * as ExcelJS from "exceljs";
import { loadExcel } from "../staff-workbook.ts";
import {
  COLUMN_TITLES,
  DETAIL_TITLES,
  INSTRUCTIONS,
  SHEET_NAMES,
  TEMPLATE_FILES,
  type ColumnKey,
  type DetailKey,
} from "../../core/messages/intake.ts";
import { SHAPES, type DataKind } from "./headers.ts";

const GREY = "FF7F7F7F";
const HEADER_FILL: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFDDEBF7" } };
/** Rows prepared with the code column as text and the drop-downs. */
const PREPARED_ROWS = 5000;

const SHAPE_OF: Record<DataKind, string> = {
  results: "template-results",
  items: "template-items",
  social: "template-social",
  "official-list": "template-list",
};

/** One example row per kind, by field; the code carries the «Пример» mark. */
const EXAMPLE: Partial<Record<ColumnKey, string | number>> = {
  schoolCode: `${INSTRUCTIONS.exampleMark}: 560301`,
  schoolName: "МБОУ «Первомайская СОШ № 1»",
  year: 2025,
  assessment: "ВПР",
  grade: 5,
  subject: "математика",
  participants: 48,
  meanScore: 3.6,
  lowShare: 12.5,
  highShare: 18.8,
  vprLowered: 10.4,
  vprConfirmed: 85.4,
  vprRaised: 4.2,
  task: "10.1",
  solvedShare: 37.5,
  topic: "Решение задач на движение",
  students: 412,
  parentsNoHigherEducation: 130,
  unemployedParents: 25,
  watchList: 6,
  odnKdn: 2,
  migrantOrLowRussian: 4,
  nonAttested: 3,
  truancy: 5,
  disabilities: 11,
  remote: "нет",
  smallSchool: "нет",
  infrastructureDeficit: "да",
  computerDeficit: "нет",
  internetDeficit: "нет",
  unfilledPosts: "да",
  accreditationSuspended: "нет",
  innovationPlatform: "нет",
  headCompetence: "да",
  headMotivation: "да",
  note: INSTRUCTIONS.exampleNote,
};

const WIDTH: Partial<Record<ColumnKey, number>> = { schoolCode: 16, schoolName: 44, subject: 22, topic: 40, note: 40 };

/** The template of one kind, as XLSX bytes. */
export async function dataTemplate(kind: DataKind): Promise<{ filename: string; content: Uint8Array }> {
  const Excel = await loadExcel();
  const workbook = new Excel.Workbook();
  workbook.creator = "ШНОР: поддержка школ";
  const shape = SHAPES.find((candidate) => candidate.id === SHAPE_OF[kind])!;
  const fields = [...shape.required, ...shape.optional];

  const help = workbook.addWorksheet(SHEET_NAMES.help);
  help.getColumn(1).width = 130;
  const lines = [...INSTRUCTIONS[kind], "", ...INSTRUCTIONS.common, INSTRUCTIONS.reimport[kind]];
  lines.forEach((line, index) => {
    const cell = help.getCell(index + 1, 1);
    cell.value = line;
    cell.alignment = { wrapText: true, vertical: "top" };
    if (index === 0 || line === INSTRUCTIONS.common[0]) cell.font = { bold: true, size: 13 };
  });

  const sheet = workbook.addWorksheet(SHEET_NAMES[kind]);
  sheet.columns = fields.map((field) => ({
    header: COLUMN_TITLES[field],
    width: WIDTH[field] ?? Math.min(30, Math.max(12, COLUMN_TITLES[field].length * 0.6)),
  }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.height = 60;
  header.eachCell((cell) => {
    cell.fill = HEADER_FILL;
    cell.alignment = { vertical: "middle", wrapText: true };
  });
  sheet.views = [{ state: "frozen", ySplit: 1 }];
  sheet.getColumn(1).numFmt = "@";
  const example = sheet.addRow(fields.map((field) => EXAMPLE[field] ?? ""));
  example.font = { italic: true, color: { argb: GREY } };

  const column = (field: ColumnKey) => sheet.getColumn(fields.indexOf(field) + 1).letter;
  const list = (field: ColumnKey, values: string[]) => {
    if (!fields.includes(field)) return;
    validate(sheet, `${column(field)}2:${column(field)}${PREPARED_ROWS}`, {
      type: "list",
      allowBlank: true,
      formulae: [`"${values.join(",")}"`],
      showErrorMessage: true,
      errorStyle: "warning",
      errorTitle: COLUMN_TITLES[field],
      error: `Выберите из списка: ${values.join(", ")}`,
    });
  };
  list("assessment", ["ЕГЭ", "ОГЭ", "ВПР", "РДР"]);
  for (const field of fields) if (COLUMN_TITLES[field].endsWith("(да/нет)")) list(field, ["да", "нет"]);

  if (kind === "official-list") {
    const details = workbook.addWorksheet(SHEET_NAMES.details);
    details.columns = [
      { header: "Реквизит", width: 30 },
      { header: "Значение", width: 50 },
      { header: "Подсказка (не загружается)", width: 60 },
    ];
    details.getRow(1).font = { bold: true };
    for (const key of Object.keys(DETAIL_TITLES) as DetailKey[]) {
      const row = details.addRow([DETAIL_TITLES[key], "", INSTRUCTIONS.detailsExample[key]]);
      row.getCell(3).font = { italic: true, color: { argb: GREY } };
    }
    details.addRow([]);
    details.addRow([INSTRUCTIONS.detailsHint]).getCell(1).font = { italic: true, color: { argb: GREY } };
    validate(details, "B5", { type: "list", allowBlank: true, formulae: ['"ШНОР,ШНСУ"'], showErrorMessage: true, errorStyle: "warning" });
  }

  const buffer = await workbook.xlsx.writeBuffer();
  return { filename: TEMPLATE_FILES[kind], content: new Uint8Array(buffer as ArrayBuffer) };
}

/** exceljs keeps range validations in `dataValidations`, which its typings do not declare. */
function validate(sheet: ExcelJS.Worksheet, range: string, rule: ExcelJS.DataValidation) {
  (sheet as unknown as { dataValidations: { add(range: string, rule: ExcelJS.DataValidation): void } }).dataValidations.add(range, rule);
}
