// Policies of the routes of #10–#13 (miniapp/api/app.ts and routes/{district,campaigns,aggregates,operator,
// identification,anonymous,risk-profile,routes,survey,baseline,indicators}.ts), read from each route's checks.
// District staff and a regional operator (#15) manage; the working group reads what the district reads
// (overviews: completion, the summary, identification, risk profiles, indicators), never writes, and never
// sees lists of people (members, invites) or settings.
import type { Role } from "../../core/roles.ts";
import { ALL_ROLES, fixtureCampaign, READERS, SCHOOL_AGGREGATES, STAFF, throwawayCampaign, throwawayTeacher } from "./fixture.ts";
import type { RoutePolicy } from "./types.ts";

const campaign: RoutePolicy["setup"] = async (fixture) => ({ campaignId: await fixtureCampaign(fixture) });
const withHead = (roles: readonly Role[]): Role[] => [...roles, "head"];

export const policy: RoutePolicy[] = [
  // ---- app.ts ----
  { method: "GET", path: "/api/me", allow: ALL_ROLES, note: "one's own memberships and viewable schools" },
  { method: "GET", path: "/api/me/deficits", allow: ["teacher"], note: "a teacher's own profile" },
  { method: "GET", path: "/api/schools/:schoolId/deficits", allow: SCHOOL_AGGREGATES, note: "released aggregates (canViewSchoolAggregates)" },

  // ---- aggregates.ts: the district summary ----
  { method: "GET", path: "/api/districts/:districtId/summary", allow: READERS },
  { method: "GET", path: "/api/districts/:districtId/summary.xlsx", allow: READERS },

  // ---- district.ts: completion, reminders, campaigns, schools, people ----
  { method: "GET", path: "/api/districts/:districtId/completion", allow: READERS, note: "figures only, no names" },
  { method: "POST", path: "/api/districts/:districtId/remind", allow: STAFF },
  { method: "GET", path: "/api/schools/:schoolId/completion", allow: withHead(READERS) },
  { method: "POST", path: "/api/schools/:schoolId/remind", allow: withHead(STAFF) },
  { method: "GET", path: "/api/districts/:districtId/campaigns", allow: STAFF },
  { method: "POST", path: "/api/districts/:districtId/campaigns", allow: STAFF },
  { method: "POST", path: "/api/campaigns/:campaignId/close", allow: STAFF, setup: async (fixture) => ({ campaignId: await throwawayCampaign(fixture) }) },
  { method: "GET", path: "/api/districts/:districtId/schools", allow: STAFF, note: "schools with invite counts" },
  { method: "GET", path: "/api/districts/:districtId/members", allow: STAFF, note: "names: never the working group" },
  {
    method: "POST",
    path: "/api/memberships/:membershipId/deactivate",
    allow: STAFF,
    setup: async (fixture) => ({ membershipId: (await throwawayTeacher(fixture)).membershipId }),
  },
  {
    method: "POST",
    path: "/api/memberships/:membershipId/move",
    allow: STAFF,
    setup: async (fixture) => ({ membershipId: (await throwawayTeacher(fixture)).membershipId }),
    body: {},
  },
  {
    method: "POST",
    path: "/api/people/:personId/schools",
    allow: STAFF,
    setup: async (fixture) => ({ personId: (await throwawayTeacher(fixture)).personId }),
    // A function body is called with the fixture (tests/permissions/matrix.test.ts).
    body: (fixture: { otherSchoolId: string; districtId: string }) => ({ school: fixture.otherSchoolId, role: "teacher", district: fixture.districtId }),
  },
  { method: "POST", path: "/api/districts/:districtId/staff-import", allow: STAFF },
  { method: "GET", path: "/api/districts/:districtId/staff-template", allow: STAFF },
  { method: "GET", path: "/api/districts/:districtId/schools/:schoolId/invite-sheet", allow: STAFF, note: "invite links: district staff only" },

  // ---- campaigns.ts: surveys of #13 ----
  { method: "GET", path: "/api/districts/:districtId/campaign-options", allow: STAFF },
  { method: "POST", path: "/api/districts/:districtId/campaigns/open", allow: STAFF },
  { method: "GET", path: "/api/campaigns/:campaignId/rates", allow: STAFF, setup: campaign },

  // ---- operator.ts: the operator of personal data ----
  { method: "GET", path: "/api/districts/:districtId/operator", allow: STAFF },
  {
    method: "PUT",
    path: "/api/districts/:districtId/operator",
    allow: STAFF,
    body: { name: "Управление образования администрации Тестового муниципального района", address: "123456, Тестовая обл., с. Тестовое, ул. Школьная, д. 1", term: "до окончания программы поддержки школ, но не дольше 3 лет" },
  },

  // ---- identification.ts ----
  { method: "GET", path: "/api/districts/:districtId/identification", allow: READERS },
  { method: "POST", path: "/api/districts/:districtId/identification/run", allow: STAFF, body: { year: 2026 } },
  { method: "GET", path: "/api/districts/:districtId/identification/lists", allow: READERS },
  { method: "GET", path: "/api/districts/:districtId/identification/official", allow: READERS },
  { method: "GET", path: "/api/schools/:schoolId/card", allow: withHead(READERS), note: "the head of this school; curator flags only to staff" },
  { method: "PUT", path: "/api/schools/:schoolId/curator-flags", allow: STAFF },
  { method: "POST", path: "/api/districts/:districtId/data", allow: STAFF },
  { method: "GET", path: "/api/districts/:districtId/data/template/:kind", allow: STAFF, setup: async () => ({ kind: "results" }) },
  { method: "GET", path: "/api/districts/:districtId/methodology", allow: STAFF },
  { method: "PUT", path: "/api/districts/:districtId/methodology", allow: STAFF },

  // ---- anonymous.ts: links and class codes of parents' and students' surveys ----
  { method: "GET", path: "/api/anonymous/campaigns", allow: ALL_ROLES, note: "campaigns the asker issues links for (empty for most)" },
  { method: "GET", path: "/api/campaigns/:campaignId/anonymous", allow: withHead(STAFF), setup: campaign },
  { method: "POST", path: "/api/campaigns/:campaignId/schools/:schoolId/link", allow: withHead(STAFF), setup: campaign },
  { method: "GET", path: "/api/campaigns/:campaignId/schools/:schoolId/qr.png", allow: withHead(STAFF), setup: campaign },
  { method: "POST", path: "/api/campaigns/:campaignId/schools/:schoolId/class-codes", allow: withHead(STAFF), setup: campaign },

  // ---- risk-profile.ts ----
  { method: "GET", path: "/api/schools/:schoolId/risk-profile", allow: withHead(READERS) },
  { method: "GET", path: "/api/districts/:districtId/risk-profiles", allow: READERS },
  { method: "POST", path: "/api/districts/:districtId/risk-profiles/recompute", allow: STAFF },
  { method: "GET", path: "/api/districts/:districtId/risk-settings", allow: STAFF },
  { method: "POST", path: "/api/districts/:districtId/risk-settings", allow: STAFF },

  // ---- routes.ts: ИОМ, certificates, the catalog, team routes, the methodologist ----
  { method: "GET", path: "/api/me/route", allow: ["teacher"] },
  { method: "GET", path: "/api/me/route/dynamics", allow: ["teacher"] },
  { method: "PUT", path: "/api/me/attributes", allow: ["teacher"] },
  { method: "POST", path: "/api/route-items/:itemId/done", allow: ["teacher"], note: "the owner of the route item" },
  { method: "POST", path: "/api/route-items/:itemId/certificate", allow: ["teacher"], note: "the owner of the route item" },
  { method: "POST", path: "/api/route-items/:itemId/undo", allow: ["teacher"], note: "the owner of the route item" },
  { method: "GET", path: "/api/route-items/:itemId/certificate", allow: ["teacher", ...STAFF], note: "the owner; staff for team routes" },
  {
    method: "GET",
    path: "/api/districts/:districtId/courses",
    allow: ALL_ROLES.filter((role) => role !== "parent"),
    note: "the course catalog: every member of the district but parents",
  },
  { method: "POST", path: "/api/districts/:districtId/courses", allow: STAFF },
  { method: "GET", path: "/api/schools/:schoolId/team-route", allow: withHead(STAFF) },
  { method: "POST", path: "/api/schools/:schoolId/team-route/draft", allow: ["head"] },
  { method: "GET", path: "/api/districts/:districtId/team-routes", allow: STAFF },
  { method: "POST", path: "/api/team-routes/:routeId/approve", allow: STAFF },
  { method: "GET", path: "/api/districts/:districtId/methodologist", allow: ["methodologist"] },

  // ---- survey.ts: answering an instrument in the Mini App ----
  { method: "GET", path: "/api/me/surveys", allow: ALL_ROLES, note: "one's own open surveys (often none)" },
  { method: "GET", path: "/api/surveys/:campaignId", allow: ["teacher"], setup: campaign, note: "the fixture's campaign asks teachers" },
  { method: "PUT", path: "/api/surveys/:campaignId/answers", allow: ["teacher"], setup: campaign, body: { answers: {} } },

  // ---- baseline.ts: baseline imports and comparisons (#13 §8) ----
  { method: "GET", path: "/api/districts/:districtId/baselines", allow: STAFF },
  { method: "POST", path: "/api/districts/:districtId/baselines", allow: STAFF },
  { method: "GET", path: "/api/districts/:districtId/baselines/mapping/:instrument", allow: STAFF, setup: async () => ({ instrument: "teacher-diagnostic" }) },
  { method: "PUT", path: "/api/districts/:districtId/baselines/mapping/:instrument", allow: STAFF, setup: async () => ({ instrument: "teacher-diagnostic" }) },
  { method: "GET", path: "/api/districts/:districtId/baselines/compare/:instrument", allow: STAFF, setup: async () => ({ instrument: "teacher-diagnostic" }) },

  // ---- indicators.ts ----
  { method: "GET", path: "/api/districts/:districtId/indicators", allow: [...READERS, "head", "methodologist"], note: "a head: their school only" },
  { method: "GET", path: "/api/districts/:districtId/indicators/trends", allow: [...READERS, "head", "methodologist"] },
];
