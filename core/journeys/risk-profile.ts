// /risk (#13 §6): the head gets the school's risk profile as a short text (ten factors, the fixed ones with
// the parameters over their thresholds) with a button to the page in the Mini App; district staff get their
// schools with the number of fixed factors. The same use cases as the Mini App (core/services/risk-profile.ts),
// so the same access rules and the same release minimum. «Обновить» (rp:) sends the profile again.
import { isDistrictStaff } from "../access/permissions.ts";
import { riskText } from "../messages/risk-profile.ts";
import { isAdminError } from "../services/admin.ts";
import { districtRiskProfiles, schoolRiskProfile, type RiskContext } from "../services/risk-profile.ts";
import type { MembershipDetail } from "../services/ports.ts";
import { ack, send } from "./common.ts";
import type { Button, Journey, Turn } from "./types.ts";

export const RISK_PREFIX = "rp:";
/** District lines in one message: a district of 300 schools gets the top and the rest in the app. */
const DISTRICT_LINES = 40;
/** Both messengers cut a message at about 4 000 characters. */
const TEXT_BUDGET = 3_500;

function riskContext(turn: Turn): RiskContext | null {
  const { repo, admin, surveys, clock, settings } = turn.deps;
  return admin && surveys ? { repo, admin, surveys, clock, settings } : null;
}

/** The page of one school's profile (`risk-<schoolId>`), or the app's start for the district's list. */
const appRow = (turn: Turn, start?: string): Button[][] =>
  turn.channel.appAvailable ? [[{ kind: "app", text: riskText.openPage, ...(start ? { start } : {}) }]] : [];

async function sendSchool(turn: Turn, ctx: RiskContext, membership: MembershipDetail) {
  const view = await schoolRiskProfile(ctx, turn.person, { schoolId: membership.schoolId! });
  const refresh: Button[] = [{ kind: "action", text: riskText.refresh, data: `${RISK_PREFIX}s:${view.school.id}` }];
  send(turn, {
    text: view.chatText ?? riskText.noData(view.school.name, view.yearLabel),
    buttons: [...appRow(turn, `risk-${view.school.id}`), refresh],
  });
}

async function sendDistrict(turn: Turn, ctx: RiskContext, membership: MembershipDetail) {
  const view = await districtRiskProfiles(ctx, turn.person, { districtId: membership.districtId });
  const withProfile = view.schools.filter((school) => school.profile);
  const lines = [riskText.districtHeading(view.district.name, view.yearLabel), ""];
  if (!withProfile.length) lines.push(riskText.districtNoProfiles);
  let shown = 0;
  let length = lines.join("\n").length + riskText.districtFooter.length;
  for (const school of withProfile) {
    const line = riskText.districtLine(school.name, school.profile!.fixed, school.profile!.noData);
    if (shown >= DISTRICT_LINES || length + line.length + 1 > TEXT_BUDGET) break;
    lines.push(line);
    length += line.length + 1;
    shown++;
  }
  if (withProfile.length > shown) lines.push(riskText.districtMore(withProfile.length - shown));
  lines.push("", riskText.districtFooter);
  send(turn, { text: lines.join("\n"), buttons: appRow(turn) });
}

async function sendRisk(turn: Turn, onlySchool?: string) {
  const ctx = riskContext(turn);
  if (!ctx) return send(turn, { text: riskText.noSurveys });
  const memberships = (turn.person?.memberships ?? []).filter((membership) => membership.active);
  const seen = new Set<string>();
  try {
    for (const membership of memberships) {
      if (membership.role === "head" && membership.schoolId && !seen.has(membership.schoolId)) {
        if (onlySchool && membership.schoolId !== onlySchool) continue;
        seen.add(membership.schoolId);
        await sendSchool(turn, ctx, membership);
      } else if ((isDistrictStaff(membership) || membership.role === "working_group") && !onlySchool && !seen.has(membership.districtId)) {
        seen.add(membership.districtId);
        await sendDistrict(turn, ctx, membership);
      }
    }
  } catch (error) {
    if (!isAdminError(error)) throw error;
    send(turn, { text: error.message });
  }
  if (onlySchool && !seen.size) send(turn, { text: riskText.headOwnSchoolOnly });
}

export const riskProfileJourney: Journey = {
  name: "risk",
  prefix: RISK_PREFIX,
  // District staff, a regional operator and the working group (read-only, #15) get the district's list.
  commands: [{ name: "risk", description: riskText.command, audience: ["head", "district", "regional", "working_group"], refusal: riskText.forbidden }],
  help: { head: riskText.help, district: riskText.helpDistrict, regional: riskText.helpDistrict, working_group: riskText.helpDistrict },
  menu: { head: [{ kind: "command", text: riskText.menu, command: "risk" }] },
  async handle(turn, incoming) {
    if (!turn.person) return;
    if (incoming.kind === "command") return sendRisk(turn);
    if (incoming.kind === "action" && incoming.data.startsWith(`${RISK_PREFIX}s:`)) {
      ack(turn);
      return sendRisk(turn, incoming.data.slice(`${RISK_PREFIX}s:`.length));
    }
    if (incoming.kind === "action") ack(turn);
  },
};
