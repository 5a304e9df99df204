import { createHmac, timingSafeEqual } from "node:crypto";
import { isExpiredError, validate } from "@telegram-apps/init-data-node";
import { z } from "zod";
import type { Channel } from "../../core/services/ports.ts";

/**
 * Mini App authentication. Both messengers sign the page's init data the same way: HMAC-SHA256 over
 * the sorted `key=value` lines without `hash`, keyed by HMAC-SHA256("WebAppData", bot token), with
 * `auth_date` for expiry. Telegram's is checked by @telegram-apps/init-data-node; MAX's by
 * `validateMaxInitData` below, against the MAX bot's own token.
 */
const User = z.object({ id: z.number().int().positive(), first_name: z.string().optional() });

export type AuthResult =
  | { ok: true; channel: Channel; externalId: string; firstName?: string }
  | { ok: true; channel: "demo"; personId: string }
  | { ok: false; reason: "missing" | "invalid" | "expired" | "malformed" };

export type InitDataCheck = "ok" | "invalid" | "expired";

/** Clock skew tolerated between the messenger and this server; a later `auth_date` is forged or broken. */
export const MAX_FUTURE_SKEW_SECONDS = 60;

/** `auth_date` in milliseconds from the epoch (given in seconds, or in milliseconds as some MAX clients do). */
function issuedAtMs(authDate: number): number {
  return authDate > 1e12 ? authDate : authDate * 1000;
}

const fromTheFuture = (issuedMs: number, now: Date) => issuedMs - now.getTime() > MAX_FUTURE_SKEW_SECONDS * 1000;

export function validateMaxInitData(raw: string, token: string, maxAgeSeconds: number, now: Date): InitDataCheck {
  const params = new URLSearchParams(raw);
  const hash = params.get("hash");
  if (!hash || !/^[0-9a-f]{64}$/i.test(hash)) return "invalid";
  const lines = [...params.entries()]
    .filter(([key]) => key !== "hash")
    .map(([key, value]) => `${key}=${value}`)
    .sort();
  const secret = createHmac("sha256", "WebAppData").update(token).digest();
  const expected = createHmac("sha256", secret).update(lines.join("\n")).digest();
  if (!timingSafeEqual(expected, Buffer.from(hash, "hex"))) return "invalid";
  const authDate = Number(params.get("auth_date"));
  if (!Number.isFinite(authDate) || authDate <= 0) return "invalid";
  // Seconds as in Telegram; milliseconds are accepted too.
  const issuedMs = issuedAtMs(authDate);
  if (fromTheFuture(issuedMs, now)) return "invalid";
  if (maxAgeSeconds > 0 && now.getTime() - issuedMs > maxAgeSeconds * 1000) return "expired";
  return "ok";
}

function checkTelegram(raw: string, token: string, maxAgeSeconds: number, now: Date): InitDataCheck {
  try {
    validate(raw, token, { expiresIn: maxAgeSeconds });
    // The library checks only the past: a future auth_date (or one in milliseconds) would never expire.
    const authDate = Number(new URLSearchParams(raw).get("auth_date"));
    if (!Number.isFinite(authDate) || authDate <= 0 || authDate > 1e12 || fromTheFuture(authDate * 1000, now)) return "invalid";
    return "ok";
  } catch (error) {
    return isExpiredError(error) ? "expired" : "invalid";
  }
}

export function authenticate(
  header: string | undefined,
  options: { tokens: Partial<Record<Channel, string>>; maxAgeSeconds: number; demo: boolean; now: Date },
): AuthResult {
  if (!header) return { ok: false, reason: "missing" };
  const space = header.indexOf(" ");
  const scheme = space > 0 ? header.slice(0, space).toLowerCase() : "";
  const value = space > 0 ? header.slice(space + 1).trim() : "";
  if (scheme === "demo" && options.demo && /^[a-z0-9]{1,40}$/.test(value)) return { ok: true, channel: "demo", personId: value };
  const channel: Channel | null = scheme === "tma" ? "telegram" : scheme === "max" ? "max" : null;
  const token = channel ? options.tokens[channel] : undefined;
  if (!channel || !value) return { ok: false, reason: "missing" };
  // A channel this server does not run cannot have signed anything.
  if (!token) return { ok: false, reason: "invalid" };
  const check =
    channel === "telegram"
      ? checkTelegram(value, token, options.maxAgeSeconds, options.now)
      : validateMaxInitData(value, token, options.maxAgeSeconds, options.now);
  if (check !== "ok") return { ok: false, reason: check };
  const user = User.safeParse(safeJson(new URLSearchParams(value).get("user")));
  if (!user.success) return { ok: false, reason: "malformed" };
  return { ok: true, channel, externalId: String(user.data.id), firstName: user.data.first_name };
}

function safeJson(text: string | null): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
