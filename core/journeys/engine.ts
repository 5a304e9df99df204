// One turn of the bot in any messenger: the person behind the account, the consent gate, and the
// journey that the incoming command, text or button belongs to.
import { needsConsent } from "../services/onboarding.ts";
import { ru } from "../messages/bot.ts";
import type { AccountRef } from "../services/ports.ts";
import { onInviteAction, onInviteCommand } from "./admin.ts";
import { ack, greet, helpText, mainMenu, send } from "./common.ts";
import { inDiagnostic, onDiagnosticAction, onDiagnosticCommand, onProfileCommand, parseDiagnosticAction } from "./diagnostic.ts";
import { onConsent, onDelete, onDeleteCommand, onLinkCommand, onStart, onStrangerText } from "./onboarding.ts";
import type { ChannelInfo, Incoming, JourneyDeps, Turn, TurnResult } from "./types.ts";

/** Commands and buttons that work before consent: joining, help, consent itself, deleting one's data. */
const BEFORE_CONSENT = new Set(["start", "help", "deletedata"]);

export async function handleTurn(
  deps: JourneyDeps,
  channel: ChannelInfo,
  account: AccountRef,
  incoming: Incoming,
): Promise<TurnResult> {
  const person = await deps.repo.findPersonByAccount(account.channel, account.externalId);
  if (person) await deps.repo.touchAccount(account, deps.clock.now());
  const turn: Turn = { deps, channel, account, person, effects: [] };
  await dispatch(turn, incoming);
  if (incoming.kind === "action" && !turn.effects.some((effect) => effect.kind === "ack")) ack(turn);
  return { effects: turn.effects, ...(turn.survey ? { survey: turn.survey } : {}) };
}

async function dispatch(turn: Turn, incoming: Incoming): Promise<void> {
  if (incoming.kind === "start") return onStart(turn, incoming.payload);

  const gated = turn.person && needsConsent(turn.person);
  if (incoming.kind === "action") {
    const data = incoming.data;
    if (data === "consent:yes" || data === "consent:no") return onConsent(turn, data === "consent:yes");
    if (data === "forget:yes" || data === "forget:no") return onDelete(turn, data === "forget:yes");
    if (gated) return ack(turn, ru.consentFirst, true);
    const action = parseDiagnosticAction(data);
    if (action) return onDiagnosticAction(turn, action);
    if (data === "menu:diagnostic") {
      ack(turn);
      return onDiagnosticCommand(turn);
    }
    if (data === "menu:profile") {
      ack(turn);
      return onProfileCommand(turn);
    }
    if (await onInviteAction(turn, data)) return;
    return ack(turn);
  }

  if (incoming.kind === "command") {
    const name = incoming.name.toLowerCase();
    if (name === "start") return onStart(turn, incoming.args);
    if (gated && !BEFORE_CONSENT.has(name)) return send(turn, { text: ru.consentFirst });
    switch (name) {
      case "help": {
        const buttons = turn.person ? mainMenu(turn, turn.person) : [];
        return send(turn, { text: helpText(turn, turn.person), ...(buttons.length ? { buttons } : {}) });
      }
      case "app":
        if (!turn.person) return send(turn, { text: ru.welcomeStranger });
        if (!mainMenu(turn, turn.person).some((row) => row.some((button) => button.kind === "app"))) {
          return send(turn, { text: ru.appNotConfigured });
        }
        return send(turn, { text: ru.appIntro, buttons: mainMenu(turn, turn.person) });
      case "diagnostic":
        return onDiagnosticCommand(turn);
      case "profile":
        return onProfileCommand(turn);
      case "invite":
        return onInviteCommand(turn);
      case "link":
        return onLinkCommand(turn);
      case "deletedata":
        return onDeleteCommand(turn);
      default:
        return send(turn, { text: ru.unknownText });
    }
  }

  if (await onStrangerText(turn, incoming.text)) return;
  if (gated) return send(turn, { text: ru.consentFirst });
  if (turn.person && (await inDiagnostic(turn))) return send(turn, { text: ru.answerHint });
  if (turn.person && !incoming.text.trim()) return greet(turn, turn.person);
  send(turn, { text: ru.unknownText });
}
