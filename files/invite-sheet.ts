// The printable invite sheet of a school (DOMAIN.md §11c): one self-contained HTML page for A4 with a
// card per invite — role, a blank line for the name, the code, and a link and QR code per messenger —
// to be cut along the dotted lines and handed out. Its data is `inviteSheet` of
// core/services/invites.ts; this module only renders, for the CLI (a file) and the server (a download).
// No scripts and no external resources: the file prints the same offline, years later. No shell
// command is printed: the sheet goes to school staff.
/** qrcode (with its PNG encoder) loads with the first code drawn, not at server start. */
const qrcode = async () => (await import("qrcode")).default;
import type { InviteBots, InviteLinks } from "../core/services/invites.ts";

/** What `invite sheet` returns, as it arrives either directly or as JSON from the server. */
export interface InviteSheetData {
  district: { name: string };
  school: { id: string; name: string; code: string | null };
  /** The sheet's day in the district's time zone: "2026-03-12" and "12 марта 2026 г.". */
  date: string;
  dateLocal: string;
  bots: InviteBots;
  /** With `--existing`: named cards of people imported in advance. */
  existing?: { named: number; reissued: number; elsewhere: Array<{ name: string | null; school: string | null }> } | null;
  /** `name` is the person's ФИО on a personal invite of the bulk import; a blank card has none. */
  invites: Array<{ code: string; role: string; name?: string | null; links: InviteLinks; maxUses: number; expiresLocal: string }>;
}

const CHANNELS = [
  { key: "telegram", title: "Telegram" },
  { key: "max", title: "MAX" },
] as const;

const ROLE_CARD: Record<string, string> = {
  head: "Руководитель школы",
  teacher: "Учитель",
  mentor: "Наставник",
  district: "Сотрудник РУО",
  parent: "Для родителей",
};

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (char) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[char]!);

/** The code in two groups of five, easier to read and type (the bot ignores the space). */
const groupedCode = (code: string) => `${code.slice(0, 5)}&#8201;${code.slice(5)}`;

/** A QR code of exactly `text`, as inline SVG. */
export async function qrSvg(text: string): Promise<string> {
  return (await qrcode()).toString(text, { type: "svg", errorCorrectionLevel: "M", margin: 1 });
}

async function qrBlocks(links: InviteLinks, size: "small" | "large"): Promise<string> {
  const blocks = [];
  for (const { key, title } of CHANNELS) {
    const link = links[key];
    if (!link) continue;
    blocks.push(`<figure class="qr qr-${size}">
  <figcaption>${title}</figcaption>
  ${await qrSvg(link)}
  <a class="link" href="${escapeHtml(link)}">${escapeHtml(link)}</a>
</figure>`);
  }
  return blocks.join("\n");
}

/** "откройте ссылку в Telegram" / "в MAX" / "в Telegram или в MAX", whichever links the sheet has. */
function messengers(bots: InviteBots): string {
  const names = CHANNELS.filter(({ key }) => bots[key]).map(({ title }) => title);
  return names.join(" или ");
}

/** How to type the code when the camera does not help. */
function typeTheCode(bots: InviteBots): string {
  const where = [
    ...(bots.telegram ? [`в Telegram найдите бота <b>@${escapeHtml(bots.telegram)}</b>`] : []),
    ...(bots.max ? [`в MAX откройте бота <b>max.ru/${escapeHtml(bots.max)}</b>`] : []),
  ];
  return `${where.join(", или ")} и отправьте ему этот код`;
}

/** The header's second step, for the messengers the sheet has. */
function openIn(bots: InviteBots): string {
  if (bots.telegram && bots.max) {
    return "Нажмите на появившуюся ссылку, затем «Открыть в Telegram». Если у вас MAX, а не Telegram, — наведите камеру на второй код, с подписью MAX.";
  }
  return `Нажмите на появившуюся ссылку, затем «Открыть в ${bots.max ? "MAX" : "Telegram"}».`;
}

async function personalCard(data: InviteSheetData, invite: InviteSheetData["invites"][number]): Promise<string> {
  const role = ROLE_CARD[invite.role] ?? invite.role;
  return `<section class="card">
  <div class="card-text">
    <div class="role">${escapeHtml(role)}</div>
    <div class="school">${escapeHtml(data.school.name)}</div>
    <div class="name">ФИО: ${invite.name ? `<b class="person">${escapeHtml(invite.name)}</b>` : '<span class="blank"></span>'}</div>
    <div class="code-row"><span class="code-label">Код:</span> <span class="code">${groupedCode(invite.code)}</span></div>
    <p class="steps">Наведите камеру телефона на QR-код и нажмите на ссылку. В ${escapeHtml(messengers(data.bots))} нажмите «Запустить»
    и подтвердите согласие — бот подключит вас к школе.</p>
    <p class="fallback">Без QR-кода: ${typeTheCode(data.bots)}.</p>
    <p class="small">Личное приглашение: для одного человека. Действует до ${escapeHtml(invite.expiresLocal)}.</p>
  </div>
  <div class="card-qr">
${await qrBlocks(invite.links, "small")}
  </div>
</section>`;
}

async function parentCard(data: InviteSheetData, invite: InviteSheetData["invites"][number]): Promise<string> {
  return `<section class="card parent">
  <div class="parent-title">Для родителей — одна ссылка на всю школу</div>
  <div class="parent-school">${escapeHtml(data.school.name)}</div>
  <p class="parent-lead">Родители учеников подключаются к боту школы по этой ссылке или QR-коду. Ссылку можно
  переслать в родительские чаты классов, а лист — повесить на стенд у входа.</p>
  <div class="parent-qr">
${await qrBlocks(invite.links, "large")}
  </div>
  <ol class="steps">
    <li>Наведите камеру телефона на QR-код и нажмите на появившуюся ссылку (или откройте ссылку из чата).</li>
    <li>Откроется ${escapeHtml(messengers(data.bots))}: нажмите «Запустить» (или «Начать»).</li>
    <li>Бот попросит согласие на обработку данных и подключит вас как родителя.</li>
  </ol>
  <p class="fallback">Если QR-код не открывается: ${typeTheCode(data.bots)}: <b class="code-inline">${groupedCode(invite.code)}</b></p>
  <p class="small">Одна ссылка для всех родителей школы (до ${invite.maxUses} человек). Действует до ${escapeHtml(invite.expiresLocal)}.</p>
</section>`;
}

const CSS = `
@page { size: A4; margin: 12mm; }
* { box-sizing: border-box; }
html { background: #fff; }
body { margin: 0 auto; max-width: 186mm; font-family: "PT Sans", "Liberation Sans", Arial, sans-serif; font-size: 10.5pt; color: #000; line-height: 1.3; }
header { margin-bottom: 6mm; }
h1 { font-size: 16pt; margin: 0 0 2mm; }
.meta { margin: 0 0 3mm; }
.meta div { margin: 0.5mm 0; }
.howto { border: 0.4mm solid #000; border-radius: 2mm; padding: 3mm 4mm; margin-bottom: 2mm; }
.howto h2 { font-size: 11.5pt; margin: 0 0 1.5mm; }
.howto ol, .howto ul { margin: 0; padding-left: 5mm; }
.howto li { margin: 0.6mm 0; }
.card { display: flex; gap: 4mm; padding: 3.5mm 2mm 3mm; border-top: 0.5mm dashed #555; break-inside: avoid; page-break-inside: avoid; position: relative; }
.card::before { content: "\\2702  отрезать по пунктиру"; position: absolute; top: -2.6mm; left: 3mm; background: #fff; padding: 0 1.5mm; font-size: 7.5pt; color: #555; }
.cards { border-bottom: 0.5mm dashed #555; }
.card-text { flex: 1; min-width: 0; }
.role { font-weight: bold; font-size: 13pt; }
.school { font-size: 9pt; }
.name { margin: 3mm 0 2mm; font-size: 11pt; display: flex; align-items: flex-end; gap: 2mm; }
.blank { flex: 1; border-bottom: 0.3mm solid #000; height: 5mm; }
.person { font-size: 12pt; }
.code-row { display: flex; align-items: baseline; gap: 2mm; margin: 0 0 1mm; }
.code-label { font-size: 10pt; }
.code { font-family: "DejaVu Sans Mono", "Liberation Mono", "Courier New", monospace; font-size: 20pt; font-weight: bold; letter-spacing: 0.06em; white-space: nowrap; }
.steps { margin: 0.5mm 0; font-size: 9pt; }
.fallback { margin: 0.5mm 0; font-size: 8.5pt; }
.small { margin: 0.5mm 0 0; font-size: 7.5pt; color: #333; }
.card-qr { display: flex; gap: 3mm; align-items: flex-start; }
.qr { margin: 0; text-align: center; }
.qr figcaption { font-weight: bold; font-size: 10pt; margin-bottom: 0.5mm; }
.qr svg { display: block; margin: 0 auto; }
.qr-small { width: 36mm; }
.qr-small svg { width: 33mm; height: 33mm; }
.qr-large { width: 70mm; }
.qr-large svg { width: 62mm; height: 62mm; }
.link { display: block; font-family: "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: 6.5pt; color: #000; text-decoration: none; word-break: break-all; margin-top: 0.5mm; }
.qr-large .link { font-size: 9pt; }
.qr-large figcaption { font-size: 14pt; }
.parent { display: block; border: 0.8mm solid #000; border-radius: 3mm; padding: 6mm; margin-top: 0; break-before: page; page-break-before: always; }
.parent::before { content: none; }
.parent-title { font-size: 20pt; font-weight: bold; text-align: center; }
.parent-school { font-size: 14pt; text-align: center; margin: 1mm 0 3mm; }
.parent-lead { font-size: 11pt; margin: 0 0 4mm; }
.parent-qr { display: flex; justify-content: center; gap: 10mm; margin: 2mm 0 4mm; }
.parent .steps { font-size: 11pt; margin: 1mm 0; padding-left: 6mm; }
.parent .steps li { margin: 0.6mm 0; }
.parent .fallback { font-size: 10.5pt; }
.code-inline { font-family: "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: 13pt; }
@media screen { body { padding: 8mm 0; } }
`;

/** The whole sheet: one HTML document with inline CSS and inline SVG QR codes. */
export async function renderInviteSheet(data: InviteSheetData): Promise<string> {
  const personal = data.invites.filter((invite) => invite.role !== "parent");
  const parents = data.invites.filter((invite) => invite.role === "parent");
  const cards = [];
  for (const invite of personal) cards.push(await personalCard(data, invite));
  const parentCards = [];
  for (const invite of parents) parentCards.push(await parentCard(data, invite));
  const school = `${data.school.name}${data.school.code ? ` (код ОО ${data.school.code})` : ""}`;
  const count = (role: string) => data.invites.filter((invite) => invite.role === role).length;
  const summary = [
    count("head") ? `руководителей: ${count("head")}` : "",
    count("teacher") ? `учителей: ${count("teacher")}` : "",
    count("parent") ? "ссылка для родителей: 1" : "",
  ].filter(Boolean);
  const expires = [...new Set(data.invites.map((invite) => invite.expiresLocal))];

  return `<!doctype html>
<html lang="ru">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Приглашения — ${escapeHtml(data.school.name)} — ${escapeHtml(data.dateLocal)}</title>
<style>${CSS}</style>
</head>
<body>
<header>
  <h1>Приглашения в бот поддержки школ</h1>
  <div class="meta">
    <div><b>Район:</b> ${escapeHtml(data.district.name)}</div>
    <div><b>Школа:</b> ${escapeHtml(school)}</div>
    <div><b>Дата:</b> ${escapeHtml(data.dateLocal)}; приглашения действуют до ${escapeHtml(expires.join(", "))}</div>
    <div><b>На листе:</b> ${escapeHtml(summary.join(", "))}</div>
  </div>
  <div class="howto">
    <h2>Как подключиться (для учителя)</h2>
    <ol>
      <li>Откройте камеру телефона и наведите её на QR-код на своей карточке.</li>
      <li>${openIn(data.bots)}</li>
      <li>В чате с ботом нажмите «Запустить», прочитайте и подтвердите согласие на обработку данных — бот подключит вас к школе.</li>
      <li>Нет камеры или QR-код не открывается — ${typeTheCode(data.bots)}.</li>
    </ol>
  </div>
  <div class="howto">
    <h2>Для РУО и администрации школы</h2>
    <ul>
      <li>${
        personal.length && personal.every((invite) => invite.name)
          ? "Разрежьте лист по пунктиру и вручите каждому его карточку лично: код подключает именно этого человека."
          : personal.some((invite) => invite.name)
            ? "Разрежьте лист по пунктиру, на карточках без имени впишите ФИО от руки и вручите каждую лично: каждый код — для одного человека."
            : "Разрежьте лист по пунктиру, впишите ФИО от руки и вручите карточку лично: каждый код — для одного человека."
      }</li>
      <li>Храните карточки как документ: по чужому коду можно подключиться вместо адресата. Карточка потерялась — сообщите в РУО её код: его отзовут и выдадут новый.</li>
    </ul>
  </div>
</header>
<main>
${cards.length ? `<div class="cards">\n${cards.join("\n")}\n</div>` : ""}
${parentCards.join("\n")}
</main>
</body>
</html>
`;
}

