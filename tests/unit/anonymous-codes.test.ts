import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { CODE_ALPHABET } from "../../core/invites/codes.ts";
import { normalizeCode } from "../../core/invites/codes.ts";
import {
  formatClassCode,
  hashClassCode,
  isLinkToken,
  makeClassCode,
  makeLinkToken,
  normalizeClassCode,
} from "../../core/services/anonymous.ts";
import { anonymousQuestionScreen, parseAnonymousAction } from "../../core/journeys/anonymous.ts";
import { InstrumentSchema } from "../../core/instruments/schema.ts";

const random = (size: number) => new Uint8Array(randomBytes(size));

describe("коды классов и токены ссылок", () => {
  it("код: 8 знаков без похожих (0/O, 1/I/L), печатается KM7P-Q2XA, не путается с приглашением", () => {
    const codes = new Set(Array.from({ length: 500 }, () => makeClassCode(random)));
    expect(codes.size).toBe(500);
    for (const code of codes) {
      expect(code).toHaveLength(8);
      expect([...code].every((char) => CODE_ALPHABET.includes(char))).toBe(true);
      expect(normalizeCode(code)).toBeNull();
      expect(normalizeClassCode(formatClassCode(code))).toBe(code);
    }
  });

  it("ввод человека: строчные, пробелы, тире и русские буквы-двойники дают тот же код; не код — null", () => {
    expect(normalizeClassCode(" km7p-q2xa ")).toBe("KM7PQ2XA");
    expect(normalizeClassCode("КМ7Р Q2ХА")).toBe("KM7PQ2XA");
    expect(normalizeClassCode("KM7P—Q2XA")).toBe("KM7PQ2XA");
    expect(normalizeClassCode("KM7PQ2X")).toBeNull();
    expect(normalizeClassCode("KM7PQ2X0")).toBeNull();
    expect(normalizeClassCode("привет мир")).toBeNull();
  });

  it("отпечаток зависит только от нормализованного кода", async () => {
    expect(await hashClassCode("KM7PQ2XA")).toMatch(/^[0-9a-f]{64}$/);
    expect(await hashClassCode("KM7PQ2XA")).not.toBe(await hashClassCode("KM7PQ2XB"));
  });

  it("токен ссылки: 16 знаков, помещается в start-параметр ботов", () => {
    const token = makeLinkToken(random);
    expect(token).toMatch(/^[a-z0-9]{16}$/);
    expect(isLinkToken(token)).toBe(true);
    expect(`q-${token}`.length).toBeLessThanOrEqual(64);
    expect(isLinkToken("../../etc")).toBe(false);
  });
});

describe("кнопки анонимного опроса в чате", () => {
  const instrument = InstrumentSchema.parse({
    key: "p",
    version: 1,
    title: "t",
    status: "draft",
    respondent: "student",
    intro: "i",
    scale: [
      { value: 1, label: "a" },
      { value: 2, label: "b" },
    ],
    areas: [{ id: "a", title: "A", advice: "-" }],
    questions: [
      {
        id: "q".repeat(32),
        areaId: "a",
        type: "multiple",
        text: "Что?",
        options: Array.from({ length: 20 }, (_, index) => ({ value: index + 1, label: `вариант ${index + 1}` })),
        unsure: true,
        required: false,
      },
    ],
  });

  it("данные кнопок — не длиннее 64 байт при самом длинном id и 20 вариантах; разбираются обратно", () => {
    const question = instrument.questions[0]!;
    const screen = anonymousQuestionScreen(
      {
        kind: "question",
        campaign: { instrument } as never,
        position: { kind: "question", question, number: 1, total: 1, answered: 0, current: undefined, canGoBack: true, canSkip: true, canFinish: true },
        areaTitle: "A",
        intro: null,
      },
      2 ** 20 - 1,
    );
    const data = screen.buttons!.flat().map((button) => (button.kind === "action" ? button.data : ""));
    expect(data.length).toBe(20 + 4);
    for (const entry of data) {
      expect(Buffer.byteLength(entry)).toBeLessThanOrEqual(64);
      expect(parseAnonymousAction(entry)).not.toBeNull();
    }
    expect(parseAnonymousAction(data[20]!)).toEqual({ kind: "done", questionId: question.id, mask: 2 ** 20 - 1 });
    expect(parseAnonymousAction(data[0]!)).toEqual({ kind: "toggle", questionId: question.id, mask: 2 ** 20 - 2 });
    expect(parseAnonymousAction("an:a:q1:abc")).toBeNull();
    expect(parseAnonymousAction("an:t:q1:zzzzzzz")).toBeNull();
    expect(parseAnonymousAction("an:x")).toEqual({ kind: "cancel" });
  });
});
