// A district broadcast (#14 §5): what the district writes (a text up to 3 500 characters, an optional
// link and file) and whom it goes to (roles, and all schools, chosen ones, a cluster of the 2×2
// clustering or a list of the identification — the same school choice as a campaign's audience,
// resolved by the campaigns' own resolution). Pure: the schemas, the text as sent, the file checks.
import { z } from "zod";
import { DISTRICT_ROLES, ROLES, type Role } from "../roles.ts";
import { SchoolChoiceSchema } from "../services/campaigns.ts";
import { ATTACHMENT_MAX_BYTES, ATTACHMENT_TYPES } from "../services/file-store-ports.ts";

/** A broadcast's text fits one message in both messengers (Telegram 4 096, MAX 4 000) with its link. */
export const BROADCAST_TEXT_MAX = 3500;
export const BROADCAST_LINK_MAX = 400;

/** Whom a broadcast goes to: roles, and the schools of the school roles. */
export const BroadcastTargetSchema = z.object({
  roles: z.array(z.enum(ROLES)).min(1).max(ROLES.length),
  schools: SchoolChoiceSchema.default({ kind: "all" }),
});
export type BroadcastTarget = z.infer<typeof BroadcastTargetSchema>;

/** A link in a broadcast: an http(s) address, nothing else (no javascript:, no tg:). */
export const BroadcastLinkSchema = z
  .string()
  .trim()
  .max(BROADCAST_LINK_MAX)
  .regex(/^https?:\/\/[^\s/$.?#][^\s]*$/i);

/** A file uploaded for a broadcast (POST …/broadcasts/files gives these fields back). */
export const BroadcastFileSchema = z.object({
  key: z.string().regex(/^broadcasts\/[a-z0-9]{1,40}_[a-z0-9]{1,38}$/),
  name: z.string().trim().min(1).max(200),
  mimeType: z.string().min(1).max(200),
});
export type BroadcastFile = z.infer<typeof BroadcastFileSchema>;

/** What the district writes: a draft is created from it. */
export const BroadcastInputSchema = z.object({
  text: z.string().trim().min(1).max(BROADCAST_TEXT_MAX),
  link: BroadcastLinkSchema.nullable().optional(),
  file: BroadcastFileSchema.nullable().optional(),
  target: BroadcastTargetSchema,
});
export type BroadcastInput = z.infer<typeof BroadcastInputSchema>;

/** The text a recipient gets: the district's text, then the link on its own line. */
export const broadcastMessageText = (text: string, link: string | null | undefined): string => (link ? `${text.trim()}\n\n${link}` : text.trim());

/** The file store key of a district's broadcast attachment: the district is part of it, so a draft cannot take another district's file. */
export const broadcastFileKey = (districtId: string, id: string) => `broadcasts/${districtId}_${id}`;
export const fileKeyOfDistrict = (key: string, districtId: string) => key.startsWith(`broadcasts/${districtId}_`);

export type AttachmentCheck = { ok: true; mimeType: string } | { ok: false; reason: "type" | "size" | "empty" };

/** A file may go with a broadcast: a type of ATTACHMENT_TYPES (by its extension) and at most ATTACHMENT_MAX_BYTES. */
export function checkAttachment(fileName: string, size: number): AttachmentCheck {
  const extension = fileName.split(".").pop()?.toLowerCase() ?? "";
  const mimeType = fileName.includes(".") ? ATTACHMENT_TYPES[extension] : undefined;
  if (!mimeType) return { ok: false, reason: "type" };
  if (size <= 0) return { ok: false, reason: "empty" };
  if (size > ATTACHMENT_MAX_BYTES) return { ok: false, reason: "size" };
  return { ok: true, mimeType };
}

/**
 * The recipients' filters of a target: school roles in the chosen schools (null: every school),
 * district-wide roles (district, institute, assessment centre) whatever the schools, since they
 * belong to no school.
 */
export function targetFilters(roles: readonly Role[], schoolIds: readonly string[] | null): Array<{ roles: Role[]; schoolIds: string[] | null }> {
  const unique = [...new Set(roles)];
  const districtWide = unique.filter((role) => DISTRICT_ROLES.includes(role));
  const schoolBound = unique.filter((role) => !DISTRICT_ROLES.includes(role));
  const filters: Array<{ roles: Role[]; schoolIds: string[] | null }> = [];
  if (schoolBound.length) filters.push({ roles: schoolBound, schoolIds: schoolIds ? [...schoolIds] : null });
  if (districtWide.length) filters.push({ roles: districtWide, schoolIds: null });
  return filters;
}

/** How a recipient stands for a broadcast. */
export type Reach = "reachable" | "noChat" | "notConsented" | "blocked";

export function reachOf(recipient: { account: unknown; consented: boolean }, blocked: boolean): Reach {
  if (!recipient.consented) return "notConsented";
  if (recipient.account) return "reachable";
  return blocked ? "blocked" : "noChat";
}

/** Delivery states of the Outbox as the report groups them: pending and sending are «в очереди». */
export type ReportState = "queued" | "delivered" | "blocked" | "failed";

export function reportStateOf(outboxState: string): ReportState {
  if (outboxState === "delivered") return "delivered";
  if (outboxState === "blocked") return "blocked";
  if (outboxState === "failed") return "failed";
  return "queued";
}
