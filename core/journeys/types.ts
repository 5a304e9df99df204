// The channel interface (issue #7): what a messenger adapter hands the journeys and what it gets back.
// Telegram and MAX adapters translate their updates into `Incoming` and render `Effect`s; adding a
// third messenger means a third adapter, nothing here.
import type { MethodologySettings } from "../methodology/settings.ts";
import type { Role } from "../roles.ts";
import type { AdminRepository } from "../services/admin-ports.ts";
import type { AccountRef, Channel, Clock, PersonView, Repository } from "../services/ports.ts";
import type { SummaryWorkbook } from "../services/aggregates.ts";
import type { IdentificationContext } from "../services/identification.ts";
import type { DataKind } from "../services/identification-ports.ts";
import type { SurveysContext } from "../services/surveys-context.ts";
import type { ManagementContext } from "../services/management-context.ts";
import type { NetworkContext } from "../services/network-context.ts";
import type { AuditPort } from "../services/audit.ts";

export type Incoming =
  /** `/start <payload>` in Telegram, the `bot_started` payload or `/start` in MAX. */
  | { kind: "start"; payload: string }
  | { kind: "command"; name: string; args: string }
  | { kind: "text"; text: string }
  /** A press of an inline button carrying `data`. */
  | { kind: "action"; data: string }
  /**
   * A file sent into the chat (an XLSX or CSV of data). Nothing is fetched until `download()`;
   * `size` is what the messenger reports (null when it does not), checked before downloading.
   */
  | { kind: "document"; fileName: string; mimeType: string | null; size: number | null; download(): Promise<Uint8Array> };

export type IncomingDocument = Extract<Incoming, { kind: "document" }>;

export type Button =
  | { kind: "action"; text: string; data: string }
  /** Opens the Mini App of this bot, at a start parameter (miniapp/web/src/router.ts) when given. */
  | { kind: "app"; text: string; start?: string };

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
  | { kind: "commands"; commands: CommandSpec[] }
  /** A file sent into the chat (the person's data export, a spreadsheet). */
  | { kind: "document"; filename: string; mimeType: string; content: Uint8Array; caption?: string };

export interface ChannelInfo {
  channel: Channel;
  /** Deep links that open each configured bot with a start payload. */
  startLinks: Partial<Record<Channel, (payload: string) => string>>;
  /** Whether the Mini App can be opened from this channel (published over HTTPS). */
  appAvailable: boolean;
  /**
   * Shows how a long turn goes (an import of 40 000 rows): the first call sends a message, later
   * ones edit it, at most once per 2 s; the final answer comes as the turn's own effects.
   * Absent where the adapter cannot; never throws.
   */
  progress?: (text: string) => Promise<void>;
}

export interface JourneyDeps {
  repo: Repository;
  clock: Clock;
  settings: MethodologySettings;
  randomBytes: (size: number) => Uint8Array;
  /** Default time zone for dates in messages. */
  timezone: string;
  /** Builds the district summary as XLSX (files/summary-xlsx.ts; I/O stays outside core). /summary needs it. */
  summaryWorkbook?: SummaryWorkbook;
  /** The admin use cases' repository (district helper): /campaign opens and closes the diagnostic with it. */
  admin?: AdminRepository;
  /**
   * Identification (#12): the repository and the file readers of the use cases (prisma/identification.ts
   * identificationContext gives them), and the templates (files/identification dataTemplate). District
   * staff send data files and run /identify with it; without it the bot says the intake is unavailable.
   */
  identification?: Pick<IdentificationContext, "ident" | "parseFile" | "readStaffWorkbook"> & {
    dataTemplate?: (kind: DataKind) => Promise<{ filename: string; content: Uint8Array }>;
  };
  /** #13: instruments, campaigns, anonymous respondents, risk profile, routes (prisma/surveys.ts surveysContext). */
  surveys?: SurveysContext;
  /** #14: recommendations, roadmaps, decisions, calendar, broadcasts, reports (prisma/management.ts managementContext). */
  management?: ManagementContext;
  /** #15: the network around the schools: assignments, visits, seminars and events, library, programmes, meetings (prisma/network.ts). */
  network?: NetworkContext;
  log: { info(obj: object, msg?: string): void; warn(obj: object, msg?: string): void };
  /** #16: the audit log; a turn that sent a file is recorded as an export (engine.ts). */
  audit?: Pick<AuditPort, "append">;
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
  /** Changes this turn made that the audit log records (#16; core/journeys/common.ts auditChange). */
  audits?: Array<{
    action: import("../services/audit.ts").AuditAction;
    target: string;
    districtId: string | null;
    schoolId?: string | null;
    subject?: import("../services/audit.ts").AuditSubject;
  }>;
}

export const CHANNEL_TITLE: Record<Channel, string> = { telegram: "Telegram", max: "MAX" };

/** Who may use a command or read a help line: these roles, any member, or anyone (strangers too). */
export type Audience = readonly Role[] | "members" | "anyone";

export interface JourneyCommand {
  name: string;
  /** Russian description for the command menus (from core/messages). */
  description: string;
  audience: Audience;
  /** Works before the person has given consent (joining, help, deleting one's data). */
  beforeConsent?: boolean;
  /** What someone outside the audience is told. */
  refusal?: string;
}

/** A main-menu button: a shortcut to a command of the journey (data `menu:<command>`), or the Mini App. */
export type MenuEntry = { kind: "command"; text: string; command: string } | { kind: "app"; text: string };

/**
 * One journey of the bot: what it answers to and what it adds to /help, the main menu and the
 * command lists. The engine routes only through the registry (core/journeys/registry.ts).
 */
export interface Journey {
  name: string;
  commands: JourneyCommand[];
  /** Button data this journey owns starts with this prefix. */
  prefix?: string;
  /** Its buttons work before consent (the consent question itself, deleting one's data). */
  buttonsBeforeConsent?: boolean;
  /** Only when a second messenger runs beside this one (linking accounts). */
  needsSecondChannel?: boolean;
  /** Lines of /help: per role, for every member, for someone not yet joined. */
  help?: Partial<Record<Role | "members" | "stranger", string>>;
  /** Main-menu buttons per role. */
  menu?: Partial<Record<Role, MenuEntry[]>>;
  /** A command of its own, `/start`, or one of its buttons. */
  handle(turn: Turn, incoming: Incoming): Promise<void> | void;
  /** Free text nobody else took; true when handled. Journeys are asked in registry order. */
  onText?(turn: Turn, text: string): Promise<boolean> | boolean;
  /** A file the person sent; true when handled. Journeys are asked in registry order. */
  onDocument?(turn: Turn, document: IncomingDocument): Promise<boolean> | boolean;
}
