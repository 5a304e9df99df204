// SCAFFOLD (H4 replaces this file): the at-risk routes of the network around the schools (#15).
import type { Hono } from "hono";
import type { PersonView } from "../../../core/services/ports.ts";
import type { ApiDeps } from "../app.ts";

type Env = { Variables: { person: PersonView } };

export function registerAtRiskRoutes(_app: Hono<Env>, _deps: ApiDeps) {}
