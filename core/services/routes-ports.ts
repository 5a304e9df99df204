// Routes (ИОМ), the course catalog and teacher attributes (#13). prisma/routes.ts implements it.
import type { Instrument } from "../instruments/schema.ts";

/** A course of the district's catalog as imported (files/courses.ts reads the file). */
export interface CourseInput {
  title: string;
  provider: string;
  hours: number | null;
  /** Competence areas (area ids of the teacher diagnostic, or "management" for management teams). */
  areas: string[];
  startsOn: Date | null;
  endsOn: Date | null;
  url: string | null;
}

export interface CourseRecord extends CourseInput {
  id: string;
  districtId: string;
  importedAt: Date;
}

export const ROUTE_ITEM_KINDS = ["course", "seminar", "tutor"] as const;
export type RouteItemKind = (typeof ROUTE_ITEM_KINDS)[number];

/** An item to store: a course of the catalog, a seminar topic or the tutor. */
export interface RouteItemDraft {
  kind: RouteItemKind;
  courseId: string | null;
  title: string;
  areaId: string | null;
  note: string | null;
}

export interface RouteItemRecord extends RouteItemDraft {
  id: string;
  position: number;
  doneAt: Date | null;
  certificateUrl: string | null;
  certificateName: string | null;
  /** A certificate file is stored (read it with certificateFile). */
  hasCertificateFile: boolean;
  course: CourseRecord | null;
  /** A library item it points at (#15; set through core/services/library.ts linkRouteItem). */
  libraryItemId: string | null;
}

export type RouteKind = "teacher" | "team";

export interface RouteRecord {
  id: string;
  districtId: string;
  kind: RouteKind;
  personId: string | null;
  schoolId: string | null;
  year: number;
  basedOnResponseId: string | null;
  approvedAt: Date | null;
  approvalRef: string | null;
  createdAt: Date;
  updatedAt: Date;
  items: RouteItemRecord[];
}

export const TEACHER_CATEGORIES = ["none", "first", "highest"] as const;
export type TeacherCategory = (typeof TEACHER_CATEGORIES)[number];

/** Seed 002's target groups, set by the teacher; every field optional (null: not said). */
export interface TeacherAttributesRecord {
  serviceYears: number | null;
  category: TeacherCategory | null;
  young: boolean | null;
  newlyArrived: boolean | null;
}

/** One completed teacher diagnostic of a person. */
export interface CompletedDiagnostic {
  responseId: string;
  campaignId: string;
  campaignTitle: string;
  completedAt: Date;
  instrument: Instrument;
  answers: Map<string, number>;
}

/** A completed response of a campaign with its author's attributes (never the author). */
export interface AttributedDiagnostic {
  responseId: string;
  answers: Map<string, number>;
  attributes: TeacherAttributesRecord | null;
}

export interface RoutesRepository {
  /**
   * Replaces the district's catalog with these courses in one transaction: a course with the same
   * title and provider keeps its id (routes keep pointing at it), courses absent from the file go.
   */
  replaceCatalog(districtId: string, courses: CourseInput[], at: Date): Promise<{ created: number; updated: number; removed: number }>;
  listCourses(districtId: string): Promise<CourseRecord[]>;

  /** The person's completed teacher diagnostics in the district, oldest first. */
  completedDiagnostics(personId: string, districtId: string, instrumentKey: string): Promise<CompletedDiagnostic[]>;

  /** The person's teacher route (one per person), or null. */
  teacherRoute(personId: string): Promise<RouteRecord | null>;
  /** A school's management-team route of a year, or null. */
  teamRoute(schoolId: string, year: number): Promise<RouteRecord | null>;
  /** The district's team routes of a year. */
  teamRoutes(districtId: string, year: number): Promise<RouteRecord[]>;
  getRoute(routeId: string): Promise<RouteRecord | null>;
  /**
   * Creates or rebuilds a route in one transaction: the done items stay (first, in their order), the
   * other items are replaced by `items`. A rebuilt team route loses its approval.
   */
  saveRoute(input: {
    routeId: string | null;
    districtId: string;
    kind: RouteKind;
    personId: string | null;
    schoolId: string | null;
    year: number;
    basedOnResponseId: string | null;
    items: RouteItemDraft[];
  }): Promise<RouteRecord>;
  /** Marks an item done (again: keeps the first date) and attaches what is given. */
  markItemDone(
    itemId: string,
    input: { at: Date; certificateUrl?: string | null; certificateName?: string | null; certificate?: Uint8Array | null },
  ): Promise<void>;
  /** Not done after all: the date and the certificate go. */
  undoItem(itemId: string): Promise<void>;
  certificateFile(itemId: string): Promise<{ name: string; content: Uint8Array } | null>;
  approveRoute(routeId: string, approvalRef: string, at: Date): Promise<void>;

  getAttributes(personId: string): Promise<TeacherAttributesRecord | null>;
  setAttributes(personId: string, attributes: TeacherAttributesRecord): Promise<void>;

  /** Active mentors of the school (the tutor of its teachers' routes), by name. */
  schoolMentors(schoolId: string): Promise<Array<{ personId: string; displayName: string | null }>>;

  /** Completed responses of the campaign by the district's teachers, each with its author's attributes. */
  diagnosticsWithAttributes(campaignId: string): Promise<AttributedDiagnostic[]>;
}
