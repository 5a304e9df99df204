// Routes (ИОМ), the course catalog and teacher attributes over Prisma (core/services/routes-ports.ts).
import { InstrumentSchema } from "../core/instruments/schema.ts";
import {
  TEACHER_CATEGORIES,
  type AttributedDiagnostic,
  type CompletedDiagnostic,
  type CourseInput,
  type CourseRecord,
  type RouteItemKind,
  type RouteKind,
  type RouteRecord,
  type RoutesRepository,
  type TeacherAttributesRecord,
  type TeacherCategory,
} from "../core/services/routes-ports.ts";
import type { PrismaClient } from "./db.ts";

type CourseRow = {
  id: string;
  districtId: string;
  title: string;
  provider: string;
  hours: number | null;
  areas: string[];
  startsOn: Date | null;
  endsOn: Date | null;
  url: string | null;
  importedAt: Date;
};

const toCourse = (row: CourseRow): CourseRecord => ({
  id: row.id,
  districtId: row.districtId,
  title: row.title,
  provider: row.provider,
  hours: row.hours,
  areas: row.areas,
  startsOn: row.startsOn,
  endsOn: row.endsOn,
  url: row.url,
  importedAt: row.importedAt,
});

// The certificate bytes are never read with a route: only whether there are any.
const itemSelect = {
  id: true,
  position: true,
  kind: true,
  courseId: true,
  title: true,
  areaId: true,
  note: true,
  doneAt: true,
  certificateUrl: true,
  certificateName: true,
  course: true,
  libraryItemId: true,
} as const;

const routeInclude = { items: { select: itemSelect, orderBy: { position: "asc" } } } as const;

type RouteRow = {
  id: string;
  districtId: string;
  kind: string;
  personId: string | null;
  schoolId: string | null;
  year: number;
  basedOnResponseId: string | null;
  approvedAt: Date | null;
  approvalRef: string | null;
  createdAt: Date;
  updatedAt: Date;
  items: Array<{
    id: string;
    position: number;
    kind: string;
    courseId: string | null;
    title: string;
    areaId: string | null;
    note: string | null;
    doneAt: Date | null;
    certificateUrl: string | null;
    certificateName: string | null;
    course: CourseRow | null;
    libraryItemId: string | null;
  }>;
};

function toRoute(row: RouteRow, withFiles: Set<string>): RouteRecord {
  return {
    id: row.id,
    districtId: row.districtId,
    kind: row.kind as RouteKind,
    personId: row.personId,
    schoolId: row.schoolId,
    year: row.year,
    basedOnResponseId: row.basedOnResponseId,
    approvedAt: row.approvedAt,
    approvalRef: row.approvalRef,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    items: row.items.map((item) => ({
      id: item.id,
      position: item.position,
      kind: item.kind as RouteItemKind,
      courseId: item.courseId,
      title: item.title,
      areaId: item.areaId,
      note: item.note,
      doneAt: item.doneAt,
      certificateUrl: item.certificateUrl,
      certificateName: item.certificateName,
      hasCertificateFile: withFiles.has(item.id),
      course: item.course ? toCourse(item.course) : null,
      libraryItemId: item.libraryItemId,
    })),
  };
}

const courseKey = (course: { title: string; provider: string }) => `${course.title.trim().toLowerCase()}\u0000${course.provider.trim().toLowerCase()}`;

const instrumentCache = new Map<string, ReturnType<typeof InstrumentSchema.parse>>();

export class PrismaRoutesRepository implements RoutesRepository {
  constructor(private readonly prisma: PrismaClient) {}

  private async routes(where: object): Promise<RouteRecord[]> {
    const rows = (await this.prisma.learningRoute.findMany({ where, include: routeInclude, orderBy: { createdAt: "asc" } })) as RouteRow[];
    const itemIds = rows.flatMap((row) => row.items.map((item) => item.id));
    const withFiles = itemIds.length
      ? new Set(
          (await this.prisma.routeItem.findMany({ where: { id: { in: itemIds }, certificate: { not: null } }, select: { id: true } })).map((row) => row.id),
        )
      : new Set<string>();
    return rows.map((row) => toRoute(row, withFiles));
  }

  async replaceCatalog(districtId: string, courses: CourseInput[], at: Date) {
    return this.prisma.$transaction(async (tx) => {
      const existing = await tx.course.findMany({ where: { districtId }, select: { id: true, title: true, provider: true } });
      const byKey = new Map(existing.map((row) => [courseKey(row), row.id]));
      const kept = new Set<string>();
      let created = 0;
      let updated = 0;
      for (const course of courses) {
        const data = { ...course, importedAt: at };
        const id = byKey.get(courseKey(course));
        if (id && !kept.has(id)) {
          kept.add(id);
          await tx.course.update({ where: { id }, data });
          updated++;
        } else {
          await tx.course.create({ data: { ...data, districtId } });
          created++;
        }
      }
      const stale = existing.filter((row) => !kept.has(row.id)).map((row) => row.id);
      if (stale.length) await tx.course.deleteMany({ where: { id: { in: stale } } });
      return { created, updated, removed: stale.length };
    });
  }

  async listCourses(districtId: string) {
    const rows = await this.prisma.course.findMany({ where: { districtId }, orderBy: [{ startsOn: "asc" }, { title: "asc" }] });
    return rows.map(toCourse);
  }

  async completedDiagnostics(personId: string, districtId: string, instrumentKey: string): Promise<CompletedDiagnostic[]> {
    const rows = await this.prisma.response.findMany({
      where: { personId, completedAt: { not: null }, campaign: { districtId, baseline: false, instrument: { key: instrumentKey } } },
      orderBy: { completedAt: "asc" },
      select: {
        id: true,
        completedAt: true,
        campaign: { select: { id: true, title: true, instrument: { select: { id: true, definition: true } } } },
        answers: { select: { questionId: true, value: true } },
      },
    });
    return rows.map((row) => ({
      responseId: row.id,
      campaignId: row.campaign.id,
      campaignTitle: row.campaign.title,
      completedAt: row.completedAt!,
      instrument: this.instrument(row.campaign.instrument),
      answers: new Map(row.answers.filter((answer) => answer.value !== null).map((answer) => [answer.questionId, answer.value!])),
    }));
  }

  private instrument(row: { id: string; definition: unknown }) {
    let parsed = instrumentCache.get(row.id);
    if (!parsed) instrumentCache.set(row.id, (parsed = InstrumentSchema.parse(row.definition)));
    return parsed;
  }

  async teacherRoute(personId: string) {
    const rows = await this.routes({ personId, kind: "teacher" });
    return rows.at(-1) ?? null;
  }

  async teamRoute(schoolId: string, year: number) {
    const rows = await this.routes({ schoolId, kind: "team", year });
    return rows.at(-1) ?? null;
  }

  teamRoutes(districtId: string, year: number) {
    return this.routes({ districtId, kind: "team", year });
  }

  async getRoute(routeId: string) {
    return (await this.routes({ id: routeId }))[0] ?? null;
  }

  async saveRoute(input: Parameters<RoutesRepository["saveRoute"]>[0]) {
    const id = await this.prisma.$transaction(async (tx) => {
      const header = {
        districtId: input.districtId,
        kind: input.kind,
        personId: input.personId,
        schoolId: input.schoolId,
        year: input.year,
        basedOnResponseId: input.basedOnResponseId,
        approvedAt: null,
        approvalRef: null,
      };
      // One route per teacher (per school and year for a team): two first opens at once must not make two.
      const owner = input.kind === "teacher" ? `route:${input.personId}` : `route:${input.schoolId}:${input.year}`;
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${owner}))`;
      const existing =
        input.routeId ??
        (
          await tx.learningRoute.findFirst({
            where: input.kind === "teacher" ? { kind: "teacher", personId: input.personId } : { kind: "team", schoolId: input.schoolId, year: input.year },
            orderBy: { createdAt: "desc" },
            select: { id: true },
          })
        )?.id;
      const route = existing
        ? await tx.learningRoute.update({ where: { id: existing }, data: header })
        : await tx.learningRoute.create({ data: header });
      const done = await tx.routeItem.findMany({
        where: { routeId: route.id, doneAt: { not: null } },
        orderBy: { position: "asc" },
        select: { id: true, kind: true, courseId: true, title: true },
      });
      await tx.routeItem.deleteMany({ where: { routeId: route.id, doneAt: null } });
      for (const [index, item] of done.entries()) await tx.routeItem.update({ where: { id: item.id }, data: { position: index } });
      // An item done before is not offered again.
      const doneKeys = new Set(done.map((item) => `${item.kind}|${item.courseId ?? item.title}`));
      const fresh = input.items.filter((item) => !doneKeys.has(`${item.kind}|${item.courseId ?? item.title}`));
      if (fresh.length) {
        await tx.routeItem.createMany({
          data: fresh.map((item, index) => ({ ...item, routeId: route.id, position: done.length + index })),
        });
      }
      return route.id;
    });
    return (await this.getRoute(id))!;
  }

  async markItemDone(itemId: string, input: Parameters<RoutesRepository["markItemDone"]>[1]) {
    const item = await this.prisma.routeItem.findUnique({ where: { id: itemId }, select: { doneAt: true } });
    if (!item) return;
    await this.prisma.$transaction(async (tx) => {
      await tx.routeItem.update({
        where: { id: itemId },
        data: {
          doneAt: item.doneAt ?? input.at,
          ...(input.certificateUrl !== undefined ? { certificateUrl: input.certificateUrl } : {}),
          ...(input.certificateName !== undefined ? { certificateName: input.certificateName } : {}),
          ...(input.certificate === null ? { certificate: null } : {}),
        },
      });
      // The file goes as base64 through SQL: PGlite's driver adapter refuses Prisma's bytes parameter.
      if (input.certificate) {
        const base64 = Buffer.from(input.certificate.buffer, input.certificate.byteOffset, input.certificate.byteLength).toString("base64");
        await tx.$executeRaw`UPDATE "RouteItem" SET "certificate" = decode(${base64}, 'base64') WHERE "id" = ${itemId}`;
      }
    });
  }

  async undoItem(itemId: string) {
    await this.prisma.routeItem.update({
      where: { id: itemId },
      data: { doneAt: null, certificateUrl: null, certificateName: null, certificate: null },
    });
  }

  async certificateFile(itemId: string) {
    const rows = await this.prisma.$queryRaw<Array<{ name: string | null; data: string | null }>>`
      SELECT "certificateName" AS "name", encode("certificate", 'base64') AS "data" FROM "RouteItem" WHERE "id" = ${itemId}`;
    const row = rows[0];
    if (!row?.data) return null;
    return { name: row.name ?? "certificate", content: new Uint8Array(Buffer.from(row.data, "base64")) };
  }

  async approveRoute(routeId: string, approvalRef: string, at: Date) {
    await this.prisma.learningRoute.update({ where: { id: routeId }, data: { approvalRef, approvedAt: at } });
  }

  async getAttributes(personId: string): Promise<TeacherAttributesRecord | null> {
    const row = await this.prisma.teacherAttributes.findUnique({ where: { personId } });
    return row ? toAttributes(row) : null;
  }

  async setAttributes(personId: string, attributes: TeacherAttributesRecord) {
    await this.prisma.teacherAttributes.upsert({ where: { personId }, create: { personId, ...attributes }, update: attributes });
  }

  async schoolMentors(schoolId: string) {
    const rows = await this.prisma.membership.findMany({
      where: { schoolId, role: "mentor", active: true },
      orderBy: { createdAt: "asc" },
      select: { personId: true, person: { select: { displayName: true } } },
    });
    const seen = new Set<string>();
    return rows
      .filter((row) => !seen.has(row.personId) && seen.add(row.personId))
      .map((row) => ({ personId: row.personId, displayName: row.person.displayName }));
  }

  async diagnosticsWithAttributes(campaignId: string): Promise<AttributedDiagnostic[]> {
    const rows = await this.prisma.response.findMany({
      where: { campaignId, completedAt: { not: null }, personId: { not: null }, schools: { some: {} } },
      select: {
        id: true,
        answers: { select: { questionId: true, value: true } },
        person: { select: { teacherAttributes: true } },
      },
      orderBy: { id: "asc" },
    });
    return rows.map((row) => ({
      responseId: row.id,
      answers: new Map(row.answers.filter((answer) => answer.value !== null).map((answer) => [answer.questionId, answer.value!])),
      attributes: row.person?.teacherAttributes ? toAttributes(row.person.teacherAttributes) : null,
    }));
  }
}

function toAttributes(row: { serviceYears: number | null; category: string | null; young: boolean | null; newlyArrived: boolean | null }): TeacherAttributesRecord {
  return {
    serviceYears: row.serviceYears,
    category: (TEACHER_CATEGORIES as readonly string[]).includes(row.category ?? "") ? (row.category as TeacherCategory) : null,
    young: row.young,
    newlyArrived: row.newlyArrived,
  };
}
