// /help, /app and the greeting with the main menu: the parts of the bot every role shares.
import { ru } from "../messages/bot.ts";
import type { PersonView } from "../services/ports.ts";
import { send } from "./common.ts";
import { helpText, mainMenu } from "./registry.ts";
import type { Journey, Turn } from "./types.ts";

/** The greeting: «Здравствуйте» right after joining or linking, «С возвращением» later. */
export function greet(turn: Turn, person: PersonView, first = false) {
  const buttons = mainMenu(turn, person);
  const text = first ? ru.welcome(person.displayName) : ru.welcomeBack(person.displayName);
  send(turn, { text, ...(buttons.length ? { buttons } : {}) });
}

export const helpJourney: Journey = {
  name: "help",
  commands: [
    {
      name: "app",
      description: ru.commands.app,
      // Everyone with pages in the Mini App (#15: the network's roles and the regional operator too).
      audience: ["district", "head", "teacher", "mentor", "tutor", "curator", "curator_head", "working_group", "regional"],
      refusal: ru.appNotForYou,
    },
    { name: "help", description: ru.commands.help, audience: "anyone", beforeConsent: true },
  ],
  help: {
    head: ru.help.headApp,
    mentor: ru.help.mentorApp,
    tutor: ru.help.mentorApp,
    curator: ru.help.mentorApp,
    curator_head: ru.help.curatorHeadApp,
    working_group: ru.help.workingGroupApp,
    regional: ru.help.regionalApp,
    parent: ru.help.parent,
    members: ru.help.help,
  },
  menu: {
    district: [{ kind: "app", text: ru.openApp }],
    head: [{ kind: "app", text: ru.openApp }],
    teacher: [{ kind: "app", text: ru.openApp }],
    mentor: [{ kind: "app", text: ru.openApp }],
    tutor: [{ kind: "app", text: ru.openApp }],
    curator: [{ kind: "app", text: ru.openApp }],
    curator_head: [{ kind: "app", text: ru.openApp }],
    working_group: [{ kind: "app", text: ru.openApp }],
    regional: [{ kind: "app", text: ru.openApp }],
  },
  handle(turn, incoming) {
    if (incoming.kind !== "command") return;
    const buttons = turn.person ? mainMenu(turn, turn.person) : [];
    if (incoming.name === "help") {
      return send(turn, { text: helpText(turn, turn.person), ...(buttons.length ? { buttons } : {}) });
    }
    if (!buttons.some((row) => row.some((button) => button.kind === "app"))) return send(turn, { text: ru.appNotConfigured });
    send(turn, { text: ru.appIntro, buttons });
  },
  /** An empty message (a sticker, a photo) from someone the bot knows: the greeting and menu. */
  onText(turn, text) {
    if (!turn.person || text.trim()) return false;
    greet(turn, turn.person);
    return true;
  },
};
