// Pieces every journey uses: places, effects, once-only buttons, the greeting with the main menu.
import { ru } from "../messages/bot.ts";
import { ROLES, type Role } from "../roles.ts";
import type { MembershipDetail, PersonView } from "../services/ports.ts";
import type { Screen, Turn } from "./types.ts";

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

export const activeRoles = (person: PersonView | null): Role[] =>
  person ? ROLES.filter((role) => person.memberships.some((membership) => membership.active && membership.role === role)) : [];

export const multiChannel = (turn: Turn) => Object.keys(turn.channel.startLinks).length > 1;

export const roleAndPlace = (membership: MembershipDetail) => ({ role: ru.roleName[membership.role], place: placeOf(membership) });

/** Separates button data from the once-only mark that `onceData` adds. */
export const ONCE_MARK = "~";

/**
 * Button data for an action with a side effect (an invite, consent): the engine lets the first press
 * of any button of this message through, and a double tap or a stale copy only acknowledges.
 */
export function onceData(turn: Turn, data: string, nonce = makeNonce(turn)): string {
  return `${data}${ONCE_MARK}${nonce}`;
}

/** One nonce for all buttons of one message: choosing one of them uses up the others. */
export function makeNonce(turn: Turn): string {
  return [...turn.deps.randomBytes(6)].map((byte) => byte.toString(36).padStart(2, "0")).join("").slice(0, 10);
}

/**
 * Marks a change made by this turn for the audit log (#16): what (an action of the log), the command
 * or button it came from, and where. The engine appends it after the turn; never the message text.
 */
export function auditChange(
  turn: Turn,
  action: import("../services/audit.ts").AuditAction,
  target: string,
  districtId: string | null,
  schoolId: string | null = null,
): void {
  (turn.audits ??= []).push({ action, target, districtId, schoolId });
}

/**
 * Marks a change to one record (a recommendation, a roadmap event, a visit…) whose district and school
 * the audit log looks up itself, as it does for the Mini App route that makes the same change.
 */
export function auditRecordChange(
  turn: Turn,
  action: import("../services/audit.ts").AuditAction,
  target: string,
  subject: import("../services/audit.ts").AuditSubject,
): void {
  (turn.audits ??= []).push({ action, target, districtId: null, schoolId: null, subject });
}
