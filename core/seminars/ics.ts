// A small RFC 5545 calendar file (.ics) for one event (#15 §4): one VCALENDAR with one VEVENT — UID,
// DTSTAMP, DTSTART/DTEND in UTC, SUMMARY, LOCATION, DESCRIPTION, URL — with text escaped (§3.3.11:
// backslash, semicolon, comma, newline) and content lines folded at 75 octets (§3.1), CRLF line ends.
// Pure: no I/O, no clock (the caller passes the stamp).

export interface IcsEvent {
  /** Globally unique and stable for the event: a calendar app updates the entry on a second import. */
  uid: string;
  stamp: Date;
  start: Date;
  /** Absent: one hour after the start. */
  end?: Date | null;
  summary: string;
  location?: string | null;
  description?: string | null;
  url?: string | null;
  /** Cancelled events carry STATUS:CANCELLED so that an imported entry is marked. */
  cancelled?: boolean;
}

const HOUR_MS = 3_600_000;

/** 20270315T093000Z */
export const icsDateTime = (date: Date): string => date.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");

/** TEXT value escaping (RFC 5545 §3.3.11). */
export const escapeIcsText = (text: string): string =>
  text.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r\n|\r|\n/g, "\\n");

const encoder = new TextEncoder();

/**
 * Folds a content line to at most 75 octets per physical line (RFC 5545 §3.1): continuation lines
 * start with one space; a multi-byte UTF-8 character (Cyrillic is 2 octets) is never split.
 */
export function foldIcsLine(line: string): string {
  const parts: string[] = [];
  let current = "";
  let octets = 0;
  for (const char of line) {
    const size = encoder.encode(char).length;
    const limit = parts.length === 0 ? 75 : 74; // a continuation line's leading space counts
    if (octets + size > limit) {
      parts.push(current);
      current = "";
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join("\r\n ");
}

export function eventIcs(event: IcsEvent): string {
  const end = event.end && event.end > event.start ? event.end : new Date(event.start.getTime() + HOUR_MS);
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//shnor//network events//RU",
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    "BEGIN:VEVENT",
    `UID:${event.uid}`,
    `DTSTAMP:${icsDateTime(event.stamp)}`,
    `DTSTART:${icsDateTime(event.start)}`,
    `DTEND:${icsDateTime(end)}`,
    `SUMMARY:${escapeIcsText(event.summary)}`,
  ];
  if (event.location) lines.push(`LOCATION:${escapeIcsText(event.location)}`);
  if (event.description) lines.push(`DESCRIPTION:${escapeIcsText(event.description)}`);
  if (event.url) lines.push(`URL:${event.url.replace(/[\r\n]/g, "")}`);
  if (event.cancelled) lines.push("STATUS:CANCELLED");
  lines.push("END:VEVENT", "END:VCALENDAR");
  return lines.map(foldIcsLine).join("\r\n") + "\r\n";
}

/** A file name for the event: latin letters, digits and dashes only (some messengers mangle the rest). */
export const icsFileName = (eventId: string) => `event-${eventId.replace(/[^A-Za-z0-9-]/g, "")}.ics`;
