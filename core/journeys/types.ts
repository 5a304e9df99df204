// The channel interface (issue #7): what a messenger adapter hands the journeys and what it gets back.
// Telegram and MAX adapters translate their updates into `Incoming` and render `Effect`s; adding a
// third messenger means a third adapter, nothing here.
import type { MethodologySettings } from "../methodology/settings.ts";
import type { AccountRef, Channel, Clock, PersonView, Repository } from "../services/ports.ts";

export type Incoming =
  /** `/start <payload>` in Telegram, the `bot_started` payload or `/start` in MAX. */
  | { kind: "start"; payload: string }
  | { kind: "command"; name: string; args: string }
  | { kind: "text"; text: string }
  /** A press of an inline button carrying `data`. */
  | { kind: "action"; data: string };

export type Button =
  | { kind: "action"; text: string; data: string }
  /** Opens the Mini App of this bot. */
  | { kind: "app"; text: string };

export interface Screen {
  /** Plain text, or with `html` the few tags both messengers render (<b>, <i>), everything else escaped. */
  text: string;
  html?: boolean;
  buttons?: Button[][];
}

export interface CommandSpec {
  command: string;
  description: string;
}

export type Effect =
  | { kind: "send"; screen: Screen }
  /** Replace the message whose button was pressed (an adapter may send a new one if it cannot). */
  | { kind: "edit"; screen: Screen }
  /** Answer the button press: silently, with a short notice, or with an alert. */
  | { kind: "ack"; text?: string; alert?: boolean }
  /** Take the buttons off the message whose button was pressed. */
  | { kind: "clearButtons" }
  /** The person was deleted: the adapter drops whatever state it keeps for this chat. */
  | { kind: "forgotten" }
  /** The command menu for this chat (an adapter without per-chat menus may ignore it). */
  | { kind: "commands"; commands: CommandSpec[] };

export interface ChannelInfo {
  channel: Channel;
  /** Deep links that open each configured bot with a start payload. */
  startLinks: Partial<Record<Channel, (payload: string) => string>>;
  /** Whether the Mini App can be opened from this channel (published over HTTPS). */
  appAvailable: boolean;
}

export interface JourneyDeps {
  repo: Repository;
  clock: Clock;
  settings: MethodologySettings;
  randomBytes: (size: number) => Uint8Array;
  /** Default time zone for dates in messages. */
  timezone: string;
  log: { info(obj: object, msg?: string): void; warn(obj: object, msg?: string): void };
}

export interface TurnResult {
  effects: Effect[];
  /** Where the diagnostic stands after this turn, when the turn touched it. */
  survey?: "question" | "ended";
}

/** The state one turn works with. */
export interface Turn {
  deps: JourneyDeps;
  channel: ChannelInfo;
  account: AccountRef;
  person: PersonView | null;
  effects: Effect[];
  survey?: TurnResult["survey"];
}

export const CHANNEL_TITLE: Record<Channel, string> = { telegram: "Telegram", max: "MAX" };
