// The indicators' reads (core/services/indicators-ports.ts): teachers, their completed diagnostics
// and their routes, for one district, in three queries.
import type { IndicatorData, IndicatorsRepository } from "../core/services/indicators-ports.ts";
import { InstrumentSchema, type Instrument } from "../core/instruments/schema.ts";
import type { PrismaClient } from "./db.ts";

export class PrismaIndicatorsRepository implements IndicatorsRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async indicatorData(districtId: string, instrumentKey: string): Promise<IndicatorData> {
    const [memberships, responses, routes] = await Promise.all([
      this.prisma.membership.findMany({
        where: { districtId, role: "teacher", active: true, schoolId: { not: null } },
        select: { personId: true, schoolId: true },
      }),
      this.prisma.response.findMany({
        where: {
          personId: { not: null },
          completedAt: { not: null },
          campaign: { districtId, baseline: false, instrument: { key: instrumentKey } },
        },
        orderBy: { completedAt: "asc" },
        select: {
          personId: true,
          completedAt: true,
          campaign: { select: { instrument: { select: { id: true, definition: true } } } },
          answers: { select: { questionId: true, kind: true, value: true } },
        },
      }),
      this.prisma.learningRoute.findMany({
        where: { districtId, kind: "teacher", personId: { not: null } },
        orderBy: { updatedAt: "asc" },
        select: { personId: true, createdAt: true, items: { select: { kind: true, doneAt: true } } },
      }),
    ]);
    const instruments = new Map<string, Instrument>();
    const instrumentOf = (row: { id: string; definition: unknown }) => {
      let instrument = instruments.get(row.id);
      if (!instrument) {
        instrument = InstrumentSchema.parse(row.definition);
        instruments.set(row.id, instrument);
      }
      return instrument;
    };
    // Every route, oldest first: the indicators take the latest one made before a year's end.
    const routeRows: IndicatorData["routes"] = routes.map((route) => {
      const courseDoneAt = route.items.filter((item) => item.kind === "course" && item.doneAt !== null).map((item) => item.doneAt!);
      return { personId: route.personId!, items: route.items.length, coursesDone: courseDoneAt.length, createdAt: route.createdAt, courseDoneAt };
    });
    return {
      teachers: memberships.map((membership) => ({ personId: membership.personId, schoolId: membership.schoolId! })),
      diagnostics: responses.map((response) => ({
        personId: response.personId!,
        completedAt: response.completedAt!,
        instrument: instrumentOf(response.campaign.instrument),
        answers: new Map(
          response.answers.filter((answer) => answer.kind === "int" && answer.value !== null).map((answer) => [answer.questionId, answer.value!]),
        ),
      })),
      routes: routeRows,
    };
  }
}
