// Rendering helpers shared by the bot's features: keyboards, places, the Mini App button.
import { InlineKeyboard } from "grammy";
import { roleTitle } from "../core/messages/ru.ts";
import { hasRole } from "../core/access/permissions.ts";
import type { MembershipDetail, PersonView } from "../core/services/ports.ts";
import type { BotDeps } from "./context.ts";
import { ru } from "./messages/ru.ts";

export const escapeHtml = (text: string) => text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");

export const placeOf = (membership: Pick<MembershipDetail, "schoolName" | "districtName">) =>
  membership.schoolName ? `${membership.schoolName}, ${membership.districtName}` : membership.districtName;

export const describeMembership = (membership: MembershipDetail) => ({
  role: roleTitle[membership.role],
  place: placeOf(membership),
});

/** Telegram opens Mini Apps only over HTTPS. */
export const miniAppUrl = (deps: Pick<BotDeps, "publicUrl">) =>
  deps.publicUrl && deps.publicUrl.startsWith("https://") ? deps.publicUrl : undefined;

export function mainMenu(deps: BotDeps, person: PersonView): InlineKeyboard | undefined {
  const keyboard = new InlineKeyboard();
  let rows = 0;
  if (hasRole(person.memberships, "teacher")) {
    keyboard.text(ru.startDiagnostic, "menu:diagnostic").row().text(ru.myProfile, "menu:profile").row();
    rows += 2;
  }
  const url = miniAppUrl(deps);
  const seesApp = person.memberships.some((membership) => membership.active && membership.role !== "parent");
  if (url && seesApp) {
    keyboard.webApp(ru.openApp, url);
    rows += 1;
  }
  return rows ? keyboard : undefined;
}

export const formatDate = (date: Date, timezone: string) =>
  new Intl.DateTimeFormat("ru-RU", { timeZone: timezone, day: "numeric", month: "long", year: "numeric" }).format(date);
