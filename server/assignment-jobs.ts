// #15 scheduled job of assignments and pairs: hourly at :17 (UTC), the running assignments and pairs whose
// last day has passed in their district's calendar are ended, and the access they gave (their memberships)
// with them. The reads of the lists and of "my schools" do the same, so the job covers the people who open
// nothing. Idempotent: a slot run twice ends nothing twice.
import { endLapsed } from "../core/services/assignments.ts";
import type { NetworkContext } from "../core/services/network-context.ts";
import { hourly, type Job } from "./scheduler.ts";

export function assignmentJobs(deps: { network: Pick<NetworkContext, "assignments"> }): Job[] {
  return [
    {
      name: "assignments-lapsed",
      ...hourly(17),
      run: async (now) => JSON.stringify(await endLapsed({ assignments: deps.network.assignments, clock: { now: () => now } })),
    },
  ];
}
