// The working group's pure rules (#15): what a meeting, its minutes and an approval carry (zod, Russian
// messages), the quorum (more than half of the members present), the protocol's reference and the
// meeting's local time.
import { z } from "zod";
import { DECISION_KINDS, isIsoDate } from "../management/decisions.ts";
import { MEETING_FIELD_NAMES, wgText } from "../messages/working-group.ts";
import { MAX_GROUP_MEMBERS } from "./reports.ts";

const t = wgText.input;
const idPattern = /^[a-z0-9]{1,40}$/;
export const MAX_AGENDA_ITEMS = 30;
export const MAX_MINUTES_DECISIONS = 30;

const text = (max: number) => z.string({ error: t.required }).trim().min(1, { error: t.required }).max(max, { error: t.tooLong(max) });
const optionalText = (max: number) =>
  z
    .string({ error: t.required })
    .trim()
    .max(max, { error: t.tooLong(max) })
    .nullable()
    .optional()
    .transform((value) => (value ? value : null));
const isoDate = z.string({ error: t.badDate }).refine(isIsoDate, { error: t.badDate });

export const MeetingInputSchema = z
  .object({
    workingGroupId: z.string({ error: t.badChoice }).regex(idPattern, { error: t.badChoice }),
    number: text(20),
    date: isoDate,
    time: z
      .string({ error: t.badTime })
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: t.badTime })
      .default("10:00"),
    place: optionalText(300),
    agenda: z
      .array(z.object({ title: text(500), speaker: optionalText(200) }).strict(), { error: t.agendaRequired })
      .min(1, { error: t.agendaRequired })
      .max(MAX_AGENDA_ITEMS, { error: t.tooMany(MAX_AGENDA_ITEMS) }),
  })
  .strict();
export type MeetingInput = z.output<typeof MeetingInputSchema>;

export const MinutesInputSchema = z
  .object({
    /** Indexes of the group's members who were present. */
    present: z
      .array(z.number({ error: t.badChoice }).int({ error: t.badChoice }).min(0, { error: t.badChoice }), { error: t.badChoice })
      .max(MAX_GROUP_MEMBERS, { error: t.tooMany(MAX_GROUP_MEMBERS) })
      .refine((values) => new Set(values).size === values.length, { error: t.repeated }),
    decisions: z
      .array(
        z
          .object({
            text: text(500),
            responsible: text(200),
            dueOn: isoDate.nullable().optional().transform((value) => value ?? null),
            kind: z.enum(DECISION_KINDS, { error: t.badChoice }).default("organising"),
          })
          .strict(),
        { error: t.badChoice },
      )
      .max(MAX_MINUTES_DECISIONS, { error: t.tooMany(MAX_MINUTES_DECISIONS) })
      .default([]),
  })
  .strict();
export type MinutesInput = z.output<typeof MinutesInputSchema>;

export const ApproveReportInputSchema = z.object({ reportId: z.string({ error: t.badChoice }).regex(idPattern, { error: t.badChoice }) }).strict();

/** zod's issues as Russian lines: «Повестка (2), вопрос: заполните поле». */
export function meetingIssues(error: z.ZodError): Array<{ field: string; message: string }> {
  return error.issues.map((issue) => {
    const named = issue.path.filter((part): part is string => typeof part === "string").map((part) => MEETING_FIELD_NAMES[part] ?? part);
    const index = issue.path.find((part): part is number => typeof part === "number");
    const where = named.length ? `${named[0]}${index !== undefined ? ` (${index + 1})` : ""}${named.length > 1 ? `, ${named.slice(1).join(", ")}` : ""}` : "";
    const message = issue.code === "unrecognized_keys" ? `лишние поля ${issue.keys.join(", ")}` : issue.message;
    return { field: issue.path.map(String).join("."), message: where ? `${where}: ${message}` : message };
  });
}

export function parseWith<T extends z.ZodType>(schema: T, raw: unknown): { ok: true; data: z.output<T> } | { ok: false; issues: Array<{ field: string; message: string }> } {
  const parsed = schema.safeParse(raw ?? {});
  return parsed.success ? { ok: true, data: parsed.data } : { ok: false, issues: meetingIssues(parsed.error) };
}

/** Quorum: more than half of the group's members are present (6 of 10 — yes, 5 of 10 — no). */
export function quorum(present: number, total: number): { met: boolean; needed: number } {
  const needed = Math.floor(total / 2) + 1;
  return { met: total > 0 && present >= needed, needed };
}

function zoneOffsetMs(at: Date, timezone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", { timeZone: timezone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" })
      .formatToParts(at)
      .map((part) => [part.type, part.value]),
  );
  const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

/** "2026-12-25" "10:00" in the district's time zone → the instant. */
export function localToInstant(date: string, time: string, timezone: string): Date {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const [hh, mm] = time.split(":").map(Number) as [number, number];
  const guess = Date.UTC(y, m - 1, d, hh, mm);
  const first = guess - zoneOffsetMs(new Date(guess), timezone);
  return new Date(guess - zoneOffsetMs(new Date(first), timezone));
}

/** The instant's local calendar date "YYYY-MM-DD" and time "HH:MM" in the time zone. */
export function localParts(at: Date, timezone: string): { date: string; time: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-CA", { timeZone: timezone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" })
      .formatToParts(at)
      .map((part) => [part.type, part.value]),
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

/** "2026-12-25" → "25.12.2026" */
export const dottedDate = (iso: string) => iso.split("-").reverse().join(".");

/** «Протокол № 3 от 25.12.2026» for a meeting held at `heldOn` in the district's time zone. */
export const protocolRef = (number: string, heldOn: Date, timezone: string) => wgText.protocolRef(number, dottedDate(localParts(heldOn, timezone).date));

/** «25 декабря 2026, 10:00» */
export const meetingWhen = (heldOn: Date, timezone: string) =>
  `${new Intl.DateTimeFormat("ru-RU", { timeZone: timezone, day: "numeric", month: "long", year: "numeric" }).format(heldOn).replace(/\s*г\.$/, "")}, ${localParts(heldOn, timezone).time}`;
