// The аналитическая справка (#14 §7) as an XLSX workbook: one sheet per section of the frozen
// content, the conclusions and the working group. Loaded on first use (prisma/reports.ts render).
import type * as ExcelJS from "exceljs";
import { localDate } from "../core/management/report.ts";
import { label, reportLabels, reportText } from "../core/messages/report.ts";
import type { ReportDocument } from "../core/services/reports-ports.ts";
import { loadExcel } from "./staff-workbook.ts";

const HEADER_FILL: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFDDEBF7" } };

/** Sheet names: at most 31 characters, no brackets or slashes. */
export const REPORT_SHEETS = {
  summary: "Справка",
  indicators: "Показатели",
  lists: "Списки",
  recommendations: "Рекомендации",
  roadmaps: "Дорожные карты",
  decisions: "Решения",
  conclusions: "Выводы",
  workingGroup: "Рабочая группа",
} as const;

function header(row: ExcelJS.Row) {
  row.font = { bold: true };
  row.eachCell((cell) => {
    cell.fill = HEADER_FILL;
    cell.alignment = { wrapText: true, vertical: "top" };
  });
}

const title = (sheet: ExcelJS.Worksheet, text: string) => {
  sheet.addRow([text]).font = { bold: true, size: 13 };
};
const wrap = (row: ExcelJS.Row) => {
  row.alignment = { wrapText: true, vertical: "top" };
  return row;
};

export async function reportWorkbook(document: ReportDocument): Promise<Uint8Array> {
  const { report, workingGroup, timezone } = document;
  const content = report.content;
  const book = new (await loadExcel()).Workbook();
  const date = (value: Date | string) => localDate(value, timezone);

  // Summary: heading, period, approval, draft label.
  const summary = book.addWorksheet(REPORT_SHEETS.summary);
  summary.columns = [{ width: 110 }];
  title(summary, reportText.title);
  summary.addRow([reportText.subtitle(content.districtName, content.period.title)]);
  summary.addRow([reportText.generatedAt(date(content.generatedAt))]);
  summary.addRow([reportText.cutoff(date(content.cutoff))]);
  summary.addRow([report.approvedAt && report.approvalRef ? reportText.approved(date(report.approvedAt), report.approvalRef) : reportText.notApproved]);
  if (report.conclusions?.draft) summary.addRow([reportText.draftLabel]).font = { italic: true, color: { argb: "FFC00000" } };
  summary.addRow([]);
  for (const section of Object.values(reportText.sections).slice(0, 6)) summary.addRow([section]);

  // 1. Indicators with method, source, executor and the values by year.
  const indicators = book.addWorksheet(REPORT_SHEETS.indicators);
  const years = content.indicators.yearLabels;
  indicators.columns = [{ width: 48 }, ...years.map(() => ({ width: 16 })), { width: 48 }, { width: 32 }, { width: 28 }];
  title(indicators, reportText.sections.indicators);
  if (!content.indicators.rows.length) indicators.addRow([reportText.indicators.none]);
  else {
    header(indicators.addRow([reportText.indicators.indicator, ...years, reportText.indicators.method, reportText.indicators.source, reportText.indicators.executor]));
    for (const row of content.indicators.rows) wrap(indicators.addRow([row.title, ...row.values, row.method, row.source, row.executor]));
  }

  // 2. Lists.
  const lists = book.addWorksheet(REPORT_SHEETS.lists);
  lists.columns = [{ width: 40 }, { width: 14 }, { width: 14 }];
  title(lists, reportText.sections.lists);
  if (!content.lists.counts.length) lists.addRow([reportText.lists.noRuns]);
  else {
    header(lists.addRow([reportText.lists.year, reportText.lists.shnor, reportText.lists.shnsu]));
    for (const count of content.lists.counts) lists.addRow([String(count.year), count.shnor, count.shnsu]);
    lists.addRow([]);
    if (content.lists.fromYear === null) lists.addRow([reportText.lists.oneRun]);
    else {
      lists.addRow([reportText.lists.compared(content.lists.fromYear, content.lists.toYear!)]);
      for (const [heading, items] of [
        [reportText.lists.entered, content.lists.entered],
        [reportText.lists.left, content.lists.left],
      ] as const) {
        header(lists.addRow([heading, reportText.lists.list]));
        if (!items.length) lists.addRow([reportText.lists.nobody]);
        for (const item of items) lists.addRow([item.schoolName, reportLabels.list[item.list]]);
      }
    }
  }

  // 3. Recommendations.
  const recs = book.addWorksheet(REPORT_SHEETS.recommendations);
  const r = content.recommendations;
  recs.columns = [{ width: 44 }, { width: 16 }, { width: 16 }, { width: 16 }, { width: 16 }];
  title(recs, reportText.sections.recommendations);
  recs.addRow([reportText.recommendations.issued, r.issued]);
  recs.addRow([reportText.recommendations.doneInPeriod, r.doneInPeriod]);
  recs.addRow([reportText.recommendations.open, r.open]);
  recs.addRow([reportText.recommendations.overdue, r.overdue]);
  recs.addRow([]);
  header(recs.addRow([reportText.recommendations.addressee, reportText.recommendations.issued, reportText.recommendations.doneInPeriod, reportText.recommendations.open, reportText.recommendations.overdue]));
  for (const row of r.byAddressee) recs.addRow([row.label, row.issued, row.done, row.open, row.overdue]);
  recs.addRow([]);
  header(recs.addRow([reportText.recommendations.state, reportText.recommendations.count]));
  for (const row of r.byState) recs.addRow([row.label, row.count]);
  if (r.overdueList.length) {
    recs.addRow([]);
    recs.addRow([reportText.recommendations.overdueList]).font = { bold: true };
    header(recs.addRow([reportText.recommendations.title, reportText.recommendations.school, reportText.recommendations.addressee, reportText.recommendations.dueOn]));
    for (const row of r.overdueList) wrap(recs.addRow([row.title, row.schoolName ?? "", row.addressee, date(row.dueOn)]));
  }

  // 4. Roadmaps.
  const roadmaps = book.addWorksheet(REPORT_SHEETS.roadmaps);
  roadmaps.columns = [{ width: 48 }, { width: 18 }, { width: 14 }, { width: 14 }, { width: 14 }];
  title(roadmaps, reportText.sections.roadmaps);
  if (!content.roadmaps.rows.length) roadmaps.addRow([reportText.roadmaps.none]);
  else {
    header(roadmaps.addRow([reportText.roadmaps.roadmap, reportText.roadmaps.total, reportText.roadmaps.done, reportText.roadmaps.overdue, reportText.roadmaps.share]));
    for (const row of content.roadmaps.rows) wrap(roadmaps.addRow([row.title, row.total, row.done, row.overdue, reportText.share(row.done, row.total)]));
    roadmaps.addRow([reportText.districtTotal, content.roadmaps.total, content.roadmaps.done, content.roadmaps.overdue, reportText.share(content.roadmaps.done, content.roadmaps.total)]).font = { bold: true };
    if (content.roadmaps.overdueEvents.length) {
      roadmaps.addRow([]);
      roadmaps.addRow([reportText.roadmaps.overdueList]).font = { bold: true };
      header(roadmaps.addRow([reportText.roadmaps.event, reportText.roadmaps.roadmap, reportText.roadmaps.dueOn]));
      for (const event of content.roadmaps.overdueEvents) wrap(roadmaps.addRow([`${event.number}. ${event.title}`, event.roadmapTitle, date(event.dueOn)]));
    }
  }

  // 5. Decisions.
  const decisions = book.addWorksheet(REPORT_SHEETS.decisions);
  decisions.columns = [{ width: 22 }, { width: 36 }, { width: 48 }, { width: 12 }, { width: 16 }];
  title(decisions, reportText.sections.decisions);
  if (!content.decisions.total) decisions.addRow([reportText.decisions.none]);
  else {
    header(decisions.addRow([reportText.decisions.kind, reportText.decisions.count]));
    for (const row of content.decisions.byKind) decisions.addRow([row.label, row.count]);
    decisions.addRow([]);
    header(decisions.addRow([reportText.decisions.level, reportText.decisions.count]));
    for (const row of content.decisions.byLevel) decisions.addRow([row.label, row.count]);
    decisions.addRow([]);
    header(decisions.addRow([reportText.decisions.kind, reportText.decisions.document, reportText.decisions.title, reportText.decisions.level, reportText.decisions.horizon]));
    for (const row of content.decisions.rows) wrap(decisions.addRow([row.kindLabel, row.document, row.title, row.levelLabel, row.horizonLabel]));
  }

  // 6. Conclusions.
  const conclusions = book.addWorksheet(REPORT_SHEETS.conclusions);
  conclusions.columns = [{ width: 30 }, { width: 100 }];
  title(conclusions, reportText.sections.conclusions);
  if (report.conclusions?.draft) conclusions.addRow([reportText.draftLabel]).font = { italic: true, color: { argb: "FFC00000" } };
  const c = report.conclusions;
  wrap(conclusions.addRow([reportText.conclusions.goalsMet, c?.goalsMet || reportText.conclusions.none]));
  wrap(conclusions.addRow([reportText.conclusions.measuresSufficient, c?.measuresSufficient || reportText.conclusions.none]));
  const points = c?.growthPoints ?? [];
  wrap(conclusions.addRow([reportText.conclusions.growthPoints, points.length ? points.map((point, index) => `${index + 1}. ${point.text}`).join("\n") : reportText.conclusions.none]));

  // The working group and its approval.
  const group = book.addWorksheet(REPORT_SHEETS.workingGroup);
  group.columns = [{ width: 6 }, { width: 34 }, { width: 80 }];
  title(group, reportText.sections.workingGroup);
  if (!workingGroup) group.addRow([reportText.workingGroup.none]);
  else {
    group.addRow([reportText.workingGroup.order(workingGroup.orderRef, date(workingGroup.orderDate))]);
    header(group.addRow(["№", reportText.workingGroup.name, reportText.workingGroup.position]));
    workingGroup.members.forEach((member, index) => wrap(group.addRow([index + 1, member.name, `${member.position}${member.role === "member" ? "" : ` — ${label(reportText.workingGroup.roles, member.role)}`}`])));
  }
  group.addRow([]);
  group.addRow([report.approvedAt && report.approvalRef ? reportText.approved(date(report.approvedAt), report.approvalRef) : reportText.notApproved]);

  return new Uint8Array(await book.xlsx.writeBuffer());
}
