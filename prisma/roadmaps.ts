// Roadmaps (#14): prisma side of core/services/roadmaps-ports.ts.
import {
  EVENT_STATES,
  OPEN_STATES,
  type EventInContext,
  type EventInput,
  type EventLogRecord,
  type EventPatch,
  type EventRecord,
  type EventState,
  type NewEvidence,
  type RoadmapKey,
  type RoadmapRecord,
  type RoadmapSection,
  type RoadmapsRepository,
  type RoadmapSummary,
  type StateChange,
} from "../core/services/roadmaps-ports.ts";
import type { PrismaClient } from "./db.ts";

type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

const scopeKeyOf = (key: RoadmapKey) => key.schoolId ?? "district";

const EVENT_INCLUDE = {
  executors: { include: { person: { select: { displayName: true } } } },
  evidence: { orderBy: { createdAt: "asc" as const } },
};
const CONTEXT_INCLUDE = {
  ...EVENT_INCLUDE,
  roadmap: { select: { title: true, districtId: true, schoolId: true, district: { select: { name: true, timezone: true } }, school: { select: { name: true } } } },
};

type EventRow = {
  id: string;
  roadmapId: string;
  section: string;
  number: string;
  position: number;
  title: string;
  dueOn: Date;
  indicator: string | null;
  resultDocument: string | null;
  executorsText: string | null;
  state: string;
  recommendationId: string | null;
  doneAt: Date | null;
  escalatedAt: Date | null;
  helpRequestedAt: Date | null;
  executors: Array<{ personId: string; person: { displayName: string | null } }>;
  evidence: Array<{ id: string; url: string | null; fileKey: string | null; fileName: string | null; mimeType: string | null; size: number | null; addedById: string | null; createdAt: Date }>;
};

function eventOf(row: EventRow): EventRecord {
  return {
    id: row.id,
    roadmapId: row.roadmapId,
    section: row.section as RoadmapSection,
    number: row.number,
    position: row.position,
    title: row.title,
    dueOn: row.dueOn,
    indicator: row.indicator,
    resultDocument: row.resultDocument,
    executorsText: row.executorsText,
    state: row.state as EventState,
    recommendationId: row.recommendationId,
    doneAt: row.doneAt,
    escalatedAt: row.escalatedAt,
    helpRequestedAt: row.helpRequestedAt,
    executors: row.executors
      .map((executor) => ({ personId: executor.personId, displayName: executor.person.displayName }))
      .sort((a, b) => (a.displayName ?? "").localeCompare(b.displayName ?? "", "ru")),
    evidence: row.evidence.map((evidence) => ({ ...evidence })),
  };
}

type ContextRow = EventRow & {
  roadmap: { title: string; districtId: string; schoolId: string | null; district: { name: string; timezone: string }; school: { name: string } | null };
};

const inContext = (row: ContextRow): EventInContext => ({
  ...eventOf(row),
  districtId: row.roadmap.districtId,
  districtName: row.roadmap.district.name,
  timezone: row.roadmap.district.timezone,
  schoolId: row.roadmap.schoolId,
  schoolName: row.roadmap.school?.name ?? null,
  roadmapTitle: row.roadmap.title,
});

/** The next free number of a section: "<section index>.<n + 1>" after the largest n used there. */
async function nextNumber(tx: Tx, roadmapId: string, section: string): Promise<{ number: string; position: number }> {
  const [inSection, last] = await Promise.all([
    tx.roadmapEvent.findMany({ where: { roadmapId, section }, select: { number: true } }),
    tx.roadmapEvent.findFirst({ where: { roadmapId }, orderBy: { position: "desc" }, select: { position: true } }),
  ]);
  const sectionIndex = ["org_managerial", "org_technological", "methodical", "analytical"].indexOf(section) + 1;
  const used = inSection.map((event) => Number(event.number.split(".")[1] ?? 0)).filter(Number.isFinite);
  return { number: `${sectionIndex}.${Math.max(0, ...used) + 1}`, position: (last?.position ?? 0) + 1 };
}

async function insertEvent(tx: Tx, roadmapId: string, event: EventInput, byPersonId: string | null): Promise<string> {
  const next = await nextNumber(tx, roadmapId, event.section);
  const row = await tx.roadmapEvent.create({
    data: {
      roadmapId,
      section: event.section,
      number: event.number ?? next.number,
      position: next.position,
      title: event.title,
      dueOn: event.dueOn,
      indicator: event.indicator ?? null,
      resultDocument: event.resultDocument ?? null,
      executorsText: event.executorsText ?? null,
      recommendationId: event.recommendationId ?? null,
      atRiskCategory: event.atRiskCategory ?? null,
      executors: event.executorIds?.length ? { create: [...new Set(event.executorIds)].map((personId) => ({ personId })) } : undefined,
      log: { create: { action: "created", personId: byPersonId } },
    },
    select: { id: true },
  });
  return row.id;
}

export class PrismaRoadmapsRepository implements RoadmapsRepository {
  constructor(readonly prisma: PrismaClient) {}

  async ensureRoadmap(key: RoadmapKey, init: { title: string; templateKey: string | null; events: readonly EventInput[] }) {
    const where = { districtId_scopeKey_schoolYear: { districtId: key.districtId, scopeKey: scopeKeyOf(key), schoolYear: key.schoolYear } };
    const found = await this.prisma.roadmap.findUnique({ where, select: { id: true } });
    if (found) return { id: found.id, created: false };
    try {
      return await this.prisma.$transaction(async (tx) => {
        const roadmap = await tx.roadmap.create({
          data: { districtId: key.districtId, schoolId: key.schoolId, scopeKey: scopeKeyOf(key), schoolYear: key.schoolYear, title: init.title, templateKey: init.templateKey },
          select: { id: true },
        });
        for (const event of init.events) await insertEvent(tx, roadmap.id, event, null);
        return { id: roadmap.id, created: true };
      });
    } catch (error) {
      // Two first readers at once: the other one created it.
      const again = await this.prisma.roadmap.findUnique({ where, select: { id: true } });
      if (again) return { id: again.id, created: false };
      throw error;
    }
  }

  addEvent(roadmapId: string, event: EventInput, byPersonId: string | null): Promise<string> {
    return this.prisma.$transaction((tx) => insertEvent(tx, roadmapId, event, byPersonId));
  }

  // ---- reads ----

  async listRoadmaps(districtId: string, schoolYear: string): Promise<RoadmapSummary[]> {
    const roadmaps = await this.prisma.roadmap.findMany({ where: { districtId, schoolYear }, orderBy: { createdAt: "asc" } });
    if (!roadmaps.length) return [];
    const grouped = await this.prisma.roadmapEvent.groupBy({ by: ["roadmapId", "state"], where: { roadmapId: { in: roadmaps.map((r) => r.id) } }, _count: { _all: true } });
    return roadmaps.map((roadmap) => {
      const counts = Object.fromEntries(EVENT_STATES.map((state) => [state, 0])) as Record<EventState, number>;
      for (const row of grouped) if (row.roadmapId === roadmap.id && row.state in counts) counts[row.state as EventState] = row._count._all;
      return { id: roadmap.id, districtId: roadmap.districtId, schoolId: roadmap.schoolId, schoolYear: roadmap.schoolYear, title: roadmap.title, templateKey: roadmap.templateKey, approvalRef: roadmap.approvalRef, counts };
    });
  }

  private async roadmapWith(where: { id: string } | { districtId_scopeKey_schoolYear: { districtId: string; scopeKey: string; schoolYear: string } }): Promise<RoadmapRecord | null> {
    const roadmap = await this.prisma.roadmap.findUnique({ where, include: { events: { orderBy: [{ position: "asc" }], include: EVENT_INCLUDE } } });
    if (!roadmap) return null;
    return {
      id: roadmap.id,
      districtId: roadmap.districtId,
      schoolId: roadmap.schoolId,
      schoolYear: roadmap.schoolYear,
      title: roadmap.title,
      templateKey: roadmap.templateKey,
      approvalRef: roadmap.approvalRef,
      events: roadmap.events.map(eventOf),
    };
  }

  findRoadmap(key: RoadmapKey) {
    return this.roadmapWith({ districtId_scopeKey_schoolYear: { districtId: key.districtId, scopeKey: scopeKeyOf(key), schoolYear: key.schoolYear } });
  }

  getRoadmap(roadmapId: string) {
    return this.roadmapWith({ id: roadmapId });
  }

  async getEvent(eventId: string): Promise<EventInContext | null> {
    const row = await this.prisma.roadmapEvent.findUnique({ where: { id: eventId }, include: CONTEXT_INCLUDE });
    return row ? inContext(row) : null;
  }

  async eventsOfExecutor(personId: string, states: readonly EventState[]): Promise<EventInContext[]> {
    const rows = await this.prisma.roadmapEvent.findMany({
      where: { state: { in: [...states] }, executors: { some: { personId } } },
      include: CONTEXT_INCLUDE,
      orderBy: [{ dueOn: "asc" }, { position: "asc" }],
    });
    return rows.map(inContext);
  }

  async openEventsDueBy(dueBy: Date): Promise<EventInContext[]> {
    const rows = await this.prisma.roadmapEvent.findMany({
      where: { state: { in: [...OPEN_STATES] }, dueOn: { lte: dueBy } },
      include: CONTEXT_INCLUDE,
      orderBy: [{ dueOn: "asc" }, { id: "asc" }],
    });
    return rows.map(inContext);
  }

  async getEvidence(evidenceId: string) {
    return this.prisma.eventEvidence.findUnique({ where: { id: evidenceId } });
  }

  async eventLog(eventId: string): Promise<EventLogRecord[]> {
    const rows = await this.prisma.eventLogEntry.findMany({ where: { eventId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
    const ids = [...new Set(rows.map((row) => row.personId).filter((id): id is string => id !== null))];
    const people = ids.length ? await this.prisma.person.findMany({ where: { id: { in: ids } }, select: { id: true, displayName: true } }) : [];
    const names = new Map(people.map((person) => [person.id, person.displayName]));
    return rows.map((row) => ({ id: row.id, personId: row.personId, personName: row.personId ? (names.get(row.personId) ?? null) : null, action: row.action, note: row.note, createdAt: row.createdAt }));
  }

  async latestStep(personId: string, actions: readonly string[]) {
    const row = await this.prisma.eventLogEntry.findFirst({
      where: { personId, action: { in: [...actions] } },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      select: { eventId: true, action: true, createdAt: true },
    });
    return row;
  }

  // ---- writes ----

  async updateEvent(eventId: string, patch: EventPatch, byPersonId: string | null, stateAfter?: { from: EventState; to: EventState } | null) {
    await this.prisma.$transaction(async (tx) => {
      const data: Record<string, unknown> = { ...patch };
      if (stateAfter) {
        const current = await tx.roadmapEvent.findUnique({ where: { id: eventId }, select: { state: true } });
        if (current?.state === stateAfter.from) data.state = stateAfter.to;
      }
      await tx.roadmapEvent.update({ where: { id: eventId }, data });
      await tx.eventLogEntry.create({ data: { eventId, personId: byPersonId, action: "edited", note: Object.keys(patch).join(",") || null } });
    });
  }

  async deleteEvent(eventId: string) {
    await this.prisma.roadmapEvent.deleteMany({ where: { id: eventId } });
  }

  async reorderEvents(roadmapId: string, eventIds: readonly string[]) {
    await this.prisma.$transaction(async (tx) => {
      const rows = await tx.roadmapEvent.findMany({ where: { roadmapId }, orderBy: { position: "asc" }, select: { id: true } });
      const known = new Set(rows.map((row) => row.id));
      const ordered = [...new Set(eventIds.filter((id) => known.has(id)))];
      for (const row of rows) if (!ordered.includes(row.id)) ordered.push(row.id);
      for (const [index, id] of ordered.entries()) await tx.roadmapEvent.update({ where: { id }, data: { position: index + 1 } });
    });
  }

  async setExecutors(eventId: string, personIds: readonly string[], byPersonId: string | null) {
    const unique = [...new Set(personIds)];
    await this.prisma.$transaction(async (tx) => {
      await tx.roadmapExecutor.deleteMany({ where: { eventId, personId: { notIn: unique } } });
      if (unique.length) await tx.roadmapExecutor.createMany({ data: unique.map((personId) => ({ eventId, personId })), skipDuplicates: true });
      await tx.eventLogEntry.create({ data: { eventId, personId: byPersonId, action: "executors", note: unique.join(",") || null } });
    });
  }

  async changeState(eventId: string, change: StateChange, byPersonId: string | null): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const data: Record<string, unknown> = { state: change.to };
      if (change.dueOn) data.dueOn = change.dueOn;
      if (change.doneAt !== undefined) data.doneAt = change.doneAt;
      const updated = await tx.roadmapEvent.updateMany({ where: { id: eventId, state: change.from }, data });
      if (updated.count === 0) return false;
      await tx.eventLogEntry.create({ data: { eventId, personId: byPersonId, action: change.action, note: change.note ?? null } });
      return true;
    });
  }

  async addEvidence(eventId: string, evidence: NewEvidence, byPersonId: string | null): Promise<string> {
    const row = await this.prisma.eventEvidence.create({
      data: {
        eventId,
        url: evidence.url ?? null,
        fileKey: evidence.file?.key ?? null,
        fileName: evidence.file?.name ?? null,
        mimeType: evidence.file?.mimeType ?? null,
        size: evidence.file?.size ?? null,
        addedById: byPersonId,
      },
      select: { id: true },
    });
    return row.id;
  }

  async appendLog(eventId: string, personId: string | null, action: string, note: string | null = null): Promise<string> {
    const row = await this.prisma.eventLogEntry.create({ data: { eventId, personId, action, note }, select: { id: true } });
    return row.id;
  }

  async markHelpRequested(eventId: string, at: Date) {
    await this.prisma.roadmapEvent.update({ where: { id: eventId }, data: { helpRequestedAt: at } });
  }

  async markEscalated(eventId: string, at: Date): Promise<boolean> {
    const updated = await this.prisma.roadmapEvent.updateMany({ where: { id: eventId, escalatedAt: null }, data: { escalatedAt: at } });
    return updated.count > 0;
  }
}
