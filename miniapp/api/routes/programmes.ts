// Programmes as documents in the Mini App API (#15 §6): the district overview and a programme's page,
// the passport (create, edit, attached file), submission, experts named by the district, an expert's
// scored form, return and approval, then monitoring and the effectiveness analysis. Permissions and
// the workflow are the use cases' (core/services/programmes.ts); bodies go through zod with Russian messages.
import type { Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { z } from "zod";
import { programmeText } from "../../../core/messages/programmes.ts";
import { ATTACHMENT_MAX_BYTES } from "../../../core/services/file-store-ports.ts";
import type { PersonView } from "../../../core/services/ports.ts";
import type { ProgrammeRecord, ReviewRecord } from "../../../core/services/programmes-ports.ts";
import {
  addMonitoring,
  approveProgramme,
  assignReviewers,
  attachProgrammeFile,
  createProgramme,
  getProgramme,
  listProgrammes,
  programmeFile,
  returnProgramme,
  reviewerOptions,
  saveMyReview,
  submitProgramme,
  updateProgramme,
  type ProgrammesDeps,
} from "../../../core/services/programmes.ts";
import {
  ApproveSchema,
  AssignReviewersSchema,
  MonitoringInputSchema,
  ProgrammeCreateSchema,
  ProgrammeEditSchema,
  programmeIssues,
  REVIEW_CRITERIA,
  ReturnSchema,
  ReviewInputSchema,
} from "../../../core/services/programmes-rules.ts";
import type { ApiDeps } from "../app.ts";
import { contextRunner, jsonBody, pathId } from "../route-kit.ts";
import { apiText } from "../messages.ts";

type Env = { Variables: { person: PersonView } };


const programmeJson = (programme: ProgrammeRecord) => ({
  id: programme.id,
  districtId: programme.districtId,
  districtName: programme.districtName,
  schoolId: programme.schoolId,
  schoolName: programme.schoolName,
  kind: programme.kind,
  title: programme.title,
  passport: programme.passport,
  indicators: programme.indicators,
  file: programme.file ? { name: programme.file.name, mimeType: programme.file.mimeType } : null,
  state: programme.state,
  version: programme.version,
  submittedAt: programme.submittedAt?.toISOString() ?? null,
  approvedAt: programme.approvedAt?.toISOString() ?? null,
  approvalRef: programme.approvalRef,
  createdAt: programme.createdAt.toISOString(),
  updatedAt: programme.updatedAt.toISOString(),
});

const reviewJson = (review: ReviewRecord) => ({
  id: review.id,
  reviewerId: review.reviewerId,
  reviewerName: review.reviewerName,
  version: review.version,
  scores: review.scores,
  comments: review.comments,
  comment: review.comment,
  verdict: review.verdict,
  submittedAt: review.submittedAt?.toISOString() ?? null,
  assignedAt: review.assignedAt.toISOString(),
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

export function registerProgrammesRoutes(app: Hono<Env>, deps: ApiDeps) {
  const notFound = { error: "not_found", message: apiText.notFound } as const;
  const badRequest = { error: "bad_request", message: apiText.badRequest } as const;
  const context = (): ProgrammesDeps | null => (deps.network ? { network: deps.network, repo: deps.repo, clock: deps.clock } : null);
  const id = pathId;
  const run = contextRunner(context);
  const limit = bodyLimit({ maxSize: 128 * 1024 });
  const body = jsonBody;
  /** Parses the body with the schema, or answers 400 with the Russian messages. */
  const parsed = async <S extends z.ZodType>(c: Context<Env>, schema: S): Promise<{ ok: true; data: z.output<S> } | { ok: false; response: Response }> => {
    const result = schema.safeParse(await body(c));
    if (result.success) return { ok: true, data: result.data };
    const issues = programmeIssues(result.error);
    return {
      ok: false,
      response: c.json({ error: "invalid_input", message: `${programmeText.invalidPrefix}: ${[...new Set(issues.map((issue) => issue.message))].join("; ")}.`, issues }, 400),
    };
  };
  /** A route over one programme: checks the id, then the body, then runs. */
  const onProgramme = <S extends z.ZodType>(schema: S | null, work: (ctx: ProgrammesDeps, person: PersonView, programmeId: string, input: z.output<S>, c: Context<Env>) => Promise<object | Response>) =>
    async (c: Context<Env>) => {
      const programmeId = id(c, "programmeId");
      if (!programmeId) return c.json(badRequest, 400);
      if (!context()) return c.json(notFound, 404);
      let input = undefined as z.output<S>;
      if (schema) {
        const result = await parsed(c, schema);
        if (!result.ok) return result.response;
        input = result.data;
      }
      return run(c, (ctx) => work(ctx, c.get("person"), programmeId, input, c));
    };

  app.get("/api/districts/:districtId/programmes", async (c) => {
    const districtId = id(c, "districtId");
    if (!districtId) return c.json(badRequest, 400);
    return run(c, async (ctx) => {
      const list = await listProgrammes(ctx, c.get("person"), districtId);
      return { ...list, programmes: list.programmes.map((item) => ({ ...item, updatedAt: item.updatedAt.toISOString() })), criteria: REVIEW_CRITERIA };
    });
  });

  app.post("/api/districts/:districtId/programmes", limit, async (c) => {
    const districtId = id(c, "districtId");
    if (!districtId) return c.json(badRequest, 400);
    if (!context()) return c.json(notFound, 404);
    const input = await parsed(c, ProgrammeCreateSchema);
    if (!input.ok) return input.response;
    return run(c, async (ctx) => ({ id: await createProgramme(ctx, c.get("person"), districtId, input.data) }), 201);
  });

  app.get(
    "/api/programmes/:programmeId",
    onProgramme(null, async (ctx, person, programmeId) => {
      const view = await getProgramme(ctx, person, programmeId);
      return {
        programme: programmeJson(view.programme),
        reviews: view.reviews.map(reviewJson),
        reviewAverage: view.reviewAverage,
        myReview: view.myReview && reviewJson(view.myReview),
        monitorings: view.monitorings.map((monitoring) => ({ ...monitoring, createdAt: monitoring.createdAt.toISOString() })),
        log: view.log.map((entry) => ({ ...entry, at: entry.at.toISOString() })),
        actions: view.actions,
        criteria: REVIEW_CRITERIA,
        canSeeAll: view.access.full,
      };
    }),
  );

  app.put(
    "/api/programmes/:programmeId",
    limit,
    onProgramme(ProgrammeEditSchema, async (ctx, person, programmeId, input) => {
      await updateProgramme(ctx, person, programmeId, input);
      return { ok: true };
    }),
  );

  app.post(
    "/api/programmes/:programmeId/submit",
    onProgramme(null, async (ctx, person, programmeId) => {
      await submitProgramme(ctx, person, programmeId);
      return { ok: true };
    }),
  );

  app.get(
    "/api/programmes/:programmeId/reviewer-options",
    onProgramme(null, async (ctx, person, programmeId) => ({ candidates: await reviewerOptions(ctx, person, programmeId) })),
  );

  app.post(
    "/api/programmes/:programmeId/reviewers",
    limit,
    onProgramme(AssignReviewersSchema, async (ctx, person, programmeId, input) => ({ added: await assignReviewers(ctx, person, programmeId, input.personIds) })),
  );

  app.put(
    "/api/programmes/:programmeId/review",
    limit,
    onProgramme(ReviewInputSchema, async (ctx, person, programmeId, input) => {
      await saveMyReview(ctx, person, programmeId, input);
      return { ok: true };
    }),
  );

  app.post(
    "/api/programmes/:programmeId/return",
    limit,
    onProgramme(ReturnSchema, async (ctx, person, programmeId, input) => {
      await returnProgramme(ctx, person, programmeId, input.note);
      return { ok: true };
    }),
  );

  app.post(
    "/api/programmes/:programmeId/approve",
    limit,
    onProgramme(ApproveSchema, async (ctx, person, programmeId, input) => {
      await approveProgramme(ctx, person, programmeId, input);
      return { ok: true };
    }),
  );

  app.post(
    "/api/programmes/:programmeId/monitorings",
    limit,
    onProgramme(MonitoringInputSchema, async (ctx, person, programmeId, input) => ({ monitoring: await addMonitoring(ctx, person, programmeId, input) })),
  );

  // The programme's document: the raw file as the body with X-File-Name (URI-encoded); type and size checked before it is read.
  app.post(
    "/api/programmes/:programmeId/file",
    bodyLimit({ maxSize: ATTACHMENT_MAX_BYTES, onError: (c) => c.json({ error: "bad_request", message: programmeText.fileTooBig }, 413) }),
    onProgramme(null, async (ctx, person, programmeId, _input, c) => {
      const fileName = fileNameOf(c.req.header("x-file-name"));
      const declared = Number(c.req.header("content-length") ?? NaN);
      await attachProgrammeFile(ctx, person, programmeId, {
        fileName,
        size: Number.isFinite(declared) ? declared : null,
        download: async () => new Uint8Array(await c.req.arrayBuffer()),
      });
      return { ok: true };
    }),
  );

  app.get(
    "/api/programmes/:programmeId/file",
    onProgramme(null, async (ctx, person, programmeId, _input, c) => {
      const file = await programmeFile(ctx, person, programmeId);
      const extension = file.name.split(".").pop()?.toLowerCase() ?? "bin";
      return c.body(file.content as Uint8Array<ArrayBuffer>, 200, {
        "Content-Type": file.mimeType,
        "Content-Disposition": `attachment; filename="programme.${/^[a-z0-9]{1,5}$/.test(extension) ? extension : "bin"}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
        "Cache-Control": "no-store",
      });
    }),
  );
}
