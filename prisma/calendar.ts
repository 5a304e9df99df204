// The monitoring calendar (core/services/calendar-ports.ts) over Prisma.
import type { CalendarDefaultEntry, ResponsibleRole } from "../core/management/calendar-defaults.ts";
import type { CalendarEntryRecord, CalendarEntryWrite, CalendarRepository, DueCalendarEntry } from "../core/services/calendar-ports.ts";
import type { PrismaClient } from "./db.ts";

type Row = Awaited<ReturnType<PrismaClient["calendarEntry"]["findFirstOrThrow"]>>;

const record = (row: Row): CalendarEntryRecord => ({
  id: row.id,
  districtId: row.districtId,
  schoolYear: row.schoolYear,
  key: row.key,
  title: row.title,
  startsOn: row.startsOn,
  dueOn: row.dueOn,
  responsibleRoles: row.responsibleRoles as ResponsibleRole[],
  responsibleIds: row.responsibleIds,
  remindDaysBefore: row.remindDaysBefore,
  doneAt: row.doneAt,
  escalatedAt: row.escalatedAt,
});

const ORDER = [{ dueOn: "asc" as const }, { startsOn: "asc" as const }, { createdAt: "asc" as const }];

export class PrismaCalendarRepository implements CalendarRepository {
  constructor(readonly prisma: PrismaClient) {}

  async ensureDefaults(districtId: string, schoolYear: string, entries: readonly CalendarDefaultEntry[]): Promise<number> {
    const created = await this.prisma.calendarEntry.createMany({
      data: entries.map((entry) => ({
        districtId,
        schoolYear,
        key: entry.key,
        title: entry.title,
        startsOn: entry.startsOn,
        dueOn: entry.dueOn,
        responsibleRoles: entry.responsibleRoles,
        remindDaysBefore: entry.remindDaysBefore,
      })),
      skipDuplicates: true,
    });
    return created.count;
  }

  async list(districtId: string, schoolYear: string): Promise<CalendarEntryRecord[]> {
    return (await this.prisma.calendarEntry.findMany({ where: { districtId, schoolYear }, orderBy: ORDER })).map(record);
  }

  async get(id: string): Promise<CalendarEntryRecord | null> {
    const row = await this.prisma.calendarEntry.findUnique({ where: { id } });
    return row ? record(row) : null;
  }

  async create(districtId: string, schoolYear: string, input: CalendarEntryWrite): Promise<CalendarEntryRecord> {
    return record(await this.prisma.calendarEntry.create({ data: { districtId, schoolYear, key: null, ...input } }));
  }

  async update(id: string, input: CalendarEntryWrite): Promise<CalendarEntryRecord> {
    return this.prisma.$transaction(async (tx) => {
      const before = await tx.calendarEntry.findUniqueOrThrow({ where: { id } });
      const moved = before.dueOn.getTime() !== input.dueOn.getTime();
      return record(await tx.calendarEntry.update({ where: { id }, data: { ...input, ...(moved ? { escalatedAt: null } : {}) } }));
    });
  }

  async delete(id: string): Promise<void> {
    await this.prisma.calendarEntry.deleteMany({ where: { id } });
  }

  async setDone(id: string, doneAt: Date | null): Promise<CalendarEntryRecord> {
    return record(await this.prisma.calendarEntry.update({ where: { id }, data: { doneAt } }));
  }

  async markEscalated(id: string, at: Date): Promise<boolean> {
    const updated = await this.prisma.calendarEntry.updateMany({ where: { id, escalatedAt: null }, data: { escalatedAt: at } });
    return updated.count > 0;
  }

  async districtZones(): Promise<Array<{ id: string; timezone: string }>> {
    return this.prisma.district.findMany({ select: { id: true, timezone: true }, orderBy: { createdAt: "asc" } });
  }

  async undoneDue(from: Date, to: Date): Promise<DueCalendarEntry[]> {
    const rows = await this.prisma.calendarEntry.findMany({
      where: { doneAt: null, dueOn: { gte: from, lte: to } },
      include: { district: { select: { timezone: true } } },
      orderBy: ORDER,
    });
    return rows.map(({ district, ...row }) => ({ ...record(row), timezone: district.timezone }));
  }

  async membersIn(districtId: string, personIds: readonly string[]): Promise<string[]> {
    if (!personIds.length) return [];
    const rows = await this.prisma.membership.findMany({
      where: { districtId, active: true, personId: { in: [...personIds] } },
      select: { personId: true },
      distinct: ["personId"],
    });
    return rows.map((row) => row.personId);
  }
}
