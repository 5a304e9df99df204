// Joining by invite, consent once per person, linking a second messenger, deleting one's data.
import { CONSENT_TEXT, errorText } from "../messages/ru.ts";
import { ru } from "../messages/bot.ts";
import { isDomainError } from "../errors.ts";
import { normalizeCode } from "../invites/codes.ts";
import { forgetPerson, giveConsent, linkAccount, LINK_CODE_MINUTES, needsConsent, redeemInvite, startLinkCode } from "../services/onboarding.ts";
import type { PersonView } from "../services/ports.ts";
import { ack, commandsFor, greet, multiChannel, roleAndPlace, send } from "./common.ts";
import { CHANNEL_TITLE, type Turn } from "./types.ts";

export function askConsent(turn: Turn, person: PersonView) {
  const districtName = person.memberships[0]?.districtName ?? "районный орган управления образованием";
  send(turn, {
    text: CONSENT_TEXT(districtName),
    buttons: [
      [
        { kind: "action", text: ru.consentAgree, data: "consent:yes" },
        { kind: "action", text: ru.consentDecline, data: "consent:no" },
      ],
    ],
  });
}

async function join(turn: Turn, rawCode: string) {
  try {
    const { person, invite, repeated } = await redeemInvite(turn.deps, rawCode, turn.account);
    turn.person = person;
    const membership =
      person.memberships.find(
        (candidate) =>
          candidate.role === invite.role && candidate.schoolId === invite.schoolId && candidate.districtId === invite.districtId,
      ) ?? person.memberships[0]!;
    const { role, place } = roleAndPlace(membership);
    send(turn, { text: repeated ? ru.alreadyJoined(role, place) : ru.joined(role, place) });
    if (needsConsent(person)) return askConsent(turn, person);
    turn.effects.push({ kind: "commands", commands: commandsFor(turn, person) });
    greet(turn, person);
  } catch (error) {
    if (!isDomainError(error)) throw error;
    turn.deps.log.info({ code: error.code, channel: turn.account.channel, ...error.context }, "invite refused");
    const hint = error.code === "invite_used_up" && multiChannel(turn) ? `\n\n${ru.usedUpHint}` : "";
    send(turn, { text: errorText[error.code] + hint });
  }
}

async function link(turn: Turn, code: string) {
  const result = await linkAccount(turn.deps, code, turn.account);
  if (result.kind === "linked") {
    turn.person = result.person;
    send(turn, { text: ru.linked(CHANNEL_TITLE[turn.account.channel]) });
    turn.effects.push({ kind: "commands", commands: commandsFor(turn, result.person) });
    return greet(turn, result.person);
  }
  send(turn, { text: result.kind === "already" ? ru.linkAlready : result.kind === "other_person" ? ru.linkOtherPerson : ru.linkExpired });
}

export async function onStart(turn: Turn, payload: string) {
  const trimmed = payload.trim();
  if (/^LINK/i.test(trimmed)) return link(turn, trimmed);
  if (trimmed) return join(turn, trimmed);
  if (!turn.person) return send(turn, { text: ru.welcomeStranger });
  if (needsConsent(turn.person)) return askConsent(turn, turn.person);
  greet(turn, turn.person);
}

/** A stranger may type the code from a printed sheet instead of opening the link. */
export async function onStrangerText(turn: Turn, text: string): Promise<boolean> {
  if (turn.person) return false;
  if (/^\s*link/i.test(text)) {
    await link(turn, text.trim());
    return true;
  }
  if (!normalizeCode(text)) return false;
  await join(turn, text);
  return true;
}

export async function onConsent(turn: Turn, agree: boolean) {
  ack(turn);
  turn.effects.push({ kind: "clearButtons" });
  if (!turn.person) return send(turn, { text: ru.welcomeStranger });
  if (!agree) return send(turn, { text: ru.consentDeclined });
  if (needsConsent(turn.person)) {
    await giveConsent(turn.deps, turn.person.id);
    turn.person = { ...turn.person, consentAt: turn.deps.clock.now() };
  }
  send(turn, { text: ru.consentThanks });
  turn.effects.push({ kind: "commands", commands: commandsFor(turn, turn.person) });
  greet(turn, turn.person);
}

export async function onLinkCommand(turn: Turn) {
  if (!turn.person) return send(turn, { text: ru.welcomeStranger });
  const others = Object.entries(turn.channel.startLinks).filter(([channel]) => channel !== turn.account.channel);
  if (!others.length) return send(turn, { text: ru.linkOnlyOneChannel });
  const { code } = await startLinkCode(turn.deps, turn.person.id);
  const links = others.map(([channel, makeLink]) => ru.channelLink(CHANNEL_TITLE[channel as keyof typeof CHANNEL_TITLE], makeLink!(code)));
  send(turn, { text: ru.linkCreated(code, LINK_CODE_MINUTES, links) });
}

export function onDeleteCommand(turn: Turn) {
  if (!turn.person) return send(turn, { text: ru.deleteNothing });
  send(turn, {
    text: ru.deleteAsk,
    buttons: [
      [
        { kind: "action", text: ru.deleteConfirm, data: "forget:yes" },
        { kind: "action", text: ru.deleteCancel, data: "forget:no" },
      ],
    ],
  });
}

export async function onDelete(turn: Turn, confirmed: boolean) {
  ack(turn);
  turn.effects.push({ kind: "clearButtons" });
  if (!confirmed) return send(turn, { text: ru.deleteCancelled });
  if (!turn.person) return send(turn, { text: ru.deleteNothing });
  await forgetPerson(turn.deps, turn.person.id);
  turn.deps.log.info({ personId: turn.person.id }, "person deleted on request");
  turn.person = null;
  turn.effects.push({ kind: "forgotten" }, { kind: "commands", commands: commandsFor(turn, null) });
  send(turn, { text: ru.deleteDone });
}
