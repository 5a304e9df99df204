import { randomBytes } from "node:crypto";
import type { Context, Hono } from "hono";
import { z } from "zod";
import { canManageDistrict } from "../../../core/access/permissions.ts";
import { DomainError } from "../../../core/errors.ts";
import { anonymousText } from "../../../core/messages/anonymous.ts";
import {
  AnonymousInputError,
  anonymousCampaignsFor,
  anonymousAudienceOf,
  canIssueFor,
  classCodeCounts,
  issueClassCodes,
  MAX_CLASSES,
  MAX_CODES_PER_CLASS,
  schoolLink,
  START_PREFIX,
  type AnonymousDeps,
} from "../../../core/services/anonymous.ts";
import type { SurveyLinkRecord } from "../../../core/services/anonymous-ports.ts";
import { schoolInAudience } from "../../../core/services/campaign-audience.ts";
import { maxLink, telegramLink } from "../../../core/services/invites.ts";
import type { PersonView } from "../../../core/services/ports.ts";
import { campaignOpenAt } from "../../../core/services/survey-ports.ts";
import { classCodeWorkbook, qrPng, qrSvg, renderClassCodeSheet, type ClassCodeSheet } from "../../../files/class-codes.ts";
import type { ApiDeps } from "../app.ts";
import { apiText } from "../messages.ts";

type Env = { Variables: { person: PersonView } };

const idPattern = /^[a-z0-9]{1,40}$/;
const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

const ClassCodesBody = z.object({
  classes: z
    .array(z.object({ label: z.string().max(40), count: z.number().int().min(1).max(MAX_CODES_PER_CLASS) }))
    .min(1)
    .max(MAX_CLASSES),
  format: z.enum(["html", "xlsx"]).default("html"),
});

/** Where the plain web page lives: PUBLIC_URL when configured, else the address this request came to. */
function publicBase(c: Context, deps: ApiDeps): string {
  const configured = deps.publicUrl;
  if (configured) return configured.replace(/\/+$/, "");
  const url = new URL(c.req.url);
  const proto = c.req.header("x-forwarded-proto") ?? url.protocol.replace(":", "");
  const host = c.req.header("x-forwarded-host") ?? url.host;
  return `${proto}://${host}`;
}

function linkView(c: Context, deps: ApiDeps, link: SurveyLinkRecord) {
  const telegram = deps.botUsername();
  const max = deps.maxBotUsername?.() ?? null;
  const payload = `${START_PREFIX}${link.token}`;
  return {
    token: link.token,
    audience: link.audience,
    webUrl: `${publicBase(c, deps)}/s/${link.token}`,
    telegram: telegram ? telegramLink(telegram, payload) : null,
    max: max ? maxLink(max, payload) : null,
  };
}

const bad = (c: Context, message: string = apiText.badRequest) => c.json({ error: "bad_request", message }, 400);

/**
 * Anonymous respondents' links and class codes (#13) in the Mini App: the district's staff for every
 * school of the campaign, a head for their own school (core/services/anonymous.ts checks). Counts of
 * codes issued and used, never who answered; the codes themselves only in the file made at issue.
 */
export function registerAnonymousRoutes(app: Hono<Env>, deps: ApiDeps) {
  const anonymous = (): AnonymousDeps => ({
    surveys: deps.surveys,
    repo: deps.repo,
    clock: deps.clock,
    randomBytes: (size) => new Uint8Array(randomBytes(size)),
  });

  const refuse = (c: Context, error: unknown) => {
    if (error instanceof AnonymousInputError) return c.json({ error: "invalid_input", message: error.message }, 400);
    throw error;
  };

  /** Parents' and students' campaigns the person issues links and codes for (district staff, heads); empty for anyone else. */
  app.get("/api/anonymous/campaigns", async (c) => {
    const campaigns = await anonymousCampaignsFor(anonymous(), c.get("person"));
    const now = deps.clock.now();
    return c.json({
      campaigns: campaigns.map((campaign) => ({
        id: campaign.id,
        title: campaign.title,
        audience: campaign.audience,
        open: campaign.opensAt <= now,
        opensAt: campaign.opensAt.toISOString(),
        closesAt: campaign.closesAt.toISOString(),
      })),
    });
  });

  app.get("/api/campaigns/:campaignId/anonymous", async (c) => {
    const campaignId = c.req.param("campaignId");
    if (!idPattern.test(campaignId)) return bad(c);
    const person = c.get("person");
    const campaign = await deps.surveys.store.getCampaign(campaignId);
    if (!campaign) throw new DomainError("not_found", { campaignId });
    const schools = (await deps.repo.listSchools([campaign.districtId])).filter(
      (school) => schoolInAudience(campaign.audience, school.id) && canIssueFor(person.memberships, campaign.districtId, school.id),
    );
    if (!schools.length && !canManageDistrict(person.memberships, campaign.districtId)) {
      throw new DomainError("forbidden", { action: "anonymousOverview", personId: person.id, campaignId });
    }
    const audience = anonymousAudienceOf(campaign);
    const links = new Map((await deps.surveys.anonymous.listLinks(campaignId)).map((link) => [link.schoolId, link]));
    const counts = await classCodeCounts(anonymous(), person, campaignId);
    return c.json({
      campaign: {
        id: campaign.id,
        title: campaign.title,
        audience,
        open: campaignOpenAt(campaign, deps.clock.now()),
        opensAt: campaign.opensAt.toISOString(),
        closesAt: campaign.closesAt.toISOString(),
      },
      notAnonymous: audience ? null : anonymousText.staff.notAnonymous,
      schools: schools.map((school) => {
        const link = links.get(school.id);
        const classes = counts.filter((count) => count.schoolId === school.id).map(({ classLabel, issued, used }) => ({ label: classLabel, issued, used }));
        return {
          id: school.id,
          name: school.name,
          link: link ? linkView(c, deps, link) : null,
          classes,
          issued: classes.reduce((sum, entry) => sum + entry.issued, 0),
          used: classes.reduce((sum, entry) => sum + entry.used, 0),
        };
      }),
    });
  });

  app.post("/api/campaigns/:campaignId/schools/:schoolId/link", async (c) => {
    const campaignId = c.req.param("campaignId");
    const schoolId = c.req.param("schoolId");
    if (!idPattern.test(campaignId) || !idPattern.test(schoolId)) return bad(c);
    try {
      const { link } = await schoolLink(anonymous(), c.get("person"), campaignId, schoolId);
      const view = linkView(c, deps, link);
      return c.json({ link: view, qrSvg: await qrSvg(view.webUrl) });
    } catch (error) {
      return refuse(c, error);
    }
  });

  app.get("/api/campaigns/:campaignId/schools/:schoolId/qr.png", async (c) => {
    const campaignId = c.req.param("campaignId");
    const schoolId = c.req.param("schoolId");
    if (!idPattern.test(campaignId) || !idPattern.test(schoolId)) return bad(c);
    try {
      const { link, school } = await schoolLink(anonymous(), c.get("person"), campaignId, schoolId);
      const png = await qrPng(linkView(c, deps, link).webUrl);
      const name = `QR — ${school.name.replace(/[\\/:*?"<>|]/g, " ").slice(0, 60)}.png`;
      return c.body(png as Uint8Array<ArrayBuffer>, 200, {
        "Content-Type": "image/png",
        "Content-Disposition": `attachment; filename="qr.png"; filename*=UTF-8''${encodeURIComponent(name)}`,
        "Cache-Control": "no-store",
      });
    } catch (error) {
      return refuse(c, error);
    }
  });

  app.post("/api/campaigns/:campaignId/schools/:schoolId/class-codes", async (c) => {
    const campaignId = c.req.param("campaignId");
    const schoolId = c.req.param("schoolId");
    const body = ClassCodesBody.safeParse(await c.req.json().catch(() => null));
    if (!idPattern.test(campaignId) || !idPattern.test(schoolId)) return bad(c);
    if (!body.success) return bad(c, anonymousText.staff.countBad);
    try {
      const issued = await issueClassCodes(anonymous(), c.get("person"), campaignId, schoolId, body.data.classes);
      const district = (await deps.admin.findDistricts(issued.campaign.districtId)).find((entry) => entry.id === issued.campaign.districtId);
      const timeZone = district?.timezone ?? "Europe/Moscow";
      const now = deps.clock.now();
      const view = linkView(c, deps, issued.link);
      const sheet: ClassCodeSheet = {
        campaignTitle: issued.campaign.title,
        schoolName: issued.school.name,
        audience: issued.audience,
        dateLocal: new Intl.DateTimeFormat("ru-RU", { timeZone, day: "numeric", month: "long", year: "numeric" }).format(now),
        webUrl: view.webUrl,
        botLinks: { ...(view.telegram ? { telegram: view.telegram } : {}), ...(view.max ? { max: view.max } : {}) },
        classes: issued.classes,
      };
      const day = new Intl.DateTimeFormat("sv-SE", { timeZone }).format(now);
      const base = anonymousText.staff.fileName(issued.school.name, day);
      const xlsx = body.data.format === "xlsx";
      const content = xlsx ? await classCodeWorkbook(sheet) : new TextEncoder().encode(await renderClassCodeSheet(sheet));
      const name = `${base}.${xlsx ? "xlsx" : "html"}`;
      return c.body(content as Uint8Array<ArrayBuffer>, 200, {
        "Content-Type": xlsx ? XLSX_TYPE : "text/html; charset=utf-8",
        "Content-Disposition": `attachment; filename="${xlsx ? "codes.xlsx" : "codes.html"}"; filename*=UTF-8''${encodeURIComponent(name)}`,
        "Cache-Control": "no-store",
      });
    } catch (error) {
      return refuse(c, error);
    }
  });
}
