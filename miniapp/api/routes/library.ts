// The library of materials and normative acts in the Mini App API (#15 §5; seed 003 §4.6.1): every member
// of a district lists and searches its items (words, kind, tag) and downloads their files; district staff
// and methodologists add, edit, archive and attach files (type and size as #14's attachments). A route item
// may point at an item (its teacher, or for a team route the head and district staff). Permissions are the
// use cases' (core/services/library.ts); bodies and queries go through zod with Russian messages.
import type { Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { z } from "zod";
import { LIBRARY_KIND_NAMES, libraryText } from "../../../core/messages/library.ts";
import { ATTACHMENT_MAX_BYTES } from "../../../core/services/file-store-ports.ts";
import {
  archiveLibraryItem,
  attachLibraryFile,
  createLibraryItem,
  getLibraryItem,
  libraryFile,
  libraryFileType,
  linkRouteItem,
  listLibrary,
  removeLibraryFile,
  updateLibraryItem,
  type LibraryContext,
} from "../../../core/services/library.ts";
import type { LibraryItemRecord, LibraryLink } from "../../../core/services/library-ports.ts";
import { LIBRARY_KINDS, LibraryFilterSchema, issuesOf, libraryAreas, libraryRiskFactors, parseLibraryInput } from "../../../core/services/library-rules.ts";
import type { PersonView } from "../../../core/services/ports.ts";
import type { ApiDeps } from "../app.ts";
import { contextRunner, jsonBody, pathId } from "../route-kit.ts";
import { apiText } from "../messages.ts";

type Env = { Variables: { person: PersonView } };

const idPattern = /^[a-z0-9]{1,40}$/;

const isoDay = (date: Date | null) => (date ? date.toISOString().slice(0, 10) : null);

export const libraryItemJson = (item: LibraryItemRecord) => ({
  id: item.id,
  districtId: item.districtId,
  kind: item.kind,
  kindName: LIBRARY_KIND_NAMES[item.kind],
  title: item.title,
  description: item.description,
  docNumber: item.docNumber,
  docDate: isoDay(item.docDate),
  url: item.url,
  file: item.fileKey ? { name: item.fileName, mimeType: item.fileMime } : null,
  areas: item.areas,
  riskFactors: item.riskFactors,
  createdAt: item.createdAt.toISOString(),
  updatedAt: item.updatedAt.toISOString(),
  archivedAt: item.archivedAt?.toISOString() ?? null,
});

/** What a recommendation or a route item shows of its library item. */
export const libraryLinkJson = (link: LibraryLink | null | undefined) =>
  link ? { id: link.id, kind: link.kind, title: link.title, url: link.url, hasFile: link.hasFile, archived: link.archived } : null;

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
  return name && name.length <= 255 ? name : null;
}

export function registerLibraryRoutes(app: Hono<Env>, deps: ApiDeps) {
  const notFound = { error: "not_found", message: apiText.notFound } as const;
  const badRequest = { error: "bad_request", message: apiText.badRequest } as const;
  const context = (): LibraryContext | null => (deps.network ? { library: deps.network.library, files: deps.network.files, clock: deps.clock } : null);
  const id = pathId;
  const run = contextRunner(context);
  const invalid = (c: Context<Env>, issues: Array<{ field: string; message: string }>) =>
    c.json({ error: "invalid_input", message: `${libraryText.invalidPrefix}: ${issues.map((issue) => issue.message).join("; ")}.`, issues }, 400);
  const body = jsonBody;
  const limit = bodyLimit({ maxSize: 64 * 1024 });

  app.get("/api/districts/:districtId/library", async (c) => {
    const districtId = id(c, "districtId");
    if (!districtId) return c.json(badRequest, 400);
    const query = Object.fromEntries(Object.entries(c.req.query()).filter(([, value]) => value !== ""));
    const filter = LibraryFilterSchema.safeParse(query);
    if (!filter.success) return c.json({ error: "invalid_input", message: libraryText.badQuery, issues: issuesOf(filter.error) }, 400);
    return run(c, async (ctx) => {
      const { items, canEdit } = await listLibrary(ctx, c.get("person"), districtId, filter.data);
      return {
        items: items.map(libraryItemJson),
        canEdit,
        kinds: LIBRARY_KINDS.map((kind) => ({ id: kind, title: LIBRARY_KIND_NAMES[kind] })),
        areas: libraryAreas(),
        riskFactors: libraryRiskFactors(),
      };
    });
  });

  app.post("/api/districts/:districtId/library", limit, async (c) => {
    const districtId = id(c, "districtId");
    if (!districtId) return c.json(badRequest, 400);
    const parsed = parseLibraryInput(await body(c));
    if (!context()) return c.json(notFound, 404);
    if (!parsed.ok) return invalid(c, parsed.issues);
    return run(c, async (ctx) => ({ item: libraryItemJson(await createLibraryItem(ctx, c.get("person"), districtId, parsed.data)) }));
  });

  app.get("/api/library/:itemId", async (c) => {
    const itemId = id(c, "itemId");
    if (!itemId) return c.json(badRequest, 400);
    return run(c, async (ctx) => {
      const { item, canEdit } = await getLibraryItem(ctx, c.get("person"), itemId);
      return { item: libraryItemJson(item), canEdit };
    });
  });

  app.put("/api/library/:itemId", limit, async (c) => {
    const itemId = id(c, "itemId");
    if (!itemId) return c.json(badRequest, 400);
    const parsed = parseLibraryInput(await body(c));
    if (!context()) return c.json(notFound, 404);
    if (!parsed.ok) return invalid(c, parsed.issues);
    return run(c, async (ctx) => ({ item: libraryItemJson(await updateLibraryItem(ctx, c.get("person"), itemId, parsed.data)) }));
  });

  const ArchiveBody = z.object({ archived: z.boolean() }).strict();
  app.post("/api/library/:itemId/archive", limit, async (c) => {
    const itemId = id(c, "itemId");
    const parsed = ArchiveBody.safeParse(await body(c));
    if (!itemId || !parsed.success) return c.json(badRequest, 400);
    return run(c, async (ctx) => ({ item: libraryItemJson(await archiveLibraryItem(ctx, c.get("person"), itemId, parsed.data.archived)) }));
  });

  // The file as the raw body, its name in X-File-Name (URI-encoded); type by extension and size before it is read.
  const fileLimit = bodyLimit({
    maxSize: ATTACHMENT_MAX_BYTES,
    onError: (c) => c.json({ error: "bad_request", message: libraryText.fileTooBig(Math.round(ATTACHMENT_MAX_BYTES / 1024 / 1024)) }, 413),
  });
  app.post("/api/library/:itemId/file", fileLimit, async (c) => {
    const itemId = id(c, "itemId");
    if (!itemId) return c.json(badRequest, 400);
    const fileName = fileNameOf(c.req.header("x-file-name"));
    return run(c, async (ctx) => {
      // Who may attach is checked inside before the body is read; a missing or wrong name is refused there too.
      const declared = Number(c.req.header("content-length") ?? NaN);
      const item = await attachLibraryFile(ctx, c.get("person"), itemId, {
        fileName: fileName ?? "",
        size: Number.isFinite(declared) ? declared : null,
        read: async () => new Uint8Array(await c.req.arrayBuffer()),
      });
      return { item: libraryItemJson(item) };
    });
  });

  app.delete("/api/library/:itemId/file", async (c) => {
    const itemId = id(c, "itemId");
    if (!itemId) return c.json(badRequest, 400);
    return run(c, async (ctx) => ({ item: libraryItemJson(await removeLibraryFile(ctx, c.get("person"), itemId)) }));
  });

  app.get("/api/library/:itemId/file", async (c) => {
    const itemId = id(c, "itemId");
    if (!itemId) return c.json(badRequest, 400);
    return run(c, async (ctx) => {
      const file = await libraryFile(ctx, c.get("person"), itemId);
      const extension = file.name.split(".").pop()?.toLowerCase() ?? "bin";
      return c.body(file.content as Uint8Array<ArrayBuffer>, 200, {
        "Content-Type": libraryFileType(file.name) ?? file.mimeType,
        "Content-Disposition": `attachment; filename="material.${/^[a-z0-9]{1,5}$/.test(extension) ? extension : "bin"}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
        "Cache-Control": "no-store",
      });
    });
  });

  // A route item (ИОМ) points at a library item, or at none (null).
  const LinkBody = z.object({ libraryItemId: z.string().regex(idPattern).nullable() }).strict();
  app.put("/api/route-items/:itemId/library-item", limit, async (c) => {
    const itemId = id(c, "itemId");
    const parsed = LinkBody.safeParse(await body(c));
    if (!itemId || !parsed.success) return c.json(badRequest, 400);
    return run(c, async (ctx) => ({ libraryItem: libraryLinkJson(await linkRouteItem(ctx, c.get("person"), itemId, parsed.data.libraryItemId)) }));
  });
}
