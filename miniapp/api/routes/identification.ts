import { randomBytes } from "node:crypto";
import type { Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { z } from "zod";
import { canManageDistrict } from "../../../core/access/permissions.ts";
import { AdminError, findDistrict, isAdminError } from "../../../core/services/admin.ts";
import {
  checkData,
  getMethodology,
  getRun,
  importData,
  MAX_FILE_BYTES,
  officialComparison,
  runIdentification,
  runYears,
  schoolCard,
  setCuratorFlags,
  setMethodology,
  type IdentificationContext,
} from "../../../core/services/identification.ts";
import type { IdentificationRepository } from "../../../core/services/identification-ports.ts";
import { CLUSTERS, type SchoolIdentification } from "../../../core/identification/types.ts";
import type { PersonView } from "../../../core/services/ports.ts";
import type { ApiDeps } from "../app.ts";
import { apiText } from "../messages.ts";
import { XLSX_TYPE } from "./aggregates.ts";

type Env = { Variables: { person: PersonView } };

/**
 * What these routes need beyond ApiDeps: the identification repository (prisma/identification.ts).
 * Optional so that `registerIdentificationRoutes(app, deps)` type-checks before the server passes it;
 * without it every route answers 503 with the reason, never made-up figures.
 */
export interface IdentificationApiDeps {
  ident?: IdentificationRepository;
}

/** Russian texts of these routes (the Mini App shows them as they are). */
export const identApiText = {
  notWired: "Выявление ШНОР и ШНСУ на этом сервере не подключено. Сообщите администратору.",
  noFileName: "Не указано имя файла: выберите файл заново.",
  emptyFile: "Файл пустой: выберите файл Excel (.xlsx) или CSV с данными.",
  fileTooBig: (mb: number) => `Файл больше ${mb} МБ. Разделите его на части (например, по годам) и загрузите по очереди.`,
  badKind: "Неизвестный вид данных: результаты, задания ВПР, социальные данные или список сверху.",
  badYear: "Неверный год: укажите год от 2000 до 2100.",
  badOfficial: "Реквизиты списка сверху не прочитаны: вид — ШНОР или ШНСУ, год — от 2000 до 2100, дата — ГГГГ-ММ-ДД.",
  badMethodology: "Настройки методики не прочитаны: ожидался набор полей методики.",
} as const;

/** The upload's limit: the intake's own (Telegram's limit for bot files), so all three ways take the same files. */
export const DATA_UPLOAD_LIMIT_BYTES = MAX_FILE_BYTES;

// The file readers load with the first file or template, not at start: they bring exceljs (memory).
const intake = () => import("../../../files/identification/index.ts");

const idPattern = /^[a-z0-9]{1,40}$/;
const DATA_KINDS = ["results", "items", "social", "official-list"] as const;
const Year = z.coerce.number().int().min(2000).max(2100);

const ListsQuery = z.object({
  year: Year.optional(),
  cluster: z.enum(CLUSTERS).optional(),
  list: z.enum(["shnor", "shnsu", "none"]).optional(),
  /** up: the results index grew; down: it fell; exclusion: proposed for exclusion (on a list, positive dynamics). */
  dynamics: z.enum(["up", "down", "exclusion"]).optional(),
});
const OfficialQuery = z.object({ year: Year, kind: z.enum(["shnor", "shnsu"]) });
const DataQuery = z.object({
  kind: z.enum([...DATA_KINDS, "auto"]).default("auto"),
  dryRun: z.enum(["0", "1"]).default("0"),
  // An official list's document, from the upload form (the file holds only the schools).
  listKind: z.enum(["shnor", "shnsu"]).optional(),
  listYear: Year.optional(),
  source: z.string().trim().min(1).max(300).optional(),
  number: z.string().trim().min(1).max(100).optional(),
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
});
const RunBody = z.object({ year: z.number().int().min(2000).max(2100) });
const flag = z.boolean().nullable().optional();
const CuratorBody = z.object({ innovationPlatform: flag, headCompetence: flag, headMotivation: flag });
const MethodologyBody = z.object({ patch: z.record(z.string(), z.unknown()) });

/**
 * A school as the scatter and the lists show it: without its explanation and ВПР tasks, which the
 * school card carries (a district's run with them runs to megabytes on a village connection).
 */
export type SchoolSummary = Omit<SchoolIdentification, "explanation" | "lowTasks"> & { schoolId: string };
export const summaryOfSchool = ({ explanation: _explanation, lowTasks: _lowTasks, ...school }: SchoolIdentification & { schoolId: string }): SchoolSummary => school;

/** Keeps the schools a list filter asks for; the order of the run stays. */
export function filterSchools<S extends Pick<SchoolIdentification, "cluster" | "shnor" | "shnsu" | "dynamics" | "proposeExclusion">>(
  schools: S[],
  filter: z.infer<typeof ListsQuery>,
): S[] {
  return schools.filter((school) => {
    if (filter.cluster && school.cluster !== filter.cluster) return false;
    if (filter.list === "shnor" && !school.shnor) return false;
    if (filter.list === "shnsu" && !school.shnsu) return false;
    if (filter.list === "none" && (school.shnor || school.shnsu)) return false;
    if (filter.dynamics === "up" && !(school.dynamics !== null && school.dynamics > 0)) return false;
    if (filter.dynamics === "down" && !(school.dynamics !== null && school.dynamics < 0)) return false;
    if (filter.dynamics === "exclusion" && !school.proposeExclusion) return false;
    return true;
  });
}

/** "Results 2026.xlsx" from X-File-Name, sent percent-encoded (a header carries no Cyrillic). */
function fileNameOf(header: string | undefined): string | null {
  if (!header) return null;
  let name: string;
  try {
    name = decodeURIComponent(header);
  } catch {
    return null;
  }
  // Only the last path segment, no control characters: the name is shown back and logged.
  name = (name.split(/[\\/]/).pop() ?? "").replace(/[\u0000-\u001f\u007f]/g, "").trim();
  return name && name.length <= 255 ? name : null;
}

/**
 * Identification of ШНОР and ШНСУ (issue #12 §11) in the Mini App: the run of a year (scatter and
 * lists), the school card, the official lists beside the computed ones, the data upload (checked
 * first, written only on «Загрузить»), the templates and the methodology. Every check of who may do
 * what is in core/services/identification.ts; here only the shape of the request.
 */
export function registerIdentificationRoutes(app: Hono<Env>, deps: ApiDeps) {
  const badRequest = (message: string = apiText.badRequest) => ({ error: "bad_request", message }) as const;

  const context = (): IdentificationContext | null =>
    deps.ident
      ? {
          admin: deps.admin,
          repo: deps.repo,
          clock: deps.clock,
          randomBytes: (size) => randomBytes(size),
          settings: deps.settings,
          ident: deps.ident,
          parseFile: async (input) => (await intake()).parseDataFile(input),
          readStaffWorkbook: async (content) => (await import("../../../files/staff-workbook.ts")).readWorkbook(content),
        }
      : null;

  /** Runs a use case; its refusal becomes 400/403/404 with its Russian message (the existing error shape). */
  const run = async <T>(c: Context<Env>, work: (ctx: IdentificationContext) => Promise<T>) => {
    const ctx = context();
    if (!ctx) return c.json({ error: "unavailable", message: identApiText.notWired }, 503);
    try {
      const result = await work(ctx);
      return result instanceof Response ? result : c.json(result as object);
    } catch (error) {
      if (!isAdminError(error)) throw error;
      const status = error.kind === "forbidden" ? 403 : error.kind === "not_found" ? 404 : 400;
      return c.json({ error: error.kind, message: error.message, field: error.detail.field ?? null }, status);
    }
  };
  const param = (c: Context<Env>, name: string) => {
    const value = c.req.param(name);
    return value && idPattern.test(value) ? value : null;
  };
  const query = <S extends z.ZodType>(c: Context<Env>, schema: S): z.infer<S> | null => {
    const parsed = schema.safeParse(c.req.query());
    return parsed.success ? parsed.data : null;
  };
  const body = async <S extends z.ZodType>(c: Context<Env>, schema: S): Promise<z.infer<S> | null> => {
    const parsed = schema.safeParse(await c.req.json().catch(() => null));
    return parsed.success ? parsed.data : null;
  };

  // ---- the run of a year: the scatter, the lists, the district's low-solved tasks ----
  app.get("/api/districts/:districtId/identification", async (c) => {
    const districtId = param(c, "districtId");
    const input = query(c, z.object({ year: Year.optional() }));
    if (!districtId || !input) return c.json(badRequest(identApiText.badYear), 400);
    return run(c, async (ctx) => {
      const actor = c.get("person");
      const [view, years] = await Promise.all([
        getRun(ctx, actor, { districtId, year: input.year }),
        runYears(ctx, actor, { districtId }),
      ]);
      // The working group (#15) reads the results; the page offers the run and the upload to district staff only.
      return { run: view && { ...view, schools: view.schools.map(summaryOfSchool) }, years, canEdit: canManageDistrict(actor.memberships, districtId) };
    });
  });

  app.post("/api/districts/:districtId/identification/run", async (c) => {
    const districtId = param(c, "districtId");
    const input = await body(c, RunBody);
    if (!districtId || !input) return c.json(badRequest(identApiText.badYear), 400);
    return run(c, (ctx) => runIdentification(ctx, c.get("person"), { districtId, year: input.year }));
  });

  app.get("/api/districts/:districtId/identification/lists", async (c) => {
    const districtId = param(c, "districtId");
    const filter = query(c, ListsQuery);
    if (!districtId || !filter) return c.json(badRequest(), 400);
    return run(c, async (ctx) => {
      const view = await getRun(ctx, c.get("person"), { districtId, year: filter.year });
      if (!view) return { year: filter.year ?? null, runId: null, schools: [] };
      return { year: view.year, runId: view.runId, schools: filterSchools(view.schools.map(summaryOfSchool), filter) };
    });
  });

  app.get("/api/districts/:districtId/identification/official", async (c) => {
    const districtId = param(c, "districtId");
    const input = query(c, OfficialQuery);
    if (!districtId || !input) return c.json(badRequest(), 400);
    return run(c, (ctx) => officialComparison(ctx, c.get("person"), { districtId, year: input.year, kind: input.kind }));
  });

  // ---- the school card: district staff of its district, or the head of that school ----
  app.get("/api/schools/:schoolId/card", async (c) => {
    const schoolId = param(c, "schoolId");
    const input = query(c, z.object({ year: Year.optional() }));
    if (!schoolId || !input) return c.json(badRequest(), 400);
    return run(c, async (ctx) => {
      const person = c.get("person");
      const card = await schoolCard(ctx, person, { schoolId, year: input.year });
      // Seed 004's curator criteria are the district's to set: its staff see them and may change them.
      const curator = canManageDistrict(person.memberships, card.districtId)
        ? ((await ctx.ident.curatorFlags(card.districtId)).get(schoolId) ?? { innovationPlatform: null, headCompetence: null, headMotivation: null })
        : null;
      return { ...card, curator };
    });
  });

  app.put("/api/schools/:schoolId/curator-flags", async (c) => {
    const schoolId = param(c, "schoolId");
    const input = await body(c, CuratorBody);
    if (!schoolId || !input) return c.json(badRequest(), 400);
    return run(c, (ctx) => setCuratorFlags(ctx, c.get("person"), { schoolId, ...input }));
  });

  // ---- data in: the raw file as the body; dryRun=1 checks, otherwise imports (all or nothing) ----
  // A body over the limit is cut off while it streams, announced length or not.
  const uploadLimit = bodyLimit({
    maxSize: DATA_UPLOAD_LIMIT_BYTES,
    onError: (c) =>
      c.json({ error: "invalid", message: identApiText.fileTooBig(DATA_UPLOAD_LIMIT_BYTES / 1024 / 1024), field: "file" }, 413),
  });
  app.post("/api/districts/:districtId/data", uploadLimit, async (c) => {
    const districtId = param(c, "districtId");
    const parsed = DataQuery.safeParse(c.req.query());
    if (!districtId || !parsed.success) {
      const official = parsed.error?.issues.some((issue) => ["listKind", "listYear", "source", "number", "date"].includes(String(issue.path[0])));
      return c.json(badRequest(official ? identApiText.badOfficial : identApiText.badKind), 400);
    }
    const input = parsed.data;
    const fileName = fileNameOf(c.req.header("x-file-name"));
    if (!fileName) return c.json({ error: "invalid", message: identApiText.noFileName, field: "file" }, 400);
    // An official list's details given with the upload override the file's «Реквизиты»; what neither has is
    // a problem of the check, named for the person (files/identification).
    const given = { kind: input.listKind, year: input.listYear, source: input.source, documentNumber: input.number, documentDate: input.date };
    const official = Object.values(given).some((value) => value !== undefined)
      ? Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined))
      : undefined;
    return run(c, async (ctx) => {
      // Who may upload is checked before the body is read: nobody else makes the server parse a file.
      await findDistrict(ctx, c.get("person"), districtId);
      const content = new Uint8Array(await c.req.arrayBuffer());
      if (content.byteLength === 0) throw new AdminError("invalid", identApiText.emptyFile, { field: "file" });
      const request = { districtId, kind: input.kind, fileName, content, official };
      return input.dryRun === "1" ? checkData(ctx, c.get("person"), request) : importData(ctx, c.get("person"), request);
    });
  });

  // The empty workbook to fill in (the same template as the CLI's `import template` and the bot's /templates).
  app.get("/api/districts/:districtId/data/template/:kind", async (c) => {
    const districtId = param(c, "districtId");
    const kind = z.enum(DATA_KINDS).safeParse(c.req.param("kind"));
    if (!districtId || !kind.success) return c.json(badRequest(identApiText.badKind), 400);
    return run(c, async (ctx) => {
      await findDistrict(ctx, c.get("person"), districtId);
      const template = await (await intake()).dataTemplate(kind.data);
      return c.body(template.content as Uint8Array<ArrayBuffer>, 200, {
        "Content-Type": XLSX_TYPE,
        "Content-Disposition": `attachment; filename="${kind.data}-template.xlsx"; filename*=UTF-8''${encodeURIComponent(template.filename)}`,
        "Cache-Control": "no-store",
      });
    });
  });

  // ---- methodology: the current version; a change makes a new version, past runs keep theirs ----
  app.get("/api/districts/:districtId/methodology", async (c) => {
    const districtId = param(c, "districtId");
    if (!districtId) return c.json(badRequest(), 400);
    return run(c, (ctx) => getMethodology(ctx, c.get("person"), { districtId }));
  });

  app.put("/api/districts/:districtId/methodology", async (c) => {
    const districtId = param(c, "districtId");
    const input = await body(c, MethodologyBody);
    if (!districtId) return c.json(badRequest(), 400);
    if (!input) return c.json(badRequest(identApiText.badMethodology), 400);
    return run(c, (ctx) => setMethodology(ctx, c.get("person"), { districtId, patch: input.patch }));
  });
}
