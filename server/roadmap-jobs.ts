// #14 scheduled jobs of the roadmap: hourly at :07 (UTC), each district looked at in its own time zone.
//  - An open event whose deadline has passed (the district's today is after the due date) becomes
//    overdue (logged), at any hour.
//  - At 10:00 district time its executors are reminded REMIND_DAYS_BEFORE days before the deadline and
//    on the day, with the buttons «Выполнено», «Нужна помощь», «Перенести» and the Mini App at "tasks".
//    REMIND_DAYS_BEFORE is a constant (3): the calendar's own setting belongs to the calendar entries.
//  - An overdue event is escalated once to the district's staff (escalatedAt set; the messages'
//    dedupe keys are rm-esc:<eventId>:<personId>), between 10:00 and 21:00 district time, so that a
//    deadline passing at midnight does not wake anyone.
// Every message has a dedupe key, so a slot run twice (a restart) queues nothing twice.
import { daysUntil, dueDate, isPastDue, localHour } from "../core/management/roadmap.ts";
import { roadmapText as t } from "../core/messages/roadmap.ts";
import type { OutboxMessage } from "../core/services/ports.ts";
import type { Recipient } from "../core/services/recipients-ports.ts";
import type { EventInContext } from "../core/services/roadmaps-ports.ts";
import { eventButtons, formatDue, placeOfEvent } from "../core/services/roadmaps.ts";
import type { ManagementJobDeps } from "./management-jobs.ts";
import { hourly, type Job } from "./scheduler.ts";

export const REMIND_DAYS_BEFORE = 3;
export const REMIND_HOUR = 10;
const ESCALATE_FROM_HOUR = 10;
const ESCALATE_UNTIL_HOUR = 21;

type Reachable = Recipient & { account: NonNullable<Recipient["account"]> };
const reachable = (recipient: Recipient): recipient is Reachable => recipient.consented && recipient.account !== null;

const toMessage = (recipient: Reachable, dedupeKey: string, text: string, extra: Partial<OutboxMessage> = {}): OutboxMessage => ({
  dedupeKey,
  personId: recipient.personId,
  channel: recipient.account.channel,
  chatId: recipient.account.chatId,
  text,
  ...extra,
});

export async function runRoadmapJob(deps: Pick<ManagementJobDeps, "repo" | "management">, now: Date) {
  const horizon = new Date(now.getTime() + (REMIND_DAYS_BEFORE + 2) * 86_400_000);
  const events = await deps.management.roadmaps.openEventsDueBy(horizon);
  const summary = { looked: events.length, overdue: 0, queued: 0, escalated: 0 };
  const staffOf = new Map<string, Reachable[]>();
  const districtStaff = async (districtId: string) => {
    if (!staffOf.has(districtId)) staffOf.set(districtId, (await deps.management.recipients.recipients(districtId, { roles: ["district"] })).filter(reachable));
    return staffOf.get(districtId)!;
  };
  for (const found of events) {
    const event: EventInContext = { ...found };
    const hour = localHour(now, event.timezone);
    if ((event.state === "planned" || event.state === "in_progress") && isPastDue(event.dueOn, now, event.timezone)) {
      if (await deps.management.roadmaps.changeState(event.id, { from: event.state, to: "overdue", action: "overdue" }, null)) summary.overdue++;
      event.state = "overdue";
    }
    const messages: OutboxMessage[] = [];
    const days = daysUntil(event.dueOn, now, event.timezone);
    if (hour === REMIND_HOUR && (days === REMIND_DAYS_BEFORE || days === 0) && event.state !== "overdue" && event.executors.length) {
      const executors = (await deps.management.recipients.recipients(event.districtId, { personIds: event.executors.map((e) => e.personId) })).filter(reachable);
      const text = days === 0 ? t.remindToday({ title: event.title }) : t.remindBefore({ title: event.title, due: formatDue(event.dueOn), days });
      for (const executor of executors) {
        messages.push(toMessage(executor, `rm-rem:${event.id}:${dueDate(event.dueOn)}:${days}:${executor.personId}`, text, { appStart: "tasks", buttons: eventButtons(event.id) }));
      }
    }
    if (event.state === "overdue" && event.escalatedAt === null && hour >= ESCALATE_FROM_HOUR && hour < ESCALATE_UNTIL_HOUR) {
      const text = t.escalation({
        title: event.title,
        number: event.number,
        due: formatDue(event.dueOn),
        place: placeOfEvent(event),
        executors: event.executors.map((e) => e.displayName ?? "—").join(", ") || t.nobody,
      });
      for (const staff of await districtStaff(event.districtId)) messages.push(toMessage(staff, `rm-esc:${event.id}:${staff.personId}`, text));
    }
    if (messages.length) {
      summary.queued += await deps.repo.enqueue(messages);
    }
    if (event.state === "overdue" && event.escalatedAt === null && hour >= ESCALATE_FROM_HOUR && hour < ESCALATE_UNTIL_HOUR) {
      if (await deps.management.roadmaps.markEscalated(event.id, now)) summary.escalated++;
    }
  }
  return summary;
}

export function roadmapJobs(deps: Pick<ManagementJobDeps, "repo" | "management">): Job[] {
  return [
    {
      name: "roadmap-events",
      ...hourly(7),
      run: async (now) => JSON.stringify(await runRoadmapJob(deps, now)),
    },
  ];
}
