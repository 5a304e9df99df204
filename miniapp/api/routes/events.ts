// SCAFFOLD (H3 replaces this file): the events routes of the network around the schools (#15).
import type { Hono } from "hono";
import type { PersonView } from "../../../core/services/ports.ts";
import type { ApiDeps } from "../app.ts";

type Env = { Variables: { person: PersonView } };

export function registerEventsRoutes(_app: Hono<Env>, _deps: ApiDeps) {}
