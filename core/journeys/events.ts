// /events (#15 §4): the upcoming seminars, courses and meetings the person is invited to (or registered
// for), each with «✅ Записаться» or «✖️ Отменить запись» and «📆 В календарь (.ics)». The
// announcement and the "your request is planned" notice carry the same «Записаться» (ev:reg:<id>).
// Registering is idempotent (one registration per person and event, the capacity held by a row lock)
// and answers with the calendar file as a document.
import { eventText as t } from "../messages/seminars.ts";
import { isAdminError } from "../services/admin.ts";
import { cancelRegistration, eventIcsFile, eventWhen, registerForEvent, upcomingForPerson } from "../services/seminars.ts";
import type { EventRecord } from "../services/seminars-ports.ts";
import { icsFileName } from "../seminars/ics.ts";
import { ack, send } from "./common.ts";
import { seminarsDeps } from "./seminars.ts";
import type { Button, Journey, MenuEntry, Turn } from "./types.ts";

const PREFIX = "ev:";
/** Events shown in chat at once; the rest are in the Mini App. */
const SHOWN = 8;

function card(event: EventRecord, registered: boolean) {
  const seats = event.capacity !== null ? t.seats(Math.max(0, event.capacity - event.registered)) : null;
  return t.card({ kind: event.kind, title: event.title, when: eventWhen(event), place: event.place, url: event.onlineUrl, seats, registered });
}

function buttons(event: EventRecord, registered: boolean): Button[][] {
  return [
    [
      registered
        ? { kind: "action", text: t.unregisterButton, data: `${PREFIX}unreg:${event.id}` }
        : { kind: "action", text: t.registerButton, data: `${PREFIX}reg:${event.id}` },
      { kind: "action", text: t.icsButton, data: `${PREFIX}ics:${event.id}` },
    ],
  ];
}

async function list(turn: Turn) {
  const deps = seminarsDeps(turn)!;
  const { events, mine } = await upcomingForPerson(deps, turn.person!, SHOWN);
  if (!events.length) return send(turn, { text: t.none });
  send(turn, { text: t.heading(events.length) });
  for (const event of events) send(turn, { text: card(event, mine.has(event.id)), buttons: buttons(event, mine.has(event.id)) });
}

async function sendIcs(turn: Turn, eventId: string) {
  const { event, ics } = await eventIcsFile(seminarsDeps(turn)!, turn.person!, eventId);
  turn.effects.push({ kind: "document", filename: icsFileName(event.id), mimeType: "text/calendar", content: new TextEncoder().encode(ics), caption: t.icsCaption(event.title) });
}

async function press(turn: Turn, data: string) {
  const [, step, eventId = ""] = data.split(":");
  const deps = seminarsDeps(turn)!;
  const person = turn.person!;
  try {
    if (step === "reg") {
      const { outcome, event } = await registerForEvent(deps, person, eventId);
      if (outcome === "full") return ack(turn, t.full, true);
      if (outcome === "closed") return ack(turn, t.closed, true);
      if (outcome === "already") return ack(turn, t.already(event.title), true);
      ack(turn);
      send(turn, { text: t.registered(event.title) });
      return sendIcs(turn, eventId);
    }
    if (step === "unreg") {
      const { event } = await cancelRegistration(deps, person, eventId);
      ack(turn);
      return send(turn, { text: t.unregistered(event.title), buttons: [[{ kind: "action", text: t.registerButton, data: `${PREFIX}reg:${eventId}` }]] });
    }
    if (step === "ics") {
      ack(turn);
      return sendIcs(turn, eventId);
    }
    ack(turn);
  } catch (error) {
    // Not found: gone; not invited, not registered: the use case's own words.
    if (isAdminError(error)) return ack(turn, error.kind === "not_found" ? t.gone : error.message, true);
    throw error;
  }
}

const menuEntry: MenuEntry[] = [{ kind: "command", text: t.menu, command: "events" }];

export const eventsJourney: Journey = {
  name: "events",
  prefix: PREFIX,
  commands: [{ name: "events", description: t.command, audience: "members" }],
  help: { members: t.help },
  menu: { teacher: menuEntry, head: menuEntry, mentor: menuEntry, tutor: menuEntry, curator: menuEntry, curator_head: menuEntry },
  async handle(turn, incoming) {
    if (!turn.person) return;
    if (!seminarsDeps(turn)) {
      if (incoming.kind === "action") return ack(turn, t.unavailable, true);
      return send(turn, { text: t.unavailable });
    }
    if (incoming.kind === "command") return list(turn);
    if (incoming.kind === "action") return press(turn, incoming.data);
  },
};
