// The risk profile's job (#13 §6): every five minutes, the cards completed lately whose heads have no notice yet get
// the school's profile recomputed and the short profile queued for the heads with the Mini App button
// (core/services/risk-profile.ts riskCardNotices). Idempotent: the queued notice is the mark, so a repeated or
// caught-up slot queues nothing twice.
import { riskCardNotices, type RiskContext } from "../core/services/risk-profile.ts";
import type { Job } from "./scheduler.ts";

const FIVE_MINUTES = 5 * 60_000;
const slotOf = (now: Date) => new Date(Math.floor(now.getTime() / FIVE_MINUTES) * FIVE_MINUTES);

export function riskCardNoticesJob(ctx: Omit<RiskContext, "clock">): Job {
  return {
    name: "risk-card-notices",
    schedule: "*/5 * * * *",
    slot: (now) => slotOf(now).toISOString().slice(0, 16),
    recent: (now) => [slotOf(now)],
    run: async (now) => JSON.stringify(await riskCardNotices({ ...ctx, clock: { now: () => now } })),
  };
}
