import type { Role } from "../roles.ts";

/**
 * Invite codes: 10 characters from an alphabet without look-alikes (0/O, 1/I/L), so a code read
 * from a printed sheet can be typed. Fits Telegram's `start` (64) and MAX's payload (128) limits.
 */
export const CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
export const CODE_LENGTH = 10;

export function makeCode(randomBytes: (size: number) => Uint8Array): string {
  const bytes = randomBytes(CODE_LENGTH * 2);
  let code = "";
  for (let index = 0; code.length < CODE_LENGTH && index < bytes.length; index++) {
    const byte = bytes[index]!;
    // Rejection sampling keeps the distribution uniform.
    if (byte < 256 - (256 % CODE_ALPHABET.length)) code += CODE_ALPHABET[byte % CODE_ALPHABET.length];
  }
  if (code.length < CODE_LENGTH) return makeCode(randomBytes);
  return code;
}

/** Accepts what a person may type: any case, spaces and dashes. Returns null when it cannot be a code. */
export function normalizeCode(input: string): string | null {
  const code = input.trim().toUpperCase().replace(/[\s-]/g, "");
  if (code.length !== CODE_LENGTH) return null;
  return [...code].every((char) => CODE_ALPHABET.includes(char)) ? code : null;
}

export interface InviteRecord {
  id: string;
  code: string;
  role: Role;
  districtId: string;
  schoolId: string | null;
  maxUses: number;
  uses: number;
  expiresAt: Date;
  revokedAt: Date | null;
  /** Set for a personal invite of a person registered in advance. */
  personId: string | null;
}

export type InviteProblem = "invite_revoked" | "invite_expired" | "invite_used_up";

/** Why an invite cannot be used now, or null when it can. */
export function inviteProblem(invite: InviteRecord, now: Date): InviteProblem | null {
  if (invite.revokedAt) return "invite_revoked";
  if (invite.expiresAt.getTime() <= now.getTime()) return "invite_expired";
  if (invite.uses >= invite.maxUses) return "invite_used_up";
  return null;
}

/** Default use limits: a personal invite is for one person, a school-wide parent link for many. */
export const DEFAULT_MAX_USES: Record<Role, number> = {
  district: 1,
  head: 1,
  teacher: 1,
  mentor: 1,
  parent: 500,
  methodologist: 1,
  assessment: 1,
  tutor: 1,
  curator: 1,
  curator_head: 1,
  working_group: 1,
  regional: 1,
};
export const DEFAULT_INVITE_DAYS = 30;
