// Pieces every journey uses: places, the main menu, the command menu, help per role.
import { hasRole } from "../access/permissions.ts";
import { ru } from "../messages/bot.ts";
import { roleTitle } from "../messages/ru.ts";
import { ROLES, type Role } from "../roles.ts";
import type { MembershipDetail, PersonView } from "../services/ports.ts";
import type { Button, CommandSpec, Screen, Turn } from "./types.ts";

export const escapeHtml = (text: string) => text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");

export const placeOf = (membership: Pick<MembershipDetail, "schoolName" | "districtName">) =>
  membership.schoolName ? `${membership.schoolName}, ${membership.districtName}` : membership.districtName;

export const formatDate = (date: Date, timezone: string) =>
  new Intl.DateTimeFormat("ru-RU", { timeZone: timezone, day: "numeric", month: "long", year: "numeric" }).format(date);

export function send(turn: Turn, screen: Screen): void {
  turn.effects.push({ kind: "send", screen });
}
export function edit(turn: Turn, screen: Screen): void {
  turn.effects.push({ kind: "edit", screen });
}
export function ack(turn: Turn, text?: string, alert = false): void {
  turn.effects.push(text ? { kind: "ack", text, alert } : { kind: "ack" });
}

const activeRoles = (person: PersonView | null): Role[] =>
  person ? ROLES.filter((role) => person.memberships.some((membership) => membership.active && membership.role === role)) : [];

const seesApp = (person: PersonView) => person.memberships.some((membership) => membership.active && membership.role !== "parent");

/** Buttons under a greeting: the teacher's journeys and the Mini App. */
export function mainMenu(turn: Turn, person: PersonView): Button[][] {
  const rows: Button[][] = [];
  if (hasRole(person.memberships, "teacher")) {
    rows.push([{ kind: "action", text: ru.startDiagnostic, data: "menu:diagnostic" }]);
    rows.push([{ kind: "action", text: ru.myProfile, data: "menu:profile" }]);
  }
  if (turn.channel.appAvailable && seesApp(person)) rows.push([{ kind: "app", text: ru.openApp }]);
  return rows;
}

export const multiChannel = (turn: Turn) => Object.keys(turn.channel.startLinks).length > 1;

export function helpText(turn: Turn, person: PersonView | null): string {
  const roles = activeRoles(person);
  if (!roles.length) return `${ru.help.stranger}\n\n${ru.help.common}`;
  const parts = [...roles.map((role) => ru.help[role]), ru.help.common];
  if (multiChannel(turn)) parts.push(ru.help.link);
  return parts.join("\n\n");
}

export const commandsFor = (turn: Turn, person: PersonView | null): CommandSpec[] =>
  commandList(activeRoles(person), multiChannel(turn));

/** The command menu for these roles; `linkable` when a second messenger is there to link. */
export function commandList(roles: readonly Role[], linkable: boolean): CommandSpec[] {
  const list: CommandSpec[] = [{ command: "start", description: ru.commands.start }];
  if (roles.includes("teacher")) {
    list.push({ command: "diagnostic", description: ru.commands.diagnostic });
    list.push({ command: "profile", description: ru.commands.profile });
  }
  if (roles.includes("district")) list.push({ command: "invite", description: ru.commands.invite });
  if (roles.some((role) => role !== "parent")) list.push({ command: "app", description: ru.commands.app });
  if (roles.length && linkable) list.push({ command: "link", description: ru.commands.link });
  if (roles.length) list.push({ command: "deletedata", description: ru.commands.deletedata });
  list.push({ command: "help", description: ru.commands.help });
  return list;
}

export function greet(turn: Turn, person: PersonView) {
  const buttons = mainMenu(turn, person);
  send(turn, { text: ru.welcomeBack(person.displayName), ...(buttons.length ? { buttons } : {}) });
}

export const roleAndPlace = (membership: MembershipDetail) => ({ role: roleTitle[membership.role], place: placeOf(membership) });
