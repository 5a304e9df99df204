// The management loop's scheduled jobs (#14): roadmap executors' reminders and overdue escalation,
// the monitoring calendar's reminders and escalation. Each runs once per slot (server/scheduler.ts).
import type { MethodologySettings } from "../core/methodology/settings.ts";
import type { AdminRepository } from "../core/services/admin-ports.ts";
import type { ManagementContext } from "../core/services/management-context.ts";
import type { Repository } from "../core/services/ports.ts";
import { calendarJobs } from "./calendar-jobs.ts";
import { roadmapJobs } from "./roadmap-jobs.ts";
import type { Job } from "./scheduler.ts";

export interface ManagementJobDeps {
  repo: Repository;
  admin: AdminRepository;
  management: ManagementContext;
  settings: MethodologySettings;
}

export const managementJobs = (deps: ManagementJobDeps): Job[] => [...roadmapJobs(deps), ...calendarJobs(deps)];
