// #14 reports in the Mini App API (scaffold, filled by its owner).
import type { Hono } from "hono";
import type { PersonView } from "../../../core/services/ports.ts";
import type { ApiDeps } from "../app.ts";

type Env = { Variables: { person: PersonView } };

export function registerReportsRoutes(_app: Hono<Env>, _deps: ApiDeps) {}
