// Anonymous respondents (#13): school links, single-use class codes, chats answering with a code.
// prisma/anonymous.ts implements it.

/** Who answers anonymously (Instrument.respondent of a parents' or students' instrument). */
export type AnonymousAudience = "parent" | "student";

/** A school's link for a campaign: `/start q-<token>` in the bots and /s/<token> on the web page. */
export interface SurveyLinkRecord {
  token: string;
  campaignId: string;
  schoolId: string;
  audience: AnonymousAudience;
  createdAt: Date;
}

/** A single-use class code: only its hash is kept, never who used it. */
export interface ClassCodeRecord {
  id: string;
  campaignId: string;
  schoolId: string;
  classLabel: string;
  audience: AnonymousAudience;
  usedAt: Date | null;
}

/** Codes issued and used per school and class (counts only). */
export interface ClassCodeCount {
  schoolId: string;
  classLabel: string;
  audience: AnonymousAudience;
  issued: number;
  used: number;
}

/**
 * Where a chat or a web browser is on the anonymous path: it opened a school link and is asked for
 * the class code, or it answers with a code. Keyed by sha256 of "<channel>:<externalId>" (the web
 * page: "web:<random cookie>"); deleted when the response completes.
 */
export type AnonymousSessionState =
  | { kind: "link"; token: string; createdAt: Date }
  | { kind: "code"; classCodeId: string; createdAt: Date };

/** A campaign asking parents or students, for the staff's list of links and codes. */
export interface AnonymousCampaignRef {
  id: string;
  districtId: string;
  title: string;
  audience: AnonymousAudience;
  /** The schools asked (null: every school of the district). */
  schoolIds: string[] | null;
  opensAt: Date;
  closesAt: Date;
}

export interface AnonymousRepository {
  /** Campaigns of these districts whose instrument asks parents or students, not closed and not past their window at `at`; newest first. */
  anonymousCampaigns(districtIds: readonly string[], at: Date): Promise<AnonymousCampaignRef[]>;
  findLink(token: string): Promise<SurveyLinkRecord | null>;
  findLinkFor(campaignId: string, schoolId: string, audience: AnonymousAudience): Promise<SurveyLinkRecord | null>;
  /** Creates the link; when the school already has one for the campaign and audience, returns that one. */
  createLink(link: Omit<SurveyLinkRecord, "createdAt">, at: Date): Promise<SurveyLinkRecord>;
  listLinks(campaignId: string): Promise<SurveyLinkRecord[]>;
  /** One transaction: every hash of every class becomes a ClassCode, or none (a repeated hash fails the whole call). */
  addClassCodes(
    input: { campaignId: string; schoolId: string; audience: AnonymousAudience; classes: Array<{ classLabel: string; codeHashes: string[] }> },
    at: Date,
  ): Promise<number>;
  findClassCodeByHash(codeHash: string): Promise<ClassCodeRecord | null>;
  getClassCode(id: string): Promise<ClassCodeRecord | null>;
  classCodeCounts(campaignId: string): Promise<ClassCodeCount[]>;
  getSession(accountKey: string): Promise<AnonymousSessionState | null>;
  /**
   * Puts the account on a link (asked for the code) or on a code. A code is on one session at a time:
   * whoever typed it last continues (the code is the secret, not the device).
   */
  putSession(accountKey: string, state: { kind: "link"; token: string } | { kind: "code"; classCodeId: string }, at: Date): Promise<void>;
  deleteSession(accountKey: string): Promise<void>;
  /** Drops sessions still waiting for a code that were opened before `before`. */
  deleteStaleLinkSessions(before: Date): Promise<number>;
}
