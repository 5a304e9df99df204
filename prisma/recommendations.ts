// Addressed recommendations (#14 §1): prisma side of core/services/recommendations-ports.ts.
import type { Addressee, RecommendationForm, RecommendationState } from "../core/management/recommendation-rules.ts";
import type {
  NewRecommendation,
  RecommendationFilter,
  RecommendationPatch,
  RecommendationRecord,
  RecommendationsRepository,
  StoredBasis,
  StoredRuleSet,
} from "../core/services/recommendations-ports.ts";
import type { LibraryKind } from "../core/services/library-rules.ts";
import type { PrismaClient } from "./db.ts";

const include = {
  school: { select: { name: true } },
  events: {
    orderBy: { position: "asc" },
    select: { id: true, number: true, title: true, dueOn: true, state: true, doneAt: true, roadmapId: true, roadmap: { select: { schoolId: true, schoolYear: true } } },
  },
} as const;

export class PrismaRecommendationsRepository implements RecommendationsRepository {
  constructor(readonly prisma: PrismaClient) {}

  async ruleSets(districtId: string): Promise<StoredRuleSet[]> {
    const rows = await this.prisma.recommendationRuleSet.findMany({ where: { districtId }, orderBy: { version: "desc" } });
    return rows.map((row) => ({ version: row.version, rules: row.rules, note: row.note, createdById: row.createdById, createdAt: row.createdAt }));
  }

  async addRuleSet(input: { districtId: string; version: number; rules: unknown; note: string; createdById: string | null; at: Date }): Promise<boolean> {
    try {
      await this.prisma.recommendationRuleSet.create({
        data: { districtId: input.districtId, version: input.version, rules: input.rules as object, note: input.note, createdById: input.createdById, createdAt: input.at },
      });
      return true;
    } catch (error) {
      if ((error as { code?: string }).code === "P2002") return false;
      throw error;
    }
  }

  async ruleKeysSince(schoolId: string, since: Date): Promise<Set<string>> {
    const rows = await this.prisma.recommendation.findMany({ where: { schoolId, createdAt: { gte: since }, ruleKey: { not: null } }, select: { ruleKey: true } });
    return new Set(rows.map((row) => row.ruleKey!));
  }

  async create(rows: readonly NewRecommendation[]): Promise<string[]> {
    return this.prisma.$transaction(async (tx) => {
      const ids: string[] = [];
      for (const row of rows) {
        const created = await tx.recommendation.create({ data: { ...row, basis: row.basis as object }, select: { id: true } });
        ids.push(created.id);
      }
      return ids;
    });
  }

  async get(id: string): Promise<RecommendationRecord | null> {
    const row = await this.prisma.recommendation.findUnique({ where: { id }, include });
    return row ? (await this.records([row]))[0]! : null;
  }

  async list(districtId: string, filter: RecommendationFilter = {}): Promise<RecommendationRecord[]> {
    const rows = await this.prisma.recommendation.findMany({
      where: {
        districtId,
        ...(filter.schoolId ? { schoolId: filter.schoolId } : {}),
        ...(filter.states ? { state: { in: [...filter.states] } } : {}),
        ...(filter.ids ? { id: { in: [...filter.ids] } } : {}),
        ...(filter.addressees ? { addressee: { in: [...filter.addressees] } } : {}),
      },
      orderBy: [{ createdAt: "desc" }, { id: "asc" }],
      include,
    });
    return this.records(rows);
  }

  async update(id: string, patch: RecommendationPatch, fromStates?: readonly RecommendationState[]): Promise<boolean> {
    const { basis, ...rest } = patch;
    const { count } = await this.prisma.recommendation.updateMany({
      where: { id, ...(fromStates ? { state: { in: [...fromStates] } } : {}) },
      data: { ...rest, ...(basis !== undefined ? { basis: basis as object } : {}) },
    });
    return count > 0;
  }

  private async records(rows: Array<Awaited<ReturnType<typeof this.fetchOne>>>): Promise<RecommendationRecord[]> {
    const personIds = [...new Set(rows.flatMap((row) => [row!.issuedById, row!.acknowledgedById]).filter((value): value is string => Boolean(value)))];
    const curatorIds = [...new Set(rows.map((row) => row!.curatorSchoolId).filter((value): value is string => Boolean(value)))];
    const libraryIds = [...new Set(rows.map((row) => row!.libraryItemId).filter((value): value is string => Boolean(value)))];
    const [people, curators, library] = await Promise.all([
      personIds.length ? this.prisma.person.findMany({ where: { id: { in: personIds } }, select: { id: true, displayName: true } }) : [],
      curatorIds.length ? this.prisma.school.findMany({ where: { id: { in: curatorIds } }, select: { id: true, name: true } }) : [],
      libraryIds.length
        ? this.prisma.libraryItem.findMany({ where: { id: { in: libraryIds } }, select: { id: true, districtId: true, kind: true, title: true, url: true, fileKey: true, archivedAt: true } })
        : [],
    ]);
    const links = new Map(
      library.map((item) => [
        item.id,
        { id: item.id, districtId: item.districtId, kind: item.kind as LibraryKind, title: item.title, url: item.url, hasFile: item.fileKey !== null, archived: item.archivedAt !== null },
      ]),
    );
    const names = new Map(people.map((person) => [person.id, person.displayName]));
    const schools = new Map(curators.map((school) => [school.id, school.name]));
    return rows.map((row) => {
      const r = row!;
      return {
        id: r.id,
        districtId: r.districtId,
        schoolId: r.schoolId,
        schoolName: r.school?.name ?? null,
        addressee: r.addressee as Addressee,
        curatorSchoolId: r.curatorSchoolId,
        curatorSchoolName: r.curatorSchoolId ? (schools.get(r.curatorSchoolId) ?? null) : null,
        form: r.form as RecommendationForm,
        title: r.title,
        text: r.text,
        basis: (r.basis as StoredBasis | null) ?? null,
        ruleKey: r.ruleKey,
        ruleSetVersion: r.ruleSetVersion,
        state: r.state as RecommendationState,
        dueOn: r.dueOn,
        issuedById: r.issuedById,
        issuedByName: r.issuedById ? (names.get(r.issuedById) ?? null) : null,
        sentAt: r.sentAt,
        acknowledgedAt: r.acknowledgedAt,
        acknowledgedById: r.acknowledgedById,
        acknowledgedByName: r.acknowledgedById ? (names.get(r.acknowledgedById) ?? null) : null,
        doneAt: r.doneAt,
        createdAt: r.createdAt,
        libraryItemId: r.libraryItemId,
        libraryItem: r.libraryItemId ? (links.get(r.libraryItemId) ?? null) : null,
        events: r.events.map((event) => ({
          id: event.id,
          number: event.number,
          title: event.title,
          dueOn: event.dueOn,
          state: event.state,
          doneAt: event.doneAt,
          roadmapId: event.roadmapId,
          schoolId: event.roadmap.schoolId,
          schoolYear: event.roadmap.schoolYear,
        })),
      };
    });
  }

  private fetchOne(id: string) {
    return this.prisma.recommendation.findUnique({ where: { id }, include });
  }
}
