/**
 * Telegram SDK set-up, done once before React renders.
 * Returns null when the page was not opened by Telegram (no launch parameters): host.ts then
 * tries MAX, and after that demo sign-in or the "open from the bot" page, instead of crashing.
 */
import {
  backButton,
  init as initSdk,
  miniApp,
  mockTelegramEnv,
  retrieveLaunchParams,
  retrieveRawInitData,
  themeParams,
  viewport,
  type RetrieveLPResult,
} from "@telegram-apps/sdk-react";

export interface TelegramLaunch {
  /** Signed init data exactly as Telegram passed it; the server validates it on every request. */
  initDataRaw: string;
  /** `startapp` parameter of a t.me link, if any. */
  startParam: string | undefined;
  /** telegram-ui draws iOS-style controls for Apple clients, the base style elsewhere. */
  platform: "ios" | "base";
}

/** A real Telegram client talks to us through a parent frame (web) or an injected proxy (apps). */
function hasTelegramBridge(): boolean {
  const w = window as Window & { TelegramWebviewProxy?: unknown; external?: { notify?: unknown } };
  let framed: boolean;
  try {
    framed = window.self !== window.top;
  } catch {
    framed = true;
  }
  return framed || typeof w.TelegramWebviewProxy === "object" || typeof w.external?.notify === "function";
}

export function initTelegram(): TelegramLaunch | null {
  let launchParams: RetrieveLPResult;
  let initDataRaw: string | undefined;
  try {
    launchParams = retrieveLaunchParams();
    initDataRaw = retrieveRawInitData();
  } catch {
    return null;
  }
  if (!initDataRaw) return null;

  // Launch parameters present but no native bridge: a browser opened with Telegram's hash
  // (tests, a link copied out of Telegram). The SDK would throw on every postEvent, so give it
  // a bridge that swallows them; the server still checks the signed init data as usual.
  if (!hasTelegramBridge()) mockTelegramEnv({ onEvent: () => {} });

  try {
    initSdk();
    backButton.mount.ifAvailable();
    // mountSync also mounts theme parameters, read from the launch parameters.
    miniApp.mountSync.ifAvailable();
    themeParams.mountSync.ifAvailable();
    themeParams.bindCssVars.ifAvailable();
    miniApp.bindCssVars.ifAvailable();
    miniApp.ready.ifAvailable();
    // Charts and lists need the full height; a half-open sheet hides most of the page.
    viewport.expand.ifAvailable();
  } catch (error) {
    // An old or odd client: native controls and theme may be missing, but signed requests still work.
    console.error("Telegram SDK set-up failed; continuing without native controls", error);
  }
  const platform = launchParams.tgWebAppPlatform;
  return {
    initDataRaw,
    startParam: launchParams.tgWebAppStartParam,
    platform: platform === "ios" || platform === "macos" ? "ios" : "base",
  };
}
