// /programmes (#15 §6): programmes as documents in chat. An expert sees the programmes awaiting their
// review, each with a button that opens it in the Mini App (where the scored form is); a school head
// sees the state of their school's programme; district staff and the working group see the district's
// programmes counted by state. The passport, the review form, return and approval live in the Mini App.
// Button prefix "pg:" (the buttons are app buttons; the notices to experts carry the same start
// parameter, net-programmes-<districtId>-<programmeId>).
import { PROGRAMME_STATE_NAMES, programmeText as t } from "../messages/programmes.ts";
import type { Role } from "../roles.ts";
import { programmesInChat, type ProgrammesDeps } from "../services/programmes.ts";
import { send } from "./common.ts";
import type { Button, Journey, Turn } from "./types.ts";

export const PROGRAMMES_PREFIX = "pg:";

/** Heads own a school's programme; district staff and the working group read all; the others may be named experts. */
export const PROGRAMMES_AUDIENCE: readonly Role[] = [
  "district",
  "regional",
  "working_group",
  "head",
  "methodologist",
  "assessment",
  "mentor",
  "tutor",
  "curator",
  "curator_head",
];

const MAX_BUTTONS = 8;

function deps(turn: Turn): ProgrammesDeps | null {
  const network = turn.deps.network;
  return network ? { network, repo: turn.deps.repo, clock: turn.deps.clock } : null;
}

async function showProgrammes(turn: Turn) {
  const ctx = deps(turn);
  if (!ctx || !turn.person) return send(turn, { text: t.unavailable });
  const { pending, own, overviews } = await programmesInChat(ctx, turn.person);
  const app = turn.channel.appAvailable;
  const lines: string[] = [];
  const buttons: Button[][] = [];
  if (pending.length) {
    lines.push(t.awaitingHeading);
    for (const review of pending) {
      lines.push(t.awaitingLine({ title: review.title, place: review.schoolName ?? t.districtPlace(review.districtName), version: review.version }));
      if (app && buttons.length < MAX_BUTTONS) {
        buttons.push([{ kind: "app", text: t.openReview(review.title), start: `net-programmes-${review.districtId}-${review.programmeId}` }]);
      }
    }
  }
  if (own.length) {
    if (lines.length) lines.push("");
    lines.push(t.ownHeading);
    for (const programme of own) {
      lines.push(t.ownLine({ title: programme.title, state: PROGRAMME_STATE_NAMES[programme.state] ?? programme.state, version: programme.version }));
      if (app && buttons.length < MAX_BUTTONS) {
        buttons.push([{ kind: "app", text: t.openOwn(programme.title), start: `net-programmes-${programme.districtId}-${programme.id}` }]);
      }
    }
  }
  for (const overview of overviews) {
    if (lines.length) lines.push("");
    const states = Object.entries(overview.counts);
    if (!states.length) {
      lines.push(t.noDistrictProgrammes(overview.districtName));
      continue;
    }
    lines.push(t.districtHeading(overview.districtName));
    for (const [state, count] of states) lines.push(t.districtLine(PROGRAMME_STATE_NAMES[state] ?? state, count));
    if (app && buttons.length < MAX_BUTTONS) buttons.push([{ kind: "app", text: t.openApp, start: `net-programmes-${overview.districtId}` }]);
  }
  if (!lines.length) lines.push(t.nothing);
  if (!app && (pending.length || own.length || overviews.length)) lines.push("", t.openInApp);
  send(turn, { text: lines.join("\n"), ...(buttons.length ? { buttons } : {}) });
}

export const programmesJourney: Journey = {
  name: "programmes",
  prefix: PROGRAMMES_PREFIX,
  commands: [{ name: "programmes", description: t.commandDescription, audience: PROGRAMMES_AUDIENCE, refusal: t.refusal }],
  help: Object.fromEntries(PROGRAMMES_AUDIENCE.map((role) => [role, t.help])),
  handle(turn, incoming) {
    if (incoming.kind === "command" && incoming.name === "programmes") return showProgrammes(turn);
  },
};
