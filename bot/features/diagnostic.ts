import { Composer, InlineKeyboard, type Context } from "grammy";
import { createConversation, type Conversation } from "@grammyjs/conversations";
import { errorText, levelTitle } from "../../core/messages/ru.ts";
import { isDomainError } from "../../core/errors.ts";
import type { DeficitProfile } from "../../core/diagnostic/profile.ts";
import {
  answerDiagnostic,
  backDiagnostic,
  diagnosticScreen,
  myDeficitProfile,
  type DiagnosticScreen,
} from "../../core/services/diagnostic.ts";
import { canAnswerDiagnostic } from "../../core/access/permissions.ts";
import type { BotContext, BotDeps } from "../context.ts";
import { ru } from "../messages/ru.ts";
import { escapeHtml, miniAppUrl } from "../ui.ts";

/**
 * The teacher deficit diagnostic in chat. The conversation holds one step at most: it waits for one
 * answer button, saves it through the core service, edits the message into the next question and
 * rewinds to its checkpoint. The truth is in the Answer table, so a restart, a lost conversation or
 * an old button all land on the question the core computes.
 */
export const DIAGNOSTIC = "diagnostic";

type Action = { kind: "answer"; questionId: string; value: number } | { kind: "back"; questionId: string };

/** Callback data: `dg:a:<questionId>:<value>` and `dg:b:<questionId>` (well under Telegram's 64 bytes). */
export function parseAction(data: string | undefined): Action | null {
  const match = data?.match(/^dg:(a|b):([a-z0-9_]{1,32})(?::(-?\d{1,3}))?$/);
  if (!match) return null;
  if (match[1] === "a" && match[3] !== undefined) return { kind: "answer", questionId: match[2]!, value: Number(match[3]) };
  if (match[1] === "b" && match[3] === undefined) return { kind: "back", questionId: match[2]! };
  return null;
}

type StepResult = { ok: true; screen: DiagnosticScreen } | { ok: false; message: string };

async function personIdOf(deps: BotDeps, telegramId: number | undefined): Promise<string | null> {
  if (telegramId === undefined) return null;
  const person = await deps.repo.findPersonByAccount("telegram", String(telegramId));
  return person && canAnswerDiagnostic(person.memberships) && person.consentAt ? person.id : null;
}

async function run(deps: BotDeps, personId: string, action: Action | null): Promise<StepResult> {
  try {
    const screen =
      action === null
        ? await diagnosticScreen(deps, personId)
        : action.kind === "answer"
          ? await answerDiagnostic(deps, personId, action)
          : await backDiagnostic(deps, personId, { fromQuestionId: action.questionId });
    return { ok: true, screen };
  } catch (error) {
    if (isDomainError(error)) return { ok: false, message: errorText[error.code] };
    throw error;
  }
}

function questionMessage(screen: Extract<DiagnosticScreen, { kind: "question" }>) {
  const lines = [];
  if (screen.intro) lines.push(escapeHtml(screen.intro), "");
  lines.push(`<b>${ru.questionHeader(screen.number, screen.total)}</b>`, `<i>${escapeHtml(screen.areaTitle)}</i>`, "");
  lines.push(escapeHtml(screen.text));
  const keyboard = new InlineKeyboard();
  for (const option of screen.options) {
    const label = option.value === screen.current ? ru.chosen(option.label) : option.label;
    keyboard.text(label, `dg:a:${screen.questionId}:${option.value}`).row();
  }
  if (screen.canGoBack) keyboard.text(ru.back, `dg:b:${screen.questionId}`);
  return { text: lines.join("\n"), keyboard };
}

export function profileMessage(profile: DeficitProfile, publicUrl: string | undefined) {
  const lines = [ru.profileTitle, ""];
  profile.areas.forEach((area, index) => lines.push(ru.profileLine(index + 1, area.title, area.deficit, levelTitle[area.level])));
  const notable = profile.areas.filter((area) => area.level !== "none").slice(0, 3);
  if (notable.length) {
    lines.push("", ru.profileAdvice);
    for (const area of notable) lines.push(`• ${area.title}: ${area.advice}`);
  }
  lines.push("", ru.profileFooter);
  const url = miniAppUrl({ publicUrl });
  return { text: lines.join("\n"), keyboard: url ? new InlineKeyboard().webApp(ru.openApp, url) : undefined };
}

/** Shows a screen: edits the message with the pressed button, or sends a new one. */
async function show(ctx: Context, screen: DiagnosticScreen, publicUrl: string | undefined, edit: boolean) {
  if (screen.kind === "no_campaign") {
    await ctx.reply(errorText.no_open_campaign);
    return;
  }
  if (screen.kind === "complete") {
    if (edit) await ctx.editMessageText(ru.diagnosticDone).catch(() => undefined);
    else await ctx.reply(ru.diagnosticDone);
    const { text, keyboard } = profileMessage(screen.profile, publicUrl);
    await ctx.reply(text, keyboard ? { reply_markup: keyboard } : {});
    return;
  }
  const { text, keyboard } = questionMessage(screen);
  if (edit) {
    // "message is not modified" (the same screen twice) is harmless.
    await ctx.editMessageText(text, { parse_mode: "HTML", reply_markup: keyboard }).catch(() => undefined);
  } else {
    await ctx.reply(text, { parse_mode: "HTML", reply_markup: keyboard });
  }
}

const isAnswerCallback = (ctx: Context) => parseAction(ctx.callbackQuery?.data) !== null;

export function diagnosticConversation(deps: BotDeps) {
  return async function diagnostic(conversation: Conversation<BotContext, Context>, ctx: Context) {
    const personId = await conversation.external(() => personIdOf(deps, ctx.from?.id));
    if (!personId) {
      await ctx.reply(ru.onlyTeachers);
      return;
    }
    // The update that entered: a command or menu button (show where the teacher is), or a stray
    // answer button from an older message (apply it).
    const entry = parseAction(ctx.callbackQuery?.data);
    const first = await conversation.external(() => run(deps, personId, entry));
    if (entry) await ctx.answerCallbackQuery(first.ok ? {} : { text: first.message, show_alert: true });
    if (!first.ok) return;
    await show(ctx, first.screen, deps.publicUrl, entry !== null);
    if (first.screen.kind !== "question") return;

    const loop = conversation.checkpoint();
    // Anything but an answer button (a command, text) goes on to the rest of the bot.
    const answer = await conversation.waitUntil(isAnswerCallback, { next: true });
    const action = parseAction(answer.callbackQuery?.data)!;
    const result = await conversation.external(() => run(deps, personId, action));
    await answer.answerCallbackQuery(result.ok ? {} : { text: result.message, show_alert: true });
    if (result.ok) {
      await show(answer, result.screen, deps.publicUrl, true);
      if (result.screen.kind !== "question") return;
    }
    await conversation.rewind(loop);
  };
}

export function diagnosticFeature(deps: BotDeps) {
  const feature = new Composer<BotContext>();
  feature.use(createConversation(diagnosticConversation(deps), DIAGNOSTIC));

  const enter = async (ctx: BotContext) => {
    if (!ctx.person || !canAnswerDiagnostic(ctx.person.memberships)) return ctx.reply(ru.onlyTeachers);
    // Asking again shows the current question as a new message.
    if (ctx.conversation.active(DIAGNOSTIC)) await ctx.conversation.exit(DIAGNOSTIC);
    await ctx.conversation.enter(DIAGNOSTIC);
  };
  feature.command("diagnostic", enter);
  feature.callbackQuery("menu:diagnostic", async (ctx) => {
    await ctx.answerCallbackQuery();
    await enter(ctx);
  });
  // An answer button pressed while no conversation waits (finished, or its state was cleared).
  feature.callbackQuery(/^dg:/, async (ctx) => {
    if (!ctx.person || !canAnswerDiagnostic(ctx.person.memberships)) {
      return ctx.answerCallbackQuery({ text: ru.onlyTeachers, show_alert: true });
    }
    await ctx.conversation.enter(DIAGNOSTIC);
  });

  const profile = async (ctx: BotContext) => {
    if (!ctx.person || !canAnswerDiagnostic(ctx.person.memberships)) return ctx.reply(ru.onlyTeachers);
    const mine = await myDeficitProfile(ctx.deps, ctx.person.id);
    if (!mine) return ctx.reply(ru.profileNone);
    const { text, keyboard } = profileMessage(mine.profile, ctx.deps.publicUrl);
    await ctx.reply(text, keyboard ? { reply_markup: keyboard } : {});
  };
  feature.command("profile", profile);
  feature.callbackQuery("menu:profile", async (ctx) => {
    await ctx.answerCallbackQuery();
    await profile(ctx);
  });
  return feature;
}
