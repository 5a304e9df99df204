// The аналитическая справка (#14 §7) as a PDF made in JavaScript by pdfmake (no browser): Roboto with
// Cyrillic from pdfmake's own package, read once into pdfmake's virtual file system. Both access
// policies refuse everything, so a document can neither fetch a URL nor read a local file.
// Loaded on first use (prisma/reports.ts render): the idle server does not carry pdfmake.
import fs from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { localDate } from "../core/management/report.ts";
import { label, reportLabels, reportText } from "../core/messages/report.ts";
import type { ReportDocument } from "../core/services/reports-ports.ts";

interface PdfMake {
  virtualfs: { writeFileSync(name: string, content: Buffer): void };
  setFonts(fonts: Record<string, Record<string, string>>): void;
  setUrlAccessPolicy(callback: (url: string) => boolean): void;
  setLocalAccessPolicy(callback: (path: string) => boolean): void;
  createPdf(doc: object): { getBuffer(): Promise<Buffer> };
}

const FONT_FILES = { normal: "Roboto-Regular.ttf", bold: "Roboto-Medium.ttf", italics: "Roboto-Italic.ttf", bolditalics: "Roboto-MediumItalic.ttf" } as const;

let ready: Promise<PdfMake> | null = null;

async function loadPdfMake(): Promise<PdfMake> {
  // A string specifier: pdfmake ships no types, and the import stays lazy.
  const specifier = "pdfmake";
  const module = (await import(specifier)) as { default?: PdfMake } & PdfMake;
  const pdfmake = module.default ?? module;
  const fontDir = path.join(path.dirname(createRequire(import.meta.url).resolve("pdfmake/package.json")), "fonts", "Roboto");
  for (const file of Object.values(FONT_FILES)) pdfmake.virtualfs.writeFileSync(file, await fs.readFile(path.join(fontDir, file)));
  pdfmake.setFonts({ Roboto: { ...FONT_FILES } });
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy(() => false);
  return pdfmake;
}

type Cell = string | number | { text: string; bold?: boolean; italics?: boolean; color?: string };
const head = (cells: string[]): Cell[] => cells.map((text) => ({ text, bold: true }));
const table = (widths: Array<string | number>, rows: Cell[][]) => ({
  table: { headerRows: 1, widths, body: rows.map((row) => row.map((cell) => (typeof cell === "number" ? String(cell) : cell))) },
  layout: "lightHorizontalLines",
  fontSize: 8,
  margin: [0, 4, 0, 10],
});
const heading = (text: string) => ({ text, style: "heading" });
const note = (text: string) => ({ text, italics: true, margin: [0, 2, 0, 8] });

/** The report's document definition (exported for tests that read the structure). */
export function reportPdfDefinition(document: ReportDocument): object {
  const { report, workingGroup, timezone } = document;
  const content = report.content;
  const date = (value: Date | string) => localDate(value, timezone);
  const body: object[] = [
    { text: reportText.title, style: "title" },
    { text: reportText.subtitle(content.districtName, content.period.title), margin: [0, 0, 0, 4] },
    { text: `${reportText.generatedAt(date(content.generatedAt))}. ${reportText.cutoff(date(content.cutoff))}.`, fontSize: 8, color: "#555555" },
    {
      text: report.approvedAt && report.approvalRef ? reportText.approved(date(report.approvedAt), report.approvalRef) : reportText.notApproved,
      bold: true,
      margin: [0, 4, 0, 8],
    },
  ];

  body.push(heading(reportText.sections.indicators));
  if (!content.indicators.rows.length) body.push(note(reportText.indicators.none));
  else {
    const years = content.indicators.yearLabels;
    body.push(
      table(["*", ...years.map(() => 40), "*", 70, 60], [
        head([reportText.indicators.indicator, ...years, reportText.indicators.method, reportText.indicators.source, reportText.indicators.executor]),
        ...content.indicators.rows.map((row) => [row.title, ...row.values, row.method, row.source, row.executor]),
      ]),
    );
  }

  body.push(heading(reportText.sections.lists));
  const lists = content.lists;
  if (!lists.counts.length) body.push(note(reportText.lists.noRuns));
  else {
    body.push(table([80, 50, 50], [head([reportText.lists.year, reportText.lists.shnor, reportText.lists.shnsu]), ...lists.counts.map((count) => [String(count.year), count.shnor, count.shnsu])]));
    if (lists.fromYear === null) body.push(note(reportText.lists.oneRun));
    else {
      body.push(note(reportText.lists.compared(lists.fromYear, lists.toYear!)));
      const names = (items: typeof lists.entered) => (items.length ? items.map((item) => `${item.schoolName} (${reportLabels.list[item.list]})`).join("; ") : reportText.lists.nobody);
      body.push({ text: `${reportText.lists.entered}: ${names(lists.entered)}` }, { text: `${reportText.lists.left}: ${names(lists.left)}`, margin: [0, 0, 0, 8] });
    }
  }

  body.push(heading(reportText.sections.recommendations));
  const recs = content.recommendations;
  body.push(
    table(["*", 60], [
      head(["", reportText.recommendations.count]),
      [reportText.recommendations.issued, recs.issued],
      [reportText.recommendations.doneInPeriod, recs.doneInPeriod],
      [reportText.recommendations.open, recs.open],
      [reportText.recommendations.overdue, recs.overdue],
    ]),
  );
  if (recs.byAddressee.length) {
    body.push(
      table(["*", 55, 55, 55, 55], [
        head([reportText.recommendations.addressee, reportText.recommendations.issued, reportText.recommendations.doneInPeriod, reportText.recommendations.open, reportText.recommendations.overdue]),
        ...recs.byAddressee.map((row) => [row.label, row.issued, row.done, row.open, row.overdue]),
      ]),
      table(["*", 60], [head([reportText.recommendations.state, reportText.recommendations.count]), ...recs.byState.map((row) => [row.label, row.count])]),
    );
  } else body.push(note(reportText.recommendations.none));
  if (recs.overdueList.length) {
    body.push(
      { text: reportText.recommendations.overdueList, bold: true },
      table(["*", 90, 80, 55], [
        head([reportText.recommendations.title, reportText.recommendations.school, reportText.recommendations.addressee, reportText.recommendations.dueOn]),
        ...recs.overdueList.map((row) => [row.title, row.schoolName ?? "", row.addressee, date(row.dueOn)]),
      ]),
    );
  }

  body.push(heading(reportText.sections.roadmaps));
  const roadmaps = content.roadmaps;
  if (!roadmaps.rows.length) body.push(note(reportText.roadmaps.none));
  else {
    body.push(
      table(["*", 55, 55, 55, 55], [
        head([reportText.roadmaps.roadmap, reportText.roadmaps.total, reportText.roadmaps.done, reportText.roadmaps.overdue, reportText.roadmaps.share]),
        ...roadmaps.rows.map((row) => [row.title, row.total, row.done, row.overdue, reportText.share(row.done, row.total)]),
        [{ text: reportText.districtTotal, bold: true }, roadmaps.total, roadmaps.done, roadmaps.overdue, reportText.share(roadmaps.done, roadmaps.total)],
      ]),
    );
    if (roadmaps.overdueEvents.length) {
      body.push(
        { text: reportText.roadmaps.overdueList, bold: true },
        table(["*", 150, 55], [
          head([reportText.roadmaps.event, reportText.roadmaps.roadmap, reportText.roadmaps.dueOn]),
          ...roadmaps.overdueEvents.map((event) => [`${event.number}. ${event.title}`, event.roadmapTitle, date(event.dueOn)]),
        ]),
      );
    }
  }

  body.push(heading(reportText.sections.decisions));
  const decisions = content.decisions;
  if (!decisions.total) body.push(note(reportText.decisions.none));
  else {
    body.push(
      { text: `${reportText.decisions.total}: ${decisions.total}. ${decisions.byKind.map((row) => `${row.label}: ${row.count}`).join("; ")}. ${decisions.byLevel.map((row) => `${row.label}: ${row.count}`).join("; ")}.` },
      table([70, 110, "*", 50, 60], [
        head([reportText.decisions.kind, reportText.decisions.document, reportText.decisions.title, reportText.decisions.level, reportText.decisions.horizon]),
        ...decisions.rows.map((row) => [row.kindLabel, row.document, row.title, row.levelLabel, row.horizonLabel]),
      ]),
    );
  }

  body.push(heading(reportText.sections.conclusions));
  const c = report.conclusions;
  if (c?.draft) body.push({ text: reportText.draftLabel, italics: true, color: "#C00000", margin: [0, 0, 0, 4] });
  body.push(
    { text: reportText.conclusions.goalsMet, bold: true },
    { text: c?.goalsMet || reportText.conclusions.none, margin: [0, 0, 0, 6] },
    { text: reportText.conclusions.measuresSufficient, bold: true },
    { text: c?.measuresSufficient || reportText.conclusions.none, margin: [0, 0, 0, 6] },
    { text: reportText.conclusions.growthPoints, bold: true },
    c?.growthPoints.length ? { ol: c.growthPoints.map((point) => point.text), margin: [0, 0, 0, 8] } : { text: reportText.conclusions.none },
  );

  body.push(heading(reportText.sections.workingGroup));
  if (!workingGroup) body.push(note(reportText.workingGroup.none));
  else {
    body.push(
      { text: reportText.workingGroup.order(workingGroup.orderRef, date(workingGroup.orderDate)) },
      table([20, 140, "*"], [
        head(["№", reportText.workingGroup.name, reportText.workingGroup.position]),
        ...workingGroup.members.map((member, index) => [
          String(index + 1),
          member.name,
          member.role === "member" ? member.position : `${member.position} — ${label(reportText.workingGroup.roles, member.role)}`,
        ]),
      ]),
    );
  }

  return {
    info: { title: `${reportText.title} — ${content.period.title}` },
    pageSize: "A4",
    pageOrientation: "landscape",
    pageMargins: [36, 36, 36, 36],
    defaultStyle: { font: "Roboto", fontSize: 10 },
    styles: { title: { fontSize: 15, bold: true, margin: [0, 0, 0, 4] }, heading: { fontSize: 12, bold: true, margin: [0, 10, 0, 4] } },
    content: body,
  };
}

export async function reportPdf(document: ReportDocument): Promise<Uint8Array> {
  ready ??= loadPdfMake().catch((error: unknown) => {
    ready = null;
    throw error;
  });
  const pdfmake = await ready;
  return new Uint8Array(await pdfmake.createPdf(reportPdfDefinition(document)).getBuffer());
}
