// The monitoring calendar in the Mini App API (#14 §4): the district's school year (its defaults
// added on first look), edits of an entry (title, dates, roles, people, days of the first reminder),
// the district's own entries (add, delete), done and undone. District staff manage; the other
// responsible roles read their entries and mark them done. Permissions are the use cases'
// (core/services/calendar.ts); bodies go through zod with Russian messages.
import type { Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { z } from "zod";
import { isoOf } from "../../../core/management/calendar-defaults.ts";
import { calendarApiText } from "../../../core/messages/calendar-api.ts";
import { isAdminError } from "../../../core/services/admin.ts";
import {
  addCalendarEntry,
  CalendarEntrySchema,
  calendarIssues,
  calendarOf,
  calendarPeople,
  deleteCalendarEntry,
  editCalendarEntry,
  markCalendarDone,
  type CalendarContext,
} from "../../../core/services/calendar.ts";
import type { CalendarEntryRecord } from "../../../core/services/calendar-ports.ts";
import type { PersonView } from "../../../core/services/ports.ts";
import type { ApiDeps } from "../app.ts";
import { apiText } from "../messages.ts";

type Env = { Variables: { person: PersonView } };

const idPattern = /^[a-z0-9]{1,40}$/;
const DoneBody = z.object({ done: z.boolean({ error: "true или false" }) }).strict();

export const calendarEntryJson = (entry: CalendarEntryRecord) => ({
  id: entry.id,
  key: entry.key,
  schoolYear: entry.schoolYear,
  title: entry.title,
  startsOn: entry.startsOn ? isoOf(entry.startsOn) : null,
  dueOn: isoOf(entry.dueOn),
  responsibleRoles: entry.responsibleRoles,
  responsibleIds: entry.responsibleIds,
  remindDaysBefore: entry.remindDaysBefore,
  doneAt: entry.doneAt?.toISOString() ?? null,
  escalatedAt: entry.escalatedAt?.toISOString() ?? null,
});

export function registerCalendarRoutes(app: Hono<Env>, deps: ApiDeps) {
  const notFound = { error: "not_found", message: apiText.notFound } as const;
  const badRequest = { error: "bad_request", message: apiText.badRequest } as const;
  const context = (): CalendarContext | null =>
    deps.management ? { calendar: deps.management.calendar, recipients: deps.management.recipients, clock: deps.clock } : null;
  const id = (c: Context<Env>, name: string) => {
    const value = c.req.param(name);
    return value && idPattern.test(value) ? value : null;
  };
  const run = async (c: Context<Env>, work: (ctx: CalendarContext) => Promise<object>) => {
    const ctx = context();
    if (!ctx) return c.json(notFound, 404);
    try {
      return c.json(await work(ctx));
    } catch (error) {
      if (!isAdminError(error)) throw error;
      const status = error.kind === "forbidden" ? 403 : error.kind === "not_found" ? 404 : 400;
      return c.json({ error: error.kind, message: error.message, field: error.detail.field ?? null }, status);
    }
  };
  const invalid = (c: Context<Env>, issues: string[]) =>
    c.json({ error: "invalid_input", message: `${calendarApiText.invalidPrefix}: ${issues.join("; ")}.`, issues }, 400);
  const body = async (c: Context<Env>) => c.req.json().catch(() => null);
  const limit = bodyLimit({ maxSize: 16 * 1024 });

  app.get("/api/districts/:districtId/calendar", async (c) => {
    const districtId = id(c, "districtId");
    if (!districtId) return c.json(badRequest, 400);
    const year = c.req.query("year") || undefined;
    return run(c, async (ctx) => {
      const view = await calendarOf(ctx, c.get("person"), districtId, year);
      const people = view.canEdit ? await calendarPeople(ctx, c.get("person"), districtId) : [];
      return { ...view, entries: view.entries.map(calendarEntryJson), people };
    });
  });

  app.post("/api/districts/:districtId/calendar", limit, async (c) => {
    const districtId = id(c, "districtId");
    if (!districtId) return c.json(badRequest, 400);
    const parsed = CalendarEntrySchema.safeParse((await body(c)) ?? {});
    if (!context()) return c.json(notFound, 404);
    if (!parsed.success) return invalid(c, calendarIssues(parsed.error));
    return run(c, async (ctx) => ({ entry: calendarEntryJson(await addCalendarEntry(ctx, c.get("person"), districtId, parsed.data)) }));
  });

  app.put("/api/calendar/:entryId", limit, async (c) => {
    const entryId = id(c, "entryId");
    if (!entryId) return c.json(badRequest, 400);
    const parsed = CalendarEntrySchema.safeParse((await body(c)) ?? {});
    if (!context()) return c.json(notFound, 404);
    if (!parsed.success) return invalid(c, calendarIssues(parsed.error));
    return run(c, async (ctx) => ({ entry: calendarEntryJson(await editCalendarEntry(ctx, c.get("person"), entryId, parsed.data)) }));
  });

  app.delete("/api/calendar/:entryId", async (c) => {
    const entryId = id(c, "entryId");
    if (!entryId) return c.json(badRequest, 400);
    return run(c, async (ctx) => {
      await deleteCalendarEntry(ctx, c.get("person"), entryId);
      return { deleted: entryId };
    });
  });

  app.post("/api/calendar/:entryId/done", limit, async (c) => {
    const entryId = id(c, "entryId");
    if (!entryId) return c.json(badRequest, 400);
    const parsed = DoneBody.safeParse((await body(c)) ?? {});
    if (!context()) return c.json(notFound, 404);
    if (!parsed.success) return invalid(c, [`${calendarApiText.fields.done}: ${parsed.error.issues[0]?.message ?? ""}`]);
    return run(c, async (ctx) => ({ entry: calendarEntryJson((await markCalendarDone(ctx, c.get("person"), entryId, parsed.data.done)).entry) }));
  });
}
