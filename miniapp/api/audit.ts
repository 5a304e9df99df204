// The audit log's middleware for the Mini App API (#16 §6), passed as ApiDeps.auditMiddleware: after a
// route answered 2xx, a request that core classifies (aggregates read, a download, a change) is recorded
// with the person, the role that fits the place, the route PATTERN (never the query or the body) and the
// district and school from the path, or from the record the path names (looked up in the same INSERT).
// Recording never fails the request: an error is logged and the answer goes out as computed.
import type { MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import { actingRole, classifyApiRequest, soleDistrict, type AuditDetails, type AuditPort } from "../../core/services/audit.ts";
import type { Clock } from "../../core/services/ports.ts";
import type { Env } from "./app.ts";

const ID = /^[a-z0-9]{1,40}$/;
const TOKEN = /^[A-Za-z0-9_-]{1,40}$/;

export interface AuditMiddlewareDeps {
  audit: Pick<AuditPort, "append">;
  clock: Clock;
  log: { error(obj: object, msg?: string): void };
}

export function auditMiddleware(deps: AuditMiddlewareDeps): MiddlewareHandler<Env> {
  return async (c, next) => {
    await next();
    const status = c.res.status;
    if (status < 200 || status >= 300) return;
    const person = c.get("person");
    if (!person) return;
    // After next() the request's route index is the handler that answered: its pattern and parameters.
    const classified = classifyApiRequest(c.req.method, routePath(c));
    if (!classified) return;
    try {
      const params = c.req.param() as Record<string, string>;
      const districtId = params.districtId && ID.test(params.districtId) ? params.districtId : null;
      const schoolId = params.schoolId && ID.test(params.schoolId) ? params.schoolId : null;
      const details: AuditDetails = { status };
      for (const [name, value] of Object.entries(params)) {
        if (name !== "districtId" && name !== "schoolId" && TOKEN.test(value)) details[name] = value;
      }
      const subjectId = classified.subject ? params[classified.subject.param] : undefined;
      // A record the path names, or the school when the path names no district: its district comes from the row.
      const subject =
        classified.subject && subjectId && ID.test(subjectId)
          ? { kind: classified.subject.kind, id: subjectId }
          : schoolId && !districtId
            ? { kind: "school" as const, id: schoolId }
            : null;
      await deps.audit.append({
        at: deps.clock.now(),
        actorId: person.id,
        actorLabel: person.displayName ?? person.id,
        role: actingRole(person.memberships, { districtId, schoolId }),
        via: "miniapp",
        action: classified.action,
        target: classified.target,
        districtId: districtId ?? (subject || schoolId ? null : soleDistrict(person.memberships)),
        schoolId,
        details,
        subject: subject ? { ...subject, fallbackDistrictId: soleDistrict(person.memberships) } : null,
      });
    } catch (error) {
      deps.log.error({ err: error instanceof Error ? (error.stack ?? error.message) : String(error), route: classified.target }, "audit entry not written");
    }
  };
}
