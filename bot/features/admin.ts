import { Composer, InlineKeyboard } from "grammy";
import { errorText, roleTitle } from "../../core/messages/ru.ts";
import { isDomainError } from "../../core/errors.ts";
import { canManageDistrict } from "../../core/access/permissions.ts";
import { ROLES, isRole } from "../../core/roles.ts";
import { createInvite } from "../../core/services/onboarding.ts";
import type { BotContext } from "../context.ts";
import { ru } from "../messages/ru.ts";
import { formatDate } from "../ui.ts";

/** Invites from the bot for district staff: /invite → role → school → link. */
export const admin = new Composer<BotContext>();

const districtOf = (ctx: BotContext) =>
  ctx.person?.memberships.find((membership) => membership.active && membership.role === "district")?.districtId;

export const startLink = (botUsername: string, code: string) => `https://t.me/${botUsername}?start=${code}`;

admin.command("invite", async (ctx) => {
  if (!districtOf(ctx)) return ctx.reply(ru.onlyDistrict);
  const keyboard = new InlineKeyboard();
  ROLES.forEach((role, index) => {
    keyboard.text(roleTitle[role], `inv:r:${role}`);
    if (index % 2 === 1) keyboard.row();
  });
  await ctx.reply(ru.inviteChooseRole, { reply_markup: keyboard });
});

async function issue(ctx: BotContext, role: (typeof ROLES)[number], schoolId: string | null) {
  const districtId = districtOf(ctx);
  if (!districtId || !ctx.person || !canManageDistrict(ctx.person.memberships, districtId)) {
    return ctx.reply(ru.onlyDistrict);
  }
  try {
    const invite = await createInvite(ctx.deps, ctx.person, { role, districtId, schoolId });
    const school = schoolId ? await ctx.deps.repo.getSchool(schoolId) : null;
    const district = ctx.person.memberships.find((membership) => membership.districtId === districtId)!.districtName;
    await ctx.reply(
      ru.inviteCreated(
        roleTitle[role],
        school ? `${school.name}, ${district}` : district,
        startLink(ctx.me.username, invite.code),
        invite.code,
        formatDate(invite.expiresAt, ctx.deps.timezone),
        invite.maxUses,
      ),
      { link_preview_options: { is_disabled: true } },
    );
  } catch (error) {
    if (isDomainError(error)) return ctx.reply(errorText[error.code]);
    throw error;
  }
}

admin.callbackQuery(/^inv:r:([a-z]+)$/, async (ctx) => {
  await ctx.answerCallbackQuery();
  const role = ctx.match[1]!;
  const districtId = districtOf(ctx);
  if (!districtId || !isRole(role)) return ctx.reply(ru.onlyDistrict);
  if (role === "district") return issue(ctx, role, null);
  const schools = await ctx.deps.repo.listSchools([districtId]);
  if (!schools.length) return ctx.reply(ru.inviteNoSchools);
  const keyboard = new InlineKeyboard();
  for (const school of schools) keyboard.text(school.name.slice(0, 60), `inv:s:${role}:${school.id}`).row();
  await ctx.editMessageText(`${ru.inviteChooseSchool} (${roleTitle[role]})`, { reply_markup: keyboard });
});

admin.callbackQuery(/^inv:s:([a-z]+):([a-z0-9]{1,40})$/, async (ctx) => {
  await ctx.answerCallbackQuery();
  const role = ctx.match[1]!;
  if (!isRole(role)) return ctx.reply(ru.onlyDistrict);
  await ctx.editMessageReplyMarkup().catch(() => undefined);
  await issue(ctx, role, ctx.match[2]!);
});
