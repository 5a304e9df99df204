// The audit log's classification (#16 §6, core/services/audit.ts): every write route of the Mini App API
// is classified consciously (none falls back to "change.other"), the aggregates and downloads named in the
// issue are recorded as such, and the table names only registered routes. The routes come from the app
// itself (createApp without a database: registering routes touches none).
import { describe, expect, it } from "vitest";
import { createApp } from "../../miniapp/api/app.ts";
import { DEFAULT_METHODOLOGY } from "../../core/methodology/settings.ts";
import { AUDIT_ACTION_LABELS } from "../../core/messages/audit.ts";
import { API_AUDIT, AUDIT_ACTIONS, actingRole, auditFilterOf, botExportEntry, classifyApiRequest, cliAuditEntry, retentionCutoff } from "../../core/services/audit.ts";
import type { MembershipView } from "../../core/roles.ts";

const unused = new Proxy({}, { get: () => { throw new Error("not used while registering routes"); } }) as never;
const app = createApp({
  repo: unused,
  admin: unused,
  ident: unused,
  surveys: unused,
  clock: { now: () => new Date() },
  settings: DEFAULT_METHODOLOGY,
  tokens: {},
  botUsername: () => null,
  initDataMaxAgeSeconds: 3600,
  demo: false,
  health: async () => ({ database: "ok", kind: "test" }),
  log: { error: () => undefined },
});
const routes = [
  ...new Set(
    app.routes
      .filter((route) => ["GET", "POST", "PUT", "PATCH", "DELETE"].includes(route.method) && route.path.startsWith("/api/") && route.path !== "/api/*")
      .map((route) => `${route.method} ${route.path}`),
  ),
];

describe("журнал действий: классификация запросов API", () => {
  it("видит все маршруты приложения (их больше сотни)", () => {
    expect(routes.length).toBeGreaterThan(150);
  });

  it("у каждого изменяющего маршрута своя область, не «другое изменение»", () => {
    const writes = routes.filter((route) => !route.startsWith("GET "));
    const unclassified = writes.filter((route) => !(route in API_AUDIT));
    expect(unclassified, "write routes missing from API_AUDIT").toEqual([]);
    for (const route of writes) {
      const [method, path] = route.split(" ") as [string, string];
      expect(classifyApiRequest(method, path)?.action, route).not.toBe("change.other");
    }
  });

  it("таблица называет только зарегистрированные маршруты", () => {
    expect(Object.keys(API_AUDIT).filter((route) => !routes.includes(route))).toEqual([]);
  });

  it("просмотр сводных данных школы и района записывается как aggregate.view", () => {
    for (const path of [
      "/api/schools/:schoolId/deficits",
      "/api/schools/:schoolId/risk-profile",
      "/api/schools/:schoolId/card",
      "/api/districts/:districtId/summary",
      "/api/districts/:districtId/risk-profiles",
      "/api/districts/:districtId/identification",
      "/api/districts/:districtId/indicators",
      "/api/districts/:districtId/reports/:reportId",
    ]) {
      expect(classifyApiRequest("GET", path)?.action, path).toBe("aggregate.view");
    }
  });

  it("каждая выгрузка файла записывается как export", () => {
    const downloads = routes.filter((route) => route.startsWith("GET ") && /(\.(xlsx|pdf|png)|\/file|\/ics|\/certificate|\/invite-sheet|\/materials\/:index)$/.test(route));
    expect(downloads.length).toBeGreaterThan(10);
    for (const route of downloads) expect(classifyApiRequest("GET", route.slice(4))?.action, route).toBe("export");
  });

  it("изменения по областям: методика, списки, рекомендации, дорожные карты, участники", () => {
    expect(classifyApiRequest("PUT", "/api/districts/:districtId/methodology")?.action).toBe("methodology.change");
    expect(classifyApiRequest("POST", "/api/districts/:districtId/identification/run")?.action).toBe("lists.change");
    expect(classifyApiRequest("PATCH", "/api/recommendations/:id")).toEqual({
      action: "recommendations.change",
      target: "PATCH /api/recommendations/:id",
      subject: { kind: "recommendation", param: "id" },
    });
    expect(classifyApiRequest("PATCH", "/api/roadmap-events/:eventId")?.action).toBe("roadmaps.change");
    expect(classifyApiRequest("POST", "/api/memberships/:membershipId/deactivate")?.action).toBe("members.change");
  });

  it("обычное чтение и личные действия (ответы, свой маршрут) не записываются; новый изменяющий маршрут — «другое изменение»", () => {
    expect(classifyApiRequest("GET", "/api/me")).toBeNull();
    expect(classifyApiRequest("GET", "/api/districts/:districtId/members")).toBeNull();
    expect(classifyApiRequest("PUT", "/api/surveys/:campaignId/answers")).toBeNull();
    expect(classifyApiRequest("POST", "/api/route-items/:itemId/done")).toBeNull();
    expect(classifyApiRequest("POST", "/api/districts/:districtId/something-new")?.action).toBe("change.other");
    expect(classifyApiRequest("GET", "/api/districts/:districtId/new-export.xlsx")?.action).toBe("export");
  });

  it("у каждого действия есть русская подпись", () => {
    for (const action of AUDIT_ACTIONS) expect(AUDIT_ACTION_LABELS[action]).toMatch(/[а-яё]/i);
  });
});

describe("журнал действий: роль, период, срок хранения", () => {
  const m = (role: MembershipView["role"], districtId: string, schoolId: string | null = null): MembershipView => ({ role, districtId, schoolId, active: true });

  it("роль по месту: директор в своей школе, РУО в районе, региональный оператор в чужом районе региона", () => {
    const person = [m("head", "d1", "s1"), m("regional", "d2")];
    expect(actingRole(person, { districtId: null, schoolId: "s1" })).toBe("head");
    expect(actingRole(person, { districtId: "d2", schoolId: null })).toBe("regional");
    expect(actingRole([m("teacher", "d1", "s1"), m("district", "d1")], { districtId: "d1", schoolId: null })).toBe("district");
  });

  it("период берётся в часовом поясе района, «по» включительно", () => {
    const filter = auditFilterOf("d1", { from: "2026-03-01", to: "2026-03-01" }, "Asia/Yekaterinburg");
    expect(filter.from?.toISOString()).toBe("2026-02-28T19:00:00.000Z");
    expect(filter.to?.toISOString()).toBe("2026-03-01T19:00:00.000Z");
  });

  it("срок хранения отсчитывается от текущего момента", () => {
    expect(retentionCutoff(new Date("2026-12-31T00:00:00Z"), 365).toISOString()).toBe("2025-12-31T00:00:00.000Z");
  });
});

describe("журнал действий: бот и командная строка", () => {
  const staff = { id: "p1", displayName: "Анна", memberships: [{ role: "district" as const, districtId: "d1", schoolId: null, active: true }] };

  it("файл, отправленный ботом, — выгрузка с командой, без имени файла и текста", () => {
    expect(botExportEntry(staff, { kind: "command", name: "Summary" }, 1, new Date(0))).toMatchObject({
      via: "bot",
      action: "export",
      target: "bot /summary",
      districtId: "d1",
      role: "district",
      details: { documents: 1 },
    });
    expect(botExportEntry(staff, { kind: "action", data: "ident:lists:2026:свободный текст" }, 2, new Date(0))?.target).toBe("bot ident:");
    expect(botExportEntry(staff, { kind: "command", name: "summary" }, 0, new Date(0))).toBeNull();
  });

  it("команда CLI: только изменяющие и не --dry-run", () => {
    const label = (user: string) => `CLI: ${user}`;
    expect(cliAuditEntry("campaign open", {}, { districtId: "d1", schoolId: null }, "root", label)).toMatchObject({ via: "cli", actorLabel: "CLI: root", action: "campaigns.change", target: "campaign open" });
    expect(cliAuditEntry("campaign list", {}, { districtId: "d1", schoolId: null }, "root", label)).toBeNull();
    expect(cliAuditEntry("import xlsx", { dryRun: true }, { districtId: "d1", schoolId: null }, "root", label)).toBeNull();
  });
});
