import { Composer, InlineKeyboard } from "grammy";
import { CONSENT_TEXT, errorText } from "../../core/messages/ru.ts";
import { isDomainError } from "../../core/errors.ts";
import { normalizeCode } from "../../core/invites/codes.ts";
import { forgetPerson, giveConsent, needsConsent, redeemInvite } from "../../core/services/onboarding.ts";
import type { AccountRef, PersonView } from "../../core/services/ports.ts";
import type { BotContext } from "../context.ts";
import { ru } from "../messages/ru.ts";
import { describeMembership, mainMenu } from "../ui.ts";
import { setChatCommands } from "./help.ts";

export const accountOf = (ctx: BotContext): AccountRef | null =>
  ctx.from
    ? {
        channel: "telegram",
        externalId: String(ctx.from.id),
        chatId: ctx.chat ? String(ctx.chat.id) : undefined,
        username: ctx.from.username,
        firstName: [ctx.from.first_name, ctx.from.last_name].filter(Boolean).join(" ") || undefined,
      }
    : null;

async function askConsent(ctx: BotContext, person: PersonView) {
  const districtName = person.memberships[0]?.districtName ?? "районный орган управления образованием";
  await ctx.reply(CONSENT_TEXT(districtName), {
    reply_markup: new InlineKeyboard().text(ru.consentAgree, "consent:yes").text(ru.consentDecline, "consent:no"),
  });
}

async function greet(ctx: BotContext, person: PersonView) {
  const keyboard = mainMenu(ctx.deps, person);
  await ctx.reply(ru.welcomeBack(person.displayName), keyboard ? { reply_markup: keyboard } : {});
}

async function join(ctx: BotContext, rawCode: string) {
  const account = accountOf(ctx);
  if (!account) return;
  try {
    const { person, invite, repeated } = await redeemInvite(ctx.deps, rawCode, account);
    ctx.person = person;
    const membership =
      person.memberships.find(
        (candidate) => candidate.role === invite.role && candidate.schoolId === invite.schoolId && candidate.districtId === invite.districtId,
      ) ?? person.memberships[0]!;
    const { role, place } = describeMembership(membership);
    await ctx.reply(repeated ? ru.alreadyJoined(role, place) : ru.joined(role, place));
    if (needsConsent(person)) return askConsent(ctx, person);
    await setChatCommands(ctx, person);
    await greet(ctx, person);
  } catch (error) {
    if (isDomainError(error)) {
      ctx.deps.log.info({ code: error.code, ...error.context }, "invite refused");
      return ctx.reply(errorText[error.code]);
    }
    throw error;
  }
}

export const onboarding = new Composer<BotContext>();

onboarding.command("start", async (ctx) => {
  const payload = ctx.match.trim();
  if (payload) return join(ctx, payload);
  if (!ctx.person) return ctx.reply(ru.welcomeStranger);
  if (needsConsent(ctx.person)) return askConsent(ctx, ctx.person);
  await greet(ctx, ctx.person);
});

onboarding.callbackQuery("consent:yes", async (ctx) => {
  await ctx.answerCallbackQuery();
  if (!ctx.person) return ctx.reply(ru.welcomeStranger);
  if (needsConsent(ctx.person)) {
    await giveConsent(ctx.deps, ctx.person.id);
    ctx.person = { ...ctx.person, consentAt: ctx.deps.clock.now() };
  }
  await ctx.editMessageReplyMarkup().catch(() => undefined);
  await ctx.reply(ru.consentThanks);
  await setChatCommands(ctx, ctx.person);
  await greet(ctx, ctx.person);
});

onboarding.callbackQuery("consent:no", async (ctx) => {
  await ctx.answerCallbackQuery();
  await ctx.editMessageReplyMarkup().catch(() => undefined);
  await ctx.reply(ru.consentDeclined);
});

/** Withdrawal of consent and "delete my data" (152-ФЗ), asked once more before it happens. */
onboarding.command("deletedata", async (ctx) => {
  if (!ctx.person) return ctx.reply(ru.deleteNothing);
  await ctx.reply(ru.deleteAsk, {
    reply_markup: new InlineKeyboard().text(ru.deleteConfirm, "forget:yes").text(ru.deleteCancel, "forget:no"),
  });
});

onboarding.callbackQuery("forget:yes", async (ctx) => {
  await ctx.answerCallbackQuery();
  await ctx.editMessageReplyMarkup().catch(() => undefined);
  if (!ctx.person) return ctx.reply(ru.deleteNothing);
  await forgetPerson(ctx.deps, ctx.person.id);
  ctx.deps.log.info({ personId: ctx.person.id }, "person deleted on request");
  ctx.person = null;
  if (ctx.chat) await ctx.api.deleteMyCommands({ scope: { type: "chat", chat_id: ctx.chat.id } }).catch(() => undefined);
  await ctx.reply(ru.deleteDone);
});

onboarding.callbackQuery("forget:no", async (ctx) => {
  await ctx.answerCallbackQuery();
  await ctx.editMessageReplyMarkup().catch(() => undefined);
  await ctx.reply(ru.deleteCancelled);
});

/** A stranger may type the code from a printed sheet instead of opening the link. */
onboarding.on("message:text", async (ctx, next) => {
  if (!ctx.person && normalizeCode(ctx.message.text)) return join(ctx, ctx.message.text);
  return next();
});

/** Until consent is given, nothing but /start, /help and the consent buttons works. */
export const consentGate = new Composer<BotContext>();
consentGate.use(async (ctx, next) => {
  if (ctx.person && needsConsent(ctx.person)) {
    if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: ru.consentFirst, show_alert: true });
    else await ctx.reply(ru.consentFirst);
    return;
  }
  return next();
});
