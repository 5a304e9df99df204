// The contract of identification (issue #12, DOMAIN.md §5): the rows that come in from files, the
// methodology that is applied to them, and what a run gives back for each school. Plain data only:
// files/identification/ produces the rows, core/identification/ computes, core/services/identification.ts
// stores and serves. Shares are fractions 0..1 everywhere in the core (a file's "37,5 %" becomes 0.375).

export const ASSESSMENTS = ["ЕГЭ", "ОГЭ", "ВПР", "РДР"] as const;
export type Assessment = (typeof ASSESSMENTS)[number];

/** Where a problem of a file is: the sheet (or "CSV"), the row as the person sees it, the column title. */
export interface FileProblem {
  sheet: string;
  row?: number;
  column?: string;
  /** Russian, for the person who sent the file. */
  message: string;
}

/** One row of results: school × year × assessment × grade × subject. */
export interface ResultRow {
  schoolCode: string;
  schoolName: string;
  /** The calendar year of the assessment (a 2025/26 school year's ЕГЭ is 2026). */
  year: number;
  assessment: Assessment;
  grade: number;
  /** Normalised subject name, lower case, ё → е ("русский язык", "математика"). */
  subject: string;
  participants: number;
  meanScore: number | null;
  /** Below the minimum threshold (ГИА) or with mark "2" (ВПР, РДР). */
  lowShare: number | null;
  /** High scorers (ЕГЭ 81+ or marks "5"). */
  highShare: number | null;
  /** ВПР against the journal mark (seed 000's objectivity indicator): lowered, confirmed, raised. */
  vprLowered?: number | null;
  vprConfirmed?: number | null;
  vprRaised?: number | null;
}

/** Item-level ВПР: school × year × grade × subject × task → share solved. */
export interface ItemRow {
  schoolCode: string;
  schoolName: string;
  year: number;
  grade: number;
  subject: string;
  /** The task number as printed ("1", "2", "10.1"). */
  task: string;
  solvedShare: number;
  /** The topic or section of the task, when the file or the task catalogue names it. */
  topic?: string | null;
  participants?: number | null;
}

/** Counts of students (never names) and yes/no flags: one row per school × year. */
export interface SocialRow {
  schoolCode: string;
  schoolName: string;
  year: number;
  students: number;
  parentsNoHigherEducation: number | null;
  unemployedParents: number | null;
  watchList: number | null;
  odnKdn: number | null;
  migrantOrLowRussian: number | null;
  nonAttested: number | null;
  truancy: number | null;
  disabilities: number | null;
  remote: boolean | null;
  smallSchool: boolean | null;
  infrastructureDeficit: boolean | null;
  computerDeficit: boolean | null;
  internetDeficit: boolean | null;
  unfilledPosts: boolean | null;
  accreditationSuspended: boolean | null;
  /** Seed 004's curator criteria the district sets; may also come in the social file. */
  innovationPlatform?: boolean | null;
  headCompetence?: boolean | null;
  headMotivation?: boolean | null;
}

export type ListKind = "shnor" | "shnsu";

/** A list handed down by the region or Рособрнадзор. */
export interface OfficialList {
  kind: ListKind;
  year: number;
  source: string;
  documentNumber: string;
  /** ISO date, YYYY-MM-DD. */
  documentDate: string;
  schools: Array<{ schoolCode: string; schoolName: string; note?: string | null }>;
}

export const CLUSTERS = ["failing", "effective", "deprived", "resilient"] as const;
/** Seed 004 table 1: failing «несправляющиеся», effective «эффективные», deprived «депривированные», resilient «резильентные». */
export type Cluster = (typeof CLUSTERS)[number];

/** One input of an index as the school card shows it. */
export interface IndexInput {
  /** Stable key of the component, e.g. "ЕГЭ:русский язык:mean" or "social:watchList". */
  key: string;
  /** Russian label ("Средний балл ЕГЭ по русскому языку, 2024–2026"). */
  label: string;
  /** The raw value (a score or a share 0..1), null when the data had none. */
  value: number | null;
  /** The normalised value (a z-score by default), null when missing. */
  normalized: number | null;
  weight: number;
}

/** A rule that placed (or did not place) a school somewhere, with what it compared. */
export interface RuleCheck {
  /** "cluster", "shnor", "shnsu", "dynamics", "resilient", "curator". */
  rule: string;
  passed: boolean;
  /** Russian, in words a head understands. */
  text: string;
  value?: number | null;
  threshold?: number | null;
}

export interface SchoolIdentification {
  schoolCode: string;
  schoolName: string;
  resultsIndex: number | null;
  socialIndex: number | null;
  cluster: Cluster | null;
  shnor: boolean;
  shnsu: boolean;
  /** Change of the results index against the previous year, null without the previous year. */
  dynamics: number | null;
  /** Proposed for exclusion from support: on a list and with positive dynamics. */
  proposeExclusion: boolean;
  resilient: boolean;
  curatorCandidate: boolean;
  /** Deficit flags of the social row that are set (keys of SocialRow). */
  deficitFlags: string[];
  /** Tasks of the school's ВПР with a low solve rate, and their topics. */
  lowTasks: Array<{ grade: number; subject: string; task: string; solvedShare: number; topic: string | null }>;
  explanation: { resultsInputs: IndexInput[]; socialInputs: IndexInput[]; checks: RuleCheck[] };
}

// ---------- the file reader (files/identification parseDataFile) ----------

/** What a file holds. */
export type DataKind = "results" | "items" | "social" | "official-list";

/** What a file was read as: "staff" is the #2 staff workbook, recognised by its sheets. */
export type ParsedData =
  | { kind: "results"; rows: ResultRow[] }
  | { kind: "items"; rows: ItemRow[] }
  | { kind: "social"; rows: SocialRow[] }
  | { kind: "official-list"; list: OfficialList }
  | { kind: "staff" };

export interface ParseInput {
  kind: DataKind | "auto";
  fileName: string;
  content: Uint8Array;
  /** The details of an official list given at upload; they override the file's «Реквизиты». */
  official?: Partial<Omit<OfficialList, "schools">>;
  onProgress?: (done: number, total: number) => void;
}

export interface ParseResult {
  /** null when any problem exists. */
  data: ParsedData | null;
  /** "шаблон", "ФИС ОКО: статистика по отметкам", …; "не распознан" when no table was recognised. */
  shape: string;
  problems: FileProblem[];
  /** All problems found, with those beyond the ones `problems` shows counted in its last line. */
  problemCount?: number;
  warnings: FileProblem[];
  /** Data rows of the file read (a row of a school in a ФИС ОКО report, a row of a template). */
  rowsRead: number;
  /**
   * Fields of the rows the file really carried (columns present). A ФИС ОКО report carries only part of
   * a ResultRow: «статистика по отметкам» gives participants, lowShare, highShare; «сравнение с
   * журналом» gives vprLowered, vprConfirmed, vprRaised. Storage merges such rows instead of blanking the rest.
   */
  fields: string[];
}
