import type { Context } from "grammy";
import type { ConversationFlavor } from "@grammyjs/conversations";
import type { MethodologySettings } from "../core/methodology/settings.ts";
import type { Clock, PersonView, Repository } from "../core/services/ports.ts";

/** What the bot's handlers need from the outside world; built once in server/main.ts or a test. */
export interface BotDeps {
  repo: Repository;
  clock: Clock;
  settings: MethodologySettings;
  randomBytes: (size: number) => Uint8Array;
  /** Storage for conversation state (the Session table). */
  sessions: {
    findUnique(input: { where: { key: string } }): Promise<{ key: string; value: string } | null>;
    upsert(input: {
      where: { key: string };
      create: { key: string; value: string };
      update: { value: string };
    }): Promise<{ key: string; value: string }>;
    delete(input: { where: { key: string } }): Promise<{ key: string; value: string }>;
  };
  /** HTTPS address of the Mini App, or undefined when it is not published. */
  publicUrl: string | undefined;
  timezone: string;
  log: { info(obj: object, msg?: string): void; warn(obj: object, msg?: string): void; error(obj: object, msg?: string): void };
}

export type BotContext = ConversationFlavor<
  Context & {
    deps: BotDeps;
    /** The person behind the Telegram account, when known. */
    person: PersonView | null;
  }
>;
