// The monitoring calendar's job (#14): hourly at :20, each district at its own 10:00 (or the first
// daytime run after it that day) — reminders to the people responsible `remindDaysBefore` days
// before a deadline and on the day, and the escalation to the district staff the day after an undone
// deadline. The use case (core/services/calendar.ts planCalendarNotices) keys every message per entry,
// kind, deadline and person, so a repeated slot or a restart queues nothing twice.
import { planCalendarNotices } from "../core/services/calendar.ts";
import type { ManagementJobDeps } from "./management-jobs.ts";
import { hourly, type Job } from "./scheduler.ts";

export function calendarJobs(deps: ManagementJobDeps): Job[] {
  return [
    {
      name: "calendar-notices",
      ...hourly(20),
      run: async (now) =>
        JSON.stringify(
          await planCalendarNotices(
            { calendar: deps.management.calendar, recipients: deps.management.recipients, enqueue: (messages) => deps.repo.enqueue(messages) },
            now,
          ),
        ),
    },
  ];
}
