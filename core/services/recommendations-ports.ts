// What the #14 recommendations use cases read and write (prisma/recommendations.ts implements it).
import type { Addressee, BasisItem, RecommendationForm, RecommendationState } from "../management/recommendation-rules.ts";
import type { LibraryLink } from "./library-ports.ts";
import type { RoadmapSection } from "./roadmaps-ports.ts";

/**
 * Recommendation.basis as stored: what proposed it, the section its measures go to, and — while an addressee is
 * typing a measure in chat — the pending step (who, since when, the measure's text once given). Keeping the step
 * here survives a restart and a switch of messenger; it is cleared when the measure is saved or cancelled.
 */
export interface StoredBasis {
  items: BasisItem[];
  section: RoadmapSection;
  planning?: { personId: string; at: string; title?: string } | null;
}

export interface MeasureRecord {
  id: string;
  number: string;
  title: string;
  dueOn: Date;
  state: string;
  doneAt: Date | null;
  roadmapId: string;
  schoolId: string | null;
  schoolYear: string;
}

export interface RecommendationRecord {
  id: string;
  districtId: string;
  schoolId: string | null;
  schoolName: string | null;
  addressee: Addressee;
  curatorSchoolId: string | null;
  curatorSchoolName: string | null;
  form: RecommendationForm;
  title: string;
  text: string;
  basis: StoredBasis | null;
  ruleKey: string | null;
  ruleSetVersion: number | null;
  state: RecommendationState;
  dueOn: Date | null;
  issuedById: string | null;
  issuedByName: string | null;
  sentAt: Date | null;
  acknowledgedAt: Date | null;
  acknowledgedById: string | null;
  acknowledgedByName: string | null;
  doneAt: Date | null;
  createdAt: Date;
  /** A library item it points at (#15), and what the notice and the pages show of it. */
  libraryItemId: string | null;
  libraryItem: LibraryLink | null;
  /** Measures: roadmap events planned in answer, in roadmap order. */
  events: MeasureRecord[];
}

export interface StoredRuleSet {
  version: number;
  rules: unknown;
  note: string;
  createdById: string | null;
  createdAt: Date;
}

export interface NewRecommendation {
  districtId: string;
  schoolId: string | null;
  addressee: Addressee;
  curatorSchoolId: string | null;
  form: RecommendationForm;
  title: string;
  text: string;
  basis: StoredBasis;
  ruleKey: string | null;
  ruleSetVersion: number | null;
  dueOn: Date | null;
}

export type RecommendationPatch = Partial<
  Pick<RecommendationRecord, "title" | "text" | "addressee" | "curatorSchoolId" | "form" | "dueOn" | "state" | "issuedById" | "sentAt" | "acknowledgedAt" | "acknowledgedById" | "doneAt" | "basis" | "libraryItemId">
>;

export interface RecommendationFilter {
  schoolId?: string;
  states?: readonly RecommendationState[];
  ids?: readonly string[];
  addressees?: readonly Addressee[];
}

export interface RecommendationsRepository {
  /** The district's stored rule-set versions, newest first (none: the built-in version 1 applies). */
  ruleSets(districtId: string): Promise<StoredRuleSet[]>;
  /** Stores a version; false when that version number exists already (versions never change). */
  addRuleSet(input: { districtId: string; version: number; rules: unknown; note: string; createdById: string | null; at: Date }): Promise<boolean>;
  /** Rule keys of the school's recommendations created since `since` (any state: proposed, sent, rejected…). */
  ruleKeysSince(schoolId: string, since: Date): Promise<Set<string>>;
  create(rows: readonly NewRecommendation[]): Promise<string[]>;
  get(id: string): Promise<RecommendationRecord | null>;
  /** The district's recommendations, newest first. */
  list(districtId: string, filter?: RecommendationFilter): Promise<RecommendationRecord[]>;
  /** Changes one; with `fromStates` only while it is in one of them (compare-and-set). True when it changed. */
  update(id: string, patch: RecommendationPatch, fromStates?: readonly RecommendationState[]): Promise<boolean>;
}
