// The calendar: node-cron triggers, a JobRun row per (job, slot) so that a job fires once per slot
// even with several instances or a restart inside the slot.
import cron, { type ScheduledTask } from "node-cron";
import type { Database } from "../prisma/db.ts";

export interface Job {
  name: string;
  /** cron expression, evaluated in UTC; jobs look at each district's own time zone themselves. */
  schedule: string;
  /** Identifies one firing, e.g. the UTC hour. */
  slot: (now: Date) => string;
  run: (now: Date) => Promise<string>;
}

export const hourSlot = (now: Date) => now.toISOString().slice(0, 13);

/** Runs the job unless its slot already ran. Returns false when the slot was taken. */
export async function runOnce(db: Database, job: Job, now: Date): Promise<boolean> {
  const slot = job.slot(now);
  const claimed = await db.prisma.jobRun.createMany({ data: [{ job: job.name, slot }], skipDuplicates: true });
  if (claimed.count === 0) return false;
  const result = await job.run(now);
  await db.prisma.jobRun.update({ where: { job_slot: { job: job.name, slot } }, data: { result } });
  return true;
}

export function startScheduler(db: Database, jobs: Job[], log: { error(obj: object, msg?: string): void }) {
  const tasks: ScheduledTask[] = jobs.map((job) =>
    cron.schedule(
      job.schedule,
      () => {
        runOnce(db, job, new Date()).catch((error) => log.error({ job: job.name, err: String(error) }, "scheduled job failed"));
      },
      { timezone: "UTC", name: job.name },
    ),
  );
  return {
    stop: async () => {
      for (const task of tasks) await task.stop();
    },
  };
}
