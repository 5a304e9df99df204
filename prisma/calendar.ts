import type { CalendarRepository } from "../core/services/calendar-ports.ts";
import type { PrismaClient } from "./db.ts";

export class PrismaCalendarRepository implements CalendarRepository {
  constructor(readonly prisma: PrismaClient) {}
}
