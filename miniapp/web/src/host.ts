/**
 * Which messenger opened the page, decided once before React renders:
 * - Telegram: its launch parameters are present (see init.ts);
 * - MAX: MAX Bridge (`window.WebApp`) holds signed init data;
 * - otherwise a plain browser: demo sign-in or the "open from the bot" page.
 *
 * MAX Bridge is a script served by MAX. It is not in index.html: Telegram users on a weak link
 * would wait for it, and offline it would fail. It is fetched only when the page looks like it runs
 * inside MAX, and only for a short while; a failure falls through to the plain-browser handling.
 */
import { backButton } from "@telegram-apps/sdk-react";
import { initTelegram, type TelegramLaunch } from "./init.ts";

export const MAX_BRIDGE_URL = "https://st.max.ru/js/max-web-app.js";
/** Long enough for MAX's CDN on a mobile link, short enough that a plain browser is not kept waiting. */
const MAX_BRIDGE_TIMEOUT_MS = 2500;

/** The messenger's own back button in its header; the app shows it on inner pages. */
export interface NativeBackButton {
  show(): void;
  hide(): void;
  /** Subscribes; returns the unsubscribe. */
  onClick(listener: () => void): () => void;
}

/**
 * The part of MAX Bridge's `window.WebApp` this app uses. Only `initData` is relied on; every other
 * member is treated as optional, since bridge versions differ and the docs are brief.
 */
interface MaxWebApp {
  initData?: unknown;
  initDataUnsafe?: { start_param?: unknown } | null;
  platform?: unknown;
  colorScheme?: unknown;
  ready?: () => void;
  BackButton?: {
    show?: () => void;
    hide?: () => void;
    onClick?: (listener: () => void) => void;
    offClick?: (listener: () => void) => void;
  } | null;
}

export interface MaxLaunch {
  /** Signed init data as MAX gives it; sent as `Authorization: max …`, checked by the server. */
  initData: string;
  startParam: string | undefined;
  platform: "ios" | "base";
  /** The bridge's colour scheme when it tells one; null: follow the system setting. */
  colorScheme: "dark" | "light" | null;
  backButton: NativeBackButton | null;
}

export type Host =
  | { kind: "telegram"; launch: TelegramLaunch; backButton: NativeBackButton }
  | { kind: "max"; launch: MaxLaunch }
  | { kind: "browser" };

const telegramBackButton: NativeBackButton = {
  show: () => backButton.show.ifAvailable(),
  hide: () => backButton.hide.ifAvailable(),
  onClick(listener) {
    const [subscribed, off] = backButton.onClick.ifAvailable(listener);
    return subscribed ? off : () => {};
  },
};

/** A bridge call that throws must not take the page down with it. */
function safely(call: () => void): void {
  try {
    call();
  } catch (error) {
    console.error("MAX Bridge call failed", error);
  }
}

function maxWebApp(): MaxWebApp | undefined {
  const candidate = (window as Window & { WebApp?: unknown }).WebApp;
  return typeof candidate === "object" && candidate !== null ? (candidate as MaxWebApp) : undefined;
}

/** MAX puts its launch parameters (`WebAppData`, `WebAppPlatform`, `WebAppVersion`) into the page URL. */
function launchParam(name: string): string | null {
  for (const part of [location.hash.slice(1), location.search.slice(1)]) {
    const value = new URLSearchParams(part).get(name);
    if (value) return value;
  }
  return null;
}

/**
 * Worth fetching MAX Bridge: the page is framed (web.max.ru), carries MAX launch parameters, or its
 * address was configured with `?max` in the MAX partner platform.
 */
function mayBeInMax(): boolean {
  let framed: boolean;
  try {
    framed = window.parent !== window;
  } catch {
    framed = true;
  }
  return (
    framed ||
    launchParam("WebAppData") !== null ||
    launchParam("WebAppPlatform") !== null ||
    new URLSearchParams(location.search).has("max")
  );
}

/** Resolves when the script ran, failed or took too long; never rejects. */
function loadScript(src: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const script = document.createElement("script");
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(done, timeoutMs);
    script.src = src;
    script.async = true;
    script.onload = done;
    script.onerror = done;
    document.head.appendChild(script);
  });
}

function maxBackButton(bridge: MaxWebApp): NativeBackButton | null {
  const button = bridge.BackButton;
  if (!button || typeof button.show !== "function" || typeof button.onClick !== "function") return null;
  return {
    show: () => safely(() => button.show?.()),
    hide: () => safely(() => button.hide?.()),
    onClick(listener) {
      safely(() => button.onClick?.(listener));
      return () => safely(() => button.offClick?.(listener));
    },
  };
}

/** Init data looks signed: a query string with `auth_date` and `hash`. */
function looksSigned(initData: string): boolean {
  const params = new URLSearchParams(initData);
  return params.has("hash") && params.has("auth_date");
}

function initMax(): MaxLaunch | null {
  const bridge = maxWebApp();
  let initData = typeof bridge?.initData === "string" ? bridge.initData.trim() : "";
  // The bridge did not load (slow or blocked CDN) but MAX passed the same signed data in the URL:
  // enough to sign in; the header back button is then missing and the page shows its own.
  if (!initData) {
    const fromUrl = launchParam("WebAppData")?.trim() ?? "";
    if (fromUrl && looksSigned(fromUrl)) initData = fromUrl;
  }
  if (!initData) return null;

  if (bridge) safely(() => bridge.ready?.());
  const unsafeStart = bridge?.initDataUnsafe?.start_param;
  const startParam =
    new URLSearchParams(initData).get("start_param") ?? (typeof unsafeStart === "string" ? unsafeStart : null);
  const platform = typeof bridge?.platform === "string" ? bridge.platform : launchParam("WebAppPlatform");
  const scheme = bridge?.colorScheme;
  return {
    initData,
    startParam: startParam || undefined,
    platform: platform === "ios" || platform === "macos" ? "ios" : "base",
    colorScheme: scheme === "dark" || scheme === "light" ? scheme : null,
    backButton: bridge ? maxBackButton(bridge) : null,
  };
}

/** Synchronous for Telegram and plain browsers; waits up to MAX_BRIDGE_TIMEOUT_MS only when MAX is likely. */
export async function detectHost(): Promise<Host> {
  const telegram = initTelegram();
  if (telegram) return { kind: "telegram", launch: telegram, backButton: telegramBackButton };
  if (!maxWebApp() && mayBeInMax()) await loadScript(MAX_BRIDGE_URL, MAX_BRIDGE_TIMEOUT_MS);
  const max = initMax();
  return max ? { kind: "max", launch: max } : { kind: "browser" };
}
