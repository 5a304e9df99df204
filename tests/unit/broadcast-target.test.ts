// The broadcast's target and content rules (core/management/broadcasts.ts), without a database.
import { describe, expect, it } from "vitest";
import {
  BroadcastInputSchema,
  BroadcastTargetSchema,
  broadcastMessageText,
  checkAttachment,
  fileKeyOfDistrict,
  broadcastFileKey,
  reachOf,
  reportStateOf,
  targetFilters,
} from "../../core/management/broadcasts.ts";

describe("цель рассылки", () => {
  it("роли из списка продукта и один выбор школ: все, выбранные, кластер, список", () => {
    expect(BroadcastTargetSchema.parse({ roles: ["teacher"] }).schools).toEqual({ kind: "all" });
    for (const schools of [
      { kind: "chosen", schools: ["s1"] },
      { kind: "cluster", cluster: "failing", year: 2026 },
      { kind: "list", list: "official-shnsu" },
    ]) {
      expect(BroadcastTargetSchema.safeParse({ roles: ["head", "assessment"], schools }).success).toBe(true);
    }
    expect(BroadcastTargetSchema.safeParse({ roles: [] }).success).toBe(false);
    expect(BroadcastTargetSchema.safeParse({ roles: ["student"] }).success).toBe(false);
    expect(BroadcastTargetSchema.safeParse({ roles: ["teacher"], schools: { kind: "cluster", cluster: "weak" } }).success).toBe(false);
    expect(BroadcastTargetSchema.safeParse({ roles: ["teacher"], schools: { kind: "chosen", schools: [] } }).success).toBe(false);
  });

  it("роли района (управление, институт, ЦОКО) получают рассылку при любом выборе школ, роли школы — только в выбранных", () => {
    expect(targetFilters(["teacher", "methodologist", "head"], ["s1", "s2"])).toEqual([
      { roles: ["teacher", "head"], schoolIds: ["s1", "s2"] },
      { roles: ["methodologist"], schoolIds: null },
    ]);
    expect(targetFilters(["district"], ["s1"])).toEqual([{ roles: ["district"], schoolIds: null }]);
    expect(targetFilters(["parent", "parent"], null)).toEqual([{ roles: ["parent"], schoolIds: null }]);
  });
});

describe("содержание рассылки", () => {
  it("текст до 3 500 знаков, ссылка только http(s), ссылка дописывается отдельной строкой", () => {
    const target = { roles: ["teacher"] };
    expect(BroadcastInputSchema.safeParse({ text: "я".repeat(3500), target }).success).toBe(true);
    expect(BroadcastInputSchema.safeParse({ text: "я".repeat(3501), target }).success).toBe(false);
    expect(BroadcastInputSchema.safeParse({ text: "   ", target }).success).toBe(false);
    expect(BroadcastInputSchema.safeParse({ text: "x", link: "https://edu.example.ru/a?b=1", target }).success).toBe(true);
    expect(BroadcastInputSchema.safeParse({ text: "x", link: "javascript:alert(1)", target }).success).toBe(false);
    expect(BroadcastInputSchema.safeParse({ text: "x", link: "tg://resolve?domain=x", target }).success).toBe(false);
    expect(broadcastMessageText(" Совещание ", "https://a.ru")).toBe("Совещание\n\nhttps://a.ru");
    expect(broadcastMessageText("Совещание", null)).toBe("Совещание");
  });

  it("файл: тип по расширению из списка, не больше 20 МБ, не пустой; ключ файла привязан к району", () => {
    expect(checkAttachment("Приказ.PDF", 1000)).toEqual({ ok: true, mimeType: "application/pdf" });
    expect(checkAttachment("setup.exe", 1000)).toEqual({ ok: false, reason: "type" });
    expect(checkAttachment("без расширения", 1000)).toEqual({ ok: false, reason: "type" });
    expect(checkAttachment("a.docx", 20 * 1024 * 1024 + 1)).toEqual({ ok: false, reason: "size" });
    expect(checkAttachment("a.docx", 0)).toEqual({ ok: false, reason: "empty" });
    const key = broadcastFileKey("d1", "abc");
    expect(fileKeyOfDistrict(key, "d1")).toBe(true);
    expect(fileKeyOfDistrict(key, "d")).toBe(false);
    expect(BroadcastInputSchema.safeParse({ text: "x", file: { key: "evidence/abc", name: "a.pdf", mimeType: "application/pdf" }, target: { roles: ["teacher"] } }).success).toBe(false);
  });
});

describe("охват и отчёт", () => {
  it("без согласия — не получит; без чата — не получит; заблокировал бота — отдельно", () => {
    const account = { channel: "telegram", chatId: "1" };
    expect(reachOf({ account, consented: true }, false)).toBe("reachable");
    expect(reachOf({ account, consented: false }, false)).toBe("notConsented");
    expect(reachOf({ account: null, consented: true }, true)).toBe("blocked");
    expect(reachOf({ account: null, consented: true }, false)).toBe("noChat");
  });

  it("состояния очереди в отчёте: pending и sending — «в очереди»", () => {
    expect(["pending", "sending", "delivered", "blocked", "failed"].map(reportStateOf)).toEqual(["queued", "queued", "delivered", "blocked", "failed"]);
  });
});
