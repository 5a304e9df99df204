// The district summary of deficits as an XLSX workbook: the same released figures as the Mini App
// page (core/services/aggregates.ts), for the Mini App download, the bot's /summary and the CLI.
import type * as ExcelJS from "exceljs";
import { loadExcel } from "./staff-workbook.ts";
import { formatBounded, summaryText } from "../core/messages/summary.ts";
import type { ReleasedArea } from "../core/release/deficits.ts";
import type { DistrictDeficitSummary } from "../core/services/aggregates.ts";

const HEADER_FILL: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFDDEBF7" } };
// Dates arrive as strings when the running server's admin bridge answered the CLI (JSON).
const date = (value: Date | string, timeZone: string) => new Date(value).toLocaleDateString("ru-RU", { timeZone });
const dateTime = (value: Date | string, timeZone: string) =>
  new Date(value).toLocaleString("ru-RU", { timeZone, dateStyle: "short", timeStyle: "short" });

const mean = (cell: ReleasedArea) => (cell.hidden ? summaryText.hidden : formatBounded(cell.meanDeficit, ""));
const share = (cell: ReleasedArea) => (cell.hidden ? summaryText.hidden : formatBounded(cell.pronouncedShare));

function header(row: ExcelJS.Row) {
  row.font = { bold: true };
  row.eachCell((cell) => {
    cell.fill = HEADER_FILL;
    cell.alignment = { wrapText: true, vertical: "top" };
  });
}

export async function summaryWorkbook(
  summary: DistrictDeficitSummary,
  options: { timeZone: string; releaseStep: number },
): Promise<Uint8Array> {
  const book = new (await loadExcel()).Workbook();
  const { timeZone } = options;
  const district = book.addWorksheet(summaryText.sheetDistrict);
  district.columns = [{ width: 48 }, { width: 20 }, { width: 24 }, { width: 18 }];
  if (!summary.campaign || !summary.district) {
    district.addRow([summaryText.noCampaign]);
  } else {
    district.addRow([summaryText.title(summary.campaign.title)]).font = { bold: true, size: 13 };
    district.addRow([summaryText.period(date(summary.campaign.opensAt, timeZone), date(summary.campaign.closesAt, timeZone))]);
    if (summary.releasedAt) district.addRow([summaryText.released(dateTime(summary.releasedAt, timeZone))]);
    district.addRow([]);
    header(district.addRow([summaryText.area, summaryText.meanDeficit, summaryText.pronouncedShare, summaryText.level]));
    for (const area of summary.district.areas) {
      district.addRow([area.title, mean(area.cell), share(area.cell), area.cell.hidden ? "" : summaryText.levels[area.cell.level]]);
    }

    const table = book.addWorksheet(summaryText.sheetSchools);
    const areas = summary.district.areas;
    table.columns = [{ width: 36 }, { width: 10 }, { width: 12 }, ...areas.map(() => ({ width: 18 }))];
    header(table.addRow([summaryText.school, summaryText.code, summaryText.respondents, ...areas.map((area) => area.title)]));
    table.views = [{ state: "frozen", xSplit: 1, ySplit: 1 }];
    const row = (name: string, code: string, respondents: string, cells: ReleasedArea[]) =>
      table.addRow([name, code, respondents, ...cells.map((cell) => (cell.hidden ? summaryText.hidden : `${mean(cell)} (${share(cell)})`))]);
    for (const school of summary.schools) {
      if (school.small) {
        table.addRow([school.name, school.code ?? "", "", summaryText.smallSchoolNote(summary.minRespondents)]);
        continue;
      }
      row(school.name, school.code ?? "", school.respondents === null ? "" : String(school.respondents), school.areas.map((area) => area.cell));
    }
    if (summary.smallSchools && summary.smallSchools.schoolCount > 0) {
      const small = summary.smallSchools;
      row(summaryText.smallSchools(small.schoolCount), "", small.respondents === null ? "" : String(small.respondents), small.areas.map((area) => area.cell)).font = {
        italic: true,
      };
    }
  }
  const rules = book.addWorksheet(summaryText.sheetRules);
  rules.columns = [{ width: 110 }];
  for (const line of summaryText.rules(summary.minRespondents, options.releaseStep)) rules.addRow([line]).alignment = { wrapText: true };
  return new Uint8Array(await book.xlsx.writeBuffer());
}
