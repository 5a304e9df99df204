// Network events in the Mini App API (#15 §4): the district's events (all for organisers and the
// working group, the announced ones a person is invited to otherwise), creating one (linking the
// requests it answers), announcing it through the Outbox, registering and cancelling, attendance,
// materials (a link, or a file as the raw body with its name in X-File-Name) sent to the registered,
// a material's download and the event's calendar file (.ics). Permissions are the use cases'.
import type { Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { PersonView } from "../../../core/services/ports.ts";
import { ATTACHMENT_MAX_BYTES } from "../../../core/services/file-store-ports.ts";
import {
  addFileMaterial,
  addLinkMaterial,
  announceEvent,
  cancelRegistration,
  createEvent,
  eventDetail,
  eventIcsFile,
  eventJson,
  listEvents,
  markAttendance,
  materialFile,
  registerForEvent,
  sendIcsToChat,
} from "../../../core/services/seminars.ts";
import { seminarErrors } from "../../../core/messages/seminars.ts";
import { icsFileName } from "../../../core/seminars/ics.ts";
import { isAdminError } from "../../../core/services/admin.ts";
import type { ApiDeps } from "../app.ts";
import { apiText } from "../messages.ts";
import { idParam, jsonBody, runner, seminarsApiDeps } from "./seminars.ts";

type Env = { Variables: { person: PersonView } };

function fileNameOf(header: string | undefined): string | null {
  if (!header) return null;
  let name: string;
  try {
    name = decodeURIComponent(header);
  } catch {
    return null;
  }
  name = (name.split(/[\\/]/).pop() ?? "").replace(/[\u0000-\u001f\u007f]/g, "").trim();
  return name && name.length <= 200 ? name : null;
}

const attachment = (name: string) => `attachment; filename="${name.replace(/[^A-Za-z0-9._-]/g, "_")}"; filename*=UTF-8''${encodeURIComponent(name)}`;

export function registerEventsRoutes(app: Hono<Env>, deps: ApiDeps) {
  const run = runner(deps);
  const badRequest = { error: "bad_request", message: apiText.badRequest } as const;
  const limit = bodyLimit({ maxSize: 64 * 1024 });
  const uploadLimit = bodyLimit({ maxSize: ATTACHMENT_MAX_BYTES, onError: (c) => c.json({ error: "invalid", message: seminarErrors.badFile }, 413) });

  app.get("/api/districts/:districtId/events", (c) => {
    const districtId = idParam(c, "districtId");
    if (!districtId) return c.json(badRequest, 400);
    return run(c, (ctx) => listEvents(ctx, c.get("person"), districtId));
  });

  app.post("/api/districts/:districtId/events", limit, async (c) => {
    const districtId = idParam(c, "districtId");
    if (!districtId) return c.json(badRequest, 400);
    const body = await jsonBody(c);
    return run(c, async (ctx) => {
      const { event, planned } = await createEvent(ctx, c.get("person"), districtId, body);
      return { event: eventJson(event), planned };
    });
  });

  app.get("/api/events/:eventId", (c) => {
    const eventId = idParam(c, "eventId");
    if (!eventId) return c.json(badRequest, 400);
    return run(c, (ctx) => eventDetail(ctx, c.get("person"), eventId));
  });

  app.post("/api/events/:eventId/announce", (c) => {
    const eventId = idParam(c, "eventId");
    if (!eventId) return c.json(badRequest, 400);
    return run(c, async (ctx) => {
      const result = await announceEvent(ctx, c.get("person"), eventId);
      return { event: eventJson(result.event), enqueued: result.enqueued, requesters: result.requesters };
    });
  });

  app.post("/api/events/:eventId/register", (c) => {
    const eventId = idParam(c, "eventId");
    if (!eventId) return c.json(badRequest, 400);
    return run(c, async (ctx) => {
      const { outcome, event } = await registerForEvent(ctx, c.get("person"), eventId);
      // The calendar file also goes to the chat, as after a registration in the bot.
      const sentToChat = outcome === "registered" ? await sendIcsToChat(ctx, c.get("person"), event) : false;
      return { outcome, event: eventJson(event), sentToChat };
    });
  });

  app.delete("/api/events/:eventId/register", (c) => {
    const eventId = idParam(c, "eventId");
    if (!eventId) return c.json(badRequest, 400);
    return run(c, async (ctx) => {
      const { cancelled } = await cancelRegistration(ctx, c.get("person"), eventId);
      return { cancelled };
    });
  });

  app.post("/api/events/:eventId/attendance", limit, async (c) => {
    const eventId = idParam(c, "eventId");
    if (!eventId) return c.json(badRequest, 400);
    const body = await jsonBody(c);
    return run(c, (ctx) => markAttendance(ctx, c.get("person"), eventId, body));
  });

  app.post("/api/events/:eventId/materials", limit, async (c) => {
    const eventId = idParam(c, "eventId");
    if (!eventId) return c.json(badRequest, 400);
    const body = await jsonBody(c);
    return run(c, (ctx) => addLinkMaterial(ctx, c.get("person"), eventId, body));
  });

  app.post("/api/events/:eventId/materials/files", uploadLimit, async (c) => {
    const eventId = idParam(c, "eventId");
    const fileName = fileNameOf(c.req.header("x-file-name"));
    if (!eventId || !fileName) return c.json(badRequest, 400);
    return run(c, async (ctx) => addFileMaterial(ctx, c.get("person"), eventId, { fileName, content: new Uint8Array(await c.req.arrayBuffer()) }));
  });

  // Downloads answer with the bytes; refusals as JSON like every route.
  const download = async (c: Context<Env>, work: () => Promise<Response>) => {
    if (!seminarsApiDeps(deps)) return c.json({ error: "not_found", message: apiText.notFound }, 404);
    try {
      return await work();
    } catch (error) {
      if (!isAdminError(error)) throw error;
      const status = error.kind === "forbidden" ? 403 : error.kind === "not_found" ? 404 : 400;
      return c.json({ error: error.kind, message: error.message }, status);
    }
  };

  app.get("/api/events/:eventId/materials/:index", (c) => {
    const eventId = idParam(c, "eventId");
    const index = Number(c.req.param("index"));
    if (!eventId || !Number.isInteger(index) || index < 0 || index > 1000) return c.json(badRequest, 400);
    return download(c, async () => {
      const file = await materialFile(seminarsApiDeps(deps)!, c.get("person"), eventId, index);
      return new Response(new Uint8Array(file.content).buffer as ArrayBuffer, { headers: { "Content-Type": file.mimeType, "Content-Disposition": attachment(file.fileName) } });
    });
  });

  app.get("/api/events/:eventId/ics", (c) => {
    const eventId = idParam(c, "eventId");
    if (!eventId) return c.json(badRequest, 400);
    return download(c, async () => {
      const { event, ics } = await eventIcsFile(seminarsApiDeps(deps)!, c.get("person"), eventId);
      return new Response(ics, { headers: { "Content-Type": "text/calendar; charset=utf-8", "Content-Disposition": attachment(icsFileName(event.id)) } });
    });
  });
}
