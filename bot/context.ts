import type { Channel } from "../core/services/ports.ts";
import type { JourneyDeps } from "../core/journeys/types.ts";

/** What the messenger adapters need, built once in server/app.ts or a test. */
export interface BotDeps extends JourneyDeps {
  /** HTTPS address of the Mini App, or undefined when it is not published. */
  publicUrl: string | undefined;
  /**
   * Deep links of every bot running in this process (filled as each bot learns its username), so an
   * invite made in one messenger carries the links of both.
   */
  startLinks: Partial<Record<Channel, (payload: string) => string>>;
  log: JourneyDeps["log"] & { error(obj: object, msg?: string): void };
}

/** Telegram opens Mini Apps only over HTTPS; MAX too. */
export const appAvailable = (deps: Pick<BotDeps, "publicUrl">) => Boolean(deps.publicUrl?.startsWith("https://"));
