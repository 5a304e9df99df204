import { randomBytes } from "node:crypto";
import type { Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { z } from "zod";
import { AdminError, findDistrict, isAdminError, type AdminContext } from "../../../core/services/admin.ts";
import { closeCampaign, listCampaigns, openCampaign } from "../../../core/services/campaigns.ts";
import { districtCompletion, schoolCompletion } from "../../../core/services/completion.ts";
import { listSchools } from "../../../core/services/districts.ts";
import { addMemberSchool, deactivateMember, listMembers, moveMember, SCHOOL_STAFF_ROLES } from "../../../core/services/members.ts";
import { inviteSheet } from "../../../core/services/invites.ts";
import { remindUnfinished } from "../../../core/services/reminders.ts";
import { importStaff } from "../../../core/services/staff-import.ts";
import { renderInviteSheet } from "../../../files/invite-sheet.ts";
import { buildTemplate, readWorkbook, WORKBOOK_LIMITS } from "../../../files/staff-workbook.ts";
import type { PersonView } from "../../../core/services/ports.ts";
import type { ApiDeps } from "../app.ts";
import { apiText } from "../messages.ts";

type Env = { Variables: { person: PersonView } };

const idPattern = /^[a-z0-9]{1,40}$/;

const OpenCampaignBody = z.object({
  title: z.string().trim().min(1).max(200).optional(),
  /** A local calendar date "YYYY-MM-DD"; without it the campaign opens now. */
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  days: z.number().int().min(1).max(366).optional(),
});
const MoveBody = z.object({ school: z.string().regex(idPattern) });
const AddSchoolBody = z.object({ school: z.string().regex(idPattern), role: z.enum(SCHOOL_STAFF_ROLES), district: z.string().regex(idPattern) });

/**
 * District work in the Mini App. Completion figures (never names) and reminders for the district
 * staff, and the same for one school to its head; campaigns, members, the staff workbook and invite
 * sheets for the district staff, through the same use cases as the CLI (core/services). Every check
 * of who may do what is in those use cases; here only the shape of the request.
 */
export function registerDistrictRoutes(app: Hono<Env>, deps: ApiDeps) {
  const badRequest = { error: "bad_request", message: apiText.badRequest } as const;
  const admin = (): AdminContext => ({ admin: deps.admin, repo: deps.repo, clock: deps.clock, randomBytes: (size) => randomBytes(size) });

  /** Runs an admin use case; its refusal becomes 400/403/404 with its Russian message (never the operator's hint). */
  const run = async <T>(c: Context<Env>, work: () => Promise<T>) => {
    try {
      const result = await work();
      return result instanceof Response ? result : c.json(result);
    } catch (error) {
      if (!isAdminError(error)) throw error;
      const status = error.kind === "forbidden" ? 403 : error.kind === "not_found" ? 404 : 400;
      return c.json({ error: error.kind, message: error.message, field: error.detail.field ?? null }, status);
    }
  };
  const body = async <S extends z.ZodType>(c: Context<Env>, schema: S): Promise<z.infer<S> | null> => {
    const parsed = schema.safeParse(await c.req.json().catch(() => null));
    return parsed.success ? parsed.data : null;
  };
  const param = (c: Context<Env>, name: string) => {
    const value = c.req.param(name);
    return value && idPattern.test(value) ? value : null;
  };

  // ---- completion and reminders ----
  app.get("/api/districts/:districtId/completion", async (c) => {
    const districtId = param(c, "districtId");
    if (!districtId) return c.json(badRequest, 400);
    return c.json(await districtCompletion(deps, c.get("person"), districtId));
  });

  app.post("/api/districts/:districtId/remind", async (c) => {
    const districtId = param(c, "districtId");
    if (!districtId) return c.json(badRequest, 400);
    return c.json(await remindUnfinished(deps, c.get("person"), { districtId }));
  });

  app.get("/api/schools/:schoolId/completion", async (c) => {
    const schoolId = param(c, "schoolId");
    if (!schoolId) return c.json(badRequest, 400);
    return c.json(await schoolCompletion(deps, c.get("person"), schoolId));
  });

  app.post("/api/schools/:schoolId/remind", async (c) => {
    const schoolId = param(c, "schoolId");
    if (!schoolId) return c.json(badRequest, 400);
    return c.json(await remindUnfinished(deps, c.get("person"), { schoolId }));
  });

  // ---- campaigns ----
  app.get("/api/districts/:districtId/campaigns", async (c) => {
    const district = param(c, "districtId");
    if (!district) return c.json(badRequest, 400);
    return run(c, () => listCampaigns(admin(), c.get("person"), { district }));
  });

  app.post("/api/districts/:districtId/campaigns", async (c) => {
    const district = param(c, "districtId");
    const input = await body(c, OpenCampaignBody);
    if (!district || !input) return c.json(badRequest, 400);
    return run(c, () => openCampaign(admin(), c.get("person"), { district, ...input }));
  });

  app.post("/api/campaigns/:campaignId/close", async (c) => {
    const campaign = param(c, "campaignId");
    if (!campaign) return c.json(badRequest, 400);
    return run(c, () => closeCampaign(admin(), c.get("person"), { campaign }));
  });

  // ---- schools and members ----
  app.get("/api/districts/:districtId/schools", async (c) => {
    const district = param(c, "districtId");
    if (!district) return c.json(badRequest, 400);
    return run(c, () => listSchools(admin(), c.get("person"), { district }));
  });

  app.get("/api/districts/:districtId/members", async (c) => {
    const district = param(c, "districtId");
    const school = c.req.query("school");
    if (!district || (school !== undefined && !idPattern.test(school))) return c.json(badRequest, 400);
    return run(c, () => listMembers(admin(), c.get("person"), { district, school }));
  });

  app.post("/api/memberships/:membershipId/deactivate", async (c) => {
    const membership = param(c, "membershipId");
    if (!membership) return c.json(badRequest, 400);
    return run(c, () => deactivateMember(admin(), c.get("person"), { membership }));
  });

  app.post("/api/memberships/:membershipId/move", async (c) => {
    const membership = param(c, "membershipId");
    const input = await body(c, MoveBody);
    if (!membership || !input) return c.json(badRequest, 400);
    return run(c, () => moveMember(admin(), c.get("person"), { membership, school: input.school }));
  });

  app.post("/api/people/:personId/schools", async (c) => {
    const person = param(c, "personId");
    const input = await body(c, AddSchoolBody);
    if (!person || !input) return c.json(badRequest, 400);
    return run(c, () => addMemberSchool(admin(), c.get("person"), { person, ...input }));
  });

  // ---- staff workbook: check first (apply=0), then write it all in one transaction (apply=1) ----
  // A body over the limit is cut off while it streams, announced length or not.
  const uploadLimit = bodyLimit({
    maxSize: WORKBOOK_LIMITS.bytes + 64 * 1024,
    onError: (c) => c.json({ error: "invalid", message: tooBig().message, field: "file" }, 413),
  });
  app.post("/api/districts/:districtId/staff-import", uploadLimit, async (c) => {
    const district = param(c, "districtId");
    const apply = c.req.query("apply");
    if (!district || (apply !== "0" && apply !== "1")) return c.json(badRequest, 400);
    return run(c, async () => {
      // Who may import is checked before the upload is read: nobody else makes the server parse a workbook.
      await findDistrict(admin(), c.get("person"), district);
      const form = await c.req.parseBody().catch(() => null);
      const file = form?.file;
      if (!(file instanceof File)) throw new AdminError("invalid", apiText.noFile, { field: "file" });
      if (file.size > WORKBOOK_LIMITS.bytes) throw tooBig();
      const rows = await readWorkbook(new Uint8Array(await file.arrayBuffer()));
      const result = await importStaff(admin(), c.get("person"), {
        district,
        schools: rows.schools,
        staff: rows.staff,
        dryRun: apply === "0",
        fileWarnings: rows.warnings,
      });
      return { applied: !result.dryRun, problems: [], warnings: result.warnings, schools: result.schools, staff: result.staff, invites: result.invites };
    });
  });

  // The empty workbook to fill in (the same template as the CLI's `import template`).
  app.get("/api/districts/:districtId/staff-template", async (c) => {
    const district = param(c, "districtId");
    if (!district) return c.json(badRequest, 400);
    return run(c, async () => {
      await findDistrict(admin(), c.get("person"), district);
      const bytes = await (await buildTemplate()).xlsx.writeBuffer();
      c.header("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
      c.header("Content-Disposition", `attachment; filename="staff-template.xlsx"; filename*=UTF-8''${encodeURIComponent("Шаблон — школы и сотрудники.xlsx")}`);
      c.header("Cache-Control", "no-store");
      return c.body(new Uint8Array(bytes as ArrayBuffer));
    });
  });

  // ---- invite sheets: a school's printable cards (only those not joined, or with the parents' link too) ----
  app.get("/api/districts/:districtId/schools/:schoolId/invite-sheet", async (c) => {
    const district = param(c, "districtId");
    const school = param(c, "schoolId");
    const only = c.req.query("only");
    if (!district || !school || (only !== "notJoined" && only !== "all")) return c.json(badRequest, 400);
    try {
      const data = await inviteSheet(admin(), c.get("person"), {
        district,
        school,
        existing: true,
        parents: only === "all",
        bots: { telegram: deps.botUsername(), max: deps.maxBotUsername?.() ?? null },
      });
      const html = await renderInviteSheet(data);
      const filename = `Приглашения — ${data.school.name} — ${data.date}.html`;
      c.header("Content-Disposition", `attachment; filename="invites-${data.date}.html"; filename*=UTF-8''${encodeURIComponent(filename)}`);
      c.header("Cache-Control", "no-store");
      return c.html(html);
    } catch (error) {
      if (!isAdminError(error)) throw error;
      const status = error.kind === "forbidden" ? 403 : error.kind === "not_found" ? 404 : 400;
      return c.json({ error: error.kind, message: error.message, field: error.detail.field ?? null }, status);
    }
  });
}

const tooBig = () =>
  new AdminError("invalid", apiText.fileTooBig(Math.round(WORKBOOK_LIMITS.bytes / 1024 / 1024)), { field: "file" });
