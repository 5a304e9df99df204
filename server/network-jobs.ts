// The network's scheduled jobs (#15): the events' reminders the day before — hourly at :25, each
// district at its own 10:00 (or the first daytime run after it that day). The use case keys each
// message per event and person (core/services/seminars.ts planEventReminders), so a repeated slot
// or a restart queues nothing twice. Each job runs once per slot (server/scheduler.ts).
import type { MethodologySettings } from "../core/methodology/settings.ts";
import type { AdminRepository } from "../core/services/admin-ports.ts";
import type { NetworkContext } from "../core/services/network-context.ts";
import type { Repository } from "../core/services/ports.ts";
import { planEventReminders } from "../core/services/seminars.ts";
import { hourly, type Job } from "./scheduler.ts";
import { assignmentJobs } from "./assignment-jobs.ts";

export interface NetworkJobDeps {
  repo: Repository;
  admin: AdminRepository;
  network: NetworkContext;
  settings: MethodologySettings;
}

export const networkJobs = (deps: NetworkJobDeps): Job[] => [
  {
    name: "event-reminders",
    ...hourly(25),
    run: async (now) =>
      JSON.stringify(
        await planEventReminders({ seminars: deps.network.seminars, recipients: deps.network.recipients, enqueue: (messages) => deps.repo.enqueue(messages) }, now),
      ),
  },
  // #15 assignments and pairs (H1): lapsed periods end with their access, hourly at :17.
  ...assignmentJobs(deps),
];
