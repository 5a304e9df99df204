// The sheet of single-use class codes of an anonymous survey (#13) for a school: a printable HTML
// page (a card per code to cut out: the class, the code, the school's web address and QR code, the
// bots' links) and the same codes as XLSX. The codes exist in plain text only here, once: the
// database keeps their hashes (core/services/anonymous.ts). No scripts and no external resources.
/** qrcode (with its PNG encoder) loads with the first code drawn, not at server start. */
const qrcode = async () => (await import("qrcode")).default;
import { anonymousText, audienceOf } from "../core/messages/anonymous.ts";
import { formatClassCode } from "../core/services/anonymous.ts";
import type { AnonymousAudience } from "../core/services/anonymous-ports.ts";
import { loadExcel } from "./staff-workbook.ts";

export interface ClassCodeSheet {
  campaignTitle: string;
  schoolName: string;
  audience: AnonymousAudience;
  /** The sheet's day, as the district reads it: "12 марта 2026 г.". */
  dateLocal: string;
  /** The plain web page of the school's link (<PUBLIC_URL>/s/<token>), when the server knows its address. */
  webUrl: string | null;
  /** `/start q-<token>` links of the bots that run. */
  botLinks: { telegram?: string; max?: string };
  classes: Array<{ label: string; codes: string[] }>;
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (char) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[char]!);

/** A QR code of exactly `text`, as inline SVG. */
export async function qrSvg(text: string): Promise<string> {
  return (await qrcode()).toString(text, { type: "svg", errorCorrectionLevel: "M", margin: 1 });
}

/** The same QR code as PNG (for a messenger or a download). */
export async function qrPng(text: string): Promise<Uint8Array> {
  return new Uint8Array(await (await qrcode()).toBuffer(text, { type: "png", errorCorrectionLevel: "M", margin: 2, width: 512 }));
}

/** Where the sheet sends people: the web page first (no messenger needed), else a bot. */
export const mainAddress = (sheet: Pick<ClassCodeSheet, "webUrl" | "botLinks">) => sheet.webUrl ?? sheet.botLinks.telegram ?? sheet.botLinks.max ?? null;

const CSS = `
@page { size: A4; margin: 10mm; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 190mm; font-family: "PT Sans", "Liberation Sans", Arial, sans-serif; font-size: 10pt; color: #000; line-height: 1.3; }
h1 { font-size: 15pt; margin: 0 0 2mm; }
.meta { margin: 0 0 2mm; }
.once { border: 0.4mm solid #000; padding: 2mm 3mm; margin: 0 0 3mm; font-weight: bold; }
h2 { font-size: 13pt; margin: 4mm 0 2mm; break-after: avoid; }
.cards { display: grid; grid-template-columns: 1fr 1fr; border-top: 0.4mm dashed #555; border-left: 0.4mm dashed #555; }
.card { display: flex; gap: 3mm; padding: 3mm; border-right: 0.4mm dashed #555; border-bottom: 0.4mm dashed #555; break-inside: avoid; page-break-inside: avoid; }
.card-text { flex: 1; min-width: 0; }
.class { font-weight: bold; font-size: 11pt; }
.code { font-family: "DejaVu Sans Mono", "Liberation Mono", "Courier New", monospace; font-size: 17pt; font-weight: bold; letter-spacing: 0.05em; white-space: nowrap; margin: 1mm 0; }
.how { font-size: 8pt; margin: 0.5mm 0; }
.addr { font-family: "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: 7.5pt; word-break: break-all; }
.qr svg { width: 26mm; height: 26mm; display: block; }
@media screen { body { padding: 8mm 0; } }
`;

/** The printable sheet: one HTML document with inline CSS and one inline SVG QR code per card. */
export async function renderClassCodeSheet(sheet: ClassCodeSheet): Promise<string> {
  const address = mainAddress(sheet);
  const qr = address ? await qrSvg(address) : "";
  const bots = [
    sheet.botLinks.telegram ? `Telegram: ${escapeHtml(sheet.botLinks.telegram)}` : "",
    sheet.botLinks.max ? `MAX: ${escapeHtml(sheet.botLinks.max)}` : "",
  ].filter(Boolean);
  const card = (label: string, code: string) => `<section class="card">
  <div class="card-text">
    <div class="class">${escapeHtml(sheet.schoolName)}, ${escapeHtml(label)}</div>
    <div class="code">${formatClassCode(code)}</div>
    <p class="how">Откройте адрес или наведите камеру на QR-код и введите этот код. Код действует один раз. Опрос анонимный.</p>
    ${address ? `<div class="addr">${escapeHtml(address)}</div>` : ""}
    ${sheet.webUrl && bots.length ? `<div class="addr">или в мессенджере — ${bots.join(", ")}</div>` : ""}
  </div>
  ${qr ? `<div class="qr">${qr}</div>` : ""}
</section>`;
  const sections = sheet.classes
    .map(
      ({ label, codes }) => `<h2>${escapeHtml(label)} — ${escapeHtml(anonymousText.staff.codesCount(codes.length))}</h2>
<div class="cards">
${codes.map((code) => card(label, code)).join("\n")}
</div>`,
    )
    .join("\n");
  return `<!doctype html>
<html lang="ru">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(anonymousText.staff.sheetTitle(sheet.campaignTitle))} — ${escapeHtml(sheet.schoolName)}</title>
<style>${CSS}</style>
</head>
<body>
<h1>${escapeHtml(anonymousText.staff.sheetTitle(sheet.campaignTitle))}</h1>
<div class="meta">${escapeHtml(sheet.schoolName)} · ${escapeHtml(audienceOf[sheet.audience])} · ${escapeHtml(sheet.dateLocal)}</div>
<p class="meta">${escapeHtml(anonymousText.staff.sheetHowTo(sheet.audience))}</p>
<div class="once">${escapeHtml(anonymousText.staff.sheetOnce)}</div>
${sections}
</body>
</html>
`;
}

/** The same codes as a workbook: a row per code (class, code, address), one sheet. */
export async function classCodeWorkbook(sheet: ClassCodeSheet): Promise<Uint8Array> {
  const book = new (await loadExcel()).Workbook();
  const page = book.addWorksheet("Коды");
  page.columns = [{ width: 14 }, { width: 14 }, { width: 60 }];
  page.addRow([anonymousText.staff.sheetTitle(sheet.campaignTitle)]).font = { bold: true, size: 13 };
  page.addRow([`${sheet.schoolName} · ${audienceOf[sheet.audience]} · ${sheet.dateLocal}`]);
  page.addRow([anonymousText.staff.sheetOnce]);
  page.addRow([]);
  const columns = anonymousText.staff.columns;
  page.addRow([columns.classLabel, columns.code, columns.link]).font = { bold: true };
  const address = mainAddress(sheet) ?? "";
  for (const { label, codes } of sheet.classes) for (const code of codes) page.addRow([label, formatClassCode(code), address]);
  return new Uint8Array(await book.xlsx.writeBuffer());
}
