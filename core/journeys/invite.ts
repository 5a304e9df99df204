// Invites from the bot for district staff: /invite → role → school → links for every messenger.
import { canManageDistrict, isDistrictStaff } from "../access/permissions.ts";
import { isDomainError } from "../errors.ts";
import { ru } from "../messages/bot.ts";
import { errorText } from "../messages/ru.ts";
import { DISTRICT_ROLES, isRole, type Role } from "../roles.ts";
import { INVITABLE_ROLES, inviteSchoolRule } from "../invites/roles.ts";
import { assignmentText } from "../messages/assignments.ts";
import { createInvite, requireOperator } from "../services/onboarding.ts";
import { ack, auditChange, edit, formatDate, makeNonce, onceData, send } from "./common.ts";
import { CHANNEL_TITLE, type Button, type Journey, type Turn } from "./types.ts";

const districtOf = (turn: Turn) =>
  turn.person?.memberships.find((membership) => membership.active && isDistrictStaff(membership))?.districtId;

/** Runs `step`, or tells the person in Russian why it cannot be done (no operator details yet, …). */
async function explained(turn: Turn, step: () => Promise<void>) {
  try {
    await step();
  } catch (error) {
    if (!isDomainError(error)) throw error;
    send(turn, { text: errorText[error.code] });
  }
}

async function chooseRole(turn: Turn) {
  const districtId = districtOf(turn);
  if (!districtId) return send(turn, { text: ru.onlyDistrict });
  await explained(turn, async () => {
    await requireOperator(turn.deps, districtId);
    // Choosing a role uses up this message: a double tap on «сотрудник РУО» makes one invite.
    const nonce = makeNonce(turn);
    const buttons: Button[][] = [];
    // curator_head is not invitable: a school-curator pair gives it (#15).
    INVITABLE_ROLES.forEach((role, index) => {
      if (index % 2 === 0) buttons.push([]);
      buttons.at(-1)!.push({ kind: "action", text: ru.roleName[role], data: onceData(turn, `inv:r:${role}`, nonce) });
    });
    send(turn, { text: ru.inviteChooseRole, buttons });
  });
}

async function issue(turn: Turn, role: Role, schoolId: string | null) {
  const districtId = districtOf(turn);
  if (!districtId || !turn.person || !canManageDistrict(turn.person.memberships, districtId)) {
    return send(turn, { text: ru.onlyDistrict });
  }
  await explained(turn, async () => {
    const timezone = turn.person!.memberships.find((m) => m.districtId === districtId)!.districtTimezone;
    // The invite's end (the end of the school year for parents) and its printed date are the district's.
    const invite = await createInvite({ ...turn.deps, timezone }, turn.person, { role, districtId, schoolId });
    auditChange(turn, "members.change", "/invite", districtId, schoolId);
    const school = schoolId ? await turn.deps.repo.getSchool(schoolId) : null;
    const district = turn.person!.memberships.find((m) => m.districtId === districtId)!.districtName;
    const links = Object.entries(turn.channel.startLinks).map(([channel, makeLink]) =>
      ru.channelLink(CHANNEL_TITLE[channel as keyof typeof CHANNEL_TITLE], makeLink!(invite.code)),
    );
    send(turn, {
      text: ru.inviteCreated(
        ru.roleName[role],
        school ? `${school.name}, ${district}` : district,
        links,
        invite.code,
        formatDate(invite.expiresAt, timezone),
        invite.maxUses,
      ),
    });
  });
}

/** `inv:r:<role>` picks the role (district staff: makes the invite); `inv:s:<role>:<school>` makes it. Each message once. */
async function onInviteAction(turn: Turn, data: string) {
  ack(turn);
  const districtId = districtOf(turn);
  if (!districtId) return send(turn, { text: ru.onlyDistrict });
  const pickSchool = data.match(/^inv:s:([a-z_]+):([a-z0-9]{1,40})$/);
  if (pickSchool && isRole(pickSchool[1]!) && INVITABLE_ROLES.includes(pickSchool[1])) {
    turn.effects.push({ kind: "clearButtons" });
    return issue(turn, pickSchool[1], pickSchool[2]!);
  }
  // A mentor, tutor or curator invited to the district, no school: the district assigns them later (#15).
  const toDistrict = data.match(/^inv:d:([a-z_]+)$/)?.[1];
  if (toDistrict && isRole(toDistrict) && inviteSchoolRule(toDistrict) === "optional") {
    turn.effects.push({ kind: "clearButtons" });
    return issue(turn, toDistrict, null);
  }
  const role = data.match(/^inv:r:([a-z_]+)$/)?.[1];
  if (!role || !isRole(role) || !INVITABLE_ROLES.includes(role)) return;
  // District-wide roles (district staff, the institute's methodologist) belong to no school.
  if (DISTRICT_ROLES.includes(role)) {
    turn.effects.push({ kind: "clearButtons" });
    return issue(turn, role, null);
  }
  const nonce = makeNonce(turn);
  const schools = await turn.deps.repo.listSchools([districtId]);
  if (!schools.length && inviteSchoolRule(role) !== "optional") return send(turn, { text: ru.inviteNoSchools });
  const toWholeDistrict: Button[][] =
    inviteSchoolRule(role) === "optional" ? [[{ kind: "action", text: assignmentText.inviteWholeDistrict, data: onceData(turn, `inv:d:${role}`, nonce) }]] : [];
  edit(turn, {
    text: `${ru.inviteChooseSchool} (${ru.roleName[role]})`,
    buttons: [
      ...toWholeDistrict,
      ...schools.map((school) => [{ kind: "action" as const, text: school.name.slice(0, 60), data: onceData(turn, `inv:s:${role}:${school.id}`, nonce) }]),
    ],
  });
}

export const inviteJourney: Journey = {
  name: "invite",
  prefix: "inv:",
  commands: [{ name: "invite", description: ru.commands.invite, audience: ["district", "regional"], refusal: ru.onlyDistrict }],
  help: { district: `${ru.help.invite}\n${ru.help.districtApp}`, regional: ru.help.invite },
  menu: { district: [{ kind: "command", text: ru.menuInvite, command: "invite" }], regional: [{ kind: "command", text: ru.menuInvite, command: "invite" }] },
  async handle(turn, incoming) {
    if (incoming.kind === "command") return chooseRole(turn);
    if (incoming.kind === "action") return onInviteAction(turn, incoming.data);
  },
};
