import { describe, expect, it } from "vitest";
import { afterFailure, ChatPacer, MAX_ATTEMPTS, SEND_LATENESS_MS, sendSpacingMs } from "../../core/delivery/policy.ts";
import { ConfigError, loadConfig } from "../../server/config.ts";
import { reminderText } from "../../core/messages/reminders.ts";

describe("очередь отправки: решения после ошибки", () => {
  const now = new Date("2026-02-01T10:00:00Z");
  it("429 ждёт retry_after, 403 — «заблокирован», 400 — «ошибка», сеть — с нарастающей паузой", () => {
    expect(afterFailure({ code: 429, retryAfterSeconds: 7 }, 1, now)).toMatchObject({
      state: "pending",
      retryAt: new Date(now.getTime() + 8000),
    });
    expect(afterFailure({ code: 403, description: "bot was blocked by the user" }, 1, now).state).toBe("blocked");
    expect(afterFailure({ code: 400 }, 1, now).state).toBe("failed");
    const first = afterFailure({}, 1, now);
    const third = afterFailure({}, 3, now);
    expect(first.state === "pending" && third.state === "pending" && third.retryAt > first.retryAt).toBe(true);
    expect(afterFailure({}, MAX_ATTEMPTS, now).state).toBe("failed");
  });

  it("429 не исчерпывает попытки: строка ждёт retry_after, сколько бы раз ни пришёл 429", () => {
    expect(afterFailure({ code: 429, retryAfterSeconds: 90 }, MAX_ATTEMPTS + 3, now)).toMatchObject({
      state: "pending",
      retryAt: new Date(now.getTime() + 91_000),
    });
  });

  it("не больше N в любом окне в 1 с, даже если каждая отправка опоздала на допуск, и одного в секунду в один чат", () => {
    expect(sendSpacingMs(30)).toBe(34.667);
    for (const perSecond of [1, 5, 20, 25, 29, 30]) {
      const spacing = sendSpacingMs(perSecond);
      // The worst case: slots 0, s, 2s… and every other send leaving at the end of its tolerance.
      const times = Array.from({ length: 3 * perSecond }, (_, index) => index * spacing + (index % 2 ? SEND_LATENESS_MS : 0));
      let max = 0;
      for (let start = 0, end = 0; start < times.length; start++) {
        while (end < times.length && times[end]! < times[start]! + 1000) end++;
        max = Math.max(max, end - start);
      }
      expect(max, `${perSecond}/s`).toBeLessThanOrEqual(perSecond);
      // …and the pace is not thrown away: 96.2 % of the limit at any N.
      expect(1000 / spacing / perSecond, `${perSecond}/s`).toBeGreaterThanOrEqual(0.96);
    }
    const pacer = new ChatPacer();
    expect(pacer.earliest("a")).toBe(-Infinity);
    pacer.sent("a", 0);
    pacer.sent("b", 10);
    expect([pacer.earliest("a"), pacer.earliest("b"), pacer.earliest("c")]).toEqual([1000, 1010, -Infinity]);
    pacer.sent("a", 1500);
    expect(pacer.earliest("a")).toBe(2500);
  });
});

describe("настройка", () => {
  it("называет все проблемы сразу и как их исправить", () => {
    let error: unknown;
    try {
      loadConfig({ PORT: "много", TZ_DISTRICT: "Марс", PUBLIC_URL: "http://school.ru", DATABASE_URL: "mysql://x" });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join("\n");
    expect(problems).toMatch(/BOT_TOKEN и MAX_BOT_TOKEN не заданы.*BotFather/);
    expect(problems).toMatch(/PORT должен быть числом/);
    expect(problems).toMatch(/TZ_DISTRICT неизвестный часовой пояс/);
    expect(problems).toMatch(/PUBLIC_URL должен начинаться с https/);
    expect(problems).toMatch(/DATABASE_URL должен начинаться с postgresql/);
  });

  it("значения по умолчанию: встроенная база в ./data, порт 3000, Москва, минимум 5", () => {
    const config = loadConfig({ BOT_TOKEN: "123456:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" });
    expect(config).toMatchObject({ PORT: 3000, TZ_DISTRICT: "Europe/Moscow", MIN_RESPONDENTS: 5, SEND_RATE_PER_SECOND: 25 });
    expect(() => loadConfig({ BOT_TOKEN: "123456:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", SEND_RATE_PER_SECOND: "40" })).toThrow(/SEND_RATE_PER_SECOND не больше 30/);
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.dataDir).toMatch(/data$/);
  });

  it("S3 для файлов: все четыре переменные или ни одной, без тихого перехода на диск", () => {
    const token = { BOT_TOKEN: "123456:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" };
    expect(() => loadConfig({ ...token, S3_ENDPOINT: "https://storage.yandexcloud.net", S3_BUCKET: "shnor-files" })).toThrow(
      /S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY: не заданы, а другие переменные S3_\* заданы/,
    );
    const full = loadConfig({
      ...token,
      S3_ENDPOINT: "https://storage.yandexcloud.net",
      S3_BUCKET: "shnor-files",
      S3_ACCESS_KEY_ID: "id",
      S3_SECRET_ACCESS_KEY: "secret",
    });
    expect(full).toMatchObject({ S3_BUCKET: "shnor-files", S3_REGION: "us-east-1" });
  });
});

describe("напоминания", () => {
  it("говорят, сколько отвечено и до какого числа открыта диагностика", () => {
    const text = reminderText("Диагностика", new Date("2026-02-20T12:00:00Z"), "Asia/Yakutsk", 7, 24);
    expect(text).toContain("7 из 24");
    expect(text).toContain("20 февраля");
  });
});
