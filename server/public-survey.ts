// The plain web page of anonymous surveys (#13): a parent or a student opens /s/<token> (the school's
// link or QR code), types the class code, answers one question per page and reads «Спасибо». No
// messenger, no JavaScript, no init data: server-rendered HTML that works on an old phone. Mounted in
// miniapp/api/app.ts before the init-data check.
//
// The browser's session is a random cookie (HttpOnly, SameSite=Lax, path /s/); the database maps
// sha256("web:<cookie>") to the class code (AnonymousSession), deleted when the response completes,
// so afterwards nothing ties the browser to the answers. Every POST carries a token derived from the
// cookie (a cross-site form cannot know it) and must come from this origin when the browser says so.
import { randomBytes } from "node:crypto";
import type { Context, Hono } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { questionType, type Question } from "../core/instruments/schema.ts";
import { anonymousText } from "../core/messages/anonymous.ts";
import { formatNumber, surveyText } from "../core/messages/survey.ts";
import {
  accountKey,
  checkCode,
  codeRefusal,
  codeWho,
  openLink,
  sessionOf,
  sha256Hex,
  startWithCode,
  type AnonymousDeps,
} from "../core/services/anonymous.ts";
import type { ClassCodeRecord, SurveyLinkRecord } from "../core/services/anonymous-ports.ts";
import type { Clock, Repository } from "../core/services/ports.ts";
import type { SurveysContext } from "../core/services/surveys-context.ts";
import { answerQuestion, answerTyped, goBack, skipQuestion, surveyView, type SurveyStep, type SurveyView } from "../core/services/survey.ts";
import { answerButtons, answerHint } from "../core/survey/runner.ts";
import type { AnswerValue } from "../core/survey/answers.ts";

export interface PublicSurveyDeps {
  surveys: Pick<SurveysContext, "store" | "anonymous">;
  repo: Pick<Repository, "getSchool">;
  clock: Clock;
  log: { error(obj: object, msg?: string): void };
}

const COOKIE = "anon_sid";
const COOKIE_DAYS = 30;
const TOKEN_PATTERN = /^[a-z0-9]{10,40}$/;
const QUESTION_ID = /^[a-z0-9_]{1,32}$/;
const text = anonymousText.web;

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (char) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[char]!);

const CSS = `
*{box-sizing:border-box}
body{margin:0;padding:12px;font-family:Arial,Helvetica,sans-serif;font-size:18px;line-height:1.4;color:#111;background:#fff;max-width:640px;margin:0 auto}
h1{font-size:22px;margin:8px 0 12px}
.muted{color:#555;font-size:15px}
.problem{border:2px solid #b00020;color:#b00020;padding:8px 10px;margin:10px 0;font-weight:bold}
.opt{display:block;border:1px solid #888;border-radius:6px;padding:12px;margin:8px 0}
.opt input{margin-right:10px;transform:scale(1.3)}
input[type=text],textarea{width:100%;font-size:20px;padding:10px;border:1px solid #555;border-radius:6px}
textarea{min-height:120px}
button{font-size:18px;padding:12px 16px;margin:6px 6px 6px 0;border-radius:6px;border:1px solid #333;background:#eee}
button.main{background:#1a5fb4;color:#fff;border-color:#1a5fb4;font-weight:bold}
.q{font-size:20px;font-weight:bold;margin:10px 0}
.help{font-size:15px;color:#333;background:#f3f3f3;padding:8px;border-radius:6px}
`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="ru">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>${CSS}</style>
</head>
<body>
${body}
</body>
</html>`;
}

const html = (c: Context, body: string, status: 200 | 403 | 404 | 410 = 200) => {
  c.header("Cache-Control", "no-store");
  c.header("Referrer-Policy", "no-referrer");
  return c.html(body, status);
};

const isHttps = (c: Context) => c.req.url.startsWith("https:") || c.req.header("x-forwarded-proto") === "https";

/** The browser's random session id; a new one is set when absent or malformed. */
function sessionId(c: Context): string {
  const existing = getCookie(c, COOKIE);
  if (existing && /^[A-Za-z0-9_-]{32,64}$/.test(existing)) return existing;
  const fresh = randomBytes(24).toString("base64url");
  setCookie(c, COOKIE, fresh, { path: "/s/", httpOnly: true, sameSite: "Lax", secure: isHttps(c), maxAge: COOKIE_DAYS * 86_400 });
  return fresh;
}

const csrfToken = async (sid: string) => (await sha256Hex(`csrf:${sid}`)).slice(0, 32);

/** Same-origin POST with the session's token: a form on another site has neither. */
async function trusted(c: Context, form: Record<string, unknown>): Promise<string | null> {
  const sid = getCookie(c, COOKIE);
  if (!sid || typeof form.csrf !== "string" || form.csrf !== (await csrfToken(sid))) return null;
  const origin = c.req.header("origin");
  if (origin && origin !== "null") {
    let host: string;
    try {
      host = new URL(origin).host;
    } catch {
      return null;
    }
    const hosts = [c.req.header("host"), c.req.header("x-forwarded-host"), new URL(c.req.url).host].filter(Boolean);
    if (!hosts.includes(host)) return null;
  }
  return sid;
}

function codeForm(token: string, csrf: string, heading: string, problem: string | null, intro: string | null): string {
  return page(
    text.pageTitle,
    `<h1>${escapeHtml(heading)}</h1>
${intro ? `<p>${escapeHtml(intro)}</p>` : ""}
<p class="muted">${escapeHtml(anonymousText.privacy)}</p>
${problem ? `<p class="problem" role="alert">${escapeHtml(problem)}</p>` : ""}
<form method="post" action="/s/${token}/code">
<input type="hidden" name="csrf" value="${csrf}">
<label for="code">${escapeHtml(text.codeLabel)}</label>
<input id="code" type="text" name="code" autocomplete="off" autocapitalize="characters" spellcheck="false" maxlength="20" required>
<p><button class="main" type="submit">${escapeHtml(text.codeButton)}</button></p>
</form>`,
  );
}

const message = (title: string, body: string) => page(title, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(body)}</p>`);

function currentText(question: Question, current: AnswerValue | undefined): string {
  if (!current) return "";
  if (current.kind === "number" && questionType(question) === "number") return formatNumber(current.value);
  if (current.kind === "text") return current.value;
  return "";
}

function questionPage(token: string, csrf: string, view: Extract<SurveyView, { kind: "question" }>, problem: string | null): string {
  const { position, campaign } = view;
  const question = position.question;
  const buttons = answerButtons(campaign.instrument, question);
  const hint = answerHint(question);
  const current = position.current as AnswerValue | undefined;
  let field: string;
  if (buttons) {
    const picked = (value: number) =>
      current?.kind === "int" ? current.value === value : current?.kind === "ints" ? current.values.includes(value) : false;
    field = buttons.options
      .map(
        (option) =>
          `<label class="opt"><input type="${buttons.multiple ? "checkbox" : "radio"}" name="v" value="${option.value}"${picked(option.value) ? " checked" : ""}>${escapeHtml(option.label)}</label>`,
      )
      .join("\n");
  } else if (questionType(question) === "number") {
    field = `<input type="text" inputmode="decimal" name="v" autocomplete="off" value="${escapeHtml(currentText(question, current))}">`;
  } else {
    const maxLength = question.type === "text" ? question.maxLength : 500;
    field = `<textarea name="v" maxlength="${maxLength * 2}">${escapeHtml(currentText(question, current))}</textarea>`;
  }
  const extra = [
    buttons?.unsure ? `<button type="submit" name="action" value="unsure">${escapeHtml(text.unsure)}</button>` : "",
    position.canSkip ? `<button type="submit" name="action" value="skip">${escapeHtml(text.skip)}</button>` : "",
    position.canGoBack ? `<button type="submit" name="action" value="back">${escapeHtml(text.back)}</button>` : "",
  ].join("");
  return page(
    text.pageTitle,
    `<p class="muted">${escapeHtml(campaign.title)} · ${escapeHtml(anonymousText.questionHeader(position.number, position.total))}</p>
${view.intro && position.number === 1 && !current ? `<p>${escapeHtml(view.intro)}</p>` : ""}
<p class="muted">${escapeHtml(view.areaTitle)}</p>
<form method="post" action="/s/${token}/answer">
<input type="hidden" name="csrf" value="${csrf}">
<input type="hidden" name="q" value="${escapeHtml(question.id)}">
<p class="q">${escapeHtml(question.text)}${position.canSkip ? ` <span class="muted">(${escapeHtml(text.optional)})</span>` : ""}</p>
${question.help ? `<p class="help">${escapeHtml(question.help)}</p>` : ""}
${hint ? `<p class="muted">${escapeHtml(hint)}</p>` : ""}
${problem ? `<p class="problem" role="alert">${escapeHtml(problem)}</p>` : ""}
${field}
<p><button class="main" type="submit" name="action" value="next">${escapeHtml(text.next)}</button>${extra}</p>
</form>`,
  );
}

type Resolved =
  | { kind: "page"; response: Response }
  | { kind: "ready"; link: SurveyLinkRecord; code: ClassCodeRecord; sid: string; csrf: string; key: string };

/**
 * Mounts GET /s/:token, POST /s/:token/code, POST /s/:token/answer and GET /s/:token/done. Answers go
 * through core/services/survey.ts with the class code as `who`, source "web".
 */
export function registerPublicSurvey(app: Hono<any>, deps: PublicSurveyDeps) {
  const anonymous: AnonymousDeps = { ...deps, randomBytes: (size) => new Uint8Array(randomBytes(size)) };

  /** The link's state as a page when it cannot be answered (unknown, closed, not yet open). */
  async function linkOrPage(c: Context, token: string) {
    const state = await openLink(anonymous, token);
    if (state.kind === "not_found") return { page: html(c, message(text.notFoundTitle, anonymousText.linkNotFound), 404) };
    if (state.kind === "closed") {
      return {
        page: state.notYet
          ? html(c, message(text.notYetTitle, anonymousText.campaignNotYet))
          : html(c, message(text.closedTitle, anonymousText.campaignClosed), 410),
      };
    }
    return { state };
  }

  /** The link, open, and this browser's code for it; otherwise the page to show. */
  async function resolve(c: Context, token: string, sidKnown?: string): Promise<Resolved> {
    const found = await linkOrPage(c, token);
    if (found.page) return { kind: "page", response: found.page };
    const { link, campaign } = found.state;
    const sid = sidKnown ?? sessionId(c);
    const csrf = await csrfToken(sid);
    const key = await accountKey("web", sid);
    const session = await sessionOf(anonymous, key);
    if (session?.kind === "code" && session.code.campaignId === link.campaignId && session.code.schoolId === link.schoolId) {
      return { kind: "ready", link, code: session.code, sid, csrf, key };
    }
    const heading = `${campaign.title}${found.state.schoolName ? ` — ${found.state.schoolName}` : ""}`;
    return { kind: "page", response: html(c, codeForm(token, csrf, heading, null, campaign.instrument.intro)) };
  }

  const survey = { surveys: deps.surveys, clock: deps.clock };

  /** A page of the view; after a POST taken without a problem, a redirect to GET /s/:token (a reload sends nothing twice). */
  async function show(
    c: Context,
    token: string,
    ready: Extract<Resolved, { kind: "ready" }>,
    step: SurveyStep | SurveyView,
    problem: string | null = null,
    posted = true,
  ): Promise<Response> {
    if (step.kind === "problem") {
      const view = await surveyView(survey, ready.link.campaignId, codeWho(ready.code));
      return show(c, token, ready, view, step.message, false);
    }
    if (step.kind === "question") {
      if (posted && !problem) return c.redirect(`/s/${token}`, 303);
      return html(c, questionPage(token, ready.csrf, step, problem));
    }
    if (step.kind === "complete") return c.redirect(`/s/${token}/done`, 303);
    return html(c, message(text.closedTitle, anonymousText.campaignClosed), 410);
  }

  app.get("/s/:token", async (c) => {
    const token = c.req.param("token");
    if (!TOKEN_PATTERN.test(token)) return html(c, message(text.notFoundTitle, anonymousText.linkNotFound), 404);
    const ready = await resolve(c, token);
    if (ready.kind === "page") return ready.response;
    return show(c, token, ready, await surveyView(survey, ready.link.campaignId, codeWho(ready.code)), null, false);
  });

  app.get("/s/:token/done", (c) => html(c, message(text.thanksTitle, text.thanks)));

  app.post("/s/:token/code", async (c) => {
    const token = c.req.param("token");
    if (!TOKEN_PATTERN.test(token)) return html(c, message(text.notFoundTitle, anonymousText.linkNotFound), 404);
    const form = await c.req.parseBody();
    const sid = await trusted(c, form);
    if (!sid) return html(c, message(text.pageTitle, text.forbidden), 403);
    const found = await linkOrPage(c, token);
    if (found.page) return found.page;
    const { link, campaign, schoolName } = found.state;
    const csrf = await csrfToken(sid);
    const checked = await checkCode(anonymous, link, typeof form.code === "string" ? form.code : "");
    if (checked.kind !== "ok") {
      const heading = `${campaign.title}${schoolName ? ` — ${schoolName}` : ""}`;
      return html(c, codeForm(token, csrf, heading, codeRefusal(checked.kind), null));
    }
    await startWithCode(anonymous, await accountKey("web", sid), checked.code);
    return c.redirect(`/s/${token}`, 303);
  });

  app.post("/s/:token/answer", async (c) => {
    const token = c.req.param("token");
    if (!TOKEN_PATTERN.test(token)) return html(c, message(text.notFoundTitle, anonymousText.linkNotFound), 404);
    const form = await c.req.parseBody({ all: true });
    const sid = await trusted(c, form);
    if (!sid) return html(c, message(text.pageTitle, text.forbidden), 403);
    const ready = await resolve(c, token, sid);
    if (ready.kind === "page") return ready.response;
    const questionId = typeof form.q === "string" && QUESTION_ID.test(form.q) ? form.q : null;
    if (!questionId) return c.redirect(`/s/${token}`, 303);
    const campaignId = ready.link.campaignId;
    const who = codeWho(ready.code);
    const action = form.action;
    const values = (Array.isArray(form.v) ? form.v : form.v === undefined ? [] : [form.v]).filter((value): value is string => typeof value === "string");
    if (action === "back") return show(c, token, ready, await goBack(survey, campaignId, who, questionId));
    if (action === "skip") return show(c, token, ready, await skipQuestion(survey, campaignId, who, questionId, "web"));
    if (action === "unsure") return show(c, token, ready, await answerQuestion(survey, campaignId, who, questionId, { kind: "unsure" }, "web"));
    const campaign = await deps.surveys.store.getCampaign(campaignId);
    const question = campaign?.instrument.questions.find((candidate) => candidate.id === questionId);
    if (!campaign || !question) return c.redirect(`/s/${token}`, 303);
    const type = questionType(question);
    if (type === "number" || type === "text") {
      return show(c, token, ready, await answerTyped(survey, campaignId, who, questionId, values[0] ?? "", "web"));
    }
    const numbers = values.filter((value) => /^-?\d{1,6}$/.test(value)).map(Number);
    if (type === "multiple") {
      return show(c, token, ready, await answerQuestion(survey, campaignId, who, questionId, { kind: "ints", values: numbers }, "web"));
    }
    if (numbers.length !== 1) {
      const view = await surveyView(survey, campaignId, who);
      return show(c, token, ready, view, view.kind === "question" && view.position.question.id === questionId ? surveyText.problems.requiredChoice : null, false);
    }
    return show(c, token, ready, await answerQuestion(survey, campaignId, who, questionId, { kind: "int", value: numbers[0]! }, "web"));
  });
}
