// The audit log's retention (#16 §6): once a day (03:41 UTC, a quiet hour everywhere in Russia) entries
// older than AUDIT_RETENTION_DAYS are deleted. The scheduler runs it once per slot across instances;
// a repeated run deletes nothing more, so catching up a missed day is safe.
import { retentionCutoff, type AuditPort } from "../core/services/audit.ts";
import type { Job } from "./scheduler.ts";

const MINUTE = 41;
const HOUR = 3;

export function auditRetentionJob(deps: { audit: Pick<AuditPort, "purge">; retentionDays: number }): Job {
  return {
    name: "audit-retention",
    schedule: `${MINUTE} ${HOUR} * * *`,
    slot: (now) => now.toISOString().slice(0, 10),
    recent: (now) => {
      const today = new Date(now);
      today.setUTCHours(HOUR, MINUTE, 0, 0);
      return today <= now ? [today] : [new Date(today.getTime() - 86_400_000)];
    },
    run: async (now) => {
      const cutoff = retentionCutoff(now, deps.retentionDays);
      const deleted = await deps.audit.purge(cutoff);
      return JSON.stringify({ deleted, before: cutoff.toISOString() });
    },
  };
}
