// /campaign: the district staff open or close the teacher diagnostic from the chat (#11 §2, the
// short actions in the bot), through the same use cases as the CLI and the Mini App
// (core/services/campaigns.ts). Both ask first, with once-only buttons.
import { campaignText as text } from "../messages/reminders.ts";
import { isAdminError, type AdminContext } from "../services/admin.ts";
import { closeCampaign, listCampaigns, openCampaign } from "../services/campaigns.ts";
import { ack, escapeHtml, makeNonce, onceData, send } from "./common.ts";
import type { Journey, Turn } from "./types.ts";

const PREFIX = "campaign:";
const DAYS = 30;

const context = (turn: Turn): AdminContext | null =>
  turn.deps.admin ? { admin: turn.deps.admin, repo: turn.deps.repo, clock: turn.deps.clock, randomBytes: turn.deps.randomBytes } : null;

/** Runs a use case; its refusal (AdminError) is told in its own Russian words. */
async function attempt(turn: Turn, work: (ctx: AdminContext) => Promise<void>) {
  const ctx = context(turn);
  if (!ctx) return send(turn, { text: text.unavailable });
  try {
    await work(ctx);
  } catch (error) {
    if (!isAdminError(error)) throw error;
    send(turn, { text: error.message });
  }
}

async function show(turn: Turn) {
  const districts = [...new Set(turn.person!.memberships.filter((m) => m.active && m.role === "district").map((m) => m.districtId))];
  await attempt(turn, async (ctx) => {
    for (const districtId of districts) {
      const { district, campaigns } = await listCampaigns(ctx, turn.person, { district: districtId });
      const current = campaigns.find((campaign) => campaign.status !== "closed");
      const name = escapeHtml(district.name);
      if (!current) {
        send(turn, {
          text: text.none(name),
          html: true,
          buttons: [[{ kind: "action", text: text.openButton(DAYS), data: `${PREFIX}open:${district.id}` }]],
        });
        continue;
      }
      const status = current.status as "planned" | "open";
      send(turn, {
        text: text.current(name, escapeHtml(current.title), status, current.opensLocal, current.closesLocal, current.completed, current.teachers),
        html: true,
        buttons: [[{ kind: "action", text: text.closeButton(status === "planned"), data: `${PREFIX}close:${current.id}` }]],
      });
    }
  });
}

function ask(turn: Turn, question: string, yes: string, data: string) {
  ack(turn);
  const nonce = makeNonce(turn);
  send(turn, {
    text: question,
    buttons: [
      [
        { kind: "action", text: yes, data: onceData(turn, data, nonce) },
        { kind: "action", text: text.no, data: onceData(turn, `${PREFIX}no`, nonce) },
      ],
    ],
  });
}

export const campaignJourney: Journey = {
  name: "campaign",
  prefix: PREFIX,
  commands: [{ name: "campaign", description: text.command, audience: ["district"] }],
  help: { district: text.help },
  menu: { district: [{ kind: "command", text: text.menu, command: "campaign" }] },
  async handle(turn, incoming) {
    if (!turn.person) return;
    if (incoming.kind === "command") return show(turn);
    if (incoming.kind !== "action") return;
    const [, step, id] = incoming.data.split(":");
    if (step === "open" && id) return ask(turn, text.openAsk(DAYS), text.openYes, `${PREFIX}openyes:${id}`);
    if (step === "close" && id) {
      const campaign = await turn.deps.admin?.getCampaign(id);
      return ask(turn, text.closeAsk(campaign?.title ?? ""), text.closeYes, `${PREFIX}closeyes:${id}`);
    }
    ack(turn);
    turn.effects.push({ kind: "clearButtons" });
    // Permissions are checked by the use cases: district staff of that district only.
    if (step === "openyes" && id) {
      return attempt(turn, async (ctx) => {
        const opened = await openCampaign(ctx, turn.person, { district: id, days: DAYS });
        send(turn, { text: text.opened(opened.title, opened.closesLocal) });
        if (opened.overlapping.length) send(turn, { text: text.overlap(opened.overlapping.map((row) => row.title).join("; ")) });
      });
    }
    if (step === "closeyes" && id) {
      return attempt(turn, async (ctx) => {
        const closed = await closeCampaign(ctx, turn.person, { campaign: id });
        send(turn, { text: closed.was === "closed" ? text.alreadyClosed(closed.title) : text.closed(closed.title, closed.closesLocal) });
      });
    }
    send(turn, { text: text.cancelled });
  },
};
