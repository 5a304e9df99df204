// District broadcasts (#14 §5). Contract: the actor is district staff of the broadcast's district
// (canManageDistrict through assertManages); null is the operator's shell. A target is roles and a
// school choice (all, chosen, a cluster, a list), resolved to schools by the campaigns' own
// resolution (core/services/campaigns.ts resolveSchools) and to people by the recipients port (one
// account per person: a person with both messengers gets it once). Preview counts without sending.
// Sending turns the draft queued and writes one Outbox row per reachable person (dedupeKey
// `bc:<broadcastId>:<personId>`) in ONE transaction: a crash before it leaves a draft that can be
// sent again, a send after it queues nothing twice. The report counts the Outbox rows by state.
import { CLUSTERS } from "../identification/types.ts";
import {
  broadcastMessageText,
  BroadcastInputSchema,
  BroadcastTargetSchema,
  BROADCAST_TEXT_MAX,
  broadcastFileKey,
  checkAttachment,
  fileKeyOfDistrict,
  reachOf,
  targetFilters,
  type BroadcastInput,
  type BroadcastTarget,
} from "../management/broadcasts.ts";
import { broadcastText as text } from "../messages/broadcasts.ts";
import { ROLES } from "../roles.ts";
import { AdminError, assertManages, assertReads, findDistrict, type Actor, type DistrictRef } from "./admin.ts";
import type { BroadcastRecord, DeliveryCounts, StoredTarget } from "./broadcasts-ports.ts";
import { resolveSchools, type CampaignContext } from "./campaigns.ts";
import { ATTACHMENT_MAX_BYTES, ATTACHMENT_TYPES } from "./file-store-ports.ts";
import type { ManagementContext } from "./management-context.ts";
import type { Channel, OutboxMessage } from "./ports.ts";
import type { Recipient } from "./recipients-ports.ts";

/** What the broadcast use cases need: the campaigns' context (schools, identification) and the #14 context. */
export interface BroadcastsContext extends CampaignContext {
  management: Pick<ManagementContext, "broadcasts" | "recipients" | "files">;
}

export const broadcastDedupeKey = (broadcastId: string, personId: string) => `bc:${broadcastId}:${personId}`;

/** How many a target reaches, and why the others are not reached. */
export interface BroadcastPreview {
  total: number;
  reachable: number;
  byChannel: Record<Channel, number>;
  unreachable: { noChat: number; notConsented: number; blocked: number };
  /** Schools the target was resolved to (null: every school). */
  schoolIds: string[] | null;
}

async function resolveTarget(ctx: BroadcastsContext, district: DistrictRef, target: BroadcastTarget): Promise<StoredTarget> {
  const resolved = await resolveSchools(ctx, district, target.schools);
  return { ...target, resolved: { schoolIds: resolved.schoolIds, ...(resolved.from ? { from: resolved.from } : {}) } };
}

/** The target's people, one entry per person (a head who also teaches: once). */
async function audience(ctx: BroadcastsContext, districtId: string, target: StoredTarget): Promise<Recipient[]> {
  const people = new Map<string, Recipient>();
  for (const filter of targetFilters(target.roles, target.resolved?.schoolIds ?? null)) {
    for (const recipient of await ctx.management.recipients.recipients(districtId, filter)) {
      const known = people.get(recipient.personId);
      if (!known) people.set(recipient.personId, recipient);
      else known.roles = [...new Set([...known.roles, ...recipient.roles])];
    }
  }
  return [...people.values()];
}

async function previewOf(ctx: BroadcastsContext, districtId: string, target: StoredTarget): Promise<{ preview: BroadcastPreview; reachable: Recipient[] }> {
  const people = await audience(ctx, districtId, target);
  const blocked = await ctx.management.broadcasts.blockedPeople(people.filter((person) => !person.account).map((person) => person.personId));
  const preview: BroadcastPreview = {
    total: people.length,
    reachable: 0,
    byChannel: { telegram: 0, max: 0 },
    unreachable: { noChat: 0, notConsented: 0, blocked: 0 },
    schoolIds: target.resolved?.schoolIds ?? null,
  };
  const reachable: Recipient[] = [];
  for (const person of people) {
    const reach = reachOf(person, blocked.has(person.personId));
    if (reach === "reachable") {
      preview.reachable++;
      preview.byChannel[person.account!.channel]++;
      reachable.push(person);
    } else preview.unreachable[reach]++;
  }
  return { preview, reachable };
}

/** What the compose form offers: roles, the district's schools, the identification's clusters and lists, the limits. */
export async function broadcastOptions(ctx: BroadcastsContext, actor: Actor, input: { district: string }) {
  const district = await findDistrict(ctx, actor, input.district);
  const run = ctx.ident ? await ctx.ident.latestRun(district.id) : null;
  const official = ctx.ident ? await ctx.ident.officialLists(district.id) : [];
  return {
    district,
    roles: ROLES,
    schools: (await ctx.repo.listSchools([district.id])).map((school) => ({ id: school.id, name: school.name, code: school.code })),
    identification: run
      ? {
          year: run.year,
          clusters: CLUSTERS.map((cluster) => ({ cluster, schools: run.output.schools.filter((school) => school.cluster === cluster).length })),
          shnor: run.output.schools.filter((school) => school.shnor).length,
          shnsu: run.output.schools.filter((school) => school.shnsu).length,
        }
      : null,
    officialLists: [...new Set(official.map((list) => `${list.kind}:${list.year}`))].map((entry) => {
      const [kind, year] = entry.split(":");
      return { kind: kind as "shnor" | "shnsu", year: Number(year) };
    }),
    limits: { textMax: BROADCAST_TEXT_MAX, fileMaxBytes: ATTACHMENT_MAX_BYTES, fileTypes: Object.keys(ATTACHMENT_TYPES) },
  };
}

/** How many people the target reaches now, without sending anything. */
export async function previewBroadcast(ctx: BroadcastsContext, actor: Actor, input: { district: string; target: BroadcastTarget }) {
  const district = await findDistrict(ctx, actor, input.district);
  const target = await resolveTarget(ctx, district, BroadcastTargetSchema.parse(input.target));
  return (await previewOf(ctx, district.id, target)).preview;
}

/** Stores an attachment for a broadcast of the district (type and size checked); gives what a draft takes. */
export async function uploadBroadcastFile(
  ctx: BroadcastsContext,
  actor: Actor,
  input: { district: string; fileName: string; content: Uint8Array },
) {
  const district = await findDistrict(ctx, actor, input.district);
  const check = checkAttachment(input.fileName, input.content.byteLength);
  if (!check.ok) {
    const message =
      check.reason === "type"
        ? text.badAttachmentType(Object.keys(ATTACHMENT_TYPES).join(", "))
        : check.reason === "size"
          ? text.attachmentTooBig(Math.round(ATTACHMENT_MAX_BYTES / 1024 / 1024))
          : text.attachmentEmpty;
    throw new AdminError("invalid", message, { field: "file" });
  }
  const id = Array.from(ctx.randomBytes(12), (byte) => byte.toString(16).padStart(2, "0")).join("");
  const key = broadcastFileKey(district.id, id);
  await ctx.management.files.put(key, input.content, check.mimeType);
  return { key, name: input.fileName.trim().slice(0, 200), mimeType: check.mimeType, size: input.content.byteLength };
}

/** A draft: nothing is sent until sendBroadcast. */
export async function createBroadcast(ctx: BroadcastsContext, actor: Actor, input: { district: string; broadcast: BroadcastInput }) {
  const district = await findDistrict(ctx, actor, input.district);
  const parsed = BroadcastInputSchema.parse(input.broadcast);
  if (parsed.file && (!fileKeyOfDistrict(parsed.file.key, district.id) || !(await ctx.management.files.get(parsed.file.key)))) {
    throw new AdminError("invalid", text.fileNotOfDistrict, { field: "file" });
  }
  // The target is resolved here too, so a draft with an impossible target (no run, empty cluster) is refused now.
  await resolveTarget(ctx, district, parsed.target);
  const record = await ctx.management.broadcasts.createDraft({
    districtId: district.id,
    text: parsed.text,
    link: parsed.link ?? null,
    file: parsed.file ?? null,
    target: { roles: parsed.target.roles, schools: parsed.target.schools },
    createdById: actor?.id ?? null,
  });
  return summary(record);
}

async function broadcastOf(ctx: BroadcastsContext, actor: Actor, id: string, access: "manage" | "read" = "manage"): Promise<BroadcastRecord> {
  const record = await ctx.management.broadcasts.get(id);
  if (!record) throw new AdminError("not_found", text.notFound);
  if (access === "read") assertReads(actor, record.districtId);
  else assertManages(actor, record.districtId);
  return record;
}

const summary = (record: BroadcastRecord) => ({
  id: record.id,
  districtId: record.districtId,
  text: record.text,
  link: record.link,
  file: record.file ? { name: record.file.name, mimeType: record.file.mimeType } : null,
  target: record.target as StoredTarget,
  state: record.state,
  recipients: record.recipients,
  createdAt: record.createdAt,
  queuedAt: record.queuedAt,
});

/**
 * Queues the broadcast: one Outbox row per reachable person, in the transaction that turns the
 * draft queued. Sending a queued broadcast again queues nothing (`alreadyQueued`).
 */
export async function sendBroadcast(ctx: BroadcastsContext, actor: Actor, input: { broadcast: string }) {
  const record = await broadcastOf(ctx, actor, input.broadcast);
  if (record.state !== "draft") return { ...summary(record), alreadyQueued: true, enqueued: 0 };
  const [district] = await ctx.admin.findDistricts(record.districtId);
  if (!district) throw new AdminError("not_found", text.notFound);
  const target = await resolveTarget(ctx, district, BroadcastTargetSchema.parse(record.target));
  const { reachable } = await previewOf(ctx, district.id, target);
  if (!reachable.length) throw new AdminError("invalid", text.nobodyReachable, { field: "target" });
  const body = broadcastMessageText(record.text, record.link);
  const messages: OutboxMessage[] = reachable.map((person) => ({
    dedupeKey: broadcastDedupeKey(record.id, person.personId),
    personId: person.personId,
    channel: person.account!.channel,
    chatId: person.account!.chatId,
    text: body,
    broadcastId: record.id,
    file: record.file ? { key: record.file.key, name: record.file.name, mimeType: record.file.mimeType } : null,
  }));
  const result = await ctx.management.broadcasts.queue(record.id, target, messages, ctx.clock.now());
  const after = (await ctx.management.broadcasts.get(record.id)) ?? record;
  return { ...summary(after), alreadyQueued: !result.queued, enqueued: result.enqueued };
}

/** «в очереди» while any row is pending or being sent: the Mini App polls until it is 0. */
const inProgress = (counts: DeliveryCounts) => counts.queued > 0;

/** The live delivery report: Outbox rows by state, who blocked the bot or failed. */
export async function broadcastReport(ctx: BroadcastsContext, actor: Actor, input: { broadcast: string }) {
  // The working group (#15) reads the delivery report, read-only.
  const record = await broadcastOf(ctx, actor, input.broadcast, "read");
  const counts = await ctx.management.broadcasts.deliveryCounts(record.id);
  return {
    ...summary(record),
    counts,
    inProgress: inProgress(counts),
    undelivered: await ctx.management.broadcasts.undelivered(record.id, 200),
  };
}

/** The district's broadcasts, newest first, with their delivery counts. */
export async function listBroadcasts(ctx: BroadcastsContext, actor: Actor, input: { district: string }) {
  const district = await findDistrict(ctx, actor, input.district, "read");
  const records = await ctx.management.broadcasts.list(district.id, 100);
  const counts = await ctx.management.broadcasts.deliveryCountsOf(records.map((record) => record.id));
  return {
    district,
    broadcasts: records.map((record) => {
      const entry = counts.get(record.id) ?? { queued: 0, delivered: 0, blocked: 0, failed: 0 };
      return { ...summary(record), counts: entry, inProgress: inProgress(entry) };
    }),
  };
}
