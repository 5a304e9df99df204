// The risk profile (#13): settings versions and yearly snapshots. prisma/risk-profile.ts implements it.
// Answers are read through the survey store (SurveyStore.completedResponses); this port holds only what
// the profile itself stores and the few lookups around it. Plain data in and out.
import type { Channel } from "./ports.ts";

/** A stored version of a district's risk-profile settings (versions never change). */
export interface StoredRiskSettings {
  version: number;
  /** RiskSettings as JSON (core/risk-profile/settings.ts), parsed by the service. */
  settings: unknown;
  note: string | null;
  createdById: string | null;
  createdAt: Date;
}

/** A school's profile of one school year, as computed and stored. */
export interface StoredRiskSnapshot {
  schoolId: string;
  districtId: string;
  /** The calendar year in which the school year ends (2025/26 → 2026), as identification counts years. */
  year: number;
  settingsVersion: number;
  /** RiskProfileInput after the release rules (no figure from fewer than the minimum respondents). */
  input: unknown;
  /** RiskProfile without district averages (they are attached when read). */
  profile: unknown;
  computedAt: Date;
}

/** A campaign of one of the profile's instruments. */
export interface RiskSourceCampaign {
  id: string;
  instrumentKey: string;
  opensAt: Date;
  baseline: boolean;
}

/** A head of a school at the account they used last (the notice after the card). */
export interface RiskNoticeRecipient {
  personId: string;
  channel: Channel;
  chatId: string;
}

export interface RiskProfileRepository {
  /** The district's settings versions, newest first. */
  settingsVersions(districtId: string): Promise<StoredRiskSettings[]>;
  /** Stores a new version; false when that version number exists already (someone stored it first). */
  addSettingsVersion(input: { districtId: string; version: number; settings: unknown; note: string | null; createdById: string | null; at: Date }): Promise<boolean>;
  /** The district's campaigns of these instrument keys that opened in [from, to), newest first; baselines too. */
  sourceCampaigns(districtId: string, instrumentKeys: readonly string[], from: Date, to: Date): Promise<RiskSourceCampaign[]>;
  /** Inserts or replaces the school's snapshot of the year. */
  saveSnapshot(snapshot: StoredRiskSnapshot): Promise<void>;
  /** The school's snapshots, newest year first. */
  schoolSnapshots(schoolId: string): Promise<StoredRiskSnapshot[]>;
  /** Every school's snapshot of the year in the district. */
  districtSnapshots(districtId: string, year: number): Promise<StoredRiskSnapshot[]>;
  /** Years with any snapshot in the district, newest first. */
  snapshotYears(districtId: string): Promise<number[]>;
  /**
   * Completed responses to campaigns of this instrument (the card) that completed at or after `since`, per school they
   * count for, without a queued notice yet (no Outbox row whose dedupe key starts with `risk:card:<campaignId>:<schoolId>:`).
   */
  cardsAwaitingNotice(instrumentKey: string, since: Date): Promise<Array<{ campaignId: string; schoolId: string; completedAt: Date }>>;
  /** Active heads of the school with an account that can receive messages (not blocked), each person once. */
  headRecipients(schoolId: string): Promise<RiskNoticeRecipient[]>;
}
