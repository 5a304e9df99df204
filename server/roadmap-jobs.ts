// #14 scheduled jobs of the roadmap (scaffold, filled by its owner).
import type { Job } from "./scheduler.ts";
import type { ManagementJobDeps } from "./management-jobs.ts";

export function roadmapJobs(_deps: ManagementJobDeps): Job[] {
  return [];
}
