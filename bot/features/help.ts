import { Composer, type Api } from "grammy";
import type { BotCommand } from "grammy/types";
import { ROLES, type Role } from "../../core/roles.ts";
import type { PersonView } from "../../core/services/ports.ts";
import type { BotContext } from "../context.ts";
import { ru } from "../messages/ru.ts";
import { mainMenu } from "../ui.ts";

/** /help written per role: a person with two roles gets both sections. */
export function helpText(person: PersonView | null): string {
  if (!person || !person.memberships.some((membership) => membership.active)) {
    return `${ru.help.stranger}\n\n${ru.help.common}`;
  }
  const roles = ROLES.filter((role) => person.memberships.some((membership) => membership.active && membership.role === role));
  return [...roles.map((role) => ru.help[role]), ru.help.common].join("\n\n");
}

const commandsFor = (roles: readonly Role[]): BotCommand[] => {
  const list: BotCommand[] = [{ command: "start", description: ru.commands.start }];
  if (roles.includes("teacher")) {
    list.push({ command: "diagnostic", description: ru.commands.diagnostic });
    list.push({ command: "profile", description: ru.commands.profile });
  }
  if (roles.includes("district")) list.push({ command: "invite", description: ru.commands.invite });
  if (roles.some((role) => role !== "parent")) list.push({ command: "app", description: ru.commands.app });
  if (roles.length) list.push({ command: "deletedata", description: ru.commands.deletedata });
  list.push({ command: "help", description: ru.commands.help });
  return list;
};

/**
 * Sets the command menu; a server that lacks the method (an emulator, an old self-hosted Bot API)
 * must not stop the bot, so failures are logged and ignored.
 */
export async function setDefaultCommands(api: Api, log: BotContext["deps"]["log"]): Promise<void> {
  try {
    await api.setMyCommands(commandsFor([]), { scope: { type: "default" } });
  } catch (error) {
    log.warn({ err: String(error) }, "setMyCommands (default scope) is not available; continuing");
  }
}

export async function setChatCommands(ctx: BotContext, person: PersonView): Promise<void> {
  if (!ctx.chat) return;
  const roles = person.memberships.filter((membership) => membership.active).map((membership) => membership.role);
  try {
    await ctx.api.setMyCommands(commandsFor(roles), { scope: { type: "chat", chat_id: ctx.chat.id } });
  } catch (error) {
    ctx.deps.log.warn({ err: String(error) }, "setMyCommands (chat scope) is not available; continuing");
  }
}

export const help = new Composer<BotContext>();

help.command("help", async (ctx) => {
  const keyboard = ctx.person ? mainMenu(ctx.deps, ctx.person) : undefined;
  await ctx.reply(helpText(ctx.person), keyboard ? { reply_markup: keyboard } : {});
});

help.command("app", async (ctx) => {
  const keyboard = ctx.person ? mainMenu(ctx.deps, ctx.person) : undefined;
  if (!ctx.person) return ctx.reply(ru.welcomeStranger);
  if (!keyboard || !keyboard.inline_keyboard.flat().some((button) => "web_app" in button)) {
    return ctx.reply(ru.appNotConfigured);
  }
  await ctx.reply(ru.appIntro, { reply_markup: keyboard });
});
