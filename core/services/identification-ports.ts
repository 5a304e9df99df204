// The ports of identification (issue #12, core/services/identification.ts): the repository that
// prisma/identification.ts implements, and the file reader (files/identification/index.ts
// parseDataFile) as a function type, so that the core never imports files/. Plain data in and out.
import type {
  Cluster,
  DataKind,
  FileProblem,
  ItemRow,
  ListKind,
  OfficialList,
  ParseInput,
  ParseResult,
  ResultRow,
  SchoolIdentification,
  SocialRow,
} from "../identification/types.ts";
import type { OutboxMessage } from "./ports.ts";
import type { SchoolRow, StaffRow } from "./staff-import.ts";

export type { DataKind, ParsedData } from "../identification/types.ts";
export const DATA_KINDS = ["results", "items", "social", "official-list"] as const satisfies readonly DataKind[];
/** The kinds stored per school-year. */
export type RowKind = "results" | "items" | "social";

/** files/identification/index.ts parseDataFile: never throws on bad input. */
export type ParseDataFile = (input: ParseInput) => Promise<ParseResult>;

/** files/staff-workbook.ts readWorkbook: the staff workbook's rows (may throw AdminError on a bad book). */
export type ReadStaffWorkbook = (content: Uint8Array) => Promise<{ schools: SchoolRow[]; staff: StaffRow[]; warnings: string[] }>;

/** A message of the queue with the Mini App start parameter of its "open the app" button. */
export type IdentificationMessage = OutboxMessage;

export interface StoredSchool {
  id: string;
  code: string | null;
  name: string;
}

/** A checked file's rows, written in one transaction; schools are named by code. */
export interface DataWrite {
  districtId: string;
  kind: RowKind;
  fileName: string;
  at: Date;
  /** Schools the district lacks: created first. */
  newSchools: Array<{ code: string; name: string }>;
  /** Schools of the district without a code that the file names by their name: they get the code. */
  codedSchools: Array<{ id: string; code: string }>;
  rows: ResultRow[] | ItemRow[] | SocialRow[];
  /**
   * The fields the file carried: a stored row with the same key (procedure, grade, subject; grade, subject,
   * task; the school-year of social data) takes these and keeps the rest. All fields when absent.
   */
  fields?: string[];
  /**
   * The file states its part in full (our template): stored rows of the same part of a school-year go
   * first — the same procedure for results, the same grade and subject for items, the whole
   * school-year for social data — so a row removed from a corrected template is gone. Without it (the
   * ФИС ОКО reports, one subject and part of a row each) rows are merged by key and others stay.
   */
  complete?: boolean;
  /** Called as the chunks go in. */
  onProgress?: (done: number, total: number) => void;
}

export interface OfficialWrite {
  districtId: string;
  list: OfficialList;
  fileName: string;
  at: Date;
  newSchools: Array<{ code: string; name: string }>;
  codedSchools: Array<{ id: string; code: string }>;
}

export interface StoredOfficialList {
  id: string;
  kind: ListKind;
  year: number;
  source: string;
  documentNumber: string;
  documentDate: string;
  importedAt: Date;
  schools: Array<{ schoolId: string; schoolCode: string | null; schoolName: string; note: string | null }>;
}

export interface StoredMethodology {
  id: string;
  version: number;
  settings: unknown;
  createdAt: Date;
}

/** What a list of runs shows without the output. */
export interface RunSummaryData {
  clusters: Record<Cluster, number>;
  shnor: number;
  shnsu: number;
  entered: Array<{ schoolCode: string; schoolName: string; list: ListKind }>;
  left: Array<{ schoolCode: string; schoolName: string; list: ListKind }>;
  warnings: string[];
}

/** A school of a stored run: the computed identification with the school's id. */
export type RunSchool = SchoolIdentification & { schoolId: string };

export interface StoredRunOutput {
  year: number;
  schools: RunSchool[];
  clusters: Record<Cluster, number>;
  districtLowTasks: Array<{ grade: number; subject: string; task: string; solvedShare: number; topic: string | null; schools: number }>;
  warnings: string[];
}

export interface StoredRunHead {
  id: string;
  districtId: string;
  year: number;
  methodologyVersion: number;
  createdAt: Date;
  summary: RunSummaryData;
}

export interface StoredRun extends StoredRunHead {
  output: StoredRunOutput;
}

export interface PendingUploadRow {
  id: string;
  districtId: string;
  personId: string | null;
  fileName: string;
  kind: DataKind | "auto";
  official: Partial<Omit<OfficialList, "schools">> | null;
  content: Uint8Array;
  createdAt: Date;
  expiresAt: Date;
}

export interface CuratorFlags {
  innovationPlatform: boolean | null;
  headCompetence: boolean | null;
  headMotivation: boolean | null;
}

/** A person a run notice goes to, at the account they used last. */
export interface NoticeRecipient {
  personId: string;
  role: "district" | "head";
  schoolId: string | null;
  channel: OutboxMessage["channel"];
  chatId: string;
}

export interface IdentificationRepository {
  districtSchools(districtId: string): Promise<StoredSchool[]>;
  /** School-years of the kind already stored in the district for these years (what an import replaces). */
  storedSchoolYears(districtId: string, kind: RowKind, years: number[]): Promise<Array<{ schoolId: string; year: number }>>;
  /** One transaction: new schools, codes, the school-years touched (read and deleted first, merged with the file's rows), the rows in chunks. */
  writeData(write: DataWrite): Promise<{ schoolYears: number; replaced: number }>;
  /** Whether a list of the same document is stored (its import replaces it). */
  officialListExists(districtId: string, list: Pick<OfficialList, "kind" | "year" | "source" | "documentNumber">): Promise<boolean>;
  writeOfficialList(write: OfficialWrite): Promise<{ listId: string; replaced: boolean }>;
  officialLists(districtId: string, filter?: { year?: number; kind?: ListKind }): Promise<StoredOfficialList[]>;

  /** The rows of the district (of the years from..to when given), with the schools' codes and names as stored. */
  loadData(districtId: string, years?: { from: number; to: number }): Promise<{ results: ResultRow[]; items: ItemRow[]; social: SocialRow[] }>;
  /** Per year and kind: how many schools have data. */
  dataYears(districtId: string): Promise<Array<{ year: number; kind: RowKind; schools: number }>>;

  curatorFlags(districtId: string): Promise<Map<string, CuratorFlags>>;
  setCuratorFlags(schoolId: string, flags: Partial<CuratorFlags>, at: Date): Promise<CuratorFlags>;

  /** Newest first. */
  methodologies(districtId: string): Promise<StoredMethodology[]>;
  /** Stores a version; null when that version number was taken meanwhile. */
  addMethodology(input: { districtId: string; version: number; settings: unknown; at: Date; createdById: string | null }): Promise<StoredMethodology | null>;

  saveRun(input: {
    districtId: string;
    year: number;
    methodologyId: string;
    methodologyVersion: number;
    at: Date;
    createdById: string | null;
    summary: RunSummaryData;
    output: StoredRunOutput;
  }): Promise<StoredRunHead>;
  getRun(runId: string): Promise<StoredRun | null>;
  /** The newest run of the year (of any year when absent). */
  latestRun(districtId: string, year?: number): Promise<StoredRun | null>;
  /** Newest first, without outputs. */
  listRuns(districtId: string): Promise<StoredRunHead[]>;
  /** The school in the newest run of each year, oldest year first. */
  schoolHistory(districtId: string, schoolId: string): Promise<Array<{ year: number; runId: string; school: RunSchool | null }>>;

  stageUpload(input: Omit<PendingUploadRow, "id">): Promise<string>;
  getUpload(uploadId: string): Promise<PendingUploadRow | null>;
  /** Deletes and returns it; null when already taken (a second press of «Загрузить»). */
  takeUpload(uploadId: string): Promise<PendingUploadRow | null>;
  deleteExpiredUploads(now: Date): Promise<number>;

  /** Active district staff of the district and active heads of the schools, at their last reachable account. */
  noticeRecipients(districtId: string, schoolIds: string[]): Promise<NoticeRecipient[]>;
}
