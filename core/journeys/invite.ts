// Invites from the bot for district staff: /invite → role → school → links for every messenger.
import { canManageDistrict } from "../access/permissions.ts";
import { isDomainError } from "../errors.ts";
import { ru } from "../messages/bot.ts";
import { errorText, roleTitle } from "../messages/ru.ts";
import { ROLES, isRole, type Role } from "../roles.ts";
import { createInvite } from "../services/onboarding.ts";
import { ack, edit, formatDate, send } from "./common.ts";
import { CHANNEL_TITLE, type Button, type Turn } from "./types.ts";

const districtOf = (turn: Turn) =>
  turn.person?.memberships.find((membership) => membership.active && membership.role === "district")?.districtId;

export function onInviteCommand(turn: Turn) {
  if (!districtOf(turn)) return send(turn, { text: ru.onlyDistrict });
  const buttons: Button[][] = [];
  ROLES.forEach((role, index) => {
    if (index % 2 === 0) buttons.push([]);
    buttons.at(-1)!.push({ kind: "action", text: roleTitle[role], data: `inv:r:${role}` });
  });
  send(turn, { text: ru.inviteChooseRole, buttons });
}

async function issue(turn: Turn, role: Role, schoolId: string | null) {
  const districtId = districtOf(turn);
  if (!districtId || !turn.person || !canManageDistrict(turn.person.memberships, districtId)) {
    return send(turn, { text: ru.onlyDistrict });
  }
  try {
    const invite = await createInvite(turn.deps, turn.person, { role, districtId, schoolId });
    const school = schoolId ? await turn.deps.repo.getSchool(schoolId) : null;
    const district = turn.person.memberships.find((membership) => membership.districtId === districtId)!.districtName;
    const links = Object.entries(turn.channel.startLinks).map(([channel, makeLink]) =>
      ru.channelLink(CHANNEL_TITLE[channel as keyof typeof CHANNEL_TITLE], makeLink!(invite.code)),
    );
    send(turn, {
      text: ru.inviteCreated(
        roleTitle[role],
        school ? `${school.name}, ${district}` : district,
        links,
        invite.code,
        formatDate(invite.expiresAt, turn.deps.timezone),
        invite.maxUses,
      ),
    });
  } catch (error) {
    if (!isDomainError(error)) throw error;
    send(turn, { text: errorText[error.code] });
  }
}

export async function onInviteAction(turn: Turn, data: string): Promise<boolean> {
  const pickRole = data.match(/^inv:r:([a-z]+)$/);
  const pickSchool = data.match(/^inv:s:([a-z]+):([a-z0-9]{1,40})$/);
  if (!pickRole && !pickSchool) return false;
  ack(turn);
  const role = (pickRole ?? pickSchool)![1]!;
  const districtId = districtOf(turn);
  if (!districtId || !isRole(role)) {
    send(turn, { text: ru.onlyDistrict });
    return true;
  }
  if (pickSchool) {
    turn.effects.push({ kind: "clearButtons" });
    await issue(turn, role, pickSchool[2]!);
    return true;
  }
  if (role === "district") {
    await issue(turn, role, null);
    return true;
  }
  const schools = await turn.deps.repo.listSchools([districtId]);
  if (!schools.length) {
    send(turn, { text: ru.inviteNoSchools });
    return true;
  }
  edit(turn, {
    text: `${ru.inviteChooseSchool} (${roleTitle[role]})`,
    buttons: schools.map((school) => [{ kind: "action", text: school.name.slice(0, 60), data: `inv:s:${role}:${school.id}` }]),
  });
  return true;
}
