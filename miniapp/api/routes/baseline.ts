// Baselines in the Mini App (#13 §8): the export of an earlier round as the request body, checked
// (dryRun) or imported; the editable mapping; the list of baselines; the comparison with the new
// round. Every check of who may do what is in core/services/baseline.ts; here only the request's shape.
import type { Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { z } from "zod";
import { AdminError, findDistrict, isAdminError } from "../../../core/services/admin.ts";
import {
  baselineComparison,
  checkBaseline,
  getBaselineMapping,
  importBaseline,
  listBaselines,
  saveBaselineMapping,
  type BaselineDeps,
} from "../../../core/services/baseline.ts";
import type { PersonView } from "../../../core/services/ports.ts";
import type { ApiDeps } from "../app.ts";
import { apiText } from "../messages.ts";
import { DATA_UPLOAD_LIMIT_BYTES, identApiText } from "./identification.ts";

type Env = { Variables: { person: PersonView } };

const idPattern = /^[a-z0-9]{1,40}$/;
const KeyPattern = z.string().regex(/^[a-z0-9_]{1,32}$/);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const UploadQuery = z.object({
  instrument: KeyPattern,
  version: z.coerce.number().int().positive().max(1000).optional(),
  dryRun: z.enum(["0", "1"]).default("1"),
  schoolId: z.string().regex(idPattern).optional(),
  from: day.optional(),
  to: day.optional(),
  title: z.string().trim().min(1).max(200).optional(),
});
const MappingBody = z.object({ mapping: z.unknown() });

/** "ответы.csv" from X-File-Name, sent percent-encoded. */
function fileNameOf(header: string | undefined): string | null {
  if (!header) return null;
  try {
    const name = (decodeURIComponent(header).split(/[\\/]/).pop() ?? "").replace(/[\u0000-\u001f\u007f]/g, "").trim();
    return name && name.length <= 255 ? name : null;
  } catch {
    return null;
  }
}

export function registerBaselineRoutes(app: Hono<Env>, deps: ApiDeps) {
  const ctx = (): BaselineDeps => ({
    admin: deps.admin,
    repo: deps.repo,
    clock: deps.clock,
    settings: deps.settings,
    baseline: deps.surveys.baseline,
    // The reader loads with the first file: it brings exceljs.
    readFile: async (fileName, content) => (await import("../../../files/baseline.ts")).readBaselineFile(fileName, content),
  });
  const badRequest = (message: string = apiText.badRequest) => ({ error: "bad_request", message }) as const;
  const run = async <T>(c: Context<Env>, work: (ctx: BaselineDeps) => Promise<T>) => {
    try {
      return c.json((await work(ctx())) as object);
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

  app.get("/api/districts/:districtId/baselines", async (c) => {
    const districtId = param(c, "districtId");
    if (!districtId) return c.json(badRequest(), 400);
    return run(c, async (ctx) => ({ baselines: await listBaselines(ctx, c.get("person"), { districtId }) }));
  });

  const uploadLimit = bodyLimit({
    maxSize: DATA_UPLOAD_LIMIT_BYTES,
    onError: (c) => c.json({ error: "invalid", message: identApiText.fileTooBig(DATA_UPLOAD_LIMIT_BYTES / 1024 / 1024), field: "file" }, 413),
  });
  // The raw file as the body; dryRun=1 (the default) checks and writes nothing, dryRun=0 imports all or nothing.
  app.post("/api/districts/:districtId/baselines", uploadLimit, async (c) => {
    const districtId = param(c, "districtId");
    const query = UploadQuery.safeParse(c.req.query());
    if (!districtId || !query.success) return c.json(badRequest(), 400);
    const fileName = fileNameOf(c.req.header("x-file-name"));
    if (!fileName) return c.json({ error: "invalid", message: identApiText.noFileName, field: "file" }, 400);
    return run(c, async (ctx) => {
      // Who may upload is checked before the body is read.
      await findDistrict(ctx, c.get("person"), districtId);
      const content = new Uint8Array(await c.req.arrayBuffer());
      if (content.byteLength === 0) throw new AdminError("invalid", identApiText.emptyFile, { field: "file" });
      const { instrument, version, dryRun, ...rest } = query.data;
      const request = { districtId, instrumentKey: instrument, instrumentVersion: version, fileName, content, ...rest };
      if (dryRun === "1") return checkBaseline(ctx, c.get("person"), request);
      const { preview: _preview, ...result } = await importBaseline(ctx, c.get("person"), request);
      return result;
    });
  });

  app.get("/api/districts/:districtId/baselines/mapping/:instrument", async (c) => {
    const districtId = param(c, "districtId");
    const instrument = KeyPattern.safeParse(c.req.param("instrument"));
    if (!districtId || !instrument.success) return c.json(badRequest(), 400);
    return run(c, async (ctx) => ({ mapping: await getBaselineMapping(ctx, c.get("person"), { districtId, instrumentKey: instrument.data }) }));
  });

  app.put("/api/districts/:districtId/baselines/mapping/:instrument", async (c) => {
    const districtId = param(c, "districtId");
    const instrument = KeyPattern.safeParse(c.req.param("instrument"));
    const body = MappingBody.safeParse(await c.req.json().catch(() => null));
    if (!districtId || !instrument.success || !body.success) return c.json(badRequest(), 400);
    return run(c, async (ctx) => ({
      mapping: await saveBaselineMapping(ctx, c.get("person"), { districtId, instrumentKey: instrument.data, mapping: body.data.mapping }),
    }));
  });

  // The baseline against the new round: district staff see every school and the district, a school's own staff their school.
  app.get("/api/districts/:districtId/baselines/compare/:instrument", async (c) => {
    const districtId = param(c, "districtId");
    const instrument = KeyPattern.safeParse(c.req.param("instrument"));
    const schoolId = c.req.query("schoolId");
    if (!districtId || !instrument.success || (schoolId !== undefined && !idPattern.test(schoolId))) return c.json(badRequest(), 400);
    return run(c, (ctx) => baselineComparison(ctx, c.get("person"), { districtId, instrumentKey: instrument.data, ...(schoolId ? { schoolId } : {}) }));
  });
}
