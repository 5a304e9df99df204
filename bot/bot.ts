import { Bot, type ApiClientOptions } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import { autoRetry } from "@grammyjs/auto-retry";
import { conversations } from "@grammyjs/conversations";
import { PrismaAdapter } from "@grammyjs/storage-prisma";
import type { BotContext, BotDeps } from "./context.ts";
import { admin } from "./features/admin.ts";
import { DIAGNOSTIC, diagnosticFeature } from "./features/diagnostic.ts";
import { help } from "./features/help.ts";
import { accountOf, consentGate, onboarding } from "./features/onboarding.ts";
import { ru } from "./messages/ru.ts";

export interface BotOptions {
  botInfo?: UserFromGetMe;
  client?: ApiClientOptions;
}

/** Remembers recent update ids: an emulator or a redelivered webhook may send one twice. */
function recentUpdates(limit = 2000) {
  const seen = new Set<number>();
  return (updateId: number) => {
    if (seen.has(updateId)) return true;
    seen.add(updateId);
    if (seen.size > limit) seen.delete(seen.values().next().value!);
    return false;
  };
}

export function createBot(token: string, deps: BotDeps, options: BotOptions = {}): Bot<BotContext> {
  const bot = new Bot<BotContext>(token, { botInfo: options.botInfo, client: options.client });
  // 429 with retry_after and transient network errors are retried instead of failing the handler.
  bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 60 }));

  const seen = recentUpdates();
  bot.use(async (ctx, next) => {
    if (seen(ctx.update.update_id)) return;
    ctx.deps = deps;
    ctx.person = null;
    const account = accountOf(ctx);
    if (account) {
      ctx.person = await deps.repo.findPersonByAccount("telegram", account.externalId);
      if (ctx.person) await deps.repo.touchAccount(account, deps.clock.now());
    }
    await next();
  });

  bot.use(
    conversations<BotContext, BotContext>({
      storage: { type: "key", version: 1, prefix: "conv:", adapter: new PrismaAdapter(deps.sessions) },
    }),
  );
  bot.use(onboarding);
  bot.use(help);
  bot.use(consentGate);
  bot.use(diagnosticFeature(deps));
  bot.use(admin);
  bot.on("callback_query", (ctx) => ctx.answerCallbackQuery());
  bot.on("message", (ctx) => ctx.reply(ctx.conversation.active(DIAGNOSTIC) ? ru.answerHint : ru.unknownText));

  bot.catch(async (error) => {
    deps.log.error({ err: error.error instanceof Error ? error.error.stack : String(error.error), update: error.ctx.update.update_id }, "bot handler failed");
    await error.ctx.reply(ru.error).catch(() => undefined);
  });
  return bot;
}
