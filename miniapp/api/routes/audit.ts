// The district's audit log in the Mini App API (#16 §6): district staff and the regional operators of
// that district read who viewed, changed and exported what; everyone else gets 403. Filters by period
// (the district's local days), action and school; newest first, 100 a page with a cursor.
import type { Hono } from "hono";
import { AUDIT_ACTION_LABELS, AUDIT_VIA_LABELS, auditText } from "../../../core/messages/audit.ts";
import { AUDIT_ACTIONS, AuditQuerySchema, auditFilterOf, canReadAudit, isAuditAction, type AuditVia } from "../../../core/services/audit.ts";
import type { PersonView } from "../../../core/services/ports.ts";
import type { ApiDeps } from "../app.ts";
import { BAD_REQUEST, NOT_FOUND, pathId } from "../route-kit.ts";

type Env = { Variables: { person: PersonView } };

export function registerAuditRoutes(app: Hono<Env>, deps: Pick<ApiDeps, "audit">) {
  app.get("/api/districts/:districtId/audit", async (c) => {
    const districtId = pathId(c, "districtId");
    if (!districtId) return c.json(BAD_REQUEST, 400);
    const person = c.get("person");
    if (!canReadAudit(person.memberships, districtId)) return c.json({ error: "forbidden", message: auditText.forbidden }, 403);
    if (!deps.audit) return c.json(NOT_FOUND, 404);
    const query = AuditQuerySchema.safeParse(Object.fromEntries(Object.entries(c.req.query()).filter(([, value]) => value !== "")));
    if (!query.success) return c.json({ error: "invalid_input", message: auditText.badQuery }, 400);
    const timeZone = person.memberships.find((membership) => membership.active && membership.districtId === districtId)!.districtTimezone;
    const page = await deps.audit.list(auditFilterOf(districtId, query.data, timeZone));
    return c.json({
      timeZone,
      entries: page.entries.map((entry) => ({
        id: entry.id,
        at: entry.at.toISOString(),
        actorLabel: entry.actorLabel,
        role: entry.role,
        via: entry.via,
        viaLabel: AUDIT_VIA_LABELS[entry.via as AuditVia] ?? entry.via,
        action: entry.action,
        actionLabel: isAuditAction(entry.action) ? AUDIT_ACTION_LABELS[entry.action] : entry.action,
        target: entry.target,
        schoolId: entry.schoolId,
        schoolName: entry.schoolName,
        details: entry.details,
      })),
      nextCursor: page.nextCursor,
      actions: AUDIT_ACTIONS.map((action) => ({ id: action, title: AUDIT_ACTION_LABELS[action] })),
    });
  });
}
