// Assignments of mentors, tutors and curators to schools, and school-curator pairs (#15); prisma/assignments.ts implements it.
// The access an assignment or a pair gives is an ordinary Membership (origin "assignment:<id>" | "pair:<id>"),
// created and ended with it in one transaction.
import type { AssignmentKind } from "../network/assignments.ts";

export interface AssignmentRecord {
  id: string;
  districtId: string;
  districtName: string;
  timezone: string;
  schoolId: string;
  schoolName: string;
  personId: string;
  personName: string | null;
  kind: AssignmentKind;
  /** UTC midnight of the calendar day. */
  startsOn: Date;
  endsOn: Date | null;
  plannedVisits: number;
  membershipId: string | null;
  note: string | null;
  createdAt: Date;
  endedAt: Date | null;
}

export interface PairRecord {
  id: string;
  districtId: string;
  districtName: string;
  timezone: string;
  supportedSchoolId: string;
  supportedSchoolName: string;
  curatorSchoolId: string;
  curatorSchoolName: string;
  startsOn: Date;
  endsOn: Date | null;
  note: string | null;
  createdAt: Date;
  endedAt: Date | null;
  /** The people who hold curator_head through this pair now (active memberships of origin pair:<id>). */
  curatorHeads: Array<{ personId: string; name: string | null }>;
}

export interface AssignmentWrite {
  districtId: string;
  personId: string;
  schoolId: string;
  kind: AssignmentKind;
  startsOn: Date;
  endsOn: Date | null;
  plannedVisits: number;
  note: string | null;
  createdById: string | null;
}

export interface PairWrite {
  districtId: string;
  supportedSchoolId: string;
  curatorSchoolId: string;
  startsOn: Date;
  endsOn: Date | null;
  note: string | null;
  createdById: string | null;
}

export interface DistrictPerson {
  personId: string;
  name: string | null;
  /** Active roles in the district, each with its school (null: district-wide). */
  roles: Array<{ role: string; schoolId: string | null; schoolName: string | null }>;
}

export interface AssignmentsRepository {
  /** The district's assignments, newest first; without `includeEnded` only those not ended by hand. */
  listAssignments(districtId: string, filter: { schoolId?: string; personId?: string; includeEnded?: boolean }): Promise<AssignmentRecord[]>;
  getAssignment(id: string): Promise<AssignmentRecord | null>;
  /**
   * One transaction: refuses ("duplicate") when the person already has a running assignment of this kind
   * at this school; otherwise the assignment and its active Membership (role = kind, origin
   * "assignment:<id>"), or an identical active membership reused.
   */
  createAssignment(input: AssignmentWrite, at: Date): Promise<{ assignment: AssignmentRecord } | "duplicate">;
  /**
   * Ends it (endedAt; endsOn set to `endsOn` when given) and deactivates the membership it created, in one
   * transaction. False when it was already ended.
   */
  endAssignment(id: string, at: Date, endsOn: Date | null): Promise<boolean>;
  /** Running assignments (not ended by hand) whose last day is before `before`, of every district. */
  assignmentsEndingBefore(before: Date): Promise<AssignmentRecord[]>;
  /** The person's running assignments (not ended by hand), every district. */
  assignmentsOfPerson(personId: string): Promise<AssignmentRecord[]>;
  /** Running assignments at these schools. */
  assignmentsAtSchools(schoolIds: readonly string[]): Promise<AssignmentRecord[]>;

  listPairs(districtId: string, includeEnded: boolean): Promise<PairRecord[]>;
  /** Running pairs (not ended by hand) whose last day is before `before`, of every district. */
  pairsEndingBefore(before: Date): Promise<PairRecord[]>;
  getPair(id: string): Promise<PairRecord | null>;
  /**
   * One transaction: refuses ("duplicate") an active pair of the same two schools; otherwise the pair
   * and a curator_head Membership at the supported school for every active head of the curator school.
   */
  createPair(input: PairWrite, at: Date): Promise<{ pair: PairRecord } | "duplicate">;
  /** Ends it and deactivates its curator_head memberships in one transaction; false when already ended. */
  endPair(id: string, at: Date, endsOn: Date | null): Promise<boolean>;
  /**
   * Brings the pair's curator_head memberships in line with the curator school's active heads (a head
   * who joined later gets one, a head who left loses it), in one transaction. Returns who was added.
   */
  syncPair(id: string, at: Date): Promise<{ added: string[]; ended: number }>;
  /** Running pairs (not ended by hand) where one of these schools is the supported or the curator school. */
  pairsOfSchools(schoolIds: readonly string[]): Promise<PairRecord[]>;
  /** Running pairs where the person holds curator_head through the pair. */
  pairsOfCuratorHead(personId: string): Promise<PairRecord[]>;

  /** Active heads of these schools, with names. */
  headsOf(schoolIds: readonly string[]): Promise<Array<{ schoolId: string; personId: string; name: string | null }>>;
  /** The district's schools by name. */
  schools(districtId: string): Promise<Array<{ id: string; name: string }>>;
  /** Active members of the district (parents left out), by name: whom the district may assign. */
  people(districtId: string): Promise<DistrictPerson[]>;
  /** Whether the person has an active membership in the district (not only as a parent). */
  isMember(districtId: string, personId: string): Promise<boolean>;
}
