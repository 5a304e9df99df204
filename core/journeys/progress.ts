// /progress: how far the district's (or a head's school's) teachers are through the diagnostic, in
// three figures without names, and «Напомнить» with a confirmation and an honest report (#11 §1, §5).
// The same use cases as the Mini App's district page (core/services/completion.ts, reminders.ts).
import { isDistrictStaff } from "../access/permissions.ts";
import { progressText as text, reminderReportText } from "../messages/reminders.ts";
import { districtCompletion, schoolCompletion, type CompletionReport } from "../services/completion.ts";
import { remindUnfinished } from "../services/reminders.ts";
import { ack, escapeHtml, formatDate, makeNonce, onceData, send } from "./common.ts";
import type { Button, Journey, Turn } from "./types.ts";

const PREFIX = "progress:";

/** The scopes a person follows: each district they manage, each school they head. */
function scopes(turn: Turn) {
  const memberships = turn.person?.memberships.filter((membership) => membership.active) ?? [];
  const districts = new Map(
    memberships.filter((m) => isDistrictStaff(m)).map((m) => [m.districtId, { name: m.districtName, timezone: m.districtTimezone }]),
  );
  const schools = new Map(
    memberships
      .filter((m) => m.role === "head" && m.schoolId && !districts.has(m.districtId))
      .map((m) => [m.schoolId!, { name: m.schoolName ?? "", timezone: m.districtTimezone }]),
  );
  return { districts: [...districts], schools: [...schools] };
}

function report(
  turn: Turn,
  { name: place, timezone }: { name: string; timezone: string },
  result: CompletionReport,
  remind: { kind: "d" | "s"; id: string },
  district: boolean,
) {
  if (!result.campaign) return send(turn, { text: text.noCampaign(place) });
  const closed = result.campaign.closesAt.getTime() <= turn.deps.clock.now().getTime();
  const lines = [
    text.heading(escapeHtml(place), escapeHtml(result.campaign.title), formatDate(result.campaign.closesAt, timezone), closed),
    text.totals(result.total, district && result.schools.length > 1),
  ];
  if (district && result.schools.length) lines.push(escapeHtml(text.schools(result.schools)));
  if (result.total.notJoined > 0) lines.push(text.notJoined(result.total.notJoined));
  const buttons: Button[][] = [];
  if (closed) lines.push(text.closed);
  else if (result.total.unfinished === 0) lines.push(text.nobodyToRemind);
  else buttons.push([{ kind: "action", text: text.remindButton(result.total.unfinished), data: `${PREFIX}ask:${remind.kind}:${remind.id}:${result.total.unfinished}` }]);
  send(turn, { text: lines.join("\n\n"), html: true, ...(buttons.length ? { buttons } : {}) });
}

async function showProgress(turn: Turn) {
  const { districts, schools } = scopes(turn);
  for (const [districtId, place] of districts) {
    report(turn, place, await districtCompletion(turn.deps, turn.person!, districtId), { kind: "d", id: districtId }, true);
  }
  for (const [schoolId, place] of schools) {
    report(turn, place, await schoolCompletion(turn.deps, turn.person!, schoolId), { kind: "s", id: schoolId }, false);
  }
}

/** The reminder writes to real people: it asks first, with once-only buttons. */
function askRemind(turn: Turn, kind: string, id: string, count: number) {
  ack(turn);
  const nonce = makeNonce(turn);
  send(turn, {
    text: text.remindAsk(count),
    buttons: [
      [
        { kind: "action", text: text.remindYes, data: onceData(turn, `${PREFIX}yes:${kind}:${id}`, nonce) },
        { kind: "action", text: text.remindNo, data: onceData(turn, `${PREFIX}no`, nonce) },
      ],
    ],
  });
}

async function remind(turn: Turn, kind: string, id: string) {
  ack(turn);
  turn.effects.push({ kind: "clearButtons" });
  // Permissions are checked by the use case: a head for their school, district staff for the district.
  const result = await remindUnfinished(turn.deps, turn.person!, kind === "s" ? { schoolId: id } : { districtId: id });
  send(turn, { text: reminderReportText(result) });
}

export const progressJourney: Journey = {
  name: "progress",
  prefix: PREFIX,
  commands: [{ name: "progress", description: text.command, audience: ["district", "regional", "head"] }],
  help: { district: text.help, regional: text.help, head: text.help },
  menu: {
    district: [{ kind: "command", text: text.menu, command: "progress" }],
    regional: [{ kind: "command", text: text.menu, command: "progress" }],
    head: [{ kind: "command", text: text.menu, command: "progress" }],
  },
  async handle(turn, incoming) {
    if (!turn.person) return;
    if (incoming.kind === "command") return showProgress(turn);
    if (incoming.kind !== "action") return;
    const [, step, kind, id, count] = incoming.data.split(":");
    if (step === "ask" && kind && id) return askRemind(turn, kind, id, Number(count) || 0);
    if (step === "yes" && kind && id) return remind(turn, kind, id);
    ack(turn);
    turn.effects.push({ kind: "clearButtons" });
    send(turn, { text: text.remindCancelled });
  },
};
