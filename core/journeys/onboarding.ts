// Joining by invite with consent first (152-ФЗ): `/start <code>` shows the consent text of the
// invite's district and stores nothing; «Согласен(на)» joins and uses the invite; a refusal leaves it
// usable. Linking a second messenger by `/start LINK…` lands here too.
import { isDomainError } from "../errors.ts";
import { normalizeCode } from "../invites/codes.ts";
import { ru } from "../messages/bot.ts";
import { CONSENT_TEXT, errorText } from "../messages/ru.ts";
import { checkInvite, giveConsent, linkAccount, needsConsent, redeemInvite } from "../services/onboarding.ts";
import type { PersonView } from "../services/ports.ts";
import { ack, makeNonce, multiChannel, onceData, roleAndPlace, send } from "./common.ts";
import { startAnonymous } from "./anonymous.ts";
import { greet } from "./help.ts";
import { commandsFor } from "./registry.ts";
import { CHANNEL_TITLE, type Journey, type Turn } from "./types.ts";

/** Button data: `consent:yes:<code>` / `consent:no:<code>` before joining, `consent:yes` for someone joined earlier. */
const CONSENT = /^consent:(yes|no)(?::([A-Z0-9]{10}))?$/;

function refused(turn: Turn, error: unknown) {
  if (!isDomainError(error)) throw error;
  turn.deps.log.info({ code: error.code, channel: turn.account.channel, ...error.context }, "invite refused");
  const hint = error.code === "invite_used_up" && multiChannel(turn) ? `\n\n${ru.usedUpHint}` : "";
  send(turn, { text: errorText[error.code] + hint });
}

/** The consent question for the district `districtId`; `code` is the invite that joins after «Согласен(на)». */
async function askConsent(turn: Turn, districtId: string | undefined, code?: string, intro?: string) {
  const operator = districtId ? await turn.deps.repo.getOperator(districtId) : null;
  if (!operator) return send(turn, { text: ru.joinNoOperator });
  const nonce = makeNonce(turn);
  const suffix = code ? `:${code}` : "";
  send(turn, {
    text: intro ? `${intro}\n\n${CONSENT_TEXT(operator)}` : CONSENT_TEXT(operator),
    buttons: [
      [
        { kind: "action", text: ru.consentAgree, data: onceData(turn, `consent:yes${suffix}`, nonce) },
        { kind: "action", text: ru.consentDecline, data: onceData(turn, `consent:no${suffix}`, nonce) },
      ],
    ],
  });
}

/** Uses the invite; the person has consented by now (before, or with this very press). */
async function join(turn: Turn, code: string, consentNow: boolean) {
  const { person, invite, repeated } = await redeemInvite(turn.deps, code, turn.account);
  let joined: PersonView = person;
  if (consentNow && needsConsent(person)) {
    await giveConsent(turn.deps, person.id);
    joined = { ...person, consentAt: turn.deps.clock.now() };
  }
  turn.person = joined;
  const membership =
    joined.memberships.find(
      (candidate) => candidate.role === invite.role && candidate.schoolId === invite.schoolId && candidate.districtId === invite.districtId,
    ) ?? joined.memberships[0]!;
  const { role, place } = roleAndPlace(membership);
  send(turn, { text: repeated ? ru.alreadyJoined(role, place) : ru.joined(role, place) });
  if (needsConsent(joined)) return askConsent(turn, membership.districtId);
  turn.effects.push({ kind: "commands", commands: commandsFor(turn, joined) });
  greet(turn, joined, !repeated);
}

/** `/start <code>`: someone who consented before joins at once; anyone else is asked first. */
async function startWithCode(turn: Turn, rawCode: string) {
  try {
    const { invite, known, alreadyHere } = await checkInvite(turn.deps, rawCode, turn.account);
    if (known && (!needsConsent(known) || alreadyHere)) return await join(turn, invite.code, false);
    const school = invite.schoolId ? await turn.deps.repo.getSchool(invite.schoolId) : null;
    await askConsent(turn, invite.districtId, invite.code, ru.inviteFor(ru.roleName[invite.role], school?.name ?? null));
  } catch (error) {
    refused(turn, error);
  }
}

async function link(turn: Turn, code: string) {
  const result = await linkAccount(turn.deps, code, turn.account);
  if (result.kind === "linked") {
    turn.person = result.person;
    send(turn, { text: ru.linked(CHANNEL_TITLE[turn.account.channel]) });
    turn.effects.push({ kind: "commands", commands: commandsFor(turn, result.person) });
    return greet(turn, result.person, true);
  }
  send(turn, { text: result.kind === "already" ? ru.linkAlready : result.kind === "other_person" ? ru.linkOtherPerson : ru.linkExpired });
}

async function onStart(turn: Turn, payload: string) {
  const trimmed = payload.trim();
  if (/^LINK/i.test(trimmed)) return link(turn, trimmed);
  // A school's link of an anonymous survey for parents or students (#13): no invite, no consent.
  if (/^q-/i.test(trimmed)) return startAnonymous(turn, trimmed.slice(2));
  if (trimmed) return startWithCode(turn, trimmed);
  if (!turn.person) return send(turn, { text: ru.welcomeStranger });
  if (needsConsent(turn.person)) return askConsent(turn, turn.person.memberships[0]?.districtId);
  greet(turn, turn.person);
}

async function onConsent(turn: Turn, agree: boolean, code: string | undefined) {
  ack(turn);
  turn.effects.push({ kind: "clearButtons" });
  if (!agree) return send(turn, { text: code ? ru.consentDeclinedInvite : ru.consentDeclined });
  if (code) {
    try {
      return await join(turn, code, true);
    } catch (error) {
      return refused(turn, error);
    }
  }
  if (!turn.person) return send(turn, { text: ru.welcomeStranger });
  if (needsConsent(turn.person)) {
    await giveConsent(turn.deps, turn.person.id);
    turn.person = { ...turn.person, consentAt: turn.deps.clock.now() };
  }
  send(turn, { text: ru.consentThanks });
  turn.effects.push({ kind: "commands", commands: commandsFor(turn, turn.person) });
  greet(turn, turn.person, true);
}

export const onboardingJourney: Journey = {
  name: "onboarding",
  prefix: "consent:",
  buttonsBeforeConsent: true,
  commands: [{ name: "start", description: ru.commands.start, audience: "anyone", beforeConsent: true }],
  help: { stranger: ru.help.stranger, members: ru.help.start },
  async handle(turn, incoming) {
    if (incoming.kind === "start") return onStart(turn, incoming.payload);
    if (incoming.kind === "command") return onStart(turn, incoming.args);
    if (incoming.kind !== "action") return;
    const consent = incoming.data.match(CONSENT);
    if (!consent) return ack(turn);
    return onConsent(turn, consent[1] === "yes", consent[2]);
  },
  /** A stranger may type the code from a printed sheet instead of opening the link; the rest waits for consent. */
  async onText(turn, text) {
    if (!turn.person) {
      if (/^\s*link/i.test(text)) {
        await link(turn, text.trim());
        return true;
      }
      if (!normalizeCode(text)) return false;
      await startWithCode(turn, text);
      return true;
    }
    if (!needsConsent(turn.person)) return false;
    send(turn, { text: ru.consentFirst });
    return true;
  },
};
