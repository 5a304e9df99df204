// The person's rights over their data: download it (/mydata) and withdraw consent with deletion (/deletedata).
import { ru } from "../messages/bot.ts";
import { myDataFile } from "../services/mydata.ts";
import { forgetPerson } from "../services/onboarding.ts";
import { ack, makeNonce, onceData, send } from "./common.ts";
import { commandsFor } from "./registry.ts";
import type { Journey, Turn } from "./types.ts";

async function sendMyData(turn: Turn) {
  if (!turn.person) return send(turn, { text: ru.deleteNothing });
  const file = await myDataFile(turn.deps, turn.person.id, ru.myDataFilename);
  turn.effects.push({ kind: "document", ...file, caption: ru.myDataCaption });
}

function askDelete(turn: Turn) {
  const nonce = makeNonce(turn);
  send(turn, {
    text: ru.deleteAsk,
    buttons: [
      [
        { kind: "action", text: ru.deleteConfirm, data: onceData(turn, "forget:yes", nonce) },
        { kind: "action", text: ru.deleteCancel, data: onceData(turn, "forget:no", nonce) },
      ],
    ],
  });
}

async function onDelete(turn: Turn, confirmed: boolean) {
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

export const privacyJourney: Journey = {
  name: "privacy",
  prefix: "forget:",
  buttonsBeforeConsent: true,
  commands: [
    { name: "mydata", description: ru.commands.mydata, audience: "members", beforeConsent: true, refusal: ru.deleteNothing },
    { name: "deletedata", description: ru.commands.deletedata, audience: "members", beforeConsent: true, refusal: ru.deleteNothing },
  ],
  help: { members: `${ru.help.mydata}\n${ru.help.deletedata}` },
  async handle(turn, incoming) {
    if (incoming.kind === "command") return incoming.name === "mydata" ? sendMyData(turn) : askDelete(turn);
    if (incoming.kind === "action") return onDelete(turn, incoming.data === "forget:yes");
  },
};
