// SCAFFOLD (H1 replaces this file): the assignments routes of the network around the schools (#15).
import type { Hono } from "hono";
import type { PersonView } from "../../../core/services/ports.ts";
import type { ApiDeps } from "../app.ts";

type Env = { Variables: { person: PersonView } };

export function registerAssignmentsRoutes(_app: Hono<Env>, _deps: ApiDeps) {}
