// District broadcasts in the Mini App (#14 §5): what the compose form offers, the preview (how many
// it reaches, nothing sent), the attachment upload (type and size checked), the draft, sending, the
// list and one broadcast with its live delivery report (the page polls it while anything is queued).
// District staff of the broadcast's district only: the checks are in core/services/broadcasts.ts.
import { randomBytes } from "node:crypto";
import type { Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { z } from "zod";
import { BroadcastInputSchema, BroadcastTargetSchema } from "../../../core/management/broadcasts.ts";
import { broadcastText } from "../../../core/messages/broadcasts.ts";
import { isAdminError } from "../../../core/services/admin.ts";
import {
  broadcastOptions,
  broadcastReport,
  createBroadcast,
  listBroadcasts,
  previewBroadcast,
  sendBroadcast,
  uploadBroadcastFile,
  type BroadcastsContext,
} from "../../../core/services/broadcasts.ts";
import { ATTACHMENT_MAX_BYTES } from "../../../core/services/file-store-ports.ts";
import type { PersonView } from "../../../core/services/ports.ts";
import type { ApiDeps } from "../app.ts";
import { apiText } from "../messages.ts";

type Env = { Variables: { person: PersonView } };

const idPattern = /^[a-z0-9]{1,40}$/;

/** The file name sent in X-File-Name (URI-encoded): its last path part, without control characters. */
function fileNameOf(header: string | undefined): string | null {
  if (!header) return null;
  let name: string;
  try {
    name = decodeURIComponent(header);
  } catch {
    return null;
  }
  name = (name.split(/[\\/]/).pop() ?? "").replace(/[\u0000-\u001f\u007f]/g, "").trim();
  return name ? name.slice(0, 200) : null;
}

export function registerBroadcastsRoutes(app: Hono<Env>, deps: ApiDeps) {
  const bad = (message: string = apiText.badRequest) => ({ error: "bad_request", message });
  const context = (): BroadcastsContext | null =>
    deps.management
      ? {
          admin: deps.admin,
          repo: deps.repo,
          clock: deps.clock,
          randomBytes: (size) => randomBytes(size),
          ...(deps.ident ? { ident: deps.ident } : {}),
          management: deps.management,
        }
      : null;
  const run = async <T>(c: Context<Env>, work: (ctx: BroadcastsContext) => Promise<T>) => {
    const ctx = context();
    if (!ctx) return c.json({ error: "not_found", message: apiText.notFound }, 404);
    try {
      return c.json((await work(ctx)) as object);
    } catch (error) {
      if (error instanceof z.ZodError) return c.json(bad(), 400);
      if (!isAdminError(error)) throw error;
      const status = error.kind === "forbidden" ? 403 : error.kind === "not_found" ? 404 : 400;
      return c.json({ error: error.kind, message: error.message, field: error.detail.field ?? null }, status);
    }
  };
  const param = (c: Context<Env>, name: string) => {
    const value = c.req.param(name);
    return value && idPattern.test(value) ? value : null;
  };
  const json = (c: Context<Env>) => c.req.json().catch(() => null);
  const limit = bodyLimit({ maxSize: 64 * 1024 });

  app.get("/api/districts/:districtId/broadcast-options", async (c) => {
    const district = param(c, "districtId");
    if (!district) return c.json(bad(), 400);
    return run(c, (ctx) => broadcastOptions(ctx, c.get("person"), { district }));
  });

  app.post("/api/districts/:districtId/broadcasts/preview", limit, async (c) => {
    const district = param(c, "districtId");
    const body = z.object({ target: BroadcastTargetSchema }).safeParse(await json(c));
    if (!district || !body.success) return c.json(bad(), 400);
    return run(c, (ctx) => previewBroadcast(ctx, c.get("person"), { district, target: body.data.target }));
  });

  const uploadLimit = bodyLimit({
    maxSize: ATTACHMENT_MAX_BYTES,
    onError: (c) => c.json(bad(broadcastText.attachmentTooBig(Math.round(ATTACHMENT_MAX_BYTES / 1024 / 1024))), 413),
  });
  // The file as the raw body, its name in X-File-Name; the draft then names the key given back.
  app.post("/api/districts/:districtId/broadcasts/files", uploadLimit, async (c) => {
    const district = param(c, "districtId");
    const fileName = fileNameOf(c.req.header("x-file-name"));
    if (!district || !fileName) return c.json(bad(), 400);
    return run(c, async (ctx) => uploadBroadcastFile(ctx, c.get("person"), { district, fileName, content: new Uint8Array(await c.req.arrayBuffer()) }));
  });

  app.post("/api/districts/:districtId/broadcasts", limit, async (c) => {
    const district = param(c, "districtId");
    const body = BroadcastInputSchema.safeParse(await json(c));
    if (!district || !body.success) return c.json(bad(), 400);
    return run(c, (ctx) => createBroadcast(ctx, c.get("person"), { district, broadcast: body.data }));
  });

  app.get("/api/districts/:districtId/broadcasts", async (c) => {
    const district = param(c, "districtId");
    if (!district) return c.json(bad(), 400);
    return run(c, (ctx) => listBroadcasts(ctx, c.get("person"), { district }));
  });

  app.post("/api/broadcasts/:broadcastId/send", async (c) => {
    const broadcast = param(c, "broadcastId");
    if (!broadcast) return c.json(bad(), 400);
    return run(c, (ctx) => sendBroadcast(ctx, c.get("person"), { broadcast }));
  });

  app.get("/api/broadcasts/:broadcastId", async (c) => {
    const broadcast = param(c, "broadcastId");
    if (!broadcast) return c.json(bad(), 400);
    return run(c, (ctx) => broadcastReport(ctx, c.get("person"), { broadcast }));
  });
}
