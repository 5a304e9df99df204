// /link: a code that adds the person's account in the other messenger to the same profile (issue #7).
import { ru } from "../messages/bot.ts";
import { LINK_CODE_MINUTES, startLinkCode } from "../services/onboarding.ts";
import { send } from "./common.ts";
import { CHANNEL_TITLE, type Journey } from "./types.ts";

export const linkJourney: Journey = {
  name: "link",
  needsSecondChannel: true,
  commands: [{ name: "link", description: ru.commands.link, audience: "members", refusal: ru.welcomeStranger }],
  help: { members: ru.help.link },
  async handle(turn, incoming) {
    if (incoming.kind !== "command" || !turn.person) return;
    const others = Object.entries(turn.channel.startLinks).filter(([channel]) => channel !== turn.account.channel);
    if (!others.length) return send(turn, { text: ru.linkOnlyOneChannel });
    const { code } = await startLinkCode(turn.deps, turn.person.id);
    const links = others.map(([channel, makeLink]) => ru.channelLink(CHANNEL_TITLE[channel as keyof typeof CHANNEL_TITLE], makeLink!(code)));
    send(turn, { text: ru.linkCreated(code, LINK_CODE_MINUTES, links) });
  },
};
