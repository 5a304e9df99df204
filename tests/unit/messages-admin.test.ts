// "Everything users see is in Russian, kept in message files" (STYLE.md): the admin use cases hold
// keys, their wording lives in core/messages/admin*.ts. The scan reads each service with the
// TypeScript parser, so comments are skipped and "https://…" or a regular expression is not taken
// for one; every string, template part or identifier with a Cyrillic letter is reported.
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const SERVICES = ["admin-commands", "admin", "campaigns", "districts", "instruments", "invites", "members", "staff-import"];

/**
 * Literals that are no text for people: nameKey folds ё into е when it compares names. Regular
 * expressions that recognise Russian input (a placeholder, «версия 2» in a title) are not scanned.
 */
const NOT_TEXT: Record<string, string[]> = { "staff-import": ["ё", "е"] };

const CYRILLIC = /[\u0400-\u04FF]/;

/** Cyrillic outside comments, as "line: text". */
function cyrillicOutsideComments(source: string, allowed: readonly string[] = []): string[] {
  const file = ts.createSourceFile("scanned.ts", source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: string[] = [];
  const report = (node: ts.Node, text: string) => {
    if (CYRILLIC.test(text) && !allowed.includes(text)) {
      found.push(`${file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1}: ${text}`);
    }
  };
  const visit = (node: ts.Node) => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) report(node, node.text);
    else if (ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) report(node, node.text);
    else if (ts.isIdentifier(node) || ts.isPrivateIdentifier(node)) report(node, node.text);
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

describe("тексты администрирования — в файлах сообщений", () => {
  it("находит русскую строку в коде и не замечает её в комментариях и регулярных выражениях", () => {
    const source = [
      "// Район «${name}» не найден",
      "/* «Школы», строка 2 */",
      'const link = "https://t.me/bot"; // ещё комментарий',
      "const placeholder = /[а-яё<>]/i;",
      'throw new Error("Район не найден");',
      "const hint = `Список: ${link} школ`;",
      "const roles = { учитель: 1 };",
    ].join("\n");
    expect(cyrillicOutsideComments(source)).toEqual(["5: Район не найден", "6: Список: ", "6:  школ", "7: учитель"]);
  });

  it("в сценариях администрирования (core/services) нет русских строк вне комментариев", () => {
    const offending = SERVICES.flatMap((name) => {
      const source = fs.readFileSync(path.join("core", "services", `${name}.ts`), "utf8");
      return cyrillicOutsideComments(source, NOT_TEXT[name]).map((line) => `${name}.ts:${line}`);
    });
    expect(offending).toEqual([]);
  });
});
