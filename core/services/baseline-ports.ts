// Baselines from earlier rounds in Google Forms / Yandex Forms (#13). prisma/baseline.ts implements it.
import type { Instrument } from "../instruments/schema.ts";
import type { AnswerValue } from "../survey/answers.ts";

/** A stored instrument version a district may run: its row id and definition. */
export interface StoredInstrument {
  id: string;
  instrument: Instrument;
}

export interface BaselineImportInput {
  districtId: string;
  instrumentId: string;
  instrumentKey: string;
  title: string;
  opensAt: Date;
  closesAt: Date;
  /** Every response completes at this time (the window's end): no fill-in time is stored. */
  completedAt: Date;
  /** Campaign.audience (CampaignAudience): the instrument's respondents in the schools of the rows. */
  audience: { roles: string[]; schoolIds: string[] };
  /** Saved as the district's mapping of this instrument in the same transaction. */
  mapping: object;
  responses: Array<{ schoolId: string; answers: Array<[string, AnswerValue]> }>;
}

export interface BaselineCampaign {
  id: string;
  title: string;
  instrumentKey: string;
  instrumentVersion: number;
  opensAt: Date;
  closesAt: Date;
  createdAt: Date;
  responses: number;
}

/** A campaign (baseline or a later round) with its instrument, for comparisons. */
export interface RoundRef {
  id: string;
  title: string;
  opensAt: Date;
  closesAt: Date;
  closedAt: Date | null;
  baseline: boolean;
  instrument: Instrument;
}

export interface BaselineRepository {
  /**
   * The version of `key` a district imports into: the given version, or the newest one the district
   * sees (its own or the built-in one; built-in instruments are stored on first use).
   */
  instrumentFor(districtId: string, key: string, version?: number): Promise<StoredInstrument | null>;
  getMapping(districtId: string, instrumentKey: string): Promise<unknown | null>;
  saveMapping(districtId: string, instrumentKey: string, mapping: object): Promise<void>;
  /**
   * One transaction: a closed campaign (`baseline: true`, closedAt = closesAt, no reminders), one
   * complete response per row (no person, no class code, source "import") with its answers and its
   * ResponseSchool row, and the mapping saved.
   */
  importRound(input: BaselineImportInput): Promise<{ campaignId: string; responses: number }>;
  listBaselines(districtId: string): Promise<BaselineCampaign[]>;
  /** The district's newest baseline of the key, and the newest later round (not a baseline, opened after it) that is frozen: closed or its window over. */
  rounds(districtId: string, instrumentKey: string, at: Date): Promise<{ baseline: RoundRef | null; round: RoundRef | null }>;
}
