// What the #14 decisions use cases read and write (prisma/decisions.ts implements it).
import type { DecisionDocType, DecisionHorizon, DecisionKind, DecisionLevel, DecisionResource, DecisionRisk } from "../management/decisions.ts";

/** A recommendation a decision answers, as the log shows it. */
export interface LinkedRecommendation {
  id: string;
  title: string;
  state: string;
  schoolId: string | null;
  schoolName: string | null;
}

export interface DecisionRecord {
  id: string;
  districtId: string;
  schoolId: string | null;
  schoolName: string | null;
  kind: DecisionKind;
  docType: DecisionDocType;
  docNumber: string;
  /** UTC midnight of the document's date. */
  docDate: Date;
  title: string;
  level: DecisionLevel;
  horizon: DecisionHorizon;
  risks: DecisionRisk[];
  resources: DecisionResource[];
  note: string | null;
  /** Taken at this working-group meeting (#15); its minutes hold the decision. */
  meetingId: string | null;
  createdById: string | null;
  createdAt: Date;
  recommendations: LinkedRecommendation[];
}

/** The stored fields of a decision (the district and the author are set on creation). */
export interface DecisionWrite {
  schoolId: string | null;
  kind: DecisionKind;
  docType: DecisionDocType;
  docNumber: string;
  docDate: Date;
  title: string;
  level: DecisionLevel;
  horizon: DecisionHorizon;
  risks: DecisionRisk[];
  resources: DecisionResource[];
  note: string | null;
  recommendationIds: string[];
}

export interface DecisionQuery {
  kind?: DecisionKind;
  level?: DecisionLevel;
  /** Document date from / to, inclusive (UTC midnight). */
  from?: Date;
  to?: Date;
  /** Only decisions about these schools. */
  schoolIds?: readonly string[];
}

export interface DecisionsRepository {
  /** The district's decisions, newest document first. */
  list(districtId: string, query: DecisionQuery): Promise<DecisionRecord[]>;
  get(id: string): Promise<DecisionRecord | null>;
  create(districtId: string, createdById: string | null, input: DecisionWrite): Promise<DecisionRecord>;
  /** Replaces the fields and the links to recommendations. */
  update(id: string, input: DecisionWrite): Promise<DecisionRecord>;
  delete(id: string): Promise<void>;
  /** Which of these recommendation ids belong to the district. */
  recommendationsIn(districtId: string, ids: readonly string[]): Promise<string[]>;
  /** Whether the school belongs to the district. */
  schoolIn(districtId: string, schoolId: string): Promise<boolean>;
  /** What the form offers: the district's schools and its recommendations (newest first). */
  formOptions(districtId: string): Promise<{
    schools: Array<{ id: string; name: string }>;
    recommendations: Array<{ id: string; title: string; state: string; schoolName: string | null }>;
  }>;
}
