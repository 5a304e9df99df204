// The calendar: node-cron triggers, a JobRun row per (job, slot) so that a job runs once per slot
// even with several instances or a restart inside the slot.
//
// A slot counts as done only when its job has finished. The claim before it is a lease, renewed
// while the job runs: a process killed in the middle leaves a claim that runs out, and the next
// look (at start, then every minute) runs the slot again. Jobs must therefore be idempotent; the
// reminders are (each message has a dedupe key per person and day).
import { randomUUID } from "node:crypto";
import cron, { type ScheduledTask } from "node-cron";
import type { Database } from "../prisma/db.ts";
import type { AdminRepository } from "../core/services/admin-ports.ts";
import type { Repository } from "../core/services/ports.ts";
import { planCampaignNotices } from "../core/services/reminders.ts";

export interface Job {
  name: string;
  /** cron expression, evaluated in UTC; jobs look at each district's own time zone themselves. */
  schedule: string;
  /** Identifies one firing, e.g. the UTC hour. */
  slot: (now: Date) => string;
  /**
   * The firings that should have happened by `now` and may have been missed (a crash, a stop over
   * the firing time), oldest first; looked at on start and every minute.
   */
  recent?: (now: Date) => Date[];
  run: (now: Date) => Promise<string>;
}

export const hourSlot = (now: Date) => now.toISOString().slice(0, 13);

/** Every hour at `minute` (UTC), catching up the current and the previous hour's firing. */
export function hourly(minute: number): Pick<Job, "schedule" | "slot" | "recent"> {
  return {
    schedule: `${minute} * * * *`,
    slot: hourSlot,
    recent: (now) => {
      const thisHour = new Date(now);
      thisHour.setUTCMinutes(minute, 0, 0);
      const previous = new Date(thisHour.getTime() - 3_600_000);
      return thisHour <= now ? [previous, thisHour] : [previous];
    },
  };
}

/**
 * Invitations and reminders of every open campaign (#13; the teacher diagnostic's daily reminder
 * included): hourly at :05, each district at its own 10:00. A missed firing caught up later runs as
 * of its own time; the messages' dedupe keys make a repeated slot queue nothing twice.
 */
export function campaignNoticesJob(deps: { admin: Pick<AdminRepository, "campaignsToNotify" | "audienceMembers">; repo: Pick<Repository, "enqueue"> }): Job {
  return {
    name: "campaign-notices",
    ...hourly(5),
    run: async (now) => JSON.stringify(await planCampaignNotices({ ...deps, clock: { now: () => now } })),
  };
}

export interface SchedulerOptions {
  /** How long a claim holds without renewal (default 2 min); renewed every third of it. */
  leaseMs?: number;
  clock?: { now(): Date };
}

/**
 * What the scheduler reports about its firings (server/observability.ts counts them for /metrics):
 * the job ran, a timed firing found its slot taken (another instance ran it or runs it now), or
 * the job failed. `seconds` for runs and failures. The catch-up sweep reports only what it ran or
 * what failed: finding a finished slot every minute is its normal case, not a skipped firing.
 */
export interface JobObserver {
  job(name: string, result: "ran" | "skipped" | "failed", seconds?: number): void;
}

/**
 * Runs the job for the slot of `now` unless that slot is done or another process holds a live
 * claim on it. Returns false when it did not run. A job that throws gives its claim back.
 */
export async function runOnce(db: Database, job: Job, now: Date, options: SchedulerOptions = {}): Promise<boolean> {
  const slot = job.slot(now);
  const leaseMs = options.leaseMs ?? 120_000;
  const wall = () => (options.clock?.now() ?? new Date()).getTime();
  const token = randomUUID();
  // The lease token rides in `result` until the job is done (then the result replaces it).
  const claimed = await db.prisma.jobRun.createMany({
    data: [{ job: job.name, slot, result: `claim:${token}`, leaseUntil: new Date(wall() + leaseMs) }],
    skipDuplicates: true,
  });
  if (claimed.count === 0) {
    // Taken: retake it only if the job there never finished and its claim ran out.
    const taken = await db.prisma.jobRun.updateMany({
      where: {
        job: job.name,
        slot,
        doneAt: null,
        OR: [{ leaseUntil: null }, { leaseUntil: { lt: new Date(wall()) } }],
      },
      data: { result: `claim:${token}`, leaseUntil: new Date(wall() + leaseMs), ranAt: new Date(wall()) },
    });
    if (taken.count === 0) return false;
  }
  const mine = { job: job.name, slot, result: `claim:${token}` };
  const renew = setInterval(() => {
    db.prisma.jobRun.updateMany({ where: mine, data: { leaseUntil: new Date(wall() + leaseMs) } }).catch(() => undefined);
  }, Math.max(10, Math.floor(leaseMs / 3)));
  renew.unref?.();
  let result: string;
  try {
    result = await job.run(now);
  } catch (error) {
    await db.prisma.jobRun.updateMany({ where: mine, data: { leaseUntil: null } });
    throw error;
  } finally {
    clearInterval(renew);
  }
  await db.prisma.jobRun.updateMany({ where: mine, data: { result, doneAt: new Date(wall()), leaseUntil: null } });
  return true;
}

export function startScheduler(
  db: Database,
  jobs: Job[],
  log: { error(obj: object, msg?: string): void },
  options: SchedulerOptions & { sweepMs?: number; observer?: JobObserver } = {},
) {
  const now = () => options.clock?.now() ?? new Date();
  const observer = options.observer;
  const fire = (job: Job, at: Date, timed = false) => {
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    return runOnce(db, job, at, options).then(
      (ran) => {
        if (ran) observer?.job(job.name, "ran", seconds());
        else if (timed) observer?.job(job.name, "skipped");
        return ran;
      },
      (error) => {
        observer?.job(job.name, "failed", seconds());
        log.error({ job: job.name, err: String(error) }, "scheduled job failed");
        return false;
      },
    );
  };
  /** Missed firings: at start (a crash or a stop over the firing time), then every minute. */
  let sweeping: Promise<unknown> = Promise.resolve();
  const sweep = () => {
    sweeping = (async () => {
      for (const job of jobs) for (const at of job.recent?.(now()) ?? []) await fire(job, at);
    })();
    return sweeping;
  };
  const tasks: ScheduledTask[] = jobs.map((job) =>
    cron.schedule(job.schedule, () => void fire(job, now(), true), { timezone: "UTC", name: job.name }),
  );
  void sweep();
  const timer = setInterval(sweep, options.sweepMs ?? 60_000);
  timer.unref?.();
  return {
    /** The sweep that runs now (tests wait for the start-up catch-up). */
    settled: () => sweeping,
    stop: async () => {
      clearInterval(timer);
      for (const task of tasks) await task.stop();
    },
  };
}
