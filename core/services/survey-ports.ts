// The one survey store every instrument goes through (#13): chat (Telegram, MAX), the Mini App form,
// the plain web page for anonymous respondents and baseline imports. prisma/survey.ts implements it.
import type { Instrument } from "../instruments/schema.ts";
import type { AnswerValue } from "../survey/answers.ts";
import type { CampaignAudience } from "./campaign-audience.ts";
import type { PersonView } from "./ports.ts";

/** Who answers: a member (by person), or an anonymous respondent (by the class code, never a person). */
export type RespondentRef = { kind: "person"; personId: string } | { kind: "code"; classCodeId: string };

/** Where a response was answered. */
export type ResponseSource = "chat" | "app" | "web" | "import";

export interface SurveyCampaign {
  id: string;
  districtId: string;
  title: string;
  opensAt: Date;
  closesAt: Date;
  /** Closed from a surface: no answer is accepted after it. */
  closedAt: Date | null;
  /** An imported earlier round: never open. */
  baseline: boolean;
  instrumentKey: string;
  instrumentVersion: number;
  instrument: Instrument;
  audience: CampaignAudience;
  remindEveryDays: number;
}

/** Open at `at`: opened, not past its window, not closed, not a baseline. */
export const campaignOpenAt = (campaign: Pick<SurveyCampaign, "opensAt" | "closesAt" | "closedAt" | "baseline">, at: Date): boolean =>
  !campaign.baseline && campaign.opensAt <= at && campaign.closesAt > at && (campaign.closedAt === null || campaign.closedAt > at);

export interface SurveyResponse {
  id: string;
  campaignId: string;
  respondent: RespondentRef;
  cursor: string | null;
  completedAt: Date | null;
  source: ResponseSource;
  answers: Map<string, AnswerValue>;
  /** The last write (an answer or a move): the survey the person is in now is the one touched last. */
  updatedAt?: Date;
}

export interface CompletedResponse {
  responseId: string;
  /** The schools it counts for (ResponseSchool): the member's schools at completion, or the code's school. */
  schoolIds: string[];
  completedAt: Date;
  answers: Map<string, AnswerValue>;
}

export interface SaveAnswerInput {
  campaignId: string;
  respondent: RespondentRef;
  questionId: string;
  answer: AnswerValue;
  cursor: string | null;
  /** Set when this answer completes the response (and kept when an answer is edited afterwards). */
  completedAt: Date | null;
  /** Written to ResponseSchool when the response completes. */
  schoolIds: readonly string[];
  source: ResponseSource;
  at: Date;
}

export interface SurveyStore {
  getCampaign(campaignId: string): Promise<SurveyCampaign | null>;
  /**
   * Campaigns open at `at` (campaignOpenAt) in the districts of the person's active memberships whose
   * audience includes one of those memberships (membershipInAudience), newest first.
   */
  openCampaignsFor(person: PersonView, at: Date): Promise<SurveyCampaign[]>;
  getResponse(campaignId: string, respondent: RespondentRef): Promise<SurveyResponse | null>;
  /**
   * One transaction: creates the response if needed (with `source`), upserts the answer, sets cursor
   * and completion. When the response becomes complete: ResponseSchool rows for `schoolIds`; for a
   * class code also ClassCode.usedAt and the AnonymousSession of that code deleted.
   */
  saveAnswer(input: SaveAnswerInput): Promise<void>;
  setCursor(campaignId: string, respondent: RespondentRef, cursor: string | null): Promise<void>;
  /** Complete responses of the campaign (of one school when given) with their schools and answers. */
  completedResponses(campaignId: string, schoolId?: string): Promise<CompletedResponse[]>;
}
