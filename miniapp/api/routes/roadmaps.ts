// #14 roadmaps in the Mini App API: the district's list (the district's roadmap and each school's, with
// counts per state), one roadmap in seed 002's table, creating it from the template, editing events
// (fields, order, executors), state changes, help, evidence (a link or a file) and its download, and
// the executor's own tasks. Permissions are checked by the use cases (core/services/roadmaps.ts);
// without the management context every route answers 404.
import type { Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { z } from "zod";
import { ATTACHMENT_MAX_BYTES } from "../../../core/services/file-store-ports.ts";
import type { PersonView } from "../../../core/services/ports.ts";
import { ROADMAP_SECTIONS, type EventInContext, type EventRecord, type RoadmapSummary } from "../../../core/services/roadmaps-ports.ts";
import {
  actOnEvent,
  addEventEvidence,
  addRoadmapEvent,
  askForHelp,
  attachmentType,
  createRoadmapFromTemplate,
  deleteRoadmapEvent,
  editRoadmapEvent,
  eventDetails,
  EvidenceError,
  evidenceFile,
  executorCandidates,
  listDistrictRoadmaps,
  myOpenTasks,
  placeOfEvent,
  reorderRoadmapEvents,
  roadmapOf,
  setEventExecutors,
  type RoadmapsDeps,
} from "../../../core/services/roadmaps.ts";
import type { ApiDeps } from "../app.ts";
import { apiText } from "../messages.ts";

type Env = { Variables: { person: PersonView } };

/** Russian texts of these routes (the Mini App shows them as they are). */
export const roadmapsApiText = {
  unavailable: "Дорожные карты недоступны.",
  noFileName: "Не указано имя файла: выберите файл заново.",
  emptyFile: "Файл пустой.",
  badType: "Такой файл не принимается: подойдут PDF, документы, таблицы, презентации, изображения, ZIP.",
  tooBig: `Файл больше ${ATTACHMENT_MAX_BYTES / 1024 / 1024} МБ.`,
  badUrl: "Нужна ссылка, начинающаяся с http:// или https://.",
  evidenceRequired: "Чтобы отметить выполнение, приложите подтверждение: файл или ссылку.",
} as const;

const idPattern = /^[a-z0-9-]{1,40}$/;
const SchoolYear = z.string().regex(/^\d{4}\/\d{2}$/);
const DateOnly = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  // A real calendar day: "2027-02-30" does not roll over into March.
  .refine((value) => {
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value && date.getUTCFullYear() >= 2000 && date.getUTCFullYear() <= 2100;
  })
  .transform((value) => new Date(`${value}T00:00:00Z`));
const Text = (max: number) => z.string().trim().min(1).max(max);
const OptionalText = (max: number) => z.string().trim().max(max).nullable().optional().transform((value) => (value ? value : null));

const EventBody = z
  .object({
    section: z.enum(ROADMAP_SECTIONS),
    number: z.string().trim().regex(/^[0-9.]{1,12}$/).optional(),
    title: Text(1000),
    dueOn: DateOnly,
    indicator: OptionalText(1000),
    resultDocument: OptionalText(500),
    executorsText: OptionalText(500),
  })
  .strict();
const PatchBody = EventBody.partial().strict();
const StateBody = z
  .object({
    action: z.enum(["start", "done", "cancel", "reopen", "postpone"]),
    dueOn: DateOnly.optional(),
    reason: z.string().trim().max(500).optional(),
    url: z.string().trim().max(1000).optional(),
  })
  .strict();

const day = (date: Date) => date.toISOString().slice(0, 10);

const eventJson = (event: EventRecord) => ({
  id: event.id,
  section: event.section,
  number: event.number,
  position: event.position,
  title: event.title,
  dueOn: day(event.dueOn),
  indicator: event.indicator,
  resultDocument: event.resultDocument,
  executorsText: event.executorsText,
  state: event.state,
  recommendationId: event.recommendationId,
  doneAt: event.doneAt?.toISOString() ?? null,
  escalatedAt: event.escalatedAt?.toISOString() ?? null,
  helpRequestedAt: event.helpRequestedAt?.toISOString() ?? null,
  executors: event.executors,
  evidence: event.evidence.map((evidence) => ({
    id: evidence.id,
    url: evidence.url,
    fileName: evidence.fileName,
    size: evidence.size,
    hasFile: evidence.fileKey !== null,
    createdAt: evidence.createdAt.toISOString(),
  })),
});

const taskJson = (event: EventInContext) => ({ ...eventJson(event), place: placeOfEvent(event), districtId: event.districtId, schoolId: event.schoolId, roadmapTitle: event.roadmapTitle });

const summaryJson = (roadmap: RoadmapSummary | null) =>
  roadmap && { id: roadmap.id, title: roadmap.title, schoolYear: roadmap.schoolYear, templateKey: roadmap.templateKey, approvalRef: roadmap.approvalRef, counts: roadmap.counts };

const bad = (message: string = apiText.badRequest) => ({ error: "bad_request", message });
const notFound = { error: "not_found", message: apiText.notFound };

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

async function jsonBody(c: Context<Env>): Promise<unknown> {
  return c.req.json().catch(() => undefined);
}

const evidenceMessage = (error: EvidenceError) =>
  ({ bad_url: roadmapsApiText.badUrl, bad_type: roadmapsApiText.badType, too_big: roadmapsApiText.tooBig, download_failed: roadmapsApiText.emptyFile })[error.problem];

export function registerRoadmapsRoutes(app: Hono<Env>, deps: ApiDeps) {
  const ctx = (): RoadmapsDeps | null => (deps.management ? { repo: deps.repo, clock: deps.clock, management: deps.management } : null);
  const ids = (c: Context<Env>, ...names: string[]) => names.every((name) => idPattern.test(c.req.param(name) ?? ""));

  /** Runs a use case; 404 without the management context, 400 on a bad id or evidence problem. */
  const route =
    (names: string[], work: (c: Context<Env>, context: RoadmapsDeps) => Promise<Response>) =>
    async (c: Context<Env>) => {
      const context = ctx();
      if (!context) return c.json(notFound, 404);
      if (!ids(c, ...names)) return c.json(bad(), 400);
      try {
        return await work(c, context);
      } catch (error) {
        if (error instanceof EvidenceError) return c.json(bad(evidenceMessage(error)), error.problem === "too_big" ? 413 : 400);
        throw error;
      }
    };

  const schoolQuery = (c: Context<Env>) => {
    const parsed = z
      .object({ schoolId: z.string().regex(idPattern).optional(), schoolYear: SchoolYear.optional() })
      .safeParse({ schoolId: c.req.query("schoolId") || undefined, schoolYear: c.req.query("schoolYear") || undefined });
    return parsed.success ? parsed.data : null;
  };

  app.get(
    "/api/districts/:districtId/roadmaps",
    route(["districtId"], async (c, context) => {
      const query = schoolQuery(c);
      if (!query) return c.json(bad(), 400);
      const list = await listDistrictRoadmaps(context, c.get("person"), c.req.param("districtId")!, query.schoolYear);
      return c.json({ schoolYear: list.schoolYear, districtName: list.districtName, items: list.items.map((item) => ({ schoolId: item.schoolId, name: item.name, roadmap: summaryJson(item.roadmap), canEdit: item.canEdit })) });
    }),
  );

  app.get(
    "/api/districts/:districtId/roadmap",
    route(["districtId"], async (c, context) => {
      const query = schoolQuery(c);
      if (!query) return c.json(bad(), 400);
      const view = await roadmapOf(context, c.get("person"), c.req.param("districtId")!, query.schoolId ?? null, query.schoolYear);
      return c.json({
        schoolYear: view.schoolYear,
        name: view.name,
        canEdit: view.canEdit,
        today: new Intl.DateTimeFormat("en-CA", { timeZone: view.timezone }).format(deps.clock.now()),
        roadmap: view.roadmap && { id: view.roadmap.id, title: view.roadmap.title, templateKey: view.roadmap.templateKey, approvalRef: view.roadmap.approvalRef, events: view.roadmap.events.map(eventJson) },
      });
    }),
  );

  app.post(
    "/api/districts/:districtId/roadmap",
    bodyLimit({ maxSize: 4 * 1024 }),
    route(["districtId"], async (c, context) => {
      const body = z.object({ schoolId: z.string().regex(idPattern).nullable().optional(), schoolYear: SchoolYear.optional() }).strict().safeParse((await jsonBody(c)) ?? {});
      if (!body.success) return c.json(bad(), 400);
      const created = await createRoadmapFromTemplate(context, c.get("person"), c.req.param("districtId")!, body.data.schoolId ?? null, body.data.schoolYear);
      return c.json(created, created.created ? 201 : 200);
    }),
  );

  app.get(
    "/api/districts/:districtId/roadmap/executors",
    route(["districtId"], async (c, context) => {
      const query = schoolQuery(c);
      if (!query) return c.json(bad(), 400);
      const people = await executorCandidates(context, c.get("person"), c.req.param("districtId")!, query.schoolId ?? null);
      return c.json({ people: people.map((person) => ({ personId: person.personId, displayName: person.displayName, roles: person.roles, reachable: person.account !== null && person.consented })) });
    }),
  );

  app.post(
    "/api/roadmaps/:roadmapId/events",
    bodyLimit({ maxSize: 16 * 1024 }),
    route(["roadmapId"], async (c, context) => {
      const body = EventBody.safeParse(await jsonBody(c));
      if (!body.success) return c.json(bad(), 400);
      const id = await addRoadmapEvent(context, c.get("person"), c.req.param("roadmapId")!, body.data);
      return c.json({ id }, 201);
    }),
  );

  app.put(
    "/api/roadmaps/:roadmapId/order",
    bodyLimit({ maxSize: 64 * 1024 }),
    route(["roadmapId"], async (c, context) => {
      const body = z.object({ eventIds: z.array(z.string().regex(idPattern)).max(1000) }).strict().safeParse(await jsonBody(c));
      if (!body.success) return c.json(bad(), 400);
      await reorderRoadmapEvents(context, c.get("person"), c.req.param("roadmapId")!, body.data.eventIds);
      return c.json({ ok: true });
    }),
  );

  app.get(
    "/api/roadmap-events/:eventId",
    route(["eventId"], async (c, context) => {
      const details = await eventDetails(context, c.get("person"), c.req.param("eventId")!);
      return c.json({
        event: taskJson(details.event),
        canEdit: details.canEdit,
        log: details.log.map((entry) => ({ action: entry.action, note: entry.note, personName: entry.personName, createdAt: entry.createdAt.toISOString() })),
      });
    }),
  );

  app.patch(
    "/api/roadmap-events/:eventId",
    bodyLimit({ maxSize: 16 * 1024 }),
    route(["eventId"], async (c, context) => {
      const body = PatchBody.safeParse(await jsonBody(c));
      if (!body.success) return c.json(bad(), 400);
      await editRoadmapEvent(context, c.get("person"), c.req.param("eventId")!, body.data);
      return c.json({ ok: true });
    }),
  );

  app.delete(
    "/api/roadmap-events/:eventId",
    route(["eventId"], async (c, context) => {
      await deleteRoadmapEvent(context, c.get("person"), c.req.param("eventId")!);
      return c.json({ ok: true });
    }),
  );

  app.put(
    "/api/roadmap-events/:eventId/executors",
    bodyLimit({ maxSize: 16 * 1024 }),
    route(["eventId"], async (c, context) => {
      const body = z.object({ personIds: z.array(z.string().regex(idPattern)).max(50) }).strict().safeParse(await jsonBody(c));
      if (!body.success) return c.json(bad(), 400);
      await setEventExecutors(context, c.get("person"), c.req.param("eventId")!, body.data.personIds);
      return c.json({ ok: true });
    }),
  );

  app.post(
    "/api/roadmap-events/:eventId/state",
    bodyLimit({ maxSize: 4 * 1024 }),
    route(["eventId"], async (c, context) => {
      const body = StateBody.safeParse(await jsonBody(c));
      if (!body.success) return c.json(bad(), 400);
      const { action, dueOn, reason, url } = body.data;
      if (action === "postpone" && (!dueOn || !reason || reason.length < 3)) return c.json(bad(), 400);
      const person = c.get("person");
      const eventId = c.req.param("eventId")!;
      if (action === "done" && !url) {
        const { event } = await eventDetails(context, person, eventId);
        if (!event.evidence.length) return c.json(bad(roadmapsApiText.evidenceRequired), 400);
      }
      const event = await actOnEvent(context, person, eventId, action, {
        ...(action === "done" && url ? { evidence: { kind: "link" as const, url } } : {}),
        ...(action === "postpone" ? { dueOn, reason } : {}),
      });
      return c.json({ event: taskJson(event) });
    }),
  );

  app.post(
    "/api/roadmap-events/:eventId/help",
    route(["eventId"], async (c, context) => {
      await askForHelp(context, c.get("person"), c.req.param("eventId")!);
      return c.json({ ok: true });
    }),
  );

  // Evidence: JSON {url}, or the raw file as the body with X-File-Name (URI-encoded); type and size checked before it is read.
  app.post(
    "/api/roadmap-events/:eventId/evidence",
    bodyLimit({ maxSize: ATTACHMENT_MAX_BYTES, onError: (c) => c.json(bad(roadmapsApiText.tooBig), 413) }),
    route(["eventId"], async (c, context) => {
      const person = c.get("person");
      const eventId = c.req.param("eventId")!;
      if ((c.req.header("content-type") ?? "").startsWith("application/json")) {
        const body = z.object({ url: z.string().trim().min(1).max(1000) }).strict().safeParse(await jsonBody(c));
        if (!body.success) return c.json(bad(roadmapsApiText.badUrl), 400);
        const id = await addEventEvidence(context, person, eventId, { kind: "link", url: body.data.url });
        return c.json({ id }, 201);
      }
      const fileName = fileNameOf(c.req.header("x-file-name"));
      if (!fileName) return c.json(bad(roadmapsApiText.noFileName), 400);
      if (!attachmentType(fileName)) return c.json(bad(roadmapsApiText.badType), 400);
      const declared = Number(c.req.header("content-length") ?? NaN);
      const id = await addEventEvidence(context, person, eventId, {
        kind: "file",
        fileName,
        size: Number.isFinite(declared) ? declared : null,
        download: async () => new Uint8Array(await c.req.arrayBuffer()),
      });
      return c.json({ id }, 201);
    }),
  );

  app.get(
    "/api/roadmap-evidence/:evidenceId/file",
    route(["evidenceId"], async (c, context) => {
      const file = await evidenceFile(context, c.get("person"), c.req.param("evidenceId")!);
      const extension = file.name.split(".").pop()?.toLowerCase() ?? "bin";
      return c.body(file.content as Uint8Array<ArrayBuffer>, 200, {
        "Content-Type": file.mimeType,
        "Content-Disposition": `attachment; filename="evidence.${/^[a-z0-9]{1,5}$/.test(extension) ? extension : "bin"}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
        "Cache-Control": "no-store",
      });
    }),
  );

  app.get(
    "/api/me/tasks",
    route([], async (c, context) => {
      const events = await myOpenTasks(context, c.get("person"));
      return c.json({ tasks: events.map(taskJson) });
    }),
  );
}
