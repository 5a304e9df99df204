// Prisma implementation of core/services/seminars-ports.ts (#15 §4): seminar requests (the chat's
// pending step is the request row in a draft state), half-year programmes, events, registrations.
// Writes of several rows (an event with the requests it answers, an announcement with its Outbox rows,
// a material with its notices) go in one transaction; a registration locks the event row so that the
// capacity holds under simultaneous presses.
import type { Prisma } from "./generated/client.ts";
import type {
  EventRecord,
  NewEvent,
  ProgrammeRecord,
  RegisterOutcome,
  RegistrationRecord,
  RequestState,
  SeminarRequestRecord,
  SeminarsRepository,
} from "../core/services/seminars-ports.ts";
import { DRAFT_STATES } from "../core/services/seminars-ports.ts";
import type { OutboxMessage } from "../core/services/ports.ts";
import { parseAudience, parseMaterials, type EventKind, type Material } from "../core/seminars/rules.ts";
import type { PrismaClient } from "./db.ts";
import { outboxRow } from "./repository.ts";

const requestInclude = { school: { select: { name: true } } } as const;
type RequestRow = Prisma.SeminarRequestGetPayload<{ include: typeof requestInclude }>;

const eventInclude = {
  district: { select: { timezone: true } },
  _count: { select: { registrations: { where: { cancelledAt: null } } } },
} as const;
type EventRow = Prisma.NetworkEventGetPayload<{ include: typeof eventInclude }>;

const requestRecord = (row: RequestRow): SeminarRequestRecord => ({
  id: row.id,
  districtId: row.districtId,
  schoolId: row.schoolId,
  schoolName: row.school?.name ?? null,
  personId: row.personId,
  areas: row.areas,
  topic: row.topic,
  text: row.text,
  state: row.state as RequestState,
  eventId: row.eventId,
  createdAt: row.createdAt,
});

const eventRecord = (row: EventRow): EventRecord => ({
  id: row.id,
  districtId: row.districtId,
  districtTimezone: row.district.timezone,
  programmeId: row.programmeId,
  kind: row.kind as EventKind,
  title: row.title,
  description: row.description,
  areas: row.areas,
  startsAt: row.startsAt,
  endsAt: row.endsAt,
  place: row.place,
  onlineUrl: row.onlineUrl,
  audience: parseAudience(row.audience),
  capacity: row.capacity,
  materials: parseMaterials(row.materials),
  announcedAt: row.announcedAt,
  cancelledAt: row.cancelledAt,
  createdById: row.createdById,
  registered: row._count.registrations,
});

type ProgrammeRow = Prisma.SeminarProgrammeGetPayload<object>;
const programmeRecord = (row: ProgrammeRow): ProgrammeRecord => ({
  id: row.id,
  districtId: row.districtId,
  period: row.period,
  title: row.title,
  note: row.note,
  state: row.state === "published" ? "published" : "draft",
  createdById: row.createdById,
  createdAt: row.createdAt,
});

const TX = { maxWait: 10_000, timeout: 60_000 };
const drafts = [...DRAFT_STATES] as string[];

export class PrismaSeminarsRepository implements SeminarsRepository {
  constructor(private readonly prisma: PrismaClient) {}

  // ---- requests ----
  async draftOf(personId: string) {
    const row = await this.prisma.seminarRequest.findFirst({ where: { personId, state: { in: drafts } }, include: requestInclude, orderBy: { createdAt: "desc" } });
    return row ? requestRecord(row) : null;
  }

  async createRequest(input: { districtId: string; schoolId: string | null; personId: string; areas: string[]; topic: string; text: string | null; state: RequestState }) {
    return requestRecord(await this.prisma.seminarRequest.create({ data: input, include: requestInclude }));
  }

  async updateDraft(id: string, change: { topic?: string; text?: string | null; areas?: string[]; state?: RequestState }) {
    const updated = await this.prisma.seminarRequest.updateMany({ where: { id, state: { in: drafts } }, data: change });
    if (updated.count === 0) return null;
    return this.getRequest(id);
  }

  async deleteDraft(id: string) {
    await this.prisma.seminarRequest.deleteMany({ where: { id, state: { in: drafts } } });
  }

  async getRequest(id: string) {
    const row = await this.prisma.seminarRequest.findUnique({ where: { id }, include: requestInclude });
    return row ? requestRecord(row) : null;
  }

  async requestsOf(personId: string, limit: number) {
    const rows = await this.prisma.seminarRequest.findMany({
      where: { personId, state: { notIn: drafts } },
      include: requestInclude,
      orderBy: { createdAt: "desc" },
      take: limit,
    });
    return rows.map(requestRecord);
  }

  async districtRequests(districtId: string) {
    const rows = await this.prisma.seminarRequest.findMany({ where: { districtId, state: { notIn: drafts } }, include: requestInclude, orderBy: { createdAt: "desc" } });
    return rows.map(requestRecord);
  }

  async setRequestState(id: string, state: "new" | "declined") {
    await this.prisma.seminarRequest.updateMany({ where: { id, state: { notIn: drafts } }, data: { state, ...(state === "declined" ? { eventId: null } : {}) } });
  }

  // ---- programmes ----
  async saveProgramme(input: { districtId: string; period: string; title: string; note: string | null; createdById: string | null }) {
    const row = await this.prisma.seminarProgramme.upsert({
      where: { districtId_period: { districtId: input.districtId, period: input.period } },
      create: input,
      update: { title: input.title, note: input.note },
    });
    return programmeRecord(row);
  }

  async getProgramme(id: string) {
    const row = await this.prisma.seminarProgramme.findUnique({ where: { id } });
    return row ? programmeRecord(row) : null;
  }

  async listProgrammes(districtId: string) {
    return (await this.prisma.seminarProgramme.findMany({ where: { districtId }, orderBy: { period: "desc" } })).map(programmeRecord);
  }

  async publishProgramme(id: string) {
    return programmeRecord(await this.prisma.seminarProgramme.update({ where: { id }, data: { state: "published" } }));
  }

  // ---- events ----
  async createEvent(input: NewEvent, requestIds: readonly string[]) {
    return this.prisma.$transaction(async (tx) => {
      const { audience, ...rest } = input;
      const created = await tx.networkEvent.create({ data: { ...rest, audience: audience as object } });
      const planned = requestIds.length
        ? (
            await tx.seminarRequest.updateMany({
              where: { id: { in: [...requestIds] }, districtId: input.districtId, state: { in: ["new", "planned"] } },
              data: { state: "planned", eventId: created.id },
            })
          ).count
        : 0;
      const row = await tx.networkEvent.findUniqueOrThrow({ where: { id: created.id }, include: eventInclude });
      return { event: eventRecord(row), planned };
    }, TX);
  }

  async getEvent(id: string) {
    const row = await this.prisma.networkEvent.findUnique({ where: { id }, include: eventInclude });
    return row ? eventRecord(row) : null;
  }

  async listEvents(districtId: string, from: Date | null) {
    const rows = await this.prisma.networkEvent.findMany({
      where: { districtId, ...(from ? { startsAt: { gte: from } } : {}) },
      include: eventInclude,
      orderBy: { startsAt: "asc" },
    });
    return rows.map(eventRecord);
  }

  async upcomingEvents(districtIds: readonly string[], from: Date, limit: number) {
    const rows = await this.prisma.networkEvent.findMany({
      where: { districtId: { in: [...districtIds] }, announcedAt: { not: null }, cancelledAt: null, startsAt: { gte: from } },
      include: eventInclude,
      orderBy: { startsAt: "asc" },
      take: limit,
    });
    return rows.map(eventRecord);
  }

  async requestersOf(eventId: string) {
    const rows = await this.prisma.seminarRequest.findMany({ where: { eventId, state: "planned" }, select: { personId: true }, distinct: ["personId"] });
    return rows.map((row) => row.personId);
  }

  async announce(eventId: string, at: Date, messages: OutboxMessage[]) {
    return this.prisma.$transaction(async (tx) => {
      const turned = await tx.networkEvent.updateMany({ where: { id: eventId, announcedAt: null, cancelledAt: null }, data: { announcedAt: at } });
      if (turned.count === 0) return { announced: false, enqueued: 0 };
      const result = messages.length ? await tx.outbox.createMany({ data: messages.map(outboxRow), skipDuplicates: true }) : { count: 0 };
      return { announced: true, enqueued: result.count };
    }, TX);
  }

  async register(eventId: string, personId: string, at: Date): Promise<RegisterOutcome> {
    return this.prisma.$transaction(async (tx) => {
      // The row lock makes simultaneous presses count one after the other against the capacity.
      await tx.$queryRaw`SELECT "id" FROM "NetworkEvent" WHERE "id" = ${eventId} FOR UPDATE`;
      const event = await tx.networkEvent.findUnique({ where: { id: eventId } });
      if (!event || event.cancelledAt || !event.announcedAt || (event.endsAt ?? event.startsAt) < at) return "closed";
      const existing = await tx.eventRegistration.findUnique({ where: { eventId_personId: { eventId, personId } } });
      if (existing && !existing.cancelledAt) return "already";
      if (event.capacity !== null) {
        const taken = await tx.eventRegistration.count({ where: { eventId, cancelledAt: null } });
        if (taken >= event.capacity) return "full";
      }
      await tx.eventRegistration.upsert({
        where: { eventId_personId: { eventId, personId } },
        create: { eventId, personId, registeredAt: at },
        update: { cancelledAt: null, registeredAt: at },
      });
      return "registered";
    }, TX);
  }

  async cancelRegistration(eventId: string, personId: string, at: Date) {
    const result = await this.prisma.eventRegistration.updateMany({ where: { eventId, personId, cancelledAt: null }, data: { cancelledAt: at } });
    return result.count > 0;
  }

  async registrations(eventId: string): Promise<RegistrationRecord[]> {
    const rows = await this.prisma.eventRegistration.findMany({
      where: { eventId },
      include: { person: { select: { displayName: true } } },
      orderBy: { registeredAt: "asc" },
    });
    return rows.map((row) => ({ personId: row.personId, displayName: row.person.displayName, registeredAt: row.registeredAt, cancelledAt: row.cancelledAt, attended: row.attended }));
  }

  async myRegistrations(personId: string, from: Date) {
    const rows = await this.prisma.networkEvent.findMany({
      where: {
        registrations: { some: { personId, cancelledAt: null } },
        OR: [{ endsAt: { gte: from } }, { endsAt: null, startsAt: { gte: new Date(from.getTime() - 3_600_000) } }],
      },
      include: eventInclude,
      orderBy: { startsAt: "asc" },
    });
    return rows.map(eventRecord);
  }

  async registeredAmong(personId: string, eventIds: readonly string[]) {
    if (!eventIds.length) return new Set<string>();
    const rows = await this.prisma.eventRegistration.findMany({ where: { personId, eventId: { in: [...eventIds] }, cancelledAt: null }, select: { eventId: true } });
    return new Set(rows.map((row) => row.eventId));
  }

  async markAttendance(eventId: string, personId: string, attended: boolean | null, at: Date) {
    const result = await this.prisma.eventRegistration.updateMany({ where: { eventId, personId }, data: { attended, markedAt: attended === null ? null : at } });
    return result.count > 0;
  }

  async addMaterial(eventId: string, material: Material, messages: (index: number) => OutboxMessage[]) {
    return this.prisma.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT "id" FROM "NetworkEvent" WHERE "id" = ${eventId} FOR UPDATE`;
      const event = await tx.networkEvent.findUniqueOrThrow({ where: { id: eventId } });
      const materials = [...parseMaterials(event.materials), material];
      await tx.networkEvent.update({ where: { id: eventId }, data: { materials: materials as object[] } });
      const index = materials.length - 1;
      const rows = messages(index);
      if (rows.length) await tx.outbox.createMany({ data: rows.map(outboxRow), skipDuplicates: true });
      return index;
    }, TX);
  }

  async eventsStartingBetween(from: Date, to: Date) {
    const rows = await this.prisma.networkEvent.findMany({
      where: { announcedAt: { not: null }, cancelledAt: null, startsAt: { gte: from, lt: to } },
      include: { ...eventInclude, registrations: { where: { cancelledAt: null }, select: { personId: true } } },
      orderBy: { startsAt: "asc" },
    });
    return rows.map((row) => ({ event: eventRecord(row), personIds: row.registrations.map((registration) => registration.personId) }));
  }
}
