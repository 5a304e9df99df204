import type { Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { z } from "zod";
import { courseText } from "../../../core/messages/routes.ts";
import { courseAreas } from "../../../core/routes/catalog.ts";
import { methodologistAggregates } from "../../../core/services/methodologist.ts";
import type { PersonView } from "../../../core/services/ports.ts";
import type { CourseRecord, RouteRecord } from "../../../core/services/routes-ports.ts";
import { libraryLinks } from "../../../core/services/library.ts";
import type { LibraryLink } from "../../../core/services/library-ports.ts";
import { libraryLinkJson } from "./library.ts";
import {
  approveTeamRoute,
  AttributesSchema,
  CERTIFICATE_MAX_BYTES,
  CERTIFICATE_TYPES,
  certificateFile,
  districtCourses,
  districtTeamRoutes,
  draftTeamRoute,
  importCourseFile,
  markItemDone,
  myAttributes,
  myDynamics,
  myRoute,
  setMyAttributes,
  teamRouteOf,
  undoItem,
  type RoutesDeps,
} from "../../../core/services/routes.ts";
import type { ApiDeps } from "../app.ts";
import { apiText } from "../messages.ts";

type Env = { Variables: { person: PersonView } };

/** Russian texts of these routes (the Mini App shows them as they are). */
export const routesApiText = {
  noFileName: "Не указано имя файла: выберите файл заново.",
  emptyFile: "Файл пустой: выберите файл Excel (.xlsx) или CSV с курсами.",
  catalogTooBig: (mb: number) => `Файл больше ${mb} МБ: каталог курсов столько не занимает — проверьте, тот ли это файл.`,
  certificateTooBig: `Файл сертификата больше ${CERTIFICATE_MAX_BYTES / 1024 / 1024} МБ: пришлите ссылку или файл поменьше.`,
  badAttributes: "Сведения не прочитаны: стаж — целое число лет от 0 до 60, категория — без категории, первая или высшая.",
  badYear: "Неверный год.",
} as const;

const CATALOG_LIMIT_BYTES = 5 * 1024 * 1024;
const idPattern = /^[a-z0-9]{1,40}$/;
const Year = z.coerce.number().int().min(2000).max(2100);

const courseJson = (course: CourseRecord) => ({
  id: course.id,
  title: course.title,
  provider: course.provider,
  hours: course.hours,
  areas: course.areas,
  startsOn: course.startsOn?.toISOString().slice(0, 10) ?? null,
  endsOn: course.endsOn?.toISOString().slice(0, 10) ?? null,
  url: course.url,
});

const routeJson = (route: RouteRecord, links: ReadonlyMap<string, LibraryLink> = new Map()) => ({
  id: route.id,
  kind: route.kind,
  schoolId: route.schoolId,
  year: route.year,
  approvedAt: route.approvedAt?.toISOString() ?? null,
  approvalRef: route.approvalRef,
  updatedAt: route.updatedAt.toISOString(),
  items: route.items.map((item) => ({
    id: item.id,
    kind: item.kind,
    title: item.title,
    areaId: item.areaId,
    note: item.note,
    doneAt: item.doneAt?.toISOString() ?? null,
    certificateUrl: item.certificateUrl,
    certificateName: item.certificateName,
    hasCertificateFile: item.hasCertificateFile,
    course: item.course ? courseJson(item.course) : null,
    // The library item it points at (#15): set with PUT /api/route-items/:itemId/library-item (routes/library.ts).
    libraryItemId: item.libraryItemId,
    libraryItem: libraryLinkJson(item.libraryItemId ? links.get(item.libraryItemId) : null),
  })),
});

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

const bad = (message: string = apiText.badRequest) => ({ error: "bad_request", message });

async function jsonBody(c: Context<Env>): Promise<unknown> {
  return c.req.json().catch(() => undefined);
}

/**
 * Routes (ИОМ) in the Mini App: the teacher's own route, dynamics and attributes; the district's
 * course catalog; team routes (the head drafts, the district approves); the methodologist's
 * aggregates. Permissions are checked by the use cases (core/services/routes.ts, methodologist.ts).
 */
export function registerRoutesRoutes(app: Hono<Env>, deps: ApiDeps) {
  const ctx: RoutesDeps = { repo: deps.repo, clock: deps.clock, settings: deps.settings, surveys: deps.surveys, ident: deps.ident ?? null };
  /** A route as JSON with the library items its items point at (#15; none without the network context). */
  const routeOut = async (route: RouteRecord) =>
    routeJson(route, deps.network ? await libraryLinks(deps.network.library, route.items.map((item) => item.libraryItemId)) : new Map());

  // ---- the teacher's own route ----
  app.get("/api/me/route", async (c) => {
    const mine = await myRoute(ctx, c.get("person"));
    const attributes = await myAttributes(ctx, c.get("person"));
    const minRespondents = deps.settings.minRespondents;
    if (!mine) return c.json({ route: null, attributes, minRespondents });
    return c.json({
      diagnostic: { campaignTitle: mine.diagnostic.campaignTitle, completedAt: mine.diagnostic.completedAt.toISOString() },
      deficits: mine.profile.areas.map(({ areaId, title, deficit, level }) => ({ areaId, title, deficit, level })),
      hasDynamics: mine.hasDynamics,
      route: await routeOut(mine.route),
      attributes,
      minRespondents,
    });
  });

  app.get("/api/me/route/dynamics", async (c) => {
    const dynamics = await myDynamics(ctx, c.get("person"));
    if (!dynamics) return c.json({ dynamics: null });
    return c.json({
      dynamics: {
        from: { campaignTitle: dynamics.from.campaignTitle, completedAt: dynamics.from.completedAt.toISOString() },
        to: { campaignTitle: dynamics.to.campaignTitle, completedAt: dynamics.to.completedAt.toISOString() },
        areas: dynamics.areas,
      },
    });
  });

  app.put("/api/me/attributes", bodyLimit({ maxSize: 4 * 1024 }), async (c) => {
    const parsed = AttributesSchema.safeParse(await jsonBody(c));
    if (!parsed.success) return c.json(bad(routesApiText.badAttributes), 400);
    return c.json({ attributes: await setMyAttributes(ctx, c.get("person"), parsed.data) });
  });

  // Done, with a link in JSON ({certificateUrl}) or nothing; a file goes to /certificate below.
  app.post("/api/route-items/:itemId/done", bodyLimit({ maxSize: 4 * 1024 }), async (c) => {
    const itemId = c.req.param("itemId");
    if (!idPattern.test(itemId)) return c.json(bad(), 400);
    const body = z.object({ certificateUrl: z.string().max(500).optional() }).strict().safeParse((await jsonBody(c)) ?? {});
    if (!body.success) return c.json(bad(), 400);
    const route = await markItemDone(ctx, c.get("person"), itemId, body.data.certificateUrl ? { url: body.data.certificateUrl } : null);
    return c.json({ route: await routeOut(route) });
  });

  const certificateLimit = bodyLimit({ maxSize: CERTIFICATE_MAX_BYTES, onError: (c) => c.json(bad(routesApiText.certificateTooBig), 413) });
  app.post("/api/route-items/:itemId/certificate", certificateLimit, async (c) => {
    const itemId = c.req.param("itemId");
    const fileName = fileNameOf(c.req.header("x-file-name"));
    if (!idPattern.test(itemId)) return c.json(bad(), 400);
    if (!fileName) return c.json(bad(routesApiText.noFileName), 400);
    const content = new Uint8Array(await c.req.arrayBuffer());
    if (!content.length) return c.json(bad(routesApiText.emptyFile), 400);
    const route = await markItemDone(ctx, c.get("person"), itemId, { fileName, content });
    return c.json({ route: await routeOut(route) });
  });

  app.post("/api/route-items/:itemId/undo", async (c) => {
    const itemId = c.req.param("itemId");
    if (!idPattern.test(itemId)) return c.json(bad(), 400);
    return c.json({ route: await routeOut(await undoItem(ctx, c.get("person"), itemId)) });
  });

  app.get("/api/route-items/:itemId/certificate", async (c) => {
    const itemId = c.req.param("itemId");
    if (!idPattern.test(itemId)) return c.json(bad(), 400);
    const file = await certificateFile(ctx, c.get("person"), itemId);
    const extension = file.name.split(".").pop()?.toLowerCase() ?? "";
    return c.body(file.content as Uint8Array<ArrayBuffer>, 200, {
      "Content-Type": CERTIFICATE_TYPES[extension] ?? "application/octet-stream",
      "Content-Disposition": `attachment; filename="certificate.${CERTIFICATE_TYPES[extension] ? extension : "bin"}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
      "Cache-Control": "no-store",
    });
  });

  // ---- the catalog ----
  app.get("/api/districts/:districtId/courses", async (c) => {
    const districtId = c.req.param("districtId");
    if (!idPattern.test(districtId)) return c.json(bad(), 400);
    const courses = await districtCourses(ctx, c.get("person"), districtId);
    return c.json({ courses: courses.map(courseJson), areas: courseAreas().map(({ id, title }) => ({ id, title })) });
  });

  const catalogLimit = bodyLimit({ maxSize: CATALOG_LIMIT_BYTES, onError: (c) => c.json(bad(routesApiText.catalogTooBig(CATALOG_LIMIT_BYTES / 1024 / 1024)), 413) });
  // The raw file as the body (X-File-Name: its name, URI-encoded); all or nothing.
  app.post("/api/districts/:districtId/courses", catalogLimit, async (c) => {
    const districtId = c.req.param("districtId");
    const fileName = fileNameOf(c.req.header("x-file-name"));
    if (!idPattern.test(districtId)) return c.json(bad(), 400);
    if (!fileName) return c.json(bad(routesApiText.noFileName), 400);
    const content = async () => new Uint8Array(await c.req.arrayBuffer());
    // Who may import is checked (inside) before the file is read: nobody else makes the server parse one.
    const result = await importCourseFile(ctx, c.get("person"), districtId, async () => {
      const bytes = await content();
      if (!bytes.length) return { courses: [], problems: [{ message: routesApiText.emptyFile }] };
      return (await catalogReader()).readCourseCatalog(fileName, bytes);
    });
    if (!result.ok) {
      return c.json({ error: "invalid", message: courseText.refused(result.problems.length), problems: result.problems.map((problem) => ({ ...problem, text: courseText.problemAt(problem) })) }, 422);
    }
    return c.json({ ok: true, message: courseText.imported(result.counts), counts: result.counts });
  });

  // ---- team routes (seed 002): the head drafts, the district approves by order ----
  app.get("/api/schools/:schoolId/team-route", async (c) => {
    const schoolId = c.req.param("schoolId");
    const year = Year.safeParse(c.req.query("year") ?? deps.clock.now().getUTCFullYear());
    if (!idPattern.test(schoolId) || !year.success) return c.json(bad(), 400);
    const route = await teamRouteOf(ctx, c.get("person"), schoolId, year.data);
    return c.json({ route: route ? await routeOut(route) : null });
  });

  app.post("/api/schools/:schoolId/team-route/draft", async (c) => {
    const schoolId = c.req.param("schoolId");
    if (!idPattern.test(schoolId)) return c.json(bad(), 400);
    return c.json({ route: await routeOut(await draftTeamRoute(ctx, c.get("person"), schoolId)) });
  });

  app.get("/api/districts/:districtId/team-routes", async (c) => {
    const districtId = c.req.param("districtId");
    const year = Year.safeParse(c.req.query("year") ?? deps.clock.now().getUTCFullYear());
    if (!idPattern.test(districtId) || !year.success) return c.json(bad(routesApiText.badYear), 400);
    const routes = await districtTeamRoutes(ctx, c.get("person"), districtId, year.data);
    const names = new Map((await deps.repo.listSchools([districtId])).map((school) => [school.id, school.name]));
    return c.json({ routes: await Promise.all(routes.map(async (route) => ({ ...(await routeOut(route)), schoolName: names.get(route.schoolId ?? "") ?? null }))) });
  });

  app.post("/api/team-routes/:routeId/approve", bodyLimit({ maxSize: 4 * 1024 }), async (c) => {
    const routeId = c.req.param("routeId");
    const body = z.object({ approvalRef: z.string().max(200) }).strict().safeParse(await jsonBody(c));
    if (!idPattern.test(routeId) || !body.success) return c.json(bad(), 400);
    return c.json({ route: await routeOut(await approveTeamRoute(ctx, c.get("person"), routeId, body.data.approvalRef)) });
  });

  // ---- the institute's methodologist: deficits by area and target group, through the release rules ----
  app.get("/api/districts/:districtId/methodologist", async (c) => {
    const districtId = c.req.param("districtId");
    if (!idPattern.test(districtId)) return c.json(bad(), 400);
    const result = await methodologistAggregates(ctx, c.get("person"), districtId);
    return c.json({ ...result, releasedAt: result.releasedAt?.toISOString() ?? null });
  });
}

// The file reader loads with the first catalog, not at start: it brings exceljs (memory).
const catalogReader = () => import("../../../files/courses.ts");
