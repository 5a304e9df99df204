// The school-level indicators' reads (core/services/indicators-ports.ts SchoolIndicatorData): the
// newest identification run of each year, official lists, roadmaps with their events, sent
// recommendations and management teams' routes of one district.
import type { ListKind } from "../core/identification/types.ts";
import type { SchoolIndicatorData } from "../core/services/indicators-ports.ts";
import type { PrismaClient } from "./db.ts";
import { unpackOutput } from "./identification.ts";

export async function schoolIndicatorData(prisma: PrismaClient, districtId: string): Promise<SchoolIndicatorData> {
  const [runHeads, lists, roadmaps, recommendations, teamRoutes] = await Promise.all([
    prisma.identificationRun.findMany({ where: { districtId }, orderBy: [{ year: "asc" }, { createdAt: "desc" }, { id: "desc" }], select: { id: true, year: true } }),
    prisma.officialList.findMany({ where: { districtId }, select: { year: true, kind: true, schools: { select: { schoolId: true } } } }),
    prisma.roadmap.findMany({
      where: { districtId },
      select: { schoolId: true, schoolYear: true, approvalRef: true, events: { select: { state: true, dueOn: true, doneAt: true } } },
    }),
    prisma.recommendation.findMany({ where: { districtId, sentAt: { not: null } }, select: { schoolId: true, state: true, sentAt: true } }),
    prisma.learningRoute.findMany({ where: { districtId, kind: "team", schoolId: { not: null } }, select: { schoolId: true, year: true } }),
  ]);
  // One run per year (the newest); its output is read one at a time (it can be large).
  const newest = new Map<number, string>();
  for (const head of runHeads) if (!newest.has(head.year)) newest.set(head.year, head.id);
  const runs: SchoolIndicatorData["runs"] = [];
  for (const [year, id] of newest) {
    const row = await prisma.identificationRun.findUnique({ where: { id }, select: { output: true } });
    if (!row) continue;
    const output = unpackOutput(row.output);
    runs.push({ year, schools: output.schools.map((school) => ({ schoolId: school.schoolId, shnor: school.shnor, shnsu: school.shnsu, dynamics: school.dynamics })) });
  }
  return {
    runs,
    officialLists: lists.map((list) => ({ year: list.year, kind: list.kind as ListKind, schoolIds: list.schools.map((school) => school.schoolId) })),
    roadmaps,
    recommendations: recommendations.map((item) => ({ schoolId: item.schoolId, state: item.state, sentAt: item.sentAt! })),
    teamRoutes: teamRoutes.map((route) => ({ schoolId: route.schoolId!, year: route.year })),
  };
}
