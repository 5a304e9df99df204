// The network's scheduled jobs (#15): events' reminders the day before (H3 fills). Each runs once per
// slot (server/scheduler.ts).
import type { MethodologySettings } from "../core/methodology/settings.ts";
import type { AdminRepository } from "../core/services/admin-ports.ts";
import type { NetworkContext } from "../core/services/network-context.ts";
import type { Repository } from "../core/services/ports.ts";
import type { Job } from "./scheduler.ts";

export interface NetworkJobDeps {
  repo: Repository;
  admin: AdminRepository;
  network: NetworkContext;
  settings: MethodologySettings;
}

export const networkJobs = (_deps: NetworkJobDeps): Job[] => [];
