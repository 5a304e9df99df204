// The plain web page of anonymous surveys (#13): no messenger, no init data, no JavaScript. A parent
// opens /s/<token>, types the class code, answers one question per page and reads «Спасибо»; the
// session is a cookie, every POST carries its token, a used code and a code of another school are
// refused, a closed campaign says so, and after completion nothing ties the browser to the answers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../prisma/db.ts";
import { accountKey, formatClassCode, hashClassCode } from "../../core/services/anonymous.ts";
import { openTestDatabase } from "../support/db.ts";
import { makeDistrict } from "../support/district.ts";
import { makeTestApi } from "../support/api.ts";
import { issueCodes, openParentCampaign } from "../support/anonymous.ts";

let db: Database;
let app: ReturnType<typeof makeTestApi>;
let token: string;
let codes: string[];
let otherCode: string;
let closedToken: string;

beforeAll(async () => {
  db = await openTestDatabase();
  app = makeTestApi(db);
  const { district, schools } = await makeDistrict(db);
  const campaign = await openParentCampaign(db, district.id);
  const issued = await issueCodes(db, district.id, campaign.id, schools[0]!.id, [{ label: "5А", count: 3 }]);
  token = issued.link.token;
  codes = issued.classes[0]!.codes;
  otherCode = (await issueCodes(db, district.id, campaign.id, schools[1]!.id, [{ label: "6Б", count: 1 }])).classes[0]!.codes[0]!;
  const closed = await openParentCampaign(db, district.id, { opensAt: new Date(Date.now() - 10 * 86_400_000), closesAt: new Date(Date.now() - 86_400_000) });
  closedToken = (await db.prisma.surveyLink.create({ data: { token: "cccccccccccccccc", campaignId: closed.id, schoolId: schools[0]!.id, audience: "parent" } })).token;
});
afterAll(async () => {
  await db?.close();
});

/** A browser without JavaScript: keeps the cookie, follows nothing by itself. */
class Browser {
  cookie = "";
  html = "";
  status = 0;
  location: string | null = null;

  async get(path: string) {
    const response = await app.request(path, { headers: this.cookie ? { cookie: this.cookie } : {} });
    return this.read(response);
  }

  async post(path: string, fields: Array<[string, string]>, headers: Record<string, string> = {}) {
    const body = new URLSearchParams(fields).toString();
    const response = await app.request(path, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", ...(this.cookie ? { cookie: this.cookie } : {}), ...headers },
      body,
    });
    return this.read(response);
  }

  /** Submits the page's form with the hidden fields it carries. */
  async submit(fields: Array<[string, string]>, headers: Record<string, string> = {}) {
    const action = /<form method="post" action="([^"]+)"/.exec(this.html)?.[1];
    if (!action) throw new Error(`no form in: ${this.html.slice(0, 400)}`);
    const hidden = [...this.html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((match) => [match[1]!, match[2]!] as [string, string]);
    await this.post(action, [...hidden, ...fields], headers);
    if (this.status === 303 && this.location) await this.get(this.location);
  }

  private async read(response: Response) {
    const set = response.headers.get("set-cookie");
    if (set) this.cookie = set.split(";")[0]!;
    this.status = response.status;
    this.location = response.headers.get("location");
    this.html = await response.text();
    return this;
  }

  get sid() {
    return this.cookie.split("=")[1]!;
  }
}

const question = (html: string) => /<p class="q">([^<]+)/.exec(html)?.[1] ?? "";

describe("веб-страница анонимного опроса", () => {
  it("без init data и без JavaScript: код → вопросы всех типов по одному → «Спасибо»; код больше не действует", async () => {
    const browser = new Browser();
    await browser.get(`/s/${token}`);
    expect(browser.status).toBe(200);
    expect(browser.html).toContain("Код с листка");
    expect(browser.html).not.toContain("<script");
    expect(browser.cookie).toMatch(/^anon_sid=/);
    await browser.submit([["code", formatClassCode(codes[0]!).toLowerCase()]]);
    expect(question(browser.html)).toBe("Ребёнку безопасно в школе?");
    expect(browser.html).toContain("Вопрос 1 из 6");
    // «Далее» without a choice: the same question with the problem.
    await browser.submit([["action", "next"]]);
    expect(browser.html).toContain("Это обязательный вопрос: выберите ответ.");
    await browser.submit([["action", "unsure"]]);
    expect(question(browser.html)).toBe("Как вы узнаёте об успехах ребёнка?");
    await browser.submit([["action", "next"], ["v", "2"]]);
    expect(question(browser.html)).toBe("В чём вы участвовали в этом году?");
    await browser.submit([["action", "next"], ["v", "1"], ["v", "3"]]);
    await browser.submit([["action", "next"], ["v", "0"]]);
    expect(question(browser.html)).toBe("Чего не хватило?");
    expect(browser.html).toContain("Вопрос 5 из 7");
    await browser.submit([["action", "back"]]);
    expect(question(browser.html)).toBe("Школа помогала вам советом?");
    expect(browser.html).toMatch(/value="0" checked/);

    // The browser closed and opened again: the cookie resumes where it stopped.
    const again = new Browser();
    again.cookie = browser.cookie;
    await again.get(`/s/${token}`);
    expect(question(again.html)).toBe("Школа помогала вам советом?");

    await browser.submit([["action", "next"], ["v", "1"]]);
    await browser.submit([["action", "next"], ["v", "100"]]);
    expect(browser.html).toContain("Число должно быть не больше 40 ч.");
    await browser.submit([["action", "next"], ["v", "12"]]);
    expect(question(browser.html)).toContain("Что ещё сказать школе?");
    await browser.submit([["action", "next"], ["v", "  Спасибо учителям <b>!</b> "]]);
    expect(browser.html).toContain("Спасибо!");

    const response = await db.prisma.response.findFirstOrThrow({ where: { source: "web" }, include: { answers: true } });
    expect(response.completedAt).not.toBeNull();
    expect(response.personId).toBeNull();
    expect(Object.fromEntries(response.answers.map((answer) => [answer.questionId, answer.kind]))).toMatchObject({
      safe: "unsure",
      contact: "int",
      events: "ints",
      helped: "int",
      hours: "number",
      comment: "text",
    });
    expect(response.answers.find((answer) => answer.questionId === "comment")?.text).toBe("Спасибо учителям <b>!</b>");
    expect(response.answers.find((answer) => answer.questionId === "why_not")).toBeUndefined();
    // Nothing ties the browser to the answers any more.
    expect(await db.prisma.anonymousSession.count({ where: { accountKey: await accountKey("web", browser.sid) } })).toBe(0);

    await browser.get(`/s/${token}`);
    expect(browser.html).toContain("Код с листка");
    await browser.submit([["code", codes[0]!]]);
    expect(browser.html).toContain("Этот код уже использован");
  });

  it("код другой школы, выдуманный код и не код — отказ на той же странице", async () => {
    const browser = new Browser();
    await browser.get(`/s/${token}`);
    await browser.submit([["code", otherCode]]);
    expect(browser.html).toContain("выдан для другого опроса или другой школы");
    await browser.submit([["code", "ABCD-EFGH"]]);
    expect(browser.html).toContain("Такого кода нет");
    await browser.submit([["code", "12"]]);
    expect(browser.html).toContain("Это не похоже на код");
  });

  it("POST без токена сессии, с чужим Origin или без cookie отклоняется (CSRF)", async () => {
    const browser = new Browser();
    await browser.get(`/s/${token}`);
    const csrf = /name="csrf" value="([^"]+)"/.exec(browser.html)![1]!;
    await browser.post(`/s/${token}/code`, [["code", codes[1]!]]);
    expect(browser.status).toBe(403);
    await browser.post(`/s/${token}/code`, [["csrf", csrf], ["code", codes[1]!]], { origin: "https://evil.example" });
    expect(browser.status).toBe(403);
    const stranger = new Browser();
    await stranger.post(`/s/${token}/code`, [["csrf", csrf], ["code", codes[1]!]]);
    expect(stranger.status).toBe(403);
    expect(await db.prisma.anonymousSession.count()).toBe(0);
    // The same form from this origin is taken.
    await browser.post(`/s/${token}/code`, [["csrf", csrf], ["code", codes[1]!]], { origin: "http://localhost" });
    expect(browser.status).toBe(303);
  });

  it("неизвестная ссылка — 404, закрытый опрос — «Опрос закрыт», ответы после закрытия не принимаются", async () => {
    const browser = new Browser();
    await browser.get("/s/nosuchtokenhere");
    expect(browser.status).toBe(404);
    expect(browser.html).toContain("Ссылка на опрос не найдена");
    await browser.get(`/s/${closedToken}`);
    expect(browser.status).toBe(410);
    expect(browser.html).toContain("Опрос закрыт");

    const open = new Browser();
    await open.get(`/s/${token}`);
    await open.submit([["code", codes[2]!]]);
    expect(question(open.html)).toBe("Ребёнку безопасно в школе?");
    const link = await db.prisma.surveyLink.findUniqueOrThrow({ where: { token } });
    await db.prisma.campaign.update({ where: { id: link.campaignId }, data: { closedAt: new Date(Date.now() - 1000) } });
    await open.submit([["action", "next"], ["v", "4"]]);
    expect(open.html).toContain("Опрос закрыт");
    const hash = await hashClassCode(codes[2]!);
    expect(await db.prisma.answer.count({ where: { response: { classCode: { codeHash: hash } } } })).toBe(0);
  });
});
