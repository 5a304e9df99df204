import type { AccountRef, Channel, PersonView } from "../core/services/ports.ts";
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
  /** Updates already handled (prisma/processed-updates.ts); in memory when not given. */
  updates?: UpdateLog;
}

/** Processed update ids per channel: a redelivered update does nothing. */
export interface UpdateLog {
  /**
   * Sees every update handleOnce is given (server/observability.ts: metrics and the log context).
   * Set on the log object itself because every adapter and mode hands handleOnce its update log.
   */
  observer?: UpdateObserver;
  /** True when this update is new (and is now taken); false when it was handled before. */
  claim(channel: string, updateKey: string): Promise<boolean>;
  /** The handler failed: let a redelivery try again. */
  release(channel: string, updateKey: string): Promise<void>;
  /**
   * The claim and the read of the person behind the account in one statement: the first read of
   * every turn (prisma/processed-updates.ts). Without it, `claim` and the engine's own read.
   */
  claimWithPerson?(
    channel: string,
    updateKey: string,
    account: AccountRef,
    /** An instrument key whose open campaign and response the turn will read (an answer button): read it too. */
    prefetch?: string,
  ): Promise<{ fresh: boolean; person?: PersonView | null }>;
}

/** What became of an update: its turn ran, it was a redelivery, or the claim or the turn failed. */
export type UpdateOutcome = "handled" | "duplicate" | "error";

/** Counts and times the updates, and gives each turn a log context naming its update. */
export interface UpdateObserver {
  /** Runs `task` with `update` ("telegram:<id>") in the log context of every line written inside it. */
  within<T>(update: string, task: () => Promise<T>): Promise<T>;
  /** One update done; `seconds` from the claim to the end of the turn. */
  handled(channel: string, outcome: UpdateOutcome, seconds: number): void;
}

/**
 * Handles an update at most once: claims it (reading the person in the same statement where the
 * log can), runs the turn with that person, and releases the claim if anything fails, rendering
 * included, so that a redelivery tries again. A redelivered update does nothing.
 */
export async function handleOnce(
  log: UpdateLog,
  update: { channel: string; key: string },
  account: AccountRef,
  work: (known: { person: PersonView | null } | undefined) => Promise<void>,
  /** What the turn will read besides the person (core/journeys/diagnostic.ts answerPrefetch). */
  prefetch?: string,
): Promise<void> {
  const observer = log.observer;
  if (!observer) {
    await claimAndRun(log, update, account, work, prefetch);
    return;
  }
  // "telegram:<bot id>" → "telegram": one label per messenger, whatever the bot.
  const channel = update.channel.split(":")[0]!;
  const started = performance.now();
  await observer.within(`${channel}:${update.key}`, async () => {
    let outcome: UpdateOutcome = "error";
    try {
      outcome = (await claimAndRun(log, update, account, work, prefetch)) ? "handled" : "duplicate";
    } finally {
      observer.handled(channel, outcome, (performance.now() - started) / 1000);
    }
  });
}

/** handleOnce without its observer; false when the update was handled before. */
async function claimAndRun(
  log: UpdateLog,
  update: { channel: string; key: string },
  account: AccountRef,
  work: (known: { person: PersonView | null } | undefined) => Promise<void>,
  prefetch: string | undefined,
): Promise<boolean> {
  let known: { person: PersonView | null } | undefined;
  if (log.claimWithPerson) {
    const claimed = await log.claimWithPerson(update.channel, update.key, account, prefetch);
    if (!claimed.fresh) return false;
    if (claimed.person !== undefined) known = { person: claimed.person };
  } else if (!(await log.claim(update.channel, update.key))) {
    return false;
  }
  try {
    await work(known);
  } catch (error) {
    await log.release(update.channel, update.key).catch(() => undefined);
    throw error;
  }
  return true;
}

/** The same contract without a database (forgotten at exit). */
export function memoryUpdateLog(limit = 10_000): UpdateLog {
  const seen = new Set<string>();
  return {
    claim: async (channel, updateKey) => {
      const key = `${channel}\n${updateKey}`;
      if (seen.has(key)) return false;
      seen.add(key);
      if (seen.size > limit) seen.delete(seen.values().next().value!);
      return true;
    },
    release: async (channel, updateKey) => {
      seen.delete(`${channel}\n${updateKey}`);
    },
  };
}

/** Runs tasks with one key one after another, and tasks with different keys side by side. */
export function keyedSerializer() {
  const tails = new Map<string, Promise<unknown>>();
  return async <T>(key: string, task: () => Promise<T>): Promise<T> => {
    const previous = tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.catch(() => undefined);
    tails.set(key, tail);
    try {
      return await result;
    } finally {
      if (tails.get(key) === tail) tails.delete(key);
    }
  };
}

/** Telegram opens Mini Apps only over HTTPS; MAX too. */
export const appAvailable = (deps: Pick<BotDeps, "publicUrl">) => Boolean(deps.publicUrl?.startsWith("https://"));

/**
 * The Mini App address that opens at `appStart`: the app reads `?start=` when a web_app button
 * opened it (miniapp/web/src/router.ts). Null without a published (HTTPS) Mini App.
 */
export function appStartUrl(publicUrl: string | undefined, appStart: string | null): string | null {
  if (!appStart || !publicUrl || !appAvailable({ publicUrl })) return null;
  const url = new URL(publicUrl);
  url.searchParams.set("start", appStart);
  return url.toString();
}
