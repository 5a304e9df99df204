// The CLI's own files: where an invite sheet is written (the HTML itself is files/invite-sheet.ts),
// what the console says about the bots, and the full list of problems too long for the screen.
import fs from "node:fs";
import path from "node:path";
import type { InviteBots } from "../core/services/invites.ts";
import type { InviteSheetData } from "../files/invite-sheet.ts";
import { CliError } from "./commands.ts";

/** "560311" or the id, safe as a file name. */
const fileStem = (school: InviteSheetData["school"]) => (school.code ?? school.id).replace(/[^\p{L}\p{N}_-]+/gu, "-").slice(0, 60) || "school";

export const DEFAULT_SHEET_DIR = "invite-sheets";

/** `--out` names a folder when it ends with a slash or is an existing folder; otherwise a file. */
function outTarget(out: string | undefined, cwd: string): { folder: string; file: string | null } {
  if (!out) return { folder: path.resolve(cwd, DEFAULT_SHEET_DIR), file: null };
  const resolved = path.resolve(cwd, out);
  if (/[\\/]$/.test(out) || (fs.existsSync(resolved) && fs.statSync(resolved).isDirectory())) return { folder: resolved, file: null };
  return { folder: path.dirname(resolved), file: resolved };
}

/**
 * Where the sheet goes: the file `--out` names, or <code>-<date>.html in the folder it names (by
 * default ./invite-sheets), never over an earlier sheet of the same day (its invites are just as
 * valid): a second run that day adds "-2".
 */
export function sheetPath(data: Pick<InviteSheetData, "school" | "date">, out: string | undefined, cwd = process.cwd()): string {
  const target = outTarget(out, cwd);
  if (target.file) return target.file;
  const base = path.join(target.folder, `${fileStem(data.school)}-${data.date}`);
  let candidate = `${base}.html`;
  for (let index = 2; fs.existsSync(candidate); index++) candidate = `${base}-${index}.html`;
  return candidate;
}

/**
 * Checks before any invite is created that the sheet can be written: its folder is made (or
 * exists) and is writable. Throws a message for the operator.
 */
export function prepareSheetFolder(out: string | undefined, cwd = process.cwd()): void {
  const { folder } = outTarget(out, cwd);
  try {
    fs.mkdirSync(folder, { recursive: true });
    fs.accessSync(folder, fs.constants.W_OK);
  } catch {
    throw new CliError("invalid", `${out ? "--out: " : ""}нельзя записать файл в папку ${folder}; укажите другую: --out <файл.html>`);
  }
}

/**
 * For the console: which messenger got no links and how to name its bot. Empty when both are known.
 * Without any bot name a person can still open the bot and send it the code.
 */
export function missingLinkNotes(bots: InviteBots): string[] {
  const telegram = "--bot <имя_бота> или BOT_USERNAME в .env";
  const max = "--max-bot <ник_бота> (из ссылки max.ru/<ник>) или MAX_BOT_USERNAME в .env";
  if (!bots.telegram && !bots.max) {
    return [
      "Ссылок нет: не задано имя бота ни для одного мессенджера.",
      `  Для ссылок t.me (Telegram): ${telegram}.`,
      `  Для ссылок max.ru (MAX): ${max}.`,
      "Без ссылки человек может открыть бота и отправить ему код (или /start <код>).",
    ];
  }
  if (!bots.max) return [`Ссылок MAX нет: если бот есть и в MAX, задайте его ник: ${max}.`];
  if (!bots.telegram) return [`Ссылок Telegram нет: если бот есть и в Telegram, задайте его имя: ${telegram}.`];
  return [];
}

/**
 * A list too long for the screen (9 000 bad rows of an import) goes to ./spisok-problem.txt, never
 * over an earlier one; returns its path, or null when it cannot be written.
 */
export function writeFullList(lines: readonly string[], cwd = process.cwd()): string | null {
  const base = path.join(cwd, "spisok-problem");
  let file = `${base}.txt`;
  for (let index = 2; fs.existsSync(file); index++) file = `${base}-${index}.txt`;
  try {
    fs.writeFileSync(file, lines.join("\n") + "\n");
    return file;
  } catch {
    return null;
  }
}
