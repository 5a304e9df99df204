// Prisma implementation of core/services/assignments-ports.ts (#15): assignments and school-curator
// pairs, each written together with the Membership rows of the access it gives, in one transaction.
import { assignmentOrigin, pairMembershipPlan, pairOrigin, type AssignmentKind } from "../core/network/assignments.ts";
import type {
  AssignmentRecord,
  AssignmentsRepository,
  AssignmentWrite,
  DistrictPerson,
  PairRecord,
  PairWrite,
} from "../core/services/assignments-ports.ts";
import type { PrismaClient } from "./db.ts";

type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

const assignmentInclude = {
  district: { select: { name: true, timezone: true } },
  school: { select: { name: true } },
  person: { select: { displayName: true } },
} as const;

const pairInclude = {
  district: { select: { name: true, timezone: true } },
  supportedSchool: { select: { name: true } },
  curatorSchool: { select: { name: true } },
} as const;

type AssignmentRow = Awaited<ReturnType<PrismaClient["assignment"]["findFirstOrThrow"]>> & {
  district: { name: string; timezone: string };
  school: { name: string };
  person: { displayName: string | null };
};
type PairRow = Awaited<ReturnType<PrismaClient["schoolPair"]["findFirstOrThrow"]>> & {
  district: { name: string; timezone: string };
  supportedSchool: { name: string };
  curatorSchool: { name: string };
};

const assignmentRecord = (row: AssignmentRow): AssignmentRecord => ({
  id: row.id,
  districtId: row.districtId,
  districtName: row.district.name,
  timezone: row.district.timezone,
  schoolId: row.schoolId,
  schoolName: row.school.name,
  personId: row.personId,
  personName: row.person.displayName,
  kind: row.kind as AssignmentKind,
  startsOn: row.startsOn,
  endsOn: row.endsOn,
  plannedVisits: row.plannedVisits,
  membershipId: row.membershipId,
  note: row.note,
  createdAt: row.createdAt,
  endedAt: row.endedAt,
});

const ORDER = [{ createdAt: "desc" as const }, { id: "desc" as const }];

export class PrismaAssignmentsRepository implements AssignmentsRepository {
  constructor(private readonly prisma: PrismaClient) {}

  // ---- assignments ----

  async listAssignments(districtId: string, filter: { schoolId?: string; personId?: string; includeEnded?: boolean }) {
    const rows = await this.prisma.assignment.findMany({
      where: {
        districtId,
        ...(filter.schoolId ? { schoolId: filter.schoolId } : {}),
        ...(filter.personId ? { personId: filter.personId } : {}),
        ...(filter.includeEnded ? {} : { endedAt: null }),
      },
      include: assignmentInclude,
      orderBy: ORDER,
    });
    return rows.map(assignmentRecord);
  }

  async getAssignment(id: string) {
    const row = await this.prisma.assignment.findUnique({ where: { id }, include: assignmentInclude });
    return row ? assignmentRecord(row) : null;
  }

  async createAssignment(input: AssignmentWrite, at: Date) {
    const id = await this.prisma.$transaction(async (tx) => {
      const running = await tx.assignment.findFirst({
        where: { personId: input.personId, schoolId: input.schoolId, kind: input.kind, endedAt: null },
        select: { id: true },
      });
      if (running) return null;
      const created = await tx.assignment.create({ data: { ...input, createdAt: at } });
      // An identical active membership (the person was invited to this school in this role) is reused.
      const existing = await tx.membership.findFirst({
        where: { personId: input.personId, role: input.kind, districtId: input.districtId, schoolId: input.schoolId, active: true },
        select: { id: true },
      });
      const membershipId =
        existing?.id ??
        (
          await tx.membership.create({
            data: { personId: input.personId, role: input.kind, districtId: input.districtId, schoolId: input.schoolId, origin: assignmentOrigin(created.id) },
            select: { id: true },
          })
        ).id;
      await tx.assignment.update({ where: { id: created.id }, data: { membershipId } });
      return created.id;
    });
    if (!id) return "duplicate" as const;
    return { assignment: (await this.getAssignment(id))! };
  }

  async endAssignment(id: string, at: Date, endsOn: Date | null) {
    return this.prisma.$transaction(async (tx) => {
      const ended = await tx.assignment.updateMany({ where: { id, endedAt: null }, data: { endedAt: at, ...(endsOn ? { endsOn } : {}) } });
      if (ended.count === 0) return false;
      // Exactly the membership this assignment made; a reused one (from an invite) stays.
      await tx.membership.updateMany({ where: { origin: assignmentOrigin(id), active: true }, data: { active: false, endedAt: at } });
      return true;
    });
  }

  async assignmentsEndingBefore(before: Date) {
    const rows = await this.prisma.assignment.findMany({ where: { endedAt: null, endsOn: { lt: before } }, include: assignmentInclude, orderBy: ORDER });
    return rows.map(assignmentRecord);
  }

  async assignmentsOfPerson(personId: string) {
    const rows = await this.prisma.assignment.findMany({ where: { personId, endedAt: null }, include: assignmentInclude, orderBy: ORDER });
    return rows.map(assignmentRecord);
  }

  async assignmentsAtSchools(schoolIds: readonly string[]) {
    if (!schoolIds.length) return [];
    const rows = await this.prisma.assignment.findMany({ where: { schoolId: { in: [...schoolIds] }, endedAt: null }, include: assignmentInclude, orderBy: ORDER });
    return rows.map(assignmentRecord);
  }

  // ---- pairs ----

  private async pairRecords(rows: PairRow[]): Promise<PairRecord[]> {
    if (!rows.length) return [];
    const memberships = await this.prisma.membership.findMany({
      where: { origin: { in: rows.map((row) => pairOrigin(row.id)) }, active: true },
      select: { origin: true, personId: true, person: { select: { displayName: true } } },
      orderBy: { createdAt: "asc" },
    });
    return rows.map((row) => ({
      id: row.id,
      districtId: row.districtId,
      districtName: row.district.name,
      timezone: row.district.timezone,
      supportedSchoolId: row.supportedSchoolId,
      supportedSchoolName: row.supportedSchool.name,
      curatorSchoolId: row.curatorSchoolId,
      curatorSchoolName: row.curatorSchool.name,
      startsOn: row.startsOn,
      endsOn: row.endsOn,
      note: row.note,
      createdAt: row.createdAt,
      endedAt: row.endedAt,
      curatorHeads: memberships
        .filter((membership) => membership.origin === pairOrigin(row.id))
        .map((membership) => ({ personId: membership.personId, name: membership.person.displayName })),
    }));
  }

  async listPairs(districtId: string, includeEnded: boolean) {
    const rows = await this.prisma.schoolPair.findMany({ where: { districtId, ...(includeEnded ? {} : { endedAt: null }) }, include: pairInclude, orderBy: ORDER });
    return this.pairRecords(rows);
  }

  async pairsEndingBefore(before: Date) {
    const rows = await this.prisma.schoolPair.findMany({ where: { endedAt: null, endsOn: { lt: before } }, include: pairInclude, orderBy: ORDER });
    return this.pairRecords(rows);
  }

  async getPair(id: string) {
    const row = await this.prisma.schoolPair.findUnique({ where: { id }, include: pairInclude });
    return row ? (await this.pairRecords([row]))[0]! : null;
  }

  /** The plan of pure rules applied inside the transaction. */
  private async applyPairPlan(tx: Tx, pair: { id: string; districtId: string; supportedSchoolId: string; curatorSchoolId: string; endedAt: Date | null }, at: Date) {
    const heads = await tx.membership.findMany({
      where: { schoolId: pair.curatorSchoolId, role: "head", active: true },
      select: { personId: true },
      distinct: ["personId"],
    });
    const memberships = await tx.membership.findMany({ where: { origin: pairOrigin(pair.id) }, select: { id: true, personId: true, active: true }, orderBy: { createdAt: "desc" } });
    const plan = pairMembershipPlan(
      heads.map((head) => head.personId),
      memberships,
      pair.endedAt === null,
    );
    if (plan.add.length) {
      await tx.membership.createMany({
        data: plan.add.map((personId) => ({
          personId,
          role: "curator_head",
          districtId: pair.districtId,
          schoolId: pair.supportedSchoolId,
          origin: pairOrigin(pair.id),
          createdAt: at,
        })),
      });
    }
    if (plan.reactivate.length) await tx.membership.updateMany({ where: { id: { in: plan.reactivate } }, data: { active: true, endedAt: null } });
    if (plan.end.length) await tx.membership.updateMany({ where: { id: { in: plan.end } }, data: { active: false, endedAt: at } });
    const reactivated = memberships.filter((membership) => plan.reactivate.includes(membership.id)).map((membership) => membership.personId);
    return { added: [...plan.add, ...reactivated], ended: plan.end.length };
  }

  async createPair(input: PairWrite, at: Date) {
    const id = await this.prisma.$transaction(async (tx) => {
      const running = await tx.schoolPair.findFirst({
        where: { supportedSchoolId: input.supportedSchoolId, curatorSchoolId: input.curatorSchoolId, endedAt: null },
        select: { id: true },
      });
      if (running) return null;
      const pair = await tx.schoolPair.create({ data: { ...input, createdAt: at } });
      await this.applyPairPlan(tx, pair, at);
      return pair.id;
    });
    if (!id) return "duplicate" as const;
    return { pair: (await this.getPair(id))! };
  }

  async endPair(id: string, at: Date, endsOn: Date | null) {
    return this.prisma.$transaction(async (tx) => {
      const ended = await tx.schoolPair.updateMany({ where: { id, endedAt: null }, data: { endedAt: at, ...(endsOn ? { endsOn } : {}) } });
      if (ended.count === 0) return false;
      await tx.membership.updateMany({ where: { origin: pairOrigin(id), active: true }, data: { active: false, endedAt: at } });
      return true;
    });
  }

  async syncPair(id: string, at: Date) {
    return this.prisma.$transaction(async (tx) => {
      const pair = await tx.schoolPair.findUnique({ where: { id }, select: { id: true, districtId: true, supportedSchoolId: true, curatorSchoolId: true, endedAt: true } });
      if (!pair) return { added: [], ended: 0 };
      return this.applyPairPlan(tx, pair, at);
    });
  }

  async pairsOfSchools(schoolIds: readonly string[]) {
    if (!schoolIds.length) return [];
    const ids = [...schoolIds];
    const rows = await this.prisma.schoolPair.findMany({
      where: { endedAt: null, OR: [{ supportedSchoolId: { in: ids } }, { curatorSchoolId: { in: ids } }] },
      include: pairInclude,
      orderBy: ORDER,
    });
    return this.pairRecords(rows);
  }

  async pairsOfCuratorHead(personId: string) {
    const memberships = await this.prisma.membership.findMany({
      where: { personId, role: "curator_head", active: true, origin: { startsWith: "pair:" } },
      select: { origin: true },
    });
    const ids = memberships.map((membership) => membership.origin!.slice("pair:".length));
    if (!ids.length) return [];
    const rows = await this.prisma.schoolPair.findMany({ where: { id: { in: ids }, endedAt: null }, include: pairInclude, orderBy: ORDER });
    return this.pairRecords(rows);
  }

  // ---- people and schools ----

  async headsOf(schoolIds: readonly string[]) {
    if (!schoolIds.length) return [];
    const rows = await this.prisma.membership.findMany({
      where: { schoolId: { in: [...schoolIds] }, role: "head", active: true },
      select: { schoolId: true, personId: true, person: { select: { displayName: true } } },
      orderBy: { createdAt: "asc" },
    });
    const seen = new Set<string>();
    return rows
      .filter((row) => !seen.has(`${row.schoolId}:${row.personId}`) && seen.add(`${row.schoolId}:${row.personId}`))
      .map((row) => ({ schoolId: row.schoolId!, personId: row.personId, name: row.person.displayName }));
  }

  async schools(districtId: string) {
    const rows = await this.prisma.school.findMany({ where: { districtId }, select: { id: true, name: true } });
    return rows.sort((a, b) => a.name.localeCompare(b.name, "ru"));
  }

  async people(districtId: string): Promise<DistrictPerson[]> {
    const rows = await this.prisma.membership.findMany({
      where: { districtId, active: true, role: { not: "parent" } },
      select: { personId: true, role: true, schoolId: true, school: { select: { name: true } }, person: { select: { displayName: true } } },
      orderBy: { createdAt: "asc" },
    });
    const people = new Map<string, DistrictPerson>();
    for (const row of rows) {
      const person = people.get(row.personId) ?? { personId: row.personId, name: row.person.displayName, roles: [] };
      if (!person.roles.some((role) => role.role === row.role && role.schoolId === row.schoolId)) {
        person.roles.push({ role: row.role, schoolId: row.schoolId, schoolName: row.school?.name ?? null });
      }
      people.set(row.personId, person);
    }
    return [...people.values()].sort((a, b) => (a.name ?? "").localeCompare(b.name ?? "", "ru"));
  }

  async isMember(districtId: string, personId: string) {
    return (await this.prisma.membership.count({ where: { districtId, personId, active: true, role: { not: "parent" } } })) > 0;
  }
}
