// The one list of journeys. The engine routes through it; /help, the main menu and the command lists
// of both messengers are generated from it. A new journey is one file in core/journeys/ and one line here.
import { ru } from "../messages/bot.ts";
import type { Role } from "../roles.ts";
import type { PersonView } from "../services/ports.ts";
import { activeRoles, multiChannel } from "./common.ts";
import { diagnosticJourney } from "./diagnostic.ts";
import { helpJourney } from "./help.ts";
import { inviteJourney } from "./invite.ts";
import { linkJourney } from "./link.ts";
import { onboardingJourney } from "./onboarding.ts";
import { privacyJourney } from "./privacy.ts";
import { progressJourney } from "./progress.ts";
import { campaignJourney } from "./campaign.ts";
import { summaryJourney } from "./summary.ts";
import { identificationJourney } from "./identification.ts";
import { routesJourney } from "./routes.ts";
import { surveyJourney } from "./survey.ts";
import { riskProfileJourney } from "./risk-profile.ts";
import { anonymousJourney } from "./anonymous.ts";
import { recommendationsJourney } from "./recommendations.ts";
import { roadmapJourney } from "./roadmap.ts";
import { calendarJourney } from "./calendar.ts";
import { broadcastJourney } from "./broadcast.ts";
import { reportJourney } from "./report.ts";
import { networkJourney } from "./network.ts";
import { visitsJourney } from "./visits.ts";
import { seminarsJourney } from "./seminars.ts";
import { eventsJourney } from "./events.ts";
import { libraryJourney } from "./library.ts";
import { programmesJourney } from "./programmes.ts";
import { workingGroupJourney } from "./working-group.ts";
import type { Audience, Button, CommandSpec, Journey, JourneyCommand, Turn } from "./types.ts";

/** In this order: command lists, /help and the menu follow it, and free text is offered to each in turn. */
const registry = (): readonly Journey[] => [
  // First: a chat on the anonymous path (a class code) takes its typed answers before anyone else.
  anonymousJourney,
  onboardingJourney,
  diagnosticJourney,
  inviteJourney,
  progressJourney,
  campaignJourney,
  summaryJourney,
  // Before identification, which takes every file: a teacher's certificate (PDF/JPG/PNG) after «✅».
  routesJourney,
  // Any instrument in chat (#13): after routes, whose typed texts (a certificate link) are narrower.
  surveyJourney,
  // The management loop (#14): an executor's evidence file after «Выполнено» comes before
  // identification, which takes every file.
  roadmapJourney,
  recommendationsJourney,
  calendarJourney,
  broadcastJourney,
  reportJourney,
  // The network around the schools (#15): a visit report's photo or file comes before identification.
  networkJourney,
  visitsJourney,
  seminarsJourney,
  eventsJourney,
  libraryJourney,
  programmesJourney,
  workingGroupJourney,
  identificationJourney,
  riskProfileJourney,
  linkJourney,
  privacyJourney,
  helpJourney,
];

// Journeys import helpers from this module, so the list is built on first use, not at import time.
let journeys: readonly Journey[] | undefined;
export const JOURNEYS = (): readonly Journey[] => (journeys ??= registry());

export function findCommand(name: string): { journey: Journey; command: JourneyCommand } | null {
  for (const journey of JOURNEYS()) {
    const command = journey.commands.find((candidate) => candidate.name === name);
    if (command) return { journey, command };
  }
  return null;
}

export const journeyForButton = (data: string): Journey | null =>
  JOURNEYS().find((journey) => journey.prefix && data.startsWith(journey.prefix)) ?? null;

/** Whether someone with these roles (none: not joined; `known`: the bot knows the person) is in the audience. */
function inAudience(audience: Audience, roles: readonly Role[], known: boolean): boolean {
  if (audience === "anyone") return true;
  if (audience === "members") return known;
  return audience.some((role) => roles.includes(role));
}

export const mayUse = (turn: Turn, command: JourneyCommand) =>
  inAudience(command.audience, activeRoles(turn.person), turn.person !== null);

const visible = (journey: Journey, linkable: boolean) => !journey.needsSecondChannel || linkable;

/** The command menu for these roles; `linkable` when a second messenger is there to link. */
export function commandList(roles: readonly Role[], linkable: boolean): CommandSpec[] {
  return JOURNEYS().filter((journey) => visible(journey, linkable)).flatMap((journey) =>
    journey.commands
      .filter((command) => inAudience(command.audience, roles, roles.length > 0))
      .map((command) => ({ command: command.name, description: command.description })),
  );
}

export const commandsFor = (turn: Turn, person: PersonView | null): CommandSpec[] =>
  commandList(activeRoles(person), multiChannel(turn));

/** Buttons under a greeting, per role, from every journey; the Mini App only where it is published. */
export function mainMenu(turn: Turn, person: PersonView): Button[][] {
  const roles = activeRoles(person);
  const rows: Button[][] = [];
  const seen = new Set<string>();
  for (const journey of JOURNEYS()) {
    if (!visible(journey, multiChannel(turn))) continue;
    for (const role of roles) {
      for (const entry of journey.menu?.[role] ?? []) {
        const key = entry.kind === "app" ? "app" : `menu:${entry.command}`;
        if (seen.has(key) || (entry.kind === "app" && !turn.channel.appAvailable)) continue;
        seen.add(key);
        rows.push([entry.kind === "app" ? { kind: "app", text: entry.text } : { kind: "action", text: entry.text, data: key }]);
      }
    }
  }
  return rows;
}

/** /help: a section per role the person holds, then the commands for everyone; strangers learn how to join. */
export function helpText(turn: Turn, person: PersonView | null): string {
  const roles = activeRoles(person);
  const journeys = JOURNEYS().filter((journey) => visible(journey, multiChannel(turn)));
  const linesFor = (key: Role | "members" | "stranger") => journeys.flatMap((journey) => journey.help?.[key] ?? []);
  const sections: string[] = [];
  if (!roles.length) sections.push(linesFor("stranger").join("\n"));
  for (const role of roles) {
    const lines = linesFor(role);
    if (lines.length) sections.push([ru.help.heading[role], ...lines].join("\n"));
  }
  sections.push([ru.help.commonHeading, ...(person ? linesFor("members") : [ru.help.start, ru.help.help])].join("\n"));
  return sections.filter(Boolean).join("\n\n");
}
