// Roadmaps (#14): prisma side of core/services/roadmaps-ports.ts.
import type { EventInput, RoadmapKey, RoadmapsRepository } from "../core/services/roadmaps-ports.ts";
import type { PrismaClient } from "./db.ts";

type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

const scopeKeyOf = (key: RoadmapKey) => key.schoolId ?? "district";

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
}
