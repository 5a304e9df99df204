// Seminar requests, the institute's half-year programme and network events (#15 §4; seed 003 §4.4.2):
// the pure rules — input schemas, who an event is for, the grouping the institute sees (counts only,
// never a teacher's name), and when the reminder the day before is due. No I/O.
import { z } from "zod";
import { DISTRICT_ROLES, ROLES, type MembershipView, type Role } from "../roles.ts";

export const TOPIC_MAX = 200;
export const DETAILS_MAX = 1500;
export const EVENT_KINDS = ["seminar", "course", "meeting"] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** "2027-H1" (January–June) or "2027-H2" (July–December). */
export const PeriodSchema = z.string().regex(/^20\d\d-H[12]$/);

const idSchema = z.string().regex(/^[a-z0-9]{1,40}$/);
const areaId = z.string().regex(/^[a-z0-9_]{1,40}$/);
const url = z
  .string()
  .trim()
  .max(400)
  .regex(/^https?:\/\/[^\s/$.?#][^\s]*$/i);

export const RequestInputSchema = z.object({
  topic: z.string().trim().min(3).max(TOPIC_MAX),
  text: z.string().trim().max(DETAILS_MAX).nullable().optional(),
  areas: z.array(areaId).max(20).default([]),
});
export type RequestInput = z.infer<typeof RequestInputSchema>;

export const ProgrammeInputSchema = z.object({
  period: PeriodSchema,
  title: z.string().trim().min(3).max(200),
  note: z.string().trim().max(2000).nullable().optional(),
});
export type ProgrammeInput = z.infer<typeof ProgrammeInputSchema>;

/** Who an event is for: roles, and for the school roles the schools (null: every school of the district). */
export const AudienceSchema = z.object({
  roles: z.array(z.enum(ROLES)).min(1).max(ROLES.length),
  schoolIds: z.array(idSchema).max(500).nullable().default(null),
});
export type EventAudience = z.infer<typeof AudienceSchema>;

export const EventInputSchema = z
  .object({
    kind: z.enum(EVENT_KINDS),
    title: z.string().trim().min(3).max(200),
    description: z.string().trim().max(3000).nullable().optional(),
    areas: z.array(areaId).max(20).default([]),
    startsAt: z.coerce.date(),
    endsAt: z.coerce.date().nullable().optional(),
    place: z.string().trim().max(300).nullable().optional(),
    onlineUrl: url.nullable().optional(),
    capacity: z.number().int().min(1).max(10_000).nullable().optional(),
    audience: AudienceSchema,
    programmeId: idSchema.nullable().optional(),
    /** Seminar requests this event answers: they become planned. */
    requestIds: z.array(idSchema).max(500).default([]),
  })
  .refine((event) => !event.endsAt || event.endsAt > event.startsAt, { path: ["endsAt"], message: "end_before_start" });
export type EventInput = z.infer<typeof EventInputSchema>;

export const MaterialLinkSchema = z.object({ url, title: z.string().trim().min(1).max(200) });

export type Material =
  | { kind: "file"; fileKey: string; fileName: string; fileMime: string }
  | { kind: "link"; url: string; title: string };

const StoredMaterialSchema = z.union([
  z.object({ kind: z.literal("file"), fileKey: z.string(), fileName: z.string(), fileMime: z.string() }),
  z.object({ kind: z.literal("link"), url: z.string(), title: z.string() }),
]);

/** Materials as stored (a JSON column): anything unreadable is left out. */
export function parseMaterials(raw: unknown): Material[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((item) => {
    const parsed = StoredMaterialSchema.safeParse(item);
    return parsed.success ? [parsed.data] : [];
  });
}

/** The audience as stored; an unreadable one invites nobody. */
export function parseAudience(raw: unknown): EventAudience | null {
  const parsed = AudienceSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

/** A membership is invited: its role is one of the audience's, and a school role is in one of its schools. */
export function membershipInvited(audience: EventAudience, districtId: string, membership: MembershipView): boolean {
  if (!membership.active || membership.districtId !== districtId || !audience.roles.includes(membership.role)) return false;
  if (DISTRICT_ROLES.includes(membership.role)) return true;
  return audience.schoolIds === null || (membership.schoolId !== null && audience.schoolIds.includes(membership.schoolId));
}

export const personInvited = (audience: EventAudience | null, districtId: string, memberships: readonly MembershipView[]) =>
  audience !== null && memberships.some((membership) => membershipInvited(audience, districtId, membership));

/** Roles that organise events and build the programme in a district (with district staff). */
export const ORGANISER_ROLES: readonly Role[] = ["district", "regional", "methodologist"];
/** Roles that send seminar requests. */
export const REQUESTER_ROLES: readonly Role[] = ["teacher", "head"];

/** How a topic is compared when grouping: case, «ё», punctuation and extra spaces do not matter. */
export const topicKey = (topic: string) =>
  topic
    .toLocaleLowerCase("ru")
    .replace(/ё/g, "е")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();

export interface RequestForGrouping {
  id: string;
  topic: string;
  areas: string[];
  schoolId: string | null;
  state: string;
}

export interface RequestGroups {
  total: number;
  byArea: Array<{ areaId: string; title: string; requests: number; schools: number }>;
  byTopic: Array<{ topic: string; requests: number; schools: number; areas: string[]; requestIds: string[] }>;
  bySchool: Array<{ schoolId: string | null; schoolName: string; requests: number; areas: string[] }>;
}

/**
 * The institute's view of the requests: counts per area, per topic (the first wording seen stands for
 * the group) and per school, largest first. Requests only — the caller leaves drafts out.
 */
export function groupRequests(
  requests: readonly RequestForGrouping[],
  areaTitles: ReadonlyMap<string, string>,
  schoolNames: ReadonlyMap<string, string>,
  noSchool: string,
): RequestGroups {
  const byArea = new Map<string, { requests: number; schools: Set<string> }>();
  const byTopic = new Map<string, { topic: string; requests: number; schools: Set<string>; areas: Set<string>; requestIds: string[] }>();
  const bySchool = new Map<string, { requests: number; areas: Set<string> }>();
  for (const request of requests) {
    const school = request.schoolId ?? "";
    for (const area of new Set(request.areas)) {
      const entry = byArea.get(area) ?? { requests: 0, schools: new Set<string>() };
      entry.requests++;
      entry.schools.add(school);
      byArea.set(area, entry);
    }
    const key = topicKey(request.topic);
    const topic = byTopic.get(key) ?? { topic: request.topic.trim(), requests: 0, schools: new Set<string>(), areas: new Set<string>(), requestIds: [] };
    topic.requests++;
    topic.schools.add(school);
    request.areas.forEach((area) => topic.areas.add(area));
    topic.requestIds.push(request.id);
    byTopic.set(key, topic);
    const ofSchool = bySchool.get(school) ?? { requests: 0, areas: new Set<string>() };
    ofSchool.requests++;
    request.areas.forEach((area) => ofSchool.areas.add(area));
    bySchool.set(school, ofSchool);
  }
  const ru = (a: string, b: string) => a.localeCompare(b, "ru");
  return {
    total: requests.length,
    byArea: [...byArea.entries()]
      .map(([areaId, entry]) => ({ areaId, title: areaTitles.get(areaId) ?? areaId, requests: entry.requests, schools: entry.schools.size }))
      .sort((a, b) => b.requests - a.requests || ru(a.title, b.title)),
    byTopic: [...byTopic.values()]
      .map((entry) => ({ topic: entry.topic, requests: entry.requests, schools: entry.schools.size, areas: [...entry.areas].sort(), requestIds: entry.requestIds }))
      .sort((a, b) => b.requests - a.requests || b.schools - a.schools || ru(a.topic, b.topic)),
    bySchool: [...bySchool.entries()]
      .map(([schoolId, entry]) => ({
        schoolId: schoolId || null,
        schoolName: schoolId ? (schoolNames.get(schoolId) ?? schoolId) : noSchool,
        requests: entry.requests,
        areas: [...entry.areas].sort(),
      }))
      .sort((a, b) => b.requests - a.requests || ru(a.schoolName, b.schoolName)),
  };
}

/** YYYY-MM-DD and the hour of an instant in a time zone. */
export function localDayAndHour(at: Date, timeZone: string): { day: string; hour: number } {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", hourCycle: "h23" }).formatToParts(at);
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? "";
  return { day: `${get("year")}-${get("month")}-${get("day")}`, hour: Number(get("hour")) };
}

const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** The hour (district time) from which the reminder the day before goes out, and the last hour it still does. */
export const REMINDER_HOUR = 10;
const REMINDER_LAST_HOUR = 21;

/**
 * The reminder is due at `now` when, in the district's time zone, the event starts tomorrow and it is
 * between 10:00 and 21:59 today (a missed 10:00 slot is caught up later that day, never at night).
 */
export function reminderDue(now: Date, startsAt: Date, timeZone: string): boolean {
  const today = localDayAndHour(now, timeZone);
  if (today.hour < REMINDER_HOUR || today.hour > REMINDER_LAST_HOUR) return false;
  return localDayAndHour(startsAt, timeZone).day === nextDay(today.day);
}

export const reminderDedupeKey = (eventId: string, personId: string) => `ev:remind:${eventId}:${personId}`;
export const announceDedupeKey = (eventId: string, personId: string) => `ev:ann:${eventId}:${personId}`;
export const plannedDedupeKey = (eventId: string, personId: string) => `ev:plan:${eventId}:${personId}`;
export const materialDedupeKey = (eventId: string, index: number, personId: string) => `ev:mat:${eventId}:${index}:${personId}`;
