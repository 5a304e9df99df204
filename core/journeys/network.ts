// /myschools (#15 §2): "my schools" for both sides of the support. A mentor, tutor or curator sees the
// schools they are assigned to (period, plan of visits), a curator school's head the schools paired with
// theirs, and a head who supports their school (assigned people with their periods, the curator school);
// each school with its heads and the shared roadmap events of the current school year. «Мероприятия: …»
// (nw:s:<schoolId>) lists all shared events of one school; the Mini App opens at "net-myNetwork".
import { assignmentText as t, ASSIGNMENT_KIND_NAMES } from "../messages/assignments.ts";
import { isAdminError } from "../services/admin.ts";
import { myNetwork, NETWORK_VIEW_ROLES, periodText, type AssignmentsDeps, type MySchoolView } from "../services/assignments.ts";
import { dateOf } from "../network/assignments.ts";
import { ack, escapeHtml, send } from "./common.ts";
import type { Button, Journey, Turn } from "./types.ts";

export const NETWORK_PREFIX = "nw:";
const SCHOOL = `${NETWORK_PREFIX}s:`;
/** Events per school in the list; the rest behind the school's button and in the app. */
const EVENTS_SHOWN = 5;
const EVENTS_IN_DETAIL = 30;

function context(turn: Turn): AssignmentsDeps | null {
  const network = turn.deps.network;
  if (!network) return null;
  return {
    assignments: network.assignments,
    recipients: network.recipients,
    repo: turn.deps.repo,
    clock: turn.deps.clock,
    ...(turn.deps.identification ? { ident: turn.deps.identification.ident } : {}),
    ...(turn.deps.management ? { roadmaps: turn.deps.management.roadmaps } : {}),
  };
}

const period = (startsOn: string, endsOn: string | null) => periodText({ startsOn: dateOf(startsOn), endsOn: endsOn ? dateOf(endsOn) : null });
const dayText = (iso: string) => new Intl.DateTimeFormat("ru-RU", { timeZone: "UTC", day: "numeric", month: "long" }).format(dateOf(iso));

function schoolLines(school: MySchoolView, eventsShown: number): string[] {
  const e = escapeHtml;
  const lines = [t.schoolLine(e(school.schoolName), e(school.districtName))];
  for (const me of school.me) {
    if (me.role === "head") lines.push(t.myRoleHead);
    else if (me.role === "curator_head") lines.push(t.myRoleCuratorHead(e(me.curatorSchoolName), period(me.startsOn, me.endsOn)));
    else lines.push(`${t.myRole(ASSIGNMENT_KIND_NAMES[me.role], period(me.startsOn, me.endsOn))}. ${t.plan(me.plannedVisits)}`);
  }
  const isHead = school.me.some((me) => me.role === "head");
  if (!isHead) lines.push(school.heads.length ? t.heads(e(school.heads.map((head) => head.name).join(", "))) : t.noHeads);
  for (const supporter of school.supporters) {
    const mine = school.me.some((me) => "assignmentId" in me && me.assignmentId === supporter.assignmentId);
    if (!mine) lines.push(t.supporter(capital(ASSIGNMENT_KIND_NAMES[supporter.kind]), e(supporter.name), period(supporter.startsOn, supporter.endsOn)));
  }
  for (const curator of school.curatorSchools) lines.push(t.curatorSchool(e(curator.name), e(curator.heads.join(", ")), period(curator.startsOn, curator.endsOn)));
  if (isHead && school.me.length === 1 && !school.supporters.length && !school.curatorSchools.length) lines.push(t.noneHead(e(school.schoolName)));
  if (school.events?.items.length) {
    lines.push(t.eventsHeading(school.events.items.length));
    for (const event of school.events.items.slice(0, eventsShown)) {
      lines.push(t.eventLine(event.number, e(event.title), dayText(event.dueOn), t.eventState[event.state] ?? event.state, event.mine));
    }
    if (school.events.items.length > eventsShown) lines.push(t.moreEvents(school.events.items.length - eventsShown));
  } else {
    lines.push(t.noEvents);
  }
  return lines;
}

const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

async function load(turn: Turn) {
  const ctx = context(turn);
  if (!ctx) {
    send(turn, { text: t.unavailable });
    return null;
  }
  try {
    return await myNetwork(ctx, turn.person!);
  } catch (error) {
    if (!isAdminError(error)) throw error;
    send(turn, { text: t.refusal });
    return null;
  }
}

async function showMySchools(turn: Turn) {
  const view = await load(turn);
  if (!view) return;
  const app: Button[][] = turn.channel.appAvailable ? [[{ kind: "app", text: t.openApp, start: "net-myNetwork" }]] : [];
  if (!view.schools.length) return send(turn, { text: t.none, ...(app.length ? { buttons: app } : {}) });
  const lines = [t.heading, ""];
  const buttons: Button[][] = [];
  for (const school of view.schools) {
    lines.push(...schoolLines(school, EVENTS_SHOWN), "");
    if ((school.events?.items.length ?? 0) > EVENTS_SHOWN) {
      buttons.push([{ kind: "action", text: t.eventsButton(school.schoolName).slice(0, 60), data: `${SCHOOL}${school.schoolId}` }]);
    }
  }
  if (app.length) lines.push(t.appHint);
  send(turn, { text: lines.join("\n").trim(), html: true, buttons: [...buttons, ...app] });
}

async function showSchool(turn: Turn, schoolId: string) {
  ack(turn);
  const view = await load(turn);
  if (!view) return;
  const school = view.schools.find((candidate) => candidate.schoolId === schoolId);
  if (!school) return send(turn, { text: t.notFound });
  const app: Button[][] = turn.channel.appAvailable ? [[{ kind: "app", text: t.openApp, start: "net-myNetwork" }]] : [];
  send(turn, { text: schoolLines(school, EVENTS_IN_DETAIL).join("\n"), html: true, ...(app.length ? { buttons: app } : {}) });
}

const menuEntry = [{ kind: "command" as const, text: t.menu, command: "myschools" }];

export const networkJourney: Journey = {
  name: "network",
  prefix: NETWORK_PREFIX,
  commands: [{ name: "myschools", description: t.command, audience: NETWORK_VIEW_ROLES, refusal: t.refusal }],
  help: { mentor: t.help, tutor: t.help, curator: t.help, curator_head: t.help, head: t.helpHead },
  menu: { mentor: menuEntry, tutor: menuEntry, curator: menuEntry, curator_head: menuEntry },
  async handle(turn, incoming) {
    if (!turn.person) return;
    if (incoming.kind === "command") return showMySchools(turn);
    if (incoming.kind === "action") {
      const match = /^nw:s:([a-z0-9]{1,40})$/.exec(incoming.data);
      if (match) return showSchool(turn, match[1]!);
      ack(turn);
    }
  },
};
