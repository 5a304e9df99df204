// /broadcast (#14 §5): district staff are pointed to the broadcasts page of the Mini App, where a
// broadcast is composed (text, link, file, roles and schools), previewed, sent and followed in its
// live delivery report. Button prefix "bc:" (no buttons of its own yet).
import { broadcastText as t } from "../messages/broadcasts.ts";
import { send } from "./common.ts";
import type { Journey } from "./types.ts";

export const broadcastJourney: Journey = {
  name: "broadcast",
  commands: [{ name: "broadcast", description: t.commandDescription, audience: ["district", "regional"], refusal: t.refusal }],
  prefix: "bc:",
  help: { district: t.help, regional: t.help },
  handle(turn, incoming) {
    if (incoming.kind !== "command" || incoming.name !== "broadcast") return;
    send(turn, {
      text: turn.channel.appAvailable ? t.intro : t.introNoApp,
      ...(turn.channel.appAvailable ? { buttons: [[{ kind: "app" as const, text: t.openApp }]] } : {}),
    });
  },
};
