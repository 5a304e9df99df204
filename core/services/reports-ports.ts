// What the #14 effectiveness reports (аналитическая справка) read and write; prisma/reports.ts
// implements it. `render` turns a report into its XLSX or PDF (files/report-xlsx.ts,
// files/report-pdf.ts, loaded on first use) so that the bot and the API reach the exports through
// the management context without importing file libraries into core.
import type { ReportConclusions, ReportContent, ReportInput, ReportKind } from "../management/report.ts";
import type { SchoolIndicatorsSource } from "./indicators-ports.ts";

export interface WorkingGroupMember {
  name: string;
  position: string;
  /** Руководитель / заместитель руководителя / секретарь (#15) / член рабочей группы. */
  role: "chair" | "deputy" | "secretary" | "member";
  /**
   * The product person this member is (#15): invited with the role working_group (or district staff),
   * they read the group's pages. Absent in rows stored before #15: read it as null.
   */
  personId?: string | null;
}

/** The municipal working group (seed 002), set by a district order. A member may be linked to a product person (#15). */
export interface StoredWorkingGroup {
  id: string;
  districtId: string;
  orderRef: string;
  orderDate: Date;
  members: WorkingGroupMember[];
  createdAt: Date;
}

export interface StoredReport {
  id: string;
  districtId: string;
  kind: ReportKind;
  period: string;
  periodStart: Date;
  periodEnd: Date;
  content: ReportContent;
  conclusions: ReportConclusions | null;
  createdById: string | null;
  createdAt: Date;
  updatedAt: Date;
  approvedAt: Date | null;
  approvalRef: string | null;
  workingGroupId: string | null;
  /** The working-group meeting whose decision approved it (#15); absent in test doubles of #14. */
  meetingId?: string | null;
}

/** Everything an export prints. */
export interface ReportDocument {
  report: StoredReport;
  workingGroup: StoredWorkingGroup | null;
  timezone: string;
}

export type ReportSource = Pick<ReportInput, "runs" | "recommendations" | "roadmaps" | "decisions">;

export interface ReportsRepository extends SchoolIndicatorsSource {
  /** The district's recommendations, roadmaps, decisions and the newest run of each year made before `until`. */
  reportSource(districtId: string, until: Date): Promise<ReportSource>;
  listReports(districtId: string): Promise<StoredReport[]>;
  getReport(reportId: string): Promise<StoredReport | null>;
  findReport(districtId: string, kind: ReportKind, period: string): Promise<StoredReport | null>;
  /** null when the district already has a report of this period (two creators at once). */
  createReport(input: Omit<StoredReport, "id" | "createdAt" | "updatedAt" | "approvedAt" | "approvalRef" | "workingGroupId">): Promise<StoredReport | null>;
  /** Rewrites content and conclusions of an unapproved report; null when it is approved (or gone). */
  replaceDraft(reportId: string, content: ReportContent, conclusions: ReportConclusions | null): Promise<StoredReport | null>;
  /** Records the working group's decision once; null when already approved (or gone). */
  approve(reportId: string, approval: { approvedAt: Date; approvalRef: string; workingGroupId: string | null }): Promise<StoredReport | null>;
  /**
   * Marks growth point `index` as added to the roadmap (event id), once: false when the point is
   * missing or already linked.
   */
  linkGrowthPoint(reportId: string, index: number, eventId: string): Promise<boolean>;

  listWorkingGroups(districtId: string): Promise<StoredWorkingGroup[]>;
  getWorkingGroup(groupId: string): Promise<StoredWorkingGroup | null>;
  saveWorkingGroup(input: { id?: string; districtId: string; orderRef: string; orderDate: Date; members: WorkingGroupMember[] }): Promise<StoredWorkingGroup>;
  /** false when an approved report names it. */
  deleteWorkingGroup(groupId: string): Promise<boolean>;

  render(document: ReportDocument, format: "xlsx" | "pdf"): Promise<Uint8Array>;
}
