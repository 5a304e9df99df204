import { isExpiredError, validate } from "@telegram-apps/init-data-node";
import { z } from "zod";

/**
 * Mini App authentication: the raw init data that Telegram gives the page, signed with the bot
 * token (HMAC-SHA256, key = HMAC("WebAppData", token)), checked on every request, with expiry.
 */
const TelegramUser = z.object({ id: z.number().int().positive(), first_name: z.string().optional() });

export type AuthResult =
  | { ok: true; channel: "telegram"; externalId: string; firstName?: string }
  | { ok: true; channel: "demo"; personId: string }
  | { ok: false; reason: "missing" | "invalid" | "expired" | "malformed" };

export function authenticate(
  header: string | undefined,
  options: { botToken: string; maxAgeSeconds: number; demo: boolean; now?: Date },
): AuthResult {
  if (!header) return { ok: false, reason: "missing" };
  const space = header.indexOf(" ");
  const scheme = space > 0 ? header.slice(0, space).toLowerCase() : "";
  const value = space > 0 ? header.slice(space + 1).trim() : "";
  if (scheme === "demo" && options.demo && /^[a-z0-9]{1,40}$/.test(value)) return { ok: true, channel: "demo", personId: value };
  if (scheme !== "tma" || !value) return { ok: false, reason: "missing" };
  try {
    validate(value, options.botToken, { expiresIn: options.maxAgeSeconds });
  } catch (error) {
    return { ok: false, reason: isExpiredError(error) ? "expired" : "invalid" };
  }
  const user = TelegramUser.safeParse(safeJson(new URLSearchParams(value).get("user")));
  if (!user.success) return { ok: false, reason: "malformed" };
  return { ok: true, channel: "telegram", externalId: String(user.data.id), firstName: user.data.first_name };
}

function safeJson(text: string | null): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
