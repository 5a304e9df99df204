// One turn of the bot in any messenger: the person behind the account, once-only buttons, the consent
// gate, and the journey of the registry that the command, button or text belongs to.
import { ru } from "../messages/bot.ts";
import { needsConsent } from "../services/onboarding.ts";
import { botChangeEntry, botExportEntry } from "../services/audit.ts";
import type { AccountRef, PersonView } from "../services/ports.ts";
import { ack, ONCE_MARK, send } from "./common.ts";
import { findCommand, JOURNEYS, journeyForButton, mayUse } from "./registry.ts";
import type { ChannelInfo, Incoming, JourneyDeps, Turn, TurnResult } from "./types.ts";

export async function handleTurn(
  deps: JourneyDeps,
  channel: ChannelInfo,
  account: AccountRef,
  incoming: Incoming,
  /** The person behind the account when the adapter read it already (with the update's claim). */
  known?: { person: PersonView | null },
): Promise<TurnResult> {
  const person = known ? known.person : await deps.repo.findPersonByAccount(account.channel, account.externalId);
  if (person) await deps.repo.touchAccount(account, deps.clock.now());
  const turn: Turn = { deps, channel, account, person, effects: [] };
  await route(turn, incoming);
  await auditExport(turn, incoming);
  if (incoming.kind === "action" && !turn.effects.some((effect) => effect.kind === "ack")) ack(turn);
  return { effects: turn.effects, ...(turn.survey ? { survey: turn.survey } : {}) };
}

/**
 * #16: the audit log of a turn — a file it sent is an export, and the changes its journey marked
 * (auditChange) are recorded as they are. Recording never fails the turn.
 */
async function auditExport(turn: Turn, incoming: Incoming): Promise<void> {
  if (!turn.deps.audit || !turn.person) return;
  const now = turn.deps.clock.now();
  const entries = (turn.audits ?? []).map((change) => botChangeEntry(turn.person!, change, now));
  const exported = botExportEntry(turn.person, incoming, turn.effects.filter((effect) => effect.kind === "document").length, now);
  if (exported) entries.push(exported);
  for (const entry of entries) await turn.deps.audit.append(entry).catch((error) => turn.deps.log.warn({ err: String(error) }, "audit entry not written"));
}

const gated = (turn: Turn) => Boolean(turn.person && needsConsent(turn.person));

async function route(turn: Turn, incoming: Incoming): Promise<void> {
  switch (incoming.kind) {
    case "start":
      return findCommand("start")!.journey.handle(turn, incoming);
    case "action":
      return press(turn, incoming.data);
    case "command":
      return command(turn, incoming.name.toLowerCase(), incoming.args);
    case "text":
      for (const journey of JOURNEYS()) if (await journey.onText?.(turn, incoming.text)) return;
      return send(turn, { text: ru.unknownText });
    case "document":
      for (const journey of JOURNEYS()) if (await journey.onDocument?.(turn, incoming)) return;
      return send(turn, { text: ru.unknownText });
  }
}

async function command(turn: Turn, name: string, args: string) {
  const found = findCommand(name);
  if (gated(turn) && !found?.command.beforeConsent) return send(turn, { text: ru.consentFirst });
  if (!found) return send(turn, { text: ru.unknownText });
  if (!mayUse(turn, found.command)) return send(turn, { text: found.command.refusal ?? ru.unknownText });
  return found.journey.handle(turn, { kind: "command", name, args });
}

async function press(turn: Turn, raw: string) {
  // A button with a side effect works once per message: a double tap or a stale copy is only acknowledged.
  const [data, nonce] = raw.split(ONCE_MARK, 2) as [string, string | undefined];
  if (nonce && !(await turn.deps.repo.claimOnce(`${turn.account.channel}:${turn.account.externalId}:${nonce}`, turn.deps.clock.now()))) {
    return ack(turn);
  }
  // A main-menu button is a shortcut to a command.
  const menu = data.match(/^menu:([a-z]+)$/);
  if (menu) {
    ack(turn);
    return command(turn, menu[1]!, "");
  }
  const journey = journeyForButton(data);
  if (!journey) return ack(turn);
  if (gated(turn) && !journey.buttonsBeforeConsent) return ack(turn, ru.consentFirst, true);
  return journey.handle(turn, { kind: "action", data });
}
