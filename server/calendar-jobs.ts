// #14 scheduled jobs of the calendar (scaffold, filled by its owner).
import type { Job } from "./scheduler.ts";
import type { ManagementJobDeps } from "./management-jobs.ts";

export function calendarJobs(_deps: ManagementJobDeps): Job[] {
  return [];
}
