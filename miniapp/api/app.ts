import fs from "node:fs";
import path from "node:path";
import { Hono, type Context, type MiddlewareHandler } from "hono";
import { serveStatic } from "@hono/node-server/serve-static";
import { compress } from "hono/compress";
import { secureHeaders } from "hono/secure-headers";
import { isDomainError, type DomainErrorCode } from "../../core/errors.ts";
import { errorText } from "../../core/messages/ru.ts";
import { canAnswerDiagnostic, viewableSchoolIds } from "../../core/access/permissions.ts";
import type { MethodologySettings } from "../../core/methodology/settings.ts";
import { diagnosticScreen, myDeficitProfile } from "../../core/services/diagnostic.ts";
import { schoolDeficits } from "../../core/services/aggregates.ts";
import type { Channel, Clock, PersonView, Repository } from "../../core/services/ports.ts";
import type { AdminRepository } from "../../core/services/admin-ports.ts";
import type { SurveysContext } from "../../core/services/surveys-context.ts";
import type { ManagementContext } from "../../core/services/management-context.ts";
import type { NetworkContext } from "../../core/services/network-context.ts";
import { authenticate } from "./auth.ts";
import { apiText } from "./messages.ts";
import { registerDistrictRoutes } from "./routes/district.ts";
import { registerCampaignRoutes } from "./routes/campaigns.ts";
import { registerAggregateRoutes } from "./routes/aggregates.ts";
import { registerOperatorRoutes } from "./routes/operator.ts";
import { registerIdentificationRoutes, type IdentificationApiDeps } from "./routes/identification.ts";
import { registerAnonymousRoutes } from "./routes/anonymous.ts";
import { registerPublicSurvey } from "../../server/public-survey.ts";
import { registerRiskProfileRoutes } from "./routes/risk-profile.ts";
import { registerRoutesRoutes } from "./routes/routes.ts";
import { registerSurveyRoutes } from "./routes/survey.ts";
import { registerBaselineRoutes } from "./routes/baseline.ts";
import { registerIndicatorRoutes } from "./routes/indicators.ts";
import { registerRecommendationsRoutes } from "./routes/recommendations.ts";
import { registerRoadmapsRoutes } from "./routes/roadmaps.ts";
import { registerDecisionsRoutes } from "./routes/decisions.ts";
import { registerCalendarRoutes } from "./routes/calendar.ts";
import { registerBroadcastsRoutes } from "./routes/broadcasts.ts";
import { registerReportsRoutes } from "./routes/reports.ts";
import { registerAssignmentsRoutes } from "./routes/assignments.ts";
import { registerVisitsRoutes } from "./routes/visits.ts";
import { registerSeminarsRoutes } from "./routes/seminars.ts";
import { registerEventsRoutes } from "./routes/events.ts";
import { registerLibraryRoutes } from "./routes/library.ts";
import { registerAtRiskRoutes } from "./routes/at-risk.ts";
import { registerReserveRoutes } from "./routes/reserve.ts";
import { registerProgrammesRoutes } from "./routes/programmes.ts";
import { registerWorkingGroupRoutes } from "./routes/working-group.ts";
import { registerAuditRoutes } from "./routes/audit.ts";
import type { AuditPort } from "../../core/services/audit.ts";

export interface ApiDeps extends IdentificationApiDeps {
  repo: Repository;
  /** The admin use cases' repository (district work: campaigns, members, staff import, invite sheets). */
  admin: AdminRepository;
  clock: Clock;
  settings: MethodologySettings;
  /** #13: instruments, campaigns, anonymous respondents, risk profile, routes. */
  surveys: SurveysContext;
  /** #14: the management loop; absent in API tests of earlier issues (its routes then answer 404). */
  management?: ManagementContext;
  /** #15: the network around the schools; absent in API tests of earlier issues (its routes then answer 404). */
  network?: NetworkContext;
  /** Tokens of the bots this server runs: each channel's init data is checked with its own. */
  tokens: Partial<Record<Channel, string>>;
  botUsername: () => string | null;
  /** The MAX bot's nick (max.ru/<nick>) for invite links, when MAX runs. */
  maxBotUsername?: () => string | null;
  /** PUBLIC_URL: the address of the anonymous surveys' web page (<PUBLIC_URL>/s/<token>); absent: the request's own address. */
  publicUrl?: string;
  initDataMaxAgeSeconds: number;
  /** Demo mode (npm run demo): accepts the labelled demo sign-in. Never on in production. */
  demo: boolean;
  demoPeople?: () => Promise<Array<{ personId: string; label: string }>>;
  /** Folder with the built Mini App (index.html); omitted in API-only tests. */
  staticDir?: string;
  /** /healthz: the database, and in the server also messengers, queue and last write error (server/health.ts). */
  health: () => Promise<{ status?: "ok" | "degraded"; database: "ok" | "error"; kind: string } & Record<string, unknown>>;
  log: { error(obj: object, msg?: string): void };
  /**
   * #16: middleware that sees every request first (request id for the logs, request metrics;
   * server/observability.ts).
   */
  requestMiddleware?: MiddlewareHandler;
  /** #16: the server's own routes (messenger webhooks, /readyz, /metrics), mounted before /api's sign-in and the static files. */
  serverRoutes?: Array<(app: Hono<any>) => void>;
  /** #16: the audit log, after sign-in on every /api request (miniapp/api/audit.ts). */
  auditMiddleware?: MiddlewareHandler<Env>;
  /** #16: the audit log read by GET /api/districts/:districtId/audit; absent: that route answers 404 to those allowed. */
  audit?: AuditPort;
}

export type Env = { Variables: { person: PersonView } };

/** Web clients allowed to frame the Mini App (Telegram Web, MAX web). */
export const FRAME_ANCESTORS = ["'self'", "https://web.telegram.org", "https://*.telegram.org", "https://web.max.ru", "https://*.max.ru"];
const SECURITY_HEADERS: Parameters<typeof secureHeaders>[0] = {
  contentSecurityPolicy: {
    defaultSrc: ["'self'"],
    // MAX Bridge is a script served by MAX (miniapp/web/src/host.ts).
    scriptSrc: ["'self'", "https://st.max.ru"],
    // React and the chart components set style attributes.
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", "data:", "blob:"],
    fontSrc: ["'self'", "data:"],
    connectSrc: ["'self'", "https://*.max.ru"],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: FRAME_ANCESTORS,
  },
  xFrameOptions: false,
  xContentTypeOptions: "nosniff",
  referrerPolicy: "no-referrer",
  crossOriginOpenerPolicy: false,
};

const STATUS: Partial<Record<DomainErrorCode, 403 | 404>> = { forbidden: 403, not_a_member: 403, not_found: 404 };
const schoolIdPattern = /^[a-z0-9]{1,40}$/;

export function createApp(deps: ApiDeps) {
  const app = new Hono<Env>();
  const started = Date.now();

  // Security headers on every response. The Mini App runs framed by the messengers' web clients, so
  // framing is allowed to exactly those (CSP frame-ancestors; X-Frame-Options cannot list origins).
  app.use("*", secureHeaders(SECURITY_HEADERS));
  if (deps.requestMiddleware) app.use("*", deps.requestMiddleware);
  for (const register of deps.serverRoutes ?? []) register(app);

  app.get("/healthz", async (c) => {
    const { kind, ...report } = await deps.health().catch(() => ({ database: "error" as const, kind: "unknown" }) as Awaited<ReturnType<ApiDeps["health"]>>);
    const status = report.status ?? (report.database === "ok" ? "ok" : "degraded");
    return c.json(
      { ...report, status, databaseKind: kind, uptimeSeconds: Math.round((Date.now() - started) / 1000) },
      status === "ok" ? 200 : 503,
    );
  });

  app.get("/api/config", (c) =>
    c.json({ demo: deps.demo, botUsername: deps.botUsername(), minRespondents: deps.settings.minRespondents }),
  );

  app.get("/api/demo/people", async (c) => {
    if (!deps.demo || !deps.demoPeople) return c.json({ error: "not_found", message: apiText.notFound }, 404);
    return c.json(await deps.demoPeople());
  });

  // The plain web page of anonymous surveys (/s/<token>): no init data, its own session and CSRF token.
  registerPublicSurvey(app, deps);

  // Every other /api route: validated init data → person → active memberships.
  app.use("/api/*", async (c, next) => {
    const auth = authenticate(c.req.header("authorization"), {
      tokens: deps.tokens,
      maxAgeSeconds: deps.initDataMaxAgeSeconds,
      demo: deps.demo,
      now: deps.clock.now(),
    });
    if (!auth.ok) return c.json({ error: `auth_${auth.reason}`, message: apiText[auth.reason] }, 401);
    const person =
      auth.channel === "demo"
        ? await deps.repo.getPerson(auth.personId)
        : await deps.repo.findPersonByAccount(auth.channel, auth.externalId);
    if (!person || !person.memberships.some((membership) => membership.active)) {
      return c.json({ error: "not_a_member", message: apiText.notMember }, 403);
    }
    if (!person.consentAt) return c.json({ error: "consent_required", message: apiText.consent }, 403);
    c.set("person", person);
    await next();
  });
  if (deps.auditMiddleware) app.use("/api/*", deps.auditMiddleware);

  app.get("/api/me", async (c) => {
    const person = c.get("person");
    const districtIds = [...new Set(person.memberships.filter((m) => m.active).map((m) => m.districtId))];
    const schools = await deps.repo.listSchools(districtIds);
    const visible = new Set(viewableSchoolIds(person.memberships, schools));
    return c.json({
      person: { id: person.id, displayName: person.displayName },
      roles: person.memberships
        .filter((membership) => membership.active)
        .map(({ role, districtId, districtName, schoolId, schoolName }) => ({ role, districtId, districtName, schoolId, schoolName })),
      schools: schools.filter((school) => visible.has(school.id)).map(({ id, name, districtId }) => ({ id, name, districtId })),
      canAnswerDiagnostic: canAnswerDiagnostic(person.memberships),
    });
  });

  app.get("/api/me/deficits", async (c) => {
    const person = c.get("person");
    if (!canAnswerDiagnostic(person.memberships)) return c.json({ error: "forbidden", message: errorText.forbidden }, 403);
    const mine = await myDeficitProfile(deps, person.id);
    if (mine) {
      return c.json({
        profile: { campaignTitle: mine.campaignTitle, completedAt: mine.completedAt.toISOString(), areas: mine.profile.areas },
        progress: null,
      });
    }
    const screen = await diagnosticScreen(deps, person.id);
    return c.json({ profile: null, progress: screen.kind === "question" ? { answered: screen.answered, total: screen.total } : null });
  });

  app.get("/api/schools/:schoolId/deficits", async (c) => {
    const schoolId = c.req.param("schoolId");
    if (!schoolIdPattern.test(schoolId)) return c.json({ error: "bad_request", message: apiText.badRequest }, 400);
    // Release rules (core/release): hidden cells say `hidden` and nothing else.
    const result = await schoolDeficits(deps, c.get("person"), schoolId);
    return c.json({
      school: { id: result.school.id, name: result.school.name },
      campaign: result.campaign,
      smallSchool: result.smallSchool,
      minRespondents: result.minRespondents,
      releasedAt: result.releasedAt,
      aggregate: result.aggregate,
    });
  });

  registerDistrictRoutes(app, deps);
  registerCampaignRoutes(app, deps);
  registerAggregateRoutes(app, deps);
  registerOperatorRoutes(app, deps);
  registerIdentificationRoutes(app, deps);
  registerAnonymousRoutes(app, deps);
  registerRiskProfileRoutes(app, deps);
  registerRoutesRoutes(app, deps);
  registerSurveyRoutes(app, deps);
  registerBaselineRoutes(app, deps);
  registerIndicatorRoutes(app, deps);
  // The management loop (#14): each route answers 404 when deps.management is absent.
  registerRecommendationsRoutes(app, deps);
  registerRoadmapsRoutes(app, deps);
  registerDecisionsRoutes(app, deps);
  registerCalendarRoutes(app, deps);
  registerBroadcastsRoutes(app, deps);
  registerReportsRoutes(app, deps);
  // The network around the schools (#15): each route answers 404 when deps.network is absent.
  registerAssignmentsRoutes(app, deps);
  registerVisitsRoutes(app, deps);
  registerSeminarsRoutes(app, deps);
  registerEventsRoutes(app, deps);
  registerLibraryRoutes(app, deps);
  registerAtRiskRoutes(app, deps);
  registerReserveRoutes(app, deps);
  registerProgrammesRoutes(app, deps);
  registerWorkingGroupRoutes(app, deps);
  registerAuditRoutes(app, deps);

  app.all("/api/*", (c) => c.json({ error: "not_found", message: apiText.notFound }, 404));

  if (deps.staticDir && fs.existsSync(path.join(deps.staticDir, "index.html"))) {
    const index = fs.readFileSync(path.join(deps.staticDir, "index.html"), "utf8");
    // Hashed assets never change: cache them for a year (weak village connections load them once).
    app.use("/assets/*", async (c, next) => {
      await next();
      if (c.res.status === 200) c.header("Cache-Control", "public, max-age=31536000, immutable");
    });
    app.use("/*", compress(), serveStatic({ root: deps.staticDir }));
    // Client-side routes fall back to the app shell.
    app.get("*", (c) => {
      c.header("Cache-Control", "no-cache");
      return c.html(index);
    });
  } else {
    app.get("/", (c) => c.text("Mini App не собран: выполните npm run build", 503));
  }

  app.onError((error, c: Context) => {
    if (isDomainError(error)) {
      const status = STATUS[error.code] ?? 400;
      return c.json({ error: error.code, message: errorText[error.code] }, status);
    }
    deps.log.error({ err: error.stack ?? String(error), path: c.req.path }, "api request failed");
    return c.json({ error: "internal", message: apiText.internal }, 500);
  });

  return app;
}
