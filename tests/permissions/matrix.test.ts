// The permission matrix (#15 §1, §10; DOMAIN.md §4): every registered /api route of the Mini App × every
// role of the product (+ someone with no membership, the staff of another district, nobody signed in).
// Each route's policy (tests/permissions/*.policy.ts) names the roles that may use it: they must not be
// refused (401/403); everyone else must get no 2xx answer. A route without a policy fails the test, as
// does a policy for a route that is not registered. The bot's commands × roles are an explicit table below.
//
// The other district's staff ("foreign") are refused every route whose path names something (a district,
// a school, a record of the fixture's district). A route without path parameters answers about the asker
// alone (/api/me, /api/me/tasks …): there they are district staff of their own district, and are expected
// to be let in exactly when the policy lets in "district".
//
// A policy's `body` may also be a function of the fixture (types.ts says `unknown`): a body that names the
// fixture's ids, so that the allowed pass validation and the others' refusal is the access check's own.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROLES, type Role } from "../../core/roles.ts";
import { JOURNEYS, mayUse } from "../../core/journeys/registry.ts";
import type { Turn } from "../../core/journeys/types.ts";
import type { PersonView } from "../../core/services/ports.ts";
import type { Database } from "../../prisma/db.ts";
import { openTestDatabase } from "../support/db.ts";
import { makeTestApi } from "../support/api.ts";
import { makeMatrixFixture, type Identity, type MatrixWorld } from "./fixture.ts";
import type { RoutePolicy } from "./types.ts";

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * /api routes that answer before the init-data check, on purpose. The matrix asks them too: nothing in
 * them may depend on who asks.
 */
const PUBLIC_ROUTES: ReadonlyArray<{ method: string; path: string; reason: string }> = [
  { method: "GET", path: "/api/config", reason: "the Mini App's start: demo flag, bot name, minimum respondents; nothing personal" },
  { method: "GET", path: "/api/demo/people", reason: "demo sign-in only (404 unless the server runs in demo mode, which tests do not)" },
];

const IDENTITIES: readonly Identity[] = [...ROLES, "stranger", "foreign", "anonymous"];
const METHODS = new Set(["GET", "POST", "PUT", "PATCH", "DELETE"]);
/** Requests in flight at once (one in-process database: more only queue). */
const BATCH = 10;

let db: Database;
let world: MatrixWorld;
let api: ReturnType<typeof makeTestApi>;
let policies: Array<RoutePolicy & { file: string }> = [];

const key = (method: string, route: string) => `${method} ${route}`;

async function loadPolicies(): Promise<Array<RoutePolicy & { file: string }>> {
  const files = fs.readdirSync(here).filter((file) => file.endsWith(".policy.ts")).sort();
  const loaded: Array<RoutePolicy & { file: string }> = [];
  for (const file of files) {
    const module = (await import(pathToFileURL(path.join(here, file)).href)) as { policy?: RoutePolicy[] };
    if (!Array.isArray(module.policy)) throw new Error(`${file}: no exported "policy" array`);
    for (const entry of module.policy) loaded.push({ ...entry, file });
  }
  return loaded;
}

/** Every /api route the app registered (handlers, not middleware), without the catch-all. */
function registeredRoutes(): string[] {
  const seen = new Set<string>();
  for (const route of api.routes) {
    if (!METHODS.has(route.method) || !route.path.startsWith("/api/") || route.path === "/api/*") continue;
    seen.add(key(route.method, route.path));
  }
  return [...seen].sort();
}

/** A cuid-shaped id that names nothing. */
const missingId = () => `cmatrix${Math.random().toString(36).slice(2, 12).padEnd(10, "0")}missing`;

function fill(route: string, params: Record<string, string>): string {
  return route.replace(/:(\w+)(\{[^}]*\})?/g, (_match, name: string) => encodeURIComponent(params[name] ?? missingId()));
}

/** A policy's body, or (a function) the body it builds from the fixture's ids. */
const bodyOf = (policy: RoutePolicy): unknown =>
  typeof policy.body === "function" ? (policy.body as (fixture: MatrixWorld["fixture"]) => unknown)(world.fixture) : policy.body;

async function ask(method: string, url: string, identity: Identity, body: unknown): Promise<number> {
  const headers: Record<string, string> = { ...world.headers[identity] };
  const init: RequestInit = { method, headers };
  if (method !== "GET" && method !== "DELETE") {
    headers["content-type"] = "application/json";
    init.body = JSON.stringify(body ?? {});
  }
  const response = await api.request(url, init);
  await response.arrayBuffer();
  return response.status;
}

async function inBatches<T>(items: readonly T[], size: number, run: (item: T) => Promise<void>) {
  for (let index = 0; index < items.length; index += size) await Promise.all(items.slice(index, index + size).map(run));
}

beforeAll(async () => {
  db = await openTestDatabase();
  world = await makeMatrixFixture(db);
  api = makeTestApi(db);
  policies = await loadPolicies();
});
afterAll(async () => {
  await db?.close();
});

describe("матрица прав: маршруты API", () => {
  it("у каждого маршрута /api есть политика, и каждая политика называет существующий маршрут", () => {
    const registered = registeredRoutes();
    const publicKeys = new Set(PUBLIC_ROUTES.map((route) => key(route.method, route.path)));
    const listed = new Map<string, string>();
    const duplicates: string[] = [];
    for (const policy of policies) {
      const k = key(policy.method, policy.path);
      if (listed.has(k)) duplicates.push(`${k} (${listed.get(k)}, ${policy.file})`);
      listed.set(k, policy.file);
    }
    expect(duplicates, "a route listed twice").toEqual([]);
    const missing = registered.filter((k) => !listed.has(k) && !publicKeys.has(k));
    const stale = [...listed.keys()].filter((k) => !registered.includes(k));
    expect(stale, "policies of routes that are not registered").toEqual([]);
    expect(missing, "registered routes without a policy").toEqual([]);
  });

  it("публичные маршруты отвечают одинаково всем", async () => {
    for (const route of PUBLIC_ROUTES) {
      const statuses = new Set<number>();
      for (const identity of ["anonymous", "stranger", "district"] as const) statuses.add(await ask(route.method, route.path, identity, undefined));
      expect([...statuses], key(route.method, route.path)).toHaveLength(1);
    }
  });

  it("каждая роль × каждый маршрут: разрешённым — не 401/403, остальным — не 2xx", async () => {
    const registered = new Set(registeredRoutes());
    const failures: string[] = [];
    const observed: Array<{ route: string; statuses: Partial<Record<Identity, number>>; ms: number }> = [];
    const live = policies.filter((policy) => registered.has(key(policy.method, policy.path)));
    // MATRIX_DUMP=<file>: also ask the routes without a policy (as if nobody were allowed) and write every
    // answer to <file>, to help write a new policy. Not a substitute for reading the route's checks.
    if (process.env.MATRIX_DUMP) {
      const listed = new Set(policies.map((policy) => key(policy.method, policy.path)));
      for (const route of registered) {
        if (listed.has(route) || PUBLIC_ROUTES.some((entry) => key(entry.method, entry.path) === route)) continue;
        const [method, routePath] = route.split(" ") as [RoutePolicy["method"], string];
        live.push({ method, path: routePath, allow: [], file: "(none)" });
      }
    }
    const prepared: Array<{ policy: (typeof live)[number]; url: string }> = [];
    for (const policy of live) {
      const params = { districtId: world.fixture.districtId, schoolId: world.fixture.schoolId, ...(await policy.setup?.(world.fixture)) };
      prepared.push({ policy, url: fill(policy.path, params) });
    }
    await inBatches(prepared, BATCH, async ({ policy, url }) => {
      const allowed = new Set<Identity>(policy.allow);
      if (!policy.path.includes(":") && allowed.has("district")) allowed.add("foreign");
      const statuses: Partial<Record<Identity, number>> = {};
      const started = performance.now();
      // Those refused go first, together: an allowed DELETE must not make their answer a mere 404. Then the
      // allowed: together for a read, one after another for a write (two staff creating the same report at
      // the same instant is not what is asked here).
      const askAll = (who: readonly Identity[]) =>
        Promise.all(
          who.map(async (identity) => {
            statuses[identity] = await ask(policy.method, url, identity, bodyOf(policy));
          }),
        );
      await askAll(IDENTITIES.filter((who) => !allowed.has(who)));
      const admitted = IDENTITIES.filter((who) => allowed.has(who));
      if (policy.method === "GET") await askAll(admitted);
      else for (const identity of admitted) await askAll([identity]);
      observed.push({ route: key(policy.method, policy.path), statuses, ms: Math.round(performance.now() - started) });
      for (const identity of IDENTITIES) {
        const status = statuses[identity]!;
        if (allowed.has(identity) && (status === 401 || status === 403)) failures.push(`${key(policy.method, policy.path)}: ${identity} is allowed but got ${status} (${policy.file})`);
        if (!allowed.has(identity) && status >= 200 && status < 300) failures.push(`${key(policy.method, policy.path)}: ${identity} is not allowed but got ${status} (${policy.file})`);
        if (status >= 500) failures.push(`${key(policy.method, policy.path)}: ${identity} got ${status} (${policy.file})`);
      }
    });
    if (process.env.MATRIX_DUMP) {
      fs.writeFileSync(
        process.env.MATRIX_DUMP,
        observed
          .sort((a, b) => a.route.localeCompare(b.route))
          .map(({ route, statuses, ms }) => `${route} (${ms} ms)\n  ${IDENTITIES.map((who) => `${who}=${statuses[who]}`).join(" ")}`)
          .join("\n"),
      );
    }
    if (process.env.MATRIX_DUMP) fs.writeFileSync(`${process.env.MATRIX_DUMP}.failures`, failures.sort().join("\n"));
    expect(failures).toEqual([]);
  }, 180_000);
});

/**
 * Who may use each bot command (core/journeys/registry.ts mayUse), role by role. An explicit table: a change of
 * a command's audience must be a conscious edit here too. "members": anyone who joined; "anyone": strangers too.
 */
const STAFF_ROLES: readonly Role[] = ["district", "regional"];
const BOT_COMMANDS: Record<string, readonly Role[] | "members" | "anyone"> = {
  start: "anyone",
  help: "anyone",
  link: "members",
  mydata: "members",
  deletedata: "members",
  diagnostic: ["teacher"],
  profile: ["teacher"],
  route: ["teacher"],
  invite: STAFF_ROLES,
  campaign: STAFF_ROLES,
  broadcast: STAFF_ROLES,
  report: STAFF_ROLES,
  identify: STAFF_ROLES,
  templates: STAFF_ROLES,
  progress: [...STAFF_ROLES, "head"],
  summary: [...STAFF_ROLES, "working_group"],
  risk: [...STAFF_ROLES, "working_group", "head"],
  surveys: ["head", "teacher", "mentor"],
  tasks: [...STAFF_ROLES, "head", "teacher", "mentor", "methodologist", "assessment"],
  recommendations: [...STAFF_ROLES, "head", "methodologist", "assessment"],
  calendar: [...STAFF_ROLES, "head", "methodologist", "assessment", "mentor"],
  app: [...STAFF_ROLES, "working_group", "head", "teacher", "mentor", "tutor", "curator", "curator_head"],
  // The network around the schools (#15).
  myschools: ["head", "mentor", "tutor", "curator", "curator_head"],
  visit: ["mentor", "tutor", "curator"],
  seminar: ["head", "teacher"],
  events: "members",
  library: "members",
  programmes: [...STAFF_ROLES, "working_group", "head", "methodologist", "assessment", "mentor", "tutor", "curator", "curator_head"],
  meetings: [...STAFF_ROLES, "working_group"],
};

const personWith = (role: Role): PersonView =>
  ({
    id: `matrix-${role}`,
    displayName: role,
    consentAt: new Date(),
    memberships: [{ id: `m-${role}`, role, districtId: "d1", districtName: "Район", districtTimezone: "Europe/Moscow", schoolId: null, schoolName: null, active: true }],
  }) as unknown as PersonView;
const turnOf = (person: PersonView | null) => ({ person }) as unknown as Turn;

describe("матрица прав: команды бота", () => {
  it("у каждой команды реестра есть строка в таблице, и каждая строка — команда реестра", () => {
    const registered = JOURNEYS().flatMap((journey) => journey.commands.map((command) => command.name)).sort();
    expect(registered).toEqual(Object.keys(BOT_COMMANDS).sort());
  });

  it("каждая команда × каждая роль: mayUse совпадает с таблицей; незнакомцу — только «anyone»", () => {
    const mismatches: string[] = [];
    for (const journey of JOURNEYS()) {
      for (const command of journey.commands) {
        const expected = BOT_COMMANDS[command.name];
        if (!expected) continue;
        for (const role of ROLES) {
          const want = expected === "anyone" || expected === "members" || expected.includes(role);
          if (mayUse(turnOf(personWith(role)), command) !== want) mismatches.push(`/${command.name} × ${role}: expected ${want ? "allowed" : "refused"}`);
        }
        if (mayUse(turnOf(null), command) !== (expected === "anyone")) mismatches.push(`/${command.name} × stranger`);
      }
    }
    expect(mismatches).toEqual([]);
  });
});
