// /summary: the district summary of deficits as an XLSX file in the chat (#11 §6), for district
// staff. The same core function and release rules as the Mini App page and the CLI export.
import { isDistrictStaff } from "../access/permissions.ts";
import { summaryText } from "../messages/summary.ts";
import { districtDeficitSummary } from "../services/aggregates.ts";
import { send } from "./common.ts";
import type { Journey, Turn } from "./types.ts";

const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

async function sendSummary(turn: Turn) {
  const districts = new Map(
    (turn.person?.memberships ?? []).filter((m) => m.active && (isDistrictStaff(m) || m.role === "working_group")).map((m) => [m.districtId, { name: m.districtName, timeZone: m.districtTimezone }]),
  );
  const build = turn.deps.summaryWorkbook;
  if (!build) return send(turn, { text: summaryText.botUnavailable });
  for (const [districtId, { name, timeZone }] of districts) {
    // The use case checks the viewer again: district staff of this district only.
    const summary = await districtDeficitSummary(turn.deps, turn.person!, districtId);
    if (!summary.campaign) {
      send(turn, { text: summaryText.botNoCampaign(name) });
      continue;
    }
    const content = await build(summary, { timeZone, releaseStep: turn.deps.settings.releaseStep });
    turn.effects.push({
      kind: "document",
      filename: summaryText.fileName(turn.deps.clock.now().toISOString().slice(0, 10)),
      mimeType: XLSX_TYPE,
      content,
      caption: summaryText.botCaption(name, summary.campaign.title),
    });
  }
}

export const summaryJourney: Journey = {
  name: "summary",
  // A read-only file: district staff, a regional operator and the working group (#15).
  commands: [{ name: "summary", description: summaryText.command, audience: ["district", "regional", "working_group"] }],
  help: { district: summaryText.help, regional: summaryText.help, working_group: summaryText.help },
  async handle(turn, incoming) {
    if (turn.person && incoming.kind === "command") await sendSummary(turn);
  },
};
